/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "desk-api-client.h"
#include "desk-case-timeline.h"

G_BEGIN_DECLS

#define DESK_TYPE_CASE_VIEW (desk_case_view_get_type ())
G_DECLARE_FINAL_TYPE (DeskCaseView, desk_case_view, DESK, CASE_VIEW, GtkWidget)

/* One case: subject, status and due time, its timeline (first entry: the
 * call or chat that opened it), status changes and comments. Actions:
 * "case.set-status" (s: a status nick), "case.comment". */
GtkWidget        *desk_case_view_new          (DeskApiClient *client,
                                               gint64         case_id);
DeskCaseTimeline *desk_case_view_get_timeline (DeskCaseView  *self);

G_END_DECLS
