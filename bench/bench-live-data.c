/* bench-live-data.c: live data delivery benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines. Usage: bench-live-data [NAME...]; with no
 * name, all of them. Each figure is the best of a few rounds after a
 * warm-up; every run checks what its observers received and stops instead of
 * printing a wrong figure. gsignal_emit_1_handler and gbinding_chain_1000 are
 * the GObject mechanisms a live data replaces, measured the same way.
 */

#include <rill.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"

#define ROUNDS 5

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
}

/* ---------------------------------------------------------------------- */

static guint64 delivered;
static gint64 last_seen;

static void
count_int (RillLiveData *live_data,
           const GValue *value,
           gpointer      user_data)
{
  delivered++;
  last_seen = value->data[0].v_int;
}

static double
set_round (RillMutableLiveData *ld,
           guint                n)
{
  gint64 start;

  delivered = 0;
  start = now_ns ();
  for (guint i = 0; i < n; i++)
    rill_mutable_live_data_set_int (ld, (int) i);
  return (double) (now_ns () - start);
}

static void
bench_set_1_observer (const char *name,
                      gboolean    bound)
{
  const guint n = 10000000;
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  double best = G_MAXDOUBLE;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  if (bound)
    rill_live_data_observe (RILL_LIVE_DATA (ld), RILL_LIFECYCLE_OWNER (registry), count_int, NULL, NULL);
  else
    rill_live_data_observe_forever (RILL_LIVE_DATA (ld), count_int, NULL, NULL);

  set_round (ld, n / 10);
  for (int r = 0; r < ROUNDS; r++)
    {
      best = MIN (best, set_round (ld, n));
      if (delivered != n || last_seen != (gint64) n - 1)
        fail (name, "wrong deliveries");
    }
  report (name, best / n, "ns");
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (ld), count_int, NULL);
}

static void
bench_set_1000_observers (void)
{
  const guint n_observers = 1000, n = 10000;
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < n_observers; i++)
    rill_live_data_observe_forever (RILL_LIVE_DATA (ld), count_int, GUINT_TO_POINTER (i), NULL);

  set_round (ld, n / 10);
  for (int r = 0; r < ROUNDS; r++)
    {
      best = MIN (best, set_round (ld, n));
      if (delivered != (guint64) n * n_observers)
        fail ("livedata_set_1000_observers", "wrong deliveries");
    }
  report ("livedata_set_1000_observers", best / ((double) n * n_observers), "ns");
  for (guint i = 0; i < n_observers; i++)
    rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (ld), count_int, GUINT_TO_POINTER (i));
}

/* ---------------------------------------------------------------------- */

#define N_POSTERS 4

typedef struct
{
  RillMutableLiveData *ld;
  guint                n;
  gint                *running;
} Poster;

static gpointer
poster_main (gpointer data)
{
  Poster *poster = data;

  for (guint i = 0; i < poster->n; i++)
    rill_mutable_live_data_post_int64 (poster->ld, now_ns ());
  g_atomic_int_add (poster->running, -1);
  return NULL;
}

typedef struct
{
  GArray *latencies;
  gint64  last;
} PostStats;

static void
record_latency (RillLiveData *live_data,
                const GValue *value,
                gpointer      user_data)
{
  PostStats *stats = user_data;
  gint64 posted = g_value_get_int64 (value);
  gint64 latency = now_ns () - posted;

  if (stats->latencies->len < 2000000)
    g_array_append_val (stats->latencies, latency);
  stats->last = posted;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
post_round (guint      per_thread,
            PostStats *stats,
            double    *median_us)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT64);
  Poster posters[N_POSTERS];
  GThread *threads[N_POSTERS];
  gint running = N_POSTERS;
  gint64 start, elapsed;

  g_array_set_size (stats->latencies, 0);
  rill_live_data_observe_forever (RILL_LIVE_DATA (ld), record_latency, stats, NULL);
  start = now_ns ();
  for (int t = 0; t < N_POSTERS; t++)
    {
      posters[t] = (Poster) { ld, per_thread, &running };
      threads[t] = g_thread_new ("poster", poster_main, &posters[t]);
    }
  while (g_atomic_int_get (&running) > 0)
    g_main_context_iteration (NULL, FALSE);
  elapsed = now_ns () - start;
  for (int t = 0; t < N_POSTERS; t++)
    g_thread_join (threads[t]);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (stats->latencies->len == 0 || stats->last != rill_live_data_get_int64 (RILL_LIVE_DATA (ld)))
    fail ("livedata_post_value", "the last post was not delivered");
  g_array_sort (stats->latencies, compare_int64);
  *median_us = g_array_index (stats->latencies, gint64, stats->latencies->len / 2) / 1000.0;
  rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (ld), record_latency, stats);
  return (double) per_thread * N_POSTERS / (elapsed / 1e9);
}

static void
bench_post_value (void)
{
  const guint per_thread = 2500000;
  PostStats stats = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  double best = 0, best_median = G_MAXDOUBLE, median;
  guint deliveries = 0;

  post_round (per_thread / 10, &stats, &median);
  for (int r = 0; r < ROUNDS; r++)
    {
      double rate = post_round (per_thread, &stats, &median);

      if (rate > best)
        {
          best = rate;
          deliveries = stats.latencies->len;
        }
      best_median = MIN (best_median, median);
    }
  report ("livedata_post_value", best / 1e6, "M/s");
  report ("livedata_post_deliveries", deliveries, "batches");
  report ("livedata_post_latency_median", best_median, "us");
  g_array_unref (stats.latencies);
}

/* ---------------------------------------------------------------------- */

static void
plus_one (const GValue *value,
          GValue       *result,
          gpointer      user_data)
{
  result->data[0].v_int = value->data[0].v_int + 1;
}

static void
bench_map_chain (void)
{
  const guint n_hops = 1000, n = 20000;
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_INT);
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);
  RillLiveData *last = RILL_LIVE_DATA (source);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < n_hops; i++)
    {
      last = rill_live_data_map (last, G_TYPE_INT, plus_one, NULL, NULL);
      g_ptr_array_add (chain, last);
    }
  rill_live_data_observe_forever (last, count_int, NULL, NULL);

  set_round (source, n / 10);
  for (int r = 0; r < ROUNDS; r++)
    {
      best = MIN (best, set_round (source, n));
      if (delivered != n || last_seen != (gint64) n - 1 + n_hops)
        fail ("mediator_map_chain_1000", "wrong deliveries");
    }
  report ("mediator_map_chain_1000", best / ((double) n * n_hops), "ns");
  rill_live_data_remove_observer_by_func (last, count_int, NULL);
  /* Last first: each holds its source. */
  while (chain->len > 0)
    g_ptr_array_remove_index (chain, chain->len - 1);
  g_ptr_array_unref (chain);
}

/* ---------------------------------------------------------------------- */
/* The GObject mechanisms, for comparison                                 */

#define BENCH_TYPE_CELL (bench_cell_get_type ())
G_DECLARE_FINAL_TYPE (BenchCell, bench_cell, BENCH, CELL, GObject)

struct _BenchCell
{
  GObject parent_instance;
  int value;
};

G_DEFINE_FINAL_TYPE (BenchCell, bench_cell, G_TYPE_OBJECT)

static GParamSpec *cell_value_pspec;
static guint cell_changed_signal;

static void
bench_cell_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BenchCell *self = BENCH_CELL (object);
  int v = g_value_get_int (value);

  if (self->value != v)
    {
      self->value = v;
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
bench_cell_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_int (value, BENCH_CELL (object)->value);
}

static void
bench_cell_class_init (BenchCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = bench_cell_set_property;
  object_class->get_property = bench_cell_get_property;
  cell_value_pspec = g_param_spec_int ("value", NULL, NULL, G_MININT, G_MAXINT, -1,
                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, 1, cell_value_pspec);
  cell_changed_signal = g_signal_new ("changed", BENCH_TYPE_CELL, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
bench_cell_init (BenchCell *self)
{
  self->value = -1;
}

static void
on_changed (BenchCell *cell,
            int        value,
            gpointer   user_data)
{
  delivered++;
  last_seen = value;
}

static void
bench_gsignal (void)
{
  const guint n = 5000000;
  g_autoptr(BenchCell) cell = g_object_new (BENCH_TYPE_CELL, NULL);
  double best = G_MAXDOUBLE;

  g_signal_connect (cell, "changed", G_CALLBACK (on_changed), NULL);
  for (int r = 0; r <= ROUNDS; r++)
    {
      gint64 start = now_ns ();

      delivered = 0;
      for (guint i = 0; i < n; i++)
        g_signal_emit (cell, cell_changed_signal, 0, (int) i);
      if (r > 0)
        best = MIN (best, (double) (now_ns () - start));
      if (delivered != n)
        fail ("gsignal_emit_1_handler", "wrong deliveries");
    }
  report ("gsignal_emit_1_handler", best / n, "ns");
}

static void
bench_gbinding_chain (void)
{
  const guint n_hops = 1000, n = 2000;
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_object_unref);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i <= n_hops; i++)
    {
      g_ptr_array_add (cells, g_object_new (BENCH_TYPE_CELL, NULL));
      if (i > 0)
        g_object_bind_property (cells->pdata[i - 1], "value", cells->pdata[i], "value", G_BINDING_DEFAULT);
    }
  for (int r = 0; r <= ROUNDS; r++)
    {
      gint64 start = now_ns ();

      for (guint i = 0; i < n; i++)
        g_object_set (cells->pdata[0], "value", (int) (r * n + i), NULL);
      if (r > 0)
        best = MIN (best, (double) (now_ns () - start));
      if (BENCH_CELL (cells->pdata[n_hops])->value != (int) (r * n + n - 1))
        fail ("gbinding_chain_1000", "wrong value at the end");
    }
  report ("gbinding_chain_1000", best / ((double) n * n_hops), "ns");
  g_ptr_array_unref (cells);
}

/* ---------------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  /* The main thread runs the default main context, as in an application. */
  g_main_context_acquire (NULL);

  if (wanted (argc, argv, "livedata_set_1_observer"))
    bench_set_1_observer ("livedata_set_1_observer", FALSE);
  if (wanted (argc, argv, "livedata_set_1_bound_observer"))
    bench_set_1_observer ("livedata_set_1_bound_observer", TRUE);
  if (wanted (argc, argv, "livedata_set_1000_observers"))
    bench_set_1000_observers ();
  if (wanted (argc, argv, "livedata_post_value"))
    bench_post_value ();
  if (wanted (argc, argv, "mediator_map_chain_1000"))
    bench_map_chain ();
  if (wanted (argc, argv, "gsignal_emit_1_handler"))
    bench_gsignal ();
  if (wanted (argc, argv, "gbinding_chain_1000"))
    bench_gbinding_chain ();

  g_main_context_release (NULL);
  return 0;
}
