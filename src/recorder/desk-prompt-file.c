/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-prompt-file"

#include "desk-i18n.h"
#include "desk-prompt-file.h"
#include "desk-voice.h"
#include "desk-error.h"

#include <gst/gst.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* Sound files the owner uploads as IVR prompts (Ogg Vorbis or Opus, FLAC,
 * MP3 when its decoder is installed, WAV of any kind) become what the
 * telephony engine reads: 8 kHz mono 16-bit PCM in RIFF/WAVE. This runs
 * once, when the prompt is configured, never during a call.
 *
 * The pipeline is built element by element rather than parsed from a
 * string: a path holding quotes or non-ASCII bytes needs no escaping. */

#define TARGET_CAPS "audio/x-raw,format=S16LE,layout=interleaved,channels=1,rate=%d"

typedef struct
{
  GstElement *pipeline;
  GstElement *convert;
  int audio_linked;   /* atomic */
  int no_audio;       /* atomic */
  int too_long;       /* atomic */
  guint64 bytes;      /* streaming thread only, until the pipeline stops */
  guint64 max_bytes;
} Conversion;

typedef struct
{
  char *input_path;
  char *wav_path;
} ConvertJob;

static void
convert_job_free (ConvertJob *job)
{
  g_free (job->input_path);
  g_free (job->wav_path);
  g_free (job);
}

static void
post_application (Conversion *conversion,
                  const char *name)
{
  gst_element_post_message (conversion->pipeline,
                            gst_message_new_application (GST_OBJECT (conversion->pipeline),
                                                         gst_structure_new_empty (name)));
}

static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              Conversion *conversion)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr (GstPad) sink = NULL;
  const char *media;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return;
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  /* The first audio stream is the prompt; video or a second track is left
   * unlinked, which decodebin tolerates while one stream flows. */
  if (!g_str_has_prefix (media, "audio/") ||
      !g_atomic_int_compare_and_exchange (&conversion->audio_linked, 0, 1))
    return;

  sink = gst_element_get_static_pad (conversion->convert, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("Cannot link the decoded audio to the converter");
}

static void
on_no_more_pads (GstElement *decodebin,
                 Conversion *conversion)
{
  if (!g_atomic_int_get (&conversion->audio_linked) &&
      g_atomic_int_compare_and_exchange (&conversion->no_audio, 0, 1))
    post_application (conversion, "desk-prompt-no-audio");
}

static GstPadProbeReturn
on_output (GstPad          *pad,
           GstPadProbeInfo *info,
           Conversion      *conversion)
{
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    conversion->bytes += gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
  else if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    conversion->bytes += gst_buffer_list_calculate_size (GST_PAD_PROBE_INFO_BUFFER_LIST (info));

  if (conversion->bytes <= conversion->max_bytes)
    return GST_PAD_PROBE_OK;
  if (g_atomic_int_compare_and_exchange (&conversion->too_long, 0, 1))
    post_application (conversion, "desk-prompt-too-long");
  return GST_PAD_PROBE_DROP;
}

static GstElement *
make_element (const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                 _("The GStreamer element “%s” is not installed"), factory);
  return element;
}

static gboolean
build_pipeline (Conversion  *conversion,
                const char  *input_path,
                const char  *output_path,
                GError     **error)
{
  const char *names[] = { "filesrc", "decodebin", "audioconvert", "audioresample",
                          "capsfilter", "wavenc", "filesink" };
  GstElement *elements[G_N_ELEMENTS (names)];
  g_autoptr (GstCaps) caps = NULL;
  g_autofree char *caps_text = NULL;
  g_autoptr (GstPad) output = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!(elements[i] = make_element (names[i], error)))
        {
          for (guint j = 0; j < i; j++)
            gst_object_unref (gst_object_ref_sink (elements[j]));
          return FALSE;
        }
    }

  conversion->pipeline = gst_pipeline_new ("desk-prompt-file");
  conversion->convert = elements[2];
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gst_bin_add (GST_BIN (conversion->pipeline), elements[i]);

  caps_text = g_strdup_printf (TARGET_CAPS, DESK_VOICE_RATE);
  caps = gst_caps_from_string (caps_text);
  g_object_set (elements[0], "location", input_path, NULL);
  g_object_set (elements[4], "caps", caps, NULL);
  g_object_set (elements[6], "location", output_path, NULL);

  if (!gst_element_link (elements[0], elements[1]) ||
      !gst_element_link_many (elements[2], elements[3], elements[4], elements[5], elements[6],
                              NULL))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Cannot build the prompt converter"));
      return FALSE;
    }
  g_signal_connect (elements[1], "pad-added", G_CALLBACK (on_pad_added), conversion);
  g_signal_connect (elements[1], "no-more-pads", G_CALLBACK (on_no_more_pads), conversion);

  output = gst_element_get_static_pad (elements[4], "src");
  gst_pad_add_probe (output, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     (GstPadProbeCallback) on_output, conversion, NULL);
  return TRUE;
}

static void
set_pipeline_error (GError     **error,
                    const char  *name,
                    GError      *gst_error)
{
  if (gst_error->domain == GST_STREAM_ERROR)
    {
      switch (gst_error->code)
        {
        case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        case GST_STREAM_ERROR_WRONG_TYPE:
        case GST_STREAM_ERROR_DEMUX:
        case GST_STREAM_ERROR_FORMAT:
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a sound file"), name);
          return;
        case GST_STREAM_ERROR_CODEC_NOT_FOUND:
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                       _("“%s” is in a sound format that cannot be decoded here"), name);
          return;
        case GST_STREAM_ERROR_DECODE:
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is damaged: %s"), name,
                       gst_error->message);
          return;
        default:
          break;
        }
    }
  g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Converting the prompt “%s” failed: %s"),
               name, gst_error->message);
}

static gboolean
run_pipeline (Conversion    *conversion,
              const char    *name,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (conversion->pipeline);
  gboolean ok = FALSE;
  gboolean done = FALSE;

  gst_element_set_state (conversion->pipeline, GST_STATE_PLAYING);
  while (!done)
    {
      g_autoptr (GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR |
                                            GST_MESSAGE_APPLICATION);
      if (message == NULL)
        continue;

      done = TRUE;
      switch (GST_MESSAGE_TYPE (message))
        {
        case GST_MESSAGE_EOS:
          ok = TRUE;
          break;
        case GST_MESSAGE_APPLICATION:
          if (gst_message_has_name (message, "desk-prompt-too-long"))
            g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                         _("“%s” is too long: a prompt is at most %u minutes"), name,
                         DESK_PROMPT_FILE_MAX_SECONDS / 60);
          else if (gst_message_has_name (message, "desk-prompt-no-audio"))
            g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” has no sound in it"),
                         name);
          else
            done = FALSE;
          break;
        case GST_MESSAGE_ERROR:
          {
            g_autoptr (GError) gst_error = NULL;
            g_autofree char *debug = NULL;

            gst_message_parse_error (message, &gst_error, &debug);
            g_debug ("%s: %s (%s)", name, gst_error->message, debug ? debug : "");
            if (g_atomic_int_get (&conversion->no_audio))
              g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” has no sound in it"),
                           name);
            else
              set_pipeline_error (error, name, gst_error);
            break;
          }
        default:
          done = FALSE;
          break;
        }
    }
  gst_element_set_state (conversion->pipeline, GST_STATE_NULL);

  if (ok && conversion->bytes == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” has no sound in it"), name);
      ok = FALSE;
    }
  return ok;
}

/**
 * desk_prompt_file_convert:
 * @input_path: a sound file, of any format GStreamer can decode here
 * @wav_path: where the 8 kHz mono 16-bit WAV goes; written under a
 *   temporary name in the same folder and renamed when whole
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Converts synchronously; it blocks, so the office calls the async variant.
 * Errors are %DESK_ERROR_NOT_FOUND for a missing file, %DESK_ERROR_INVALID
 * for something that is not sound, %DESK_ERROR_LIMIT for a file over
 * %DESK_PROMPT_FILE_MAX_BYTES or sound over %DESK_PROMPT_FILE_MAX_SECONDS.
 */
gboolean
desk_prompt_file_convert (const char    *input_path,
                          const char    *wav_path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  Conversion conversion = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *partial = NULL;
  GStatBuf st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (input_path != NULL, FALSE);
  g_return_val_if_fail (wav_path != NULL, FALSE);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  name = g_filename_display_basename (input_path);
  if (g_stat (input_path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, DESK_ERROR, saved == ENOENT ? DESK_ERROR_NOT_FOUND : DESK_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a sound file"), name);
      return FALSE;
    }
  if (st.st_size > DESK_PROMPT_FILE_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size ((guint64) DESK_PROMPT_FILE_MAX_BYTES);
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                   _("“%s” is too large: a prompt file is at most %s"), name, limit);
      return FALSE;
    }

  partial = g_strconcat (wav_path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (partial, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the prompt %s: %s"), wav_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  conversion.max_bytes = (guint64) DESK_PROMPT_FILE_MAX_SECONDS * DESK_VOICE_RATE * 2;
  ok = build_pipeline (&conversion, input_path, partial, error) &&
       run_pipeline (&conversion, name, cancellable, error);
  gst_clear_object (&conversion.pipeline);

  if (ok && g_rename (partial, wav_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot move the prompt into place: %s"), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (partial);
  return ok;
}

static void
convert_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConvertJob *job = task_data;
  GError *error = NULL;

  if (desk_prompt_file_convert (job->input_path, job->wav_path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * desk_prompt_file_convert_async:
 *
 * desk_prompt_file_convert() on a GIO worker thread.
 */
void
desk_prompt_file_convert_async (const char          *input_path,
                                const char          *wav_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ConvertJob *job;

  g_return_if_fail (input_path != NULL);
  g_return_if_fail (wav_path != NULL);

  job = g_new0 (ConvertJob, 1);
  job->input_path = g_strdup (input_path);
  job->wav_path = g_strdup (wav_path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_prompt_file_convert_async);
  g_task_set_task_data (task, job, (GDestroyNotify) convert_job_free);
  g_task_run_in_thread (task, convert_thread);
}

gboolean
desk_prompt_file_convert_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
