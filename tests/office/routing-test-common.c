/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routing-test-common"

#include "routing-test-common.h"

#include <string.h>

/* A queue with the schema's defaults. */
DeskQueue
routing_test_config (DeskQueueStrategy strategy)
{
  DeskQueue config = {
    .name = "support",
    .strategy = strategy,
    .skill_relax_seconds = 30,
    .sticky_seconds = 0,
    .sticky_days = 30,
    .max_wait_seconds = 600,
    .max_length = 20,
    .overflow_to_callback = TRUE,
    .wrapup_seconds = 30,
    .announce_seconds = 45,
    .service_level_seconds = 20,
    .callback_digit = "3",
    .chat_weight = 0.5,
  };

  return config;
}

void
members_init (Members  *m,
              const Op *ops)
{
  memset (m, 0, sizeof *m);
  for (guint i = 0; i < MAX_OPS && ops[i].id != 0; i++)
    {
      DeskRouteOperator *op = &m->ops[i];
      guint n_skills = 0;

      op->user_id = ops[i].id;
      op->state = ops[i].state;
      op->offer_pending = ops[i].ringing;
      op->idle_since_ms = S (ops[i].idle_since);
      op->contacts_today = ops[i].today;
      op->penalty = ops[i].penalty;
      op->n_chats = ops[i].chats;
      /* On a contact without chats means on a call: the whole operator. */
      op->load = ops[i].chats > 0 ? ops[i].chats * 500
                 : ops[i].state == BUSY ? DESK_AGENT_CAPACITY : 0;
      op->max_chats = 2;
      if (ops[i].skill1 > 0)
        m->skills[i][n_skills++] = (DeskSkillLevel) { 1, ops[i].skill1 };
      if (ops[i].skill2 > 0)
        m->skills[i][n_skills++] = (DeskSkillLevel) { 2, ops[i].skill2 };
      op->skills = m->skills[i];
      op->n_skills = n_skills;
      m->n_ops++;
    }
}

/* Moves a member with no chats to @state; on a contact means on a call. */
void
set_state (DeskRouteOperator *op,
           DeskAgentState     state)
{
  op->state = state;
  op->load = state == BUSY ? DESK_AGENT_CAPACITY : 0;
}

void
assert_offer (const DeskRouteOffer *offer,
              DeskRouteReason       reason,
              const gint64         *expected)
{
  guint n = 0;

  while (n < MAX_OPS && expected[n] != 0)
    n++;
  g_assert_cmpstr (desk_route_reason_to_string (offer->reason), ==,
                   desk_route_reason_to_string (reason));
  g_assert_cmpuint (offer->user_ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (offer->user_ids, gint64, i), ==, expected[i]);
}

