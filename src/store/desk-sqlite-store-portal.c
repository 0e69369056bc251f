/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"

/*
 * What the self-care portal reads and writes. Visitors are not users: every
 * change here is made with no actor, and goes through the same case rules
 * (timeline, audit, SLA) as an operator's. Nothing internal leaves through
 * these reads: only public categories and articles, and of a case's
 * timeline only its public entries, its creation and its status changes,
 * without the notes that came with them.
 */

#define MAX_MESSAGE_CHARS 4000

static GPtrArray *
store_list_news (DeskStore  *store,
                 guint       limit,
                 GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_news_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, title, body, published_at FROM news WHERE published_at <= ?1 "
    "ORDER BY published_at DESC, id DESC LIMIT ?2", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, _desk_sqlite_store_now (self));
  sqlite3_bind_int (stmt, 2, limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskNews *news = g_new0 (DeskNews, 1);

      news->id = sqlite3_column_int64 (stmt, 0);
      news->title = _desk_column_text (stmt, 1);
      news->body = _desk_column_text (stmt, 2);
      news->published_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (items, news);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static GPtrArray *
store_list_public_categories (DeskStore  *store,
                              GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) items =
    g_ptr_array_new_with_free_func ((GDestroyNotify) desk_category_info_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, name, sla_hours FROM case_categories WHERE is_public = 1 ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskCategoryInfo *category = g_new0 (DeskCategoryInfo, 1);

      category->id = sqlite3_column_int64 (stmt, 0);
      category->name = _desk_column_text (stmt, 1);
      category->sla_hours = sqlite3_column_int (stmt, 2);
      g_ptr_array_add (items, category);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static GPtrArray *
store_list_public_articles (DeskStore  *store,
                            guint       limit,
                            GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_article_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, title, category, author_id, updated_at FROM kb_articles "
    "WHERE visibility = 'public' ORDER BY category IS NULL, category, title LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskArticle *article = g_new0 (DeskArticle, 1);

      article->id = sqlite3_column_int64 (stmt, 0);
      article->title = _desk_column_text (stmt, 1);
      article->visibility = DESK_VISIBILITY_PUBLIC;
      article->category = _desk_column_text (stmt, 2);
      article->author_id = sqlite3_column_int64 (stmt, 3);
      article->updated_at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (items, article);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static DeskCase *
store_create_portal_case (DeskStore                *store,
                          const DeskPortalRequest  *request,
                          GError                  **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GError) local_error = NULL;
  DeskCaseNew spec = { 0 };
  gint64 is_public;

  if (_desk_is_blank (request->name) ||
      (_desk_is_blank (request->e164) && _desk_is_blank (request->email)))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A request needs a name and a phone or an e-mail address"));
      return NULL;
    }
  is_public = _desk_sqlite_store_scalar (self,
    "SELECT is_public FROM case_categories WHERE id = ?", request->category_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (is_public != 1)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Choose a topic from the list"));
      return NULL;
    }

  spec.category_id = request->category_id;
  spec.subject = request->subject;
  spec.description = request->description;
  spec.priority = DESK_PRIORITY_NORMAL;
  spec.channel = DESK_CHANNEL_PORTAL;

  if (!_desk_sqlite_store_begin (self, error))
    return NULL;
  kase = DESK_STORE_GET_IFACE (store)->create_case (store, 0, &spec, error);
  if (kase == NULL)
    goto fail;
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO case_portal_contacts (case_id, name, e164, email) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, kase->id);
  _desk_bind_text (stmt, 2, request->name);
  _desk_bind_text (stmt, 3, _desk_is_blank (request->e164) ? NULL : request->e164);
  _desk_bind_text (stmt, 4, _desk_is_blank (request->email) ? NULL : request->email);
  if (!_desk_sqlite_store_step_done (self, stmt, error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&kase);

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return NULL;
}

static DeskCase *
case_by_id_query (DeskStore     *store,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  int rc = sqlite3_step (stmt);
  gint64 id;

  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such case"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return DESK_STORE_GET_IFACE (store)->get_case (store, id, error);
}

static DeskCase *
store_get_case_by_portal_token (DeskStore   *store,
                                const char  *token,
                                GError     **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (DESK_SQLITE_STORE (store),
    "SELECT id FROM cases WHERE portal_token = ?", error);

  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, token);
  return case_by_id_query (store, stmt, error);
}

/* The phone must be the case's client's, or the one the visitor left with
 * the request. A wrong number and a wrong phone fail alike. */
static DeskCase *
store_find_portal_case (DeskStore   *store,
                        gint64       number,
                        const char  *e164,
                        GError     **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (DESK_SQLITE_STORE (store),
    "SELECT c.id FROM cases c WHERE c.number = ?1 AND ("
    "  EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.client_id AND p.e164 = ?2) OR "
    "  EXISTS (SELECT 1 FROM case_portal_contacts k WHERE k.case_id = c.id AND k.e164 = ?2))",
    error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, number);
  _desk_bind_text (stmt, 2, e164 ? e164 : "");
  return case_by_id_query (store, stmt, error);
}

static GPtrArray *
store_list_public_case_events (DeskStore  *store,
                               gint64      case_id,
                               GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) desk_case_event_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, at, actor_id, kind, "
    "       CASE WHEN kind = 'status' THEN old_value END, "
    "       CASE WHEN kind = 'status' THEN new_value END, "
    "       CASE WHEN is_public = 1 THEN body END, is_public "
    "FROM case_events WHERE case_id = ? AND (is_public = 1 OR kind IN ('created', 'status')) "
    "ORDER BY at, id", error);
  int rc;

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
      event->old_value = _desk_column_text (stmt, 4);
      event->new_value = _desk_column_text (stmt, 5);
      event->body = _desk_column_text (stmt, 6);
      event->is_public = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* A visitor's answer to a case that waits for them puts it back to work. */
static gboolean
store_add_portal_message (DeskStore   *store,
                          gint64       case_id,
                          const char  *body,
                          GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  DeskStoreInterface *iface = DESK_STORE_GET_IFACE (store);
  g_autoptr (DeskCase) kase = NULL;

  if (body != NULL && g_utf8_strlen (body, -1) > MAX_MESSAGE_CHARS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A message is at most %d characters long"), MAX_MESSAGE_CHARS);
      return FALSE;
    }
  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  kase = iface->get_case (store, case_id, error);
  if (kase == NULL)
    goto fail;
  if (kase->status == DESK_CASE_STATUS_RESOLVED || kase->status == DESK_CASE_STATUS_CLOSED)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FORBIDDEN,
                           _("This request is closed; please submit a new one"));
      goto fail;
    }
  if (!iface->add_case_note (store, 0, case_id, DESK_CASE_EVENT_PORTAL_MESSAGE, body, TRUE, error))
    goto fail;
  if (kase->status == DESK_CASE_STATUS_WAITING &&
      !iface->set_case_status (store, 0, case_id, DESK_CASE_STATUS_IN_PROGRESS,
                               DESK_RESOLUTION_NONE, NULL, error))
    goto fail;
  return _desk_sqlite_store_commit (self, error);

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return FALSE;
}

void
_desk_sqlite_store_portal_init (DeskStoreInterface *iface)
{
  iface->list_news = store_list_news;
  iface->list_public_categories = store_list_public_categories;
  iface->list_public_articles = store_list_public_articles;
  iface->create_portal_case = store_create_portal_case;
  iface->get_case_by_portal_token = store_get_case_by_portal_token;
  iface->find_portal_case = store_find_portal_case;
  iface->list_public_case_events = store_list_public_case_events;
  iface->add_portal_message = store_add_portal_message;
}
