/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Requests larger than this are refused before they are parsed. */
#define DESK_WEB_MAX_BODY (64 * 1024)

void        desk_web_reply_json  (SoupServerMessage  *msg,
                                  guint               status,
                                  JsonNode           *node);
void        desk_web_reply_error (SoupServerMessage  *msg,
                                  guint               status,
                                  const char         *code,
                                  const char         *message);
void        desk_web_reply_gerror (SoupServerMessage *msg,
                                   const GError      *error);
JsonObject *desk_web_read_object (SoupServerMessage  *msg,
                                  GError            **error);
const char *desk_web_get_string  (JsonObject         *object,
                                  const char         *member);

/* Typed members of a request. Each returns TRUE when the member is absent
 * (leaving *@value alone) or of the right type, and FALSE with a
 * %DESK_ERROR_INVALID that names the member when it has the wrong type, or
 * is absent and @required. JSON null counts as absent. */
gboolean    desk_web_member_string (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    const char  **value,
                                    GError      **error);
gboolean    desk_web_member_int    (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    gint64       *value,
                                    GError      **error);
gboolean    desk_web_member_bool   (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    gboolean     *value,
                                    GError      **error);

/* Builder shorthands: a NULL string and a 0 id are written as null. */
void        desk_web_set_string  (JsonBuilder        *builder,
                                  const char         *member,
                                  const char         *value);
void        desk_web_set_int     (JsonBuilder        *builder,
                                  const char         *member,
                                  gint64              value);
void        desk_web_set_id      (JsonBuilder        *builder,
                                  const char         *member,
                                  gint64              id);
void        desk_web_set_bool    (JsonBuilder        *builder,
                                  const char         *member,
                                  gboolean            value);
void        desk_web_set_nick    (JsonBuilder        *builder,
                                  const char         *member,
                                  GType               enum_type,
                                  int                 value);
void        desk_web_reply_builder (SoupServerMessage *msg,
                                    guint              status,
                                    JsonBuilder       *builder);

G_END_DECLS
