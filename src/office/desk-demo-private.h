/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-store.h"

G_BEGIN_DECLS

/*
 * The demo office's fixed material (desk-demo-data.c): name lists, texts,
 * scripts. desk-demo.c draws from them with its seeded generator. Lists of
 * strings end with NULL, lists of structs with an entry whose first member
 * is NULL.
 */

typedef enum {
  DEMO_LANG_UK,
  DEMO_LANG_RU,
  DEMO_N_LANGS,
} DemoLang;

typedef struct {
  const char *male;
  const char *female;
} DemoPair;

typedef struct {
  const char * const *male;
  const char * const *female;
  const DemoPair *surnames;
  const DemoPair *patronymics;
} DemoNames;

typedef struct {
  const char *name;
  const char *slug;      /* for e-mail addresses */
} DemoOrganization;

typedef enum {
  DEMO_CAT_NO_LINK,
  DEMO_CAT_SLOW,
  DEMO_CAT_BILLING,
  DEMO_CAT_TV,
  DEMO_CAT_CONNECT,
  DEMO_CAT_COMPLAINT,
  DEMO_CAT_TARIFF,
  DEMO_CAT_OTHER,
  DEMO_N_CATS,
} DemoCategoryId;

typedef struct {
  const char *name;
  int sla_hours;
  int fcr_percent;       /* settled within the contact that opened it */
  DeskPriority priority;
  const char * const *subjects;
  const char * const *notes;        /* the operator's work notes, internal */
  const char * const *resolutions;
} DemoCategory;

typedef enum {
  DEMO_TOPIC_ROUTER,
  DEMO_TOPIC_WIFI,
  DEMO_TOPIC_PAY,
  DEMO_TOPIC_TV,
  DEMO_TOPIC_TARIFF,
  DEMO_TOPIC_OUTAGE,
  DEMO_TOPIC_SPEED,
  DEMO_TOPIC_CONNECT,
  DEMO_TOPIC_LINE,
  DEMO_TOPIC_POLICY,
  DEMO_N_TOPICS,
} DemoTopic;

typedef struct {
  const char *title;
  DemoTopic topic;
  DemoLang lang;
  DeskVisibility visibility;
  const char *category;
} DemoArticle;

typedef struct {
  const char *title;
  const char *body;
  int day;               /* days after the office was set up */
} DemoNews;

typedef struct {
  DemoCategoryId category;
  const char *question[DEMO_N_LANGS];
  const char *bot[DEMO_N_LANGS];
  const char *answer[DEMO_N_LANGS];
} DemoChatTopic;

typedef struct {
  const char *label;
  DemoCategoryId category;
  const char *subject;
  DeskPriority priority;
} DemoScenario;

typedef struct {
  const char *code;
  const char *label;
  DeskFunnelStage stage;
} DemoDisposition;

extern const DemoNames _desk_demo_names[DEMO_N_LANGS];
extern const DemoOrganization _desk_demo_organizations[];
extern const char * const _desk_demo_streets[];
extern const char * const _desk_demo_person_notes[];
extern const char * const _desk_demo_org_notes[];
extern const char * const _desk_demo_mail_domains[];

extern const DemoCategory _desk_demo_categories[DEMO_N_CATS];
extern const char * const _desk_demo_not_a_case[];
extern const char * const _desk_demo_waiting_notes[];
extern const char * const _desk_demo_follow_up_notes[];
extern const char * const _desk_demo_public_replies[];
extern const char * const _desk_demo_portal_messages[DEMO_N_LANGS][4];
extern const char * const _desk_demo_reopen_note;
extern const char * const _desk_demo_escalation_note;
extern const char * const _desk_demo_no_response_note;
extern const DemoScenario _desk_demo_scenarios[];
extern const DemoDisposition _desk_demo_dispositions[];
extern const DeskBotRule _desk_demo_bot_rules[];

extern const DemoArticle _desk_demo_articles[];
extern const char * const * const _desk_demo_paragraphs[DEMO_N_LANGS][DEMO_N_TOPICS];
extern const char * const * const _desk_demo_closings[DEMO_N_LANGS];
extern const char * const _desk_demo_internal_closings[];
extern const DemoNews _desk_demo_news[];

extern const DemoChatTopic _desk_demo_chat_topics[];
extern const char * const * const _desk_demo_chat_hello[DEMO_N_LANGS];
extern const char * const * const _desk_demo_chat_handoff[DEMO_N_LANGS];
extern const char * const * const _desk_demo_chat_thanks[DEMO_N_LANGS];
extern const char * const _desk_demo_bot_greeting[DEMO_N_LANGS];
extern const char * const _desk_demo_bot_handoff[DEMO_N_LANGS];
extern const char * const _desk_demo_chat_offline[DEMO_N_LANGS];
/* printf formats: the operator's first name */
extern const char * const _desk_demo_operator_hello[DEMO_N_LANGS];
extern const char * const _desk_demo_operator_bye[DEMO_N_LANGS];

extern const char * const _desk_demo_ivr_greeting;
extern const char * const _desk_demo_campaign_script;

/*
 * The generator's state, shared by desk-demo.c (the office's configuration
 * and the writing), desk-demo-clients.c (clients, knowledge base),
 * desk-demo-contacts.c (shifts, calls, chats) and desk-demo-cases.c (the
 * life of cases).
 */

#define DEMO_N_CLIENTS 300
#define N_OPERATORS 3
#define HISTORY_DAYS 30
#define MINUTE 60
#define HOUR 3600
#define DAY (24 * HOUR)
/* Nothing starts closer to the anchor than this, so every contact has ended by then. */
#define QUIET_BEFORE_ANCHOR (30 * MINUTE)

typedef struct
{
  gint64 id;
  const char *name;
  const char *first_name;
  const char *e164;        /* the number they call from */
  const char *landline;    /* a family's shared number, or NULL */
  DemoLang lang;
  gboolean organization;
  gboolean vip;
  int last_case;           /* index into Demo.cases, or -1 */
} DemoClient;

typedef enum {
  STEP_CREATE,
  STEP_STATUS,
  STEP_ASSIGN,
  STEP_PRIORITY,
  STEP_NOTE,
  STEP_LINK,
} StepKind;

/* One planned change to a case, written later in time order. */
typedef struct
{
  gint64 at;
  guint seq;
  StepKind kind;
  guint kase;
  gint64 actor;
  DeskCaseStatus status;
  DeskResolution resolution;
  DeskPriority priority;
  DeskCaseEventKind note_kind;
  gboolean is_public;
  const char *text;
  gint64 owner;
  int call;                /* index into Demo.calls, or -1 */
  int chat;
} Step;

typedef struct
{
  gint64 id;
  int client;
  DemoCategoryId category;
  DeskChannel channel;
  DeskPriority priority;
  const char *subject;
  const char *description;
  const char *token;
  gint64 created_at;
  gint64 resolved_at;      /* 0: still open at the anchor */
  gint64 closed_at;
} PlanCase;

typedef struct
{
  gint64 at;
  int op;
  DeskAgentState state;
  const char *reason;
} PlanState;

typedef struct
{
  DeskStore *store;
  GRand *rand;
  GStringChunk *strings;
  GTimeZone *tz;
  gint64 anchor;
  gint64 limit;            /* nothing starts after this */
  gint64 setup_at;
  gint64 owner_id;
  gint64 supervisor_id;
  gint64 op_ids[N_OPERATORS];
  const char *op_sip_users[N_OPERATORS];
  const char *op_first_names[N_OPERATORS];
  gint64 skill_ids[6];
  gint64 support_id;
  gint64 sales_id;
  gint64 category_ids[DEMO_N_CATS];
  GArray *clients;         /* DemoClient */
  GHashTable *numbers;     /* every number handed out */
  GPtrArray *strangers;    /* numbers of callers who are not clients */
  int recent[24];          /* recent callers, who call again more often */
  guint n_recent;
  GArray *calls;           /* DeskCall, strings in @strings */
  GArray *chats;           /* DeskChat */
  GArray *messages;        /* DeskChatMessage, chat_id is an index into @chats */
  GArray *callbacks;       /* DeskCallback, call_id is an index into @calls */
  GArray *states;          /* PlanState */
  GArray *cases;           /* PlanCase */
  GArray *steps;           /* Step */
  GHashTable *open_callbacks;  /* "e164 queue" of callbacks not done yet */
  GArray *carried;         /* callbacks waiting for the next working day */
  guint seq;
  Step scratch;            /* where steps after the anchor go */
} Demo;

/* What a case starts from: a contact, or a request that came by itself. */
typedef struct
{
  int client;              /* index into Demo.clients, or -1 */
  DemoCategoryId category;
  DeskChannel channel;
  gint64 owner;            /* 0: the supervisor assigns it */
  int call;                /* index into Demo.calls, or -1 */
  int chat;
  gint64 created_at;
  gint64 contact_end;      /* the contact that opened it ended here */
  gint64 midnight;         /* of the day it came in */
  const char *description;
} CaseSeed;

#define CHECK(expr) G_STMT_START { if (!(expr)) return FALSE; } G_STMT_END

static inline gboolean
check_id (gint64 id)
{
  return id > 0;
}

/* Chance and choice: everything random comes from Demo.rand. */

static inline int
rnd (Demo *d,
     int   lo,
     int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

static inline gboolean
chance (Demo *d,
        int   percent)
{
  return g_rand_int_range (d->rand, 0, 100) < percent;
}

static inline guint
count_strv (const char * const *list)
{
  guint n = 0;

  while (list[n])
    n++;
  return n;
}

static inline const char *
pick (Demo               *d,
      const char * const *list)
{
  return list[rnd (d, 0, count_strv (list) - 1)];
}

static inline const char *
keep (Demo       *d,
      const char *text)
{
  return text ? g_string_chunk_insert (d->strings, text) : NULL;
}

static inline DemoClient *
client_at (Demo *d,
           int   index)
{
  return index >= 0 ? &g_array_index (d->clients, DemoClient, index) : NULL;
}

static inline PlanCase *
case_at (Demo  *d,
         guint  index)
{
  return &g_array_index (d->cases, PlanCase, index);
}

int          _desk_demo_duration          (Demo             *d,
                                           int               base,
                                           double            mean,
                                           int               cap);
int          _desk_demo_pick_weighted     (Demo             *d,
                                           const int        *weights,
                                           int               n);
const char  *_desk_demo_keepf             (Demo             *d,
                                           const char       *format,
                                           ...) G_GNUC_PRINTF (2, 3);
gint64       _desk_demo_day_start         (Demo             *d,
                                           int               offset,
                                           int              *weekday,
                                           int              *week);
void         _desk_demo_translit          (const char       *text,
                                           DemoLang          lang,
                                           GString          *out);

gboolean     _desk_demo_seed_clients      (Demo             *d,
                                           GError          **error);
gboolean     _desk_demo_seed_knowledge    (Demo             *d,
                                           GError          **error);
void         _desk_demo_simulate_history  (Demo             *d);
guint        _desk_demo_plan_case         (Demo             *d,
                                           const CaseSeed   *seed,
                                           gboolean          not_a_case);
gboolean     _desk_demo_follow_up         (Demo             *d,
                                           int               client,
                                           int               call,
                                           int               chat,
                                           gint64            at,
                                           gint64            op_id);
void         _desk_demo_portal_requests   (Demo             *d,
                                           gint64            midnight,
                                           int               weekday);

G_END_DECLS
