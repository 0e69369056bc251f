/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-prompt-file.h"

#include <glib/gstdio.h>

#include <string.h>

/*
 * The call flow's sound files: recordings the engine finished, encoded to
 * Ogg/Opus by the recorder's worker and put on the call's record; and the
 * music on hold, converted once to the WAV the engine plays.
 */

typedef struct {
  DeskStore *store;          /* not the flow: its end cancels the encoding */
  GCancellable *cancellable;
  gint64 call_id;
  char *wav;
  char *ogg;
} Encoding;

static void
on_encoded (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Encoding *enc = data;
  g_autoptr (GError) error = NULL;

  if (desk_recorder_encode_finish (DESK_RECORDER (source), result, &error))
    {
      g_autoptr (DeskCall) record = desk_store_get_call (enc->store, enc->call_id, &error);

      if (record)
        {
          g_free (record->recording_path);
          record->recording_path = g_strdup (enc->ogg);
          if (desk_store_update_call (enc->store, record, &error))
            g_unlink (enc->wav);
        }
    }
  if (error && !g_cancellable_is_cancelled (enc->cancellable))
    g_warning ("The recording %s stays as WAV: %s", enc->wav, error->message);
  g_object_unref (enc->store);
  g_object_unref (enc->cancellable);
  g_free (enc->wav);
  g_free (enc->ogg);
  g_free (enc);
}

void
_desk_flow_recording_finished (DeskPbx    *pbx,
                               guint       leg,
                               const char *wav_path,
                               guint       duration_ms,
                               gpointer    data)
{
  DeskCallFlow *self = data;
  g_autofree char *base = g_path_get_basename (wav_path);
  Encoding *enc;
  gint64 call_id;

  if (!g_str_has_prefix (base, "call-") || duration_ms == 0)
    return;
  call_id = g_ascii_strtoll (base + 5, NULL, 10);
  if (call_id <= 0)
    return;
  enc = g_new0 (Encoding, 1);
  enc->store = g_object_ref (self->store);
  enc->cancellable = g_object_ref (self->cancellable);
  enc->call_id = call_id;
  enc->wav = g_strdup (wav_path);
  enc->ogg = g_strconcat (enc->wav, NULL);
  strcpy (enc->ogg + strlen (enc->ogg) - 3, "ogg");
  desk_recorder_encode_async (self->recorder, enc->wav, enc->ogg, enc->cancellable, on_encoded,
                              enc);
}

static void
on_music_converted (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autofree char *wav = data;
  g_autoptr (GError) error = NULL;

  /* Until the file is there, waiting callers hear silence. */
  if (!desk_prompt_file_convert_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The music on hold %s cannot be played: %s", wav, error->message);
}

/* Music on hold as the engine plays it: a WAV file as it is, any other
 * sound file (Ogg, MP3, FLAC) converted once into the prompts folder. */
void
_desk_flow_use_music_on_hold (DeskCallFlow *self,
                              const char   *path)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  char *wav;

  if (g_str_has_suffix (path, ".wav") || g_str_has_suffix (path, ".WAV"))
    {
      self->music_on_hold = g_strdup (path);
      return;
    }
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  name = g_strdup_printf ("music-%.16s.wav", hash);
  wav = g_build_filename (self->data_dir, "prompts", name, NULL);
  self->music_on_hold = g_strdup (wav);
  if (g_file_test (wav, G_FILE_TEST_IS_REGULAR))
    {
      g_free (wav);
      return;
    }
  desk_prompt_file_convert_async (path, wav, self->cancellable, on_music_converted, wav);
}
