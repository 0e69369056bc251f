/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-agent-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_AGENT_WINDOW (desk_agent_window_get_type ())
G_DECLARE_FINAL_TYPE (DeskAgentWindow, desk_agent_window, DESK, AGENT_WINDOW, AdwApplicationWindow)

DeskAgentWindow  *desk_agent_window_new              (gpointer         application);
void              desk_agent_window_sign_out         (DeskAgentWindow *self);
void              desk_agent_window_show_contact     (DeskAgentWindow *self,
                                                      DeskInboxKind    kind,
                                                      gint64           id,
                                                      gboolean         accept);
/* NULL before sign-in */
DeskAgentSession *desk_agent_window_get_session      (DeskAgentWindow *self);
GtkWidget        *desk_agent_window_get_login_page   (DeskAgentWindow *self);
/* The DeskContactPage in front of the operator, or NULL */
GtkWidget        *desk_agent_window_get_contact_page (DeskAgentWindow *self);
/* The built-in softphone (DeskAgentPhone), NULL in desk-phone mode */
GObject          *desk_agent_window_get_phone        (DeskAgentWindow *self);

G_END_DECLS
