/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-password"

#include "desk-i18n.h"
#include "desk-password.h"
#include "desk-error.h"

#include <crypt.h>
#include <string.h>
#include <sys/random.h>

/* Hashes are yescrypt ("$y$"), libxcrypt's default cost: slow enough that a
 * stolen store does not give the passwords away, quick enough for a login. */

static gboolean
fill_random (guint8 *buf,
             gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

/**
 * desk_password_hash:
 * @password: the password in clear
 * @error: a #GError
 *
 * Returns: (transfer full): a salted yescrypt hash of @password
 */
char *
desk_password_hash (const char  *password,
                    GError     **error)
{
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  struct crypt_data data = { 0 };
  guint8 entropy[32];
  const char *hash;

  g_return_val_if_fail (password != NULL, NULL);

  if (*password == '\0')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("The password is empty"));
      return NULL;
    }
  if (!fill_random (entropy, sizeof entropy) ||
      crypt_gensalt_rn ("$y$", 0, (const char *) entropy, sizeof entropy, salt, sizeof salt) == NULL)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                           _("Could not make a salt for the password hash"));
      return NULL;
    }
  hash = crypt_rn (password, salt, &data, sizeof data);
  if (hash == NULL || hash[0] == '*')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                           _("Could not hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

/**
 * desk_password_verify:
 * @password: the password in clear
 * @hash: (nullable): a hash from desk_password_hash(); %NULL still costs a
 *   whole hash, so that a missing user takes as long as a wrong password
 */
gboolean
desk_password_verify (const char *password,
                      const char *hash)
{
  static gsize decoy_once = 0;
  static char *decoy = NULL;
  struct crypt_data data = { 0 };
  const char *out;
  guint8 diff = 0;
  gsize len;

  if (g_once_init_enter (&decoy_once))
    {
      decoy = desk_password_hash ("decoy", NULL);
      g_once_init_leave (&decoy_once, 1);
    }

  if (password == NULL)
    password = "";
  out = crypt_rn (password, hash ? hash : decoy, &data, sizeof data);
  if (hash == NULL || out == NULL || out[0] == '*')
    return FALSE;

  len = strlen (hash);
  if (strlen (out) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    diff |= (guint8) (out[i] ^ hash[i]);
  return diff == 0;
}

/**
 * desk_random_token:
 * @n_bytes: how many random bytes
 *
 * Returns: (transfer full): @n_bytes from the kernel's generator, in
 *   URL-safe base64 without padding
 */
char *
desk_random_token (gsize n_bytes)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);
  char *token;

  if (!fill_random (buf, n_bytes))
    g_error ("The kernel's random generator failed");
  token = g_base64_encode (buf, n_bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  g_strdelimit (token, "=", '\0');
  return token;
}
