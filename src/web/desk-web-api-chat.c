/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-chat"

#include "config.h"

#include "desk-web-widget-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

/*
 * Chats in the agent API. An operator is offered a chat on the event
 * stream (chat-offered), accepts or declines it, reads the transcript
 * (the bot's part too), writes, types and marks read, and ends it:
 *
 *   POST /api/v1/chats/{id}/accept
 *   POST /api/v1/chats/{id}/decline
 *   POST /api/v1/chats/{id}/messages  {"body"}      → 201 {"id"}
 *   POST /api/v1/chats/{id}/typing    {"typing"}
 *   POST /api/v1/chats/{id}/read      {"up_to"}
 *   POST /api/v1/chats/{id}/end
 *   POST /api/v1/chats/{id}/transfer  {"operator_id"} | {"queue_id"}
 *   GET  /api/v1/chats/{id}/messages                → {"chat", "messages"}
 *
 * The flow decides who may do what (only the operator who took a chat
 * writes in it); the transcript is for the chat's operator, for anyone
 * while it still waits for one (the offered operator reads it before
 * accepting), and for supervisors. A chat is transferred by its operator
 * or by a supervisor.
 */

static DeskWidget *
widget_of (DeskWebRequest *request)
{
  return g_object_get_data (G_OBJECT (request->self), "desk-web-widget");
}

static void
on_accept (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);

  if (flow == NULL)
    return;
  if (!desk_call_flow_chat_accept (flow, request->user->id, request->id, &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_decline (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);

  if (flow == NULL)
    return;
  if (!desk_call_flow_chat_decline (flow, request->user->id, request->id, &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_post (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);
  const char *text = NULL;
  gint64 id;

  if (flow == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_string (body, "body", TRUE, &text, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  id = desk_call_flow_chat_post (flow, request->id, DESK_CHAT_SENDER_OPERATOR, request->user->id,
                                 text, &error);
  if (id <= 0)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", id);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_CREATED, builder);
}

/* The chat, if @request's user may act in it: its operator, or a
 * supervisor. NULL after a 4xx reply. */
static DeskChat *
own_chat (DeskWebRequest *request,
          gboolean        waiting_is_open)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = desk_store_get_chat (_desk_web_store (request->self), request->id,
                                                   &error);

  if (chat == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return NULL;
    }
  if (chat->operator_id != request->user->id && !_desk_web_is_supervisor (request->user) &&
      !(waiting_is_open && chat->operator_id == 0))
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                            _("This chat is not yours"));
      return NULL;
    }
  return g_steal_pointer (&chat);
}

static void
on_typing (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (DeskChat) chat = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);
  gboolean typing = FALSE;

  if (flow == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_bool (body, "typing", TRUE, &typing, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if ((chat = own_chat (request, FALSE)) == NULL)
    return;
  if (!desk_call_flow_chat_typing (flow, request->id, DESK_CHAT_SENDER_OPERATOR, typing, &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_read (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (DeskChat) chat = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);
  gint64 up_to = 0;

  if (flow == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_int (body, "up_to", TRUE, &up_to, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (up_to <= 0)
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("“up_to” must be a message's id"));
      return;
    }
  if ((chat = own_chat (request, FALSE)) == NULL)
    return;
  if (!desk_call_flow_chat_read (flow, request->id, DESK_CHAT_SENDER_OPERATOR, up_to, &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_end (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);

  if (flow == NULL)
    return;
  if (!desk_call_flow_chat_end (flow, request->id, DESK_CHAT_SENDER_OPERATOR, request->user->id,
                                &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_transfer (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (DeskChat) chat = NULL;
  DeskCallFlow *flow = _desk_web_flow (request);
  gint64 operator_id = 0, queue_id = 0;

  if (flow == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_int (body, "operator_id", FALSE, &operator_id, &error) ||
      !desk_web_member_int (body, "queue_id", FALSE, &queue_id, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if ((chat = own_chat (request, FALSE)) == NULL)
    return;
  if (!desk_call_flow_transfer_chat (flow, request->id, operator_id, queue_id, &error))
    desk_web_reply_gerror (request->msg, error);
  else
    _desk_web_reply_ok (request->msg);
}

static void
on_transcript (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = own_chat (request, TRUE);
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  DeskWidget *widget = widget_of (request);

  if (chat == NULL)
    return;
  messages = desk_store_list_chat_messages (_desk_web_store (request->self), chat->id, &error);
  if (messages == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "chat");
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", chat->id);
  desk_web_set_string (builder, "visitor_name", chat->visitor_name);
  desk_web_set_string (builder, "visitor_contact", chat->visitor_contact);
  desk_web_set_id (builder, "client_id", chat->client_id);
  desk_web_set_id (builder, "queue_id", chat->queue_id);
  desk_web_set_id (builder, "operator_id", chat->operator_id);
  desk_web_set_int (builder, "started_at", chat->started_at);
  desk_web_set_int (builder, "answered_at", chat->answered_at);
  desk_web_set_int (builder, "ended_at", chat->ended_at);
  desk_web_set_nick (builder, "outcome", DESK_TYPE_CALL_OUTCOME, chat->outcome);
  desk_web_set_int (builder, "csat", chat->csat);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      json_builder_begin_object (builder);
      _desk_widget_add_message (widget, builder, g_ptr_array_index (messages, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_chat_routes[] = {
  { "POST", "/chats/{id}/accept", DESK_ROLE_OPERATOR, on_accept },
  { "POST", "/chats/{id}/decline", DESK_ROLE_OPERATOR, on_decline },
  { "POST", "/chats/{id}/messages", DESK_ROLE_OPERATOR, on_post },
  { "GET", "/chats/{id}/messages", DESK_ROLE_OPERATOR, on_transcript },
  { "POST", "/chats/{id}/typing", DESK_ROLE_OPERATOR, on_typing },
  { "POST", "/chats/{id}/read", DESK_ROLE_OPERATOR, on_read },
  { "POST", "/chats/{id}/end", DESK_ROLE_OPERATOR, on_end },
  { "POST", "/chats/{id}/transfer", DESK_ROLE_OPERATOR, on_transfer },
  { NULL }
};
