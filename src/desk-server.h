/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-office.h"

G_BEGIN_DECLS

/**
 * DeskServerTls:
 * @DESK_SERVER_TLS_DEFAULT: HTTPS for a real office when a certificate can
 *   be made or loaded (plain HTTP, with a message, when it cannot); plain
 *   HTTP for the demo office
 * @DESK_SERVER_TLS_ON: HTTPS, or no start at all
 * @DESK_SERVER_TLS_OFF: plain HTTP
 */
typedef enum
{
  DESK_SERVER_TLS_DEFAULT,
  DESK_SERVER_TLS_ON,
  DESK_SERVER_TLS_OFF,
} DeskServerTls;

typedef struct
{
  const char *data_dir;
  gboolean demo;
  const char *sip_address;
  guint sip_port;
  const char *http_address;
  guint http_port;
  DeskServerTls tls;
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
gboolean    desk_server_get_tls       (DeskServer              *self);
const char *desk_server_get_tls_fingerprint (DeskServer        *self);

G_END_DECLS
