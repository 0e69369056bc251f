/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-agent-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_CALLBACKS_DIALOG (desk_callbacks_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskCallbacksDialog, desk_callbacks_dialog, DESK, CALLBACKS_DIALOG, AdwWindow)

GtkWidget *desk_callbacks_dialog_new     (GtkWindow           *parent,
                                          DeskAgentSession    *session);
/* Rows shown once the list has loaded; -1 before. */
int        desk_callbacks_dialog_get_n_rows (DeskCallbacksDialog *self);

G_END_DECLS
