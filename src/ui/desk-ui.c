/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-ui.h"
#include "desk-ui-resources.h"

/**
 * desk_ui_init_resources:
 *
 * Registers the window templates and styles. Every widget class calls it
 * from class_init, so that a window works in tests without the
 * application too.
 */
void
desk_ui_init_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      desk_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
