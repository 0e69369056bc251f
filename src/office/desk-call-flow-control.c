/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-control"

#include "config.h"

#include <inttypes.h>

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

/*
 * What an operator does to their calls from the agent window: decline an
 * offer, hang up, hold and resume (the customer hears music), transfer to a
 * colleague, join a consultation into a conference, pause the recording
 * while a card number is read out. Every command names the operator, and an
 * operator may only touch their own calls.
 */

void
desk_live_call_free (DeskLiveCall *call)
{
  if (call == NULL)
    return;
  g_free (call->number);
  g_clear_pointer (&call->client_ids, g_array_unref);
  g_free (call);
}

static FlowContact *
find_call (DeskCallFlow *self,
           gint64        call_id)
{
  for (guint i = 0; i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);

      if (contact->call_id == call_id && contact->phase != PHASE_ENDED)
        return contact;
    }
  return NULL;
}

static gboolean
is_offered_to (FlowContact *contact,
               gint64       user_id)
{
  for (guint i = 0; i < contact->offered->len; i++)
    if (g_array_index (contact->offered, gint64, i) == user_id)
      return TRUE;
  return FALSE;
}

/* The operator's own call, or an error that says why not. */
FlowContact *
_desk_flow_own_call (DeskCallFlow  *self,
                     gint64         user_id,
                     gint64         call_id,
                     gboolean       talking,
                     GError       **error)
{
  FlowContact *contact = find_call (self, call_id);

  if (contact == NULL || (contact->operator_id != user_id && !is_offered_to (contact, user_id)))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                   _("You have no call %" PRId64), call_id);
      return NULL;
    }
  if (talking && (contact->phase != PHASE_TALKING || contact->operator_id != user_id))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The call is not in conversation"));
      return NULL;
    }
  return contact;
}

/**
 * desk_call_flow_list_calls:
 * @self: the flow
 * @user_id: an operator
 *
 * Returns: (transfer full) (element-type DeskLiveCall): the operator's
 *   calls now: ringing for them, in conversation, on hold, being dialled
 */
GPtrArray *
desk_call_flow_list_calls (DeskCallFlow *self,
                           gint64        user_id)
{
  GPtrArray *calls;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), NULL);

  calls = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_live_call_free);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);
      DeskLiveCall *call;

      if (contact->phase == PHASE_ENDED || contact->call_id == 0 ||
          (contact->operator_id != user_id && !is_offered_to (contact, user_id)))
        continue;
      call = g_new0 (DeskLiveCall, 1);
      call->call_id = contact->call_id;
      call->direction = contact->record->direction;
      call->state = contact->held_since_ms ? DESK_LIVE_CALL_HELD :
                    contact->phase == PHASE_TALKING ? DESK_LIVE_CALL_TALKING :
                    contact->consult_of && contact->answered_ms ? DESK_LIVE_CALL_TALKING :
                    contact->phase == PHASE_DIALING ? DESK_LIVE_CALL_DIALING :
                    DESK_LIVE_CALL_RINGING;
      call->number = g_strdup (contact->e164 ? contact->e164 : contact->record->caller);
      call->queue_id = contact->queue ? contact->queue->info->id : 0;
      call->client_ids = g_array_ref (contact->client_ids);
      call->since = contact->record->offered_at;
      call->recording_paused = contact->recording_paused;
      g_ptr_array_add (calls, call);
    }
  return calls;
}

/**
 * desk_call_flow_decline:
 * @self: the flow
 * @user_id: the operator whose phone rings
 * @call_id: the call offered
 * @error: a #GError
 *
 * Declines an offer: the phone stops ringing and the call goes back to its
 * queue for someone else.
 */
gboolean
desk_call_flow_decline (DeskCallFlow  *self,
                        gint64         user_id,
                        gint64         call_id,
                        GError       **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, FALSE, error);
  if (contact == NULL)
    return FALSE;
  if (!is_offered_to (contact, user_id) || contact->op_leg == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("The call is not ringing for you"));
      return FALSE;
    }
  return desk_pbx_hangup (self->pbx, contact->op_leg, 603, error);
}

/**
 * desk_call_flow_hangup:
 *
 * Ends the operator's call, whatever its state.
 */
gboolean
desk_call_flow_hangup (DeskCallFlow  *self,
                       gint64         user_id,
                       gint64         call_id,
                       GError       **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, FALSE, error);
  if (contact == NULL)
    return FALSE;
  if (contact->operator_id != user_id)
    return desk_call_flow_decline (self, user_id, call_id, error);
  if (contact->consult_of)
    return _desk_flow_consult_hangup (contact, error);
  _desk_flow_finish (contact, contact->answered_ms ? DESK_CALL_OUTCOME_ANSWERED :
                     DESK_CALL_OUTCOME_FAILED, "hangup");
  return TRUE;
}

/**
 * desk_call_flow_hold:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call in conversation
 * @hold: %TRUE to hold, %FALSE to resume
 * @error: a #GError
 *
 * Holds the call from the office's side: the customer hears the music on
 * hold, the operator silence; the hold time is counted on the record.
 */
gboolean
desk_call_flow_hold (DeskCallFlow  *self,
                     gint64         user_id,
                     gint64         call_id,
                     gboolean       hold,
                     GError       **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, TRUE, error);
  if (contact == NULL)
    return FALSE;
  if (!_desk_flow_consult_idle (contact, error))
    return FALSE;
  if (hold == (contact->held_since_ms != 0))
    return TRUE;
  if (hold)
    {
      if (!desk_pbx_unbridge (self->pbx, contact->leg, error))
        return FALSE;
      if (self->music_on_hold)
        desk_pbx_play (self->pbx, contact->leg, self->music_on_hold, TRUE, NULL);
      contact->held_since_ms = _desk_flow_now_ms ();
    }
  else
    {
      desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
      if (!desk_pbx_bridge (self->pbx, contact->leg, contact->op_leg, error))
        return FALSE;
      contact->hold_ms += _desk_flow_now_ms () - contact->held_since_ms;
      contact->held_since_ms = 0;
    }
  _desk_flow_emit_held (contact, hold);
  return TRUE;
}

/**
 * desk_call_flow_transfer:
 * @self: the flow
 * @user_id: the operator who has the call
 * @call_id: the call
 * @to_user_id: the colleague who should take it
 * @error: a #GError
 *
 * Transfers the customer to a colleague's phones (blind): the customer
 * stays with the operator until the colleague answers, then
 * [signal@CallFlow::call-transferred] follows and the operator goes to
 * wrap-up.
 */
gboolean
desk_call_flow_transfer (DeskCallFlow  *self,
                         gint64         user_id,
                         gint64         call_id,
                         gint64         to_user_id,
                         GError       **error)
{
  FlowContact *contact;
  FlowAgent *target;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, TRUE, error);
  if (contact == NULL)
    return FALSE;
  if (!_desk_flow_consult_idle (contact, error))
    return FALSE;
  target = _desk_flow_agent (self, to_user_id);
  if (target == NULL || to_user_id == user_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Choose a colleague with a phone to transfer to"));
      return FALSE;
    }
  return desk_pbx_transfer (self->pbx, contact->op_leg, target->sip_user, self->offer_seconds,
                            error);
}

/**
 * desk_call_flow_conference:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call with the customer
 * @consult_call_id: their call with a colleague (dialled from their phone)
 * @error: a #GError
 *
 * Joins the two calls: customer, colleague and operator hear each other.
 */
gboolean
desk_call_flow_conference (DeskCallFlow  *self,
                           gint64         user_id,
                           gint64         call_id,
                           gint64         consult_call_id,
                           GError       **error)
{
  FlowContact *contact, *consult;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, TRUE, error);
  if (contact == NULL)
    return FALSE;
  consult = _desk_flow_own_call (self, user_id, consult_call_id, FALSE, error);
  if (consult == NULL)
    return FALSE;
  if (consult->consult_of == contact->call_id)
    return _desk_flow_consult_conference (contact, consult, error);
  if (consult->phase != PHASE_TALKING)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The call is not in conversation"));
      return FALSE;
    }
  if (contact == consult || !consult->op_inbound)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call the colleague from your phone first, then join the calls"));
      return FALSE;
    }
  return desk_pbx_conference (self->pbx, contact->op_leg, consult->op_leg, error);
}

/**
 * desk_call_flow_pause_recording:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call in conversation
 * @pause: %TRUE while the customer reads out a card number
 * @error: a #GError
 */
gboolean
desk_call_flow_pause_recording (DeskCallFlow  *self,
                                gint64         user_id,
                                gint64         call_id,
                                gboolean       pause,
                                GError       **error)
{
  FlowContact *contact;
  gboolean ok;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = _desk_flow_own_call (self, user_id, call_id, TRUE, error);
  if (contact == NULL)
    return FALSE;
  if (contact->recording == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("The call is not recorded"));
      return FALSE;
    }
  ok = pause ? desk_pbx_record_pause (self->pbx, contact->leg, error) :
               desk_pbx_record_resume (self->pbx, contact->leg, error);
  if (ok)
    contact->recording_paused = pause;
  return ok;
}

/* The engine moved the customer to another operator's phone. */
void
_desk_flow_transferred (DeskCallFlow *self,
                        guint         leg,
                        guint         new_peer,
                        const char   *sip_user)
{
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));
  FlowAgent *from, *to;
  gint64 from_id;

  if (contact == NULL || contact->phase != PHASE_TALKING || leg != contact->leg)
    return;
  to = sip_user ? g_hash_table_lookup (self->by_sip, sip_user) : NULL;
  from_id = contact->operator_id;
  from = _desk_flow_agent (self, from_id);
  if (contact->op_leg)
    g_hash_table_remove (self->legs, GUINT_TO_POINTER (contact->op_leg));
  contact->op_leg = new_peer;
  _desk_flow_bind_leg (contact, new_peer);
  if (from)
    _desk_flow_agent_event (self, from, DESK_AGENT_EVENT_CONTACT_ENDED, contact);
  contact->operator_id = to ? to->agent->user_id : 0;
  contact->record->operator_id = contact->operator_id;
  if (to)
    {
      _desk_flow_agent_event (self, to, DESK_AGENT_EVENT_CONTACT_STARTED, contact);
      to->contacts_today++;
    }
  _desk_flow_save (contact);
  _desk_flow_emit_transferred (contact, from_id, contact->operator_id);
}

void
desk_flow_snapshot_free (DeskFlowSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->queues, g_array_unref);
  g_clear_pointer (&snapshot->operators, g_array_unref);
  g_free (snapshot);
}

/**
 * desk_call_flow_snapshot:
 * @self: the flow
 *
 * What is happening now, for the dashboards: per queue, the contacts
 * waiting (calls and chats, callbacks apart) and the longest wait; per
 * operator, the state, since when, and the contacts in hand.
 *
 * Returns: (transfer full): the snapshot
 */
DeskFlowSnapshot *
desk_call_flow_snapshot (DeskCallFlow *self)
{
  DeskFlowSnapshot *snapshot;
  GHashTableIter iter;
  gpointer value;
  gint64 now = _desk_flow_now_ms ();

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), NULL);

  snapshot = g_new0 (DeskFlowSnapshot, 1);
  snapshot->at_ms = now;
  snapshot->queues = g_array_new (FALSE, TRUE, sizeof (DeskQueueNow));
  snapshot->operators = g_array_new (FALSE, TRUE, sizeof (DeskOperatorNow));

  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FlowQueue *queue = value;
      DeskQueueNow now_queue = { .queue_id = queue->info->id };

      for (guint i = 0; i < queue->line->len; i++)
        {
          FlowContact *contact = g_ptr_array_index (queue->line, i);

          if (contact->route.is_callback)
            {
              now_queue.callbacks++;
              continue;
            }
          if (contact->chat_id)
            now_queue.chats_waiting++;
          else
            now_queue.calls_waiting++;
          now_queue.longest_wait_ms = MAX (now_queue.longest_wait_ms,
                                           now - contact->route.enqueued_at_ms);
        }
      g_array_append_val (snapshot->queues, now_queue);
    }

  g_hash_table_iter_init (&iter, self->agents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FlowAgent *agent = value;
      DeskOperatorNow op = {
        .user_id = agent->agent->user_id,
        .state = agent->agent->state,
        .since_ms = agent->agent->state_since_ms,
        .contacts = agent->agent->contacts ? (int) agent->agent->contacts->len : 0,
        .phones = agent->phones,
        .handled_today = agent->contacts_today,
      };

      g_array_append_val (snapshot->operators, op);
    }
  return snapshot;
}
