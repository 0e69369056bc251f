/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-web"

#include "config.h"

#include "bench-web.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "desk-call-flow.h"
#include "desk-office.h"
#include "desk-sqlite-store.h"
#include "desk-web-server.h"

/*
 * The web server at the size of a busy office (issue 5, point 8), in this
 * process as in `frontdesk --server`: DeskOffice (its store, call flow and
 * PBX) and DeskWebServer on the main thread's main loop, on 127.0.0.1 with
 * ports the kernel hands out, the store a fresh DeskSqliteStore (WAL,
 * synchronous = FULL, the real migrations) in a temporary directory.
 *
 *   1. Widget sessions held: visitors start chats (POST /widget/v1/chats)
 *      and open their WebSockets, in steps up to 5,000; after each step
 *      every session must answer a ping. The chats stay with the bot, as
 *      a visitor's chat does until they ask for a person.
 *   2. Visitor → agent latency at 500 messages/s (bench-web-chat.c).
 *   3. Client lookups per second on the agent API (bench-web-chat.c).
 *
 * The product's limits are the product's: a visitor's address may start 5
 * chats and then one every two minutes, and write 20 messages and then one
 * a second. The visitors here come from as many addresses as real ones
 * would (127.P.x.y: all of 127/8 is the loopback), never from a switch.
 */

#define TARGET_SESSIONS 5000
#define TARGET_LATENCY_MS 10.0
#define CHATS_PER_ADDRESS 4         /* the start limiter allows a burst of 5 */
#define CONNECT_THREADS 4
#define PING_WAVE 250

static int opt_sessions = TARGET_SESSIONS;
static int opt_step = 1000;
static int opt_visitors = 500;
static double opt_rate = 500;
static int opt_seconds = 20;
static int opt_clients = 100000;
static int opt_connections = 8;
static int opt_lookup_seconds = 10;
static int opt_operators;
static char *opt_parts;
static char *opt_dir;
static gboolean opt_keep;
static gboolean opt_quick;

static const GOptionEntry entries[] = {
  { "sessions", 0, 0, G_OPTION_ARG_INT, &opt_sessions, "Widget sessions to hold (5000)", "N" },
  { "step", 0, 0, G_OPTION_ARG_INT, &opt_step, "Sessions added per step (1000)", "N" },
  { "visitors", 0, 0, G_OPTION_ARG_INT, &opt_visitors,
    "Part 2: visitors talking to operators (500)", "N" },
  { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate, "Part 2: visitor messages per second (500)",
    "R" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Part 2: how long they write (20)", "S" },
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Part 3: clients in the store (100000)",
    "N" },
  { "connections", 0, 0, G_OPTION_ARG_INT, &opt_connections,
    "Part 3: concurrent keep-alive connections (8)", "K" },
  { "lookup-seconds", 0, 0, G_OPTION_ARG_INT, &opt_lookup_seconds,
    "Part 3: how long lookups run (10)", "S" },
  { "operators", 0, 0, G_OPTION_ARG_INT, &opt_operators, "Operators taking the chats (enough for 20 chats each)", "N" },
  { "parts", 0, 0, G_OPTION_ARG_STRING, &opt_parts, "Which parts to run (1,2,3)", "LIST" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir,
    "Where the temporary office goes ($TMPDIR or /tmp)", "DIR" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the temporary office", NULL },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick,
    "A smoke run: 1,000 sessions, 5 s of messages, 20,000 clients, 3 s of lookups", NULL },
  { NULL }
};

/* The server's loop */

void
bench_run_server (BenchWeb *web)
{
  while (!g_atomic_int_get (&web->done))
    g_main_context_iteration (NULL, TRUE);
  g_atomic_int_set (&web->done, 0);
}

static void
client_done (BenchWeb *web)
{
  g_atomic_int_set (&web->done, 1);
  g_main_context_wakeup (NULL);
}

char *
bench_visitor_ip (int part,
                  int index)
{
  return g_strdup_printf ("127.%d.%d.%d", part, index / 250, index % 250 + 1);
}

/* Part 1: widget sessions held */

typedef struct
{
  int fd;                 /* -1: lost or never opened */
  guint8 *rest;           /* the start of a frame not all read yet; usually NULL */
  guint16 rest_len;
  gint64 ping_ns;
} Session;

typedef struct
{
  BenchWeb *web;
  Session *sessions;
  int n;                  /* opened or tried so far */
  int step_end;
  volatile gint next;
  GMutex lock;
  GHashTable *failures;   /* reason → count */
  GArray *connect_ms;     /* this step's, start → hello */
  gboolean ok;
} Sessions;

static void
fail (Sessions   *p,
      const char *reason)
{
  g_mutex_lock (&p->lock);
  g_hash_table_insert (p->failures, (gpointer) g_intern_string (reason),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (p->failures,
                                                                               reason)) + 1));
  g_mutex_unlock (&p->lock);
}

/* Starts visitor @i's chat and opens its WebSocket, on one keep-alive
 * connection as the widget's page would. */
static void
open_session (Sessions *p,
              int       i)
{
  g_autofree char *ip = bench_visitor_ip (1, i / CHATS_PER_ADDRESS);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Відвідувач %d\", \"contact\": "
                                           "\"visitor%d@example.com\"}", i, i);
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  gint64 t0 = bench_now_ns ();
  BenchReply reply = { 0 };
  BenchConn conn;
  int fd = bench_connect (ip, p->web->port);
  gint64 chat_id;
  double ms;

  p->sessions[i].fd = -1;
  if (fd < 0)
    {
      g_autofree char *reason = g_strdup_printf ("connect: %s", g_strerror (errno));

      fail (p, reason);
      return;
    }
  bench_conn_init (&conn, fd);
  if (!bench_http (&conn, "POST", "/widget/v1/chats", NULL, body, &reply, 30000))
    {
      fail (p, "start: no answer");
      goto out;
    }
  if (reply.status != 201)
    {
      g_autofree char *reason = g_strdup_printf ("start: %d", reply.status);

      fail (p, reason);
      goto out;
    }
  chat_id = bench_json_int (reply.body, "chat_id");
  token = bench_json_str (reply.body, "token");
  path = g_strdup_printf ("/widget/v1/chats/%" G_GINT64_FORMAT "/ws?token=%s", chat_id, token);
  if (!bench_ws_upgrade (&conn, path, 30000))
    {
      fail (p, "WebSocket refused");
      goto out;
    }
  if (!bench_ws_wait_text (&conn, "\"hello\"", NULL, 30000))
    {
      fail (p, "no hello");
      goto out;
    }
  /* The transcript follows the hello: read to a frame's end, so that the
   * socket is left at a boundary. */
  for (;;)
    {
      int opcode, r;
      const char *payload;
      gsize len, frame_len;

      while ((r = bench_ws_parse (&conn, &opcode, &payload, &len, &frame_len)) == 1)
        bench_conn_consume (&conn, frame_len);
      if (r < 0 || conn.len == 0 || !bench_conn_fill (&conn, 5000))
        break;
    }
  ms = (bench_now_ns () - t0) / 1e6;
  g_mutex_lock (&p->lock);
  g_array_append_val (p->connect_ms, ms);
  g_mutex_unlock (&p->lock);
  p->sessions[i].fd = conn.fd;
  conn.fd = -1;

out:
  bench_reply_clear (&reply);
  bench_conn_close (&conn);
}

static gpointer
connect_worker (gpointer data)
{
  Sessions *p = data;
  int i;

  while ((i = g_atomic_int_add (&p->next, 1)) < p->step_end)
    open_session (p, i);
  return NULL;
}

/* Reads what session @s has sent: counts its pong, answers pings. FALSE
 * when it closed. */
static gboolean
read_session (Session   *s,
              BenchConn *scratch,
              int        index,
              GArray    *rtt_ms,
              int       *pongs)
{
  gboolean open = TRUE;
  int opcode, r;
  const char *payload;
  gsize len, frame_len;

  scratch->fd = s->fd;
  scratch->len = 0;
  if (s->rest)
    {
      scratch->cap = MAX (scratch->cap, 65536);
      scratch->buf = g_realloc (scratch->buf, scratch->cap + 1);
      memcpy (scratch->buf, s->rest, s->rest_len);
      scratch->len = s->rest_len;
      g_clear_pointer (&s->rest, g_free);
    }
  if (!bench_conn_fill (scratch, -1))
    open = FALSE;
  while ((r = bench_ws_parse (scratch, &opcode, &payload, &len, &frame_len)) == 1)
    {
      if (opcode == BENCH_WS_PONG && len == sizeof (int) && memcmp (payload, &index, len) == 0 &&
          s->ping_ns)
        {
          double ms = (bench_now_ns () - s->ping_ns) / 1e6;

          g_array_append_val (rtt_ms, ms);
          s->ping_ns = 0;
          (*pongs)++;
        }
      else if (opcode == BENCH_WS_PING)
        bench_ws_send (s->fd, BENCH_WS_PONG, payload, len);
      else if (opcode == BENCH_WS_CLOSE)
        open = FALSE;
      bench_conn_consume (scratch, frame_len);
    }
  if (r < 0)
    open = FALSE;
  if (open && scratch->len > 0)
    {
      s->rest = g_memdup2 (scratch->buf, scratch->len);
      s->rest_len = scratch->len;
    }
  scratch->fd = -1;
  return open;
}

/* Pings every open session, @PING_WAVE at a time; returns how many
 * answered within 10 s and their round trips in @rtt_ms. */
static int
check_sessions (Sessions *p,
                GArray   *rtt_ms)
{
  BenchConn scratch;
  int answered = 0;

  bench_conn_init (&scratch, -1);
  for (int from = 0; from < p->n; from += PING_WAVE)
    {
      int to = MIN (from + PING_WAVE, p->n);
      struct pollfd pfds[PING_WAVE];
      int waiting = 0, pongs = 0;
      gint64 end = bench_now_ns () + 10 * G_GINT64_CONSTANT (1000000000);

      for (int i = from; i < to; i++)
        {
          Session *s = &p->sessions[i];

          if (s->fd < 0)
            continue;
          s->ping_ns = bench_now_ns ();
          if (!bench_ws_send (s->fd, BENCH_WS_PING, &i, sizeof i))
            {
              close (s->fd);
              s->fd = -1;
              continue;
            }
          waiting++;
        }
      while (pongs < waiting && bench_now_ns () < end)
        {
          int n = 0;

          for (int i = from; i < to; i++)
            if (p->sessions[i].fd >= 0 && p->sessions[i].ping_ns)
              pfds[n++] = (struct pollfd) { p->sessions[i].fd, POLLIN, 0 };
          if (n == 0 || poll (pfds, n, 100) <= 0)
            continue;
          for (int k = 0, i = from; k < n; k++)
            {
              if (!(pfds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
              while (p->sessions[i].fd != pfds[k].fd)
                i++;
              if (!read_session (&p->sessions[i], &scratch, i, rtt_ms, &pongs))
                {
                  close (p->sessions[i].fd);
                  p->sessions[i].fd = -1;
                  waiting--;
                }
            }
        }
      answered += pongs;
      for (int i = from; i < to; i++)
        p->sessions[i].ping_ns = 0;
    }
  bench_conn_close (&scratch);
  return answered;
}

typedef struct
{
  int target;
  int held;
  int answered;
  double connect_per_s;
  double connect_p50, connect_p99;
  BenchFigures rtt;
  gsize rss;
  int fds_server;
} Step;

static void
print_failures (Sessions *p)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, p->failures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    printf ("      failed: %s × %u\n", (char *) key, GPOINTER_TO_UINT (value));
  g_hash_table_remove_all (p->failures);
}

typedef struct
{
  Sessions *p;
  GArray *steps;
  gsize rss_before;
  int fds_before;
} SessionsRun;

static gpointer
sessions_thread (gpointer data)
{
  SessionsRun *run = data;
  Sessions *p = run->p;

  for (int target = MIN (opt_step, opt_sessions); p->n < opt_sessions;
       target = MIN (target + opt_step, opt_sessions))
    {
      GThread *workers[CONNECT_THREADS];
      g_autoptr (GArray) rtt = g_array_new (FALSE, FALSE, sizeof (double));
      gint64 t0 = bench_now_ns ();
      double seconds;
      int held = 0, client_fds;
      Step step = { .target = target };
      BenchFigures cf;

      p->step_end = target;
      g_atomic_int_set (&p->next, p->n);
      g_array_set_size (p->connect_ms, 0);
      for (int t = 0; t < CONNECT_THREADS; t++)
        workers[t] = g_thread_new ("bench-connect", connect_worker, p);
      for (int t = 0; t < CONNECT_THREADS; t++)
        g_thread_join (workers[t]);
      seconds = (bench_now_ns () - t0) / 1e9;
      cf = bench_figures (p->connect_ms);
      step.connect_per_s = cf.n / seconds;
      step.connect_p50 = cf.p50;
      step.connect_p99 = cf.p99;
      p->n = target;

      /* Memory and descriptors with the sessions idle, before the check. */
      step.rss = bench_rss_bytes ();
      client_fds = 0;
      for (int i = 0; i < p->n; i++)
        client_fds += p->sessions[i].fd >= 0;
      step.fds_server = bench_fd_count () - client_fds;

      step.answered = check_sessions (p, rtt);
      for (int i = 0; i < p->n; i++)
        held += p->sessions[i].fd >= 0;
      step.held = held;
      step.rtt = bench_figures (rtt);
      printf ("  %5d sessions: %5d opened in %5.1f s (%4.0f/s, start → hello p50 %.1f ms, "
              "p99 %.1f ms); %5d answer a ping; RSS %6.1f MB, server fds %5d\n",
              target, cf.n, seconds, step.connect_per_s, cf.p50, cf.p99, step.answered,
              step.rss / 1048576.0, step.fds_server);
      print_failures (p);
      g_array_append_val (run->steps, step);
    }
  client_done (p->web);
  return NULL;
}

static gboolean
part_sessions (BenchWeb *web,
               GString  *lines)
{
  Sessions p = { .web = web };
  SessionsRun run = { .p = &p };
  g_autoptr (GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  Step *last;
  gboolean met;
  gint64 t0;
  int fds_after;

  printf ("\nPart 1: widget sessions held (POST /widget/v1/chats, then its WebSocket; "
          "%d chats per visitor address, %d connecting at a time)\n", CHATS_PER_ADDRESS,
          CONNECT_THREADS);
  p.sessions = g_new0 (Session, opt_sessions);
  p.failures = g_hash_table_new (g_str_hash, g_str_equal);
  p.connect_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_init (&p.lock);
  run.steps = steps;
  run.rss_before = bench_rss_bytes ();
  run.fds_before = bench_fd_count ();
  printf ("  before: RSS %.1f MB, %d fds\n", run.rss_before / 1048576.0, run.fds_before);

  g_thread_unref (g_thread_new ("bench-sessions", sessions_thread, &run));
  bench_run_server (web);

  last = &g_array_index (steps, Step, steps->len - 1);
  printf ("\n  %-9s %-7s %-9s %-11s %-17s %-15s %-10s %-11s %s\n", "step", "held", "answered",
          "opened/s", "start→hello p99", "ping p50/p99", "RSS MB", "RSS/session",
          "server fds");
  for (guint i = 0; i < steps->len; i++)
    {
      Step *s = &g_array_index (steps, Step, i);

      printf ("  %-9d %-7d %-9d %-11.0f %-17.1f %5.2f / %-7.2f %-10.1f %5.1f KB    %d\n",
              s->target, s->held, s->answered, s->connect_per_s, s->connect_p99, s->rtt.p50,
              s->rtt.p99, s->rss / 1048576.0,
              s->held ? (s->rss - run.rss_before) / 1024.0 / s->held : 0.0, s->fds_server);
    }
  printf ("  (RSS is the whole process's; the clients' part of it is %zu bytes a session; the "
          "server's fds are the process's less the clients' sockets)\n", sizeof (Session));

  /* The visitors leave: the server must let go of their sockets. */
  t0 = bench_now_ns ();
  for (int i = 0; i < opt_sessions; i++)
    if (p.sessions[i].fd >= 0)
      {
        close (p.sessions[i].fd);
        p.sessions[i].fd = -1;
        g_free (p.sessions[i].rest);
      }
  while ((fds_after = bench_fd_count ()) > run.fds_before + 20 &&
         bench_now_ns () - t0 < 20 * G_GINT64_CONSTANT (1000000000))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  printf ("  all closed by the visitors: the server is back to %d fds after %.1f s\n", fds_after,
          (bench_now_ns () - t0) / 1e9);

  met = last->held >= TARGET_SESSIONS && last->answered >= TARGET_SESSIONS;
  g_string_append_printf (lines, "BENCH web_sessions_held=%d\n", last->held);
  g_string_append_printf (lines, "BENCH web_sessions_answered=%d\n", last->answered);
  g_string_append_printf (lines, "BENCH web_sessions_connect_per_s=%.1f\n",
                          last->connect_per_s);
  g_string_append_printf (lines, "BENCH web_sessions_rss_mb=%.1f\n", last->rss / 1048576.0);
  g_string_append_printf (lines, "BENCH web_sessions_rss_per_session_kb=%.1f\n",
                          last->held ? (last->rss - run.rss_before) / 1024.0 / last->held : 0.0);
  g_string_append_printf (lines, "BENCH web_sessions_server_fds=%d\n", last->fds_server);
  g_string_append_printf (lines, "BENCH web_sessions_target_met=%s\n", met ? "yes" : "no");

  g_hash_table_unref (p.failures);
  g_array_unref (p.connect_ms);
  g_mutex_clear (&p.lock);
  g_free (p.sessions);
  return TRUE;
}

/* The office */

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* One chat queue whose operators take many chats each (a chat weighs
 * 0.02 of an operator), and the clients of part 3, each with a number. */
static DeskStore *
make_store (BenchWeb  *web,
            GError   **error)
{
  g_autofree char *path = g_build_filename (web->dir, "office.sqlite", NULL);
  g_autoptr (DeskStore) store = DESK_STORE (desk_sqlite_store_new (path, error));
  /* The store allows an operator 20 chats at once. */
  int per_operator = MIN ((opt_visitors + web->n_operators - 1) / web->n_operators, 20);
  DeskQueue queue = {
    .name = "Чат",
    .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
    .max_wait_seconds = 3600,
    .max_length = 100000,
    .service_level_seconds = 20,
    /* the office rounds a chat's load to a thousandth: keep N of them within 1000 */
    .chat_weight = floor (1000.0 / MAX (per_operator, 1)) / 1000.0,
  };
  gint64 queue_id;

  if (store == NULL || !desk_store_set_setting (store, "default-country", "UA", error) ||
      (queue_id = desk_store_add_queue (store, &queue, error)) == 0)
    return NULL;
  for (int i = 0; i < web->n_operators; i++)
    {
      g_autofree char *login = g_strdup_printf ("op%d", i);
      g_autofree char *sip = g_strdup_printf ("%d", 2000 + i);
      DeskUserNew spec = { .login = login, .display_name = login, .role = DESK_ROLE_OPERATOR,
                           .password = "bench-password", .sip_user = sip,
                           .max_chats = per_operator };

      web->operators[i] = desk_store_add_user (store, &spec, error);
      if (web->operators[i] == 0 ||
          !desk_store_add_queue_member (store, queue_id, web->operators[i], 0, error))
        return NULL;
    }
  for (int i = 0; i < web->n_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Клієнт %d", i);
      g_autofree char *e164 = g_strdup_printf ("+38050%07d", i);
      g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);

      if (i % 2000 == 0 && !desk_store_begin (store, error))
        return NULL;
      desk_client_add_phone (client, e164, NULL);
      if (desk_store_add_client (store, 0, client, error) == 0)
        return NULL;
      if ((i % 2000 == 1999 || i == web->n_clients - 1) && !desk_store_commit (store, error))
        return NULL;
    }
  return g_steal_pointer (&store);
}

static gboolean
want_part (int part)
{
  g_autofree char *name = g_strdup_printf ("%d", part);
  g_auto (GStrv) parts = NULL;

  if (opt_parts == NULL)
    return TRUE;
  parts = g_strsplit (opt_parts, ",", -1);
  return g_strv_contains ((const char *const *) parts, name);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskStore) store = NULL;
  g_autoptr (DeskOffice) office = NULL;
  g_autoptr (DeskWebServer) server = NULL;
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autofree char *template = NULL;
  BenchWeb web = { 0 };
  struct rlimit nofile;
  gint64 t0, started = bench_now_ns ();

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "The web server under load: widget sessions held, visitor → agent "
                                "message latency,\nclient lookups per second; the office and its "
                                "server in this process, clients on raw sockets.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_quick)
    {
      opt_sessions = MIN (opt_sessions, 1000);
      opt_step = MIN (opt_step, 500);
      opt_seconds = MIN (opt_seconds, 5);
      opt_clients = MIN (opt_clients, 20000);
      opt_lookup_seconds = MIN (opt_lookup_seconds, 3);
    }
  if (opt_sessions < 1 || opt_step < 1 || opt_visitors < 1 || opt_rate <= 0 || opt_seconds < 1 ||
      opt_clients < 1 || opt_connections < 1 || opt_connections > 256 || opt_operators < 0 || opt_operators > 250 ||
      opt_visitors > 60000 || opt_sessions > 4 * 60000)
    {
      g_printerr ("Options out of range\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max)
    {
      nofile.rlim_cur = nofile.rlim_max;
      setrlimit (RLIMIT_NOFILE, &nofile);
    }
  getrlimit (RLIMIT_NOFILE, &nofile);

  printf ("Frontdesk web server benchmark (issue 5, point 8)\n");
  bench_print_machine ();
  printf ("Build: %s; GLib %u.%u.%u; open files limit %llu\n", BENCH_BUILDTYPE, glib_major_version,
          glib_minor_version, glib_micro_version, (unsigned long long) nofile.rlim_cur);
  if ((gsize) opt_sessions * 2 + 200 > nofile.rlim_cur)
    printf ("  (the limit of open files allows only about %llu sessions: client and server "
            "each hold a socket)\n", (unsigned long long) (nofile.rlim_cur - 200) / 2);

  template = g_build_filename (opt_dir ? opt_dir : g_get_tmp_dir (), "bench-web-XXXXXX", NULL);
  web.dir = g_mkdtemp (template) ? template : NULL;
  if (web.dir == NULL)
    {
      g_printerr ("Could not make a directory in %s\n", opt_dir ? opt_dir : g_get_tmp_dir ());
      return 1;
    }
  web.n_operators = opt_operators > 0 ? opt_operators : (opt_visitors + 19) / 20;
  if ((opt_visitors + web.n_operators - 1) / web.n_operators > 20)
    {
      g_printerr ("An operator takes 20 chats at most: give at least %d operators\n",
                  (opt_visitors + 19) / 20);
      return 2;
    }
  web.operators = g_new0 (gint64, web.n_operators);
  web.n_clients = want_part (3) ? opt_clients : 1;

  t0 = bench_now_ns ();
  store = make_store (&web, &error);
  if (store == NULL)
    goto fail;
  printf ("The office: %d operators (passwords hashed), %d clients in %.1f s; the store in %s\n",
          web.n_operators, web.n_clients, (bench_now_ns () - t0) / 1e9, web.dir);
  office = desk_office_new (store);
  if (!desk_office_start (office, "127.0.0.1", 0, web.dir, &error))
    goto fail;
  server = desk_web_server_new (office);
  if (!desk_web_server_listen (server, "127.0.0.1", 0, &error))
    goto fail;
  web.port = desk_web_server_get_port (server);
  web.office = office;
  /* One operator on duty: the widget offers chats. */
  if (!desk_call_flow_agent_login (desk_office_get_call_flow (office), web.operators[0], &error))
    goto fail;
  web.n_logged_in = 1;
  printf ("The web server on 127.0.0.1:%u\n", web.port);

  if (want_part (1))
    part_sessions (&web, lines);
  if (want_part (2))
    bench_part_latency (&web, opt_visitors, opt_rate, opt_seconds, lines);
  if (want_part (3))
    bench_part_lookup (&web, opt_connections, opt_lookup_seconds, lines);

  printf ("\nTargets (issue 5, point 8): %d widget sessions held; visitor → agent p99 ≤ %.0f ms "
          "at %.0f messages/s; client lookups: no target, figures only\n", TARGET_SESSIONS,
          TARGET_LATENCY_MS, 500.0);
  printf ("%s", lines->str);
  printf ("The whole run took %.1f s.\n", (bench_now_ns () - started) / 1e9);

  desk_web_server_stop (server);
  g_clear_object (&server);
  desk_office_stop (office);
  g_clear_object (&office);
  desk_sqlite_store_close (DESK_SQLITE_STORE (store));
  if (opt_keep)
    printf ("The office is kept in %s\n", web.dir);
  else
    remove_tree (web.dir);
  g_free (web.operators);
  return 0;

fail:
  g_printerr ("%s\n", error ? error->message : "failed");
  if (!opt_keep)
    remove_tree (web.dir);
  return 1;
}
