/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-registrar"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <string.h>

/* The registrar (RFC 3261 10.3): each user's address of record holds up to
 * PBX_BINDINGS_MAX contacts, each with its own expiry timer. A binding also
 * keeps the address and transport the REGISTER came from: a phone behind NAT
 * is reached there, never at the host its Contact names.
 *
 * Replies are stateless (sip_replyf): a server transaction would hold every
 * request for 32 s, which a REGISTER flood turns into memory. A retransmitted
 * REGISTER is processed again, which is harmless: its CSeq equals the
 * binding's, and equal is accepted as a retransmission. */

enum {
  AORS_HASH_SIZE = 64,
  URI_MAX        = 512,
  CALLID_MAX     = 256,
};

struct pbx_registrar {
  struct hash *aors;
  struct sip *sip;
  struct pbx_auth *auth;
  uint32_t min_expires;
  uint32_t max_expires;
  pbx_binding_h *bindh;
  void *arg;
};

struct pbx_aor {
  struct le he;
  struct pbx_registrar *reg;
  char *user;
  struct list bindings;
};

struct pbx_binding {
  struct le le;
  struct pbx_aor *aor;
  char *uri;
  char *callid;
  uint32_t cseq;
  struct sa src;
  enum sip_transp tp;
  uint64_t expires_at;    /* monotonic ms */
  struct tmr tmr;
};

/* One Contact of the REGISTER being handled. */
struct contact_req {
  struct pl uri;
  uint32_t expires;
};

/* What the checks of a REGISTER found. */
struct reg_req {
  struct contact_req cv[PBX_BINDINGS_MAX];
  uint32_t cc;
  uint32_t hdrc;
  bool star;
  bool has_expires;
  uint32_t hdr_expires;
  uint16_t scode;         /* set when the request must be refused */
  const char *reason;
};

static uint64_t
now_ms (void)
{
  return (uint64_t) (g_get_monotonic_time () / 1000);
}

/* Delta-seconds (RFC 3261 25.1): digits only; huge values clamp. */
static bool
parse_seconds (const struct pl *pl,
               uint32_t        *secs)
{
  uint64_t v = 0;

  if (!pl->l)
    return false;

  for (size_t i = 0; i < pl->l; i++)
    {
      if (pl->p[i] < '0' || pl->p[i] > '9')
        return false;
      if (v < UINT32_MAX)
        v = v * 10 + (uint64_t) (pl->p[i] - '0');
    }

  *secs = (uint32_t) MIN (v, (uint64_t) UINT32_MAX);
  return true;
}

static void
binding_destructor (void *arg)
{
  struct pbx_binding *b = arg;

  tmr_cancel (&b->tmr);
  list_unlink (&b->le);
  mem_deref (b->uri);
  mem_deref (b->callid);
}

static void
aor_destructor (void *arg)
{
  struct pbx_aor *aor = arg;

  hash_unlink (&aor->he);
  list_flush (&aor->bindings);
  mem_deref (aor->user);
}

static bool
aor_has_user (struct le *le,
              void      *arg)
{
  const struct pbx_aor *aor = le->data;

  return 0 == pl_strcmp (arg, aor->user);
}

static struct pbx_aor *
aor_find (const struct pbx_registrar *reg,
          const struct pl            *user)
{
  return list_ledata (hash_lookup (reg->aors, hash_joaat_pl (user), aor_has_user,
                                   (void *) user));
}

static int
aor_alloc (struct pbx_aor      **aorp,
           struct pbx_registrar *reg,
           const struct pl      *user)
{
  struct pbx_aor *aor;
  int err;

  aor = mem_zalloc (sizeof (*aor), aor_destructor);
  if (!aor)
    return ENOMEM;

  aor->reg = reg;
  err = pl_strdup (&aor->user, user);
  if (err)
    {
      mem_deref (aor);
      return err;
    }

  hash_append (reg->aors, hash_joaat_pl (user), &aor->he, aor);
  *aorp = aor;
  return 0;
}

static struct pbx_binding *
binding_find (const struct pbx_aor *aor,
              const struct pl      *uri)
{
  for (struct le *le = aor->bindings.head; le; le = le->next)
    {
      struct pbx_binding *b = le->data;

      if (0 == pl_strcmp (uri, b->uri))
        return b;
    }

  return NULL;
}

static void
notify (struct pbx_registrar     *reg,
        const struct pbx_binding *b,
        bool                      registered)
{
  if (reg->bindh)
    reg->bindh (b->aor->user, b->uri, &b->src, registered, reg->arg);
}

/* Removes a binding and tells the office; frees the AOR with its last one. */
static void
binding_remove (struct pbx_binding *b)
{
  struct pbx_aor *aor = b->aor;

  notify (aor->reg, b, false);
  mem_deref (b);

  if (list_isempty (&aor->bindings))
    mem_deref (aor);
}

static void
binding_expired (void *arg)
{
  struct pbx_binding *b = arg;

  g_debug ("Registration of %s at %s expired", b->aor->user, b->uri);
  binding_remove (b);
}

static void
aor_drop (struct pbx_aor *aor)
{
  uint32_t n = list_count (&aor->bindings);

  if (n == 0)
    {
      mem_deref (aor);
      return;
    }

  /* binding_remove() frees the AOR with its last binding. */
  while (n--)
    binding_remove (aor->bindings.head->data);
}

static int
binding_alloc (struct pbx_binding  **bp,
               struct pbx_aor       *aor,
               const struct pl      *uri,
               const struct sip_msg *msg)
{
  struct pbx_binding *b;
  int err;

  b = mem_zalloc (sizeof (*b), binding_destructor);
  if (!b)
    return ENOMEM;

  b->aor = aor;
  list_append (&aor->bindings, &b->le, b);

  err = pl_strdup (&b->uri, uri);
  if (err)
    goto out;

  err = pl_strdup (&b->callid, &msg->callid);
  if (err)
    goto out;

  b->cseq = msg->cseq.num;
  b->src = msg->src;
  b->tp = msg->tp;

out:
  if (err)
    mem_deref (b);
  else
    *bp = b;

  return err;
}

/* Refreshes or creates one binding; the office hears of new ones and of
 * phones that moved (a NAT rebinding changes the source address). */
static int
binding_apply (struct pbx_aor           *aor,
               const struct contact_req *c,
               const struct sip_msg     *msg)
{
  struct pbx_binding *b = binding_find (aor, &c->uri);
  bool changed = false;
  int err;

  if (c->expires == 0)
    {
      if (b)
        binding_remove (b);
      return 0;
    }

  if (!b)
    {
      err = binding_alloc (&b, aor, &c->uri, msg);
      if (err)
        return err;
      changed = true;
    }
  else
    {
      if (pl_strcmp (&msg->callid, b->callid) != 0)
        {
          char *callid = NULL;

          err = pl_strdup (&callid, &msg->callid);
          if (err)
            return err;
          mem_deref (b->callid);
          b->callid = callid;
        }

      changed = !sa_cmp (&b->src, &msg->src, SA_ALL) || b->tp != msg->tp;
      b->cseq = msg->cseq.num;
      b->src = msg->src;
      b->tp = msg->tp;
    }

  b->expires_at = now_ms () + (uint64_t) c->expires * 1000;
  tmr_start (&b->tmr, (uint64_t) c->expires * 1000, binding_expired, b);

  if (changed)
    notify (aor->reg, b, true);

  return 0;
}

static int
print_contacts (struct re_printf *pf,
                void             *arg)
{
  const struct pbx_aor *aor = arg;
  uint64_t now = now_ms ();
  int err = 0;

  if (!aor)
    return 0;

  for (struct le *le = aor->bindings.head; le; le = le->next)
    {
      const struct pbx_binding *b = le->data;
      uint64_t left = b->expires_at > now ? (b->expires_at - now + 999) / 1000 : 0;

      err |= re_hprintf (pf, "Contact: <%s>;expires=%llu\r\n", b->uri,
                         (unsigned long long) left);
    }

  return err;
}

static bool
collect_contact (const struct sip_hdr *hdr,
                 const struct sip_msg *msg,
                 void                 *arg)
{
  struct reg_req *rq = arg;
  struct contact_req *c;
  struct sip_addr addr;
  struct pl expires;

  rq->hdrc++;

  if (0 == pl_strcmp (&hdr->val, "*"))
    {
      rq->star = true;
      return false;
    }

  if (rq->cc >= PBX_BINDINGS_MAX)
    {
      rq->scode = 403;
      rq->reason = "Too Many Contacts";
      return true;
    }

  if (sip_addr_decode (&addr, &hdr->val) || addr.auri.l > URI_MAX
      || (pl_strcasecmp (&addr.uri.scheme, "sip") && pl_strcasecmp (&addr.uri.scheme, "sips")))
    {
      rq->scode = 400;
      rq->reason = "Bad Contact";
      return true;
    }

  c = &rq->cv[rq->cc++];
  c->uri = addr.auri;

  if (0 == msg_param_decode (&addr.params, "expires", &expires))
    {
      if (!parse_seconds (&expires, &c->expires))
        {
          rq->scode = 400;
          rq->reason = "Bad Contact Expires";
          return true;
        }
    }
  else
    {
      /* check_request() has parsed the Expires header already. */
      c->expires = rq->has_expires ? rq->hdr_expires : PBX_EXPIRES_DEFAULT;
    }

  return false;
}

/* Checks that need no credentials: they say nothing about which users
 * exist. Returns false when a reply has been sent. */
static bool
check_request (struct pbx_registrar *reg,
               const struct sip_msg *msg,
               struct reg_req       *rq)
{
  if (pl_isset (&msg->expires))
    {
      if (!parse_seconds (&msg->expires, &rq->hdr_expires))
        {
          (void) sip_reply (reg->sip, msg, 400, "Bad Expires");
          return false;
        }
      rq->has_expires = true;
    }

  if (!pl_isset (&msg->callid) || msg->callid.l > CALLID_MAX)
    {
      (void) sip_reply (reg->sip, msg, 400, "Bad Call-ID");
      return false;
    }

  (void) sip_msg_hdr_apply (msg, true, SIP_HDR_CONTACT, collect_contact, rq);
  if (rq->scode)
    {
      (void) sip_reply (reg->sip, msg, rq->scode, rq->reason);
      return false;
    }

  if (rq->star && (rq->hdrc != 1 || !rq->has_expires || rq->hdr_expires != 0))
    {
      (void) sip_reply (reg->sip, msg, 400, "Bad Contact");
      return false;
    }

  return true;
}

/* Second pass, after authentication: a request applies whole or not at all,
 * so every contact is checked before anything changes. */
static bool
check_contacts (struct pbx_registrar *reg,
                const struct sip_msg *msg,
                struct pbx_aor       *aor,
                struct reg_req       *rq)
{
  uint32_t newc = 0;

  for (uint32_t i = 0; i < rq->cc; i++)
    {
      struct contact_req *c = &rq->cv[i];
      struct pbx_binding *b = aor ? binding_find (aor, &c->uri) : NULL;

      if (c->expires > 0 && c->expires < reg->min_expires)
        {
          (void) sip_replyf (reg->sip, msg, 423, "Interval Too Brief",
                             "Min-Expires: %u\r\n"
                             "Content-Length: 0\r\n"
                             "\r\n",
                             reg->min_expires);
          return false;
        }

      c->expires = MIN (c->expires, reg->max_expires);

      /* RFC 3261 10.3 step 7: an older request must not undo a newer one.
       * An equal CSeq is this request's own retransmission. */
      if (b && 0 == pl_strcmp (&msg->callid, b->callid) && msg->cseq.num < b->cseq)
        {
          (void) sip_reply (reg->sip, msg, 500, "Out Of Order");
          return false;
        }

      if (!b && c->expires > 0)
        {
          bool repeated = false;

          for (uint32_t j = 0; j < i; j++)
            repeated |= 0 == pl_cmp (&rq->cv[j].uri, &c->uri);
          if (!repeated)
            newc++;
        }
    }

  if ((aor ? list_count (&aor->bindings) : 0) + newc > PBX_BINDINGS_MAX)
    {
      (void) sip_reply (reg->sip, msg, 403, "Too Many Registrations");
      return false;
    }

  return true;
}

void
pbx_registrar_handle (struct pbx_registrar *reg,
                      const struct sip_msg *msg)
{
  const struct pl *user = &msg->to.uri.user;
  struct reg_req rq;
  struct pbx_aor *aor;
  int err = 0;

  memset (&rq, 0, sizeof (rq));

  if (!check_request (reg, msg, &rq))
    return;

  switch (pbx_auth_check (reg->auth, msg, user))
    {
    case PBX_AUTH_OK:
      break;

    case PBX_AUTH_CHALLENGE:
      (void) pbx_auth_reply_challenge (reg->auth, reg->sip, msg, false);
      return;

    case PBX_AUTH_STALE:
      (void) pbx_auth_reply_challenge (reg->auth, reg->sip, msg, true);
      return;

    case PBX_AUTH_FAILED:
    default:
      (void) sip_reply (reg->sip, msg, 403, "Forbidden");
      return;
    }

  aor = aor_find (reg, user);

  if (rq.star)
    {
      if (aor)
        aor_drop (aor);
      (void) sip_reply (reg->sip, msg, 200, "OK");
      return;
    }

  if (!check_contacts (reg, msg, aor, &rq))
    return;

  for (uint32_t i = 0; i < rq.cc && !err; i++)
    {
      if (!aor && rq.cv[i].expires > 0)
        err = aor_alloc (&aor, reg, user);
      if (aor && !err)
        {
          err = binding_apply (aor, &rq.cv[i], msg);
          /* Removing the last binding frees the AOR. */
          aor = aor_find (reg, user);
        }
    }

  if (err)
    {
      /* A fresh AOR whose first binding could not be made. */
      if (aor && list_isempty (&aor->bindings))
        mem_deref (aor);
      g_message ("Registration of %.*s failed: %s", (int) user->l, user->p, g_strerror (err));
      (void) sip_reply (reg->sip, msg, 500, "Server Internal Error");
      return;
    }

  (void) sip_replyf (reg->sip, msg, 200, "OK",
                     "%H"
                     "Content-Length: 0\r\n"
                     "\r\n",
                     print_contacts, aor);
}

void
pbx_registrar_drop_user (struct pbx_registrar *reg,
                         const char           *user)
{
  struct pbx_aor *aor;
  struct pl user_pl;

  pl_set_str (&user_pl, user);
  aor = aor_find (reg, &user_pl);
  if (aor)
    aor_drop (aor);
}

static bool
drop_one (struct le *le,
          void      *arg)
{
  aor_drop (le->data);
  return false;
}

void
pbx_registrar_drop_all (struct pbx_registrar *reg)
{
  (void) hash_apply (reg->aors, drop_one, NULL);
}

typedef struct
{
  const struct sa *src;
  const char *user;
} UserAt;

static bool
aor_bound_at (struct le *le,
              void      *arg)
{
  const struct pbx_aor *aor = le->data;
  UserAt *at = arg;

  for (struct le *b = aor->bindings.head; b; b = b->next)
    {
      const struct pbx_binding *binding = b->data;

      if (sa_cmp (&binding->src, at->src, SA_ALL))
        {
          at->user = aor->user;
          return true;
        }
    }

  return false;
}

const char *
pbx_registrar_user_at (struct pbx_registrar *reg,
                       const struct sa      *src)
{
  UserAt at = { src, NULL };

  (void) hash_apply (reg->aors, aor_bound_at, &at);
  return at.user;
}

uint32_t
pbx_registrar_contacts (struct pbx_registrar *reg,
                        const char           *user,
                        pbx_contact_h        *contacth,
                        void                 *arg)
{
  struct pbx_aor *aor;
  struct pl user_pl;
  uint32_t n = 0;

  pl_set_str (&user_pl, user);
  aor = aor_find (reg, &user_pl);
  if (!aor)
    return 0;

  for (struct le *le = aor->bindings.head; le; le = le->next)
    {
      const struct pbx_binding *b = le->data;

      contacth (b->uri, &b->src, b->tp, arg);
      n++;
    }

  return n;
}

void
pbx_registrar_set_expiry (struct pbx_registrar *reg,
                          uint32_t              min_s,
                          uint32_t              max_s)
{
  reg->min_expires = min_s;
  reg->max_expires = max_s;
}

static void
registrar_destructor (void *arg)
{
  struct pbx_registrar *reg = arg;

  hash_flush (reg->aors);
  mem_deref (reg->aors);
}

int
pbx_registrar_alloc (struct pbx_registrar **regp,
                     struct sip            *sip,
                     struct pbx_auth       *auth,
                     pbx_binding_h         *bindh,
                     void                  *arg)
{
  struct pbx_registrar *reg;
  int err;

  if (!regp || !sip || !auth)
    return EINVAL;

  reg = mem_zalloc (sizeof (*reg), registrar_destructor);
  if (!reg)
    return ENOMEM;

  reg->sip = sip;
  reg->auth = auth;
  reg->bindh = bindh;
  reg->arg = arg;
  reg->min_expires = DESK_PBX_EXPIRES_MIN;
  reg->max_expires = DESK_PBX_EXPIRES_MAX;

  err = hash_alloc (&reg->aors, AORS_HASH_SIZE);
  if (err)
    mem_deref (reg);
  else
    *regp = reg;

  return err;
}
