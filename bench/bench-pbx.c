/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pbx"

#include "config.h"

#include "bench-pbx.h"

#include <glib-unix.h>
#include <glib/gstdio.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "desk-pbx.h"

/* Set by meson when desk-pbx.h declares desk_pbx_record_start. */
#ifndef BENCH_PBX_CAN_RECORD
#define BENCH_PBX_CAN_RECORD 0
#endif

/* The office stand-in: `bench-pbx --office`. It drives DeskPbx through its
 * public API only, as the office layer would: it answers every incoming
 * call, plays a prompt if asked, then rings the operator (or, in pair mode,
 * bridges two callers together), bridges the caller to whoever answers and
 * optionally records the call. It runs in a process of its own so that the
 * orchestrator can read the PBX's CPU time and memory from /proc.
 *
 * Protocol: it prints "READY port=N pid=N record=yes|no" once listening,
 * then answers one line on stdout per line on stdin:
 *   stats       STATS key=value ...
 *   hangup-all  OK n (every live call is hung up)
 *   quit        (stops the engine and exits; so does end of input) */

typedef struct
{
  guint id;
  guint peer;             /* the other leg: operator or partner */
  gboolean inbound;
  gboolean bridged;
} Leg;

typedef struct
{
  DeskPbx *pbx;
  GMainLoop *loop;
  GHashTable *legs;       /* id → Leg */
  char *prompt;
  char *record_dir;
  gboolean pair;
  guint waiting;          /* pair mode: an answered caller without partner */
  guint ring_timeout;

  guint64 incoming;
  guint64 answered;       /* incoming legs up (ACK received) */
  guint64 prompts;
  guint64 prompts_done;
  guint64 rings;
  guint64 operator_answered;
  guint64 bridges;
  guint64 ended;
  guint64 ended_abnormal; /* any cause but 200 */
  guint64 command_errors;
  guint64 recordings;
  guint64 recording_errors;
  guint64 recordings_finished;
  guint64 recordings_short;     /* files shorter than their duration says */
  guint64 recorded_ms;
  guint64 recorded_bytes;
  gboolean keep_recordings;
  guint live_bridges;
  GHashTable *causes;     /* "code reason" → count */
} Office;

static char *opt_prompt;
static char *opt_record;
static gboolean opt_pair;
static int opt_accounts;
static int opt_ring_timeout = 30;
static gboolean opt_keep_recordings;
static gboolean opt_office;

static const GOptionEntry office_entries[] = {
  { "office", 0, 0, G_OPTION_ARG_NONE, &opt_office, "Run the office stand-in", NULL },
  { "prompt", 0, 0, G_OPTION_ARG_FILENAME, &opt_prompt,
    "Play this WAV to every caller before ringing the operator", "WAV" },
  { "record", 0, 0, G_OPTION_ARG_FILENAME, &opt_record, "Record every bridged call into DIR",
    "DIR" },
  { "keep-recordings", 0, 0, G_OPTION_ARG_NONE, &opt_keep_recordings,
    "Keep the WAV files (they are deleted once finished and measured)", NULL },
  { "pair", 0, 0, G_OPTION_ARG_NONE, &opt_pair,
    "Bridge callers to each other instead of ringing the operator", NULL },
  { "accounts", 0, 0, G_OPTION_ARG_INT, &opt_accounts,
    "Also make N accounts reg0001... for the REGISTER benchmark", "N" },
  { "ring-timeout", 0, 0, G_OPTION_ARG_INT, &opt_ring_timeout, "Seconds to ring (30)", "S" },
  { NULL }
};

static Leg *
leg_add (Office   *office,
         guint     id,
         gboolean  inbound)
{
  Leg *leg = g_new0 (Leg, 1);

  leg->id = id;
  leg->inbound = inbound;
  g_hash_table_replace (office->legs, GUINT_TO_POINTER (id), leg);
  return leg;
}

static Leg *
leg_get (Office *office,
         guint   id)
{
  return id ? g_hash_table_lookup (office->legs, GUINT_TO_POINTER (id)) : NULL;
}

static void
command_failed (Office     *office,
                const char *what,
                guint       id,
                GError     *error)
{
  office->command_errors++;
  g_printerr ("bench-pbx office: %s %u: %s\n", what, id, error->message);
}

static void
hangup (Office *office,
        guint   id)
{
  g_autoptr (GError) error = NULL;

  if (desk_pbx_has_call (office->pbx, id) && !desk_pbx_hangup (office->pbx, id, 0, &error))
    command_failed (office, "hangup", id, error);
}

static void
record (Office *office,
        Leg    *caller)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (!office->record_dir)
    return;

#if BENCH_PBX_CAN_RECORD
  name = g_strdup_printf ("call-%u.wav", caller->id);
  path = g_build_filename (office->record_dir, name, NULL);
  if (desk_pbx_record_start (office->pbx, caller->id, path, &error))
    {
      office->recordings++;
      return;
    }
  command_failed (office, "record", caller->id, error);
#endif
  office->recording_errors++;
}

#if BENCH_PBX_CAN_RECORD
static void
on_recording_finished (DeskPbx    *pbx,
                       guint       call_id,
                       const char *wav_path,
                       guint       duration_ms,
                       Office     *office)
{
  GStatBuf st;

  /* A stereo 16-bit 8 kHz file: 32 bytes a millisecond, after its header.
   * The file has served its purpose once measured: it goes, or the disk
   * would fill in a long run. */
  if (g_stat (wav_path, &st) == 0)
    {
      office->recorded_bytes += st.st_size;
      if (st.st_size < 44 + (goffset) duration_ms * 32)
        office->recordings_short++;
    }
  office->recordings_finished++;
  office->recorded_ms += duration_ms;
  if (!office->keep_recordings)
    g_unlink (wav_path);
}
#endif

static void
bridge (Office *office,
        Leg    *a,
        Leg    *b)
{
  g_autoptr (GError) error = NULL;

  if (!desk_pbx_bridge (office->pbx, a->id, b->id, &error))
    {
      command_failed (office, "bridge", a->id, error);
      hangup (office, a->id);
      hangup (office, b->id);
      return;
    }

  a->peer = b->id;
  b->peer = a->id;
  a->bridged = b->bridged = TRUE;
  office->bridges++;
  office->live_bridges++;
  record (office, a->inbound ? a : b);
}

static void
ring_operator (Office *office,
               Leg    *caller)
{
  const char *users[] = { BENCH_PBX_OPERATOR, NULL };
  g_autoptr (GError) error = NULL;
  guint id;

  if (office->pair)
    {
      Leg *partner = leg_get (office, office->waiting);

      if (partner)
        {
          office->waiting = 0;
          bridge (office, partner, caller);
        }
      else
        office->waiting = caller->id;
      return;
    }

  id = desk_pbx_ring (office->pbx, users, "bench", office->ring_timeout, &error);
  if (!id)
    {
      command_failed (office, "ring for", caller->id, error);
      hangup (office, caller->id);
      return;
    }

  office->rings++;
  leg_add (office, id, FALSE)->peer = caller->id;
  caller->peer = id;
}

static void
on_call_incoming (DeskPbx    *pbx,
                  guint       call_id,
                  const char *from_uri,
                  const char *to_user,
                  const char *source,
                  const char *user,
                  Office     *office)
{
  g_autoptr (GError) error = NULL;

  office->incoming++;
  leg_add (office, call_id, TRUE);
  if (!desk_pbx_answer (pbx, call_id, &error))
    {
      command_failed (office, "answer", call_id, error);
      hangup (office, call_id);
    }
}

static void
on_call_answered (DeskPbx    *pbx,
                  guint       call_id,
                  const char *user,
                  Office     *office)
{
  Leg *leg = leg_get (office, call_id);
  g_autoptr (GError) error = NULL;

  if (!leg)
    return;

  if (!leg->inbound)
    {
      Leg *caller = leg_get (office, leg->peer);

      office->operator_answered++;
      if (caller)
        bridge (office, caller, leg);
      else
        hangup (office, call_id);
      return;
    }

  office->answered++;
  if (!office->prompt)
    {
      ring_operator (office, leg);
      return;
    }

  if (!desk_pbx_play (pbx, call_id, office->prompt, FALSE, &error))
    {
      command_failed (office, "play to", call_id, error);
      ring_operator (office, leg);
      return;
    }
  office->prompts++;
}

static void
on_playback_finished (DeskPbx *pbx,
                      guint    call_id,
                      Office  *office)
{
  Leg *leg = leg_get (office, call_id);

  office->prompts_done++;
  if (leg && leg->inbound && !leg->peer)
    ring_operator (office, leg);
}

static void
on_call_ended (DeskPbx    *pbx,
               guint       call_id,
               guint       cause,
               const char *reason,
               Office     *office)
{
  Leg *leg = leg_get (office, call_id);
  g_autofree char *key = g_strdup_printf ("%u %s", cause, reason);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (office->causes, key));

  g_hash_table_replace (office->causes, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
  office->ended++;
  if (cause != DESK_PBX_CAUSE_NORMAL)
    office->ended_abnormal++;

  if (!leg)
    return;

  if (office->waiting == call_id)
    office->waiting = 0;

  if (leg->peer)
    {
      Leg *peer = leg_get (office, leg->peer);

      if (peer && leg->bridged && peer->bridged)
        {
          /* The engine ends the bridged peer itself. */
          office->live_bridges--;
          peer->bridged = FALSE;
          peer->peer = 0;
        }
      else if (peer)
        {
          /* A caller gone while the operator's phone rings, or the other way. */
          peer->peer = 0;
          hangup (office, peer->id);
        }
    }

  g_hash_table_remove (office->legs, GUINT_TO_POINTER (call_id));
}

static void
print_stats (Office *office)
{
  g_autoptr (GString) line = g_string_new ("STATS");
  GHashTableIter iter;
  gpointer key, value;

  g_string_append_printf (line,
                          " incoming=%" G_GUINT64_FORMAT " answered=%" G_GUINT64_FORMAT
                          " prompts=%" G_GUINT64_FORMAT " prompts_done=%" G_GUINT64_FORMAT
                          " rings=%" G_GUINT64_FORMAT " operator_answered=%" G_GUINT64_FORMAT
                          " bridges=%" G_GUINT64_FORMAT " live_bridges=%u legs=%u"
                          " ended=%" G_GUINT64_FORMAT " ended_abnormal=%" G_GUINT64_FORMAT
                          " errors=%" G_GUINT64_FORMAT " recordings=%" G_GUINT64_FORMAT
                          " recording_errors=%" G_GUINT64_FORMAT
                          " recordings_finished=%" G_GUINT64_FORMAT
                          " recordings_short=%" G_GUINT64_FORMAT " recorded_ms=%" G_GUINT64_FORMAT
                          " recorded_bytes=%" G_GUINT64_FORMAT,
                          office->incoming, office->answered, office->prompts,
                          office->prompts_done, office->rings, office->operator_answered,
                          office->bridges, office->live_bridges,
                          g_hash_table_size (office->legs), office->ended, office->ended_abnormal,
                          office->command_errors, office->recordings, office->recording_errors,
                          office->recordings_finished, office->recordings_short,
                          office->recorded_ms, office->recorded_bytes);

  /* Causes other than a normal end, as "causes=487:cancelled*3,408:timeout*1". */
  g_string_append (line, " causes=");
  g_hash_table_iter_init (&iter, office->causes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *k = g_strdelimit (g_strdup (key), " ", ':');

      if (!g_str_has_prefix (k, "200:"))
        g_string_append_printf (line, "%s*%u,", k, GPOINTER_TO_UINT (value));
    }

  printf ("%s\n", line->str);
}

static void
hangup_all (Office *office)
{
  g_autoptr (GList) ids = g_hash_table_get_keys (office->legs);
  guint n = 0;

  for (GList *l = ids; l; l = l->next)
    {
      Leg *leg = leg_get (office, GPOINTER_TO_UINT (l->data));

      /* A bridged operator leg ends with its caller. */
      if (leg && (leg->inbound || !leg->bridged))
        {
          hangup (office, leg->id);
          n++;
        }
    }

  printf ("OK %u\n", n);
}

static gboolean
on_stdin (GIOChannel   *channel,
          GIOCondition  condition,
          gpointer      data)
{
  Office *office = data;
  g_autofree char *line = NULL;
  GIOStatus status;

  status = g_io_channel_read_line (channel, &line, NULL, NULL, NULL);
  if (status == G_IO_STATUS_AGAIN)
    return G_SOURCE_CONTINUE;
  if (status != G_IO_STATUS_NORMAL)
    {
      g_main_loop_quit (office->loop);
      return G_SOURCE_REMOVE;
    }

  g_strstrip (line);
  if (g_str_equal (line, "stats"))
    print_stats (office);
  else if (g_str_equal (line, "hangup-all"))
    hangup_all (office);
  else if (g_str_equal (line, "quit"))
    {
      g_main_loop_quit (office->loop);
      return G_SOURCE_REMOVE;
    }
  else
    printf ("ERROR unknown command\n");

  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer data)
{
  Office *office = data;

  g_main_loop_quit (office->loop);
  return G_SOURCE_CONTINUE;
}

int
bench_pbx_office_main (int    argc,
                       char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("--office");
  g_autoptr (GError) error = NULL;
  g_autoptr (GIOChannel) in = NULL;
  Office office = { 0 };

  /* Never outlive the orchestrator, whatever kills it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);

  g_option_context_add_main_entries (context, office_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-pbx --office: %s\n", error->message);
      return 2;
    }

  office.pbx = desk_pbx_new ();
  office.loop = g_main_loop_new (NULL, FALSE);
  office.legs = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  office.causes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  office.prompt = opt_prompt;
  office.record_dir = opt_record;
  office.pair = opt_pair;
  office.ring_timeout = opt_ring_timeout;
  office.keep_recordings = opt_keep_recordings;

  if (!desk_pbx_set_account (office.pbx, BENCH_PBX_OPERATOR, BENCH_PBX_OPERATOR_PASS, &error))
    goto fail;

  for (int i = 1; i <= opt_accounts; i++)
    {
      g_autofree char *user = g_strdup_printf (BENCH_PBX_REG_USER_FMT, i);
      g_autofree char *pass = g_strdup_printf (BENCH_PBX_REG_PASS_FMT, i);

      if (!desk_pbx_set_account (office.pbx, user, pass, &error))
        goto fail;
    }

  g_signal_connect (office.pbx, "call-incoming", G_CALLBACK (on_call_incoming), &office);
  g_signal_connect (office.pbx, "call-answered", G_CALLBACK (on_call_answered), &office);
  g_signal_connect (office.pbx, "playback-finished", G_CALLBACK (on_playback_finished), &office);
  g_signal_connect (office.pbx, "call-ended", G_CALLBACK (on_call_ended), &office);
#if BENCH_PBX_CAN_RECORD
  g_signal_connect (office.pbx, "recording-finished", G_CALLBACK (on_recording_finished),
                    &office);
#endif

  if (!desk_pbx_start (office.pbx, "127.0.0.1", 0, &error))
    goto fail;

  in = g_io_channel_unix_new (STDIN_FILENO);
  g_io_add_watch (in, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, &office);
  g_unix_signal_add (SIGTERM, on_signal, &office);
  g_unix_signal_add (SIGINT, on_signal, &office);

  printf ("READY port=%u pid=%d record=%s\n", desk_pbx_get_port (office.pbx), (int) getpid (),
          BENCH_PBX_CAN_RECORD ? "yes" : "no");
  fflush (stdout);

  g_main_loop_run (office.loop);

  desk_pbx_stop (office.pbx);
  g_clear_object (&office.pbx);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_hash_table_unref (office.legs);
  g_hash_table_unref (office.causes);
  g_main_loop_unref (office.loop);
  return 0;

fail:
  printf ("FAILED %s\n", error->message);
  g_printerr ("bench-pbx --office: %s\n", error->message);
  g_clear_object (&office.pbx);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--office"))
      return bench_pbx_office_main (argc, argv);

  return bench_pbx_run_main (argc, argv);
}
