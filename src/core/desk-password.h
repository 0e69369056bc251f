/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *desk_password_hash   (const char  *password,
                                GError     **error);
gboolean  desk_password_verify (const char  *password,
                                const char  *hash);
char     *desk_random_token    (gsize        n_bytes);

G_END_DECLS
