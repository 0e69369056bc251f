/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-consult"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-phone.h"

/*
 * What the agent window does to a call beyond hold and blind transfer:
 * keys sent to the far side, a call put back into a queue's line, a
 * transfer to any number, and the consultation.
 *
 * A consultation is placed by the office, not by the operator's phone: the
 * customer goes on hold with music, the colleague's phones ring (or an
 * outside number is dialled through the trunk), and when they answer the
 * operator's one leg is bridged to them. The operator's phone thus keeps a
 * single call throughout, which is all the built-in softphone handles well.
 * The consultation is a call record of its own (its signals name its id,
 * so the window lists it); it stays in the dialling phase for the engine's
 * signals, which land in desk-call-flow-queue.c and come here. Completing
 * it bridges the customer to the colleague and frees the operator's leg;
 * a conference mixes all three; hanging it up bridges the operator back to
 * the customer.
 *
 * The operator's leg is bridged to the colleague "outliving" them
 * (desk_pbx_bridge_outliving): when the colleague hangs up, the engine
 * must not end the operator's leg with theirs, as it does for a bridge.
 */

static FlowContact *
live_call (DeskCallFlow *self,
           gint64        call_id)
{
  for (guint i = 0; call_id && i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);

      if (contact->call_id == call_id && contact->phase != PHASE_ENDED)
        return contact;
    }
  return NULL;
}

gboolean
_desk_flow_consult_idle (FlowContact  *contact,
                         GError      **error)
{
  if (contact->consult_id == 0 && contact->consult_of == 0)
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, contact->consult_of ?
               _("This is a consultation: complete it, join it or hang it up") :
               _("The customer waits while you consult: complete the consultation, join it "
                 "or hang it up first"));
  return FALSE;
}

/* The operator's call with a customer, in conversation and with both legs. */
static FlowContact *
customer_call (DeskCallFlow  *self,
               gint64         user_id,
               gint64         call_id,
               GError       **error)
{
  FlowContact *contact = _desk_flow_own_call (self, user_id, call_id, TRUE, error);

  if (contact == NULL)
    return NULL;
  if (contact->leg == 0 || contact->op_leg == 0 || contact->chat_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The call has no customer on the line"));
      return NULL;
    }
  return contact;
}

/* Who @number is: an operator's extension (*target), or an outside number
 * the trunk can call (*e164); the same rules as calls the operators place.
 * Only an authenticated operator's command gets here. */
static gboolean
resolve_number (DeskCallFlow  *self,
                gint64         user_id,
                const char    *number,
                FlowAgent    **target,
                char         **e164,
                GError       **error)
{
  FlowAgent *agent = g_hash_table_lookup (self->by_sip, number);

  *target = NULL;
  *e164 = NULL;
  if (agent)
    {
      if (agent->agent->user_id == user_id)
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("That is your own extension"));
          return FALSE;
        }
      *target = agent;
      return TRUE;
    }
  *e164 = desk_phone_normalize (number, self->region, error);
  if (*e164 == NULL)
    return FALSE;
  if (!desk_pbx_has_trunk (self->pbx))
    {
      g_clear_pointer (e164, g_free);
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The office has no line to call outside numbers"));
      return FALSE;
    }
  return TRUE;
}

static void
end_hold (FlowContact *contact,
          gboolean     tell)
{
  if (contact->held_since_ms == 0)
    return;
  contact->hold_ms += _desk_flow_now_ms () - contact->held_since_ms;
  contact->held_since_ms = 0;
  if (tell)
    _desk_flow_emit_held (contact, FALSE);
}

/* The operator talks to the customer again. */
static void
back_to_customer (DeskCallFlow *self,
                  gint64        customer_id)
{
  FlowContact *contact = live_call (self, customer_id);
  g_autoptr (GError) error = NULL;

  if (contact == NULL)
    return;
  contact->consult_id = 0;
  if (contact->leg == 0 || contact->op_leg == 0)
    return;
  desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
  if (!desk_pbx_bridge (self->pbx, contact->leg, contact->op_leg, &error))
    g_warning ("Call %" G_GINT64_FORMAT " could not go back to its operator: %s",
               contact->call_id, error->message);
  end_hold (contact, TRUE);
}

static void
finish_consult (FlowContact *consult,
                const char  *cause,
                guint        sip_cause)
{
  consult->leg = 0;
  _desk_flow_finish (consult, consult->answered_ms ? DESK_CALL_OUTCOME_ANSWERED :
                     _desk_flow_dial_outcome (sip_cause), cause);
}

/* The customer's call goes on with the consulted party; the operator's
 * leg ends and they go to wrap-up. */
static gboolean
complete (FlowContact  *contact,
          FlowContact  *consult,
          GError      **error)
{
  DeskCallFlow *self = contact->flow;
  FlowAgent *to = g_hash_table_lookup (self->by_sip, consult->record->callee);
  guint op_leg = contact->op_leg;
  guint party = consult->leg;

  desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
  if (!desk_pbx_bridge (self->pbx, contact->leg, party, error))
    return FALSE;
  end_hold (contact, FALSE);
  contact->consult_id = 0;
  _desk_flow_transferred (self, contact->leg, party,
                          consult->record->direction == DESK_CALL_DIRECTION_INTERNAL && to ?
                          to->sip_user : NULL);
  /* Its leg is the customer's call's now. */
  consult->leg = 0;
  finish_consult (consult, "transferred", 0);
  desk_pbx_hangup (self->pbx, op_leg, 0, NULL);
  return TRUE;
}

void
_desk_flow_consult_answered (FlowContact *consult)
{
  DeskCallFlow *self = consult->flow;
  FlowContact *contact = live_call (self, consult->consult_of);
  g_autoptr (GError) error = NULL;
  gint64 now = _desk_flow_now_ms ();

  if (contact == NULL || contact->op_leg == 0)
    {
      desk_pbx_hangup (self->pbx, consult->leg, 0, NULL);
      finish_consult (consult, "the customer's call ended", 0);
      return;
    }
  consult->answered_ms = now;
  consult->record->answered_at = now / 1000;
  consult->record->outcome = DESK_CALL_OUTCOME_ANSWERED;
  _desk_flow_save (consult);
  if (consult->consult_blind)
    {
      if (!complete (contact, consult, &error))
        {
          g_warning ("Call %" G_GINT64_FORMAT " was not transferred: %s", contact->call_id,
                     error->message);
          desk_pbx_hangup (self->pbx, consult->leg, 0, NULL);
          finish_consult (consult, error->message, 0);
        }
      return;
    }
  if (!desk_pbx_bridge_outliving (self->pbx, contact->op_leg, consult->leg, &error))
    {
      g_warning ("Consultation %" G_GINT64_FORMAT " could not be bridged: %s", consult->call_id,
                 error->message);
      desk_pbx_hangup (self->pbx, consult->leg, 0, NULL);
      finish_consult (consult, error->message, 0);
      back_to_customer (self, contact->call_id);
      return;
    }
  _desk_flow_emit_answered (consult);
}

void
_desk_flow_consult_ended (FlowContact *consult,
                          guint        cause)
{
  DeskCallFlow *self = consult->flow;
  g_autofree char *why = g_strdup_printf ("%u", cause);
  gint64 customer_id = consult->consult_of;
  gboolean blind = consult->consult_blind;

  /* Frees the consultation. */
  finish_consult (consult, why, cause);
  if (!blind)
    back_to_customer (self, customer_id);
}

gboolean
_desk_flow_consult_hangup (FlowContact  *consult,
                           GError      **error)
{
  DeskCallFlow *self = consult->flow;
  guint leg = consult->leg;
  gint64 customer_id = consult->consult_of;

  /* Back to the customer first: the engine then ends a leg that is no
   * longer bridged to the operator's. */
  g_hash_table_remove (self->legs, GUINT_TO_POINTER (leg));
  if (!consult->consult_blind)
    back_to_customer (self, customer_id);
  if (leg && desk_pbx_has_call (self->pbx, leg))
    desk_pbx_hangup (self->pbx, leg, 0, NULL);
  finish_consult (consult, "hangup", 487);
  return TRUE;
}

gboolean
_desk_flow_consult_conference (FlowContact  *contact,
                               FlowContact  *consult,
                               GError      **error)
{
  DeskCallFlow *self = contact->flow;

  if (consult->answered_ms == 0 || consult->leg == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The consulted party has not answered yet"));
      return FALSE;
    }
  desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
  if (!desk_pbx_conference (self->pbx, contact->leg, contact->op_leg, error))
    return FALSE;
  end_hold (contact, TRUE);
  return TRUE;
}

/* Rings @target's phones, or dials @e164, for a consultation of
 * @contact's customer: the consultation, or NULL. */
static FlowContact *
place_consult (FlowContact  *contact,
               FlowAgent    *agent,
               FlowAgent    *target,
               const char   *e164,
               GError      **error)
{
  DeskCallFlow *self = contact->flow;
  FlowContact *consult;
  guint leg;

  if (agent == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("You have no phone"));
      return NULL;
    }
  consult = _desk_flow_contact_new_outbound (self, target ? DESK_CALL_DIRECTION_INTERNAL :
                                             DESK_CALL_DIRECTION_OUTBOUND, agent,
                                             target ? target->sip_user : e164, error);
  if (consult == NULL)
    return NULL;
  consult->consult_of = contact->call_id;
  if (target)
    {
      const char *users[] = { target->sip_user, NULL };

      leg = desk_pbx_ring (self->pbx, users, agent->name, self->offer_seconds, error);
    }
  else
    leg = desk_pbx_dial_out (self->pbx, e164, NULL, error);
  if (leg == 0)
    {
      _desk_flow_finish (consult, DESK_CALL_OUTCOME_FAILED, NULL);
      return NULL;
    }
  consult->leg = leg;
  _desk_flow_bind_leg (consult, leg);
  consult->phase = PHASE_DIALING;
  contact->consult_id = consult->call_id;
  return consult;
}

/**
 * desk_call_flow_consult:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call with a customer, in conversation
 * @to_user_id: the colleague to consult, or 0 to call @number
 * @number: (nullable): a colleague's extension or an outside number, when
 *   @to_user_id is 0
 * @error: a #GError
 *
 * Puts the customer on hold (music on hold) and calls the colleague's
 * phones, or the number through the trunk with the office's caller ID;
 * when they answer, the operator's leg is bridged to them. Complete with
 * desk_call_flow_transfer_consult(), join with desk_call_flow_conference(),
 * or go back to the customer with desk_call_flow_hangup() on the
 * consultation.
 *
 * Returns: the consultation's call record id, or 0 with @error set
 */
gint64
desk_call_flow_consult (DeskCallFlow  *self,
                        gint64         user_id,
                        gint64         call_id,
                        gint64         to_user_id,
                        const char    *number,
                        GError       **error)
{
  g_autofree char *e164 = NULL;
  FlowContact *contact, *consult;
  FlowAgent *target = NULL;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);
  g_return_val_if_fail ((to_user_id != 0) != (number != NULL), 0);

  contact = customer_call (self, user_id, call_id, error);
  if (contact == NULL || !_desk_flow_consult_idle (contact, error))
    return 0;
  if (to_user_id)
    {
      target = _desk_flow_agent (self, to_user_id);
      if (target == NULL || to_user_id == user_id)
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                       _("Choose a colleague with a phone to consult"));
          return 0;
        }
    }
  else if (!resolve_number (self, user_id, number, &target, &e164, error))
    return 0;

  consult = place_consult (contact, _desk_flow_agent (self, user_id), target, e164, error);
  if (consult == NULL)
    return 0;
  if (!desk_pbx_unbridge (self->pbx, contact->leg, NULL))
    g_debug ("Call %" G_GINT64_FORMAT " was not bridged", call_id);
  if (self->music_on_hold)
    desk_pbx_play (self->pbx, contact->leg, self->music_on_hold, TRUE, NULL);
  if (contact->held_since_ms == 0)
    {
      contact->held_since_ms = _desk_flow_now_ms ();
      _desk_flow_emit_held (contact, TRUE);
    }
  return consult->call_id;
}

/**
 * desk_call_flow_transfer_consult:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call with the customer
 * @consult_call_id: its consultation, answered
 * @error: a #GError
 *
 * Completes an attended transfer: the customer and the consulted party
 * talk, the operator's leg ends and they go to wrap-up; the customer's
 * record follows the call ([signal@CallFlow::call-transferred]).
 */
gboolean
desk_call_flow_transfer_consult (DeskCallFlow  *self,
                                 gint64         user_id,
                                 gint64         call_id,
                                 gint64         consult_call_id,
                                 GError       **error)
{
  FlowContact *contact, *consult;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = customer_call (self, user_id, call_id, error);
  if (contact == NULL)
    return FALSE;
  consult = _desk_flow_own_call (self, user_id, consult_call_id, FALSE, error);
  if (consult == NULL)
    return FALSE;
  if (consult->consult_of != contact->call_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call %" PRId64 " is no consultation of call %" PRId64), consult_call_id,
                   call_id);
      return FALSE;
    }
  if (consult->answered_ms == 0 || consult->leg == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The consulted party has not answered yet"));
      return FALSE;
    }
  return complete (contact, consult, error);
}

/**
 * desk_call_flow_transfer_to_number:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call with a customer
 * @number: a colleague's extension, or an outside number
 * @error: a #GError
 *
 * A blind transfer to a colleague's extension (as desk_call_flow_transfer())
 * or to an outside number, dialled through the trunk with the office's
 * caller ID under the rules of calls the operators place. The customer
 * stays with the operator until the number answers; then they are bridged
 * and the operator goes to wrap-up.
 */
gboolean
desk_call_flow_transfer_to_number (DeskCallFlow  *self,
                                   gint64         user_id,
                                   gint64         call_id,
                                   const char    *number,
                                   GError       **error)
{
  g_autofree char *e164 = NULL;
  FlowContact *contact, *consult;
  FlowAgent *target;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  contact = customer_call (self, user_id, call_id, error);
  if (contact == NULL || !_desk_flow_consult_idle (contact, error) ||
      !resolve_number (self, user_id, number, &target, &e164, error))
    return FALSE;
  if (target)
    return desk_call_flow_transfer (self, user_id, call_id, target->agent->user_id, error);
  consult = place_consult (contact, _desk_flow_agent (self, user_id), NULL, e164, error);
  if (consult == NULL)
    return FALSE;
  consult->consult_blind = TRUE;
  return TRUE;
}

/**
 * desk_call_flow_transfer_to_queue:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call with a customer
 * @queue_id: the queue whose line the customer goes back into
 * @error: a #GError
 *
 * Puts the customer back in a line: at the place their first arrival in a
 * queue gives them, so that a transfer costs them no waiting, with their
 * record (and its recording) following. The operator's leg ends and they
 * go to wrap-up; the line prefers other operators for the call.
 */
gboolean
desk_call_flow_transfer_to_queue (DeskCallFlow  *self,
                                  gint64         user_id,
                                  gint64         call_id,
                                  gint64         queue_id,
                                  GError       **error)
{
  FlowContact *contact;
  FlowAgent *agent;
  guint op_leg;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = customer_call (self, user_id, call_id, error);
  if (contact == NULL || !_desk_flow_consult_idle (contact, error))
    return FALSE;
  if (g_hash_table_lookup (self->queues, &queue_id) == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No queue %" PRId64), queue_id);
      return FALSE;
    }
  if (!desk_pbx_unbridge (self->pbx, contact->leg, error))
    return FALSE;
  op_leg = contact->op_leg;
  g_hash_table_remove (self->legs, GUINT_TO_POINTER (op_leg));
  contact->op_leg = 0;
  contact->op_inbound = FALSE;
  desk_pbx_hangup (self->pbx, op_leg, 0, NULL);
  desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
  end_hold (contact, FALSE);

  agent = _desk_flow_agent (self, user_id);
  if (contact->passed == NULL)
    contact->passed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (contact->passed, user_id);
  contact->route.passed = (const gint64 *) contact->passed->data;
  contact->route.n_passed = contact->passed->len;
  contact->operator_id = 0;
  if (agent)
    _desk_flow_agent_event (self, agent, DESK_AGENT_EVENT_CONTACT_ENDED, contact);
  _desk_flow_emit_transferred (contact, user_id, 0);
  _desk_flow_enqueue (contact, queue_id);
  return TRUE;
}

/**
 * desk_call_flow_send_dtmf:
 * @self: the flow
 * @user_id: the operator
 * @call_id: their call in conversation, or an answered consultation
 * @digits: 1 to %DESK_PBX_DTMF_MAX keys: `0`–`9`, `*`, `#`
 * @error: a #GError
 *
 * Keys @digits to the other side of the call (an IVR of a bank, say), as
 * RFC 4733 events, for operators whose phone cannot.
 */
gboolean
desk_call_flow_send_dtmf (DeskCallFlow  *self,
                          gint64         user_id,
                          gint64         call_id,
                          const char    *digits,
                          GError       **error)
{
  FlowContact *contact;
  gsize n;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);

  n = strlen (digits);
  if (n == 0 || n > DESK_PBX_DTMF_MAX || strspn (digits, "0123456789*#") != n)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Send 1 to %d keys of the keypad: 0–9, * and #"), DESK_PBX_DTMF_MAX);
      return FALSE;
    }
  contact = _desk_flow_own_call (self, user_id, call_id, FALSE, error);
  if (contact == NULL)
    return FALSE;
  if ((contact->consult_of ? contact->answered_ms == 0 : contact->phase != PHASE_TALKING) ||
      contact->leg == 0 || contact->operator_id != user_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("The call is not in conversation"));
      return FALSE;
    }
  return desk_pbx_send_dtmf (self->pbx, contact->leg, digits, error);
}
