/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-voice.h"

G_BEGIN_DECLS

/* How many texts this voice has synthesised (cache hits not counted). */
guint   _desk_voice_get_synthesis_count (DeskVoice     *self);

/* The text as it is fed to the synthesiser: control and format characters
 * become spaces, runs of white space one space, ends trimmed. */
char   *_desk_voice_clean_text          (const char    *text,
                                         GError       **error);

/* espeak's own phoneme notation for @text, for tests of its language rules. */
char   *_desk_voice_dup_phonemes        (const char    *language,
                                         const char    *text,
                                         GError       **error);

/* Windowed-sinc resampling of mono s16; returns @n_output samples. */
gint16 *_desk_voice_resample            (const gint16  *input,
                                         gsize          n_input,
                                         guint          input_rate,
                                         guint          output_rate,
                                         gsize         *n_output);

/* desk-voice-engine.c: espeak-ng behind one process-wide lock. */
gboolean    _desk_voice_engine_synthesize (const char    *voice_name,
                                           guint          words_per_minute,
                                           guint          pitch,
                                           const char    *text,
                                           GCancellable  *cancellable,
                                           GArray        *samples,
                                           guint         *rate,
                                           GError       **error);
char       *_desk_voice_engine_phonemes   (const char    *voice_name,
                                           const char    *text,
                                           GError       **error);
const char *_desk_voice_engine_version    (void);

G_END_DECLS
