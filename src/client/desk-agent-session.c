/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-session"

#include "desk-i18n.h"
#include "desk-agent-session-private.h"
#include "desk-error.h"

#include <string.h>


/**
 * DeskAgentSession:
 *
 * The operator's session with the office, as the agent window binds to it:
 * who is logged in, their status, the inbox. Everything it shows comes
 * from the server (its answers and its event stream), never from guesses.
 */

G_DEFINE_FINAL_TYPE (DeskAgentSession, desk_agent_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_LOGIN,
  PROP_ROLE,
  PROP_STATUS,
  PROP_BREAK_REASON,
  PROP_WRAPUP_SECONDS_LEFT,
  PROP_CONNECTED,
  PROP_INBOX,
  PROP_SIP_USER,
  PROP_SIP_PASSWORD,
  PROP_SIP_PORT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];
guint _desk_agent_session_signals[SESSION_N_SIGNALS];

static const char * const status_words[] = {
  [DESK_AGENT_STATUS_OFFLINE] = "offline",
  [DESK_AGENT_STATUS_AVAILABLE] = "available",
  [DESK_AGENT_STATUS_BUSY] = "busy",
  [DESK_AGENT_STATUS_WRAPUP] = "wrapup",
  [DESK_AGENT_STATUS_BREAK] = "break",
};

static gboolean
status_of_word (const char      *word,
                DeskAgentStatus *status)
{
  if (word == NULL)
    return FALSE;
  /* The server's own nicks (DeskAgentState) next to the documented ones. */
  if (g_str_equal (word, "on_contact"))
    word = "busy";
  else if (g_str_equal (word, "wrap_up"))
    word = "wrapup";
  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    if (g_str_equal (word, status_words[i]))
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
on_wrapup_tick (gpointer data)
{
  DeskAgentSession *self = data;

  if (self->wrapup_left > 0)
    {
      self->wrapup_left--;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WRAPUP_SECONDS_LEFT]);
    }
  if (self->wrapup_left == 0)
    {
      self->wrapup_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
set_wrapup_left (DeskAgentSession *self,
                 guint             seconds)
{
  g_clear_handle_id (&self->wrapup_tick_id, g_source_remove);
  if (self->wrapup_left != seconds)
    {
      self->wrapup_left = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WRAPUP_SECONDS_LEFT]);
    }
  if (seconds > 0)
    self->wrapup_tick_id = g_timeout_add_seconds (1, on_wrapup_tick, self);
}

/* @reason and @wrapup_left < 0 mean "not said": kept as they are. */
static void
set_status (DeskAgentSession *self,
            DeskAgentStatus   status,
            const char       *reason,
            gint64            wrapup_left)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS]);
    }
  if (status != DESK_AGENT_STATUS_BREAK)
    reason = NULL;
  if ((reason || status != DESK_AGENT_STATUS_BREAK) && g_strcmp0 (reason, self->break_reason) != 0)
    {
      g_free (self->break_reason);
      self->break_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BREAK_REASON]);
    }
  if (status != DESK_AGENT_STATUS_WRAPUP)
    set_wrapup_left (self, 0);
  else if (wrapup_left >= 0)
    set_wrapup_left (self, (guint) MIN (wrapup_left, G_MAXUINT));
  g_object_thaw_notify (G_OBJECT (self));
  if (status != DESK_AGENT_STATUS_WRAPUP)
    _desk_agent_session_sweep_ended (self);
}

/* A state message from /me, "hello", "agent-state" or
 * "agent-state-changed". Returns FALSE when it named no known state. */
static gboolean
apply_state (DeskAgentSession *self,
             JsonObject       *object)
{
  DeskAgentStatus status;

  if (!status_of_word (_desk_json_string (object, "state"), &status))
    return FALSE;
  set_status (self, status, _desk_json_string (object, "reason"),
              _desk_json_int (object, "wrapup_seconds_left", -1));
  return TRUE;
}

static void
apply_me (DeskAgentSession *self,
          JsonNode         *root)
{
  JsonObject *me = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *user = me ? json_object_get_member (me, "user") : NULL;

  if (me == NULL)
    return;
  if (user && JSON_NODE_HOLDS_OBJECT (user))
    {
      const char *name = _desk_json_string (json_node_get_object (user), "name");

      if (name && g_strcmp0 (name, self->user_name) != 0)
        {
          g_free (self->user_name);
          self->user_name = g_strdup (name);
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER_NAME]);
        }
    }
  apply_state (self, me);
}

static void
on_me_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                              &error);
  DeskAgentSession *self = g_task_get_source_object (task);

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  apply_me (self, root);
  g_task_return_boolean (task, TRUE);
}

void
_desk_agent_session_reload_me (DeskAgentSession    *self,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  desk_api_client_request_async (self->client, "GET", "/me", NULL, cancellable, on_me_loaded,
                                 task);
}

static void
on_background_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reloading after an event failed: %s", error->message);
}

static void
end_session (DeskAgentSession *self,
             const GError     *reason)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  g_cancellable_cancel (self->cancellable);
  desk_event_stream_stop (self->stream);
  set_status (self, DESK_AGENT_STATUS_OFFLINE, NULL, 0);
  g_signal_emit (self, _desk_agent_session_signals[SESSION_SIGNAL_ENDED], 0, reason);
}

static void
on_stream_message (DeskEventStream  *stream,
                   const char       *type,
                   JsonObject       *message,
                   DeskAgentSession *self)
{
  g_signal_emit (self, _desk_agent_session_signals[SESSION_SIGNAL_EVENT],
                 g_quark_try_string (type), type, message);

  if (g_str_equal (type, "hello") || g_str_equal (type, "agent-state"))
    apply_state (self, message);
  else if (g_str_equal (type, "agent-state-changed"))
    {
      /* Supervisors get everyone's; only the own one is the status. */
      if (_desk_json_int (message, "user_id", 0) != self->user_id)
        return;
      apply_state (self, message);
      /* An older server names the state only: /me knows the seconds. */
      if (self->status == DESK_AGENT_STATUS_WRAPUP &&
          !json_object_has_member (message, "wrapup_seconds_left"))
        _desk_agent_session_reload_me (self, self->cancellable, on_background_done, NULL);
    }
  else if (g_str_equal (type, "wrapup-done"))
    _desk_agent_session_reload_me (self, self->cancellable, on_background_done, NULL);
  else
    _desk_agent_session_inbox_event (self, type, message);
}

static void
on_stream_reconnected (DeskAgentSession *self)
{
  /* What happened while the stream was down never reached us. */
  _desk_agent_session_reload_me (self, self->cancellable, on_background_done, NULL);
  _desk_agent_session_reload_inbox (self, g_task_new (self, self->cancellable,
                                                      on_background_done, NULL));
}

static void
on_stream_ended (DeskAgentSession *self,
                 GError           *reason)
{
  end_session (self, reason);
}

static void
on_token_refused (DeskAgentSession *self)
{
  g_autoptr (GError) reason = g_error_new_literal (DESK_CLIENT_ERROR,
                                                   DESK_CLIENT_ERROR_SESSION_ENDED,
                                                   _("The office server no longer accepts this "
                                                     "session; log in again"));

  end_session (self, reason);
}

static void
on_stream_connected (DeskAgentSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONNECTED]);
}

/* The session follows its event stream and its token from now on. */
void
_desk_agent_session_follow_stream (DeskAgentSession *self)
{
  g_signal_connect (self->stream, "message", G_CALLBACK (on_stream_message), self);
  g_signal_connect_swapped (self->stream, "reconnected", G_CALLBACK (on_stream_reconnected),
                            self);
  g_signal_connect_swapped (self->stream, "notify::connected", G_CALLBACK (on_stream_connected),
                            self);
  g_signal_connect_swapped (self->client, "token-refused", G_CALLBACK (on_token_refused), self);
}

/* Once connected: before, a stream that ends is connect's error. */
void
_desk_agent_session_follow_stream_end (DeskAgentSession *self)
{
  g_signal_connect_swapped (self->stream, "ended", G_CALLBACK (on_stream_ended), self);
}

static void
desk_agent_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskAgentSession *self = DESK_AGENT_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_BREAK_REASON:
      g_value_set_string (value, self->break_reason);
      break;
    case PROP_WRAPUP_SECONDS_LEFT:
      g_value_set_uint (value, self->wrapup_left);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, desk_agent_session_get_connected (self));
      break;
    case PROP_INBOX:
      g_value_set_object (value, self->inbox);
      break;
    case PROP_SIP_USER:
      g_value_set_string (value, self->sip_user);
      break;
    case PROP_SIP_PASSWORD:
      g_value_set_string (value, self->sip_password);
      break;
    case PROP_SIP_PORT:
      g_value_set_uint (value, self->sip_port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_agent_session_dispose (GObject *object)
{
  DeskAgentSession *self = DESK_AGENT_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wrapup_tick_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->stream)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      desk_event_stream_stop (self->stream);
    }
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->inbox);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (desk_agent_session_parent_class)->dispose (object);
}

static void
desk_agent_session_finalize (GObject *object)
{
  DeskAgentSession *self = DESK_AGENT_SESSION (object);

  g_free (self->user_name);
  g_free (self->login);
  g_free (self->role);
  g_free (self->sip_user);
  g_free (self->sip_password);
  g_free (self->break_reason);

  G_OBJECT_CLASS (desk_agent_session_parent_class)->finalize (object);
}

static void
desk_agent_session_class_init (DeskAgentSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->get_property = desk_agent_session_get_property;
  object_class->dispose = desk_agent_session_dispose;
  object_class->finalize = desk_agent_session_finalize;

  props[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, DESK_TYPE_API_CLIENT, flags);
  props[PROP_USER_ID] = g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_USER_NAME] = g_param_spec_string ("user-name", NULL, NULL, NULL, flags);
  props[PROP_LOGIN] = g_param_spec_string ("login", NULL, NULL, NULL, flags);
  props[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  props[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, 0, DESK_AGENT_STATUS_BREAK, 0,
                                         flags);
  props[PROP_BREAK_REASON] = g_param_spec_string ("break-reason", NULL, NULL, NULL, flags);
  props[PROP_WRAPUP_SECONDS_LEFT] = g_param_spec_uint ("wrapup-seconds-left", NULL, NULL, 0,
                                                       G_MAXUINT, 0, flags);
  props[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, flags);
  props[PROP_INBOX] = g_param_spec_object ("inbox", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_SIP_USER] = g_param_spec_string ("sip-user", NULL, NULL, NULL, flags);
  props[PROP_SIP_PASSWORD] = g_param_spec_string ("sip-password", NULL, NULL, NULL, flags);
  props[PROP_SIP_PORT] = g_param_spec_uint ("sip-port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);

  _desk_agent_session_signals[SESSION_SIGNAL_CONTACT_OFFERED] =
    g_signal_new ("contact-offered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                  1, DESK_TYPE_INBOX_ITEM);
  _desk_agent_session_signals[SESSION_SIGNAL_ITEM_CHANGED] =
    g_signal_new ("item-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  DESK_TYPE_INBOX_ITEM);
  /* Detailed by the message type: "event::chat-message". */
  _desk_agent_session_signals[SESSION_SIGNAL_EVENT] =
    g_signal_new ("event", type, G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  _desk_agent_session_signals[SESSION_SIGNAL_ENDED] =
    g_signal_new ("ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
desk_agent_session_init (DeskAgentSession *self)
{
  self->inbox = g_list_store_new (DESK_TYPE_INBOX_ITEM);
  self->cancellable = g_cancellable_new ();
}

/* Getters ----------------------------------------------------------------- */

/**
 * desk_agent_session_get_client:
 *
 * Returns: (transfer none): the API client, with the session's token and pin
 */
DeskApiClient *
desk_agent_session_get_client (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->client;
}

gint64
desk_agent_session_get_user_id (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), 0);
  return self->user_id;
}

const char *
desk_agent_session_get_user_name (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->user_name;
}

const char *
desk_agent_session_get_login (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->login;
}

const char *
desk_agent_session_get_role (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->role;
}

DeskAgentStatus
desk_agent_session_get_status (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), DESK_AGENT_STATUS_OFFLINE);
  return self->status;
}

const char *
desk_agent_session_get_break_reason (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->break_reason;
}

guint
desk_agent_session_get_wrapup_seconds_left (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), 0);
  return self->wrapup_left;
}

gboolean
desk_agent_session_get_connected (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), FALSE);
  return self->stream && desk_event_stream_get_connected (self->stream);
}

/**
 * desk_agent_session_get_inbox:
 *
 * Returns: (transfer none): a #GListModel of #DeskInboxItem
 */
GListModel *
desk_agent_session_get_inbox (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return G_LIST_MODEL (self->inbox);
}

const char *
desk_agent_session_get_sip_user (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->sip_user;
}

const char *
desk_agent_session_get_sip_password (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return self->sip_password;
}

guint
desk_agent_session_get_sip_port (DeskAgentSession *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), 0);
  return self->sip_port;
}

/* Actions ------------------------------------------------------------------ */

static void
on_action_reply (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                              &error);

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* /me/state and /me/wrapup answer with /me: the server's word. A
   * server that does not echo the break's reason accepted the one sent. */
  if (g_task_get_source_tag (task) != desk_agent_session_accept_async &&
      g_task_get_source_tag (task) != desk_agent_session_decline_async)
    {
      const char *sent = g_task_get_task_data (task);

      if (sent && JSON_NODE_HOLDS_OBJECT (root) &&
          !json_object_has_member (json_node_get_object (root), "reason"))
        json_object_set_string_member (json_node_get_object (root), "reason", sent);
      apply_me (g_task_get_source_object (task), root);
    }
  g_task_return_boolean (task, TRUE);
}

/* @reason: the break's reason sent, if any. */
static void
send_action (DeskAgentSession    *self,
             gpointer             source_tag,
             const char          *method,
             const char          *path,
             JsonBuilder         *body,
             const char          *reason,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (JsonNode) root = body ? json_builder_get_root (body) : NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (reason), g_free);
  desk_api_client_request_async (self->client, method, path, root, cancellable, on_action_reply,
                                 task);
}

void
desk_agent_session_set_status_async (DeskAgentSession    *self,
                                     DeskAgentStatus      status,
                                     const char          *break_reason,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (DESK_IS_AGENT_SESSION (self));

  if (status != DESK_AGENT_STATUS_AVAILABLE && status != DESK_AGENT_STATUS_BREAK &&
      status != DESK_AGENT_STATUS_OFFLINE)
    {
      g_task_report_new_error (self, callback, user_data, desk_agent_session_set_status_async,
                               DESK_ERROR, DESK_ERROR_INVALID,
                               _("Busy and wrap-up follow from contacts; they cannot be chosen"));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, status_words[status]);
  if (status == DESK_AGENT_STATUS_BREAK && break_reason && *break_reason)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, break_reason);
    }
  json_builder_end_object (builder);
  send_action (self, desk_agent_session_set_status_async, "PUT", "/me/state", builder,
               status == DESK_AGENT_STATUS_BREAK ? break_reason : NULL, cancellable, callback,
               user_data);
}

void
desk_agent_session_wrapup_async (DeskAgentSession    *self,
                                 guint                extend_seconds,
                                 const char          *disposition,
                                 const char          *note,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (DESK_IS_AGENT_SESSION (self));

  json_builder_begin_object (builder);
  if (extend_seconds == 0)
    {
      json_builder_set_member_name (builder, "end");
      json_builder_add_boolean_value (builder, TRUE);
    }
  else
    {
      json_builder_set_member_name (builder, "extend_seconds");
      json_builder_add_int_value (builder, extend_seconds);
    }
  if (disposition)
    {
      json_builder_set_member_name (builder, "disposition");
      json_builder_add_string_value (builder, disposition);
    }
  if (note)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  json_builder_end_object (builder);
  send_action (self, desk_agent_session_wrapup_async, "POST", "/me/wrapup", builder, NULL,
               cancellable, callback, user_data);
}

static const char *
item_path_word (DeskInboxItem *item)
{
  switch (desk_inbox_item_get_kind (item))
    {
    case DESK_INBOX_CALL:
      return "calls";
    case DESK_INBOX_CHAT:
      return "chats";
    case DESK_INBOX_PORTAL:
    case DESK_INBOX_CALLBACK:
    default:
      return NULL;
    }
}

static void
item_action (DeskAgentSession    *self,
             DeskInboxItem       *item,
             const char          *verb,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autofree char *path = NULL;
  const char *word = item_path_word (item);

  if (word == NULL || desk_inbox_item_get_state (item) != DESK_INBOX_OFFERED)
    {
      g_task_report_new_error (self, callback, user_data, source_tag, DESK_ERROR,
                               DESK_ERROR_INVALID, _("Only an offered call or chat can be "
                                                     "accepted or declined"));
      return;
    }
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/%s", word, desk_inbox_item_get_id (item),
                          verb);
  send_action (self, source_tag, "POST", path, NULL, NULL, cancellable, callback, user_data);
}

void
desk_agent_session_accept_async (DeskAgentSession    *self,
                                 DeskInboxItem       *item,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DESK_IS_AGENT_SESSION (self));
  g_return_if_fail (DESK_IS_INBOX_ITEM (item));

  if (desk_inbox_item_get_kind (item) == DESK_INBOX_CALL &&
      desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED)
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);

      /* The phone answers; the other offered calls stop ringing here. */
      g_task_set_source_tag (task, desk_agent_session_accept_async);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->inbox)); i++)
        {
          g_autoptr (DeskInboxItem) other = g_list_model_get_item (G_LIST_MODEL (self->inbox), i);

          if (other != item && desk_inbox_item_get_kind (other) == DESK_INBOX_CALL &&
              desk_inbox_item_get_state (other) == DESK_INBOX_OFFERED)
            desk_agent_session_decline_async (self, other, self->cancellable, on_background_done,
                                              NULL);
        }
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  item_action (self, item, "accept", desk_agent_session_accept_async, cancellable, callback,
               user_data);
}

void
desk_agent_session_decline_async (DeskAgentSession    *self,
                                  DeskInboxItem       *item,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DESK_IS_AGENT_SESSION (self));
  g_return_if_fail (DESK_IS_INBOX_ITEM (item));

  item_action (self, item, "decline", desk_agent_session_decline_async, cancellable, callback,
               user_data);
}

gboolean
desk_agent_session_action_finish (DeskAgentSession  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * desk_agent_session_logout:
 *
 * Ends the session on the server (its token stops working) and here:
 * "ended" is emitted.
 */
void
desk_agent_session_logout (DeskAgentSession *self)
{
  g_autoptr (GError) reason = NULL;

  g_return_if_fail (DESK_IS_AGENT_SESSION (self));

  if (self->ended)
    return;
  /* Not cancellable: it must reach the server even as the window closes. */
  desk_api_client_request_async (self->client, "POST", "/logout", NULL, NULL, NULL, NULL);
  reason = g_error_new_literal (DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_SESSION_ENDED,
                                _("You have logged out"));
  end_session (self, reason);
}
