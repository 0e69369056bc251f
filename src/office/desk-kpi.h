/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-call-flow.h"
#include "desk-store.h"

G_BEGIN_DECLS

/**
 * DESK_KPI_SHORT_ABANDON_SECONDS:
 *
 * A caller who hangs up sooner than this in the queue most likely
 * misdialled or changed their mind at once: a short abandon, counted apart
 * and left out of the service level and the abandon rate.
 */
#define DESK_KPI_SHORT_ABANDON_SECONDS 5

/**
 * DeskKpiQueue:
 * @queue_id: the queue; 0 for all queues together
 * @name: (nullable): its name; %NULL for all queues
 * @service_level_seconds: its service level target; 0 for all queues
 * @calls_waiting: callers in line now
 * @chats_waiting: chats in line now
 * @callbacks: callback requests in line now
 * @longest_wait_ms: the longest wait in line now
 * @offered: contacts that reached the queue today
 * @answered: of them, answered by an operator
 * @answered_in_sl: answered within the service level target
 * @abandoned: left unanswered after the short-abandon threshold
 * @short_abandoned: left unanswered sooner
 * @service_level: @answered_in_sl / (@answered + @abandoned), 0–1; -1
 *   while there is nothing to divide by
 * @abandon_rate: @abandoned / (@answered + @abandoned), 0–1; -1 likewise
 * @aht_ms: average handle time of the finished answered calls (talk +
 *   hold + wrap-up); -1 without one
 * @chat_aht_ms: average time from answer to end of the finished answered
 *   chats; -1 without one
 * @asa_ms: average speed of answer: the answered contacts' (calls and
 *   chats) average wait in line; -1 without one
 *
 * One queue's figures for today.
 */
typedef struct {
  gint64 queue_id;
  char *name;
  int service_level_seconds;
  guint calls_waiting;
  guint chats_waiting;
  guint callbacks;
  gint64 longest_wait_ms;
  int offered;
  int answered;
  int answered_in_sl;
  int abandoned;
  int short_abandoned;
  double service_level;
  double abandon_rate;
  gint64 aht_ms;
  gint64 chat_aht_ms;
  gint64 asa_ms;
} DeskKpiQueue;

/**
 * DeskKpiHour:
 * @start: the hour's start, Unix seconds
 * @hour: its local hour of the day, 0–23
 * @calls: inbound calls that arrived in it (queued or not)
 * @chats: chats that started in it
 * @answered: contacts of the hour's queues answered
 * @abandoned: abandoned after the short-abandon threshold
 * @service_level: like #DeskKpiQueue's, over the hour's contacts; -1
 *   without any
 *
 * One hour of today, for the charts.
 */
typedef struct {
  gint64 start;
  int hour;
  int calls;
  int chats;
  int answered;
  int abandoned;
  double service_level;
} DeskKpiHour;

/**
 * DeskKpiOperator:
 * @user_id: the operator
 * @name: their display name
 * @login: their login
 * @state: their state now
 * @since: since when, Unix seconds (0 when never seen)
 * @contacts_now: contacts in hand now
 * @phones: phones registered now
 * @handled: calls and chats of today they answered
 * @aht_ms: average handle time of their finished calls today; -1 without one
 * @overdue_cases: open cases they own that are past their due time
 *
 * One operator's day so far.
 */
typedef struct {
  gint64 user_id;
  char *name;
  char *login;
  DeskAgentState state;
  gint64 since;
  int contacts_now;
  guint phones;
  int handled;
  gint64 aht_ms;
  int overdue_cases;
} DeskKpiOperator;

/**
 * DeskKpi:
 * @now: when the figures were made, Unix seconds
 * @day_start: local midnight of @now's day
 * @short_abandon_seconds: the threshold used
 * @total: all queues together
 * @queues: (element-type DeskKpiQueue): each queue, by id
 * @hours: (element-type DeskKpiHour): each hour from @day_start to @now
 * @operators: (element-type DeskKpiOperator): by name
 *
 * The office's figures for today.
 */
typedef struct {
  gint64 now;
  gint64 day_start;
  int short_abandon_seconds;
  DeskKpiQueue total;
  GPtrArray *queues;
  GArray *hours;
  GPtrArray *operators;
} DeskKpi;

gint64   desk_kpi_day_start (gint64                   now);
DeskKpi *desk_kpi_compute   (DeskStore               *store,
                             const DeskFlowSnapshot  *snapshot,
                             gint64                   now,
                             GError                 **error);
void     desk_kpi_free      (DeskKpi                 *kpi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskKpi, desk_kpi_free)

G_END_DECLS
