/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-portal"

#include "desk-i18n.h"
#include "desk-web-portal-private.h"
#include "desk-web-portal-resources.h"
#include "desk-web-html.h"
#include "desk-web-json.h"
#include "desk-web-limits.h"
#include "desk-error.h"
#include "desk-password.h"

#include <string.h>

/*
 * The self-care portal: news, help with search, a request form that opens a
 * case, and a private page per case. Pages are rendered here and work with
 * no JavaScript at all; the Content-Security-Policy allows none.
 *
 * Forms carry a signed double-submit token: the visitor holds a random
 * HttpOnly cookie, and each form the HMAC of it under a secret kept in the
 * office's settings. A page on another site can neither read the cookie nor
 * make the HMAC, so it cannot post for the visitor. Posts are also limited
 * per address and in size.
 */

#define PREFIX "/portal"
#define SECRET_SETTING "portal-csrf-secret"
#define COOKIE_NAME "desk_portal"
#define COOKIE_BYTES 24

#define CSP "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " \
            "base-uri 'none'; frame-ancestors 'none'"


static void
portal_free (DeskWebPortal *portal)
{
  g_clear_object (&portal->office);
  g_free (portal->secret);
  g_free (portal->lang);
  g_clear_pointer (&portal->submit_limiter, desk_web_limiter_free);
  g_clear_pointer (&portal->follow_limiter, desk_web_limiter_free);
  g_clear_pointer (&portal->message_limiter, desk_web_limiter_free);
  g_free (portal);
}

DeskStore *
_desk_portal_store (DeskPortalVisit *visit)
{
  return desk_office_get_store (visit->portal->office);
}

gboolean
_desk_portal_is_token (const char *text,
                       gsize       min,
                       gsize       max)
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return n >= min && n <= max;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  gsize n = strlen (a);
  guchar diff = 0;

  if (n != strlen (b))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];
  return diff == 0;
}

static char *
request_cookie (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "Cookie");
  g_autoptr (GHashTable) cookies = NULL;
  const char *value;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  value = g_hash_table_lookup (cookies, COOKIE_NAME);
  return _desk_portal_is_token (value, 16, 64) ? g_strdup (value) : NULL;
}

static DeskPortalVisit *
visit_new (DeskWebPortal     *portal,
           SoupServerMessage *msg)
{
  DeskPortalVisit *visit = g_new0 (DeskPortalVisit, 1);

  visit->portal = portal;
  visit->msg = msg;
  visit->cookie = request_cookie (msg);
  if (visit->cookie == NULL)
    {
      visit->cookie = desk_random_token (COOKIE_BYTES);
      visit->new_cookie = TRUE;
    }
  visit->csrf = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) portal->secret,
                                           strlen (portal->secret), visit->cookie, -1);
  visit->office = desk_office_dup_name (portal->office);
  return visit;
}

void
_desk_portal_visit_free (DeskPortalVisit *visit)
{
  g_free (visit->cookie);
  g_free (visit->csrf);
  g_free (visit->office);
  g_free (visit);
}


static gboolean
is_tls (SoupServerMessage *msg)
{
  return g_strcmp0 (g_uri_get_scheme (soup_server_message_get_uri (msg)), "https") == 0;
}

static void
set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  /* Case links hold their token: it must never reach another site. */
  soup_message_headers_replace (headers, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (headers, "Cross-Origin-Opener-Policy", "same-origin");
  soup_message_headers_replace (headers, "Cross-Origin-Resource-Policy", "same-origin");
  if (is_tls (msg))
    soup_message_headers_replace (headers, "Strict-Transport-Security", "max-age=31536000");
}

DeskPortalPage
_desk_portal_page_for (DeskPortalVisit *visit)
{
  DeskPortalPage page = {
    .html = g_string_sized_new (8192),
    .lang = visit->portal->lang,
    .office = visit->office,
    .csrf = visit->csrf,
  };
  return page;
}

void
_desk_portal_reply_page (DeskPortalVisit *visit,
                         guint            status,
                         DeskPortalPage  *page)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (visit->msg);
  gsize length = page->html->len;

  set_security_headers (visit->msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (visit->new_cookie)
    {
      g_autofree char *cookie = g_strdup_printf ("%s=%s; Path=" PREFIX "; HttpOnly; SameSite=Lax%s",
                                                 COOKIE_NAME, visit->cookie,
                                                 is_tls (visit->msg) ? "; Secure" : "");
      soup_message_headers_append (headers, "Set-Cookie", cookie);
    }
  soup_server_message_set_status (visit->msg, status, NULL);
  soup_server_message_set_response (visit->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page->html, FALSE), length);
  page->html = NULL;
}

void
_desk_portal_reply_notice (DeskPortalVisit *visit,
                           guint            status,
                           const char      *title,
                           const char      *text,
                           const char      *link,
                           const char      *link_label)
{
  DeskPortalPage page = _desk_portal_page_for (visit);

  _desk_portal_notice (&page, title, text, link, link_label);
  _desk_portal_reply_page (visit, status, &page);
}

void
_desk_portal_reply_not_found (DeskPortalVisit *visit)
{
  _desk_portal_reply_notice (visit, SOUP_STATUS_NOT_FOUND, _("Page not found"),
                             _("There is no page at this address. It may have moved, or the "
                               "link is incomplete."),
                             "/portal/", _("Go to the start page"));
}

void
_desk_portal_reply_failure (DeskPortalVisit *visit,
                            const GError    *error)
{
  g_message ("Portal request failed: %s", error->message);
  _desk_portal_reply_notice (visit, SOUP_STATUS_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                             _("We could not do this just now. Please try again in a few minutes."),
                             "/portal/", _("Go to the start page"));
}

static void
reply_method_not_allowed (DeskPortalVisit *visit,
                          const char      *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (visit->msg), "Allow",
                                allow);
  _desk_portal_reply_notice (visit, SOUP_STATUS_METHOD_NOT_ALLOWED, _("This does not work here"),
                             _("This address cannot be used this way."), "/portal/",
                             _("Go to the start page"));
}

void
_desk_portal_redirect (SoupServerMessage *msg,
                       const char        *location)
{
  set_security_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, location);
}

/* Forms */

/* A visitor's field: valid UTF-8, CR LF as LF, trimmed. */
char *
_desk_portal_form_field (GHashTable *form,
                         const char *name)
{
  const char *raw = form ? g_hash_table_lookup (form, name) : NULL;
  g_autofree char *valid = NULL;
  g_autoptr (GString) text = NULL;

  if (raw == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (raw, -1);
  text = g_string_new (valid);
  g_string_replace (text, "\r\n", "\n", 0);
  g_strstrip (text->str);
  return g_strdup (text->str);
}

gboolean
_desk_portal_too_long (const char *text,
                       glong       max_chars)
{
  return g_utf8_strlen (text, -1) > max_chars;
}

/* The posted form, or %NULL after an error page (too large, not a form). */
static GHashTable *
read_form (DeskPortalVisit *visit)
{
  SoupMessageBody *body = soup_server_message_get_request_body (visit->msg);
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (visit->msg), NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (body->length > DESK_WEB_MAX_BODY)
    {
      _desk_portal_reply_notice (visit, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("This is too long"),
                                 _("The form you sent is larger than we accept. Please shorten "
                                   "it."),
                                 "/portal/", _("Go to the start page"));
      return NULL;
    }
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    {
      _desk_portal_reply_notice (visit, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, _("This form could not "
                                                                              "be read"),
                                 _("Please send the form from its page."), "/portal/",
                                 _("Go to the start page"));
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_form_decode (text);
}

/* A post from a page of another site is refused even before its token is
 * checked, where the browser says so. */
static gboolean
from_this_site (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *site = soup_message_headers_get_one (headers, "Sec-Fetch-Site");
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr (GUri) uri = NULL;
  g_autofree char *origin_host = NULL;

  if (site != NULL && g_ascii_strcasecmp (site, "cross-site") == 0)
    return FALSE;
  if (origin == NULL || g_strcmp0 (origin, "null") == 0)
    return TRUE;
  uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || host == NULL)
    return FALSE;
  if (g_uri_get_port (uri) > 0)
    origin_host = g_strdup_printf (strchr (g_uri_get_host (uri), ':') ? "[%s]:%d" : "%s:%d",
                                   g_uri_get_host (uri), g_uri_get_port (uri));
  else
    origin_host = g_strdup (g_uri_get_host (uri));
  return g_ascii_strcasecmp (origin_host, host) == 0;
}

/* Reads a posted form and checks its token and the address's limit. On
 * any failure the answer is already made and %NULL is returned. */
GHashTable *
_desk_portal_accept_post (DeskPortalVisit *visit,
                          DeskWebLimiter  *limiter,
                          const char      *back)
{
  g_autoptr (GHashTable) form = read_form (visit);
  const char *token;
  g_autofree char *address = NULL;
  gint64 now = g_get_monotonic_time ();

  if (form == NULL)
    return NULL;
  token = g_hash_table_lookup (form, "csrf");
  if (visit->new_cookie || token == NULL || !same_text (token, visit->csrf) ||
      !from_this_site (visit->msg))
    {
      _desk_portal_reply_notice (visit, SOUP_STATUS_FORBIDDEN, _("Please send the form again"),
                                 _("For your safety, a form can only be sent from its own page on "
                                   "this site, and this one could not be checked. Open the page "
                                   "again and send it once more."),
                                 back, _("Open the form again"));
      return NULL;
    }
  address = desk_web_client_address (visit->msg);
  if (!desk_web_limiter_allow (limiter, address, now))
    {
      g_autofree char *retry = g_strdup_printf ("%u", desk_web_limiter_retry_after (limiter,
                                                                                   address, now));

      soup_message_headers_replace (soup_server_message_get_response_headers (visit->msg),
                                    "Retry-After", retry);
      _desk_portal_reply_notice (visit, DESK_WEB_STATUS_TOO_MANY_REQUESTS, _("Too many attempts"),
                                 _("You have sent this form many times in a short while. Please "
                                   "wait a few minutes and try again."),
                                 back, _("Back"));
      return NULL;
    }
  return g_steal_pointer (&form);
}

static void
serve_stylesheet (SoupServerMessage *msg)
{
  g_autoptr (GBytes) css = g_resources_lookup_data ("/io/github/frontdesk/web/portal/portal.css",
                                                    0, NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size = 0;
  gconstpointer data;

  g_assert (css != NULL);
  data = g_bytes_get_data (css, &size);
  set_security_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=3600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/css; charset=utf-8", SOUP_MEMORY_COPY, data, size);
}

/* Routing */

static void
on_portal (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  g_autoptr (DeskPortalVisit) visit = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
  gboolean post = method == SOUP_METHOD_POST;
  const char *rest;

  if (!g_str_has_prefix (path, PREFIX))
    return;
  rest = path + strlen (PREFIX);
  if (g_str_equal (rest, "/portal.css") && get)
    {
      serve_stylesheet (msg);
      return;
    }

  visit = visit_new (data, msg);
  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (get)
        _desk_portal_show_home (visit);
      else
        reply_method_not_allowed (visit, "GET, HEAD");
    }
  else if (g_str_equal (rest, "/kb"))
    {
      if (get)
        _desk_portal_show_help (visit, query);
      else
        reply_method_not_allowed (visit, "GET, HEAD");
    }
  else if (g_str_has_prefix (rest, "/kb/") && get)
    {
      _desk_portal_show_article (visit, rest + strlen ("/kb/"));
    }
  else if (g_str_equal (rest, "/request"))
    {
      if (get)
        _desk_portal_show_request_form (visit, SOUP_STATUS_OK, NULL, NULL);
      else if (post)
        _desk_portal_submit_request (visit);
      else
        reply_method_not_allowed (visit, "GET, HEAD, POST");
    }
  else if (g_str_equal (rest, "/follow"))
    {
      if (get)
        _desk_portal_show_follow_form (visit, SOUP_STATUS_OK, "", "", FALSE);
      else if (post)
        _desk_portal_follow_request (visit);
      else
        reply_method_not_allowed (visit, "GET, HEAD, POST");
    }
  else if (g_str_has_prefix (rest, "/case/"))
    {
      g_auto (GStrv) parts = g_strsplit (rest + strlen ("/case/"), "/", 3);

      if (parts[0] != NULL && parts[1] == NULL && get)
        {
          _desk_portal_show_case_by_link (visit, parts[0], query);
        }
      else if (parts[0] != NULL && g_strcmp0 (parts[1], "message") == 0 && parts[2] == NULL)
        {
          if (post)
            _desk_portal_add_message (visit, parts[0]);
          else
            reply_method_not_allowed (visit, "POST");
        }
      else
        {
          _desk_portal_reply_not_found (visit);
        }
    }
  else
    {
      _desk_portal_reply_not_found (visit);
    }
}

/* Before a body is read: a post that says it is too large is refused and
 * its body dropped as it arrives, never held; one that does not say its
 * length is refused too (browsers always say it for forms). */
static void
on_portal_early (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr (DeskPortalVisit) visit = NULL;
  SoupEncoding encoding;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    return;
  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) <= DESK_WEB_MAX_BODY)
    return;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  visit = visit_new (data, msg);
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH)
    _desk_portal_reply_notice (visit, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("This is too long"),
                               _("The form you sent is larger than we accept. Please shorten it."),
                               "/portal/", _("Go to the start page"));
  else
    _desk_portal_reply_notice (visit, SOUP_STATUS_LENGTH_REQUIRED, _("This form could not be read"),
                               _("Please send the form from its page."), "/portal/",
                               _("Go to the start page"));
}

/* "/" is the portal's front door. Taken here, before any handler is chosen,
 * so that every other unknown path keeps the server's own answer. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);

  if (soup_server_message_get_status (msg) == 0 &&
      (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD) &&
      g_strcmp0 (g_uri_get_path (soup_server_message_get_uri (msg)), "/") == 0)
    _desk_portal_redirect (msg, PREFIX "/");
}

/* Setup */

/* "uk_UA.UTF-8" → "uk-UA"; "C" → "en". */
static char *
office_lang (void)
{
  const char *name = g_get_language_names ()[0];
  GString *lang = g_string_new (NULL);

  for (const char *p = name; *p && *p != '.' && *p != '@'; p++)
    {
      if (*p == '_')
        g_string_append_c (lang, '-');
      else if (g_ascii_isalnum (*p))
        g_string_append_c (lang, *p);
      else
        break;
    }
  if (lang->len < 2 || g_str_equal (lang->str, "C") || g_str_equal (lang->str, "POSIX"))
    g_string_assign (lang, "en");
  return g_string_free (lang, FALSE);
}

/* A limit from the office's settings, "BURST/SECONDS": BURST posts at once,
 * then BURST more over SECONDS. */
static DeskWebLimiter *
limiter_from_setting (DeskStore  *store,
                      const char *key,
                      guint       burst,
                      double      seconds)
{
  g_autofree char *value = desk_store_get_setting (store, key);
  g_auto (GStrv) parts = value ? g_strsplit (value, "/", 2) : NULL;
  guint64 b = 0, s = 0;

  if (parts && parts[0] && parts[1] &&
      g_ascii_string_to_unsigned (parts[0], 10, 1, 1000000, &b, NULL) &&
      g_ascii_string_to_unsigned (parts[1], 10, 1, 86400 * 30, &s, NULL))
    {
      burst = (guint) b;
      seconds = (double) s;
    }
  else if (value != NULL)
    {
      g_warning ("The setting %s is not BURST/SECONDS: %s", key, value);
    }
  return desk_web_limiter_new (burst, burst / seconds);
}

/**
 * desk_web_portal_register:
 * @server: the office's HTTP server
 * @office: the office
 *
 * Serves the portal under /portal and sends / there. The secret that signs
 * form tokens is made on first use and kept in the office's settings, so
 * that forms stay valid across restarts. The rate limits per address can be
 * set in the settings portal-rate-submit, portal-rate-follow and
 * portal-rate-message as "BURST/SECONDS".
 */
void
desk_web_portal_register (SoupServer *server,
                          DeskOffice *office)
{
  static gsize registered = 0;
  g_autoptr (GError) error = NULL;
  DeskStore *store;
  DeskWebPortal *portal;
  g_autofree char *secret = NULL;

  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (DESK_IS_OFFICE (office));

  if (g_once_init_enter (&registered))
    {
      desk_web_portal_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  store = desk_office_get_store (office);
  secret = desk_store_get_setting (store, SECRET_SETTING);
  if (secret == NULL || strlen (secret) < 32)
    {
      g_free (secret);
      secret = desk_random_token (32);
      /* Unsaved, the secret still serves until the server restarts; only
       * forms open across a restart would then be refused. */
      if (!desk_store_set_setting (store, SECRET_SETTING, secret, &error))
        g_warning ("Cannot keep the portal's form secret: %s", error->message);
    }

  portal = g_new0 (DeskWebPortal, 1);
  portal->office = g_object_ref (office);
  portal->secret = g_steal_pointer (&secret);
  portal->lang = office_lang ();
  portal->submit_limiter = limiter_from_setting (store, "portal-rate-submit", 5, 3600);
  portal->follow_limiter = limiter_from_setting (store, "portal-rate-follow", 10, 600);
  portal->message_limiter = limiter_from_setting (store, "portal-rate-message", 20, 3600);

  soup_server_add_handler (server, PREFIX, on_portal, portal, (GDestroyNotify) portal_free);
  soup_server_add_early_handler (server, PREFIX, on_portal_early, portal, NULL);
  g_signal_connect (server, "request-read", G_CALLBACK (on_request_read), NULL);
}
