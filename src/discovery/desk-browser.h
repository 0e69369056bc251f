/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-server-info.h"

G_BEGIN_DECLS

#define DESK_TYPE_BROWSER (desk_browser_get_type ())
G_DECLARE_FINAL_TYPE (DeskBrowser, desk_browser, DESK, BROWSER, GObject)

DeskBrowser *desk_browser_new         (void);
void         desk_browser_start       (DeskBrowser *self);
void         desk_browser_stop        (DeskBrowser *self);
gboolean     desk_browser_get_running (DeskBrowser *self);
const char  *desk_browser_get_error   (DeskBrowser *self);

G_END_DECLS
