/* bench-coroutines.c: the coroutine runtime's benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines, the same names as the kotlinx and libdex
 * peers. Usage: bench-coroutines [NAME...]; with no name, all of them.
 * Each figure is the best of a few repetitions after a warm-up; every run
 * checks its own results and stops instead of printing a wrong figure.
 * delay_* run in a child process each, so their peak RSS is theirs alone.
 */

#include <rill.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"

#define N_LAUNCH     1000000
#define N_YIELDS     10000000
#define N_ASYNC      1000000
#define N_ROUNDTRIPS 100000

/* ---------------------------------------------------------------------- */

static gint counter;

static void
empty_block (RillScope *scope,
             gpointer   user_data)
{
  counter++;
}

static void
empty_block_atomic (RillScope *scope,
                    gpointer   user_data)
{
  g_atomic_int_inc (&counter);
}

typedef struct
{
  RillContext *context;
  gint64       elapsed;
  guint        n;
} LaunchArgs;

static void
launch_join_body (RillScope *scope,
                  gpointer   user_data)
{
  LaunchArgs *args = user_data;
  RillJob **jobs = g_new (RillJob *, args->n);
  RillBlock block = args->context != NULL ? empty_block_atomic : empty_block;
  gint64 start = now_ns ();

  for (guint i = 0; i < args->n; i++)
    jobs[i] = rill_launch (scope, args->context, block, NULL, NULL);
  for (guint i = 0; i < args->n; i++)
    {
      rill_job_join (jobs[i]);
      rill_job_unref (jobs[i]);
    }
  args->elapsed = now_ns () - start;
  g_free (jobs);
}

static double
launch_join (RillContext *context,
             guint        n)
{
  LaunchArgs args = { context, 0, n };

  counter = 0;
  rill_run_blocking (NULL, launch_join_body, &args);
  if ((guint) g_atomic_int_get (&counter) != n)
    g_error ("launch_join: %d of %u coroutines ran", counter, n);
  return (double) args.elapsed / n;
}

/* ---------------------------------------------------------------------- */

static void
yielder (RillScope *scope,
         gpointer   user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);

  for (guint i = 0; i < n; i++)
    {
      rill_yield ();
      counter++;
    }
}

static gint64 yield_elapsed;

static void
yield_body_timed (RillScope *scope,
                  gpointer   user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);
  gint64 start = now_ns ();
  RillJob *a = rill_launch (scope, NULL, yielder, GUINT_TO_POINTER (n / 2), NULL);
  RillJob *b = rill_launch (scope, NULL, yielder, GUINT_TO_POINTER (n / 2), NULL);

  rill_job_join (a);
  rill_job_join (b);
  yield_elapsed = now_ns () - start;
  rill_job_unref (a);
  rill_job_unref (b);
}

static double
yield_switch (guint n)
{
  counter = 0;
  rill_run_blocking (NULL, yield_body_timed, GUINT_TO_POINTER (n));
  if ((guint) counter != n)
    g_error ("yield_switch: %d of %u yields", counter, n);
  return (double) yield_elapsed / n;
}

/* ---------------------------------------------------------------------- */

static gboolean
return_int (RillScope  *scope,
            GValue     *result,
            gpointer    user_data,
            GError    **error)
{
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, GPOINTER_TO_INT (user_data));
  return TRUE;
}

static gint64 async_elapsed;
static gint64 async_sum;

static void
async_body (RillScope *scope,
            gpointer   user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);
  gint64 start = now_ns ();
  gint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      RillDeferred *d = rill_async (scope, NULL, return_int, GINT_TO_POINTER (i & 0xffff), NULL);
      GValue v = G_VALUE_INIT;

      rill_deferred_await (d, &v, NULL);
      sum += g_value_get_int (&v);
      rill_deferred_unref (d);
    }
  async_elapsed = now_ns () - start;
  async_sum = sum;
}

static double
async_await (guint n)
{
  gint64 expected = 0;

  for (guint i = 0; i < n; i++)
    expected += i & 0xffff;
  rill_run_blocking (NULL, async_body, GUINT_TO_POINTER (n));
  if (async_sum != expected)
    g_error ("async_await: sum %" G_GINT64_FORMAT " != %" G_GINT64_FORMAT, async_sum, expected);
  return (double) async_elapsed / n;
}

/* ---------------------------------------------------------------------- */

static gboolean
nothing (RillScope  *scope,
         GValue     *result,
         gpointer    user_data,
         GError    **error)
{
  return TRUE;
}

static gint64 *roundtrip_samples;

static void
roundtrip_body (RillScope *scope,
                gpointer   user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = now_ns ();
      if (!rill_with_context (rill_context_default (), nothing, NULL, NULL, NULL))
        g_error ("with_context failed");
      roundtrip_samples[i] = now_ns () - start;
    }
}

static int
cmp_i64 (const void *a,
         const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
with_context_roundtrip (void)
{
  double best_median = G_MAXDOUBLE, best_p99 = 0;

  roundtrip_samples = g_new (gint64, N_ROUNDTRIPS);
  rill_run_blocking (NULL, roundtrip_body, GUINT_TO_POINTER (N_ROUNDTRIPS / 10));
  for (int pass = 0; pass < 3; pass++)
    {
      double median, p99;

      rill_run_blocking (NULL, roundtrip_body, GUINT_TO_POINTER (N_ROUNDTRIPS));
      qsort (roundtrip_samples, N_ROUNDTRIPS, sizeof (gint64), cmp_i64);
      median = roundtrip_samples[N_ROUNDTRIPS / 2] / 1000.0;
      p99 = roundtrip_samples[N_ROUNDTRIPS * 99 / 100] / 1000.0;
      if (median < best_median)
        {
          best_median = median;
          best_p99 = p99;
        }
    }
  report_decimals ("with_context_roundtrip_median", best_median, 2, "us");
  report_decimals ("with_context_roundtrip_p99", best_p99, 2, "us");
  g_free (roundtrip_samples);
}

/* ---------------------------------------------------------------------- */

static void
sleeper (RillScope *scope,
         gpointer   user_data)
{
  if (rill_delay (GPOINTER_TO_UINT (user_data)))
    counter++;
}

static gint64 delay_elapsed;

static void
delay_body (RillScope *scope,
            gpointer   user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);
  RillJob **jobs = g_new (RillJob *, n);
  gint64 start = now_ns ();
  guint msec = n > 1000 ? 1000 : 1;

  for (guint i = 0; i < n; i++)
    jobs[i] = rill_launch (scope, NULL, sleeper, GUINT_TO_POINTER (msec), NULL);
  for (guint i = 0; i < n; i++)
    {
      rill_job_join (jobs[i]);
      rill_job_unref (jobs[i]);
    }
  delay_elapsed = now_ns () - start;
  g_free (jobs);
}

static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  if (p == NULL)
    return -1;
  return g_ascii_strtod (p + 6, NULL) / 1024.0;
}

/* As the kotlinx peer: a warm-up, then the best of 3 runs in one process;
 * the peak RSS is the process's peak over all of them. */
static int
child_delay (guint n)
{
  double best = G_MAXDOUBLE;

  counter = 0;
  rill_run_blocking (NULL, delay_body, GUINT_TO_POINTER (1000));
  for (int rep = 0; rep < 3; rep++)
    {
      counter = 0;
      rill_run_blocking (NULL, delay_body, GUINT_TO_POINTER (n));
      if ((guint) counter != n)
        g_error ("delay: %d of %u coroutines woke", counter, n);
      if (delay_elapsed < 1000000000)
        g_error ("delay: took %" G_GINT64_FORMAT " ns, less than the delay", delay_elapsed);
      if (g_getenv ("BENCH_VERBOSE") != NULL)
        g_printerr ("delay %u run %d: %.1f ms\n", n, rep, delay_elapsed / 1e6);
      best = MIN (best, delay_elapsed / 1e6);
    }
  printf ("%.1f %.1f\n", best, peak_rss_mib ());
  return 0;
}

static void
delay_bench (const char *argv0,
             const char *name,
             guint       n)
{
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { argv0, "--child-delay", count, NULL };
  int wait_status;
  double ms, rss;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &wait_status, &error)
      || !g_spawn_check_wait_status (wait_status, &error)
      || sscanf (out, "%lf %lf", &ms, &rss) != 2)
    {
      printf ("%s: failed (%s %s)\n", name, error != NULL ? error->message : "", err ? err : "");
      return;
    }
  report (name, ms, "ms");
  {
    g_autofree char *rss_name = g_strdup_printf ("%s_peak_rss", name);
    report (rss_name, rss, "MiB");
  }
}

/* ---------------------------------------------------------------------- */

#define BEST_OF(reps, expr) ({                         \
  double best__ = G_MAXDOUBLE;                         \
  for (int r__ = 0; r__ < (reps); r__++)               \
    {                                                  \
      double v__ = (expr);                             \
      if (v__ < best__)                                \
        best__ = v__;                                  \
    }                                                  \
  best__; })

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child-delay"))
    return child_delay ((guint) g_ascii_strtoull (argv[2], NULL, 10));

  if (wanted (argc, argv, "launch_join_main"))
    {
      launch_join (NULL, N_LAUNCH / 10);
      report ("launch_join_main", BEST_OF (3, launch_join (NULL, N_LAUNCH)), "ns");
    }
  if (wanted (argc, argv, "launch_join_default"))
    {
      launch_join (rill_context_default (), N_LAUNCH / 10);
      report ("launch_join_default", BEST_OF (3, launch_join (rill_context_default (), N_LAUNCH)), "ns");
    }
  if (wanted (argc, argv, "yield_switch"))
    {
      yield_switch (N_YIELDS / 10);
      report ("yield_switch", BEST_OF (3, yield_switch (N_YIELDS)), "ns");
    }
  if (wanted (argc, argv, "async_await"))
    {
      async_await (N_ASYNC / 10);
      report ("async_await", BEST_OF (3, async_await (N_ASYNC)), "ns");
    }
  if (wanted (argc, argv, "with_context_roundtrip"))
    with_context_roundtrip ();
  if (wanted (argc, argv, "delay_100k"))
    delay_bench (argv[0], "delay_100k", 100000);
  if (wanted (argc, argv, "delay_1m"))
    delay_bench (argv[0], "delay_1m", 1000000);
  return 0;
}
