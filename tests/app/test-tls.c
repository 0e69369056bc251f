/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTPS of the real binary: the certificate it makes on first run, the
 * fingerprint it prints, and a client that pins that fingerprint as the
 * agent does (it accepts the self-signed certificate only if its SHA-256
 * is the one the server printed and published). */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/stat.h>

#include "desk-fingerprint.h"
#include "desk-test-utils.h"

#define CERTIFICATE_FILE "tls-certificate.pem"
#define KEY_FILE "tls-key.pem"

typedef struct
{
  DeskTestProcess *process;
  guint port;
  char *fingerprint;  /* NULL for plain HTTP */
  gboolean made;      /* "Made a TLS certificate" was printed */
} Server;

static void
server_stop (Server *server)
{
  int status = -1;

  desk_test_process_signal (server->process, SIGTERM);
  g_assert_true (desk_test_process_wait (server->process, 15000, &status));
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&server->process, desk_test_process_free);
  g_clear_pointer (&server->fingerprint, g_free);
}

/* Starts `frontdesk --server --headless` in @dir with @flags; reads the
 * port and, when @tls, the fingerprint line that follows it. */
static Server
server_start (const char  *dir,
              gboolean     tls,
              const char  *flag1,
              const char  *flag2)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  const char *argv[12] = { desk_test_frontdesk_binary (), "--server", "--headless",
                           "--data-dir", dir, "--sip-port", "0", "--http-port", "0" };
  guint n = 9;
  Server server = { 0 };

  if (flag1)
    argv[n++] = flag1;
  if (flag2)
    argv[n++] = flag2;
  server.process = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);
  port = desk_test_process_wait_line (server.process, "HTTP port: ", 60000);
  g_assert_nonnull (port);
  server.port = (guint) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (server.port, >, 0);
  /* printed with the port lines, in one flush: a short wait is enough to
   * tell that it is not there */
  server.fingerprint = desk_test_process_wait_line (server.process, "TLS fingerprint: ",
                                                    tls ? 5000 : 1000);
  if (tls)
    g_assert_nonnull (server.fingerprint);
  else
    g_assert_null (server.fingerprint);
  server.made = strstr (desk_test_process_get_output (server.process),
                        "Made a TLS certificate") != NULL;
  return server;
}

/* What the agent computes: SHA-256 of the DER certificate, "AA:BB:…". */
typedef struct
{
  const char *pin;
  char *seen;
} Pin;

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  Pin *pin = data;

  g_free (pin->seen);
  pin->seen = desk_tls_fingerprint (certificate);
  return pin->pin != NULL && g_str_equal (pin->seen, pin->pin);
}

/* GET /api/v1/status over HTTPS, trusting only a certificate whose
 * fingerprint is @pin. Returns the status, 0 on a transport error. */
static guint
get_status_https (guint        port,
                  const char  *pin,
                  char       **seen,
                  GError     **error)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("https://127.0.0.1:%u/api/v1/status", port);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr (GBytes) body = NULL;
  Pin state = { pin, NULL };

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), &state);
  body = soup_session_send_and_read (session, msg, NULL, error);
  if (seen)
    *seen = g_steal_pointer (&state.seen);
  g_free (state.seen);
  if (body == NULL)
    return 0;
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                                  "\"version\""));
  return soup_message_get_status (msg);
}

static guint
get_status_http (guint port)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/api/v1/status", port);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  soup_session_set_timeout (session, 10);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  return body ? soup_message_get_status (msg) : 0;
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
assert_fingerprint_format (const char *fingerprint)
{
  g_assert_cmpuint (strlen (fingerprint), ==, 95);
  for (guint i = 0; i < 95; i++)
    {
      if (i % 3 == 2)
        g_assert_cmpint (fingerprint[i], ==, ':');
      else
        g_assert_true (g_ascii_isdigit (fingerprint[i]) ||
                       (fingerprint[i] >= 'A' && fingerprint[i] <= 'F'));
    }
}

/* A real office serves HTTPS by default: first run makes the certificate
 * (key 0600), the pinned client gets in, any other pin and plain HTTP do
 * not; a restart keeps the very same certificate. */
static void
test_first_run_and_restart (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-tls");
  g_autofree char *pem = NULL;
  g_autofree char *pem_again = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *first = NULL;
  g_autoptr (GError) error = NULL;
  Server server;

  server = server_start (dir, TRUE, NULL, NULL);
  g_assert_true (server.made);
  assert_fingerprint_format (server.fingerprint);
  g_assert_cmphex (file_mode (dir, KEY_FILE), ==, 0600);
  g_assert_cmphex (file_mode (dir, CERTIFICATE_FILE) & 022, ==, 0);
  pem = read_file (dir, CERTIFICATE_FILE);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));

  g_assert_cmpuint (get_status_https (server.port, server.fingerprint, &seen, &error), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpstr (seen, ==, server.fingerprint);
  g_clear_pointer (&seen, g_free);

  /* a certificate that is not the pinned one is refused */
  g_assert_cmpuint (get_status_https (server.port,
                                      "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:"
                                      "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
                                      NULL, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  /* and the port speaks no plain HTTP */
  g_assert_cmpuint (get_status_http (server.port), !=, 200);

  first = g_strdup (server.fingerprint);
  server_stop (&server);

  server = server_start (dir, TRUE, NULL, NULL);
  g_assert_false (server.made);
  g_assert_cmpstr (server.fingerprint, ==, first);
  pem_again = read_file (dir, CERTIFICATE_FILE);
  g_assert_cmpstr (pem_again, ==, pem);
  g_assert_cmpuint (get_status_https (server.port, first, NULL, &error), ==, 200);
  g_assert_no_error (error);
  server_stop (&server);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autofree char *contents = read_file (from_dir, name);
  g_autofree char *path = g_build_filename (to_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

/* Another certificate in the files (the owner's own, or a new one after
 * the files were removed) has another fingerprint, and the old pin no
 * longer gets in: that is how an agent notices. */
static void
test_changed_certificate (void)
{
  g_autofree char *office = desk_test_tmpdir_new ("desk-tls");
  g_autofree char *other = desk_test_tmpdir_new ("desk-tls");
  g_autofree char *old_pin = NULL;
  g_autofree char *other_pin = NULL;
  g_autofree char *seen = NULL;
  g_autoptr (GError) error = NULL;
  Server server;

  server = server_start (office, TRUE, NULL, NULL);
  old_pin = g_strdup (server.fingerprint);
  server_stop (&server);
  server = server_start (other, TRUE, NULL, NULL);
  other_pin = g_strdup (server.fingerprint);
  server_stop (&server);
  g_assert_cmpstr (old_pin, !=, other_pin);

  copy_file (other, office, KEY_FILE);
  copy_file (other, office, CERTIFICATE_FILE);
  server = server_start (office, TRUE, NULL, NULL);
  g_assert_false (server.made);
  g_assert_cmpstr (server.fingerprint, ==, other_pin);
  g_assert_cmpuint (get_status_https (server.port, old_pin, &seen, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpstr (seen, ==, other_pin);
  g_clear_error (&error);
  server_stop (&server);

  /* with the files gone, a new certificate, a new fingerprint */
  {
    g_autofree char *key = g_build_filename (office, KEY_FILE, NULL);
    g_autofree char *certificate = g_build_filename (office, CERTIFICATE_FILE, NULL);

    g_assert_cmpint (g_unlink (certificate), ==, 0);
    g_assert_cmpint (g_unlink (key), ==, 0);
  }
  server = server_start (office, TRUE, NULL, NULL);
  g_assert_true (server.made);
  g_assert_cmpstr (server.fingerprint, !=, old_pin);
  g_assert_cmpstr (server.fingerprint, !=, other_pin);
  server_stop (&server);

  desk_test_tmpdir_free (g_steal_pointer (&office));
  desk_test_tmpdir_free (g_steal_pointer (&other));
}

/* The demo is plain HTTP unless asked (the README's commands and the web
 * tests use it so); --no-tls keeps a real office on plain HTTP and makes
 * no certificate. */
static void
test_options (void)
{
  g_autofree char *demo = desk_test_tmpdir_new ("desk-tls");
  g_autofree char *plain = desk_test_tmpdir_new ("desk-tls");
  g_autoptr (GError) error = NULL;
  Server server;

  server = server_start (demo, TRUE, "--demo", "--tls");
  g_assert_cmpuint (get_status_https (server.port, server.fingerprint, NULL, &error), ==, 200);
  g_assert_no_error (error);
  server_stop (&server);

  server = server_start (plain, FALSE, "--no-tls", NULL);
  g_assert_cmpuint (get_status_http (server.port), ==, 200);
  g_assert_false (file_exists (plain, CERTIFICATE_FILE));
  g_assert_false (file_exists (plain, KEY_FILE));
  server_stop (&server);

  {
    const char *both[] = { desk_test_frontdesk_binary (), "--server", "--headless", "--tls",
                           "--no-tls", NULL };
    const char *agent[] = { desk_test_frontdesk_binary (), "--agent", "--tls", NULL };
    g_autoptr (DeskTestProcess) p1 = desk_test_process_spawnv (both, &error);
    g_autoptr (DeskTestProcess) p2 = desk_test_process_spawnv (agent, &error);
    int status = -1;

    g_assert_true (desk_test_process_wait (p1, 10000, &status));
    g_assert_cmpint (status, ==, 2);
    g_assert_true (desk_test_process_wait (p2, 10000, &status));
    g_assert_cmpint (status, ==, 2);
  }

  desk_test_tmpdir_free (g_steal_pointer (&demo));
  desk_test_tmpdir_free (g_steal_pointer (&plain));
}

/* A certificate file that cannot be used is never replaced (agents pinned
 * it): --tls refuses to start, the default falls back to plain HTTP. */
static void
test_unusable_certificate (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-tls");
  g_autofree char *path = g_build_filename (dir, CERTIFICATE_FILE, NULL);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  const char *junk = "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n";
  const char *strict[] = { desk_test_frontdesk_binary (), "--server", "--headless", "--tls",
                           "--data-dir", dir, "--sip-port", "0", "--http-port", "0", NULL };
  g_autoptr (DeskTestProcess) process = NULL;
  int status = -1;
  Server server;

  g_file_set_contents (path, junk, -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *key = g_build_filename (dir, KEY_FILE, NULL);

    g_file_set_contents_full (key, "-----BEGIN PRIVATE KEY-----\nnot a key\n"
                              "-----END PRIVATE KEY-----\n", -1,
                              G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
    g_assert_no_error (error);
  }

  process = desk_test_process_spawnv (strict, &error);
  g_assert_no_error (error);
  g_assert_true (desk_test_process_wait (process, 30000, &status));
  g_assert_cmpint (status, ==, 1);
  g_assert_null (strstr (desk_test_process_get_output (process), "HTTP port: "));

  server = server_start (dir, FALSE, NULL, NULL);
  g_assert_cmpuint (get_status_http (server.port), ==, 200);
  server_stop (&server);

  after = read_file (dir, CERTIFICATE_FILE);
  g_assert_cmpstr (after, ==, junk);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/app/tls/first-run-and-restart", test_first_run_and_restart);
  g_test_add_func ("/desk/app/tls/changed-certificate", test_changed_certificate);
  g_test_add_func ("/desk/app/tls/options", test_options);
  g_test_add_func ("/desk/app/tls/unusable-certificate", test_unusable_certificate);
  return g_test_run ();
}
