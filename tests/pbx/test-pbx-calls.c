/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include "desk-error.h"

#include <math.h>
#include <string.h>

/* Calls through the back-to-back engine with real baresip phones on
 * 127.0.0.1. The test stands in for the office layer and uses only
 * DeskPbx's public API. Each phone sends a tone of its own (from a WAV
 * file) and records what it hears (baresip's sndfile module); the checks
 * find the tones by frequency, one second at a time (Goertzel). */

#define RATE          8000
#define PROMPT_HZ     1000.0
#define CALLER_HZ     440.0
#define OPERATOR_HZ   1800.0
#define OPERATOR2_HZ  1200.0
#define MOH_HZ        600.0
#define TONE_SECONDS  90

typedef struct
{
  char *type;
  guint call_id;
  char *text;         /* incoming: from; answered: user; ended: reason; digit: source */
  char *user;         /* incoming: authenticated user */
  char *to_user;
  guint code;
  char digit;
} CallEvent;

typedef struct
{
  PbxFixture base;
  GPtrArray *events;
  char *caller_wav;
  char *operator_wav;
  char *operator2_wav;
  char *prompt_wav;
  char *moh_wav;
  GPtrArray *phones;
} CallsFixture;

/* Test WAVs ----------------------------------------------------------------- */

static void
log_tones (const char   *who,
           const gint16 *s,
           gsize         n)
{
  static const double freqs[] = { PROMPT_HZ, CALLER_HZ, OPERATOR_HZ, OPERATOR2_HZ, MOH_HZ };
  g_autoptr (GString) line = g_string_new (NULL);

  for (gsize w = 0; (w + 1) * RATE <= n; w++)
    {
      double best = 0;
      double best_hz = 0;

      for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
        {
          double share = pbx_tone_share (s + w * RATE, RATE, 1, freqs[i]);

          if (share > best)
            {
              best = share;
              best_hz = freqs[i];
            }
        }
      g_string_append_printf (line, " %.0f(%.2f)", best > 0.5 ? best_hz : 0, best);
    }

  g_test_message ("%s heard, per second:%s", who, line->str);
}

/* Phones ------------------------------------------------------------------ */

/* A phone of the fixture's engine, quit and freed with the fixture. */
static PbxPhone *
phone_start (CallsFixture *f,
             const char   *name,
             const char   *user,
             const char   *account,
             const char   *source_wav)
{
  PbxPhone *phone = pbx_phone_start (&f->base, name, user, account, source_wav);

  g_ptr_array_add (f->phones, phone);
  return phone;
}

/* Events ------------------------------------------------------------------ */

static void
call_event_free (gpointer data)
{
  CallEvent *e = data;

  g_free (e->type);
  g_free (e->text);
  g_free (e->user);
  g_free (e->to_user);
  g_free (e);
}

static CallEvent *
record (CallsFixture *f,
        const char   *type,
        guint         call_id)
{
  CallEvent *e = g_new0 (CallEvent, 1);

  e->type = g_strdup (type);
  e->call_id = call_id;
  g_ptr_array_add (f->events, e);
  return e;
}

static void
on_incoming (DeskPbx *pbx, guint id, const char *from, const char *to_user, const char *source,
             const char *user, CallsFixture *f)
{
  CallEvent *e = record (f, "incoming", id);

  g_test_message ("call-incoming %u from %s to %s at %s as %s", id, from, to_user, source,
                  user ? user : "(outside)");
  e->text = g_strdup (from);
  e->to_user = g_strdup (to_user);
  e->user = g_strdup (user);
}

static void
on_ringing (DeskPbx *pbx, guint id, CallsFixture *f)
{
  g_test_message ("call-ringing %u", id);
  record (f, "ringing", id);
}

static void
on_answered (DeskPbx *pbx, guint id, const char *user, CallsFixture *f)
{
  g_test_message ("call-answered %u by %s", id, user ? user : "-");
  record (f, "answered", id)->text = g_strdup (user);
}

static void
on_held (DeskPbx *pbx, guint id, CallsFixture *f)
{
  g_test_message ("call-held %u", id);
  record (f, "held", id);
}

static void
on_resumed (DeskPbx *pbx, guint id, CallsFixture *f)
{
  g_test_message ("call-resumed %u", id);
  record (f, "resumed", id);
}

static void
on_ended (DeskPbx *pbx, guint id, guint code, const char *reason, CallsFixture *f)
{
  CallEvent *e = record (f, "ended", id);

  g_test_message ("call-ended %u %u %s", id, code, reason);
  e->code = code;
  e->text = g_strdup (reason);
}

static void
on_digit (DeskPbx *pbx, guint id, char digit, const char *source, CallsFixture *f)
{
  CallEvent *e = record (f, "digit", id);

  g_test_message ("digit %u %c %s", id, digit, source);
  e->digit = digit;
  e->text = g_strdup (source);
}

static void
on_finished (DeskPbx *pbx, guint id, CallsFixture *f)
{
  record (f, "finished", id);
}

static void
on_collected (DeskPbx *pbx, guint id, const char *digits, const char *why, CallsFixture *f)
{
  CallEvent *e = record (f, "collected", id);

  g_test_message ("digits-collected %u \"%s\" (%s)", id, digits, why);
  e->text = g_strdup_printf ("%s/%s", digits, why);
}

typedef struct
{
  CallsFixture *f;
  const char *type;
  guint call_id;
  CallEvent *found;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;

  for (guint i = 0; i < w->f->events->len; i++)
    {
      CallEvent *e = g_ptr_array_index (w->f->events, i);

      if (g_str_equal (e->type, w->type) && (w->call_id == 0 || e->call_id == w->call_id))
        {
          w->found = e;
          return TRUE;
        }
    }

  return FALSE;
}

/* The first event of @type (for @call_id, or any call if 0). */
static CallEvent *
wait_event (CallsFixture *f,
            const char   *type,
            guint         call_id,
            guint         timeout_ms)
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
count_events (CallsFixture *f,
              const char   *type,
              guint         call_id)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    {
      CallEvent *e = g_ptr_array_index (f->events, i);

      n += g_str_equal (e->type, type) && (call_id == 0 || e->call_id == call_id);
    }

  return n;
}

static void
calls_setup (CallsFixture  *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  pbx_fixture_setup (&f->base, data);
  f->events = g_ptr_array_new_with_free_func (call_event_free);
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);

  g_signal_connect (f->base.pbx, "call-incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->base.pbx, "call-ringing", G_CALLBACK (on_ringing), f);
  g_signal_connect (f->base.pbx, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->base.pbx, "call-held", G_CALLBACK (on_held), f);
  g_signal_connect (f->base.pbx, "call-resumed", G_CALLBACK (on_resumed), f);
  g_signal_connect (f->base.pbx, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->base.pbx, "digit", G_CALLBACK (on_digit), f);
  g_signal_connect (f->base.pbx, "playback-finished", G_CALLBACK (on_finished), f);
  g_signal_connect (f->base.pbx, "digits-collected", G_CALLBACK (on_collected), f);

  desk_pbx_set_account (f->base.pbx, "1001", "pass1001", &error);
  g_assert_no_error (error);
  desk_pbx_set_account (f->base.pbx, "1002", "pass1002", &error);
  g_assert_no_error (error);

  f->prompt_wav = pbx_write_tone_wav (&f->base, "prompt.wav", PROMPT_HZ, 3, -1);
  f->moh_wav = pbx_write_tone_wav (&f->base, "moh.wav", MOH_HZ, 4, -1);
}

static void
calls_teardown (CallsFixture  *f,
                gconstpointer  data)
{
  /* Phones first: they unregister while the engine still answers. */
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  pbx_fixture_teardown (&f->base, data);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->caller_wav);
  g_free (f->operator_wav);
  g_free (f->operator2_wav);
  g_free (f->prompt_wav);
  g_free (f->moh_wav);
}

static PbxPhone *
start_operator (CallsFixture *f,
                const char   *user,
                const char   *password,
                const char   *answermode,
                const char   *wav)
{
  g_autofree char *account = g_strdup_printf ("auth_pass=%s;regint=600;answermode=%s", password,
                                              answermode);
  PbxPhone *phone = phone_start (f, user, user, account, wav);

  if (!pbx_wait_registrations (&f->base, user, TRUE, 1, 10000))
    g_error ("%s did not register:\n%s", user, desk_test_process_get_output (phone->process));
  return phone;
}

/* A caller from outside: no password, no registration. */
static PbxPhone *
start_caller (CallsFixture *f,
              const char   *wav)
{
  return phone_start (f, "caller", "caller", "regint=0", wav);
}

/* The office's side of a caller: answer, play the greeting, wait for a key. */
static guint
answer_with_prompt (CallsFixture *f,
                    PbxPhone     *caller)
{
  g_autoptr (GError) error = NULL;
  CallEvent *e;
  guint id;

  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  e = wait_event (f, "incoming", 0, 10000);
  id = e->call_id;
  g_assert_cmpstr (e->to_user, ==, "100");
  g_assert_null (e->user);
  g_assert_true (g_str_has_prefix (e->text, "sip:caller@127.0.0.1"));

  desk_pbx_answer (f->base.pbx, id, &error);
  g_assert_no_error (error);
  wait_event (f, "answered", id, 5000);

  desk_pbx_play (f->base.pbx, id, f->prompt_wav, TRUE, &error);
  g_assert_no_error (error);
  desk_pbx_collect_digits (f->base.pbx, id, 1, 20000, 0, &error);
  g_assert_no_error (error);
  return id;
}

/* Rings an operator and bridges the caller to them. */
static guint
bridge_to (CallsFixture *f,
           guint         caller_id,
           const char   *user)
{
  g_autoptr (GError) error = NULL;
  const char *users[] = { user, NULL };
  CallEvent *e;
  guint id;

  id = desk_pbx_ring (f->base.pbx, users, "caller", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  e = wait_event (f, "answered", id, 10000);
  g_assert_cmpstr (e->text, ==, user);

  desk_pbx_bridge (f->base.pbx, caller_id, id, &error);
  g_assert_no_error (error);
  return id;
}

/* The whole way of a call: prompt, RFC 4733 digit, bridge with two-way
 * audio, hold with music, resume, BYE from the caller. */
static void
test_ivr_bridge (CallsFixture  *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gint16 *caller_heard = NULL;
  g_autofree gint16 *operator_heard = NULL;
  gsize caller_n, operator_n;
  PbxPhone *op, *caller;
  CallEvent *e;
  guint in_id, op_id;
  int prompt_at, operator_at, moh_at, back_at, caller_at;

  if (!pbx_require_phones ())
    return;

  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, TONE_SECONDS, -1);
  f->operator_wav = pbx_write_tone_wav (&f->base, "operator.wav", OPERATOR_HZ, TONE_SECONDS, -1);
  desk_pbx_set_music_on_hold (f->base.pbx, f->moh_wav, &error);
  g_assert_no_error (error);

  op = start_operator (f, "1001", "pass1001", "auto", f->operator_wav);
  caller = start_caller (f, f->caller_wav);
  in_id = answer_with_prompt (f, caller);

  pbx_let_audio_flow (2500);
  pbx_phone_command (caller, "/sndcode 1\n");
  e = wait_event (f, "digit", in_id, 5000);
  g_assert_cmpint (e->digit, ==, '1');
  g_assert_cmpstr (e->text, ==, "rfc4733");
  e = wait_event (f, "collected", in_id, 5000);
  g_assert_cmpstr (e->text, ==, "1/max");

  op_id = bridge_to (f, in_id, "1001");
  pbx_let_audio_flow (3000);

  /* The operator holds: the caller hears music; then resumes. */
  pbx_phone_command (op, "/hold\n");
  wait_event (f, "held", op_id, 5000);
  pbx_let_audio_flow (3000);
  pbx_phone_command (op, "/resume\n");
  wait_event (f, "resumed", op_id, 5000);
  pbx_let_audio_flow (3000);

  /* The caller hangs up: both legs end. */
  pbx_phone_command (caller, "/hangup\n");
  e = wait_event (f, "ended", in_id, 5000);
  g_assert_cmpuint (e->code, ==, DESK_PBX_CAUSE_NORMAL);
  g_assert_cmpstr (e->text, ==, "bye");
  e = wait_event (f, "ended", op_id, 5000);
  g_assert_cmpuint (e->code, ==, DESK_PBX_CAUSE_NORMAL);
  g_assert_false (desk_pbx_has_call (f->base.pbx, in_id));
  g_assert_false (desk_pbx_has_call (f->base.pbx, op_id));

  pbx_phone_quit (caller);
  pbx_phone_quit (op);

  caller_heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &caller_n);
  operator_heard = pbx_phone_heard (op, PBX_HEARD_LAST, &operator_n);
  log_tones ("caller", caller_heard, caller_n);
  log_tones ("operator", operator_heard, operator_n);

  prompt_at = pbx_find_tone (caller_heard, caller_n, PROMPT_HZ, 0);
  g_assert_cmpint (prompt_at, >=, 0);
  operator_at = pbx_find_tone (caller_heard, caller_n, OPERATOR_HZ, prompt_at);
  g_assert_cmpint (operator_at, >, prompt_at);
  moh_at = pbx_find_tone (caller_heard, caller_n, MOH_HZ, operator_at);
  g_assert_cmpint (moh_at, >, operator_at);
  back_at = pbx_find_tone (caller_heard, caller_n, OPERATOR_HZ, moh_at);
  g_assert_cmpint (back_at, >, moh_at);

  caller_at = pbx_find_tone (operator_heard, operator_n, CALLER_HZ, 0);
  g_assert_cmpint (caller_at, >=, 0);
  /* ... and after the resume too: the last seconds are the caller's. */
  g_assert_cmpint (pbx_find_tone (operator_heard, operator_n, CALLER_HZ,
                              (int) (operator_n / RATE) - 3), >=, 0);
}

/* A key pressed as a tone in the audio; the operator hangs up. */
static void
test_inband_digit (CallsFixture  *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gint16 *caller_heard = NULL;
  gsize caller_n;
  PbxPhone *op, *caller;
  CallEvent *e;
  guint in_id, op_id;

  if (!pbx_require_phones ())
    return;

  /* baresip's audio starts at the answer; the key sounds 3 s later. */
  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, TONE_SECONDS, 3.0);
  f->operator_wav = pbx_write_tone_wav (&f->base, "operator.wav", OPERATOR_HZ, TONE_SECONDS, -1);

  op = start_operator (f, "1001", "pass1001", "auto", f->operator_wav);
  caller = start_caller (f, f->caller_wav);
  in_id = answer_with_prompt (f, caller);

  e = wait_event (f, "digit", in_id, 10000);
  g_assert_cmpint (e->digit, ==, '1');
  g_assert_cmpstr (e->text, ==, "inband");

  op_id = bridge_to (f, in_id, "1001");
  pbx_let_audio_flow (2500);

  pbx_phone_command (op, "/hangup\n");
  e = wait_event (f, "ended", op_id, 5000);
  g_assert_cmpstr (e->text, ==, "bye");
  wait_event (f, "ended", in_id, 5000);
  g_assert_cmpuint (count_events (f, "digit", in_id), ==, 1);

  pbx_phone_quit (caller);
  pbx_phone_quit (op);
  caller_heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &caller_n);
  log_tones ("caller", caller_heard, caller_n);
  g_assert_cmpint (pbx_find_tone (caller_heard, caller_n, OPERATOR_HZ,
                              pbx_find_tone (caller_heard, caller_n, PROMPT_HZ, 0)), >, 0);
}

static gboolean
session_closed (gpointer data)
{
  PbxPhone *phone = data;

  return strstr (desk_test_process_get_output (phone->process), "session closed") != NULL;
}

/* Two operators ring at once; the first to answer wins, the other phone
 * is cancelled; the office hangs up by command. */
static void
test_ring_group (CallsFixture  *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  const char *users[] = { "1001", "1002", NULL };
  g_autofree gint16 *heard = NULL;
  gsize n;
  PbxPhone *op1, *op2, *caller;
  CallEvent *e;
  guint in_id, group_id;

  if (!pbx_require_phones ())
    return;

  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, TONE_SECONDS, -1);
  f->operator_wav = pbx_write_tone_wav (&f->base, "operator.wav", OPERATOR_HZ, TONE_SECONDS, -1);
  f->operator2_wav = pbx_write_tone_wav (&f->base, "operator2.wav", OPERATOR2_HZ, TONE_SECONDS, -1);

  /* 1002 lets it ring; 1001 answers. */
  op2 = start_operator (f, "1002", "pass1002", "manual", f->operator2_wav);
  op1 = start_operator (f, "1001", "pass1001", "auto", f->operator_wav);
  caller = start_caller (f, f->caller_wav);

  pbx_phone_command (caller, "/dial sip:200@127.0.0.1:%u\n", f->base.port);
  in_id = wait_event (f, "incoming", 0, 10000)->call_id;
  desk_pbx_answer (f->base.pbx, in_id, &error);
  g_assert_no_error (error);
  wait_event (f, "answered", in_id, 5000);

  group_id = desk_pbx_ring (f->base.pbx, users, NULL, 20, &error);
  g_assert_no_error (error);
  wait_event (f, "ringing", group_id, 10000);
  e = wait_event (f, "answered", group_id, 10000);
  g_assert_cmpstr (e->text, ==, "1001");
  desk_pbx_bridge (f->base.pbx, in_id, group_id, &error);
  g_assert_no_error (error);

  /* The other phone stops ringing: a CANCEL closes its session (libre
   * reports it as a reset). */
  g_assert_true (desk_test_wait_until (session_closed, op2, 5000));
  pbx_let_audio_flow (2500);
  g_test_message ("1002 said:\n%s", desk_test_process_get_output (op2->process));
  g_assert_nonnull (strstr (desk_test_process_get_output (op2->process),
                            "session closed: Connection reset by peer"));
  g_assert_null (strstr (desk_test_process_get_output (op2->process), "established"));

  desk_pbx_hangup (f->base.pbx, in_id, 0, &error);
  g_assert_no_error (error);
  e = wait_event (f, "ended", in_id, 5000);
  g_assert_cmpstr (e->text, ==, "hangup");
  wait_event (f, "ended", group_id, 5000);

  pbx_phone_quit (caller);
  heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &n);
  log_tones ("caller", heard, n);
  g_assert_cmpint (pbx_find_tone (heard, n, OPERATOR_HZ, 0), >=, 0);
  g_assert_cmpint (pbx_find_tone (heard, n, OPERATOR2_HZ, 0), <, 0);
  pbx_phone_quit (op1);
  pbx_phone_quit (op2);
}

/* An operator's own phone proves who it is; a caller who gives up while
 * it rings cancels the call. */
static void
test_cancel (CallsFixture  *f,
             gconstpointer  data)
{
  PbxPhone *op;
  CallEvent *e;
  guint id;

  if (!pbx_require_phones ())
    return;

  f->operator_wav = pbx_write_tone_wav (&f->base, "operator.wav", OPERATOR_HZ, TONE_SECONDS, -1);
  op = start_operator (f, "1001", "pass1001", "auto", f->operator_wav);

  pbx_phone_command (op, "/dial sip:300@127.0.0.1:%u\n", f->base.port);
  e = wait_event (f, "incoming", 0, 10000);
  id = e->call_id;
  g_assert_cmpstr (e->user, ==, "1001");
  g_assert_cmpstr (e->to_user, ==, "300");

  pbx_let_audio_flow (500);
  pbx_phone_command (op, "/hangup\n");
  e = wait_event (f, "ended", id, 5000);
  g_assert_cmpuint (e->code, ==, 487);
  g_assert_cmpstr (e->text, ==, "cancelled");
  g_assert_cmpuint (count_events (f, "answered", id), ==, 0);
  pbx_phone_quit (op);
}

/* Refusals and commands that cannot apply, without any phone. */
static void
test_commands (CallsFixture  *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  const char *nobody[] = { "1001", NULL };
  const char *none[] = { NULL };
  g_autofree char *ogg = g_build_filename (f->base.tmpdir, "prompt.ogg", NULL);
  guint id;

  g_assert_false (desk_pbx_answer (f->base.pbx, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_hangup (f->base.pbx, 4242, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_hangup (f->base.pbx, 4242, 99, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (desk_pbx_ring (f->base.pbx, none, NULL, 0, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (desk_pbx_ring (f->base.pbx, nobody, "evil@host", 0, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Nobody registered: the ring ends at once. */
  id = desk_pbx_ring (f->base.pbx, nobody, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wait_event (f, "ended", id, 5000)->code, ==, 480);

  g_assert_false (desk_pbx_set_music_on_hold (f->base.pbx, "/nonexistent.wav", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_file_set_contents (ogg, "OggS\0\2\0\0", 8, NULL);
  g_assert_false (desk_pbx_set_music_on_hold (f->base.pbx, ogg, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (desk_pbx_set_music_on_hold (f->base.pbx, f->moh_wav, &error));
  g_assert_no_error (error);
}

/* A raw INVITE without SDP from an outside caller rings; stopping the
 * engine ends the call (503) and frees it. */
static void
test_stop_ends_calls (CallsFixture  *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
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
  CallEvent *e;

  reply = pbx_udp_request (socket, f->base.port, invite, 2000);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 180 Ringing\r\n"));
  e = wait_event (f, "incoming", 0, 5000);
  g_assert_null (e->user);
  g_assert_true (desk_pbx_has_call (f->base.pbx, e->call_id));

  desk_pbx_play (f->base.pbx, e->call_id, f->prompt_wav, FALSE, &error);
  g_assert_no_error (error);

  desk_pbx_stop (f->base.pbx);
  g_assert_cmpuint (wait_event (f, "ended", e->call_id, 5000)->code, ==, 503);

  /* Commands now fail at once. */
  g_assert_false (desk_pbx_answer (f->base.pbx, e->call_id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/desk/pbx/calls/" path, CallsFixture, NULL, calls_setup, func, calls_teardown)

  ADD ("commands", test_commands);
  ADD ("stop-ends-calls", test_stop_ends_calls);
  ADD ("ivr-bridge-hold", test_ivr_bridge);
  ADD ("inband-digit", test_inband_digit);
  ADD ("ring-group", test_ring_group);
  ADD ("cancel", test_cancel);

#undef ADD

  return g_test_run ();
}
