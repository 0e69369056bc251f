/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ui-test-common.h"

#include <adwaita.h>

#include "desk-test-utils.h"

typedef struct
{
  guint frames;
} FrameCount;

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  ((FrameCount *) data)->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames (gpointer data)
{
  return ((FrameCount *) data)->frames >= 2;
}

void
ui_test_screenshot (GtkWidget  *window,
                    const char *name)
{
  FrameCount count = { 0 };
  guint tick = gtk_widget_add_tick_callback (window, on_tick, &count, NULL);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  int width, height;

  g_assert_true (desk_test_wait_until (two_frames, &count, 10000));
  gtk_widget_remove_tick_callback (window, tick);

  paintable = gtk_widget_paintable_new (window);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("screenshot: %s", file);
}

GtkWidget *
ui_test_find_by_type (GtkWidget *root,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_by_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
ui_test_find_label (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *w = data;
  GtkWidget *label = ui_test_find_label (w->root, w->text);

  return label && gtk_widget_get_mapped (label);
}

void
ui_test_wait_label (GtkWidget  *root,
                    const char *text)
{
  LabelWait w = { root, text };

  if (!desk_test_wait_until (label_shown, &w, 10000))
    g_error ("no label “%s”", text);
}

static gboolean
has_name (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip && *tooltip)
    return TRUE;
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)))
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)))
    return TRUE;
  return FALSE;
}

void
ui_test_assert_all_named (GtkWidget *root)
{
  /* Rows carry their title; a control's own parts are named by it. */
  if (ADW_IS_PREFERENCES_ROW (root))
    return;
  if (GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root) || GTK_IS_CHECK_BUTTON (root) ||
      GTK_IS_ENTRY (root) || GTK_IS_SEARCH_ENTRY (root) || GTK_IS_TEXT_VIEW (root) ||
      GTK_IS_LIST_BOX (root) || GTK_IS_FLOW_BOX (root) || GTK_IS_STACK_SWITCHER (root) ||
      GTK_IS_DROP_DOWN (root) || GTK_IS_SCALE (root))
    {
      if (!has_name (root))
        g_error ("a %s (%s) has no accessible name", G_OBJECT_TYPE_NAME (root),
                 gtk_widget_get_name (root));
      /* Inside: the button's label, the entry's text, the rows. */
      if (!GTK_IS_LIST_BOX (root) && !GTK_IS_FLOW_BOX (root))
        return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    ui_test_assert_all_named (child);
}
