/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DeskClientContact:
 * @channel: "phone", "chat" or "portal"
 * @id: the call's or chat's row
 * @at: when it began, Unix seconds
 * @inbound: the client called or wrote (not the office)
 * @outcome: the DeskCallOutcome nick ("answered", "abandoned_queue"…)
 * @seconds: how long it was talked or chatted
 * @disposition: the operator's wrap-up code, or %NULL
 *
 * One past contact of a client, for the card's "last contacts".
 */
typedef struct {
  char *channel;
  gint64 id;
  gint64 at;
  gboolean inbound;
  char *outcome;
  gint64 seconds;
  char *disposition;
} DeskClientContact;

void desk_client_contact_free (DeskClientContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskClientContact, desk_client_contact_free)

G_END_DECLS
