/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who runs libre in this process. libre keeps per-process state (its
 * debug handler, its random generator, OpenSSL's init), so the office's
 * PBX and the agent's softphone never share a process: the second to
 * start is refused with EBUSY. Several PBX engines may run at once (tests
 * do), each in a libre thread of its own. */
typedef enum {
  DESK_LIBRE_OWNER_PBX,
  DESK_LIBRE_OWNER_SOFTPHONE,
} DeskLibreOwner;

/* 0, or EBUSY when the other owner holds libre. */
int  _desk_libre_claim   (DeskLibreOwner owner);
void _desk_libre_release (DeskLibreOwner owner);

G_END_DECLS
