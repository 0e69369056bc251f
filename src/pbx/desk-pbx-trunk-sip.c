/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-trunk"

#include "config.h"

#include "desk-pbx-trunk-private.h"
#include "desk-pbx-call-private.h"

#include <string.h>

/* The office's SIP trunk, PBX thread side: the outbound registration to the
 * provider, recognising the provider's INVITEs, and outgoing legs to it.
 *
 * Registration is libre's sipreg: digest answers with the trunk's
 * credentials, re-registration at 90% of what the provider granted, retries
 * with back-off after a failure. The office hears trunk-state events when
 * the trunk becomes registered or not, or the provider's answer changes.
 *
 * The provider's INVITEs: a request from the trunk's address (its
 * registrar, or outbound proxy) or to our registered contact user is an
 * inbound office call for the number dialled (the DID): the Request-URI's
 * user, or To's user when the provider calls our contact. It is still only
 * an incoming call for the office to decide on.
 *
 * Toll fraud, the guarantee: the engine never routes any call to the trunk
 * on its own.
 *  - The only code that sends an INVITE to the provider is pbx_trunk_dial(),
 *    run only for DESK_PBX_CALL_DIAL_OUT, which only desk_pbx_dial_out()
 *    builds: a command of the office layer, which uses it for callbacks,
 *    campaigns and operators it has authenticated.
 *  - An INVITE from anybody, to any number (00…, +…), only ever becomes
 *    call-incoming (desk-pbx-call.c, on_connect): from an outside caller
 *    with no authenticated user; from a phone registered here only after a
 *    right digest answer, and refused (401, then 403) otherwise. Nothing in
 *    a request (Request-URI, To, Route, REFER, Replaces) is turned into a
 *    leg to the trunk, and a leg to the trunk is never bridged by the engine
 *    itself: only desk_pbx_bridge() does that.
 * tests/pbx/test-pbx-trunk.c holds the engine to it with a provider that
 * must receive nothing. */

enum {
  TRUNK_RING_S = 180,     /* an unanswered outgoing call gives up (408) */
  URI_MAX      = 512,
};

/* The trunk's credentials, shared with libre's digest state of each
 * registration and outgoing leg (so a call may outlive its trunk). */
struct pbx_trunk_auth {
  char *user;
  char *password;
};

struct pbx_trunk {
  struct sip *sip;
  struct sipreg *reg;
  struct pbx_trunk_auth *auth;
  char *domain;
  struct sa addr;
  bool route;
  char *username;
  char *cuser;            /* our contact's user: unguessable, per trunk */
  char *caller_id;
  bool registered;
  uint16_t scode;         /* what the office heard last ... */
  bool told;              /* ... if it heard anything yet */
  void (*eventh) (DeskPbxEvent *event, void *arg);
  void *arg;
};

void
_desk_pbx_trunk_config_free (DeskPbxTrunkConfig *config)
{
  if (!config)
    return;

  if (config->password)
    explicit_bzero (config->password, strlen (config->password));
  g_free (config->password);
  g_free (config->domain);
  g_free (config->address);
  g_free (config->username);
  g_free (config->auth_user);
  g_free (config->caller_id);
  g_free (config);
}

DeskPbxTrunkConfig *
_desk_pbx_trunk_config_copy (const DeskPbxTrunkConfig *config)
{
  DeskPbxTrunkConfig *copy = g_new0 (DeskPbxTrunkConfig, 1);

  *copy = *config;
  copy->domain = g_strdup (config->domain);
  copy->address = g_strdup (config->address);
  copy->username = g_strdup (config->username);
  copy->auth_user = g_strdup (config->auth_user);
  copy->password = g_strdup (config->password);
  copy->caller_id = g_strdup (config->caller_id);
  return copy;
}

static void
trunk_emit (struct pbx_trunk *trunk,
            bool              registered,
            uint16_t          scode,
            const char       *reason)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  trunk->registered = registered;
  trunk->scode = scode;
  trunk->told = true;

  event->type = DESK_PBX_EVENT_TRUNK_STATE;
  event->registered = registered;
  event->code = scode;
  event->text = g_strdup (reason);
  trunk->eventh (event, trunk->arg);
}

static void
auth_destructor (void *arg)
{
  struct pbx_trunk_auth *auth = arg;

  if (auth->password)
    explicit_bzero (auth->password, strlen (auth->password));
  mem_deref (auth->password);
  mem_deref (auth->user);
}

static int
on_auth (char      **username,
         char      **password,
         const char *realm,
         void       *arg)
{
  struct pbx_trunk_auth *auth = arg;
  int err;

  err = str_dup (username, auth->user);
  if (err)
    return err;

  err = str_dup (password, auth->password);
  if (err)
    *username = mem_deref (*username);

  return err;
}

/* Registration ------------------------------------------------------------ */

static void
on_register_response (int                   err,
                      const struct sip_msg *msg,
                      void                 *arg)
{
  struct pbx_trunk *trunk = arg;
  bool registered = !err && msg && msg->scode < 300 && sipreg_registered (trunk->reg);
  uint16_t scode = msg ? msg->scode : 0;
  g_autofree char *reason = NULL;

  /* A refresh that went as the last one did is no news. */
  if (trunk->told && registered == trunk->registered && scode == trunk->scode)
    return;

  if (msg)
    reason = g_strdup_printf ("%.*s", (int) msg->reason.l, msg->reason.p);
  else
    reason = g_strdup (g_strerror (err ? err : ETIMEDOUT));

  if (registered)
    g_debug ("Registered at the SIP trunk %s for %u s", trunk->domain,
             sipreg_proxy_expires (trunk->reg));
  else
    g_message ("Not registered at the SIP trunk %s: %u %s", trunk->domain, scode, reason);

  trunk_emit (trunk, registered, scode, reason);
}

static int
trunk_register (struct pbx_trunk         *trunk,
                const DeskPbxTrunkConfig *config)
{
  char reg_uri[URI_MAX], aor[URI_MAX], route[URI_MAX];
  const char *routev[1] = { route };

  re_snprintf (reg_uri, sizeof (reg_uri), "sip:%s", trunk->domain);
  re_snprintf (aor, sizeof (aor), "sip:%s@%s", trunk->username, trunk->domain);
  /* sip_dialog_alloc() makes it "<route;lr>". */
  re_snprintf (route, sizeof (route), "sip:%J", &trunk->addr);

  return sipreg_register (&trunk->reg, trunk->sip, reg_uri, aor, NULL, aor, config->expires,
                          trunk->cuser, routev, trunk->route ? 1 : 0, 0, on_auth, trunk->auth,
                          true, on_register_response, trunk, NULL, NULL);
}

static void
trunk_destructor (void *arg)
{
  struct pbx_trunk *trunk = arg;

  /* sipreg un-registers on its way out (or gives up when the SIP stack
   * closes) and calls us no more. */
  trunk->reg = mem_deref (trunk->reg);
  if (trunk->registered)
    trunk_emit (trunk, false, 0, "unregistered");

  mem_deref (trunk->auth);
  mem_deref (trunk->domain);
  mem_deref (trunk->username);
  mem_deref (trunk->cuser);
  mem_deref (trunk->caller_id);
}

int
pbx_trunk_alloc (struct pbx_trunk         **trunkp,
                 struct sip                *sip,
                 const DeskPbxTrunkConfig  *config,
                 void                     (*eventh) (DeskPbxEvent *event,
                                                     void         *arg),
                 void                      *arg)
{
  struct pbx_trunk *trunk;
  int err;

  if (!trunkp || !sip || !config || !config->address)
    return EINVAL;

  trunk = mem_zalloc (sizeof (*trunk), trunk_destructor);
  if (!trunk)
    return ENOMEM;

  trunk->sip = sip;
  trunk->route = config->route;
  trunk->eventh = eventh;
  trunk->arg = arg;

  err = sa_decode (&trunk->addr, config->address, strlen (config->address));
  if (err)
    goto out;

  trunk->auth = mem_zalloc (sizeof (*trunk->auth), auth_destructor);
  if (!trunk->auth)
    {
      err = ENOMEM;
      goto out;
    }

  err = str_dup (&trunk->auth->user, config->auth_user ? config->auth_user : config->username);
  err |= str_dup (&trunk->auth->password, config->password);
  err |= str_dup (&trunk->domain, config->domain);
  err |= str_dup (&trunk->username, config->username);
  err |= str_dup (&trunk->caller_id, config->caller_id ? config->caller_id : config->username);
  err |= re_sdprintf (&trunk->cuser, "%s-%016llx", config->username,
                      (unsigned long long) rand_u64 ());
  if (err)
    goto out;

  if (config->registration)
    {
      /* A trunk that cannot register still takes and makes calls (many
       * providers know the office by its address); the office hears why. */
      int rerr = trunk_register (trunk, config);

      if (rerr)
        {
          g_message ("Cannot register at the SIP trunk %s: %s", trunk->domain,
                     g_strerror (rerr));
          trunk_emit (trunk, false, 0, g_strerror (rerr));
        }
    }

out:
  if (err)
    mem_deref (trunk);
  else
    *trunkp = trunk;

  return err;
}

void
pbx_calls_set_trunk (struct pbx_calls *calls,
                     struct pbx_trunk *trunk)
{
  if (calls)
    calls->trunk = trunk;
}

/* Inbound ----------------------------------------------------------------- */

bool
pbx_trunk_inbound (const struct pbx_trunk *trunk,
                   const struct sip_msg   *msg,
                   struct pl              *did)
{
  if (!trunk)
    return false;

  /* The provider calls the contact we registered: the number is in To. */
  if (0 == pl_strcmp (&msg->uri.user, trunk->cuser))
    {
      *did = msg->to.uri.user;
      return true;
    }

  if (!sa_cmp (&msg->src, &trunk->addr, SA_ALL))
    return false;

  *did = pl_isset (&msg->uri.user) ? msg->uri.user : msg->to.uri.user;
  return true;
}

/* Outbound ---------------------------------------------------------------- */

static int
leg_answer (const struct sip_msg *msg,
            void                 *arg)
{
  struct pbx_call *call = arg;

  /* Early media is not played: the office decides what a caller hears. */
  if (msg->scode < 200)
    return 0;

  return pbx_media_decode (call->media, msg->mb, false);
}

static void
leg_progress (const struct sip_msg *msg,
              void                 *arg)
{
  struct pbx_call *call = arg;

  if (call->ringing_told || call->state != CALL_RINGING || msg->scode < 180)
    return;

  call->ringing_told = true;
  pbx_call_emit_simple (call, DESK_PBX_EVENT_CALL_RINGING);
}

static void
leg_established (const struct sip_msg *msg,
                 void                 *arg)
{
  struct pbx_call *call = arg;

  tmr_cancel (&call->tmr_ring);
  pbx_call_established (msg, call);
}

static void
leg_timeout (void *arg)
{
  pbx_call_end (arg, 408, "no answer");
}

static void
dial_failed (struct pbx_calls *calls,
             guint             call_id,
             uint16_t          code,
             const char       *reason)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  event->type = DESK_PBX_EVENT_CALL_ENDED;
  event->call_id = call_id;
  event->code = code;
  event->text = g_strdup (reason);
  calls->eventh (event, calls->arg);
}

void
pbx_trunk_dial (struct pbx_trunk         *trunk,
                struct pbx_calls         *calls,
                const DeskPbxCallCommand *cmd)
{
  struct pbx_call *call = NULL;
  struct mbuf *desc = NULL;
  char to[URI_MAX], from[URI_MAX], route[URI_MAX];
  const char *routev[1] = { route };
  struct sa laddr;
  int err;

  if (!trunk || !cmd->number)
    {
      dial_failed (calls, cmd->call_id, 503, "no trunk");
      return;
    }

  /* The media address: the one SIP uses towards the provider. */
  err = sip_transp_laddr (calls->sip, &laddr, SIP_TRANSP_UDP, &trunk->addr);
  if (!err)
    err = pbx_call_alloc (&call, calls, false, &laddr);
  if (err)
    {
      g_message ("Cannot call %s through the SIP trunk: %s", cmd->number, g_strerror (err));
      dial_failed (calls, cmd->call_id, 500, "failed");
      return;
    }

  /* The facade chose the id, so that it can return it at once. */
  call->id = cmd->call_id;

  re_snprintf (to, sizeof (to), "sip:%s@%s", cmd->number, trunk->domain);
  re_snprintf (from, sizeof (from), "sip:%s@%s", cmd->caller_id ? cmd->caller_id
                                                                : trunk->caller_id,
               trunk->domain);
  /* sip_dialog_alloc() makes it "<route;lr>". */
  re_snprintf (route, sizeof (route), "sip:%J", &trunk->addr);

  err = pbx_media_offer (call->media, &desc);
  if (err)
    goto out;

  err = sipsess_connect (&call->sess, calls->sock, to, NULL, from, trunk->cuser, routev,
                         trunk->route ? 1 : 0, "application/sdp", desc, on_auth, trunk->auth,
                         true, pbx_call_offer, leg_answer, leg_progress, leg_established, NULL,
                         NULL, pbx_call_close, call, "%s", PBX_ALLOW_HDR);
  if (err)
    goto out;

  g_debug ("Call %u to %s through the SIP trunk as %s", call->id, to, from);
  pbx_calls_tick_start (calls);
  tmr_start (&call->tmr_ring, (uint64_t) TRUNK_RING_S * 1000, leg_timeout, call);

out:
  mem_deref (desc);
  if (err)
    {
      g_message ("Cannot call %s through the SIP trunk: %s", cmd->number, g_strerror (err));
      pbx_call_end (call, 500, "failed");
    }
}
