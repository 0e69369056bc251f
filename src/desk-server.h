/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-office.h"

G_BEGIN_DECLS

typedef struct
{
  const char *data_dir;
  gboolean demo;
  const char *sip_address;
  guint sip_port;
  const char *http_address;
  guint http_port;
} DeskServerConfig;

#define DESK_TYPE_SERVER (desk_server_get_type ())
G_DECLARE_FINAL_TYPE (DeskServer, desk_server, DESK, SERVER, GObject)

DeskServer *desk_server_new           (void);
gboolean    desk_server_start         (DeskServer              *self,
                                       const DeskServerConfig  *config,
                                       GError                 **error);
void        desk_server_stop          (DeskServer              *self);
DeskOffice *desk_server_get_office    (DeskServer              *self);
guint       desk_server_get_http_port (DeskServer              *self);

G_END_DECLS
