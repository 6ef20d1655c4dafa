/* bench-flow.c: cold flow benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines. Usage: bench-flow [NAME...]; with no
 * name, all of them. Measured as the JavaScript peer measures
 * rx_map_filter_collect: a few untimed warm-up runs, then the median of
 * timed runs; every run checks what its collector received and stops
 * instead of printing a wrong figure.
 *
 * flow_map_filter_scan: 1 000 000 values from a producer loop through
 * map (x * 2), filter (x % 3 == 0) and scan (running sum from 0), collected
 * by a collector that keeps the last value; all in one coroutine of
 * rill_run_blocking() on the main thread. Values are 64-bit integers (the
 * peer's are doubles; the sums exceed 32 bits). Figure: ns per source value.
 */

#include <rill.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARMUP_RUNS 3
#define TIMED_RUNS  5
#define N           1000000

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
report (const char *name,
        double      value,
        const char *unit)
{
  printf ("%s: %.1f %s\n", name, value, unit);
  fflush (stdout);
}

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* ---------------------------------------------------------------------- */

static gboolean
range_produce (RillFlowEmitter  *emitter,
               gpointer          user_data,
               GError          **error)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT64);
  for (gint64 i = 0; i < N; i++)
    {
      v.data[0].v_int64 = i;
      if (!rill_flow_emitter_emit (emitter, &v, error))
        return FALSE;
    }
  return TRUE;
}

static void
times_two (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int64 (result, g_value_get_int64 (value) * 2);
}

static gboolean
multiple_of_3 (const GValue *value,
               gpointer      user_data)
{
  return g_value_get_int64 (value) % 3 == 0;
}

static void
add (const GValue *acc,
     const GValue *value,
     GValue       *result,
     gpointer      user_data)
{
  g_value_set_int64 (result, g_value_get_int64 (acc) + g_value_get_int64 (value));
}

typedef struct
{
  RillFlow *flow;
  gint64    last;
  gboolean  ok;
  double    samples[TIMED_RUNS];
} MapFilterScan;

static gboolean
keep_last (const GValue  *value,
           gpointer       user_data,
           GError       **error)
{
  ((MapFilterScan *) user_data)->last = g_value_get_int64 (value);
  return TRUE;
}

static void
map_filter_scan_body (RillScope *scope,
                      gpointer   user_data)
{
  MapFilterScan *b = user_data;
  const gint64 k = (N - 1) / 3;
  const gint64 expected = 3 * k * (k + 1);

  for (int run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++)
    {
      GError *error = NULL;
      gint64 start;
      double elapsed;

      b->last = -1;
      start = now_ns ();
      b->ok = rill_flow_collect (b->flow, keep_last, b, &error);
      elapsed = (double) (now_ns () - start);
      if (!b->ok)
        fail ("flow_map_filter_scan", error->message);
      if (b->last != expected)
        fail ("flow_map_filter_scan", "wrong sum");
      if (run >= WARMUP_RUNS)
        b->samples[run - WARMUP_RUNS] = elapsed / N;
    }
}

static void
bench_map_filter_scan (void)
{
  g_autoptr(RillFlow) range = rill_flow_new (G_TYPE_INT64, range_produce, NULL, NULL);
  g_autoptr(RillFlow) mapped = rill_flow_map (range, G_TYPE_INT64, times_two, NULL, NULL);
  g_autoptr(RillFlow) filtered = rill_flow_filter (mapped, multiple_of_3, NULL, NULL);
  g_auto(GValue) zero = G_VALUE_INIT;
  g_autoptr(RillFlow) scanned = NULL;
  MapFilterScan b = { 0, };

  g_value_init (&zero, G_TYPE_INT64);
  scanned = rill_flow_scan (filtered, &zero, add, NULL, NULL);
  b.flow = scanned;
  rill_run_blocking (NULL, map_filter_scan_body, &b);
  qsort (b.samples, TIMED_RUNS, sizeof (double), compare_doubles);
  report ("flow_map_filter_scan", b.samples[TIMED_RUNS / 2], "ns");
}

static gboolean
wanted (int         argc,
        char      **argv,
        const char *name)
{
  if (argc < 2)
    return TRUE;
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], name))
      return TRUE;
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "flow_map_filter_scan"))
    bench_map_filter_scan ();
  return 0;
}
