/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-inbox-item.h"

G_BEGIN_DECLS

#define DESK_TYPE_CALL_PANEL (desk_call_panel_get_type ())
G_DECLARE_FINAL_TYPE (DeskCallPanel, desk_call_panel, DESK, CALL_PANEL, AdwBin)

GtkWidget     *desk_call_panel_new            (DeskInboxItem *item,
                                               gboolean       builtin_phone);
DeskInboxItem *desk_call_panel_get_item       (DeskCallPanel *self);
/* "0:42": what the timer shows now, for tests and the window title */
const char    *desk_call_panel_get_timer_text (DeskCallPanel *self);

G_END_DECLS
