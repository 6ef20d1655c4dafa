/* test-flow-sharing.c: state_in, share_in and SharingStarted
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The cases follow kotlinx's StateInTest, ShareInTest and
 * SharingStartedWhileSubscribedTest: when the upstream starts and stops for
 * Eagerly, Lazily and WhileSubscribed (with its stop timeout and replay
 * expiration, under virtual time), what collectors see, and what an
 * upstream error and a cancelled scope do.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

/* Emits 1..n (forever when 0), one every @delay virtual ms, logging its
 * start, values and end; fails after @fail_after values when not 0. */
typedef struct
{
  int     n;
  guint64 delay;
  int     fail_after;
  int     runs;
} Upstream;

static gboolean
upstream_produce (RillFlowEmitter  *emitter,
                  gpointer          user_data,
                  GError          **error)
{
  Upstream *u = user_data;

  u->runs++;
  log_line ("up start %d", u->runs);
  for (int i = 1; u->n == 0 || i <= u->n; i++)
    {
      if (u->delay != 0 && !rill_delay (u->delay))
        {
          log_line ("up cancelled");
          return FALSE;
        }
      if (u->fail_after != 0 && i > u->fail_after)
        {
          log_line ("up fails");
          g_set_error (error, TEST_ERROR, 5, "upstream failed");
          return FALSE;
        }
      log_line ("up emit %d", i);
      if (!rill_flow_emitter_emit_int (emitter, i, error))
        {
          log_line ("up stopped");
          return FALSE;
        }
    }
  log_line ("up done");
  return TRUE;
}

typedef struct
{
  RillFlow   *flow;
  const char *name;
  GError     *error;
} Collector;

static gboolean
log_value (const GValue  *value,
           gpointer       user_data,
           GError       **error)
{
  Collector *c = user_data;

  log_line ("%s got %d", c->name, g_value_get_int (value));
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collector *c = user_data;

  g_assert_false (rill_flow_collect (c->flow, log_value, c, &c->error));
  log_line ("%s ended", c->name);
}

static RillJob *
start_collector (RillTestScope *ts,
                 Collector     *c)
{
  return rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, c, NULL);
}

static RillStateFlow *
state_in (RillTestScope      *ts,
          RillFlow           *upstream,
          RillSharingStarted *started,
          int                 initial)
{
  g_auto(GValue) v = G_VALUE_INIT;
  RillStateFlow *state;

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, initial);
  state = rill_flow_state_in (upstream, rill_test_scope_get_scope (ts), started, &v);
  rill_sharing_started_unref (started);
  return state;
}

static int
value_of (RillStateFlow *state)
{
  return rill_state_flow_get_int (state);
}

static void
advance (RillTestScope *ts,
         guint64        ms)
{
  rill_test_scope_advance_time_by (ts, ms);
  rill_test_scope_run_current (ts);
  log_line ("@%" G_GUINT64_FORMAT, rill_test_scope_get_current_time (ts));
}

/* ------------------------------------------------------------------------ */

static void
test_state_in_eagerly (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 3, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  const char *expected[] = {
    "up start 1",
    "up emit 1", "@100",
    "up emit 2", "@200",
    "up emit 3", "up done", "@300",
    NULL
  };

  log_reset ();
  state = state_in (ts, up, rill_sharing_started_eagerly (), 0);
  /* Dispatched: nothing ran yet. */
  g_assert_cmpint (u.runs, ==, 0);
  g_assert_cmpint (value_of (state), ==, 0);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (u.runs, ==, 1);
  advance (ts, 100);
  g_assert_cmpint (value_of (state), ==, 1);
  advance (ts, 100);
  g_assert_cmpint (value_of (state), ==, 2);
  advance (ts, 100);
  g_assert_cmpint (value_of (state), ==, 3);
  assert_log (expected);
  /* The upstream completed: the sharing coroutine is over, the state stays. */
  g_assert_cmpuint (rill_job_get_n_children (rill_scope_get_job (rill_test_scope_get_scope (ts))), ==, 0);
  g_assert_cmpint (value_of (state), ==, 3);
}

static void
test_state_in_lazily (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  Collector a = { NULL, "A" };
  g_autoptr(RillJob) ja = NULL;
  const char *expected[] = {
    "@1000",
    "A got 0", "up start 1",
    "up emit 1", "A got 1", "@1100",
    "A ended",
    /* Lazily never stops. */
    "up emit 2", "@1200",
    "up cancelled",
    NULL
  };

  log_reset ();
  state = state_in (ts, up, rill_sharing_started_lazily (), 0);
  a.flow = RILL_FLOW (state);
  advance (ts, 1000);
  g_assert_cmpint (u.runs, ==, 0);
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (u.runs, ==, 1);
  advance (ts, 100);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  g_assert_cmpint (value_of (state), ==, 2);
  rill_scope_cancel (rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_clear_error (&a.error);
}

static void
test_while_subscribed_stop_timeout (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  Collector a = { NULL, "A" }, b = { NULL, "B" }, c = { NULL, "C" };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  g_autoptr(RillJob) jc = NULL;
  const char *expected[] = {
    "A got 0", "up start 1",
    "up emit 1", "A got 1", "@100",
    "A ended",
    /* B comes within the stop timeout: the upstream goes on. */
    "up emit 2", "@200",
    "B got 2",
    "up emit 3", "B got 3", "@300",
    "B ended",
    "up emit 4", "@400",
    "up emit 5", "@500",
    "up emit 6", "up emit 7",
    /* 500 ms after B left, before the upstream's timer of the same time,
     * set later. */
    "up cancelled", "@800",
    /* The value stays (the replay never expires); C restarts it. */
    "C got 7", "up start 2",
    "up emit 1", "C got 1", "@900",
    NULL
  };

  log_reset ();
  state = state_in (ts, up, rill_sharing_started_while_subscribed (500, G_MAXUINT64), 0);
  a.flow = b.flow = c.flow = RILL_FLOW (state);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (u.runs, ==, 0);
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  rill_job_cancel (jb);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  advance (ts, 100);
  advance (ts, 300);
  g_assert_cmpint (value_of (state), ==, 7);
  jc = start_collector (ts, &c);
  rill_test_scope_run_current (ts);
  advance (ts, 100);
  g_assert_cmpint (u.runs, ==, 2);
  assert_log (expected);
  rill_job_cancel (jc);
  rill_scope_cancel (rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
  g_clear_error (&c.error);
}

static void
test_while_subscribed_replay_expiration (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  Collector a = { NULL, "A" };
  g_autoptr(RillJob) ja = NULL;

  state = state_in (ts, up, rill_sharing_started_while_subscribed (200, 300), -1);
  a.flow = RILL_FLOW (state);
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  rill_test_scope_advance_time_by (ts, 250);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (value_of (state), ==, 2);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  /* Stops 200 ms later, at 450, holding 4; resets 300 ms after that. */
  rill_test_scope_advance_time_by (ts, 199);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (value_of (state), ==, 4);
  rill_test_scope_advance_time_by (ts, 1);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (u.runs, ==, 1);
  rill_test_scope_advance_time_by (ts, 299);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (value_of (state), ==, 4);
  rill_test_scope_advance_time_by (ts, 1);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (value_of (state), ==, -1);
  rill_scope_cancel (rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
}

static void
test_share_in_while_subscribed_reset (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillSharingStarted) started = rill_sharing_started_while_subscribed (0, 0);
  g_autoptr(RillSharedFlow) shared = NULL;
  g_autoptr(GPtrArray) cache = NULL;
  Collector a = { NULL, "A" }, b = { NULL, "B" };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  const char *expected[] = {
    "up start 1", "up emit 1", "A got 1", "up emit 2", "A got 2",
    "A ended", "up cancelled",
    /* The replay cache was dropped: B gets only new values. */
    "up start 2", "up emit 1", "B got 1",
    NULL
  };

  log_reset ();
  shared = rill_flow_share_in (up, rill_test_scope_get_scope (ts), started, 1);
  /* A read-only view, counting its collectors. */
  g_assert_false (RILL_IS_MUTABLE_SHARED_FLOW (shared));
  a.flow = b.flow = RILL_FLOW (shared);
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (shared)), ==, 1);
  rill_test_scope_advance_time_by (ts, 200);
  rill_test_scope_run_current (ts);
  cache = rill_shared_flow_get_replay_cache (shared);
  g_assert_cmpuint (cache->len, ==, 1);
  g_assert_cmpint (g_value_get_int (cache->pdata[0]), ==, 2);
  g_clear_pointer (&cache, g_ptr_array_unref);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  cache = rill_shared_flow_get_replay_cache (shared);
  g_assert_cmpuint (cache->len, ==, 0);
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  rill_test_scope_advance_time_by (ts, 100);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  rill_scope_cancel (rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

static void
test_share_in_replay (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 3, 0 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillSharedFlow) shared = NULL;
  Collector a = { NULL, "A" };
  g_autoptr(RillJob) ja = NULL;
  const char *expected[] = {
    "up start 1", "up emit 1", "up emit 2", "up emit 3", "up done",
    "A got 2", "A got 3",
    NULL
  };

  log_reset ();
  shared = rill_flow_share_in (up, rill_test_scope_get_scope (ts), rill_sharing_started_eagerly (), 2);
  rill_test_scope_run_current (ts);
  a.flow = RILL_FLOW (shared);
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
}

static void
test_upstream_error_fails_scope (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100, 2 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  g_autoptr(GError) cause = NULL;
  RillJob *job = rill_scope_get_job (rill_test_scope_get_scope (ts));

  state = state_in (ts, up, rill_sharing_started_eagerly (), 0);
  /* The scope has no handler: the error is reported, as kotlinx does. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*Unhandled error*upstream failed*");
  rill_test_scope_advance_time_by (ts, 1000);
  rill_test_scope_run_current (ts);
  g_test_assert_expected_messages ();
  g_assert_cmpint (value_of (state), ==, 2);
  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, TEST_ERROR, 5);
}

static void
test_while_subscribed_upstream_error (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100, 1 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillSharingStarted) started = rill_sharing_started_while_subscribed (0, G_MAXUINT64);
  g_autoptr(RillSharedFlow) shared = NULL;
  g_autoptr(GError) cause = NULL;
  Collector a = { NULL, "A" };
  g_autoptr(RillJob) ja = NULL;
  RillJob *job = rill_scope_get_job (rill_test_scope_get_scope (ts));
  const char *expected[] = {
    "up start 1", "up emit 1", "A got 1", "up fails",
    /* The failure cancels the whole scope, the collector with it. */
    "A ended",
    NULL
  };

  log_reset ();
  shared = rill_flow_share_in (up, rill_test_scope_get_scope (ts), started, 0);
  a.flow = RILL_FLOW (shared);
  ja = start_collector (ts, &a);
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*Unhandled error*upstream failed*");
  rill_test_scope_advance_time_by (ts, 1000);
  rill_test_scope_run_current (ts);
  g_test_assert_expected_messages ();
  assert_log (expected);
  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, TEST_ERROR, 5);
  g_assert_true (rill_job_is_completed (ja));
  g_assert_cmpuint (rill_job_get_n_children (job), ==, 0);
  g_clear_error (&a.error);
}

static void
test_scope_cancelled (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Upstream u = { 0, 100 };
  g_autoptr(RillFlow) up = rill_flow_new (G_TYPE_INT, upstream_produce, &u, NULL);
  g_autoptr(RillStateFlow) state = NULL;
  const char *expected[] = { "up start 1", "up emit 1", "up cancelled", NULL };

  log_reset ();
  state = state_in (ts, up, rill_sharing_started_eagerly (), 0);
  rill_test_scope_advance_time_by (ts, 150);
  rill_test_scope_run_current (ts);
  rill_scope_cancel (rill_test_scope_get_scope (ts));
  rill_test_scope_advance_until_idle (ts);
  assert_log (expected);
  g_assert_cmpint (value_of (state), ==, 1);
}

static void
test_preconditions (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillFlow) up = rill_flow_empty (G_TYPE_INT);
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*does not fit a flow of 'gint'*");
  g_assert_null (rill_flow_state_in (up, rill_test_scope_get_scope (ts), rill_sharing_started_eagerly (), &v));
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-sharing/state-in-eagerly", test_state_in_eagerly);
  g_test_add_func ("/flow-sharing/state-in-lazily", test_state_in_lazily);
  g_test_add_func ("/flow-sharing/while-subscribed-stop-timeout", test_while_subscribed_stop_timeout);
  g_test_add_func ("/flow-sharing/while-subscribed-replay-expiration", test_while_subscribed_replay_expiration);
  g_test_add_func ("/flow-sharing/share-in-while-subscribed-reset", test_share_in_while_subscribed_reset);
  g_test_add_func ("/flow-sharing/share-in-replay", test_share_in_replay);
  g_test_add_func ("/flow-sharing/upstream-error-fails-scope", test_upstream_error_fails_scope);
  g_test_add_func ("/flow-sharing/while-subscribed-upstream-error", test_while_subscribed_upstream_error);
  g_test_add_func ("/flow-sharing/scope-cancelled", test_scope_cancelled);
  g_test_add_func ("/flow-sharing/preconditions", test_preconditions);

  return g_test_run ();
}
