/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-store"

#include "desk-i18n.h"
#include "desk-store.h"
#include "desk-error.h"
#include "desk-password.h"

G_DEFINE_INTERFACE (DeskStore, desk_store, G_TYPE_OBJECT)

static void
desk_store_default_init (DeskStoreInterface *iface)
{
}

/**
 * desk_store_add_user:
 * @self: a #DeskStore
 * @user: who to add; the password is hashed here and never stored in clear
 * @error: a #GError
 *
 * Returns: the new user's id, or 0 on error
 */
gint64
desk_store_add_user (DeskStore         *self,
                     const DeskUserNew *user,
                     GError           **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (user != NULL && user->password != NULL, 0);

  hash = desk_password_hash (user->password, error);
  if (hash == NULL)
    return 0;
  return DESK_STORE_GET_IFACE (self)->add_user (self, user, hash, error);
}

/**
 * desk_store_authenticate:
 * @self: a #DeskStore
 * @login: the login name
 * @password: the password in clear
 * @error: a #GError, %DESK_ERROR_AUTH for any mismatch
 *
 * A missing user, an inactive one and a wrong password give the same error
 * after the same work, so the answer tells nothing about who exists.
 *
 * Returns: (transfer full): the user, or %NULL
 */
DeskUser *
desk_store_authenticate (DeskStore   *self,
                         const char  *login,
                         const char  *password,
                         GError     **error)
{
  g_autoptr (DeskUser) user = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DESK_IS_STORE (self), NULL);

  user = login ? DESK_STORE_GET_IFACE (self)->find_user (self, login, NULL) : NULL;
  if (user && user->active)
    hash = DESK_STORE_GET_IFACE (self)->get_password_hash (self, user->id);

  if (!desk_password_verify (password, hash))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_AUTH, _("Wrong login or password"));
      return NULL;
    }
  return g_steal_pointer (&user);
}

/**
 * desk_store_set_password:
 * @self: a #DeskStore
 * @actor_id: who changes it (for the audit log)
 * @user_id: whose password
 * @password: the new password in clear
 * @error: a #GError
 */
gboolean
desk_store_set_password (DeskStore   *self,
                         gint64       actor_id,
                         gint64       user_id,
                         const char  *password,
                         GError     **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  hash = desk_password_hash (password, error);
  if (hash == NULL)
    return FALSE;
  return DESK_STORE_GET_IFACE (self)->set_password_hash (self, actor_id, user_id, hash, error);
}

gboolean
desk_store_begin (DeskStore *self,
                  GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->begin (self, error);
}

gboolean
desk_store_commit (DeskStore *self,
                   GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->commit (self, error);
}

void
desk_store_rollback (DeskStore *self)
{
  g_return_if_fail (DESK_IS_STORE (self));
  DESK_STORE_GET_IFACE (self)->rollback (self);
}

/**
 * desk_store_set_clock:
 * @self: a #DeskStore
 * @now: Unix time the store takes for "now", or 0 for the real clock
 *
 * For importing history (the demo office, a move from another system):
 * the times the store writes by itself (case events, audit rows, updates)
 * then carry the imported moment instead of today.
 */
void
desk_store_set_clock (DeskStore *self,
                      gint64     now)
{
  g_return_if_fail (DESK_IS_STORE (self));
  DESK_STORE_GET_IFACE (self)->set_clock (self, now);
}

char *
desk_store_get_setting (DeskStore *self,
                        const char *key)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);

  return DESK_STORE_GET_IFACE (self)->get_setting (self, key);
}

gboolean
desk_store_set_setting (DeskStore *self,
                        const char *key,
                        const char *value,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_setting (self, key, value, error);
}

DeskUser *
desk_store_get_user (DeskStore *self,
                     gint64 id,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_user (self, id, error);
}

DeskUser *
desk_store_find_user (DeskStore *self,
                      const char *login,
                      GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->find_user (self, login, error);
}

DeskUser *
desk_store_find_user_by_sip (DeskStore *self,
                             const char *sip_user,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->find_user_by_sip (self, sip_user, error);
}

GPtrArray *
desk_store_list_users (DeskStore *self,
                       GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_users (self, error);
}

gint64
desk_store_add_skill (DeskStore *self,
                      const char *name,
                      GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_skill (self, name, error);
}

gboolean
desk_store_set_user_skill (DeskStore *self,
                           gint64 user_id,
                           gint64 skill_id,
                           int level,
                           GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_user_skill (self, user_id, skill_id, level, error);
}

gint64
desk_store_add_client (DeskStore *self,
                       gint64 actor_id,
                       const DeskClient *client,
                       GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_client (self, actor_id, client, error);
}

DeskClient *
desk_store_get_client (DeskStore *self,
                       gint64 id,
                       GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_client (self, id, error);
}

gboolean
desk_store_add_client_phone (DeskStore *self,
                             gint64 actor_id,
                             gint64 client_id,
                             const char *e164,
                             const char *label,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_client_phone (self, actor_id, client_id, e164, label, error);
}

gboolean
desk_store_add_client_asset (DeskStore *self,
                             gint64 actor_id,
                             gint64 client_id,
                             DeskAssetKind kind,
                             const char *identifier,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_client_asset (self, actor_id, client_id, kind, identifier, error);
}

GArray *
desk_store_find_clients_by_phone (DeskStore *self,
                                  const char *e164,
                                  GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->find_clients_by_phone (self, e164, error);
}

GArray *
desk_store_find_clients_by_asset (DeskStore *self,
                                  const char *identifier,
                                  GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->find_clients_by_asset (self, identifier, error);
}

GArray *
desk_store_search_clients (DeskStore *self,
                           const char *text,
                           guint limit,
                           GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->search_clients (self, text, limit, error);
}

gint64
desk_store_add_category (DeskStore *self,
                         const char *name,
                         int sla_hours,
                         gint64 escalate_to,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_category (self, name, sla_hours, escalate_to, error);
}

gint64
desk_store_add_scenario (DeskStore *self,
                         const char *label,
                         gint64 category_id,
                         const char *subject,
                         DeskPriority priority,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_scenario (self, label, category_id, subject, priority, error);
}

DeskCase *
desk_store_create_case (DeskStore *self,
                        gint64 actor_id,
                        const DeskCaseNew *spec,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->create_case (self, actor_id, spec, error);
}

DeskCase *
desk_store_get_case (DeskStore *self,
                     gint64 id,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_case (self, id, error);
}

DeskCase *
desk_store_get_case_by_number (DeskStore *self,
                               gint64 number,
                               GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_case_by_number (self, number, error);
}

gboolean
desk_store_set_case_status (DeskStore *self,
                            gint64 actor_id,
                            gint64 case_id,
                            DeskCaseStatus status,
                            DeskResolution resolution,
                            const char *note,
                            GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_case_status (self, actor_id, case_id, status, resolution, note, error);
}

gboolean
desk_store_assign_case (DeskStore *self,
                        gint64 actor_id,
                        gint64 case_id,
                        gint64 owner_id,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->assign_case (self, actor_id, case_id, owner_id, error);
}

gboolean
desk_store_set_case_priority (DeskStore *self,
                              gint64 actor_id,
                              gint64 case_id,
                              DeskPriority priority,
                              GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_case_priority (self, actor_id, case_id, priority, error);
}

gboolean
desk_store_set_case_client (DeskStore *self,
                            gint64 actor_id,
                            gint64 case_id,
                            gint64 client_id,
                            GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_case_client (self, actor_id, case_id, client_id, error);
}

gboolean
desk_store_add_case_note (DeskStore *self,
                          gint64 actor_id,
                          gint64 case_id,
                          DeskCaseEventKind kind,
                          const char *body,
                          gboolean is_public,
                          GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_case_note (self, actor_id, case_id, kind, body, is_public, error);
}

gboolean
desk_store_link_case_contact (DeskStore *self,
                              gint64 actor_id,
                              gint64 case_id,
                              gint64 call_id,
                              gint64 chat_id,
                              GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->link_case_contact (self, actor_id, case_id, call_id, chat_id, error);
}

GPtrArray *
desk_store_list_case_events (DeskStore *self,
                             gint64 case_id,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_case_events (self, case_id, error);
}

GArray *
desk_store_list_client_cases (DeskStore *self,
                              gint64 client_id,
                              gboolean open_only,
                              GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_client_cases (self, client_id, open_only, error);
}

gint64
desk_store_add_call (DeskStore *self,
                     const DeskCall *call,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);
  g_return_val_if_fail (call != NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_call (self, call, error);
}

/**
 * desk_store_update_call:
 * @self: a #DeskStore
 * @call: the call as it stands now; its id says which
 * @error: a #GError, %DESK_ERROR_NOT_FOUND for an unknown call
 *
 * Writes every field of a live call as it progresses (answered, held,
 * ended, recorded), except `not_a_case`: that mark is an operator's
 * decision, audited, and changes only through
 * desk_store_set_call_not_a_case(), so a later update from a copy made
 * before it is never undone.
 *
 * Returns: %TRUE if the call was written
 */
gboolean
desk_store_update_call (DeskStore *self,
                        const DeskCall *call,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (call != NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->update_call (self, call, error);
}

DeskCall *
desk_store_get_call (DeskStore *self,
                     gint64 id,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_call (self, id, error);
}

gint64
desk_store_add_chat (DeskStore *self,
                     const DeskChat *chat,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_chat (self, chat, error);
}

gint64
desk_store_add_chat_message (DeskStore *self,
                             const DeskChatMessage *message,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_chat_message (self, message, error);
}

/**
 * desk_store_get_chat:
 * @self: a #DeskStore
 * @id: a chat
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for an unknown one
 *
 * Returns: (transfer full): the chat, or %NULL
 */
DeskChat *
desk_store_get_chat (DeskStore  *self,
                     gint64      id,
                     GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_chat (self, id, error);
}

/**
 * desk_store_update_chat:
 * @self: a #DeskStore
 * @chat: the chat as it is now: its client, queue, operator, times, wait,
 *   outcome and rating (0: not rated) are written
 * @error: a #GError
 */
gboolean
desk_store_update_chat (DeskStore       *self,
                        const DeskChat  *chat,
                        GError         **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->update_chat (self, chat, error);
}

/**
 * desk_store_mark_chat_read:
 * @self: a #DeskStore
 * @chat_id: a chat
 * @reader: who read: the visitor, or an operator
 * @up_to: the newest message read
 * @error: a #GError
 *
 * Returns: how many messages of the other side became read, -1 on error
 */
int
desk_store_mark_chat_read (DeskStore       *self,
                           gint64           chat_id,
                           DeskChatSender   reader,
                           gint64           up_to,
                           GError         **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->mark_chat_read (self, chat_id, reader, up_to, error);
}

GPtrArray *
desk_store_list_chat_messages (DeskStore *self,
                               gint64 chat_id,
                               GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_chat_messages (self, chat_id, error);
}

gint64
desk_store_add_article (DeskStore *self,
                        const DeskArticle *article,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_article (self, article, error);
}

DeskArticle *
desk_store_get_article (DeskStore *self,
                        gint64 id,
                        GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_article (self, id, error);
}

GPtrArray *
desk_store_search_articles (DeskStore *self,
                            const char *query,
                            gboolean public_only,
                            guint limit,
                            GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->search_articles (self, query, public_only, limit, error);
}

gint64
desk_store_add_news (DeskStore *self,
                     const char *title,
                     const char *body,
                     gint64 published_at,
                     gint64 author_id,
                     GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_news (self, title, body, published_at, author_id, error);
}

gint64
desk_store_add_queue (DeskStore *self,
                      const DeskQueue *queue,
                      GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_queue (self, queue, error);
}

gboolean
desk_store_add_queue_member (DeskStore *self,
                             gint64 queue_id,
                             gint64 user_id,
                             int penalty,
                             GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_queue_member (self, queue_id, user_id, penalty, error);
}

gint64
desk_store_add_ivr_menu (DeskStore *self,
                         const DeskIvrMenu *menu,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_ivr_menu (self, menu, error);
}

gint64
desk_store_add_ivr_item (DeskStore *self,
                         const DeskIvrItem *item,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_ivr_item (self, item, error);
}

gint64
desk_store_add_inbound_route (DeskStore *self,
                              const char *number,
                              gint64 ivr_menu_id,
                              gint64 queue_id,
                              GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_inbound_route (self, number, ivr_menu_id, queue_id, error);
}

gint64
desk_store_add_trunk (DeskStore *self,
                      const DeskTrunk *trunk,
                      GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_trunk (self, trunk, error);
}

gint64
desk_store_add_callback (DeskStore *self,
                         const DeskCallback *callback,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);
  g_return_val_if_fail (callback != NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_callback (self, callback, error);
}

gint64
desk_store_add_disposition (DeskStore *self,
                            const char *code,
                            const char *label,
                            DeskFunnelStage stage,
                            GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_disposition (self, code, label, stage, error);
}

gint64
desk_store_add_campaign (DeskStore *self,
                         const DeskCampaign *campaign,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_campaign (self, campaign, error);
}

gint64
desk_store_add_campaign_contact (DeskStore *self,
                                 const DeskCampaignContact *contact,
                                 GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_campaign_contact (self, contact, error);
}

gint64
desk_store_add_bot_rule (DeskStore *self,
                         const DeskBotRule *rule,
                         GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_bot_rule (self, rule, error);
}

/**
 * desk_store_list_queues:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * Every queue with its settings and members, as routing needs them when the
 * office starts or its configuration changes.
 *
 * Returns: (transfer full) (element-type DeskQueueInfo): the queues by id,
 *   each with its members by user id; the array frees its elements. %NULL
 *   on error.
 */
GPtrArray *
desk_store_list_queues (DeskStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_queues (self, error);
}

/**
 * desk_store_list_user_skills:
 * @self: a #DeskStore
 * @user_id: the operator
 * @error: a #GError, %DESK_ERROR_INVALID for a negative id
 *
 * Returns: (transfer full) (element-type DeskUserSkill): the operator's
 *   skills by skill id, empty for an operator with none or an unknown one;
 *   %NULL on error
 */
GArray *
desk_store_list_user_skills (DeskStore  *self,
                             gint64      user_id,
                             GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_user_skills (self, user_id, error);
}

/**
 * desk_store_get_ivr_menu:
 * @self: a #DeskStore
 * @id: the menu
 * @error: a #GError, %DESK_ERROR_NOT_FOUND for an unknown menu
 *
 * Returns: (transfer full): the menu with its choices in keypad order (1–9,
 *   0, `*`, `#`), the order in which they are read to the caller; %NULL on
 *   error
 */
DeskIvrMenuInfo *
desk_store_get_ivr_menu (DeskStore  *self,
                         gint64      id,
                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_ivr_menu (self, id, error);
}

/**
 * desk_store_find_inbound_route:
 * @self: a #DeskStore
 * @number: the number the trunk says was dialled, compared as it is stored
 * @ivr_menu_id: (out) (optional): the menu that answers, or 0
 * @queue_id: (out) (optional): the queue that answers, or 0
 * @error: a #GError, %DESK_ERROR_NOT_FOUND when no route applies
 *
 * Where a call to @number goes: exactly one of @ivr_menu_id and @queue_id
 * is set. A number without a route of its own takes the route whose number
 * is `*`, if there is one: the default route, so that an office with one
 * line answers whatever form of its number the trunk sends.
 *
 * Returns: %TRUE if a route was found
 */
gboolean
desk_store_find_inbound_route (DeskStore   *self,
                               const char  *number,
                               gint64      *ivr_menu_id,
                               gint64      *queue_id,
                               GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ivr_menu_id)
    *ivr_menu_id = 0;
  if (queue_id)
    *queue_id = 0;
  return DESK_STORE_GET_IFACE (self)->find_inbound_route (self, number, ivr_menu_id, queue_id,
                                                          error);
}

/**
 * desk_store_find_recent_operator:
 * @self: a #DeskStore
 * @client_id: the client, or 0 for an unknown caller
 * @since: Unix time; only contacts answered at or after it count
 * @error: a #GError
 *
 * The operator who last spoke with the client: of the newest call or chat
 * with the client that an operator answered since @since. For sticky
 * routing: a returning caller goes back to the same person.
 *
 * Returns: the operator's user id, 0 if there is none, or -1 on error
 */
gint64
desk_store_find_recent_operator (DeskStore  *self,
                                 gint64      client_id,
                                 gint64      since,
                                 GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->find_recent_operator (self, client_id, since, error);
}

/**
 * desk_store_find_case_owner:
 * @self: a #DeskStore
 * @client_id: the client, or 0 for an unknown caller
 * @error: a #GError
 *
 * The owner of the client's most recently updated open case (neither
 * resolved nor closed) that has an owner: who already knows what the
 * caller is likely calling about.
 *
 * Returns: the owner's user id, 0 if there is none, or -1 on error
 */
gint64
desk_store_find_case_owner (DeskStore  *self,
                            gint64      client_id,
                            GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->find_case_owner (self, client_id, error);
}

/**
 * desk_store_count_operator_contacts:
 * @self: a #DeskStore
 * @user_id: the operator
 * @since: Unix time; only contacts answered at or after it count
 * @error: a #GError
 *
 * How many calls and chats the operator answered since @since, for the
 * fewest-contacts strategy.
 *
 * Returns: the count, or -1 on error
 */
int
desk_store_count_operator_contacts (DeskStore  *self,
                                    gint64      user_id,
                                    gint64      since,
                                    GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->count_operator_contacts (self, user_id, since, error);
}

/**
 * desk_store_average_handle_ms:
 * @self: a #DeskStore
 * @queue_id: the queue
 * @since: Unix time; only calls answered at or after it count
 * @error: a #GError
 *
 * The average handle time (talk, hold and wrap-up) of the queue's calls
 * answered since @since, from which the wait a caller is told is
 * estimated. Calls still going on are left out: their times are not known
 * yet, and counting them as zero would promise callers a shorter wait.
 *
 * Returns: the average in milliseconds, 0 if no call counts, or -1 on error
 */
gint64
desk_store_average_handle_ms (DeskStore  *self,
                              gint64      queue_id,
                              gint64      since,
                              GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->average_handle_ms (self, queue_id, since, error);
}

/**
 * desk_store_list_open_callbacks:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * The callbacks still to be made: pending, offered to an operator or being
 * dialled.
 *
 * Returns: (transfer full) (element-type DeskCallbackInfo): the callbacks
 *   in the order the callers joined their queues (then by id); the array
 *   frees its elements. %NULL on error.
 */
GPtrArray *
desk_store_list_open_callbacks (DeskStore  *self,
                                GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_open_callbacks (self, error);
}

/**
 * desk_store_update_callback:
 * @self: a #DeskStore
 * @id: the callback
 * @status: its new status
 * @attempts: how many times it was dialled
 * @next_attempt_at: Unix time of the next try, or 0 for none
 * @operator_id: the operator it is offered to or was made by, or 0
 * @error: a #GError: %DESK_ERROR_NOT_FOUND for an unknown callback,
 *   %DESK_ERROR_CONFLICT when reopening it would give its number a second
 *   open callback in the same queue, %DESK_ERROR_INVALID for a bad value
 *
 * Returns: %TRUE if the callback was changed
 */
gboolean
desk_store_update_callback (DeskStore           *self,
                            gint64               id,
                            DeskCallbackStatus   status,
                            int                  attempts,
                            gint64               next_attempt_at,
                            gint64               operator_id,
                            GError             **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->update_callback (self, id, status, attempts,
                                                       next_attempt_at, operator_id, error);
}

/**
 * desk_store_set_call_not_a_case:
 * @self: a #DeskStore
 * @actor_id: who marks it (for the audit log)
 * @call_id: the call
 * @not_a_case: whether the call needed no case (a wrong number, a hang-up)
 * @error: a #GError, %DESK_ERROR_NOT_FOUND for an unknown call
 *
 * Marks a call as needing no case, or takes the mark back, and writes the
 * audit log in the same transaction. This is the only way the mark
 * changes once the call is stored: desk_store_update_call() leaves it be.
 *
 * Returns: %TRUE if the mark was set
 */
gboolean
desk_store_set_call_not_a_case (DeskStore  *self,
                                gint64      actor_id,
                                gint64      call_id,
                                gboolean    not_a_case,
                                GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_call_not_a_case (self, actor_id, call_id, not_a_case,
                                                           error);
}

/**
 * desk_store_get_scenario:
 * @self: a #DeskStore
 * @id: a scenario
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for an unknown one
 *
 * Returns: (transfer full): the scenario button, or %NULL
 */
DeskScenario *
desk_store_get_scenario (DeskStore  *self,
                         gint64      id,
                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_scenario (self, id, error);
}

/**
 * desk_store_set_scenario_resolve_at_once:
 * @self: a #DeskStore
 * @id: a scenario
 * @resolve_at_once: whether the scenario's case is settled on the spot (a
 *   question answered) and so resolved as soon as it is opened
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for an unknown scenario
 *
 * Returns: %TRUE if the scenario was changed
 */
gboolean
desk_store_set_scenario_resolve_at_once (DeskStore  *self,
                                         gint64      id,
                                         gboolean    resolve_at_once,
                                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_scenario_resolve_at_once (self, id, resolve_at_once,
                                                                    error);
}

/**
 * desk_store_list_call_cases:
 * @self: a #DeskStore
 * @call_id: the call
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type gint64): the ids of the cases the
 *   call is linked to (see desk_store_link_case_contact()), ascending; empty
 *   if none. %NULL on error.
 */
GArray *
desk_store_list_call_cases (DeskStore  *self,
                            gint64      call_id,
                            GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_call_cases (self, call_id, error);
}

gboolean
desk_store_log_agent_state (DeskStore *self,
                            gint64 user_id,
                            DeskAgentState state,
                            const char *reason,
                            gint64 at,
                            GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->log_agent_state (self, user_id, state, reason, at, error);
}

gboolean
desk_store_add_audit (DeskStore *self,
                      gint64 actor_id,
                      const char *action,
                      const char *object_type,
                      gint64 object_id,
                      const char *detail,
                      GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_audit (self, actor_id, action, object_type, object_id, detail, error);
}

GPtrArray *
desk_store_list_audit (DeskStore *self,
                       const char *object_type,
                       gint64 object_id,
                       GError **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_audit (self, object_type, object_id, error);
}

/* Sessions (desk-sqlite-store-sessions.c) */

/**
 * desk_store_add_session:
 * @self: a #DeskStore
 * @token_hash: the SHA-256 of the session's token, in hex: the token itself
 *   is never stored
 * @user_id: who logged in
 * @expires_at: when the session ends, Unix seconds
 * @error: a #GError
 *
 * Keeps an API session so that it outlives a restart of the server.
 * Sessions long expired are swept on the way.
 */
gboolean
desk_store_add_session (DeskStore   *self,
                        const char  *token_hash,
                        gint64       user_id,
                        gint64       expires_at,
                        GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_session (self, token_hash, user_id, expires_at, error);
}

/**
 * desk_store_get_session:
 * @self: a #DeskStore
 * @token_hash: the SHA-256 of a token, in hex
 * @user_id: (out) (optional): its user
 * @expires_at: (out) (optional): when it ends
 * @revoked: (out) (optional): whether it was ended early (a logout)
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for a token never issued
 *
 * Returns: %TRUE if the session is known, expired and revoked ones too
 */
gboolean
desk_store_get_session (DeskStore   *self,
                        const char  *token_hash,
                        gint64      *user_id,
                        gint64      *expires_at,
                        gboolean    *revoked,
                        GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->get_session (self, token_hash, user_id, expires_at, revoked,
                                                   error);
}

/**
 * desk_store_revoke_session:
 * @self: a #DeskStore
 * @token_hash: the SHA-256 of a token, in hex
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for a token never issued
 *
 * Ends a session (a logout). The row stays until it expires.
 */
gboolean
desk_store_revoke_session (DeskStore   *self,
                           const char  *token_hash,
                           GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->revoke_session (self, token_hash, error);
}

/**
 * desk_store_revoke_user_sessions:
 * @self: a #DeskStore
 * @actor_id: who does it (for the audit log)
 * @user_id: whose sessions end (a password change, a dismissal)
 * @error: a #GError
 *
 * Returns: how many sessions were ended, or -1 with @error set
 */
int
desk_store_revoke_user_sessions (DeskStore  *self,
                                 gint64      actor_id,
                                 gint64      user_id,
                                 GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->revoke_user_sessions (self, actor_id, user_id, error);
}

/**
 * desk_store_update_client:
 * @self: a #DeskStore
 * @actor_id: who edits the card
 * @client_id: the client
 * @name: (nullable): a new name, or %NULL to keep it
 * @note: (nullable): a new note, "" to clear it, %NULL to keep it
 * @vip: 1 or 0, or -1 to keep it
 * @error: a #GError
 *
 * Edits a client's card; the audit log names the fields changed.
 */
gboolean
desk_store_update_client (DeskStore   *self,
                          gint64       actor_id,
                          gint64       client_id,
                          const char  *name,
                          const char  *note,
                          int          vip,
                          GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->update_client (self, actor_id, client_id, name, note, vip,
                                                     error);
}

/**
 * desk_store_add_client_email:
 * @self: a #DeskStore
 * @actor_id: who edits the card
 * @client_id: the client
 * @email: an e-mail address
 * @error: a #GError; %DESK_ERROR_CONFLICT if the client has it already
 */
gboolean
desk_store_add_client_email (DeskStore   *self,
                             gint64       actor_id,
                             gint64       client_id,
                             const char  *email,
                             GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_client_email (self, actor_id, client_id, email, error);
}

/**
 * desk_store_list_owner_cases:
 * @self: a #DeskStore
 * @owner_id: an operator
 * @open_only: only cases not resolved or closed
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type gint64): the cases the operator
 *   owns, the soonest due first (at most 500)
 */
GArray *
desk_store_list_owner_cases (DeskStore  *self,
                             gint64      owner_id,
                             gboolean    open_only,
                             GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_owner_cases (self, owner_id, open_only, error);
}

/**
 * desk_store_list_bot_rules:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskBotRuleInfo): the enabled bot
 *   rules, the highest priority first, then in the order they were added;
 *   empty if none. %NULL on error.
 */
GPtrArray *
desk_store_list_bot_rules (DeskStore  *self,
                           GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_bot_rules (self, error);
}

/* The self-care portal (desk-sqlite-store-portal.c) */

void
desk_news_free (DeskNews *news)
{
  if (news == NULL)
    return;
  g_free (news->title);
  g_free (news->body);
  g_free (news);
}

void
desk_category_info_free (DeskCategoryInfo *category)
{
  if (category == NULL)
    return;
  g_free (category->name);
  g_free (category);
}

/**
 * desk_store_list_news:
 * @self: a #DeskStore
 * @limit: at most this many; 0 for all
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskNews): the news published by
 *   now, newest first, or %NULL on error
 */
GPtrArray *
desk_store_list_news (DeskStore  *self,
                      guint       limit,
                      GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_news (self, limit, error);
}

/**
 * desk_store_list_public_categories:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskCategoryInfo): the case
 *   categories offered on the portal, in the office's order
 */
GPtrArray *
desk_store_list_public_categories (DeskStore  *self,
                                   GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_public_categories (self, error);
}

/**
 * desk_store_list_public_articles:
 * @self: a #DeskStore
 * @limit: at most this many; 0 for all
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskArticle): the public knowledge
 *   base by category and title, without bodies
 */
GPtrArray *
desk_store_list_public_articles (DeskStore  *self,
                                 guint       limit,
                                 GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_public_articles (self, limit, error);
}

/**
 * desk_store_create_portal_case:
 * @self: a #DeskStore
 * @request: what the visitor left; the category must be public
 * @error: a #GError; %DESK_ERROR_INVALID for a missing name or contact or
 *   a category that is not offered on the portal
 *
 * Opens a case on the portal channel with no actor, through the same rules
 * as any case (timeline, audit, SLA due time), and keeps the visitor's
 * contact with it. No client is made or linked.
 *
 * Returns: (transfer full): the case, or %NULL
 */
DeskCase *
desk_store_create_portal_case (DeskStore                *self,
                               const DeskPortalRequest  *request,
                               GError                  **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->create_portal_case (self, request, error);
}

/**
 * desk_store_get_case_by_portal_token:
 * @self: a #DeskStore
 * @token: the case's private portal link token
 * @error: a #GError; %DESK_ERROR_NOT_FOUND if no case has it
 *
 * Returns: (transfer full): the case, or %NULL
 */
DeskCase *
desk_store_get_case_by_portal_token (DeskStore   *self,
                                     const char  *token,
                                     GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_case_by_portal_token (self, token, error);
}

/**
 * desk_store_find_portal_case:
 * @self: a #DeskStore
 * @number: the case number
 * @e164: a phone number; it must be one of the case's client's phones or
 *   the phone left with the request
 * @error: a #GError; %DESK_ERROR_NOT_FOUND, the same for a wrong number
 *   and a wrong phone
 *
 * Returns: (transfer full): the case, or %NULL
 */
DeskCase *
desk_store_find_portal_case (DeskStore   *self,
                             gint64       number,
                             const char  *e164,
                             GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->find_portal_case (self, number, e164, error);
}

/**
 * desk_store_list_public_case_events:
 * @self: a #DeskStore
 * @case_id: a case
 * @error: a #GError
 *
 * What a customer may see of a case's timeline: its public entries, and its
 * creation and status changes without their text.
 *
 * Returns: (transfer full) (element-type DeskCaseEvent): oldest first
 */
GPtrArray *
desk_store_list_public_case_events (DeskStore  *self,
                                    gint64      case_id,
                                    GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_public_case_events (self, case_id, error);
}

/**
 * desk_store_add_portal_message:
 * @self: a #DeskStore
 * @case_id: an open case
 * @body: the visitor's message
 * @error: a #GError; %DESK_ERROR_FORBIDDEN once the case is resolved or
 *   closed
 *
 * Adds the message to the case's timeline as a public portal message with
 * no actor; a case that was waiting for the customer goes back in progress.
 *
 * Returns: %TRUE if it was added
 */
gboolean
desk_store_add_portal_message (DeskStore   *self,
                               gint64       case_id,
                               const char  *body,
                               GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->add_portal_message (self, case_id, body, error);
}

/* KPIs (desk-sqlite-store-kpi.c) */

/**
 * desk_store_kpi_contacts:
 * @self: a #DeskStore
 * @since: the span's start, Unix seconds
 * @until: its end (excluded)
 * @short_abandon_seconds: a contact that left the queue unanswered sooner
 *   than this is a short abandon, not an abandon
 * @error: a #GError
 *
 * The contacts that arrived in the span (inbound calls by their offer time,
 * chats by their start), summed per queue, per hour from @since and per
 * channel. Groups with no contact are left out.
 *
 * Returns: (transfer full) (element-type DeskKpiContactGroup): the groups
 */
GArray *
desk_store_kpi_contacts (DeskStore  *self,
                         gint64      since,
                         gint64      until,
                         int         short_abandon_seconds,
                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->kpi_contacts (self, since, until, short_abandon_seconds,
                                                    error);
}

/**
 * desk_store_kpi_operators:
 * @self: a #DeskStore
 * @since: the span's start, Unix seconds
 * @until: its end (excluded)
 * @now: the time against which cases are overdue
 * @error: a #GError
 *
 * Every active operator and every active person with a phone, by name:
 * their open state in the state log, the contacts of the span they
 * answered and their handle time, and their open cases overdue at @now.
 *
 * Returns: (transfer full) (element-type DeskKpiOperatorDay): the operators
 */
GPtrArray *
desk_store_kpi_operators (DeskStore  *self,
                          gint64      since,
                          gint64      until,
                          gint64      now,
                          GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->kpi_operators (self, since, until, now, error);
}
