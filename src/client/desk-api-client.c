/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-api-client"

#include "desk-i18n.h"
#include "desk-api-client.h"
#include "desk-error.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/**
 * DeskApiClient:
 *
 * The agent's side of the office's HTTP+JSON API.
 */
struct _DeskApiClient
{
  GObject parent_instance;

  char *base_uri;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (DeskApiClient, desk_api_client, G_TYPE_OBJECT)

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

static void
desk_api_client_dispose (GObject *object)
{
  DeskApiClient *self = DESK_API_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_free);

  G_OBJECT_CLASS (desk_api_client_parent_class)->dispose (object);
}

static void
desk_api_client_class_init (DeskApiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = desk_api_client_dispose;
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

  g_return_val_if_fail (base_uri != NULL, NULL);

  self = g_object_new (DESK_TYPE_API_CLIENT, NULL);
  self->base_uri = g_strdup (base_uri);
  return self;
}

const char *
desk_api_client_get_base_uri (DeskApiClient *self)
{
  g_return_val_if_fail (DESK_IS_API_CLIENT (self), NULL);
  return self->base_uri;
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

/* The server's error object becomes a GError with its message; anything
 * unreadable becomes a plain "bad answer". */
static JsonObject *
parse_reply (SoupMessage  *msg,
             GBytes       *body,
             JsonParser   *parser,
             GError      **error)
{
  JsonNode *root;
  JsonObject *object;
  guint status = soup_message_get_status (msg);

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The office server gave an answer that is not understood (HTTP %u)"), status);
      return NULL;
    }
  object = json_node_get_object (root);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return object;

  {
    JsonObject *err = member_object (object, "error");
    const char *code = member_string (err, "code");
    const char *message = member_string (err, "message");

    g_set_error_literal (error, DESK_ERROR,
                         g_strcmp0 (code, "auth") == 0 ? DESK_ERROR_AUTH : DESK_ERROR_FAILED,
                         message ? message : _("The office server refused the request"));
  }
  return NULL;
}

static void
on_login_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  SoupMessage *msg = g_task_get_task_data (task);
  JsonObject *reply, *user, *sip;
  DeskSession *session;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  reply = parse_reply (msg, body, parser, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
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
  g_task_return_pointer (task, session, (GDestroyNotify) desk_session_free);
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
  g_autoptr (GBytes) body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  SoupMessage *msg;
  GTask *task;

  g_return_if_fail (DESK_IS_API_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new (text, strlen (text));

  uri = g_strconcat (self->base_uri, "/api/v1/login", NULL);
  msg = soup_message_new (SOUP_METHOD_POST, uri);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_api_client_login_async);
  if (msg == NULL)
    {
      g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_INVALID,
                               _("“%s” is not an office server address"), self->base_uri);
      g_object_unref (task);
      return;
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_login_sent, task);
}

/**
 * desk_api_client_login_finish:
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
