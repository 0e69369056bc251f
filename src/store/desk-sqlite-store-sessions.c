/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

/*
 * What the agent API keeps beyond the office's records: its sessions, the
 * edits an operator makes to a client's card during a call, and the list of
 * an operator's own cases for their inbox.
 *
 * A session row holds only the SHA-256 of its token: a copy of the file
 * gives nobody a way in.
 */

/* Sessions that ended this long ago are swept when a new one is made. */
#define SESSION_KEEP_SECONDS (7 * 24 * 3600)

static gboolean
valid_hash (const char  *token_hash,
            GError     **error)
{
  if (token_hash != NULL && strlen (token_hash) == 64)
    return TRUE;
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("Not a session token's hash"));
  return FALSE;
}

static gboolean
store_add_session (DeskStore   *store,
                   const char  *token_hash,
                   gint64       user_id,
                   gint64       expires_at,
                   GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) sweep = NULL;
  g_autoptr (DeskStmt) insert = NULL;
  gint64 now = _desk_sqlite_store_now (self);

  if (!valid_hash (token_hash, error))
    return FALSE;
  sweep = _desk_sqlite_store_prepare (self, "DELETE FROM sessions WHERE expires_at < ?", error);
  insert = _desk_sqlite_store_prepare (self,
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    error);
  if (sweep == NULL || insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (sweep, 1, now - SESSION_KEEP_SECONDS);
  _desk_bind_text (insert, 1, token_hash);
  sqlite3_bind_int64 (insert, 2, user_id);
  sqlite3_bind_int64 (insert, 3, now);
  sqlite3_bind_int64 (insert, 4, expires_at);

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!_desk_sqlite_store_step_done (self, sweep, error) ||
      !_desk_sqlite_store_step_done (self, insert, error) ||
      !_desk_sqlite_store_audit (self, user_id, "session.add", "user", user_id, NULL, error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_get_session (DeskStore   *store,
                   const char  *token_hash,
                   gint64      *user_id,
                   gint64      *expires_at,
                   gboolean    *revoked,
                   GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  int rc;

  if (!valid_hash (token_hash, error))
    return FALSE;
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT user_id, expires_at, revoked FROM sessions WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (user_id)
        *user_id = sqlite3_column_int64 (stmt, 0);
      if (expires_at)
        *expires_at = sqlite3_column_int64 (stmt, 1);
      if (revoked)
        *revoked = sqlite3_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such session"));
  else
    _desk_sqlite_store_fail (self, error);
  return FALSE;
}

static gboolean
store_revoke_session (DeskStore   *store,
                      const char  *token_hash,
                      GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (!valid_hash (token_hash, error))
    return FALSE;
  stmt = _desk_sqlite_store_prepare (self,
    "UPDATE sessions SET revoked = 1 WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, token_hash);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such session"));
      return FALSE;
    }
  return TRUE;
}

static int
store_revoke_user_sessions (DeskStore  *store,
                            gint64      actor_id,
                            gint64      user_id,
                            GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  int changed;

  stmt = _desk_sqlite_store_prepare (self,
    "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (!_desk_sqlite_store_begin (self, error))
    return -1;
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    goto fail;
  changed = sqlite3_changes (self->db);
  if (!_desk_sqlite_store_audit (self, actor_id, "session.revoke_all", "user", user_id, NULL,
                                 error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return changed;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return -1;
}

/* The client's card */

static gboolean
client_exists (DeskSqliteStore  *self,
               gint64            client_id,
               GError          **error)
{
  g_autoptr (GError) local_error = NULL;
  gint64 found = _desk_sqlite_store_scalar (self, "SELECT count(*) FROM clients WHERE id = ?",
                                            client_id, &local_error);

  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (found == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such client"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_update_client (DeskStore   *store,
                     gint64       actor_id,
                     gint64       client_id,
                     const char  *name,
                     const char  *note,
                     int          vip,
                     GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GString) detail = g_string_new (NULL);

  if (name != NULL && (_desk_is_blank (name) || g_utf8_strlen (name, -1) > 200))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A client's name is 1 to 200 characters"));
      return FALSE;
    }
  if (!client_exists (self, client_id, error))
    return FALSE;
  /* NULL and -1 leave a field as it is; an empty note clears it. */
  stmt = _desk_sqlite_store_prepare (self,
    "UPDATE clients SET name = coalesce (?1, name), "
    "  note = CASE WHEN ?2 IS NULL THEN note WHEN ?2 = '' THEN NULL ELSE ?2 END, "
    "  vip = CASE WHEN ?3 < 0 THEN vip ELSE ?3 END, updated_at = ?4 WHERE id = ?5", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, name);
  _desk_bind_text (stmt, 2, note);
  sqlite3_bind_int (stmt, 3, vip < 0 ? -1 : vip ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, _desk_sqlite_store_now (self));
  sqlite3_bind_int64 (stmt, 5, client_id);
  if (name)
    g_string_append (detail, "name ");
  if (note)
    g_string_append (detail, "note ");
  if (vip >= 0)
    g_string_append (detail, "vip ");

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!_desk_sqlite_store_step_done (self, stmt, error) ||
      !_desk_sqlite_store_audit (self, actor_id, "client.edit", "client", client_id,
                                 g_strstrip (detail->str), error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_email (const char *email)
{
  const char *at;

  if (email == NULL || strlen (email) > 254 || strpbrk (email, " \t\r\n<>\"") != NULL)
    return FALSE;
  at = strchr (email, '@');
  return at != NULL && at != email && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

static gboolean
store_add_client_email (DeskStore   *store,
                        gint64       actor_id,
                        gint64       client_id,
                        const char  *email,
                        GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) insert = NULL;
  g_autoptr (DeskStmt) touch = NULL;

  if (!valid_email (email))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not an e-mail address"),
                   email ? email : "");
      return FALSE;
    }
  if (!client_exists (self, client_id, error))
    return FALSE;
  insert = _desk_sqlite_store_prepare (self,
    "INSERT INTO client_emails (client_id, email) VALUES (?, ?)", error);
  touch = _desk_sqlite_store_prepare (self,
    "UPDATE clients SET updated_at = ? WHERE id = ?", error);
  if (insert == NULL || touch == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, client_id);
  _desk_bind_text (insert, 2, email);
  sqlite3_bind_int64 (touch, 1, _desk_sqlite_store_now (self));
  sqlite3_bind_int64 (touch, 2, client_id);

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!_desk_sqlite_store_step_done (self, insert, error) ||
      !_desk_sqlite_store_step_done (self, touch, error) ||
      !_desk_sqlite_store_audit (self, actor_id, "client.email", "client", client_id, email,
                                 error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static GArray *
store_list_owner_cases (DeskStore  *store,
                        gint64      owner_id,
                        gboolean    open_only,
                        GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  /* Most urgent first: what is overdue soonest, then the newest. */
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id FROM cases WHERE owner_id = ?1 "
    "AND (?2 = 0 OR status NOT IN ('resolved', 'closed')) "
    "ORDER BY due_at IS NULL, due_at, updated_at DESC, id DESC LIMIT 500", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, owner_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

void
_desk_sqlite_store_sessions_init (DeskStoreInterface *iface)
{
  iface->add_session = store_add_session;
  iface->get_session = store_get_session;
  iface->revoke_session = store_revoke_session;
  iface->revoke_user_sessions = store_revoke_user_sessions;
  iface->update_client = store_update_client;
  iface->add_client_email = store_add_client_email;
  iface->list_owner_cases = store_list_owner_cases;
}
