/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

#include <inttypes.h>

/* What the office reads and changes while it runs calls live: the queues
 * and menus it routes through, the history that sticky and fewest-contacts
 * routing weigh, the callbacks it works through, and the marks operators
 * put on calls. */

#define QUEUE_COLUMNS \
  "id, name, strategy, skill_id, skill_relax_seconds, sticky_seconds, sticky_days, " \
  "max_wait_seconds, max_length, overflow_queue_id, overflow_to_callback, wrapup_seconds, " \
  "announce_seconds, service_level_seconds, callback_digit, chat_weight"

#define CALLBACK_COLUMNS \
  "id, e164, client_id, queue_id, call_id, requested_at, enqueued_at, due_at, status, attempts, " \
  "max_attempts, next_attempt_at, operator_id, note"

/* Id 0 means "none" throughout, and asking about nobody finds nothing; a
 * negative id can only be a caller's mistake. */
static gboolean
check_id (gint64    id,
          GError  **error)
{
  if (id >= 0)
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
               _("%" PRId64 " is not an id: ids are never negative"), id);
  return FALSE;
}

/* Runs @sql with one or two integer arguments (as it has parameters) and
 * reads the first column of its row: 0 without a row, or for NULL. Unlike
 * _desk_sqlite_store_scalar (), an error is told apart from a 0. */
static gboolean
scalar2 (DeskSqliteStore  *self,
         const char       *sql,
         gint64            first,
         gint64            second,
         gint64           *value,
         GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  *value = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, second);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return _desk_sqlite_store_fail (self, error);
  return TRUE;
}

/* Queues and skills */

static DeskQueueInfo *
read_queue (sqlite3_stmt *stmt)
{
  DeskQueueInfo *info = g_new0 (DeskQueueInfo, 1);
  DeskQueue *config = &info->config;

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = _desk_column_text (stmt, 1);
  info->callback_digit = _desk_column_text (stmt, 14);
  info->members = g_array_new (FALSE, FALSE, sizeof (DeskQueueMember));
  config->name = info->name;
  config->strategy = _desk_column_enum (stmt, 2, DESK_TYPE_QUEUE_STRATEGY);
  config->skill_id = sqlite3_column_int64 (stmt, 3);
  config->skill_relax_seconds = sqlite3_column_int (stmt, 4);
  config->sticky_seconds = sqlite3_column_int (stmt, 5);
  config->sticky_days = sqlite3_column_int (stmt, 6);
  config->max_wait_seconds = sqlite3_column_int (stmt, 7);
  config->max_length = sqlite3_column_int (stmt, 8);
  config->overflow_queue_id = sqlite3_column_int64 (stmt, 9);
  config->overflow_to_callback = sqlite3_column_int (stmt, 10) != 0;
  config->wrapup_seconds = sqlite3_column_int (stmt, 11);
  config->announce_seconds = sqlite3_column_int (stmt, 12);
  config->service_level_seconds = sqlite3_column_int (stmt, 13);
  config->callback_digit = info->callback_digit;
  config->chat_weight = sqlite3_column_double (stmt, 15);
  return info;
}

/* Two reads, not one per queue: the members come in (queue, user) order,
 * which is the primary key's, and are dealt to their queues. */
static GPtrArray *
store_list_queues (DeskStore  *store,
                   GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_queue_info_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (DeskStmt) members = NULL;
  int rc;

  stmt = _desk_sqlite_store_prepare (self, "SELECT " QUEUE_COLUMNS " FROM queues ORDER BY id",
                                     error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskQueueInfo *info = read_queue (stmt);

      g_ptr_array_add (queues, info);
      g_hash_table_insert (by_id, &info->id, info);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }

  members = _desk_sqlite_store_prepare (self,
    "SELECT queue_id, user_id, penalty FROM queue_members ORDER BY queue_id, user_id", error);
  if (members == NULL)
    return NULL;
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    {
      gint64 queue_id = sqlite3_column_int64 (members, 0);
      DeskQueueInfo *info = g_hash_table_lookup (by_id, &queue_id);
      DeskQueueMember member = { sqlite3_column_int64 (members, 1),
                                 sqlite3_column_int (members, 2) };

      if (info != NULL)
        g_array_append_val (info->members, member);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&queues);
}

static GArray *
store_list_user_skills (DeskStore  *store,
                        gint64      user_id,
                        GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GArray) skills = g_array_new (FALSE, FALSE, sizeof (DeskUserSkill));
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  if (!check_id (user_id, error))
    return NULL;
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT skill_id, level FROM user_skills WHERE user_id = ? ORDER BY skill_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskUserSkill skill = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) };

      g_array_append_val (skills, skill);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&skills);
}

/* IVR and inbound routes */

static DeskIvrChoice *
read_choice (sqlite3_stmt *stmt)
{
  DeskIvrChoice *choice = g_new0 (DeskIvrChoice, 1);
  const char *digit = (const char *) sqlite3_column_text (stmt, 1);

  choice->id = sqlite3_column_int64 (stmt, 0);
  choice->digit = digit ? digit[0] : '\0';
  choice->action = _desk_column_enum (stmt, 2, DESK_TYPE_IVR_ACTION);
  choice->label = _desk_column_text (stmt, 3);
  choice->queue_id = sqlite3_column_int64 (stmt, 4);
  choice->prompt = _desk_column_text (stmt, 5);
  choice->category_id = sqlite3_column_int64 (stmt, 6);
  choice->submenu_id = sqlite3_column_int64 (stmt, 7);
  return choice;
}

static DeskIvrMenuInfo *
store_get_ivr_menu (DeskStore  *store,
                    gint64      id,
                    GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskIvrMenuInfo) menu = NULL;
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (DeskStmt) items = NULL;
  int rc;

  if (!check_id (id, error))
    return NULL;
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT name, parent_id, greeting, timeout_seconds, max_retries FROM ivr_menus WHERE id = ?",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such IVR menu"));
      else
        _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  menu = g_new0 (DeskIvrMenuInfo, 1);
  menu->id = id;
  menu->name = _desk_column_text (stmt, 0);
  menu->parent_id = sqlite3_column_int64 (stmt, 1);
  menu->greeting = _desk_column_text (stmt, 2);
  menu->timeout_seconds = sqlite3_column_int (stmt, 3);
  menu->max_retries = sqlite3_column_int (stmt, 4);
  menu->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_ivr_choice_free);

  /* Keypad order, the order a caller hears them in: 1–9, then 0, * and #. */
  items = _desk_sqlite_store_prepare (self,
    "SELECT id, digit, action, label, queue_id, prompt, category_id, submenu_id FROM ivr_items "
    "WHERE menu_id = ? "
    "ORDER BY CASE digit WHEN '0' THEN 10 WHEN '*' THEN 11 WHEN '#' THEN 12 "
    "                    ELSE CAST (digit AS INTEGER) END, id", error);
  if (items == NULL)
    return NULL;
  sqlite3_bind_int64 (items, 1, id);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    g_ptr_array_add (menu->choices, read_choice (items));
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&menu);
}

/* The number's own route if it has one, else the default '*' route: the
 * unique index on number answers both halves of the IN. */
static gboolean
store_find_inbound_route (DeskStore   *store,
                          const char  *number,
                          gint64      *ivr_menu_id,
                          gint64      *queue_id,
                          GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  if (number == NULL)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Which number was dialled is not known"));
      return FALSE;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT ivr_menu_id, queue_id FROM inbound_routes WHERE number IN (?1, '*') "
    "ORDER BY number = '*' LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                           _("No inbound route for this number, and no default (*) route"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _desk_sqlite_store_fail (self, error);
  if (ivr_menu_id)
    *ivr_menu_id = sqlite3_column_int64 (stmt, 0);
  if (queue_id)
    *queue_id = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* What routing weighs */

static gint64
store_find_recent_operator (DeskStore  *store,
                            gint64      client_id,
                            gint64      since,
                            GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  gint64 operator_id;

  if (!check_id (client_id, error))
    return -1;
  if (client_id == 0)
    return 0;
  if (!scalar2 (self,
      "SELECT operator_id FROM ("
      "  SELECT operator_id, answered_at, id FROM calls "
      "  WHERE client_id = ?1 AND operator_id IS NOT NULL AND answered_at >= ?2 "
      "  UNION ALL "
      "  SELECT operator_id, answered_at, id FROM chats "
      "  WHERE client_id = ?1 AND operator_id IS NOT NULL AND answered_at >= ?2) "
      "ORDER BY answered_at DESC, id DESC LIMIT 1", client_id, since, &operator_id, error))
    return -1;
  return operator_id;
}

static gint64
store_find_case_owner (DeskStore  *store,
                       gint64      client_id,
                       GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  gint64 owner_id;

  if (!check_id (client_id, error))
    return -1;
  if (client_id == 0)
    return 0;
  if (!scalar2 (self,
      "SELECT owner_id FROM cases "
      "WHERE client_id = ?1 AND owner_id IS NOT NULL AND status NOT IN ('resolved', 'closed') "
      "ORDER BY updated_at DESC, id DESC LIMIT 1", client_id, 0, &owner_id, error))
    return -1;
  return owner_id;
}

static int
store_count_operator_contacts (DeskStore  *store,
                               gint64      user_id,
                               gint64      since,
                               GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  gint64 count;

  if (!check_id (user_id, error))
    return -1;
  if (!scalar2 (self,
      "SELECT (SELECT count(*) FROM calls WHERE operator_id = ?1 AND answered_at >= ?2) "
      "     + (SELECT count(*) FROM chats WHERE operator_id = ?1 AND answered_at >= ?2)",
      user_id, since, &count, error))
    return -1;
  return (int) MIN (count, G_MAXINT);
}

static gint64
store_average_handle_ms (DeskStore  *store,
                         gint64      queue_id,
                         gint64      since,
                         GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  gint64 average;

  if (!check_id (queue_id, error))
    return -1;
  if (!scalar2 (self,
      "SELECT CAST (round (avg (talk_seconds + hold_seconds + wrapup_seconds) * 1000) AS INTEGER) "
      "FROM calls WHERE queue_id = ?1 AND answered_at >= ?2 AND ended_at IS NOT NULL",
      queue_id, since, &average, error))
    return -1;
  return average;
}

/* Callbacks */

static DeskCallbackInfo *
read_callback (sqlite3_stmt *stmt)
{
  DeskCallbackInfo *callback = g_new0 (DeskCallbackInfo, 1);

  callback->id = sqlite3_column_int64 (stmt, 0);
  callback->e164 = _desk_column_text (stmt, 1);
  callback->client_id = sqlite3_column_int64 (stmt, 2);
  callback->queue_id = sqlite3_column_int64 (stmt, 3);
  callback->call_id = sqlite3_column_int64 (stmt, 4);
  callback->requested_at = sqlite3_column_int64 (stmt, 5);
  callback->enqueued_at = sqlite3_column_int64 (stmt, 6);
  callback->due_at = sqlite3_column_int64 (stmt, 7);
  callback->status = _desk_column_enum (stmt, 8, DESK_TYPE_CALLBACK_STATUS);
  callback->attempts = sqlite3_column_int (stmt, 9);
  callback->max_attempts = sqlite3_column_int (stmt, 10);
  callback->next_attempt_at = sqlite3_column_int64 (stmt, 11);
  callback->operator_id = sqlite3_column_int64 (stmt, 12);
  callback->note = _desk_column_text (stmt, 13);
  return callback;
}

static GPtrArray *
store_list_open_callbacks (DeskStore  *store,
                           GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) callbacks = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_callback_info_free);
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT " CALLBACK_COLUMNS " FROM callbacks "
    "WHERE status IN ('pending', 'offered', 'dialing') ORDER BY enqueued_at, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (callbacks, read_callback (stmt));
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&callbacks);
}

static gboolean
store_update_callback (DeskStore           *store,
                       gint64               id,
                       DeskCallbackStatus   status,
                       int                  attempts,
                       gint64               next_attempt_at,
                       gint64               operator_id,
                       GError             **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  const char *nick = desk_enum_to_nick (DESK_TYPE_CALLBACK_STATUS, status);
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  if (!check_id (id, error) || !check_id (operator_id, error))
    return FALSE;
  if (nick == NULL || attempts < 0 || next_attempt_at < 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A callback's status, attempts and next attempt must be valid"));
      return FALSE;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "UPDATE callbacks SET status = ?, attempts = ?, next_attempt_at = ?, operator_id = ? "
    "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, nick);
  sqlite3_bind_int (stmt, 2, attempts);
  _desk_bind_time (stmt, 3, next_attempt_at);
  _desk_bind_id (stmt, 4, operator_id);
  sqlite3_bind_int64 (stmt, 5, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      /* callbacks_one_open: a number waits once per queue. */
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error_literal (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                               _("This number already has an open callback in this queue"));
          return FALSE;
        }
      return _desk_sqlite_store_fail (self, error);
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such callback"));
      return FALSE;
    }
  return TRUE;
}

/* Calls and their cases */

static gboolean
store_set_call_not_a_case (DeskStore  *store,
                           gint64      actor_id,
                           gint64      call_id,
                           gboolean    not_a_case,
                           GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) query = NULL;
  g_autoptr (DeskStmt) update = NULL;
  g_autofree char *detail = NULL;
  gboolean was;
  int rc;

  if (!check_id (actor_id, error) || !check_id (call_id, error))
    return FALSE;
  query = _desk_sqlite_store_prepare (self, "SELECT not_a_case FROM calls WHERE id = ?", error);
  if (query == NULL)
    return FALSE;
  update = _desk_sqlite_store_prepare (self, "UPDATE calls SET not_a_case = ? WHERE id = ?",
                                       error);
  if (update == NULL || !_desk_sqlite_store_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (query, 1, call_id);
  rc = sqlite3_step (query);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such call"));
      else
        _desk_sqlite_store_fail (self, error);
      goto fail;
    }
  was = sqlite3_column_int (query, 0) != 0;
  sqlite3_reset (query);

  sqlite3_bind_int (update, 1, not_a_case ? 1 : 0);
  sqlite3_bind_int64 (update, 2, call_id);
  detail = g_strdup_printf ("%s → %s", was ? "true" : "false", not_a_case ? "true" : "false");
  if (!_desk_sqlite_store_step_done (self, update, error) ||
      !_desk_sqlite_store_audit (self, actor_id, "call.not_a_case", "call", call_id, detail,
                                 error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return FALSE;
}

static GArray *
store_list_call_cases (DeskStore  *store,
                       gint64      call_id,
                       GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (!check_id (call_id, error))
    return NULL;
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT case_id FROM case_calls WHERE call_id = ? ORDER BY case_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, call_id);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

void
_desk_sqlite_store_routing_init (DeskStoreInterface *iface)
{
  iface->list_queues = store_list_queues;
  iface->list_user_skills = store_list_user_skills;
  iface->get_ivr_menu = store_get_ivr_menu;
  iface->find_inbound_route = store_find_inbound_route;
  iface->find_recent_operator = store_find_recent_operator;
  iface->find_case_owner = store_find_case_owner;
  iface->count_operator_contacts = store_count_operator_contacts;
  iface->average_handle_ms = store_average_handle_ms;
  iface->list_open_callbacks = store_list_open_callbacks;
  iface->update_callback = store_update_callback;
  iface->set_call_not_a_case = store_set_call_not_a_case;
  iface->list_call_cases = store_list_call_cases;
}
