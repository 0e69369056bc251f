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

G_END_DECLS
