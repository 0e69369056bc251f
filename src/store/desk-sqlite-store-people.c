/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"
#include "desk-password.h"
#include "desk-phone.h"

/* Users */

#define USER_COLUMNS "id, login, display_name, role, sip_user, sip_password, max_chats, active, created_at"

static DeskUser *
read_user (sqlite3_stmt *stmt)
{
  DeskUser *user = g_new0 (DeskUser, 1);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->login = _desk_column_text (stmt, 1);
  user->display_name = _desk_column_text (stmt, 2);
  user->role = _desk_column_enum (stmt, 3, DESK_TYPE_ROLE);
  user->sip_user = _desk_column_text (stmt, 4);
  user->sip_password = _desk_column_text (stmt, 5);
  user->max_chats = sqlite3_column_int (stmt, 6);
  user->active = sqlite3_column_int (stmt, 7);
  user->created_at = sqlite3_column_int64 (stmt, 8);
  return user;
}

static DeskUser *
query_user (DeskSqliteStore  *self,
            const char       *sql,
            const char       *text_key,
            gint64            id_key,
            GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (text_key)
    _desk_bind_text (stmt, 1, text_key);
  else
    sqlite3_bind_int64 (stmt, 1, id_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_user (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such user"));
  else
    _desk_sqlite_store_fail (self, error);
  return NULL;
}

static gboolean
valid_login (const char *login)
{
  if (login == NULL || *login == '\0' || strlen (login) > 64)
    return FALSE;
  for (const char *p = login; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gint64
store_add_user (DeskStore          *store,
                const DeskUserNew  *user,
                const char         *password_hash,
                GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autofree char *sip_password = NULL;
  gint64 id;

  if (!valid_login (user->login))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not a valid login: use 1–64 Latin letters, digits, “.”, “_” or “-”"),
                   user->login ? user->login : "");
      return 0;
    }
  if (user->display_name == NULL || *user->display_name == '\0')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("A user needs a name"));
      return 0;
    }
  if (user->sip_user)
    sip_password = user->sip_password ? g_strdup (user->sip_password) : desk_random_token (18);

  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO users (login, display_name, role, password_hash, sip_user, sip_password, "
    "                   max_chats, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, user->login);
  _desk_bind_text (stmt, 2, user->display_name);
  _desk_bind_enum (stmt, 3, DESK_TYPE_ROLE, user->role);
  _desk_bind_text (stmt, 4, password_hash);
  _desk_bind_text (stmt, 5, user->sip_user);
  _desk_bind_text (stmt, 6, sip_password);
  sqlite3_bind_int (stmt, 7, user->max_chats > 0 ? user->max_chats : 3);
  sqlite3_bind_int64 (stmt, 8, _desk_sqlite_store_now (self));

  if (!_desk_sqlite_store_begin (self, error))
    return 0;
  id = _desk_sqlite_store_insert (self, stmt, error);
  if (id == 0 || !_desk_sqlite_store_audit (self, 0, "user.add", "user", id, user->login, error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return 0;
    }
  return id;
}

static DeskUser *
store_get_user (DeskStore *store, gint64 id, GError **error)
{
  return query_user (DESK_SQLITE_STORE (store),
                     "SELECT " USER_COLUMNS " FROM users WHERE id = ?", NULL, id, error);
}

static DeskUser *
store_find_user (DeskStore *store, const char *login, GError **error)
{
  return query_user (DESK_SQLITE_STORE (store),
                     "SELECT " USER_COLUMNS " FROM users WHERE login = ?", login, 0, error);
}

static DeskUser *
store_find_user_by_sip (DeskStore *store, const char *sip_user, GError **error)
{
  return query_user (DESK_SQLITE_STORE (store),
                     "SELECT " USER_COLUMNS " FROM users WHERE sip_user = ?", sip_user, 0, error);
}

static GPtrArray *
store_list_users (DeskStore  *store,
                  GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_user_free);
  int rc;

  stmt = _desk_sqlite_store_prepare (self, "SELECT " USER_COLUMNS " FROM users ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, read_user (stmt));
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&users);
}

static char *
store_get_password_hash (DeskStore *store,
                         gint64     user_id)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self, "SELECT password_hash FROM users WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _desk_column_text (stmt, 0);
}

static gboolean
store_set_password_hash (DeskStore   *store,
                         gint64       actor_id,
                         gint64       user_id,
                         const char  *hash,
                         GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self, "UPDATE users SET password_hash = ? WHERE id = ?", error);
  if (stmt == NULL || !_desk_sqlite_store_begin (self, error))
    return FALSE;
  _desk_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such user"));
      goto fail;
    }
  /* The audit row says that the password changed, never what to. */
  if (!_desk_sqlite_store_audit (self, actor_id, "user.password", "user", user_id, NULL, error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return FALSE;
}

static gint64
store_add_skill (DeskStore   *store,
                 const char  *name,
                 GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO skills (name) VALUES (?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, name);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gboolean
store_set_user_skill (DeskStore  *store,
                      gint64      user_id,
                      gint64      skill_id,
                      int         level,
                      GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO user_skills (user_id, skill_id, level) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (user_id, skill_id) DO UPDATE SET level = excluded.level", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, skill_id);
  sqlite3_bind_int (stmt, 3, level);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

/* Clients */

static gboolean
check_e164 (const char  *e164,
            GError     **error)
{
  if (desk_phone_is_e164 (e164))
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
               _("“%s” is not a phone number in international form (+…)"), e164 ? e164 : "");
  return FALSE;
}

static gboolean
insert_phone (DeskSqliteStore  *self,
              gint64            client_id,
              const char       *e164,
              const char       *label,
              GError          **error)
{
  g_autoptr (DeskStmt) stmt = NULL;

  if (!check_e164 (e164, error))
    return FALSE;
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO client_phones (client_id, e164, label) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  _desk_bind_text (stmt, 2, e164);
  _desk_bind_text (stmt, 3, label);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

static gboolean
insert_asset (DeskSqliteStore  *self,
              gint64            client_id,
              DeskAssetKind     kind,
              const char       *identifier,
              const char       *note,
              GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO client_assets (client_id, kind, identifier, note) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  _desk_bind_enum (stmt, 2, DESK_TYPE_ASSET_KIND, kind);
  _desk_bind_text (stmt, 3, identifier);
  _desk_bind_text (stmt, 4, note);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

static gboolean
insert_email (DeskSqliteStore  *self,
              gint64            client_id,
              const char       *email,
              GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO client_emails (client_id, email) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  _desk_bind_text (stmt, 2, email);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

static gint64
store_add_client (DeskStore         *store,
                  gint64             actor_id,
                  const DeskClient  *client,
                  GError           **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  gint64 now = client->created_at ? client->created_at : _desk_sqlite_store_now (self);
  gint64 id;

  if (_desk_is_blank (client->name))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("A client needs a name"));
      return 0;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO clients (kind, name, organization_id, vip, note, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL || !_desk_sqlite_store_begin (self, error))
    return 0;
  _desk_bind_enum (stmt, 1, DESK_TYPE_CLIENT_KIND, client->kind);
  _desk_bind_text (stmt, 2, client->name);
  _desk_bind_id (stmt, 3, client->organization_id);
  sqlite3_bind_int (stmt, 4, client->vip ? 1 : 0);
  _desk_bind_text (stmt, 5, client->note);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, now);
  id = _desk_sqlite_store_insert (self, stmt, error);
  if (id == 0)
    goto fail;

  for (guint i = 0; i < client->phones->len; i++)
    {
      DeskClientPhone *phone = g_ptr_array_index (client->phones, i);
      if (!insert_phone (self, id, phone->e164, phone->label, error))
        goto fail;
    }
  for (guint i = 0; i < client->emails->len; i++)
    if (!insert_email (self, id, g_ptr_array_index (client->emails, i), error))
      goto fail;
  for (guint i = 0; i < client->assets->len; i++)
    {
      DeskClientAsset *asset = g_ptr_array_index (client->assets, i);
      if (!insert_asset (self, id, asset->kind, asset->identifier, asset->note, error))
        goto fail;
    }
  if (!_desk_sqlite_store_audit (self, actor_id, "client.add", "client", id, NULL, error) ||
      !_desk_sqlite_store_commit (self, error))
    goto fail;
  return id;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return 0;
}

static DeskClient *
store_get_client (DeskStore  *store,
                  gint64      id,
                  GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (DeskStmt) phones = NULL;
  g_autoptr (DeskStmt) emails = NULL;
  g_autoptr (DeskStmt) assets = NULL;
  g_autoptr (DeskClient) client = NULL;
  int rc;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT kind, name, organization_id, vip, note, created_at FROM clients WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such client"));
      else
        _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  client = desk_client_new (_desk_column_enum (stmt, 0, DESK_TYPE_CLIENT_KIND),
                            (const char *) sqlite3_column_text (stmt, 1));
  client->id = id;
  client->organization_id = sqlite3_column_int64 (stmt, 2);
  client->vip = sqlite3_column_int (stmt, 3);
  client->note = _desk_column_text (stmt, 4);
  client->created_at = sqlite3_column_int64 (stmt, 5);

  phones = _desk_sqlite_store_prepare (self,
    "SELECT e164, label FROM client_phones WHERE client_id = ? ORDER BY id", error);
  emails = _desk_sqlite_store_prepare (self,
    "SELECT email FROM client_emails WHERE client_id = ? ORDER BY id", error);
  assets = _desk_sqlite_store_prepare (self,
    "SELECT kind, identifier, note FROM client_assets WHERE client_id = ? ORDER BY id", error);
  if (phones == NULL || emails == NULL || assets == NULL)
    return NULL;
  sqlite3_bind_int64 (phones, 1, id);
  sqlite3_bind_int64 (emails, 1, id);
  sqlite3_bind_int64 (assets, 1, id);
  while (sqlite3_step (phones) == SQLITE_ROW)
    desk_client_add_phone (client, (const char *) sqlite3_column_text (phones, 0),
                           (const char *) sqlite3_column_text (phones, 1));
  while (sqlite3_step (emails) == SQLITE_ROW)
    desk_client_add_email (client, (const char *) sqlite3_column_text (emails, 0));
  while (sqlite3_step (assets) == SQLITE_ROW)
    desk_client_add_asset (client, _desk_column_enum (assets, 0, DESK_TYPE_ASSET_KIND),
                           (const char *) sqlite3_column_text (assets, 1),
                           (const char *) sqlite3_column_text (assets, 2));
  return g_steal_pointer (&client);
}

static gboolean
touch_client (DeskSqliteStore  *self,
              gint64            actor_id,
              gint64            client_id,
              const char       *action,
              const char       *detail,
              GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "UPDATE clients SET updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _desk_sqlite_store_now (self));
  sqlite3_bind_int64 (stmt, 2, client_id);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such client"));
      return FALSE;
    }
  return _desk_sqlite_store_audit (self, actor_id, action, "client", client_id, detail, error);
}

static gboolean
store_add_client_phone (DeskStore   *store,
                        gint64       actor_id,
                        gint64       client_id,
                        const char  *e164,
                        const char  *label,
                        GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!touch_client (self, actor_id, client_id, "client.phone", e164, error) ||
      !insert_phone (self, client_id, e164, label, error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_add_client_asset (DeskStore      *store,
                        gint64          actor_id,
                        gint64          client_id,
                        DeskAssetKind   kind,
                        const char     *identifier,
                        GError        **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!touch_client (self, actor_id, client_id, "client.asset", identifier, error) ||
      !insert_asset (self, client_id, kind, identifier, NULL, error) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* A phone or an asset leaves the card: the row goes, the audit log keeps
 * what it was, so a removal by mistake can be put back by hand. */
static gboolean
remove_client_row (DeskSqliteStore  *self,
                   gint64            actor_id,
                   gint64            client_id,
                   const char       *sql,
                   const char       *action,
                   const char       *value,
                   const char       *missing,
                   GError          **error)
{
  g_autoptr (DeskStmt) stmt = NULL;

  if (!_desk_sqlite_store_begin (self, error))
    return FALSE;
  if (!touch_client (self, actor_id, client_id, action, value, error) ||
      (stmt = _desk_sqlite_store_prepare (self, sql, error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, client_id);
  _desk_bind_text (stmt, 2, value);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, missing);
      goto fail;
    }
  if (_desk_sqlite_store_commit (self, error))
    return TRUE;

fail:
  if (self->savepoint_depth > 0)
    _desk_sqlite_store_rollback (self);
  return FALSE;
}

static gboolean
store_remove_client_phone (DeskStore   *store,
                           gint64       actor_id,
                           gint64       client_id,
                           const char  *e164,
                           GError     **error)
{
  g_autofree char *missing = NULL;

  if (!check_e164 (e164, error))
    return FALSE;
  missing = g_strdup_printf (_("The client’s card has no phone %s"), e164);
  return remove_client_row (DESK_SQLITE_STORE (store), actor_id, client_id,
                            "DELETE FROM client_phones WHERE client_id = ? AND e164 = ?",
                            "client.phone_remove", e164, missing, error);
}

static gboolean
store_remove_client_asset (DeskStore   *store,
                           gint64       actor_id,
                           gint64       client_id,
                           const char  *identifier,
                           GError     **error)
{
  g_autofree char *missing = NULL;

  if (identifier == NULL || *identifier == '\0')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("An asset's identifier is 1 to 64 characters"));
      return FALSE;
    }
  missing = g_strdup_printf (_("The client’s card has no contract, card or device “%s”"),
                             identifier);
  /* Every kind at once: the operator sees one identifier on the card. */
  return remove_client_row (DESK_SQLITE_STORE (store), actor_id, client_id,
                            "DELETE FROM client_assets WHERE client_id = ? AND identifier = ?",
                            "client.asset_remove", identifier, missing, error);
}

/* Lookups answer none, one or several: a caller ID shared by a family, or
 * a contract number held by an organisation and its staff, is normal. */
static GArray *
store_find_clients_by_phone (DeskStore   *store,
                             const char  *e164,
                             GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (!check_e164 (e164, error))
    return NULL;
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT DISTINCT client_id FROM client_phones WHERE e164 = ? ORDER BY client_id", error);
  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, e164);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

static GArray *
store_find_clients_by_asset (DeskStore   *store,
                             const char  *identifier,
                             GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  stmt = _desk_sqlite_store_prepare (self,
    "SELECT DISTINCT client_id FROM client_assets WHERE identifier = ? ORDER BY client_id", error);
  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, identifier);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

static GArray *
store_search_clients (DeskStore   *store,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *phrase = NULL;
  g_autoptr (GString) digits = g_string_new (NULL);

  if (g_utf8_strlen (trimmed, -1) < 3)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  for (const char *p = trimmed; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  phrase = _desk_fts_phrase (trimmed);

  /* Name substrings through the trigram index; phone numbers by their last
   * digits (people say "the one ending in 4567"); assets and e-mails whole. */
  stmt = _desk_sqlite_store_prepare (self,
    "SELECT id FROM ("
    "  SELECT rowid AS id, 0 AS k FROM clients_fts WHERE clients_fts MATCH ?1"
    "  UNION SELECT client_id, 1 FROM client_assets WHERE identifier = ?2"
    "  UNION SELECT client_id, 1 FROM client_emails WHERE email = ?2"
    "  UNION SELECT client_id, 2 FROM client_phones"
    "        WHERE ?3 IS NOT NULL AND e164 LIKE '%' || ?3"
    ") GROUP BY id ORDER BY min(k), id LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  _desk_bind_text (stmt, 1, phrase);
  _desk_bind_text (stmt, 2, trimmed);
  _desk_bind_text (stmt, 3, digits->len >= 4 && digits->len * 2 >= strlen (trimmed) ? digits->str : NULL);
  sqlite3_bind_int (stmt, 4, limit > 0 ? (int) limit : 50);
  return _desk_sqlite_store_collect_ids (self, stmt, error);
}

void
_desk_sqlite_store_people_init (DeskStoreInterface *iface)
{
  iface->add_user = store_add_user;
  iface->get_user = store_get_user;
  iface->find_user = store_find_user;
  iface->find_user_by_sip = store_find_user_by_sip;
  iface->list_users = store_list_users;
  iface->get_password_hash = store_get_password_hash;
  iface->set_password_hash = store_set_password_hash;
  iface->add_skill = store_add_skill;
  iface->set_user_skill = store_set_user_skill;
  iface->add_client = store_add_client;
  iface->get_client = store_get_client;
  iface->add_client_phone = store_add_client_phone;
  iface->add_client_asset = store_add_client_asset;
  iface->remove_client_phone = store_remove_client_phone;
  iface->remove_client_asset = store_remove_client_asset;
  iface->find_clients_by_phone = store_find_clients_by_phone;
  iface->find_clients_by_asset = store_find_clients_by_asset;
  iface->search_clients = store_search_clients;
}
