/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-api-client"

#include "desk-i18n.h"
#include "desk-api-client.h"
#include "desk-error.h"
#include "desk-fingerprint.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* Set on a message whose handshake was refused because the certificate
 * is not the pinned one, so that its failure is explained as such and not
 * as a network error. */
#define PIN_REFUSED_KEY "desk-pin-refused"

enum {
  SIGNAL_TOKEN_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * DeskApiClient:
 *
 * The agent's side of the office's HTTP+JSON API: one SoupSession, the
 * session token and the pinned certificate.
 */
struct _DeskApiClient
{
  GObject parent_instance;

  char *base_uri;
  SoupSession *session;
  char *pinned;
  char *peer;
  char *token;
};

G_DEFINE_FINAL_TYPE (DeskApiClient, desk_api_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (desk-client-error-quark, desk_client_error)

void
desk_session_free (DeskSession *session)
{
  if (session == NULL)
    return;
  g_free (session->token);
  g_free (session->login);
  g_free (session->name);
  g_free (session->role);
  g_free (session->sip_user);
  g_free (session->sip_password);
  g_free (session);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Self-signed certificates always reach this signal (their issuer is
 * unknown), so it is where the pin is enforced, before any request
 * carrying the token is written to the connection. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  DeskApiClient *self = data;
  g_autofree char *seen = desk_tls_fingerprint (certificate);

  if (seen == NULL)
    return FALSE;
  g_free (self->peer);
  self->peer = g_strdup (seen);
  if (self->pinned == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (seen, self->pinned) == 0)
    return TRUE;
  g_object_set_data (G_OBJECT (msg), PIN_REFUSED_KEY, GINT_TO_POINTER (TRUE));
  return FALSE;
}

static GError *
fingerprint_changed_error (DeskApiClient *self)
{
  return g_error_new (DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED,
                      _("The office server at %s presented a different certificate than the one "
                        "trusted before. This happens when the server was reinstalled — or when "
                        "someone is intercepting the connection. Ask your administrator to confirm "
                        "the new fingerprint %s."),
                      self->base_uri, self->peer ? self->peer : "?");
}

/* A transport failure in words the operator can act on. */
static GError *
transport_error (DeskApiClient *self,
                 SoupMessage   *msg,
                 GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_object_get_data (G_OBJECT (msg), PIN_REFUSED_KEY))
    return fingerprint_changed_error (self);
  return g_error_new (DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_UNREACHABLE,
                      _("The office server at %s cannot be reached: %s"), self->base_uri,
                      error->message);
}

/* A connection made before the pin was set (or changed) must not serve
 * later requests: it was accepted under the old rule. The check also
 * covers certificates that a system CA signed, which never reach
 * "accept-certificate". */
static gboolean
peer_matches_pin (DeskApiClient *self,
                  SoupMessage   *msg)
{
  GTlsCertificate *certificate = soup_message_get_tls_peer_certificate (msg);
  g_autofree char *seen = NULL;

  if (certificate == NULL)
    return TRUE;
  seen = desk_tls_fingerprint (certificate);
  if (seen && g_strcmp0 (self->peer, seen) != 0)
    {
      g_free (self->peer);
      self->peer = g_strdup (seen);
    }
  return self->pinned == NULL || (seen && g_ascii_strcasecmp (seen, self->pinned) == 0);
}

static DeskError
error_code_of (guint       status,
               const char *code)
{
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return DESK_ERROR_AUTH;
  if (status == SOUP_STATUS_NOT_FOUND)
    return DESK_ERROR_NOT_FOUND;
  if (status == SOUP_STATUS_FORBIDDEN)
    return DESK_ERROR_FORBIDDEN;
  if (g_strcmp0 (code, "conflict") == 0)
    return DESK_ERROR_CONFLICT;
  if (g_strcmp0 (code, "limit") == 0)
    return DESK_ERROR_LIMIT;
  if (status >= 400 && status < 500 && g_strcmp0 (code, "failed") != 0)
    return DESK_ERROR_INVALID;
  return DESK_ERROR_FAILED;
}

/* The reply's root, or the server's own error message as a GError. An
 * empty success (204) is an empty object, so callers need no special case. */
static JsonNode *
parse_reply (DeskApiClient  *self,
             SoupMessage    *msg,
             GBytes         *body,
             GError        **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  guint status = soup_message_get_status (msg);
  JsonNode *root = NULL;
  gsize size = body ? g_bytes_get_size (body) : 0;

  if (size > 0 && json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), size, NULL))
    root = json_parser_get_root (parser);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (size == 0)
        return json_node_init_object (json_node_alloc (), json_object_new ());
      if (root != NULL)
        return json_node_copy (root);
    }
  else
    {
      JsonObject *err = root && JSON_NODE_HOLDS_OBJECT (root)
                        ? member_object (json_node_get_object (root), "error") : NULL;
      const char *message = member_string (err, "message");

      if (status == SOUP_STATUS_UNAUTHORIZED && self->token != NULL)
        g_signal_emit (self, signals[SIGNAL_TOKEN_REFUSED], 0);
      if (message || (status >= 400 && status < 600))
        {
          g_set_error_literal (error, DESK_ERROR, error_code_of (status, member_string (err, "code")),
                               message ? message : _("The office server refused the request"));
          return NULL;
        }
    }
  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
               _("The office server gave an answer that is not understood (HTTP %u)"), status);
  return NULL;
}

static SoupMessage *
new_message (DeskApiClient  *self,
             const char     *method,
             const char     *path,
             GError        **error)
{
  g_autofree char *uri = g_strconcat (self->base_uri, "/api/v1", path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (msg == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not an office server address"), self->base_uri);
      return NULL;
    }
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, 0);
  if (self->token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

static void
on_request_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  DeskApiClient *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  JsonNode *root;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, transport_error (self, msg, error));
      return;
    }
  if (!peer_matches_pin (self, msg))
    {
      g_task_return_error (task, fingerprint_changed_error (self));
      return;
    }
  root = parse_reply (self, msg, body, &error);
  if (root == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
send_request (DeskApiClient       *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg;

  g_task_set_source_tag (task, source_tag);
  msg = new_message (self, method, path, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      soup_message_set_request_body_from_bytes (msg, "application/json",
                                                g_bytes_new_take (g_steal_pointer (&text), len));
    }
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_request_sent, g_steal_pointer (&task));
}

static void
on_login_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  DeskApiClient *self = DESK_API_CLIENT (source);
  JsonObject *reply, *user, *sip;
  DeskSession *session;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  reply = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  user = member_object (reply, "user");
  if (member_string (reply, "token") == NULL || user == NULL)
    {
      g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_FAILED,
                               _("The office server’s login answer lacks a session"));
      return;
    }

  session = g_new0 (DeskSession, 1);
  session->token = g_strdup (member_string (reply, "token"));
  session->user_id = json_object_get_int_member_with_default (user, "id", 0);
  session->login = g_strdup (member_string (user, "login"));
  session->name = g_strdup (member_string (user, "name"));
  session->role = g_strdup (member_string (user, "role"));
  sip = member_object (reply, "sip");
  if (sip)
    {
      session->sip_user = g_strdup (member_string (sip, "user"));
      session->sip_password = g_strdup (member_string (sip, "password"));
      session->sip_port = (guint) json_object_get_int_member_with_default (sip, "port", 0);
    }
  desk_api_client_set_token (self, session->token);
  g_task_return_pointer (task, session, (GDestroyNotify) desk_session_free);
}

static void
on_websocket_connected (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  DeskApiClient *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (conn == NULL)
    {
      guint status = soup_message_get_status (msg);

      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          if (self->token)
            g_signal_emit (self, signals[SIGNAL_TOKEN_REFUSED], 0);
          g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_AUTH,
                                   _("The office server no longer accepts this session"));
        }
      else if (status >= 400)
        g_task_return_new_error (task, DESK_ERROR, error_code_of (status, NULL),
                                 _("The office server refused the event stream (HTTP %u)"),
                                 status);
      else
        g_task_return_error (task, transport_error (self, msg, error));
      return;
    }
  if (!peer_matches_pin (self, msg))
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      g_object_unref (conn);
      g_task_return_error (task, fingerprint_changed_error (self));
      return;
    }
  g_task_return_pointer (task, conn, g_object_unref);
}

static void
desk_api_client_dispose (GObject *object)
{
  DeskApiClient *self = DESK_API_CLIENT (object);

  if (self->session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (desk_api_client_parent_class)->dispose (object);
}

static void
desk_api_client_finalize (GObject *object)
{
  DeskApiClient *self = DESK_API_CLIENT (object);

  g_free (self->base_uri);
  g_free (self->pinned);
  g_free (self->peer);
  g_free (self->token);

  G_OBJECT_CLASS (desk_api_client_parent_class)->finalize (object);
}

static void
desk_api_client_class_init (DeskApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = desk_api_client_dispose;
  object_class->finalize = desk_api_client_finalize;

  /**
   * DeskApiClient::token-refused:
   *
   * The server answered 401 to a request that carried the token: the
   * session expired or was revoked, and the agent session ends.
   */
  signals[SIGNAL_TOKEN_REFUSED] =
    g_signal_new ("token-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
desk_api_client_init (DeskApiClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 15,
                                                 "user-agent", "Frontdesk/" PACKAGE_VERSION,
                                                 NULL);
}

DeskApiClient *
desk_api_client_new (const char *base_uri)
{
  DeskApiClient *self;
  gsize len;

  g_return_val_if_fail (base_uri != NULL, NULL);

  self = g_object_new (DESK_TYPE_API_CLIENT, NULL);
  /* "https://host:port/" and "https://host:port" are the same server. */
  len = strlen (base_uri);
  while (len > 0 && base_uri[len - 1] == '/')
    len--;
  self->base_uri = g_strndup (base_uri, len);
  return self;
}

const char *
desk_api_client_get_base_uri (DeskApiClient *self)
{
  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);
  return self->base_uri;
}

void
desk_api_client_login_async (DeskApiClient       *self,
                             const char          *login,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  GTask *task;

  g_return_if_fail (DESK_IS_API_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login ? login : "");
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password ? password : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* An old token must not ride along with a new login. */
  desk_api_client_set_token (self, NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_api_client_login_async);
  send_request (self, SOUP_METHOD_POST, "/login", root, desk_api_client_login_async,
                cancellable, on_login_sent, task);
}

/**
 * desk_api_client_login_finish:
 *
 * On success the client keeps the session's token for later requests.
 *
 * Returns: (transfer full): the session, with the SIP account the
 *   softphone registers with, or %NULL
 */
DeskSession *
desk_api_client_login_finish (DeskApiClient  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * desk_api_client_set_pinned_fingerprint:
 * @fingerprint: (nullable): "AA:BB:…", or %NULL to trust on first use
 *
 * A connection kept open from before still has its certificate checked
 * against the new pin on every answer.
 */
void
desk_api_client_set_pinned_fingerprint (DeskApiClient *self,
                                        const char    *fingerprint)
{
  g_return_if_fail (DESK_IS_API_CLIENT (self));

  if (g_strcmp0 (self->pinned, fingerprint) == 0)
    return;
  g_free (self->pinned);
  self->pinned = g_strdup (fingerprint);
}

const char *
desk_api_client_get_pinned_fingerprint (DeskApiClient *self)
{
  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);
  return self->pinned;
}

/**
 * desk_api_client_get_peer_fingerprint:
 *
 * Returns: (nullable): the fingerprint of the certificate the server last
 *   showed (also when it was refused), or %NULL before any HTTPS answer
 */
const char *
desk_api_client_get_peer_fingerprint (DeskApiClient *self)
{
  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);
  return self->peer;
}

void
desk_api_client_set_token (DeskApiClient *self,
                           const char    *token)
{
  g_return_if_fail (DESK_IS_API_CLIENT (self));

  if (self->token == token)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
desk_api_client_get_token (DeskApiClient *self)
{
  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);
  return self->token;
}

/**
 * desk_api_client_dup_host:
 *
 * Returns: (transfer full) (nullable): the host of the base URI, without
 *   brackets for IPv6
 */
char *
desk_api_client_dup_host (DeskApiClient *self)
{
  g_autoptr (GUri) uri = NULL;

  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);

  uri = g_uri_parse (self->base_uri, G_URI_FLAGS_NONE, NULL);
  return uri && g_uri_get_host (uri) ? g_strdup (g_uri_get_host (uri)) : NULL;
}

/**
 * desk_api_client_request_async:
 * @method: "GET", "POST", "PATCH", "PUT" or "DELETE"
 * @path: relative to /api/v1, with its query
 * @body: (nullable): the JSON body
 *
 * One call of the office's API with the session token.
 */
void
desk_api_client_request_async (DeskApiClient       *self,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DESK_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  send_request (self, method, path, body, desk_api_client_request_async, cancellable, callback,
                user_data);
}

/**
 * desk_api_client_request_finish:
 *
 * Returns: (transfer full): the reply's root node (an empty object for an
 *   empty reply), or %NULL with @error set
 */
JsonNode *
desk_api_client_request_finish (DeskApiClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * desk_api_client_websocket_async:
 * @path: relative to /api/v1, normally "/events"
 *
 * Opens a WebSocket with the token in the Authorization header and the
 * same certificate pin as the HTTP requests.
 */
void
desk_api_client_websocket_async (DeskApiClient       *self,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  SoupMessage *msg;

  g_return_if_fail (DESK_IS_API_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_api_client_websocket_async);
  msg = new_message (self, SOUP_METHOD_GET, path, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        cancellable, on_websocket_connected,
                                        g_steal_pointer (&task));
}

/**
 * desk_api_client_websocket_finish:
 *
 * Returns: (transfer full): the open connection, or %NULL with @error set
 */
SoupWebsocketConnection *
desk_api_client_websocket_finish (DeskApiClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
