/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "desk-sqlite-store.h"
#include "desk-error.h"

G_BEGIN_DECLS

struct _DeskSqliteStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GHashTable *statements;  /* SQL text (static) → sqlite3_stmt */
  guint savepoint_depth;
  int version;
  gint64 clock;            /* 0: the real time */

  /* Checkpoints run on a thread of their own, on a connection of their
   * own (desk-sqlite-store.c): only that thread touches it until joined. */
  GThread *checkpoint_thread;
  sqlite3 *checkpoint_db;
  int checkpoint_running;  /* atomic */
};

/* A cached statement borrowed for one use: g_autoptr (DeskStmt) resets it
 * (it is never finalized) when it goes out of scope, so no read transaction
 * is left open by an early return. */
typedef sqlite3_stmt DeskStmt;
void _desk_stmt_release (DeskStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskStmt, _desk_stmt_release)

/* Each returns a statement reset and cleared of bindings, prepared once and
 * kept for the life of the store. */
sqlite3_stmt *_desk_sqlite_store_prepare   (DeskSqliteStore  *self,
                                            const char       *sql,
                                            GError          **error);
gboolean      _desk_sqlite_store_fail      (DeskSqliteStore  *self,
                                            GError          **error);
gboolean      _desk_sqlite_store_step_done (DeskSqliteStore  *self,
                                            sqlite3_stmt     *stmt,
                                            GError          **error);
gint64        _desk_sqlite_store_insert    (DeskSqliteStore  *self,
                                            sqlite3_stmt     *stmt,
                                            GError          **error);
gboolean      _desk_sqlite_store_exec      (DeskSqliteStore  *self,
                                            const char       *sql,
                                            GError          **error);
gboolean      _desk_sqlite_store_begin     (DeskSqliteStore  *self,
                                            GError          **error);
gboolean      _desk_sqlite_store_commit    (DeskSqliteStore  *self,
                                            GError          **error);
void          _desk_sqlite_store_rollback  (DeskSqliteStore  *self);
gboolean      _desk_sqlite_store_audit     (DeskSqliteStore  *self,
                                            gint64            actor_id,
                                            const char       *action,
                                            const char       *object_type,
                                            gint64            object_id,
                                            const char       *detail,
                                            GError          **error);
GArray       *_desk_sqlite_store_collect_ids (DeskSqliteStore *self,
                                              sqlite3_stmt    *stmt,
                                              GError         **error);
gint64        _desk_sqlite_store_scalar    (DeskSqliteStore  *self,
                                            const char       *sql,
                                            gint64            arg,
                                            GError          **error);

void          _desk_bind_text              (sqlite3_stmt     *stmt,
                                            int               index,
                                            const char       *text);
void          _desk_bind_id                (sqlite3_stmt     *stmt,
                                            int               index,
                                            gint64            id);
void          _desk_bind_time              (sqlite3_stmt     *stmt,
                                            int               index,
                                            gint64            time);
void          _desk_bind_enum              (sqlite3_stmt     *stmt,
                                            int               index,
                                            GType             type,
                                            int               value);
char         *_desk_column_text            (sqlite3_stmt     *stmt,
                                            int               index);
int           _desk_column_enum            (sqlite3_stmt     *stmt,
                                            int               index,
                                            GType             type);
gint64        _desk_sqlite_store_now       (DeskSqliteStore  *self);
char         *_desk_fts_phrase             (const char       *text);
gboolean      _desk_is_blank               (const char       *text);

gboolean _desk_sqlite_store_register_kb_rank (DeskSqliteStore *self,
                                              GError         **error);

void _desk_sqlite_store_people_init   (DeskStoreInterface *iface);
void _desk_sqlite_store_cases_init    (DeskStoreInterface *iface);
void _desk_sqlite_store_contacts_init (DeskStoreInterface *iface);
void _desk_sqlite_store_office_init   (DeskStoreInterface *iface);
void _desk_sqlite_store_routing_init  (DeskStoreInterface *iface);
void _desk_sqlite_store_chat_init     (DeskStoreInterface *iface);
void _desk_sqlite_store_sessions_init (DeskStoreInterface *iface);
void _desk_sqlite_store_portal_init   (DeskStoreInterface *iface);
void _desk_sqlite_store_bot_init      (DeskStoreInterface *iface);
void _desk_sqlite_store_kpi_init      (DeskStoreInterface *iface);
void _desk_sqlite_store_agent_init    (DeskStoreInterface *iface);
void _desk_sqlite_store_history_init  (DeskStoreInterface *iface);

G_END_DECLS
