/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web"

#include "desk-i18n.h"
#include "desk-web-server.h"
#include "desk-web-json.h"
#include "desk-error.h"
#include "desk-password.h"

#include <libsoup/soup.h>

/* A session lives for a working day plus overtime; the agent logs in again
 * the next morning. */
#define SESSION_SECONDS (12 * 3600)
#define LISTEN_BACKLOG 1024

/**
 * DeskWebServer:
 *
 * The office on HTTP: the agent API under `/api/v1`, and later the widget,
 * the portal and the dashboard.
 */
struct _DeskWebServer
{
  GObject parent_instance;

  DeskOffice *office;
  SoupServer *server;
  guint port;
  GHashTable *sessions;  /* SHA-256 of the token → Session */
};

typedef struct
{
  gint64 user_id;
  gint64 expires_at;
} Session;

G_DEFINE_FINAL_TYPE (DeskWebServer, desk_web_server, G_TYPE_OBJECT)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
token_key (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static void
on_status (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  DeskWebServer *self = data;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *name = desk_office_dup_name (self->office);

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET here"));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "api");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "sip_port");
  json_builder_add_int_value (builder, desk_office_get_sip_port (self->office));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  desk_web_reply_json (msg, SOUP_STATUS_OK, node);
}

static JsonNode *
login_reply (DeskWebServer *self,
             DeskUser      *user,
             const char    *token)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, SESSION_SECONDS);
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, user->id);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, user->login);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->display_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, desk_enum_to_nick (DESK_TYPE_ROLE, user->role));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "sip");
  if (user->sip_user)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, user->sip_user);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, user->sip_password);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, desk_office_get_sip_port (self->office));
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_login (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  DeskWebServer *self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) request = NULL;
  g_autoptr (DeskUser) user = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  const char *login, *password;
  Session *session;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use POST here"));
      return;
    }
  request = desk_web_read_object (msg, &error);
  if (request == NULL)
    {
      desk_web_reply_gerror (msg, error);
      return;
    }
  login = desk_web_get_string (request, "login");
  password = desk_web_get_string (request, "password");
  if (login == NULL || password == NULL)
    {
      desk_web_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Send “login” and “password” as strings"));
      return;
    }

  user = desk_store_authenticate (desk_office_get_store (self->office), login, password, &error);
  if (user == NULL)
    {
      g_message ("Failed login for “%s” from %s", login,
                 soup_server_message_get_remote_host (msg));
      desk_web_reply_gerror (msg, error);
      return;
    }

  token = desk_random_token (32);
  session = g_new0 (Session, 1);
  session->user_id = user->id;
  session->expires_at = now_seconds () + SESSION_SECONDS;
  g_hash_table_insert (self->sessions, token_key (token), session);

  reply = login_reply (self, user, token);
  desk_web_reply_json (msg, SOUP_STATUS_OK, reply);
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
desk_web_server_dispose (GObject *object)
{
  DeskWebServer *self = DESK_WEB_SERVER (object);

  desk_web_server_stop (self);
  g_clear_object (&self->server);
  g_clear_object (&self->office);
  g_clear_pointer (&self->sessions, g_hash_table_unref);

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
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

DeskWebServer *
desk_web_server_new (DeskOffice *office)
{
  DeskWebServer *self;

  g_return_val_if_fail (DESK_IS_OFFICE (office), NULL);

  self = g_object_new (DESK_TYPE_WEB_SERVER, NULL);
  self->office = g_object_ref (office);
  self->server = soup_server_new ("server-header", "Frontdesk/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, "/api/v1/status", on_status, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/login", on_login, self, NULL);
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
  if (!soup_server_listen_socket (self->server, socket, 0, error))
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
  self->port = 0;
}
