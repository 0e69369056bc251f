/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-dtmf"

#include "config.h"

#include "desk-pbx-call-private.h"

#include <string.h>

/* Digits reach us two ways: RFC 4733 telephone-events (libre's telev, which
 * reports an event once when it starts and once when it ends) and tones in
 * the audio itself (librem's Goertzel detector). A phone that sends events
 * may also leave the tones in its audio, which would report every digit
 * twice; so once a leg has sent one event, its audio is no longer probed.
 *
 * Collection for an IVR lives here too: up to N digits, an optional
 * terminator, and a timeout that restarts with each digit.
 *
 * The other way, a leg sends RFC 4733 events of its own: events relayed
 * from the leg it is bridged to (an operator keying into a bank's IVR on
 * the far side), and digits the office queues for it. Queued digits are
 * paced by the media clock: each is held DIGIT_TICKS and followed by a
 * pause, as a person keying them would be, because IVRs on the far side
 * drop digits that come too fast. */

enum {
  DIGIT_TICKS = 5,        /* 100 ms held down */
  PAUSE_TICKS = 6,        /* 120 ms: the end's three packets, then quiet */
};

struct pbx_dtmf {
  struct telev *telev;
  struct dtmf_dec *dec;
  bool events_seen;
  pbx_digit_h *digith;
  pbx_telev_h *televh;
  void *arg;

  struct telev *tx;
  char out[PBX_DTMF_QUEUE_MAX + 1];   /* digits still to send */
  size_t out_n;
  uint32_t out_ticks;     /* until the key goes up, or the next one down */
  bool out_down;
  bool relay_down;        /* a relayed event started and has not ended */
};

static void
dtmf_destructor (void *arg)
{
  struct pbx_dtmf *d = arg;

  mem_deref (d->telev);
  mem_deref (d->tx);
  mem_deref (d->dec);
}

static void
on_inband (char  digit,
           void *arg)
{
  struct pbx_dtmf *d = arg;

  if (d->events_seen)
    return;

  d->digith (digit, false, d->arg);
}

int
pbx_dtmf_alloc (struct pbx_dtmf **dp,
                pbx_digit_h      *digith,
                void             *arg)
{
  struct pbx_dtmf *d;
  int err;

  d = mem_zalloc (sizeof (*d), dtmf_destructor);
  if (!d)
    return ENOMEM;

  d->digith = digith;
  d->arg = arg;

  err = telev_alloc (&d->telev, 20);
  if (err)
    goto out;

  /* Polled once a tick of the media clock (desk-pbx-call.c). */
  err = telev_alloc (&d->tx, DESK_PBX_FRAME_SAMPLES * 1000 / DESK_PBX_RATE);
  if (err)
    goto out;

  err = dtmf_dec_alloc (&d->dec, DESK_PBX_RATE, 1, on_inband, d);

out:
  if (err)
    mem_deref (d);
  else
    *dp = d;

  return err;
}

void
pbx_dtmf_event (struct pbx_dtmf *d,
                struct mbuf     *payload)
{
  int event, digit;
  bool end;

  if (telev_recv (d->telev, payload, &event, &end))
    return;

  d->events_seen = true;

  if (d->televh)
    d->televh (event, end, d->arg);

  /* Reported at the start: an IVR should react to a key as it is pressed. */
  if (end)
    return;

  digit = telev_code2digit (event);
  if (digit < 0)
    return;     /* flash and the other non-digit events */

  d->digith ((char) digit, true, d->arg);
}

void
pbx_dtmf_probe (struct pbx_dtmf *d,
                const int16_t   *pcm,
                size_t           n)
{
  if (!d->events_seen)
    dtmf_dec_probe (d->dec, pcm, n);
}

void
pbx_dtmf_set_relay (struct pbx_dtmf *d,
                    pbx_telev_h     *televh)
{
  d->televh = televh;
}

int
pbx_dtmf_send_event (struct pbx_dtmf *d,
                     int              event,
                     bool             end)
{
  /* An end without its start (the leg was bridged mid-event) would be
   * read as an event of its own. */
  if (end && !d->relay_down)
    return 0;

  d->relay_down = !end;
  return telev_send (d->tx, event, end);
}

int
pbx_dtmf_queue (struct pbx_dtmf *d,
                const char      *digits)
{
  size_t n = strlen (digits);

  for (size_t i = 0; i < n; i++)
    if (telev_digit2code ((unsigned char) digits[i]) < 0)
      return EINVAL;

  if (d->out_n + n > PBX_DTMF_QUEUE_MAX)
    return ENOSPC;

  memcpy (d->out + d->out_n, digits, n);
  d->out_n += n;
  d->out[d->out_n] = '\0';
  return 0;
}

/* One tick of queued digits: a key goes down, stays, goes up, pauses. */
static void
pace_digits (struct pbx_dtmf *d)
{
  if (d->out_ticks > 0 && --d->out_ticks > 0)
    return;

  if (d->out_down)
    {
      (void) telev_send (d->tx, telev_digit2code ((unsigned char) d->out[0]), true);
      memmove (d->out, d->out + 1, d->out_n);
      d->out_n--;
      d->out_down = false;
      d->out_ticks = PAUSE_TICKS;
      return;
    }

  if (d->out_n == 0)
    return;

  (void) telev_send (d->tx, telev_digit2code ((unsigned char) d->out[0]), false);
  d->out_down = true;
  d->out_ticks = DIGIT_TICKS;
}

int
pbx_dtmf_poll (struct pbx_dtmf *d,
               bool            *marker,
               struct mbuf     *mb)
{
  pace_digits (d);
  return telev_poll (d->tx, marker, mb);
}

/* Only an operator's phone is relayed, and only to a party from outside:
 * a caller keying at an operator means nothing to the operator's phone,
 * and two colleagues need no tones between them. */
void
pbx_call_relay_telev (int   event,
                      bool  end,
                      void *arg)
{
  struct pbx_call *call = arg;
  struct pbx_call *peer = call->peer;

  if (call->state == CALL_ENDED || !call->user || !peer || peer->user
      || peer->state == CALL_ENDED)
    return;

  (void) pbx_dtmf_send_event (pbx_media_dtmf (peer->media), event, end);
}

void
pbx_call_send_digits (struct pbx_call *call,
                      const char      *digits)
{
  int err = pbx_dtmf_queue (pbx_media_dtmf (call->media), digits);

  if (err)
    g_message ("Cannot send the digits to call %u: %s", call->id, g_strerror (err));
}

static void
collect_done (struct pbx_collect *c,
              const char         *why)
{
  char digits[sizeof (c->digits)];

  memcpy (digits, c->digits, sizeof (digits));
  pbx_collect_stop (c);

  /* The handler may start the next collection. */
  c->doneh (digits, why, c->arg);
}

static void
collect_timeout (void *arg)
{
  collect_done (arg, "timeout");
}

void
pbx_collect_start (struct pbx_collect *c,
                   uint32_t            max,
                   uint32_t            timeout_ms,
                   char                terminator,
                   pbx_collected_h    *doneh,
                   void               *arg)
{
  pbx_collect_stop (c);

  c->max = max ? MIN (max, (uint32_t) sizeof (c->digits) - 1) : (uint32_t) sizeof (c->digits) - 1;
  c->terminator = terminator;
  c->timeout_ms = timeout_ms;
  c->doneh = doneh;
  c->arg = arg;
  c->active = true;

  if (timeout_ms)
    tmr_start (&c->tmr, timeout_ms, collect_timeout, c);
}

void
pbx_collect_digit (struct pbx_collect *c,
                   char                digit)
{
  if (!c->active)
    return;

  if (c->terminator && digit == c->terminator)
    {
      collect_done (c, "terminator");
      return;
    }

  c->digits[c->n++] = digit;
  c->digits[c->n] = '\0';

  if (c->n >= c->max)
    {
      collect_done (c, "max");
      return;
    }

  if (c->timeout_ms)
    tmr_start (&c->tmr, c->timeout_ms, collect_timeout, c);
}

void
pbx_collect_stop (struct pbx_collect *c)
{
  tmr_cancel (&c->tmr);
  memset (c->digits, 0, sizeof (c->digits));
  c->n = 0;
  c->active = false;
}
