/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The domain's enumerations. Each is a GEnum whose nicks are the words the
 * store and the JSON API use, so one table serves storage, the wire and
 * property bindings alike.
 */

typedef enum {
  DESK_ROLE_OPERATOR,
  DESK_ROLE_SUPERVISOR,
  DESK_ROLE_OWNER,
} DeskRole;

typedef enum {
  DESK_CLIENT_KIND_PERSON,
  DESK_CLIENT_KIND_ORGANIZATION,
} DeskClientKind;

typedef enum {
  DESK_ASSET_KIND_CONTRACT,
  DESK_ASSET_KIND_CARD,
  DESK_ASSET_KIND_DEVICE,
  DESK_ASSET_KIND_ACCOUNT,
  DESK_ASSET_KIND_OTHER,
} DeskAssetKind;

typedef enum {
  DESK_CASE_STATUS_NEW,
  DESK_CASE_STATUS_IN_PROGRESS,
  DESK_CASE_STATUS_WAITING,
  DESK_CASE_STATUS_RESOLVED,
  DESK_CASE_STATUS_CLOSED,
} DeskCaseStatus;

typedef enum {
  DESK_PRIORITY_LOW,
  DESK_PRIORITY_NORMAL,
  DESK_PRIORITY_HIGH,
  DESK_PRIORITY_URGENT,
} DeskPriority;

typedef enum {
  DESK_CHANNEL_PHONE,
  DESK_CHANNEL_CHAT,
  DESK_CHANNEL_PORTAL,
  DESK_CHANNEL_EMAIL,
  DESK_CHANNEL_IVR,
  DESK_CHANNEL_CAMPAIGN,
  DESK_CHANNEL_WALK_IN,
} DeskChannel;

typedef enum {
  DESK_RESOLUTION_NONE,
  DESK_RESOLUTION_SOLVED,
  DESK_RESOLUTION_WORKAROUND,
  DESK_RESOLUTION_NOT_A_CASE,
  DESK_RESOLUTION_DUPLICATE,
  DESK_RESOLUTION_REJECTED,
  DESK_RESOLUTION_NO_RESPONSE,
} DeskResolution;

typedef enum {
  DESK_CASE_EVENT_CREATED,
  DESK_CASE_EVENT_CALL,
  DESK_CASE_EVENT_CHAT,
  DESK_CASE_EVENT_NOTE,
  DESK_CASE_EVENT_STATUS,
  DESK_CASE_EVENT_ASSIGNMENT,
  DESK_CASE_EVENT_PORTAL_MESSAGE,
  DESK_CASE_EVENT_PRIORITY,
  DESK_CASE_EVENT_CLIENT,
  DESK_CASE_EVENT_ESCALATION,
} DeskCaseEventKind;

typedef enum {
  DESK_AGENT_STATE_OFFLINE,
  DESK_AGENT_STATE_AVAILABLE,
  DESK_AGENT_STATE_ON_CONTACT,
  DESK_AGENT_STATE_WRAP_UP,
  DESK_AGENT_STATE_BREAK,
} DeskAgentState;

typedef enum {
  DESK_CALL_DIRECTION_INBOUND,
  DESK_CALL_DIRECTION_OUTBOUND,
  DESK_CALL_DIRECTION_INTERNAL,
} DeskCallDirection;

typedef enum {
  DESK_CALL_OUTCOME_NONE,
  DESK_CALL_OUTCOME_ANSWERED,
  DESK_CALL_OUTCOME_IVR_SETTLED,
  DESK_CALL_OUTCOME_ABANDONED_IVR,
  DESK_CALL_OUTCOME_ABANDONED_QUEUE,
  DESK_CALL_OUTCOME_CALLBACK,
  DESK_CALL_OUTCOME_OVERFLOW,
  DESK_CALL_OUTCOME_VOICEMAIL,
  DESK_CALL_OUTCOME_NO_ANSWER,
  DESK_CALL_OUTCOME_BUSY,
  DESK_CALL_OUTCOME_FAILED,
} DeskCallOutcome;

typedef enum {
  DESK_VISIBILITY_PUBLIC,
  DESK_VISIBILITY_INTERNAL,
} DeskVisibility;

typedef enum {
  DESK_QUEUE_STRATEGY_RING_ALL,
  DESK_QUEUE_STRATEGY_LONGEST_IDLE,
  DESK_QUEUE_STRATEGY_FEWEST_CONTACTS,
  DESK_QUEUE_STRATEGY_SKILLS,
} DeskQueueStrategy;

typedef enum {
  DESK_IVR_ACTION_QUEUE,
  DESK_IVR_ACTION_INFO,
  DESK_IVR_ACTION_CASE_STATUS,
  DESK_IVR_ACTION_TYPICAL_CASE,
  DESK_IVR_ACTION_CALLBACK,
  DESK_IVR_ACTION_SUBMENU,
  DESK_IVR_ACTION_OPERATOR,
} DeskIvrAction;

typedef enum {
  DESK_CHAT_SENDER_VISITOR,
  DESK_CHAT_SENDER_OPERATOR,
  DESK_CHAT_SENDER_BOT,
  DESK_CHAT_SENDER_SYSTEM,
} DeskChatSender;

typedef enum {
  DESK_CALLBACK_STATUS_PENDING,
  DESK_CALLBACK_STATUS_OFFERED,
  DESK_CALLBACK_STATUS_DIALING,
  DESK_CALLBACK_STATUS_DONE,
  DESK_CALLBACK_STATUS_FAILED,
  DESK_CALLBACK_STATUS_CANCELLED,
} DeskCallbackStatus;

typedef enum {
  DESK_FUNNEL_DIALLED,
  DESK_FUNNEL_REACHED,
  DESK_FUNNEL_NO_ANSWER,
  DESK_FUNNEL_CALLBACK,
  DESK_FUNNEL_WRONG_SEGMENT,
  DESK_FUNNEL_REFUSED,
  DESK_FUNNEL_INTERESTED,
  DESK_FUNNEL_MEETING,
} DeskFunnelStage;

#define DESK_TYPE_ROLE (desk_role_get_type ())
#define DESK_TYPE_CLIENT_KIND (desk_client_kind_get_type ())
#define DESK_TYPE_ASSET_KIND (desk_asset_kind_get_type ())
#define DESK_TYPE_CASE_STATUS (desk_case_status_get_type ())
#define DESK_TYPE_PRIORITY (desk_priority_get_type ())
#define DESK_TYPE_CHANNEL (desk_channel_get_type ())
#define DESK_TYPE_RESOLUTION (desk_resolution_get_type ())
#define DESK_TYPE_CASE_EVENT_KIND (desk_case_event_kind_get_type ())
#define DESK_TYPE_AGENT_STATE (desk_agent_state_get_type ())
#define DESK_TYPE_CALL_DIRECTION (desk_call_direction_get_type ())
#define DESK_TYPE_CALL_OUTCOME (desk_call_outcome_get_type ())
#define DESK_TYPE_VISIBILITY (desk_visibility_get_type ())
#define DESK_TYPE_QUEUE_STRATEGY (desk_queue_strategy_get_type ())
#define DESK_TYPE_IVR_ACTION (desk_ivr_action_get_type ())
#define DESK_TYPE_CHAT_SENDER (desk_chat_sender_get_type ())
#define DESK_TYPE_CALLBACK_STATUS (desk_callback_status_get_type ())
#define DESK_TYPE_FUNNEL_STAGE (desk_funnel_stage_get_type ())

GType desk_role_get_type (void) G_GNUC_CONST;
GType desk_client_kind_get_type (void) G_GNUC_CONST;
GType desk_asset_kind_get_type (void) G_GNUC_CONST;
GType desk_case_status_get_type (void) G_GNUC_CONST;
GType desk_priority_get_type (void) G_GNUC_CONST;
GType desk_channel_get_type (void) G_GNUC_CONST;
GType desk_resolution_get_type (void) G_GNUC_CONST;
GType desk_case_event_kind_get_type (void) G_GNUC_CONST;
GType desk_agent_state_get_type (void) G_GNUC_CONST;
GType desk_call_direction_get_type (void) G_GNUC_CONST;
GType desk_call_outcome_get_type (void) G_GNUC_CONST;
GType desk_visibility_get_type (void) G_GNUC_CONST;
GType desk_queue_strategy_get_type (void) G_GNUC_CONST;
GType desk_ivr_action_get_type (void) G_GNUC_CONST;
GType desk_chat_sender_get_type (void) G_GNUC_CONST;
GType desk_callback_status_get_type (void) G_GNUC_CONST;
GType desk_funnel_stage_get_type (void) G_GNUC_CONST;

const char *desk_enum_to_nick   (GType        enum_type,
                                 int          value);
gboolean    desk_enum_from_nick (GType        enum_type,
                                 const char  *nick,
                                 int         *value,
                                 GError     **error);

gboolean    desk_case_status_can_change (DeskCaseStatus from,
                                         DeskCaseStatus to);

G_END_DECLS
