/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DESK_TYPE_SERVER_INFO (desk_server_info_get_type ())
G_DECLARE_FINAL_TYPE (DeskServerInfo, desk_server_info, DESK, SERVER_INFO, GObject)

const char *desk_server_info_get_service_name    (DeskServerInfo *self);
const char *desk_server_info_get_name            (DeskServerInfo *self);
const char *desk_server_info_get_host            (DeskServerInfo *self);
const char *desk_server_info_get_address         (DeskServerInfo *self);
guint       desk_server_info_get_port            (DeskServerInfo *self);
const char *desk_server_info_get_version         (DeskServerInfo *self);
guint       desk_server_info_get_api_port        (DeskServerInfo *self);
const char *desk_server_info_get_tls_fingerprint (DeskServerInfo *self);
char       *desk_server_info_dup_base_uri        (DeskServerInfo *self);

G_END_DECLS
