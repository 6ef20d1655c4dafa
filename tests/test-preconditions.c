/* test-preconditions.c: bad input gets a critical or a GError, never a crash
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every misuse here must be refused with a g_critical () in the "Rill" log
 * domain (expected with g_test_expect_message) or a GError, and return
 * promptly with a clean value: suspending calls outside a coroutine, a
 * coroutine waiting for itself, blocking inside a coroutine, NULL arguments,
 * closing dispatchers that cannot be closed, and launching into a closed one.
 */

#include <rill.h>

#define RILL_DOMAIN "Rill"

static void
expect_critical (const char *pattern)
{
  g_test_expect_message (RILL_DOMAIN, G_LOG_LEVEL_CRITICAL, pattern);
}

static void
count_block (RillScope *scope,
             gpointer   user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gboolean
count_async_block (RillScope  *scope,
                   GValue     *result,
                   gpointer    user_data,
                   GError    **error)
{
  guint *count = user_data;

  (*count)++;
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 1);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Suspending functions outside a coroutine                                 */

static void
test_outside_delay (void)
{
  g_assert_false (rill_in_coroutine ());
  expect_critical ("*rill_delay*must be called from a coroutine*");
  g_assert_false (rill_delay (10));
  g_test_assert_expected_messages ();
}

static void
test_outside_yield (void)
{
  expect_critical ("*rill_yield*must be called from a coroutine*");
  g_assert_false (rill_yield ());
  g_test_assert_expected_messages ();
}

static void
test_outside_job_join (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);

  expect_critical ("*rill_job_join*must be called from a coroutine*");
  g_assert_false (rill_job_join (job));
  g_test_assert_expected_messages ();
  /* The job is untouched. */
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);
}

static void
test_outside_deferred_await (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillDeferred) deferred = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  guint runs = 0;

  deferred = rill_async_full ((RillScope *) ts, NULL, RILL_COROUTINE_START_LAZY,
                              count_async_block, &runs, NULL);
  expect_critical ("*rill_deferred_await*must be called from a coroutine*");
  g_assert_false (rill_deferred_await (deferred, &value, &error));
  g_test_assert_expected_messages ();
  g_assert_false (G_IS_VALUE (&value));
  /* Not started by the refused await. */
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (deferred)), ==, RILL_JOB_STATE_NEW);
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (runs, ==, 0);
}

static void
test_outside_async_result (void)
{
  expect_critical ("*rill_async_slot*must be called from a coroutine*");
  g_assert_null (rill_async_slot ());
  g_test_assert_expected_messages ();

  expect_critical ("*rill_await_async_result*must be called from a coroutine*");
  g_assert_null (rill_await_async_result ());
  g_test_assert_expected_messages ();
}

typedef gboolean (*ScopedFunc) (RillAsyncBlock block, GValue *result, gpointer user_data,
                                GError **error);

static gboolean
call_with_context (RillAsyncBlock block, GValue *result, gpointer user_data, GError **error)
{
  return rill_with_context (rill_context_default (), block, result, user_data, error);
}

static gboolean
call_coroutine_scope (RillAsyncBlock block, GValue *result, gpointer user_data, GError **error)
{
  return rill_coroutine_scope (block, result, user_data, error);
}

static gboolean
call_with_timeout (RillAsyncBlock block, GValue *result, gpointer user_data, GError **error)
{
  return rill_with_timeout (1000, block, result, user_data, error);
}

static void
check_scoped_outside (ScopedFunc  func,
                      const char *pattern)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  guint runs = 0;

  expect_critical (pattern);
  g_assert_false (func (count_async_block, &value, &runs, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (runs, ==, 0);
  g_assert_false (G_IS_VALUE (&value));
}

static void
test_outside_with_context (void)
{
  check_scoped_outside (call_with_context, "*rill_with_context*must be called from a coroutine*");
}

static void
test_outside_coroutine_scope (void)
{
  check_scoped_outside (call_coroutine_scope,
                        "*rill_coroutine_scope*must be called from a coroutine*");
}

static void
test_outside_with_timeout (void)
{
  check_scoped_outside (call_with_timeout, "*rill_with_timeout*must be called from a coroutine*");
}

/* ------------------------------------------------------------------------ */
/* A coroutine waiting for itself                                           */

typedef struct
{
  gboolean ran;
  gboolean join_ret;
  gboolean scope_join_ret;
  gboolean scope_ret;
  gboolean delay_ret;
  gboolean active_after;
} SelfJoinData;

static gboolean
join_inside_scope (RillScope  *scope,
                   GValue     *result,
                   gpointer    user_data,
                   GError    **error)
{
  SelfJoinData *data = user_data;

  /* The job of a coroutine_scope block is its own. */
  expect_critical ("*rill_job_join*cannot join its own job*");
  data->scope_join_ret = rill_job_join (rill_get_job ());
  g_test_assert_expected_messages ();
  return TRUE;
}

static void
self_join_block (RillScope *scope,
                 gpointer   user_data)
{
  SelfJoinData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->ran = TRUE;
  expect_critical ("*rill_job_join*cannot join its own job*");
  data->join_ret = rill_job_join (rill_get_job ());
  g_test_assert_expected_messages ();

  data->scope_ret = rill_coroutine_scope (join_inside_scope, NULL, data, &error);
  g_assert_no_error (error);

  /* The coroutine goes on normally afterwards. */
  data->delay_ret = rill_delay (100);
  data->active_after = rill_is_active ();
}

static void
test_join_own_job (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  SelfJoinData data = { 0, };

  data.join_ret = data.scope_join_ret = TRUE;
  job = rill_launch ((RillScope *) ts, NULL, self_join_block, &data, NULL);
  rill_test_scope_advance_until_idle (ts);

  g_assert_true (data.ran);
  g_assert_false (data.join_ret);
  g_assert_false (data.scope_join_ret);
  g_assert_true (data.scope_ret);
  g_assert_true (data.delay_ret);
  g_assert_true (data.active_after);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 100);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

static RillDeferred *self_deferred;

typedef struct
{
  gboolean ran;
  gboolean await_ret;
} SelfAwaitData;

static gboolean
self_await_block (RillScope  *scope,
                  GValue     *result,
                  gpointer    user_data,
                  GError    **error)
{
  SelfAwaitData *data = user_data;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) local_error = NULL;

  data->ran = TRUE;
  expect_critical ("*rill_deferred_await*cannot await its own result*");
  data->await_ret = rill_deferred_await (self_deferred, &value, &local_error);
  g_test_assert_expected_messages ();
  g_assert_false (G_IS_VALUE (&value));

  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 5);
  return TRUE;
}

static void
test_await_own_deferred (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  SelfAwaitData data = { 0, };

  data.await_ret = TRUE;
  /* Lazy, so the pointer is stored before the block can run. */
  self_deferred = rill_async_full ((RillScope *) ts, NULL, RILL_COROUTINE_START_LAZY,
                                   self_await_block, &data, NULL);
  g_assert_true (rill_job_start (rill_deferred_get_job (self_deferred)));
  rill_test_scope_advance_until_idle (ts);

  g_assert_true (data.ran);
  g_assert_false (data.await_ret);
  g_assert_true (rill_job_is_completed (rill_deferred_get_job (self_deferred)));
  g_assert_true (rill_deferred_get_completed (self_deferred, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (&value), ==, 5);
  g_clear_pointer (&self_deferred, rill_deferred_unref);
}

/* ------------------------------------------------------------------------ */
/* Blocking inside a coroutine                                              */

typedef struct
{
  guint    inner_runs;
  gboolean async_ret;
  GError  *async_error;
  gboolean finished;
} BlockingData;

static void
blocking_in_coroutine (RillScope *scope,
                       gpointer   user_data)
{
  BlockingData *data = user_data;

  expect_critical ("*rill_run_blocking*must not be called from a coroutine*");
  rill_run_blocking (NULL, count_block, &data->inner_runs);
  g_test_assert_expected_messages ();

  expect_critical ("*rill_run_blocking*must not be called from a coroutine*");
  data->async_ret = rill_run_blocking_async (NULL, count_async_block, NULL, &data->inner_runs,
                                             &data->async_error);
  g_test_assert_expected_messages ();
  data->finished = TRUE;
}

static void
test_run_blocking_in_coroutine (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  BlockingData data = { 0, };

  data.async_ret = TRUE;
  job = rill_launch ((RillScope *) ts, NULL, blocking_in_coroutine, &data, NULL);
  rill_test_scope_run_current (ts);

  g_assert_true (data.finished);
  g_assert_cmpuint (data.inner_runs, ==, 0);
  g_assert_false (data.async_ret);
  g_assert_error (data.async_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  g_clear_error (&data.async_error);
}

/* ------------------------------------------------------------------------ */
/* NULL arguments                                                           */

static void
test_launch_null (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  guint runs = 0;

  expect_critical ("*assertion 'scope != NULL' failed*");
  g_assert_null (rill_launch (NULL, NULL, count_block, &runs, NULL));
  g_test_assert_expected_messages ();

  expect_critical ("*assertion 'block != NULL' failed*");
  g_assert_null (rill_launch ((RillScope *) ts, NULL, NULL, &runs, NULL));
  g_test_assert_expected_messages ();

  expect_critical ("*assertion 'scope != NULL' failed*");
  g_assert_null (rill_async (NULL, NULL, count_async_block, &runs, NULL));
  g_test_assert_expected_messages ();

  expect_critical ("*assertion 'block != NULL' failed*");
  g_assert_null (rill_async ((RillScope *) ts, NULL, NULL, &runs, NULL));
  g_test_assert_expected_messages ();

  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (runs, ==, 0);
  g_assert_cmpuint (rill_job_get_n_children (rill_scope_get_job ((RillScope *) ts)), ==, 0);
}

static void
test_job_null (void)
{
  expect_critical ("*assertion 'self != NULL' failed*");
  g_assert_false (rill_job_cancel (NULL));
  g_test_assert_expected_messages ();

  expect_critical ("*assertion 'self != NULL' failed*");
  g_assert_false (rill_job_is_active (NULL));
  g_test_assert_expected_messages ();
}

/* complete () is for plain jobs: a coroutine completes by returning. */
static void
test_complete_coroutine_job (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  guint runs = 0;

  job = rill_launch ((RillScope *) ts, NULL, count_block, &runs, NULL);
  expect_critical ("*rill_job_complete*assertion*failed*");
  g_assert_false (rill_job_complete (job));
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);
  rill_test_scope_run_current (ts);
  g_assert_cmpuint (runs, ==, 1);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

/* ------------------------------------------------------------------------ */
/* Dispatchers and scopes that cannot be closed or cancelled                */

static void
run_count_on (RillContext *context,
              guint       *runs)
{
  rill_run_blocking (context, count_block, runs);
}

static void
test_close_shared_dispatchers (void)
{
  struct {
    RillDispatcher *dispatcher;
    RillContext    *context;
    const char     *pattern;
  } cases[] = {
    { rill_dispatcher_main (), rill_context_main (), "*Dispatchers.Main cannot be closed*" },
    { rill_dispatcher_default (), rill_context_default (),
      "*Dispatchers.Default cannot be closed*" },
    { rill_dispatcher_io (), rill_context_io (), "*Dispatchers.IO cannot be closed*" },
    { rill_dispatcher_unconfined (), rill_context_unconfined (),
      "*Dispatchers.Unconfined cannot be closed*" },
    { rill_dispatcher_main_immediate (), rill_context_main_immediate (),
      "*Dispatchers.Main.immediate cannot be closed*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint runs = 0;

      g_test_message ("closing %s", rill_dispatcher_get_name (cases[i].dispatcher));
      expect_critical (cases[i].pattern);
      rill_dispatcher_close (cases[i].dispatcher);
      g_test_assert_expected_messages ();
      g_assert_false (rill_dispatcher_is_closed (cases[i].dispatcher));

      /* It still runs coroutines. */
      run_count_on (cases[i].context, &runs);
      g_assert_cmpuint (runs, ==, 1);
    }
}

static void
test_close_test_dispatcher (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  guint runs = 0;

  expect_critical ("*test dispatcher is closed with its scope*");
  rill_dispatcher_close (rill_test_scope_get_dispatcher (ts));
  g_test_assert_expected_messages ();
  g_assert_false (rill_dispatcher_is_closed (rill_test_scope_get_dispatcher (ts)));

  job = rill_launch ((RillScope *) ts, NULL, count_block, &runs, NULL);
  rill_test_scope_run_current (ts);
  g_assert_cmpuint (runs, ==, 1);
}

static void
test_cancel_global_scope (void)
{
  RillScope *global = rill_global_scope ();
  g_autoptr(RillJob) job = NULL;
  guint runs = 0;

  g_assert_null (rill_scope_get_job (global));
  expect_critical ("*global scope*cannot be cancelled*");
  rill_scope_cancel (global);
  g_test_assert_expected_messages ();
  g_assert_true (rill_scope_is_active (global));

  /* It still launches. */
  rill_run_blocking (NULL, count_block, &runs);
  job = rill_launch (global, rill_context_main (), count_block, &runs, NULL);
  while (!rill_job_is_completed (job))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (runs, ==, 2);
  g_assert_null (rill_job_get_parent (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

static void
test_stack_size_after_start (void)
{
  guint runs = 0;
  gsize before;

  /* Make sure a coroutine has run in this process. */
  rill_run_blocking (NULL, count_block, &runs);
  g_assert_cmpuint (runs, ==, 1);

  before = rill_get_default_stack_size ();
  g_assert_cmpuint (before, >, 0);
  expect_critical ("*stack size*before the first coroutine*");
  rill_set_default_stack_size (before * 2);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rill_get_default_stack_size (), ==, before);

  rill_run_blocking (NULL, count_block, &runs);
  g_assert_cmpuint (runs, ==, 2);
}

/* ------------------------------------------------------------------------ */
/* Closed single-thread dispatchers                                         */

typedef struct
{
  guint runs;
  guint destroyed;
} ClosedData;

static void
closed_block (RillScope *scope,
              gpointer   user_data)
{
  ClosedData *data = user_data;

  data->runs++;
}

static gboolean
closed_async_block (RillScope  *scope,
                    GValue     *result,
                    gpointer    user_data,
                    GError    **error)
{
  ClosedData *data = user_data;

  data->runs++;
  return TRUE;
}

static void
closed_destroy (gpointer user_data)
{
  ClosedData *data = user_data;

  data->destroyed++;
}

static void
assert_closed_cause (RillJob *job)
{
  g_autoptr(GError) cause = NULL;

  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_launch_into_closed (void)
{
  g_autoptr(RillDispatcher) dispatcher = rill_dispatcher_new_single_thread ("rill-test-closed");
  g_autoptr(RillContext) context = rill_context_new (dispatcher, NULL);
  g_autoptr(RillScope) scope = rill_scope_new (context);
  g_autoptr(RillDeferred) deferred = NULL;
  g_autoptr(GError) error = NULL;
  RillJob *job, *global_job;
  ClosedData d1 = { 0, }, d2 = { 0, }, d3 = { 0, };

  g_assert_false (rill_dispatcher_is_closed (dispatcher));
  rill_dispatcher_close (dispatcher);
  g_assert_true (rill_dispatcher_is_closed (dispatcher));
  /* Closing again is harmless. */
  rill_dispatcher_close (dispatcher);
  g_assert_true (rill_dispatcher_is_closed (dispatcher));

  /* No critical: the job is cancelled at once, its block never runs and its
   * data is freed exactly once. */
  job = rill_launch (scope, NULL, closed_block, &d1, closed_destroy);
  g_assert_nonnull (job);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_true (rill_job_is_completed (job));
  assert_closed_cause (job);
  g_assert_cmpuint (d1.destroyed, ==, 1);
  /* The scope itself is not cancelled by it. */
  g_assert_true (rill_scope_is_active (scope));

  global_job = rill_launch (rill_global_scope (), context, closed_block, &d2, closed_destroy);
  g_assert_cmpint (rill_job_get_state (global_job), ==, RILL_JOB_STATE_CANCELLED);
  assert_closed_cause (global_job);
  g_assert_cmpuint (d2.destroyed, ==, 1);

  deferred = rill_async (rill_global_scope (), context, closed_async_block, &d3, closed_destroy);
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (deferred)), ==,
                   RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_deferred_get_completed (deferred, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpuint (d3.destroyed, ==, 1);

  /* Nothing runs later either, and nothing is freed twice. */
  for (guint i = 0; i < 10 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  rill_job_unref (job);
  rill_job_unref (global_job);
  g_clear_pointer (&deferred, rill_deferred_unref);
  g_assert_cmpuint (d1.runs, ==, 0);
  g_assert_cmpuint (d2.runs, ==, 0);
  g_assert_cmpuint (d3.runs, ==, 0);
  g_assert_cmpuint (d1.destroyed, ==, 1);
  g_assert_cmpuint (d2.destroyed, ==, 1);
  g_assert_cmpuint (d3.destroyed, ==, 1);
}

typedef struct
{
  RillDispatcher *dispatcher;
  gboolean        ran;
  gboolean        active_after;
  gboolean        delay_ret;
  gboolean        closed_after;
  char           *thread_name;
} SelfCloseData;

static void
self_close_block (RillScope *scope,
                  gpointer   user_data)
{
  SelfCloseData *data = user_data;

  data->ran = TRUE;
  data->thread_name = g_strdup (rill_thread_get_name ());
  rill_dispatcher_close (data->dispatcher);
  data->closed_after = rill_dispatcher_is_closed (data->dispatcher);
  data->active_after = rill_is_active ();
  data->delay_ret = rill_delay (1);
}

static void
test_close_from_own_thread (void)
{
  g_autoptr(RillDispatcher) dispatcher = rill_dispatcher_new_single_thread ("rill-test-self-close");
  g_autoptr(RillContext) context = rill_context_new (dispatcher, NULL);
  g_autoptr(RillJob) after = NULL;
  g_autoptr(GError) cause = NULL;
  SelfCloseData data = { 0, };
  guint runs = 0;

  data.dispatcher = dispatcher;
  data.closed_after = TRUE;
  expect_critical ("*rill-test-self-close cannot be closed from its own thread*");
  rill_run_blocking (context, self_close_block, &data);
  g_test_assert_expected_messages ();

  g_test_message ("after the refused close: closed %d, caller active %d, delay %d",
                  data.closed_after, data.active_after, data.delay_ret);
  g_assert_true (data.ran);
  g_assert_cmpstr (data.thread_name, ==, "rill-test-self-close");
  /* The refused close left the dispatcher, and the caller, as they were. */
  g_assert_false (data.closed_after);
  g_assert_true (data.active_after);
  g_assert_true (data.delay_ret);
  g_assert_false (rill_dispatcher_is_closed (dispatcher));

  /* It keeps working. */
  rill_run_blocking (context, count_block, &runs);
  g_assert_cmpuint (runs, ==, 1);

  /* Closed from the main thread it closes. */
  rill_dispatcher_close (dispatcher);
  g_assert_true (rill_dispatcher_is_closed (dispatcher));
  after = rill_launch (rill_global_scope (), context, count_block, &runs, NULL);
  g_assert_cmpint (rill_job_get_state (after), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (after, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpuint (runs, ==, 1);
  g_free (data.thread_name);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preconditions/outside/delay", test_outside_delay);
  g_test_add_func ("/preconditions/outside/yield", test_outside_yield);
  g_test_add_func ("/preconditions/outside/job-join", test_outside_job_join);
  g_test_add_func ("/preconditions/outside/deferred-await", test_outside_deferred_await);
  g_test_add_func ("/preconditions/outside/async-result", test_outside_async_result);
  g_test_add_func ("/preconditions/outside/with-context", test_outside_with_context);
  g_test_add_func ("/preconditions/outside/coroutine-scope", test_outside_coroutine_scope);
  g_test_add_func ("/preconditions/outside/with-timeout", test_outside_with_timeout);
  g_test_add_func ("/preconditions/self/join-own-job", test_join_own_job);
  g_test_add_func ("/preconditions/self/await-own-deferred", test_await_own_deferred);
  g_test_add_func ("/preconditions/run-blocking-in-coroutine", test_run_blocking_in_coroutine);
  g_test_add_func ("/preconditions/null/launch", test_launch_null);
  g_test_add_func ("/preconditions/null/job", test_job_null);
  g_test_add_func ("/preconditions/complete-coroutine-job", test_complete_coroutine_job);
  g_test_add_func ("/preconditions/close/shared-dispatchers", test_close_shared_dispatchers);
  g_test_add_func ("/preconditions/close/test-dispatcher", test_close_test_dispatcher);
  g_test_add_func ("/preconditions/cancel-global-scope", test_cancel_global_scope);
  g_test_add_func ("/preconditions/stack-size-after-start", test_stack_size_after_start);
  g_test_add_func ("/preconditions/close/launch-into-closed", test_launch_into_closed);
  g_test_add_func ("/preconditions/close/from-own-thread", test_close_from_own_thread);

  return g_test_run ();
}
