/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-web"

#include "config.h"

#include "bench-web.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The clients' side of the wire, kept as small as a browser's is not: a
 * session is a socket and a few bytes, so that the process's memory is the
 * server's. HTTP/1.1 with Content-Length bodies (what the server sends)
 * and RFC 6455 frames, masked from the client, unfragmented.
 */

#define CHART_TARGET_CELLS 40
#define CHART_MAX_CELLS    52

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
bench_sleep_until_ns (gint64 at_ns)
{
  struct timespec ts = { at_ns / 1000000000, at_ns % 1000000000 };

  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

int
bench_connect (const char *local_ip,
               guint16     port)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    return -1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (local_ip)
    {
      struct sockaddr_in from = { .sin_family = AF_INET };

      inet_pton (AF_INET, local_ip, &from.sin_addr);
      if (bind (fd, (struct sockaddr *) &from, sizeof from) < 0)
        goto fail;
    }
  inet_pton (AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect (fd, (struct sockaddr *) &to, sizeof to) < 0)
    goto fail;
  return fd;

fail:
  {
    int saved = errno;

    close (fd);
    errno = saved;
    return -1;
  }
}

void
bench_conn_init (BenchConn *conn,
                 int        fd)
{
  memset (conn, 0, sizeof *conn);
  conn->fd = fd;
}

void
bench_conn_close (BenchConn *conn)
{
  if (conn->fd >= 0)
    close (conn->fd);
  conn->fd = -1;
  g_clear_pointer (&conn->buf, g_free);
  conn->len = conn->cap = 0;
}

gboolean
bench_send_all (int         fd,
                const void *data,
                gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          struct pollfd pfd = { fd, POLLOUT, 0 };

          poll (&pfd, 1, 1000);
          continue;
        }
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

gboolean
bench_conn_fill (BenchConn *conn,
                 int        timeout_ms)
{
  struct pollfd pfd = { conn->fd, POLLIN, 0 };
  ssize_t n;

  if (timeout_ms >= 0)
    {
      int r;

      while ((r = poll (&pfd, 1, timeout_ms)) < 0 && errno == EINTR)
        ;
      if (r <= 0)
        return FALSE;
    }
  if (conn->cap - conn->len < 4096)
    {
      conn->cap = MAX (conn->cap * 2, conn->len + 8192);
      conn->buf = g_realloc (conn->buf, conn->cap + 1);
    }
  while ((n = recv (conn->fd, conn->buf + conn->len, conn->cap - conn->len, MSG_DONTWAIT)) < 0 &&
         errno == EINTR)
    ;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return TRUE;
  if (n <= 0)
    return FALSE;
  conn->len += n;
  conn->buf[conn->len] = '\0';
  return TRUE;
}

void
bench_conn_consume (BenchConn *conn,
                    gsize      n)
{
  n = MIN (n, conn->len);
  memmove (conn->buf, conn->buf + n, conn->len - n);
  conn->len -= n;
  if (conn->buf)
    conn->buf[conn->len] = '\0';
  /* An idle session keeps no buffer. */
  if (conn->len == 0 && conn->cap > 65536)
    {
      g_clear_pointer (&conn->buf, g_free);
      conn->cap = 0;
    }
}

gboolean
bench_http_send (BenchConn  *conn,
                 const char *method,
                 const char *path,
                 const char *token,
                 const char *body)
{
  g_autoptr (GString) s = g_string_sized_new (256 + (body ? strlen (body) : 0));

  g_string_append_printf (s, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (token)
    g_string_append_printf (s, "Authorization: Bearer %s\r\n", token);
  if (body)
    g_string_append_printf (s, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                            strlen (body), body);
  else if (g_str_equal (method, "POST"))
    g_string_append (s, "Content-Length: 0\r\n\r\n");
  else
    g_string_append (s, "\r\n");
  return bench_send_all (conn->fd, s->str, s->len);
}

int
bench_http_parse (BenchConn  *conn,
                  BenchReply *reply)
{
  const char *end, *cl;
  gsize head, length = 0;

  if (conn->len < 12)
    return 0;
  if (strncmp (conn->buf, "HTTP/1.", 7) != 0)
    return -1;
  end = g_strstr_len (conn->buf, conn->len, "\r\n\r\n");
  if (end == NULL)
    return 0;
  head = end + 4 - conn->buf;
  cl = g_strstr_len (conn->buf, head, "\nContent-Length:");
  if (cl == NULL)
    cl = g_strstr_len (conn->buf, head, "\ncontent-length:");
  if (cl)
    length = g_ascii_strtoull (cl + strlen ("\nContent-Length:"), NULL, 10);
  else if (g_strstr_len (conn->buf, head, "chunked"))
    return -1;   /* the server sets lengths; nothing here reads chunks */
  if (conn->len < head + length)
    return 0;
  reply->status = atoi (conn->buf + 9);
  reply->body = g_strndup (conn->buf + head, length);
  bench_conn_consume (conn, head + length);
  return 1;
}

gboolean
bench_http (BenchConn  *conn,
            const char *method,
            const char *path,
            const char *token,
            const char *body,
            BenchReply *reply,
            int         timeout_ms)
{
  gint64 end = bench_now_ns () + (gint64) timeout_ms * 1000000;

  memset (reply, 0, sizeof *reply);
  if (!bench_http_send (conn, method, path, token, body))
    return FALSE;
  for (;;)
    {
      int r = bench_http_parse (conn, reply);
      int left = (int) ((end - bench_now_ns ()) / 1000000);

      if (r != 0)
        return r > 0;
      if (left <= 0 || !bench_conn_fill (conn, left))
        return FALSE;
    }
}

void
bench_reply_clear (BenchReply *reply)
{
  g_clear_pointer (&reply->body, g_free);
}

gboolean
bench_ws_upgrade (BenchConn  *conn,
                  const char *path,
                  int         timeout_ms)
{
  g_autofree char *request = NULL;
  gint64 end = bench_now_ns () + (gint64) timeout_ms * 1000000;
  guint8 nonce[16];
  g_autofree char *key = NULL;
  const char *head_end;

  for (guint i = 0; i < sizeof nonce; i++)
    nonce[i] = g_random_int_range (0, 256);
  key = g_base64_encode (nonce, sizeof nonce);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                             "Sec-WebSocket-Version: 13\r\n\r\n", path, key);
  if (!bench_send_all (conn->fd, request, strlen (request)))
    return FALSE;
  while ((head_end = conn->len ? g_strstr_len (conn->buf, conn->len, "\r\n\r\n") : NULL) == NULL)
    {
      int left = (int) ((end - bench_now_ns ()) / 1000000);

      if (left <= 0 || !bench_conn_fill (conn, left))
        return FALSE;
    }
  if (strncmp (conn->buf, "HTTP/1.1 101", 12) != 0)
    return FALSE;
  bench_conn_consume (conn, head_end + 4 - conn->buf);
  return TRUE;
}

gboolean
bench_ws_send (int         fd,
               int         opcode,
               const void *data,
               gsize       len)
{
  guint8 stack[512];
  guint8 *frame = len + 14 <= sizeof stack ? stack : g_malloc (len + 14);
  guint32 mask = g_random_int ();
  guint8 *m = (guint8 *) &mask;
  gsize at = 0;
  gboolean ok;

  frame[at++] = 0x80 | opcode;
  if (len < 126)
    frame[at++] = 0x80 | len;
  else
    {
      g_assert (len < 65536);
      frame[at++] = 0x80 | 126;
      frame[at++] = len >> 8;
      frame[at++] = len & 0xff;
    }
  memcpy (frame + at, m, 4);
  at += 4;
  for (gsize i = 0; i < len; i++)
    frame[at + i] = ((const guint8 *) data)[i] ^ m[i % 4];
  ok = bench_send_all (fd, frame, at + len);
  if (frame != stack)
    g_free (frame);
  return ok;
}

int
bench_ws_parse (BenchConn   *conn,
                int         *opcode,
                const char **payload,
                gsize       *payload_len,
                gsize       *frame_len)
{
  const guint8 *b = (const guint8 *) conn->buf;
  gsize at = 2;
  guint64 len;

  if (conn->len < 2)
    return 0;
  if (b[1] & 0x80)
    return -1;   /* a server never masks */
  len = b[1] & 0x7f;
  if (len == 126)
    {
      if (conn->len < 4)
        return 0;
      len = (b[2] << 8) | b[3];
      at = 4;
    }
  else if (len == 127)
    {
      if (conn->len < 10)
        return 0;
      len = 0;
      for (int i = 0; i < 8; i++)
        len = (len << 8) | b[2 + i];
      at = 10;
    }
  if (conn->len < at + len)
    return 0;
  *opcode = b[0] & 0x0f;
  *payload = conn->buf + at;
  *payload_len = len;
  *frame_len = at + len;
  return 1;
}

gboolean
bench_ws_wait_text (BenchConn  *conn,
                    const char *needle,
                    GString    *text,
                    int         timeout_ms)
{
  gint64 end = bench_now_ns () + (gint64) timeout_ms * 1000000;

  for (;;)
    {
      int opcode, r;
      const char *payload;
      gsize len, frame_len;

      while ((r = bench_ws_parse (conn, &opcode, &payload, &len, &frame_len)) == 1)
        {
          gboolean found = opcode == BENCH_WS_TEXT &&
                           g_strstr_len (payload, len, needle) != NULL;

          if (found && text)
            g_string_overwrite_len (g_string_truncate (text, 0), 0, payload, len);
          if (opcode == BENCH_WS_PING)
            bench_ws_send (conn->fd, BENCH_WS_PONG, payload, len);
          bench_conn_consume (conn, frame_len);
          if (found)
            return TRUE;
          if (opcode == BENCH_WS_CLOSE)
            return FALSE;
        }
      if (r < 0)
        return FALSE;
      {
        int left = (int) ((end - bench_now_ns ()) / 1000000);

        if (left <= 0 || !bench_conn_fill (conn, left))
          return FALSE;
      }
    }
}

gint64
bench_json_int (const char *json,
                const char *name)
{
  g_autofree char *key = g_strdup_printf ("\"%s\":", name);
  const char *at = json ? strstr (json, key) : NULL;

  if (at == NULL)
    return 0;
  at += strlen (key);
  while (*at == ' ')
    at++;
  return g_ascii_strtoll (at, NULL, 10);
}

char *
bench_json_str (const char *json,
                const char *name)
{
  g_autofree char *key = g_strdup_printf ("\"%s\":", name);
  const char *at = json ? strstr (json, key) : NULL;
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (key);
  while (*at == ' ')
    at++;
  if (*at != '"')
    return NULL;
  end = strchr (++at, '"');
  return end ? g_strndup (at, end - at) : NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentiles; sorts @values. */
BenchFigures
bench_figures (GArray *values)
{
  BenchFigures f = { 0 };
  double sum = 0;

  f.n = values->len;
  if (f.n == 0)
    return f;
  g_array_sort (values, compare_double);
#define RANK(p) g_array_index (values, double, CLAMP ((guint) ceil ((p) / 100.0 * f.n), 1, f.n) - 1)
  f.p50 = RANK (50);
  f.p95 = RANK (95);
  f.p99 = RANK (99);
#undef RANK
  f.max = g_array_index (values, double, f.n - 1);
  for (guint i = 0; i < f.n; i++)
    sum += g_array_index (values, double, i);
  f.mean = sum / f.n;
  return f;
}

void
bench_chart_axis (double      scale,
                  const char *unit)
{
  printf ("  %-30s 0         %-10.4g%-10.4g%-10.4g%.4g %s\n", "", scale / 4, scale / 2,
          scale * 3 / 4, scale, unit);
}

/* █ up to p50, ░ on to p99, │ at the target (or the scale's end), ▶ past
 * the chart's end. */
void
bench_chart_row (const char         *label,
                 const BenchFigures *f,
                 double              scale,
                 double              target)
{
  static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
  double per = CHART_TARGET_CELLS / scale;
  int p50_8 = MAX ((int) lround (MIN (f->p50 * per, CHART_MAX_CELLS) * 8), 1);
  int p99_cells = (int) lround (MIN (f->p99 * per, CHART_MAX_CELLS));
  int target_cell = target > 0 ? (int) lround (target * per) : -1;
  g_autoptr (GString) s = g_string_new (NULL);
  int i = 0;

  for (; i < p50_8 / 8; i++)
    g_string_append (s, "█");
  if (p50_8 % 8)
    {
      g_string_append (s, eighths[p50_8 % 8]);
      i++;
    }
  for (; i <= CHART_MAX_CELLS; i++)
    if (i == CHART_MAX_CELLS && f->p99 * per > CHART_MAX_CELLS)
      g_string_append (s, "▶");
    else if (i == target_cell)
      g_string_append (s, "│");
    else
      g_string_append (s, i < p99_cells ? "░" : " ");
  printf ("  %-30s %s  p50 %7.3f  p95 %7.3f  p99 %7.3f  max %8.3f  (%u)\n", label, s->str,
          f->p50, f->p95, f->p99, f->max, f->n);
}

gsize
bench_rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) * 1024;
}

int
bench_fd_count (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;
  int n = 0;

  if (dir == NULL)
    return -1;
  while ((entry = readdir (dir)))
    n += entry->d_name[0] != '.';
  closedir (dir);
  return n - 1;   /* the directory's own */
}

void
bench_print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;
  g_autofree char *meminfo = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (line = strstr (cpuinfo, "model name")) && (line = strchr (line, ':')))
    model = g_strstrip (g_strndup (line + 1, strcspn (line + 1, "\n")));
  printf ("Machine: %s, %u CPUs", model ? model : "unknown CPU", g_get_num_processors ());
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL) &&
      (line = strstr (meminfo, "MemTotal:")))
    printf (", %.1f GB RAM", g_ascii_strtoull (line + 9, NULL, 10) / 1048576.0);
  printf (", load average ");
  {
    g_autofree char *load = NULL;

    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("%.*s", (int) strcspn (load, " ") + 5, load);
  }
  printf ("\n");
}
