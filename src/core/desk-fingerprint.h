/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *desk_tls_fingerprint        (GTlsCertificate *certificate);
char *desk_tls_fingerprint_of_der (const guint8    *der,
                                   gsize            len);

G_END_DECLS
