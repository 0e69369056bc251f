/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"
#include "desk-case-rows.h"

G_BEGIN_DECLS

/* One case and its history, for the case view. Properties: "case-id",
 * "summary" (DeskCaseSummary, NULL until loaded), "entries" (GListModel
 * of DeskCaseEntry, oldest first: usually the call or chat that opened
 * it), "error". */
#define DESK_TYPE_CASE_TIMELINE (desk_case_timeline_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseTimeline, desk_case_timeline, DESK, CASE_TIMELINE, GObject)

DeskCaseTimeline *desk_case_timeline_new         (DeskApiClient       *client,
                                                  gint64               case_id);
gint64            desk_case_timeline_get_case_id (DeskCaseTimeline    *self);
DeskCaseSummary  *desk_case_timeline_get_summary (DeskCaseTimeline    *self);
GListModel       *desk_case_timeline_get_entries (DeskCaseTimeline    *self);
const char       *desk_case_timeline_get_error   (DeskCaseTimeline    *self);
/* Asks the server again. */
void              desk_case_timeline_reload      (DeskCaseTimeline    *self);

/* @status: a nick ("in_progress", "resolved"…); @resolution: a nick for
 * "resolved" and "closed" (NULL: the server's default); @note: NULL or a
 * word for the timeline. The timeline reloads after it. */
void              desk_case_timeline_set_status_async (DeskCaseTimeline *self,
                                                  const char          *status,
                                                  const char          *resolution,
                                                  const char          *note,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* A comment of the staff's (@is_public: the customer sees it on the portal). */
void              desk_case_timeline_comment_async (DeskCaseTimeline  *self,
                                                  const char          *text,
                                                  gboolean             is_public,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          desk_case_timeline_action_finish (DeskCaseTimeline  *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* A list of cases: GET /cases?view=… ("mine", "overdue", "open").
 * Properties: "cases" (GListModel of DeskCaseSummary), "loading", "error". */
#define DESK_TYPE_CASE_QUERY (desk_case_query_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseQuery, desk_case_query, DESK, CASE_QUERY, GObject)

DeskCaseQuery *desk_case_query_new         (DeskApiClient *client,
                                            const char    *view);
void           desk_case_query_reload      (DeskCaseQuery *self);
GListModel    *desk_case_query_get_cases   (DeskCaseQuery *self);
gboolean       desk_case_query_get_loading (DeskCaseQuery *self);
const char    *desk_case_query_get_error   (DeskCaseQuery *self);

G_END_DECLS
