/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-office-ring"

#include "config.h"

#include "bench-office-ring.h"

#include <stdlib.h>
#include <string.h>

/* SIP text for the bench's phones: just what they need to read and write. */

void
bench_msg_clear (BenchMsg *m)
{
  g_free (m->buf);
  g_clear_pointer (&m->vias, g_ptr_array_unref);
}

static gboolean
header_is (const char *line, const char *name, const char *compact)
{
  size_t n = strlen (name);
  const char *colon = strchr (line, ':');
  size_t len;

  if (colon == NULL)
    return FALSE;
  len = (size_t)(colon - line);
  while (len > 0 && line[len - 1] == ' ')
    len--;
  return (len == n && g_ascii_strncasecmp (line, name, n) == 0)
         || (compact && len == 1 && g_ascii_tolower (line[0]) == compact[0]);
}

static const char *
value_of (const char *line)
{
  const char *v = strchr (line, ':') + 1;

  while (*v == ' ' || *v == '\t')
    v++;
  return v;
}

gboolean
bench_msg_parse (BenchMsg *m, const char *data, gssize len)
{
  char *line, *next, *end;

  memset (m, 0, sizeof *m);
  m->buf = g_strndup (data, len);
  m->vias = g_ptr_array_new ();
  end = strstr (m->buf, "\r\n\r\n");
  if (end == NULL)
    return FALSE;
  end[2] = '\0';
  line = m->buf;
  next = strstr (line, "\r\n");
  *next = '\0';
  if (g_str_has_prefix (line, "SIP/2.0 "))
    m->code = atoi (line + 8);
  else
    {
      char *sp = strchr (line, ' ');

      if (sp == NULL)
        return FALSE;
      *sp = '\0';
      m->request = TRUE;
      m->method = line;
      m->ruri = sp + 1;
    }
  for (line = next + 2; *line; line = next + 2)
    {
      next = strstr (line, "\r\n");
      if (next == NULL)
        break;
      *next = '\0';
      if (header_is (line, "Via", "v"))
        g_ptr_array_add (m->vias, line);
      else if (header_is (line, "From", "f"))
        m->from = value_of (line);
      else if (header_is (line, "To", "t"))
        m->to = value_of (line);
      else if (header_is (line, "Call-ID", "i"))
        m->call_id = value_of (line);
      else if (header_is (line, "CSeq", NULL))
        m->cseq = value_of (line);
      else if (header_is (line, "Contact", "m"))
        m->contact = value_of (line);
      else if (header_is (line, "WWW-Authenticate", NULL))
        m->auth = value_of (line);
    }
  if (m->from == NULL || m->to == NULL || m->call_id == NULL || m->cseq == NULL)
    return FALSE;
  if (!m->request)
    {
      const char *sp = strchr (m->cseq, ' ');

      m->method = sp ? sp + 1 : "";
    }
  return TRUE;
}

/* The value of @key="…" (or key=…) in a header value. */
char *
bench_param (const char *value, const char *key)
{
  g_autofree char *pattern = g_strdup_printf ("%s=", key);
  const char *at = value;

  while ((at = strstr (at, pattern)) != NULL)
    {
      if (at == value || at[-1] == ' ' || at[-1] == ',' || at[-1] == ';')
        {
          at += strlen (pattern);
          if (*at == '"')
            {
              const char *close = strchr (at + 1, '"');

              return close ? g_strndup (at + 1, close - at - 1) : NULL;
            }
          return g_strndup (at, strcspn (at, " ,;>"));
        }
      at++;
    }
  return NULL;
}

/* "<sip:x@h:p>;tag=…" → "sip:x@h:p". */
char *
bench_uri_of (const char *value)
{
  const char *lt = strchr (value, '<');

  if (lt)
    return g_strndup (lt + 1, strcspn (lt + 1, ">"));
  return g_strndup (value, strcspn (value, ";"));
}

char *
bench_md5_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

const char *
bench_sdp (guint16 port)
{
  static char text[256];

  g_snprintf (text, sizeof text,
              "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              "m=audio %u RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
              "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n",
              port);
  return text;
}
