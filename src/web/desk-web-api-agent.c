/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-agent"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

#include <inttypes.h>

/*
 * The operator's own desk: who they are, their state (available, break,
 * offline, wrap-up), their inbox of live calls, open cases and callbacks,
 * and the commands on their calls. Every call command names the operator
 * from the session: DeskCallFlow refuses a call that is not theirs, so an
 * operator can never touch a colleague's call, whatever id they send.
 */

/* Checked before an offline operator is logged in for a break, so that a
 * refused reason leaves them as they were (DESK_AGENT_MAX_REASON). */
#define MAX_REASON 100

void
_desk_web_add_live_call (JsonBuilder  *builder,
                         DeskLiveCall *call)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", call->call_id);
  desk_web_set_nick (builder, "direction", DESK_TYPE_CALL_DIRECTION, call->direction);
  desk_web_set_string (builder, "state", call->state);
  desk_web_set_string (builder, "number", call->number);
  desk_web_set_id (builder, "queue_id", call->queue_id);
  desk_web_set_string (builder, "client_match", _desk_web_match_word (call->client_ids->len));
  json_builder_set_member_name (builder, "client_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < call->client_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (call->client_ids, gint64, i));
  json_builder_end_array (builder);
  desk_web_set_int (builder, "since", call->since);
  desk_web_set_bool (builder, "recording_paused", call->recording_paused);
  json_builder_end_object (builder);
}

static void
add_callback (JsonBuilder      *builder,
              DeskCallbackInfo *callback)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", callback->id);
  desk_web_set_string (builder, "number", callback->e164);
  desk_web_set_id (builder, "client_id", callback->client_id);
  desk_web_set_id (builder, "queue_id", callback->queue_id);
  desk_web_set_id (builder, "call_id", callback->call_id);
  desk_web_set_int (builder, "requested_at", callback->requested_at);
  desk_web_set_int (builder, "due_at", callback->due_at);
  desk_web_set_nick (builder, "status", DESK_TYPE_CALLBACK_STATUS, callback->status);
  desk_web_set_int (builder, "attempts", callback->attempts);
  desk_web_set_int (builder, "max_attempts", callback->max_attempts);
  desk_web_set_int (builder, "next_attempt_at", callback->next_attempt_at);
  desk_web_set_id (builder, "operator_id", callback->operator_id);
  desk_web_set_string (builder, "note", callback->note);
  json_builder_end_object (builder);
}

/**
 * _desk_web_set_agent_state:
 * @builder: an object being built
 * @flow: (nullable): the call flow, %NULL while telephony is off
 * @user_id: an operator
 *
 * Sets "state" (the #DeskAgentState nick), "reason" (a break's, or null)
 * and "wrapup_seconds_left" (0 outside a wrap-up): what GET /me and the
 * event stream's "agent-state" say alike, so that the window keeps one
 * reader for both.
 */
void
_desk_web_set_agent_state (JsonBuilder  *builder,
                           DeskCallFlow *flow,
                           gint64        user_id)
{
  g_autofree char *reason = flow ? desk_call_flow_dup_agent_reason (flow, user_id) : NULL;

  desk_web_set_nick (builder, "state", DESK_TYPE_AGENT_STATE,
                     flow ? desk_call_flow_get_agent_state (flow, user_id) :
                            DESK_AGENT_STATE_OFFLINE);
  desk_web_set_string (builder, "reason", reason);
  desk_web_set_int (builder, "wrapup_seconds_left",
                    flow ? desk_call_flow_get_wrapup_seconds_left (flow, user_id) : 0);
}

/**
 * _desk_web_set_portal_waiting:
 * @builder: an object being built
 * @waiting: a portal request that waits for an operator
 *
 * Its members as the inbox's "portal" list and the "portal-message" event
 * both give them.
 */
void
_desk_web_set_portal_waiting (JsonBuilder       *builder,
                              DeskPortalWaiting *waiting)
{
  desk_web_set_int (builder, "case_id", waiting->case_id);
  desk_web_set_int (builder, "number", waiting->number);
  desk_web_set_string (builder, "subject", waiting->subject);
  desk_web_set_id (builder, "client_id", waiting->client_id);
  desk_web_set_int (builder, "since", waiting->since);
}

void
_desk_web_add_live_chat (JsonBuilder  *builder,
                         DeskLiveChat *chat)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", chat->chat_id);
  desk_web_set_string (builder, "state", chat->state);
  desk_web_set_string (builder, "visitor_name", chat->visitor_name);
  desk_web_set_string (builder, "visitor_contact", chat->visitor_contact);
  desk_web_set_string (builder, "visitor_phone", chat->visitor_phone);
  desk_web_set_string (builder, "client_match", _desk_web_match_word (chat->client_ids->len));
  json_builder_set_member_name (builder, "client_ids");
  json_builder_begin_array (builder);
  for (guint j = 0; j < chat->client_ids->len; j++)
    json_builder_add_int_value (builder, g_array_index (chat->client_ids, gint64, j));
  json_builder_end_array (builder);
  desk_web_set_int (builder, "since", chat->since);
  desk_web_set_int (builder, "unread", chat->unread);
  desk_web_set_id (builder, "queue_id", chat->queue_id);
  json_builder_end_object (builder);
}

/* Whose data a request reads: the user's own, or, for supervisors and the
 * owner, the operator named by ?user_id=. Returns 0 after an error reply. */
static gint64
subject_user (DeskWebRequest *request)
{
  gint64 user_id = _desk_web_query_id (request, "user_id");

  if (user_id < 0)
    return 0;
  if (user_id == 0 || user_id == request->user->id)
    return request->user->id;
  if (!_desk_web_is_supervisor (request->user))
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                            _("Only supervisors and the owner may see another operator's work"));
      return 0;
    }
  return user_id;
}

/* GET /me */
static void
on_me (DeskWebRequest *request)
{
  DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  _desk_web_add_user (builder, request->user);
  _desk_web_set_agent_state (builder, flow, request->user->id);
  desk_web_set_bool (builder, "has_phone", request->user->sip_user != NULL);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* PUT /me/state {state: "available"|"break"|"offline", reason} */
static void
on_set_state (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow;
  const char *state = NULL, *reason = NULL;
  gint64 me = request->user->id;
  gboolean offline, ok;

  if (body == NULL)
    return;
  if (!desk_web_member_string (body, "state", TRUE, &state, &error) ||
      !desk_web_member_string (body, "reason", FALSE, &reason, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (!g_str_equal (state, "available") && !g_str_equal (state, "break") &&
      !g_str_equal (state, "offline"))
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("“state” is “available”, “break” or “offline”"));
      return;
    }
  if (reason && g_utf8_strlen (reason, -1) > MAX_REASON)
    {
      g_autofree char *message = g_strdup_printf (_("A break's reason is at most %d characters"),
                                                  MAX_REASON);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;

  offline = desk_call_flow_get_agent_state (flow, me) == DESK_AGENT_STATE_OFFLINE;
  if (g_str_equal (state, "offline"))
    ok = desk_call_flow_agent_logout (flow, me, &error);
  else if (g_str_equal (state, "available"))
    ok = offline ? desk_call_flow_agent_login (flow, me, &error) :
                   desk_call_flow_agent_set_available (flow, me, &error);
  else
    ok = (!offline || desk_call_flow_agent_login (flow, me, &error)) &&
         desk_call_flow_agent_set_break (flow, me, reason, &error);
  if (!ok)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  on_me (request);
}

/* POST /me/wrapup {extend_seconds} or {end: true}, either with
 * {disposition, note} for the contact just finished, or those alone */
static void
on_wrapup (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow;
  const char *disposition = NULL, *note = NULL;
  gint64 seconds = -1, call_id, chat_id;
  gboolean end = FALSE, ok;

  if (body == NULL)
    return;
  if (!desk_web_member_int (body, "extend_seconds", FALSE, &seconds, &error) ||
      !desk_web_member_bool (body, "end", FALSE, &end, &error) ||
      !desk_web_member_string (body, "disposition", FALSE, &disposition, &error) ||
      !desk_web_member_string (body, "note", FALSE, &note, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if ((seconds >= 0 && end) || (seconds < 0 && !end && !disposition && !note))
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Send either “extend_seconds” or “end”: true"));
      return;
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;
  /* Written before the wrap-up ends, which writes the record's wrap-up
   * time: the operator's last call or chat is the one it was about. */
  if ((disposition || note) &&
      !desk_store_set_wrapup (_desk_web_store (request->self), request->user->id, disposition,
                              note, &call_id, &chat_id, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (seconds < 0 && !end)
    ok = TRUE;
  else if (end)
    ok = desk_call_flow_agent_end_wrapup (flow, request->user->id, &error);
  else
    ok = desk_call_flow_agent_extend_wrapup (flow, request->user->id,
                                             (guint) MIN (seconds, G_MAXUINT), &error);
  if (!ok)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  /* A longer wrap-up is no change of state: the flow signals nothing, yet
   * the operator's other windows count down from the new end. */
  if (seconds >= 0)
    _desk_web_events_agent_state (request->self, request->user->id);
  on_me (request);
}

static gboolean
add_callbacks (DeskWebRequest  *request,
               JsonBuilder     *builder,
               gint64           user_id,
               gboolean         everyone,
               GError         **error)
{
  g_autoptr (GPtrArray) callbacks = desk_store_list_open_callbacks (_desk_web_store (request->self),
                                                                    error);

  if (callbacks == NULL)
    return FALSE;
  json_builder_begin_array (builder);
  for (guint i = 0; i < callbacks->len; i++)
    {
      DeskCallbackInfo *callback = g_ptr_array_index (callbacks, i);

      /* An operator sees theirs and those nobody has yet. */
      if (everyone || callback->operator_id == 0 || callback->operator_id == user_id)
        add_callback (builder, callback);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* Portal requests nobody has answered: the user's, and those nobody owns. */
static gboolean
add_portal (DeskWebRequest  *request,
            JsonBuilder     *builder,
            gint64           user_id,
            GError         **error)
{
  g_autoptr (GPtrArray) waiting = desk_store_list_portal_waiting (_desk_web_store (request->self),
                                                                  user_id, 0, error);

  if (waiting == NULL)
    return FALSE;
  json_builder_begin_array (builder);
  for (guint i = 0; i < waiting->len; i++)
    {
      json_builder_begin_object (builder);
      _desk_web_set_portal_waiting (builder, g_ptr_array_index (waiting, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* GET /inbox[?user_id=] */
static void
on_inbox (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (GArray) cases = NULL;
  gint64 user_id = subject_user (request);

  if (user_id == 0)
    return;
  cases = desk_store_list_owner_cases (store, user_id, TRUE, &error);
  if (cases == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "user_id", user_id);
  json_builder_set_member_name (builder, "calls");
  json_builder_begin_array (builder);
  calls = flow ? desk_call_flow_list_calls (flow, user_id) : NULL;
  for (guint i = 0; calls && i < calls->len; i++)
    _desk_web_add_live_call (builder, g_ptr_array_index (calls, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cases");
  _desk_web_add_cases (builder, store, cases);

  json_builder_set_member_name (builder, "callbacks");
  if (!add_callbacks (request, builder, user_id, FALSE, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_set_member_name (builder, "portal");
  if (!add_portal (request, builder, user_id, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  /* Chats: offered to the user now, or theirs. */
  json_builder_set_member_name (builder, "chats");
  json_builder_begin_array (builder);
  {
    g_autoptr (GPtrArray) chats = flow ? desk_call_flow_list_chats (flow, user_id) : NULL;

    for (guint i = 0; chats && i < chats->len; i++)
      {
        _desk_web_add_live_chat (builder, g_ptr_array_index (chats, i));
      }
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /callbacks */
static void
on_callbacks (DeskWebRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "callbacks");
  if (!add_callbacks (request, builder, request->user->id,
                      _desk_web_is_supervisor (request->user), &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* Calls */

/* POST /calls {number} */
static void
on_place_call (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError) error = NULL;
  const char *number = NULL;
  DeskCallFlow *flow;
  gint64 call_id;

  if (body == NULL)
    return;
  if (!desk_web_member_string (body, "number", TRUE, &number, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;
  call_id = desk_call_flow_place_call (flow, request->user->id, number, &error);
  if (call_id == 0)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "call_id", call_id);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_CREATED, builder);
}

typedef enum {
  CONTROL_DECLINE,
  CONTROL_HANGUP,
  CONTROL_HOLD,
  CONTROL_RESUME,
  CONTROL_TRANSFER,
  CONTROL_CONFERENCE,
  CONTROL_RECORDING,
  CONTROL_DTMF,
} Control;

static const char * const transfer_targets[] = {
  "to_user", "to_queue", "to_number", "consult_call_id", NULL
};

/* Which one of @members @body names: exactly one, or an error reply. */
static const char *
one_of (DeskWebRequest     *request,
        JsonObject         *body,
        const char * const *members,
        const char         *message)
{
  const char *found = NULL;

  for (guint i = 0; members[i]; i++)
    {
      JsonNode *node = json_object_get_member (body, members[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (found)
        {
          found = NULL;
          break;
        }
      found = members[i];
    }
  if (found == NULL)
    desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
  return found;
}

/* POST /calls/{id}/transfer {to_user}|{to_queue}|{to_number}|{consult_call_id} */
static gboolean
transfer (DeskWebRequest  *request,
          DeskCallFlow    *flow,
          JsonObject      *body,
          const char      *target,
          GError         **error)
{
  gint64 me = request->user->id, id = 0;
  const char *number = NULL;

  if (g_str_equal (target, "to_number"))
    return desk_web_member_string (body, target, TRUE, &number, error) &&
           desk_call_flow_transfer_to_number (flow, me, request->id, number, error);
  if (!desk_web_member_int (body, target, TRUE, &id, error))
    return FALSE;
  if (g_str_equal (target, "to_user"))
    return desk_call_flow_transfer (flow, me, request->id, id, error);
  if (g_str_equal (target, "to_queue"))
    return desk_call_flow_transfer_to_queue (flow, me, request->id, id, error);
  return desk_call_flow_transfer_consult (flow, me, request->id, id, error);
}

static void
control (DeskWebRequest *request,
         Control         what)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow;
  gint64 me = request->user->id, other = 0;
  gboolean paused = FALSE, ok = FALSE;
  const char *digits = NULL, *target = NULL;

  if (what == CONTROL_TRANSFER || what == CONTROL_CONFERENCE || what == CONTROL_RECORDING ||
      what == CONTROL_DTMF)
    {
      body = _desk_web_body (request);
      if (body == NULL)
        return;
      if (what == CONTROL_TRANSFER &&
          !(target = one_of (request, body, transfer_targets,
                             _("Send one of “to_user”, “to_queue”, “to_number” or "
                               "“consult_call_id”"))))
        return;
      if ((what == CONTROL_DTMF &&
           !desk_web_member_string (body, "digits", TRUE, &digits, &error)) ||
          (what == CONTROL_CONFERENCE &&
           !desk_web_member_int (body, "consult_call_id", TRUE, &other, &error)) ||
          (what == CONTROL_RECORDING &&
           !desk_web_member_bool (body, "paused", TRUE, &paused, &error)))
        {
          desk_web_reply_gerror (request->msg, error);
          return;
        }
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;
  switch (what)
    {
    case CONTROL_DECLINE:
      ok = desk_call_flow_decline (flow, me, request->id, &error);
      break;
    case CONTROL_HANGUP:
      ok = desk_call_flow_hangup (flow, me, request->id, &error);
      break;
    case CONTROL_HOLD:
    case CONTROL_RESUME:
      ok = desk_call_flow_hold (flow, me, request->id, what == CONTROL_HOLD, &error);
      break;
    case CONTROL_TRANSFER:
      ok = transfer (request, flow, body, target, &error);
      break;
    case CONTROL_DTMF:
      ok = desk_call_flow_send_dtmf (flow, me, request->id, digits, &error);
      break;
    case CONTROL_CONFERENCE:
      ok = desk_call_flow_conference (flow, me, request->id, other, &error);
      break;
    case CONTROL_RECORDING:
      ok = desk_call_flow_pause_recording (flow, me, request->id, paused, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  _desk_web_reply_ok (request->msg);
}

static void on_decline (DeskWebRequest *r)    { control (r, CONTROL_DECLINE); }
static void on_hangup (DeskWebRequest *r)     { control (r, CONTROL_HANGUP); }
static void on_hold (DeskWebRequest *r)       { control (r, CONTROL_HOLD); }
static void on_resume (DeskWebRequest *r)     { control (r, CONTROL_RESUME); }
static void on_transfer (DeskWebRequest *r)   { control (r, CONTROL_TRANSFER); }
static void on_conference (DeskWebRequest *r) { control (r, CONTROL_CONFERENCE); }
static void on_recording (DeskWebRequest *r)  { control (r, CONTROL_RECORDING); }
static void on_dtmf (DeskWebRequest *r)       { control (r, CONTROL_DTMF); }

static const char * const consult_targets[] = { "to_user", "to_number", NULL };

/* POST /calls/{id}/consult {to_user}|{to_number} */
static void
on_consult (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError) error = NULL;
  const char *target, *number = NULL;
  DeskCallFlow *flow;
  gint64 to_user = 0, consult_id;

  if (body == NULL)
    return;
  target = one_of (request, body, consult_targets, _("Send one of “to_user” or “to_number”"));
  if (target == NULL)
    return;
  if (!(g_str_equal (target, "to_user") ?
        desk_web_member_int (body, target, TRUE, &to_user, &error) :
        desk_web_member_string (body, target, TRUE, &number, &error)))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (to_user == 0 && number == NULL)
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Send one of “to_user” or “to_number”"));
      return;
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;
  consult_id = desk_call_flow_consult (flow, request->user->id, request->id, to_user, number,
                                       &error);
  if (consult_id == 0)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "consult_call_id", consult_id);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_CREATED, builder);
}

/* GET /calls/{id}: the record of one of the user's calls (anyone's for
 * supervisors), with what its wrap-up noted. */
static void
on_get_call (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_store_get_call (store, request->id, &error);
  g_autofree char *disposition = NULL;
  g_autofree char *note = NULL;

  if (call && call->operator_id != request->user->id && !_desk_web_is_supervisor (request->user))
    g_clear_pointer (&call, desk_call_free);
  if (call == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("You have no call %" PRId64),
                                                  request->id);

      desk_web_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
      return;
    }
  if (!desk_store_get_wrapup (store, FALSE, call->id, &disposition, &note, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", call->id);
  desk_web_set_nick (builder, "direction", DESK_TYPE_CALL_DIRECTION, call->direction);
  desk_web_set_string (builder, "caller", call->caller);
  desk_web_set_string (builder, "callee", call->callee);
  desk_web_set_id (builder, "client_id", call->client_id);
  desk_web_set_id (builder, "queue_id", call->queue_id);
  desk_web_set_id (builder, "operator_id", call->operator_id);
  desk_web_set_int (builder, "offered_at", call->offered_at);
  desk_web_set_int (builder, "answered_at", call->answered_at);
  desk_web_set_int (builder, "ended_at", call->ended_at);
  desk_web_set_int (builder, "talk_seconds", call->talk_seconds);
  desk_web_set_int (builder, "hold_seconds", call->hold_seconds);
  desk_web_set_int (builder, "wrapup_seconds", call->wrapup_seconds);
  desk_web_set_nick (builder, "outcome", DESK_TYPE_CALL_OUTCOME, call->outcome);
  desk_web_set_string (builder, "disposition", disposition);
  desk_web_set_string (builder, "wrapup_note", note);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_agent_routes[] = {
  { "GET", "/me", DESK_ROLE_OPERATOR, on_me },
  { "PUT", "/me/state", DESK_ROLE_OPERATOR, on_set_state },
  { "POST", "/me/wrapup", DESK_ROLE_OPERATOR, on_wrapup },
  { "GET", "/inbox", DESK_ROLE_OPERATOR, on_inbox },
  { "GET", "/callbacks", DESK_ROLE_OPERATOR, on_callbacks },
  { "POST", "/calls", DESK_ROLE_OPERATOR, on_place_call },
  { "POST", "/calls/{id}/decline", DESK_ROLE_OPERATOR, on_decline },
  { "POST", "/calls/{id}/hangup", DESK_ROLE_OPERATOR, on_hangup },
  { "POST", "/calls/{id}/hold", DESK_ROLE_OPERATOR, on_hold },
  { "POST", "/calls/{id}/resume", DESK_ROLE_OPERATOR, on_resume },
  { "POST", "/calls/{id}/transfer", DESK_ROLE_OPERATOR, on_transfer },
  { "POST", "/calls/{id}/conference", DESK_ROLE_OPERATOR, on_conference },
  { "POST", "/calls/{id}/recording", DESK_ROLE_OPERATOR, on_recording },
  { "POST", "/calls/{id}/dtmf", DESK_ROLE_OPERATOR, on_dtmf },
  { "POST", "/calls/{id}/consult", DESK_ROLE_OPERATOR, on_consult },
  { "GET", "/calls/{id}", DESK_ROLE_OPERATOR, on_get_call },
  { NULL }
};
