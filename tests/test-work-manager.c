/* test-work-manager.c: the work manager's states, timings and policies
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every test runs a work manager on a real database file in a temporary
 * folder, in a test scope whose virtual clock is also the manager's: a
 * back-off of minutes or a period of a quarter hour passes in no time, and
 * each state is asserted at the exact millisecond it must change.
 */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <rill.h>

#include "test-network-monitor.h"
#include "test-work-clock.h"
#include "test-tmp-dir.h"

/* ---------------------------------------------------------------------- */
/* Test workers */

static gint runs;          /* runs of any test worker */
static gint stopped_seen;  /* runs that saw their stop */

/* Output {"echo": v, "value": v} for v = input["value"], or {}: the work
 * after it in a chain echoes the same value. */
G_DECLARE_FINAL_TYPE (EchoWorker, echo_worker, TEST, ECHO_WORKER, RillCoroutineWorker)
struct _EchoWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (EchoWorker, echo_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
echo_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  g_autoptr(GVariant) value = g_variant_lookup_value (input, "value", NULL);
  GVariantBuilder out;

  g_atomic_int_inc (&runs);
  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  if (value != NULL)
    {
      g_variant_builder_add (&out, "{sv}", "echo", value);
      g_variant_builder_add (&out, "{sv}", "value", value);
    }
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void echo_worker_class_init (EchoWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = echo_worker_do_work; }
static void echo_worker_init (EchoWorker *self) { }

/* Retries until its third attempt. */
G_DECLARE_FINAL_TYPE (RetryWorker, retry_worker, TEST, RETRY_WORKER, RillCoroutineWorker)
struct _RetryWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (RetryWorker, retry_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
retry_worker_do_work (RillCoroutineWorker  *worker,
                      GError              **error)
{
  g_atomic_int_inc (&runs);
  if (rill_worker_get_run_attempt_count (RILL_WORKER (worker)) < 3)
    return rill_work_result_new_retry ();
  return rill_work_result_new_success (NULL);
}

static void retry_worker_class_init (RetryWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = retry_worker_do_work; }
static void retry_worker_init (RetryWorker *self) { }

/* Fails with output {"why": "broken"}. */
G_DECLARE_FINAL_TYPE (FailWorker, fail_worker, TEST, FAIL_WORKER, RillCoroutineWorker)
struct _FailWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (FailWorker, fail_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
fail_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  GVariantBuilder out;

  g_atomic_int_inc (&runs);
  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&out, "{sv}", "why", g_variant_new_string ("broken"));
  return rill_work_result_new_failure (g_variant_builder_end (&out));
}

static void fail_worker_class_init (FailWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = fail_worker_do_work; }
static void fail_worker_init (FailWorker *self) { }

/* Takes 1000 ms, publishing progress {"step": 1} on the way. */
G_DECLARE_FINAL_TYPE (SlowWorker, slow_worker, TEST, SLOW_WORKER, RillCoroutineWorker)
struct _SlowWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (SlowWorker, slow_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
slow_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  GVariantBuilder progress;
  int ms = 1000;

  g_atomic_int_inc (&runs);
  g_variant_builder_init (&progress, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&progress, "{sv}", "step", g_variant_new_int32 (1));
  g_assert_true (rill_worker_set_progress (RILL_WORKER (worker), g_variant_builder_end (&progress), NULL));
  if (!g_variant_lookup (rill_worker_get_input_data (RILL_WORKER (worker)), "ms", "i", &ms))
    ms = 1000;
  if (!rill_delay (ms))
    {
      g_assert_true (rill_worker_is_stopped (RILL_WORKER (worker)));
      g_atomic_int_inc (&stopped_seen);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
      return NULL;
    }
  return rill_work_result_new_success (NULL);
}

static void slow_worker_class_init (SlowWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = slow_worker_do_work; }
static void slow_worker_init (SlowWorker *self) { }

/* Returns output larger than work data may be. */
G_DECLARE_FINAL_TYPE (HugeWorker, huge_worker, TEST, HUGE_WORKER, RillCoroutineWorker)
struct _HugeWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (HugeWorker, huge_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
huge_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  g_autofree char *text = g_strnfill (RILL_WORK_DATA_MAX_SIZE + 1, 'x');
  GVariantBuilder out;

  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&out, "{sv}", "text", g_variant_new_string (text));
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void huge_worker_class_init (HugeWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = huge_worker_do_work; }
static void huge_worker_init (HugeWorker *self) { }

/* ---------------------------------------------------------------------- */
/* The fixture */

typedef struct
{
  char            *dir;
  char            *path;
  RillTestScope   *ts;
  RillWorkManager *manager;
} Fixture;

static RillWorkManager *
open_manager (Fixture *f)
{
  return test_work_open_manager (f->path, f->ts);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("rill-work-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "app", "work.db", NULL);
  f->ts = rill_test_scope_new ();
  f->manager = open_manager (f);
  g_atomic_int_set (&runs, 0);
  g_atomic_int_set (&stopped_seen, 0);
}

static void
start (Fixture *f)
{
  rill_work_manager_start (f->manager, rill_test_scope_get_scope (f->ts));
  rill_test_scope_run_current (f->ts);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The running scheduler keeps its manager: it ends with the shutdown. */
  if (f->manager != NULL)
    rill_work_manager_shutdown (f->manager);
  g_clear_object (&f->manager);
  rill_test_scope_advance_until_idle (f->ts);
  rill_test_scope_unref (f->ts);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static RillWorkInfo *
info_of (Fixture         *f,
         RillWorkRequest *request)
{
  g_autoptr(GError) error = NULL;
  RillWorkInfo *info = rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (request), &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static RillWorkState
state_of (Fixture         *f,
          RillWorkRequest *request)
{
  g_autoptr(RillWorkInfo) info = info_of (f, request);

  return rill_work_info_get_state (info);
}

static GVariant *
int_data (const char *key,
          int         value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_int32 (value));
  return g_variant_builder_end (&b);
}

static RillWorkRequest *
request_for (GType type)
{
  return rill_work_request_new_one_time (g_type_name (type));
}

static void
enqueue (Fixture         *f,
         RillWorkRequest *request)
{
  g_autoptr(GError) error = NULL;

  rill_work_manager_enqueue (f->manager, request, &error);
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------- */

static void
test_one_time_success (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkInfo) before = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  int echo = 0;

  g_assert_true (rill_work_request_set_input_data (request, int_data ("value", 7), &error));
  rill_work_request_add_tag (request, "sync");
  enqueue (f, request);

  before = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_state (before), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (before), ==, 0);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (before), ==, BASE_TIME);
  g_assert_true (rill_work_info_has_tag (before, "sync"));
  g_assert_true (rill_work_info_has_tag (before, "EchoWorker"));
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);

  start (f);
  rill_test_scope_advance_until_idle (f->ts);
  after = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_state (after), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (after), ==, 1);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (after), "echo", "i", &echo));
  g_assert_cmpint (echo, ==, 7);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (after), ==, G_MAXINT64);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);

  /* Enqueued once only. */
  g_assert_false (rill_work_manager_enqueue (f->manager, request, &error));
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST);
}

static void
test_initial_delay (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkInfo) info = NULL;

  rill_work_request_set_initial_delay (request, 5000);
  enqueue (f, request);
  start (f);
  info = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (info), ==, BASE_TIME + 5000);

  rill_test_scope_advance_time_by (f->ts, 4999);
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_ENQUEUED);
  rill_test_scope_advance_time_by (f->ts, 1);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
}

/* Exponential from 30 s: the n-th retry waits 30 s × 2^(n-1). */
static void
test_retry_exponential (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = request_for (retry_worker_get_type ());
  const gint64 waits[] = { 30000, 60000 };
  gint64 t = BASE_TIME;

  enqueue (f, request);
  start (f);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_autoptr(RillWorkInfo) info = info_of (f, request);

      g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_ENQUEUED);
      g_assert_cmpuint (rill_work_info_get_run_attempt_count (info), ==, i + 1);
      g_assert_cmpint (rill_work_info_get_next_schedule_time (info), ==, t + waits[i]);
      rill_test_scope_advance_time_by (f->ts, waits[i] - 1);
      g_assert_cmpint (g_atomic_int_get (&runs), ==, (int) i + 1);
      rill_test_scope_advance_time_by (f->ts, 1);
      rill_test_scope_run_current (f->ts);
      t += waits[i];
    }
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 3);
}

/* Linear from 10 s: the n-th retry waits 10 s × n. */
static void
test_retry_linear (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = request_for (retry_worker_get_type ());
  g_autoptr(RillWorkInfo) first = NULL, second = NULL;

  rill_work_request_set_backoff_criteria (request, RILL_BACKOFF_POLICY_LINEAR, 10000);
  enqueue (f, request);
  start (f);
  first = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (first), ==, BASE_TIME + 10000);
  rill_test_scope_advance_time_by (f->ts, 10000);
  rill_test_scope_run_current (f->ts);
  second = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (second), ==, BASE_TIME + 10000 + 20000);
  rill_test_scope_advance_time_by (f->ts, 20000);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_SUCCEEDED);
}

static void
test_backoff_clamped (void)
{
  g_autoptr(RillWorkRequest) request = request_for (retry_worker_get_type ());

  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*back-off delay*");
  rill_work_request_set_backoff_criteria (request, RILL_BACKOFF_POLICY_LINEAR, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rill_work_request_get_backoff_delay (request), ==, RILL_WORK_MIN_BACKOFF_DELAY_MS);
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*back-off delay*");
  rill_work_request_set_backoff_criteria (request, RILL_BACKOFF_POLICY_LINEAR, G_MAXUINT64);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rill_work_request_get_backoff_delay (request), ==, RILL_WORK_MAX_BACKOFF_DELAY_MS);
}

static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkRequest) b = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkContinuation) first = NULL, then = NULL;
  g_autoptr(RillWorkInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  RillWorkRequest *step1[] = { a, slow };
  int echo = 0;

  g_assert_true (rill_work_request_set_input_data (a, int_data ("value", 42), NULL));
  first = rill_work_manager_begin_with (f->manager, step1, 2);
  then = rill_work_continuation_then (first, &b, 1);
  g_assert_true (rill_work_continuation_enqueue (then, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (f, b), ==, RILL_WORK_STATE_BLOCKED);

  start (f);
  g_assert_cmpint (state_of (f, a), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_RUNNING);
  g_assert_cmpint (state_of (f, b), ==, RILL_WORK_STATE_BLOCKED);

  rill_test_scope_advance_time_by (f->ts, 1000);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_SUCCEEDED);
  done = info_of (f, b);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  /* b's input was a's output. */
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "echo", "i", &echo));
  g_assert_cmpint (echo, ==, 42);

  g_assert_false (rill_work_continuation_enqueue (then, &error));
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST);
}

static void
test_failure_fails_dependents (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = request_for (fail_worker_get_type ());
  g_autoptr(RillWorkRequest) b = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) c = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkContinuation) chain = rill_work_manager_begin_with (f->manager, &a, 1);
  g_autoptr(RillWorkContinuation) then_b = rill_work_continuation_then (chain, &b, 1);
  g_autoptr(RillWorkContinuation) then_c = rill_work_continuation_then (then_b, &c, 1);
  g_autoptr(RillWorkInfo) failed = NULL;
  const char *why = NULL;

  g_assert_true (rill_work_continuation_enqueue (then_c, NULL));
  start (f);
  rill_test_scope_advance_until_idle (f->ts);
  failed = info_of (f, a);
  g_assert_cmpint (rill_work_info_get_state (failed), ==, RILL_WORK_STATE_FAILED);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (failed), "why", "&s", &why));
  g_assert_cmpstr (why, ==, "broken");
  g_assert_cmpint (state_of (f, b), ==, RILL_WORK_STATE_FAILED);
  g_assert_cmpint (state_of (f, c), ==, RILL_WORK_STATE_FAILED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
}

static void
test_cancel_running (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkRequest) after = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkContinuation) chain = rill_work_manager_begin_with (f->manager, &slow, 1);
  g_autoptr(RillWorkContinuation) then = rill_work_continuation_then (chain, &after, 1);
  g_autoptr(RillWorkInfo) running = NULL, cancelled = NULL;
  int step = 0;

  g_assert_true (rill_work_continuation_enqueue (then, NULL));
  start (f);
  running = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (running), ==, RILL_WORK_STATE_RUNNING);
  g_assert_true (g_variant_lookup (rill_work_info_get_progress (running), "step", "i", &step));
  g_assert_cmpint (step, ==, 1);

  g_assert_true (rill_work_manager_cancel_work_by_id (f->manager, rill_work_request_get_id (slow), NULL));
  rill_test_scope_run_current (f->ts);
  cancelled = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (cancelled), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (rill_work_info_get_stop_reason (cancelled), ==, RILL_WORK_STOP_REASON_CANCELLED);
  g_assert_cmpuint (g_variant_n_children (rill_work_info_get_progress (cancelled)), ==, 0);
  g_assert_cmpint (state_of (f, after), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 1);

  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
}

static void
test_cancel_by_tag (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) b = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) c = request_for (echo_worker_get_type ());
  g_autoptr(GPtrArray) tagged = NULL;

  rill_work_request_add_tag (a, "photos");
  rill_work_request_add_tag (b, "photos");
  rill_work_request_set_initial_delay (a, 1000);
  rill_work_request_set_initial_delay (b, 1000);
  rill_work_request_set_initial_delay (c, 1000);
  enqueue (f, a);
  enqueue (f, b);
  enqueue (f, c);
  start (f);
  g_assert_true (rill_work_manager_cancel_all_work_by_tag (f->manager, "photos", NULL));
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, a), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_of (f, b), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_of (f, c), ==, RILL_WORK_STATE_SUCCEEDED);
  tagged = rill_work_manager_get_work_infos_by_tag (f->manager, "photos", NULL);
  g_assert_cmpuint (tagged->len, ==, 2);
  g_assert_cmpstr (rill_work_info_get_id (g_ptr_array_index (tagged, 0)), ==, rill_work_request_get_id (a));
  g_assert_cmpstr (rill_work_info_get_id (g_ptr_array_index (tagged, 1)), ==, rill_work_request_get_id (b));
}

static void
enqueue_unique (Fixture                *f,
                RillExistingWorkPolicy  policy,
                RillWorkRequest        *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_work_manager_enqueue_unique_work (f->manager, "sync", policy, request, &error));
  g_assert_no_error (error);
}

static guint
n_named (Fixture *f)
{
  g_autoptr(GPtrArray) infos = rill_work_manager_get_work_infos_for_unique_work (f->manager, "sync", NULL);

  return infos->len;
}

static void
test_unique_keep_and_replace (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RillWorkRequest) first = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkRequest) kept_out = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) replacing = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkInfo) gone = NULL;

  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_KEEP, first);
  start (f);
  g_assert_cmpint (state_of (f, first), ==, RILL_WORK_STATE_RUNNING);

  /* KEEP: the running work stays, the new one is dropped. */
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_KEEP, kept_out);
  g_assert_null (rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (kept_out), NULL));
  g_assert_cmpuint (n_named (f), ==, 1);

  /* REPLACE: the running work is stopped and forgotten. */
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_REPLACE, replacing);
  gone = rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (first), NULL);
  g_assert_null (gone);
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 1);
  g_assert_cmpint (state_of (f, replacing), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (n_named (f), ==, 1);

  /* KEEP with only finished work of the name: the new work goes in. */
  {
    g_autoptr(RillWorkRequest) again = request_for (echo_worker_get_type ());

    enqueue_unique (f, RILL_EXISTING_WORK_POLICY_KEEP, again);
    rill_test_scope_advance_until_idle (f->ts);
    g_assert_cmpint (state_of (f, again), ==, RILL_WORK_STATE_SUCCEEDED);
  }
}

static void
test_unique_append (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RillWorkRequest) first = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkRequest) second = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) failing = request_for (fail_worker_get_type ());
  g_autoptr(RillWorkRequest) after_failure = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) fresh = request_for (echo_worker_get_type ());

  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_APPEND, first);
  start (f);
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_APPEND, second);
  g_assert_cmpint (state_of (f, second), ==, RILL_WORK_STATE_BLOCKED);
  rill_test_scope_advance_time_by (f->ts, 1000);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (state_of (f, first), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpint (state_of (f, second), ==, RILL_WORK_STATE_SUCCEEDED);

  /* Appended after succeeded work: runs at once. */
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_APPEND, failing);
  g_assert_cmpint (state_of (f, failing), ==, RILL_WORK_STATE_ENQUEUED);
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, failing), ==, RILL_WORK_STATE_FAILED);

  /* APPEND after failed work fails; APPEND_OR_REPLACE starts again. */
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_APPEND, after_failure);
  g_assert_cmpint (state_of (f, after_failure), ==, RILL_WORK_STATE_FAILED);
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE, fresh);
  g_assert_cmpint (state_of (f, fresh), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpuint (n_named (f), ==, 1);
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, fresh), ==, RILL_WORK_STATE_SUCCEEDED);
}

static void
test_periodic (Fixture       *f,
               gconstpointer  data)
{
  const gint64 interval = 15 * 60 * 1000;
  g_autoptr(RillWorkRequest) request =
    rill_work_request_new_periodic (g_type_name (echo_worker_get_type ()), interval, interval);

  enqueue (f, request);
  start (f);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
  for (int period = 1; period <= 3; period++)
    {
      g_autoptr(RillWorkInfo) info = info_of (f, request);

      g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_ENQUEUED);
      g_assert_true (rill_work_info_is_periodic (info));
      g_assert_cmpint (rill_work_info_get_next_schedule_time (info), ==, BASE_TIME + period * interval);
      rill_test_scope_advance_time_by (f->ts, interval - 1);
      g_assert_cmpint (g_atomic_int_get (&runs), ==, period);
      rill_test_scope_advance_time_by (f->ts, 1);
      rill_test_scope_run_current (f->ts);
      g_assert_cmpint (g_atomic_int_get (&runs), ==, period + 1);
    }
  g_assert_true (rill_work_manager_cancel_work_by_id (f->manager, rill_work_request_get_id (request), NULL));
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_CANCELLED);
}

/* The first period of flexible work runs at the end of its flex window. */
static void
test_periodic_flex (Fixture       *f,
                    gconstpointer  data)
{
  const gint64 interval = 60 * 60 * 1000, flex = 10 * 60 * 1000;
  g_autoptr(RillWorkRequest) request =
    rill_work_request_new_periodic (g_type_name (echo_worker_get_type ()), interval, flex);
  g_autoptr(RillWorkInfo) info = NULL;

  enqueue (f, request);
  info = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_next_schedule_time (info), ==, BASE_TIME + interval - flex);
  start (f);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);
  rill_test_scope_advance_time_by (f->ts, interval - flex);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
}

static void
test_periodic_clamped (void)
{
  g_autoptr(RillWorkRequest) request = NULL;

  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*interval of periodic work*");
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*flex of periodic work*");
  request = rill_work_request_new_periodic ("EchoWorker", 1000, 10);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rill_work_request_get_interval (request), ==, RILL_WORK_MIN_PERIODIC_INTERVAL_MS);
  g_assert_cmpuint (rill_work_request_get_flex (request), ==, RILL_WORK_MIN_PERIODIC_FLEX_MS);
}

static void
test_bad_work (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RillWorkRequest) unknown = rill_work_request_new_one_time ("NoSuchWorker");
  g_autoptr(RillWorkRequest) huge = request_for (huge_worker_get_type ());
  g_autoptr(RillWorkRequest) big_input = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (RILL_WORK_DATA_MAX_SIZE, 'y');
  GVariantBuilder b;
  const char *message = NULL;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "text", g_variant_new_string (text));
  g_assert_false (rill_work_request_set_input_data (big_input, g_variant_builder_end (&b), &error));
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATA_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (rill_work_request_set_input_data (big_input, g_variant_new_int32 (1), &error));
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST);

  enqueue (f, unknown);
  enqueue (f, huge);
  g_test_expect_message ("Rill", G_LOG_LEVEL_MESSAGE, "*NoSuchWorker*");
  g_test_expect_message ("Rill", G_LOG_LEVEL_MESSAGE, "*HugeWorker*bytes*");
  start (f);
  rill_test_scope_advance_until_idle (f->ts);
  g_test_assert_expected_messages ();

  info = info_of (f, unknown);
  g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_FAILED);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), "error", "&s", &message));
  g_assert_nonnull (strstr (message, "NoSuchWorker"));
  g_assert_cmpint (state_of (f, huge), ==, RILL_WORK_STATE_FAILED);
}

/* A process that ended with work running: the next start enqueues it
 * again, the attempt counted, and runs it. */
static void
test_recover (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkInfo) info = NULL;
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  enqueue (f, request);
  /* What a kill leaves: RUNNING, attempt 1. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE work_spec SET state = 1, run_attempt_count = 1 WHERE id = '%s'",
                         rill_work_request_get_id (request));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (state_of (f, request), ==, RILL_WORK_STATE_RUNNING);

  start (f);
  rill_test_scope_advance_until_idle (f->ts);
  info = info_of (f, request);
  g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (info), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);
}

/* A shutdown stops running work; it runs again at the next start. */
static void
test_shutdown_and_restart (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkInfo) stopped = NULL, done = NULL;

  enqueue (f, slow);
  start (f);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_RUNNING);
  rill_work_manager_shutdown (f->manager);
  rill_test_scope_run_current (f->ts);
  stopped = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (stopped), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpint (rill_work_info_get_stop_reason (stopped), ==, RILL_WORK_STOP_REASON_SHUTDOWN);
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 1);
  g_clear_object (&f->manager);

  f->manager = open_manager (f);
  start (f);
  rill_test_scope_advance_until_idle (f->ts);
  done = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (done), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 2);
}

static void
test_prune (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RillWorkRequest) done = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) waiting = request_for (echo_worker_get_type ());

  rill_work_request_set_initial_delay (waiting, 60000);
  enqueue (f, done);
  enqueue (f, waiting);
  start (f);
  g_assert_cmpint (state_of (f, done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_manager_prune_work (f->manager, NULL), ==, 1);
  g_assert_null (rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (done), NULL));
  g_assert_cmpint (state_of (f, waiting), ==, RILL_WORK_STATE_ENQUEUED);
}

/* Work that needs the network runs when it comes, and is stopped (and
 * enqueued again) when it goes. */
static void
test_network_constraint (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(RillWorkConstraints) constraints = rill_work_constraints_new ();
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkInfo) stopped = NULL, done = NULL;

  test_monitor_set (monitor, FALSE, FALSE, G_NETWORK_CONNECTIVITY_LOCAL);
  rill_work_constraints_set_required_network_type (constraints, RILL_NETWORK_TYPE_UNMETERED);
  rill_work_request_set_constraints (slow, constraints);
  g_assert_true (rill_work_request_get_constraints (slow) == constraints);
  enqueue (f, slow);
  rill_work_manager_set_network_monitor (f->manager, G_NETWORK_MONITOR (monitor));
  start (f);
  rill_test_scope_advance_time_by (f->ts, 60000);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);

  /* A metered network is not enough. */
  test_monitor_set (monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_FULL);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);

  test_monitor_set (monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_FULL);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_RUNNING);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 1);

  test_monitor_set (monitor, FALSE, FALSE, G_NETWORK_CONNECTIVITY_LOCAL);
  rill_test_scope_run_current (f->ts);
  stopped = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (stopped), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpint (rill_work_info_get_stop_reason (stopped), ==, RILL_WORK_STOP_REASON_CONSTRAINT_NETWORK);
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 1);

  test_monitor_set (monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_FULL);
  rill_test_scope_run_current (f->ts);
  rill_test_scope_advance_time_by (f->ts, 1000);
  rill_test_scope_run_current (f->ts);
  done = info_of (f, slow);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (done), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 2);
  rill_work_manager_shutdown (f->manager);
}

/* The rill-work tool cancels from another process: the running worker is
 * stopped at the next check of the database. */
static void
test_cancelled_elsewhere (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkManager) other = NULL;
  g_autoptr(GError) error = NULL;

  rill_work_request_set_input_data (slow, int_data ("ms", 60000), NULL);
  enqueue (f, slow);
  start (f);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_RUNNING);

  /* Another connection to the same file, as another process has. */
  other = rill_work_manager_new_for_path (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (rill_work_manager_cancel_work_by_id (other, rill_work_request_get_id (slow), NULL));
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 0);

  rill_test_scope_advance_time_by (f->ts, 2000);
  rill_test_scope_run_current (f->ts);
  g_assert_cmpint (g_atomic_int_get (&stopped_seen), ==, 1);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_CANCELLED);
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_CANCELLED);
}

/* Two chains joined: the step after runs once both ended, with their
 * outputs merged. */
static void
test_combine (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) slow = request_for (slow_worker_get_type ());
  g_autoptr(RillWorkRequest) after = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkContinuation) left = rill_work_manager_begin_with (f->manager, &a, 1);
  g_autoptr(RillWorkContinuation) right = rill_work_manager_begin_with (f->manager, &slow, 1);
  RillWorkContinuation *both[] = { left, right };
  g_autoptr(RillWorkContinuation) joined = rill_work_continuation_combine (both, 2);
  g_autoptr(RillWorkContinuation) then = rill_work_continuation_then (joined, &after, 1);
  g_autoptr(RillWorkInfo) done = NULL;
  int echo = 0;

  g_assert_true (rill_work_request_set_input_data (a, int_data ("value", 9), NULL));
  g_assert_true (rill_work_continuation_enqueue (then, NULL));
  start (f);
  g_assert_cmpint (state_of (f, a), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpint (state_of (f, slow), ==, RILL_WORK_STATE_RUNNING);
  g_assert_cmpint (state_of (f, after), ==, RILL_WORK_STATE_BLOCKED);
  rill_test_scope_advance_time_by (f->ts, 1000);
  rill_test_scope_run_current (f->ts);
  done = info_of (f, after);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "echo", "i", &echo));
  g_assert_cmpint (echo, ==, 9);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 3);
}

static void
test_cancel_unique_work (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RillWorkRequest) named = request_for (echo_worker_get_type ());
  g_autoptr(RillWorkRequest) other = request_for (echo_worker_get_type ());

  rill_work_request_set_initial_delay (named, 1000);
  rill_work_request_set_initial_delay (other, 1000);
  enqueue_unique (f, RILL_EXISTING_WORK_POLICY_KEEP, named);
  enqueue (f, other);
  start (f);
  g_assert_true (rill_work_manager_cancel_unique_work (f->manager, "sync", NULL));
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpint (state_of (f, named), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_of (f, other), ==, RILL_WORK_STATE_SUCCEEDED);
}

/* Two openers of one new file at once, as a second process starting with
 * the first: one creates the schema, the other finds it. */
static gpointer
open_in_thread (gpointer path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkManager) manager = rill_work_manager_new_for_path (path, &error);

  g_assert_no_error (error);
  return NULL;
}

static void
test_concurrent_first_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-work-XXXXXX", NULL);

  for (int round = 0; round < 20; round++)
    {
      g_autofree char *name = g_strdup_printf ("work-%d.db", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GThread *threads[3];

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("opener", open_in_thread, path);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);
    }
  remove_tree (dir);
}

static void
test_bad_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-work-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autoptr(GError) error = NULL;
  RillWorkManager *manager;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (junk, "this is not a database, not at all, no", -1, NULL));
  manager = rill_work_manager_new_for_path (junk, &error);
  g_assert_null (manager);
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "junk.db"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  manager = rill_work_manager_new_for_path (newer, &error);
  g_assert_null (manager);
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "99"));

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/work-manager/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("one-time-success", test_one_time_success);
  ADD ("initial-delay", test_initial_delay);
  ADD ("retry-exponential", test_retry_exponential);
  ADD ("retry-linear", test_retry_linear);
  g_test_add_func ("/work-manager/backoff-clamped", test_backoff_clamped);
  ADD ("chain", test_chain);
  ADD ("failure-fails-dependents", test_failure_fails_dependents);
  ADD ("cancel-running", test_cancel_running);
  ADD ("cancel-by-tag", test_cancel_by_tag);
  ADD ("unique-keep-and-replace", test_unique_keep_and_replace);
  ADD ("unique-append", test_unique_append);
  ADD ("periodic", test_periodic);
  ADD ("periodic-flex", test_periodic_flex);
  g_test_add_func ("/work-manager/periodic-clamped", test_periodic_clamped);
  ADD ("bad-work", test_bad_work);
  ADD ("recover", test_recover);
  ADD ("shutdown-and-restart", test_shutdown_and_restart);
  ADD ("prune", test_prune);
  ADD ("network-constraint", test_network_constraint);
  ADD ("cancelled-elsewhere", test_cancelled_elsewhere);
  ADD ("combine", test_combine);
  ADD ("cancel-unique-work", test_cancel_unique_work);
  g_test_add_func ("/work-manager/bad-database", test_bad_database);
  g_test_add_func ("/work-manager/concurrent-first-open", test_concurrent_first_open);
#undef ADD

  return g_test_run ();
}
