/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-sessions"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"
#include "desk-password.h"

/*
 * Logging in and out, and who sends a request.
 *
 * A token is 32 random bytes; the store keeps only its SHA-256, so a
 * session survives a restart of the server while a copy of the data file
 * lets nobody in.
 *
 * Guessing passwords is slowed twice over: each address gets a small burst
 * of logins and then one every few seconds, and each login name that fails
 * is answered later and later, then locked for a while after
 * LOCK_AFTER failures in a row. An unknown login and a wrong password get
 * the same answer, the same delays and the same lockout, so the answers do
 * not tell which logins exist. Passwords are never logged.
 */

/* Per address: a burst of logins (an office behind one NAT address logs
 * in at 9:00), then one every 5 seconds. */
#define LOGIN_BURST 20
#define LOGIN_PER_SECOND 0.2

#define LOCK_AFTER 5
#define FIRST_DELAY_MS 250         /* doubles with each failure in a row */
#define FIRST_LOCK_MINUTES 5       /* doubles with each lockout */
#define MAX_LOCK_MINUTES 60
#define FORGET_FAILURES_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)  /* failures this old start over */
#define FORGET_IDLE_US (60 * G_USEC_PER_SEC)            /* when the table is full */
#define MAX_TRACKED_LOGINS 10000
#define MAX_LOGIN_KEY 64

typedef struct
{
  guint failures;        /* in a row, since the last lockout or success */
  guint lockouts;
  gint64 locked_until_us;
  gint64 last_us;
} LoginFailures;

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
_desk_web_token_hash (SoupServerMessage *msg,
                      GHashTable        *query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const char *token = NULL;

  if (header && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = header + 7;
  else if (query)
    token = g_hash_table_lookup (query, "token");
  while (token && *token == ' ')
    token++;
  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return NULL;
  return hash_token (token);
}

static gboolean
session_user (DeskWebServer  *self,
              const char     *token_hash,
              DeskUser      **user_out,
              gint64         *expires_at_out)
{
  DeskStore *store = _desk_web_store (self);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) user = NULL;
  gint64 user_id = 0, expires_at = 0;
  gboolean revoked = TRUE;

  if (!desk_store_get_session (store, token_hash, &user_id, &expires_at, &revoked, &error))
    {
      if (!g_error_matches (error, DESK_ERROR, DESK_ERROR_NOT_FOUND))
        g_message ("A session could not be read: %s", error->message);
      return FALSE;
    }
  if (revoked || expires_at <= g_get_real_time () / G_USEC_PER_SEC)
    return FALSE;
  user = desk_store_get_user (store, user_id, NULL);
  if (user == NULL || !user->active)
    return FALSE;
  if (user_out)
    *user_out = g_steal_pointer (&user);
  if (expires_at_out)
    *expires_at_out = expires_at;
  return TRUE;
}

gboolean
_desk_web_session_is_live (DeskWebServer *self,
                           const char    *token_hash,
                           gint64        *expires_at)
{
  return session_user (self, token_hash, NULL, expires_at);
}

static const char *
role_needed (int min_role)
{
  switch (min_role)
    {
    case DESK_ROLE_OWNER:
      return _("Only the owner may do this");
    case DESK_ROLE_SUPERVISOR:
      return _("Only supervisors and the owner may do this");
    default:
      return _("You may not do this");
    }
}

DeskUser *
_desk_web_require_user (DeskWebServer      *self,
                        SoupServerMessage  *msg,
                        GHashTable         *query,
                        int                 min_role,
                        char              **token_hash_out)
{
  g_autofree char *token_hash = _desk_web_token_hash (msg, query);
  g_autoptr (DeskUser) user = NULL;

  if (token_hash == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      desk_web_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "auth", _("Log in first"));
      return NULL;
    }
  if (!session_user (self, token_hash, &user, NULL))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      desk_web_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "auth",
                            _("Your session has ended; log in again"));
      return NULL;
    }
  if ((int) user->role < min_role)
    {
      desk_web_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", role_needed (min_role));
      return NULL;
    }
  if (token_hash_out)
    *token_hash_out = g_steal_pointer (&token_hash);
  return g_steal_pointer (&user);
}

void
_desk_web_add_user (JsonBuilder *builder,
                    DeskUser    *user)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", user->id);
  desk_web_set_string (builder, "login", user->login);
  desk_web_set_string (builder, "name", user->display_name);
  desk_web_set_nick (builder, "role", DESK_TYPE_ROLE, user->role);
  json_builder_end_object (builder);
}

/* Login */

static char *
login_key (const char *login)
{
  g_autofree char *folded = NULL;
  const char *end;

  /* Logins compare without case in the store; a long garbage login is cut
   * so that the table's keys stay small. */
  g_utf8_validate (login, -1, &end);
  folded = g_utf8_casefold (login, end - login);
  if (strlen (folded) > MAX_LOGIN_KEY)
    {
      const char *cut = g_utf8_find_prev_char (folded, folded + MAX_LOGIN_KEY + 1);

      return g_strndup (folded, cut ? (gsize) (cut - folded) : MAX_LOGIN_KEY);
    }
  return g_steal_pointer (&folded);
}

static void
forget_old_failures (DeskWebServer *self,
                     gint64         now_us)
{
  GHashTableIter iter;
  LoginFailures *entry;

  if (g_hash_table_size (self->login_failures) < MAX_TRACKED_LOGINS)
    return;
  g_hash_table_iter_init (&iter, self->login_failures);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->locked_until_us < now_us && now_us - entry->last_us > FORGET_IDLE_US)
      g_hash_table_iter_remove (&iter);
}

static guint
minutes_left (gint64 until_us,
              gint64 now_us)
{
  return (guint) ((until_us - now_us + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC));
}

static void
reply_locked (SoupServerMessage *msg,
              gint64             until_us,
              gint64             now_us)
{
  guint minutes = MAX (1, minutes_left (until_us, now_us));
  g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            MAX (1, (until_us - now_us) / G_USEC_PER_SEC));
  g_autofree char *message = NULL;

  message = g_strdup_printf (ngettext ("Too many failed logins: this login is locked for "
                                       "%u more minute",
                                       "Too many failed logins: this login is locked for "
                                       "%u more minutes", minutes), minutes);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry);
  desk_web_reply_error (msg, DESK_WEB_STATUS_TOO_MANY_REQUESTS, "locked", message);
}

static gboolean
on_delay_done (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

/* Answers a failed login later and later: each failure in a row doubles
 * the wait, so a guessing script slows down long before the lockout. */
static void
delay_reply (SoupServerMessage *msg,
             guint              failures)
{
  guint delay_ms = FIRST_DELAY_MS << MIN (failures - 1, 8);

  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, on_delay_done, g_object_ref (msg),
                      g_object_unref);
}

static JsonNode *
login_reply (DeskWebServer *self,
             DeskUser      *user,
             const char    *token,
             gint64         expires_at)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "token", token);
  desk_web_set_int (builder, "expires_at", expires_at);
  desk_web_set_int (builder, "expires_in", DESK_WEB_SESSION_SECONDS);
  json_builder_set_member_name (builder, "user");
  _desk_web_add_user (builder, user);
  json_builder_set_member_name (builder, "sip");
  if (user->sip_user)
    {
      json_builder_begin_object (builder);
      desk_web_set_string (builder, "user", user->sip_user);
      desk_web_set_string (builder, "password", user->sip_password);
      desk_web_set_int (builder, "port", desk_office_get_sip_port (self->office));
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_login (DeskWebRequest *request)
{
  DeskWebServer *self = request->self;
  SoupServerMessage *msg = request->msg;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (DeskUser) user = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autofree char *address = desk_web_client_address (msg);
  g_autofree char *key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  const char *login = NULL, *password = NULL;
  gint64 now_us = g_get_monotonic_time ();
  gint64 expires_at;
  LoginFailures *entry;

  if (!desk_web_limiter_allow (self->login_limiter, address, now_us))
    {
      guint seconds = desk_web_limiter_retry_after (self->login_limiter, address, now_us);
      g_autofree char *retry = g_strdup_printf ("%u", seconds);
      g_autofree char *message = g_strdup_printf (ngettext ("Too many logins from your address; "
                                                            "try again in %u second",
                                                            "Too many logins from your address; "
                                                            "try again in %u seconds", seconds),
                                                  seconds);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry);
      desk_web_reply_error (msg, DESK_WEB_STATUS_TOO_MANY_REQUESTS, "rate_limited", message);
      return;
    }
  body = _desk_web_body (request);
  if (body == NULL)
    return;
  login = desk_web_get_string (body, "login");
  password = desk_web_get_string (body, "password");
  if (login == NULL || password == NULL || *login == '\0')
    {
      desk_web_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("Send “login” and “password” as strings"));
      return;
    }

  key = login_key (login);
  entry = g_hash_table_lookup (self->login_failures, key);
  if (entry && entry->locked_until_us > now_us)
    {
      reply_locked (msg, entry->locked_until_us, now_us);
      return;
    }

  user = desk_store_authenticate (_desk_web_store (self), login, password, &error);
  if (user == NULL)
    {
      g_autofree char *shown = g_strescape (key, NULL);

      if (!g_error_matches (error, DESK_ERROR, DESK_ERROR_AUTH))
        {
          desk_web_reply_gerror (msg, error);
          return;
        }
      g_message ("Failed login for “%s” from %s", shown, address);
      if (entry == NULL)
        {
          forget_old_failures (self, now_us);
          entry = g_new0 (LoginFailures, 1);
          g_hash_table_insert (self->login_failures, g_strdup (key), entry);
        }
      if (now_us - entry->last_us > FORGET_FAILURES_US)
        entry->failures = 0;
      entry->last_us = now_us;
      if (++entry->failures >= LOCK_AFTER)
        {
          guint minutes = MIN (FIRST_LOCK_MINUTES << MIN (entry->lockouts, 8), MAX_LOCK_MINUTES);

          entry->lockouts++;
          entry->failures = 0;
          entry->locked_until_us = now_us + (gint64) minutes * 60 * G_USEC_PER_SEC;
          g_message ("Login “%s” locked for %u minutes", shown, minutes);
          reply_locked (msg, entry->locked_until_us, now_us);
          return;
        }
      desk_web_reply_gerror (msg, error);
      delay_reply (msg, entry->failures);
      return;
    }
  if (entry)
    {
      entry->failures = 0;
      entry->last_us = now_us;
    }

  token = desk_random_token (32);
  token_hash = hash_token (token);
  expires_at = g_get_real_time () / G_USEC_PER_SEC + DESK_WEB_SESSION_SECONDS;
  if (!desk_store_add_session (_desk_web_store (self), token_hash, user->id, expires_at, &error))
    {
      desk_web_reply_gerror (msg, error);
      return;
    }
  reply = login_reply (self, user, token, expires_at);
  desk_web_reply_json (msg, SOUP_STATUS_OK, reply);
}

static void
on_logout (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;

  if (!desk_store_revoke_session (_desk_web_store (request->self), request->token_hash, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  /* An operator who signs out of their last window is not there to take
   * contacts: they go offline (refused while on a call; they stay then). */
  if (!_desk_web_events_user_connected (request->self, request->user->id, request->token_hash))
    {
      DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);

      if (flow && desk_call_flow_get_agent_state (flow, request->user->id) !=
                  DESK_AGENT_STATE_OFFLINE &&
          !desk_call_flow_agent_logout (flow, request->user->id, &error))
        g_message ("User %" G_GINT64_FORMAT " stays on after logging out: %s", request->user->id,
                   error->message);
    }
  _desk_web_events_end_session (request->self, request->token_hash);
  _desk_web_reply_ok (request->msg);
}

const DeskWebRoute _desk_web_session_routes[] = {
  { "POST", "/login", DESK_WEB_PUBLIC, on_login },
  { "POST", "/logout", DESK_ROLE_OPERATOR, on_logout },
  { NULL }
};

void
_desk_web_sessions_init (DeskWebServer *self)
{
  self->login_limiter = desk_web_limiter_new (LOGIN_BURST, LOGIN_PER_SECOND);
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_desk_web_sessions_dispose (DeskWebServer *self)
{
  g_clear_pointer (&self->login_limiter, desk_web_limiter_free);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
}
