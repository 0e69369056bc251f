/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESK_TYPE_AGENT_WINDOW (desk_agent_window_get_type ())
G_DECLARE_FINAL_TYPE (DeskAgentWindow, desk_agent_window, DESK, AGENT_WINDOW, AdwApplicationWindow)

DeskAgentWindow *desk_agent_window_new (gpointer application);

G_END_DECLS
