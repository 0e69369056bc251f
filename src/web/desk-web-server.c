/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-web-portal.h"
#include "desk-web-widget.h"
#include "desk-web-dashboard.h"
#include "desk-web-tls.h"
#include "desk-error.h"

#include <libsoup/soup.h>

#define LISTEN_BACKLOG 1024
#define API_PREFIX "/api/v1"

/**
 * DeskWebServer:
 *
 * The office on HTTP: the agent API under `/api/v1` with its WebSocket
 * event stream, and later the widget, the portal and the dashboard.
 *
 * This file composes the parts: each `desk-web-api-*.c` lists its routes,
 * and one handler under `/api/v1` finds the route, checks the session and
 * the role, and calls it. Chats join as `desk-web-api-chats.c` with its
 * own route table, added to the list in desk_web_server_new().
 */

G_DEFINE_FINAL_TYPE (DeskWebServer, desk_web_server, G_TYPE_OBJECT)

DeskStore *
_desk_web_store (DeskWebServer *self)
{
  return desk_office_get_store (self->office);
}

DeskCallFlow *
_desk_web_flow (DeskWebRequest *request)
{
  DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);

  if (flow == NULL)
    desk_web_reply_error (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                          _("The office's telephony is not running"));
  return flow;
}

void
_desk_web_reply_ok (SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_bool (builder, "ok", TRUE);
  json_builder_end_object (builder);
  desk_web_reply_builder (msg, SOUP_STATUS_OK, builder);
}

JsonObject *
_desk_web_body (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  JsonObject *object = desk_web_read_object (request->msg, &error);

  if (object == NULL)
    desk_web_reply_gerror (request->msg, error);
  return object;
}

gboolean
_desk_web_is_supervisor (DeskUser *user)
{
  return user->role == DESK_ROLE_SUPERVISOR || user->role == DESK_ROLE_OWNER;
}

gint64
_desk_web_query_id (DeskWebRequest *request,
                    const char     *name)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;
  guint64 id = 0;

  if (text == NULL || *text == '\0')
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a positive whole number"), name);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return -1;
    }
  return (gint64) id;
}

static void
on_status (DeskWebRequest *request)
{
  DeskWebServer *self = request->self;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = desk_office_dup_name (self->office);

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "name", name);
  desk_web_set_string (builder, "version", PACKAGE_VERSION);
  desk_web_set_int (builder, "api", 1);
  desk_web_set_int (builder, "sip_port", desk_office_get_sip_port (self->office));
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

static const DeskWebRoute server_routes[] = {
  { "GET", "/status", DESK_WEB_PUBLIC, on_status },
  { NULL }
};

/* Routing */

static gboolean
match_route (const DeskWebRoute  *route,
             char               **segments,
             gint64              *id)
{
  g_auto (GStrv) pattern = g_strsplit (route->path + 1, "/", -1);
  guint n = g_strv_length (pattern);

  if (n != g_strv_length (segments))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (pattern[i], "{id}"))
        {
          guint64 value;

          if (!g_ascii_string_to_unsigned (segments[i], 10, 1, G_MAXINT64, &value, NULL))
            return FALSE;
          *id = (gint64) value;
        }
      else if (!g_str_equal (pattern[i], segments[i]))
        return FALSE;
    }
  return TRUE;
}

/* The path under the prefix, cut into its segments; a trailing slash is
 * ignored. */
static char **
split_path (const char *path)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) raw = NULL;

  path += strlen (API_PREFIX);
  while (*path == '/')
    path++;
  raw = g_strsplit (path, "/", -1);
  for (guint i = 0; raw[i]; i++)
    if (*raw[i] != '\0')
      g_ptr_array_add (parts, g_strdup (raw[i]));
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_steal (parts, NULL);
}

static void
on_api (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  DeskWebServer *self = data;
  g_auto (GStrv) segments = split_path (path);
  g_autoptr (GString) allowed = g_string_new (NULL);
  const char *method = soup_server_message_get_method (msg);
  const DeskWebRoute *found = NULL;
  DeskWebRequest request = { self, msg, query, NULL, NULL, 0 };

  for (guint i = 0; i < self->routes->len && found == NULL; i++)
    {
      const DeskWebRoute *route = g_ptr_array_index (self->routes, i);
      gint64 id = 0;

      if (!match_route (route, segments, &id))
        continue;
      if (g_str_equal (route->method, method))
        {
          found = route;
          request.id = id;
        }
      else
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", route->method);
    }

  if (found == NULL && allowed->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Use %s here"), allowed->str);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", message);
      return;
    }
  if (found == NULL)
    {
      desk_web_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
      return;
    }
  if (found->min_role != DESK_WEB_PUBLIC)
    {
      request.user = _desk_web_require_user (self, msg, NULL, found->min_role,
                                             &request.token_hash);
      if (request.user == NULL)
        return;
    }
  found->handler (&request);
  g_clear_pointer (&request.user, desk_user_free);
  g_free (request.token_hash);
}

static void
on_not_found (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  desk_web_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
}

static void
add_routes (DeskWebServer      *self,
            const DeskWebRoute *routes)
{
  for (const DeskWebRoute *route = routes; route->method; route++)
    g_ptr_array_add (self->routes, (gpointer) route);
}

static void
desk_web_server_dispose (GObject *object)
{
  DeskWebServer *self = DESK_WEB_SERVER (object);

  if (self->server)
    desk_web_server_stop (self);
  _desk_web_events_dispose (self);
  _desk_web_sessions_dispose (self);
  g_clear_object (&self->server);
  g_clear_object (&self->office);
  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (desk_web_server_parent_class)->dispose (object);
}

static void
desk_web_server_class_init (DeskWebServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = desk_web_server_dispose;
}

static void
desk_web_server_init (DeskWebServer *self)
{
  self->routes = g_ptr_array_new ();
}

DeskWebServer *
desk_web_server_new (DeskOffice *office)
{
  DeskWebServer *self;

  g_return_val_if_fail (DESK_IS_OFFICE (office), NULL);

  self = g_object_new (DESK_TYPE_WEB_SERVER, NULL);
  self->office = g_object_ref (office);
  self->server = soup_server_new ("server-header", "Frontdesk/" PACKAGE_VERSION " ", NULL);

  add_routes (self, server_routes);
  add_routes (self, _desk_web_session_routes);
  add_routes (self, _desk_web_agent_routes);
  add_routes (self, _desk_web_client_routes);
  add_routes (self, _desk_web_case_routes);
  add_routes (self, _desk_web_directory_routes);
  add_routes (self, _desk_web_chat_case_routes);
  add_routes (self, _desk_web_history_routes);
  _desk_web_widget_init (self);   /* the widget, and /api/v1/chats */
  _desk_web_dashboard_init (self); /* /dashboard/, /api/v1/dashboard */

  _desk_web_sessions_init (self);
  _desk_web_events_init (self);
  soup_server_add_handler (self->server, API_PREFIX, on_api, self, NULL);
  desk_web_portal_register (self->server, office);
  soup_server_add_handler (self->server, NULL, on_not_found, self, NULL);
  return self;
}

/**
 * desk_web_server_listen:
 * @self: a #DeskWebServer
 * @address: an IP address to listen on ("0.0.0.0" for the whole LAN)
 * @port: the port; 0 picks a free one
 * @error: a #GError
 *
 * The socket is made here with a deep backlog: GSocket's default of 10
 * turns away a burst of connecting widgets and agents.
 */
gboolean
desk_web_server_listen (DeskWebServer  *self,
                        const char     *address,
                        guint           port,
                        GError        **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) sockaddr = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GSocket) socket = NULL;

  g_return_val_if_fail (DESK_IS_WEB_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL || port > G_MAXUINT16)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Cannot listen on %s:%u"), address,
                   port);
      return FALSE;
    }
  sockaddr = g_inet_socket_address_new (inet, (guint16) port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, sockaddr, TRUE, error) || !g_socket_listen (socket, error))
    {
      g_prefix_error (error, _("Cannot listen for HTTP on port %u: "), port);
      return FALSE;
    }
  if (!soup_server_listen_socket (self->server, socket,
                                  desk_web_server_get_tls (self) ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                  error))
    return FALSE;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

guint
desk_web_server_get_port (DeskWebServer *self)
{
  g_return_val_if_fail (DESK_IS_WEB_SERVER (self), 0);
  return self->port;
}

void
desk_web_server_stop (DeskWebServer *self)
{
  g_return_if_fail (DESK_IS_WEB_SERVER (self));

  if (self->server)
    soup_server_disconnect (self->server);
  /* The event streams left the server's hands at the upgrade. */
  if (self->streams)
    _desk_web_events_end_session (self, NULL);
  self->port = 0;
}

/**
 * desk_web_server_set_tls_certificate:
 * @self: a #DeskWebServer
 * @certificate: (nullable): the certificate with its private key, or %NULL
 *   for plain HTTP
 *
 * Before desk_web_server_listen(): with a certificate the port serves
 * HTTPS only (one port, one scheme, as agents and scripts expect).
 */
void
desk_web_server_set_tls_certificate (DeskWebServer   *self,
                                     GTlsCertificate *certificate)
{
  g_return_if_fail (DESK_IS_WEB_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (self->port == 0);

  soup_server_set_tls_certificate (self->server, certificate);
}

/**
 * desk_web_server_get_tls:
 * @self: a #DeskWebServer
 *
 * Whether the server speaks HTTPS: cookies it sets then carry `Secure`.
 */
gboolean
desk_web_server_get_tls (DeskWebServer *self)
{
  g_return_val_if_fail (DESK_IS_WEB_SERVER (self), FALSE);
  return self->server != NULL && soup_server_is_https (self->server);
}

/**
 * desk_web_server_dup_tls_fingerprint:
 * @self: a #DeskWebServer
 *
 * Returns: (transfer full) (nullable): the SHA-256 fingerprint of the
 *   server's certificate ("AA:BB:…"), or %NULL without TLS
 */
char *
desk_web_server_dup_tls_fingerprint (DeskWebServer *self)
{
  GTlsCertificate *certificate;

  g_return_val_if_fail (DESK_IS_WEB_SERVER (self), NULL);

  certificate = self->server ? soup_server_get_tls_certificate (self->server) : NULL;
  return certificate ? desk_web_tls_fingerprint (certificate) : NULL;
}
