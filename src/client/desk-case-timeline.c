/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-timeline"

#include "config.h"

#include "desk-case-timeline.h"

#include "desk-api-call-private.h"
#include "desk-error.h"
#include "desk-i18n.h"

/*
 * A case's life as the server keeps it. Changes go to the server and the
 * timeline is read again: the server writes the history (who, when, what
 * it was before), so nothing here guesses it.
 */

struct _DeskCaseTimeline
{
  GObject parent_instance;
  DeskApiClient *client;
  gint64 case_id;
  DeskCaseSummary *summary;
  GListStore *entries;
  GCancellable *cancellable;
  char *error;
};

enum {
  PROP_0,
  PROP_CASE_ID,
  PROP_SUMMARY,
  PROP_ENTRIES,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskCaseTimeline, desk_case_timeline, G_TYPE_OBJECT)

static void
on_loaded (GObject      *object,
           JsonNode     *reply,
           const GError *error,
           gpointer      data)
{
  DeskCaseTimeline *self = DESK_CASE_TIMELINE (object);
  JsonObject *root, *kase;

  _desk_api_set_error (object, &self->error, props[PROP_ERROR], error);
  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    return;
  root = json_node_get_object (reply);
  kase = json_object_get_object_member (root, "case");
  if (kase)
    {
      g_clear_object (&self->summary);
      self->summary = desk_case_summary_new_from_json (kase);
      g_object_notify_by_pspec (object, props[PROP_SUMMARY]);
    }
  desk_case_rows_fill (self->entries, DESK_TYPE_CASE_ENTRY,
                       json_object_get_array_member (root, "timeline"));
}

static void
desk_case_timeline_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskCaseTimeline *self = DESK_CASE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_CASE_ID:
      g_value_set_int64 (value, self->case_id);
      break;
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    case PROP_ENTRIES:
      g_value_set_object (value, self->entries);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_case_timeline_dispose (GObject *object)
{
  DeskCaseTimeline *self = DESK_CASE_TIMELINE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->summary);
  G_OBJECT_CLASS (desk_case_timeline_parent_class)->dispose (object);
}

static void
desk_case_timeline_finalize (GObject *object)
{
  DeskCaseTimeline *self = DESK_CASE_TIMELINE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->entries);
  g_free (self->error);
  G_OBJECT_CLASS (desk_case_timeline_parent_class)->finalize (object);
}

static void
desk_case_timeline_class_init (DeskCaseTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_case_timeline_get_property;
  object_class->dispose = desk_case_timeline_dispose;
  object_class->finalize = desk_case_timeline_finalize;
  props[PROP_CASE_ID] = g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_SUMMARY] = g_param_spec_object ("summary", NULL, NULL, DESK_TYPE_CASE_SUMMARY,
                                             flags);
  props[PROP_ENTRIES] = g_param_spec_object ("entries", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_case_timeline_init (DeskCaseTimeline *self)
{
  self->entries = g_list_store_new (DESK_TYPE_CASE_ENTRY);
  self->cancellable = g_cancellable_new ();
}

/**
 * desk_case_timeline_new:
 * @client: a logged-in API client
 * @case_id: the case's id (not its number)
 *
 * Returns: (transfer full): the timeline; it loads now
 */
DeskCaseTimeline *
desk_case_timeline_new (DeskApiClient *client,
                        gint64         case_id)
{
  DeskCaseTimeline *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (case_id > 0, NULL);

  self = g_object_new (DESK_TYPE_CASE_TIMELINE, NULL);
  self->client = g_object_ref (client);
  self->case_id = case_id;
  desk_case_timeline_reload (self);
  return self;
}

gint64
desk_case_timeline_get_case_id (DeskCaseTimeline *self)
{
  g_return_val_if_fail (DESK_IS_CASE_TIMELINE (self), 0);
  return self->case_id;
}

DeskCaseSummary *
desk_case_timeline_get_summary (DeskCaseTimeline *self)
{
  g_return_val_if_fail (DESK_IS_CASE_TIMELINE (self), NULL);
  return self->summary;
}

GListModel *
desk_case_timeline_get_entries (DeskCaseTimeline *self)
{
  g_return_val_if_fail (DESK_IS_CASE_TIMELINE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

const char *
desk_case_timeline_get_error (DeskCaseTimeline *self)
{
  g_return_val_if_fail (DESK_IS_CASE_TIMELINE (self), NULL);
  return self->error;
}

void
desk_case_timeline_reload (DeskCaseTimeline *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CASE_TIMELINE (self));

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, self->case_id);
  _desk_api_call (self->client, "GET", path, NULL, self->cancellable, self, on_loaded, NULL);
}

static void
on_changed (GObject      *object,
            JsonNode     *reply,
            const GError *error,
            gpointer      data)
{
  DeskCaseTimeline *self = DESK_CASE_TIMELINE (object);
  _desk_api_set_error (object, &self->error, props[PROP_ERROR], error);
  if (error == NULL)
    desk_case_timeline_reload (self);
  _desk_api_task_done (data, error);
}

void
desk_case_timeline_set_status_async (DeskCaseTimeline    *self,
                                     const char          *status,
                                     const char          *resolution,
                                     const char          *note,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CASE_TIMELINE (self));
  g_return_if_fail (status != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (resolution)
    {
      json_builder_set_member_name (builder, "resolution");
      json_builder_add_string_value (builder, resolution);
    }
  if (note && *note)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, self->case_id);
  _desk_api_call (self->client, "PATCH", path, body, cancellable, self, on_changed,
                  g_task_new (self, cancellable, callback, user_data));
}

void
desk_case_timeline_comment_async (DeskCaseTimeline    *self,
                                  const char          *text,
                                  gboolean             is_public,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CASE_TIMELINE (self));

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed == '\0')
    {
      g_task_report_new_error (self, callback, user_data, desk_case_timeline_comment_async,
                               DESK_ERROR, DESK_ERROR_INVALID, _("The comment is empty"));
      return;
    }
  body = _desk_api_body ("body", G_TYPE_STRING, trimmed, "public", G_TYPE_BOOLEAN, is_public,
                         NULL);
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/comments", self->case_id);
  _desk_api_call (self->client, "POST", path, body, cancellable, self, on_changed,
                  g_task_new (self, cancellable, callback, user_data));
}

gboolean
desk_case_timeline_action_finish (DeskCaseTimeline  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* DeskCaseQuery */

struct _DeskCaseQuery
{
  GObject parent_instance;
  DeskApiClient *client;
  char *view;
  GListStore *cases;
  GCancellable *cancellable;
  gboolean loading;
  char *error;
};

enum {
  QUERY_PROP_0,
  QUERY_PROP_CASES,
  QUERY_PROP_LOADING,
  QUERY_PROP_ERROR,
  N_QUERY_PROPS
};

static GParamSpec *query_props[N_QUERY_PROPS];

G_DEFINE_FINAL_TYPE (DeskCaseQuery, desk_case_query, G_TYPE_OBJECT)

static void
set_loading (DeskCaseQuery *self,
             gboolean       loading)
{
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), query_props[QUERY_PROP_LOADING]);
}

static void
on_cases (GObject      *object,
          JsonNode     *reply,
          const GError *error,
          gpointer      data)
{
  DeskCaseQuery *self = DESK_CASE_QUERY (object);

  if (_desk_api_cancelled (error))
    return;
  _desk_api_set_error (object, &self->error, query_props[QUERY_PROP_ERROR], error);
  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    desk_case_rows_fill (self->cases, DESK_TYPE_CASE_SUMMARY,
                         json_object_get_array_member (json_node_get_object (reply), "cases"));
  set_loading (self, FALSE);
}

static void
desk_case_query_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskCaseQuery *self = DESK_CASE_QUERY (object);

  switch (prop_id)
    {
    case QUERY_PROP_CASES:
      g_value_set_object (value, self->cases);
      break;
    case QUERY_PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case QUERY_PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_case_query_dispose (GObject *object)
{
  DeskCaseQuery *self = DESK_CASE_QUERY (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (desk_case_query_parent_class)->dispose (object);
}

static void
desk_case_query_finalize (GObject *object)
{
  DeskCaseQuery *self = DESK_CASE_QUERY (object);

  g_clear_object (&self->cases);
  g_free (self->view);
  g_free (self->error);
  G_OBJECT_CLASS (desk_case_query_parent_class)->finalize (object);
}

static void
desk_case_query_class_init (DeskCaseQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_case_query_get_property;
  object_class->dispose = desk_case_query_dispose;
  object_class->finalize = desk_case_query_finalize;
  query_props[QUERY_PROP_CASES] = g_param_spec_object ("cases", NULL, NULL, G_TYPE_LIST_MODEL,
                                                       flags);
  query_props[QUERY_PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  query_props[QUERY_PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_QUERY_PROPS, query_props);
}

static void
desk_case_query_init (DeskCaseQuery *self)
{
  self->cases = g_list_store_new (DESK_TYPE_CASE_SUMMARY);
}

/**
 * desk_case_query_new:
 * @client: a logged-in API client
 * @view: "mine", "overdue" or "open"
 *
 * Returns: (transfer full): the list; it loads now
 */
DeskCaseQuery *
desk_case_query_new (DeskApiClient *client,
                     const char    *view)
{
  DeskCaseQuery *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  self = g_object_new (DESK_TYPE_CASE_QUERY, NULL);
  self->client = g_object_ref (client);
  self->view = g_strdup (view);
  desk_case_query_reload (self);
  return self;
}

void
desk_case_query_reload (DeskCaseQuery *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CASE_QUERY (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  path = _desk_api_query_path ("/cases", "view", self->view);
  _desk_api_call (self->client, "GET", path, NULL, self->cancellable, self, on_cases, NULL);
}

GListModel *
desk_case_query_get_cases (DeskCaseQuery *self)
{
  g_return_val_if_fail (DESK_IS_CASE_QUERY (self), NULL);
  return G_LIST_MODEL (self->cases);
}

gboolean
desk_case_query_get_loading (DeskCaseQuery *self)
{
  g_return_val_if_fail (DESK_IS_CASE_QUERY (self), FALSE);
  return self->loading;
}

const char *
desk_case_query_get_error (DeskCaseQuery *self)
{
  g_return_val_if_fail (DESK_IS_CASE_QUERY (self), NULL);
  return self->error;
}
