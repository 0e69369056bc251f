/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The rows of the case panels: immutable GObjects made from the server's
 * JSON, read through their getters. */

/* A case in a list. The status is the server's nick ("new",
 * "in_progress", "waiting", "resolved", "closed"), so is the priority;
 * due-at is unix seconds, 0 for none. */
#define DESK_TYPE_CASE_SUMMARY (desk_case_summary_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseSummary, desk_case_summary, DESK, CASE_SUMMARY, GObject)

DeskCaseSummary *desk_case_summary_new_from_json (JsonObject      *object);
gint64      desk_case_summary_get_id       (DeskCaseSummary *self);
gint64      desk_case_summary_get_number   (DeskCaseSummary *self);
const char *desk_case_summary_get_subject  (DeskCaseSummary *self);
const char *desk_case_summary_get_status   (DeskCaseSummary *self);
const char *desk_case_summary_get_priority (DeskCaseSummary *self);
gint64      desk_case_summary_get_due_at   (DeskCaseSummary *self);
gboolean    desk_case_summary_get_overdue  (DeskCaseSummary *self);
/* "№ 1042 · In progress · due Tue 14:30" */
char       *desk_case_summary_dup_detail   (DeskCaseSummary *self);

/* The words for the server's nicks (translated). */
const char *desk_case_status_label         (const char      *status);
const char *desk_case_priority_label       (const char      *priority);
/* "due Tue 14:30" / "overdue since …" / "" */
char       *desk_case_due_text             (gint64           due_at,
                                            gint64           now);

/* A case category with its SLA (0 minutes: none). */
#define DESK_TYPE_CASE_CATEGORY (desk_case_category_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseCategory, desk_case_category, DESK, CASE_CATEGORY, GObject)

gint64      desk_case_category_get_id          (DeskCaseCategory *self);
const char *desk_case_category_get_name        (DeskCaseCategory *self);
int         desk_case_category_get_sla_minutes (DeskCaseCategory *self);
/* When a case opened at @now is due: "Due by Tue 14:30", or "No deadline". */
char       *desk_case_category_dup_due_text    (DeskCaseCategory *self,
                                                gint64            now);

/* A scenario button: one click, one typed case. */
#define DESK_TYPE_CASE_SCENARIO (desk_case_scenario_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseScenario, desk_case_scenario, DESK, CASE_SCENARIO, GObject)

gint64      desk_case_scenario_get_id          (DeskCaseScenario *self);
const char *desk_case_scenario_get_name        (DeskCaseScenario *self);

/* One entry of a case's timeline (GET /cases/{id}): "kind" is the
 * server's nick ("created", "call", "chat", "note", "status", …). */
#define DESK_TYPE_CASE_ENTRY (desk_case_entry_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseEntry, desk_case_entry, DESK, CASE_ENTRY, GObject)

gint64      desk_case_entry_get_at             (DeskCaseEntry    *self);
const char *desk_case_entry_get_kind           (DeskCaseEntry    *self);
/* What happened, in words: "Opened from chat 12", "Status: New → In
 * progress", a comment's text. */
char       *desk_case_entry_dup_text           (DeskCaseEntry    *self);
/* "12 Mar 14:30" */
char       *desk_case_entry_dup_time_text      (DeskCaseEntry    *self);

/* Fills @store with rows of @type made from each object of @array (NULL:
 * none). */
void        desk_case_rows_fill                (GListStore       *store,
                                                GType             type,
                                                JsonArray        *array);

G_END_DECLS
