/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-portal"

#include "desk-i18n.h"
#include "desk-web-portal-private.h"
#include "desk-error.h"
#include "desk-phone.h"

#include <string.h>

/*
 * What each portal page reads from the office and how each form changes
 * it. The routes, the security around every request and the replies are in
 * desk-web-portal.c; the markup is in desk-web-portal-pages.c.
 */

#define PREFIX "/portal"
#define NEWS_ON_HOME 5
#define ARTICLES_ON_HOME 6
#define SEARCH_RESULTS 20

void
_desk_portal_show_home (DeskPortalVisit *visit)
{
  g_autoptr (GError) error = NULL;
  DeskStore *store = _desk_portal_store (visit);
  g_autoptr (GPtrArray) news = desk_store_list_news (store, NEWS_ON_HOME, &error);
  g_autoptr (GPtrArray) articles = NULL;
  DeskPortalPage page = _desk_portal_page_for (visit);

  if (news != NULL)
    articles = desk_store_list_public_articles (store, ARTICLES_ON_HOME, &error);
  if (articles == NULL)
    {
      g_string_free (page.html, TRUE);
      _desk_portal_reply_failure (visit, error);
      return;
    }
  _desk_portal_home (&page, news, articles);
  _desk_portal_reply_page (visit, SOUP_STATUS_OK, &page);
}

void
_desk_portal_show_help (DeskPortalVisit *visit,
                        GHashTable      *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autofree char *q = _desk_portal_form_field (query, "q");
  DeskPortalPage page;

  if (_desk_portal_too_long (q, DESK_PORTAL_MAX_QUERY))
    *g_utf8_offset_to_pointer (q, DESK_PORTAL_MAX_QUERY) = '\0';
  if (*q)
    articles = desk_store_search_articles (_desk_portal_store (visit), q, TRUE, SEARCH_RESULTS,
                                           &error);
  else
    articles = desk_store_list_public_articles (_desk_portal_store (visit), 0, &error);
  if (articles == NULL)
    {
      _desk_portal_reply_failure (visit, error);
      return;
    }
  page = _desk_portal_page_for (visit);
  _desk_portal_help (&page, q, articles, *q != '\0');
  _desk_portal_reply_page (visit, SOUP_STATUS_OK, &page);
}

void
_desk_portal_show_article (DeskPortalVisit *visit,
                           const char      *id_text)
{
  g_autoptr (DeskArticle) article = NULL;
  guint64 id = 0;
  DeskPortalPage page;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      _desk_portal_reply_not_found (visit);
      return;
    }
  article = desk_store_get_article (_desk_portal_store (visit), (gint64) id, NULL);
  /* An internal article is as absent as a missing one. */
  if (article == NULL || article->visibility != DESK_VISIBILITY_PUBLIC)
    {
      _desk_portal_reply_not_found (visit);
      return;
    }
  page = _desk_portal_page_for (visit);
  _desk_portal_article (&page, article);
  _desk_portal_reply_page (visit, SOUP_STATUS_OK, &page);
}

void
_desk_portal_show_request_form (DeskPortalVisit      *visit,
                                guint                 status,
                                const DeskPortalForm *form,
                                GPtrArray            *errors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories =
    desk_store_list_public_categories (_desk_portal_store (visit), &error);
  DeskPortalPage page;

  if (categories == NULL)
    {
      _desk_portal_reply_failure (visit, error);
      return;
    }
  page = _desk_portal_page_for (visit);
  _desk_portal_request_form (&page, categories, form, errors);
  _desk_portal_reply_page (visit, status, &page);
}

static gboolean
is_email (const char *text)
{
  return g_regex_match_simple ("^[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+$", text, 0, 0);
}

static gboolean
is_public_category (DeskPortalVisit *visit,
                    gint64           id)
{
  g_autoptr (GPtrArray) categories =
    desk_store_list_public_categories (_desk_portal_store (visit), NULL);

  for (guint i = 0; categories && i < categories->len; i++)
    if (((DeskCategoryInfo *) g_ptr_array_index (categories, i))->id == id)
      return TRUE;
  return FALSE;
}

void
_desk_portal_submit_request (DeskPortalVisit *visit)
{
  g_autoptr (GHashTable) form = _desk_portal_accept_post (visit, visit->portal->submit_limiter,
                                                          PREFIX "/request");
  g_autoptr (GPtrArray) errors = g_ptr_array_new ();
  g_autofree char *name = NULL, *contact = NULL, *category = NULL;
  g_autofree char *subject = NULL, *description = NULL, *e164 = NULL, *region = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *location = NULL;
  DeskPortalRequest request = { 0 };
  DeskPortalForm shown = { 0 };
  guint64 category_id = 0;
  gboolean email;

  if (form == NULL)
    return;
  name = _desk_portal_form_field (form, "name");
  contact = _desk_portal_form_field (form, "contact");
  category = _desk_portal_form_field (form, "category");
  subject = _desk_portal_form_field (form, "subject");
  description = _desk_portal_form_field (form, "description");

  if (*name == '\0')
    g_ptr_array_add (errors, _("Give your name."));
  else if (_desk_portal_too_long (name, DESK_PORTAL_MAX_NAME))
    g_ptr_array_add (errors, _("The name is too long."));
  email = strchr (contact, '@') != NULL;
  if (*contact == '\0')
    g_ptr_array_add (errors, _("Give a phone number or an e-mail address."));
  else if (email &&
           (_desk_portal_too_long (contact, DESK_PORTAL_MAX_CONTACT) || !is_email (contact)))
    g_ptr_array_add (errors, _("This e-mail address does not look right."));
  else if (!email)
    {
      region = desk_store_get_setting (_desk_portal_store (visit), "default-country");
      e164 = desk_phone_normalize (contact, region, NULL);
      if (e164 == NULL)
        g_ptr_array_add (errors, _("This phone number does not look right."));
    }
  if (!g_ascii_string_to_unsigned (category, 10, 1, G_MAXINT64, &category_id, NULL) ||
      !is_public_category (visit, (gint64) category_id))
    g_ptr_array_add (errors, _("Choose a topic."));
  if (*subject == '\0')
    g_ptr_array_add (errors, _("Give the request a subject."));
  else if (_desk_portal_too_long (subject, DESK_PORTAL_MAX_SUBJECT))
    g_ptr_array_add (errors, _("The subject is too long."));
  if (_desk_portal_too_long (description, DESK_PORTAL_MAX_TEXT))
    g_ptr_array_add (errors, _("The description is too long."));

  if (errors->len == 0)
    {
      request.name = name;
      request.e164 = e164;
      request.email = email ? contact : NULL;
      request.category_id = (gint64) category_id;
      request.subject = subject;
      request.description = *description ? description : NULL;
      kase = desk_store_create_portal_case (_desk_portal_store (visit), &request, &error);
      if (kase == NULL && !g_error_matches (error, DESK_ERROR, DESK_ERROR_INVALID))
        {
          _desk_portal_reply_failure (visit, error);
          return;
        }
      if (kase == NULL)
        g_ptr_array_add (errors, error->message);
    }
  if (kase == NULL)
    {
      shown.name = name;
      shown.contact = contact;
      shown.category_id = (gint64) category_id;
      shown.subject = subject;
      shown.description = description;
      _desk_portal_show_request_form (visit, SOUP_STATUS_UNPROCESSABLE_ENTITY, &shown, errors);
      return;
    }
  g_message ("Portal request %" G_GINT64_FORMAT " opened", kase->number);
  location = g_strdup_printf (PREFIX "/case/%s?new=1", kase->portal_token);
  _desk_portal_redirect (visit->msg, location);
}

void
_desk_portal_show_follow_form (DeskPortalVisit *visit,
                               guint            status,
                               const char      *number,
                               const char      *phone,
                               gboolean         not_found)
{
  DeskPortalPage page = _desk_portal_page_for (visit);

  _desk_portal_follow_form (&page, number, phone, not_found);
  _desk_portal_reply_page (visit, status, &page);
}

/* A wrong number, a wrong phone and a phone that is no number at all get
 * the same answer after the same lookup: none tells which part was wrong. */
void
_desk_portal_follow_request (DeskPortalVisit *visit)
{
  g_autoptr (GHashTable) form = _desk_portal_accept_post (visit, visit->portal->follow_limiter,
                                                          PREFIX "/follow");
  g_autofree char *number = NULL, *phone = NULL, *e164 = NULL, *region = NULL;
  g_autofree char *location = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GError) error = NULL;
  guint64 n = 0;

  if (form == NULL)
    return;
  number = _desk_portal_form_field (form, "number");
  phone = _desk_portal_form_field (form, "phone");
  region = desk_store_get_setting (_desk_portal_store (visit), "default-country");
  e164 = desk_phone_normalize (phone, region, NULL);
  if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT64, &n, NULL))
    n = 0;
  kase = desk_store_find_portal_case (_desk_portal_store (visit), (gint64) n, e164 ? e164 : "",
                                      &error);
  if (kase == NULL && !g_error_matches (error, DESK_ERROR, DESK_ERROR_NOT_FOUND))
    {
      _desk_portal_reply_failure (visit, error);
      return;
    }
  if (kase == NULL)
    {
      g_message ("Portal lookup of a case by number and phone failed");
      _desk_portal_show_follow_form (visit, SOUP_STATUS_NOT_FOUND, number, phone, TRUE);
      return;
    }
  location = g_strdup_printf (PREFIX "/case/%s", kase->portal_token);
  _desk_portal_redirect (visit->msg, location);
}

static DeskCase *
case_of_link (DeskPortalVisit *visit,
              const char      *token)
{
  g_autoptr (GError) error = NULL;
  DeskCase *kase;

  if (!_desk_portal_is_token (token, 8, 64))
    {
      _desk_portal_reply_not_found (visit);
      return NULL;
    }
  kase = desk_store_get_case_by_portal_token (_desk_portal_store (visit), token, &error);
  if (kase == NULL && g_error_matches (error, DESK_ERROR, DESK_ERROR_NOT_FOUND))
    _desk_portal_reply_notice (visit, SOUP_STATUS_NOT_FOUND, _("Request not found"),
                               _("This link leads to no request. Check that it was copied "
                                 "whole, or find the request by its number and your phone."),
                               PREFIX "/follow", _("Find a request"));
  else if (kase == NULL)
    _desk_portal_reply_failure (visit, error);
  return kase;
}

static char *
category_name (DeskPortalVisit *visit,
               gint64           id)
{
  g_autoptr (GPtrArray) categories =
    desk_store_list_public_categories (_desk_portal_store (visit), NULL);

  for (guint i = 0; categories && i < categories->len; i++)
    {
      DeskCategoryInfo *category = g_ptr_array_index (categories, i);

      if (category->id == id)
        return g_strdup (category->name);
    }
  return NULL;
}

static char *
full_link (SoupServerMessage *msg,
           const char        *token)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *path = g_strdup_printf (PREFIX "/case/%s", token);

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}

static void
show_case (DeskPortalVisit *visit,
           DeskCase        *kase,
           GHashTable      *query,
           guint            status,
           const char      *error_text,
           const char      *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events =
    desk_store_list_public_case_events (_desk_portal_store (visit), kase->id, &error);
  g_autofree char *category = NULL;
  g_autofree char *link = NULL;
  DeskPortalCaseView view = { 0 };
  DeskPortalPage page;

  if (events == NULL)
    {
      _desk_portal_reply_failure (visit, error);
      return;
    }
  category = category_name (visit, kase->category_id);
  link = full_link (visit->msg, kase->portal_token);
  view.kase = kase;
  view.category = category;
  view.events = events;
  view.link = link;
  view.just_created = query && g_strcmp0 (g_hash_table_lookup (query, "new"), "1") == 0;
  view.message_sent = query && g_strcmp0 (g_hash_table_lookup (query, "sent"), "1") == 0;
  view.error = error_text;
  view.message = message;
  page = _desk_portal_page_for (visit);
  _desk_portal_case (&page, &view);
  _desk_portal_reply_page (visit, status, &page);
}

void
_desk_portal_add_message (DeskPortalVisit *visit,
                          const char      *token)
{
  g_autofree char *back = g_strdup_printf (PREFIX "/case/%s", token);
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GHashTable) form = NULL;
  g_autofree char *message = NULL;
  g_autofree char *location = NULL;
  g_autoptr (GError) error = NULL;

  kase = case_of_link (visit, token);
  if (kase == NULL)
    return;
  form = _desk_portal_accept_post (visit, visit->portal->message_limiter, back);
  if (form == NULL)
    return;
  message = _desk_portal_form_field (form, "message");
  if (*message == '\0')
    {
      show_case (visit, kase, NULL, SOUP_STATUS_UNPROCESSABLE_ENTITY, _("Write a message first."),
                 NULL);
      return;
    }
  if (_desk_portal_too_long (message, DESK_PORTAL_MAX_TEXT))
    {
      show_case (visit, kase, NULL, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                 _("The message is too long."), message);
      return;
    }
  if (!desk_store_add_portal_message (_desk_portal_store (visit), kase->id, message, &error))
    {
      if (g_error_matches (error, DESK_ERROR, DESK_ERROR_FORBIDDEN))
        show_case (visit, kase, NULL, SOUP_STATUS_CONFLICT,
                   _("This request is closed; please submit a new one."), message);
      else
        _desk_portal_reply_failure (visit, error);
      return;
    }
  g_message ("Portal message added to case %" G_GINT64_FORMAT, kase->number);
  location = g_strdup_printf (PREFIX "/case/%s?sent=1#history", token);
  _desk_portal_redirect (visit->msg, location);
}

void
_desk_portal_show_case_by_link (DeskPortalVisit *visit,
                                const char      *token,
                                GHashTable      *query)
{
  g_autoptr (DeskCase) kase = case_of_link (visit, token);

  if (kase != NULL)
    show_case (visit, kase, query, SOUP_STATUS_OK, NULL, NULL);
}
