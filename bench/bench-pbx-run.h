/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bench-pbx.h"

#include <gio/gio.h>

#include <signal.h>

/* The orchestrator's own parts: bench-pbx-proc.c (processes, the office,
 * sipp, /proc), bench-pbx-phases.c (what is measured) and bench-pbx-run.c
 * (options, summary, main). */

G_BEGIN_DECLS

#define TARGET_REGISTER_PER_S   2000.0
#define TARGET_CPS              100.0
#define TARGET_CONCURRENT       300
#define TARGET_CPU_PER_CALL_PCT 0.3
#define LIMIT_LOSS_PCT          1.0
#define LIMIT_CLOCK_PCT         1.0
#define LIMIT_JITTER_MS         5.0
#define LIMIT_LATENCY_MS        150.0
#define REG_USERS               100

typedef struct
{
  gboolean quick;
  char *levels;
  char *cps;
  int cps_seconds;
  int hold_ms;
  int prompt_ms;
  int registers;
  int register_rate;
  int window;
  int settle;
  int max_minutes;
  char *phases;
  char *scenarios;
  char *dir;
  gboolean keep;
  gboolean pair;
  gboolean verbose;
  gboolean perf;
} BenchOptions;

extern BenchOptions bench_opt;
extern volatile sig_atomic_t bench_interrupted;

typedef struct
{
  char *name;
  GPid pid;
  int in_fd;
  int out_fd;
  GString *pending;
  char *dir;
  gboolean reaped;
  int status;
} Proc;

typedef struct
{
  gint64 time;              /* monotonic µs */
  guint64 office;           /* clock ticks */
  guint64 phones;
  guint64 sipp;
  guint64 sys_busy;
  guint64 sys_total;
  guint64 udp_rcvbuf_errors;
  guint64 udp_in_errors;
  guint64 office_rss_kb;
  guint64 office_threads;
} Sample;



typedef struct
{
  char *dir;
  char *scenarios;
  char *self;
  BenchRtp *rtp;
  GPtrArray *procs;         /* live Proc, for the clean-up */
  Proc *office;
  Proc *uas;
  guint pbx_port;
  gboolean can_record;
  guint64 idle_rss_kb;
  gint64 deadline;          /* monotonic µs */
  long ticks;
  GString *bench;           /* BENCH lines, printed at the end */
  guint serial;

  /* Results for the summary */
  double register_rate;
  guint64 register_failed;
  gboolean register_done;
  double cps_best;
  gboolean cps_done;
  gboolean cps_failed;      /* some rate failed (else the target may be untried) */
  guint concurrent_best[2];
  gboolean ramp_failed[2];  /* some step failed (else the ramp ended first) */
  gboolean record_unavailable;
  double cpu_per_call_at_target[2];
  gboolean ramp_done[2];
} Run;

/* bench-pbx-proc.c: processes */
gboolean     out_of_time      (Run                *run);
void         say              (const char         *format,
                               ...) G_GNUC_PRINTF (1, 2);
void         bench_line       (Run                *run,
                               const char         *format,
                               ...) G_GNUC_PRINTF (2, 3);
void         nap              (guint               ms);
guint        free_udp_port    (void);
Proc        *proc_spawn       (Run                *run,
                               const char         *name,
                               const char * const *argv,
                               gboolean            pipes,
                               GError            **error);
gboolean     proc_poll_exit   (Proc               *proc);
gboolean     proc_wait        (Proc               *proc,
                               guint               timeout_ms);
void         proc_end         (Run                *run,
                               Proc               *proc);
void         proc_free        (Proc               *proc);
gboolean     proc_exited_ok   (Proc               *proc);
gboolean     wait_for         (Run                *run,
                               gboolean          (*done) (Run *run, gpointer data),
                               gpointer            data,
                               guint               timeout_ms);

/* The office stand-in */
gboolean     office_start     (Run                *run,
                               const char         *prompt,
                               const char         *record_dir,
                               GError            **error);
void         office_stop      (Run                *run);
char        *office_command   (Run                *run,
                               const char         *command);
GHashTable  *office_stats     (Run                *run);
guint64      stat_get         (GHashTable         *stats,
                               const char         *key);
const char  *stat_str         (GHashTable         *stats,
                               const char         *key);

/* /proc */
guint64      proc_ticks       (GPid                pid);
void         sample           (Run                *run,
                               Sample             *s);
double       core_pct         (Run                *run,
                               guint64             a,
                               guint64             b,
                               gint64              us);

/* sipp */
Proc        *sipp_start       (Run                *run,
                               const char         *name,
                               const char         *scenario,
                               guint               local_port,
                               const char         *extra[],
                               GError            **error);
GHashTable  *sipp_stats       (Proc               *proc);
double       sipp_time        (GHashTable         *stats,
                               const char         *key);
GArray      *sipp_rtts        (Proc               *proc,
                               double             *span_ms);
char        *sipp_errors_tail (Proc               *proc);
gboolean     operator_start   (Run                *run,
                               GError            **error);
void         operator_stop    (Run                *run);

/* Odds and ends */
double       percentile       (GArray             *sorted,
                               double              p);
gboolean     write_prompt     (const char         *path,
                               guint               ms,
                               GError            **error);
gboolean     write_users      (const char         *path,
                               GError            **error);
GArray      *parse_list       (const char         *text);
gboolean     has_phase        (const char         *name);

/* bench-pbx-phases.c */
void         phase_register   (Run                *run);
void         phase_cps        (Run                *run);
gboolean     ramp             (Run                *run,
                               gboolean            recording);

G_END_DECLS
