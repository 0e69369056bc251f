/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API client against a real demo server: login, the server's own
 * error messages, and TLS pinning (trust on first use, a changed
 * certificate refused, the mDNS fingerprint enforced), and the same
 * through the agent's session with the pins kept in GSettings. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "desk-agent-session.h"
#include "desk-api-client.h"
#include "desk-error.h"
#include "desk-test-server.h"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static DeskSession *
login (DeskApiClient  *client,
       const char     *user,
       const char     *password,
       GError        **error)
{
  Wait wait = { NULL };
  DeskSession *session;

  desk_api_client_login_async (client, user, password, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  session = desk_api_client_login_finish (client, wait.result, error);
  g_object_unref (wait.result);
  return session;
}

static JsonNode *
request (DeskApiClient  *client,
         const char     *method,
         const char     *path,
         JsonNode       *body,
         GError        **error)
{
  Wait wait = { NULL };
  JsonNode *root;

  desk_api_client_request_async (client, method, path, body, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  root = desk_api_client_request_finish (client, wait.result, error);
  g_object_unref (wait.result);
  return root;
}

static void
test_login (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (FALSE);
  g_autoptr (DeskApiClient) client = desk_api_client_new (server->base_uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSession) session = NULL;
  g_autoptr (JsonNode) me = NULL;

  session = login (client, "op1", "wrong", &error);
  g_assert_null (session);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (desk_api_client_get_token (client));
  g_clear_error (&error);

  session = login (client, "op1", "demo", &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpstr (session->login, ==, "op1");
  g_assert_cmpstr (session->role, ==, "operator");
  g_assert_cmpint (session->user_id, >, 0);
  g_assert_nonnull (session->sip_user);
  g_assert_nonnull (session->sip_password);
  g_assert_cmpuint (session->sip_port, ==, server->sip_port);
  g_assert_cmpstr (desk_api_client_get_token (client), ==, session->token);

  /* The token is what authorises /me. */
  me = request (client, "GET", "/me", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (me));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (me), "user"), "login"),
                   ==, "op1");
}

static void
on_token_refused (DeskApiClient *client,
                  guint         *count)
{
  (*count)++;
}

static void
test_request_errors (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (FALSE);
  g_autoptr (DeskApiClient) client = desk_api_client_new (server->base_uri);
  g_autoptr (DeskApiClient) nowhere = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSession) session = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *uri = NULL;
  guint refused = 0;

  g_signal_connect (client, "token-refused", G_CALLBACK (on_token_refused), &refused);

  /* No token yet: 401, but no session ended either. */
  reply = request (client, "GET", "/me", NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_cmpuint (refused, ==, 0);
  g_clear_error (&error);

  session = login (client, "op1", "demo", &error);
  g_assert_no_error (error);

  /* The server's 404 message comes through as it is. */
  reply = request (client, "GET", "/clients/999999", NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, "HTTP"));
  g_clear_error (&error);

  /* A body the server rejects: 4xx with its explanation. */
  body = json_from_string ("{\"state\": \"sleeping\"}", NULL);
  reply = request (client, "PUT", "/me/state", body, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_test_message ("invalid state: %s", error->message);
  g_clear_error (&error);

  /* A revoked token: 401 and "token-refused". */
  desk_api_client_set_token (client, "not-a-token");
  reply = request (client, "GET", "/me", NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_cmpuint (refused, ==, 1);
  g_clear_error (&error);

  /* Nobody listening. */
  uri = g_strdup_printf ("http://127.0.0.1:%u", desk_test_free_port ());
  nowhere = desk_api_client_new (uri);
  reply = request (nowhere, "GET", "/status", NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, uri));
}

static void
test_pin_first_use (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (TRUE);
  g_autoptr (DeskApiClient) client = desk_api_client_new (server->base_uri);
  g_autoptr (DeskApiClient) pinned = desk_api_client_new (server->base_uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSession) session = NULL;
  g_autoptr (DeskSession) again = NULL;

  /* First use: accepted, and the certificate's fingerprint is the one the
   * server printed. */
  session = login (client, "op2", "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desk_api_client_get_peer_fingerprint (client), ==, server->fingerprint);

  /* Pinned to that fingerprint: accepted again. */
  desk_api_client_set_pinned_fingerprint (pinned, server->fingerprint);
  again = login (pinned, "op2", "demo", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
test_pin_mismatch (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (TRUE);
  g_autoptr (DeskApiClient) client = desk_api_client_new (server->base_uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskSession) session = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autofree char *other = g_strdup (server->fingerprint);

  /* Another certificate's fingerprint (one digit changed). */
  other[0] = other[0] == 'A' ? 'B' : 'A';
  desk_api_client_set_pinned_fingerprint (client, other);
  session = login (client, "op1", "demo", &error);
  g_assert_null (session);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED);
  g_assert_nonnull (strstr (error->message, server->base_uri));
  g_assert_nonnull (strstr (error->message, server->fingerprint));
  g_assert_cmpstr (desk_api_client_get_pinned_fingerprint (client), ==, other);
  g_clear_error (&error);

  /* Every request is refused, not only the login. */
  reply = request (client, "GET", "/status", NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED);
}

/* Pins through the session and GSettings --------------------------------- */

/* The app's schema with settings of its own (a fresh memory backend): no
 * test sees another's pins. */
static GSettings *
settings_new (void)
{
  g_autoptr (GSettingsSchemaSource) source = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GError) error = NULL;

  source = g_settings_schema_source_new_from_directory (DESK_TEST_SCHEMAS_DIR, NULL, TRUE,
                                                        &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, "io.github.frontdesk.Frontdesk", FALSE);
  g_assert_nonnull (schema);
  return g_settings_new_full (schema, backend, NULL);
}

static char *
dup_pin (GSettings  *settings,
         const char *base_uri)
{
  g_autoptr (GVariant) pins = g_settings_get_value (settings, "pinned-fingerprints");
  char *pin = NULL;

  if (!g_variant_lookup (pins, base_uri, "s", &pin))
    return NULL;
  return pin;
}

static guint
count_pins (GSettings *settings)
{
  g_autoptr (GVariant) pins = g_settings_get_value (settings, "pinned-fingerprints");

  return g_variant_n_children (pins);
}

static DeskAgentSession *
connect_session (const char  *base_uri,
                 const char  *expected,
                 const char  *password,
                 GSettings   *settings,
                 GError     **error)
{
  Wait wait = { NULL };
  DeskAgentSession *session;

  desk_agent_session_connect_async (base_uri, expected, "op1", password, settings, NULL,
                                    on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 30000));
  session = desk_agent_session_connect_finish (wait.result, error);
  g_object_unref (wait.result);
  return session;
}

static void
assert_last (GSettings  *settings,
             const char *server,
             const char *user)
{
  g_autofree char *last_server = g_settings_get_string (settings, "last-server");
  g_autofree char *last_user = g_settings_get_string (settings, "last-user");

  g_assert_cmpstr (last_server, ==, server);
  g_assert_cmpstr (last_user, ==, user);
}

static void
test_settings_first_use (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (TRUE);
  g_autoptr (GSettings) settings = settings_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAgentSession) refused = NULL;
  g_autoptr (DeskAgentSession) session = NULL;
  g_autofree char *pin = NULL;

  /* A wrong password pins nothing and remembers nobody. */
  refused = connect_session (server->base_uri, NULL, "nope", settings, &error);
  g_assert_null (refused);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpuint (count_pins (settings), ==, 0);
  assert_last (settings, "", "");

  /* The first good login trusts the certificate and pins it. */
  session = connect_session (server->base_uri, NULL, "demo", settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  pin = dup_pin (settings, server->base_uri);
  g_assert_cmpstr (pin, ==, server->fingerprint);
  g_assert_cmpuint (count_pins (settings), ==, 1);
  g_assert_cmpstr (desk_api_client_get_pinned_fingerprint (desk_agent_session_get_client (session)),
                   ==, NULL);
  assert_last (settings, server->base_uri, "op1");
  g_clear_object (&session);

  /* Next time the pin is what the client checks. */
  session = connect_session (server->base_uri, NULL, "demo", settings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desk_api_client_get_pinned_fingerprint (desk_agent_session_get_client (session)),
                   ==, server->fingerprint);
}

static void
test_settings_changed (void)
{
  g_autoptr (GSettings) settings = settings_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAgentSession) session = NULL;
  g_autoptr (DeskTestServer) again = NULL;
  g_autofree char *first_fingerprint = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *pin = NULL;
  guint port;

  {
    g_autoptr (DeskTestServer) server = desk_test_server_start (TRUE);

    session = connect_session (server->base_uri, NULL, "demo", settings, &error);
    g_assert_no_error (error);
    g_clear_object (&session);
    port = server->http_port;
    base_uri = g_strdup (server->base_uri);
    first_fingerprint = g_strdup (server->fingerprint);
  }

  /* Reinstalled: a fresh data folder makes a new certificate, at the
   * address the agent knows. */
  again = desk_test_server_start_full (TRUE, port, NULL);
  g_assert_cmpstr (again->base_uri, ==, base_uri);
  g_assert_cmpstr (again->fingerprint, !=, first_fingerprint);

  session = connect_session (base_uri, NULL, "demo", settings, &error);
  g_assert_null (session);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED);
  /* Said for the operator: which server, the new fingerprint to check. */
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base_uri));
  g_assert_nonnull (strstr (error->message, again->fingerprint));
  g_assert_nonnull (strstr (error->message, "administrator"));
  g_clear_error (&error);
  pin = dup_pin (settings, base_uri);
  g_assert_cmpstr (pin, ==, first_fingerprint);
  g_clear_pointer (&pin, g_free);

  /* The stored pin wins over mDNS: a neighbour can publish the new one. */
  session = connect_session (base_uri, again->fingerprint, "demo", settings, &error);
  g_assert_null (session);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED);
  pin = dup_pin (settings, base_uri);
  g_assert_cmpstr (pin, ==, first_fingerprint);
  g_assert_cmpuint (count_pins (settings), ==, 1);
}

static void
test_settings_mdns (void)
{
  g_autoptr (DeskTestServer) server = desk_test_server_start (TRUE);
  g_autoptr (GSettings) settings = settings_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAgentSession) session = NULL;
  g_autofree char *other = g_strdup (server->fingerprint);
  g_autofree char *pin = NULL;

  /* What mDNS published is not this certificate: refused, nothing kept. */
  other[1] = other[1] == 'A' ? 'B' : 'A';
  session = connect_session (server->base_uri, other, "demo", settings, &error);
  g_assert_null (session);
  g_assert_error (error, DESK_CLIENT_ERROR, DESK_CLIENT_ERROR_FINGERPRINT_CHANGED);
  g_assert_nonnull (strstr (error->message, server->fingerprint));
  g_clear_error (&error);
  g_assert_cmpuint (count_pins (settings), ==, 0);
  assert_last (settings, "", "");

  /* The published one that matches: accepted and pinned. */
  session = connect_session (server->base_uri, server->fingerprint, "demo", settings, &error);
  g_assert_no_error (error);
  pin = dup_pin (settings, server->base_uri);
  g_assert_cmpstr (pin, ==, server->fingerprint);
  assert_last (settings, server->base_uri, "op1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/client/api/login", test_login);
  g_test_add_func ("/desk/client/api/request-errors", test_request_errors);
  g_test_add_func ("/desk/client/api/pin-first-use", test_pin_first_use);
  g_test_add_func ("/desk/client/api/pin-mismatch", test_pin_mismatch);
  g_test_add_func ("/desk/client/api/settings-first-use", test_settings_first_use);
  g_test_add_func ("/desk/client/api/settings-changed", test_settings_changed);
  g_test_add_func ("/desk/client/api/settings-mdns", test_settings_mdns);

  return g_test_run ();
}
