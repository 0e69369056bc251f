/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A pause in a recording, in sample frames. */
typedef struct
{
  guint32 at;
  guint32 length;
} PbxPause;

/* A stereo recording as the engine writes it (8 kHz, 16 bits). */
typedef struct
{
  gsize file_size;
  guint32 riff_size;
  guint16 format;
  guint16 channels;
  guint16 bits;
  guint32 rate;
  guint32 data_size;
  gint16 *samples;      /* interleaved */
  gsize frames;         /* samples per channel */
  GArray *pauses;       /* PbxPause: cue points labelled "pause", with their regions */
} PbxWav;

void     pbx_wav_clear          (PbxWav        *w);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbxWav, pbx_wav_clear)

/* Asserts that @data is 8 kHz 16-bit stereo PCM. @complete: the file is
 * finished, so every chunk is whole and the RIFF size is the file's;
 * otherwise (a file being written) only the header is trusted, and the file
 * may hold more samples than it says. */
void     pbx_wav_parse          (const char    *data,
                                 gsize          len,
                                 gboolean       complete,
                                 PbxWav        *w);
/* A finished file. */
void     pbx_wav_read           (const char    *path,
                                 PbxWav        *w);
double   pbx_wav_seconds        (const PbxWav  *w);

/* Of one second of one channel of interleaved stereo @s: the share of its
 * energy at @hz, and how many of its 100 ms blocks sound at all. */
double   pbx_wav_share          (const gint16  *s,
                                 double         hz);
guint    pbx_wav_loud_blocks    (const gint16  *s);
void     pbx_wav_log_seconds    (const PbxWav  *w,
                                 double         left_hz,
                                 double         right_hz);
/* Asserts, for each whole second in [@from, @to) (sample frames), a tone of
 * @left_hz alone on the left and of @right_hz alone on the right; returns
 * how many seconds it checked. */
guint    pbx_wav_assert_voices  (const PbxWav  *w,
                                 gsize          from,
                                 gsize          to,
                                 double         left_hz,
                                 double         right_hz);

G_END_DECLS
