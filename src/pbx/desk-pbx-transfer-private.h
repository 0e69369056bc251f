/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the facade and the engine share about transfers and conferences.
 * Nothing here names a libre type.
 *
 * Their commands and their event extend DeskPbxCallOp and DeskPbxEventType
 * (desk-pbx-private.h) with values far above the ones listed there, so that
 * either list can grow without a clash. Both are dispatched before the
 * switches over those enums (desk-pbx-call.c, desk-pbx-calls.c). */

#include "desk-pbx-private.h"

G_BEGIN_DECLS

/* The leg named by call_id hands its peer on: to the phones of users[0]
 * (code: seconds to ring), or to the peer of other_id (attended). */
#define DESK_PBX_CALL_TRANSFER          ((DeskPbxCallOp) 0x100)
#define DESK_PBX_CALL_TRANSFER_ATTENDED ((DeskPbxCallOp) 0x101)
/* The peers of call_id and other_id, and other_id itself, are mixed. */
#define DESK_PBX_CALL_CONFERENCE        ((DeskPbxCallOp) 0x102)

/* call_id: the leg that got a new peer; code: that peer's call id; user:
 * the operator on that peer, if any; text: "blind", "attended" or
 * "replaces". */
#define DESK_PBX_EVENT_CALL_TRANSFERRED ((DeskPbxEventType) 0x100)
/* call_id: the leg that was to hand its peer on; code: a SIP status; text:
 * why. */
#define DESK_PBX_EVENT_CALL_TRANSFER_FAILED ((DeskPbxEventType) 0x101)

/* desk-pbx-transfers.c: the transfer half of the facade. */
void     _desk_pbx_transfers_class_init      (GObjectClass       *klass);
gboolean _desk_pbx_dispatch_transfer_event   (DeskPbx            *self,
                                              const DeskPbxEvent *event);

G_END_DECLS
