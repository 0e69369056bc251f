/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-widget"

#include "config.h"

#include "desk-web-widget.h"
#include "desk-web-widget-private.h"
#include "desk-web-widget-resources.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-phone.h"
#include "desk-web-json.h"
#include "desk-web-private.h"

#include <string.h>

/*
 * The website chat widget, the visitor's half. A site embeds
 * `<script src="http://OFFICE:8080/widget.js" async>`; the script draws
 * itself in a shadow root and talks to `/widget/v1`:
 *
 *   GET  /widget/v1/config            on duty?  a chat to resume?
 *   POST /widget/v1/chats             the pre-chat form: starts a chat
 *   GET  /widget/v1/chats/{id}/ws     the conversation (WebSocket)
 *   POST /widget/v1/chats/{id}/rate   the rating at the end
 *   POST /widget/v1/offline           the form when nobody is on duty
 *
 * Visitors are strangers: every endpoint is rate-limited per address,
 * bodies are small and refused before they are read, and only the sites
 * the owner lists in "widget-origins" (and the office's own pages) may
 * call it from a browser. A chat is the visitor's by a token derived from
 * its id with the server's secret, so nothing per chat is stored for it.
 * The same secret signs the visitor's cookie, which remembers the client
 * they turned out to be, so a returning visitor joins their client card.
 */

#define WIDGET_DATA "desk-web-widget"
#define SOCKET_CHAT_DATA "desk-widget-chat"
#define SOCKET_AFTER_DATA "desk-widget-after"
#define RESOURCE_PREFIX "/io/github/frontdesk/web/widget/"

DeskStore *
_desk_widget_store (DeskWidget *widget)
{
  return desk_office_get_store (widget->office);
}

/* Replies */

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  desk_web_reply_error (msg, status, code, message);
}

static gboolean
allow_rate (DeskWidget        *widget,
            DeskWebLimiter    *limiter,
            SoupServerMessage *msg)
{
  g_autofree char *address = desk_web_client_address (msg);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *retry = NULL;

  if (desk_web_limiter_allow (limiter, address, now))
    return TRUE;
  retry = g_strdup_printf ("%u", desk_web_limiter_retry_after (limiter, address, now));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry);
  reply_error (msg, 429, "rate_limited", _("Too many requests; please try again a little later"));
  return FALSE;
}

static JsonObject *
read_body (SoupServerMessage *msg)
{
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  if (soup_server_message_get_request_body (msg)->length > DESK_WIDGET_MAX_BODY)
    {
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                   _("The request is too large"));
      return NULL;
    }
  object = desk_web_read_object (msg, &error);
  if (object == NULL)
    desk_web_reply_gerror (msg, error);
  return object;
}

/* A visitor's text member, trimmed; NULL when absent or blank. FALSE after
 * a 400 reply when it is not a string or longer than @max_chars. */
static gboolean
text_member (SoupServerMessage *msg,
             JsonObject        *body,
             const char        *member,
             guint              max_chars,
             char             **value)
{
  g_autoptr (GError) error = NULL;
  const char *text = NULL;
  g_autofree char *copy = NULL;

  *value = NULL;
  if (!desk_web_member_string (body, member, FALSE, &text, &error))
    {
      desk_web_reply_gerror (msg, error);
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, max_chars * 4 + 1) > max_chars)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is longer than %u characters"), member,
                                                  max_chars);

      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return FALSE;
    }
  copy = g_strstrip (g_strdup (text));
  if (*copy != '\0')
    *value = g_steal_pointer (&copy);
  return TRUE;
}

static gint64
queue_member (JsonObject *body)
{
  gint64 queue = 0;

  if (!desk_web_member_int (body, "queue", FALSE, &queue, NULL) || queue < 0)
    return 0;
  return queue;
}

/* Handlers */

static void
serve_file (SoupServerMessage *msg,
            const char        *name,
            const char        *type)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr (GBytes) bytes = g_resource_lookup_data (desk_web_widget_get_resource (), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);

  if (bytes == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (headers, "Allow", "GET, HEAD");
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET here"));
      return;
    }
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=300");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  /* Sites load it from their pages: let them. */
  soup_message_headers_replace (headers, "Cross-Origin-Resource-Policy", "cross-origin");
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
on_config (DeskWidget        *widget,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  DeskStore *store = _desk_widget_store (widget);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = desk_office_dup_name (widget->office);
  const char *queue_text = query ? g_hash_table_lookup (query, "queue") : NULL;
  gint64 queue = queue_text ? g_ascii_strtoll (queue_text, NULL, 10) : 0;
  DeskWidgetVisitor visitor = { 0 };
  gboolean known;

  if (!allow_rate (widget, widget->misc_limiter, msg))
    return;
  known = _desk_widget_read_visitor (widget, msg, query ? g_hash_table_lookup (query, "visitor") : NULL,
                        &visitor);

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "office", name);
  desk_web_set_bool (builder, "on_duty",
                     widget->flow && desk_call_flow_chat_on_duty (widget->flow, MAX (queue, 0)));
  json_builder_set_member_name (builder, "chat");
  if (known && visitor.chat_id > 0)
    {
      g_autoptr (DeskChat) chat = desk_store_get_chat (store, visitor.chat_id, NULL);

      /* The client may have been found since (an operator linked them). */
      if (chat && chat->client_id && chat->client_id != visitor.client_id)
        {
          g_autofree char *value = NULL;

          visitor.client_id = chat->client_id;
          value = _desk_widget_write_visitor (widget, msg, &visitor);
        }
      if (chat && chat->ended_at == 0)
        {
          g_autofree char *token = _desk_widget_chat_token (widget, chat->id);

          json_builder_begin_object (builder);
          desk_web_set_int (builder, "id", chat->id);
          desk_web_set_string (builder, "token", token);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
on_start (DeskWidget        *widget,
          SoupServerMessage *msg)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (DeskChat) chat = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *token = NULL;
  g_autofree char *value = NULL;
  DeskChatVisitor spec = { 0 };
  DeskWidgetVisitor visitor = { 0 };
  gint64 id;

  if (!allow_rate (widget, widget->start_limiter, msg) || !(body = read_body (msg)))
    return;
  if (!text_member (msg, body, "name", 100, &name) ||
      !text_member (msg, body, "contact", 200, &contact))
    return;
  if (name == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", _("Tell us your name"));
      return;
    }
  if (widget->flow == NULL)
    {
      reply_error (msg, SOUP_STATUS_CONFLICT, "offline",
                   _("Nobody is on duty now; leave a message and we will answer"));
      return;
    }
  _desk_widget_read_visitor (widget, msg, desk_web_get_string (body, "visitor"), &visitor);

  spec.name = name;
  spec.contact = contact;
  spec.client_id = visitor.client_id;
  spec.queue_id = queue_member (body);
  id = desk_call_flow_chat_start (widget->flow, &spec, &error);
  if (id <= 0)
    {
      if (g_error_matches (error, DESK_ERROR, DESK_ERROR_LIMIT))
        reply_error (msg, SOUP_STATUS_CONFLICT, "offline", error->message);
      else
        desk_web_reply_gerror (msg, error);
      return;
    }

  chat = desk_store_get_chat (_desk_widget_store (widget), id, NULL);
  visitor.chat_id = id;
  if (chat && chat->client_id)
    visitor.client_id = chat->client_id;
  value = _desk_widget_write_visitor (widget, msg, &visitor);
  token = _desk_widget_chat_token (widget, id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "chat_id", id);
  desk_web_set_string (builder, "token", token);
  desk_web_set_string (builder, "visitor", value);
  json_builder_end_object (builder);
  desk_web_reply_builder (msg, SOUP_STATUS_CREATED, builder);
}

static gint64
offline_category (DeskStore *store)
{
  g_autofree char *setting = desk_store_get_setting (store, "offline-category");
  guint64 id = 0;

  if (setting == NULL || !g_ascii_string_to_unsigned (setting, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}

static gint64
client_by_contact (DeskStore  *store,
                   const char *contact)
{
  g_autofree char *region = desk_store_get_setting (store, "default-country");
  g_autofree char *e164 = desk_phone_normalize (contact, region, NULL);
  g_autoptr (GArray) ids = NULL;

  if (e164 == NULL)
    return 0;
  ids = desk_store_find_clients_by_phone (store, e164, NULL);
  return ids && ids->len == 1 ? g_array_index (ids, gint64, 0) : 0;
}

static void
on_offline (DeskWidget        *widget,
            SoupServerMessage *msg)
{
  DeskStore *store = _desk_widget_store (widget);
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *description = NULL;
  DeskWidgetVisitor visitor = { 0 };
  DeskCaseNew spec = { 0 };

  if (!allow_rate (widget, widget->offline_limiter, msg) || !(body = read_body (msg)))
    return;
  if (!text_member (msg, body, "name", 100, &name) ||
      !text_member (msg, body, "contact", 200, &contact) ||
      !text_member (msg, body, "message", DESK_WIDGET_MAX_OFFLINE_CHARS, &text))
    return;
  if (name == NULL || contact == NULL || text == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                   _("Tell us your name, a phone or an e-mail, and your message"));
      return;
    }
  _desk_widget_read_visitor (widget, msg, desk_web_get_string (body, "visitor"), &visitor);

  subject = g_strdup_printf (_("Website message from %s"), name);
  description = g_strdup_printf ("%s\n%s: %s\n%s: %s", text, _("Name"), name, _("Contact"),
                                 contact);
  spec.client_id = visitor.client_id ? visitor.client_id : client_by_contact (store, contact);
  spec.category_id = offline_category (store);
  spec.subject = subject;
  spec.description = description;
  spec.priority = DESK_PRIORITY_NORMAL;
  spec.channel = DESK_CHANNEL_CHAT;
  kase = desk_store_create_case (store, 0, &spec, &error);
  if (kase == NULL && (spec.category_id || spec.client_id))
    {
      /* A stale setting or cookie must not lose the message. */
      g_message ("An offline message's case was refused (%s); saved without category and client",
                 error->message);
      g_clear_error (&error);
      spec.category_id = 0;
      spec.client_id = 0;
      kase = desk_store_create_case (store, 0, &spec, &error);
    }
  if (kase == NULL)
    {
      desk_web_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "case_number", kase->number);
  json_builder_end_object (builder);
  desk_web_reply_builder (msg, SOUP_STATUS_CREATED, builder);
}

static void
on_rate (DeskWidget        *widget,
         SoupServerMessage *msg,
         gint64             chat_id)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  const char *token = NULL;
  gint64 csat = 0;

  if (!allow_rate (widget, widget->misc_limiter, msg) || !(body = read_body (msg)))
    return;
  if (!desk_web_member_string (body, "token", TRUE, &token, &error) ||
      !desk_web_member_int (body, "csat", TRUE, &csat, &error))
    {
      desk_web_reply_gerror (msg, error);
      return;
    }
  if (!_desk_widget_token_valid (widget, chat_id, token))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", _("This chat is not yours"));
      return;
    }
  if (widget->flow == NULL)
    {
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                   _("The office's telephony is not running"));
      return;
    }
  if (!desk_call_flow_chat_rate (widget->flow, chat_id, (int) CLAMP (csat, -1, 99), &error))
    {
      desk_web_reply_gerror (msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_bool (builder, "ok", TRUE);
  json_builder_end_object (builder);
  desk_web_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static gboolean
is_websocket_request (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

/* Everything is checked here, before the handshake: after it, libsoup
 * hands over a connection with no way left to answer with a status. */
static void
on_socket_request (DeskWidget        *widget,
                   SoupServerMessage *msg,
                   GHashTable        *query,
                   gint64             chat_id)
{
  const char *token = query ? g_hash_table_lookup (query, "token") : NULL;
  const char *after_text = query ? g_hash_table_lookup (query, "after") : NULL;
  g_autoptr (DeskChat) chat = NULL;
  guint64 after = 0;

  if (!is_websocket_request (msg))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", _("This is a WebSocket"));
      return;
    }
  if (!allow_rate (widget, widget->misc_limiter, msg))
    return;
  if (!_desk_widget_token_valid (widget, chat_id, token))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", _("This chat is not yours"));
      return;
    }
  chat = desk_store_get_chat (_desk_widget_store (widget), chat_id, NULL);
  if (chat == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                   _("The chat has ended or does not exist"));
      return;
    }
  if (_desk_widget_count_sockets (widget, chat_id) >= DESK_WIDGET_MAX_SOCKETS_PER_CHAT)
    {
      reply_error (msg, 429, "rate_limited", _("This chat is open in too many windows"));
      return;
    }
  if (after_text)
    g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &after, NULL);
  g_object_set_data (G_OBJECT (msg), SOCKET_CHAT_DATA, GSIZE_TO_POINTER ((gsize) chat_id));
  g_object_set_data (G_OBJECT (msg), SOCKET_AFTER_DATA, GSIZE_TO_POINTER ((gsize) after));
  /* Status left unset: libsoup completes the handshake. */
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 data)
{
  DeskWidget *widget = data;
  gint64 chat_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg),
                                                                 SOCKET_CHAT_DATA));
  gint64 after = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg),
                                                               SOCKET_AFTER_DATA));
  g_autofree char *address = desk_web_client_address (msg);

  if (chat_id <= 0)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  _desk_widget_socket_open (widget, conn, chat_id, after, address);
}

static void
add_cors (SoupServerMessage *msg,
          const char        *origin)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_append (headers, "Vary", "Origin");
  if (origin == NULL)
    return;
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (headers, "Access-Control-Allow-Credentials", "true");
}

/* Splits "/widget/v1/chats/12/ws" into its parts after "/widget/v1/". */
static char **
api_segments (const char *path)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) raw = g_strsplit (path + strlen ("/widget/v1/"), "/", -1);

  for (guint i = 0; raw[i]; i++)
    if (*raw[i] != '\0')
      g_ptr_array_add (parts, g_strdup (raw[i]));
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_steal (parts, NULL);
}

static void
on_widget (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  DeskWidget *widget = data;
  const char *method = soup_server_message_get_method (msg);
  const char *origin = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Origin");
  g_auto (GStrv) parts = NULL;
  guint n;
  guint64 chat_id = 0;

  if (g_str_equal (path, "/widget.js"))
    {
      serve_file (msg, "widget.js", "text/javascript; charset=utf-8");
      return;
    }
  if (g_str_equal (path, "/widget.css"))
    {
      serve_file (msg, "widget.css", "text/css; charset=utf-8");
      return;
    }
  if (!g_str_has_prefix (path, "/widget/v1/"))
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
      return;
    }

  /* CORS: only for the listed sites; everyone else gets no headers, and
   * no service either (a WebSocket is not guarded by CORS at all). */
  if (!_desk_widget_origin_allowed (widget, msg, origin))
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Vary",
                                   "Origin");
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "origin",
                   _("This site may not use the office's chat"));
      return;
    }
  add_cors (msg, origin);
  if (method == SOUP_METHOD_OPTIONS)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (headers, "Access-Control-Allow-Methods", "GET, POST");
      soup_message_headers_replace (headers, "Access-Control-Allow-Headers", "Content-Type");
      soup_message_headers_replace (headers, "Access-Control-Max-Age", "600");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  parts = api_segments (path);
  n = g_strv_length (parts);
  if (n >= 2 && g_str_equal (parts[0], "chats") &&
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &chat_id, NULL))
    chat_id = 0;

  if (n == 1 && g_str_equal (parts[0], "config") && method == SOUP_METHOD_GET)
    on_config (widget, msg, query);
  else if (n == 1 && g_str_equal (parts[0], "chats") && method == SOUP_METHOD_POST)
    on_start (widget, msg);
  else if (n == 1 && g_str_equal (parts[0], "offline") && method == SOUP_METHOD_POST)
    on_offline (widget, msg);
  else if (n == 3 && chat_id && g_str_equal (parts[2], "rate") && method == SOUP_METHOD_POST)
    on_rate (widget, msg, (gint64) chat_id);
  else if (n == 3 && chat_id && g_str_equal (parts[2], "ws") && method == SOUP_METHOD_GET)
    on_socket_request (widget, msg, query, (gint64) chat_id);
  else if ((n == 1 && (g_str_equal (parts[0], "config") || g_str_equal (parts[0], "chats") ||
                       g_str_equal (parts[0], "offline"))) ||
           (n == 3 && chat_id && (g_str_equal (parts[2], "rate") || g_str_equal (parts[2], "ws"))))
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("This method is not allowed here"));
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
}

/* Runs when the headers are in: a body that is too large is refused
 * before it is read into memory. */
static void
on_widget_early (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);

  if (method != SOUP_METHOD_POST && method != SOUP_METHOD_PUT)
    return;
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      reply_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "invalid", _("Send the body's length"));
      return;
    }
  if (soup_message_headers_get_content_length (headers) > DESK_WIDGET_MAX_BODY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                   _("The request is too large"));
    }
}

static void
widget_free (gpointer data)
{
  DeskWidget *widget = data;

  _desk_widget_sockets_free (widget);
  g_clear_object (&widget->flow);
  g_clear_object (&widget->office);
  g_clear_pointer (&widget->secret, g_bytes_unref);
  g_clear_pointer (&widget->start_limiter, desk_web_limiter_free);
  g_clear_pointer (&widget->message_limiter, desk_web_limiter_free);
  g_clear_pointer (&widget->typing_limiter, desk_web_limiter_free);
  g_clear_pointer (&widget->offline_limiter, desk_web_limiter_free);
  g_clear_pointer (&widget->misc_limiter, desk_web_limiter_free);
  g_free (widget);
}

void
_desk_web_widget_init (DeskWebServer *self)
{
  DeskWidget *widget = g_new0 (DeskWidget, 1);
  SoupServer *server = self->server;
  DeskOffice *office = self->office;

  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      desk_web_widget_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  widget->server = self;
  widget->office = g_object_ref (office);
  widget->flow = desk_office_get_call_flow (office);
  if (widget->flow)
    g_object_ref (widget->flow);
  widget->secret = _desk_widget_load_secret (desk_office_get_store (office));
  /* A visitor starts a few chats, writes at talking speed, leaves an
   * offline message or two; far beyond that is a script. */
  widget->start_limiter = desk_web_limiter_new (5, 1.0 / 120);
  widget->message_limiter = desk_web_limiter_new (20, 1.0);
  widget->typing_limiter = desk_web_limiter_new (30, 2.0);
  widget->offline_limiter = desk_web_limiter_new (3, 1.0 / 600);
  widget->misc_limiter = desk_web_limiter_new (60, 2.0);
  _desk_widget_sockets_init (widget);
  g_object_set_data_full (G_OBJECT (self), WIDGET_DATA, widget, widget_free);

  soup_server_add_early_handler (server, "/widget", on_widget_early, widget, NULL);
  soup_server_add_handler (server, "/widget", on_widget, widget, NULL);
  soup_server_add_websocket_handler (server, "/widget", NULL, NULL, on_websocket, widget, NULL);
  soup_server_add_handler (server, "/widget.js", on_widget, widget, NULL);
  soup_server_add_handler (server, "/widget.css", on_widget, widget, NULL);
  for (const DeskWebRoute *route = _desk_web_chat_routes; route->method; route++)
    g_ptr_array_add (self->routes, (gpointer) route);
}
