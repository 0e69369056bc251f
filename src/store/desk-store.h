/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-records.h"
#include "desk-store-portal.h"
#include "desk-store-kpi.h"
#include "desk-store-agent.h"
#include "desk-store-history.h"

G_BEGIN_DECLS

#define DESK_TYPE_STORE (desk_store_get_type ())
G_DECLARE_INTERFACE (DeskStore, desk_store, DESK, STORE, GObject)

/**
 * DeskStoreInterface:
 *
 * The office's data, behind an interface so that the SQLite backend can be
 * joined by another (PostgreSQL) without touching any caller. Every method
 * runs on the thread that owns the store (the main loop's). Methods that
 * change a case also write its timeline and the audit log, in one
 * transaction. There is deliberately no way to delete a case.
 */
struct _DeskStoreInterface
{
  GTypeInterface parent_iface;

  gboolean        (*begin)                (DeskStore *self, GError **error);
  gboolean        (*commit)               (DeskStore *self, GError **error);
  void            (*rollback)             (DeskStore *self);

  void            (*set_clock)            (DeskStore *self, gint64 now);

  char           *(*get_setting)          (DeskStore *self, const char *key);
  gboolean        (*set_setting)          (DeskStore *self, const char *key, const char *value,
                                           GError **error);

  gint64          (*add_user)             (DeskStore *self, const DeskUserNew *user,
                                           const char *password_hash, GError **error);
  DeskUser       *(*get_user)             (DeskStore *self, gint64 id, GError **error);
  DeskUser       *(*find_user)            (DeskStore *self, const char *login, GError **error);
  DeskUser       *(*find_user_by_sip)     (DeskStore *self, const char *sip_user, GError **error);
  GPtrArray      *(*list_users)           (DeskStore *self, GError **error);
  char           *(*get_password_hash)    (DeskStore *self, gint64 user_id);
  gboolean        (*set_password_hash)    (DeskStore *self, gint64 actor_id, gint64 user_id,
                                           const char *hash, GError **error);
  gint64          (*add_skill)            (DeskStore *self, const char *name, GError **error);
  gboolean        (*set_user_skill)       (DeskStore *self, gint64 user_id, gint64 skill_id,
                                           int level, GError **error);

  gint64          (*add_client)           (DeskStore *self, gint64 actor_id,
                                           const DeskClient *client, GError **error);
  DeskClient     *(*get_client)           (DeskStore *self, gint64 id, GError **error);
  gboolean        (*add_client_phone)     (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           const char *e164, const char *label, GError **error);
  gboolean        (*add_client_asset)     (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           DeskAssetKind kind, const char *identifier,
                                           GError **error);
  GArray         *(*find_clients_by_phone) (DeskStore *self, const char *e164, GError **error);
  GArray         *(*find_clients_by_asset) (DeskStore *self, const char *identifier,
                                            GError **error);
  GArray         *(*search_clients)       (DeskStore *self, const char *text, guint limit,
                                           GError **error);

  gint64          (*add_category)         (DeskStore *self, const char *name, int sla_hours,
                                           gint64 escalate_to, GError **error);
  gint64          (*add_scenario)         (DeskStore *self, const char *label, gint64 category_id,
                                           const char *subject, DeskPriority priority,
                                           GError **error);
  DeskScenario   *(*get_scenario)         (DeskStore *self, gint64 id, GError **error);
  gboolean        (*set_scenario_resolve_at_once) (DeskStore *self, gint64 id,
                                                   gboolean resolve_at_once, GError **error);

  DeskCase       *(*create_case)          (DeskStore *self, gint64 actor_id,
                                           const DeskCaseNew *spec, GError **error);
  DeskCase       *(*get_case)             (DeskStore *self, gint64 id, GError **error);
  DeskCase       *(*get_case_by_number)   (DeskStore *self, gint64 number, GError **error);
  gboolean        (*set_case_status)      (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           DeskCaseStatus status, DeskResolution resolution,
                                           const char *note, GError **error);
  gboolean        (*assign_case)          (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           gint64 owner_id, GError **error);
  gboolean        (*set_case_priority)    (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           DeskPriority priority, GError **error);
  gboolean        (*set_case_client)      (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           gint64 client_id, GError **error);
  gboolean        (*add_case_note)        (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           DeskCaseEventKind kind, const char *body,
                                           gboolean is_public, GError **error);
  gboolean        (*link_case_contact)    (DeskStore *self, gint64 actor_id, gint64 case_id,
                                           gint64 call_id, gint64 chat_id, GError **error);
  GPtrArray      *(*list_case_events)     (DeskStore *self, gint64 case_id, GError **error);
  GArray         *(*list_client_cases)    (DeskStore *self, gint64 client_id, gboolean open_only,
                                           GError **error);

  gint64          (*add_call)             (DeskStore *self, const DeskCall *call, GError **error);
  gboolean        (*update_call)          (DeskStore *self, const DeskCall *call, GError **error);
  DeskCall       *(*get_call)             (DeskStore *self, gint64 id, GError **error);

  gint64          (*add_chat)             (DeskStore *self, const DeskChat *chat, GError **error);
  gint64          (*add_chat_message)     (DeskStore *self, const DeskChatMessage *message,
                                           GError **error);
  GPtrArray      *(*list_chat_messages)   (DeskStore *self, gint64 chat_id, GError **error);
  DeskChat       *(*get_chat)             (DeskStore *self, gint64 id, GError **error);
  gboolean        (*update_chat)          (DeskStore *self, const DeskChat *chat, GError **error);
  int             (*mark_chat_read)       (DeskStore *self, gint64 chat_id, DeskChatSender reader,
                                           gint64 up_to, GError **error);
  GPtrArray      *(*list_chat_messages_after) (DeskStore *self, gint64 chat_id, gint64 after_id,
                                               GError **error);

  gint64          (*add_article)          (DeskStore *self, const DeskArticle *article,
                                           GError **error);
  DeskArticle    *(*get_article)          (DeskStore *self, gint64 id, GError **error);
  GPtrArray      *(*search_articles)      (DeskStore *self, const char *query,
                                           gboolean public_only, guint limit, GError **error);
  gint64          (*add_news)             (DeskStore *self, const char *title, const char *body,
                                           gint64 published_at, gint64 author_id, GError **error);

  gint64          (*add_queue)            (DeskStore *self, const DeskQueue *queue,
                                           GError **error);
  gboolean        (*add_queue_member)     (DeskStore *self, gint64 queue_id, gint64 user_id,
                                           int penalty, GError **error);
  gint64          (*add_ivr_menu)         (DeskStore *self, const DeskIvrMenu *menu,
                                           GError **error);
  gint64          (*add_ivr_item)         (DeskStore *self, const DeskIvrItem *item,
                                           GError **error);
  gint64          (*add_inbound_route)    (DeskStore *self, const char *number,
                                           gint64 ivr_menu_id, gint64 queue_id, GError **error);
  gint64          (*add_trunk)            (DeskStore *self, const DeskTrunk *trunk,
                                           GError **error);

  gint64          (*add_callback)         (DeskStore *self, const DeskCallback *callback,
                                           GError **error);
  gint64          (*add_disposition)      (DeskStore *self, const char *code, const char *label,
                                           DeskFunnelStage stage, GError **error);
  gint64          (*add_campaign)         (DeskStore *self, const DeskCampaign *campaign,
                                           GError **error);
  gint64          (*add_campaign_contact) (DeskStore *self, const DeskCampaignContact *contact,
                                           GError **error);
  gint64          (*add_bot_rule)         (DeskStore *self, const DeskBotRule *rule,
                                           GError **error);

  /* What the office reads and changes while it runs calls live. */
  GPtrArray      *(*list_queues)          (DeskStore *self, GError **error);
  GArray         *(*list_user_skills)     (DeskStore *self, gint64 user_id, GError **error);
  DeskIvrMenuInfo *(*get_ivr_menu)        (DeskStore *self, gint64 id, GError **error);
  gboolean        (*find_inbound_route)   (DeskStore *self, const char *number,
                                           gint64 *ivr_menu_id, gint64 *queue_id,
                                           GError **error);
  gint64          (*find_recent_operator) (DeskStore *self, gint64 client_id, gint64 since,
                                           GError **error);
  gint64          (*find_case_owner)      (DeskStore *self, gint64 client_id, GError **error);
  int             (*count_operator_contacts) (DeskStore *self, gint64 user_id, gint64 since,
                                              GError **error);
  gint64          (*average_handle_ms)    (DeskStore *self, gint64 queue_id, gint64 since,
                                           GError **error);
  GPtrArray      *(*list_open_callbacks)  (DeskStore *self, GError **error);
  gboolean        (*update_callback)      (DeskStore *self, gint64 id, DeskCallbackStatus status,
                                           int attempts, gint64 next_attempt_at,
                                           gint64 operator_id, GError **error);
  gboolean        (*set_call_not_a_case)  (DeskStore *self, gint64 actor_id, gint64 call_id,
                                           gboolean not_a_case, GError **error);
  GArray         *(*list_call_cases)      (DeskStore *self, gint64 call_id, GError **error);

  gboolean        (*log_agent_state)      (DeskStore *self, gint64 user_id, DeskAgentState state,
                                           const char *reason, gint64 at, GError **error);
  gboolean        (*set_wrapup)           (DeskStore *self, gint64 user_id,
                                           const char *disposition, const char *note,
                                           gint64 *call_id, gint64 *chat_id, GError **error);
  gboolean        (*get_wrapup)           (DeskStore *self, gboolean chat, gint64 id,
                                           char **disposition, char **note, GError **error);

  gboolean        (*add_audit)            (DeskStore *self, gint64 actor_id, const char *action,
                                           const char *object_type, gint64 object_id,
                                           const char *detail, GError **error);
  GPtrArray      *(*list_audit)           (DeskStore *self, const char *object_type,
                                           gint64 object_id, GError **error);

  /* Sessions (desk-sqlite-store-sessions.c) */
  gboolean        (*add_session)          (DeskStore *self, const char *token_hash,
                                           gint64 user_id, gint64 expires_at, GError **error);
  gboolean        (*get_session)          (DeskStore *self, const char *token_hash,
                                           gint64 *user_id, gint64 *expires_at,
                                           gboolean *revoked, GError **error);
  gboolean        (*revoke_session)       (DeskStore *self, const char *token_hash,
                                           GError **error);
  int             (*revoke_user_sessions) (DeskStore *self, gint64 actor_id, gint64 user_id,
                                           GError **error);
  gboolean        (*update_client)        (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           const char *name, const char *note, int vip,
                                           GError **error);
  gboolean        (*add_client_email)     (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           const char *email, GError **error);
  gboolean        (*remove_client_phone)  (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           const char *e164, GError **error);
  gboolean        (*remove_client_asset)  (DeskStore *self, gint64 actor_id, gint64 client_id,
                                           const char *identifier, GError **error);
  GArray         *(*list_owner_cases)     (DeskStore *self, gint64 owner_id, gboolean open_only,
                                           GError **error);

  /* Portal (desk-sqlite-store-portal.c) */
  GPtrArray      *(*list_news)            (DeskStore *self, guint limit, GError **error);
  GPtrArray      *(*list_public_categories) (DeskStore *self, GError **error);
  GPtrArray      *(*list_public_articles) (DeskStore *self, guint limit, GError **error);
  DeskCase       *(*create_portal_case)   (DeskStore *self, const DeskPortalRequest *request,
                                           GError **error);
  DeskCase       *(*get_case_by_portal_token) (DeskStore *self, const char *token,
                                               GError **error);
  DeskCase       *(*find_portal_case)     (DeskStore *self, gint64 number, const char *e164,
                                           GError **error);
  GPtrArray      *(*list_public_case_events) (DeskStore *self, gint64 case_id, GError **error);
  gboolean        (*add_portal_message)   (DeskStore *self, gint64 case_id, const char *body,
                                           GError **error);

  /* Bot (desk-sqlite-store-bot.c) */
  GPtrArray      *(*list_bot_rules)       (DeskStore *self, GError **error);

  /* KPIs (desk-sqlite-store-kpi.c) */
  GArray         *(*kpi_contacts)         (DeskStore *self, gint64 since, gint64 until,
                                           int short_abandon_seconds, GError **error);
  GPtrArray      *(*kpi_operators)        (DeskStore *self, gint64 since, gint64 until,
                                           gint64 now, GError **error);

  /* A client's past contacts (desk-sqlite-store-history.c) */
  GPtrArray      *(*list_client_contacts) (DeskStore *self, gint64 client_id, guint limit,
                                           GError **error);

  /* The agent window (desk-sqlite-store-agent.c) */
  GPtrArray      *(*list_categories)      (DeskStore *self, GError **error);
  GPtrArray      *(*list_scenarios)       (DeskStore *self, GError **error);
  GArray         *(*list_case_view)       (DeskStore *self, DeskCaseView view, gint64 user_id,
                                           guint limit, GError **error);
  gint64          (*add_canned_answer)    (DeskStore *self, const char *title, const char *body,
                                           GError **error);
  GPtrArray      *(*list_canned_answers)  (DeskStore *self, const char *query, guint limit,
                                           GError **error);
  GPtrArray      *(*list_portal_waiting)  (DeskStore *self, gint64 user_id, gint64 after_event_id,
                                           GError **error);
};

gboolean     desk_store_begin                 (DeskStore            *self,
                                               GError              **error);
gboolean     desk_store_commit                (DeskStore            *self,
                                               GError              **error);
void         desk_store_rollback              (DeskStore            *self);

void         desk_store_set_clock             (DeskStore            *self,
                                               gint64                now);

char        *desk_store_get_setting           (DeskStore            *self,
                                               const char           *key);
gboolean     desk_store_set_setting           (DeskStore            *self,
                                               const char           *key,
                                               const char           *value,
                                               GError              **error);

gint64       desk_store_add_user              (DeskStore            *self,
                                               const DeskUserNew    *user,
                                               GError              **error);
DeskUser    *desk_store_get_user              (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
DeskUser    *desk_store_find_user             (DeskStore            *self,
                                               const char           *login,
                                               GError              **error);
DeskUser    *desk_store_find_user_by_sip      (DeskStore            *self,
                                               const char           *sip_user,
                                               GError              **error);
GPtrArray   *desk_store_list_users            (DeskStore            *self,
                                               GError              **error);
DeskUser    *desk_store_authenticate          (DeskStore            *self,
                                               const char           *login,
                                               const char           *password,
                                               GError              **error);
gboolean     desk_store_set_password          (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                user_id,
                                               const char           *password,
                                               GError              **error);
gint64       desk_store_add_skill             (DeskStore            *self,
                                               const char           *name,
                                               GError              **error);
gboolean     desk_store_set_user_skill        (DeskStore            *self,
                                               gint64                user_id,
                                               gint64                skill_id,
                                               int                   level,
                                               GError              **error);

gint64       desk_store_add_client            (DeskStore            *self,
                                               gint64                actor_id,
                                               const DeskClient     *client,
                                               GError              **error);
DeskClient  *desk_store_get_client            (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
gboolean     desk_store_add_client_phone      (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               const char           *e164,
                                               const char           *label,
                                               GError              **error);
gboolean     desk_store_add_client_asset      (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               DeskAssetKind         kind,
                                               const char           *identifier,
                                               GError              **error);
GArray      *desk_store_find_clients_by_phone (DeskStore            *self,
                                               const char           *e164,
                                               GError              **error);
GArray      *desk_store_find_clients_by_asset (DeskStore            *self,
                                               const char           *identifier,
                                               GError              **error);
GArray      *desk_store_search_clients        (DeskStore            *self,
                                               const char           *text,
                                               guint                 limit,
                                               GError              **error);

gint64       desk_store_add_category          (DeskStore            *self,
                                               const char           *name,
                                               int                   sla_hours,
                                               gint64                escalate_to,
                                               GError              **error);
gint64       desk_store_add_scenario          (DeskStore            *self,
                                               const char           *label,
                                               gint64                category_id,
                                               const char           *subject,
                                               DeskPriority          priority,
                                               GError              **error);

DeskScenario *desk_store_get_scenario          (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
gboolean     desk_store_set_scenario_resolve_at_once (DeskStore     *self,
                                               gint64                id,
                                               gboolean              resolve_at_once,
                                               GError              **error);
DeskCase    *desk_store_create_case           (DeskStore            *self,
                                               gint64                actor_id,
                                               const DeskCaseNew    *spec,
                                               GError              **error);
DeskCase    *desk_store_get_case              (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
DeskCase    *desk_store_get_case_by_number    (DeskStore            *self,
                                               gint64                number,
                                               GError              **error);
gboolean     desk_store_set_case_status       (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               DeskCaseStatus        status,
                                               DeskResolution        resolution,
                                               const char           *note,
                                               GError              **error);
gboolean     desk_store_assign_case           (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               gint64                owner_id,
                                               GError              **error);
gboolean     desk_store_set_case_priority     (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               DeskPriority          priority,
                                               GError              **error);
gboolean     desk_store_set_case_client       (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               gint64                client_id,
                                               GError              **error);
gboolean     desk_store_add_case_note         (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               DeskCaseEventKind     kind,
                                               const char           *body,
                                               gboolean              is_public,
                                               GError              **error);
gboolean     desk_store_link_case_contact     (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                case_id,
                                               gint64                call_id,
                                               gint64                chat_id,
                                               GError              **error);
GPtrArray   *desk_store_list_case_events      (DeskStore            *self,
                                               gint64                case_id,
                                               GError              **error);
GArray      *desk_store_list_client_cases     (DeskStore            *self,
                                               gint64                client_id,
                                               gboolean              open_only,
                                               GError              **error);

gint64       desk_store_add_call              (DeskStore            *self,
                                               const DeskCall       *call,
                                               GError              **error);
gboolean     desk_store_update_call           (DeskStore            *self,
                                               const DeskCall       *call,
                                               GError              **error);
DeskCall    *desk_store_get_call              (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);

/* The wrap-up's disposition and note (desk-sqlite-store-office.c). */
#define DESK_STORE_DISPOSITION_MAX 64
#define DESK_STORE_WRAPUP_NOTE_MAX 2000
gboolean     desk_store_set_wrapup            (DeskStore            *self,
                                               gint64                user_id,
                                               const char           *disposition,
                                               const char           *note,
                                               gint64               *call_id,
                                               gint64               *chat_id,
                                               GError              **error);
gboolean     desk_store_get_wrapup            (DeskStore            *self,
                                               gboolean              chat,
                                               gint64                id,
                                               char                **disposition,
                                               char                **note,
                                               GError              **error);

gint64       desk_store_add_chat              (DeskStore            *self,
                                               const DeskChat       *chat,
                                               GError              **error);
gint64       desk_store_add_chat_message      (DeskStore            *self,
                                               const DeskChatMessage *message,
                                               GError              **error);
GPtrArray   *desk_store_list_chat_messages    (DeskStore            *self,
                                               gint64                chat_id,
                                               GError              **error);
DeskChat    *desk_store_get_chat              (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
gboolean     desk_store_update_chat           (DeskStore            *self,
                                               const DeskChat       *chat,
                                               GError              **error);
int          desk_store_mark_chat_read        (DeskStore            *self,
                                               gint64                chat_id,
                                               DeskChatSender        reader,
                                               gint64                up_to,
                                               GError              **error);
GPtrArray   *desk_store_list_chat_messages_after (DeskStore          *self,
                                                 gint64              chat_id,
                                                 gint64              after_id,
                                                 GError            **error);

gint64       desk_store_add_article           (DeskStore            *self,
                                               const DeskArticle    *article,
                                               GError              **error);
DeskArticle *desk_store_get_article           (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
GPtrArray   *desk_store_search_articles       (DeskStore            *self,
                                               const char           *query,
                                               gboolean              public_only,
                                               guint                 limit,
                                               GError              **error);
gint64       desk_store_add_news              (DeskStore            *self,
                                               const char           *title,
                                               const char           *body,
                                               gint64                published_at,
                                               gint64                author_id,
                                               GError              **error);

gint64       desk_store_add_queue             (DeskStore            *self,
                                               const DeskQueue      *queue,
                                               GError              **error);
gboolean     desk_store_add_queue_member      (DeskStore            *self,
                                               gint64                queue_id,
                                               gint64                user_id,
                                               int                   penalty,
                                               GError              **error);
gint64       desk_store_add_ivr_menu          (DeskStore            *self,
                                               const DeskIvrMenu    *menu,
                                               GError              **error);
gint64       desk_store_add_ivr_item          (DeskStore            *self,
                                               const DeskIvrItem    *item,
                                               GError              **error);
gint64       desk_store_add_inbound_route     (DeskStore            *self,
                                               const char           *number,
                                               gint64                ivr_menu_id,
                                               gint64                queue_id,
                                               GError              **error);
gint64       desk_store_add_trunk             (DeskStore            *self,
                                               const DeskTrunk      *trunk,
                                               GError              **error);

gint64       desk_store_add_callback          (DeskStore            *self,
                                               const DeskCallback   *callback,
                                               GError              **error);
gint64       desk_store_add_disposition       (DeskStore            *self,
                                               const char           *code,
                                               const char           *label,
                                               DeskFunnelStage       stage,
                                               GError              **error);
gint64       desk_store_add_campaign          (DeskStore            *self,
                                               const DeskCampaign   *campaign,
                                               GError              **error);
gint64       desk_store_add_campaign_contact  (DeskStore            *self,
                                               const DeskCampaignContact *contact,
                                               GError              **error);
gint64       desk_store_add_bot_rule          (DeskStore            *self,
                                               const DeskBotRule    *rule,
                                               GError              **error);

GPtrArray   *desk_store_list_queues           (DeskStore            *self,
                                               GError              **error);
GArray      *desk_store_list_user_skills      (DeskStore            *self,
                                               gint64                user_id,
                                               GError              **error);
DeskIvrMenuInfo *desk_store_get_ivr_menu      (DeskStore            *self,
                                               gint64                id,
                                               GError              **error);
gboolean     desk_store_find_inbound_route    (DeskStore            *self,
                                               const char           *number,
                                               gint64               *ivr_menu_id,
                                               gint64               *queue_id,
                                               GError              **error);
gint64       desk_store_find_recent_operator  (DeskStore            *self,
                                               gint64                client_id,
                                               gint64                since,
                                               GError              **error);
gint64       desk_store_find_case_owner       (DeskStore            *self,
                                               gint64                client_id,
                                               GError              **error);
int          desk_store_count_operator_contacts (DeskStore          *self,
                                               gint64                user_id,
                                               gint64                since,
                                               GError              **error);
gint64       desk_store_average_handle_ms     (DeskStore            *self,
                                               gint64                queue_id,
                                               gint64                since,
                                               GError              **error);
GPtrArray   *desk_store_list_open_callbacks   (DeskStore            *self,
                                               GError              **error);
gboolean     desk_store_update_callback       (DeskStore            *self,
                                               gint64                id,
                                               DeskCallbackStatus    status,
                                               int                   attempts,
                                               gint64                next_attempt_at,
                                               gint64                operator_id,
                                               GError              **error);
gboolean     desk_store_set_call_not_a_case   (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                call_id,
                                               gboolean              not_a_case,
                                               GError              **error);
GArray      *desk_store_list_call_cases       (DeskStore            *self,
                                               gint64                call_id,
                                               GError              **error);

gboolean     desk_store_log_agent_state       (DeskStore            *self,
                                               gint64                user_id,
                                               DeskAgentState        state,
                                               const char           *reason,
                                               gint64                at,
                                               GError              **error);

gboolean     desk_store_add_audit             (DeskStore            *self,
                                               gint64                actor_id,
                                               const char           *action,
                                               const char           *object_type,
                                               gint64                object_id,
                                               const char           *detail,
                                               GError              **error);
GPtrArray   *desk_store_list_audit            (DeskStore            *self,
                                               const char           *object_type,
                                               gint64                object_id,
                                               GError              **error);

/* Sessions and the agent's card edits (desk-sqlite-store-sessions.c) */
gboolean     desk_store_add_session           (DeskStore            *self,
                                               const char           *token_hash,
                                               gint64                user_id,
                                               gint64                expires_at,
                                               GError              **error);
gboolean     desk_store_get_session           (DeskStore            *self,
                                               const char           *token_hash,
                                               gint64               *user_id,
                                               gint64               *expires_at,
                                               gboolean             *revoked,
                                               GError              **error);
gboolean     desk_store_revoke_session        (DeskStore            *self,
                                               const char           *token_hash,
                                               GError              **error);
int          desk_store_revoke_user_sessions  (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                user_id,
                                               GError              **error);
gboolean     desk_store_update_client         (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               const char           *name,
                                               const char           *note,
                                               int                   vip,
                                               GError              **error);
gboolean     desk_store_add_client_email      (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               const char           *email,
                                               GError              **error);
gboolean     desk_store_remove_client_phone   (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               const char           *e164,
                                               GError              **error);
gboolean     desk_store_remove_client_asset   (DeskStore            *self,
                                               gint64                actor_id,
                                               gint64                client_id,
                                               const char           *identifier,
                                               GError              **error);
GArray      *desk_store_list_owner_cases      (DeskStore            *self,
                                               gint64                owner_id,
                                               gboolean              open_only,
                                               GError              **error);

/* The self-care portal (desk-sqlite-store-portal.c) */
GPtrArray   *desk_store_list_news             (DeskStore            *self,
                                               guint                 limit,
                                               GError              **error);
GPtrArray   *desk_store_list_public_categories (DeskStore           *self,
                                               GError              **error);
GPtrArray   *desk_store_list_public_articles  (DeskStore            *self,
                                               guint                 limit,
                                               GError              **error);
DeskCase    *desk_store_create_portal_case    (DeskStore            *self,
                                               const DeskPortalRequest *request,
                                               GError              **error);
DeskCase    *desk_store_get_case_by_portal_token (DeskStore         *self,
                                               const char           *token,
                                               GError              **error);
DeskCase    *desk_store_find_portal_case      (DeskStore            *self,
                                               gint64                number,
                                               const char           *e164,
                                               GError              **error);
GPtrArray   *desk_store_list_public_case_events (DeskStore          *self,
                                               gint64                case_id,
                                               GError              **error);
gboolean     desk_store_add_portal_message    (DeskStore            *self,
                                               gint64                case_id,
                                               const char           *body,
                                               GError              **error);
GPtrArray   *desk_store_list_bot_rules        (DeskStore            *self,
                                               GError              **error);

/* KPIs (desk-sqlite-store-kpi.c) */
GArray      *desk_store_kpi_contacts          (DeskStore            *self,
                                               gint64                since,
                                               gint64                until,
                                               int                   short_abandon_seconds,
                                               GError              **error);
GPtrArray   *desk_store_kpi_operators         (DeskStore            *self,
                                               gint64                since,
                                               gint64                until,
                                               gint64                now,
                                               GError              **error);

/* The agent window (desk-sqlite-store-agent.c) */
GPtrArray   *desk_store_list_categories       (DeskStore            *self,
                                               GError              **error);
GPtrArray   *desk_store_list_scenarios        (DeskStore            *self,
                                               GError              **error);
GArray      *desk_store_list_case_view        (DeskStore            *self,
                                               DeskCaseView          view,
                                               gint64                user_id,
                                               guint                 limit,
                                               GError              **error);
gint64       desk_store_add_canned_answer     (DeskStore            *self,
                                               const char           *title,
                                               const char           *body,
                                               GError              **error);
GPtrArray   *desk_store_list_canned_answers   (DeskStore            *self,
                                               const char           *query,
                                               guint                 limit,
                                               GError              **error);
GPtrArray   *desk_store_list_portal_waiting   (DeskStore            *self,
                                               gint64                user_id,
                                               gint64                after_event_id,
                                               GError              **error);

GPtrArray   *desk_store_list_client_contacts  (DeskStore            *self,
                                               gint64                client_id,
                                               guint                 limit,
                                               GError              **error);

G_END_DECLS
