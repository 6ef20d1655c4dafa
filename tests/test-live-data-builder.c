/* test-live-data-builder.c: the liveData {} builder
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Most cases run the block on a RillTestScope's virtual-time dispatcher, as
 * androidx's BuildLiveDataTest runs it on a test dispatcher; the others run
 * it on the main thread (the default), and the seed examples on the IO pool.
 * The test thread owns the default main context, so that it is the main
 * thread for Main.immediate too.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define LD(x) RILL_LIVE_DATA (x)
#define MUT(x) RILL_MUTABLE_LIVE_DATA (x)
#define MED(x) RILL_MEDIATOR_LIVE_DATA (x)
#define OWNER(x) RILL_LIFECYCLE_OWNER (x)

static GThread *main_thread;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static RillContext *
test_context (RillTestScope *ts)
{
  return rill_scope_get_context (rill_test_scope_get_scope (ts));
}

/* androidx's ScopesRule.advanceTimeBy: advance, then run what is due. */
static void
advance (RillTestScope *ts,
         guint64        msec)
{
  rill_test_scope_advance_time_by (ts, msec);
  rill_test_scope_run_current (ts);
}

static void
iterate_default_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
iterate_until_log_length (guint n)
{
  while (log_length () < n)
    g_main_context_iteration (NULL, TRUE);
}

static void
log_int (RillLiveData *live_data,
         const GValue *value,
         gpointer      user_data)
{
  log_line ("%d", g_value_get_int (value));
}

static void
log_string (RillLiveData *live_data,
            const GValue *value,
            gpointer      user_data)
{
  g_assert_true (g_thread_self () == main_thread);
  log_line ("%s", g_value_get_string (value));
}

/* androidx's addObserver(): observe forever, then run what is due. */
static void
add_observer (RillLiveData  *live_data,
              RillTestScope *ts)
{
  rill_live_data_observe_forever (live_data, log_int, NULL, NULL);
  if (ts != NULL)
    rill_test_scope_run_current (ts);
}

static void
unsubscribe (RillLiveData *live_data)
{
  rill_live_data_remove_observer_by_func (live_data, log_int, NULL);
}

static void
unref_and_settle (gpointer live_data)
{
  g_object_unref (live_data);
  iterate_default_context ();
}

/* ------------------------------------------------------------------------ */
/* Blocks                                                                   */

static void
emit_3 (RillLiveDataScope *scope,
        gpointer           user_data)
{
  rill_live_data_scope_emit_int (scope, 3);
}

static void
test_one_shot (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_3, NULL, NULL);
  const char *expected[] = { "3", NULL };

  log_reset ();
  rill_test_scope_run_current (ts);
  /* Not observed: not started. */
  g_assert_false (rill_live_data_is_initialized (ld));
  add_observer (ld, ts);
  assert_log (expected);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
emit_1_2_delay_3 (RillLiveDataScope *scope,
                  gpointer           user_data)
{
  log_line ("run");
  if (!rill_live_data_scope_emit_int (scope, 1) || !rill_live_data_scope_emit_int (scope, 2))
    return;
  if (!rill_delay (1000))
    {
      log_line ("cancelled");
      return;
    }
  rill_live_data_scope_emit_int (scope, 3);
}

static void
test_remove_observer_in_between (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, emit_1_2_delay_3, NULL, NULL);
  const char *first[] = { "run", "1", "2", NULL };
  const char *cancelled[] = { "run", "1", "2", "cancelled", NULL };
  const char *restarted[] = { "run", "1", "2", "cancelled", "2", "run", "1", "2", NULL };
  const char *completed[] = { "run", "1", "2", "cancelled", "2", "run", "1", "2", "3", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (first);
  unsubscribe (ld);
  /* The timeout runs out: the block is cancelled. */
  advance (ts, 100);
  g_assert_false (rill_live_data_has_active_observers (ld));
  assert_log (cancelled);
  /* Observed again: the latest value, then the block again from the start. */
  add_observer (ld, ts);
  assert_log (restarted);
  advance (ts, 1001);
  assert_log (completed);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
test_remove_observer_in_between_large_timeout (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10000, emit_1_2_delay_3, NULL, NULL);
  const char *first[] = { "run", "1", "2", NULL };
  const char *again[] = { "run", "1", "2", "2", NULL };
  const char *completed[] = { "run", "1", "2", "2", "3", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (first);
  unsubscribe (ld);
  advance (ts, 500);
  g_assert_false (rill_live_data_has_active_observers (ld));
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 2);
  /* Back before the timeout: the same run goes on. */
  add_observer (ld, ts);
  assert_log (again);
  advance (ts, 501);
  assert_log (completed);
  /* It completed: it never runs again. */
  unsubscribe (ld);
  advance (ts, 20000);
  add_observer (ld, ts);
  advance (ts, 2000);
  {
    const char *after[] = { "run", "1", "2", "2", "3", "3", NULL };
    assert_log (after);
  }
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
emit_1_delay_5001_emit_2 (RillLiveDataScope *scope,
                          gpointer           user_data)
{
  gboolean *running = user_data;

  *running = TRUE;
  if (rill_live_data_scope_emit_int (scope, 1) && rill_delay (5001))
    rill_live_data_scope_emit_int (scope, 2);
  *running = FALSE;
}

static void
test_default_timeout (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  gboolean running = FALSE;
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           emit_1_delay_5001_emit_2, &running, NULL);
  const char *expected[] = { "1", NULL };

  g_assert_cmpint (RILL_LIVE_DATA_DEFAULT_TIMEOUT, ==, 5000);
  log_reset ();
  add_observer (ld, ts);
  assert_log (expected);
  unsubscribe (ld);
  advance (ts, 4000);
  g_assert_true (running);
  g_assert_false (rill_live_data_has_active_observers (ld));
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 1);
  /* 5000 ms after it became inactive: cancelled, before its emit of 2. */
  advance (ts, 1000);
  g_assert_false (running);
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 1);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 5000);
  g_object_unref (ld);
}

static void
emit_1_wait_emit_2 (RillLiveDataScope *scope,
                    gpointer           user_data)
{
  RillJob *latch = user_data;

  if (!rill_live_data_scope_emit_int (scope, 1))
    return;
  if (!rill_job_join (latch))
    return;
  rill_live_data_scope_emit_int (scope, 2);
}

static void
test_ignore_cancelled_emits (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  g_autoptr(RillJob) latch = rill_job_new (NULL);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 0, emit_1_wait_emit_2, latch, NULL);
  const char *first[] = { "1", NULL };
  const char *again[] = { "1", "1", "1", "2", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (first);
  unsubscribe (ld);
  rill_job_complete (latch);
  /* The cancellation comes first: the block never emits 2. */
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 1);
  g_assert_false (rill_live_data_has_active_observers (ld));
  /* Cancelled by the timeout: observed again, it runs again. */
  add_observer (ld, ts);
  assert_log (again);
  unsubscribe (ld);
  g_object_unref (ld);
}

typedef struct
{
  gboolean read;
  gboolean has_value;
  int      value;
  gboolean emit_first;
} Latest;

static void
read_latest (RillLiveDataScope *scope,
             gpointer           user_data)
{
  Latest *latest = user_data;
  g_auto(GValue) value = G_VALUE_INIT;

  if (latest->emit_first && !rill_live_data_scope_emit_int (scope, 5))
    return;
  latest->has_value = rill_live_data_scope_get_latest_value (scope, &value);
  latest->value = g_value_get_int (&value);
  latest->read = TRUE;
}

static void
test_read_latest_value (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  Latest set_before = { FALSE, FALSE, 0, FALSE };
  Latest emitted = { FALSE, FALSE, 0, TRUE };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           read_latest, &set_before, NULL);
  RillLiveData *ld2 = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                            read_latest, &emitted, NULL);

  log_reset ();
  /* The built live data is a mediator: its value can be set from outside. */
  rill_mutable_live_data_set_int (MUT (ld), 3);
  add_observer (ld, ts);
  g_assert_true (set_before.read);
  g_assert_true (set_before.has_value);
  g_assert_cmpint (set_before.value, ==, 3);

  add_observer (ld2, ts);
  g_assert_true (emitted.read);
  g_assert_true (emitted.has_value);
  g_assert_cmpint (emitted.value, ==, 5);
  unsubscribe (ld);
  unsubscribe (ld2);
  g_object_unref (ld);
  g_object_unref (ld2);
}

static void
emit_unless_latest (RillLiveDataScope *scope,
                    gpointer           user_data)
{
  Latest *latest = user_data;
  g_auto(GValue) value = G_VALUE_INIT;

  if (!rill_live_data_scope_get_latest_value (scope, &value))
    {
      if (!rill_live_data_scope_emit_int (scope, 5) || !rill_delay (500000))
        return;   /* waits to be cancelled */
    }
  g_value_unset (&value);
  latest->has_value = rill_live_data_scope_get_latest_value (scope, &value);
  latest->value = g_value_get_int (&value);
  latest->read = TRUE;
}

static void
test_latest_value_kept_from_before (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  Latest latest = { FALSE, FALSE, 0, FALSE };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, emit_unless_latest, &latest, NULL);
  const char *expected[] = { "5", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (expected);
  unsubscribe (ld);
  rill_test_scope_run_current (ts);
  advance (ts, 10);
  g_assert_false (latest.read);
  add_observer (ld, ts);
  g_assert_true (latest.read);
  g_assert_true (latest.has_value);
  g_assert_cmpint (latest.value, ==, 5);
  unsubscribe (ld);
  g_object_unref (ld);
}

/* ------------------------------------------------------------------------ */
/* emit_source                                                              */

static void
emit_odds (RillLiveDataScope *scope,
           gpointer           user_data)
{
  RillJob *latch = user_data;

  for (int i = 1; i <= 9; i += 2)
    if (!rill_live_data_scope_emit_int (scope, i))
      return;
  if (latch != NULL)
    {
      rill_job_complete (latch);
      if (!rill_delay (1))
        return;
      rill_live_data_scope_emit_int (scope, -1);
    }
}

static void
emit_evens (RillLiveDataScope *scope,
            gpointer           user_data)
{
  for (int i = 2; i <= 10; i += 2)
    if (!rill_live_data_scope_emit_int (scope, i))
      return;
}

static void
emit_source_of (RillLiveDataScope *scope,
                gpointer           user_data)
{
  g_autoptr(RillDisposable) disposable = rill_live_data_scope_emit_source (scope, user_data);

  g_assert_nonnull (disposable);
}

static void
test_emit_source_simple (void)
{
  RillLiveData *odds = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_odds, NULL, NULL);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_source_of, odds, NULL);
  const char *expected[] = { "1", "3", "5", "7", "9", NULL };

  /* Main.immediate from the main thread: everything runs at once. */
  log_reset ();
  add_observer (ld, NULL);
  assert_log (expected);
  unsubscribe (ld);
  unref_and_settle (ld);
  unref_and_settle (odds);
}

typedef struct
{
  RillLiveData *first;
  RillLiveData *second;
  RillJob      *latch;
  gboolean      emit_value;
} Switching;

static void
switch_sources (RillLiveDataScope *scope,
                gpointer           user_data)
{
  Switching *sw = user_data;
  g_autoptr(RillDisposable) first = rill_live_data_scope_emit_source (scope, sw->first);

  if (first == NULL || !rill_job_join (sw->latch))
    return;
  if (sw->emit_value)
    rill_live_data_scope_emit_int (scope, 10);
  else
    {
      g_autoptr(RillDisposable) second = rill_live_data_scope_emit_source (scope, sw->second);
    }
}

static void
test_emit_source_switch_two (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  g_autoptr(RillJob) latch = rill_job_new (NULL);
  RillLiveData *odds = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_odds, latch, NULL);
  RillLiveData *evens = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_evens, NULL, NULL);
  Switching sw = { odds, evens, latch, FALSE };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT, switch_sources, &sw, NULL);
  const char *expected[] = { "1", "3", "5", "7", "9", "2", "4", "6", "8", "10", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (expected);
  g_assert_false (rill_live_data_has_observers (odds));
  unsubscribe (ld);
  g_object_unref (ld);
  unref_and_settle (odds);
  unref_and_settle (evens);
}

static void
test_emit_source_then_value (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  g_autoptr(RillJob) latch = rill_job_new (NULL);
  RillLiveData *odds = rill_live_data_build (G_TYPE_INT, NULL, 0, emit_odds, latch, NULL);
  Switching sw = { odds, NULL, latch, TRUE };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT, switch_sources, &sw, NULL);
  const char *expected[] = { "1", "3", "5", "7", "9", "10", NULL };

  log_reset ();
  add_observer (ld, ts);
  advance (ts, 100);
  iterate_default_context ();
  /* emit() removed the source; odds, inactive with a timeout of 0, was
   * cancelled before its -1. */
  assert_log (expected);
  g_assert_cmpint (rill_live_data_get_int (odds), ==, 9);
  unsubscribe (ld);
  g_object_unref (ld);
  unref_and_settle (odds);
}

static void
emit_odds_wait_emit_2 (RillLiveDataScope *scope,
                       gpointer           user_data)
{
  RillJob *latch = user_data;

  for (int i = 1; i <= 9; i += 2)
    if (!rill_live_data_scope_emit_int (scope, i))
      return;
  if (rill_job_join (latch))
    rill_live_data_scope_emit_int (scope, 2);
}

typedef struct
{
  RillLiveData *odds;
  RillJob      *latch;
  gboolean      done;
} Disposing;

static void
side_channel (RillLiveData *live_data,
              const GValue *value,
              gpointer      user_data)
{
}

static void
emit_source_and_dispose (RillLiveDataScope *scope,
                         gpointer           user_data)
{
  Disposing *d = user_data;
  g_autoptr(RillDisposable) disposable = rill_live_data_scope_emit_source (scope, d->odds);

  /* odds was started from this block's run: as in kotlinx, a coroutine
   * started on Main.immediate from another one that runs undispatched
   * waits in the thread's event loop. Let it run (androidx's test calls
   * triggerAllActions() here). */
  g_assert_true (rill_yield ());
  g_assert_true (rill_live_data_has_active_observers (d->odds));
  g_assert_false (rill_disposable_is_disposed (disposable));
  rill_disposable_dispose (disposable);
  g_assert_true (rill_disposable_is_disposed (disposable));
  /* On the main thread the source goes at once. */
  g_assert_false (rill_live_data_has_active_observers (d->odds));
  if (d->latch != NULL)
    rill_job_complete (d->latch);
  d->done = TRUE;
}

static void
test_emit_source_dispose (void)
{
  g_autoptr(RillJob) latch = rill_job_new (NULL);
  RillLiveData *odds = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                             emit_odds_wait_emit_2, latch, NULL);
  Disposing d = { odds, latch, FALSE };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           emit_source_and_dispose, &d, NULL);
  const char *expected[] = { "1", "3", "5", "7", "9", NULL };

  log_reset ();
  add_observer (ld, NULL);
  iterate_default_context ();
  g_assert_true (d.done);
  /* odds went on to 2 (while inactive, within its timeout), unseen. */
  assert_log (expected);
  unsubscribe (ld);
  unref_and_settle (ld);
  unref_and_settle (odds);
}

typedef struct
{
  RillLiveData *odds;
  RillLiveData *self;
} DisposeTwice;

static void
dispose_twice_block (RillLiveDataScope *scope,
                     gpointer           user_data)
{
  DisposeTwice *d = user_data;
  g_autoptr(RillDisposable) disposable = rill_live_data_scope_emit_source (scope, d->odds);

  g_assert_true (rill_yield ());
  rill_disposable_dispose (disposable);
  g_assert_false (rill_live_data_has_active_observers (d->odds));
  /* A source added from outside, with another callback. */
  rill_mediator_live_data_add_source (MED (d->self), d->odds, side_channel, NULL, NULL);
  g_assert_true (rill_live_data_has_active_observers (d->odds));
  rill_disposable_dispose (disposable);
  g_assert_true (rill_live_data_has_active_observers (d->odds));
}

static void
test_emit_source_dispose_twice (void)
{
  RillLiveData *odds = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT, emit_odds, NULL, NULL);
  DisposeTwice d = { odds, NULL };
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           dispose_twice_block, &d, NULL);
  const char *expected[] = { "1", "3", "5", "7", "9", NULL };

  d.self = ld;
  log_reset ();
  add_observer (ld, NULL);
  iterate_default_context ();
  assert_log (expected);
  g_assert_true (rill_live_data_has_active_observers (odds));
  unsubscribe (ld);
  g_assert_false (rill_live_data_has_active_observers (odds));
  unref_and_settle (ld);
  unref_and_settle (odds);
}

static void
emit_source_twice_then_emit (RillLiveDataScope *scope,
                             gpointer           user_data)
{
  g_autoptr(RillDisposable) first = rill_live_data_scope_emit_source (scope, user_data);
  g_autoptr(RillDisposable) second = rill_live_data_scope_emit_source (scope, user_data);

  rill_live_data_scope_emit_int (scope, 2);
}

static void
test_race (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  g_auto(GValue) one = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) sub = NULL;
  RillLiveData *subject;
  const char *expected[] = { "1", "1", "2", NULL };

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  sub = rill_mutable_live_data_new_with_value (&one);
  subject = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                  emit_source_twice_then_emit, sub, NULL);
  log_reset ();
  add_observer (subject, ts);
  assert_log (expected);
  /* Removed by the emit: 3 is not expected. */
  rill_mutable_live_data_set_int (sub, 3);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  unsubscribe (subject);
  g_object_unref (subject);
}

static void
emit_source_dispose_emit_source (RillLiveDataScope *scope,
                                 gpointer           user_data)
{
  g_autoptr(RillDisposable) first = rill_live_data_scope_emit_source (scope, user_data);
  g_autoptr(RillDisposable) second = NULL;

  rill_disposable_dispose (first);
  second = rill_live_data_scope_emit_source (scope, user_data);
}

static void
test_race_with_custom_dispose (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  g_auto(GValue) one = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) sub = NULL;
  RillLiveData *subject;
  const char *expected[] = { "1", "1", NULL };
  const char *expected_after[] = { "1", "1", "3", NULL };

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  sub = rill_mutable_live_data_new_with_value (&one);
  subject = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                  emit_source_dispose_emit_source, sub, NULL);
  log_reset ();
  add_observer (subject, ts);
  assert_log (expected);
  rill_mutable_live_data_set_int (sub, 3);
  rill_test_scope_run_current (ts);
  assert_log (expected_after);
  unsubscribe (subject);
  g_object_unref (subject);
}

/* ------------------------------------------------------------------------ */
/* Cancellation and restarts                                                */

static void
cancel_itself_once (RillLiveDataScope *scope,
                    gpointer           user_data)
{
  int *runs = user_data;

  if ((*runs)++ == 0)
    rill_job_cancel (rill_get_job ());
}

static void
test_block_cancels_itself (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  int runs = 0;
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, cancel_itself_once, &runs, NULL);

  log_reset ();
  add_observer (ld, ts);
  g_assert_cmpuint (log_length (), ==, 0);
  unsubscribe (ld);
  g_assert_cmpint (runs, ==, 1);
  add_observer (ld, ts);
  advance (ts, 11);
  /* Cancelled for another reason than the timeout: never again. */
  unsubscribe (ld);
  advance (ts, 11);
  add_observer (ld, ts);
  g_assert_cmpint (runs, ==, 1);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
count_and_wait (RillLiveDataScope *scope,
                gpointer           user_data)
{
  int *runs = user_data;

  (*runs)++;
  if (rill_live_data_scope_emit_int (scope, *runs))
    rill_delay (G_MAXUINT32);
}

static void
test_parent_cancelled (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillScope) parent = NULL;
  g_autoptr(RillContext) ctx = NULL;
  g_autoptr(RillContext) dispatcher_ctx = rill_context_new (rill_test_scope_get_dispatcher (ts), NULL);
  int runs = 0;
  RillLiveData *ld;
  const char *expected[] = { "1", "1", NULL };

  parent = rill_scope_new (dispatcher_ctx);
  ctx = rill_scope_get_context (parent);
  ld = rill_live_data_build (G_TYPE_INT, ctx, 10, count_and_wait, &runs, NULL);
  log_reset ();
  add_observer (ld, ts);
  rill_scope_cancel (parent);
  rill_test_scope_run_current (ts);
  /* Not the timeout's doing: no restart after inactive and active again. */
  unsubscribe (ld);
  advance (ts, 100);
  add_observer (ld, ts);
  advance (ts, 100);
  g_assert_cmpint (runs, ==, 1);
  assert_log (expected);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
test_supervisor_isolates_runs (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  int runs = 0;
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, count_and_wait, &runs, NULL);
  const char *expected[] = { "1", "1", "2", NULL };

  log_reset ();
  add_observer (ld, ts);
  unsubscribe (ld);
  advance (ts, 10);
  /* A run cancelled by the timeout does not cancel the test scope's job. */
  g_assert_true (rill_scope_is_active (rill_test_scope_get_scope (ts)));
  add_observer (ld, ts);
  g_assert_cmpint (runs, ==, 2);
  assert_log (expected);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
test_active_again_before_timeout (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  int runs = 0;
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 100, count_and_wait, &runs, NULL);
  const char *expected[] = { "1", "1", "1", "1", "2", NULL };

  log_reset ();
  add_observer (ld, ts);
  unsubscribe (ld);
  advance (ts, 50);
  /* The pending cancellation is called off. */
  add_observer (ld, ts);
  advance (ts, 1000);
  g_assert_cmpint (runs, ==, 1);
  /* And a new one is armed the next time. */
  unsubscribe (ld);
  advance (ts, 99);
  add_observer (ld, ts);
  unsubscribe (ld);
  advance (ts, 100);
  add_observer (ld, ts);
  g_assert_cmpint (runs, ==, 2);
  assert_log (expected);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
emit_3_4 (RillLiveDataScope *scope,
          gpointer           user_data)
{
  (*(int *) user_data)++;
  if (rill_live_data_scope_emit_int (scope, 3))
    rill_live_data_scope_emit_int (scope, 4);
}

static void
log_int_b (RillLiveData *live_data,
           const GValue *value,
           gpointer      user_data)
{
  log_line ("b%d", g_value_get_int (value));
}

static void
test_multiple_values_and_observers (void)
{
  int runs = 0;
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, 0, emit_3_4, &runs, NULL);
  const char *expected[] = { "3", "4", "b4", "4", NULL };

  log_reset ();
  add_observer (ld, NULL);
  /* Re-observed: the latest value only. */
  rill_live_data_observe_forever (ld, log_int_b, NULL, NULL);
  unsubscribe (ld);
  rill_live_data_remove_observer_by_func (ld, log_int_b, NULL);
  iterate_default_context ();
  /* Completed: no restart, even with a timeout of 0. */
  add_observer (ld, NULL);
  g_assert_cmpint (runs, ==, 1);
  assert_log (expected);
  unsubscribe (ld);
  unref_and_settle (ld);
}

static void
emit_1_then_wait (RillLiveDataScope *scope,
                  gpointer           user_data)
{
  if (!rill_live_data_scope_emit_int (scope, 1))
    return;
  if (!rill_delay (G_MAXUINT32))
    log_line ("cancelled on %s", g_thread_self () == main_thread ? "main" : "another thread");
}

static void
test_timeout_zero_on_main (void)
{
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, 0, emit_1_then_wait, NULL, NULL);
  /* Restarted from on_active, before the new observer got the old value: it
   * sees only the new run's value (with a queued dispatcher it would see
   * the old value first, as in the virtual-time cases). */
  const char *expected[] = { "1", "cancelled on main", "1", NULL };

  /* The default context: the main thread, Main.immediate. */
  log_reset ();
  add_observer (ld, NULL);
  unsubscribe (ld);
  iterate_default_context ();
  add_observer (ld, NULL);
  assert_log (expected);
  unsubscribe (ld);
  unref_and_settle (ld);
}

static gboolean
emit_on_io (RillScope  *scope,
            GValue     *result,
            gpointer    user_data,
            GError    **error)
{
  RillLiveDataScope *live_data_scope = user_data;

  g_assert_false (g_thread_self () == main_thread);
  log_line ("emitting from io");
  if (rill_live_data_scope_emit_int (live_data_scope, 7))
    log_line ("emit returned on io");
  return TRUE;
}

static void
emit_through_io (RillLiveDataScope *scope,
                 gpointer           user_data)
{
  rill_with_context (rill_context_io (), emit_on_io, NULL, scope, NULL);
  log_line ("block done");
}

static void
log_int_thread (RillLiveData *live_data,
                const GValue *value,
                gpointer      user_data)
{
  log_line ("observer %d on %s", g_value_get_int (value),
            g_thread_self () == main_thread ? "main" : "another thread");
}

static void
test_emit_from_another_thread (void)
{
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           emit_through_io, NULL, NULL);
  const char *expected[] = { "emitting from io", "observer 7 on main", "emit returned on io", "block done", NULL };

  log_reset ();
  rill_live_data_observe_forever (ld, log_int_thread, NULL, NULL);
  iterate_until_log_length (4);
  /* emit() waited until the main thread had set and delivered the value. */
  assert_log (expected);
  rill_live_data_remove_observer_by_func (ld, log_int_thread, NULL);
  unref_and_settle (ld);
}

static void
emit_after_cancel (RillLiveDataScope *scope,
                   gpointer           user_data)
{
  g_autoptr(RillDisposable) none = NULL;
  g_autoptr(RillMutableLiveData) other = rill_mutable_live_data_new (G_TYPE_INT);

  g_assert_true (rill_live_data_scope_emit_int (scope, 1));
  rill_job_cancel (rill_get_job ());
  g_assert_false (rill_live_data_scope_emit_int (scope, 2));
  none = rill_live_data_scope_emit_source (scope, LD (other));
  g_assert_null (none);
  log_line ("checked");
}

static void
test_emit_after_cancel (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, emit_after_cancel, NULL, NULL);
  const char *expected[] = { "1", "checked", NULL };

  log_reset ();
  add_observer (ld, ts);
  assert_log (expected);
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 1);
  unsubscribe (ld);
  g_object_unref (ld);
}

static void
emit_wrong_type (RillLiveDataScope *scope,
                 gpointer           user_data)
{
  g_autoptr(RillMutableLiveData) strings = rill_mutable_live_data_new (G_TYPE_STRING);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_scope_emit*'gchararray'*'gint'*");
  g_assert_false (rill_live_data_scope_emit_string (scope, "nope"));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_scope_emit_source*'gchararray'*");
  g_assert_null (rill_live_data_scope_emit_source (scope, LD (strings)));
  g_test_assert_expected_messages ();
  log_line ("checked");
}

static void
test_emit_wrong_type (void)
{
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, NULL, 0, emit_wrong_type, NULL, NULL);
  const char *expected[] = { "checked", NULL };

  log_reset ();
  add_observer (ld, NULL);
  assert_log (expected);
  g_assert_false (rill_live_data_is_initialized (ld));
  unsubscribe (ld);
  unref_and_settle (ld);
}

static void
log_destroy (gpointer data)
{
  log_line ("destroy %s", (const char *) data);
}

static void
wait_forever (RillLiveDataScope *scope,
              gpointer           user_data)
{
  log_line ("run");
  if (!rill_delay (G_MAXUINT32))
    log_line ("cancelled");
}

static void
test_finalize_cancels_block (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                           wait_forever, "data", log_destroy);
  const char *expected[] = { "run", "cancelled", "destroy data", NULL };

  log_reset ();
  add_observer (ld, ts);
  unsubscribe (ld);
  g_object_unref (ld);
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

static void
child_emits (RillScope *scope,
             gpointer   user_data)
{
  RillLiveDataScope *live_data_scope = user_data;

  if (rill_delay (50))
    rill_live_data_scope_emit_int (live_data_scope, 50);
  else
    log_line ("child cancelled");
}

static void
launch_child (RillLiveDataScope *scope,
              gpointer           user_data)
{
  g_autoptr(RillJob) child = rill_launch (rill_live_data_scope_get_scope (scope), NULL, child_emits,
                                          rill_live_data_scope_ref (scope),
                                          (GDestroyNotify) rill_live_data_scope_unref);

  if (rill_live_data_scope_emit_int (scope, 1) && user_data != NULL)
    rill_delay (G_MAXUINT32);
}

static void
test_children_of_the_block (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillContext) ctx = test_context (ts);
  RillLiveData *ld = rill_live_data_build (G_TYPE_INT, ctx, 10, launch_child, NULL, NULL);
  const char *expected[] = { "1", "50", "50", "1", "child cancelled", NULL };

  log_reset ();
  add_observer (ld, ts);
  advance (ts, 50);
  /* As androidx: the block returned uncancelled, so it is done; its child
   * went on and emitted after it. Nothing restarts. */
  unsubscribe (ld);
  advance (ts, 100);
  add_observer (ld, ts);
  g_assert_cmpint (rill_live_data_get_int (ld), ==, 50);
  unsubscribe (ld);
  g_object_unref (ld);

  /* A block still running when the timeout cancels it: its child goes too. */
  ld = rill_live_data_build (G_TYPE_INT, ctx, 10, launch_child, GINT_TO_POINTER (1), NULL);
  add_observer (ld, ts);
  unsubscribe (ld);
  advance (ts, 20);
  g_assert_false (rill_live_data_has_active_observers (ld));
  assert_log (expected);
  g_object_unref (ld);
}

/* ------------------------------------------------------------------------ */
/* Seed examples (androidx's "Use coroutines with LiveData")                */

static void
check_not_main (void)
{
  g_assert_false (g_thread_self () == main_thread);
}

/* database.loadUser(): a suspend function, here a blocking read on IO. */
static gboolean
load_user_on_io (RillScope  *scope,
                 GValue     *result,
                 gpointer    user_data,
                 GError    **error)
{
  check_not_main ();
  g_value_init (result, G_TYPE_STRING);
  g_value_take_string (result, g_strdup_printf ("User(%s)", (const char *) user_data));
  return TRUE;
}

static char *
database_load_user (const char *id)
{
  g_auto(GValue) user = G_VALUE_INIT;

  if (!rill_with_context (rill_context_io (), load_user_on_io, &user, (gpointer) id, NULL))
    return NULL;
  return g_value_dup_string (&user);
}

/* val user: LiveData<User> = liveData {
 *     val data = database.loadUser()
 *     emit(data)
 * } */
static void
load_user_block (RillLiveDataScope *scope,
                 gpointer           user_data)
{
  g_autofree char *data = database_load_user ("alice");

  if (data == NULL)
    return;
  rill_live_data_scope_emit_string (scope, data);
}

static void
test_seed_load_user (void)
{
  g_autoptr(RillLifecycleRegistry) owner = rill_lifecycle_registry_new (NULL);
  RillLiveData *user = rill_live_data_build (G_TYPE_STRING, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                             load_user_block, NULL, NULL);
  const char *expected[] = { "User(alice)", NULL };

  log_reset ();
  rill_live_data_observe (user, OWNER (owner), log_string, NULL, NULL);
  /* Not started before the owner is. */
  iterate_default_context ();
  g_assert_cmpuint (log_length (), ==, 0);
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_STARTED);
  iterate_until_log_length (1);
  iterate_default_context ();
  assert_log (expected);
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_DESTROYED);
  unref_and_settle (user);
}

/* fetchUser(): fails when asked to, as a network call would. */
static gboolean
fetch_user_on_io (RillScope  *scope,
                  GValue     *result,
                  gpointer    user_data,
                  GError    **error)
{
  const char *name = user_data;

  check_not_main ();
  if (g_str_equal (name, "offline"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connection refused");
      return FALSE;
    }
  g_value_init (result, G_TYPE_STRING);
  g_value_take_string (result, g_strdup_printf ("fresh %s", name));
  return TRUE;
}

static char *
fetch_user (const char  *name,
            GError     **error)
{
  g_auto(GValue) user = G_VALUE_INIT;

  if (!rill_with_context (rill_context_io (), fetch_user_on_io, &user, (gpointer) name, error))
    return NULL;
  return g_value_dup_string (&user);
}

/* val user: LiveData<Result> = liveData {
 *     emit(Result.loading())
 *     try {
 *         emit(Result.success(fetchUser()))
 *     } catch(ioException: Exception) {
 *         emit(Result.error(ioException))
 *     }
 * } */
static void
result_block (RillLiveDataScope *scope,
              gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *result = NULL;

  if (!rill_live_data_scope_emit_string (scope, "Result.loading()"))
    return;
  user = fetch_user (user_data, &error);
  if (user != NULL)
    result = g_strdup_printf ("Result.success(%s)", user);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = g_strdup_printf ("Result.error(%s)", error->message);
  else
    return;
  rill_live_data_scope_emit_string (scope, result);
}

static void
run_result_seed (const char         *name,
                 const char * const *expected)
{
  g_autoptr(RillLifecycleRegistry) owner = rill_lifecycle_registry_new (NULL);
  RillLiveData *user = rill_live_data_build (G_TYPE_STRING, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                                             result_block, (gpointer) name, NULL);

  log_reset ();
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_RESUMED);
  rill_live_data_observe (user, OWNER (owner), log_string, NULL, NULL);
  iterate_until_log_length (2);
  iterate_default_context ();
  assert_log (expected);
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_DESTROYED);
  unref_and_settle (user);
}

static void
test_seed_result_success (void)
{
  const char *expected[] = { "Result.loading()", "Result.success(fresh alice)", NULL };

  run_result_seed ("alice", expected);
}

static void
test_seed_result_error (void)
{
  const char *expected[] = { "Result.loading()", "Result.error(Connection refused)", NULL };

  run_result_seed ("offline", expected);
}

/* class MyViewModel: ViewModel() {
 *     private val userId: LiveData<String> = MutableLiveData()
 *     val user = userId.switchMap { id ->
 *         liveData(context = viewModelScope.coroutineContext + Dispatchers.IO) {
 *             emit(database.loadUserById(id))
 *         }
 *     }
 * }
 * A plain scope stands for viewModelScope (a supervisor job on the main
 * dispatcher), cancelled when the "view model" is cleared. */
typedef struct
{
  RillScope            *view_model_scope;
  RillMutableLiveData  *user_id;
  RillLiveData         *user;
  int                   n_loads;
} MyViewModel;

typedef struct
{
  MyViewModel *vm;
  char        *id;
} LoadById;

static void
load_by_id_free (gpointer data)
{
  LoadById *load = data;

  g_free (load->id);
  g_free (load);
}

static void
load_by_id_block (RillLiveDataScope *scope,
                  gpointer           user_data)
{
  LoadById *load = user_data;
  g_autofree char *user = NULL;

  check_not_main ();
  g_atomic_int_inc (&load->vm->n_loads);
  user = database_load_user (load->id);
  if (user != NULL)
    rill_live_data_scope_emit_string (scope, user);
}

static RillLiveData *
user_for_id (const GValue *value,
             gpointer      user_data)
{
  MyViewModel *vm = user_data;
  g_autoptr(RillContext) scope_context = rill_scope_get_context (vm->view_model_scope);
  g_autoptr(RillContext) context = rill_context_plus (scope_context, rill_context_io ());
  LoadById *load = g_new0 (LoadById, 1);

  load->vm = vm;
  load->id = g_value_dup_string (value);
  return rill_live_data_build (G_TYPE_STRING, context, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                               load_by_id_block, load, load_by_id_free);
}

static void
test_seed_switch_map_view_model (void)
{
  g_autoptr(RillLifecycleRegistry) owner = rill_lifecycle_registry_new (NULL);
  MyViewModel vm = { 0, };
  const char *expected[] = { "User(1)", "User(2)", NULL };

  vm.view_model_scope = rill_main_scope_new ();
  vm.user_id = rill_mutable_live_data_new (G_TYPE_STRING);
  vm.user = rill_live_data_switch_map (LD (vm.user_id), G_TYPE_STRING, user_for_id, &vm, NULL);

  log_reset ();
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_STARTED);
  rill_live_data_observe (vm.user, OWNER (owner), log_string, NULL, NULL);
  rill_mutable_live_data_set_string (vm.user_id, "1");
  iterate_until_log_length (1);
  rill_mutable_live_data_set_string (vm.user_id, "2");
  iterate_until_log_length (2);
  iterate_default_context ();
  assert_log (expected);
  g_assert_cmpint (g_atomic_int_get (&vm.n_loads), ==, 2);

  /* The view model is cleared: its scope is cancelled, and so is every
   * block started in it; a new id loads nothing. */
  rill_scope_cancel (vm.view_model_scope);
  rill_mutable_live_data_set_string (vm.user_id, "3");
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (1000);
  iterate_default_context ();
  assert_log (expected);
  g_assert_cmpint (g_atomic_int_get (&vm.n_loads), ==, 2);

  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_DESTROYED);
  unref_and_settle (vm.user);
  g_object_unref (vm.user_id);
  rill_scope_unref (vm.view_model_scope);
  iterate_default_context ();
}

/* class UserDao: Dao {
 *     @Query("SELECT * FROM User WHERE id = :id")
 *     fun getUser(id: String): LiveData<User>
 * }
 * The table is one live data per id, updated by insert(). */
typedef struct
{
  GHashTable *users;   /* id -> RillMutableLiveData of G_TYPE_STRING */
} UserDao;

static RillLiveData *
user_dao_get_user (UserDao    *dao,
                   const char *id)
{
  RillMutableLiveData *row = g_hash_table_lookup (dao->users, id);

  if (row == NULL)
    {
      row = rill_mutable_live_data_new (G_TYPE_STRING);
      g_hash_table_insert (dao->users, g_strdup (id), row);
    }
  return LD (g_object_ref (row));
}

static void
user_dao_insert (UserDao    *dao,
                 const char *id,
                 const char *user)
{
  g_autoptr(RillLiveData) row = user_dao_get_user (dao, id);

  rill_mutable_live_data_set_string (MUT (row), user);
}

typedef struct
{
  UserDao *dao;
  char    *id;
  char    *fetch_as;
} Repository;

typedef struct
{
  const char *status;
  char       *error;
} ResultMap;

static void
result_map_free (gpointer data)
{
  ResultMap *map = data;

  g_free (map->error);
  g_free (map);
}

static void
to_result (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  ResultMap *map = user_data;

  if (map->error != NULL)
    g_value_take_string (result, g_strdup_printf ("Result.%s(%s, %s)", map->status, map->error,
                                                  g_value_get_string (value)));
  else
    g_value_take_string (result, g_strdup_printf ("Result.%s(%s)", map->status, g_value_get_string (value)));
}

static RillLiveData *
dao_user_mapped (Repository *repository,
                 const char *status,
                 const char *error)
{
  g_autoptr(RillLiveData) row = user_dao_get_user (repository->dao, repository->id);
  ResultMap *map = g_new0 (ResultMap, 1);

  map->status = status;
  map->error = g_strdup (error);
  return rill_live_data_map (row, G_TYPE_STRING, to_result, map, result_map_free);
}

static void
emit_source_mapped (RillLiveDataScope *scope,
                    Repository        *repository,
                    const char        *status,
                    const char        *error,
                    RillDisposable   **disposable)
{
  g_autoptr(RillLiveData) mapped = dao_user_mapped (repository, status, error);
  RillDisposable *handle = rill_live_data_scope_emit_source (scope, mapped);

  if (disposable != NULL)
    *disposable = handle;
  else if (handle != NULL)
    rill_disposable_unref (handle);
}

/* fun getUser(id: String) = liveData<User> {
 *     val disposable = emitSource(userDao.getUser(id).map { Result.loading(it) })
 *     try {
 *         val user = webservice.fetchUser(id)
 *         disposable.dispose()
 *         userDao.insert(user)
 *         emitSource(userDao.getUser(id).map { Result.success(it) })
 *     } catch(exception: IOException) {
 *         emitSource(userDao.getUser(id).map { Result.error(exception, it) })
 *     }
 * } */
static void
repository_get_user_block (RillLiveDataScope *scope,
                           gpointer           user_data)
{
  Repository *repository = user_data;
  g_autoptr(RillDisposable) disposable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  emit_source_mapped (scope, repository, "loading", NULL, &disposable);
  if (disposable == NULL)
    return;
  user = fetch_user (repository->fetch_as, &error);
  if (user != NULL)
    {
      /* Back on the main thread: the DAO is updated there. */
      g_assert_true (g_thread_self () == main_thread);
      rill_disposable_dispose (disposable);
      user_dao_insert (repository->dao, repository->id, user);
      emit_source_mapped (scope, repository, "success", NULL, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    emit_source_mapped (scope, repository, "error", error->message, NULL);
}

static void
run_emit_source_seed (const char         *fetch_as,
                      const char * const *expected,
                      guint               n_expected)
{
  g_autoptr(RillLifecycleRegistry) owner = rill_lifecycle_registry_new (NULL);
  UserDao dao = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref) };
  Repository repository = { &dao, (char *) "42", (char *) fetch_as };
  RillLiveData *user;

  user_dao_insert (&dao, "42", "cached alice");
  user = rill_live_data_build (G_TYPE_STRING, NULL, RILL_LIVE_DATA_DEFAULT_TIMEOUT,
                               repository_get_user_block, &repository, NULL);
  log_reset ();
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_STARTED);
  rill_live_data_observe (user, OWNER (owner), log_string, NULL, NULL);
  iterate_until_log_length (2);
  iterate_default_context ();
  /* The emitted source keeps following the table. */
  user_dao_insert (&dao, "42", "alice v3");
  iterate_default_context ();
  g_assert_cmpuint (log_length (), ==, n_expected);
  assert_log (expected);

  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_DESTROYED);
  unref_and_settle (user);
  g_assert_false (rill_live_data_has_observers (g_hash_table_lookup (dao.users, "42")));
  g_hash_table_unref (dao.users);
}

static void
test_seed_emit_source_success (void)
{
  /* No "Result.loading(fresh alice)": the loading source was disposed of
   * before the insert. */
  const char *expected[] = { "Result.loading(cached alice)", "Result.success(fresh alice)",
                             "Result.success(alice v3)", NULL };

  run_emit_source_seed ("alice", expected, 3);
}

static void
test_seed_emit_source_error (void)
{
  /* emitSource() removed the loading source by itself. */
  const char *expected[] = { "Result.loading(cached alice)", "Result.error(Connection refused, cached alice)",
                             "Result.error(Connection refused, alice v3)", NULL };

  run_emit_source_seed ("offline", expected, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* This thread runs the default main context: Main.immediate runs here at
   * once, as on a GTK application's main thread. */
  main_thread = g_thread_self ();
  g_main_context_acquire (NULL);

  g_test_add_func ("/builder/one-shot", test_one_shot);
  g_test_add_func ("/builder/remove-observer-in-between", test_remove_observer_in_between);
  g_test_add_func ("/builder/remove-observer-in-between-large-timeout", test_remove_observer_in_between_large_timeout);
  g_test_add_func ("/builder/default-timeout", test_default_timeout);
  g_test_add_func ("/builder/ignore-cancelled-emits", test_ignore_cancelled_emits);
  g_test_add_func ("/builder/latest-value", test_read_latest_value);
  g_test_add_func ("/builder/latest-value-kept", test_latest_value_kept_from_before);
  g_test_add_func ("/builder/emit-source/simple", test_emit_source_simple);
  g_test_add_func ("/builder/emit-source/switch-two", test_emit_source_switch_two);
  g_test_add_func ("/builder/emit-source/then-value", test_emit_source_then_value);
  g_test_add_func ("/builder/emit-source/dispose", test_emit_source_dispose);
  g_test_add_func ("/builder/emit-source/dispose-twice", test_emit_source_dispose_twice);
  g_test_add_func ("/builder/emit-source/race", test_race);
  g_test_add_func ("/builder/emit-source/race-with-dispose", test_race_with_custom_dispose);
  g_test_add_func ("/builder/restart/block-cancels-itself", test_block_cancels_itself);
  g_test_add_func ("/builder/restart/parent-cancelled", test_parent_cancelled);
  g_test_add_func ("/builder/restart/supervisor", test_supervisor_isolates_runs);
  g_test_add_func ("/builder/restart/active-again-before-timeout", test_active_again_before_timeout);
  g_test_add_func ("/builder/restart/completed", test_multiple_values_and_observers);
  g_test_add_func ("/builder/restart/timeout-zero-on-main", test_timeout_zero_on_main);
  g_test_add_func ("/builder/emit/from-another-thread", test_emit_from_another_thread);
  g_test_add_func ("/builder/emit/after-cancel", test_emit_after_cancel);
  g_test_add_func ("/builder/emit/wrong-type", test_emit_wrong_type);
  g_test_add_func ("/builder/finalize-cancels-block", test_finalize_cancels_block);
  g_test_add_func ("/builder/children", test_children_of_the_block);
  g_test_add_func ("/seed/live-data/load-user", test_seed_load_user);
  g_test_add_func ("/seed/live-data/result-success", test_seed_result_success);
  g_test_add_func ("/seed/live-data/result-error", test_seed_result_error);
  g_test_add_func ("/seed/live-data/switch-map-view-model-io", test_seed_switch_map_view_model);
  g_test_add_func ("/seed/live-data/emit-source-dispose-success", test_seed_emit_source_success);
  g_test_add_func ("/seed/live-data/emit-source-error", test_seed_emit_source_error);

  return g_test_run ();
}
