/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gst/gst.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "desk-error.h"
#include "desk-prompt-file.h"
#include "desk-test-utils.h"
#include "desk-types.h"
#include "desk-voice-private.h"
#include "desk-voice.h"

const char *__asan_default_options (void);

/* See test-recorder.c: GStreamer's constructor-time allocations need a slow
 * unwind to match tests/lsan.supp. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#define GREETING_UK "Вітаємо у Соняшник Телеком. Натисніть 1, щоб поговорити з " \
                    "оператором, або 2, щоб дізнатися статус звернення."
#define GREETING_RU "Добро пожаловать в Подсолнух Телеком. Нажмите 1, чтобы поговорить " \
                    "с оператором, или 2, чтобы узнать статус обращения."

typedef struct
{
  guint rate;
  guint channels;
  guint bits;
  gint16 *samples;
  gsize n;
} Wav;

static void
wav_clear (Wav *wav)
{
  g_clear_pointer (&wav->samples, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Wav, wav_clear)

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* A RIFF/WAVE reader that walks the chunks as the telephony engine does, so
 * a LIST chunk from wavenc or a missing data chunk shows up here. */
static void
wav_read (const char *path,
          Wav        *wav)
{
  g_autofree guint8 *buf = NULL;
  gsize len = 0;
  gsize pos = 12;
  gboolean have_fmt = FALSE;

  memset (wav, 0, sizeof (*wav));
  g_assert_true (g_file_get_contents (path, (char **) &buf, &len, NULL));
  g_assert_cmpuint (len, >=, 44);
  g_assert_cmpmem (buf, 4, "RIFF", 4);
  g_assert_cmpmem (buf + 8, 4, "WAVE", 4);
  while (pos + 8 <= len)
    {
      gsize size = le32 (buf + pos + 4);
      const guint8 *body = buf + pos + 8;

      g_assert_cmpuint (size, <=, len - pos - 8);
      if (memcmp (buf + pos, "fmt ", 4) == 0)
        {
          g_assert_cmpuint (size, >=, 16);
          g_assert_cmpuint (body[0] | (body[1] << 8), ==, 1);   /* PCM */
          wav->channels = body[2] | (body[3] << 8);
          wav->rate = le32 (body + 4);
          wav->bits = body[14] | (body[15] << 8);
          have_fmt = TRUE;
        }
      else if (memcmp (buf + pos, "data", 4) == 0)
        {
          g_assert_true (have_fmt);
          g_assert_cmpuint (wav->bits, ==, 16);
          wav->n = size / 2;
          wav->samples = g_new (gint16, MAX (wav->n, 1));
          for (gsize i = 0; i < wav->n; i++)
            wav->samples[i] = (gint16) (body[2 * i] | (body[2 * i + 1] << 8));
          return;
        }
      pos += 8 + size + (size & 1);
    }
  g_assert_not_reached ();
}

static void
assert_phone_wav (const char *path,
                  Wav        *wav)
{
  wav_read (path, wav);
  g_assert_cmpuint (wav->rate, ==, 8000);
  g_assert_cmpuint (wav->channels, ==, 1);
  g_assert_cmpuint (wav->bits, ==, 16);
}

static double
wav_seconds (const Wav *wav)
{
  return (double) wav->n / wav->rate;
}

static double
rms (const gint16 *samples,
     gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return n ? sqrt (sum / n) : 0;
}

/* Amplitude of the @freq component, by the Goertzel recurrence. */
static double
goertzel (const gint16 *samples,
          gsize         n,
          double        rate,
          double        freq)
{
  double coeff = 2 * cos (2 * G_PI * freq / rate);
  double s1 = 0, s2 = 0;

  for (gsize i = 0; i < n; i++)
    {
      double s0 = samples[i] + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
  return 2 * sqrt (MAX (0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / n;
}

/* Share of the energy at or above @from_hz, over 32 ms frames. */
static double
high_band_share (const Wav *wav,
                 double     from_hz)
{
  const gsize frame = 256;
  double high = 0, total = 0;

  for (gsize start = 0; start + frame <= wav->n; start += frame)
    for (gsize k = 1; k < frame / 2; k++)
      {
        double f = (double) k * wav->rate / frame;
        double a = goertzel (wav->samples + start, frame, wav->rate, f);

        total += a * a;
        if (f >= from_hz)
          high += a * a;
      }
  return total > 0 ? high / total : 1;
}

typedef struct
{
  char *dir;
  char *cache;
  DeskVoice *voice;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = desk_test_tmpdir_new ("desk-voice");
  f->cache = g_build_filename (f->dir, "voice-cache", NULL);
  f->voice = desk_voice_new (f->cache);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->voice);
  g_free (f->cache);
  desk_test_tmpdir_free (f->dir);
}

static char *
say (Fixture    *f,
     const char *language,
     const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = desk_voice_say_sync (f->voice, language, text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static void
check_speech (Fixture    *f,
              const char *language,
              const char *short_text,
              const char *long_text)
{
  g_autofree char *short_path = say (f, language, short_text);
  g_autofree char *long_path = say (f, language, long_text);
  g_autofree char *dir = g_path_get_dirname (short_path);
  g_auto (Wav) short_wav = { 0 };
  g_auto (Wav) long_wav = { 0 };

  g_assert_cmpstr (dir, ==, f->cache);
  g_assert_true (g_str_has_suffix (short_path, ".wav"));
  g_assert_cmpstr (short_path, !=, long_path);

  assert_phone_wav (short_path, &short_wav);
  assert_phone_wav (long_path, &long_wav);
  g_test_message ("%s: %.2f s and %.2f s, RMS %.0f and %.0f, above 3.5 kHz %.4f", language,
                  wav_seconds (&short_wav), wav_seconds (&long_wav),
                  rms (short_wav.samples, short_wav.n), rms (long_wav.samples, long_wav.n),
                  high_band_share (&long_wav, 3500));

  g_assert_cmpfloat (wav_seconds (&short_wav), >, 0.4);
  g_assert_cmpfloat (wav_seconds (&short_wav), <, 4.0);
  g_assert_cmpfloat (wav_seconds (&long_wav), >, 2.5 * wav_seconds (&short_wav));
  g_assert_cmpfloat (wav_seconds (&long_wav), <, 30.0);
  g_assert_cmpfloat (rms (short_wav.samples, short_wav.n), >, 500);
  g_assert_cmpfloat (rms (long_wav.samples, long_wav.n), >, 500);
  /* Speech through a good low-pass keeps almost nothing at the band edge;
   * folded-back fricatives from a naive decimation would be here. */
  g_assert_cmpfloat (high_band_share (&long_wav, 3500), <, 0.005);
}

static void
test_ukrainian (Fixture       *f,
                gconstpointer  data)
{
  check_speech (f, "uk", "Добрий день.", GREETING_UK);
}

static void
test_russian (Fixture       *f,
              gconstpointer  data)
{
  check_speech (f, "ru", "Добрый день.", GREETING_RU);
}

static void
test_english (Fixture       *f,
              gconstpointer  data)
{
  check_speech (f, "en", "Good morning.",
                "Welcome to Sunflower Telecom. Press 1 to speak to an operator, "
                "or 2 to hear the status of your case.");
}

static void
check_number_words (const char *language,
                    const char *thousand)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = _desk_voice_dup_phonemes (language, "1234", &error);
  g_autofree char *digits = NULL;

  g_assert_no_error (error);
  digits = _desk_voice_dup_phonemes (language, "1 2 3 4", &error);
  g_assert_no_error (error);
  g_test_message ("%s: 1234 → %s; 1 2 3 4 → %s", language, number, digits);
  g_assert_nonnull (strstr (number, thousand));
  g_assert_null (strstr (digits, thousand));
  g_assert_cmpstr (number, !=, digits);
}

static void
test_numbers (void)
{
  check_number_words ("uk", "t'isjatS");   /* тисяча */
  check_number_words ("ru", "t'ys;V");     /* тысяча */
  check_number_words ("en", "T'aUz@nd");   /* thousand */
}

typedef struct
{
  int pending;
  char *paths[4];
  GError *errors[4];
} Results;

typedef struct
{
  Results *results;
  int index;
} Slot;

static void
on_said (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Slot *slot = data;

  slot->results->paths[slot->index] =
    desk_voice_say_finish (DESK_VOICE (source), result, &slot->results->errors[slot->index]);
  slot->results->pending--;
  g_free (slot);
}

static gboolean
all_done (gpointer data)
{
  return ((Results *) data)->pending == 0;
}

static void
say_async (Fixture    *f,
           Results    *results,
           int         index,
           const char *language,
           const char *text)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->results = results;
  slot->index = index;
  results->pending++;
  desk_voice_say_async (f->voice, language, text, NULL, on_said, slot);
}

static void
results_clear (Results *results)
{
  for (guint i = 0; i < G_N_ELEMENTS (results->paths); i++)
    {
      g_clear_pointer (&results->paths[i], g_free);
      g_clear_error (&results->errors[i]);
    }
}

static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  Results results = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *messy = NULL;
  g_autofree char *russian = NULL;
  g_autofree char *faster = NULL;
  GStatBuf before, after;
  gint64 start;

  say_async (f, &results, 0, "uk", "Звернення номер 1234. Статус: в роботі.");
  g_assert_true (desk_test_wait_until (all_done, &results, 30000));
  g_assert_no_error (results.errors[0]);
  first = g_steal_pointer (&results.paths[0]);
  g_assert_cmpuint (_desk_voice_get_synthesis_count (f->voice), ==, 1);
  g_assert_cmpint (g_stat (first, &before), ==, 0);

  /* Served from the file: no synthesis, the very same inode (a rewrite goes
   * through rename and would change it), and no wait for the worker. */
  start = g_get_monotonic_time ();
  say_async (f, &results, 0, "uk", "Звернення номер 1234. Статус: в роботі.");
  g_assert_true (desk_test_wait_until (all_done, &results, 30000));
  g_assert_no_error (results.errors[0]);
  g_assert_cmpstr (results.paths[0], ==, first);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * G_TIME_SPAN_MILLISECOND);
  results_clear (&results);

  again = say (f, "uk", "Звернення номер 1234. Статус: в роботі.");
  messy = say (f, "uk", "  Звернення\tномер 1234.\r\n Статус:\x01 в\u00a0робо\u00adті.\n");
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpstr (messy, ==, first);
  g_assert_cmpuint (_desk_voice_get_synthesis_count (f->voice), ==, 1);
  g_assert_cmpint (g_stat (first, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);

  /* Language and speaking rate are part of the key. */
  russian = say (f, "ru", "Звернення номер 1234. Статус: в роботі.");
  g_assert_cmpstr (russian, !=, first);
  desk_voice_set_words_per_minute (f->voice, 200);
  faster = say (f, "uk", "Звернення номер 1234. Статус: в роботі.");
  g_assert_cmpstr (faster, !=, first);
  g_assert_cmpuint (_desk_voice_get_synthesis_count (f->voice), ==, 3);

  /* Three requests for one new text at once: the single worker says it
   * once and serves the other two from the file it just wrote. */
  for (int i = 0; i < 3; i++)
    say_async (f, &results, i, "uk", "Натисніть нуль, щоб повернутися до меню.");
  g_assert_true (desk_test_wait_until (all_done, &results, 30000));
  for (int i = 0; i < 3; i++)
    {
      g_assert_no_error (results.errors[i]);
      g_assert_cmpstr (results.paths[i], ==, results.paths[0]);
    }
  g_assert_cmpuint (_desk_voice_get_synthesis_count (f->voice), ==, 4);
  results_clear (&results);
}

static void
assert_invalid (Fixture    *f,
                const char *language,
                const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = desk_voice_say_sync (f->voice, language, text, NULL, &error);

  g_assert_null (path);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  Results results = { 0 };
  g_autoptr (GString) limit = g_string_new (NULL);
  g_autofree char *clean = NULL;
  g_autofree char *huge = NULL;
  g_autoptr (GError) error = NULL;

  assert_invalid (f, "uk", "");
  assert_invalid (f, "uk", " \t\r\n ");
  assert_invalid (f, "uk", "\x01\x02\x1b\x7f");
  assert_invalid (f, "uk", "\xff\xfe not UTF-8");
  assert_invalid (f, "de", "Guten Tag");
  assert_invalid (f, "", "Добрий день");
  assert_invalid (f, NULL, "Добрий день");
  assert_invalid (f, "UK", "Добрий день");

  /* The limit counts characters, not bytes, after cleaning. */
  for (guint i = 0; i < DESK_VOICE_MAX_CHARS / 10; i++)
    g_string_append (limit, "Звернення ");
  g_string_truncate (limit, limit->len - 1);
  g_string_append (limit, "я");
  clean = _desk_voice_clean_text (limit->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (clean, -1), ==, DESK_VOICE_MAX_CHARS);
  g_string_append (limit, "!");
  assert_invalid (f, "uk", limit->str);
  huge = g_strnfill (10 * 1024 * 1024, 'a');
  assert_invalid (f, "en", huge);

  say_async (f, &results, 0, "uk", "");
  say_async (f, &results, 1, "xx", "Добрий день");
  g_assert_true (desk_test_wait_until (all_done, &results, 10000));
  g_assert_null (results.paths[0]);
  g_assert_error (results.errors[0], DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_null (results.paths[1]);
  g_assert_error (results.errors[1], DESK_ERROR, DESK_ERROR_INVALID);
  results_clear (&results);

  g_assert_cmpuint (_desk_voice_get_synthesis_count (f->voice), ==, 0);
  g_assert_false (g_file_test (f->cache, G_FILE_TEST_EXISTS));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_cancellable_cancel (cancellable);
  path = desk_voice_say_sync (f->voice, "uk", GREETING_UK, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (f->cache, G_FILE_TEST_EXISTS));

  /* The engine is left ready for the next text. */
  g_clear_pointer (&path, g_free);
  path = say (f, "uk", "Добрий день.");
}

static void
test_markup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *plain = say (f, "uk", "Привіт, світ.");
  g_autofree char *tagged = NULL;
  g_autofree char *phonemes = NULL;
  g_auto (Wav) wav = { 0 };
  g_auto (Wav) plain_wav = { 0 };

  /* Read as plain text the tags are spelled out (some 17 s); were SSML
   * interpreted, the break alone would add a minute of silence and the
   * audio element would try to open a local file. */
  tagged = say (f, "uk",
                "<speak><audio src=\"file:///etc/passwd\"/>Привіт, <break time=\"60s\"/>"
                "світ &amp; <say-as interpret-as=\"characters\">ABC</say-as>.</speak>");
  assert_phone_wav (tagged, &wav);
  assert_phone_wav (plain, &plain_wav);
  g_test_message ("tagged %.2f s, plain %.2f s", wav_seconds (&wav), wav_seconds (&plain_wav));
  g_assert_cmpfloat (wav_seconds (&wav), >=, wav_seconds (&plain_wav));
  g_assert_cmpfloat (wav_seconds (&wav), <, 45.0);
  g_assert_cmpfloat (rms (wav.samples, wav.n), >, 500);

  /* Nor is espeak's [[phoneme]] input: the brackets' content is text. */
  g_clear_pointer (&tagged, g_free);
  tagged = say (f, "en", "[[h@l'oU]] <voice name=\"ru\">world</voice>");
  g_assert_nonnull (tagged);
}

static void
test_odd_text (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *one_word = NULL;
  g_autofree char *digits = g_strnfill (300, '7');
  const char *texts[] = {
    "😀🎉 👍🏽",
    "Hello Привіт 你好 שלום مرحبا",
    "%s%n%x%p \\x00 $(rm -rf /) '; DROP TABLE cases; --",
    "\u0301\u0301\u0301 а\u0301",
    "1.2.3.4.5 1,5 -7 +380 44 123 45 67 10:30 25.12.2024 №5 100% 3/4",
    digits,
  };
  GString *word = g_string_new (NULL);

  for (guint i = 0; i < 600; i++)
    g_string_append (word, "а");
  one_word = g_string_free (word, FALSE);

  for (guint i = 0; i <= G_N_ELEMENTS (texts); i++)
    {
      const char *text = i < G_N_ELEMENTS (texts) ? texts[i] : one_word;
      g_autoptr (GError) error = NULL;
      g_autofree char *path = desk_voice_say_sync (f->voice, "uk", text, NULL, &error);

      /* Spoken, or refused as having nothing to say: never anything else. */
      if (path != NULL)
        {
          g_auto (Wav) wav = { 0 };
          assert_phone_wav (path, &wav);
        }
      else
        {
          g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
        }
    }
}

static void
resample_tone (double  freq,
               double *amplitude_out,
               double *rms_out)
{
  const guint in_rate = 22050;
  gsize n_in = in_rate;
  g_autofree gint16 *in = g_new (gint16, n_in);
  g_autofree gint16 *out = NULL;
  gsize n_out = 0;

  for (gsize i = 0; i < n_in; i++)
    in[i] = (gint16) lrint (10000 * sin (2 * G_PI * freq * i / in_rate));
  out = _desk_voice_resample (in, n_in, in_rate, 8000, &n_out);
  g_assert_cmpuint (n_out, ==, 8000);
  /* Away from the edges, where the filter sees zeros. */
  *amplitude_out = goertzel (out + 500, 7000, 8000, freq);
  *rms_out = rms (out + 500, 7000);
}

static void
test_resampler (void)
{
  double amplitude, level;
  gint16 in[441];
  g_autofree gint16 *out = NULL;
  gsize n_out = 0;

  resample_tone (1000, &amplitude, &level);
  g_assert_cmpfloat (fabs (amplitude - 10000), <, 200);
  resample_tone (3000, &amplitude, &level);
  g_assert_cmpfloat (fabs (amplitude - 10000), <, 500);

  /* 4.5 and 6 kHz have no place at 8 kHz: decimated without a low-pass
   * they would come back as 3.5 and 2 kHz at full strength. */
  resample_tone (4500, &amplitude, &level);
  g_test_message ("4.5 kHz leaks at RMS %.2f", level);
  g_assert_cmpfloat (level, <, 30);
  resample_tone (6000, &amplitude, &level);
  g_test_message ("6 kHz leaks at RMS %.2f", level);
  g_assert_cmpfloat (level, <, 10);

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    in[i] = 1000;
  out = _desk_voice_resample (in, G_N_ELEMENTS (in), 22050, 8000, &n_out);
  g_assert_cmpuint (n_out, ==, 160);
  g_assert_cmpint (out[80], ==, 1000);    /* unity gain at DC */
  g_clear_pointer (&out, g_free);
  out = _desk_voice_resample (in, G_N_ELEMENTS (in), 8000, 8000, &n_out);
  g_assert_cmpuint (n_out, ==, G_N_ELEMENTS (in));
  g_assert_cmpmem (out, n_out * 2, in, sizeof in);
}

static void
test_case_status_text (void)
{
  g_autoptr (GEnumClass) statuses = g_type_class_ref (DESK_TYPE_CASE_STATUS);
  const char *languages[] = { "uk", "ru", "en" };
  g_autofree char *uk = desk_voice_case_status_text ("uk", 1234, "in_progress");
  g_autofree char *ru = desk_voice_case_status_text ("ru", 77, "waiting");
  g_autofree char *en = desk_voice_case_status_text ("en", 5, "closed");

  g_assert_cmpstr (uk, ==, "Звернення номер 1234. Статус: в роботі.");
  g_assert_cmpstr (ru, ==, "Обращение номер 77. Статус: ожидает вашего ответа.");
  g_assert_cmpstr (en, ==, "Case number 5. Status: closed.");

  /* Every status has its own sentence in every language the voice speaks. */
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_assert_true (desk_voice_language_is_supported (languages[l]));
      for (guint v = 0; v < statuses->n_values; v++)
        {
          char *text = desk_voice_case_status_text (languages[l], 9876543210,
                                                    statuses->values[v].value_nick);

          g_assert_nonnull (text);
          g_assert_nonnull (strstr (text, "9876543210"));
          g_assert_true (g_str_has_suffix (text, "."));
          g_assert_false (g_hash_table_contains (seen, text));
          g_hash_table_add (seen, text);
        }
    }

  g_assert_null (desk_voice_case_status_text ("de", 1, "new"));
  g_assert_null (desk_voice_case_status_text (NULL, 1, "new"));
  g_assert_null (desk_voice_case_status_text ("uk", 1, "lost"));
  g_assert_null (desk_voice_case_status_text ("uk", 1, NULL));
  g_assert_false (desk_voice_language_is_supported ("de"));
  g_assert_false (desk_voice_language_is_supported (NULL));
}

static void
test_case_status_spoken (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *text = desk_voice_case_status_text ("uk", 1234, "in_progress");
  g_autofree char *path = say (f, "uk", text);
  g_auto (Wav) wav = { 0 };

  assert_phone_wav (path, &wav);
  g_assert_cmpfloat (wav_seconds (&wav), >, 2.0);
}

/* Prompt files ---------------------------------------------------------- */

static gboolean
have_elements (const char *first,
               ...)
{
  va_list args;
  gboolean ok = TRUE;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      g_autoptr (GstElementFactory) factory = gst_element_factory_find (name);
      ok = ok && factory != NULL;
    }
  va_end (args);
  return ok;
}

static void
run_pipeline (const char *description)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

typedef struct
{
  const char *name;
  const char *file;
  const char *encoder;     /* a gst-launch fragment */
  const char *elements;    /* what must be installed, comma separated */
} Format;

static const Format formats[] = {
  { "vorbis", "tone.ogg", "audioconvert ! vorbisenc ! oggmux", "vorbisenc,oggmux,vorbisdec" },
  { "opus", "tone.opus", "audioconvert ! audioresample ! opusenc ! oggmux",
    "opusenc,oggmux,opusdec" },
  { "flac", "tone.flac", "audioconvert ! flacenc", "flacenc,flacparse,flacdec" },
  { "wav-s24", "tone.wav", "audioconvert ! audio/x-raw,format=S24LE ! wavenc", "wavenc" },
  { "mp3", "tone.mp3", "audioconvert ! lamemp3enc", "lamemp3enc,mpegaudioparse,mpg123audiodec" },
};

static gboolean
have_element_list (const char *list)
{
  g_auto (GStrv) names = g_strsplit (list, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (!have_elements (names[i], NULL))
      return FALSE;
  return TRUE;
}

static void
on_converted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Results *results = data;

  if (!desk_prompt_file_convert_finish (result, &results->errors[0]))
    g_assert_nonnull (results->errors[0]);
  results->pending--;
}

static gboolean
convert_async (const char  *input,
               const char  *output,
               GError     **error)
{
  Results results = { .pending = 1 };

  desk_prompt_file_convert_async (input, output, NULL, on_converted, &results);
  g_assert_true (desk_test_wait_until (all_done, &results, 60000));
  if (results.errors[0] != NULL)
    {
      g_propagate_error (error, results.errors[0]);
      return FALSE;
    }
  return TRUE;
}

static void
test_prompt_format (gconstpointer data)
{
  const Format *format = data;
  g_autofree char *dir = desk_test_tmpdir_new ("desk-prompt");
  g_autofree char *input = g_build_filename (dir, format->file, NULL);
  /* Non-ASCII and a quote: the converter must not build pipelines as text. */
  g_autofree char *output = g_build_filename (dir, "Привітання \"1\".wav", NULL);
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Wav) wav = { 0 };
  double tone, off_tone;

  if (!have_element_list (format->elements))
    {
      g_test_skip ("encoder or decoder not installed");
      desk_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }

  /* Two seconds of 1 kHz in stereo at 44.1 kHz: the converter must mix
   * down and resample as well as decode. */
  description = g_strdup_printf ("audiotestsrc freq=1000 volume=0.5 num-buffers=20 "
                                 "samplesperbuffer=4410 ! audio/x-raw,rate=44100,channels=2 ! "
                                 "%s ! filesink location=\"%s\"", format->encoder, input);
  run_pipeline (description);

  g_assert_true (convert_async (input, output, &error));
  g_assert_no_error (error);
  assert_phone_wav (output, &wav);

  tone = goertzel (wav.samples + 800, wav.n - 1600, 8000, 1000);
  off_tone = goertzel (wav.samples + 800, wav.n - 1600, 8000, 1500);
  g_test_message ("%s: %.3f s, 1 kHz at %.0f, 1.5 kHz at %.1f", format->name,
                  wav_seconds (&wav), tone, off_tone);
  g_assert_cmpfloat (fabs (wav_seconds (&wav) - 2.0), <, 0.15);
  g_assert_cmpfloat (tone, >, 8000);
  g_assert_cmpfloat (off_tone, <, tone / 100);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_prompt_not_audio (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-prompt");
  g_autofree char *text = g_build_filename (dir, "greeting.ogg", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.wav", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.ogg", NULL);
  g_autofree char *output = g_build_filename (dir, "out.wav", NULL);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append (body, "Вітаємо у Соняшник Телеком. This is a text file, not a sound.\n");
  g_assert_true (g_file_set_contents (text, body->str, (gssize) body->len, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  g_assert_false (convert_async (text, output, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "greeting.ogg"));
  g_clear_error (&error);
  g_assert_false (desk_prompt_file_convert (empty, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_prompt_file_convert (dir, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_prompt_file_convert (missing, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Neither the WAV nor a temporary file is left behind. */
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 2);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_prompt_video_only (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-prompt");
  g_autofree char *video = g_build_filename (dir, "clip.ogg", NULL);
  g_autofree char *output = g_build_filename (dir, "out.wav", NULL);
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;

  if (!have_elements ("theoraenc", "theoradec", "oggmux", NULL))
    {
      g_test_skip ("theora not installed");
      desk_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  description = g_strdup_printf ("videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48 ! "
                                 "theoraenc ! oggmux ! filesink location=\"%s\"", video);
  run_pipeline (description);

  g_assert_false (desk_prompt_file_convert (video, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 1);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
write_wav_header (guint8 *buf,
                  guint32 data_len,
                  guint32 rate)
{
  guint32 u32;
  guint16 u16;

  memcpy (buf, "RIFF", 4);
  u32 = GUINT32_TO_LE (36 + data_len); memcpy (buf + 4, &u32, 4);
  memcpy (buf + 8, "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); memcpy (buf + 16, &u32, 4);
  u16 = GUINT16_TO_LE (1); memcpy (buf + 20, &u16, 2);
  u16 = GUINT16_TO_LE (1); memcpy (buf + 22, &u16, 2);
  u32 = GUINT32_TO_LE (rate); memcpy (buf + 24, &u32, 4);
  u32 = GUINT32_TO_LE (rate * 2); memcpy (buf + 28, &u32, 4);
  u16 = GUINT16_TO_LE (2); memcpy (buf + 32, &u16, 2);
  u16 = GUINT16_TO_LE (16); memcpy (buf + 34, &u16, 2);
  memcpy (buf + 36, "data", 4);
  u32 = GUINT32_TO_LE (data_len); memcpy (buf + 40, &u32, 4);
}

static void
test_prompt_limits (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-prompt");
  g_autofree char *long_wav = g_build_filename (dir, "long.wav", NULL);
  g_autofree char *big = g_build_filename (dir, "big.ogg", NULL);
  g_autofree char *output = g_build_filename (dir, "out.wav", NULL);
  guint32 frames = (DESK_PROMPT_FILE_MAX_SECONDS + 60) * 8000;
  g_autofree guint8 *buf = g_malloc0 (44 + (gsize) frames * 2);
  g_autoptr (GError) error = NULL;
  int fd;

  /* 31 minutes of a quiet 8 kHz tone: real sound, just too much of it. */
  write_wav_header (buf, frames * 2, 8000);
  for (guint32 i = 0; i < frames; i++)
    {
      gint16 s = GINT16_TO_LE ((gint16) (500 * sin (2 * G_PI * 400 * i / 8000)));
      memcpy (buf + 44 + 2 * (gsize) i, &s, 2);
    }
  g_assert_true (g_file_set_contents (long_wav, (const char *) buf, 44 + (gssize) frames * 2,
                                      NULL));
  g_assert_false (desk_prompt_file_convert (long_wav, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  /* A sparse file over the size cap is refused before anything reads it. */
  fd = g_open (big, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, DESK_PROMPT_FILE_MAX_BYTES + 1), ==, 0);
  close (fd);
  g_assert_false (desk_prompt_file_convert (big, output, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  g_clear_error (&error);

  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 2);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_prompt_cancel (void)
{
  g_autofree char *dir = desk_test_tmpdir_new ("desk-prompt");
  g_autofree char *input = g_build_filename (dir, "tone.wav", NULL);
  g_autofree char *output = g_build_filename (dir, "out.wav", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  guint8 buf[44 + 1600];

  memset (buf, 0, sizeof buf);
  write_wav_header (buf, 1600, 8000);
  g_assert_true (g_file_set_contents (input, (const char *) buf, sizeof buf, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (desk_prompt_file_convert (input, output, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (dir), ==, 1);
  desk_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD_VOICE(path, func) \
  g_test_add ("/desk/recorder/voice/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_VOICE ("ukrainian", test_ukrainian);
  ADD_VOICE ("russian", test_russian);
  ADD_VOICE ("english", test_english);
  ADD_VOICE ("cache", test_cache);
  ADD_VOICE ("errors", test_errors);
  ADD_VOICE ("cancel", test_cancel);
  ADD_VOICE ("markup", test_markup);
  ADD_VOICE ("odd-text", test_odd_text);
  ADD_VOICE ("case-status-spoken", test_case_status_spoken);
  g_test_add_func ("/desk/recorder/voice/numbers", test_numbers);
  g_test_add_func ("/desk/recorder/voice/resampler", test_resampler);
  g_test_add_func ("/desk/recorder/voice/case-status-text", test_case_status_text);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_strconcat ("/desk/recorder/prompt-file/", formats[i].name, NULL);
      g_test_add_data_func (path, &formats[i], test_prompt_format);
    }
  g_test_add_func ("/desk/recorder/prompt-file/not-audio", test_prompt_not_audio);
  g_test_add_func ("/desk/recorder/prompt-file/video-only", test_prompt_video_only);
  g_test_add_func ("/desk/recorder/prompt-file/limits", test_prompt_limits);
  g_test_add_func ("/desk/recorder/prompt-file/cancel", test_prompt_cancel);

  return g_test_run ();
}
