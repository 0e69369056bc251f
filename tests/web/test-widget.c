/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-widget-test"

#include "test-widget-common.h"

#include "desk-error.h"

#include <string.h>

/* Tests */

static void
test_files (WidgetFixture *f,
            gconstpointer  data)
{
  g_autoptr (ApiReply) js = visit (f, "GET", "/widget.js", "https://shop.example", NULL, NULL);
  g_autoptr (ApiReply) css = visit (f, "GET", "/widget.css", NULL, NULL, NULL);
  g_autoptr (ApiReply) post = visit (f, "POST", "/widget.js", NULL, NULL, "{}");
  g_autoptr (ApiReply) missing = visit (f, "GET", "/widget/v1/nothing", NULL, NULL, NULL);

  g_assert_cmpuint (js->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (js->headers, "Content-Type"),
                                   "text/javascript"));
  g_assert_cmpstr (soup_message_headers_get_one (js->headers, "X-Content-Type-Options"), ==,
                   "nosniff");
  g_assert_nonnull (strstr (js->text, "attachShadow"));
  /* The widget never parses data as markup. */
  g_assert_null (strstr (js->text, "innerHTML"));
  g_assert_null (strstr (js->text, "insertAdjacentHTML"));
  g_assert_null (strstr (js->text, "document.write"));
  g_assert_cmpuint (css->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (css->headers, "Content-Type"),
                                   "text/css"));
  g_assert_nonnull (strstr (css->text, "prefers-reduced-motion"));
  g_assert_nonnull (strstr (css->text, "prefers-color-scheme: dark"));
  api_assert (post, 405, "method");
  api_assert (missing, 404, "not_found");
}

/* The whole conversation: the bot, a hand-off, the operator, typing and
 * read marks both ways, a reconnect that resumes, the end and the rating. */
static void
test_conversation (WidgetFixture *f,
                   gconstpointer  data)
{
  g_autofree char *op1 = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *read_line = NULL;
  g_autoptr (Socket) ws = NULL;
  g_autoptr (Socket) again = NULL;
  g_autoptr (Socket) events = NULL;
  g_autoptr (DeskChat) chat = NULL;
  g_autoptr (GError) error = NULL;
  Started s;
  JsonObject *frame;
  gint64 question, answer, last;
  guint mark;

  login_flow (f, f->api.op1);
  {
    g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", NULL, NULL, NULL);

    api_assert (config, 200, NULL);
    g_assert_true (json_object_get_boolean_member (api_object (config), "on_duty"));
    g_assert_true (json_object_get_null_member (api_object (config), "chat"));
  }
  s = start_chat (f, "Олена", "olena@example.com", NULL);

  ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error (ws->error);
  frame = wait_frame (ws, 0, "hello", "state", "open");
  g_assert_cmpint (api_int (frame, "chat_id"), ==, s.id);
  wait_frame (ws, 0, "message", "sender", "bot");

  /* The bot answers by its rules; the visitor's own message comes back
   * with the widget's ref, so the widget can mark it sent. */
  mark = ws->frames->len;
  socket_send (ws, "{\"type\": \"message\", \"body\": \"Які у вас тарифи?\", \"ref\": \"r1\"}");
  frame = wait_frame (ws, mark, "message", "ref", "r1");
  g_assert_cmpstr (api_str (frame, "sender"), ==, "visitor");
  g_assert_cmpstr (api_str (frame, "body"), ==, "Які у вас тарифи?");
  question = api_int (frame, "id");
  frame = wait_frame (ws, mark, "message", "sender", "bot");
  g_assert_nonnull (strstr (api_str (frame, "body"), "Мбіт/с"));
  g_assert_cmpint (api_int (frame, "id"), >, question);

  /* "Talk to a person": the queue, a waiting position, an offer that the
   * operator's event stream carries. */
  op1 = api_login (&f->api, "op1");
  op2 = api_login (&f->api, "op2");
  {
    g_autofree char *events_path = g_strdup_printf ("/api/v1/events?token=%s", op1);

    events = socket_open_path (f, events_path, NULL);
    g_assert_no_error (events->error);
    wait_frame (events, 0, "hello", NULL, NULL);
  }
  mark = ws->frames->len;
  socket_send (ws, "{\"type\": \"hand_off\"}");
  wait_frame (ws, mark, "message", "sender", "system");
  offer = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, s.id, f->api.op1);
  wait_line (f->offered, offer);
  frame = wait_frame (events, 0, "chat-offered", "visitor_name", "Олена");
  g_assert_cmpint (api_int (frame, "chat_id"), ==, s.id);
  path = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/messages", s.id);
  {
    /* The offered operator reads the bot's part before accepting. */
    g_autoptr (ApiReply) transcript = api_call (&f->api, "GET", path, op1, NULL);
    JsonArray *messages;

    api_assert (transcript, 200, NULL);
    messages = json_object_get_array_member (api_object (transcript), "messages");
    g_assert_cmpuint (json_array_get_length (messages), >=, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                    "sender"), ==, "bot");
  }
  {
    g_autofree char *accept = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/accept", s.id);
    g_autoptr (ApiReply) stolen = api_call (&f->api, "POST", accept, op2, NULL);
    g_autoptr (ApiReply) reply = NULL;

    api_assert (stolen, 409, "conflict");
    reply = api_call (&f->api, "POST", accept, op1, NULL);
    api_assert (reply, 200, NULL);
  }
  frame = wait_frame (ws, mark, "answered", "operator", "op1");
  wait_frame (events, 0, "chat-answered", NULL, NULL);

  /* The operator types and writes; the visitor sees both. */
  {
    g_autofree char *typing = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/typing", s.id);
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", typing, op1, "{\"typing\": true}");
    g_autoptr (ApiReply) bad = api_call (&f->api, "POST", typing, op1, "{\"typing\": \"yes\"}");
    g_autoptr (ApiReply) other = api_call (&f->api, "POST", typing, op2, "{\"typing\": true}");

    api_assert (reply, 200, NULL);
    api_assert (bad, 400, "invalid");
    api_assert (other, 403, "forbidden");
  }
  frame = wait_frame (ws, mark, "typing", NULL, NULL);
  g_assert_true (json_object_get_boolean_member (frame, "typing"));
  {
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", path, op1,
                                           "{\"body\": \"Добрий день, Олено!\"}");
    g_autoptr (ApiReply) intruder = api_call (&f->api, "POST", path, op2, "{\"body\": \"Привіт\"}");

    api_assert (reply, 201, NULL);
    answer = api_int (api_object (reply), "id");
    api_assert (intruder, 403, "forbidden");
  }
  frame = wait_frame (ws, mark, "message", "sender", "operator");
  g_assert_cmpint (api_int (frame, "id"), ==, answer);
  g_assert_cmpstr (api_str (frame, "operator"), ==, "op1");

  /* The visitor types and reads; the operator learns of both. */
  {
    g_autofree char *read = g_strdup_printf ("{\"type\": \"read\", \"up_to\": %" G_GINT64_FORMAT
                                             "}", answer);

    socket_send (ws, "{\"type\": \"typing\", \"typing\": true}");
    wait_line (f->flow_events, "typing visitor 1");
    socket_send (ws, read);
    read_line = g_strdup_printf ("read visitor %" G_GINT64_FORMAT, answer);
    wait_line (f->flow_events, read_line);
  }
  /* The operator's stream carries the visitor's side of it. */
  wait_frame (events, 0, "chat-typing", NULL, NULL);
  wait_frame (events, 0, "chat-read", NULL, NULL);
  frame = wait_frame (events, 0, "chat-message", NULL, NULL);
  g_assert_nonnull (json_object_get_object_member (frame, "message"));
  /* The operator reads the visitor's question: the widget shows it read. */
  {
    g_autofree char *read = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/read", s.id);
    g_autofree char *body = g_strdup_printf ("{\"up_to\": %" G_GINT64_FORMAT "}", question);
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", read, op1, body);

    api_assert (reply, 200, NULL);
  }
  frame = wait_frame (ws, mark, "read", NULL, NULL);
  g_assert_cmpint (api_int (frame, "up_to"), ==, question);

  /* The visitor's connection drops; the operator writes meanwhile; the
   * widget comes back with its newest id and gets only what it missed. */
  last = answer;
  g_clear_pointer (&ws, socket_free);
  {
    g_autoptr (ApiReply) reply = api_call (&f->api, "POST", path, op1,
                                           "{\"body\": \"Ви тут?\"}");

    api_assert (reply, 201, NULL);
  }
  again = socket_open (f, s.id, s.token, last, NULL);
  g_assert_no_error (again->error);
  frame = wait_frame (again, 0, "hello", "operator", "op1");
  g_assert_cmpint (api_int (frame, "read_up_to"), ==, question);
  frame = wait_frame (again, 0, "message", "body", "Ви тут?");
  desk_test_wait_until (never, NULL, 300);
  g_assert_cmpuint (count_frames (again, "message"), ==, 1);
  g_assert_cmpint (api_int (frame, "id"), >, last);

  /* A wrong token opens nothing. */
  {
    g_autoptr (Socket) thief = socket_open (f, s.id, "0123456789abcdef", 0, NULL);

    g_assert_null (thief->conn);
    g_assert_nonnull (thief->error);
  }

  /* The visitor ends it and rates it, once. */
  mark = again->frames->len;
  socket_send (again, "{\"type\": \"end\"}");
  frame = wait_frame (again, mark, "ended", "outcome", "answered");
  wait_frame (events, 0, "chat-ended", "outcome", "answered");
  {
    g_autofree char *rate = g_strdup_printf ("/widget/v1/chats/%" G_GINT64_FORMAT "/rate", s.id);
    g_autoptr (ApiReply) forged = visit (f, "POST", rate, NULL, NULL,
                                         "{\"token\": \"00\", \"csat\": 5}");
    g_autofree char *good = g_strdup_printf ("{\"token\": \"%s\", \"csat\": 5}", s.token);
    g_autofree char *wild = g_strdup_printf ("{\"token\": \"%s\", \"csat\": 9}", s.token);
    g_autoptr (ApiReply) silly = visit (f, "POST", rate, NULL, NULL, wild);
    g_autoptr (ApiReply) ok = visit (f, "POST", rate, NULL, NULL, good);
    g_autoptr (ApiReply) twice = visit (f, "POST", rate, NULL, NULL, good);

    api_assert (forged, 403, "forbidden");
    api_assert (silly, 400, "invalid");
    api_assert (ok, 200, NULL);
    api_assert (twice, 409, "conflict");
  }
  chat = desk_store_get_chat (f->api.store, s.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chat->csat, ==, 5);
  g_assert_cmpint (chat->operator_id, ==, f->api.op1);
  g_assert_cmpint (chat->ended_at, >, 0);
  started_clear (&s);
}

/* Nobody on duty: the offline form becomes a case with a number. */
static void
test_offline (WidgetFixture *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", NULL, NULL, NULL);
  g_autoptr (ApiReply) start = NULL;
  g_autoptr (ApiReply) sent = NULL;
  g_autoptr (ApiReply) empty = NULL;
  g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->api.category);
  g_autofree char *body = json_body ("name", "Тарас", "contact", "+380501112233",
                                     "message", "Не працює інтернет з ранку.", NULL);

  api_assert (config, 200, NULL);
  g_assert_false (json_object_get_boolean_member (api_object (config), "on_duty"));
  start = visit (f, "POST", "/widget/v1/chats", NULL, NULL,
                 "{\"name\": \"Тарас\", \"contact\": \"+380501112233\"}");
  api_assert (start, 409, "offline");

  g_assert_true (desk_store_set_setting (f->api.store, "offline-category", category, &error));
  sent = visit (f, "POST", "/widget/v1/offline", NULL, NULL, body);
  api_assert (sent, 201, NULL);
  kase = desk_store_get_case_by_number (f->api.store, api_int (api_object (sent), "case_number"),
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->channel, ==, DESK_CHANNEL_CHAT);
  g_assert_cmpint (kase->category_id, ==, f->api.category);
  g_assert_cmpint (kase->client_id, ==, f->api.lesya);      /* known by the phone */
  g_assert_nonnull (strstr (kase->description, "Не працює інтернет з ранку."));
  g_assert_nonnull (strstr (kase->description, "+380501112233"));
  g_assert_nonnull (strstr (kase->subject, "Тарас"));

  /* A stale category setting does not lose the message. */
  g_assert_true (desk_store_set_setting (f->api.store, "offline-category", "999999", &error));
  {
    g_autoptr (ApiReply) stale = visit (f, "POST", "/widget/v1/offline", NULL, NULL, body);

    api_assert (stale, 201, NULL);
  }
  empty = visit (f, "POST", "/widget/v1/offline", NULL, NULL,
                 "{\"name\": \"Тарас\", \"contact\": \"\", \"message\": \"?\"}");
  api_assert (empty, 400, "invalid");
}

/* CORS only for the listed sites, on the widget's paths only. */
static void
test_cors (WidgetFixture *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *own = g_strdup (f->api.base);
  const char *shop = "https://shop.example";
  const char *evil = "https://evil.example";

  g_assert_true (desk_store_set_setting (f->api.store, "widget-origins",
                                         "https://other.example, https://Shop.example/", &error));
  {
    g_autoptr (ApiReply) preflight = visit (f, "OPTIONS", "/widget/v1/chats", shop, NULL, NULL);

    g_assert_cmpuint (preflight->status, ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (preflight->headers,
                                                   "Access-Control-Allow-Origin"), ==, shop);
    g_assert_nonnull (soup_message_headers_get_one (preflight->headers,
                                                    "Access-Control-Allow-Methods"));
  }
  {
    g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", shop, NULL, NULL);

    api_assert (config, 200, NULL);
    g_assert_cmpstr (soup_message_headers_get_one (config->headers, "Access-Control-Allow-Origin"),
                     ==, shop);
    g_assert_cmpstr (soup_message_headers_get_one (config->headers,
                                                   "Access-Control-Allow-Credentials"), ==, "true");
  }
  {
    g_autoptr (ApiReply) preflight = visit (f, "OPTIONS", "/widget/v1/chats", evil, NULL, NULL);
    g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", evil, NULL, NULL);
    g_autoptr (ApiReply) start = visit (f, "POST", "/widget/v1/chats", evil, NULL,
                                        "{\"name\": \"Евіл\"}");

    g_assert_cmpuint (preflight->status, ==, 403);
    api_assert (config, 403, "origin");
    api_assert (start, 403, "origin");
    g_assert_null (soup_message_headers_get_one (preflight->headers, "Access-Control-Allow-Origin"));
    g_assert_null (soup_message_headers_get_one (config->headers, "Access-Control-Allow-Origin"));
  }
  {
    /* The office's own pages are the same origin. */
    g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", own, NULL, NULL);

    api_assert (config, 200, NULL);
  }
  {
    /* The agent API is no widget: no CORS there for the listed sites. */
    g_autoptr (ApiReply) status = visit (f, "GET", "/api/v1/status", shop, NULL, NULL);

    g_assert_null (soup_message_headers_get_one (status->headers, "Access-Control-Allow-Origin"));
  }
  {
    /* WebSockets are not guarded by CORS: the server checks the origin. */
    Started s;
    g_autoptr (Socket) bad = NULL;
    g_autoptr (Socket) good = NULL;

    login_flow (f, f->api.op1);
    s = start_chat (f, "Марко", NULL, NULL);
    bad = socket_open (f, s.id, s.token, 0, evil);
    g_assert_null (bad->conn);
    good = socket_open (f, s.id, s.token, 0, shop);
    g_assert_no_error (good->error);
    wait_frame (good, 0, "hello", NULL, NULL);
    started_clear (&s);
  }
}

/* Per-address rate limits and size limits. */
static void
test_limits (WidgetFixture *f,
             gconstpointer  data)
{
  g_autofree char *huge = g_strnfill (20000, 'x');
  g_autofree char *big_body = json_body ("name", "Ігор", "contact", huge, NULL);
  g_autofree char *offline = json_body ("name", "Ігор", "contact", "igor@example.com",
                                        "message", "Передзвоніть", NULL);
  g_autofree char *long_message = g_strnfill (2001, 'x');
  g_autofree char *too_long = json_body ("name", "Ігор", "contact", "igor@example.com",
                                         "message", long_message, NULL);
  g_autoptr (Socket) ws = NULL;
  Started s;
  guint i;

  login_flow (f, f->api.op1);
  {
    g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/chats", NULL, NULL, big_body);

    api_assert (reply, 413, "too_large");
  }
  {
    g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/offline", NULL, NULL, too_long);

    api_assert (reply, 400, "invalid");
  }
  {
    g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/chats", NULL, NULL, "[1, 2]");

    api_assert (reply, 400, "invalid");
  }

  /* Chat starts: a few, then 429 with Retry-After. (The oversized and
   * malformed requests above took one each.) */
  s = start_chat (f, "Ігор", "igor@example.com", NULL);
  for (i = 0; i < 10; i++)
    {
      g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/chats", NULL, NULL,
                                          "{\"name\": \"Ігор\"}");

      if (reply->status == 429)
        {
          api_assert (reply, 429, "rate_limited");
          g_assert_cmpint (atoi (soup_message_headers_get_one (reply->headers, "Retry-After")), >=,
                           1);
          break;
        }
      api_assert (reply, 201, NULL);
    }
  g_assert_cmpuint (i, <, 10);

  /* The offline form: three, then 429. */
  for (i = 0; i < 10; i++)
    {
      g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/offline", NULL, NULL, offline);

      if (reply->status == 429)
        break;
      api_assert (reply, 201, NULL);
    }
  g_assert_cmpuint (i, ==, 2);   /* the too-long one above counted too */

  /* Messages: a burst, then the widget is told to slow down. */
  ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error (ws->error);
  wait_frame (ws, 0, "hello", NULL, NULL);
  for (i = 0; i < 30; i++)
    {
      g_autofree char *frame = g_strdup_printf ("{\"type\": \"message\", \"body\": \"спам %u\"}", i);

      socket_send (ws, frame);
    }
  wait_frame (ws, 0, "error", "code", "rate_limited");

  /* Garbage frames get an error, and the socket lives on. */
  socket_send (ws, "not json");
  wait_frame (ws, 0, "error", "code", "invalid");
  socket_send (ws, "{\"type\": \"message\", \"body\": 5}");
  socket_send (ws, "{\"type\": \"teleport\"}");
  g_assert_cmpint (soup_websocket_connection_get_state (ws->conn), ==, SOUP_WEBSOCKET_STATE_OPEN);

  started_clear (&s);
}

static gboolean
socket_closed (gpointer data)
{
  return ((Socket *) data)->closed;
}

static void
test_big_frame (WidgetFixture *f,
                gconstpointer  data)
{
  g_autofree char *huge = g_strnfill (20000, 'x');
  g_autofree char *frame = g_strdup_printf ("{\"type\": \"message\", \"body\": \"%s\"}", huge);
  g_autoptr (Socket) ws = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  Started s;

  login_flow (f, f->api.op1);
  s = start_chat (f, "Ігор", "igor@example.com", NULL);
  ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error (ws->error);
  wait_frame (ws, 0, "hello", NULL, NULL);
  socket_send (ws, frame);
  g_assert_true (desk_test_wait_until (socket_closed, ws, 8000));
  messages = desk_store_list_chat_messages (f->api.store, s.id, NULL);
  for (guint i = 0; i < messages->len; i++)
    g_assert_cmpint (((DeskChatMessage *) g_ptr_array_index (messages, i))->sender, !=,
                     DESK_CHAT_SENDER_VISITOR);
  started_clear (&s);
}

/* A returning visitor is known by their signed cookie and joins their
 * client; a forged cookie is ignored. */
static void
test_returning (WidgetFixture *f,
                gconstpointer  data)
{
  g_autoptr (DeskChat) second = NULL;
  g_autoptr (DeskChat) forged_chat = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *config_path = NULL;
  Started first, again, other;
  char *mac;

  login_flow (f, f->api.op1);
  first = start_chat (f, "Леся", "050 111 22 33", NULL);
  {
    /* An open chat is resumed by the cookie, or by the stored value. */
    g_autoptr (ApiReply) by_cookie = visit (f, "GET", "/widget/v1/config", NULL, first.cookie, NULL);
    g_autofree char *query = g_strdup_printf ("/widget/v1/config?visitor=%s", first.visitor);
    g_autoptr (ApiReply) by_storage = visit (f, "GET", query, NULL, NULL, NULL);
    JsonObject *chat;

    api_assert (by_cookie, 200, NULL);
    chat = json_object_get_object_member (api_object (by_cookie), "chat");
    g_assert_nonnull (chat);
    g_assert_cmpint (api_int (chat, "id"), ==, first.id);
    g_assert_cmpstr (api_str (chat, "token"), ==, first.token);
    api_assert (by_storage, 200, NULL);
    g_assert_nonnull (json_object_get_object_member (api_object (by_storage), "chat"));
  }
  g_assert_true (desk_call_flow_chat_end (flow_of (f), first.id, DESK_CHAT_SENDER_VISITOR, 0,
                                          &error));
  {
    g_autoptr (ApiReply) config = visit (f, "GET", "/widget/v1/config", NULL, first.cookie, NULL);

    api_assert (config, 200, NULL);
    g_assert_true (json_object_get_null_member (api_object (config), "chat"));
  }

  /* The same browser, a contact that matches nobody: still Lesya. */
  again = start_chat (f, "Леся", "lesya@example.com", first.cookie);
  second = desk_store_get_chat (f->api.store, again.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->client_id, ==, f->api.lesya);

  /* A cookie with another client's id and the old signature is ignored. */
  forged = g_strdup (first.cookie);
  mac = strrchr (forged, '.');
  g_assert_nonnull (mac);
  {
    g_autofree char *client = g_strdup_printf (".%" G_GINT64_FORMAT ".", f->api.lesya);
    g_autofree char *swapped = g_strdup_printf (".%" G_GINT64_FORMAT ".", f->api.ivan);
    g_autoptr (GString) text = g_string_new (forged);

    g_string_replace (text, client, swapped, 1);
    g_free (forged);
    forged = g_string_free (g_steal_pointer (&text), FALSE);
  }
  other = start_chat (f, "Іван", "ivan@example.com", forged);
  forged_chat = desk_store_get_chat (f->api.store, other.id, &error);
  g_assert_cmpint (forged_chat->client_id, ==, 0);

  /* Cookies for another chat's config do not open it either. */
  config_path = g_strdup_printf ("/widget/v1/config?visitor=v1.%" G_GINT64_FORMAT ".0.00", again.id);
  {
    g_autoptr (ApiReply) config = visit (f, "GET", config_path, NULL, NULL, NULL);

    api_assert (config, 200, NULL);
    g_assert_true (json_object_get_null_member (api_object (config), "chat"));
  }
  started_clear (&first);
  started_clear (&again);
  started_clear (&other);
}

/* Hostile text in every visitor field comes back byte for byte as JSON
 * strings, never as markup, on the visitor's socket and in the agent API. */
static const char *xss_corpus[] = {
  "<script>window.__xss=1</script>",
  "\"><img src=x onerror=\"window.__xss=1\">",
  "'><svg onload=alert(1)>",
  "javascript:alert(1)",
  "</script><script>alert(1)</script>",
  "{{constructor.constructor('alert(1)')()}}",
  "\u2028\u2029<!--",
};

static void
test_xss (WidgetFixture *f,
          gconstpointer  data)
{
  g_autofree char *op1 = NULL;
  g_autofree char *path = NULL;
  g_autoptr (Socket) ws = NULL;
  Started s;

  login_flow (f, f->api.op1);
  s = start_chat (f, xss_corpus[0], xss_corpus[1], NULL);
  ws = socket_open (f, s.id, s.token, 0, NULL);
  g_assert_no_error (ws->error);
  for (guint i = 0; i < G_N_ELEMENTS (xss_corpus); i++)
    {
      g_autofree char *ref = g_strdup_printf ("x%u", i);
      g_autofree char *frame = json_body ("type", "message", "body", xss_corpus[i], "ref", ref,
                                          NULL);
      JsonObject *echo;

      socket_send (ws, frame);
      echo = wait_frame (ws, 0, "message", "ref", ref);
      g_assert_cmpstr (api_str (echo, "body"), ==, xss_corpus[i]);
    }

  op1 = api_login (&f->api, "op1");
  path = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/messages", s.id);
  {
    g_autoptr (ApiReply) transcript = api_call (&f->api, "GET", path, op1, NULL);
    JsonObject *chat;
    JsonArray *messages;
    guint found = 0;

    api_assert (transcript, 200, NULL);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_one (transcript->headers,
                                                                   "Content-Type"),
                                     "application/json"));
    g_assert_cmpstr (soup_message_headers_get_one (transcript->headers, "X-Content-Type-Options"),
                     ==, "nosniff");
    chat = json_object_get_object_member (api_object (transcript), "chat");
    g_assert_cmpstr (api_str (chat, "visitor_name"), ==, xss_corpus[0]);
    g_assert_cmpstr (api_str (chat, "visitor_contact"), ==, xss_corpus[1]);
    messages = json_object_get_array_member (api_object (transcript), "messages");
    for (guint i = 0; i < json_array_get_length (messages); i++)
      {
        const char *body = json_object_get_string_member (json_array_get_object_element (messages,
                                                                                         i),
                                                          "body");

        for (guint j = 0; j < G_N_ELEMENTS (xss_corpus); j++)
          found += g_strcmp0 (body, xss_corpus[j]) == 0;
      }
    g_assert_cmpuint (found, ==, G_N_ELEMENTS (xss_corpus));
  }

  /* The offline form keeps hostile text as text too. */
  {
    g_autofree char *body = json_body ("name", xss_corpus[2], "contact", xss_corpus[3],
                                       "message", xss_corpus[4], NULL);
    g_autoptr (ApiReply) sent = visit (f, "POST", "/widget/v1/offline", NULL, NULL, body);
    g_autoptr (DeskCase) kase = NULL;

    api_assert (sent, 201, NULL);
    kase = desk_store_get_case_by_number (f->api.store,
                                          api_int (api_object (sent), "case_number"), NULL);
    g_assert_nonnull (strstr (kase->description, xss_corpus[4]));
  }
  started_clear (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define WIDGET_TEST(path, func) \
  g_test_add (path, WidgetFixture, NULL, widget_setup, func, widget_teardown)
  WIDGET_TEST ("/desk/web/widget/files", test_files);
  WIDGET_TEST ("/desk/web/widget/conversation", test_conversation);
  WIDGET_TEST ("/desk/web/widget/offline", test_offline);
  WIDGET_TEST ("/desk/web/widget/cors", test_cors);
  WIDGET_TEST ("/desk/web/widget/limits", test_limits);
  WIDGET_TEST ("/desk/web/widget/big-frame", test_big_frame);
  WIDGET_TEST ("/desk/web/widget/returning", test_returning);
  WIDGET_TEST ("/desk/web/widget/xss", test_xss);
#undef WIDGET_TEST

  return g_test_run ();
}
