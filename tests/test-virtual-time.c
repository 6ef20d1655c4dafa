/* test-virtual-time.c: RillTestScope, kotlinx-coroutines-test's TestScope
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Coroutines of a test scope run only when the test drives the scope, in
 * the calling thread, and their delays move a virtual clock. Every time
 * asserted here is virtual, so it is exact.
 */

#include <rill.h>

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* What the coroutines of one test saw, in the order they saw it. */
typedef struct
{
  RillTestScope *ts;
  GArray        *ids;     /* guint */
  GArray        *times;   /* guint64, virtual ms */
} Recorder;

static void
recorder_init (Recorder      *rec,
               RillTestScope *ts)
{
  rec->ts = ts;
  rec->ids = g_array_new (FALSE, FALSE, sizeof (guint));
  rec->times = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
recorder_clear (Recorder *rec)
{
  g_array_unref (rec->ids);
  g_array_unref (rec->times);
}

static void
recorder_add (Recorder *rec,
              guint     id)
{
  guint64 now = rill_test_scope_get_current_time (rec->ts);

  g_array_append_val (rec->ids, id);
  g_array_append_val (rec->times, now);
}

static void
assert_recorded (Recorder      *rec,
                 const guint   *ids,
                 const guint64 *times,
                 guint          n)
{
  g_assert_cmpuint (rec->ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (g_array_index (rec->ids, guint, i), ==, ids[i]);
      g_assert_cmpuint (g_array_index (rec->times, guint64, i), ==, times[i]);
    }
}

/* A coroutine that delays, in steps, then records its id. */
typedef struct
{
  Recorder *rec;
  guint     id;
  guint64   delays[4];
  guint     n_delays;
} DelayArgs;

static DelayArgs *
delay_args_new (Recorder *rec,
                guint     id,
                guint     n_delays,
                ...)
{
  DelayArgs *args = g_new0 (DelayArgs, 1);
  va_list ap;

  g_assert_cmpuint (n_delays, <=, G_N_ELEMENTS (args->delays));
  args->rec = rec;
  args->id = id;
  args->n_delays = n_delays;
  va_start (ap, n_delays);
  for (guint i = 0; i < n_delays; i++)
    args->delays[i] = va_arg (ap, guint64);
  va_end (ap);
  return args;
}

static void
delay_then_record (RillScope *scope,
                   gpointer   user_data)
{
  DelayArgs *args = user_data;

  for (guint i = 0; i < args->n_delays; i++)
    if (!rill_delay (args->delays[i]))
      return;
  recorder_add (args->rec, args->id);
}

static RillJob *
launch_delays (RillTestScope *ts,
               Recorder      *rec,
               guint          id,
               guint64        delay)
{
  return rill_launch ((RillScope *) ts, NULL, delay_then_record,
                      delay_args_new (rec, id, 1, delay), g_free);
}

/* ------------------------------------------------------------------------ */
/* An hour of delays                                                        */

typedef struct
{
  RillTestScope *ts;
  guint          n_delays;
  guint64        end_time;
  gboolean       done;
} HourData;

static void
hour_block (RillScope *scope,
            gpointer   user_data)
{
  HourData *data = user_data;

  for (guint i = 0; i < 3600; i++)
    {
      if (!rill_delay (1000))
        return;
      data->n_delays++;
    }
  data->end_time = rill_test_scope_get_current_time (data->ts);
  data->done = TRUE;
}

static void
test_hour (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  HourData data = { ts, 0, 0, FALSE };

  g_assert_true (rill_test_scope_get_scope (ts) == (RillScope *) ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 0);

  job = rill_launch (rill_test_scope_get_scope (ts), NULL, hour_block, &data, NULL);
  rill_test_scope_advance_until_idle (ts);

  g_assert_true (data.done);
  g_assert_cmpuint (data.n_delays, ==, 3600);
  g_assert_cmpuint (data.end_time, ==, 3600000);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 3600000);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);

  /* Idle: advancing again moves nothing. */
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 3600000);
}

/* ------------------------------------------------------------------------ */
/* advance_time_by and run_current                                          */

static void
test_advance_time_by (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) j100 = NULL;
  g_autoptr(RillJob) j200 = NULL;
  g_autoptr(RillJob) j300 = NULL;
  g_autoptr(RillJob) j150 = NULL;
  Recorder rec;

  recorder_init (&rec, ts);
  j100 = launch_delays (ts, &rec, 100, 100);
  j200 = launch_delays (ts, &rec, 200, 200);
  j300 = launch_delays (ts, &rec, 300, 300);
  /* Two delays, 50 then 100: due at 150, scheduled during the advance. */
  j150 = rill_launch ((RillScope *) ts, NULL, delay_then_record,
                      delay_args_new (&rec, 150, 2, (guint64) 50, (guint64) 100), g_free);

  rill_test_scope_advance_time_by (ts, 200);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 200);
  {
    const guint ids[] = { 100, 150 };
    const guint64 times[] = { 100, 150 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  g_assert_true (rill_job_is_completed (j100));
  g_assert_true (rill_job_is_completed (j150));
  /* Due exactly at the new time: not run yet. */
  g_assert_false (rill_job_is_completed (j200));

  rill_test_scope_run_current (ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 200);
  {
    const guint ids[] = { 100, 150, 200 };
    const guint64 times[] = { 100, 150, 200 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  g_assert_true (rill_job_is_completed (j200));

  rill_test_scope_advance_time_by (ts, 99);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 299);
  g_assert_cmpuint (rec.ids->len, ==, 3);

  rill_test_scope_advance_time_by (ts, 1);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 300);
  g_assert_cmpuint (rec.ids->len, ==, 3);
  g_assert_false (rill_job_is_completed (j300));

  rill_test_scope_run_current (ts);
  {
    const guint ids[] = { 100, 150, 200, 300 };
    const guint64 times[] = { 100, 150, 200, 300 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  g_assert_true (rill_job_is_completed (j300));
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 300);

  /* With nothing scheduled the clock still moves by exactly n. */
  rill_test_scope_advance_time_by (ts, 1234);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 1534);
  recorder_clear (&rec);
}

/* kotlinx: advanceTimeBy (0) runs nothing, since nothing is due strictly
 * before the current time; a freshly launched coroutine waits for
 * run_current. */
static void
test_advance_by_zero (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  Recorder rec;

  recorder_init (&rec, ts);
  job = rill_launch ((RillScope *) ts, NULL, delay_then_record,
                     delay_args_new (&rec, 1, 0), g_free);
  rill_test_scope_advance_time_by (ts, 0);
  g_assert_cmpuint (rec.ids->len, ==, 0);
  g_assert_false (rill_job_is_completed (job));
  rill_test_scope_run_current (ts);
  g_assert_cmpuint (rec.ids->len, ==, 1);
  g_assert_true (rill_job_is_completed (job));
  recorder_clear (&rec);
}

static void
test_order_by_deadline (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  RillJob *jobs[3];
  Recorder rec;
  const guint ids[] = { 100, 200, 300 };
  const guint64 times[] = { 100, 200, 300 };

  recorder_init (&rec, ts);
  jobs[0] = launch_delays (ts, &rec, 300, 300);
  jobs[1] = launch_delays (ts, &rec, 100, 100);
  jobs[2] = launch_delays (ts, &rec, 200, 200);
  rill_test_scope_advance_until_idle (ts);

  assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 300);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (rill_job_get_state (jobs[i]), ==, RILL_JOB_STATE_COMPLETED);
      rill_job_unref (jobs[i]);
    }
  recorder_clear (&rec);
}

/* Equal deadlines run in the order of their delay calls. */
static void
test_fifo_equal_deadlines (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_job_unref);
  Recorder rec;

  recorder_init (&rec, ts);
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (jobs, launch_delays (ts, &rec, i, 100));
  rill_test_scope_advance_until_idle (ts);
  {
    const guint ids[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    const guint64 times[] = { 100, 100, 100, 100, 100, 100, 100, 100 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  recorder_clear (&rec);

  /* A (launched first) delays 50 then 50: its delay for the deadline 200 is
   * called at 150, after those of B and C (called at 100), so it runs last. */
  recorder_init (&rec, ts);
  g_ptr_array_add (jobs, rill_launch ((RillScope *) ts, NULL, delay_then_record,
                                      delay_args_new (&rec, 'A', 2, (guint64) 50, (guint64) 50),
                                      g_free));
  g_ptr_array_add (jobs, launch_delays (ts, &rec, 'B', 100));
  g_ptr_array_add (jobs, launch_delays (ts, &rec, 'C', 100));
  rill_test_scope_advance_until_idle (ts);
  {
    const guint ids[] = { 'B', 'C', 'A' };
    const guint64 times[] = { 200, 200, 200 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  recorder_clear (&rec);
}

/* Launched coroutines are queued, and run in launch order at run_current. */
static void
test_nothing_runs_undriven (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) j1 = NULL;
  g_autoptr(RillJob) j2 = NULL;
  Recorder rec;

  recorder_init (&rec, ts);
  j1 = rill_launch ((RillScope *) ts, NULL, delay_then_record,
                    delay_args_new (&rec, 1, 0), g_free);
  j2 = rill_launch (rill_test_scope_get_scope (ts), NULL, delay_then_record,
                    delay_args_new (&rec, 2, 0), g_free);

  g_assert_cmpuint (rec.ids->len, ==, 0);
  g_assert_cmpint (rill_job_get_state (j1), ==, RILL_JOB_STATE_ACTIVE);
  g_assert_cmpint (rill_job_get_state (j2), ==, RILL_JOB_STATE_ACTIVE);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 0);
  g_assert_cmpuint (rill_job_get_n_children (rill_scope_get_job ((RillScope *) ts)), ==, 2);

  rill_test_scope_run_current (ts);
  {
    const guint ids[] = { 1, 2 };
    const guint64 times[] = { 0, 0 };
    assert_recorded (&rec, ids, times, G_N_ELEMENTS (ids));
  }
  g_assert_cmpint (rill_job_get_state (j1), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpint (rill_job_get_state (j2), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 0);
  recorder_clear (&rec);
}

/* ------------------------------------------------------------------------ */
/* with_timeout                                                             */

typedef struct
{
  RillTestScope *ts;
  guint64        inner_delay;
  gboolean       inner_started;
  gboolean       inner_delay_ret;
  gboolean       inner_finished;
  guint64        inner_time;
  gboolean       ret;
  GError        *error;
  GValue         value;
  guint64        outer_time;
  gboolean       outer_active;
  gboolean       outer_delay_ret;
  guint64        outer_time_after;
} TimeoutData;

static gboolean
timed_block (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  TimeoutData *data = user_data;

  data->inner_started = TRUE;
  data->inner_delay_ret = rill_delay (data->inner_delay);
  data->inner_time = rill_test_scope_get_current_time (data->ts);
  if (!data->inner_delay_ret)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  data->inner_finished = TRUE;
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 42);
  return TRUE;
}

static void
timeout_outer (RillScope *scope,
               gpointer   user_data)
{
  TimeoutData *data = user_data;

  data->ret = rill_with_timeout (500, timed_block, &data->value, data, &data->error);
  data->outer_time = rill_test_scope_get_current_time (data->ts);
  /* A timeout ends the block, not the caller. */
  data->outer_active = rill_is_active ();
  data->outer_delay_ret = rill_delay (10);
  data->outer_time_after = rill_test_scope_get_current_time (data->ts);
}

static void
test_with_timeout_expires (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  TimeoutData data = { 0, };

  data.ts = ts;
  data.inner_delay = 1000;
  job = rill_launch ((RillScope *) ts, NULL, timeout_outer, &data, NULL);
  rill_test_scope_advance_until_idle (ts);

  g_assert_true (data.inner_started);
  g_assert_false (data.inner_delay_ret);
  g_assert_false (data.inner_finished);
  g_assert_cmpuint (data.inner_time, ==, 500);
  g_assert_false (data.ret);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (G_IS_VALUE (&data.value));
  g_assert_cmpuint (data.outer_time, ==, 500);
  g_assert_true (data.outer_active);
  g_assert_true (data.outer_delay_ret);
  g_assert_cmpuint (data.outer_time_after, ==, 510);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  /* The abandoned delay of 1000 left no timer behind. */
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 510);
  g_clear_error (&data.error);
}

static void
test_with_timeout_in_time (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  TimeoutData data = { 0, };

  data.ts = ts;
  data.inner_delay = 100;
  job = rill_launch ((RillScope *) ts, NULL, timeout_outer, &data, NULL);
  rill_test_scope_advance_until_idle (ts);

  g_assert_true (data.inner_started);
  g_assert_true (data.inner_delay_ret);
  g_assert_true (data.inner_finished);
  g_assert_cmpuint (data.inner_time, ==, 100);
  g_assert_no_error (data.error);
  g_assert_true (data.ret);
  g_assert_true (G_VALUE_HOLDS_INT (&data.value));
  g_assert_cmpint (g_value_get_int (&data.value), ==, 42);
  g_assert_cmpuint (data.outer_time, ==, 100);
  g_assert_true (data.outer_active);
  g_assert_true (data.outer_delay_ret);
  g_assert_cmpuint (data.outer_time_after, ==, 110);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  /* The timeout's timer (due at 500) was removed: the clock stays at 110. */
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 110);
  g_value_unset (&data.value);
}

/* ------------------------------------------------------------------------ */
/* run ()                                                                   */

typedef struct
{
  RillTestScope *ts;
  Recorder       rec;
} RunData;

static void
run_body (RillScope *scope,
          gpointer   user_data)
{
  RunData *data = user_data;
  g_autoptr(RillJob) child = NULL;

  recorder_add (&data->rec, 0);
  /* A child of the body, on the same virtual clock. */
  child = rill_launch (scope, NULL, delay_then_record,
                       delay_args_new (&data->rec, 5000, 1, (guint64) 5000), g_free);
  g_assert_true (rill_job_get_parent (child) == rill_get_job ());
  if (!rill_delay (1000))
    return;
  recorder_add (&data->rec, 1000);
}

static void
test_run (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  RunData data;
  const guint ids[] = { 0, 1000, 5000 };
  const guint64 times[] = { 0, 1000, 5000 };

  data.ts = ts;
  recorder_init (&data.rec, ts);
  rill_test_scope_run (ts, run_body, &data);

  /* run () returns only once everything, children included, is done. */
  assert_recorded (&data.rec, ids, times, G_N_ELEMENTS (ids));
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 5000);
  g_assert_cmpuint (rill_job_get_n_children (rill_scope_get_job ((RillScope *) ts)), ==, 0);
  recorder_clear (&data.rec);
}

/* ------------------------------------------------------------------------ */
/* Cancellation                                                             */

typedef struct
{
  RillTestScope *ts;
  gboolean       started;
  gboolean       delay_ret;
  guint64        time_after;
  gboolean       after_delay;
  guint          destroyed;
} CancelData;

static void
cancel_block (RillScope *scope,
              gpointer   user_data)
{
  CancelData *data = user_data;

  data->started = TRUE;
  data->delay_ret = rill_delay (10000);
  data->time_after = rill_test_scope_get_current_time (data->ts);
  if (!data->delay_ret)
    return;
  data->after_delay = TRUE;
}

static void
cancel_data_destroy (gpointer user_data)
{
  CancelData *data = user_data;

  data->destroyed++;
}

static void
test_cancel_in_delay (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  CancelData data = { 0, };

  data.ts = ts;
  data.delay_ret = TRUE;
  job = rill_launch ((RillScope *) ts, NULL, cancel_block, &data, cancel_data_destroy);
  rill_test_scope_advance_time_by (ts, 3000);
  g_assert_true (data.started);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);

  g_assert_true (rill_job_cancel (job));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLING);
  rill_test_scope_run_current (ts);

  g_assert_false (data.delay_ret);
  g_assert_cmpuint (data.time_after, ==, 3000);
  g_assert_false (data.after_delay);
  g_assert_cmpuint (data.destroyed, ==, 1);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_true (rill_job_is_cancelled (job));
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 3000);

  /* The cancelled delay's timer is gone: the clock has nowhere to go. */
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 3000);
  g_assert_cmpuint (data.destroyed, ==, 1);
}

typedef struct
{
  guint     calls;
  gboolean  cancelled_cause;
  RillJobState state;
} CompletionSeen;

static void
on_completion (RillJob      *job,
               const GError *cause,
               gpointer      user_data)
{
  CompletionSeen *seen = user_data;

  seen->calls++;
  seen->cancelled_cause = g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  seen->state = rill_job_get_state (job);
}

static void
test_unref_cancels_pending (void)
{
  RillTestScope *ts = rill_test_scope_new ();
  RillJob *suspended, *queued;
  CancelData d1 = { 0, }, d2 = { 0, };
  CompletionSeen s1 = { 0, }, s2 = { 0, };

  d1.ts = d2.ts = ts;
  d1.delay_ret = d2.delay_ret = TRUE;

  /* One coroutine suspended in a delay, one launched but never run. */
  suspended = rill_launch ((RillScope *) ts, NULL, cancel_block, &d1, cancel_data_destroy);
  rill_test_scope_advance_time_by (ts, 10);
  queued = rill_launch ((RillScope *) ts, NULL, cancel_block, &d2, cancel_data_destroy);
  g_assert_true (d1.started);
  g_assert_false (d2.started);
  g_assert_cmpuint (rill_job_invoke_on_completion (suspended, on_completion, &s1, NULL), !=, 0);
  g_assert_cmpuint (rill_job_invoke_on_completion (queued, on_completion, &s2, NULL), !=, 0);
  g_assert_cmpuint (s1.calls, ==, 0);
  g_assert_cmpuint (d1.destroyed, ==, 0);

  rill_test_scope_unref (ts);

  g_assert_cmpuint (s1.calls, ==, 1);
  g_assert_true (s1.cancelled_cause);
  g_assert_cmpint (s1.state, ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (d1.delay_ret);
  g_assert_false (d1.after_delay);
  g_assert_cmpuint (d1.time_after, ==, 10);
  g_assert_cmpuint (d1.destroyed, ==, 1);

  g_assert_cmpuint (s2.calls, ==, 1);
  g_assert_true (s2.cancelled_cause);
  g_assert_false (d2.started);
  g_assert_cmpuint (d2.destroyed, ==, 1);

  g_assert_cmpint (rill_job_get_state (suspended), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (queued), ==, RILL_JOB_STATE_CANCELLED);
  rill_job_unref (suspended);
  rill_job_unref (queued);
  g_assert_cmpuint (d1.destroyed, ==, 1);
  g_assert_cmpuint (d2.destroyed, ==, 1);
}

/* A test scope with a reference held elsewhere lives on. */
static void
test_ref (void)
{
  RillTestScope *ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  CancelData data = { 0, };

  data.ts = ts;
  job = rill_launch ((RillScope *) ts, NULL, cancel_block, &data, cancel_data_destroy);
  g_assert_true (rill_test_scope_ref (ts) == ts);
  rill_test_scope_unref (ts);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_ACTIVE);

  rill_test_scope_advance_until_idle (ts);
  g_assert_true (data.delay_ret);
  g_assert_true (data.after_delay);
  g_assert_cmpuint (data.time_after, ==, 10000);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  rill_test_scope_unref (ts);
  g_assert_cmpuint (data.destroyed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/virtual-time/hour", test_hour);
  g_test_add_func ("/virtual-time/advance-time-by", test_advance_time_by);
  g_test_add_func ("/virtual-time/advance-by-zero", test_advance_by_zero);
  g_test_add_func ("/virtual-time/order-by-deadline", test_order_by_deadline);
  g_test_add_func ("/virtual-time/fifo-equal-deadlines", test_fifo_equal_deadlines);
  g_test_add_func ("/virtual-time/nothing-runs-undriven", test_nothing_runs_undriven);
  g_test_add_func ("/virtual-time/with-timeout/expires", test_with_timeout_expires);
  g_test_add_func ("/virtual-time/with-timeout/in-time", test_with_timeout_in_time);
  g_test_add_func ("/virtual-time/run", test_run);
  g_test_add_func ("/virtual-time/cancel-in-delay", test_cancel_in_delay);
  g_test_add_func ("/virtual-time/unref-cancels-pending", test_unref_cancels_pending);
  g_test_add_func ("/virtual-time/ref", test_ref);

  return g_test_run ();
}
