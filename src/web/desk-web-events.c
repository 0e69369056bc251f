/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-events"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

/*
 * One WebSocket per agent session at `/api/v1/events`: the call flow's
 * signals that concern its user, as JSON messages {"type", …}.
 *
 * - call-offered: to the operator whose phone rings;
 * - call-answered, call-held, call-transferred, call-ended: to the
 *   operators the call was offered to or who have it;
 * - wrapup-done, agent-state-changed: to the operator; supervisors and the
 *   owner get every operator's state changes (their dashboard);
 * - agent-state: to the operator, their whole state as GET /me gives it
 *   (state, reason, wrapup_seconds_left), at each change and when a
 *   wrap-up is extended;
 * - portal-message: a customer wrote on the self-care portal (a new
 *   request, or a message on one) and waits for an answer: to the case's
 *   owner, or to everyone while nobody owns it.
 *
 * The token comes in the Authorization header or, since browsers cannot
 * set headers on a WebSocket, as ?token=. A stream ends when its session
 * does: at once on logout, at its expiry, and within CHECK_SECONDS when it
 * is revoked elsewhere or its user is disabled. Pings keep NATs and
 * proxies from dropping a quiet stream.
 */

#define EVENTS_PATH "/api/v1/events"
#define PING_SECONDS 30
#define CHECK_SECONDS 10
#define MAX_INCOMING (4 * 1024)
/* An application close code (4000–4999): the client should log in again. */
#define CLOSE_SESSION_ENDED 4001
/* The portal writes straight to the store, which tells nobody: new
 * writings are looked for this often while someone listens. */
#define PORTAL_POLL_SECONDS 2

typedef struct
{
  DeskWebServer *self;
  SoupWebsocketConnection *conn;
  gint64 user_id;
  gboolean supervisor;
  char *token_hash;
  guint check_id;
  guint expiry_id;
  gulong closed_id;
  gulong message_id;
} EventStream;

/* Who a live call concerns. */
typedef struct
{
  GArray *offered;    /* gint64 user ids its phone rang for */
  gint64 operator_id; /* who has it, 0 before an answer */
} CallWatch;

enum {
  SIGNAL_OFFERED,
  SIGNAL_ANSWERED,
  SIGNAL_HELD,
  SIGNAL_TRANSFERRED,
  SIGNAL_ENDED,
  SIGNAL_WRAPUP_DONE,
  SIGNAL_STATE_CHANGED,
};

static void
call_watch_free (CallWatch *watch)
{
  g_array_unref (watch->offered);
  g_free (watch);
}

static void
stream_free (EventStream *stream)
{
  g_clear_handle_id (&stream->check_id, g_source_remove);
  g_clear_handle_id (&stream->expiry_id, g_source_remove);
  g_clear_signal_handler (&stream->closed_id, stream->conn);
  g_clear_signal_handler (&stream->message_id, stream->conn);
  if (soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (stream->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (stream->conn);
  g_free (stream->token_hash);
  g_free (stream);
}

static void
send_json (EventStream *stream,
           const char  *text)
{
  if (soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (stream->conn, text);
}

/* Sends @builder's message to @user_id's streams, and to every
 * supervisor's when @supervisors. */
static void
send_to (DeskWebServer *self,
         gint64         user_id,
         gboolean       supervisors,
         JsonBuilder   *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  for (guint i = 0; i < self->streams->len; i++)
    {
      EventStream *stream = g_ptr_array_index (self->streams, i);

      if (stream->user_id == user_id || (supervisors && stream->supervisor))
        send_json (stream, text);
    }
}

static void
send_to_all (DeskWebServer *self,
             JsonBuilder   *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  for (guint i = 0; i < self->streams->len; i++)
    send_json (g_ptr_array_index (self->streams, i), text);
}

static JsonBuilder *
message_new (const char *type,
             gint64      call_id)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", type);
  if (call_id)
    desk_web_set_int (builder, "call_id", call_id);
  return builder;
}

static CallWatch *
watch_call (DeskWebServer *self,
            gint64         call_id)
{
  CallWatch *watch = g_hash_table_lookup (self->call_users, &call_id);

  if (watch == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = call_id;
      watch = g_new0 (CallWatch, 1);
      watch->offered = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->call_users, key, watch);
    }
  return watch;
}

static void
add_offered (CallWatch *watch,
             gint64     user_id)
{
  for (guint i = 0; i < watch->offered->len; i++)
    if (g_array_index (watch->offered, gint64, i) == user_id)
      return;
  g_array_append_val (watch->offered, user_id);
}

/* The operator who has the call: from what the stream saw, else from the
 * call's record (a call placed by the operator rings no offer). */
static gint64
call_operator (DeskWebServer *self,
               gint64         call_id)
{
  CallWatch *watch = g_hash_table_lookup (self->call_users, &call_id);
  g_autoptr (DeskCall) call = NULL;

  if (watch && watch->operator_id)
    return watch->operator_id;
  call = desk_store_get_call (_desk_web_store (self), call_id, NULL);
  return call ? call->operator_id : 0;
}

/* The offered contact as /inbox lists it, under "call" or "chat". */
static void
add_live_contact (JsonBuilder  *builder,
                  DeskCallFlow *flow,
                  gint64        user_id,
                  gint64        id,
                  gboolean      chat)
{
  g_autoptr (GPtrArray) live = chat ? desk_call_flow_list_chats (flow, user_id) :
                               desk_call_flow_list_calls (flow, user_id);

  for (guint i = 0; live && i < live->len; i++)
    {
      if (chat && ((DeskLiveChat *) g_ptr_array_index (live, i))->chat_id == id)
        {
          json_builder_set_member_name (builder, "chat");
          _desk_web_add_live_chat (builder, g_ptr_array_index (live, i));
          return;
        }
      if (!chat && ((DeskLiveCall *) g_ptr_array_index (live, i))->call_id == id)
        {
          json_builder_set_member_name (builder, "call");
          _desk_web_add_live_call (builder, g_ptr_array_index (live, i));
          return;
        }
    }
}

static void
on_call_offered (DeskCallFlow *flow,
                 gint64        call_id,
                 gint64        user_id,
                 guint         n_clients,
                 gint64        client_id,
                 gpointer      data)
{
  DeskWebServer *self = data;
  g_autoptr (JsonBuilder) builder = message_new ("call-offered", call_id);

  add_offered (watch_call (self, call_id), user_id);
  desk_web_set_int (builder, "user_id", user_id);
  desk_web_set_string (builder, "client_match", _desk_web_match_word (n_clients));
  desk_web_set_int (builder, "n_clients", n_clients);
  desk_web_set_id (builder, "client_id", client_id);
  add_live_contact (builder, flow, user_id, call_id, FALSE);
  json_builder_end_object (builder);
  send_to (self, user_id, FALSE, builder);
}

static void
on_call_answered (DeskCallFlow *flow,
                  gint64        call_id,
                  gint64        user_id,
                  gpointer      data)
{
  DeskWebServer *self = data;
  CallWatch *watch = watch_call (self, call_id);

  watch->operator_id = user_id;
  /* Every phone that rang learns that the call is taken. */
  add_offered (watch, user_id);
  for (guint i = 0; i < watch->offered->len; i++)
    {
      g_autoptr (JsonBuilder) builder = message_new ("call-answered", call_id);

      desk_web_set_int (builder, "user_id", user_id);
      json_builder_end_object (builder);
      send_to (self, g_array_index (watch->offered, gint64, i), FALSE, builder);
    }
}

static void
on_call_held (DeskCallFlow *flow,
              gint64        call_id,
              gboolean      held,
              gpointer      data)
{
  DeskWebServer *self = data;
  g_autoptr (JsonBuilder) builder = message_new ("call-held", call_id);
  gint64 user_id = call_operator (self, call_id);

  desk_web_set_bool (builder, "held", held);
  json_builder_end_object (builder);
  if (user_id)
    send_to (self, user_id, FALSE, builder);
}

static void
on_call_transferred (DeskCallFlow *flow,
                     gint64        call_id,
                     gint64        from_user,
                     gint64        to_user,
                     gpointer      data)
{
  DeskWebServer *self = data;
  CallWatch *watch = watch_call (self, call_id);
  gint64 users[] = { from_user, to_user };

  watch->operator_id = to_user;
  add_offered (watch, to_user);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr (JsonBuilder) builder = message_new ("call-transferred", call_id);

      desk_web_set_int (builder, "from_user", from_user);
      desk_web_set_int (builder, "to_user", to_user);
      json_builder_end_object (builder);
      send_to (self, users[i], FALSE, builder);
    }
}


static JsonBuilder *chat_message_new (const char *type,
                                      gint64      chat_id);

/* call-ended or chat-ended with @outcome, once to each of @users (the
 * operators it was offered to and the one who had it may repeat). */
static void
send_ended (DeskWebServer *self,
            GArray        *users,
            gboolean       chat,
            gint64         id,
            const char    *outcome)
{
  for (guint i = 0; i < users->len; i++)
    {
      gint64 user_id = g_array_index (users, gint64, i);
      gboolean repeated = FALSE;

      for (guint j = 0; j < i; j++)
        repeated |= g_array_index (users, gint64, j) == user_id;
      if (!repeated)
        {
          g_autoptr (JsonBuilder) builder = chat ? chat_message_new ("chat-ended", id) :
                                            message_new ("call-ended", id);

          desk_web_set_string (builder, "outcome", outcome);
          json_builder_end_object (builder);
          send_to (self, user_id, FALSE, builder);
        }
    }
}

static void
on_call_ended (DeskCallFlow *flow,
               gint64        call_id,
               const char   *outcome,
               gpointer      data)
{
  DeskWebServer *self = data;
  CallWatch *watch = g_hash_table_lookup (self->call_users, &call_id);
  gint64 operator_id = call_operator (self, call_id);
  g_autoptr (GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (watch)
    g_array_append_vals (users, watch->offered->data, watch->offered->len);
  if (operator_id)
    g_array_append_val (users, operator_id);
  send_ended (self, users, FALSE, call_id, outcome);
  g_hash_table_remove (self->call_users, &call_id);
}

static void
on_wrapup_done (DeskCallFlow *flow,
                gint64        call_id,
                gint64        user_id,
                gpointer      data)
{
  g_autoptr (JsonBuilder) builder = message_new ("wrapup-done", call_id);

  desk_web_set_int (builder, "user_id", user_id);
  json_builder_end_object (builder);
  send_to (data, user_id, FALSE, builder);
}

void
_desk_web_events_agent_state (DeskWebServer *self,
                              gint64         user_id)
{
  g_autoptr (JsonBuilder) builder = message_new ("agent-state", 0);

  _desk_web_set_agent_state (builder, desk_office_get_call_flow (self->office), user_id);
  json_builder_end_object (builder);
  send_to (self, user_id, FALSE, builder);
}

static void
on_agent_state_changed (DeskCallFlow *flow,
                        gint64        user_id,
                        const char   *state,
                        gpointer      data)
{
  g_autoptr (JsonBuilder) builder = message_new ("agent-state-changed", 0);

  desk_web_set_int (builder, "user_id", user_id);
  desk_web_set_string (builder, "state", state);
  json_builder_end_object (builder);
  send_to (data, user_id, TRUE, builder);
  _desk_web_events_agent_state (data, user_id);
}

/* Portal requests */

/* Where the stream starts: what waits now is the inbox's to show, only
 * what comes later is news. */
static void
portal_mark (DeskWebServer *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiting = desk_store_list_portal_waiting (_desk_web_store (self), -1, 0,
                                                                  &error);

  if (waiting == NULL)
    {
      g_warning ("Portal requests cannot be followed: %s", error->message);
      return;
    }
  self->portal_seen = 0;
  for (guint i = 0; i < waiting->len; i++)
    self->portal_seen = MAX (self->portal_seen,
                             ((DeskPortalWaiting *) g_ptr_array_index (waiting, i))->event_id);
}

static gboolean
on_portal_poll (gpointer data)
{
  DeskWebServer *self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiting = NULL;

  if (self->streams->len == 0)
    {
      self->portal_seen = -1;
      return G_SOURCE_CONTINUE;
    }
  if (self->portal_seen < 0)
    {
      portal_mark (self);
      return G_SOURCE_CONTINUE;
    }
  waiting = desk_store_list_portal_waiting (_desk_web_store (self), -1, self->portal_seen, &error);
  if (waiting == NULL)
    {
      g_debug ("Portal requests were not read: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      DeskPortalWaiting *one = g_ptr_array_index (waiting, i);
      g_autoptr (JsonBuilder) builder = message_new ("portal-message", 0);

      _desk_web_set_portal_waiting (builder, one);
      desk_web_set_id (builder, "owner_id", one->owner_id);
      json_builder_end_object (builder);
      if (one->owner_id)
        send_to (self, one->owner_id, FALSE, builder);
      else
        send_to_all (self, builder);
      self->portal_seen = MAX (self->portal_seen, one->event_id);
    }
  return G_SOURCE_CONTINUE;
}

/* Chats (the widget's visitors). A chat is watched like a call, in the
 * same table under its negated id (chat and call ids are both positive):
 * chat-offered goes to the operator offered it; chat-answered and
 * chat-ended to everyone it was offered to; the visitor's messages,
 * typing and read marks to the operator who has the chat (or, before an
 * answer, to those it is offered to). */

static gint64
chat_key (gint64 chat_id)
{
  return -chat_id;
}

static void
send_to_chat (DeskWebServer *self,
              gint64         chat_id,
              JsonBuilder   *builder)
{
  gint64 key = chat_key (chat_id);
  CallWatch *watch = g_hash_table_lookup (self->call_users, &key);
  g_autoptr (DeskChat) chat = NULL;
  gint64 operator_id = watch ? watch->operator_id : 0;

  if (operator_id == 0 && (watch == NULL || watch->offered->len == 0))
    {
      chat = desk_store_get_chat (_desk_web_store (self), chat_id, NULL);
      operator_id = chat ? chat->operator_id : 0;
    }
  if (operator_id)
    send_to (self, operator_id, FALSE, builder);
  else if (watch)
    for (guint i = 0; i < watch->offered->len; i++)
      send_to (self, g_array_index (watch->offered, gint64, i), FALSE, builder);
}

static JsonBuilder *
chat_message_new (const char *type,
                  gint64      chat_id)
{
  JsonBuilder *builder = message_new (type, 0);

  desk_web_set_int (builder, "chat_id", chat_id);
  return builder;
}

static void
on_chat_offered (DeskCallFlow *flow,
                 gint64        chat_id,
                 gint64        user_id,
                 gpointer      data)
{
  DeskWebServer *self = data;
  g_autoptr (JsonBuilder) builder = chat_message_new ("chat-offered", chat_id);
  g_autoptr (DeskChat) chat = desk_store_get_chat (_desk_web_store (self), chat_id, NULL);

  add_offered (watch_call (self, chat_key (chat_id)), user_id);
  desk_web_set_int (builder, "user_id", user_id);
  desk_web_set_string (builder, "visitor_name", chat ? chat->visitor_name : NULL);
  desk_web_set_string (builder, "visitor_contact", chat ? chat->visitor_contact : NULL);
  desk_web_set_id (builder, "client_id", chat ? chat->client_id : 0);
  desk_web_set_id (builder, "queue_id", chat ? chat->queue_id : 0);
  add_live_contact (builder, flow, user_id, chat_id, TRUE);
  json_builder_end_object (builder);
  send_to (self, user_id, FALSE, builder);
}

static void
on_chat_answered (DeskCallFlow *flow,
                  gint64        chat_id,
                  gint64        user_id,
                  gpointer      data)
{
  DeskWebServer *self = data;
  CallWatch *watch = watch_call (self, chat_key (chat_id));

  add_offered (watch, user_id);
  for (guint i = 0; i < watch->offered->len; i++)
    {
      g_autoptr (JsonBuilder) builder = chat_message_new ("chat-answered", chat_id);

      desk_web_set_int (builder, "user_id", user_id);
      json_builder_end_object (builder);
      send_to (self, g_array_index (watch->offered, gint64, i), FALSE, builder);
    }
  watch->operator_id = user_id;
}

static void
on_chat_message (DeskCallFlow *flow,
                 gint64        chat_id,
                 gint64        message_id,
                 const char   *sender,
                 gpointer      data)
{
  DeskWebServer *self = data;
  /* The message alone, not the whole transcript again. */
  g_autoptr (GPtrArray) messages = desk_store_list_chat_messages_after (_desk_web_store (self),
                                                                        chat_id, message_id - 1,
                                                                        NULL);
  g_autoptr (JsonBuilder) builder = NULL;

  for (guint i = 0; messages && i < messages->len; i++)
    {
      DeskChatMessage *message = g_ptr_array_index (messages, i);

      if (message->id != message_id)
        continue;
      builder = chat_message_new ("chat-message", chat_id);
      json_builder_set_member_name (builder, "message");
      json_builder_begin_object (builder);
      desk_web_set_int (builder, "id", message->id);
      desk_web_set_string (builder, "sender", sender);
      desk_web_set_string (builder, "body", message->body);
      desk_web_set_int (builder, "at", message->at);
      desk_web_set_id (builder, "operator_id", message->operator_id);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      send_to_chat (self, chat_id, builder);
      return;
    }
}

static void
on_chat_typing (DeskCallFlow *flow,
                gint64        chat_id,
                const char   *who,
                gboolean      typing,
                gpointer      data)
{
  g_autoptr (JsonBuilder) builder = NULL;

  if (g_strcmp0 (who, "visitor") != 0)
    return;
  builder = chat_message_new ("chat-typing", chat_id);
  desk_web_set_bool (builder, "typing", typing);
  json_builder_end_object (builder);
  send_to_chat (data, chat_id, builder);
}

static void
on_chat_read (DeskCallFlow *flow,
              gint64        chat_id,
              const char   *reader,
              gint64        up_to,
              gpointer      data)
{
  g_autoptr (JsonBuilder) builder = NULL;

  if (g_strcmp0 (reader, "visitor") != 0)
    return;
  builder = chat_message_new ("chat-read", chat_id);
  desk_web_set_int (builder, "up_to", up_to);
  json_builder_end_object (builder);
  send_to_chat (data, chat_id, builder);
}

static void
on_chat_ended (DeskCallFlow *flow,
               gint64        chat_id,
               const char   *outcome,
               gpointer      data)
{
  DeskWebServer *self = data;
  gint64 key = chat_key (chat_id);
  CallWatch *watch = g_hash_table_lookup (self->call_users, &key);
  g_autoptr (GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (watch)
    {
      g_array_append_vals (users, watch->offered->data, watch->offered->len);
      if (watch->operator_id)
        g_array_append_val (users, watch->operator_id);
    }
  send_ended (self, users, TRUE, chat_id, outcome);
  g_hash_table_remove (self->call_users, &key);
}

/* chat-transferred goes to the operator who let the chat go; whoever
 * is offered it next is told by chat-offered, and the visitor's words go
 * to them from now on. */
static void
on_chat_transferred (DeskCallFlow *flow,
                     gint64        chat_id,
                     gint64        from_user,
                     gint64        to_user,
                     gpointer      data)
{
  DeskWebServer *self = data;
  gint64 key = chat_key (chat_id);
  CallWatch *watch = g_hash_table_lookup (self->call_users, &key);
  g_autoptr (JsonBuilder) builder = chat_message_new ("chat-transferred", chat_id);

  if (watch)
    {
      watch->operator_id = 0;
      g_array_set_size (watch->offered, 0);
    }
  desk_web_set_int (builder, "from_user_id", from_user);
  desk_web_set_id (builder, "to_user_id", to_user);
  json_builder_end_object (builder);
  send_to (self, from_user, FALSE, builder);
}

static void
disconnect_flow (DeskWebServer *self)
{
  if (self->flow == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->flow_handlers); i++)
    g_clear_signal_handler (&self->flow_handlers[i], self->flow);
  /* The chat signals (their ids are not kept): everything of ours. */
  g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_object (&self->flow);
  g_hash_table_remove_all (self->call_users);
}

/* Follows the office's call flow; it exists only while telephony runs. */
static void
follow_flow (DeskWebServer *self)
{
  DeskCallFlow *flow = desk_office_get_call_flow (self->office);

  if (flow == self->flow)
    return;
  disconnect_flow (self);
  if (flow == NULL)
    return;
  self->flow = g_object_ref (flow);
  self->flow_handlers[SIGNAL_OFFERED] =
    g_signal_connect (flow, "call-offered", G_CALLBACK (on_call_offered), self);
  self->flow_handlers[SIGNAL_ANSWERED] =
    g_signal_connect (flow, "call-answered", G_CALLBACK (on_call_answered), self);
  self->flow_handlers[SIGNAL_HELD] =
    g_signal_connect (flow, "call-held", G_CALLBACK (on_call_held), self);
  self->flow_handlers[SIGNAL_TRANSFERRED] =
    g_signal_connect (flow, "call-transferred", G_CALLBACK (on_call_transferred), self);
  self->flow_handlers[SIGNAL_ENDED] =
    g_signal_connect (flow, "call-ended", G_CALLBACK (on_call_ended), self);
  self->flow_handlers[SIGNAL_WRAPUP_DONE] =
    g_signal_connect (flow, "wrapup-done", G_CALLBACK (on_wrapup_done), self);
  self->flow_handlers[SIGNAL_STATE_CHANGED] =
    g_signal_connect (flow, "agent-state-changed", G_CALLBACK (on_agent_state_changed), self);
  g_signal_connect (flow, "chat-offered", G_CALLBACK (on_chat_offered), self);
  g_signal_connect (flow, "chat-answered", G_CALLBACK (on_chat_answered), self);
  g_signal_connect (flow, "chat-message", G_CALLBACK (on_chat_message), self);
  g_signal_connect (flow, "chat-typing", G_CALLBACK (on_chat_typing), self);
  g_signal_connect (flow, "chat-read", G_CALLBACK (on_chat_read), self);
  g_signal_connect (flow, "chat-ended", G_CALLBACK (on_chat_ended), self);
  g_signal_connect (flow, "chat-transferred", G_CALLBACK (on_chat_transferred), self);
}

/* Streams */

static void
end_stream (EventStream *stream,
            const char  *why)
{
  g_clear_handle_id (&stream->check_id, g_source_remove);
  g_clear_handle_id (&stream->expiry_id, g_source_remove);
  if (soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (stream->conn, CLOSE_SESSION_ENDED, why);
}

static void
on_stream_closed (SoupWebsocketConnection *conn,
                  gpointer                 data)
{
  EventStream *stream = data;

  g_ptr_array_remove_fast (stream->self->streams, stream);
}

/* The stream only sends; anything a client says is ignored. */
static void
on_stream_message (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 data)
{
}

static gboolean
on_stream_expired (gpointer data)
{
  EventStream *stream = data;

  stream->expiry_id = 0;
  end_stream (stream, _("Your session has ended; log in again"));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stream_check (gpointer data)
{
  EventStream *stream = data;

  if (_desk_web_session_is_live (stream->self, stream->token_hash, NULL))
    return G_SOURCE_CONTINUE;
  stream->check_id = 0;
  end_stream (stream, _("Your session has ended; log in again"));
  return G_SOURCE_REMOVE;
}

static void
on_events_request (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           data)
{
  DeskWebServer *self = data;
  g_autoptr (GError) error = NULL;
  char *token_hash = NULL;
  DeskUser *user;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET here"));
      return;
    }
  user = _desk_web_require_user (self, msg, query, DESK_ROLE_OPERATOR, &token_hash);
  if (user == NULL)
    return;
  g_object_set_data_full (G_OBJECT (msg), "desk-web-user", user, (GDestroyNotify) desk_user_free);
  g_object_set_data_full (G_OBJECT (msg), "desk-web-token-hash", token_hash, g_free);
  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      desk_web_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Open this address as a WebSocket"));
      return;
    }
  /* No status set: libsoup answers the handshake and calls on_events_open. */
}

static void
on_events_open (SoupServer              *server,
                SoupServerMessage       *msg,
                const char              *path,
                SoupWebsocketConnection *conn,
                gpointer                 data)
{
  DeskWebServer *self = data;
  DeskUser *user = g_object_get_data (G_OBJECT (msg), "desk-web-user");
  const char *token_hash = g_object_get_data (G_OBJECT (msg), "desk-web-token-hash");
  g_autoptr (JsonBuilder) hello = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  EventStream *stream;
  gint64 expires_at = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (user == NULL || token_hash == NULL ||
      !_desk_web_session_is_live (self, token_hash, &expires_at))
    {
      soup_websocket_connection_close (conn, CLOSE_SESSION_ENDED, NULL);
      return;
    }
  follow_flow (self);

  stream = g_new0 (EventStream, 1);
  stream->self = self;
  stream->conn = g_object_ref (conn);
  stream->user_id = user->id;
  stream->supervisor = _desk_web_is_supervisor (user);
  stream->token_hash = g_strdup (token_hash);
  soup_websocket_connection_set_keepalive_interval (conn, PING_SECONDS);
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING);
  stream->closed_id = g_signal_connect (conn, "closed", G_CALLBACK (on_stream_closed), stream);
  stream->message_id = g_signal_connect (conn, "message", G_CALLBACK (on_stream_message), stream);
  stream->check_id = g_timeout_add_seconds (CHECK_SECONDS, on_stream_check, stream);
  stream->expiry_id = g_timeout_add_seconds ((guint) CLAMP (expires_at - now, 1, G_MAXUINT / 2),
                                             on_stream_expired, stream);
  g_ptr_array_add (self->streams, stream);

  if (self->portal_seen < 0)
    portal_mark (self);

  hello = message_new ("hello", 0);
  json_builder_set_member_name (hello, "user");
  _desk_web_add_user (hello, user);
  _desk_web_set_agent_state (hello, self->flow, user->id);
  desk_web_set_int (hello, "expires_at", expires_at);
  json_builder_end_object (hello);
  node = json_builder_get_root (hello);
  text = json_to_string (node, FALSE);
  send_json (stream, text);
}

void
_desk_web_events_end_session (DeskWebServer *self,
                              const char    *token_hash)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      EventStream *stream = g_ptr_array_index (self->streams, i);

      if (token_hash == NULL || g_str_equal (stream->token_hash, token_hash))
        end_stream (stream, _("You have logged out"));
    }
}

/* Whether @user_id has an open event stream of a session other than
 * @except_token_hash (NULL: any): an agent window still open. */
gboolean
_desk_web_events_user_connected (DeskWebServer *self,
                                 gint64         user_id,
                                 const char    *except_token_hash)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      EventStream *stream = g_ptr_array_index (self->streams, i);

      if (stream->user_id == user_id &&
          soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN &&
          (except_token_hash == NULL || !g_str_equal (stream->token_hash, except_token_hash)))
        return TRUE;
    }
  return FALSE;
}

void
_desk_web_events_init (DeskWebServer *self)
{
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  self->call_users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify) call_watch_free);
  soup_server_add_handler (self->server, EVENTS_PATH, on_events_request, self, NULL);
  soup_server_add_websocket_handler (self->server, EVENTS_PATH, NULL, NULL, on_events_open, self,
                                     NULL);
  follow_flow (self);
  self->portal_seen = -1;
  self->portal_poll_id = g_timeout_add_seconds (PORTAL_POLL_SECONDS, on_portal_poll, self);
}

void
_desk_web_events_dispose (DeskWebServer *self)
{
  g_clear_handle_id (&self->portal_poll_id, g_source_remove);
  disconnect_flow (self);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->call_users, g_hash_table_unref);
}
