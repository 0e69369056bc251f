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
gboolean    desk_pbx_set_music_on_hold (DeskPbx   *self,
                                        const char *path,
                                        GError   **error);
gboolean    desk_pbx_has_call        (DeskPbx     *self,
                                      guint        call_id);

G_END_DECLS
