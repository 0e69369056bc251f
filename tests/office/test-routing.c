/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-routing"

#include "routing-test-common.h"

/* ---- the table of situations ---- */

typedef struct {
  const char *name;
  DeskQueueStrategy strategy;
  gint64 queue_skill;
  int sticky_seconds;
  Op ops[MAX_OPS];
  DeskChannel channel;
  int waited;            /* seconds in the queue */
  gint64 required_skill;
  gint64 sticky_user;
  int sticky_for;        /* seconds since the first sticky offer; -1: not yet */
  DeskRouteReason reason;
  gint64 offered[MAX_OPS];
} Situation;

static const Situation situations[] = {
  { "ring-all rings every free member, longest idle first", RING_ALL, 0, 0,
    { { 1, AVAIL, 500 }, { 2, BRK, 100 }, { 3, AVAIL, 300 }, { 4, OFF, 0 }, { 5, BUSY, 50 },
      { 6, AVAIL, 400 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_RING_ALL, { 3, 6, 1 } },
  { "ring-all rings the lowest penalty only", RING_ALL, 0, 0,
    { { 1, AVAIL, 100, 0, 1 }, { 2, AVAIL, 500, 0, 0 }, { 3, AVAIL, 300, 0, 0 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_RING_ALL, { 3, 2 } },
  { "ring-all falls to a higher penalty when the lower is busy", RING_ALL, 0, 0,
    { { 1, AVAIL, 100, 0, 1 }, { 2, BUSY, 500, 0, 0 }, { 3, WRAP, 300, 0, 0 },
      { 4, AVAIL, 200, 0, 2 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_RING_ALL, { 1 } },
  { "longest idle", IDLE, 0, 0,
    { { 1, AVAIL, 900 }, { 2, AVAIL, 100 }, { 3, AVAIL, 500 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 2 } },
  { "longest idle skips wrap-up, break, offline and ringing members", IDLE, 0, 0,
    { { 1, WRAP, 10 }, { 2, BRK, 20 }, { 3, OFF, 30 }, { 4, AVAIL, 40, .ringing = TRUE },
      { 5, AVAIL, 900 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 5 } },
  { "a lower penalty beats a longer idle time", IDLE, 0, 0,
    { { 1, AVAIL, 100, 0, 1 }, { 2, AVAIL, 800, 0, 0 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 2 } },
  { "equal idle times: the lower id, always", IDLE, 0, 0,
    { { 9, AVAIL, 100 }, { 4, AVAIL, 100 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 4 } },
  { "fewest contacts today, then longest idle", FEWEST, 0, 0,
    { { 1, AVAIL, 100, 5 }, { 2, AVAIL, 600, 2 }, { 3, AVAIL, 300, 2 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_FEWEST_CONTACTS, { 3 } },
  { "skills: the best level of the queue's skill", SKILLS, 1, 0,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 200, .skill1 = 3 }, { 3, AVAIL, 900, .skill1 = 8 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_SKILL, { 3 } },
  { "skills: equal levels, longest idle", SKILLS, 1, 0,
    { { 1, AVAIL, 300, .skill1 = 5 }, { 2, AVAIL, 200, .skill1 = 5 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_SKILL, { 2 } },
  { "skills: before relaxation nobody without the skill", SKILLS, 1, 0,
    { { 1, AVAIL, 100 }, { 2, BUSY, 200, .skill1 = 9 } },
    PHONE, 29, 0, 0, -1, DESK_ROUTE_NOBODY, { 0 } },
  { "skills: after relaxation the skilled still go first", SKILLS, 1, 0,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 200, .skill1 = 2 } },
    PHONE, 30, 0, 0, -1, DESK_ROUTE_SKILL, { 2 } },
  { "skills: after relaxation anyone", SKILLS, 1, 0,
    { { 1, AVAIL, 100 }, { 2, BUSY, 200, .skill1 = 9 } },
    PHONE, 30, 0, 0, -1, DESK_ROUTE_SKILL_RELAXED, { 1 } },
  { "skills: the contact's own skill wins over the queue's", SKILLS, 1, 0,
    { { 1, AVAIL, 100, .skill1 = 9 }, { 2, AVAIL, 200, .skill2 = 1 } },
    PHONE, 5, 2, 0, -1, DESK_ROUTE_SKILL, { 2 } },
  { "skills without a skill: longest idle", SKILLS, 0, 0,
    { { 1, AVAIL, 300, .skill1 = 9 }, { 2, AVAIL, 200 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 2 } },
  { "skills: penalty first", SKILLS, 1, 0,
    { { 1, AVAIL, 100, 0, 1, .skill1 = 10 }, { 2, AVAIL, 200, 0, 0, .skill1 = 1 } },
    PHONE, 5, 0, 0, -1, DESK_ROUTE_SKILL, { 2 } },
  { "sticky operator alone within the window", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 } },
    PHONE, 5, 0, 2, -1, DESK_ROUTE_STICKY, { 2 } },
  { "sticky operator alone still, 19 s on", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 } },
    PHONE, 25, 0, 2, 19, DESK_ROUTE_STICKY, { 2 } },
  { "sticky window over: everyone, the sticky operator too", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 } },
    PHONE, 25, 0, 2, 20, DESK_ROUTE_LONGEST_IDLE, { 1 } },
  { "sticky operator busy: the strategy at once", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, BUSY, 900 }, { 3, AVAIL, 50 } },
    PHONE, 1, 0, 2, -1, DESK_ROUTE_LONGEST_IDLE, { 3 } },
  { "sticky operator ringing elsewhere: the strategy at once", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900, .ringing = TRUE } },
    PHONE, 1, 0, 2, -1, DESK_ROUTE_LONGEST_IDLE, { 1 } },
  { "sticky over ring-all: alone first", RING_ALL, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 }, { 3, AVAIL, 50 } },
    PHONE, 1, 0, 2, -1, DESK_ROUTE_STICKY, { 2 } },
  { "sticky over skills: the skill does not matter", SKILLS, 1, 20,
    { { 1, AVAIL, 100, .skill1 = 9 }, { 2, AVAIL, 900 } },
    PHONE, 1, 0, 2, -1, DESK_ROUTE_STICKY, { 2 } },
  { "sticky operator not a member: ignored", IDLE, 0, 20,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 } },
    PHONE, 1, 0, 77, -1, DESK_ROUTE_LONGEST_IDLE, { 1 } },
  { "sticky routing off in the queue", IDLE, 0, 0,
    { { 1, AVAIL, 100 }, { 2, AVAIL, 900 } },
    PHONE, 1, 0, 2, -1, DESK_ROUTE_LONGEST_IDLE, { 1 } },
  { "nobody logged in", IDLE, 0, 0,
    { { 1, OFF, 100 }, { 2, OFF, 900 } },
    PHONE, 1, 0, 0, -1, DESK_ROUTE_NOBODY, { 0 } },
  { "a call never goes to an operator in a chat", IDLE, 0, 0,
    { { 1, BUSY, 100, .chats = 1 } },
    PHONE, 1, 0, 0, -1, DESK_ROUTE_NOBODY, { 0 } },
  { "a chat goes to an operator with room in a chat", IDLE, 0, 0,
    { { 1, BUSY, 100, .chats = 1 }, { 2, BUSY, 50, .chats = 2 } },
    CHAT, 1, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 1 } },
  { "a chat goes to the free operator before the one in a chat", IDLE, 0, 0,
    { { 1, BUSY, 100, .chats = 1 }, { 2, AVAIL, 800 } },
    CHAT, 1, 0, 0, -1, DESK_ROUTE_LONGEST_IDLE, { 2 } },
};

static void
test_situations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (situations); i++)
    {
      const Situation *s = &situations[i];
      DeskQueue config = routing_test_config (s->strategy);
      DeskRouteQueue queue = { 1, &config, 0 };
      DeskRouteContact contact = { 0, };
      g_autoptr (DeskRouteOffer) offer = NULL;
      Members m;

      g_test_message ("%s", s->name);
      config.skill_id = s->queue_skill;
      config.sticky_seconds = s->sticky_seconds;
      members_init (&m, s->ops);
      contact.id = 100 + i;
      contact.channel = s->channel;
      contact.enqueued_at_ms = S (NOW - s->waited);
      contact.required_skill_id = s->required_skill;
      contact.sticky_user_id = s->sticky_user;
      contact.sticky_since_ms = s->sticky_for < 0 ? 0 : S (NOW - s->sticky_for);

      offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (NOW));
      g_assert_cmpint (offer->contact_id, ==, contact.id);
      assert_offer (offer, s->reason, s->offered);
    }
}

/* ---- over time ---- */

static void
test_skill_relaxation (void)
{
  static const Op ops[] = { { 1, AVAIL, 100, .skill2 = 4 }, { 2, BUSY, 50, .skill1 = 7 }, { 0 } };
  DeskQueue config = routing_test_config (SKILLS);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact contact = { .id = 5, .channel = PHONE, .enqueued_at_ms = S (100) };
  Members m;

  config.skill_id = 1;
  config.skill_relax_seconds = 30;
  members_init (&m, ops);

  for (int t = 100; t <= 140; t += 1)
    {
      g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact,
                                                           S (t));

      if (t < 130)
        {
          g_assert_cmpint (offer->reason, ==, DESK_ROUTE_NOBODY);
          g_assert_cmpint (offer->recheck_at_ms, ==, S (130));
        }
      else
        {
          assert_offer (offer, DESK_ROUTE_SKILL_RELAXED, (gint64[]) { 1, 0 });
          g_assert_cmpint (offer->recheck_at_ms, ==, 0);
        }
    }

  /* One millisecond matters. */
  {
    g_autoptr (DeskRouteOffer) before = desk_route_offer (&queue, m.ops, m.n_ops, &contact,
                                                          S (130) - 1);
    g_assert_cmpint (before->reason, ==, DESK_ROUTE_NOBODY);
  }

  /* 0 relaxes at once; a negative value never. */
  config.skill_relax_seconds = 0;
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (100));
    g_assert_cmpint (offer->reason, ==, DESK_ROUTE_SKILL_RELAXED);
  }
  config.skill_relax_seconds = -1;
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact,
                                                         S (100000));
    g_assert_cmpint (offer->reason, ==, DESK_ROUTE_NOBODY);
    g_assert_cmpint (offer->recheck_at_ms, ==, 0);
  }
}

static void
test_sticky_timeout (void)
{
  static const Op ops[] = { { 1, AVAIL, 100 }, { 2, AVAIL, 500 }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact contact = { .id = 5, .channel = PHONE, .enqueued_at_ms = S (200),
                               .sticky_user_id = 2 };
  Members m;

  config.sticky_seconds = 20;
  members_init (&m, ops);

  /* First decision: the sticky operator alone; the office notes the start. */
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (200));

    assert_offer (offer, DESK_ROUTE_STICKY, (gint64[]) { 2, 0 });
    g_assert_cmpint (offer->recheck_at_ms, ==, S (220));
    contact.sticky_since_ms = S (200);
  }

  /* Operator 2 lets it ring for 15 s; office asks again later in the window. */
  for (int t = 201; t < 220; t++)
    {
      g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact,
                                                           S (t));
      assert_offer (offer, DESK_ROUTE_STICKY, (gint64[]) { 2, 0 });
    }

  /* After sticky_seconds: the strategy, among everyone. */
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (220));
    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 1, 0 });
  }

  /* Busy sticky operator: no waiting for them, the strategy at once. */
  contact.sticky_since_ms = 0;
  set_state (&m.ops[1], BUSY);
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (200));
    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 1, 0 });
  }

  /* Free again within the window while the caller still waits: them again. */
  set_state (&m.ops[1], AVAIL);
  contact.sticky_since_ms = S (200);
  set_state (&m.ops[0], BUSY);
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (210));
    assert_offer (offer, DESK_ROUTE_STICKY, (gint64[]) { 2, 0 });
  }
}

/* ---- the order of a queue ---- */

/* An operator who let the contact ring out (or declined it) comes after
 * everyone else who is free, and is offered it again only when nobody else
 * can take it. */
static void
test_passed_go_last (void)
{
  static const Op ops[] = { { 1, AVAIL, 100 }, { 2, AVAIL, 500 }, { 3, AVAIL, 300, 0, 1 }, { 0 } };
  static const gint64 passed_1[] = { 1 };
  static const gint64 passed_all[] = { 1, 2, 3 };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact contact = { .id = 5, .channel = PHONE, .enqueued_at_ms = S (600) };
  Members m;

  members_init (&m, ops);
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (NOW));

    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 1, 0 });
  }
  /* Operator 1 passed: the longest idle of the others (3 has a penalty). */
  contact.passed = passed_1;
  contact.n_passed = 1;
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (NOW));

    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 2, 0 });
  }
  /* Everyone passed: round again, in the strategy's order. */
  contact.passed = passed_all;
  contact.n_passed = 3;
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (NOW));

    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 1, 0 });
  }
  /* Only the passed operator is free: they get it. */
  set_state (&m.ops[1], BUSY);
  set_state (&m.ops[2], BRK);
  contact.passed = passed_1;
  contact.n_passed = 1;
  {
    g_autoptr (DeskRouteOffer) offer = desk_route_offer (&queue, m.ops, m.n_ops, &contact, S (NOW));

    assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 1, 0 });
  }
}

static void
test_priority_order (void)
{
  DeskRouteContact contacts[] = {
    { .id = 1, .channel = PHONE, .enqueued_at_ms = S (5) },
    { .id = 2, .channel = PHONE, .enqueued_at_ms = S (20), .priority = DESK_ROUTE_PRIORITY_VIP },
    { .id = 3, .channel = PHONE, .enqueued_at_ms = S (10) },
    { .id = 4, .channel = PHONE, .enqueued_at_ms = S (30), .priority = DESK_ROUTE_PRIORITY_VIP },
    { .id = 5, .channel = PHONE, .enqueued_at_ms = S (10) },
  };
  static const Op ops[] = { { 11, AVAIL, 100 }, { 12, AVAIL, 200 }, { 13, AVAIL, 300 }, { 0 } };
  static const gint64 order[] = { 2, 4, 1, 3, 5 };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  g_autoptr (GPtrArray) plan = NULL;
  g_autoptr (GArray) decisions = NULL;
  Members m;

  /* VIP before an earlier non-VIP; equal priority by place, then id. */
  g_assert_cmpint (desk_route_contact_compare (&contacts[1], &contacts[0]), <, 0);
  g_assert_cmpint (desk_route_contact_compare (&contacts[0], &contacts[2]), <, 0);
  g_assert_cmpint (desk_route_contact_compare (&contacts[2], &contacts[4]), <, 0);
  g_assert_cmpint (desk_route_contact_compare (&contacts[2], &contacts[2]), ==, 0);

  members_init (&m, ops);
  decisions = desk_queue_decide (&queue, m.ops, m.n_ops, contacts, G_N_ELEMENTS (contacts), S (31));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      DeskQueueDecision *d = &g_array_index (decisions, DeskQueueDecision, i);

      g_assert_cmpint (d->contact_id, ==, order[i]);
      g_assert_cmpuint (d->position, ==, i + 1);
    }

  /* Three free operators: the three first in line, the longest idle to the first. */
  plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, G_N_ELEMENTS (contacts), S (31));
  g_assert_cmpuint (plan->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      DeskRouteOffer *offer = plan->pdata[i];

      g_assert_cmpint (offer->contact_id, ==, order[i]);
      assert_offer (offer, DESK_ROUTE_LONGEST_IDLE, (gint64[]) { 11 + i, 0 });
    }
}

static void
test_callback_fairness (void)
{
  /* The callback's caller entered at t = 10 and hung up at t = 50: it keeps t = 10. */
  DeskRouteContact contacts[] = {
    { .id = 20, .channel = PHONE, .enqueued_at_ms = S (20) },
    { .id = 10, .channel = PHONE, .enqueued_at_ms = S (10), .is_callback = TRUE },
    { .id = 5, .channel = PHONE, .enqueued_at_ms = S (5) },
  };
  static const Op one[] = { { 1, AVAIL, 100 }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  Members m;

  members_init (&m, one);

  /* One operator free: the caller from t = 5 goes first... */
  {
    g_autoptr (GPtrArray) plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, 3, S (60));

    g_assert_cmpuint (plan->len, ==, 1);
    g_assert_cmpint (((DeskRouteOffer *) plan->pdata[0])->contact_id, ==, 5);
  }
  /* ...then the callback, before the caller from t = 20. */
  contacts[2].offering = TRUE;
  {
    g_autoptr (GPtrArray) plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, 3, S (60));

    g_assert_cmpuint (plan->len, ==, 1);
    g_assert_cmpint (((DeskRouteOffer *) plan->pdata[0])->contact_id, ==, 10);
  }
  /* Positions told to the live callers count the callback. */
  {
    g_autoptr (GArray) d = desk_queue_decide (&queue, m.ops, m.n_ops, contacts, 3, S (60));

    g_assert_cmpint (g_array_index (d, DeskQueueDecision, 0).contact_id, ==, 5);
    g_assert_cmpint (g_array_index (d, DeskQueueDecision, 1).contact_id, ==, 10);
    g_assert_cmpint (g_array_index (d, DeskQueueDecision, 2).contact_id, ==, 20);
    g_assert_cmpuint (g_array_index (d, DeskQueueDecision, 2).position, ==, 3);
  }
  /* A VIP arriving later still goes before the callback: priority first. */
  {
    DeskRouteContact vip = { .id = 30, .channel = PHONE, .enqueued_at_ms = S (60),
                             .priority = DESK_ROUTE_PRIORITY_VIP };
    DeskQueueDecision d = desk_queue_admit (&queue, m.ops, m.n_ops, contacts, 3, &vip, S (60));

    g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
    g_assert_cmpuint (d.position, ==, 1);
  }
}

static void
test_plan (void)
{
  static const Op ops[] = {
    { 1, AVAIL, 100, .skill1 = 5 }, { 2, AVAIL, 200, .skill2 = 5 },
    { 3, AVAIL, 300, .ringing = TRUE }, { 0 }
  };
  DeskRouteContact contacts[] = {
    { .id = 1, .channel = PHONE, .enqueued_at_ms = S (1), .required_skill_id = 2 },
    { .id = 2, .channel = PHONE, .enqueued_at_ms = S (2), .required_skill_id = 2 },
    { .id = 3, .channel = PHONE, .enqueued_at_ms = S (3), .required_skill_id = 1 },
    { .id = 4, .channel = PHONE, .enqueued_at_ms = S (4), .required_skill_id = 1 },
  };
  DeskQueue config = routing_test_config (SKILLS);
  DeskRouteQueue queue = { 1, &config, 0 };
  Members m;

  members_init (&m, ops);

  /* Operator 2 serves the first skill-2 caller; the second one cannot be
   * served by operator 1, so operator 1 goes to the first skill-1 caller
   * rather than stay idle. */
  {
    g_autoptr (GPtrArray) plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, 4, S (10));

    g_assert_cmpuint (plan->len, ==, 2);
    g_assert_cmpint (((DeskRouteOffer *) plan->pdata[0])->contact_id, ==, 1);
    assert_offer (plan->pdata[0], DESK_ROUTE_SKILL, (gint64[]) { 2, 0 });
    g_assert_cmpint (((DeskRouteOffer *) plan->pdata[1])->contact_id, ==, 3);
    assert_offer (plan->pdata[1], DESK_ROUTE_SKILL, (gint64[]) { 1, 0 });
  }

  /* Ring-all: the head of the line takes every free member. */
  config.strategy = RING_ALL;
  {
    g_autoptr (GPtrArray) plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, 4, S (10));

    g_assert_cmpuint (plan->len, ==, 1);
    assert_offer (plan->pdata[0], DESK_ROUTE_RING_ALL, (gint64[]) { 1, 2, 0 });
  }

  /* Nobody to offer, nothing to plan; an empty queue neither. */
  set_state (&m.ops[0], BRK);
  set_state (&m.ops[1], WRAP);
  {
    g_autoptr (GPtrArray) plan = desk_route_plan (&queue, m.ops, m.n_ops, contacts, 4, S (10));
    g_autoptr (GPtrArray) empty = desk_route_plan (&queue, m.ops, m.n_ops, NULL, 0, S (10));

    g_assert_cmpuint (plan->len, ==, 0);
    g_assert_cmpuint (empty->len, ==, 0);
  }
}

static void
test_from_agent (void)
{
  g_autoptr (DeskAgent) agent = desk_agent_new (42, 3, S (1));
  DeskAgentEvent login = { .kind = DESK_AGENT_EVENT_LOGIN, .now_ms = S (2) };
  DeskAgentEvent offer = { .kind = DESK_AGENT_EVENT_OFFERED, .now_ms = S (3),
                           .channel = CHAT, .contact_id = 9, .chat_weight = 0.5 };
  DeskAgentEvent accept = { .kind = DESK_AGENT_EVENT_OFFER_ACCEPTED, .now_ms = S (4),
                            .channel = CHAT, .contact_id = 9 };
  DeskRouteOperator op = { .penalty = 3 };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };

  g_assert_true (desk_agent_handle (agent, &login, NULL, NULL));
  desk_route_operator_from_agent (&op, agent);
  g_assert_cmpint (op.user_id, ==, 42);
  g_assert_cmpint (op.state, ==, AVAIL);
  g_assert_cmpint (op.idle_since_ms, ==, S (2));
  g_assert_cmpint (op.penalty, ==, 3);
  g_assert_true (desk_route_is_free (&queue, &op, PHONE));

  g_assert_true (desk_agent_handle (agent, &offer, NULL, NULL));
  desk_route_operator_from_agent (&op, agent);
  g_assert_true (op.offer_pending);
  g_assert_false (desk_route_is_free (&queue, &op, CHAT));

  g_assert_true (desk_agent_handle (agent, &accept, NULL, NULL));
  desk_route_operator_from_agent (&op, agent);
  g_assert_cmpint (op.state, ==, BUSY);
  g_assert_cmpint (op.load, ==, 500);
  g_assert_cmpint (op.n_chats, ==, 1);
  g_assert_cmpint (op.max_chats, ==, 3);
  g_assert_true (desk_route_is_free (&queue, &op, CHAT));
  g_assert_false (desk_route_is_free (&queue, &op, PHONE));
}

static void
test_names (void)
{
  g_assert_cmpstr (desk_route_reason_to_string (DESK_ROUTE_SKILL_RELAXED), ==, "skill-relaxed");
  g_assert_cmpstr (desk_route_reason_to_string (99), ==, "unknown");
  g_assert_cmpstr (desk_queue_action_to_string (DESK_QUEUE_ACTION_OFFER_CALLBACK), ==,
                   "offer-callback");
  g_assert_cmpstr (desk_queue_cause_to_string (DESK_QUEUE_CAUSE_QUEUE_FULL), ==, "queue-full");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/office/routing/situations", test_situations);
  g_test_add_func ("/desk/office/routing/skill-relaxation", test_skill_relaxation);
  g_test_add_func ("/desk/office/routing/sticky-timeout", test_sticky_timeout);
  g_test_add_func ("/desk/office/routing/passed-go-last", test_passed_go_last);
  g_test_add_func ("/desk/office/routing/priority-order", test_priority_order);
  g_test_add_func ("/desk/office/routing/callback-fairness", test_callback_fairness);
  g_test_add_func ("/desk/office/routing/plan", test_plan);
  g_test_add_func ("/desk/office/routing/from-agent", test_from_agent);
  g_test_add_func ("/desk/office/routing/names", test_names);

  return g_test_run ();
}
