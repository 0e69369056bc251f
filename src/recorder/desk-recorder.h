/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DESK_TYPE_RECORDER (desk_recorder_get_type ())
G_DECLARE_FINAL_TYPE (DeskRecorder, desk_recorder, DESK, RECORDER, GObject)

DeskRecorder *desk_recorder_new           (void);
void          desk_recorder_encode_async  (DeskRecorder         *self,
                                           const char           *wav_path,
                                           const char           *ogg_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      desk_recorder_encode_finish (DeskRecorder         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean      desk_recorder_encode        (const char           *wav_path,
                                           const char           *ogg_path,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
