/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the facade (desk-pbx.c) and the engine share. Nothing here names a
 * libre type: the facade converts libre's errno-style codes to GError and
 * never touches a libre object. */

#include "desk-pbx.h"

G_BEGIN_DECLS

#define DESK_PBX_DEFAULT_REALM "frontdesk"

/* Longest user name and password the engine accepts; SIP phones have similar
 * limits and the bounds keep a hostile caller from growing our tables. */
#define DESK_PBX_USER_MAX     64
#define DESK_PBX_PASSWORD_MAX 128
#define DESK_PBX_REALM_MAX    128

/* Registration intervals the registrar grants by default, in seconds
 * (RFC 3261 10.3): shorter requests get 423, longer ones are cut. */
#define DESK_PBX_EXPIRES_MIN  60
#define DESK_PBX_EXPIRES_MAX  3600

typedef struct
{
  guint max_failures;   /* failed digest answers from one address ... */
  guint window_s;       /* ... within this many seconds ... */
  guint block_s;        /* ... block it for this long */
} DeskPbxAuthPolicy;

#define DESK_PBX_AUTH_POLICY_DEFAULT ((DeskPbxAuthPolicy) { 10, 60, 600 })

/* See DeskPbxCallLimits in desk-pbx.h; the total is further cut to what the
 * process's file descriptors allow (desk-pbx-guard.c). */
#define DESK_PBX_CALL_LIMITS_DEFAULT ((DeskPbxCallLimits) { 20, 500, 120, 30 })

/* Lets events queued by the PBX thread find the facade if it still lives.
 * Reference counted with g_atomic_rc_box: each queued event holds one. */
typedef struct
{
  GWeakRef pbx;
} DeskPbxSink;

DeskPbxSink *_desk_pbx_sink_new   (DeskPbx     *pbx);
DeskPbxSink *_desk_pbx_sink_ref   (DeskPbxSink *sink);
void         _desk_pbx_sink_unref (DeskPbxSink *sink);

typedef enum
{
  DESK_PBX_EVENT_REGISTRATION,
  DESK_PBX_EVENT_AUTH_BLOCKED,
  DESK_PBX_EVENT_CALL_INCOMING,
  DESK_PBX_EVENT_CALL_RINGING,
  DESK_PBX_EVENT_CALL_ANSWERED,
  DESK_PBX_EVENT_CALL_HELD,
  DESK_PBX_EVENT_CALL_RESUMED,
  DESK_PBX_EVENT_CALL_ENDED,
  DESK_PBX_EVENT_DIGIT,
  DESK_PBX_EVENT_PLAYBACK_FINISHED,
  DESK_PBX_EVENT_DIGITS_COLLECTED,
  DESK_PBX_EVENT_TRUNK_STATE,
  DESK_PBX_EVENT_RECORDING_FINISHED,
  /* call_id: the leg that got a new peer; code: that peer's call id; user:
   * the operator on that peer, if any; text: "blind", "attended" or
   * "replaces". */
  DESK_PBX_EVENT_CALL_TRANSFERRED,
  /* call_id: the leg that was to hand its peer on; code: a SIP status;
   * text: why. */
  DESK_PBX_EVENT_CALL_TRANSFER_FAILED,
} DeskPbxEventType;

/* Built in the PBX thread with GLib allocations, freed in the main context.
 * Which fields a call event fills is said at each signal in desk-pbx-calls.c. */
typedef struct
{
  DeskPbxEventType type;
  char *user;           /* registration; call: the authenticated or answering user */
  char *contact;
  char *source;         /* registration: "ip:port"; auth-blocked: the address */
  gboolean registered;

  guint call_id;
  guint code;           /* call-ended: a SIP status code */
  char digit;
  char *from_uri;
  char *to_user;
  char *text;           /* call-ended: reason; digit: its source; collected: digits */
  char *detail;         /* digits-collected: why collection ended */
  gboolean from_trunk;  /* call-incoming: the INVITE came from the SIP trunk */
  guint duration_ms;    /* recording-finished (its path in text) */
} DeskPbxEvent;

void _desk_pbx_event_free (DeskPbxEvent *event);
void _desk_pbx_dispatch_event (DeskPbx *self, const DeskPbxEvent *event);

typedef struct _DeskPbxEngine DeskPbxEngine;
typedef struct _DeskPbxRecFile DeskPbxRecFile;

/* Commands about calls, built by the facade and handed with their ownership
 * to the PBX thread. */
typedef enum
{
  DESK_PBX_CALL_ANSWER,
  DESK_PBX_CALL_REJECT,
  DESK_PBX_CALL_RING,
  DESK_PBX_CALL_BRIDGE,
  DESK_PBX_CALL_UNBRIDGE,
  DESK_PBX_CALL_HANGUP,
  DESK_PBX_CALL_PLAY,
  DESK_PBX_CALL_STOP_PLAYBACK,
  DESK_PBX_CALL_COLLECT,
  DESK_PBX_CALL_SET_MOH,
  DESK_PBX_CALL_DIAL_OUT,
  DESK_PBX_CALL_RECORD_START,
  DESK_PBX_CALL_RECORD_PAUSE,
  DESK_PBX_CALL_RECORD_RESUME,
  DESK_PBX_CALL_RECORD_STOP,
  /* The leg named by call_id hands its peer on: to the phones of users[0]
   * (code: seconds to ring), or to the peer of other_id (attended). */
  DESK_PBX_CALL_TRANSFER,
  DESK_PBX_CALL_TRANSFER_ATTENDED,
  /* The peers of call_id and other_id, and other_id itself, are mixed. */
  DESK_PBX_CALL_CONFERENCE,
  /* RFC 4733 events for the keypad digits in number, paced. */
  DESK_PBX_CALL_SEND_DTMF,
} DeskPbxCallOp;

typedef struct
{
  DeskPbxCallOp op;
  guint call_id;
  guint other_id;       /* bridge */
  guint code;           /* reject, hangup: SIP status; ring: seconds to ring */
  char **users;         /* ring */
  char *caller_id;      /* ring: the From user the phones show; dial-out: NULL
                         * for the trunk's own */
  char *number;         /* dial-out: the number the provider calls;
                         * send-dtmf: the digits */
  GBytes *pcm;          /* play, set-moh: s16 mono 8 kHz; NULL stops MOH */
  gboolean loop;        /* play: loop; bridge: call_id outlives other_id */
  guint max_digits;     /* collect */
  guint timeout_ms;
  char terminator;
  DeskPbxRecFile *rec_file;   /* record-start */
} DeskPbxCallCommand;

#define DESK_PBX_RATE          8000
#define DESK_PBX_FRAME_SAMPLES 160    /* 20 ms at 8 kHz */

void    _desk_pbx_call_command_free (DeskPbxCallCommand *cmd);

/* desk-pbx-record.c: a recording's WAV file, created (valid and empty) on
 * the calling thread, then handed with its ownership to the engine. */
DeskPbxRecFile *_desk_pbx_rec_file_create (const char      *path,
                                           GError         **error);
void            _desk_pbx_rec_file_free   (DeskPbxRecFile  *file);

/* desk-pbx-recordings.c: the recording half of the facade. */
void     _desk_pbx_recordings_class_init   (GObjectClass       *klass);
void     _desk_pbx_dispatch_recording_event (DeskPbx           *self,
                                             const DeskPbxEvent *event);

/* desk-pbx-prompt.c, main thread: a sound file as 8 kHz mono s16 samples,
 * decoded once and cached by path (and checked against the file's size and
 * modification time). */
GBytes *_desk_pbx_prompt_load       (const char  *path,
                                     GError     **error);

/* desk-pbx-calls.c: the call half of the facade. */
void     _desk_pbx_calls_class_init  (GObjectClass       *klass);
void     _desk_pbx_dispatch_call_event (DeskPbx          *self,
                                        const DeskPbxEvent *event);

/* What the call half of the facade keeps, inside DeskPbx. */
typedef struct
{
  GHashTable *calls;    /* call id → DeskPbxCallInfo, live calls as the events tell */
  GBytes *moh;          /* music on hold, given to the engine at every start */
  GHashTable *recordings; /* start call id → WAV path, until recording-finished */
} DeskPbxCallState;

void     _desk_pbx_call_state_init   (DeskPbxCallState   *state);
void     _desk_pbx_call_state_clear  (DeskPbxCallState   *state);
/* Gives a freshly started engine what it must know about calls. */
void     _desk_pbx_calls_started     (DeskPbx            *self);
/* Counts an outgoing call made by another part of the facade (the trunk's
 * dial-out) among the live calls, as desk_pbx_ring() does its own. */
void     _desk_pbx_calls_add_outgoing (DeskPbx           *self,
                                       guint              call_id);
DeskPbxEngine    *_desk_pbx_get_engine     (DeskPbx *self);
DeskPbxCallState *_desk_pbx_get_call_state (DeskPbx *self);
/* Whether the engine runs and has reported @call_id, with a GError if not. */
gboolean _desk_pbx_check_call        (DeskPbx            *self,
                                      guint               call_id,
                                      GError            **error);
/* Hands @cmd (always taken) to the engine; a full queue is DESK_ERROR_LIMIT. */
gboolean _desk_pbx_push_call_command (DeskPbx            *self,
                                      DeskPbxCallCommand *cmd,
                                      GError            **error);

typedef struct
{
  char *address;
  guint port;
  char *realm;
  GHashTable *accounts;  /* user → password, a copy the engine keeps */
  DeskPbxAuthPolicy policy;
  guint min_expires;
  guint max_expires;
  DeskPbxCallLimits limits;
} DeskPbxEngineConfig;

/* All return 0 or an errno value (libre's convention). */
int  _desk_pbx_engine_start        (const DeskPbxEngineConfig *config,
                                    DeskPbxSink               *sink,
                                    GMainContext              *context,
                                    DeskPbxEngine            **enginep);
void _desk_pbx_engine_stop         (DeskPbxEngine *engine);
guint _desk_pbx_engine_get_port    (DeskPbxEngine *engine);
int  _desk_pbx_engine_set_account  (DeskPbxEngine *engine,
                                    const char    *user,
                                    const char    *password);
int  _desk_pbx_engine_remove_account (DeskPbxEngine *engine,
                                      const char    *user);
int  _desk_pbx_engine_set_realm    (DeskPbxEngine *engine,
                                    const char    *realm);
int  _desk_pbx_engine_set_policy   (DeskPbxEngine           *engine,
                                    const DeskPbxAuthPolicy *policy);
int  _desk_pbx_engine_set_expiry   (DeskPbxEngine *engine,
                                    guint          min_s,
                                    guint          max_s);
int  _desk_pbx_engine_set_call_limits (DeskPbxEngine           *engine,
                                       const DeskPbxCallLimits *limits);
/* Takes @cmd (freed on failure too). */
int  _desk_pbx_engine_call         (DeskPbxEngine      *engine,
                                    DeskPbxCallCommand *cmd);
guint _desk_pbx_engine_new_call_id (DeskPbxEngine *engine);

G_END_DECLS
