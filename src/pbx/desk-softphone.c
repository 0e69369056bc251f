/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-softphone"

#include "config.h"

#include "desk-softphone.h"
#include "desk-softphone-private.h"
#include "desk-libre-owner-private.h"
#include "desk-error.h"
#include "desk-i18n.h"

#include <gio/gio.h>
#include <string.h>

/**
 * DeskSoftphone:
 *
 * The agent's built-in SIP phone: it registers at the office's PBX with
 * the operator's account, rings on the calls the PBX offers, and exchanges
 * their audio as plain 8 kHz PCM with whoever set the audio callbacks.
 *
 * SIP and RTP run in a thread of their own (desk-softphone-ua.c); this
 * object keeps what the GLib side needs to know of each call, to refuse
 * commands that cannot apply with a clear error.
 */

enum {
  PROP_0,
  PROP_REGISTERED,
  PROP_MUTED,
  N_PROPS
};

enum {
  SIGNAL_REGISTRATION_FAILED,
  SIGNAL_INCOMING,
  SIGNAL_CALL_STATE,
  SIGNAL_CALL_ENDED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  gboolean inbound;
  DeskSoftphoneCallState state;
} CallInfo;

struct _DeskSoftphone
{
  GObject parent_instance;

  SoftphoneUa *ua;
  GMainContext *context;
  SoftphoneAudio audio;
  GHashTable *calls;          /* id → CallInfo */
  gboolean registered;
  guint last_dial_id;
};

G_DEFINE_FINAL_TYPE (DeskSoftphone, desk_softphone, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DeskSoftphoneCallState, desk_softphone_call_state,
                    G_DEFINE_ENUM_VALUE (DESK_SOFTPHONE_CALL_RINGING, "ringing"),
                    G_DEFINE_ENUM_VALUE (DESK_SOFTPHONE_CALL_ACTIVE, "active"),
                    G_DEFINE_ENUM_VALUE (DESK_SOFTPHONE_CALL_HELD, "held"),
                    G_DEFINE_ENUM_VALUE (DESK_SOFTPHONE_CALL_ENDED, "ended"))

typedef struct
{
  GWeakRef phone;
  UaEvent *event;
} QueuedEvent;

static void
queued_event_free (gpointer data)
{
  QueuedEvent *q = data;

  g_weak_ref_clear (&q->phone);
  _desk_softphone_ua_event_free (q->event);
  g_free (q);
}

static void
set_registered (DeskSoftphone *self,
                gboolean       registered)
{
  if (self->registered == registered)
    return;

  self->registered = registered;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REGISTERED]);
}

static void
set_call_state (DeskSoftphone          *self,
                guint                   call_id,
                DeskSoftphoneCallState  state)
{
  CallInfo *info = g_hash_table_lookup (self->calls, GUINT_TO_POINTER (call_id));

  if (!info || info->state == state)
    return;

  info->state = state;
  g_signal_emit (self, signals[SIGNAL_CALL_STATE], 0, call_id, state);
}

static void
end_call (DeskSoftphone *self,
          guint          call_id,
          const char    *cause)
{
  if (!g_hash_table_contains (self->calls, GUINT_TO_POINTER (call_id)))
    return;

  /* Listeners may look the call up: it goes after they heard. */
  set_call_state (self, call_id, DESK_SOFTPHONE_CALL_ENDED);
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call_id, cause);
  g_hash_table_remove (self->calls, GUINT_TO_POINTER (call_id));
}

static void
dispatch (DeskSoftphone *self,
          UaEvent       *event)
{
  CallInfo *info;

  switch (event->type)
    {
    case UA_EVENT_REGISTRATION:
      set_registered (self, event->registered);
      if (event->failed)
        g_signal_emit (self, signals[SIGNAL_REGISTRATION_FAILED], 0, event->text);
      break;

    case UA_EVENT_INCOMING:
      info = g_new0 (CallInfo, 1);
      info->inbound = TRUE;
      info->state = DESK_SOFTPHONE_CALL_RINGING;
      g_hash_table_insert (self->calls, GUINT_TO_POINTER (event->call_id), info);
      g_signal_emit (self, signals[SIGNAL_INCOMING], 0, event->call_id, event->number,
                     event->name);
      break;

    case UA_EVENT_STATE:
      set_call_state (self, event->call_id, event->state);
      break;

    case UA_EVENT_ENDED:
      end_call (self, event->call_id, event->text);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
dispatch_event (gpointer data)
{
  QueuedEvent *q = data;
  g_autoptr (DeskSoftphone) self = g_weak_ref_get (&q->phone);

  /* Events of a stopped phone are stale: its calls already ended. */
  if (self && self->ua)
    dispatch (self, q->event);

  return G_SOURCE_REMOVE;
}

/* In the SIP thread. The object outlives the thread (dispose joins it). */
static void
on_ua_event (UaEvent  *event,
             gpointer  user_data)
{
  DeskSoftphone *self = user_data;
  QueuedEvent *q = g_new0 (QueuedEvent, 1);

  g_weak_ref_init (&q->phone, self);
  q->event = event;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, dispatch_event, q,
                              queued_event_free);
}

static gboolean
check_running (DeskSoftphone *self,
               GError       **error)
{
  if (self->ua)
    return TRUE;

  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED, _("The softphone is not running"));
  return FALSE;
}

static CallInfo *
lookup_call (DeskSoftphone *self,
             guint          call_id,
             GError       **error)
{
  CallInfo *info;

  if (!check_running (self, error))
    return NULL;

  info = g_hash_table_lookup (self->calls, GUINT_TO_POINTER (call_id));
  if (!info)
    g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("The softphone has no call %u"),
                 call_id);
  return info;
}

static gboolean
push (DeskSoftphone *self,
      UaCommandType  type,
      guint          call_id,
      const char    *text,
      GError       **error)
{
  UaCommand *cmd = g_new0 (UaCommand, 1);
  int err;

  cmd->call_id = call_id;
  cmd->text = g_strdup (text);
  err = _desk_softphone_ua_command (self->ua, type, cmd);
  if (err)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("The softphone is not responding: %s"),
                   g_strerror (err));
      return FALSE;
    }

  return TRUE;
}

/* The address of @host to use for SIP, and the local address that
 * reaches it. The host may be a name (mDNS, DNS) or an address. */
static gboolean
resolve_addresses (const char *host,
                   guint       port,
                   char      **server_ip,
                   char      **local_ip,
                   GError    **error)
{
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autolist (GInetAddress) found = NULL;
  g_autoptr (GSocketAddress) remote = NULL;
  g_autoptr (GSocketAddress) local = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!inet)
    {
      found = g_resolver_lookup_by_name (resolver, host, NULL, &local_error);
      if (!found)
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                       _("Cannot find the phone server %s: %s"), host, local_error->message);
          return FALSE;
        }
      inet = g_object_ref (found->data);
    }

  /* No packet is sent: connecting a UDP socket only picks the route. */
  remote = g_inet_socket_address_new (inet, (guint16) port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &local_error);
  if (socket && g_socket_connect (socket, remote, NULL, &local_error))
    local = g_socket_get_local_address (socket, &local_error);
  if (!local)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("No network route to the phone server %s: %s"), host,
                   local_error->message);
      return FALSE;
    }

  *server_ip = g_inet_address_to_string (inet);
  *local_ip = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  return TRUE;
}

static gboolean
valid_user (const char *user)
{
  if (!user || !*user || strlen (user) > 64)
    return FALSE;

  for (const char *c = user; *c; c++)
    if (!g_ascii_isalnum (*c) && !strchr ("-_.!~*'()&=+$,;?/", *c))
      return FALSE;

  return TRUE;
}

static void
desk_softphone_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeskSoftphone *self = DESK_SOFTPHONE (object);

  switch (prop_id)
    {
    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, desk_softphone_get_muted (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_softphone_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DeskSoftphone *self = DESK_SOFTPHONE (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      desk_softphone_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_softphone_dispose (GObject *object)
{
  desk_softphone_stop (DESK_SOFTPHONE (object));

  G_OBJECT_CLASS (desk_softphone_parent_class)->dispose (object);
}

static void
desk_softphone_finalize (GObject *object)
{
  DeskSoftphone *self = DESK_SOFTPHONE (object);

  g_hash_table_unref (self->calls);
  g_mutex_clear (&self->audio.lock);

  G_OBJECT_CLASS (desk_softphone_parent_class)->finalize (object);
}

static void
desk_softphone_class_init (DeskSoftphoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_softphone_get_property;
  object_class->set_property = desk_softphone_set_property;
  object_class->dispose = desk_softphone_dispose;
  object_class->finalize = desk_softphone_finalize;

  /**
   * DeskSoftphone:registered:
   *
   * Whether the PBX has the phone registered, so that calls can ring it.
   */
  props[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DeskSoftphone:muted:
   *
   * Whether the other side hears silence instead of the capture callback.
   */
  props[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * DeskSoftphone::registration-failed:
   * @self: the phone
   * @message: why, for the operator
   *
   * The PBX refused the registration, or did not answer it. A refused
   * password is not tried again.
   */
  signals[SIGNAL_REGISTRATION_FAILED] =
    g_signal_new ("registration-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DeskSoftphone::incoming:
   * @self: the phone
   * @call_id: the call
   * @from_number: the caller's number (the From user)
   * @from_name: the caller's name, or ""
   *
   * A call rings.
   */
  signals[SIGNAL_INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DeskSoftphone::call-state:
   * @self: the phone
   * @call_id: the call
   * @state: its new #DeskSoftphoneCallState
   */
  signals[SIGNAL_CALL_STATE] =
    g_signal_new ("call-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, DESK_TYPE_SOFTPHONE_CALL_STATE);

  /**
   * DeskSoftphone::call-ended:
   * @self: the phone
   * @call_id: the call
   * @cause: "bye", "hangup", "cancelled", "rejected", "stopped", or the
   *   SIP reason of a failure
   */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
desk_softphone_init (DeskSoftphone *self)
{
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_mutex_init (&self->audio.lock);
}

/**
 * desk_softphone_new:
 *
 * Returns: (transfer full): a phone that is not started
 */
DeskSoftphone *
desk_softphone_new (void)
{
  return g_object_new (DESK_TYPE_SOFTPHONE, NULL);
}

/**
 * desk_softphone_start:
 * @self: a #DeskSoftphone
 * @server_host: the PBX's host: an address or a name
 * @sip_port: the PBX's SIP port
 * @user: the operator's SIP user
 * @password: its password
 * @error: return location for a #GError
 *
 * Binds a UDP port of its own and registers at the PBX. The outcome of
 * the registration comes later, as #DeskSoftphone:registered or
 * #DeskSoftphone::registration-failed. Signals are emitted on the
 * thread-default main context of the caller.
 *
 * Fails with %DESK_ERROR_CONFLICT in a process that runs the office's PBX.
 *
 * Returns: whether the phone started
 */
gboolean
desk_softphone_start (DeskSoftphone *self,
                      const char    *server_host,
                      guint          sip_port,
                      const char    *user,
                      const char    *password,
                      GError       **error)
{
  g_autofree char *server_ip = NULL;
  g_autofree char *local_ip = NULL;
  UaConfig config;
  int err;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->ua)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                           _("The softphone is already running"));
      return FALSE;
    }

  if (!server_host || !*server_host || sip_port == 0 || sip_port > G_MAXUINT16)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("The phone server's address is missing or wrong"));
      return FALSE;
    }

  if (!valid_user (user) || !password)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("This login has no valid phone account"));
      return FALSE;
    }

  if (_desk_libre_claim (DESK_LIBRE_OWNER_SOFTPHONE))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                           _("The softphone cannot run in the process of the office's phone server"));
      return FALSE;
    }

  if (!resolve_addresses (server_host, sip_port, &server_ip, &local_ip, error))
    {
      _desk_libre_release (DESK_LIBRE_OWNER_SOFTPHONE);
      return FALSE;
    }

  config = (UaConfig) {
    .server_ip = server_ip,
    .server_port = sip_port,
    .local_ip = local_ip,
    .user = user,
    .password = password,
  };

  self->context = g_main_context_ref_thread_default ();
  err = _desk_softphone_ua_start (&config, &self->audio, on_ua_event, self, &self->ua);
  if (err)
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      _desk_libre_release (DESK_LIBRE_OWNER_SOFTPHONE);
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Cannot start the softphone: %s"),
                   g_strerror (err));
      return FALSE;
    }

  g_debug ("Softphone of %s on %s:%u, PBX at %s:%u", user, local_ip,
           _desk_softphone_ua_port (self->ua), server_ip, sip_port);
  return TRUE;
}

/**
 * desk_softphone_stop:
 * @self: a #DeskSoftphone
 *
 * Hangs up every call, un-registers and stops the SIP thread. The calls
 * end with the cause "stopped".
 */
void
desk_softphone_stop (DeskSoftphone *self)
{
  g_autofree gpointer *ids = NULL;
  guint n = 0;

  g_return_if_fail (DESK_IS_SOFTPHONE (self));

  if (!self->ua)
    return;

  _desk_softphone_ua_stop (g_steal_pointer (&self->ua));
  g_clear_pointer (&self->context, g_main_context_unref);
  _desk_libre_release (DESK_LIBRE_OWNER_SOFTPHONE);

  ids = g_hash_table_get_keys_as_array (self->calls, &n);
  for (guint i = 0; i < n; i++)
    end_call (self, GPOINTER_TO_UINT (ids[i]), "stopped");
  set_registered (self, FALSE);
}

/**
 * desk_softphone_get_registered:
 * @self: a #DeskSoftphone
 *
 * Returns: whether the PBX has the phone registered
 */
gboolean
desk_softphone_get_registered (DeskSoftphone *self)
{
  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);

  return self->registered;
}

/**
 * desk_softphone_get_local_port:
 * @self: a #DeskSoftphone
 *
 * Returns: the UDP port the phone's SIP listens on, 0 when stopped
 */
guint
desk_softphone_get_local_port (DeskSoftphone *self)
{
  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), 0);

  return self->ua ? _desk_softphone_ua_port (self->ua) : 0;
}

/**
 * desk_softphone_set_audio:
 * @self: a #DeskSoftphone
 * @capture: (nullable) (scope notified): fills what the other side hears
 * @playback: (nullable) (scope notified): takes what the other side says
 * @user_data: data for both
 *
 * Both run in the SIP thread every 20 ms while a call is up. Once this
 * returns, the callbacks set before are not called any more. Without a
 * capture callback the other side hears silence.
 */
void
desk_softphone_set_audio (DeskSoftphone          *self,
                          DeskSoftphoneReadFunc   capture,
                          DeskSoftphoneWriteFunc  playback,
                          gpointer                user_data)
{
  g_return_if_fail (DESK_IS_SOFTPHONE (self));

  g_mutex_lock (&self->audio.lock);
  self->audio.capture = capture;
  self->audio.playback = playback;
  self->audio.user_data = user_data;
  g_mutex_unlock (&self->audio.lock);
}

/**
 * desk_softphone_set_muted:
 * @self: a #DeskSoftphone
 * @muted: whether the other side hears silence
 */
void
desk_softphone_set_muted (DeskSoftphone *self,
                          gboolean       muted)
{
  g_return_if_fail (DESK_IS_SOFTPHONE (self));

  muted = !!muted;
  if (g_atomic_int_get (&self->audio.muted) == muted)
    return;

  g_atomic_int_set (&self->audio.muted, muted);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MUTED]);
}

gboolean
desk_softphone_get_muted (DeskSoftphone *self)
{
  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);

  return g_atomic_int_get (&self->audio.muted);
}

/**
 * desk_softphone_dial:
 * @self: a #DeskSoftphone
 * @number: what to call: an office number, an extension, a phone number
 * @error: return location for a #GError
 *
 * Calls `sip:<number>@<server>` through the PBX, answering its digest
 * challenge with the operator's account. The call starts ringing at once.
 *
 * Returns: the call's id, or 0 with @error set
 */
guint
desk_softphone_dial (DeskSoftphone *self,
                     const char    *number,
                     GError       **error)
{
  CallInfo *info;
  guint id;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_running (self, error))
    return 0;

  if (!number || !*number || strlen (number) > 32
      || strspn (number, "0123456789+*#") != strlen (number))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not a number the softphone can call"), number ? number : "");
      return 0;
    }

  id = ++self->last_dial_id;
  if (!push (self, UA_CMD_DIAL, id, number, error))
    return 0;

  info = g_new0 (CallInfo, 1);
  info->state = DESK_SOFTPHONE_CALL_RINGING;
  g_hash_table_insert (self->calls, GUINT_TO_POINTER (id), info);
  g_signal_emit (self, signals[SIGNAL_CALL_STATE], 0, id, DESK_SOFTPHONE_CALL_RINGING);
  return id;
}

/**
 * desk_softphone_answer:
 * @self: a #DeskSoftphone
 * @call_id: an incoming call that rings
 * @error: return location for a #GError
 *
 * Answers; #DeskSoftphone::call-state tells when the call is up.
 *
 * Returns: whether the answer went out
 */
gboolean
desk_softphone_answer (DeskSoftphone *self,
                       guint          call_id,
                       GError       **error)
{
  CallInfo *info;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);

  info = lookup_call (self, call_id, error);
  if (!info)
    return FALSE;

  if (!info->inbound || info->state != DESK_SOFTPHONE_CALL_RINGING)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call %u does not ring here: it cannot be answered"), call_id);
      return FALSE;
    }

  return push (self, UA_CMD_ANSWER, call_id, NULL, error);
}

/**
 * desk_softphone_hangup:
 * @self: a #DeskSoftphone
 * @call_id: a call
 *
 * Ends the call as fits its state: 486 Busy Here to a call that rings
 * here, CANCEL to one that rings elsewhere, BYE to a call that is up. An
 * unknown or ended call is left alone.
 */
void
desk_softphone_hangup (DeskSoftphone *self,
                       guint          call_id)
{
  g_return_if_fail (DESK_IS_SOFTPHONE (self));

  if (self->ua && g_hash_table_contains (self->calls, GUINT_TO_POINTER (call_id)))
    (void) push (self, UA_CMD_HANGUP, call_id, NULL, NULL);
}

/**
 * desk_softphone_hold:
 * @self: a #DeskSoftphone
 * @call_id: a call that is up
 * @hold: %TRUE to hold, %FALSE to resume
 * @error: return location for a #GError
 *
 * Sends a re-INVITE with the SDP direction sendonly (hold) or sendrecv
 * (resume). While held, no audio flows either way.
 *
 * Returns: whether the request went out
 */
gboolean
desk_softphone_hold (DeskSoftphone *self,
                     guint          call_id,
                     gboolean       hold,
                     GError       **error)
{
  CallInfo *info;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);

  info = lookup_call (self, call_id, error);
  if (!info)
    return FALSE;

  if (info->state != DESK_SOFTPHONE_CALL_ACTIVE && info->state != DESK_SOFTPHONE_CALL_HELD)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call %u is not connected: it cannot be held or resumed"), call_id);
      return FALSE;
    }

  return push (self, hold ? UA_CMD_HOLD : UA_CMD_RESUME, call_id, NULL, error);
}

/**
 * desk_softphone_send_dtmf:
 * @self: a #DeskSoftphone
 * @call_id: a call that is up
 * @digits: 0–9, * and #
 * @error: return location for a #GError
 *
 * Sends the digits as RFC 4733 telephone-events, one after the other.
 *
 * Returns: whether they were queued
 */
gboolean
desk_softphone_send_dtmf (DeskSoftphone *self,
                          guint          call_id,
                          const char    *digits,
                          GError       **error)
{
  CallInfo *info;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), FALSE);

  if (!digits || !*digits || strlen (digits) > 64
      || strspn (digits, "0123456789*#") != strlen (digits))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” are not DTMF digits (0–9, * and #)"), digits ? digits : "");
      return FALSE;
    }

  info = lookup_call (self, call_id, error);
  if (!info)
    return FALSE;

  if (info->state != DESK_SOFTPHONE_CALL_ACTIVE)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call %u is not connected: it cannot send digits"), call_id);
      return FALSE;
    }

  return push (self, UA_CMD_DTMF, call_id, digits, error);
}

/**
 * desk_softphone_get_call_state:
 * @self: a #DeskSoftphone
 * @call_id: a call
 *
 * Returns: the call's state; %DESK_SOFTPHONE_CALL_ENDED for a call that
 *   ended or never was
 */
DeskSoftphoneCallState
desk_softphone_get_call_state (DeskSoftphone *self,
                               guint          call_id)
{
  CallInfo *info;

  g_return_val_if_fail (DESK_IS_SOFTPHONE (self), DESK_SOFTPHONE_CALL_ENDED);

  info = g_hash_table_lookup (self->calls, GUINT_TO_POINTER (call_id));
  return info ? info->state : DESK_SOFTPHONE_CALL_ENDED;
}
