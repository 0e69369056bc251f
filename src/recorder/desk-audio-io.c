/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-audio-io"

#include "desk-i18n.h"
#include "desk-audio-io.h"
#include "desk-error.h"

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <string.h>

/**
 * DeskAudioIo:
 *
 * The softphone's sound: 8 kHz mono 16-bit PCM to and from the operator's
 * headset, through GStreamer.
 *
 * Output: `appsrc ! audioconvert ! audioresample ! volume ! <sink>`, fed
 * by desk_audio_io_write() from any thread. Input:
 * `<source> ! audioconvert ! audioresample ! S16LE 8000 mono ! appsink`,
 * kept in a ring buffer that desk_audio_io_read() drains from any thread.
 *
 * A device id "file:/path.wav" is a WAV file: the output is written to it
 * (wavenc ! filesink), the input read from it at the pace of the clock
 * and followed by silence. Tests hear the softphone this way, with the
 * same pipelines as a headset. An empty id is the system's default device.
 *
 * The ring tone is an audiotestsrc at 425 Hz, one second in five, fed
 * into the same output, so that a file output records it too.
 */

#define RATE      8000
#define RAW_CAPS  "audio/x-raw,format=S16LE,rate=8000,channels=1,layout=interleaved"
#define FILE_PREFIX "file:"

enum {
  RING_LEN       = RATE,          /* samples the input keeps: 1 s */
  RING_KEEP      = RATE / 5,      /* past this much, old input goes: latency */
  CADENCE_ON     = RATE,          /* 1 s of ring tone ... */
  CADENCE_PERIOD = 5 * RATE,      /* ... in every 5 s */
  STOP_WAIT_MS   = 2000,
};

enum {
  PROP_0,
  PROP_INPUT_DEVICE,
  PROP_OUTPUT_DEVICE,
  PROP_VOLUME,
  PROP_RING_VOLUME,
  PROP_RINGING,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

struct _DeskAudioIo
{
  GObject parent_instance;

  char *input_id;
  char *output_id;
  double volume;
  double ring_volume;
  gboolean ringing;

  GstElement *output;
  GstElement *volume_element;
  GstElement *input;
  GstElement *ring;
  guint64 ring_samples;

  /* Shared with the softphone's thread and GStreamer's. */
  GMutex lock;
  GstAppSrc *src;
  gint16 ring_buffer[RING_LEN];
  gsize ring_start;
  gsize ring_count;
};

G_DEFINE_FINAL_TYPE (DeskAudioIo, desk_audio_io, G_TYPE_OBJECT)

void
desk_audio_device_free (DeskAudioDevice *device)
{
  if (!device)
    return;

  g_free (device->id);
  g_free (device->name);
  g_free (device);
}

static void
ensure_gst (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

/* Devices ------------------------------------------------------------------ */

/* Something that names the device the same way next time: PipeWire's node
 * name, ALSA's device string, else the name shown. */
static char *
device_id (GstDevice *device)
{
  static const char *const keys[] = { "node.name", "device.string", "udev.id", NULL };
  g_autoptr (GstStructure) properties = gst_device_get_properties (device);
  g_autofree char *klass = gst_device_get_device_class (device);

  for (guint i = 0; properties && keys[i]; i++)
    {
      const char *value = gst_structure_get_string (properties, keys[i]);

      if (value && *value)
        return g_strdup_printf ("%s:%s", klass, value);
    }

  return g_strdup_printf ("%s:%s", klass, gst_device_get_display_name (device));
}

static GList *
monitor_devices (DeskAudioIoDirection directions)
{
  g_autoptr (GstDeviceMonitor) monitor = NULL;
  GList *devices;

  ensure_gst ();
  monitor = gst_device_monitor_new ();
  if (directions & DESK_AUDIO_IO_INPUT)
    gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  if (directions & DESK_AUDIO_IO_OUTPUT)
    gst_device_monitor_add_filter (monitor, "Audio/Sink", NULL);

  /* With no sound server there may be nothing to ask: no devices. */
  if (!gst_device_monitor_start (monitor))
    return NULL;

  devices = gst_device_monitor_get_devices (monitor);
  gst_device_monitor_stop (monitor);
  return devices;
}

/**
 * desk_audio_io_list_devices:
 * @directions: inputs, outputs or both
 *
 * What GStreamer finds: PipeWire or PulseAudio devices when a sound
 * server runs, else ALSA's.
 *
 * Returns: (transfer container) (element-type DeskAudioDevice): the
 *   devices, maybe none
 */
GPtrArray *
desk_audio_io_list_devices (DeskAudioIoDirection directions)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_audio_device_free);
  GList *devices = monitor_devices (directions);

  for (GList *l = devices; l; l = l->next)
    {
      DeskAudioDevice *device = g_new0 (DeskAudioDevice, 1);

      device->id = device_id (l->data);
      device->name = gst_device_get_display_name (l->data);
      device->direction = gst_device_has_classes (l->data, "Source") ? DESK_AUDIO_IO_INPUT
                                                                       : DESK_AUDIO_IO_OUTPUT;
      g_ptr_array_add (result, device);
    }

  g_list_free_full (devices, gst_object_unref);
  return result;
}

static char *
file_path (const char *id)
{
  if (g_str_has_prefix (id, "file://"))
    return g_filename_from_uri (id, NULL, NULL);

  return g_strdup (id + strlen (FILE_PREFIX));
}

static gboolean
check_device_id (const char *id,
                 GError    **error)
{
  g_autofree char *path = NULL;

  if (!id || !*id || !g_str_has_prefix (id, FILE_PREFIX))
    return TRUE;

  path = file_path (id);
  if (path && g_path_is_absolute (path))
    return TRUE;

  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
               _("“%s” is not an audio file the phone can use: give an absolute path"), id);
  return FALSE;
}

/* The element at the device's end of a pipeline: a bin for a file. */
static GstElement *
make_device_element (const char            *id,
                     DeskAudioIoDirection   direction,
                     GError               **error)
{
  gboolean input = direction == DESK_AUDIO_IO_INPUT;
  GstElement *element = NULL;
  GList *devices;

  if (!id || !*id)
    {
      element = gst_element_factory_make (input ? "autoaudiosrc" : "autoaudiosink", NULL);
    }
  else if (g_str_has_prefix (id, FILE_PREFIX))
    {
      g_autofree char *path = file_path (id);
      g_autoptr (GError) parse_error = NULL;

      /* The path is a property, never spliced into the description. */
      element = gst_parse_bin_from_description (input ? "filesrc name=file ! wavparse"
                                                      : "audioconvert ! wavenc ! filesink name=file",
                                                TRUE, &parse_error);
      if (element)
        {
          g_autoptr (GstElement) file = gst_bin_get_by_name (GST_BIN (element), "file");

          g_object_set (file, "location", path, NULL);
        }
    }
  else
    {
      devices = monitor_devices (direction);
      for (GList *l = devices; l && !element; l = l->next)
        {
          g_autofree char *candidate = device_id (l->data);

          if (g_strcmp0 (candidate, id) == 0)
            element = gst_device_create_element (l->data, NULL);
        }
      g_list_free_full (devices, gst_object_unref);

      if (!element)
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                       _("The audio device “%s” is not connected"), id);
          return NULL;
        }
    }

  if (!element)
    g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                 _("GStreamer has no element for the audio device “%s”"), id ? id : "");
  return element;
}

/* Pipelines ----------------------------------------------------------------- */

static void
push_samples (DeskAudioIo  *self,
              const gint16 *samples,
              guint         n)
{
  g_autoptr (GstAppSrc) src = NULL;
  GstBuffer *buffer;

  g_mutex_lock (&self->lock);
  if (self->src)
    src = g_object_ref (self->src);
  g_mutex_unlock (&self->lock);

  if (!src || n == 0)
    return;

  buffer = gst_buffer_new_memdup (samples, n * sizeof (gint16));
  (void) gst_app_src_push_buffer (src, buffer);
}

static GstFlowReturn
on_input_sample (GstAppSink *sink,
                 gpointer    user_data)
{
  DeskAudioIo *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;
  const gint16 *s;
  gsize n;

  if (!buffer || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  s = (const gint16 *) map.data;
  n = map.size / sizeof (gint16);

  g_mutex_lock (&self->lock);
  for (gsize i = 0; i < n; i++)
    {
      self->ring_buffer[(self->ring_start + self->ring_count) % RING_LEN] = s[i];
      if (self->ring_count < RING_LEN)
        self->ring_count++;
      else
        self->ring_start = (self->ring_start + 1) % RING_LEN;
    }
  /* Who reads late hears what was said a moment ago, not a second ago. */
  if (self->ring_count > RING_KEEP)
    {
      self->ring_start = (self->ring_start + self->ring_count - RING_KEEP) % RING_LEN;
      self->ring_count = RING_KEEP;
    }
  g_mutex_unlock (&self->lock);

  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

/* The ring tone's cadence is cut out of the tone here, by sample count,
 * so it stays exact whatever the main loop does. */
static GstFlowReturn
on_ring_sample (GstAppSink *sink,
                gpointer    user_data)
{
  DeskAudioIo *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  g_autofree gint16 *s = NULL;
  GstMapInfo map;
  gsize n;

  if (!buffer || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  n = map.size / sizeof (gint16);
  s = g_memdup2 (map.data, n * sizeof (gint16));
  gst_buffer_unmap (buffer, &map);

  for (gsize i = 0; i < n; i++, self->ring_samples++)
    if (self->ring_samples % CADENCE_PERIOD >= CADENCE_ON)
      s[i] = 0;

  push_samples (self, s, (guint) n);
  return GST_FLOW_OK;
}

/* The error's message is GStreamer's: callers say what failed. */
static gboolean
set_playing (GstElement  *pipeline,
             GError     **error)
{
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) gst_error = NULL;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    return TRUE;

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (message)
    gst_message_parse_error (message, &gst_error, NULL);
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                       gst_error ? gst_error->message : _("the device refused"));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return FALSE;
}

static GstElement *
make_output (DeskAudioIo *self,
             GError     **error)
{
  g_autoptr (GstElement) pipeline = gst_pipeline_new ("desk-audio-out");
  g_autoptr (GstCaps) caps = gst_caps_from_string (RAW_CAPS);
  GstElement *src = gst_element_factory_make ("appsrc", "src");
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *volume = gst_element_factory_make ("volume", "volume");
  GstElement *sink = make_device_element (self->output_id, DESK_AUDIO_IO_OUTPUT, error);

  if (!src || !convert || !resample || !volume || !sink)
    {
      if (error && !*error)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                             _("GStreamer's base plugins are missing"));
      g_clear_object (&src);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&volume);
      g_clear_object (&sink);
      return NULL;
    }

  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "is-live", TRUE, "do-timestamp",
                TRUE, "max-bytes", (guint64) RATE * 2, NULL);
  gst_app_src_set_leaky_type (GST_APP_SRC (src), GST_APP_LEAKY_TYPE_DOWNSTREAM);
  gst_bin_add_many (GST_BIN (pipeline), src, convert, resample, volume, sink, NULL);
  if (!gst_element_link_many (src, convert, resample, volume, sink, NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                           _("The audio output device takes no sound GStreamer can give it"));
      return NULL;
    }

  self->volume_element = volume;
  return g_steal_pointer (&pipeline);
}

static GstElement *
make_input (DeskAudioIo *self,
            GError     **error)
{
  g_autoptr (GstElement) pipeline = gst_pipeline_new ("desk-audio-in");
  g_autoptr (GstCaps) caps = gst_caps_from_string (RAW_CAPS);
  GstElement *source = make_device_element (self->input_id, DESK_AUDIO_IO_INPUT, error);
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", "sink");
  GstAppSinkCallbacks callbacks = { .new_sample = on_input_sample };

  if (!source || !convert || !resample || !sink)
    {
      if (error && !*error)
        g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                             _("GStreamer's base plugins are missing"));
      g_clear_object (&source);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&sink);
      return NULL;
    }

  /* A file plays at the pace of the clock, as a microphone would. */
  g_object_set (sink, "caps", caps, "sync", TRUE, "max-buffers", 50u, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, convert, resample, sink, NULL);
  if (!gst_element_link_many (source, convert, resample, sink, NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FAILED,
                           _("The audio input device gives no sound GStreamer can take"));
      return NULL;
    }

  return g_steal_pointer (&pipeline);
}

static void
apply_volume (DeskAudioIo *self)
{
  if (self->volume_element)
    g_object_set (self->volume_element, "volume", self->ringing ? self->ring_volume : self->volume,
                  NULL);
}

static void
ring_stop (DeskAudioIo *self)
{
  if (!self->ring)
    return;

  gst_element_set_state (self->ring, GST_STATE_NULL);
  g_clear_object (&self->ring);
}

static void
ring_start (DeskAudioIo *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) sink = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_ring_sample };

  if (self->ring || !self->output)
    return;

  self->ring = gst_parse_launch ("audiotestsrc is-live=true wave=sine freq=425 volume=0.5 "
                                 "samplesperbuffer=160 ! " RAW_CAPS " ! "
                                 "appsink name=sink sync=false", &error);
  if (!self->ring || error)
    {
      g_message ("No ring tone: %s", error ? error->message : "?");
      g_clear_object (&self->ring);
      return;
    }

  sink = gst_bin_get_by_name (GST_BIN (self->ring), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  self->ring_samples = 0;
  if (!set_playing (self->ring, &error))
    {
      g_message ("No ring tone: %s", error->message);
      g_clear_object (&self->ring);
    }
}

/* Sends EOS through a pipeline, so that a WAV file gets its header, and
 * waits for it a while: a sound card may never drain. */
static void
finish_pipeline (GstElement *pipeline,
                 gboolean    drain)
{
  if (drain)
    {
      g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
      g_autoptr (GstMessage) message = NULL;

      message = gst_bus_timed_pop_filtered (bus, STOP_WAIT_MS * GST_MSECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

/* GObject ------------------------------------------------------------------- */

static void
desk_audio_io_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DeskAudioIo *self = DESK_AUDIO_IO (object);

  switch (prop_id)
    {
    case PROP_INPUT_DEVICE:
      g_value_set_string (value, self->input_id);
      break;
    case PROP_OUTPUT_DEVICE:
      g_value_set_string (value, self->output_id);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_RING_VOLUME:
      g_value_set_double (value, self->ring_volume);
      break;
    case PROP_RINGING:
      g_value_set_boolean (value, self->ringing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_audio_io_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DeskAudioIo *self = DESK_AUDIO_IO (object);
  g_autoptr (GError) error = NULL;

  switch (prop_id)
    {
    case PROP_INPUT_DEVICE:
      if (!desk_audio_io_set_input_device (self, g_value_get_string (value), &error))
        g_message ("%s", error->message);
      break;
    case PROP_OUTPUT_DEVICE:
      if (!desk_audio_io_set_output_device (self, g_value_get_string (value), &error))
        g_message ("%s", error->message);
      break;
    case PROP_VOLUME:
      desk_audio_io_set_volume (self, g_value_get_double (value));
      break;
    case PROP_RING_VOLUME:
      desk_audio_io_set_ring_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_audio_io_dispose (GObject *object)
{
  desk_audio_io_stop (DESK_AUDIO_IO (object));

  G_OBJECT_CLASS (desk_audio_io_parent_class)->dispose (object);
}

static void
desk_audio_io_finalize (GObject *object)
{
  DeskAudioIo *self = DESK_AUDIO_IO (object);

  g_free (self->input_id);
  g_free (self->output_id);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (desk_audio_io_parent_class)->finalize (object);
}

static void
desk_audio_io_class_init (DeskAudioIoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_audio_io_get_property;
  object_class->set_property = desk_audio_io_set_property;
  object_class->dispose = desk_audio_io_dispose;
  object_class->finalize = desk_audio_io_finalize;

  /**
   * DeskAudioIo:input-device:
   *
   * The microphone's id (see desk_audio_io_list_devices()), "file:/x.wav",
   * or "" for the default one.
   */
  props[PROP_INPUT_DEVICE] = g_param_spec_string ("input-device", NULL, NULL, "", rw);
  /**
   * DeskAudioIo:output-device:
   *
   * The speaker's id, "file:/x.wav", or "" for the default one.
   */
  props[PROP_OUTPUT_DEVICE] = g_param_spec_string ("output-device", NULL, NULL, "", rw);
  /**
   * DeskAudioIo:volume:
   *
   * How loud the other side is, 0 to 1.
   */
  props[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, rw);
  /**
   * DeskAudioIo:ring-volume:
   *
   * How loud the ring tone is, 0 to 1.
   */
  props[PROP_RING_VOLUME] = g_param_spec_double ("ring-volume", NULL, NULL, 0, 1, 0.8, rw);
  /**
   * DeskAudioIo:ringing:
   *
   * Whether the ring tone is on.
   */
  props[PROP_RINGING] = g_param_spec_boolean ("ringing", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_audio_io_init (DeskAudioIo *self)
{
  g_mutex_init (&self->lock);
  self->input_id = g_strdup ("");
  self->output_id = g_strdup ("");
  self->volume = 1;
  self->ring_volume = 0.8;
}

/**
 * desk_audio_io_new:
 *
 * Returns: (transfer full): audio on the default devices, not started
 */
DeskAudioIo *
desk_audio_io_new (void)
{
  ensure_gst ();
  return g_object_new (DESK_TYPE_AUDIO_IO, NULL);
}

static gboolean
set_device (DeskAudioIo  *self,
            char        **field,
            const char   *id,
            GParamSpec   *pspec,
            GError      **error)
{
  gboolean running = desk_audio_io_is_running (self);

  if (!id)
    id = "";

  if (!check_device_id (id, error))
    return FALSE;

  if (g_strcmp0 (*field, id) == 0)
    return TRUE;

  g_free (*field);
  *field = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);

  /* A new device takes over at once, in the middle of a call too. */
  if (running)
    {
      gboolean ringing = self->ringing;

      desk_audio_io_stop (self);
      if (!desk_audio_io_start (self, error))
        return FALSE;
      desk_audio_io_ring (self, ringing);
    }

  return TRUE;
}

/**
 * desk_audio_io_set_input_device:
 * @self: a #DeskAudioIo
 * @id: (nullable): a device id, "file:/path.wav", or "" or %NULL for the default
 * @error: return location for a #GError
 *
 * Returns: whether the device was taken (and, while running, opened)
 */
gboolean
desk_audio_io_set_input_device (DeskAudioIo *self,
                                const char  *id,
                                GError     **error)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), FALSE);

  return set_device (self, &self->input_id, id, props[PROP_INPUT_DEVICE], error);
}

const char *
desk_audio_io_get_input_device (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), NULL);

  return self->input_id;
}

/**
 * desk_audio_io_set_output_device:
 * @self: a #DeskAudioIo
 * @id: (nullable): a device id, "file:/path.wav", or "" or %NULL for the default
 * @error: return location for a #GError
 *
 * Returns: whether the device was taken (and, while running, opened)
 */
gboolean
desk_audio_io_set_output_device (DeskAudioIo *self,
                                 const char  *id,
                                 GError     **error)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), FALSE);

  return set_device (self, &self->output_id, id, props[PROP_OUTPUT_DEVICE], error);
}

const char *
desk_audio_io_get_output_device (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), NULL);

  return self->output_id;
}

void
desk_audio_io_set_volume (DeskAudioIo *self,
                          double       volume)
{
  g_return_if_fail (DESK_IS_AUDIO_IO (self));

  volume = CLAMP (volume, 0, 1);
  if (self->volume == volume)
    return;

  self->volume = volume;
  apply_volume (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_VOLUME]);
}

double
desk_audio_io_get_volume (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), 0);

  return self->volume;
}

void
desk_audio_io_set_ring_volume (DeskAudioIo *self,
                               double       volume)
{
  g_return_if_fail (DESK_IS_AUDIO_IO (self));

  volume = CLAMP (volume, 0, 1);
  if (self->ring_volume == volume)
    return;

  self->ring_volume = volume;
  apply_volume (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RING_VOLUME]);
}

double
desk_audio_io_get_ring_volume (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), 0);

  return self->ring_volume;
}

/**
 * desk_audio_io_start:
 * @self: a #DeskAudioIo
 * @error: return location for a #GError
 *
 * Opens both devices. A file output is written anew.
 *
 * Returns: whether both run
 */
gboolean
desk_audio_io_start (DeskAudioIo *self,
                     GError     **error)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), FALSE);

  if (self->output)
    return TRUE;

  self->output = make_output (self, error);
  if (!self->output)
    return FALSE;
  apply_volume (self);

  self->input = make_input (self, error);
  if (!self->input)
    {
      desk_audio_io_stop (self);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  self->src = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (self->output), "src"));
  self->ring_start = self->ring_count = 0;
  g_mutex_unlock (&self->lock);

  if (!set_playing (self->output, error))
    {
      g_prefix_error (error, _("Cannot open the audio output: "));
      desk_audio_io_stop (self);
      return FALSE;
    }

  if (!set_playing (self->input, error))
    {
      g_prefix_error (error, _("Cannot open the audio input: "));
      desk_audio_io_stop (self);
      return FALSE;
    }

  if (self->ringing)
    ring_start (self);
  return TRUE;
}

/**
 * desk_audio_io_stop:
 * @self: a #DeskAudioIo
 *
 * Closes both devices; a file output is complete when this returns.
 */
void
desk_audio_io_stop (DeskAudioIo *self)
{
  g_autoptr (GstAppSrc) src = NULL;

  g_return_if_fail (DESK_IS_AUDIO_IO (self));

  ring_stop (self);

  g_mutex_lock (&self->lock);
  src = g_steal_pointer (&self->src);
  self->ring_count = 0;
  g_mutex_unlock (&self->lock);

  if (self->input)
    finish_pipeline (g_steal_pointer (&self->input), FALSE);

  if (self->output)
    {
      gboolean drain = src && gst_app_src_end_of_stream (src) == GST_FLOW_OK;

      self->volume_element = NULL;
      finish_pipeline (g_steal_pointer (&self->output), drain);
    }
}

gboolean
desk_audio_io_is_running (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), FALSE);

  return self->output != NULL;
}

/**
 * desk_audio_io_ring:
 * @self: a #DeskAudioIo
 * @on: whether the ring tone plays
 *
 * The ring tone plays on the output, at #DeskAudioIo:ring-volume, while
 * the output runs (desk_audio_io_start()).
 */
void
desk_audio_io_ring (DeskAudioIo *self,
                    gboolean     on)
{
  g_return_if_fail (DESK_IS_AUDIO_IO (self));

  on = !!on;
  if (self->ringing == on)
    return;

  self->ringing = on;
  if (on)
    ring_start (self);
  else
    ring_stop (self);
  apply_volume (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RINGING]);
}

gboolean
desk_audio_io_get_ringing (DeskAudioIo *self)
{
  g_return_val_if_fail (DESK_IS_AUDIO_IO (self), FALSE);

  return self->ringing;
}

/**
 * desk_audio_io_write:
 * @self: a #DeskAudioIo
 * @samples: (array length=n_samples): 8 kHz mono audio
 * @n_samples: how many
 *
 * Plays the samples; from any thread. Dropped while stopped.
 */
void
desk_audio_io_write (DeskAudioIo  *self,
                     const gint16 *samples,
                     guint         n_samples)
{
  push_samples (self, samples, n_samples);
}

/**
 * desk_audio_io_read:
 * @self: a #DeskAudioIo
 * @samples: (out caller-allocates) (array length=n_samples): where the audio goes
 * @n_samples: how many
 *
 * Takes what the input captured, and silence where it has nothing (not
 * started, a file that ended); from any thread.
 */
void
desk_audio_io_read (DeskAudioIo *self,
                    gint16      *samples,
                    guint        n_samples)
{
  guint i = 0;

  g_mutex_lock (&self->lock);
  for (; i < n_samples && self->ring_count > 0; i++)
    {
      samples[i] = self->ring_buffer[self->ring_start];
      self->ring_start = (self->ring_start + 1) % RING_LEN;
      self->ring_count--;
    }
  g_mutex_unlock (&self->lock);

  memset (samples + i, 0, (n_samples - i) * sizeof (gint16));
}
