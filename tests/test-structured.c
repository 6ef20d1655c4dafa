/* test-structured.c: structured concurrency, as kotlinx
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

static gint sleepers_started;

static void
sleeper (RillScope *scope,
         gpointer   user_data)
{
  const char *name = user_data;
  guint msec = (guint) g_ascii_strtoull (name + 1, NULL, 10);

  g_atomic_int_inc (&sleepers_started);
  if (rill_delay (msec))
    log_line ("%s done", name);
  else
    log_line ("%s cancelled", name);
}

static gboolean
failer (RillScope  *scope,
        GValue     *result,
        gpointer    user_data,
        GError    **error)
{
  rill_delay (GPOINTER_TO_UINT (user_data));
  log_line ("failing");
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "broken");
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
parent_with_children (RillScope *scope,
                      gpointer   user_data)
{
  rill_job_unref (rill_launch (scope, NULL, sleeper, "c300", NULL));
  rill_job_unref (rill_launch (scope, rill_context_default (), sleeper, "c100", NULL));
  rill_job_unref (rill_launch (scope, NULL, sleeper, "c200", NULL));
  log_line ("parent body done");
}

static void
parent_waits_body (RillScope *scope,
                   gpointer   user_data)
{
  g_autoptr(RillJob) parent = rill_launch (scope, NULL, parent_with_children, NULL, NULL);

  rill_delay (5);
  /* The body returned; the job waits for its children. */
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_true (rill_job_is_active (parent));
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 3);
  rill_job_join (parent);
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 0);
  log_line ("parent joined");
}

static void
test_parent_completes_after_children (void)
{
  const char *expected[] = { "parent body done", "c100 done", "c200 done", "c300 done",
                             "parent joined", NULL };

  log_reset ();
  rill_run_blocking (NULL, parent_waits_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static gint tree_leaves_cancelled;
static gint tree_leaves_started;

static void
tree_node (RillScope *scope,
           gpointer   user_data)
{
  guint depth = GPOINTER_TO_UINT (user_data);

  if (depth == 0)
    {
      g_atomic_int_inc (&tree_leaves_started);
      if (!rill_delay (60000))
        g_atomic_int_inc (&tree_leaves_cancelled);
      return;
    }
  /* Two children per level, half of them on the Default pool. */
  rill_job_unref (rill_launch (scope, NULL, tree_node, GUINT_TO_POINTER (depth - 1), NULL));
  rill_job_unref (rill_launch (scope, rill_context_default (), tree_node,
                               GUINT_TO_POINTER (depth - 1), NULL));
  rill_delay (60000);
}

static void
deep_tree_body (RillScope *scope,
                gpointer   user_data)
{
  g_autoptr(RillJob) root = rill_launch (scope, NULL, tree_node, GUINT_TO_POINTER (10), NULL);

  /* 2^10 leaves must all be suspended before the cancel. */
  while (g_atomic_int_get (&tree_leaves_started) < 1024)
    rill_delay (1);
  rill_job_cancel (root);
  rill_job_join (root);
  g_assert_cmpint (rill_job_get_state (root), ==, RILL_JOB_STATE_CANCELLED);
}

/* Cancelling a parent cancels its whole tree, across dispatchers. */
static void
test_cancel_deep_tree (void)
{
  tree_leaves_cancelled = 0;
  tree_leaves_started = 0;
  rill_run_blocking (NULL, deep_tree_body, NULL);
  g_assert_cmpint (tree_leaves_started, ==, 1024);
  g_assert_cmpint (tree_leaves_cancelled, ==, 1024);
}

static void
chain_link (RillScope *scope,
            gpointer   user_data)
{
  guint depth = GPOINTER_TO_UINT (user_data);

  if (depth > 0)
    rill_job_unref (rill_launch (scope, NULL, chain_link, GUINT_TO_POINTER (depth - 1), NULL));
  else
    log_line ("bottom reached");
  rill_delay (60000);
}

static void
chain_body (RillScope *scope,
            gpointer   user_data)
{
  g_autoptr(RillJob) top = rill_launch (scope, NULL, chain_link, GUINT_TO_POINTER (5000), NULL);

  while (!log_contains ("bottom reached"))
    rill_delay (1);
  rill_job_cancel (top);
  rill_job_join (top);
  g_assert_cmpint (rill_job_get_state (top), ==, RILL_JOB_STATE_CANCELLED);
}

/* A chain of 5000 nested coroutines: cancellation and completion walk it
 * without recursion. */
static void
test_cancel_deep_chain (void)
{
  log_reset ();
  rill_run_blocking (NULL, chain_body, NULL);
}

/* Fails only once both siblings run: one cancelled before it started would
 * never run its block at all, and log nothing. */
static gboolean
failer_after_siblings (RillScope  *scope,
                       GValue     *result,
                       gpointer    user_data,
                       GError    **error)
{
  while (g_atomic_int_get (&sleepers_started) < 2 && rill_delay (1))
    ;
  return failer (scope, result, user_data, error);
}

/* ------------------------------------------------------------------------ */

static void
failing_family (RillScope *scope,
                gpointer   user_data)
{
  g_autoptr(RillDeferred) bad = NULL;

  rill_job_unref (rill_launch (scope, NULL, sleeper, "s1000", NULL));
  rill_job_unref (rill_launch (scope, rill_context_default (), sleeper, "s2000", NULL));
  bad = rill_async (scope, NULL, failer_after_siblings, GUINT_TO_POINTER (20), NULL);
  if (!rill_delay (5000))
    log_line ("parent cancelled");
}

static void
child_failure_body (RillScope *scope,
                    gpointer   user_data)
{
  g_autoptr(RillScope) outer = rill_scope_new (rill_context_main ());
  g_autoptr(RillJob) parent = rill_launch (outer, NULL, failing_family, NULL, NULL);
  g_autoptr(GError) cause = NULL;

  rill_job_join (parent);
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (parent, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  /* The failure went up to the scope's plain job too. */
  g_assert_true (rill_job_is_cancelled (rill_scope_get_job (outer)));
}

/* A failing child cancels its parent and its siblings; the parent ends with
 * the child's error as its cause. */
static void
test_failing_child_cancels_parent_and_siblings (void)
{
  log_reset ();
  sleepers_started = 0;
  /* The launch at the root of the failure reports it: nobody handled it. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "Unhandled error in coroutine*broken*");
  rill_run_blocking (NULL, child_failure_body, NULL);
  g_test_assert_expected_messages ();
  g_assert_true (log_contains ("failing"));
  g_assert_true (log_contains ("s1000 cancelled"));
  g_assert_true (log_contains ("s2000 cancelled"));
  g_assert_true (log_contains ("parent cancelled"));
  g_assert_false (log_contains ("s1000 done"));
  g_assert_false (log_contains ("s2000 done"));
  g_assert_cmpuint (log_length (), ==, 4);
}

static gboolean
launch_failer (RillScope  *scope,
               GValue     *result,
               gpointer    user_data,
               GError    **error)
{
  return failer (scope, result, user_data, error);
}

static void
failing_launch (RillScope *scope,
                gpointer   user_data)
{
  GError *error = NULL;

  rill_delay (GPOINTER_TO_UINT (user_data));
  log_line ("failing");
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "broken");
  rill_job_complete_exceptionally (rill_get_job (), error);
  g_error_free (error);
}

static void
supervisor_body (RillScope *scope,
                 gpointer   user_data)
{
  g_autoptr(RillScope) main_scope = rill_main_scope_new ();
  g_autoptr(RillJob) a = rill_launch (main_scope, NULL, sleeper, "s50", NULL);
  g_autoptr(RillJob) bad = rill_launch (main_scope, NULL, failing_launch, GUINT_TO_POINTER (10), NULL);
  g_autoptr(RillJob) b = rill_launch (main_scope, NULL, sleeper, "s60", NULL);

  rill_job_join (bad);
  rill_job_join (a);
  rill_job_join (b);
  g_assert_cmpint (rill_job_get_state (bad), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (a), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpint (rill_job_get_state (b), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_true (rill_scope_is_active (main_scope));
  rill_scope_cancel (main_scope);
  (void) launch_failer;
}

/* Under a supervisor job (MainScope) a failing child cancels nobody else,
 * and its unhandled error is reported. */
static void
test_supervisor_isolates_failures (void)
{
  const char *expected[] = { "failing", "s50 done", "s60 done", NULL };

  log_reset ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "Unhandled error in coroutine*broken*");
  rill_run_blocking (NULL, supervisor_body, NULL);
  g_test_assert_expected_messages ();
  assert_log (expected);
}

static void
await_failed_body (RillScope *scope,
                   gpointer   user_data)
{
  g_autoptr(RillJob) supervisor = rill_supervisor_job_new (rill_get_job ());
  g_autoptr(RillContext) ctx = rill_context_new_for_job (supervisor);
  g_autoptr(RillDeferred) d = rill_async (scope, ctx, failer, GUINT_TO_POINTER (1), NULL);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;

  g_assert_false (rill_deferred_await (d, NULL, &e1));
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_false (rill_deferred_await (d, NULL, &e2));
  g_assert_error (e2, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_true (rill_is_active ());
  rill_job_complete (supervisor);
}

/* Awaiting a failed deferred returns its GError, every time; an async
 * failure is not reported as unhandled. */
static void
test_await_failed_deferred (void)
{
  log_reset ();
  rill_run_blocking (NULL, await_failed_body, NULL);
}

/* ------------------------------------------------------------------------ */

static gint never_ran;

static void
must_not_run (RillScope *scope,
              gpointer   user_data)
{
  never_ran++;
}

static void
destroy_count (gpointer data)
{
  (*(gint *) data)++;
}

static void
cancelled_parent_body (RillScope *scope,
                       gpointer   user_data)
{
  gint destroyed = 0;
  g_autoptr(RillJob) child = NULL;
  g_autoptr(RillJob) lazy = NULL;

  rill_job_cancel (rill_get_job ());
  /* Children of a cancelled coroutine are cancelled at once, never run, and
   * their data is freed. */
  child = rill_launch (scope, NULL, must_not_run, &destroyed, destroy_count);
  lazy = rill_launch_full (scope, NULL, RILL_COROUTINE_START_LAZY, must_not_run, &destroyed,
                           destroy_count);
  g_assert_cmpint (rill_job_get_state (child), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (lazy), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (destroyed, ==, 2);
  g_assert_false (rill_job_start (lazy));
  g_assert_false (rill_yield ());
  g_assert_false (rill_delay (10));
}

static void
cancelled_parent_outer (RillScope *scope,
                        gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, NULL, cancelled_parent_body, NULL, NULL);

  rill_job_join (job);
}

static void
test_children_of_cancelled_never_run (void)
{
  never_ran = 0;
  rill_run_blocking (NULL, cancelled_parent_outer, NULL);
  g_assert_cmpint (never_ran, ==, 0);
}

static void
cancel_before_start_body (RillScope *scope,
                          gpointer   user_data)
{
  gint destroyed = 0;
  g_autoptr(RillJob) job = rill_launch (scope, NULL, must_not_run, &destroyed, destroy_count);

  /* Queued, not started: cancelling it means its block never runs. */
  rill_job_cancel (job);
  rill_job_join (job);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (destroyed, ==, 1);
}

static void
test_cancel_before_start (void)
{
  never_ran = 0;
  rill_run_blocking (NULL, cancel_before_start_body, NULL);
  g_assert_cmpint (never_ran, ==, 0);
}

/* ------------------------------------------------------------------------ */

static void
detached_body (RillScope *scope,
               gpointer   user_data)
{
  g_autoptr(RillJob) own = rill_job_new (NULL);
  g_autoptr(RillContext) ctx = rill_context_new_for_job (own);
  RillJob **out = user_data;

  /* A job in the launch context replaces the scope's job as the parent. */
  out[0] = rill_launch (scope, ctx, sleeper, "d20", NULL);
  out[1] = rill_launch (rill_global_scope (), NULL, sleeper, "g20", NULL);
  g_assert_true (rill_job_get_parent (out[0]) == own);
  g_assert_null (rill_job_get_parent (out[1]));
  g_assert_cmpuint (rill_job_get_n_children (rill_get_job ()), ==, 0);
  rill_job_cancel (rill_get_job ());
}

static void
test_other_parents_survive_cancel (void)
{
  RillJob *jobs[2] = { NULL, NULL };
  g_autoptr(RillScope) scope = rill_scope_new (rill_context_main ());
  g_autoptr(RillJob) job = NULL;

  log_reset ();
  job = rill_launch (scope, NULL, detached_body, jobs, NULL);
  /* The global-scope one finishes on another thread, which does not wake
   * this context: poll. */
  while (jobs[0] == NULL || !rill_job_is_completed (jobs[0])
         || jobs[1] == NULL || !rill_job_is_completed (jobs[1]))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpint (rill_job_get_state (jobs[0]), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpint (rill_job_get_state (jobs[1]), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_true (log_contains ("d20 done"));
  g_assert_true (log_contains ("g20 done"));
  rill_job_unref (jobs[0]);
  rill_job_unref (jobs[1]);
  rill_scope_cancel (scope);
}

static void
quick (RillScope *scope,
       gpointer   user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

static void
join_race_body (RillScope *scope,
                gpointer   user_data)
{
  /* Each job finishes on a worker while this coroutine is deciding to wait
   * for it: nothing may be lost or kept either way (the sanitizer and
   * valgrind runs check that nothing leaks). */
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(RillJob) job = rill_launch (scope, rill_context_default (), quick, user_data, NULL);
      g_assert_true (rill_job_join (job));
      g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
    }
}

static void
test_join_races_completion (void)
{
  gint ran = 0;

  rill_run_blocking (NULL, join_race_body, &ran);
  g_assert_cmpint (ran, ==, 3000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/structured/parent-completes-after-children", test_parent_completes_after_children);
  g_test_add_func ("/structured/cancel-deep-tree", test_cancel_deep_tree);
  g_test_add_func ("/structured/cancel-deep-chain", test_cancel_deep_chain);
  g_test_add_func ("/structured/failing-child-cancels-parent-and-siblings",
                   test_failing_child_cancels_parent_and_siblings);
  g_test_add_func ("/structured/supervisor-isolates-failures", test_supervisor_isolates_failures);
  g_test_add_func ("/structured/await-failed-deferred", test_await_failed_deferred);
  g_test_add_func ("/structured/children-of-cancelled-never-run", test_children_of_cancelled_never_run);
  g_test_add_func ("/structured/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/structured/other-parents-survive-cancel", test_other_parents_survive_cancel);
  g_test_add_func ("/structured/join-races-completion", test_join_races_completion);

  return g_test_run ();
}
