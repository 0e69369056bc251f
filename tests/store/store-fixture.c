/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

void
store_fixture_setup (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = desk_test_tmpdir_new ("desk-store");
  fixture->path = g_build_filename (fixture->dir, "office.sqlite", NULL);
  fixture->store = DESK_STORE (desk_sqlite_store_new (fixture->path, &error));
  g_assert_no_error (error);
}

void
store_fixture_teardown (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_free (fixture->path);
  desk_test_tmpdir_free (fixture->dir);
}

void
store_fixture_reopen (StoreFixture *fixture)
{
  g_autoptr (GError) error = NULL;

  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));
  g_clear_object (&fixture->store);
  fixture->store = DESK_STORE (desk_sqlite_store_new (fixture->path, &error));
  g_assert_no_error (error);
}

/* Reads the file through a second, plain SQLite connection: what is on disk,
 * not what the store object believes. */
gint64
store_fixture_count (StoreFixture *fixture,
                     const char   *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

gint64
store_fixture_operator (StoreFixture *fixture,
                        const char   *login)
{
  g_autoptr (GError) error = NULL;
  DeskUserNew user = { .login = login, .display_name = login, .role = DESK_ROLE_OPERATOR,
                       .password = "secret" };
  gint64 id = desk_store_add_user (fixture->store, &user, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}
