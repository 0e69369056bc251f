/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-tls"

#include "desk-i18n.h"
#include "desk-web-tls.h"
#include "desk-error.h"
#include "desk-fingerprint.h"

#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* Agents pin the certificate, so it must outlive any office PC: renewing
 * it would make every agent ask its operator to trust the server again. */
#define VALID_YEARS 10

/*
 * The office's self-signed certificate. Nobody vouches for it: agents trust
 * it because its SHA-256 fingerprint matches the one published over mDNS
 * (and shown in the server window), and they pin it on first use. An owner
 * who has a real certificate puts it (and its key) in the two files instead;
 * it is then used as it is.
 */

static gboolean
check_gnutls (int      rc,
              GError **error)
{
  if (rc >= 0)
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Cannot make the TLS certificate: %s"),
               gnutls_strerror (rc));
  return FALSE;
}

static gboolean
add_san_name (gnutls_x509_crt_t  crt,
              const char        *name,
              GError           **error)
{
  return check_gnutls (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, name,
                                                             (unsigned) strlen (name),
                                                             GNUTLS_FSAN_APPEND),
                       error);
}

static gboolean
add_san_address (gnutls_x509_crt_t   crt,
                 GInetAddress       *address,
                 GError            **error)
{
  unsigned size = (unsigned) g_inet_address_get_native_size (address);

  if (g_inet_address_get_is_link_local (address) || g_inet_address_get_is_any (address))
    return TRUE;
  return check_gnutls (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                             g_inet_address_to_bytes (address),
                                                             size, GNUTLS_FSAN_APPEND),
                       error);
}

/* The addresses the server answers on: the one it listens on, or, for a
 * wildcard, those of every interface up now. DHCP may change them later;
 * agents do not mind (they pin the fingerprint), browsers warn anyway. */
static gboolean
add_san_addresses (gnutls_x509_crt_t   crt,
                   const char         *listen_address,
                   GError            **error)
{
  g_autoptr (GInetAddress) listen = listen_address ? g_inet_address_new_from_string (listen_address)
                                                   : NULL;
  struct ifaddrs *list = NULL;
  gboolean ok = TRUE;

  if (listen && !g_inet_address_get_is_any (listen))
    return add_san_address (crt, listen, error);
  if (getifaddrs (&list) != 0)
    return TRUE;
  for (struct ifaddrs *i = list; i && ok; i = i->ifa_next)
    {
      g_autoptr (GInetAddress) address = NULL;

      if (i->ifa_addr == NULL)
        continue;
      if (i->ifa_addr->sa_family == AF_INET)
        address = g_inet_address_new_from_bytes (
          (const guint8 *) &((struct sockaddr_in *) i->ifa_addr)->sin_addr, G_SOCKET_FAMILY_IPV4);
      else if (i->ifa_addr->sa_family == AF_INET6)
        address = g_inet_address_new_from_bytes (
          (const guint8 *) &((struct sockaddr_in6 *) i->ifa_addr)->sin6_addr, G_SOCKET_FAMILY_IPV6);
      if (address)
        ok = add_san_address (crt, address, error);
    }
  freeifaddrs (list);
  return ok;
}

static gboolean
set_validity (gnutls_x509_crt_t   crt,
              GError            **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) until = g_date_time_add_years (now, VALID_YEARS);

  /* A day back, for an agent PC whose clock runs late. */
  time_t from = (time_t) g_date_time_to_unix (now) - 86400;
  time_t to = (time_t) g_date_time_to_unix (until);

  return check_gnutls (gnutls_x509_crt_set_activation_time (crt, from), error) &&
         check_gnutls (gnutls_x509_crt_set_expiration_time (crt, to), error);
}

static gboolean
set_serial (gnutls_x509_crt_t   crt,
            GError            **error)
{
  guint8 serial[16];

  if (!check_gnutls (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), error))
    return FALSE;
  /* positive, and no shorter for a leading zero */
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return check_gnutls (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), error);
}

static gboolean
set_subject_key_id (gnutls_x509_crt_t   crt,
                    GError            **error)
{
  guint8 id[64];
  size_t size = sizeof id;

  return check_gnutls (gnutls_x509_crt_get_key_id (crt, 0, id, &size), error) &&
         check_gnutls (gnutls_x509_crt_set_subject_key_id (crt, id, size), error);
}

static gboolean
make_certificate (const char  *common_name,
                  const char  *listen_address,
                  char       **cert_pem,
                  char       **key_pem,
                  GError     **error)
{
  g_autofree char *local_name = g_strconcat (g_get_host_name (), ".local", NULL);
  const unsigned bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1);
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t crt_out = { NULL, 0 };
  gnutls_datum_t key_out = { NULL, 0 };
  gboolean ok;

  ok = check_gnutls (gnutls_x509_privkey_init (&key), error) &&
       check_gnutls (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA, bits, 0), error) &&
       check_gnutls (gnutls_x509_crt_init (&crt), error) &&
       check_gnutls (gnutls_x509_crt_set_version (crt, 3), error) &&
       check_gnutls (gnutls_x509_crt_set_key (crt, key), error) &&
       set_serial (crt, error) &&
       set_validity (crt, error) &&
       check_gnutls (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                    common_name, (unsigned) strlen (common_name)),
                     error) &&
       add_san_name (crt, g_get_host_name (), error) &&
       (strchr (g_get_host_name (), '.') != NULL || add_san_name (crt, local_name, error)) &&
       add_san_name (crt, "localhost", error) &&
       add_san_addresses (crt, listen_address, error) &&
       check_gnutls (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), error) &&
       check_gnutls (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), error) &&
       check_gnutls (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                     error) &&
       set_subject_key_id (crt, error) &&
       check_gnutls (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), error) &&
       check_gnutls (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_out), error) &&
       check_gnutls (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                        GNUTLS_PKCS_PLAIN, &key_out),
                     error);
  if (ok)
    {
      *cert_pem = g_strndup ((const char *) crt_out.data, crt_out.size);
      *key_pem = g_strndup ((const char *) key_out.data, key_out.size);
    }
  if (key_out.data)
    {
      gnutls_memset (key_out.data, 0, key_out.size);
      gnutls_free (key_out.data);
    }
  gnutls_free (crt_out.data);
  if (crt)
    gnutls_x509_crt_deinit (crt);
  if (key)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

static gboolean
write_file (const char  *path,
            const char  *contents,
            int          mode,
            GError     **error)
{
  g_autoptr (GError) local = NULL;

  /* Written beside and renamed: a crash never leaves half a key. */
  if (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode, &local))
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Cannot write %s: %s"), path,
               local->message);
  return FALSE;
}

static void
check_key_mode (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0)
    g_message ("%s can be read by other users of this computer: make it 0600", path);
}

/**
 * desk_web_tls_load_or_create:
 * @dir: the data folder
 * @common_name: the certificate's CN when one is made (the office's name)
 * @listen_address: (nullable): the address the server listens on, for the
 *   certificate's alternative names; a wildcard means every interface's
 * @created: (out) (optional): whether the files were made just now
 * @error: a #GError
 *
 * Loads the office's certificate and key from @dir, or makes them (an
 * ECDSA P-256 key, self-signed, valid for ten years) when there is no
 * certificate yet. A certificate that is there but cannot be read is an
 * error, never replaced: agents have pinned it.
 *
 * Returns: (transfer full): the certificate with its private key
 */
GTlsCertificate *
desk_web_tls_load_or_create (const char  *dir,
                             const char  *common_name,
                             const char  *listen_address,
                             gboolean    *created,
                             GError     **error)
{
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr (GError) local = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (dir != NULL, NULL);

  cert_path = g_build_filename (dir, DESK_WEB_TLS_CERTIFICATE_FILE, NULL);
  key_path = g_build_filename (dir, DESK_WEB_TLS_KEY_FILE, NULL);
  if (created)
    *created = FALSE;

  /* The key is written first and the certificate last, so a certificate
   * on disk always has its key beside it. */
  if (!g_file_test (cert_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *cert_pem = NULL;
      g_autofree char *key_pem = NULL;
      const char *cn = common_name && *common_name ? common_name : g_get_host_name ();

      if (!make_certificate (cn, listen_address, &cert_pem, &key_pem, error))
        return NULL;
      if (!write_file (key_path, key_pem, 0600, error) ||
          !write_file (cert_path, cert_pem, 0644, error))
        {
          memset (key_pem, 0, strlen (key_pem));
          return NULL;
        }
      memset (key_pem, 0, strlen (key_pem));
      if (created)
        *created = TRUE;
    }

  check_key_mode (key_path);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &local);
  if (certificate == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("Cannot use the TLS certificate %s with its key %s: %s"), cert_path,
                   key_path, local->message);
      return NULL;
    }
  return certificate;
}

/* Kept for the web layer's callers; the one implementation is in core. */
char *
desk_web_tls_fingerprint_of_der (const guint8 *der,
                                 gsize         len)
{
  return desk_tls_fingerprint_of_der (der, len);
}

char *
desk_web_tls_fingerprint (GTlsCertificate *certificate)
{
  return desk_tls_fingerprint (certificate);
}
