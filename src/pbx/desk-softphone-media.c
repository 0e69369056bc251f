/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-softphone-media"

#include "config.h"

#include "desk-softphone-private.h"

#include <string.h>

/* One softphone call's media: G.711 over RTP (PCMU or PCMA, whichever the
 * PBX prefers), RFC 4733 events out, a small jitter buffer in.
 *
 * Packets are decoded into a short FIFO so that a peer sending another
 * packet time than 20 ms still gives whole frames. The SIP thread's 20 ms
 * clock (desk-softphone-ua.c) pulls a frame and sends one per tick.
 *
 * We send where the first packet came from (symmetric RTP): the PBX may
 * sit behind a NAT the SDP knows nothing of. */

enum {
  RATE        = 8000,
  PT_PCMU     = 0,
  PT_PCMA     = 8,
  PT_TELEV    = 101,
  PORT_MIN    = 10000,
  PORT_MAX    = 60000,
  JB_MIN      = 1,
  JB_MAX      = 10,
  FIFO_LEN    = 4 * DESK_SOFTPHONE_FRAME_SAMPLES,
};

struct sp_media {
  struct rtp_sock *rtp;
  struct sdp_session *sdp;
  struct sdp_media *sdpm;
  struct jbuf *jb;
  struct telev *telev;
  struct sa raddr;
  bool latched;
  bool ready;
  int pt;
  int pt_telev;           /* the peer's, -1 if it takes none */
  uint32_t ts;
  uint32_t ts_telev;      /* an event's packets all carry its first timestamp */
  bool marker;
  int16_t fifo[FIFO_LEN];
  size_t fifoc;
};

static void
media_destructor (void *arg)
{
  struct sp_media *m = arg;

  mem_deref (m->rtp);
  mem_deref (m->sdpm);
  mem_deref (m->sdp);
  mem_deref (m->jb);
  mem_deref (m->telev);
}

static void
on_rtp (const struct sa         *src,
        const struct rtp_header *hdr,
        struct mbuf             *mb,
        void                    *arg)
{
  struct sp_media *m = arg;

  if (!m->ready)
    return;

  if (!m->latched)
    {
      m->raddr = *src;
      m->latched = true;
    }
  else if (!sa_cmp (src, &m->raddr, SA_ALL))
    {
      return;
    }

  if ((hdr->pt == PT_PCMU || hdr->pt == PT_PCMA) && mbuf_get_left (mb) > 0)
    (void) jbuf_put (m->jb, hdr, mb);
}

int
sp_media_alloc (struct sp_media **mp,
                const struct sa   *laddr)
{
  struct sp_media *m;
  struct sa ip = *laddr;
  int err;

  m = mem_zalloc (sizeof (*m), media_destructor);
  if (!m)
    return ENOMEM;

  m->pt = PT_PCMU;
  m->pt_telev = -1;
  m->marker = true;
  m->ts = rand_u32 ();
  sa_set_port (&ip, 0);

  err = jbuf_alloc (&m->jb, JB_MIN, JB_MAX);
  if (!err)
    err = telev_alloc (&m->telev, 20);
  if (!err)
    err = rtp_listen (&m->rtp, IPPROTO_UDP, &ip, PORT_MIN, PORT_MAX, true, on_rtp, NULL, m);
  if (!err)
    err = sdp_session_alloc (&m->sdp, &ip);
  if (!err)
    err = sdp_media_add (&m->sdpm, m->sdp, "audio", sa_port (rtp_local (m->rtp)), "RTP/AVP");
  if (err)
    goto out;

  err = sdp_format_add (NULL, m->sdpm, false, "0", "PCMU", RATE, 1, NULL, NULL, NULL, false,
                        NULL);
  err |= sdp_format_add (NULL, m->sdpm, false, "8", "PCMA", RATE, 1, NULL, NULL, NULL, false,
                         NULL);
  err |= sdp_format_add (NULL, m->sdpm, false, "101", telev_rtpfmt, RATE, 1, NULL, NULL, NULL,
                         false, "0-15");
  err |= sdp_media_set_lattr (m->sdpm, true, "ptime", "20");

out:
  if (err)
    mem_deref (m);
  else
    *mp = m;

  return err;
}

int
sp_media_encode (struct sp_media  *m,
                 bool              offer,
                 struct mbuf     **descp)
{
  return sdp_encode (descp, m->sdp, offer);
}

int
sp_media_decode (struct sp_media *m,
                 struct mbuf     *mb,
                 bool             offer)
{
  const struct sdp_format *fmt = NULL;
  const struct sa *raddr;
  int err;

  if (!mb || mbuf_get_left (mb) == 0)
    return EPROTO;

  err = sdp_decode (m->sdp, mb, offer);
  if (err)
    return err;

  for (struct le *le = list_head (sdp_media_format_lst (m->sdpm, false)); le; le = le->next)
    {
      const struct sdp_format *f = le->data;

      if (f->sup && (f->pt == PT_PCMU || f->pt == PT_PCMA))
        {
          fmt = f;
          break;
        }
    }

  if (!fmt)
    return EPROTO;

  if (fmt->pt != m->pt)
    m->marker = true;
  m->pt = fmt->pt;

  fmt = sdp_media_rformat (m->sdpm, telev_rtpfmt);
  m->pt_telev = fmt ? fmt->pt : -1;

  raddr = sdp_media_raddr (m->sdpm);
  if (!m->latched || !sa_cmp (raddr, &m->raddr, SA_ADDR))
    {
      m->raddr = *raddr;
      m->latched = false;
    }

  if (!m->ready)
    {
      struct sa rtcp;

      sdp_media_raddr_rtcp (m->sdpm, &rtcp);
      rtcp_start (m->rtp, "frontdesk-softphone", &rtcp);
    }

  m->ready = true;
  return 0;
}

bool
sp_media_ready (const struct sp_media *m)
{
  return m && m->ready;
}

void
sp_media_set_hold (struct sp_media *m,
                   bool             hold)
{
  sdp_media_set_ldir (m->sdpm, hold ? SDP_SENDONLY : SDP_SENDRECV);
}

bool
sp_media_pull (struct sp_media *m,
               int16_t         *pcm)
{
  size_t n;

  while (m->fifoc < DESK_SOFTPHONE_FRAME_SAMPLES)
    {
      struct rtp_header hdr;
      void *mem = NULL;
      const uint8_t *p;
      size_t len;

      if (jbuf_get (m->jb, &hdr, &mem))
        break;

      p = mbuf_buf (mem);
      len = MIN (mbuf_get_left (mem), FIFO_LEN - m->fifoc);
      for (size_t i = 0; i < len; i++)
        m->fifo[m->fifoc++] = hdr.pt == PT_PCMA ? g711_alaw2pcm (p[i]) : g711_ulaw2pcm (p[i]);
      mem_deref (mem);
    }

  n = MIN (m->fifoc, (size_t) DESK_SOFTPHONE_FRAME_SAMPLES);
  memcpy (pcm, m->fifo, n * sizeof (int16_t));
  memset (pcm + n, 0, (DESK_SOFTPHONE_FRAME_SAMPLES - n) * sizeof (int16_t));
  memmove (m->fifo, m->fifo + n, (m->fifoc - n) * sizeof (int16_t));
  m->fifoc -= n;

  return n > 0;
}

static void
send_telev (struct sp_media *m)
{
  struct mbuf *mb = mbuf_alloc (RTP_HEADER_SIZE + 16);
  bool marker = false;

  if (!mb)
    return;

  mb->pos = mb->end = RTP_HEADER_SIZE;
  if (0 == telev_poll (m->telev, &marker, mb))
    {
      if (marker)
        m->ts_telev = m->ts;
      mb->pos = RTP_HEADER_SIZE;
      (void) rtp_send (m->rtp, &m->raddr, false, marker, (uint8_t) m->pt_telev, m->ts_telev, mb);
    }

  mem_deref (mb);
}

void
sp_media_send (struct sp_media *m,
               const int16_t   *pcm)
{
  struct mbuf *mb;
  uint8_t *p;

  if (!m->ready || !sa_isset (&m->raddr, SA_ALL))
    return;

  if (m->pt_telev >= 0)
    send_telev (m);

  mb = mbuf_alloc (RTP_HEADER_SIZE + DESK_SOFTPHONE_FRAME_SAMPLES);
  if (!mb)
    return;

  mb->pos = mb->end = RTP_HEADER_SIZE;
  p = mbuf_buf (mb);
  for (size_t i = 0; i < DESK_SOFTPHONE_FRAME_SAMPLES; i++)
    p[i] = m->pt == PT_PCMA ? g711_pcm2alaw (pcm[i]) : g711_pcm2ulaw (pcm[i]);
  mb->end += DESK_SOFTPHONE_FRAME_SAMPLES;

  (void) rtp_send (m->rtp, &m->raddr, false, m->marker, (uint8_t) m->pt, m->ts, mb);
  m->marker = false;
  m->ts += DESK_SOFTPHONE_FRAME_SAMPLES;

  mem_deref (mb);
}

int
sp_media_send_digit (struct sp_media *m,
                     char             digit)
{
  int code = telev_digit2code (digit);
  int err;

  if (code < 0)
    return EINVAL;

  if (m->pt_telev < 0)
    return EPROTO;

  err = telev_send (m->telev, code, false);
  if (!err)
    err = telev_send (m->telev, code, true);

  return err;
}
