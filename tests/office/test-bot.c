/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-bot"

#include "desk-bot.h"
#include "desk-demo.h"
#include "store-fixture.h"

#include <locale.h>
#include <string.h>

/* The bot on a real SQLite store: rules as people type, the public
 * knowledge base, hand-off, and what a hostile visitor may send. */

/* 2024-05-01 10:00 UTC, as in test-demo.c. */
#define ANCHOR G_GINT64_CONSTANT (1714557600)

static gint64
add_rule (StoreFixture *fixture,
          const char   *phrases,
          const char   *answer,
          gboolean      suggest_articles,
          gboolean      hand_off,
          int           priority)
{
  g_autoptr (GError) error = NULL;
  DeskBotRule rule = { phrases, answer, suggest_articles, hand_off, priority };
  gint64 id = desk_store_add_bot_rule (fixture->store, &rule, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_article (StoreFixture   *fixture,
             const char     *title,
             const char     *body,
             DeskVisibility  visibility)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskArticle) article = desk_article_new (title, body, visibility);
  gint64 id = desk_store_add_article (fixture->store, article, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static DeskBot *
new_bot (DeskStore *store)
{
  g_autoptr (GError) error = NULL;
  DeskBot *bot = desk_bot_new (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bot);
  return bot;
}

static DeskBotReply *
ask (DeskBot    *bot,
     const char *text)
{
  g_autoptr (GError) error = NULL;
  DeskBotReply *reply = desk_bot_reply (bot, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_nonnull (reply->articles);
  /* The contract: unsure means nothing to say, and nothing to show. */
  if (reply->unsure)
    {
      g_assert_null (reply->answer);
      g_assert_cmpuint (reply->articles->len, ==, 0);
      g_assert_false (reply->hand_off);
    }
  g_assert_cmpuint (reply->articles->len, <=, 3);
  for (guint i = 0; i < reply->articles->len; i++)
    {
      DeskArticle *article = g_ptr_array_index (reply->articles, i);

      g_assert_cmpint (article->visibility, ==, DESK_VISIBILITY_PUBLIC);
      g_assert_cmpint (article->id, >, 0);
      g_assert_nonnull (article->title);
    }
  return reply;
}

static void
assert_answer (DeskBot    *bot,
               const char *text,
               const char *expected)
{
  g_autoptr (DeskBotReply) reply = ask (bot, text);

  g_test_message ("%s → %s", text, reply->answer ? reply->answer : "(none)");
  g_assert_cmpstr (reply->answer, ==, expected);
  g_assert_false (reply->hand_off);
  g_assert_false (reply->unsure);
}

static void
assert_unsure (DeskBot    *bot,
               const char *text)
{
  g_autoptr (DeskBotReply) reply = ask (bot, text);

  g_test_message ("%s → %s", text, reply->answer ? reply->answer : "(unsure)");
  g_assert_true (reply->unsure);
}

static void
assert_hand_off (DeskBot    *bot,
                 const char *text)
{
  g_autoptr (DeskBotReply) reply = ask (bot, text);

  g_test_message ("%s → hand-off: %s", text, reply->answer ? reply->answer : "(none)");
  g_assert_true (reply->hand_off);
  g_assert_false (reply->unsure);
  g_assert_nonnull (reply->answer);
  g_assert_cmpuint (reply->articles->len, ==, 0);
}

static gboolean
has_article (DeskBotReply *reply,
             gint64        id)
{
  for (guint i = 0; i < reply->articles->len; i++)
    if (((DeskArticle *) g_ptr_array_index (reply->articles, i))->id == id)
      return TRUE;
  return FALSE;
}

/* Rules */

static void
test_match_ukrainian (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;

  add_rule (fixture, "тариф\nціна\nскільки коштує", "TARIFF", FALSE, FALSE, 5);
  add_rule (fixture, "не працює інтернет\nнемає інтернету", "OUTAGE", FALSE, FALSE, 5);
  add_rule (fixture, "зв'язок", "LINK", FALSE, FALSE, 5);
  add_rule (fixture, "людина у відпустці\nрахунок", "ACCOUNT", FALSE, FALSE, 5);
  bot = new_bot (fixture->store);

  /* Case, punctuation and inflections. */
  assert_answer (bot, "тариф", "TARIFF");
  assert_answer (bot, "Які у вас ТАРИФИ???", "TARIFF");
  assert_answer (bot, "Порівняйте, будь ласка, вартість тарифів.", "TARIFF");
  assert_answer (bot, "А яка ціна?", "TARIFF");
  assert_answer (bot, "...по ціні не підкажете...", "TARIFF");
  assert_answer (bot, "Скільки коштуватиме підключення", "TARIFF");
  /* The words of a phrase in another order, with a word among them. */
  assert_answer (bot, "У мене не працює інтернет!", "OUTAGE");
  assert_answer (bot, "Інтернет з ранку не працює", "OUTAGE");
  assert_answer (bot, "не працює вдома інтернет", "OUTAGE");
  assert_answer (bot, "Немає інтернету.", "OUTAGE");
  /* Any apostrophe, or none; Ukrainian vowel changes at the end. */
  assert_answer (bot, "Поганий звʼязок", "LINK");
  assert_answer (bot, "немає зв’язку", "LINK");
  assert_answer (bot, "Немає ЗВЯЗКУ", "LINK");
  assert_answer (bot, "номер рахунку", "ACCOUNT");
  /* Latin letters typed inside a Cyrillic word (a, i). */
  assert_answer (bot, "тaрифи", "TARIFF");
  assert_answer (bot, "цiна", "TARIFF");

  /* Short words are whole words: "не" is not "немає"; a phrase needs all
   * its words, close together. */
  assert_unsure (bot, "інтернет працює, немає телебачення");
  assert_unsure (bot, "інтернет чудово працює");
  assert_unsure (bot, "не треба мені нічого, все працює, дякую за інтернет");
  assert_unsure (bot, "тар");
}

static void
test_match_russian (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;

  add_rule (fixture, "не работает интернет\nнет интернета\nпропал интернет", "OUTAGE", FALSE,
            FALSE, 8);
  add_rule (fixture, "счёт\nоплата", "BILL", FALSE, FALSE, 5);
  add_rule (fixture, "режим работы", "HOURS", FALSE, FALSE, 5);
  bot = new_bot (fixture->store);

  assert_answer (bot, "Здравствуйте, у меня не работает интернет!!!", "OUTAGE");
  assert_answer (bot, "Интернет не работает", "OUTAGE");
  assert_answer (bot, "НЕТ ИНТЕРНЕТА с утра", "OUTAGE");
  assert_answer (bot, "пропал интернет", "OUTAGE");
  assert_answer (bot, "Пришёл счет, не понимаю", "BILL");
  assert_answer (bot, "пришел счёт", "BILL");
  assert_answer (bot, "Как оплатить по счету?", "BILL");
  assert_answer (bot, "Оплату не видно", "BILL");
  assert_answer (bot, "Какой у вас режим работы?", "HOURS");
  assert_answer (bot, "режиме работы", "HOURS");

  assert_unsure (bot, "интернет работает отлично");
  assert_unsure (bot, "нетерпеливо жду интернета");
}

static void
test_match_english (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;

  add_rule (fixture, "price\nhow much", "PRICE", FALSE, FALSE, 5);
  add_rule (fixture, "opening hours\nwhen are you open", "HOURS", FALSE, FALSE, 5);
  add_rule (fixture, "Wi-Fi password", "WIFI", FALSE, FALSE, 5);
  bot = new_bot (fixture->store);

  assert_answer (bot, "What's the PRICE?", "PRICE");
  assert_answer (bot, "your prices, please", "PRICE");
  assert_answer (bot, "How much is the 1 Gbit plan?!", "PRICE");
  assert_answer (bot, "Opening hours on Saturday?", "HOURS");
  assert_answer (bot, "When are you open", "HOURS");
  assert_answer (bot, "I forgot the Wi-Fi password", "WIFI");

  assert_unsure (bot, "much ado about nothing");
  assert_unsure (bot, "a precise place");
}

static void
test_priority (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;

  add_rule (fixture, "інтернет", "LOW", FALSE, FALSE, 1);
  add_rule (fixture, "не працює інтернет", "HIGH", FALSE, FALSE, 8);
  add_rule (fixture, "оплата", "PAY", FALSE, FALSE, 5);
  add_rule (fixture, "оплата карткою", "PAY-CARD", FALSE, FALSE, 5);
  /* A longer phrase of a lower priority loses. */
  add_rule (fixture, "оплата карткою через термінал", "PAY-LOW", FALSE, FALSE, 2);
  bot = new_bot (fixture->store);

  assert_answer (bot, "Не працює інтернет", "HIGH");
  assert_answer (bot, "Швидкий інтернет", "LOW");
  /* Same priority: the longest matching phrase. */
  assert_answer (bot, "оплата", "PAY");
  assert_answer (bot, "Оплата карткою пройшла?", "PAY-CARD");
  assert_answer (bot, "оплата карткою через термінал", "PAY-CARD");
  assert_answer (bot, "Не працює інтернет, а оплата карткою пройшла", "HIGH");
}

static void
test_hand_off (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskBot) bot = new_bot (fixture->store);
  g_autoptr (DeskBotReply) reply = NULL;
  static const char * const asks[] = {
    "оператор", "Можна поговорити з оператором?", "Не допомогло, з'єднайте з людиною",
    "покличте живу людину", "хочу з живим консультантом", "ЛЮДИНА!!!",
    "Можно с оператором?", "Не помогло, соедините с человеком", "дайте живого специалиста",
    "I want to talk to a human", "Can I speak to a real PERSON?", "operator please",
    "agent", "Get me a representative.",
  };
  static const char * const not_asks[] = {
    "я живу в Києві", "I live in Kyiv", "my personal account", "человечность",
  };

  /* Built in, with no rule at all. */
  for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
    assert_hand_off (bot, asks[i]);
  for (guint i = 0; i < G_N_ELEMENTS (not_asks); i++)
    {
      g_autoptr (DeskBotReply) other = ask (bot, not_asks[i]);

      g_assert_false (other->hand_off);
    }
  reply = ask (bot, "оператор");
  g_assert_cmpstr (reply->answer, ==, "Connecting you with an operator, please wait.");
  g_clear_pointer (&reply, desk_bot_reply_free);

  /* By rule, and in the office's words once it has a hand-off rule. */
  add_rule (fixture, "скарга\nжалоба\ncomplaint", "COMPLAINT", FALSE, TRUE, 3);
  add_rule (fixture, "оператор\nживий", "HAND-OFF", FALSE, TRUE, 10);
  add_rule (fixture, "тариф", "TARIFF", TRUE, FALSE, 20);
  g_assert_true (desk_bot_reload (bot, NULL));
  assert_hand_off (bot, "У мене скарга на майстра");
  reply = ask (bot, "Хочу подати СКАРГУ");
  g_assert_cmpstr (reply->answer, ==, "COMPLAINT");
  g_clear_pointer (&reply, desk_bot_reply_free);
  reply = ask (bot, "живий є хтось?");
  g_assert_true (reply->hand_off);
  g_assert_cmpstr (reply->answer, ==, "HAND-OFF");
  g_clear_pointer (&reply, desk_bot_reply_free);
  reply = ask (bot, "соедините с человеком");
  g_assert_true (reply->hand_off);
  g_assert_cmpstr (reply->answer, ==, "HAND-OFF");
  g_clear_pointer (&reply, desk_bot_reply_free);
  /* Asking for a person wins over a rule of a higher priority. */
  reply = ask (bot, "тариф не зрозумів, дайте людину");
  g_assert_true (reply->hand_off);
  g_assert_cmpstr (reply->answer, ==, "HAND-OFF");
}

/* Knowledge base */

static void
test_articles (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;
  g_autoptr (DeskBotReply) reply = NULL;
  gint64 change, tariffs, social, router;

  change = add_article (fixture, "Як змінити тариф",
                        "Змінити тариф можна в особистому кабінеті або в чаті. Новий тариф "
                        "діє з наступного дня.", DESK_VISIBILITY_PUBLIC);
  tariffs = add_article (fixture, "Тарифи на домашній інтернет",
                         "Старт, Оптимальний і Гігабіт Дім: швидкість і ціни.",
                         DESK_VISIBILITY_PUBLIC);
  social = add_article (fixture, "Соціальний тариф для пільговиків",
                        "Внутрішня процедура: як перевести пільговика на соціальний тариф.",
                        DESK_VISIBILITY_INTERNAL);
  router = add_article (fixture, "Налаштування роутера TP-Link",
                        "Оберіть тип підключення «Динамічна IP-адреса».", DESK_VISIBILITY_PUBLIC);
  add_rule (fixture, "тариф", "TARIFF", TRUE, FALSE, 5);
  add_rule (fixture, "роутер", "ROUTER", FALSE, FALSE, 5);
  bot = new_bot (fixture->store);

  /* A rule that suggests articles: its answer, and the articles. */
  reply = ask (bot, "Як змінити тариф?");
  g_assert_cmpstr (reply->answer, ==, "TARIFF");
  g_assert_cmpuint (reply->articles->len, >=, 1);
  g_assert_cmpint (((DeskArticle *) reply->articles->pdata[0])->id, ==, change);
  g_assert_false (has_article (reply, social));
  g_clear_pointer (&reply, desk_bot_reply_free);

  reply = ask (bot, "соціальний тариф");
  g_assert_cmpstr (reply->answer, ==, "TARIFF");
  g_assert_false (has_article (reply, social));
  g_clear_pointer (&reply, desk_bot_reply_free);

  /* A rule that does not: its answer alone. */
  reply = ask (bot, "Налаштування роутера");
  g_assert_cmpstr (reply->answer, ==, "ROUTER");
  g_assert_cmpuint (reply->articles->len, ==, 0);
  g_clear_pointer (&reply, desk_bot_reply_free);

  /* No rule: the articles, with words of their own. */
  reply = ask (bot, "Оберіть тип підключення динамічна адреса — це як?");
  g_assert_nonnull (reply->answer);
  g_assert_false (reply->unsure);
  g_assert_true (has_article (reply, router));
  g_clear_pointer (&reply, desk_bot_reply_free);

  reply = ask (bot, "домашній інтернет, швидкість");
  g_assert_true (has_article (reply, tariffs));
  g_clear_pointer (&reply, desk_bot_reply_free);

  /* A rule with no answer of its own: the articles, or nobody knows. */
  add_rule (fixture, "змінити", "  ", TRUE, FALSE, 9);
  g_assert_true (desk_bot_reload (bot, NULL));
  reply = ask (bot, "змінити тариф");
  g_assert_cmpstr (reply->answer, ==, "These articles may answer your question:");
  g_assert_true (has_article (reply, change));
  g_clear_pointer (&reply, desk_bot_reply_free);
  assert_unsure (bot, "піца з доставкою");

  /* Words only an internal article holds: nothing to show a visitor. */
  assert_unsure (bot, "я пільговик, що мені положено?");
  assert_unsure (bot, "внутрішня процедура пільговика");
  /* One common word of a long question is not an answer. */
  assert_unsure (bot, "Чи можна замовити піцу з доставкою на наступного дня?");
}

static void
test_unsure (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;

  add_article (fixture, "Способи оплати послуг", "Приват24, monobank, термінал.",
               DESK_VISIBILITY_PUBLIC);
  add_rule (fixture, "привіт", "HELLO", FALSE, FALSE, 1);
  bot = new_bot (fixture->store);

  assert_unsure (bot, "Розкажіть анекдот про погоду");
  assert_unsure (bot, "asdfgh qwerty");
  assert_unsure (bot, "42");
  assert_answer (bot, "Привіт!", "HELLO");
}

static void
test_greeting (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskBot) bot = new_bot (fixture->store);
  g_autofree char *standard = desk_bot_dup_greeting (bot);
  g_autofree char *own = NULL;
  g_autofree char *blank = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (standard);
  g_assert_cmpstr (standard, !=, "");
  g_assert_true (g_utf8_validate (standard, -1, NULL));

  g_assert_true (desk_store_set_setting (fixture->store, "bot-greeting",
                                         "Вітаю! Я помічник «Соняшник Телеком».", &error));
  g_assert_no_error (error);
  own = desk_bot_dup_greeting (bot);
  g_assert_cmpstr (own, ==, "Вітаю! Я помічник «Соняшник Телеком».");

  g_assert_true (desk_store_set_setting (fixture->store, "bot-greeting", "  ", &error));
  blank = desk_bot_dup_greeting (bot);
  g_assert_cmpstr (blank, ==, standard);
}

static void
test_disabled_and_reload (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  gint64 off;
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  off = add_rule (fixture, "тариф", "OFF", FALSE, FALSE, 9);
  add_rule (fixture, "тариф\nціна", "ON", FALSE, FALSE, 1);
  add_rule (fixture, "", "EMPTY", FALSE, FALSE, 99);
  add_rule (fixture, "\n  \n?!", "PUNCTUATION", FALSE, FALSE, 99);

  /* Disabled by the server window, which writes the table directly. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE bot_rules SET enabled = 0 WHERE id = %" G_GINT64_FORMAT, off);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  rules = desk_store_list_bot_rules (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 3);
  for (guint i = 0; i < rules->len; i++)
    g_assert_cmpint (((DeskBotRuleInfo *) rules->pdata[i])->id, !=, off);
  /* By priority, the highest first. */
  g_assert_cmpint (((DeskBotRuleInfo *) rules->pdata[0])->priority, ==, 99);
  g_assert_cmpint (((DeskBotRuleInfo *) rules->pdata[2])->priority, ==, 1);
  g_assert_cmpstr (((DeskBotRuleInfo *) rules->pdata[2])->phrases, ==, "тариф\nціна");
  g_assert_cmpstr (((DeskBotRuleInfo *) rules->pdata[2])->answer, ==, "ON");

  bot = new_bot (fixture->store);
  assert_answer (bot, "тарифи", "ON");
  assert_unsure (bot, "?!");

  /* Enabled again, and a new rule: seen after a reload, not before. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE bot_rules SET enabled = 1", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  add_rule (fixture, "роутер", "ROUTER", FALSE, FALSE, 1);
  assert_answer (bot, "тарифи", "ON");
  g_assert_true (desk_bot_reload (bot, &error));
  g_assert_no_error (error);
  assert_answer (bot, "тарифи", "OFF");
  assert_answer (bot, "роутер", "ROUTER");
  sqlite3_close (db);
}

/* Hostile input */

static void
test_hostile (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr (DeskBot) bot = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) huge = g_string_new (NULL);
  g_autoptr (GString) word = g_string_new (NULL);
  g_autoptr (GString) marks = g_string_new ("т");
  DeskBotReply *reply;
  static const char * const fts[] = {
    "\"*OR(", "тариф\" OR \"*", "NEAR(тариф роутер)", "тариф*", "^тариф", "\"", "''", "*",
    "роутер AND NOT тариф", "title:тариф", "{title}: тариф", "тариф -роутер", "\\", "%_%",
    "'; DROP TABLE bot_rules; --", "\x01\x02\x03", "тариф\u200bроутер", "\u202eфират",
  };
  static const char * const broken[] = {
    "\xff\xfe", "тариф \xd1", "\xc0\xaf", "\xed\xa0\x80", "ok \xf4\x90\x80\x80",
  };

  add_article (fixture, "Як змінити тариф", "Змінити тариф можна в кабінеті.",
               DESK_VISIBILITY_PUBLIC);
  add_rule (fixture, "тариф", "TARIFF", TRUE, FALSE, 5);
  add_rule (fixture, "\"*OR(\nNEAR(\n'", "WEIRD", TRUE, FALSE, 1);
  bot = new_bot (fixture->store);

  /* Nothing at all. */
  assert_unsure (bot, "");
  assert_unsure (bot, "   \n\t  ");
  assert_unsure (bot, "?!.,;:«»—…");

  /* FTS and SQL syntax is text like any other. */
  for (guint i = 0; i < G_N_ELEMENTS (fts); i++)
    {
      g_autoptr (DeskBotReply) r = ask (bot, fts[i]);

      g_test_message ("%s → %s", fts[i], r->answer ? r->answer : "(unsure)");
    }
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM bot_rules"), ==, 2);

  /* Not UTF-8: a clear error. */
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      reply = desk_bot_reply (bot, broken[i], &error);
      g_assert_null (reply);
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }

  /* A megabyte of words, of one word, and of combining marks. */
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "Добрий день! Який у вас тариф, ціна, швидкість? ");
  reply = desk_bot_reply (bot, huge->str, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->answer, ==, "TARIFF");
  desk_bot_reply_free (reply);

  while (word->len < 1024 * 1024)
    g_string_append (word, "абвгдґеєжзиіїй");
  reply = desk_bot_reply (bot, word->str, &error);
  g_assert_no_error (error);
  g_assert_true (reply->unsure);
  desk_bot_reply_free (reply);

  while (marks->len < 1024 * 1024)
    g_string_append (marks, "\u0301\u0308");
  reply = desk_bot_reply (bot, marks->str, &error);
  g_assert_no_error (error);
  desk_bot_reply_free (reply);

  /* Where a long text is cut, a character is not. */
  g_string_assign (huge, "");
  while (huge->len < 16 * 1024 - 1)
    g_string_append_c (huge, huge->len % 2 ? ' ' : 'a');
  g_string_append (huge, "їїї тариф");
  reply = desk_bot_reply (bot, huge->str, &error);
  g_assert_no_error (error);
  desk_bot_reply_free (reply);
}

/* The demo office: the questions its visitors ask */

typedef struct
{
  char *dir;
  DeskStore *store;
} Demo;

static void
demo_setup (Demo          *demo,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  demo->dir = desk_test_tmpdir_new ("desk-bot-demo");
  path = g_build_filename (demo->dir, "office.db", NULL);
  demo->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  g_assert_true (desk_demo_seed (demo->store, ANCHOR, &error));
  g_assert_no_error (error);
}

static void
demo_teardown (Demo          *demo,
               gconstpointer  data)
{
  desk_sqlite_store_close (DESK_SQLITE_STORE (demo->store));
  g_clear_object (&demo->store);
  desk_test_tmpdir_free (demo->dir);
}

static gboolean
first_title_contains (DeskBotReply *reply,
                      const char   *word)
{
  g_autofree char *title = NULL;

  if (reply->articles->len == 0)
    return FALSE;
  title = g_utf8_casefold (((DeskArticle *) reply->articles->pdata[0])->title, -1);
  return strstr (title, word) != NULL;
}

static void
log_reply (const char   *text,
           DeskBotReply *reply)
{
  g_test_message ("%s → %s%s%s", text, reply->answer ? reply->answer : "(unsure)",
                  reply->hand_off ? " [hand-off]" : "", reply->unsure ? " [unsure]" : "");
  for (guint i = 0; i < reply->articles->len; i++)
    g_test_message ("    %s", ((DeskArticle *) reply->articles->pdata[i])->title);
}

static void
test_demo (Demo          *demo,
           gconstpointer  data)
{
  g_autoptr (DeskBot) bot = new_bot (demo->store);
  static const struct {
    const char *text;
    const char *answer_has;   /* NULL: no answer (unsure) */
    gboolean hand_off;
    const char *title_has;    /* the first article's title holds this, or NULL */
  } questions[] = {
    { "Добрий день!", "Вітаю", FALSE, NULL },
    { "Здравствуйте", "Вітаю", FALSE, NULL },
    { "У мене з ранку не працює інтернет", "роутер", FALSE, "інтернет" },
    { "Интернет не работает уже час", "роутер", FALSE, "интернет" },
    { "Пропал интернет!!", "роутер", FALSE, NULL },
    { "Скільки коштують ваші тарифи?", "Гігабіт", FALSE, "тариф" },
    { "Хочу перейти на швидший тариф, скільки це коштує?", "Гігабіт", FALSE, "тариф" },
    { "Сколько стоит гигабит?", "Гігабіт", FALSE, NULL },
    { "Як оплатити?", "Приват24", FALSE, "оплат" },
    { "Где посмотреть баланс", "Баланс", FALSE, NULL },
    { "Коли ви працюєте у вихідні?", "9:00", FALSE, NULL },
    { "Режим работы?", "9:00", FALSE, NULL },
    { "Приставка пише «Немає сигналу»", "HDMI", FALSE, "сигнал" },
    { "Можна поговорити з оператором?", "оператор", TRUE, NULL },
    { "Не допомогло, з'єднайте з людиною", "оператор", TRUE, NULL },
    { "Не помогло, соедините с человеком", "оператор", TRUE, NULL },
    { "Как сменить пароль Wi-Fi?", "", FALSE, "пароль wi-fi" },
    { "Як змінити пароль Wi-Fi", "", FALSE, "пароль wi-fi" },
    { "Як налаштувати роутер TP-Link?", "", FALSE, "tp-link" },
    { "Слабкий сигнал вайфаю в спальні", "", FALSE, "слабкий сигнал wi-fi" },
    { "Чому увечері низька швидкість?", "", FALSE, "швидк" },
    { "Почему вечером падает скорость", "", FALSE, "скорост" },
    { "Розкажіть анекдот про кота", NULL, FALSE, NULL },
    { "Дякую, все працює!", NULL, FALSE, NULL },
    { "Спасибо, всё работает!", NULL, FALSE, NULL },
    { "Do you sell pizza?", NULL, FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_autoptr (DeskBotReply) reply = ask (bot, questions[i].text);

      log_reply (questions[i].text, reply);
      if (questions[i].answer_has == NULL)
        {
          g_assert_true (reply->unsure);
          continue;
        }
      g_assert_false (reply->unsure);
      g_assert_nonnull (reply->answer);
      g_assert_nonnull (strstr (reply->answer, questions[i].answer_has));
      g_assert_cmpint (reply->hand_off, ==, questions[i].hand_off);
      if (questions[i].title_has != NULL)
        g_assert_true (first_title_contains (reply, questions[i].title_has));
    }

  /* Internal articles hold words no public one does: never shown. */
  {
    static const char * const internal[] = {
      "Скрипт діагностики лінії для операторів", "Перевірка стану ONU в системі моніторингу",
      "Перерахунок абонплати за час аварії", "Ескалація звернень керівнику зміни",
      "Призупинення послуг і соціальний тариф", "Как узнать об авариях и плановых работах",
    };

    for (guint i = 0; i < G_N_ELEMENTS (internal); i++)
      {
        g_autoptr (DeskBotReply) reply = ask (bot, internal[i]);

        log_reply (internal[i], reply);
        for (guint a = 0; a < reply->articles->len; a++)
          g_assert_cmpstr (((DeskArticle *) reply->articles->pdata[a])->title, !=, internal[i]);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  STORE_TEST ("/desk/office/bot/match/uk", test_match_ukrainian);
  STORE_TEST ("/desk/office/bot/match/ru", test_match_russian);
  STORE_TEST ("/desk/office/bot/match/en", test_match_english);
  STORE_TEST ("/desk/office/bot/priority", test_priority);
  STORE_TEST ("/desk/office/bot/hand-off", test_hand_off);
  STORE_TEST ("/desk/office/bot/articles", test_articles);
  STORE_TEST ("/desk/office/bot/unsure", test_unsure);
  STORE_TEST ("/desk/office/bot/greeting", test_greeting);
  STORE_TEST ("/desk/office/bot/disabled", test_disabled_and_reload);
  STORE_TEST ("/desk/office/bot/hostile", test_hostile);
  g_test_add ("/desk/office/bot/demo", Demo, NULL, demo_setup, test_demo, demo_teardown);

  return g_test_run ();
}
