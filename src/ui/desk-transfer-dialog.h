/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-agent-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_TRANSFER_DIALOG (desk_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskTransferDialog, desk_transfer_dialog, DESK, TRANSFER_DIALOG, AdwWindow)

GtkWidget *desk_transfer_dialog_new (GtkWindow        *parent,
                                     DeskAgentSession *session,
                                     DeskInboxItem    *call);
/* How many operators and queues the directory listed (for tests). */
guint      desk_transfer_dialog_get_n_targets (DeskTransferDialog *self);

G_END_DECLS
