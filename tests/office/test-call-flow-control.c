/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "call-flow-fixture.h"

/* What an operator does to a call from the agent window, end to end with
 * real phones: hold with music and resume, pause the recording, transfer to
 * a colleague. The record and the flow's signals follow. */

typedef struct
{
  guint held;
  guint resumed;
  gint64 transferred_from;
  gint64 transferred_to;
} ControlSeen;

static void
on_held (DeskCallFlow *flow, gint64 call_id, gboolean held, ControlSeen *seen)
{
  if (held)
    seen->held++;
  else
    seen->resumed++;
}

static void
on_transferred (DeskCallFlow *flow, gint64 call_id, gint64 from, gint64 to, ControlSeen *seen)
{
  seen->transferred_from = from;
  seen->transferred_to = to;
}

static gboolean
was_transferred (gpointer data)
{
  return ((ControlSeen *) data)->transferred_to != 0;
}

static const char *
state_of (FlowFixture *f,
          gint64       user_id,
          gint64       call_id)
{
  g_autoptr (GPtrArray) calls = desk_call_flow_list_calls (f->flow, user_id);

  for (guint i = 0; i < calls->len; i++)
    {
      DeskLiveCall *call = g_ptr_array_index (calls, i);

      if (call->call_id == call_id)
        return call->state;
    }
  return NULL;
}

static void
test_hold_pause_transfer (FlowFixture   *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  ControlSeen seen = { 0 };
  FlowEvent *answered, *ended;
  PbxPhone *caller;
  gint64 id;

  if (!pbx_require_phones ())
    return;
  g_signal_connect (f->flow, "call-held", G_CALLBACK (on_held), &seen);
  g_signal_connect (f->flow, "call-transferred", G_CALLBACK (on_transferred), &seen);
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op1);

  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");
  answered = flow_wait_event (f, "answered", 0, 20000);
  id = answered->call_id;
  g_assert_cmpint (answered->user_id, ==, f->op1);
  g_assert_cmpstr (state_of (f, f->op1, id), ==, DESK_LIVE_CALL_TALKING);
  g_assert_null (state_of (f, f->op2, id));

  /* Somebody else's call is not there for them. */
  g_assert_false (desk_call_flow_hold (f->flow, f->op2, id, TRUE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (desk_call_flow_hold (f->flow, f->op1, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, f->op1, id), ==, DESK_LIVE_CALL_HELD);
  flow_pause_ms (2200);
  g_assert_true (desk_call_flow_hold (f->flow, f->op1, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.held, ==, 1);
  g_assert_cmpuint (seen.resumed, ==, 1);

  g_assert_true (desk_call_flow_pause_recording (f->flow, f->op1, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (desk_call_flow_pause_recording (f->flow, f->op1, id, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (desk_call_flow_transfer (f->flow, f->op1, id, f->op1, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  flow_login (f, f->op2);
  g_assert_true (desk_call_flow_transfer (f->flow, f->op1, id, f->op2, &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (was_transferred, &seen, 20000));
  g_assert_cmpint (seen.transferred_from, ==, f->op1);
  g_assert_cmpint (seen.transferred_to, ==, f->op2);
  g_assert_cmpstr (state_of (f, f->op2, id), ==, DESK_LIVE_CALL_TALKING);
  g_assert_null (state_of (f, f->op1, id));

  flow_pause_ms (1500);
  pbx_phone_command (caller, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpint (ended->call_id, ==, id);
  g_assert_cmpstr (ended->text, ==, "answered");

  call = flow_get_call (f, id);
  g_assert_cmpint (call->operator_id, ==, f->op2);
  g_assert_cmpint (call->hold_seconds, >=, 2);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/office/call-flow/hold-pause-transfer", FlowFixture, NULL, flow_setup,
              test_hold_pause_transfer, flow_teardown);

  return g_test_run ();
}
