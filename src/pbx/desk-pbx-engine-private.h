/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PBX thread's side: libre objects (mem_zalloc + destructor, errno-style
 * int results). Everything declared here is created, used and freed only in
 * the PBX thread; libre 1.1.0's reference counts are not atomic. */

#include "desk-pbx-private.h"

#include <re.h>
#include <rem.h>

/* What a REGISTER without any expiry asks for (then cut to the maximum). */
#define PBX_EXPIRES_DEFAULT 3600

/* The methods the engine takes, in every answer that lists them (OPTIONS,
 * 501, the sessions' own requests and answers). */
#define PBX_ALLOW_HDR "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER\r\n"

/* Bindings one user may hold at once (desk phone, softphone, mobile...). */
#define PBX_BINDINGS_MAX    10

struct pbx_auth;
struct pbx_registrar;
struct pbx_guard;

/* desk-pbx-transport.c: UDP and TCP on one port of @address (NULL, "0.0.0.0"
 * or "::": every address the host has); port 0 takes a port free for both.
 * Sets *portp to the port bound. */
int  pbx_transport_bind      (struct sip  *sip,
                              const char  *address,
                              guint        port,
                              guint       *portp);

/* desk-pbx-transport.c: what libre's parser lets through but RFC 3261
 * refuses (a Content-Length or CSeq that is no number, duplicate headers,
 * NUL bytes, Max-Forwards 0 on an INVITE, an unknown Require). Returns
 * true when @msg has been answered or dropped. */
bool pbx_transport_check_request (struct sip           *sip,
                                  const struct sip_msg *msg);
/* Installs the datagram hook on the UDP socket that carried @msg, once
 * (the socket owns it): leading CRLFs, RFC 2543 requests (a Via without
 * branch), the Contact of phones of @reg behind NAT. */
void pbx_transport_hook_udp      (const struct sip_msg *msg,
                                  struct pbx_registrar *reg);

/* desk-pbx-guard.c: limits on inbound calls that ring, against floods of
 * INVITEs that nobody answers. */

struct pbx_guard;

enum pbx_guard_class {
  PBX_GUARD_OUTSIDE,    /* anybody: counted per source address and in total */
  PBX_GUARD_TRUNK,      /* the office's provider, one address: in total only */
  PBX_GUARD_PHONE,      /* a phone that proved who it is: not counted */
};

int      pbx_guard_alloc      (struct pbx_guard        **guardp,
                               const DeskPbxCallLimits  *limits);
void     pbx_guard_set_limits (struct pbx_guard         *guard,
                               const DeskPbxCallLimits  *limits);
/* Answers 503 with Retry-After and returns false past a limit. */
bool     pbx_guard_admit      (struct pbx_guard         *guard,
                               struct sip               *sip,
                               const struct sip_msg     *msg,
                               enum pbx_guard_class      cls);
/* Counts call @id as ringing until pbx_guard_done(); idempotent. */
void     pbx_guard_ringing    (struct pbx_guard         *guard,
                               uint32_t                  id,
                               const struct sa          *src,
                               enum pbx_guard_class      cls);
void     pbx_guard_done       (struct pbx_guard         *guard,
                               uint32_t                  id);
uint32_t pbx_guard_ring_ms    (const struct pbx_guard   *guard);
/* The guard of the engine whose calls got @engine_arg as their event
 * argument (desk-pbx-engine.c); NULL before it starts or after it stops. */
struct pbx_guard *pbx_engine_guard (void *engine_arg);

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
/* Whether @user is one of the office's accounts. Tell only an
 * authenticated party. */
bool pbx_auth_has_account    (const struct pbx_auth *auth,
                              const char            *user);
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

typedef void (pbx_contact_h) (const char      *uri,
                              const struct sa *src,
                              enum sip_transp  tp,
                              void            *arg);

/* The user bound at this source address (ip and port), or NULL. */
const char *pbx_registrar_user_at (struct pbx_registrar *reg,
                                   const struct sa      *src);
/* Calls @contacth for each live binding of @user; returns how many. */
uint32_t    pbx_registrar_contacts (struct pbx_registrar *reg,
                                    const char           *user,
                                    pbx_contact_h        *contacth,
                                    void                 *arg);

/* desk-pbx-call.c: call legs (sipsess), bridging and the 20 ms media clock. */

struct pbx_calls;

/* Takes the event (GLib-allocated) and queues it for the main context. */
typedef void (pbx_event_h) (DeskPbxEvent *event, void *arg);
/* A new call id, unique for the process. */
typedef guint (pbx_callid_h) (void *arg);

int  pbx_calls_alloc   (struct pbx_calls     **callsp,
                        struct sip            *sip,
                        struct pbx_auth       *auth,
                        struct pbx_registrar  *reg,
                        pbx_callid_h          *idh,
                        pbx_event_h           *eventh,
                        void                  *arg);
void pbx_calls_command (struct pbx_calls   *calls,
                        DeskPbxCallCommand *cmd);
/* Hangs up every call at once; the owner then frees @calls. */
void pbx_calls_close   (struct pbx_calls   *calls);

/* desk-pbx-media.c: one leg's RTP with G.711 and telephone-event, its jitter
 * buffer and its PCM frame of this tick. */

struct pbx_media;

typedef void (pbx_digit_h) (char digit, bool rfc4733, void *arg);

int  pbx_media_alloc        (struct pbx_media **mp,
                             const struct sa   *laddr,
                             pbx_digit_h       *digith,
                             void              *arg);
/* SDP: our offer; the remote offer or answer; our answer to its offer. */
int  pbx_media_offer        (struct pbx_media *m,
                             struct mbuf     **descp);
int  pbx_media_decode       (struct pbx_media *m,
                             struct mbuf      *mb,
                             bool              offer);
int  pbx_media_answer       (struct pbx_media *m,
                             struct mbuf     **descp);
bool pbx_media_ready        (const struct pbx_media *m);
/* The remote side asked us not to send (sendonly, inactive: hold). */
bool pbx_media_remote_holds (const struct pbx_media *m);
/* Tick, phase one: the next 20 ms of what the remote side says; @probe:
 * listen for in-band DTMF in it. */
void pbx_media_pull         (struct pbx_media *m,
                             bool              probe);
const int16_t *pbx_media_input (const struct pbx_media *m);
/* Tick, phase two: encode and send 20 ms, silence if @pcm is NULL. */
void pbx_media_send         (struct pbx_media *m,
                             const int16_t    *pcm);
/* Tick, last: the leg's RTCP report when it is due. */
void pbx_media_rtcp_tick    (struct pbx_media *m);

/* desk-pbx-dtmf.c: digits from RFC 4733 events and from the audio itself,
 * and collecting them for an IVR. */

struct pbx_dtmf;

int  pbx_dtmf_alloc   (struct pbx_dtmf **dp,
                       pbx_digit_h      *digith,
                       void             *arg);
void pbx_dtmf_event   (struct pbx_dtmf *d,
                       struct mbuf     *payload);
void pbx_dtmf_probe   (struct pbx_dtmf *d,
                       const int16_t   *pcm,
                       size_t           n);

/* Sending RFC 4733 events: the start and the end of each event that
 * arrives are told to @televh (to relay them); pbx_dtmf_send_event() sends
 * one as it comes, pbx_dtmf_queue() keypad digits paced like a person's
 * keys (EINVAL for a non-keypad character, ENOSPC past
 * PBX_DTMF_QUEUE_MAX pending). pbx_dtmf_poll(), once a tick, gives the
 * next packet's payload, or ENOENT. */
#define PBX_DTMF_QUEUE_MAX 64

typedef void (pbx_telev_h) (int event, bool end, void *arg);

void pbx_dtmf_set_relay  (struct pbx_dtmf *d,
                          pbx_telev_h     *televh);
int  pbx_dtmf_send_event (struct pbx_dtmf *d,
                          int              event,
                          bool             end);
int  pbx_dtmf_queue      (struct pbx_dtmf *d,
                          const char      *digits);
int  pbx_dtmf_poll       (struct pbx_dtmf *d,
                          bool            *marker,
                          struct mbuf     *mb);
/* desk-pbx-media.c: the leg's own pbx_dtmf. */
struct pbx_dtmf *pbx_media_dtmf (struct pbx_media *m);

/* desk-pbx-dtmf.c, for desk-pbx-call.c: the relay of an operator's keys to
 * the outside party they are bridged to (@arg: the operator's struct
 * pbx_call), and the send-dtmf command. */
struct pbx_call;

void pbx_call_relay_telev  (int              event,
                            bool             end,
                            void            *arg);
void pbx_call_send_digits  (struct pbx_call *call,
                            const char      *digits);

typedef void (pbx_collected_h) (const char *digits, const char *why, void *arg);

struct pbx_collect {
  char digits[33];
  uint32_t n;
  uint32_t max;
  char terminator;        /* 0: none */
  uint32_t timeout_ms;
  bool active;
  struct tmr tmr;
  pbx_collected_h *doneh;
  void *arg;
};

void pbx_collect_start (struct pbx_collect *c,
                        uint32_t            max,
                        uint32_t            timeout_ms,
                        char                terminator,
                        pbx_collected_h    *doneh,
                        void               *arg);
void pbx_collect_digit (struct pbx_collect *c,
                        char                digit);
void pbx_collect_stop  (struct pbx_collect *c);

/* desk-pbx-prompt.c, PBX thread: reads a cached prompt 20 ms at a time. */

struct pbx_player {
  GBytes *pcm;
  size_t pos;             /* in samples */
  bool loop;
};

void pbx_player_start  (struct pbx_player *p,
                        GBytes            *pcm,
                        bool               loop);
void pbx_player_stop   (struct pbx_player *p);
bool pbx_player_active (const struct pbx_player *p);
/* Fills one frame; false when a prompt without loop has ended (then the
 * player is stopped and @out holds the last samples and silence). */
bool pbx_player_read   (struct pbx_player *p,
                        int16_t            out[DESK_PBX_FRAME_SAMPLES]);
