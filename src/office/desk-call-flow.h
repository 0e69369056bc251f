/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "desk-pbx.h"
#include "desk-store.h"
#include "desk-types.h"

G_BEGIN_DECLS

#define DESK_TYPE_CALL_FLOW (desk_call_flow_get_type ())
G_DECLARE_FINAL_TYPE (DeskCallFlow, desk_call_flow, DESK, CALL_FLOW, GObject)

/**
 * DeskCallFlowOptions:
 * @data_dir: where recordings (`recordings/`) and spoken prompts
 *   (`prompts/`) are kept
 * @language: the language the IVR and the queue speak: "uk", "ru" or "en"
 * @offer_seconds: how long an operator's phone rings for one offer
 * @music_on_hold: (nullable): a sound file played to waiting callers;
 *   %NULL for silence between announcements
 * @record_calls: whether answered calls are recorded
 *
 * How the office runs its calls. The strings are copied.
 */
typedef struct {
  const char *data_dir;
  const char *language;
  guint       offer_seconds;
  const char *music_on_hold;
  gboolean    record_calls;
} DeskCallFlowOptions;

/**
 * DeskLiveCall:
 * @call_id: the call's record
 * @direction: inbound, outbound or internal
 * @state: one of the DESK_LIVE_CALL_ strings
 * @number: the customer's number, or the extension
 * @queue_id: its queue, 0 for none
 * @client_ids: (element-type gint64): who the customer may be
 * @since: when it started, Unix seconds
 * @recording_paused: whether the recording is paused
 *
 * An operator's call as it is now.
 */
typedef struct {
  gint64 call_id;
  DeskCallDirection direction;
  const char *state;
  char *number;
  gint64 queue_id;
  GArray *client_ids;
  gint64 since;
  gboolean recording_paused;
} DeskLiveCall;

#define DESK_LIVE_CALL_RINGING "ringing"
#define DESK_LIVE_CALL_TALKING "talking"
#define DESK_LIVE_CALL_HELD    "held"
#define DESK_LIVE_CALL_DIALING "dialing"

void          desk_live_call_free             (DeskLiveCall  *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskLiveCall, desk_live_call_free)

DeskCallFlow *desk_call_flow_new              (DeskStore                 *store,
                                               DeskPbx                   *pbx,
                                               const DeskCallFlowOptions *options,
                                               GError                   **error);
gboolean      desk_call_flow_reload           (DeskCallFlow  *self,
                                               GError       **error);

/* Operators (desk-call-flow.c). */
gboolean      desk_call_flow_agent_login      (DeskCallFlow  *self,
                                               gint64         user_id,
                                               GError       **error);
gboolean      desk_call_flow_agent_logout     (DeskCallFlow  *self,
                                               gint64         user_id,
                                               GError       **error);
gboolean      desk_call_flow_agent_set_available (DeskCallFlow *self,
                                                  gint64        user_id,
                                                  GError      **error);
gboolean      desk_call_flow_agent_set_break  (DeskCallFlow  *self,
                                               gint64         user_id,
                                               const char    *reason,
                                               GError       **error);
gboolean      desk_call_flow_agent_extend_wrapup (DeskCallFlow *self,
                                                  gint64        user_id,
                                                  guint         seconds,
                                                  GError      **error);
gboolean      desk_call_flow_agent_end_wrapup (DeskCallFlow  *self,
                                               gint64         user_id,
                                               GError       **error);
DeskAgentState desk_call_flow_get_agent_state (DeskCallFlow  *self,
                                               gint64         user_id);
char         *desk_call_flow_dup_agent_reason (DeskCallFlow  *self,
                                               gint64         user_id);
guint         desk_call_flow_get_wrapup_seconds_left (DeskCallFlow *self,
                                                      gint64        user_id);

/* Calls the operators place (desk-call-flow-queue.c). */
gint64        desk_call_flow_place_call       (DeskCallFlow  *self,
                                               gint64         user_id,
                                               const char    *number,
                                               GError       **error);
/* Call control (desk-call-flow-control.c). */
GPtrArray    *desk_call_flow_list_calls       (DeskCallFlow  *self,
                                               gint64         user_id);
gboolean      desk_call_flow_decline          (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               GError       **error);
gboolean      desk_call_flow_hangup           (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               GError       **error);
gboolean      desk_call_flow_hold             (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gboolean       hold,
                                               GError       **error);
gboolean      desk_call_flow_transfer         (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gint64         to_user_id,
                                               GError       **error);
gboolean      desk_call_flow_conference       (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gint64         consult_call_id,
                                               GError       **error);
gboolean      desk_call_flow_pause_recording  (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gboolean       pause,
                                               GError       **error);
/* Keys, transfers to a queue or a number, consultations
 * (desk-call-flow-consult.c). */
gboolean      desk_call_flow_send_dtmf        (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               const char    *digits,
                                               GError       **error);
gboolean      desk_call_flow_transfer_to_queue (DeskCallFlow *self,
                                                gint64        user_id,
                                                gint64        call_id,
                                                gint64        queue_id,
                                                GError      **error);
gboolean      desk_call_flow_transfer_to_number (DeskCallFlow *self,
                                                 gint64        user_id,
                                                 gint64        call_id,
                                                 const char   *number,
                                                 GError      **error);
gint64        desk_call_flow_consult          (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gint64         to_user_id,
                                               const char    *number,
                                               GError       **error);
gboolean      desk_call_flow_transfer_consult (DeskCallFlow  *self,
                                               gint64         user_id,
                                               gint64         call_id,
                                               gint64         consult_call_id,
                                               GError       **error);

/**
 * DeskChatVisitor:
 * @name: the visitor's name, from the pre-chat form
 * @contact: (nullable): their phone or e-mail
 * @client_id: the client their signed cookie names, 0 if none
 * @queue_id: the queue asked for, 0 for the office's chat queue
 *
 * Who starts a chat. The strings are copied.
 */
typedef struct {
  const char *name;
  const char *contact;
  gint64 client_id;
  gint64 queue_id;
} DeskChatVisitor;

/* Chats (desk-call-flow-chat.c). */
gboolean      desk_call_flow_chat_on_duty     (DeskCallFlow           *self,
                                               gint64                  queue_id);
gint64        desk_call_flow_chat_start       (DeskCallFlow           *self,
                                               const DeskChatVisitor  *visitor,
                                               GError                **error);
gint64        desk_call_flow_chat_post        (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               DeskChatSender          sender,
                                               gint64                  operator_id,
                                               const char             *body,
                                               GError                **error);
gboolean      desk_call_flow_chat_hand_off    (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               GError                **error);
gboolean      desk_call_flow_chat_accept      (DeskCallFlow           *self,
                                               gint64                  user_id,
                                               gint64                  chat_id,
                                               GError                **error);
gboolean      desk_call_flow_chat_decline     (DeskCallFlow           *self,
                                               gint64                  user_id,
                                               gint64                  chat_id,
                                               GError                **error);
gboolean      desk_call_flow_chat_typing      (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               DeskChatSender          who,
                                               gboolean                typing,
                                               GError                **error);
gboolean      desk_call_flow_chat_read        (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               DeskChatSender          reader,
                                               gint64                  up_to,
                                               GError                **error);
gboolean      desk_call_flow_chat_end         (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               DeskChatSender          by,
                                               gint64                  operator_id,
                                               GError                **error);
gboolean      desk_call_flow_chat_rate        (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               int                     csat,
                                               GError                **error);
gboolean      desk_call_flow_transfer_chat    (DeskCallFlow           *self,
                                               gint64                  chat_id,
                                               gint64                  operator_id,
                                               gint64                  queue_id,
                                               GError                **error);

/**
 * DeskLiveChat:
 * @chat_id: the chat
 * @state: %DESK_LIVE_CHAT_OFFERED or %DESK_LIVE_CHAT_ACTIVE
 * @visitor_name: the name from the pre-chat form
 * @visitor_contact: (nullable): the phone or e-mail they typed
 * @visitor_phone: (nullable): that phone in E.164, when it is one
 * @client_ids: (element-type gint64): who the visitor may be
 * @queue_id: its queue
 * @since: when the chat started, Unix seconds
 * @unread: the visitor's messages the operator has not marked read
 *
 * An operator's chat as it is now.
 */
typedef struct {
  gint64 chat_id;
  const char *state;
  char *visitor_name;
  char *visitor_contact;
  char *visitor_phone;
  GArray *client_ids;
  gint64 queue_id;
  gint64 since;
  guint unread;
} DeskLiveChat;

#define DESK_LIVE_CHAT_OFFERED "offered"
#define DESK_LIVE_CHAT_ACTIVE  "active"

void          desk_live_chat_free             (DeskLiveChat  *chat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskLiveChat, desk_live_chat_free)

GPtrArray    *desk_call_flow_list_chats       (DeskCallFlow  *self,
                                               gint64         user_id);

/**
 * DeskQueueNow:
 * @queue_id: the queue
 * @calls_waiting: callers in line (ringing for an operator included)
 * @chats_waiting: chats in line
 * @callbacks: callback requests due
 * @longest_wait_ms: the longest wait of a caller or chat in line now
 */
typedef struct {
  gint64 queue_id;
  guint calls_waiting;
  guint chats_waiting;
  guint callbacks;
  gint64 longest_wait_ms;
} DeskQueueNow;

/**
 * DeskOperatorNow:
 * @user_id: the operator
 * @state: their state
 * @since_ms: since when (Unix ms)
 * @contacts: contacts in hand
 * @phones: registered phones
 * @handled_today: contacts answered today
 */
typedef struct {
  gint64 user_id;
  DeskAgentState state;
  gint64 since_ms;
  int contacts;
  guint phones;
  int handled_today;
} DeskOperatorNow;

/**
 * DeskFlowSnapshot:
 * @at_ms: when it was taken (Unix ms)
 * @queues: (element-type DeskQueueNow)
 * @operators: (element-type DeskOperatorNow)
 */
typedef struct {
  gint64 at_ms;
  GArray *queues;
  GArray *operators;
} DeskFlowSnapshot;

DeskFlowSnapshot *desk_call_flow_snapshot     (DeskCallFlow     *self);
void          desk_flow_snapshot_free         (DeskFlowSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskFlowSnapshot, desk_flow_snapshot_free)

guint         desk_call_flow_count_waiting    (DeskCallFlow  *self,
                                               gint64         queue_id);

G_END_DECLS
