/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-portal"

#include "desk-i18n.h"
#include "desk-web-portal-private.h"
#include "desk-web-html.h"

#include <string.h>

/*
 * The portal's markup. Every piece of data goes in through
 * desk_web_html_append(), which escapes each string; visitors' own words
 * are also wrapped in <bdi> so that a right-to-left override inside them
 * cannot reorder the text around them. Translated strings are escaped the
 * same way: a translation is data too.
 */

static char *
format_date (gint64   at,
             gboolean with_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (at);
  g_autofree char *date = NULL;

  if (time == NULL)
    return g_strdup ("");
  /* TRANSLATORS: a date on the portal, in g_date_time_format() terms:
   * day, month name, year. */
  /* xgettext:no-c-format */
  date = g_date_time_format (time, _("%-d %B %Y"));
  if (date == NULL)
    return g_strdup ("");
  g_strstrip (date);
  if (!with_time)
    return g_steal_pointer (&date);
  return g_strdup_printf ("%s, %02d:%02d", date, g_date_time_get_hour (time),
                          g_date_time_get_minute (time));
}

/* Plain text as paragraphs: a blank line parts them, a line break stays. */
static void
append_text (GString    *html,
             const char *text)
{
  g_auto (GStrv) paragraphs = NULL;

  if (text == NULL)
    return;
  paragraphs = g_regex_split_simple ("\\r?\\n[ \\t]*\\r?\\n", text, 0, 0);
  for (guint i = 0; paragraphs[i]; i++)
    {
      g_auto (GStrv) lines = NULL;

      g_strstrip (paragraphs[i]);
      if (*paragraphs[i] == '\0')
        continue;
      lines = g_strsplit (paragraphs[i], "\n", -1);
      g_string_append (html, "<p dir=\"auto\">");
      for (guint j = 0; lines[j]; j++)
        {
          g_strchomp (lines[j]);
          desk_web_html_append (html, "<bdi>%s</bdi>", lines[j]);
          if (lines[j + 1])
            g_string_append (html, "<br>");
        }
      g_string_append (html, "</p>\n");
    }
}

static void
append_csrf (DeskPortalPage *page)
{
  desk_web_html_append (page->html, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                        page->csrf);
}

const char *
_desk_portal_status_label (DeskCaseStatus status)
{
  switch (status)
    {
    case DESK_CASE_STATUS_NEW: return _("Received");
    case DESK_CASE_STATUS_IN_PROGRESS: return _("In progress");
    case DESK_CASE_STATUS_WAITING: return _("Waiting for your answer");
    case DESK_CASE_STATUS_RESOLVED: return _("Resolved");
    case DESK_CASE_STATUS_CLOSED: return _("Closed");
    default: return "";
    }
}

static const char *
status_class (DeskCaseStatus status)
{
  switch (status)
    {
    case DESK_CASE_STATUS_NEW: return "new";
    case DESK_CASE_STATUS_IN_PROGRESS: return "progress";
    case DESK_CASE_STATUS_WAITING: return "waiting";
    case DESK_CASE_STATUS_RESOLVED: return "resolved";
    case DESK_CASE_STATUS_CLOSED: return "closed";
    default: return "";
    }
}

static void
nav_link (DeskPortalPage *page,
          const char     *href,
          const char     *label,
          gboolean        current)
{
  if (current)
    desk_web_html_append (page->html, "<a href=\"%s\" aria-current=\"page\">%s</a>", href, label);
  else
    desk_web_html_append (page->html, "<a href=\"%s\">%s</a>", href, label);
}

void
_desk_portal_begin (DeskPortalPage *page,
                    const char     *title,
                    DeskPortalNav   nav)
{
  desk_web_html_append (page->html,
                        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"referrer\" content=\"same-origin\">\n<title>%s · %s</title>\n"
                        "<link rel=\"stylesheet\" href=\"/portal/portal.css\">\n</head>\n<body>\n"
                        "<header class=\"top\"><div class=\"wrap\">\n"
                        "<a class=\"brand\" href=\"/portal/\"><span class=\"logo\" "
                        "aria-hidden=\"true\"></span><bdi>%s</bdi></a>\n<nav aria-label=\"%s\">",
                        page->lang, title, page->office, page->office, _("Main"));
  nav_link (page, "/portal/", _("Home"), nav == DESK_PORTAL_NAV_HOME);
  nav_link (page, "/portal/kb", _("Help"), nav == DESK_PORTAL_NAV_HELP);
  nav_link (page, "/portal/request", _("New request"), nav == DESK_PORTAL_NAV_REQUEST);
  nav_link (page, "/portal/follow", _("My request"), nav == DESK_PORTAL_NAV_FOLLOW);
  g_string_append (page->html, "</nav>\n</div></header>\n<main class=\"wrap\">\n");
}

void
_desk_portal_end (DeskPortalPage *page)
{
  desk_web_html_append (page->html,
                        "</main>\n"
                        "<footer class=\"wrap\"><p>%s · <a "
                        "href=\"/portal/request\">%s</a></p></footer>\n</body>\n</html>\n",
                        page->office, _("Write to us"));
}

static void
search_form (DeskPortalPage *page,
             const char     *query)
{
  desk_web_html_append (page->html,
                        "<form class=\"search\" method=\"get\" action=\"/portal/kb\" "
                        "role=\"search\"><label class=\"sr\" for=\"q\">%s</label><input id=\"q\" "
                        "name=\"q\" type=\"search\" value=\"%s\" maxlength=\"%d\" "
                        "placeholder=\"%s\"><button type=\"submit\">%s</button></form>\n",
                        _("Search the help"), query ? query : "", DESK_PORTAL_MAX_QUERY,
                        _("For example: router, payment, no signal"), _("Search"));
}

static void
article_list (DeskPortalPage *page,
              GPtrArray      *articles,
              gboolean        with_snippets)
{
  const char *category = NULL;
  gboolean open = FALSE;

  for (guint i = 0; i < articles->len; i++)
    {
      DeskArticle *article = g_ptr_array_index (articles, i);

      /* The whole list goes by category; search results by rank. */
      if (!with_snippets && (!open || g_strcmp0 (category, article->category) != 0))
        {
          if (open)
            g_string_append (page->html, "</ul>\n");
          category = article->category;
          desk_web_html_append (page->html,
                                "<h2 class=\"topic\">%s</h2>\n<ul class=\"articles\">\n",
                                category ? category : _("Other"));
          open = TRUE;
        }
      else if (!open)
        {
          g_string_append (page->html, "<ul class=\"articles\">\n");
          open = TRUE;
        }
      desk_web_html_append (page->html, "<li><a href=\"/portal/kb/%" G_GINT64_FORMAT "\">%s</a>",
                            article->id, article->title);
      if (with_snippets && article->snippet)
        desk_web_html_append (page->html, "<p class=\"snippet\">%s</p>", article->snippet);
      g_string_append (page->html, "</li>\n");
    }
  if (open)
    g_string_append (page->html, "</ul>\n");
}

void
_desk_portal_home (DeskPortalPage *page,
                   GPtrArray      *news,
                   GPtrArray      *articles)
{
  _desk_portal_begin (page, _("Customer service"), DESK_PORTAL_NAV_HOME);
  desk_web_html_append (page->html, "<section class=\"hero\"><h1>%s</h1><p>%s</p>\n",
                        _("How can we help?"),
                        _("Find an answer in our help, or write to us and follow your request "
                          "here."));
  search_form (page, NULL);
  desk_web_html_append (page->html,
                        "<div class=\"actions\">"
                        "<a class=\"card action\" href=\"/portal/request\">"
                        "<strong>%s</strong><span>%s</span></a>"
                        "<a class=\"card action\" href=\"/portal/follow\">"
                        "<strong>%s</strong><span>%s</span></a></div></section>\n",
                        _("Submit a request"), _("Tell us what happened; we answer here."),
                        _("Follow a request"), _("See its status and write to us."));

  desk_web_html_append (page->html, "<section><h2>%s</h2>\n", _("News"));
  if (news->len == 0)
    desk_web_html_append (page->html, "<p class=\"muted\">%s</p>\n", _("No news yet."));
  for (guint i = 0; i < news->len; i++)
    {
      DeskNews *item = g_ptr_array_index (news, i);
      g_autofree char *date = format_date (item->published_at, FALSE);

      desk_web_html_append (page->html,
                            "<article class=\"card news\"><time>%s</time><h3>%s</h3>\n",
                            date, item->title);
      append_text (page->html, item->body);
      g_string_append (page->html, "</article>\n");
    }
  g_string_append (page->html, "</section>\n");

  if (articles->len > 0)
    {
      desk_web_html_append (page->html, "<section><h2>%s</h2>\n", _("Frequently asked"));
      article_list (page, articles, TRUE);
      desk_web_html_append (page->html, "<p><a href=\"/portal/kb\">%s</a></p></section>\n",
                            _("All help articles"));
    }
  _desk_portal_end (page);
}

void
_desk_portal_help (DeskPortalPage *page,
                   const char     *query,
                   GPtrArray      *articles,
                   gboolean        searched)
{
  _desk_portal_begin (page, _("Help"), DESK_PORTAL_NAV_HELP);
  desk_web_html_append (page->html, "<h1>%s</h1>\n", _("Help and frequent questions"));
  search_form (page, query);
  if (searched)
    {
      desk_web_html_append (page->html, "<h2>%s <q><bdi>%s</bdi></q></h2>\n", _("Results for"),
                            query);
      if (articles->len == 0)
        desk_web_html_append (page->html,
                              "<p class=\"muted\">%s</p>"
                              "<p><a href=\"/portal/request\">%s</a></p>\n",
                              _("Nothing found. Try other words (at least three letters), or write "
                                "to us."),
                              _("Submit a request"));
      article_list (page, articles, TRUE);
    }
  else
    {
      article_list (page, articles, FALSE);
    }
  _desk_portal_end (page);
}

void
_desk_portal_article (DeskPortalPage *page,
                      DeskArticle    *article)
{
  g_autofree char *date = format_date (article->updated_at, FALSE);

  _desk_portal_begin (page, article->title, DESK_PORTAL_NAV_HELP);
  desk_web_html_append (page->html,
                        "<p class=\"crumbs\"><a href=\"/portal/kb\">%s</a>%s%s</p>\n"
                        "<article class=\"card doc\"><h1>%s</h1><p class=\"muted\">%s %s</p>\n",
                        _("Help"), article->category ? " › " : "",
                        article->category ? article->category : "", article->title,
                        _("Updated"), date);
  append_text (page->html, article->body);
  desk_web_html_append (page->html,
                        "</article>\n"
                        "<aside class=\"card\"><p>%s</p><a class=\"button\" "
                        "href=\"/portal/request\">%s</a></aside>\n",
                        _("Did this not solve it?"), _("Submit a request"));
  _desk_portal_end (page);
}

static void
field_error_list (DeskPortalPage *page,
                  GPtrArray      *errors)
{
  if (errors == NULL || errors->len == 0)
    return;
  desk_web_html_append (page->html, "<div class=\"alert error\" role=\"alert\"><p>%s</p><ul>",
                        _("Please check the form:"));
  for (guint i = 0; i < errors->len; i++)
    desk_web_html_append (page->html, "<li>%s</li>", (const char *) g_ptr_array_index (errors, i));
  g_string_append (page->html, "</ul></div>\n");
}

void
_desk_portal_request_form (DeskPortalPage       *page,
                           GPtrArray            *categories,
                           const DeskPortalForm *form,
                           GPtrArray            *errors)
{
  static const DeskPortalForm empty = { 0 };

  if (form == NULL)
    form = &empty;
  _desk_portal_begin (page, _("Submit a request"), DESK_PORTAL_NAV_REQUEST);
  desk_web_html_append (page->html, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
                        _("Submit a request"),
                        _("Describe what happened. You will get a private link to follow the "
                          "answer; we may also call or write to you."));
  field_error_list (page, errors);
  g_string_append (page->html, "<form class=\"card form\" method=\"post\" "
                               "action=\"/portal/request\">\n");
  append_csrf (page);
  desk_web_html_append (page->html,
                        "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" required "
                        "maxlength=\"%d\" autocomplete=\"name\" value=\"%s\">\n"
                        "<label for=\"contact\">%s</label><input id=\"contact\" name=\"contact\" "
                        "required maxlength=\"%d\" autocomplete=\"tel\" value=\"%s\">\n"
                        "<p class=\"hint\">%s</p>\n"
                        "<label for=\"category\">%s</label><select id=\"category\" "
                        "name=\"category\" required>\n<option value=\"\">%s</option>\n",
                        _("Your name"), DESK_PORTAL_MAX_NAME, form->name,
                        _("Phone or e-mail"), DESK_PORTAL_MAX_CONTACT, form->contact,
                        _("Give a phone number to follow the request by its number and phone too."),
                        _("Topic"), _("Choose…"));
  for (guint i = 0; i < categories->len; i++)
    {
      DeskCategoryInfo *category = g_ptr_array_index (categories, i);

      desk_web_html_append (page->html, "<option value=\"%" G_GINT64_FORMAT "\"%s>%s</option>\n",
                            category->id, category->id == form->category_id ? " selected" : "",
                            category->name);
    }
  desk_web_html_append (page->html,
                        "</select>\n"
                        "<label for=\"subject\">%s</label><input id=\"subject\" name=\"subject\" "
                        "required maxlength=\"%d\" value=\"%s\">\n"
                        "<label for=\"description\">%s</label><textarea id=\"description\" "
                        "name=\"description\" rows=\"7\" maxlength=\"%d\">%s</textarea>\n"
                        "<button type=\"submit\">%s</button>\n</form>\n",
                        _("Subject"), DESK_PORTAL_MAX_SUBJECT, form->subject,
                        _("Description"), DESK_PORTAL_MAX_TEXT, form->description,
                        _("Send the request"));
  _desk_portal_end (page);
}

void
_desk_portal_follow_form (DeskPortalPage *page,
                          const char     *number,
                          const char     *phone,
                          gboolean        not_found)
{
  _desk_portal_begin (page, _("Follow a request"), DESK_PORTAL_NAV_FOLLOW);
  desk_web_html_append (page->html, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
                        _("Follow a request"),
                        _("Open the private link you got when you sent it, or give the request's "
                          "number and your phone."));
  if (not_found)
    desk_web_html_append (page->html, "<div class=\"alert error\" role=\"alert\"><p>%s</p></div>\n",
                          _("We found no request with this number and phone. Check both and try "
                            "again."));
  g_string_append (page->html, "<form class=\"card form\" method=\"post\" "
                               "action=\"/portal/follow\">\n");
  append_csrf (page);
  desk_web_html_append (page->html,
                        "<label for=\"number\">%s</label><input id=\"number\" name=\"number\" "
                        "required inputmode=\"numeric\" maxlength=\"18\" value=\"%s\">\n"
                        "<label for=\"phone\">%s</label><input id=\"phone\" name=\"phone\" "
                        "type=\"tel\" required maxlength=\"40\" autocomplete=\"tel\" "
                        "value=\"%s\">\n<button type=\"submit\">%s</button>\n</form>\n",
                        _("Request number"), number, _("Your phone"), phone, _("Find"));
  _desk_portal_end (page);
}

static void
timeline_entry (DeskPortalPage *page,
                DeskCaseEvent  *event)
{
  g_autofree char *date = format_date (event->at, TRUE);
  gboolean visitor = event->kind == DESK_CASE_EVENT_PORTAL_MESSAGE && event->actor_id == 0;
  const char *who = visitor ? _("You") : _("Support");
  g_autofree char *what = NULL;

  switch (event->kind)
    {
    case DESK_CASE_EVENT_CREATED:
      what = g_strdup (_("Request received"));
      who = NULL;
      break;
    case DESK_CASE_EVENT_STATUS:
      {
        int status = 0;

        if (!desk_enum_from_nick (DESK_TYPE_CASE_STATUS, event->new_value, &status, NULL))
          return;
        what = g_strdup_printf (_("Status: %s"), _desk_portal_status_label (status));
        who = NULL;
      }
      break;
    case DESK_CASE_EVENT_CALL:
      what = g_strdup (_("Phone call"));
      break;
    case DESK_CASE_EVENT_CHAT:
      what = g_strdup (_("Chat"));
      break;
    default:
      what = g_strdup (visitor ? _("You wrote") : _("Support wrote"));
      break;
    }
  desk_web_html_append (page->html,
                        "<li class=\"event %s\"><div class=\"meta\"><strong>%s</strong> "
                        "<time>%s</time></div>\n",
                        visitor ? "mine" : who ? "theirs" : "system", what, date);
  if (event->body)
    {
      g_string_append (page->html, "<div class=\"body\">");
      append_text (page->html, event->body);
      g_string_append (page->html, "</div>");
    }
  g_string_append (page->html, "</li>\n");
}

static gboolean
is_open (DeskCaseStatus status)
{
  return status != DESK_CASE_STATUS_RESOLVED && status != DESK_CASE_STATUS_CLOSED;
}

void
_desk_portal_case (DeskPortalPage           *page,
                   const DeskPortalCaseView *view)
{
  DeskCase *kase = view->kase;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  /* TRANSLATORS: %s is a case number */
  g_autofree char *title = g_strdup_printf (_("Request %s"), number);
  g_autofree char *created = format_date (kase->created_at, TRUE);

  _desk_portal_begin (page, title, DESK_PORTAL_NAV_FOLLOW);
  if (view->just_created)
    desk_web_html_append (page->html,
                          "<div class=\"alert ok\" role=\"status\"><h2>%s</h2><p>%s</p><p "
                          "class=\"link\"><a href=\"/portal/case/%s\">%s</a></p><p>%s</p></div>\n",
                          _("Thank you! Your request is registered."),
                          _("This is your private link to follow it. Keep it: bookmark this page "
                            "or save the link. Anyone with the link can read the request."),
                          kase->portal_token, view->link,
                          _("You can also find it by its number and your phone."));
  if (view->message_sent)
    desk_web_html_append (page->html, "<div class=\"alert ok\" role=\"status\"><p>%s</p></div>\n",
                          _("Your message was added. We will answer here."));

  desk_web_html_append (page->html,
                        "<section class=\"card case\"><div class=\"case-head\"><h1>%s</h1><span "
                        "class=\"status %s\">%s</span></div>\n"
                        "<h2 class=\"subject\" dir=\"auto\"><bdi>%s</bdi></h2>\n"
                        "<dl><dt>%s</dt><dd>%s</dd>",
                        title, status_class (kase->status),
                        _desk_portal_status_label (kase->status), kase->subject,
                        _("Sent"), created);
  if (view->category)
    desk_web_html_append (page->html, "<dt>%s</dt><dd>%s</dd>", _("Topic"), view->category);
  g_string_append (page->html, "</dl>\n");
  /* Only a visitor's own words: a description an operator wrote on a call
   * may hold notes meant for the office. */
  if (kase->channel == DESK_CHANNEL_PORTAL && kase->description && *kase->description)
    {
      g_string_append (page->html, "<div class=\"description\">");
      append_text (page->html, kase->description);
      g_string_append (page->html, "</div>");
    }
  g_string_append (page->html, "</section>\n");

  desk_web_html_append (page->html,
                        "<section id=\"history\"><h2>%s</h2>\n<ol class=\"timeline\">\n",
                        _("History"));
  for (guint i = 0; i < view->events->len; i++)
    timeline_entry (page, g_ptr_array_index (view->events, i));
  g_string_append (page->html, "</ol></section>\n");

  if (is_open (kase->status))
    {
      g_autofree char *action = g_strdup_printf ("/portal/case/%s/message", kase->portal_token);

      if (view->error)
        desk_web_html_append (page->html,
                              "<div class=\"alert error\" role=\"alert\"><p>%s</p></div>\n",
                              view->error);
      desk_web_html_append (page->html,
                            "<form class=\"card form\" method=\"post\" action=\"%s\" "
                            "id=\"reply\">\n", action);
      append_csrf (page);
      desk_web_html_append (page->html,
                            "<label for=\"message\">%s</label><textarea id=\"message\" "
                            "name=\"message\" rows=\"4\" required maxlength=\"%d\">%s</textarea>\n"
                            "<button type=\"submit\">%s</button>\n</form>\n",
                            _("Write to us"), DESK_PORTAL_MAX_TEXT,
                            view->message ? view->message : "", _("Send"));
    }
  else
    {
      desk_web_html_append (page->html,
                            "<div class=\"card\"><p>%s</p><a class=\"button\" "
                            "href=\"/portal/request\">%s</a></div>\n",
                            _("This request is closed. If something is still wrong, submit a new "
                              "one."),
                            _("Submit a request"));
    }
  _desk_portal_end (page);
}

void
_desk_portal_notice (DeskPortalPage *page,
                     const char     *title,
                     const char     *text,
                     const char     *link,
                     const char     *link_label)
{
  _desk_portal_begin (page, title, DESK_PORTAL_NAV_NONE);
  desk_web_html_append (page->html, "<section class=\"card notice\"><h1>%s</h1><p>%s</p>\n",
                        title, text);
  if (link)
    desk_web_html_append (page->html, "<a class=\"button\" href=\"%s\">%s</a>\n", link, link_label);
  g_string_append (page->html, "</section>\n");
  _desk_portal_end (page);
}
