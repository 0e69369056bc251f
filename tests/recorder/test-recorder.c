/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <math.h>

#include "desk-error.h"
#include "desk-recorder.h"
#include "desk-test-utils.h"

#define RATE 8000

const char *__asan_default_options (void);

/* GStreamer makes GLib allocate in an ELF constructor, reported as a leak;
 * tests/lsan.supp names that frame, which only a slow unwind can see. The
 * sanitizer build reads this; any other build ignores it. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

/* A stereo WAV as the media path writes it: caller on the left, operator on
 * the right, here two tones of different pitch. */
static void
write_stereo_wav (const char *path,
                  double      seconds)
{
  guint frames = (guint) (seconds * RATE);
  gsize data_len = frames * 4;
  g_autofree guint8 *buf = g_malloc0 (44 + data_len);
  gint16 *samples = (gint16 *) (buf + 44);
  guint32 u32;
  guint16 u16;

  memcpy (buf, "RIFF", 4);
  u32 = GUINT32_TO_LE ((guint32) (36 + data_len)); memcpy (buf + 4, &u32, 4);
  memcpy (buf + 8, "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); memcpy (buf + 16, &u32, 4);
  u16 = GUINT16_TO_LE (1); memcpy (buf + 20, &u16, 2);
  u16 = GUINT16_TO_LE (2); memcpy (buf + 22, &u16, 2);
  u32 = GUINT32_TO_LE (RATE); memcpy (buf + 24, &u32, 4);
  u32 = GUINT32_TO_LE (RATE * 4); memcpy (buf + 28, &u32, 4);
  u16 = GUINT16_TO_LE (4); memcpy (buf + 32, &u16, 2);
  u16 = GUINT16_TO_LE (16); memcpy (buf + 34, &u16, 2);
  memcpy (buf + 36, "data", 4);
  u32 = GUINT32_TO_LE ((guint32) data_len); memcpy (buf + 40, &u32, 4);

  for (guint i = 0; i < frames; i++)
    {
      samples[2 * i] = GINT16_TO_LE ((gint16) (8000 * sin (2 * G_PI * 440 * i / RATE)));
      samples[2 * i + 1] = GINT16_TO_LE ((gint16) (8000 * sin (2 * G_PI * 1000 * i / RATE)));
    }
  g_assert_true (g_file_set_contents (path, (const char *) buf, 44 + data_len, NULL));
}

static void
assert_stereo_opus (const char *path,
                    double      seconds)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GstDiscovererInfo) info = NULL;
  GList *streams;
  GstDiscovererAudioInfo *audio;
  g_autoptr (GstCaps) caps = NULL;
  g_autofree char *caps_text = NULL;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  streams = gst_discoverer_info_get_audio_streams (info);
  g_assert_cmpuint (g_list_length (streams), ==, 1);
  audio = streams->data;
  g_assert_cmpuint (gst_discoverer_audio_info_get_channels (audio), ==, 2);
  caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));
  caps_text = gst_caps_to_string (caps);
  g_assert_nonnull (strstr (caps_text, "audio/x-opus"));
  g_assert_cmpfloat (fabs ((double) gst_discoverer_info_get_duration (info) / GST_SECOND - seconds),
                     <, 0.2);
  gst_discoverer_stream_info_list_free (streams);
}

static void
test_encode (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-recorder");
  g_autofree char *wav = g_build_filename (dir, "call.wav", NULL);
  g_autofree char *ogg = g_build_filename (dir, "call.ogg", NULL);
  g_autofree char *part = g_strconcat (ogg, ".part", NULL);

  write_stereo_wav (wav, 3.0);
  g_assert_true (desk_recorder_encode (wav, ogg, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  assert_stereo_opus (ogg, 3.0);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_encode_unicode_path (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-recorder");
  g_autofree char *wav = g_build_filename (dir, "Дзвінок \"1\".wav", NULL);
  g_autofree char *ogg = g_build_filename (dir, "Дзвінок \"1\".ogg", NULL);

  write_stereo_wav (wav, 1.0);
  g_assert_true (desk_recorder_encode (wav, ogg, NULL, &error));
  g_assert_no_error (error);
  assert_stereo_opus (ogg, 1.0);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
on_encoded (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;

  if (!desk_recorder_encode_finish (DESK_RECORDER (source), result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static gboolean
has_error (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
test_encode_async (void)
{
  GError *result = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-recorder");
  g_autofree char *wav = g_build_filename (dir, "call.wav", NULL);
  g_autofree char *ogg = g_build_filename (dir, "call.ogg", NULL);
  g_autoptr (DeskRecorder) recorder = desk_recorder_new ();

  write_stereo_wav (wav, 1.0);
  desk_recorder_encode_async (recorder, wav, ogg, NULL, on_encoded, &result);
  g_assert_true (desk_test_wait_until (has_error, &result, 30000));
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* our "done" marker */
  g_clear_error (&result);
  assert_stereo_opus (ogg, 1.0);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_broken_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-recorder");
  g_autofree char *wav = g_build_filename (dir, "broken.wav", NULL);
  g_autofree char *ogg = g_build_filename (dir, "broken.ogg", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.wav", NULL);

  g_assert_true (g_file_set_contents (wav, "RIFF....not audio at all", -1, NULL));
  g_assert_false (desk_recorder_encode (wav, ogg, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
  g_assert_false (g_file_test (ogg, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (desk_recorder_encode (missing, ogg, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/recorder/encode", test_encode);
  g_test_add_func ("/desk/recorder/encode-unicode-path", test_encode_unicode_path);
  g_test_add_func ("/desk/recorder/encode-async", test_encode_async);
  g_test_add_func ("/desk/recorder/broken-input", test_broken_input);
  return g_test_run ();
}
