/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-wav.h"

#include "pbx-test-common.h"

#include <string.h>

/* Reading back the stereo WAV files the engine records, strictly: a file
 * that is finished must be whole and exact, one still being written must at
 * least be valid up to what its header says. */

void
pbx_wav_clear (PbxWav *w)
{
  g_clear_pointer (&w->samples, g_free);
  g_clear_pointer (&w->pauses, g_array_unref);
}

static guint32
le32 (const char *p)
{
  const guint8 *u = (const guint8 *) p;

  return u[0] | (u[1] << 8) | (u[2] << 16) | ((guint32) u[3] << 24);
}

static guint16
le16 (const char *p)
{
  const guint8 *u = (const guint8 *) p;

  return u[0] | (u[1] << 8);
}

/* The pauses from "cue " (positions) and "LIST adtl" (labels, regions). */
static void
parse_marks (PbxWav     *w,
             GHashTable *at,
             GHashTable *length,
             GHashTable *label)
{
  GHashTableIter iter;
  gpointer id, pos;

  g_hash_table_iter_init (&iter, at);
  while (g_hash_table_iter_next (&iter, &id, &pos))
    {
      PbxPause p = { GPOINTER_TO_UINT (pos), GPOINTER_TO_UINT (g_hash_table_lookup (length, id)) };

      g_assert_cmpstr (g_hash_table_lookup (label, id), ==, "pause");
      g_array_append_val (w->pauses, p);
    }
}

/* @complete: finished, so every chunk is whole and the RIFF size is the
 * file's; otherwise (a file being written) only the header is trusted and
 * the file may hold more samples than it says. */
void
pbx_wav_parse (const char *data,
               gsize       len,
               gboolean    complete,
               PbxWav     *w)
{
  g_autoptr (GHashTable) at = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) length = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) label = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gboolean have_fmt = FALSE, have_data = FALSE;
  gsize pos = 12;

  g_assert_cmpuint (len, >=, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpmem (data + 8, 4, "WAVE", 4);
  w->file_size = len;
  w->riff_size = le32 (data + 4);
  w->pauses = g_array_new (FALSE, TRUE, sizeof (PbxPause));
  if (complete)
    g_assert_cmpuint (w->riff_size + 8, ==, len);

  while (pos + 8 <= len)
    {
      const char *body = data + pos + 8;
      guint32 size = le32 (data + pos + 4);

      if (memcmp (data + pos, "data", 4) == 0)
        {
          g_assert_true (have_fmt);
          g_assert_cmpuint (pos + 8 + size, <=, len);
          g_assert_cmpuint (size % (w->channels * 2), ==, 0);
          w->data_size = size;
          w->frames = size / (w->channels * 2);
          w->samples = g_new (gint16, (gsize) size / 2 + 1);
          for (gsize i = 0; i < size / 2; i++)
            w->samples[i] = (gint16) le16 (body + 2 * i);
          have_data = TRUE;
          if (!complete)
            break;
        }

      g_assert_cmpuint (pos + 8 + size, <=, len);

      if (memcmp (data + pos, "fmt ", 4) == 0)
        {
          w->format = le16 (body);
          w->channels = le16 (body + 2);
          w->rate = le32 (body + 4);
          w->bits = le16 (body + 14);
          have_fmt = TRUE;
        }
      else if (memcmp (data + pos, "cue ", 4) == 0)
        {
          for (guint i = 0; i < le32 (body); i++)
            {
              const char *point = body + 4 + 24 * i;

              g_assert_cmpmem (point + 8, 4, "data", 4);
              g_hash_table_insert (at, GUINT_TO_POINTER (le32 (point)),
                                   GUINT_TO_POINTER (le32 (point + 20)));
            }
        }
      else if (memcmp (data + pos, "LIST", 4) == 0 && memcmp (body, "adtl", 4) == 0)
        {
          for (gsize sub = 4; sub + 8 <= size;)
            {
              const char *p = body + sub;
              guint32 sub_size = le32 (p + 4);

              if (memcmp (p, "labl", 4) == 0)
                g_hash_table_insert (label, GUINT_TO_POINTER (le32 (p + 8)),
                                     g_strndup (p + 12, sub_size - 4));
              else if (memcmp (p, "ltxt", 4) == 0)
                g_hash_table_insert (length, GUINT_TO_POINTER (le32 (p + 8)),
                                     GUINT_TO_POINTER (le32 (p + 12)));
              sub += 8 + sub_size + (sub_size & 1);
            }
        }

      pos += 8 + size + (size & 1);
    }

  g_assert_true (have_data);
  g_assert_cmpuint (w->format, ==, 1);
  g_assert_cmpuint (w->channels, ==, 2);
  g_assert_cmpuint (w->rate, ==, PBX_TEST_RATE);
  g_assert_cmpuint (w->bits, ==, 16);
  parse_marks (w, at, length, label);
}

void
pbx_wav_read (const char *path,
              PbxWav     *w)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  pbx_wav_parse (data, len, TRUE, w);
}

double
pbx_wav_seconds (const PbxWav *w)
{
  return (double) w->frames / PBX_TEST_RATE;
}

/* The share of one second's energy at @hz on a channel, from Goertzel over
 * ten blocks of 100 ms: a jitter buffer that ran dry for a frame shifts the
 * tone's phase, which would cancel out in one sum over the whole second. */
double
pbx_wav_share (const gint16 *s,
               double        hz)
{
  double weighted = 0, energy = 0;

  for (gsize block = 0; block < 10; block++)
    {
      const gint16 *b = s + 2 * block * (PBX_TEST_RATE / 10);
      double e = 0;

      for (gsize i = 0; i < PBX_TEST_RATE / 10; i++)
        e += (double) b[2 * i] * b[2 * i];
      weighted += pbx_tone_share (b, PBX_TEST_RATE / 10, 2, hz) * e;
      energy += e;
    }

  return energy > 0 ? weighted / energy : 0;
}

/* How many 100 ms blocks of a second of a channel are sounding (above
 * about -50 dBFS, as pbx_tone_share() counts silence). */
guint
pbx_wav_loud_blocks (const gint16 *s)
{
  guint loud = 0;

  for (gsize block = 0; block < 10; block++)
    {
      const gint16 *b = s + 2 * block * (PBX_TEST_RATE / 10);
      double e = 0;

      for (gsize i = 0; i < PBX_TEST_RATE / 10; i++)
        e += (double) b[2 * i] * b[2 * i];
      loud += e >= (PBX_TEST_RATE / 10) * 100.0;
    }

  return loud;
}

void
pbx_wav_log_seconds (const PbxWav *w,
                     double        left_hz,
                     double        right_hz)
{
  g_autoptr (GString) line = g_string_new (NULL);

  for (gsize s = 0; (s + 1) * PBX_TEST_RATE <= w->frames; s++)
    {
      const gint16 *at = w->samples + 2 * s * PBX_TEST_RATE;

      g_string_append_printf (line, " [L %.0f:%.2f %.0f:%.2f R %.0f:%.2f %.0f:%.2f]",
                              left_hz, pbx_wav_share (at, left_hz), right_hz,
                              pbx_wav_share (at, right_hz), left_hz,
                              pbx_wav_share (at + 1, left_hz), right_hz,
                              pbx_wav_share (at + 1, right_hz));
    }

  g_test_message ("%.3f s recorded, per second:%s", pbx_wav_seconds (w), line->str);
}

/* Checks each whole second in [@from, @to) (sample frames): the caller
 * alone on the left, the operator alone on the right. Returns how many. */
guint
pbx_wav_assert_voices (const PbxWav *w,
                       gsize         from,
                       gsize         to,
                       double        left_hz,
                       double        right_hz)
{
  guint n = 0;

  for (gsize s = from; s + PBX_TEST_RATE <= to; s += PBX_TEST_RATE, n++)
    {
      const gint16 *left = w->samples + 2 * s;
      const gint16 *right = left + 1;

      g_assert_cmpuint (pbx_wav_loud_blocks (left), >=, 9);
      g_assert_cmpuint (pbx_wav_loud_blocks (right), >=, 9);
      g_assert_cmpfloat (pbx_wav_share (left, left_hz), >, 0.5);
      g_assert_cmpfloat (pbx_wav_share (left, right_hz), <, 0.05);
      g_assert_cmpfloat (pbx_wav_share (right, right_hz), >, 0.5);
      g_assert_cmpfloat (pbx_wav_share (right, left_hz), <, 0.05);
    }

  return n;
}
