/* bench-hot-flow.c: hot flow benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines. Usage: bench-hot-flow [NAME...]; with no
 * name, all of them. Measured as the JavaScript peer measures
 * rx_subject_fanout: a few untimed warm-up runs, then the median of timed
 * runs; every run checks what its collectors received and stops instead of
 * printing a wrong figure.
 *
 * state_flow_fanout_1000: a MutableStateFlow of ints with 1000 collectors
 * (the peer's BehaviorSubject with 1000 subscribers), each counting its
 * deliveries and summing the values; 10 000 distinct values set per run.
 * All coroutines run in rill_run_blocking() on the main thread; after each
 * set the setter yields, so every collector gets every value (a state flow
 * conflates values a collector had no time to see, a subject has no such
 * notion). Figure: ns per delivery (one value to one collector).
 *
 * derived_chain_1000: a MutableStateFlow s and a chain of 1000 derived
 * state flows, each the previous one + 1, the last one collected (the
 * "effect" of the signal libraries' benchmark). Figure: ns per write of s,
 * the collector having received the new end value before the next write.
 *
 * derived_diamond_1000: s read by 1000 derived flows (s + i), one derived
 * flow summing them, collected. Figures: ns per write of s, and the
 * collector's runs per write (1: no glitch).
 *
 * combine_diamond: kotlinx's way, for comparison: s mapped twice (cold
 * flows), joined by rill_flow_combine(), collected. Figure: the
 * collector's runs per write of s; more than 1 is the glitch derived flows
 * do not have.
 */

#include <rill.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"

#define WARMUP_RUNS 3
#define TIMED_RUNS  5
#define WIDTH       1000
#define VALUES      10000
#define SIGNAL_WRITES 10000

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  RillMutableStateFlow *state;
  gint64                deliveries;
  gint64                acc;
  double                samples[TIMED_RUNS];
} Fanout;

static gboolean
count_value (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Fanout *b = user_data;

  b->deliveries++;
  b->acc += g_value_get_int (value);
  return TRUE;
}

static void
collector_body (RillScope *scope,
                gpointer   user_data)
{
  Fanout *b = user_data;
  GError *error = NULL;

  rill_flow_collect (RILL_FLOW (b->state), count_value, b, &error);
  g_clear_error (&error);
}

static void
fanout_body (RillScope *scope,
             gpointer   user_data)
{
  Fanout *b = user_data;
  RillJob *jobs[WIDTH];
  int base = 0;

  for (int i = 0; i < WIDTH; i++)
    jobs[i] = rill_launch (scope, NULL, collector_body, b, NULL);
  /* Every collector takes the initial value and parks. */
  rill_yield ();
  if (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (b->state))) != WIDTH)
    fail ("state_flow_fanout_1000", "collectors did not start");

  for (int run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++)
    {
      const gint64 sum_values = (gint64) VALUES * base + (gint64) VALUES * (VALUES + 1) / 2;
      gint64 start;
      double elapsed;

      b->deliveries = 0;
      b->acc = 0;
      start = now_ns ();
      for (int i = 1; i <= VALUES; i++)
        {
          rill_mutable_state_flow_set_int (b->state, base + i);
          rill_yield ();
        }
      elapsed = (double) (now_ns () - start);
      if (b->deliveries != (gint64) VALUES * WIDTH)
        fail ("state_flow_fanout_1000", "wrong number of deliveries");
      if (b->acc != sum_values * WIDTH)
        fail ("state_flow_fanout_1000", "wrong sum");
      base += VALUES;
      if (run >= WARMUP_RUNS)
        b->samples[run - WARMUP_RUNS] = elapsed / ((double) VALUES * WIDTH);
    }

  for (int i = 0; i < WIDTH; i++)
    {
      rill_job_cancel (jobs[i]);
      rill_job_unref (jobs[i]);
    }
}

static void
bench_state_flow_fanout (void)
{
  Fanout b = { 0, };

  b.state = rill_mutable_state_flow_new_int (0);
  rill_run_blocking (NULL, fanout_body, &b);
  g_object_unref (b.state);
  qsort (b.samples, TIMED_RUNS, sizeof (double), compare_doubles);
  report ("state_flow_fanout_1000", b.samples[TIMED_RUNS / 2], "ns");
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  const char           *name;
  RillMutableStateFlow *source;
  RillStateFlow        *end;
  gint64                runs;
  int                   sink;
  double                samples[TIMED_RUNS];
  double                runs_per_write;
} Signals;

static void
plus_offset (const GValue *values,
             guint         n_values,
             GValue       *result,
             gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (&values[0]) + GPOINTER_TO_INT (user_data));
}

static void
sum_all (const GValue *values,
         guint         n_values,
         GValue       *result,
         gpointer      user_data)
{
  int total = 0;

  for (guint i = 0; i < n_values; i++)
    total += g_value_get_int (&values[i]);
  g_value_set_int (result, total);
}

static gboolean
effect (const GValue  *value,
        gpointer       user_data,
        GError       **error)
{
  Signals *b = user_data;

  b->sink = g_value_get_int (value);
  b->runs++;
  return TRUE;
}

static void
effect_body (RillScope *scope,
             gpointer   user_data)
{
  Signals *b = user_data;
  GError *error = NULL;

  rill_flow_collect (RILL_FLOW (b->end), effect, b, &error);
  g_clear_error (&error);
}

/* Writes 1, 2, 3… to the source, letting the effect run after each write;
 * @expected_end maps the value written last to the end value. */
typedef int (*ExpectedEnd) (int written);

typedef struct
{
  Signals     *b;
  ExpectedEnd  expected_end;
} SignalsRun;

static void
signals_body (RillScope *scope,
              gpointer   user_data)
{
  SignalsRun *run = user_data;
  Signals *b = run->b;
  RillJob *job = rill_launch (scope, NULL, effect_body, b, NULL);
  gint64 total_runs = 0, total_writes = 0;
  int next = 0;

  rill_yield ();
  if (b->runs != 1 || b->sink != run->expected_end (0))
    fail (b->name, "wrong initial value");

  for (int r = 0; r < WARMUP_RUNS + TIMED_RUNS; r++)
    {
      gint64 start;
      double elapsed;

      b->runs = 0;
      start = now_ns ();
      for (int i = 0; i < SIGNAL_WRITES; i++)
        {
          rill_mutable_state_flow_set_int (b->source, ++next);
          rill_yield ();
        }
      elapsed = (double) (now_ns () - start);
      if (b->sink != run->expected_end (next))
        fail (b->name, "wrong end value");
      if (b->runs < SIGNAL_WRITES)
        fail (b->name, "the effect missed writes");
      total_runs += b->runs;
      total_writes += SIGNAL_WRITES;
      if (r >= WARMUP_RUNS)
        b->samples[r - WARMUP_RUNS] = elapsed / SIGNAL_WRITES;
    }
  b->runs_per_write = (double) total_runs / (double) total_writes;
  rill_job_cancel (job);
  rill_job_unref (job);
}

static double
signals_run (Signals     *b,
             ExpectedEnd  expected_end)
{
  SignalsRun run = { b, expected_end };

  rill_run_blocking (NULL, signals_body, &run);
  qsort (b->samples, TIMED_RUNS, sizeof (double), compare_doubles);
  return b->samples[TIMED_RUNS / 2];
}

static int
chain_end (int written)
{
  return written + WIDTH;
}

static void
bench_derived_chain (void)
{
  Signals b = { "derived_chain_1000", };
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);
  RillStateFlow *prev;
  double ns;

  b.source = rill_mutable_state_flow_new_int (0);
  prev = RILL_STATE_FLOW (b.source);
  for (int i = 0; i < WIDTH; i++)
    {
      prev = rill_state_flow_derive (&prev, 1, G_TYPE_INT, plus_offset, GINT_TO_POINTER (1), NULL);
      g_ptr_array_add (chain, prev);
    }
  b.end = prev;
  ns = signals_run (&b, chain_end);
  if (b.runs_per_write != 1.0)
    fail (b.name, "the effect ran more than once per write");
  report (b.name, ns, "ns");
  g_object_unref (b.source);
}

static int
diamond_end (int written)
{
  return WIDTH * written + WIDTH * (WIDTH - 1) / 2;
}

static void
bench_derived_diamond (void)
{
  Signals b = { "derived_diamond_1000", };
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (g_object_unref);
  double ns;

  b.source = rill_mutable_state_flow_new_int (0);
  for (int i = 0; i < WIDTH; i++)
    {
      RillStateFlow *s = RILL_STATE_FLOW (b.source);

      g_ptr_array_add (nodes, rill_state_flow_derive (&s, 1, G_TYPE_INT, plus_offset, GINT_TO_POINTER (i), NULL));
    }
  b.end = rill_state_flow_derive ((RillStateFlow **) nodes->pdata, WIDTH, G_TYPE_INT, sum_all, NULL, NULL);
  ns = signals_run (&b, diamond_end);
  report (b.name, ns, "ns");
  report_decimals ("derived_diamond_1000_effect_runs_per_write", b.runs_per_write, 2, "count");
  g_object_unref (b.end);
  g_object_unref (b.source);
}

/* kotlinx's combine on the diamond s -> (s + 1, s * 2) -> sum. */
static void
plus_one (const GValue *value,
          GValue       *result,
          gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (value) + 1);
}

static void
times_two (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (value) * 2);
}

typedef struct
{
  RillFlow *flow;
  gint64    runs;
  int       sink;
} Combined;

static gboolean
combined_effect (const GValue  *value,
                 gpointer       user_data,
                 GError       **error)
{
  Combined *c = user_data;

  c->sink = g_value_get_int (value);
  c->runs++;
  return TRUE;
}

static void
combined_body (RillScope *scope,
               gpointer   user_data)
{
  Combined *c = user_data;
  GError *error = NULL;

  rill_flow_collect (c->flow, combined_effect, c, &error);
  g_clear_error (&error);
}

typedef struct
{
  RillMutableStateFlow *source;
  Combined              c;
} CombineRun;

static void
combine_body (RillScope *scope,
              gpointer   user_data)
{
  CombineRun *run = user_data;
  RillJob *job = rill_launch (scope, NULL, combined_body, &run->c, NULL);

  rill_yield ();
  rill_yield ();
  run->c.runs = 0;
  for (int i = 1; i <= SIGNAL_WRITES; i++)
    {
      rill_mutable_state_flow_set_int (run->source, i);
      rill_yield ();
      rill_yield ();
    }
  if (run->c.sink != (SIGNAL_WRITES + 1) + SIGNAL_WRITES * 2)
    fail ("combine_diamond", "wrong end value");
  rill_job_cancel (job);
  rill_job_unref (job);
}

static void
bench_combine_diamond (void)
{
  CombineRun run = { 0, };
  g_autoptr(RillFlow) b = NULL;
  g_autoptr(RillFlow) c = NULL;

  run.source = rill_mutable_state_flow_new_int (0);
  b = rill_flow_map (RILL_FLOW (run.source), G_TYPE_INT, plus_one, NULL, NULL);
  c = rill_flow_map (RILL_FLOW (run.source), G_TYPE_INT, times_two, NULL, NULL);
  run.c.flow = rill_flow_combine (b, c, G_TYPE_INT, sum_all, NULL, NULL);
  rill_run_blocking (NULL, combine_body, &run);
  report_decimals ("combine_diamond_emissions_per_update", (double) run.c.runs / SIGNAL_WRITES, 2, "count");
  g_object_unref (run.c.flow);
  g_object_unref (run.source);
}

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "derived_chain_1000"))
    bench_derived_chain ();
  if (wanted (argc, argv, "derived_diamond_1000"))
    bench_derived_diamond ();
  if (wanted (argc, argv, "combine_diamond"))
    bench_combine_diamond ();
  if (wanted (argc, argv, "state_flow_fanout_1000"))
    bench_state_flow_fanout ();
  return 0;
}
