/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

#include <string.h>

/*
 * What the agent window reads beside a contact: the categories and
 * scenario buttons to open cases with, the lists of cases (mine, overdue,
 * open), canned answers, and the portal requests waiting for an answer.
 */

#define MAX_TITLE_CHARS 200
#define MAX_BODY_CHARS 4000

/* Every list here is read the same way: one record a row. */
typedef gpointer (*ReadRow) (sqlite3_stmt *stmt);

static GPtrArray *
collect_rows (DeskSqliteStore *self,
              sqlite3_stmt    *stmt,
              ReadRow          read_row,
              GDestroyNotify   free_row,
              GError         **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gpointer
read_category (sqlite3_stmt *stmt)
{
  DeskCategoryInfo *category = g_new0 (DeskCategoryInfo, 1);

  category->id = sqlite3_column_int64 (stmt, 0);
  category->name = _desk_column_text (stmt, 1);
  category->sla_hours = sqlite3_column_int (stmt, 2);
  return category;
}

static GPtrArray *
store_list_categories (DeskStore  *store,
                       GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, name, sla_hours FROM case_categories ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, read_category, (GDestroyNotify) desk_category_info_free, error);
}

static gpointer
read_scenario (sqlite3_stmt *stmt)
{
  DeskScenario *scenario = g_new0 (DeskScenario, 1);

  scenario->id = sqlite3_column_int64 (stmt, 0);
  scenario->label = _desk_column_text (stmt, 1);
  scenario->category_id = sqlite3_column_int64 (stmt, 2);
  scenario->subject = _desk_column_text (stmt, 3);
  scenario->priority = _desk_column_enum (stmt, 4, DESK_TYPE_PRIORITY);
  scenario->resolve_at_once = sqlite3_column_int (stmt, 5) != 0;
  return scenario;
}

static GPtrArray *
store_list_scenarios (DeskStore  *store,
                      GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, label, category_id, subject, priority, resolve_at_once FROM scenarios "
    "ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, read_scenario, (GDestroyNotify) desk_scenario_free, error);
}

/* Cases */

static GArray *
store_list_case_view (DeskStore     *store,
                      DeskCaseView   view,
                      gint64         user_id,
                      guint          limit,
                      GError       **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  switch (view)
    {
    case DESK_CASE_VIEW_MINE:
      stmt = _desk_sqlite_store_prepare (self,
        "SELECT id FROM cases WHERE owner_id = ?1 AND status <> 'closed' "
        "ORDER BY created_at DESC, id DESC LIMIT ?3", error);
      break;
    case DESK_CASE_VIEW_OVERDUE:
      stmt = _desk_sqlite_store_prepare (self,
        "SELECT id FROM cases WHERE status NOT IN ('resolved', 'closed') "
        "AND due_at IS NOT NULL AND due_at < ?2 AND (?1 = 0 OR owner_id = ?1) "
        "ORDER BY due_at, id LIMIT ?3", error);
      break;
    case DESK_CASE_VIEW_OPEN:
    default:
      stmt = _desk_sqlite_store_prepare (self,
        "SELECT id FROM cases WHERE status <> 'closed' AND ?1 = ?1 "
        "ORDER BY created_at DESC, id DESC LIMIT ?3", error);
      break;
    }
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, _desk_sqlite_store_now (self));
  sqlite3_bind_int (stmt, 3, (int) limit);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

/* Canned answers */

static gboolean
check_text (const char  *text,
            int          max_chars,
            GError     **error)
{
  if (_desk_is_blank (text) || !g_utf8_validate (text, -1, NULL) ||
      g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A canned answer needs a title of at most %d characters and a text of at "
                     "most %d"), MAX_TITLE_CHARS, MAX_BODY_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gint64
store_add_canned_answer (DeskStore   *store,
                         const char  *title,
                         const char  *body,
                         GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (!check_text (title, MAX_TITLE_CHARS, error) || !check_text (body, MAX_BODY_CHARS, error))
    return 0;
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO canned_answers (title, body, created_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, title);
  _desk_bind_text (stmt, 2, body);
  sqlite3_bind_int64 (stmt, 3, _desk_sqlite_store_now (self));
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gpointer
read_canned (sqlite3_stmt *stmt)
{
  DeskCannedAnswerInfo *answer = g_new0 (DeskCannedAnswerInfo, 1);

  answer->id = sqlite3_column_int64 (stmt, 0);
  answer->title = _desk_column_text (stmt, 1);
  answer->body = _desk_column_text (stmt, 2);
  answer->created_at = sqlite3_column_int64 (stmt, 3);
  return answer;
}

/* Filtered here rather than with LIKE, which folds ASCII letters only: the
 * office writes in Cyrillic too. An office keeps tens of answers, not
 * thousands. */
static gboolean
holds (const char *text,
       const char *folded_query)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return strstr (folded, folded_query) != NULL;
}

static GPtrArray *
store_list_canned_answers (DeskStore   *store,
                           const char  *query,
                           guint        limit,
                           GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, title, body, created_at FROM canned_answers ORDER BY title, id", error);
  g_autoptr (GPtrArray) answers = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *folded = NULL;

  if (stmt == NULL)
    return NULL;
  answers = collect_rows (self, stmt, read_canned, (GDestroyNotify) desk_canned_answer_info_free,
                          error);
  if (answers == NULL)
    return NULL;
  if (query && !_desk_is_blank (query))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (query));

      folded = g_utf8_casefold (stripped, -1);
    }
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_canned_answer_info_free);
  for (guint i = 0; i < answers->len && (limit == 0 || found->len < limit); i++)
    {
      DeskCannedAnswerInfo *answer = g_ptr_array_index (answers, i);

      /* What is taken leaves NULL behind, which the free function skips. */
      if (folded == NULL || holds (answer->title, folded) || holds (answer->body, folded))
        g_ptr_array_add (found, g_steal_pointer (&answers->pdata[i]));
    }
  return g_steal_pointer (&found);
}

/* Portal requests */

static gpointer
read_waiting (sqlite3_stmt *stmt)
{
  DeskPortalWaiting *waiting = g_new0 (DeskPortalWaiting, 1);

  waiting->case_id = sqlite3_column_int64 (stmt, 0);
  waiting->number = sqlite3_column_int64 (stmt, 1);
  waiting->subject = _desk_column_text (stmt, 2);
  waiting->client_id = sqlite3_column_int64 (stmt, 3);
  waiting->owner_id = sqlite3_column_int64 (stmt, 4);
  waiting->since = sqlite3_column_int64 (stmt, 5);
  waiting->event_id = sqlite3_column_int64 (stmt, 6);
  return waiting;
}

/* The customer's writings are the timeline entries without an actor: the
 * request of a portal case, and their messages. The staff answer with a
 * public entry of theirs; a later one settles the wait. */
static GPtrArray *
store_list_portal_waiting (DeskStore   *store,
                           gint64       user_id,
                           gint64       after_event_id,
                           GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT c.id, c.number, c.subject, c.client_id, c.owner_id, e.at, e.id "
    "FROM case_events e JOIN cases c ON c.id = e.case_id "
    "WHERE e.id > ?2 AND e.actor_id IS NULL "
    "AND (e.kind = 'portal_message' OR (e.kind = 'created' AND c.channel = 'portal')) "
    "AND c.status NOT IN ('resolved', 'closed') "
    "AND (?1 < 0 OR c.owner_id IS NULL OR c.owner_id = ?1) "
    "AND NOT EXISTS (SELECT 1 FROM case_events l WHERE l.case_id = e.case_id AND l.id > e.id "
    "  AND (l.actor_id IS NOT NULL AND l.is_public = 1 "
    "       OR l.actor_id IS NULL AND l.kind = 'portal_message')) "
    "ORDER BY e.at, e.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, MAX (after_event_id, 0));
  return collect_rows (self, stmt, read_waiting, (GDestroyNotify) desk_portal_waiting_free, error);
}

void
_desk_sqlite_store_agent_init (DeskStoreInterface *iface)
{
  iface->list_categories = store_list_categories;
  iface->list_scenarios = store_list_scenarios;
  iface->list_case_view = store_list_case_view;
  iface->add_canned_answer = store_add_canned_answer;
  iface->list_canned_answers = store_list_canned_answers;
  iface->list_portal_waiting = store_list_portal_waiting;
}
