/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "desk-web-portal.h"
#include "desk-web-limits.h"

G_BEGIN_DECLS

/* What the portal's files share: desk-web-portal.c (routes, security,
 * replies), desk-web-portal-views.c (what each page reads and each form
 * does), desk-web-portal-pages.c (the markup). */

/* A visitor's text, trimmed and cut to these many characters. */
#define DESK_PORTAL_MAX_NAME 200
#define DESK_PORTAL_MAX_CONTACT 254
#define DESK_PORTAL_MAX_SUBJECT 300
#define DESK_PORTAL_MAX_TEXT 4000
#define DESK_PORTAL_MAX_QUERY 200

/**
 * DeskPortalPage:
 * @html: the page being written
 * @lang: the `<html lang>` of the office's language
 * @office: the office's name
 * @csrf: the token every form of this page carries
 *
 * One page being answered.
 */
typedef struct
{
  GString *html;
  const char *lang;
  const char *office;
  const char *csrf;
} DeskPortalPage;

typedef enum {
  DESK_PORTAL_NAV_NONE,
  DESK_PORTAL_NAV_HOME,
  DESK_PORTAL_NAV_HELP,
  DESK_PORTAL_NAV_REQUEST,
  DESK_PORTAL_NAV_FOLLOW,
} DeskPortalNav;

/* What a visitor typed into the request form, to show it again. */
typedef struct
{
  const char *name;
  const char *contact;
  gint64 category_id;
  const char *subject;
  const char *description;
} DeskPortalForm;

/* What the case page shows beside the case. */
typedef struct
{
  DeskCase *kase;
  const char *category;      /* nullable */
  GPtrArray *events;         /* DeskCaseEvent, public ones */
  const char *link;          /* the full private link */
  gboolean just_created;
  gboolean message_sent;
  const char *error;         /* nullable: why the message was refused */
  const char *message;       /* nullable: the refused message, to show again */
} DeskPortalCaseView;

/* The portal, one per server. */
typedef struct
{
  DeskOffice *office;
  char *secret;
  char *lang;
  DeskWebLimiter *submit_limiter;
  DeskWebLimiter *follow_limiter;
  DeskWebLimiter *message_limiter;
} DeskWebPortal;

/* One request: who asks, and the form token their pages carry. */
typedef struct
{
  DeskWebPortal *portal;
  SoupServerMessage *msg;
  char *cookie;
  gboolean new_cookie;
  char *csrf;
  char *office;
} DeskPortalVisit;

void           _desk_portal_visit_free      (DeskPortalVisit    *visit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskPortalVisit, _desk_portal_visit_free)

DeskStore     *_desk_portal_store           (DeskPortalVisit    *visit);
gboolean       _desk_portal_is_token        (const char         *text,
                                             gsize               min,
                                             gsize               max);
DeskPortalPage _desk_portal_page_for        (DeskPortalVisit    *visit);
/* Sends @page (and takes its text) with the portal's security headers. */
void           _desk_portal_reply_page      (DeskPortalVisit    *visit,
                                             guint               status,
                                             DeskPortalPage     *page);
void           _desk_portal_reply_notice    (DeskPortalVisit    *visit,
                                             guint               status,
                                             const char         *title,
                                             const char         *text,
                                             const char         *link,
                                             const char         *link_label);
void           _desk_portal_reply_not_found (DeskPortalVisit    *visit);
/* Logs @error and answers in general terms. */
void           _desk_portal_reply_failure   (DeskPortalVisit    *visit,
                                             const GError       *error);
/* 303 See Other. */
void           _desk_portal_redirect        (SoupServerMessage  *msg,
                                             const char         *location);
/* A visitor's field: valid UTF-8, CR LF as LF, trimmed; "" when absent. */
char          *_desk_portal_form_field      (GHashTable         *form,
                                             const char         *name);
gboolean       _desk_portal_too_long        (const char         *text,
                                             glong               max_chars);
/* The posted form once its size, token, origin and the address's rate
 * are checked; %NULL when the answer is already made. */
GHashTable    *_desk_portal_accept_post     (DeskPortalVisit    *visit,
                                             DeskWebLimiter     *limiter,
                                             const char         *back);

/* desk-web-portal-views.c */
void _desk_portal_show_home         (DeskPortalVisit      *visit);
void _desk_portal_show_help         (DeskPortalVisit      *visit,
                                     GHashTable           *query);
void _desk_portal_show_article      (DeskPortalVisit      *visit,
                                     const char           *id_text);
void _desk_portal_show_request_form (DeskPortalVisit      *visit,
                                     guint                 status,
                                     const DeskPortalForm *form,
                                     GPtrArray            *errors);
void _desk_portal_submit_request    (DeskPortalVisit      *visit);
void _desk_portal_show_follow_form  (DeskPortalVisit      *visit,
                                     guint                 status,
                                     const char           *number,
                                     const char           *phone,
                                     gboolean              not_found);
void _desk_portal_follow_request    (DeskPortalVisit      *visit);
void _desk_portal_show_case_by_link (DeskPortalVisit      *visit,
                                     const char           *token,
                                     GHashTable           *query);
void _desk_portal_add_message       (DeskPortalVisit      *visit,
                                     const char           *token);

/* desk-web-portal-pages.c */
void _desk_portal_begin        (DeskPortalPage        *page,
                                const char            *title,
                                DeskPortalNav          nav);
void _desk_portal_end          (DeskPortalPage        *page);

void _desk_portal_home         (DeskPortalPage        *page,
                                GPtrArray             *news,
                                GPtrArray             *articles);
void _desk_portal_help         (DeskPortalPage        *page,
                                const char            *query,
                                GPtrArray             *articles,
                                gboolean               searched);
void _desk_portal_article      (DeskPortalPage        *page,
                                DeskArticle           *article);
void _desk_portal_request_form (DeskPortalPage        *page,
                                GPtrArray             *categories,
                                const DeskPortalForm  *form,
                                GPtrArray             *errors);
void _desk_portal_follow_form  (DeskPortalPage        *page,
                                const char            *number,
                                const char            *phone,
                                gboolean               not_found);
void _desk_portal_case         (DeskPortalPage        *page,
                                const DeskPortalCaseView *view);
/* A page that only says something: errors, limits. */
void _desk_portal_notice       (DeskPortalPage        *page,
                                const char            *title,
                                const char            *text,
                                const char            *link,
                                const char            *link_label);

const char *_desk_portal_status_label (DeskCaseStatus  status);

G_END_DECLS
