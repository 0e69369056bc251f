/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-kpi.h"
#include "store-fixture.h"

/* Today's figures over a real store: a known day of calls, chats, states
 * and cases, each figure worked out by hand below. "Now" is 10:30 local
 * time on a fixed day; contacts are placed by their local time of day. */

#define H(h, m) (day_start + (h) * 3600 + (m) * 60)

typedef struct {
  StoreFixture store;
  gint64 day_start;
  gint64 now;
  gint64 support;
  gint64 sales;
  gint64 op1;
  gint64 op2;
  gint64 supervisor;
  gint64 category;
} Fixture;

static gint64
add_user (Fixture    *fixture,
          const char *login,
          DeskRole    role,
          const char *sip_user)
{
  g_autoptr (GError) error = NULL;
  DeskUserNew user = { .login = login, .display_name = login, .role = role,
                       .password = "secret", .sip_user = sip_user, .max_chats = 3 };
  gint64 id = desk_store_add_user (fixture->store.store, &user, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_queue (Fixture    *fixture,
           const char *name,
           int         service_level_seconds)
{
  g_autoptr (GError) error = NULL;
  DeskQueue queue = { .name = name, .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
                      .max_wait_seconds = 600, .max_length = 20, .wrapup_seconds = 30,
                      .announce_seconds = 45, .service_level_seconds = service_level_seconds };
  gint64 id = desk_store_add_queue (fixture->store.store, &queue, &error);

  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  /* 14 November 2023, a day with no clock change anywhere. */
  store_fixture_setup (&fixture->store, data);
  fixture->day_start = desk_kpi_day_start (1699920000 + 12 * 3600);
  fixture->now = fixture->day_start + 10 * 3600 + 30 * 60;
  fixture->support = add_queue (fixture, "support", 20);
  fixture->sales = add_queue (fixture, "sales", 30);
  fixture->op1 = add_user (fixture, "op1", DESK_ROLE_OPERATOR, "op1");
  fixture->op2 = add_user (fixture, "op2", DESK_ROLE_OPERATOR, "op2");
  fixture->supervisor = add_user (fixture, "supervisor", DESK_ROLE_SUPERVISOR, NULL);
  add_user (fixture, "owner", DESK_ROLE_OWNER, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  store_fixture_teardown (&fixture->store, data);
}

typedef struct {
  DeskCallDirection direction;
  gint64 queue_id;
  gint64 operator_id;
  gint64 offered_at;
  gint64 answered_at;
  gint64 ended_at;
  int wait;
  int talk;
  int hold;
  int wrapup;
  DeskCallOutcome outcome;
} CallSpec;

static void
add_call (Fixture        *fixture,
          const CallSpec *spec)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();

  call->direction = spec->direction;
  call->caller = g_strdup ("+380441234567");
  call->callee = g_strdup ("100");
  call->queue_id = spec->queue_id;
  call->operator_id = spec->operator_id;
  call->offered_at = spec->offered_at;
  call->answered_at = spec->answered_at;
  call->ended_at = spec->ended_at;
  call->wait_seconds = spec->wait;
  call->talk_seconds = spec->talk;
  call->hold_seconds = spec->hold;
  call->wrapup_seconds = spec->wrapup;
  call->outcome = spec->outcome;
  g_assert_cmpint (desk_store_add_call (fixture->store.store, call, &error), >, 0);
  g_assert_no_error (error);
}

static void
add_chat (Fixture         *fixture,
          gint64           queue_id,
          gint64           operator_id,
          gint64           started_at,
          gint64           answered_at,
          gint64           ended_at,
          int              wait,
          DeskCallOutcome  outcome)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = desk_chat_new ();

  chat->visitor_name = g_strdup ("Visitor");
  chat->queue_id = queue_id;
  chat->operator_id = operator_id;
  chat->channel = DESK_CHANNEL_CHAT;
  chat->started_at = started_at;
  chat->answered_at = answered_at;
  chat->ended_at = ended_at;
  chat->wait_seconds = wait;
  chat->outcome = outcome;
  g_assert_cmpint (desk_store_add_chat (fixture->store.store, chat, &error), >, 0);
  g_assert_no_error (error);
}

/* The day, contact by contact (support's target is 20 s, sales' 30 s):
 *
 *  c1 08:05 support answered by op1, wait 10 (in SL), 100 + 20 + 30 = 150 s
 *  c2 08:20 support answered by op2, wait 25 (late), 200 + 0 + 10 = 210 s
 *  c3 09:00 support abandoned after 40 s
 *  c4 09:10 support abandoned after 3 s: a short abandon
 *  c5 09:30 support abandoned after 5 s: the threshold itself counts
 *  c6 10:00 support answered by op1, wait 20 (= target: in SL), still talking
 *  c7 08:40 sales answered by op2, wait 30 (= target), 60 s
 *  c8 10:10 sales: the caller asked for a callback after 50 s (neither)
 *  c9 08:50 no queue: settled in the IVR
 *  c10 09:40 outbound by op1, 90 s (op1's, but no queue's)
 *  c11 yesterday 23:50, answered by op1 after midnight: yesterday's
 *  h1 09:15 support chat answered by op2, wait 8, 300 s
 *  h2 10:20 support chat still waiting
 *  h3 10:25 support chat abandoned after 12 s
 */
static void
add_day (Fixture *fixture)
{
  gint64 day_start = fixture->day_start;
  gint64 support = fixture->support, sales = fixture->sales;
  const CallSpec calls[] = {
    { DESK_CALL_DIRECTION_INBOUND, support, fixture->op1, H (8, 5), H (8, 5) + 10,
      H (8, 5) + 130, 10, 100, 20, 30, DESK_CALL_OUTCOME_ANSWERED },
    { DESK_CALL_DIRECTION_INBOUND, support, fixture->op2, H (8, 20), H (8, 20) + 25,
      H (8, 20) + 225, 25, 200, 0, 10, DESK_CALL_OUTCOME_ANSWERED },
    { DESK_CALL_DIRECTION_INBOUND, support, 0, H (9, 0), 0, H (9, 0) + 40, 40, 0, 0, 0,
      DESK_CALL_OUTCOME_ABANDONED_QUEUE },
    { DESK_CALL_DIRECTION_INBOUND, support, 0, H (9, 10), 0, H (9, 10) + 3, 3, 0, 0, 0,
      DESK_CALL_OUTCOME_ABANDONED_QUEUE },
    { DESK_CALL_DIRECTION_INBOUND, support, 0, H (9, 30), 0, H (9, 30) + 5, 5, 0, 0, 0,
      DESK_CALL_OUTCOME_ABANDONED_QUEUE },
    { DESK_CALL_DIRECTION_INBOUND, support, fixture->op1, H (10, 0), H (10, 0) + 20, 0, 20, 0,
      0, 0, DESK_CALL_OUTCOME_NONE },
    { DESK_CALL_DIRECTION_INBOUND, sales, fixture->op2, H (8, 40), H (8, 40) + 30,
      H (8, 40) + 90, 30, 60, 0, 0, DESK_CALL_OUTCOME_ANSWERED },
    { DESK_CALL_DIRECTION_INBOUND, sales, 0, H (10, 10), 0, H (10, 10) + 50, 50, 0, 0, 0,
      DESK_CALL_OUTCOME_CALLBACK },
    { DESK_CALL_DIRECTION_INBOUND, 0, 0, H (8, 50), 0, H (8, 50) + 30, 0, 0, 0, 0,
      DESK_CALL_OUTCOME_IVR_SETTLED },
    { DESK_CALL_DIRECTION_OUTBOUND, 0, fixture->op1, H (9, 40), H (9, 40) + 5,
      H (9, 40) + 95, 0, 90, 0, 0, DESK_CALL_OUTCOME_ANSWERED },
    { DESK_CALL_DIRECTION_INBOUND, support, fixture->op1, day_start - 600, day_start + 60,
      day_start + 400, 660, 340, 0, 0, DESK_CALL_OUTCOME_ANSWERED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    add_call (fixture, &calls[i]);
  add_chat (fixture, support, fixture->op2, H (9, 15), H (9, 15) + 8, H (9, 15) + 308, 8,
            DESK_CALL_OUTCOME_ANSWERED);
  add_chat (fixture, support, 0, H (10, 20), 0, 0, 0, DESK_CALL_OUTCOME_NONE);
  add_chat (fixture, support, 0, H (10, 25), 0, H (10, 25) + 12, 12,
            DESK_CALL_OUTCOME_ABANDONED_QUEUE);
}

static const DeskKpiQueue *
find_queue (DeskKpi *kpi,
            gint64   queue_id)
{
  for (guint i = 0; i < kpi->queues->len; i++)
    {
      const DeskKpiQueue *queue = g_ptr_array_index (kpi->queues, i);

      if (queue->queue_id == queue_id)
        return queue;
    }
  g_assert_not_reached ();
}

static const DeskKpiOperator *
find_operator (DeskKpi *kpi,
               gint64   user_id)
{
  for (guint i = 0; i < kpi->operators->len; i++)
    {
      const DeskKpiOperator *op = g_ptr_array_index (kpi->operators, i);

      if (op->user_id == user_id)
        return op;
    }
  return NULL;
}

static DeskKpi *
compute (Fixture                *fixture,
         const DeskFlowSnapshot *snapshot)
{
  g_autoptr (GError) error = NULL;
  DeskKpi *kpi = desk_kpi_compute (fixture->store.store, snapshot, fixture->now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kpi);
  return kpi;
}

static void
test_queues (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;
  const DeskKpiQueue *q;

  add_day (fixture);
  kpi = compute (fixture, NULL);
  g_assert_cmpint (kpi->day_start, ==, fixture->day_start);
  g_assert_cmpint (kpi->short_abandon_seconds, ==, 5);
  g_assert_cmpuint (kpi->queues->len, ==, 2);

  /* support: 6 calls + 3 chats; answered c1 c2 c6 h1; in SL c1 c6 h1;
   * abandoned c3 c5 h3; short c4. */
  q = find_queue (kpi, fixture->support);
  g_assert_cmpstr (q->name, ==, "support");
  g_assert_cmpint (q->service_level_seconds, ==, 20);
  g_assert_cmpint (q->offered, ==, 9);
  g_assert_cmpint (q->answered, ==, 4);
  g_assert_cmpint (q->answered_in_sl, ==, 3);
  g_assert_cmpint (q->abandoned, ==, 3);
  g_assert_cmpint (q->short_abandoned, ==, 1);
  g_assert_cmpfloat_with_epsilon (q->service_level, 3.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (q->abandon_rate, 3.0 / 7, 1e-9);
  g_assert_cmpint (q->aht_ms, ==, 180000);        /* (150 + 210) / 2 */
  g_assert_cmpint (q->chat_aht_ms, ==, 300000);
  g_assert_cmpint (q->asa_ms, ==, 15750);         /* (10 + 25 + 20 + 8) / 4 */
  g_assert_cmpuint (q->calls_waiting, ==, 0);
  g_assert_cmpint (q->longest_wait_ms, ==, 0);

  /* sales: c7 answered at the target itself; c8's callback is neither. */
  q = find_queue (kpi, fixture->sales);
  g_assert_cmpint (q->offered, ==, 2);
  g_assert_cmpint (q->answered, ==, 1);
  g_assert_cmpint (q->answered_in_sl, ==, 1);
  g_assert_cmpint (q->abandoned, ==, 0);
  g_assert_cmpfloat_with_epsilon (q->service_level, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (q->abandon_rate, 0.0, 1e-9);
  g_assert_cmpint (q->aht_ms, ==, 60000);
  g_assert_cmpint (q->chat_aht_ms, ==, -1);
  g_assert_cmpint (q->asa_ms, ==, 30000);

  /* Together: each queue's own target; c9, c10 and c11 in none. */
  q = &kpi->total;
  g_assert_cmpint (q->queue_id, ==, 0);
  g_assert_null (q->name);
  g_assert_cmpint (q->offered, ==, 11);
  g_assert_cmpint (q->answered, ==, 5);
  g_assert_cmpint (q->answered_in_sl, ==, 4);
  g_assert_cmpint (q->abandoned, ==, 3);
  g_assert_cmpint (q->short_abandoned, ==, 1);
  g_assert_cmpfloat_with_epsilon (q->service_level, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (q->abandon_rate, 0.375, 1e-9);
  g_assert_cmpint (q->aht_ms, ==, 140000);        /* (150 + 210 + 60) / 3 */
  g_assert_cmpint (q->asa_ms, ==, 18600);         /* (63 + 30) / 5 */
}

static void
test_hours (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;
  const DeskKpiHour *h;

  add_day (fixture);
  kpi = compute (fixture, NULL);
  g_assert_cmpuint (kpi->hours->len, ==, 11);   /* 00:00 to 10:30 */
  for (guint i = 0; i < 8; i++)
    {
      h = &g_array_index (kpi->hours, DeskKpiHour, i);
      g_assert_cmpint (h->start, ==, fixture->day_start + i * 3600);
      g_assert_cmpint (h->hour, ==, i);
      g_assert_cmpint (h->calls + h->chats + h->answered + h->abandoned, ==, 0);
      g_assert_cmpfloat (h->service_level, ==, -1.0);
    }
  /* 08: c1 c2 c7 c9 (c9 in no queue); answered c1 c2 c7, in SL c1 c7. */
  h = &g_array_index (kpi->hours, DeskKpiHour, 8);
  g_assert_cmpint (h->hour, ==, 8);
  g_assert_cmpint (h->calls, ==, 4);
  g_assert_cmpint (h->chats, ==, 0);
  g_assert_cmpint (h->answered, ==, 3);
  g_assert_cmpint (h->abandoned, ==, 0);
  g_assert_cmpfloat_with_epsilon (h->service_level, 2.0 / 3, 1e-9);
  /* 09: c3 c4 c5 (c10 goes out), h1; abandoned c3 c5. */
  h = &g_array_index (kpi->hours, DeskKpiHour, 9);
  g_assert_cmpint (h->calls, ==, 3);
  g_assert_cmpint (h->chats, ==, 1);
  g_assert_cmpint (h->answered, ==, 1);
  g_assert_cmpint (h->abandoned, ==, 2);
  g_assert_cmpfloat_with_epsilon (h->service_level, 1.0 / 3, 1e-9);
  /* 10: c6 c8, h2 h3. */
  h = &g_array_index (kpi->hours, DeskKpiHour, 10);
  g_assert_cmpint (h->calls, ==, 2);
  g_assert_cmpint (h->chats, ==, 2);
  g_assert_cmpint (h->answered, ==, 1);
  g_assert_cmpint (h->abandoned, ==, 1);
  g_assert_cmpfloat_with_epsilon (h->service_level, 0.5, 1e-9);
}

static gint64
add_case (Fixture        *fixture,
          gint64          owner_id,
          gint64          created_at,
          DeskCaseStatus  status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { .category_id = fixture->category, .subject = "Broken router",
                       .owner_id = owner_id, .channel = DESK_CHANNEL_PHONE,
                       .created_at = created_at };

  desk_store_set_clock (fixture->store.store, created_at);
  kase = desk_store_create_case (fixture->store.store, owner_id, &spec, &error);
  g_assert_no_error (error);
  if (status == DESK_CASE_STATUS_CLOSED)
    {
      desk_store_set_case_status (fixture->store.store, owner_id, kase->id,
                                  DESK_CASE_STATUS_RESOLVED, DESK_RESOLUTION_SOLVED, NULL,
                                  &error);
      g_assert_no_error (error);
    }
  if (status != DESK_CASE_STATUS_NEW)
    desk_store_set_case_status (fixture->store.store, owner_id, kase->id, status,
                                status == DESK_CASE_STATUS_WAITING ||
                                status == DESK_CASE_STATUS_IN_PROGRESS ?
                                DESK_RESOLUTION_NONE : DESK_RESOLUTION_SOLVED, NULL, &error);
  g_assert_no_error (error);
  return kase->id;
}

static void
log_state (Fixture        *fixture,
           gint64          user_id,
           DeskAgentState  state,
           gint64          at)
{
  g_autoptr (GError) error = NULL;

  desk_store_set_clock (fixture->store.store, at);
  desk_store_log_agent_state (fixture->store.store, user_id, state, NULL, 0, &error);
  g_assert_no_error (error);
}

static void
test_operators (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskKpi) kpi = NULL;
  gint64 day_start = fixture->day_start;
  const DeskKpiOperator *op;

  add_day (fixture);
  fixture->category = desk_store_add_category (fixture->store.store, "Faults", 24, 0, &error);
  g_assert_no_error (error);

  /* op1: overdue since yesterday; one solved in time apart; one due
   * tomorrow. op2: two overdue (in progress, waiting for the customer), one
   * closed long after its due time. The supervisor's own overdue case is
   * not an operator's. */
  add_case (fixture, fixture->op1, day_start - 2 * 86400, DESK_CASE_STATUS_NEW);
  add_case (fixture, fixture->op1, day_start - 2 * 86400, DESK_CASE_STATUS_RESOLVED);
  add_case (fixture, fixture->op1, fixture->now - 3600, DESK_CASE_STATUS_IN_PROGRESS);
  add_case (fixture, fixture->op2, day_start - 3 * 86400, DESK_CASE_STATUS_IN_PROGRESS);
  add_case (fixture, fixture->op2, day_start - 3 * 86400, DESK_CASE_STATUS_WAITING);
  add_case (fixture, fixture->op2, day_start - 5 * 86400, DESK_CASE_STATUS_CLOSED);
  add_case (fixture, fixture->supervisor, day_start - 5 * 86400, DESK_CASE_STATUS_NEW);
  /* Exactly due now is not overdue yet. */
  add_case (fixture, fixture->op1, fixture->now - 24 * 3600, DESK_CASE_STATUS_NEW);

  /* op1 came in at 8, took c6 at 10:00 and is on it; op2 logged off at
   * 10:15 after a day's work. */
  log_state (fixture, fixture->op1, DESK_AGENT_STATE_AVAILABLE, H (8, 0));
  log_state (fixture, fixture->op1, DESK_AGENT_STATE_ON_CONTACT, H (10, 0) + 20);
  log_state (fixture, fixture->op2, DESK_AGENT_STATE_AVAILABLE, H (7, 55));
  log_state (fixture, fixture->op2, DESK_AGENT_STATE_BREAK, H (9, 50));
  log_state (fixture, fixture->op2, DESK_AGENT_STATE_OFFLINE, H (10, 15));
  desk_store_set_clock (fixture->store.store, 0);

  kpi = compute (fixture, NULL);
  /* People who work contacts only, by name. */
  g_assert_cmpuint (kpi->operators->len, ==, 2);
  g_assert_null (find_operator (kpi, fixture->supervisor));

  /* op1: c1, c6, c10 (c11 was yesterday's); finished c1 (150 s), c10 (90 s). */
  op = g_ptr_array_index (kpi->operators, 0);
  g_assert_cmpint (op->user_id, ==, fixture->op1);
  g_assert_cmpstr (op->name, ==, "op1");
  g_assert_cmpstr (op->login, ==, "op1");
  g_assert_cmpint (op->state, ==, DESK_AGENT_STATE_ON_CONTACT);
  g_assert_cmpint (op->since, ==, H (10, 0) + 20);
  g_assert_cmpint (op->handled, ==, 3);
  g_assert_cmpint (op->aht_ms, ==, 120000);
  g_assert_cmpint (op->overdue_cases, ==, 1);

  /* op2: c2, c7 and h1; finished calls c2 (210 s), c7 (60 s). */
  op = g_ptr_array_index (kpi->operators, 1);
  g_assert_cmpint (op->user_id, ==, fixture->op2);
  g_assert_cmpint (op->state, ==, DESK_AGENT_STATE_OFFLINE);
  g_assert_cmpint (op->since, ==, H (10, 15));
  g_assert_cmpint (op->handled, ==, 3);
  g_assert_cmpint (op->aht_ms, ==, 135000);
  g_assert_cmpint (op->overdue_cases, ==, 2);
}

/* What the flow sees now overrides the log and adds the lines. */
static void
test_snapshot (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;
  g_autoptr (DeskFlowSnapshot) snapshot = g_new0 (DeskFlowSnapshot, 1);
  DeskQueueNow support = { fixture->support, 2, 1, 1, 45000 };
  DeskQueueNow sales = { fixture->sales, 1, 0, 0, 70000 };
  DeskOperatorNow op2 = { fixture->op2, DESK_AGENT_STATE_WRAP_UP,
                          (fixture->now - 12) * 1000, 1, 2, 7 };
  const DeskKpiOperator *op;

  snapshot->at_ms = fixture->now * 1000;
  snapshot->queues = g_array_new (FALSE, TRUE, sizeof (DeskQueueNow));
  snapshot->operators = g_array_new (FALSE, TRUE, sizeof (DeskOperatorNow));
  g_array_append_val (snapshot->queues, support);
  g_array_append_val (snapshot->queues, sales);
  g_array_append_val (snapshot->operators, op2);

  add_day (fixture);
  kpi = compute (fixture, snapshot);
  g_assert_cmpuint (find_queue (kpi, fixture->support)->calls_waiting, ==, 2);
  g_assert_cmpuint (find_queue (kpi, fixture->support)->chats_waiting, ==, 1);
  g_assert_cmpuint (find_queue (kpi, fixture->support)->callbacks, ==, 1);
  g_assert_cmpint (find_queue (kpi, fixture->support)->longest_wait_ms, ==, 45000);
  g_assert_cmpint (find_queue (kpi, fixture->sales)->longest_wait_ms, ==, 70000);
  g_assert_cmpuint (kpi->total.calls_waiting, ==, 3);
  g_assert_cmpuint (kpi->total.chats_waiting, ==, 1);
  g_assert_cmpint (kpi->total.longest_wait_ms, ==, 70000);

  op = find_operator (kpi, fixture->op2);
  g_assert_cmpint (op->state, ==, DESK_AGENT_STATE_WRAP_UP);
  g_assert_cmpint (op->since, ==, fixture->now - 12);
  g_assert_cmpint (op->contacts_now, ==, 1);
  g_assert_cmpuint (op->phones, ==, 2);
  /* Handled comes from the records, the same for every reader. */
  g_assert_cmpint (op->handled, ==, 3);
  op = find_operator (kpi, fixture->op1);
  g_assert_cmpint (op->state, ==, DESK_AGENT_STATE_OFFLINE);
  g_assert_cmpint (op->since, ==, 0);
}

static void
test_empty_day (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;

  kpi = compute (fixture, NULL);
  g_assert_cmpint (kpi->total.offered, ==, 0);
  g_assert_cmpfloat (kpi->total.service_level, ==, -1.0);
  g_assert_cmpfloat (kpi->total.abandon_rate, ==, -1.0);
  g_assert_cmpint (kpi->total.aht_ms, ==, -1);
  g_assert_cmpint (kpi->total.chat_aht_ms, ==, -1);
  g_assert_cmpint (kpi->total.asa_ms, ==, -1);
  g_assert_cmpuint (kpi->queues->len, ==, 2);
  g_assert_cmpuint (kpi->hours->len, ==, 11);
  for (guint i = 0; i < kpi->hours->len; i++)
    g_assert_cmpint (g_array_index (kpi->hours, DeskKpiHour, i).calls, ==, 0);
  g_assert_cmpuint (kpi->operators->len, ==, 2);
  for (guint i = 0; i < kpi->operators->len; i++)
    {
      const DeskKpiOperator *op = g_ptr_array_index (kpi->operators, i);

      g_assert_cmpint (op->handled, ==, 0);
      g_assert_cmpint (op->aht_ms, ==, -1);
      g_assert_cmpint (op->overdue_cases, ==, 0);
      g_assert_cmpint (op->state, ==, DESK_AGENT_STATE_OFFLINE);
    }

  /* Yesterday's history is not today's. */
  add_day (fixture);
  g_clear_pointer (&kpi, desk_kpi_free);
  fixture->now = fixture->day_start + 86400 + 60;
  kpi = compute (fixture, NULL);
  g_assert_cmpint (kpi->day_start, ==, fixture->day_start + 86400);
  g_assert_cmpuint (kpi->hours->len, ==, 1);
  g_assert_cmpint (kpi->total.offered, ==, 0);
  g_assert_cmpint (find_operator (kpi, fixture->op1)->handled, ==, 0);
}

/* Only short abandons: nothing to divide by, yet they are counted. */
static void
test_short_abandons (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;
  gint64 day_start = fixture->day_start;
  const CallSpec quick = { DESK_CALL_DIRECTION_INBOUND, fixture->support, 0, H (9, 0), 0,
                           H (9, 0) + 4, 4, 0, 0, 0, DESK_CALL_OUTCOME_ABANDONED_QUEUE };
  const CallSpec none = { DESK_CALL_DIRECTION_INBOUND, fixture->support, 0, H (9, 5), 0,
                          H (9, 5), 0, 0, 0, 0, DESK_CALL_OUTCOME_ABANDONED_QUEUE };

  add_call (fixture, &quick);
  add_call (fixture, &none);
  add_chat (fixture, fixture->support, 0, H (9, 6), 0, H (9, 6) + 1, 1,
            DESK_CALL_OUTCOME_ABANDONED_QUEUE);
  kpi = compute (fixture, NULL);
  g_assert_cmpint (kpi->total.offered, ==, 3);
  g_assert_cmpint (kpi->total.short_abandoned, ==, 3);
  g_assert_cmpint (kpi->total.abandoned, ==, 0);
  g_assert_cmpfloat (kpi->total.service_level, ==, -1.0);
  g_assert_cmpfloat (kpi->total.abandon_rate, ==, -1.0);
  g_assert_cmpint (g_array_index (kpi->hours, DeskKpiHour, 9).abandoned, ==, 0);
  g_assert_cmpint (g_array_index (kpi->hours, DeskKpiHour, 9).calls, ==, 2);
}

/* Midnight itself: one hour, the first. */
static void
test_midnight (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (DeskKpi) kpi = NULL;

  fixture->now = fixture->day_start;
  kpi = compute (fixture, NULL);
  g_assert_cmpint (kpi->day_start, ==, fixture->day_start);
  g_assert_cmpuint (kpi->hours->len, ==, 1);
  g_assert_cmpint (desk_kpi_day_start (fixture->day_start - 1), ==, fixture->day_start - 86400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define KPI_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  KPI_TEST ("/desk/office/kpi/queues", test_queues);
  KPI_TEST ("/desk/office/kpi/hours", test_hours);
  KPI_TEST ("/desk/office/kpi/operators", test_operators);
  KPI_TEST ("/desk/office/kpi/snapshot", test_snapshot);
  KPI_TEST ("/desk/office/kpi/empty-day", test_empty_day);
  KPI_TEST ("/desk/office/kpi/short-abandons", test_short_abandons);
  KPI_TEST ("/desk/office/kpi/midnight", test_midnight);

  return g_test_run ();
}
