/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

/* Calls */

#define CALL_COLUMNS \
  "direction, caller, caller_e164, callee, dialled, client_id, queue_id, ivr_path, operator_id, " \
  "offered_at, answered_at, ended_at, wait_seconds, talk_seconds, hold_seconds, wrapup_seconds, " \
  "outcome, disposition, recording_path, hangup_cause, campaign_contact_id, not_a_case"

static gboolean
bind_call (sqlite3_stmt    *stmt,
           const DeskCall  *call,
           GError         **error)
{
  if (call->caller == NULL || call->callee == NULL || call->offered_at <= 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A call record needs a caller, a callee and the time it was offered"));
      return FALSE;
    }
  _desk_bind_enum (stmt, 1, DESK_TYPE_CALL_DIRECTION, call->direction);
  _desk_bind_text (stmt, 2, call->caller);
  _desk_bind_text (stmt, 3, call->caller_e164);
  _desk_bind_text (stmt, 4, call->callee);
  _desk_bind_text (stmt, 5, call->dialled);
  _desk_bind_id (stmt, 6, call->client_id);
  _desk_bind_id (stmt, 7, call->queue_id);
  _desk_bind_text (stmt, 8, call->ivr_path);
  _desk_bind_id (stmt, 9, call->operator_id);
  sqlite3_bind_int64 (stmt, 10, call->offered_at);
  _desk_bind_time (stmt, 11, call->answered_at);
  _desk_bind_time (stmt, 12, call->ended_at);
  sqlite3_bind_int (stmt, 13, call->wait_seconds);
  sqlite3_bind_int (stmt, 14, call->talk_seconds);
  sqlite3_bind_int (stmt, 15, call->hold_seconds);
  sqlite3_bind_int (stmt, 16, call->wrapup_seconds);
  _desk_bind_enum (stmt, 17, DESK_TYPE_CALL_OUTCOME, call->outcome);
  _desk_bind_text (stmt, 18, call->disposition);
  _desk_bind_text (stmt, 19, call->recording_path);
  _desk_bind_text (stmt, 20, call->hangup_cause);
  _desk_bind_id (stmt, 21, call->campaign_contact_id);
  sqlite3_bind_int (stmt, 22, call->not_a_case ? 1 : 0);
  return TRUE;
}

static gint64
store_add_call (DeskStore       *store,
                const DeskCall  *call,
                GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO calls (" CALL_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL || !bind_call (stmt, call, error))
    return 0;
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gboolean
store_update_call (DeskStore       *store,
                   const DeskCall  *call,
                   GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "UPDATE calls SET (" CALL_COLUMNS ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?) WHERE id = ?23", error);

  if (stmt == NULL || !bind_call (stmt, call, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 23, call->id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such call"));
      return FALSE;
    }
  return TRUE;
}

static DeskCall *
store_get_call (DeskStore  *store,
                gint64      id,
                GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT " CALL_COLUMNS " FROM calls WHERE id = ?", error);
  g_autoptr (DeskCall) call = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such call"));
      else
        _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  call = desk_call_new ();
  call->id = id;
  call->direction = _desk_column_enum (stmt, 0, DESK_TYPE_CALL_DIRECTION);
  call->caller = _desk_column_text (stmt, 1);
  call->caller_e164 = _desk_column_text (stmt, 2);
  call->callee = _desk_column_text (stmt, 3);
  call->dialled = _desk_column_text (stmt, 4);
  call->client_id = sqlite3_column_int64 (stmt, 5);
  call->queue_id = sqlite3_column_int64 (stmt, 6);
  call->ivr_path = _desk_column_text (stmt, 7);
  call->operator_id = sqlite3_column_int64 (stmt, 8);
  call->offered_at = sqlite3_column_int64 (stmt, 9);
  call->answered_at = sqlite3_column_int64 (stmt, 10);
  call->ended_at = sqlite3_column_int64 (stmt, 11);
  call->wait_seconds = sqlite3_column_int (stmt, 12);
  call->talk_seconds = sqlite3_column_int (stmt, 13);
  call->hold_seconds = sqlite3_column_int (stmt, 14);
  call->wrapup_seconds = sqlite3_column_int (stmt, 15);
  call->outcome = _desk_column_enum (stmt, 16, DESK_TYPE_CALL_OUTCOME);
  call->disposition = _desk_column_text (stmt, 17);
  call->recording_path = _desk_column_text (stmt, 18);
  call->hangup_cause = _desk_column_text (stmt, 19);
  call->campaign_contact_id = sqlite3_column_int64 (stmt, 20);
  call->not_a_case = sqlite3_column_int (stmt, 21);
  return g_steal_pointer (&call);
}

/* Chats */

static gint64
store_add_chat (DeskStore       *store,
                const DeskChat  *chat,
                GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO chats (visitor_name, visitor_contact, client_id, queue_id, operator_id, channel, "
    "                   started_at, answered_at, ended_at, wait_seconds, outcome, csat, not_a_case) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, chat->visitor_name);
  _desk_bind_text (stmt, 2, chat->visitor_contact);
  _desk_bind_id (stmt, 3, chat->client_id);
  _desk_bind_id (stmt, 4, chat->queue_id);
  _desk_bind_id (stmt, 5, chat->operator_id);
  _desk_bind_enum (stmt, 6, DESK_TYPE_CHANNEL, chat->channel);
  sqlite3_bind_int64 (stmt, 7, chat->started_at ? chat->started_at : _desk_sqlite_store_now (self));
  _desk_bind_time (stmt, 8, chat->answered_at);
  _desk_bind_time (stmt, 9, chat->ended_at);
  sqlite3_bind_int (stmt, 10, chat->wait_seconds);
  _desk_bind_enum (stmt, 11, DESK_TYPE_CALL_OUTCOME, chat->outcome);
  if (chat->csat > 0)
    sqlite3_bind_int (stmt, 12, chat->csat);
  sqlite3_bind_int (stmt, 13, chat->not_a_case ? 1 : 0);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_chat_message (DeskStore              *store,
                        const DeskChatMessage  *message,
                        GError                **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (message->body == NULL || !g_utf8_validate (message->body, -1, NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A chat message must be valid UTF-8 text"));
      return 0;
    }
  if (g_utf8_strlen (message->body, -1) > 4000)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_LIMIT,
                           _("A chat message is at most 4000 characters"));
      return 0;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO chat_messages (chat_id, at, sender, operator_id, body, read_at) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, message->chat_id);
  sqlite3_bind_int64 (stmt, 2, message->at ? message->at : _desk_sqlite_store_now (self));
  _desk_bind_enum (stmt, 3, DESK_TYPE_CHAT_SENDER, message->sender);
  _desk_bind_id (stmt, 4, message->operator_id);
  _desk_bind_text (stmt, 5, message->body);
  _desk_bind_time (stmt, 6, message->read_at);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static GPtrArray *
store_list_chat_messages (DeskStore  *store,
                          gint64      chat_id,
                          GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_chat_message_free);
  int rc;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, at, sender, operator_id, body, read_at FROM chat_messages "
    "WHERE chat_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chat_id);
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

/* Knowledge base */

static gint64
store_add_article (DeskStore          *store,
                   const DeskArticle  *article,
                   GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  gint64 now = article->updated_at ? article->updated_at : _desk_sqlite_store_now (self);

  if (article->title == NULL || article->body == NULL || *article->title == '\0')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("An article needs a title and a text"));
      return 0;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO kb_articles (title, body, visibility, category, author_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, article->title);
  _desk_bind_text (stmt, 2, article->body);
  _desk_bind_enum (stmt, 3, DESK_TYPE_VISIBILITY, article->visibility);
  _desk_bind_text (stmt, 4, article->category);
  _desk_bind_id (stmt, 5, article->author_id);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, now);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static DeskArticle *
read_article (sqlite3_stmt *stmt)
{
  DeskArticle *article = desk_article_new ((const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           _desk_column_enum (stmt, 3, DESK_TYPE_VISIBILITY));

  article->id = sqlite3_column_int64 (stmt, 0);
  article->category = _desk_column_text (stmt, 4);
  article->author_id = sqlite3_column_int64 (stmt, 5);
  article->updated_at = sqlite3_column_int64 (stmt, 6);
  return article;
}

static DeskArticle *
store_get_article (DeskStore  *store,
                   gint64      id,
                   GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, title, body, visibility, category, author_id, updated_at FROM kb_articles "
    "WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_article (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such article"));
  else
    _desk_sqlite_store_fail (self, error);
  return NULL;
}

/* Builds an FTS5 query that ANDs every word of three or more characters
 * (the trigram tokenizer cannot match shorter ones). Returns NULL if no
 * word is long enough. */
static char *
kb_query (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\r\n,.;:!?()[]{}«»\"'", -1);
  g_autoptr (GString) query = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *phrase = NULL;

      if (g_utf8_strlen (words[i], -1) < 3)
        continue;
      phrase = _desk_fts_phrase (words[i]);
      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append (query, phrase);
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gboolean
collect_hits (DeskSqliteStore  *self,
              sqlite3_stmt     *stmt,
              GPtrArray        *hits,
              GHashTable       *seen,
              guint             limit,
              GError          **error)
{
  int rc;

  while (hits->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      DeskArticle *article;

      if (g_hash_table_contains (seen, &id))
        continue;
      article = read_article (stmt);
      article->snippet = _desk_column_text (stmt, 7);
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      g_ptr_array_add (hits, article);
    }
  if (hits->len < limit && rc != SQLITE_DONE)
    return _desk_sqlite_store_fail (self, error);
  return TRUE;
}

/* Title hits first, ranked; then body hits, ranked by bm25 with the title
 * weighed in. Snippets mark the match with U+0002 … U+0003, which the
 * faces replace with their own highlighting after escaping the text. */
static GPtrArray *
store_search_articles (DeskStore   *store,
                       const char  *text,
                       gboolean     public_only,
                       guint        limit,
                       GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_article_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (DeskStmt) titles = NULL;
  g_autoptr (DeskStmt) bodies = NULL;
  g_autofree char *query = NULL;

  if (limit == 0)
    limit = 20;
  query = kb_query (text ? text : "");
  if (query == NULL)
    return g_steal_pointer (&hits);

  titles = _desk_sqlite_store_prepare (self,
    "SELECT a.id, a.title, a.body, a.visibility, a.category, a.author_id, a.updated_at, "
    "       substr (a.body, 1, 160) "
    "FROM kb_titles_fts f JOIN kb_articles a ON a.id = f.rowid "
    "WHERE kb_titles_fts MATCH ?1 AND (?2 = 0 OR a.visibility = 'public') "
    "ORDER BY f.rank LIMIT ?3", error);
  if (titles == NULL)
    return NULL;
  _desk_bind_text (titles, 1, query);
  sqlite3_bind_int (titles, 2, public_only ? 1 : 0);
  sqlite3_bind_int (titles, 3, (int) limit);
  if (!collect_hits (self, titles, hits, seen, limit, error))
    return NULL;
  if (hits->len >= limit)
    return g_steal_pointer (&hits);

  bodies = _desk_sqlite_store_prepare (self,
    "SELECT a.id, a.title, a.body, a.visibility, a.category, a.author_id, a.updated_at, "
    "       snippet (kb_bodies_fts, 0, char (2), char (3), '…', 16) "
    "FROM kb_bodies_fts JOIN kb_articles a ON a.id = kb_bodies_fts.rowid "
    "WHERE kb_bodies_fts MATCH ?1 AND (?2 = 0 OR a.visibility = 'public') "
    "ORDER BY kb_bodies_fts.rank LIMIT ?3", error);
  if (bodies == NULL)
    return NULL;
  _desk_bind_text (bodies, 1, query);
  sqlite3_bind_int (bodies, 2, public_only ? 1 : 0);
  sqlite3_bind_int (bodies, 3, (int) (limit + hits->len));
  if (!collect_hits (self, bodies, hits, seen, limit, error))
    return NULL;
  return g_steal_pointer (&hits);
}

static gint64
store_add_news (DeskStore   *store,
                const char  *title,
                const char  *body,
                gint64       published_at,
                gint64       author_id,
                GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO news (title, body, published_at, author_id) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, title);
  _desk_bind_text (stmt, 2, body);
  sqlite3_bind_int64 (stmt, 3, published_at ? published_at : _desk_sqlite_store_now (self));
  _desk_bind_id (stmt, 4, author_id);
  return _desk_sqlite_store_insert (self, stmt, error);
}

void
_desk_sqlite_store_contacts_init (DeskStoreInterface *iface)
{
  iface->add_call = store_add_call;
  iface->update_call = store_update_call;
  iface->get_call = store_get_call;
  iface->add_chat = store_add_chat;
  iface->add_chat_message = store_add_chat_message;
  iface->list_chat_messages = store_list_chat_messages;
  iface->add_article = store_add_article;
  iface->get_article = store_get_article;
  iface->search_articles = store_search_articles;
  iface->add_news = store_add_news;
}
