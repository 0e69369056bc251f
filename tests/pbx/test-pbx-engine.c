/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include "desk-error.h"

#include <string.h>

/* The engine's life (start, stop, ports, errors) and its answers to odd
 * traffic, with raw UDP and TCP sockets on 127.0.0.1. */

static gboolean
udp_port_taken (guint port)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  return !g_socket_bind (socket, addr, FALSE, NULL);
}

static gboolean
tcp_port_listening (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static void
assert_answers_options (guint port)
{
  g_autofree char *reply = pbx_udp_exchange (port, pbx_options_request, 2000);

  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 200 OK\r\n"));
  g_assert_nonnull (strstr (reply,
                            "\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER\r\n"));
}

static void
test_start_stop (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  guint port;

  g_assert_false (desk_pbx_is_running (pbx));
  g_assert_cmpuint (desk_pbx_get_port (pbx), ==, 0);

  /* Port 0 picks a port free for UDP and TCP alike. */
  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_true (desk_pbx_is_running (pbx));
  port = desk_pbx_get_port (pbx);
  g_assert_cmpuint (port, >, 0);
  g_assert_true (udp_port_taken (port));
  g_assert_true (tcp_port_listening (port));
  assert_answers_options (port);

  /* A running engine does not start twice. */
  g_assert_false (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);

  desk_pbx_stop (pbx);
  g_assert_false (desk_pbx_is_running (pbx));
  g_assert_cmpuint (desk_pbx_get_port (pbx), ==, 0);
  g_assert_false (udp_port_taken (port));
  g_assert_false (tcp_port_listening (port));

  /* Stopping twice is harmless. */
  desk_pbx_stop (pbx);

  /* And it starts again, on the very same port. */
  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_pbx_get_port (pbx), ==, port);
  assert_answers_options (port);
  desk_pbx_stop (pbx);
}

static void
test_fixed_port (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  guint port = desk_test_free_port ();

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_pbx_get_port (pbx), ==, port);
  g_assert_true (udp_port_taken (port));
  g_assert_true (tcp_port_listening (port));
  assert_answers_options (port);
}

static void
test_port_in_use (void)
{
  g_autoptr (DeskPbx) first = desk_pbx_new ();
  g_autoptr (DeskPbx) second = desk_pbx_new ();
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) addr = NULL;
  guint port;

  /* Taken for UDP by another engine. */
  g_assert_true (desk_pbx_start (first, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = desk_pbx_get_port (first);

  g_assert_false (desk_pbx_start (second, "127.0.0.1", port, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (desk_pbx_is_running (second));

  /* Taken for TCP only: the engine wants both. */
  port = desk_test_free_port ();
  addr = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_socket_listener_add_address (listener, addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (desk_pbx_start (second, "127.0.0.1", port, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (udp_port_taken (port));

  /* The first engine is untouched by all this. */
  assert_answers_options (desk_pbx_get_port (first));
}

static void
test_bad_address (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (desk_pbx_start (pbx, "pbx.invalid", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* A documentation address (RFC 5737) no host of ours has: bind fails
   * locally, nothing is sent. */
  g_assert_false (desk_pbx_start (pbx, "203.0.113.7", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (desk_pbx_start (pbx, "127.0.0.1", 70000, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (desk_pbx_is_running (pbx));
}

/* NULL listens on every address the host has, loopback among them. */
static void
test_any_address (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_pbx_start (pbx, NULL, 0, &error));
  g_assert_no_error (error);
  assert_answers_options (desk_pbx_get_port (pbx));
}

/* Each engine has libre loop state of its own (re_thread_init). */
static void
test_two_engines (void)
{
  g_autoptr (DeskPbx) a = desk_pbx_new ();
  g_autoptr (DeskPbx) b = desk_pbx_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_pbx_start (a, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_true (desk_pbx_start (b, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_pbx_get_port (a), !=, desk_pbx_get_port (b));

  assert_answers_options (desk_pbx_get_port (a));
  assert_answers_options (desk_pbx_get_port (b));
  desk_pbx_stop (a);
  assert_answers_options (desk_pbx_get_port (b));
}

/* Dropping the last reference to a running engine stops it. */
static void
test_dispose_running (void)
{
  DeskPbx *pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  guint port;

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = desk_pbx_get_port (pbx);
  g_object_unref (pbx);
  g_assert_false (udp_port_taken (port));
}

static void
test_restart_many (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
      g_assert_no_error (error);
      desk_pbx_stop (pbx);
    }
}

static void
test_validation (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *long_user = g_strnfill (65, 'a');

  g_assert_false (desk_pbx_set_account (pbx, "", "secret", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_account (pbx, "op 1", "secret", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_account (pbx, "op@1", "secret", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_account (pbx, long_user, "secret", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_account (pbx, "op1", "", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (desk_pbx_set_account (pbx, "op1.desk-2", "Пароль with spaces", &error));
  g_assert_no_error (error);

  g_assert_false (desk_pbx_set_realm (pbx, "say \"hi\"", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_realm (pbx, "", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (desk_pbx_get_realm (pbx), ==, "frontdesk");

  g_assert_false (desk_pbx_set_auth_policy (pbx, 0, 60, 600, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_set_expiry_limits (pbx, 100, 10, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Removing an account nobody set is fine. */
  desk_pbx_remove_account (pbx, "nobody");
}

static void
test_not_implemented (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = NULL;
  static const char subscribe[] =
    "SUBSCRIBE sip:100@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n"
    "From: <sip:caller@127.0.0.1:%PORT%>;tag=c1\r\n"
    "To: <sip:100@127.0.0.1>\r\n"
    "Call-ID: %BRANCH%@127.0.0.1\r\n"
    "CSeq: 1 SUBSCRIBE\r\n"
    "Contact: <sip:caller@127.0.0.1:%PORT%>\r\n"
    "Event: presence\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  reply = pbx_udp_exchange (desk_pbx_get_port (pbx), subscribe, 2000);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 501 Not Implemented\r\n"));
}

/* Requests built badly, cut short or plain noise: sane answers or none, and
 * the engine keeps serving. */
#define REG_HEAD \
  "REGISTER sip:127.0.0.1 SIP/2.0\r\n" \
  "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n"
#define REG_DIALOG \
  "From: <sip:op1@127.0.0.1>;tag=a\r\n" \
  "To: <sip:op1@127.0.0.1>\r\n" \
  "Call-ID: x@127.0.0.1\r\n"
#define NO_BODY "Content-Length: 0\r\n\r\n"

static const char *const malformed[] = {
  "",
  "\r\n\r\n",
  "hello",
  "SIP/2.0 200 OK\r\n\r\n",
  /* cut short in the middle of a header */
  REG_HEAD "From: <sip:op1@127.0.0.1>;tag=a\r\nTo: <sip:op1@127.0",
  /* no From, To, Call-ID, CSeq */
  REG_HEAD "\r\n",
  /* CSeq method differs from the request's */
  REG_HEAD REG_DIALOG "CSeq: 1 INVITE\r\n" NO_BODY,
  REG_HEAD REG_DIALOG "CSeq: 1 REGISTER\r\nExpires: soon\r\n" NO_BODY,
  REG_HEAD REG_DIALOG "CSeq: 1 REGISTER\r\nContact: <mailto:op1@127.0.0.1>\r\n" NO_BODY,
  REG_HEAD REG_DIALOG "CSeq: 1 REGISTER\r\nContact: *\r\nExpires: 60\r\n" NO_BODY,
  REG_HEAD REG_DIALOG "CSeq: 1 REGISTER\r\nAuthorization: Digest username=\"op1\r\n" NO_BODY,
  REG_HEAD REG_DIALOG "CSeq: 1 REGISTER\r\nContent-Length: 99999\r\n\r\n",
  "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n\r\n",
  "OPTIONS  SIP/2.0\r\n\r\n",
  "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: garbage\r\n\r\n",
};

static void
test_malformed_udp (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) dst = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (4475);
  guint port;

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = desk_pbx_get_port (pbx);
  dst = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  socket = pbx_udp_socket_new ();

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *reply = pbx_udp_request (socket, port, malformed[i], 300);
      g_autofree char *after = NULL;

      g_test_message ("malformed #%u: %s", i, reply ? strtok (reply, "\r") : "(no reply)");
      /* Whatever answer there is, it is a refusal or a challenge. */
      if (reply)
        g_assert_true (g_str_has_prefix (reply, "SIP/2.0 4"));

      after = pbx_udp_request (socket, port, pbx_options_request, 2000);
      g_assert_nonnull (after);
      g_assert_true (g_str_has_prefix (after, "SIP/2.0 200 OK\r\n"));
    }

  /* Noise: random datagrams, some starting like SIP. */
  for (guint i = 0; i < 200; i++)
    {
      guint len = g_rand_int_range (rand, 1, 1400);
      g_autofree guint8 *buf = g_malloc (len);

      for (guint j = 0; j < len; j++)
        buf[j] = g_rand_int_range (rand, 0, 256);
      if (i % 3 == 0 && len > 20)
        memcpy (buf, "REGISTER sip:x SIP/2.0\r\n", MIN (len, 24));
      g_socket_send_to (socket, dst, (const char *) buf, len, NULL, &error);
      g_assert_no_error (error);
    }

  assert_answers_options (port);
}

/* libre answers at a Via's maddr; the engine never sends to a host a
 * request names, so it leaves such a request unanswered. */
static void
test_maddr_ignored (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = NULL;
  static const char options_maddr[] =
    "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;maddr=127.0.0.1;branch=%BRANCH%\r\n"
    "From: <sip:probe@127.0.0.1:%PORT%>;tag=probe\r\n"
    "To: <sip:probe@127.0.0.1>\r\n"
    "Call-ID: %BRANCH%@127.0.0.1\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  reply = pbx_udp_exchange (desk_pbx_get_port (pbx), options_maddr, 500);
  g_assert_null (reply);
  assert_answers_options (desk_pbx_get_port (pbx));
}

static void
tcp_send_and_close (guint       port,
                    const char *data,
                    gsize       len)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  GOutputStream *out;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  /* The engine may drop the connection before all of the noise is in. */
  if (!g_output_stream_write_all (out, data, len, NULL, NULL, &error))
    g_test_message ("TCP write: %s", error->message);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static char *
tcp_options (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) local = NULL;
  g_autofree char *local_port = NULL;
  g_autofree char *request = NULL;
  GSocket *socket;
  char buf[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  local = g_socket_connection_get_local_address (connection, &error);
  g_assert_no_error (error);
  local_port = g_strdup_printf ("%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  request = g_strdup_printf ("OPTIONS sip:probe@127.0.0.1;transport=tcp SIP/2.0\r\n"
                             "Via: SIP/2.0/TCP 127.0.0.1:%s;branch=z9hG4bK-tcp-options\r\n"
                             "From: <sip:probe@127.0.0.1:%s>;tag=probe\r\n"
                             "To: <sip:probe@127.0.0.1>\r\n"
                             "Call-ID: tcp-options@127.0.0.1\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n"
                             "\r\n",
                             local_port, local_port);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  socket = g_socket_connection_get_socket (connection);
  if (!g_socket_condition_timed_wait (socket, G_IO_IN, 2 * G_USEC_PER_SEC, NULL, NULL))
    return NULL;
  n = g_socket_receive (socket, buf, sizeof (buf) - 1, NULL, &error);
  g_assert_no_error (error);
  buf[n] = '\0';
  return g_strdup (buf);
}

static void
test_malformed_tcp (void)
{
  g_autoptr (DeskPbx) pbx = desk_pbx_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *noise = g_strnfill (70000, 'x');
  g_autofree char *reply = NULL;
  guint port;
  static const char truncated[] =
    "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-cut\r\n"
    "From: <sip:op1@127.0.0.1>;tag=a\r\n"
    "To: <sip:op1@127.0.0.1>\r\n"
    "Content-Length: 500\r\n"
    "\r\n"
    "only a part of the body";

  g_assert_true (desk_pbx_start (pbx, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = desk_pbx_get_port (pbx);

  tcp_send_and_close (port, truncated, strlen (truncated));
  tcp_send_and_close (port, "\r\n\r\n\r\n", 6);
  tcp_send_and_close (port, noise, strlen (noise));
  tcp_send_and_close (port, "INVITE", 6);

  reply = tcp_options (port);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 200 OK\r\n"));
  assert_answers_options (port);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/pbx/engine/start-stop", test_start_stop);
  g_test_add_func ("/desk/pbx/engine/fixed-port", test_fixed_port);
  g_test_add_func ("/desk/pbx/engine/port-in-use", test_port_in_use);
  g_test_add_func ("/desk/pbx/engine/bad-address", test_bad_address);
  g_test_add_func ("/desk/pbx/engine/any-address", test_any_address);
  g_test_add_func ("/desk/pbx/engine/two-engines", test_two_engines);
  g_test_add_func ("/desk/pbx/engine/dispose-running", test_dispose_running);
  g_test_add_func ("/desk/pbx/engine/restart-many", test_restart_many);
  g_test_add_func ("/desk/pbx/engine/validation", test_validation);
  g_test_add_func ("/desk/pbx/engine/not-implemented", test_not_implemented);
  g_test_add_func ("/desk/pbx/engine/malformed-udp", test_malformed_udp);
  g_test_add_func ("/desk/pbx/engine/maddr-ignored", test_maddr_ignored);
  g_test_add_func ("/desk/pbx/engine/malformed-tcp", test_malformed_tcp);

  return g_test_run ();
}
