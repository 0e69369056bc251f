/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-store.h"

G_BEGIN_DECLS

gboolean desk_demo_seed (DeskStore  *store,
                         gint64      anchor,
                         GError    **error);

G_END_DECLS
