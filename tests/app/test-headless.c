/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>

#include "desk-api-client.h"
#include "desk-error.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"

typedef struct
{
  char *dir;
  DeskTestProcess *server;
  guint sip_port;
  guint http_port;
} Fixture;

static DeskTestProcess *
start_server (const char *dir,
              guint      *sip_port,
              guint      *http_port)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sip = NULL;
  g_autofree char *http = NULL;
  DeskTestProcess *server;

  server = desk_test_process_spawn (&error, desk_test_frontdesk_binary (), "--server", "--headless",
                                    "--demo", "--data-dir", dir, "--sip-port", "0",
                                    "--http-port", "0", NULL);
  g_assert_no_error (error);
  sip = desk_test_process_wait_line (server, "SIP port: ", 60000);
  http = desk_test_process_wait_line (server, "HTTP port: ", 10000);
  g_assert_nonnull (sip);
  g_assert_nonnull (http);
  *sip_port = (guint) g_ascii_strtoull (sip, NULL, 10);
  *http_port = (guint) g_ascii_strtoull (http, NULL, 10);
  g_assert_cmpuint (*sip_port, >, 0);
  g_assert_cmpuint (*http_port, >, 0);
  return server;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = desk_test_tmpdir_new ("desk-app");
  fixture->server = start_server (fixture->dir, &fixture->sip_port, &fixture->http_port);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->server, desk_test_process_free);
  desk_test_tmpdir_free (fixture->dir);
}

static void
stop_server (Fixture *fixture, int signum)
{
  int status = -1;

  desk_test_process_signal (fixture->server, signum);
  g_assert_true (desk_test_process_wait (fixture->server, 15000, &status));
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&fixture->server, desk_test_process_free);
}

typedef struct
{
  DeskSession *session;
  GError *error;
  gboolean done;
} LoginResult;

static void
on_login (GObject *source, GAsyncResult *result, gpointer data)
{
  LoginResult *r = data;

  r->session = desk_api_client_login_finish (DESK_API_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
login_done (gpointer data)
{
  return ((LoginResult *) data)->done;
}

static LoginResult
login (Fixture *fixture, const char *user, const char *password)
{
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", fixture->http_port);
  g_autoptr (DeskApiClient) client = desk_api_client_new (base);
  LoginResult r = { 0 };

  desk_api_client_login_async (client, user, password, NULL, on_login, &r);
  g_assert_true (desk_test_wait_until (login_done, &r, 20000));
  return r;
}

static void
test_login_provisions_phone (Fixture *fixture, gconstpointer data)
{
  LoginResult ok = login (fixture, "op1", "demo");
  LoginResult wrong = login (fixture, "op1", "wrong");
  LoginResult unknown = login (fixture, "nobody", "demo");

  g_assert_no_error (ok.error);
  g_assert_nonnull (ok.session->token);
  g_assert_cmpstr (ok.session->role, ==, "operator");
  g_assert_cmpstr (ok.session->sip_user, ==, "1001");
  g_assert_nonnull (ok.session->sip_password);
  g_assert_cmpuint (ok.session->sip_port, ==, fixture->sip_port);
  desk_session_free (ok.session);

  g_assert_error (wrong.error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_error (unknown.error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_cmpstr (wrong.error->message, ==, unknown.error->message);
  g_clear_error (&wrong.error);
  g_clear_error (&unknown.error);
}

static SoupMessage *
send_raw (Fixture *fixture, const char *method, const char *path, const char *body, GBytes **reply)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->http_port, path);
  SoupMessage *msg = soup_message_new (method, uri);
  g_autoptr (GError) error = NULL;

  if (body)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  *reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return msg;
}

static void
test_bad_requests (Fixture *fixture, gconstpointer data)
{
  static const struct { const char *method, *path, *body; guint status; const char *code; } cases[] = {
    { "POST", "/api/v1/login", "{not json", 400, "\"invalid\"" },
    { "POST", "/api/v1/login", "[1, 2]", 400, "\"invalid\"" },
    { "POST", "/api/v1/login", "{\"login\": 5, \"password\": \"demo\"}", 400, "\"invalid\"" },
    { "GET", "/api/v1/login", NULL, 405, "\"method\"" },
    { "GET", "/nowhere", NULL, 404, "\"not_found\"" },
  };
  g_autofree char *huge = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) reply = NULL;
      g_autoptr (SoupMessage) msg = send_raw (fixture, cases[i].method, cases[i].path, cases[i].body,
                                              &reply);
      g_autofree char *text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));

      g_test_message ("%s %s → %u %s", cases[i].method, cases[i].path,
                      soup_message_get_status (msg), text);
      g_assert_cmpuint (soup_message_get_status (msg), ==, cases[i].status);
      g_assert_true (g_str_has_prefix (text, "{\"error\":{\"code\":"));
      g_assert_nonnull (strstr (text, cases[i].code));
    }

  /* an oversized body is refused with a clear error, and the server lives on */
  huge = g_strdup_printf ("{\"login\": \"%0*d\", \"password\": \"x\"}", 200000, 7);
  {
    g_autoptr (GBytes) reply = NULL;
    g_autoptr (SoupMessage) msg = send_raw (fixture, "POST", "/api/v1/login", huge, &reply);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 422);
  }
  {
    g_autoptr (GBytes) reply = NULL;
    g_autoptr (SoupMessage) msg = send_raw (fixture, "GET", "/api/v1/status", NULL, &reply);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
}

static void
test_sigterm_keeps_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "office.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (DeskSqliteStore) store = NULL;
  g_autoptr (DeskUser) user = NULL;
  LoginResult r = login (fixture, "supervisor", "demo");

  g_assert_no_error (r.error);
  desk_session_free (r.session);
  stop_server (fixture, SIGTERM);

  /* the WAL was folded into the main file on the way out */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *contents = NULL;
      gsize len = 1;

      g_assert_true (g_file_get_contents (wal, &contents, &len, NULL));
      g_assert_cmpuint (len, ==, 0);
    }
  store = desk_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (desk_sqlite_store_check (store, &error));
  user = desk_store_authenticate (DESK_STORE (store), "owner", "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (user->role, ==, DESK_ROLE_OWNER);
  desk_sqlite_store_close (store);

  /* and the same folder starts again, SIGINT stops it as cleanly */
  fixture->server = start_server (fixture->dir, &fixture->sip_port, &fixture->http_port);
  stop_server (fixture, SIGINT);
}

static int run_to_exit (const char * const *argv);

static int
run_sipp_register (Fixture    *fixture,
                   const char *scenario,
                   const char *user,
                   const char *password)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "pbx", scenario, NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", fixture->sip_port);
  g_autofree char *local_port = g_strdup_printf ("%u", desk_test_free_port ());
  const char *argv[] = {
    "sipp", remote, "-sf", path, "-t", "u1", "-i", "127.0.0.1", "-p", local_port,
    "-s", user, "-au", user, "-ap", password, "-key", "expires", "60", "-m", "1",
    "-nostdin", "-timeout", "20s", "-timeout_error", NULL
  };

  return run_to_exit (argv);
}

/* The PBX inside the server knows the operators' phones from the store:
 * the account handed out at login registers, a wrong secret does not. */
static void
test_phone_registers (Fixture *fixture, gconstpointer data)
{
  LoginResult r = login (fixture, "op2", "demo");
  g_autofree char *sipp = g_find_program_in_path ("sipp");

  if (sipp == NULL)
    {
      g_test_skip ("sipp (Debian sip-tester) is not installed");
      desk_session_free (r.session);
      return;
    }
  g_assert_no_error (r.error);
  g_assert_cmpint (run_sipp_register (fixture, "register.xml", r.session->sip_user,
                                      r.session->sip_password), ==, 0);
  g_assert_cmpint (run_sipp_register (fixture, "register-refused.xml", r.session->sip_user,
                                      "demo"), ==, 0);
  desk_session_free (r.session);
}

static int
run_to_exit (const char * const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) process = desk_test_process_spawnv (argv, &error);
  int status = -1;

  g_assert_no_error (error);
  g_assert_true (desk_test_process_wait (process, 30000, &status));
  return status;
}

static void
test_command_line (void)
{
  g_autoptr (GError) error = NULL;
  const char *version[] = { desk_test_frontdesk_binary (), "--version", NULL };
  const char *bad_port[] = { desk_test_frontdesk_binary (), "--server", "--headless",
                             "--sip-port", "70000", NULL };
  const char *both[] = { desk_test_frontdesk_binary (), "--server", "--agent", NULL };
  g_autoptr (DeskTestProcess) process = desk_test_process_spawnv (version, &error);
  int status = -1;

  g_assert_no_error (error);
  g_assert_true (desk_test_process_wait (process, 10000, &status));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (desk_test_process_get_output (process), "frontdesk "));
  g_assert_cmpint (run_to_exit (bad_port), ==, 2);
  g_assert_cmpint (run_to_exit (both), ==, 2);
}

static void
test_demo_refuses_real_office (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-app");
  g_autofree char *path = g_build_filename (dir, "office.sqlite", NULL);
  g_autoptr (DeskSqliteStore) store = desk_sqlite_store_new (path, &error);
  DeskUserNew owner = { .login = "boss", .display_name = "Boss", .role = DESK_ROLE_OWNER,
                        .password = "real-password" };
  const char *argv[] = { desk_test_frontdesk_binary (), "--server", "--headless", "--demo",
                         "--data-dir", dir, "--sip-port", "0", "--http-port", "0", NULL };

  g_assert_cmpint (desk_store_add_user (DESK_STORE (store), &owner, &error), >, 0);
  desk_sqlite_store_close (store);
  g_clear_object (&store);

  g_assert_cmpint (run_to_exit (argv), ==, 1);
  /* the real office is untouched */
  store = desk_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) users = desk_store_list_users (DESK_STORE (store), &error);
    g_assert_cmpuint (users->len, ==, 1);
  }
  g_clear_object (&store);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_port_in_use (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-app");
  g_autofree char *http = g_strdup_printf ("%u", fixture->http_port);
  const char *argv[] = { desk_test_frontdesk_binary (), "--server", "--headless",
                         "--data-dir", dir, "--sip-port", "0", "--http-port", http, NULL };

  g_assert_cmpint (run_to_exit (argv), ==, 1);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/desk/app/headless/login-provisions-phone", Fixture, NULL, fixture_setup,
              test_login_provisions_phone, fixture_teardown);
  g_test_add ("/desk/app/headless/bad-requests", Fixture, NULL, fixture_setup, test_bad_requests,
              fixture_teardown);
  g_test_add ("/desk/app/headless/sigterm-keeps-store", Fixture, NULL, fixture_setup,
              test_sigterm_keeps_store, fixture_teardown);
  g_test_add ("/desk/app/headless/port-in-use", Fixture, NULL, fixture_setup, test_port_in_use,
              fixture_teardown);
  g_test_add ("/desk/app/headless/phone-registers", Fixture, NULL, fixture_setup,
              test_phone_registers, fixture_teardown);
  g_test_add_func ("/desk/app/command-line", test_command_line);
  g_test_add_func ("/desk/app/demo-refuses-real-office", test_demo_refuses_real_office);
  return g_test_run ();
}
