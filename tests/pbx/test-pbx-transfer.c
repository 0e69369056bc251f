/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include "desk-error.h"

#include <string.h>

/* Transfers and conferences through the engine, with real baresip phones
 * (and sipp for a REFER with Replaces, which baresip 1.0 cannot send) on
 * 127.0.0.1. The test stands in for the office layer with DeskPbx's public
 * API only. Each phone sends a tone of its own and records what it hears;
 * the checks find the tones by frequency, one second at a time. */

#define RATE          8000
#define CALLER_HZ     440.0
#define OP1_HZ        1800.0
#define OP2_HZ        1200.0
#define TONE_SECONDS  90

typedef struct
{
  char *type;
  guint call_id;
  guint other_id;     /* transferred: the new peer */
  char *text;         /* answered, transferred: user; ended, failed: reason */
  char *user;         /* incoming: the authenticated user */
  char *to_user;
  guint code;
} XferEvent;

typedef struct
{
  PbxFixture base;
  GPtrArray *events;
  GPtrArray *phones;
  char *caller_wav;
  char *op1_wav;
  char *op2_wav;
} XferFixture;

/* What phones heard ----------------------------------------------------------- */

static double
share (const gint16 *s,
       gsize         w,
       double        hz)
{
  return pbx_tone_share (s + w * RATE, RATE, 1, hz);
}

/* The first window where both @a and @b sound and @own does not, or -1. */
static int
find_pair (const gint16 *s,
           gsize         n,
           double        a,
           double        b,
           double        own)
{
  for (gsize w = 0; (w + 1) * RATE <= n; w++)
    if (share (s, w, a) > 0.25 && share (s, w, b) > 0.25 && share (s, w, own) < 0.05)
      return (int) w;

  return -1;
}

static void
log_tones (const char   *who,
           const gint16 *s,
           gsize         n)
{
  g_autoptr (GString) line = g_string_new (NULL);

  for (gsize w = 0; (w + 1) * RATE <= n; w++)
    g_string_append_printf (line, " [%.2f %.2f %.2f]", share (s, w, CALLER_HZ),
                            share (s, w, OP1_HZ), share (s, w, OP2_HZ));
  g_test_message ("%s heard, per second [caller op1 op2]:%s", who, line->str);
}

/* Events ------------------------------------------------------------------ */

static void
xfer_event_free (gpointer data)
{
  XferEvent *e = data;

  g_free (e->type);
  g_free (e->text);
  g_free (e->user);
  g_free (e->to_user);
  g_free (e);
}

static XferEvent *
record (XferFixture *f,
        const char  *type,
        guint        call_id)
{
  XferEvent *e = g_new0 (XferEvent, 1);

  e->type = g_strdup (type);
  e->call_id = call_id;
  g_ptr_array_add (f->events, e);
  return e;
}

static void
on_incoming (DeskPbx *pbx, guint id, const char *from, const char *to_user, const char *source,
             const char *user, XferFixture *f)
{
  XferEvent *e = record (f, "incoming", id);

  g_test_message ("call-incoming %u from %s to %s as %s", id, from, to_user,
                  user ? user : "(outside)");
  e->to_user = g_strdup (to_user);
  e->user = g_strdup (user);
}

static void
on_answered (DeskPbx *pbx, guint id, const char *user, XferFixture *f)
{
  g_test_message ("call-answered %u by %s", id, user ? user : "-");
  record (f, "answered", id)->text = g_strdup (user);
}

static void
on_ended (DeskPbx *pbx, guint id, guint code, const char *reason, XferFixture *f)
{
  XferEvent *e = record (f, "ended", id);

  g_test_message ("call-ended %u %u %s", id, code, reason);
  e->code = code;
  e->text = g_strdup (reason);
}

static void
on_transferred (DeskPbx *pbx, guint id, guint peer, const char *user, const char *kind,
                XferFixture *f)
{
  XferEvent *e = record (f, "transferred", id);

  g_test_message ("call-transferred %u to %u (%s, %s)", id, peer, user ? user : "-", kind);
  e->other_id = peer;
  e->text = g_strdup (user);
  e->to_user = g_strdup (kind);
}

static void
on_failed (DeskPbx *pbx, guint id, guint code, const char *reason, XferFixture *f)
{
  XferEvent *e = record (f, "failed", id);

  g_test_message ("call-transfer-failed %u %u %s", id, code, reason);
  e->code = code;
  e->text = g_strdup (reason);
}

typedef struct
{
  XferFixture *f;
  const char *type;
  guint call_id;
  XferEvent *found;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;

  for (guint i = 0; i < w->f->events->len; i++)
    {
      XferEvent *e = g_ptr_array_index (w->f->events, i);

      if (g_str_equal (e->type, w->type) && (w->call_id == 0 || e->call_id == w->call_id))
        {
          w->found = e;
          return TRUE;
        }
    }

  return FALSE;
}

static void
dump_phones (XferFixture *f)
{
  for (guint i = 0; i < f->phones->len; i++)
    {
      PbxPhone *phone = g_ptr_array_index (f->phones, i);

      if (phone->process)
        g_test_message ("%s said:\n%s", phone->name,
                        desk_test_process_get_output (phone->process));
    }
}

/* The first event of @type (for @call_id, or any call if 0). */
static XferEvent *
wait_event (XferFixture *f,
            const char  *type,
            guint        call_id,
            guint        timeout_ms)
{
  EventWait w = { f, type, call_id, NULL };

  if (!desk_test_wait_until (event_seen, &w, timeout_ms))
    {
      dump_phones (f);
      g_error ("No %s event for call %u within %u ms", type, call_id, timeout_ms);
    }

  return w.found;
}

static guint
count_events (XferFixture *f,
              const char  *type,
              guint        call_id)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    {
      XferEvent *e = g_ptr_array_index (f->events, i);

      n += g_str_equal (e->type, type) && (call_id == 0 || e->call_id == call_id);
    }

  return n;
}

typedef struct
{
  XferFixture *f;
  const char *type;
  guint nth;
} NthWait;

static gboolean
nth_seen (gpointer data)
{
  NthWait *w = data;

  return count_events (w->f, w->type, 0) > w->nth;
}

/* The @nth (from 0) event of @type, whatever its call. */
static XferEvent *
wait_nth_event (XferFixture *f,
                const char  *type,
                guint        nth,
                guint        timeout_ms)
{
  NthWait w = { f, type, nth };
  guint seen = 0;

  if (!desk_test_wait_until (nth_seen, &w, timeout_ms))
    {
      dump_phones (f);
      g_error ("No %s event #%u within %u ms", type, nth, timeout_ms);
    }

  for (guint i = 0; i < f->events->len; i++)
    {
      XferEvent *e = g_ptr_array_index (f->events, i);

      if (g_str_equal (e->type, type) && seen++ == nth)
        return e;
    }

  g_assert_not_reached ();
}

/* Fixture ------------------------------------------------------------------ */

static void
xfer_setup (XferFixture   *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  pbx_fixture_setup (&f->base, data);
  f->events = g_ptr_array_new_with_free_func (xfer_event_free);
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);

  g_signal_connect (f->base.pbx, "call-incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->base.pbx, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->base.pbx, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->base.pbx, "call-transferred", G_CALLBACK (on_transferred), f);
  g_signal_connect (f->base.pbx, "call-transfer-failed", G_CALLBACK (on_failed), f);

  desk_pbx_set_account (f->base.pbx, "1001", "pass1001", &error);
  g_assert_no_error (error);
  desk_pbx_set_account (f->base.pbx, "1002", "pass1002", &error);
  g_assert_no_error (error);
  desk_pbx_set_account (f->base.pbx, "1003", "pass1003", &error);
  g_assert_no_error (error);

  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, TONE_SECONDS, -1);
  f->op1_wav = pbx_write_tone_wav (&f->base, "op1.wav", OP1_HZ, TONE_SECONDS, -1);
  f->op2_wav = pbx_write_tone_wav (&f->base, "op2.wav", OP2_HZ, TONE_SECONDS, -1);
}

static void
xfer_teardown (XferFixture   *f,
               gconstpointer  data)
{
  /* Phones first: they unregister while the engine still answers. */
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  pbx_fixture_teardown (&f->base, data);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->caller_wav);
  g_free (f->op1_wav);
  g_free (f->op2_wav);
}

static PbxPhone *
start_operator (XferFixture *f,
                const char  *user,
                const char  *wav)
{
  g_autofree char *account = g_strdup_printf ("auth_pass=pass%s;regint=600;answermode=auto",
                                              user);
  PbxPhone *phone = pbx_phone_start (&f->base, user, user, account, wav);

  g_ptr_array_add (f->phones, phone);
  if (!pbx_wait_registrations (&f->base, user, TRUE, 1, 10000))
    g_error ("%s did not register:\n%s", user, desk_test_process_get_output (phone->process));
  return phone;
}

static PbxPhone *
start_caller (XferFixture *f)
{
  PbxPhone *phone = pbx_phone_start (&f->base, "caller", "caller", "regint=0", f->caller_wav);

  g_ptr_array_add (f->phones, phone);
  return phone;
}

/* The caller dials in and the office answers. */
static guint
caller_calls (XferFixture *f,
              PbxPhone    *caller)
{
  g_autoptr (GError) error = NULL;
  guint id;

  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  id = wait_event (f, "incoming", 0, 10000)->call_id;
  desk_pbx_answer (f->base.pbx, id, &error);
  g_assert_no_error (error);
  wait_event (f, "answered", id, 5000);
  return id;
}

/* Rings @user and bridges @call_id to the phone that answers. */
static guint
ring_and_bridge (XferFixture *f,
                 guint        call_id,
                 const char  *user)
{
  g_autoptr (GError) error = NULL;
  const char *users[] = { user, NULL };
  guint id;

  id = desk_pbx_ring (f->base.pbx, users, NULL, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wait_event (f, "answered", id, 10000)->text, ==, user);
  desk_pbx_bridge (f->base.pbx, call_id, id, &error);
  g_assert_no_error (error);
  return id;
}

/* The caller hangs up and both its legs end; then every phone quits. */
static void
finish (XferFixture *f,
        PbxPhone    *caller,
        guint        caller_id,
        guint        peer_id)
{
  pbx_phone_command (caller, "/hangup\n");
  wait_event (f, "ended", caller_id, 5000);
  if (peer_id)
    wait_event (f, "ended", peer_id, 5000);

  for (guint i = 0; i < f->phones->len; i++)
    pbx_phone_quit (g_ptr_array_index (f->phones, i));
}

/* After a transfer: the caller heard op1 and then op2; op2 heard the
 * caller. */
static void
assert_moved_to_op2 (PbxPhone *caller,
                     PbxPhone *op2,
                     guint     op2_nth)
{
  g_autofree gint16 *heard = NULL;
  g_autofree gint16 *op2_heard = NULL;
  gsize n, op2_n;
  int op1_at, op2_at;

  heard = pbx_phone_heard (caller, 0, &n);
  op2_heard = pbx_phone_heard (op2, op2_nth, &op2_n);
  log_tones ("caller", heard, n);
  log_tones ("op2", op2_heard, op2_n);

  op1_at = pbx_find_tone (heard, n, OP1_HZ, 0);
  g_assert_cmpint (op1_at, >=, 0);
  op2_at = pbx_find_tone (heard, n, OP2_HZ, op1_at);
  g_assert_cmpint (op2_at, >, op1_at);
  /* ... and op1 no more once op2 is there. */
  g_assert_cmpint (pbx_find_tone (heard, n, OP1_HZ, op2_at), <, 0);
  g_assert_cmpint (pbx_find_tone (op2_heard, op2_n, CALLER_HZ, 0), >=, 0);
}

/* Blind transfer ------------------------------------------------------------ */

/* op1's phone sends REFER (baresip's /transfer): 202, NOTIFYs, op2 rings
 * and answers, the caller talks to op2, op1's leg ends. */
static void
test_blind_refer (XferFixture   *f,
                  gconstpointer  data)
{
  PbxPhone *op1, *op2, *caller;
  XferEvent *e;
  guint in_id, op1_id, op2_id;

  if (!pbx_require_phones ())
    return;

  op1 = start_operator (f, "1001", f->op1_wav);
  op2 = start_operator (f, "1002", f->op2_wav);
  caller = start_caller (f);
  in_id = caller_calls (f, caller);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (2500);

  pbx_phone_command (op1, "/transfer 1002\n");
  e = wait_event (f, "transferred", in_id, 15000);
  op2_id = e->other_id;
  g_assert_cmpstr (e->text, ==, "1002");
  g_assert_cmpstr (e->to_user, ==, "blind");
  g_assert_true (desk_pbx_has_call (f->base.pbx, op2_id));
  e = wait_event (f, "ended", op1_id, 5000);
  g_assert_cmpstr (e->text, ==, "transferred");
  g_assert_cmpuint (count_events (f, "ended", in_id), ==, 0);
  g_assert_cmpuint (count_events (f, "failed", 0), ==, 0);

  pbx_let_audio_flow (3000);
  g_test_message ("1001 said:\n%s", desk_test_process_get_output (op1->process));
  finish (f, caller, in_id, op2_id);
  assert_moved_to_op2 (caller, op2, 0);
}

/* The office transfers by command: first to a user with no phone (the call
 * stays as it was), then to op2. */
static void
test_blind_command (XferFixture   *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  PbxPhone *caller;
  XferEvent *e;
  guint in_id, op1_id, op2_id;

  if (!pbx_require_phones ())
    return;

  start_operator (f, "1001", f->op1_wav);
  PbxPhone *op2 = start_operator (f, "1002", f->op2_wav);
  caller = start_caller (f);
  in_id = caller_calls (f, caller);
  op1_id = ring_and_bridge (f, in_id, "1001");

  g_assert_false (desk_pbx_transfer (f->base.pbx, 4242, "1002", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_transfer (f->base.pbx, op1_id, "", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  pbx_let_audio_flow (1500);
  desk_pbx_transfer (f->base.pbx, op1_id, "1003", 10, &error);
  g_assert_no_error (error);
  e = wait_event (f, "failed", op1_id, 5000);
  g_assert_cmpuint (e->code, ==, 480);
  pbx_let_audio_flow (1000);
  g_assert_true (desk_pbx_has_call (f->base.pbx, op1_id));
  g_assert_true (desk_pbx_has_call (f->base.pbx, in_id));

  desk_pbx_transfer (f->base.pbx, op1_id, "1002", 10, &error);
  g_assert_no_error (error);
  e = wait_event (f, "transferred", in_id, 15000);
  op2_id = e->other_id;
  g_assert_cmpstr (e->text, ==, "1002");
  e = wait_event (f, "ended", op1_id, 5000);
  g_assert_cmpstr (e->text, ==, "transferred");

  pbx_let_audio_flow (3000);
  finish (f, caller, in_id, op2_id);
  assert_moved_to_op2 (caller, op2, 0);
}

/* A REFER to somebody outside (a number at the trunk's host) is refused
 * with 403 and nothing reaches the trunk; one to a user without a phone
 * gets 202 and a NOTIFY with 480; one to a user that is no account gets
 * 403 (the referrer proved who it is, so it may know). The engine keeps the call either way;
 * baresip 1.0 itself hangs up after a failed transfer (its ua frees the
 * call on CALL_EVENT_TRANSFER_FAILED), so each case has a call of its own,
 * and the end comes from the phone's BYE. */
static void
test_blind_refused (XferFixture   *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) provider = pbx_udp_socket_new ();
  g_autoptr (GSocketAddress) provider_addr = g_socket_get_local_address (provider, NULL);
  guint provider_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (provider_addr));
  g_autofree char *registrar = g_strdup_printf ("127.0.0.1:%u", provider_port);
  DeskPbxTrunk trunk = {
    .registrar = registrar,
    .username = "office",
    .password = "secret",
    .registration = FALSE,
  };
  PbxPhone *op1, *caller;
  XferEvent *e;
  guint in_id, op1_id;
  char buf[4096];

  if (!pbx_require_phones ())
    return;

  desk_pbx_set_trunk (f->base.pbx, &trunk, &error);
  g_assert_no_error (error);

  op1 = start_operator (f, "1001", f->op1_wav);
  caller = start_caller (f);

  in_id = caller_calls (f, caller);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (1500);
  pbx_phone_command (op1, "/transfer sip:+15550001@127.0.0.1:%u\n", provider_port);
  e = wait_event (f, "ended", op1_id, 10000);
  g_assert_cmpstr (e->text, ==, "bye");
  g_assert_nonnull (strstr (desk_test_process_get_output (op1->process),
                            "transfer failed: 403 Forbidden"));
  wait_event (f, "ended", in_id, 5000);

  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  in_id = wait_nth_event (f, "incoming", 1, 10000)->call_id;
  desk_pbx_answer (f->base.pbx, in_id, &error);
  g_assert_no_error (error);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (1500);
  pbx_phone_command (op1, "/transfer 1003\n");
  e = wait_event (f, "failed", op1_id, 10000);
  g_assert_cmpuint (e->code, ==, 480);
  e = wait_event (f, "ended", op1_id, 10000);
  g_assert_cmpstr (e->text, ==, "bye");
  g_assert_nonnull (strstr (desk_test_process_get_output (op1->process),
                            "transfer failed: 480 Temporarily Unavailable"));
  wait_event (f, "ended", in_id, 5000);

  /* 1004 is no account at all: 403 at once, nothing rings. */
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  in_id = wait_nth_event (f, "incoming", 2, 10000)->call_id;
  desk_pbx_answer (f->base.pbx, in_id, &error);
  g_assert_no_error (error);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (1500);
  pbx_phone_command (op1, "/transfer 1004\n");
  e = wait_event (f, "ended", op1_id, 10000);
  g_assert_cmpstr (e->text, ==, "bye");
  g_assert_nonnull (strstr (desk_test_process_get_output (op1->process),
                            "transfer failed: 403 Forbidden"));
  /* The first refusal's text is there already: this one is the second. */
  {
    const char *out = desk_test_process_get_output (op1->process);
    const char *first = strstr (out, "transfer failed: 403 Forbidden");

    g_assert_nonnull (strstr (first + 1, "transfer failed: 403 Forbidden"));
  }
  wait_event (f, "ended", in_id, 5000);

  /* Nothing moved, and the provider heard nothing, let alone an INVITE. */
  g_assert_cmpuint (count_events (f, "transferred", 0), ==, 0);
  g_assert_cmpuint (count_events (f, "failed", 0), ==, 1);
  while (g_socket_condition_check (provider, G_IO_IN) & G_IO_IN)
    {
      gssize len = g_socket_receive (provider, buf, sizeof (buf) - 1, NULL, NULL);

      g_assert_cmpint (len, >=, 0);
      buf[len] = '\0';
      g_test_message ("the provider got:\n%s", buf);
      g_assert_false (g_str_has_prefix (buf, "INVITE"));
    }
}

/* Attended transfer --------------------------------------------------------- */

/* op1 calls op2 from its phone (the consultation) while the caller waits. */
static guint
consult (XferFixture *f,
         PbxPhone    *op1,
         guint       *consult_id)
{
  g_autoptr (GError) error = NULL;
  XferEvent *e;
  guint before = count_events (f, "incoming", 0);
  guint id;

  pbx_phone_command (op1, "/dial sip:1002@127.0.0.1:%u\n", f->base.port);
  e = wait_nth_event (f, "incoming", before, 10000);
  g_assert_cmpstr (e->user, ==, "1001");
  g_assert_cmpstr (e->to_user, ==, "1002");
  *consult_id = e->call_id;
  desk_pbx_answer (f->base.pbx, e->call_id, &error);
  g_assert_no_error (error);
  id = ring_and_bridge (f, e->call_id, "1002");
  return id;
}

static void
test_attended_command (XferFixture   *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  PbxPhone *op1, *op2, *caller;
  XferEvent *e;
  guint in_id, op1_id, consult_id, op2_id;

  if (!pbx_require_phones ())
    return;

  op1 = start_operator (f, "1001", f->op1_wav);
  op2 = start_operator (f, "1002", f->op2_wav);
  caller = start_caller (f);
  in_id = caller_calls (f, caller);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (2500);
  op2_id = consult (f, op1, &consult_id);
  pbx_let_audio_flow (2000);

  g_assert_false (desk_pbx_transfer_attended (f->base.pbx, op1_id, op1_id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  desk_pbx_transfer_attended (f->base.pbx, op1_id, consult_id, &error);
  g_assert_no_error (error);
  e = wait_event (f, "transferred", in_id, 5000);
  g_assert_cmpuint (e->other_id, ==, op2_id);
  g_assert_cmpstr (e->text, ==, "1002");
  g_assert_cmpstr (e->to_user, ==, "attended");
  e = wait_event (f, "transferred", op2_id, 5000);
  g_assert_cmpuint (e->other_id, ==, in_id);
  g_assert_null (e->text);
  g_assert_cmpstr (wait_event (f, "ended", op1_id, 5000)->text, ==, "transferred");
  g_assert_cmpstr (wait_event (f, "ended", consult_id, 5000)->text, ==, "transferred");

  pbx_let_audio_flow (3000);
  finish (f, caller, in_id, op2_id);
  assert_moved_to_op2 (caller, op2, 0);
}

/* The REFER with Replaces comes from the operator's phone (sipp). */
static void
test_attended_refer (XferFixture   *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) sipp = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "pbx", "transfer-attended.xml",
                                                     NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", f->base.port);
  g_autofree char *local_port = g_strdup_printf ("%u", desk_test_free_port ());
  g_autofree char *log = g_build_filename (f->base.tmpdir, "sipp-messages.log", NULL);
  g_autofree char *errors = g_build_filename (f->base.tmpdir, "sipp-errors.log", NULL);
  const char *argv[] = {
    "sipp", remote, "-sf", scenario, "-t", "u1", "-i", "127.0.0.1", "-p", local_port,
    "-s", "1001", "-au", "1001", "-ap", "pass1001", "-cid_str", "xfer%p", "-m", "1",
    "-nostdin", "-timeout", "60s", "-timeout_error",
    "-trace_msg", "-message_file", log, "-trace_err", "-error_file", errors, NULL
  };
  PbxPhone *op2, *caller;
  XferEvent *e;
  guint in_id, o1_id, o2_id, op2_id;
  int status = -1;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;

  op2 = start_operator (f, "1002", f->op2_wav);
  caller = start_caller (f);
  in_id = caller_calls (f, caller);

  sipp = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);

  /* The operator's first call: the office bridges it to the caller. */
  g_assert_true (pbx_wait_registrations (&f->base, "1001", TRUE, 1, 10000));
  e = wait_nth_event (f, "incoming", 1, 15000);
  o1_id = e->call_id;
  g_assert_cmpstr (e->user, ==, "1001");
  desk_pbx_answer (f->base.pbx, o1_id, &error);
  g_assert_no_error (error);
  desk_pbx_bridge (f->base.pbx, in_id, o1_id, &error);
  g_assert_no_error (error);

  /* The second: to the colleague. */
  e = wait_nth_event (f, "incoming", 2, 15000);
  o2_id = e->call_id;
  g_assert_cmpstr (e->to_user, ==, "1002");
  desk_pbx_answer (f->base.pbx, o2_id, &error);
  g_assert_no_error (error);
  op2_id = ring_and_bridge (f, o2_id, "1002");

  /* sipp REFERs O1 with Replaces naming O2. */
  e = wait_event (f, "transferred", in_id, 15000);
  g_assert_cmpuint (e->other_id, ==, op2_id);
  wait_event (f, "transferred", op2_id, 5000);
  g_assert_cmpstr (wait_event (f, "ended", o1_id, 5000)->text, ==, "transferred");
  g_assert_cmpstr (wait_event (f, "ended", o2_id, 5000)->text, ==, "transferred");

  if (!desk_test_process_wait (sipp, 30000, &status) || status != 0)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (errors, &text, NULL, NULL);
      g_error ("sipp exited with %d:\n%s%s", status, desk_test_process_get_output (sipp),
               text ? text : "");
    }

  pbx_let_audio_flow (3000);
  finish (f, caller, in_id, op2_id);

  {
    g_autofree gint16 *heard = NULL;
    g_autofree gint16 *op2_heard = NULL;
    gsize n, op2_n;

    heard = pbx_phone_heard (caller, 0, &n);
    op2_heard = pbx_phone_heard (op2, 0, &op2_n);
    log_tones ("caller", heard, n);
    log_tones ("op2", op2_heard, op2_n);
    g_assert_cmpint (pbx_find_tone (heard, n, OP2_HZ, 0), >=, 0);
    g_assert_cmpint (pbx_find_tone (op2_heard, op2_n, CALLER_HZ, 0), >=, 0);
  }
}

/* Another phone of the operator takes the call over (INVITE with Replaces,
 * from sipp, which echoes the audio it gets). */
static void
test_invite_replaces (XferFixture   *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) sipp = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "pbx", "invite-replaces.xml",
                                                     NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", f->base.port);
  g_autofree char *local_port = g_strdup_printf ("%u", desk_test_free_port ());
  g_autofree char *media_port = g_strdup_printf ("%u", desk_test_free_port ());
  g_autofree char *log = g_build_filename (f->base.tmpdir, "sipp-messages.log", NULL);
  g_autofree char *errors = g_build_filename (f->base.tmpdir, "sipp-errors.log", NULL);
  const char *argv[] = {
    "sipp", remote, "-sf", scenario, "-t", "u1", "-i", "127.0.0.1", "-p", local_port,
    "-mp", media_port, "-rtp_echo",
    "-s", "1001", "-au", "1001", "-ap", "pass1001", "-cid_str", "repl%p", "-m", "1",
    "-nostdin", "-timeout", "60s", "-timeout_error",
    "-trace_msg", "-message_file", log, "-trace_err", "-error_file", errors, NULL
  };
  g_autofree gint16 *heard = NULL;
  PbxPhone *caller;
  XferEvent *e;
  guint in_id, o1_id, o3_id;
  gsize n;
  int status = -1;

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;

  caller = start_caller (f);
  in_id = caller_calls (f, caller);

  sipp = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);

  g_assert_true (pbx_wait_registrations (&f->base, "1001", TRUE, 1, 10000));
  e = wait_nth_event (f, "incoming", 1, 15000);
  o1_id = e->call_id;
  g_assert_cmpstr (e->user, ==, "1001");
  desk_pbx_answer (f->base.pbx, o1_id, &error);
  g_assert_no_error (error);
  desk_pbx_bridge (f->base.pbx, in_id, o1_id, &error);
  g_assert_no_error (error);

  /* The new leg takes O1's place; the office decides nothing. */
  e = wait_event (f, "transferred", in_id, 15000);
  o3_id = e->other_id;
  g_assert_cmpuint (o3_id, !=, o1_id);
  g_assert_cmpstr (e->text, ==, "1001");
  g_assert_cmpstr (e->to_user, ==, "replaces");
  g_assert_true (desk_pbx_has_call (f->base.pbx, o3_id));
  g_assert_cmpstr (wait_event (f, "ended", o1_id, 5000)->text, ==, "transferred");
  g_assert_cmpstr (wait_event (f, "answered", o3_id, 5000)->text, ==, "1001");
  g_assert_cmpuint (count_events (f, "incoming", 0), ==, 2);
  g_assert_cmpuint (count_events (f, "ended", in_id), ==, 0);

  /* sipp hangs up O3 after 3 s: the caller's call ends with it. */
  g_assert_cmpstr (wait_event (f, "ended", o3_id, 15000)->text, ==, "bye");
  wait_event (f, "ended", in_id, 5000);

  if (!desk_test_process_wait (sipp, 30000, &status) || status != 0)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (errors, &text, NULL, NULL);
      g_error ("sipp exited with %d:\n%s%s", status, desk_test_process_get_output (sipp),
               text ? text : "");
    }

  pbx_phone_quit (caller);

  /* The last seconds came back through the new leg. */
  heard = pbx_phone_heard (caller, 0, &n);
  log_tones ("caller", heard, n);
  g_assert_cmpuint (n, >=, 3 * RATE);
  g_assert_cmpint (pbx_find_tone (heard, n, CALLER_HZ, (int) (n / RATE) - 2), >=, 0);
}

/* Conference ---------------------------------------------------------------- */

/* Caller, op1 and op2 in one conference: each hears the other two and not
 * themselves. When the caller leaves the operators stay together; when
 * op2 leaves, op1 is alone and its call ends. */
static void
test_conference (XferFixture   *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gint16 *caller_heard = NULL;
  g_autofree gint16 *op1_heard = NULL;
  g_autofree gint16 *op2_heard = NULL;
  gsize caller_n, op1_n, op2_n;
  PbxPhone *op1, *op2, *caller;
  XferEvent *e;
  guint in_id, op1_id, consult_id, op2_id;

  if (!pbx_require_phones ())
    return;

  op1 = start_operator (f, "1001", f->op1_wav);
  op2 = start_operator (f, "1002", f->op2_wav);
  caller = start_caller (f);
  in_id = caller_calls (f, caller);
  op1_id = ring_and_bridge (f, in_id, "1001");
  pbx_let_audio_flow (2500);
  op2_id = consult (f, op1, &consult_id);
  pbx_let_audio_flow (1500);

  desk_pbx_conference (f->base.pbx, op1_id, consult_id, &error);
  g_assert_no_error (error);
  e = wait_event (f, "ended", op1_id, 5000);
  g_assert_cmpstr (e->text, ==, "conference");
  pbx_let_audio_flow (4000);
  g_assert_cmpuint (count_events (f, "failed", 0), ==, 0);

  /* The caller leaves: the operators go on. */
  pbx_phone_command (caller, "/hangup\n");
  wait_event (f, "ended", in_id, 5000);
  pbx_let_audio_flow (1500);
  g_assert_true (desk_pbx_has_call (f->base.pbx, consult_id));
  g_assert_true (desk_pbx_has_call (f->base.pbx, op2_id));

  /* op2 leaves: op1 is alone, its call ends too. */
  pbx_phone_command (op2, "/hangup\n");
  wait_event (f, "ended", op2_id, 5000);
  e = wait_event (f, "ended", consult_id, 5000);
  g_assert_cmpuint (e->code, ==, DESK_PBX_CAUSE_NORMAL);

  for (guint i = 0; i < f->phones->len; i++)
    pbx_phone_quit (g_ptr_array_index (f->phones, i));

  caller_heard = pbx_phone_heard (caller, 0, &caller_n);
  op2_heard = pbx_phone_heard (op2, 0, &op2_n);
  op1_heard = pbx_phone_heard (op1, 1, &op1_n);   /* the consultation */
  log_tones ("caller", caller_heard, caller_n);
  log_tones ("op1 (consultation)", op1_heard, op1_n);
  log_tones ("op2", op2_heard, op2_n);

  g_assert_cmpint (find_pair (caller_heard, caller_n, OP1_HZ, OP2_HZ, CALLER_HZ), >=, 0);
  g_assert_cmpint (find_pair (op1_heard, op1_n, CALLER_HZ, OP2_HZ, OP1_HZ), >=, 0);
  g_assert_cmpint (find_pair (op2_heard, op2_n, CALLER_HZ, OP1_HZ, OP2_HZ), >=, 0);
  /* After the caller left, op2 heard op1 alone. */
  g_assert_cmpint (pbx_find_tone (op2_heard, op2_n, OP1_HZ,
                              find_pair (op2_heard, op2_n, CALLER_HZ, OP1_HZ, OP2_HZ) + 1), >, 0);
}

/* Commands that cannot apply, without any phone. */
static void
test_commands (XferFixture   *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (desk_pbx_transfer_attended (f->base.pbx, 4242, 4243, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_pbx_conference (f->base.pbx, 4242, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_conference (f->base.pbx, 4242, 4243, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  desk_pbx_stop (f->base.pbx);
  g_assert_false (desk_pbx_transfer (f->base.pbx, 1, "1002", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/desk/pbx/transfer/" path, XferFixture, NULL, xfer_setup, func, xfer_teardown)

  ADD ("commands", test_commands);
  ADD ("blind-refer", test_blind_refer);
  ADD ("blind-command", test_blind_command);
  ADD ("blind-refused", test_blind_refused);
  ADD ("attended-command", test_attended_command);
  ADD ("attended-refer", test_attended_refer);
  ADD ("invite-replaces", test_invite_replaces);
  ADD ("conference", test_conference);

#undef ADD

  return g_test_run ();
}
