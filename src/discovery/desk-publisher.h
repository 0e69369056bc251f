/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DESK_SERVICE_TYPE "_frontdesk._tcp"

#define DESK_TYPE_PUBLISHER (desk_publisher_get_type ())
G_DECLARE_FINAL_TYPE (DeskPublisher, desk_publisher, DESK, PUBLISHER, GObject)

DeskPublisher *desk_publisher_new          (const char     *name,
                                            guint           api_port,
                                            const char     *tls_fingerprint);
void           desk_publisher_start        (DeskPublisher  *self);
gboolean       desk_publisher_is_published (DeskPublisher  *self);

G_END_DECLS
