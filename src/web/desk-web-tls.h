/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The files in the data folder: a certificate (PEM, possibly a chain) and
 * its private key (PEM, mode 0600). */
#define DESK_WEB_TLS_CERTIFICATE_FILE "tls-certificate.pem"
#define DESK_WEB_TLS_KEY_FILE         "tls-key.pem"

GTlsCertificate *desk_web_tls_load_or_create (const char       *dir,
                                              const char       *common_name,
                                              const char       *listen_address,
                                              gboolean         *created,
                                              GError          **error);
char            *desk_web_tls_fingerprint    (GTlsCertificate  *certificate);
char            *desk_web_tls_fingerprint_of_der (const guint8 *der,
                                              gsize             len);

G_END_DECLS
