/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "desk-agent-window.h"
#include "desk-login-page.h"
#include "desk-office.h"
#include "desk-server-window.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"
#include "ui-test-common.h"

static void
test_agent_window (void)
{
  GtkWidget *window = GTK_WIDGET (desk_agent_window_new (NULL));

  /* before sign-in the window is the sign-in page, every control named */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (DESK_IS_LOGIN_PAGE (desk_agent_window_get_login_page (DESK_AGENT_WINDOW (window))));
  g_assert_null (desk_agent_window_get_session (DESK_AGENT_WINDOW (window)));
  g_assert_nonnull (ui_test_find_label (window, "Sign in to your office"));
  ui_test_assert_all_named (window);
  ui_test_screenshot (window, "agent-window.png");
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
  title = ui_test_find_by_type (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Добрий день");
  ui_test_screenshot (window, "server-window.png");
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
