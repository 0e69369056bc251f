/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-error.h"

G_DEFINE_QUARK (desk-error-quark, desk_error)
