/* test-job.c: plain jobs, supervisor jobs and completion handlers
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The semantics of kotlinx's Job, SupervisorJob and CompletableJob: the
 * states a job goes through, how cancellation and failure travel through a
 * tree of jobs, completion handlers, the list of children and the textual
 * description. Jobs whose states need a coroutine (NEW, a cancelling job
 * waiting for a running body) use a test scope, whose coroutines run only
 * when the test drives them.
 */

#include <string.h>

#include <rill.h>

#define TEST_ERROR (test_error_quark ())
GQuark test_error_quark (void);
G_DEFINE_QUARK (rill-test-job-error-quark, test_error)

enum {
  TEST_ERROR_DISK_ON_FIRE = 17,
  TEST_ERROR_OTHER = 23,
};

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static void
assert_cancelled_by_cancellation (RillJob *job)
{
  g_autoptr(GError) cause = NULL;

  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
assert_cause (RillJob     *job,
              GQuark       domain,
              gint         code,
              const char  *message)
{
  g_autoptr(GError) cause = NULL;

  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, domain, code);
  g_assert_cmpstr (cause->message, ==, message);
}

static void
assert_no_cause (RillJob *job)
{
  g_autoptr(GError) cause = NULL;

  g_assert_true (rill_job_get_cancellation_cause (job, &cause));
  g_assert_no_error (cause);
}

static void
assert_final_cancelled (RillJob *job)
{
  g_assert_true (rill_job_is_cancelled (job));
  g_assert_false (rill_job_is_active (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_true (rill_job_is_completed (job));
}

static void
assert_final_completed (RillJob *job)
{
  g_assert_false (rill_job_is_cancelled (job));
  g_assert_false (rill_job_is_active (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_true (rill_job_is_completed (job));
}

static void
assert_plain_active (RillJob *job)
{
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);
  g_assert_true (rill_job_is_active (job));
  g_assert_false (rill_job_is_cancelled (job));
  g_assert_false (rill_job_is_completed (job));
}

/* A completion handler that records every call in a shared log. */
typedef struct
{
  GString    *log;
  const char *name;
  guint       calls;
  guint       destroyed;
  gboolean    had_cause;
  GQuark      cause_domain;
  gint        cause_code;
  char       *cause_message;
  RillJob    *job_seen;
  RillJobState state_seen;
} Handler;

static void
handler_init (Handler    *h,
              GString    *log,
              const char *name)
{
  memset (h, 0, sizeof *h);
  h->log = log;
  h->name = name;
}

static void
handler_clear (Handler *h)
{
  g_clear_pointer (&h->cause_message, g_free);
}

static void
handler_func (RillJob      *job,
              const GError *cause,
              gpointer      user_data)
{
  Handler *h = user_data;

  h->calls++;
  h->job_seen = job;
  h->state_seen = rill_job_get_state (job);
  if (h->log != NULL)
    g_string_append (h->log, h->name);
  h->had_cause = cause != NULL;
  if (cause != NULL)
    {
      h->cause_domain = cause->domain;
      h->cause_code = cause->code;
      g_free (h->cause_message);
      h->cause_message = g_strdup (cause->message);
    }
}

static void
handler_destroy (gpointer user_data)
{
  Handler *h = user_data;

  h->destroyed++;
}

static void
count_block (RillScope *scope,
             gpointer   user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
delay_block (RillScope *scope,
             gpointer   user_data)
{
  guint *count = user_data;

  if (!rill_delay (1000))
    return;
  (*count)++;
}

/* ------------------------------------------------------------------------ */
/* States                                                                   */

/* NEW -> ACTIVE -> COMPLETED with a lazy coroutine. */
static void
test_state_new (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  guint count = 0;

  job = rill_launch_full (rill_test_scope_get_scope (ts), NULL, RILL_COROUTINE_START_LAZY,
                          count_block, &count, NULL);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_NEW);
  g_assert_false (rill_job_is_active (job));
  g_assert_false (rill_job_is_cancelled (job));
  g_assert_false (rill_job_is_completed (job));

  /* A lazy coroutine does not run until started. */
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_NEW);

  g_assert_true (rill_job_start (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);
  g_assert_true (rill_job_is_active (job));
  g_assert_false (rill_job_is_completed (job));
  g_assert_false (rill_job_start (job));
  g_assert_cmpuint (count, ==, 0);

  rill_test_scope_run_current (ts);
  g_assert_cmpuint (count, ==, 1);
  assert_final_completed (job);
  assert_no_cause (job);
  g_assert_false (rill_job_start (job));
}

/* A lazy coroutine cancelled before it started never runs and is cancelled. */
static void
test_state_new_cancelled (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  guint count = 0;

  job = rill_launch_full ((RillScope *) ts, NULL, RILL_COROUTINE_START_LAZY,
                          count_block, &count, NULL);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_NEW);
  g_assert_true (rill_job_cancel (job));
  rill_test_scope_advance_until_idle (ts);
  assert_final_cancelled (job);
  assert_cancelled_by_cancellation (job);
  g_assert_false (rill_job_start (job));
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (count, ==, 0);
}

static void
test_state_plain_complete (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);

  assert_plain_active (job);
  assert_no_cause (job);
  g_assert_null (rill_job_get_parent (job));
  g_assert_cmpuint (rill_job_get_n_children (job), ==, 0);

  g_assert_true (rill_job_complete (job));
  assert_final_completed (job);
  assert_no_cause (job);

  /* Finished: nothing moves it any more. */
  g_assert_false (rill_job_complete (job));
  g_assert_false (rill_job_cancel (job));
  assert_final_completed (job);
  assert_no_cause (job);
}

/* kotlinx: Job().cancel() with no children is cancelled and completed at once. */
static void
test_state_plain_cancel (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);

  g_assert_true (rill_job_cancel (job));
  g_assert_true (rill_job_is_cancelled (job));
  g_assert_false (rill_job_is_active (job));
  assert_cancelled_by_cancellation (job);
  assert_final_cancelled (job);

  g_assert_false (rill_job_cancel (job));
  g_assert_false (rill_job_complete (job));
  assert_final_cancelled (job);
}

/* complete () on a job with active children: COMPLETING until they complete. */
static void
test_state_completing (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) c1 = rill_job_new (parent);
  g_autoptr(RillJob) c2 = rill_job_new (parent);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler h;

  handler_init (&h, log, "P");
  g_assert_cmpuint (rill_job_invoke_on_completion (parent, handler_func, &h, handler_destroy), !=, 0);
  g_assert_true (rill_job_get_parent (c1) == parent);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 2);

  g_assert_true (rill_job_complete (parent));
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_true (rill_job_is_active (parent));
  g_assert_false (rill_job_is_cancelled (parent));
  g_assert_false (rill_job_is_completed (parent));
  g_assert_false (rill_job_complete (parent));
  g_assert_cmpuint (h.calls, ==, 0);

  g_assert_true (rill_job_complete (c1));
  assert_final_completed (c1);
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 1);
  g_assert_cmpuint (h.calls, ==, 0);

  g_assert_true (rill_job_complete (c2));
  assert_final_completed (c2);
  assert_final_completed (parent);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 0);
  g_assert_cmpuint (h.calls, ==, 1);
  g_assert_false (h.had_cause);
  g_assert_cmpuint (h.destroyed, ==, 1);
  g_assert_cmpstr (log->str, ==, "P");
  handler_clear (&h);
}

/* A job whose coroutine child is still running stays CANCELLING until the
 * child returns; the coroutine itself is CANCELLING until it resumes. */
static void
test_state_cancelling (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillContext) ctx = rill_context_new_for_job (parent);
  g_autoptr(RillJob) co = NULL;
  guint count = 0;

  co = rill_launch ((RillScope *) ts, ctx, delay_block, &count, NULL);
  g_assert_true (rill_job_get_parent (co) == parent);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_job_get_state (co), ==, RILL_JOB_STATE_ACTIVE);

  g_assert_true (rill_job_cancel (parent));
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_CANCELLING);
  g_assert_false (rill_job_is_active (parent));
  g_assert_true (rill_job_is_cancelled (parent));
  g_assert_false (rill_job_is_completed (parent));

  g_assert_cmpint (rill_job_get_state (co), ==, RILL_JOB_STATE_CANCELLING);
  g_assert_false (rill_job_is_active (co));
  g_assert_true (rill_job_is_cancelled (co));
  g_assert_false (rill_job_is_completed (co));
  g_assert_false (rill_job_cancel (co));

  rill_test_scope_run_current (ts);
  g_assert_cmpuint (count, ==, 0);
  assert_final_cancelled (co);
  assert_cancelled_by_cancellation (co);
  assert_final_cancelled (parent);
  assert_cancelled_by_cancellation (parent);
}

/* ------------------------------------------------------------------------ */
/* Cancellation through the tree                                            */

static void
test_cancel_tree (void)
{
  /* root -> a, b; a -> a1, a2; b -> b1; a1 -> a1x, a1y; b1 -> b1x */
  g_autoptr(RillJob) root = rill_job_new (NULL);
  g_autoptr(RillJob) a = rill_job_new (root);
  g_autoptr(RillJob) b = rill_supervisor_job_new (root);
  g_autoptr(RillJob) a1 = rill_job_new (a);
  g_autoptr(RillJob) a2 = rill_job_new (a);
  g_autoptr(RillJob) b1 = rill_job_new (b);
  g_autoptr(RillJob) a1x = rill_job_new (a1);
  g_autoptr(RillJob) a1y = rill_supervisor_job_new (a1);
  g_autoptr(RillJob) b1x = rill_job_new (b1);
  RillJob *all[] = { root, a, b, a1, a2, b1, a1x, a1y, b1x };
  RillJob *outside = rill_job_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    assert_plain_active (all[i]);

  g_assert_true (rill_job_cancel (root));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_test_message ("job %u", i);
      g_assert_true (rill_job_is_cancelled (all[i]));
      g_assert_false (rill_job_is_active (all[i]));
      assert_cancelled_by_cancellation (all[i]);
    }
  /* A job outside the tree is untouched. */
  assert_plain_active (outside);
  rill_job_unref (outside);

  /* Every job of the tree is already cancelled: cancel () changes nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_false (rill_job_cancel (all[i]));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_test_message ("job %u", i);
      assert_final_cancelled (all[i]);
    }
}

static void
test_cancel_child_keeps_parent (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) c1 = rill_job_new (parent);
  g_autoptr(RillJob) c2 = rill_job_new (parent);
  g_autoptr(RillJob) c1a = rill_job_new (c1);

  g_assert_true (rill_job_cancel (c1));
  g_assert_true (rill_job_is_cancelled (c1));
  g_assert_true (rill_job_is_cancelled (c1a));
  assert_cancelled_by_cancellation (c1);

  assert_plain_active (parent);
  assert_no_cause (parent);
  assert_plain_active (c2);
  assert_no_cause (c2);

  /* A cancelled child is finished, so the parent only waits for c2. */
  assert_final_cancelled (c1a);
  assert_final_cancelled (c1);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 1);

  g_assert_true (rill_job_complete (parent));
  g_assert_cmpint (rill_job_get_state (parent), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_true (rill_job_complete (c2));
  assert_final_completed (parent);
}

/* ------------------------------------------------------------------------ */
/* Failure                                                                  */

static void
test_fail_plain_parent (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) c1 = rill_job_new (parent);
  g_autoptr(RillJob) c2 = rill_job_new (parent);
  g_autoptr(RillJob) c2a = rill_job_new (c2);
  g_autoptr(GError) error = g_error_new (TEST_ERROR, TEST_ERROR_DISK_ON_FIRE,
                                         "The disk is on fire (%d)", 451);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler hp, h2;

  handler_init (&hp, log, "P");
  handler_init (&h2, log, "2");
  rill_job_invoke_on_completion (parent, handler_func, &hp, handler_destroy);
  rill_job_invoke_on_completion (c2, handler_func, &h2, handler_destroy);

  g_assert_true (rill_job_complete_exceptionally (c1, error));

  /* The failing child ends cancelled with its own error. */
  assert_final_cancelled (c1);
  assert_cause (c1, TEST_ERROR, TEST_ERROR_DISK_ON_FIRE, "The disk is on fire (451)");

  /* Its parent is cancelled with that error as the cause. */
  g_assert_true (rill_job_is_cancelled (parent));
  g_assert_false (rill_job_is_active (parent));
  assert_cause (parent, TEST_ERROR, TEST_ERROR_DISK_ON_FIRE, "The disk is on fire (451)");

  /* The siblings, and their children, are cancelled (not failed). */
  g_assert_true (rill_job_is_cancelled (c2));
  g_assert_true (rill_job_is_cancelled (c2a));
  assert_cancelled_by_cancellation (c2);
  assert_cancelled_by_cancellation (c2a);

  /* kotlinx's JobImpl completes as soon as it is cancelled and has no
   * running children. */
  assert_final_cancelled (c2a);
  assert_final_cancelled (c2);
  assert_final_cancelled (parent);
  g_assert_cmpuint (h2.calls, ==, 1);
  g_assert_true (h2.had_cause);
  g_assert_cmpuint (hp.calls, ==, 1);
  g_assert_true (hp.had_cause);
  g_assert_cmpuint (hp.cause_domain, ==, TEST_ERROR);
  g_assert_cmpint (hp.cause_code, ==, TEST_ERROR_DISK_ON_FIRE);
  g_assert_cmpstr (hp.cause_message, ==, "The disk is on fire (451)");
  /* The sibling finishes before the parent, which waits for it. */
  g_assert_cmpstr (log->str, ==, "2P");

  /* A second failure does not replace the first cause. */
  {
    g_autoptr(GError) other = g_error_new_literal (TEST_ERROR, TEST_ERROR_OTHER, "other");
    g_assert_false (rill_job_complete_exceptionally (c2, other));
    assert_cause (parent, TEST_ERROR, TEST_ERROR_DISK_ON_FIRE, "The disk is on fire (451)");
  }
  handler_clear (&hp);
  handler_clear (&h2);
}

static void
test_fail_supervisor_parent (void)
{
  g_autoptr(RillJob) top = rill_job_new (NULL);
  g_autoptr(RillJob) sup = rill_supervisor_job_new (top);
  g_autoptr(RillJob) c1 = rill_job_new (sup);
  g_autoptr(RillJob) c2 = rill_job_new (sup);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_DISK_ON_FIRE,
                                                 "supervised failure");

  g_assert_true (rill_job_complete_exceptionally (c1, error));
  assert_final_cancelled (c1);
  assert_cause (c1, TEST_ERROR, TEST_ERROR_DISK_ON_FIRE, "supervised failure");

  /* Neither the supervisor, nor its other children, nor its parent notice. */
  assert_plain_active (sup);
  assert_no_cause (sup);
  assert_plain_active (c2);
  assert_no_cause (c2);
  assert_plain_active (top);
  assert_no_cause (top);
  g_assert_cmpuint (rill_job_get_n_children (sup), ==, 1);

  g_assert_true (rill_job_complete (c2));
  g_assert_true (rill_job_complete (sup));
  assert_final_completed (sup);
  g_assert_true (rill_job_complete (top));
  assert_final_completed (top);
}

/* A grandchild's failure goes up to the nearest supervisor and stops there. */
static void
test_fail_stops_at_supervisor (void)
{
  g_autoptr(RillJob) sup = rill_supervisor_job_new (NULL);
  g_autoptr(RillJob) mid = rill_job_new (sup);
  g_autoptr(RillJob) other = rill_job_new (sup);
  g_autoptr(RillJob) leaf = rill_job_new (mid);
  g_autoptr(RillJob) leaf_sibling = rill_job_new (mid);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_OTHER, "leaf failed");

  g_assert_true (rill_job_complete_exceptionally (leaf, error));
  assert_cause (leaf, TEST_ERROR, TEST_ERROR_OTHER, "leaf failed");
  g_assert_true (rill_job_is_cancelled (mid));
  assert_cause (mid, TEST_ERROR, TEST_ERROR_OTHER, "leaf failed");
  g_assert_true (rill_job_is_cancelled (leaf_sibling));
  assert_cancelled_by_cancellation (leaf_sibling);

  assert_plain_active (sup);
  assert_no_cause (sup);
  assert_plain_active (other);

  assert_final_cancelled (leaf_sibling);
  assert_final_cancelled (mid);
  g_assert_cmpuint (rill_job_get_n_children (sup), ==, 1);

  /* An active child keeps its parent alive (and the other way round) until
   * it completes. */
  g_assert_true (rill_job_complete (other));
  g_assert_true (rill_job_complete (sup));
  assert_final_completed (sup);
}

/* complete_exceptionally on a plain job with no parent: cancelled with it. */
static void
test_fail_root (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_OTHER, "root failed");

  g_assert_true (rill_job_complete_exceptionally (job, error));
  assert_final_cancelled (job);
  assert_cause (job, TEST_ERROR, TEST_ERROR_OTHER, "root failed");
  g_assert_false (rill_job_complete_exceptionally (job, error));
  g_assert_false (rill_job_complete (job));
}

/* ------------------------------------------------------------------------ */
/* Attaching                                                                */

static void
test_attach_to_cancelled_parent (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) child = NULL;
  g_autoptr(RillJob) grandchild = NULL;

  rill_job_cancel (parent);
  child = rill_job_new (parent);
  g_assert_true (rill_job_get_parent (child) == parent);
  g_assert_true (rill_job_is_cancelled (child));
  g_assert_false (rill_job_is_active (child));
  assert_cancelled_by_cancellation (child);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 0);

  grandchild = rill_job_new (child);
  g_assert_true (rill_job_is_cancelled (grandchild));

  assert_final_cancelled (child);
  assert_final_cancelled (grandchild);
  assert_final_cancelled (parent);
}

/* kotlinx: a child attached to a job that has already completed is cancelled. */
static void
test_attach_to_completed_parent (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) child = NULL;

  g_assert_true (rill_job_complete (parent));
  child = rill_job_new (parent);
  g_assert_true (rill_job_is_cancelled (child));
  assert_cancelled_by_cancellation (child);
  assert_final_completed (parent);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Completion handlers                                                      */

static void
test_handlers_order_completed (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler h[4];
  const char *names[] = { "a", "b", "c", "d" };
  guint ids[4];

  for (guint i = 0; i < 4; i++)
    {
      handler_init (&h[i], log, names[i]);
      ids[i] = rill_job_invoke_on_completion (job, handler_func, &h[i], handler_destroy);
      g_assert_cmpuint (ids[i], !=, 0);
      for (guint j = 0; j < i; j++)
        g_assert_cmpuint (ids[i], !=, ids[j]);
    }
  g_assert_cmpstr (log->str, ==, "");

  g_assert_true (rill_job_complete (job));
  g_assert_cmpstr (log->str, ==, "abcd");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (h[i].calls, ==, 1);
      g_assert_cmpuint (h[i].destroyed, ==, 1);
      g_assert_false (h[i].had_cause);
      g_assert_true (h[i].job_seen == job);
      /* Handlers see the final state. */
      g_assert_cmpint (h[i].state_seen, ==, RILL_JOB_STATE_COMPLETED);
    }

  /* Nothing runs them again. */
  g_assert_false (rill_job_complete (job));
  g_assert_false (rill_job_cancel (job));
  for (guint i = 0; i < 4; i++)
    rill_job_remove_completion_handler (job, ids[i]);
  g_assert_cmpstr (log->str, ==, "abcd");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (h[i].calls, ==, 1);
      g_assert_cmpuint (h[i].destroyed, ==, 1);
      handler_clear (&h[i]);
    }
}

static void
test_handlers_cause_cancelled (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler h1, h2;

  handler_init (&h1, log, "1");
  handler_init (&h2, log, "2");
  rill_job_invoke_on_completion (job, handler_func, &h1, handler_destroy);
  rill_job_invoke_on_completion (job, handler_func, &h2, NULL);

  g_assert_true (rill_job_cancel (job));
  g_assert_cmpstr (log->str, ==, "12");
  g_assert_cmpuint (h1.calls, ==, 1);
  g_assert_cmpuint (h1.destroyed, ==, 1);
  g_assert_cmpuint (h2.calls, ==, 1);
  g_assert_cmpuint (h2.destroyed, ==, 0);
  g_assert_true (h1.had_cause);
  g_assert_cmpuint (h1.cause_domain, ==, G_IO_ERROR);
  g_assert_cmpint (h1.cause_code, ==, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (h1.state_seen, ==, RILL_JOB_STATE_CANCELLED);

  g_assert_false (rill_job_cancel (job));
  g_assert_cmpstr (log->str, ==, "12");
  handler_clear (&h1);
  handler_clear (&h2);
}

static void
test_handlers_cause_failed (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_DISK_ON_FIRE, "melted");
  Handler h;

  handler_init (&h, NULL, "h");
  rill_job_invoke_on_completion (job, handler_func, &h, handler_destroy);
  rill_job_complete_exceptionally (job, error);
  g_assert_cmpuint (h.calls, ==, 1);
  g_assert_cmpuint (h.destroyed, ==, 1);
  g_assert_true (h.had_cause);
  g_assert_cmpuint (h.cause_domain, ==, TEST_ERROR);
  g_assert_cmpint (h.cause_code, ==, TEST_ERROR_DISK_ON_FIRE);
  g_assert_cmpstr (h.cause_message, ==, "melted");
  handler_clear (&h);
}

/* A handler of a child runs before the one of its parent, which waits. */
static void
test_handlers_child_before_parent (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) child = rill_job_new (parent);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler hp, hc;

  handler_init (&hp, log, "P");
  handler_init (&hc, log, "C");
  rill_job_invoke_on_completion (parent, handler_func, &hp, handler_destroy);
  rill_job_invoke_on_completion (child, handler_func, &hc, handler_destroy);

  rill_job_complete (parent);
  g_assert_cmpstr (log->str, ==, "");
  rill_job_complete (child);
  g_assert_cmpstr (log->str, ==, "CP");
  handler_clear (&hp);
  handler_clear (&hc);
}

static void
test_handlers_on_finished_job (void)
{
  g_autoptr(RillJob) done = rill_job_new (NULL);
  g_autoptr(RillJob) failed = rill_job_new (NULL);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_OTHER, "already failed");
  Handler h1, h2;

  rill_job_complete (done);
  handler_init (&h1, NULL, "1");
  g_assert_cmpuint (rill_job_invoke_on_completion (done, handler_func, &h1, handler_destroy), ==, 0);
  /* It ran before invoke_on_completion returned. */
  g_assert_cmpuint (h1.calls, ==, 1);
  g_assert_cmpuint (h1.destroyed, ==, 1);
  g_assert_false (h1.had_cause);
  g_assert_true (h1.job_seen == done);

  rill_job_complete_exceptionally (failed, error);
  handler_init (&h2, NULL, "2");
  g_assert_cmpuint (rill_job_invoke_on_completion (failed, handler_func, &h2, handler_destroy), ==, 0);
  g_assert_cmpuint (h2.calls, ==, 1);
  g_assert_cmpuint (h2.destroyed, ==, 1);
  g_assert_true (h2.had_cause);
  g_assert_cmpuint (h2.cause_domain, ==, TEST_ERROR);
  g_assert_cmpint (h2.cause_code, ==, TEST_ERROR_OTHER);
  g_assert_cmpstr (h2.cause_message, ==, "already failed");

  handler_clear (&h1);
  handler_clear (&h2);
}

static void
test_handlers_remove (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler h1, h2, h3;
  guint id1, id2, id3;

  handler_init (&h1, log, "1");
  handler_init (&h2, log, "2");
  handler_init (&h3, log, "3");
  id1 = rill_job_invoke_on_completion (job, handler_func, &h1, handler_destroy);
  id2 = rill_job_invoke_on_completion (job, handler_func, &h2, handler_destroy);
  id3 = rill_job_invoke_on_completion (job, handler_func, &h3, handler_destroy);
  g_assert_cmpuint (id1, !=, 0);
  g_assert_cmpuint (id2, !=, 0);
  g_assert_cmpuint (id3, !=, 0);

  /* Removing frees the data at once and the handler never runs. */
  rill_job_remove_completion_handler (job, id2);
  g_assert_cmpuint (h2.destroyed, ==, 1);
  g_assert_cmpuint (h2.calls, ==, 0);
  /* A second removal of the same id does nothing. */
  rill_job_remove_completion_handler (job, id2);
  g_assert_cmpuint (h2.destroyed, ==, 1);

  /* Removing the last and the first one works as well. */
  rill_job_remove_completion_handler (job, id3);
  g_assert_cmpuint (h3.destroyed, ==, 1);

  g_assert_true (rill_job_complete (job));
  g_assert_cmpstr (log->str, ==, "1");
  g_assert_cmpuint (h1.calls, ==, 1);
  g_assert_cmpuint (h1.destroyed, ==, 1);
  g_assert_cmpuint (h2.calls, ==, 0);
  g_assert_cmpuint (h2.destroyed, ==, 1);
  g_assert_cmpuint (h3.calls, ==, 0);
  g_assert_cmpuint (h3.destroyed, ==, 1);

  /* After completion a removal is a no-op: nothing is freed twice. */
  rill_job_remove_completion_handler (job, id1);
  rill_job_remove_completion_handler (job, id2);
  g_assert_cmpuint (h1.destroyed, ==, 1);
  g_assert_cmpuint (h2.destroyed, ==, 1);

  handler_clear (&h1);
  handler_clear (&h2);
  handler_clear (&h3);
}

static void
test_handlers_remove_first (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  Handler h1, h2;
  guint id1;

  handler_init (&h1, log, "1");
  handler_init (&h2, log, "2");
  id1 = rill_job_invoke_on_completion (job, handler_func, &h1, handler_destroy);
  rill_job_invoke_on_completion (job, handler_func, &h2, handler_destroy);
  rill_job_remove_completion_handler (job, id1);
  g_assert_cmpuint (h1.destroyed, ==, 1);

  rill_job_cancel (job);
  g_assert_cmpstr (log->str, ==, "2");
  g_assert_cmpuint (h1.calls, ==, 0);
  g_assert_cmpuint (h1.destroyed, ==, 1);
  g_assert_cmpuint (h2.calls, ==, 1);
  g_assert_cmpuint (h2.destroyed, ==, 1);
  handler_clear (&h1);
  handler_clear (&h2);
}

/* ------------------------------------------------------------------------ */
/* Children                                                                 */

static void
test_children (void)
{
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillJob) c1 = rill_job_new (parent);
  g_autoptr(RillJob) c2 = rill_job_new (parent);
  g_autoptr(RillJob) c3 = rill_supervisor_job_new (parent);
  g_autoptr(RillJob) c4 = rill_job_new (parent);
  g_autoptr(RillJob) grandchild = rill_job_new (c1);
  g_autoptr(GPtrArray) children = NULL;

  children = rill_job_get_children (parent);
  g_assert_cmpuint (children->len, ==, 4);
  g_assert_true (children->pdata[0] == c1);
  g_assert_true (children->pdata[1] == c2);
  g_assert_true (children->pdata[2] == c3);
  g_assert_true (children->pdata[3] == c4);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 4);
  g_clear_pointer (&children, g_ptr_array_unref);

  /* Only direct children are listed. */
  children = rill_job_get_children (c1);
  g_assert_cmpuint (children->len, ==, 1);
  g_assert_true (children->pdata[0] == grandchild);
  g_clear_pointer (&children, g_ptr_array_unref);

  g_assert_true (rill_job_complete (c2));
  children = rill_job_get_children (parent);
  g_assert_cmpuint (children->len, ==, 3);
  g_assert_true (children->pdata[0] == c1);
  g_assert_true (children->pdata[1] == c3);
  g_assert_true (children->pdata[2] == c4);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 3);
  g_clear_pointer (&children, g_ptr_array_unref);

  /* A completing child is still listed until it completed. */
  g_assert_true (rill_job_complete (c1));
  children = rill_job_get_children (parent);
  g_assert_cmpuint (children->len, ==, 3);
  g_assert_true (children->pdata[0] == c1);
  g_clear_pointer (&children, g_ptr_array_unref);

  g_assert_true (rill_job_complete (grandchild));
  g_assert_true (rill_job_complete (c4));
  children = rill_job_get_children (parent);
  g_assert_cmpuint (children->len, ==, 1);
  g_assert_true (children->pdata[0] == c3);
  g_clear_pointer (&children, g_ptr_array_unref);

  g_assert_true (rill_job_complete (c3));
  children = rill_job_get_children (parent);
  g_assert_cmpuint (children->len, ==, 0);
  g_assert_cmpuint (rill_job_get_n_children (parent), ==, 0);
  g_clear_pointer (&children, g_ptr_array_unref);

  children = rill_job_get_children (c1);
  g_assert_cmpuint (children->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Description                                                              */

static void
assert_matches (const char *str,
                const char *pattern)
{
  g_test_message ("%s =~ %s", str, pattern);
  g_assert_true (g_regex_match_simple (pattern, str, 0, 0));
}

static void
test_to_string (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(RillJob) child = rill_job_new (job);
  g_autoptr(RillJob) sup = rill_supervisor_job_new (NULL);
  g_autoptr(RillJob) cancelled = rill_job_new (NULL);
  g_autofree char *s1 = rill_job_to_string (job);
  g_autofree char *s2 = rill_job_to_string (sup);
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;
  g_autofree char *s5 = NULL;
  g_autofree char *s6 = NULL;
  g_autofree char *s7 = NULL;

  assert_matches (s1, "^JobImpl\\{Active\\}@[0-9a-f]+$");
  assert_matches (s2, "^SupervisorJobImpl\\{Active\\}@[0-9a-f]+$");
  /* Two jobs are told apart. */
  g_assert_cmpstr (s1, !=, (s7 = rill_job_to_string (child)));
  assert_matches (s7, "^JobImpl\\{Active\\}@[0-9a-f]+$");

  rill_job_complete (job);
  s3 = rill_job_to_string (job);
  assert_matches (s3, "^JobImpl\\{Completing\\}@[0-9a-f]+$");
  /* Same job, same address part. */
  g_assert_cmpstr (strchr (s3, '@'), ==, strchr (s1, '@'));

  rill_job_complete (child);
  s4 = rill_job_to_string (job);
  assert_matches (s4, "^JobImpl\\{Completed\\}@[0-9a-f]+$");

  rill_job_complete (sup);
  s5 = rill_job_to_string (sup);
  assert_matches (s5, "^SupervisorJobImpl\\{Completed\\}@[0-9a-f]+$");

  rill_job_cancel (cancelled);
  s6 = rill_job_to_string (cancelled);
  assert_matches (s6, "^JobImpl\\{Cancelled\\}@[0-9a-f]+$");
}

/* ------------------------------------------------------------------------ */
/* Deep trees                                                               */

#define DEEP 100000

static RillJob **
deep_chain_new (void)
{
  RillJob **jobs = g_new (RillJob *, DEEP);

  jobs[0] = rill_job_new (NULL);
  for (guint i = 1; i < DEEP; i++)
    jobs[i] = rill_job_new (jobs[i - 1]);
  return jobs;
}

/* Drops the references root first: each job's last reference then goes with
 * its child's. */
static void
deep_chain_free (RillJob **jobs)
{
  for (guint i = 0; i < DEEP; i++)
    rill_job_unref (jobs[i]);
  g_free (jobs);
}

static void
test_deep_chain_cancel (void)
{
  RillJob **jobs = deep_chain_new ();
  Handler h;

  handler_init (&h, NULL, "root");
  rill_job_invoke_on_completion (jobs[0], handler_func, &h, handler_destroy);

  g_assert_true (rill_job_cancel (jobs[0]));
  g_assert_true (rill_job_is_cancelled (jobs[DEEP - 1]));
  g_assert_true (rill_job_is_cancelled (jobs[DEEP / 2]));
  assert_cancelled_by_cancellation (jobs[DEEP - 1]);
  assert_final_cancelled (jobs[DEEP - 1]);
  assert_final_cancelled (jobs[0]);
  g_assert_cmpuint (h.calls, ==, 1);
  g_assert_true (h.had_cause);
  g_assert_cmpint (h.cause_code, ==, G_IO_ERROR_CANCELLED);
  handler_clear (&h);

  deep_chain_free (jobs);
}

static void
test_deep_chain_complete (void)
{
  RillJob **jobs = deep_chain_new ();
  Handler h;

  handler_init (&h, NULL, "root");
  rill_job_invoke_on_completion (jobs[0], handler_func, &h, handler_destroy);

  /* Every job but the leaf waits for its child... */
  for (guint i = 0; i < DEEP - 1; i++)
    g_assert_true (rill_job_complete (jobs[i]));
  g_assert_cmpint (rill_job_get_state (jobs[0]), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_cmpint (rill_job_get_state (jobs[DEEP - 2]), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_cmpuint (h.calls, ==, 0);

  /* ...so completing the leaf completes the whole chain up to the root. */
  g_assert_true (rill_job_complete (jobs[DEEP - 1]));
  assert_final_completed (jobs[DEEP - 1]);
  assert_final_completed (jobs[DEEP / 2]);
  assert_final_completed (jobs[0]);
  g_assert_cmpuint (h.calls, ==, 1);
  g_assert_false (h.had_cause);
  handler_clear (&h);

  deep_chain_free (jobs);
}

/* Completed from the leaves upwards, one level at a time. */
static void
test_deep_chain_complete_bottom_up (void)
{
  RillJob **jobs = deep_chain_new ();

  for (guint i = DEEP; i > 0; i--)
    g_assert_true (rill_job_complete (jobs[i - 1]));
  assert_final_completed (jobs[0]);
  assert_final_completed (jobs[DEEP - 1]);
  g_assert_cmpuint (rill_job_get_n_children (jobs[0]), ==, 0);

  deep_chain_free (jobs);
}

/* A failure of the leaf goes up the whole chain. (Shorter: the failure
 * path costs more per level.) */
#define DEEP_FAIL 10000

static void
test_deep_chain_fail (void)
{
  RillJob **jobs = g_new (RillJob *, DEEP_FAIL);
  g_autoptr(GError) error = g_error_new_literal (TEST_ERROR, TEST_ERROR_OTHER, "deep failure");

  jobs[0] = rill_job_new (NULL);
  for (guint i = 1; i < DEEP_FAIL; i++)
    jobs[i] = rill_job_new (jobs[i - 1]);

  g_assert_true (rill_job_complete_exceptionally (jobs[DEEP_FAIL - 1], error));
  assert_cause (jobs[DEEP_FAIL / 2], TEST_ERROR, TEST_ERROR_OTHER, "deep failure");
  assert_cause (jobs[0], TEST_ERROR, TEST_ERROR_OTHER, "deep failure");
  assert_final_cancelled (jobs[DEEP_FAIL - 1]);
  assert_final_cancelled (jobs[0]);

  for (guint i = 0; i < DEEP_FAIL; i++)
    rill_job_unref (jobs[i]);
  g_free (jobs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/job/state/new", test_state_new);
  g_test_add_func ("/job/state/new-cancelled", test_state_new_cancelled);
  g_test_add_func ("/job/state/plain-complete", test_state_plain_complete);
  g_test_add_func ("/job/state/plain-cancel", test_state_plain_cancel);
  g_test_add_func ("/job/state/completing", test_state_completing);
  g_test_add_func ("/job/state/cancelling", test_state_cancelling);
  g_test_add_func ("/job/cancel/tree", test_cancel_tree);
  g_test_add_func ("/job/cancel/child-keeps-parent", test_cancel_child_keeps_parent);
  g_test_add_func ("/job/fail/plain-parent", test_fail_plain_parent);
  g_test_add_func ("/job/fail/supervisor-parent", test_fail_supervisor_parent);
  g_test_add_func ("/job/fail/stops-at-supervisor", test_fail_stops_at_supervisor);
  g_test_add_func ("/job/fail/root", test_fail_root);
  g_test_add_func ("/job/attach/cancelled-parent", test_attach_to_cancelled_parent);
  g_test_add_func ("/job/attach/completed-parent", test_attach_to_completed_parent);
  g_test_add_func ("/job/handlers/order-completed", test_handlers_order_completed);
  g_test_add_func ("/job/handlers/cause-cancelled", test_handlers_cause_cancelled);
  g_test_add_func ("/job/handlers/cause-failed", test_handlers_cause_failed);
  g_test_add_func ("/job/handlers/child-before-parent", test_handlers_child_before_parent);
  g_test_add_func ("/job/handlers/on-finished-job", test_handlers_on_finished_job);
  g_test_add_func ("/job/handlers/remove", test_handlers_remove);
  g_test_add_func ("/job/handlers/remove-first", test_handlers_remove_first);
  g_test_add_func ("/job/children", test_children);
  g_test_add_func ("/job/to-string", test_to_string);
  g_test_add_func ("/job/deep-chain/cancel", test_deep_chain_cancel);
  g_test_add_func ("/job/deep-chain/complete", test_deep_chain_complete);
  g_test_add_func ("/job/deep-chain/complete-bottom-up", test_deep_chain_complete_bottom_up);
  g_test_add_func ("/job/deep-chain/fail", test_deep_chain_fail);

  return g_test_run ();
}
