/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-types.h"

G_BEGIN_DECLS

/* What the dashboards' figures are made of (see desk-sqlite-store-kpi.c):
 * sums, so that the office layer divides once over any grouping it wants. */

/**
 * DeskKpiContactGroup:
 * @queue_id: the queue the contacts reached, 0 for none
 * @hour: whole hours from the start of the span to their arrival
 * @chat: %TRUE for chats, %FALSE for inbound calls
 * @offered: how many arrived
 * @answered: how many an operator answered
 * @answered_in_sl: answered ones whose wait was at most the queue's
 *   service_level_seconds
 * @abandoned: left the queue unanswered after waiting at least the
 *   short-abandon threshold
 * @short_abandoned: left the queue unanswered sooner than that
 * @answer_wait_s: the answered ones' waits, summed
 * @handled: answered ones that are over, whose handle time is known
 * @handle_s: their handle times summed: talk + hold + wrap-up for calls,
 *   answer to end for chats
 *
 * One group of contacts: a queue, an hour, a channel.
 */
typedef struct {
  gint64 queue_id;
  int hour;
  gboolean chat;
  int offered;
  int answered;
  int answered_in_sl;
  int abandoned;
  int short_abandoned;
  gint64 answer_wait_s;
  int handled;
  gint64 handle_s;
} DeskKpiContactGroup;

/**
 * DeskKpiOperatorDay:
 * @user_id: the operator
 * @name: their display name
 * @login: their login
 * @state: the state the log holds open for them (offline without one)
 * @state_since: since when, Unix seconds; 0 without one
 * @calls: calls of the span they answered (any direction)
 * @chats: chats of the span they answered
 * @calls_handled: those calls that are over
 * @call_handle_s: their talk + hold + wrap-up, summed
 * @overdue_cases: open cases they own whose due time has passed
 *
 * One operator's day.
 */
typedef struct {
  gint64 user_id;
  char *name;
  char *login;
  DeskAgentState state;
  gint64 state_since;
  int calls;
  int chats;
  int calls_handled;
  gint64 call_handle_s;
  int overdue_cases;
} DeskKpiOperatorDay;

void desk_kpi_operator_day_free (DeskKpiOperatorDay *day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskKpiOperatorDay, desk_kpi_operator_day_free)

G_END_DECLS
