/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-kpi"

#include "config.h"

#include "desk-kpi.h"

/* The office's figures for today, as the dashboards show them: what the
 * store sums over today's records, joined with what the call flow sees
 * now. Plain functions: the same records and snapshot give the same
 * figures, whoever asks and however often.
 *
 * Definitions (the common ones of the trade, e.g. COPC and ISO 18295):
 * - a contact is an inbound call or a chat, and belongs to the day it
 *   arrived in (offer time, chat start);
 * - answered: an operator took it; abandoned: it left the queue unanswered
 *   after waiting at least DESK_KPI_SHORT_ABANDON_SECONDS; sooner is a
 *   short abandon, counted apart. Callbacks, overflows and IVR hang-ups are
 *   neither;
 * - service level = answered within the queue's service_level_seconds
 *   (wait ≤ target) / (answered + abandoned);
 * - abandon rate = abandoned / (answered + abandoned);
 * - average handle time = talk + hold + wrap-up over finished answered
 *   calls (chats apart: they overlap, so their answer-to-end time is shown
 *   on its own);
 * - average speed of answer = the answered contacts' average wait in line. */

typedef struct {
  int offered;
  int answered;
  int answered_in_sl;
  int abandoned;
  int short_abandoned;
  gint64 answer_wait_s;
  int calls_handled;
  gint64 call_handle_s;
  int chats_handled;
  gint64 chat_handle_s;
} Sums;

static void
sums_add (Sums                      *sums,
          const DeskKpiContactGroup *group)
{
  sums->offered += group->offered;
  sums->answered += group->answered;
  sums->answered_in_sl += group->answered_in_sl;
  sums->abandoned += group->abandoned;
  sums->short_abandoned += group->short_abandoned;
  sums->answer_wait_s += group->answer_wait_s;
  if (group->chat)
    {
      sums->chats_handled += group->handled;
      sums->chat_handle_s += group->handle_s;
    }
  else
    {
      sums->calls_handled += group->handled;
      sums->call_handle_s += group->handle_s;
    }
}

static double
share (int part,
       int whole)
{
  return whole > 0 ? (double) part / whole : -1.0;
}

/* Seconds summed over @count, as milliseconds rounded to the nearest. */
static gint64
average_ms (gint64 sum_s,
            int    count)
{
  if (count <= 0)
    return -1;
  return (sum_s * 1000 + count / 2) / count;
}

static void
sums_finish (const Sums   *sums,
             DeskKpiQueue *queue)
{
  int decided = sums->answered + sums->abandoned;

  queue->offered = sums->offered;
  queue->answered = sums->answered;
  queue->answered_in_sl = sums->answered_in_sl;
  queue->abandoned = sums->abandoned;
  queue->short_abandoned = sums->short_abandoned;
  queue->service_level = share (sums->answered_in_sl, decided);
  queue->abandon_rate = share (sums->abandoned, decided);
  queue->aht_ms = average_ms (sums->call_handle_s, sums->calls_handled);
  queue->chat_aht_ms = average_ms (sums->chat_handle_s, sums->chats_handled);
  queue->asa_ms = average_ms (sums->answer_wait_s, sums->answered);
}

static void
queue_add_now (DeskKpiQueue       *queue,
               const DeskQueueNow *now)
{
  queue->calls_waiting += now->calls_waiting;
  queue->chats_waiting += now->chats_waiting;
  queue->callbacks += now->callbacks;
  queue->longest_wait_ms = MAX (queue->longest_wait_ms, now->longest_wait_ms);
}

static void
kpi_queue_free (DeskKpiQueue *queue)
{
  g_free (queue->name);
  g_free (queue);
}

static void
kpi_operator_free (DeskKpiOperator *op)
{
  g_free (op->name);
  g_free (op->login);
  g_free (op);
}

/* Hours are counted from midnight by elapsed time, and each is labelled by
 * the local clock at its start: on a day the clocks change, one label is
 * skipped or repeated, as on the wall. */
static GArray *
make_hours (gint64 day_start,
            gint64 now)
{
  guint n = (guint) ((MAX (now, day_start) - day_start) / 3600) + 1;
  GArray *hours = g_array_sized_new (FALSE, TRUE, sizeof (DeskKpiHour), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (day_start + (gint64) i * 3600);
      DeskKpiHour hour = { .start = day_start + (gint64) i * 3600,
                           .hour = at ? g_date_time_get_hour (at) : (int) i % 24 };

      g_array_append_val (hours, hour);
    }
  return hours;
}

static gboolean
add_contacts (DeskKpi     *kpi,
              DeskStore   *store,
              GError     **error)
{
  g_autoptr (GArray) groups = NULL;
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        g_free);
  g_autofree Sums *hour_sums = NULL;
  Sums total = { 0 };

  infos = desk_store_list_queues (store, error);
  if (infos == NULL)
    return FALSE;
  groups = desk_store_kpi_contacts (store, kpi->day_start, kpi->now + 1,
                                    kpi->short_abandon_seconds, error);
  if (groups == NULL)
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    {
      DeskQueueInfo *info = g_ptr_array_index (infos, i);
      DeskKpiQueue *queue = g_new0 (DeskKpiQueue, 1);

      queue->queue_id = info->id;
      queue->name = g_strdup (info->name);
      queue->service_level_seconds = info->config.service_level_seconds;
      g_ptr_array_add (kpi->queues, queue);
      g_hash_table_insert (by_id, &queue->queue_id, g_new0 (Sums, 1));
    }

  hour_sums = g_new0 (Sums, kpi->hours->len);
  for (guint i = 0; i < groups->len; i++)
    {
      const DeskKpiContactGroup *group = &g_array_index (groups, DeskKpiContactGroup, i);
      DeskKpiHour *hour = NULL;
      Sums *sums;

      if (group->hour >= 0 && (guint) group->hour < kpi->hours->len)
        {
          hour = &g_array_index (kpi->hours, DeskKpiHour, group->hour);
          if (group->chat)
            hour->chats += group->offered;
          else
            hour->calls += group->offered;
        }
      /* A call that reached no queue (settled in the IVR, or put through to
       * an extension) is a contact of the hour, but has no target to meet. */
      if (group->queue_id == 0)
        continue;
      sums_add (&total, group);
      if (hour != NULL)
        sums_add (&hour_sums[group->hour], group);
      sums = g_hash_table_lookup (by_id, &group->queue_id);
      if (sums != NULL)
        sums_add (sums, group);
    }

  for (guint i = 0; i < kpi->queues->len; i++)
    {
      DeskKpiQueue *queue = g_ptr_array_index (kpi->queues, i);

      sums_finish (g_hash_table_lookup (by_id, &queue->queue_id), queue);
    }
  sums_finish (&total, &kpi->total);
  for (guint i = 0; i < kpi->hours->len; i++)
    {
      DeskKpiHour *hour = &g_array_index (kpi->hours, DeskKpiHour, i);
      const Sums *sums = &hour_sums[i];

      hour->answered = sums->answered;
      hour->abandoned = sums->abandoned;
      hour->service_level = share (sums->answered_in_sl, sums->answered + sums->abandoned);
    }
  return TRUE;
}

static void
add_queues_now (DeskKpi                *kpi,
                const DeskFlowSnapshot *snapshot)
{
  for (guint i = 0; snapshot != NULL && i < snapshot->queues->len; i++)
    {
      const DeskQueueNow *now = &g_array_index (snapshot->queues, DeskQueueNow, i);

      queue_add_now (&kpi->total, now);
      for (guint j = 0; j < kpi->queues->len; j++)
        {
          DeskKpiQueue *queue = g_ptr_array_index (kpi->queues, j);

          if (queue->queue_id == now->queue_id)
            queue_add_now (queue, now);
        }
    }
}

/* The state log says what the store last heard; the flow, when there is
 * one, says what is true now, with the contacts in hand and the phones. */
static gboolean
add_operators (DeskKpi                 *kpi,
               DeskStore               *store,
               const DeskFlowSnapshot  *snapshot,
               GError                 **error)
{
  g_autoptr (GPtrArray) days = desk_store_kpi_operators (store, kpi->day_start, kpi->now + 1,
                                                         kpi->now, error);

  if (days == NULL)
    return FALSE;
  for (guint i = 0; i < days->len; i++)
    {
      DeskKpiOperatorDay *day = g_ptr_array_index (days, i);
      DeskKpiOperator *op = g_new0 (DeskKpiOperator, 1);

      op->user_id = day->user_id;
      op->name = g_steal_pointer (&day->name);
      op->login = g_steal_pointer (&day->login);
      op->state = day->state;
      op->since = day->state_since;
      op->handled = day->calls + day->chats;
      op->aht_ms = average_ms (day->call_handle_s, day->calls_handled);
      op->overdue_cases = day->overdue_cases;
      for (guint j = 0; snapshot != NULL && j < snapshot->operators->len; j++)
        {
          const DeskOperatorNow *now = &g_array_index (snapshot->operators, DeskOperatorNow, j);

          if (now->user_id != op->user_id)
            continue;
          op->state = now->state;
          op->since = now->since_ms / 1000;
          op->contacts_now = now->contacts;
          op->phones = now->phones;
        }
      g_ptr_array_add (kpi->operators, op);
    }
  return TRUE;
}

/**
 * desk_kpi_day_start:
 * @now: Unix seconds
 *
 * Returns: the local midnight that began @now's day, Unix seconds
 */
gint64
desk_kpi_day_start (gint64 now)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (now);
  g_autoptr (GDateTime) midnight = NULL;

  if (at == NULL)
    return now - now % 86400;
  midnight = g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at),
                                    g_date_time_get_day_of_month (at), 0, 0, 0);
  return midnight ? g_date_time_to_unix (midnight) : now - now % 86400;
}

/**
 * desk_kpi_compute:
 * @store: the office's store
 * @snapshot: (nullable): the call flow's snapshot; %NULL when no flow runs
 *   (nobody is waiting then, and operators' states come from the state log)
 * @now: the time to compute for, Unix seconds; today is local midnight to
 *   @now, both included
 * @error: a #GError
 *
 * Today's figures, per queue, all queues together, per hour and per
 * operator. The definitions are at the top of desk-kpi.c.
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
DeskKpi *
desk_kpi_compute (DeskStore               *store,
                  const DeskFlowSnapshot  *snapshot,
                  gint64                   now,
                  GError                 **error)
{
  g_autoptr (DeskKpi) kpi = NULL;

  g_return_val_if_fail (DESK_IS_STORE (store), NULL);
  g_return_val_if_fail (now >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kpi = g_new0 (DeskKpi, 1);
  kpi->now = now;
  kpi->day_start = desk_kpi_day_start (now);
  kpi->short_abandon_seconds = DESK_KPI_SHORT_ABANDON_SECONDS;
  kpi->queues = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_queue_free);
  kpi->hours = make_hours (kpi->day_start, now);
  kpi->operators = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_operator_free);

  if (!add_contacts (kpi, store, error))
    return NULL;
  add_queues_now (kpi, snapshot);
  if (!add_operators (kpi, store, snapshot, error))
    return NULL;
  return g_steal_pointer (&kpi);
}

/**
 * desk_kpi_free:
 * @kpi: (nullable): figures
 */
void
desk_kpi_free (DeskKpi *kpi)
{
  if (kpi == NULL)
    return;
  g_free (kpi->total.name);
  g_clear_pointer (&kpi->queues, g_ptr_array_unref);
  g_clear_pointer (&kpi->hours, g_array_unref);
  g_clear_pointer (&kpi->operators, g_ptr_array_unref);
  g_free (kpi);
}
