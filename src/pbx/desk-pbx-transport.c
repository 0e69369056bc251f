/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-engine"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Where the engine listens for SIP: UDP and TCP on one port, on one address
 * or on every address the host has. And what libre 1.1.0's parser lets
 * through or drops although RFC 3261 says otherwise: checked on the raw
 * message in the first request listener (pbx_transport_check_request) or,
 * for what never becomes a message, on the datagram itself (a UDP helper,
 * pbx_transport_hook_udp). */

enum {
  PORT_ATTEMPTS   = 32,
  LISTEN_ADDR_MAX = 16,
  HOOK_LAYER      = -1000,    /* below anything libre adds (STUN, TURN) */
  CLEN_MAX_TCP    = 65536,    /* libre's own TCP buffer limit */
  CSEQ_MAX        = 0x7fffffff, /* RFC 3261 8.1.1.5: less than 2^31 */
  SIP_RCVBUF      = 4 << 20,  /* bytes: some 8,000 requests of 500 bytes */
};

/* A branch we give an RFC 2543 request so that libre can parse it, and take
 * out of every response again. */
#define RFC2543_BRANCH ";branch=z9hG4bK-desk2543-"

/* UDP and TCP on one port of one address; port 0 takes UDP's free port. */
static int
bind_address (struct sip      *sip,
              const struct sa *addr,
              uint16_t        *port)
{
  struct sa laddr = *addr;
  int err;

  sa_set_port (&laddr, *port);
  err = sip_transp_add (sip, SIP_TRANSP_UDP, &laddr);
  if (err)
    return err;

  if (*port == 0)
    {
      struct sa udp;

      /* Port 0 is asked for the first address only: this is the only UDP
       * transport yet, the one sip_transp_laddr() finds. */
      err = sip_transp_laddr (sip, &udp, SIP_TRANSP_UDP, addr);
      if (err)
        return err;
      *port = sa_port (&udp);
      sa_set_port (&laddr, *port);
    }

  return sip_transp_add (sip, SIP_TRANSP_TCP, &laddr);
}

typedef struct
{
  struct sa addrv[LISTEN_ADDR_MAX];
  uint32_t addrc;
} ListenAddresses;

static bool
collect_address (const char      *ifname,
                 const struct sa *sa,
                 void            *arg)
{
  ListenAddresses *la = arg;

  /* Link-local IPv6 needs a scope per interface; phones use the others. */
  if ((sa_af (sa) != AF_INET && sa_af (sa) != AF_INET6) || sa_is_linklocal (sa))
    return false;

  for (uint32_t i = 0; i < la->addrc; i++)
    if (sa_cmp (&la->addrv[i], sa, SA_ADDR))
      return false;

  la->addrv[la->addrc++] = *sa;
  return la->addrc >= LISTEN_ADDR_MAX;
}

/* libre 1.1.0 hands out a SIP transport's UDP socket only with a message
 * that came through it (msg->sock). A response to nothing, sent to
 * ourselves at once, brings it to the response listener, which hooks the
 * socket (pbx_transport_hook_udp) before any request can need the hook. */
static void
probe_udp (const struct sa *addr,
           uint16_t         port)
{
  struct sa dst = *addr;
  char probe[256];
  int fd, n;

  sa_set_port (&dst, port);
  n = re_snprintf (probe, sizeof (probe),
                   "SIP/2.0 200 OK\r\n"
                   "Via: SIP/2.0/UDP %J;branch=z9hG4bK-desk-hook\r\n"
                   "From: <sip:hook@%J>;tag=hook\r\n"
                   "To: <sip:hook@%J>;tag=hook\r\n"
                   "Call-ID: desk-hook\r\n"
                   "CSeq: 1 OPTIONS\r\n"
                   "Content-Length: 0\r\n"
                   "\r\n",
                   &dst, &dst, &dst);

  fd = socket (sa_af (&dst), SOCK_DGRAM, 0);
  if (fd < 0)
    return;
  if (sendto (fd, probe, n, 0, &dst.u.sa, dst.len) < 0)
    g_message ("Cannot hook the SIP socket: %s", g_strerror (errno));
  close (fd);
}

/* libre 1.1.0 cannot bind SIP to the wildcard address (sip_transp_add wants
 * a set address), so "any" means every address the host has now. */
int
pbx_transport_bind (struct sip *sip,
                    const char *address,
                    guint       port,
                    guint      *portp)
{
  ListenAddresses la = { 0 };
  gboolean any = !address || !strcmp (address, "0.0.0.0") || !strcmp (address, "::");
  int err = 0;

  if (any)
    {
      err = net_if_apply (collect_address, &la);
      if (err)
        return err;
      if (la.addrc == 0)
        return EADDRNOTAVAIL;
    }
  else
    {
      err = sa_set_str (&la.addrv[0], address, 0);
      if (err)
        return err;
      la.addrc = 1;
    }

  for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++)
    {
      uint16_t p = (uint16_t) port;
      uint32_t bound = 0;

      for (uint32_t i = 0; i < la.addrc; i++)
        {
          err = bind_address (sip, &la.addrv[i], &p);
          if (!err)
            {
              bound++;
              continue;
            }

          /* With "any", one odd address (an IPv6 one still in DAD) must not
           * keep the office from answering on the others. */
          if (any && err != EADDRINUSE && err != EACCES && !sa_is_loopback (&la.addrv[i]))
            {
              char addr[64];

              re_snprintf (addr, sizeof (addr), "%j", &la.addrv[i]);
              g_message ("Not listening for SIP on %s: %s", addr, g_strerror (err));
              err = 0;
              continue;
            }
          break;
        }

      if (!err && bound > 0)
        {
          *portp = p;
          for (uint32_t i = 0; i < la.addrc; i++)
            probe_udp (&la.addrv[i], p);
          return 0;
        }

      sip_transp_flush (sip);

      /* Port 0: UDP's free port was taken for TCP (or on another address);
       * try another one. */
      if (err != EADDRINUSE || port != 0)
        return err ? err : EADDRNOTAVAIL;
    }

  return EADDRINUSE;
}

/* The datagram hook ---------------------------------------------------------- */

/* Where the header block of @p ends (its blank line), or NULL. */
static const char *
find_blank_line (const char *p,
                 size_t      n)
{
  for (size_t i = 0; i + 1 < n; i++)
    {
      if (p[i] != '\n')
        continue;
      if (p[i + 1] == '\n')
        return p + i + 1;
      if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n')
        return p + i + 1;
    }
  return NULL;
}

static bool
is_crlf (uint8_t c)
{
  return c == '\r' || c == '\n';
}

/* The first value of the top Via of the request in @p (@n bytes, headers
 * only), or false if it has none. */
static bool
top_via (const char *p,
         size_t      n,
         struct pl  *val)
{
  const char *end = p + n;
  const char *line = memchr (p, '\n', n);

  while (line && line + 1 < end)
    {
      const char *s = line + 1;
      const char *eol = memchr (s, '\n', end - s);
      const char *q = s;

      if (!eol || eol == s || (eol == s + 1 && *s == '\r'))
        return false;   /* the blank line: no Via */

      while (q < eol && *q != ':' && *q != ' ' && *q != '\t')
        q++;
      if ((q - s == 3 && 0 == strncasecmp (s, "via", 3))
          || (q - s == 1 && (*s == 'v' || *s == 'V')))
        {
          while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
          if (q < eol && *q == ':')
            {
              const char *v = q + 1;
              const char *e;

              while (v < eol && (*v == ' ' || *v == '\t'))
                v++;
              /* The value goes on over folded lines. */
              e = v;
              for (;;)
                {
                  while (e < end && *e != ',' && *e != '\r' && *e != '\n')
                    e++;
                  if (e >= end || *e == ',')
                    break;
                  {
                    const char *next = memchr (e, '\n', end - e);

                    if (!next || next + 1 >= end || (next[1] != ' ' && next[1] != '\t'))
                      break;
                    e = next + 1;
                  }
                }
              while (e > v && strchr (" \t\r\n", e[-1]))
                e--;
              val->p = v;
              val->l = e - v;
              return true;
            }
        }
      line = eol;
    }

  return false;
}

/* Good enough for a hash: the first line of the first such header. */
static void
header_value (const char *p,
              size_t      n,
              const char *name,
              struct pl  *val)
{
  char re[64];

  re_snprintf (re, sizeof (re), "\n%s[ \t]*:[ \t]*[^\r\n]*", name);
  if (re_regex (p, n, re, NULL, val))
    pl_set_str (val, "");
}

/* Replaces bytes [@at, @at + @len) of @mb's data with @with. */
static bool
mbuf_replace (struct mbuf *mb,
              size_t       at,
              size_t       len,
              const char  *with,
              size_t       wlen)
{
  if (wlen > len && mb->end + (wlen - len) > mb->size && mbuf_resize (mb, mb->end + (wlen - len)))
    return false;
  memmove (mb->buf + at + wlen, mb->buf + at + len, mb->end - (at + len));
  memcpy (mb->buf + at, with, wlen);
  mb->end = mb->end + wlen - len;
  return true;
}

/* A phone behind NAT names its private address in its Contact, the remote
 * target of the dialogs it makes or answers: ACK, BYE and re-INVITEs would
 * go there and be lost. A phone registered here talks to the engine
 * directly, so its Contact's host and port become the address the message
 * came from (as a registrar's "fix NATed contact" does); its REGISTER keeps
 * its own (the registrar records both, desk-pbx-registrar.c). */
static void
fix_nated_contact (struct pbx_registrar *reg,
                   const struct sa      *src,
                   struct mbuf          *mb,
                   size_t                hend)
{
  const char *p = (const char *) mbuf_buf (mb);
  const char *end = p + hend;
  const char *line = memchr (p, '\n', hend);
  const char *host = NULL, *hostend = NULL;
  char real[64];
  struct sa named;
  struct pl hp;
  int n;

  if (0 == strncmp (p, "REGISTER ", 9))
    return;

  for (; line && line + 1 < end && !host; line = memchr (line + 1, '\n', end - line - 1))
    {
      const char *q = line + 1, *eol = memchr (q, '\n', end - q);
      const char *v;

      if (!eol)
        eol = end;
      if (!((eol - q > 8 && 0 == strncasecmp (q, "contact", 7) && strchr (" \t:", q[7]))
            || (eol - q > 2 && (*q == 'm' || *q == 'M') && strchr (" \t:", q[1]))))
        continue;
      v = memchr (q, ':', eol - q);
      if (!v)
        return;
      /* The URI: in angle brackets, or the value itself. */
      {
        const char *lt = memchr (v, '<', eol - v);
        const char *u = lt ? lt + 1 : v + 1;
        const char *at, *sch;

        while (u < eol && (*u == ' ' || *u == '\t'))
          u++;
        sch = memchr (u, ':', eol - u);
        if (!sch || (sch - u != 3 && sch - u != 4) || strncasecmp (u, "sip", 3))
          return;
        host = sch + 1;
        for (at = host; at < eol && !strchr (";>?, \t\r", *at); at++)
          if (*at == '@')
            host = at + 1;
        hostend = host;
        while (hostend < eol && !strchr (";>?, \t\r", *hostend))
          hostend++;
      }
    }

  if (!host || hostend == host)
    return;

  hp.p = host;
  hp.l = hostend - host;
  if (sa_decode (&named, hp.p, hp.l) && sa_set (&named, &hp, SIP_PORT))
    return;
  if (sa_cmp (&named, src, SA_ALL) || !pbx_registrar_user_at (reg, src))
    return;

  n = re_snprintf (real, sizeof (real), "%J", src);
  if (n > 0)
    (void) mbuf_replace (mb, host - (const char *) mb->buf, hp.l, real, n);
}

/* RFC 3261 7.5: CRLFs before a request line are ignored. RFC 3261 8.1.1.7
 * and 17.2.3: a request without a branch comes from an RFC 2543 client;
 * libre cannot even parse it (sip_via_decode wants the branch), so it gets
 * one made of what identified its transaction then (top Via, Call-ID,
 * CSeq number): retransmissions, its CANCEL and its ACK get the same. */
static bool
on_udp_recv (struct sa   *src,
             struct mbuf *mb,
             void        *arg)
{
  const char *p;
  size_t n, hend;
  struct pl via, callid, cseq;
  char branch[64];
  size_t blen, at;
  const char *e;

  while (mbuf_get_left (mb) > 0 && is_crlf (*mbuf_buf (mb)))
    mb->pos++;
  if (mbuf_get_left (mb) == 0)
    return true;

  p = (const char *) mbuf_buf (mb);
  n = mbuf_get_left (mb);
  e = find_blank_line (p, n);
  hend = e ? (size_t) (e - p) : n;
  if (arg)
    {
      fix_nated_contact (arg, src, mb, hend);
      p = (const char *) mbuf_buf (mb);
      n = mbuf_get_left (mb);
      e = find_blank_line (p, n);
      hend = e ? (size_t) (e - p) : n;
    }
  if (n >= 8 && 0 == memcmp (p, "SIP/2.0 ", 8))
    return false;

  if (!top_via (p, hend, &via) || 0 == msg_param_decode (&via, "branch", &(struct pl){ 0 }))
    return false;

  header_value (p, hend, "Call-ID", &callid);
  header_value (p, hend, "CSeq", &cseq);
  {
    struct pl num = PL_INIT;

    (void) re_regex (cseq.p, cseq.l, "[0-9]+", &num);
    blen = re_snprintf (branch, sizeof (branch), RFC2543_BRANCH "%08x%08x",
                        hash_joaat_pl (&via) ^ hash_joaat_pl (&callid), hash_joaat_pl (&num));
  }

  at = (via.p + via.l) - (const char *) mb->buf;
  (void) mbuf_replace (mb, at, 0, branch, blen);
  return false;
}

/* Takes our made-up branch out of the responses to an RFC 2543 request. */
static bool
on_udp_send (int         *err,
             struct sa   *dst,
             struct mbuf *mb,
             void        *arg)
{
  const char *p = (const char *) mbuf_buf (mb);
  size_t n = mbuf_get_left (mb);
  const char *e, *b;
  size_t hend, cut;

  if (n < 8 || 0 != memcmp (p, "SIP/2.0 ", 8))
    return false;

  e = find_blank_line (p, n);
  hend = e ? (size_t) (e - p) : n;
  b = NULL;
  for (const char *q = p; !b && q + strlen (RFC2543_BRANCH) <= p + hend; q++)
    if (*q == ';' && 0 == memcmp (q, RFC2543_BRANCH, strlen (RFC2543_BRANCH)))
      b = q;
  if (!b)
    return false;

  cut = strlen (RFC2543_BRANCH);
  while (b + cut < p + hend && strchr (";, \t\r", b[cut]) == NULL)
    cut++;
  memmove ((char *) b, b + cut, (p + n) - (b + cut));
  mb->end -= cut;
  return false;
}

/* The kernel's default receive buffer (about 200 KB) overflowed under
 * bursts of REGISTERs and INVITEs: each datagram dropped costs the phone a
 * 500 ms retransmission. The kernel caps what we ask at net.core.rmem_max
 * unless we may force it (CAP_NET_ADMIN). */
static void
grow_receive_buffer (struct udp_sock *us)
{
  int fd = udp_sock_fd (us, AF_UNSPEC);
  int size = SIP_RCVBUF;
  socklen_t len = sizeof (size);

  if (fd < 0)
    return;

  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof (size))
      && setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof (size)))
    g_debug ("Cannot grow the SIP socket's receive buffer: %s", g_strerror (errno));

  if (0 == getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, &len))
    g_debug ("The SIP socket's receive buffer: %d bytes", size);
}

void
pbx_transport_hook_udp (const struct sip_msg *msg,
                        struct pbx_registrar *reg)
{
  struct udp_helper *uh;

  if (msg->tp != SIP_TRANSP_UDP || !msg->sock || udp_helper_find (msg->sock, HOOK_LAYER))
    return;

  /* The socket owns the helper and frees it with itself. */
  /* @reg outlives every datagram: the engine frees it only as it stops,
   * when no more are read (engine_close). */
  if (udp_register_helper (&uh, msg->sock, HOOK_LAYER, on_udp_send, on_udp_recv, reg))
    g_message ("Cannot hook the SIP socket");

  grow_receive_buffer (msg->sock);
}

/* Request checks -------------------------------------------------------------- */

static bool
pl_is_number (const struct pl *pl)
{
  if (!pl_isset (pl))
    return false;
  for (size_t i = 0; i < pl->l; i++)
    if (pl->p[i] < '0' || pl->p[i] > '9')
      return false;
  return true;
}

/* A number of at most 10 digits, or false. */
static bool
pl_number (const struct pl *pl,
           uint64_t        *v)
{
  if (!pl_is_number (pl) || pl->l > 10)
    return false;
  *v = pl_u64 (pl);
  return true;
}

/* libre's sip_reply() copies every From, To, Call-ID and CSeq header: to a
 * request with two of them it would answer with two, itself malformed.
 * This answer carries the first of each, statelessly. */
static void
reply_first_headers (struct sip           *sip,
                     const struct sip_msg *msg,
                     uint16_t              scode,
                     const char           *reason)
{
  static const enum sip_hdrid copied[] = {
    SIP_HDR_FROM, SIP_HDR_TO, SIP_HDR_CALL_ID, SIP_HDR_CSEQ,
  };
  struct mbuf *mb = mbuf_alloc (1024);
  uint32_t viac = 0;
  struct sa dst;
  int err;

  if (!mb)
    return;

  err = mbuf_printf (mb, "SIP/2.0 %u %s\r\n", scode, reason);
  for (struct le *le = msg->hdrl.head; le; le = le->next)
    {
      const struct sip_hdr *hdr = le->data;

      if (hdr->id != SIP_HDR_VIA)
        continue;
      if (viac++ == 0)
        {
          struct pl rp;

          /* As libre does: rport filled in, received added. */
          err |= mbuf_write_str (mb, "Via: ");
          if (0 == msg_param_exists (&msg->via.params, "rport", &rp))
            err |= mbuf_write_pl_skip (mb, &hdr->val, &rp);
          else
            err |= mbuf_write_pl (mb, &hdr->val);
          err |= mbuf_printf (mb, ";rport=%u;received=%j\r\n", sa_port (&msg->src), &msg->src);
        }
      else
        err |= mbuf_printf (mb, "Via: %r\r\n", &hdr->val);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      const struct sip_hdr *hdr = sip_msg_hdr (msg, copied[i]);

      if (!hdr)
        continue;
      err |= mbuf_printf (mb, "%r: %r%s\r\n", &hdr->name, &hdr->val,
                          copied[i] == SIP_HDR_TO && !pl_isset (&msg->to.tag) ? ";tag=desk-bad"
                                                                               : "");
    }
  err |= mbuf_write_str (mb, "Content-Length: 0\r\n\r\n");

  if (!err && viac > 0)
    {
      /* rport: the answer goes back where the request came from. */
      mb->pos = 0;
      sip_reply_addr (&dst, msg, true);
      err = sip_send (sip, msg->sock, msg->tp, &dst, mb);
    }
  if (err)
    g_debug ("Cannot answer a request with duplicate headers: %s", g_strerror (err));
  mem_deref (mb);
}

/* A reply to an INVITE goes through a server transaction: the final
 * answer is retransmitted until its ACK, and the ACK is absorbed. */
static void
refuse (struct sip           *sip,
        const struct sip_msg *msg,
        uint16_t              scode,
        const char           *reason,
        const char           *extra)
{
  if (0 == pl_strcmp (&msg->met, "INVITE"))
    (void) sip_treplyf (NULL, NULL, sip, msg, false, scode, reason, "%sContent-Length: 0\r\n\r\n",
                        extra ? extra : "");
  else
    (void) sip_replyf (sip, msg, scode, reason, "%sContent-Length: 0\r\n\r\n",
                       extra ? extra : "");
}

/* Over TCP a bad Content-Length leaves the stream without framing: what
 * libre has buffered after this message is dropped (its loop stops when the
 * message's end reaches the buffered data's), and the next bytes close the
 * connection. */
static bool
on_tcp_recv_after_bad_framing (int         *err,
                               struct mbuf *mb,
                               bool        *estab,
                               void        *arg)
{
  *err = EBADMSG;
  return true;
}

static void
drop_tcp_stream (const struct sip_msg *msg)
{
  struct tcp_conn *tc = sip_msg_tcpconn (msg);
  struct tcp_helper *th;

  if (msg->tp != SIP_TRANSP_TCP)
    return;

  msg->mb->end = msg->mb->size;
  /* The connection owns the helper and frees it with itself. */
  if (tc)
    (void) tcp_register_helper (&th, tc, HOOK_LAYER, NULL, NULL, on_tcp_recv_after_bad_framing,
                                NULL);
}

static bool
check_content_length (struct sip           *sip,
                      const struct sip_msg *msg)
{
  size_t left = mbuf_get_left (msg->mb);
  uint64_t clen;

  if (!pl_isset (&msg->clen))
    return false;

  if (!pl_number (&msg->clen, &clen)
      || (msg->tp == SIP_TRANSP_TCP && (clen > CLEN_MAX_TCP || clen != pl_u32 (&msg->clen))))
    {
      refuse (sip, msg, 400, "Bad Content-Length", NULL);
      drop_tcp_stream (msg);
      return true;
    }

  if (msg->tp != SIP_TRANSP_UDP)
    return false;

  /* RFC 3261 18.3: over UDP a longer Content-Length is an error; bytes
   * after a shorter one are not part of the message. */
  if (clen > left)
    {
      refuse (sip, msg, 400, "Bad Content-Length", NULL);
      return true;
    }
  msg->mb->end = msg->mb->pos + clen;
  return false;
}

static bool
check_cseq (struct sip           *sip,
            const struct sip_msg *msg)
{
  const struct sip_hdr *hdr = sip_msg_hdr (msg, SIP_HDR_CSEQ);
  struct pl num;
  uint64_t v;

  if (!hdr)
    return false;   /* request_is_complete () refuses it */

  /* libre reads "-1" as 1 and wraps 4294967297 to 1. */
  if (re_regex (hdr->val.p, hdr->val.l, "[^ \t\r\n]+", &num) || !pl_number (&num, &v)
      || v > CSEQ_MAX)
    {
      refuse (sip, msg, 400, "Bad CSeq", NULL);
      return true;
    }
  return false;
}

/* An odd number of unescaped quotes: a display name that never ends. */
static bool
quotes_unbalanced (const struct pl *pl)
{
  bool quoted = false;

  for (size_t i = 0; i < pl->l; i++)
    {
      if (quoted && pl->p[i] == '\\')
        i++;
      else if (pl->p[i] == '"')
        quoted = !quoted;
    }
  return quoted;
}

static bool
check_addresses (struct sip           *sip,
                 const struct sip_msg *msg)
{
  const struct sip_hdr *from = sip_msg_hdr (msg, SIP_HDR_FROM);
  const struct sip_hdr *to = sip_msg_hdr (msg, SIP_HDR_TO);

  if ((from && quotes_unbalanced (&from->val)) || (to && quotes_unbalanced (&to->val))
      || (msg->ruri.l > 0 && msg->ruri.p[0] == '<'))
    {
      refuse (sip, msg, 400, "Bad Address", NULL);
      return true;
    }

  if (pl_strcasecmp (&msg->uri.scheme, "sip") && pl_strcasecmp (&msg->uri.scheme, "sips"))
    {
      refuse (sip, msg, 416, "Unsupported URI Scheme", NULL);
      return true;
    }
  return false;
}

typedef struct
{
  struct mbuf *tags;
  uint32_t n;
} Unsupported;

static bool
collect_tag (const struct sip_hdr *hdr,
             const struct sip_msg *msg,
             void                 *arg)
{
  Unsupported *u = arg;
  struct pl tag;

  /* Only token characters go back into our answer. */
  if (re_regex (hdr->val.p, hdr->val.l, "[a-zA-Z0-9.!%*_+`'~\\-]+", &tag))
    return false;
  /* RFC 3891, on an INVITE (desk-pbx-transfer.c). */
  if (0 == pl_strcasecmp (&tag, "replaces") && 0 == pl_strcmp (&msg->met, "INVITE"))
    return false;
  (void) mbuf_printf (u->tags, "%s%r", u->n++ ? ", " : "", &tag);
  return u->n >= 16;
}

/* The engine supports no SIP extension a request may require (RFC 3261
 * 8.2.2.3) but Replaces on an INVITE; ACK and CANCEL are not checked. */
static bool
check_require (struct sip           *sip,
               const struct sip_msg *msg)
{
  Unsupported u = { 0 };
  char *extra = NULL;

  if (0 == pl_strcmp (&msg->met, "ACK") || 0 == pl_strcmp (&msg->met, "CANCEL")
      || !sip_msg_hdr (msg, SIP_HDR_REQUIRE))
    return false;

  u.tags = mbuf_alloc (128);
  if (!u.tags)
    return false;
  (void) sip_msg_hdr_apply (msg, true, SIP_HDR_REQUIRE, collect_tag, &u);
  if (u.n > 0)
    {
      mbuf_set_pos (u.tags, 0);
      (void) re_sdprintf (&extra, "Unsupported: %b\r\n", mbuf_buf (u.tags),
                          mbuf_get_left (u.tags));
      refuse (sip, msg, 420, "Bad Extension", extra);
    }
  mem_deref (extra);
  mem_deref (u.tags);
  return u.n > 0;
}

bool
pbx_transport_check_request (struct sip           *sip,
                             const struct sip_msg *msg)
{
  static const enum sip_hdrid single[] = {
    SIP_HDR_CALL_ID, SIP_HDR_CSEQ, SIP_HDR_FROM, SIP_HDR_TO, SIP_HDR_MAX_FORWARDS,
    SIP_HDR_CONTENT_LENGTH, SIP_HDR_CONTENT_TYPE,
  };
  const char *start = msg->met.p;
  const char *end = (const char *) mbuf_buf (msg->mb);
  uint64_t hops;

  /* A NUL byte in the headers: any answer would carry it back (a Call-ID
   * is copied as it is), so there is none. */
  if (start && end > start && memchr (start, '\0', end - start))
    {
      g_debug ("Dropped a request with a NUL byte in its headers");
      drop_tcp_stream (msg);
      return true;
    }

  for (size_t i = 0; i < G_N_ELEMENTS (single); i++)
    if (sip_msg_hdr_count (msg, single[i]) > 1)
      {
        reply_first_headers (sip, msg, 400, "Duplicate Header");
        if (single[i] == SIP_HDR_CONTENT_LENGTH)
          drop_tcp_stream (msg);
        return true;
      }

  if (check_content_length (sip, msg) || check_cseq (sip, msg) || check_addresses (sip, msg))
    return true;

  /* The engine is a back-to-back user agent: the INVITE would go on to a
   * phone, one more hop (RFC 3261 16.3, 8.2.2 for what the UAS answers). */
  if (0 == pl_strcmp (&msg->met, "INVITE") && pl_number (&msg->maxfwd, &hops) && hops == 0)
    {
      refuse (sip, msg, 483, "Too Many Hops", NULL);
      return true;
    }

  return check_require (sip, msg);
}
