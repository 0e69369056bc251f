/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "call-flow-fixture.h"

#include "desk-voice.h"

#include <math.h>
#include <string.h>

/* The office's call flow end to end, for calls that come in (the fixture:
 * call-flow-fixture.c). */

/* caller → IVR (DTMF 1) → queue → the sticky operator (op1, who owns the
 * caller's open case) rings first and lets it ring out → op2 rings and
 * answers. The record tells the whole way. */
static void
test_sticky_then_next (FlowFixture   *f,
                       gconstpointer  data)
{
  g_autoptr (DeskCall) call = NULL;
  g_autofree char *identified = g_strdup_printf ("1 %" G_GINT64_FORMAT, f->client);
  FlowEvent *first, *second, *answered, *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "manual");
  flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  /* op1 has been idle for a shorter time: without stickiness op2 would go first. */
  flow_login (f, f->op2);
  flow_pause_ms (1100);
  flow_login (f, f->op1);

  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");

  first = flow_wait_event (f, "offered", 0, 20000);
  g_assert_cmpint (first->user_id, ==, f->op1);
  g_assert_cmpstr (first->text, ==, identified);
  second = flow_wait_event (f, "offered", flow_event_index (f, first) + 1,
                            (FLOW_OFFER_SECONDS + 10) * 1000);
  g_assert_cmpint (second->user_id, ==, f->op2);
  g_assert_cmpint (second->call_id, ==, first->call_id);
  answered = flow_wait_event (f, "answered", 0, 15000);
  g_assert_cmpint (answered->user_id, ==, f->op2);

  flow_pause_ms (2000);
  pbx_phone_command (caller, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "answered");

  call = flow_get_call (f, first->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_INBOUND);
  g_assert_cmpstr (call->caller_e164, ==, FLOW_CALLER_E164);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->queue_id, ==, f->queue);
  g_assert_cmpint (call->operator_id, ==, f->op2);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_nonnull (call->ivr_path);
  g_assert_nonnull (strstr (call->ivr_path, "Головне меню > 1 Оператор"));
  g_assert_cmpint (call->wait_seconds, >=, FLOW_OFFER_SECONDS - 1);
  g_assert_cmpint (call->talk_seconds, >=, 1);
  g_assert_cmpint (call->answered_at, >, 0);
  g_assert_cmpint (call->ended_at, >=, call->answered_at);

  /* op1 let one offer ring out: still available (auto-break comes at 2). */
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_AVAILABLE);
}

static gboolean
call_has_recording (gpointer data)
{
  FlowFixture *f = ((gpointer *) data)[0];
  gint64 call_id = *(gint64 *) ((gpointer *) data)[1];
  g_autoptr (DeskCall) call = desk_store_get_call (f->store, call_id, NULL);

  return call && call->recording_path && g_str_has_suffix (call->recording_path, ".ogg");
}

/* The answered call's recording ends up as Ogg/Opus on the record. */
static void
test_recorded (FlowFixture   *f,
               gconstpointer  data)
{
  FlowEvent *answered;
  PbxPhone *caller;
  gint64 call_id;
  gpointer args[2];

  if (!pbx_require_phones ())
    return;
  flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op2);
  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");
  answered = flow_wait_event (f, "answered", 0, 20000);
  call_id = answered->call_id;
  flow_pause_ms (2000);
  pbx_phone_command (caller, "/hangup\n");
  flow_wait_event (f, "ended", 0, 10000);

  args[0] = f;
  args[1] = &call_id;
  g_assert_true (desk_test_wait_until (call_has_recording, args, 30000));
}

/* Nobody free (the only operator is on a break): the caller waits, gives
 * up, and the record says so with the wait. */
static void
test_abandoned (FlowFixture   *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  FlowEvent *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_login (f, f->op1);
  g_assert_true (desk_call_flow_agent_set_break (f->flow, f->op1, "lunch", &error));
  g_assert_no_error (error);

  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");
  flow_pause_ms (3500);
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 1);
  pbx_phone_command (caller, "/hangup\n");
  ended = flow_wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "abandoned_queue");
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 0);

  call = flow_get_call (f, ended->call_id);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ABANDONED_QUEUE);
  g_assert_cmpint (call->wait_seconds, >=, 2);
  g_assert_cmpint (call->operator_id, ==, 0);
  g_assert_cmpint (call->answered_at, ==, 0);
}

static gboolean
callback_is (gpointer data)
{
  gpointer *args = data;
  FlowFixture *f = args[0];
  const char *status = args[1];
  g_autoptr (GPtrArray) open = desk_store_list_open_callbacks (f->store, NULL);

  if (g_str_equal (status, "pending"))
    {
      for (guint i = 0; open && i < open->len; i++)
        if (((DeskCallbackInfo *) g_ptr_array_index (open, i))->status ==
            DESK_CALLBACK_STATUS_PENDING)
          return TRUE;
      return FALSE;
    }
  return open && open->len == 0;
}

/* The caller presses 3 while waiting and hangs up; when the operator is
 * free, their phone rings first, then the provider is asked to call the
 * customer with the office's number, and the two are bridged. */
static void
test_callback (FlowFixture   *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autofree char *log = NULL;
  g_autofree char *messages = NULL;
  g_autoptr (DeskTestProcess) provider = NULL;
  DeskCallbackInfo *callback;
  FlowEvent *ended, *offered, *answered;
  PbxPhone *caller, *op;
  guint provider_port = desk_test_free_port ();
  gpointer args[2] = { f, "pending" };
  int status = -1;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;
  flow_use_provider (f, provider_port);

  op = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_login (f, f->op1);
  g_assert_true (desk_call_flow_agent_set_break (f->flow, f->op1, "training", &error));

  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, "1");
  flow_pause_ms (2000);
  pbx_phone_command (caller, "/sndcode 3\n");
  ended = flow_wait_event (f, "ended", 0, 20000);
  g_assert_cmpstr (ended->text, ==, "callback");
  g_assert_true (desk_test_wait_until (callback_is, args, 5000));

  open = desk_store_list_open_callbacks (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  callback = g_ptr_array_index (open, 0);
  g_assert_cmpstr (callback->e164, ==, FLOW_CALLER_E164);
  g_assert_cmpint (callback->client_id, ==, f->client);
  g_assert_cmpint (callback->queue_id, ==, f->queue);
  g_assert_cmpint (callback->call_id, ==, ended->call_id);
  /* The caller keeps the place they had in the line, before pressing 3. */
  g_assert_cmpint (callback->enqueued_at, <, callback->requested_at);

  /* Pressing 3 again from the same number makes no second request. */
  provider = flow_start_provider (f, provider_port, &log);
  flow_pause_ms (500);
  g_assert_true (desk_call_flow_agent_set_available (f->flow, f->op1, &error));
  g_assert_no_error (error);

  offered = flow_wait_event (f, "offered", 0, 15000);
  g_assert_cmpint (offered->user_id, ==, f->op1);
  answered = flow_wait_event (f, "answered", 0, 20000);
  g_assert_cmpint (answered->user_id, ==, f->op1);
  flow_pause_ms (1500);
  pbx_phone_command (op, "/hangup\n");
  g_assert_true (desk_test_process_wait (provider, 15000, &status));
  g_assert_cmpint (status, ==, 0);

  args[1] = "done";
  g_assert_true (desk_test_wait_until (callback_is, args, 5000));
  call = flow_get_call (f, answered->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpstr (call->callee, ==, FLOW_CALLER_E164);
  g_assert_cmpint (call->operator_id, ==, f->op1);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->answered_at, >, 0);

  /* The provider was asked for the customer, from the office's number. */
  g_assert_true (g_file_get_contents (log, &messages, NULL, NULL));
  g_assert_nonnull (strstr (messages, "INVITE sip:" FLOW_CALLER_E164 "@"));
  g_assert_nonnull (strstr (messages, FLOW_OFFICE_NUMBER));
}

/* The prompt, found in what the caller heard ------------------------------- */

/* How well @prompt matches @heard at its best alignment: the normalised
 * correlation of the samples, 1 for an exact copy. Candidates come from the
 * correlation of 10 ms energy envelopes; the samples are then compared
 * around each. G.711 keeps the waveform, so a prompt that was played scores
 * near 1 and any other sound far less. */
static double
best_match (const gint16 *heard,
            gsize         n_heard,
            const gint16 *prompt,
            gsize         n_prompt)
{
  enum { FRAME = 80 };
  gsize fh = n_heard / FRAME, fp = n_prompt / FRAME;
  g_autofree double *eh = g_new0 (double, fh + 1);
  g_autofree double *ep = g_new0 (double, fp + 1);
  double best = 0;

  if (fp == 0 || fh < fp)
    return 0;
  for (gsize i = 0; i < fh * FRAME; i++)
    eh[i / FRAME] += fabs ((double) heard[i]);
  for (gsize i = 0; i < fp * FRAME; i++)
    ep[i / FRAME] += fabs ((double) prompt[i]);

  for (gsize off = 0; off + fp <= fh; off++)
    {
      double dot = 0, a = 0, b = 0, env;

      for (gsize j = 0; j < fp; j++)
        {
          dot += eh[off + j] * ep[j];
          a += eh[off + j] * eh[off + j];
          b += ep[j] * ep[j];
        }
      env = a > 0 && b > 0 ? dot / sqrt (a * b) : 0;
      if (env < 0.8)
        continue;
      /* Refine on samples around this frame offset. */
      for (gssize shift = -FRAME; shift <= FRAME; shift++)
        {
          gssize start = (gssize) (off * FRAME) + shift;
          double sdot = 0, sa = 0, sb = 0;

          if (start < 0 || (gsize) start + n_prompt > n_heard)
            continue;
          for (gsize j = 0; j < n_prompt; j++)
            {
              double x = heard[start + j], y = prompt[j];

              sdot += x * y;
              sa += x * x;
              sb += y * y;
            }
          if (sa > 0 && sb > 0)
            best = MAX (best, sdot / sqrt (sa * sb));
        }
    }
  return best;
}

/* The IVR reads out the status of the caller's case; the spoken sentence
 * is found in what the caller heard, and a sentence with another status is
 * not. */
static void
test_case_status (FlowFixture   *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskVoice) voice = NULL;
  g_autofree char *prompts = g_build_filename (f->data_dir, "prompts", NULL);
  g_autofree char *keys = g_strdup_printf ("2%" G_GINT64_FORMAT "#", f->case_number);
  g_autofree char *right_text = NULL, *wrong_text = NULL;
  g_autofree char *right_path = NULL, *wrong_path = NULL;
  g_autofree gint16 *right = NULL, *wrong = NULL, *heard = NULL;
  gsize n_right = 0, n_wrong = 0, n_heard = 0;
  double right_score, wrong_score;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  caller = flow_start_caller (f);
  flow_dial_and_press (f, caller, keys);
  flow_pause_ms (9000);
  pbx_phone_command (caller, "/hangup\n");
  flow_wait_event (f, "ended", 0, 10000);
  pbx_phone_quit (caller);

  voice = desk_voice_new (prompts);
  right_text = desk_voice_case_status_text ("uk", f->case_number, "in_progress");
  wrong_text = desk_voice_case_status_text ("uk", f->case_number, "closed");
  right_path = desk_voice_say_sync (voice, "uk", right_text, NULL, &error);
  g_assert_no_error (error);
  wrong_path = desk_voice_say_sync (voice, "uk", wrong_text, NULL, &error);
  g_assert_no_error (error);
  right = pbx_read_wav_mono (right_path, &n_right);
  wrong = pbx_read_wav_mono (wrong_path, &n_wrong);
  heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &n_heard);

  right_score = best_match (heard, n_heard, right, n_right);
  wrong_score = best_match (heard, n_heard, wrong, n_wrong);
  g_test_message ("“%s”: %.3f; “%s”: %.3f", right_text, right_score, wrong_text, wrong_score);
  g_assert_cmpfloat (right_score, >, 0.8);
  g_assert_cmpfloat (wrong_score, <, right_score - 0.2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FLOW_TEST(path, func) \
  g_test_add (path, FlowFixture, NULL, flow_setup, func, flow_teardown)
  FLOW_TEST ("/desk/office/call-flow/sticky-then-next", test_sticky_then_next);
  FLOW_TEST ("/desk/office/call-flow/recorded", test_recorded);
  FLOW_TEST ("/desk/office/call-flow/abandoned", test_abandoned);
  FLOW_TEST ("/desk/office/call-flow/callback", test_callback);
  FLOW_TEST ("/desk/office/call-flow/case-status", test_case_status);
#undef FLOW_TEST

  return g_test_run ();
}
