/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-client-card.h"

G_BEGIN_DECLS

#define DESK_TYPE_CLIENT_CARD_VIEW (desk_client_card_view_get_type ())
G_DECLARE_FINAL_TYPE (DeskClientCardView, desk_client_card_view, DESK, CLIENT_CARD_VIEW, AdwBin)

GtkWidget      *desk_client_card_view_new      (void);
void            desk_client_card_view_set_card (DeskClientCardView *self,
                                                DeskClientCard     *card);
DeskClientCard *desk_client_card_view_get_card (DeskClientCardView *self);
/* "loading", "search" (none or several), "card" or "failed": what shows */
const char     *desk_client_card_view_get_page (DeskClientCardView *self);

G_END_DECLS
