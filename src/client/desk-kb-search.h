/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"

G_BEGIN_DECLS

/* A knowledge-base article. Properties: "id", "title", "category",
 * "snippet" (search results: a line around the match, the matched words
 * between U+0002 and U+0003), "body" (an opened article), "internal"
 * (for the staff only: not to be pasted to a customer as is). */
#define DESK_TYPE_KB_ARTICLE (desk_kb_article_get_type ())
G_DECLARE_FINAL_TYPE (DeskKbArticle, desk_kb_article, DESK, KB_ARTICLE, GObject)

gint64      desk_kb_article_get_id       (DeskKbArticle *self);
const char *desk_kb_article_get_title    (DeskKbArticle *self);
const char *desk_kb_article_get_category (DeskKbArticle *self);
const char *desk_kb_article_get_snippet  (DeskKbArticle *self);
const char *desk_kb_article_get_body     (DeskKbArticle *self);
gboolean    desk_kb_article_get_internal (DeskKbArticle *self);
/* The snippet as Pango markup, matches in bold. */
char       *desk_kb_article_dup_snippet_markup (DeskKbArticle *self);

/* Search as you type. Properties: "query" (read-write; a change searches
 * after a short pause and cancels the search before), "results"
 * (GListModel of DeskKbArticle), "searching", "article" (the opened
 * article with its body, or NULL), "error". */
#define DESK_TYPE_KB_SEARCH (desk_kb_search_get_type ())
G_DECLARE_FINAL_TYPE (DeskKbSearch, desk_kb_search, DESK, KB_SEARCH, GObject)

/* The search needs this many letters (the index's trigrams). */
#define DESK_KB_SEARCH_MIN_CHARS 3

DeskKbSearch  *desk_kb_search_new          (DeskApiClient *client);
void           desk_kb_search_set_query    (DeskKbSearch  *self,
                                            const char    *query);
const char    *desk_kb_search_get_query    (DeskKbSearch  *self);
GListModel    *desk_kb_search_get_results  (DeskKbSearch  *self);
gboolean       desk_kb_search_get_searching (DeskKbSearch *self);
DeskKbArticle *desk_kb_search_get_article  (DeskKbSearch  *self);
const char    *desk_kb_search_get_error    (DeskKbSearch  *self);
/* Loads the article's body into "article". */
void           desk_kb_search_open         (DeskKbSearch  *self,
                                            gint64         article_id);
/* Back to the results: "article" becomes NULL. */
void           desk_kb_search_close        (DeskKbSearch  *self);

G_END_DECLS
