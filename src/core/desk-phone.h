/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_PHONE_ERROR (desk_phone_error_quark ())

/**
 * DeskPhoneError:
 * @DESK_PHONE_ERROR_EMPTY: nothing to parse
 * @DESK_PHONE_ERROR_NOT_A_NUMBER: the text is not a phone number
 * @DESK_PHONE_ERROR_UNKNOWN_COUNTRY: no country code and no usable default country
 * @DESK_PHONE_ERROR_TOO_SHORT: too few digits
 * @DESK_PHONE_ERROR_TOO_LONG: too many digits
 * @DESK_PHONE_ERROR_INVALID: well formed, but no such number exists in its plan
 */
typedef enum {
  DESK_PHONE_ERROR_EMPTY,
  DESK_PHONE_ERROR_NOT_A_NUMBER,
  DESK_PHONE_ERROR_UNKNOWN_COUNTRY,
  DESK_PHONE_ERROR_TOO_SHORT,
  DESK_PHONE_ERROR_TOO_LONG,
  DESK_PHONE_ERROR_INVALID,
} DeskPhoneError;

GQuark    desk_phone_error_quark          (void);

char     *desk_phone_normalize            (const char  *input,
                                           const char  *default_region,
                                           GError     **error);
char     *desk_phone_format_international (const char  *e164);
gboolean  desk_phone_is_e164              (const char  *text);

G_END_DECLS
