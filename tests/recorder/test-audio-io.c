/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-audio-io.h"
#include "desk-error.h"
#include "pbx-test-common.h"

/* DeskAudioIo with WAV files for devices: the same pipelines as with a
 * headset, heard by frequency. */

typedef struct
{
  PbxFixture base;            /* only its tmpdir */
  DeskAudioIo *io;
  char *out_id;
  char *out_path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->base.tmpdir = desk_test_tmpdir_new ("desk-audio-io");
  f->out_path = g_build_filename (f->base.tmpdir, "out.wav", NULL);
  f->out_id = g_strconcat ("file:", f->out_path, NULL);
  f->io = desk_audio_io_new ();
  g_assert_true (desk_audio_io_set_output_device (f->io, f->out_id, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->io);
  g_clear_pointer (&f->base.tmpdir, desk_test_tmpdir_free);
  g_free (f->out_id);
  g_free (f->out_path);
}

/* What a softphone does: 20 ms in, 20 ms out, for @ms. */
static void
loop_audio (Fixture *f,
            guint    ms)
{
  gint16 frame[160];

  for (guint t = 0; t < ms; t += 20)
    {
      desk_audio_io_read (f->io, frame, G_N_ELEMENTS (frame));
      desk_audio_io_write (f->io, frame, G_N_ELEMENTS (frame));
      g_usleep (20000);
    }
}

/* A 1 kHz tone file in, looped back to the output file for @ms. */
static void
loop_tone (Fixture *f,
           guint    ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tone = pbx_write_tone_wav (&f->base, "tone.wav", 1000.0, 10, -1);
  g_autofree char *in_id = g_strconcat ("file:", tone, NULL);

  g_assert_true (desk_audio_io_set_input_device (f->io, in_id, &error));
  g_assert_no_error (error);
  g_assert_true (desk_audio_io_start (f->io, &error));
  g_assert_no_error (error);
  loop_audio (f, ms);
  desk_audio_io_stop (f->io);
}

static void
test_file_loop (Fixture       *f,
                gconstpointer  data)
{
  g_autofree gint16 *out = NULL;
  gsize n;

  loop_tone (f, 3000);

  out = pbx_read_wav_mono (f->out_path, &n);
  g_assert_cmpuint (n, >=, 2 * PBX_TEST_RATE);
  g_assert_cmpint (pbx_find_tone (out, n, 1000.0, 0), >=, 0);
}

static void
test_volume_zero (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree gint16 *out = NULL;
  gsize n;

  desk_audio_io_set_volume (f->io, 0);
  loop_tone (f, 2000);

  out = pbx_read_wav_mono (f->out_path, &n);
  g_assert_cmpuint (n, >=, PBX_TEST_RATE);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (ABS (out[i]), <, 2);
}

static void
test_ring (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gint16 *out = NULL;
  gsize n;
  int at;

  g_assert_true (desk_audio_io_start (f->io, &error));
  g_assert_no_error (error);
  desk_audio_io_ring (f->io, TRUE);
  g_assert_true (desk_audio_io_get_ringing (f->io));
  g_usleep (2500 * 1000);
  desk_audio_io_ring (f->io, FALSE);
  desk_audio_io_stop (f->io);

  /* One second of 425 Hz, then the pause of the cadence. */
  out = pbx_read_wav_mono (f->out_path, &n);
  g_assert_cmpuint (n, >=, 2 * PBX_TEST_RATE);
  at = pbx_find_tone (out, n, 425.0, 0);
  g_assert_cmpint (at, ==, 0);
  g_assert_cmpfloat (pbx_tone_share (out + PBX_TEST_RATE + 800, PBX_TEST_RATE / 2, 1, 425.0),
                     <, 0.1);
}

static void
test_bad_devices (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) devices = desk_audio_io_list_devices (DESK_AUDIO_IO_INPUT
                                                              | DESK_AUDIO_IO_OUTPUT);

  for (guint i = 0; i < devices->len; i++)
    {
      DeskAudioDevice *device = g_ptr_array_index (devices, i);

      g_assert_nonnull (device->id);
      g_assert_nonnull (device->name);
    }

  g_assert_false (desk_audio_io_set_output_device (f->io, "file:relative.wav", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (desk_audio_io_get_output_device (f->io), ==, f->out_id);

  g_assert_true (desk_audio_io_set_input_device (f->io, "Audio/Source:no such microphone",
                                                 &error));
  g_assert_false (desk_audio_io_start (f->io, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_assert_false (desk_audio_io_is_running (f->io));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/recorder/audio-io/file-loop", Fixture, NULL, fixture_setup, test_file_loop,
              fixture_teardown);
  g_test_add ("/desk/recorder/audio-io/volume-zero", Fixture, NULL, fixture_setup,
              test_volume_zero, fixture_teardown);
  g_test_add ("/desk/recorder/audio-io/ring", Fixture, NULL, fixture_setup, test_ring,
              fixture_teardown);
  g_test_add ("/desk/recorder/audio-io/bad-devices", Fixture, NULL, fixture_setup,
              test_bad_devices, fixture_teardown);

  return g_test_run ();
}
