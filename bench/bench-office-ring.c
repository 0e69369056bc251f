/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-office-ring"

#include "config.h"

#include "bench-office-ring.h"

#include "desk-call-flow.h"
#include "desk-pbx.h"
#include "desk-sqlite-store.h"

#include <glib/gstdio.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/*
 * The office's calls at 50 a second (issue 4, point 9, second half):
 * "INVITE received → operator's phone rings". The office runs in this
 * process as it runs in the server: DeskPbx and DeskCallFlow on a SQLite
 * store in a temporary directory, on the main thread's main loop, with
 * an inbound route straight to one queue (no IVR). The phones run on a
 * thread of their own (bench-office-phones.c): one registered phone per
 * operator, and callers sending INVITEs at a steady rate. Each call is
 * timed from its INVITE leaving the caller's socket to the office's INVITE
 * reaching an operator's socket, on one monotonic clock.
 */

#define TARGET_MS 50.0
#define PASSWORD "bench-sip-secret"
#define OFFICE_NUMBER "+380441112233"

#define CHART_TARGET_CELLS 40
#define CHART_MAX_CELLS 52

static int opt_operators = 150;
static double opt_rate = 50;
static int opt_seconds = 20;
static int opt_ring_ms = 200;
static int opt_hold_ms = 2000;
static int opt_timeout_ms = 5000;
static double opt_known = 0.5;
static char *opt_dir;
static char *opt_csv;
static gboolean opt_keep;
static gboolean opt_quick;

static const GOptionEntry entries[]
    = { { "operators", 0, 0, G_OPTION_ARG_INT, &opt_operators, "Operators, each with a phone (150)",
          "N" },
        { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate, "Calls per second (50)", "R" },
        { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "How long calls are sent (20)", "S" },
        { "ring-ms", 0, 0, G_OPTION_ARG_INT, &opt_ring_ms, "Operators answer after (200)", "MS" },
        { "hold-ms", 0, 0, G_OPTION_ARG_INT, &opt_hold_ms, "Callers hang up after (2000)", "MS" },
        { "timeout-ms", 0, 0, G_OPTION_ARG_INT, &opt_timeout_ms,
          "A call no phone rang for by then failed (5000)", "MS" },
        { "known", 0, 0, G_OPTION_ARG_DOUBLE, &opt_known, "Share of callers who are clients (0.5)",
          "F" },
        { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where the temporary office goes", "DIR" },
        { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv,
          "Write each call (sent at, ms to 200, ms to ring, free operators) to FILE", "FILE" },
        { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the temporary office", NULL },
        { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "5 seconds of calls", NULL },
        { NULL } };

typedef struct
{
  double p50, p95, p99, max, mean;
  guint n;
} Figures;

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentiles of @samples (sorted here). */
static Figures
figures_of (GArray *samples)
{
  Figures f = { 0 };
  double sum = 0;

  f.n = samples->len;
  if (f.n == 0)
    return f;
  g_array_sort (samples, compare_double);
#define RANK(p) g_array_index (samples, double, MIN ((guint)ceil ((p)*f.n), f.n) - 1)
  f.p50 = RANK (0.50);
  f.p95 = RANK (0.95);
  f.p99 = RANK (0.99);
#undef RANK
  f.max = g_array_index (samples, double, f.n - 1);
  for (guint i = 0; i < f.n; i++)
    sum += g_array_index (samples, double, i);
  f.mean = sum / f.n;
  return f;
}

/* █ up to p50, ░ on to p99, │ at the target, ▶ past the chart's end. */
static void
print_row (const char *label, const Figures *f)
{
  static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
  double per_ms = CHART_TARGET_CELLS / TARGET_MS;
  int p50_8 = MAX ((int)lround (MIN (f->p50 * per_ms, CHART_MAX_CELLS) * 8), 1);
  int p99_cells = (int)lround (MIN (f->p99 * per_ms, CHART_MAX_CELLS));
  g_autoptr (GString) s = g_string_new (NULL);
  int i = 0;

  for (; i < p50_8 / 8; i++)
    g_string_append (s, "█");
  if (p50_8 % 8)
    {
      g_string_append (s, eighths[p50_8 % 8]);
      i++;
    }
  for (; i <= CHART_MAX_CELLS; i++)
    if (i == CHART_MAX_CELLS && f->p99 * per_ms > CHART_MAX_CELLS)
      g_string_append (s, "▶");
    else if (i == CHART_TARGET_CELLS)
      g_string_append (s, "│");
    else
      g_string_append (s, i < p99_cells ? "░" : " ");
  printf ("  %-30s %s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f  (%u)\n", label, s->str, f->p50,
          f->p95, f->p99, f->max, f->n);
}

static void
print_scale (void)
{
  printf ("  %-30s 0         12.5      25        37.5      50 ms\n", "");
}

/* CPU seconds of this process's threads, by name ("main" for this one). */
static GHashTable *
thread_cpu (void)
{
  GHashTable *cpu = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  double tick = (double)sysconf (_SC_CLK_TCK);

  while (dir && (tid = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      g_auto (GStrv) fields = NULL;
      const char *open, *close;
      g_autofree char *name = NULL;
      double *seconds;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || (open = strchr (stat, '(')) == NULL
          || (close = strrchr (stat, ')')) == NULL)
        continue;
      name = atoi (tid) == getpid () ? g_strdup ("main") : g_strndup (open + 1, close - open - 1);
      fields = g_strsplit (close + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;
      seconds = g_hash_table_lookup (cpu, name);
      if (seconds == NULL)
        {
          seconds = g_new0 (double, 1);
          g_hash_table_insert (cpu, g_strdup (name), seconds);
        }
      /* utime and stime: fields 14 and 15 of stat, 12 and 13 after the name. */
      *seconds += (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / tick;
    }
  return cpu;
}

static double
cpu_of (GHashTable *before, GHashTable *after, const char *name)
{
  double *a = g_hash_table_lookup (after, name), *b = g_hash_table_lookup (before, name);

  return (a ? *a : 0) - (b ? *b : 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The office: operators with phones in one queue, the route "100" straight
 * to it, a share of the callers known as clients. */
static DeskStore *
make_store (const char *dir, int n_calls, GArray *user_ids, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "office.sqlite", NULL);
  g_autoptr (DeskStore) store = DESK_STORE (desk_sqlite_store_new (path, error));
  DeskQueue queue = {
    .name = "Bench",
    .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
    .max_wait_seconds = 600,
    .max_length = 100000,
    .wrapup_seconds = 0,
    .service_level_seconds = 20,
    .chat_weight = 0.5,
  };
  gint64 queue_id;

  if (store == NULL || !desk_store_set_setting (store, "default-country", "UA", error)
      || !desk_store_set_setting (store, "office-number", OFFICE_NUMBER, error)
      || (queue_id = desk_store_add_queue (store, &queue, error)) == 0
      || !desk_store_begin (store, error))
    return NULL;
  for (int i = 0; i < opt_operators; i++)
    {
      g_autofree char *user = bench_operator_user (i);
      DeskUserNew spec = { .login = user,
                           .display_name = user,
                           .role = DESK_ROLE_OPERATOR,
                           .password = "bench-password",
                           .sip_user = user,
                           .sip_password = PASSWORD,
                           .max_chats = 1 };
      gint64 id = desk_store_add_user (store, &spec, error);

      if (id == 0 || !desk_store_add_queue_member (store, queue_id, id, 0, error))
        return NULL;
      g_array_append_val (user_ids, id);
    }
  /* Every other caller or so is a client, found by the number. */
  for (int i = 0; i < n_calls; i++)
    if (fmod (i * opt_known, 1.0) + opt_known >= 1.0)
      {
        g_autofree char *name = g_strdup_printf ("Клієнт %d", i);
        g_autofree char *e164 = g_strdup_printf ("+380501%06d", i);
        g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);

        desk_client_add_phone (client, e164, NULL);
        if (desk_store_add_client (store, 0, client, error) == 0)
          return NULL;
      }
  if (!desk_store_commit (store, error)
      || desk_store_add_inbound_route (store, "100", 0, queue_id, error) == 0)
    return NULL;
  return g_steal_pointer (&store);
}

static gboolean
on_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop as the server does (blocking: the engine's events
 * wake it) until @done, checking every 20 ms. */
static gboolean
wait_until (gboolean (*done) (gpointer), gpointer data, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);
  guint wake = g_timeout_add (20, on_wake, NULL);

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return done (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
all_registered (gpointer data)
{
  BenchPhones *p = data;

  return g_atomic_int_get (&p->registered) == p->n_operators || p->error;
}

static gboolean
all_finished (gpointer data)
{
  return g_atomic_int_get (&((BenchPhones *)data)->finished);
}

static void
write_csv (BenchPhones *p, const char *path)
{
  g_autoptr (GString) s = g_string_new ("sent_s,answer_ms,ring_ms,free_operators,state\n");
  gint64 t0 = p->calls[0].invite_ns;

  for (int i = 0; i < p->n_calls; i++)
    {
      BenchCall *c = &p->calls[i];

      g_string_append_printf (s, "%.3f,%.3f,%.3f,%d,%s\n", (c->invite_ns - t0) / 1e9,
                              c->up_ns ? (c->up_ns - c->invite_ns) / 1e6 : -1.0,
                              c->ring_ns ? (c->ring_ns - c->invite_ns) / 1e6 : -1.0,
                              c->free_operators, c->failure ? c->failure : "ok");
    }
  if (!g_file_set_contents (path, s->str, s->len, NULL))
    g_printerr ("Could not write %s\n", path);
}

static void
report (BenchPhones *p, GHashTable *cpu_before, GHashTable *cpu_after, double wall)
{
  g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) answer = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) free_ops = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GHashTable) failures = g_hash_table_new (g_str_hash, g_str_equal);
  Figures rf, af, ff;
  guint completed = 0, failed = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (int i = 0; i < p->n_calls; i++)
    {
      BenchCall *call = &p->calls[i];
      double n = call->free_operators;

      if (call->invite_ns)
        g_array_append_val (free_ops, n);
      if (call->up_ns)
        {
          double ms = (call->up_ns - call->invite_ns) / 1e6;

          g_array_append_val (answer, ms);
        }
      if (call->ring_ns)
        {
          double ms = (call->ring_ns - call->invite_ns) / 1e6;

          g_array_append_val (ring, ms);
        }
      if (call->state == CALL_DONE && call->ring_ns)
        completed++;
      else
        {
          const char *why = call->state != CALL_FAILED ? "no phone rang" : call->failure;
          g_autofree char *text = call->final_code >= 300
                                      ? g_strdup_printf ("%s %d", why, call->final_code)
                                      : g_strdup (why);
          const char *interned = g_intern_string (text);

          failed++;
          g_hash_table_insert (
              failures, (gpointer)interned,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (failures, interned)) + 1));
        }
    }
  rf = figures_of (ring);
  af = figures_of (answer);
  ff = figures_of (free_ops);

  printf ("\nINVITE sent → …, ms (█ p50, ░ on to p99, │ the target of %.0f ms)\n\n", TARGET_MS);
  print_scale ();
  print_row ("the office answers the caller", &af);
  print_row ("an operator's phone rings", &rf);
  printf ("\n  calls %d, completed %u, failed %u", p->n_calls, completed, failed);
  g_hash_table_iter_init (&iter, failures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    printf ("; %s: %u", (char *)key, GPOINTER_TO_UINT (value));
  printf ("\n  free operators when an INVITE left: min %.0f, median %.0f of %d\n",
          ff.n ? g_array_index (free_ops, double, 0) : 0.0, ff.p50, p->n_operators);
  printf ("  messages the phones did not expect: %" G_GUINT64_FORMAT
          "; RTP packets the office sent them: %" G_GUINT64_FORMAT "\n",
          p->unexpected, p->rtp_packets);
  printf ("  CPU over %.1f s of calls: office (main loop) %.2f s, PBX thread %.2f s, "
          "recorder %.2f s, phones %.2f s, media sink %.2f s\n",
          wall, cpu_of (cpu_before, cpu_after, "main"), cpu_of (cpu_before, cpu_after, "desk-pbx"),
          cpu_of (cpu_before, cpu_after, "desk-pbx-record"), p->phones_cpu_s, p->media_cpu_s);

  printf ("\nTarget (INVITE received → operator's phone rings ≤ %.0f ms at p95, %.0f calls/s)\n",
          TARGET_MS, p->rate);
  printf ("  office_ring_target_met=%s\n\n",
          rf.n > 0 && rf.p95 <= TARGET_MS && failed == 0 ? "yes" : "no");
  printf ("BENCH office_ring_p50_ms=%.3f\nBENCH office_ring_p95_ms=%.3f\n"
          "BENCH office_ring_p99_ms=%.3f\nBENCH office_ring_max_ms=%.3f\n"
          "BENCH office_answer_p95_ms=%.3f\nBENCH office_ring_calls=%d\n"
          "BENCH office_ring_completed=%u\nBENCH office_ring_failed=%u\n"
          "BENCH office_ring_target_met=%s\n",
          rf.p50, rf.p95, rf.p99, rf.max, af.p95, p->n_calls, completed, failed,
          rf.n > 0 && rf.p95 <= TARGET_MS && failed == 0 ? "yes" : "no");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskStore) store = NULL;
  g_autoptr (DeskPbx) pbx = NULL;
  g_autoptr (DeskCallFlow) flow = NULL;
  g_autoptr (GArray) user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) cpu_before = NULL;
  g_autoptr (GHashTable) cpu_after = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *template = NULL;
  BenchPhones p = { 0 };
  DeskCallFlowOptions options = { .language = "uk", .offer_seconds = 20 };
  struct rlimit nofile;
  gint64 t0, calls_start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
      context,
      "Times \"INVITE received → operator's phone rings\" with the office's real call flow,\n"
      "PBX and store in this process, phones and callers on raw UDP sockets.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_quick)
    opt_seconds = MIN (opt_seconds, 5);
  if (opt_operators < 1 || opt_operators > 999 || opt_rate <= 0 || opt_seconds < 1
      || opt_ring_ms < 0 || opt_hold_ms < 0 || opt_known < 0 || opt_known > 1)
    {
      g_printerr ("Options out of range\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max)
    {
      nofile.rlim_cur = MIN (nofile.rlim_max, 65536);
      setrlimit (RLIMIT_NOFILE, &nofile);
    }

  p.n_operators = opt_operators;
  p.n_calls = (int)lround (opt_rate * opt_seconds);
  p.rate = opt_rate;
  p.ring_ms = opt_ring_ms;
  p.hold_ms = opt_hold_ms;
  p.timeout_ms = opt_timeout_ms;
  p.password = PASSWORD;
  p.calls = g_new0 (BenchCall, p.n_calls);

  printf ("Frontdesk office benchmark, part 2: INVITE → operator's phone rings\n");
  printf ("%d operators in one queue (longest idle, no wrap-up), %d calls at %.0f/s, "
          "phones answer after %d ms, callers hang up %d ms after their 200; "
          "%.0f %% of callers are clients; %u CPUs, %s build\n",
          opt_operators, p.n_calls, opt_rate, opt_ring_ms, opt_hold_ms, opt_known * 100,
          g_get_num_processors (), BENCH_BUILDTYPE);

  template
      = g_build_filename (opt_dir ? opt_dir : g_get_tmp_dir (), "bench-office-ring-XXXXXX", NULL);
  dir = g_mkdtemp (template) ? g_strdup (template) : NULL;
  if (dir == NULL)
    {
      g_printerr ("Could not make a directory in %s\n", opt_dir ? opt_dir : g_get_tmp_dir ());
      return 1;
    }
  options.data_dir = dir;

  t0 = g_get_monotonic_time ();
  store = make_store (dir, p.n_calls, user_ids, &error);
  if (store == NULL)
    goto fail;
  printf ("  the office's store: %.1f s (%d operators, their passwords hashed)\n",
          (g_get_monotonic_time () - t0) / 1e6, opt_operators);

  pbx = desk_pbx_new ();
  for (int i = 0; i < opt_operators; i++)
    {
      g_autofree char *user = bench_operator_user (i);

      if (!desk_pbx_set_account (pbx, user, PASSWORD, &error))
        goto fail;
    }
  if (!desk_pbx_start (pbx, "127.0.0.1", 0, &error))
    goto fail;
  flow = desk_call_flow_new (store, pbx, &options, &error);
  if (flow == NULL)
    goto fail;

  p.pbx_port = (guint16)desk_pbx_get_port (pbx);
  t0 = g_get_monotonic_time ();
  if (bench_phones_start (&p) == NULL || !wait_until (all_registered, &p, 30) || p.error)
    {
      g_printerr ("The phones did not register (%d of %d): %s\n", g_atomic_int_get (&p.registered),
                  opt_operators, p.error ? p.error : "timeout");
      return 1;
    }
  for (guint i = 0; i < user_ids->len; i++)
    if (!desk_call_flow_agent_login (flow, g_array_index (user_ids, gint64, i), &error))
      goto fail;
  /* Let the registrations reach the flow, then a second of quiet. */
  wait_until (never, NULL, 1.0);
  printf ("  %d phones registered and logged in: %.1f s\n", opt_operators,
          (g_get_monotonic_time () - t0) / 1e6);

  cpu_before = thread_cpu ();
  calls_start = g_get_monotonic_time ();
  g_atomic_int_set (&p.go, 1);
  if (!wait_until (all_finished, &p, opt_seconds + (opt_hold_ms + opt_timeout_ms) / 1000.0 + 60))
    g_printerr ("The phones did not finish in time\n");
  cpu_after = thread_cpu ();
  report (&p, cpu_before, cpu_after, (g_get_monotonic_time () - calls_start) / 1e6);
  if (opt_csv)
    write_csv (&p, opt_csv);

  g_clear_object (&flow);
  desk_pbx_stop (pbx);
  g_clear_object (&pbx);
  desk_sqlite_store_close (DESK_SQLITE_STORE (store));
  if (opt_keep)
    printf ("The office is kept in %s\n", dir);
  else
    remove_tree (dir);
  return 0;

fail:
  g_printerr ("%s\n", error ? error->message : "failed");
  if (!opt_keep)
    remove_tree (dir);
  return 1;
}
