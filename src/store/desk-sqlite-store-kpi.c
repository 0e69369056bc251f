/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "config.h"

#include "desk-sqlite-store-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

/* The dashboards' reads. They run every few seconds against months of
 * history, so each one is a range on an index (calls_by_offered,
 * chats_by_started, cases_by_due, the open-state index of agent_state_log)
 * and hands back sums, not rows. A contact belongs to the span it arrived
 * in: a call offered at 23:59 and answered at 00:01 is yesterday's. */

void
desk_kpi_operator_day_free (DeskKpiOperatorDay *day)
{
  if (day == NULL)
    return;
  g_free (day->name);
  g_free (day->login);
  g_free (day);
}

static gboolean
check_span (gint64    since,
            gint64    until,
            GError  **error)
{
  if (since <= until)
    return TRUE;
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                       _("The span of time ends before it starts"));
  return FALSE;
}

/* Calls: inbound only (an operator's outbound call is no customer waiting).
 * Chats: any channel. A queue that was deleted keeps its contacts under its
 * id with the default service level of 20 s. */
static const char CONTACTS_SQL[] =
  "SELECT ifnull (c.queue_id, 0), (c.offered_at - ?1) / 3600, 0, count (*), "
  "  total (c.answered_at IS NOT NULL), "
  "  total (c.answered_at IS NOT NULL "
  "         AND c.wait_seconds <= ifnull (q.service_level_seconds, 20)), "
  "  total (c.answered_at IS NULL AND c.outcome = 'abandoned_queue' AND c.wait_seconds >= ?3), "
  "  total (c.answered_at IS NULL AND c.outcome = 'abandoned_queue' AND c.wait_seconds < ?3), "
  "  total (CASE WHEN c.answered_at IS NOT NULL THEN c.wait_seconds END), "
  "  total (c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL), "
  "  total (CASE WHEN c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL "
  "         THEN c.talk_seconds + c.hold_seconds + c.wrapup_seconds END) "
  "FROM calls c LEFT JOIN queues q ON q.id = c.queue_id "
  "WHERE c.offered_at >= ?1 AND c.offered_at < ?2 AND c.direction = 'inbound' "
  "GROUP BY 1, 2 "
  "UNION ALL "
  "SELECT ifnull (h.queue_id, 0), (h.started_at - ?1) / 3600, 1, count (*), "
  "  total (h.answered_at IS NOT NULL), "
  "  total (h.answered_at IS NOT NULL "
  "         AND h.wait_seconds <= ifnull (q.service_level_seconds, 20)), "
  "  total (h.answered_at IS NULL AND h.outcome = 'abandoned_queue' AND h.wait_seconds >= ?3), "
  "  total (h.answered_at IS NULL AND h.outcome = 'abandoned_queue' AND h.wait_seconds < ?3), "
  "  total (CASE WHEN h.answered_at IS NOT NULL THEN h.wait_seconds END), "
  "  total (h.answered_at IS NOT NULL AND h.ended_at IS NOT NULL), "
  "  total (CASE WHEN h.answered_at IS NOT NULL AND h.ended_at IS NOT NULL "
  "         THEN max (0, h.ended_at - h.answered_at) END) "
  "FROM chats h LEFT JOIN queues q ON q.id = h.queue_id "
  "WHERE h.started_at >= ?1 AND h.started_at < ?2 "
  "GROUP BY 1, 2";

static GArray *
store_kpi_contacts (DeskStore  *store,
                    gint64      since,
                    gint64      until,
                    int         short_abandon_seconds,
                    GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GArray) groups = g_array_new (FALSE, TRUE, sizeof (DeskKpiContactGroup));
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  if (!check_span (since, until, error))
    return NULL;
  stmt = _desk_sqlite_store_prepare (self, CONTACTS_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  sqlite3_bind_int (stmt, 3, MAX (0, short_abandon_seconds));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskKpiContactGroup group = {
        .queue_id = sqlite3_column_int64 (stmt, 0),
        .hour = sqlite3_column_int (stmt, 1),
        .chat = sqlite3_column_int (stmt, 2) != 0,
        .offered = sqlite3_column_int (stmt, 3),
        .answered = sqlite3_column_int (stmt, 4),
        .answered_in_sl = sqlite3_column_int (stmt, 5),
        .abandoned = sqlite3_column_int (stmt, 6),
        .short_abandoned = sqlite3_column_int (stmt, 7),
        .answer_wait_s = sqlite3_column_int64 (stmt, 8),
        .handled = sqlite3_column_int (stmt, 9),
        .handle_s = sqlite3_column_int64 (stmt, 10),
      };

      g_array_append_val (groups, group);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&groups);
}

/* Runs @sql, bound to @first and @second as it has parameters, and hands
 * each row (user id first) to @read with the operator it names; rows of
 * people who are not listed are skipped. */
typedef void (*ReadOperatorRow) (DeskKpiOperatorDay *day, sqlite3_stmt *stmt);

static gboolean
read_operator_rows (DeskSqliteStore  *self,
                    GHashTable       *by_id,
                    const char       *sql,
                    gint64            first,
                    gint64            second,
                    ReadOperatorRow   read,
                    GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, first);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, second);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 user_id = sqlite3_column_int64 (stmt, 0);
      DeskKpiOperatorDay *day = g_hash_table_lookup (by_id, &user_id);

      if (day != NULL)
        read (day, stmt);
    }
  if (rc != SQLITE_DONE)
    return _desk_sqlite_store_fail (self, error);
  return TRUE;
}

/* The log's last row: a state still open, or offline since it closed
 * (going offline closes the row and opens none). */
static void
read_state (DeskKpiOperatorDay *day,
            sqlite3_stmt       *stmt)
{
  if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    {
      day->state = _desk_column_enum (stmt, 1, DESK_TYPE_AGENT_STATE);
      day->state_since = sqlite3_column_int64 (stmt, 2);
    }
  else
    {
      day->state = DESK_AGENT_STATE_OFFLINE;
      day->state_since = sqlite3_column_int64 (stmt, 3);
    }
}

static void
read_calls (DeskKpiOperatorDay *day,
            sqlite3_stmt       *stmt)
{
  day->calls = sqlite3_column_int (stmt, 1);
  day->calls_handled = sqlite3_column_int (stmt, 2);
  day->call_handle_s = sqlite3_column_int64 (stmt, 3);
}

static void
read_chats (DeskKpiOperatorDay *day,
            sqlite3_stmt       *stmt)
{
  day->chats = sqlite3_column_int (stmt, 1);
}

static void
read_overdue (DeskKpiOperatorDay *day,
              sqlite3_stmt       *stmt)
{
  day->overdue_cases = sqlite3_column_int (stmt, 1);
}

/* Who works contacts: active people with a phone, and every active
 * operator (an operator without a phone still takes chats). */
static GPtrArray *
store_kpi_operators (DeskStore  *store,
                     gint64      since,
                     gint64      until,
                     gint64      now,
                     GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) days = NULL;
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (DeskStmt) users = NULL;
  int rc;

  if (!check_span (since, until, error))
    return NULL;
  users = _desk_sqlite_store_prepare (self,
    "SELECT id, display_name, login FROM users "
    "WHERE active != 0 AND (role = 'operator' OR sip_user IS NOT NULL) "
    "ORDER BY display_name COLLATE NOCASE, id", error);
  if (users == NULL)
    return NULL;
  days = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_kpi_operator_day_free);
  while ((rc = sqlite3_step (users)) == SQLITE_ROW)
    {
      DeskKpiOperatorDay *day = g_new0 (DeskKpiOperatorDay, 1);

      day->user_id = sqlite3_column_int64 (users, 0);
      day->name = _desk_column_text (users, 1);
      day->login = _desk_column_text (users, 2);
      day->state = DESK_AGENT_STATE_OFFLINE;
      g_ptr_array_add (days, day);
      g_hash_table_insert (by_id, &day->user_id, day);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }

  /* One probe of agent_state_log_by_user per person, never the months of
   * log behind it. The contacts are read by arrival time: the partial
   * per-operator indexes of 0002 would have the planner walk every answered
   * contact ever, hence INDEXED BY. */
  if (!read_operator_rows (self, by_id,
        "SELECT u.id, l.state, l.started_at, l.ended_at FROM users u "
        "JOIN agent_state_log l ON l.id = (SELECT id FROM agent_state_log "
        "  WHERE user_id = u.id ORDER BY started_at DESC, id DESC LIMIT 1) "
        "WHERE u.active != 0",
        0, 0, read_state, error) ||
      !read_operator_rows (self, by_id,
        "SELECT operator_id, count (*), total (ended_at IS NOT NULL), "
        "  total (CASE WHEN ended_at IS NOT NULL "
        "         THEN talk_seconds + hold_seconds + wrapup_seconds END) "
        "FROM calls INDEXED BY calls_by_offered "
        "WHERE offered_at >= ?1 AND offered_at < ?2 AND answered_at IS NOT NULL "
        "  AND operator_id IS NOT NULL "
        "GROUP BY operator_id",
        since, until, read_calls, error) ||
      !read_operator_rows (self, by_id,
        "SELECT operator_id, count (*) FROM chats INDEXED BY chats_by_started "
        "WHERE started_at >= ?1 AND started_at < ?2 AND answered_at IS NOT NULL "
        "  AND operator_id IS NOT NULL "
        "GROUP BY operator_id",
        since, until, read_chats, error) ||
      !read_operator_rows (self, by_id,
        "SELECT owner_id, count (*) FROM cases "
        "WHERE status IN ('new', 'in_progress', 'waiting') AND due_at < ?1 "
        "  AND owner_id IS NOT NULL "
        "GROUP BY owner_id",
        now, 0, read_overdue, error))
    return NULL;
  return g_steal_pointer (&days);
}

void
_desk_sqlite_store_kpi_init (DeskStoreInterface *iface)
{
  iface->kpi_contacts = store_kpi_contacts;
  iface->kpi_operators = store_kpi_operators;
}
