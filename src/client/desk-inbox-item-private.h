/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-inbox-item.h"

G_BEGIN_DECLS

DeskInboxItem *_desk_inbox_item_new               (DeskInboxKind   kind,
                                                   gint64          id);
/* Takes the members it knows from an /inbox entry or an event; absent
 * members leave the item as it was. */
void           _desk_inbox_item_update_from_json  (DeskInboxItem  *self,
                                                   JsonObject     *object);
void           _desk_inbox_item_set_state         (DeskInboxItem  *self,
                                                   DeskInboxState  state,
                                                   gint64          since);
void           _desk_inbox_item_set_unread        (DeskInboxItem  *self,
                                                   guint           unread);
/* The next reload of the inbox keeps only the items it saw again. */
void           _desk_inbox_item_set_seen          (DeskInboxItem  *self,
                                                   gboolean        seen);
gboolean       _desk_inbox_item_get_seen          (DeskInboxItem  *self);

/* JSON helpers shared by the client layer: absent or mistyped members
 * read as NULL / @fallback. */
const char    *_desk_json_string                  (JsonObject     *object,
                                                   const char     *name);
gint64         _desk_json_int                     (JsonObject     *object,
                                                   const char     *name,
                                                   gint64          fallback);
JsonArray     *_desk_json_array                   (JsonObject     *object,
                                                   const char     *name);

G_END_DECLS
