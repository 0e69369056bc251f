/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-office.h"

G_BEGIN_DECLS

#define DESK_TYPE_SERVER_WINDOW (desk_server_window_get_type ())
G_DECLARE_FINAL_TYPE (DeskServerWindow, desk_server_window, DESK, SERVER_WINDOW, AdwApplicationWindow)

DeskServerWindow *desk_server_window_new (gpointer    application,
                                          DeskOffice *office,
                                          guint       http_port);

G_END_DECLS
