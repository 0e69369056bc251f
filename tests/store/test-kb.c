/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

static gint64
add_article (StoreFixture   *fixture,
             const char     *title,
             const char     *body,
             DeskVisibility  visibility)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskArticle) article = desk_article_new (title, body, visibility);
  gint64 id = desk_store_add_article (fixture->store, article, &error);

  g_assert_no_error (error);
  return id;
}

static void
setup_articles (StoreFixture *fixture)
{
  add_article (fixture, "Как перезагрузить роутер",
               "Выключите роутер из розетки на десять секунд, затем включите снова.",
               DESK_VISIBILITY_PUBLIC);
  add_article (fixture, "Оплата карткою",
               "Сплатити рахунок можна карткою у особистому кабінеті або через термінал.",
               DESK_VISIBILITY_PUBLIC);
  add_article (fixture, "Внутренний регламент: эскалация",
               "Если роутер клиента не отвечает после перезагрузки, передайте заявку инженеру.",
               DESK_VISIBILITY_INTERNAL);
}

static void
test_cyrillic_substring (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GPtrArray) upper = NULL;
  g_autoptr (GPtrArray) ukrainian = NULL;

  setup_articles (fixture);
  /* a substring inside a word, any case */
  hits = desk_store_search_articles (fixture->store, "загруз", FALSE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  /* the title hit ranks first */
  g_assert_cmpstr (((DeskArticle *) g_ptr_array_index (hits, 0))->title, ==,
                   "Как перезагрузить роутер");

  upper = desk_store_search_articles (fixture->store, "РОУТЕР", FALSE, 10, &error);
  g_assert_cmpuint (upper->len, ==, 2);
  /* "л" and "Ы" share a byte with "»": words are split by characters */
  {
    g_autoptr (GPtrArray) el = desk_store_search_articles (fixture->store, "оплат", FALSE, 10, &error);
    g_autoptr (GPtrArray) yery = desk_store_search_articles (fixture->store, "«выключите»", FALSE,
                                                              10, &error);
    g_assert_cmpuint (el->len, ==, 1);
    g_assert_cmpuint (yery->len, ==, 1);
  }
  ukrainian = desk_store_search_articles (fixture->store, "рахун", FALSE, 10, &error);
  g_assert_cmpuint (ukrainian->len, ==, 1);
  g_assert_nonnull (strchr (((DeskArticle *) g_ptr_array_index (ukrainian, 0))->snippet, '\x02'));
}

static void
test_public_only (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  setup_articles (fixture);
  hits = desk_store_search_articles (fixture->store, "роутер", TRUE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((DeskArticle *) g_ptr_array_index (hits, 0))->visibility, ==,
                   DESK_VISIBILITY_PUBLIC);
}

static void
test_query_syntax_is_inert (StoreFixture *fixture, gconstpointer data)
{
  static const char *hostile[] = {
    "\"", "роутер OR *", "NEAR(a b)", "title:роутер", "\"\"\"", "^роутер", "a AND", "ро",
    "(((", "роутер\" OR \"оплата",
  };

  setup_articles (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) hits = desk_store_search_articles (fixture->store, hostile[i], FALSE,
                                                               10, &error);

      g_test_message ("query %s", hostile[i]);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
}

static void
test_edit_reindexes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (DeskArticle) got = NULL;
  sqlite3 *db = NULL;
  gint64 id = add_article (fixture, "Тарифи", "Тариф «Домашній» коштує 200 гривень.",
                           DESK_VISIBILITY_PUBLIC);

  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE kb_articles SET body = 'Тариф «Швидкий» коштує 300.'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store_fixture_reopen (fixture);

  hits = desk_store_search_articles (fixture->store, "Домашн", FALSE, 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = desk_store_search_articles (fixture->store, "Швидк", FALSE, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  got = desk_store_get_article (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->title, ==, "Тарифи");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/kb/cyrillic-substring", test_cyrillic_substring);
  STORE_TEST ("/desk/store/kb/public-only", test_public_only);
  STORE_TEST ("/desk/store/kb/query-syntax-is-inert", test_query_syntax_is_inert);
  STORE_TEST ("/desk/store/kb/edit-reindexes", test_edit_reindexes);
  return g_test_run ();
}
