/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-auth"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <ctype.h>
#include <string.h>

/* Server-side digest authentication (RFC 3261 22, RFC 2617) and the block
 * list. libre 1.1.0 decodes an Authorization header and checks the MD5
 * answer; the nonces, the challenge and the rules about who may answer are
 * ours.
 *
 * Nonces are stateless: "<seconds, 8 hex><HMAC-SHA1(secret, seconds|source
 * IP), 32 hex>". Nothing is stored per challenge, so a flood of unanswered
 * REGISTERs costs no memory, and a nonce only works from the address it was
 * given to. The secret is new at every start: nonces from a previous run
 * fail the HMAC, which we treat like an expired nonce (stale=true), so phones
 * re-register silently after a restart. */

enum {
  SECRET_SIZE        = 20,
  HMAC_SIZE          = 20,
  MAC_SIZE           = 16,              /* bytes of the HMAC kept in a nonce */
  TS_HEX             = 8,
  NONCE_LEN          = TS_HEX + 2 * MAC_SIZE,
  NONCE_LIFETIME_S   = 300,
  ACCOUNTS_HASH_SIZE = 64,
  OFFENDERS_HASH_SIZE = 256,
  OFFENDERS_MAX      = 16384,           /* bounds memory under a distributed scan */
};

struct pbx_account {
  struct le he;
  char *user;
  char *password;
};

/* An address (IPv4, or an IPv6 /64: one host owns a whole prefix) that
 * recently failed to authenticate. Forgotten when its window or its block
 * ends. */
struct pbx_offender {
  struct le he;
  struct pbx_auth *auth;
  struct sa key;
  uint32_t failc;
  uint64_t window_end;        /* monotonic ms */
  uint64_t blocked_until;     /* monotonic ms, 0 if not blocked */
  struct tmr tmr;
};

struct pbx_auth {
  struct hash *accounts;
  struct hash *offenders;
  uint32_t offenderc;
  bool offenders_full_logged;
  char *realm;
  uint8_t secret[SECRET_SIZE];
  DeskPbxAuthPolicy policy;
  pbx_blocked_h *blockh;
  void *arg;
};

static uint64_t
now_ms (void)
{
  return (uint64_t) (g_get_monotonic_time () / 1000);
}

static void
wipe_str (char *s)
{
  if (s)
    explicit_bzero (s, strlen (s));
}

static void
account_destructor (void *arg)
{
  struct pbx_account *acc = arg;

  hash_unlink (&acc->he);
  wipe_str (acc->password);
  mem_deref (acc->password);
  mem_deref (acc->user);
}

static bool
account_has_user (struct le *le,
                  void      *arg)
{
  const struct pbx_account *acc = le->data;
  const struct pl *user = arg;

  return 0 == pl_strcmp (user, acc->user);
}

static struct pbx_account *
account_find (const struct pbx_auth *auth,
              const struct pl       *user)
{
  return list_ledata (hash_lookup (auth->accounts, hash_joaat_pl (user), account_has_user,
                                   (void *) user));
}

static void
offender_destructor (void *arg)
{
  struct pbx_offender *off = arg;

  tmr_cancel (&off->tmr);
  hash_unlink (&off->he);
  off->auth->offenderc--;
}

static bool
is_v4mapped (const uint8_t a[16])
{
  static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  return memcmp (a, prefix, sizeof (prefix)) == 0;
}

/* The unit we count and block: the whole IPv4 address, or the /64 of an
 * IPv6 address (v4-mapped addresses stay whole). Port 0. */
static void
offender_key (struct sa       *key,
              const struct sa *addr)
{
  *key = *addr;
  sa_set_port (key, 0);

  if (sa_af (addr) == AF_INET6)
    {
      uint8_t a[16];

      sa_in6 (addr, a);
      if (!is_v4mapped (a))
        {
          memset (a + 8, 0, 8);
          sa_set_in6 (key, a, 0);
        }
    }
}

static int
offender_key_print (struct re_printf *pf,
                    const struct sa  *key)
{
  uint8_t a[16];

  if (sa_af (key) == AF_INET6)
    {
      sa_in6 (key, a);
      if (!is_v4mapped (a))
        return re_hprintf (pf, "%j/64", key);
    }

  return re_hprintf (pf, "%j", key);
}

static bool
offender_has_key (struct le *le,
                  void      *arg)
{
  const struct pbx_offender *off = le->data;

  return sa_cmp (&off->key, arg, SA_ADDR);
}

static struct pbx_offender *
offender_find (const struct pbx_auth *auth,
               const struct sa       *key)
{
  return list_ledata (hash_lookup (auth->offenders, sa_hash (key, SA_ADDR), offender_has_key,
                                   (void *) key));
}

static void
offender_timeout (void *arg)
{
  struct pbx_offender *off = arg;
  uint64_t now = now_ms ();
  uint64_t until = MAX (off->window_end, off->blocked_until);

  if (until > now)
    {
      tmr_start (&off->tmr, until - now, offender_timeout, off);
      return;
    }

  if (off->blocked_until)
    {
      char addr[64];

      re_snprintf (addr, sizeof (addr), "%H", offender_key_print, &off->key);
      g_message ("SIP authentication from %s is no longer blocked", addr);
    }

  mem_deref (off);
}

static void
record_failure (struct pbx_auth *auth,
                const struct sa *src)
{
  struct pbx_offender *off;
  struct sa key;
  uint64_t now = now_ms ();
  char addr[64];

  offender_key (&key, src);
  off = offender_find (auth, &key);

  if (!off)
    {
      if (auth->offenderc >= OFFENDERS_MAX)
        {
          if (!auth->offenders_full_logged)
            g_message ("Too many addresses failing SIP authentication; not tracking more");
          auth->offenders_full_logged = true;
          return;
        }

      off = mem_zalloc (sizeof (*off), offender_destructor);
      if (!off)
        return;

      off->auth = auth;
      off->key = key;
      auth->offenderc++;
      hash_append (auth->offenders, sa_hash (&key, SA_ADDR), &off->he, off);
    }

  if (off->blocked_until > now)
    return;

  if (off->blocked_until || now >= off->window_end)
    {
      off->blocked_until = 0;
      off->failc = 0;
      off->window_end = now + (uint64_t) auth->policy.window_s * 1000;
      tmr_start (&off->tmr, off->window_end - now, offender_timeout, off);
    }

  if (++off->failc < auth->policy.max_failures)
    return;

  off->blocked_until = now + (uint64_t) auth->policy.block_s * 1000;
  tmr_start (&off->tmr, off->blocked_until - now, offender_timeout, off);

  re_snprintf (addr, sizeof (addr), "%H", offender_key_print, &off->key);
  g_message ("Blocked SIP requests from %s for %u s after %u failed authentications", addr,
             auth->policy.block_s, off->failc);

  if (auth->blockh)
    auth->blockh (addr, auth->arg);
}

bool
pbx_auth_is_blocked (struct pbx_auth *auth,
                     const struct sa *addr)
{
  struct pbx_offender *off;
  struct sa key;

  offender_key (&key, addr);
  off = offender_find (auth, &key);

  return off && off->blocked_until > now_ms ();
}

static uint32_t
now_s (void)
{
  return (uint32_t) (now_ms () / 1000);
}

static void
nonce_mac (const struct pbx_auth *auth,
           uint32_t               ts,
           const struct sa       *src,
           uint8_t                mac[HMAC_SIZE])
{
  uint8_t data[4 + 16];
  size_t len = 4;

  data[0] = ts >> 24;
  data[1] = ts >> 16;
  data[2] = ts >> 8;
  data[3] = ts;

  if (sa_af (src) == AF_INET6)
    {
      sa_in6 (src, data + 4);
      len += 16;
    }
  else
    {
      uint32_t a = sa_in (src);

      data[4] = a >> 24;
      data[5] = a >> 16;
      data[6] = a >> 8;
      data[7] = a;
      len += 4;
    }

  hmac_sha1 (auth->secret, sizeof (auth->secret), data, len, mac, HMAC_SIZE);
}

static bool
nonce_is_fresh (const struct pbx_auth *auth,
                const struct pl       *nonce,
                const struct sa       *src)
{
  uint8_t mac[HMAC_SIZE];
  uint8_t diff = 0;
  struct pl ts_pl;
  uint32_t ts, now;

  if (nonce->l != NONCE_LEN)
    return false;

  for (size_t i = 0; i < NONCE_LEN; i++)
    if (!isxdigit ((unsigned char) nonce->p[i]))
      return false;

  ts_pl.p = nonce->p;
  ts_pl.l = TS_HEX;
  ts = pl_x32 (&ts_pl);
  nonce_mac (auth, ts, src, mac);

  /* Constant time: the comparison must not tell how many bytes matched. */
  for (size_t i = 0; i < MAC_SIZE; i++)
    {
      const char *h = nonce->p + TS_HEX + 2 * i;

      diff |= ((ch_hex (h[0]) << 4) | ch_hex (h[1])) ^ mac[i];
    }

  if (diff)
    return false;

  now = now_s ();
  return ts <= now && now - ts <= NONCE_LIFETIME_S;
}

static bool
has_our_realm (const struct sip_hdr *hdr,
               const struct sip_msg *msg,
               void                 *arg)
{
  const struct pbx_auth *auth = arg;
  struct httpauth_digest_resp resp;

  if (httpauth_digest_response_decode (&resp, &hdr->val))
    return false;

  return 0 == pl_strcmp (&resp.realm, auth->realm);
}

enum pbx_auth_result
pbx_auth_check (struct pbx_auth      *auth,
                const struct sip_msg *msg,
                const struct pl      *aor_user)
{
  struct httpauth_digest_resp resp;
  const struct sip_hdr *hdr;
  struct pbx_account *acc;
  uint8_t ha1[MD5_SIZE];
  bool right;
  int err;

  /* Credentials for another realm, or none we can read, are no attempt at
   * all: answer with a challenge and count nothing. */
  hdr = sip_msg_hdr_apply (msg, true, SIP_HDR_AUTHORIZATION, has_our_realm, auth);
  if (!hdr || httpauth_digest_response_decode (&resp, &hdr->val))
    return PBX_AUTH_CHALLENGE;

  /* An unknown user takes the same path and the same time as a known one
   * with a wrong password, so the answers cannot tell them apart. The dummy
   * HA1 uses our secret: nobody can answer it. */
  acc = account_find (auth, &resp.username);
  if (acc)
    err = md5_printf (ha1, "%s:%s:%s", acc->user, auth->realm, acc->password);
  else
    err = md5_printf (ha1, "%r:%s:%w", &resp.username, auth->realm, auth->secret,
                      sizeof (auth->secret));
  if (err)
    return PBX_AUTH_CHALLENGE;

  right = 0 == httpauth_digest_response_auth (&resp, &msg->met, ha1);
  explicit_bzero (ha1, sizeof (ha1));

  /* A user may only act for their own address of record. */
  if (!right || !acc || pl_cmp (&resp.username, aor_user) != 0)
    {
      record_failure (auth, &msg->src);
      return PBX_AUTH_FAILED;
    }

  if (!nonce_is_fresh (auth, &resp.nonce, &msg->src))
    return PBX_AUTH_STALE;

  return PBX_AUTH_OK;
}

int
pbx_auth_reply_challenge (struct pbx_auth      *auth,
                          struct sip           *sip,
                          const struct sip_msg *msg,
                          bool                  stale)
{
  uint8_t mac[HMAC_SIZE];
  uint32_t ts = now_s ();

  nonce_mac (auth, ts, &msg->src, mac);

  return sip_replyf (sip, msg, 401, "Unauthorized",
                     "WWW-Authenticate: Digest realm=\"%s\", nonce=\"%08x%w\","
                     " qop=\"auth\", algorithm=MD5%s\r\n"
                     "Content-Length: 0\r\n"
                     "\r\n",
                     auth->realm, ts, mac, (size_t) MAC_SIZE, stale ? ", stale=true" : "");
}

int
pbx_auth_set_account (struct pbx_auth *auth,
                      const char      *user,
                      const char      *password,
                      bool            *changed)
{
  struct pbx_account *acc;
  struct pl user_pl;
  char *copy = NULL;
  int err;

  if (!auth || !str_isset (user) || !password)
    return EINVAL;

  *changed = false;
  pl_set_str (&user_pl, user);
  acc = account_find (auth, &user_pl);

  if (acc)
    {
      if (0 == strcmp (acc->password, password))
        return 0;

      err = str_dup (&copy, password);
      if (err)
        return err;

      wipe_str (acc->password);
      mem_deref (acc->password);
      acc->password = copy;
      *changed = true;
      return 0;
    }

  acc = mem_zalloc (sizeof (*acc), account_destructor);
  if (!acc)
    return ENOMEM;

  err = str_dup (&acc->user, user);
  if (err)
    goto out;

  err = str_dup (&acc->password, password);
  if (err)
    goto out;

  hash_append (auth->accounts, hash_joaat_str (user), &acc->he, acc);

out:
  if (err)
    mem_deref (acc);

  return err;
}

bool
pbx_auth_remove_account (struct pbx_auth *auth,
                         const char      *user)
{
  struct pbx_account *acc;
  struct pl user_pl;

  pl_set_str (&user_pl, user);
  acc = account_find (auth, &user_pl);
  mem_deref (acc);

  return acc != NULL;
}

/* Only for a party that proved who it is (a REFER from an operator's
 * phone): to anybody else the registrar answers an unknown user and a
 * wrong password alike, and so must everything else. */
bool
pbx_auth_has_account (const struct pbx_auth *auth,
                      const char            *user)
{
  struct pl user_pl;

  if (!auth || !str_isset (user))
    return false;

  pl_set_str (&user_pl, user);
  return account_find (auth, &user_pl) != NULL;
}

int
pbx_auth_set_realm (struct pbx_auth *auth,
                    const char      *realm)
{
  char *copy = NULL;
  int err;

  if (!auth || !str_isset (realm))
    return EINVAL;

  err = str_dup (&copy, realm);
  if (err)
    return err;

  mem_deref (auth->realm);
  auth->realm = copy;

  return 0;
}

void
pbx_auth_set_policy (struct pbx_auth         *auth,
                     const DeskPbxAuthPolicy *policy)
{
  auth->policy = *policy;
}

static void
auth_destructor (void *arg)
{
  struct pbx_auth *auth = arg;

  hash_flush (auth->offenders);
  mem_deref (auth->offenders);
  hash_flush (auth->accounts);
  mem_deref (auth->accounts);
  mem_deref (auth->realm);
  explicit_bzero (auth->secret, sizeof (auth->secret));
}

int
pbx_auth_alloc (struct pbx_auth        **authp,
                const char              *realm,
                const DeskPbxAuthPolicy *policy,
                pbx_blocked_h           *blockh,
                void                    *arg)
{
  struct pbx_auth *auth;
  int err;

  if (!authp || !policy)
    return EINVAL;

  auth = mem_zalloc (sizeof (*auth), auth_destructor);
  if (!auth)
    return ENOMEM;

  auth->policy = *policy;
  auth->blockh = blockh;
  auth->arg = arg;
  rand_bytes (auth->secret, sizeof (auth->secret));

  err = hash_alloc (&auth->accounts, ACCOUNTS_HASH_SIZE);
  if (err)
    goto out;

  err = hash_alloc (&auth->offenders, OFFENDERS_HASH_SIZE);
  if (err)
    goto out;

  err = pbx_auth_set_realm (auth, realm);

out:
  if (err)
    mem_deref (auth);
  else
    *authp = auth;

  return err;
}
