/* test-shared-flow.c: MutableSharedFlow
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sequences follow kotlinx's SharedFlowTest: replay to new collectors,
 * the rendezvous of a flow without buffer, an emitter suspended by a slow
 * collector under SUSPEND, values dropped under DROP_OLDEST and
 * DROP_LATEST, emissions without collectors, a reset replay cache, a
 * cancelled emitter, subscription counts. Virtual time paces the slow
 * collectors.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

typedef struct
{
  RillMutableSharedFlow *flow;
  const char            *name;
  guint64                delay;    /* per value, virtual ms */
  int                    fail_on;
  GError                *error;
} Collector;

static gboolean
log_value (const GValue  *value,
           gpointer       user_data,
           GError       **error)
{
  Collector *c = user_data;
  int v = g_value_get_int (value);

  log_line ("%s got %d", c->name, v);
  if (c->fail_on != 0 && v == c->fail_on)
    {
      g_set_error (error, TEST_ERROR, 3, "collector failed");
      return FALSE;
    }
  if (c->delay != 0 && !rill_delay (c->delay))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collector *c = user_data;

  g_assert_false (rill_flow_collect (RILL_FLOW (c->flow), log_value, c, &c->error));
  log_line ("%s ended", c->name);
}

static RillJob *
start_collector (RillTestScope *ts,
                 Collector     *c)
{
  return rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, c, NULL);
}

typedef struct
{
  RillMutableSharedFlow *flow;
  const char            *name;
  int                    from;
  int                    to;
} Emitter;

static void
emit_body (RillScope *scope,
           gpointer   user_data)
{
  Emitter *e = user_data;

  for (int i = e->from; i <= e->to; i++)
    {
      log_line ("%s emit %d", e->name, i);
      if (!rill_mutable_shared_flow_emit_int (e->flow, i))
        {
          log_line ("%s cancelled at %d", e->name, i);
          return;
        }
    }
  log_line ("%s done", e->name);
}

static RillJob *
start_emitter (RillTestScope *ts,
               Emitter       *e)
{
  return rill_launch (rill_test_scope_get_scope (ts), NULL, emit_body, e, NULL);
}

static void
assert_replay (RillMutableSharedFlow *flow,
               const int             *values,
               guint                  n)
{
  g_autoptr(GPtrArray) cache = rill_shared_flow_get_replay_cache (RILL_SHARED_FLOW (flow));

  g_assert_cmpuint (cache->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_value_get_int (cache->pdata[i]), ==, values[i]);
}

static int
count_of (RillMutableSharedFlow *flow)
{
  return rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (flow)));
}

/* ------------------------------------------------------------------------ */

static void
test_no_collectors (void)
{
  g_autoptr(RillMutableSharedFlow) none = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillMutableSharedFlow) two = rill_mutable_shared_flow_new (G_TYPE_INT, 2, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  const int last_two[] = { 3, 4 };

  /* Without collectors nothing waits, and only the replay cache keeps. */
  for (int i = 1; i <= 4; i++)
    {
      g_assert_true (rill_mutable_shared_flow_try_emit_int (none, i));
      g_assert_true (rill_mutable_shared_flow_try_emit_int (two, i));
    }
  assert_replay (none, NULL, 0);
  assert_replay (two, last_two, 2);
  rill_mutable_shared_flow_reset_replay_cache (two);
  assert_replay (two, NULL, 0);
}

static void
test_replay_to_new_collector (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 2, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A" }, b = { flow, "B" };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  const char *expected[] = {
    "A got 2", "A got 3",
    "emit 4", "A got 4",
    "reset", "B joins",
    "emit 5", "A got 5", "B got 5",
    "A ended", "B ended",
    NULL
  };

  for (int i = 1; i <= 3; i++)
    g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, i));
  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (count_of (flow), ==, 1);
  log_line ("emit 4");
  g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, 4));
  rill_test_scope_run_current (ts);
  log_line ("reset");
  rill_mutable_shared_flow_reset_replay_cache (flow);
  log_line ("B joins");
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (count_of (flow), ==, 2);
  log_line ("emit 5");
  g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, 5));
  rill_test_scope_run_current (ts);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  rill_job_cancel (jb);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_of (flow), ==, 0);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

static void
test_rendezvous (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A", 10 }, b = { flow, "B", 30 };
  Emitter e = { flow, "E", 1, 3 };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  g_autoptr(RillJob) je = NULL;
  const char *expected[] = {
    /* The emitter waits until every collector has taken the value: both
     * take 1 at once, B (slower) takes 2 and 3 only when done with the
     * previous one. */
    "E emit 1", "A got 1", "B got 1",
    "E emit 2", "A got 2",
    "@30", "B got 2",
    "E emit 3", "A got 3",
    "@60", "B got 3",
    "E done",
    "@90",
    NULL
  };

  log_reset ();
  ja = start_collector (ts, &a);
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  g_assert_false (rill_mutable_shared_flow_try_emit_int (flow, 99));
  je = start_emitter (ts, &e);
  rill_test_scope_run_current (ts);
  for (int t = 30; t <= 90; t += 30)
    {
      rill_test_scope_advance_time_by (ts, 29);
      rill_test_scope_run_current (ts);
      rill_test_scope_advance_time_by (ts, 1);
      log_line ("@%d", t);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  g_assert_true (rill_job_is_completed (je));
  rill_job_cancel (ja);
  rill_job_cancel (jb);
  rill_test_scope_advance_until_idle (ts);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

static void
test_suspend_on_full_buffer (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 1, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A", 100 };
  Emitter e = { flow, "E", 1, 5 };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) je = NULL;
  const char *expected[] = {
    /* 1 and 2 fill the buffer of two: 3 waits until A takes 1, 4 until
     * it takes 2, and so on. */
    "E emit 1", "E emit 2", "E emit 3", "A got 1",
    "E emit 4",
    "@100", "A got 2", "E emit 5",
    "@200", "A got 3", "E done",
    "@300", "A got 4",
    "@400", "A got 5",
    NULL
  };
  const int last[] = { 5 };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  je = start_emitter (ts, &e);
  rill_test_scope_run_current (ts);
  g_assert_false (rill_mutable_shared_flow_try_emit_int (flow, 99));
  for (int t = 100; t <= 400; t += 100)
    {
      rill_test_scope_advance_time_by (ts, 99);
      rill_test_scope_run_current (ts);
      rill_test_scope_advance_time_by (ts, 1);
      log_line ("@%d", t);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  assert_replay (flow, last, 1);
  rill_job_cancel (ja);
  rill_test_scope_advance_until_idle (ts);
  g_clear_error (&a.error);
}

static void
test_drop_oldest (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 2, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
  Collector a = { flow, "A" };
  g_autoptr(RillJob) ja = NULL;
  const char *expected[] = { "A got 4", "A got 5", "A got 6", NULL };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  for (int i = 1; i <= 5; i++)
    g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, i));
  /* Only the two newest wait for A. */
  rill_test_scope_run_current (ts);
  g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, 6));
  rill_test_scope_run_current (ts);
  assert_log (expected);
  assert_replay (flow, NULL, 0);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
}

static void
test_drop_latest (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 1, 1, RILL_BUFFER_OVERFLOW_DROP_LATEST);
  Collector a = { flow, "A" };
  g_autoptr(RillJob) ja = NULL;
  const char *expected[] = { "A got 1", "A got 2", "A got 6", NULL };
  const int first[] = { 2 };
  const int last[] = { 6 };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  for (int i = 1; i <= 5; i++)
    g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, i));
  /* 3, 4 and 5 found the buffer full. */
  assert_replay (flow, first, 1);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, 6));
  rill_test_scope_run_current (ts);
  assert_log (expected);
  assert_replay (flow, last, 1);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  g_clear_error (&a.error);
}

static void
test_drop_oldest_replay_slow_collector (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 2, 0, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
  Collector a = { flow, "A", 100 }, b = { flow, "B" };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  const char *expected[] = {
    "A got 1", "B got 1",
    "emit 2..5", "B got 2", "B got 3", "B got 4", "B got 5",
    /* A, busy with 1, lost 2 and 3. */
    "@100", "A got 4",
    "@200", "A got 5",
    NULL
  };
  const int last_two[] = { 4, 5 };

  log_reset ();
  ja = start_collector (ts, &a);
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, 1));
  rill_test_scope_run_current (ts);
  log_line ("emit 2..5");
  for (int i = 2; i <= 5; i++)
    {
      g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, i));
      rill_test_scope_run_current (ts);
    }
  for (int t = 100; t <= 200; t += 100)
    {
      rill_test_scope_advance_time_by (ts, 100);
      log_line ("@%d", t);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  assert_replay (flow, last_two, 2);
  rill_job_cancel (ja);
  rill_job_cancel (jb);
  rill_test_scope_advance_until_idle (ts);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

static void
test_cancelled_emitter (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A", 100 };
  Emitter e = { flow, "E", 1, 3 }, f = { flow, "F", 10, 10 };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) je = NULL;
  g_autoptr(RillJob) jf = NULL;
  const char *expected[] = {
    /* 2 waits until A takes 1; then 3 waits, and F's 10 after it. */
    "E emit 1", "E emit 2",
    "A got 1",
    "E emit 3",
    "F emit 10",
    "cancel E", "E cancelled at 3",
    /* 3 never comes; F's 10 does. */
    "@100", "A got 2", "F done",
    "@200", "A got 10",
    NULL
  };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  je = start_emitter (ts, &e);
  rill_test_scope_run_current (ts);
  jf = start_emitter (ts, &f);
  rill_test_scope_run_current (ts);
  log_line ("cancel E");
  rill_job_cancel (je);
  rill_test_scope_run_current (ts);
  for (int t = 100; t <= 200; t += 100)
    {
      rill_test_scope_advance_time_by (ts, 100);
      log_line ("@%d", t);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  rill_job_cancel (ja);
  rill_test_scope_advance_until_idle (ts);
  g_clear_error (&a.error);
}

static void
test_last_collector_leaves (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 1, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A", 1000 };
  Emitter e = { flow, "E", 1, 4 };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) je = NULL;
  const char *expected[] = {
    "E emit 1", "E emit 2", "A got 1",
    "E emit 3",
    "cancel A", "A ended",
    /* Nobody to wait for any more. */
    "E emit 4", "E done",
    NULL
  };
  const int last[] = { 4 };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  je = start_emitter (ts, &e);
  rill_test_scope_run_current (ts);
  log_line ("cancel A");
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  assert_replay (flow, last, 1);
  g_assert_cmpint (count_of (flow), ==, 0);
  g_clear_error (&a.error);
}

static void
test_collector_error (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  Collector a = { flow, "A", 0, 2 };
  g_autoptr(RillJob) ja = NULL;
  const char *expected[] = { "A got 1", "A got 2", "A ended", NULL };

  log_reset ();
  ja = start_collector (ts, &a);
  rill_test_scope_run_current (ts);
  for (int i = 1; i <= 3; i++)
    g_assert_true (rill_mutable_shared_flow_try_emit_int (flow, i));
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_error (a.error, TEST_ERROR, 3);
  g_assert_cmpint (count_of (flow), ==, 0);
  g_clear_error (&a.error);
}

static void
test_preconditions (void)
{
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 1, 0, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_auto(GValue) v = G_VALUE_INIT;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*replay or extra_buffer must be positive*");
  g_assert_null (rill_mutable_shared_flow_new (G_TYPE_INT, 0, 0, RILL_BUFFER_OVERFLOW_DROP_OLDEST));
  g_test_assert_expected_messages ();

  g_value_init (&v, G_TYPE_STRING);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*does not fit a flow of 'gint'*");
  g_assert_false (rill_mutable_shared_flow_try_emit (flow, &v));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_mutable_shared_flow_emit*");
  g_assert_false (rill_mutable_shared_flow_emit_int (flow, 1));
  g_test_assert_expected_messages ();
  assert_replay (flow, NULL, 0);
}

static gboolean
log_string (const GValue  *value,
            gpointer       user_data,
            GError       **error)
{
  log_line ("got %s", g_value_get_string (value));
  return TRUE;
}

static void
strings_body (RillScope *scope,
              gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_flow_collect (user_data, log_string, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Strings are copied into the buffer and out of it; the collection keeps
 * the flow alive after its owner dropped it. */
static void
test_strings (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  RillMutableSharedFlow *flow = rill_mutable_shared_flow_new (G_TYPE_STRING, 2, 3, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(RillJob) job = NULL;
  g_autoptr(GPtrArray) cache = NULL;
  const char *words[] = { "one", "two", "three", "four", "five", "six", "seven", "eight" };
  const char *expected[] = { "got two", "got three", "got four", "got five", "got six", "got seven", "got eight", NULL };

  g_value_init (&v, G_TYPE_STRING);
  for (guint i = 0; i < 3; i++)
    {
      g_value_set_string (&v, words[i]);
      g_assert_true (rill_mutable_shared_flow_try_emit (flow, &v));
    }
  log_reset ();
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, strings_body, flow, NULL);
  rill_test_scope_run_current (ts);
  /* Five more while the collector does not run: the buffer of five keeps
   * them all. */
  for (guint i = 3; i < G_N_ELEMENTS (words); i++)
    {
      g_value_set_string (&v, words[i]);
      g_assert_true (rill_mutable_shared_flow_try_emit (flow, &v));
    }
  cache = rill_shared_flow_get_replay_cache (RILL_SHARED_FLOW (flow));
  g_assert_cmpuint (cache->len, ==, 2);
  g_assert_cmpstr (g_value_get_string (cache->pdata[0]), ==, "seven");
  g_assert_cmpstr (g_value_get_string (cache->pdata[1]), ==, "eight");
  g_object_unref (flow);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  rill_job_cancel (job);
  rill_test_scope_run_current (ts);
}

/* ------------------------------------------------------------------------ */

#define N_EMITTERS 4
#define N_VALUES   2000

typedef struct
{
  RillMutableSharedFlow *flow;
  int                    id;
} PoolEmitter;

typedef struct
{
  int      next[N_EMITTERS];
  int      total;
  gboolean in_order;
  GThread *main_thread;
  gboolean off_main;
  GError  *error;
} PoolCollector;

static void
pool_emit_body (RillScope *scope,
                gpointer   user_data)
{
  PoolEmitter *e = user_data;

  for (int i = 0; i < N_VALUES; i++)
    g_assert_true (rill_mutable_shared_flow_emit_int (e->flow, e->id * 100000 + i));
}

static gboolean
pool_collect_value (const GValue  *value,
                    gpointer       user_data,
                    GError       **error)
{
  PoolCollector *c = user_data;
  int v = g_value_get_int (value);
  int id = v / 100000, i = v % 100000;

  if (c->next[id] != i)
    c->in_order = FALSE;
  c->next[id] = i + 1;
  c->off_main = c->off_main && g_thread_self () != c->main_thread;
  if (++c->total == N_EMITTERS * N_VALUES)
    {
      g_set_error (error, TEST_ERROR, 9, "done");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  RillMutableSharedFlow *flow;
  PoolCollector         *collector;
} PoolRun;

static void
pool_collect_body (RillScope *scope,
                   gpointer   user_data)
{
  PoolRun *r = user_data;

  rill_flow_collect (RILL_FLOW (r->flow), pool_collect_value, r->collector, &r->collector->error);
}

static void
threads_body (RillScope *scope,
              gpointer   user_data)
{
  RillMutableSharedFlow *flow = user_data;
  g_autoptr(RillContext) pool = rill_context_new (rill_dispatcher_default (), "pool");
  PoolCollector c = { { 0, }, 0, TRUE, g_thread_self (), TRUE, NULL };
  PoolRun run = { flow, &c };
  PoolEmitter emitters[N_EMITTERS];
  RillJob *jobs[N_EMITTERS];
  g_autoptr(RillJob) collector = NULL;

  collector = rill_launch (scope, pool, pool_collect_body, &run, NULL);
  while (count_of (flow) == 0)
    rill_yield ();
  for (int i = 0; i < N_EMITTERS; i++)
    {
      emitters[i].flow = flow;
      emitters[i].id = i;
      jobs[i] = rill_launch (scope, pool, pool_emit_body, &emitters[i], NULL);
    }
  for (int i = 0; i < N_EMITTERS; i++)
    {
      g_assert_true (rill_job_join (jobs[i]));
      rill_job_unref (jobs[i]);
    }
  g_assert_true (rill_job_join (collector));

  g_assert_error (c.error, TEST_ERROR, 9);
  g_assert_cmpint (c.total, ==, N_EMITTERS * N_VALUES);
  g_assert_true (c.in_order);
  g_assert_true (c.off_main);
  for (int i = 0; i < N_EMITTERS; i++)
    g_assert_cmpint (c.next[i], ==, N_VALUES);
  g_clear_error (&c.error);
}

/* Emitters on several pool threads, a small buffer so that they suspend
 * often: nothing is lost, each emitter's values arrive in order. */
static void
test_threads (void)
{
  g_autoptr(RillMutableSharedFlow) flow = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 4, RILL_BUFFER_OVERFLOW_SUSPEND);

  rill_run_blocking (NULL, threads_body, flow);
  g_assert_cmpint (count_of (flow), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared-flow/no-collectors", test_no_collectors);
  g_test_add_func ("/shared-flow/replay-to-new-collector", test_replay_to_new_collector);
  g_test_add_func ("/shared-flow/rendezvous", test_rendezvous);
  g_test_add_func ("/shared-flow/suspend-on-full-buffer", test_suspend_on_full_buffer);
  g_test_add_func ("/shared-flow/drop-oldest", test_drop_oldest);
  g_test_add_func ("/shared-flow/drop-latest", test_drop_latest);
  g_test_add_func ("/shared-flow/drop-oldest-replay-slow-collector", test_drop_oldest_replay_slow_collector);
  g_test_add_func ("/shared-flow/cancelled-emitter", test_cancelled_emitter);
  g_test_add_func ("/shared-flow/last-collector-leaves", test_last_collector_leaves);
  g_test_add_func ("/shared-flow/collector-error", test_collector_error);
  g_test_add_func ("/shared-flow/preconditions", test_preconditions);
  g_test_add_func ("/shared-flow/strings", test_strings);
  g_test_add_func ("/shared-flow/threads", test_threads);

  return g_test_run ();
}
