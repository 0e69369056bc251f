/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-demo"

#include "desk-i18n.h"
#include "desk-demo-private.h"
#include "desk-error.h"
#include "desk-phone.h"

/* The demo office's clients, and its knowledge base and news. */

/* Numbers and names */

static const char *
new_number (Demo       *d,
            gboolean    landline,
            GError    **error)
{
  static const char * const mobile[] = {
    "50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73", "93", NULL
  };

  for (guint tries = 0; tries < 1000; tries++)
    {
      const char *code = landline ? "44" : pick (d, mobile);
      int first = rnd (d, 2, landline ? 5 : 9);
      int rest = rnd (d, 0, 999999);
      g_autofree char *e164 = NULL;
      char raw[24];

      g_snprintf (raw, sizeof raw, "+380%s%d%06d", code, first, rest);
      if (g_hash_table_contains (d->numbers, raw))
        continue;
      /* Only numbers that the numbering plan accepts are handed out. */
      e164 = desk_phone_normalize (raw, "UA", NULL);
      if (g_strcmp0 (e164, raw) == 0)
        {
          const char *kept = keep (d, raw);
          g_hash_table_add (d->numbers, (gpointer) kept);
          return kept;
        }
    }
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                       _("No valid phone number could be made for the demo office"));
  return NULL;
}

/* Latin letters for e-mail addresses, after the national transliterations. */
void
_desk_demo_translit (const char *text,
                     DemoLang    lang,
                     GString    *out)
{
  static const struct { gunichar c; const char *uk; const char *ru; } table[] = {
    { 0x430, "a", "a" }, { 0x431, "b", "b" }, { 0x432, "v", "v" }, { 0x433, "h", "g" },
    { 0x491, "g", "g" }, { 0x434, "d", "d" }, { 0x435, "e", "e" }, { 0x454, "ie", "e" },
    { 0x451, "e", "e" }, { 0x436, "zh", "zh" }, { 0x437, "z", "z" }, { 0x438, "y", "i" },
    { 0x456, "i", "i" }, { 0x457, "i", "i" }, { 0x439, "i", "y" }, { 0x43a, "k", "k" },
    { 0x43b, "l", "l" }, { 0x43c, "m", "m" }, { 0x43d, "n", "n" }, { 0x43e, "o", "o" },
    { 0x43f, "p", "p" }, { 0x440, "r", "r" }, { 0x441, "s", "s" }, { 0x442, "t", "t" },
    { 0x443, "u", "u" }, { 0x444, "f", "f" }, { 0x445, "kh", "kh" }, { 0x446, "ts", "ts" },
    { 0x447, "ch", "ch" }, { 0x448, "sh", "sh" }, { 0x449, "shch", "shch" },
    { 0x44b, "y", "y" }, { 0x44d, "e", "e" }, { 0x44e, "iu", "yu" }, { 0x44f, "ia", "ya" },
  };

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (out, (char) c);
      for (guint i = 0; i < G_N_ELEMENTS (table); i++)
        if (table[i].c == c)
          g_string_append (out, lang == DEMO_LANG_UK ? table[i].uk : table[i].ru);
    }
}

typedef struct
{
  const char *full;
  const char *first;
  const char *surname;
} PersonName;

static PersonName
person_name (Demo            *d,
             DemoLang         lang,
             gboolean         female,
             const DemoPair  *surname)
{
  const DemoNames *names = &_desk_demo_names[lang];
  const DemoPair *patronymic;
  guint n = 0;
  PersonName name;

  if (surname == NULL)
    {
      while (names->surnames[n].male)
        n++;
      surname = &names->surnames[rnd (d, 0, n - 1)];
    }
  for (n = 0; names->patronymics[n].male; n++)
    ;
  patronymic = &names->patronymics[rnd (d, 0, n - 1)];
  name.first = pick (d, female ? names->female : names->male);
  name.surname = female ? surname->female : surname->male;
  /* As Ukrainian records write a person: surname, name, patronymic. */
  name.full = _desk_demo_keepf (d, "%s %s %s", name.surname, name.first,
                                female ? patronymic->female : patronymic->male);
  return name;
}

static const char *
person_email (Demo             *d,
              DemoLang          lang,
              const PersonName *name,
              const char       *domain)
{
  g_autoptr (GString) mail = g_string_new (NULL);

  _desk_demo_translit (name->first, lang, mail);
  g_string_append_c (mail, '.');
  _desk_demo_translit (name->surname, lang, mail);
  if (domain == NULL && chance (d, 50))
    g_string_append_printf (mail, "%d", rnd (d, 70, 99));   /* a year of birth */
  g_string_append_printf (mail, "@%s", domain ? domain : pick (d, _desk_demo_mail_domains));
  return keep (d, mail->str);
}

/* Clients */

static gboolean
add_client (Demo        *d,
            DeskClient  *client,
            DemoClient  *plan,
            GError     **error)
{
  client->created_at = d->setup_at;
  CHECK (check_id (plan->id = desk_store_add_client (d->store, d->owner_id, client, error)));
  plan->name = keep (d, client->name);
  plan->last_case = -1;
  g_array_append_val (d->clients, *plan);
  return TRUE;
}

/* What a caller may identify by: the account, the contract, the equipment. */
static void
add_person_assets (Demo       *d,
                   DeskClient *client,
                   guint       serial)
{
  int year, seq;

  seq = rnd (d, 0, 9);
  desk_client_add_asset (client, DESK_ASSET_KIND_ACCOUNT,
                         _desk_demo_keepf (d, "%u", 4100000 + serial * 10 + seq),
                         "Особовий рахунок");
  if (chance (d, 70))
    {
      year = rnd (d, 17, 24);
      seq = rnd (d, 0, 2);
      desk_client_add_asset (client, DESK_ASSET_KIND_CONTRACT,
                             _desk_demo_keepf (d, "KV-%02d-%05u", year, 1000 + serial * 3 + seq),
                             NULL);
    }
  if (chance (d, 60))
    desk_client_add_asset (client, DESK_ASSET_KIND_DEVICE,
                           _desk_demo_keepf (d, "HWTC%08X", g_rand_int (d->rand)),
                           "ONU Huawei EG8141A5");
  if (chance (d, 25))
    desk_client_add_asset (client, DESK_ASSET_KIND_DEVICE,
                           _desk_demo_keepf (d, "22%010u", g_rand_int (d->rand)),
                           "Роутер TP-Link Archer C6");
  if (chance (d, 35))
    desk_client_add_asset (client, DESK_ASSET_KIND_CARD,
                           _desk_demo_keepf (d, "7000%08d", rnd (d, 0, 99999999)),
                           "Картка ТБ-приставки");
}

/* Organisations first, each with the staff who call on its behalf. Staff
 * share the organisation's contract: a lookup by it finds them all. */
static gboolean
seed_organizations (Demo    *d,
                    GError **error)
{
  guint n = 0;

  for (const DemoOrganization *org = _desk_demo_organizations; org->name; org++, n++)
    {
      g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_ORGANIZATION, org->name);
      DemoClient plan = { .first_name = org->name, .organization = TRUE };
      const char *contract = _desk_demo_keepf (d, "KVB-%04u", 100 + n * 17);
      const char *domain = _desk_demo_keepf (d, "%s.com.ua", org->slug);
      guint n_staff = n < 12 ? rnd (d, 1, 3) : 0;
      int seq = rnd (d, 0, 9);

      plan.lang = g_str_has_prefix (org->name, "ООО") ? DEMO_LANG_RU : DEMO_LANG_UK;
      if (!(plan.e164 = new_number (d, chance (d, 70), error)))
        return FALSE;
      desk_client_add_phone (client, plan.e164, "офіс");
      desk_client_add_email (client, _desk_demo_keepf (d, "info@%s", domain));
      desk_client_add_asset (client, DESK_ASSET_KIND_ACCOUNT,
                             _desk_demo_keepf (d, "%u", 4900000 + n * 10 + seq),
                             "Особовий рахунок");
      desk_client_add_asset (client, DESK_ASSET_KIND_CONTRACT, contract, "Бізнес-договір");
      client->vip = plan.vip = n % 8 == 0;
      if (chance (d, 50))
        client->note = g_strdup (pick (d, _desk_demo_org_notes));
      CHECK (add_client (d, client, &plan, error));

      for (guint s = 0; s < n_staff; s++)
        {
          PersonName name = person_name (d, plan.lang, chance (d, 50), NULL);
          g_autoptr (DeskClient) person = desk_client_new (DESK_CLIENT_KIND_PERSON, name.full);
          DemoClient staff = { .lang = plan.lang, .first_name = name.first };

          if (!(staff.e164 = new_number (d, FALSE, error)))
            return FALSE;
          desk_client_add_phone (person, staff.e164, "мобільний");
          if (chance (d, 60))
            desk_client_add_email (person, person_email (d, plan.lang, &name, domain));
          desk_client_add_asset (person, DESK_ASSET_KIND_CONTRACT, contract, "Договір організації");
          person->organization_id = plan.id;
          CHECK (add_client (d, person, &staff, error));
        }
    }
  return TRUE;
}

gboolean
_desk_demo_seed_clients (Demo    *d,
                         GError **error)
{
  guint serial = 0;
  int vip_left = 5;

  CHECK (seed_organizations (d, error));

  /* Households: the first ten are families who share the flat's landline, so
   * that a call from it matches them all; the rest are people on their own. */
  for (guint f = 0; d->clients->len < DEMO_N_CLIENTS; f++)
    {
      DemoLang lang = chance (d, 65) ? DEMO_LANG_UK : DEMO_LANG_RU;
      const DemoNames *names = &_desk_demo_names[lang];
      guint n_surnames = 0, members = f < 10 ? rnd (d, 2, 3) : 1;
      const DemoPair *surname;
      const char *landline = NULL;
      const char *street = pick (d, _desk_demo_streets);
      int house = rnd (d, 1, 120);
      int flat = rnd (d, 1, 250);

      while (names->surnames[n_surnames].male)
        n_surnames++;
      surname = &names->surnames[rnd (d, 0, n_surnames - 1)];
      if (members > 1 && !(landline = new_number (d, TRUE, error)))
        return FALSE;

      for (guint m = 0; m < members && d->clients->len < DEMO_N_CLIENTS; m++)
        {
          gboolean female = m == 0 ? chance (d, 50) : m % 2 == 1;
          PersonName name = person_name (d, lang, female, surname);
          g_autoptr (DeskClient) person = desk_client_new (DESK_CLIENT_KIND_PERSON, name.full);
          DemoClient plan = { .lang = lang, .first_name = name.first, .landline = landline };

          if (landline == NULL || m == 0 || chance (d, 70))
            {
              if (!(plan.e164 = new_number (d, FALSE, error)))
                return FALSE;
              desk_client_add_phone (person, plan.e164, "мобільний");
            }
          if (landline)
            desk_client_add_phone (person, landline, "домашній");
          if (plan.e164 == NULL)
            plan.e164 = landline;
          if (chance (d, 50))
            desk_client_add_email (person, person_email (d, lang, &name, NULL));
          /* One account per flat, held by the first member. */
          if (m == 0)
            add_person_assets (d, person, serial++);
          if (m == 0 && chance (d, 55))
            person->note = g_strdup_printf ("Адреса підключення: %s, %d, кв. %d", street, house,
                                            flat);
          else if (chance (d, 12))
            person->note = g_strdup (pick (d, _desk_demo_person_notes));
          if (vip_left > 0 && m == 0 && f % 23 == 5)
            {
              person->vip = plan.vip = TRUE;
              vip_left--;
            }
          CHECK (add_client (d, person, &plan, error));
        }
    }

  /* Numbers of callers who are not clients (yet), some of whom call twice. */
  for (guint i = 0; i < 90; i++)
    {
      const char *number = new_number (d, chance (d, 15), error);
      if (number == NULL)
        return FALSE;
      g_ptr_array_add (d->strangers, (gpointer) number);
    }
  return TRUE;
}

/* Knowledge base and news */

static guint
count_words (const char *text)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = text; *p; p++)
    {
      gboolean space = g_ascii_isspace (*p);
      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

/* Paragraphs of the article's topic, starting with a different one for each
 * article on it, then a closing: 150 to 400 words, as real articles run. */
static char *
article_body (Demo              *d,
              const DemoArticle *article,
              guint              nth)
{
  const char * const *pool = _desk_demo_paragraphs[article->lang][article->topic];
  const char *closing = article->visibility == DESK_VISIBILITY_INTERNAL
                        ? pick (d, _desk_demo_internal_closings)
                        : pick (d, _desk_demo_closings[article->lang]);
  guint n = count_strv (pool), order[8], words = count_words (closing);
  GString *body = g_string_new (NULL);

  g_assert (n <= G_N_ELEMENTS (order));
  for (guint i = 0; i < n; i++)
    order[i] = (i + nth) % n;
  for (guint i = n - 1; i > 1; i--)
    {
      guint j = rnd (d, 1, i), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  for (guint i = 0; i < n; i++)
    {
      guint w = count_words (pool[order[i]]);
      if (words + w > 400 || (words >= 180 && chance (d, 40)))
        break;
      g_string_append_printf (body, "%s\n\n", pool[order[i]]);
      words += w;
    }
  g_string_append (body, closing);
  return g_string_free (body, FALSE);
}

/* The operators' canned answers: the moments every conversation has. */
static const struct
{
  const char *title;
  const char *body;
} canned_answers[] = {
  { "Greeting", "Good day! Thank you for contacting us. How can I help you?" },
  { "One moment please", "One moment please: I am checking this for you." },
  { "Transfer to a colleague",
    "I am transferring you to a colleague who deals with this; please stay on the line." },
  { "Case registered",
    "I have registered your request. You can follow it on our portal by its number." },
  { "Closing", "Thank you for contacting us. Have a good day!" },
};

gboolean
_desk_demo_seed_knowledge (Demo    *d,
                           GError **error)
{
  guint nth[DEMO_N_LANGS][DEMO_N_TOPICS] = { { 0 } };

  for (const DemoArticle *a = _desk_demo_articles; a->title; a++)
    {
      g_autofree char *body = article_body (d, a, nth[a->lang][a->topic]++);
      DeskArticle article = { 0 };
      int day = rnd (d, 1, 20);
      int time = rnd (d, 10 * HOUR, 18 * HOUR);

      article.title = (char *) a->title;
      article.body = body;
      article.visibility = a->visibility;
      article.category = (char *) a->category;
      article.author_id = a->visibility == DESK_VISIBILITY_INTERNAL || chance (d, 40)
                          ? d->supervisor_id : d->owner_id;
      article.updated_at = _desk_demo_day_start (d, day - HISTORY_DAYS, NULL, NULL) + time;
      desk_store_set_clock (d->store, article.updated_at);
      CHECK (check_id (desk_store_add_article (d->store, &article, error)));
    }

  for (const DemoNews *news = _desk_demo_news; news->title; news++)
    {
      gint64 at = _desk_demo_day_start (d, news->day - HISTORY_DAYS, NULL, NULL) + 10 * HOUR;

      at += rnd (d, 0, HOUR);
      desk_store_set_clock (d->store, at);
      CHECK (check_id (desk_store_add_news (d->store, news->title, news->body, at,
                                            d->owner_id, error)));
    }

  desk_store_set_clock (d->store, d->setup_at);
  for (guint i = 0; i < G_N_ELEMENTS (canned_answers); i++)
    CHECK (check_id (desk_store_add_canned_answer (d->store, canned_answers[i].title,
                                                   canned_answers[i].body, error)));
  return TRUE;
}

