/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-voice"

#include "desk-i18n.h"
#include "desk-voice.h"
#include "desk-voice-private.h"
#include "desk-error.h"
#include "desk-types.h"

#include <espeak-ng/speak_lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <inttypes.h>

/**
 * DeskVoice:
 *
 * Speaks the texts that the office owner types for IVR menus, and the
 * sentences the IVR builds (a case's number and status), with espeak-ng.
 * Each text becomes an 8 kHz mono 16-bit WAV file in a cache directory,
 * named after a SHA-256 of everything that shapes the sound, so a text is
 * synthesised once and then served from disk.
 *
 * espeak-ng keeps its state in globals and is not thread safe: all calls
 * into it go through one process-wide lock, and each voice runs its jobs
 * one at a time on a single low-priority worker thread, away from both the
 * main loop and the media path.
 *
 * Text is read as plain text: neither SSML nor espeak's [[phoneme]] input is
 * enabled, so whatever the owner types is only ever spoken.
 */

#define DEFAULT_WORDS_PER_MINUTE 150
#define DEFAULT_PITCH 50
/* Beyond this many bytes the text cannot be within the limit however much
 * white space it holds; refuse before reading it all. */
#define MAX_INPUT_BYTES (64 * 1024)

enum {
  PROP_0,
  PROP_CACHE_DIR,
  PROP_WORDS_PER_MINUTE,
  PROP_PITCH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

struct _DeskVoice
{
  GObject parent_instance;

  char *cache_dir;
  guint words_per_minute;
  guint pitch;
  GThreadPool *pool;
  guint synthesis_count;   /* atomic */
};

G_DEFINE_FINAL_TYPE (DeskVoice, desk_voice, G_TYPE_OBJECT)

typedef struct
{
  const char *code;
  const char *espeak_name;
} Language;

static const Language languages[] = {
  { "uk", "uk" },
  { "ru", "ru" },
  { "en", "en" },
};

typedef struct
{
  const Language *language;
  char *text;       /* cleaned */
  char *path;
  guint words_per_minute;
  guint pitch;
} SayJob;

static void
say_job_free (SayJob *job)
{
  g_free (job->text);
  g_free (job->path);
  g_free (job);
}

static const Language *
find_language (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code))
      return &languages[i];
  return NULL;
}

static const Language *
lookup_language (const char  *code,
                 GError     **error)
{
  const Language *language = find_language (code);

  if (language == NULL)
    g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                 _("The voice does not speak the language “%s”"), code ? code : "");
  return language;
}


static GBytes *
wav_bytes (const gint16 *samples,
           gsize         n_samples,
           guint         rate)
{
  gsize data_len = n_samples * 2;
  guint8 *buf = g_malloc (44 + data_len);
  guint32 u32;
  guint16 u16;

  memcpy (buf, "RIFF", 4);
  u32 = GUINT32_TO_LE ((guint32) (36 + data_len)); memcpy (buf + 4, &u32, 4);
  memcpy (buf + 8, "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); memcpy (buf + 16, &u32, 4);
  u16 = GUINT16_TO_LE (1); memcpy (buf + 20, &u16, 2);          /* PCM */
  u16 = GUINT16_TO_LE (1); memcpy (buf + 22, &u16, 2);          /* mono */
  u32 = GUINT32_TO_LE (rate); memcpy (buf + 24, &u32, 4);
  u32 = GUINT32_TO_LE (rate * 2); memcpy (buf + 28, &u32, 4);
  u16 = GUINT16_TO_LE (2); memcpy (buf + 32, &u16, 2);
  u16 = GUINT16_TO_LE (16); memcpy (buf + 34, &u16, 2);
  memcpy (buf + 36, "data", 4);
  u32 = GUINT32_TO_LE ((guint32) data_len); memcpy (buf + 40, &u32, 4);
  for (gsize i = 0; i < n_samples; i++)
    {
      gint16 le = GINT16_TO_LE (samples[i]);
      memcpy (buf + 44 + 2 * i, &le, 2);
    }
  return g_bytes_new_take (buf, 44 + data_len);
}

static char *
say_run (DeskVoice     *self,
         const SayJob  *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  g_autoptr (GBytes) wav = NULL;
  g_autofree gint16 *narrow = NULL;
  gsize n_narrow = 0;
  guint rate = 0;

  /* Another job may have said the same text while this one waited. */
  if (g_file_test (job->path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (job->path);

  if (!_desk_voice_engine_synthesize (job->language->espeak_name, job->words_per_minute,
                                      job->pitch, job->text, cancellable, samples, &rate, error))
    return NULL;
  g_atomic_int_inc (&self->synthesis_count);

  narrow = _desk_voice_resample ((const gint16 *) samples->data, samples->len, rate,
                                 DESK_VOICE_RATE, &n_narrow);
  wav = wav_bytes (narrow, n_narrow, DESK_VOICE_RATE);

  if (g_mkdir_with_parents (self->cache_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the voice cache %s: %s"), self->cache_dir,
                   g_strerror (saved));
      return NULL;
    }
  /* CONSISTENT: a temporary file renamed over the name, so a reader (or a
   * crash) never sees half a prompt. */
  if (!g_file_set_contents_full (job->path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return NULL;
  return g_strdup (job->path);
}

typedef struct
{
  GTask *task;
  char *path;
  GError *error;
} SayResult;

static gboolean
return_result (gpointer data)
{
  SayResult *result = data;

  if (result->path != NULL)
    g_task_return_pointer (result->task, result->path, g_free);
  else
    g_task_return_error (result->task, result->error);
  g_object_unref (result->task);
  g_free (result);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  SayResult *result = g_new0 (SayResult, 1);

  result->task = data;
  /* On Linux a thread has its own nice value: lower only this worker's. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);

  result->path = say_run (g_task_get_source_object (result->task),
                          g_task_get_task_data (result->task),
                          g_task_get_cancellable (result->task), &result->error);
  /* The task, and the voice it holds, are released in the caller's
   * context, never here: the last reference to the voice must not fall in
   * the thread its finalize would have to wait for. */
  g_main_context_invoke (g_task_get_context (result->task), return_result, result);
}

static void
checksum_add (GChecksum  *checksum,
              const char *field)
{
  /* NUL-terminated fields: no two different requests run together into
   * the same bytes. */
  g_checksum_update (checksum, (const guchar *) field, (gssize) strlen (field) + 1);
}

static char *
cache_path (DeskVoice      *self,
            const Language *language,
            guint           words_per_minute,
            guint           pitch,
            const char     *text)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *settings = NULL;
  g_autofree char *name = NULL;

  /* Everything that shapes the sound is in the key, the engine's version
   * too: an upgrade re-synthesises rather than mixing two voices. */
  settings = g_strdup_printf ("rate=%u pitch=%u out=%u", words_per_minute, pitch,
                              DESK_VOICE_RATE);
  checksum_add (checksum, "desk-voice/1");
  checksum_add (checksum, _desk_voice_engine_version ());
  checksum_add (checksum, language->espeak_name);
  checksum_add (checksum, settings);
  checksum_add (checksum, text);
  name = g_strconcat (g_checksum_get_string (checksum), ".wav", NULL);
  return g_build_filename (self->cache_dir, name, NULL);
}

/* Checks and cleans a request; on success the job is ready to run. */
static SayJob *
say_job_new (DeskVoice   *self,
             const char  *language_code,
             const char  *text,
             GError     **error)
{
  const Language *language;
  g_autofree char *clean = NULL;
  SayJob *job;

  if (!(language = lookup_language (language_code, error)))
    return NULL;
  if (!(clean = _desk_voice_clean_text (text, error)))
    return NULL;

  job = g_new0 (SayJob, 1);
  job->language = language;
  job->words_per_minute = desk_voice_get_words_per_minute (self);
  job->pitch = desk_voice_get_pitch (self);
  job->path = cache_path (self, language, job->words_per_minute, job->pitch, clean);
  job->text = g_steal_pointer (&clean);
  return job;
}

static void
desk_voice_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DeskVoice *self = DESK_VOICE (object);

  switch (prop_id)
    {
    case PROP_CACHE_DIR:
      g_value_set_string (value, self->cache_dir);
      break;
    case PROP_WORDS_PER_MINUTE:
      g_value_set_uint (value, desk_voice_get_words_per_minute (self));
      break;
    case PROP_PITCH:
      g_value_set_uint (value, desk_voice_get_pitch (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_voice_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DeskVoice *self = DESK_VOICE (object);

  switch (prop_id)
    {
    case PROP_CACHE_DIR:
      self->cache_dir = g_value_dup_string (value);
      break;
    case PROP_WORDS_PER_MINUTE:
      desk_voice_set_words_per_minute (self, g_value_get_uint (value));
      break;
    case PROP_PITCH:
      desk_voice_set_pitch (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_voice_finalize (GObject *object)
{
  DeskVoice *self = DESK_VOICE (object);

  /* Every queued task holds a reference to us, so nothing is queued here;
   * the worker frees the pool when it exits. */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_free (self->cache_dir);

  G_OBJECT_CLASS (desk_voice_parent_class)->finalize (object);
}

static void
desk_voice_class_init (DeskVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_voice_get_property;
  object_class->set_property = desk_voice_set_property;
  object_class->finalize = desk_voice_finalize;

  /**
   * DeskVoice:cache-dir:
   *
   * Where the spoken texts are kept, one WAV file each.
   */
  props[PROP_CACHE_DIR] =
    g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DeskVoice:words-per-minute:
   *
   * Speaking rate, a little slower than espeak's default: callers hear it
   * through a narrow telephone channel.
   */
  props[PROP_WORDS_PER_MINUTE] =
    g_param_spec_uint ("words-per-minute", NULL, NULL,
                       espeakRATE_MINIMUM, espeakRATE_MAXIMUM, DEFAULT_WORDS_PER_MINUTE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DeskVoice:pitch:
   *
   * Base pitch, 0 to 100.
   */
  props[PROP_PITCH] =
    g_param_spec_uint ("pitch", NULL, NULL, 0, 100, DEFAULT_PITCH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_voice_init (DeskVoice *self)
{
  self->words_per_minute = DEFAULT_WORDS_PER_MINUTE;
  self->pitch = DEFAULT_PITCH;
  self->pool = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
}

/**
 * desk_voice_new:
 * @cache_dir: where the WAV files go; created when first needed
 *
 * Returns: (transfer full): a new voice
 */
DeskVoice *
desk_voice_new (const char *cache_dir)
{
  g_return_val_if_fail (cache_dir != NULL, NULL);

  return g_object_new (DESK_TYPE_VOICE, "cache-dir", cache_dir, NULL);
}

const char *
desk_voice_get_cache_dir (DeskVoice *self)
{
  g_return_val_if_fail (DESK_IS_VOICE (self), NULL);

  return self->cache_dir;
}

guint
desk_voice_get_words_per_minute (DeskVoice *self)
{
  g_return_val_if_fail (DESK_IS_VOICE (self), 0);

  return self->words_per_minute;
}

void
desk_voice_set_words_per_minute (DeskVoice *self,
                                 guint      words_per_minute)
{
  g_return_if_fail (DESK_IS_VOICE (self));

  words_per_minute = CLAMP (words_per_minute, espeakRATE_MINIMUM, espeakRATE_MAXIMUM);
  if (self->words_per_minute == words_per_minute)
    return;
  self->words_per_minute = words_per_minute;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WORDS_PER_MINUTE]);
}

guint
desk_voice_get_pitch (DeskVoice *self)
{
  g_return_val_if_fail (DESK_IS_VOICE (self), 0);

  return self->pitch;
}

void
desk_voice_set_pitch (DeskVoice *self,
                      guint      pitch)
{
  g_return_if_fail (DESK_IS_VOICE (self));

  pitch = MIN (pitch, 100);
  if (self->pitch == pitch)
    return;
  self->pitch = pitch;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PITCH]);
}

/**
 * desk_voice_say_async:
 * @self: a #DeskVoice
 * @language: "uk", "ru" or "en"
 * @text: what to say, plain text of at most %DESK_VOICE_MAX_CHARS characters
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: for @callback
 *
 * Makes @text into an 8 kHz mono 16-bit WAV file. A text said before (same
 * language, rate and pitch) is served from the cache without waiting for
 * the worker.
 */
void
desk_voice_say_async (DeskVoice           *self,
                      const char          *language,
                      const char          *text,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  SayJob *job;

  g_return_if_fail (DESK_IS_VOICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_voice_say_async);

  if (!(job = say_job_new (self, language, text, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) say_job_free);

  if (g_file_test (job->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_strdup (job->path), g_free);
      return;
    }
  g_thread_pool_push (self->pool, g_steal_pointer (&task), NULL);
}

/**
 * desk_voice_say_finish:
 * @self: a #DeskVoice
 * @result: the result passed to the callback
 * @error: a #GError
 *
 * Returns: (transfer full): the path of the WAV file, or %NULL with @error
 *   set (%DESK_ERROR_INVALID for an empty, too long or undecodable text or a
 *   language the voice does not speak)
 */
char *
desk_voice_say_finish (DeskVoice     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * desk_voice_say_sync:
 *
 * Like desk_voice_say_async(), but synthesises in the calling thread (still
 * one text at a time across the process). For tools and tests: it blocks.
 *
 * Returns: (transfer full): the path of the WAV file, or %NULL with @error set
 */
char *
desk_voice_say_sync (DeskVoice     *self,
                     const char    *language,
                     const char    *text,
                     GCancellable  *cancellable,
                     GError       **error)
{
  SayJob *job;
  char *path;

  g_return_val_if_fail (DESK_IS_VOICE (self), NULL);

  if (!(job = say_job_new (self, language, text, error)))
    return NULL;
  path = say_run (self, job, cancellable, error);
  say_job_free (job);
  return path;
}

/**
 * desk_voice_language_is_supported:
 * @language: a language code such as "uk"
 *
 * Returns: whether the voice can speak @language
 */
gboolean
desk_voice_language_is_supported (const char *language)
{
  return find_language (language) != NULL;
}

guint
_desk_voice_get_synthesis_count (DeskVoice *self)
{
  g_return_val_if_fail (DESK_IS_VOICE (self), 0);

  return (guint) g_atomic_int_get (&self->synthesis_count);
}

char *
_desk_voice_clean_text (const char  *text,
                        GError     **error)
{
  g_autoptr (GString) clean = NULL;
  gsize n_chars = 0;
  gboolean pending_space = FALSE;

  if (text == NULL)
    text = "";
  if (strlen (text) > MAX_INPUT_BYTES)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The text is too long to say: at most %u characters"), DESK_VOICE_MAX_CHARS);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("The text is not valid UTF-8"));
      return NULL;
    }

  clean = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* Invisible formatting (soft hyphens, joiners, bidi marks) would split
       * or confuse words: drop it. Control characters and every kind of
       * space or line break separate words: one space. */
      if (type == G_UNICODE_FORMAT)
        continue;
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
          type == G_UNICODE_PARAGRAPH_SEPARATOR || g_unichar_isspace (c))
        {
          pending_space = clean->len > 0;
          continue;
        }
      if (pending_space)
        {
          g_string_append_c (clean, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (clean, c);
      n_chars++;
    }

  if (n_chars == 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("There is no text to say"));
      return NULL;
    }
  if (n_chars > DESK_VOICE_MAX_CHARS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("The text is too long to say: %" PRIu64 " characters, at most %u"),
                   (guint64) n_chars, DESK_VOICE_MAX_CHARS);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&clean), FALSE);
}

char *
_desk_voice_dup_phonemes (const char  *language_code,
                          const char  *text,
                          GError     **error)
{
  const Language *language;
  g_autofree char *clean = NULL;

  if (!(language = lookup_language (language_code, error)))
    return NULL;
  if (!(clean = _desk_voice_clean_text (text, error)))
    return NULL;
  return _desk_voice_engine_phonemes (language->espeak_name, clean, error);
}

/* The IVR speaks the office's language, whatever the server's locale: these
 * phrases are chosen per call, not translated with gettext. */
typedef struct
{
  const char *language;
  const char *before_number;
  const char *before_status;
  const char *statuses[DESK_CASE_STATUS_CLOSED + 1];
} CaseStatusPhrases;

static const CaseStatusPhrases case_status_phrases[] = {
  { "uk", "Звернення номер ", ". Статус: ", {
      [DESK_CASE_STATUS_NEW] = "нове",
      [DESK_CASE_STATUS_IN_PROGRESS] = "в роботі",
      [DESK_CASE_STATUS_WAITING] = "очікує вашої відповіді",
      [DESK_CASE_STATUS_RESOLVED] = "вирішено",
      [DESK_CASE_STATUS_CLOSED] = "закрито",
    } },
  { "ru", "Обращение номер ", ". Статус: ", {
      [DESK_CASE_STATUS_NEW] = "новое",
      [DESK_CASE_STATUS_IN_PROGRESS] = "в работе",
      [DESK_CASE_STATUS_WAITING] = "ожидает вашего ответа",
      [DESK_CASE_STATUS_RESOLVED] = "решено",
      [DESK_CASE_STATUS_CLOSED] = "закрыто",
    } },
  { "en", "Case number ", ". Status: ", {
      [DESK_CASE_STATUS_NEW] = "new",
      [DESK_CASE_STATUS_IN_PROGRESS] = "in progress",
      [DESK_CASE_STATUS_WAITING] = "waiting for your reply",
      [DESK_CASE_STATUS_RESOLVED] = "resolved",
      [DESK_CASE_STATUS_CLOSED] = "closed",
    } },
};

/**
 * desk_voice_case_status_text:
 * @language: "uk", "ru" or "en": the office's IVR language
 * @case_number: the case's number, positive
 * @status_nick: a #DeskCaseStatus nick such as "in_progress"
 *
 * The sentence the IVR says about a case, e.g. "Звернення номер 1234.
 * Статус: в роботі." The number stays in digits: the synthesiser reads it
 * by the language's rules.
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL for a
 *   language or status without one
 */
char *
desk_voice_case_status_text (const char *language,
                             gint64      case_number,
                             const char *status_nick)
{
  g_autofree char *number = NULL;
  int status;

  g_return_val_if_fail (case_number > 0, NULL);

  if (language == NULL || status_nick == NULL ||
      !desk_enum_from_nick (DESK_TYPE_CASE_STATUS, status_nick, &status, NULL) ||
      status < 0 || status >= (int) G_N_ELEMENTS (case_status_phrases[0].statuses))
    return NULL;

  number = g_strdup_printf ("%" G_GINT64_FORMAT, case_number);
  for (guint i = 0; i < G_N_ELEMENTS (case_status_phrases); i++)
    {
      const CaseStatusPhrases *phrases = &case_status_phrases[i];

      if (g_str_equal (phrases->language, language) && phrases->statuses[status] != NULL)
        return g_strconcat (phrases->before_number, number, phrases->before_status,
                            phrases->statuses[status], ".", NULL);
    }
  return NULL;
}
