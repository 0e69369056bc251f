/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void desk_ui_init_resources (void);
void desk_ui_label_parts    (GtkWidget  *widget,
                             const char *name);

G_END_DECLS
