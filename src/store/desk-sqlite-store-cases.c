/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"
#include "desk-password.h"

#include <inttypes.h>

/* Case numbers start here, so that a case number read over the phone never
 * looks like a short internal extension. */
#define FIRST_CASE_NUMBER 1001

#define CASE_COLUMNS \
  "id, number, client_id, category_id, subject, description, status, priority, owner_id, " \
  "channel, due_at, created_at, updated_at, first_contact_resolution, resolution, " \
  "resolution_note, portal_token"

typedef struct
{
  DeskCaseEventKind kind;
  gint64 call_id;
  gint64 chat_id;
  const char *old_value;
  const char *new_value;
  const char *body;
  gboolean is_public;
  gint64 at;
} EventSpec;

static gint64
store_add_category (DeskStore   *store,
                    const char  *name,
                    int          sla_hours,
                    gint64       escalate_to,
                    GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO case_categories (name, sla_hours, escalate_to) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, name);
  sqlite3_bind_int (stmt, 2, sla_hours);
  _desk_bind_id (stmt, 3, escalate_to);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_scenario (DeskStore     *store,
                    const char    *label,
                    gint64         category_id,
                    const char    *subject,
                    DeskPriority   priority,
                    GError       **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO scenarios (label, category_id, subject, priority) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, label);
  sqlite3_bind_int64 (stmt, 2, category_id);
  _desk_bind_text (stmt, 3, subject);
  _desk_bind_enum (stmt, 4, DESK_TYPE_PRIORITY, priority);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gboolean
store_set_scenario_resolve_at_once (DeskStore  *store,
                                    gint64      id,
                                    gboolean    resolve_at_once,
                                    GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "UPDATE scenarios SET resolve_at_once = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, resolve_at_once ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such scenario"));
      return FALSE;
    }
  return TRUE;
}

static DeskScenario *
store_get_scenario (DeskStore  *store,
                    gint64      id,
                    GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT label, category_id, subject, priority, resolve_at_once FROM scenarios WHERE id = ?",
    error);
  DeskScenario *scenario;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such scenario"));
      else
        _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  scenario = g_new0 (DeskScenario, 1);
  scenario->id = id;
  scenario->label = _desk_column_text (stmt, 0);
  scenario->category_id = sqlite3_column_int64 (stmt, 1);
  scenario->subject = _desk_column_text (stmt, 2);
  scenario->priority = _desk_column_enum (stmt, 3, DESK_TYPE_PRIORITY);
  scenario->resolve_at_once = sqlite3_column_int (stmt, 4) != 0;
  return scenario;
}

static DeskCase *
read_case (sqlite3_stmt *stmt)
{
  DeskCase *kase = g_new0 (DeskCase, 1);

  kase->id = sqlite3_column_int64 (stmt, 0);
  kase->number = sqlite3_column_int64 (stmt, 1);
  kase->client_id = sqlite3_column_int64 (stmt, 2);
  kase->category_id = sqlite3_column_int64 (stmt, 3);
  kase->subject = _desk_column_text (stmt, 4);
  kase->description = _desk_column_text (stmt, 5);
  kase->status = _desk_column_enum (stmt, 6, DESK_TYPE_CASE_STATUS);
  kase->priority = _desk_column_enum (stmt, 7, DESK_TYPE_PRIORITY);
  kase->owner_id = sqlite3_column_int64 (stmt, 8);
  kase->channel = _desk_column_enum (stmt, 9, DESK_TYPE_CHANNEL);
  kase->due_at = sqlite3_column_int64 (stmt, 10);
  kase->created_at = sqlite3_column_int64 (stmt, 11);
  kase->updated_at = sqlite3_column_int64 (stmt, 12);
  kase->first_contact_resolution = sqlite3_column_type (stmt, 13) == SQLITE_NULL
                                   ? -1 : sqlite3_column_int (stmt, 13);
  kase->resolution = _desk_column_enum (stmt, 14, DESK_TYPE_RESOLUTION);
  kase->resolution_note = _desk_column_text (stmt, 15);
  kase->portal_token = _desk_column_text (stmt, 16);
  return kase;
}

static DeskCase *
query_case (DeskSqliteStore  *self,
            const char       *sql,
            gint64            key,
            GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_case (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such case"));
  else
    _desk_sqlite_store_fail (self, error);
  return NULL;
}

static DeskCase *
store_get_case (DeskStore *store, gint64 id, GError **error)
{
  return query_case (DESK_SQLITE_STORE (store),
                     "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", id, error);
}

static DeskCase *
store_get_case_by_number (DeskStore *store, gint64 number, GError **error)
{
  return query_case (DESK_SQLITE_STORE (store),
                     "SELECT " CASE_COLUMNS " FROM cases WHERE number = ?", number, error);
}

static gboolean
add_event (DeskSqliteStore  *self,
           gint64            case_id,
           gint64            actor_id,
           const EventSpec  *event,
           GError          **error)
{
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (DeskStmt) touch = NULL;
  gint64 at = event->at ? event->at : _desk_sqlite_store_now (self);

  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO case_events (case_id, at, actor_id, kind, call_id, chat_id, old_value, "
    "                         new_value, body, is_public) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  touch = _desk_sqlite_store_prepare (self,
    "UPDATE cases SET updated_at = max(updated_at, ?) WHERE id = ?", error);
  if (touch == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, at);
  _desk_bind_id (stmt, 3, actor_id);
  _desk_bind_enum (stmt, 4, DESK_TYPE_CASE_EVENT_KIND, event->kind);
  _desk_bind_id (stmt, 5, event->call_id);
  _desk_bind_id (stmt, 6, event->chat_id);
  _desk_bind_text (stmt, 7, event->old_value);
  _desk_bind_text (stmt, 8, event->new_value);
  _desk_bind_text (stmt, 9, event->body);
  sqlite3_bind_int (stmt, 10, event->is_public ? 1 : 0);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  sqlite3_bind_int64 (touch, 1, at);
  sqlite3_bind_int64 (touch, 2, case_id);
  return _desk_sqlite_store_step_done (self, touch, error);
}

static gboolean
link_contact (DeskSqliteStore  *self,
              gint64            case_id,
              gint64            actor_id,
              gint64            call_id,
              gint64            chat_id,
              gint64            at,
              GError          **error)
{
  g_autoptr (DeskStmt) stmt = NULL;
  EventSpec event = { 0 };

  if ((call_id > 0) == (chat_id > 0))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Link one call or one chat at a time"));
      return FALSE;
    }
  if (call_id > 0)
    stmt = _desk_sqlite_store_prepare (self,
      "INSERT OR IGNORE INTO case_calls (case_id, call_id) VALUES (?, ?)", error);
  else
    stmt = _desk_sqlite_store_prepare (self,
      "INSERT OR IGNORE INTO case_chats (case_id, chat_id) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, call_id > 0 ? call_id : chat_id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;  /* already linked: nothing changed, nothing to record */

  event.kind = call_id > 0 ? DESK_CASE_EVENT_CALL : DESK_CASE_EVENT_CHAT;
  event.call_id = call_id;
  event.chat_id = chat_id;
  event.at = at;
  return add_event (self, case_id, actor_id, &event, error);
}

static DeskCase *
store_create_case (DeskStore          *store,
                   gint64              actor_id,
                   const DeskCaseNew  *spec,
                   GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autofree char *token = NULL;
  EventSpec created = { DESK_CASE_EVENT_CREATED, 0 };
  gint64 now = spec->created_at ? spec->created_at : _desk_sqlite_store_now (self);
  gint64 number, sla_hours = 0, id;

  if (_desk_is_blank (spec->subject))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("A case needs a subject"));
      return NULL;
    }
  if (!_desk_sqlite_store_begin (self, error))
    return NULL;

  /* 0 only on error: the first number is FIRST_CASE_NUMBER */
  number = _desk_sqlite_store_scalar (self,
    "SELECT ifnull (max (number), " G_STRINGIFY (FIRST_CASE_NUMBER) " - 1) + 1 FROM cases", 0, error);
  if (number == 0)
    goto fail;
  if (spec->category_id > 0)
    {
      g_autoptr (GError) local_error = NULL;

      sla_hours = _desk_sqlite_store_scalar (self,
        "SELECT sla_hours FROM case_categories WHERE id = ?", spec->category_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (sla_hours == 0)
        {
          g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such case category"));
          goto fail;
        }
    }

  token = spec->portal_token ? g_strdup (spec->portal_token) : desk_random_token (18);
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO cases (number, client_id, category_id, subject, description, priority, owner_id, "
    "                   channel, due_at, portal_token, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, number);
  _desk_bind_id (stmt, 2, spec->client_id);
  _desk_bind_id (stmt, 3, spec->category_id);
  _desk_bind_text (stmt, 4, spec->subject);
  _desk_bind_text (stmt, 5, spec->description);
  _desk_bind_enum (stmt, 6, DESK_TYPE_PRIORITY, spec->priority);
  _desk_bind_id (stmt, 7, spec->owner_id);
  _desk_bind_enum (stmt, 8, DESK_TYPE_CHANNEL, spec->channel);
  _desk_bind_time (stmt, 9, sla_hours > 0 ? now + sla_hours * 3600 : 0);
  _desk_bind_text (stmt, 10, token);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  id = _desk_sqlite_store_insert (self, stmt, error);
  if (id == 0)
    goto fail;

  created.body = spec->subject;
  created.at = now;
  if (!add_event (self, id, actor_id, &created, error))
    goto fail;
  if ((spec->call_id > 0 || spec->chat_id > 0) &&
      !link_contact (self, id, actor_id, spec->call_id, spec->chat_id, now, error))
    goto fail;
  if (!_desk_sqlite_store_audit (self, actor_id, "case.create", "case", id, spec->subject, error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;

  return store_get_case (store, id, error);

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return NULL;
}

/* Every change to a case: the update, its timeline entry and its audit row
 * go in one transaction or not at all. */
static gboolean
change_case (DeskSqliteStore  *self,
             gint64            actor_id,
             gint64            case_id,
             sqlite3_stmt     *update,
             const EventSpec  *event,
             const char       *action,
             GError          **error)
{
  g_autofree char *detail = NULL;

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (update != NULL)
    {
      if (!_desk_sqlite_store_step_done (self, update, error))
        goto fail;
      if (sqlite3_changes (self->db) == 0)
        {
          g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such case"));
          goto fail;
        }
    }
  detail = event->old_value || event->new_value
           ? g_strdup_printf ("%s → %s", event->old_value ? event->old_value : "",
                              event->new_value ? event->new_value : "")
           : NULL;
  if (!add_event (self, case_id, actor_id, event, error) ||
      !_desk_sqlite_store_audit (self, actor_id, action, "case", case_id, detail, error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return FALSE;
}

static gboolean
store_set_case_status (DeskStore       *store,
                       gint64           actor_id,
                       gint64           case_id,
                       DeskCaseStatus   status,
                       DeskResolution   resolution,
                       const char      *note,
                       GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskCase) kase = store_get_case (store, case_id, error);
  g_autoptr (DeskStmt) update = NULL;
  g_autoptr (GError) local_error = NULL;
  EventSpec event = { DESK_CASE_EVENT_STATUS, 0 };
  gboolean finishing = status == DESK_CASE_STATUS_RESOLVED || status == DESK_CASE_STATUS_CLOSED;
  gint64 now = _desk_sqlite_store_now (self);
  gint64 contacts;

  if (kase == NULL)
    return FALSE;
  if (!desk_case_status_can_change (kase->status, status))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Case %" PRId64 " cannot go from “%s” to “%s”"), (int64_t) kase->number,
                   desk_enum_to_nick (DESK_TYPE_CASE_STATUS, kase->status),
                   desk_enum_to_nick (DESK_TYPE_CASE_STATUS, status));
      return FALSE;
    }
  /* Closing a resolved case keeps its resolution; reopening clears it. */
  if (status == DESK_CASE_STATUS_CLOSED && resolution == DESK_RESOLUTION_NONE)
    resolution = kase->resolution;
  if (!finishing)
    resolution = DESK_RESOLUTION_NONE;
  if (finishing && resolution == DESK_RESOLUTION_NONE)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A case is resolved or closed with a resolution"));
      return FALSE;
    }

  /* First-contact resolution: settled with no more than the contact that
   * opened it. Decided once, at the first resolution. */
  contacts = _desk_sqlite_store_scalar (self,
    "SELECT (SELECT count(*) FROM case_calls WHERE case_id = ?1)"
    "     + (SELECT count(*) FROM case_chats WHERE case_id = ?1)", case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  update = _desk_sqlite_store_prepare (self,
    "UPDATE cases SET status = ?1, resolution = ?2, "
    "  resolution_note = CASE WHEN ?3 IS NULL THEN resolution_note ELSE ?3 END, "
    "  resolved_at = CASE WHEN ?1 = 'resolved' THEN ?4 WHEN ?1 = 'closed' THEN resolved_at END, "
    "  closed_at = CASE WHEN ?1 = 'closed' THEN ?4 END, "
    "  first_contact_resolution = CASE WHEN ?1 = 'resolved' AND first_contact_resolution IS NULL "
    "                             THEN ?5 ELSE first_contact_resolution END, "
    "  updated_at = ?4 "
    "WHERE id = ?6", error);
  if (update == NULL)
    return FALSE;
  _desk_bind_enum (update, 1, DESK_TYPE_CASE_STATUS, status);
  _desk_bind_enum (update, 2, DESK_TYPE_RESOLUTION, resolution);
  _desk_bind_text (update, 3, finishing ? note : NULL);
  sqlite3_bind_int64 (update, 4, now);
  sqlite3_bind_int (update, 5, contacts <= 1 ? 1 : 0);
  sqlite3_bind_int64 (update, 6, case_id);

  event.old_value = desk_enum_to_nick (DESK_TYPE_CASE_STATUS, kase->status);
  event.new_value = desk_enum_to_nick (DESK_TYPE_CASE_STATUS, status);
  event.body = note;
  event.at = now;
  return change_case (self, actor_id, case_id, update, &event, "case.status", error);
}

static gboolean
store_assign_case (DeskStore  *store,
                   gint64      actor_id,
                   gint64      case_id,
                   gint64      owner_id,
                   GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskCase) kase = store_get_case (store, case_id, error);
  g_autoptr (DeskStmt) update = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  EventSpec event = { DESK_CASE_EVENT_ASSIGNMENT, 0 };

  if (kase == NULL)
    return FALSE;
  update = _desk_sqlite_store_prepare (self,
    "UPDATE cases SET owner_id = ? WHERE id = ?", error);
  if (update == NULL)
    return FALSE;
  _desk_bind_id (update, 1, owner_id);
  sqlite3_bind_int64 (update, 2, case_id);
  old_value = kase->owner_id ? g_strdup_printf ("%" G_GINT64_FORMAT, kase->owner_id) : NULL;
  new_value = owner_id ? g_strdup_printf ("%" G_GINT64_FORMAT, owner_id) : NULL;
  event.old_value = old_value;
  event.new_value = new_value;
  return change_case (self, actor_id, case_id, update, &event, "case.assign", error);
}

static gboolean
store_set_case_priority (DeskStore     *store,
                         gint64         actor_id,
                         gint64         case_id,
                         DeskPriority   priority,
                         GError       **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskCase) kase = store_get_case (store, case_id, error);
  g_autoptr (DeskStmt) update = NULL;
  EventSpec event = { DESK_CASE_EVENT_PRIORITY, 0 };

  if (kase == NULL)
    return FALSE;
  update = _desk_sqlite_store_prepare (self, "UPDATE cases SET priority = ? WHERE id = ?", error);
  if (update == NULL)
    return FALSE;
  _desk_bind_enum (update, 1, DESK_TYPE_PRIORITY, priority);
  sqlite3_bind_int64 (update, 2, case_id);
  event.old_value = desk_enum_to_nick (DESK_TYPE_PRIORITY, kase->priority);
  event.new_value = desk_enum_to_nick (DESK_TYPE_PRIORITY, priority);
  return change_case (self, actor_id, case_id, update, &event, "case.priority", error);
}

static gboolean
store_set_case_client (DeskStore  *store,
                       gint64      actor_id,
                       gint64      case_id,
                       gint64      client_id,
                       GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskCase) kase = store_get_case (store, case_id, error);
  g_autoptr (DeskStmt) update = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  EventSpec event = { DESK_CASE_EVENT_CLIENT, 0 };

  if (kase == NULL)
    return FALSE;
  update = _desk_sqlite_store_prepare (self, "UPDATE cases SET client_id = ? WHERE id = ?", error);
  if (update == NULL)
    return FALSE;
  _desk_bind_id (update, 1, client_id);
  sqlite3_bind_int64 (update, 2, case_id);
  old_value = kase->client_id ? g_strdup_printf ("%" G_GINT64_FORMAT, kase->client_id) : NULL;
  new_value = client_id ? g_strdup_printf ("%" G_GINT64_FORMAT, client_id) : NULL;
  event.old_value = old_value;
  event.new_value = new_value;
  return change_case (self, actor_id, case_id, update, &event, "case.client", error);
}

static gboolean
store_add_case_note (DeskStore          *store,
                     gint64              actor_id,
                     gint64              case_id,
                     DeskCaseEventKind   kind,
                     const char         *body,
                     gboolean            is_public,
                     GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskCase) kase = NULL;
  EventSpec event = { kind, 0 };

  if (kind != DESK_CASE_EVENT_NOTE && kind != DESK_CASE_EVENT_PORTAL_MESSAGE &&
      kind != DESK_CASE_EVENT_ESCALATION)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Only notes, portal messages and escalations are written by hand"));
      return FALSE;
    }
  if (_desk_is_blank (body))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("The note is empty"));
      return FALSE;
    }
  kase = store_get_case (store, case_id, error);
  if (kase == NULL)
    return FALSE;
  event.body = body;
  event.is_public = is_public;
  return change_case (self, actor_id, case_id, NULL, &event, "case.note", error);
}

static gboolean
store_link_case_contact (DeskStore  *store,
                         gint64      actor_id,
                         gint64      case_id,
                         gint64      call_id,
                         gint64      chat_id,
                         GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autofree char *detail = NULL;

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  detail = g_strdup_printf ("%s %" G_GINT64_FORMAT, call_id > 0 ? "call" : "chat",
                            call_id > 0 ? call_id : chat_id);
  if (!link_contact (self, case_id, actor_id, call_id, chat_id, 0, error) ||
      !_desk_sqlite_store_audit (self, actor_id, "case.link", "case", case_id, detail, error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
store_list_case_events (DeskStore  *store,
                        gint64      case_id,
                        GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_case_event_free);
  int rc;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, at, actor_id, kind, call_id, chat_id, old_value, new_value, body, is_public "
    "FROM case_events WHERE case_id = ? ORDER BY at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskCaseEvent *event = g_new0 (DeskCaseEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->case_id = case_id;
      event->at = sqlite3_column_int64 (stmt, 1);
      event->actor_id = sqlite3_column_int64 (stmt, 2);
      event->kind = _desk_column_enum (stmt, 3, DESK_TYPE_CASE_EVENT_KIND);
      event->call_id = sqlite3_column_int64 (stmt, 4);
      event->chat_id = sqlite3_column_int64 (stmt, 5);
      event->old_value = _desk_column_text (stmt, 6);
      event->new_value = _desk_column_text (stmt, 7);
      event->body = _desk_column_text (stmt, 8);
      event->is_public = sqlite3_column_int (stmt, 9);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

static GArray *
store_list_client_cases (DeskStore  *store,
                         gint64      client_id,
                         gboolean    open_only,
                         GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id FROM cases WHERE client_id = ?1 "
    "AND (?2 = 0 OR status NOT IN ('resolved', 'closed')) ORDER BY updated_at DESC, id DESC",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

void
_desk_sqlite_store_cases_init (DeskStoreInterface *iface)
{
  iface->add_category = store_add_category;
  iface->add_scenario = store_add_scenario;
  iface->get_scenario = store_get_scenario;
  iface->set_scenario_resolve_at_once = store_set_scenario_resolve_at_once;
  iface->create_case = store_create_case;
  iface->get_case = store_get_case;
  iface->get_case_by_number = store_get_case_by_number;
  iface->set_case_status = store_set_case_status;
  iface->assign_case = store_assign_case;
  iface->set_case_priority = store_set_case_priority;
  iface->set_case_client = store_set_case_client;
  iface->add_case_note = store_add_case_note;
  iface->link_case_contact = store_link_case_contact;
  iface->list_case_events = store_list_case_events;
  iface->list_client_cases = store_list_client_cases;
}
