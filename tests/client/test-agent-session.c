/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeskAgentSession against a real demo server: status changes that come
 * back as events, a real call from a baresip caller through the demo IVR
 * to op1's baresip phone, and the event stream surviving a dropped
 * connection (a TCP relay in front of the server, closed under it). */
#include "desk-agent-session.h"
#include "desk-error.h"
#include "desk-test-server.h"
#include "panel-test-common.h"
#include "pbx-test-common.h"

#define CALLER_USER "0501234567"
/* The same number as the office writes it (the demo office is in Ukraine). */
#define CALLER_E164 "+380501234567"

typedef struct
{
  DeskTestServer *server;
  DeskAgentSession *session;
  GPtrArray *offered;   /* DeskInboxItem from "contact-offered" */
  GPtrArray *events;    /* char *: every event type, in order */
  GError *ended;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static void
on_offered (DeskAgentSession *session,
            DeskInboxItem    *item,
            Fixture          *f)
{
  /* The state at the moment of the signal is what the window shows. */
  g_assert_cmpint (desk_inbox_item_get_state (item), ==, DESK_INBOX_OFFERED);
  g_ptr_array_add (f->offered, g_object_ref (item));
}

static void
on_event (DeskAgentSession *session,
          const char       *type,
          JsonObject       *message,
          Fixture          *f)
{
  g_ptr_array_add (f->events, g_strdup (type));
}

static void
on_ended (DeskAgentSession *session,
          GError           *reason,
          Fixture          *f)
{
  g_clear_error (&f->ended);
  f->ended = reason ? g_error_copy (reason) : g_error_new_literal (DESK_ERROR, 0, "ended");
}

static DeskAgentSession *
connect_session (const char  *base_uri,
                 const char  *login,
                 GError     **error)
{
  Wait wait = { NULL };
  DeskAgentSession *session;

  desk_agent_session_connect_async (base_uri, NULL, login, "demo", NULL, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 30000));
  session = desk_agent_session_connect_finish (wait.result, error);
  g_object_unref (wait.result);
  return session;
}

static void
fixture_attach (Fixture          *f,
                DeskAgentSession *session)
{
  f->session = session;
  g_signal_connect (session, "contact-offered", G_CALLBACK (on_offered), f);
  g_signal_connect (session, "event", G_CALLBACK (on_event), f);
  g_signal_connect (session, "ended", G_CALLBACK (on_ended), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->server = desk_test_server_start (FALSE);
  f->offered = g_ptr_array_new_with_free_func (g_object_unref);
  f->events = g_ptr_array_new_with_free_func (g_free);
  fixture_attach (f, connect_session (f->server->base_uri, "op1", &error));
  g_assert_no_error (error);
  g_assert_nonnull (f->session);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_ptr_array_unref (f->offered);
  g_ptr_array_unref (f->events);
  g_clear_error (&f->ended);
  desk_test_server_stop (f->server);
}

static void
action (Fixture *f,
        void   (*start) (DeskAgentSession *, DeskAgentStatus, const char *, GCancellable *,
                         GAsyncReadyCallback, gpointer),
        DeskAgentStatus status,
        const char     *reason,
        GError        **error)
{
  Wait wait = { NULL };

  start (f->session, status, reason, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  desk_agent_session_action_finish (f->session, wait.result, error);
  g_object_unref (wait.result);
}

static void
end_wrapup (Fixture  *f,
            GError  **error)
{
  Wait wait = { NULL };

  desk_agent_session_wrapup_async (f->session, 0, NULL, NULL, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  desk_agent_session_action_finish (f->session, wait.result, error);
  g_object_unref (wait.result);
}

typedef struct
{
  DeskAgentSession *session;
  DeskAgentStatus status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;

  return desk_agent_session_get_status (wait->session) == wait->status;
}

static gboolean
wait_status (Fixture         *f,
             DeskAgentStatus  status,
             guint            timeout_ms)
{
  StatusWait wait = { f->session, status };

  return desk_test_wait_until (has_status, &wait, timeout_ms);
}

/* An HTTP request with another login of the same operator (the web
 * dashboard, a second window): the session learns of it only by events. */
static void
put_state_elsewhere (Fixture    *f,
                     const char *user,
                     const char *body)
{
  g_autoptr (SoupSession) http = soup_session_new ();
  g_autofree char *login_uri = g_strconcat (f->server->base_uri, "/api/v1/login", NULL);
  g_autofree char *state_uri = g_strconcat (f->server->base_uri, "/api/v1/me/state", NULL);
  g_autoptr (SoupMessage) login = soup_message_new ("POST", login_uri);
  g_autoptr (SoupMessage) put = soup_message_new ("PUT", state_uri);
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GBytes) done = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *credentials = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"demo\"}",
                                                  user);

  soup_message_set_request_body_from_bytes (login, "application/json",
                                            g_bytes_new (credentials, strlen (credentials)));
  reply = soup_session_send_and_read (http, login, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (g_bytes_get_data (reply, NULL), &error);
  g_assert_no_error (error);
  auth = g_strconcat ("Bearer ",
                      json_object_get_string_member (json_node_get_object (root), "token"), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (put), "Authorization", auth);
  soup_message_set_request_body_from_bytes (put, "application/json",
                                            g_bytes_new (body, strlen (body)));
  done = soup_session_send_and_read (http, put, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (put), ==, 200);
}

static guint
count_items (DeskAgentSession *session,
             DeskInboxKind     kind)
{
  GListModel *inbox = desk_agent_session_get_inbox (session);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

      n += desk_inbox_item_get_kind (item) == kind;
    }
  return n;
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAgentSession) wrong = NULL;
  Wait wait = { NULL };

  g_assert_true (desk_agent_session_get_connected (f->session));
  g_assert_cmpstr (desk_agent_session_get_login (f->session), ==, "op1");
  g_assert_cmpstr (desk_agent_session_get_role (f->session), ==, "operator");
  g_assert_cmpint (desk_agent_session_get_user_id (f->session), >, 0);
  g_assert_nonnull (desk_agent_session_get_user_name (f->session));
  g_assert_nonnull (desk_agent_session_get_sip_user (f->session));
  g_assert_nonnull (desk_agent_session_get_sip_password (f->session));
  g_assert_cmpuint (desk_agent_session_get_sip_port (f->session), ==, f->server->sip_port);
  g_assert_cmpint (desk_agent_session_get_status (f->session), ==, DESK_AGENT_STATUS_OFFLINE);
  /* The demo's open callbacks wait in the inbox; no call yet. */
  g_assert_cmpuint (count_items (f->session, DESK_INBOX_CALL), ==, 0);
  g_assert_cmpuint (count_items (f->session, DESK_INBOX_CALLBACK), >, 0);
  /* Portal requests may come first; each callback names whom to call. */
  {
    GListModel *inbox = desk_agent_session_get_inbox (f->session);

    for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
      {
        g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

        if (desk_inbox_item_get_kind (item) != DESK_INBOX_CALLBACK)
          continue;
        g_assert_cmpint (desk_inbox_item_get_state (item), ==, DESK_INBOX_WAITING);
        g_assert_true (g_str_has_prefix (desk_inbox_item_get_number (item), "+380"));
      }
  }
  g_assert_true (g_list_model_get_item_type (desk_agent_session_get_inbox (f->session)) ==
                 DESK_TYPE_INBOX_ITEM);

  desk_agent_session_connect_async (f->server->base_uri, NULL, "op1", "nope", NULL, NULL,
                                    on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  wrong = desk_agent_session_connect_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_null (wrong);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  action (f, desk_agent_session_set_status_async, DESK_AGENT_STATUS_AVAILABLE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_AVAILABLE, 5000));

  /* Busy is the office's to decide. */
  action (f, desk_agent_session_set_status_async, DESK_AGENT_STATUS_BUSY, NULL, &error);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  action (f, desk_agent_session_set_status_async, DESK_AGENT_STATUS_BREAK, "Обід", &error);
  g_assert_no_error (error);
  g_assert_cmpint (desk_agent_session_get_status (f->session), ==, DESK_AGENT_STATUS_BREAK);
  g_assert_cmpstr (desk_agent_session_get_break_reason (f->session), ==, "Обід");

  /* Changed elsewhere: only the event stream can tell this session. */
  put_state_elsewhere (f, "op1", "{\"state\":\"available\"}");
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_AVAILABLE, 10000));
  g_assert_null (desk_agent_session_get_break_reason (f->session));
  put_state_elsewhere (f, "op1", "{\"state\":\"break\",\"reason\":\"Навчання\"}");
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_BREAK, 10000));
  g_assert_null (f->ended);
}

/* A call ------------------------------------------------------------------- */

static gboolean
phone_registered (gpointer data)
{
  return strstr (desk_test_process_get_output (((PbxPhone *) data)->process), "200 OK") != NULL;
}

/* The test follows its own caller's call. The demo office has due
 * callbacks, and they are offered to an operator who turns available
 * before any call comes: the test declines them, as the operator would. */
typedef struct
{
  Fixture *f;
  DeskInboxItem *item;
  DeskInboxState state;
  guint declined;
} ItemWait;

static gboolean
caller_offered (gpointer data)
{
  ItemWait *wait = data;

  for (guint i = 0; i < wait->f->offered->len; i++)
    {
      DeskInboxItem *item = g_ptr_array_index (wait->f->offered, i);

      if (desk_inbox_item_get_kind (item) == DESK_INBOX_CALL &&
          g_strcmp0 (desk_inbox_item_get_number (item), CALLER_E164) == 0)
        {
          wait->item = item;
          return TRUE;
        }
      if (desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED &&
          g_object_get_data (G_OBJECT (item), "declined") == NULL)
        {
          g_test_message ("declining %s offered before the caller",
                          desk_inbox_item_get_number (item));
          g_object_set_data (G_OBJECT (item), "declined", GINT_TO_POINTER (1));
          desk_agent_session_decline_async (wait->f->session, item, NULL, NULL, NULL);
          wait->declined++;
        }
    }
  return FALSE;
}

typedef struct
{
  PbxPhone *phone;
  char *text;
} PhoneWait;

static gboolean
phone_says (gpointer data)
{
  PhoneWait *wait = data;

  return strstr (desk_test_process_get_output (wait->phone->process), wait->text) != NULL;
}

static gboolean
item_in_state (gpointer data)
{
  ItemWait *wait = data;

  return desk_inbox_item_get_state (wait->item) == wait->state &&
         desk_agent_session_find_item (wait->f->session, DESK_INBOX_CALL,
                                       desk_inbox_item_get_id (wait->item)) == wait->item;
}

static gboolean
item_gone (gpointer data)
{
  ItemWait *wait = data;

  return desk_agent_session_find_item (wait->f->session, DESK_INBOX_CALL,
                                       desk_inbox_item_get_id (wait->item)) == NULL;
}

static gboolean
wrapup_counted_down (gpointer data)
{
  guint *start = data;
  return start[1] > 0 && start[1] < start[0];
}

static void
on_wrapup_left (DeskAgentSession *session,
                GParamSpec       *pspec,
                guint            *seen)
{
  guint left = desk_agent_session_get_wrapup_seconds_left (session);

  if (seen[0] == 0)
    seen[0] = left;
  seen[1] = left;
}

static void
test_call (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *account = NULL;
  g_autofree char *wav = NULL;
  PbxFixture base = { 0 };
  PbxPhone *phone, *caller;
  ItemWait wait = { f, NULL, DESK_INBOX_OFFERED };
  DeskInboxItem *item;
  guint seen[2] = { 0, 0 };
  g_autofree char *age = NULL;

  if (!pbx_require_phones ())
    return;
  tmpdir = desk_test_tmpdir_new ("desk-session-call");
  base.port = f->server->sip_port;
  base.tmpdir = tmpdir;
  wav = pbx_write_tone_wav (&base, "tone.wav", 440.0, 60, -1);

  /* op1's phone, with the SIP account the login handed out. */
  account = g_strdup_printf ("auth_pass=%s;regint=600;answermode=manual",
                             desk_agent_session_get_sip_password (f->session));
  phone = pbx_phone_start (&base, "op1-phone", desk_agent_session_get_sip_user (f->session),
                           account, wav);
  g_assert_true (desk_test_wait_until (phone_registered, phone, 10000));

  action (f, desk_agent_session_set_status_async, DESK_AGENT_STATUS_AVAILABLE, NULL, &error);
  g_assert_no_error (error);

  /* An outside caller asks the IVR for the operator. */
  caller = pbx_phone_start (&base, "caller", CALLER_USER, "regint=0", wav);
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->server->sip_port);
  pbx_let_audio_flow (2500);
  pbx_phone_command (caller, "/sndcode 0\n");

  g_assert_true (desk_test_wait_until (caller_offered, &wait, 40000));
  item = wait.item;
  g_test_message ("%u offers declined before the caller's", wait.declined);
  g_assert_true (item_in_state (&wait));
  /* The number the office shows is the one op1's phone rings with. */
  {
    PhoneWait ringing = { phone, NULL };

    ringing.text = g_strdup_printf ("Incoming call from:  sip:%s@", CALLER_E164);
    g_assert_true (desk_test_wait_until (phone_says, &ringing, 5000));
    g_free (ringing.text);
  }
  g_assert_cmpstr (desk_inbox_item_get_title (item), ==, CALLER_E164);
  age = desk_inbox_item_dup_age_text (item, desk_inbox_item_get_since (item) + 65);
  g_assert_cmpstr (age, ==, "Ringing 1:05");

  /* Accepting a call declines the other offers; the phone answers it. */
  {
    Wait accepted = { NULL };

    desk_agent_session_accept_async (f->session, item, NULL, on_done, &accepted);
    g_assert_true (desk_test_wait_until (have_result, &accepted, 5000));
    g_assert_true (desk_agent_session_action_finish (f->session, accepted.result, &error));
    g_assert_no_error (error);
    g_object_unref (accepted.result);
  }
  g_assert_cmpint (desk_inbox_item_get_state (item), ==, DESK_INBOX_OFFERED);
  pbx_phone_command (phone, "/accept\n");
  wait.state = DESK_INBOX_ACTIVE;
  if (!desk_test_wait_until (item_in_state, &wait, 10000))
    g_error ("The call is not active; op1's phone says:\n%s",
             desk_test_process_get_output (phone->process));
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_BUSY, 10000));

  /* The caller hangs up: wrap-up, counting down. */
  g_signal_connect (f->session, "notify::wrapup-seconds-left", G_CALLBACK (on_wrapup_left),
                    seen);
  pbx_phone_command (caller, "/hangup\n");
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_WRAPUP, 10000));
  g_assert_true (desk_test_wait_until (wrapup_counted_down, seen, 5000));
  g_assert_cmpuint (seen[0], <=, 30);
  wait.state = DESK_INBOX_ENDED;
  g_assert_true (desk_test_wait_until (item_in_state, &wait, 2000));

  end_wrapup (f, &error);
  g_assert_no_error (error);
  g_assert_true (wait_status (f, DESK_AGENT_STATUS_AVAILABLE, 10000));
  g_assert_true (desk_test_wait_until (item_gone, &wait, 5000));
  g_assert_cmpuint (desk_agent_session_get_wrapup_seconds_left (f->session), ==, 0);

  pbx_phone_free (caller);
  pbx_phone_free (phone);
  desk_test_tmpdir_free (g_steal_pointer (&tmpdir));
}

/* Reconnect ---------------------------------------------------------------- */

/* A TCP relay on 127.0.0.1 in front of the server: cutting its
 * connections is a network failure as the client sees it, and while it is
 * down it hangs up on every new one, as an unreachable server would. */
typedef struct
{
  GSocketService *service;
  guint16 port;
  guint target;
  gboolean down;
  GPtrArray *pairs;   /* GSocketConnection, two per relayed connection */
} Relay;

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  /* A cut ends the splice with an error on whichever side goes first:
   * both are closed by then, nothing is left to do. */
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
on_relay_incoming (GSocketService    *service,
                   GSocketConnection *incoming,
                   GObject           *source,
                   Relay             *relay)
{
  g_autoptr (GSocketClient) client = NULL;
  g_autoptr (GSocketConnection) outgoing = NULL;

  if (relay->down)
    {
      g_io_stream_close (G_IO_STREAM (incoming), NULL, NULL);
      return TRUE;
    }
  client = g_socket_client_new ();
  outgoing = g_socket_client_connect_to_host (client, "127.0.0.1", relay->target, NULL, NULL);
  if (outgoing == NULL)
    {
      g_io_stream_close (G_IO_STREAM (incoming), NULL, NULL);
      return TRUE;
    }
  g_ptr_array_add (relay->pairs, g_object_ref (incoming));
  g_ptr_array_add (relay->pairs, g_object_ref (outgoing));
  g_io_stream_splice_async (G_IO_STREAM (incoming), G_IO_STREAM (outgoing),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, on_spliced, NULL);
  return TRUE;
}

static void
relay_start (Relay *relay,
             guint  target)
{
  g_autoptr (GError) error = NULL;

  relay->service = g_socket_service_new ();
  relay->target = target;
  relay->pairs = g_ptr_array_new_with_free_func (g_object_unref);
  relay->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (relay->service), NULL,
                                                     &error);
  g_assert_no_error (error);
  g_signal_connect (relay->service, "incoming", G_CALLBACK (on_relay_incoming), relay);
  g_socket_service_start (relay->service);
}

static void
relay_cut (Relay *relay)
{
  /* Shut down, not closed: the splice still owns the streams, sees the
   * end and closes both itself; a side it closed already just fails. */
  for (guint i = 0; i < relay->pairs->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (relay->pairs, i)),
                       TRUE, TRUE, NULL);
  g_ptr_array_set_size (relay->pairs, 0);
}

static void
relay_stop (Relay *relay)
{
  /* Stopped before it is dropped: closing the listener under a pending
   * accept is a warning, a stopped service cancels it instead. */
  g_socket_service_stop (relay->service);
  relay_cut (relay);
  g_ptr_array_unref (relay->pairs);
  g_clear_object (&relay->service);
}

static gboolean
is_connected (gpointer data)
{
  return desk_agent_session_get_connected (data);
}

static gboolean
is_disconnected (gpointer data)
{
  return !desk_agent_session_get_connected (data);
}

typedef struct
{
  DeskAgentSession *session;
  gint64 chat_id;
} ChatWait;

static gboolean
chat_offered (gpointer data)
{
  ChatWait *wait = data;
  DeskInboxItem *item = desk_agent_session_find_item (wait->session, DESK_INBOX_CHAT,
                                                      wait->chat_id);

  return item && desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED;
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (DeskAgentSession) session = NULL;
  g_autoptr (PanelVisitor) visitor = NULL;
  Relay relay = { 0 };

  relay_start (&relay, f->server->http_port);
  uri = g_strdup_printf ("http://127.0.0.1:%u", relay.port);
  session = connect_session (uri, "op2", &error);
  g_assert_no_error (error);
  g_assert_true (desk_agent_session_get_connected (session));

  /* Cut: the stream notices and comes back by itself (1 s backoff). */
  relay_cut (&relay);
  g_assert_true (desk_test_wait_until (is_disconnected, session, 5000));
  g_assert_true (desk_test_wait_until (is_connected, session, 10000));

  /* Cut while the server is unreachable: it keeps trying. */
  relay.down = TRUE;
  relay_cut (&relay);
  g_assert_true (desk_test_wait_until (is_disconnected, session, 5000));
  g_assert_false (desk_test_wait_until (is_connected, session, 3000));

  /* Missed meanwhile: op2 turned available elsewhere, and a website
   * visitor's chat was offered to op2. */
  g_assert_cmpint (desk_agent_session_get_status (session), ==, DESK_AGENT_STATUS_OFFLINE);
  put_state_elsewhere (f, "op2", "{\"state\":\"available\"}");
  visitor = panel_visitor_start (f->server, "Reconnect Visitor");
  g_assert_false (desk_test_wait_until (is_connected, session, 500));
  g_assert_cmpint (desk_agent_session_get_status (session), ==, DESK_AGENT_STATUS_OFFLINE);
  g_assert_null (desk_agent_session_find_item (session, DESK_INBOX_CHAT, visitor->chat_id));

  /* Back: the status and the inbox are read again. Events are not
   * replayed, so the chat can only come from reading the inbox. */
  g_signal_handlers_disconnect_by_func (f->session, on_event, f);
  g_ptr_array_set_size (f->events, 0);
  g_signal_connect (session, "event", G_CALLBACK (on_event), f);
  relay.down = FALSE;
  g_assert_true (desk_test_wait_until (is_connected, session, 15000));
  {
    StatusWait wait = { session, DESK_AGENT_STATUS_AVAILABLE };

    g_assert_true (desk_test_wait_until (has_status, &wait, 5000));
  }
  {
    ChatWait wait = { session, visitor->chat_id };

    g_assert_true (desk_test_wait_until (chat_offered, &wait, 5000));
  }
  for (guint i = 0; i < f->events->len; i++)
    g_assert_cmpstr (g_ptr_array_index (f->events, i), !=, "chat-offered");
  g_assert_null (f->ended);

  g_clear_object (&session);
  relay_stop (&relay);
}

static gboolean
has_ended (gpointer data)
{
  return ((Fixture *) data)->ended != NULL;
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  desk_agent_session_logout (f->session);
  g_assert_true (desk_test_wait_until (has_ended, f, 5000));
  g_assert_error (f->ended, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_SESSION_ENDED);
  g_assert_false (desk_agent_session_get_connected (f->session));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/client/session/connect", Fixture, NULL, fixture_setup, test_connect,
              fixture_teardown);
  g_test_add ("/desk/client/session/status", Fixture, NULL, fixture_setup, test_status,
              fixture_teardown);
  g_test_add ("/desk/client/session/call", Fixture, NULL, fixture_setup, test_call,
              fixture_teardown);
  g_test_add ("/desk/client/session/reconnect", Fixture, NULL, fixture_setup, test_reconnect,
              fixture_teardown);
  g_test_add ("/desk/client/session/logout", Fixture, NULL, fixture_setup, test_logout,
              fixture_teardown);

  return g_test_run ();
}
