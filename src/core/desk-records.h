/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-types.h"

G_BEGIN_DECLS

/*
 * Plain records of the domain, as the store hands them out and takes them in.
 * Ids are the store's row ids; 0 means "none". Times are Unix seconds, UTC.
 * Records that a caller only passes in (DeskQueue, DeskIvrItem, ...) hold
 * borrowed strings and need no free function.
 */

typedef struct {
  char *e164;
  char *label;
} DeskClientPhone;

typedef struct {
  DeskAssetKind kind;
  char *identifier;
  char *note;
} DeskClientAsset;

typedef struct {
  gint64 id;
  DeskClientKind kind;
  char *name;
  gint64 organization_id;
  gboolean vip;
  char *note;
  GPtrArray *phones;  /* DeskClientPhone */
  GPtrArray *emails;  /* char * */
  GPtrArray *assets;  /* DeskClientAsset */
  gint64 created_at;
} DeskClient;

DeskClient *desk_client_new       (DeskClientKind  kind,
                                   const char     *name);
void        desk_client_add_phone (DeskClient     *client,
                                   const char     *e164,
                                   const char     *label);
void        desk_client_add_email (DeskClient     *client,
                                   const char     *email);
void        desk_client_add_asset (DeskClient     *client,
                                   DeskAssetKind   kind,
                                   const char     *identifier,
                                   const char     *note);
void        desk_client_free      (DeskClient     *client);

typedef struct {
  gint64 id;
  char *login;
  char *display_name;
  DeskRole role;
  char *sip_user;
  char *sip_password;
  int max_chats;
  gboolean active;
  gint64 created_at;
} DeskUser;

void desk_user_free (DeskUser *user);

typedef struct {
  gint64 id;
  gint64 number;
  gint64 client_id;
  gint64 category_id;
  char *subject;
  char *description;
  DeskCaseStatus status;
  DeskPriority priority;
  gint64 owner_id;
  DeskChannel channel;
  gint64 due_at;
  gint64 created_at;
  gint64 updated_at;
  int first_contact_resolution;  /* -1 not known yet, 0 or 1 */
  DeskResolution resolution;
  char *resolution_note;
  char *portal_token;
} DeskCase;

void desk_case_free (DeskCase *kase);

/* What a new case needs; strings are borrowed. */
typedef struct {
  gint64 client_id;
  gint64 category_id;
  const char *subject;
  const char *description;
  DeskPriority priority;
  gint64 owner_id;
  DeskChannel channel;
  gint64 call_id;        /* the contact that opened it, if any */
  gint64 chat_id;
  gint64 created_at;     /* 0: now */
  const char *portal_token;  /* NULL: a random one */
} DeskCaseNew;

typedef struct {
  gint64 id;
  gint64 case_id;
  gint64 at;
  gint64 actor_id;
  DeskCaseEventKind kind;
  gint64 call_id;
  gint64 chat_id;
  char *old_value;
  char *new_value;
  char *body;
  gboolean is_public;
} DeskCaseEvent;

void desk_case_event_free (DeskCaseEvent *event);

typedef struct {
  gint64 id;
  DeskCallDirection direction;
  char *caller;
  char *caller_e164;
  char *callee;
  char *dialled;
  gint64 client_id;
  gint64 queue_id;
  char *ivr_path;
  gint64 operator_id;
  gint64 offered_at;
  gint64 answered_at;
  gint64 ended_at;
  int wait_seconds;
  int talk_seconds;
  int hold_seconds;
  int wrapup_seconds;
  DeskCallOutcome outcome;
  char *disposition;
  char *recording_path;
  char *hangup_cause;
  gint64 campaign_contact_id;
  gboolean not_a_case;
} DeskCall;

DeskCall *desk_call_new  (void);
void      desk_call_free (DeskCall *call);

typedef struct {
  gint64 id;
  char *visitor_name;
  char *visitor_contact;
  gint64 client_id;
  gint64 queue_id;
  gint64 operator_id;
  DeskChannel channel;
  gint64 started_at;
  gint64 answered_at;
  gint64 ended_at;
  int wait_seconds;
  DeskCallOutcome outcome;
  int csat;              /* 0: not rated, else 1..5 */
  gboolean not_a_case;
} DeskChat;

DeskChat *desk_chat_new  (void);
void      desk_chat_free (DeskChat *chat);

typedef struct {
  gint64 id;
  gint64 chat_id;
  gint64 at;
  DeskChatSender sender;
  gint64 operator_id;
  char *body;
  gint64 read_at;
} DeskChatMessage;

void desk_chat_message_free (DeskChatMessage *message);

typedef struct {
  gint64 id;
  char *title;
  char *body;
  DeskVisibility visibility;
  char *category;
  gint64 author_id;
  gint64 updated_at;
  char *snippet;   /* search results only */
} DeskArticle;

DeskArticle *desk_article_new  (const char     *title,
                                const char     *body,
                                DeskVisibility  visibility);
void         desk_article_free (DeskArticle    *article);

/* Configuration records: passed in only, strings borrowed. */

typedef struct {
  const char *login;
  const char *display_name;
  DeskRole role;
  const char *password;
  const char *sip_user;       /* NULL: no phone */
  const char *sip_password;   /* NULL with sip_user: a random one */
  int max_chats;
} DeskUserNew;

typedef struct {
  const char *name;
  DeskQueueStrategy strategy;
  gint64 skill_id;
  int skill_relax_seconds;
  int sticky_seconds;
  int sticky_days;
  int max_wait_seconds;
  int max_length;
  gint64 overflow_queue_id;
  gboolean overflow_to_callback;
  int wrapup_seconds;
  int announce_seconds;
  int service_level_seconds;
  const char *callback_digit;
  double chat_weight;
} DeskQueue;

typedef struct {
  const char *name;
  gint64 parent_id;
  const char *greeting;
  int timeout_seconds;
  int max_retries;
} DeskIvrMenu;

typedef struct {
  gint64 menu_id;
  const char *digit;
  DeskIvrAction action;
  const char *label;
  gint64 queue_id;
  const char *prompt;
  gint64 category_id;
  gint64 submenu_id;
} DeskIvrItem;

typedef struct {
  const char *e164;
  gint64 client_id;
  gint64 queue_id;
  gint64 call_id;
  gint64 requested_at;
  gint64 enqueued_at;     /* the caller's place in the queue */
  gint64 due_at;
  DeskCallbackStatus status;
  int attempts;
  int max_attempts;
  gint64 operator_id;
  const char *note;
} DeskCallback;

typedef struct {
  const char *name;
  const char *script;
  gboolean progressive;   /* else preview */
  const char *caller_id;
  gint64 queue_id;
  const char *hours_start;  /* "09:00" */
  const char *hours_end;
  int max_attempts;
  int retry_busy_minutes;
  int retry_no_answer_minutes;
  gboolean running;
} DeskCampaign;

typedef struct {
  gint64 campaign_id;
  gint64 client_id;
  const char *name;
  const char *e164;
  const char *extra_json;
} DeskCampaignContact;

typedef struct {
  const char *phrases;   /* one per line */
  const char *answer;
  gboolean suggest_articles;
  gboolean hand_off;
  int priority;
} DeskBotRule;

typedef struct {
  const char *name;
  const char *registrar;
  const char *outbound_proxy;
  const char *username;
  const char *auth_user;
  const char *password;
  const char *caller_id;
  gboolean do_register;
} DeskTrunk;

typedef struct {
  gint64 id;
  gint64 at;
  gint64 actor_id;
  char *action;
  char *object_type;
  gint64 object_id;
  char *detail;
} DeskAuditEntry;

void desk_audit_entry_free (DeskAuditEntry *entry);

/* A scenario button: one click, one typed case. */
typedef struct {
  gint64 id;
  char *label;
  gint64 category_id;
  char *subject;
  DeskPriority priority;
  gboolean resolve_at_once;
} DeskScenario;

void desk_scenario_free (DeskScenario *scenario);

/* The office's running configuration, as the store hands it out: owned
 * strings, one free function each. */

typedef struct {
  gint64 user_id;
  int penalty;
} DeskQueueMember;

typedef struct {
  gint64 skill_id;
  int level;             /* 1–10 */
} DeskUserSkill;

/**
 * DeskQueueInfo:
 * @config: the queue's settings; its name and callback_digit point into
 *   @name and @callback_digit, so they live as long as the record
 * @members: (element-type DeskQueueMember): by user id
 */
typedef struct {
  gint64 id;
  DeskQueue config;
  char *name;
  char *callback_digit;
  GArray *members;
} DeskQueueInfo;

void desk_queue_info_free (DeskQueueInfo *info);

typedef struct {
  gint64 id;
  char digit;            /* 0–9, '*' or '#' */
  DeskIvrAction action;
  char *label;
  gint64 queue_id;
  char *prompt;          /* text said (info), or NULL */
  gint64 category_id;
  gint64 submenu_id;
} DeskIvrChoice;

/**
 * DeskIvrMenuInfo:
 * @greeting: the text said when the menu starts (synthesised speech)
 * @choices: (element-type DeskIvrChoice): at most 5, by digit
 */
typedef struct {
  gint64 id;
  char *name;
  gint64 parent_id;
  char *greeting;
  int timeout_seconds;
  int max_retries;
  GPtrArray *choices;
} DeskIvrMenuInfo;

void desk_ivr_choice_free    (DeskIvrChoice   *choice);
void desk_ivr_menu_info_free (DeskIvrMenuInfo *menu);

typedef struct {
  gint64 id;
  char *e164;
  gint64 client_id;
  gint64 queue_id;
  gint64 call_id;
  gint64 requested_at;
  gint64 enqueued_at;    /* the caller's place in the queue */
  gint64 due_at;
  DeskCallbackStatus status;
  int attempts;
  int max_attempts;
  gint64 next_attempt_at;
  gint64 operator_id;
  char *note;
} DeskCallbackInfo;

void desk_callback_info_free (DeskCallbackInfo *callback);

/**
 * DeskBotRuleInfo:
 * @phrases: what the rule reacts to, one phrase per line
 * @answer: what the bot says when it does
 *
 * A bot rule as the store hands it out (see #DeskBotRule for adding one).
 */
typedef struct {
  gint64 id;
  char *phrases;
  char *answer;
  gboolean suggest_articles;
  gboolean hand_off;
  int priority;
} DeskBotRuleInfo;

void desk_bot_rule_info_free (DeskBotRuleInfo *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskClient, desk_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskUser, desk_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCase, desk_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCaseEvent, desk_case_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCall, desk_call_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskChat, desk_chat_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskChatMessage, desk_chat_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskArticle, desk_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskAuditEntry, desk_audit_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskQueueInfo, desk_queue_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskScenario, desk_scenario_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskIvrChoice, desk_ivr_choice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskIvrMenuInfo, desk_ivr_menu_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCallbackInfo, desk_callback_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskBotRuleInfo, desk_bot_rule_info_free)

G_END_DECLS
