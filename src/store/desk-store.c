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
