/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-prompt"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <math.h>
#include <string.h>

/* Prompts: sound files decoded on the main thread (file I/O never runs on
 * the media path), turned into 8 kHz mono s16 once and cached, then played
 * by the PBX thread 20 ms per tick of its media clock.
 *
 * Only RIFF/WAVE is decoded here: PCM 8, 16, 24 and 32 bits, IEEE float 32,
 * G.711 µ-law and A-law, any rate and channel count. The PBX layer may use
 * only GLib and libre/librem, neither of which decodes Ogg; an Ogg prompt is
 * refused with a clear error, and the office can convert it (GStreamer, in
 * the recorder layer) to WAV once when the prompt is configured. */

enum {
  WAVE_FORMAT_PCM        = 0x0001,
  WAVE_FORMAT_IEEE_FLOAT = 0x0003,
  WAVE_FORMAT_ALAW       = 0x0006,
  WAVE_FORMAT_MULAW      = 0x0007,
  WAVE_FORMAT_EXTENSIBLE = 0xfffe,
};

/* A prompt longer than this is a mistake (or an attack on memory). */
#define PROMPT_MAX_SECONDS (30 * 60)

typedef struct
{
  guint16 format;
  guint16 channels;
  guint32 rate;
  guint16 bits;
  const guint8 *data;
  gsize size;
} WavInfo;

typedef struct
{
  GBytes *pcm;
  gint64 mtime;
  goffset size;
} CachedPrompt;

static GMutex cache_lock;
static GHashTable *cache;   /* path → CachedPrompt */

static void
cached_prompt_free (gpointer data)
{
  CachedPrompt *c = data;

  g_bytes_unref (c->pcm);
  g_free (c);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
parse_wav (const guint8 *buf,
           gsize         len,
           WavInfo      *info,
           GError      **error)
{
  gsize pos = 12;
  gboolean have_fmt = FALSE;

  memset (info, 0, sizeof (*info));

  if (len >= 4 && memcmp (buf, "OggS", 4) == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Ogg prompts are not supported by the telephony engine; use a WAV file"));
      return FALSE;
    }

  if (len < 12 || memcmp (buf, "RIFF", 4) != 0 || memcmp (buf + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Not a WAV file"));
      return FALSE;
    }

  while (pos + 8 <= len)
    {
      const guint8 *id = buf + pos;
      gsize size = le32 (buf + pos + 4);
      gsize body = pos + 8;

      /* A truncated last chunk (a recorder that crashed) keeps what is there. */
      if (size > len - body)
        size = len - body;

      if (memcmp (id, "fmt ", 4) == 0 && size >= 16)
        {
          info->format = le16 (buf + body);
          info->channels = le16 (buf + body + 2);
          info->rate = le32 (buf + body + 4);
          info->bits = le16 (buf + body + 14);
          if (info->format == WAVE_FORMAT_EXTENSIBLE && size >= 26)
            info->format = le16 (buf + body + 24);
          have_fmt = TRUE;
        }
      else if (memcmp (id, "data", 4) == 0 && have_fmt)
        {
          info->data = buf + body;
          info->size = size;
          break;
        }

      pos = body + size + (size & 1);
    }

  if (!have_fmt || !info->data)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("The WAV file has no audio"));
      return FALSE;
    }

  if (info->channels < 1 || info->channels > 8 || info->rate < 4000 || info->rate > 192000)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The WAV file has %u channels at %u Hz"), info->channels, info->rate);
      return FALSE;
    }

  switch (info->format)
    {
    case WAVE_FORMAT_PCM:
      if (info->bits == 8 || info->bits == 16 || info->bits == 24 || info->bits == 32)
        return TRUE;
      break;
    case WAVE_FORMAT_IEEE_FLOAT:
      if (info->bits == 32)
        return TRUE;
      break;
    case WAVE_FORMAT_ALAW:
    case WAVE_FORMAT_MULAW:
      if (info->bits == 8)
        return TRUE;
      break;
    default:
      break;
    }

  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
               _("WAV format %u with %u bits is not supported; use PCM"), info->format,
               info->bits);
  return FALSE;
}

static float
sample_at (const WavInfo *info,
           const guint8  *p)
{
  switch (info->format)
    {
    case WAVE_FORMAT_ALAW:
      return g711_alaw2pcm (*p) / 32768.0f;
    case WAVE_FORMAT_MULAW:
      return g711_ulaw2pcm (*p) / 32768.0f;
    case WAVE_FORMAT_IEEE_FLOAT:
      {
        guint32 bits = le32 (p);
        float f;

        memcpy (&f, &bits, sizeof (f));
        return isfinite (f) ? CLAMP (f, -1.0f, 1.0f) : 0.0f;
      }
    default:
      break;
    }

  switch (info->bits)
    {
    case 8:
      return (*p - 128) / 128.0f;
    case 16:
      return (gint16) le16 (p) / 32768.0f;
    case 24:
      return (gint32) (le32 (p - 1) & 0xffffff00) / 2147483648.0f;
    default:
      return (gint32) le32 (p) / 2147483648.0f;
    }
}

/* Mono floats of the whole file. */
static float *
decode_mono (const WavInfo *info,
             gsize         *framesp)
{
  gsize width = info->bits / 8;
  gsize frames = info->size / (width * info->channels);
  float *out = g_new (float, MAX (frames, 1));

  for (gsize i = 0; i < frames; i++)
    {
      const guint8 *frame = info->data + i * width * info->channels;
      float sum = 0;

      for (guint c = 0; c < info->channels; c++)
        sum += sample_at (info, frame + c * width);
      out[i] = sum / info->channels;
    }

  *framesp = frames;
  return out;
}

/* To 8 kHz: each output sample is the mean of the input over its own
 * interval (a box filter against aliasing, enough for speech and music on
 * a telephone line), read with linear interpolation at the edges. */
static GBytes *
resample (const float *in,
          gsize        frames,
          guint32      rate)
{
  double ratio = (double) rate / DESK_PBX_RATE;
  gsize outc = (gsize) (frames / ratio);
  gint16 *out = g_new0 (gint16, MAX (outc, 1));

  for (gsize i = 0; i < outc; i++)
    {
      double v;

      if (ratio <= 1.0)
        {
          double t = i * ratio;
          gsize k = (gsize) t;
          double frac = t - k;
          float a = in[k];
          float b = k + 1 < frames ? in[k + 1] : a;

          v = a + (b - a) * frac;
        }
      else
        {
          gsize start = (gsize) (i * ratio);
          gsize end = MIN ((gsize) ((i + 1) * ratio), frames);
          double sum = 0;

          for (gsize k = start; k < end; k++)
            sum += in[k];
          v = end > start ? sum / (end - start) : 0;
        }

      out[i] = (gint16) CLAMP (lrint (v * 32767.0), -32768, 32767);
    }

  return g_bytes_new_take (out, outc * sizeof (gint16));
}

static GBytes *
decode_file (const char  *path,
             GError     **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autofree float *mono = NULL;
  const guint8 *buf;
  WavInfo info;
  gsize frames;

  file = g_mapped_file_new (path, FALSE, error);
  if (!file)
    return NULL;

  buf = (const guint8 *) g_mapped_file_get_contents (file);
  if (!parse_wav (buf, g_mapped_file_get_length (file), &info, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  if (info.size / (info.bits / 8) / info.channels / info.rate > PROMPT_MAX_SECONDS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT, _("%s: a prompt is at most %u minutes"),
                   path, PROMPT_MAX_SECONDS / 60);
      return NULL;
    }

  mono = decode_mono (&info, &frames);
  if (frames == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("%s: the WAV file has no audio"),
                   path);
      return NULL;
    }

  return resample (mono, frames, info.rate);
}

GBytes *
_desk_pbx_prompt_load (const char  *path,
                       GError     **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  CachedPrompt *c;
  GStatBuf st;
  gint64 mtime;
  goffset size;
  GBytes *pcm;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("Cannot read %s: %s"), path,
                   g_strerror (saved));
      return NULL;
    }

  mtime = (gint64) st.st_mtime;
  size = (goffset) st.st_size;

  locker = g_mutex_locker_new (&cache_lock);
  if (!cache)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_prompt_free);

  c = g_hash_table_lookup (cache, path);
  if (c && c->mtime == mtime && c->size == size)
    return g_bytes_ref (c->pcm);

  pcm = decode_file (path, error);
  if (!pcm)
    return NULL;

  c = g_new0 (CachedPrompt, 1);
  c->pcm = g_bytes_ref (pcm);
  c->mtime = mtime;
  c->size = size;
  g_hash_table_replace (cache, g_strdup (path), c);

  return pcm;
}

/* The PBX thread's side. */

void
pbx_player_start (struct pbx_player *p,
                  GBytes            *pcm,
                  bool               loop)
{
  pbx_player_stop (p);
  p->pcm = g_bytes_ref (pcm);
  p->pos = 0;
  p->loop = loop;
}

void
pbx_player_stop (struct pbx_player *p)
{
  g_clear_pointer (&p->pcm, g_bytes_unref);
  p->pos = 0;
  p->loop = false;
}

bool
pbx_player_active (const struct pbx_player *p)
{
  return p->pcm != NULL;
}

bool
pbx_player_read (struct pbx_player *p,
                 int16_t            out[DESK_PBX_FRAME_SAMPLES])
{
  gsize len;
  const int16_t *samples;
  size_t n = 0;

  if (!p->pcm)
    {
      memset (out, 0, DESK_PBX_FRAME_SAMPLES * sizeof (int16_t));
      return false;
    }

  samples = g_bytes_get_data (p->pcm, &len);
  len /= sizeof (int16_t);

  while (n < DESK_PBX_FRAME_SAMPLES)
    {
      size_t take;

      if (p->pos >= len)
        {
          if (!p->loop || len == 0)
            break;
          p->pos = 0;
        }

      take = MIN (DESK_PBX_FRAME_SAMPLES - n, len - p->pos);
      memcpy (out + n, samples + p->pos, take * sizeof (int16_t));
      n += take;
      p->pos += take;
    }

  if (n < DESK_PBX_FRAME_SAMPLES)
    {
      memset (out + n, 0, (DESK_PBX_FRAME_SAMPLES - n) * sizeof (int16_t));
      pbx_player_stop (p);
      return n > 0;
    }

  return true;
}
