/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-agent-state"

#include "desk-agent-state.h"
#include "desk-error.h"

#include <string.h>

#define USER 7
#define EV(...) ((DeskAgentEvent) { __VA_ARGS__ })

static GPtrArray *
apply (DeskAgent      *agent,
       DeskAgentEvent  event)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *effects = NULL;

  if (!desk_agent_handle (agent, &event, &effects, &error))
    g_error ("%s refused: %s", desk_agent_event_kind_to_string (event.kind), error->message);
  g_assert_nonnull (effects);
  return effects;
}

static void
apply_quietly (DeskAgent      *agent,
               DeskAgentEvent  event)
{
  g_ptr_array_unref (apply (agent, event));
}

/* A refused event leaves every field as it was. */
static void
refuse (DeskAgent      *agent,
        DeskAgentEvent  event)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *effects = NULL;
  DeskAgent before = *agent;
  g_autofree char *reason = g_strdup (agent->reason);
  guint n_contacts = agent->contacts->len;

  g_assert_false (desk_agent_handle (agent, &event, &effects, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_nonnull (error->message);
  g_assert_null (effects);
  g_assert_cmpint (agent->state, ==, before.state);
  g_assert_cmpstr (agent->reason, ==, reason);
  g_assert_cmpint (agent->state_since_ms, ==, before.state_since_ms);
  g_assert_cmpint (agent->idle_since_ms, ==, before.idle_since_ms);
  g_assert_cmpint (agent->wrapup_deadline_ms, ==, before.wrapup_deadline_ms);
  g_assert_cmpint (agent->missed, ==, before.missed);
  g_assert_cmpint (agent->offer.id, ==, before.offer.id);
  g_assert_cmpint (agent->load, ==, before.load);
  g_assert_cmpint (agent->n_chats, ==, before.n_chats);
  g_assert_cmpuint (agent->contacts->len, ==, n_contacts);
}

static guint
count_kind (GPtrArray           *effects,
            DeskAgentEffectKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < effects->len; i++)
    if (((DeskAgentEffect *) effects->pdata[i])->kind == kind)
      n++;
  return n;
}

static const DeskAgentEffect *
find_kind (GPtrArray           *effects,
           DeskAgentEffectKind  kind)
{
  for (guint i = 0; i < effects->len; i++)
    if (((DeskAgentEffect *) effects->pdata[i])->kind == kind)
      return effects->pdata[i];
  return NULL;
}

static void
assert_logged (GPtrArray      *effects,
               DeskAgentState  from,
               DeskAgentState  to,
               const char     *reason,
               gint64          at_ms,
               gboolean        automatic)
{
  const DeskAgentEffect *log = find_kind (effects, DESK_AGENT_EFFECT_LOG_STATE);

  g_assert_cmpuint (count_kind (effects, DESK_AGENT_EFFECT_LOG_STATE), ==, 1);
  g_assert_cmpint (log->user_id, ==, USER);
  g_assert_cmpint (log->from, ==, from);
  g_assert_cmpint (log->to, ==, to);
  g_assert_cmpstr (log->reason, ==, reason);
  g_assert_cmpint (log->at_ms, ==, at_ms);
  g_assert_cmpint (log->automatic, ==, automatic);
}

/* An operator in @state, reached the ordinary way at t = 0..4 s; on a contact
 * means one chat (weight 0.5, of 2), wrap-up means 30 s from t = 4 s. */
static DeskAgent *
agent_in (DeskAgentState state)
{
  DeskAgent *agent = desk_agent_new (USER, 2, 0);

  if (state == DESK_AGENT_STATE_OFFLINE)
    return agent;
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 1000));
  if (state == DESK_AGENT_STATE_BREAK)
    apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 2000,
                              .reason = "lunch"));
  if (state == DESK_AGENT_STATE_ON_CONTACT || state == DESK_AGENT_STATE_WRAP_UP)
    {
      apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 2000,
                                .channel = DESK_CHANNEL_CHAT, .contact_id = 1, .chat_weight = 0.5));
      apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 3000,
                                .channel = DESK_CHANNEL_CHAT, .contact_id = 1));
    }
  if (state == DESK_AGENT_STATE_WRAP_UP)
    apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 4000,
                              .channel = DESK_CHANNEL_CHAT, .contact_id = 1, .seconds = 30));
  g_assert_cmpint (agent->state, ==, state);
  return agent;
}

/* The event each row of the table sends, at t = 10 s. */
static DeskAgentEvent
standard_event (DeskAgentEventKind kind)
{
  DeskAgentEvent event = { .kind = kind, .now_ms = 10000 };

  switch (kind)
    {
    case DESK_AGENT_EVENT_SET_BREAK:
      event.reason = "training";
      break;
    case DESK_AGENT_EVENT_OFFERED:
    case DESK_AGENT_EVENT_OFFER_ACCEPTED:
    case DESK_AGENT_EVENT_OFFER_DECLINED:
    case DESK_AGENT_EVENT_OFFER_UNANSWERED:
    case DESK_AGENT_EVENT_OFFER_WITHDRAWN:
      event.channel = DESK_CHANNEL_CHAT;
      event.contact_id = 2;
      event.chat_weight = 0.5;
      break;
    case DESK_AGENT_EVENT_CONTACT_STARTED:
      event.channel = DESK_CHANNEL_PHONE;
      event.contact_id = 3;
      break;
    case DESK_AGENT_EVENT_CONTACT_ENDED:
      event.channel = DESK_CHANNEL_CHAT;
      event.contact_id = 1;
      event.seconds = 30;
      break;
    case DESK_AGENT_EVENT_WRAPUP_EXTEND:
      event.seconds = 10;
      break;
    default:
      break;
    }
  return event;
}

#define OFF DESK_AGENT_STATE_OFFLINE
#define AVAIL DESK_AGENT_STATE_AVAILABLE
#define BUSY DESK_AGENT_STATE_ON_CONTACT
#define WRAP DESK_AGENT_STATE_WRAP_UP
#define BRK DESK_AGENT_STATE_BREAK
#define REFUSED -1

static const struct {
  DeskAgentState from;
  DeskAgentEventKind event;
  int to;           /* REFUSED: the event is refused */
  guint logs;       /* state log rows written */
} transitions[] = {
  { OFF, DESK_AGENT_EVENT_LOGIN, AVAIL, 1 },
  { OFF, DESK_AGENT_EVENT_LOGOUT, OFF, 0 },
  { OFF, DESK_AGENT_EVENT_SET_AVAILABLE, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_SET_BREAK, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_OFFERED, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_OFFER_ACCEPTED, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_CONTACT_STARTED, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_CONTACT_ENDED, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_WRAPUP_EXTEND, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_WRAPUP_END, REFUSED, 0 },
  { OFF, DESK_AGENT_EVENT_TICK, OFF, 0 },

  { AVAIL, DESK_AGENT_EVENT_LOGIN, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_LOGOUT, OFF, 1 },
  { AVAIL, DESK_AGENT_EVENT_SET_AVAILABLE, AVAIL, 0 },
  { AVAIL, DESK_AGENT_EVENT_SET_BREAK, BRK, 1 },
  { AVAIL, DESK_AGENT_EVENT_OFFERED, AVAIL, 0 },
  { AVAIL, DESK_AGENT_EVENT_OFFER_ACCEPTED, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_OFFER_DECLINED, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_OFFER_UNANSWERED, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_OFFER_WITHDRAWN, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_CONTACT_STARTED, BUSY, 1 },
  { AVAIL, DESK_AGENT_EVENT_CONTACT_ENDED, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_WRAPUP_EXTEND, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_WRAPUP_END, REFUSED, 0 },
  { AVAIL, DESK_AGENT_EVENT_TICK, AVAIL, 0 },

  { BUSY, DESK_AGENT_EVENT_LOGIN, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_LOGOUT, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_SET_AVAILABLE, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_SET_BREAK, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_OFFERED, BUSY, 0 },            /* a second chat fits */
  { BUSY, DESK_AGENT_EVENT_CONTACT_STARTED, REFUSED, 0 },  /* a call does not */
  { BUSY, DESK_AGENT_EVENT_CONTACT_ENDED, WRAP, 1 },
  { BUSY, DESK_AGENT_EVENT_WRAPUP_EXTEND, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_WRAPUP_END, REFUSED, 0 },
  { BUSY, DESK_AGENT_EVENT_TICK, BUSY, 0 },

  { WRAP, DESK_AGENT_EVENT_LOGIN, REFUSED, 0 },
  { WRAP, DESK_AGENT_EVENT_LOGOUT, OFF, 1 },
  { WRAP, DESK_AGENT_EVENT_SET_AVAILABLE, AVAIL, 1 },
  { WRAP, DESK_AGENT_EVENT_SET_BREAK, BRK, 1 },
  { WRAP, DESK_AGENT_EVENT_OFFERED, REFUSED, 0 },
  { WRAP, DESK_AGENT_EVENT_CONTACT_STARTED, BUSY, 1 },
  { WRAP, DESK_AGENT_EVENT_CONTACT_ENDED, REFUSED, 0 },
  { WRAP, DESK_AGENT_EVENT_WRAPUP_EXTEND, WRAP, 0 },
  { WRAP, DESK_AGENT_EVENT_WRAPUP_END, AVAIL, 1 },
  { WRAP, DESK_AGENT_EVENT_TICK, WRAP, 0 },                /* t = 10 s, due at 34 s */

  { BRK, DESK_AGENT_EVENT_LOGIN, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_LOGOUT, OFF, 1 },
  { BRK, DESK_AGENT_EVENT_SET_AVAILABLE, AVAIL, 1 },
  { BRK, DESK_AGENT_EVENT_SET_BREAK, BRK, 1 },             /* lunch → training */
  { BRK, DESK_AGENT_EVENT_OFFERED, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_OFFER_ACCEPTED, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_CONTACT_STARTED, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_CONTACT_ENDED, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_WRAPUP_EXTEND, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_WRAPUP_END, REFUSED, 0 },
  { BRK, DESK_AGENT_EVENT_TICK, BRK, 0 },
};

static void
test_transition_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      g_autoptr (DeskAgent) agent = agent_in (transitions[i].from);
      DeskAgentEvent event = standard_event (transitions[i].event);

      g_test_message ("%s + %s", desk_enum_to_nick (DESK_TYPE_AGENT_STATE, transitions[i].from),
                      desk_agent_event_kind_to_string (transitions[i].event));
      if (transitions[i].to == REFUSED)
        {
          refuse (agent, event);
        }
      else
        {
          g_autoptr (GPtrArray) effects = apply (agent, event);

          g_assert_cmpint (agent->state, ==, transitions[i].to);
          g_assert_cmpuint (count_kind (effects, DESK_AGENT_EFFECT_LOG_STATE), ==,
                            transitions[i].logs);
          if (transitions[i].logs > 0)
            assert_logged (effects, transitions[i].from, transitions[i].to,
                           transitions[i].to == BRK ? "training" : NULL, 10000, FALSE);
        }
    }
}

static void
test_login_logout (void)
{
  g_autoptr (DeskAgent) agent = desk_agent_new (USER, 3, 0);
  g_autoptr (GPtrArray) in = NULL;
  g_autoptr (GPtrArray) out = NULL;

  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_OFFLINE);
  g_assert_cmpint (agent->max_missed, ==, DESK_AGENT_DEFAULT_MAX_MISSED);

  in = apply (agent, EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 5000));
  g_assert_cmpuint (in->len, ==, 1);
  assert_logged (in, DESK_AGENT_STATE_OFFLINE, DESK_AGENT_STATE_AVAILABLE, NULL, 5000, FALSE);
  g_assert_cmpint (agent->idle_since_ms, ==, 5000);
  g_assert_cmpint (agent->state_since_ms, ==, 5000);

  refuse (agent, EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 6000));

  out = apply (agent, EV (.kind = DESK_AGENT_EVENT_LOGOUT, .now_ms = 9000));
  assert_logged (out, DESK_AGENT_STATE_AVAILABLE, DESK_AGENT_STATE_OFFLINE, NULL, 9000, FALSE);

  /* Effects are optional for a caller that does not want them. */
  g_assert_true (desk_agent_handle (agent, &EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 10000),
                                    NULL, NULL));
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_AVAILABLE);
}

static void
offer_and (DeskAgent          *agent,
           DeskAgentEventKind  outcome,
           DeskChannel         channel,
           gint64              id,
           gint64              now_ms)
{
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = now_ms, .channel = channel,
                            .contact_id = id, .chat_weight = 0.5));
  apply_quietly (agent, EV (.kind = outcome, .now_ms = now_ms + 15000, .channel = channel,
                            .contact_id = id));
}

static void
test_auto_break (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (GPtrArray) effects = NULL;

  /* One missed offer is forgiven... */
  offer_and (agent, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 10, 10000);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_AVAILABLE);
  g_assert_cmpint (agent->missed, ==, 1);

  /* ...the second in a row sends the operator on a break. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 30000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 11));
  effects = apply (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_UNANSWERED, .now_ms = 45000,
                              .channel = DESK_CHANNEL_PHONE, .contact_id = 11));
  assert_logged (effects, DESK_AGENT_STATE_AVAILABLE, DESK_AGENT_STATE_BREAK, "missed offers",
                 45000, TRUE);
  g_assert_cmpstr (agent->reason, ==, "missed offers");
  g_assert_cmpint (agent->offer.id, ==, 0);
  g_assert_false (desk_agent_can_take (agent, DESK_CHANNEL_PHONE, 0.5));

  /* Back at the desk, the count starts again. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_SET_AVAILABLE, .now_ms = 60000));
  g_assert_cmpint (agent->missed, ==, 0);

  /* An accepted offer between two missed ones breaks the run. */
  offer_and (agent, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 12, 70000);
  offer_and (agent, DESK_AGENT_EVENT_OFFER_ACCEPTED, DESK_CHANNEL_PHONE, 13, 90000);
  g_assert_cmpint (agent->missed, ==, 0);
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 120000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 13));
  offer_and (agent, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 14, 130000);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_AVAILABLE);

  /* So does a declined one: the operator is at the desk. */
  offer_and (agent, DESK_AGENT_EVENT_OFFER_DECLINED, DESK_CHANNEL_PHONE, 15, 150000);
  g_assert_cmpint (agent->missed, ==, 0);
  offer_and (agent, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 16, 170000);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_AVAILABLE);

  /* An offer withdrawn (another operator answered) neither counts nor resets. */
  offer_and (agent, DESK_AGENT_EVENT_OFFER_WITHDRAWN, DESK_CHANNEL_PHONE, 17, 190000);
  g_assert_cmpint (agent->missed, ==, 1);
  offer_and (agent, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 18, 210000);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_BREAK);
}

static void
test_auto_break_configured (void)
{
  g_autoptr (DeskAgent) three = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (DeskAgent) never = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (DeskAgent) chatting = agent_in (DESK_AGENT_STATE_ON_CONTACT);

  desk_agent_set_max_missed (three, 3);
  for (int i = 0; i < 2; i++)
    offer_and (three, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 20 + i, 10000 * i);
  g_assert_cmpint (three->state, ==, DESK_AGENT_STATE_AVAILABLE);
  offer_and (three, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 22, 30000);
  g_assert_cmpint (three->state, ==, DESK_AGENT_STATE_BREAK);

  desk_agent_set_max_missed (never, 0);
  for (int i = 0; i < 10; i++)
    offer_and (never, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_PHONE, 30 + i, 10000 * i);
  g_assert_cmpint (never->state, ==, DESK_AGENT_STATE_AVAILABLE);

  /* Busy with a chat, the operator is plainly there: missed chats do not count. */
  for (int i = 0; i < 3; i++)
    offer_and (chatting, DESK_AGENT_EVENT_OFFER_UNANSWERED, DESK_CHANNEL_CHAT, 40 + i, 10000 * i);
  g_assert_cmpint (chatting->state, ==, DESK_AGENT_STATE_ON_CONTACT);
  g_assert_cmpint (chatting->missed, ==, 0);
}

static void
test_wrapup_timer (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (GPtrArray) ended = NULL;
  g_autoptr (GPtrArray) early = NULL;
  g_autoptr (GPtrArray) extended = NULL;
  g_autoptr (GPtrArray) late = NULL;
  g_autoptr (GPtrArray) timeout = NULL;
  g_autoptr (GPtrArray) done = NULL;
  const DeskAgentEffect *timer;

  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 1000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 50));
  ended = apply (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 5000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 50, .seconds = 30));
  assert_logged (ended, DESK_AGENT_STATE_ON_CONTACT, DESK_AGENT_STATE_WRAP_UP, NULL, 5000, FALSE);
  timer = find_kind (ended, DESK_AGENT_EFFECT_SET_TIMER);
  g_assert_nonnull (timer);
  g_assert_cmpint (timer->at_ms, ==, 35000);
  g_assert_false (desk_agent_can_take (agent, DESK_CHANNEL_PHONE, 0.5));

  early = apply (agent, EV (.kind = DESK_AGENT_EVENT_TICK, .now_ms = 20000));
  g_assert_cmpuint (early->len, ==, 0);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_WRAP_UP);

  /* Twenty seconds more: the timer moves, the old deadline passes quietly. */
  extended = apply (agent, EV (.kind = DESK_AGENT_EVENT_WRAPUP_EXTEND, .now_ms = 25000,
                               .seconds = 20));
  g_assert_cmpuint (extended->len, ==, 1);
  g_assert_cmpint (find_kind (extended, DESK_AGENT_EFFECT_SET_TIMER)->at_ms, ==, 55000);
  late = apply (agent, EV (.kind = DESK_AGENT_EVENT_TICK, .now_ms = 35000));
  g_assert_cmpuint (late->len, ==, 0);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_WRAP_UP);

  refuse (agent, EV (.kind = DESK_AGENT_EVENT_WRAPUP_EXTEND, .now_ms = 36000, .seconds = 0));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_WRAPUP_EXTEND, .now_ms = 36000,
                     .seconds = DESK_AGENT_MAX_WRAPUP_SECONDS + 1));

  /* The timer fired: the office made the change, and there is nothing to cancel. */
  timeout = apply (agent, EV (.kind = DESK_AGENT_EVENT_TICK, .now_ms = 55000));
  g_assert_cmpuint (timeout->len, ==, 1);
  assert_logged (timeout, DESK_AGENT_STATE_WRAP_UP, DESK_AGENT_STATE_AVAILABLE, NULL, 55000, TRUE);
  g_assert_cmpint (agent->idle_since_ms, ==, 55000);

  /* Ended by hand before its time: the timer is cancelled. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 60000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 51));
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 70000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 51, .seconds = 30));
  done = apply (agent, EV (.kind = DESK_AGENT_EVENT_WRAPUP_END, .now_ms = 80000));
  g_assert_cmpuint (count_kind (done, DESK_AGENT_EFFECT_CANCEL_TIMER), ==, 1);
  assert_logged (done, DESK_AGENT_STATE_WRAP_UP, DESK_AGENT_STATE_AVAILABLE, NULL, 80000, FALSE);
  g_assert_cmpint (agent->wrapup_deadline_ms, ==, 0);
}

static void
test_wrapup_edges (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) overdue = NULL;
  g_autoptr (GPtrArray) outbound = NULL;

  /* A queue without wrap-up: straight back to available. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 1000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 60));
  none = apply (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 2000,
                           .channel = DESK_CHANNEL_PHONE, .contact_id = 60, .seconds = 0));
  assert_logged (none, DESK_AGENT_STATE_ON_CONTACT, DESK_AGENT_STATE_AVAILABLE, NULL, 2000, FALSE);
  g_assert_null (find_kind (none, DESK_AGENT_EFFECT_SET_TIMER));

  /* An extension while the tick is due but not delivered counts from now. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 3000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 61));
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 4000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 61, .seconds = 10));
  overdue = apply (agent, EV (.kind = DESK_AGENT_EVENT_WRAPUP_EXTEND, .now_ms = 20000,
                              .seconds = 10));
  g_assert_cmpint (find_kind (overdue, DESK_AGENT_EFFECT_SET_TIMER)->at_ms, ==, 30000);

  /* Calling the client back from wrap-up ends the wrap-up and its timer. */
  outbound = apply (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 25000,
                               .channel = DESK_CHANNEL_PHONE, .contact_id = 62));
  g_assert_cmpuint (count_kind (outbound, DESK_AGENT_EFFECT_CANCEL_TIMER), ==, 1);
  assert_logged (outbound, DESK_AGENT_STATE_WRAP_UP, DESK_AGENT_STATE_ON_CONTACT, NULL, 25000,
                 FALSE);
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_STARTED, .now_ms = 26000,
                     .channel = DESK_CHANNEL_PHONE, .contact_id = 62));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 26000,
                     .channel = DESK_CHANNEL_CHAT, .contact_id = 62));
}

static void
test_capacity_rule (void)
{
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_PHONE, 0.5), ==, DESK_AGENT_CAPACITY);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_WALK_IN, 0.5), ==, DESK_AGENT_CAPACITY);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_CHAT, 0.5), ==, 500);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_PORTAL, 0.25), ==, 250);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_CHAT, 0.0001), ==, 1);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_CHAT, 0.0), ==, DESK_AGENT_CAPACITY);
  g_assert_cmpint (desk_contact_load (DESK_CHANNEL_CHAT, 1.5), ==, DESK_AGENT_CAPACITY);

  /* load, chats, max, channel, weight */
  g_assert_true (desk_capacity_fits (0, 0, 2, DESK_CHANNEL_PHONE, 0.5));
  g_assert_false (desk_capacity_fits (500, 1, 2, DESK_CHANNEL_PHONE, 0.5));
  g_assert_true (desk_capacity_fits (500, 1, 2, DESK_CHANNEL_CHAT, 0.5));
  g_assert_false (desk_capacity_fits (1000, 2, 2, DESK_CHANNEL_CHAT, 0.5));
  g_assert_false (desk_capacity_fits (1000, 2, 3, DESK_CHANNEL_CHAT, 0.5));  /* weight stops it */
  g_assert_true (desk_capacity_fits (600, 2, 3, DESK_CHANNEL_CHAT, 0.3));
  g_assert_false (desk_capacity_fits (900, 3, 3, DESK_CHANNEL_CHAT, 0.1));   /* max stops it */
  g_assert_false (desk_capacity_fits (1000, 0, 3, DESK_CHANNEL_CHAT, 0.1));  /* on a call */
  g_assert_false (desk_capacity_fits (0, 0, 0, DESK_CHANNEL_CHAT, 0.5));     /* takes no chats */
}

static void
test_capacity_with_chats (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_AVAILABLE);  /* max 2 chats */
  g_autoptr (DeskAgent) three = desk_agent_new (USER, 3, 0);
  g_autoptr (DeskAgent) light = desk_agent_new (USER, 3, 0);
  g_autoptr (GPtrArray) first_ended = NULL;

  g_assert_true (desk_agent_can_take (agent, DESK_CHANNEL_PHONE, 0.5));
  offer_and (agent, DESK_AGENT_EVENT_OFFER_ACCEPTED, DESK_CHANNEL_CHAT, 70, 1000);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_ON_CONTACT);
  g_assert_cmpint (agent->load, ==, 500);
  g_assert_cmpint (agent->n_chats, ==, 1);

  /* One chat of weight 0.5: another chat, but not a call. */
  g_assert_true (desk_agent_can_take (agent, DESK_CHANNEL_CHAT, 0.5));
  g_assert_false (desk_agent_can_take (agent, DESK_CHANNEL_PHONE, 0.5));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 2000,
                     .channel = DESK_CHANNEL_PHONE, .contact_id = 71));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 2000,
                     .channel = DESK_CHANNEL_CHAT, .contact_id = 72, .chat_weight = 0.0));

  /* One offer rings at a time. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 3000,
                            .channel = DESK_CHANNEL_CHAT, .contact_id = 73, .chat_weight = 0.5));
  g_assert_false (desk_agent_can_take (agent, DESK_CHANNEL_CHAT, 0.5));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 3000,
                     .channel = DESK_CHANNEL_CHAT, .contact_id = 74, .chat_weight = 0.5));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 3500,
                     .channel = DESK_CHANNEL_CHAT, .contact_id = 74));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 3500,
                     .channel = DESK_CHANNEL_PHONE, .contact_id = 73));
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 4000,
                            .channel = DESK_CHANNEL_CHAT, .contact_id = 73));
  g_assert_cmpint (agent->load, ==, 1000);
  g_assert_false (desk_agent_can_take (agent, DESK_CHANNEL_CHAT, 0.5));

  /* The first chat ends: still at work, no wrap-up yet. */
  first_ended = apply (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 5000,
                                  .channel = DESK_CHANNEL_CHAT, .contact_id = 70, .seconds = 30));
  g_assert_cmpuint (first_ended->len, ==, 0);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_ON_CONTACT);
  g_assert_cmpint (agent->load, ==, 500);
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_CONTACT_ENDED, .now_ms = 6000,
                            .channel = DESK_CHANNEL_CHAT, .contact_id = 73, .seconds = 30));
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_WRAP_UP);
  g_assert_cmpint (agent->load, ==, 0);
  g_assert_cmpint (agent->n_chats, ==, 0);

  /* max_chats 3 but weight 0.5: the weight stops them at two; 0.3 lets three in. */
  apply_quietly (three, EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 0));
  for (int i = 0; i < 2; i++)
    offer_and (three, DESK_AGENT_EVENT_OFFER_ACCEPTED, DESK_CHANNEL_CHAT, 80 + i, 1000 * i);
  g_assert_cmpint (three->load, ==, 1000);
  g_assert_false (desk_agent_can_take (three, DESK_CHANNEL_CHAT, 0.5));
  g_assert_false (desk_agent_can_take (three, DESK_CHANNEL_CHAT, 0.3));

  apply_quietly (light, EV (.kind = DESK_AGENT_EVENT_LOGIN, .now_ms = 0));
  for (int i = 0; i < 3; i++)
    {
      g_assert_true (desk_agent_can_take (light, DESK_CHANNEL_CHAT, 0.3));
      apply_quietly (light, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 1000 * i,
                                .channel = DESK_CHANNEL_CHAT, .contact_id = 85 + i,
                                .chat_weight = 0.3));
      apply_quietly (light, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 1000 * i + 500,
                                .channel = DESK_CHANNEL_CHAT, .contact_id = 85 + i));
    }
  g_assert_cmpint (light->load, ==, 900);
  g_assert_false (desk_agent_can_take (light, DESK_CHANNEL_CHAT, 0.1));  /* max_chats */
}

static void
test_breaks (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_AVAILABLE);
  g_autoptr (GPtrArray) lunch = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) plain = NULL;
  g_autofree char *long_reason = g_strnfill (DESK_AGENT_MAX_REASON + 1, 'x');

  lunch = apply (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 1000, .reason = "lunch"));
  assert_logged (lunch, DESK_AGENT_STATE_AVAILABLE, DESK_AGENT_STATE_BREAK, "lunch", 1000, FALSE);
  again = apply (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 2000, .reason = "lunch"));
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpint (agent->state_since_ms, ==, 1000);

  plain = apply (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 3000, .reason = ""));
  assert_logged (plain, DESK_AGENT_STATE_BREAK, DESK_AGENT_STATE_BREAK, NULL, 3000, FALSE);
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 4000, .reason = long_reason));
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 4000, .reason = "\xff\xfe"));

  /* Going on a break forgets the offer that was ringing. */
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_SET_AVAILABLE, .now_ms = 5000));
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_OFFERED, .now_ms = 6000,
                            .channel = DESK_CHANNEL_PHONE, .contact_id = 90));
  apply_quietly (agent, EV (.kind = DESK_AGENT_EVENT_SET_BREAK, .now_ms = 7000, .reason = "tea"));
  g_assert_cmpint (agent->offer.id, ==, 0);
  refuse (agent, EV (.kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = 8000,
                     .channel = DESK_CHANNEL_PHONE, .contact_id = 90));
}

static void
test_logout_from_wrapup (void)
{
  g_autoptr (DeskAgent) agent = agent_in (DESK_AGENT_STATE_WRAP_UP);
  g_autoptr (GPtrArray) effects = apply (agent, EV (.kind = DESK_AGENT_EVENT_LOGOUT,
                                                    .now_ms = 10000));

  g_assert_cmpuint (count_kind (effects, DESK_AGENT_EFFECT_CANCEL_TIMER), ==, 1);
  g_assert_cmpint (agent->state, ==, DESK_AGENT_STATE_OFFLINE);
  g_assert_cmpint (agent->wrapup_deadline_ms, ==, 0);
}

static void
test_names (void)
{
  g_assert_cmpstr (desk_agent_event_kind_to_string (DESK_AGENT_EVENT_OFFER_UNANSWERED), ==,
                   "offer-unanswered");
  g_assert_cmpstr (desk_agent_event_kind_to_string (DESK_AGENT_EVENT_TICK), ==, "tick");
  g_assert_cmpstr (desk_agent_event_kind_to_string (99), ==, "unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/office/agent-state/transition-table", test_transition_table);
  g_test_add_func ("/desk/office/agent-state/login-logout", test_login_logout);
  g_test_add_func ("/desk/office/agent-state/auto-break", test_auto_break);
  g_test_add_func ("/desk/office/agent-state/auto-break-configured", test_auto_break_configured);
  g_test_add_func ("/desk/office/agent-state/wrapup-timer", test_wrapup_timer);
  g_test_add_func ("/desk/office/agent-state/wrapup-edges", test_wrapup_edges);
  g_test_add_func ("/desk/office/agent-state/capacity-rule", test_capacity_rule);
  g_test_add_func ("/desk/office/agent-state/capacity-with-chats", test_capacity_with_chats);
  g_test_add_func ("/desk/office/agent-state/breaks", test_breaks);
  g_test_add_func ("/desk/office/agent-state/logout-from-wrapup", test_logout_from_wrapup);
  g_test_add_func ("/desk/office/agent-state/names", test_names);

  return g_test_run ();
}
