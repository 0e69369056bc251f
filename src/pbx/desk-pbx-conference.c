/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-conference"

#include "config.h"

#include "desk-pbx-call-private.h"

#include <string.h>

/* Conferences: legs mixed with librem's aumix, each member hearing all the
 * others and not itself.
 *
 * An operator with two legs, one bridged to a customer and one (the
 * consultation) to a colleague, makes the three of them one conference:
 * the customer, the colleague, and the operator on the consultation leg.
 * The operator's first leg ends ("conference"): kept, it would bring the
 * operator's own voice back to them. When a member leaves, the others stay
 * together; when one is left alone, its call ends too, as a bridged call
 * does. Bridging or unbridging a member takes it out of the conference.
 *
 * aumix mixes in a thread of its own and calls our frame handler from
 * there, with its lock held. libre is single-threaded (its reference counts
 * are not atomic), so the two threads meet only in plain sample rings under
 * a GMutex, one each way per member:
 *  - the media clock (PBX thread) writes what each member said this tick
 *    into its input ring, and reads what it hears from its output ring;
 *  - the mixer's thread, in the frame handler, writes the mix into the
 *    output ring and moves the input ring's next frame into the member's
 *    aumix source. That source's aubuf is thus only ever written and read
 *    in the mixer's thread, and libre objects only ever change hands with
 *    the mixer's own lock (aumix_source_alloc, _enable, mem_deref).
 *
 * aumix sums into 16 bits without clipping: each input is scaled by
 * 1/(members - 1) so that the sum of the others cannot wrap.
 *
 * The media path of a member is otherwise the same: a prompt played to it
 * goes first. A recording follows its leg as before; a recorded leg that
 * joins a conference has no peer any more, so its right channel is
 * silence from then on. */

enum {
  MIX_PTIME      = 20,
  RING_SAMPLES   = 16 * DESK_PBX_FRAME_SAMPLES,
  IN_MAX         = 5 * DESK_PBX_FRAME_SAMPLES,   /* beyond it, drop: latency */
  OUT_PRIME      = 2 * DESK_PBX_FRAME_SAMPLES,   /* before the first read */
  OUT_MAX        = 8 * DESK_PBX_FRAME_SAMPLES,
};

typedef struct
{
  int16_t s[RING_SAMPLES];
  size_t head;            /* oldest sample */
  size_t count;
} Ring;

struct pbx_conf {
  struct le le;
  struct pbx_calls *calls;
  struct aumix *mix;
  struct list members;
  uint32_t id;            /* for the log: the consultation leg's */
};

struct pbx_conf_member {
  struct le le;
  struct pbx_conf *conf;
  struct pbx_call *call;
  struct aumix_source *src;
  GMutex lock;            /* the rings, shared with the mixer's thread */
  Ring in;
  Ring out;
  bool primed;            /* PBX thread only */
};

/* Rings ----------------------------------------------------------------------- */

static void
ring_drop (Ring   *r,
           size_t  n)
{
  n = MIN (n, r->count);
  r->head = (r->head + n) % RING_SAMPLES;
  r->count -= n;
}

static void
ring_write (Ring          *r,
            const int16_t *s,
            size_t         n,
            size_t         max)
{
  if (r->count + n > max)
    ring_drop (r, r->count + n - max);

  for (size_t i = 0; i < n; i++)
    r->s[(r->head + r->count + i) % RING_SAMPLES] = s[i];
  r->count += n;
}

static bool
ring_read (Ring    *r,
           int16_t *s,
           size_t   n)
{
  if (r->count < n)
    return false;

  for (size_t i = 0; i < n; i++)
    s[i] = r->s[(r->head + i) % RING_SAMPLES];
  ring_drop (r, n);
  return true;
}

/* The mixer's thread ------------------------------------------------------- */

static void
on_mixed (const int16_t *sampv,
          size_t         sampc,
          void          *arg)
{
  struct pbx_conf_member *m = arg;
  int16_t next[DESK_PBX_FRAME_SAMPLES];
  bool have;

  if (sampc != DESK_PBX_FRAME_SAMPLES)
    return;

  g_mutex_lock (&m->lock);
  ring_write (&m->out, sampv, sampc, OUT_MAX);
  have = ring_read (&m->in, next, sampc);
  g_mutex_unlock (&m->lock);

  /* For the next round: the source's aubuf lives in this thread only. */
  if (have)
    (void) aumix_source_put (m->src, next, sampc);
}

/* The PBX thread ------------------------------------------------------------ */

static void
member_destructor (void *arg)
{
  struct pbx_conf_member *m = arg;

  /* Unlinks the source under the mixer's lock: the frame handler is not
   * running for it, nor will it again. */
  mem_deref (m->src);
  list_unlink (&m->le);
  if (m->call)
    m->call->member = NULL;
  g_mutex_clear (&m->lock);
}

static void
conf_destructor (void *arg)
{
  struct pbx_conf *conf = arg;

  list_flush (&conf->members);
  list_unlink (&conf->le);
  /* Joins the mixer's thread. */
  mem_deref (conf->mix);
}

static int
member_add (struct pbx_conf *conf,
            struct pbx_call *call)
{
  struct pbx_conf_member *m;
  int err;

  m = mem_zalloc (sizeof (*m), member_destructor);
  if (!m)
    return ENOMEM;

  g_mutex_init (&m->lock);
  m->conf = conf;
  list_append (&conf->members, &m->le, m);

  err = aumix_source_alloc (&m->src, conf->mix, on_mixed, m);
  if (err)
    {
      mem_deref (m);
      return err;
    }

  m->call = call;
  call->member = m;
  return 0;
}

static bool
talks (const struct pbx_call *call)
{
  if (call->state == CALL_ENDED || !pbx_media_ready (call->media))
    return false;

  return call->state == CALL_UP || (call->inbound && call->state == CALL_ANSWERING);
}

void
pbx_conf_tick (struct pbx_calls *calls)
{
  for (struct le *cle = calls->confl.head; cle; cle = cle->next)
    {
      struct pbx_conf *conf = cle->data;
      uint32_t n = list_count (&conf->members);
      int parts = n > 2 ? (int) n - 1 : 1;

      for (struct le *le = conf->members.head; le; le = le->next)
        {
          struct pbx_conf_member *m = le->data;
          int16_t frame[DESK_PBX_FRAME_SAMPLES] = { 0 };

          if (talks (m->call) && !m->call->held)
            {
              const int16_t *in = pbx_media_input (m->call->media);

              for (size_t i = 0; i < DESK_PBX_FRAME_SAMPLES; i++)
                frame[i] = (int16_t) (in[i] / parts);
            }

          g_mutex_lock (&m->lock);
          ring_write (&m->in, frame, DESK_PBX_FRAME_SAMPLES, IN_MAX);
          g_mutex_unlock (&m->lock);
        }
    }
}

const int16_t *
pbx_conf_output (struct pbx_call *call,
                 int16_t          frame[DESK_PBX_FRAME_SAMPLES])
{
  struct pbx_conf_member *m = call->member;
  bool have = false;

  g_mutex_lock (&m->lock);
  if (m->primed || m->out.count >= OUT_PRIME)
    have = ring_read (&m->out, frame, DESK_PBX_FRAME_SAMPLES);
  g_mutex_unlock (&m->lock);

  /* After a gap, let a little gather again before hearing it. */
  m->primed = have;
  return have ? frame : NULL;
}

void
pbx_conf_leave (struct pbx_call *call,
                uint16_t         code,
                const char      *reason)
{
  struct pbx_conf_member *m = call->member;
  struct pbx_conf *conf;
  struct pbx_call *last;

  if (!m)
    return;

  conf = m->conf;
  g_debug ("Call %u leaves conference %u", call->id, conf->id);
  mem_deref (m);

  if (list_count (&conf->members) >= 2)
    return;

  last = conf->members.head ? ((struct pbx_conf_member *) conf->members.head->data)->call : NULL;
  g_debug ("Conference %u is over", conf->id);
  mem_deref (conf);

  /* Alone, the last one's call is over too, as a bridged call's would be;
   * taken out by a command, it stays (and hears silence). */
  if (last && code)
    pbx_call_end (last, code, reason);
}

static void
conf_failed (struct pbx_calls *calls,
             uint32_t          id,
             uint16_t          code,
             const char       *reason)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  g_debug ("No conference for call %u: %s", id, reason);
  event->type = DESK_PBX_EVENT_CALL_TRANSFER_FAILED;
  event->call_id = id;
  event->code = code;
  event->text = g_strdup (reason);
  calls->eventh (event, calls->arg);
}

void
pbx_conf_command (struct pbx_calls   *calls,
                  DeskPbxCallCommand *cmd)
{
  struct pbx_call *a = pbx_call_find (calls, cmd->call_id);
  struct pbx_call *b = pbx_call_find (calls, cmd->other_id);
  struct pbx_call *legs[3];
  struct pbx_conf *conf;
  int err;

  if (!a || !b)
    {
      conf_failed (calls, cmd->call_id, 481, "no call");
      return;
    }

  if (a == b || !b->peer || b->peer == a || a->member || b->member)
    {
      conf_failed (calls, a->id, 403, "not bridged");
      return;
    }

  /* A consultation the office made: a is the caller, waiting alone while
   * the operator's leg b talks to the colleague; all three stay. */
  legs[0] = a->peer ? a->peer : a;
  legs[1] = b->peer;
  legs[2] = b;

  conf = mem_zalloc (sizeof (*conf), conf_destructor);
  if (!conf)
    {
      conf_failed (calls, a->id, 500, "failed");
      return;
    }
  conf->calls = calls;
  conf->id = b->id;

  err = aumix_alloc (&conf->mix, DESK_PBX_RATE, 1, MIX_PTIME);
  for (guint i = 0; !err && i < G_N_ELEMENTS (legs); i++)
    err = member_add (conf, legs[i]);
  if (err)
    {
      g_message ("Cannot make a conference: %s", g_strerror (err));
      mem_deref (conf);
      conf_failed (calls, a->id, 500, "failed");
      return;
    }

  list_append (&calls->confl, &conf->le, conf);
  g_debug ("Conference %u: calls %u, %u and %u; call %u leaves", conf->id, legs[0]->id,
           legs[1]->id, legs[2]->id, a->id);

  /* Out of their bridges (a's peer from a, b from its peer), into the mix. */
  pbx_call_unbridge (a);
  pbx_call_unbridge (b);
  for (struct le *le = conf->members.head; le; le = le->next)
    {
      struct pbx_conf_member *m = le->data;

      pbx_player_stop (&m->call->prompt);
      pbx_player_stop (&m->call->moh);
      aumix_source_enable (m->src, true);
    }

  if (legs[0] != a)
    pbx_call_end (a, DESK_PBX_CAUSE_NORMAL, "conference");
}

void
pbx_confs_close (struct pbx_calls *calls)
{
  list_flush (&calls->confl);
}
