/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pbx"
#define _GNU_SOURCE             /* sendmmsg, recvmmsg, ppoll */

#include "config.h"

#include "bench-pbx.h"

#include <gio/gio.h>

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The phones' media. One UDP socket stands for every caller and one for
 * every operator phone: each SDP names it, and the PBX, which latches to
 * where packets come from (symmetric RTP), gives each leg a port of its own,
 * so the PBX's source port tells the legs apart.
 *
 * A leg starts when the PBX first sends to it and then sends G.711 µ-law
 * every 20 ms, on a phase of its own, as a phone does; it stops 300 ms after
 * the PBX stopped sending. Every frame it sends carries a tag in its first
 * bytes: the leg's number and the frame's number, written as µ-law codes.
 * The PBX decodes each frame to PCM and encodes it again; every µ-law code
 * survives that unchanged (checked against librem's g711 tables), so the
 * peer finds the tag again and can tell which frame it got, when it was
 * sent, and which frames never came (loss), whatever the PBX did in
 * between (jitter buffer, its own 20 ms clock). Receive times are the
 * kernel's (SO_TIMESTAMPNS), so the phones' own scheduling adds nothing. */

enum {
  FRAME_MS     = 20,
  FRAME_BYTES  = 160,
  RTP_HDR      = 12,
  PKT_BYTES    = RTP_HDR + FRAME_BYTES,
  TAG_BYTES    = 19,
  TX_RING      = 512,               /* send times kept: ~10 s of frames */
  BATCH        = 128,
  IDLE_STOP_MS = 300,               /* the PBX stopped sending: the call is over */
  IDLE_FREE_MS = 10000,
  HIST_STEP_US = 50,
  HIST_N       = 20000,             /* up to 1 s */
  SOCKBUF      = 8 * 1024 * 1024,
  /* A frame this much later than its leg's quickest: latency that crept in
   * (counted apart; it arrived, so it is not lost). */
  LATE_MS      = 200,
};

#define NS_PER_MS 1000000LL

static const guint8 tag_magic[3] = { 0x3c, 0x3d, 0x3e };

typedef struct
{
  guint64 n;
  guint32 bins[HIST_N + 1];
} Hist;

/* What the legs add up to in a window; legs that end are folded in as they
 * are freed. */
typedef struct
{
  guint streams;
  guint tagged_streams;
  guint64 sent;
  guint64 received;
  guint64 expected;
  guint64 lost;
  guint64 late;
  guint64 clock_expected;
  guint64 clock_missing;
  guint64 underruns;
  double jitter_sum;
  double jitter_max;
  double e2e_sum;
  double e2e_max;
} Accum;

typedef struct
{
  guint32 id;
  BenchRtpSide side;
  struct sockaddr_in peer;
  gboolean active;
  gint64 created;             /* monotonic ns */
  gint64 last_rx;             /* monotonic ns */

  /* Sending */
  guint16 rtp_seq;
  guint32 rtp_ts;
  guint32 ssrc;
  guint32 frame;              /* tagged frame number */
  gint64 next_tx;             /* monotonic ns */
  gint64 tx_time[TX_RING];    /* realtime ns */
  guint32 tx_frame[TX_RING];

  /* Receiving: the PBX's stream to this leg */
  gboolean rx_have;
  guint32 rx_last_ts;
  gint64 rx_last_arrival;     /* realtime ns */
  double jitter_ns;
  gboolean seen_tagged;
  gint64 min_transit;
  gint64 last_transit;
  gboolean have_transit;
  double e2e_jitter_ns;

  /* This window */
  guint64 win_sent;
  guint64 win_received;
  guint64 win_underruns;
  gint64 win_first_arrival;   /* realtime ns, 0 if none yet */
  gint64 win_last_arrival;
  double win_jitter_sum;
  guint64 win_jitter_n;
  double win_e2e_sum;
  guint64 win_e2e_n;
  /* This leg's frames as its peer received them */
  gboolean win_have;
  guint32 win_first;
  guint32 win_max;
  guint64 win_count;
  guint64 win_late;
} Stream;

typedef struct
{
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  guint8 buf[BATCH][PKT_BYTES];
  struct sockaddr_in to[BATCH];
  Stream *stream[BATCH];
  guint32 frame[BATCH];
  guint n;
} SendBatch;

struct _BenchRtp
{
  int fd[BENCH_RTP_N_SIDES];
  guint port[BENCH_RTP_N_SIDES];
  guint8 tone[BENCH_RTP_N_SIDES][FRAME_BYTES];
  GThread *thread;
  gint stop;

  GMutex lock;                /* everything below */
  GHashTable *by_source;      /* side << 16 | PBX port → Stream */
  GHashTable *by_id;          /* id → Stream (owns) */
  guint32 next_id;
  Accum retired;
  Hist transit;
  Hist delay_var;
  Hist send_late;
  gint64 max_gap;             /* ns, this window */
  guint active;

  SendBatch batch[BENCH_RTP_N_SIDES];
};

/* µ-law as G.711 defines it (the encoder side only: the phones never decode). */
static guint8
ulaw_encode (int pcm)
{
  int sign = 0, exponent = 7, mantissa;

  if (pcm < 0)
    {
      pcm = -pcm;
      sign = 0x80;
    }
  if (pcm > 32635)
    pcm = 32635;
  pcm += 0x84;
  for (int mask = 0x4000; !(pcm & mask) && exponent > 0; exponent--, mask >>= 1)
    ;
  mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return (guint8) ~(sign | (exponent << 4) | mantissa);
}

static void
tag_put (guint8  *p,
         guint32  id,
         guint32  frame)
{
  memcpy (p, tag_magic, sizeof (tag_magic));
  for (int i = 0; i < 8; i++)
    {
      p[3 + i] = 0x20 | ((id >> (28 - 4 * i)) & 0xf);
      p[11 + i] = 0x20 | ((frame >> (28 - 4 * i)) & 0xf);
    }
}

static gboolean
tag_get (const guint8 *p,
         gsize         len,
         guint32      *id,
         guint32      *frame)
{
  if (len < TAG_BYTES || memcmp (p, tag_magic, sizeof (tag_magic)) != 0)
    return FALSE;

  *id = *frame = 0;
  for (int i = 0; i < 8; i++)
    {
      if ((p[3 + i] & 0xf0) != 0x20 || (p[11 + i] & 0xf0) != 0x20)
        return FALSE;
      *id = (*id << 4) | (p[3 + i] & 0xf);
      *frame = (*frame << 4) | (p[11 + i] & 0xf);
    }
  return TRUE;
}

static gint64
now_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
hist_add (Hist   *h,
          gint64  ns)
{
  gint64 bin = ns / (HIST_STEP_US * 1000);

  h->bins[CLAMP (bin, 0, HIST_N)]++;
  h->n++;
}

static double
hist_percentile (const Hist *h,
                 double      p)
{
  guint64 want, seen = 0;

  if (h->n == 0)
    return 0;

  want = (guint64) ceil (p / 100.0 * h->n);
  for (guint i = 0; i <= HIST_N; i++)
    {
      seen += h->bins[i];
      if (seen >= MAX (want, 1))
        return (i + 1) * HIST_STEP_US / 1000.0;
    }
  return HIST_N * HIST_STEP_US / 1000.0;
}

static double
hist_max (const Hist *h)
{
  for (int i = HIST_N; i >= 0; i--)
    if (h->bins[i])
      return (i + 1) * HIST_STEP_US / 1000.0;
  return 0;
}

static void
stream_window_reset (Stream *s)
{
  s->win_sent = s->win_received = s->win_underruns = 0;
  s->win_jitter_sum = s->win_e2e_sum = 0;
  s->win_jitter_n = s->win_e2e_n = 0;
  s->win_have = FALSE;
  s->win_count = 0;
  s->win_late = 0;
  s->win_first_arrival = s->win_last_arrival = 0;
}

static void
stream_fold (const Stream *s,
             Accum        *acc)
{
  acc->sent += s->win_sent;
  acc->received += s->win_received;
  acc->underruns += s->win_underruns;

  if (s->win_have)
    {
      guint64 expected = (guint64) (s->win_max - s->win_first) + 1;

      acc->expected += expected;
      acc->lost += expected > s->win_count ? expected - s->win_count : 0;
      acc->late += s->win_late;
    }

  if (s->win_first_arrival && s->win_last_arrival > s->win_first_arrival)
    {
      guint64 ticks = (guint64) ((s->win_last_arrival - s->win_first_arrival
                                  + FRAME_MS * NS_PER_MS / 2) / (FRAME_MS * NS_PER_MS)) + 1;

      acc->clock_expected += ticks;
      acc->clock_missing += ticks > s->win_received ? ticks - s->win_received : 0;
    }

  if (s->win_jitter_n > 0)
    {
      double j = s->win_jitter_sum / s->win_jitter_n / 1e6;

      acc->streams++;
      acc->jitter_sum += j;
      acc->jitter_max = MAX (acc->jitter_max, j);
    }

  if (s->win_e2e_n > 0)
    {
      double j = s->win_e2e_sum / s->win_e2e_n / 1e6;

      acc->tagged_streams++;
      acc->e2e_sum += j;
      acc->e2e_max = MAX (acc->e2e_max, j);
    }
}

static guint
source_key (BenchRtpSide side,
            guint        port)
{
  return ((guint) side << 16) | port;
}

static Stream *
stream_new (BenchRtp                 *rtp,
            BenchRtpSide              side,
            const struct sockaddr_in *from,
            gint64                    now)
{
  Stream *s = g_new0 (Stream, 1);

  s->id = ++rtp->next_id;
  s->side = side;
  s->peer = *from;
  s->active = TRUE;
  s->created = s->last_rx = now;
  s->ssrc = g_random_int ();
  s->rtp_seq = (guint16) g_random_int ();
  s->rtp_ts = g_random_int ();
  /* Phones are not in step with each other: spread the legs over the 20 ms. */
  s->next_tx = now + (gint64) ((s->id * 7) % FRAME_MS) * NS_PER_MS + NS_PER_MS / 2;
  memset (s->tx_frame, 0xff, sizeof (s->tx_frame));

  g_hash_table_replace (rtp->by_source,
                        GUINT_TO_POINTER (source_key (side, ntohs (from->sin_port))), s);
  g_hash_table_insert (rtp->by_id, GUINT_TO_POINTER (s->id), s);
  return s;
}

static void
stream_retire (BenchRtp *rtp,
               Stream   *s)
{
  guint key = source_key (s->side, ntohs (s->peer.sin_port));

  stream_fold (s, &rtp->retired);
  if (g_hash_table_lookup (rtp->by_source, GUINT_TO_POINTER (key)) == s)
    g_hash_table_remove (rtp->by_source, GUINT_TO_POINTER (key));
  g_hash_table_remove (rtp->by_id, GUINT_TO_POINTER (s->id));
}

static void
batch_flush (BenchRtp     *rtp,
             BenchRtpSide  side)
{
  SendBatch *b = &rtp->batch[side];
  gint64 when = now_ns (CLOCK_REALTIME);
  guint done = 0;

  /* The send time of each frame: now, just before the kernel has it. */
  for (guint i = 0; i < b->n; i++)
    {
      Stream *s = b->stream[i];
      guint32 frame = b->frame[i];

      s->tx_time[frame % TX_RING] = when;
      s->tx_frame[frame % TX_RING] = frame;
    }

  while (done < b->n)
    {
      int n = sendmmsg (rtp->fd[side], b->msgs + done, b->n - done, MSG_DONTWAIT);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* A full send buffer or a gone PBX port (ECONNREFUSED from an
           * earlier ICMP): skip this packet as a phone would. */
          done++;
          continue;
        }
      done += n;
    }

  b->n = 0;
}

static void
stream_queue_frame (BenchRtp *rtp,
                    Stream   *s,
                    gint64    lateness)
{
  SendBatch *b = &rtp->batch[s->side];
  guint8 *p;
  guint i;

  if (b->n == BATCH)
    batch_flush (rtp, s->side);

  i = b->n++;
  p = b->buf[i];
  p[0] = 0x80;
  p[1] = 0;                                     /* PCMU */
  p[2] = s->rtp_seq >> 8;
  p[3] = s->rtp_seq & 0xff;
  p[4] = s->rtp_ts >> 24;
  p[5] = (s->rtp_ts >> 16) & 0xff;
  p[6] = (s->rtp_ts >> 8) & 0xff;
  p[7] = s->rtp_ts & 0xff;
  p[8] = s->ssrc >> 24;
  p[9] = (s->ssrc >> 16) & 0xff;
  p[10] = (s->ssrc >> 8) & 0xff;
  p[11] = s->ssrc & 0xff;
  memcpy (p + RTP_HDR, rtp->tone[s->side], FRAME_BYTES);
  tag_put (p + RTP_HDR, s->id, s->frame);

  b->to[i] = s->peer;
  b->iov[i].iov_base = p;
  b->iov[i].iov_len = PKT_BYTES;
  memset (&b->msgs[i], 0, sizeof (b->msgs[i]));
  b->msgs[i].msg_hdr.msg_name = &b->to[i];
  b->msgs[i].msg_hdr.msg_namelen = sizeof (b->to[i]);
  b->msgs[i].msg_hdr.msg_iov = &b->iov[i];
  b->msgs[i].msg_hdr.msg_iovlen = 1;
  b->stream[i] = s;
  b->frame[i] = s->frame;

  s->rtp_seq++;
  s->rtp_ts += FRAME_BYTES;
  s->frame++;
  s->win_sent++;
  hist_add (&rtp->send_late, lateness);
}

/* Sends what is due; returns the time of the next frame due. */
static gint64
send_due (BenchRtp *rtp,
          gint64    now)
{
  gint64 next = now + FRAME_MS * NS_PER_MS;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, rtp->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Stream *s = value;
      guint n = 0;

      if (!s->active)
        continue;

      while (s->next_tx <= now && n++ < 3)
        {
          stream_queue_frame (rtp, s, now - s->next_tx);
          s->next_tx += FRAME_MS * NS_PER_MS;
        }

      /* Starved for long: start afresh rather than send a burst. */
      if (now - s->next_tx > 100 * NS_PER_MS)
        s->next_tx = now + FRAME_MS * NS_PER_MS;

      next = MIN (next, s->next_tx);
    }

  for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
    if (rtp->batch[side].n)
      batch_flush (rtp, side);

  return next;
}

static void
on_packet (BenchRtp                 *rtp,
           BenchRtpSide              side,
           const struct sockaddr_in *from,
           const guint8             *p,
           gsize                     len,
           gint64                    arrival,
           gint64                    now)
{
  guint key = source_key (side, ntohs (from->sin_port));
  Stream *s = g_hash_table_lookup (rtp->by_source, GUINT_TO_POINTER (key));
  guint32 ts, id, frame;
  gsize hdr;

  if (s && (!s->active || now - s->last_rx > IDLE_STOP_MS * NS_PER_MS))
    {
      /* The port is the same but the call is new. */
      s->active = FALSE;
      g_hash_table_remove (rtp->by_source, GUINT_TO_POINTER (key));
      s = NULL;
    }

  if (!s)
    s = stream_new (rtp, side, from, now);

  s->last_rx = now;
  s->win_received++;
  if (!s->win_first_arrival)
    s->win_first_arrival = arrival;
  s->win_last_arrival = arrival;

  if (len < RTP_HDR || (p[0] >> 6) != 2)
    return;

  hdr = RTP_HDR + 4 * (p[0] & 0x0f);
  if ((p[0] & 0x10) && len >= hdr + 4)
    hdr += 4 + 4 * (((gsize) p[hdr + 2] << 8) | p[hdr + 3]);
  if (len <= hdr)
    return;

  ts = ((guint32) p[4] << 24) | ((guint32) p[5] << 16) | ((guint32) p[6] << 8) | p[7];

  /* RFC 3550 6.4.1, in nanoseconds (8 kHz: 125 µs a sample). */
  if (s->rx_have)
    {
      rtp->max_gap = MAX (rtp->max_gap, arrival - s->rx_last_arrival);
      double d = (double) (arrival - s->rx_last_arrival)
                 - (double) (gint32) (ts - s->rx_last_ts) * 125000.0;

      s->jitter_ns += (fabs (d) - s->jitter_ns) / 16.0;
      s->win_jitter_sum += s->jitter_ns;
      s->win_jitter_n++;
    }
  s->rx_have = TRUE;
  s->rx_last_ts = ts;
  s->rx_last_arrival = arrival;

  if (!tag_get (p + hdr, len - hdr, &id, &frame))
    {
      if (s->seen_tagged)
        s->win_underruns++;
      return;
    }

  s->seen_tagged = TRUE;

  {
    Stream *src = g_hash_table_lookup (rtp->by_id, GUINT_TO_POINTER (id));
    gint64 transit;

    if (!src)
      return;

    if (!src->win_have)
      {
        src->win_have = TRUE;
        src->win_first = src->win_max = frame;
      }
    else if ((gint32) (frame - src->win_max) > 0)
      src->win_max = frame;
    else if ((gint32) (frame - src->win_first) < 0)
      src->win_first = frame;
    src->win_count++;

    if (src->tx_frame[frame % TX_RING] != frame)
      return;

    transit = arrival - src->tx_time[frame % TX_RING];
    if (!s->have_transit || transit < s->min_transit)
      s->min_transit = transit;
    if (s->have_transit)
      {
        s->e2e_jitter_ns += (fabs ((double) (transit - s->last_transit)) - s->e2e_jitter_ns) / 16.0;
        s->win_e2e_sum += s->e2e_jitter_ns;
        s->win_e2e_n++;
      }
    s->have_transit = TRUE;
    s->last_transit = transit;

    hist_add (&rtp->transit, transit);
    hist_add (&rtp->delay_var, transit - s->min_transit);
    if (transit - s->min_transit > LATE_MS * NS_PER_MS)
      src->win_late++;
  }
}

static void
receive_all (BenchRtp     *rtp,
             BenchRtpSide  side,
             gint64        now)
{
  static __thread guint8 bufs[64][2048];
  static __thread char ctrl[64][128];
  static __thread struct sockaddr_in from[64];
  struct mmsghdr msgs[64];
  struct iovec iov[64];

  for (guint round = 0; round < 64; round++)
    {
      int n;

      for (guint i = 0; i < 64; i++)
        {
          iov[i].iov_base = bufs[i];
          iov[i].iov_len = sizeof (bufs[i]);
          memset (&msgs[i], 0, sizeof (msgs[i]));
          msgs[i].msg_hdr.msg_name = &from[i];
          msgs[i].msg_hdr.msg_namelen = sizeof (from[i]);
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_control = ctrl[i];
          msgs[i].msg_hdr.msg_controllen = sizeof (ctrl[i]);
        }

      n = recvmmsg (rtp->fd[side], msgs, 64, MSG_DONTWAIT, NULL);
      if (n <= 0)
        return;

      for (int i = 0; i < n; i++)
        {
          gint64 arrival = 0;

          for (struct cmsghdr *c = CMSG_FIRSTHDR (&msgs[i].msg_hdr); c;
               c = CMSG_NXTHDR (&msgs[i].msg_hdr, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
              {
                struct timespec ts;

                memcpy (&ts, CMSG_DATA (c), sizeof (ts));
                arrival = (gint64) ts.tv_sec * 1000000000LL + ts.tv_nsec;
              }

          if (!arrival)
            arrival = now_ns (CLOCK_REALTIME);

          on_packet (rtp, side, &from[i], bufs[i], msgs[i].msg_len, arrival, now);
        }

      if (n < 64)
        return;
    }
}

static void
expire (BenchRtp *rtp,
        gint64    now)
{
  GHashTableIter iter;
  gpointer value;
  GPtrArray *gone = g_ptr_array_new ();
  guint active = 0;

  g_hash_table_iter_init (&iter, rtp->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Stream *s = value;

      if (s->active && now - s->last_rx > IDLE_STOP_MS * NS_PER_MS)
        s->active = FALSE;
      if (!s->active && now - s->last_rx > IDLE_FREE_MS * NS_PER_MS)
        g_ptr_array_add (gone, s);
      if (s->active)
        active++;
    }

  for (guint i = 0; i < gone->len; i++)
    stream_retire (rtp, g_ptr_array_index (gone, i));
  g_ptr_array_free (gone, TRUE);
  rtp->active = active;
}

static gpointer
rtp_thread (gpointer data)
{
  BenchRtp *rtp = data;
  gint64 next_expire = 0;

  while (!g_atomic_int_get (&rtp->stop))
    {
      struct pollfd pfd[BENCH_RTP_N_SIDES];
      struct timespec timeout;
      gint64 now = now_ns (CLOCK_MONOTONIC);
      gint64 next, wait;

      g_mutex_lock (&rtp->lock);
      next = send_due (rtp, now);
      if (now >= next_expire)
        {
          expire (rtp, now);
          next_expire = now + 100 * NS_PER_MS;
        }
      g_mutex_unlock (&rtp->lock);

      wait = CLAMP (next - now_ns (CLOCK_MONOTONIC), 0, 5 * NS_PER_MS);
      timeout.tv_sec = 0;
      timeout.tv_nsec = wait;
      for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
        {
          pfd[side].fd = rtp->fd[side];
          pfd[side].events = POLLIN;
          pfd[side].revents = 0;
        }

      if (ppoll (pfd, BENCH_RTP_N_SIDES, &timeout, NULL) <= 0)
        continue;

      now = now_ns (CLOCK_MONOTONIC);
      g_mutex_lock (&rtp->lock);
      for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
        if (pfd[side].revents & POLLIN)
          receive_all (rtp, side, now);
      g_mutex_unlock (&rtp->lock);
    }

  return NULL;
}

static int
open_socket (guint   *port,
             GError **error)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof (sin);
  int size = SOCKBUF, on = 1;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  if (fd < 0)
    goto fail;

  /* A tick of the PBX sends every leg at once: hundreds of packets land
   * together, more than the default buffer holds. FORCE works as root. */
  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof (size)) < 0)
    (void) setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof (size));
  if (setsockopt (fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof (size)) < 0)
    (void) setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof (size));
  (void) setsockopt (fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof (on));

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &sin, sizeof (sin)) < 0
      || getsockname (fd, (struct sockaddr *) &sin, &len) < 0)
    goto fail;

  *port = ntohs (sin.sin_port);
  return fd;

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "RTP socket: %s",
               g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return -1;
}

BenchRtp *
bench_rtp_new (GError **error)
{
  BenchRtp *rtp = g_new0 (BenchRtp, 1);
  /* Caller 400 Hz, operator 1 kHz: whole periods in 160 samples. */
  const double freq[BENCH_RTP_N_SIDES] = { 400.0, 1000.0 };

  g_mutex_init (&rtp->lock);
  rtp->by_source = g_hash_table_new (NULL, NULL);
  rtp->by_id = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
    {
      rtp->fd[side] = -1;
      for (int i = 0; i < FRAME_BYTES; i++)
        rtp->tone[side][i] = ulaw_encode ((int) (8000.0 * sin (2 * G_PI * freq[side] * i
                                                               / 8000.0)));
    }

  for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
    if ((rtp->fd[side] = open_socket (&rtp->port[side], error)) < 0)
      {
        bench_rtp_free (rtp);
        return NULL;
      }

  rtp->thread = g_thread_new ("bench-rtp", rtp_thread, rtp);
  return rtp;
}

void
bench_rtp_free (BenchRtp *rtp)
{
  if (!rtp)
    return;

  if (rtp->thread)
    {
      g_atomic_int_set (&rtp->stop, 1);
      g_thread_join (rtp->thread);
    }

  for (int side = 0; side < BENCH_RTP_N_SIDES; side++)
    if (rtp->fd[side] >= 0)
      close (rtp->fd[side]);

  g_hash_table_unref (rtp->by_source);
  g_hash_table_unref (rtp->by_id);
  g_mutex_clear (&rtp->lock);
  g_free (rtp);
}

guint
bench_rtp_get_port (BenchRtp     *rtp,
                    BenchRtpSide  side)
{
  return rtp->port[side];
}

guint
bench_rtp_active_legs (BenchRtp *rtp)
{
  guint n;

  g_mutex_lock (&rtp->lock);
  n = rtp->active;
  g_mutex_unlock (&rtp->lock);
  return n;
}

void
bench_rtp_window_start (BenchRtp *rtp)
{
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&rtp->lock);
  g_hash_table_iter_init (&iter, rtp->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    stream_window_reset (value);
  memset (&rtp->retired, 0, sizeof (rtp->retired));
  memset (&rtp->transit, 0, sizeof (rtp->transit));
  memset (&rtp->delay_var, 0, sizeof (rtp->delay_var));
  memset (&rtp->send_late, 0, sizeof (rtp->send_late));
  rtp->max_gap = 0;
  g_mutex_unlock (&rtp->lock);
}

void
bench_rtp_window_read (BenchRtp      *rtp,
                       BenchRtpStats *stats)
{
  Accum acc;
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&rtp->lock);
  acc = rtp->retired;
  g_hash_table_iter_init (&iter, rtp->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    stream_fold (value, &acc);

  memset (stats, 0, sizeof (*stats));
  stats->streams = acc.streams;
  stats->tagged_streams = acc.tagged_streams;
  stats->sent = acc.sent;
  stats->received = acc.received;
  stats->expected = acc.expected;
  stats->lost = acc.lost;
  stats->late = acc.late;
  stats->clock_expected = acc.clock_expected;
  stats->clock_missing = acc.clock_missing;
  stats->clock_missing_pct = acc.clock_expected ? 100.0 * acc.clock_missing / acc.clock_expected
                                                 : 0;
  stats->underruns = acc.underruns;
  stats->loss_pct = acc.expected ? 100.0 * acc.lost / acc.expected : 0;
  stats->jitter_mean_ms = acc.streams ? acc.jitter_sum / acc.streams : 0;
  stats->jitter_max_ms = acc.jitter_max;
  stats->e2e_jitter_mean_ms = acc.tagged_streams ? acc.e2e_sum / acc.tagged_streams : 0;
  stats->e2e_jitter_max_ms = acc.e2e_max;
  stats->transit_p50_ms = hist_percentile (&rtp->transit, 50);
  stats->transit_p99_ms = hist_percentile (&rtp->transit, 99);
  stats->delay_var_p50_ms = hist_percentile (&rtp->delay_var, 50);
  stats->delay_var_p99_ms = hist_percentile (&rtp->delay_var, 99);
  stats->delay_var_max_ms = hist_max (&rtp->delay_var);
  stats->send_late_p99_ms = hist_percentile (&rtp->send_late, 99);
  stats->max_gap_ms = rtp->max_gap / 1e6;
  g_mutex_unlock (&rtp->lock);
}
