/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Escaping for every context a page writes visitor text into. */

/* Text and quoted attribute values: & < > " ' escaped. */
char *desk_web_html_escape   (const char *text);
/* A JavaScript/JSON string literal, quotes included, safe inside <script>
 * (< > & U+2028 U+2029 escaped). */
char *desk_web_js_string     (const char *text);
/* A URL component (RFC 3986 unreserved kept, the rest %-encoded). */
char *desk_web_url_encode    (const char *text);
/* A link target: http(s) URLs and relative paths pass; anything else
 * (javascript:, data:, …) becomes "#". Escaped for an attribute. */
char *desk_web_safe_href     (const char *url);

/* Appends @format to @page with every %s argument HTML-escaped. */
void  desk_web_html_append   (GString    *page,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
