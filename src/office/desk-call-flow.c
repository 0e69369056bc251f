/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-phone.h"

#include <errno.h>
#include <string.h>
#include <inttypes.h>

/**
 * DeskCallFlow:
 *
 * The office's calls as they happen: each call the engine reports is
 * identified, led through the IVR, queued, offered to operators and
 * recorded; its record in the store follows it, and its life is told by
 * signals the web layer streams to the agents. The decisions are the plain
 * functions of desk-routing.c, desk-queue-flow.c and desk-agent-state.c;
 * this object feeds them the live state and carries their answers out with
 * [class@Pbx].
 */

enum {
  CALL_OFFERED,
  CALL_ANSWERED,
  CALL_HELD,
  CALL_TRANSFERRED,
  CALL_ENDED,
  WRAPUP_DONE,
  AGENT_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DeskCallFlow, desk_call_flow, G_TYPE_OBJECT)

gint64
_desk_flow_now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
flow_agent_free (FlowAgent *agent)
{
  desk_agent_free (agent->agent);
  g_free (agent->sip_user);
  g_free (agent->name);
  g_clear_pointer (&agent->skills, g_array_unref);
  g_free (agent);
}

static void
flow_queue_free (FlowQueue *queue)
{
  desk_queue_info_free (queue->info);
  g_ptr_array_unref (queue->line);
  g_free (queue);
}

static void
flow_contact_free (FlowContact *contact)
{
  if (contact->cancellable)
    g_cancellable_cancel (contact->cancellable);
  g_clear_object (&contact->cancellable);
  g_clear_handle_id (&contact->offer_timer, g_source_remove);
  desk_chat_free (contact->chat);
  desk_call_free (contact->record);
  g_free (contact->e164);
  g_clear_pointer (&contact->client_ids, g_array_unref);
  g_clear_pointer (&contact->offered, g_array_unref);
  g_clear_pointer (&contact->passed, g_array_unref);
  desk_ivr_menu_info_free (contact->menu);
  if (contact->path)
    g_string_free (contact->path, TRUE);
  g_free (contact->recording);
  g_free (contact);
}

FlowAgent *
_desk_flow_agent (DeskCallFlow *self,
                  gint64        user_id)
{
  return g_hash_table_lookup (self->agents, &user_id);
}

void
_desk_flow_bind_leg (FlowContact *contact,
                     guint        leg)
{
  g_hash_table_insert (contact->flow->legs, GUINT_TO_POINTER (leg), contact);
}

static gboolean
on_route_idle (gpointer data)
{
  DeskCallFlow *self = data;

  self->route_idle_id = 0;
  _desk_flow_route (self);
  return G_SOURCE_REMOVE;
}

/* Routes once the current event is handled: several changes at once make
 * one decision. */
void
_desk_flow_schedule_route (DeskCallFlow *self)
{
  if (self->route_idle_id == 0)
    self->route_idle_id = g_idle_add (on_route_idle, self);
}

void
_desk_flow_emit_offered (FlowContact *contact,
                         gint64       user_id)
{
  guint n = contact->client_ids->len;

  g_signal_emit (contact->flow, signals[CALL_OFFERED], 0, contact->call_id, user_id, n,
                 n == 1 ? g_array_index (contact->client_ids, gint64, 0) : (gint64) 0);
}

void
_desk_flow_emit_answered (FlowContact *contact)
{
  g_signal_emit (contact->flow, signals[CALL_ANSWERED], 0, contact->call_id, contact->operator_id);
}

void
_desk_flow_emit_wrapup_done (DeskCallFlow *self,
                             gint64        call_id,
                             gint64        user_id)
{
  g_signal_emit (self, signals[WRAPUP_DONE], 0, call_id, user_id);
}

void
_desk_flow_emit_agent_state (DeskCallFlow   *self,
                             gint64          user_id,
                             DeskAgentState  state)
{
  g_signal_emit (self, signals[AGENT_STATE_CHANGED], 0, user_id,
                 desk_enum_to_nick (DESK_TYPE_AGENT_STATE, state));
}

void
_desk_flow_emit_held (FlowContact *contact,
                      gboolean     held)
{
  g_signal_emit (contact->flow, signals[CALL_HELD], 0, contact->call_id, held);
}

void
_desk_flow_emit_transferred (FlowContact *contact,
                             gint64       from_user,
                             gint64       to_user)
{
  g_signal_emit (contact->flow, signals[CALL_TRANSFERRED], 0, contact->call_id, from_user,
                 to_user);
}

/* Calls and their records */

/* Writes the contact's record as it stands; a failure is logged (the call
 * goes on: a caller is never dropped because a disk is full). */
void
_desk_flow_save_now (FlowContact *contact)
{
  g_autoptr (GError) error = NULL;

  contact->dirty = FALSE;
  if (contact->chat_id)
    {
      _desk_flow_chat_saved (contact);
      return;
    }
  if (contact->call_id == 0)
    return;
  contact->record->id = contact->call_id;
  g_free (contact->record->ivr_path);
  contact->record->ivr_path = contact->path && contact->path->len ?
    g_strdup (contact->path->str) : NULL;
  if (!desk_store_update_call (contact->flow->store, contact->record, &error))
    g_warning ("Call %" G_GINT64_FORMAT " was not saved: %s", contact->call_id, error->message);
}

static gboolean
on_flush (gpointer data)
{
  DeskCallFlow *self = data;
  g_autoptr (GError) error = NULL;
  gboolean batch = self->batch_open;

  self->flush_id = 0;
  self->batch_open = FALSE;
  if (!batch && !(batch = desk_store_begin (self->store, &error)))
    g_warning ("Call records are written one by one: %s", error->message);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);

      if (contact->dirty)
        _desk_flow_save_now (contact);
    }
  g_clear_error (&error);
  if (batch && !desk_store_commit (self->store, &error))
    g_warning ("Call records were not written: %s", error->message);
  return G_SOURCE_REMOVE;
}

/**
 * _desk_flow_save:
 *
 * Marks the contact's record for writing. The records that changed are
 * written together, in one transaction, once the main loop has nothing more
 * urgent to do: a disk's sync never stands between a caller and the phone
 * that should ring for them. A contact's end is written at once.
 */
void
_desk_flow_save (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;

  contact->dirty = TRUE;
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_LOW, on_flush, self, NULL);
}

/* Opens the transaction the next flush commits: a chat's row is inserted
 * at once (its id is the stored one, every reader sees it), its commit and
 * fsync come DESK_FLOW_BATCH_MS later with all written meanwhile; on a
 * timer, not an idle, so a busy loop cannot put it off. Dispose flushes. */
void
_desk_flow_batch (DeskCallFlow *self)
{
  g_autoptr (GError) error = NULL;

  if (!self->batch_open)
    {
      self->batch_open = desk_store_begin (self->store, &error);
      if (!self->batch_open)
        g_warning ("Chat messages are written one by one: %s", error->message);
      else  /* an idle flush of call records becomes the timer */
        g_clear_handle_id (&self->flush_id, g_source_remove);
    }
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (DESK_FLOW_BATCH_MS, on_flush, self);
}

FlowContact *
_desk_flow_contact_new (DeskCallFlow      *self,
                        DeskCallDirection  direction,
                        const char        *caller,
                        const char        *callee,
                        const char        *e164,
                        GError           **error)
{
  FlowContact *contact = g_new0 (FlowContact, 1);

  contact->flow = self;
  contact->record = desk_call_new ();
  contact->record->direction = direction;
  contact->record->caller = g_strdup (caller);
  contact->record->caller_e164 = direction == DESK_CALL_DIRECTION_INBOUND ? g_strdup (e164) : NULL;
  contact->route.id = 0;
  contact->record->callee = g_strdup (callee);
  contact->record->offered_at = _desk_flow_now_ms () / 1000;
  contact->record->outcome = DESK_CALL_OUTCOME_NONE;
  contact->e164 = g_strdup (e164);
  contact->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  contact->offered = g_array_new (FALSE, FALSE, sizeof (gint64));
  contact->path = g_string_new (NULL);
  contact->call_id = desk_store_add_call (self->store, contact->record, error);
  if (contact->call_id <= 0)
    {
      flow_contact_free (contact);
      return NULL;
    }
  g_ptr_array_add (self->contacts, contact);
  return contact;
}

static void
forget_legs (FlowContact *contact)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, contact->flow->legs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == contact)
      g_hash_table_iter_remove (&iter);
}

/**
 * _desk_flow_finish:
 * @contact: a live contact
 * @outcome: how it ended
 * @cause: (nullable): the hang-up cause, for the record
 *
 * Ends the contact: its record gets its times and outcome, its operator
 * goes to wrap-up, and the contact is freed.
 */
void
_desk_flow_finish (FlowContact     *contact,
                   DeskCallOutcome  outcome,
                   const char      *cause)
{
  DeskCallFlow *self = contact->flow;
  gint64 now = _desk_flow_now_ms ();
  DeskCall *record = contact->record;
  FlowAgent *agent = contact->operator_id ? _desk_flow_agent (self, contact->operator_id) : NULL;

  if (contact->phase == PHASE_ENDED)
    return;

  _desk_flow_leave_queue (contact);
  for (guint i = 0; i < contact->offered->len; i++)
    {
      FlowAgent *ringing = _desk_flow_agent (self, g_array_index (contact->offered, gint64, i));

      if (ringing && ringing->offer == contact)
        _desk_flow_agent_event (self, ringing, DESK_AGENT_EVENT_OFFER_WITHDRAWN, contact);
    }
  g_array_set_size (contact->offered, 0);
  if (contact->held_since_ms)
    contact->hold_ms += now - contact->held_since_ms;
  if (contact->leg && desk_pbx_has_call (self->pbx, contact->leg))
    desk_pbx_hangup (self->pbx, contact->leg, 0, NULL);
  if (contact->op_leg && desk_pbx_has_call (self->pbx, contact->op_leg))
    desk_pbx_hangup (self->pbx, contact->op_leg, contact->answered_ms ? 0 : 487, NULL);

  if (contact->chat_id)
    {
      contact->chat->ended_at = now / 1000;
      contact->chat->outcome = outcome;
      if (!contact->answered_ms && contact->queued_at_ms)
        contact->chat->wait_seconds = (int) MAX (0, (now - contact->queued_at_ms) / 1000);
      _desk_flow_chat_saved (contact);
    }
  else if (contact->call_id)
    {
      record->ended_at = now / 1000;
      record->outcome = outcome;
      if (contact->answered_ms)
        {
          record->talk_seconds = (int) MAX (0, (now - contact->answered_ms - contact->hold_ms) / 1000);
          record->hold_seconds = (int) (contact->hold_ms / 1000);
        }
      else if (contact->queued_at_ms)
        record->wait_seconds = (int) MAX (0, (now - contact->queued_at_ms) / 1000);
      g_free (record->hangup_cause);
      record->hangup_cause = g_strdup (cause);
      _desk_flow_save_now (contact);
    }

  contact->phase = PHASE_ENDED;
  forget_legs (contact);
  if (agent && contact->answered_ms)
    _desk_flow_agent_event (self, agent, DESK_AGENT_EVENT_CONTACT_ENDED, contact);
  if (contact->chat_id)
    _desk_flow_emit_chat_ended (contact, outcome);
  else if (contact->call_id)
    g_signal_emit (self, signals[CALL_ENDED], 0, contact->call_id,
                   desk_enum_to_nick (DESK_TYPE_CALL_OUTCOME, outcome));
  g_ptr_array_remove_fast (self->contacts, contact);
  _desk_flow_schedule_route (self);
}

/* The engine's signals */

void
_desk_flow_identify (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;

  if (contact->e164 == NULL)
    return;
  ids = desk_store_find_clients_by_phone (self->store, contact->e164, &error);
  if (ids == NULL)
    {
      g_warning ("Caller %s was not looked up: %s", contact->e164, error->message);
      return;
    }
  g_array_set_size (contact->client_ids, 0);
  g_array_append_vals (contact->client_ids, ids->data, ids->len);
  if (ids->len == 1)
    contact->record->client_id = g_array_index (ids, gint64, 0);
}

/* The user part of a SIP URI: "sip:+380441234567@host" → "+380441234567". */
static char *
uri_user (const char *uri)
{
  const char *start, *end;

  if (uri == NULL)
    return NULL;
  start = strchr (uri, ':');
  start = start ? start + 1 : uri;
  end = strpbrk (start, "@;>");
  return g_strndup (start, end ? (gsize) (end - start) : strlen (start));
}

static void
on_outside_call (DeskCallFlow *self,
                 guint         leg,
                 const char   *from_uri,
                 const char   *to_user)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *caller = uri_user (from_uri);
  g_autofree char *e164 = desk_phone_normalize (caller, self->region, NULL);
  gint64 menu_id = 0, queue_id = 0;
  FlowContact *contact;

  if (!desk_store_find_inbound_route (self->store, to_user, &menu_id, &queue_id, &error))
    {
      g_message ("A call to “%s” has no route: %s", to_user, error->message);
      desk_pbx_reject (self->pbx, leg, 404, NULL);
      return;
    }
  contact = _desk_flow_contact_new (self, DESK_CALL_DIRECTION_INBOUND, caller ? caller : "", to_user, e164,
                         &error);
  if (contact == NULL)
    {
      g_warning ("A call was refused, its record could not be made: %s", error->message);
      desk_pbx_reject (self->pbx, leg, 503, NULL);
      return;
    }
  contact->record->dialled = g_strdup (to_user);
  contact->leg = leg;
  _desk_flow_bind_leg (contact, leg);
  _desk_flow_identify (contact);
  _desk_flow_save (contact);
  if (!desk_pbx_answer (self->pbx, leg, &error))
    {
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, error->message);
      return;
    }
  if (menu_id)
    _desk_flow_ivr_start (contact, menu_id);
  else
    _desk_flow_enqueue (contact, queue_id);
}

static void
on_call_incoming (DeskPbx    *pbx,
                  guint       leg,
                  const char *from_uri,
                  const char *to_user,
                  const char *source,
                  const char *authenticated_user,
                  gpointer    data)
{
  DeskCallFlow *self = data;
  FlowAgent *caller = authenticated_user ? g_hash_table_lookup (self->by_sip, authenticated_user) : NULL;
  g_autoptr (GError) error = NULL;

  if (caller == NULL)
    {
      on_outside_call (self, leg, from_uri, to_user);
      return;
    }
  /* An operator dials from the phone: the office places the call. */
  if (!_desk_flow_operator_dials (self, caller, leg, to_user, &error))
    {
      g_message ("%s's call to “%s” was refused: %s", caller->name, to_user, error->message);
      desk_pbx_reject (self->pbx, leg, g_error_matches (error, DESK_ERROR, DESK_ERROR_NOT_FOUND) ?
                       404 : 403, NULL);
    }
}

static void
on_call_answered (DeskPbx    *pbx,
                  guint       leg,
                  const char *user,
                  gpointer    data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact == NULL || contact->phase == PHASE_ENDED)
    return;
  if (leg == contact->op_leg && contact->phase != PHASE_TALKING)
    _desk_flow_offer_answered (contact, leg, user);
  else if (leg == contact->leg && contact->phase == PHASE_DIALING)
    _desk_flow_dial_answered (contact, leg);
}

static void
on_call_ended (DeskPbx    *pbx,
               guint       leg,
               guint       cause,
               const char *reason,
               gpointer    data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));
  g_autofree char *why = NULL;

  if (contact == NULL || contact->phase == PHASE_ENDED)
    return;
  g_hash_table_remove (self->legs, GUINT_TO_POINTER (leg));
  /* An operator's leg that handed the customer on, or joined a conference:
   * the conversation goes on without it. */
  if (leg != contact->leg && leg != contact->op_leg)
    return;
  if (leg == contact->op_leg && contact->phase == PHASE_TALKING &&
      (g_strcmp0 (reason, "transferred") == 0 || g_strcmp0 (reason, "conference") == 0))
    {
      contact->op_leg = 0;
      return;
    }
  why = cause == DESK_PBX_CAUSE_NORMAL ? g_strdup (reason) : g_strdup_printf ("%u %s", cause, reason);

  switch (contact->phase)
    {
    case PHASE_IVR:
      if (leg == contact->leg)
        _desk_flow_finish (contact, contact->record->outcome == DESK_CALL_OUTCOME_IVR_SETTLED ?
                           DESK_CALL_OUTCOME_IVR_SETTLED : DESK_CALL_OUTCOME_ABANDONED_IVR, why);
      break;
    case PHASE_QUEUE:
      if (leg == contact->leg)
        {
          contact->leg = 0;
          _desk_flow_finish (contact, DESK_CALL_OUTCOME_ABANDONED_QUEUE, why);
        }
      else if (leg == contact->op_leg)
        _desk_flow_offer_ended (contact, leg, cause);
      break;
    case PHASE_CALLBACK:
      if (leg == contact->op_leg)
        _desk_flow_offer_ended (contact, leg, cause);
      break;
    case PHASE_DIALING:
      if (leg == contact->leg)
        _desk_flow_dial_ended (contact, leg, cause);
      else if (leg == contact->op_leg)
        {
          contact->op_leg = 0;
          _desk_flow_finish (contact, DESK_CALL_OUTCOME_FAILED, why);
        }
      break;
    case PHASE_TALKING:
      if (leg == contact->leg)
        contact->leg = 0;
      else
        contact->op_leg = 0;
      _desk_flow_finish (contact, DESK_CALL_OUTCOME_ANSWERED, why);
      break;
    case PHASE_BOT:
    case PHASE_ENDED:
      break;
    }
}

static void
on_call_transferred (DeskPbx    *pbx,
                     guint       leg,
                     guint       new_peer,
                     const char *user,
                     const char *kind,
                     gpointer    data)
{
  _desk_flow_transferred (data, leg, new_peer, user);
}

static void
on_call_held (DeskPbx  *pbx,
              guint     leg,
              gpointer  data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact == NULL || contact->phase != PHASE_TALKING || contact->held_since_ms)
    return;
  contact->held_since_ms = _desk_flow_now_ms ();
  _desk_flow_emit_held (contact, TRUE);
}

static void
on_call_resumed (DeskPbx  *pbx,
                 guint     leg,
                 gpointer  data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact == NULL || contact->held_since_ms == 0)
    return;
  contact->hold_ms += _desk_flow_now_ms () - contact->held_since_ms;
  contact->held_since_ms = 0;
  _desk_flow_emit_held (contact, FALSE);
}

static void
on_digit (DeskPbx    *pbx,
          guint       leg,
          char        digit,
          const char *source,
          gpointer    data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact && contact->phase == PHASE_QUEUE && leg == contact->leg)
    _desk_flow_queue_digit (contact, digit);
}

static void
on_digits_collected (DeskPbx    *pbx,
                     guint       leg,
                     const char *digits,
                     const char *why,
                     gpointer    data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact && contact->phase == PHASE_IVR && leg == contact->leg)
    _desk_flow_ivr_digits (contact, digits, why);
}

static void
on_playback_finished (DeskPbx  *pbx,
                      guint     leg,
                      gpointer  data)
{
  DeskCallFlow *self = data;
  FlowContact *contact = g_hash_table_lookup (self->legs, GUINT_TO_POINTER (leg));

  if (contact == NULL || leg != contact->leg)
    return;
  if (contact->phase == PHASE_IVR)
    _desk_flow_ivr_said (contact);
  else if (contact->phase == PHASE_QUEUE && self->music_on_hold)
    desk_pbx_play (self->pbx, leg, self->music_on_hold, TRUE, NULL);
}

static void
on_registration_changed (DeskPbx    *pbx,
                         const char *user,
                         const char *contact_uri,
                         const char *source,
                         gboolean    registered,
                         gpointer    data)
{
  DeskCallFlow *self = data;
  FlowAgent *agent = g_hash_table_lookup (self->by_sip, user);

  if (agent == NULL)
    return;
  if (registered)
    agent->phones++;
  else if (agent->phones > 0)
    agent->phones--;
  _desk_flow_schedule_route (self);
}

static gboolean
on_tick (gpointer data)
{
  DeskCallFlow *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->agents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DeskAgentEvent event = { .kind = DESK_AGENT_EVENT_TICK };

      _desk_flow_agent_handle (self, value, &event, NULL);
    }
  _desk_flow_route (self);
  return G_SOURCE_CONTINUE;
}

/* A number the owner set, within bounds, or @fallback. */
static int
setting_int (DeskStore  *store,
             const char *key,
             int         fallback,
             int         min,
             int         max)
{
  g_autofree char *value = desk_store_get_setting (store, key);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    return fallback;
  return (int) number;
}

/* The object */

static void
desk_call_flow_dispose (GObject *object)
{
  DeskCallFlow *self = DESK_CALL_FLOW (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
    if (self->handlers[i])
      g_clear_signal_handler (&self->handlers[i], self->pbx);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  /* Calls still live when the office stops end in the records too. */
  while (self->contacts && self->contacts->len > 0)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, self->contacts->len - 1);

      if (contact->phase == PHASE_ENDED)
        g_ptr_array_remove_index_fast (self->contacts, self->contacts->len - 1);
      else
        _desk_flow_finish (contact, contact->answered_ms ? DESK_CALL_OUTCOME_ANSWERED :
                           DESK_CALL_OUTCOME_FAILED, "office stopped");
    }
  g_clear_handle_id (&self->route_idle_id, g_source_remove);
  if (self->flush_id)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      on_flush (self);
    }
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_object (&self->pbx);
  g_clear_object (&self->store);
  g_clear_object (&self->voice);
  g_clear_object (&self->recorder);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->bot);

  G_OBJECT_CLASS (desk_call_flow_parent_class)->dispose (object);
}

static void
desk_call_flow_finalize (GObject *object)
{
  DeskCallFlow *self = DESK_CALL_FLOW (object);

  g_hash_table_unref (self->legs);
  g_hash_table_unref (self->by_sip);
  g_hash_table_unref (self->agents);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->wrapups);
  g_clear_pointer (&self->chats, g_hash_table_unref);
  g_free (self->data_dir);
  g_free (self->language);
  g_free (self->music_on_hold);
  g_free (self->region);
  g_free (self->office_number);

  G_OBJECT_CLASS (desk_call_flow_parent_class)->finalize (object);
}

static void
desk_call_flow_class_init (DeskCallFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = desk_call_flow_dispose;
  object_class->finalize = desk_call_flow_finalize;

  /**
   * DeskCallFlow::call-offered:
   * @self: the flow
   * @call_id: the call's record
   * @user_id: an operator whose phone rings for it
   * @n_clients: how many clients the caller may be: 0, 1 or more
   * @client_id: the client when @n_clients is 1, else 0
   *
   * A call rings for an operator (once per operator of a ring group).
   */
  signals[CALL_OFFERED] = g_signal_new ("call-offered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_INT64,
                                        G_TYPE_UINT, G_TYPE_INT64);
  /**
   * DeskCallFlow::call-answered:
   * @self: the flow
   * @call_id: the call's record
   * @user_id: the operator who has it
   */
  signals[CALL_ANSWERED] = g_signal_new ("call-answered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * DeskCallFlow::call-held:
   * @self: the flow
   * @call_id: the call's record
   * @held: %TRUE when it goes on hold, %FALSE when it comes back
   */
  signals[CALL_HELD] = g_signal_new ("call-held", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
  /**
   * DeskCallFlow::call-transferred:
   * @self: the flow
   * @call_id: the call's record
   * @from_user: the operator who had it
   * @to_user: the operator who has it now
   */
  signals[CALL_TRANSFERRED] = g_signal_new ("call-transferred", type, G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                            G_TYPE_INT64, G_TYPE_INT64);
  /**
   * DeskCallFlow::call-ended:
   * @self: the flow
   * @call_id: the call's record
   * @outcome: its outcome's nick ("answered", "abandoned_queue", …)
   */
  signals[CALL_ENDED] = g_signal_new ("call-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /**
   * DeskCallFlow::wrapup-done:
   * @self: the flow
   * @call_id: the call's record, its wrap-up time now written
   * @user_id: the operator, free again
   */
  signals[WRAPUP_DONE] = g_signal_new ("wrapup-done", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * DeskCallFlow::agent-state-changed:
   * @self: the flow
   * @user_id: the operator
   * @state: the new state's nick ("available", "break", …)
   */
  _desk_flow_chat_class_init (object_class);

  signals[AGENT_STATE_CHANGED] = g_signal_new ("agent-state-changed", type, G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                               G_TYPE_STRING);
}

static void
desk_call_flow_init (DeskCallFlow *self)
{
  self->agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) flow_agent_free);
  self->by_sip = g_hash_table_new (g_str_hash, g_str_equal);
  self->queues = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) flow_queue_free);
  self->legs = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_contact_free);
  self->wrapups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * desk_call_flow_reload:
 * @self: the flow
 * @error: a #GError
 *
 * Reads the queues, the operators, the pending callbacks and the bot's rules
 * from the store again, after the owner changed them. Callers in a line keep
 * their place.
 */
gboolean
desk_call_flow_reload (DeskCallFlow  *self,
                       GError       **error)
{
  g_autoptr (GPtrArray) queues = NULL;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  queues = desk_store_list_queues (self->store, error);
  if (queues == NULL || !_desk_flow_load_agents (self, error))
    return FALSE;
  for (guint i = 0; i < queues->len; i++)
    {
      DeskQueueInfo *info = g_ptr_array_index (queues, i);
      FlowQueue *queue = g_hash_table_lookup (self->queues, &info->id);

      if (queue == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = info->id;
          queue = g_new0 (FlowQueue, 1);
          queue->line = g_ptr_array_new ();
          g_hash_table_insert (self->queues, key, queue);
        }
      else
        desk_queue_info_free (queue->info);
      queue->info = g_ptr_array_steal_index (queues, i--);
      queue->route.id = queue->info->id;
      queue->route.config = &queue->info->config;
      queue->route.avg_handle_ms =
        desk_store_average_handle_ms (self->store, queue->info->id,
                                      _desk_flow_now_ms () / 1000 - 7 * 24 * 3600, NULL);
      if (queue->route.avg_handle_ms <= 0)
        queue->route.avg_handle_ms = DESK_QUEUE_DEFAULT_HANDLE_MS;
    }
  if (!_desk_flow_load_callbacks (self, error))
    return FALSE;
  if (self->bot && !desk_bot_reload (self->bot, error))
    return FALSE;
  _desk_flow_schedule_route (self);
  return TRUE;
}

/**
 * desk_call_flow_new:
 * @store: the office's store
 * @pbx: its running engine
 * @options: how to run
 * @error: a #GError
 *
 * Takes over the engine's calls: from now on the flow answers them.
 *
 * Returns: (transfer full): the flow, or %NULL with @error set
 */
DeskCallFlow *
desk_call_flow_new (DeskStore                  *store,
                    DeskPbx                    *pbx,
                    const DeskCallFlowOptions  *options,
                    GError                    **error)
{
  g_autoptr (DeskCallFlow) self = NULL;
  g_autoptr (GError) bot_error = NULL;
  g_autofree char *prompts = NULL;
  g_autofree char *recordings = NULL;
  guint n = 0;

  g_return_val_if_fail (DESK_IS_STORE (store), NULL);
  g_return_val_if_fail (DESK_IS_PBX (pbx), NULL);
  g_return_val_if_fail (options != NULL && options->data_dir != NULL, NULL);

  if (options->language && !desk_voice_language_is_supported (options->language))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The office cannot speak “%s”"), options->language);
      return NULL;
    }
  prompts = g_build_filename (options->data_dir, "prompts", NULL);
  recordings = g_build_filename (options->data_dir, "recordings", NULL);
  if (g_mkdir_with_parents (prompts, 0700) != 0 || g_mkdir_with_parents (recordings, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the folders for prompts and recordings in %s: %s"),
                   options->data_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (DESK_TYPE_CALL_FLOW, NULL);
  self->store = g_object_ref (store);
  self->pbx = g_object_ref (pbx);
  self->voice = desk_voice_new (prompts);
  self->recorder = desk_recorder_new ();
  self->data_dir = g_strdup (options->data_dir);
  self->language = g_strdup (options->language ? options->language : "uk");
  if (options->music_on_hold)
    _desk_flow_use_music_on_hold (self, options->music_on_hold);
  self->offer_seconds = options->offer_seconds ? options->offer_seconds : 20;
  self->record_calls = options->record_calls;
  self->region = desk_store_get_setting (store, "default-country");
  self->max_missed = setting_int (store, "max-missed-offers", -1, 0, 100);
  self->office_number = desk_store_get_setting (store, "office-number");

  if (!desk_call_flow_reload (self, error))
    return NULL;
  self->bot = desk_bot_new (store, &bot_error);
  if (self->bot == NULL)
    g_warning ("The chat bot is off: %s", bot_error->message);

#define CONNECT(signal, handler) \
  self->handlers[n++] = g_signal_connect (pbx, signal, G_CALLBACK (handler), self)
  CONNECT ("call-incoming", on_call_incoming);
  CONNECT ("call-answered", on_call_answered);
  CONNECT ("call-ended", on_call_ended);
  CONNECT ("call-held", on_call_held);
  CONNECT ("call-transferred", on_call_transferred);
  CONNECT ("call-resumed", on_call_resumed);
  CONNECT ("digit", on_digit);
  CONNECT ("digits-collected", on_digits_collected);
  CONNECT ("playback-finished", on_playback_finished);
  CONNECT ("registration-changed", on_registration_changed);
  CONNECT ("recording-finished", _desk_flow_recording_finished);
#undef CONNECT
  g_assert (n <= G_N_ELEMENTS (self->handlers));
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  return g_steal_pointer (&self);
}
