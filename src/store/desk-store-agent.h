/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records of what the agent window reads beside a contact (see
 * desk-sqlite-store-agent.c): canned answers, the portal requests that wait
 * for an operator, and the lists of cases it shows. */

/**
 * DeskCaseView:
 * @DESK_CASE_VIEW_MINE: the user's own cases that are not closed
 * @DESK_CASE_VIEW_OVERDUE: cases past their due time, neither resolved nor
 *   closed
 * @DESK_CASE_VIEW_OPEN: every case that is not closed, newest first
 */
typedef enum {
  DESK_CASE_VIEW_MINE,
  DESK_CASE_VIEW_OVERDUE,
  DESK_CASE_VIEW_OPEN,
} DeskCaseView;

/**
 * DeskCannedAnswerInfo:
 * @id: its row
 * @title: what the operator picks it by
 * @body: the text sent or read out
 * @created_at: Unix seconds
 *
 * A ready answer an operator pastes into a chat or reads out.
 */
typedef struct {
  gint64 id;
  char *title;
  char *body;
  gint64 created_at;
} DeskCannedAnswerInfo;

void desk_canned_answer_info_free (DeskCannedAnswerInfo *answer);

/**
 * DeskPortalWaiting:
 * @case_id: the case the portal request is
 * @number: its number, as the customer knows it
 * @subject: its subject
 * @client_id: its client, 0 while nobody linked one
 * @owner_id: its owner, 0 for none
 * @since: when the customer last wrote (the request, or a message)
 * @event_id: the timeline entry of that writing
 *
 * A portal request whose customer wrote last: no operator has answered
 * them publicly since.
 */
typedef struct {
  gint64 case_id;
  gint64 number;
  char *subject;
  gint64 client_id;
  gint64 owner_id;
  gint64 since;
  gint64 event_id;
} DeskPortalWaiting;

void desk_portal_waiting_free (DeskPortalWaiting *waiting);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCannedAnswerInfo, desk_canned_answer_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskPortalWaiting, desk_portal_waiting_free)

G_END_DECLS
