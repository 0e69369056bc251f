/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_ERROR (desk_error_quark ())

/**
 * DeskError:
 * @DESK_ERROR_INVALID: the input is malformed or breaks a rule
 * @DESK_ERROR_NOT_FOUND: the object does not exist
 * @DESK_ERROR_CONFLICT: the change clashes with what is stored
 * @DESK_ERROR_FORBIDDEN: the operation is never allowed (such as deleting a case)
 * @DESK_ERROR_AUTH: wrong login or password
 * @DESK_ERROR_LIMIT: a configured limit was reached
 * @DESK_ERROR_STORE: the store failed (disk, corruption, busy)
 * @DESK_ERROR_FAILED: any other failure
 *
 * Errors shared by every layer. Their messages are translated and safe to
 * show to the user.
 */
typedef enum {
  DESK_ERROR_INVALID,
  DESK_ERROR_NOT_FOUND,
  DESK_ERROR_CONFLICT,
  DESK_ERROR_FORBIDDEN,
  DESK_ERROR_AUTH,
  DESK_ERROR_LIMIT,
  DESK_ERROR_STORE,
  DESK_ERROR_FAILED,
} DeskError;

GQuark desk_error_quark (void);

G_END_DECLS
