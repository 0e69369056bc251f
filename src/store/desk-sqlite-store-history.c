/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-sqlite-store-private.h"
#include "desk-store.h"

/*
 * A client's history across channels: calls, chats and portal
 * conversations in one list, newest first.
 */

void
desk_client_contact_free (DeskClientContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->channel);
  g_free (contact->outcome);
  g_free (contact->disposition);
  g_free (contact);
}

static GPtrArray *
store_list_client_contacts (DeskStore  *store,
                            gint64      client_id,
                            guint       limit,
                            GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT 'phone', id, offered_at, direction = 'inbound', outcome, talk_seconds, disposition"
    "  FROM calls WHERE client_id = ?1 "
    "UNION ALL "
    "SELECT channel, id, started_at, 1, outcome,"
    "       MAX (0, COALESCE (ended_at, answered_at, started_at) -"
    "               COALESCE (answered_at, started_at)), NULL"
    "  FROM chats WHERE client_id = ?1 "
    "ORDER BY 3 DESC, 2 DESC LIMIT ?2", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  _desk_bind_id (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_client_contact_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskClientContact *contact = g_new0 (DeskClientContact, 1);

      contact->channel = _desk_column_text (stmt, 0);
      contact->id = sqlite3_column_int64 (stmt, 1);
      contact->at = sqlite3_column_int64 (stmt, 2);
      contact->inbound = sqlite3_column_int (stmt, 3) != 0;
      contact->outcome = _desk_column_text (stmt, 4);
      contact->seconds = sqlite3_column_int64 (stmt, 5);
      contact->disposition = _desk_column_text (stmt, 6);
      g_ptr_array_add (contacts, contact);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&contacts);
}

void
_desk_sqlite_store_history_init (DeskStoreInterface *iface)
{
  iface->list_client_contacts = store_list_client_contacts;
}

/**
 * desk_store_list_client_contacts:
 * @limit: at most this many, the newest
 *
 * Returns: (transfer full) (element-type DeskClientContact): the client's
 *   calls and chats, newest first, or %NULL with @error set
 */
GPtrArray *
desk_store_list_client_contacts (DeskStore  *self,
                                 gint64      client_id,
                                 guint       limit,
                                 GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_client_contacts (self, client_id, limit, error);
}
