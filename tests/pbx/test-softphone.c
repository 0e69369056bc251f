/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-error.h"
#include "desk-softphone.h"
#include "desk-test-server.h"
#include "pbx-test-common.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

/* The agent's softphone against a real demo server process: it registers
 * with the account the login gives, a real baresip phone calls it, and
 * audio is checked by frequency both ways.
 *
 * Operators stay offline here: the demo office has callbacks waiting, and
 * they go to the first operator who becomes free, ahead of any new call;
 * and the office refuses calls between operators' extensions (it gives the
 * caller's name as caller ID). So a baresip phone on the PBX's address
 * calls the registered softphone directly. */

#define CALLER_HZ   440.0
#define AGENT_HZ    1800.0

typedef struct
{
  PbxFixture base;            /* only port and tmpdir: phones go to the server */
  DeskTestServer *server;
  SoupSession *http;
  DeskSoftphone *phone;
  char *caller_wav;
  GPtrArray *phones;

  /* From the softphone's thread. */
  GMutex lock;
  GArray *heard;              /* gint16: what the softphone played */
  double phase;

  guint incoming;
  char *from_number;
  DeskSoftphoneCallState state;
  guint ended;
  char *cause;
  char *failure;
} Fixture;

typedef struct
{
  char *token;
  char *sip_user;
  char *sip_password;
} Login;

static void
login_clear (Login *login)
{
  g_free (login->token);
  g_free (login->sip_user);
  g_free (login->sip_password);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Login, login_clear)

static JsonNode *
http_json (Fixture    *f,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autofree char *uri = g_strconcat (f->server->base_uri, "/api/v1", path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                                   bearer);
    }
  if (body)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (f->http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  node = json_from_string (g_bytes_get_data (reply, NULL), &error);
  g_assert_no_error (error);
  return node;
}

/* Logs @login in, makes the operator available, and returns the SIP
 * account the agent window would provision. */
static void
login_available (Fixture    *f,
                 const char *login,
                 gboolean    available,
                 Login      *out)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"demo\"}", login);
  g_autoptr (JsonNode) node = http_json (f, "POST", "/login", NULL, body);
  JsonObject *root = json_node_get_object (node);
  JsonObject *sip = json_object_get_object_member (root, "sip");

  g_assert_nonnull (sip);
  out->token = g_strdup (json_object_get_string_member (root, "token"));
  out->sip_user = g_strdup (json_object_get_string_member (sip, "user"));
  out->sip_password = g_strdup (json_object_get_string_member (sip, "password"));
  g_assert_cmpint (json_object_get_int_member (sip, "port"), ==, f->server->sip_port);

  if (available)
    {
      g_autoptr (JsonNode) state = http_json (f, "PUT", "/me/state", out->token,
                                              "{\"state\":\"available\"}");
    }
}

static void
on_capture (gint16  *samples,
            guint    n_samples,
            gpointer user_data)
{
  Fixture *f = user_data;

  for (guint i = 0; i < n_samples; i++)
    {
      samples[i] = (gint16) (8000 * sin (f->phase));
      f->phase = fmod (f->phase + 2 * G_PI * AGENT_HZ / PBX_TEST_RATE, 2 * G_PI);
    }
}

static void
on_playback (const gint16 *samples,
             guint         n_samples,
             gpointer      user_data)
{
  Fixture *f = user_data;

  g_mutex_lock (&f->lock);
  g_array_append_vals (f->heard, samples, n_samples);
  g_mutex_unlock (&f->lock);
}

static void
on_incoming (DeskSoftphone *phone,
             guint          call_id,
             const char    *number,
             const char    *name,
             Fixture       *f)
{
  f->incoming = call_id;
  g_free (f->from_number);
  f->from_number = g_strdup (number);
}

static void
on_call_state (DeskSoftphone          *phone,
               guint                   call_id,
               DeskSoftphoneCallState  state,
               Fixture                *f)
{
  f->state = state;
}

static void
on_call_ended (DeskSoftphone *phone,
               guint          call_id,
               const char    *cause,
               Fixture       *f)
{
  f->ended++;
  g_free (f->cause);
  f->cause = g_strdup (cause);
}

static void
on_registration_failed (DeskSoftphone *phone,
                        const char    *message,
                        Fixture       *f)
{
  g_free (f->failure);
  f->failure = g_strdup (message);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (!pbx_require_phones ())
    return;

  g_mutex_init (&f->lock);
  f->server = desk_test_server_start (FALSE);
  f->base.port = f->server->sip_port;
  f->base.tmpdir = desk_test_tmpdir_new ("desk-softphone-test");
  f->http = soup_session_new ();
  f->heard = g_array_new (FALSE, FALSE, sizeof (gint16));
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);
  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, 90, -1);
  f->state = DESK_SOFTPHONE_CALL_ENDED;

  f->phone = desk_softphone_new ();
  desk_softphone_set_audio (f->phone, on_capture, on_playback, f);
  g_signal_connect (f->phone, "incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->phone, "call-state", G_CALLBACK (on_call_state), f);
  g_signal_connect (f->phone, "call-ended", G_CALLBACK (on_call_ended), f);
  g_signal_connect (f->phone, "registration-failed", G_CALLBACK (on_registration_failed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!f->server)
    return;

  /* Phones go before the server, or baresip retries its un-REGISTER. */
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  g_clear_object (&f->phone);
  g_clear_pointer (&f->server, desk_test_server_stop);
  g_clear_object (&f->http);
  g_clear_pointer (&f->base.tmpdir, desk_test_tmpdir_free);
  g_array_unref (f->heard);
  g_mutex_clear (&f->lock);
  g_free (f->caller_wav);
  g_free (f->from_number);
  g_free (f->cause);
  g_free (f->failure);
}

static gboolean
is_registered (gpointer data)
{
  return desk_softphone_get_registered (((Fixture *) data)->phone);
}

static gboolean
has_incoming (gpointer data)
{
  return ((Fixture *) data)->incoming != 0;
}

static gboolean
has_failure (gpointer data)
{
  return ((Fixture *) data)->failure != NULL;
}

static gboolean
has_ended (gpointer data)
{
  return ((Fixture *) data)->ended > 0;
}

typedef struct
{
  Fixture *f;
  DeskSoftphoneCallState state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;

  return w->f->state == w->state;
}

static void
wait_state (Fixture               *f,
            DeskSoftphoneCallState state)
{
  StateWait w = { f, state };

  g_assert_true (desk_test_wait_until (state_is, &w, 15000));
}

static void
start_phone (Fixture *f,
             Login   *login)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_softphone_start (f->phone, "127.0.0.1", f->server->sip_port,
                                       login->sip_user, login->sip_password, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_softphone_get_local_port (f->phone), >, 0);
  g_assert_true (desk_test_wait_until (is_registered, f, 10000));
  g_assert_null (f->failure);
}

/* A copy of what the softphone played, from sample @from on. */
static gint16 *
heard_since (Fixture *f,
             gsize    from,
             gsize   *countp)
{
  gint16 *copy;

  g_mutex_lock (&f->lock);
  *countp = f->heard->len > from ? f->heard->len - from : 0;
  copy = g_memdup2 ((gint16 *) f->heard->data + from, *countp * sizeof (gint16) + 1);
  g_mutex_unlock (&f->lock);
  return copy;
}

static gsize
heard_count (Fixture *f)
{
  gsize n;

  g_mutex_lock (&f->lock);
  n = f->heard->len;
  g_mutex_unlock (&f->lock);
  return n;
}

/* baresip tells each RFC 4733 event it received, at its start and end. */
static gboolean
caller_got_digits (gpointer data)
{
  const char *output = desk_test_process_get_output (((PbxPhone *) data)->process);

  return strstr (output, "received event: '5' (end=1)")
         && strstr (output, "received event: '#' (end=1)");
}

static void
test_incoming_call (Fixture       *f,
                    gconstpointer  data)
{
  g_auto (Login) op1 = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree gint16 *heard = NULL;
  g_autofree gint16 *caller_heard = NULL;
  PbxPhone *caller;
  gsize n, mark;
  guint id;

  if (!f->server)
    return;

  login_available (f, "op1", FALSE, &op1);
  start_phone (f, &op1);

  /* The office cannot put a call through to op1 here (see the top of
   * this file), so a real phone on the PBX's address calls the
   * softphone's own port, as the PBX does. */
  caller = pbx_phone_start (&f->base, "caller", "0501234567", "regint=0", f->caller_wav);
  g_ptr_array_add (f->phones, caller);
  pbx_phone_command (caller, "/dial sip:%s@127.0.0.1:%u\n", op1.sip_user,
                     desk_softphone_get_local_port (f->phone));

  g_assert_true (desk_test_wait_until (has_incoming, f, 20000));
  id = f->incoming;
  g_test_message ("Call %u from “%s”", id, f->from_number);
  g_assert_cmpstr (f->from_number, ==, "0501234567");
  g_assert_cmpint (desk_softphone_get_call_state (f->phone, id), ==,
                   DESK_SOFTPHONE_CALL_RINGING);

  /* Not an answer for a call that does not exist. */
  g_assert_false (desk_softphone_answer (f->phone, id + 7, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_softphone_send_dtmf (f->phone, id, "12", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (desk_softphone_answer (f->phone, id, &error));
  g_assert_no_error (error);
  wait_state (f, DESK_SOFTPHONE_CALL_ACTIVE);

  /* The caller's voice reaches the operator. */
  mark = heard_count (f);
  pbx_let_audio_flow (3000);
  heard = heard_since (f, mark, &n);
  g_assert_cmpint (pbx_find_tone (heard, n, CALLER_HZ, 0), >=, 0);
  g_clear_pointer (&heard, g_free);

  /* On hold nothing is played; after it, the caller is heard again. */
  g_assert_true (desk_softphone_hold (f->phone, id, TRUE, &error));
  g_assert_no_error (error);
  wait_state (f, DESK_SOFTPHONE_CALL_HELD);
  pbx_let_audio_flow (300);
  mark = heard_count (f);
  pbx_let_audio_flow (1000);
  g_assert_cmpuint (heard_count (f), ==, mark);

  g_assert_true (desk_softphone_hold (f->phone, id, FALSE, &error));
  g_assert_no_error (error);
  wait_state (f, DESK_SOFTPHONE_CALL_ACTIVE);
  mark = heard_count (f);
  pbx_let_audio_flow (2500);
  heard = heard_since (f, mark, &n);
  g_assert_cmpint (pbx_find_tone (heard, n, CALLER_HZ, 0), >=, 0);

  g_assert_true (desk_softphone_send_dtmf (f->phone, id, "5#", &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (caller_got_digits, caller, 5000));

  g_assert_false (desk_softphone_send_dtmf (f->phone, id, "1x", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  desk_softphone_hangup (f->phone, id);
  g_assert_true (desk_test_wait_until (has_ended, f, 10000));
  g_assert_cmpstr (f->cause, ==, "hangup");
  g_assert_cmpint (desk_softphone_get_call_state (f->phone, id), ==, DESK_SOFTPHONE_CALL_ENDED);

  /* The operator's voice reached the caller. */
  pbx_phone_quit (caller);
  caller_heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &n);
  g_assert_cmpint (pbx_find_tone (caller_heard, n, AGENT_HZ, 0), >=, 0);
}

/* An outgoing call goes through the PBX, which asks for the operator's
 * digest. The office does not put an operator through to its own menu
 * and leaves the call ringing, so the phone gives up with a CANCEL. */
static void
test_dial (Fixture       *f,
           gconstpointer  data)
{
  g_auto (Login) op1 = { 0 };
  g_autoptr (GError) error = NULL;
  guint id;

  if (!f->server)
    return;

  login_available (f, "op1", FALSE, &op1);
  start_phone (f, &op1);

  g_assert_cmpuint (desk_softphone_dial (f->phone, "1 00", &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  id = desk_softphone_dial (f->phone, "100", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  g_assert_cmpint (desk_softphone_get_call_state (f->phone, id), ==,
                   DESK_SOFTPHONE_CALL_RINGING);
  /* A wrong digest would end it at once with 401 or 403. */
  pbx_let_audio_flow (2000);
  g_assert_cmpuint (f->ended, ==, 0);

  desk_softphone_hangup (f->phone, id);
  g_assert_true (desk_test_wait_until (has_ended, f, 10000));
  g_assert_cmpstr (f->cause, ==, "hangup");
  g_assert_cmpint (desk_softphone_get_call_state (f->phone, id), ==, DESK_SOFTPHONE_CALL_ENDED);
  g_assert_true (desk_softphone_get_registered (f->phone));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_auto (Login) op1 = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (DeskSoftphone) other = desk_softphone_new ();

  if (!f->server)
    return;

  login_available (f, "op1", FALSE, &op1);

  /* Bad input is refused before anything starts. */
  g_assert_false (desk_softphone_start (other, "", f->server->sip_port, op1.sip_user,
                                        op1.sip_password, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_softphone_start (other, "127.0.0.1", f->server->sip_port, "a b@c",
                                        op1.sip_password, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Never beside the office's PBX in one process. */
  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_false (desk_softphone_start (other, "127.0.0.1", f->server->sip_port, op1.sip_user,
                                        op1.sip_password, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  desk_pbx_stop (pbx);

  /* A wrong password: a clear message, no registration, no retry. */
  g_assert_true (desk_softphone_start (f->phone, "127.0.0.1", f->server->sip_port,
                                       op1.sip_user, "not-the-password", &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (has_failure, f, 10000));
  g_assert_nonnull (strstr (f->failure, "refused"));
  g_assert_false (desk_softphone_get_registered (f->phone));
  desk_softphone_stop (f->phone);

  /* The same phone starts again, with the right one. */
  g_clear_pointer (&f->failure, g_free);
  start_phone (f, &op1);
  desk_softphone_stop (f->phone);
  g_assert_false (desk_softphone_get_registered (f->phone));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/pbx/softphone/incoming-call", Fixture, NULL, fixture_setup,
              test_incoming_call, fixture_teardown);
  g_test_add ("/desk/pbx/softphone/dial", Fixture, NULL, fixture_setup, test_dial,
              fixture_teardown);
  g_test_add ("/desk/pbx/softphone/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);

  return g_test_run ();
}
