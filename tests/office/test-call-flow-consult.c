/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "call-flow-fixture.h"

#include <string.h>

/* Call control beyond hold, end to end with real phones: keys relayed and
 * sent to the caller, a call put back into a queue, and the consultation
 * the office places (the caller on hold with music, the colleague's phone
 * rings, the operator talks to them on their one call), completed as an
 * attended transfer or joined into a conference. What the phones heard is
 * checked by frequency: callers send 440 Hz, operators 1800 Hz, the music
 * on hold is 600 Hz. */

#define MUSIC_HZ 600.0

typedef struct
{
  FlowFixture *f;
  GPtrArray *seen;      /* "answered <call> <user>", "ended <call> <outcome>", … */
} Watch;

static void
seen_add (Watch      *w,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
seen_add (Watch      *w,
          const char *format,
          ...)
{
  va_list args;
  char *line;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("flow: %s", line);
  g_ptr_array_add (w->seen, line);
}

static void
on_answered (DeskCallFlow *flow, gint64 call_id, gint64 user_id, Watch *w)
{
  seen_add (w, "answered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, call_id, user_id);
}

static void
on_ended (DeskCallFlow *flow, gint64 call_id, const char *outcome, Watch *w)
{
  seen_add (w, "ended %" G_GINT64_FORMAT " %s", call_id, outcome);
}

static void
on_held (DeskCallFlow *flow, gint64 call_id, gboolean held, Watch *w)
{
  seen_add (w, "held %" G_GINT64_FORMAT " %d", call_id, held);
}

static void
on_transferred (DeskCallFlow *flow, gint64 call_id, gint64 from, gint64 to, Watch *w)
{
  seen_add (w, "transferred %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
            call_id, from, to);
}

typedef struct
{
  Watch *w;
  const char *prefix;
} SeenWait;

static gboolean
has_seen (gpointer data)
{
  SeenWait *sw = data;

  for (guint i = 0; i < sw->w->seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (sw->w->seen, i), sw->prefix))
      return TRUE;
  return FALSE;
}

static void
wait_seen (Watch      *w,
           guint       timeout_ms,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
wait_seen (Watch      *w,
           guint       timeout_ms,
           const char *format,
           ...)
{
  g_autofree char *prefix = NULL;
  SeenWait sw = { w, NULL };
  va_list args;

  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);
  sw.prefix = prefix;
  if (!desk_test_wait_until (has_seen, &sw, timeout_ms))
    g_error ("no “%s” in %u ms", prefix, timeout_ms);
}

/* The fixture's flow again, with music on hold, watched by @w. */
static void
watch_setup (FlowFixture *f,
             Watch       *w)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *music = pbx_write_tone_wav (&f->base, "music.wav", MUSIC_HZ, 120, -1);
  DeskCallFlowOptions options = {
    .language = "uk",
    .offer_seconds = FLOW_OFFER_SECONDS,
    .record_calls = TRUE,
    .data_dir = f->data_dir,
    .music_on_hold = music,
  };

  g_clear_object (&f->flow);
  f->flow = desk_call_flow_new (f->store, f->base.pbx, &options, &error);
  g_assert_no_error (error);
  w->f = f;
  w->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->flow, "call-answered", G_CALLBACK (on_answered), w);
  g_signal_connect (f->flow, "call-ended", G_CALLBACK (on_ended), w);
  g_signal_connect (f->flow, "call-held", G_CALLBACK (on_held), w);
  g_signal_connect (f->flow, "call-transferred", G_CALLBACK (on_transferred), w);
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

/* The caller reaches op1 (the sticky operator); the call's record id. */
static gint64
caller_reaches_op1 (FlowFixture  *f,
                    Watch        *w,
                    PbxPhone    **caller)
{
  g_autofree char *op = g_strdup_printf (" %" G_GINT64_FORMAT, f->op1);
  const char *line;

  *caller = flow_start_caller (f);
  flow_dial_and_press (f, *caller, "1");
  wait_seen (w, 20000, "answered ");
  line = g_ptr_array_index (w->seen, 0);
  g_assert_true (g_str_has_suffix (line, op));
  return g_ascii_strtoll (line + strlen ("answered "), NULL, 10);
}

/* Seconds in what @phone heard in its @nth call where @hz dominates, from
 * @from on; fails if it never does. */
static int
heard_at (PbxPhone *phone,
          guint     nth,
          double    hz,
          int       from)
{
  gsize n = 0;
  g_autofree gint16 *s = pbx_phone_heard (phone, nth, &n);
  int at;

  g_assert_nonnull (s);
  at = pbx_find_tone (s, n, hz, from);
  if (at < 0)
    g_error ("%s never heard %.0f Hz from second %d on (%zu samples)", phone->name, hz, from, n);
  return at;
}

static void
test_dtmf (FlowFixture   *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  Watch w = { 0 };
  PbxPhone *op1, *caller;
  gint64 id;

  if (!pbx_require_phones ())
    return;
  watch_setup (f, &w);
  op1 = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_login (f, f->op1);
  id = caller_reaches_op1 (f, &w, &caller);
  flow_pause_ms (1000);

  /* The operator's own keypad reaches the caller. */
  pbx_phone_command (op1, "/sndcode 7\n");
  pbx_phone_assert_dtmf (caller, '7');

  /* Keys sent from the window. */
  g_assert_false (desk_call_flow_send_dtmf (f->flow, f->op1, id, "12x", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_call_flow_send_dtmf (f->flow, f->op1, id, "", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_call_flow_send_dtmf (f->flow, f->op2, id, "1", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (desk_call_flow_send_dtmf (f->flow, f->op1, id, "42#", &error));
  g_assert_no_error (error);
  pbx_phone_assert_dtmf (caller, '4');
  pbx_phone_assert_dtmf (caller, '2');
  pbx_phone_assert_dtmf (caller, '#');

  pbx_phone_command (caller, "/hangup\n");
  wait_seen (&w, 10000, "ended %" G_GINT64_FORMAT " answered", id);
  g_ptr_array_unref (w.seen);
}

static void
test_transfer_to_queue (FlowFixture   *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  Watch w = { 0 };
  PbxPhone *caller;
  gint64 id;

  if (!pbx_require_phones ())
    return;
  watch_setup (f, &w);
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op1);
  id = caller_reaches_op1 (f, &w, &caller);
  flow_login (f, f->op2);

  g_assert_false (desk_call_flow_transfer_to_queue (f->flow, f->op1, id, 9999, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (desk_call_flow_transfer_to_queue (f->flow, f->op1, id, f->queue, &error));
  g_assert_no_error (error);
  g_assert_null (state_of (f, f->op1, id));
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 1);

  /* op1 has passed it on: op2 takes it, and the record follows. */
  wait_seen (&w, 20000, "answered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, id, f->op2);
  g_assert_cmpstr (state_of (f, f->op2, id), ==, DESK_LIVE_CALL_TALKING);
  flow_pause_ms (2000);
  pbx_phone_command (caller, "/hangup\n");
  wait_seen (&w, 10000, "ended %" G_GINT64_FORMAT " answered", id);
  call = flow_get_call (f, id);
  g_assert_cmpint (call->operator_id, ==, f->op2);
  g_assert_cmpint (call->queue_id, ==, f->queue);
  /* The caller heard op2 after the transfer, on the same call. */
  heard_at (caller, PBX_HEARD_LAST, 1800.0, 0);
  g_ptr_array_unref (w.seen);
}

static gint64
consult_op2 (FlowFixture *f,
             Watch       *w,
             gint64       id)
{
  g_autoptr (GError) error = NULL;
  gint64 consult;

  consult = desk_call_flow_consult (f->flow, f->op1, id, f->op2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (consult, >, 0);
  wait_seen (w, 15000, "answered %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, consult, f->op1);
  g_assert_cmpstr (state_of (f, f->op1, id), ==, DESK_LIVE_CALL_HELD);
  g_assert_cmpstr (state_of (f, f->op1, consult), ==, DESK_LIVE_CALL_TALKING);
  return consult;
}

static void
test_consult_transfer (FlowFixture   *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskCall) record = NULL;
  Watch w = { 0 };
  PbxPhone *op1, *op2, *caller;
  gint64 id, consult;
  int talk, music, after;

  if (!pbx_require_phones ())
    return;
  watch_setup (f, &w);
  op1 = flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  op2 = flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op1);
  id = caller_reaches_op1 (f, &w, &caller);
  flow_pause_ms (2500);

  /* Bad requests change nothing. */
  g_assert_cmpint (desk_call_flow_consult (f->flow, f->op1, id, f->op1, NULL, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (desk_call_flow_consult (f->flow, f->op2, id, f->op1, NULL, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  consult = consult_op2 (f, &w, id);
  wait_seen (&w, 1000, "held %" G_GINT64_FORMAT " 1", id);
  /* While consulting, the customer's call is not to be touched otherwise. */
  g_assert_false (desk_call_flow_hold (f->flow, f->op1, id, FALSE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (desk_call_flow_transfer_consult (f->flow, f->op1, id, id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  flow_pause_ms (3000);

  g_assert_true (desk_call_flow_transfer_consult (f->flow, f->op1, id, consult, &error));
  g_assert_no_error (error);
  wait_seen (&w, 5000, "transferred %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
             id, f->op1, f->op2);
  wait_seen (&w, 5000, "ended %" G_GINT64_FORMAT " answered", consult);
  g_assert_null (state_of (f, f->op1, id));
  g_assert_cmpstr (state_of (f, f->op2, id), ==, DESK_LIVE_CALL_TALKING);
  flow_pause_ms (3000);
  pbx_phone_command (caller, "/hangup\n");
  wait_seen (&w, 10000, "ended %" G_GINT64_FORMAT " answered", id);

  call = flow_get_call (f, id);
  g_assert_cmpint (call->operator_id, ==, f->op2);
  g_assert_cmpint (call->hold_seconds, >=, 2);
  record = flow_get_call (f, consult);
  g_assert_cmpint (record->direction, ==, DESK_CALL_DIRECTION_INTERNAL);
  g_assert_cmpint (record->operator_id, ==, f->op1);
  g_assert_cmpstr (record->callee, ==, PBX_TEST_USER2);
  g_assert_cmpint (record->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);

  /* The caller: op1, the music while op1 consulted, then op2. */
  talk = heard_at (caller, PBX_HEARD_LAST, 1800.0, 0);
  music = heard_at (caller, PBX_HEARD_LAST, MUSIC_HZ, talk + 1);
  after = heard_at (caller, PBX_HEARD_LAST, 1800.0, music + 1);
  g_assert_cmpint (after, >, music);
  /* op1: the caller, then op2 on the same call. */
  talk = heard_at (op1, PBX_HEARD_LAST, 440.0, 0);
  heard_at (op1, PBX_HEARD_LAST, 1800.0, talk + 1);
  /* op2: op1 first, then the caller. */
  talk = heard_at (op2, PBX_HEARD_LAST, 1800.0, 0);
  heard_at (op2, PBX_HEARD_LAST, 440.0, talk + 1);
  g_ptr_array_unref (w.seen);
}

static void
test_consult_back_and_conference (FlowFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  Watch w = { 0 };
  PbxPhone *op2, *caller;
  gint64 id, consult;
  int at;

  if (!pbx_require_phones ())
    return;
  watch_setup (f, &w);
  flow_start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  op2 = flow_start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  flow_login (f, f->op1);
  id = caller_reaches_op1 (f, &w, &caller);
  flow_pause_ms (1500);

  /* Hanging up the consultation gives op1 the caller again. */
  consult = consult_op2 (f, &w, id);
  flow_pause_ms (2500);
  g_assert_true (desk_call_flow_hangup (f->flow, f->op1, consult, &error));
  g_assert_no_error (error);
  wait_seen (&w, 5000, "ended %" G_GINT64_FORMAT " answered", consult);
  wait_seen (&w, 5000, "held %" G_GINT64_FORMAT " 0", id);
  g_assert_cmpstr (state_of (f, f->op1, id), ==, DESK_LIVE_CALL_TALKING);
  flow_pause_ms (2500);
  at = heard_at (caller, PBX_HEARD_LAST, MUSIC_HZ, 0);
  at = heard_at (caller, PBX_HEARD_LAST, 1800.0, at + 1);

  /* Again, and all three together. */
  consult = consult_op2 (f, &w, id);
  flow_pause_ms (1500);
  g_assert_true (desk_call_flow_conference (f->flow, f->op1, id, consult, &error));
  g_assert_no_error (error);
  flow_pause_ms (3000);
  /* op2 hears the caller: in the conference, not through a transfer. */
  heard_at (op2, PBX_HEARD_LAST, 440.0, 0);
  heard_at (caller, PBX_HEARD_LAST, 1800.0, at + 4);

  /* op2 leaves; op1 and the caller go on. */
  pbx_phone_command (op2, "/hangup\n");
  wait_seen (&w, 5000, "ended %" G_GINT64_FORMAT " answered", consult);
  flow_pause_ms (1000);
  g_assert_cmpstr (state_of (f, f->op1, id), ==, DESK_LIVE_CALL_TALKING);
  pbx_phone_command (caller, "/hangup\n");
  wait_seen (&w, 10000, "ended %" G_GINT64_FORMAT " answered", id);
  g_ptr_array_unref (w.seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/office/call-flow/dtmf", FlowFixture, NULL, flow_setup, test_dtmf,
              flow_teardown);
  g_test_add ("/desk/office/call-flow/transfer-to-queue", FlowFixture, NULL, flow_setup,
              test_transfer_to_queue, flow_teardown);
  g_test_add ("/desk/office/call-flow/consult-transfer", FlowFixture, NULL, flow_setup,
              test_consult_transfer, flow_teardown);
  g_test_add ("/desk/office/call-flow/consult-back-and-conference", FlowFixture, NULL,
              flow_setup, test_consult_back_and_conference, flow_teardown);

  return g_test_run ();
}
