/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records of the self-care portal, as the store hands them out and takes
 * them in (see desk-sqlite-store-portal.c). */

typedef struct {
  gint64 id;
  char *title;
  char *body;
  gint64 published_at;
} DeskNews;

void desk_news_free (DeskNews *news);

/* A case category as the portal offers it. */
typedef struct {
  gint64 id;
  char *name;
  int sla_hours;
} DeskCategoryInfo;

void desk_category_info_free (DeskCategoryInfo *category);

/* What a visitor leaves with a request; strings are borrowed. At least
 * one of @e164 and @email is set. */
typedef struct {
  const char *name;
  const char *e164;
  const char *email;
  gint64 category_id;    /* a public category */
  const char *subject;
  const char *description;
} DeskPortalRequest;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskNews, desk_news_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskCategoryInfo, desk_category_info_free)

G_END_DECLS
