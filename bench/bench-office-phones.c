/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-office-ring"

#include "config.h"

#include "bench-office-ring.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The phones: plain SIP over UDP on 127.0.0.1, written for the bench and
 * no more. Operators REGISTER with digest (MD5, qop=auth), ring for
 * ring_ms, answer with G.711, and answer the office's BYE or CANCEL.
 * Callers send an INVITE with a G.711 offer every 1/rate seconds from one
 * socket, ACK the office's 200 and hang up hold_ms later. Media the office
 * sends goes to one socket that a second thread drains.
 *
 * One thread, one poll () over every socket: the time an INVITE reaches an
 * operator's socket is read as soon as poll () wakes for it.
 */

#define MAX_DATAGRAM 8192
#define CALLER_PREFIX "0501" /* + 6 digits: the call's index */
#define CALLER_E164_PREFIX "+380501"

typedef struct
{
  int index;
  int fd;
  guint16 port;
  char *user;
  int cseq;
  gboolean registered;
  int live;            /* dialogs ringing or up */
  GHashTable *dialogs; /* Call-ID → Dialog */
} Operator;

typedef struct
{
  Operator *op;
  char *call_id;
  char *head; /* Via…CSeq of the INVITE, for the responses */
  char tag[24];
  char *last; /* the last response sent, for retransmissions */
  gint64 answer_ns;
  gboolean answered, ended;
} Dialog;

typedef struct
{
  BenchPhones *p;
  struct sockaddr_in pbx;
  int caller_fd;
  guint16 caller_port;
  int media_fd;
  guint16 media_port;
  Operator *ops;
  GHashTable *calls; /* Call-ID → BenchCall */
  GQueue answers;    /* Dialog, in answer order (ring_ms is the same for all) */
  GQueue byes;       /* BenchCall, in hang-up order */
  gint stop_media;
} Phones;

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

char *
bench_operator_user (int i)
{
  return g_strdup_printf ("op%03d", i + 1);
}

static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
udp_socket (guint16 *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int size = 4 << 20;

  if (fd < 0)
    return -1;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (bind (fd, (struct sockaddr *)&addr, sizeof addr) != 0
      || getsockname (fd, (struct sockaddr *)&addr, &len) != 0)
    {
      close (fd);
      return -1;
    }
  *port = ntohs (addr.sin_port);
  return fd;
}

static void
send_to_pbx (Phones *ph, int fd, const char *text)
{
  if (sendto (fd, text, strlen (text), 0, (struct sockaddr *)&ph->pbx, sizeof ph->pbx) < 0)
    g_warning ("sendto: %s", g_strerror (errno));
}

/* Operators */

static void
operator_register (Phones *ph, Operator *op, const char *challenge)
{
  g_autofree char *aor = g_strdup_printf ("sip:%s@127.0.0.1:%u", op->user, ph->p->pbx_port);
  g_autofree char *uri = g_strdup_printf ("sip:127.0.0.1:%u", ph->p->pbx_port);
  g_autofree char *authorization = NULL;
  g_autofree char *request = NULL;

  if (challenge)
    {
      g_autofree char *realm = bench_param (challenge, "realm");
      g_autofree char *nonce = bench_param (challenge, "nonce");
      g_autofree char *opaque = bench_param (challenge, "opaque");
      g_autofree char *cnonce = g_strdup_printf ("%08x", g_random_int ());
      g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", op->user, realm, ph->p->password);
      g_autofree char *a2 = g_strdup_printf ("REGISTER:%s", uri);
      g_autofree char *ha1 = bench_md5_hex (a1);
      g_autofree char *ha2 = bench_md5_hex (a2);
      g_autofree char *kd = g_strdup_printf ("%s:%s:00000001:%s:auth:%s", ha1, nonce, cnonce, ha2);
      g_autofree char *response = bench_md5_hex (kd);

      authorization
          = g_strdup_printf ("Authorization: Digest username=\"%s\", realm=\"%s\", "
                             "nonce=\"%s\", uri=\"%s\", response=\"%s\", "
                             "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"%s\"%s%s%s\r\n",
                             op->user, realm, nonce, uri, response, cnonce,
                             opaque ? ", opaque=\"" : "", opaque ? opaque : "", opaque ? "\"" : "");
    }
  request = g_strdup_printf ("REGISTER %s SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-r%d-%d;rport\r\n"
                             "Max-Forwards: 70\r\n"
                             "From: <%s>;tag=r%d\r\n"
                             "To: <%s>\r\n"
                             "Call-ID: register-%d@127.0.0.1\r\n"
                             "CSeq: %d REGISTER\r\n"
                             "Contact: <sip:%s@127.0.0.1:%u>\r\n"
                             "Expires: 3600\r\n"
                             "%s"
                             "Content-Length: 0\r\n\r\n",
                             uri, op->port, op->index, op->cseq, aor, op->index, aor, op->index,
                             op->cseq, op->user, op->port, authorization ? authorization : "");
  op->cseq++;
  send_to_pbx (ph, op->fd, request);
}

static char *
response_head (const BenchMsg *m)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < m->vias->len; i++)
    g_string_append_printf (s, "%s\r\n", (char *)g_ptr_array_index (m->vias, i));
  g_string_append_printf (s, "From: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n", m->from, m->call_id,
                          m->cseq);
  return g_string_free (s, FALSE);
}

static void
reply (Phones *ph, int fd, const BenchMsg *m, const char *status, const char *to_tag,
       Dialog *dialog, const char *extra)
{
  g_autofree char *head = response_head (m);
  g_autofree char *text = NULL;
  gboolean tagged = strstr (m->to, "tag=") != NULL;

  text = g_strdup_printf ("SIP/2.0 %s\r\n%sTo: %s%s%s\r\n%s%s", status, head, m->to,
                          tagged || !to_tag ? "" : ";tag=", tagged || !to_tag ? "" : to_tag,
                          extra ? extra : "", extra ? "" : "Content-Length: 0\r\n\r\n");
  send_to_pbx (ph, fd, text);
  if (dialog)
    {
      g_free (dialog->last);
      dialog->last = g_steal_pointer (&text);
    }
}

static void
dialog_end (Dialog *dialog)
{
  if (!dialog->ended)
    {
      dialog->ended = TRUE;
      dialog->op->live--;
    }
}

static void
dialog_free (Dialog *dialog)
{
  g_free (dialog->call_id);
  g_free (dialog->head);
  g_free (dialog->last);
  g_free (dialog);
}

/* The call an operator's INVITE is for: its From user is the caller's
 * number, whose last six digits are the call's index. */
static BenchCall *
call_of_ring (Phones *ph, const BenchMsg *m)
{
  const char *at = strstr (m->from, "sip:" CALLER_E164_PREFIX);
  guint index;

  if (at == NULL)
    return NULL;
  index = (guint)atoi (at + strlen ("sip:" CALLER_E164_PREFIX));
  return index < (guint)ph->p->n_calls ? &ph->p->calls[index] : NULL;
}

static void
operator_invite (Phones *ph, Operator *op, const BenchMsg *m, gint64 now)
{
  Dialog *dialog = g_hash_table_lookup (op->dialogs, m->call_id);
  g_autofree char *contact = NULL;
  BenchCall *call;

  if (dialog)
    {
      if (dialog->last) /* a retransmission */
        send_to_pbx (ph, op->fd, dialog->last);
      return;
    }
  call = call_of_ring (ph, m);
  if (call && call->ring_ns == 0)
    {
      call->ring_ns = now;
      call->operator= op->index;
    }
  else
    ph->p->unexpected++;
  dialog = g_new0 (Dialog, 1);
  dialog->op = op;
  dialog->call_id = g_strdup (m->call_id);
  dialog->head = response_head (m);
  g_snprintf (dialog->tag, sizeof dialog->tag, "o%08x", g_random_int ());
  dialog->answer_ns = now + (gint64)ph->p->ring_ms * 1000000;
  g_hash_table_insert (op->dialogs, dialog->call_id, dialog);
  op->live++;
  contact = g_strdup_printf ("Contact: <sip:%s@127.0.0.1:%u>\r\nContent-Length: 0\r\n\r\n",
                             op->user, op->port);
  reply (ph, op->fd, m, "180 Ringing", dialog->tag, dialog, contact);
  /* The answer needs the INVITE's To: keep it with the head. */
  {
    char *head = g_strdup_printf ("%sTo: %s;tag=%s\r\n", dialog->head, m->to, dialog->tag);

    g_free (dialog->head);
    dialog->head = head;
  }
  g_queue_push_tail (&ph->answers, dialog);
}

static void
operator_answer (Phones *ph, Dialog *dialog)
{
  const char *body;

  if (dialog->ended)
    return;
  body = bench_sdp (ph->media_port);
  g_free (dialog->last);
  dialog->last
      = g_strdup_printf ("SIP/2.0 200 OK\r\n%sContact: <sip:%s@127.0.0.1:%u>\r\n"
                         "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
                         dialog->head, dialog->op->user, dialog->op->port, strlen (body), body);
  dialog->answered = TRUE;
  send_to_pbx (ph, dialog->op->fd, dialog->last);
}

static void
operator_receive (Phones *ph, Operator *op, const BenchMsg *m, gint64 now)
{
  Dialog *dialog;

  if (!m->request)
    {
      if (!g_str_equal (m->method, "REGISTER"))
        ph->p->unexpected++;
      else if ((m->code == 401 || m->code == 407) && m->auth && op->cseq < 5)
        operator_register (ph, op, m->auth);
      else if (m->code >= 200 && m->code < 300 && !op->registered)
        {
          op->registered = TRUE;
          g_atomic_int_inc (&ph->p->registered);
        }
      else if (m->code >= 300)
        {
          g_free (ph->p->error);
          ph->p->error = g_strdup_printf ("%s was refused: %d", op->user, m->code);
        }
      return;
    }
  if (g_str_equal (m->method, "INVITE"))
    {
      operator_invite (ph, op, m, now);
      return;
    }
  dialog = g_hash_table_lookup (op->dialogs, m->call_id);
  if (g_str_equal (m->method, "ACK"))
    return;
  if (g_str_equal (m->method, "CANCEL") && dialog)
    {
      g_autofree char *text = NULL;

      reply (ph, op->fd, m, "200 OK", NULL, NULL, NULL);
      if (!dialog->answered)
        {
          text = g_strdup_printf ("SIP/2.0 487 Request Terminated\r\n%sContent-Length: 0\r\n\r\n",
                                  dialog->head);
          send_to_pbx (ph, op->fd, text);
        }
      dialog_end (dialog);
      return;
    }
  reply (ph, op->fd, m, "200 OK", NULL, NULL, NULL);
  if (g_str_equal (m->method, "BYE") && dialog)
    dialog_end (dialog);
}

/* Callers */

static void
caller_invite (Phones *ph, BenchCall *call, gint64 now)
{
  const char *body = bench_sdp (ph->media_port);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("INVITE sip:100@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-i%u;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:%s@127.0.0.1>;tag=c%u\r\n"
                          "To: <sip:100@127.0.0.1:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "Contact: <sip:%s@127.0.0.1:%u>\r\n"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          ph->p->pbx_port, ph->caller_port, call->index, call->number, call->index,
                          ph->p->pbx_port, call->call_id, call->number, ph->caller_port,
                          strlen (body), body);
  call->free_operators = 0;
  for (int i = 0; i < ph->p->n_operators; i++)
    call->free_operators += ph->ops[i].live == 0;
  call->state = CALL_INVITED;
  call->invite_ns = now;
  send_to_pbx (ph, ph->caller_fd, text);
}

/* ACK (2xx: a new transaction to the target; others: the INVITE's) and BYE. */
static void
caller_request (Phones *ph, BenchCall *call, const char *method, int cseq, gboolean in_dialog)
{
  g_autofree char *ruri = in_dialog && call->target
                              ? g_strdup (call->target)
                              : g_strdup_printf ("sip:100@127.0.0.1:%u", ph->p->pbx_port);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%s %s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-%s%u%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:%s@127.0.0.1>;tag=c%u\r\n"
                          "To: <sip:100@127.0.0.1:%u>;tag=%s\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: %d %s\r\n"
                          "Content-Length: 0\r\n\r\n",
                          method, ruri, ph->caller_port, in_dialog ? "d" : "i", call->index,
                          in_dialog ? method : "", call->number, call->index, ph->p->pbx_port,
                          call->to_tag ? call->to_tag : "", call->call_id, cseq, method);
  send_to_pbx (ph, ph->caller_fd, text);
}

static void
caller_receive (Phones *ph, const BenchMsg *m, gint64 now)
{
  BenchCall *call = g_hash_table_lookup (ph->calls, m->call_id);

  if (call == NULL)
    {
      ph->p->unexpected++;
      if (m->request && !g_str_equal (m->method, "ACK"))
        reply (ph, ph->caller_fd, m, "481 Call/Transaction Does Not Exist", NULL, NULL, NULL);
      return;
    }
  if (m->request)
    {
      if (!g_str_equal (m->method, "ACK"))
        reply (ph, ph->caller_fd, m, "200 OK", NULL, NULL, NULL);
      if (g_str_equal (m->method, "BYE") && call->state < CALL_DONE)
        {
          call->state = CALL_FAILED;
          call->failure = "the office hung up";
        }
      return;
    }
  if (g_str_equal (m->method, "INVITE"))
    {
      if (m->code < 200)
        return;
      if (call->to_tag == NULL)
        call->to_tag = bench_param (m->to, "tag");
      if (m->code >= 300)
        {
          caller_request (ph, call, "ACK", 1, FALSE);
          if (call->state == CALL_INVITED)
            {
              call->state = CALL_FAILED;
              call->final_code = m->code;
              call->failure = "refused";
            }
          return;
        }
      if (call->target == NULL && m->contact)
        call->target = bench_uri_of (m->contact);
      caller_request (ph, call, "ACK", 1, TRUE);
      if (call->state == CALL_INVITED)
        {
          call->state = CALL_UP;
          call->final_code = m->code;
          call->up_ns = now;
          call->bye_at_ns = now + (gint64)ph->p->hold_ms * 1000000;
          g_queue_push_tail (&ph->byes, call);
        }
    }
  else if (g_str_equal (m->method, "BYE") && m->code >= 200 && call->state == CALL_BYE_SENT)
    call->state = CALL_DONE;
}

/* The loop */

static gpointer
drain_media (gpointer data)
{
  Phones *ph = data;
  char buf[2048];
  struct timeval tv = { 0, 200000 };

  setsockopt (ph->media_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (!g_atomic_int_get (&ph->stop_media))
    if (recv (ph->media_fd, buf, sizeof buf, 0) > 0)
      ph->p->rtp_packets++;
  ph->p->media_cpu_s = thread_cpu_s ();
  return NULL;
}

static void
handle (Phones *ph, int fd, Operator *op)
{
  char data[MAX_DATAGRAM];
  gssize n;

  while ((n = recv (fd, data, sizeof data, MSG_DONTWAIT)) > 0)
    {
      gint64 now = bench_now_ns ();
      BenchMsg m;

      if (bench_msg_parse (&m, data, n))
        {
          if (op)
            operator_receive (ph, op, &m, now);
          else
            caller_receive (ph, &m, now);
        }
      else if (n > 4)
        ph->p->unexpected++;
      bench_msg_clear (&m);
    }
}

static gboolean
all_over (Phones *ph, int sent, gint64 now, gint64 give_up_ns)
{
  if (sent < ph->p->n_calls)
    return FALSE;
  for (int i = 0; i < ph->p->n_calls; i++)
    if (ph->p->calls[i].state < CALL_DONE && now < give_up_ns)
      return FALSE;
  return TRUE;
}

static gpointer
run (gpointer data)
{
  Phones *ph = data;
  BenchPhones *p = ph->p;
  int n_fds = p->n_operators + 1;
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, n_fds);
  gint64 interval = (gint64)(1e9 / p->rate), start = 0, give_up = G_MAXINT64;
  GThread *media = g_thread_new ("bench-media", drain_media, ph);
  int sent = 0;
  double cpu0 = 0;

  fds[0].fd = ph->caller_fd;
  for (int i = 0; i < p->n_operators; i++)
    {
      fds[i + 1].fd = ph->ops[i].fd;
      operator_register (ph, &ph->ops[i], NULL);
    }
  for (int i = 0; i < n_fds; i++)
    fds[i].events = POLLIN;

  for (;;)
    {
      gint64 now = bench_now_ns (), next = now + 50000000;

      if (start == 0 && g_atomic_int_get (&p->go))
        {
          start = now;
          cpu0 = thread_cpu_s ();
        }
      while (start && sent < p->n_calls && start + sent * interval <= now)
        caller_invite (ph, &p->calls[sent++], now);
      if (start && sent == p->n_calls && give_up == G_MAXINT64)
        give_up = now + ((gint64)p->hold_ms + p->timeout_ms + 10000) * 1000000;
      while (!g_queue_is_empty (&ph->answers)
             && ((Dialog *)g_queue_peek_head (&ph->answers))->answer_ns <= now)
        operator_answer (ph, g_queue_pop_head (&ph->answers));
      while (!g_queue_is_empty (&ph->byes)
             && ((BenchCall *)g_queue_peek_head (&ph->byes))->bye_at_ns <= now)
        {
          BenchCall *call = g_queue_pop_head (&ph->byes);

          if (call->state == CALL_UP)
            {
              call->state = CALL_BYE_SENT;
              caller_request (ph, call, "BYE", 2, TRUE);
            }
        }
      if (start && all_over (ph, sent, now, give_up))
        break;

      if (start && sent < p->n_calls)
        next = MIN (next, start + sent * interval);
      if (!g_queue_is_empty (&ph->answers))
        next = MIN (next, ((Dialog *)g_queue_peek_head (&ph->answers))->answer_ns);
      if (!g_queue_is_empty (&ph->byes))
        next = MIN (next, ((BenchCall *)g_queue_peek_head (&ph->byes))->bye_at_ns);
      /* poll () counts milliseconds: round up, never wake early. */
      if (poll (fds, n_fds, (int)((MAX (next - now, 0) + 999999) / 1000000)) <= 0)
        continue;
      for (int i = 0; i < n_fds; i++)
        if (fds[i].revents & POLLIN)
          handle (ph, fds[i].fd, i == 0 ? NULL : &ph->ops[i - 1]);
    }

  for (int i = 0; i < p->n_calls; i++)
    if (p->calls[i].state < CALL_DONE)
      {
        p->calls[i].failure = p->calls[i].state == CALL_WAITING ? "not sent" : "not over in time";
        p->calls[i].state = CALL_FAILED;
      }
  p->phones_cpu_s = thread_cpu_s () - cpu0;
  g_atomic_int_set (&ph->stop_media, 1);
  g_thread_join (media);
  g_atomic_int_set (&p->finished, 1);
  return NULL;
}

GThread *
bench_phones_start (BenchPhones *p)
{
  Phones *ph = g_new0 (Phones, 1);

  ph->p = p;
  ph->pbx.sin_family = AF_INET;
  ph->pbx.sin_port = htons (p->pbx_port);
  ph->pbx.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  ph->caller_fd = udp_socket (&ph->caller_port);
  ph->media_fd = udp_socket (&ph->media_port);
  ph->calls = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&ph->answers);
  g_queue_init (&ph->byes);
  if (ph->caller_fd < 0 || ph->media_fd < 0)
    {
      p->error = g_strdup_printf ("No socket: %s", g_strerror (errno));
      return NULL;
    }
  ph->ops = g_new0 (Operator, p->n_operators);
  for (int i = 0; i < p->n_operators; i++)
    {
      Operator *op = &ph->ops[i];

      op->index = i;
      op->user = bench_operator_user (i);
      op->cseq = 1;
      op->dialogs
          = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)dialog_free);
      op->fd = udp_socket (&op->port);
      if (op->fd < 0)
        {
          p->error = g_strdup_printf ("No socket for %s: %s", op->user, g_strerror (errno));
          return NULL;
        }
    }
  for (int i = 0; i < p->n_calls; i++)
    {
      BenchCall *call = &p->calls[i];

      call->index = (guint)i;
      call->operator= - 1;
      g_snprintf (call->number, sizeof call->number, CALLER_PREFIX "%06d", i);
      g_snprintf (call->call_id, sizeof call->call_id, "bench-%d@127.0.0.1", i);
      g_hash_table_insert (ph->calls, call->call_id, call);
    }
  /* The phones live as long as the process: the bench ends with them. */
  return g_thread_new ("bench-phones", run, ph);
}
