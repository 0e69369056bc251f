/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "desk-api-client.h"
#include "desk-case-timeline.h"

G_BEGIN_DECLS

#define DESK_TYPE_CASE_LIST (desk_case_list_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseList, desk_case_list, DESK, CASE_LIST, GtkWidget)

/* "My cases" and "Overdue", side by side in a stack. Action
 * "cases.reload" (F5); signal "case-activated" (gint64 case_id). */
GtkWidget     *desk_case_list_new          (DeskApiClient *client);
DeskCaseQuery *desk_case_list_get_query    (DeskCaseList  *self,
                                            const char    *view);

/* A GtkListBoxCreateWidgetFunc for DeskCaseSummary items: the row's
 * "case-id" data is the case's id (see desk_case_list_row_get_case_id()). */
GtkWidget     *desk_case_list_create_row   (gpointer       item,
                                            gpointer       data);
gint64         desk_case_list_row_get_case_id (GtkListBoxRow *row);

G_END_DECLS
