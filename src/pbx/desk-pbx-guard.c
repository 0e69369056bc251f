/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-guard"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <sys/resource.h>

/* Limits on inbound calls that ring. Each costs a session and two media
 * sockets from the moment its INVITE is accepted until the office answers
 * or rejects it; without limits about 2,000 INVITEs that nobody answers use
 * up the engine's file descriptors, and then TCP and every new call fail.
 *
 * An INVITE past a limit gets 503 Service Unavailable with Retry-After
 * before any session or socket exists (pbx_guard_admit, called from the
 * INVITE entry in desk-pbx-call.c). Each admitted call is counted under its
 * source address until it stops ringing (pbx_guard_done). Phones that
 * proved who they are are not counted: a flood from outside must never keep
 * the operators from calling. The ring timeout itself is run by the call
 * (desk-pbx-call.c), with pbx_guard_ring_ms(). */

enum {
  FD_MAX_ENGINE  = 4096,    /* the engine's fd_setsize () */
  FD_RESERVE     = 256,     /* SIP sockets, TCP connections, recordings */
  FD_PER_CALL    = 4,       /* RTP and RTCP, and room for the leg it is bridged to */
  FD_CAP_MIN     = 16,
  LOG_INTERVAL_S = 10,
};

struct ringing {
  struct le le;
  uint32_t id;
  struct sa src;
  enum pbx_guard_class cls;
};

struct pbx_guard {
  DeskPbxCallLimits limits;
  uint32_t fd_cap;          /* total ringing calls the fds allow */
  struct list ringl;        /* struct ringing */
  uint32_t counted;         /* ringing calls of the outside and the trunk */
  uint64_t last_log;        /* tmr_jiffies () of the last refusal logged */
  uint32_t refused;         /* since then */
};

static void
guard_destructor (void *arg)
{
  struct pbx_guard *guard = arg;

  list_flush (&guard->ringl);
}

static uint32_t
fd_cap (void)
{
  struct rlimit rl;
  uint64_t fds = FD_MAX_ENGINE;

  if (0 == getrlimit (RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY)
    fds = MIN (fds, (uint64_t) rl.rlim_cur);

  return fds > FD_RESERVE + FD_CAP_MIN * FD_PER_CALL ? (uint32_t) ((fds - FD_RESERVE) / FD_PER_CALL)
                                                     : FD_CAP_MIN;
}

int
pbx_guard_alloc (struct pbx_guard        **guardp,
                 const DeskPbxCallLimits  *limits)
{
  struct pbx_guard *guard = mem_zalloc (sizeof (*guard), guard_destructor);

  if (!guard)
    return ENOMEM;

  guard->fd_cap = fd_cap ();
  pbx_guard_set_limits (guard, limits);
  *guardp = guard;
  return 0;
}

void
pbx_guard_set_limits (struct pbx_guard        *guard,
                      const DeskPbxCallLimits *limits)
{
  if (!guard)
    return;

  guard->limits = *limits;
  if (guard->limits.max_ringing > guard->fd_cap)
    {
      g_info ("At most %u inbound calls may ring at once, not %u: that many file descriptors",
              guard->fd_cap, guard->limits.max_ringing);
      guard->limits.max_ringing = guard->fd_cap;
    }
}

static uint32_t
count_source (const struct pbx_guard *guard,
              const struct sa        *src)
{
  uint32_t n = 0;

  for (struct le *le = guard->ringl.head; le; le = le->next)
    {
      const struct ringing *r = le->data;

      if (r->cls == PBX_GUARD_OUTSIDE && sa_cmp (&r->src, src, SA_ADDR))
        n++;
    }
  return n;
}

/* One line every LOG_INTERVAL_S at most, however hard the flood. */
static void
log_refusal (struct pbx_guard *guard,
             const struct sa  *src,
             const char       *why)
{
  uint64_t now = tmr_jiffies ();
  char addr[64];

  guard->refused++;
  if (guard->last_log && now < guard->last_log + LOG_INTERVAL_S * 1000)
    return;

  re_snprintf (addr, sizeof (addr), "%j", src);
  g_message ("Refused %u INVITE(s) with 503 Service Unavailable, the last from %s: %s",
             guard->refused, addr, why);
  guard->last_log = now;
  guard->refused = 0;
}

bool
pbx_guard_admit (struct pbx_guard     *guard,
                 struct sip           *sip,
                 const struct sip_msg *msg,
                 enum pbx_guard_class  cls)
{
  const char *why = NULL;
  char buf[96];

  if (!guard || cls == PBX_GUARD_PHONE)
    return true;

  /* A retransmission of an INVITE that already rings never gets here:
   * libre's server transaction absorbs it. */
  if (guard->counted >= guard->limits.max_ringing)
    {
      re_snprintf (buf, sizeof (buf), "%u inbound calls ring, the limit", guard->counted);
      why = buf;
    }
  else if (cls == PBX_GUARD_OUTSIDE
           && count_source (guard, &msg->src) >= guard->limits.max_ringing_per_source)
    {
      re_snprintf (buf, sizeof (buf), "%u calls from that address ring, the limit",
                   guard->limits.max_ringing_per_source);
      why = buf;
    }

  if (!why)
    return true;

  log_refusal (guard, &msg->src, why);
  (void) sip_treplyf (NULL, NULL, sip, msg, false, 503, "Service Unavailable",
                      "Retry-After: %u\r\n"
                      "Content-Length: 0\r\n"
                      "\r\n",
                      guard->limits.retry_after_seconds);
  return false;
}

void
pbx_guard_ringing (struct pbx_guard     *guard,
                   uint32_t              id,
                   const struct sa      *src,
                   enum pbx_guard_class  cls)
{
  struct ringing *r;

  if (!guard || cls == PBX_GUARD_PHONE)
    return;

  for (struct le *le = guard->ringl.head; le; le = le->next)
    if (((struct ringing *) le->data)->id == id)
      return;

  r = mem_zalloc (sizeof (*r), NULL);
  if (!r)
    return;
  r->id = id;
  r->src = *src;
  r->cls = cls;
  list_append (&guard->ringl, &r->le, r);
  guard->counted++;
}

void
pbx_guard_done (struct pbx_guard *guard,
                uint32_t          id)
{
  if (!guard)
    return;

  for (struct le *le = guard->ringl.head; le; le = le->next)
    {
      struct ringing *r = le->data;

      if (r->id != id)
        continue;
      list_unlink (&r->le);
      mem_deref (r);
      guard->counted--;
      return;
    }
}

uint32_t
pbx_guard_ring_ms (const struct pbx_guard *guard)
{
  return (guard ? guard->limits.ring_timeout_seconds
                : DESK_PBX_CALL_LIMITS_DEFAULT.ring_timeout_seconds) * 1000;
}
