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

#include "bench-common.h"

#define WARMUP_RUNS 3
#define TIMED_RUNS  5
#define N           1000000

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
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

/* list_diff_10k_1pct: a list model of 10 000 items, told of a new list with
 * 1% of its items edited (removed, inserted or moved), in ms per new list. */

static char *
string_key (gpointer item,
            gpointer user_data)
{
  return g_strdup (g_object_get_data (item, "key"));
}

static GObject *
keyed_object (guint n)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (object, "key", g_strdup_printf ("k%u", n), g_free);
  return object;
}

static void
bench_list_diff (void)
{
  g_autoptr(RillMutableLiveData) lists = rill_mutable_live_data_new (G_TYPE_PTR_ARRAY);
  g_autoptr(RillFlowListModel) model = rill_flow_list_model_new_for_live_data (G_TYPE_OBJECT, RILL_LIVE_DATA (lists), NULL);
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double samples[TIMED_RUNS];
  guint next = 0;

  rill_flow_list_model_set_item_funcs (model, string_key, NULL, NULL, NULL);
  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (current, keyed_object (next++));
  rill_flow_list_model_apply (model, current);

  for (int run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++)
    {
      g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 start;

      for (guint i = 0; i < current->len; i++)
        g_ptr_array_add (edited, g_object_ref (current->pdata[i]));
      for (guint e = 0; e < 100; e++)
        {
          guint at = g_rand_int_range (rand, 0, edited->len);

          if (e % 3 == 0)
            g_ptr_array_remove_index (edited, at);
          else if (e % 3 == 1)
            g_ptr_array_insert (edited, at, keyed_object (next++));
          else
            {
              gpointer item = g_ptr_array_steal_index (edited, at);
              g_ptr_array_insert (edited, g_rand_int_range (rand, 0, edited->len + 1), item);
            }
        }

      start = now_ns ();
      rill_flow_list_model_apply (model, edited);
      if (run >= WARMUP_RUNS)
        samples[run - WARMUP_RUNS] = (now_ns () - start) / 1e6;
      if (g_list_model_get_n_items (G_LIST_MODEL (model)) != edited->len)
        fail ("list_diff_10k_1pct", "wrong number of items");
      g_ptr_array_unref (current);
      current = g_ptr_array_ref (edited);
    }
  qsort (samples, TIMED_RUNS, sizeof samples[0], compare_doubles);
  report ("list_diff_10k_1pct", samples[TIMED_RUNS / 2], "ms");
}

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "flow_map_filter_scan"))
    bench_map_filter_scan ();
  if (wanted (argc, argv, "list_diff_10k_1pct"))
    bench_list_diff ();
  return 0;
}
