/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-agent-phone.h"
#include "desk-api-client.h"
#include "desk-error.h"
#include "desk-test-server.h"
#include "pbx-test-common.h"

/* DeskAgentPhone end to end: provisioned by a real login to a real demo
 * server, with WAV files for the headset, called by a real baresip phone.
 * The phone calls the softphone on the PBX's address (as the PBX does):
 * the demo office's waiting callbacks would take any queue call first. */

#define CALLER_HZ 440.0
#define AGENT_HZ  1000.0

typedef struct
{
  PbxFixture base;            /* only port and tmpdir */
  DeskTestServer *server;
  DeskApiClient *api;
  DeskSession *session;
  DeskAgentPhone *phone;
  char *out_path;
  guint incoming;
  DeskSoftphoneCallState state;
} Fixture;

static void
on_login (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr (GError) error = NULL;

  f->session = desk_api_client_login_finish (DESK_API_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
has_session (gpointer data)
{
  return ((Fixture *) data)->session != NULL;
}

static void
on_incoming (DeskAgentPhone *phone,
             guint           call_id,
             const char     *number,
             const char     *name,
             Fixture        *f)
{
  f->incoming = call_id;
}

static void
on_state (DeskAgentPhone         *phone,
          guint                   call_id,
          DeskSoftphoneCallState  state,
          Fixture                *f)
{
  f->state = state;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *host = NULL;

  if (!pbx_require_phones ())
    return;

  f->server = desk_test_server_start (FALSE);
  f->base.port = f->server->sip_port;
  f->base.tmpdir = desk_test_tmpdir_new ("desk-agent-phone");
  f->out_path = g_build_filename (f->base.tmpdir, "headset.wav", NULL);
  f->api = desk_api_client_new (f->server->base_uri);
  desk_api_client_login_async (f->api, "op1", "demo", NULL, on_login, f);
  g_assert_true (desk_test_wait_until (has_session, f, 10000));
  g_assert_nonnull (f->session->sip_user);

  host = desk_api_client_dup_host (f->api);
  f->phone = desk_agent_phone_new (f->session, host);
  f->state = DESK_SOFTPHONE_CALL_ENDED;
  g_signal_connect (f->phone, "incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->phone, "call-state-changed", G_CALLBACK (on_state), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!f->server)
    return;

  g_clear_object (&f->phone);
  g_clear_pointer (&f->session, desk_session_free);
  g_clear_object (&f->api);
  g_clear_pointer (&f->server, desk_test_server_stop);
  g_clear_pointer (&f->base.tmpdir, desk_test_tmpdir_free);
  g_free (f->out_path);
}

static gboolean
is_registered (gpointer data)
{
  return desk_agent_phone_get_registered (((Fixture *) data)->phone);
}

static gboolean
has_incoming (gpointer data)
{
  return ((Fixture *) data)->incoming != 0;
}

static gboolean
is_active (gpointer data)
{
  return ((Fixture *) data)->state == DESK_SOFTPHONE_CALL_ACTIVE;
}

static gboolean
is_ended (gpointer data)
{
  return ((Fixture *) data)->state == DESK_SOFTPHONE_CALL_ENDED;
}

static void
test_call (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *caller_wav = NULL;
  g_autofree char *agent_wav = NULL;
  g_autofree char *in_id = NULL;
  g_autofree char *out_id = NULL;
  g_autofree gint16 *out = NULL;
  g_autofree gint16 *heard = NULL;
  PbxPhone *caller;
  gsize n;
  int ring_at, voice_at;

  if (!f->server)
    return;

  caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", CALLER_HZ, 90, -1);
  agent_wav = pbx_write_tone_wav (&f->base, "agent.wav", AGENT_HZ, 90, -1);
  in_id = g_strconcat ("file:", agent_wav, NULL);
  out_id = g_strconcat ("file:", f->out_path, NULL);

  g_assert_false (desk_agent_phone_set_mode (f->phone, "speaker", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (desk_agent_phone_set_input_device (f->phone, in_id, &error));
  g_assert_true (desk_agent_phone_set_output_device (f->phone, out_id, &error));
  g_assert_no_error (error);
  g_assert_true (desk_agent_phone_start (f->phone, &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (is_registered, f, 10000));

  caller = pbx_phone_start (&f->base, "caller", "0501234567", "regint=0", caller_wav);
  pbx_phone_command (caller, "/dial sip:%s@127.0.0.1:%u\n", f->session->sip_user,
                     desk_agent_phone_get_local_port (f->phone));
  g_assert_true (desk_test_wait_until (has_incoming, f, 10000));

  /* It rings into the headset for a while, then the operator answers. */
  pbx_let_audio_flow (1500);
  g_assert_true (desk_agent_phone_answer (f->phone, f->incoming, &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (is_active, f, 10000));
  pbx_let_audio_flow (3000);

  /* Muted, the caller hears silence. */
  desk_agent_phone_set_muted (f->phone, TRUE);
  g_assert_true (desk_agent_phone_get_muted (f->phone));
  pbx_let_audio_flow (3000);

  desk_agent_phone_hangup (f->phone, f->incoming);
  g_assert_true (desk_test_wait_until (is_ended, f, 10000));
  pbx_phone_quit (caller);

  /* The headset got the ring tone first, then the caller's voice. */
  out = pbx_read_wav_mono (f->out_path, &n);
  ring_at = pbx_find_tone (out, n, 425.0, 0);
  voice_at = pbx_find_tone (out, n, CALLER_HZ, 0);
  g_assert_cmpint (ring_at, ==, 0);
  g_assert_cmpint (voice_at, >, ring_at);

  /* The caller heard the operator's microphone, then nothing. */
  heard = pbx_phone_heard (caller, PBX_HEARD_LAST, &n);
  g_assert_cmpuint (n, >=, 5 * PBX_TEST_RATE);
  g_assert_cmpint (pbx_find_tone (heard, n, AGENT_HZ, 0), >=, 0);
  g_assert_cmpfloat (pbx_tone_share (heard + n - 2 * PBX_TEST_RATE, PBX_TEST_RATE, 1, AGENT_HZ),
                     <, 0.05);
  pbx_phone_free (caller);
}

/* In desk-phone mode nothing registers and the window's commands say why. */
static void
test_desk_phone_mode (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  if (!f->server)
    return;

  g_assert_true (desk_agent_phone_set_mode (f->phone, DESK_AGENT_PHONE_MODE_DESK_PHONE, &error));
  g_assert_true (desk_agent_phone_start (f->phone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_agent_phone_get_local_port (f->phone), ==, 0);
  pbx_let_audio_flow (500);
  g_assert_false (desk_agent_phone_get_registered (f->phone));
  g_assert_false (desk_agent_phone_answer (f->phone, 1, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Back to the built-in phone, which registers at once. */
  g_assert_true (desk_agent_phone_set_mode (f->phone, DESK_AGENT_PHONE_MODE_BUILTIN, &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (is_registered, f, 10000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/client/agent-phone/call", Fixture, NULL, fixture_setup, test_call,
              fixture_teardown);
  g_test_add ("/desk/client/agent-phone/desk-phone-mode", Fixture, NULL, fixture_setup,
              test_desk_phone_mode, fixture_teardown);

  return g_test_run ();
}
