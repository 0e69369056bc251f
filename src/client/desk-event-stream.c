/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-event-stream"

#include "desk-i18n.h"
#include "desk-event-stream.h"
#include "desk-error.h"

#define MAX_BACKOFF_SECONDS 30
/* The server closes with this when the session is over (desk-web-events.c). */
#define CLOSE_SESSION_ENDED 4001

/**
 * DeskEventStream:
 *
 * The agent's live feed of calls, chats and state changes.
 */
struct _DeskEventStream
{
  GObject parent_instance;

  DeskApiClient *client;
  SoupWebsocketConnection *conn;
  GCancellable *cancellable;
  guint retry_id;
  guint backoff;
  gboolean running;
  gboolean connected;
  gboolean was_connected;
};

G_DEFINE_FINAL_TYPE (DeskEventStream, desk_event_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_RECONNECTED,
  SIGNAL_ENDED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void open_socket (DeskEventStream *self);

static void
set_connected (DeskEventStream *self,
               gboolean         connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONNECTED]);
}

static void
end (DeskEventStream *self,
     GError          *reason)
{
  self->running = FALSE;
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, reason);
}

static void
clear_socket (DeskEventStream *self)
{
  if (self->conn == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->conn, self);
  if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->conn);
}

static gboolean
on_retry (gpointer data)
{
  DeskEventStream *self = data;

  self->retry_id = 0;
  open_socket (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (DeskEventStream *self)
{
  if (!self->running || self->retry_id)
    return;
  g_debug ("Event stream: retrying in %u s", self->backoff);
  self->retry_id = g_timeout_add_seconds (self->backoff, on_retry, self);
  self->backoff = MIN (self->backoff * 2, MAX_BACKOFF_SECONDS);
}

static void
on_message (SoupWebsocketConnection *conn,
            SoupWebsocketDataType    type,
            GBytes                  *bytes,
            gpointer                 data)
{
  DeskEventStream *self = data;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;
  JsonObject *message;
  const char *kind;

  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Event stream: ignoring a message that is not a JSON object");
      return;
    }
  message = json_node_get_object (root);
  kind = json_object_get_string_member_with_default (message, "type", NULL);
  if (kind == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_MESSAGE], g_quark_try_string (kind), kind, message);
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 data)
{
  g_autoptr (DeskEventStream) self = g_object_ref (data);
  gushort code = soup_websocket_connection_get_close_code (conn);

  clear_socket (self);
  set_connected (self, FALSE);
  if (!self->running)
    return;
  if (code == CLOSE_SESSION_ENDED)
    {
      g_autoptr (GError) reason = g_error_new_literal (DESK_CLIENT_ERROR,
                                                       DESK_CLIENT_ERROR_SESSION_ENDED,
                                                       _("Your session has ended; log in again"));
      end (self, reason);
      return;
    }
  schedule_retry (self);
}

static void
on_socket_open (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (DeskEventStream) self = data;
  g_autoptr (GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = desk_api_client_websocket_finish (DESK_API_CLIENT (source), result, &error);
  if (conn == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A refused token or a changed certificate does not heal by waiting. */
      if (g_error_matches (error, DESK_ERROR, DESK_ERROR_AUTH) ||
          g_error_matches (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED))
        {
          g_autoptr (GError) reason = NULL;

          if (error->domain == DESK_ERROR)
            reason = g_error_new_literal (DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_SESSION_ENDED,
                                          error->message);
          end (self, reason ? reason : error);
          return;
        }
      g_debug ("Event stream: %s", error->message);
      schedule_retry (self);
      return;
    }
  if (!self->running)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (conn);
      return;
    }
  self->conn = conn;
  self->backoff = 1;
  g_signal_connect (conn, "message", G_CALLBACK (on_message), self);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), self);
  set_connected (self, TRUE);
  if (self->was_connected)
    g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
  self->was_connected = TRUE;
}

static void
open_socket (DeskEventStream *self)
{
  if (!self->running || self->conn)
    return;
  desk_api_client_websocket_async (self->client, "/events", self->cancellable, on_socket_open,
                                   g_object_ref (self));
}

static void
desk_event_stream_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeskEventStream *self = DESK_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_event_stream_dispose (GObject *object)
{
  DeskEventStream *self = DESK_EVENT_STREAM (object);

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  clear_socket (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (desk_event_stream_parent_class)->dispose (object);
}

static void
desk_event_stream_class_init (DeskEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_event_stream_get_property;
  object_class->dispose = desk_event_stream_dispose;

  props[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* Detailed by the message type: "message::call-offered". */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
desk_event_stream_init (DeskEventStream *self)
{
  self->cancellable = g_cancellable_new ();
  self->backoff = 1;
}

DeskEventStream *
desk_event_stream_new (DeskApiClient *client)
{
  DeskEventStream *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_EVENT_STREAM, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
desk_event_stream_start (DeskEventStream *self)
{
  g_return_if_fail (DESK_IS_EVENT_STREAM (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->backoff = 1;
  open_socket (self);
}

void
desk_event_stream_stop (DeskEventStream *self)
{
  g_return_if_fail (DESK_IS_EVENT_STREAM (self));

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->retry_id, g_source_remove);
  clear_socket (self);
  set_connected (self, FALSE);
}

gboolean
desk_event_stream_get_connected (DeskEventStream *self)
{
  g_return_val_if_fail (DESK_IS_EVENT_STREAM (self), FALSE);
  return self->connected;
}
