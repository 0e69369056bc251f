/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The same ceiling the telephony engine puts on a prompt it plays. */
#define DESK_PROMPT_FILE_MAX_SECONDS (30 * 60)
/* Enough for 30 minutes of 48 kHz stereo 24-bit WAV, the largest thing an
 * owner could reasonably upload. */
#define DESK_PROMPT_FILE_MAX_BYTES ((goffset) 600 * 1024 * 1024)

gboolean desk_prompt_file_convert        (const char           *input_path,
                                          const char           *wav_path,
                                          GCancellable         *cancellable,
                                          GError              **error);
void     desk_prompt_file_convert_async  (const char           *input_path,
                                          const char           *wav_path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean desk_prompt_file_convert_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
