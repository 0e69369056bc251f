/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

#include <string.h>

/* Calls */

/* What a live call's updates write, in bind_call ()'s order; not_a_case is
 * left out: it is an operator's audited decision (store_set_call_not_a_case). */
#define CALL_LIVE_COLUMNS \
  "direction, caller, caller_e164, callee, dialled, client_id, queue_id, ivr_path, operator_id, " \
  "offered_at, answered_at, ended_at, wait_seconds, talk_seconds, hold_seconds, wrapup_seconds, " \
  "outcome, disposition, recording_path, hangup_cause, campaign_contact_id"
#define CALL_COLUMNS CALL_LIVE_COLUMNS ", not_a_case"

/* What a call record carries from the network (SIP headers, a trunk's
 * cause text) is not always UTF-8. Stored as it came, it would break every
 * reader later (JSON, GTK); refusing it would lose the call record. */
static void
bind_wire_text (sqlite3_stmt *stmt,
                int           index,
                const char   *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    _desk_bind_text (stmt, index, text);
  else
    sqlite3_bind_text (stmt, index, g_utf8_make_valid (text, -1), -1, g_free);
}

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
  bind_wire_text (stmt, 2, call->caller);
  bind_wire_text (stmt, 3, call->caller_e164);
  bind_wire_text (stmt, 4, call->callee);
  bind_wire_text (stmt, 5, call->dialled);
  _desk_bind_id (stmt, 6, call->client_id);
  _desk_bind_id (stmt, 7, call->queue_id);
  bind_wire_text (stmt, 8, call->ivr_path);
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
  bind_wire_text (stmt, 20, call->hangup_cause);
  _desk_bind_id (stmt, 21, call->campaign_contact_id);
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
  sqlite3_bind_int (stmt, 22, call->not_a_case ? 1 : 0);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gboolean
store_update_call (DeskStore       *store,
                   const DeskCall  *call,
                   GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "UPDATE calls SET (" CALL_LIVE_COLUMNS ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?) WHERE id = ?22", error);

  if (stmt == NULL || !bind_call (stmt, call, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 22, call->id);
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

/* The whole transcript: the messages after none. */
static GPtrArray *
store_list_chat_messages (DeskStore  *store,
                          gint64      chat_id,
                          GError    **error)
{
  return desk_store_list_chat_messages_after (store, chat_id, 0, error);
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

/* What separates words in a query. Compared as characters, never as bytes:
 * g_strsplit_set () would split on the bytes of « and », one of which is
 * the second byte of "л" and "Ы". Apostrophes separate too, so that
 * "зв'язок" typed with any of them still finds the text. */
static gboolean
kb_is_separator (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isspace (c) || strchr (",.;:!?()[]{}\"'", (int) c) != NULL;
  return g_unichar_isspace (c) || c == 0x00AB || c == 0x00BB || c == 0x2019 || c == 0x02BC;
}

/* The words of a query worth searching for: three characters or more, as
 * the trigram tokenizer cannot match shorter ones. Empty if the text is not
 * UTF-8. */
static GPtrArray *
kb_words (const char *text)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return g_steal_pointer (&words);
  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && !kb_is_separator (c))
        {
          if (start == NULL)
            start = p;
          continue;
        }
      if (start != NULL && g_utf8_strlen (start, p - start) >= 3)
        g_ptr_array_add (words, g_strndup (start, p - start));
      start = NULL;
      if (c == 0)
        break;
    }
  return g_steal_pointer (&words);
}

/* An FTS5 query that ANDs the words, each quoted as a phrase. */
static char *
kb_query (GPtrArray *words)
{
  g_autoptr (GString) query = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *phrase = _desk_fts_phrase (g_ptr_array_index (words, i));

      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append (query, phrase);
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* Snippets are cut here rather than by FTS5's snippet (): with the trigram
 * tokenizer its tokens are three-letter windows, so a snippet of 16 tokens
 * is 18 letters cut mid-word, and making one means re-reading the index for
 * every row. Here: one line of about KB_SNIPPET_CHARS around the first match,
 * cut at spaces, with every occurrence of a query word marked U+0002 …
 * U+0003, matched as the index matches: case-insensitively, anywhere in a
 * word. Without a match in the text (a title hit), the text's beginning. */
#define KB_SNIPPET_CHARS 160
#define KB_SNIPPET_LEAD  40

static gunichar *
kb_fold (const char *text,
         glong      *n_chars,
         glong     **offsets)
{
  glong n = g_utf8_strlen (text, -1);
  gunichar *folded = g_new (gunichar, n + 1);
  const char *p = text;

  if (offsets)
    *offsets = g_new (glong, n + 1);
  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      folded[i] = g_unichar_tolower (g_utf8_get_char (p));
      if (offsets)
        (*offsets)[i] = p - text;
    }
  folded[n] = 0;
  if (offsets)
    (*offsets)[n] = p - text;
  *n_chars = n;
  return folded;
}

static char *
kb_snippet (const char *text,
            GPtrArray  *words)
{
  g_autofree glong *offsets = NULL;
  g_autofree guint8 *marked = NULL;
  g_autofree gunichar *folded = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  glong n, first = -1, from, to;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  folded = kb_fold (text, &n, &offsets);
  marked = g_new0 (guint8, n + 1);
  for (guint w = 0; w < words->len; w++)
    {
      glong m;
      g_autofree gunichar *word = kb_fold (g_ptr_array_index (words, w), &m, NULL);

      for (glong i = 0; m > 0 && i + m <= n; i++)
        if (folded[i] == word[0] && memcmp (folded + i, word, m * sizeof (gunichar)) == 0)
          {
            memset (marked + i, 1, m);
            if (first < 0 || i < first)
              first = i;
          }
    }

  from = first > KB_SNIPPET_LEAD ? first - KB_SNIPPET_LEAD : 0;
  while (from > 0 && from < first && !g_unichar_isspace (folded[from - 1]))
    from++;
  to = MIN (n, from + KB_SNIPPET_CHARS);
  while (to < n && to > MAX (first, from) + 1 && !g_unichar_isspace (folded[to]))
    to--;

  if (from > 0)
    g_string_append (out, "…");
  for (glong i = from; i < to; i++)
    {
      if (marked[i] && (i == from || !marked[i - 1]))
        g_string_append_c (out, '\002');
      if (g_unichar_isspace (folded[i]))
        g_string_append_c (out, ' ');  /* one line, paragraphs or not */
      else
        g_string_append_len (out, text + offsets[i], offsets[i + 1] - offsets[i]);
      if (marked[i] && (i + 1 == to || !marked[i + 1]))
        g_string_append_c (out, '\003');
    }
  if (to < n)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* How far a search looks: the newest this many matches of each index are
 * ranked, not every match. A common word is in tens of thousands of
 * articles; ranking them all costs tens of milliseconds, and what an
 * operator needs is on the first screen anyway. */
#define KB_CANDIDATES 256

typedef struct {
  gint64 id;
  double score;
} KbCandidate;

/* bm25 without its inverse document frequency. FTS5's bm25 () starts by
 * counting every row that holds each phrase, a pass over the whole index
 * that is most of the time of a search for a common word. Among a capped
 * set of candidates, how often the words occur in a text and how long the
 * text is rank them just as well. Higher is better. */
static void
kb_rank (const Fts5ExtensionApi  *api,
         Fts5Context             *fts,
         sqlite3_context         *context,
         int                      n_values,
         sqlite3_value          **values)
{
  const double k1 = 1.2, b = 0.75;
  int n_phrases = api->xPhraseCount (fts);
  g_autofree int *hits = g_new0 (int, MAX (n_phrases, 1));
  sqlite3_int64 rows = 0, total = 0;
  int n_inst = 0, length = 0;
  double average, score = 0;
  int rc;

  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase >= 0 && phrase < n_phrases)
        hits[phrase]++;
    }
  if (rc == SQLITE_OK)
    rc = api->xRowCount (fts, &rows);
  if (rc == SQLITE_OK)
    rc = api->xColumnTotalSize (fts, -1, &total);
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &length);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }
  average = rows > 0 && total > 0 ? (double) total / rows : 1;
  for (int p = 0; p < n_phrases; p++)
    score += hits[p] * (k1 + 1) / (hits[p] + k1 * (1 - b + b * length / average));
  sqlite3_result_double (context, score);
}

/* The ranking function lives on the connection: registered once, when the
 * store opens it. */
gboolean
_desk_sqlite_store_register_kb_rank (DeskSqliteStore  *self,
                                     GError          **error)
{
  fts5_api *fts = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return _desk_sqlite_store_fail (self, error);
  sqlite3_bind_pointer (stmt, 1, &fts, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (fts == NULL || fts->iVersion < 2 ||
      fts->xCreateFunction (fts, "desk_kb_rank", NULL, kb_rank, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_STORE,
                           _("The knowledge base index cannot rank results"));
      return FALSE;
    }
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const KbCandidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return (x->id < y->id) - (x->id > y->id);
}

/* Adds the best of the newest KB_CANDIDATES matches of one index (the
 * statement binds the query, public_only and the cap) to the hits, up to
 * the limit, skipping articles already found. Only row ids and scores come
 * from the index; text is read only for what is returned. */
static gboolean
kb_collect (DeskSqliteStore  *self,
            sqlite3_stmt     *stmt,
            const char       *query,
            GPtrArray        *words,
            gboolean          public_only,
            GPtrArray        *hits,
            GHashTable       *seen,
            guint             limit,
            GError          **error)
{
  g_autoptr (GArray) candidates = g_array_sized_new (FALSE, FALSE, sizeof (KbCandidate), 64);
  int rc;

  _desk_bind_text (stmt, 1, query);
  sqlite3_bind_int (stmt, 2, public_only ? 1 : 0);
  sqlite3_bind_int (stmt, 3, KB_CANDIDATES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KbCandidate candidate = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

      if (!g_hash_table_contains (seen, &candidate.id))
        g_array_append_val (candidates, candidate);
    }
  if (rc != SQLITE_DONE)
    return _desk_sqlite_store_fail (self, error);
  g_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len && hits->len < limit; i++)
    {
      gint64 id = g_array_index (candidates, KbCandidate, i).id;
      g_autoptr (DeskArticle) article = store_get_article (DESK_STORE (self), id, error);

      if (article == NULL)
        return FALSE;
      article->snippet = kb_snippet (article->body, words);
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      g_ptr_array_add (hits, g_steal_pointer (&article));
    }
  return TRUE;
}

/* Title hits first, then text hits, each ranked among the newest matches
 * of its index (see KB_CANDIDATES). */
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
  g_autoptr (GPtrArray) words = kb_words (text ? text : "");
  g_autoptr (DeskStmt) titles = NULL;
  g_autoptr (DeskStmt) bodies = NULL;
  g_autofree char *query = NULL;

  if (limit == 0)
    limit = 20;
  if (words->len == 0)
    return g_steal_pointer (&hits);
  query = kb_query (words);

  titles = _desk_sqlite_store_prepare (self,
    "SELECT kb_titles_fts.rowid, desk_kb_rank (kb_titles_fts) "
    "FROM kb_titles_fts JOIN kb_articles a ON a.id = kb_titles_fts.rowid "
    "WHERE kb_titles_fts MATCH ?1 AND (?2 = 0 OR a.visibility = 'public') "
    "ORDER BY kb_titles_fts.rowid DESC LIMIT ?3", error);
  if (titles == NULL ||
      !kb_collect (self, titles, query, words, public_only, hits, seen, limit, error))
    return NULL;
  if (hits->len >= limit)
    return g_steal_pointer (&hits);

  bodies = _desk_sqlite_store_prepare (self,
    "SELECT kb_bodies_fts.rowid, desk_kb_rank (kb_bodies_fts) "
    "FROM kb_bodies_fts JOIN kb_articles a ON a.id = kb_bodies_fts.rowid "
    "WHERE kb_bodies_fts MATCH ?1 AND (?2 = 0 OR a.visibility = 'public') "
    "ORDER BY kb_bodies_fts.rowid DESC LIMIT ?3", error);
  if (bodies == NULL ||
      !kb_collect (self, bodies, query, words, public_only, hits, seen, limit, error))
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
