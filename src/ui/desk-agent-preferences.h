/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESK_TYPE_AGENT_PREFERENCES (desk_agent_preferences_get_type ())
G_DECLARE_FINAL_TYPE (DeskAgentPreferences, desk_agent_preferences, DESK, AGENT_PREFERENCES,
                      AdwPreferencesWindow)

/* @phone: the running DeskAgentPhone, which takes device changes at
 * once (NULL: they apply at the next sign-in). */
GtkWidget *desk_agent_preferences_new (GtkWindow *parent,
                                       GSettings *settings,
                                       GObject   *phone);

G_END_DECLS
