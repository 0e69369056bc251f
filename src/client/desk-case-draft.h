/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"
#include "desk-case-rows.h"
#include "desk-inbox-item.h"

G_BEGIN_DECLS

/* What the operator does about a call or chat's cases: open one or
 * several, join one that exists (by its number), press a scenario button,
 * or mark the call "not a case". Properties: "categories" (GListModel of
 * DeskCaseCategory), "scenarios" (GListModel of DeskCaseScenario),
 * "opened" (GListModel of DeskCaseSummary: what this contact opened or
 * joined here), "busy" (a request is running), "can-mark-not-a-case"
 * (calls only), "error" (the last failure, NULL after a success). */
#define DESK_TYPE_CASE_DRAFT (desk_case_draft_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseDraft, desk_case_draft, DESK, CASE_DRAFT, GObject)

/* @kind: DESK_INBOX_CALL or DESK_INBOX_CHAT; @contact_id: the call's or
 * chat's id. Categories and scenarios load now. */
DeskCaseDraft *desk_case_draft_new          (DeskApiClient       *client,
                                             DeskInboxKind        kind,
                                             gint64               contact_id);
GListModel    *desk_case_draft_get_categories (DeskCaseDraft     *self);
GListModel    *desk_case_draft_get_scenarios  (DeskCaseDraft     *self);
GListModel    *desk_case_draft_get_opened     (DeskCaseDraft     *self);
gboolean       desk_case_draft_get_busy       (DeskCaseDraft     *self);
gboolean       desk_case_draft_get_can_mark_not_a_case (DeskCaseDraft *self);
const char    *desk_case_draft_get_error      (DeskCaseDraft     *self);

/* @category_id 0: none; @priority: a nick ("low", "normal", "high",
 * "urgent") or NULL for normal. An empty subject is refused here. */
void           desk_case_draft_open_async     (DeskCaseDraft       *self,
                                               const char          *subject,
                                               gint64               category_id,
                                               const char          *priority,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void           desk_case_draft_run_scenario_async (DeskCaseDraft   *self,
                                               gint64               scenario_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Finds the case numbered @case_number and links the contact to it. */
void           desk_case_draft_link_async     (DeskCaseDraft       *self,
                                               gint64               case_number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The _finish of open, run_scenario and link: the case, also appended
 * to "opened". */
DeskCaseSummary *desk_case_draft_case_finish  (DeskCaseDraft       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

void           desk_case_draft_not_a_case_async (DeskCaseDraft     *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       desk_case_draft_not_a_case_finish (DeskCaseDraft    *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
