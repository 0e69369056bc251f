/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-call"

#include "config.h"

#include "desk-pbx-call-private.h"
#include "desk-pbx-trunk-private.h"

#include <errno.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

/* Call legs. The engine is a back-to-back user agent: every SIP dialog is a
 * leg of its own, known to the office by a number, and two legs talk only
 * when the office bridges them.
 *
 * Inbound: an INVITE is accepted with 180 at once (sipsess_accept), the
 * office hears call-incoming and later answers (sipsess_answer, 200) or
 * rejects. A phone registered here must prove who it is (digest, the
 * registrar's credentials); anybody else is an outside caller, who may reach
 * the office but never leaves it (toll fraud).
 *
 * Outbound: ringing a user forks one INVITE to each phone registered for
 * it (or for several users: a ring group). The first 200 wins; the other
 * forks are cancelled.
 *
 * A leg is never freed inside one of its own sipsess handlers: libre still
 * uses the session when the handler returns. Ending a leg only marks it and
 * arms a 0 ms timer that frees it.
 *
 * The media clock: one 20 ms timer for all legs, kept on time against the
 * monotonic clock (libre's timers have 1 ms steps and would drift). Each
 * tick first pulls 20 ms of input from every leg, then sends every leg what
 * it should hear: its prompt, else its bridged peer (or music on hold if the
 * peer holds), else silence; and each leg's RTCP report when it is due.
 *
 * The clock is a timerfd in libre's poll set, not a libre timer: libre
 * 1.1.0 keeps its timers in one sorted list and inserts by walking it, and
 * SIP transactions keep timers for 32 s after they end, so under a steady
 * call rate that list holds thousands of timers. Re-arming a libre timer
 * every 20 ms, or one per leg for RTCP, walked all of them each time: at
 * 100 calls a second that walk was half the engine's time. Per-leg work
 * that recurs (RTCP, jitter buffer drain) rides on this tick instead. */


DeskPbxEvent *
pbx_call_event_new (DeskPbxEventType  type,
           struct pbx_call  *call)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  event->type = type;
  event->call_id = call->id;
  return event;
}

void
pbx_call_emit (struct pbx_call *call,
      DeskPbxEvent    *event)
{
  call->calls->eventh (event, call->calls->arg);
}

void
pbx_call_emit_simple (struct pbx_call  *call,
             DeskPbxEventType  type)
{
  pbx_call_emit (call, pbx_call_event_new (type, call));
}

static void
call_destructor (void *arg)
{
  struct pbx_call *call = arg;

  tmr_cancel (&call->tmr_ring);
  tmr_cancel (&call->tmr_free);
  pbx_collect_stop (&call->collect);
  pbx_player_stop (&call->prompt);
  pbx_player_stop (&call->moh);
  mem_deref (call->rec);
  list_unlink (&call->le);

  if (call->peer)
    call->peer->peer = NULL;

  /* libre sends what fits: 486 or 487 before an answer, BYE after. */
  mem_deref (call->sess);
  list_flush (&call->forks);
  mem_deref (call->media);
  mem_deref (call->user);
}

static void
call_free_later (void *arg)
{
  mem_deref (arg);
}

static struct pbx_call *
call_find (struct pbx_calls *calls,
           uint32_t          id)
{
  for (struct le *le = calls->calll.head; le; le = le->next)
    {
      struct pbx_call *call = le->data;

      if (call->id == id && call->state != CALL_ENDED)
        return call;
    }

  return NULL;
}

static void
unbridge (struct pbx_call *call)
{
  struct pbx_call *peer = call->peer;

  if (!peer)
    return;

  peer->peer = NULL;
  call->peer = NULL;
  call->outlives_peer = peer->outlives_peer = false;
  pbx_player_stop (&peer->moh);
  pbx_player_stop (&call->moh);
}

/* Ends a leg: tells the office, ends its bridged peer too (a bridged call is
 * one conversation; the office unbridges first to keep a leg), and frees it
 * after the current handler. */
void
pbx_call_end (struct pbx_call *call,
          uint16_t         code,
          const char      *reason)
{
  struct pbx_call *peer;
  DeskPbxEvent *event;

  if (call->state == CALL_ENDED)
    return;

  /* A transfer may keep the peer of a leaving referrer; a conference keeps
   * its other members (desk-pbx-transfer.c, desk-pbx-conference.c). */
  pbx_transfer_ending (call);
  pbx_conf_leave (call, code, reason);
  peer = call->peer && !call->peer->outlives_peer ? call->peer : NULL;

  g_debug ("Call %u ended: %u %s", call->id, code, reason);
  call->state = CALL_ENDED;
  pbx_guard_done (pbx_engine_guard (call->calls->arg), call->id);
  /* A recording ends with the leg it belongs to (desk-pbx-record.c). */
  call->rec = mem_deref (call->rec);
  unbridge (call);
  pbx_collect_stop (&call->collect);
  pbx_player_stop (&call->prompt);
  tmr_cancel (&call->tmr_ring);

  event = pbx_call_event_new (DESK_PBX_EVENT_CALL_ENDED, call);
  event->code = code;
  event->text = g_strdup (reason);
  pbx_call_emit (call, event);

  tmr_start (&call->tmr_free, 0, call_free_later, call);

  if (peer)
    pbx_call_end (peer, code, reason);
}

static void
on_digit (char  digit,
          bool  rfc4733,
          void *arg)
{
  struct pbx_call *call = arg;
  DeskPbxEvent *event;

  if (call->state == CALL_ENDED)
    return;

  event = pbx_call_event_new (DESK_PBX_EVENT_DIGIT, call);
  event->digit = digit;
  event->text = g_strdup (rfc4733 ? "rfc4733" : "inband");
  pbx_call_emit (call, event);

  pbx_collect_digit (&call->collect, digit);
}

static void
on_collected (const char *digits,
              const char *why,
              void       *arg)
{
  struct pbx_call *call = arg;
  DeskPbxEvent *event = pbx_call_event_new (DESK_PBX_EVENT_DIGITS_COLLECTED, call);

  event->text = g_strdup (digits);
  event->detail = g_strdup (why);
  pbx_call_emit (call, event);
}

int
pbx_call_alloc (struct pbx_call  **callp,
            struct pbx_calls  *calls,
            bool               inbound,
            const struct sa   *laddr)
{
  struct pbx_call *call;
  int err;

  call = mem_zalloc (sizeof (*call), call_destructor);
  if (!call)
    return ENOMEM;

  call->calls = calls;
  call->inbound = inbound;
  call->state = CALL_RINGING;
  call->id = calls->idh (calls->arg);
  list_append (&calls->calll, &call->le, call);

  err = pbx_media_alloc (&call->media, laddr, on_digit, call);
  if (err)
    {
      mem_deref (call);
      return err;
    }

  pbx_dtmf_set_relay (pbx_media_dtmf (call->media), pbx_call_relay_telev);
  *callp = call;

  return err;
}

/* Both directions of a session: the remote side offers (a re-INVITE) ... */
int
pbx_call_offer (struct mbuf         **descp,
          const struct sip_msg *msg,
          void                 *arg)
{
  struct pbx_call *call = arg;
  bool held;
  int err;

  if (mbuf_get_left (msg->mb) == 0)
    return pbx_media_offer (call->media, descp);

  err = pbx_media_decode (call->media, msg->mb, true);
  if (err)
    return err;

  err = pbx_media_answer (call->media, descp);
  if (err)
    return err;

  held = pbx_media_remote_holds (call->media);
  if (held != call->held && call->state == CALL_UP)
    {
      call->held = held;
      g_debug ("Call %u %s", call->id, held ? "holds" : "resumes");
      pbx_call_emit_simple (call, held ? DESK_PBX_EVENT_CALL_HELD : DESK_PBX_EVENT_CALL_RESUMED);
    }

  return 0;
}

/* ... or answers our offer (in an ACK, or in a 200 to our INVITE). */
static int
on_answer (const struct sip_msg *msg,
           void                 *arg)
{
  struct pbx_call *call = arg;

  return pbx_media_decode (call->media, msg->mb, false);
}

void
pbx_call_established (const struct sip_msg *msg,
                void                 *arg)
{
  struct pbx_call *call = arg;
  DeskPbxEvent *event;

  if (call->state == CALL_ENDED)
    return;

  call->state = CALL_UP;
  event = pbx_call_event_new (DESK_PBX_EVENT_CALL_ANSWERED, call);
  event->user = g_strdup (call->user);
  pbx_call_emit (call, event);

  pbx_transfer_answered (call);
}

void
pbx_call_close (int                   err,
          const struct sip_msg *msg,
          void                 *arg)
{
  struct pbx_call *call = arg;

  if (msg && msg->scode >= 300)
    pbx_call_end (call, msg->scode, "failed");
  else if (err == ETIMEDOUT)
    pbx_call_end (call, 408, "timeout");
  else if (call->state == CALL_RINGING)
    pbx_call_end (call, 487, "cancelled");
  else
    pbx_call_end (call, 200, "bye");
}

/* Inbound ------------------------------------------------------------------ */

static int
print_source (struct re_printf *pf,
              const struct sa  *sa)
{
  return re_hprintf (pf, "%J", sa);
}

/* Returns false when the INVITE has been answered (challenge, refusal);
 * *userp is the proven user or NULL for an outside caller. */
static bool
authenticate (struct pbx_calls     *calls,
              const struct sip_msg *msg,
              const char          **userp)
{
  bool has_creds = NULL != sip_msg_hdr (msg, SIP_HDR_AUTHORIZATION);

  *userp = NULL;

  /* A phone registered here is one of ours and must say who it is; the
   * decision rests on the source address, which tells a scanner nothing
   * about which users exist. */
  if (!has_creds && !pbx_registrar_user_at (calls->reg, &msg->src))
    return true;

  switch (pbx_auth_check (calls->auth, msg, &msg->from.uri.user))
    {
    case PBX_AUTH_OK:
      *userp = "";
      return true;
    case PBX_AUTH_CHALLENGE:
      (void) pbx_auth_reply_challenge (calls->auth, calls->sip, msg, false);
      return false;
    case PBX_AUTH_STALE:
      (void) pbx_auth_reply_challenge (calls->auth, calls->sip, msg, true);
      return false;
    case PBX_AUTH_FAILED:
    default:
      (void) sip_reply (calls->sip, msg, 403, "Forbidden");
      return false;
    }
}

/* Nobody in the office answered or rejected the call in time
 * (DeskPbxCallLimits in desk-pbx.h). */
static void
on_ring_timeout (void *arg)
{
  struct pbx_call *call = arg;

  if (!call->inbound || call->state != CALL_RINGING)
    return;

  g_message ("Call %u rang unanswered for too long", call->id);
  (void) sipsess_reject (call->sess, 480, "Temporarily Unavailable", "%s", PBX_ALLOW_HDR);
  pbx_call_end (call, 480, "ring-timeout");
}

static void
on_connect (const struct sip_msg *msg,
            void                 *arg)
{
  struct pbx_calls *calls = arg;
  struct pbx_call *call = NULL;
  struct pbx_call *replaced;
  struct mbuf *desc = NULL;
  const char *auth_user;
  DeskPbxEvent *event;
  struct pl did;
  bool has_body = mbuf_get_left (msg->mb) > 0;
  struct pbx_guard *guard = pbx_engine_guard (calls->arg);
  enum pbx_guard_class cls;
  int err;

  if (!authenticate (calls, msg, &auth_user))
    return;

  /* RFC 3891: one of the operator's phones takes over another's call. */
  if (pbx_transfer_invite_replaces (calls, msg, auth_user != NULL, &replaced))
    return;

  if (has_body && msg_ctype_cmp (&msg->ctyp, "application", "sdp") == false)
    {
      (void) sip_treplyf (NULL, NULL, calls->sip, msg, false, 415, "Unsupported Media Type",
                          "Accept: application/sdp\r\n"
                          "Content-Length: 0\r\n"
                          "\r\n");
      return;
    }

  /* Past the limits on ringing calls: 503, before any session or media
   * socket exists (desk-pbx-guard.c). */
  did = msg->uri.user;
  cls = auth_user ? PBX_GUARD_PHONE
        : pbx_trunk_inbound (calls->trunk, msg, &did) ? PBX_GUARD_TRUNK : PBX_GUARD_OUTSIDE;
  if (!pbx_guard_admit (guard, calls->sip, msg, cls))
    return;

  err = pbx_call_alloc (&call, calls, true, &msg->dst);
  if (err)
    {
      (void) sip_treply (NULL, calls->sip, msg, 500, "Server Internal Error");
      return;
    }

  if (has_body)
    {
      err = pbx_media_decode (call->media, msg->mb, true);
      if (err)
        {
          (void) sip_treply (NULL, calls->sip, msg, 488, "Not Acceptable Here");
          mem_deref (call);
          return;
        }
      call->offered = true;
    }

  if (auth_user)
    {
      err = pl_strdup (&call->user, &msg->from.uri.user);
      if (err)
        goto out;
    }

  /* A replacing call is answered at once: there is nothing to decide. */
  if (replaced)
    {
      err = call->offered ? pbx_media_answer (call->media, &desc)
                          : pbx_media_offer (call->media, &desc);
      if (err)
        goto out;
    }

  err = sipsess_accept (&call->sess, calls->sock, msg, replaced ? 200 : 180,
                        replaced ? "OK" : "Ringing", "frontdesk", "application/sdp", desc, NULL,
                        NULL, false, pbx_call_offer, on_answer, pbx_call_established, NULL,
                        pbx_transfer_refer, pbx_call_close, call, "%s", PBX_ALLOW_HDR);
  if (err)
    goto out;

  if (replaced)
    {
      call->state = CALL_ANSWERING;
      pbx_calls_tick_start (calls);
      pbx_transfer_replace (call, replaced);
      goto out;
    }

  /* Whoever calls, from the trunk or not, to whatever number, is only ever
   * presented to the office: the engine never routes a call to the trunk
   * (see desk-pbx-trunk-sip.c). A call from the trunk is for its DID. */
  did = msg->uri.user;
  event = pbx_call_event_new (DESK_PBX_EVENT_CALL_INCOMING, call);
  event->from_trunk = !auth_user && pbx_trunk_inbound (calls->trunk, msg, &did);
  event->from_uri = g_strdup_printf ("%.*s", (int) msg->from.auri.l, msg->from.auri.p);
  event->to_user = g_strdup_printf ("%.*s", (int) did.l, did.p);
  event->source = g_malloc (64);
  re_snprintf (event->source, 64, "%H", print_source, &msg->src);
  event->user = g_strdup (call->user);
  g_debug ("Call %u from %s to %s", call->id, event->from_uri, event->to_user);
  pbx_call_emit (call, event);
  pbx_calls_tick_start (calls);
  pbx_guard_ringing (guard, call->id, &msg->src, cls);
  tmr_start (&call->tmr_ring, pbx_guard_ring_ms (guard), on_ring_timeout, call);

out:
  mem_deref (desc);
  if (err)
    {
      /* libre refuses a request it cannot make a dialog of (no Contact, no
       * From tag): the request's fault. */
      if (err == EINVAL || err == EBADMSG)
        (void) sip_treply (NULL, calls->sip, msg, 400, "Bad Request");
      else
        (void) sip_treply (NULL, calls->sip, msg, 500, "Server Internal Error");
      mem_deref (call);
    }
}

/* Commands ----------------------------------------------------------------- */

static void
answer (struct pbx_call *call)
{
  struct mbuf *desc = NULL;
  int err;

  if (!call->inbound || call->state != CALL_RINGING)
    return;

  /* It no longer rings (desk-pbx-guard.c). */
  tmr_cancel (&call->tmr_ring);
  pbx_guard_done (pbx_engine_guard (call->calls->arg), call->id);

  err = call->offered ? pbx_media_answer (call->media, &desc)
                      : pbx_media_offer (call->media, &desc);
  if (!err)
    err = sipsess_answer (call->sess, 200, "OK", desc, "%s", PBX_ALLOW_HDR);
  mem_deref (desc);

  if (err)
    {
      g_message ("Cannot answer call %u: %s", call->id, g_strerror (err));
      pbx_call_end (call, 500, "failed");
      return;
    }

  call->state = CALL_ANSWERING;
}

static void
reject (struct pbx_call *call,
        uint16_t         code)
{
  if (call->inbound && call->state == CALL_RINGING)
    (void) sipsess_reject (call->sess, code, code == 486 ? "Busy Here" : "Rejected", "%s",
                           PBX_ALLOW_HDR);
  pbx_call_end (call, code, "rejected");
}

static void
hangup (struct pbx_call *call,
        uint16_t         code)
{
  if (call->inbound && call->state == CALL_RINGING)
    {
      reject (call, code >= 400 ? code : 480);
      return;
    }

  if (!call->inbound && call->state == CALL_RINGING)
    pbx_call_cancel_forks (call);

  pbx_call_end (call, code ? code : 200, "hangup");
}

static void
bridge (struct pbx_call *a,
        struct pbx_call *b)
{
  if (a == b || a->peer == b)
    return;

  unbridge (a);
  unbridge (b);
  a->peer = b;
  b->peer = a;

  /* Now they hear each other, not what was being played. */
  pbx_player_stop (&a->prompt);
  pbx_player_stop (&b->prompt);
}

struct pbx_call *
pbx_call_find (struct pbx_calls *calls,
               uint32_t          id)
{
  return call_find (calls, id);
}

void
pbx_call_bridge (struct pbx_call *a,
                 struct pbx_call *b)
{
  bridge (a, b);
}

void
pbx_call_unbridge (struct pbx_call *call)
{
  unbridge (call);
}

struct sipsess *
pbx_call_sess (const struct pbx_call *call)
{
  if (call->inbound)
    return call->sess;

  return call->winner ? call->winner->sess : NULL;
}

void
pbx_calls_command (struct pbx_calls   *calls,
                   DeskPbxCallCommand *cmd)
{
  struct pbx_call *call;

  if (cmd->op == DESK_PBX_CALL_RING)
    {
      pbx_calls_ring (calls, cmd);
      return;
    }

  if (cmd->op == DESK_PBX_CALL_DIAL_OUT)
    {
      pbx_trunk_dial (calls->trunk, calls, cmd);
      return;
    }

  if (pbx_transfer_handles (cmd->op))
    {
      pbx_transfer_command (calls, cmd);
      return;
    }

  if (cmd->op == DESK_PBX_CALL_SET_MOH)
    {
      g_clear_pointer (&calls->moh, g_bytes_unref);
      calls->moh = cmd->pcm ? g_bytes_ref (cmd->pcm) : NULL;
      return;
    }

  /* Recording commands also finish or find recordings of ended legs. */
  if (pbx_record_handles (cmd->op))
    {
      pbx_record_command (calls, call_find (calls, cmd->call_id), cmd);
      return;
    }

  call = call_find (calls, cmd->call_id);
  if (!call)
    {
      g_debug ("Command %d for call %u, which has ended", cmd->op, cmd->call_id);
      return;
    }

  switch (cmd->op)
    {
    case DESK_PBX_CALL_ANSWER:
      answer (call);
      break;

    case DESK_PBX_CALL_REJECT:
      reject (call, (uint16_t) cmd->code);
      break;

    case DESK_PBX_CALL_HANGUP:
      hangup (call, (uint16_t) cmd->code);
      break;

    case DESK_PBX_CALL_BRIDGE:
      {
        struct pbx_call *other = call_find (calls, cmd->other_id);

        if (other)
          {
            /* A conference member leaves it for the bridge. */
            pbx_conf_leave (call, 0, NULL);
            pbx_conf_leave (other, 0, NULL);
            bridge (call, other);
            call->outlives_peer = cmd->loop;
          }
      }
      break;

    case DESK_PBX_CALL_UNBRIDGE:
      pbx_conf_leave (call, 0, NULL);
      unbridge (call);
      break;

    case DESK_PBX_CALL_PLAY:
      pbx_player_start (&call->prompt, cmd->pcm, cmd->loop);
      break;

    case DESK_PBX_CALL_STOP_PLAYBACK:
      pbx_player_stop (&call->prompt);
      break;

    case DESK_PBX_CALL_COLLECT:
      pbx_collect_start (&call->collect, cmd->max_digits, cmd->timeout_ms, cmd->terminator,
                         on_collected, call);
      break;

    case DESK_PBX_CALL_SEND_DTMF:
      pbx_call_send_digits (call, cmd->number);
      break;

    default:
      g_critical ("Unknown call command %d", cmd->op);
      break;
    }
}

/* The media clock ----------------------------------------------------------- */

static bool
has_media (const struct pbx_call *call)
{
  if (call->state == CALL_ENDED || !pbx_media_ready (call->media))
    return false;

  return call->state == CALL_UP || (call->inbound && call->state == CALL_ANSWERING);
}

/* What a leg said this tick, NULL if it has no media. */
static const int16_t *
said (const struct pbx_call *call)
{
  return has_media (call) ? pbx_media_input (call->media) : NULL;
}

static void
send_frame (struct pbx_call *call)
{
  int16_t frame[DESK_PBX_FRAME_SAMPLES];
  const int16_t *out = NULL;
  struct pbx_call *peer = call->peer;

  if (pbx_media_remote_holds (call->media))
    return;

  if (pbx_player_active (&call->prompt))
    {
      if (pbx_player_read (&call->prompt, frame))
        out = frame;
      if (!pbx_player_active (&call->prompt))
        pbx_call_emit_simple (call, DESK_PBX_EVENT_PLAYBACK_FINISHED);
    }
  else if (call->member)
    {
      out = pbx_conf_output (call, frame);
    }
  else if (peer && peer->held)
    {
      if (!pbx_player_active (&call->moh) && call->calls->moh)
        pbx_player_start (&call->moh, call->calls->moh, true);
      if (pbx_player_read (&call->moh, frame))
        out = frame;
    }
  else if (peer && has_media (peer))
    {
      pbx_player_stop (&call->moh);
      out = pbx_media_input (peer->media);
    }

  pbx_media_send (call->media, out);
}

/* In-band tones are listened for where a key means something without a
 * conversation in the way: a leg that collects digits, or one that is not
 * talking to anybody (an IVR prompt, a queue). Talk over a bridge is never
 * probed: it costs a Goertzel bank on every leg at every tick (the largest
 * single cost at a few hundred calls), and voice can pass for a tone
 * (talk-off). RFC 4733 events are heard on every leg. */
static bool
listens_for_tones (const struct pbx_call *call)
{
  return call->collect.active || (!call->peer && !call->member);
}

static int
tick_arm (struct pbx_calls *calls,
          uint64_t          at_us)
{
  struct itimerspec its = { 0 };

  /* An absolute time in the past fires at once (after a stall); 0 would
   * disarm the timer instead. */
  at_us = MAX (at_us, 1);
  its.it_value.tv_sec = (time_t) (at_us / G_USEC_PER_SEC);
  its.it_value.tv_nsec = (long) (at_us % G_USEC_PER_SEC) * 1000;
  if (timerfd_settime (calls->tick_fd, TFD_TIMER_ABSTIME, &its, NULL))
    return errno;

  return 0;
}

static void
on_tick (struct pbx_calls *calls)
{
  /* CLOCK_MONOTONIC, as the timerfd's. */
  uint64_t now = (uint64_t) g_get_monotonic_time ();
  struct le *le;
  int err;

  if (list_isempty (&calls->calll))
    {
      calls->ticking = false;
      return;
    }

  for (le = calls->calll.head; le; le = le->next)
    {
      struct pbx_call *call = le->data;

      if (has_media (call))
        pbx_media_pull (call->media, listens_for_tones (call));
    }

  /* Both channels of a recording from this same tick: aligned to the
   * sample, whatever either leg's packets did. */
  for (le = calls->calll.head; le; le = le->next)
    {
      struct pbx_call *call = le->data;

      if (call->rec)
        pbx_rec_tick (call->rec, said (call), call->peer ? said (call->peer) : NULL);
    }

  pbx_conf_tick (calls);

  /* Sending may end a prompt and queue an event; it never ends a call, so
   * the list stays as it is while we walk it. */
  for (le = calls->calll.head; le; le = le->next)
    {
      struct pbx_call *call = le->data;

      if (has_media (call))
        {
          send_frame (call);
          pbx_media_rtcp_tick (call->media);
        }
    }

  calls->next_tick += TICK_US;
  /* After a stall (a suspended laptop) start afresh rather than race. */
  if (calls->next_tick + 10 * TICK_US < now)
    calls->next_tick = now + TICK_US;

  err = tick_arm (calls, calls->next_tick);
  if (err)
    {
      g_critical ("The media clock stopped: %s", g_strerror (err));
      calls->ticking = false;
    }
}

static void
on_tick_fd (int   flags,
            void *arg)
{
  struct pbx_calls *calls = arg;
  uint64_t expirations;

  /* Read to clear it; how many expired does not matter (one-shot). */
  if (read (calls->tick_fd, &expirations, sizeof (expirations)) < 0 && errno != EAGAIN)
    g_debug ("Reading the media clock: %s", g_strerror (errno));

  if (calls->ticking)
    on_tick (calls);
}

void
pbx_calls_tick_start (struct pbx_calls *calls)
{
  int err;

  if (calls->ticking)
    return;

  calls->next_tick = (uint64_t) g_get_monotonic_time () + TICK_US;
  err = tick_arm (calls, calls->next_tick);
  if (err)
    {
      g_critical ("Cannot start the media clock: %s", g_strerror (err));
      return;
    }
  calls->ticking = true;
}

static void
tick_stop (struct pbx_calls *calls)
{
  struct itimerspec off = { 0 };

  calls->ticking = false;
  if (calls->tick_fd >= 0)
    (void) timerfd_settime (calls->tick_fd, 0, &off, NULL);
}

/* Life ---------------------------------------------------------------------- */

void
pbx_calls_close (struct pbx_calls *calls)
{
  struct le *le;

  if (!calls)
    return;

  pbx_transfers_close (calls);
  pbx_confs_close (calls);

  for (le = calls->calll.head; le; le = le->next)
    hangup (le->data, 503);

  /* Freed now, not by their timers: the loop is about to stop. */
  while ((le = calls->calll.head))
    mem_deref (le->data);

  tick_stop (calls);
}

static void
calls_destructor (void *arg)
{
  struct pbx_calls *calls = arg;

  pbx_calls_close (calls);
  /* After the calls: their recordings are finished as the writer stops. */
  mem_deref (calls->recorder);
  g_clear_pointer (&calls->moh, g_bytes_unref);
  mem_deref (calls->sock);

  if (calls->tick_fd >= 0)
    {
      fd_close (calls->tick_fd);
      (void) close (calls->tick_fd);
    }
}

int
pbx_calls_alloc (struct pbx_calls     **callsp,
                 struct sip            *sip,
                 struct pbx_auth       *auth,
                 struct pbx_registrar  *reg,
                 pbx_callid_h          *idh,
                 pbx_event_h           *eventh,
                 void                  *arg)
{
  struct pbx_calls *calls;
  int err;

  calls = mem_zalloc (sizeof (*calls), calls_destructor);
  if (!calls)
    return ENOMEM;

  calls->sip = sip;
  calls->auth = auth;
  calls->reg = reg;
  calls->idh = idh;
  calls->eventh = eventh;
  calls->arg = arg;
  calls->tick_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (calls->tick_fd < 0)
    {
      err = errno;
      goto out;
    }

  err = fd_listen (calls->tick_fd, FD_READ, on_tick_fd, calls);
  if (err)
    {
      (void) close (calls->tick_fd);
      calls->tick_fd = -1;
      goto out;
    }

  err = sipsess_listen (&calls->sock, sip, SESS_HASH_SIZE, on_connect, calls);

out:
  if (err)
    mem_deref (calls);
  else
    *callsp = calls;

  return err;
}
