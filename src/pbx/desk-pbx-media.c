/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-media"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <string.h>

/* One leg's media: an RTP/RTCP socket pair, the SDP of the leg, a jitter
 * buffer, the G.711 codecs and the digit detectors.
 *
 * Every leg is decoded to 8 kHz PCM and encoded again on the way out, even
 * when two G.711 legs are bridged: that is what lets the engine play
 * prompts, mix, record and transcode, and G.711 costs next to nothing.
 *
 * Timing belongs to the engine's 20 ms clock (desk-pbx-call.c): packets are
 * only put into the jitter buffer when they arrive; at each tick the clock
 * pulls 20 ms from every leg, then sends 20 ms to every leg.
 *
 * Symmetric RTP: the first packet that arrives after an SDP exchange fixes
 * where we send, whatever address the SDP named, so a phone behind NAT is
 * answered at its public address.
 *
 * RTCP: libre's own reports run on a timer per leg, and libre's timers are
 * one sorted list that every insertion walks (see desk-pbx-call.c); so the
 * clock sends them instead: a sender report with our CNAME about every 5 s
 * (2.5–7.5 s, RFC 3550 6.2), to the RTCP address of the SDP. It carries no
 * reception report blocks: nothing of ours reads them, and libre keeps the
 * per-source counters they need to itself.
 *
 * The jitter buffer holds at least JBUF_MIN frames back, and keeps whatever
 * depth a stall left it at: the delay would stay for the rest of the call.
 * When a leg's buffer never fell below JBUF_MIN + 1 frames for a whole
 * second, the frames above that are dropped, one a tick. */

enum {
  PT_PCMU      = 0,
  PT_PCMA      = 8,
  PT_TELEV     = 101,
  RTP_PORT_MIN = 10000,
  RTP_PORT_MAX = 60000,
  JBUF_MIN     = 1,       /* frames held back: 20 ms against jitter */
  JBUF_MAX     = 16,      /* beyond this the oldest frame goes */
  FIFO_SAMPLES = 8 * DESK_PBX_FRAME_SAMPLES,
  RTCP_TICKS   = 250,     /* 5 s of 20 ms ticks between reports, on average */
  DRAIN_TICKS  = 50,      /* 1 s: how long a backlog must last to be dropped */
};

struct pbx_media {
  struct rtp_sock *rtp;
  struct sdp_session *sdp;
  struct sdp_media *sdpm;
  struct jbuf *jb;
  struct pbx_dtmf *dtmf;
  struct sa raddr;
  struct sa rtcp_raddr;
  bool latched;
  bool ready;
  uint32_t rtcp_ticks;    /* ticks until the next report */
  uint32_t psent;         /* RTP packets and payload octets sent, for RTCP */
  uint32_t osent;
  uint32_t jb_puts;       /* frames the jitter buffer took and gave back */
  uint32_t jb_gets;
  uint32_t depth_min;     /* its fewest frames at a tick in this second */
  uint32_t depth_ticks;
  uint32_t drain;         /* frames still to drop, one a tick */
  int pt;                 /* what we send: PT_PCMU or PT_PCMA */
  int pt_telev;           /* the peer's telephone-event type, -1 if none */
  uint32_t ts;
  uint32_t ts_telev;      /* the start of the RFC 4733 event being sent */
  bool marker;
  int16_t fifo[FIFO_SAMPLES];
  size_t fifoc;
  int16_t in[DESK_PBX_FRAME_SAMPLES];
};

static void
media_destructor (void *arg)
{
  struct pbx_media *m = arg;

  /* The socket first: no packet may arrive into a half-freed leg. */
  mem_deref (m->rtp);
  mem_deref (m->sdpm);
  mem_deref (m->sdp);
  mem_deref (m->jb);
  mem_deref (m->dtmf);
}

static bool
is_g711 (int pt)
{
  return pt == PT_PCMU || pt == PT_PCMA;
}

static void
on_rtp (const struct sa         *src,
        const struct rtp_header *hdr,
        struct mbuf             *mb,
        void                    *arg)
{
  struct pbx_media *m = arg;

  if (!m->ready)
    return;

  if (!m->latched)
    {
      if (!sa_cmp (src, &m->raddr, SA_ALL))
        {
          char from[64];

          re_snprintf (from, sizeof (from), "%J", src);
          g_debug ("RTP latched to %s", from);
        }
      m->raddr = *src;
      m->latched = true;
    }
  else if (!sa_cmp (src, &m->raddr, SA_ALL))
    {
      /* Not the peer we latched to: someone spraying packets at our port. */
      return;
    }

  if (m->pt_telev >= 0 && hdr->pt == m->pt_telev)
    {
      pbx_dtmf_event (m->dtmf, mb);
      return;
    }

  if (!is_g711 (hdr->pt) || mbuf_get_left (mb) == 0)
    return;

  if (0 == jbuf_put (m->jb, hdr, mb))
    m->jb_puts++;
}

static void
on_rtcp (const struct sa *src,
         struct rtcp_msg *msg,
         void            *arg)
{
}

int
pbx_media_alloc (struct pbx_media **mp,
                 const struct sa   *laddr,
                 pbx_digit_h       *digith,
                 void              *arg)
{
  struct pbx_media *m;
  struct sa ip = *laddr;
  int err;

  m = mem_zalloc (sizeof (*m), media_destructor);
  if (!m)
    return ENOMEM;

  m->pt = PT_PCMU;
  m->pt_telev = -1;
  m->marker = true;
  m->ts = rand_u32 ();
  m->depth_min = UINT32_MAX;

  sa_set_port (&ip, 0);

  err = pbx_dtmf_alloc (&m->dtmf, digith, arg);
  if (err)
    goto out;

  err = jbuf_alloc (&m->jb, JBUF_MIN, JBUF_MAX);
  if (err)
    goto out;

  err = rtp_listen (&m->rtp, IPPROTO_UDP, &ip, RTP_PORT_MIN, RTP_PORT_MAX, true, on_rtp, on_rtcp,
                    m);
  if (err)
    goto out;

  err = sdp_session_alloc (&m->sdp, &ip);
  if (err)
    goto out;

  err = sdp_media_add (&m->sdpm, m->sdp, "audio", sa_port (rtp_local (m->rtp)), "RTP/AVP");
  if (err)
    goto out;

  err = sdp_format_add (NULL, m->sdpm, false, "0", "PCMU", DESK_PBX_RATE, 1, NULL, NULL, NULL,
                        false, NULL);
  err |= sdp_format_add (NULL, m->sdpm, false, "8", "PCMA", DESK_PBX_RATE, 1, NULL, NULL, NULL,
                         false, NULL);
  err |= sdp_format_add (NULL, m->sdpm, false, "101", "telephone-event", DESK_PBX_RATE, 1, NULL,
                         NULL, NULL, false, "0-15");
  err |= sdp_media_set_lattr (m->sdpm, true, "ptime", "20");

out:
  if (err)
    mem_deref (m);
  else
    *mp = m;

  return err;
}

int
pbx_media_offer (struct pbx_media *m,
                 struct mbuf     **descp)
{
  return sdp_encode (descp, m->sdp, true);
}

int
pbx_media_answer (struct pbx_media *m,
                  struct mbuf     **descp)
{
  return sdp_encode (descp, m->sdp, false);
}

/* After an SDP exchange: what to send, and where. */
static int
media_update (struct pbx_media *m)
{
  const struct sdp_format *telev;
  const struct sa *raddr;
  int pt = -1;

  for (struct le *le = list_head (sdp_media_format_lst (m->sdpm, false)); le; le = le->next)
    {
      const struct sdp_format *fmt = le->data;

      if (fmt->sup && is_g711 (fmt->pt))
        {
          pt = fmt->pt;
          break;
        }
    }

  if (pt < 0)
    return EPROTO;

  telev = sdp_media_rformat (m->sdpm, "telephone-event");
  m->pt_telev = telev ? telev->pt : -1;

  if (pt != m->pt)
    m->marker = true;
  m->pt = pt;

  raddr = sdp_media_raddr (m->sdpm);
  if (!m->latched || !sa_cmp (raddr, &m->raddr, SA_ALL))
    {
      /* A new address in the SDP (a transfer, a phone that moved): latch
       * again to whatever comes from there. */
      m->raddr = *raddr;
      m->latched = false;
    }

  sdp_media_raddr_rtcp (m->sdpm, &m->rtcp_raddr);
  /* The first report soon, but not from every new leg at the same tick. */
  if (!m->rtcp_ticks)
    m->rtcp_ticks = 1 + rand_u32 () % (RTCP_TICKS / 2);

  m->ready = true;
  return 0;
}

int
pbx_media_decode (struct pbx_media *m,
                  struct mbuf      *mb,
                  bool              offer)
{
  int err;

  if (!mb || mbuf_get_left (mb) == 0)
    return EPROTO;

  err = sdp_decode (m->sdp, mb, offer);
  if (err)
    return err;

  return media_update (m);
}

bool
pbx_media_ready (const struct pbx_media *m)
{
  return m->ready;
}

bool
pbx_media_remote_holds (const struct pbx_media *m)
{
  /* libre keeps the remote direction as seen from our side: a peer that
   * says "sendonly" leaves us RECVONLY. An old-style hold names 0.0.0.0. */
  return m->ready
         && (!(sdp_media_rdir (m->sdpm) & SDP_SENDONLY) || !sa_isset (&m->raddr, SA_ADDR));
}

static void
fifo_decode (struct pbx_media        *m,
             const struct rtp_header *hdr,
             struct mbuf             *mb)
{
  const uint8_t *p = mbuf_buf (mb);
  size_t n = MIN (mbuf_get_left (mb), FIFO_SAMPLES - m->fifoc);

  for (size_t i = 0; i < n; i++)
    m->fifo[m->fifoc + i] = hdr->pt == PT_PCMA ? g711_alaw2pcm (p[i]) : g711_ulaw2pcm (p[i]);

  m->fifoc += n;
}

/* What a stall left in the jitter buffer goes, once it has lasted a second
 * (see the top of this file). */
static void
drain (struct pbx_media *m)
{
  struct jbuf_stat stat;
  uint32_t depth;

  if (jbuf_stats (m->jb, &stat))
    return;

  /* Frames it dropped itself when full went neither way through us. */
  depth = m->jb_puts - m->jb_gets - stat.n_overflow;
  if (depth > JBUF_MAX)
    return;

  if (m->drain && depth > JBUF_MIN + 1)
    {
      struct rtp_header hdr;
      void *mem = NULL;

      if (0 == jbuf_get (m->jb, &hdr, &mem))
        {
          m->jb_gets++;
          depth--;
        }
      mem_deref (mem);
      m->drain--;
    }

  m->depth_min = MIN (m->depth_min, depth);
  if (++m->depth_ticks < DRAIN_TICKS)
    return;

  if (m->depth_min > JBUF_MIN + 1)
    {
      m->drain = m->depth_min - (JBUF_MIN + 1);
      g_debug ("Jitter buffer held %u frames too many for 1 s; dropping them", m->drain);
    }
  m->depth_ticks = 0;
  m->depth_min = UINT32_MAX;
}

void
pbx_media_pull (struct pbx_media *m,
                bool              probe)
{
  size_t n;

  while (m->fifoc < DESK_PBX_FRAME_SAMPLES)
    {
      struct rtp_header hdr;
      void *mem = NULL;

      if (jbuf_get (m->jb, &hdr, &mem))
        break;

      m->jb_gets++;
      fifo_decode (m, &hdr, mem);
      mem_deref (mem);
    }

  drain (m);

  n = MIN (m->fifoc, (size_t) DESK_PBX_FRAME_SAMPLES);
  memcpy (m->in, m->fifo, n * sizeof (int16_t));
  memset (m->in + n, 0, (DESK_PBX_FRAME_SAMPLES - n) * sizeof (int16_t));
  memmove (m->fifo, m->fifo + n, (m->fifoc - n) * sizeof (int16_t));
  m->fifoc -= n;

  if (n > 0 && probe)
    pbx_dtmf_probe (m->dtmf, m->in, DESK_PBX_FRAME_SAMPLES);
}

const int16_t *
pbx_media_input (const struct pbx_media *m)
{
  return m->in;
}

struct pbx_dtmf *
pbx_media_dtmf (struct pbx_media *m)
{
  return m->dtmf;
}

/* An RFC 4733 packet beside the audio, when an event is being sent: every
 * packet of one event carries the timestamp of its start (RFC 4733 2.5),
 * the first one the marker. A peer that did not offer telephone-event
 * gets none. */
static void
send_telev (struct pbx_media *m)
{
  struct mbuf *mb;
  bool marker = false;

  mb = mbuf_alloc (RTP_HEADER_SIZE + 16);
  if (!mb)
    return;

  mb->pos = mb->end = RTP_HEADER_SIZE;
  if (0 == pbx_dtmf_poll (m->dtmf, &marker, mb) && m->pt_telev >= 0)
    {
      if (marker)
        m->ts_telev = m->ts;
      mb->pos = RTP_HEADER_SIZE;
      (void) rtp_send (m->rtp, &m->raddr, false, marker, (uint8_t) m->pt_telev, m->ts_telev, mb);
    }

  mem_deref (mb);
}

void
pbx_media_send (struct pbx_media *m,
                const int16_t    *pcm)
{
  struct mbuf *mb;
  uint8_t *p;

  if (!m->ready || !sa_isset (&m->raddr, SA_ALL))
    return;

  send_telev (m);

  mb = mbuf_alloc (RTP_HEADER_SIZE + DESK_PBX_FRAME_SAMPLES);
  if (!mb)
    return;

  mb->pos = mb->end = RTP_HEADER_SIZE;
  p = mbuf_buf (mb);
  for (size_t i = 0; i < DESK_PBX_FRAME_SAMPLES; i++)
    {
      int16_t s = pcm ? pcm[i] : 0;

      p[i] = m->pt == PT_PCMA ? g711_pcm2alaw (s) : g711_pcm2ulaw (s);
    }
  mb->end += DESK_PBX_FRAME_SAMPLES;

  if (0 == rtp_send (m->rtp, &m->raddr, false, m->marker, (uint8_t) m->pt, m->ts, mb))
    {
      m->psent++;
      m->osent += DESK_PBX_FRAME_SAMPLES;
    }
  m->marker = false;
  m->ts += DESK_PBX_FRAME_SAMPLES;

  mem_deref (mb);
}

static int
encode_cname (struct mbuf *mb,
              void        *arg)
{
  struct pbx_media *m = arg;

  return rtcp_sdes_encode (mb, rtp_sess_ssrc (m->rtp), 1, RTCP_SDES_CNAME, "frontdesk");
}

/* A compound RTCP packet: SR, then SDES with our CNAME (RFC 3550 6.1). */
static void
rtcp_report (struct pbx_media *m)
{
  /* NTP time: seconds since 1900, and the fraction in 1/2^32 s. */
  uint64_t now_us = (uint64_t) g_get_real_time ();
  uint32_t ntp_sec = (uint32_t) (now_us / G_USEC_PER_SEC + 2208988800u);
  uint32_t ntp_frac = (uint32_t) (((now_us % G_USEC_PER_SEC) << 32) / G_USEC_PER_SEC);
  struct udp_sock *us = rtcp_sock (m->rtp);
  struct mbuf *mb;
  int err;

  if (!us || !sa_isset (&m->rtcp_raddr, SA_ALL))
    return;

  mb = mbuf_alloc (128);
  if (!mb)
    return;

  err = rtcp_encode (mb, RTCP_SR, 0, rtp_sess_ssrc (m->rtp), ntp_sec, ntp_frac, m->ts, m->psent,
                     m->osent, NULL, NULL);
  err |= rtcp_encode (mb, RTCP_SDES, 1, encode_cname, m);
  if (!err)
    {
      mb->pos = 0;
      err = udp_send (us, &m->rtcp_raddr, mb);
    }
  if (err)
    g_debug ("Cannot send an RTCP report: %s", g_strerror (err));

  mem_deref (mb);
}

void
pbx_media_rtcp_tick (struct pbx_media *m)
{
  if (!m->ready || !m->rtcp_ticks || --m->rtcp_ticks > 0)
    return;

  rtcp_report (m);
  m->rtcp_ticks = RTCP_TICKS / 2 + rand_u32 () % RTCP_TICKS;
}
