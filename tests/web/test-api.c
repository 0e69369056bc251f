/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-api-common.h"

/* Sessions, limits, the operator's state and calls, and the event stream.
 * The CRM endpoints are in test-api-crm.c. */

static void
test_login (ApiFixture *f, gconstpointer data)
{
  g_autoptr (ApiReply) ok = api_call (f, "POST", "/api/v1/login", NULL,
                                      "{\"login\": \"op1\", \"password\": \"secret-pw\"}");
  g_autoptr (ApiReply) clerk = api_call (f, "POST", "/api/v1/login", NULL,
                                         "{\"login\": \"CLERK\", \"password\": \"secret-pw\"}");
  g_autoptr (ApiReply) wrong = api_call (f, "POST", "/api/v1/login", NULL,
                                         "{\"login\": \"op1\", \"password\": \"nope\"}");
  g_autoptr (ApiReply) unknown = api_call (f, "POST", "/api/v1/login", NULL,
                                           "{\"login\": \"ghost\", \"password\": \"nope\"}");
  JsonObject *reply, *user, *sip;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  api_assert (ok, 200, NULL);
  reply = api_object (ok);
  g_assert_cmpuint (strlen (api_str (reply, "token")), >=, 40);
  g_assert_cmpint (api_int (reply, "expires_at"), >, now + 3600);
  user = json_object_get_object_member (reply, "user");
  g_assert_cmpint (api_int (user, "id"), ==, f->op1);
  g_assert_cmpstr (api_str (user, "login"), ==, "op1");
  g_assert_cmpstr (api_str (user, "name"), ==, "op1");
  g_assert_cmpstr (api_str (user, "role"), ==, "operator");
  sip = json_object_get_object_member (reply, "sip");
  g_assert_cmpstr (api_str (sip, "user"), ==, "2001");
  g_assert_nonnull (api_str (sip, "password"));
  g_assert_cmpint (api_int (sip, "port"), ==, desk_office_get_sip_port (f->office));
  /* the password itself is not what the store keeps, nor is the token */
  g_assert_null (strstr (ok->text, "secret-pw"));

  /* logins ignore case; a user without a phone gets no SIP account */
  api_assert (clerk, 200, NULL);
  g_assert_true (json_object_get_null_member (api_object (clerk), "sip"));

  /* an unknown login and a wrong password read the same */
  api_assert (wrong, 401, "auth");
  api_assert (unknown, 401, "auth");
  g_assert_cmpstr (wrong->text, ==, unknown->text);
}

static void
test_sessions_survive_restart (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  gint64 user_id = 0;
  gboolean revoked = TRUE;

  /* only the token's hash is stored */
  g_assert_true (desk_store_get_session (f->store, hash, &user_id, NULL, &revoked, &error));
  g_assert_cmpint (user_id, ==, f->op1);
  g_assert_false (revoked);
  g_assert_false (desk_store_get_session (f->store, token, NULL, NULL, NULL, NULL));

  /* a new server on the same office knows the session */
  desk_web_server_stop (f->web);
  g_clear_object (&f->web);
  f->web = desk_web_server_new (f->office);
  g_assert_true (desk_web_server_listen (f->web, "127.0.0.1", 0, &error));
  g_free (f->base);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", desk_web_server_get_port (f->web));
  {
    g_autoptr (ApiReply) me = api_call (f, "GET", "/api/v1/me", token, NULL);

    api_assert (me, 200, NULL);
    g_assert_cmpint (api_int (json_object_get_object_member (api_object (me), "user"), "id"), ==,
                     f->op1);
  }
}

static void
test_logout (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *other = api_login (f, "op1");
  g_autoptr (ApiReply) out = api_call (f, "POST", "/api/v1/logout", token, NULL);
  g_autoptr (ApiReply) me = api_call (f, "GET", "/api/v1/me", token, NULL);
  g_autoptr (ApiReply) again = api_call (f, "POST", "/api/v1/logout", token, NULL);
  g_autoptr (ApiReply) still = api_call (f, "GET", "/api/v1/me", other, NULL);

  api_assert (out, 200, NULL);
  api_assert (me, 401, "auth");
  api_assert (again, 401, "auth");
  /* only that session ended */
  api_assert (still, 200, NULL);

  /* An operator who signs out of their last window goes offline. */
  {
    g_autoptr (ApiReply) on = api_call (f, "PUT", "/api/v1/me/state", other,
                                        "{\"state\": \"available\"}");
    g_autoptr (ApiReply) bye = NULL;

    api_assert (on, 200, NULL);
    g_assert_cmpint (desk_call_flow_get_agent_state (desk_office_get_call_flow (f->office), f->op1),
                     ==, DESK_AGENT_STATE_AVAILABLE);
    bye = api_call (f, "POST", "/api/v1/logout", other, NULL);
    api_assert (bye, 200, NULL);
    g_assert_cmpint (desk_call_flow_get_agent_state (desk_office_get_call_flow (f->office), f->op1),
                     ==, DESK_AGENT_STATE_OFFLINE);
  }
}

static void
test_auth_required (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *query = g_strdup_printf ("/api/v1/me?token=%s", token);
  g_autoptr (ApiReply) none = api_call (f, "GET", "/api/v1/me", NULL, NULL);
  g_autoptr (ApiReply) bad = api_call (f, "GET", "/api/v1/inbox", "not-a-token", NULL);
  g_autoptr (ApiReply) in_query = api_call (f, "GET", query, NULL, NULL);
  g_autoptr (ApiReply) status = api_call (f, "GET", "/api/v1/status", NULL, NULL);

  api_assert (none, 401, "auth");
  g_assert_cmpstr (soup_message_headers_get_one (none->headers, "WWW-Authenticate"), ==, "Bearer");
  api_assert (bad, 401, "auth");
  /* a token in the address is for the WebSocket only: addresses end up in logs */
  api_assert (in_query, 401, "auth");
  api_assert (status, 200, NULL);
  g_assert_cmpint (api_int (api_object (status), "api"), ==, 1);
}

/* Every session check goes to the store: a session revoked there, or
 * expired, ends at once. */
static void
test_revoked_elsewhere (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = api_login (f, "op2");
  g_autofree char *token2 = api_login (f, "op2");
  g_autoptr (ApiReply) before = api_call (f, "GET", "/api/v1/me", token, NULL);

  api_assert (before, 200, NULL);
  g_assert_cmpint (desk_store_revoke_user_sessions (f->store, f->owner, f->op2, &error), ==, 2);
  {
    g_autoptr (ApiReply) after = api_call (f, "GET", "/api/v1/me", token, NULL);
    g_autoptr (ApiReply) after2 = api_call (f, "GET", "/api/v1/me", token2, NULL);

    api_assert (after, 401, "auth");
    api_assert (after2, 401, "auth");
  }
}

static void
test_lockout (ApiFixture *f, gconstpointer data)
{
  const char *wrong = "{\"login\": \"op1\", \"password\": \"guess\"}";
  const char *right = "{\"login\": \"op1\", \"password\": \"secret-pw\"}";
  gint64 started = g_get_monotonic_time ();
  const char *message;

  for (int i = 1; i < 5; i++)
    {
      g_autoptr (ApiReply) reply = api_call (f, "POST", "/api/v1/login", NULL, wrong);

      api_assert (reply, 401, "auth");
    }
  /* each failure in a row was answered later than the one before */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, (250 + 500 + 1000 + 2000) * 1000);
  {
    g_autoptr (ApiReply) fifth = api_call (f, "POST", "/api/v1/login", NULL, wrong);

    api_assert (fifth, 429, "locked");
    message = json_object_get_string_member (
      json_object_get_object_member (api_object (fifth), "error"), "message");
    g_assert_nonnull (strstr (message, "5 more minutes"));
    g_assert_cmpstr (soup_message_headers_get_one (fifth->headers, "Retry-After"), ==, "300");
  }
  {
    /* locked even with the right password, whatever the case of the login */
    g_autoptr (ApiReply) locked = api_call (f, "POST", "/api/v1/login", NULL,
                                            "{\"login\": \"OP1\", \"password\": \"secret-pw\"}");
    g_autoptr (ApiReply) again = api_call (f, "POST", "/api/v1/login", NULL, right);
    g_autoptr (ApiReply) other = api_call (f, "POST", "/api/v1/login", NULL,
                                           "{\"login\": \"op2\", \"password\": \"secret-pw\"}");

    api_assert (locked, 429, "locked");
    api_assert (again, 429, "locked");
    /* other logins are not affected */
    api_assert (other, 200, NULL);
  }
}

static void
test_rate_limit (ApiFixture *f, gconstpointer data)
{
  guint refused = 0;

  /* one address gets a burst of 20 tries, then one every 5 seconds */
  for (int i = 0; i < 21; i++)
    {
      g_autoptr (ApiReply) reply = api_call (f, "POST", "/api/v1/login", NULL, "{}");

      if (reply->status == 429)
        {
          api_assert (reply, 429, "rate_limited");
          g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Retry-After"));
          refused++;
        }
      else
        api_assert (reply, 400, "invalid");
    }
  g_assert_cmpuint (refused, ==, 1);
}

static void
test_bad_requests (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *huge = g_strdup_printf ("{\"state\": \"%0*d\"}", 100000, 7);
  static const struct {
    const char *method, *path, *body;
    guint status;
    const char *code, *mentions;
  } cases[] = {
    { "PUT", "/api/v1/me/state", "{not json", 400, "invalid", NULL },
    { "PUT", "/api/v1/me/state", "[1, 2]", 400, "invalid", NULL },
    { "PUT", "/api/v1/me/state", "\"available\"", 400, "invalid", NULL },
    { "PUT", "/api/v1/me/state", "", 400, "invalid", NULL },
    { "PUT", "/api/v1/me/state", "{\"state\": 5}", 400, "invalid", "state" },
    { "PUT", "/api/v1/me/state", "{}", 400, "invalid", "state" },
    { "PUT", "/api/v1/me/state", "{\"state\": \"asleep\"}", 400, "invalid", NULL },
    { "PUT", "/api/v1/me/state", "{\"state\": \"break\", \"reason\": true}", 400, "invalid",
      "reason" },
    { "POST", "/api/v1/me/wrapup", "{\"extend_seconds\": \"30\"}", 400, "invalid",
      "extend_seconds" },
    { "POST", "/api/v1/me/wrapup", "{\"extend_seconds\": 1.5}", 400, "invalid", NULL },
    { "POST", "/api/v1/me/wrapup", "{}", 400, "invalid", NULL },
    { "POST", "/api/v1/me/wrapup", "{\"extend_seconds\": 30, \"end\": true}", 400, "invalid",
      NULL },
    { "POST", "/api/v1/calls", "{\"number\": 380501112233}", 400, "invalid", "number" },
    { "POST", "/api/v1/calls/1/transfer", "{}", 400, "invalid", "to_user" },
    { "POST", "/api/v1/calls/1/recording", "{\"paused\": \"yes\"}", 400, "invalid", "paused" },
    { "POST", "/api/v1/calls/1/conference", "{\"consult_call_id\": null}", 400, "invalid",
      NULL },
    { "GET", "/api/v1/me/state", NULL, 405, "method", NULL },
    { "DELETE", "/api/v1/cases/1", NULL, 405, "method", NULL },
    { "GET", "/api/v1/login", NULL, 405, "method", NULL },
    { "GET", "/api/v1/nothing", NULL, 404, "not_found", NULL },
    { "GET", "/api/v1/cases/abc", NULL, 404, "not_found", NULL },
    { "GET", "/api/v1/cases/-1", NULL, 404, "not_found", NULL },
    { "GET", "/api/v1/cases/99999999999999999999", NULL, 404, "not_found", NULL },
    { "GET", "/nowhere", NULL, 404, "not_found", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ApiReply) reply = api_call (f, cases[i].method, cases[i].path, token,
                                             cases[i].body);

      api_assert (reply, cases[i].status, cases[i].code);
      if (cases[i].mentions)
        g_assert_nonnull (strstr (reply->text, cases[i].mentions));
    }
  {
    g_autoptr (ApiReply) reply = api_call (f, "PUT", "/api/v1/me/state", token, huge);
    g_autoptr (ApiReply) status = api_call (f, "GET", "/api/v1/status", NULL, NULL);

    api_assert (reply, 422, "limit");
    api_assert (status, 200, NULL);
  }
  {
    g_autoptr (ApiReply) reply = api_call (f, "GET", "/api/v1/me/state", token, NULL);

    g_assert_nonnull (strstr (soup_message_headers_get_one (reply->headers, "Allow"), "PUT"));
  }
}

static const char *
state_of (ApiReply *reply)
{
  return api_str (api_object (reply), "state");
}

static void
test_agent_state (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *clerk = api_login (f, "clerk");
  g_autoptr (ApiReply) me = api_call (f, "GET", "/api/v1/me", token, NULL);

  api_assert (me, 200, NULL);
  g_assert_cmpstr (state_of (me), ==, "offline");
  g_assert_true (json_object_get_boolean_member (api_object (me), "has_phone"));
  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"available\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (state_of (r), ==, "available");
    g_assert_cmpint (desk_call_flow_get_agent_state (desk_office_get_call_flow (f->office), f->op1),
                     ==, DESK_AGENT_STATE_AVAILABLE);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"break\", \"reason\": \"обід\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (state_of (r), ==, "break");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"available\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (state_of (r), ==, "available");
  }
  {
    /* no wrap-up to end or extend now */
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/me/wrapup", token, "{\"end\": true}");
    g_autoptr (ApiReply) r2 = api_call (f, "POST", "/api/v1/me/wrapup", token,
                                        "{\"extend_seconds\": 30}");

    g_assert_cmpuint (r->status, >=, 400);
    g_assert_cmpuint (r->status, <, 500);
    g_assert_cmpuint (r2->status, >=, 400);
    g_assert_cmpuint (r2->status, <, 500);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"offline\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (state_of (r), ==, "offline");
  }
  {
    /* straight from offline to a break */
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"break\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (state_of (r), ==, "break");
  }
  {
    /* a user without a phone takes no calls */
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", clerk,
                                       "{\"state\": \"available\"}");
    api_assert (r, 404, "not_found");
  }
}

static void
test_calls (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *path = NULL;
  const char *commands[] = { "decline", "hangup", "hold", "resume" };

  {
    /* an offline operator cannot place a call */
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/calls", token,
                                       "{\"number\": \"0501112233\"}");
    g_assert_cmpuint (r->status, ==, 409);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", token,
                                       "{\"state\": \"available\"}");
    api_assert (r, 200, NULL);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/calls", token,
                                       "{\"number\": \"not a number\"}");
    api_assert (r, 400, "invalid");
  }
  {
    /* this office has no trunk: it says so */
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/calls", token,
                                       "{\"number\": \"0501112233\"}");
    api_assert (r, 409, "failed");
  }

  /* call control touches only the operator's own live calls: a colleague's
   * call, or one that is over, is not theirs */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *own = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/%s", f->call2,
                                              commands[i]);
      g_autoptr (ApiReply) r = api_call (f, "POST", own, token, NULL);

      api_assert (r, 404, "not_found");
    }
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/transfer", f->call2);
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", path, token, "{\"to_user\": 3}");
    api_assert (r, 404, "not_found");
  }
  g_free (path);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/conference", f->call1);
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", path, token, "{\"consult_call_id\": 99}");
    api_assert (r, 404, "not_found");
  }
  g_free (path);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording", f->call1);
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", path, token, "{\"paused\": true}");
    api_assert (r, 404, "not_found");
  }
  {
    g_autoptr (ApiReply) inbox = api_call (f, "GET", "/api/v1/inbox", token, NULL);

    api_assert (inbox, 200, NULL);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (api_object (inbox),
                                                                           "calls")), ==, 0);
  }
}

/* The event stream */

typedef struct
{
  SoupWebsocketConnection *conn;
  GError *error;
  gboolean done;
  GPtrArray *messages;    /* JsonObject */
  gboolean closed;
} Stream;

static void
on_ws_message (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               gpointer                 data)
{
  Stream *stream = data;
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                             g_bytes_get_size (message), NULL));
  g_test_message ("event: %.*s", (int) g_bytes_get_size (message),
                  (const char *) g_bytes_get_data (message, NULL));
  g_ptr_array_add (stream->messages,
                   json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
on_ws_closed (SoupWebsocketConnection *conn,
              gpointer                 data)
{
  ((Stream *) data)->closed = TRUE;
}

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Stream *stream = data;

  stream->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                        &stream->error);
  if (stream->conn)
    {
      g_signal_connect (stream->conn, "message", G_CALLBACK (on_ws_message), stream);
      g_signal_connect (stream->conn, "closed", G_CALLBACK (on_ws_closed), stream);
    }
  stream->done = TRUE;
}

static gboolean
stream_done (gpointer data)
{
  return ((Stream *) data)->done;
}

static Stream *
stream_open (ApiFixture *f,
             const char *token,
             gboolean    in_query)
{
  g_autofree char *uri = in_query ? g_strdup_printf ("%s/api/v1/events?token=%s", f->base, token)
                                  : g_strdup_printf ("%s/api/v1/events", f->base);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  Stream *stream = g_new0 (Stream, 1);

  stream->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!in_query && token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected, stream);
  g_assert_true (desk_test_wait_until (stream_done, stream, 20000));
  return stream;
}

static void
stream_free (Stream *stream)
{
  if (stream->conn)
    {
      g_signal_handlers_disconnect_by_data (stream->conn, stream);
      if (soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (stream->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (stream->conn);
    }
  g_clear_error (&stream->error);
  g_ptr_array_unref (stream->messages);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

typedef struct
{
  Stream *stream;
  const char *type;
  gint64 user_id;
} Wanted;

static JsonObject *
find_message (Stream     *stream,
              const char *type,
              gint64      user_id)
{
  for (guint i = 0; i < stream->messages->len; i++)
    {
      JsonObject *message = g_ptr_array_index (stream->messages, i);

      if (g_strcmp0 (json_object_get_string_member (message, "type"), type) == 0 &&
          (user_id == 0 || json_object_get_int_member (message, "user_id") == user_id))
        return message;
    }
  return NULL;
}

static gboolean
message_arrived (gpointer data)
{
  Wanted *wanted = data;

  return find_message (wanted->stream, wanted->type, wanted->user_id) != NULL;
}

static JsonObject *
wait_message (Stream     *stream,
              const char *type,
              gint64      user_id)
{
  Wanted wanted = { stream, type, user_id };

  desk_test_wait_until (message_arrived, &wanted, 10000);
  return find_message (stream, type, user_id);
}

static gboolean
stream_closed (gpointer data)
{
  return ((Stream *) data)->closed;
}

static gboolean
flush_a_moment (gpointer data)
{
  return FALSE;
}

static void
test_events (ApiFixture *f, gconstpointer data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *op2 = api_login (f, "op2");
  g_autofree char *super = api_login (f, "super");
  g_autoptr (Stream) mine = stream_open (f, op1, TRUE);
  g_autoptr (Stream) colleague = stream_open (f, op2, FALSE);
  g_autoptr (Stream) boss = stream_open (f, super, FALSE);
  JsonObject *hello, *changed;

  g_assert_no_error (mine->error);
  g_assert_no_error (colleague->error);
  g_assert_no_error (boss->error);
  hello = wait_message (mine, "hello", 0);
  g_assert_nonnull (hello);
  g_assert_cmpstr (json_object_get_string_member (hello, "state"), ==, "offline");

  {
    g_autoptr (ApiReply) r = api_call (f, "PUT", "/api/v1/me/state", op1,
                                       "{\"state\": \"available\"}");
    api_assert (r, 200, NULL);
  }
  changed = wait_message (mine, "agent-state-changed", f->op1);
  g_assert_nonnull (changed);
  g_assert_cmpstr (json_object_get_string_member (changed, "state"), ==, "available");
  /* supervisors see every operator's state; colleagues do not */
  g_assert_nonnull (wait_message (boss, "agent-state-changed", f->op1));
  desk_test_wait_until (flush_a_moment, NULL, 300);
  g_assert_null (find_message (colleague, "agent-state-changed", f->op1));

  /* logging out closes that session's stream, and only that one */
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/logout", op1, NULL);
    api_assert (r, 200, NULL);
  }
  g_assert_true (desk_test_wait_until (stream_closed, mine, 10000));
  g_assert_cmpint (soup_websocket_connection_get_close_code (mine->conn), ==, 4001);
  g_assert_false (colleague->closed);
  g_assert_false (boss->closed);
}

static void
test_events_auth (ApiFixture *f, gconstpointer data)
{
  g_autoptr (Stream) none = stream_open (f, NULL, FALSE);
  g_autoptr (Stream) bad = stream_open (f, "bad-token", TRUE);
  g_autofree char *token = api_login (f, "op1");

  g_assert_null (none->conn);
  g_assert_nonnull (none->error);
  g_assert_null (bad->conn);
  g_assert_nonnull (bad->error);
  {
    /* a plain GET on the stream's address is told what it is */
    g_autoptr (ApiReply) r = api_call (f, "GET", "/api/v1/events", token, NULL);
    api_assert (r, 400, "invalid");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "GET", "/api/v1/events", NULL, NULL);
    api_assert (r, 401, "auth");
  }
}

/* A stream whose session is revoked elsewhere (all of a user's sessions
 * ended from the server window) closes at its next check. */
static void
test_events_revoked (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = api_login (f, "op2");
  g_autoptr (Stream) stream = stream_open (f, token, TRUE);

  g_assert_no_error (stream->error);
  g_assert_nonnull (wait_message (stream, "hello", 0));
  g_assert_cmpint (desk_store_revoke_user_sessions (f->store, f->owner, f->op2, &error), ==, 1);
  g_assert_true (desk_test_wait_until (stream_closed, stream, 40000));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/desk/web/api/" path, ApiFixture, NULL, api_fixture_setup, func, \
              api_fixture_teardown)
  ADD ("login", test_login);
  ADD ("sessions-survive-restart", test_sessions_survive_restart);
  ADD ("logout", test_logout);
  ADD ("auth-required", test_auth_required);
  ADD ("revoked-elsewhere", test_revoked_elsewhere);
  ADD ("lockout", test_lockout);
  ADD ("rate-limit", test_rate_limit);
  ADD ("bad-requests", test_bad_requests);
  ADD ("agent-state", test_agent_state);
  ADD ("calls", test_calls);
  ADD ("events", test_events);
  ADD ("events-auth", test_events_auth);
  ADD ("events-revoked", test_events_revoked);
#undef ADD
  return g_test_run ();
}
