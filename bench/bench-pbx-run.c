/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pbx"

#include "config.h"

#include "bench-pbx-run.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The orchestrator: `bench-pbx`. Everything runs on 127.0.0.1.
 *
 * 1. REGISTER rate: sipp registers 100 users with digest, -m N at -r R.
 * 2. Call rate: sipp callers at R calls/s; the office answers, plays a short
 *    prompt, rings the operator (a sipp UAS registered as op1), bridges; the
 *    caller hangs up after a few seconds. Every call has media both ways.
 * 3. Concurrency: bridged G.711 calls are added in steps (50, 100, 200,
 *    300, ...) and held; at each step, after a settling time, a window
 *    measures loss, jitter and delay at the phones, and the PBX's CPU and
 *    memory from /proc. The ramp stops at the first step that fails: calls
 *    not all up, loss >= 1 %, added jitter >= 5 ms, the PBX's 20 ms clock
 *    skipping >= 1 % of its frames, or a median delay through the PBX of
 *    150 ms or more. Once without recording, once with.
 *
 * Every child gets PR_SET_PDEATHSIG, and every path out of the program ends
 * the children it started, by their pids. */

volatile sig_atomic_t bench_interrupted;

BenchOptions bench_opt = {
  .cps_seconds = 40,
  .hold_ms = 2500,
  .prompt_ms = 500,
  .registers = 20000,
  .register_rate = 8000,
  .window = 8,
  .settle = 2,
  .max_minutes = 9,
};

static const GOptionEntry run_entries[] = {
  { "quick", 0, 0, G_OPTION_ARG_NONE, &bench_opt.quick,
    "A short run: 2,000 REGISTERs, 50 calls/s for 5 s, 50 and 100 calls", NULL },
  { "levels", 0, 0, G_OPTION_ARG_STRING, &bench_opt.levels,
    "Concurrent calls to step through (50,100,200,300,350,400,450,500,550,600)", "N,N,..." },
  { "cps", 0, 0, G_OPTION_ARG_STRING, &bench_opt.cps,
    "Call rates to try, until one fails (60,100,150)", "R,R,..." },
  { "cps-seconds", 0, 0, G_OPTION_ARG_INT, &bench_opt.cps_seconds,
    "Seconds of calls per rate (40: SIP transactions keep their timers 32 s)", "S" },
  { "hold-ms", 0, 0, G_OPTION_ARG_INT, &bench_opt.hold_ms,
    "Call-rate test: the caller hangs up this long after the answer (2500)", "MS" },
  { "prompt-ms", 0, 0, G_OPTION_ARG_INT, &bench_opt.prompt_ms, "Length of the prompt (500)", "MS" },
  { "registers", 0, 0, G_OPTION_ARG_INT, &bench_opt.registers, "REGISTERs with digest (20000)",
    "N" },
  { "register-rate", 0, 0, G_OPTION_ARG_INT, &bench_opt.register_rate,
    "REGISTERs per second sipp tries (8000)", "R" },
  { "window", 0, 0, G_OPTION_ARG_INT, &bench_opt.window, "Seconds measured at each step (8)", "S" },
  { "settle", 0, 0, G_OPTION_ARG_INT, &bench_opt.settle, "Seconds before each window (2)", "S" },
  { "max-minutes", 0, 0, G_OPTION_ARG_INT, &bench_opt.max_minutes,
    "Start no new step after this long (9)", "M" },
  { "phases", 0, 0, G_OPTION_ARG_STRING, &bench_opt.phases,
    "What to run: register,cps,ramp,ramp-record (all)", "LIST" },
  { "scenarios", 0, 0, G_OPTION_ARG_FILENAME, &bench_opt.scenarios,
    "Where the sipp scenarios are (bench/pbx of the source tree)", "DIR" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &bench_opt.dir, "Put the work directory under DIR", "DIR" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &bench_opt.keep, "Keep the work directory (sipp logs)", NULL },
  { "pair", 0, 0, G_OPTION_ARG_NONE, &bench_opt.pair,
    "Concurrency: bridge two callers instead of caller and operator", NULL },
  { "perf", 0, 0, G_OPTION_ARG_NONE, &bench_opt.perf,
    "Profile the PBX (perf record, 5 s) at 300 concurrent calls", NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &bench_opt.verbose, "Say what is going on", NULL },
  { NULL }
};

static void
on_interrupt (int sig)
{
  bench_interrupted = 1;
}

/* Summary */

static void
summary (Run *run)
{
  const char *met;

  printf ("\nTargets (issue 3, point 8)\n");

  if (run->register_done)
    {
      met = run->register_rate >= TARGET_REGISTER_PER_S && run->register_failed == 0 ? "met"
                                                                                      : "NOT met";
      printf ("  REGISTER with digest >= %.0f/s            %8.0f /s        %s\n",
              TARGET_REGISTER_PER_S, run->register_rate, met);
      bench_line (run, "target_register_met=%s", g_str_equal (met, "met") ? "yes" : "no");
    }

  if (run->cps_done)
    {
      met = run->cps_best >= TARGET_CPS * 0.97 ? "met"
            : run->cps_failed ? "NOT met" : "not tried (no rate that high)";
      printf ("  %.0f calls/s with prompt and answer          %8.0f /s        %s\n", TARGET_CPS,
              run->cps_best, met);
      bench_line (run, "target_cps_met=%s", g_str_equal (met, "met") ? "yes" : "no");
    }

  for (int r = 0; r < 2; r++)
    {
      if (!run->ramp_done[r])
        continue;
      met = run->concurrent_best[r] >= TARGET_CONCURRENT ? "met"
            : run->ramp_failed[r] ? "NOT met" : "not reached (no step that high)";
      printf ("  %d concurrent calls, recording %-3s         %8u calls     %s\n",
              TARGET_CONCURRENT, r ? "on" : "off", run->concurrent_best[r], met);
      bench_line (run, "target_concurrent_%s_met=%s", r ? "rec" : "norec",
                  g_str_equal (met, "met") ? "yes" : "no");
      if (run->cpu_per_call_at_target[r] > 0)
        {
          met = run->cpu_per_call_at_target[r] <= TARGET_CPU_PER_CALL_PCT ? "met" : "NOT met";
          printf ("  <= %.1f %% of a core per call at %d, rec %-3s %8.3f %%         %s\n",
                  TARGET_CPU_PER_CALL_PCT, TARGET_CONCURRENT, r ? "on" : "off",
                  run->cpu_per_call_at_target[r], met);
          bench_line (run, "target_cpu_per_call_%s_met=%s", r ? "rec" : "norec",
                      g_str_equal (met, "met") ? "yes" : "no");
        }
    }
  if (run->record_unavailable)
    printf ("  %d concurrent recorded calls: not measured (this DeskPbx cannot record)\n",
            TARGET_CONCURRENT);
}

static void
cleanup (Run *run)
{
  /* Children first, by pid; then the phones. */
  while (run->procs->len)
    {
      Proc *proc = g_ptr_array_index (run->procs, run->procs->len - 1);

      proc_end (run, proc);
      if (proc != run->office && proc != run->uas)
        proc_free (proc);
    }
  if (run->office)
    {
      proc_free (run->office);
      run->office = NULL;
    }
  if (run->uas)
    {
      proc_free (run->uas);
      run->uas = NULL;
    }

  g_clear_pointer (&run->rtp, bench_rtp_free);

  if (run->dir && !bench_opt.keep)
    {
      g_autofree char *cmd = NULL;
      g_autofree char *quoted = g_shell_quote (run->dir);

      cmd = g_strdup_printf ("rm -rf -- %s", quoted);
      (void) !system (cmd);
    }
  else if (run->dir)
    printf ("\nWork directory kept: %s\n", run->dir);
}

static char *
find_scenarios (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *here = exe ? g_path_get_dirname (exe) : g_strdup (".");
  const char *candidates[] = {
#ifdef BENCH_PBX_SCENARIO_DIR
    BENCH_PBX_SCENARIO_DIR,
#endif
    "bench/pbx", "pbx", NULL
  };

  if (bench_opt.scenarios)
    return g_strdup (bench_opt.scenarios);

  for (guint i = 0; candidates[i]; i++)
    {
      g_autofree char *path = g_build_filename (candidates[i], "uac-hold.xml", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (candidates[i]);
    }

  return g_build_filename (here, "pbx", NULL);
}

int
bench_pbx_run_main (int    argc,
                    char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("— the PBX under sipp load");
  g_autoptr (GError) error = NULL;
  g_autofree char *sipp = NULL;
  g_autofree char *prompt = NULL;
  struct sigaction sa = { 0 };
  Run run = { 0 };
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  g_option_context_add_main_entries (context, run_entries, NULL);
  g_option_context_set_summary (context,
                                "Benchmarks DeskPbx with sipp on 127.0.0.1: REGISTER rate, calls "
                                "per second,\nand concurrent bridged calls with media (loss, "
                                "jitter, CPU and memory per call).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-pbx: %s\n", error->message);
      return 2;
    }

  if (bench_opt.quick)
    {
      if (!bench_opt.levels)
        bench_opt.levels = g_strdup ("50,100");
      if (!bench_opt.cps)
        bench_opt.cps = g_strdup ("50");
      bench_opt.cps_seconds = MIN (bench_opt.cps_seconds, 5);
      bench_opt.registers = MIN (bench_opt.registers, 2000);
      bench_opt.window = MIN (bench_opt.window, 4);
      bench_opt.settle = MIN (bench_opt.settle, 1);
    }
  if (!bench_opt.levels)
    bench_opt.levels = g_strdup ("50,100,200,300,350,400,450,500,550,600");
  if (!bench_opt.cps)
    bench_opt.cps = g_strdup ("60,100,150");

  sipp = g_find_program_in_path ("sipp");
  if (!sipp)
    {
      g_printerr ("bench-pbx: sipp is not installed (Debian: sip-tester)\n");
      return 2;
    }

  run.procs = g_ptr_array_new ();
  run.bench = g_string_new (NULL);
  run.ticks = sysconf (_SC_CLK_TCK);
  run.deadline = start + (gint64) bench_opt.max_minutes * 60 * G_USEC_PER_SEC;
  run.self = g_file_read_link ("/proc/self/exe", NULL);
  run.scenarios = find_scenarios ();

  sa.sa_handler = on_interrupt;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  {
    g_autofree char *tmpl = g_build_filename (bench_opt.dir ? bench_opt.dir : g_get_tmp_dir (),
                                              "bench-pbx-XXXXXX", NULL);

    run.dir = g_mkdtemp (g_steal_pointer (&tmpl));
    if (!run.dir)
      {
        g_printerr ("bench-pbx: cannot make a work directory: %s\n", g_strerror (errno));
        return 1;
      }
  }

  prompt = g_build_filename (run.dir, "prompt.wav", NULL);
  if (!write_prompt (prompt, bench_opt.prompt_ms, &error))
    goto fail;

  run.rtp = bench_rtp_new (&error);
  if (!run.rtp)
    goto fail;

  {
    Sample a, b;

    sample (&run, &a);
    nap (1000);
    sample (&run, &b);
    printf ("bench-pbx: DeskPbx under sipp on 127.0.0.1, %ld CPUs (busy with other work before "
            "the start: %.0f %% of a core), scenarios in %s\n", sysconf (_SC_NPROCESSORS_ONLN),
            core_pct (&run, a.sys_busy, b.sys_busy, b.time - a.time), run.scenarios);
    bench_line (&run, "machine_busy_before_pct=%.0f",
                core_pct (&run, a.sys_busy, b.sys_busy, b.time - a.time));
  }
  printf ("Media: every leg sends and receives G.711 µ-law every 20 ms; loss and delay are "
          "measured frame by frame\nfrom phone to phone through the PBX (tagged frames, kernel "
          "receive times).\n");
  fflush (stdout);

  if (has_phase ("register") || has_phase ("cps"))
    {
      if (!office_start (&run, prompt, NULL, &error))
        goto fail;

      if (has_phase ("register"))
        phase_register (&run);

      if (has_phase ("cps") && !out_of_time (&run))
        {
          if (operator_start (&run, &error))
            phase_cps (&run);
          else
            printf ("  call rate: %s\n", error->message);
          g_clear_error (&error);
          operator_stop (&run);
        }

      office_stop (&run);
    }

  if (has_phase ("ramp") && !out_of_time (&run))
    ramp (&run, FALSE);

  if (has_phase ("ramp-record") && !out_of_time (&run))
    ramp (&run, TRUE);

  summary (&run);
  if (bench_interrupted)
    printf ("\nInterrupted.\n");
  else if (g_get_monotonic_time () > run.deadline)
    printf ("\nStopped at the time limit (--max-minutes %d).\n", bench_opt.max_minutes);

  printf ("\n%s", run.bench->str);
  printf ("BENCH elapsed_s=%.0f\n", (g_get_monotonic_time () - start) / 1e6);
  goto out;

fail:
  printf ("bench-pbx failed: %s\n", error ? error->message : "?");
  status = 1;

out:
  fflush (stdout);
  cleanup (&run);
  g_ptr_array_unref (run.procs);
  g_string_free (run.bench, TRUE);
  g_free (run.dir);
  g_free (run.self);
  g_free (run.scenarios);
  return bench_interrupted ? 130 : status;
}
