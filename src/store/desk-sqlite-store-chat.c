/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "config.h"

#include "desk-sqlite-store-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

/* Chats while they happen: read back, updated as they are answered and
 * end, read marks, and the messages a follower has not had yet. Messages
 * are added in desk-sqlite-store-contacts.c. */

static DeskChat *
store_get_chat (DeskStore  *store,
                gint64      id,
                GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT visitor_name, visitor_contact, client_id, queue_id, operator_id, channel, "
    "       started_at, answered_at, ended_at, wait_seconds, outcome, csat, not_a_case "
    "FROM chats WHERE id = ?", error);
  DeskChat *chat;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such chat"));
      else
        _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  chat = desk_chat_new ();
  chat->id = id;
  chat->visitor_name = _desk_column_text (stmt, 0);
  chat->visitor_contact = _desk_column_text (stmt, 1);
  chat->client_id = sqlite3_column_int64 (stmt, 2);
  chat->queue_id = sqlite3_column_int64 (stmt, 3);
  chat->operator_id = sqlite3_column_int64 (stmt, 4);
  chat->channel = _desk_column_enum (stmt, 5, DESK_TYPE_CHANNEL);
  chat->started_at = sqlite3_column_int64 (stmt, 6);
  chat->answered_at = sqlite3_column_int64 (stmt, 7);
  chat->ended_at = sqlite3_column_int64 (stmt, 8);
  chat->wait_seconds = sqlite3_column_int (stmt, 9);
  chat->outcome = _desk_column_enum (stmt, 10, DESK_TYPE_CALL_OUTCOME);
  chat->csat = sqlite3_column_int (stmt, 11);
  chat->not_a_case = sqlite3_column_int (stmt, 12) != 0;
  return chat;
}

static gboolean
store_update_chat (DeskStore       *store,
                   const DeskChat  *chat,
                   GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (chat == NULL || (chat->csat != 0 && (chat->csat < 1 || chat->csat > 5)))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A rating is a whole number from 1 to 5"));
      return FALSE;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "UPDATE chats SET client_id = ?, queue_id = ?, operator_id = ?, answered_at = ?, "
    "                 ended_at = ?, wait_seconds = ?, outcome = ?, csat = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _desk_bind_id (stmt, 1, chat->client_id);
  _desk_bind_id (stmt, 2, chat->queue_id);
  _desk_bind_id (stmt, 3, chat->operator_id);
  _desk_bind_time (stmt, 4, chat->answered_at);
  _desk_bind_time (stmt, 5, chat->ended_at);
  sqlite3_bind_int (stmt, 6, MAX (chat->wait_seconds, 0));
  _desk_bind_enum (stmt, 7, DESK_TYPE_CALL_OUTCOME, chat->outcome);
  if (chat->csat > 0)
    sqlite3_bind_int (stmt, 8, chat->csat);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, chat->id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such chat"));
      return FALSE;
    }
  return TRUE;
}

/* Marks as read, up to @up_to, the messages the other side wrote: the
 * visitor reads operators' and the bot's, an operator reads the visitor's. */
static int
store_mark_chat_read (DeskStore       *store,
                      gint64           chat_id,
                      DeskChatSender   reader,
                      gint64           up_to,
                      GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "UPDATE chat_messages SET read_at = ?1 "
    "WHERE chat_id = ?2 AND id <= ?3 AND read_at IS NULL "
    "  AND ((?4 = 'visitor' AND sender IN ('operator', 'bot', 'system')) "
    "    OR (?4 <> 'visitor' AND sender = 'visitor'))", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, _desk_sqlite_store_now (self));
  sqlite3_bind_int64 (stmt, 2, chat_id);
  sqlite3_bind_int64 (stmt, 3, up_to);
  _desk_bind_enum (stmt, 4, DESK_TYPE_CHAT_SENDER, reader);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return -1;
  return sqlite3_changes (self->db);
}

static GPtrArray *
store_list_chat_messages_after (DeskStore  *store,
                                gint64      chat_id,
                                gint64      after_id,
                                GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_chat_message_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, at, sender, operator_id, body, read_at FROM chat_messages "
    "WHERE chat_id = ? AND id > ? ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chat_id);
  sqlite3_bind_int64 (stmt, 2, after_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskChatMessage *message = g_new0 (DeskChatMessage, 1);

      message->id = sqlite3_column_int64 (stmt, 0);
      message->chat_id = chat_id;
      message->at = sqlite3_column_int64 (stmt, 1);
      message->sender = _desk_column_enum (stmt, 2, DESK_TYPE_CHAT_SENDER);
      message->operator_id = sqlite3_column_int64 (stmt, 3);
      message->body = _desk_column_text (stmt, 4);
      message->read_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (messages, message);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&messages);
}

void
_desk_sqlite_store_chat_init (DeskStoreInterface *iface)
{
  iface->get_chat = store_get_chat;
  iface->update_chat = store_update_chat;
  iface->mark_chat_read = store_mark_chat_read;
  iface->list_chat_messages_after = store_list_chat_messages_after;
}
