/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the web benchmark's files share: bench-web.c (the office, the
 * server, the main loop, part 1: widget sessions held), bench-web-chat.c
 * (part 2: visitor → agent latency; part 3: client lookups) and
 * bench-web-net.c (a small blocking HTTP/1.1 and WebSocket client on raw
 * sockets, statistics, the chart).
 *
 * The server runs on the main thread's main loop, as in the product; every
 * client runs on threads of its own and never touches GLib's main context. */

/* A client connection: a socket and what has been read from it and not
 * yet consumed. */
typedef struct
{
  int fd;
  char *buf;
  gsize len;
  gsize cap;
} BenchConn;

/* A parsed HTTP response: the status and the body (NUL-terminated). */
typedef struct
{
  int status;
  char *body;
} BenchReply;

enum {
  BENCH_WS_TEXT = 0x1,
  BENCH_WS_CLOSE = 0x8,
  BENCH_WS_PING = 0x9,
  BENCH_WS_PONG = 0xA,
};

typedef struct
{
  double p50, p95, p99, max, mean;
  guint n;
} BenchFigures;

/* The office the parts run against, and how the main thread is told that a
 * client thread is done. */
typedef struct
{
  char *dir;
  guint16 port;
  gint64 *operators;           /* user ids */
  int n_operators;
  int n_logged_in;             /* in the flow (desk_call_flow_agent_login) */
  int n_clients;               /* seeded */
  gpointer office;             /* DeskOffice */
  volatile gint done;          /* set by the client thread of a part */
} BenchWeb;

/* bench-web-net.c */
gint64      bench_now_ns          (void);
void        bench_sleep_until_ns  (gint64          at_ns);
/* A TCP connection to 127.0.0.1:@port from @local_ip (NULL: any); -1 and
 * errno on failure. TCP_NODELAY, blocking. */
int         bench_connect         (const char     *local_ip,
                                   guint16         port);
void        bench_conn_init       (BenchConn      *conn,
                                   int             fd);
void        bench_conn_close      (BenchConn      *conn);
gboolean    bench_send_all        (int             fd,
                                   const void     *data,
                                   gsize           len);
/* Reads what is there (waiting up to @timeout_ms for something); FALSE on
 * EOF, error or timeout. */
gboolean    bench_conn_fill       (BenchConn      *conn,
                                   int             timeout_ms);
void        bench_conn_consume    (BenchConn      *conn,
                                   gsize           n);
/* Sends a request (keep-alive) and reads its response. @token (Bearer)
 * and @body (JSON) may be NULL. */
gboolean    bench_http_send       (BenchConn      *conn,
                                   const char     *method,
                                   const char     *path,
                                   const char     *token,
                                   const char     *body);
/* One response from the buffer: 1 and @reply filled, 0 when more is
 * needed, -1 when it is not HTTP. */
int         bench_http_parse      (BenchConn      *conn,
                                   BenchReply     *reply);
gboolean    bench_http            (BenchConn      *conn,
                                   const char     *method,
                                   const char     *path,
                                   const char     *token,
                                   const char     *body,
                                   BenchReply     *reply,
                                   int             timeout_ms);
void        bench_reply_clear     (BenchReply     *reply);
/* The WebSocket handshake on @conn for @path; TRUE on 101. */
gboolean    bench_ws_upgrade      (BenchConn      *conn,
                                   const char     *path,
                                   int             timeout_ms);
/* Sends one masked frame. */
gboolean    bench_ws_send         (int             fd,
                                   int             opcode,
                                   const void     *data,
                                   gsize           len);
/* One frame from the buffer: 1 (@payload points into the buffer, valid
 * until bench_conn_consume (@conn, *@frame_len)), 0 when more is needed,
 * -1 on a malformed frame. */
int         bench_ws_parse        (BenchConn      *conn,
                                   int            *opcode,
                                   const char    **payload,
                                   gsize          *payload_len,
                                   gsize          *frame_len);
/* Reads frames until a text frame containing @needle; answers pings. */
gboolean    bench_ws_wait_text    (BenchConn      *conn,
                                   const char     *needle,
                                   GString        *text,
                                   int             timeout_ms);
/* A number member ("name": 123) of a JSON text; 0 when absent. */
gint64      bench_json_int        (const char     *json,
                                   const char     *name);
/* A string member without escapes ("name": "abc"); NULL when absent. */
char       *bench_json_str        (const char     *json,
                                   const char     *name);

BenchFigures bench_figures        (GArray         *values);
/* One chart row: █ up to p50, ░ on to p99, │ at @target, @scale per row. */
void        bench_chart_row       (const char     *label,
                                   const BenchFigures *f,
                                   double          scale,
                                   double          target);
void        bench_chart_axis      (double          scale,
                                   const char     *unit);
gsize       bench_rss_bytes       (void);
int         bench_fd_count        (void);
void        bench_print_machine   (void);

/* bench-web.c */
/* Runs the server's main loop until @web->done. */
void        bench_run_server      (BenchWeb       *web);
/* The address of visitor @index of @part: 127.@part.x.y. */
char       *bench_visitor_ip      (int             part,
                                   int             index);

/* bench-web-chat.c */
gboolean    bench_part_latency    (BenchWeb       *web,
                                   int             visitors,
                                   double          rate,
                                   int             seconds,
                                   GString        *bench_lines);
gboolean    bench_part_lookup     (BenchWeb       *web,
                                   int             connections,
                                   int             seconds,
                                   GString        *bench_lines);

G_END_DECLS
