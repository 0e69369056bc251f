/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-queue-flow.h"
#include "desk-routing.h"

G_BEGIN_DECLS

/* Times in the tables are seconds; the functions take milliseconds. */
#define S(s) ((gint64) (s) * 1000)
#define NOW 1000

#define OFF DESK_AGENT_STATE_OFFLINE
#define AVAIL DESK_AGENT_STATE_AVAILABLE
#define BUSY DESK_AGENT_STATE_ON_CONTACT
#define WRAP DESK_AGENT_STATE_WRAP_UP
#define BRK DESK_AGENT_STATE_BREAK

#define RING_ALL DESK_QUEUE_STRATEGY_RING_ALL
#define IDLE DESK_QUEUE_STRATEGY_LONGEST_IDLE
#define FEWEST DESK_QUEUE_STRATEGY_FEWEST_CONTACTS
#define SKILLS DESK_QUEUE_STRATEGY_SKILLS
#define PHONE DESK_CHANNEL_PHONE
#define CHAT DESK_CHANNEL_CHAT

#define MAX_OPS 6

/* One member, in a table: skill 1 and skill 2 levels, 0 without; max 2 chats. */
typedef struct {
  gint64 id;
  DeskAgentState state;
  int idle_since;     /* seconds */
  int today;
  int penalty;
  int chats;          /* chats in hand, 0.5 each */
  int skill1;
  int skill2;
  gboolean ringing;
} Op;

/* The members of a queue, built from a table of Op (ended by id 0). */
typedef struct {
  DeskRouteOperator ops[MAX_OPS];
  DeskSkillLevel skills[MAX_OPS][2];
  guint n_ops;
} Members;

DeskQueue routing_test_config (DeskQueueStrategy     strategy);
void      members_init        (Members              *m,
                               const Op             *ops);
void      set_state           (DeskRouteOperator    *op,
                               DeskAgentState        state);
void      assert_offer        (const DeskRouteOffer *offer,
                               DeskRouteReason       reason,
                               const gint64         *expected);

G_END_DECLS
