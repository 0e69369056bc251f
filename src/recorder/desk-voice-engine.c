/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-voice"

#include "desk-i18n.h"
#include "desk-voice-private.h"
#include "desk-error.h"

#include <espeak-ng/espeak_ng.h>

#include <string.h>

/* The one door to espeak-ng. It keeps its state in globals and is not
 * thread safe, so every call into it, from any DeskVoice and any thread,
 * holds engine_lock. Synthesis is synchronous: espeak hands the samples
 * to on_synth() before espeak_ng_Synthesize() returns. */

/* The longest text at the slowest rate lasts a few minutes; anything much
 * longer means the engine has gone astray. */
#define MAX_SYNTH_SECONDS (15 * 60)

typedef struct
{
  GArray *samples;
  GCancellable *cancellable;
  gsize max_samples;
  gboolean stopped;
} SynthSink;

/* espeak's globals, and ours about it, under one lock. */
static GMutex engine_lock;
static gboolean engine_ready;
static int engine_rate;
static SynthSink *engine_sink;

static void
set_engine_error (GError           **error,
                  espeak_ng_STATUS   status,
                  const char        *what)
{
  char message[512];

  espeak_ng_GetStatusCodeMessage (status, message, sizeof message);
  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, "%s: %s", what, message);
}

static int
on_synth (short        *wav,
          int           n_samples,
          espeak_EVENT *events)
{
  SynthSink *sink = engine_sink;

  if (sink == NULL || wav == NULL || n_samples <= 0)
    return 0;
  if (g_cancellable_is_cancelled (sink->cancellable) ||
      sink->samples->len + (gsize) n_samples > sink->max_samples)
    {
      sink->stopped = TRUE;
      return 1;
    }
  g_array_append_vals (sink->samples, wav, (guint) n_samples);
  return 0;
}

static gboolean
engine_init_locked (GError **error)
{
  espeak_ng_ERROR_CONTEXT context = NULL;
  espeak_ng_STATUS status;

  if (engine_ready)
    return TRUE;

  /* NULL: the data path espeak-ng was built with, or $ESPEAK_DATA_PATH. */
  espeak_ng_InitializePath (NULL);
  status = espeak_ng_Initialize (&context);
  espeak_ng_ClearErrorContext (&context);
  if (status != ENS_OK)
    {
      set_engine_error (error, status, _("The speech synthesiser cannot start"));
      return FALSE;
    }
  status = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 200, NULL);
  if (status != ENS_OK)
    {
      set_engine_error (error, status, _("The speech synthesiser cannot start"));
      return FALSE;
    }
  espeak_SetSynthCallback (on_synth);
  engine_rate = espeak_ng_GetSampleRate ();
  if (engine_rate <= 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The speech synthesiser reports no sample rate"));
      return FALSE;
    }
  engine_ready = TRUE;
  return TRUE;
}

static gboolean
engine_set_voice_locked (const char  *voice_name,
                         guint        words_per_minute,
                         guint        pitch,
                         GError     **error)
{
  espeak_ng_STATUS status;

  if (!engine_init_locked (error))
    return FALSE;

  status = espeak_ng_SetVoiceByName (voice_name);
  if (status != ENS_OK)
    {
      g_autofree char *what = g_strdup_printf (_("The voice “%s” is not installed"),
                                               voice_name);
      set_engine_error (error, status, what);
      return FALSE;
    }
  /* A voice change resets the parameters: set them after it, every time. */
  espeak_ng_SetParameter (espeakRATE, (int) words_per_minute, 0);
  espeak_ng_SetParameter (espeakPITCH, (int) pitch, 0);
  espeak_ng_SetParameter (espeakPUNCTUATION, espeakPUNCT_NONE, 0);
  espeak_ng_SetParameter (espeakCAPITALS, 0, 0);
  return TRUE;
}

gboolean
_desk_voice_engine_synthesize (const char    *voice_name,
                               guint          words_per_minute,
                               guint          pitch,
                               const char    *text,
                               GCancellable  *cancellable,
                               GArray        *samples,
                               guint         *rate,
                               GError       **error)
{
  SynthSink sink = { samples, cancellable, 0, FALSE };
  espeak_ng_STATUS status;
  gboolean ok = FALSE;

  g_mutex_lock (&engine_lock);
  if (!engine_set_voice_locked (voice_name, words_per_minute, pitch, error))
    goto out;

  sink.max_samples = (gsize) engine_rate * MAX_SYNTH_SECONDS;
  *rate = (guint) engine_rate;
  engine_sink = &sink;
  /* espeakCHARS_UTF8 alone: no espeakSSML, no espeakPHONEMES. A pause at
   * the end lets prompts played back to back sound like sentences. */
  status = espeak_ng_Synthesize (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                                 espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL);
  engine_sink = NULL;
  if (sink.stopped)
    espeak_ng_Cancel ();

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (sink.stopped)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The speech synthesiser produced more than %u minutes of sound"),
                   MAX_SYNTH_SECONDS / 60);
      goto out;
    }
  if (status != ENS_OK)
    {
      set_engine_error (error, status, _("Speech synthesis failed"));
      goto out;
    }
  if (samples->len == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The text has nothing that can be spoken"));
      goto out;
    }
  ok = TRUE;

out:
  g_mutex_unlock (&engine_lock);
  return ok;
}

char *
_desk_voice_engine_phonemes (const char  *voice_name,
                             const char  *text,
                             GError     **error)
{
  g_autoptr (GString) phonemes = g_string_new (NULL);
  const void *rest = text;
  gboolean ok;

  g_mutex_lock (&engine_lock);
  ok = engine_set_voice_locked (voice_name, espeakRATE_NORMAL, 50, error);
  while (ok && rest != NULL)
    {
      const char *clause = espeak_TextToPhonemes (&rest, espeakCHARS_UTF8, 0);

      if (clause == NULL || *clause == '\0')
        continue;
      if (phonemes->len > 0)
        g_string_append_c (phonemes, ' ');
      g_string_append (phonemes, clause);
    }
  g_mutex_unlock (&engine_lock);

  return ok ? g_string_free (g_steal_pointer (&phonemes), FALSE) : NULL;
}

const char *
_desk_voice_engine_version (void)
{
  /* A constant string in the library; no lock needed. */
  return espeak_Info (NULL);
}
