/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of the call flow share: desk-call-flow.c (the object,
 * operators, the engine's signals, call records), desk-call-flow-ivr.c (the
 * menus) and desk-call-flow-queue.c (queues, offers, callbacks). */

#include "desk-call-flow.h"

#include "desk-agent-state.h"
#include "desk-bot.h"
#include "desk-queue-flow.h"
#include "desk-records.h"
#include "desk-routing.h"
#include "desk-recorder.h"
#include "desk-voice.h"

G_BEGIN_DECLS

/* Sticky routing looks this far back for the operator who last talked to
 * the caller, unless the queue says otherwise. */
#define DESK_FLOW_DEFAULT_STICKY_DAYS 30

/* Digits of a case number or a contract the IVR waits for, at most. */
#define DESK_FLOW_MAX_NUMBER_DIGITS 12

/* Seconds a caller has to key a number in before the IVR gives up. */
#define DESK_FLOW_NUMBER_TIMEOUT_S 15

/* Routing ids: calls by their record id, callbacks by minus theirs, chats
 * by minus theirs minus this, so that the three never meet. */
#define DESK_FLOW_CHAT_IDS (G_GINT64_CONSTANT (1) << 40)

/* Chat writes are committed together at most this many ms after the
 * first of them (see _desk_flow_batch). */
#define DESK_FLOW_BATCH_MS 20

/* Failed callbacks are tried again after this many seconds. */
#define DESK_FLOW_CALLBACK_RETRY_S (10 * 60)

typedef struct _FlowContact FlowContact;
typedef struct _FlowAgent   FlowAgent;
typedef struct _FlowQueue   FlowQueue;

typedef enum {
  PHASE_BOT,          /* a chat with the bot, before any queue */
  PHASE_IVR,
  PHASE_QUEUE,        /* waiting; an offer may ring */
  PHASE_TALKING,
  PHASE_CALLBACK,     /* a callback request: no caller on the line */
  PHASE_DIALING,      /* an operator answered a callback or a placed call;
                       * the customer is being called */
  PHASE_ENDED,
} FlowPhase;

typedef enum {
  IVR_IDLE,
  IVR_MENU,           /* the greeting plays, one key awaited */
  IVR_CASE_NUMBER,    /* a case number, ended by # */
  IVR_ASSET,          /* a contract or card number, ended by # */
  IVR_SAYING,         /* a message, then back to the menu */
  IVR_GOODBYE,        /* a message, then hang up */
} IvrState;

struct _FlowAgent {
  DeskAgent *agent;
  char *sip_user;
  char *name;
  GArray *skills;          /* DeskSkillLevel */
  guint phones;            /* registered contacts */
  FlowContact *offer;      /* what rings on the phone now */
  int contacts_today;
};

struct _FlowQueue {
  DeskQueueInfo *info;
  DeskRouteQueue route;
  GPtrArray *line;         /* FlowContact, waiting or ringing; not owned */
};

struct _FlowContact {
  DeskCallFlow *flow;
  gint64 call_id;          /* the calls row */
  DeskCall *record;        /* as last written */
  FlowPhase phase;
  guint leg;               /* the customer's leg in the engine, 0: none */
  guint op_leg;            /* the operator's leg (ringing or up), 0: none */
  gboolean op_inbound;     /* op_leg is the operator's own call out */
  char *e164;              /* the customer's number, if known */
  GArray *client_ids;      /* gint64: who the caller may be */
  gint64 operator_id;
  GArray *offered;         /* gint64 user ids ringing now */
  GArray *passed;          /* gint64 user ids who let it ring out or declined */

  /* In a queue. */
  FlowQueue *queue;
  DeskRouteContact route;
  gint64 queued_at_ms;

  /* In the IVR. */
  DeskIvrMenuInfo *menu;
  IvrState ivr;
  int retries;
  GString *path;
  gint64 pending_category;   /* typical case waiting for the contract number */
  GCancellable *cancellable; /* speech being made */

  /* A chat. */
  gint64 chat_id;
  DeskChat *chat;
  guint offer_timer;

  /* A callback request. */
  gint64 callback_id;
  int attempts;
  int max_attempts;

  gint64 answered_ms;
  gint64 held_since_ms;
  gint64 hold_ms;
  gint64 ended_ms;
  char *recording;
  gboolean recording_paused;
  gboolean dirty;          /* the record changed since it was written */

  /* A consultation (desk-call-flow-consult.c): a call of its own, placed by
   * the office from the operator's call with the customer. Referred to by
   * record ids, as either may end first. */
  gint64 consult_id;       /* the customer's call: its consultation, 0: none */
  gint64 consult_of;       /* the consultation: the customer's call */
  gboolean consult_blind;  /* a transfer to an outside number: completes on answer */
};

struct _DeskCallFlow {
  GObject parent_instance;

  DeskStore *store;
  DeskPbx *pbx;
  DeskVoice *voice;
  DeskRecorder *recorder;
  char *data_dir;
  char *language;
  char *music_on_hold;
  char *region;
  char *office_number;
  guint offer_seconds;
  int max_missed;          /* -1: the default */
  gboolean record_calls;

  GHashTable *agents;      /* user id → FlowAgent */
  GHashTable *by_sip;      /* sip user → FlowAgent, borrowed */
  GHashTable *queues;      /* queue id → FlowQueue */
  GHashTable *legs;        /* engine call id → FlowContact, borrowed */
  GPtrArray *contacts;     /* FlowContact, owned: everything live */
  GHashTable *chats;       /* chat id → FlowContact, borrowed: live chats */
  gint64 last_chat_queued_ms;
  GHashTable *wrapups;     /* user id → call id, the contact being wrapped up */
  DeskBot *bot;

  GCancellable *cancellable;   /* recordings being encoded */
  guint tick_id;
  guint flush_id;
  gboolean batch_open;     /* a transaction the flush commits */
  guint route_idle_id;
  gulong handlers[12];
};

gint64       _desk_flow_now_ms          (void);
void         _desk_flow_schedule_route  (DeskCallFlow *self);
FlowAgent   *_desk_flow_agent           (DeskCallFlow *self,
                                         gint64        user_id);
void         _desk_flow_agent_event     (DeskCallFlow *self,
                                         FlowAgent    *agent,
                                         DeskAgentEventKind kind,
                                         FlowContact  *contact);
FlowContact *_desk_flow_contact_new     (DeskCallFlow *self,
                                         DeskCallDirection direction,
                                         const char   *caller,
                                         const char   *callee,
                                         const char   *e164,
                                         GError      **error);
void         _desk_flow_identify        (FlowContact  *contact);
void         _desk_flow_bind_leg        (FlowContact  *contact,
                                         guint         leg);
void         _desk_flow_save            (FlowContact  *contact);
void         _desk_flow_save_now        (FlowContact  *contact);
void         _desk_flow_batch           (DeskCallFlow *self);
void         _desk_flow_finish          (FlowContact  *contact,
                                         DeskCallOutcome outcome,
                                         const char   *cause);
void         _desk_flow_emit_offered    (FlowContact  *contact,
                                         gint64        user_id);
void         _desk_flow_emit_answered   (FlowContact  *contact);
void         _desk_flow_emit_wrapup_done (DeskCallFlow *self,
                                          gint64        call_id,
                                          gint64        user_id);
void         _desk_flow_emit_agent_state (DeskCallFlow  *self,
                                          gint64         user_id,
                                          DeskAgentState state);
void         _desk_flow_emit_held       (FlowContact  *contact,
                                         gboolean      held);
void         _desk_flow_emit_transferred (FlowContact *contact,
                                          gint64       from_user,
                                          gint64       to_user);
/* desk-call-flow-control.c */
void         _desk_flow_transferred     (DeskCallFlow *self,
                                         guint         leg,
                                         guint         new_peer,
                                         const char   *sip_user);
void         _desk_flow_say             (FlowContact  *contact,
                                         const char   *text,
                                         guint         collect_digits,
                                         guint         collect_timeout_ms,
                                         char          terminator);

FlowContact *_desk_flow_own_call        (DeskCallFlow *self,
                                         gint64        user_id,
                                         gint64        call_id,
                                         gboolean      talking,
                                         GError      **error);

/* desk-call-flow-consult.c */
gboolean     _desk_flow_consult_idle    (FlowContact  *contact,
                                         GError      **error);
void         _desk_flow_consult_answered (FlowContact *consult);
void         _desk_flow_consult_ended   (FlowContact  *consult,
                                         guint         cause);
gboolean     _desk_flow_consult_hangup  (FlowContact  *consult,
                                         GError      **error);
gboolean     _desk_flow_consult_conference (FlowContact  *contact,
                                            FlowContact  *consult,
                                            GError      **error);

/* desk-call-flow-agents.c */
gboolean     _desk_flow_agent_handle    (DeskCallFlow    *self,
                                         FlowAgent       *agent,
                                         DeskAgentEvent  *event,
                                         GError         **error);
gboolean     _desk_flow_load_agents     (DeskCallFlow  *self,
                                         GError       **error);

/* desk-call-flow-audio.c */
void         _desk_flow_recording_finished (DeskPbx    *pbx,
                                            guint       leg,
                                            const char *wav_path,
                                            guint       duration_ms,
                                            gpointer    data);
void         _desk_flow_use_music_on_hold  (DeskCallFlow *self,
                                            const char   *path);

/* desk-call-flow-ivr.c */
void         _desk_flow_ivr_start       (FlowContact  *contact,
                                         gint64        menu_id);
void         _desk_flow_ivr_said        (FlowContact  *contact);
void         _desk_flow_ivr_digits      (FlowContact  *contact,
                                         const char   *digits,
                                         const char   *why);
const char  *_desk_flow_text            (DeskCallFlow *self,
                                         const char   *key);

/* desk-call-flow-chat.c */
void         _desk_flow_chat_offer      (FlowContact          *contact,
                                         const DeskRouteOffer *offer);
void         _desk_flow_chat_close      (FlowContact     *contact,
                                         const char      *text,
                                         DeskCallOutcome  outcome);
void         _desk_flow_emit_chat_waiting (FlowContact *contact,
                                           guint        position,
                                           int          ewt_seconds);
void         _desk_flow_chat_saved      (FlowContact  *contact);
void         _desk_flow_emit_chat_ended (FlowContact  *contact,
                                         DeskCallOutcome outcome);
void         _desk_flow_chat_class_init (GObjectClass *klass);

/* desk-call-flow-queue.c */
void         _desk_flow_enqueue         (FlowContact  *contact,
                                         gint64        queue_id);
void         _desk_flow_leave_queue     (FlowContact  *contact);
void         _desk_flow_route           (DeskCallFlow *self);
void         _desk_flow_queue_digit     (FlowContact  *contact,
                                         char          digit);
void         _desk_flow_offer_answered  (FlowContact  *contact,
                                         guint         leg,
                                         const char   *sip_user);
void         _desk_flow_offer_ended     (FlowContact  *contact,
                                         guint         leg,
                                         guint         cause);
void         _desk_flow_dial_answered   (FlowContact  *contact,
                                         guint         leg);
void         _desk_flow_dial_ended      (FlowContact  *contact,
                                         guint         leg,
                                         guint         cause);
gboolean     _desk_flow_request_callback (FlowContact *contact,
                                          gint64       queue_id,
                                          GError     **error);
gboolean     _desk_flow_operator_dials  (DeskCallFlow *self,
                                         FlowAgent    *caller,
                                         guint         leg,
                                         const char   *number,
                                         GError      **error);
gboolean     _desk_flow_load_callbacks  (DeskCallFlow *self,
                                         GError      **error);
FlowContact *_desk_flow_contact_new_outbound (DeskCallFlow      *self,
                                              DeskCallDirection  direction,
                                              FlowAgent         *agent,
                                              const char        *callee,
                                              GError           **error);
DeskCallOutcome _desk_flow_dial_outcome (guint cause);

G_END_DECLS
