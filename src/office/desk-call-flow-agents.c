/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <inttypes.h>

/*
 * The operators of the call flow: their states, as desk-agent-state.c
 * decides them, the commands of the agent window, and the log every change
 * is written to. Offers and contacts reach them through
 * _desk_flow_agent_event().
 */

static void
apply_effects (DeskCallFlow *self,
               FlowAgent    *agent,
               GPtrArray    *effects)
{
  for (guint i = 0; effects && i < effects->len; i++)
    {
      DeskAgentEffect *effect = g_ptr_array_index (effects, i);
      g_autoptr (GError) error = NULL;

      if (effect->kind != DESK_AGENT_EFFECT_LOG_STATE)
        continue;   /* timers: the flow ticks every second */
      if (!desk_store_log_agent_state (self->store, effect->user_id, effect->to, effect->reason,
                                       effect->at_ms / 1000, &error))
        g_warning ("Operator %" G_GINT64_FORMAT "'s state was not logged: %s", effect->user_id,
                   error->message);
      if (effect->from == DESK_AGENT_STATE_WRAP_UP)
        {
          gpointer call = g_hash_table_lookup (self->wrapups, &effect->user_id);

          if (call)
            {
              gint64 call_id = *(gint64 *) call;
              g_autoptr (DeskCall) record = desk_store_get_call (self->store, call_id, NULL);

              if (record && record->ended_at > 0)
                {
                  record->wrapup_seconds = (int) MAX (0, effect->at_ms / 1000 - record->ended_at);
                  if (!desk_store_update_call (self->store, record, &error))
                    g_warning ("Call %" G_GINT64_FORMAT "'s wrap-up was not saved: %s", call_id,
                               error->message);
                }
              g_hash_table_remove (self->wrapups, &effect->user_id);
              _desk_flow_emit_wrapup_done (self, call_id, effect->user_id);
            }
        }
      _desk_flow_emit_agent_state (self, effect->user_id, effect->to);
    }
  if (effects && effects->len > 0)
    _desk_flow_schedule_route (self);
}

gboolean
_desk_flow_agent_handle (DeskCallFlow    *self,
                         FlowAgent       *agent,
                         DeskAgentEvent  *event,
                         GError         **error)
{
  g_autoptr (GPtrArray) effects = NULL;

  event->now_ms = _desk_flow_now_ms ();
  if (!desk_agent_handle (agent->agent, event, &effects, error))
    return FALSE;
  apply_effects (self, agent, effects);
  return TRUE;
}

/* An event about an offer or a contact: it follows from the engine, so a
 * refusal is a slip of the flow, logged rather than returned. */
void
_desk_flow_agent_event (DeskCallFlow       *self,
                        FlowAgent          *agent,
                        DeskAgentEventKind  kind,
                        FlowContact        *contact)
{
  g_autoptr (GError) error = NULL;
  DeskAgentEvent event = { .kind = kind, .channel = DESK_CHANNEL_PHONE, .chat_weight = 0.5 };

  /* A consultation is part of the operator's call with the customer: their
   * state follows that call alone. */
  if (contact && contact->consult_of &&
      (kind == DESK_AGENT_EVENT_CONTACT_STARTED || kind == DESK_AGENT_EVENT_CONTACT_ENDED))
    return;
  if (contact)
    {
      event.contact_id = contact->route.id ? contact->route.id : contact->call_id;
      event.channel = contact->chat_id ? DESK_CHANNEL_CHAT : DESK_CHANNEL_PHONE;
      if (contact->queue)
        event.chat_weight = contact->queue->info->config.chat_weight;
    }
  if (kind == DESK_AGENT_EVENT_CONTACT_ENDED && contact && contact->queue)
    event.seconds = contact->queue->info->config.wrapup_seconds;
  if (kind == DESK_AGENT_EVENT_CONTACT_ENDED && contact && contact->call_id && !contact->chat_id)
    {
      g_autofree gint64 *call = g_new (gint64, 1);
      g_autofree gint64 *user = g_new (gint64, 1);

      *call = contact->call_id;
      *user = agent->agent->user_id;
      g_hash_table_replace (self->wrapups, g_steal_pointer (&user), g_steal_pointer (&call));
    }
  if (kind == DESK_AGENT_EVENT_OFFERED)
    agent->offer = contact;
  else if (kind != DESK_AGENT_EVENT_CONTACT_STARTED && kind != DESK_AGENT_EVENT_CONTACT_ENDED)
    agent->offer = NULL;
  if (!_desk_flow_agent_handle (self, agent, &event, &error))
    g_debug ("Operator %" G_GINT64_FORMAT ": %s: %s", agent->agent->user_id,
             desk_agent_event_kind_to_string (kind), error->message);
}

static FlowAgent *
agent_or_error (DeskCallFlow  *self,
                gint64         user_id,
                GError       **error)
{
  FlowAgent *agent = _desk_flow_agent (self, user_id);

  if (agent == NULL)
    g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                 _("No operator %" PRId64 " with a phone"), user_id);
  return agent;
}

static gboolean
agent_command (DeskCallFlow        *self,
               gint64               user_id,
               DeskAgentEventKind   kind,
               const char          *reason,
               int                  seconds,
               GError             **error)
{
  FlowAgent *agent = agent_or_error (self, user_id, error);
  DeskAgentEvent event = { .kind = kind, .reason = reason, .seconds = seconds };

  if (agent == NULL)
    return FALSE;
  if ((kind == DESK_AGENT_EVENT_LOGOUT || kind == DESK_AGENT_EVENT_SET_BREAK) && agent->offer)
    {
      FlowContact *contact = agent->offer;

      /* Its phone stops ringing; the contact goes back to the line. */
      if (contact->op_leg)
        desk_pbx_hangup (self->pbx, contact->op_leg, 480, NULL);
    }
  return _desk_flow_agent_handle (self, agent, &event, error);
}

gboolean
desk_call_flow_agent_login (DeskCallFlow  *self,
                            gint64         user_id,
                            GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_LOGIN, NULL, 0, error);
}

gboolean
desk_call_flow_agent_logout (DeskCallFlow  *self,
                             gint64         user_id,
                             GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_LOGOUT, NULL, 0, error);
}

gboolean
desk_call_flow_agent_set_available (DeskCallFlow  *self,
                                    gint64         user_id,
                                    GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_SET_AVAILABLE, NULL, 0, error);
}

/**
 * desk_call_flow_agent_set_break:
 * @self: the flow
 * @user_id: an operator
 * @reason: why ("lunch", "training", …), at most %DESK_AGENT_MAX_REASON
 *   characters
 * @error: a #GError
 *
 * Puts the operator on a break: nothing is offered to them until they are
 * available again. A call ringing on their phone goes back to its queue.
 */
gboolean
desk_call_flow_agent_set_break (DeskCallFlow  *self,
                                gint64         user_id,
                                const char    *reason,
                                GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_SET_BREAK, reason, 0, error);
}

gboolean
desk_call_flow_agent_extend_wrapup (DeskCallFlow  *self,
                                    gint64         user_id,
                                    guint          seconds,
                                    GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_WRAPUP_EXTEND, NULL,
                        (int) MIN (seconds, G_MAXINT), error);
}

gboolean
desk_call_flow_agent_end_wrapup (DeskCallFlow  *self,
                                 gint64         user_id,
                                 GError       **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);
  return agent_command (self, user_id, DESK_AGENT_EVENT_WRAPUP_END, NULL, 0, error);
}

/**
 * desk_call_flow_get_agent_state:
 *
 * Returns: the operator's state; offline for an unknown one
 */
DeskAgentState
desk_call_flow_get_agent_state (DeskCallFlow *self,
                                gint64        user_id)
{
  FlowAgent *agent;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), DESK_AGENT_STATE_OFFLINE);

  agent = _desk_flow_agent (self, user_id);
  return agent ? agent->agent->state : DESK_AGENT_STATE_OFFLINE;
}

/**
 * desk_call_flow_dup_agent_reason:
 * @self: the flow
 * @user_id: an operator
 *
 * Returns: (transfer full) (nullable): why the operator is in their state
 *   (a break's reason, "missed offers" after the auto-break), or %NULL
 */
char *
desk_call_flow_dup_agent_reason (DeskCallFlow *self,
                                 gint64        user_id)
{
  FlowAgent *agent;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), NULL);

  agent = _desk_flow_agent (self, user_id);
  return agent ? g_strdup (agent->agent->reason) : NULL;
}

/**
 * desk_call_flow_get_wrapup_seconds_left:
 * @self: the flow
 * @user_id: an operator
 *
 * The agent window counts down from this; a second begun counts whole, so
 * that it never shows 0 while the operator is still wrapping up.
 *
 * Returns: the seconds until the operator's wrap-up ends by itself; 0 when
 *   they are not wrapping up
 */
guint
desk_call_flow_get_wrapup_seconds_left (DeskCallFlow *self,
                                        gint64        user_id)
{
  FlowAgent *agent;
  gint64 left_ms;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);

  agent = _desk_flow_agent (self, user_id);
  if (agent == NULL || agent->agent->state != DESK_AGENT_STATE_WRAP_UP)
    return 0;
  left_ms = agent->agent->wrapup_deadline_ms - _desk_flow_now_ms ();
  return left_ms > 0 ? (guint) MIN ((left_ms + 999) / 1000, G_MAXUINT) : 0;
}

/* Midnight, local time, as Unix seconds: "today" for the counts. */
static gint64
start_of_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                          g_date_time_get_month (now),
                                                          g_date_time_get_day_of_month (now),
                                                          0, 0, 0);

  return g_date_time_to_unix (midnight);
}

gboolean
_desk_flow_load_agents (DeskCallFlow  *self,
                        GError       **error)
{
  g_autoptr (GPtrArray) users = desk_store_list_users (self->store, error);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      DeskUser *user = g_ptr_array_index (users, i);
      FlowAgent *agent;
      gint64 *key;
      GArray *skills;

      if (user->sip_user == NULL || !user->active || _desk_flow_agent (self, user->id))
        continue;
      skills = desk_store_list_user_skills (self->store, user->id, error);
      if (skills == NULL)
        return FALSE;
      agent = g_new0 (FlowAgent, 1);
      agent->agent = desk_agent_new (user->id, user->max_chats, _desk_flow_now_ms ());
      if (self->max_missed >= 0)
        desk_agent_set_max_missed (agent->agent, self->max_missed);
      agent->contacts_today = MAX (0, desk_store_count_operator_contacts (self->store, user->id,
                                                                      start_of_today (), NULL));
      agent->sip_user = g_strdup (user->sip_user);
      agent->name = g_strdup (user->display_name);
      agent->skills = skills;   /* DeskUserSkill has DeskSkillLevel's layout */
      key = g_new (gint64, 1);
      *key = user->id;
      g_hash_table_insert (self->agents, key, agent);
      g_hash_table_insert (self->by_sip, agent->sip_user, agent);
    }
  return TRUE;
}
