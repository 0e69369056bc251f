/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-office"

#include "config.h"

#include <glib.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "desk-queue-flow.h"
#include "desk-routing.h"

/*
 * The office's decisions at the size of a busy office (issue 4, point 9).
 *
 * Part 1, here: routing decision time with 50 operators and 500 waiting
 * contacts. Routing is a plain function of a snapshot, so the snapshots are
 * built as the office would fill them (members with states, skills,
 * penalties and chats in hand; contacts with priorities, channels, places in
 * the line, sticky owners and callbacks) and each decision is timed around
 * the single call, for every strategy:
 *
 *   - desk_route_offer () for the contact at the head of the line,
 *   - desk_route_plan () over the whole line,
 *   - desk_queue_decide () over the whole line (announcements, max wait,
 *     estimated waits).
 *
 * Part 2, "INVITE received → operator's phone rings" at 50 calls/s, is
 * bench-office-ring (bench-office-ring.c, bench-office-phones.c): it needs
 * the engine, the call flow and a store, none of which this part touches.
 * See README.md.
 */

#define SEED        20240904
#define TARGET_US   50.0
#define N_SKILLS    8            /* skills in the office */
#define MAX_OP_SKILLS 4          /* skills per operator, at most */
#define NOW_MS      G_GINT64_CONSTANT (1725000000000)

/* The chart: the target sits at this column; bars stop a little past it. */
#define CHART_TARGET_CELLS 40
#define CHART_MAX_CELLS    52

/* Measuring goes round the strategies this many times. */
#define ROUNDS 40

/* The length of the fixed work that shows what the machine adds. */
#define REFERENCE_US 10.0

/* Options */

static int opt_operators = 50;
static int opt_contacts = 500;
static int opt_snapshots = 64;
static int opt_iterations = 40000;
static int opt_seed = SEED;
static gboolean opt_quick;
static gboolean opt_verbose;

static const GOptionEntry entries[] = {
  { "operators", 0, 0, G_OPTION_ARG_INT, &opt_operators, "Members of each queue (50)", "N" },
  { "contacts", 0, 0, G_OPTION_ARG_INT, &opt_contacts, "Contacts waiting in each queue (500)",
    "N" },
  { "snapshots", 0, 0, G_OPTION_ARG_INT, &opt_snapshots,
    "Different situations per strategy, measured in turn (64)", "N" },
  { "iterations", 0, 0, G_OPTION_ARG_INT, &opt_iterations,
    "Plans and queue decisions timed per strategy; offers: 10 times as many (40000)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "Random seed (20240904)", "N" },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "A smoke run: 4000 iterations", NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,
    "Print what the situations look like", NULL },
  { NULL }
};

/* The queues measured: each strategy, and sticky routing over longest-idle. */

typedef struct {
  const char *name;
  const char *key;               /* in the BENCH lines */
  DeskQueueStrategy strategy;
  int sticky_seconds;
  int sticky_share;              /* % of contacts with a sticky owner */
  int skill_share;               /* % of contacts with a skill of their own */
} Kind;

static const Kind kinds[] = {
  { "ring-all", "ring_all", DESK_QUEUE_STRATEGY_RING_ALL, 0, 0, 0 },
  { "longest-idle", "longest_idle", DESK_QUEUE_STRATEGY_LONGEST_IDLE, 0, 0, 0 },
  { "fewest-contacts", "fewest_contacts", DESK_QUEUE_STRATEGY_FEWEST_CONTACTS, 0, 0, 0 },
  { "skills, relaxing", "skills", DESK_QUEUE_STRATEGY_SKILLS, 0, 0, 60 },
  { "sticky (longest-idle)", "sticky", DESK_QUEUE_STRATEGY_LONGEST_IDLE, 20, 40, 0 },
};

typedef struct {
  DeskQueue config;
  DeskRouteQueue queue;
  DeskRouteOperator *ops;
  DeskSkillLevel *skills;        /* MAX_OP_SKILLS per operator */
  DeskRouteContact *contacts;
  guint head;                    /* the first of the line not ringing already */
} Snapshot;

/* What the decisions said, to show the situations exercise every path. */
typedef struct {
  guint64 reasons[DESK_ROUTE_SKILL_RELAXED + 1];
  guint64 plan_offers;
  guint64 plan_rung;             /* operators offered something, summed */
  guint64 actions[DESK_QUEUE_ACTION_CLOSE + 1];
  guint64 free_voice;
  guint64 free_text;
} Outcome;

typedef enum {
  MEASURE_OFFER,
  MEASURE_PLAN,
  MEASURE_DECIDE,
  N_MEASURES,
} Measure;

static const char *const measure_titles[] = {
  "desk_route_offer, the head of the line",
  "desk_route_plan, the whole line",
  "desk_queue_decide, the whole line",
};
static const char *const measure_keys[] = { "offer", "plan", "decide" };

typedef struct {
  double p50, p95, p99, max, mean;   /* µs */
} Figures;

/* Timing and statistics */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples, in microseconds. */
static double
percentile_us (GArray *sorted,
               double  p)
{
  gsize rank;

  if (sorted->len == 0)
    return 0;
  rank = (gsize) ceil (p / 100.0 * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1e3;
}

static Figures
figures_of (GArray *samples)
{
  Figures f;
  double sum = 0;

  g_array_sort (samples, compare_gint64);
  for (guint i = 0; i < samples->len; i++)
    sum += g_array_index (samples, gint64, i);
  f.p50 = percentile_us (samples, 50);
  f.p95 = percentile_us (samples, 95);
  f.p99 = percentile_us (samples, 99);
  f.max = percentile_us (samples, 100);
  f.mean = samples->len > 0 ? sum / samples->len / 1e3 : 0;
  return f;
}

/* The cost of reading the clock twice, which every sample includes. */
static double
clock_overhead_ns (void)
{
  g_autoptr (GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 100000);

  for (guint i = 0; i < 100000; i++)
    {
      gint64 t0 = now_ns ();
      gint64 t = now_ns () - t0;

      g_array_append_val (samples, t);
    }
  g_array_sort (samples, compare_gint64);
  return (double) g_array_index (samples, gint64, samples->len / 2);
}

static GPtrArray *metrics;  /* "BENCH name=value" lines for the end */

static void
metric (const char *name,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
metric (const char *name,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (metrics, g_strdup_printf ("BENCH %s=%s", name, value));
}

/* The machine */

static char *
cpu_model (guint *n_cpus)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  char *model = NULL;

  *n_cpus = 0;
  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown CPU");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (g_str_has_prefix (lines[i], "processor"))
        (*n_cpus)++;
      /* x86 says "model name", some ARM kernels "Model" or "Hardware". */
      if (model == NULL && colon != NULL &&
          (g_str_has_prefix (lines[i], "model name") || g_str_has_prefix (lines[i], "Model") ||
           g_str_has_prefix (lines[i], "Hardware")))
        model = g_strstrip (g_strdup (colon + 1));
    }
  return model != NULL ? model : g_strdup ("unknown CPU");
}

/* Situations */

static gint64
seconds_ago (GRand  *rand,
             double  mean_s,
             double  max_s)
{
  /* Exponential: most contacts came recently, a few waited long. */
  double s = -log (1.0 - g_rand_double (rand)) * mean_s;

  return NOW_MS - (gint64) (MIN (s, max_s) * 1000);
}

static void
make_operator (GRand             *rand,
               const DeskQueue   *config,
               guint              i,
               DeskRouteOperator *op,
               DeskSkillLevel    *skills)
{
  int chat_load = desk_contact_load (DESK_CHANNEL_CHAT, config->chat_weight);
  int pick = g_rand_int_range (rand, 0, 100);
  int p = g_rand_int_range (rand, 0, 100);
  guint n_skills = g_rand_int_range (rand, 1, MAX_OP_SKILLS + 1);

  memset (op, 0, sizeof *op);
  /* Ids of a real office: not 1..50, and not in the members' order. */
  op->user_id = 1000 + (i * 37) % 211;
  op->max_chats = g_rand_int_range (rand, 2, 5);
  op->idle_since_ms = NOW_MS - g_rand_int_range (rand, 1, 1800) * G_GINT64_CONSTANT (1000);
  op->contacts_today = g_rand_int_range (rand, 0, 80);
  op->penalty = p < 70 ? 0 : p < 90 ? 1 : 2;

  /* 20 % available, 46 % on a contact, 14 % in wrap-up, 10 % on a break,
   * 10 % logged out. */
  if (pick < 20)
    op->state = DESK_AGENT_STATE_AVAILABLE;
  else if (pick < 66)
    {
      op->state = DESK_AGENT_STATE_ON_CONTACT;
      if (g_rand_int_range (rand, 0, 100) < 60)
        op->load = DESK_AGENT_CAPACITY;   /* on a call */
      else
        {
          op->n_chats = g_rand_int_range (rand, 1, op->max_chats + 1);
          op->load = MIN (op->n_chats * chat_load, DESK_AGENT_CAPACITY);
        }
    }
  else if (pick < 80)
    op->state = DESK_AGENT_STATE_WRAP_UP;
  else if (pick < 90)
    op->state = DESK_AGENT_STATE_BREAK;
  else
    op->state = DESK_AGENT_STATE_OFFLINE;
  if ((op->state == DESK_AGENT_STATE_AVAILABLE || op->state == DESK_AGENT_STATE_ON_CONTACT) &&
      g_rand_int_range (rand, 0, 100) < 8)
    op->offer_pending = TRUE;

  /* 1–4 different skills of the office's 8, levels 1–10. */
  for (guint k = 0; k < n_skills; k++)
    {
      gint64 id;
      gboolean taken;

      do
        {
          id = g_rand_int_range (rand, 1, N_SKILLS + 1);
          taken = FALSE;
          for (guint j = 0; j < k; j++)
            taken |= skills[j].skill_id == id;
        }
      while (taken);
      skills[k].skill_id = id;
      skills[k].level = g_rand_int_range (rand, 1, 11);
    }
  op->skills = skills;
  op->n_skills = n_skills;
}

static void
make_contact (GRand            *rand,
              const Kind       *kind,
              guint             i,
              const Snapshot   *snap,
              DeskRouteContact *c)
{
  memset (c, 0, sizeof *c);
  c->id = 500000 + i;
  c->channel = g_rand_int_range (rand, 0, 100) < 75 ? DESK_CHANNEL_PHONE : DESK_CHANNEL_CHAT;
  c->priority = g_rand_int_range (rand, 0, 100) < 8 ? DESK_ROUTE_PRIORITY_VIP : 0;
  /* A mean wait of 3 minutes; a few past the max wait (15 minutes). */
  c->enqueued_at_ms = seconds_ago (rand, 180, 1800);
  if (c->channel == DESK_CHANNEL_PHONE)
    {
      int p = g_rand_int_range (rand, 0, 100);

      if (p < 5)
        {
          c->is_callback = TRUE;
          c->enqueued_at_ms = seconds_ago (rand, 900, 3600);
        }
      else if (p < 9)
        c->anonymous = TRUE;
    }
  c->offering = g_rand_int_range (rand, 0, 100) < 1;
  if (NOW_MS - c->enqueued_at_ms > 45000 && g_rand_boolean (rand))
    c->last_announced_ms = NOW_MS - g_rand_int_range (rand, 0, 50000);
  c->overflow_hops = g_rand_int_range (rand, 0, 100) < 10 ? 1 : 0;

  if (g_rand_int_range (rand, 0, 100) < kind->skill_share)
    {
      /* Low skill ids are the common ones: the rare ones have few operators. */
      c->required_skill_id = 1 + (gint64) floor (pow (g_rand_double (rand), 2) * N_SKILLS);
    }
  if (g_rand_int_range (rand, 0, 100) < kind->sticky_share)
    {
      /* Mostly a member; now and then someone of another queue. */
      if (g_rand_int_range (rand, 0, 100) < 90)
        c->sticky_user_id = snap->ops[g_rand_int_range (rand, 0, opt_operators)].user_id;
      else
        c->sticky_user_id = 9000 + i;
      if (g_rand_boolean (rand))
        c->sticky_since_ms = NOW_MS - g_rand_int_range (rand, 0, 30000);
    }
}

static int
compare_queue_order (gconstpointer a,
                     gconstpointer b)
{
  return desk_route_contact_compare (a, b);
}

static void
snapshot_init (Snapshot   *snap,
               const Kind *kind,
               GRand      *rand,
               guint       n)
{
  DeskQueue *config = &snap->config;
  const DeskRouteContact *head = NULL;

  *config = (DeskQueue) {
    .name = kind->name,
    .strategy = kind->strategy,
    .skill_id = kind->strategy == DESK_QUEUE_STRATEGY_SKILLS ? 1 : 0,
    .skill_relax_seconds = 60,
    .sticky_seconds = kind->sticky_seconds,
    .sticky_days = 30,
    .max_wait_seconds = 900,
    .max_length = 0,
    .overflow_queue_id = n % 2 == 0 ? 7 : 0,
    .overflow_to_callback = TRUE,
    .wrapup_seconds = 30,
    .announce_seconds = 45,
    .service_level_seconds = 20,
    .callback_digit = "3",
    .chat_weight = n % 2 == 0 ? 0.25 : 0.5,
  };
  snap->queue = (DeskRouteQueue) { .id = 3, .config = config, .avg_handle_ms = 240000 };

  snap->ops = g_new0 (DeskRouteOperator, opt_operators);
  snap->skills = g_new0 (DeskSkillLevel, (gsize) opt_operators * MAX_OP_SKILLS);
  for (int i = 0; i < opt_operators; i++)
    make_operator (rand, config, i, &snap->ops[i], &snap->skills[i * MAX_OP_SKILLS]);

  /* In queue order, as the office keeps its lines (each contact joins at
   * its place): routing checks the order in one pass and skips the sort. */
  snap->contacts = g_new0 (DeskRouteContact, opt_contacts);
  for (int i = 0; i < opt_contacts; i++)
    make_contact (rand, kind, i, snap, &snap->contacts[i]);
  qsort (snap->contacts, opt_contacts, sizeof *snap->contacts, compare_queue_order);

  snap->head = 0;
  for (int i = 0; i < opt_contacts; i++)
    if (!snap->contacts[i].offering &&
        (head == NULL || desk_route_contact_compare (&snap->contacts[i], head) < 0))
      {
        head = &snap->contacts[i];
        snap->head = i;
      }
}

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->ops, g_free);
  g_clear_pointer (&snap->skills, g_free);
  g_clear_pointer (&snap->contacts, g_free);
}

/* Measuring */

static void
outcome_add_staff (Outcome        *out,
                   const Snapshot *snap)
{
  for (int i = 0; i < opt_operators; i++)
    {
      out->free_voice += desk_route_is_free (&snap->queue, &snap->ops[i], DESK_CHANNEL_PHONE);
      out->free_text += desk_route_is_free (&snap->queue, &snap->ops[i], DESK_CHANNEL_CHAT);
    }
}

/* One timed call; what it returned is looked at and freed outside the time. */
static gint64
measure_once (Measure         what,
              const Snapshot *snap,
              Outcome        *out)
{
  const DeskRouteQueue *q = &snap->queue;
  gint64 t0, t;

  switch (what)
    {
    case MEASURE_OFFER:
      {
        DeskRouteOffer *offer;

        t0 = now_ns ();
        offer = desk_route_offer (q, snap->ops, opt_operators, &snap->contacts[snap->head],
                                  NOW_MS);
        t = now_ns () - t0;
        if (out != NULL)
          out->reasons[offer->reason]++;
        desk_route_offer_free (offer);
        return t;
      }
    case MEASURE_PLAN:
      {
        GPtrArray *plan;

        t0 = now_ns ();
        plan = desk_route_plan (q, snap->ops, opt_operators, snap->contacts, opt_contacts, NOW_MS);
        t = now_ns () - t0;
        if (out != NULL)
          {
            out->plan_offers += plan->len;
            for (guint i = 0; i < plan->len; i++)
              out->plan_rung += ((DeskRouteOffer *) g_ptr_array_index (plan, i))->user_ids->len;
          }
        g_ptr_array_unref (plan);
        return t;
      }
    case MEASURE_DECIDE:
      {
        GArray *decisions;

        t0 = now_ns ();
        decisions = desk_queue_decide (q, snap->ops, opt_operators, snap->contacts, opt_contacts,
                                       NOW_MS);
        t = now_ns () - t0;
        if (out != NULL)
          for (guint i = 0; i < decisions->len; i++)
            out->actions[g_array_index (decisions, DeskQueueDecision, i).action]++;
        g_array_unref (decisions);
        return t;
      }
    case N_MEASURES:
    default:
      g_assert_not_reached ();
    }
}

/* Times @n calls, going round the snapshots (from @first) so that the data is
 * not all in the first-level cache, as it would not be in the office either. */
static void
measure_batch (Measure         what,
               const Snapshot *snaps,
               guint           first,
               guint           n,
               GArray         *samples,
               Outcome        *out)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 t = measure_once (what, &snaps[(first + i) % opt_snapshots], out);

      g_array_append_val (samples, t);
    }
}

/* The machine itself: a fixed chain of dependent multiplications, timed the
 * same way. What it adds over its own p50 is what the machine adds to any
 * call of that length (interrupts, other work), not routing. */
static guint64
fixed_work (guint64 steps)
{
  guint64 x = steps;

  for (guint64 k = 0; k < steps; k++)
    x = x * G_GUINT64_CONSTANT (6364136223846793005) + G_GUINT64_CONSTANT (1442695040888963407);
  return x;
}

static volatile guint64 work_sink;

static gint64
measure_work (guint64 steps)
{
  gint64 t0 = now_ns ();

  work_sink = fixed_work (steps);
  return now_ns () - t0;
}

/* Steps of fixed_work () that take REFERENCE_US, by the median of a few runs. */
static guint64
calibrate_work (void)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint64 probe = 20000;

  for (guint i = 0; i < 201; i++)
    {
      gint64 t = measure_work (probe);

      g_array_append_val (samples, t);
    }
  g_array_sort (samples, compare_gint64);
  return MAX (probe * REFERENCE_US * 1e3 / g_array_index (samples, gint64, 100), 1);
}

/* The chart */

static void
append_cells (GString    *s,
              const char *cell,
              int         n)
{
  for (int i = 0; i < n; i++)
    g_string_append (s, cell);
}

/* A bar: █ up to p50 (in eighths of a cell), ░ on to p99, │ at the target,
 * ▶ past the end of the chart. */
static char *
bar (const Figures *f)
{
  static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
  const char *cells[CHART_MAX_CELLS + 1];
  double per_us = CHART_TARGET_CELLS / TARGET_US;
  /* Always something to see, even far under a cell. */
  int p50_8 = MAX ((int) lround (MIN (f->p50 * per_us, CHART_MAX_CELLS) * 8), 1);
  int p99_cells = (int) lround (MIN (f->p99 * per_us, CHART_MAX_CELLS));
  int i = 0;
  GString *s = g_string_new (NULL);

  for (; i < p50_8 / 8; i++)
    cells[i] = "█";
  if (p50_8 % 8 != 0)
    cells[i++] = eighths[p50_8 % 8];
  for (; i < p99_cells; i++)
    cells[i] = "░";
  for (; i <= CHART_MAX_CELLS; i++)
    cells[i] = " ";
  if (cells[CHART_TARGET_CELLS][0] == ' ' || g_str_equal (cells[CHART_TARGET_CELLS], "░"))
    cells[CHART_TARGET_CELLS] = "│";
  if (f->p99 * per_us > CHART_MAX_CELLS)
    cells[CHART_MAX_CELLS] = "▶";
  for (i = 0; i <= CHART_MAX_CELLS; i++)
    g_string_append (s, cells[i]);
  return g_string_free (s, FALSE);
}

static void
print_row (const char    *label,
           const Figures *f,
           gboolean       judge)
{
  g_autofree char *b = bar (f);
  glong pad = 22 - g_utf8_strlen (label, -1);

  printf ("  %s%*s %s  p50 %6.2f  p95 %6.2f  p99 %6.2f  mean %6.2f%s\n", label,
          (int) MAX (pad, 0), "", b, f->p50, f->p95, f->p99, f->mean,
          !judge ? "" : f->p99 <= TARGET_US ? "  ok" : f->p95 <= TARGET_US ? "  p99 over"
          : "  OVER");
}

static void
print_scale (void)
{
  GString *s = g_string_new (NULL);
  char label[32];
  int ticks = CHART_TARGET_CELLS / 10;

  /* 0, target/4, …, the target: one tick every 10 cells. */
  for (int k = 0; k <= ticks; k++)
    {
      int len = g_snprintf (label, sizeof label, "%g", TARGET_US * k / ticks);

      g_string_append (s, label);
      if (k < ticks)
        append_cells (s, " ", 10 - len);
    }
  printf ("  %22s %s µs\n", "", s->str);
  g_string_free (s, TRUE);
}

static void
print_outcome (const Kind    *kind,
               const Outcome *out,
               guint          n_offers,
               guint          n_plans,
               guint          n_snaps)
{
  guint64 n_decisions = 0;

  for (guint a = 0; a < G_N_ELEMENTS (out->actions); a++)
    n_decisions += out->actions[a];
  printf ("  %-22s free for a call %.1f, for a chat %.1f of %d; offer:", kind->name,
          (double) out->free_voice / n_snaps, (double) out->free_text / n_snaps, opt_operators);
  for (guint r = 0; r < G_N_ELEMENTS (out->reasons); r++)
    if (out->reasons[r] > 0)
      printf (" %s %.0f %%", desk_route_reason_to_string (r), 100.0 * out->reasons[r] / n_offers);
  printf ("\n  %22s plan: %.1f offers, %.1f operators rung; decide:", "",
          (double) out->plan_offers / n_plans, (double) out->plan_rung / n_plans);
  for (guint a = 0; a < G_N_ELEMENTS (out->actions); a++)
    if (out->actions[a] > 0)
      printf (" %s %.1f %%", desk_queue_action_to_string (a),
              100.0 * out->actions[a] / MAX (n_decisions, 1));
  printf ("\n");
}

/* Part 1: routing decision time */

static gboolean
bench_routing (void)
{
  enum { N_KINDS = G_N_ELEMENTS (kinds) };
  Snapshot *snaps[N_KINDS];
  GArray *samples[N_KINDS][N_MEASURES];
  Figures figures[N_KINDS][N_MEASURES];
  Outcome outcomes[N_KINDS];
  guint n[N_MEASURES] = { opt_iterations * 10, opt_iterations, opt_iterations };
  g_autoptr (GArray) reference = g_array_new (FALSE, FALSE, sizeof (gint64));
  Figures reference_figures;
  guint64 work_steps = calibrate_work ();
  gboolean met = TRUE;
  gboolean met_p95 = TRUE;
  gint64 start = now_ns ();

  memset (outcomes, 0, sizeof outcomes);
  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (opt_seed + k);

      snaps[k] = g_new0 (Snapshot, opt_snapshots);
      for (int i = 0; i < opt_snapshots; i++)
        {
          snapshot_init (&snaps[k][i], &kinds[k], rand, i);
          outcome_add_staff (&outcomes[k], &snaps[k][i]);
        }
      for (guint m = 0; m < N_MEASURES; m++)
        {
          samples[k][m] = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n[m]);
          for (int i = 0; i < opt_snapshots; i++)   /* warm-up, untimed */
            measure_once (m, &snaps[k][i], NULL);
        }
    }

  /* In rounds, every strategy in turn: a machine that is slower for a while
   * (another process, another virtual machine) then slows them all alike. */
  for (guint r = 0; r < ROUNDS; r++)
    {
      for (guint k = 0; k < N_KINDS; k++)
        for (guint m = 0; m < N_MEASURES; m++)
          {
            guint done = samples[k][m]->len;
            guint todo = (guint) ((guint64) n[m] * (r + 1) / ROUNDS) - done;

            measure_batch (m, snaps[k], done, todo, samples[k][m], &outcomes[k]);
          }
      for (guint i = 0; i < (guint) opt_iterations / ROUNDS; i++)
        {
          gint64 t = measure_work (work_steps);

          g_array_append_val (reference, t);
        }
    }

  for (guint k = 0; k < N_KINDS; k++)
    {
      for (guint m = 0; m < N_MEASURES; m++)
        {
          figures[k][m] = figures_of (samples[k][m]);
          g_array_unref (samples[k][m]);
        }
      for (int i = 0; i < opt_snapshots; i++)
        snapshot_clear (&snaps[k][i]);
      g_free (snaps[k]);
    }
  reference_figures = figures_of (reference);

  printf ("\nRouting decisions, µs per call (█ p50, ░ on to p99, │ the target of %.0f µs)\n",
          TARGET_US);
  for (guint m = 0; m < N_MEASURES; m++)
    {
      printf ("\n %s (%u calls per strategy)\n", measure_titles[m], n[m]);
      print_scale ();
      for (guint k = 0; k < N_KINDS; k++)
        {
          const Figures *f = &figures[k][m];
          g_autofree char *p50 = g_strdup_printf ("office_%s_%s_p50_us", measure_keys[m],
                                                  kinds[k].key);
          g_autofree char *p99 = g_strdup_printf ("office_%s_%s_p99_us", measure_keys[m],
                                                  kinds[k].key);

          print_row (kinds[k].name, f, TRUE);
          metric (p50, "%.3f", f->p50);
          metric (p99, "%.3f", f->p99);
          met &= f->p99 <= TARGET_US;
          met_p95 &= f->p95 <= TARGET_US;
        }
    }
  printf ("\n the machine itself: %.0f µs of fixed arithmetic, timed the same way (%u calls)\n",
          REFERENCE_US, reference->len);
  print_scale ();
  print_row ("fixed work", &reference_figures, FALSE);
  printf ("  %22s what its p99 adds over its p50 (%.0f µs here) the machine adds to any call\n"
          "  %22s of that length: interrupts, other processes, the hypervisor\n",
          "", reference_figures.p99 - reference_figures.p50, "");
  metric ("office_machine_fixed_p50_us", "%.3f", reference_figures.p50);
  metric ("office_machine_fixed_p99_us", "%.3f", reference_figures.p99);

  printf ("\nThe situations (%d of each, from seed %d)\n", opt_snapshots, opt_seed);
  for (guint k = 0; k < N_KINDS; k++)
    print_outcome (&kinds[k], &outcomes[k], n[MEASURE_OFFER], n[MEASURE_PLAN], opt_snapshots);

  if (opt_verbose)
    {
      printf ("\nMaximum, µs\n");
      for (guint k = 0; k < N_KINDS; k++)
        printf ("  %-22s offer %8.2f  plan %8.2f  decide %8.2f\n", kinds[k].name,
                figures[k][MEASURE_OFFER].max, figures[k][MEASURE_PLAN].max,
                figures[k][MEASURE_DECIDE].max);
    }

  metric ("office_routing_target_met", "%s", met ? "yes" : "no");
  metric ("office_routing_p95_target_met", "%s", met_p95 ? "yes" : "no");
  printf ("\nPart 1 took %.1f s.\n", (now_ns () - start) / 1e9);
  return met;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *model = NULL;
  guint n_cpus;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Times the office's routing decisions (offer, plan, queue decisions) for each\n"
    "strategy, with 50 operators and 500 waiting contacts.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_quick)
    opt_iterations = MIN (opt_iterations, 4000);
  if (opt_operators < 1 || opt_contacts < 1 || opt_snapshots < 1 || opt_iterations < 1)
    {
      g_printerr ("--operators, --contacts, --snapshots and --iterations must be positive\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  metrics = g_ptr_array_new_with_free_func (g_free);

  model = cpu_model (&n_cpus);
  printf ("Frontdesk office benchmark: %d operators, %d waiting contacts per queue\n",
          opt_operators, opt_contacts);
  printf ("machine: %s, %u CPUs (%u usable), GLib %u.%u.%u, %s build; "
          "reading the clock twice costs %.0f ns\n",
          model, n_cpus, g_get_num_processors (), glib_major_version, glib_minor_version,
          glib_micro_version, BENCH_BUILDTYPE, clock_overhead_ns ());

  bench_routing ();

  printf ("\nTargets (every routing decision ≤ %.0f µs: p99; p95 beside it)\n", TARGET_US);
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *line = g_ptr_array_index (metrics, i);
      if (strstr (line, "target_met="))
        printf ("  %s\n", line + strlen ("BENCH "));
    }
  printf ("\n");
  for (guint i = 0; i < metrics->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (metrics, i));

  g_clear_pointer (&metrics, g_ptr_array_unref);
  return 0;
}
