/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-dtmf"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <string.h>

/* Digits reach us two ways: RFC 4733 telephone-events (libre's telev, which
 * reports an event once when it starts and once when it ends) and tones in
 * the audio itself (librem's Goertzel detector). A phone that sends events
 * may also leave the tones in its audio, which would report every digit
 * twice; so once a leg has sent one event, its audio is no longer probed.
 *
 * Collection for an IVR lives here too: up to N digits, an optional
 * terminator, and a timeout that restarts with each digit. */

struct pbx_dtmf {
  struct telev *telev;
  struct dtmf_dec *dec;
  bool events_seen;
  pbx_digit_h *digith;
  void *arg;
};

static void
dtmf_destructor (void *arg)
{
  struct pbx_dtmf *d = arg;

  mem_deref (d->telev);
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
