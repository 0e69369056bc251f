/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"

G_BEGIN_DECLS

/**
 * DeskTransferKind:
 * @DESK_TRANSFER_OPERATOR: a colleague
 * @DESK_TRANSFER_QUEUE: a queue (whoever of it is free next)
 */
typedef enum {
  DESK_TRANSFER_OPERATOR,
  DESK_TRANSFER_QUEUE,
} DeskTransferKind;

/* Where a chat or call can go. Properties: "kind", "id", "name", "detail"
 * ("Available", "On a break: lunch", "2 waiting, 1 free"), "free" (an
 * available operator, or a queue with one). */
#define DESK_TYPE_TRANSFER_TARGET (desk_transfer_target_get_type ())
G_DECLARE_FINAL_TYPE (DeskTransferTarget, desk_transfer_target, DESK, TRANSFER_TARGET, GObject)

DeskTransferKind desk_transfer_target_get_kind   (DeskTransferTarget *self);
gint64           desk_transfer_target_get_id     (DeskTransferTarget *self);
const char      *desk_transfer_target_get_name   (DeskTransferTarget *self);
const char      *desk_transfer_target_get_detail (DeskTransferTarget *self);
gboolean         desk_transfer_target_get_free   (DeskTransferTarget *self);

/* The office's directory (GET /directory) as transfer targets: free ones
 * first, then operators before queues, then by name; the operator
 * themself (@own_user_id) left out. A GListModel of DeskTransferTarget;
 * "loading" and "error" properties. */
#define DESK_TYPE_TRANSFER_TARGETS (desk_transfer_targets_get_type ())
G_DECLARE_FINAL_TYPE (DeskTransferTargets, desk_transfer_targets, DESK, TRANSFER_TARGETS, GObject)

DeskTransferTargets *desk_transfer_targets_new         (DeskApiClient       *client,
                                                        gint64               own_user_id);
/* Asks the server again (each time the dialog opens: states change). */
void                 desk_transfer_targets_reload      (DeskTransferTargets *self);
gboolean             desk_transfer_targets_get_loading (DeskTransferTargets *self);
const char          *desk_transfer_targets_get_error   (DeskTransferTargets *self);

G_END_DECLS
