/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pbx"

#include "config.h"

#include "bench-pbx-run.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The orchestrator's hands: child processes (each dies with us:
 * PR_SET_PDEATHSIG), the office stand-in and its line protocol, sipp and
 * its statistics files, and what /proc says about CPU and memory. */

gboolean
out_of_time (Run *run)
{
  return bench_interrupted || g_get_monotonic_time () > run->deadline;
}

void
say (const char *format,
     ...)
{
  va_list args;

  if (!bench_opt.verbose)
    return;
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
}

void
bench_line (Run        *run,
            const char *format,
            ...)
{
  va_list args;

  g_string_append (run->bench, "BENCH ");
  va_start (args, format);
  g_string_append_vprintf (run->bench, format, args);
  va_end (args);
  g_string_append_c (run->bench, '\n');
}

/* Sleeps in short steps, so that Ctrl-C is heard. */
void
nap (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!bench_interrupted && g_get_monotonic_time () < end)
    g_usleep (MIN (100000, end - g_get_monotonic_time ()) > 0
              ? MIN (100000, end - g_get_monotonic_time ()) : 0);
}

static void
child_setup (gpointer data)
{
  /* Die with the orchestrator, whatever kills it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

guint
free_udp_port (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof (sin);
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  guint port = 0;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && bind (fd, (struct sockaddr *) &sin, sizeof (sin)) == 0
      && getsockname (fd, (struct sockaddr *) &sin, &len) == 0)
    port = ntohs (sin.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

void
proc_free (Proc *proc)
{
  if (proc->in_fd >= 0)
    close (proc->in_fd);
  if (proc->out_fd >= 0)
    close (proc->out_fd);
  if (proc->pid > 0 && !proc->reaped)
    g_spawn_close_pid (proc->pid);
  g_string_free (proc->pending, TRUE);
  g_free (proc->name);
  g_free (proc->dir);
  g_free (proc);
}

/* Starts a program in @dir (a new directory under the work directory),
 * its output into dir/output.log, or, with @pipes, talking through pipes. */
Proc *
proc_spawn (Run                *run,
            const char         *name,
            const char * const *argv,
            gboolean            pipes,
            GError            **error)
{
  Proc *proc = g_new0 (Proc, 1);
  g_autofree char *log = NULL;
  int log_fd;

  proc->name = g_strdup_printf ("%s-%u", name, ++run->serial);
  proc->dir = g_build_filename (run->dir, proc->name, NULL);
  proc->in_fd = proc->out_fd = -1;
  proc->pending = g_string_new (NULL);
  g_mkdir_with_parents (proc->dir, 0700);

  log = g_build_filename (proc->dir, "output.log", NULL);
  log_fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (bench_opt.verbose)
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv);

      say ("start %s: %s", proc->name, line);
    }

  if (!g_spawn_async_with_pipes_and_fds (proc->dir, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                                         child_setup, NULL, -1, pipes ? -1 : log_fd, log_fd,
                                         NULL, NULL, 0, &proc->pid,
                                         pipes ? &proc->in_fd : NULL,
                                         pipes ? &proc->out_fd : NULL, NULL, error))
    {
      if (log_fd >= 0)
        close (log_fd);
      proc->pid = 0;
      proc_free (proc);
      return NULL;
    }

  if (log_fd >= 0)
    close (log_fd);
  g_ptr_array_add (run->procs, proc);
  return proc;
}

gboolean
proc_poll_exit (Proc *proc)
{
  int status;

  if (proc->reaped)
    return TRUE;

  if (waitpid (proc->pid, &status, WNOHANG) == proc->pid)
    {
      proc->reaped = TRUE;
      proc->status = status;
      g_spawn_close_pid (proc->pid);
    }

  return proc->reaped;
}

gboolean
proc_wait (Proc  *proc,
           guint  timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!proc_poll_exit (proc))
    {
      if (bench_interrupted || g_get_monotonic_time () > end)
        return FALSE;
      g_usleep (20000);
    }

  return TRUE;
}

/* Ends @proc (SIGTERM, then SIGKILL) and forgets it. */
void
proc_end (Run  *run,
          Proc *proc)
{
  if (!proc)
    return;

  if (!proc_poll_exit (proc))
    {
      kill (proc->pid, SIGTERM);
      if (!proc_wait (proc, 3000))
        {
          kill (proc->pid, SIGKILL);
          while (!proc_poll_exit (proc))
            g_usleep (10000);
        }
    }

  say ("ended %s (status %d)", proc->name, proc->status);
  g_ptr_array_remove (run->procs, proc);
}

gboolean
proc_exited_ok (Proc *proc)
{
  return proc->reaped && WIFEXITED (proc->status) && WEXITSTATUS (proc->status) == 0;
}

/* The office */

static char *
office_read_line (Run   *run,
                  guint  timeout_ms)
{
  Proc *office = run->office;
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      char *nl = memchr (office->pending->str, '\n', office->pending->len);
      struct pollfd pfd = { .fd = office->out_fd, .events = POLLIN };
      gint64 left;
      char buf[4096];
      gssize n;

      if (nl)
        {
          char *line = g_strndup (office->pending->str, nl - office->pending->str);

          g_string_erase (office->pending, 0, nl - office->pending->str + 1);
          return line;
        }

      left = (end - g_get_monotonic_time ()) / 1000;
      if (left <= 0 || bench_interrupted)
        return NULL;

      if (poll (&pfd, 1, MIN (left, 200)) <= 0)
        continue;

      n = read (office->out_fd, buf, sizeof (buf));
      if (n <= 0)
        return NULL;
      g_string_append_len (office->pending, buf, n);
    }
}

char *
office_command (Run        *run,
                const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);

  if (!run->office || write (run->office->in_fd, line, strlen (line)) < 0)
    return NULL;

  return office_read_line (run, 10000);
}

/* "STATS a=1 b=2" → { a: 1, b: 2 } */
GHashTable *
office_stats (Run *run)
{
  g_autofree char *line = office_command (run, "stats");
  GHashTable *stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) words = NULL;

  if (!line || !g_str_has_prefix (line, "STATS "))
    return stats;

  words = g_strsplit (line + 6, " ", -1);
  for (guint i = 0; words[i]; i++)
    {
      char *eq = strchr (words[i], '=');

      if (eq)
        g_hash_table_replace (stats, g_strndup (words[i], eq - words[i]), g_strdup (eq + 1));
    }
  return stats;
}

guint64
stat_get (GHashTable *stats,
          const char *key)
{
  const char *v = g_hash_table_lookup (stats, key);

  return v ? g_ascii_strtoull (v, NULL, 10) : 0;
}

const char *
stat_str (GHashTable *stats,
          const char *key)
{
  const char *v = g_hash_table_lookup (stats, key);

  return v ? v : "";
}

gboolean
office_start (Run         *run,
              const char  *prompt,
              const char  *record_dir,
              GError     **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ready = NULL;
  g_autofree char *accounts = g_strdup_printf ("%d", REG_USERS);

  g_ptr_array_add (argv, g_strdup (run->self));
  g_ptr_array_add (argv, g_strdup ("--office"));
  g_ptr_array_add (argv, g_strdup ("--accounts"));
  g_ptr_array_add (argv, g_strdup (accounts));
  if (prompt)
    {
      g_ptr_array_add (argv, g_strdup ("--prompt"));
      g_ptr_array_add (argv, g_strdup (prompt));
    }
  if (record_dir)
    {
      g_ptr_array_add (argv, g_strdup ("--record"));
      g_ptr_array_add (argv, g_strdup (record_dir));
    }
  if (bench_opt.pair)
    g_ptr_array_add (argv, g_strdup ("--pair"));
  g_ptr_array_add (argv, NULL);

  run->office = proc_spawn (run, "office", (const char * const *) argv->pdata, TRUE, error);
  if (!run->office)
    return FALSE;

  ready = office_read_line (run, 15000);
  if (!ready || sscanf (ready, "READY port=%u", &run->pbx_port) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the office did not start: %s (see %s)",
                   ready ? ready : "no answer", run->office->dir);
      return FALSE;
    }

  run->can_record = strstr (ready, "record=yes") != NULL;
  say ("office %d on port %u", run->office->pid, run->pbx_port);
  return TRUE;
}

void
office_stop (Run *run)
{
  if (!run->office)
    return;

  if (write (run->office->in_fd, "quit\n", 5) > 0)
    proc_wait (run->office, 10000);
  proc_end (run, run->office);
  proc_free (run->office);
  run->office = NULL;
}

/* /proc */

guint64
proc_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  unsigned long long utime = 0, stime = 0;
  char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(p = strrchr (text, ')')))
    return 0;

  /* After "pid (comm)": state is field 3, utime 14, stime 15. */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
    return 0;
  return utime + stime;
}

static guint64
proc_status_field (GPid        pid,
                   const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(p = strstr (text, field)))
    return 0;
  return g_ascii_strtoull (p + strlen (field), NULL, 10);
}

static void
system_ticks (guint64 *busy,
              guint64 *total)
{
  g_autofree char *text = NULL;
  unsigned long long v[8] = { 0 };

  *busy = *total = 0;
  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL))
    return;
  if (sscanf (text, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
              &v[4], &v[5], &v[6], &v[7]) < 8)
    return;
  for (int i = 0; i < 8; i++)
    *total += v[i];
  *busy = *total - v[3] - v[4];
}

static void
udp_errors (guint64 *rcvbuf,
            guint64 *in_errors)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  *rcvbuf = *in_errors = 0;
  if (!g_file_get_contents ("/proc/net/snmp", &text, NULL, NULL))
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] && lines[i + 1]; i++)
    if (g_str_has_prefix (lines[i], "Udp: ") && g_str_has_prefix (lines[i + 1], "Udp: "))
      {
        g_auto (GStrv) names = g_strsplit (lines[i] + 5, " ", -1);
        g_auto (GStrv) values = g_strsplit (lines[i + 1] + 5, " ", -1);

        for (guint j = 0; names[j] && values[j]; j++)
          {
            if (g_str_equal (names[j], "RcvbufErrors"))
              *rcvbuf = g_ascii_strtoull (values[j], NULL, 10);
            else if (g_str_equal (names[j], "InErrors"))
              *in_errors = g_ascii_strtoull (values[j], NULL, 10);
          }
        return;
      }
}

void
sample (Run    *run,
        Sample *s)
{
  memset (s, 0, sizeof (*s));
  s->time = g_get_monotonic_time ();
  if (run->office)
    {
      s->office = proc_ticks (run->office->pid);
      s->office_rss_kb = proc_status_field (run->office->pid, "VmRSS:");
      s->office_threads = proc_status_field (run->office->pid, "Threads:");
    }
  s->phones = proc_ticks (getpid ());
  for (guint i = 0; i < run->procs->len; i++)
    {
      Proc *proc = g_ptr_array_index (run->procs, i);

      if (proc != run->office && !proc->reaped)
        s->sipp += proc_ticks (proc->pid);
    }
  system_ticks (&s->sys_busy, &s->sys_total);
  udp_errors (&s->udp_rcvbuf_errors, &s->udp_in_errors);
}

/* Percent of one core between two samples. */
double
core_pct (Run     *run,
          guint64  a,
          guint64  b,
          gint64   us)
{
  if (b < a || us <= 0)
    return 0;
  return 100.0 * (double) (b - a) / run->ticks / (us / 1e6);
}

/* sipp */

Proc *
sipp_start (Run         *run,
            const char  *name,
            const char  *scenario,
            guint        local_port,
            const char  *extra[],
            GError     **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (run->scenarios, scenario, NULL);

  g_ptr_array_add (argv, g_strdup ("sipp"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", run->pbx_port));
  g_ptr_array_add (argv, g_strdup ("-sf"));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", local_port ? local_port : free_udp_port ()));
  g_ptr_array_add (argv, g_strdup ("-cp"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", free_udp_port ()));
  g_ptr_array_add (argv, g_strdup ("-t"));
  g_ptr_array_add (argv, g_strdup ("u1"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-buff_size"));
  g_ptr_array_add (argv, g_strdup ("4194304"));
  g_ptr_array_add (argv, g_strdup ("-trace_stat"));
  g_ptr_array_add (argv, g_strdup ("-stf"));
  g_ptr_array_add (argv, g_strdup ("stats.csv"));
  g_ptr_array_add (argv, g_strdup ("-fd"));
  g_ptr_array_add (argv, g_strdup ("1"));
  g_ptr_array_add (argv, g_strdup ("-trace_err"));
  g_ptr_array_add (argv, g_strdup ("-error_file"));
  g_ptr_array_add (argv, g_strdup ("errors.log"));
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  g_assert (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return proc_spawn (run, name, (const char * const *) argv->pdata, FALSE, error);
}

/* The last line of sipp's statistics file, by column name. */
GHashTable *
sipp_stats (Proc *proc)
{
  g_autofree char *path = g_build_filename (proc->dir, "stats.csv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) names = NULL;
  g_auto (GStrv) values = NULL;
  GHashTable *stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint last;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return stats;

  lines = g_strsplit (g_strstrip (text), "\n", -1);
  last = g_strv_length (lines);
  if (last < 2)
    return stats;

  names = g_strsplit (lines[0], ";", -1);
  values = g_strsplit (lines[last - 1], ";", -1);
  for (guint i = 0; names[i] && values[i]; i++)
    g_hash_table_replace (stats, g_strdup (names[i]), g_strdup (values[i]));
  return stats;
}

/* "2024-01-01\t12:00:00.000\t1704110400.000000" → seconds since the epoch */
double
sipp_time (GHashTable *stats,
           const char *key)
{
  const char *v = g_hash_table_lookup (stats, key);
  const char *tab = v ? strrchr (v, '\t') : NULL;

  return tab ? g_ascii_strtod (tab + 1, NULL) : 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Response times (rtd 1) from -trace_rtt, sorted; and the span of the
 * times they were taken at (ms). */
GArray *
sipp_rtts (Proc   *proc,
           double *span_ms)
{
  GArray *rtts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GDir) dir = g_dir_open (proc->dir, 0, NULL);
  const char *name;
  double first = -1, last = 0;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_str_has_suffix (name, "_rtt.csv"))
        continue;

      path = g_build_filename (proc->dir, name, NULL);
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;

      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i]; i++)
        {
          double when, rtt;

          if (sscanf (lines[i], "%lf;%lf", &when, &rtt) != 2)
            continue;
          g_array_append_val (rtts, rtt);
          if (first < 0 || when < first)
            first = when;
          last = MAX (last, when);
        }
    }

  g_array_sort (rtts, compare_double);
  *span_ms = first >= 0 ? last - first : 0;
  return rtts;
}

double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (i, 1, sorted->len) - 1);
}

char *
sipp_errors_tail (Proc *proc)
{
  g_autofree char *path = g_build_filename (proc->dir, "errors.log", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL) || len == 0)
    return g_strdup ("");
  return g_strdup (len > 600 ? text + len - 600 : text);
}

/* Files */

gboolean
write_prompt (const char  *path,
              guint        ms,
              GError     **error)
{
  guint samples = 8 * ms;
  g_autofree guint8 *wav = g_malloc0 (44 + 2 * samples);
  guint32 v;

  memcpy (wav, "RIFF", 4);
  v = GUINT32_TO_LE (36 + 2 * samples);
  memcpy (wav + 4, &v, 4);
  memcpy (wav + 8, "WAVEfmt ", 8);
  v = GUINT32_TO_LE (16);
  memcpy (wav + 16, &v, 4);
  wav[20] = 1;                        /* PCM */
  wav[22] = 1;                        /* mono */
  v = GUINT32_TO_LE (8000);
  memcpy (wav + 24, &v, 4);
  v = GUINT32_TO_LE (16000);
  memcpy (wav + 28, &v, 4);
  wav[32] = 2;
  wav[34] = 16;
  memcpy (wav + 36, "data", 4);
  v = GUINT32_TO_LE (2 * samples);
  memcpy (wav + 40, &v, 4);

  for (guint i = 0; i < samples; i++)
    {
      gint16 s = GINT16_TO_LE ((gint16) (6000 * sin (2 * G_PI * 600.0 * i / 8000.0)));

      memcpy (wav + 44 + 2 * i, &s, 2);
    }

  return g_file_set_contents (path, (const char *) wav, 44 + 2 * samples, error);
}

gboolean
write_users (const char  *path,
             GError     **error)
{
  g_autoptr (GString) csv = g_string_new ("SEQUENTIAL\n");

  for (guint i = 1; i <= REG_USERS; i++)
    {
      g_autofree char *user = g_strdup_printf (BENCH_PBX_REG_USER_FMT, i);
      g_autofree char *pass = g_strdup_printf (BENCH_PBX_REG_PASS_FMT, i);

      g_string_append_printf (csv, "%s;[authentication username=%s password=%s]\n", user, user,
                              pass);
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}

GArray *
parse_list (const char *text)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      guint v = (guint) g_ascii_strtoull (g_strstrip (parts[i]), NULL, 10);

      if (v > 0)
        g_array_append_val (list, v);
    }
  return list;
}

gboolean
has_phase (const char *name)
{
  g_auto (GStrv) phases = NULL;

  if (!bench_opt.phases)
    return TRUE;
  phases = g_strsplit (bench_opt.phases, ",", -1);
  return g_strv_contains ((const char * const *) phases, name);
}

/* Waits for @done, polling every 200 ms, at most @timeout_ms. */
gboolean
wait_for (Run       *run,
          gboolean (*done) (Run *run, gpointer data),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!bench_interrupted)
    {
      if (done (run, data))
        return TRUE;
      if (g_get_monotonic_time () > end)
        return FALSE;
      nap (200);
    }
  return FALSE;
}

/* The operator: register from a port, then answer on it. */

gboolean
operator_start (Run     *run,
                GError **error)
{
  guint port = free_udp_port ();
  g_autofree char *rtp_port = g_strdup_printf ("%u", bench_rtp_get_port (run->rtp,
                                                                         BENCH_RTP_OPERATOR));
  const char *reg_extra[] = {
    "-s", BENCH_PBX_OPERATOR, "-au", BENCH_PBX_OPERATOR, "-ap", BENCH_PBX_OPERATOR_PASS,
    "-m", "1", "-timeout", "10s", "-timeout_error", NULL
  };
  const char *uas_extra[] = { "-s", BENCH_PBX_OPERATOR, "-key", "rtp_port", rtp_port, NULL };
  Proc *reg;

  reg = sipp_start (run, "sipp-register-operator", "register-operator.xml", port, reg_extra,
                    error);
  if (!reg)
    return FALSE;

  if (!proc_wait (reg, 15000) || !proc_exited_ok (reg))
    {
      g_autofree char *tail = sipp_errors_tail (reg);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the operator phone did not register (%s): %s", reg->dir, tail);
      proc_end (run, reg);
      proc_free (reg);
      return FALSE;
    }
  proc_end (run, reg);
  proc_free (reg);

  run->uas = sipp_start (run, "sipp-operator", "uas-operator.xml", port, uas_extra, error);
  nap (300);
  return run->uas != NULL;
}

void
operator_stop (Run *run)
{
  if (!run->uas)
    return;
  proc_end (run, run->uas);
  proc_free (run->uas);
  run->uas = NULL;
}
