/* test-dispatchers.c: where coroutines run
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

static gboolean
nothing (RillScope  *scope,
         GValue     *result,
         gpointer    user_data,
         GError    **error)
{
  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
where_am_i (RillScope *scope,
            gpointer   user_data)
{
  log_line ("%s: %s", (const char *) user_data, rill_thread_get_name ());
}

static gpointer
launch_from_thread (gpointer data)
{
  RillScope *scope = data;

  return rill_launch (scope, rill_context_main (), where_am_i, "from thread", NULL);
}

static void
main_body (RillScope *scope,
           gpointer   user_data)
{
  g_autoptr(RillJob) job = NULL;

  /* Launched from another thread, it still runs on the main thread. */
  job = g_thread_join (g_thread_new ("launcher", launch_from_thread, scope));
  rill_job_join (job);
  g_assert_true (rill_dispatcher_get_main_context (rill_dispatcher_main ()) == g_main_context_default ());
}

static void
test_main_dispatcher (void)
{
  const char *expected[] = { "from thread: main", NULL };

  log_reset ();
  rill_run_blocking (NULL, main_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
immediate_child (RillScope *scope,
                 gpointer   user_data)
{
  log_line ("immediate runs");
  rill_delay (5);
  log_line ("immediate resumed on %s", rill_thread_get_name ());
}

static void
queued_child (RillScope *scope,
              gpointer   user_data)
{
  log_line ("queued runs");
}

static void
immediate_body (RillScope *scope,
                gpointer   user_data)
{
  g_autoptr(RillJob) queued = rill_launch (scope, rill_context_main (), queued_child, NULL, NULL);
  g_autoptr(RillJob) immediate = NULL;

  log_line ("before");
  immediate = rill_launch (scope, rill_context_main_immediate (), immediate_child, NULL, NULL);
  log_line ("after");
  rill_job_join (immediate);
  rill_job_join (queued);
}

/* On the main thread Main.immediate runs the coroutine at once, until it
 * suspends; Main queues it. */
static void
test_main_immediate (void)
{
  const char *expected[] = { "before", "immediate runs", "after", "queued runs",
                             "immediate resumed on main", NULL };

  log_reset ();
  rill_run_blocking (NULL, immediate_body, NULL);
  assert_log (expected);
}

static gpointer
launch_immediate_from_thread (gpointer data)
{
  RillScope *scope = data;
  RillJob *job = rill_launch (scope, rill_context_main_immediate (), where_am_i, "immediate", NULL);

  log_line ("launched from thread");
  return job;
}

static void
immediate_thread_body (RillScope *scope,
                       gpointer   user_data)
{
  g_autoptr(RillJob) job = g_thread_join (g_thread_new ("launcher", launch_immediate_from_thread, scope));

  rill_job_join (job);
}

/* Off the main thread Main.immediate dispatches to the main thread. */
static void
test_main_immediate_from_other_thread (void)
{
  const char *expected[] = { "launched from thread", "immediate: main", NULL };

  log_reset ();
  rill_run_blocking (NULL, immediate_thread_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  GThread *first;
  gboolean moved;
  char    *name;
} Pinned;

static void
check_pinned (RillScope *scope,
              gpointer   user_data)
{
  Pinned *p = user_data;

  p->first = g_thread_self ();
  p->name = g_strdup (rill_thread_get_name ());
  for (int i = 0; i < 50; i++)
    {
      if (i % 2)
        rill_yield ();
      else
        rill_delay (1);
      /* Also after a round trip through another dispatcher. */
      if (i % 10 == 0)
        rill_with_context (rill_context_main (), nothing, NULL, NULL, NULL);
      if (g_thread_self () != p->first)
        p->moved = TRUE;
    }
}

static void
pinned_body (RillScope *scope,
             gpointer   user_data)
{
  Pinned pinned[8] = { { 0, }, };
  RillJob *jobs[8];
  GHashTable *threads = g_hash_table_new (NULL, NULL);

  for (int i = 0; i < 8; i++)
    jobs[i] = rill_launch (scope, rill_context_default (), check_pinned, &pinned[i], NULL);
  for (int i = 0; i < 8; i++)
    {
      rill_job_join (jobs[i]);
      rill_job_unref (jobs[i]);
      g_assert_false (pinned[i].moved);
      g_assert_true (g_str_has_prefix (pinned[i].name, "DefaultDispatcher-worker-"));
      g_hash_table_add (threads, pinned[i].first);
      g_free (pinned[i].name);
    }
  /* The pool has max (2, CPUs) workers. */
  g_assert_cmpuint (g_hash_table_size (threads), <=, MAX (2, g_get_num_processors ()));
  g_hash_table_unref (threads);
}

/* A coroutine on the Default pool stays on the thread that first ran it. */
static void
test_default_pool_pins_fibers (void)
{
  rill_run_blocking (NULL, pinned_body, NULL);
}

static gint io_active;
static gint io_max_active;
static GMutex io_lock;
static GCond io_cond;
static gint io_released;

static void
blocking_io (RillScope *scope,
             gpointer   user_data)
{
  gint now = g_atomic_int_add (&io_active, 1) + 1;
  gint max;

  while ((max = g_atomic_int_get (&io_max_active)) < now
         && !g_atomic_int_compare_and_exchange (&io_max_active, max, now))
    ;
  g_assert_true (g_str_has_prefix (rill_thread_get_name (), "DefaultDispatcher-io-"));
  /* Block the thread, as a blocking call would, until all are running. */
  g_mutex_lock (&io_lock);
  while (!io_released)
    if (!g_cond_wait_until (&io_cond, &io_lock, g_get_monotonic_time () + 10 * G_USEC_PER_SEC))
      break;
  g_mutex_unlock (&io_lock);
  g_atomic_int_add (&io_active, -1);
}

static void
io_body (RillScope *scope,
         gpointer   user_data)
{
  RillJob *jobs[16];

  io_active = io_max_active = io_released = 0;
  for (int i = 0; i < 16; i++)
    jobs[i] = rill_launch (scope, rill_context_io (), blocking_io, NULL, NULL);
  while (g_atomic_int_get (&io_max_active) < 16)
    rill_delay (5);
  g_mutex_lock (&io_lock);
  io_released = 1;
  g_cond_broadcast (&io_cond);
  g_mutex_unlock (&io_lock);
  for (int i = 0; i < 16; i++)
    {
      rill_job_join (jobs[i]);
      rill_job_unref (jobs[i]);
    }
}

/* The IO pool grows while its threads are blocked: 16 blocking coroutines
 * all run at once. */
static void
test_io_pool_grows (void)
{
  rill_run_blocking (NULL, io_body, NULL);
  g_assert_cmpint (io_max_active, ==, 16);
}

/* ------------------------------------------------------------------------ */

static gint unconfined_woke;
static gint unconfined_cancelled;

static gboolean
on_pool (RillScope  *scope,
         GValue     *result,
         gpointer    user_data,
         GError    **error)
{
  /* Long enough for the caller to be suspended by then: had the block been
   * done first, the caller would not have suspended and would go on where
   * it was, which is also right for Unconfined. */
  rill_delay (200);
  return TRUE;
}

static void
unconfined_child (RillScope *scope,
                  gpointer   user_data)
{
  log_line ("start: %s", rill_thread_get_name ());
  rill_delay (10);
  log_line ("after delay: %s", rill_thread_get_name ());
  rill_with_context (rill_context_default (), on_pool, NULL, NULL, NULL);
  /* Resumed by the pool worker that finished the block. */
  log_line ("after with_context: %.24s", rill_thread_get_name ());
}

static void
unconfined_body (RillScope *scope,
                 gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, rill_context_unconfined (), unconfined_child,
                                        NULL, NULL);

  log_line ("launched");
  rill_job_join (job);
}

static void
test_unconfined (void)
{
  const char *expected[] = { "start: main", "launched", "after delay: DefaultExecutor",
                             "after with_context: DefaultDispatcher-worker", NULL };

  log_reset ();
  rill_run_blocking (NULL, unconfined_body, NULL);
  assert_log (expected);
}

static void
nested_unconfined (RillScope *scope,
                   gpointer   user_data)
{
  log_line ("inner");
}

static void
outer_unconfined (RillScope *scope,
                  gpointer   user_data)
{
  log_line ("outer start");
  rill_job_unref (rill_launch (scope, NULL, nested_unconfined, NULL, NULL));
  log_line ("outer end");
}

/* An unconfined coroutine started from another unconfined one is queued on
 * the thread's event loop and runs when the outer one is done, not nested. */
static void
unconfined_nesting_body (RillScope *scope,
                         gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, rill_context_unconfined (), outer_unconfined, NULL, NULL);

  log_line ("back in main");
  rill_job_join (job);
}

static void
test_unconfined_nesting_is_queued (void)
{
  const char *expected[] = { "outer start", "outer end", "inner", "back in main", NULL };

  log_reset ();
  rill_run_blocking (NULL, unconfined_nesting_body, NULL);
  assert_log (expected);
}

static void
unconfined_sleeper (RillScope *scope,
                    gpointer   user_data)
{
  if (rill_delay (1 + GPOINTER_TO_UINT (user_data) % 3))
    g_atomic_int_inc (&unconfined_woke);
  else
    g_atomic_int_inc (&unconfined_cancelled);
}

static void
unconfined_cancel_body (RillScope *scope,
                        gpointer   user_data)
{
  g_autoptr(RillScope) sleepers = rill_scope_new (rill_context_unconfined ());
  RillJob *jobs[2000];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    jobs[i] = rill_launch (sleepers, NULL, unconfined_sleeper, GUINT_TO_POINTER (i), NULL);
  /* The cancellations run the coroutines to their end here while the
   * DefaultExecutor fires the same timers: none may outlive its timer. */
  rill_delay (2);
  rill_scope_cancel (sleepers);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      rill_job_join (jobs[i]);
      g_assert_true (rill_job_is_completed (jobs[i]));
      rill_job_unref (jobs[i]);
    }
}

static void
test_unconfined_cancel_during_delay (void)
{
  unconfined_woke = unconfined_cancelled = 0;
  rill_run_blocking (NULL, unconfined_cancel_body, NULL);
  g_assert_cmpint (unconfined_woke + unconfined_cancelled, ==, 2000);
}

/* ------------------------------------------------------------------------ */

static void
forever (RillScope *scope,
         gpointer   user_data)
{
  log_line ("%s started on %s", (const char *) user_data, rill_thread_get_name ());
  if (!rill_delay (60000))
    log_line ("%s cancelled", (const char *) user_data);
}

static void
count_destroy (gpointer data)
{
  g_atomic_int_inc ((gint *) data);
}

static void
late_block (RillScope *scope,
            gpointer   user_data)
{
  log_line ("late block ran");
}

static void
test_single_thread_close (void)
{
  g_autoptr(RillDispatcher) d = rill_dispatcher_new_single_thread ("Worker42");
  g_autoptr(RillContext) ctx = rill_context_new (d, NULL);
  g_autoptr(RillScope) scope = rill_scope_new (ctx);
  g_autoptr(RillJob) job = NULL;
  g_autoptr(RillJob) late = NULL;
  g_autoptr(GError) cause = NULL;
  const char *expected[] = { "forever started on Worker42", "forever cancelled", NULL };
  gint destroyed = 0;
  guint n_lines = 0;

  log_reset ();
  job = rill_launch (scope, NULL, forever, "forever", NULL);
  g_assert_cmpstr (rill_dispatcher_get_name (d), ==, "Worker42");
  while ((n_lines = log_length ()) == 0)
    g_usleep (1000);
  /* Close cancels what still runs there, waits for it and joins the thread. */
  rill_dispatcher_close (d);
  g_assert_true (rill_dispatcher_is_closed (d));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  assert_log (expected);

  /* Launching into a closed dispatcher gives a cancelled job; the block
   * never runs and its data is freed. */
  late = rill_launch (scope, NULL, late_block, &destroyed, count_destroy);
  g_assert_cmpint (rill_job_get_state (late), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (late, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpint (destroyed, ==, 1);
  assert_log (expected);
  rill_scope_cancel (scope);
}

/* ------------------------------------------------------------------------ */

static void
test_custom_main_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RillDispatcher) d = rill_dispatcher_new_for_main_context (context);
  g_autoptr(RillContext) ctx = rill_context_new (d, "custom");
  g_autoptr(RillScope) scope = rill_scope_new (ctx);
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "custom: main", NULL };
  const char *none[] = { NULL };

  log_reset ();
  g_assert_true (rill_dispatcher_get_main_context (d) == context);
  job = rill_launch (scope, NULL, where_am_i, "custom", NULL);
  /* Nothing runs until that context is iterated. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (10000);
  assert_log (none);
  while (!rill_job_is_completed (job))
    g_main_context_iteration (context, TRUE);
  assert_log (expected);
  rill_dispatcher_close (d);
}

/* ------------------------------------------------------------------------ */

static GPrivate local_key;

static void
check_locals (RillScope *scope,
              gpointer   user_data)
{
  log_line ("in: %s", (const char *) g_private_get (&local_key));
  g_private_set (&local_key, (gpointer) "mutated");
  rill_delay (1);
  log_line ("after suspension: %s", (const char *) g_private_get (&local_key));
}

static void
locals_body (RillScope *scope,
             gpointer   user_data)
{
  g_autoptr(RillContext) local = rill_context_new_thread_local (&local_key, (gpointer) "element");
  g_autoptr(RillContext) on_pool = rill_context_plus (rill_context_default (), local);
  g_autoptr(RillJob) a = NULL;
  g_autoptr(RillJob) b = NULL;

  g_private_set (&local_key, (gpointer) "main");
  a = rill_launch (scope, local, check_locals, NULL, NULL);
  rill_job_join (a);
  log_line ("main: %s", (const char *) g_private_get (&local_key));
  b = rill_launch (scope, on_pool, check_locals, NULL, NULL);
  rill_job_join (b);
  log_line ("main: %s", (const char *) g_private_get (&local_key));
}

/* A thread-context element is installed whenever the coroutine resumes and
 * the thread's own value put back when it suspends, on the main thread and
 * on the pool alike; a value stored by the coroutine is lost at the next
 * suspension. */
static void
test_thread_context_elements (void)
{
  const char *expected[] = { "in: element", "after suspension: element", "main: main",
                             "in: element", "after suspension: element", "main: main", NULL };

  log_reset ();
  rill_run_blocking (NULL, locals_body, NULL);
  assert_log (expected);
  g_private_set (&local_key, NULL);
}

/* ------------------------------------------------------------------------ */

static gboolean
add_one (RillScope  *scope,
         GValue     *result,
         gpointer    user_data,
         GError    **error)
{
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, GPOINTER_TO_INT (user_data) + 1);
  return TRUE;
}

static void
round_trips_body (RillScope *scope,
                  gpointer   user_data)
{
  gint n = 0;

  /* Many cross-thread wake-ups in a row, each one in order. */
  for (int i = 0; i < 2000; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      RillContext *target = i % 2 ? rill_context_default () : rill_context_io ();

      g_assert_true (rill_with_context (target, add_one, &v, GINT_TO_POINTER (n), NULL));
      n = g_value_get_int (&v);
      g_assert_cmpstr (rill_thread_get_name (), ==, "main");
    }
  g_assert_cmpint (n, ==, 2000);
}

static void
test_cross_thread_round_trips (void)
{
  rill_run_blocking (NULL, round_trips_body, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatchers/main", test_main_dispatcher);
  g_test_add_func ("/dispatchers/main-immediate", test_main_immediate);
  g_test_add_func ("/dispatchers/main-immediate-from-other-thread", test_main_immediate_from_other_thread);
  g_test_add_func ("/dispatchers/default-pool-pins-fibers", test_default_pool_pins_fibers);
  g_test_add_func ("/dispatchers/io-pool-grows", test_io_pool_grows);
  g_test_add_func ("/dispatchers/unconfined", test_unconfined);
  g_test_add_func ("/dispatchers/unconfined-nesting-is-queued", test_unconfined_nesting_is_queued);
  g_test_add_func ("/dispatchers/unconfined-cancel-during-delay", test_unconfined_cancel_during_delay);
  g_test_add_func ("/dispatchers/single-thread-close", test_single_thread_close);
  g_test_add_func ("/dispatchers/custom-main-context", test_custom_main_context);
  g_test_add_func ("/dispatchers/thread-context-elements", test_thread_context_elements);
  g_test_add_func ("/dispatchers/cross-thread-round-trips", test_cross_thread_round_trips);

  return g_test_run ();
}
