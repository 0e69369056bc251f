/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

static void
test_empty_file (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (desk_sqlite_store_get_version (DESK_SQLITE_STORE (fixture->store)), >=, 1);
  g_assert_cmpint (store_fixture_count (fixture, "PRAGMA user_version"), ==,
                   desk_sqlite_store_get_version (DESK_SQLITE_STORE (fixture->store)));
  g_assert_cmpint (store_fixture_count (fixture,
                   "SELECT count(*) FROM sqlite_master WHERE name IN ('cases', 'clients', "
                   "'calls', 'chats', 'case_events', 'kb_articles', 'kb_titles_fts', "
                   "'ivr_items', 'callbacks', 'campaigns', 'agent_state_log', 'audit_log', "
                   "'bot_rules', 'settings', 'queue_members', 'dispositions', 'news')"), ==, 17);
  g_assert_true (desk_sqlite_store_check (DESK_SQLITE_STORE (fixture->store), &error));
  g_assert_no_error (error);
}

static void
test_wal_and_foreign_keys (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  DeskCallback callback = { .e164 = "+380441234567", .queue_id = 4242 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* The journal mode is a property of the file. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Foreign keys are enforced: no callback for a queue that does not exist. */
  g_assert_cmpint (desk_store_add_callback (fixture->store, &callback, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_reopen_keeps_data (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  int version = desk_sqlite_store_get_version (DESK_SQLITE_STORE (fixture->store));
  g_autofree char *value = NULL;

  g_assert_true (desk_store_set_setting (fixture->store, "office-name", "Добрий день", &error));
  store_fixture_operator (fixture, "op1");
  store_fixture_reopen (fixture);
  store_fixture_reopen (fixture);

  g_assert_cmpint (desk_sqlite_store_get_version (DESK_SQLITE_STORE (fixture->store)), ==, version);
  value = desk_store_get_setting (fixture->store, "office-name");
  g_assert_cmpstr (value, ==, "Добрий день");
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM users"), ==, 1);
}

static void
test_newer_file_refused (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSqliteStore) newer = NULL;
  sqlite3 *db = NULL;

  store_fixture_operator (fixture, "op1");
  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  newer = desk_sqlite_store_new (fixture->path, &error);
  g_assert_null (newer);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_STORE);
  /* and nothing was touched */
  g_assert_cmpint (store_fixture_count (fixture, "PRAGMA user_version"), ==, 9999);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM users"), ==, 1);
}

static void
test_not_a_database (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-store");
  g_autofree char *path = g_build_filename (dir, "office.sqlite", NULL);
  g_autoptr (DeskSqliteStore) store = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "this is not SQLite, but someone's notes", -1, NULL));
  store = desk_sqlite_store_new (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  /* the file is left as it was */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "this is not SQLite, but someone's notes");
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_transactions_nest (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_store_begin (fixture->store, &error));
  g_assert_true (desk_store_set_setting (fixture->store, "a", "1", &error));
  g_assert_true (desk_store_begin (fixture->store, &error));
  g_assert_true (desk_store_set_setting (fixture->store, "b", "2", &error));
  desk_store_rollback (fixture->store);
  g_assert_true (desk_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM settings WHERE key = 'a'"), ==, 1);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM settings WHERE key = 'b'"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/migrations/empty-file", test_empty_file);
  STORE_TEST ("/desk/store/migrations/wal-and-foreign-keys", test_wal_and_foreign_keys);
  STORE_TEST ("/desk/store/migrations/reopen-keeps-data", test_reopen_keeps_data);
  STORE_TEST ("/desk/store/migrations/newer-file-refused", test_newer_file_refused);
  STORE_TEST ("/desk/store/migrations/transactions-nest", test_transactions_nest);
  g_test_add_func ("/desk/store/migrations/not-a-database", test_not_a_database);
  return g_test_run ();
}
