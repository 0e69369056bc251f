/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-web"

#include "config.h"

#include "bench-web.h"

#include <glib.h>

#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "desk-call-flow.h"
#include "desk-office.h"

/*
 * Part 2: a visitor's message reaches the operator who has the chat. N
 * visitors (each from an address of their own, as people are) start
 * chats, ask for a person ("hand_off"); the operators, logged in with the
 * agent API and each following /api/v1/events, accept what they are
 * offered (POST /api/v1/chats/{id}/accept). Then the visitors write at an
 * aggregate rate for S seconds; a message is timed from its frame leaving
 * the visitor's socket to the chat-message event carrying it arriving on
 * the operator's, both on CLOCK_MONOTONIC in this process (one thread
 * sends, another reads).
 *
 * Part 3: GET /api/v1/clients/by-phone?number= with an operator's token on
 * K keep-alive connections, each sending its next request when the last is
 * answered, for S seconds; random numbers of clients in the store.
 */

#define TARGET_LATENCY_MS 10.0
#define SETUP_TIMEOUT_MS 30000

typedef struct
{
  BenchConn http;
  BenchConn events;
  char *token;
} Agent;

typedef struct
{
  BenchConn conn;
  gint64 chat_id;
} Visitor;

typedef struct
{
  BenchWeb *web;
  int n_visitors;
  double rate;
  int seconds;
  Agent *agents;
  Visitor *visitors;
  int n_messages;
  gint64 *sent_ns;
  gint64 *received_ns;
  volatile gint sending;      /* 1 while the sender runs */
  volatile gint stop;         /* the receiver stops */
  int visitor_errors;
  char *first_error;
  int accepted;
  char *setup_error;
  double setup_seconds;
} Latency;

static gboolean
login (BenchConn   *conn,
       int          index,
       char       **token,
       GString     *why)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"op%d\", \"password\": "
                                           "\"bench-password\"}", index);
  BenchReply reply;
  gboolean ok;

  if (!bench_http (conn, "POST", "/api/v1/login", NULL, body, &reply, SETUP_TIMEOUT_MS))
    {
      g_string_append_printf (why, "op%d's login: no answer", index);
      return FALSE;
    }
  *token = bench_json_str (reply.body, "token");
  ok = reply.status == 200 && *token;
  if (!ok)
    g_string_append_printf (why, "op%d's login: %d %s", index, reply.status, reply.body);
  bench_reply_clear (&reply);
  return ok;
}

/* Waits for chat @chat_id to be offered to one of the operators; returns
 * which, or -1. Other events are read and dropped. */
static int
wait_offer (Latency *l,
            gint64   chat_id)
{
  int n = l->web->n_operators;
  g_autofree struct pollfd *pfds = g_new0 (struct pollfd, n);
  g_autofree char *needle = g_strdup_printf ("\"chat_id\":%" G_GINT64_FORMAT ",", chat_id);
  gint64 end = bench_now_ns () + (gint64) SETUP_TIMEOUT_MS * 1000000;

  while (bench_now_ns () < end)
    {
      for (int i = 0; i < n; i++)
        pfds[i] = (struct pollfd) { l->agents[i].events.fd, POLLIN, 0 };
      if (poll (pfds, n, 200) <= 0)
        continue;
      for (int i = 0; i < n; i++)
        {
          BenchConn *c = &l->agents[i].events;
          int opcode, r, found = -1;
          const char *payload;
          gsize len, frame_len;

          if (!(pfds[i].revents & POLLIN) || !bench_conn_fill (c, -1))
            continue;
          while ((r = bench_ws_parse (c, &opcode, &payload, &len, &frame_len)) == 1)
            {
              if (opcode == BENCH_WS_TEXT && g_strstr_len (payload, len, "\"chat-offered\"") &&
                  g_strstr_len (payload, len, needle))
                found = i;
              else if (opcode == BENCH_WS_PING)
                bench_ws_send (c->fd, BENCH_WS_PONG, payload, len);
              bench_conn_consume (c, frame_len);
            }
          if (found >= 0)
            return found;
        }
    }
  return -1;
}

static gboolean
setup_chats (Latency *l,
             GString *why)
{
  BenchWeb *web = l->web;

  for (int i = 0; i < web->n_operators; i++)
    {
      Agent *a = &l->agents[i];
      g_autofree char *ip = g_strdup_printf ("127.4.0.%d", i + 1);
      g_autofree char *path = NULL;

      bench_conn_init (&a->http, bench_connect (ip, web->port));
      bench_conn_init (&a->events, bench_connect (ip, web->port));
      if (a->http.fd < 0 || a->events.fd < 0 || !login (&a->http, i, &a->token, why))
        return FALSE;
      path = g_strdup_printf ("/api/v1/events?token=%s", a->token);
      if (!bench_ws_upgrade (&a->events, path, SETUP_TIMEOUT_MS))
        {
          g_string_append_printf (why, "op%d's event stream was refused", i);
          return FALSE;
        }
    }
  for (int v = 0; v < l->n_visitors; v++)
    {
      Visitor *vis = &l->visitors[v];
      g_autofree char *ip = bench_visitor_ip (2, v);
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Гість %d\"}", v);
      g_autofree char *token = NULL;
      g_autofree char *path = NULL;
      g_autofree char *accept = NULL;
      static const char hand_off[] = "{\"type\": \"hand_off\"}";
      BenchReply reply;
      int who;

      bench_conn_init (&vis->conn, bench_connect (ip, web->port));
      if (vis->conn.fd < 0 ||
          !bench_http (&vis->conn, "POST", "/widget/v1/chats", NULL, body, &reply,
                       SETUP_TIMEOUT_MS))
        {
          g_string_append_printf (why, "visitor %d could not start a chat", v);
          return FALSE;
        }
      vis->chat_id = bench_json_int (reply.body, "chat_id");
      token = bench_json_str (reply.body, "token");
      if (reply.status != 201)
        g_string_append_printf (why, "visitor %d's chat: %d %s", v, reply.status, reply.body);
      bench_reply_clear (&reply);
      if (vis->chat_id <= 0)
        return FALSE;
      path = g_strdup_printf ("/widget/v1/chats/%" G_GINT64_FORMAT "/ws?token=%s", vis->chat_id,
                              token);
      if (!bench_ws_upgrade (&vis->conn, path, SETUP_TIMEOUT_MS) ||
          !bench_ws_wait_text (&vis->conn, "\"hello\"", NULL, SETUP_TIMEOUT_MS) ||
          !bench_ws_send (vis->conn.fd, BENCH_WS_TEXT, hand_off, strlen (hand_off)))
        {
          g_string_append_printf (why, "visitor %d's WebSocket failed", v);
          return FALSE;
        }
      if ((who = wait_offer (l, vis->chat_id)) < 0)
        {
          g_string_append_printf (why, "chat %" G_GINT64_FORMAT " was offered to nobody",
                                  vis->chat_id);
          return FALSE;
        }
      accept = g_strdup_printf ("/api/v1/chats/%" G_GINT64_FORMAT "/accept", vis->chat_id);
      if (!bench_http (&l->agents[who].http, "POST", accept, l->agents[who].token, NULL, &reply,
                       SETUP_TIMEOUT_MS) || reply.status != 200)
        {
          g_string_append_printf (why, "op%d could not accept chat %" G_GINT64_FORMAT ": %d %s",
                                  who, vis->chat_id, reply.status, reply.body ? reply.body : "");
          bench_reply_clear (&reply);
          return FALSE;
        }
      bench_reply_clear (&reply);
      l->accepted++;
    }
  return TRUE;
}

static gpointer
sender_thread (gpointer data)
{
  Latency *l = data;
  gint64 start = bench_now_ns () + 100 * 1000000;
  double interval_ns = 1e9 / l->rate;

  for (int k = 0; k < l->n_messages; k++)
    {
      Visitor *v = &l->visitors[k % l->n_visitors];
      char frame[256];
      int len = g_snprintf (frame, sizeof frame,
                            "{\"type\": \"message\", \"body\": \"bench#%d# Доброго дня, у мене "
                            "не працює інтернет з ранку\", \"ref\": \"r%d\"}", k, k);

      bench_sleep_until_ns (start + (gint64) (k * interval_ns));
      l->sent_ns[k] = bench_now_ns ();
      if (!bench_ws_send (v->conn.fd, BENCH_WS_TEXT, frame, len))
        l->sent_ns[k] = 0;
    }
  g_atomic_int_set (&l->sending, 0);
  return NULL;
}

/* Reads the operators' event streams (and the visitors' sockets, for the
 * errors the widget would show) until told to stop. */
static gpointer
receiver_thread (gpointer data)
{
  Latency *l = data;
  int n_agents = l->web->n_operators;
  int ep = epoll_create1 (EPOLL_CLOEXEC);
  struct epoll_event events[64];

  for (int i = 0; i < n_agents; i++)
    epoll_ctl (ep, EPOLL_CTL_ADD, l->agents[i].events.fd,
               &(struct epoll_event) { .events = EPOLLIN, .data.u64 = i });
  for (int v = 0; v < l->n_visitors; v++)
    epoll_ctl (ep, EPOLL_CTL_ADD, l->visitors[v].conn.fd,
               &(struct epoll_event) { .events = EPOLLIN, .data.u64 = n_agents + v });

  while (!g_atomic_int_get (&l->stop))
    {
      int n = epoll_wait (ep, events, G_N_ELEMENTS (events), 50);
      gint64 now = bench_now_ns ();

      for (int e = 0; e < n; e++)
        {
          int id = (int) events[e].data.u64;
          gboolean agent = id < n_agents;
          BenchConn *c = agent ? &l->agents[id].events : &l->visitors[id - n_agents].conn;
          int opcode, r;
          const char *payload;
          gsize len, frame_len;

          if (!bench_conn_fill (c, -1))
            {
              epoll_ctl (ep, EPOLL_CTL_DEL, c->fd, NULL);
              continue;
            }
          while ((r = bench_ws_parse (c, &opcode, &payload, &len, &frame_len)) == 1)
            {
              const char *mark;

              if (opcode != BENCH_WS_TEXT)
                ;
              else if (agent && g_strstr_len (payload, len, "\"chat-message\"") &&
                       (mark = g_strstr_len (payload, len, "bench#")))
                {
                  int k = atoi (mark + strlen ("bench#"));

                  if (k >= 0 && k < l->n_messages && l->received_ns[k] == 0)
                    l->received_ns[k] = now;
                }
              else if (!agent && g_strstr_len (payload, len, "\"type\":\"error\""))
                {
                  if (l->visitor_errors++ == 0)
                    l->first_error = g_strndup (payload, len);
                }
              bench_conn_consume (c, frame_len);
            }
        }
    }
  close (ep);
  return NULL;
}

static gpointer
latency_thread (gpointer data)
{
  Latency *l = data;
  g_autoptr (GString) why = g_string_new (NULL);
  gint64 t0 = bench_now_ns ();

  if (setup_chats (l, why))
    {
      GThread *receiver, *sender;
      gint64 end;

      l->setup_seconds = (bench_now_ns () - t0) / 1e9;
      g_atomic_int_set (&l->sending, 1);
      receiver = g_thread_new ("bench-receive", receiver_thread, l);
      sender = g_thread_new ("bench-send", sender_thread, l);
      g_thread_join (sender);
      /* Stragglers: up to 3 s after the last message left. */
      end = bench_now_ns () + 3 * G_GINT64_CONSTANT (1000000000);
      while (bench_now_ns () < end)
        {
          gboolean all = TRUE;

          for (int k = l->n_messages - 1; k >= 0 && all; k--)
            all = l->received_ns[k] || !l->sent_ns[k];
          if (all)
            break;
          g_usleep (20000);
        }
      g_atomic_int_set (&l->stop, 1);
      g_thread_join (receiver);
    }
  else
    l->setup_error = g_strdup (why->str);
  g_atomic_int_set (&l->web->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

gboolean
bench_part_latency (BenchWeb *web,
                    int       visitors,
                    double    rate,
                    int       seconds,
                    GString  *lines)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) late = g_array_new (FALSE, FALSE, sizeof (double));
  DeskCallFlow *flow = desk_office_get_call_flow (DESK_OFFICE (web->office));
  Latency l = { .web = web, .n_visitors = visitors, .rate = rate, .seconds = seconds };
  BenchFigures f, fl;
  int sent = 0, received = 0;
  double scale;
  gboolean met;

  printf ("\nPart 2: visitor → operator, %d visitors (an address each) with %d operators, "
          "%.0f messages/s for %d s\n", visitors, web->n_operators, rate, seconds);
  if (rate / visitors > 1.0)
    printf ("  (over one message a second per visitor: the widget's limit will refuse some)\n");
  for (int i = web->n_logged_in; i < web->n_operators; i++)
    if (!desk_call_flow_agent_login (flow, web->operators[i], &error))
      {
        printf ("  op%d could not log in: %s\n", i, error->message);
        return FALSE;
      }
  web->n_logged_in = web->n_operators;

  l.n_messages = (int) lround (rate * seconds);
  l.agents = g_new0 (Agent, web->n_operators);
  l.visitors = g_new0 (Visitor, visitors);
  l.sent_ns = g_new0 (gint64, l.n_messages);
  l.received_ns = g_new0 (gint64, l.n_messages);
  for (int i = 0; i < web->n_operators; i++)
    {
      bench_conn_init (&l.agents[i].http, -1);
      bench_conn_init (&l.agents[i].events, -1);
    }
  for (int v = 0; v < visitors; v++)
    bench_conn_init (&l.visitors[v].conn, -1);

  g_thread_unref (g_thread_new ("bench-latency", latency_thread, &l));
  bench_run_server (web);

  if (l.setup_error)
    {
      printf ("  setting up failed after %d accepted chats: %s\n", l.accepted, l.setup_error);
      g_string_append (lines, "BENCH web_latency_target_met=no\n");
      met = FALSE;
      goto out;
    }
  printf ("  %d chats started, handed to a person and accepted through the API in %.1f s\n",
          l.accepted, l.setup_seconds);
  for (int k = 0; k < l.n_messages; k++)
    {
      double v;

      if (!l.sent_ns[k])
        continue;
      sent++;
      if (!l.received_ns[k])
        continue;
      received++;
      v = (l.received_ns[k] - l.sent_ns[k]) / 1e6;
      g_array_append_val (ms, v);
      if (k >= l.n_messages / 2)
        g_array_append_val (late, v);
    }
  f = bench_figures (ms);
  fl = bench_figures (late);
  scale = MAX (TARGET_LATENCY_MS * 2, 1.0);
  printf ("\n  frame sent by the visitor → chat-message on the operator's event stream, ms "
          "(█ p50, ░ on to p99, │ the target of %.0f ms)\n\n", TARGET_LATENCY_MS);
  bench_chart_axis (scale, "ms");
  bench_chart_row ("all messages", &f, scale, TARGET_LATENCY_MS);
  bench_chart_row ("the second half", &fl, scale, TARGET_LATENCY_MS);
  printf ("\n  sent %d, received %d, lost %d; errors on the visitors' sockets %d%s%s\n", sent,
          received, sent - received, l.visitor_errors, l.first_error ? ": " : "",
          l.first_error ? l.first_error : "");
  met = f.n > 0 && f.p99 <= TARGET_LATENCY_MS && received == l.n_messages;
  g_string_append_printf (lines, "BENCH web_latency_p50_ms=%.3f\nBENCH web_latency_p95_ms=%.3f\n"
                          "BENCH web_latency_p99_ms=%.3f\nBENCH web_latency_max_ms=%.3f\n"
                          "BENCH web_latency_sent=%d\nBENCH web_latency_received=%d\n"
                          "BENCH web_latency_target_met=%s\n", f.p50, f.p95, f.p99, f.max,
                          sent, received, met ? "yes" : "no");

out:
  for (int i = 0; i < web->n_operators; i++)
    {
      bench_conn_close (&l.agents[i].http);
      bench_conn_close (&l.agents[i].events);
      g_free (l.agents[i].token);
    }
  for (int v = 0; v < visitors; v++)
    bench_conn_close (&l.visitors[v].conn);
  g_free (l.agents);
  g_free (l.visitors);
  g_free (l.sent_ns);
  g_free (l.received_ns);
  g_free (l.first_error);
  g_free (l.setup_error);
  return met;
}

/* Part 3: client lookups */

typedef struct
{
  BenchWeb *web;
  int n_conns;
  int seconds;
  GArray *ms;
  int errors;
  int found;
  char *first_error;
  char *setup_error;
  double wall;
} Lookup;

static void
send_lookup (BenchConn *conn,
             const char *token,
             GRand      *rand,
             int         n_clients,
             gint64     *sent_ns)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/clients/by-phone?number=%%2B38050%07d",
                                           g_rand_int_range (rand, 0, n_clients));

  *sent_ns = bench_now_ns ();
  bench_http_send (conn, "GET", path, token, NULL);
}

static gpointer
lookup_thread (gpointer data)
{
  Lookup *lk = data;
  BenchWeb *web = lk->web;
  g_autofree BenchConn *conns = g_new0 (BenchConn, lk->n_conns);
  g_autofree gint64 *sent_ns = g_new0 (gint64, lk->n_conns);
  g_autofree struct pollfd *pfds = g_new0 (struct pollfd, lk->n_conns);
  g_autoptr (GString) why = g_string_new (NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240905);
  g_autofree char *token = NULL;
  BenchConn auth;
  gint64 start, end;

  bench_conn_init (&auth, bench_connect ("127.4.1.1", web->port));
  if (auth.fd < 0 || !login (&auth, 0, &token, why))
    {
      lk->setup_error = g_strdup (why->len ? why->str : "no connection");
      goto out;
    }
  for (int i = 0; i < lk->n_conns; i++)
    {
      g_autofree char *ip = g_strdup_printf ("127.3.%d.%d", i / 250, i % 250 + 1);

      bench_conn_init (&conns[i], bench_connect (ip, web->port));
      if (conns[i].fd < 0)
        {
          lk->setup_error = g_strdup ("a connection was refused");
          goto out;
        }
    }
  start = bench_now_ns ();
  end = start + lk->seconds * G_GINT64_CONSTANT (1000000000);
  for (int i = 0; i < lk->n_conns; i++)
    send_lookup (&conns[i], token, rand, web->n_clients, &sent_ns[i]);
  for (int busy = lk->n_conns; busy > 0;)
    {
      busy = 0;
      for (int i = 0; i < lk->n_conns; i++)
        if (sent_ns[i])
          pfds[busy++] = (struct pollfd) { conns[i].fd, POLLIN, 0 };
      if (busy == 0 || poll (pfds, busy, 1000) <= 0)
        continue;
      for (int k = 0, i = 0; k < busy; k++)
        {
          BenchReply reply;

          if (!(pfds[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          while (conns[i].fd != pfds[k].fd)
            i++;
          if (!bench_conn_fill (&conns[i], -1))
            {
              lk->setup_error = g_strdup ("the server closed a connection");
              goto out;
            }
          if (bench_http_parse (&conns[i], &reply) != 1)
            continue;
          {
            gint64 now = bench_now_ns ();
            double ms = (now - sent_ns[i]) / 1e6;

            g_array_append_val (lk->ms, ms);
            if (reply.status != 200)
              {
                if (lk->errors++ == 0)
                  lk->first_error = g_strdup_printf ("%d %s", reply.status, reply.body);
              }
            else if (strstr (reply.body, "\"id\""))
              lk->found++;
            bench_reply_clear (&reply);
            sent_ns[i] = 0;
            if (now < end)
              send_lookup (&conns[i], token, rand, web->n_clients, &sent_ns[i]);
          }
        }
    }
  lk->wall = (bench_now_ns () - start) / 1e9;

out:
  bench_conn_close (&auth);
  for (int i = 0; i < lk->n_conns; i++)
    bench_conn_close (&conns[i]);
  g_atomic_int_set (&web->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

gboolean
bench_part_lookup (BenchWeb *web,
                   int       connections,
                   int       seconds,
                   GString  *lines)
{
  Lookup lk = { .web = web, .n_conns = connections, .seconds = seconds };
  BenchFigures f;
  double scale;

  printf ("\nPart 3: GET /api/v1/clients/by-phone, %d clients in the store, %d keep-alive "
          "connections for %d s\n", web->n_clients, connections, seconds);
  lk.ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_thread_unref (g_thread_new ("bench-lookup", lookup_thread, &lk));
  bench_run_server (web);
  if (lk.setup_error)
    {
      printf ("  failed: %s\n", lk.setup_error);
      g_free (lk.setup_error);
      g_array_unref (lk.ms);
      return FALSE;
    }
  f = bench_figures (lk.ms);
  scale = MAX (ceil (f.p99 * 1.25), 1.0);
  printf ("\n  request sent → response read, ms (█ p50, ░ on to p99)\n\n");
  bench_chart_axis (scale, "ms");
  bench_chart_row ("by-phone lookup", &f, scale, 0);
  printf ("\n  %u requests in %.1f s: %.0f requests/s; %d found a client, %d errors%s%s\n", f.n,
          lk.wall, f.n / lk.wall, lk.found, lk.errors, lk.first_error ? ": " : "",
          lk.first_error ? lk.first_error : "");
  g_string_append_printf (lines, "BENCH web_lookup_requests_per_s=%.0f\n"
                          "BENCH web_lookup_p50_ms=%.3f\nBENCH web_lookup_p99_ms=%.3f\n"
                          "BENCH web_lookup_errors=%d\n", f.n / lk.wall, f.p50, f.p99,
                          lk.errors);
  g_free (lk.first_error);
  g_array_unref (lk.ms);
  return lk.errors == 0;
}
