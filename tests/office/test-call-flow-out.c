/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "call-flow-fixture.h"

#include <signal.h>
#include <string.h>

/* The office's call flow end to end, for the calls operators place, the
 * calls an outsider may not place, what happens to an operator who lets
 * offers ring out, and a case opened from the IVR (the fixture:
 * call-flow-fixture.c). */

typedef struct
{
  PbxPhone *phone;
  const char *text;
} PhoneSaid;

static gboolean
phone_has_said (gpointer data)
{
  PhoneSaid *w = data;

  return strstr (desk_test_process_get_output (w->phone->process), w->text) != NULL;
}

/* Whether the phone's console printed @text within @timeout_ms. */
static gboolean
phone_said (PbxPhone   *phone,
            const char *text,
            guint       timeout_ms)
{
  PhoneSaid w = { phone, text };

  return desk_test_wait_until (phone_has_said, &w, timeout_ms);
}

/* What the provider was sent, from its message log; "" if nothing. */
static char *
provider_messages (const char *log)
{
  char *messages = NULL;

  if (!g_file_get_contents (log, &messages, NULL, NULL))
    return g_strdup ("");
  return messages;
}

static void
assert_provider_called (const char *log)
{
  g_autofree char *messages = provider_messages (log);

  /* The customer, in E.164, from the office's own number. */
  g_assert_nonnull (strstr (messages, "INVITE sip:" FLOW_CALLER_E164 "@"));
  g_assert_nonnull (strstr (messages, "From: <sip:" FLOW_OFFICE_NUMBER "@"));
}

static void
wait_provider_done (DeskTestProcess *provider)
{
  int status = -1;

  g_assert_true (desk_test_process_wait (provider, 15000, &status));
  g_assert_cmpint (status, ==, 0);
}

/* Click to call: the operator's phone rings first, and only once they
 * answer is the customer called through the trunk, with the office's
 * number; the record is an answered outbound call of theirs, for the client
 * the number belongs to. */
static void
test_place_call (FlowFixture   *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) ringing = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskTestProcess) provider = NULL;
  g_autofree char *log = NULL;
  g_autofree char *early = NULL;
  g_autofree char *during = NULL;
  guint provider_port = desk_test_free_port ();
  FlowEvent *answered, *ended;
  PbxPhone *op;
  gint64 call_id;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;
  flow_use_provider (f, provider_port);
  op = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "manual");
  flow_login (f, f->op1);
  provider = flow_start_provider (f, provider_port, &log);
  flow_pause_ms (500);

  /* The number as the operator typed it, in the national form. */
  call_id = desk_call_flow_place_call (f->flow, f->op1, FLOW_CALLER_USER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (call_id, >, 0);

  /* The operator's phone rings with the customer's number ... */
  if (!phone_said (op, "Incoming call", 10000))
    g_error ("op1's phone did not ring:\n%s", desk_test_process_get_output (op->process));
  g_assert_true (phone_said (op, FLOW_CALLER_E164, 1000));
  /* ... and while it rings, the customer is not called. */
  flow_pause_ms (1500);
  early = provider_messages (log);
  g_assert_null (strstr (early, "INVITE"));
  ringing = flow_get_call (f, call_id);
  g_assert_cmpint (ringing->direction, ==, DESK_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpint (ringing->answered_at, ==, 0);
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_AVAILABLE);

  pbx_phone_command (op, "/accept\n");
  answered = flow_wait_event (f, "answered", 0, 15000);
  g_assert_cmpint (answered->call_id, ==, call_id);
  g_assert_cmpint (answered->user_id, ==, f->op1);
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_ON_CONTACT);
  /* sipp writes its log as it goes: what it had before was all there was. */
  during = provider_messages (log);
  g_assert_nonnull (strstr (during, "INVITE sip:" FLOW_CALLER_E164 "@"));

  flow_pause_ms (1500);
  pbx_phone_command (op, "/hangup\n");
  wait_provider_done (provider);
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpint (ended->call_id, ==, call_id);
  g_assert_cmpstr (ended->text, ==, "answered");
  assert_provider_called (log);

  call = flow_get_call (f, call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpstr (call->callee, ==, FLOW_CALLER_E164);
  g_assert_cmpint (call->operator_id, ==, f->op1);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (call->answered_at, >, 0);
  g_assert_cmpint (call->ended_at, >=, call->answered_at);
  g_assert_cmpint (call->talk_seconds, >=, 1);
}

/* The operator dials an outside number on the phone: the office places it
 * through the trunk and records it as the operator's outbound call. */
static void
test_operator_dials_out (FlowFixture   *f,
                         gconstpointer  data)
{
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskTestProcess) provider = NULL;
  g_autofree char *log = NULL;
  guint provider_port = desk_test_free_port ();
  FlowEvent *incoming, *answered, *ended;
  PbxPhone *op;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;
  flow_use_provider (f, provider_port);
  op = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_login (f, f->op1);
  provider = flow_start_provider (f, provider_port, &log);
  flow_pause_ms (500);

  pbx_phone_command (op, "/dial sip:" FLOW_CALLER_USER "@127.0.0.1:%u\n", f->base.port);
  incoming = flow_wait_event (f, "pbx-incoming", 0, 10000);
  g_assert_cmpstr (incoming->text, ==, FLOW_CALLER_USER " " PBX_TEST_USER1);
  answered = flow_wait_event (f, "answered", 0, 20000);
  g_assert_cmpint (answered->user_id, ==, f->op1);
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_ON_CONTACT);

  flow_pause_ms (1500);
  pbx_phone_command (op, "/hangup\n");
  wait_provider_done (provider);
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpint (ended->call_id, ==, answered->call_id);
  g_assert_cmpstr (ended->text, ==, "answered");
  assert_provider_called (log);

  call = flow_get_call (f, answered->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpstr (call->caller, ==, PBX_TEST_USER1);
  g_assert_cmpstr (call->callee, ==, FLOW_CALLER_E164);
  g_assert_cmpint (call->operator_id, ==, f->op1);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (call->answered_at, >, 0);
  g_assert_cmpint (call->talk_seconds, >=, 1);
}

/* One operator dials another's extension: the other's phone rings, no
 * trunk is involved, and the record is an internal call. */
static void
test_internal_call (FlowFixture   *f,
                    gconstpointer  data)
{
  g_autoptr (DeskCall) call = NULL;
  FlowEvent *incoming, *answered, *ended;
  PbxPhone *op1, *op2;

  if (!pbx_require_phones ())
    return;
  op1 = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  op2 = flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op1);
  flow_login (f, f->op2);

  pbx_phone_command (op1, "/dial sip:" PBX_TEST_USER2 "@127.0.0.1:%u\n", f->base.port);
  incoming = flow_wait_event (f, "pbx-incoming", 0, 10000);
  g_assert_cmpstr (incoming->text, ==, PBX_TEST_USER2 " " PBX_TEST_USER1);
  answered = flow_wait_event (f, "answered", 0, 15000);
  g_assert_cmpint (answered->user_id, ==, f->op1);
  /* op2's phone answered a call that shows op1 as the caller. */
  if (!phone_said (op2, "Call established: sip:" PBX_TEST_USER1 "@", 5000))
    g_error ("op2's phone did not ring:\n%s", desk_test_process_get_output (op2->process));

  flow_pause_ms (1500);
  pbx_phone_command (op1, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpint (ended->call_id, ==, answered->call_id);
  g_assert_cmpstr (ended->text, ==, "answered");

  call = flow_get_call (f, answered->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_INTERNAL);
  g_assert_cmpstr (call->caller, ==, PBX_TEST_USER1);
  g_assert_cmpstr (call->callee, ==, PBX_TEST_USER2);
  g_assert_cmpint (call->operator_id, ==, f->op1);
  g_assert_cmpint (call->client_id, ==, 0);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (call->answered_at, >, 0);
}

/* The outside caller's call to @user is refused with 404 by the office. */
static void
assert_refused (FlowFixture *f,
                PbxPhone    *caller,
                const char  *user)
{
  g_autofree char *expected = g_strdup_printf ("%s -", user);
  guint from = f->events->len;
  FlowEvent *incoming, *ended;

  pbx_phone_command (caller, "/dial sip:%s@127.0.0.1:%u\n", user, f->base.port);
  incoming = flow_wait_event (f, "pbx-incoming", from, 10000);
  g_assert_cmpstr (incoming->text, ==, expected);
  ended = flow_wait_event (f, "pbx-ended", flow_event_index (f, incoming), 10000);
  g_assert_cmpint (ended->call_id, ==, incoming->call_id);
  g_assert_cmpstr (ended->text, ==, "404");
}

/* An outside caller (no account, no digest) who dials an outside number,
 * in either form, or an operator's extension, reaches no route: refused,
 * no record, and nothing gets to the provider. */
static void
test_outsider_refused (FlowFixture   *f,
                       gconstpointer  data)
{
  g_autoptr (DeskTestProcess) provider = NULL;
  g_autofree char *log = NULL;
  g_autofree char *messages = NULL;
  guint provider_port = desk_test_free_port ();
  PbxPhone *caller;
  int status = -1;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;
  flow_use_provider (f, provider_port);
  provider = flow_start_provider (f, provider_port, &log);
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_login (f, f->op1);
  caller = flow_start_caller (f);

  assert_refused (f, caller, "0671234567");
  assert_refused (f, caller, "+380671234567");
  assert_refused (f, caller, PBX_TEST_USER1);
  flow_pause_ms (1500);

  g_assert_null (flow_find_event (f, "ended", 0, 0));
  g_assert_null (flow_find_event (f, "offered", 0, 0));
  g_assert_cmpint (flow_count (f, "SELECT count(*) FROM calls"), ==, 0);
  /* The provider never heard of any of it: still waiting for its call. */
  g_assert_false (desk_test_process_wait (provider, 0, &status));
  desk_test_process_signal (provider, SIGTERM);
  g_assert_true (desk_test_process_wait (provider, 10000, &status));
  messages = provider_messages (log);
  g_assert_null (strstr (messages, "INVITE"));
}

/* An operator who lets two offers in a row ring out has walked away: the
 * office puts them on a break ("missed offers"), the state log shows it,
 * and the caller is not offered to them again. */
static void
test_auto_break (FlowFixture   *f,
                 gconstpointer  data)
{
  g_autofree char *sql = NULL;
  FlowEvent *first, *second, *state, *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "manual");
  flow_login (f, f->op1);
  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");

  first = flow_wait_event (f, "offered", 0, 20000);
  g_assert_cmpint (first->user_id, ==, f->op1);
  g_assert_null (flow_find_event (f, "state", flow_event_index (f, first) + 1, 0));
  second = flow_wait_event (f, "offered", flow_event_index (f, first) + 1,
                            (FLOW_OFFER_SECONDS + 10) * 1000);
  g_assert_cmpint (second->user_id, ==, f->op1);
  g_assert_cmpint (second->call_id, ==, first->call_id);
  /* One ring-out is forgiven. */
  g_assert_null (flow_find_event (f, "state", flow_event_index (f, first) + 1, 0));

  state = flow_wait_event (f, "state", flow_event_index (f, second) + 1,
                           (FLOW_OFFER_SECONDS + 10) * 1000);
  g_assert_cmpint (state->user_id, ==, f->op1);
  g_assert_cmpstr (state->text, ==, "break");
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==, DESK_AGENT_STATE_BREAK);
  sql = g_strdup_printf ("SELECT count(*) FROM agent_state_log WHERE user_id = %" G_GINT64_FORMAT
                         " AND state = 'break' AND reason = 'missed offers' AND ended_at IS NULL",
                         f->op1);
  g_assert_cmpint (flow_count (f, sql), ==, 1);

  /* The caller waits on; nobody rings for them now. */
  g_assert_null (flow_find_event (f, "offered", flow_event_index (f, second) + 1, 3000));
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 1);
  pbx_phone_command (caller, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "abandoned_queue");
}

static gboolean
ivr_case_opened (gpointer data)
{
  return flow_count (data, "SELECT count(*) FROM cases WHERE channel = 'ivr'") > 0;
}

/* An identified caller picks the typical case in the IVR: the case is
 * opened for them and linked to the call, which counts as settled in the
 * IVR. */
static void
test_typical_case (FlowFixture   *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (GArray) cases = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autofree char *step = NULL;
  g_autofree char *number = NULL;
  gboolean linked = FALSE;
  FlowEvent *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, FLOW_TYPICAL_KEY);
  g_assert_true (desk_test_wait_until (ivr_case_opened, f, 15000));
  flow_pause_ms (1000);
  pbx_phone_command (caller, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "ivr_settled");
  g_assert_null (flow_find_event (f, "offered", 0, 0));

  call = flow_get_call (f, ended->call_id);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_IVR_SETTLED);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->operator_id, ==, 0);
  cases = desk_store_list_call_cases (f->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  kase = desk_store_get_case (f->store, g_array_index (cases, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->client_id, ==, f->client);
  g_assert_cmpint (kase->category_id, ==, f->category);
  g_assert_cmpstr (kase->subject, ==, FLOW_TYPICAL_LABEL);
  g_assert_cmpint (kase->channel, ==, DESK_CHANNEL_IVR);
  g_assert_cmpint (kase->status, ==, DESK_CASE_STATUS_NEW);

  events = desk_store_list_case_events (f->store, kase->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      DeskCaseEvent *event = g_ptr_array_index (events, i);

      linked |= event->kind == DESK_CASE_EVENT_CALL && event->call_id == call->id;
    }
  g_assert_true (linked);

  /* The path names the choice and the number the caller was told. */
  step = g_strdup_printf ("%s %s", FLOW_TYPICAL_KEY, FLOW_TYPICAL_LABEL);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  g_assert_nonnull (call->ivr_path);
  g_assert_nonnull (strstr (call->ivr_path, step));
  g_assert_nonnull (strstr (call->ivr_path, number));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FLOW_TEST(path, func) \
  g_test_add (path, FlowFixture, NULL, flow_setup, func, flow_teardown)
  FLOW_TEST ("/desk/office/call-flow-out/place-call", test_place_call);
  FLOW_TEST ("/desk/office/call-flow-out/operator-dials-out", test_operator_dials_out);
  FLOW_TEST ("/desk/office/call-flow-out/internal", test_internal_call);
  FLOW_TEST ("/desk/office/call-flow-out/outsider-refused", test_outsider_refused);
  FLOW_TEST ("/desk/office/call-flow-out/auto-break", test_auto_break);
  FLOW_TEST ("/desk/office/call-flow-out/typical-case", test_typical_case);
#undef FLOW_TEST

  return g_test_run ();
}
