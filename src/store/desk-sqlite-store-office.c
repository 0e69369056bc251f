/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "desk-i18n.h"
#include "desk-sqlite-store-private.h"
#include "desk-phone.h"

#include <inttypes.h>

/* The office's configuration: queues, IVR, routes, trunks; and the work
 * lists that routing and campaigns keep: callbacks, campaign contacts, the
 * agent state log. */

#define IVR_MAX_ITEMS 5

static gint64
store_add_queue (DeskStore        *store,
                 const DeskQueue  *queue,
                 GError          **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO queues (name, strategy, skill_id, skill_relax_seconds, sticky_seconds, sticky_days, "
    "  max_wait_seconds, max_length, overflow_queue_id, overflow_to_callback, wrapup_seconds, "
    "  announce_seconds, service_level_seconds, callback_digit, chat_weight) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, queue->name);
  _desk_bind_enum (stmt, 2, DESK_TYPE_QUEUE_STRATEGY, queue->strategy);
  _desk_bind_id (stmt, 3, queue->skill_id);
  sqlite3_bind_int (stmt, 4, queue->skill_relax_seconds);
  sqlite3_bind_int (stmt, 5, queue->sticky_seconds);
  sqlite3_bind_int (stmt, 6, queue->sticky_days);
  sqlite3_bind_int (stmt, 7, queue->max_wait_seconds);
  sqlite3_bind_int (stmt, 8, queue->max_length);
  _desk_bind_id (stmt, 9, queue->overflow_queue_id);
  sqlite3_bind_int (stmt, 10, queue->overflow_to_callback ? 1 : 0);
  sqlite3_bind_int (stmt, 11, queue->wrapup_seconds);
  sqlite3_bind_int (stmt, 12, queue->announce_seconds);
  sqlite3_bind_int (stmt, 13, queue->service_level_seconds);
  _desk_bind_text (stmt, 14, queue->callback_digit ? queue->callback_digit : "3");
  sqlite3_bind_double (stmt, 15, queue->chat_weight > 0 ? queue->chat_weight : 0.5);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gboolean
store_add_queue_member (DeskStore  *store,
                        gint64      queue_id,
                        gint64      user_id,
                        int         penalty,
                        GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO queue_members (queue_id, user_id, penalty) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, queue_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int (stmt, 3, penalty);
  return _desk_sqlite_store_step_done (self, stmt, error);
}

static gint64
store_add_ivr_menu (DeskStore          *store,
                    const DeskIvrMenu  *menu,
                    GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;

  if (menu->parent_id > 0 &&
      _desk_sqlite_store_scalar (self, "SELECT parent_id IS NOT NULL FROM ivr_menus WHERE id = ?",
                                 menu->parent_id, NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_LIMIT,
                           _("An IVR sub-menu can only be one level down"));
      return 0;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO ivr_menus (name, parent_id, greeting, timeout_seconds, max_retries) "
    "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, menu->name);
  _desk_bind_id (stmt, 2, menu->parent_id);
  _desk_bind_text (stmt, 3, menu->greeting);
  sqlite3_bind_int (stmt, 4, menu->timeout_seconds > 0 ? menu->timeout_seconds : 5);
  sqlite3_bind_int (stmt, 5, menu->max_retries > 0 ? menu->max_retries : 2);
  return _desk_sqlite_store_insert (self, stmt, error);
}

/* The five-item limit is checked here for a clear message, and again by a
 * trigger in the schema so that no other path can break it. */
static gint64
store_add_ivr_item (DeskStore          *store,
                    const DeskIvrItem  *item,
                    GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 count;

  count = _desk_sqlite_store_scalar (self, "SELECT count(*) FROM ivr_items WHERE menu_id = ?",
                                     item->menu_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (count >= IVR_MAX_ITEMS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                   _("An IVR menu has at most %d items: long menus make callers give up"),
                   IVR_MAX_ITEMS);
      return 0;
    }
  stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO ivr_items (menu_id, digit, action, label, queue_id, prompt, category_id, "
    "                       submenu_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, item->menu_id);
  _desk_bind_text (stmt, 2, item->digit);
  _desk_bind_enum (stmt, 3, DESK_TYPE_IVR_ACTION, item->action);
  _desk_bind_text (stmt, 4, item->label);
  _desk_bind_id (stmt, 5, item->queue_id);
  _desk_bind_text (stmt, 6, item->prompt);
  _desk_bind_id (stmt, 7, item->category_id);
  _desk_bind_id (stmt, 8, item->submenu_id);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_inbound_route (DeskStore   *store,
                         const char  *number,
                         gint64       ivr_menu_id,
                         gint64       queue_id,
                         GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO inbound_routes (number, ivr_menu_id, queue_id) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, number);
  _desk_bind_id (stmt, 2, ivr_menu_id);
  _desk_bind_id (stmt, 3, queue_id);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_trunk (DeskStore        *store,
                 const DeskTrunk  *trunk,
                 GError          **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO trunks (name, registrar, outbound_proxy, username, auth_user, password, caller_id, "
    "                    do_register) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, trunk->name);
  _desk_bind_text (stmt, 2, trunk->registrar);
  _desk_bind_text (stmt, 3, trunk->outbound_proxy);
  _desk_bind_text (stmt, 4, trunk->username);
  _desk_bind_text (stmt, 5, trunk->auth_user);
  _desk_bind_text (stmt, 6, trunk->password);
  _desk_bind_text (stmt, 7, trunk->caller_id);
  sqlite3_bind_int (stmt, 8, trunk->do_register ? 1 : 0);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_callback (DeskStore           *store,
                    const DeskCallback  *callback,
                    GError             **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO callbacks (e164, client_id, queue_id, call_id, requested_at, enqueued_at, due_at, "
    "  status, attempts, max_attempts, operator_id, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  gint64 now = _desk_sqlite_store_now (self);
  gint64 requested = callback->requested_at ? callback->requested_at : now;

  /* A withheld or internal caller ID cannot be called back: refused here,
   * not found out by a failed dial hours later. */
  if (!desk_phone_is_e164 (callback->e164))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("A callback needs a phone number in international form (+…)"));
      return 0;
    }
  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, callback->e164);
  _desk_bind_id (stmt, 2, callback->client_id);
  _desk_bind_id (stmt, 3, callback->queue_id);
  _desk_bind_id (stmt, 4, callback->call_id);
  sqlite3_bind_int64 (stmt, 5, requested);
  sqlite3_bind_int64 (stmt, 6, callback->enqueued_at ? callback->enqueued_at : requested);
  sqlite3_bind_int64 (stmt, 7, callback->due_at ? callback->due_at : requested);
  _desk_bind_enum (stmt, 8, DESK_TYPE_CALLBACK_STATUS, callback->status);
  sqlite3_bind_int (stmt, 9, callback->attempts);
  sqlite3_bind_int (stmt, 10, callback->max_attempts > 0 ? callback->max_attempts : 3);
  _desk_bind_id (stmt, 11, callback->operator_id);
  _desk_bind_text (stmt, 12, callback->note);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_disposition (DeskStore        *store,
                       const char       *code,
                       const char       *label,
                       DeskFunnelStage   stage,
                       GError          **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO dispositions (code, label, funnel_stage) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, code);
  _desk_bind_text (stmt, 2, label);
  _desk_bind_enum (stmt, 3, DESK_TYPE_FUNNEL_STAGE, stage);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_campaign (DeskStore           *store,
                    const DeskCampaign  *campaign,
                    GError             **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO campaigns (name, script, mode, status, caller_id, queue_id, hours_start, hours_end, "
    "  max_attempts, retry_busy_minutes, retry_no_answer_minutes, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, campaign->name);
  _desk_bind_text (stmt, 2, campaign->script);
  _desk_bind_text (stmt, 3, campaign->progressive ? "progressive" : "preview");
  _desk_bind_text (stmt, 4, campaign->running ? "running" : "draft");
  _desk_bind_text (stmt, 5, campaign->caller_id);
  _desk_bind_id (stmt, 6, campaign->queue_id);
  _desk_bind_text (stmt, 7, campaign->hours_start ? campaign->hours_start : "09:00");
  _desk_bind_text (stmt, 8, campaign->hours_end ? campaign->hours_end : "19:00");
  sqlite3_bind_int (stmt, 9, campaign->max_attempts > 0 ? campaign->max_attempts : 3);
  sqlite3_bind_int (stmt, 10, campaign->retry_busy_minutes > 0 ? campaign->retry_busy_minutes : 15);
  sqlite3_bind_int (stmt, 11, campaign->retry_no_answer_minutes > 0
                                ? campaign->retry_no_answer_minutes : 60);
  sqlite3_bind_int64 (stmt, 12, _desk_sqlite_store_now (self));
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_campaign_contact (DeskStore                  *store,
                            const DeskCampaignContact  *contact,
                            GError                    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO campaign_contacts (campaign_id, client_id, name, e164, extra_json) "
    "VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, contact->campaign_id);
  _desk_bind_id (stmt, 2, contact->client_id);
  _desk_bind_text (stmt, 3, contact->name);
  _desk_bind_text (stmt, 4, contact->e164);
  _desk_bind_text (stmt, 5, contact->extra_json);
  return _desk_sqlite_store_insert (self, stmt, error);
}

static gint64
store_add_bot_rule (DeskStore          *store,
                    const DeskBotRule  *rule,
                    GError            **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "INSERT INTO bot_rules (phrases, answer, suggest_articles, hand_off, priority) "
    "VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  _desk_bind_text (stmt, 1, rule->phrases);
  _desk_bind_text (stmt, 2, rule->answer);
  sqlite3_bind_int (stmt, 3, rule->suggest_articles ? 1 : 0);
  sqlite3_bind_int (stmt, 4, rule->hand_off ? 1 : 0);
  sqlite3_bind_int (stmt, 5, rule->priority);
  return _desk_sqlite_store_insert (self, stmt, error);
}

/* One open row per operator: a new state closes the previous one at the
 * same moment, so the log covers time without gaps or overlaps. */
static gboolean
store_log_agent_state (DeskStore       *store,
                       gint64           user_id,
                       DeskAgentState   state,
                       const char      *reason,
                       gint64           at,
                       GError         **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) close = NULL;
  g_autoptr (DeskStmt) open = NULL;

  if (at == 0)
    at = _desk_sqlite_store_now (self);
  close = _desk_sqlite_store_prepare (self,
    "UPDATE agent_state_log SET ended_at = max (started_at, ?) "
    "WHERE user_id = ? AND ended_at IS NULL", error);
  if (close == NULL)
    return FALSE;
  open = _desk_sqlite_store_prepare (self,
    "INSERT INTO agent_state_log (user_id, state, reason, started_at) VALUES (?, ?, ?, ?)", error);
  if (open == NULL || !_desk_sqlite_store_begin (self, error))
    return FALSE;
  sqlite3_bind_int64 (close, 1, at);
  sqlite3_bind_int64 (close, 2, user_id);
  sqlite3_bind_int64 (open, 1, user_id);
  _desk_bind_enum (open, 2, DESK_TYPE_AGENT_STATE, state);
  _desk_bind_text (open, 3, reason);
  sqlite3_bind_int64 (open, 4, at);
  if (!_desk_sqlite_store_step_done (self, close, error) ||
      (state != DESK_AGENT_STATE_OFFLINE && !_desk_sqlite_store_step_done (self, open, error)) ||
      !_desk_sqlite_store_commit (self, error))
    {
      if (self->savepoint_depth > 0)
        _desk_sqlite_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Wrap-up */

static gboolean
check_wrapup (const char  *disposition,
              const char  *note,
              GError     **error)
{
  if (disposition && (_desk_is_blank (disposition) ||
                      g_utf8_strlen (disposition, -1) > DESK_STORE_DISPOSITION_MAX))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A disposition is 1 to %d characters"), DESK_STORE_DISPOSITION_MAX);
      return FALSE;
    }
  if (note && g_utf8_strlen (note, -1) > DESK_STORE_WRAPUP_NOTE_MAX)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A wrap-up note is at most %d characters"), DESK_STORE_WRAPUP_NOTE_MAX);
      return FALSE;
    }
  return TRUE;
}

/* The operator's contact of @table that ended last: its id and end. */
static gboolean
last_ended (DeskSqliteStore  *self,
            const char       *sql,
            gint64            user_id,
            gint64           *id,
            gint64           *ended_at,
            GError          **error)
{
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, sql, error);
  int rc;

  *id = *ended_at = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *ended_at = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return _desk_sqlite_store_fail (self, error);
  return TRUE;
}

static gboolean
store_set_wrapup (DeskStore   *store,
                  gint64       user_id,
                  const char  *disposition,
                  const char  *note,
                  gint64      *call_id,
                  gint64      *chat_id,
                  GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = NULL;
  gint64 call = 0, call_end = 0, chat = 0, chat_end = 0;
  gboolean is_chat;

  *call_id = *chat_id = 0;
  if (!check_wrapup (disposition, note, error) ||
      !last_ended (self, "SELECT id, ended_at FROM calls WHERE operator_id = ? "
                   "AND ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1",
                   user_id, &call, &call_end, error) ||
      !last_ended (self, "SELECT id, ended_at FROM chats WHERE operator_id = ? "
                   "AND ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1",
                   user_id, &chat, &chat_end, error))
    return FALSE;
  if (call == 0 && chat == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                   _("You have finished no call or chat to wrap up"));
      return FALSE;
    }
  is_chat = chat != 0 && (call == 0 || chat_end > call_end);
  stmt = _desk_sqlite_store_prepare (self, is_chat ?
    "UPDATE chats SET disposition = coalesce (?2, disposition), "
    "wrapup_note = coalesce (?3, wrapup_note) WHERE id = ?1" :
    "UPDATE calls SET disposition = coalesce (?2, disposition), "
    "wrapup_note = coalesce (?3, wrapup_note) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, is_chat ? chat : call);
  _desk_bind_text (stmt, 2, disposition);
  _desk_bind_text (stmt, 3, note);
  if (!_desk_sqlite_store_step_done (self, stmt, error))
    return FALSE;
  *(is_chat ? chat_id : call_id) = is_chat ? chat : call;
  return TRUE;
}

static gboolean
store_get_wrapup (DeskStore   *store,
                  gboolean     chat,
                  gint64       id,
                  char       **disposition,
                  char       **note,
                  GError     **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self, chat ?
    "SELECT disposition, wrapup_note FROM chats WHERE id = ?" :
    "SELECT disposition, wrapup_note FROM calls WHERE id = ?", error);
  int rc;

  *disposition = *note = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                   chat ? _("No chat %" PRId64) : _("No call %" PRId64), id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _desk_sqlite_store_fail (self, error);
  *disposition = _desk_column_text (stmt, 0);
  *note = _desk_column_text (stmt, 1);
  return TRUE;
}

/**
 * desk_store_set_wrapup:
 * @self: a #DeskStore
 * @user_id: an operator
 * @disposition: (nullable): how the contact ended, in a word or a few
 *   (at most %DESK_STORE_DISPOSITION_MAX characters); %NULL keeps it
 * @note: (nullable): the operator's note (at most
 *   %DESK_STORE_WRAPUP_NOTE_MAX characters); %NULL keeps it
 * @call_id: (out): the call written to, or 0
 * @chat_id: (out): the chat written to, or 0
 * @error: a #GError
 *
 * Writes what the operator notes in the wrap-up on the call or chat they
 * finished last, which is the one a wrap-up follows.
 *
 * Returns: %TRUE on success; %DESK_ERROR_NOT_FOUND if they finished none
 */
gboolean
desk_store_set_wrapup (DeskStore   *self,
                       gint64       user_id,
                       const char  *disposition,
                       const char  *note,
                       gint64      *call_id,
                       gint64      *chat_id,
                       GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (call_id != NULL && chat_id != NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_wrapup (self, user_id, disposition, note, call_id,
                                                  chat_id, error);
}

/**
 * desk_store_get_wrapup:
 * @self: a #DeskStore
 * @chat: whether @id is a chat's, else a call's
 * @id: the record
 * @disposition: (out) (transfer full) (nullable): its disposition
 * @note: (out) (transfer full) (nullable): its wrap-up note
 * @error: a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
desk_store_get_wrapup (DeskStore   *self,
                       gboolean     chat,
                       gint64       id,
                       char       **disposition,
                       char       **note,
                       GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (disposition != NULL && note != NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->get_wrapup (self, chat, id, disposition, note, error);
}

void
_desk_sqlite_store_office_init (DeskStoreInterface *iface)
{
  iface->set_wrapup = store_set_wrapup;
  iface->get_wrapup = store_get_wrapup;
  iface->add_queue = store_add_queue;
  iface->add_queue_member = store_add_queue_member;
  iface->add_ivr_menu = store_add_ivr_menu;
  iface->add_ivr_item = store_add_ivr_item;
  iface->add_inbound_route = store_add_inbound_route;
  iface->add_trunk = store_add_trunk;
  iface->add_callback = store_add_callback;
  iface->add_disposition = store_add_disposition;
  iface->add_campaign = store_add_campaign;
  iface->add_campaign_contact = store_add_campaign_contact;
  iface->add_bot_rule = store_add_bot_rule;
  iface->log_agent_state = store_log_agent_state;
}
