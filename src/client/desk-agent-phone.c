/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-phone"

#include "config.h"

#include "desk-agent-phone.h"
#include "desk-audio-io.h"
#include "desk-error.h"
#include "desk-i18n.h"

#include <string.h>

/**
 * DeskAgentPhone:
 *
 * The operator's phone as the agent window sees it, provisioned from the
 * login: nothing about SIP is typed by the operator.
 *
 * In "builtin" mode it owns a #DeskSoftphone registered with the login's
 * SIP account at the server's host, and a #DeskAudioIo for the headset:
 * the sound devices are open only while a call rings or is up, and the
 * ring tone plays while a call rings here. In "desk-phone" mode it
 * registers nothing and touches no sound device: the operator's own desk
 * phone rings, and the window controls calls through the web API.
 */

enum {
  PROP_0,
  PROP_REGISTERED,
  PROP_MUTED,
  PROP_VOLUME,
  PROP_INPUT_DEVICE,
  PROP_OUTPUT_DEVICE,
  PROP_MODE,
  N_PROPS
};

enum {
  SIGNAL_INCOMING,
  SIGNAL_CALL_STATE_CHANGED,
  SIGNAL_REGISTRATION_FAILED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

struct _DeskAgentPhone
{
  GObject parent_instance;

  char *host;
  char *sip_user;
  char *sip_password;
  guint sip_port;
  gboolean desk_phone_mode;
  gboolean started;

  DeskSoftphone *phone;
  DeskAudioIo *audio;
  GHashTable *calls;          /* id → DeskSoftphoneCallState */
};

G_DEFINE_FINAL_TYPE (DeskAgentPhone, desk_agent_phone, G_TYPE_OBJECT)

static void
on_capture (gint16  *samples,
            guint    n_samples,
            gpointer user_data)
{
  desk_audio_io_read (user_data, samples, n_samples);
}

static void
on_playback (const gint16 *samples,
             guint         n_samples,
             gpointer      user_data)
{
  desk_audio_io_write (user_data, samples, n_samples);
}

/* Opens the sound devices while any call lives, rings while any rings. */
static void
update_audio (DeskAgentPhone *self)
{
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer state;
  gboolean ringing = FALSE;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &state))
    if (GPOINTER_TO_INT (state) == DESK_SOFTPHONE_CALL_RINGING)
      ringing = TRUE;

  if (g_hash_table_size (self->calls) == 0)
    {
      desk_audio_io_ring (self->audio, FALSE);
      desk_audio_io_stop (self->audio);
      return;
    }

  if (!desk_audio_io_start (self->audio, &error))
    g_message ("No sound for the call: %s", error->message);
  desk_audio_io_ring (self->audio, ringing);
}

static void
on_incoming (DeskSoftphone  *phone,
             guint           call_id,
             const char     *number,
             const char     *name,
             DeskAgentPhone *self)
{
  g_hash_table_insert (self->calls, GUINT_TO_POINTER (call_id),
                       GINT_TO_POINTER (DESK_SOFTPHONE_CALL_RINGING));
  update_audio (self);
  g_signal_emit (self, signals[SIGNAL_INCOMING], 0, call_id, number, name);
}

static void
on_call_state (DeskSoftphone          *phone,
               guint                   call_id,
               DeskSoftphoneCallState  state,
               DeskAgentPhone         *self)
{
  gboolean inbound_ring = state == DESK_SOFTPHONE_CALL_RINGING;

  if (state == DESK_SOFTPHONE_CALL_ENDED)
    g_hash_table_remove (self->calls, GUINT_TO_POINTER (call_id));
  else
    g_hash_table_insert (self->calls, GUINT_TO_POINTER (call_id), GINT_TO_POINTER (state));

  /* A call we dial rings at the other end, not here. */
  if (inbound_ring)
    g_hash_table_insert (self->calls, GUINT_TO_POINTER (call_id),
                         GINT_TO_POINTER (DESK_SOFTPHONE_CALL_ACTIVE));

  update_audio (self);
  g_signal_emit (self, signals[SIGNAL_CALL_STATE_CHANGED], 0, call_id, state);
}

static void
on_registration_failed (DeskSoftphone  *phone,
                        const char     *message,
                        DeskAgentPhone *self)
{
  g_signal_emit (self, signals[SIGNAL_REGISTRATION_FAILED], 0, message);
}

static void
on_registered (DeskAgentPhone *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REGISTERED]);
}

static gboolean
check_builtin (DeskAgentPhone *self,
               GError        **error)
{
  if (!self->desk_phone_mode && self->started)
    return TRUE;

  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                       self->desk_phone_mode
                       ? _("Calls ring on your desk phone: control them from there")
                       : _("The built-in phone is off"));
  return FALSE;
}

static void
desk_agent_phone_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeskAgentPhone *self = DESK_AGENT_PHONE (object);

  switch (prop_id)
    {
    case PROP_REGISTERED:
      g_value_set_boolean (value, desk_agent_phone_get_registered (self));
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, desk_agent_phone_get_muted (self));
      break;
    case PROP_VOLUME:
      g_value_set_double (value, desk_agent_phone_get_volume (self));
      break;
    case PROP_INPUT_DEVICE:
      g_value_set_string (value, desk_agent_phone_get_input_device (self));
      break;
    case PROP_OUTPUT_DEVICE:
      g_value_set_string (value, desk_agent_phone_get_output_device (self));
      break;
    case PROP_MODE:
      g_value_set_string (value, desk_agent_phone_get_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_agent_phone_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DeskAgentPhone *self = DESK_AGENT_PHONE (object);
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  switch (prop_id)
    {
    case PROP_MUTED:
      desk_agent_phone_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_VOLUME:
      desk_agent_phone_set_volume (self, g_value_get_double (value));
      break;
    case PROP_INPUT_DEVICE:
      ok = desk_agent_phone_set_input_device (self, g_value_get_string (value), &error);
      break;
    case PROP_OUTPUT_DEVICE:
      ok = desk_agent_phone_set_output_device (self, g_value_get_string (value), &error);
      break;
    case PROP_MODE:
      ok = desk_agent_phone_set_mode (self, g_value_get_string (value), &error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }

  if (!ok)
    g_message ("%s", error->message);
}

static void
desk_agent_phone_dispose (GObject *object)
{
  DeskAgentPhone *self = DESK_AGENT_PHONE (object);

  desk_agent_phone_stop (self);
  /* The softphone's thread is gone: nothing reads or writes the audio. */
  if (self->phone)
    desk_softphone_set_audio (self->phone, NULL, NULL, NULL);
  g_clear_object (&self->phone);
  g_clear_object (&self->audio);

  G_OBJECT_CLASS (desk_agent_phone_parent_class)->dispose (object);
}

static void
desk_agent_phone_finalize (GObject *object)
{
  DeskAgentPhone *self = DESK_AGENT_PHONE (object);

  g_hash_table_unref (self->calls);
  g_free (self->host);
  g_free (self->sip_user);
  if (self->sip_password)
    explicit_bzero (self->sip_password, strlen (self->sip_password));
  g_free (self->sip_password);

  G_OBJECT_CLASS (desk_agent_phone_parent_class)->finalize (object);
}

static void
desk_agent_phone_class_init (DeskAgentPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_agent_phone_get_property;
  object_class->set_property = desk_agent_phone_set_property;
  object_class->dispose = desk_agent_phone_dispose;
  object_class->finalize = desk_agent_phone_finalize;

  /**
   * DeskAgentPhone:registered:
   *
   * Whether the built-in phone is registered: calls can ring it.
   */
  props[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DeskAgentPhone:muted:
   *
   * Whether the other side hears silence.
   */
  props[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  /**
   * DeskAgentPhone:volume:
   *
   * How loud the other side is, 0 to 1.
   */
  props[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, rw);
  /**
   * DeskAgentPhone:input-device:
   *
   * The microphone (see desk_audio_io_list_devices()); "" for the default.
   */
  props[PROP_INPUT_DEVICE] = g_param_spec_string ("input-device", NULL, NULL, "", rw);
  /**
   * DeskAgentPhone:output-device:
   *
   * The headset or speaker; "" for the default.
   */
  props[PROP_OUTPUT_DEVICE] = g_param_spec_string ("output-device", NULL, NULL, "", rw);
  /**
   * DeskAgentPhone:mode:
   *
   * "builtin" (this computer is the phone) or "desk-phone" (the
   * operator's own phone rings).
   */
  props[PROP_MODE] = g_param_spec_string ("mode", NULL, NULL, DESK_AGENT_PHONE_MODE_BUILTIN, rw);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * DeskAgentPhone::incoming:
   * @self: the phone
   * @call_id: the softphone's call
   * @number: the caller's number
   * @name: the caller's name, or ""
   *
   * A call rings in the built-in phone; the ring tone plays.
   */
  signals[SIGNAL_INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DeskAgentPhone::call-state-changed:
   * @self: the phone
   * @call_id: the call
   * @state: its #DeskSoftphoneCallState
   */
  signals[SIGNAL_CALL_STATE_CHANGED] =
    g_signal_new ("call-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, DESK_TYPE_SOFTPHONE_CALL_STATE);

  /**
   * DeskAgentPhone::registration-failed:
   * @self: the phone
   * @message: why, for the operator
   */
  signals[SIGNAL_REGISTRATION_FAILED] =
    g_signal_new ("registration-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
desk_agent_phone_init (DeskAgentPhone *self)
{
  self->calls = g_hash_table_new (NULL, NULL);
  self->phone = desk_softphone_new ();
  self->audio = desk_audio_io_new ();
  desk_softphone_set_audio (self->phone, on_capture, on_playback, self->audio);

  g_signal_connect_object (self->phone, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_signal_connect_object (self->phone, "call-state", G_CALLBACK (on_call_state), self, 0);
  g_signal_connect_object (self->phone, "registration-failed",
                           G_CALLBACK (on_registration_failed), self, 0);
  g_signal_connect_object (self->phone, "notify::registered", G_CALLBACK (on_registered), self,
                           G_CONNECT_SWAPPED);
}

/**
 * desk_agent_phone_new:
 * @session: the operator's login (its SIP account)
 * @server_host: the server's host, as in the API's address
 *
 * Returns: (transfer full): a phone in "builtin" mode, not started
 */
DeskAgentPhone *
desk_agent_phone_new (const DeskSession *session,
                      const char        *server_host)
{
  DeskAgentPhone *self;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (server_host != NULL, NULL);

  self = g_object_new (DESK_TYPE_AGENT_PHONE, NULL);
  self->host = g_strdup (server_host);
  self->sip_user = g_strdup (session->sip_user);
  self->sip_password = g_strdup (session->sip_password);
  self->sip_port = session->sip_port;
  return self;
}

/**
 * desk_agent_phone_start:
 * @self: a #DeskAgentPhone
 * @error: return location for a #GError
 *
 * In "builtin" mode, starts the softphone, which then registers; in
 * "desk-phone" mode, does nothing.
 *
 * Returns: whether the phone is ready to register
 */
gboolean
desk_agent_phone_start (DeskAgentPhone *self,
                        GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  if (self->started)
    return TRUE;

  if (!self->desk_phone_mode)
    {
      if (!self->sip_user)
        {
          g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                               _("This login has no phone account: ask the office's owner for one"));
          return FALSE;
        }

      if (!desk_softphone_start (self->phone, self->host, self->sip_port, self->sip_user,
                                 self->sip_password, error))
        return FALSE;
    }

  self->started = TRUE;
  return TRUE;
}

/**
 * desk_agent_phone_stop:
 * @self: a #DeskAgentPhone
 *
 * Hangs up the built-in phone's calls, un-registers and closes the sound
 * devices.
 */
void
desk_agent_phone_stop (DeskAgentPhone *self)
{
  g_return_if_fail (DESK_IS_AGENT_PHONE (self));

  if (!self->started)
    return;

  self->started = FALSE;
  desk_softphone_stop (self->phone);
  g_hash_table_remove_all (self->calls);
  update_audio (self);
}

const char *
desk_agent_phone_get_mode (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), NULL);

  return self->desk_phone_mode ? DESK_AGENT_PHONE_MODE_DESK_PHONE
                               : DESK_AGENT_PHONE_MODE_BUILTIN;
}

/**
 * desk_agent_phone_set_mode:
 * @self: a #DeskAgentPhone
 * @mode: "builtin" or "desk-phone"
 * @error: return location for a #GError
 *
 * A started phone changes over at once: the built-in phone stops (its
 * calls end) or starts.
 *
 * Returns: whether the mode is taken
 */
gboolean
desk_agent_phone_set_mode (DeskAgentPhone *self,
                           const char     *mode,
                           GError        **error)
{
  gboolean desk_phone;
  gboolean was_started;

  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  if (g_strcmp0 (mode, DESK_AGENT_PHONE_MODE_BUILTIN) == 0)
    desk_phone = FALSE;
  else if (g_strcmp0 (mode, DESK_AGENT_PHONE_MODE_DESK_PHONE) == 0)
    desk_phone = TRUE;
  else
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not a phone mode: use “builtin” or “desk-phone”"),
                   mode ? mode : "");
      return FALSE;
    }

  if (desk_phone == self->desk_phone_mode)
    return TRUE;

  was_started = self->started;
  desk_agent_phone_stop (self);
  self->desk_phone_mode = desk_phone;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);

  return !was_started || desk_agent_phone_start (self, error);
}

gboolean
desk_agent_phone_get_registered (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  return desk_softphone_get_registered (self->phone);
}

/**
 * desk_agent_phone_get_local_port:
 * @self: a #DeskAgentPhone
 *
 * Returns: the UDP port of the built-in phone's SIP, 0 when it is off
 *   (for diagnostics: the PBX finds it by its registration)
 */
guint
desk_agent_phone_get_local_port (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), 0);

  return desk_softphone_get_local_port (self->phone);
}

gboolean
desk_agent_phone_get_muted (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  return desk_softphone_get_muted (self->phone);
}

void
desk_agent_phone_set_muted (DeskAgentPhone *self,
                            gboolean        muted)
{
  g_return_if_fail (DESK_IS_AGENT_PHONE (self));

  if (desk_softphone_get_muted (self->phone) == !!muted)
    return;

  desk_softphone_set_muted (self->phone, muted);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MUTED]);
}

double
desk_agent_phone_get_volume (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), 0);

  return desk_audio_io_get_volume (self->audio);
}

void
desk_agent_phone_set_volume (DeskAgentPhone *self,
                             double          volume)
{
  g_return_if_fail (DESK_IS_AGENT_PHONE (self));

  if (desk_audio_io_get_volume (self->audio) == CLAMP (volume, 0, 1))
    return;

  desk_audio_io_set_volume (self->audio, volume);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_VOLUME]);
}

const char *
desk_agent_phone_get_input_device (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), NULL);

  return desk_audio_io_get_input_device (self->audio);
}

/**
 * desk_agent_phone_set_input_device:
 * @self: a #DeskAgentPhone
 * @id: (nullable): a device id (desk_audio_io_list_devices()), "file:/path.wav", or "" for
 *   the default
 * @error: return location for a #GError
 *
 * Returns: whether the device was taken
 */
gboolean
desk_agent_phone_set_input_device (DeskAgentPhone *self,
                                   const char     *id,
                                   GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  if (g_strcmp0 (desk_audio_io_get_input_device (self->audio), id ? id : "") == 0)
    return TRUE;

  if (!desk_audio_io_set_input_device (self->audio, id, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_INPUT_DEVICE]);
  return TRUE;
}

const char *
desk_agent_phone_get_output_device (DeskAgentPhone *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), NULL);

  return desk_audio_io_get_output_device (self->audio);
}

/**
 * desk_agent_phone_set_output_device:
 * @self: a #DeskAgentPhone
 * @id: (nullable): a device id, "file:/path.wav", or "" for the default
 * @error: return location for a #GError
 *
 * Returns: whether the device was taken
 */
gboolean
desk_agent_phone_set_output_device (DeskAgentPhone *self,
                                    const char     *id,
                                    GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  if (g_strcmp0 (desk_audio_io_get_output_device (self->audio), id ? id : "") == 0)
    return TRUE;

  if (!desk_audio_io_set_output_device (self->audio, id, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OUTPUT_DEVICE]);
  return TRUE;
}

/**
 * desk_agent_phone_dial:
 * @self: a #DeskAgentPhone
 * @number: what to call
 * @error: return location for a #GError
 *
 * Returns: the call's id, or 0 with @error set
 */
guint
desk_agent_phone_dial (DeskAgentPhone *self,
                       const char     *number,
                       GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), 0);

  if (!check_builtin (self, error))
    return 0;

  return desk_softphone_dial (self->phone, number, error);
}

gboolean
desk_agent_phone_answer (DeskAgentPhone *self,
                         guint           call_id,
                         GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  return check_builtin (self, error) && desk_softphone_answer (self->phone, call_id, error);
}

void
desk_agent_phone_hangup (DeskAgentPhone *self,
                         guint           call_id)
{
  g_return_if_fail (DESK_IS_AGENT_PHONE (self));

  if (check_builtin (self, NULL))
    desk_softphone_hangup (self->phone, call_id);
}

gboolean
desk_agent_phone_hold (DeskAgentPhone *self,
                       guint           call_id,
                       gboolean        hold,
                       GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  return check_builtin (self, error) && desk_softphone_hold (self->phone, call_id, hold, error);
}

gboolean
desk_agent_phone_send_dtmf (DeskAgentPhone *self,
                            guint           call_id,
                            const char     *digits,
                            GError        **error)
{
  g_return_val_if_fail (DESK_IS_AGENT_PHONE (self), FALSE);

  return check_builtin (self, error)
         && desk_softphone_send_dtmf (self->phone, call_id, digits, error);
}

GStrv
desk_agent_phone_list_devices (gboolean input)
{
  g_autoptr (GPtrArray) devices = desk_audio_io_list_devices (input ? DESK_AUDIO_IO_INPUT :
                                                              DESK_AUDIO_IO_OUTPUT);
  g_autoptr (GStrvBuilder) pairs = g_strv_builder_new ();

  for (guint i = 0; devices && i < devices->len; i++)
    {
      DeskAudioDevice *device = g_ptr_array_index (devices, i);

      g_strv_builder_add (pairs, device->id);
      g_strv_builder_add (pairs, device->name);
    }
  return g_strv_builder_end (pairs);
}
