/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-test-server.h"

#include <signal.h>

DeskTestServer *
desk_test_server_start (gboolean tls)
{
  return desk_test_server_start_full (tls, 0, NULL);
}

DeskTestServer *
desk_test_server_start_full (gboolean    tls,
                             guint       http_port,
                             const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *http = NULL;
  g_autofree char *sip = NULL;
  g_autofree char *port = g_strdup_printf ("%u", http_port);
  DeskTestServer *self = g_new0 (DeskTestServer, 1);
  const char *argv[] = { desk_test_frontdesk_binary (), "--server", "--headless", "--demo",
                         "--data-dir", NULL, "--sip-port", "0", "--http-port", port,
                         tls ? "--tls" : "--no-tls", NULL };

  self->data_dir = data_dir ? g_strdup (data_dir) : desk_test_tmpdir_new ("desk-server");
  self->keep_data_dir = data_dir != NULL;
  argv[5] = self->data_dir;
  self->process = desk_test_process_spawnv (argv, &error);
  g_assert_no_error (error);
  sip = desk_test_process_wait_line (self->process, "SIP port: ", 60000);
  g_assert_nonnull (sip);
  http = desk_test_process_wait_line (self->process, "HTTP port: ", 5000);
  g_assert_nonnull (http);
  self->sip_port = (guint) g_ascii_strtoull (sip, NULL, 10);
  self->http_port = (guint) g_ascii_strtoull (http, NULL, 10);
  g_assert_cmpuint (self->sip_port, >, 0);
  g_assert_cmpuint (self->http_port, >, 0);
  if (http_port != 0)
    g_assert_cmpuint (self->http_port, ==, http_port);
  if (tls)
    {
      self->fingerprint = desk_test_process_wait_line (self->process, "TLS fingerprint: ", 5000);
      g_assert_nonnull (self->fingerprint);
    }
  self->base_uri = g_strdup_printf ("%s://127.0.0.1:%u", tls ? "https" : "http",
                                    self->http_port);
  return self;
}

void
desk_test_server_stop (DeskTestServer *self)
{
  int status = -1;

  desk_test_process_signal (self->process, SIGTERM);
  g_assert_true (desk_test_process_wait (self->process, 15000, &status));
  g_assert_cmpint (status, ==, 0);
  desk_test_process_free (self->process);
  if (self->keep_data_dir)
    g_free (self->data_dir);
  else
    desk_test_tmpdir_free (self->data_dir);
  g_free (self->fingerprint);
  g_free (self->base_uri);
  g_free (self);
}
