/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The one door to libphonenumber, which is C++. Plain C types only, so that
 * nothing else in the tree is compiled as C++.
 */

#ifdef __cplusplus
extern "C" {
#endif

enum {
  DESK_PHONE_SHIM_OK,
  DESK_PHONE_SHIM_NOT_A_NUMBER,
  DESK_PHONE_SHIM_UNKNOWN_COUNTRY,
  DESK_PHONE_SHIM_TOO_SHORT,
  DESK_PHONE_SHIM_TOO_LONG,
  DESK_PHONE_SHIM_INVALID,
};

/* On success *e164 and *international are malloc()ed strings. */
int desk_phone_shim_parse (const char  *input,
                           const char  *default_region,
                           char       **e164,
                           char       **international);

#ifdef __cplusplus
}
#endif
