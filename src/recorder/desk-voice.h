/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the telephony engine plays best: 8 kHz, one channel, 16-bit PCM. */
#define DESK_VOICE_RATE 8000

/* A greeting longer than this is a mistake (or an attack on the CPU). */
#define DESK_VOICE_MAX_CHARS 2000

#define DESK_TYPE_VOICE (desk_voice_get_type ())
G_DECLARE_FINAL_TYPE (DeskVoice, desk_voice, DESK, VOICE, GObject)

DeskVoice  *desk_voice_new                  (const char           *cache_dir);
const char *desk_voice_get_cache_dir        (DeskVoice            *self);
guint       desk_voice_get_words_per_minute (DeskVoice            *self);
void        desk_voice_set_words_per_minute (DeskVoice            *self,
                                             guint                 words_per_minute);
guint       desk_voice_get_pitch            (DeskVoice            *self);
void        desk_voice_set_pitch            (DeskVoice            *self,
                                             guint                 pitch);

void        desk_voice_say_async            (DeskVoice            *self,
                                             const char           *language,
                                             const char           *text,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char       *desk_voice_say_finish           (DeskVoice            *self,
                                             GAsyncResult         *result,
                                             GError              **error);
char       *desk_voice_say_sync             (DeskVoice            *self,
                                             const char           *language,
                                             const char           *text,
                                             GCancellable         *cancellable,
                                             GError              **error);

gboolean    desk_voice_language_is_supported (const char          *language);
char       *desk_voice_case_status_text     (const char           *language,
                                             gint64                case_number,
                                             const char           *status_nick);

G_END_DECLS
