/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include <ifaddrs.h>
#include <math.h>
#include <net/if.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const char pbx_options_request[] =
  "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n"
  "From: <sip:probe@127.0.0.1:%PORT%>;tag=probe\r\n"
  "To: <sip:probe@127.0.0.1>\r\n"
  "Call-ID: %BRANCH%@127.0.0.1\r\n"
  "CSeq: 1 OPTIONS\r\n"
  "Max-Forwards: 70\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

static void
registration_free (gpointer data)
{
  PbxRegistration *r = data;

  g_free (r->user);
  g_free (r->contact);
  g_free (r->source);
  g_free (r);
}

static void
on_registration_changed (DeskPbx    *pbx,
                         const char *user,
                         const char *contact,
                         const char *source,
                         gboolean    registered,
                         PbxFixture *f)
{
  PbxRegistration *r = g_new0 (PbxRegistration, 1);

  g_test_message ("registration-changed %s %s %s %s", user, contact, source,
                  registered ? "registered" : "gone");
  r->user = g_strdup (user);
  r->contact = g_strdup (contact);
  r->source = g_strdup (source);
  r->registered = registered;
  g_ptr_array_add (f->registrations, r);
}

static void
on_auth_blocked (DeskPbx    *pbx,
                 const char *address,
                 PbxFixture *f)
{
  g_test_message ("auth-blocked %s", address);
  g_ptr_array_add (f->blocked, g_strdup (address));
}

void
pbx_fixture_setup (PbxFixture    *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->tmpdir = desk_test_tmpdir_new ("desk-pbx-test");
  f->registrations = g_ptr_array_new_with_free_func (registration_free);
  f->blocked = g_ptr_array_new_with_free_func (g_free);
  f->pbx = desk_pbx_new ();
  g_signal_connect (f->pbx, "registration-changed", G_CALLBACK (on_registration_changed), f);
  g_signal_connect (f->pbx, "auth-blocked", G_CALLBACK (on_auth_blocked), f);

  desk_pbx_set_account (f->pbx, PBX_TEST_USER1, PBX_TEST_PASSWORD1, &error);
  g_assert_no_error (error);
  desk_pbx_set_account (f->pbx, PBX_TEST_USER2, PBX_TEST_PASSWORD2, &error);
  g_assert_no_error (error);

  desk_pbx_start (f->pbx, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  f->port = desk_pbx_get_port (f->pbx);
  g_assert_cmpuint (f->port, >, 0);
}

void
pbx_fixture_teardown (PbxFixture    *f,
                      gconstpointer  data)
{
  g_clear_object (&f->pbx);

  /* Events still queued find no engine; free them now. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&f->registrations, g_ptr_array_unref);
  g_clear_pointer (&f->blocked, g_ptr_array_unref);
  g_clear_pointer (&f->tmpdir, desk_test_tmpdir_free);
}

guint
pbx_count_registrations (PbxFixture *f,
                         const char *user,
                         gboolean    registered)
{
  guint n = 0;

  for (guint i = 0; i < f->registrations->len; i++)
    {
      PbxRegistration *r = g_ptr_array_index (f->registrations, i);

      if (g_str_equal (r->user, user) && r->registered == registered)
        n++;
    }

  return n;
}

typedef struct
{
  PbxFixture *f;
  const char *user;
  gboolean registered;
  guint count;
} WaitRegistrations;

static gboolean
enough_registrations (gpointer data)
{
  WaitRegistrations *w = data;

  return pbx_count_registrations (w->f, w->user, w->registered) >= w->count;
}

gboolean
pbx_wait_registrations (PbxFixture *f,
                        const char *user,
                        gboolean    registered,
                        guint       count,
                        guint       timeout_ms)
{
  WaitRegistrations w = { f, user, registered, count };

  return desk_test_wait_until (enough_registrations, &w, timeout_ms);
}

static gboolean
some_blocked (gpointer data)
{
  PbxFixture *f = data;

  return f->blocked->len > 0;
}

gboolean
pbx_wait_blocked (PbxFixture *f,
                  guint       timeout_ms)
{
  return desk_test_wait_until (some_blocked, f, timeout_ms);
}

gboolean
pbx_require_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path)
    return TRUE;

  g_test_skip_printf ("%s is not installed", program);
  return FALSE;
}

int
pbx_run_sipp (PbxFixture    *f,
              const PbxSipp *run,
              char         **messages)
{
  static guint serial;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) sipp = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "pbx", run->scenario, NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", f->port);
  g_autofree char *local_port = g_strdup_printf ("%u", desk_test_free_port ());
  g_autofree char *expires = g_strdup_printf ("%u", run->expires ? run->expires : 3600);
  g_autofree char *calls = g_strdup_printf ("%u", run->calls ? run->calls : 1);
  g_autofree char *log_name = g_strdup_printf ("sipp-%u-messages.log", ++serial);
  g_autofree char *err_name = g_strdup_printf ("sipp-%u-errors.log", serial);
  g_autofree char *log = g_build_filename (f->tmpdir, log_name, NULL);
  g_autofree char *errors = g_build_filename (f->tmpdir, err_name, NULL);
  const char *argv[] = {
    "sipp", remote,
    "-sf", scenario,
    "-t", run->tcp ? "t1" : "u1",
    "-i", "127.0.0.1",
    "-p", local_port,
    "-s", run->user,
    "-au", run->auth_user ? run->auth_user : run->user,
    "-ap", run->password,
    "-key", "expires", expires,
    "-m", calls,
    "-r", "50",
    "-nostdin",
    "-timeout", "20s",
    "-timeout_error",
    "-trace_msg", "-message_file", log,
    "-trace_err", "-error_file", errors,
    NULL
  };
  int status = -1;

  g_assert_true (g_file_test (scenario, G_FILE_TEST_IS_REGULAR));

  sipp = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);

  if (!desk_test_process_wait (sipp, 30000, &status))
    {
      g_test_message ("sipp %s did not finish", run->scenario);
      status = -1;
    }

  if (status != 0)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (errors, &text, NULL, NULL);
      g_test_message ("sipp %s exited with %d:\n%s%s", run->scenario, status,
                      desk_test_process_get_output (sipp), text ? text : "");
    }

  if (messages && !g_file_get_contents (log, messages, NULL, NULL))
    *messages = g_strdup ("");

  return status;
}

static char *
message_shape (const char *message)
{
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);
  g_autoptr (GString) shape = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon;

      if (*line == '\0')
        continue;

      if (i == 0)
        {
          g_string_append (shape, line);
          continue;
        }

      colon = strchr (line, ':');
      if (!colon)
        continue;
      *colon = '\0';
      g_string_append_printf (shape, "|%s", g_strstrip (line));

      if (g_ascii_strcasecmp (line, "WWW-Authenticate") == 0)
        {
          g_auto (GStrv) params = g_strsplit (g_strstrip (colon + 1) + strlen ("Digest"), ",",
                                              -1);

          g_string_append_c (shape, '(');
          for (guint j = 0; params[j]; j++)
            {
              char *eq = strchr (params[j], '=');

              if (eq)
                *eq = '\0';
              g_string_append_printf (shape, "%s%s", j ? "," : "", g_strstrip (params[j]));
            }
          g_string_append_c (shape, ')');
        }
    }

  return g_string_free (g_steal_pointer (&shape), FALSE);
}

GPtrArray *
pbx_received_shapes (const char *messages)
{
  GPtrArray *shapes = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) entries = g_strsplit (messages, "-----------------------------------------------",
                                       -1);

  for (guint i = 0; entries[i]; i++)
    {
      const char *body;

      if (!strstr (entries[i], "message received"))
        continue;

      body = strstr (entries[i], "\n\n");
      if (body)
        g_ptr_array_add (shapes, message_shape (body + 2));
    }

  return shapes;
}

GSocket *
pbx_udp_socket_new (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  return socket;
}

static char *
replace_all (const char *text,
             const char *what,
             const char *with)
{
  g_auto (GStrv) parts = g_strsplit (text, what, -1);

  return g_strjoinv (with, parts);
}

char *
pbx_udp_request (GSocket    *socket,
                 guint       port,
                 const char *request,
                 guint       timeout_ms)
{
  static guint serial;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr (GSocketAddress) dst = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_autofree char *local_port = g_strdup_printf (
    "%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  g_autofree char *branch = g_strdup_printf ("z9hG4bK-desk-%u-%u", (guint) getpid (), ++serial);
  g_autofree char *with_port = replace_all (request, "%PORT%", local_port);
  g_autofree char *text = replace_all (with_port, "%BRANCH%", branch);
  char buf[8192];
  gint64 deadline;
  gssize n;

  while (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN)
    if (g_socket_receive (socket, buf, sizeof (buf), NULL, NULL) < 0)
      break;

  /* Retransmit as a UA does over UDP (T1 = 500 ms): after a burst, the
   * engine's socket buffer may have dropped the first copy. */
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (;;)
    {
      gint64 wait = MIN (deadline - g_get_monotonic_time (), 500 * 1000);

      g_socket_send_to (socket, dst, text, strlen (text), NULL, &error);
      g_assert_no_error (error);

      if (wait > 0 && g_socket_condition_timed_wait (socket, G_IO_IN, wait, NULL, NULL))
        break;
      if (g_get_monotonic_time () >= deadline)
        return NULL;
    }

  n = g_socket_receive (socket, buf, sizeof (buf) - 1, NULL, &error);
  g_assert_no_error (error);
  buf[n] = '\0';
  return g_strdup (buf);
}

char *
pbx_udp_exchange (guint       port,
                  const char *request,
                  guint       timeout_ms)
{
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();

  return pbx_udp_request (socket, port, request, timeout_ms);
}

/* Phones -------------------------------------------------------------------- */

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

gboolean
pbx_require_phones (void)
{
  if (!pbx_require_program ("baresip"))
    return FALSE;

  if (!have_non_loopback_address ())
    {
      g_test_skip ("baresip 1.0 needs a network address other than loopback; this host has "
                   "none (run inside a namespace with a veth pair, see TESTING.md)");
      return FALSE;
    }

  return TRUE;
}

static void
put_le16 (GByteArray *a,
          guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (a, b, 2);
}

static void
put_le32 (GByteArray *a,
          guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (a, b, 4);
}

char *
pbx_write_tone_wav (PbxFixture *f,
                    const char *name,
                    double      hz,
                    guint       seconds,
                    double      dtmf_at)
{
  g_autoptr (GByteArray) a = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->tmpdir, name, NULL);
  guint n = seconds * PBX_TEST_RATE;

  g_byte_array_append (a, (const guint8 *) "RIFF", 4);
  put_le32 (a, 36 + n * 2);
  g_byte_array_append (a, (const guint8 *) "WAVEfmt ", 8);
  put_le32 (a, 16);
  put_le16 (a, 1);
  put_le16 (a, 1);
  put_le32 (a, PBX_TEST_RATE);
  put_le32 (a, PBX_TEST_RATE * 2);
  put_le16 (a, 2);
  put_le16 (a, 16);
  g_byte_array_append (a, (const guint8 *) "data", 4);
  put_le32 (a, n * 2);

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / PBX_TEST_RATE;
      double v;

      if (dtmf_at >= 0 && t >= dtmf_at && t < dtmf_at + 0.3)
        v = 0.35 * sin (2 * G_PI * 697 * t) + 0.35 * sin (2 * G_PI * 1209 * t);
      else
        v = 0.5 * sin (2 * G_PI * hz * t);
      put_le16 (a, (guint16) (gint16) lrint (v * 32767));
    }

  g_file_set_contents (path, (const char *) a->data, a->len, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
port_is_free (GSocketType     type,
              GSocketProtocol protocol,
              guint16         port)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, NULL);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);

  return socket && g_socket_bind (socket, address, FALSE, NULL);
}

/* baresip 1.0 always listens for SIP over TLS too, one port above the one
 * it is given: both must be free, or it fails to start now and then. */
guint16
pbx_free_sip_port (void)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      guint16 port = desk_test_free_port ();

      if (port < G_MAXUINT16
          && port_is_free (G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, port + 1))
        return port;
    }

  g_error ("No two free ports in a row for baresip");
}

void
pbx_phone_command (PbxPhone   *phone,
                   const char *format,
                   ...)
{
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
  g_autoptr (GSocketAddress) dst = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *command = NULL;
  va_list ap;

  va_start (ap, format);
  command = g_strdup_vprintf (format, ap);
  va_end (ap);

  g_test_message ("%s: %s", phone->name, command);
  dst = g_inet_socket_address_new_from_string ("127.0.0.1", phone->cons_port);
  g_socket_send_to (socket, dst, command, strlen (command), NULL, &error);
  g_assert_no_error (error);
}

PbxPhone *
pbx_phone_start (PbxFixture *f,
                 const char *name,
                 const char *user,
                 const char *account,
                 const char *source_wav)
{
  g_autoptr (GError) error = NULL;
  PbxPhone *phone = g_new0 (PbxPhone, 1);
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *accounts_path = NULL;
  guint16 sip_port = pbx_free_sip_port ();
  guint16 dns_port = desk_test_free_port ();
  g_autofree char *ready = NULL;

  phone->name = g_strdup (name);
  phone->dir = g_build_filename (f->tmpdir, name, NULL);
  phone->cons_port = desk_test_free_port ();
  g_assert_cmpint (g_mkdir_with_parents (phone->dir, 0700), ==, 0);

  /* Its DNS server is a dead local port: nothing can be looked up. */
  config = g_strdup_printf ("poll_method\tepoll\n"
                            "sip_listen\t127.0.0.1:%u\n"
                            "dns_server\t127.0.0.1:%u\n"
                            "rtp_ports\t20000-40000\n"
                            "audio_source\taufile,%s\n"
                            "audio_player\taubridge,%s\n"
                            "audio_alert\taubridge,%s\n"
                            "snd_path\t%s\n"
                            "module_path\t/usr/lib/baresip/modules\n"
                            "module\tg711.so\n"
                            "module\tcons.so\n"
                            "module\taufile.so\n"
                            "module\taubridge.so\n"
                            "module\tsndfile.so\n"
                            "module_tmp\tuuid.so\n"
                            "module_tmp\taccount.so\n"
                            "module_app\tmenu.so\n"
                            "cons_listen\t127.0.0.1:%u\n",
                            sip_port, dns_port, source_wav, name, name, phone->dir,
                            phone->cons_port);
  accounts = g_strdup_printf ("<sip:%s@127.0.0.1:%u>;%s\n", user, f->port, account);
  config_path = g_build_filename (phone->dir, "config", NULL);
  accounts_path = g_build_filename (phone->dir, "accounts", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (accounts_path, accounts, -1, &error);
  g_assert_no_error (error);

  phone->process = desk_test_process_spawn (&error, "baresip", "-f", phone->dir, NULL);
  g_assert_no_error (error);

  /* Its console listens only from here on. */
  ready = desk_test_process_wait_line (phone->process, "baresip is ready", 10000);
  if (!ready)
    g_error ("%s did not start:\n%s", name, desk_test_process_get_output (phone->process));
  return phone;
}

void
pbx_phone_quit (PbxPhone *phone)
{
  int status;

  if (!phone->process)
    return;

  pbx_phone_command (phone, "/quit\n");
  if (!desk_test_process_wait (phone->process, 15000, &status))
    g_test_message ("%s did not quit", phone->name);
  g_clear_pointer (&phone->process, desk_test_process_free);
}

void
pbx_phone_free (PbxPhone *phone)
{
  if (!phone)
    return;

  pbx_phone_quit (phone);
  g_free (phone->name);
  g_free (phone->dir);
  g_free (phone);
}

double
pbx_tone_share (const gint16 *s,
                gsize         n,
                gsize         stride,
                double        hz)
{
  double coef = 2 * cos (2 * G_PI * hz / PBX_TEST_RATE);
  double q1 = 0, q2 = 0, energy = 0, power;

  for (gsize i = 0; i < n; i++)
    {
      double x = s[i * stride];
      double q0 = coef * q1 - q2 + x;

      q2 = q1;
      q1 = q0;
      energy += x * x;
    }

  if (energy < n * 100.0)
    return 0;

  power = q1 * q1 + q2 * q2 - coef * q1 * q2;
  return 2 * power / (n * energy);
}

gint16 *
pbx_read_wav_mono (const char *path,
                   gsize      *countp)
{
  g_autofree char *data = NULL;
  gsize len = 0, pos = 12;
  guint16 channels = 1;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 44);

  while (pos + 8 <= len)
    {
      guint32 size = GUINT32_FROM_LE (*(guint32 *) (data + pos + 4));

      if (memcmp (data + pos, "fmt ", 4) == 0)
        channels = MAX (GUINT16_FROM_LE (*(guint16 *) (data + pos + 10)), 1);
      if (memcmp (data + pos, "data", 4) == 0)
        {
          /* The recorder may not have finished the header: to the end. */
          gsize n = (len - pos - 8) / 2 / channels;
          gint16 *out = g_new (gint16, n + 1);
          const gint16 *in = (const gint16 *) (data + pos + 8);

          for (gsize i = 0; i < n; i++)
            out[i] = GINT16_FROM_LE (in[i * channels]);
          *countp = n;
          return out;
        }
      pos += 8 + size + (size & 1);
    }

  g_assert_not_reached ();
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gint16 *
pbx_phone_heard (PbxPhone *phone,
                 guint     nth,
                 gsize    *countp)
{
  g_autoptr (GDir) dir = g_dir_open (phone->dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "dump-") && g_str_has_suffix (name, "-dec.wav"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  if (nth == PBX_HEARD_LAST && names->len > 0)
    nth = names->len - 1;
  if (nth >= names->len)
    g_error ("%s recorded %u calls, not %u:\n%s", phone->name, names->len, nth + 1,
             phone->process ? desk_test_process_get_output (phone->process) : "");
  path = g_build_filename (phone->dir, g_ptr_array_index (names, nth), NULL);
  return pbx_read_wav_mono (path, countp);
}

int
pbx_find_tone (const gint16 *s,
               gsize         n,
               double        hz,
               int           from)
{
  for (gsize w = MAX (from, 0); (w + 1) * PBX_TEST_RATE <= n; w++)
    if (pbx_tone_share (s + w * PBX_TEST_RATE, PBX_TEST_RATE, 1, hz) > 0.5)
      return (int) w;

  return -1;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
pbx_let_audio_flow (guint ms)
{
  desk_test_wait_until (never, NULL, ms);
}

typedef struct
{
  PbxPhone *phone;
  const char *needle;
} OutputWait;

static gboolean
output_has (gpointer data)
{
  OutputWait *ow = data;
  const char *out = desk_test_process_get_output (ow->phone->process);

  return out && strstr (out, ow->needle);
}

void
pbx_phone_assert_dtmf (PbxPhone *phone,
                       char      digit)
{
  g_autofree char *needle = g_strdup_printf ("received event: '%c' (end=1)", digit);
  OutputWait ow = { phone, needle };

  if (!desk_test_wait_until (output_has, &ow, 5000))
    g_error ("%s did not get “%c”:\n%s", phone->name, digit,
             desk_test_process_get_output (phone->process));
}
