/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-office.h"

G_BEGIN_DECLS

#define DESK_TYPE_WEB_SERVER (desk_web_server_get_type ())
G_DECLARE_FINAL_TYPE (DeskWebServer, desk_web_server, DESK, WEB_SERVER, GObject)

DeskWebServer *desk_web_server_new      (DeskOffice     *office);
gboolean       desk_web_server_listen   (DeskWebServer  *self,
                                         const char     *address,
                                         guint           port,
                                         GError        **error);
guint          desk_web_server_get_port (DeskWebServer  *self);
void           desk_web_server_stop     (DeskWebServer  *self);

/* TLS: set a certificate before listening to serve HTTPS only. */
void           desk_web_server_set_tls_certificate (DeskWebServer   *self,
                                                    GTlsCertificate *certificate);
gboolean       desk_web_server_get_tls             (DeskWebServer   *self);
char          *desk_web_server_dup_tls_fingerprint (DeskWebServer   *self);

G_END_DECLS
