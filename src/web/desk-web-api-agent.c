/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-agent"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

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

static void
add_live_call (JsonBuilder  *builder,
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
  DeskAgentState state = flow ? desk_call_flow_get_agent_state (flow, request->user->id) :
                         DESK_AGENT_STATE_OFFLINE;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  _desk_web_add_user (builder, request->user);
  desk_web_set_nick (builder, "state", DESK_TYPE_AGENT_STATE, state);
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

/* POST /me/wrapup {extend_seconds} or {end: true} */
static void
on_wrapup (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow;
  gint64 seconds = -1;
  gboolean end = FALSE, ok;

  if (body == NULL)
    return;
  if (!desk_web_member_int (body, "extend_seconds", FALSE, &seconds, &error) ||
      !desk_web_member_bool (body, "end", FALSE, &end, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if ((seconds < 0) == !end)
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Send either “extend_seconds” or “end”: true"));
      return;
    }
  flow = _desk_web_flow (request);
  if (flow == NULL)
    return;
  if (end)
    ok = desk_call_flow_agent_end_wrapup (flow, request->user->id, &error);
  else
    ok = desk_call_flow_agent_extend_wrapup (flow, request->user->id,
                                             (guint) MIN (seconds, G_MAXUINT), &error);
  if (!ok)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
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
    add_live_call (builder, g_ptr_array_index (calls, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr (DeskCase) kase = desk_store_get_case (store, g_array_index (cases, gint64, i),
                                                       NULL);
      if (kase)
        _desk_web_add_case (builder, kase);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "callbacks");
  if (!add_callbacks (request, builder, user_id, FALSE, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  /* Chats join the inbox here. */
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
} Control;

static void
control (DeskWebRequest *request,
         Control         what)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  DeskCallFlow *flow;
  gint64 me = request->user->id, other = 0;
  gboolean paused = FALSE, ok = FALSE;

  if (what == CONTROL_TRANSFER || what == CONTROL_CONFERENCE || what == CONTROL_RECORDING)
    {
      body = _desk_web_body (request);
      if (body == NULL)
        return;
      if ((what == CONTROL_TRANSFER &&
           !desk_web_member_int (body, "to_user", TRUE, &other, &error)) ||
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
      ok = desk_call_flow_transfer (flow, me, request->id, other, &error);
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
  { NULL }
};
