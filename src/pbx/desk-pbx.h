/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DESK_TYPE_PBX (desk_pbx_get_type ())

G_DECLARE_FINAL_TYPE (DeskPbx, desk_pbx, DESK, PBX, GObject)

DeskPbx    *desk_pbx_new             (void);

gboolean    desk_pbx_start           (DeskPbx     *self,
                                      const char  *address,
                                      guint        port,
                                      GError     **error);
void        desk_pbx_stop            (DeskPbx     *self);
gboolean    desk_pbx_is_running      (DeskPbx     *self);
guint       desk_pbx_get_port        (DeskPbx     *self);

const char *desk_pbx_get_realm       (DeskPbx     *self);
gboolean    desk_pbx_set_realm       (DeskPbx     *self,
                                      const char  *realm,
                                      GError     **error);

gboolean    desk_pbx_set_account     (DeskPbx     *self,
                                      const char  *user,
                                      const char  *password,
                                      GError     **error);
void        desk_pbx_remove_account  (DeskPbx     *self,
                                      const char  *user);

gboolean    desk_pbx_set_auth_policy (DeskPbx     *self,
                                      guint        max_failures,
                                      guint        window_seconds,
                                      guint        block_seconds,
                                      GError     **error);
gboolean    desk_pbx_set_expiry_limits (DeskPbx   *self,
                                        guint      min_seconds,
                                        guint      max_seconds,
                                        GError   **error);

/**
 * DeskPbxCallLimits:
 * @max_ringing_per_source: inbound calls from one IP address that may ring
 *   at once (default 20); calls from the SIP trunk are not counted here
 * @max_ringing: inbound calls that may ring at once in all (default 500;
 *   the engine lowers it to what its file descriptors allow)
 * @ring_timeout_seconds: how long an inbound call may ring before the
 *   engine ends it: the caller gets 480 Temporarily Unavailable and
 *   [signal@Pbx::call-ended] has cause 480 and reason "ring-timeout"
 *   (default 120)
 * @retry_after_seconds: the Retry-After of the 503 Service Unavailable that
 *   an INVITE gets past a limit (default 30)
 *
 * Limits on inbound calls that ring (not yet answered or rejected by the
 * office), against floods of INVITEs nobody answers: past a limit an INVITE
 * is refused before the engine spends a session or media socket on it.
 * Calls from phones that proved who they are (digest) count against
 * neither limit. See [method@Pbx.set_call_limits].
 */
typedef struct
{
  guint max_ringing_per_source;
  guint max_ringing;
  guint ring_timeout_seconds;
  guint retry_after_seconds;
} DeskPbxCallLimits;

gboolean    desk_pbx_set_call_limits (DeskPbx                 *self,
                                      const DeskPbxCallLimits *limits,
                                      GError                 **error);
void        desk_pbx_get_call_limits (DeskPbx                 *self,
                                      DeskPbxCallLimits       *limits);

/* Calls (desk-pbx-calls.c). Calls are legs known by a number; commands
 * return at once and their outcome comes back as signals. */

/**
 * DESK_PBX_CAUSE_NORMAL:
 *
 * The cause of a call that ended normally (a BYE, or [method@Pbx.hangup]
 * without a cause). Other causes are SIP status codes (400–699).
 */
#define DESK_PBX_CAUSE_NORMAL 200

gboolean    desk_pbx_answer          (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);
gboolean    desk_pbx_reject          (DeskPbx     *self,
                                      guint        call_id,
                                      guint        code,
                                      GError     **error);
guint       desk_pbx_ring            (DeskPbx            *self,
                                      const char * const *users,
                                      const char         *caller_id,
                                      guint               timeout_seconds,
                                      GError            **error);
gboolean    desk_pbx_bridge          (DeskPbx     *self,
                                      guint        call_a,
                                      guint        call_b,
                                      GError     **error);
gboolean    desk_pbx_bridge_outliving (DeskPbx    *self,
                                       guint       call_a,
                                       guint       call_b,
                                       GError    **error);
gboolean    desk_pbx_unbridge        (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);
gboolean    desk_pbx_hangup          (DeskPbx     *self,
                                      guint        call_id,
                                      guint        cause,
                                      GError     **error);
gboolean    desk_pbx_play            (DeskPbx     *self,
                                      guint        call_id,
                                      const char  *path,
                                      gboolean     loop,
                                      GError     **error);
gboolean    desk_pbx_stop_playback   (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);
gboolean    desk_pbx_collect_digits  (DeskPbx     *self,
                                      guint        call_id,
                                      guint        max_digits,
                                      guint        timeout_ms,
                                      char         terminator,
                                      GError     **error);
/**
 * DESK_PBX_DTMF_MAX:
 *
 * The most digits [method@Pbx.send_dtmf] takes at once.
 */
#define DESK_PBX_DTMF_MAX 32

gboolean    desk_pbx_send_dtmf       (DeskPbx     *self,
                                      guint        call_id,
                                      const char  *digits,
                                      GError     **error);
gboolean    desk_pbx_set_music_on_hold (DeskPbx   *self,
                                        const char *path,
                                        GError   **error);
gboolean    desk_pbx_has_call        (DeskPbx     *self,
                                      guint        call_id);

/* Transfers and conferences (desk-pbx-transfers.c). */
gboolean    desk_pbx_transfer        (DeskPbx     *self,
                                      guint        call_id,
                                      const char  *user,
                                      guint        timeout_seconds,
                                      GError     **error);
gboolean    desk_pbx_transfer_attended (DeskPbx   *self,
                                        guint      call_id,
                                        guint      consult_call_id,
                                        GError   **error);
gboolean    desk_pbx_conference      (DeskPbx     *self,
                                      guint        call_id,
                                      guint        consult_call_id,
                                      GError     **error);

/* Recording (desk-pbx-recordings.c): a bridged call as one stereo WAV
 * file, the caller on the left, the operator on the right. */
gboolean    desk_pbx_record_start    (DeskPbx     *self,
                                      guint        call_id,
                                      const char  *wav_path,
                                      GError     **error);
gboolean    desk_pbx_record_pause    (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);
gboolean    desk_pbx_record_resume   (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);
gboolean    desk_pbx_record_stop     (DeskPbx     *self,
                                      guint        call_id,
                                      GError     **error);

/* The office's SIP trunk (desk-pbx-trunk.c). */

/**
 * DeskPbxTrunk:
 * @registrar: the provider's registrar, "host" or "host:port" (port 5060
 *   if none; an IPv6 address in brackets); its host is the domain of the
 *   office's address of record and of the numbers called
 * @outbound_proxy: (nullable): "host[:port]" where every request goes
 *   instead of the registrar, if the provider says so
 * @username: the account's user name (the user of its address of record)
 * @auth_user: (nullable): the digest user name, if not @username
 * @password: the account's password
 * @caller_id: (nullable): the From user of calls made through the trunk
 *   (an E.164 number such as "+380441112233", or the provider's form);
 *   @username if %NULL
 * @registration: whether to register with the provider (some providers
 *   know the office by its address and need none)
 * @expires: the registration interval to ask for, 60–86400 s; 0 for 3600
 *
 * A SIP trunk to a provider, as [method@Pbx.set_trunk] takes it. The
 * strings are copied.
 */
typedef struct
{
  const char *registrar;
  const char *outbound_proxy;
  const char *username;
  const char *auth_user;
  const char *password;
  const char *caller_id;
  gboolean    registration;
  guint       expires;
} DeskPbxTrunk;

gboolean    desk_pbx_set_trunk          (DeskPbx            *self,
                                         const DeskPbxTrunk *trunk,
                                         GError            **error);
void        desk_pbx_clear_trunk        (DeskPbx            *self);
gboolean    desk_pbx_has_trunk          (DeskPbx            *self);
gboolean    desk_pbx_trunk_is_registered (DeskPbx           *self);
guint       desk_pbx_dial_out           (DeskPbx            *self,
                                         const char         *number,
                                         const char         *caller_id,
                                         GError            **error);
gboolean    desk_pbx_call_is_from_trunk (DeskPbx            *self,
                                         guint               call_id);

G_END_DECLS
