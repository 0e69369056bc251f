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

G_END_DECLS
