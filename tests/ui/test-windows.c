/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "desk-agent-window.h"
#include "desk-office.h"
#include "desk-server-window.h"
#include "desk-sqlite-store.h"
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

/* Saves what the window shows as a PNG in the build folder, for people to
 * look at; returns the texture's size for the test to check. */
static void
screenshot (GtkWidget *window, const char *name)
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

static GtkWidget *
find_by_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_agent_window (void)
{
  GtkWidget *window = GTK_WIDGET (desk_agent_window_new (NULL));
  GtkWidget *status;

  gtk_window_present (GTK_WINDOW (window));
  status = find_by_type (window, ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Operator Window");
  screenshot (window, "agent-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_server_window (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-ui");
  g_autofree char *path = g_build_filename (dir, "office.sqlite", NULL);
  g_autoptr (DeskSqliteStore) store = desk_sqlite_store_new (path, &error);
  g_autoptr (DeskOffice) office = NULL;
  DeskUserNew op = { .login = "op1", .display_name = "Оксана", .password = "p", .sip_user = "1001" };
  GtkWidget *window, *title;

  g_assert_no_error (error);
  g_assert_true (desk_store_set_setting (DESK_STORE (store), "office-name", "Добрий день", &error));
  g_assert_cmpint (desk_store_add_user (DESK_STORE (store), &op, &error), >, 0);
  office = desk_office_new (DESK_STORE (store));

  window = GTK_WIDGET (desk_server_window_new (NULL, office, 8080));
  gtk_window_present (GTK_WINDOW (window));
  title = find_by_type (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Добрий день");
  screenshot (window, "server-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
  desk_sqlite_store_close (store);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/desk/ui/agent-window", test_agent_window);
  g_test_add_func ("/desk/ui/server-window", test_server_window);
  return g_test_run ();
}
