/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-types"

#include "desk-i18n.h"
#include "desk-types.h"
#include "desk-error.h"

G_DEFINE_ENUM_TYPE (DeskRole, desk_role,
  G_DEFINE_ENUM_VALUE (DESK_ROLE_OPERATOR, "operator"),
  G_DEFINE_ENUM_VALUE (DESK_ROLE_SUPERVISOR, "supervisor"),
  G_DEFINE_ENUM_VALUE (DESK_ROLE_OWNER, "owner"))

G_DEFINE_ENUM_TYPE (DeskClientKind, desk_client_kind,
  G_DEFINE_ENUM_VALUE (DESK_CLIENT_KIND_PERSON, "person"),
  G_DEFINE_ENUM_VALUE (DESK_CLIENT_KIND_ORGANIZATION, "organization"))

G_DEFINE_ENUM_TYPE (DeskAssetKind, desk_asset_kind,
  G_DEFINE_ENUM_VALUE (DESK_ASSET_KIND_CONTRACT, "contract"),
  G_DEFINE_ENUM_VALUE (DESK_ASSET_KIND_CARD, "card"),
  G_DEFINE_ENUM_VALUE (DESK_ASSET_KIND_DEVICE, "device"),
  G_DEFINE_ENUM_VALUE (DESK_ASSET_KIND_ACCOUNT, "account"),
  G_DEFINE_ENUM_VALUE (DESK_ASSET_KIND_OTHER, "other"))

G_DEFINE_ENUM_TYPE (DeskCaseStatus, desk_case_status,
  G_DEFINE_ENUM_VALUE (DESK_CASE_STATUS_NEW, "new"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_STATUS_IN_PROGRESS, "in_progress"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_STATUS_RESOLVED, "resolved"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_STATUS_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (DeskPriority, desk_priority,
  G_DEFINE_ENUM_VALUE (DESK_PRIORITY_LOW, "low"),
  G_DEFINE_ENUM_VALUE (DESK_PRIORITY_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (DESK_PRIORITY_HIGH, "high"),
  G_DEFINE_ENUM_VALUE (DESK_PRIORITY_URGENT, "urgent"))

G_DEFINE_ENUM_TYPE (DeskChannel, desk_channel,
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_CHAT, "chat"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_PORTAL, "portal"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_IVR, "ivr"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_CAMPAIGN, "campaign"),
  G_DEFINE_ENUM_VALUE (DESK_CHANNEL_WALK_IN, "walk_in"))

G_DEFINE_ENUM_TYPE (DeskResolution, desk_resolution,
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_SOLVED, "solved"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_WORKAROUND, "workaround"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_NOT_A_CASE, "not_a_case"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_DUPLICATE, "duplicate"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (DESK_RESOLUTION_NO_RESPONSE, "no_response"))

G_DEFINE_ENUM_TYPE (DeskCaseEventKind, desk_case_event_kind,
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_CALL, "call"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_CHAT, "chat"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_NOTE, "note"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_ASSIGNMENT, "assignment"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_PORTAL_MESSAGE, "portal_message"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_PRIORITY, "priority"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_CLIENT, "client"),
  G_DEFINE_ENUM_VALUE (DESK_CASE_EVENT_ESCALATION, "escalation"))

G_DEFINE_ENUM_TYPE (DeskAgentState, desk_agent_state,
  G_DEFINE_ENUM_VALUE (DESK_AGENT_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (DESK_AGENT_STATE_AVAILABLE, "available"),
  G_DEFINE_ENUM_VALUE (DESK_AGENT_STATE_ON_CONTACT, "on_contact"),
  G_DEFINE_ENUM_VALUE (DESK_AGENT_STATE_WRAP_UP, "wrap_up"),
  G_DEFINE_ENUM_VALUE (DESK_AGENT_STATE_BREAK, "break"))

G_DEFINE_ENUM_TYPE (DeskCallDirection, desk_call_direction,
  G_DEFINE_ENUM_VALUE (DESK_CALL_DIRECTION_INBOUND, "inbound"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_DIRECTION_OUTBOUND, "outbound"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_DIRECTION_INTERNAL, "internal"))

G_DEFINE_ENUM_TYPE (DeskCallOutcome, desk_call_outcome,
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_NONE, "none"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_IVR_SETTLED, "ivr_settled"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_ABANDONED_IVR, "abandoned_ivr"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_ABANDONED_QUEUE, "abandoned_queue"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_CALLBACK, "callback"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_OVERFLOW, "overflow"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_VOICEMAIL, "voicemail"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_NO_ANSWER, "no_answer"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (DESK_CALL_OUTCOME_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (DeskVisibility, desk_visibility,
  G_DEFINE_ENUM_VALUE (DESK_VISIBILITY_PUBLIC, "public"),
  G_DEFINE_ENUM_VALUE (DESK_VISIBILITY_INTERNAL, "internal"))

G_DEFINE_ENUM_TYPE (DeskQueueStrategy, desk_queue_strategy,
  G_DEFINE_ENUM_VALUE (DESK_QUEUE_STRATEGY_RING_ALL, "ring_all"),
  G_DEFINE_ENUM_VALUE (DESK_QUEUE_STRATEGY_LONGEST_IDLE, "longest_idle"),
  G_DEFINE_ENUM_VALUE (DESK_QUEUE_STRATEGY_FEWEST_CONTACTS, "fewest_contacts"),
  G_DEFINE_ENUM_VALUE (DESK_QUEUE_STRATEGY_SKILLS, "skills"))

G_DEFINE_ENUM_TYPE (DeskIvrAction, desk_ivr_action,
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_QUEUE, "queue"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_INFO, "info"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_CASE_STATUS, "case_status"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_TYPICAL_CASE, "typical_case"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_CALLBACK, "callback"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_SUBMENU, "submenu"),
  G_DEFINE_ENUM_VALUE (DESK_IVR_ACTION_OPERATOR, "operator"))

G_DEFINE_ENUM_TYPE (DeskChatSender, desk_chat_sender,
  G_DEFINE_ENUM_VALUE (DESK_CHAT_SENDER_VISITOR, "visitor"),
  G_DEFINE_ENUM_VALUE (DESK_CHAT_SENDER_OPERATOR, "operator"),
  G_DEFINE_ENUM_VALUE (DESK_CHAT_SENDER_BOT, "bot"),
  G_DEFINE_ENUM_VALUE (DESK_CHAT_SENDER_SYSTEM, "system"))

G_DEFINE_ENUM_TYPE (DeskCallbackStatus, desk_callback_status,
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_OFFERED, "offered"),
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_DIALING, "dialing"),
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_DONE, "done"),
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (DESK_CALLBACK_STATUS_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (DeskFunnelStage, desk_funnel_stage,
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_DIALLED, "dialled"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_REACHED, "reached"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_NO_ANSWER, "no_answer"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_CALLBACK, "callback"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_WRONG_SEGMENT, "wrong_segment"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_REFUSED, "refused"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_INTERESTED, "interested"),
  G_DEFINE_ENUM_VALUE (DESK_FUNNEL_MEETING, "meeting"))

/**
 * desk_enum_to_nick:
 * @enum_type: a GEnum type from this header
 * @value: one of its values
 *
 * Returns: (transfer none): the nick the store and the API use, or %NULL if
 *   @value is not a member of @enum_type
 */
const char *
desk_enum_to_nick (GType enum_type,
                   int   value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev ? ev->value_nick : NULL;
}

/**
 * desk_enum_from_nick:
 * @enum_type: a GEnum type from this header
 * @nick: a nick as the store or the API spells it
 * @value: (out): the value
 * @error: a #GError, %DESK_ERROR_INVALID if @nick is unknown
 */
gboolean
desk_enum_from_nick (GType        enum_type,
                     const char  *nick,
                     int         *value,
                     GError     **error)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (ev == NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not one of the allowed values"), nick ? nick : "");
      return FALSE;
    }
  *value = ev->value;
  return TRUE;
}

/**
 * desk_case_status_can_change:
 *
 * The lifecycle of ITIL / ISO 18295: new → in progress → waiting for the
 * customer → resolved → closed, with reopening from resolved and closed.
 * The same table lives in the store as a trigger's reference.
 */
gboolean
desk_case_status_can_change (DeskCaseStatus from,
                             DeskCaseStatus to)
{
  switch (from)
    {
    case DESK_CASE_STATUS_NEW:
      return to == DESK_CASE_STATUS_IN_PROGRESS || to == DESK_CASE_STATUS_WAITING ||
             to == DESK_CASE_STATUS_RESOLVED;
    case DESK_CASE_STATUS_IN_PROGRESS:
      return to == DESK_CASE_STATUS_WAITING || to == DESK_CASE_STATUS_RESOLVED;
    case DESK_CASE_STATUS_WAITING:
      return to == DESK_CASE_STATUS_IN_PROGRESS || to == DESK_CASE_STATUS_RESOLVED;
    case DESK_CASE_STATUS_RESOLVED:
      return to == DESK_CASE_STATUS_CLOSED || to == DESK_CASE_STATUS_IN_PROGRESS;
    case DESK_CASE_STATUS_CLOSED:
      return to == DESK_CASE_STATUS_IN_PROGRESS;
    default:
      return FALSE;
    }
}
