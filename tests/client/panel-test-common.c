/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "panel-test-common.h"

#include <string.h>

void
panel_test_on_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  ((PanelWait *) data)->result = g_object_ref (result);
}

gboolean
panel_test_have_result (gpointer data)
{
  return ((PanelWait *) data)->result != NULL;
}

DeskAgentSession *
panel_test_connect (DeskTestServer *server,
                    const char     *login)
{
  g_autoptr (GError) error = NULL;
  PanelWait wait = { NULL };
  DeskAgentSession *session;

  desk_agent_session_connect_async (server->base_uri, NULL, login, "demo", NULL, NULL, panel_test_on_done,
                                    &wait);
  g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 30000));
  session = desk_agent_session_connect_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  return session;
}

JsonNode *
panel_test_call (DeskAgentSession *session,
                 const char       *method,
                 const char       *path,
                 const char       *json_body)
{
  DeskApiClient *client = desk_agent_session_get_client (session);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  PanelWait wait = { NULL };
  JsonNode *reply;

  if (json_body)
    {
      body = json_from_string (json_body, &error);
      g_assert_no_error (error);
    }
  desk_api_client_request_async (client, method, path, body, NULL, panel_test_on_done, &wait);
  g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 20000));
  reply = desk_api_client_request_finish (client, wait.result, &error);
  g_object_unref (wait.result);
  if (error)
    g_error ("%s %s: %s", method, path, error->message);
  return reply;
}

typedef struct
{
  DeskAgentSession *session;
  DeskAgentStatus status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *w = data;

  return desk_agent_session_get_status (w->session) == w->status;
}

void
panel_test_set_available (DeskAgentSession *session)
{
  g_autoptr (JsonNode) reply = panel_test_call (session, "PUT", "/me/state",
                                                "{\"state\": \"available\"}");
  StatusWait w = { session, DESK_AGENT_STATUS_AVAILABLE };

  g_assert_true (desk_test_wait_until (has_status, &w, 10000));
}

typedef struct
{
  DeskAgentSession *session;
  gint64 chat_id;
} ItemWait;

static gboolean
chat_offered (gpointer data)
{
  ItemWait *w = data;
  DeskInboxItem *item = desk_agent_session_find_item (w->session, DESK_INBOX_CHAT, w->chat_id);

  return item && desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED;
}

void
panel_test_accept_chat (DeskAgentSession *session,
                        gint64            chat_id)
{
  ItemWait w = { session, chat_id };
  g_autofree char *path = g_strdup_printf ("/chats/%" G_GINT64_FORMAT "/accept", chat_id);
  g_autoptr (JsonNode) reply = NULL;

  if (!desk_test_wait_until (chat_offered, &w, 15000))
    g_error ("chat %" G_GINT64_FORMAT " was not offered to %s", chat_id,
             desk_agent_session_get_login (session));
  reply = panel_test_call (session, "POST", path, NULL);
}

/* The visitor */

static void
on_frame (SoupWebsocketConnection *conn,
          SoupWebsocketDataType    type,
          GBytes                  *message,
          PanelVisitor            *self)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  g_test_message ("visitor ← %.*s", (int) MIN (len, 300), data);
  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  g_ptr_array_add (self->frames, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

typedef struct
{
  GObject *source;
  GAsyncResult *result;
} Result;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ((Result *) data)->result = g_object_ref (result);
}

static gboolean
have_soup_result (gpointer data)
{
  return ((Result *) data)->result != NULL;
}

PanelVisitor *
panel_visitor_start (DeskTestServer *server,
                     const char     *name)
{
  PanelVisitor *self = g_new0 (PanelVisitor, 1);
  g_autofree char *uri = g_strconcat (server->base_uri, "/widget/v1/chats", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"name\": \"%s\", \"contact\": \"visitor@example.com\"}",
                                           name);
  g_autofree char *ws_uri = NULL;
  g_autoptr (SoupMessage) ws_msg = NULL;
  Result result = { NULL };
  JsonObject *root;

  self->session = soup_session_new ();
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->base_uri = g_strdup (server->base_uri);
  body = g_bytes_new (json, strlen (json));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, NULL, on_result,
                                    &result);
  g_assert_true (desk_test_wait_until (have_soup_result, &result, 20000));
  reply = soup_session_send_and_read_finish (self->session, result.result, &error);
  g_clear_object (&result.result);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  self->chat_id = json_object_get_int_member (root, "chat_id");

  ws_uri = g_strdup_printf ("ws%s/widget/v1/chats/%" G_GINT64_FORMAT "/ws?token=%s&after=0",
                            server->base_uri + strlen ("http"), self->chat_id,
                            json_object_get_string_member (root, "token"));
  ws_msg = soup_message_new ("GET", ws_uri);
  soup_session_websocket_connect_async (self->session, ws_msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_result, &result);
  g_assert_true (desk_test_wait_until (have_soup_result, &result, 20000));
  self->ws = soup_session_websocket_connect_finish (self->session, result.result, &error);
  g_clear_object (&result.result);
  g_assert_no_error (error);
  g_signal_connect (self->ws, "message", G_CALLBACK (on_frame), self);
  panel_visitor_wait_frame (self, 0, "hello", NULL, NULL);
  panel_visitor_send (self, "{\"type\": \"hand_off\"}");
  return self;
}

void
panel_visitor_send (PanelVisitor *self,
                    const char   *json)
{
  g_test_message ("visitor → %s", json);
  soup_websocket_connection_send_text (self->ws, json);
}

void
panel_visitor_say (PanelVisitor *self,
                   const char   *text)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  panel_visitor_send (self, json);
}

typedef struct
{
  PanelVisitor *self;
  guint from;
  const char *type, *member, *value;
  JsonObject *found;
} FrameWait;

static gboolean
frame_seen (gpointer data)
{
  FrameWait *w = data;

  for (guint i = w->from; i < w->self->frames->len; i++)
    {
      JsonObject *frame = g_ptr_array_index (w->self->frames, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (frame, "type", ""), w->type) ||
          (w->member &&
           g_strcmp0 (json_object_get_string_member_with_default (frame, w->member, ""),
                      w->value)))
        continue;
      w->found = frame;
      return TRUE;
    }
  return FALSE;
}

JsonObject *
panel_visitor_wait_frame (PanelVisitor *self,
                          guint         from,
                          const char   *type,
                          const char   *member,
                          const char   *value)
{
  FrameWait w = { self, from, type, member, value, NULL };

  if (!desk_test_wait_until (frame_seen, &w, 10000))
    g_error ("the visitor got no %s frame with %s=%s", type, member ? member : "-",
             value ? value : "-");
  return w.found;
}

guint
panel_visitor_count (PanelVisitor *self,
                     guint         from,
                     const char   *type)
{
  guint n = 0;

  for (guint i = from; i < self->frames->len; i++)
    n += g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (self->frames,
                                                                                    i),
                                                                "type", ""), type) == 0;
  return n;
}

void
panel_visitor_free (PanelVisitor *self)
{
  if (self->ws)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (self->ws);
    }
  g_ptr_array_unref (self->frames);
  g_object_unref (self->session);
  g_free (self->base_uri);
  g_free (self);
}
