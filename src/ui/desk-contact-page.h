/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-agent-session.h"
#include "desk-client-card-view.h"

G_BEGIN_DECLS

#define DESK_TYPE_CONTACT_PAGE (desk_contact_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskContactPage, desk_contact_page, DESK, CONTACT_PAGE, GtkWidget)

GtkWidget          *desk_contact_page_new           (DeskAgentSession *session,
                                                     DeskInboxItem    *item,
                                                     gboolean          builtin_phone);
DeskInboxItem      *desk_contact_page_get_item      (DeskContactPage  *self);
DeskClientCardView *desk_contact_page_get_card_view (DeskContactPage  *self);
/* The call panel, chat view or case view on the left, by kind. */
GtkWidget          *desk_contact_page_get_conversation (DeskContactPage *self);
/* The case actions for this contact (open, link, scenario, not a case). */
GtkWidget          *desk_contact_page_get_case_panel   (DeskContactPage *self);
/* Puts @text into the chat's entry (from the knowledge base). */
gboolean            desk_contact_page_insert_text      (DeskContactPage *self,
                                                        const char      *text);

void                desk_contact_page_show_case        (GtkWidget       *parent,
                                                        DeskApiClient   *client,
                                                        gint64           case_id);

G_END_DECLS
