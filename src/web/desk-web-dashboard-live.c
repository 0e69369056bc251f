/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-dashboard"

#include "config.h"

#include "desk-i18n.h"
#include "desk-web-dashboard-private.h"

/*
 * The dashboard's live stream at `/api/v1/dashboard/live`: a WebSocket
 * that sends the figures (the JSON of GET /api/v1/dashboard with "type":
 * "figures" and a "reason") at once, then every TICK_MS, and soon after
 * the call flow reports a call, chat or operator event. A burst of events
 * (a ring group offering one call to ten phones) makes one frame: the
 * first event schedules a frame EVENT_DELAY_MS later and the rest join it.
 * One set of figures is made per frame for all viewers.
 *
 * The session token comes in the Authorization header or, from browsers,
 * as a subprotocol "bearer.<token>" beside "frontdesk-dashboard" (the
 * token alphabet is base64url, valid there); never in the URL. Only a
 * supervisor or the owner may watch. The stream ends when the session
 * does (checked every CHECK_SECONDS), with close code 4001.
 */

#define LIVE_PATH "/api/v1/dashboard/live"
#define PROTOCOL "frontdesk-dashboard"
#define TOKEN_PROTOCOL "bearer."
#define TICK_MS 2000
#define EVENT_DELAY_MS 250
#define CHECK_SECONDS 10
#define PING_SECONDS 30
#define MAX_INCOMING 1024
#define MAX_VIEWERS 64
/* An application close code (4000–4999): the page should log in again. */
#define CLOSE_SESSION_ENDED 4001

typedef struct
{
  DeskDashboard *dashboard;
  SoupWebsocketConnection *conn;
  char *token_hash;
  guint check_id;
  gulong closed_id;
} DashboardViewer;

static const char *const protocols[] = { PROTOCOL, NULL };

/* The flow's signals that change a figure. A chat's first message is the
 * only sign of a chat that starts with the bot; a call that joins a queue
 * with nobody free to ring has no signal at all, and shows at the tick. */
static const char *const flow_signals[] = {
  "call-offered", "call-answered", "call-held", "call-transferred", "call-ended",
  "wrapup-done", "agent-state-changed",
  "chat-offered", "chat-answered", "chat-waiting", "chat-message", "chat-ended",
};

static void
viewer_free (DashboardViewer *viewer)
{
  g_clear_handle_id (&viewer->check_id, g_source_remove);
  g_clear_signal_handler (&viewer->closed_id, viewer->conn);
  if (soup_websocket_connection_get_state (viewer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (viewer->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (viewer->conn);
  g_free (viewer->token_hash);
  g_free (viewer);
}

static void
send_text (DashboardViewer *viewer,
           const char      *text)
{
  if (soup_websocket_connection_get_state (viewer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (viewer->conn, text);
}

/* Makes the figures once and sends them to @only, or to every viewer. */
static void
push (DeskDashboard   *dashboard,
      const char      *reason,
      DashboardViewer *only)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (dashboard->viewers->len == 0)
    return;
  node = _desk_dashboard_figures (dashboard, reason);
  if (node == NULL)
    return;
  text = json_to_string (node, FALSE);
  if (only != NULL)
    {
      send_text (only, text);
      return;
    }
  for (guint i = 0; i < dashboard->viewers->len; i++)
    send_text (g_ptr_array_index (dashboard->viewers, i), text);
}

static gboolean
on_tick (gpointer data)
{
  push (data, "tick", NULL);
  return G_SOURCE_CONTINUE;
}

static void
start_ticking (DeskDashboard *dashboard)
{
  g_clear_handle_id (&dashboard->tick_id, g_source_remove);
  dashboard->tick_id = g_timeout_add (TICK_MS, on_tick, dashboard);
}

static gboolean
on_event_due (gpointer data)
{
  DeskDashboard *dashboard = data;

  dashboard->soon_id = 0;
  push (dashboard, "event", NULL);
  /* The next tick comes a whole period after this frame, not just after. */
  start_ticking (dashboard);
  return G_SOURCE_REMOVE;
}

/* Connected swapped, whatever the signal's arguments. */
static void
on_flow_event (DeskDashboard *dashboard)
{
  if (dashboard->viewers->len == 0 || dashboard->soon_id != 0)
    return;
  dashboard->soon_id = g_timeout_add (EVENT_DELAY_MS, on_event_due, dashboard);
}

static void
unfollow_flow (DeskDashboard *dashboard)
{
  if (dashboard->flow == NULL)
    return;
  for (guint i = 0; i < dashboard->flow_handlers->len; i++)
    g_signal_handler_disconnect (dashboard->flow, g_array_index (dashboard->flow_handlers, gulong, i));
  g_array_set_size (dashboard->flow_handlers, 0);
  g_clear_object (&dashboard->flow);
}

/* The office may start its telephony after the web server: follow the flow
 * it has when someone starts watching. */
static void
follow_flow (DeskDashboard *dashboard)
{
  DeskCallFlow *flow = desk_office_get_call_flow (dashboard->office);

  if (flow == dashboard->flow)
    return;
  unfollow_flow (dashboard);
  if (flow == NULL)
    return;
  dashboard->flow = g_object_ref (flow);
  for (guint i = 0; i < G_N_ELEMENTS (flow_signals); i++)
    {
      gulong id = g_signal_connect_swapped (flow, flow_signals[i], G_CALLBACK (on_flow_event),
                                            dashboard);

      g_array_append_val (dashboard->flow_handlers, id);
    }
}

static void
on_viewer_closed (SoupWebsocketConnection *conn,
                  gpointer                 data)
{
  DashboardViewer *viewer = data;
  DeskDashboard *dashboard = viewer->dashboard;

  g_ptr_array_remove_fast (dashboard->viewers, viewer);
  if (dashboard->viewers->len == 0)
    {
      g_clear_handle_id (&dashboard->tick_id, g_source_remove);
      g_clear_handle_id (&dashboard->soon_id, g_source_remove);
    }
}

static gboolean
on_viewer_check (gpointer data)
{
  DashboardViewer *viewer = data;

  if (_desk_web_session_is_live (viewer->dashboard->server, viewer->token_hash, NULL))
    return G_SOURCE_CONTINUE;
  viewer->check_id = 0;
  if (soup_websocket_connection_get_state (viewer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (viewer->conn, CLOSE_SESSION_ENDED,
                                     _("Your session has ended; log in again"));
  return G_SOURCE_REMOVE;
}

/* The "bearer.<token>" entry of the offered subprotocols, as the "token"
 * of a query for _desk_web_require_user (). */
static GHashTable *
protocol_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Sec-WebSocket-Protocol");
  g_auto (GStrv) offered = NULL;
  GHashTable *query = NULL;

  if (header == NULL)
    return NULL;
  offered = g_strsplit (header, ",", 16);
  for (guint i = 0; offered[i] != NULL && query == NULL; i++)
    {
      const char *entry = g_strstrip (offered[i]);

      if (g_str_has_prefix (entry, TOKEN_PROTOCOL) && entry[strlen (TOKEN_PROTOCOL)] != '\0')
        {
          query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
          g_hash_table_insert (query, "token", g_strdup (entry + strlen (TOKEN_PROTOCOL)));
        }
    }
  return query;
}

static void
on_live_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  DeskDashboard *dashboard = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) token = NULL;
  char *token_hash = NULL;
  DeskUser *user;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET here"));
      return;
    }
  token = protocol_token (msg);
  user = _desk_web_require_user (dashboard->server, msg, token, DESK_ROLE_SUPERVISOR,
                                 &token_hash);
  if (user == NULL)
    return;
  desk_user_free (user);
  g_object_set_data_full (G_OBJECT (msg), "desk-web-token-hash", token_hash, g_free);
  if (!soup_websocket_server_check_handshake (msg, NULL, (char **) protocols, NULL, &error))
    {
      desk_web_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Open this address as a WebSocket"));
      return;
    }
  if (dashboard->viewers->len >= MAX_VIEWERS)
    {
      desk_web_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                            _("Too many dashboards are open; close one and try again"));
      return;
    }
  /* No status set: libsoup answers the handshake and calls on_live_open. */
}

static void
on_live_open (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 data)
{
  DeskDashboard *dashboard = data;
  const char *token_hash = g_object_get_data (G_OBJECT (msg), "desk-web-token-hash");
  DashboardViewer *viewer;

  if (token_hash == NULL || !_desk_web_session_is_live (dashboard->server, token_hash, NULL))
    {
      soup_websocket_connection_close (conn, CLOSE_SESSION_ENDED, NULL);
      return;
    }
  follow_flow (dashboard);

  viewer = g_new0 (DashboardViewer, 1);
  viewer->dashboard = dashboard;
  viewer->conn = g_object_ref (conn);
  viewer->token_hash = g_strdup (token_hash);
  soup_websocket_connection_set_keepalive_interval (conn, PING_SECONDS);
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING);
  viewer->closed_id = g_signal_connect (conn, "closed", G_CALLBACK (on_viewer_closed), viewer);
  viewer->check_id = g_timeout_add_seconds (CHECK_SECONDS, on_viewer_check, viewer);
  g_ptr_array_add (dashboard->viewers, viewer);
  if (dashboard->tick_id == 0)
    start_ticking (dashboard);
  push (dashboard, "hello", viewer);
}

void
_desk_dashboard_live_init (DeskDashboard *dashboard)
{
  SoupServer *server = dashboard->server->server;

  dashboard->viewers = g_ptr_array_new_with_free_func ((GDestroyNotify) viewer_free);
  dashboard->flow_handlers = g_array_new (FALSE, FALSE, sizeof (gulong));
  soup_server_add_handler (server, LIVE_PATH, on_live_request, dashboard, NULL);
  soup_server_add_websocket_handler (server, LIVE_PATH, NULL, (char **) protocols, on_live_open,
                                     dashboard, NULL);
}

void
_desk_dashboard_live_free (DeskDashboard *dashboard)
{
  g_clear_handle_id (&dashboard->tick_id, g_source_remove);
  g_clear_handle_id (&dashboard->soon_id, g_source_remove);
  unfollow_flow (dashboard);
  g_clear_pointer (&dashboard->flow_handlers, g_array_unref);
  g_clear_pointer (&dashboard->viewers, g_ptr_array_unref);
}
