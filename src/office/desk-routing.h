/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-agent-state.h"
#include "desk-records.h"
#include "desk-types.h"

G_BEGIN_DECLS

/* The priority the office gives VIP clients' contacts; others have 0. */
#define DESK_ROUTE_PRIORITY_VIP 10

/**
 * DeskSkillLevel:
 * @skill_id: a skill
 * @level: the operator's level in it, 1..10
 */
typedef struct {
  gint64 skill_id;
  int level;
} DeskSkillLevel;

/**
 * DeskRouteOperator:
 * @user_id: the operator
 * @state: their state
 * @offer_pending: something rings for them already
 * @idle_since_ms: when they last became available
 * @contacts_today: contacts they handled today
 * @load: their load, in thousandths of %DESK_AGENT_CAPACITY
 * @n_chats: text contacts in hand
 * @max_chats: their limit of text contacts
 * @penalty: their penalty in the queue; lower is offered first
 * @skills: (array length=n_skills) (nullable): their skills
 * @n_skills: the length of @skills
 *
 * One member of the queue, as routing sees them. Only the queue's members are
 * passed to routing; the pointers are borrowed.
 */
typedef struct {
  gint64 user_id;
  DeskAgentState state;
  gboolean offer_pending;
  gint64 idle_since_ms;
  int contacts_today;
  int load;
  int n_chats;
  int max_chats;
  int penalty;
  const DeskSkillLevel *skills;
  guint n_skills;
} DeskRouteOperator;

/**
 * DeskRouteContact:
 * @id: the call's, chat's or callback's id
 * @channel: its channel
 * @enqueued_at_ms: its place in the line: when it entered the queue; a
 *   callback keeps the time its caller entered the queue
 * @priority: higher goes first; 0 for most, %DESK_ROUTE_PRIORITY_VIP for VIP clients
 * @is_callback: a callback request: the caller hung up and keeps the place
 * @anonymous: there is no number to call back
 * @offering: an offer rings for it now: it is neither re-planned nor moved
 * @required_skill_id: the skill it needs (skills strategy), 0 for the queue's own
 * @sticky_user_id: the operator who owns the caller's open case or talked to
 *   them in the queue's last sticky_days, or 0
 * @sticky_since_ms: when the sticky operator was first offered it, 0 if not yet
 * @last_announced_ms: when the caller last heard the position, 0 if never
 * @overflow_hops: how many queues it overflowed from already
 *
 * A contact waiting in a queue. Strings (none yet) would be borrowed.
 */
typedef struct {
  gint64 id;
  DeskChannel channel;
  gint64 enqueued_at_ms;
  int priority;
  gboolean is_callback;
  gboolean anonymous;
  gboolean offering;
  gint64 required_skill_id;
  gint64 sticky_user_id;
  gint64 sticky_since_ms;
  gint64 last_announced_ms;
  int overflow_hops;
  const gint64 *passed;
  guint n_passed;
} DeskRouteContact;

/**
 * DeskRouteQueue:
 * @id: the queue's id
 * @config: its configuration
 * @avg_handle_ms: recent average handle time (talk, hold and wrap-up), 0 if
 *   not known yet
 *
 * A queue as routing sees it; @config is borrowed.
 */
typedef struct {
  gint64 id;
  const DeskQueue *config;
  gint64 avg_handle_ms;
} DeskRouteQueue;

/**
 * DeskRouteReason:
 * @DESK_ROUTE_NOBODY: nobody may take it now: it keeps waiting
 * @DESK_ROUTE_STICKY: the sticky operator, alone, within sticky_seconds
 * @DESK_ROUTE_RING_ALL: every free operator of the lowest penalty
 * @DESK_ROUTE_LONGEST_IDLE: the operator free for longest
 * @DESK_ROUTE_FEWEST_CONTACTS: the operator with fewest contacts today
 * @DESK_ROUTE_SKILL: an operator with the required skill, the best level first
 * @DESK_ROUTE_SKILL_RELAXED: waited past skill_relax_seconds: an operator
 *   without the skill
 *
 * Why an offer goes where it goes.
 */
typedef enum {
  DESK_ROUTE_NOBODY,
  DESK_ROUTE_STICKY,
  DESK_ROUTE_RING_ALL,
  DESK_ROUTE_LONGEST_IDLE,
  DESK_ROUTE_FEWEST_CONTACTS,
  DESK_ROUTE_SKILL,
  DESK_ROUTE_SKILL_RELAXED,
} DeskRouteReason;

/**
 * DeskRouteOffer:
 * @contact_id: the contact offered
 * @reason: why these operators
 * @user_ids: (element-type gint64): whom to offer it now, in order; one
 *   operator except for ring-all; empty with %DESK_ROUTE_NOBODY
 * @recheck_at_ms: a later time at which the same situation may give another
 *   answer by itself (the sticky window closes, skills relax), or 0
 *
 * A routing decision.
 */
typedef struct {
  gint64 contact_id;
  DeskRouteReason reason;
  GArray *user_ids;
  gint64 recheck_at_ms;
} DeskRouteOffer;

void            desk_route_operator_from_agent (DeskRouteOperator       *op,
                                                const DeskAgent         *agent);
int             desk_route_skill_level         (const DeskRouteOperator *op,
                                                gint64                   skill_id);
int             desk_route_contact_compare     (const DeskRouteContact  *a,
                                                const DeskRouteContact  *b);
void            desk_route_sort_contacts       (const DeskRouteContact **order,
                                                guint                    n);
gboolean        desk_route_is_free             (const DeskRouteQueue    *queue,
                                                const DeskRouteOperator *op,
                                                DeskChannel              channel);

DeskRouteOffer *desk_route_offer               (const DeskRouteQueue    *queue,
                                                const DeskRouteOperator *ops,
                                                guint                    n_ops,
                                                const DeskRouteContact  *contact,
                                                gint64                   now_ms);
GPtrArray      *desk_route_plan                (const DeskRouteQueue    *queue,
                                                const DeskRouteOperator *ops,
                                                guint                    n_ops,
                                                const DeskRouteContact  *contacts,
                                                guint                    n_contacts,
                                                gint64                   now_ms);
void            desk_route_offer_free          (DeskRouteOffer          *offer);

const char     *desk_route_reason_to_string    (DeskRouteReason          reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskRouteOffer, desk_route_offer_free)

G_END_DECLS
