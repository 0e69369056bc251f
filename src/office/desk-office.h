/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-store.h"

G_BEGIN_DECLS

#define DESK_TYPE_OFFICE (desk_office_get_type ())
G_DECLARE_FINAL_TYPE (DeskOffice, desk_office, DESK, OFFICE, GObject)

DeskOffice *desk_office_new            (DeskStore   *store);
DeskStore  *desk_office_get_store      (DeskOffice  *self);
gboolean    desk_office_start          (DeskOffice  *self,
                                        const char  *sip_address,
                                        guint        sip_port,
                                        GError     **error);
void        desk_office_stop           (DeskOffice  *self);
guint       desk_office_get_sip_port   (DeskOffice  *self);
char       *desk_office_dup_name       (DeskOffice  *self);
gboolean    desk_office_sync_accounts  (DeskOffice  *self,
                                        GError     **error);

G_END_DECLS
