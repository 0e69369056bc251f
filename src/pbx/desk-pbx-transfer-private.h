/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the facade shares with itself about transfers and conferences: their
 * commands (DESK_PBX_CALL_TRANSFER...) and events
 * (DESK_PBX_EVENT_CALL_TRANSFERRED...) are in desk-pbx-private.h with the
 * others. Nothing here names a libre type. */

#include "desk-pbx-private.h"

G_BEGIN_DECLS

/* desk-pbx-transfers.c: the transfer half of the facade. */
void     _desk_pbx_transfers_class_init      (GObjectClass       *klass);
void     _desk_pbx_dispatch_transfer_event   (DeskPbx            *self,
                                              const DeskPbxEvent *event);

G_END_DECLS
