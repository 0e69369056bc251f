/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mDNS between two hosts on one machine (TESTING.md): two network
 * namespaces joined by a veth pair, each with its own system bus and its
 * own avahi-daemon; the office is published in A and looked for from B by
 * tests/discovery/mdns-peer (DeskPublisher, DeskBrowser) and by the real
 * frontdesk binary.
 *
 * Needs root. Nothing is left behind, even when a test aborts: every
 * process is started through `setpriv --pdeathsig KILL`, and the
 * namespaces are anonymous (`unshare`), owned by a holder process, so
 * they vanish with it; nothing is added to the machine's own network. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "desk-test-utils.h"

#define ADDRESS_A "10.231.7.1"
#define ADDRESS_B "10.231.7.2"
#define FINGERPRINT "0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0:" \
                    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"

typedef struct
{
  const char *label;
  const char *interface;
  const char *address;
  char *dir;
  char *pid;                 /* of the holder: its namespaces are the side's */
  char *bus;                 /* DBUS_SYSTEM_BUS_ADDRESS=… */
  DeskTestProcess *holder;
  DeskTestProcess *dbus;
  DeskTestProcess *avahi;
} Side;

typedef struct
{
  char *dir;
  Side a;
  Side b;
  GPtrArray *peers;          /* DeskTestProcess, stopped before the sides */
} Fixture;

static const char *needed_programs[] = {
  "ip", "unshare", "nsenter", "setpriv", "avahi-daemon", "dbus-daemon", "mount",
};

static gboolean
can_run (void)
{
  if (getuid () != 0)
    {
      g_test_skip ("mDNS between network namespaces needs root");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (needed_programs); i++)
    {
      g_autofree char *path = g_find_program_in_path (needed_programs[i]);

      if (path == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed (Debian: iproute2, "
                                                      "util-linux, avahi-daemon, dbus)",
                                                      needed_programs[i]);
          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
peer_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "discovery", "mdns-peer", NULL);
}

/* argv run in the side's namespaces, killed if the test dies. */
static GPtrArray *
side_argv (Side *side)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup ("setpriv"));
  g_ptr_array_add (argv, g_strdup ("--pdeathsig"));
  g_ptr_array_add (argv, g_strdup ("KILL"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup ("nsenter"));
  g_ptr_array_add (argv, g_strdup ("-t"));
  g_ptr_array_add (argv, g_strdup (side->pid));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("env"));
  if (side->bus)
    g_ptr_array_add (argv, g_strdup (side->bus));
  return argv;
}

static DeskTestProcess *
side_spawn (Side       *side,
            const char *first,
            ...)
{
  g_autoptr (GPtrArray) argv = side_argv (side);
  g_autoptr (GError) error = NULL;
  DeskTestProcess *process;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = desk_test_process_spawnv ((const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
side_run (Side       *side,
          const char *command)
{
  g_autoptr (GPtrArray) argv = side_argv (side);
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (command));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("in namespace %s, “%s” failed: %s", side->label, command, err);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A process that owns a fresh network and mount namespace, with a tmpfs
 * over /run: avahi's runtime folder is compiled in, and this one is the
 * side's own. */
static gboolean
side_start_holder (Side *side)
{
  g_autoptr (GError) error = NULL;
  const char *argv[] = {
    "setpriv", "--pdeathsig", "KILL", "--",
    "unshare", "--net", "--mount", "--propagation", "private", "--",
    "sh", "-c",
    "mount -t tmpfs tmpfs /run && mkdir /run/avahi-daemon && "
    "echo \"PID $$\" && exec sleep 600",
    NULL
  };

  side->holder = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);
  side->pid = desk_test_process_wait_line (side->holder, "PID ", 10000);
  return side->pid != NULL;
}

static void
side_start_bus (Side *side)
{
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = g_build_filename (side->dir, "bus.conf", NULL);
  g_autofree char *socket = g_build_filename (side->dir, "bus.sock", NULL);
  g_autofree char *config_arg = g_strconcat ("--config-file=", conf_path, NULL);
  g_autofree char *address = NULL;

  conf = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>system</type>\n"
    "  <listen>unix:path=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow user=\"*\"/>\n"
    "    <allow own=\"*\"/>\n"
    "    <allow send_destination=\"*\"/>\n"
    "    <allow receive_sender=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", socket);
  write_file (side->dir, "bus.conf", conf);
  side->dbus = side_spawn (side, "dbus-daemon", config_arg, "--nofork", "--nopidfile",
                           "--print-address=1", NULL);
  address = desk_test_process_wait_line (side->dbus, "unix:", 10000);
  g_assert_nonnull (address);
  side->bus = g_strconcat ("DBUS_SYSTEM_BUS_ADDRESS=unix:path=", socket, NULL);
}

static void
side_start_avahi (Side *side)
{
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = g_build_filename (side->dir, "avahi.conf", NULL);

  conf = g_strdup_printf ("[server]\n"
                          "host-name=fdtest-%s\n"
                          "domain-name=local\n"
                          "use-ipv4=yes\n"
                          "use-ipv6=no\n"
                          "allow-interfaces=%s\n"
                          "enable-dbus=yes\n"
                          "ratelimit-interval-usec=1000000\n"
                          "ratelimit-burst=1000\n"
                          "[wide-area]\n"
                          "enable-wide-area=no\n"
                          "[publish]\n"
                          "publish-hinfo=no\n"
                          "publish-workstation=no\n"
                          "[reflector]\n"
                          "enable-reflector=no\n", side->label, side->interface);
  write_file (side->dir, "avahi.conf", conf);
  side->avahi = side_spawn (side, "avahi-daemon", "-f", conf_path, "--no-drop-root",
                            "--no-chroot", "--no-rlimits", NULL);
}

static void
side_stop (Side *side)
{
  g_clear_pointer (&side->avahi, desk_test_process_free);
  g_clear_pointer (&side->dbus, desk_test_process_free);
  g_clear_pointer (&side->holder, desk_test_process_free);
  g_clear_pointer (&side->pid, g_free);
  g_clear_pointer (&side->bus, g_free);
  g_clear_pointer (&side->dir, g_free);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *link = NULL;

  f->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_test_process_free);
  if (!can_run ())
    return;
  f->dir = desk_test_tmpdir_new ("desk-mdns");
  f->a = (Side) { "a", "fdva", ADDRESS_A, g_build_filename (f->dir, "a", NULL) };
  f->b = (Side) { "b", "fdvb", ADDRESS_B, g_build_filename (f->dir, "b", NULL) };
  g_assert_cmpint (g_mkdir (f->a.dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->b.dir, 0700), ==, 0);
  if (!side_start_holder (&f->a) || !side_start_holder (&f->b))
    {
      g_test_skip ("cannot make network namespaces here (unshare --net failed)");
      return;
    }

  /* The pair is made inside A with its far end put straight into B: the
   * machine's own network never sees it. */
  link = g_strdup_printf ("ip link set lo up && "
                          "ip link add fdva type veth peer name fdvb netns %s && "
                          "ip addr add " ADDRESS_A "/24 dev fdva && ip link set fdva up",
                          f->b.pid);
  side_run (&f->a, link);
  side_run (&f->b, "ip link set lo up && ip addr add " ADDRESS_B "/24 dev fdvb && "
                   "ip link set fdvb up");
  side_start_bus (&f->a);
  side_start_bus (&f->b);
  side_start_avahi (&f->a);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  /* peers first, so that they leave while their daemons still answer */
  g_clear_pointer (&f->peers, g_ptr_array_unref);
  side_stop (&f->b);
  side_stop (&f->a);
  desk_test_tmpdir_free (g_steal_pointer (&f->dir));
}

static DeskTestProcess *
start_peer (Fixture    *f,
            Side       *side,
            const char *first,
            ...)
{
  g_autoptr (GPtrArray) argv = side_argv (side);
  g_autoptr (GError) error = NULL;
  DeskTestProcess *process;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = desk_test_process_spawnv ((const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->peers, process);
  return process;
}

/* "FOUND name=…\thost=…" → { name: …, host: … } */
static GHashTable *
parse_info (char *line)
{
  GHashTable *info = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) fields = NULL;

  g_assert_nonnull (line);
  fields = g_strsplit (line, "\t", -1);
  for (guint i = 0; fields[i]; i++)
    {
      char *eq = strchr (fields[i], '=');

      g_assert_nonnull (eq);
      g_hash_table_insert (info, g_strndup (fields[i], (gsize) (eq - fields[i])),
                           g_strdup (eq + 1));
    }
  g_free (line);
  return info;
}

static void
wait_for (DeskTestProcess *process,
          const char      *line,
          guint            timeout_ms)
{
  g_autofree char *rest = desk_test_process_wait_line (process, line, timeout_ms);

  g_assert_nonnull (rest);
}

static void
stop_process (DeskTestProcess *process)
{
  int status = -1;

  desk_test_process_signal (process, SIGTERM);
  g_assert_true (desk_test_process_wait (process, 15000, &status));
  g_assert_cmpint (status, ==, 0);
}

/* B's browser starts before B's Avahi: it says so, then finds A's office
 * once the daemon is up, with its TXT as published, and loses it when A
 * withdraws it. */
static void
test_publish_browse (Fixture *f, gconstpointer data)
{
  g_autofree char *peer = peer_path ();
  g_autofree char *error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *count = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GHashTable) lost = NULL;
  DeskTestProcess *browser, *publisher;

  if (g_test_failed () || f->b.pid == NULL)
    return;

  browser = start_peer (f, &f->b, peer, "browse", NULL);
  error = desk_test_process_wait_line (browser, "ERROR ", 10000);
  g_assert_nonnull (error);
  g_test_message ("without a daemon: %s", error);

  side_start_avahi (&f->b);
  wait_for (browser, "RUNNING", 20000);

  publisher = start_peer (f, &f->a, peer, "publish", "Офіс «Тест»", "8443", FINGERPRINT,
                          NULL);
  wait_for (publisher, "PUBLISHED", 20000);

  found = parse_info (desk_test_process_wait_line (browser, "FOUND ", 20000));
  g_assert_cmpstr (g_hash_table_lookup (found, "name"), ==, "Офіс «Тест»");
  g_assert_cmpstr (g_hash_table_lookup (found, "address"), ==, ADDRESS_A);
  g_assert_cmpstr (g_hash_table_lookup (found, "host"), ==, "fdtest-a.local");
  g_assert_cmpstr (g_hash_table_lookup (found, "port"), ==, "8443");
  g_assert_cmpstr (g_hash_table_lookup (found, "api"), ==, "8443");
  g_assert_cmpstr (g_hash_table_lookup (found, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (g_hash_table_lookup (found, "tls"), ==, FINGERPRINT);
  uri = desk_test_process_wait_line (browser, "URI ", 1000);
  g_assert_cmpstr (uri, ==, "https://" ADDRESS_A ":8443");
  count = desk_test_process_wait_line (browser, "COUNT ", 1000);
  g_assert_cmpstr (count, ==, "1");
  g_clear_pointer (&count, g_free);

  /* B's daemon goes away: the list empties, the browser says why, and
   * finds the office again once the daemon is back */
  stop_process (f->b.avahi);
  g_clear_pointer (&f->b.avahi, desk_test_process_free);
  lost = parse_info (desk_test_process_wait_line (browser, "LOST ", 10000));
  g_assert_cmpstr (g_hash_table_lookup (lost, "name"), ==, "Офіс «Тест»");
  g_clear_pointer (&lost, g_hash_table_unref);
  g_clear_pointer (&error, g_free);
  error = desk_test_process_wait_line (browser, "ERROR ", 10000);
  g_assert_nonnull (error);
  g_test_message ("daemon gone: %s", error);
  side_start_avahi (&f->b);
  wait_for (browser, "RUNNING", 20000);
  g_clear_pointer (&found, g_hash_table_unref);
  found = parse_info (desk_test_process_wait_line (browser, "FOUND ", 20000));
  g_assert_cmpstr (g_hash_table_lookup (found, "tls"), ==, FINGERPRINT);

  stop_process (publisher);
  lost = parse_info (desk_test_process_wait_line (browser, "LOST ", 20000));
  g_assert_cmpstr (g_hash_table_lookup (lost, "name"), ==, "Офіс «Тест»");
  count = desk_test_process_wait_line (browser, "COUNT ", 1000);
  g_assert_cmpstr (count, ==, "0");
  stop_process (browser);
}

/* The real server with TLS publishes its port and the fingerprint it
 * prints; the agent's browser in the other namespace reads both. */
static void
test_server_publishes_fingerprint (Fixture *f, gconstpointer data)
{
  g_autofree char *peer = peer_path ();
  g_autofree char *home = NULL;
  g_autofree char *http = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GHashTable) lost = NULL;
  DeskTestProcess *browser, *server;

  if (g_test_failed () || f->b.pid == NULL)
    return;
  side_start_avahi (&f->b);
  browser = start_peer (f, &f->b, peer, "browse", NULL);
  wait_for (browser, "RUNNING", 20000);

  home = g_build_filename (f->a.dir, "office", NULL);
  server = start_peer (f, &f->a, desk_test_frontdesk_binary (), "--server", "--headless",
                       "--tls", "--data-dir", home, "--sip-port", "0", "--http-port", "0",
                       NULL);
  http = desk_test_process_wait_line (server, "HTTP port: ", 60000);
  g_assert_nonnull (http);
  fingerprint = desk_test_process_wait_line (server, "TLS fingerprint: ", 5000);
  g_assert_nonnull (fingerprint);

  found = parse_info (desk_test_process_wait_line (browser, "FOUND ", 20000));
  g_assert_cmpstr (g_hash_table_lookup (found, "address"), ==, ADDRESS_A);
  g_assert_cmpstr (g_hash_table_lookup (found, "api"), ==, http);
  g_assert_cmpstr (g_hash_table_lookup (found, "port"), ==, http);
  g_assert_cmpstr (g_hash_table_lookup (found, "tls"), ==, fingerprint);
  g_assert_cmpstr (g_hash_table_lookup (found, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (g_hash_table_lookup (found, "name"), !=, "");

  stop_process (server);
  lost = parse_info (desk_test_process_wait_line (browser, "LOST ", 20000));
  g_assert_cmpstr (g_hash_table_lookup (lost, "tls"), ==, fingerprint);
  stop_process (browser);
}

/* No system bus at all: the browser says why and lives on. Runs as any
 * user. */
static void
test_browser_without_bus (void)
{
  g_autofree char *peer = peer_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskTestProcess) browser = NULL;
  g_autofree char *message = NULL;
  const char *argv[] = { "env", "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent/frontdesk-bus",
                         peer, "browse", NULL };

  browser = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);
  message = desk_test_process_wait_line (browser, "ERROR ", 10000);
  g_assert_nonnull (message);
  g_test_message ("without a bus: %s", message);
  stop_process (browser);
  g_assert_null (strstr (desk_test_process_get_output (browser), "FOUND"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/discovery/browser/without-bus", test_browser_without_bus);
  g_test_add ("/desk/discovery/mdns/publish-browse", Fixture, NULL, fixture_setup,
              test_publish_browse, fixture_teardown);
  g_test_add ("/desk/discovery/mdns/server-fingerprint", Fixture, NULL, fixture_setup,
              test_server_publishes_fingerprint, fixture_teardown);
  return g_test_run ();
}
