/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <avahi-common/strlst.h>

#include "desk-server-info.h"

G_BEGIN_DECLS

/* What one resolved mDNS answer says. @txt comes from the network: its
 * values are checked here, and what does not fit is dropped. */
DeskServerInfo *_desk_server_info_new         (const char      *service_name,
                                               const char      *host,
                                               const char      *address,
                                               guint            port,
                                               AvahiStringList *txt);
/* Copies @from into @self, notifying what changed. */
void            _desk_server_info_update_from (DeskServerInfo  *self,
                                               DeskServerInfo  *from);
gboolean        _desk_server_info_is_ipv4     (DeskServerInfo  *self);
/* Whether @fingerprint reads like "AA:BB:…" with 32 hex pairs. */
gboolean        _desk_server_info_fingerprint_is_valid (const char *fingerprint);

G_END_DECLS
