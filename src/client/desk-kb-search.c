/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-kb-search"

#include "config.h"

#include "desk-kb-search.h"

#include "desk-api-call-private.h"

#include <string.h>

/*
 * The knowledge base beside a conversation. Each keystroke would be a
 * request; a short pause first, and a new query cancels the request of
 * the one before, so results never arrive out of order.
 */

#define DEBOUNCE_MS 150

/* DeskKbArticle */

struct _DeskKbArticle
{
  GObject parent_instance;
  gint64 id;
  char *title;
  char *category;
  char *snippet;
  char *body;
  gboolean internal;
};

enum {
  ARTICLE_PROP_0,
  ARTICLE_PROP_ID,
  ARTICLE_PROP_TITLE,
  ARTICLE_PROP_CATEGORY,
  ARTICLE_PROP_SNIPPET,
  ARTICLE_PROP_BODY,
  ARTICLE_PROP_INTERNAL,
  N_ARTICLE_PROPS
};

static GParamSpec *article_props[N_ARTICLE_PROPS];

G_DEFINE_FINAL_TYPE (DeskKbArticle, desk_kb_article, G_TYPE_OBJECT)

static void
desk_kb_article_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskKbArticle *self = DESK_KB_ARTICLE (object);

  switch (prop_id)
    {
    case ARTICLE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ARTICLE_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case ARTICLE_PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case ARTICLE_PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    case ARTICLE_PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case ARTICLE_PROP_INTERNAL:
      g_value_set_boolean (value, self->internal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_kb_article_finalize (GObject *object)
{
  DeskKbArticle *self = DESK_KB_ARTICLE (object);

  g_free (self->title);
  g_free (self->category);
  g_free (self->snippet);
  g_free (self->body);
  G_OBJECT_CLASS (desk_kb_article_parent_class)->finalize (object);
}

static void
desk_kb_article_class_init (DeskKbArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_kb_article_get_property;
  object_class->finalize = desk_kb_article_finalize;
  article_props[ARTICLE_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  article_props[ARTICLE_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  article_props[ARTICLE_PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  article_props[ARTICLE_PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, flags);
  article_props[ARTICLE_PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  article_props[ARTICLE_PROP_INTERNAL] = g_param_spec_boolean ("internal", NULL, NULL, FALSE,
                                                               flags);
  g_object_class_install_properties (object_class, N_ARTICLE_PROPS, article_props);
}

static void
desk_kb_article_init (DeskKbArticle *self)
{
}

static DeskKbArticle *
article_from_json (JsonObject *object)
{
  DeskKbArticle *self = g_object_new (DESK_TYPE_KB_ARTICLE, NULL);

  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  self->category = g_strdup (json_object_get_string_member_with_default (object, "category",
                                                                         NULL));
  self->snippet = g_strdup (json_object_get_string_member_with_default (object, "snippet", NULL));
  self->body = g_strdup (json_object_get_string_member_with_default (object, "body", NULL));
  self->internal = g_strcmp0 (json_object_get_string_member_with_default (object, "visibility",
                                                                          NULL), "internal") == 0;
  return self;
}

gint64
desk_kb_article_get_id (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), 0);
  return self->id;
}

const char *
desk_kb_article_get_title (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), NULL);
  return self->title;
}

const char *
desk_kb_article_get_category (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), NULL);
  return self->category;
}

const char *
desk_kb_article_get_snippet (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), NULL);
  return self->snippet;
}

const char *
desk_kb_article_get_body (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), NULL);
  return self->body;
}

gboolean
desk_kb_article_get_internal (DeskKbArticle *self)
{
  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), FALSE);
  return self->internal;
}

char *
desk_kb_article_dup_snippet_markup (DeskKbArticle *self)
{
  g_autoptr (GString) markup = g_string_new (NULL);

  g_return_val_if_fail (DESK_IS_KB_ARTICLE (self), NULL);

  /* Escaped piece by piece: the marks are control characters that
   * g_markup_escape_text() would turn into entities. */
  for (const char *p = self->snippet ? self->snippet : ""; *p;)
    {
      const char *end = p + strcspn (p, "\002\003");
      g_autofree char *piece = g_markup_escape_text (p, end - p);

      g_string_append (markup, piece);
      if (*end == '\002')
        g_string_append (markup, "<b>");
      else if (*end == '\003')
        g_string_append (markup, "</b>");
      p = *end ? end + 1 : end;
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/* DeskKbSearch */

struct _DeskKbSearch
{
  GObject parent_instance;
  DeskApiClient *client;
  char *query;
  GListStore *results;
  DeskKbArticle *article;
  GCancellable *search;        /* the running search */
  GCancellable *fetch;         /* the article being opened */
  guint debounce_id;
  gboolean searching;
  char *error;
};

enum {
  PROP_0,
  PROP_QUERY,
  PROP_RESULTS,
  PROP_SEARCHING,
  PROP_ARTICLE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskKbSearch, desk_kb_search, G_TYPE_OBJECT)

static void
set_error (DeskKbSearch *self,
           const GError *error)
{
  _desk_api_set_error (G_OBJECT (self), &self->error, props[PROP_ERROR], error);
}

static void
set_searching (DeskKbSearch *self,
               gboolean      searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SEARCHING]);
}

static void
replace_cancellable (GCancellable **cancellable)
{
  if (*cancellable)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static void
on_results (GObject      *object,
            JsonNode     *reply,
            const GError *error,
            gpointer      data)
{
  DeskKbSearch *self = DESK_KB_SEARCH (object);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *articles = NULL;

  if (_desk_api_cancelled (error))
    return;
  set_searching (self, FALSE);
  set_error (self, error);
  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    articles = json_object_get_array_member (json_node_get_object (reply), "articles");
  for (guint i = 0; articles && i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);

      if (article)
        g_ptr_array_add (found, article_from_json (article));
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       found->pdata, found->len);
}

static gboolean
on_debounced (gpointer data)
{
  DeskKbSearch *self = data;
  g_autofree char *path = _desk_api_query_path ("/kb", "q", self->query);

  self->debounce_id = 0;
  replace_cancellable (&self->search);
  set_searching (self, TRUE);
  _desk_api_call (self->client, "GET", path, NULL, self->search, self, on_results, NULL);
  return G_SOURCE_REMOVE;
}

static void
desk_kb_search_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeskKbSearch *self = DESK_KB_SEARCH (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_RESULTS:
      g_value_set_object (value, self->results);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_kb_search_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_QUERY:
      desk_kb_search_set_query (DESK_KB_SEARCH (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_kb_search_dispose (GObject *object)
{
  DeskKbSearch *self = DESK_KB_SEARCH (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->search)
    g_cancellable_cancel (self->search);
  if (self->fetch)
    g_cancellable_cancel (self->fetch);
  g_clear_object (&self->search);
  g_clear_object (&self->fetch);
  g_clear_object (&self->client);
  g_clear_object (&self->article);
  G_OBJECT_CLASS (desk_kb_search_parent_class)->dispose (object);
}

static void
desk_kb_search_finalize (GObject *object)
{
  DeskKbSearch *self = DESK_KB_SEARCH (object);

  g_clear_object (&self->results);
  g_free (self->query);
  g_free (self->error);
  G_OBJECT_CLASS (desk_kb_search_parent_class)->finalize (object);
}

static void
desk_kb_search_class_init (DeskKbSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_kb_search_get_property;
  object_class->set_property = desk_kb_search_set_property;
  object_class->dispose = desk_kb_search_dispose;
  object_class->finalize = desk_kb_search_finalize;
  props[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, NULL, flags | G_PARAM_WRITABLE);
  props[PROP_RESULTS] = g_param_spec_object ("results", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_SEARCHING] = g_param_spec_boolean ("searching", NULL, NULL, FALSE, flags);
  props[PROP_ARTICLE] = g_param_spec_object ("article", NULL, NULL, DESK_TYPE_KB_ARTICLE, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_kb_search_init (DeskKbSearch *self)
{
  self->results = g_list_store_new (DESK_TYPE_KB_ARTICLE);
}

/**
 * desk_kb_search_new:
 * @client: a logged-in API client
 *
 * Returns: (transfer full): a search with no query and no results
 */
DeskKbSearch *
desk_kb_search_new (DeskApiClient *client)
{
  DeskKbSearch *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_KB_SEARCH, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
desk_kb_search_set_query (DeskKbSearch *self,
                          const char   *query)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (DESK_IS_KB_SEARCH (self));

  trimmed = g_strstrip (g_strdup (query ? query : ""));
  if (g_strcmp0 (trimmed, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_QUERY]);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->search)
    g_cancellable_cancel (self->search);
  if (g_utf8_strlen (self->query, -1) < DESK_KB_SEARCH_MIN_CHARS)
    {
      /* Too short to match anything: no stale results either. */
      g_list_store_remove_all (self->results);
      set_searching (self, FALSE);
      set_error (self, NULL);
      return;
    }
  set_searching (self, TRUE);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, on_debounced, self);
}

const char *
desk_kb_search_get_query (DeskKbSearch *self)
{
  g_return_val_if_fail (DESK_IS_KB_SEARCH (self), NULL);
  return self->query;
}

GListModel *
desk_kb_search_get_results (DeskKbSearch *self)
{
  g_return_val_if_fail (DESK_IS_KB_SEARCH (self), NULL);
  return G_LIST_MODEL (self->results);
}

gboolean
desk_kb_search_get_searching (DeskKbSearch *self)
{
  g_return_val_if_fail (DESK_IS_KB_SEARCH (self), FALSE);
  return self->searching;
}

DeskKbArticle *
desk_kb_search_get_article (DeskKbSearch *self)
{
  g_return_val_if_fail (DESK_IS_KB_SEARCH (self), NULL);
  return self->article;
}

const char *
desk_kb_search_get_error (DeskKbSearch *self)
{
  g_return_val_if_fail (DESK_IS_KB_SEARCH (self), NULL);
  return self->error;
}

static void
set_article (DeskKbSearch  *self,
             DeskKbArticle *article)
{
  if (g_set_object (&self->article, article))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ARTICLE]);
}

static void
on_article (GObject      *object,
            JsonNode     *reply,
            const GError *error,
            gpointer      data)
{
  DeskKbSearch *self = DESK_KB_SEARCH (object);
  g_autoptr (DeskKbArticle) article = NULL;

  if (_desk_api_cancelled (error))
    return;
  set_error (self, error);
  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    article = article_from_json (json_node_get_object (reply));
  set_article (self, article);
}

void
desk_kb_search_open (DeskKbSearch *self,
                     gint64        article_id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_KB_SEARCH (self));
  g_return_if_fail (article_id > 0);

  replace_cancellable (&self->fetch);
  path = g_strdup_printf ("/kb/%" G_GINT64_FORMAT, article_id);
  _desk_api_call (self->client, "GET", path, NULL, self->fetch, self, on_article, NULL);
}

void
desk_kb_search_close (DeskKbSearch *self)
{
  g_return_if_fail (DESK_IS_KB_SEARCH (self));

  if (self->fetch)
    g_cancellable_cancel (self->fetch);
  set_article (self, NULL);
}
