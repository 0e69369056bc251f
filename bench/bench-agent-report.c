/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-agent"

#include "config.h"

#include "bench-agent.h"

#include <gtk/gtk.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

/* bench-agent's figures: nearest-rank percentiles of each milestone from
 * the INVITE, the parts between milestones, a text chart against the
 * target, and the BENCH lines that scripts read. */

#define TARGET_MS 150.0
#define CHART_CELLS 50        /* the chart spans 0 … CHART_MS */
#define CHART_MS 250.0

typedef struct
{
  guint n;
  double p50, p95, p99, max, mean;
} Spread;

static int
by_value (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static Spread
spread_of (GArray *ms)
{
  Spread s = { .n = ms->len };

  if (s.n == 0)
    return s;
  g_array_sort (ms, by_value);
#define RANK(q) g_array_index (ms, double, MAX ((guint)ceil ((q)*s.n), 1) - 1)
  s.p50 = RANK (0.50);
  s.p95 = RANK (0.95);
  s.p99 = RANK (0.99);
#undef RANK
  s.max = g_array_index (ms, double, s.n - 1);
  for (guint i = 0; i < s.n; i++)
    s.mean += g_array_index (ms, double, i) / s.n;
  return s;
}

/* Milliseconds from @from to @to of every call that drew its card and
 * reached both. */
static Spread
between (const AgentRun *run, gsize from, gsize to, gboolean drawn_only)
{
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < run->n_calls; i++)
    {
      const AgentCall *call = &run->calls[i];
      gint64 a = G_STRUCT_MEMBER (gint64, call, from);
      gint64 b = G_STRUCT_MEMBER (gint64, call, to);
      double value = (b - a) / 1000.0;

      if (a && b && (!drawn_only || call->drawn_us))
        g_array_append_val (ms, value);
    }
  return spread_of (ms);
}

#define AT(field) G_STRUCT_OFFSET (AgentCall, field)

/* █ to p50, ▓ to p95, ░ to p99, │ the target where nothing else is, ▶ past
 * the chart's end. */
static void
chart_row (const char *label, Spread s)
{
  g_autoptr (GString) bar = g_string_new (NULL);
  const double cell_ms = CHART_MS / CHART_CELLS;
  const int target_cell = (int)(TARGET_MS / cell_ms);

  for (int c = 0; c < CHART_CELLS; c++)
    {
      double x = c * cell_ms + cell_ms / 2;

      if (s.n == 0)
        g_string_append (bar, c == target_cell ? "│" : " ");
      else if (x < s.p50)
        g_string_append (bar, "█");
      else if (x < s.p95)
        g_string_append (bar, "▓");
      else if (x < s.p99)
        g_string_append (bar, "░");
      else
        g_string_append (bar, c == target_cell ? "│" : " ");
    }
  g_string_append (bar, s.p99 > CHART_MS ? "▶" : " ");
  printf ("  %-34s %s p50 %6.1f  p95 %6.1f  p99 %6.1f  max %6.1f  (%u)\n", label, bar->str, s.p50,
          s.p95, s.p99, s.max, s.n);
}

static void
part_row (const char *label, Spread s, double total_mean)
{
  printf ("  %-44s %7.1f %7.1f %7.1f %7.1f %7.1f   %3.0f %%\n", label, s.p50, s.p95, s.p99, s.max,
          s.mean, total_mean > 0 ? 100 * s.mean / total_mean : 0);
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  fields = g_strsplit (text, " ", 4);
  return g_strv_length (fields) >= 3 ? g_strjoin (" ", fields[0], fields[1], fields[2], NULL)
                                     : g_strdup ("?");
}

void
bench_agent_print_header (const AgentRun *run)
{
  g_autofree char *load = load_average ();

  printf ("Frontdesk agent benchmark (issue 6, point 11): the caller's INVITE → the client card "
          "drawn in the agent window\n");
  printf ("%d calls, one at a time, each from a known client's number (%d clients); "
          "%u CPUs, load average %s; %s build, GTK %u.%u.%u\n",
          run->n_calls, run->n_clients, g_get_num_processors (), load, BENCH_BUILDTYPE,
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version ());
}

static void
print_failures (const AgentRun *run)
{
  g_autoptr (GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer reason, count;

  for (int i = 0; i < run->n_calls; i++)
    if (run->calls[i].drawn_us == 0)
      {
        const char *why = run->calls[i].failure ? run->calls[i].failure : "unknown";

        g_hash_table_insert (
            reasons, (gpointer)why,
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (reasons, why)) + 1));
      }
  g_hash_table_iter_init (&iter, reasons);
  while (g_hash_table_iter_next (&iter, &reason, &count))
    printf ("; %s: %u", (const char *)reason, GPOINTER_TO_UINT (count));
}

void
bench_agent_report (const AgentRun *run)
{
  Spread total = between (run, AT (invite_us), AT (drawn_us), TRUE);
  Spread event = between (run, AT (invite_us), AT (event_us), TRUE);
  Spread inbox_part = between (run, AT (event_us), AT (inbox_us), TRUE);
  Spread loaded_part = between (run, AT (offered_us), AT (loaded_us), TRUE);
  Spread drawn_part = between (run, AT (loaded_us), AT (drawn_us), TRUE);
  g_autofree char *load = load_average ();
  const AgentCall *first = &run->calls[0];
  gboolean met;
  guint drawn = total.n;
  double seconds = (run->calls_ended_us - run->calls_started_us) / 1e6;

  printf ("\nINVITE sent → …, ms (█ p50, ▓ p95, ░ p99, │ the target of %.0f ms; calls whose card "
          "was drawn)\n\n",
          TARGET_MS);
  printf ("  %-34s %-50s\n", "", "0         50        100       150       200       250 ms");
  chart_row ("the office answers the caller", between (run, AT (invite_us), AT (final_us), TRUE));
  chart_row ("the window's softphone rings", between (run, AT (invite_us), AT (ring_us), TRUE));
  chart_row ("call-offered reaches the session", event);
  chart_row ("the contact in the inbox", between (run, AT (invite_us), AT (inbox_us), TRUE));
  chart_row ("the contact page made", between (run, AT (invite_us), AT (offered_us), TRUE));
  chart_row ("the card's data loaded", between (run, AT (invite_us), AT (loaded_us), TRUE));
  chart_row ("the card drawn", total);

  printf ("\nWhere the time goes, ms                          p50     p95     p99     max    mean  "
          "share\n");
  part_row ("INVITE → call-offered event at the agent", event, total.mean);
  part_row ("event → contact in the inbox", inbox_part, total.mean);
  part_row ("inbox → contact page made (window)",
            between (run, AT (inbox_us), AT (offered_us), TRUE), total.mean);
  part_row ("page made → card loaded (its clients read)", loaded_part, total.mean);
  part_row ("card loaded → first frame painted", drawn_part, total.mean);
  part_row ("  of which: loaded → next frame begins",
            between (run, AT (loaded_us), AT (frame_us), TRUE), total.mean);
  part_row ("  of which: frame begins → painted",
            between (run, AT (frame_us), AT (drawn_us), TRUE), total.mean);

  printf ("\n  calls %d, card drawn %u, failed %d", run->n_calls, drawn, run->n_calls - (int)drawn);
  print_failures (run);
  printf ("\n  the first call (cold window): %s", first->drawn_us ? "" : "not drawn");
  if (first->drawn_us)
    printf ("%.1f ms", (first->drawn_us - first->invite_us) / 1000.0);
  printf ("\n  %.1f s of calls (%.2f calls/s); offers not for the call in flight %u; SIP the "
          "callers did not expect %" G_GUINT64_FORMAT "; RTP from the office %" G_GUINT64_FORMAT
          "\n",
          seconds, seconds > 0 ? run->n_calls / seconds : 0, run->stray_offers, run->unexpected,
          run->rtp);
  printf ("  renderer %s, animations %s; this process's CPU over the calls %.2f s "
          "(%.0f ms a call); load average now %s\n",
          run->renderer ? run->renderer : "?", run->animations ? "on" : "off", run->cpu_s,
          1000 * run->cpu_s / run->n_calls, load);

  met = drawn == (guint)run->n_calls && total.p95 <= TARGET_MS;
  printf ("\nTarget (the caller's INVITE → the client card drawn ≤ %.0f ms at p95)\n", TARGET_MS);
  printf ("  agent_card_target_met=%s\n\n", met ? "yes" : "no");
  printf ("BENCH agent_card_p50_ms=%.3f\nBENCH agent_card_p95_ms=%.3f\n"
          "BENCH agent_card_p99_ms=%.3f\nBENCH agent_card_max_ms=%.3f\n"
          "BENCH agent_card_calls=%d\nBENCH agent_card_drawn=%u\n"
          "BENCH agent_event_p95_ms=%.3f\nBENCH agent_inbox_p95_ms=%.3f\n"
          "BENCH agent_lookup_p95_ms=%.3f\nBENCH agent_draw_p95_ms=%.3f\n"
          "BENCH agent_card_target_met=%s\n",
          total.p50, total.p95, total.p99, total.max, run->n_calls, drawn, event.p95,
          inbox_part.p95, loaded_part.p95, drawn_part.p95, met ? "yes" : "no");
}

static void
append_ms (GString *s, gint64 from, gint64 to)
{
  if (from && to)
    g_string_append_printf (s, ",%.3f", (to - from) / 1000.0);
  else
    g_string_append (s, ",");
}

gboolean
bench_agent_write_csv (const AgentRun *run, const char *path, GError **error)
{
  g_autoptr (GString) s = g_string_new (
      "call,sent_s,answer_ms,ring_ms,event_ms,inbox_ms,offered_ms,loaded_ms,shown_ms,frame_ms,"
      "drawn_ms,failure\n");

  for (int i = 0; i < run->n_calls; i++)
    {
      const AgentCall *c = &run->calls[i];

      g_string_append_printf (s, "%d,%.3f", i,
                              c->invite_us ? (c->invite_us - run->calls_started_us) / 1e6 : -1.0);
      append_ms (s, c->invite_us, c->final_us);
      append_ms (s, c->invite_us, c->ring_us);
      append_ms (s, c->invite_us, c->event_us);
      append_ms (s, c->invite_us, c->inbox_us);
      append_ms (s, c->invite_us, c->offered_us);
      append_ms (s, c->invite_us, c->loaded_us);
      append_ms (s, c->invite_us, c->shown_us);
      append_ms (s, c->invite_us, c->frame_us);
      append_ms (s, c->invite_us, c->drawn_us);
      g_string_append_printf (s, ",%s\n", c->failure ? c->failure : "");
    }
  return g_file_set_contents (path, s->str, s->len, error);
}
