/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* The PBX benchmark is one program in three parts:
 *
 * - bench-pbx.c: `bench-pbx --office`, the office stand-in. It runs DeskPbx
 *   (through its public API only) in a process of its own, so that its CPU
 *   time and memory are the PBX's alone, and takes commands on stdin.
 * - bench-pbx-rtp.c: the phones' media, a thread of the orchestrator: every
 *   caller and operator leg sends and receives G.711, and measures what the
 *   PBX did to it (loss, jitter, delay).
 * - bench-pbx-run.c: the orchestrator (`bench-pbx` without --office): starts
 *   the office and the sipp instances, ramps the load, samples /proc and
 *   prints the figures. */

G_BEGIN_DECLS

/* Accounts the office makes, and the orchestrator's sipp instances use. */
#define BENCH_PBX_OPERATOR      "op1"
#define BENCH_PBX_OPERATOR_PASS "op1-bench-secret"
#define BENCH_PBX_REG_USER_FMT  "reg%04u"
#define BENCH_PBX_REG_PASS_FMT  "pw-reg%04u"

int  bench_pbx_office_main (int    argc,
                            char **argv);
int  bench_pbx_run_main    (int    argc,
                            char **argv);

/* Media ------------------------------------------------------------------- */

typedef enum {
  BENCH_RTP_CALLER,
  BENCH_RTP_OPERATOR,
  BENCH_RTP_N_SIDES
} BenchRtpSide;

typedef struct _BenchRtp BenchRtp;

typedef struct
{
  guint streams;              /* legs that received media in the window */
  guint tagged_streams;       /* ... of which heard their bridged peer */
  guint64 sent;               /* packets the phones sent */
  guint64 received;           /* packets the phones received */
  guint64 expected;           /* peer frames that should have arrived */
  guint64 lost;               /* ... and never did */
  guint64 late;               /* frames 200 ms later than their leg's quickest */
  guint64 clock_expected;     /* frames the PBX's 20 ms clock should have sent */
  guint64 clock_missing;      /* ... and did not (ticks the PBX skipped) */
  guint64 underruns;          /* silent frames from the PBX amid the peer's */
  double loss_pct;
  double clock_missing_pct;
  /* RFC 3550 interarrival jitter as a phone computes it from the PBX's RTP
   * timestamps: mean over legs of each leg's mean, and the worst leg. */
  double jitter_mean_ms;
  double jitter_max_ms;
  /* The same formula on the end-to-end transit time (the peer phone's send
   * time to this phone's kernel receive time): the jitter the PBX adds,
   * since the phones send exactly every 20 ms. */
  double e2e_jitter_mean_ms;
  double e2e_jitter_max_ms;
  /* Transit time: the latency through the PBX, and its variation over each
   * leg's own minimum (percentiles over every frame). */
  double transit_p50_ms;
  double transit_p99_ms;
  double delay_var_p50_ms;
  double delay_var_p99_ms;
  double delay_var_max_ms;
  /* The longest time any leg heard nothing from the PBX (20 ms normally):
   * a stall of the PBX's media clock. */
  double max_gap_ms;
  /* How late the phones' own sending was (a loaded load generator). */
  double send_late_p99_ms;
} BenchRtpStats;

BenchRtp *bench_rtp_new          (GError        **error);
void      bench_rtp_free         (BenchRtp       *rtp);
guint     bench_rtp_get_port     (BenchRtp       *rtp,
                                  BenchRtpSide    side);
/* Starts a measurement window; bench_rtp_window_read() ends it. */
void      bench_rtp_window_start (BenchRtp       *rtp);
void      bench_rtp_window_read  (BenchRtp       *rtp,
                                  BenchRtpStats  *stats);
/* Legs that received media in the last 300 ms. */
guint     bench_rtp_active_legs  (BenchRtp       *rtp);

G_END_DECLS
