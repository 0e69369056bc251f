/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DeskInboxKind:
 * @DESK_INBOX_CALL: a call offered to the operator or in progress
 * @DESK_INBOX_CHAT: a website chat offered or in progress
 * @DESK_INBOX_PORTAL: a portal request waiting for an answer
 * @DESK_INBOX_CALLBACK: a callback request that is due
 */
typedef enum {
  DESK_INBOX_CALL,
  DESK_INBOX_CHAT,
  DESK_INBOX_PORTAL,
  DESK_INBOX_CALLBACK,
} DeskInboxKind;

/**
 * DeskInboxState:
 * @DESK_INBOX_OFFERED: ringing / offered: accept or decline
 * @DESK_INBOX_ACTIVE: answered and in progress
 * @DESK_INBOX_HELD: a call on hold
 * @DESK_INBOX_WAITING: waiting for the operator (portal requests, callbacks)
 * @DESK_INBOX_ENDED: over; stays in the list while its wrap-up runs
 */
typedef enum {
  DESK_INBOX_OFFERED,
  DESK_INBOX_ACTIVE,
  DESK_INBOX_HELD,
  DESK_INBOX_WAITING,
  DESK_INBOX_ENDED,
} DeskInboxState;

/**
 * DeskClientMatch:
 * @DESK_CLIENT_MATCH_NONE: nobody in the CRM has this number
 * @DESK_CLIENT_MATCH_ONE: exactly one client
 * @DESK_CLIENT_MATCH_SEVERAL: several clients: the operator picks
 */
typedef enum {
  DESK_CLIENT_MATCH_NONE,
  DESK_CLIENT_MATCH_ONE,
  DESK_CLIENT_MATCH_SEVERAL,
} DeskClientMatch;

#define DESK_TYPE_INBOX_ITEM (desk_inbox_item_get_type ())
G_DECLARE_FINAL_TYPE (DeskInboxItem, desk_inbox_item, DESK, INBOX_ITEM, GObject)

/* Properties (all readable, notify on change): "kind", "id" (the call,
 * chat, case or callback id on the server), "state", "title" (the caller's
 * number or the visitor's name), "subtitle" (queue, subject…), "number"
 * (E.164 or NULL), "since" (unix seconds the item entered its state),
 * "client-match", "unread" (chats), "recording-paused", "muted" (calls). */
DeskInboxKind    desk_inbox_item_get_kind             (DeskInboxItem *self);
gint64           desk_inbox_item_get_id               (DeskInboxItem *self);
DeskInboxState   desk_inbox_item_get_state            (DeskInboxItem *self);
const char      *desk_inbox_item_get_title            (DeskInboxItem *self);
const char      *desk_inbox_item_get_subtitle         (DeskInboxItem *self);
const char      *desk_inbox_item_get_number           (DeskInboxItem *self);
gint64           desk_inbox_item_get_since            (DeskInboxItem *self);
DeskClientMatch  desk_inbox_item_get_client_match     (DeskInboxItem *self);
/* (element-type gint64): the matched clients' ids */
GArray          *desk_inbox_item_get_client_ids       (DeskInboxItem *self);
guint            desk_inbox_item_get_unread           (DeskInboxItem *self);
gboolean         desk_inbox_item_get_recording_paused (DeskInboxItem *self);
/* "Waiting 1:05" / "Talking 3:12": for the list row, from now. */
char            *desk_inbox_item_dup_age_text         (DeskInboxItem *self,
                                                       gint64         now_unix);

G_END_DECLS
