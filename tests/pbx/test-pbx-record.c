/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"
#include "pbx-test-wav.h"

#include "desk-error.h"
#include "desk-recorder.h"

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include <math.h>
#include <string.h>

/* Recording a bridged call with real baresip phones on 127.0.0.1. The caller
 * sends 440 Hz, the operator 1800 Hz; the recording must hold the caller
 * alone on the left and the operator alone on the right, one second at a
 * time (Goertzel), silence where it was paused, and last as long as the
 * recording did by the clock. The test stands in for the office layer with
 * DeskPbx's public API, and encodes the result with the recorder layer as
 * the office will. */

#define RATE         PBX_TEST_RATE
#define CALLER_HZ    440.0
#define OPERATOR_HZ  1800.0
#define TONE_SECONDS 90

const char *__asan_default_options (void);

/* GStreamer makes GLib allocate in an ELF constructor, reported as a leak;
 * tests/lsan.supp names that frame, which only a slow unwind can see. The
 * sanitizer build reads this; any other build ignores it. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  char *type;
  guint call_id;
  char *text;         /* incoming: from; answered: user; ended: reason; finished: path */
  guint number;       /* ended: cause; finished: duration in ms */
} Event;

typedef struct
{
  PbxFixture base;
  GPtrArray *events;
  GPtrArray *phones;  /* PbxPhone: they quit before the engine stops */
} RecordFixture;

/* Events ------------------------------------------------------------------ */

static void
event_free (gpointer data)
{
  Event *e = data;

  g_free (e->type);
  g_free (e->text);
  g_free (e);
}

static Event *
add_event (RecordFixture *f,
           const char    *type,
           guint          call_id,
           const char    *text,
           guint          number)
{
  Event *e = g_new0 (Event, 1);

  g_test_message ("%s %u %s %u", type, call_id, text ? text : "-", number);
  e->type = g_strdup (type);
  e->call_id = call_id;
  e->text = g_strdup (text);
  e->number = number;
  g_ptr_array_add (f->events, e);
  return e;
}

static void
on_incoming (DeskPbx *pbx, guint id, const char *from, const char *to_user, const char *source,
             const char *user, RecordFixture *f)
{
  add_event (f, "incoming", id, from, 0);
}

static void
on_answered (DeskPbx *pbx, guint id, const char *user, RecordFixture *f)
{
  add_event (f, "answered", id, user, 0);
}

static void
on_ended (DeskPbx *pbx, guint id, guint code, const char *reason, RecordFixture *f)
{
  add_event (f, "ended", id, reason, code);
}

static void
on_recording_finished (DeskPbx *pbx, guint id, const char *path, guint duration_ms,
                       RecordFixture *f)
{
  add_event (f, "finished", id, path, duration_ms);
}

typedef struct
{
  RecordFixture *f;
  const char *type;
  guint call_id;
  Event *found;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;

  for (guint i = 0; i < w->f->events->len; i++)
    {
      Event *e = g_ptr_array_index (w->f->events, i);

      if (g_str_equal (e->type, w->type) && (w->call_id == 0 || e->call_id == w->call_id))
        {
          w->found = e;
          return TRUE;
        }
    }

  return FALSE;
}

static Event *
wait_event (RecordFixture *f,
            const char    *type,
            guint          call_id,
            guint          timeout_ms)
{
  EventWait w = { f, type, call_id, NULL };

  if (!desk_test_wait_until (event_seen, &w, timeout_ms))
    {
      for (guint i = 0; i < f->phones->len; i++)
        {
          PbxPhone *phone = g_ptr_array_index (f->phones, i);

          if (phone->process)
            g_test_message ("%s said:\n%s", phone->name,
                            desk_test_process_get_output (phone->process));
        }
      g_error ("No %s event for call %u within %u ms", type, call_id, timeout_ms);
    }

  return w.found;
}

static guint
count_events (RecordFixture *f,
              const char    *type,
              guint          call_id)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    {
      Event *e = g_ptr_array_index (f->events, i);

      n += g_str_equal (e->type, type) && e->call_id == call_id;
    }

  return n;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
let_audio_flow (guint ms)
{
  desk_test_wait_until (never, NULL, ms);
}

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
}

/* What GStreamer makes of a file: its one audio stream's caps, channels
 * and the duration. */
static char *
discover (const char *path,
          guint      *channels,
          double     *seconds)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GstDiscovererInfo) info = NULL;
  g_autoptr (GstCaps) caps = NULL;
  GstDiscovererAudioInfo *audio;
  GList *streams;
  char *caps_text;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  streams = gst_discoverer_info_get_audio_streams (info);
  g_assert_cmpuint (g_list_length (streams), ==, 1);
  audio = streams->data;
  *channels = gst_discoverer_audio_info_get_channels (audio);
  caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));
  caps_text = gst_caps_to_string (caps);
  *seconds = (double) gst_discoverer_info_get_duration (info) / GST_SECOND;
  gst_discoverer_stream_info_list_free (streams);
  g_test_message ("%s: %s, %.3f s", path, caps_text, *seconds);
  return caps_text;
}

/* CPU time a thread of this process has used, by its name. */
static double
thread_cpu_seconds (const char *name)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir && (tid = g_dir_read_name (dir)))
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *sched_path = g_build_filename ("/proc/self/task", tid, "schedstat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *sched = NULL;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL)
          || !g_str_equal (g_strchomp (comm), name))
        continue;
      /* Nanoseconds on the CPU, as the scheduler counts them. */
      if (g_file_get_contents (sched_path, &sched, NULL, NULL))
        return g_ascii_strtod (sched, NULL) / 1e9;
    }

  return -1;
}

/* Fixture ------------------------------------------------------------------- */

static void
record_setup (RecordFixture *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  pbx_fixture_setup (&f->base, data);
  f->events = g_ptr_array_new_with_free_func (event_free);
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);

  g_signal_connect (f->base.pbx, "call-incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->base.pbx, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->base.pbx, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->base.pbx, "recording-finished", G_CALLBACK (on_recording_finished), f);

  desk_pbx_set_account (f->base.pbx, "1001", "pass1001", &error);
  g_assert_no_error (error);
}

static void
record_teardown (RecordFixture *f,
                 gconstpointer  data)
{
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  pbx_fixture_teardown (&f->base, data);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static char *
tmp_path (RecordFixture *f,
          const char    *name)
{
  return g_build_filename (f->base.tmpdir, name, NULL);
}

/* A caller (440 Hz) from outside, answered, and operator 1001 (1800 Hz),
 * rung and bridged to it, as the office would. */
static void
bridged_call (RecordFixture *f,
              PbxPhone     **callerp,
              guint         *caller_id,
              guint         *operator_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ,
                                                    TONE_SECONDS, -1);
  g_autofree char *operator_wav = pbx_write_tone_wav (&f->base, "operator.wav", OPERATOR_HZ,
                                                      TONE_SECONDS, -1);
  const char *users[] = { "1001", NULL };
  PbxPhone *op, *caller;
  Event *e;

  op = pbx_phone_start (&f->base, "1001", "1001", "auth_pass=pass1001;regint=600;answermode=auto",
                        operator_wav);
  g_ptr_array_add (f->phones, op);
  if (!pbx_wait_registrations (&f->base, "1001", TRUE, 1, 10000))
    g_error ("1001 did not register:\n%s", desk_test_process_get_output (op->process));

  caller = pbx_phone_start (&f->base, "caller", "caller", "regint=0", caller_wav);
  g_ptr_array_add (f->phones, caller);
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  *caller_id = wait_event (f, "incoming", 0, 10000)->call_id;
  desk_pbx_answer (f->base.pbx, *caller_id, &error);
  g_assert_no_error (error);
  wait_event (f, "answered", *caller_id, 5000);

  *operator_id = desk_pbx_ring (f->base.pbx, users, "caller", 20, &error);
  g_assert_no_error (error);
  e = wait_event (f, "answered", *operator_id, 10000);
  g_assert_cmpstr (e->text, ==, "1001");
  desk_pbx_bridge (f->base.pbx, *caller_id, *operator_id, &error);
  g_assert_no_error (error);

  if (callerp)
    *callerp = caller;
}

static void
quit_phones (RecordFixture *f)
{
  for (guint i = 0; i < f->phones->len; i++)
    pbx_phone_quit (g_ptr_array_index (f->phones, i));
}

/* Tests --------------------------------------------------------------------- */

/* Started on the operator's leg, paused and resumed from either leg,
 * stopped by command; then encoded to Opus. */
static void
test_stereo (RecordFixture *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *wav = tmp_path (f, "call.wav");
  g_autofree char *second = tmp_path (f, "second.wav");
  g_autofree char *ogg = tmp_path (f, "call.ogg");
  g_autofree char *caps = NULL;
  g_auto (PbxWav) w = { 0 };
  g_auto (PbxWav) empty = { 0 };
  guint in_id, op_id, channels;
  gint64 t0, t_pause, t_resume, t_stop;
  double writer_cpu, ogg_seconds;
  const PbxPause *pause;
  Event *e;

  if (!pbx_require_phones ())
    return;

  bridged_call (f, NULL, &in_id, &op_id);
  let_audio_flow (1000);

  t0 = g_get_monotonic_time ();
  g_assert_true (desk_pbx_record_start (f->base.pbx, op_id, wav, &error));
  g_assert_no_error (error);

  /* Twice on the same leg: refused at once. On the other leg: the engine
   * finds the conversation recorded and finishes that file, empty. */
  g_assert_false (desk_pbx_record_start (f->base.pbx, op_id, second, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_true (desk_pbx_record_start (f->base.pbx, in_id, second, &error));
  e = wait_event (f, "finished", in_id, 5000);
  g_assert_cmpstr (e->text, ==, second);
  g_assert_cmpuint (e->number, ==, 0);
  pbx_wav_read (second, &empty);
  g_assert_cmpuint (empty.data_size, ==, 0);

  let_audio_flow (1500);
  t_pause = g_get_monotonic_time ();
  g_assert_true (desk_pbx_record_pause (f->base.pbx, in_id, &error));
  let_audio_flow (1000);
  t_resume = g_get_monotonic_time ();
  g_assert_true (desk_pbx_record_resume (f->base.pbx, op_id, &error));
  let_audio_flow (2000);
  t_stop = g_get_monotonic_time ();
  g_assert_true (desk_pbx_record_stop (f->base.pbx, op_id, &error));
  g_assert_no_error (error);

  e = wait_event (f, "finished", op_id, 5000);
  g_assert_cmpstr (e->text, ==, wav);
  writer_cpu = thread_cpu_seconds ("desk-pbx-record");

  /* The call goes on after the recording; the office hangs up. */
  g_assert_true (desk_pbx_has_call (f->base.pbx, in_id));
  desk_pbx_hangup (f->base.pbx, in_id, 0, &error);
  g_assert_no_error (error);
  wait_event (f, "ended", op_id, 5000);
  quit_phones (f);
  g_assert_cmpuint (count_events (f, "finished", op_id), ==, 1);

  pbx_wav_read (wav, &w);
  pbx_wav_log_seconds (&w, CALLER_HZ, OPERATOR_HZ);
  g_test_message ("the writer thread used %.2f ms of CPU for %.1f s of audio", writer_cpu * 1e3,
                  pbx_wav_seconds (&w));
  g_assert_cmpuint (e->number, ==, w.frames * 1000 / RATE);
  g_assert_cmpfloat (fabs (pbx_wav_seconds (&w) - (t_stop - t0) / 1e6), <, 0.2);

  /* One pause, as long as it was, written as silence on both channels. */
  g_assert_cmpuint (w.pauses->len, ==, 1);
  pause = &g_array_index (w.pauses, PbxPause, 0);
  g_test_message ("pause at %.3f s for %.3f s", (double) pause->at / RATE,
                  (double) pause->length / RATE);
  g_assert_cmpfloat (fabs ((double) pause->at / RATE - (t_pause - t0) / 1e6), <, 0.15);
  g_assert_cmpfloat (fabs ((double) pause->length / RATE - (t_resume - t_pause) / 1e6), <, 0.1);
  g_assert_cmpuint (pause->at + pause->length, <=, w.frames);
  for (gsize i = 2 * (gsize) pause->at; i < 2 * (gsize) (pause->at + pause->length); i++)
    g_assert_cmpint (w.samples[i], ==, 0);

  /* The caller alone on the left, the operator alone on the right, before
   * the pause and after it. */
  g_assert_cmpuint (pbx_wav_assert_voices (&w, 0, pause->at, CALLER_HZ, OPERATOR_HZ), >=, 1);
  g_assert_cmpuint (pbx_wav_assert_voices (&w, pause->at + pause->length, w.frames, CALLER_HZ,
                                           OPERATOR_HZ), >=, 1);

  /* What the office does next: Opus, two channels, as long. */
  g_assert_true (desk_recorder_encode (wav, ogg, NULL, &error));
  g_assert_no_error (error);
  caps = discover (ogg, &channels, &ogg_seconds);
  g_assert_nonnull (strstr (caps, "audio/x-opus"));
  g_assert_cmpuint (channels, ==, 2);
  g_assert_cmpfloat (fabs (ogg_seconds - pbx_wav_seconds (&w)), <, 0.2);
}

/* A file read while the call is still recorded is a valid WAV up to its
 * last flush (what a crash would leave); the caller's BYE finishes it. */
static void
test_hangup (RecordFixture *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *wav = tmp_path (f, "call.wav");
  g_autofree char *snapshot = tmp_path (f, "snapshot.wav");
  g_autofree char *bytes = NULL;
  g_autofree char *caps = NULL;
  g_auto (PbxWav) partial = { 0 };
  g_auto (PbxWav) w = { 0 };
  PbxPhone *caller;
  guint in_id, op_id, channels;
  gsize len;
  gint64 t0, t_hangup;
  double seconds;
  Event *e;

  if (!pbx_require_phones ())
    return;

  bridged_call (f, &caller, &in_id, &op_id);
  let_audio_flow (500);

  t0 = g_get_monotonic_time ();
  g_assert_true (desk_pbx_record_start (f->base.pbx, in_id, wav, &error));
  g_assert_no_error (error);
  let_audio_flow (2500);

  g_assert_true (g_file_get_contents (wav, &bytes, &len, NULL));
  g_test_message ("after %.2f s: %" G_GSIZE_FORMAT " bytes", seconds_since (t0), len);
  pbx_wav_parse (bytes, len, FALSE, &partial);
  g_assert_cmpuint (partial.riff_size, ==, 36 + partial.data_size);
  g_assert_cmpuint (partial.frames, >=, RATE);
  g_assert_cmpuint (pbx_wav_assert_voices (&partial, 0, partial.frames, CALLER_HZ, OPERATOR_HZ),
                    >=, 1);
  g_assert_true (g_file_set_contents (snapshot, bytes, len, NULL));
  caps = discover (snapshot, &channels, &seconds);
  /* The stream of a WAV file, as the discoverer names it. */
  g_assert_true (strstr (caps, "audio/x-wav") || strstr (caps, "audio/x-raw"));
  g_assert_cmpuint (channels, ==, 2);
  g_assert_cmpfloat (seconds, >, 0.9);
  g_assert_cmpfloat (fabs (seconds - pbx_wav_seconds (&partial)), <, 0.05);

  let_audio_flow (1000);
  t_hangup = g_get_monotonic_time ();
  pbx_phone_command (caller, "/hangup\n");
  wait_event (f, "ended", in_id, 5000);
  wait_event (f, "ended", op_id, 5000);
  e = wait_event (f, "finished", in_id, 5000);
  g_assert_cmpstr (e->text, ==, wav);
  quit_phones (f);

  pbx_wav_read (wav, &w);
  pbx_wav_log_seconds (&w, CALLER_HZ, OPERATOR_HZ);
  g_assert_cmpuint (w.pauses->len, ==, 0);
  g_assert_cmpuint (e->number, ==, w.frames * 1000 / RATE);
  /* Until the BYE reached the engine, a little after the command. */
  g_assert_cmpfloat (pbx_wav_seconds (&w) - (t_hangup - t0) / 1e6, >, -0.1);
  g_assert_cmpfloat (pbx_wav_seconds (&w) - (t_hangup - t0) / 1e6, <, 0.5);
  g_assert_cmpuint (pbx_wav_assert_voices (&w, 0, (w.frames / RATE - 1) * RATE, CALLER_HZ,
                                           OPERATOR_HZ), >=, 2);
}

/* Refusals, and a recording finished by the engine's stop; no phones. */
static void
test_commands (RecordFixture *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
  g_autofree char *reply = NULL;
  g_autofree char *wav = tmp_path (f, "ringing.wav");
  g_autofree char *taken = tmp_path (f, "taken.wav");
  g_autofree char *other = tmp_path (f, "other.wav");
  g_autofree char *contents = NULL;
  g_auto (PbxWav) w = { 0 };
  static const char invite[] =
    "INVITE sip:100@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n"
    "From: <sip:caller@127.0.0.1:%PORT%>;tag=c1\r\n"
    "To: <sip:100@127.0.0.1>\r\n"
    "Call-ID: %BRANCH%@127.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:caller@127.0.0.1:%PORT%>\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n"
    "\r\n";
  guint id;
  Event *e;

  g_assert_false (desk_pbx_record_start (f->base.pbx, 4242, wav, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (wav, G_FILE_TEST_EXISTS));
  g_assert_false (desk_pbx_record_pause (f->base.pbx, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_record_resume (f->base.pbx, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_record_stop (f->base.pbx, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A call that rings (no media yet) may be recorded: silence. */
  reply = pbx_udp_request (socket, f->base.port, invite, 2000);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 180 Ringing\r\n"));
  id = wait_event (f, "incoming", 0, 5000)->call_id;

  g_assert_false (desk_pbx_record_start (f->base.pbx, id, "/nonexistent/call.wav", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Never over another file. */
  g_assert_true (g_file_set_contents (taken, "keep", -1, NULL));
  g_assert_false (desk_pbx_record_start (f->base.pbx, id, taken, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (taken, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep");

  /* The file is there at once, a valid and empty WAV. */
  g_assert_true (desk_pbx_record_start (f->base.pbx, id, wav, &error));
  g_assert_no_error (error);
  {
    g_auto (PbxWav) start = { 0 };

    pbx_wav_read (wav, &start);
    g_assert_cmpuint (start.data_size, ==, 0);
  }
  g_assert_false (desk_pbx_record_start (f->base.pbx, id, other, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);

  let_audio_flow (600);
  g_assert_true (desk_pbx_record_pause (f->base.pbx, id, &error));
  let_audio_flow (600);

  /* Stopping the engine ends the call and finishes its recording, with
   * the pause still open closed at the end. */
  desk_pbx_stop (f->base.pbx);
  g_assert_cmpuint (wait_event (f, "ended", id, 5000)->number, ==, 503);
  e = wait_event (f, "finished", id, 5000);
  g_assert_cmpstr (e->text, ==, wav);
  g_assert_cmpuint (e->number, >, 800);

  pbx_wav_read (wav, &w);
  g_assert_cmpuint (e->number, ==, w.frames * 1000 / RATE);
  g_assert_cmpuint (w.pauses->len, ==, 1);
  g_assert_cmpuint (g_array_index (w.pauses, PbxPause, 0).at
                    + g_array_index (w.pauses, PbxPause, 0).length, ==, w.frames);
  for (gsize i = 0; i < 2 * w.frames; i++)
    g_assert_cmpint (w.samples[i], ==, 0);

  g_assert_false (desk_pbx_record_start (f->base.pbx, id, other, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/desk/pbx/record/" path, RecordFixture, NULL, record_setup, func, record_teardown)

  ADD ("commands", test_commands);
  ADD ("stereo-pause-opus", test_stereo);
  ADD ("hangup-crash-safe", test_hangup);

#undef ADD

  return g_test_run ();
}
