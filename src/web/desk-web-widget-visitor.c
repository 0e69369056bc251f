/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-widget"

#include "config.h"

#include "desk-web-widget-private.h"

#include <string.h>

/*
 * Who a visitor is, without storing anything per visitor: a chat belongs
 * to whoever holds its token (an HMAC of its id with the server's secret),
 * and a returning visitor is known by a signed value naming their last
 * chat and the client they turned out to be, kept in a cookie and, where
 * browsers keep third-party cookies away (plain HTTP), in the widget's own
 * storage. The secret is made on first run and kept in the store's
 * settings ("widget-secret"). Which sites may call the widget from a
 * browser is the owner's list, "widget-origins".
 */

#define COOKIE_NAME "frontdesk_visitor"
#define COOKIE_MAX_AGE (180 * 24 * 3600)

/* Secrets and tokens */

GBytes *
_desk_widget_load_secret (DeskStore *store)
{
  g_autofree char *hex = desk_store_get_setting (store, "widget-secret");
  g_autoptr (GError) error = NULL;

  if (hex == NULL || strlen (hex) < 64)
    {
      guint8 bytes[32];

      g_free (hex);
      for (guint i = 0; i < sizeof bytes; i += 4)
        {
          guint32 r = g_random_int ();

          memcpy (bytes + i, &r, 4);
        }
      /* GRand is not a CSPRNG: mix in /dev/urandom when the system has it. */
      {
        gsize len = 0;
        g_autoptr (GFile) file = g_file_new_for_path ("/dev/urandom");
        g_autoptr (GFileInputStream) in = g_file_read (file, NULL, NULL);
        guint8 extra[32];

        if (in && g_input_stream_read_all (G_INPUT_STREAM (in), extra, sizeof extra, &len, NULL,
                                           NULL) && len == sizeof extra)
          for (guint i = 0; i < sizeof bytes; i++)
            bytes[i] ^= extra[i];
      }
      hex = g_malloc (65);
      for (guint i = 0; i < sizeof bytes; i++)
        g_snprintf (hex + 2 * i, 3, "%02x", bytes[i]);
      if (!desk_store_set_setting (store, "widget-secret", hex, &error))
        g_warning ("The widget's secret was not saved: %s", error->message);
    }
  return g_bytes_new_take (g_steal_pointer (&hex), 64);
}

static char *
sign (DeskWidget *widget,
      const char *text)
{
  gsize len;
  const guint8 *key = g_bytes_get_data (widget->secret, &len);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, len, text, -1);
}

static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guint) (a[i] ^ b[i]);
  return diff == 0;
}

char *
_desk_widget_chat_token (DeskWidget *widget,
                         gint64      chat_id)
{
  g_autofree char *text = g_strdup_printf ("chat:%" G_GINT64_FORMAT, chat_id);

  return sign (widget, text);
}

gboolean
_desk_widget_token_valid (DeskWidget *widget,
                          gint64      chat_id,
                          const char *token)
{
  g_autofree char *expected = NULL;

  if (token == NULL || chat_id <= 0)
    return FALSE;
  expected = _desk_widget_chat_token (widget, chat_id);
  return equal_in_constant_time (expected, token);
}

/* The visitor: "v1.CHAT.CLIENT.HMAC", in a cookie and, where browsers
 * keep third-party cookies away, in the widget's own storage. */

static char *
visitor_encode (DeskWidget              *widget,
                const DeskWidgetVisitor *visitor)
{
  g_autofree char *payload = g_strdup_printf ("v1.%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
                                              visitor->chat_id, visitor->client_id);
  g_autofree char *mac = sign (widget, payload);

  return g_strconcat (payload, ".", mac, NULL);
}

static gboolean
visitor_decode (DeskWidget        *widget,
                const char        *text,
                DeskWidgetVisitor *visitor)
{
  g_auto (GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *mac = NULL;
  guint64 chat, client;

  if (text == NULL || strlen (text) > 200)
    return FALSE;
  parts = g_strsplit (text, ".", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], "v1") ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &chat, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 0, G_MAXINT64, &client, NULL))
    return FALSE;
  payload = g_strdup_printf ("v1.%s.%s", parts[1], parts[2]);
  mac = sign (widget, payload);
  if (!equal_in_constant_time (mac, parts[3]))
    return FALSE;
  visitor->chat_id = (gint64) chat;
  visitor->client_id = (gint64) client;
  return TRUE;
}

gboolean
_desk_widget_is_https (SoupServerMessage *msg)
{
  return g_strcmp0 (g_uri_get_scheme (soup_server_message_get_uri (msg)), "https") == 0;
}

gboolean
_desk_widget_read_visitor (DeskWidget        *widget,
                           SoupServerMessage *msg,
                           const char        *fallback,
                           DeskWidgetVisitor *visitor)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");

  if (header && strlen (header) < 8192)
    {
      g_autoptr (GHashTable) cookies = soup_header_parse_semi_param_list (header);
      const char *value = g_hash_table_lookup (cookies, COOKIE_NAME);

      if (visitor_decode (widget, value, visitor))
        return TRUE;
    }
  return visitor_decode (widget, fallback, visitor);
}

char *
_desk_widget_write_visitor (DeskWidget              *widget,
                            SoupServerMessage       *msg,
                            const DeskWidgetVisitor *visitor)
{
  g_autofree char *value = visitor_encode (widget, visitor);
  g_autofree char *cookie = NULL;

  /* A third-party cookie must be SameSite=None, which browsers take only
   * with Secure; over plain HTTP it is Lax and the widget's storage
   * carries the visitor instead. */
  cookie = g_strdup_printf ("%s=%s; Path=/widget; Max-Age=%d; HttpOnly; %s", COOKIE_NAME, value,
                            COOKIE_MAX_AGE,
                            _desk_widget_is_https (msg) ? "SameSite=None; Secure" : "SameSite=Lax");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               cookie);
  return g_steal_pointer (&value);
}

/* Origins */

static char *
normalize_origin (const char *origin)
{
  g_autofree char *text = g_strstrip (g_ascii_strdown (origin, -1));

  while (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return g_steal_pointer (&text);
}

gboolean
_desk_widget_origin_allowed (DeskWidget        *widget,
                             SoupServerMessage *msg,
                             const char        *origin)
{
  g_autofree char *wanted = NULL;
  g_autofree char *list = NULL;
  const char *host;

  if (origin == NULL)
    return TRUE;   /* not a browser's cross-origin call */
  wanted = normalize_origin (origin);

  /* The office's own pages (the portal, the help) are always welcome. */
  host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  if (host)
    {
      g_autofree char *self = g_strdup_printf ("%s://%s", _desk_widget_is_https (msg) ? "https" : "http", host);
      g_autofree char *own = normalize_origin (self);

      if (g_str_equal (own, wanted))
        return TRUE;
    }

  list = desk_store_get_setting (_desk_widget_store (widget), "widget-origins");
  if (list)
    {
      g_auto (GStrv) origins = g_strsplit_set (list, ", \n\t", -1);

      for (guint i = 0; origins[i]; i++)
        {
          g_autofree char *allowed = NULL;

          if (*origins[i] == '\0')
            continue;
          allowed = normalize_origin (origins[i]);
          if (g_str_equal (allowed, wanted))
            return TRUE;
        }
    }
  return FALSE;
}
