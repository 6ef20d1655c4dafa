/* bench-lifecycle.c: the lifecycle's benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines. Usage: bench-lifecycle [NAME...]; with
 * no name, all of them. Each figure is the best of a few repetitions after
 * a warm-up; every run checks its own results and stops instead of
 * printing a wrong figure.
 */

#include <rill.h>

#include <stdio.h>
#include <time.h>

#include "bench-common.h"

#define N_OBSERVERS     1000
#define N_EVENT_CYCLES  2000
#define N_REPEAT_CYCLES 20000
#define REPETITIONS     5

/* ---------------------------------------------------------------------- */
/* lifecycle_event_1000_observers                                          */

static guint64 n_dispatched;

static void
count_event (RillLifecycle      *lifecycle,
             RillLifecycleEvent  event,
             gpointer            user_data)
{
  n_dispatched++;
}

/* ns per observer per event: a registry with 1000 function observers
 * cycled through ON_START and ON_STOP. */
static double
lifecycle_event_observers (guint cycles)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  gint64 start, elapsed;
  guint64 expected;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  for (guint i = 0; i < N_OBSERVERS; i++)
    rill_lifecycle_add_observer (RILL_LIFECYCLE (registry), count_event, NULL, NULL);

  n_dispatched = 0;
  start = now_ns ();
  for (guint i = 0; i < cycles; i++)
    {
      rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
      rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
    }
  elapsed = now_ns () - start;

  expected = (guint64) cycles * 2 * N_OBSERVERS;
  if (n_dispatched != expected)
    g_error ("lifecycle_event_1000_observers: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
             " events dispatched", n_dispatched, expected);
  return (double) elapsed / (double) expected;
}

/* ---------------------------------------------------------------------- */
/* repeat_on_lifecycle_cycle                                               */

typedef struct
{
  RillLifecycle *lifecycle;
  gboolean       use_delay;
  RillJob       *gate;
  guint          started;
  guint          cancelled;
  gboolean       returned;
} RepeatBench;

static void
suspended_block (RillScope *scope,
                 gpointer   user_data)
{
  RepeatBench *rb = user_data;
  gboolean ok;

  rb->started++;
  ok = rb->use_delay ? rill_delay (G_MAXUINT32) : rill_job_join (rb->gate);
  if (!ok)
    rb->cancelled++;
}

static void
repeat_caller (RillScope *scope,
               gpointer   user_data)
{
  RepeatBench *rb = user_data;

  rb->returned = rill_repeat_on_lifecycle (rb->lifecycle, RILL_LIFECYCLE_STATE_STARTED,
                                           suspended_block, rb);
}

/* µs per STARTED -> CREATED -> STARTED cycle: the running block, suspended
 * in a delay or a join, is cancelled and a new one is started. */
static double
repeat_on_lifecycle_cycle (guint    cycles,
                           gboolean use_delay)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  RepeatBench rb = { RILL_LIFECYCLE (registry), use_delay, rill_job_new (NULL), 0, 0, FALSE };
  g_autoptr(RillJob) caller = NULL;
  gint64 start, elapsed;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  caller = rill_launch (rill_lifecycle_get_scope (rb.lifecycle), NULL, repeat_caller, &rb, NULL);
  if (rb.started != 1)
    g_error ("repeat_on_lifecycle_cycle: the first run did not start at once");

  start = now_ns ();
  for (guint i = 0; i < cycles; i++)
    {
      rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
      rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
      /* What the cancelled runs left for the loop (their timers, their
       * fibers) is handled as it would be between two events. */
      if ((i & 63) == 63)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
  elapsed = now_ns () - start;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  while (!rill_job_is_completed (caller))
    g_main_context_iteration (NULL, TRUE);
  if (rb.started != cycles + 1 || rb.cancelled != cycles + 1 || !rb.returned)
    g_error ("repeat_on_lifecycle_cycle: %u runs started, %u cancelled, for %u cycles",
             rb.started, rb.cancelled, cycles);
  rill_job_unref (rb.gate);
  return (double) elapsed / cycles / 1000.0;
}

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
  /* Lifecycles are driven as from a GTK application's callbacks: on the
   * thread that owns the default main context. */
  g_main_context_acquire (g_main_context_default ());

  if (wanted (argc, argv, "lifecycle_event_1000_observers"))
    {
      lifecycle_event_observers (N_EVENT_CYCLES / 10);
      report_decimals ("lifecycle_event_1000_observers",
                       BEST_OF (REPETITIONS, lifecycle_event_observers (N_EVENT_CYCLES)), 2, "ns");
    }
  if (wanted (argc, argv, "repeat_on_lifecycle_cycle"))
    {
      repeat_on_lifecycle_cycle (N_REPEAT_CYCLES / 10, TRUE);
      report_decimals ("repeat_on_lifecycle_cycle",
                       BEST_OF (REPETITIONS, repeat_on_lifecycle_cycle (N_REPEAT_CYCLES, TRUE)), 2, "us");
    }
  if (wanted (argc, argv, "repeat_on_lifecycle_cycle_join"))
    {
      repeat_on_lifecycle_cycle (N_REPEAT_CYCLES / 10, FALSE);
      report_decimals ("repeat_on_lifecycle_cycle_join",
                       BEST_OF (REPETITIONS, repeat_on_lifecycle_cycle (N_REPEAT_CYCLES, FALSE)), 2, "us");
    }
  return 0;
}
