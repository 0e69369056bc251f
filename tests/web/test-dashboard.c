/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-api-common.h"

#include "desk-kpi.h"

/* The dashboard on a real server (port 0), store and call flow: the page,
 * who may read the figures, and the live stream. */

static gboolean
is_after_two_minutes (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* The fixture's calls are a minute old: at 00:00:30 they are yesterday's. */
  return now - desk_kpi_day_start (now) > 120;
}

static JsonObject *
find_by (JsonArray  *array,
         const char *member,
         const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL), value) == 0)
        return object;
    }
  return NULL;
}

static void
test_page (ApiFixture    *f,
           gconstpointer  data)
{
  g_autoptr (ApiReply) bare = api_call (f, "GET", "/dashboard", NULL, NULL);
  g_autoptr (ApiReply) page = api_call (f, "GET", "/dashboard/", NULL, NULL);
  g_autoptr (ApiReply) script = api_call (f, "GET", "/dashboard/dashboard.js", NULL, NULL);
  g_autoptr (ApiReply) style = api_call (f, "GET", "/dashboard/dashboard.css", NULL, NULL);
  g_autoptr (ApiReply) missing = api_call (f, "GET", "/dashboard/../etc/passwd", NULL, NULL);
  g_autoptr (ApiReply) other = api_call (f, "GET", "/dashboard/secret.txt", NULL, NULL);
  g_autoptr (ApiReply) post = api_call (f, "POST", "/dashboard/", NULL, "{}");
  const char *csp;

  /* libsoup follows the redirect to the page itself. */
  g_assert_cmpuint (bare->status, ==, 200);
  g_assert_nonnull (strstr (bare->text, "<!DOCTYPE html>"));

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (page->headers, NULL), ==, "text/html");
  g_assert_nonnull (strstr (page->text, "dashboard.js"));
  /* No figures in the page: they need a session. */
  g_assert_null (strstr (page->text, "op1"));
  csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "script-src 'self'"));
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_null (strstr (csp, "unsafe"));
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Referrer-Policy"), ==,
                   "no-referrer");

  g_assert_cmpuint (script->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (script->headers, NULL), ==,
                   "text/javascript");
  /* The page builds what it shows as text, never as markup, and loads
   * nothing from elsewhere. */
  g_assert_null (strstr (script->text, "innerHTML"));
  g_assert_null (strstr (script->text, "insertAdjacentHTML"));
  g_assert_null (strstr (script->text, "https://"));
  g_assert_nonnull (strstr (script->text, "sessionStorage"));
  g_assert_cmpuint (style->status, ==, 200);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (other->status, ==, 404);
  g_assert_cmpuint (post->status, ==, 405);
}

static void
test_roles (ApiFixture    *f,
            gconstpointer  data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *supervisor = api_login (f, "super");
  g_autofree char *owner = api_login (f, "boss");
  g_autoptr (ApiReply) anonymous = api_call (f, "GET", "/api/v1/dashboard", NULL, NULL);
  g_autoptr (ApiReply) operator = api_call (f, "GET", "/api/v1/dashboard", op1, NULL);
  g_autoptr (ApiReply) bad = api_call (f, "GET", "/api/v1/dashboard", "not-a-token", NULL);
  g_autoptr (ApiReply) by_supervisor = api_call (f, "GET", "/api/v1/dashboard", supervisor, NULL);
  g_autoptr (ApiReply) by_owner = api_call (f, "GET", "/api/v1/dashboard", owner, NULL);
  JsonObject *figures, *total, *op;
  JsonArray *operators, *hours;

  api_assert (anonymous, 401, "auth");
  api_assert (operator, 403, "forbidden");
  api_assert (bad, 401, "auth");
  api_assert (by_supervisor, 200, NULL);
  api_assert (by_owner, 200, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (by_owner->headers, "Cache-Control"), ==,
                   "no-store");

  figures = api_object (by_owner);
  g_assert_true (json_object_get_boolean_member (figures, "telephony"));
  g_assert_cmpint (api_int (figures, "short_abandon_seconds"), ==, 5);
  g_assert_cmpint (api_int (figures, "day_start"), ==,
                   desk_kpi_day_start (api_int (figures, "now")));
  total = json_object_get_object_member (figures, "total");
  /* The fixture's calls reached no queue: nothing to measure a target by. */
  g_assert_cmpint (api_int (total, "offered"), ==, 0);
  g_assert_true (json_object_get_null_member (total, "service_level"));
  g_assert_true (json_object_get_null_member (total, "aht_ms"));
  g_assert_cmpint (api_int (total, "calls_waiting"), ==, 0);
  hours = json_object_get_array_member (figures, "hours");
  g_assert_cmpuint (json_array_get_length (hours), >=, 1);
  g_assert_cmpuint (json_array_get_length (hours), <=, 25);

  /* Whoever works contacts, by name: the supervisor has a phone, the clerk
   * takes chats; the owner does neither. */
  operators = json_object_get_array_member (figures, "operators");
  g_assert_cmpuint (json_array_get_length (operators), ==, 4);
  g_assert_null (find_by (operators, "login", "boss"));
  op = find_by (operators, "login", "op1");
  g_assert_nonnull (op);
  g_assert_cmpstr (api_str (op, "state"), ==, "offline");
  g_assert_cmpint (api_int (op, "overdue_cases"), ==, 0);
  if (is_after_two_minutes ())
    {
      g_assert_cmpint (api_int (op, "handled"), ==, 2);
      g_assert_cmpint (api_int (op, "aht_ms"), ==, 50000);
      g_assert_cmpint (api_int (find_by (operators, "login", "op2"), "handled"), ==, 1);
    }
  g_assert_nonnull (find_by (operators, "login", "clerk"));
  g_assert_nonnull (find_by (operators, "login", "super"));

  /* A logged-out session reads nothing more. */
  {
    g_autoptr (ApiReply) logout = api_call (f, "POST", "/api/v1/logout", supervisor, NULL);
    g_autoptr (ApiReply) after = api_call (f, "GET", "/api/v1/dashboard", supervisor, NULL);

    api_assert (logout, 200, NULL);
    api_assert (after, 401, "auth");
  }
}

/* Overdue cases reach the figures: op1's case past its due time. */
static void
test_overdue (ApiFixture    *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = api_login (f, "boss");
  g_autoptr (ApiReply) reply = NULL;
  g_autoptr (DeskCase) kase = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DeskCaseNew spec = { .category_id = f->category, .subject = "Старий борг",
                       .owner_id = f->op1, .channel = DESK_CHANNEL_PHONE,
                       .created_at = now - 3 * 86400 };
  JsonArray *operators;

  desk_store_set_clock (f->store, now - 3 * 86400);
  kase = desk_store_create_case (f->store, f->owner, &spec, &error);
  desk_store_set_clock (f->store, 0);
  g_assert_no_error (error);

  reply = api_call (f, "GET", "/api/v1/dashboard", owner, NULL);
  api_assert (reply, 200, NULL);
  operators = json_object_get_array_member (api_object (reply), "operators");
  g_assert_cmpint (api_int (find_by (operators, "login", "op1"), "overdue_cases"), ==, 1);
  g_assert_cmpint (api_int (find_by (operators, "login", "op2"), "overdue_cases"), ==, 0);
}

/* The live stream */

typedef struct
{
  SoupWebsocketConnection *conn;
  GError *error;
  guint status;
  gboolean done;
  GPtrArray *frames;       /* JsonObject, in arrival order */
  gboolean closed;
} Live;

static void
live_clear (Live *live)
{
  if (live->conn && soup_websocket_connection_get_state (live->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (live->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&live->conn);
  g_clear_error (&live->error);
  g_clear_pointer (&live->frames, g_ptr_array_unref);
  *live = (Live) { 0 };
}

static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 data)
{
  Live *live = data;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size;
  const char *text = g_bytes_get_data (message, &size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) size, NULL));
  g_ptr_array_add (live->frames, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                gpointer                 data)
{
  ((Live *) data)->closed = TRUE;
}

static void
on_live_connected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Live *live = data;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &live->error);
  if (live->conn)
    {
      g_signal_connect (live->conn, "message", G_CALLBACK (on_live_message), live);
      g_signal_connect (live->conn, "closed", G_CALLBACK (on_live_closed), live);
    }
  live->done = TRUE;
}

static gboolean
live_closed (gpointer data)
{
  return ((Live *) data)->closed;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
live_done (gpointer data)
{
  return ((Live *) data)->done;
}

/* Opens the stream as the page does: the token as a subprotocol; or in the
 * Authorization header when @header. */
static void
live_open (ApiFixture *f,
           Live       *live,
           const char *token,
           gboolean    header,
           const char *suffix)
{
  g_autofree char *uri = g_strconcat ("ws", f->base + 4, "/api/v1/dashboard/live", suffix, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *bearer = token ? g_strconcat ("bearer.", token, NULL) : NULL;
  const char *protocols[] = { "frontdesk-dashboard", bearer, NULL };

  live->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (header && token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      protocols[1] = NULL;
    }
  soup_session_websocket_connect_async (f->session, msg, NULL, (char **) protocols,
                                        G_PRIORITY_DEFAULT, NULL, on_live_connected, live);
  g_assert_true (desk_test_wait_until (live_done, live, 10000));
  live->status = soup_message_get_status (msg);
}

typedef struct
{
  Live *live;
  const char *reason;
  gint64 min_offered;
  guint from;
} FrameWanted;

static JsonObject *
find_frame (FrameWanted *wanted)
{
  for (guint i = wanted->from; i < wanted->live->frames->len; i++)
    {
      JsonObject *frame = g_ptr_array_index (wanted->live->frames, i);
      JsonObject *total = json_object_get_object_member (frame, "total");

      if (g_strcmp0 (json_object_get_string_member (frame, "reason"), wanted->reason) == 0 &&
          json_object_get_int_member (total, "offered") >= wanted->min_offered)
        return frame;
    }
  return NULL;
}

static gboolean
frame_arrived (gpointer data)
{
  return find_frame (data) != NULL;
}

static void
live_fixture_setup (ApiFixture    *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  DeskQueue queue = { .name = "Підтримка", .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
                      .max_wait_seconds = 600, .max_length = 20, .wrapup_seconds = 30,
                      .announce_seconds = 45, .service_level_seconds = 20 };
  DeskCallFlow *flow;
  gint64 queue_id;

  api_fixture_setup (f, data);
  queue_id = desk_store_add_queue (f->store, &queue, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->store, queue_id, f->op1, 0, &error));
  flow = desk_office_get_call_flow (f->office);
  g_assert_nonnull (flow);
  g_assert_true (desk_call_flow_reload (flow, &error));
  g_assert_no_error (error);
}

static void
count_event (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_live (ApiFixture    *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *supervisor = api_login (f, "super");
  DeskCallFlow *flow = desk_office_get_call_flow (f->office);
  DeskChatVisitor visitor = { .name = "Олена", .contact = "+380501112233" };
  Live live = { 0 };
  FrameWanted wanted = { &live, "hello", 0, 0 };
  JsonObject *frame, *op;
  guint events = 0, event_frames = 0;
  gulong handlers[4];
  gint64 started;

  g_assert_true (desk_call_flow_agent_login (flow, f->op1, &error));
  g_assert_true (desk_call_flow_agent_set_available (flow, f->op1, &error));
  g_assert_no_error (error);

  live_open (f, &live, supervisor, FALSE, "");
  g_assert_no_error (live.error);
  g_assert_cmpuint (live.status, ==, 101);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (live.conn), ==, "frontdesk-dashboard");

  /* The figures at once, then every 2 s. */
  g_assert_true (desk_test_wait_until (frame_arrived, &wanted, 5000));
  frame = find_frame (&wanted);
  g_assert_cmpstr (json_object_get_string_member (frame, "type"), ==, "figures");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (frame, "total"),
                                               "offered"), ==, 0);
  op = find_by (json_object_get_array_member (frame, "operators"), "login", "op1");
  g_assert_cmpstr (api_str (op, "state"), ==, "available");
  wanted.reason = "tick";
  g_assert_true (desk_test_wait_until (frame_arrived, &wanted, 4000));

  /* A chat starts: a frame follows at once, not at the next tick. */
  wanted.from = live.frames->len;
  wanted.reason = "event";
  wanted.min_offered = 1;
  started = g_get_monotonic_time ();
  g_assert_cmpint (desk_call_flow_chat_start (flow, &visitor, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (frame_arrived, &wanted, 1500));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 1500 * 1000);
  frame = find_frame (&wanted);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (frame, "total"),
                                               "offered"), ==, 1);

  /* A burst of events (each chat's greeting, its place in line or its
   * offer) makes one frame, or two at most when the routing's own events
   * straddle it. */
  wanted.from = live.frames->len;
  handlers[0] = g_signal_connect_swapped (flow, "chat-waiting", G_CALLBACK (count_event), &events);
  handlers[1] = g_signal_connect_swapped (flow, "chat-offered", G_CALLBACK (count_event), &events);
  handlers[2] = g_signal_connect_swapped (flow, "agent-state-changed", G_CALLBACK (count_event),
                                          &events);
  handlers[3] = g_signal_connect_swapped (flow, "chat-message", G_CALLBACK (count_event), &events);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (desk_call_flow_chat_start (flow, &visitor, &error), >, 0);
      g_assert_no_error (error);
    }
  wanted.min_offered = 6;
  g_assert_true (desk_test_wait_until (frame_arrived, &wanted, 1500));
  desk_test_wait_until (never, NULL, 700);
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (flow, handlers[i]);
  for (guint i = wanted.from; i < live.frames->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (live.frames, i), "reason"),
                     "event"))
      event_frames++;
  g_test_message ("%u flow events, %u event frames", events, event_frames);
  g_assert_cmpuint (events, >=, 5);
  g_assert_cmpuint (event_frames, >=, 1);
  g_assert_cmpuint (event_frames, <=, 2);

  live_clear (&live);
}

/* Who may watch, and how the token may come. */
static void
test_live_roles (ApiFixture    *f,
                 gconstpointer  data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *owner = api_login (f, "boss");
  g_autofree char *in_url = NULL;
  Live live = { 0 };
  FrameWanted wanted = { &live, "hello", 0, 0 };

  live_open (f, &live, NULL, FALSE, "");
  g_assert_nonnull (live.error);
  g_assert_cmpuint (live.status, ==, 401);
  live_clear (&live);

  live_open (f, &live, op1, FALSE, "");
  g_assert_nonnull (live.error);
  g_assert_cmpuint (live.status, ==, 403);
  live_clear (&live);

  live_open (f, &live, op1, TRUE, "");
  g_assert_cmpuint (live.status, ==, 403);
  live_clear (&live);

  /* A token in the URL would be logged on the way: it is not taken. */
  in_url = g_strconcat ("?token=", owner, NULL);
  live_open (f, &live, NULL, FALSE, in_url);
  g_assert_cmpuint (live.status, ==, 401);
  live_clear (&live);

  /* The owner in the header, as a program would. */
  live_open (f, &live, owner, TRUE, "");
  g_assert_no_error (live.error);
  g_assert_true (desk_test_wait_until (frame_arrived, &wanted, 5000));

  /* Logging out ends the stream within the session check's period. */
  {
    g_autoptr (ApiReply) logout = api_call (f, "POST", "/api/v1/logout", owner, NULL);

    api_assert (logout, 200, NULL);
  }
  g_assert_true (desk_test_wait_until (live_closed, &live, 15000));
  g_assert_cmpint (soup_websocket_connection_get_close_code (live.conn), ==, 4001);
  live_clear (&live);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/web/dashboard/page", ApiFixture, NULL, api_fixture_setup, test_page,
              api_fixture_teardown);
  g_test_add ("/desk/web/dashboard/roles", ApiFixture, NULL, api_fixture_setup, test_roles,
              api_fixture_teardown);
  g_test_add ("/desk/web/dashboard/overdue", ApiFixture, NULL, api_fixture_setup, test_overdue,
              api_fixture_teardown);
  g_test_add ("/desk/web/dashboard/live", ApiFixture, NULL, live_fixture_setup, test_live,
              api_fixture_teardown);
  g_test_add ("/desk/web/dashboard/live-roles", ApiFixture, NULL, api_fixture_setup,
              test_live_roles, api_fixture_teardown);

  return g_test_run ();
}
