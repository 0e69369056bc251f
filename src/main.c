/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "frontdesk"

#include "desk-i18n.h"
#include "desk-application.h"
#include "desk-server.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  gboolean server;
  gboolean agent;
  gboolean headless;
  gboolean demo;
  gboolean version;
  gboolean tls;
  gboolean no_tls;
  char *data_dir;
  int sip_port;
  int http_port;
} Options;

static gboolean
on_quit_signal (gpointer data)
{
  GMainLoop *loop = data;

  g_message ("Stopping the office server");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

/* The office without any window: for the office mini-PC, tests and
 * benchmarks. GTK is never initialised on this path. */
static int
run_headless (const DeskServerConfig *config)
{
  g_autoptr (DeskServer) server = desk_server_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  guint sigint, sigterm;
  int status = EXIT_SUCCESS;

  /* Handlers first: a signal that arrives while the store opens, right
   * after the ports are printed, must still stop the office cleanly. */
  sigint = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  if (desk_server_start (server, config, &error))
    {
      g_main_loop_run (loop);
    }
  else
    {
      g_printerr (_("Cannot start the office server: %s\n"), error->message);
      status = EXIT_FAILURE;
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  desk_server_stop (server);
  return status;
}

static gboolean
on_app_quit_signal (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

/* With @config, the office server with its window; without, the operator
 * window. The server is started before the window, so that a port in use
 * or a damaged store is reported on the terminal at once. */
static int
run_windowed (const DeskServerConfig *config,
              const char             *argv0)
{
  g_autoptr (DeskServer) server = NULL;
  g_autoptr (DeskApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  char *app_argv[] = { (char *) argv0, NULL };
  guint sigint, sigterm;
  int status;

  if (config)
    {
      server = desk_server_new ();
      if (!desk_server_start (server, config, &error))
        {
          g_printerr (_("Cannot start the office server: %s\n"), error->message);
          return EXIT_FAILURE;
        }
      app = desk_application_new_server (desk_server_get_office (server),
                                         desk_server_get_http_port (server));
    }
  else
    {
      app = desk_application_new_agent ();
    }

  sigint = g_unix_signal_add (SIGINT, on_app_quit_signal, app);
  sigterm = g_unix_signal_add (SIGTERM, on_app_quit_signal, app);
  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (server)
    desk_server_stop (server);
  return status;
}

static gboolean
have_display (void)
{
  return g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("DISPLAY") != NULL;
}

static char *
default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "frontdesk", NULL);
}

static gboolean
check_port (int port, const char *option, GError **error)
{
  if (port >= 0 && port <= 65535)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s must be a port number from 0 to 65535"), option);
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  Options options = { .sip_port = 5060, .http_port = 8080 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  DeskServerConfig config = { 0 };
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_NONE, &options.server, N_("Run the office server"), NULL },
    { "agent", 0, 0, G_OPTION_ARG_NONE, &options.agent, N_("Open the operator window"), NULL },
    { "headless", 0, 0, G_OPTION_ARG_NONE, &options.headless,
      N_("Run the server without any window"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      N_("Seed a demo office into an empty data folder"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.data_dir,
      N_("Keep the office’s data in DIR"), N_("DIR") },
    { "sip-port", 0, 0, G_OPTION_ARG_INT, &options.sip_port,
      N_("SIP port (default 5060; 0 picks a free one)"), N_("N") },
    { "http-port", 0, 0, G_OPTION_ARG_INT, &options.http_port,
      N_("HTTP port (default 8080; 0 picks a free one)"), N_("N") },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &options.tls,
      N_("Serve HTTPS with the office’s certificate (the default, but for the demo)"), NULL },
    { "no-tls", 0, 0, G_OPTION_ARG_NONE, &options.no_tls, N_("Serve plain HTTP"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, N_("Print the version"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Frontdesk: the contact center of a small office."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_port (options.sip_port, "--sip-port", &error) ||
      !check_port (options.http_port, "--http-port", &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (options.version)
    {
      g_print ("frontdesk %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (options.server && options.agent)
    {
      g_printerr (_("Choose either --server or --agent\n"));
      return 2;
    }
  if ((options.headless || options.demo) && !options.server)
    {
      g_printerr (_("--headless and --demo go with --server\n"));
      return 2;
    }
  if (options.tls && options.no_tls)
    {
      g_printerr (_("Choose either --tls or --no-tls\n"));
      return 2;
    }
  if ((options.tls || options.no_tls) && !options.server)
    {
      g_printerr (_("--tls and --no-tls go with --server\n"));
      return 2;
    }

  data_dir = options.data_dir ? g_steal_pointer (&options.data_dir) : default_data_dir ();
  config.data_dir = data_dir;
  config.demo = options.demo;
  config.sip_port = (guint) options.sip_port;
  config.http_port = (guint) options.http_port;
  config.tls = options.tls ? DESK_SERVER_TLS_ON
             : options.no_tls ? DESK_SERVER_TLS_OFF : DESK_SERVER_TLS_DEFAULT;

  if (options.server && (options.headless || !have_display ()))
    {
      if (!options.headless)
        g_message ("No display: running the office server headless");
      return run_headless (&config);
    }

  return run_windowed (options.server ? &config : NULL, argv[0]);
}
