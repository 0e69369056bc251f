/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DESK_SOFTPHONE_FRAME_SAMPLES:
 *
 * Samples in one 20 ms frame of the softphone's audio: signed 16-bit,
 * 8 kHz, mono.
 */
#define DESK_SOFTPHONE_FRAME_SAMPLES 160

/**
 * DeskSoftphoneCallState:
 * @DESK_SOFTPHONE_CALL_RINGING: an incoming call rings, or an outgoing one is being set up
 * @DESK_SOFTPHONE_CALL_ACTIVE: the call is up and audio flows
 * @DESK_SOFTPHONE_CALL_HELD: this side put the call on hold
 * @DESK_SOFTPHONE_CALL_ENDED: the call is over
 *
 * The states a softphone call goes through.
 */
typedef enum {
  DESK_SOFTPHONE_CALL_RINGING,
  DESK_SOFTPHONE_CALL_ACTIVE,
  DESK_SOFTPHONE_CALL_HELD,
  DESK_SOFTPHONE_CALL_ENDED,
} DeskSoftphoneCallState;

GType desk_softphone_call_state_get_type (void);
#define DESK_TYPE_SOFTPHONE_CALL_STATE (desk_softphone_call_state_get_type ())

/**
 * DeskSoftphoneReadFunc:
 * @samples: (out caller-allocates) (array length=n_samples): where to put the audio to send
 * @n_samples: always %DESK_SOFTPHONE_FRAME_SAMPLES
 * @user_data: the data given to desk_softphone_set_audio()
 *
 * Fills 20 ms of what the operator says. It runs in the softphone's SIP
 * thread, every 20 ms while a call is up: it must not block.
 */
typedef void (*DeskSoftphoneReadFunc)  (gint16       *samples,
                                        guint         n_samples,
                                        gpointer      user_data);

/**
 * DeskSoftphoneWriteFunc:
 * @samples: (array length=n_samples): 20 ms of what the other side says
 * @n_samples: always %DESK_SOFTPHONE_FRAME_SAMPLES
 * @user_data: the data given to desk_softphone_set_audio()
 *
 * Takes 20 ms of decoded audio, in the softphone's SIP thread: it must not
 * block.
 */
typedef void (*DeskSoftphoneWriteFunc) (const gint16 *samples,
                                        guint         n_samples,
                                        gpointer      user_data);

#define DESK_TYPE_SOFTPHONE (desk_softphone_get_type ())
G_DECLARE_FINAL_TYPE (DeskSoftphone, desk_softphone, DESK, SOFTPHONE, GObject)

DeskSoftphone *desk_softphone_new            (void);
gboolean       desk_softphone_start          (DeskSoftphone          *self,
                                              const char             *server_host,
                                              guint                   sip_port,
                                              const char             *user,
                                              const char             *password,
                                              GError                **error);
void           desk_softphone_stop           (DeskSoftphone          *self);
gboolean       desk_softphone_get_registered (DeskSoftphone          *self);
guint          desk_softphone_get_local_port (DeskSoftphone          *self);

void           desk_softphone_set_audio      (DeskSoftphone          *self,
                                              DeskSoftphoneReadFunc   capture,
                                              DeskSoftphoneWriteFunc  playback,
                                              gpointer                user_data);
void           desk_softphone_set_muted      (DeskSoftphone          *self,
                                              gboolean                muted);
gboolean       desk_softphone_get_muted      (DeskSoftphone          *self);

guint          desk_softphone_dial           (DeskSoftphone          *self,
                                              const char             *number,
                                              GError                **error);
gboolean       desk_softphone_answer         (DeskSoftphone          *self,
                                              guint                   call_id,
                                              GError                **error);
void           desk_softphone_hangup         (DeskSoftphone          *self,
                                              guint                   call_id);
gboolean       desk_softphone_hold           (DeskSoftphone          *self,
                                              guint                   call_id,
                                              gboolean                hold,
                                              GError                **error);
gboolean       desk_softphone_send_dtmf      (DeskSoftphone          *self,
                                              guint                   call_id,
                                              const char             *digits,
                                              GError                **error);
DeskSoftphoneCallState desk_softphone_get_call_state (DeskSoftphone *self,
                                                      guint          call_id);

G_END_DECLS
