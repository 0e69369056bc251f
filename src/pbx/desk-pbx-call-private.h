/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the call legs (desk-pbx-call.c) and the outgoing forks
 * (desk-pbx-ring.c) share. PBX thread only. */

#include "desk-pbx-engine-private.h"

enum {
  SESS_HASH_SIZE  = 256,
  TICK_US         = 20000,    /* the media clock */
  RING_DEFAULT_S  = 60,
  RING_MAX_FORKS  = 32,
};

enum call_state {
  CALL_RINGING,       /* inbound: 180 sent; outbound: forks out */
  CALL_ANSWERING,     /* inbound: 200 sent, no ACK yet */
  CALL_UP,
  CALL_ENDED,
};

struct pbx_calls {
  struct sip *sip;
  struct sipsess_sock *sock;
  struct pbx_auth *auth;
  struct pbx_registrar *reg;
  struct list calll;
  int tick_fd;                    /* the media clock: a timerfd, see on_tick() */
  bool ticking;
  uint64_t next_tick;             /* monotonic µs */
  GBytes *moh;
  struct pbx_trunk *trunk;        /* borrowed from the engine; NULL: none */
  struct pbx_recorder *recorder;  /* the writer, made at the first recording */
  struct list xferl;              /* transfers waiting for their target */
  struct list confl;              /* conferences (desk-pbx-conference.c) */
  pbx_callid_h *idh;
  pbx_event_h *eventh;
  void *arg;
};

struct pbx_fork {
  struct le le;
  struct pbx_call *call;
  struct sipsess *sess;
  char *user;
  uint16_t scode;         /* its final failure, if any */
  bool ended;
  struct tmr tmr;
};

struct pbx_call {
  struct le le;
  struct pbx_calls *calls;
  uint32_t id;
  bool inbound;
  enum call_state state;
  struct sipsess *sess;   /* inbound; outbound: NULL, see winner */
  struct list forks;
  struct pbx_fork *winner;
  char *user;
  struct pbx_media *media;
  bool offered;           /* the INVITE carried an SDP offer */
  struct pbx_call *peer;
  bool outlives_peer;     /* stays up when its peer ends (desk_pbx_bridge_outliving) */
  bool held;
  bool ringing_told;
  struct pbx_player prompt;
  struct pbx_player moh;
  struct pbx_collect collect;
  struct pbx_rec *rec;    /* recording: this leg left, its peer right */
  struct pbx_conf_member *member; /* in a conference instead of a bridge */
  struct tmr tmr_ring;
  struct tmr tmr_free;
};


DeskPbxEvent *pbx_call_event_new   (DeskPbxEventType  type,
                                    struct pbx_call  *call);
void pbx_call_emit          (struct pbx_call  *call,
                             DeskPbxEvent     *event);
void pbx_call_emit_simple   (struct pbx_call  *call,
                             DeskPbxEventType  type);
int  pbx_call_alloc         (struct pbx_call  **callp,
                             struct pbx_calls  *calls,
                             bool               inbound,
                             const struct sa   *laddr);
void pbx_call_end           (struct pbx_call  *call,
                             uint16_t          code,
                             const char       *reason);
int  pbx_call_offer         (struct mbuf         **descp,
                             const struct sip_msg *msg,
                             void                 *arg);
void pbx_call_established   (const struct sip_msg *msg,
                             void                 *arg);
void pbx_call_close         (int                   err,
                             const struct sip_msg *msg,
                             void                 *arg);
void pbx_calls_tick_start   (struct pbx_calls *calls);
/* desk-pbx-record.c: recordings, their files written by one thread for
 * all calls. pbx_rec_tick() takes what both legs said this tick (NULL:
 * nothing, written as silence). */
bool pbx_record_handles     (DeskPbxCallOp       op);
void pbx_record_command     (struct pbx_calls   *calls,
                             struct pbx_call    *call,
                             DeskPbxCallCommand *cmd);
void pbx_rec_tick           (struct pbx_rec     *rec,
                             const int16_t      *left,
                             const int16_t      *right);
/* desk-pbx-call.c, for transfers and conferences */
struct pbx_call *pbx_call_find     (struct pbx_calls *calls,
                                    uint32_t          id);
void pbx_call_bridge        (struct pbx_call  *a,
                             struct pbx_call  *b);
void pbx_call_unbridge      (struct pbx_call  *call);
/* The leg's session: its own (inbound) or its answered fork's; or NULL. */
struct sipsess *pbx_call_sess (const struct pbx_call *call);
/* desk-pbx-transfer.c: REFER (blind, or attended with Replaces) from an
 * operator's phone, and the transfer commands. The hooks are told of every
 * leg that answers or ends. */
bool pbx_transfer_handles   (DeskPbxCallOp       op);
void pbx_transfer_command   (struct pbx_calls   *calls,
                             DeskPbxCallCommand *cmd);
void pbx_transfer_refer     (struct sip           *sip,
                             const struct sip_msg *msg,
                             void                 *arg);
void pbx_transfer_answered  (struct pbx_call  *call);
/* An INVITE with Replaces: true when it has been refused; otherwise
 * *replacedp is the leg it replaces, or NULL without Replaces. Then, once
 * the new leg is answered, pbx_transfer_replace() puts it in that place. */
bool pbx_transfer_invite_replaces (struct pbx_calls      *calls,
                                   const struct sip_msg  *msg,
                                   bool                   authenticated,
                                   struct pbx_call      **replacedp);
void pbx_transfer_replace   (struct pbx_call  *call,
                             struct pbx_call  *old);
/* Before the leg is taken down: a referrer that goes while its transfer
 * rings leaves its party behind, waiting for the target. */
void pbx_transfer_ending    (struct pbx_call  *call);
void pbx_transfers_close    (struct pbx_calls *calls);
/* desk-pbx-conference.c: legs mixed with librem's aumix. Each tick,
 * pbx_conf_tick() hands every member's input to the mixer and
 * pbx_conf_output() gives what a member hears (NULL: silence). */
void pbx_conf_command       (struct pbx_calls   *calls,
                             DeskPbxCallCommand *cmd);
void pbx_conf_tick          (struct pbx_calls   *calls);
const int16_t *pbx_conf_output (struct pbx_call *call,
                                int16_t          frame[DESK_PBX_FRAME_SAMPLES]);
void pbx_conf_leave         (struct pbx_call  *call,
                             uint16_t          code,
                             const char       *reason);
void pbx_confs_close        (struct pbx_calls *calls);
/* desk-pbx-ring.c */
void pbx_call_cancel_forks  (struct pbx_call *call);
void pbx_calls_ring         (struct pbx_calls         *calls,
                             const DeskPbxCallCommand *cmd);
