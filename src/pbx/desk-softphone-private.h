/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The softphone's SIP thread (desk-softphone-ua.c) and its media
 * (desk-softphone-media.c). Like the PBX engine: libre objects live only
 * in that thread; the GLib side (desk-softphone.c) pushes commands
 * through libre's mqueue and hears back through events that it queues on
 * its own main context. */

#include "desk-softphone.h"

#include <re.h>
#include <rem.h>

G_BEGIN_DECLS

/* What the GLib side shares with the SIP thread for audio. The lock is
 * held while a callback runs, so that once desk_softphone_set_audio()
 * returns the old callbacks are never called again. */
typedef struct
{
  GMutex lock;
  DeskSoftphoneReadFunc capture;
  DeskSoftphoneWriteFunc playback;
  gpointer user_data;
  gint muted;                 /* atomic */
} SoftphoneAudio;

typedef enum {
  UA_EVENT_REGISTRATION,
  UA_EVENT_INCOMING,
  UA_EVENT_STATE,
  UA_EVENT_ENDED,
} UaEventType;

/* GLib-allocated in the SIP thread; ownership moves to the handler. */
typedef struct
{
  UaEventType type;
  guint call_id;
  gboolean registered;
  gboolean failed;            /* registration: the server refused us */
  DeskSoftphoneCallState state;
  guint code;
  char *text;                 /* why registration failed, or how the call ended */
  char *number;
  char *name;
} UaEvent;

void _desk_softphone_ua_event_free (UaEvent *event);

typedef void (*UaEventFunc) (UaEvent *event, gpointer user_data);

typedef enum {
  UA_CMD_QUIT = 1,
  UA_CMD_DIAL,
  UA_CMD_ANSWER,
  UA_CMD_HANGUP,
  UA_CMD_HOLD,
  UA_CMD_RESUME,
  UA_CMD_DTMF,
} UaCommandType;

typedef struct
{
  guint call_id;
  char *text;                 /* the number dialled, the digits */
} UaCommand;

typedef struct
{
  const char *server_ip;
  guint server_port;
  const char *local_ip;
  const char *user;
  const char *password;
} UaConfig;

typedef struct _SoftphoneUa SoftphoneUa;

int   _desk_softphone_ua_start   (const UaConfig  *config,
                                  SoftphoneAudio  *audio,
                                  UaEventFunc      eventh,
                                  gpointer         arg,
                                  SoftphoneUa    **uap);
/* Unregisters, hangs up and joins the thread. */
void  _desk_softphone_ua_stop    (SoftphoneUa     *ua);
guint _desk_softphone_ua_port    (SoftphoneUa     *ua);
/* Takes @cmd (g_new0, text g_strdup), whatever the result. */
int   _desk_softphone_ua_command (SoftphoneUa     *ua,
                                  UaCommandType    type,
                                  UaCommand       *cmd);

/* desk-softphone-media.c, SIP thread only: one call's RTP, SDP, G.711 and
 * RFC 4733 events. */

struct sp_media;

int  sp_media_alloc      (struct sp_media **mp,
                          const struct sa   *laddr);
int  sp_media_encode     (struct sp_media  *m,
                          bool              offer,
                          struct mbuf     **descp);
int  sp_media_decode     (struct sp_media  *m,
                          struct mbuf      *mb,
                          bool              offer);
bool sp_media_ready      (const struct sp_media *m);
/* Our direction: sendonly while we hold the call, else sendrecv. */
void sp_media_set_hold   (struct sp_media  *m,
                          bool              hold);
/* 20 ms of decoded audio into @pcm; false (and silence) when none came. */
bool sp_media_pull       (struct sp_media  *m,
                          int16_t          *pcm);
void sp_media_send       (struct sp_media  *m,
                          const int16_t    *pcm);
/* Queues RFC 4733 events; EPROTO when the peer takes none. */
int  sp_media_send_digit (struct sp_media  *m,
                          char              digit);

G_END_DECLS
