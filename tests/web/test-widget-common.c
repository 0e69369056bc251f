/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-widget-test"

#include "test-widget-common.h"

#include <string.h>

/* The website chat widget against a real server: the office's store on
 * disk, its telephony on 127.0.0.1 port 0 (so the call flow runs chats),
 * the web server on port 0; a libsoup client plays the visitor's widget
 * (HTTP and its WebSocket) and the agent API plays the operator. */

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

DeskCallFlow *
flow_of (WidgetFixture *f)
{
  return desk_office_get_call_flow (f->api.office);
}

void
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

void
widget_teardown (WidgetFixture *f,
                 gconstpointer  data)
{
  /* A test may have stopped the office itself. */
  if (f->api.office && flow_of (f))
    g_signal_handlers_disconnect_by_data (flow_of (f), f);
  api_fixture_teardown (&f->api, data);
  g_clear_pointer (&f->offered, g_ptr_array_unref);
  g_clear_pointer (&f->flow_events, g_ptr_array_unref);
}

void
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
ApiReply *
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

void
started_clear (Started *s)
{
  g_clear_pointer (&s->token, g_free);
  g_clear_pointer (&s->visitor, g_free);
  g_clear_pointer (&s->cookie, g_free);
}

char *
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

Started
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

Socket *
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

Socket *
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

void
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

void
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
JsonObject *
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

guint
count_frames (Socket     *s,
              const char *type)
{
  guint n = 0;

  for (guint i = 0; i < s->frames->len; i++)
    n += g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (s->frames, i),
                                                                "type", ""), type) == 0;
  return n;
}

gboolean
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

void
wait_line (GPtrArray  *lines,
           const char *line)
{
  LineWait w = { lines, line };

  if (!desk_test_wait_until (line_seen, &w, 8000))
    g_error ("no “%s”", line);
}

gboolean
never (gpointer data)
{
  return FALSE;
}

