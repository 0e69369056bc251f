/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-chat-flow-test"

#include "desk-call-flow.h"
#include "desk-error.h"
#include "desk-password.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

/* Chats through the office's flow: the bot first, then the same queues and
 * routing as calls, offers that operators accept in their window, the
 * transcript, typing and read marks, the rating. A real store and a real
 * (idle) engine; the test stands in for the web layer. */

#define OFFER_SECONDS 2

typedef struct
{
  char *dir;
  DeskStore *store;
  DeskPbx *pbx;
  DeskCallFlow *flow;
  GPtrArray *events;      /* "type chat user text" lines */
  gint64 op1, op2, queue;
} ChatFixture;

static void
note (ChatFixture *f,
      const char  *format,
      ...)
{
  va_list ap;
  char *line;

  va_start (ap, format);
  line = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_test_message ("flow: %s", line);
  g_ptr_array_add (f->events, line);
}

static void
on_offered (DeskCallFlow *flow, gint64 chat, gint64 user, ChatFixture *f)
{
  note (f, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, chat, user);
}

static void
on_answered (DeskCallFlow *flow, gint64 chat, gint64 user, ChatFixture *f)
{
  note (f, "answered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, chat, user);
}

static void
on_message (DeskCallFlow *flow, gint64 chat, gint64 message, const char *sender, ChatFixture *f)
{
  note (f, "message %" G_GINT64_FORMAT " %s", chat, sender);
}

static void
on_typing (DeskCallFlow *flow, gint64 chat, const char *who, gboolean typing, ChatFixture *f)
{
  note (f, "typing %" G_GINT64_FORMAT " %s %d", chat, who, typing);
}

static void
on_read (DeskCallFlow *flow, gint64 chat, const char *reader, gint64 up_to, ChatFixture *f)
{
  note (f, "read %" G_GINT64_FORMAT " %s", chat, reader);
}

static void
on_waiting (DeskCallFlow *flow, gint64 chat, guint position, int ewt, ChatFixture *f)
{
  note (f, "waiting %" G_GINT64_FORMAT " %u", chat, position);
}

static void
on_ended (DeskCallFlow *flow, gint64 chat, const char *outcome, ChatFixture *f)
{
  note (f, "ended %" G_GINT64_FORMAT " %s", chat, outcome);
}

static void
on_transferred (DeskCallFlow *flow, gint64 chat, gint64 from, gint64 to, ChatFixture *f)
{
  note (f, "transferred %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, chat, from,
        to);
}

typedef struct
{
  ChatFixture *f;
  char *line;
} Wanted;

static gboolean
seen (gpointer data)
{
  Wanted *w = data;

  for (guint i = 0; i < w->f->events->len; i++)
    if (g_str_equal (g_ptr_array_index (w->f->events, i), w->line))
      return TRUE;
  return FALSE;
}

/* Waits for an event line, built like note() builds them. */
static void
wait_for (ChatFixture *f,
          guint        timeout_ms,
          const char  *format,
          ...)
{
  va_list ap;
  Wanted w = { f, NULL };

  va_start (ap, format);
  w.line = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (!desk_test_wait_until (seen, &w, timeout_ms))
    g_error ("no “%s” in %u ms", w.line, timeout_ms);
  g_free (w.line);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* The user of the newest "offered" event of @chat_id, or 0. */
static gint64
offered_to (ChatFixture *f,
            gint64       chat_id)
{
  g_autofree char *prefix = g_strdup_printf ("offered %" G_GINT64_FORMAT " ", chat_id);

  for (guint i = f->events->len; i > 0; i--)
    {
      const char *line = g_ptr_array_index (f->events, i - 1);

      if (g_str_has_prefix (line, prefix))
        return g_ascii_strtoll (line + strlen (prefix), NULL, 10);
    }
  return 0;
}

typedef struct
{
  ChatFixture *f;
  gint64 chat_id;
} OfferWait;

static gboolean
any_offer (gpointer data)
{
  OfferWait *w = data;

  return offered_to (w->f, w->chat_id) != 0;
}

static gboolean
has (ChatFixture *f,
     const char  *line)
{
  Wanted w = { f, (char *) line };

  return seen (&w);
}

static gint64
add_operator (ChatFixture *f,
              const char  *login,
              int          max_chats)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = desk_password_hash ("operator-password", &error);
  DeskUserNew user = {
    .login = login, .display_name = login, .role = DESK_ROLE_OPERATOR, .password = hash,
    .sip_user = login, .sip_password = "sip-secret", .max_chats = max_chats,
  };
  gint64 id = desk_store_add_user (f->store, &user, &error);

  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->store, f->queue, id, 0, &error));
  return id;
}

static void
chat_setup (ChatFixture   *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  DeskQueue queue = {
    .name = "Чат", .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE, .skill_relax_seconds = 30,
    .max_wait_seconds = 600, .max_length = 20, .wrapup_seconds = 0, .announce_seconds = 0,
    .service_level_seconds = 20, .callback_digit = "3", .chat_weight = 0.5,
  };
  DeskBotRule rule = { "тариф\nціна", "Наші тарифи: 100, 200 і 300 Мбіт/с.", FALSE, FALSE, 1 };
  DeskCallFlowOptions options = { .language = "uk", .offer_seconds = OFFER_SECONDS };

  f->dir = desk_test_tmpdir_new ("desk-chat-flow");
  f->events = g_ptr_array_new_with_free_func (g_free);
  path = g_build_filename (f->dir, "office.sqlite", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  g_assert_true (desk_store_set_setting (f->store, "default-country", "UA", &error));
  f->queue = desk_store_add_queue (f->store, &queue, &error);
  g_assert_no_error (error);
  f->op1 = add_operator (f, "op1", 2);
  f->op2 = add_operator (f, "op2", 2);
  desk_store_add_bot_rule (f->store, &rule, &error);
  g_assert_no_error (error);

  f->pbx = desk_pbx_new ();
  g_assert_true (desk_pbx_start (f->pbx, "127.0.0.1", 0, &error));
  options.data_dir = f->dir;
  f->flow = desk_call_flow_new (f->store, f->pbx, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (f->flow, "chat-offered", G_CALLBACK (on_offered), f);
  g_signal_connect (f->flow, "chat-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->flow, "chat-message", G_CALLBACK (on_message), f);
  g_signal_connect (f->flow, "chat-typing", G_CALLBACK (on_typing), f);
  g_signal_connect (f->flow, "chat-read", G_CALLBACK (on_read), f);
  g_signal_connect (f->flow, "chat-waiting", G_CALLBACK (on_waiting), f);
  g_signal_connect (f->flow, "chat-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->flow, "chat-transferred", G_CALLBACK (on_transferred), f);
}

static void
chat_teardown (ChatFixture   *f,
               gconstpointer  data)
{
  g_clear_object (&f->flow);
  if (f->pbx)
    desk_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_clear_object (&f->store);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  desk_test_tmpdir_free (f->dir);
}

static void
login (ChatFixture *f,
       gint64       user_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_call_flow_agent_login (f->flow, user_id, &error));
  g_assert_no_error (error);
}

static gint64
start (ChatFixture *f,
       const char  *name,
       const char  *contact)
{
  g_autoptr (GError) error = NULL;
  DeskChatVisitor visitor = { .name = name, .contact = contact };
  gint64 id = desk_call_flow_chat_start (f->flow, &visitor, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
transcript (ChatFixture *f,
            gint64       chat_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *messages = desk_store_list_chat_messages (f->store, chat_id, &error);

  g_assert_no_error (error);
  return messages;
}

/* Nobody logged in: no chat, the widget shows the offline form. */
static void
test_nobody_on_duty (ChatFixture   *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  DeskChatVisitor visitor = { .name = "Олена", .contact = "0501234567" };

  g_assert_false (desk_call_flow_chat_on_duty (f->flow, 0));
  g_assert_cmpint (desk_call_flow_chat_start (f->flow, &visitor, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  login (f, f->op1);
  g_assert_true (desk_call_flow_chat_on_duty (f->flow, 0));
}

/* The bot greets and answers by its rules; asking for a person hands the
 * chat to the queue; an operator accepts; the conversation, typing, read
 * marks, the end and the rating. */
static void
test_bot_then_operator (ChatFixture   *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (DeskChat) chat = NULL;
  gint64 id, last;

  login (f, f->op1);
  id = start (f, "Олена", "050 123 45 67");
  wait_for (f, 1000, "message %" G_GINT64_FORMAT " bot", id);

  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0,
                                             "Які у вас тарифи?", &error), >, 0);
  g_assert_no_error (error);
  messages = transcript (f, id);
  g_assert_cmpuint (messages->len, ==, 3);   /* greeting, question, answer */
  g_assert_nonnull (strstr (((DeskChatMessage *) messages->pdata[2])->body, "Мбіт/с"));
  g_assert_cmpint (((DeskChatMessage *) messages->pdata[2])->sender, ==, DESK_CHAT_SENDER_BOT);
  g_assert_false (has (f, "offered 1 1"));

  /* An operator may not write while the bot has the chat. */
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op1,
                                             "Добрий день", &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN);
  g_clear_error (&error);

  desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, "Покличте оператора",
                            &error);
  g_assert_no_error (error);
  wait_for (f, 3000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op1);
  g_assert_true (desk_call_flow_chat_accept (f->flow, f->op1, id, &error));
  g_assert_no_error (error);
  wait_for (f, 1000, "answered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op1);

  g_assert_true (desk_call_flow_chat_typing (f->flow, id, DESK_CHAT_SENDER_OPERATOR, TRUE, &error));
  wait_for (f, 1000, "typing %" G_GINT64_FORMAT " operator 1", id);
  last = desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op1,
                                   "Добрий день, Олено! Чим допомогти?", &error);
  g_assert_no_error (error);
  g_assert_true (desk_call_flow_chat_read (f->flow, id, DESK_CHAT_SENDER_VISITOR, last, &error));
  wait_for (f, 1000, "read %" G_GINT64_FORMAT " visitor", id);
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = transcript (f, id);
  g_assert_cmpint (((DeskChatMessage *) messages->pdata[messages->len - 1])->read_at, >, 0);
  /* The bot's part stays in the transcript. */
  g_assert_cmpint (((DeskChatMessage *) messages->pdata[0])->sender, ==, DESK_CHAT_SENDER_BOT);

  /* Another operator cannot end it; the visitor can. */
  g_assert_false (desk_call_flow_chat_end (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op2, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (desk_call_flow_chat_end (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, &error));
  wait_for (f, 1000, "ended %" G_GINT64_FORMAT " answered", id);

  g_assert_true (desk_call_flow_chat_rate (f->flow, id, 5, &error));
  g_assert_false (desk_call_flow_chat_rate (f->flow, id, 4, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (desk_call_flow_chat_rate (f->flow, id, 9, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  chat = desk_store_get_chat (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chat->operator_id, ==, f->op1);
  g_assert_cmpint (chat->queue_id, ==, f->queue);
  g_assert_cmpint (chat->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (chat->csat, ==, 5);
  g_assert_cmpint (chat->answered_at, >, 0);
  g_assert_cmpint (chat->ended_at, >=, chat->answered_at);
}

/* An offer nobody accepts goes to the next operator; a declined one too. */
static void
test_offer_moves_on (ChatFixture   *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  OfferWait w = { f, 0 };
  gint64 first, second;

  login (f, f->op1);
  login (f, f->op2);
  w.chat_id = start (f, "Петро", NULL);
  g_assert_true (desk_call_flow_chat_hand_off (f->flow, w.chat_id, &error));
  g_assert_no_error (error);
  wait_for (f, 3000, "waiting %" G_GINT64_FORMAT " 1", w.chat_id);

  /* Whoever got it first lets it ring out: the other one gets it. */
  g_assert_true (desk_test_wait_until (any_offer, &w, 3000));
  first = offered_to (f, w.chat_id);
  second = first == f->op1 ? f->op2 : f->op1;
  wait_for (f, (OFFER_SECONDS + 3) * 1000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
            w.chat_id, second);
  g_assert_false (desk_call_flow_chat_accept (f->flow, first, w.chat_id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The second declines: back to the first. */
  g_assert_true (desk_call_flow_chat_decline (f->flow, second, w.chat_id, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (f->events, 0);
  wait_for (f, (OFFER_SECONDS + 3) * 1000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
            w.chat_id, first);
  g_assert_true (desk_call_flow_chat_accept (f->flow, first, w.chat_id, &error));
  g_assert_no_error (error);
}

/* An operator holds max_chats chats at once (chat_weight 0.5 leaves room
 * for two); the third waits for a free slot; a call would not fit. */
static void
test_capacity (ChatFixture   *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ids[3];

  login (f, f->op1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Гість %u", i + 1);

      ids[i] = start (f, name, NULL);
      g_assert_true (desk_call_flow_chat_hand_off (f->flow, ids[i], &error));
    }
  for (guint i = 0; i < 2; i++)
    {
      wait_for (f, 3000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, ids[i], f->op1);
      g_assert_true (desk_call_flow_chat_accept (f->flow, f->op1, ids[i], &error));
      g_assert_no_error (error);
    }
  desk_test_wait_until (never, NULL, 1500);
  g_assert_cmpint (offered_to (f, ids[2]), ==, 0);
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_ON_CONTACT);

  g_assert_true (desk_call_flow_chat_end (f->flow, ids[0], DESK_CHAT_SENDER_OPERATOR, f->op1,
                                          &error));
  wait_for (f, 3000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, ids[2], f->op1);
}

/* Hostile and silly input gets clear errors. */
static void
test_bad_input (ChatFixture   *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = g_strnfill (10000, 'x');
  DeskChatVisitor nameless = { .name = "" };
  gint64 id;

  login (f, f->op1);
  g_assert_cmpint (desk_call_flow_chat_start (f->flow, &nameless, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  id = start (f, "<script>alert(1)</script>", "javascript:alert(1)");
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, "   \n",
                                             &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, huge,
                                             &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, "\xff\xfe",
                                             &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, 424242, DESK_CHAT_SENDER_VISITOR, 0, "hi",
                                             &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
}

/* op1 has the chat (op2 logs in after it was offered). */
static gint64
taken_by_op1 (ChatFixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  login (f, f->op1);
  id = start (f, "Марія", "050 765 43 21");
  g_assert_true (desk_call_flow_chat_hand_off (f->flow, id, &error));
  wait_for (f, 3000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op1);
  g_assert_true (desk_call_flow_chat_accept (f->flow, f->op1, id, &error));
  g_assert_no_error (error);
  login (f, f->op2);
  return id;
}

static void
assert_transfer_fails (ChatFixture *f,
                       gint64       chat_id,
                       gint64       operator_id,
                       gint64       queue_id,
                       int          code)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (desk_call_flow_transfer_chat (f->flow, chat_id, operator_id, queue_id, &error));
  g_assert_error (error, DESK_ERROR, code);
}

/* A transfer to a colleague: the visitor is told, the first operator lets
 * go, the colleague is offered it and answers; the transcript is whole.
 * Then to the queue, where the one who passed it on comes last. */
static void
test_transfer (ChatFixture   *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GPtrArray) chats = NULL;
  g_autoptr (DeskChat) chat = NULL;
  gint64 id, bot_chat, answered_at;
  DeskLiveChat *live;

  id = taken_by_op1 (f);
  desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_VISITOR, 0, "Питання", &error);
  desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op1, "Відповідь", &error);
  g_assert_no_error (error);
  chats = desk_call_flow_list_chats (f->flow, f->op1);
  g_assert_cmpuint (chats->len, ==, 1);
  live = g_ptr_array_index (chats, 0);
  g_assert_cmpstr (live->state, ==, DESK_LIVE_CHAT_ACTIVE);
  g_assert_cmpstr (live->visitor_phone, ==, "+380507654321");
  g_assert_cmpuint (live->unread, ==, 1);
  g_clear_pointer (&chats, g_ptr_array_unref);
  chat = desk_store_get_chat (f->store, id, &error);
  answered_at = chat->answered_at;
  g_clear_pointer (&chat, desk_chat_free);

  assert_transfer_fails (f, id, 0, 0, DESK_ERROR_INVALID);
  assert_transfer_fails (f, id, f->op2, f->queue, DESK_ERROR_INVALID);
  assert_transfer_fails (f, id, f->op1, 0, DESK_ERROR_INVALID);
  assert_transfer_fails (f, id, 0, 424242, DESK_ERROR_NOT_FOUND);
  assert_transfer_fails (f, 424242, f->op2, 0, DESK_ERROR_NOT_FOUND);
  bot_chat = start (f, "Бот", NULL);
  assert_transfer_fails (f, bot_chat, f->op2, 0, DESK_ERROR_CONFLICT);
  g_assert_true (desk_call_flow_agent_logout (f->flow, f->op2, &error));
  assert_transfer_fails (f, id, f->op2, 0, DESK_ERROR_CONFLICT);
  login (f, f->op2);

  g_assert_true (desk_call_flow_transfer_chat (f->flow, id, f->op2, 0, &error));
  g_assert_no_error (error);
  wait_for (f, 1000, "transferred %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
            id, f->op1, f->op2);
  wait_for (f, 1000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op2);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op1,
                                             "Ще я", &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN);
  g_clear_error (&error);
  chats = desk_call_flow_list_chats (f->flow, f->op1);
  g_assert_cmpuint (chats->len, ==, 0);
  g_clear_pointer (&chats, g_ptr_array_unref);
  chats = desk_call_flow_list_chats (f->flow, f->op2);
  g_assert_cmpuint (chats->len, ==, 1);
  g_assert_cmpstr (((DeskLiveChat *) chats->pdata[0])->state, ==, DESK_LIVE_CHAT_OFFERED);
  g_clear_pointer (&chats, g_ptr_array_unref);

  g_assert_true (desk_call_flow_chat_accept (f->flow, f->op2, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, id, DESK_CHAT_SENDER_OPERATOR, f->op2,
                                             "Вітаю, це op2", &error), >, 0);
  g_assert_no_error (error);
  messages = transcript (f, id);
  g_assert_cmpstr (((DeskChatMessage *) messages->pdata[messages->len - 3])->body, ==,
                   "Відповідь");
  g_assert_cmpint (((DeskChatMessage *) messages->pdata[messages->len - 2])->sender, ==,
                   DESK_CHAT_SENDER_SYSTEM);
  g_assert_cmpstr (((DeskChatMessage *) messages->pdata[messages->len - 2])->body, ==,
                   "You are being transferred to another operator");
  g_assert_cmpstr (((DeskChatMessage *) messages->pdata[messages->len - 1])->body, ==,
                   "Вітаю, це op2");
  chat = desk_store_get_chat (f->store, id, &error);
  g_assert_cmpint (chat->operator_id, ==, f->op2);
  g_assert_cmpint (chat->answered_at, ==, answered_at);

  /* To the queue: op2 passed it on, op1 gets it. */
  g_ptr_array_set_size (f->events, 0);
  g_assert_true (desk_call_flow_transfer_chat (f->flow, id, 0, f->queue, &error));
  g_assert_no_error (error);
  wait_for (f, 3000, "offered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op1);
}

/* What another connection to the file sees: only what was committed. */
static guint
count_stored (DeskSqliteStore *other,
              gint64           chat_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = desk_store_list_chat_messages (DESK_STORE (other), chat_id,
                                                                  &error);

  g_assert_no_error (error);
  return messages->len;
}

typedef struct
{
  DeskSqliteStore *other;
  gint64 chat_id;
  guint count;
} StoredWait;

static gboolean
stored (gpointer data)
{
  StoredWait *w = data;

  return count_stored (w->other, w->chat_id) == w->count;
}

static gboolean
file_grew (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 4 * 1024 * 1024;
}

/* A message is stored at once but committed with the others a moment
 * later (another connection sees it then, not before); a WAL grown past
 * its threshold is checkpointed into the file while the office runs; and
 * what is written the moment before the flow goes is still there when the
 * store is opened again, in order. */
static void
test_batched (ChatFixture   *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GPtrArray) now = NULL;
  g_autofree char *path = g_build_filename (f->dir, "office.sqlite", NULL);
  g_autofree char *big = g_strnfill (1990, 'x');
  g_autoptr (DeskSqliteStore) other = desk_sqlite_store_new (path, &error);
  StoredWait w = { other, 0, 0 };
  guint before;

  g_assert_no_error (error);
  w.chat_id = taken_by_op1 (f);
  desk_test_wait_until (never, NULL, 200);
  before = count_stored (other, w.chat_id);
  g_assert_cmpint (desk_call_flow_chat_post (f->flow, w.chat_id, DESK_CHAT_SENDER_VISITOR, 0,
                                             "Раз", &error), >, 0);
  now = transcript (f, w.chat_id);
  g_assert_cmpuint (now->len, ==, before + 1);
  g_assert_cmpuint (count_stored (other, w.chat_id), ==, before);
  w.count = before + 1;
  g_assert_true (desk_test_wait_until (stored, &w, 2000));

  /* About 8 MB of messages: over the WAL's 1000 pages several times. */
  for (guint i = 0; i < 4000; i++)
    {
      big[0] = '0' + i % 10;
      g_assert_cmpint (desk_call_flow_chat_post (f->flow, w.chat_id, DESK_CHAT_SENDER_OPERATOR,
                                                 f->op1, big, &error), >, 0);
      if (i % 200 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (desk_test_wait_until (file_grew, path, 10000));

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Останнє %u", i);

      g_assert_cmpint (desk_call_flow_chat_post (f->flow, w.chat_id, DESK_CHAT_SENDER_VISITOR, 0,
                                                 text, &error), >, 0);
    }
  g_clear_object (&f->flow);
  desk_sqlite_store_close (DESK_SQLITE_STORE (f->store));
  g_clear_object (&f->store);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  messages = transcript (f, w.chat_id);
  g_assert_cmpuint (messages->len, ==, before + 1 + 4000 + 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Останнє %u", i);

      g_assert_cmpstr (((DeskChatMessage *) messages->pdata[before + 4001 + i])->body, ==, text);
    }
  for (guint i = 1; i < messages->len; i++)
    g_assert_cmpint (((DeskChatMessage *) messages->pdata[i])->id, >,
                     ((DeskChatMessage *) messages->pdata[i - 1])->id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define CHAT_TEST(path, func) \
  g_test_add (path, ChatFixture, NULL, chat_setup, func, chat_teardown)
  CHAT_TEST ("/desk/office/chat-flow/nobody-on-duty", test_nobody_on_duty);
  CHAT_TEST ("/desk/office/chat-flow/bot-then-operator", test_bot_then_operator);
  CHAT_TEST ("/desk/office/chat-flow/offer-moves-on", test_offer_moves_on);
  CHAT_TEST ("/desk/office/chat-flow/capacity", test_capacity);
  CHAT_TEST ("/desk/office/chat-flow/bad-input", test_bad_input);
  CHAT_TEST ("/desk/office/chat-flow/transfer", test_transfer);
  CHAT_TEST ("/desk/office/chat-flow/batched", test_batched);
#undef CHAT_TEST

  return g_test_run ();
}
