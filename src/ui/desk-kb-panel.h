/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "desk-api-client.h"
#include "desk-kb-search.h"

G_BEGIN_DECLS

#define DESK_TYPE_KB_PANEL (desk_kb_panel_get_type ())
G_DECLARE_FINAL_TYPE (DeskKbPanel, desk_kb_panel, DESK, KB_PANEL, GtkWidget)

/* The knowledge base beside a conversation: search as you type, read an
 * article, copy it, or put it into the current chat's reply through the
 * "insert-text" (const char *text) signal. Actions: "kb.back",
 * "kb.copy", "kb.insert". */
GtkWidget    *desk_kb_panel_new        (DeskApiClient *client);
DeskKbSearch *desk_kb_panel_get_search (DeskKbPanel   *self);
/* Types @text into the search entry (a chat's words, a test). */
void          desk_kb_panel_search     (DeskKbPanel   *self,
                                        const char    *text);

G_END_DECLS
