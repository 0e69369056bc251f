/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-widget-test"

#include "test-api-common.h"

#include "desk-call-flow.h"
#include "desk-error.h"

#include <string.h>

/* The website chat widget against a real server: the office's store on
 * disk, its telephony on 127.0.0.1 port 0 (so the call flow runs chats),
 * the web server on port 0; a libsoup client plays the visitor's widget
 * (HTTP and its WebSocket) and the agent API plays the operator. */

typedef struct
{
  ApiFixture api;
  gint64 queue;
  GPtrArray *offered;       /* "chat user" lines from chat-offered */
  GPtrArray *flow_events;   /* "typing visitor 1", … */
} WidgetFixture;

static void
on_offered (DeskCallFlow *flow, gint64 chat, gint64 user, WidgetFixture *f)
{
  g_ptr_array_add (f->offered, g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, chat,
                                                user));
}

static void
on_typing (DeskCallFlow *flow, gint64 chat, const char *who, gboolean typing, WidgetFixture *f)
{
  g_ptr_array_add (f->flow_events, g_strdup_printf ("typing %s %d", who, typing));
}

static void
on_read (DeskCallFlow *flow, gint64 chat, const char *reader, gint64 up_to, WidgetFixture *f)
{
  g_ptr_array_add (f->flow_events, g_strdup_printf ("read %s %" G_GINT64_FORMAT, reader, up_to));
}

static DeskCallFlow *
flow_of (WidgetFixture *f)
{
  return desk_office_get_call_flow (f->api.office);
}

static void
widget_setup (WidgetFixture *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  DeskQueue queue = {
    .name = "Чат", .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE, .skill_relax_seconds = 30,
    .max_wait_seconds = 600, .max_length = 20, .announce_seconds = 0,
    .service_level_seconds = 20, .callback_digit = "3", .chat_weight = 0.5,
  };
  DeskBotRule rule = { "тариф\nціна", "Наші тарифи: 100, 200 і 300 Мбіт/с.", FALSE, FALSE, 1 };

  api_fixture_setup (&f->api, data);
  f->queue = desk_store_add_queue (f->api.store, &queue, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->api.store, f->queue, f->api.op1, 0, &error));
  g_assert_true (desk_store_add_queue_member (f->api.store, f->queue, f->api.op2, 0, &error));
  desk_store_add_bot_rule (f->api.store, &rule, &error);
  g_assert_no_error (error);

  /* The office reads its queues and the bot's rules when it starts: start
   * it again with them, and a web server for it. */
  desk_web_server_stop (f->api.web);
  g_clear_object (&f->api.web);
  desk_office_stop (f->api.office);
  g_clear_object (&f->api.office);
  f->api.office = desk_office_new (f->api.store);
  g_assert_true (desk_office_start (f->api.office, "127.0.0.1", 0, f->api.dir, &error));
  g_assert_no_error (error);
  f->api.web = desk_web_server_new (f->api.office);
  g_assert_true (desk_web_server_listen (f->api.web, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_free (f->api.base);
  f->api.base = g_strdup_printf ("http://127.0.0.1:%u", desk_web_server_get_port (f->api.web));

  f->offered = g_ptr_array_new_with_free_func (g_free);
  f->flow_events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (flow_of (f), "chat-offered", G_CALLBACK (on_offered), f);
  g_signal_connect (flow_of (f), "chat-typing", G_CALLBACK (on_typing), f);
  g_signal_connect (flow_of (f), "chat-read", G_CALLBACK (on_read), f);
}

static void
widget_teardown (WidgetFixture *f,
                 gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (flow_of (f), f);
  api_fixture_teardown (&f->api, data);
  g_clear_pointer (&f->offered, g_ptr_array_unref);
  g_clear_pointer (&f->flow_events, g_ptr_array_unref);
}

static void
login_flow (WidgetFixture *f,
            gint64         user_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_call_flow_agent_login (flow_of (f), user_id, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GBytes *bytes;
  GError *error;
  gboolean done;
} Pending;

static void
on_read_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Pending *pending = data;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &pending->error);
  pending->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((Pending *) data)->done;
}

/* HTTP as a browser on another site would send it. */
static ApiReply *
visit (WidgetFixture *f,
       const char    *method,
       const char    *path,
       const char    *origin,
       const char    *cookie,
       const char    *body)
{
  g_autofree char *uri = g_strconcat (f->api.base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) bytes = NULL;
  Pending pending = { 0 };
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  ApiReply *reply;

  if (origin)
    soup_message_headers_replace (headers, "Origin", origin);
  if (cookie)
    soup_message_headers_replace (headers, "Cookie", cookie);
  if (body)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  soup_session_send_and_read_async (f->api.session, msg, G_PRIORITY_DEFAULT, NULL, on_read_done,
                                    &pending);
  g_assert_true (desk_test_wait_until (read_done, &pending, 30000));
  g_assert_no_error (pending.error);
  bytes = pending.bytes;
  reply = g_new0 (ApiReply, 1);
  reply->status = soup_message_get_status (msg);
  reply->text = g_bytes_get_size (bytes) ?
                g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (*reply->text && g_str_has_prefix (soup_message_headers_get_one (reply->headers,
                                                                      "Content-Type") ?: "",
                                        "application/json"))
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, reply->text, -1, NULL))
        reply->root = json_node_ref (json_parser_get_root (parser));
    }
  g_test_message ("%s %s → %u %.200s", method, path, reply->status, reply->text);
  return reply;
}

typedef struct
{
  gint64 id;
  char *token;
  char *visitor;
  char *cookie;     /* "frontdesk_visitor=…" */
} Started;

static void
started_clear (Started *s)
{
  g_clear_pointer (&s->token, g_free);
  g_clear_pointer (&s->visitor, g_free);
  g_clear_pointer (&s->cookie, g_free);
}

static char *
json_body (const char *first, ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  va_list ap;

  json_builder_begin_object (builder);
  va_start (ap, first);
  for (const char *name = first; name; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, value);
    }
  va_end (ap);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static Started
start_chat (WidgetFixture *f,
            const char    *name,
            const char    *contact,
            const char    *cookie)
{
  g_autofree char *body = json_body ("name", name, "contact", contact, NULL);
  g_autoptr (ApiReply) reply = visit (f, "POST", "/widget/v1/chats", NULL, cookie, body);
  const char *set_cookie;
  Started s = { 0 };

  api_assert (reply, 201, NULL);
  s.id = api_int (api_object (reply), "chat_id");
  s.token = g_strdup (api_str (api_object (reply), "token"));
  s.visitor = g_strdup (api_str (api_object (reply), "visitor"));
  set_cookie = soup_message_headers_get_one (reply->headers, "Set-Cookie");
  g_assert_nonnull (set_cookie);
  g_assert_nonnull (strstr (set_cookie, "HttpOnly"));
  g_assert_nonnull (strstr (set_cookie, "SameSite=Lax"));   /* plain HTTP */
  g_assert_null (strstr (set_cookie, "Secure"));
  s.cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
  g_assert_cmpstr (s.cookie + strlen ("frontdesk_visitor="), ==, s.visitor);
  return s;
}

/* The visitor's WebSocket */

typedef struct
{
  SoupWebsocketConnection *conn;
  GPtrArray *frames;       /* JsonObject */
  GError *error;
  gboolean done;
  gboolean closed;
} Socket;

static void
on_frame (SoupWebsocketConnection *conn, SoupWebsocketDataType type, GBytes *message, Socket *s)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  g_test_message ("ws ← %.*s", (int) MIN (len, 300), data);
  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_ptr_array_add (s->frames, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
on_ws_closed (SoupWebsocketConnection *conn, Socket *s)
{
  s->closed = TRUE;
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  Socket *s = data;

  s->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &s->error);
  if (s->conn)
    {
      g_signal_connect (s->conn, "message", G_CALLBACK (on_frame), s);
      g_signal_connect (s->conn, "closed", G_CALLBACK (on_ws_closed), s);
    }
  s->done = TRUE;
}

static gboolean
socket_done (gpointer data)
{
  return ((Socket *) data)->done;
}

static Socket *
socket_open_path (WidgetFixture *f,
                  const char    *path,
                  const char    *origin)
{
  g_autofree char *uri = g_strdup_printf ("ws%s%s", f->api.base + strlen ("http"), path);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  Socket *s = g_new0 (Socket, 1);

  s->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  soup_session_websocket_connect_async (f->api.session, msg, origin, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_connected, s);
  g_assert_true (desk_test_wait_until (socket_done, s, 10000));
  return s;
}

static Socket *
socket_open (WidgetFixture *f,
             gint64         chat_id,
             const char    *token,
             gint64         after,
             const char    *origin)
{
  g_autofree char *path = g_strdup_printf ("/widget/v1/chats/%" G_GINT64_FORMAT
                                           "/ws?token=%s&after=%" G_GINT64_FORMAT, chat_id, token,
                                           after);

  return socket_open_path (f, path, origin);
}

static void
socket_free (Socket *s)
{
  if (s->conn)
    {
      g_signal_handlers_disconnect_by_data (s->conn, s);
      if (soup_websocket_connection_get_state (s->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (s->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (s->conn);
    }
  g_clear_error (&s->error);
  g_ptr_array_unref (s->frames);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

static void
socket_send (Socket     *s,
             const char *text)
{
  g_test_message ("ws → %.300s", text);
  soup_websocket_connection_send_text (s->conn, text);
}

typedef struct
{
  Socket *s;
  const char *type;
  const char *member;     /* nullable: a string member that must equal value */
  const char *value;
  guint from;
  JsonObject *found;
} FrameWait;

static gboolean
frame_seen (gpointer data)
{
  FrameWait *w = data;

  for (guint i = w->from; i < w->s->frames->len; i++)
    {
      JsonObject *frame = g_ptr_array_index (w->s->frames, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (frame, "type", ""), w->type) != 0)
        continue;
      if (w->member &&
          g_strcmp0 (json_object_get_string_member_with_default (frame, w->member, ""), w->value))
        continue;
      w->found = frame;
      return TRUE;
    }
  return FALSE;
}

/* Waits for a frame of @type (with @member equal to @value) received at
 * or after index @from. */
static JsonObject *
wait_frame (Socket     *s,
            guint       from,
            const char *type,
            const char *member,
            const char *value)
{
  FrameWait w = { s, type, member, value, from, NULL };

  if (!desk_test_wait_until (frame_seen, &w, 8000))
    g_error ("no %s frame with %s=%s", type, member ? member : "-", value ? value : "-");
  return w.found;
}

static guint
count_frames (Socket     *s,
              const char *type)
{
  guint n = 0;

  for (guint i = 0; i < s->frames->len; i++)
    n += g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (s->frames, i),
                                                                "type", ""), type) == 0;
  return n;
}

static gboolean
has_line (GPtrArray  *lines,
          const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GPtrArray *lines;
  const char *line;
} LineWait;

static gboolean
line_seen (gpointer data)
{
  LineWait *w = data;

  return has_line (w->lines, w->line);
}

static void
wait_line (GPtrArray  *lines,
           const char *line)
{
  LineWait w = { lines, line };

  if (!desk_test_wait_until (line_seen, &w, 8000))
    g_error ("no “%s”", line);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

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
