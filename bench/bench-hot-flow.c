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

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "state_flow_fanout_1000"))
    bench_state_flow_fanout ();
  return 0;
}
