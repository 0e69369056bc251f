/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "desk-office.h"

G_BEGIN_DECLS

/* The self-care portal under /portal (and / leading to it): server-rendered
 * pages that need no JavaScript. */
void desk_web_portal_register (SoupServer *server,
                               DeskOffice *office);

G_END_DECLS
