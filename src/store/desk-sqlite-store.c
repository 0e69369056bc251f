/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"
#include "desk-store-resources.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#define MIGRATIONS_PATH "/io/github/frontdesk/store/migrations"
#define BUSY_TIMEOUT_MS 5000

static void desk_store_iface_init (DeskStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeskSqliteStore, desk_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DESK_TYPE_STORE, desk_store_iface_init))

/* Helpers shared by the backend's files */

void
_desk_stmt_release (DeskStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gint64
_desk_sqlite_store_now (DeskSqliteStore *self)
{
  if (self->clock != 0)
    return self->clock;
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
_desk_sqlite_store_fail (DeskSqliteStore  *self,
                         GError          **error)
{
  int code = sqlite3_extended_errcode (self->db);
  const char *msg = sqlite3_errmsg (self->db);
  DeskError desk_code;

  switch (code)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      desk_code = DESK_ERROR_CONFLICT;
      g_set_error (error, DESK_ERROR, desk_code, _("This already exists (%s)"), msg);
      return FALSE;
    case SQLITE_CONSTRAINT_TRIGGER:
      desk_code = DESK_ERROR_FORBIDDEN;
      break;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      desk_code = DESK_ERROR_INVALID;
      break;
    default:
      desk_code = DESK_ERROR_STORE;
      break;
    }
  g_set_error (error, DESK_ERROR, desk_code, _("The office store refused the change: %s"), msg);
  return FALSE;
}

sqlite3_stmt *
_desk_sqlite_store_prepare (DeskSqliteStore  *self,
                            const char       *sql,
                            GError          **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (self->db == NULL)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_STORE, _("The office store is closed"));
      return NULL;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_desk_sqlite_store_step_done (DeskSqliteStore  *self,
                              sqlite3_stmt     *stmt,
                              GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _desk_sqlite_store_fail (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
_desk_sqlite_store_insert (DeskSqliteStore  *self,
                           sqlite3_stmt     *stmt,
                           GError          **error)
{
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
_desk_sqlite_store_exec (DeskSqliteStore  *self,
                         const char       *sql,
                         GError          **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _desk_sqlite_store_fail (self, error);
  return TRUE;
}

/* Savepoints nest, so a store method that runs in its own transaction can
 * also run inside a caller's batch (the demo, an import). */
gboolean
_desk_sqlite_store_begin (DeskSqliteStore  *self,
                          GError          **error)
{
  g_autofree char *sql = NULL;

  if (self->savepoint_depth == 0)
    {
      if (!_desk_sqlite_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      sql = g_strdup_printf ("SAVEPOINT desk_%u", self->savepoint_depth);
      if (!_desk_sqlite_store_exec (self, sql, error))
        return FALSE;
    }
  self->savepoint_depth++;
  return TRUE;
}

gboolean
_desk_sqlite_store_commit (DeskSqliteStore  *self,
                           GError          **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->savepoint_depth > 0, FALSE);

  if (self->savepoint_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE desk_%u", self->savepoint_depth - 1);
  if (!_desk_sqlite_store_exec (self, sql, error))
    {
      _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  self->savepoint_depth--;
  return TRUE;
}

void
_desk_sqlite_store_rollback (DeskSqliteStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (self->savepoint_depth > 0);

  if (self->savepoint_depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO desk_%u; RELEASE desk_%u",
                           self->savepoint_depth - 1, self->savepoint_depth - 1);
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Rollback failed: %s", sqlite3_errmsg (self->db));
  self->savepoint_depth--;
}

gboolean
_desk_sqlite_store_audit (DeskSqliteStore  *self,
                          gint64            actor_id,
                          const char       *action,
                          const char       *object_type,
                          gint64            object_id,
                          const char       *detail,
                          GError          **error)
{
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_time (stmt, 1, _desk_sqlite_store_now (self));
  _desk_bind_id (stmt, 2, actor_id);
  _desk_bind_text (stmt, 3, action);
  _desk_bind_text (stmt, 4, object_type);
  _desk_bind_id (stmt, 5, object_id);
  _desk_bind_text (stmt, 6, detail);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

/* Runs @sql with one integer argument and returns the first column of the
 * first row, or 0 if there is no row. */
gint64
_desk_sqlite_store_scalar (DeskSqliteStore  *self,
                           const char       *sql,
                           gint64            arg,
                           GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    _desk_sqlite_store_fail (self, error);
  return 0;
}

/* The first column of every row, as an array of gint64. */
GArray *
_desk_sqlite_store_collect_ids (DeskSqliteStore  *self,
                                sqlite3_stmt     *stmt,
                                GError          **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

void
_desk_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
_desk_bind_id (sqlite3_stmt *stmt,
               int           index,
               gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

void
_desk_bind_time (sqlite3_stmt *stmt,
                 int           index,
                 gint64        time)
{
  if (time != 0)
    sqlite3_bind_int64 (stmt, index, time);
  else
    sqlite3_bind_null (stmt, index);
}

void
_desk_bind_enum (sqlite3_stmt *stmt,
                 int           index,
                 GType         type,
                 int           value)
{
  /* An unknown value binds NULL, which the schema's NOT NULL / CHECK refuse. */
  sqlite3_bind_text (stmt, index, desk_enum_to_nick (type, value), -1, SQLITE_STATIC);
}

char *
_desk_column_text (sqlite3_stmt *stmt,
                   int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *) text) : NULL;
}

int
_desk_column_enum (sqlite3_stmt *stmt,
                   int           index,
                   GType         type)
{
  int value = 0;

  if (!desk_enum_from_nick (type, (const char *) sqlite3_column_text (stmt, index), &value, NULL))
    g_warning ("Unknown %s in the store: %s", g_type_name (type),
               (const char *) sqlite3_column_text (stmt, index));
  return value;
}

gboolean
_desk_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Quotes @text as one FTS5 phrase, so that nothing a user types is taken
 * as query syntax. */
char *
_desk_fts_phrase (const char *text)
{
  g_autoptr (GString) phrase = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

/* Checkpoints
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its
 * threshold, on the caller's thread: the main loop, which then stops for
 * as long as the pages take to copy and sync (100–250 ms were seen under
 * chat load). Instead, a commit that leaves the WAL over CHECKPOINT_PAGES
 * starts a PASSIVE checkpoint on a thread with a connection of its own.
 * In WAL mode that never blocks the main connection's readers or writers;
 * it copies what it can, and the next big commit starts another. */

#define CHECKPOINT_PAGES 1000

static gpointer
checkpoint_thread (gpointer data)
{
  DeskSqliteStore *self = data;
  int rc;

  /* A connection finds the WAL on its first read: until then it would
   * checkpoint nothing. */
  if (self->checkpoint_db == NULL &&
      (sqlite3_open_v2 (self->path, &self->checkpoint_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL) != SQLITE_OK ||
       sqlite3_exec (self->checkpoint_db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK))
    {
      g_warning ("The checkpoint connection did not open: %s",
                 self->checkpoint_db ? sqlite3_errmsg (self->checkpoint_db) : "out of memory");
      g_clear_pointer (&self->checkpoint_db, sqlite3_close);
    }
  if (self->checkpoint_db)
    {
      int log = -1, done = -1;

      rc = sqlite3_wal_checkpoint_v2 (self->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      &log, &done);
      g_debug ("Checkpoint: %d of %d pages (%d)", done, log, rc);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_warning ("WAL checkpoint failed: %s", sqlite3_errmsg (self->checkpoint_db));
    }
  g_atomic_int_set (&self->checkpoint_running, 0);
  return NULL;
}

static void
join_checkpoint (DeskSqliteStore *self)
{
  if (self->checkpoint_thread)
    g_thread_join (g_steal_pointer (&self->checkpoint_thread));
}

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  DeskSqliteStore *self = data;
  g_autoptr (GError) error = NULL;

  if (pages < CHECKPOINT_PAGES || g_atomic_int_get (&self->checkpoint_running))
    return SQLITE_OK;
  join_checkpoint (self);
  g_atomic_int_set (&self->checkpoint_running, 1);
  self->checkpoint_thread = g_thread_try_new ("desk-checkpoint", checkpoint_thread, self, &error);
  if (self->checkpoint_thread == NULL)
    {
      /* No thread: checkpoint here, as SQLite would have. */
      g_atomic_int_set (&self->checkpoint_running, 0);
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
  return SQLITE_OK;
}

/* Opening and migrations */

static int
migration_number (const char *name)
{
  char *end = NULL;
  long n = strtol (name, &end, 10);

  if (end == name || *end != '-' || !g_str_has_suffix (name, ".sql") || n <= 0)
    return -1;
  return (int) n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
migrate (DeskSqliteStore  *self,
         GError          **error)
{
  static gsize registered = 0;
  g_auto (GStrv) names = NULL;
  int latest = 0;
  guint n;

  /* Registered by hand (--manual-register): a constructor in a static
   * library is dropped by the linker when nothing else references it. */
  if (g_once_init_enter (&registered))
    {
      desk_store_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, error);
  if (names == NULL)
    return FALSE;
  n = g_strv_length (names);
  qsort (names, n, sizeof (char *), compare_names);

  for (guint i = 0; i < n; i++)
    latest = MAX (latest, migration_number (names[i]));

  self->version = (int) _desk_sqlite_store_scalar (self, "PRAGMA user_version", 0, error);
  if (self->version > latest)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_STORE,
                   _("The office store %s was made by a newer Frontdesk (schema %d; this one knows %d). "
                     "It was not changed."),
                   self->path, self->version, latest);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      int number = migration_number (names[i]);
      g_autofree char *path = NULL;
      g_autofree char *set_version = NULL;
      g_autoptr (GBytes) sql = NULL;
      g_autofree char *text = NULL;

      if (number < 0)
        {
          g_warning ("Ignoring a migration that is not named NNNN-what.sql: %s", names[i]);
          continue;
        }
      if (number <= self->version)
        continue;

      path = g_strconcat (MIGRATIONS_PATH "/", names[i], NULL);
      sql = g_resources_lookup_data (path, 0, error);
      if (sql == NULL)
        return FALSE;
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      set_version = g_strdup_printf ("PRAGMA user_version = %d", number);

      g_debug ("Applying migration %s", names[i]);
      if (!_desk_sqlite_store_begin (self, error))
        return FALSE;
      if (!_desk_sqlite_store_exec (self, text, error) ||
          !_desk_sqlite_store_exec (self, set_version, error) ||
          !_desk_sqlite_store_commit (self, error))
        {
          if (self->savepoint_depth > 0)
            _desk_sqlite_store_rollback (self);
          g_prefix_error (error, _("Migration %s failed: "), names[i]);
          return FALSE;
        }
      self->version = number;
    }
  return TRUE;
}

static gboolean
open_db (DeskSqliteStore  *self,
         GError          **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  static const char *pragmas =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA temp_store = MEMORY;";
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot make the data folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                        SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_STORE, _("Cannot open the office store %s: %s"),
                   self->path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!_desk_sqlite_store_exec (self, pragmas, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }
  /* Replaces SQLite's own automatic checkpoint (see on_wal_commit). */
  sqlite3_wal_hook (self->db, on_wal_commit, self);
  return migrate (self, error) && _desk_sqlite_store_register_kb_rank (self, error);
}

/* GObject */

static void
desk_sqlite_store_finalize (GObject *object)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (object);

  desk_sqlite_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (desk_sqlite_store_parent_class)->finalize (object);
}

static void
desk_sqlite_store_class_init (DeskSqliteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = desk_sqlite_store_finalize;
}

static void
desk_sqlite_store_init (DeskSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

/* The interface: transactions, settings, audit */

static gboolean
store_begin (DeskStore *store, GError **error)
{
  return _desk_sqlite_store_begin (DESK_SQLITE_STORE (store), error);
}

static gboolean
store_commit (DeskStore *store, GError **error)
{
  return _desk_sqlite_store_commit (DESK_SQLITE_STORE (store), error);
}

static void
store_rollback (DeskStore *store)
{
  _desk_sqlite_store_rollback (DESK_SQLITE_STORE (store));
}

static void
store_set_clock (DeskStore *store,
                 gint64     now)
{
  DESK_SQLITE_STORE (store)->clock = now;
}

static char *
store_get_setting (DeskStore  *store,
                   const char *key)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _desk_column_text (stmt, 0);
}

static gboolean
store_set_setting (DeskStore   *store,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (value == NULL)
    stmt = _desk_sqlite_store_prepare (self, "DELETE FROM settings WHERE key = ?", error);
  else
    stmt = _desk_sqlite_store_prepare (self,
      "INSERT INTO settings (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_text (stmt, 1, key);
  if (value)
    _desk_bind_text (stmt, 2, value);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

static gboolean
store_add_audit (DeskStore   *store,
                 gint64       actor_id,
                 const char  *action,
                 const char  *object_type,
                 gint64       object_id,
                 const char  *detail,
                 GError     **error)
{
  return _desk_sqlite_store_audit (DESK_SQLITE_STORE (store), actor_id, action, object_type,
                                   object_id, detail, error);
}

static GPtrArray *
store_list_audit (DeskStore   *store,
                  const char  *object_type,
                  gint64       object_id,
                  GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_audit_entry_free);
  int rc;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, at, actor_id, action, object_type, object_id, detail FROM audit_log "
    "WHERE object_type = ? AND object_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, object_type);
  sqlite3_bind_int64 (stmt, 2, object_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskAuditEntry *entry = g_new0 (DeskAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->actor_id = sqlite3_column_int64 (stmt, 2);
      entry->action = _desk_column_text (stmt, 3);
      entry->object_type = _desk_column_text (stmt, 4);
      entry->object_id = sqlite3_column_int64 (stmt, 5);
      entry->detail = _desk_column_text (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static void
desk_store_iface_init (DeskStoreInterface *iface)
{
  iface->begin = store_begin;
  iface->commit = store_commit;
  iface->rollback = store_rollback;
  iface->set_clock = store_set_clock;
  iface->get_setting = store_get_setting;
  iface->set_setting = store_set_setting;
  iface->add_audit = store_add_audit;
  iface->list_audit = store_list_audit;

  _desk_sqlite_store_people_init (iface);
  _desk_sqlite_store_cases_init (iface);
  _desk_sqlite_store_contacts_init (iface);
  _desk_sqlite_store_office_init (iface);
  _desk_sqlite_store_routing_init (iface);
  _desk_sqlite_store_chat_init (iface);
  _desk_sqlite_store_sessions_init (iface);
  _desk_sqlite_store_portal_init (iface);
  _desk_sqlite_store_bot_init (iface);
  _desk_sqlite_store_kpi_init (iface);
  _desk_sqlite_store_agent_init (iface);
  _desk_sqlite_store_history_init (iface);
}

/* Public */

/**
 * desk_sqlite_store_new:
 * @path: the SQLite file; it and its folder are made if missing
 * @error: a #GError
 *
 * Opens the office store in WAL mode with foreign keys on and brings its
 * schema up to date. A file made by a newer version is refused untouched.
 *
 * Returns: (transfer full): the store, or %NULL
 */
DeskSqliteStore *
desk_sqlite_store_new (const char  *path,
                       GError     **error)
{
  g_autoptr (DeskSqliteStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (DESK_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_db (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
desk_sqlite_store_get_path (DeskSqliteStore *self)
{
  g_return_val_if_fail (DESK_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

int
desk_sqlite_store_get_version (DeskSqliteStore *self)
{
  g_return_val_if_fail (DESK_IS_SQLITE_STORE (self), 0);
  return self->version;
}

/**
 * desk_sqlite_store_check:
 *
 * Runs SQLite's integrity and foreign key checks.
 */
gboolean
desk_sqlite_store_check (DeskSqliteStore  *self,
                         GError          **error)
{
  g_autoptr (DeskStmt) integrity = NULL;
  g_autoptr (DeskStmt) foreign = NULL;
  const char *answer;

  g_return_val_if_fail (DESK_IS_SQLITE_STORE (self), FALSE);

  integrity = _desk_sqlite_store_prepare (self, "PRAGMA integrity_check", error);
  if (integrity == NULL)
    return FALSE;
  if (sqlite3_step (integrity) != SQLITE_ROW)
    return _desk_sqlite_store_fail (self, error);
  answer = (const char *) sqlite3_column_text (integrity, 0);
  if (g_strcmp0 (answer, "ok") != 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_STORE, _("The office store is damaged: %s"),
                   answer);
      return FALSE;
    }

  foreign = _desk_sqlite_store_prepare (self, "PRAGMA foreign_key_check", error);
  if (foreign == NULL)
    return FALSE;
  if (sqlite3_step (foreign) == SQLITE_ROW)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_STORE,
                   _("The office store has a broken reference in %s"),
                   (const char *) sqlite3_column_text (foreign, 0));
      return FALSE;
    }
  return TRUE;
}

/**
 * desk_sqlite_store_close:
 *
 * Checkpoints the WAL into the main file and closes it. Further calls fail
 * with %DESK_ERROR_STORE. Called on shutdown so that the file on disk is
 * whole on its own.
 */
void
desk_sqlite_store_close (DeskSqliteStore *self)
{
  g_return_if_fail (DESK_IS_SQLITE_STORE (self));

  if (self->db == NULL)
    return;
  while (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  g_hash_table_remove_all (self->statements);
  join_checkpoint (self);
  g_clear_pointer (&self->checkpoint_db, sqlite3_close);
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    g_warning ("WAL checkpoint failed: %s", sqlite3_errmsg (self->db));
  if (sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Closing the store failed: %s", sqlite3_errmsg (self->db));
  self->db = NULL;
}
