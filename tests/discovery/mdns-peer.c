/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One side of the mDNS tests, run inside a network namespace by
 * test-mdns.c: publishes an office as the server does, or browses as the
 * agent will, and reports on stdout, one line per event:
 *
 *   mdns-peer publish NAME PORT [FINGERPRINT]   → PUBLISHED
 *   mdns-peer browse                             → RUNNING, ERROR …,
 *                                                  FOUND k=v\t…, LOST k=v\t…
 *
 * SIGTERM stops it cleanly (a publisher withdraws its record). */
#define G_LOG_DOMAIN "mdns-peer"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "desk-browser.h"
#include "desk-publisher.h"

static void
say (const char *format,
     ...)
{
  va_list ap;

  va_start (ap, format);
  vprintf (format, ap);
  va_end (ap);
  putchar ('\n');
  fflush (stdout);
}

static gboolean
on_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_poll_published (gpointer data)
{
  if (!desk_publisher_is_published (data))
    return G_SOURCE_CONTINUE;
  say ("PUBLISHED");
  return G_SOURCE_REMOVE;
}

static void
say_info (const char     *event,
          DeskServerInfo *info)
{
  say ("%s name=%s\thost=%s\taddress=%s\tport=%u\tversion=%s\tapi=%u\ttls=%s", event,
       desk_server_info_get_name (info), desk_server_info_get_host (info),
       desk_server_info_get_address (info), desk_server_info_get_port (info),
       desk_server_info_get_version (info), desk_server_info_get_api_port (info),
       desk_server_info_get_tls_fingerprint (info) ? desk_server_info_get_tls_fingerprint (info)
                                                   : "");
}

static void
on_found (DeskBrowser *browser, DeskServerInfo *info, gpointer data)
{
  g_autofree char *uri = desk_server_info_dup_base_uri (info);

  say_info ("FOUND", info);
  say ("URI %s", uri);
  say ("COUNT %u", g_list_model_get_n_items (G_LIST_MODEL (browser)));
}

static void
on_lost (DeskBrowser *browser, DeskServerInfo *info, gpointer data)
{
  say_info ("LOST", info);
  say ("COUNT %u", g_list_model_get_n_items (G_LIST_MODEL (browser)));
}

static void
on_notify (DeskBrowser *browser, GParamSpec *pspec, gpointer data)
{
  if (desk_browser_get_error (browser))
    say ("ERROR %s", desk_browser_get_error (browser));
  if (desk_browser_get_running (browser))
    say ("RUNNING");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (DeskPublisher) publisher = NULL;
  g_autoptr (DeskBrowser) browser = NULL;

  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);

  if (argc >= 4 && g_str_equal (argv[1], "publish"))
    {
      guint64 port = 0;

      if (!g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT16, &port, NULL))
        return 2;
      publisher = desk_publisher_new (argv[2], (guint) port, argc >= 5 ? argv[4] : NULL);
      desk_publisher_start (publisher);
      g_timeout_add (50, on_poll_published, publisher);
    }
  else if (argc == 2 && g_str_equal (argv[1], "browse"))
    {
      browser = desk_browser_new ();
      g_signal_connect (browser, "server-found", G_CALLBACK (on_found), NULL);
      g_signal_connect (browser, "server-lost", G_CALLBACK (on_lost), NULL);
      g_signal_connect (browser, "notify", G_CALLBACK (on_notify), NULL);
      desk_browser_start (browser);
      on_notify (browser, NULL, NULL);
    }
  else
    {
      g_printerr ("usage: mdns-peer publish NAME PORT [FINGERPRINT] | mdns-peer browse\n");
      return 2;
    }

  g_main_loop_run (loop);
  if (browser)
    desk_browser_stop (browser);
  g_clear_object (&publisher);
  say ("STOPPED");
  return EXIT_SUCCESS;
}
