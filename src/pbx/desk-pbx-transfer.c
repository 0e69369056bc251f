/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-transfer"

#include "config.h"

#include "desk-pbx-call-private.h"

#include <string.h>

/* Transfers. An operator's leg (the referrer) hands its bridged peer (the
 * party) on to somebody else, and leaves.
 *
 * Blind: the engine rings the target user's phones with the ring-group code
 * (a new outgoing leg, the target). Until a phone answers the party stays
 * bridged to the referrer, so a failed transfer leaves the call as it was;
 * if the referrer leaves meanwhile, the party waits alone. When a phone
 * answers, the party is bridged to it and the referrer ends.
 *
 * Attended: the operator holds two legs, one bridged to the party, the
 * other (the consultation) to the colleague; the two far ends are bridged
 * to each other and both of the operator's legs end.
 *
 * Either comes as a command from the office, or as a REFER from the
 * operator's phone in the dialog of the leg it hands on (RFC 3515): Refer-To
 * names a user of this PBX (blind), or carries Replaces naming the phone's
 * other dialog with us (attended, RFC 3891 in a Refer-To). The REFER gets
 * 202 and the implicit subscription NOTIFYs with message/sipfrag: 100
 * Trying, then the outcome. Only a phone that proved who it is may refer,
 * and only to a user at this PBX's own address: a Refer-To that names any
 * other host, or a number, or a user that is no account here, never leads
 * anywhere but a refusal (403), let alone to the trunk. A user with an
 * account but no phone registered gets 202, then a NOTIFY with 480. */

enum {
  XFER_RING_DEFAULT_S = 30,
  REPLACES_MAX        = 256,
};

struct pbx_xfer {
  struct le le;
  struct pbx_calls *calls;
  uint32_t referrer_id;   /* 0 once it left */
  uint32_t party_id;
  uint32_t target_id;
  uint32_t refer_cseq;    /* the REFER's, the id of its subscription; 0: a command */
};

static const struct pl pl_replaces = PL ("Replaces");

static void
xfer_destructor (void *arg)
{
  struct pbx_xfer *x = arg;

  list_unlink (&x->le);
}

static struct pbx_xfer *
xfer_of (struct pbx_calls *calls,
         uint32_t          id)
{
  for (struct le *le = calls->xferl.head; le; le = le->next)
    {
      struct pbx_xfer *x = le->data;

      if (id && (x->referrer_id == id || x->party_id == id || x->target_id == id))
        return x;
    }

  return NULL;
}

static void
emit_transferred (struct pbx_call *call,
                  struct pbx_call *peer,
                  const char      *kind)
{
  DeskPbxEvent *event = pbx_call_event_new (DESK_PBX_EVENT_CALL_TRANSFERRED, call);

  event->code = peer->id;
  event->user = g_strdup (peer->user);
  event->text = g_strdup (kind);
  pbx_call_emit (call, event);
}

static void
emit_failed (struct pbx_calls *calls,
             uint32_t          id,
             uint16_t          code,
             const char       *reason)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  g_debug ("Transfer of call %u failed: %u %s", id, code, reason);
  event->type = DESK_PBX_EVENT_CALL_TRANSFER_FAILED;
  event->call_id = id;
  event->code = code;
  event->text = g_strdup (reason);
  calls->eventh (event, calls->arg);
}

/* The NOTIFYs of a REFER ---------------------------------------------------- */

static int
notify_contact (enum sip_transp  tp,
                const struct sa *src,
                const struct sa *dst,
                struct mbuf     *mb,
                void            *arg)
{
  struct sip_contact contact;

  sip_contact_set (&contact, "frontdesk", src, tp);
  return mbuf_printf (mb, "%H", sip_contact_print, &contact);
}

/* Tells the referring phone how its REFER (CSeq @cseq) goes, in the dialog
 * of @referrer; a final status ends the subscription. */
static void
notify (struct pbx_call *referrer,
        uint32_t         cseq,
        uint16_t         scode,
        const char      *reason)
{
  struct sipsess *sess;
  char frag[96];
  int err;

  if (!referrer || !cseq || !(sess = pbx_call_sess (referrer)))
    return;

  re_snprintf (frag, sizeof (frag), "SIP/2.0 %u %s\r\n", scode, reason);
  err = sip_drequestf (NULL, referrer->calls->sip, true, "NOTIFY", sipsess_dialog (sess), 0,
                       NULL, notify_contact, NULL, NULL,
                       "Event: refer;id=%u\r\n"
                       "Subscription-State: %s\r\n"
                       "Content-Type: message/sipfrag\r\n"
                       "Content-Length: %zu\r\n"
                       "\r\n"
                       "%s",
                       cseq, scode >= 200 ? "terminated;reason=noresource" : "active;expires=60",
                       strlen (frag), frag);
  if (err)
    g_message ("Cannot notify call %u of its transfer: %s", referrer->id, g_strerror (err));
}

/* Blind --------------------------------------------------------------------- */

static void
blind_start (struct pbx_calls *calls,
             struct pbx_call  *referrer,
             const char       *user,
             uint32_t          ring_s,
             uint32_t          refer_cseq)
{
  DeskPbxCallCommand ring = { 0 };
  char *users[] = { (char *) user, NULL };
  struct pbx_xfer *x;

  x = mem_zalloc (sizeof (*x), xfer_destructor);
  if (!x)
    {
      notify (referrer, refer_cseq, 500, "Server Internal Error");
      emit_failed (calls, referrer->id, 500, "failed");
      return;
    }

  x->calls = calls;
  x->referrer_id = referrer->id;
  x->party_id = referrer->peer->id;
  x->target_id = calls->idh (calls->arg);
  x->refer_cseq = refer_cseq;
  list_append (&calls->xferl, &x->le, x);

  g_debug ("Call %u hands call %u on to %s (call %u)", x->referrer_id, x->party_id, user,
           x->target_id);
  notify (referrer, refer_cseq, 100, "Trying");

  /* With nobody registered the target ends at once, and with it the
   * transfer (pbx_transfer_ending): x may be gone when this returns. */
  ring.op = DESK_PBX_CALL_RING;
  ring.call_id = x->target_id;
  ring.users = users;
  ring.code = ring_s ? ring_s : XFER_RING_DEFAULT_S;
  pbx_calls_ring (calls, &ring);
}

void
pbx_transfer_answered (struct pbx_call *target)
{
  struct pbx_calls *calls = target->calls;
  struct pbx_xfer *x = xfer_of (calls, target->id);
  struct pbx_call *party, *referrer;
  uint32_t cseq;

  if (!x || x->target_id != target->id)
    return;

  party = pbx_call_find (calls, x->party_id);
  referrer = pbx_call_find (calls, x->referrer_id);
  cseq = x->refer_cseq;
  mem_deref (x);

  if (!party)
    {
      /* Whoever was to be handed on has gone meanwhile. */
      pbx_call_end (target, 487, "cancelled");
      return;
    }

  pbx_call_bridge (party, target);
  emit_transferred (party, target, "blind");

  if (referrer)
    {
      notify (referrer, cseq, 200, "OK");
      pbx_call_end (referrer, DESK_PBX_CAUSE_NORMAL, "transferred");
    }
}

void
pbx_transfer_ending (struct pbx_call *call)
{
  struct pbx_calls *calls = call->calls;
  struct pbx_xfer *x = xfer_of (calls, call->id);
  struct pbx_call *target;

  if (!x)
    return;

  if (call->id == x->referrer_id)
    {
      /* The operator hung up after handing the call on: the party waits
       * for the target alone, instead of ending with its peer. */
      pbx_call_unbridge (call);
      x->referrer_id = 0;
      return;
    }

  if (call->id == x->target_id)
    {
      struct pbx_call *referrer = pbx_call_find (calls, x->referrer_id);
      struct pbx_call *party = pbx_call_find (calls, x->party_id);
      uint32_t cseq = x->refer_cseq;
      uint32_t referrer_id = x->referrer_id ? x->referrer_id : x->party_id;

      mem_deref (x);
      notify (referrer, cseq, 480, "Temporarily Unavailable");
      emit_failed (calls, referrer_id, 480, "not answered");

      /* Left alone, with nobody to come: the party's call is over. */
      if (!referrer && party && !party->peer)
        pbx_call_end (party, 480, "not answered");
      return;
    }

  /* The party left: stop ringing for it. */
  target = pbx_call_find (calls, x->target_id);
  notify (pbx_call_find (calls, x->referrer_id), x->refer_cseq, 487, "Request Terminated");
  mem_deref (x);
  if (target)
    {
      pbx_call_cancel_forks (target);
      pbx_call_end (target, 487, "cancelled");
    }
}

/* Attended ------------------------------------------------------------------ */

/* Bridges the peers of the operator's legs @a and @b and ends both legs. */
static int
attended (struct pbx_call *a,
          struct pbx_call *b,
          const char      *kind)
{
  struct pbx_call *pa = a->peer;
  struct pbx_call *pb = b->peer;

  if (a == b || !pa || !pb || pa == b)
    return EINVAL;

  g_debug ("Calls %u and %u leave; %u and %u talk", a->id, b->id, pa->id, pb->id);
  pbx_call_bridge (pa, pb);
  emit_transferred (pa, pb, kind);
  emit_transferred (pb, pa, kind);
  pbx_call_end (a, DESK_PBX_CAUSE_NORMAL, "transferred");
  pbx_call_end (b, DESK_PBX_CAUSE_NORMAL, "transferred");
  return 0;
}

/* The live leg whose dialog Replaces names ("call-id;to-tag=..;from-tag=..",
 * unescaped). Phones differ in which tag they call whose, so both ways. */
static struct pbx_call *
find_replaced (struct pbx_calls *calls,
               const char       *replaces)
{
  struct sip_msg fake = { 0 };
  struct pl params, to_tag, from_tag;
  const char *semi = strchr (replaces, ';');

  if (!semi || semi == replaces)
    return NULL;

  pl_set_str (&params, semi);
  fake.callid.p = replaces;
  fake.callid.l = (size_t) (semi - replaces);
  if (msg_param_decode (&params, "to-tag", &to_tag)
      || msg_param_decode (&params, "from-tag", &from_tag))
    return NULL;

  for (struct le *le = calls->calll.head; le; le = le->next)
    {
      struct pbx_call *call = le->data;
      struct sipsess *sess = pbx_call_sess (call);
      const struct sip_dialog *dlg;

      if (call->state == CALL_ENDED || !sess)
        continue;

      dlg = sipsess_dialog (sess);
      fake.req = true;
      fake.to.tag = to_tag;
      fake.from.tag = from_tag;
      if (sip_dialog_cmp (dlg, &fake))
        return call;
      fake.to.tag = from_tag;
      fake.from.tag = to_tag;
      if (sip_dialog_cmp (dlg, &fake))
        return call;
    }

  return NULL;
}

/* INVITE with Replaces (RFC 3891) -------------------------------------------- */

/* An operator's phone takes over one of the operator's own calls: a
 * softphone picks up what the desk phone was talking on, say. The new
 * INVITE's leg is answered at once (no call-incoming: the office has
 * nothing to decide), takes the replaced leg's place in its bridge, and the
 * replaced leg ends ("transferred"); the office hears call-transferred
 * (kind "replaces") for the peer, naming the new leg, then call-answered
 * for the new leg at its ACK.
 *
 * What is refused, and why it does not fit:
 *  - a caller who has not proved who they are (403, whatever the header
 *    names, so that it tells nothing), or another operator's leg (403);
 *  - a dialog that is not up (481; RFC 3891 lets a UA take over its own
 *    early dialogs, but an office leg that rings belongs to the office's
 *    routing, not to the phone), or Replaces with early-only (486);
 *  - a leg with no peer, or in a conference (403): the office learns of a
 *    leg the engine made only through call-transferred, which names the one
 *    peer that moved. An unbridged leg has none, and a conference member
 *    has several, none of them moved; a new leg there would be one the
 *    office never heard of;
 *  - a leg whose transfer is under way (491), as for REFER. */
bool
pbx_transfer_invite_replaces (struct pbx_calls      *calls,
                              const struct sip_msg  *msg,
                              bool                   authenticated,
                              struct pbx_call      **replacedp)
{
  const struct sip_hdr *hdr = sip_msg_hdr (msg, SIP_HDR_REPLACES);
  char buf[REPLACES_MAX];
  struct pbx_call *old;
  struct pl params, early;
  const char *semi;

  *replacedp = NULL;
  if (!hdr)
    return false;

  if (sip_msg_hdr_count (msg, SIP_HDR_REPLACES) > 1 || hdr->val.l >= sizeof (buf))
    {
      (void) sip_treply (NULL, calls->sip, msg, 400, "Bad Replaces");
      return true;
    }

  if (!authenticated)
    {
      (void) sip_treply (NULL, calls->sip, msg, 403, "Forbidden");
      return true;
    }

  (void) pl_strcpy (&hdr->val, buf, sizeof (buf));
  old = find_replaced (calls, buf);
  if (!old || old->state != CALL_UP)
    {
      (void) sip_treply (NULL, calls->sip, msg, 481, "Call/Transaction Does Not Exist");
      return true;
    }

  if (!old->user || 0 != pl_strcmp (&msg->from.uri.user, old->user))
    {
      g_message ("Call %u: an INVITE from %.*s to replace it refused", old->id,
                 (int) msg->from.uri.user.l, msg->from.uri.user.p);
      (void) sip_treply (NULL, calls->sip, msg, 403, "Forbidden");
      return true;
    }

  semi = strchr (buf, ';');
  pl_set_str (&params, semi ? semi : "");
  if (0 == msg_param_exists (&params, "early-only", &early))
    {
      (void) sip_treply (NULL, calls->sip, msg, 486, "Busy Here");
      return true;
    }

  if (!old->peer || old->member)
    {
      (void) sip_treply (NULL, calls->sip, msg, 403, "Forbidden");
      return true;
    }

  if (xfer_of (calls, old->id) || xfer_of (calls, old->peer->id))
    {
      (void) sip_treply (NULL, calls->sip, msg, 491, "Request Pending");
      return true;
    }

  *replacedp = old;
  return false;
}

void
pbx_transfer_replace (struct pbx_call *call,
                      struct pbx_call *old)
{
  struct pbx_call *peer = old->peer;

  g_debug ("Call %u replaces call %u, bridged to call %u", call->id, old->id, peer->id);
  /* Bridging the peer to the new leg takes it from the old one first, so
   * the old leg ends alone. */
  pbx_call_bridge (call, peer);
  emit_transferred (peer, call, "replaces");
  pbx_call_end (old, DESK_PBX_CAUSE_NORMAL, "transferred");
}

/* REFER --------------------------------------------------------------------- */

static int
reply_accepted (struct sip           *sip,
                const struct sip_msg *msg)
{
  struct sip_contact contact;

  sip_contact_set (&contact, "frontdesk", &msg->dst, msg->tp);
  return sip_treplyf (NULL, NULL, sip, msg, false, 202, "Accepted",
                      "%H"
                      "%s"
                      "Content-Length: 0\r\n"
                      "\r\n",
                      sip_contact_print, &contact, PBX_ALLOW_HDR);
}

/* Whether @uri names this PBX: its host and port are where the REFER came
 * to (its Request-URI, or the socket). Names are not ours to resolve. */
static bool
names_us (const struct sip_msg *msg,
          const struct uri     *uri)
{
  struct sa sa, ruri;

  if (pl_strcasecmp (&uri->scheme, "sip") && pl_strcasecmp (&uri->scheme, "sips"))
    return false;

  if (sa_set (&sa, &uri->host, uri->port ? uri->port : SIP_PORT))
    return false;

  if (sa_cmp (&sa, &msg->dst, SA_ALL))
    return true;

  return 0 == sa_set (&ruri, &msg->uri.host, msg->uri.port ? msg->uri.port : SIP_PORT)
         && sa_cmp (&sa, &ruri, SA_ALL);
}

static bool
is_user_name (const struct pl *user)
{
  static const char allowed[] = "0123456789+*#abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.";

  if (user->l == 0 || user->l > DESK_PBX_USER_MAX)
    return false;

  for (size_t i = 0; i < user->l; i++)
    if (!strchr (allowed, user->p[i]))
      return false;

  return true;
}

static void
refer_attended (struct sip           *sip,
                const struct sip_msg *msg,
                struct pbx_call      *call,
                const struct pl      *replaces)
{
  char buf[REPLACES_MAX];
  struct pbx_call *other;
  uint32_t cseq = msg->cseq.num;

  if (replaces->l >= sizeof (buf)
      || re_snprintf (buf, sizeof (buf), "%H", uri_header_unescape, replaces) < 0)
    {
      (void) sip_reply (sip, msg, 400, "Bad Replaces");
      return;
    }

  /* Only the phone's own other dialog: nobody takes over a stranger's. */
  other = find_replaced (call->calls, buf);
  if (!other || other == call || !other->user || g_strcmp0 (other->user, call->user) != 0
      || xfer_of (call->calls, other->id))
    {
      (void) sip_reply (sip, msg, 403, "Forbidden");
      return;
    }

  if (!call->peer || !other->peer || call->peer == other)
    {
      (void) sip_reply (sip, msg, 403, "Forbidden");
      return;
    }

  (void) reply_accepted (sip, msg);
  notify (call, cseq, 200, "OK");
  (void) attended (call, other, "attended");
}

void
pbx_transfer_refer (struct sip           *sip,
                    const struct sip_msg *msg,
                    void                 *arg)
{
  struct pbx_call *call = arg;
  const struct sip_hdr *hdr = sip_msg_hdr (msg, SIP_HDR_REFER_TO);
  struct sip_addr to;
  struct pl replaces;
  char user[DESK_PBX_USER_MAX + 1];

  if (!hdr || sip_addr_decode (&to, &hdr->val))
    {
      (void) sip_reply (sip, msg, 400, "Bad Refer-To");
      return;
    }

  /* An outside caller does not move the office's calls about. */
  if (call->state != CALL_UP || !call->user || !call->peer)
    {
      (void) sip_reply (sip, msg, 403, "Forbidden");
      return;
    }

  if (xfer_of (call->calls, call->id) || xfer_of (call->calls, call->peer->id))
    {
      (void) sip_reply (sip, msg, 491, "Request Pending");
      return;
    }

  if (0 == uri_header_get (&to.uri.headers, &pl_replaces, &replaces))
    {
      refer_attended (sip, msg, call, &replaces);
      return;
    }

  if (pl_isset (&to.uri.headers) || !names_us (msg, &to.uri) || !is_user_name (&to.uri.user))
    {
      g_message ("Call %u: REFER to %.*s refused", call->id, (int) to.auri.l, to.auri.p);
      (void) sip_reply (sip, msg, 403, "Forbidden");
      return;
    }

  (void) pl_strcpy (&to.uri.user, user, sizeof (user));

  /* The referrer proved who it is, so it may learn that a user does not
   * exist (403) rather than is away (480, after the 202 and a ring). */
  if (!pbx_auth_has_account (call->calls->auth, user))
    {
      g_message ("Call %u: REFER to %s, who has no account, refused", call->id, user);
      (void) sip_reply (sip, msg, 403, "Forbidden");
      return;
    }

  (void) reply_accepted (sip, msg);
  blind_start (call->calls, call, user, 0, msg->cseq.num);
}

/* Commands ------------------------------------------------------------------ */

bool
pbx_transfer_handles (DeskPbxCallOp op)
{
  return op == DESK_PBX_CALL_TRANSFER || op == DESK_PBX_CALL_TRANSFER_ATTENDED
         || op == DESK_PBX_CALL_CONFERENCE;
}

void
pbx_transfer_command (struct pbx_calls   *calls,
                      DeskPbxCallCommand *cmd)
{
  struct pbx_call *call, *other;

  if (cmd->op == DESK_PBX_CALL_CONFERENCE)
    {
      pbx_conf_command (calls, cmd);
      return;
    }

  call = pbx_call_find (calls, cmd->call_id);
  if (!call)
    {
      emit_failed (calls, cmd->call_id, 481, "no call");
      return;
    }

  if (xfer_of (calls, call->id) || (call->peer && xfer_of (calls, call->peer->id)))
    {
      emit_failed (calls, call->id, 491, "transfer under way");
      return;
    }

  if (!call->peer)
    {
      emit_failed (calls, call->id, 403, "not bridged");
      return;
    }

  if (cmd->op == DESK_PBX_CALL_TRANSFER)
    {
      blind_start (calls, call, cmd->users[0], cmd->code, 0);
      return;
    }

  other = pbx_call_find (calls, cmd->other_id);
  if (!other || xfer_of (calls, other->id) || !other->peer || attended (call, other, "attended"))
    emit_failed (calls, call->id, other ? 403 : 481, other ? "not bridged" : "no call");
}

void
pbx_transfers_close (struct pbx_calls *calls)
{
  list_flush (&calls->xferl);
}
