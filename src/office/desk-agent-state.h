/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-types.h"

G_BEGIN_DECLS

/* An operator's whole attention, in thousandths: integers keep sums exact. */
#define DESK_AGENT_CAPACITY 1000

/* Auto-break after this many offers missed in a row, unless configured. */
#define DESK_AGENT_DEFAULT_MAX_MISSED 2

/* Bounds of one wrap-up, and of one extension of it, in seconds. */
#define DESK_AGENT_MAX_WRAPUP_SECONDS 3600

/* Longest break reason, in characters. */
#define DESK_AGENT_MAX_REASON 100

/**
 * DeskAgentEventKind:
 * @DESK_AGENT_EVENT_LOGIN: offline → available
 * @DESK_AGENT_EVENT_LOGOUT: any state without a contact in hand → offline
 * @DESK_AGENT_EVENT_SET_AVAILABLE: break or wrap-up → available
 * @DESK_AGENT_EVENT_SET_BREAK: available, wrap-up or break → break with @reason
 * @DESK_AGENT_EVENT_OFFERED: a contact rings for the operator (one offer at a time)
 * @DESK_AGENT_EVENT_OFFER_ACCEPTED: the operator took the ringing contact
 * @DESK_AGENT_EVENT_OFFER_DECLINED: the operator refused it
 * @DESK_AGENT_EVENT_OFFER_UNANSWERED: it rang out; counts towards the auto-break
 * @DESK_AGENT_EVENT_OFFER_WITHDRAWN: someone else took it, or the caller left
 * @DESK_AGENT_EVENT_CONTACT_STARTED: a contact the operator started (an outbound call)
 * @DESK_AGENT_EVENT_CONTACT_ENDED: a contact ended; the last one starts the wrap-up
 * @DESK_AGENT_EVENT_WRAPUP_EXTEND: the operator wants @seconds more of wrap-up
 * @DESK_AGENT_EVENT_WRAPUP_END: the operator is done wrapping up
 * @DESK_AGENT_EVENT_TICK: the clock moved; ends a wrap-up whose time is over
 */
typedef enum {
  DESK_AGENT_EVENT_LOGIN,
  DESK_AGENT_EVENT_LOGOUT,
  DESK_AGENT_EVENT_SET_AVAILABLE,
  DESK_AGENT_EVENT_SET_BREAK,
  DESK_AGENT_EVENT_OFFERED,
  DESK_AGENT_EVENT_OFFER_ACCEPTED,
  DESK_AGENT_EVENT_OFFER_DECLINED,
  DESK_AGENT_EVENT_OFFER_UNANSWERED,
  DESK_AGENT_EVENT_OFFER_WITHDRAWN,
  DESK_AGENT_EVENT_CONTACT_STARTED,
  DESK_AGENT_EVENT_CONTACT_ENDED,
  DESK_AGENT_EVENT_WRAPUP_EXTEND,
  DESK_AGENT_EVENT_WRAPUP_END,
  DESK_AGENT_EVENT_TICK,
} DeskAgentEventKind;

/**
 * DeskAgentEvent:
 * @kind: what happened
 * @now_ms: when, in milliseconds on the caller's clock (the same clock for
 *   every event of one agent)
 * @reason: (nullable): %DESK_AGENT_EVENT_SET_BREAK: why, e.g. "lunch"
 * @channel: the contact's channel (offers, contact started/ended)
 * @contact_id: the call's or chat's id (offers, contact started/ended)
 * @chat_weight: the share of the operator a text contact takes, the queue's
 *   `chat_weight` in (0, 1]; ignored for calls
 * @seconds: %DESK_AGENT_EVENT_CONTACT_ENDED: the queue's wrap-up (0: none);
 *   %DESK_AGENT_EVENT_WRAPUP_EXTEND: the extension
 *
 * One input of the agent state machine. Strings are borrowed.
 */
typedef struct {
  DeskAgentEventKind kind;
  gint64 now_ms;
  const char *reason;
  DeskChannel channel;
  gint64 contact_id;
  double chat_weight;
  int seconds;
} DeskAgentEvent;

/**
 * DeskAgentEffectKind:
 * @DESK_AGENT_EFFECT_LOG_STATE: write the change to the store's agent_state_log
 * @DESK_AGENT_EFFECT_SET_TIMER: deliver a %DESK_AGENT_EVENT_TICK at @at_ms
 *   (replaces any timer set before)
 * @DESK_AGENT_EFFECT_CANCEL_TIMER: the timer set before is not needed any more
 */
typedef enum {
  DESK_AGENT_EFFECT_LOG_STATE,
  DESK_AGENT_EFFECT_SET_TIMER,
  DESK_AGENT_EFFECT_CANCEL_TIMER,
} DeskAgentEffectKind;

/**
 * DeskAgentEffect:
 * @kind: what the caller has to do
 * @user_id: the operator
 * @at_ms: %DESK_AGENT_EFFECT_LOG_STATE: when the new state started;
 *   %DESK_AGENT_EFFECT_SET_TIMER: when to tick
 * @from: the state left
 * @to: the state entered
 * @reason: (nullable): the new state's reason, translated (a break's reason)
 * @automatic: the office made the change, not the operator (a wrap-up that
 *   timed out, the auto-break after missed offers)
 *
 * One thing the caller does after a transition. For a state change it calls
 * `desk_store_log_agent_state (store, user_id, to, reason, at_ms / 1000, error)`:
 * the office feeds agents wall-clock milliseconds (`g_get_real_time () / 1000`),
 * so that the log holds the store's Unix seconds.
 */
typedef struct {
  DeskAgentEffectKind kind;
  gint64 user_id;
  gint64 at_ms;
  DeskAgentState from;
  DeskAgentState to;
  char *reason;
  gboolean automatic;
} DeskAgentEffect;

/**
 * DeskAgentContact:
 * @channel: the contact's channel
 * @id: the call's or chat's id
 * @load: its share of the operator, in thousandths
 */
typedef struct {
  DeskChannel channel;
  gint64 id;
  int load;
} DeskAgentContact;

/**
 * DeskAgent:
 * @user_id: the operator
 * @state: the current state
 * @reason: (nullable): the break's reason, translated where the office chose it
 * @state_since_ms: when @state (and @reason) began
 * @idle_since_ms: when the operator last became available (longest-idle routing)
 * @wrapup_deadline_ms: in wrap-up: when it ends by itself
 * @max_chats: text contacts the operator takes at once at most (0: none)
 * @max_missed: offers missed in a row before the auto-break (0: never)
 * @missed: offers missed in a row so far
 * @offer: the contact ringing for the operator now; its @id is 0 when none
 * @contacts: (element-type DeskAgentContact): the contacts in hand
 * @load: the sum of the contacts' loads, in thousandths of %DESK_AGENT_CAPACITY
 * @n_chats: how many of the contacts are text contacts
 *
 * One operator's state. The fields are for reading: change them only through
 * desk_agent_handle(), which keeps them consistent.
 */
typedef struct {
  gint64 user_id;
  DeskAgentState state;
  char *reason;
  gint64 state_since_ms;
  gint64 idle_since_ms;
  gint64 wrapup_deadline_ms;
  int max_chats;
  int max_missed;
  int missed;
  DeskAgentContact offer;
  GArray *contacts;
  int load;
  int n_chats;
} DeskAgent;

DeskAgent  *desk_agent_new              (gint64                 user_id,
                                         int                    max_chats,
                                         gint64                 now_ms);
void        desk_agent_free             (DeskAgent             *agent);
void        desk_agent_set_max_missed   (DeskAgent             *agent,
                                         int                    max_missed);
gboolean    desk_agent_handle           (DeskAgent             *agent,
                                         const DeskAgentEvent  *event,
                                         GPtrArray            **effects,
                                         GError               **error);
gboolean    desk_agent_can_take         (const DeskAgent       *agent,
                                         DeskChannel            channel,
                                         double                 chat_weight);

void        desk_agent_effect_free      (DeskAgentEffect       *effect);

gboolean    desk_channel_is_text        (DeskChannel            channel);
int         desk_contact_load           (DeskChannel            channel,
                                         double                 chat_weight);
gboolean    desk_capacity_fits          (int                    load,
                                         int                    n_chats,
                                         int                    max_chats,
                                         DeskChannel            channel,
                                         double                 chat_weight);

const char *desk_agent_event_kind_to_string (DeskAgentEventKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskAgent, desk_agent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskAgentEffect, desk_agent_effect_free)

G_END_DECLS
