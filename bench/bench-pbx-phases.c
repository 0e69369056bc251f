/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pbx"

#include "config.h"

#include "bench-pbx-run.h"

#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What is measured: the REGISTER rate, the call rate, and the concurrent
 * calls (once without recording, once with). */

typedef struct
{
  guint level;
  gboolean up;              /* every call bridged with media both ways */
  gboolean pass;
  BenchRtpStats rtp;
  double office_pct;        /* of one core */
  double per_call_pct;
  double rss_mb;
  double rss_per_call_kb;
  double phones_pct;
  double sipp_pct;
  double other_pct;
  guint64 udp_drops;
} Step;

/* 1. REGISTER with digest */

void
phase_register (Run *run)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *users = g_build_filename (run->dir, "users.csv", NULL);
  g_autofree char *count = g_strdup_printf ("%d", bench_opt.registers);
  g_autofree char *rate = g_strdup_printf ("%d", bench_opt.register_rate);
  const char *extra[] = {
    "-inf", users, "-r", rate, "-rp", "1000", "-m", count, "-l", "2000",
    "-timeout", "120s", "-trace_rtt", "-rtt_freq", "1", NULL
  };
  g_autoptr (GHashTable) stats = NULL;
  g_autoptr (GArray) rtts = NULL;
  Sample a, b;
  Proc *sipp;
  double elapsed, span_ms;
  guint64 ok, failed, retrans;
  double cpu_s;

  if (!write_users (users, &error))
    goto fail;

  printf ("\nREGISTER with digest auth (%d REGISTERs, %d users, sipp at %d/s)\n",
          bench_opt.registers,
          REG_USERS, bench_opt.register_rate);
  fflush (stdout);

  sample (run, &a);
  sipp = sipp_start (run, "sipp-register", "register.xml", 0, extra, &error);
  if (!sipp)
    goto fail;
  if (!proc_wait (sipp, 130000))
    say ("sipp register did not finish");
  sample (run, &b);
  proc_end (run, sipp);

  stats = sipp_stats (sipp);
  rtts = sipp_rtts (sipp, &span_ms);
  ok = stat_get (stats, "SuccessfulCall(C)");
  failed = stat_get (stats, "FailedCall(C)");
  retrans = stat_get (stats, "Retransmissions(C)");
  elapsed = sipp_time (stats, "CurrentTime") - sipp_time (stats, "StartTime");
  /* sipp's stats file has whole-second steps at its end; the span of the
   * response times is the sharper figure when there is one. */
  if (span_ms > 0 && rtts->len > 1)
    elapsed = span_ms / 1000.0 * rtts->len / (rtts->len - 1);
  cpu_s = (double) (b.office - a.office) / run->ticks;

  run->register_rate = elapsed > 0 ? ok / elapsed : 0;
  run->register_failed = failed;
  run->register_done = TRUE;

  printf ("  registered            %10" G_GUINT64_FORMAT " in %.2f s: %.0f /s\n", ok, elapsed,
          run->register_rate);
  printf ("  failed                %10" G_GUINT64_FORMAT "   (retransmissions %" G_GUINT64_FORMAT
          ", UDP receive-buffer drops on the machine %" G_GUINT64_FORMAT ")\n", failed, retrans,
          b.udp_rcvbuf_errors - a.udp_rcvbuf_errors);
  printf ("  REGISTER…200 (both)  p50 %.0f ms, p99 %.0f ms, max %.0f ms (sipp, 1 ms steps)\n",
          percentile (rtts, 50), percentile (rtts, 99), percentile (rtts, 100));
  printf ("  PBX CPU               %.2f s: %.0f µs per registration (2 requests), %.0f %% of a "
          "core\n", cpu_s, ok ? cpu_s * 1e6 / ok : 0, core_pct (run, a.office, b.office,
                                                                  b.time - a.time));
  if (failed)
    {
      g_autofree char *tail = sipp_errors_tail (sipp);

      printf ("  sipp errors (%s):\n%s\n", sipp->dir, tail);
    }

  bench_line (run, "register_per_s=%.0f", run->register_rate);
  bench_line (run, "register_ok=%" G_GUINT64_FORMAT, ok);
  bench_line (run, "register_failed=%" G_GUINT64_FORMAT, failed);
  bench_line (run, "register_retransmissions=%" G_GUINT64_FORMAT, retrans);
  bench_line (run, "register_p99_ms=%.0f", percentile (rtts, 99));
  bench_line (run, "register_cpu_us=%.1f", ok ? cpu_s * 1e6 / ok : 0);
  proc_free (sipp);
  return;

fail:
  printf ("  REGISTER benchmark failed: %s\n", error->message);
}

/* 2. Calls per second */

typedef struct
{
  guint rate;
  double achieved;
  guint64 ok;
  guint64 failed;
  guint64 bridges;
  guint64 abnormal;
  double setup_p50;
  double setup_p99;
  double office_pct;
  double load_pct;          /* everything else: phones, sipp, other processes */
  guint peak;
  BenchRtpStats rtp;
  gboolean pass;
  GString *series;          /* the PBX's % of a core, every 5 s */
} CpsResult;

static void
cps_one (Run       *run,
         guint      rate,
         CpsResult *res)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *r = g_strdup_printf ("%u", rate);
  g_autofree char *m = g_strdup_printf ("%u", rate * bench_opt.cps_seconds);
  g_autofree char *limit = g_strdup_printf ("%u", rate * (bench_opt.hold_ms / 1000 + 5));
  g_autofree char *hold = g_strdup_printf ("%d", bench_opt.hold_ms);
  g_autofree char *rtp_port = g_strdup_printf ("%u", bench_rtp_get_port (run->rtp,
                                                                         BENCH_RTP_CALLER));
  g_autofree char *timeout = g_strdup_printf ("%ds", bench_opt.cps_seconds
                                                     + bench_opt.hold_ms / 1000 + 60);
  const char *extra[] = {
    "-s", "frontdesk", "-key", "rtp_port", rtp_port, "-r", r, "-m", m, "-l", limit, "-d", hold,
    "-timeout", timeout, "-trace_rtt", "-rtt_freq", "1", NULL
  };
  g_autoptr (GHashTable) before = office_stats (run);
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (GHashTable) stats = NULL;
  g_autoptr (GArray) rtts = NULL;
  Sample a, b;
  Proc *sipp;
  double span_ms;

  memset (res, 0, sizeof (*res));
  res->rate = rate;

  bench_rtp_window_start (run->rtp);
  sample (run, &a);
  sipp = sipp_start (run, "sipp-cps", "uac-cps.xml", 0, extra, &error);
  if (!sipp)
    {
      printf ("  %u/s: %s\n", rate, error->message);
      return;
    }

  {
    guint64 last_ticks = a.office;
    gint64 last_time = a.time;

    res->series = g_string_new (NULL);
    while (!proc_poll_exit (sipp) && !bench_interrupted
           && g_get_monotonic_time () - a.time
              < (gint64) (bench_opt.cps_seconds + 70) * G_USEC_PER_SEC)
      {
        g_autoptr (GHashTable) now = office_stats (run);

        res->peak = MAX (res->peak, (guint) stat_get (now, "live_bridges"));
        nap (250);

        /* The PBX's CPU every 5 s: whether it holds steady at this rate. */
        if (g_get_monotonic_time () - last_time >= 5 * G_USEC_PER_SEC)
          {
            guint64 ticks = proc_ticks (run->office->pid);
            gint64 t = g_get_monotonic_time ();

            g_string_append_printf (res->series, " %.0f",
                                    core_pct (run, last_ticks, ticks, t - last_time));
            last_ticks = ticks;
            last_time = t;
          }
      }
  }
  sample (run, &b);
  proc_end (run, sipp);
  /* The last calls' media and BYEs. */
  nap (500);
  bench_rtp_window_read (run->rtp, &res->rtp);

  after = office_stats (run);
  stats = sipp_stats (sipp);
  rtts = sipp_rtts (sipp, &span_ms);

  res->ok = stat_get (stats, "SuccessfulCall(C)");
  res->failed = stat_get (stats, "FailedCall(C)");
  res->bridges = stat_get (after, "bridges") - stat_get (before, "bridges");
  res->abnormal = stat_get (after, "ended_abnormal") - stat_get (before, "ended_abnormal");
  res->achieved = span_ms > 0 && rtts->len > 1 ? (rtts->len - 1) / (span_ms / 1000.0) : 0;
  res->setup_p50 = percentile (rtts, 50);
  res->setup_p99 = percentile (rtts, 99);
  res->office_pct = core_pct (run, a.office, b.office, b.time - a.time);
  res->load_pct = core_pct (run, a.sys_busy, b.sys_busy, b.time - a.time) - res->office_pct;
  res->pass = res->ok == (guint64) rate * bench_opt.cps_seconds && res->failed == 0
              && res->bridges == res->ok && res->achieved >= 0.97 * rate
              && res->rtp.loss_pct < LIMIT_LOSS_PCT;

  if (res->failed || res->abnormal)
    {
      g_autofree char *tail = sipp_errors_tail (sipp);

      say ("cps %u: office causes %s; sipp errors in %s:\n%s", rate, stat_str (after, "causes"),
           sipp->dir, tail);
    }
  proc_free (sipp);
}

void
phase_cps (Run *run)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rates = parse_list (bench_opt.cps);
  CpsResult res;

  printf ("\nCalls per second: answer, %d ms prompt, ring the operator, bridge, caller hangs up "
          "%d ms after the answer (%d s per rate)\n", bench_opt.prompt_ms, bench_opt.hold_ms,
          bench_opt.cps_seconds);
  printf ("  %6s %9s %7s %7s %8s %8s %10s %10s %8s %6s %8s %8s\n", "rate", "achieved", "calls",
          "failed", "bridged", "abnormal", "setup p50", "setup p99", "peak up", "loss", "PBX",
          "the rest");
  printf ("  %6s %9s %7s %7s %8s %8s %10s %10s %8s %6s %8s %8s\n", "/s", "/s", "", "", "", "",
          "ms", "ms", "calls", "%", "% core", "% core");
  fflush (stdout);

  for (guint i = 0; i < rates->len && !out_of_time (run); i++)
    {
      guint rate = g_array_index (rates, guint, i);

      cps_one (run, rate, &res);
      if (bench_interrupted)
        break;
      g_autofree char *p50 = res.setup_p50 < 1 ? g_strdup ("<1") : g_strdup_printf ("%.0f",
                                                                                     res.setup_p50);
      g_autofree char *p99 = res.setup_p99 < 1 ? g_strdup ("<1") : g_strdup_printf ("%.0f",
                                                                                     res.setup_p99);

      printf ("  %6u %9.1f %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
              " %8" G_GUINT64_FORMAT " %10s %10s %8u %6.2f %8.0f %8.0f  %s\n",
              rate, res.achieved, res.ok, res.failed, res.bridges, res.abnormal, p50, p99,
              res.peak, res.rtp.loss_pct, res.office_pct, res.load_pct,
              res.pass ? "ok" : "FAILED");
      printf ("         PBX %% of a core every 5 s:%s\n", res.series ? res.series->str : "");
      fflush (stdout);

      bench_line (run, "cps_%u_achieved=%.1f", rate, res.achieved);
      bench_line (run, "cps_%u_failed=%" G_GUINT64_FORMAT, rate, res.failed);
      bench_line (run, "cps_%u_setup_p99_ms=%.0f", rate, res.setup_p99);
      bench_line (run, "cps_%u_pbx_cpu_pct=%.0f", rate, res.office_pct);
      bench_line (run, "cps_%u_ok=%s", rate, res.pass ? "yes" : "no");
      if (res.series)
        g_string_free (res.series, TRUE);

      if (res.pass)
        run->cps_best = MAX (run->cps_best, res.achieved);
      run->cps_done = TRUE;

      /* Let the last calls end before the next rate. */
      {
        gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

        while (g_get_monotonic_time () < end && !bench_interrupted)
          {
            g_autoptr (GHashTable) now = office_stats (run);

            if (stat_get (now, "legs") == 0)
              break;
            nap (200);
          }
      }

      if (!res.pass)
        {
          run->cps_failed = TRUE;
          break;
        }
    }

  bench_line (run, "cps_max=%.0f", run->cps_best);
}

/* 3. Concurrency */

typedef struct
{
  guint level;
} Target;

static gboolean
calls_up (Run      *run,
          gpointer  data)
{
  const Target *t = data;
  g_autoptr (GHashTable) stats = office_stats (run);

  return stat_get (stats, "live_bridges") >= t->level
         && bench_rtp_active_legs (run->rtp) >= 2 * t->level;
}

static gboolean
calls_gone (Run      *run,
            gpointer  data)
{
  g_autoptr (GHashTable) stats = office_stats (run);

  return stat_get (stats, "legs") == 0;
}

static gboolean
recordings_done (Run      *run,
                 gpointer  data)
{
  g_autoptr (GHashTable) stats = office_stats (run);

  return stat_get (stats, "recordings_finished") >= stat_get (stats, "recordings");
}

static void
perf_record (Run *run,
             guint level)
{
  g_autofree char *pid = g_strdup_printf ("%d", run->office->pid);
  g_autofree char *data = g_build_filename (run->dir, "perf.data", NULL);
  g_autofree char *report = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *cmd = NULL;
  const char *argv[] = { "perf", "record", "-F", "499", "-p", pid, "-o", data, "--", "sleep", "5",
                         NULL };
  g_autoptr (GError) error = NULL;
  Proc *perf;

  perf = proc_spawn (run, "perf", argv, FALSE, &error);
  if (!perf)
    {
      printf ("  perf: %s\n", error->message);
      return;
    }
  proc_wait (perf, 20000);
  proc_end (run, perf);
  proc_free (perf);

  quoted = g_shell_quote (data);
  cmd = g_strdup_printf ("perf report -i %s --no-children --stdio --percent-limit 1.5 "
                         "--sort dso,symbol 2>/dev/null | grep -v '^#' | grep -v '^$' "
                         "| head -30", quoted);
  {
    const char *sh[] = { "/bin/sh", "-c", cmd, NULL };

    if (g_spawn_sync (NULL, (char **) sh, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &report,
                      NULL, NULL, NULL))
      printf ("\n  perf, PBX process at %u calls (self time, >= 1.5 %%):\n%s\n", level, report);
  }
}

gboolean
ramp (Run      *run,
      gboolean  recording)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) levels = parse_list (bench_opt.levels);
  g_autoptr (GPtrArray) callers = g_ptr_array_new ();
  g_autofree char *record_dir = g_build_filename (run->dir, "recordings", NULL);
  g_autofree char *rtp_port = g_strdup_printf ("%u", bench_rtp_get_port (run->rtp,
                                                                         BENCH_RTP_CALLER));
  const char *label = recording ? "recording on" : "recording off";
  Step best = { 0 };
  Sample idle_a, idle_b;
  guint current = 0;
  int r = recording ? 1 : 0;

  if (recording)
    g_mkdir_with_parents (record_dir, 0700);

  if (!office_start (run, NULL, recording ? record_dir : NULL, &error))
    goto fail;

  if (recording && !run->can_record)
    {
      printf ("\nConcurrent calls, recording on: not measured: this DeskPbx has no recording "
              "commands (desk_pbx_record_start is not in desk-pbx.h)\n");
      bench_line (run, "concurrent_rec_max=unmeasured");
      run->record_unavailable = TRUE;
      office_stop (run);
      return TRUE;
    }

  if (!bench_opt.pair && !operator_start (run, &error))
    goto fail;

  sample (run, &idle_a);
  nap (2000);
  sample (run, &idle_b);
  run->idle_rss_kb = idle_b.office_rss_kb;

  printf ("\nConcurrent bridged G.711 calls, %s (%s; %d s settle, %d s window per step)\n",
          label, bench_opt.pair ? "caller to caller" : "caller to operator", bench_opt.settle,
          bench_opt.window);
  printf ("  PBX idle: %.2f %% of a core, RSS %.1f MB, %" G_GUINT64_FORMAT " threads\n",
          core_pct (run, idle_a.office, idle_b.office, idle_b.time - idle_a.time),
          idle_b.office_rss_kb / 1024.0, idle_b.office_threads);
  printf ("  %5s | %6s %6s | %13s | %13s | %13s | %15s | %15s | %17s |\n", "calls", "loss",
          "skip", "jitter, ms", "e2e jitter ms", "transit, ms", "PBX, % core", "PBX RSS",
          "% core used by");
  printf ("  %5s | %6s %6s | %6s %6s | %6s %6s | %6s %6s | %6s %8s | %6s %8s | %5s %5s %5s |\n",
          "", "%", "%", "mean", "max", "mean", "max", "p50", "p99", "all", "per call", "MB",
          "KB/call", "phone", "sipp", "other");
  fflush (stdout);

  for (guint i = 0; i < levels->len && !out_of_time (run); i++)
    {
      guint level = g_array_index (levels, guint, i);
      guint delta, callers_needed;
      Target target = { level };
      Sample a, b;
      Step step = { .level = level };
      g_autofree char *not_up = NULL;
      GString *why;
      gint64 us;

      if (level <= current)
        continue;

      delta = level - current;
      callers_needed = bench_opt.pair ? 2 * delta : delta;

      {
        g_autofree char *m = g_strdup_printf ("%u", callers_needed);
        const char *extra[] = {
          "-s", "frontdesk", "-key", "rtp_port", rtp_port, "-r", "100", "-m", m, "-l", m, NULL
        };
        Proc *sipp = sipp_start (run, "sipp-callers", "uac-hold.xml", 0, extra, &error);

        if (!sipp)
          goto fail;
        g_ptr_array_add (callers, sipp);
      }

      step.up = wait_for (run, calls_up, &target, (callers_needed / 100 + 20) * 1000);
      current = level;
      nap (bench_opt.settle * 1000);

      bench_rtp_window_start (run->rtp);
      sample (run, &a);
      nap (bench_opt.window * 1000);
      sample (run, &b);
      bench_rtp_window_read (run->rtp, &step.rtp);
      if (bench_interrupted)
        break;

      if (!step.up)
        {
          g_autoptr (GHashTable) stats = office_stats (run);

          not_up = g_strdup_printf ("        only %" G_GUINT64_FORMAT " of %u calls bridged, %u"
                                    " legs with media; calls ended so far, by cause: %s\n",
                                    stat_get (stats, "live_bridges"), level,
                                    bench_rtp_active_legs (run->rtp),
                                    stat_str (stats, "causes"));
        }

      us = b.time - a.time;
      step.office_pct = core_pct (run, a.office, b.office, us);
      step.per_call_pct = step.office_pct / level;
      step.rss_mb = b.office_rss_kb / 1024.0;
      step.rss_per_call_kb = b.office_rss_kb > run->idle_rss_kb
                             ? (double) (b.office_rss_kb - run->idle_rss_kb) / level : 0;
      step.phones_pct = core_pct (run, a.phones, b.phones, us);
      step.sipp_pct = core_pct (run, a.sipp, b.sipp, us);
      step.other_pct = core_pct (run, a.sys_busy, b.sys_busy, us)
                       - step.office_pct - step.phones_pct - step.sipp_pct;
      step.udp_drops = b.udp_rcvbuf_errors - a.udp_rcvbuf_errors;
      why = g_string_new (NULL);
      if (!step.up)
        g_string_append (why, ", not all up");
      if (step.rtp.loss_pct >= LIMIT_LOSS_PCT)
        g_string_append (why, ", loss");
      if (step.rtp.clock_missing_pct >= LIMIT_CLOCK_PCT)
        g_string_append (why, ", clock skipped");
      if (step.rtp.e2e_jitter_mean_ms >= LIMIT_JITTER_MS)
        g_string_append (why, ", jitter");
      if (step.rtp.transit_p50_ms >= LIMIT_LATENCY_MS)
        g_string_append (why, ", latency");
      step.pass = why->len == 0;

      printf ("  %5u | %6.3f %6.3f | %6.2f %6.2f | %6.2f %6.2f | %6.1f %6.1f | %6.1f %8.3f |"
              " %6.1f %8.1f |"
              " %5.1f %5.1f %5.1f | %s%s\n",
              level, step.rtp.loss_pct, step.rtp.clock_missing_pct, step.rtp.jitter_mean_ms,
              step.rtp.jitter_max_ms,
              step.rtp.e2e_jitter_mean_ms, step.rtp.e2e_jitter_max_ms, step.rtp.transit_p50_ms,
              step.rtp.transit_p99_ms, step.office_pct, step.per_call_pct, step.rss_mb,
              step.rss_per_call_kb, step.phones_pct, step.sipp_pct, MAX (step.other_pct, 0),
              step.pass ? "ok" : "FAILED: ", step.pass ? "" : why->str + 2);
      g_string_free (why, TRUE);
      if (not_up)
        printf ("%s", not_up);
      if (bench_opt.verbose || !step.pass)
        printf ("        legs %u (%u hearing their peer), sent %" G_GUINT64_FORMAT
                ", received %" G_GUINT64_FORMAT ", lost %" G_GUINT64_FORMAT " of %"
                G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                " over 200 ms later than their leg's quickest,\n        frames the PBX's clock"
                " skipped %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                ", silent frames amid the peer's %" G_GUINT64_FORMAT
                ",\n        delay over each leg's minimum p50 %.1f ms p99 %.1f ms max %.1f ms,"
                " longest gap between frames from the PBX %.0f ms,\n        phones late p99 %.2f"
                " ms,"
                " UDP receive-buffer drops (whole machine) %" G_GUINT64_FORMAT "\n",
                step.rtp.streams, step.rtp.tagged_streams, step.rtp.sent, step.rtp.received,
                step.rtp.lost, step.rtp.expected, step.rtp.late, step.rtp.clock_missing,
                step.rtp.clock_expected, step.rtp.underruns, step.rtp.delay_var_p50_ms,
                step.rtp.delay_var_p99_ms, step.rtp.delay_var_max_ms, step.rtp.max_gap_ms,
                step.rtp.send_late_p99_ms, step.udp_drops);
      fflush (stdout);

      bench_line (run, "concurrent_%s_%u_loss_pct=%.3f", recording ? "rec" : "norec", level,
                  step.rtp.loss_pct);
      bench_line (run, "concurrent_%s_%u_clock_skipped_pct=%.3f", recording ? "rec" : "norec",
                  level, step.rtp.clock_missing_pct);
      bench_line (run, "concurrent_%s_%u_jitter_ms=%.2f", recording ? "rec" : "norec", level,
                  step.rtp.e2e_jitter_mean_ms);
      bench_line (run, "concurrent_%s_%u_transit_p50_ms=%.1f", recording ? "rec" : "norec", level,
                  step.rtp.transit_p50_ms);
      bench_line (run, "concurrent_%s_%u_cpu_per_call_pct=%.3f", recording ? "rec" : "norec",
                  level, step.per_call_pct);
      bench_line (run, "concurrent_%s_%u_rss_per_call_kb=%.1f", recording ? "rec" : "norec",
                  level, step.rss_per_call_kb);

      if (level == TARGET_CONCURRENT)
        {
          run->cpu_per_call_at_target[r] = step.per_call_pct;
          if (bench_opt.perf)
            perf_record (run, level);
        }

      if (!step.pass)
        {
          run->ramp_failed[r] = TRUE;
          break;
        }
      best = step;
    }

  run->concurrent_best[r] = best.level;
  run->ramp_done[r] = !bench_interrupted;
  bench_line (run, "concurrent_%s_max=%u", recording ? "rec" : "norec", best.level);
  if (best.level)
    {
      bench_line (run, "concurrent_%s_cpu_per_call_pct=%.3f", recording ? "rec" : "norec",
                  best.per_call_pct);
      bench_line (run, "concurrent_%s_rss_per_call_kb=%.1f", recording ? "rec" : "norec",
                  best.rss_per_call_kb);
    }

  {
    g_autofree char *reply = office_command (run, "hangup-all");
    Target none = { 0 };

    say ("hangup-all: %s", reply ? reply : "(no answer)");
    if (!wait_for (run, calls_gone, &none, 30000) && !bench_interrupted)
      printf ("  (calls still up 30 s after hanging up)\n");

    if (recording && !bench_interrupted)
      {
        g_autoptr (GHashTable) stats = NULL;

        wait_for (run, recordings_done, NULL, 15000);
        stats = office_stats (run);
        printf ("  recordings: %" G_GUINT64_FORMAT " started, %" G_GUINT64_FORMAT " finished (%"
                G_GUINT64_FORMAT " shorter than their duration), %" G_GUINT64_FORMAT
                " failed to start; %.1f MB, %.0f call-minutes of stereo WAV\n",
                stat_get (stats, "recordings"), stat_get (stats, "recordings_finished"),
                stat_get (stats, "recordings_short"), stat_get (stats, "recording_errors"),
                stat_get (stats, "recorded_bytes") / 1048576.0,
                stat_get (stats, "recorded_ms") / 60000.0);
        bench_line (run, "recordings_finished=%" G_GUINT64_FORMAT,
                    stat_get (stats, "recordings_finished"));
        bench_line (run, "recordings_short=%" G_GUINT64_FORMAT,
                    stat_get (stats, "recordings_short"));
      }
  }

  for (guint i = 0; i < callers->len; i++)
    {
      Proc *sipp = g_ptr_array_index (callers, i);

      proc_wait (sipp, 5000);
      if (!proc_exited_ok (sipp))
        {
          g_autofree char *tail = sipp_errors_tail (sipp);

          say ("%s ended with %d: %s", sipp->name, sipp->status, tail);
        }
      proc_end (run, sipp);
      proc_free (sipp);
    }

  operator_stop (run);
  office_stop (run);
  return TRUE;

fail:
  printf ("  concurrency benchmark failed: %s\n", error ? error->message : "?");
  for (guint i = 0; i < callers->len; i++)
    {
      proc_end (run, g_ptr_array_index (callers, i));
      proc_free (g_ptr_array_index (callers, i));
    }
  operator_stop (run);
  office_stop (run);
  return FALSE;
}
