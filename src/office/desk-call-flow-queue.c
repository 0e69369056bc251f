/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-queue"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-phone.h"

#include <string.h>
#include <inttypes.h>

/*
 * Queues, offers and the calls the office places. Every second, and after
 * anything that may change a decision, each queue is looked at as a whole:
 * desk_queue_decide() says who hears an announcement or leaves, then
 * desk_route_plan() says whose phones ring for whom. An offer rings the
 * operators' phones as one ring group; the first to answer is bridged to
 * the caller, and an offer that rings out puts the contact back in line.
 *
 * A callback request is a contact in the line without a caller on it: it
 * keeps the place its caller had. When its turn comes an operator's phone
 * rings with the customer's number; when they answer, the customer is called
 * through the trunk with the office's caller ID and the two are bridged. A
 * customer who does not answer is tried again DESK_FLOW_CALLBACK_RETRY_S
 * later, up to the request's max_attempts.
 */

static gboolean ensure_record (FlowContact  *contact,
                               GError      **error);

static gint64
sticky_operator (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;
  const DeskQueue *config = &contact->queue->info->config;
  gint64 client_id, user_id;
  int days;

  if (config->sticky_seconds <= 0 || contact->client_ids->len != 1)
    return 0;
  client_id = g_array_index (contact->client_ids, gint64, 0);
  user_id = desk_store_find_case_owner (self->store, client_id, NULL);
  if (user_id > 0 && _desk_flow_agent (self, user_id))
    return user_id;
  days = config->sticky_days > 0 ? config->sticky_days : DESK_FLOW_DEFAULT_STICKY_DAYS;
  user_id = desk_store_find_recent_operator (self->store, client_id,
                                             _desk_flow_now_ms () / 1000 - days * 24 * 3600, NULL);
  return user_id > 0 && _desk_flow_agent (self, user_id) ? user_id : 0;
}

/* The queue's members as routing sees them now. For calls, an operator
 * without a registered phone cannot take one: they count as on a break. */
static GArray *
snapshot_operators (DeskCallFlow *self,
                    FlowQueue    *queue,
                    gboolean      voice)
{
  GArray *ops = g_array_new (FALSE, TRUE, sizeof (DeskRouteOperator));
  GArray *members = queue->info->members;

  for (guint i = 0; i < members->len; i++)
    {
      const DeskQueueMember *member = &g_array_index (members, DeskQueueMember, i);
      FlowAgent *agent = _desk_flow_agent (self, member->user_id);
      DeskRouteOperator op = { 0 };

      if (agent == NULL)
        continue;
      desk_route_operator_from_agent (&op, agent->agent);
      op.penalty = member->penalty;
      op.skills = (const DeskSkillLevel *) agent->skills->data;
      op.n_skills = agent->skills->len;
      op.contacts_today = agent->contacts_today;
      if (voice && agent->phones == 0 && op.state != DESK_AGENT_STATE_OFFLINE)
        op.state = DESK_AGENT_STATE_BREAK;
      g_array_append_val (ops, op);
    }
  return ops;
}

/* The contacts of one kind (voice or text) in the queue's line. */
static GArray *
snapshot_line (FlowQueue *queue,
               gboolean   voice)
{
  GArray *line = g_array_sized_new (FALSE, TRUE, sizeof (DeskRouteContact), queue->line->len);

  for (guint i = 0; i < queue->line->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (queue->line, i);

      if ((contact->chat_id == 0) != voice)
        continue;
      contact->route.offering = contact->op_leg != 0 || contact->offered->len > 0;
      g_array_append_val (line, contact->route);
    }
  return line;
}

static FlowContact *
in_line (FlowQueue *queue,
         gint64     route_id)
{
  for (guint i = 0; i < queue->line->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (queue->line, i);

      if (contact->route.id == route_id)
        return contact;
    }
  return NULL;
}

/* Joins the line at the contact's place in queue order, so routing finds
 * the line sorted. */
static void
join_line (FlowQueue   *queue,
           FlowContact *contact)
{
  guint at = queue->line->len;

  while (at > 0 &&
         desk_route_contact_compare (&((FlowContact *) queue->line->pdata[at - 1])->route,
                                     &contact->route) > 0)
    at--;
  g_ptr_array_insert (queue->line, (int) at, contact);
}

void
_desk_flow_leave_queue (FlowContact *contact)
{
  if (contact->queue)
    g_ptr_array_remove (contact->queue->line, contact);
}

static void
goodbye (FlowContact     *contact,
         const char      *text,
         DeskCallOutcome  outcome)
{
  if (contact->chat_id)
    {
      _desk_flow_chat_close (contact, text, outcome);
      return;
    }
  _desk_flow_leave_queue (contact);
  contact->phase = PHASE_IVR;
  contact->ivr = IVR_GOODBYE;
  contact->record->outcome = outcome;
  _desk_flow_save (contact);
  _desk_flow_say (contact, text, 0, 0, 0);
}

static void
announce (FlowContact             *contact,
          const DeskQueueDecision *decision)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, _desk_flow_text (self, "position"), (int) decision->position);
  if (decision->ewt_seconds > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _desk_flow_text (self, "wait-minutes"),
                              MAX (1, (decision->ewt_seconds + 59) / 60));
    }
  if (decision->action == DESK_QUEUE_ACTION_OFFER_CALLBACK)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _desk_flow_text (self, "press-callback"),
                              contact->queue->info->config.callback_digit);
    }
  contact->route.last_announced_ms = _desk_flow_now_ms ();
  _desk_flow_say (contact, text->str, 0, 0, 0);
}

/* Carries out a decision about a waiting caller (not a callback). */
static void
act (FlowContact             *contact,
     const DeskQueueDecision *decision)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;

  switch (decision->action)
    {
    case DESK_QUEUE_ACTION_WAIT:
      break;
    case DESK_QUEUE_ACTION_ANNOUNCE:
    case DESK_QUEUE_ACTION_OFFER_CALLBACK:
      contact->route.last_announced_ms = _desk_flow_now_ms ();
      if (contact->chat_id)
        _desk_flow_emit_chat_waiting (contact, decision->position, decision->ewt_seconds);
      else if (contact->op_leg == 0)
        announce (contact, decision);
      break;
    case DESK_QUEUE_ACTION_OVERFLOW:
      _desk_flow_leave_queue (contact);
      contact->route.overflow_hops++;
      contact->record->outcome = DESK_CALL_OUTCOME_OVERFLOW;
      _desk_flow_enqueue (contact, decision->overflow_queue_id);
      break;
    case DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK:
      if (contact->chat_id)
        goodbye (contact, _desk_flow_text (self, "closed"), DESK_CALL_OUTCOME_ABANDONED_QUEUE);
      else if (_desk_flow_request_callback (contact, contact->queue->info->id, &error))
        goodbye (contact, _desk_flow_text (self, "callback-taken"), DESK_CALL_OUTCOME_CALLBACK);
      else
        goodbye (contact, _desk_flow_text (self, "closed"), DESK_CALL_OUTCOME_ABANDONED_QUEUE);
      break;
    case DESK_QUEUE_ACTION_CLOSE:
      goodbye (contact, _desk_flow_text (self, "closed"), DESK_CALL_OUTCOME_ABANDONED_QUEUE);
      break;
    }
}

static void
make_offer (FlowContact          *contact,
            const DeskRouteOffer *offer)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GPtrArray) users = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  guint leg;

  for (guint i = 0; i < offer->user_ids->len; i++)
    {
      FlowAgent *agent = _desk_flow_agent (self, g_array_index (offer->user_ids, gint64, i));

      if (agent && agent->offer == NULL)
        g_ptr_array_add (users, agent->sip_user);
    }
  if (users->len == 0)
    return;
  if (contact->chat_id)
    {
      _desk_flow_chat_offer (contact, offer);
      return;
    }
  if (!ensure_record (contact, &error))
    {
      g_warning ("Callback %" G_GINT64_FORMAT " has no call record: %s", contact->callback_id,
                 error->message);
      return;
    }
  g_ptr_array_add (users, NULL);
  leg = desk_pbx_ring (self->pbx, (const char * const *) users->pdata,
                       contact->e164 ? contact->e164 : contact->record->caller,
                       self->offer_seconds, &error);
  if (leg == 0)
    {
      g_warning ("Contact %" G_GINT64_FORMAT " could not be offered: %s", contact->route.id,
                 error->message);
      return;
    }
  contact->op_leg = leg;
  contact->route.offering = TRUE;
  _desk_flow_bind_leg (contact, leg);
  if (offer->reason == DESK_ROUTE_STICKY && contact->route.sticky_since_ms == 0)
    contact->route.sticky_since_ms = _desk_flow_now_ms ();
  g_array_set_size (contact->offered, 0);
  for (guint i = 0; i < offer->user_ids->len; i++)
    {
      gint64 user_id = g_array_index (offer->user_ids, gint64, i);
      FlowAgent *agent = _desk_flow_agent (self, user_id);

      if (agent == NULL || agent->offer != NULL)
        continue;
      g_array_append_val (contact->offered, user_id);
      _desk_flow_agent_event (self, agent, DESK_AGENT_EVENT_OFFERED, contact);
      _desk_flow_emit_offered (contact, user_id);
    }
}

/* Voice and text contacts of a queue are decided on apart: a call needs a
 * registered phone, a chat does not; an operator offered one of either
 * has an offer pending for the other pass. */
static void
route_kind (DeskCallFlow *self,
            FlowQueue    *queue,
            gboolean      voice,
            gint64        now)
{
  g_autoptr (GArray) ops = snapshot_operators (self, queue, voice);
  g_autoptr (GArray) line = snapshot_line (queue, voice);
  g_autoptr (GArray) decisions = NULL;
  g_autoptr (GPtrArray) offers = NULL;

  if (line->len == 0)
    return;
  decisions = desk_queue_decide (&queue->route, (DeskRouteOperator *) ops->data, ops->len,
                                 (DeskRouteContact *) line->data, line->len, now);
  for (guint i = 0; i < decisions->len; i++)
    {
      const DeskQueueDecision *decision = &g_array_index (decisions, DeskQueueDecision, i);
      FlowContact *contact = in_line (queue, decision->contact_id);

      if (contact && contact->phase == PHASE_QUEUE)
        act (contact, decision);
    }

  g_clear_pointer (&line, g_array_unref);
  g_clear_pointer (&ops, g_array_unref);
  ops = snapshot_operators (self, queue, voice);
  line = snapshot_line (queue, voice);
  offers = desk_route_plan (&queue->route, (DeskRouteOperator *) ops->data, ops->len,
                            (DeskRouteContact *) line->data, line->len, now);
  for (guint i = 0; i < offers->len; i++)
    {
      const DeskRouteOffer *offer = g_ptr_array_index (offers, i);
      FlowContact *contact = in_line (queue, offer->contact_id);

      if (contact && contact->op_leg == 0 && contact->offered->len == 0)
        make_offer (contact, offer);
    }
}

static void
route_queue (DeskCallFlow *self,
             FlowQueue    *queue,
             gint64        now)
{
  route_kind (self, queue, TRUE, now);
  route_kind (self, queue, FALSE, now);
}

void
_desk_flow_route (DeskCallFlow *self)
{
  g_autoptr (GList) queues = g_hash_table_get_values (self->queues);
  gint64 now = _desk_flow_now_ms ();

  for (GList *l = queues; l; l = l->next)
    route_queue (self, l->data, now);
}

static gboolean
is_vip (DeskCallFlow *self,
        FlowContact  *contact)
{
  g_autoptr (DeskClient) client = NULL;

  if (contact->client_ids->len != 1)
    return FALSE;
  client = desk_store_get_client (self->store, g_array_index (contact->client_ids, gint64, 0), NULL);
  return client && client->vip;
}

void
_desk_flow_enqueue (FlowContact *contact,
                    gint64       queue_id)
{
  DeskCallFlow *self = contact->flow;
  FlowQueue *queue = g_hash_table_lookup (self->queues, &queue_id);
  g_autoptr (GArray) ops = NULL;
  g_autoptr (GArray) line = NULL;
  DeskQueueDecision decision;

  if (queue == NULL)
    {
      g_warning ("Call %" G_GINT64_FORMAT " was sent to queue %" G_GINT64_FORMAT
                 ", which does not exist", contact->call_id, queue_id);
      goodbye (contact, _desk_flow_text (self, "closed"), DESK_CALL_OUTCOME_FAILED);
      return;
    }
  contact->phase = PHASE_QUEUE;
  contact->queue = queue;
  contact->ivr = IVR_IDLE;
  contact->record->queue_id = queue_id;
  if (contact->chat)
    contact->chat->queue_id = queue_id;
  if (contact->queued_at_ms == 0)
    contact->queued_at_ms = _desk_flow_now_ms ();
  contact->route.id = contact->chat_id ? -contact->chat_id - DESK_FLOW_CHAT_IDS : contact->call_id;
  contact->route.channel = contact->chat_id ? DESK_CHANNEL_CHAT : DESK_CHANNEL_PHONE;
  contact->route.enqueued_at_ms = contact->queued_at_ms;
  contact->route.priority = is_vip (self, contact) ? DESK_ROUTE_PRIORITY_VIP : 0;
  contact->route.anonymous = contact->e164 == NULL;
  contact->route.required_skill_id = queue->info->config.skill_id;
  contact->route.sticky_user_id = sticky_operator (contact);
  contact->route.sticky_since_ms = 0;
  contact->route.last_announced_ms = 0;
  if (contact->path->len == 0)
    g_string_append (contact->path, queue->info->name);
  _desk_flow_save (contact);

  ops = snapshot_operators (self, queue, contact->chat_id == 0);
  line = snapshot_line (queue, contact->chat_id == 0);
  decision = desk_queue_admit (&queue->route, (DeskRouteOperator *) ops->data, ops->len,
                               (DeskRouteContact *) line->data, line->len, &contact->route,
                               _desk_flow_now_ms ());
  if (decision.action == DESK_QUEUE_ACTION_WAIT)
    {
      join_line (queue, contact);
      if (contact->chat_id)
        _desk_flow_emit_chat_waiting (contact, decision.position, decision.ewt_seconds);
      else if (self->music_on_hold)
        desk_pbx_play (self->pbx, contact->leg, self->music_on_hold, TRUE, NULL);
      _desk_flow_schedule_route (self);
      return;
    }
  act (contact, &decision);
}

guint
desk_call_flow_count_waiting (DeskCallFlow *self,
                              gint64        queue_id)
{
  FlowQueue *queue;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);

  queue = g_hash_table_lookup (self->queues, &queue_id);
  return queue ? queue->line->len : 0;
}

void
_desk_flow_queue_digit (FlowContact *contact,
                        char         digit)
{
  DeskCallFlow *self = contact->flow;
  const char *callback = contact->queue->info->config.callback_digit;
  g_autoptr (GError) error = NULL;

  if (callback == NULL || callback[0] != digit)
    return;
  if (contact->op_leg)
    return;   /* an operator's phone rings for them already */
  if (_desk_flow_request_callback (contact, contact->queue->info->id, &error))
    goodbye (contact, _desk_flow_text (self, "callback-taken"), DESK_CALL_OUTCOME_CALLBACK);
  else
    {
      g_message ("Call %" G_GINT64_FORMAT ": no callback: %s", contact->call_id, error->message);
      _desk_flow_say (contact, _desk_flow_text (self, "callback-impossible"), 0, 0, 0);
    }
}

/* Recording and answering */

static void
start_recording (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  /* A call put back in line keeps the recording it has: the next
   * operator's voice goes on in its right channel. */
  if (!self->record_calls || contact->call_id == 0 || contact->recording != NULL)
    return;
  name = g_strdup_printf ("call-%" G_GINT64_FORMAT ".wav", contact->call_id);
  g_free (contact->recording);
  contact->recording = g_build_filename (self->data_dir, "recordings", name, NULL);
  if (!desk_pbx_record_start (self->pbx, contact->leg, contact->recording, &error))
    g_warning ("Call %" G_GINT64_FORMAT " is not recorded: %s", contact->call_id, error->message);
}

static void
talking (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;
  gint64 now = _desk_flow_now_ms ();

  if (!desk_pbx_bridge (self->pbx, contact->leg, contact->op_leg, &error))
    {
      g_warning ("Call %" G_GINT64_FORMAT " could not be bridged: %s", contact->call_id,
                 error->message);
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, error->message);
      return;
    }
  contact->phase = PHASE_TALKING;
  contact->answered_ms = now;
  contact->record->answered_at = now / 1000;
  contact->record->operator_id = contact->operator_id;
  contact->record->outcome = DESK_CALL_OUTCOME_ANSWERED;
  if (contact->queued_at_ms)
    contact->record->wait_seconds = (int) MAX (0, (now - contact->queued_at_ms) / 1000);
  start_recording (contact);
  _desk_flow_save (contact);
  _desk_flow_emit_answered (contact);
}

static void
set_callback (FlowContact        *contact,
              DeskCallbackStatus  status,
              gint64              next_attempt_at)
{
  g_autoptr (GError) error = NULL;

  if (contact->callback_id == 0)
    return;
  if (!desk_store_update_callback (contact->flow->store, contact->callback_id, status,
                                   contact->attempts, next_attempt_at, contact->operator_id,
                                   &error))
    g_warning ("Callback %" G_GINT64_FORMAT " was not updated: %s", contact->callback_id,
               error->message);
}

/* A callback gets its call record when it is first offered: the operator's
 * window shows that record while the phone rings. */
static gboolean
ensure_record (FlowContact  *contact,
               GError      **error)
{
  if (contact->call_id != 0)
    return TRUE;
  contact->record->direction = DESK_CALL_DIRECTION_OUTBOUND;
  contact->record->queue_id = contact->queue ? contact->queue->info->id : 0;
  contact->call_id = desk_store_add_call (contact->flow->store, contact->record, error);
  if (contact->call_id <= 0)
    {
      contact->call_id = 0;
      return FALSE;
    }
  return TRUE;
}

static gboolean
dial_customer (FlowContact  *contact,
               GError      **error)
{
  DeskCallFlow *self = contact->flow;
  guint leg;

  contact->record->operator_id = contact->operator_id;
  if (!ensure_record (contact, error))
    return FALSE;
  _desk_flow_save (contact);
  leg = desk_pbx_dial_out (self->pbx, contact->e164, NULL, error);
  if (leg == 0)
    return FALSE;
  contact->leg = leg;
  _desk_flow_bind_leg (contact, leg);
  contact->phase = PHASE_DIALING;
  return TRUE;
}

void
_desk_flow_offer_answered (FlowContact *contact,
                           guint        leg,
                           const char  *sip_user)
{
  DeskCallFlow *self = contact->flow;
  FlowAgent *winner = sip_user ? g_hash_table_lookup (self->by_sip, sip_user) : NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < contact->offered->len; i++)
    {
      FlowAgent *agent = _desk_flow_agent (self, g_array_index (contact->offered, gint64, i));

      if (agent && agent->offer == contact)
        _desk_flow_agent_event (self, agent, agent == winner ? DESK_AGENT_EVENT_OFFER_ACCEPTED :
                                DESK_AGENT_EVENT_OFFER_WITHDRAWN, contact);
    }
  g_array_set_size (contact->offered, 0);
  if (winner == NULL)
    {
      desk_pbx_hangup (self->pbx, leg, 0, NULL);
      return;
    }
  /* Accepting the offer puts the operator on the contact. */
  contact->operator_id = winner->agent->user_id;
  winner->contacts_today++;
  _desk_flow_leave_queue (contact);

  if (contact->phase == PHASE_QUEUE)
    {
      talking (contact);
      return;
    }
  /* A callback or a call the operator placed: now the customer. */
  set_callback (contact, DESK_CALLBACK_STATUS_DIALING, 0);
  if (!dial_customer (contact, &error))
    {
      g_message ("Calling %s failed: %s", contact->e164, error->message);
      _desk_flow_dial_ended (contact, 0, 503);
    }
}

void
_desk_flow_offer_ended (FlowContact *contact,
                        guint        leg,
                        guint        cause)
{
  DeskCallFlow *self = contact->flow;
  gboolean declined = (cause == 486 || cause == 603) && contact->offered->len == 1;

  for (guint i = 0; i < contact->offered->len; i++)
    {
      gint64 user_id = g_array_index (contact->offered, gint64, i);
      FlowAgent *agent = _desk_flow_agent (self, user_id);

      if (user_id == contact->route.sticky_user_id)
        contact->route.sticky_user_id = 0;
      if (contact->passed == NULL)
        contact->passed = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (contact->passed, user_id);
      if (agent && agent->offer == contact)
        _desk_flow_agent_event (self, agent, declined ? DESK_AGENT_EVENT_OFFER_DECLINED :
                                DESK_AGENT_EVENT_OFFER_UNANSWERED, contact);
    }
  g_array_set_size (contact->offered, 0);
  if (contact->passed)
    {
      contact->route.passed = (const gint64 *) contact->passed->data;
      contact->route.n_passed = contact->passed->len;
    }
  contact->op_leg = 0;
  contact->route.offering = FALSE;
  g_clear_handle_id (&contact->offer_timer, g_source_remove);
  if (contact->phase == PHASE_CALLBACK && contact->callback_id == 0)
    _desk_flow_finish (contact, DESK_CALL_OUTCOME_NO_ANSWER, "operator did not answer");
  else if (contact->phase == PHASE_CALLBACK)
    {
      /* Nobody took the callback now. Offered again at once it would come
       * back to the same operators ahead of the callers who are on the
       * line, live: it waits for a later try instead. The customer was
       * not dialled, so no attempt is spent. */
      set_callback (contact, DESK_CALLBACK_STATUS_PENDING,
                    _desk_flow_now_ms () / 1000 + DESK_FLOW_CALLBACK_RETRY_S);
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_NO_ANSWER, "operator did not take it");
    }
  else
    _desk_flow_schedule_route (self);
}

void
_desk_flow_dial_answered (FlowContact *contact,
                          guint        leg)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;

  if (contact->consult_of)
    {
      _desk_flow_consult_answered (contact);
      return;
    }
  if (contact->op_inbound && !desk_pbx_answer (self->pbx, contact->op_leg, &error))
    {
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, error->message);
      return;
    }
  set_callback (contact, DESK_CALLBACK_STATUS_DONE, 0);
  talking (contact);
}

DeskCallOutcome
_desk_flow_dial_outcome (guint cause)
{
  return cause == 486 || cause == 600 ? DESK_CALL_OUTCOME_BUSY :
         cause == 408 || cause == 480 || cause == 487 ? DESK_CALL_OUTCOME_NO_ANSWER :
         DESK_CALL_OUTCOME_FAILED;
}

void
_desk_flow_dial_ended (FlowContact *contact,
                       guint        leg,
                       guint        cause)
{
  DeskCallFlow *self = contact->flow;
  DeskCallOutcome outcome = _desk_flow_dial_outcome (cause);
  g_autofree char *why = g_strdup_printf ("%u", cause);

  contact->leg = 0;
  if (contact->consult_of)
    {
      _desk_flow_consult_ended (contact, cause);
      return;
    }
  if (contact->callback_id)
    {
      contact->attempts++;
      if (contact->attempts >= contact->max_attempts)
        set_callback (contact, DESK_CALLBACK_STATUS_FAILED, 0);
      else
        set_callback (contact, DESK_CALLBACK_STATUS_PENDING,
                      _desk_flow_now_ms () / 1000 + DESK_FLOW_CALLBACK_RETRY_S);
    }
  if (contact->op_inbound && contact->op_leg)
    {
      desk_pbx_reject (self->pbx, contact->op_leg, cause >= 400 && cause < 700 ? cause : 480,
                       NULL);
      contact->op_leg = 0;
    }
  _desk_flow_finish (contact, outcome, why);
}

/* Callbacks */

static FlowContact *
callback_contact (DeskCallFlow           *self,
                  const DeskCallbackInfo *info)
{
  FlowQueue *queue = g_hash_table_lookup (self->queues, &info->queue_id);
  FlowContact *contact;

  if (queue == NULL)
    return NULL;
  contact = g_new0 (FlowContact, 1);
  contact->flow = self;
  contact->phase = PHASE_CALLBACK;
  contact->record = desk_call_new ();
  contact->record->direction = DESK_CALL_DIRECTION_OUTBOUND;
  contact->record->caller = g_strdup (self->office_number ? self->office_number : "");
  contact->record->callee = g_strdup (info->e164);
  contact->record->client_id = info->client_id;
  contact->record->offered_at = _desk_flow_now_ms () / 1000;
  contact->record->outcome = DESK_CALL_OUTCOME_CALLBACK;
  contact->e164 = g_strdup (info->e164);
  contact->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (info->client_id)
    g_array_append_val (contact->client_ids, info->client_id);
  contact->offered = g_array_new (FALSE, FALSE, sizeof (gint64));
  contact->path = g_string_new (NULL);
  contact->callback_id = info->id;
  contact->attempts = info->attempts;
  contact->max_attempts = MAX (info->max_attempts, 1);
  contact->queue = queue;
  contact->route.id = -info->id;
  contact->route.channel = DESK_CHANNEL_PHONE;
  contact->route.enqueued_at_ms = info->enqueued_at * 1000;
  contact->route.is_callback = TRUE;
  contact->route.required_skill_id = queue->info->config.skill_id;
  g_ptr_array_add (self->contacts, contact);
  join_line (queue, contact);
  return contact;
}

static gboolean
callback_is_live (DeskCallFlow *self,
                  gint64        callback_id)
{
  for (guint i = 0; i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);

      if (contact->callback_id == callback_id && contact->phase != PHASE_ENDED)
        return TRUE;
    }
  return FALSE;
}

/**
 * _desk_flow_load_callbacks:
 *
 * Puts the callback requests that are due in their queues' lines. One that
 * was being offered or dialled when the server stopped is pending again.
 */
gboolean
_desk_flow_load_callbacks (DeskCallFlow  *self,
                           GError       **error)
{
  g_autoptr (GPtrArray) open = desk_store_list_open_callbacks (self->store, error);
  gint64 now = _desk_flow_now_ms () / 1000;

  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      DeskCallbackInfo *info = g_ptr_array_index (open, i);

      if (callback_is_live (self, info->id))
        continue;
      if (info->next_attempt_at > now)
        continue;
      if (info->status != DESK_CALLBACK_STATUS_PENDING &&
          !desk_store_update_callback (self->store, info->id, DESK_CALLBACK_STATUS_PENDING,
                                       info->attempts, 0, 0, error))
        return FALSE;
      callback_contact (self, info);
    }
  _desk_flow_schedule_route (self);
  return TRUE;
}

/**
 * _desk_flow_request_callback:
 *
 * Files a callback request for the caller on @contact, keeping their place
 * in the line. A caller who has one pending for the queue already keeps it:
 * never a duplicate.
 */
gboolean
_desk_flow_request_callback (FlowContact  *contact,
                             gint64        queue_id,
                             GError      **error)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) local = NULL;
  gint64 now = _desk_flow_now_ms () / 1000;
  DeskCallback callback = {
    .e164 = contact->e164,
    .client_id = contact->client_ids->len == 1 ? g_array_index (contact->client_ids, gint64, 0) : 0,
    .queue_id = queue_id,
    .call_id = contact->call_id,
    .requested_at = now,
    .enqueued_at = contact->queued_at_ms ? contact->queued_at_ms / 1000 : now,
    .due_at = now + 3600,
    .status = DESK_CALLBACK_STATUS_PENDING,
    .max_attempts = 3,
  };

  if (contact->e164 == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The caller's number is unknown; they cannot be called back"));
      return FALSE;
    }
  if (desk_store_add_callback (self->store, &callback, &local) <= 0 &&
      !g_error_matches (local, DESK_ERROR, DESK_ERROR_CONFLICT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return _desk_flow_load_callbacks (self, error);
}

/* Calls the operators place */

FlowContact *
_desk_flow_contact_new_outbound (DeskCallFlow       *self,
                                 DeskCallDirection   direction,
                                 FlowAgent          *agent,
                                 const char         *callee,
                                 GError            **error)
{
  FlowContact *contact = _desk_flow_contact_new (self, direction, agent->sip_user, callee, NULL,
                                                 error);

  if (contact == NULL)
    return NULL;
  contact->operator_id = agent->agent->user_id;
  contact->record->operator_id = contact->operator_id;
  contact->route.id = contact->call_id;
  if (direction == DESK_CALL_DIRECTION_OUTBOUND)
    {
      contact->e164 = g_strdup (callee);
      _desk_flow_identify (contact);
    }
  _desk_flow_save (contact);
  return contact;
}

/**
 * _desk_flow_operator_dials:
 *
 * An operator's phone dialled @number: another operator's extension, or an
 * outside number placed through the trunk. Only an authenticated operator
 * gets here: an outside caller never reaches the trunk.
 */
gboolean
_desk_flow_operator_dials (DeskCallFlow  *self,
                           FlowAgent     *caller,
                           guint          leg,
                           const char    *number,
                           GError       **error)
{
  FlowAgent *callee = g_hash_table_lookup (self->by_sip, number);
  g_autofree char *e164 = NULL;
  FlowContact *contact;
  guint out;

  if (callee == NULL)
    {
      e164 = desk_phone_normalize (number, self->region, error);
      if (e164 == NULL)
        return FALSE;
      if (!desk_pbx_has_trunk (self->pbx))
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                       _("The office has no line to call outside numbers"));
          return FALSE;
        }
    }
  contact = _desk_flow_contact_new_outbound (self, callee ? DESK_CALL_DIRECTION_INTERNAL :
                                             DESK_CALL_DIRECTION_OUTBOUND, caller,
                                             callee ? number : e164, error);
  if (contact == NULL)
    return FALSE;
  contact->op_leg = leg;
  contact->op_inbound = TRUE;
  _desk_flow_bind_leg (contact, leg);
  if (callee)
    {
      const char *users[] = { callee->sip_user, NULL };

      out = desk_pbx_ring (self->pbx, users, caller->name, self->offer_seconds, error);
    }
  else
    out = desk_pbx_dial_out (self->pbx, e164, NULL, error);
  if (out == 0)
    {
      contact->op_leg = 0;
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, NULL);
      return FALSE;
    }
  contact->leg = out;
  _desk_flow_bind_leg (contact, out);
  contact->phase = PHASE_DIALING;
  _desk_flow_agent_event (self, caller, DESK_AGENT_EVENT_CONTACT_STARTED, contact);
  return TRUE;
}

/**
 * desk_call_flow_place_call:
 * @self: the flow
 * @user_id: the operator placing the call
 * @number: the customer's number, in any form the office's country reads
 * @error: a #GError
 *
 * Calls the operator's phone first and, when they answer, the customer
 * through the trunk with the office's caller ID (click to call). The call
 * is recorded like the ones that come in.
 *
 * Returns: the call's record id, or 0 with @error set
 */
gint64
desk_call_flow_place_call (DeskCallFlow  *self,
                           gint64         user_id,
                           const char    *number,
                           GError       **error)
{
  FlowAgent *agent;
  g_autofree char *e164 = NULL;
  FlowContact *contact;
  const char *users[2] = { NULL, NULL };
  guint leg;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);
  g_return_val_if_fail (number != NULL, 0);

  agent = _desk_flow_agent (self, user_id);
  if (agent == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                   _("No operator %" PRId64 " with a phone"), user_id);
      return 0;
    }
  if (!desk_agent_can_take (agent->agent, DESK_CHANNEL_PHONE, 1.0) &&
      agent->agent->state != DESK_AGENT_STATE_WRAP_UP)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The operator cannot take a call now"));
      return 0;
    }
  e164 = desk_phone_normalize (number, self->region, error);
  if (e164 == NULL)
    return 0;
  if (!desk_pbx_has_trunk (self->pbx))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The office has no line to call outside numbers"));
      return 0;
    }
  contact = _desk_flow_contact_new_outbound (self, DESK_CALL_DIRECTION_OUTBOUND, agent, e164,
                                             error);
  if (contact == NULL)
    return 0;
  contact->phase = PHASE_CALLBACK;
  users[0] = agent->sip_user;
  leg = desk_pbx_ring (self->pbx, users, e164, self->offer_seconds, error);
  if (leg == 0)
    {
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, NULL);
      return 0;
    }
  contact->op_leg = leg;
  _desk_flow_bind_leg (contact, leg);
  g_array_append_val (contact->offered, user_id);
  _desk_flow_agent_event (self, agent, DESK_AGENT_EVENT_OFFERED, contact);
  _desk_flow_emit_offered (contact, user_id);
  return contact->call_id;
}
