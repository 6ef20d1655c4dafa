/* test-coroutines.c: builders and suspending functions
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

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

static gboolean
fail_with (RillScope  *scope,
           GValue     *result,
           gpointer    user_data,
           GError    **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, user_data);
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
worker (RillScope *scope,
        gpointer   user_data)
{
  log_line ("worker %s", (const char *) user_data);
  rill_delay (10);
  log_line ("worker %s after delay", (const char *) user_data);
}

static void
launch_order_body (RillScope *scope,
                   gpointer   user_data)
{
  g_autoptr(RillJob) a = rill_launch (scope, NULL, worker, "a", NULL);
  g_autoptr(RillJob) b = rill_launch (scope, NULL, worker, "b", NULL);

  /* Launched, not run yet: the main dispatcher queues them. */
  log_line ("launched");
  g_assert_true (rill_job_is_active (a));
  g_assert_true (rill_job_join (a));
  g_assert_true (rill_job_join (b));
  g_assert_cmpint (rill_job_get_state (a), ==, RILL_JOB_STATE_COMPLETED);
  log_line ("joined");
}

static void
test_launch_join_order (void)
{
  const char *expected[] = { "launched", "worker a", "worker b", "worker a after delay",
                             "worker b after delay", "joined", NULL };

  log_reset ();
  rill_run_blocking (NULL, launch_order_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
lazy_body (RillScope *scope,
           gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch_full (scope, NULL, RILL_COROUTINE_START_LAZY,
                                             worker, "lazy", NULL);

  rill_yield ();
  rill_yield ();
  log_line ("not started: %s", rill_job_get_state (job) == RILL_JOB_STATE_NEW ? "new" : "?");
  g_assert_false (rill_job_is_active (job));
  g_assert_true (rill_job_start (job));
  g_assert_false (rill_job_start (job));
  g_assert_true (rill_job_join (job));
}

static void
test_lazy_start (void)
{
  const char *expected[] = { "not started: new", "worker lazy", "worker lazy after delay", NULL };

  log_reset ();
  rill_run_blocking (NULL, lazy_body, NULL);
  assert_log (expected);
}

static void
lazy_join_body (RillScope *scope,
                gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch_full (scope, NULL, RILL_COROUTINE_START_LAZY,
                                             worker, "joined", NULL);
  g_autoptr(RillDeferred) d = rill_async_full (scope, NULL, RILL_COROUTINE_START_LAZY,
                                               return_int, GINT_TO_POINTER (7), NULL);
  g_auto(GValue) v = G_VALUE_INIT;

  /* join and await start a lazy coroutine. */
  g_assert_true (rill_job_join (job));
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (d)), ==, RILL_JOB_STATE_NEW);
  g_assert_true (rill_deferred_await (d, &v, NULL));
  g_assert_cmpint (g_value_get_int (&v), ==, 7);
}

static void
test_lazy_started_by_join_and_await (void)
{
  const char *expected[] = { "worker joined", "worker joined after delay", NULL };

  log_reset ();
  rill_run_blocking (NULL, lazy_join_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
undispatched_body (RillScope *scope,
                   gpointer   user_data)
{
  g_autoptr(RillJob) job = NULL;

  log_line ("before");
  job = rill_launch_full (scope, NULL, RILL_COROUTINE_START_UNDISPATCHED, worker, "u", NULL);
  log_line ("after");
  rill_job_join (job);
}

static void
test_undispatched_runs_until_suspension (void)
{
  const char *expected[] = { "before", "worker u", "after", "worker u after delay", NULL };

  log_reset ();
  rill_run_blocking (NULL, undispatched_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
async_body (RillScope *scope,
            gpointer   user_data)
{
  g_autoptr(RillDeferred) a = rill_async (scope, NULL, return_int, GINT_TO_POINTER (6), NULL);
  g_autoptr(RillDeferred) b = rill_async (scope, rill_context_default (), return_int,
                                          GINT_TO_POINTER (7), NULL);
  g_auto(GValue) va = G_VALUE_INIT;
  g_auto(GValue) vb = G_VALUE_INIT;
  g_auto(GValue) again = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_deferred_await (a, &va, &error));
  g_assert_no_error (error);
  g_assert_true (rill_deferred_await (b, &vb, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (&va) * g_value_get_int (&vb), ==, 42);
  /* Awaiting again gives the same value; so does get_completed. */
  g_assert_true (rill_deferred_await (a, &again, NULL));
  g_assert_cmpint (g_value_get_int (&again), ==, 6);
  g_value_unset (&again);
  g_assert_true (rill_deferred_get_completed (b, &again, NULL));
  g_assert_cmpint (g_value_get_int (&again), ==, 7);
}

static void
test_async_await (void)
{
  rill_run_blocking (NULL, async_body, NULL);
}

static void
async_fail_body (RillScope *scope,
                 gpointer   user_data)
{
  g_autoptr(RillScope) supervised = rill_scope_new (NULL);
  g_autoptr(RillJob) supervisor = rill_supervisor_job_new (NULL);
  g_autoptr(RillContext) ctx = rill_context_new_for_job (supervisor);
  g_autoptr(RillDeferred) d = rill_async (scope, ctx, fail_with, "no access", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_false (rill_deferred_await (d, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "no access");
  g_assert_false (G_IS_VALUE (&v));
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (d)), ==, RILL_JOB_STATE_CANCELLED);
  /* Under a supervisor the failure cancelled nobody else. */
  g_assert_true (rill_job_is_active (supervisor));
  g_assert_true (rill_is_active ());
  (void) supervised;
}

static void
test_async_failure_returned_by_await (void)
{
  rill_run_blocking (NULL, async_fail_body, NULL);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  GThread *caller;
  GThread *block;
  guint64  caller_before;
  guint64  caller_after;
} ThreadSeen;

static gboolean
record_thread (RillScope  *scope,
               GValue     *result,
               gpointer    user_data,
               GError    **error)
{
  ThreadSeen *seen = user_data;

  seen->block = g_thread_self ();
  g_value_init (result, G_TYPE_STRING);
  g_value_set_string (result, rill_thread_get_name ());
  return TRUE;
}

static void
with_context_body (RillScope *scope,
                   gpointer   user_data)
{
  ThreadSeen *seen = user_data;
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  seen->caller = g_thread_self ();
  g_assert_true (rill_with_context (rill_context_default (), record_thread, &v, seen, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_value_get_string (&v), "DefaultDispatcher-worker-"));
  g_assert_true (seen->block != seen->caller);
  /* Back on the caller's thread. */
  g_assert_true (g_thread_self () == seen->caller);
  g_assert_cmpstr (rill_thread_get_name (), ==, "main");

  /* The same dispatcher runs the block on the caller's own fiber. */
  g_value_unset (&v);
  g_assert_true (rill_with_context (NULL, record_thread, &v, seen, &error));
  g_assert_true (seen->block == seen->caller);
}

static void
test_with_context_switches_and_returns (void)
{
  ThreadSeen seen = { 0, };

  rill_run_blocking (NULL, with_context_body, &seen);
}

static gint block_ran;

static gboolean
count_run (RillScope  *scope,
           GValue     *result,
           gpointer    user_data,
           GError    **error)
{
  g_atomic_int_inc (&block_ran);
  return TRUE;
}

static void
cancelled_then_with_context (RillScope *scope,
                             gpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  rill_job_cancel (rill_get_job ());
  g_assert_false (rill_with_context (rill_context_default (), count_run, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (rill_with_context (NULL, count_run, NULL, NULL, &error2));
  g_assert_error (error2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
cancelled_body (RillScope *scope,
                gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, NULL, cancelled_then_with_context, NULL, NULL);

  rill_job_join (job);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
}

/* with_context into a cancelled job never runs the block. */
static void
test_with_context_when_cancelled_never_runs (void)
{
  block_ran = 0;
  rill_run_blocking (NULL, cancelled_body, NULL);
  g_assert_cmpint (block_ran, ==, 0);
}

/* A GObject result whose finalization is visible. */
static gint objects_alive;

static void
object_gone (gpointer  data,
             GObject  *where_the_object_was)
{
  g_atomic_int_add (&objects_alive, -1);
}

typedef struct
{
  RillJob *caller;
  gint     produced;
} PromptData;

static gboolean
produce_after_caller_cancelled (RillScope  *scope,
                                GValue     *result,
                                gpointer    user_data,
                                GError    **error)
{
  PromptData *data = user_data;
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  g_atomic_int_inc (&objects_alive);
  g_object_weak_ref (object, object_gone, NULL);
  /* The caller is cancelled while the block runs, and the block ignores it. */
  rill_job_cancel (data->caller);
  g_usleep (20000);
  data->produced = 1;
  g_value_init (result, G_TYPE_OBJECT);
  g_value_take_object (result, object);
  return TRUE;
}

static void
prompt_body (RillScope *scope,
             gpointer   user_data)
{
  PromptData *data = user_data;
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  data->caller = rill_get_job ();
  g_assert_false (rill_with_context (rill_context_default (), produce_after_caller_cancelled,
                                     &v, data, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (G_IS_VALUE (&v));
  g_assert_false (rill_is_active ());
}

static void
prompt_outer (RillScope *scope,
              gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, NULL, prompt_body, user_data, NULL);

  rill_job_join (job);
}

/* A coroutine cancelled while with_context runs gets FALSE/cancelled, and the
 * result the block produced anyway is released, not leaked. */
static void
test_with_context_prompt_cancellation (void)
{
  PromptData data = { NULL, 0 };

  objects_alive = 0;
  rill_run_blocking (NULL, prompt_outer, &data);
  g_assert_cmpint (data.produced, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&objects_alive), ==, 0);
}

static void
with_context_failure_body (RillScope *scope,
                           gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_with_context (rill_context_default (), fail_with, NULL, "denied", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "denied");
  /* The failure went to the caller, not to its job. */
  g_assert_true (rill_is_active ());
}

static void
test_with_context_failure_returned (void)
{
  rill_run_blocking (NULL, with_context_failure_body, NULL);
}

/* ------------------------------------------------------------------------ */

static gboolean
slow_block (RillScope  *scope,
            GValue     *result,
            gpointer    user_data,
            GError    **error)
{
  if (!rill_delay (GPOINTER_TO_UINT (user_data)))
    {
      log_line ("slow block cancelled");
      return FALSE;
    }
  g_value_init (result, G_TYPE_STRING);
  g_value_set_static_string (result, "in time");
  return TRUE;
}

static void
timeout_body (RillScope *scope,
              gpointer   user_data)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_with_timeout (50, slow_block, &v, GUINT_TO_POINTER (5000), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (G_IS_VALUE (&v));
  g_assert_true (rill_is_active ());
  g_clear_error (&error);

  g_assert_true (rill_with_timeout (5000, slow_block, &v, GUINT_TO_POINTER (10), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&v), ==, "in time");
}

static void
test_with_timeout (void)
{
  const char *expected[] = { "slow block cancelled", NULL };

  log_reset ();
  rill_run_blocking (NULL, timeout_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
child_sleeps (RillScope *scope,
              gpointer   user_data)
{
  if (rill_delay (GPOINTER_TO_UINT (user_data)))
    log_line ("child %u done", GPOINTER_TO_UINT (user_data));
  else
    log_line ("child %u cancelled", GPOINTER_TO_UINT (user_data));
}

static gboolean
scope_block (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  rill_job_unref (rill_launch (scope, NULL, child_sleeps, GUINT_TO_POINTER (30), NULL));
  rill_job_unref (rill_launch (scope, NULL, child_sleeps, GUINT_TO_POINTER (10), NULL));
  log_line ("scope block returns");
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 5);
  return TRUE;
}

static gboolean
scope_block_failing_child (RillScope  *scope,
                           GValue     *result,
                           gpointer    user_data,
                           GError    **error)
{
  g_autoptr(RillDeferred) d = NULL;

  rill_job_unref (rill_launch (scope, NULL, child_sleeps, GUINT_TO_POINTER (1000), NULL));
  d = rill_async (scope, NULL, fail_with, "child failed", NULL);
  return TRUE;
}

static void
coroutine_scope_body (RillScope *scope,
                      gpointer   user_data)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_coroutine_scope (scope_block, &v, NULL, &error));
  log_line ("coroutine_scope returned %d", g_value_get_int (&v));

  g_assert_false (rill_coroutine_scope (scope_block_failing_child, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  log_line ("failing scope: %s", error->message);
  g_assert_true (rill_is_active ());
}

/* coroutineScope waits for its children; a failing child cancels the others
 * and its error comes out of the scope, not into the caller's job. */
static void
test_coroutine_scope (void)
{
  const char *expected[] = { "scope block returns", "child 10 done", "child 30 done",
                             "coroutine_scope returned 5", "child 1000 cancelled",
                             "failing scope: child failed", NULL };

  log_reset ();
  rill_run_blocking (NULL, coroutine_scope_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
yielder (RillScope *scope,
         gpointer   user_data)
{
  for (int i = 0; i < 3; i++)
    {
      log_line ("%s %d", (const char *) user_data, i);
      rill_yield ();
    }
}

static void
yield_body (RillScope *scope,
            gpointer   user_data)
{
  g_autoptr(RillJob) a = rill_launch (scope, NULL, yielder, "a", NULL);
  g_autoptr(RillJob) b = rill_launch (scope, NULL, yielder, "b", NULL);

  rill_job_join (a);
  rill_job_join (b);
}

/* Two coroutines that yield alternate, as kotlinx's FIFO event loop makes them. */
static void
test_yield_alternates (void)
{
  const char *expected[] = { "a 0", "b 0", "a 1", "b 1", "a 2", "b 2", NULL };

  log_reset ();
  rill_run_blocking (NULL, yield_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
busy_until_cancelled (RillScope *scope,
                      gpointer   user_data)
{
  guint64 n = 0;

  g_atomic_int_set ((gint *) user_data, 1);
  while (rill_is_active ())
    {
      n++;
      if (n % 1000 == 0 && !rill_yield ())
        break;
    }
  log_line ("stopped: active=%d", rill_is_active ());
}

static void
cancel_busy_body (RillScope *scope,
                  gpointer   user_data)
{
  gint started = 0;
  g_autoptr(RillJob) job = rill_launch (scope, rill_context_default (), busy_until_cancelled,
                                        &started, NULL);

  /* Cancelled only once it runs: cancelled before, it would never start. */
  while (!g_atomic_int_get (&started))
    rill_delay (1);
  rill_delay (5);
  g_assert_true (rill_job_cancel (job));
  g_assert_false (rill_job_cancel (job));
  g_assert_true (rill_job_is_cancelled (job));
  g_assert_true (rill_job_join (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
}

static void
test_cancel_cooperative (void)
{
  const char *expected[] = { "stopped: active=0", NULL };

  log_reset ();
  rill_run_blocking (NULL, cancel_busy_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
job_identity_body (RillScope *scope,
                   gpointer   user_data)
{
  RillJob *job = rill_get_job ();
  g_autoptr(RillContext) ctx = rill_get_context ();

  g_assert_nonnull (job);
  g_assert_true (rill_scope_get_job (scope) == job);
  g_assert_true (rill_context_get_job (ctx) == job);
  g_assert_true (rill_context_get_dispatcher (ctx) == rill_dispatcher_main ());
  g_assert_true (rill_in_coroutine ());
  g_assert_true (rill_is_active () == rill_job_is_active (job));
}

static void
test_job_of_coroutine (void)
{
  g_assert_false (rill_in_coroutine ());
  g_assert_null (rill_get_job ());
  g_assert_null (rill_get_cancellable ());
  g_assert_false (rill_is_active ());
  rill_run_blocking (NULL, job_identity_body, NULL);
}

static gboolean
blocking_value (RillScope  *scope,
                GValue     *result,
                gpointer    user_data,
                GError    **error)
{
  if (!rill_delay (5))
    return FALSE;
  g_value_init (result, G_TYPE_UINT64);
  g_value_set_uint64 (result, 1ull << 40);
  return TRUE;
}

static void
test_run_blocking_async (void)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_run_blocking_async (NULL, blocking_value, &v, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_value_get_uint64 (&v), ==, 1ull << 40);

  g_assert_false (rill_run_blocking_async (rill_context_default (), fail_with, NULL, "nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

static gpointer
run_blocking_in_thread (gpointer data)
{
  g_auto(GValue) v = G_VALUE_INIT;
  gboolean ok = rill_run_blocking_async (NULL, record_thread, &v, data, NULL);

  g_assert_true (ok);
  return g_strdup (g_value_get_string (&v));
}

/* run_blocking in a thread other than main runs there, on its own loop. */
static void
test_run_blocking_other_thread (void)
{
  ThreadSeen seen = { 0, };
  GThread *thread = g_thread_new ("blocking-thread", run_blocking_in_thread, &seen);
  g_autofree char *name = g_thread_join (thread);

  g_assert_true (seen.block == thread);
  g_assert_cmpstr (name, ==, "blocking-thread");
}

/* ------------------------------------------------------------------------ */

static void
handler_log (RillJob      *job,
             const GError *cause,
             gpointer      user_data)
{
  log_line ("%s: %s", (const char *) user_data, cause != NULL ? cause->message : "completed");
}

static void
handlers_body (RillScope *scope,
               gpointer   user_data)
{
  g_autoptr(RillJob) ok = rill_launch (scope, NULL, child_sleeps, GUINT_TO_POINTER (5), NULL);
  g_autoptr(RillJob) cancelled = rill_launch (scope, NULL, child_sleeps, GUINT_TO_POINTER (5000), NULL);

  rill_job_invoke_on_completion (ok, handler_log, "first", NULL);
  rill_job_invoke_on_completion (ok, handler_log, "second", NULL);
  rill_job_invoke_on_completion (cancelled, handler_log, "third", NULL);
  rill_job_join (ok);
  rill_job_cancel (cancelled);
  rill_job_join (cancelled);
  /* On a finished job a handler runs at once. */
  g_assert_cmpuint (rill_job_invoke_on_completion (ok, handler_log, "late", NULL), ==, 0);
}

static void
test_completion_handlers (void)
{
  const char *expected[] = { "child 5 done", "first: completed", "second: completed",
                             "child 5000 cancelled", "third: The job was cancelled",
                             "late: completed", NULL };

  log_reset ();
  rill_run_blocking (NULL, handlers_body, NULL);
  assert_log (expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coroutines/launch-join-order", test_launch_join_order);
  g_test_add_func ("/coroutines/lazy-start", test_lazy_start);
  g_test_add_func ("/coroutines/lazy-started-by-join-and-await", test_lazy_started_by_join_and_await);
  g_test_add_func ("/coroutines/undispatched", test_undispatched_runs_until_suspension);
  g_test_add_func ("/coroutines/async-await", test_async_await);
  g_test_add_func ("/coroutines/async-failure", test_async_failure_returned_by_await);
  g_test_add_func ("/coroutines/with-context/switches", test_with_context_switches_and_returns);
  g_test_add_func ("/coroutines/with-context/cancelled-never-runs", test_with_context_when_cancelled_never_runs);
  g_test_add_func ("/coroutines/with-context/prompt-cancellation", test_with_context_prompt_cancellation);
  g_test_add_func ("/coroutines/with-context/failure", test_with_context_failure_returned);
  g_test_add_func ("/coroutines/with-timeout", test_with_timeout);
  g_test_add_func ("/coroutines/coroutine-scope", test_coroutine_scope);
  g_test_add_func ("/coroutines/yield-alternates", test_yield_alternates);
  g_test_add_func ("/coroutines/cancel-cooperative", test_cancel_cooperative);
  g_test_add_func ("/coroutines/job-of-coroutine", test_job_of_coroutine);
  g_test_add_func ("/coroutines/run-blocking-async", test_run_blocking_async);
  g_test_add_func ("/coroutines/run-blocking-other-thread", test_run_blocking_other_thread);
  g_test_add_func ("/coroutines/completion-handlers", test_completion_handlers);

  return g_test_run ();
}
