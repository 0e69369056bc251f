/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-widget-chat-test"

#include "test-widget-common.h"

#include "desk-error.h"

#include <string.h>

/* A chat's life past one operator, against the same real server as
 * test-widget.c: a visitor on a real WebSocket, operators on the agent API
 * and its event stream. A transfer to a colleague and then to a queue;
 * chats in the agent's inbox; and no message lost when the server stops
 * the moment after it was written. */

#define TRANSFER_LINE "You are being transferred to another operator"

static char *
chat_path (gint64      chat_id,
           const char *what)
{
  return g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/%s", chat_id, what);
}

static Socket *
follow (WidgetFixture *f,
        const char    *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/events?token=%s", token);
  Socket *events = socket_open_path (f, path, NULL);

  g_assert_no_error (events->error);
  wait_frame (events, 0, "hello", NULL, NULL);
  return events;
}

/* A chat started by a visitor, handed to a person and accepted by
 * @user_id (the only one logged in to the flow). */
static Started
chat_with (WidgetFixture *f,
           Socket       **ws,
           Socket        *events,
           const char    *token,
           gint64         user_id)
{
  g_autofree char *accept = NULL;
  g_autofree char *offer = NULL;
  Started s = start_chat (f, "Марія", "050 765 43 21", NULL);
  guint mark;

  *ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error ((*ws)->error);
  wait_frame (*ws, 0, "hello", "state", "open");
  mark = events->frames->len;
  socket_send (*ws, "{\"type\": \"hand_off\"}");
  offer = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, s.id, user_id);
  wait_line (f->offered, offer);
  wait_frame (events, mark, "chat-offered", "visitor_name", "Марія");
  accept = chat_path (s.id, "accept");
  {
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", accept, token, NULL);

    api_assert (reply, 200, NULL);
  }
  return s;
}

static void
say (WidgetFixture *f,
     gint64         chat_id,
     const char    *token,
     const char    *text,
     guint          status)
{
  g_autofree char *path = chat_path (chat_id, "messages");
  g_autofree char *body = json_body ("body", text, NULL);
  g_autoptr (ApiReply) reply = api_call (&f->api, "POST", path, token, body);

  api_assert (reply, status, status == 403 ? "forbidden" : NULL);
}

/* The visitor writes; waits for the echo of their message. */
static void
visitor_says (Socket     *ws,
              const char *text,
              const char *ref)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\": \"message\", \"body\": \"%s\", "
                                            "\"ref\": \"%s\"}", text, ref);
  guint mark = ws->frames->len;

  socket_send (ws, frame);
  wait_frame (ws, mark, "message", "ref", ref);
}

static guint
count_messages (Socket     *events,
                guint       from,
                const char *body)
{
  guint n = 0;

  for (guint i = from; i < events->frames->len; i++)
    {
      JsonObject *frame = g_ptr_array_index (events->frames, i);
      JsonObject *message;

      if (g_strcmp0 (json_object_get_string_member_with_default (frame, "type", ""),
                     "chat-message") != 0)
        continue;
      message = json_object_get_object_member (frame, "message");
      n += g_strcmp0 (json_object_get_string_member_with_default (message, "body", ""), body) == 0;
    }
  return n;
}

typedef struct
{
  Socket *events;
  guint from;
  const char *body;
} MessageWait;

static gboolean
message_seen (gpointer data)
{
  MessageWait *w = data;

  return count_messages (w->events, w->from, w->body) > 0;
}

/* Waits for the chat-message event carrying @body. */
static void
wait_message (Socket     *events,
              guint       from,
              const char *body)
{
  MessageWait w = { events, from, body };

  if (!desk_test_wait_until (message_seen, &w, 8000))
    g_error ("no chat-message “%s”", body);
}

static void
transfer (WidgetFixture *f,
          gint64         chat_id,
          const char    *token,
          const char    *body,
          guint          status,
          const char    *code)
{
  g_autofree char *path = chat_path (chat_id, "transfer");
  g_autoptr (ApiReply) reply = api_call (&f->api, "POST", path, token, body);

  api_assert (reply, status, code);
}

/* op1 takes the chat, then hands it to op2, who answers; the visitor
 * sees the transfer line, the transcript holds everything; then a
 * supervisor sends it to the queue, where op1 is offered it again. */
static void
test_transfer (WidgetFixture *f,
               gconstpointer  data)
{
  g_autofree char *op1 = api_login (&f->api, "op1");
  g_autofree char *op2 = api_login (&f->api, "op2");
  g_autofree char *boss = api_login (&f->api, "super");
  g_autofree char *to_op2 = g_strdup_printf ("{\"operator_id\": %" G_GINT64_FORMAT "}",
                                             f->api.op2);
  g_autofree char *to_op1 = g_strdup_printf ("{\"operator_id\": %" G_GINT64_FORMAT "}",
                                             f->api.op1);
  g_autofree char *to_clerk = g_strdup_printf ("{\"operator_id\": %" G_GINT64_FORMAT "}",
                                               f->api.clerk);
  g_autofree char *to_queue = g_strdup_printf ("{\"queue_id\": %" G_GINT64_FORMAT "}", f->queue);
  g_autofree char *both = g_strdup_printf ("{\"operator_id\": %" G_GINT64_FORMAT ", "
                                           "\"queue_id\": %" G_GINT64_FORMAT "}", f->api.op2,
                                           f->queue);
  g_autofree char *transcript = NULL;
  g_autofree char *offer = NULL;
  g_autoptr (Socket) events1 = follow (f, op1);
  g_autoptr (Socket) events2 = follow (f, op2);
  g_autoptr (Socket) ws = NULL;
  g_autoptr (DeskChat) chat = NULL;
  g_autoptr (GError) error = NULL;
  const char *expected[] = {
    "Перше питання", "Відповідь op1", TRANSFER_LINE, "Вітаю, це op2", "Дякую", NULL,
  };
  JsonObject *frame;
  JsonArray *messages;
  gint64 answered_at;
  guint mark, mark1, at;
  Started s;

  login_flow (f, f->api.op1);
  s = chat_with (f, &ws, events1, op1, f->api.op1);
  wait_frame (ws, 0, "answered", "operator", "op1");
  visitor_says (ws, "Перше питання", "q1");
  say (f, s.id, op1, "Відповідь op1", 201);
  chat = desk_store_get_chat (f->api.store, s.id, &error);
  g_assert_no_error (error);
  answered_at = chat->answered_at;
  g_assert_cmpint (answered_at, >, 0);
  g_clear_pointer (&chat, desk_chat_free);

  /* Refused: a colleague who is not logged in, not theirs, neither or
   * both targets, themselves, someone who takes no chats, a queue that
   * does not exist. */
  transfer (f, s.id, op1, to_op2, 409, "conflict");
  login_flow (f, f->api.op2);
  transfer (f, s.id, op2, to_op1, 403, "forbidden");
  transfer (f, s.id, op1, "{}", 400, "invalid");
  transfer (f, s.id, op1, both, 400, "invalid");
  transfer (f, s.id, op1, "{\"operator_id\": \"op2\"}", 400, "invalid");
  transfer (f, s.id, op1, to_op1, 400, "invalid");
  transfer (f, s.id, op1, to_clerk, 400, "invalid");
  transfer (f, s.id, op1, "{\"queue_id\": 424242}", 404, "not_found");
  transfer (f, 424242, op1, to_op2, 404, "not_found");
  g_assert_cmpuint (count_frames (ws, "answered"), ==, 1);

  /* To op2. */
  mark = ws->frames->len;
  mark1 = events1->frames->len;
  transfer (f, s.id, op1, to_op2, 200, NULL);
  frame = wait_frame (ws, mark, "message", "sender", "system");
  g_assert_cmpstr (api_str (frame, "body"), ==, TRANSFER_LINE);
  frame = wait_frame (events1, mark1, "chat-transferred", NULL, NULL);
  g_assert_cmpint (api_int (frame, "chat_id"), ==, s.id);
  g_assert_cmpint (api_int (frame, "to_user_id"), ==, f->api.op2);
  offer = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, s.id, f->api.op2);
  wait_line (f->offered, offer);
  frame = wait_frame (events2, 0, "chat-offered", "visitor_name", "Марія");
  g_assert_cmpint (api_int (frame, "chat_id"), ==, s.id);
  /* op1 let it go: they cannot write in it any more; op2 may not before
   * accepting, but may read it. */
  say (f, s.id, op1, "Ще тут?", 403);
  say (f, s.id, op2, "Рано", 403);
  transcript = chat_path (s.id, "messages");
  {
    g_autoptr (ApiReply) reply = api_call (&f->api, "GET", transcript, op2, NULL);

    api_assert (reply, 200, NULL);
  }
  {
    g_autofree char *accept = chat_path (s.id, "accept");
    g_autoptr (ApiReply) stolen = api_call (&f->api, "POST", accept, op1, NULL);
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", accept, op2, NULL);

    api_assert (stolen, 409, "conflict");
    api_assert (reply, 200, NULL);
  }
  wait_frame (ws, mark, "answered", "operator", "op2");
  say (f, s.id, op2, "Вітаю, це op2", 201);
  frame = wait_frame (ws, mark, "message", "body", "Вітаю, це op2");
  g_assert_cmpstr (api_str (frame, "operator"), ==, "op2");

  /* The visitor's words go to op2 now, not to op1. */
  mark1 = events1->frames->len;
  visitor_says (ws, "Дякую", "q2");
  wait_message (events2, 0, "Дякую");
  desk_test_wait_until (never, NULL, 300);
  g_assert_cmpuint (count_messages (events2, 0, "Дякую"), ==, 1);
  g_assert_cmpuint (count_messages (events1, mark1, "Дякую"), ==, 0);

  /* The transcript is whole and in order, the bot's greeting first. */
  {
    g_autoptr (ApiReply) reply = api_call (&f->api, "GET", transcript, op2, NULL);

    api_assert (reply, 200, NULL);
    messages = json_object_get_array_member (api_object (reply), "messages");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                    "sender"), ==, "bot");
    at = 0;
    for (guint i = 0; i < json_array_get_length (messages) && expected[at]; i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (messages, i),
                                                      "body"), expected[at]))
        at++;
    g_assert_null (expected[at]);
  }
  chat = desk_store_get_chat (f->api.store, s.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chat->operator_id, ==, f->api.op2);
  g_assert_cmpint (chat->answered_at, ==, answered_at);
  g_clear_pointer (&chat, desk_chat_free);

  /* A supervisor sends it to the queue: op2 passed it on, so op1 is
   * offered it. */
  mark1 = events1->frames->len;
  transfer (f, s.id, boss, to_queue, 200, NULL);
  frame = wait_frame (events1, mark1, "chat-offered", "visitor_name", "Марія");
  g_assert_cmpint (api_int (frame, "chat_id"), ==, s.id);
  say (f, s.id, op2, "Ще тут?", 403);
  started_clear (&s);
}

static JsonObject *
inbox_chat (WidgetFixture *f,
            const char    *token,
            gint64         chat_id,
            ApiReply     **reply)
{
  JsonArray *chats;

  *reply = api_call (&f->api, "GET", "/api/v1/inbox", token, NULL);
  api_assert (*reply, 200, NULL);
  chats = json_object_get_array_member (api_object (*reply), "chats");
  g_assert_nonnull (chats);
  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);

      if (api_int (chat, "id") == chat_id)
        return chat;
    }
  return NULL;
}

/* The inbox lists the chats offered to the operator and theirs, with who
 * the visitor may be and how many of their messages wait to be read. */
static void
test_inbox (WidgetFixture *f,
            gconstpointer  data)
{
  g_autofree char *op1 = api_login (&f->api, "op1");
  g_autofree char *op2 = api_login (&f->api, "op2");
  g_autofree char *read = NULL;
  g_autofree char *up_to = NULL;
  g_autofree char *offer = NULL;
  g_autoptr (Socket) events = follow (f, op1);
  g_autoptr (Socket) ws = NULL;
  g_autoptr (ApiReply) reply = NULL;
  JsonObject *chat, *frame;
  JsonArray *ids;
  Started s;
  guint mark;

  login_flow (f, f->api.op1);
  s = start_chat (f, "Лариса", "+380 44 123 45 67", NULL);
  ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error (ws->error);
  wait_frame (ws, 0, "hello", NULL, NULL);

  /* With the bot, the chat is nobody's yet. */
  chat = inbox_chat (f, op1, s.id, &reply);
  g_assert_null (chat);
  g_clear_pointer (&reply, api_reply_free);

  socket_send (ws, "{\"type\": \"hand_off\"}");
  offer = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, s.id, f->api.op1);
  wait_line (f->offered, offer);
  chat = inbox_chat (f, op1, s.id, &reply);
  g_assert_nonnull (chat);
  g_assert_cmpstr (api_str (chat, "state"), ==, "offered");
  g_assert_cmpstr (api_str (chat, "visitor_name"), ==, "Лариса");
  g_assert_cmpstr (api_str (chat, "visitor_phone"), ==, "+380441234567");
  g_assert_cmpstr (api_str (chat, "client_match"), ==, "none");
  ids = json_object_get_array_member (chat, "client_ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 0);
  g_assert_cmpint (api_int (chat, "queue_id"), ==, f->queue);
  g_assert_cmpint (api_int (chat, "since"), >, 0);
  g_assert_cmpint (api_int (chat, "since"), <=, g_get_real_time () / G_USEC_PER_SEC);
  g_clear_pointer (&reply, api_reply_free);
  /* Not op2's. */
  chat = inbox_chat (f, op2, s.id, &reply);
  g_assert_null (chat);
  g_clear_pointer (&reply, api_reply_free);

  {
    g_autofree char *accept = chat_path (s.id, "accept");
    g_autoptr (ApiReply) accepted = api_call (&f->api, "POST", accept, op1, NULL);

    api_assert (accepted, 200, NULL);
  }
  mark = events->frames->len;
  visitor_says (ws, "Перше", "u1");
  visitor_says (ws, "Друге", "u2");
  frame = wait_frame (events, mark, "chat-message", NULL, NULL);
  wait_message (events, mark, "Друге");
  chat = inbox_chat (f, op1, s.id, &reply);
  g_assert_nonnull (chat);
  g_assert_cmpstr (api_str (chat, "state"), ==, "active");
  g_assert_cmpint (api_int (chat, "unread"), ==, 2);
  g_clear_pointer (&reply, api_reply_free);

  /* Read up to the first: one left. */
  read = chat_path (s.id, "read");
  up_to = g_strdup_printf ("{\"up_to\": %" G_GINT64_FORMAT "}",
                           api_int (json_object_get_object_member (frame, "message"), "id"));
  {
    g_autoptr (ApiReply) marked = api_call (&f->api, "POST", read, op1, up_to);

    api_assert (marked, 200, NULL);
  }
  chat = inbox_chat (f, op1, s.id, &reply);
  g_assert_cmpint (api_int (chat, "unread"), ==, 1);
  g_clear_pointer (&reply, api_reply_free);
  started_clear (&s);
}

/* Messages from both sides, then the server stops at once, as
 * desk_server_stop() does it, and the store is opened again from its
 * file: every message is there, in order. */
static void
test_durable (WidgetFixture *f,
              gconstpointer  data)
{
  g_autofree char *op1 = api_login (&f->api, "op1");
  g_autofree char *path = NULL;
  g_autoptr (Socket) events = follow (f, op1);
  g_autoptr (Socket) ws = NULL;
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GError) error = NULL;
  guint at = 0;
  Started s;

  login_flow (f, f->api.op1);
  s = chat_with (f, &ws, events, op1, f->api.op1);
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *ref = g_strdup_printf ("d%u", i);
      char *visitor = g_strdup_printf ("Відвідувач %u", i);
      char *operator = g_strdup_printf ("Оператор %u", i);

      visitor_says (ws, visitor, ref);
      say (f, s.id, op1, operator, 201);
      g_ptr_array_add (sent, visitor);
      g_ptr_array_add (sent, operator);
    }

  g_clear_object (&f->api.session);
  g_clear_pointer (&ws, socket_free);
  g_clear_pointer (&events, socket_free);
  desk_web_server_stop (f->api.web);
  g_clear_object (&f->api.web);
  desk_office_stop (f->api.office);
  g_clear_object (&f->api.office);
  desk_sqlite_store_close (DESK_SQLITE_STORE (f->api.store));
  g_clear_object (&f->api.store);

  path = g_build_filename (f->api.dir, "office.sqlite", NULL);
  f->api.store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  stored = desk_store_list_chat_messages (f->api.store, s.id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->len && at < sent->len; i++)
    if (g_str_equal (((DeskChatMessage *) g_ptr_array_index (stored, i))->body,
                     g_ptr_array_index (sent, at)))
      at++;
  g_assert_cmpuint (at, ==, sent->len);
  started_clear (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define CHAT_TEST(path, func) \
  g_test_add (path, WidgetFixture, NULL, widget_setup, func, widget_teardown)
  CHAT_TEST ("/desk/web/widget-chat/transfer", test_transfer);
  CHAT_TEST ("/desk/web/widget-chat/inbox", test_inbox);
  CHAT_TEST ("/desk/web/widget-chat/durable", test_durable);
#undef CHAT_TEST

  return g_test_run ();
}
