/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-recorder"

#include "desk-i18n.h"
#include "desk-recorder.h"
#include "desk-error.h"

#include <errno.h>
#include <gst/gst.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/**
 * DeskRecorder:
 *
 * Turns the raw recordings that the media path writes (WAV, one channel per
 * leg) into Ogg/Opus files, one at a time on a single low-priority worker
 * thread: encoding must never compete with live calls for the CPU.
 */
struct _DeskRecorder
{
  GObject parent_instance;

  GThreadPool *pool;
};

G_DEFINE_FINAL_TYPE (DeskRecorder, desk_recorder, G_TYPE_OBJECT)

typedef struct
{
  char *wav_path;
  char *ogg_path;
} EncodeJob;

static void
encode_job_free (EncodeJob *job)
{
  g_free (job->wav_path);
  g_free (job->ogg_path);
  g_free (job);
}

/**
 * desk_recorder_encode:
 * @wav_path: a WAV file
 * @ogg_path: where the Ogg/Opus file goes; written under a temporary name
 *   and renamed when whole, so a crash never leaves half a file there
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Encodes synchronously, keeping the channel layout. Voice at 32 kbit/s
 * per call is plenty for replay and scoring.
 */
gboolean
desk_recorder_encode (const char    *wav_path,
                      const char    *ogg_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *partial = g_strconcat (ogg_path, ".part", NULL);
  g_autoptr (GstElement) source = NULL;
  g_autoptr (GstElement) sink = NULL;
  gboolean ok = FALSE;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  if (!g_file_test (wav_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No recording at %s"), wav_path);
      return FALSE;
    }

  /* Paths are set as properties, not spliced into the description: the
   * parser would mangle escaped non-ASCII bytes ("Дзвінок.ogg"). */
  pipeline = gst_parse_launch ("filesrc name=source ! wavparse ! audioconvert ! "
                               "audioresample ! opusenc bitrate=32000 audio-type=voice ! "
                               "oggmux ! filesink name=sink", &parse_error);
  if (pipeline == NULL || parse_error != NULL)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("Cannot build the recording encoder: %s"),
                   parse_error ? parse_error->message : "?");
      return FALSE;
    }

  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "location", wav_path, NULL);
  g_object_set (sink, "location", partial, NULL);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!ok)
    {
      g_autoptr (GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      message = gst_bus_timed_pop_filtered (bus, 200 * GST_MSECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        {
          ok = TRUE;
        }
      else
        {
          g_autoptr (GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                       _("Encoding the recording %s failed: %s"), wav_path, gst_error->message);
          break;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (ok && g_rename (partial, ogg_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot move the recording into place: %s"), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (partial);
  return ok;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  GTask *task = data;
  EncodeJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  /* On Linux a thread has its own nice value: lower only this worker's. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);

  if (desk_recorder_encode (job->wav_path, job->ogg_path, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
desk_recorder_finalize (GObject *object)
{
  DeskRecorder *self = DESK_RECORDER (object);

  /* Finish what was queued: a recording is never dropped on shutdown. */
  g_thread_pool_free (self->pool, FALSE, TRUE);

  G_OBJECT_CLASS (desk_recorder_parent_class)->finalize (object);
}

static void
desk_recorder_class_init (DeskRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = desk_recorder_finalize;
}

static void
desk_recorder_init (DeskRecorder *self)
{
  self->pool = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
}

DeskRecorder *
desk_recorder_new (void)
{
  return g_object_new (DESK_TYPE_RECORDER, NULL);
}

void
desk_recorder_encode_async (DeskRecorder        *self,
                            const char          *wav_path,
                            const char          *ogg_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  EncodeJob *job;

  g_return_if_fail (DESK_IS_RECORDER (self));

  job = g_new0 (EncodeJob, 1);
  job->wav_path = g_strdup (wav_path);
  job->ogg_path = g_strdup (ogg_path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_recorder_encode_async);
  g_task_set_task_data (task, job, (GDestroyNotify) encode_job_free);
  g_thread_pool_push (self->pool, task, NULL);
}

gboolean
desk_recorder_encode_finish (DeskRecorder  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
