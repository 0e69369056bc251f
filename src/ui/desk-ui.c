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

static void
label_parts_under (GtkWidget  *widget,
                   const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) || GTK_IS_LIST_VIEW (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
      label_parts_under (child, name);
    }
}

/**
 * desk_ui_label_parts:
 * @widget: a #GtkDropDown or #AdwComboRow
 * @name: what the drop-down chooses, as its label or title says
 *
 * Names the buttons and lists inside @widget @name. In GTK 4.8 and
 * libadwaita 1.2 a drop-down's button and popup list have no accessible
 * name of their own, and the button is what takes the keyboard focus, so
 * a screen reader would announce a nameless "GtkToggleButton". (A
 * labelled-by relation to @widget is not enough: GTK 4.8 does not follow
 * it further to the row's own title.)
 */
void
desk_ui_label_parts (GtkWidget  *widget,
                     const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  label_parts_under (widget, name);
}
