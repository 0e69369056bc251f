/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-phone"

#include "desk-i18n.h"
#include "desk-phone.h"
#include "desk-phone-shim.h"

#include <stdlib.h>

G_DEFINE_QUARK (desk-phone-error-quark, desk_phone_error)

/* Longer than any dialled string a person types, short enough that a
 * pasted essay is refused before the parser sees it. */
#define MAX_PHONE_INPUT 64

static gboolean
parse (const char  *input,
       const char  *default_region,
       char       **e164,
       char       **international,
       GError     **error)
{
  g_autofree char *trimmed = NULL;
  char *raw_e164 = NULL;
  char *raw_intl = NULL;
  int rc;

  trimmed = g_strstrip (g_strdup (input ? input : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_EMPTY,
                           _("No phone number was given"));
      return FALSE;
    }
  if (strlen (trimmed) > MAX_PHONE_INPUT || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_NOT_A_NUMBER,
                   _("“%s” is not a phone number"), "…");
      return FALSE;
    }

  rc = desk_phone_shim_parse (trimmed, default_region, &raw_e164, &raw_intl);
  switch (rc)
    {
    case DESK_PHONE_SHIM_OK:
      break;
    case DESK_PHONE_SHIM_UNKNOWN_COUNTRY:
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_UNKNOWN_COUNTRY,
                   _("“%s” has no country code that is known"), trimmed);
      return FALSE;
    case DESK_PHONE_SHIM_TOO_SHORT:
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_TOO_SHORT,
                   _("“%s” has too few digits for a phone number"), trimmed);
      return FALSE;
    case DESK_PHONE_SHIM_TOO_LONG:
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_TOO_LONG,
                   _("“%s” has too many digits for a phone number"), trimmed);
      return FALSE;
    case DESK_PHONE_SHIM_INVALID:
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_INVALID,
                   _("“%s” is not a valid phone number"), trimmed);
      return FALSE;
    default:
      g_set_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_NOT_A_NUMBER,
                   _("“%s” is not a phone number"), trimmed);
      return FALSE;
    }

  /* The shim allocates with malloc(); hand GLib-owned copies onwards. */
  if (e164)
    *e164 = g_strdup (raw_e164);
  if (international)
    *international = g_strdup (raw_intl);
  free (raw_e164);
  free (raw_intl);
  return TRUE;
}

/**
 * desk_phone_normalize:
 * @input: a number as a person or a caller ID gives it
 * @default_region: (nullable): ISO 3166 country for numbers without a
 *   country code, e.g. "UA"; %NULL accepts only international numbers
 * @error: a #GError in %DESK_PHONE_ERROR
 *
 * Normalises @input to E.164. A number that is not valid in its country's
 * numbering plan is refused: we never guess.
 *
 * Returns: (transfer full): the E.164 form, such as "+380441234567"
 */
char *
desk_phone_normalize (const char  *input,
                      const char  *default_region,
                      GError     **error)
{
  char *e164 = NULL;

  if (!parse (input, default_region, &e164, NULL, error))
    return NULL;
  return e164;
}

/**
 * desk_phone_format_international:
 * @e164: a number in E.164
 *
 * Returns: (transfer full): @e164 grouped for reading, e.g.
 *   "+380 44 123 4567", or a copy of @e164 if it cannot be parsed
 */
char *
desk_phone_format_international (const char *e164)
{
  char *international = NULL;

  g_return_val_if_fail (e164 != NULL, NULL);

  if (!parse (e164, NULL, NULL, &international, NULL))
    return g_strdup (e164);
  return international;
}

/**
 * desk_phone_is_e164:
 *
 * Returns: whether @text has E.164's shape: '+' and 8 to 15 digits, the first
 *   not zero. It does not check the numbering plan.
 */
gboolean
desk_phone_is_e164 (const char *text)
{
  gsize n = 0;

  if (text == NULL || text[0] != '+' || text[1] < '1' || text[1] > '9')
    return FALSE;
  for (const char *p = text + 1; *p; p++, n++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return n >= 8 && n <= 15;
}
