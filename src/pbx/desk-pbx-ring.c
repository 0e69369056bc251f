/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-ring"

#include "config.h"

#include "desk-pbx-call-private.h"

#include <string.h>

/* Outgoing legs to the office's own phones: one INVITE fork per registered
 * contact of each user rung (a ring group). The first 200 wins, the other
 * forks are cancelled; when every fork failed, the call ends with the most
 * telling failure. Forks live as long as their call: the winner's session
 * handlers keep getting its fork as their argument. */

static void
fork_destructor (void *arg)
{
  struct pbx_fork *fork = arg;

  tmr_cancel (&fork->tmr);
  list_unlink (&fork->le);
  mem_deref (fork->sess);
  mem_deref (fork->user);
}

static int
fork_offer (struct mbuf         **descp,
            const struct sip_msg *msg,
            void                 *arg)
{
  struct pbx_fork *fork = arg;

  return pbx_call_offer (descp, msg, fork->call);
}

static int
fork_answer (const struct sip_msg *msg,
             void                 *arg)
{
  struct pbx_fork *fork = arg;
  struct pbx_call *call = fork->call;

  /* Only the winner's answer counts; early media of the others is ignored. */
  if (msg->scode < 200 || (call->winner && call->winner != fork))
    return 0;

  return pbx_media_decode (call->media, msg->mb, false);
}

static void
fork_progress (const struct sip_msg *msg,
               void                 *arg)
{
  struct pbx_fork *fork = arg;
  struct pbx_call *call = fork->call;

  if (call->ringing_told || call->state != CALL_RINGING || msg->scode < 180)
    return;

  call->ringing_told = true;
  pbx_call_emit_simple (call, DESK_PBX_EVENT_CALL_RINGING);
}

static void
fork_drop_later (void *arg)
{
  struct pbx_fork *fork = arg;

  fork->sess = mem_deref (fork->sess);
}

void
pbx_call_cancel_forks (struct pbx_call *call)
{
  for (struct le *le = call->forks.head; le; le = le->next)
    {
      struct pbx_fork *fork = le->data;

      if (fork == call->winner || fork->ended)
        continue;

      fork->ended = true;
      tmr_start (&fork->tmr, 0, fork_drop_later, fork);
    }
}

static void
fork_established (const struct sip_msg *msg,
                  void                 *arg)
{
  struct pbx_fork *fork = arg;
  struct pbx_call *call = fork->call;

  if (call->state != CALL_RINGING || (call->winner && call->winner != fork))
    {
      /* A second phone answered at the same moment: hang it up. */
      fork->ended = true;
      tmr_start (&fork->tmr, 0, fork_drop_later, fork);
      return;
    }

  call->winner = fork;
  tmr_cancel (&call->tmr_ring);
  mem_deref (call->user);
  call->user = mem_ref (fork->user);
  pbx_call_cancel_forks (call);
  pbx_call_established (msg, call);
}

/* What the forks together say when none answered (RFC 3261 16.7, simply):
 * busy and decline win over the rest. */
static uint16_t
best_failure (const struct pbx_call *call)
{
  uint16_t best = 480;

  for (struct le *le = call->forks.head; le; le = le->next)
    {
      const struct pbx_fork *fork = le->data;

      if (fork->scode == 486 || fork->scode == 600 || fork->scode == 603)
        return fork->scode;
      if (fork->scode)
        best = fork->scode;
    }

  return best;
}

static void
fork_close (int                   err,
            const struct sip_msg *msg,
            void                 *arg)
{
  struct pbx_fork *fork = arg;
  struct pbx_call *call = fork->call;

  if (fork == call->winner)
    {
      pbx_call_close (err, msg, call);
      return;
    }

  fork->ended = true;
  fork->scode = msg && msg->scode >= 300 ? msg->scode : err == ETIMEDOUT ? 408 : 500;
  tmr_start (&fork->tmr, 0, fork_drop_later, fork);

  if (call->state != CALL_RINGING || call->winner)
    return;

  for (struct le *le = call->forks.head; le; le = le->next)
    if (!((struct pbx_fork *) le->data)->ended)
      return;

  pbx_call_end (call, best_failure (call), "failed");
}

/* A REFER from the phone that answered (desk-pbx-transfer.c). */
static void
fork_refer (struct sip           *sip,
            const struct sip_msg *msg,
            void                 *arg)
{
  struct pbx_fork *fork = arg;

  if (fork != fork->call->winner)
    {
      (void) sip_reply (sip, msg, 481, "Call/Transaction Does Not Exist");
      return;
    }

  pbx_transfer_refer (sip, msg, fork->call);
}

static void
ring_timeout (void *arg)
{
  struct pbx_call *call = arg;

  pbx_call_cancel_forks (call);
  pbx_call_end (call, 408, "no answer");
}

typedef struct
{
  struct pbx_call *call;
  const char *user;
  const char *caller_id;
  int err;
} RingCtx;

static void
ring_contact (const char      *uri,
              const struct sa *src,
              enum sip_transp  tp,
              void            *arg)
{
  RingCtx *ctx = arg;
  struct pbx_call *call = ctx->call;
  struct pbx_calls *calls = call->calls;
  struct pbx_fork *fork;
  struct mbuf *desc = NULL;
  struct sa laddr;
  struct uri curi;
  struct pl uri_pl;
  char from[160], route[128];
  const char *routev[1];
  uint32_t routec = 0;
  int err;

  if (list_count (&call->forks) >= RING_MAX_FORKS)
    return;

  fork = mem_zalloc (sizeof (*fork), fork_destructor);
  if (!fork)
    {
      ctx->err = ENOMEM;
      return;
    }
  fork->call = call;
  list_append (&call->forks, &fork->le, fork);

  err = str_dup (&fork->user, ctx->user);
  if (err)
    goto out;

  err = sip_transp_laddr (calls->sip, &laddr, tp, src);
  if (err)
    goto out;

  re_snprintf (from, sizeof (from), "sip:%s@%J", ctx->caller_id, &laddr);

  /* Behind NAT the Contact names a private address: send where the
   * REGISTER came from. The Route says so and stays out of the way when
   * both are the same. */
  pl_set_str (&uri_pl, uri);
  if (0 == uri_decode (&curi, &uri_pl))
    {
      struct sa dst;

      if (sa_set (&dst, &curi.host, curi.port ? curi.port : SIP_PORT)
          || !sa_cmp (&dst, src, SA_ALL))
        {
          /* sip_dialog_alloc () wraps it as "<route;lr>" itself. */
          re_snprintf (route, sizeof (route), "sip:%J%s", src,
                       tp == SIP_TRANSP_TCP ? ";transport=tcp" : "");
          routev[0] = route;
          routec = 1;
        }
    }

  err = pbx_media_offer (call->media, &desc);
  if (err)
    goto out;

  err = sipsess_connect (&fork->sess, calls->sock, uri, NULL, from, "frontdesk", routev, routec,
                         "application/sdp", desc, NULL, NULL, false, fork_offer, fork_answer,
                         fork_progress, fork_established, NULL, fork_refer, fork_close, fork, "%s",
                         PBX_ALLOW_HDR);

out:
  mem_deref (desc);
  if (err)
    {
      g_message ("Cannot ring %s at %s: %s", ctx->user, uri, g_strerror (err));
      mem_deref (fork);
      ctx->err = err;
    }
}

void
pbx_calls_ring (struct pbx_calls         *calls,
      const DeskPbxCallCommand *cmd)
{
  struct pbx_call *call;
  struct sa laddr;
  RingCtx ctx = { 0 };
  int err;

  /* The media address: the SIP one. With several, the first will do until
   * a fork answers from elsewhere (symmetric RTP takes care of return). */
  err = sip_transp_laddr (calls->sip, &laddr, SIP_TRANSP_UDP, NULL);
  if (err)
    sa_set_str (&laddr, "127.0.0.1", 0);

  err = pbx_call_alloc (&call, calls, false, &laddr);
  if (err)
    {
      DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

      event->type = DESK_PBX_EVENT_CALL_ENDED;
      event->call_id = cmd->call_id;
      event->code = 500;
      event->text = g_strdup ("failed");
      calls->eventh (event, calls->arg);
      return;
    }

  /* The facade chose the id, so that it can return it at once. */
  call->id = cmd->call_id;
  ctx.call = call;
  ctx.caller_id = cmd->caller_id ? cmd->caller_id : "frontdesk";

  for (guint i = 0; cmd->users && cmd->users[i]; i++)
    {
      ctx.user = cmd->users[i];
      (void) pbx_registrar_contacts (calls->reg, cmd->users[i], ring_contact, &ctx);
    }

  pbx_calls_tick_start (calls);

  if (list_isempty (&call->forks))
    {
      pbx_call_end (call, 480, "not registered");
      return;
    }

  tmr_start (&call->tmr_ring, (uint64_t) (cmd->code ? cmd->code : RING_DEFAULT_S) * 1000,
             ring_timeout, call);
}

