/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web"

#include "desk-web-html.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Every byte a visitor sends comes back through one of these. Text that is
 * not valid UTF-8 is repaired first, and control characters that HTML has
 * no place for (everything below U+0020 but tab, line feed and carriage
 * return, and DEL) become U+FFFD, so a page never carries bytes that a
 * parser could read two ways.
 */

static gboolean
is_forbidden_control (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/**
 * desk_web_html_escape:
 * @text: (nullable): any text
 *
 * Returns: (transfer full): @text safe inside an element or a quoted
 *   attribute value; "" for %NULL
 */
char *
desk_web_html_escape (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 16);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default:
          if (is_forbidden_control (c))
            g_string_append_unichar (out, 0xfffd);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * desk_web_js_string:
 * @text: (nullable): any text
 *
 * Returns: (transfer full): a double-quoted JavaScript string literal that
 *   is also valid JSON and cannot end a `<script>` element or an HTML
 *   comment; `""` for %NULL
 */
char *
desk_web_js_string (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid) + 16);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '<': case '>': case '&': case '\'': case 0x2028: case 0x2029:
          g_string_append_printf (out, "\\u%04X", c);
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/**
 * desk_web_url_encode:
 * @text: (nullable): any text
 *
 * Returns: (transfer full): @text with every byte but RFC 3986's
 *   unreserved characters %-encoded, fit for a path segment or a query value
 */
char *
desk_web_url_encode (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (text) * 3 + 1);
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

/* Browsers drop tabs and line breaks inside a URL and trim spaces and
 * controls around it, so "java\tscript:" is "javascript:" to them: any
 * such byte makes the link unsafe rather than being cleaned away. */
static gboolean
has_blank_or_control (const char *url)
{
  for (const guchar *p = (const guchar *) url; *p; p++)
    if (*p <= 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/**
 * desk_web_safe_href:
 * @url: (nullable): a link target from data
 *
 * Lets through http and https URLs and relative references (a path, a
 * query or a fragment). A scheme-relative "//host" or "/\host" leaves the
 * site and a backslash is read as a slash by browsers, so both are refused
 * like every other scheme.
 *
 * Returns: (transfer full): the target escaped for an attribute, or "#"
 */
char *
desk_web_safe_href (const char *url)
{
  size_t scheme_end;

  if (url == NULL || *url == '\0' || !g_utf8_validate (url, -1, NULL) ||
      has_blank_or_control (url) || strchr (url, '\\') != NULL)
    return g_strdup ("#");

  scheme_end = strcspn (url, ":/?#");
  if (url[scheme_end] == ':')
    {
      if (!(scheme_end == 4 && g_ascii_strncasecmp (url, "http", 4) == 0) &&
          !(scheme_end == 5 && g_ascii_strncasecmp (url, "https", 5) == 0))
        return g_strdup ("#");
      if (strncmp (url + scheme_end, "://", 3) != 0 || url[scheme_end + 3] == '\0')
        return g_strdup ("#");
    }
  else if (url[0] == '/' && url[1] == '/')
    {
      return g_strdup ("#");
    }
  return desk_web_html_escape (url);
}

/* One printf conversion, its argument taken from @args by its type. The
 * conversions a page uses: d i u x X o c s p f e g (with flags, width,
 * precision, '*', and the length modifiers hh h l ll z j t L). */
static const char *
append_conversion (GString    *page,
                   const char *spec,
                   va_list    *args)
{
  const char *p = spec + 1;
  g_autofree char *one = NULL;
  int star[2];
  int n_star = 0;
  enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_BIG_L } len = LEN_NONE;

  while (*p && strchr ("-+ #0'", *p))
    p++;
  for (int part = 0; part < 2; part++)
    {
      if (part == 1)
        {
          if (*p != '.')
            break;
          p++;
        }
      if (*p == '*')
        {
          star[n_star++] = va_arg (*args, int);
          p++;
        }
      else
        {
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (p[0] == 'h' && p[1] == 'h') { len = LEN_HH; p += 2; }
  else if (p[0] == 'l' && p[1] == 'l') { len = LEN_LL; p += 2; }
  else if (*p == 'h') { len = LEN_H; p++; }
  else if (*p == 'l') { len = LEN_L; p++; }
  else if (*p == 'z') { len = LEN_Z; p++; }
  else if (*p == 'j') { len = LEN_J; p++; }
  else if (*p == 't') { len = LEN_T; p++; }
  else if (*p == 'L') { len = LEN_BIG_L; p++; }

  if (*p == '\0')
    {
      g_critical ("desk_web_html_append: an unfinished conversion in “%s”", spec);
      return p;
    }
  one = g_strndup (spec, p + 1 - spec);

#define APPEND(value) \
  G_STMT_START { \
    if (n_star == 2) g_string_append_printf (page, one, star[0], star[1], value); \
    else if (n_star == 1) g_string_append_printf (page, one, star[0], value); \
    else g_string_append_printf (page, one, value); \
  } G_STMT_END

  /* The format strings are the program's own; -Wformat checks them at
   * the call sites, so a non-literal format is safe here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  switch (*p)
    {
    case 's':
      {
        const char *text = va_arg (*args, const char *);
        g_autofree char *escaped = desk_web_html_escape (text);
        one[strlen (one) - 1] = 's';
        APPEND (escaped);
      }
      break;
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
      switch (len)
        {
        case LEN_L: APPEND (va_arg (*args, long)); break;
        case LEN_LL: APPEND (va_arg (*args, long long)); break;
        case LEN_Z: APPEND (va_arg (*args, size_t)); break;
        case LEN_J: APPEND (va_arg (*args, intmax_t)); break;
        case LEN_T: APPEND (va_arg (*args, ptrdiff_t)); break;
        default: APPEND (va_arg (*args, int)); break;
        }
      break;
    case 'c':
      APPEND (va_arg (*args, int));
      break;
    case 'p':
      APPEND (va_arg (*args, void *));
      break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      if (len == LEN_BIG_L)
        APPEND (va_arg (*args, long double));
      else
        APPEND (va_arg (*args, double));
      break;
    default:
      g_critical ("desk_web_html_append: unsupported conversion “%s”", one);
      break;
    }
#pragma GCC diagnostic pop
#undef APPEND
  return p + 1;
}

/**
 * desk_web_html_append:
 * @page: the page being written
 * @format: a printf format, the page's own markup
 * @...: the arguments; every string among them is HTML-escaped
 *
 * The one way page code puts data into markup: a %s can never carry a
 * tag or end an attribute, whatever it holds. A %NULL string is empty.
 */
void
desk_web_html_append (GString    *page,
                      const char *format,
                      ...)
{
  va_list args;
  const char *p = format;

  g_return_if_fail (page != NULL && format != NULL);

  va_start (args, format);
  while (*p)
    {
      const char *percent = strchr (p, '%');

      if (percent == NULL)
        {
          g_string_append (page, p);
          break;
        }
      g_string_append_len (page, p, percent - p);
      if (percent[1] == '%')
        {
          g_string_append_c (page, '%');
          p = percent + 2;
          continue;
        }
      p = append_conversion (page, percent, &args);
    }
  va_end (args);
}
