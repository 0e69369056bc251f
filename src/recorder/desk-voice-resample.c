/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-voice"

#include "desk-voice-private.h"

#include <math.h>

/* espeak speaks at 22050 Hz and the telephone line carries 8000 Hz: without
 * a low-pass first, everything espeak puts between 4 and 11 kHz (fricatives,
 * "с", "ш") would fold back into the band as hiss. This is a polyphase
 * windowed-sinc filter: cut-off at 90 % of the lower Nyquist, a Blackman
 * window (stop band below -70 dB) spanning ZERO_CROSSINGS lobes each side. */

#define ZERO_CROSSINGS 24
#define MAX_TABLE_PHASES 1024

typedef struct
{
  double cutoff;   /* cycles per input sample */
  int half;        /* taps each side of the centre */
  guint phases;    /* L: output rate / gcd */
  guint step;      /* M: input rate / gcd */
} Filter;

static guint
gcd (guint a,
     guint b)
{
  while (b != 0)
    {
      guint t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* Taps for an output sample that falls @frac input samples after an input
 * sample, normalised to unity gain at DC. */
static void
compute_taps (const Filter *filter,
              double        frac,
              float        *taps)
{
  double sum = 0;

  for (int j = 0; j < 2 * filter->half; j++)
    {
      double d = (j - filter->half + 1) - frac;
      double x = d / filter->half;
      double arg = 2 * filter->cutoff * d;
      double sinc = fabs (arg) < 1e-9 ? 1.0 : sin (G_PI * arg) / (G_PI * arg);
      double window = fabs (x) >= 1.0 ? 0.0
                      : 0.42 + 0.5 * cos (G_PI * x) + 0.08 * cos (2 * G_PI * x);

      taps[j] = (float) (sinc * window);
      sum += taps[j];
    }
  for (int j = 0; j < 2 * filter->half; j++)
    taps[j] = (float) (taps[j] / sum);
}

gint16 *
_desk_voice_resample (const gint16 *input,
                      gsize         n_input,
                      guint         input_rate,
                      guint         output_rate,
                      gsize        *n_output)
{
  Filter filter;
  g_autofree float *table = NULL;
  g_autofree float *scratch = NULL;
  gint16 *output;
  gsize n_out;
  guint g;
  int width;

  g_return_val_if_fail (input_rate > 0 && output_rate > 0, NULL);
  g_return_val_if_fail (n_output != NULL, NULL);

  if (input_rate == output_rate || n_input == 0)
    {
      *n_output = n_input;
      return g_memdup2 (input, MAX (n_input, 1) * sizeof (gint16));
    }

  g = gcd (input_rate, output_rate);
  filter.phases = output_rate / g;
  filter.step = input_rate / g;
  filter.cutoff = 0.5 * 0.9 * MIN (1.0, (double) output_rate / input_rate);
  filter.half = (int) ceil (ZERO_CROSSINGS / (2 * filter.cutoff));
  width = 2 * filter.half;

  if (filter.phases <= MAX_TABLE_PHASES)
    {
      table = g_new (float, (gsize) filter.phases * width);
      for (guint p = 0; p < filter.phases; p++)
        compute_taps (&filter, (double) p / filter.phases, table + (gsize) p * width);
    }
  else
    {
      scratch = g_new (float, width);
    }

  n_out = (n_input * filter.phases + filter.step - 1) / filter.step;
  output = g_new (gint16, MAX (n_out, 1));

  for (gsize n = 0; n < n_out; n++)
    {
      guint64 position = (guint64) n * filter.step;
      gint64 base = (gint64) (position / filter.phases);
      guint phase = (guint) (position % filter.phases);
      const float *taps;
      double acc = 0;

      if (table != NULL)
        {
          taps = table + (gsize) phase * width;
        }
      else
        {
          compute_taps (&filter, (double) phase / filter.phases, scratch);
          taps = scratch;
        }

      for (int j = 0; j < width; j++)
        {
          gint64 k = base + j - filter.half + 1;

          if (k >= 0 && (guint64) k < n_input)
            acc += taps[j] * input[k];
        }
      output[n] = (gint16) CLAMP (lrint (acc), G_MININT16, G_MAXINT16);
    }

  *n_output = n_out;
  return output;
}
