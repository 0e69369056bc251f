/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-session"

#include "desk-i18n.h"
#include "desk-agent-session-private.h"
#include "desk-error.h"

#include <string.h>

/* How long connect waits for the event stream before giving up. */
#define STREAM_TIMEOUT_SECONDS 15

/* Connecting a session: the certificate checked against its pin before the
 * password leaves the computer, the login, "/me", the inbox, and the event
 * stream up (desk_agent_session_connect_async()). */

typedef struct
{
  DeskAgentSession *session;
  char *expected;
  char *login;
  char *password;
  GSettings *settings;
  gulong connected_id;
  gulong ended_id;
  guint timeout_id;
} Connect;

static void
connect_free (Connect *connect)
{
  if (connect->session && connect->session->stream)
    {
      g_clear_signal_handler (&connect->connected_id, connect->session->stream);
      g_clear_signal_handler (&connect->ended_id, connect->session->stream);
    }
  g_clear_handle_id (&connect->timeout_id, g_source_remove);
  g_clear_object (&connect->session);
  g_free (connect->expected);
  g_free (connect->login);
  if (connect->password)
    memset (connect->password, 0, strlen (connect->password));
  g_free (connect->password);
  g_clear_object (&connect->settings);
  g_free (connect);
}

static char *
dup_pin (GSettings  *settings,
         const char *base_uri)
{
  g_autoptr (GVariant) pins = NULL;
  char *pin = NULL;

  if (settings == NULL)
    return NULL;
  pins = g_settings_get_value (settings, "pinned-fingerprints");
  if (!g_variant_lookup (pins, base_uri, "s", &pin))
    return NULL;
  return pin;
}

static void
store_pin (GSettings  *settings,
           const char *base_uri,
           const char *fingerprint)
{
  g_autoptr (GVariant) pins = g_settings_get_value (settings, "pinned-fingerprints");
  g_auto (GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *uri, *pin;

  g_variant_iter_init (&iter, pins);
  while (g_variant_iter_next (&iter, "{&s&s}", &uri, &pin))
    if (!g_str_equal (uri, base_uri))
      g_variant_builder_add (&builder, "{ss}", uri, pin);
  g_variant_builder_add (&builder, "{ss}", base_uri, fingerprint);
  g_settings_set_value (settings, "pinned-fingerprints", g_variant_builder_end (&builder));
}

static void
connect_done (GTask *task)
{
  Connect *connect = g_task_get_task_data (task);
  DeskAgentSession *self = connect->session;
  const char *base_uri = desk_api_client_get_base_uri (self->client);

  if (connect->settings)
    {
      const char *peer = desk_api_client_get_peer_fingerprint (self->client);
      g_autofree char *pin = dup_pin (connect->settings, base_uri);

      /* Only a first use pins; a stored pin is never replaced here. */
      if (pin == NULL && peer && g_str_has_prefix (base_uri, "https:"))
        store_pin (connect->settings, base_uri, peer);
      g_settings_set_string (connect->settings, "last-server", base_uri);
      g_settings_set_string (connect->settings, "last-user", self->login ? self->login : "");
    }
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
on_connect_inbox (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  connect_done (task);
}

static void
connect_stream_settled (GTask  *task,
                        GError *error)
{
  Connect *connect = g_task_get_task_data (task);
  DeskAgentSession *self = connect->session;

  g_clear_signal_handler (&connect->connected_id, self->stream);
  g_clear_signal_handler (&connect->ended_id, self->stream);
  g_clear_handle_id (&connect->timeout_id, g_source_remove);
  if (error)
    {
      desk_event_stream_stop (self->stream);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
      return;
    }
  /* The stream is up before the inbox is read: nothing falls between. */
  _desk_agent_session_reload_inbox (self, g_task_new (self, g_task_get_cancellable (task),
                                                      on_connect_inbox, task));
}

static void
on_connect_stream_connected (DeskEventStream *stream,
                             GParamSpec      *pspec,
                             GTask           *task)
{
  if (desk_event_stream_get_connected (stream))
    connect_stream_settled (task, NULL);
}

static void
on_connect_stream_ended (DeskEventStream *stream,
                         GError          *reason,
                         GTask           *task)
{
  connect_stream_settled (task, reason);
}

static gboolean
on_connect_stream_timeout (gpointer data)
{
  GTask *task = data;
  Connect *connect = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  connect->timeout_id = 0;
  error = g_error_new (DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_UNREACHABLE,
                       _("The office server at %s does not open its live event stream"),
                       desk_api_client_get_base_uri (connect->session->client));
  connect_stream_settled (task, error);
  return G_SOURCE_REMOVE;
}

static void
on_connect_me (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  Connect *connect = g_task_get_task_data (task);
  DeskAgentSession *self = connect->session;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  connect->connected_id = g_signal_connect (self->stream, "notify::connected",
                                            G_CALLBACK (on_connect_stream_connected), task);
  connect->ended_id = g_signal_connect (self->stream, "ended",
                                        G_CALLBACK (on_connect_stream_ended), task);
  connect->timeout_id = g_timeout_add_seconds (STREAM_TIMEOUT_SECONDS,
                                               on_connect_stream_timeout, task);
  desk_event_stream_start (self->stream);
}

static void
on_connect_login (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  Connect *connect = g_task_get_task_data (task);
  DeskAgentSession *self = connect->session;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSession) session = NULL;

  session = desk_api_client_login_finish (DESK_API_CLIENT (source), result, &error);
  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  self->user_id = session->user_id;
  self->user_name = g_strdup (session->name);
  self->login = g_strdup (session->login);
  self->role = g_strdup (session->role);
  self->sip_user = g_strdup (session->sip_user);
  self->sip_password = g_strdup (session->sip_password);
  self->sip_port = session->sip_port;

  self->stream = desk_event_stream_new (self->client);
  _desk_agent_session_follow_stream (self);
  _desk_agent_session_reload_me (self, g_task_get_cancellable (task), on_connect_me, task);
}

/**
 * desk_agent_session_connect_finish:
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
DeskAgentSession *
desk_agent_session_connect_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr (DeskAgentSession) self = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  if (self == NULL)
    return NULL;
  /* Ended only after connect: before, failures are connect's errors. */
  _desk_agent_session_follow_stream_end (self);
  return g_steal_pointer (&self);
}

void
desk_agent_session_connect_async (const char          *base_uri,
                                  const char          *expected_fingerprint,
                                  const char          *login,
                                  const char          *password,
                                  GSettings           *settings,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Connect *connect;
  GTask *task;
  g_autofree char *pin = NULL;

  g_return_if_fail (base_uri != NULL);
  g_return_if_fail (login != NULL && password != NULL);
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  connect = g_new0 (Connect, 1);
  connect->session = g_object_new (DESK_TYPE_AGENT_SESSION, NULL);
  connect->session->client = desk_api_client_new (base_uri);
  connect->expected = g_strdup (expected_fingerprint);
  connect->login = g_strdup (login);
  connect->password = g_strdup (password);
  connect->settings = settings ? g_object_ref (settings) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_agent_session_connect_async);
  g_task_set_task_data (task, connect, (GDestroyNotify) connect_free);

  /* The stored pin wins over mDNS: a neighbour on the network can
   * publish anything, the operator's first connection cannot be undone
   * by it. */
  pin = dup_pin (settings, desk_api_client_get_base_uri (connect->session->client));
  desk_api_client_set_pinned_fingerprint (connect->session->client,
                                          pin ? pin : expected_fingerprint);
  desk_api_client_login_async (connect->session->client, login, password, cancellable,
                               on_connect_login, task);
}

