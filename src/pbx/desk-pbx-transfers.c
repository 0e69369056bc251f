/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx"

#include "config.h"

#include "desk-pbx.h"
#include "desk-pbx-transfer-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <string.h>

/* The transfer and conference half of DeskPbx: commands and the signals
 * that report them. The engine's side, and the REFERs that phones send
 * themselves, are in desk-pbx-transfer.c and desk-pbx-conference.c. A leg
 * the engine makes for a transfer is counted among the live calls from
 * call-transferred on. */

enum {
  CALL_TRANSFERRED,
  CALL_TRANSFER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_desk_pbx_transfers_class_init (GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  /**
   * DeskPbx::call-transferred:
   * @self: the engine
   * @call_id: a leg that now talks to somebody else
   * @new_peer_call_id: the leg it is bridged to now
   * @user: (nullable): the operator whose phone is on @new_peer_call_id,
   *   or %NULL for a caller from outside
   * @kind: "blind", "attended" or "replaces"
   *
   * A transfer moved a call: by [method@Pbx.transfer] or
   * [method@Pbx.transfer_attended], or by a phone's own REFER. A blind
   * transfer moves one leg, to a new leg that the engine rang (the
   * phone that answered it is @user's); an attended one moves both far
   * ends, and the signal comes once for each. The legs that handed the
   * call on end with the reason "transferred".
   *
   * "replaces": another phone of the operator on @call_id's peer took
   * that call over (an INVITE with Replaces, RFC 3891: a softphone picks
   * up the desk phone's call). @new_peer_call_id is the new phone's leg,
   * already answered ([signal@Pbx::call-answered] follows at its ACK,
   * without call-incoming); the replaced leg ends ("transferred").
   */
  signals[CALL_TRANSFERRED] = g_signal_new ("call-transferred", type, G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_UINT,
                                            G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DeskPbx::call-transfer-failed:
   * @self: the engine
   * @call_id: the leg that was to hand its peer on (or to start a
   *   conference)
   * @cause: a SIP status: 480 when nobody answered or nobody to ring is
   *   registered, 403 when the leg was not bridged, 491 when a transfer of
   *   it is under way already, 481 when it ended meanwhile
   * @reason: why, in a few words
   *
   * A transfer or a conference did not happen; the calls stay as they
   * were. (If the operator hung up meanwhile, the caller who waited for
   * the transfer ends with @cause.)
   */
  signals[CALL_TRANSFER_FAILED] = g_signal_new ("call-transfer-failed", type, G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT,
                                                G_TYPE_UINT, G_TYPE_STRING);
}

void
_desk_pbx_dispatch_transfer_event (DeskPbx            *self,
                                   const DeskPbxEvent *event)
{
  switch (event->type)
    {
    case DESK_PBX_EVENT_CALL_TRANSFERRED:
      if (!desk_pbx_has_call (self, event->code))
        _desk_pbx_calls_add_outgoing (self, event->code);
      g_signal_emit (self, signals[CALL_TRANSFERRED], 0, event->call_id, event->code,
                     event->user, event->text);
      break;

    case DESK_PBX_EVENT_CALL_TRANSFER_FAILED:
      g_signal_emit (self, signals[CALL_TRANSFER_FAILED], 0, event->call_id, event->code,
                     event->text);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
push (DeskPbx        *self,
      DeskPbxCallOp   op,
      guint           call_id,
      guint           other_id,
      const char     *user,
      guint           seconds,
      GError        **error)
{
  DeskPbxCallCommand *cmd = g_new0 (DeskPbxCallCommand, 1);

  cmd->op = op;
  cmd->call_id = call_id;
  cmd->other_id = other_id;
  cmd->code = seconds;
  if (user)
    {
      cmd->users = g_new0 (char *, 2);
      cmd->users[0] = g_strdup (user);
    }
  return _desk_pbx_push_call_command (self, cmd, error);
}

static gboolean
check_two (DeskPbx  *self,
           guint     call_id,
           guint     other_id,
           GError  **error)
{
  if (call_id == other_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The operator's two calls must be different calls"));
      return FALSE;
    }

  return _desk_pbx_check_call (self, call_id, error) && _desk_pbx_check_call (self, other_id, error);
}

/**
 * desk_pbx_transfer:
 * @self: a #DeskPbx
 * @call_id: an operator's leg, bridged to the caller to hand on
 * @user: the user whose phones ring for the caller (a ring group of one)
 * @timeout_seconds: how long to ring them, 0 for 30 s
 * @error: return location for a #GError
 *
 * A blind transfer: the phones registered for @user ring, and the first
 * to answer gets @call_id's peer; @call_id then ends (reason
 * "transferred") and [signal@Pbx::call-transferred] follows with the new
 * leg. Until then the caller stays bridged to @call_id, and if nobody
 * answers [signal@Pbx::call-transfer-failed] follows and everything stays
 * as it was. If @call_id ends while the phones ring, the caller waits
 * alone for them.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_transfer (DeskPbx     *self,
                   guint        call_id,
                   const char  *user,
                   guint        timeout_seconds,
                   GError     **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!*user || strlen (user) > DESK_PBX_USER_MAX)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a user"), user);
      return FALSE;
    }

  if (!_desk_pbx_check_call (self, call_id, error))
    return FALSE;

  return push (self, DESK_PBX_CALL_TRANSFER, call_id, 0, user, MIN (timeout_seconds, 3600),
               error);
}

/**
 * desk_pbx_transfer_attended:
 * @self: a #DeskPbx
 * @call_id: an operator's leg, bridged to the caller
 * @consult_call_id: the same operator's other leg, bridged to the colleague
 *   they consulted
 * @error: return location for a #GError
 *
 * An attended transfer: the caller and the colleague are bridged to each
 * other, and both of the operator's legs end (reason "transferred").
 * [signal@Pbx::call-transferred] follows for each of the two, or
 * [signal@Pbx::call-transfer-failed] if either leg was not bridged.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_transfer_attended (DeskPbx  *self,
                            guint     call_id,
                            guint     consult_call_id,
                            GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_two (self, call_id, consult_call_id, error))
    return FALSE;

  return push (self, DESK_PBX_CALL_TRANSFER_ATTENDED, call_id, consult_call_id, NULL, 0, error);
}

/**
 * desk_pbx_conference:
 * @self: a #DeskPbx
 * @call_id: an operator's leg, bridged to the caller; or the caller's leg
 *   itself, not bridged (on hold) while the operator consults
 * @consult_call_id: the same operator's other leg (or, with the caller's
 *   leg, their only one), bridged to a colleague
 * @error: return location for a #GError
 *
 * Makes a three-party conference of the caller, the colleague and the
 * operator: each hears the other two, not themselves. The operator stays
 * on @consult_call_id; an operator's @call_id ends (reason "conference"),
 * a caller's joins. Prompts stop.
 *
 * When one of them hangs up, the other two stay together; when only one
 * is left, that call ends too, with the same cause (see
 * [signal@Pbx::call-ended]). [method@Pbx.bridge] or
 * [method@Pbx.unbridge] on a member takes it out of the conference. If
 * either leg was not bridged, [signal@Pbx::call-transfer-failed] follows
 * and nothing changes. A recording of the caller's leg goes on with its
 * right channel silent.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_conference (DeskPbx  *self,
                     guint     call_id,
                     guint     consult_call_id,
                     GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_two (self, call_id, consult_call_id, error))
    return FALSE;

  return push (self, DESK_PBX_CALL_CONFERENCE, call_id, consult_call_id, NULL, 0, error);
}
