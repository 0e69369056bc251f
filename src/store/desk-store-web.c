/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-store"

/* DeskStore's public wrappers, part three: what the web layer and the chat
 * bot read and keep (sessions, client edits, bot rules, the portal, the
 * dashboard's figures). The interface itself is in desk-store.c. */

#include "desk-i18n.h"
#include "desk-store.h"
#include "desk-error.h"

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
 * desk_store_remove_client_phone:
 * @self: a #DeskStore
 * @actor_id: who edits the card
 * @client_id: the client
 * @e164: the number in E.164 form, as the card lists it
 * @error: a #GError; %DESK_ERROR_NOT_FOUND if the card has no such client
 *   or number
 *
 * Takes a number off the card; the audit log keeps which one.
 */
gboolean
desk_store_remove_client_phone (DeskStore   *self,
                                gint64       actor_id,
                                gint64       client_id,
                                const char  *e164,
                                GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->remove_client_phone (self, actor_id, client_id, e164,
                                                           error);
}

/**
 * desk_store_remove_client_asset:
 * @self: a #DeskStore
 * @actor_id: who edits the card
 * @client_id: the client
 * @identifier: the contract, card or device identifier, of whatever kind
 * @error: a #GError; %DESK_ERROR_NOT_FOUND if the card has no such client
 *   or asset
 *
 * Takes an asset off the card; the audit log keeps which one.
 */
gboolean
desk_store_remove_client_asset (DeskStore   *self,
                                gint64       actor_id,
                                gint64       client_id,
                                const char  *identifier,
                                GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->remove_client_asset (self, actor_id, client_id,
                                                           identifier, error);
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

/* Chats (desk-sqlite-store-chat.c) */

/**
 * desk_store_list_chat_messages_after:
 * @self: a #DeskStore
 * @chat_id: the chat
 * @after_id: the newest message the reader has; 0 for the whole transcript
 * @error: a #GError
 *
 * The chat's messages newer than @after_id, oldest first: what a reader
 * following the chat has not had yet, without reading the transcript
 * again on every message.
 *
 * Returns: (transfer full) (element-type DeskChatMessage): the messages
 */
GPtrArray *
desk_store_list_chat_messages_after (DeskStore  *self,
                                     gint64      chat_id,
                                     gint64      after_id,
                                     GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_chat_messages_after (self, chat_id, after_id, error);
}

/* The agent window (desk-sqlite-store-agent.c) */

void
desk_canned_answer_info_free (DeskCannedAnswerInfo *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->title);
  g_free (answer->body);
  g_free (answer);
}

void
desk_portal_waiting_free (DeskPortalWaiting *waiting)
{
  if (waiting == NULL)
    return;
  g_free (waiting->subject);
  g_free (waiting);
}

/**
 * desk_store_list_categories:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * The staff choose from every category, the internal ones too (the portal
 * reads desk_store_list_public_categories()).
 *
 * Returns: (transfer full) (element-type DeskCategoryInfo): every case
 *   category, in the office's order
 */
GPtrArray *
desk_store_list_categories (DeskStore  *self,
                            GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_categories (self, error);
}

/**
 * desk_store_list_scenarios:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskScenario): the scenario
 *   buttons, in the office's order
 */
GPtrArray *
desk_store_list_scenarios (DeskStore  *self,
                           GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_scenarios (self, error);
}

/**
 * desk_store_list_case_view:
 * @self: a #DeskStore
 * @view: which cases
 * @user_id: %DESK_CASE_VIEW_MINE: whose; %DESK_CASE_VIEW_OVERDUE: only
 *   this owner's, or 0 for everyone's; ignored by %DESK_CASE_VIEW_OPEN
 * @limit: at most this many, 1–500
 * @error: a #GError
 *
 * Overdue cases come most overdue first, the others newest first.
 *
 * Returns: (transfer full) (element-type gint64): the cases' ids
 */
GArray *
desk_store_list_case_view (DeskStore     *self,
                           DeskCaseView   view,
                           gint64         user_id,
                           guint          limit,
                           GError       **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (view <= DESK_CASE_VIEW_OPEN, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_case_view (self, view, user_id, CLAMP (limit, 1, 500),
                                                      error);
}

/**
 * desk_store_add_canned_answer:
 * @self: a #DeskStore
 * @title: 1–200 characters
 * @body: 1–4000 characters
 * @error: a #GError; %DESK_ERROR_INVALID for an empty or long text
 *
 * Returns: the answer's id, or 0
 */
gint64
desk_store_add_canned_answer (DeskStore   *self,
                              const char  *title,
                              const char  *body,
                              GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return DESK_STORE_GET_IFACE (self)->add_canned_answer (self, title, body, error);
}

/**
 * desk_store_list_canned_answers:
 * @self: a #DeskStore
 * @query: (nullable): words the title or the body holds, in any case; %NULL
 *   or empty for all
 * @limit: at most this many; 0 for all
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type DeskCannedAnswerInfo): the answers by
 *   title
 */
GPtrArray *
desk_store_list_canned_answers (DeskStore   *self,
                                const char  *query,
                                guint        limit,
                                GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_canned_answers (self, query, limit, error);
}

/**
 * desk_store_list_portal_waiting:
 * @self: a #DeskStore
 * @user_id: whose inbox: requests nobody owns and this user's; -1 for all
 * @after_event_id: only requests whose customer wrote after this timeline
 *   entry (0 for all): how the event stream finds what is new
 * @error: a #GError
 *
 * The portal requests that wait for an operator: open cases whose customer
 * wrote last (the request itself, or a message on the portal), with no
 * public answer of the staff since.
 *
 * Returns: (transfer full) (element-type DeskPortalWaiting): the requests,
 *   longest waiting first
 */
GPtrArray *
desk_store_list_portal_waiting (DeskStore   *self,
                                gint64       user_id,
                                gint64       after_event_id,
                                GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_portal_waiting (self, user_id, after_event_id, error);
}
