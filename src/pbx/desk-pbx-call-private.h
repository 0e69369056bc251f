/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the call legs (desk-pbx-call.c) and the outgoing forks
 * (desk-pbx-ring.c) share. PBX thread only. */

#include "desk-pbx-engine-private.h"

enum {
  SESS_HASH_SIZE  = 256,
  TICK_MS         = 20,
  RING_DEFAULT_S  = 60,
  RING_MAX_FORKS  = 32,
};

#define PBX_ALLOW_HDR "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER\r\n"

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
  struct tmr tick;
  uint64_t next_tick;
  GBytes *moh;
  struct pbx_trunk *trunk;        /* borrowed from the engine; NULL: none */
  struct pbx_recorder *recorder;  /* the writer, made at the first recording */
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
  bool held;
  bool ringing_told;
  struct pbx_player prompt;
  struct pbx_player moh;
  struct pbx_collect collect;
  struct pbx_rec *rec;    /* recording: this leg left, its peer right */
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
/* desk-pbx-ring.c */
void pbx_call_cancel_forks  (struct pbx_call *call);
void pbx_calls_ring         (struct pbx_calls         *calls,
                             const DeskPbxCallCommand *cmd);
