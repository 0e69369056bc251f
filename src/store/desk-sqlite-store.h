/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-store.h"

G_BEGIN_DECLS

#define DESK_TYPE_SQLITE_STORE (desk_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (DeskSqliteStore, desk_sqlite_store, DESK, SQLITE_STORE, GObject)

DeskSqliteStore *desk_sqlite_store_new          (const char       *path,
                                                 GError          **error);
const char      *desk_sqlite_store_get_path     (DeskSqliteStore  *self);
int              desk_sqlite_store_get_version  (DeskSqliteStore  *self);
gboolean         desk_sqlite_store_check        (DeskSqliteStore  *self,
                                                 GError          **error);
void             desk_sqlite_store_close        (DeskSqliteStore  *self);

G_END_DECLS
