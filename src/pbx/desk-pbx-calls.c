/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx"

#include "config.h"

#include "desk-pbx.h"
#include "desk-pbx-private.h"
#include "desk-pbx-transfer-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <errno.h>
#include <string.h>

/* The call half of DeskPbx: commands about calls and the signals that
 * report them. The facade keeps the set of live calls as the signals tell
 * it, so that a command for a call that never was fails at once; a command
 * that crosses a call's end on its way to the engine is dropped there, and
 * the office hears call-ended as usual. */

enum {
  CALL_INCOMING,
  CALL_RINGING,
  CALL_ANSWERED,
  CALL_HELD,
  CALL_RESUMED,
  CALL_ENDED,
  DIGIT,
  PLAYBACK_FINISHED,
  DIGITS_COLLECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gboolean inbound;
  gboolean answered;    /* inbound: answer sent; outbound: a phone answered */
  gboolean from_trunk;  /* inbound: the INVITE came from the SIP trunk */
} DeskPbxCallInfo;

void
_desk_pbx_call_command_free (DeskPbxCallCommand *cmd)
{
  if (!cmd)
    return;

  g_strfreev (cmd->users);
  g_free (cmd->caller_id);
  g_free (cmd->number);
  g_clear_pointer (&cmd->pcm, g_bytes_unref);
  g_clear_pointer (&cmd->rec_file, _desk_pbx_rec_file_free);
  g_free (cmd);
}

void
_desk_pbx_call_state_init (DeskPbxCallState *state)
{
  state->calls = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

void
_desk_pbx_call_state_clear (DeskPbxCallState *state)
{
  g_clear_pointer (&state->calls, g_hash_table_unref);
  g_clear_pointer (&state->moh, g_bytes_unref);
  g_clear_pointer (&state->recordings, g_hash_table_unref);
}

static DeskPbxCallInfo *
call_info_add (DeskPbx  *self,
               guint     call_id,
               gboolean  inbound)
{
  DeskPbxCallInfo *info = g_new0 (DeskPbxCallInfo, 1);

  info->inbound = inbound;
  g_hash_table_replace (_desk_pbx_get_call_state (self)->calls, GUINT_TO_POINTER (call_id), info);
  return info;
}

static DeskPbxCallInfo *
call_info (DeskPbx *self,
           guint    call_id)
{
  return g_hash_table_lookup (_desk_pbx_get_call_state (self)->calls, GUINT_TO_POINTER (call_id));
}

void
_desk_pbx_dispatch_call_event (DeskPbx            *self,
                               const DeskPbxEvent *event)
{
  DeskPbxCallInfo *info;

  switch (event->type)
    {
    case DESK_PBX_EVENT_CALL_INCOMING:
      call_info_add (self, event->call_id, TRUE)->from_trunk = event->from_trunk;
      g_signal_emit (self, signals[CALL_INCOMING], 0, event->call_id, event->from_uri,
                     event->to_user, event->source, event->user);
      break;

    case DESK_PBX_EVENT_CALL_RINGING:
      g_signal_emit (self, signals[CALL_RINGING], 0, event->call_id);
      break;

    case DESK_PBX_EVENT_CALL_ANSWERED:
      info = call_info (self, event->call_id);
      if (info)
        info->answered = TRUE;
      g_signal_emit (self, signals[CALL_ANSWERED], 0, event->call_id, event->user);
      break;

    case DESK_PBX_EVENT_CALL_HELD:
      g_signal_emit (self, signals[CALL_HELD], 0, event->call_id);
      break;

    case DESK_PBX_EVENT_CALL_RESUMED:
      g_signal_emit (self, signals[CALL_RESUMED], 0, event->call_id);
      break;

    case DESK_PBX_EVENT_CALL_ENDED:
      g_hash_table_remove (_desk_pbx_get_call_state (self)->calls,
                           GUINT_TO_POINTER (event->call_id));
      g_signal_emit (self, signals[CALL_ENDED], 0, event->call_id, event->code, event->text);
      break;

    case DESK_PBX_EVENT_DIGIT:
      g_signal_emit (self, signals[DIGIT], 0, event->call_id, event->digit, event->text);
      break;

    case DESK_PBX_EVENT_PLAYBACK_FINISHED:
      g_signal_emit (self, signals[PLAYBACK_FINISHED], 0, event->call_id);
      break;

    case DESK_PBX_EVENT_DIGITS_COLLECTED:
      g_signal_emit (self, signals[DIGITS_COLLECTED], 0, event->call_id, event->text,
                     event->detail);
      break;

    case DESK_PBX_EVENT_RECORDING_FINISHED:
      _desk_pbx_dispatch_recording_event (self, event);
      break;

    case DESK_PBX_EVENT_CALL_TRANSFERRED:
    case DESK_PBX_EVENT_CALL_TRANSFER_FAILED:
      _desk_pbx_dispatch_transfer_event (self, event);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_desk_pbx_calls_class_init (GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  /**
   * DeskPbx::call-incoming:
   * @self: the engine
   * @call_id: the new call's id
   * @from_uri: the caller's From URI, as the caller claims it
   * @to_user: the user part of the dialled URI (the number called); for a
   *   call from the SIP trunk, the office number the customer dialled (see
   *   [method@Pbx.call_is_from_trunk])
   * @source_address: where the INVITE came from, "ip:port"
   * @authenticated_user: (nullable): the operator whose phone proved its
   *   identity with digest authentication, or %NULL for an outside caller,
   *   who must never be routed to the trunk
   *
   * A call came in. The caller hears ringing until [method@Pbx.answer] or
   * [method@Pbx.reject].
   */
  signals[CALL_INCOMING] = g_signal_new ("call-incoming", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 5, G_TYPE_UINT, G_TYPE_STRING,
                                         G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DeskPbx::call-ringing:
   * @self: the engine
   * @call_id: a call made with [method@Pbx.ring]
   *
   * The first phone rings (180 or 183). Emitted at most once per call.
   */
  signals[CALL_RINGING] = g_signal_new ("call-ringing", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DeskPbx::call-answered:
   * @self: the engine
   * @call_id: the call
   * @user: (nullable): for a call made with [method@Pbx.ring], the user
   *   whose phone answered; for an incoming call, the authenticated user
   *
   * The call is up: an incoming call got the ACK to its 200, or a phone
   * answered an outgoing one (the other phones of the ring group are
   * cancelled).
   */
  signals[CALL_ANSWERED] = g_signal_new ("call-answered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * DeskPbx::call-held:
   * @self: the engine
   * @call_id: the leg whose phone put the call on hold
   *
   * The phone on this leg holds (SDP sendonly or inactive). Its bridged
   * peer hears music on hold (see [method@Pbx.set_music_on_hold]).
   */
  signals[CALL_HELD] = g_signal_new ("call-held", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DeskPbx::call-resumed:
   * @self: the engine
   * @call_id: the leg whose phone took the call off hold
   */
  signals[CALL_RESUMED] = g_signal_new ("call-resumed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DeskPbx::call-ended:
   * @self: the engine
   * @call_id: the call
   * @cause: %DESK_PBX_CAUSE_NORMAL, or a SIP status code: 487 when the
   *   caller gave up while ringing, 408 when nobody answered in time, 480
   *   when nobody to ring is registered or when the office left an incoming
   *   call ringing too long, or the phones' own refusal (486...)
   * @reason: "bye", "hangup", "cancelled", "rejected", "no answer",
   *   "not registered", "timeout", "failed", "ring-timeout" (an incoming
   *   call nobody answered or rejected within the ring limit, see
   *   [method@Pbx.set_call_limits]), "not answered" (a caller left waiting
   *   for a transfer that nobody answered), "transferred" (the leg handed
   *   its peer on or was replaced by another of the same phone's calls, see
   *   [signal@Pbx::call-transferred]) or "conference" (see
   *   [method@Pbx.conference])
   *
   * The call is over. A bridged call is one conversation: when one leg
   * ends, its peer ends too, with the same cause.
   */
  signals[CALL_ENDED] = g_signal_new ("call-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * DeskPbx::digit:
   * @self: the engine
   * @call_id: the call
   * @digit: 0–9, `*`, `#` or A–D
   * @source: "rfc4733" (telephone-event) or "inband" (a tone in the audio)
   *
   * The caller pressed a key. Reported once, as the key goes down.
   * Telephone-events are heard on every call; tones in the audio only
   * while the call collects digits ([method@Pbx.collect_digits]) or is
   * bridged to nobody (a prompt, a queue): in a conversation voice could
   * pass for a tone.
   */
  signals[DIGIT] = g_signal_new ("digit", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_CHAR, G_TYPE_STRING);

  /**
   * DeskPbx::playback-finished:
   * @self: the engine
   * @call_id: the call
   *
   * A prompt played without loop has ended (not emitted when it is
   * stopped, replaced or cut by a bridge).
   */
  signals[PLAYBACK_FINISHED] = g_signal_new ("playback-finished", type, G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DeskPbx::digits-collected:
   * @self: the engine
   * @call_id: the call
   * @digits: the digits, without the terminator (may be empty)
   * @why: "max", "terminator" or "timeout"
   *
   * A collection started with [method@Pbx.collect_digits] is complete.
   */
  signals[DIGITS_COLLECTED] = g_signal_new ("digits-collected", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT,
                                            G_TYPE_STRING, G_TYPE_STRING);

  _desk_pbx_recordings_class_init (klass);
  _desk_pbx_transfers_class_init (klass);
}

static gboolean
check_running (DeskPbx  *self,
               GError  **error)
{
  if (_desk_pbx_get_engine (self))
    return TRUE;

  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("The telephony engine is not running"));
  return FALSE;
}

static DeskPbxCallInfo *
find_call (DeskPbx  *self,
           guint     call_id,
           GError  **error)
{
  DeskPbxCallInfo *info;

  if (!check_running (self, error))
    return NULL;

  info = call_info (self, call_id);
  if (!info)
    g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("There is no call %u"), call_id);
  return info;
}

gboolean
_desk_pbx_check_call (DeskPbx  *self,
                      guint     call_id,
                      GError  **error)
{
  return find_call (self, call_id, error) != NULL;
}

gboolean
_desk_pbx_push_call_command (DeskPbx             *self,
                             DeskPbxCallCommand  *cmd,
                             GError             **error)
{
  int err = _desk_pbx_engine_call (_desk_pbx_get_engine (self), cmd);

  if (!err)
    return TRUE;

  if (err == EAGAIN || err == EWOULDBLOCK)
    g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                 _("The telephony engine is too busy to take the command; try again"));
  else
    g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                 _("The telephony engine did not take the command: %s"), g_strerror (err));
  return FALSE;
}

static DeskPbxCallCommand *
command_new (DeskPbxCallOp op,
             guint         call_id)
{
  DeskPbxCallCommand *cmd = g_new0 (DeskPbxCallCommand, 1);

  cmd->op = op;
  cmd->call_id = call_id;
  return cmd;
}

void
_desk_pbx_calls_started (DeskPbx *self)
{
  DeskPbxCallState *state = _desk_pbx_get_call_state (self);
  DeskPbxCallCommand *cmd;

  if (!state->moh)
    return;

  cmd = command_new (DESK_PBX_CALL_SET_MOH, 0);
  cmd->pcm = g_bytes_ref (state->moh);
  if (!_desk_pbx_push_call_command (self, cmd, NULL))
    g_warning ("The telephony engine did not take the music on hold");
}

void
_desk_pbx_calls_add_outgoing (DeskPbx *self,
                              guint    call_id)
{
  call_info_add (self, call_id, FALSE);
}

/**
 * desk_pbx_call_is_from_trunk:
 * @self: a #DeskPbx
 * @call_id: a call id
 *
 * Tells an office call from the SIP trunk (a customer who dialled one of
 * the office's numbers: call-incoming's @to_user is that number) from a
 * call made to the engine directly. Ask from the call-incoming handler on.
 * The provider decides what it sends: the office still checks that the
 * number is one of its own before it treats the call as such.
 *
 * Returns: whether @call_id is a live incoming call that came from the
 *   trunk set with [method@Pbx.set_trunk]
 */
gboolean
desk_pbx_call_is_from_trunk (DeskPbx *self,
                             guint    call_id)
{
  DeskPbxCallInfo *info;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);

  info = call_info (self, call_id);
  return info && info->from_trunk;
}

/**
 * desk_pbx_has_call:
 * @self: a #DeskPbx
 * @call_id: a call id
 *
 * Returns: whether the call is live, as far as the signals emitted so far
 *   tell
 */
gboolean
desk_pbx_has_call (DeskPbx *self,
                   guint    call_id)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);

  return call_info (self, call_id) != NULL;
}

/**
 * desk_pbx_answer:
 * @self: a #DeskPbx
 * @call_id: an incoming call
 * @error: return location for a #GError
 *
 * Answers an incoming call (200 OK). [signal@Pbx::call-answered] follows
 * when the caller acknowledges.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_answer (DeskPbx  *self,
                 guint     call_id,
                 GError  **error)
{
  DeskPbxCallInfo *info;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = find_call (self, call_id, error);
  if (!info)
    return FALSE;

  if (!info->inbound || info->answered)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("Call %u is not an incoming call waiting for an answer"), call_id);
      return FALSE;
    }

  if (!_desk_pbx_push_call_command (self, command_new (DESK_PBX_CALL_ANSWER, call_id), error))
    return FALSE;

  info->answered = TRUE;
  return TRUE;
}

/**
 * desk_pbx_reject:
 * @self: a #DeskPbx
 * @call_id: an incoming call not answered yet
 * @code: the SIP status to refuse with, 400–699 (486 Busy Here, 480
 *   Temporarily Unavailable, 603 Decline...)
 * @error: return location for a #GError
 *
 * Refuses an incoming call; [signal@Pbx::call-ended] follows with @code.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_reject (DeskPbx  *self,
                 guint     call_id,
                 guint     code,
                 GError  **error)
{
  DeskPbxCallInfo *info;
  DeskPbxCallCommand *cmd;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (code < 400 || code > 699)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A call is refused with a SIP status from 400 to 699, not %u"), code);
      return FALSE;
    }

  info = find_call (self, call_id, error);
  if (!info)
    return FALSE;

  if (!info->inbound || info->answered)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("Call %u is not an incoming call waiting for an answer"), call_id);
      return FALSE;
    }

  cmd = command_new (DESK_PBX_CALL_REJECT, call_id);
  cmd->code = code;
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_ring:
 * @self: a #DeskPbx
 * @users: (array zero-terminated=1): the users to ring: every phone
 *   registered for any of them rings at once
 * @caller_id: (nullable): the user part of the From URI the phones show
 *   (the caller's number, say); "frontdesk" if %NULL
 * @timeout_seconds: how long to ring before giving up (408), 0 for 60 s
 * @error: return location for a #GError
 *
 * Makes an outgoing leg to the office's own phones. Requests go to the
 * address each phone registered from (so phones behind NAT are reached).
 * The first phone to answer wins and the others are cancelled;
 * [signal@Pbx::call-ringing], [signal@Pbx::call-answered] or
 * [signal@Pbx::call-ended] follow. If no phone is registered the call
 * ends at once with 480.
 *
 * Returns: the new call's id, or 0 on error
 */
guint
desk_pbx_ring (DeskPbx            *self,
               const char * const *users,
               const char         *caller_id,
               guint               timeout_seconds,
               GError            **error)
{
  DeskPbxCallCommand *cmd;
  guint call_id;

  g_return_val_if_fail (DESK_IS_PBX (self), 0);
  g_return_val_if_fail (users != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!users[0])
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Nobody to ring"));
      return 0;
    }

  if (caller_id && (!*caller_id || strlen (caller_id) > DESK_PBX_USER_MAX
                    || strspn (caller_id, "0123456789+*#abcdefghijklmnopqrstuvwxyz"
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") != strlen (caller_id)))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a caller ID"),
                   caller_id);
      return 0;
    }

  if (!check_running (self, error))
    return 0;

  call_id = _desk_pbx_engine_new_call_id (_desk_pbx_get_engine (self));
  cmd = command_new (DESK_PBX_CALL_RING, call_id);
  cmd->users = g_strdupv ((char **) users);
  cmd->caller_id = g_strdup (caller_id);
  cmd->code = MIN (timeout_seconds, 3600);

  if (!_desk_pbx_push_call_command (self, cmd, error))
    return 0;

  call_info_add (self, call_id, FALSE);
  return call_id;
}

/**
 * desk_pbx_bridge:
 * @self: a #DeskPbx
 * @call_a: a call
 * @call_b: another call
 * @error: return location for a #GError
 *
 * Lets two calls hear each other (each one's audio is decoded and encoded
 * for the other). Prompts playing on either stop. A call already bridged
 * elsewhere leaves that bridge.
 *
 * Returns: %TRUE if the engine took the command
 */
static gboolean
bridge (DeskPbx   *self,
        guint      call_a,
        guint      call_b,
        gboolean   a_stays,
        GError   **error)
{
  DeskPbxCallCommand *cmd;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (call_a == call_b)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("A call cannot be bridged to itself"));
      return FALSE;
    }

  if (!find_call (self, call_a, error) || !find_call (self, call_b, error))
    return FALSE;

  cmd = command_new (DESK_PBX_CALL_BRIDGE, call_a);
  cmd->other_id = call_b;
  cmd->loop = a_stays;
  return _desk_pbx_push_call_command (self, cmd, error);
}

gboolean
desk_pbx_bridge (DeskPbx  *self,
                 guint     call_a,
                 guint     call_b,
                 GError  **error)
{
  return bridge (self, call_a, call_b, FALSE, error);
}

/**
 * desk_pbx_bridge_outliving:
 * @self: a #DeskPbx
 * @call_a: a call that must outlive the bridge
 * @call_b: another call
 * @error: return location for a #GError
 *
 * Bridges the two as [method@Pbx.bridge] does, except that when @call_b
 * ends, @call_a does not end with it but stays up, unbridged: an
 * operator's leg bridged to a colleague they consult, whose hang-up must
 * not take the operator from the customer waiting on hold.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_bridge_outliving (DeskPbx  *self,
                           guint     call_a,
                           guint     call_b,
                           GError  **error)
{
  return bridge (self, call_a, call_b, TRUE, error);
}

/**
 * desk_pbx_unbridge:
 * @self: a #DeskPbx
 * @call_id: a bridged call
 * @error: return location for a #GError
 *
 * Separates a call from its peer; both stay up and hear silence (or what
 * is played to them).
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_unbridge (DeskPbx  *self,
                   guint     call_id,
                   GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!find_call (self, call_id, error))
    return FALSE;

  return _desk_pbx_push_call_command (self, command_new (DESK_PBX_CALL_UNBRIDGE, call_id), error);
}

/**
 * desk_pbx_hangup:
 * @self: a #DeskPbx
 * @call_id: a call
 * @cause: 0 or %DESK_PBX_CAUSE_NORMAL, or a SIP status 400–699 (an
 *   unanswered incoming call is refused with it; 480 if none)
 * @error: return location for a #GError
 *
 * Ends a call in whatever state it is: BYE, CANCEL or a refusal.
 * [signal@Pbx::call-ended] follows, for its bridged peer too.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_hangup (DeskPbx  *self,
                 guint     call_id,
                 guint     cause,
                 GError  **error)
{
  DeskPbxCallCommand *cmd;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cause != 0 && cause != DESK_PBX_CAUSE_NORMAL && (cause < 400 || cause > 699))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("%u is not a cause to hang up with"),
                   cause);
      return FALSE;
    }

  if (!find_call (self, call_id, error))
    return FALSE;

  cmd = command_new (DESK_PBX_CALL_HANGUP, call_id);
  cmd->code = cause;
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_play:
 * @self: a #DeskPbx
 * @call_id: a call
 * @path: a WAV file (PCM 8–32 bits, float, A-law or µ-law; any rate and
 *   channels). Ogg is refused: convert it to WAV once, beforehand
 * @loop: whether to start again at the end (until stopped)
 * @error: return location for a #GError
 *
 * Plays a prompt to the call, instead of what it would hear otherwise. The
 * file is decoded and resampled to 8 kHz on the calling thread, once: later
 * plays of the same unchanged file come from a cache. Without @loop,
 * [signal@Pbx::playback-finished] follows at the end.
 *
 * Returns: %TRUE if the file could be decoded and the engine took it
 */
gboolean
desk_pbx_play (DeskPbx     *self,
               guint        call_id,
               const char  *path,
               gboolean     loop,
               GError     **error)
{
  DeskPbxCallCommand *cmd;
  GBytes *pcm;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!find_call (self, call_id, error))
    return FALSE;

  pcm = _desk_pbx_prompt_load (path, error);
  if (!pcm)
    return FALSE;

  cmd = command_new (DESK_PBX_CALL_PLAY, call_id);
  cmd->pcm = pcm;
  cmd->loop = loop;
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_stop_playback:
 * @self: a #DeskPbx
 * @call_id: a call
 * @error: return location for a #GError
 *
 * Stops the call's prompt, if any; the call hears its peer again.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_stop_playback (DeskPbx  *self,
                        guint     call_id,
                        GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!find_call (self, call_id, error))
    return FALSE;

  return _desk_pbx_push_call_command (self, command_new (DESK_PBX_CALL_STOP_PLAYBACK, call_id), error);
}

/**
 * desk_pbx_collect_digits:
 * @self: a #DeskPbx
 * @call_id: a call
 * @max_digits: digits to collect, 1–32 (0 for 32)
 * @timeout_ms: how long to wait for each digit (the first included), 0
 *   to wait for ever
 * @terminator: a key that ends the collection early (`#`), or 0
 * @error: return location for a #GError
 *
 * Collects the caller's keys for an IVR. [signal@Pbx::digit] is still
 * emitted for each one; [signal@Pbx::digits-collected] follows once with
 * them all. A new collection replaces one under way.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_collect_digits (DeskPbx  *self,
                         guint     call_id,
                         guint     max_digits,
                         guint     timeout_ms,
                         char      terminator,
                         GError  **error)
{
  DeskPbxCallCommand *cmd;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (max_digits > 32 || (terminator && !strchr ("0123456789*#ABCD", terminator)))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Collect at most 32 digits, ended by a key of the keypad"));
      return FALSE;
    }

  if (!find_call (self, call_id, error))
    return FALSE;

  cmd = command_new (DESK_PBX_CALL_COLLECT, call_id);
  cmd->max_digits = max_digits;
  cmd->timeout_ms = timeout_ms;
  cmd->terminator = terminator;
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_send_dtmf:
 * @self: a #DeskPbx
 * @call_id: a call
 * @digits: keypad digits, `0`–`9`, `*`, `#` and `A`–`D`, at most 32
 * @error: return location for a #GError
 *
 * Keys @digits on the call, as RFC 4733 telephone-events paced like a
 * person's keys (100 ms each, 120 ms apart): for an operator whose phone
 * cannot reach an IVR on the far side. A call whose far end offered no
 * telephone-event hears nothing.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_send_dtmf (DeskPbx     *self,
                    guint        call_id,
                    const char  *digits,
                    GError     **error)
{
  DeskPbxCallCommand *cmd;
  size_t n;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = strlen (digits);
  if (n == 0 || n > DESK_PBX_DTMF_MAX || strspn (digits, "0123456789*#ABCD") != n)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Send 1 to %d keys of the keypad: 0–9, * and #"), DESK_PBX_DTMF_MAX);
      return FALSE;
    }

  if (!find_call (self, call_id, error))
    return FALSE;

  cmd = command_new (DESK_PBX_CALL_SEND_DTMF, call_id);
  cmd->number = g_strdup (digits);
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_set_music_on_hold:
 * @self: a #DeskPbx
 * @path: (nullable): a WAV file as for [method@Pbx.play], or %NULL for
 *   silence
 * @error: return location for a #GError
 *
 * Sets what a caller hears, looped, while the phone they are bridged to
 * holds. Kept across restarts of the engine.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_music_on_hold (DeskPbx     *self,
                            const char  *path,
                            GError     **error)
{
  DeskPbxCallState *state;
  g_autoptr (GBytes) pcm = NULL;
  DeskPbxCallCommand *cmd;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path && !(pcm = _desk_pbx_prompt_load (path, error)))
    return FALSE;

  if (_desk_pbx_get_engine (self))
    {
      cmd = command_new (DESK_PBX_CALL_SET_MOH, 0);
      cmd->pcm = pcm ? g_bytes_ref (pcm) : NULL;
      if (!_desk_pbx_push_call_command (self, cmd, error))
        return FALSE;
    }

  state = _desk_pbx_get_call_state (self);
  g_clear_pointer (&state->moh, g_bytes_unref);
  state->moh = g_steal_pointer (&pcm);
  return TRUE;
}
