/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-web-server.h"

G_BEGIN_DECLS

/* The website chat widget: `/widget.js`, `/widget.css` and the visitor's
 * API under `/widget/v1` (desk-web-widget*.c), and the operators' chat
 * routes under `/api/v1/chats` (desk-web-api-chat.c). Called once from
 * desk_web_server_new(). */
void _desk_web_widget_init (DeskWebServer *self);

G_END_DECLS
