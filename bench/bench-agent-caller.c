/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-agent"

#include "config.h"

#include "bench-agent.h"
#include "bench-office-ring.h"

#include <gio/gio.h>
#include <glib-unix.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * The callers of bench-agent: plain SIP over UDP on 127.0.0.1 from one
 * socket, on a thread of their own so that the window's main loop never
 * delays an INVITE or its timestamp. The main thread says when a call
 * starts and when it hangs up (a byte down a pipe wakes the poll ()); the
 * callers ACK the office's answers and drain its media. The SIP text
 * helpers are bench-office-ring's (bench-office-sip.c).
 */

#define MAX_DATAGRAM 8192

typedef enum
{
  COMMAND_CALL,
  COMMAND_HANGUP,
  COMMAND_QUIT,
} CommandKind;

struct _AgentCallers
{
  GThread *thread;
  struct sockaddr_in pbx;
  guint16 pbx_port;
  int fd;
  guint16 port;
  int media_fd;
  guint16 media_port;
  int wake[2];
  GAsyncQueue *commands; /* (kind << 24 | index) + 1 */
  AgentCall *calls;
  int n_calls;
  GHashTable *by_call_id; /* Call-ID → AgentCall */
  guint64 unexpected;     /* atomic reads from the main thread suffice */
  guint64 rtp;
};

static int
udp_socket (guint16 *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

  if (fd < 0)
    return -1;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
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
send_text (AgentCallers *self, const char *text)
{
  if (sendto (self->fd, text, strlen (text), 0, (struct sockaddr *)&self->pbx, sizeof self->pbx)
      < 0)
    g_warning ("sendto: %s", g_strerror (errno));
}

/* One request of call @call: @branch names its transaction, @to_tag is
 * NULL outside the dialog, @body (an SDP offer) only for the INVITE. */
static void
send_request (AgentCallers *self, AgentCall *call, const char *method, const char *ruri,
              const char *branch, const char *to_tag, int cseq, const char *body)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_string_append_printf (s, "%s %s SIP/2.0\r\n", method, ruri);
  g_string_append_printf (s, "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-%s;rport\r\n",
                          self->port, branch);
  g_string_append_printf (s, "Max-Forwards: 70\r\nFrom: <sip:%s@127.0.0.1>;tag=a%u\r\n",
                          call->number, call->index);
  g_string_append_printf (s, "To: <sip:100@127.0.0.1:%u>%s%s\r\n", self->pbx_port,
                          to_tag ? ";tag=" : "", to_tag ? to_tag : "");
  g_string_append_printf (s, "Call-ID: %s\r\nCSeq: %d %s\r\n", call->call_id, cseq, method);
  if (body)
    g_string_append_printf (s, "Contact: <sip:%s@127.0.0.1:%u>\r\n"
                            "Content-Type: application/sdp\r\n",
                            call->number, self->port);
  g_string_append_printf (s, "Content-Length: %zu\r\n\r\n%s", body ? strlen (body) : 0,
                          body ? body : "");
  /* t0 as close to the socket as the clock allows */
  if (g_str_equal (method, "INVITE"))
    call->invite_us = g_get_monotonic_time ();
  send_text (self, s->str);
}

/* ACK and CANCEL belong to the INVITE's transaction (its branch, to the
 * office's number) but for the ACK of a 2xx, which like BYE is a request
 * of the dialog, to the office's Contact. */
static void
send_in_call (AgentCallers *self, AgentCall *call, const char *method, int cseq)
{
  gboolean in_dialog = g_str_equal (method, "BYE")
                       || (g_str_equal (method, "ACK") && call->final_code < 300);
  g_autofree char *office = g_strdup_printf ("sip:100@127.0.0.1:%u", self->pbx_port);
  g_autofree char *branch = in_dialog ? g_strdup_printf ("a%u-%s", call->index, method)
                                      : g_strdup_printf ("a%u", call->index);

  send_request (self, call, method, in_dialog && call->target ? call->target : office, branch,
                g_str_equal (method, "CANCEL") ? NULL : call->to_tag, cseq, NULL);
}

static void
send_invite (AgentCallers *self, AgentCall *call)
{
  g_autofree char *office = g_strdup_printf ("sip:100@127.0.0.1:%u", self->pbx_port);
  g_autofree char *branch = g_strdup_printf ("a%u", call->index);

  send_request (self, call, "INVITE", office, branch, NULL, 1, bench_sdp (self->media_port));
}

static void
reply_ok (AgentCallers *self, const BenchMsg *m)
{
  g_autoptr (GString) s = g_string_new ("SIP/2.0 200 OK\r\n");

  for (guint i = 0; i < m->vias->len; i++)
    g_string_append_printf (s, "%s\r\n", (char *)g_ptr_array_index (m->vias, i));
  g_string_append_printf (s, "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
                          "Content-Length: 0\r\n\r\n",
                          m->from, m->to, m->call_id, m->cseq);
  send_text (self, s->str);
}

static void
on_invite_response (AgentCallers *self, AgentCall *call, const BenchMsg *m)
{
  if (m->code < 200)
    return;
  if (call->to_tag == NULL)
    call->to_tag = bench_param (m->to, "tag");
  if (call->final_code == 0)
    {
      call->final_code = m->code;
      call->final_us = g_get_monotonic_time ();
    }
  if (m->code >= 300)
    {
      send_in_call (self, call, "ACK", 1);
      g_atomic_int_set (&call->ended, 1);
      return;
    }
  if (call->target == NULL && m->contact)
    call->target = bench_uri_of (m->contact);
  /* every 200 (a retransmission too) gets its ACK */
  send_in_call (self, call, "ACK", 1);
}

static void
receive (AgentCallers *self, const BenchMsg *m)
{
  AgentCall *call = g_hash_table_lookup (self->by_call_id, m->call_id);

  if (call == NULL)
    {
      self->unexpected++;
      return;
    }
  if (m->request)
    {
      if (!g_str_equal (m->method, "ACK"))
        reply_ok (self, m);
      if (g_str_equal (m->method, "BYE"))
        g_atomic_int_set (&call->ended, 1);
      return;
    }
  if (g_str_equal (m->method, "INVITE"))
    on_invite_response (self, call, m);
  else if (g_str_equal (m->method, "BYE") && m->code >= 200)
    g_atomic_int_set (&call->ended, 1);
}

static void
run_command (AgentCallers *self, guint command)
{
  CommandKind kind = command >> 24;
  int index = command & 0xffffff;
  AgentCall *call = index < self->n_calls ? &self->calls[index] : NULL;

  if (call == NULL)
    return;
  if (kind == COMMAND_CALL)
    send_invite (self, call);
  else if (kind == COMMAND_HANGUP && call->final_code == 0)
    send_in_call (self, call, "CANCEL", 1);
  else if (kind == COMMAND_HANGUP && call->final_code < 300)
    send_in_call (self, call, "BYE", 2);
}

static gpointer
run (gpointer data)
{
  AgentCallers *self = data;
  struct pollfd fds[3] = { { self->fd, POLLIN, 0 },
                           { self->media_fd, POLLIN, 0 },
                           { self->wake[0], POLLIN, 0 } };
  char buf[MAX_DATAGRAM];

  for (;;)
    {
      gpointer command;
      gssize n;

      if (poll (fds, G_N_ELEMENTS (fds), 1000) < 0 && errno != EINTR)
        break;
      while (read (self->wake[0], buf, sizeof buf) > 0)
        ;
      while ((command = g_async_queue_try_pop (self->commands)) != NULL)
        {
          guint value = GPOINTER_TO_UINT (command) - 1;

          if (value >> 24 == COMMAND_QUIT)
            return NULL;
          run_command (self, value);
        }
      while ((n = recv (self->fd, buf, sizeof buf, 0)) > 0)
        {
          BenchMsg m;

          if (bench_msg_parse (&m, buf, n))
            receive (self, &m);
          else if (n > 4)
            self->unexpected++;
          bench_msg_clear (&m);
        }
      while (recv (self->media_fd, buf, sizeof buf, 0) > 0)
        self->rtp++;
    }
  return NULL;
}

static void
push (AgentCallers *self, CommandKind kind, int index)
{
  g_async_queue_push (self->commands, GUINT_TO_POINTER (((guint)kind << 24 | (guint)index) + 1));
  if (write (self->wake[1], "", 1) < 0 && errno != EAGAIN)
    g_warning ("wake: %s", g_strerror (errno));
}

AgentCallers *
agent_callers_start (guint16 pbx_port, AgentCall *calls, int n_calls, GError **error)
{
  AgentCallers *self = g_new0 (AgentCallers, 1);

  self->pbx.sin_family = AF_INET;
  self->pbx.sin_port = htons (pbx_port);
  self->pbx.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  self->pbx_port = pbx_port;
  self->calls = calls;
  self->n_calls = n_calls;
  self->wake[0] = self->wake[1] = -1;
  self->fd = udp_socket (&self->port);
  self->media_fd = udp_socket (&self->media_port);
  if (self->fd < 0 || self->media_fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "No socket: %s",
                   g_strerror (errno));
      agent_callers_stop (self);
      return NULL;
    }
  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, error)
      || !g_unix_set_fd_nonblocking (self->wake[0], TRUE, error)
      || !g_unix_set_fd_nonblocking (self->wake[1], TRUE, error))
    {
      agent_callers_stop (self);
      return NULL;
    }
  self->commands = g_async_queue_new ();
  self->by_call_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < n_calls; i++)
    g_hash_table_insert (self->by_call_id, calls[i].call_id, &calls[i]);
  self->thread = g_thread_new ("bench-callers", run, self);
  return self;
}

void
agent_callers_call (AgentCallers *self, int index)
{
  push (self, COMMAND_CALL, index);
}

void
agent_callers_hangup (AgentCallers *self, int index)
{
  push (self, COMMAND_HANGUP, index);
}

guint64
agent_callers_get_unexpected (AgentCallers *self)
{
  return self->unexpected;
}

guint64
agent_callers_get_rtp (AgentCallers *self)
{
  return self->rtp;
}

void
agent_callers_stop (AgentCallers *self)
{
  if (self->thread)
    {
      push (self, COMMAND_QUIT, 0);
      g_thread_join (self->thread);
    }
  for (int i = 0; i < 2; i++)
    if (self->wake[i] >= 0)
      close (self->wake[i]);
  if (self->fd >= 0)
    close (self->fd);
  if (self->media_fd >= 0)
    close (self->media_fd);
  g_clear_pointer (&self->commands, g_async_queue_unref);
  g_clear_pointer (&self->by_call_id, g_hash_table_unref);
  g_free (self);
}
