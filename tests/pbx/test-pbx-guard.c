/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include "desk-error.h"

#include <string.h>
#include <unistd.h>

/* The engine against hostile SIP: floods of INVITEs that nobody answers
 * (DeskPbxCallLimits: 503 with Retry-After past the limits, a ring timeout,
 * bounded file descriptors, operators' phones still served), and a phone
 * behind NAT reached at the address its REGISTER came from.
 *
 * The flood comes from 127.0.0.2 and 127.0.0.3 (all of 127.0.0.0/8 is
 * loopback on Linux), so that the limits per source address can tell it
 * from the operator's phone on 127.0.0.1. Every message stays on
 * 127.0.0.0/8. */

typedef struct
{
  PbxFixture pbx;
  GHashTable *incoming;       /* call id → user ("" for an outside caller) */
  GHashTable *ended;          /* call id → "cause reason" */
  GHashTable *answered;       /* call ids */
} GuardFixture;

static void
on_call_incoming (DeskPbx      *pbx,
                  guint         call_id,
                  const char   *from_uri,
                  const char   *to_user,
                  const char   *source,
                  const char   *user,
                  GuardFixture *gf)
{
  g_hash_table_insert (gf->incoming, GUINT_TO_POINTER (call_id), g_strdup (user ? user : ""));
}

static void
on_call_answered (DeskPbx      *pbx,
                  guint         call_id,
                  const char   *user,
                  GuardFixture *gf)
{
  g_hash_table_add (gf->answered, GUINT_TO_POINTER (call_id));
}

static void
on_call_ended (DeskPbx      *pbx,
               guint         call_id,
               guint         cause,
               const char   *reason,
               GuardFixture *gf)
{
  g_hash_table_insert (gf->ended, GUINT_TO_POINTER (call_id),
                       g_strdup_printf ("%u %s", cause, reason));
}

static void
guard_setup (GuardFixture  *gf,
             gconstpointer  data)
{
  pbx_fixture_setup (&gf->pbx, data);
  gf->incoming = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gf->ended = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gf->answered = g_hash_table_new (NULL, NULL);
  g_signal_connect (gf->pbx.pbx, "call-incoming", G_CALLBACK (on_call_incoming), gf);
  g_signal_connect (gf->pbx.pbx, "call-answered", G_CALLBACK (on_call_answered), gf);
  g_signal_connect (gf->pbx.pbx, "call-ended", G_CALLBACK (on_call_ended), gf);
}

static void
guard_teardown (GuardFixture  *gf,
                gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (gf->pbx.pbx, gf);
  pbx_fixture_teardown (&gf->pbx, data);
  g_clear_pointer (&gf->incoming, g_hash_table_unref);
  g_clear_pointer (&gf->ended, g_hash_table_unref);
  g_clear_pointer (&gf->answered, g_hash_table_unref);
}

/* The file descriptors of this process, the engine's among them. */
static guint
count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir))
    n++;
  return n;
}

/* A caller that floods: one UDP socket on a loopback address of its own,
 * INVITEs that it never answers, an ACK for every final answer. */

typedef struct
{
  char *branch;
  guint provisional;
  guint final;
  guint retry_after;
} FloodCall;

typedef struct
{
  char *address;
  GSocket *socket;
  guint local_port;
  guint server_port;
  GSocketAddress *dst;
  GSocket *rtp;               /* where the engine may send media: ours */
  GHashTable *calls;          /* Call-ID → FloodCall */
  guint serial;
} Flooder;

static void
flood_call_free (gpointer data)
{
  FloodCall *c = data;

  g_free (c->branch);
  g_free (c);
}

static GSocket *
udp_socket_at (const char *address)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) local = g_inet_socket_address_new_from_string (address, 0);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, local, FALSE, &error);
  g_assert_no_error (error);
  return socket;
}

static guint
socket_port (GSocket *socket)
{
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static Flooder *
flooder_new (const char *address,
             guint       server_port)
{
  Flooder *f = g_new0 (Flooder, 1);

  f->address = g_strdup (address);
  f->socket = udp_socket_at (address);
  f->rtp = udp_socket_at (address);
  f->local_port = socket_port (f->socket);
  f->server_port = server_port;
  f->dst = g_inet_socket_address_new_from_string ("127.0.0.1", server_port);
  f->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, flood_call_free);
  return f;
}

static void
flooder_free (Flooder *f)
{
  g_free (f->address);
  g_object_unref (f->socket);
  g_object_unref (f->rtp);
  g_object_unref (f->dst);
  g_hash_table_unref (f->calls);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flooder, flooder_free)

static void
flooder_send (Flooder    *f,
              const char *text)
{
  g_autoptr (GError) error = NULL;

  g_socket_send_to (f->socket, f->dst, text, strlen (text), NULL, &error);
  g_assert_no_error (error);
}

/* The value of header @name (first line only), or NULL. */
static char *
header (const char *msg,
        const char *name)
{
  g_auto (GStrv) lines = g_strsplit (msg, "\r\n", -1);

  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      gsize n = strlen (name);

      if (g_ascii_strncasecmp (lines[i], name, n) == 0 && lines[i][n] == ':')
        return g_strstrip (g_strdup (lines[i] + n + 1));
    }
  return NULL;
}

static char *
flooder_invite_text (Flooder    *f,
                     const char *call_id,
                     const char *branch)
{
  g_autofree char *sdp = g_strdup_printf ("v=0\r\n"
                                          "o=- 1 1 IN IP4 %s\r\n"
                                          "s=-\r\n"
                                          "c=IN IP4 %s\r\n"
                                          "t=0 0\r\n"
                                          "m=audio %u RTP/AVP 0\r\n"
                                          "a=rtpmap:0 PCMU/8000\r\n",
                                          f->address, f->address, socket_port (f->rtp));

  return g_strdup_printf ("INVITE sip:100@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP %s:%u;branch=%s;rport\r\n"
                          "From: <sip:flood@%s:%u>;tag=%s\r\n"
                          "To: <sip:100@127.0.0.1:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "Contact: <sip:flood@%s:%u>\r\n"
                          "Max-Forwards: 70\r\n"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n"
                          "%s",
                          f->server_port, f->address, f->local_port, branch, f->address,
                          f->local_port, call_id, f->server_port, call_id, f->address,
                          f->local_port, strlen (sdp), sdp);
}

/* Reads what came back within @wait_ms; ACKs every final answer. */
static void
flooder_pump (Flooder *f,
              guint    wait_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;
  char buf[8192];

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      g_autofree char *call_id = NULL;
      g_autofree char *to = NULL;
      g_autofree char *retry = NULL;
      FloodCall *c;
      gssize n;
      guint code;

      if (left <= 0 || !g_socket_condition_timed_wait (f->socket, G_IO_IN, left, NULL, NULL))
        break;
      n = g_socket_receive (f->socket, buf, sizeof (buf) - 1, NULL, NULL);
      if (n < 12)
        continue;
      buf[n] = '\0';
      g_assert_true (g_str_has_prefix (buf, "SIP/2.0 "));
      code = (guint) g_ascii_strtoull (buf + 8, NULL, 10);
      call_id = header (buf, "Call-ID");
      c = call_id ? g_hash_table_lookup (f->calls, call_id) : NULL;
      g_assert_nonnull (c);

      if (code < 200)
        {
          c->provisional = code;
          continue;
        }

      g_assert_true (c->final == 0 || c->final == code);
      c->final = code;
      retry = header (buf, "Retry-After");
      if (retry)
        c->retry_after = (guint) g_ascii_strtoull (retry, NULL, 10);

      to = header (buf, "To");
      {
        g_autofree char *ack = g_strdup_printf ("ACK sip:100@127.0.0.1:%u SIP/2.0\r\n"
                                                "Via: SIP/2.0/UDP %s:%u;branch=%s;rport\r\n"
                                                "From: <sip:flood@%s:%u>;tag=%s\r\n"
                                                "To: %s\r\n"
                                                "Call-ID: %s\r\n"
                                                "CSeq: 1 ACK\r\n"
                                                "Max-Forwards: 70\r\n"
                                                "Content-Length: 0\r\n"
                                                "\r\n",
                                                f->server_port, f->address, f->local_port,
                                                c->branch, f->address, f->local_port, call_id,
                                                to, call_id);

        flooder_send (f, ack);
      }
    }
}

/* Sends one INVITE and waits for its first answer (or @wait_ms). */
static FloodCall *
flooder_invite (Flooder *f,
                guint    wait_ms)
{
  char *call_id = g_strdup_printf ("flood-%s-%u-%u@127.0.0.1", f->address, (guint) getpid (),
                                   ++f->serial);
  FloodCall *c = g_new0 (FloodCall, 1);
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;

  c->branch = g_strdup_printf ("z9hG4bK-guard-%u-%u", (guint) getpid (), f->serial);
  g_hash_table_insert (f->calls, call_id, c);
  text = flooder_invite_text (f, call_id, c->branch);
  flooder_send (f, text);

  while (!c->provisional && !c->final && g_get_monotonic_time () < deadline)
    flooder_pump (f, 50);
  return c;
}

static guint
count_calls (Flooder *f,
             guint    provisional,
             guint    final)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, f->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FloodCall *c = value;

      if ((!provisional || c->provisional == provisional) && c->final == final)
        n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_limits_api (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  DeskPbxCallLimits limits, got;
  const DeskPbxCallLimits bad[] = {
    { 0, 500, 120, 30 },      /* no call per source */
    { 20, 0, 120, 30 },
    { 21, 20, 120, 30 },      /* more per source than in all */
    { 20, 10001, 120, 30 },
    { 20, 500, 0, 30 },
    { 20, 500, 86401, 30 },
    { 20, 500, 120, 0 },
  };

  desk_pbx_get_call_limits (pbx, &limits);
  g_assert_cmpuint (limits.max_ringing_per_source, ==, 20);
  g_assert_cmpuint (limits.max_ringing, ==, 500);
  g_assert_cmpuint (limits.ring_timeout_seconds, ==, 120);
  g_assert_cmpuint (limits.retry_after_seconds, ==, 30);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (desk_pbx_set_call_limits (pbx, &bad[i], &error));
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_clear_error (&error);
    }
  desk_pbx_get_call_limits (pbx, &got);
  g_assert_cmpmem (&got, sizeof (got), &limits, sizeof (limits));

  limits = (DeskPbxCallLimits) { 5, 8, 3, 7 };
  g_assert_true (desk_pbx_set_call_limits (pbx, &limits, &error));
  g_assert_no_error (error);
  desk_pbx_get_call_limits (pbx, &got);
  g_assert_cmpmem (&got, sizeof (got), &limits, sizeof (limits));

  /* While it runs too. */
  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  limits.max_ringing_per_source = 6;
  g_assert_true (desk_pbx_set_call_limits (pbx, &limits, &error));
  g_assert_no_error (error);
  g_assert_false (desk_pbx_set_call_limits (pbx, &bad[2], &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  desk_pbx_stop (pbx);
}

typedef struct
{
  GuardFixture *gf;
  guint count;
} WaitEnded;

static gboolean
enough_ended (gpointer data)
{
  WaitEnded *w = data;

  return g_hash_table_size (w->gf->ended) >= w->count;
}

static gboolean
operator_called (gpointer data)
{
  GuardFixture *gf = data;
  GHashTableIter iter;
  gpointer key, user;

  g_hash_table_iter_init (&iter, gf->incoming);
  while (g_hash_table_iter_next (&iter, &key, &user))
    if (g_str_equal (user, PBX_TEST_USER1) && g_hash_table_contains (gf->ended, key))
      return TRUE;
  return FALSE;
}

/* Floods from two addresses past both limits; an operator's phone still
 * registers and calls; the file descriptors stay bounded; the ring timeout
 * ends the flood's calls; then the engine serves the same addresses again. */
static void
test_flood (GuardFixture  *gf,
            gconstpointer  data)
{
  /* The ring timeout leaves room for both floods on a loaded machine. */
  const DeskPbxCallLimits limits = { 20, 30, 12, 7 };
  g_autoptr (GError) error = NULL;
  g_autoptr (Flooder) a = NULL;
  g_autoptr (Flooder) b = NULL;
  g_autofree char *reply = NULL;
  PbxSipp phone = { "guard-phone.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  GHashTableIter iter;
  gpointer value;
  guint fds_before, fds_peak, flood_ends = 0;
  FloodCall *again;
  WaitEnded w = { gf, 0 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_true (desk_pbx_set_call_limits (gf->pbx.pbx, &limits, &error));
  g_assert_no_error (error);

  /* Let the engine settle (its sockets, the probe of its SIP socket). */
  reply = pbx_udp_exchange (gf->pbx.port, pbx_options_request, 5000);
  g_assert_nonnull (reply);
  a = flooder_new ("127.0.0.2", gf->pbx.port);
  b = flooder_new ("127.0.0.3", gf->pbx.port);
  fds_before = count_fds ();

  /* 127.0.0.2: 20 ring, the rest are refused at once. */
  for (guint i = 0; i < 60; i++)
    {
      FloodCall *c = flooder_invite (a, 2000);

      g_assert_cmpuint (c->final ? c->final : c->provisional, ==, i < 20 ? 180 : 503);
      if (c->final == 503)
        g_assert_cmpuint (c->retry_after, ==, 7);
    }

  /* 127.0.0.3: 10 more ring, then the total of 30 is reached. */
  for (guint i = 0; i < 20; i++)
    {
      FloodCall *c = flooder_invite (b, 2000);

      g_assert_cmpuint (c->final ? c->final : c->provisional, ==, i < 10 ? 180 : 503);
    }
  flooder_pump (a, 100);
  flooder_pump (b, 100);
  fds_peak = count_fds ();
  g_test_message ("fds: %u before the flood, %u with 30 calls ringing", fds_before, fds_peak);
  /* RTP and RTCP for each ringing call, nothing for the refused ones. */
  g_assert_cmpuint (fds_peak, <=, fds_before + 2 * 30 + 8);

  /* The operator's phone on 127.0.0.1 registers and calls all the same:
   * calls from phones that proved who they are count against no limit. */
  g_assert_cmpint (pbx_run_sipp (&gf->pbx, &phone, NULL), ==, 0);
  g_assert_true (desk_test_wait_until (operator_called, gf, 5000));
  g_assert_cmpuint (count_fds (), <=, fds_before + 2 * 30 + 8);

  /* Nobody answers: after 12 s every flood call ends, 480 to the caller. */
  w.count = 31;
  g_assert_true (desk_test_wait_until (enough_ended, &w, 30000));
  g_hash_table_iter_init (&iter, gf->ended);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (value, "480 ring-timeout"))
      flood_ends++;
  g_assert_cmpuint (flood_ends, ==, 30);
  flooder_pump (a, 500);
  flooder_pump (b, 500);
  g_assert_cmpuint (count_calls (a, 180, 480), ==, 20);
  g_assert_cmpuint (count_calls (a, 0, 503), ==, 40);
  g_assert_cmpuint (count_calls (b, 180, 480), ==, 10);
  g_assert_cmpuint (count_calls (b, 0, 503), ==, 10);

  /* The flood is over: the same address is served again. */
  again = flooder_invite (a, 2000);
  g_assert_cmpuint (again->provisional, ==, 180);
  g_assert_cmpuint (again->final, ==, 0);
  w.count = 32;
  g_assert_true (desk_test_wait_until (enough_ended, &w, 25000));
  flooder_pump (a, 500);
  g_assert_cmpuint (again->final, ==, 480);

  g_clear_pointer (&reply, g_free);
  reply = pbx_udp_exchange (gf->pbx.port, pbx_options_request, 5000);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 200 "));
  g_assert_cmpuint (count_fds (), <=, fds_before + 8);
}

/* A phone behind NAT: it registers a contact it does not listen on; the
 * call reaches it at the address its REGISTER came from (rport), and its
 * ACK and BYE go there too. */

typedef struct
{
  GuardFixture *gf;
  guint call_id;
} WaitCall;

static gboolean
call_answered (gpointer data)
{
  WaitCall *w = data;

  return g_hash_table_contains (w->gf->answered, GUINT_TO_POINTER (w->call_id))
         || g_hash_table_contains (w->gf->ended, GUINT_TO_POINTER (w->call_id));
}

static gboolean
call_ended (gpointer data)
{
  WaitCall *w = data;

  return g_hash_table_contains (w->gf->ended, GUINT_TO_POINTER (w->call_id));
}

static DeskTestProcess *
spawn_sipp (GuardFixture *gf,
            const char   *scenario,
            guint         local_port,
            gboolean      client)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "pbx", scenario, NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", gf->pbx.port);
  g_autofree char *port = g_strdup_printf ("%u", local_port);
  g_autofree char *log = g_strdup_printf ("%s/%s-messages.log", gf->pbx.tmpdir, scenario);
  g_autofree char *errors = g_strdup_printf ("%s/%s-errors.log", gf->pbx.tmpdir, scenario);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  DeskTestProcess *sipp;

  g_ptr_array_add (argv, "sipp");
  if (client)
    g_ptr_array_add (argv, remote);
  g_ptr_array_add (argv, "-sf");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "-t");
  g_ptr_array_add (argv, "u1");
  g_ptr_array_add (argv, "-i");
  g_ptr_array_add (argv, "127.0.0.1");
  g_ptr_array_add (argv, "-p");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, "-s");
  g_ptr_array_add (argv, PBX_TEST_USER1);
  g_ptr_array_add (argv, "-au");
  g_ptr_array_add (argv, PBX_TEST_USER1);
  g_ptr_array_add (argv, "-ap");
  g_ptr_array_add (argv, PBX_TEST_PASSWORD1);
  g_ptr_array_add (argv, "-m");
  g_ptr_array_add (argv, "1");
  g_ptr_array_add (argv, "-nostdin");
  g_ptr_array_add (argv, "-timeout");
  g_ptr_array_add (argv, "20s");
  g_ptr_array_add (argv, "-timeout_error");
  g_ptr_array_add (argv, "-trace_msg");
  g_ptr_array_add (argv, "-message_file");
  g_ptr_array_add (argv, log);
  g_ptr_array_add (argv, "-trace_err");
  g_ptr_array_add (argv, "-error_file");
  g_ptr_array_add (argv, errors);
  g_ptr_array_add (argv, NULL);

  sipp = desk_test_process_spawnv ((const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return sipp;
}

static void
assert_sipp_ok (GuardFixture    *gf,
                DeskTestProcess *sipp,
                const char      *scenario)
{
  g_autofree char *errors = g_strdup_printf ("%s/%s-errors.log", gf->pbx.tmpdir, scenario);
  g_autofree char *messages = g_strdup_printf ("%s/%s-messages.log", gf->pbx.tmpdir, scenario);
  int status = -1;

  if (!desk_test_process_wait (sipp, 30000, &status))
    status = -1;
  if (status != 0)
    {
      g_autofree char *text = NULL;
      g_autofree char *log = NULL;

      g_file_get_contents (errors, &text, NULL, NULL);
      g_file_get_contents (messages, &log, NULL, NULL);
      g_error ("sipp %s exited with %d:\n%s%s\n%s", scenario, status,
               desk_test_process_get_output (sipp), text ? text : "", log ? log : "");
    }
}

static void
test_nat (GuardFixture  *gf,
          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) reg = NULL;
  g_autoptr (DeskTestProcess) uas = NULL;
  g_autofree char *source = NULL;
  const char *users[] = { PBX_TEST_USER1, NULL };
  guint port;
  WaitCall w = { gf, 0 };

  if (!pbx_require_program ("sipp"))
    return;

  port = desk_test_free_port ();
  reg = spawn_sipp (gf, "nat-register.xml", port, TRUE);
  assert_sipp_ok (gf, reg, "nat-register.xml");
  g_assert_true (pbx_wait_registrations (&gf->pbx, PBX_TEST_USER1, TRUE, 1, 5000));

  {
    PbxRegistration *r = g_ptr_array_index (gf->pbx.registrations, 0);

    source = g_strdup_printf ("127.0.0.1:%u", port);
    g_assert_nonnull (strstr (r->contact, "@127.0.0.2:"));
    g_assert_cmpstr (r->source, ==, source);
  }

  /* The phone, on the port its REGISTER came from. */
  uas = spawn_sipp (gf, "nat-uas.xml", port, FALSE);
  g_usleep (300 * 1000);    /* sipp binds its socket */

  w.call_id = desk_pbx_ring (gf->pbx.pbx, users, "100", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (w.call_id, >, 0);
  g_assert_true (desk_test_wait_until (call_answered, &w, 10000));
  g_assert_true (g_hash_table_contains (gf->answered, GUINT_TO_POINTER (w.call_id)));

  g_assert_true (desk_pbx_hangup (gf->pbx.pbx, w.call_id, 0, &error));
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (call_ended, &w, 5000));
  assert_sipp_ok (gf, uas, "nat-uas.xml");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/pbx/guard/limits-api", test_limits_api);
  g_test_add ("/desk/pbx/guard/flood", GuardFixture, NULL, guard_setup, test_flood,
              guard_teardown);
  g_test_add ("/desk/pbx/guard/nat", GuardFixture, NULL, guard_setup, test_nat, guard_teardown);

  return g_test_run ();
}
