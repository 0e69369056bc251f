/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-test-utils.h"

G_BEGIN_DECLS

/* A real `frontdesk --server --headless --demo` in a temp data folder, on
 * free ports, for tests of the agent's side (client layer, softphone,
 * agent window). The demo office's logins are owner, supervisor, op1–op3
 * with the password "demo"; its office number is 100. */
typedef struct
{
  DeskTestProcess *process;
  char *data_dir;
  guint http_port;
  guint sip_port;
  char *fingerprint;  /* "AA:BB:…" with TLS, else NULL */
  char *base_uri;     /* "http://127.0.0.1:N" or "https://…" */
  gboolean keep_data_dir;   /* the caller's folder: left in place */
} DeskTestServer;

DeskTestServer *desk_test_server_start (gboolean         tls);
/* The same on @http_port (0: a free one), in @data_dir (NULL: a new temp
 * folder, removed on stop; else the caller's, kept). A restart at the same
 * address, with a new data folder, is a reinstalled server: a new TLS
 * certificate at the URI the agent knows. */
DeskTestServer *desk_test_server_start_full (gboolean    tls,
                                             guint       http_port,
                                             const char *data_dir);
/* Stops it with SIGTERM and checks that it exited cleanly. */
void            desk_test_server_stop  (DeskTestServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskTestServer, desk_test_server_stop)

G_END_DECLS
