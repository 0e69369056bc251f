/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-web-server.h"

G_BEGIN_DECLS

/* The owner's and supervisors' dashboard: the page at `/dashboard/`, its
 * figures at `/api/v1/dashboard` and their live stream at
 * `/api/v1/dashboard/live` (desk-web-dashboard*.c). Called once from
 * desk_web_server_new(). */
void _desk_web_dashboard_init (DeskWebServer *self);

G_END_DECLS
