/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-fingerprint"

#include "desk-fingerprint.h"

/**
 * desk_tls_fingerprint_of_der:
 * @der: (array length=len): a certificate in DER
 * @len: its length
 *
 * The server prints, publishes over mDNS and the agent pins this one form,
 * so that an operator can compare it by eye with what a browser shows.
 *
 * Returns: (transfer full): the SHA-256 of @der as upper-case hex pairs
 *   joined by colons
 */
char *
desk_tls_fingerprint_of_der (const guint8 *der,
                             gsize         len)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GString *text = g_string_sized_new (3 * sizeof digest);

  g_return_val_if_fail (der != NULL || len == 0, NULL);

  g_checksum_update (checksum, der, (gssize) len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (text, "%s%02X", i ? ":" : "", digest[i]);
  return g_string_free (text, FALSE);
}

/**
 * desk_tls_fingerprint:
 * @certificate: a certificate
 *
 * Returns: (transfer full) (nullable): the SHA-256 fingerprint of
 *   @certificate (the first of a chain), as desk_tls_fingerprint_of_der()
 */
char *
desk_tls_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr (GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return desk_tls_fingerprint_of_der (der->data, der->len);
}
