/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "desk-agent-session.h"
#include "desk-case-draft.h"

G_BEGIN_DECLS

#define DESK_TYPE_CASE_PANEL (desk_case_panel_get_type ())
G_DECLARE_FINAL_TYPE (DeskCasePanel, desk_case_panel, DESK, CASE_PANEL, GtkWidget)

/* The cases of the current call or chat: a new case (category with its
 * due time, subject, priority), scenario buttons, link to a case by its
 * number, "not a case" (calls), and what was opened. Actions:
 * "case.open", "case.link", "case.not-a-case". Signal "case-activated"
 * (gint64 case_id): the operator wants to see a case. */
GtkWidget     *desk_case_panel_new          (DeskAgentSession *session,
                                             DeskInboxItem    *item);
GtkWidget     *desk_case_panel_new_for_draft (DeskCaseDraft   *draft);
DeskCaseDraft *desk_case_panel_get_draft    (DeskCasePanel    *self);
/* Fills the form, as the operator would type it. */
void           desk_case_panel_set_subject  (DeskCasePanel    *self,
                                             const char       *subject);
void           desk_case_panel_set_link_number (DeskCasePanel *self,
                                             const char       *number);

G_END_DECLS
