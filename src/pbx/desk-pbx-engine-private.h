/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PBX thread's side: libre objects (mem_zalloc + destructor, errno-style
 * int results). Everything declared here is created, used and freed only in
 * the PBX thread; libre 1.1.0's reference counts are not atomic. */

#include "desk-pbx-private.h"

#include <re.h>

/* What a REGISTER without any expiry asks for (then cut to the maximum). */
#define PBX_EXPIRES_DEFAULT 3600

/* Bindings one user may hold at once (desk phone, softphone, mobile...). */
#define PBX_BINDINGS_MAX    10

struct pbx_auth;
struct pbx_registrar;

/* desk-pbx-auth.c: the credentials pushed by the office layer, digest
 * challenges with stateless nonces, and the block list of addresses that
 * keep failing. */

enum pbx_auth_result {
  PBX_AUTH_OK,          /* right answer to a fresh nonce */
  PBX_AUTH_CHALLENGE,   /* no credentials for our realm: send a challenge */
  PBX_AUTH_STALE,       /* right answer to an old nonce: challenge, stale=true */
  PBX_AUTH_FAILED,      /* wrong answer, unknown user, or not the user's AOR */
};

typedef void (pbx_blocked_h) (const char *address, void *arg);

int  pbx_auth_alloc          (struct pbx_auth        **authp,
                              const char              *realm,
                              const DeskPbxAuthPolicy *policy,
                              pbx_blocked_h           *blockh,
                              void                    *arg);
int  pbx_auth_set_account    (struct pbx_auth *auth,
                              const char      *user,
                              const char      *password,
                              bool            *changed);
bool pbx_auth_remove_account (struct pbx_auth *auth,
                              const char      *user);
int  pbx_auth_set_realm      (struct pbx_auth *auth,
                              const char      *realm);
void pbx_auth_set_policy     (struct pbx_auth         *auth,
                              const DeskPbxAuthPolicy *policy);
bool pbx_auth_is_blocked     (struct pbx_auth  *auth,
                              const struct sa  *addr);
enum pbx_auth_result pbx_auth_check (struct pbx_auth       *auth,
                                     const struct sip_msg  *msg,
                                     const struct pl       *aor_user);
int  pbx_auth_reply_challenge (struct pbx_auth      *auth,
                               struct sip           *sip,
                               const struct sip_msg *msg,
                               bool                  stale);

/* desk-pbx-registrar.c: bindings of users to contacts, with expiry. */

typedef void (pbx_binding_h) (const char      *user,
                              const char      *contact,
                              const struct sa *src,
                              bool             registered,
                              void            *arg);

int  pbx_registrar_alloc       (struct pbx_registrar **regp,
                                struct sip            *sip,
                                struct pbx_auth       *auth,
                                pbx_binding_h         *bindh,
                                void                  *arg);
void pbx_registrar_set_expiry  (struct pbx_registrar *reg,
                                uint32_t              min_s,
                                uint32_t              max_s);
void pbx_registrar_handle      (struct pbx_registrar *reg,
                                const struct sip_msg *msg);
void pbx_registrar_drop_user   (struct pbx_registrar *reg,
                                const char           *user);
void pbx_registrar_drop_all    (struct pbx_registrar *reg);
