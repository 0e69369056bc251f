/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

/* The registrar against real clients: sipp scenarios (the .xml files beside this one) and
 * a baresip phone, all on 127.0.0.1 with free ports. */

static void
drain_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static PbxRegistration *
registration_at (PbxFixture *f,
                 guint       i)
{
  g_assert_cmpuint (i, <, f->registrations->len);
  return g_ptr_array_index (f->registrations, i);
}

static void
test_register (PbxFixture    *f,
               gconstpointer  data)
{
  PbxSipp run = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxRegistration *r;

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));

  r = registration_at (f, 0);
  g_assert_true (g_str_has_prefix (r->contact, "sip:op1@127.0.0.1:"));
  g_assert_true (g_str_has_suffix (r->contact, ";transport=UDP"));
  g_assert_true (g_str_has_prefix (r->source, "127.0.0.1:"));
  g_assert_cmpuint (f->blocked->len, ==, 0);
}

static void
test_tcp (PbxFixture    *f,
          gconstpointer  data)
{
  PbxSipp run = { "register.xml", TRUE, PBX_TEST_USER2, NULL, PBX_TEST_PASSWORD2 };
  PbxSipp options = { "options.xml", TRUE, "anybody", NULL, "-" };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER2, TRUE, 1, 5000));
  g_assert_true (g_str_has_suffix (registration_at (f, 0)->contact, ";transport=TCP"));

  g_assert_cmpint (pbx_run_sipp (f, &options, NULL), ==, 0);
}

static void
test_options (PbxFixture    *f,
              gconstpointer  data)
{
  PbxSipp run = { "options.xml", FALSE, "nobody-known", NULL, "-" };
  g_autofree char *messages = NULL;
  g_autoptr (GPtrArray) shapes = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, &messages), ==, 0);
  shapes = pbx_received_shapes (messages);
  g_assert_cmpuint (shapes->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (shapes, 0), "SIP/2.0 200 OK|"));
}

static void
test_wrong_password (PbxFixture    *f,
                     gconstpointer  data)
{
  PbxSipp run = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, "guess" };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  drain_events ();
  g_assert_cmpuint (f->registrations->len, ==, 0);
  g_assert_cmpuint (f->blocked->len, ==, 0);
}

/* A user may register only their own address of record. */
static void
test_foreign_aor (PbxFixture    *f,
                  gconstpointer  data)
{
  PbxSipp run = { "register-refused.xml", FALSE, PBX_TEST_USER2, PBX_TEST_USER1,
                  PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  drain_events ();
  g_assert_cmpuint (f->registrations->len, ==, 0);
}

/* A scanner must not learn which users exist: an unknown user and a wrong
 * password get the same status codes and the same headers. */
static void
test_unknown_user (PbxFixture    *f,
                   gconstpointer  data)
{
  PbxSipp wrong = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, "guess" };
  PbxSipp unknown = { "register-refused.xml", FALSE, "ghost", NULL, "guess" };
  g_autofree char *wrong_log = NULL;
  g_autofree char *unknown_log = NULL;
  g_autoptr (GPtrArray) wrong_shapes = NULL;
  g_autoptr (GPtrArray) unknown_shapes = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &wrong, &wrong_log), ==, 0);
  g_assert_cmpint (pbx_run_sipp (f, &unknown, &unknown_log), ==, 0);

  wrong_shapes = pbx_received_shapes (wrong_log);
  unknown_shapes = pbx_received_shapes (unknown_log);
  g_assert_cmpuint (wrong_shapes->len, ==, 2);
  g_assert_cmpuint (unknown_shapes->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("wrong password: %s", (char *) g_ptr_array_index (wrong_shapes, i));
      g_test_message ("unknown user:   %s", (char *) g_ptr_array_index (unknown_shapes, i));
      g_assert_cmpstr (g_ptr_array_index (wrong_shapes, i), ==,
                       g_ptr_array_index (unknown_shapes, i));
    }

  g_assert_true (g_str_has_prefix (g_ptr_array_index (wrong_shapes, 0), "SIP/2.0 401 "));
  g_assert_nonnull (strstr (g_ptr_array_index (wrong_shapes, 0),
                            "|WWW-Authenticate(realm,nonce,qop,algorithm)|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (wrong_shapes, 1), "SIP/2.0 403 "));
}

static void
test_brute_force (PbxFixture    *f,
                  gconstpointer  data)
{
  PbxSipp guesses = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, "guess", 0, 10 };
  PbxSipp eleventh = { "register-blocked.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp right = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  g_autofree char *reply = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  /* Ten wrong answers: each one challenged, then refused. */
  g_assert_cmpint (pbx_run_sipp (f, &guesses, NULL), ==, 0);
  g_assert_true (pbx_wait_blocked (f, 5000));
  g_assert_cmpuint (f->blocked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->blocked, 0), ==, "127.0.0.1");

  /* The eleventh attempt gets 403 at once, even with the right password,
   * and so does anything else from that address. */
  g_assert_cmpint (pbx_run_sipp (f, &eleventh, NULL), ==, 0);
  g_assert_cmpint (pbx_run_sipp (f, &right, NULL), !=, 0);
  reply = pbx_udp_exchange (f->port, pbx_options_request, 2000);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 403 Forbidden\r\n"));

  drain_events ();
  g_assert_cmpuint (f->registrations->len, ==, 0);
}

static gboolean
options_answered (gpointer data)
{
  PbxFixture *f = data;
  g_autofree char *reply = pbx_udp_exchange (f->port, pbx_options_request, 200);

  return reply && g_str_has_prefix (reply, "SIP/2.0 200 ");
}

static void
test_block_expires (PbxFixture    *f,
                    gconstpointer  data)
{
  PbxSipp guesses = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, "guess", 0, 3 };
  PbxSipp right = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  g_autoptr (GError) error = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  desk_pbx_set_auth_policy (f->pbx, 3, 60, 2, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pbx_run_sipp (f, &guesses, NULL), ==, 0);
  g_assert_true (pbx_wait_blocked (f, 5000));
  g_assert_false (options_answered (f));

  g_assert_true (desk_test_wait_until (options_answered, f, 6000));
  g_assert_cmpint (pbx_run_sipp (f, &right, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));
}

static void
test_unregister (PbxFixture    *f,
                 gconstpointer  data)
{
  PbxSipp run = { "unregister.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));
  g_assert_cmpuint (f->registrations->len, ==, 2);
  g_assert_true (registration_at (f, 0)->registered);
  g_assert_false (registration_at (f, 1)->registered);
  g_assert_cmpstr (registration_at (f, 0)->contact, ==, registration_at (f, 1)->contact);
}

static void
test_contact_star (PbxFixture    *f,
                   gconstpointer  data)
{
  PbxSipp run = { "contact-star.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 2, 5000));
  g_assert_cmpuint (pbx_count_registrations (f, PBX_TEST_USER1, TRUE), ==, 2);
  g_assert_cmpstr (registration_at (f, 0)->contact, !=, registration_at (f, 1)->contact);
}

/* Contacts from several phones live side by side; unregistering one leaves
 * the others; Contact: * ends them all. */
static void
test_several_contacts (PbxFixture    *f,
                       gconstpointer  data)
{
  PbxSipp reg = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp unreg = { "unregister.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp star = { "contact-star.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  /* Each sipp run has a port of its own, so a contact of its own. */
  g_assert_cmpint (pbx_run_sipp (f, &reg, NULL), ==, 0);
  g_assert_cmpint (pbx_run_sipp (f, &reg, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 2, 5000));
  g_assert_cmpstr (registration_at (f, 0)->contact, !=, registration_at (f, 1)->contact);

  g_assert_cmpint (pbx_run_sipp (f, &unreg, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));
  g_assert_cmpuint (pbx_count_registrations (f, PBX_TEST_USER1, TRUE), ==, 3);

  /* Two more, then all four still bound go. */
  g_assert_cmpint (pbx_run_sipp (f, &star, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 5, 5000));
  g_assert_cmpuint (pbx_count_registrations (f, PBX_TEST_USER1, TRUE), ==, 5);
}

static void
test_expiry (PbxFixture    *f,
             gconstpointer  data)
{
  PbxSipp run = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1, 3600 };
  g_autoptr (GError) error = NULL;
  gint64 registered_at;

  if (!pbx_require_program ("sipp"))
    return;

  /* The phone asks for an hour and is granted two seconds. */
  desk_pbx_set_expiry_limits (f->pbx, 1, 2, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));
  registered_at = g_get_monotonic_time ();

  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 6000));
  g_assert_cmpint (g_get_monotonic_time () - registered_at, >=, G_USEC_PER_SEC);
}

static void
test_too_brief (PbxFixture    *f,
                gconstpointer  data)
{
  PbxSipp run = { "register-too-brief.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1, 30 };
  g_autoptr (GError) error = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  desk_pbx_set_expiry_limits (f->pbx, 120, 3600, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pbx_run_sipp (f, &run, NULL), ==, 0);
  drain_events ();
  g_assert_cmpuint (f->registrations->len, ==, 0);
}

static void
test_remove_account (PbxFixture    *f,
                     gconstpointer  data)
{
  PbxSipp reg = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp refused = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &reg, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));

  desk_pbx_remove_account (f->pbx, PBX_TEST_USER1);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));

  /* The old password is now the answer of an unknown user. */
  g_assert_cmpint (pbx_run_sipp (f, &refused, NULL), ==, 0);
}

static void
test_password_change (PbxFixture    *f,
                      gconstpointer  data)
{
  PbxSipp reg = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp old = { "register-refused.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  PbxSipp renewed = { "register.xml", FALSE, PBX_TEST_USER1, NULL, "op1-new-secret" };
  g_autoptr (GError) error = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &reg, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));

  /* The same password again changes nothing. */
  desk_pbx_set_account (f->pbx, PBX_TEST_USER1, PBX_TEST_PASSWORD1, &error);
  g_assert_no_error (error);
  desk_pbx_set_account (f->pbx, PBX_TEST_USER1, "op1-new-secret", &error);
  g_assert_no_error (error);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));

  g_assert_cmpint (pbx_run_sipp (f, &old, NULL), ==, 0);
  g_assert_cmpint (pbx_run_sipp (f, &renewed, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 2, 5000));
}

static void
test_realm (PbxFixture    *f,
            gconstpointer  data)
{
  PbxSipp reg = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };
  g_autoptr (GError) error = NULL;
  g_autofree char *messages = NULL;

  if (!pbx_require_program ("sipp"))
    return;

  desk_pbx_set_realm (f->pbx, "Frontdesk office", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desk_pbx_get_realm (f->pbx), ==, "Frontdesk office");

  g_assert_cmpint (pbx_run_sipp (f, &reg, &messages), ==, 0);
  g_assert_nonnull (strstr (messages, "realm=\"Frontdesk office\""));
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));
}

static void
test_stop_ends_bindings (PbxFixture    *f,
                         gconstpointer  data)
{
  PbxSipp reg = { "register.xml", FALSE, PBX_TEST_USER1, NULL, PBX_TEST_PASSWORD1 };

  if (!pbx_require_program ("sipp"))
    return;

  g_assert_cmpint (pbx_run_sipp (f, &reg, NULL), ==, 0);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));

  desk_pbx_stop (f->pbx);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));
}

static char *
md5_hex (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
md5_hex (const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* The value of name="..." in @reply, or NULL. */
static char *
quoted_param (const char *reply,
              const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=\"", name);
  const char *start = reply ? strstr (reply, key) : NULL;
  const char *end;

  if (!start)
    return NULL;
  start += strlen (key);
  end = strchr (start, '"');
  return end ? g_strndup (start, end - start) : NULL;
}

/* A REGISTER for op1 answering @nonce with @password (RFC 2069 style, no
 * qop: sipp covers qop=auth), or without credentials if @nonce is NULL. */
static char *
register_request (guint       port,
                  guint       cseq,
                  const char *nonce,
                  const char *password)
{
  g_autofree char *uri = g_strdup_printf ("sip:127.0.0.1:%u", port);
  g_autofree char *authorization = NULL;

  if (nonce)
    {
      g_autofree char *ha1 = md5_hex ("op1:frontdesk:%s", password);
      g_autofree char *ha2 = md5_hex ("REGISTER:%s", uri);
      g_autofree char *response = md5_hex ("%s:%s:%s", ha1, nonce, ha2);

      authorization = g_strdup_printf ("Authorization: Digest username=\"op1\", "
                                       "realm=\"frontdesk\", nonce=\"%s\", uri=\"%s\", "
                                       "response=\"%s\", algorithm=MD5\r\n",
                                       nonce, uri, response);
    }

  return g_strdup_printf ("REGISTER %s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%%PORT%%;rport;branch=%%BRANCH%%\r\n"
                          "From: <sip:op1@127.0.0.1:%u>;tag=raw\r\n"
                          "To: <sip:op1@127.0.0.1:%u>\r\n"
                          "Call-ID: raw-digest@127.0.0.1\r\n"
                          "CSeq: %u REGISTER\r\n"
                          "Contact: <sip:op1@127.0.0.1:%%PORT%%>\r\n"
                          "%s"
                          "Expires: 600\r\n"
                          "Max-Forwards: 70\r\n"
                          "Content-Length: 0\r\n"
                          "\r\n",
                          uri, port, port, cseq, authorization ? authorization : "");
}

static char *
register_exchange (GSocket    *socket,
                   guint       port,
                   guint       cseq,
                   const char *nonce,
                   const char *password)
{
  g_autofree char *request = register_request (port, cseq, nonce, password);
  char *reply = pbx_udp_request (socket, port, request, 2000);

  g_assert_nonnull (reply);
  return reply;
}

/* Nonces are stateless and die with the engine's secret: after a restart an
 * old nonce with the right answer is stale (401, stale=true), with a wrong
 * one refused; and a nonce only works from the address it was given to. */
static void
test_stale_nonce (PbxFixture    *f,
                  gconstpointer  data)
{
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
  g_autoptr (GSocket) other = NULL;
  g_autoptr (GSocketAddress) other_addr = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *fresh = NULL;
  guint cseq = 1;
  char *reply;

  reply = register_exchange (socket, f->port, cseq++, NULL, NULL);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 401 "));
  g_assert_null (strstr (reply, "stale=true"));
  nonce = quoted_param (reply, "nonce");
  g_assert_nonnull (nonce);
  g_free (reply);

  reply = register_exchange (socket, f->port, cseq++, nonce, PBX_TEST_PASSWORD1);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 200 OK\r\n"));
  g_assert_nonnull (strstr (reply, ";expires=600\r\n"));
  g_free (reply);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 1, 5000));

  /* From another address of this host, the same nonce is not good. */
  other = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                        &error);
  g_assert_no_error (error);
  other_addr = g_inet_socket_address_new_from_string ("127.0.0.2", 0);
  if (g_socket_bind (other, other_addr, FALSE, NULL))
    {
      reply = register_exchange (other, f->port, cseq++, nonce, PBX_TEST_PASSWORD1);
      g_assert_true (g_str_has_prefix (reply, "SIP/2.0 401 "));
      g_assert_nonnull (strstr (reply, "stale=true"));
      g_free (reply);
    }

  desk_pbx_stop (f->pbx);
  g_assert_true (desk_pbx_start (f->pbx, "127.0.0.1", f->port, &error));
  g_assert_no_error (error);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, FALSE, 1, 5000));

  reply = register_exchange (socket, f->port, cseq++, nonce, PBX_TEST_PASSWORD1);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 401 "));
  g_assert_nonnull (strstr (reply, "stale=true"));
  fresh = quoted_param (reply, "nonce");
  g_assert_cmpstr (fresh, !=, nonce);
  g_free (reply);

  reply = register_exchange (socket, f->port, cseq++, nonce, "guess");
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 403 Forbidden\r\n"));
  g_free (reply);

  reply = register_exchange (socket, f->port, cseq++, fresh, PBX_TEST_PASSWORD1);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 200 OK\r\n"));
  g_free (reply);
  g_assert_true (pbx_wait_registrations (f, PBX_TEST_USER1, TRUE, 2, 5000));
}

/* baresip 1.0 will not start an account unless the host has an address
 * other than loopback (TESTING.md). */
static gboolean
have_non_loopback_address (void)
{
  struct ifaddrs *list;
  gboolean found = FALSE;

  if (getifaddrs (&list) != 0)
    return FALSE;

  for (struct ifaddrs *i = list; i; i = i->ifa_next)
    if (i->ifa_addr && (i->ifa_flags & IFF_UP) && !(i->ifa_flags & IFF_LOOPBACK)
        && (i->ifa_addr->sa_family == AF_INET || i->ifa_addr->sa_family == AF_INET6))
      found = TRUE;

  freeifaddrs (list);
  return found;
}

static void
send_console_command (guint16     port,
                      const char *command)
{
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
  g_autoptr (GSocketAddress) dst = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_autoptr (GError) error = NULL;

  g_socket_send_to (socket, dst, command, strlen (command), NULL, &error);
  g_assert_no_error (error);
}

static void
test_baresip (PbxFixture    *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) baresip = NULL;
  g_autofree char *dir = g_build_filename (f->tmpdir, "baresip", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *accounts_path = g_build_filename (dir, "accounts", NULL);
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *expected_source = NULL;
  guint16 sip_port = desk_test_free_port ();
  guint16 cons_port = desk_test_free_port ();
  guint16 dns_port = desk_test_free_port ();
  PbxRegistration *r;
  int status;

  if (!pbx_require_program ("baresip"))
    return;
  if (!have_non_loopback_address ())
    {
      g_test_skip ("baresip 1.0 needs a network address other than loopback; this host has "
                   "none (run inside a namespace with a veth pair, see TESTING.md)");
      return;
    }

  desk_pbx_set_account (f->pbx, "1001", "pass1001", &error);
  g_assert_no_error (error);

  /* Only the modules a registering phone needs. Its DNS server is a dead
   * local port: nothing it might look up can leave the host. */
  config = g_strdup_printf ("poll_method\tepoll\n"
                            "sip_listen\t127.0.0.1:%u\n"
                            "dns_server\t127.0.0.1:%u\n"
                            "module_path\t/usr/lib/baresip/modules\n"
                            "module\tg711.so\n"
                            "module\tcons.so\n"
                            "module_tmp\tuuid.so\n"
                            "module_tmp\taccount.so\n"
                            "module_app\tmenu.so\n"
                            "cons_listen\t127.0.0.1:%u\n",
                            sip_port, dns_port, cons_port);
  accounts = g_strdup_printf ("<sip:1001@127.0.0.1:%u>;auth_pass=pass1001;regint=600;"
                              "answermode=auto\n",
                              f->port);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (accounts_path, accounts, -1, &error);
  g_assert_no_error (error);

  baresip = desk_test_process_spawn (&error, "baresip", "-f", dir, NULL);
  g_assert_no_error (error);

  if (!pbx_wait_registrations (f, "1001", TRUE, 1, 10000))
    g_error ("baresip did not register:\n%s", desk_test_process_get_output (baresip));

  r = registration_at (f, 0);
  expected_source = g_strdup_printf ("127.0.0.1:%u", sip_port);
  g_assert_cmpstr (r->source, ==, expected_source);
  g_assert_true (g_str_has_prefix (r->contact, "sip:1001"));
  g_assert_nonnull (strstr (r->contact, "@127.0.0.1:"));

  /* Quit the phone before the engine: it unregisters on the way out. */
  send_console_command (cons_port, "/quit\n");
  g_assert_true (desk_test_process_wait (baresip, 15000, &status));
  g_assert_true (pbx_wait_registrations (f, "1001", FALSE, 1, 5000));
  g_assert_cmpuint (f->blocked->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/desk/pbx/registrar/" path, PbxFixture, NULL, pbx_fixture_setup, func, \
              pbx_fixture_teardown)

  ADD ("register", test_register);
  ADD ("tcp", test_tcp);
  ADD ("options", test_options);
  ADD ("wrong-password", test_wrong_password);
  ADD ("foreign-aor", test_foreign_aor);
  ADD ("unknown-user", test_unknown_user);
  ADD ("brute-force", test_brute_force);
  ADD ("block-expires", test_block_expires);
  ADD ("unregister", test_unregister);
  ADD ("contact-star", test_contact_star);
  ADD ("several-contacts", test_several_contacts);
  ADD ("expiry", test_expiry);
  ADD ("too-brief", test_too_brief);
  ADD ("remove-account", test_remove_account);
  ADD ("password-change", test_password_change);
  ADD ("realm", test_realm);
  ADD ("stop-ends-bindings", test_stop_ends_bindings);
  ADD ("stale-nonce", test_stale_nonce);
  ADD ("baresip", test_baresip);

#undef ADD

  return g_test_run ();
}
