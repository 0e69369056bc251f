/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-state"

#include "desk-i18n.h"
#include "desk-agent-state.h"
#include "desk-error.h"

#include <math.h>
#include <string.h>

/*
 * The operator's state machine: offline, available, on a contact, wrap-up,
 * break. It is a plain function of (state, event) → (state, effects): no
 * clock, no store, no PBX. The office feeds it events and carries out the
 * effects it returns (log rows, a wrap-up timer), so that every rule here is
 * tested without a phone in sight.
 *
 * Capacity. An operator is worth DESK_AGENT_CAPACITY (1000) thousandths. A
 * call (any voice channel, walk-ins too) takes all of it: it is offered only
 * to an operator with nothing in hand, and nothing is offered on top of it.
 * A text contact (chat, portal, e-mail) takes its queue's chat_weight, and
 * fits when the operator has fewer than max_chats text contacts and the sum
 * stays within 1000. With weight 0.5 and max_chats 2, an operator with one
 * chat (500) takes a second chat (1000) but no call; with max_chats 3 the
 * weight still stops them at two.
 */

static void
effect_free (gpointer data)
{
  desk_agent_effect_free (data);
}

static DeskAgentEffect *
effect_add (GPtrArray           *effects,
            DeskAgentEffectKind  kind,
            const DeskAgent     *agent,
            gint64               at_ms)
{
  DeskAgentEffect *effect = g_new0 (DeskAgentEffect, 1);

  effect->kind = kind;
  effect->user_id = agent->user_id;
  effect->at_ms = at_ms;
  effect->from = agent->state;
  effect->to = agent->state;
  g_ptr_array_add (effects, effect);
  return effect;
}

/* Moves the agent to @to and records the change; staying in the same state
 * with the same reason is no change at all and leaves no trace in the log. */
static void
enter (DeskAgent      *agent,
       DeskAgentState  to,
       const char     *reason,
       gint64          now_ms,
       gboolean        automatic,
       GPtrArray      *effects)
{
  DeskAgentEffect *log;

  if (agent->state == to && g_strcmp0 (agent->reason, reason) == 0)
    return;

  /* A wrap-up left before its time leaves a timer behind; one that ran out
   * has fired already. */
  if (agent->state == DESK_AGENT_STATE_WRAP_UP && to != DESK_AGENT_STATE_WRAP_UP &&
      now_ms < agent->wrapup_deadline_ms)
    effect_add (effects, DESK_AGENT_EFFECT_CANCEL_TIMER, agent, now_ms);

  log = effect_add (effects, DESK_AGENT_EFFECT_LOG_STATE, agent, now_ms);
  log->to = to;
  log->reason = g_strdup (reason);
  log->automatic = automatic;

  agent->state = to;
  g_free (agent->reason);
  agent->reason = g_strdup (reason);
  agent->state_since_ms = now_ms;
  if (to == DESK_AGENT_STATE_AVAILABLE)
    agent->idle_since_ms = now_ms;
  if (to != DESK_AGENT_STATE_WRAP_UP)
    agent->wrapup_deadline_ms = 0;
}

static void
clear_offer (DeskAgent *agent)
{
  memset (&agent->offer, 0, sizeof agent->offer);
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_weight (const DeskAgentEvent  *event,
              GError               **error)
{
  if (!desk_channel_is_text (event->channel))
    return TRUE;
  if (!(event->chat_weight > 0.0 && event->chat_weight <= 1.0))
    return fail (error, _("A chat weight must be more than 0 and at most 1"));
  return TRUE;
}

static int
find_contact (const DeskAgent *agent,
              DeskChannel      channel,
              gint64           id)
{
  for (guint i = 0; i < agent->contacts->len; i++)
    {
      const DeskAgentContact *c = &g_array_index (agent->contacts, DeskAgentContact, i);

      if (c->id == id && c->channel == channel)
        return (int) i;
    }
  return -1;
}

static gboolean
offer_matches (const DeskAgent      *agent,
               const DeskAgentEvent *event)
{
  return agent->offer.id != 0 && agent->offer.id == event->contact_id &&
         agent->offer.channel == event->channel;
}

static void
add_contact (DeskAgent              *agent,
             const DeskAgentContact *contact)
{
  g_array_append_val (agent->contacts, *contact);
  agent->load += contact->load;
  if (desk_channel_is_text (contact->channel))
    agent->n_chats++;
}

static gboolean
on_login (DeskAgent            *agent,
          const DeskAgentEvent *event,
          GPtrArray            *effects,
          GError              **error)
{
  if (agent->state != DESK_AGENT_STATE_OFFLINE)
    return fail (error, _("The operator is already logged in"));
  agent->missed = 0;
  enter (agent, DESK_AGENT_STATE_AVAILABLE, NULL, event->now_ms, FALSE, effects);
  return TRUE;
}

static gboolean
on_logout (DeskAgent            *agent,
           const DeskAgentEvent *event,
           GPtrArray            *effects,
           GError              **error)
{
  if (agent->contacts->len > 0)
    return fail (error, _("An operator cannot log out with a contact in hand"));
  clear_offer (agent);
  agent->missed = 0;
  enter (agent, DESK_AGENT_STATE_OFFLINE, NULL, event->now_ms, FALSE, effects);
  return TRUE;
}

static gboolean
on_set_available (DeskAgent            *agent,
                  const DeskAgentEvent *event,
                  GPtrArray            *effects,
                  GError              **error)
{
  if (agent->contacts->len > 0)
    return fail (error, _("An operator with a contact in hand cannot become available"));
  agent->missed = 0;
  enter (agent, DESK_AGENT_STATE_AVAILABLE, NULL, event->now_ms, FALSE, effects);
  return TRUE;
}

static gboolean
on_set_break (DeskAgent            *agent,
              const DeskAgentEvent *event,
              GPtrArray            *effects,
              GError              **error)
{
  const char *reason = event->reason;

  if (reason != NULL && *reason == '\0')
    reason = NULL;
  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) ||
                         g_utf8_strlen (reason, -1) > DESK_AGENT_MAX_REASON))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A break reason must be text of at most %d characters"),
                   DESK_AGENT_MAX_REASON);
      return FALSE;
    }
  if (agent->contacts->len > 0)
    return fail (error, _("An operator cannot take a break with a contact in hand"));
  clear_offer (agent);
  agent->missed = 0;
  enter (agent, DESK_AGENT_STATE_BREAK, reason, event->now_ms, FALSE, effects);
  return TRUE;
}

static gboolean
on_offered (DeskAgent            *agent,
            const DeskAgentEvent *event,
            GPtrArray            *effects,
            GError              **error)
{
  if (event->contact_id == 0)
    return fail (error, _("A contact needs an id"));
  if (!check_weight (event, error))
    return FALSE;
  if (agent->state != DESK_AGENT_STATE_AVAILABLE && agent->state != DESK_AGENT_STATE_ON_CONTACT)
    return fail (error, _("The operator cannot take an offer now"));
  if (agent->offer.id != 0)
    return fail (error, _("Another contact is already ringing for the operator"));
  if (find_contact (agent, event->channel, event->contact_id) >= 0)
    return fail (error, _("The operator already has this contact"));
  if (!desk_agent_can_take (agent, event->channel, event->chat_weight))
    return fail (error, _("The operator has no room for this contact"));

  agent->offer.channel = event->channel;
  agent->offer.id = event->contact_id;
  agent->offer.load = desk_contact_load (event->channel, event->chat_weight);
  return TRUE;
}

/* Accept, decline, ring out, withdraw: each closes the ringing offer. */
static gboolean
on_offer_closed (DeskAgent            *agent,
                 const DeskAgentEvent *event,
                 GPtrArray            *effects,
                 GError              **error)
{
  DeskAgentContact offer = agent->offer;

  if (!offer_matches (agent, event))
    return fail (error, _("No such contact is ringing for the operator"));
  if (event->kind == DESK_AGENT_EVENT_OFFER_ACCEPTED &&
      !desk_capacity_fits (agent->load, agent->n_chats, agent->max_chats, offer.channel,
                           offer.load / (double) DESK_AGENT_CAPACITY))
    return fail (error, _("The operator has no room for this contact"));

  clear_offer (agent);
  switch (event->kind)
    {
    case DESK_AGENT_EVENT_OFFER_ACCEPTED:
      add_contact (agent, &offer);
      agent->missed = 0;
      enter (agent, DESK_AGENT_STATE_ON_CONTACT, NULL, event->now_ms, FALSE, effects);
      break;

    case DESK_AGENT_EVENT_OFFER_DECLINED:
      /* A refusal proves the operator is at the desk: not a missed offer. */
      agent->missed = 0;
      break;

    case DESK_AGENT_EVENT_OFFER_UNANSWERED:
      /* Only an operator with nothing in hand may have walked away; one busy
       * with a chat just did not get to the second one. */
      if (agent->state != DESK_AGENT_STATE_AVAILABLE)
        break;
      agent->missed++;
      if (agent->max_missed > 0 && agent->missed >= agent->max_missed)
        {
          agent->missed = 0;
          enter (agent, DESK_AGENT_STATE_BREAK, _("missed offers"), event->now_ms, TRUE, effects);
        }
      break;

    case DESK_AGENT_EVENT_OFFER_WITHDRAWN:
    default:
      break;
    }
  return TRUE;
}

static gboolean
on_contact_started (DeskAgent            *agent,
                    const DeskAgentEvent *event,
                    GPtrArray            *effects,
                    GError              **error)
{
  DeskAgentContact contact = { event->channel, event->contact_id, 0 };

  if (event->contact_id == 0)
    return fail (error, _("A contact needs an id"));
  if (!check_weight (event, error))
    return FALSE;
  if (agent->state == DESK_AGENT_STATE_BREAK)
    return fail (error, _("An operator on a break cannot start a contact"));
  if (find_contact (agent, event->channel, event->contact_id) >= 0 || offer_matches (agent, event))
    return fail (error, _("The operator already has this contact"));
  if (!desk_capacity_fits (agent->load, agent->n_chats, agent->max_chats, event->channel,
                           event->chat_weight))
    return fail (error, _("The operator has no room for this contact"));

  contact.load = desk_contact_load (event->channel, event->chat_weight);
  add_contact (agent, &contact);
  enter (agent, DESK_AGENT_STATE_ON_CONTACT, NULL, event->now_ms, FALSE, effects);
  return TRUE;
}

static gboolean
on_contact_ended (DeskAgent            *agent,
                  const DeskAgentEvent *event,
                  GPtrArray            *effects,
                  GError              **error)
{
  int i = find_contact (agent, event->channel, event->contact_id);
  int seconds = CLAMP (event->seconds, 0, DESK_AGENT_MAX_WRAPUP_SECONDS);
  const DeskAgentContact *contact;

  if (i < 0)
    return fail (error, _("The operator has no such contact in hand"));

  contact = &g_array_index (agent->contacts, DeskAgentContact, i);
  agent->load -= contact->load;
  if (desk_channel_is_text (contact->channel))
    agent->n_chats--;
  g_array_remove_index (agent->contacts, i);

  /* The wrap-up follows the last contact: while chats go on, the operator
   * is still at work, and the wrap-up of the last one ended is the one kept. */
  if (agent->contacts->len > 0)
    return TRUE;
  if (seconds == 0)
    {
      enter (agent, DESK_AGENT_STATE_AVAILABLE, NULL, event->now_ms, FALSE, effects);
      return TRUE;
    }
  enter (agent, DESK_AGENT_STATE_WRAP_UP, NULL, event->now_ms, FALSE, effects);
  agent->wrapup_deadline_ms = event->now_ms + (gint64) seconds * 1000;
  effect_add (effects, DESK_AGENT_EFFECT_SET_TIMER, agent, agent->wrapup_deadline_ms);
  return TRUE;
}

static gboolean
on_wrapup (DeskAgent            *agent,
           const DeskAgentEvent *event,
           GPtrArray            *effects,
           GError              **error)
{
  if (agent->state != DESK_AGENT_STATE_WRAP_UP)
    return fail (error, _("The operator is not wrapping up"));

  if (event->kind == DESK_AGENT_EVENT_WRAPUP_END)
    {
      agent->missed = 0;
      enter (agent, DESK_AGENT_STATE_AVAILABLE, NULL, event->now_ms, FALSE, effects);
      return TRUE;
    }

  if (event->seconds < 1 || event->seconds > DESK_AGENT_MAX_WRAPUP_SECONDS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A wrap-up can be extended by 1 to %d seconds"),
                   DESK_AGENT_MAX_WRAPUP_SECONDS);
      return FALSE;
    }
  /* A timer that is due but not delivered yet must not eat the extension. */
  agent->wrapup_deadline_ms = MAX (agent->wrapup_deadline_ms, event->now_ms) +
                              (gint64) event->seconds * 1000;
  agent->missed = 0;
  effect_add (effects, DESK_AGENT_EFFECT_SET_TIMER, agent, agent->wrapup_deadline_ms);
  return TRUE;
}

static gboolean
on_tick (DeskAgent            *agent,
         const DeskAgentEvent *event,
         GPtrArray            *effects,
         GError              **error)
{
  /* Ticks race with the operator's own actions; a late one changes nothing. */
  if (agent->state == DESK_AGENT_STATE_WRAP_UP && event->now_ms >= agent->wrapup_deadline_ms)
    enter (agent, DESK_AGENT_STATE_AVAILABLE, NULL, event->now_ms, TRUE, effects);
  return TRUE;
}

/**
 * desk_agent_new:
 * @user_id: the operator
 * @max_chats: text contacts the operator takes at once at most (the user's
 *   `max_chats`; 0: none)
 * @now_ms: the time, on the clock of later events
 *
 * Creates an operator's state, offline, with the default auto-break after
 * %DESK_AGENT_DEFAULT_MAX_MISSED missed offers.
 *
 * Returns: (transfer full): the new state
 */
DeskAgent *
desk_agent_new (gint64 user_id,
                int    max_chats,
                gint64 now_ms)
{
  DeskAgent *agent = g_new0 (DeskAgent, 1);

  agent->user_id = user_id;
  agent->state = DESK_AGENT_STATE_OFFLINE;
  agent->state_since_ms = now_ms;
  agent->idle_since_ms = now_ms;
  agent->max_chats = MAX (max_chats, 0);
  agent->max_missed = DESK_AGENT_DEFAULT_MAX_MISSED;
  agent->contacts = g_array_new (FALSE, TRUE, sizeof (DeskAgentContact));
  return agent;
}

/**
 * desk_agent_free:
 * @agent: (nullable): an operator's state
 */
void
desk_agent_free (DeskAgent *agent)
{
  if (agent == NULL)
    return;
  g_free (agent->reason);
  g_array_unref (agent->contacts);
  g_free (agent);
}

/**
 * desk_agent_set_max_missed:
 * @agent: an operator's state
 * @max_missed: offers missed in a row that send the operator on a break;
 *   0 never does
 */
void
desk_agent_set_max_missed (DeskAgent *agent,
                           int        max_missed)
{
  g_return_if_fail (agent != NULL);

  agent->max_missed = MAX (max_missed, 0);
}

/**
 * desk_agent_handle:
 * @agent: an operator's state
 * @event: what happened
 * @effects: (out) (optional) (transfer full) (element-type DeskAgentEffect):
 *   what the caller has to do now, in order; empty when nothing changed
 * @error: a #GError in %DESK_ERROR
 *
 * Applies @event to @agent. The rules:
 *
 * - login: offline → available; logging in twice is refused.
 * - logout: → offline from any state without a contact in hand; a ringing
 *   offer is forgotten (the caller stops its ringing).
 * - set available: break or wrap-up → available; refused with a contact in hand.
 * - set break: available, wrap-up or break → break with the reason; refused
 *   with a contact in hand. Any ringing offer is forgotten.
 * - offered: available, or on a contact with room left (see
 *   desk_capacity_fits()); one offer rings at a time.
 * - accepted: → on a contact. Declined, unanswered, withdrawn: the offer is
 *   gone. Offers that ring out while the operator has nothing in hand count;
 *   at the agent's max_missed in a row the office puts the operator on a
 *   break with the reason "missed offers". Accepting or declining resets the
 *   count, and so does any action of the operator.
 * - contact started (a call the operator places): from available, on a
 *   contact or wrap-up, if there is room.
 * - contact ended: the last contact starts the wrap-up for @event's seconds
 *   (the queue's wrapup_seconds), or makes the operator available at once
 *   when they are 0.
 * - wrap-up extend: adds seconds to the wrap-up; wrap-up end, or a tick at or
 *   after its deadline: → available.
 *
 * Repeating the current state (set available when available, the same
 * break again, logout when offline) is no change and returns no effects.
 *
 * Returns: %TRUE if @event applied; %FALSE with @error set if it is not
 *   allowed now, in which case @agent is as it was
 */
gboolean
desk_agent_handle (DeskAgent             *agent,
                   const DeskAgentEvent  *event,
                   GPtrArray            **effects,
                   GError               **error)
{
  g_autoptr (GPtrArray) out = NULL;
  gboolean ok;

  g_return_val_if_fail (agent != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out = g_ptr_array_new_with_free_func (effect_free);

  if (agent->state == DESK_AGENT_STATE_OFFLINE && event->kind != DESK_AGENT_EVENT_LOGIN &&
      event->kind != DESK_AGENT_EVENT_LOGOUT && event->kind != DESK_AGENT_EVENT_TICK)
    return fail (error, _("The operator is not logged in"));

  switch (event->kind)
    {
    case DESK_AGENT_EVENT_LOGIN:
      ok = on_login (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_LOGOUT:
      ok = on_logout (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_SET_AVAILABLE:
      ok = on_set_available (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_SET_BREAK:
      ok = on_set_break (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_OFFERED:
      ok = on_offered (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_OFFER_ACCEPTED:
    case DESK_AGENT_EVENT_OFFER_DECLINED:
    case DESK_AGENT_EVENT_OFFER_UNANSWERED:
    case DESK_AGENT_EVENT_OFFER_WITHDRAWN:
      ok = on_offer_closed (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_CONTACT_STARTED:
      ok = on_contact_started (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_CONTACT_ENDED:
      ok = on_contact_ended (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_WRAPUP_EXTEND:
    case DESK_AGENT_EVENT_WRAPUP_END:
      ok = on_wrapup (agent, event, out, error);
      break;
    case DESK_AGENT_EVENT_TICK:
      ok = on_tick (agent, event, out, error);
      break;
    default:
      ok = fail (error, _("Unknown operator event"));
      break;
    }

  if (ok && effects != NULL)
    *effects = g_steal_pointer (&out);
  return ok;
}

/**
 * desk_agent_can_take:
 * @agent: an operator's state
 * @channel: the contact's channel
 * @chat_weight: the queue's chat weight (text contacts)
 *
 * Whether a contact may be offered to @agent now: available or on a contact,
 * nothing ringing, and room for it (desk_capacity_fits()).
 *
 * Returns: %TRUE if it may
 */
gboolean
desk_agent_can_take (const DeskAgent *agent,
                     DeskChannel      channel,
                     double           chat_weight)
{
  g_return_val_if_fail (agent != NULL, FALSE);

  if (agent->state != DESK_AGENT_STATE_AVAILABLE && agent->state != DESK_AGENT_STATE_ON_CONTACT)
    return FALSE;
  if (agent->offer.id != 0)
    return FALSE;
  return desk_capacity_fits (agent->load, agent->n_chats, agent->max_chats, channel, chat_weight);
}

/**
 * desk_agent_effect_free:
 * @effect: (nullable): an effect
 */
void
desk_agent_effect_free (DeskAgentEffect *effect)
{
  if (effect == NULL)
    return;
  g_free (effect->reason);
  g_free (effect);
}

/**
 * desk_channel_is_text:
 * @channel: a channel
 *
 * Returns: %TRUE for contacts an operator handles several at once (chat,
 *   portal, e-mail); %FALSE for voice and walk-ins, which take them whole
 */
gboolean
desk_channel_is_text (DeskChannel channel)
{
  return channel == DESK_CHANNEL_CHAT || channel == DESK_CHANNEL_PORTAL ||
         channel == DESK_CHANNEL_EMAIL;
}

/**
 * desk_contact_load:
 * @channel: the contact's channel
 * @chat_weight: the queue's chat weight, in (0, 1]
 *
 * A contact's share of an operator, in thousandths of %DESK_AGENT_CAPACITY:
 * the whole of it for voice, @chat_weight rounded to a thousandth (at least
 * one) for text. A weight out of range counts as the whole operator.
 *
 * Returns: the load
 */
int
desk_contact_load (DeskChannel channel,
                   double      chat_weight)
{
  if (!desk_channel_is_text (channel))
    return DESK_AGENT_CAPACITY;
  if (!(chat_weight > 0.0 && chat_weight <= 1.0))
    return DESK_AGENT_CAPACITY;
  return CLAMP ((int) lround (chat_weight * DESK_AGENT_CAPACITY), 1, DESK_AGENT_CAPACITY);
}

/**
 * desk_capacity_fits:
 * @load: the operator's load now, in thousandths
 * @n_chats: text contacts in hand
 * @max_chats: the operator's limit of text contacts
 * @channel: the new contact's channel
 * @chat_weight: the new contact's queue's chat weight
 *
 * The capacity rule: a voice contact fits only an operator with nothing in
 * hand; a text contact fits when @n_chats < @max_chats and @load plus its
 * load stays within %DESK_AGENT_CAPACITY.
 *
 * Returns: %TRUE if the contact fits
 */
gboolean
desk_capacity_fits (int         load,
                    int         n_chats,
                    int         max_chats,
                    DeskChannel channel,
                    double      chat_weight)
{
  if (!desk_channel_is_text (channel))
    return load == 0 && n_chats == 0;
  if (n_chats >= max_chats)
    return FALSE;
  return load + desk_contact_load (channel, chat_weight) <= DESK_AGENT_CAPACITY;
}

/**
 * desk_agent_event_kind_to_string:
 * @kind: an event kind
 *
 * Returns: a stable name for logs, such as "offer-unanswered"
 */
const char *
desk_agent_event_kind_to_string (DeskAgentEventKind kind)
{
  static const char *const names[] = {
    "login", "logout", "set-available", "set-break", "offered", "offer-accepted",
    "offer-declined", "offer-unanswered", "offer-withdrawn", "contact-started",
    "contact-ended", "wrapup-extend", "wrapup-end", "tick",
  };

  if ((guint) kind >= G_N_ELEMENTS (names))
    return "unknown";
  return names[kind];
}
