/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "panel-test-common.h"

#include "desk-kb-search.h"

#include <string.h>

/* The knowledge base beside a conversation, against the demo office's
 * articles: search as you type (a Cyrillic and a Latin substring), the
 * newest query wins, an article opens with its body. */

typedef struct
{
  DeskTestServer *server;
  DeskAgentSession *op1;
  DeskKbSearch *search;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = desk_test_server_start (FALSE);
  f->op1 = panel_test_connect (f->server, "op1");
  f->search = desk_kb_search_new (desk_agent_session_get_client (f->op1));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->search);
  g_clear_object (&f->op1);
  desk_test_server_stop (f->server);
}

static gboolean
settled (gpointer data)
{
  return !desk_kb_search_get_searching (data);
}

static gboolean
opened (gpointer data)
{
  return desk_kb_search_get_article (data) != NULL;
}

static gboolean
any_title_has (GListModel *results,
               const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (DeskKbArticle) article = g_list_model_get_item (results, i);
      g_autofree char *title = g_utf8_casefold (desk_kb_article_get_title (article), -1);

      g_test_message ("  %s", desk_kb_article_get_title (article));
      if (strstr (title, folded))
        return TRUE;
    }
  return FALSE;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GListModel *results = desk_kb_search_get_results (f->search);
  g_autoptr (DeskKbArticle) first = NULL;
  g_autofree char *markup = NULL;
  DeskKbArticle *article;

  /* Typed letter by letter: the last query's results only. */
  desk_kb_search_set_query (f->search, "ро");
  g_assert_false (desk_kb_search_get_searching (f->search));    /* too short */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  desk_kb_search_set_query (f->search, "роу");
  desk_kb_search_set_query (f->search, "роут");
  desk_kb_search_set_query (f->search, "роутер");
  g_assert_true (desk_kb_search_get_searching (f->search));
  g_assert_true (desk_test_wait_until (settled, f->search, 10000));
  g_assert_null (desk_kb_search_get_error (f->search));
  g_assert_cmpstr (desk_kb_search_get_query (f->search), ==, "роутер");
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  g_assert_true (any_title_has (results, "роутер"));

  first = g_list_model_get_item (results, 0);
  markup = desk_kb_article_dup_snippet_markup (first);
  g_test_message ("snippet: %s", markup);
  {
    /* Well-formed, the match in bold. */
    static const GMarkupParser parser = { NULL };
    g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
    g_autofree char *wrapped = g_strconcat ("<m>", markup, "</m>", NULL);

    g_assert_true (g_markup_parse_context_parse (context, wrapped, -1, NULL));
    g_assert_true (g_markup_parse_context_end_parse (context, NULL));
    g_assert_nonnull (strstr (markup, "<b>"));
  }

  /* A Latin substring, mid-word and in another case. */
  desk_kb_search_set_query (f->search, "p-lin");
  g_assert_true (desk_test_wait_until (settled, f->search, 10000));
  g_assert_true (any_title_has (results, "TP-Link"));

  /* Cleared: no stale results. */
  desk_kb_search_set_query (f->search, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  /* An article with its body. */
  desk_kb_search_open (f->search, desk_kb_article_get_id (first));
  g_assert_true (desk_test_wait_until (opened, f->search, 10000));
  article = desk_kb_search_get_article (f->search);
  g_assert_cmpint (desk_kb_article_get_id (article), ==, desk_kb_article_get_id (first));
  g_assert_cmpstr (desk_kb_article_get_title (article), ==, desk_kb_article_get_title (first));
  g_assert_cmpuint (strlen (desk_kb_article_get_body (article)), >, 200);
  desk_kb_search_close (f->search);
  g_assert_null (desk_kb_search_get_article (f->search));
}

static gboolean
has_error (gpointer data)
{
  return desk_kb_search_get_error (data) != NULL;
}

/* An article that does not exist: the server's message, no article. */
static void
test_missing_article (Fixture       *f,
                      gconstpointer  data)
{
  desk_kb_search_open (f->search, 999999);
  g_assert_true (desk_test_wait_until (has_error, f->search, 10000));
  g_test_message ("missing: %s", desk_kb_search_get_error (f->search));
  g_assert_null (desk_kb_search_get_article (f->search));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/desk/client/kb/search", Fixture, NULL, fixture_setup, test_search,
              fixture_teardown);
  g_test_add ("/desk/client/kb/missing", Fixture, NULL, fixture_setup, test_missing_article,
              fixture_teardown);
  return g_test_run ();
}
