/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The self-care portal against a real web server on 127.0.0.1 port 0 and a
 * real SQLite store: pages, a request from submission to a visitor's message
 * in the case's timeline, CSRF, rate limits, size limits, and a corpus of
 * hostile input in every field a visitor fills.
 */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "desk-error.h"
#include "desk-office.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"
#include "desk-web-html.h"
#include "desk-web-server.h"

typedef struct
{
  char *dir;
  DeskStore *store;
  DeskOffice *office;
  DeskWebServer *web;
  SoupSession *session;    /* a visitor with cookies */
  char *base;

  gint64 category, hidden_category;
  gint64 client, phone_case;
  gint64 article_public, article_internal;
} Fixture;

/* Rate limits for one test, as the office sets them; NULL: generous ones
 * so that the other tests never meet them. */
typedef struct
{
  const char *submit;
  const char *follow;
} Limits;

typedef struct
{
  guint status;
  char *body;
  SoupMessageHeaders *headers;
  gboolean done;
  GError *error;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
sql (Fixture *f, const char *statement)
{
  g_autofree char *path = g_build_filename (f->dir, "office.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const Limits *limits = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, "Леся Українка");
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (DeskArticle) article = NULL;
  DeskCaseNew spec = { 0 };

  f->dir = desk_test_tmpdir_new ("desk-portal");
  path = g_build_filename (f->dir, "office.db", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);

  g_assert_true (desk_store_set_setting (f->store, "office-name", "Тест <Office> & Co", NULL));
  g_assert_true (desk_store_set_setting (f->store, "default-country", "UA", NULL));
  g_assert_true (desk_store_set_setting (f->store, "portal-rate-submit",
                                         limits && limits->submit ? limits->submit : "1000/1",
                                         NULL));
  g_assert_true (desk_store_set_setting (f->store, "portal-rate-follow",
                                         limits && limits->follow ? limits->follow : "1000/1",
                                         NULL));
  g_assert_true (desk_store_set_setting (f->store, "portal-rate-message", "1000/1", NULL));

  f->category = desk_store_add_category (f->store, "Немає зв'язку", 4, 0, &error);
  g_assert_no_error (error);
  f->hidden_category = desk_store_add_category (f->store, "Внутрішнє", 24, 0, &error);
  g_assert_no_error (error);
  sql (f, "UPDATE case_categories SET is_public = 0 WHERE name = 'Внутрішнє'");

  desk_client_add_phone (client, "+380671112233", NULL);
  f->client = desk_store_add_client (f->store, 0, client, &error);
  g_assert_no_error (error);
  spec.client_id = f->client;
  spec.category_id = f->category;
  spec.subject = "Немає інтернету";
  spec.description = "Operator notes: SECRET-DESCRIPTION";
  spec.channel = DESK_CHANNEL_PHONE;
  kase = desk_store_create_case (f->store, 0, &spec, &error);
  g_assert_no_error (error);
  f->phone_case = kase->id;
  g_assert_true (desk_store_add_case_note (f->store, 0, kase->id, DESK_CASE_EVENT_NOTE,
                                           "SECRET-INTERNAL-NOTE", FALSE, &error));
  g_assert_true (desk_store_add_case_note (f->store, 0, kase->id, DESK_CASE_EVENT_NOTE,
                                           "We are checking your line.", TRUE, &error));
  g_assert_true (desk_store_set_case_status (f->store, 0, kase->id, DESK_CASE_STATUS_WAITING,
                                             DESK_RESOLUTION_NONE, "SECRET-STATUS-NOTE", &error));

  g_assert_cmpint (desk_store_add_news (f->store, "Планові роботи у вівторок", "Перерви до 15 хвилин.",
                                        0, 0, &error), >, 0);
  article = desk_article_new ("Як налаштувати роутер", "Крок 1. Увімкніть роутер.\n\nКрок 2.",
                              DESK_VISIBILITY_PUBLIC);
  f->article_public = desk_store_add_article (f->store, article, &error);
  g_assert_no_error (error);
  g_clear_pointer (&article, desk_article_free);
  article = desk_article_new ("Скрипт діагностики роутера", "Лише для операторів.",
                              DESK_VISIBILITY_INTERNAL);
  f->article_internal = desk_store_add_article (f->store, article, &error);
  g_assert_no_error (error);

  f->office = desk_office_new (f->store);
  f->web = desk_web_server_new (f->office);
  g_assert_true (desk_web_server_listen (f->web, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", desk_web_server_get_port (f->web));
  f->session = soup_session_new ();
  soup_session_add_feature (f->session, SOUP_SESSION_FEATURE (soup_cookie_jar_new ()));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  if (f->web)
    desk_web_server_stop (f->web);
  g_clear_object (&f->web);
  g_clear_object (&f->office);
  desk_sqlite_store_close (DESK_SQLITE_STORE (f->store));
  g_clear_object (&f->store);
  g_free (f->base);
  desk_test_tmpdir_free (f->dir);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  Reply *reply = data;
  g_autoptr (GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &reply->error);

  if (bytes)
    reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

/* One request; redirects are not followed. @form is urlencoded or NULL. */
static Reply *
send_with (Fixture     *f,
           SoupSession *session,
           const char  *method,
           const char  *path,
           const char  *form,
           const char  *origin)
{
  g_autofree char *uri = g_strconcat (f->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (form)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  if (origin)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", origin);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_read, reply);
  g_assert_true (desk_test_wait_until (reply_done, reply, 20000));
  g_assert_no_error (reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return reply;
}

static Reply *
get (Fixture *f, const char *path)
{
  return send_with (f, f->session, "GET", path, NULL, NULL);
}

static Reply *
post (Fixture *f, const char *path, const char *form)
{
  return send_with (f, f->session, "POST", path, form, NULL);
}

static const char *
header (Reply *reply, const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

/* The CSRF token in a page's forms. */
static char *
csrf_of (const char *html)
{
  g_autoptr (GRegex) regex = g_regex_new ("name=\"csrf\" value=\"([0-9a-f]{64})\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, html, 0, &match));
  return g_match_info_fetch (match, 1);
}

static char *
csrf (Fixture *f, const char *page)
{
  g_autoptr (Reply) reply = get (f, page);

  g_assert_cmpuint (reply->status, ==, 200);
  return csrf_of (reply->body);
}

/* A form body from name/value pairs, %NULL-terminated. */
static char *
form_of (const char *first, ...)
{
  g_autoptr (GString) body = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *encoded = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (body, "%s%s=%s", body->len ? "&" : "", name, encoded);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static char *
token_of_location (Reply *reply)
{
  const char *location = header (reply, "Location");
  const char *start;

  g_assert_nonnull (location);
  start = strstr (location, "/portal/case/");
  g_assert_nonnull (start);
  start += strlen ("/portal/case/");
  return g_strndup (start, strcspn (start, "?#/"));
}

static char *
submit (Fixture *f, const char *name, const char *contact, const char *subject,
        const char *description)
{
  g_autofree char *token = csrf (f, "/portal/request");
  g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->category);
  g_autofree char *body = form_of ("csrf", token, "name", name, "contact", contact,
                                   "category", category, "subject", subject,
                                   "description", description, NULL);
  g_autoptr (Reply) reply = post (f, "/portal/request", body);

  g_assert_cmpuint (reply->status, ==, 303);
  g_assert_true (g_str_has_suffix (header (reply, "Location"), "?new=1"));
  return token_of_location (reply);
}

static gint64
count_cases (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "office.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM cases", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *reference_escape (const char *text);

/* Escaping */

static void
test_html_escaping (void)
{
  static const struct { const char *in, *html, *js, *url; } cases[] = {
    { "plain", "plain", "\"plain\"", "plain" },
    { "<a href='x'>&\"</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;",
      "\"\\u003Ca href=\\u0027x\\u0027\\u003E\\u0026\\\"\\u003C/a\\u003E\"",
      "%3Ca%20href%3D%27x%27%3E%26%22%3C%2Fa%3E" },
    { "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c",
      "\"a\\u2028b\\u2029c\"", "a%E2%80%A8b%E2%80%A9c" },
    { "</script><!--", "&lt;/script&gt;&lt;!--", "\"\\u003C/script\\u003E\\u003C!--\"",
      "%3C%2Fscript%3E%3C%21--" },
    { "\x01tab\tline\nbell\x07", "\xef\xbf\xbdtab\tline\nbell\xef\xbf\xbd",
      "\"\\u0001tab\\tline\\nbell\\u0007\"", "%01tab%09line%0Abell%07" },
    { "bad \xff utf8", "bad \xef\xbf\xbd utf8", "\"bad \xef\xbf\xbd utf8\"", "bad%20%FF%20utf8" },
    { "Київ ~-._", "Київ ~-._", "\"Київ ~-._\"", "%D0%9A%D0%B8%D1%97%D0%B2%20~-._" },
  };
  static const struct { const char *in, *out; } hrefs[] = {
    { "https://example.com/a?b=1&c=2", "https://example.com/a?b=1&amp;c=2" },
    { "HTTP://example.com/", "HTTP://example.com/" },
    { "/portal/kb/1", "/portal/kb/1" },
    { "kb/1?q=x#y", "kb/1?q=x#y" },
    { "#top", "#top" },
    { "javascript:alert(1)", "#" },
    { "JaVaScRiPt:alert(1)", "#" },
    { "java\tscript:alert(1)", "#" },
    { " javascript:alert(1)", "#" },
    { "data:text/html,<script>alert(1)</script>", "#" },
    { "vbscript:msgbox", "#" },
    { "//evil.example/x", "#" },
    { "/\\evil.example", "#" },
    { "https:evil", "#" },
    { "\"><script>", "&quot;&gt;&lt;script&gt;" },
    { "", "#" },
  };
  g_autoptr (GString) page = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = desk_web_html_escape (cases[i].in);
      g_autofree char *js = desk_web_js_string (cases[i].in);
      g_autofree char *url = desk_web_url_encode (cases[i].in);

      g_assert_cmpstr (html, ==, cases[i].html);
      g_assert_cmpstr (js, ==, cases[i].js);
      g_assert_cmpstr (url, ==, cases[i].url);
    }
  for (guint i = 0; i < G_N_ELEMENTS (hrefs); i++)
    {
      g_autofree char *href = desk_web_safe_href (hrefs[i].in);
      g_assert_cmpstr (href, ==, hrefs[i].out);
    }

  desk_web_html_append (page, "<p title=\"%s\">%d%% %s %" G_GINT64_FORMAT " %5.1f %c%s</p>",
                        "\"x\"", 42, "<b>", (gint64) 1234567890123, 2.25, 'z', (const char *) NULL);
  g_assert_cmpstr (page->str, ==,
                   "<p title=\"&quot;x&quot;\">42% &lt;b&gt; 1234567890123   2.2 z</p>");
}

/* Pages */

static void
test_pages (Fixture *f, gconstpointer data)
{
  g_autoptr (Reply) root = get (f, "/");
  g_autoptr (Reply) home = get (f, "/portal/");
  g_autoptr (Reply) css = get (f, "/portal/portal.css");
  g_autoptr (Reply) search = get (f, "/portal/kb?q=%D1%80%D0%BE%D1%83%D1%82%D0%B5%D1%80");
  g_autoptr (Reply) all = get (f, "/portal/kb");
  g_autofree char *public_path = g_strdup_printf ("/portal/kb/%" G_GINT64_FORMAT,
                                                  f->article_public);
  g_autofree char *internal_path = g_strdup_printf ("/portal/kb/%" G_GINT64_FORMAT,
                                                    f->article_internal);
  g_autoptr (Reply) article = get (f, public_path);
  g_autoptr (Reply) internal = get (f, internal_path);
  g_autoptr (Reply) missing = get (f, "/portal/nothing-here");
  g_autoptr (Reply) other = get (f, "/portalx");
  g_autoptr (Reply) form = get (f, "/portal/request");
  g_autoptr (Reply) wrong_method = send_with (f, f->session, "DELETE", "/portal/request", NULL,
                                              NULL);
  const char *csp = header (home, "Content-Security-Policy");
  const char *cookie = header (home, "Set-Cookie");

  g_assert_cmpuint (root->status, ==, 303);
  g_assert_true (g_str_has_suffix (header (root, "Location"), "/portal/"));

  g_assert_cmpuint (home->status, ==, 200);
  g_assert_true (g_str_has_prefix (header (home, "Content-Type"), "text/html"));
  g_assert_nonnull (strstr (home->body, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (home->body, "Планові роботи у вівторок"));
  g_assert_nonnull (strstr (home->body, "Тест &lt;Office&gt; &amp; Co"));
  g_assert_null (strstr (home->body, "<Office>"));
  g_assert_null (strstr (home->body, "<script"));
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_null (strstr (csp, "unsafe"));
  g_assert_null (strstr (csp, "script-src"));
  g_assert_cmpstr (header (home, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (header (home, "Referrer-Policy"), ==, "same-origin");
  g_assert_cmpstr (header (home, "Cache-Control"), ==, "no-store");
  g_assert_nonnull (cookie);
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Lax"));
  g_assert_null (strstr (cookie, "Secure"));   /* plain HTTP here */

  g_assert_cmpuint (css->status, ==, 200);
  g_assert_true (g_str_has_prefix (header (css, "Content-Type"), "text/css"));
  g_assert_nonnull (strstr (css->body, ".card"));

  g_assert_cmpuint (search->status, ==, 200);
  g_assert_nonnull (strstr (search->body, "Як налаштувати роутер"));
  g_assert_null (strstr (search->body, "Скрипт діагностики"));
  g_assert_cmpuint (all->status, ==, 200);
  g_assert_nonnull (strstr (all->body, "Як налаштувати роутер"));
  g_assert_null (strstr (all->body, "Скрипт діагностики"));

  g_assert_cmpuint (article->status, ==, 200);
  g_assert_nonnull (strstr (article->body, "Крок 1. Увімкніть роутер."));
  g_assert_cmpuint (internal->status, ==, 404);
  g_assert_null (strstr (internal->body, "Лише для операторів"));
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_true (g_str_has_prefix (header (missing, "Content-Type"), "text/html"));
  g_assert_cmpuint (other->status, ==, 404);

  g_assert_cmpuint (form->status, ==, 200);
  g_assert_nonnull (strstr (form->body, "Немає зв&#39;язку"));
  g_assert_null (strstr (form->body, "Внутрішнє"));
  g_assert_cmpuint (wrong_method->status, ==, 405);
}

/* Submit, follow by link, follow by number and phone, write a message. */
static void
test_request_lifecycle (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = submit (f, "Марія", "067 123 45 67", "Не працює телебачення",
                                   "Зранку немає сигналу.\nПриставка перезавантажена.");
  g_autofree char *link = g_strdup_printf ("/portal/case/%s", token);
  g_autofree char *created_link = g_strdup_printf ("%s?new=1", link);
  g_autoptr (DeskCase) kase = desk_store_get_case_by_portal_token (f->store, token, &error);
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (Reply) page = NULL;
  g_autoptr (Reply) follow = NULL;
  g_autoptr (Reply) message = NULL;
  g_autoptr (Reply) after = NULL;
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;
  g_autofree char *csrf_token = NULL;
  g_autofree char *message_path = g_strdup_printf ("%s/message", link);
  gboolean found = FALSE;

  /* The case went through the store's case rules. */
  g_assert_no_error (error);
  g_assert_cmpint (kase->channel, ==, DESK_CHANNEL_PORTAL);
  g_assert_cmpint (kase->category_id, ==, f->category);
  g_assert_cmpint (kase->client_id, ==, 0);
  g_assert_cmpstr (kase->subject, ==, "Не працює телебачення");
  g_assert_cmpint (kase->due_at, ==, kase->created_at + 4 * 3600);
  audit = desk_store_list_audit (f->store, "case", kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, 1);
  g_assert_cmpstr (((DeskAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "case.create");

  /* By the private link. */
  page = get (f, created_link);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (page->body, "Keep it"));
  g_assert_nonnull (strstr (page->body, token));
  g_assert_nonnull (strstr (page->body, "Не працює телебачення"));
  g_assert_nonnull (strstr (page->body, "Received"));
  g_assert_nonnull (strstr (page->body, "Зранку немає сигналу."));

  /* By number and phone, written another way. */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  csrf_token = csrf (f, "/portal/follow");
  body = form_of ("csrf", csrf_token, "number", number, "phone", "+38 (067) 123-45-67", NULL);
  follow = post (f, "/portal/follow", body);
  g_assert_cmpuint (follow->status, ==, 303);
  g_clear_pointer (&csrf_token, g_free);
  csrf_token = token_of_location (follow);
  g_assert_cmpstr (csrf_token, ==, token);

  /* A message from the visitor. */
  g_clear_pointer (&csrf_token, g_free);
  g_clear_pointer (&body, g_free);
  csrf_token = csrf (f, link);
  body = form_of ("csrf", csrf_token, "message", "Сигнал так і не з'явився.", NULL);
  message = post (f, message_path, body);
  g_assert_cmpuint (message->status, ==, 303);
  g_assert_nonnull (strstr (header (message, "Location"), "sent=1"));

  events = desk_store_list_case_events (f->store, kase->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      DeskCaseEvent *event = g_ptr_array_index (events, i);

      if (event->kind == DESK_CASE_EVENT_PORTAL_MESSAGE)
        {
          g_assert_cmpstr (event->body, ==, "Сигнал так і не з'явився.");
          g_assert_true (event->is_public);
          g_assert_cmpint (event->actor_id, ==, 0);
          found = TRUE;
        }
    }
  g_assert_true (found);

  after = get (f, link);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_nonnull (strstr (after->body, "Сигнал так і не з&#39;явився."));
  g_assert_nonnull (strstr (after->body, "You wrote"));
}

/* A case an operator opened on a call, followed by its client's phone: the
 * page shows its public history only, and a reply puts the case that
 * waited for the customer back in progress. */
static void
test_phone_case (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case (f->store, f->phone_case, &error);
  g_autoptr (DeskCase) later = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  g_autofree char *token = csrf (f, "/portal/follow");
  g_autofree char *body = form_of ("csrf", token, "number", number, "phone", "0671112233", NULL);
  g_autoptr (Reply) follow = post (f, "/portal/follow", body);
  g_autofree char *case_token = token_of_location (follow);
  g_autofree char *link = g_strdup_printf ("/portal/case/%s", case_token);
  g_autofree char *message_path = g_strdup_printf ("%s/message", link);
  g_autoptr (Reply) page = get (f, link);
  g_autoptr (Reply) reply = NULL;
  g_autoptr (Reply) closed = NULL;
  g_autofree char *form = NULL;

  g_assert_cmpuint (follow->status, ==, 303);
  g_assert_cmpstr (case_token, ==, kase->portal_token);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (page->body, "Немає інтернету"));
  g_assert_nonnull (strstr (page->body, "We are checking your line."));
  g_assert_nonnull (strstr (page->body, "Waiting for your answer"));
  g_assert_null (strstr (page->body, "SECRET"));

  form = form_of ("csrf", token, "message", "Так, усе ще не працює.", NULL);
  reply = post (f, message_path, form);
  g_assert_cmpuint (reply->status, ==, 303);
  later = desk_store_get_case (f->store, f->phone_case, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->status, ==, DESK_CASE_STATUS_IN_PROGRESS);

  /* Closed: no more messages. */
  g_assert_true (desk_store_set_case_status (f->store, 0, f->phone_case, DESK_CASE_STATUS_RESOLVED,
                                             DESK_RESOLUTION_SOLVED, NULL, &error));
  closed = post (f, message_path, form);
  g_assert_cmpuint (closed->status, ==, 409);
  g_assert_null (strstr (closed->body, "name=\"message\""));
}

/* A wrong number and a wrong phone answer alike. */
static void
test_follow_alike (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case (f->store, f->phone_case, &error);
  g_autofree char *token = csrf (f, "/portal/follow");
  g_autofree char *right = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  g_autofree char *wrong = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number + 1);
  struct { const char *number, *phone; } tries[] = {
    { wrong, "0671112233" },       /* a number that is not theirs */
    { right, "0679998877" },       /* a phone that is not theirs */
    { "99999999", "0671112233" },  /* no such case at all */
    { right, "not a phone" },
  };
  g_autofree char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autofree char *body = form_of ("csrf", token, "number", tries[i].number,
                                       "phone", tries[i].phone, NULL);
      g_autoptr (Reply) reply = post (f, "/portal/follow", body);
      g_autoptr (GString) page = g_string_new (reply->body);
      g_autofree char *phone = reference_escape (tries[i].phone);
      g_autofree char *typed_phone = g_strdup_printf ("value=\"%s\"", phone);
      g_autofree char *typed_number = g_strdup_printf ("value=\"%s\"", tries[i].number);

      g_assert_cmpuint (reply->status, ==, 404);
      g_assert_null (header (reply, "Location"));
      g_assert_null (strstr (reply->body, kase->portal_token));
      /* The page differs only by the values typed in. */
      g_assert_cmpuint (g_string_replace (page, typed_phone, "PHONE", 0), ==, 1);
      g_assert_cmpuint (g_string_replace (page, typed_number, "NUMBER", 0), ==, 1);
      if (first == NULL)
        first = g_strdup (page->str);
      else
        g_assert_cmpstr (page->str, ==, first);
    }
}

/* Forms without a valid token change nothing. */
static void
test_csrf (Fixture *f, gconstpointer data)
{
  g_autofree char *token = csrf (f, "/portal/request");
  g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->category);
  g_autoptr (SoupSession) stranger = soup_session_new ();
  g_autoptr (SoupSession) other_visitor = soup_session_new ();
  gint64 before = count_cases (f);
  g_autofree char *other_token = NULL;
  struct { const char *csrf; SoupSession *session; const char *origin; } tries[] = {
    { NULL, f->session, NULL },                 /* no token */
    { "", f->session, NULL },
    { "0000000000000000000000000000000000000000000000000000000000000000", f->session, NULL },
    { token, stranger, NULL },                  /* a token with no cookie */
    { NULL, other_visitor, NULL },              /* another visitor's token: set below */
    { token, f->session, "http://evil.example" },
  };

  /* Another visitor's valid token does not fit this visitor's cookie. */
  soup_session_add_feature (other_visitor, SOUP_SESSION_FEATURE (soup_cookie_jar_new ()));
  {
    g_autoptr (Reply) page = send_with (f, other_visitor, "GET", "/portal/request", NULL, NULL);
    other_token = csrf_of (page->body);
  }
  g_assert_cmpstr (other_token, !=, token);
  tries[4].csrf = other_token;
  tries[4].session = f->session;

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autofree char *body = tries[i].csrf
        ? form_of ("csrf", tries[i].csrf, "name", "Eve", "contact", "0671234567",
                   "category", category, "subject", "Forged", NULL)
        : form_of ("name", "Eve", "contact", "0671234567", "category", category,
                   "subject", "Forged", NULL);
      g_autoptr (Reply) reply = send_with (f, tries[i].session, "POST", "/portal/request", body,
                                           tries[i].origin);

      g_assert_cmpuint (reply->status, ==, 403);
      g_assert_true (g_str_has_prefix (header (reply, "Content-Type"), "text/html"));
      g_assert_nonnull (strstr (reply->body, "Please send the form again"));
    }
  g_assert_cmpint (count_cases (f), ==, before);

  /* The same form with its token and the same site's origin passes. */
  {
    g_autofree char *body = form_of ("csrf", token, "name", "Eve", "contact", "0671234567",
                                     "category", category, "subject", "Real", NULL);
    g_autoptr (Reply) reply = send_with (f, f->session, "POST", "/portal/request", body, f->base);

    g_assert_cmpuint (reply->status, ==, 303);
    g_assert_cmpint (count_cases (f), ==, before + 1);
  }
}

static const Limits tight = { .submit = "2/3600", .follow = "3/3600" };

static void
test_rate_limits (Fixture *f, gconstpointer data)
{
  g_autofree char *token = csrf (f, "/portal/follow");
  g_autofree char *body = form_of ("csrf", token, "number", "1", "phone", "0671112233", NULL);
  gint64 before;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr (Reply) reply = post (f, "/portal/follow", body);
      g_assert_cmpuint (reply->status, ==, 404);
    }
  {
    g_autoptr (Reply) reply = post (f, "/portal/follow", body);
    guint64 retry = 0;

    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_nonnull (header (reply, "Retry-After"));
    g_assert_true (g_ascii_string_to_unsigned (header (reply, "Retry-After"), 10, 1, 3600, &retry,
                                               NULL));
    g_assert_nonnull (strstr (reply->body, "Too many attempts"));
  }

  g_free (submit (f, "A", "0671234567", "One", ""));
  g_free (submit (f, "B", "0671234567", "Two", ""));
  before = count_cases (f);
  {
    g_autofree char *form_token = csrf (f, "/portal/request");
    g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->category);
    g_autofree char *third = form_of ("csrf", form_token, "name", "C", "contact", "0671234567",
                                      "category", category, "subject", "Three", NULL);
    g_autoptr (Reply) reply = post (f, "/portal/request", third);

    g_assert_cmpuint (reply->status, ==, 429);
  }
  g_assert_cmpint (count_cases (f), ==, before);
}

static void
test_invalid_forms (Fixture *f, gconstpointer data)
{
  g_autofree char *token = csrf (f, "/portal/request");
  g_autofree char *hidden = g_strdup_printf ("%" G_GINT64_FORMAT, f->hidden_category);
  g_autoptr (GString) huge = g_string_new ("csrf=");
  gint64 before = count_cases (f);

  /* A category that is not offered, a contact that is neither. */
  {
    g_autofree char *body = form_of ("csrf", token, "name", "", "contact", "12",
                                     "category", hidden, "subject", "", NULL);
    g_autoptr (Reply) reply = post (f, "/portal/request", body);

    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_nonnull (strstr (reply->body, "Give your name."));
    g_assert_nonnull (strstr (reply->body, "This phone number does not look right."));
    g_assert_nonnull (strstr (reply->body, "Choose a topic."));
    g_assert_nonnull (strstr (reply->body, "Give the request a subject."));
  }
  /* An e-mail instead of a phone is fine. */
  {
    g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->category);
    g_autofree char *body = form_of ("csrf", token, "name", "Ann", "contact", "ann@example.com",
                                     "category", category, "subject", "By mail", NULL);
    g_autoptr (Reply) reply = post (f, "/portal/request", body);

    g_assert_cmpuint (reply->status, ==, 303);
  }
  g_assert_cmpint (count_cases (f), ==, before + 1);

  /* Larger than any form: refused before it is read. */
  g_string_append (huge, token);
  g_string_append (huge, "&description=");
  for (int i = 0; i < 100 * 1024; i++)
    g_string_append_c (huge, 'x');
  {
    g_autoptr (Reply) reply = post (f, "/portal/request", huge->str);
    g_assert_cmpuint (reply->status, ==, 413);
  }
  g_assert_cmpint (count_cases (f), ==, before + 1);
}

/* Hostile input in every field comes back as text. */
static const char * const corpus[] = {
  "<script>window.__xss=1</script>",
  "\"><script>window.__xss=1</script>",
  "'><img src=x onerror=\"window.__xss=1\">",
  "\" autofocus onfocus=\"window.__xss=1",
  "' onmouseover='window.__xss=1",
  "javascript:window.__xss=1",
  "</textarea><script>window.__xss=1</script>",
  "</title><svg onload=window.__xss=1>",
  "<a href=\"javascript:window.__xss=1\">click</a>",
  "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
  "&lt;script&gt;window.__xss=1&lt;/script&gt;",
  "\xe2\x80\xa8\xe2\x80\xa9</script><script>window.__xss=1</script>",
  "\xe2\x80\xae" "txt.exe <b>bold</b>",
  "<!-- <script>window.__xss=1</script> -->",
  "<style>body{display:none}</style>",
  "{{constructor.constructor('window.__xss=1')()}}",
  "\xef\xbc\x9cscript\xef\xbc\x9ewindow.__xss=1",
  NULL
};

/* The test's own escaping, independent of the code under test: the five
 * characters that can make markup, as entities. */
static char *
reference_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default: g_string_append_c (out, *p); break;
      }
  return g_string_free (out, FALSE);
}

/* Whatever the page says, nothing of @value is markup: no tag, no
 * attribute, no script made of it. */
static void
assert_inert (const char *html,
              const char *value)
{
  g_autofree char *escaped = reference_escape (value);
  g_autoptr (GString) rest = g_string_new (html);
  g_autofree char *lower = NULL;

  g_assert_nonnull (strstr (html, escaped));
  g_string_replace (rest, escaped, "", 0);
  lower = g_ascii_strdown (rest->str, -1);
  g_assert_null (strstr (lower, "<script"));
  g_assert_null (strstr (lower, "<img"));
  g_assert_null (strstr (lower, "<svg"));
  g_assert_null (strstr (lower, "<iframe"));
  g_assert_null (strstr (lower, "<style"));
  g_assert_null (strstr (lower, "<b>"));
  g_assert_null (strstr (lower, "onerror"));
  g_assert_null (strstr (lower, "onfocus"));
  g_assert_null (strstr (lower, "onmouseover"));
  g_assert_null (strstr (lower, "javascript:"));
  g_assert_null (strstr (lower, "__xss"));
}

static void
test_xss_corpus (Fixture *f, gconstpointer data)
{
  g_autofree char *category = g_strdup_printf ("%" G_GINT64_FORMAT, f->category);
  g_autofree char *hidden = g_strdup_printf ("%" G_GINT64_FORMAT, f->hidden_category);

  for (guint i = 0; corpus[i]; i++)
    {
      const char *x = corpus[i];
      g_autofree char *token = csrf (f, "/portal/request");
      g_autofree char *refused = form_of ("csrf", token, "name", x, "contact", x,
                                          "category", hidden, "subject", x, "description", x,
                                          NULL);
      g_autoptr (Reply) form = post (f, "/portal/request", refused);
      g_autofree char *case_token = NULL;
      g_autofree char *link = NULL;
      g_autofree char *message_path = NULL;
      g_autofree char *body = NULL;
      g_autoptr (Reply) page = NULL;
      g_autoptr (Reply) posted = NULL;
      g_autoptr (Reply) follow = NULL;
      g_autoptr (Reply) search = NULL;
      g_autofree char *q = NULL;
      g_autofree char *q_path = NULL;
      g_autofree char *bdi = NULL;
      g_autofree char *escaped = reference_escape (x);

      g_test_message ("corpus %u", i);
      /* Every field shown again in the refused form. */
      g_assert_cmpuint (form->status, ==, 422);
      assert_inert (form->body, x);

      /* A case made of it, and a message. */
      case_token = submit (f, x, "0671234567", x, x);
      link = g_strdup_printf ("/portal/case/%s", case_token);
      message_path = g_strdup_printf ("%s/message", link);
      body = form_of ("csrf", token, "message", x, NULL);
      posted = post (f, message_path, body);
      g_assert_cmpuint (posted->status, ==, 303);
      page = get (f, link);
      g_assert_cmpuint (page->status, ==, 200);
      assert_inert (page->body, x);
      /* Visitors' words are isolated for bidi: an override inside cannot
       * turn the text around them. */
      bdi = g_strdup_printf ("<bdi>%s</bdi>", escaped);
      g_assert_nonnull (strstr (page->body, bdi));

      /* The follow form and the search echo what was typed. */
      g_clear_pointer (&body, g_free);
      body = form_of ("csrf", token, "number", x, "phone", x, NULL);
      follow = post (f, "/portal/follow", body);
      g_assert_cmpuint (follow->status, ==, 404);
      assert_inert (follow->body, x);
      q = g_uri_escape_string (x, NULL, FALSE);
      q_path = g_strdup_printf ("/portal/kb?q=%s", q);
      search = get (f, q_path);
      g_assert_cmpuint (search->status, ==, 200);
      assert_inert (search->body, x);
    }
}

/* Bytes that are not text: a NUL ends the field, invalid UTF-8 becomes
 * U+FFFD, and nothing breaks. */
static void
test_raw_bytes (Fixture *f, gconstpointer data)
{
  g_autofree char *token = csrf (f, "/portal/request");
  g_autofree char *body = g_strdup_printf (
    "csrf=%s&name=Nul%%00%%3Cscript%%3E&contact=0671234567&category=%" G_GINT64_FORMAT
    "&subject=Bad%%FF%%FEbytes%%3Cb%%3E&description=%%C0%%AFslash", token, f->category);
  g_autoptr (Reply) reply = post (f, "/portal/request", body);
  g_autofree char *case_token = token_of_location (reply);
  g_autofree char *link = g_strdup_printf ("/portal/case/%s", case_token);
  g_autoptr (Reply) page = get (f, link);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case_by_portal_token (f->store, case_token, &error);

  g_assert_cmpuint (reply->status, ==, 303);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (kase->subject, -1, NULL));
  g_assert_cmpstr (kase->subject, ==, "Bad\xef\xbf\xbd\xef\xbf\xbd" "bytes<b>");
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_utf8_validate (page->body, -1, NULL));
  g_assert_nonnull (strstr (page->body, "Bad\xef\xbf\xbd\xef\xbf\xbd" "bytes&lt;b&gt;"));
  g_assert_null (strstr (page->body, "<script"));
  g_assert_null (strstr (page->body, "<b>"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/web/html/escaping", test_html_escaping);
#define PORTAL_TEST(path, func, limits) \
  g_test_add (path, Fixture, limits, fixture_setup, func, fixture_teardown)
  PORTAL_TEST ("/desk/web/portal/pages", test_pages, NULL);
  PORTAL_TEST ("/desk/web/portal/request-lifecycle", test_request_lifecycle, NULL);
  PORTAL_TEST ("/desk/web/portal/phone-case", test_phone_case, NULL);
  PORTAL_TEST ("/desk/web/portal/follow-alike", test_follow_alike, NULL);
  PORTAL_TEST ("/desk/web/portal/csrf", test_csrf, NULL);
  PORTAL_TEST ("/desk/web/portal/rate-limits", test_rate_limits, &tight);
  PORTAL_TEST ("/desk/web/portal/invalid-forms", test_invalid_forms, NULL);
  PORTAL_TEST ("/desk/web/portal/xss-corpus", test_xss_corpus, NULL);
  PORTAL_TEST ("/desk/web/portal/raw-bytes", test_raw_bytes, NULL);
#undef PORTAL_TEST
  return g_test_run ();
}
