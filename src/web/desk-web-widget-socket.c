/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-widget"

#include "config.h"

#include "desk-web-widget-private.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-web-json.h"

#include <string.h>

/*
 * The visitor's WebSocket: one per open widget (a chat may be open in a
 * few tabs). Frames are small JSON objects with a "type".
 *
 * From the widget:
 *   {"type": "message", "body", "ref"}   ref: the widget's own id for it
 *   {"type": "typing", "typing": bool}
 *   {"type": "read", "up_to": id}
 *   {"type": "hand_off"}                 "talk to a person"
 *   {"type": "end"}
 *
 * To the widget:
 *   {"type": "hello", "chat_id", "state": "open"|"ended", "operator", "rated",
 *    "read_up_to"}
 *   {"type": "message", "id", "sender", "body", "at", "operator", "read", "ref"}
 *   {"type": "typing", "typing"}          the operator types
 *   {"type": "read", "up_to"}             the operator read the visitor's messages
 *   {"type": "waiting", "position", "wait_seconds"}
 *   {"type": "answered", "operator"}
 *   {"type": "ended", "outcome"}
 *   {"type": "error", "code", "message", "ref"}
 *
 * Messages always come from the store's transcript: on opening the
 * socket sends everything after the widget's newest id ("after"), and on
 * every new message everything after the socket's newest, so a reconnect
 * never loses or repeats one.
 */

/* The chat's open sockets, or NULL. */
static GPtrArray *
chat_sockets (DeskWidget *widget,
              gint64      chat_id)
{
  return g_hash_table_lookup (widget->sockets, &chat_id);
}

static void
send_builder (DeskWidgetSocket *socket,
              JsonBuilder      *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  if (soup_websocket_connection_get_state (socket->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (socket->conn, text);
}

static void
send_error (DeskWidgetSocket *socket,
            const char       *code,
            const char       *message,
            const char       *ref)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "error");
  desk_web_set_string (builder, "code", code);
  desk_web_set_string (builder, "message", message);
  if (ref)
    desk_web_set_string (builder, "ref", ref);
  json_builder_end_object (builder);
  send_builder (socket, builder);
}

static void
send_gerror (DeskWidgetSocket *socket,
             const GError     *error,
             const char       *ref)
{
  const char *code = "failed";

  if (error->domain == DESK_ERROR)
    switch (error->code)
      {
      case DESK_ERROR_INVALID: code = "invalid"; break;
      case DESK_ERROR_NOT_FOUND: code = "ended"; break;
      case DESK_ERROR_LIMIT: code = "limit"; break;
      case DESK_ERROR_FORBIDDEN: code = "forbidden"; break;
      case DESK_ERROR_CONFLICT: code = "conflict"; break;
      default: break;
      }
  if (error->domain == DESK_ERROR && error->code != DESK_ERROR_STORE)
    send_error (socket, code, error->message, ref);
  else
    {
      g_message ("A widget request failed: %s", error->message);
      send_error (socket, "failed", _("The server could not do this; see its log"), ref);
    }
}

static char *
operator_name (DeskWidget *widget,
               gint64      user_id)
{
  g_autoptr (DeskUser) user = NULL;

  if (user_id <= 0)
    return NULL;
  user = desk_store_get_user (_desk_widget_store (widget), user_id, NULL);
  return user ? g_strdup (user->display_name) : NULL;
}

void
_desk_widget_add_message (DeskWidget            *widget,
                          JsonBuilder           *builder,
                          const DeskChatMessage *message)
{
  g_autofree char *name = operator_name (widget, message->operator_id);

  desk_web_set_int (builder, "id", message->id);
  desk_web_set_nick (builder, "sender", DESK_TYPE_CHAT_SENDER, message->sender);
  desk_web_set_string (builder, "body", message->body);
  desk_web_set_int (builder, "at", message->at);
  desk_web_set_string (builder, "operator", name);
  desk_web_set_bool (builder, "read", message->read_at > 0);
}

/* Sends the messages the socket has not had yet; @ref goes with message
 * @ref_id (the visitor's own, just posted from this socket). */
static void
flush (DeskWidgetSocket *socket,
       GPtrArray        *messages,
       gint64            ref_id,
       const char       *ref)
{
  for (guint i = 0; i < messages->len; i++)
    {
      DeskChatMessage *message = g_ptr_array_index (messages, i);
      g_autoptr (JsonBuilder) builder = NULL;

      if (message->id <= socket->last_sent)
        continue;
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      desk_web_set_string (builder, "type", "message");
      _desk_widget_add_message (socket->widget, builder, message);
      if (ref && message->id == ref_id)
        desk_web_set_string (builder, "ref", ref);
      json_builder_end_object (builder);
      send_builder (socket, builder);
      socket->last_sent = message->id;
    }
}

static void
send_simple (DeskWidget *widget,
             gint64      chat_id,
             JsonBuilder *builder)
{
  GPtrArray *sockets = chat_sockets (widget, chat_id);

  for (guint i = 0; sockets && i < sockets->len; i++)
    send_builder (g_ptr_array_index (sockets, i), builder);
}

/* Flow signals */

static void
on_chat_message (DeskCallFlow *flow,
                 gint64        chat_id,
                 gint64        message_id,
                 const char   *sender,
                 DeskWidget   *widget)
{
  GPtrArray *sockets = chat_sockets (widget, chat_id);
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GError) error = NULL;
  gint64 after = G_MAXINT64;

  if (sockets == NULL)
    return;
  /* Only what some socket has not had: usually this one message. */
  for (guint i = 0; i < sockets->len; i++)
    after = MIN (after, ((DeskWidgetSocket *) g_ptr_array_index (sockets, i))->last_sent);
  messages = desk_store_list_chat_messages_after (_desk_widget_store (widget), chat_id, after,
                                                  &error);
  if (messages == NULL)
    {
      g_warning ("Chat %" G_GINT64_FORMAT "'s transcript was not read: %s", chat_id,
                 error->message);
      return;
    }
  for (guint i = 0; i < sockets->len; i++)
    {
      DeskWidgetSocket *socket = g_ptr_array_index (sockets, i);

      flush (socket, messages, message_id,
             g_strcmp0 (sender, "visitor") == 0 ? socket->pending_ref : NULL);
    }
}

static void
on_chat_typing (DeskCallFlow *flow,
                gint64        chat_id,
                const char   *who,
                gboolean      typing,
                DeskWidget   *widget)
{
  g_autoptr (JsonBuilder) builder = NULL;

  if (g_strcmp0 (who, "operator") != 0)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "typing");
  desk_web_set_bool (builder, "typing", typing);
  json_builder_end_object (builder);
  send_simple (widget, chat_id, builder);
}

static void
on_chat_read (DeskCallFlow *flow,
              gint64        chat_id,
              const char   *reader,
              gint64        up_to,
              DeskWidget   *widget)
{
  g_autoptr (JsonBuilder) builder = NULL;

  if (g_strcmp0 (reader, "operator") != 0)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "read");
  desk_web_set_int (builder, "up_to", up_to);
  json_builder_end_object (builder);
  send_simple (widget, chat_id, builder);
}

static void
on_chat_waiting (DeskCallFlow *flow,
                 gint64        chat_id,
                 guint         position,
                 int           ewt_seconds,
                 DeskWidget   *widget)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "waiting");
  desk_web_set_int (builder, "position", position);
  json_builder_set_member_name (builder, "wait_seconds");
  if (ewt_seconds >= 0)
    json_builder_add_int_value (builder, ewt_seconds);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  send_simple (widget, chat_id, builder);
}

static void
on_chat_answered (DeskCallFlow *flow,
                  gint64        chat_id,
                  gint64        user_id,
                  DeskWidget   *widget)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = operator_name (widget, user_id);

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "answered");
  desk_web_set_string (builder, "operator", name);
  json_builder_end_object (builder);
  send_simple (widget, chat_id, builder);
}

static void
on_chat_ended (DeskCallFlow *flow,
               gint64        chat_id,
               const char   *outcome,
               DeskWidget   *widget)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "ended");
  desk_web_set_string (builder, "outcome", outcome);
  json_builder_end_object (builder);
  send_simple (widget, chat_id, builder);
  /* The sockets stay open until the widget closes them: the chat's last
   * words may still be on their way, and the rating goes over HTTP. */
}

/* The visitor's frames */

static gboolean
allow (DeskWebLimiter   *limiter,
       DeskWidgetSocket *socket)
{
  return desk_web_limiter_allow (limiter, socket->address, g_get_monotonic_time ());
}

static void
handle_frame (DeskWidgetSocket *socket,
              JsonObject       *frame)
{
  DeskWidget *widget = socket->widget;
  DeskCallFlow *flow = widget->flow;
  g_autoptr (GError) error = NULL;
  const char *type = desk_web_get_string (frame, "type");
  const char *ref = desk_web_get_string (frame, "ref");

  if (ref && (strlen (ref) > 64 || !g_utf8_validate (ref, -1, NULL)))
    ref = NULL;
  if (type == NULL)
    {
      send_error (socket, "invalid", _("A frame needs a type"), ref);
      return;
    }
  if (flow == NULL)
    {
      send_error (socket, "unavailable", _("The office's telephony is not running"), ref);
      return;
    }

  if (g_str_equal (type, "message"))
    {
      const char *body = NULL;

      if (!allow (widget->message_limiter, socket))
        {
          send_error (socket, "rate_limited",
                      _("Too many messages; please wait a moment"), ref);
          return;
        }
      if (!desk_web_member_string (frame, "body", TRUE, &body, &error))
        {
          send_gerror (socket, error, ref);
          return;
        }
      socket->pending_ref = ref;
      if (desk_call_flow_chat_post (flow, socket->chat_id, DESK_CHAT_SENDER_VISITOR, 0, body,
                                    &error) <= 0)
        send_gerror (socket, error, ref);
      socket->pending_ref = NULL;
    }
  else if (g_str_equal (type, "typing"))
    {
      gboolean typing = FALSE;

      /* Typing marks are hints: over the limit they are dropped quietly. */
      if (!allow (widget->typing_limiter, socket) ||
          !desk_web_member_bool (frame, "typing", FALSE, &typing, NULL))
        return;
      desk_call_flow_chat_typing (flow, socket->chat_id, DESK_CHAT_SENDER_VISITOR, typing, NULL);
    }
  else if (g_str_equal (type, "read"))
    {
      gint64 up_to = 0;

      if (!allow (widget->typing_limiter, socket) ||
          !desk_web_member_int (frame, "up_to", TRUE, &up_to, NULL) || up_to <= 0)
        return;
      desk_call_flow_chat_read (flow, socket->chat_id, DESK_CHAT_SENDER_VISITOR, up_to, NULL);
    }
  else if (g_str_equal (type, "hand_off"))
    {
      if (!allow (widget->message_limiter, socket))
        send_error (socket, "rate_limited", _("Too many messages; please wait a moment"), ref);
      else if (!desk_call_flow_chat_hand_off (flow, socket->chat_id, &error))
        send_gerror (socket, error, ref);
    }
  else if (g_str_equal (type, "end"))
    {
      if (!desk_call_flow_chat_end (flow, socket->chat_id, DESK_CHAT_SENDER_VISITOR, 0, &error))
        send_gerror (socket, error, ref);
    }
  else
    send_error (socket, "invalid", _("Unknown frame type"), ref);
}

static void
on_socket_message (SoupWebsocketConnection *conn,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   DeskWidgetSocket        *socket)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  JsonNode *root;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_error (socket, "invalid", _("A frame is one JSON object"), NULL);
      return;
    }
  handle_frame (socket, json_node_get_object (root));
}

static void
socket_free (DeskWidgetSocket *socket)
{
  g_clear_signal_handler (&socket->message_handler, socket->conn);
  g_clear_signal_handler (&socket->closed_handler, socket->conn);
  if (soup_websocket_connection_get_state (socket->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (socket->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&socket->conn);
  g_free (socket->address);
  g_free (socket);
}

typedef struct
{
  DeskWidget *widget;
  gint64 chat_id;
} Abandon;

static gboolean
on_abandoned (gpointer data)
{
  Abandon *abandon = data;
  DeskWidget *widget = abandon->widget;

  /* The timer's entry goes first: ending the chat emits signals. */
  g_hash_table_remove (widget->abandon_timers, &abandon->chat_id);
  if (widget->flow && _desk_widget_count_sockets (widget, abandon->chat_id) == 0)
    desk_call_flow_chat_end (widget->flow, abandon->chat_id, DESK_CHAT_SENDER_VISITOR, 0, NULL);
  return G_SOURCE_REMOVE;
}

static void
watch_abandon (DeskWidget *widget,
               gint64      chat_id)
{
  Abandon *abandon;
  gint64 *key;
  guint id;

  if (g_hash_table_contains (widget->abandon_timers, &chat_id))
    return;
  abandon = g_new0 (Abandon, 1);
  abandon->widget = widget;
  abandon->chat_id = chat_id;
  id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, DESK_WIDGET_ABANDON_SECONDS, on_abandoned,
                                   abandon, g_free);
  key = g_new (gint64, 1);
  *key = chat_id;
  g_hash_table_insert (widget->abandon_timers, key, GUINT_TO_POINTER (id));
}

static void
unwatch_abandon (DeskWidget *widget,
                 gint64      chat_id)
{
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (widget->abandon_timers, &chat_id));

  if (id == 0)
    return;
  g_source_remove (id);
  g_hash_table_remove (widget->abandon_timers, &chat_id);
}

static void
on_socket_closed (SoupWebsocketConnection *conn,
                  DeskWidgetSocket        *socket)
{
  DeskWidget *widget = socket->widget;
  gint64 chat_id = socket->chat_id;
  GPtrArray *sockets = chat_sockets (widget, chat_id);

  /* The array owns the socket: removing it frees it. */
  g_ptr_array_remove (sockets, socket);
  if (sockets->len == 0)
    {
      g_hash_table_remove (widget->sockets, &chat_id);
      watch_abandon (widget, chat_id);
    }
}

guint
_desk_widget_count_sockets (DeskWidget *widget,
                            gint64      chat_id)
{
  GPtrArray *sockets = chat_sockets (widget, chat_id);

  return sockets ? sockets->len : 0;
}

void
_desk_widget_socket_open (DeskWidget              *widget,
                          SoupWebsocketConnection *conn,
                          gint64                   chat_id,
                          gint64                   after,
                          const char              *address)
{
  DeskWidgetSocket *socket = g_new0 (DeskWidgetSocket, 1);
  GPtrArray *sockets = chat_sockets (widget, chat_id);
  g_autoptr (DeskChat) chat = desk_store_get_chat (_desk_widget_store (widget), chat_id, NULL);
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = NULL;
  gint64 read_up_to = 0;

  unwatch_abandon (widget, chat_id);
  socket->widget = widget;
  socket->conn = g_object_ref (conn);
  socket->chat_id = chat_id;
  socket->address = g_strdup (address);
  socket->last_sent = MAX (after, 0);
  soup_websocket_connection_set_max_incoming_payload_size (conn, DESK_WIDGET_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (conn, 25);
  socket->message_handler = g_signal_connect (conn, "message", G_CALLBACK (on_socket_message),
                                              socket);
  socket->closed_handler = g_signal_connect (conn, "closed", G_CALLBACK (on_socket_closed),
                                             socket);
  if (sockets == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = chat_id;
      sockets = g_ptr_array_new_with_free_func ((GDestroyNotify) socket_free);
      g_hash_table_insert (widget->sockets, key, sockets);
    }
  g_ptr_array_add (sockets, socket);

  messages = desk_store_list_chat_messages (_desk_widget_store (widget), chat_id, NULL);
  for (guint i = 0; messages && i < messages->len; i++)
    {
      DeskChatMessage *message = g_ptr_array_index (messages, i);

      if (message->sender == DESK_CHAT_SENDER_VISITOR && message->read_at > 0)
        read_up_to = message->id;
    }
  name = chat ? operator_name (widget, chat->operator_id) : NULL;
  json_builder_begin_object (builder);
  desk_web_set_string (builder, "type", "hello");
  desk_web_set_int (builder, "chat_id", chat_id);
  desk_web_set_string (builder, "state", chat == NULL || chat->ended_at ? "ended" : "open");
  desk_web_set_string (builder, "operator", name);
  desk_web_set_bool (builder, "rated", chat && chat->csat > 0);
  desk_web_set_int (builder, "read_up_to", read_up_to);
  json_builder_end_object (builder);
  send_builder (socket, builder);

  if (messages)
    flush (socket, messages, 0, NULL);
}

void
_desk_widget_sockets_init (DeskWidget *widget)
{
  widget->abandon_timers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  widget->sockets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  if (widget->flow == NULL)
    return;
  widget->handlers[0] = g_signal_connect (widget->flow, "chat-message",
                                          G_CALLBACK (on_chat_message), widget);
  widget->handlers[1] = g_signal_connect (widget->flow, "chat-typing",
                                          G_CALLBACK (on_chat_typing), widget);
  widget->handlers[2] = g_signal_connect (widget->flow, "chat-read",
                                          G_CALLBACK (on_chat_read), widget);
  widget->handlers[3] = g_signal_connect (widget->flow, "chat-waiting",
                                          G_CALLBACK (on_chat_waiting), widget);
  widget->handlers[4] = g_signal_connect (widget->flow, "chat-answered",
                                          G_CALLBACK (on_chat_answered), widget);
  widget->handlers[5] = g_signal_connect (widget->flow, "chat-ended",
                                          G_CALLBACK (on_chat_ended), widget);
}

void
_desk_widget_sockets_free (DeskWidget *widget)
{
  for (guint i = 0; i < G_N_ELEMENTS (widget->handlers); i++)
    if (widget->flow)
      g_clear_signal_handler (&widget->handlers[i], widget->flow);
  if (widget->abandon_timers)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, widget->abandon_timers);
      while (g_hash_table_iter_next (&iter, NULL, &id))
        g_source_remove (GPOINTER_TO_UINT (id));
      g_clear_pointer (&widget->abandon_timers, g_hash_table_unref);
    }
  g_clear_pointer (&widget->sockets, g_hash_table_unref);
}
