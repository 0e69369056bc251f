/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-draft"

#include "config.h"

#include "desk-case-draft.h"

#include "desk-api-call-private.h"
#include "desk-error.h"
#include "desk-i18n.h"

/*
 * A call is a fact, a case the matter it raised: one contact may open
 * several cases, join one that exists, or be no case at all. The server
 * decides (routes /calls/{id}/… and /chats/{id}/…); this keeps what the
 * form needs and what was opened here.
 */

struct _DeskCaseDraft
{
  GObject parent_instance;
  DeskApiClient *client;
  DeskInboxKind kind;
  gint64 contact_id;
  GListStore *categories;
  GListStore *scenarios;
  GListStore *opened;
  GCancellable *cancellable;
  guint running;
  char *error;
};

enum {
  PROP_0,
  PROP_CATEGORIES,
  PROP_SCENARIOS,
  PROP_OPENED,
  PROP_BUSY,
  PROP_CAN_MARK_NOT_A_CASE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskCaseDraft, desk_case_draft, G_TYPE_OBJECT)

static void
set_error (DeskCaseDraft *self,
           const GError  *error)
{
  _desk_api_set_error (G_OBJECT (self), &self->error, props[PROP_ERROR], error);
}

/* "busy" counts the requests a button started. */
static void
begin (DeskCaseDraft *self)
{
  if (self->running++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

static void
end (DeskCaseDraft *self,
     const GError  *error)
{
  set_error (self, error);
  if (--self->running == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

/* Categories and scenarios are the office's settings: one answer serves
 * every contact page of a minute, kept on the API client, instead of two
 * requests before each page can show its case form. */
#define LIST_KEEP_USEC (60 * G_USEC_PER_SEC)

typedef struct
{
  JsonNode *reply;
  gint64 at;
} KeptList;

static void
kept_list_free (KeptList *kept)
{
  json_node_unref (kept->reply);
  g_free (kept);
}

static const char *
list_path (DeskCaseDraft *self,
           GListStore    *store)
{
  return store == self->categories ? "/case-categories" : "/scenarios";
}

static void
on_list (GObject      *object,
         JsonNode     *reply,
         const GError *error,
         gpointer      data)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);
  GListStore *store = data;

  set_error (self, error);
  if (reply && JSON_NODE_HOLDS_ARRAY (reply))
    {
      KeptList *kept = g_new0 (KeptList, 1);

      kept->reply = json_node_ref (reply);
      kept->at = g_get_monotonic_time ();
      g_object_set_data_full (G_OBJECT (self->client), list_path (self, store), kept,
                              (GDestroyNotify) kept_list_free);
      desk_case_rows_fill (store, g_list_model_get_item_type (G_LIST_MODEL (store)),
                           json_node_get_array (reply));
    }
}

static void
load_list (DeskCaseDraft *self,
           GListStore    *store)
{
  KeptList *kept = g_object_get_data (G_OBJECT (self->client), list_path (self, store));

  if (kept && g_get_monotonic_time () - kept->at < LIST_KEEP_USEC)
    desk_case_rows_fill (store, g_list_model_get_item_type (G_LIST_MODEL (store)),
                         json_node_get_array (kept->reply));
  else
    _desk_api_call (self->client, "GET", list_path (self, store), NULL, self->cancellable, self,
                    on_list, store);
}

static char *
contact_path (DeskCaseDraft *self,
              const char    *action)
{
  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/%s",
                          self->kind == DESK_INBOX_CHAT ? "chats" : "calls", self->contact_id,
                          action);
}

static void
desk_case_draft_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CATEGORIES:
      g_value_set_object (value, self->categories);
      break;
    case PROP_SCENARIOS:
      g_value_set_object (value, self->scenarios);
      break;
    case PROP_OPENED:
      g_value_set_object (value, self->opened);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->running > 0);
      break;
    case PROP_CAN_MARK_NOT_A_CASE:
      g_value_set_boolean (value, desk_case_draft_get_can_mark_not_a_case (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_case_draft_dispose (GObject *object)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (desk_case_draft_parent_class)->dispose (object);
}

static void
desk_case_draft_finalize (GObject *object)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->categories);
  g_clear_object (&self->scenarios);
  g_clear_object (&self->opened);
  g_free (self->error);
  G_OBJECT_CLASS (desk_case_draft_parent_class)->finalize (object);
}

static void
desk_case_draft_class_init (DeskCaseDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_case_draft_get_property;
  object_class->dispose = desk_case_draft_dispose;
  object_class->finalize = desk_case_draft_finalize;
  props[PROP_CATEGORIES] = g_param_spec_object ("categories", NULL, NULL, G_TYPE_LIST_MODEL,
                                                flags);
  props[PROP_SCENARIOS] = g_param_spec_object ("scenarios", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_OPENED] = g_param_spec_object ("opened", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  props[PROP_CAN_MARK_NOT_A_CASE] = g_param_spec_boolean ("can-mark-not-a-case", NULL, NULL,
                                                          FALSE, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_case_draft_init (DeskCaseDraft *self)
{
  self->categories = g_list_store_new (DESK_TYPE_CASE_CATEGORY);
  self->scenarios = g_list_store_new (DESK_TYPE_CASE_SCENARIO);
  self->opened = g_list_store_new (DESK_TYPE_CASE_SUMMARY);
  self->cancellable = g_cancellable_new ();
}

/**
 * desk_case_draft_new:
 * @client: a logged-in API client
 * @kind: %DESK_INBOX_CALL or %DESK_INBOX_CHAT
 * @contact_id: the call's or chat's id
 *
 * Returns: (transfer full): the draft; categories and scenarios load now
 */
DeskCaseDraft *
desk_case_draft_new (DeskApiClient *client,
                     DeskInboxKind  kind,
                     gint64         contact_id)
{
  DeskCaseDraft *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (kind == DESK_INBOX_CALL || kind == DESK_INBOX_CHAT, NULL);
  g_return_val_if_fail (contact_id > 0, NULL);

  self = g_object_new (DESK_TYPE_CASE_DRAFT, NULL);
  self->client = g_object_ref (client);
  self->kind = kind;
  self->contact_id = contact_id;
  load_list (self, self->categories);
  load_list (self, self->scenarios);
  return self;
}

GListModel *
desk_case_draft_get_categories (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), NULL);
  return G_LIST_MODEL (self->categories);
}

GListModel *
desk_case_draft_get_scenarios (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), NULL);
  return G_LIST_MODEL (self->scenarios);
}

GListModel *
desk_case_draft_get_opened (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), NULL);
  return G_LIST_MODEL (self->opened);
}

gboolean
desk_case_draft_get_busy (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), FALSE);
  return self->running > 0;
}

/* The office keeps "not a case" for calls; a chat that raised no matter
 * simply has no case. */
gboolean
desk_case_draft_get_can_mark_not_a_case (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), FALSE);
  return self->kind == DESK_INBOX_CALL;
}

const char *
desk_case_draft_get_error (DeskCaseDraft *self)
{
  g_return_val_if_fail (DESK_IS_CASE_DRAFT (self), NULL);
  return self->error;
}

/* The answer is a case object: it joins "opened" (once). */
static void
on_case (GObject      *object,
         JsonNode     *reply,
         const GError *error,
         gpointer      data)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);
  g_autoptr (GTask) task = data;
  g_autoptr (DeskCaseSummary) summary = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->opened));

  end (self, error);
  if (error)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_INVALID,
                               _("The server's answer is not a case"));
      return;
    }
  summary = desk_case_summary_new_from_json (json_node_get_object (reply));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DeskCaseSummary) row = g_list_model_get_item (G_LIST_MODEL (self->opened), i);

      if (desk_case_summary_get_id (row) == desk_case_summary_get_id (summary))
        {
          g_list_store_remove (self->opened, i);
          break;
        }
    }
  g_list_store_append (self->opened, summary);
  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

/* Starts a request whose answer is a case. */
static void
request_case (DeskCaseDraft       *self,
              const char          *action,
              JsonNode            *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = contact_path (self, action);

  g_task_set_source_tag (task, request_case);
  begin (self);
  _desk_api_call (self->client, "POST", path, body, cancellable, self, on_case, task);
}

void
desk_case_draft_open_async (DeskCaseDraft       *self,
                            const char          *subject,
                            gint64               category_id,
                            const char          *priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CASE_DRAFT (self));

  trimmed = g_strstrip (g_strdup (subject ? subject : ""));
  if (*trimmed == '\0')
    {
      g_task_report_new_error (self, callback, user_data, request_case, DESK_ERROR,
                               DESK_ERROR_INVALID, _("Give the case a subject"));
      return;
    }
  body = _desk_api_body ("subject", G_TYPE_STRING, trimmed,
                         "category_id", G_TYPE_INT64, category_id,
                         "priority", G_TYPE_STRING, priority ? priority : "normal", NULL);
  request_case (self, "cases", body, cancellable, callback, user_data);
}

void
desk_case_draft_run_scenario_async (DeskCaseDraft       *self,
                                    gint64               scenario_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CASE_DRAFT (self));
  g_return_if_fail (scenario_id > 0);

  body = _desk_api_body ("scenario_id", G_TYPE_INT64, scenario_id, NULL);
  request_case (self, "scenario", body, cancellable, callback, user_data);
}

typedef struct
{
  GCancellable *cancellable;
  GAsyncReadyCallback callback;
  gpointer user_data;
} LinkData;

static void
on_found (GObject      *object,
          JsonNode     *reply,
          const GError *error,
          gpointer      data)
{
  DeskCaseDraft *self = DESK_CASE_DRAFT (object);
  g_autofree LinkData *link = data;
  g_autoptr (GCancellable) cancellable = link->cancellable;
  g_autoptr (JsonNode) body = NULL;
  gint64 case_id = 0;

  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    case_id = json_object_get_int_member_with_default (json_node_get_object (reply), "id", 0);
  if (case_id <= 0)
    {
      g_autoptr (GError) failure = error ? g_error_copy (error)
                                   : g_error_new_literal (DESK_ERROR, DESK_ERROR_NOT_FOUND,
                                                          _("There is no such case"));

      end (self, failure);
      g_task_report_error (self, link->callback, link->user_data, request_case,
                           g_steal_pointer (&failure));
      return;
    }
  body = _desk_api_body ("case_id", G_TYPE_INT64, case_id, NULL);
  end (self, NULL);
  request_case (self, "links", body, cancellable, link->callback, link->user_data);
}

void
desk_case_draft_link_async (DeskCaseDraft       *self,
                            gint64               case_number,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  LinkData *link;

  g_return_if_fail (DESK_IS_CASE_DRAFT (self));

  if (case_number <= 0)
    {
      g_task_report_new_error (self, callback, user_data, request_case, DESK_ERROR,
                               DESK_ERROR_INVALID, _("Type the case's number"));
      return;
    }
  link = g_new0 (LinkData, 1);
  link->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  link->callback = callback;
  link->user_data = user_data;
  path = g_strdup_printf ("/cases/by-number/%" G_GINT64_FORMAT, case_number);
  begin (self);
  _desk_api_call (self->client, "GET", path, NULL, cancellable, self, on_found, link);
}

DeskCaseSummary *
desk_case_draft_case_finish (DeskCaseDraft  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_marked (GObject      *object,
           JsonNode     *reply,
           const GError *error,
           gpointer      data)
{
  end (DESK_CASE_DRAFT (object), error);
  _desk_api_task_done (data, error);
}

void
desk_case_draft_not_a_case_async (DeskCaseDraft       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CASE_DRAFT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  if (!desk_case_draft_get_can_mark_not_a_case (self))
    {
      g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_INVALID,
                               _("Only a call can be marked “not a case”"));
      g_object_unref (task);
      return;
    }
  path = contact_path (self, "not-a-case");
  begin (self);
  _desk_api_call (self->client, "POST", path, NULL, cancellable, self, on_marked, task);
}

gboolean
desk_case_draft_not_a_case_finish (DeskCaseDraft  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
