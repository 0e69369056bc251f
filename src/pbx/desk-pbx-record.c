/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-record"

#include "config.h"

#include "desk-pbx-call-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Call recording, on the engine's side.
 *
 * A recording belongs to one leg, the caller's: what that leg says is the
 * left channel, what the leg bridged to it says (the operator) is the right
 * one, both taken from the same tick of the media clock. A tick that brings
 * nothing from a leg (no packet, no media yet, no peer) is written as
 * silence, so the channels never slip against each other nor against the
 * clock. A paused recording writes silence too, and remembers where.
 *
 * The PBX thread never touches a file. It fills a one-second buffer per
 * recording and hands it over to the writer: one thread for all the
 * engine's recordings, fed by a queue, that appends the samples to the WAV
 * file and rewrites the file's header after each second, so that a file
 * left by a crash plays up to its last second or two. At the end it appends
 * the pauses (a cue list with labelled regions), fixes the header, closes
 * the file and reports recording-finished. Encoding to Opus is the recorder
 * layer's job, off the media path and at a low priority.
 *
 * The file itself is created by the facade on the calling thread, so that
 * a bad path is an error at once; it starts as a valid, empty WAV file. */

enum {
  CHANNELS      = 2,
  SAMPLE_BYTES  = 2,
  TICK_SAMPLES  = DESK_PBX_FRAME_SAMPLES * CHANNELS,
  CHUNK_TICKS   = 50,                             /* one second per write */
  CHUNK_SAMPLES = CHUNK_TICKS * TICK_SAMPLES,
  CHUNK_BYTES   = CHUNK_SAMPLES * SAMPLE_BYTES,
  HEADER_BYTES  = 44,
  /* Samples waiting for the writer, all recordings together: about a
   * minute of 300 calls. Beyond it the media path sends silence instead
   * (the file keeps its length and alignment) rather than grow. */
  QUEUED_MAX    = 2000 * CHUNK_BYTES,
};

/* RIFF sizes are 32 bits: some 37 hours of 8 kHz stereo. */
#define DATA_MAX ((guint64) G_MAXUINT32 - 64 * 1024)

struct _DeskPbxRecFile
{
  char *path;
  int fd;
  guint64 data_bytes;     /* writer thread: sample bytes on disk */
  gboolean failed;        /* writer thread: nothing more goes in */
};

typedef struct
{
  guint32 at;             /* first sample frame of the pause */
  guint32 length;         /* its sample frames */
} PauseMark;

typedef enum
{
  JOB_DATA,
  JOB_FINISH,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind kind;
  DeskPbxRecFile *file;   /* data: borrowed (its finish comes later); finish: owned */
  int16_t *pcm;           /* data: little-endian, interleaved; NULL: silence */
  guint32 ticks;          /* data */
  GArray *marks;          /* finish: PauseMark */
  guint call_id;          /* finish */
} Job;

/* The one writer of an engine, made at its first recording. */
struct pbx_recorder {
  GThread *thread;
  GAsyncQueue *jobs;
  int queued;             /* bytes of samples in jobs; atomic */
  struct list recl;       /* PBX thread: the recordings under way */
  pbx_event_h *eventh;    /* called from the writer thread too */
  void *arg;
};

struct pbx_rec {
  struct le le;
  struct pbx_recorder *w;
  struct pbx_call *call;  /* the left channel; its peer is the right one */
  uint32_t start_id;      /* the call the office named */
  DeskPbxRecFile *file;   /* until the finish job takes it */
  int16_t *chunk;         /* CHUNK_SAMPLES */
  uint32_t ticks;         /* in chunk */
  uint64_t total;         /* ticks recorded */
  bool paused;
  uint64_t paused_at;     /* tick */
  GArray *marks;          /* PauseMark */
  bool lag_told;
};

/* The file ---------------------------------------------------------------- */

static void
put_le16 (guint8  *p,
          guint16  v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

static void
append_le32 (GByteArray *a,
             guint32     v)
{
  guint8 b[4];

  put_le32 (b, v);
  g_byte_array_append (a, b, 4);
}

static void
append_fourcc (GByteArray *a,
               const char *fourcc)
{
  g_byte_array_append (a, (const guint8 *) fourcc, 4);
}

/* @tail_bytes: the chunks after the samples (the pauses). */
static void
wav_header (guint8  h[HEADER_BYTES],
            guint32 data_bytes,
            guint32 tail_bytes)
{
  memcpy (h, "RIFF", 4);
  put_le32 (h + 4, 36 + data_bytes + tail_bytes);
  memcpy (h + 8, "WAVEfmt ", 8);
  put_le32 (h + 16, 16);
  put_le16 (h + 20, 1);                         /* PCM */
  put_le16 (h + 22, CHANNELS);
  put_le32 (h + 24, DESK_PBX_RATE);
  put_le32 (h + 28, DESK_PBX_RATE * CHANNELS * SAMPLE_BYTES);
  put_le16 (h + 32, CHANNELS * SAMPLE_BYTES);
  put_le16 (h + 34, SAMPLE_BYTES * 8);
  memcpy (h + 36, "data", 4);
  put_le32 (h + 40, data_bytes);
}

static int
write_all (int         fd,
           const void *buf,
           size_t      len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      p += n;
      len -= (size_t) n;
    }

  return 0;
}

static int
file_write_header (DeskPbxRecFile *file,
                   guint32         tail_bytes)
{
  guint8 h[HEADER_BYTES];
  ssize_t n;

  wav_header (h, (guint32) file->data_bytes, tail_bytes);
  do
    n = pwrite (file->fd, h, sizeof (h), 0);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    return errno;
  return n == sizeof (h) ? 0 : EIO;
}

static void
set_create_error (GError    **error,
                  const char *path,
                  int         err)
{
  switch (err)
    {
    case EEXIST:
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("There is a file at %s already; a recording never replaces one"), path);
      break;

    case ENOENT:
    case ENOTDIR:
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND,
                   _("The folder for the recording %s does not exist"), path);
      break;

    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN,
                   _("Not allowed to write the recording %s"), path);
      break;

    default:
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("Cannot write the recording %s: %s"),
                   path, g_strerror (err));
      break;
    }
}

/* Main thread: a new, valid, empty WAV file. Never over an existing file
 * (another call's recording); readable by the server only, as it holds
 * what callers said. */
DeskPbxRecFile *
_desk_pbx_rec_file_create (const char  *path,
                           GError     **error)
{
  guint8 header[HEADER_BYTES];
  DeskPbxRecFile *file;
  int fd, err;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_create_error (error, path, errno);
      return NULL;
    }

  wav_header (header, 0, 0);
  err = write_all (fd, header, sizeof (header));
  if (err)
    {
      close (fd);
      g_unlink (path);
      set_create_error (error, path, err);
      return NULL;
    }

  file = g_new0 (DeskPbxRecFile, 1);
  file->path = g_strdup (path);
  file->fd = fd;
  return file;
}

void
_desk_pbx_rec_file_free (DeskPbxRecFile *file)
{
  if (!file)
    return;

  if (file->fd >= 0)
    close (file->fd);
  g_free (file->path);
  g_free (file);
}

/* Cuts what a failed write may have left after the last whole second, so
 * that the chunks appended at the end follow the samples. */
static void
file_cut (DeskPbxRecFile *file)
{
  if (ftruncate (file->fd, (off_t) (HEADER_BYTES + file->data_bytes)) != 0
      || lseek (file->fd, 0, SEEK_END) < 0)
    g_message ("Cannot repair the recording %s: %s", file->path, g_strerror (errno));
}

/* Writer thread. */
static void
file_append (DeskPbxRecFile *file,
             const int16_t  *pcm,
             guint32         ticks)
{
  static const int16_t silence[CHUNK_SAMPLES];
  size_t len = (size_t) ticks * TICK_SAMPLES * SAMPLE_BYTES;
  int err = 0;

  if (file->failed)
    return;

  if (file->data_bytes + len > DATA_MAX)
    {
      g_message ("The recording %s is as long as a WAV file can be; the rest is not written",
                 file->path);
      file->failed = TRUE;
      return;
    }

  if (pcm)
    err = write_all (file->fd, pcm, len);
  else
    for (size_t done = 0; !err && done < len; done += sizeof (silence))
      err = write_all (file->fd, silence, MIN (len - done, sizeof (silence)));

  if (!err)
    {
      file->data_bytes += len;
      err = file_write_header (file, 0);
    }

  if (err)
    {
      g_message ("Cannot write the recording %s: %s; it ends here", file->path,
                 g_strerror (err));
      file->failed = TRUE;
      file_cut (file);
    }
}

/* The pauses as a cue list, each cue point with a label and a region
 * (the "ltxt" chunk's sample length), as audio editors show them. */
static GByteArray *
marks_chunks (GArray *marks)
{
  GByteArray *a = g_byte_array_new ();
  guint n = marks ? marks->len : 0;
  guint list_at;

  if (n == 0)
    return a;

  append_fourcc (a, "cue ");
  append_le32 (a, 4 + 24 * n);
  append_le32 (a, n);
  for (guint i = 0; i < n; i++)
    {
      const PauseMark *m = &g_array_index (marks, PauseMark, i);

      append_le32 (a, i + 1);               /* id */
      append_le32 (a, m->at);               /* position */
      append_fourcc (a, "data");
      append_le32 (a, 0);                   /* chunk start */
      append_le32 (a, 0);                   /* block start */
      append_le32 (a, m->at);               /* sample offset */
    }

  append_fourcc (a, "LIST");
  list_at = a->len;
  append_le32 (a, 0);
  append_fourcc (a, "adtl");
  for (guint i = 0; i < n; i++)
    {
      const PauseMark *m = &g_array_index (marks, PauseMark, i);

      append_fourcc (a, "labl");
      append_le32 (a, 4 + sizeof ("pause"));
      append_le32 (a, i + 1);
      g_byte_array_append (a, (const guint8 *) "pause", sizeof ("pause"));

      append_fourcc (a, "ltxt");
      append_le32 (a, 20);
      append_le32 (a, i + 1);
      append_le32 (a, m->length);
      append_fourcc (a, "rgn ");
      append_le32 (a, 0);                   /* country, language */
      append_le32 (a, 0);                   /* dialect, code page */
    }
  put_le32 (a->data + list_at, a->len - list_at - 4);

  return a;
}

/* Writer thread: closes the file for good; returns its length in ms. */
static guint
file_finish (DeskPbxRecFile *file,
             GArray         *marks)
{
  g_autoptr (GByteArray) tail = marks_chunks (marks);
  guint32 tail_bytes = 0;
  int err;

  if (tail->len > 0)
    {
      err = write_all (file->fd, tail->data, tail->len);
      if (err)
        {
          g_message ("Cannot mark the pauses in the recording %s: %s", file->path,
                     g_strerror (err));
          file_cut (file);
        }
      else
        {
          tail_bytes = tail->len;
        }
    }

  err = file_write_header (file, tail_bytes);
  if (err)
    g_message ("Cannot finish the recording %s: %s", file->path, g_strerror (err));

  if (close (file->fd) != 0)
    g_message ("Cannot close the recording %s: %s", file->path, g_strerror (errno));
  file->fd = -1;

  return (guint) (file->data_bytes / (CHANNELS * SAMPLE_BYTES) * 1000 / DESK_PBX_RATE);
}

/* The writer ---------------------------------------------------------------- */

static void
job_free (Job *job)
{
  if (job->kind == JOB_FINISH)
    _desk_pbx_rec_file_free (job->file);
  g_free (job->pcm);
  if (job->marks)
    g_array_unref (job->marks);
  g_free (job);
}

static void
report_finished (struct pbx_recorder *w,
                 guint                call_id,
                 const char          *path,
                 guint                duration_ms)
{
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  g_debug ("Recording %s of call %u finished: %u ms", path, call_id, duration_ms);
  event->type = DESK_PBX_EVENT_RECORDING_FINISHED;
  event->call_id = call_id;
  event->text = g_strdup (path);
  event->duration_ms = duration_ms;
  w->eventh (event, w->arg);
}

static gpointer
writer_thread (gpointer data)
{
  struct pbx_recorder *w = data;
  GMainContext *context = g_main_context_new ();
  gboolean quit = FALSE;

  /* Events leave through g_main_context_invoke_full(), which would run the
   * signal right here if this thread's default context were the main one
   * and free: it must always queue. */
  g_main_context_push_thread_default (context);

  while (!quit)
    {
      Job *job = g_async_queue_pop (w->jobs);

      switch (job->kind)
        {
        case JOB_DATA:
          file_append (job->file, job->pcm, job->ticks);
          if (job->pcm)
            g_atomic_int_add (&w->queued, -CHUNK_BYTES);
          break;

        case JOB_FINISH:
          report_finished (w, job->call_id, job->file->path,
                           file_finish (job->file, job->marks));
          break;

        case JOB_QUIT:
          quit = TRUE;
          break;
        }

      job_free (job);
    }

  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

static void
recorder_destructor (void *arg)
{
  struct pbx_recorder *w = arg;

  /* Every recording has gone (each holds a reference): this finishes
   * their files before the engine goes. */
  if (w->thread)
    {
      g_async_queue_push (w->jobs, job_new (JOB_QUIT));
      g_thread_join (w->thread);
    }

  if (w->jobs)
    g_async_queue_unref (w->jobs);
}

static int
recorder_get (struct pbx_calls *calls)
{
  g_autoptr (GError) error = NULL;
  struct pbx_recorder *w;

  if (calls->recorder)
    return 0;

  w = mem_zalloc (sizeof (*w), recorder_destructor);
  if (!w)
    return ENOMEM;

  w->eventh = calls->eventh;
  w->arg = calls->arg;
  w->jobs = g_async_queue_new ();
  w->thread = g_thread_try_new ("desk-pbx-record", writer_thread, w, &error);
  if (!w->thread)
    {
      g_message ("Cannot start the recording writer: %s", error->message);
      mem_deref (w);
      return EAGAIN;
    }

  calls->recorder = w;
  return 0;
}

static void
push_finish (struct pbx_recorder *w,
             DeskPbxRecFile      *file,
             GArray              *marks,
             guint                call_id)
{
  Job *job = job_new (JOB_FINISH);

  job->file = file;
  job->marks = marks;
  job->call_id = call_id;
  g_async_queue_push (w->jobs, job);
}

/* The media path ------------------------------------------------------------ */

static void
rec_flush (struct pbx_rec *rec)
{
  Job *job;

  if (rec->ticks == 0)
    return;

  job = job_new (JOB_DATA);
  job->file = rec->file;
  job->ticks = rec->ticks;
  rec->ticks = 0;

  if (g_atomic_int_get (&rec->w->queued) < QUEUED_MAX)
    {
      g_atomic_int_add (&rec->w->queued, CHUNK_BYTES);
      job->pcm = g_steal_pointer (&rec->chunk);
    }
  else if (!rec->lag_told)
    {
      /* The buffer stays ours for the next second; the file gets silence. */
      g_message ("Recordings are written more slowly than calls speak; the recording of call %u "
                 "gets silence while the disk catches up", rec->call->id);
      rec->lag_told = true;
    }

  g_async_queue_push (rec->w->jobs, job);
}

static void
rec_mark_pause (struct pbx_rec *rec)
{
  PauseMark mark = {
    .at = (guint32) (rec->paused_at * DESK_PBX_FRAME_SAMPLES),
    .length = (guint32) ((rec->total - rec->paused_at) * DESK_PBX_FRAME_SAMPLES),
  };

  g_array_append_val (rec->marks, mark);
  rec->paused = false;
}

static void
rec_destructor (void *arg)
{
  struct pbx_rec *rec = arg;

  if (rec->paused)
    rec_mark_pause (rec);
  rec_flush (rec);
  g_free (rec->chunk);

  push_finish (rec->w, g_steal_pointer (&rec->file), g_steal_pointer (&rec->marks),
               rec->start_id);
  list_unlink (&rec->le);
  mem_deref (rec->w);
}

void
pbx_rec_tick (struct pbx_rec *rec,
              const int16_t  *left,
              const int16_t  *right)
{
  int16_t *out;

  if (!rec->chunk)
    rec->chunk = g_new (int16_t, CHUNK_SAMPLES);

  out = rec->chunk + (size_t) rec->ticks * TICK_SAMPLES;
  if (rec->paused || (!left && !right))
    {
      memset (out, 0, TICK_SAMPLES * SAMPLE_BYTES);
    }
  else
    {
      for (size_t i = 0; i < DESK_PBX_FRAME_SAMPLES; i++)
        {
          out[2 * i] = left ? GINT16_TO_LE (left[i]) : 0;
          out[2 * i + 1] = right ? GINT16_TO_LE (right[i]) : 0;
        }
    }

  rec->total++;
  if (++rec->ticks == CHUNK_TICKS)
    rec_flush (rec);
}

/* Commands ------------------------------------------------------------------ */

bool
pbx_record_handles (DeskPbxCallOp op)
{
  return op == DESK_PBX_CALL_RECORD_START || op == DESK_PBX_CALL_RECORD_PAUSE
         || op == DESK_PBX_CALL_RECORD_RESUME || op == DESK_PBX_CALL_RECORD_STOP;
}

/* The recording that covers @id: of the leg, of its peer, or started with
 * that id (the office's leg may have left the bridge since). */
static struct pbx_rec *
rec_find (struct pbx_calls *calls,
          struct pbx_call  *call,
          uint32_t          id)
{
  if (call && call->rec)
    return call->rec;

  if (call && call->peer && call->peer->rec)
    return call->peer->rec;

  if (!calls->recorder)
    return NULL;

  for (struct le *le = calls->recorder->recl.head; le; le = le->next)
    {
      struct pbx_rec *rec = le->data;

      if (rec->start_id == id)
        return rec;
    }

  return NULL;
}

/* A recording that cannot start still finishes: its file stays a valid,
 * empty WAV and the office hears recording-finished as for any other. */
static void
finish_unstarted (struct pbx_calls   *calls,
                  DeskPbxCallCommand *cmd)
{
  DeskPbxRecFile *file = g_steal_pointer (&cmd->rec_file);
  DeskPbxEvent *event;

  if (!file)
    return;

  if (recorder_get (calls) == 0)
    {
      push_finish (calls->recorder, file, NULL, cmd->call_id);
      return;
    }

  event = g_new0 (DeskPbxEvent, 1);
  event->type = DESK_PBX_EVENT_RECORDING_FINISHED;
  event->call_id = cmd->call_id;
  event->text = g_strdup (file->path);
  _desk_pbx_rec_file_free (file);
  calls->eventh (event, calls->arg);
}

static void
record_start (struct pbx_calls   *calls,
              struct pbx_call    *call,
              DeskPbxCallCommand *cmd)
{
  struct pbx_call *left = call;
  struct pbx_rec *rec;

  if (!call)
    {
      g_debug ("Recording for call %u, which has ended", cmd->call_id);
      goto out;
    }

  if (call->rec || (call->peer && call->peer->rec))
    {
      g_message ("Call %u is recorded already; %s stays empty", call->id, cmd->rec_file->path);
      goto out;
    }

  if (recorder_get (calls))
    goto out;

  /* The caller on the left: when one leg is an operator's phone and the
   * other is not, the other one; else the leg the office named. */
  if (call->peer && call->user && !call->peer->user)
    left = call->peer;

  rec = mem_zalloc (sizeof (*rec), rec_destructor);
  if (!rec)
    goto out;

  rec->w = mem_ref (calls->recorder);
  rec->call = left;
  rec->start_id = cmd->call_id;
  rec->file = g_steal_pointer (&cmd->rec_file);
  rec->marks = g_array_new (FALSE, FALSE, sizeof (PauseMark));
  list_append (&calls->recorder->recl, &rec->le, rec);
  left->rec = rec;
  g_debug ("Recording call %u (left) and its peer to %s", left->id, rec->file->path);
  return;

out:
  finish_unstarted (calls, cmd);
}

void
pbx_record_command (struct pbx_calls   *calls,
                    struct pbx_call    *call,
                    DeskPbxCallCommand *cmd)
{
  struct pbx_rec *rec;

  if (cmd->op == DESK_PBX_CALL_RECORD_START)
    {
      record_start (calls, call, cmd);
      return;
    }

  rec = rec_find (calls, call, cmd->call_id);
  if (!rec)
    {
      g_message ("No recording covers call %u (command %d)", cmd->call_id, cmd->op);
      return;
    }

  switch (cmd->op)
    {
    case DESK_PBX_CALL_RECORD_PAUSE:
      if (!rec->paused)
        {
          rec->paused = true;
          rec->paused_at = rec->total;
        }
      break;

    case DESK_PBX_CALL_RECORD_RESUME:
      if (rec->paused)
        rec_mark_pause (rec);
      break;

    case DESK_PBX_CALL_RECORD_STOP:
      rec->call->rec = NULL;
      mem_deref (rec);
      break;

    default:
      g_critical ("Unknown recording command %d", cmd->op);
      break;
    }
}
