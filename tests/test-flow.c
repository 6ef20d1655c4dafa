/* test-flow.c: cold flows, their emitter and their rules
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The cases follow kotlinx's FlowInvariantsTest, FlowTest and the
 * exception-transparency tests: what a collection sees when the producer
 * fails, when the collector fails, when the coroutine is cancelled, and how
 * a broken rule is refused.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

static void
set_int (GValue *v,
         int     i)
{
  g_value_init (v, G_TYPE_INT);
  g_value_set_int (v, i);
}

/* Emits 1..n (forever when n is 0), logging around each emission; fails
 * with TEST_ERROR 7 after fail_after values when that is not 0. */
typedef struct
{
  int      n;
  int      fail_after;
  int      runs;
  gboolean swallow;      /* ignore a failed emission and go on */
  gboolean own_error;    /* after a failed emission, fail with an error of its own */
  guint64  delay;
} Producer;

static gboolean
int_producer (RillFlowEmitter  *emitter,
              gpointer          user_data,
              GError          **error)
{
  Producer *p = user_data;

  p->runs++;
  log_line ("start %d", p->runs);
  for (int i = 1; p->n == 0 || i <= p->n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autoptr(GError) local = NULL;

      if (p->fail_after != 0 && i > MAX (p->fail_after, 0))
        {
          log_line ("fail");
          g_set_error (error, TEST_ERROR, 7, "producer failed");
          return FALSE;
        }
      if (p->delay != 0 && !rill_delay (p->delay))
        {
          log_line ("delay cancelled");
          return FALSE;
        }
      set_int (&v, i);
      log_line ("emit %d", i);
      if (!rill_flow_emitter_emit (emitter, &v, &local))
        {
          log_line ("emit %d failed: %s %d", i, g_quark_to_string (local->domain), local->code);
          if (p->swallow)
            return TRUE;
          if (p->own_error)
            {
              g_set_error (error, TEST_ERROR, 99, "producer's own error");
              return FALSE;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      log_line ("emitted %d", i);
    }
  log_line ("done");
  return TRUE;
}

static RillFlow *
int_flow (Producer *p)
{
  return rill_flow_new (G_TYPE_INT, int_producer, p, NULL);
}

/* Logs the values; fails with TEST_ERROR 3 on fail_on. */
typedef struct
{
  int       fail_on;
  GThread  *thread;
  RillJob  *job;
  int       cancel_on;
} Collector;

static gboolean
log_collect (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Collector *c = user_data;
  int i = g_value_get_int (value);

  log_line ("got %d", i);
  if (c != NULL)
    {
      if (c->thread != NULL)
        g_assert_true (g_thread_self () == c->thread);
      if (c->job != NULL)
        g_assert_true (rill_get_job () == c->job);
      if (c->cancel_on == i)
        rill_job_cancel (rill_get_job ());
      if (c->fail_on == i)
        {
          g_set_error (error, TEST_ERROR, 3, "collector failed on %d", i);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  Collector collector;
  gboolean  ok;
  GError   *error;
} Collect;

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collect *c = user_data;

  c->ok = rill_flow_collect (c->flow, log_collect, &c->collector, &c->error);
  log_line (c->ok ? "collect ok" : "collect failed");
}

static void
run_collect (Collect *c)
{
  rill_run_blocking (NULL, collect_body, c);
}

typedef struct
{
  RillFlow   *flow;
  GPtrArray  *list;
  GError    **error;
} ToList;

static void
to_list_body (RillScope *scope,
              gpointer   user_data)
{
  ToList *t = user_data;

  t->list = rill_flow_to_list (t->flow, t->error);
}

static GPtrArray *
to_list_blocking (RillFlow  *flow,
                  GError   **error)
{
  ToList t = { flow, NULL, error };

  rill_run_blocking (NULL, to_list_body, &t);
  return t.list;
}

/* ------------------------------------------------------------------------ */

static void
test_cold (void)
{
  Producer p = { .n = 3 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  Collect c = { .flow = flow };
  const char *once[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                         "emitted 2", "emit 3", "got 3", "emitted 3", "done", "collect ok", NULL };
  const char *twice[] = { "start 2", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                          "emitted 2", "emit 3", "got 3", "emitted 3", "done", "collect ok", NULL };

  log_reset ();
  g_assert_cmpint (p.runs, ==, 0);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_INT);
  run_collect (&c);
  g_assert_true (c.ok);
  g_assert_no_error (c.error);
  assert_log (once);

  /* Cold: a second collection runs the producer again from the start. */
  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  g_assert_cmpint (p.runs, ==, 2);
  assert_log (twice);
}

typedef struct
{
  GThread *thread;
  RillJob *job;
  gboolean checked;
} Where;

static gboolean
where_producer (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Where *w = user_data;
  g_auto(GValue) v = G_VALUE_INIT;

  w->thread = g_thread_self ();
  w->job = rill_get_job ();
  set_int (&v, 1);
  return rill_flow_emitter_emit (emitter, &v, error);
}

static gboolean
where_collect (const GValue  *value,
               gpointer       user_data,
               GError       **error)
{
  Where *w = user_data;

  /* In the producer's coroutine, inside its emit. */
  g_assert_true (g_thread_self () == w->thread);
  g_assert_true (rill_get_job () == w->job);
  w->checked = TRUE;
  return TRUE;
}

static void
where_body (RillScope *scope,
            gpointer   user_data)
{
  Where *w = user_data;
  g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, where_producer, w, NULL);
  GError *error = NULL;
  RillJob *caller = rill_get_job ();

  g_assert_true (rill_flow_collect (flow, where_collect, w, &error));
  g_assert_no_error (error);
  g_assert_true (w->job == caller);
  g_assert_true (w->thread == g_thread_self ());
}

static gboolean
where_on_pool (RillScope  *scope,
               GValue     *result,
               gpointer    user_data,
               GError    **error)
{
  where_body (scope, user_data);
  return TRUE;
}

static void
pool_body (RillScope *scope,
           gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_with_context (rill_context_default (), where_on_pool, NULL, user_data, &error));
  g_assert_no_error (error);
}

static void
test_same_coroutine (void)
{
  Where w = { 0, };
  Where p = { 0, };

  rill_run_blocking (NULL, where_body, &w);
  g_assert_true (w.checked);
  g_assert_true (w.thread == g_thread_self ());

  /* On a worker thread of the Default pool, the same: no hop anywhere. */
  rill_run_blocking (NULL, pool_body, &p);
  g_assert_true (p.checked);
  g_assert_true (p.thread != g_thread_self ());
}

static void
test_of_values (void)
{
  GValue values[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  g_autoptr(RillFlow) flow = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *strings[] = { "a", "b", NULL };

  for (guint i = 0; i < 3; i++)
    {
      g_value_init (&values[i], G_TYPE_STRING);
      g_value_set_string (&values[i], strings[i]);
    }
  flow = rill_flow_of_values (G_TYPE_STRING, values, 3);
  /* Copies: the caller's values can go. */
  for (guint i = 0; i < 3; i++)
    g_value_unset (&values[i]);

  list = to_list_blocking (flow, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (g_value_get_string (list->pdata[0]), ==, "a");
  g_assert_cmpstr (g_value_get_string (list->pdata[1]), ==, "b");
  g_assert_null (g_value_get_string (list->pdata[2]));
}

static void
test_empty (void)
{
  g_autoptr(RillFlow) flow = rill_flow_empty (G_TYPE_STRING);
  Collect c = { .flow = flow };
  const char *expected[] = { "collect ok", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  assert_log (expected);
}

/* An error in the producer ends the collection with that error. */
static void
test_producer_error (void)
{
  Producer p = { .n = 5, .fail_after = 2 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  Collect c = { .flow = flow };
  const char *expected[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                             "emitted 2", "fail", "collect failed", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_false (c.ok);
  g_assert_error (c.error, TEST_ERROR, 7);
  g_clear_error (&c.error);
  assert_log (expected);
}

/* An error of the collector makes the producer's emit fail with it, and the
 * collection reports it. */
static void
test_collector_error (void)
{
  Producer p = { .n = 5 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  Collect c = { .flow = flow, .collector = { .fail_on = 2 } };
  const char *expected[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                             "emit 2 failed: test-error 3", "collect failed", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_false (c.ok);
  g_assert_error (c.error, TEST_ERROR, 3);
  g_clear_error (&c.error);
  assert_log (expected);
}

/* Exception transparency: a producer that swallows the collector's error,
 * or replaces it with its own, does not hide it. */
static void
test_collector_error_wins (void)
{
  Producer swallow = { .n = 5, .swallow = TRUE };
  Producer own = { .n = 5, .own_error = TRUE };
  g_autoptr(RillFlow) f1 = int_flow (&swallow);
  g_autoptr(RillFlow) f2 = int_flow (&own);
  Collect c1 = { .flow = f1, .collector = { .fail_on = 1 } };
  Collect c2 = { .flow = f2, .collector = { .fail_on = 2 } };

  log_reset ();
  run_collect (&c1);
  g_assert_false (c1.ok);
  g_assert_error (c1.error, TEST_ERROR, 3);
  g_clear_error (&c1.error);

  run_collect (&c2);
  g_assert_false (c2.ok);
  g_assert_error (c2.error, TEST_ERROR, 3);
  g_clear_error (&c2.error);
}

static gboolean
emit_again_producer (RillFlowEmitter  *emitter,
                     gpointer          user_data,
                     GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;

  set_int (&v, 1);
  g_assert_false (rill_flow_emitter_emit (emitter, &v, &first));
  g_assert_error (first, TEST_ERROR, 3);
  /* Catching the collector's error and emitting on breaks the rule. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*exception transparency is violated*");
  g_value_set_int (&v, 2);
  g_assert_false (rill_flow_emitter_emit (emitter, &v, &second));
  g_test_assert_expected_messages ();
  g_assert_error (second, TEST_ERROR, 3);
  log_line ("after");
  return TRUE;
}

static void
test_emit_after_failure (void)
{
  g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, emit_again_producer, NULL, NULL);
  Collect c = { .flow = flow, .collector = { .fail_on = 1 } };
  const char *expected[] = { "got 1", "after", "collect failed", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_false (c.ok);
  g_assert_error (c.error, TEST_ERROR, 3);
  g_clear_error (&c.error);
  assert_log (expected);
}

/* kotlinx's FlowInvariantsTest: an emission from a coroutine launched by the
 * producer is refused. */
typedef struct
{
  RillFlowEmitter *emitter;
  gboolean         ok;
  GError          *error;
} Foreign;

static void
foreign_emit (RillScope *scope,
              gpointer   user_data)
{
  Foreign *f = user_data;
  g_auto(GValue) v = G_VALUE_INIT;

  set_int (&v, 42);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*flow invariant is violated*another coroutine*");
  f->ok = rill_flow_emitter_emit (f->emitter, &v, &f->error);
  g_test_assert_expected_messages ();
}

static gboolean
foreign_producer (RillFlowEmitter  *emitter,
                  gpointer          user_data,
                  GError          **error)
{
  Foreign *f = user_data;
  g_autoptr(RillScope) scope = rill_scope_new (NULL);
  g_autoptr(RillJob) job = NULL;

  f->emitter = emitter;
  job = rill_launch (scope, NULL, foreign_emit, f, NULL);
  rill_job_join (job);
  return TRUE;
}

static void
test_emit_from_other_coroutine (void)
{
  Foreign f = { 0, };
  g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, foreign_producer, &f, NULL);
  Collect c = { .flow = flow };
  const char *expected[] = { "collect ok", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  g_assert_false (f.ok);
  g_assert_error (f.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
  g_clear_error (&f.error);
  /* Nothing reached the collector. */
  assert_log (expected);
}

static gboolean
keep_producer (RillFlowEmitter  *emitter,
               gpointer          user_data,
               GError          **error)
{
  *(RillFlowEmitter **) user_data = rill_flow_emitter_ref (emitter);
  return TRUE;
}

static void
late_emit (RillScope *scope,
           gpointer   user_data)
{
  RillFlowEmitter *emitter = user_data;
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  set_int (&v, 1);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*flow invariant is violated*after the collection ended*");
  g_assert_false (rill_flow_emitter_emit (emitter, &v, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
}

static void
test_emit_after_end (void)
{
  RillFlowEmitter *kept = NULL;
  g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, keep_producer, &kept, NULL);
  Collect c = { .flow = flow };

  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  g_assert_nonnull (kept);
  g_assert_true (rill_flow_emitter_get_value_type (kept) == G_TYPE_INT);
  rill_run_blocking (NULL, late_emit, kept);
  rill_flow_emitter_unref (kept);
}

static gboolean
wrong_type_producer (RillFlowEmitter  *emitter,
                     gpointer          user_data,
                     GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "nope");
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*a value of type 'gchararray' was emitted into a flow of 'gint'*");
  if (!rill_flow_emitter_emit (emitter, &v, error))
    {
      g_test_assert_expected_messages ();
      return FALSE;
    }
  return TRUE;
}

static void
test_wrong_type (void)
{
  g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, wrong_type_producer, NULL, NULL);
  Collect c = { .flow = flow };
  const char *expected[] = { "collect failed", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_false (c.ok);
  g_assert_error (c.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
  g_clear_error (&c.error);
  assert_log (expected);
}

static gboolean
no_error_producer (RillFlowEmitter  *emitter,
                   gpointer          user_data,
                   GError          **error)
{
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*producer returned FALSE without setting an error*");
  return FALSE;
}

static gboolean
no_error_collect (const GValue  *value,
                  gpointer       user_data,
                  GError       **error)
{
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*collector returned FALSE without setting an error*");
  return FALSE;
}

static void
no_error_body (RillScope *scope,
               gpointer   user_data)
{
  g_autoptr(RillFlow) f1 = rill_flow_new (G_TYPE_INT, no_error_producer, NULL, NULL);
  Producer p = { .n = 3 };
  g_autoptr(RillFlow) f2 = int_flow (&p);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;

  g_assert_false (rill_flow_collect (f1, log_collect, NULL, &e1));
  g_test_assert_expected_messages ();
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_FAILED);

  g_assert_false (rill_flow_collect (f2, no_error_collect, NULL, &e2));
  g_test_assert_expected_messages ();
  g_assert_error (e2, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_false_without_error (void)
{
  log_reset ();
  rill_run_blocking (NULL, no_error_body, NULL);
}

/* Cancelling the collecting coroutine: the next emission fails with
 * G_IO_ERROR_CANCELLED, and so does the collection. */
static void
test_cancel_in_collector (void)
{
  Producer p = { .n = 5 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  Collect c = { .flow = flow, .collector = { .cancel_on = 2 } };
  const char *expected[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                             "emitted 2", "emit 3", "emit 3 failed: g-io-error-quark 19",
                             "collect failed", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_false (c.ok);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);
  assert_log (expected);
}

/* Cancelled from outside while the producer suspends between values, on
 * virtual time. */
static void
test_cancel_while_suspended (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Producer p = { .n = 0, .delay = 100 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  Collect c = { .flow = flow };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                             "emitted 2", "delay cancelled", "collect failed", NULL };

  log_reset ();
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, &c, NULL);
  rill_test_scope_advance_time_by (ts, 250);
  rill_test_scope_run_current (ts);
  rill_job_cancel (job);
  rill_test_scope_advance_until_idle (ts);
  g_assert_true (rill_job_is_completed (job));
  g_assert_false (c.ok);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);
  assert_log (expected);
}

/* A time-out inside the producer: the refused emission is not the
 * collector's error, so the producer's own outcome is what the collection
 * reports (the time-out, or a normal completion when it handles it). */
typedef struct
{
  RillFlowEmitter *emitter;
  gboolean         recover;
} Timed;

static gboolean
timed_block (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  Timed *t = user_data;
  g_auto(GValue) v = G_VALUE_INIT;

  set_int (&v, 1);
  if (!rill_flow_emitter_emit (t->emitter, &v, error))
    return FALSE;
  log_line ("delay %s", rill_delay (200) ? "done" : "cancelled");
  g_value_set_int (&v, 2);
  if (!rill_flow_emitter_emit (t->emitter, &v, error))
    {
      log_line ("emit 2 refused: %s", g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "?");
      return FALSE;
    }
  return TRUE;
}

static gboolean
timed_producer (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Timed *t = user_data;
  GError *local = NULL;

  t->emitter = emitter;
  if (rill_with_timeout (150, timed_block, NULL, t, &local))
    return TRUE;
  log_line ("timed out: %s", g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ? "yes" : "no");
  if (t->recover)
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

static void
test_timeout_in_producer (void)
{
  const char *failed[] = { "got 1", "delay cancelled", "emit 2 refused: cancelled", "timed out: yes",
                           "collect failed", NULL };
  const char *recovered[] = { "got 1", "delay cancelled", "emit 2 refused: cancelled", "timed out: yes",
                              "collect ok", NULL };

  for (int recover = 0; recover <= 1; recover++)
    {
      g_autoptr(RillTestScope) ts = rill_test_scope_new ();
      Timed t = { .recover = recover };
      g_autoptr(RillFlow) flow = rill_flow_new (G_TYPE_INT, timed_producer, &t, NULL);
      Collect c = { .flow = flow };
      g_autoptr(RillJob) job = NULL;

      log_reset ();
      job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, &c, NULL);
      rill_test_scope_advance_until_idle (ts);
      g_assert_true (rill_job_is_completed (job));
      if (recover)
        {
          g_assert_true (c.ok);
          g_assert_no_error (c.error);
          assert_log (recovered);
        }
      else
        {
          g_assert_false (c.ok);
          g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
          g_clear_error (&c.error);
          assert_log (failed);
        }
    }
}

/* A scoped coroutine (coroutineScope) runs on the collecting coroutine:
 * emitting from it is allowed, as kotlinx allows it. */
static gboolean
scoped_block (RillScope  *scope,
              GValue     *result,
              gpointer    user_data,
              GError    **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  set_int (&v, 5);
  return rill_flow_emitter_emit (user_data, &v, error);
}

static gboolean
scoped_producer (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  return rill_coroutine_scope (scoped_block, NULL, emitter, error);
}

/* with_context to another dispatcher runs the block in another coroutine:
 * refused (kotlinx's testWithDispatcherContractViolated). */
static gboolean
other_context_block (RillScope  *scope,
                     GValue     *result,
                     gpointer    user_data,
                     GError    **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  gboolean ok;

  set_int (&v, 6);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*flow invariant is violated*another coroutine*");
  ok = rill_flow_emitter_emit (user_data, &v, error);
  g_test_assert_expected_messages ();
  return ok;
}

static gboolean
other_context_producer (RillFlowEmitter  *emitter,
                        gpointer          user_data,
                        GError          **error)
{
  return rill_with_context (rill_context_default (), other_context_block, NULL, emitter, error);
}

static void
test_scoped_and_other_context (void)
{
  g_autoptr(RillFlow) scoped = rill_flow_new (G_TYPE_INT, scoped_producer, NULL, NULL);
  g_autoptr(RillFlow) other = rill_flow_new (G_TYPE_INT, other_context_producer, NULL, NULL);
  Collect c1 = { .flow = scoped };
  Collect c2 = { .flow = other };
  const char *expected[] = { "got 5", "collect ok", NULL };
  const char *refused[] = { "collect failed", NULL };

  log_reset ();
  run_collect (&c1);
  g_assert_true (c1.ok);
  assert_log (expected);

  log_reset ();
  run_collect (&c2);
  g_assert_false (c2.ok);
  g_assert_error (c2.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
  g_clear_error (&c2.error);
  assert_log (refused);
}

static void
test_collect_outside_coroutine (void)
{
  Producer p = { .n = 1 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  GError *error = NULL;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_flow_collect: must be called from a coroutine*");
  g_assert_false (rill_flow_collect (flow, log_collect, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (p.runs, ==, 0);
}

/* The typed emissions, one flow per type. */
static gboolean
typed_producer (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  GType type = rill_flow_emitter_get_value_type (emitter);

  if (type == G_TYPE_INT)
    return rill_flow_emitter_emit_int (emitter, -3, error)
           && rill_flow_emitter_emit_int (emitter, 4, error);
  if (type == G_TYPE_INT64)
    return rill_flow_emitter_emit_int64 (emitter, G_MAXINT64, error);
  if (type == G_TYPE_DOUBLE)
    return rill_flow_emitter_emit_double (emitter, 0.5, error);
  if (type == G_TYPE_BOOLEAN)
    return rill_flow_emitter_emit_boolean (emitter, TRUE, error);
  if (type == G_TYPE_STRING)
    {
      char text[] = "lent";

      return rill_flow_emitter_emit_string (emitter, text, error)
             && rill_flow_emitter_emit_string (emitter, NULL, error);
    }
  if (type == G_TYPE_OBJECT)
    {
      g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);

      return rill_flow_emitter_emit_object (emitter, object, error)
             && rill_flow_emitter_emit_object (emitter, NULL, error);
    }
  if (type == G_TYPE_UINT)
    {
      g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
      gboolean ok;

      g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*a value of type 'GObject' was emitted into a flow of 'guint'*");
      ok = rill_flow_emitter_emit_object (emitter, object, error);
      g_test_assert_expected_messages ();
      return ok;
    }
  g_assert_not_reached ();
  return FALSE;
}

static void
test_typed_emit (void)
{
  const GType types[] = { G_TYPE_INT, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_BOOLEAN, G_TYPE_STRING,
                          G_TYPE_OBJECT, G_TYPE_UINT };
  const char *expected[] = { "-3|4|", "9223372036854775807|", "0.500000|", "TRUE|", "\"lent\"|NULL|",
                             "object|NULL|", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(RillFlow) flow = rill_flow_new (types[i], typed_producer, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = to_list_blocking (flow, &error);
      g_autoptr(GString) text = g_string_new (NULL);

      if (types[i] == G_TYPE_UINT)
        {
          g_assert_null (list);
          g_assert_error (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
          continue;
        }
      g_assert_no_error (error);
      for (guint j = 0; j < list->len; j++)
        {
          GValue *v = list->pdata[j];
          g_autofree char *s = NULL;

          g_assert_true (G_VALUE_TYPE (v) == types[i]);
          if (G_VALUE_HOLDS_OBJECT (v))
            s = g_strdup (g_value_get_object (v) != NULL ? "object" : "NULL");
          else
            s = g_strdup_value_contents (v);
          g_string_append_printf (text, "%s|", s);
        }
      g_assert_cmpstr (text->str, ==, expected[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* launch_in                                                                */

static void
test_launch_in (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Producer p = { .n = 3, .delay = 10 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "start 1", "emit 1", "got 1", "emitted 1", "emit 2", "got 2",
                             "emitted 2", "emit 3", "got 3", "emitted 3", "done", NULL };

  log_reset ();
  job = rill_flow_launch_in (flow, rill_test_scope_get_scope (ts), log_collect, NULL, NULL);
  g_assert_nonnull (job);
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (ts), ==, 30);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  assert_log (expected);
}

static void
count_destroy (gpointer data)
{
  (*(int *) data)++;
}

static void
test_launch_in_failure (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Producer p = { .n = 3, .fail_after = 1 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  g_autoptr(RillJob) job = NULL;
  g_autoptr(RillScope) child_scope = NULL;
  g_autoptr(RillJob) parent = NULL;
  g_autoptr(GError) cause = NULL;
  int destroyed = 0;

  log_reset ();
  parent = rill_job_new (rill_scope_get_job (rill_test_scope_get_scope (ts)));
  {
    g_autoptr(RillContext) ctx = rill_context_new_for_job (parent);
    g_autoptr(RillContext) base = rill_scope_get_context (rill_test_scope_get_scope (ts));
    g_autoptr(RillContext) full = rill_context_plus (base, ctx);
    child_scope = rill_scope_new (full);
  }
  job = rill_flow_launch_in (flow, child_scope, NULL, &destroyed, count_destroy);
  /* Nobody up the chain handles it: reported as kotlinx's handler does. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*Unhandled error*producer failed*");
  rill_test_scope_advance_until_idle (ts);
  g_test_assert_expected_messages ();
  g_assert_cmpint (destroyed, ==, 1);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (job, &cause));
  g_assert_error (cause, TEST_ERROR, 7);
  /* A failing child fails its parent. */
  g_assert_true (rill_job_is_cancelled (parent));
}

static void
test_launch_in_cancel (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Producer p = { .n = 0, .delay = 10 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  g_autoptr(RillJob) job = NULL;

  log_reset ();
  job = rill_flow_launch_in (flow, rill_test_scope_get_scope (ts), log_collect, NULL, NULL);
  rill_test_scope_advance_time_by (ts, 25);
  rill_test_scope_run_current (ts);
  rill_job_cancel (job);
  rill_test_scope_advance_until_idle (ts);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_true (rill_job_is_active (rill_scope_get_job (rill_test_scope_get_scope (ts))));
  g_assert_true (log_contains ("got 2"));
  g_assert_false (log_contains ("got 3"));
}

/* ------------------------------------------------------------------------ */
/* first                                                                    */

typedef struct
{
  RillFlow *flow;
  gboolean  or_null;
  gboolean  ok;
  GValue    value;
  GError   *error;
} First;

static void
first_body (RillScope *scope,
            gpointer   user_data)
{
  First *f = user_data;

  if (f->or_null)
    f->ok = rill_flow_first_or_null (f->flow, &f->value, &f->error);
  else
    f->ok = rill_flow_first (f->flow, &f->value, &f->error);
}

static void
test_first (void)
{
  Producer p = { .n = 0 };
  g_autoptr(RillFlow) flow = int_flow (&p);
  First f = { .flow = flow };
  log_reset ();
  rill_run_blocking (NULL, first_body, &f);
  g_assert_true (f.ok);
  g_assert_no_error (f.error);
  g_assert_cmpint (g_value_get_int (&f.value), ==, 1);
  g_value_unset (&f.value);
  /* An endless producer is stopped right after its first value; the abort
   * error's code names the collection, so only its domain is checked. */
  g_assert_cmpuint (log_length (), ==, 3);
  g_assert_true (log_contains ("emit 1"));
  g_assert_false (log_contains ("emitted 1"));
}

static void
test_first_empty (void)
{
  g_autoptr(RillFlow) flow = rill_flow_empty (G_TYPE_INT);
  First f = { .flow = flow };
  First g = { .flow = flow, .or_null = TRUE };

  rill_run_blocking (NULL, first_body, &f);
  g_assert_false (f.ok);
  g_assert_error (f.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT);
  g_assert_true (G_VALUE_HOLDS_INT (&f.value));
  g_clear_error (&f.error);
  g_value_unset (&f.value);

  rill_run_blocking (NULL, first_body, &g);
  g_assert_false (g.ok);
  g_assert_no_error (g.error);
  g_assert_cmpint (g_value_get_int (&g.value), ==, 0);
  g_value_unset (&g.value);
}

static void
test_first_error (void)
{
  Producer p = { .n = 3, .fail_after = 0 };
  g_autoptr(RillFlow) flow = NULL;
  First f = { 0, };

  /* Fails before its first value: the error, not "empty". */
  p.fail_after = -1;
  flow = int_flow (&p);
  f.flow = flow;
  rill_run_blocking (NULL, first_body, &f);
  g_assert_false (f.ok);
  g_assert_error (f.error, TEST_ERROR, 7);
  g_assert_true (G_VALUE_HOLDS_INT (&f.value));
  g_clear_error (&f.error);
  g_value_unset (&f.value);
}

/* ------------------------------------------------------------------------ */
/* A subclass with its own collect, as hot flows have                       */

typedef struct
{
  RillFlow parent_instance;
  int      n;
} TestHotFlow;

typedef struct
{
  RillFlowClass parent_class;
} TestHotFlowClass;

static GType test_hot_flow_get_type (void);
G_DEFINE_TYPE (TestHotFlow, test_hot_flow, RILL_TYPE_FLOW)

static gboolean
test_hot_flow_collect (RillFlow         *flow,
                       RillCollectFunc   func,
                       gpointer          user_data,
                       GError          **error)
{
  TestHotFlow *self = (TestHotFlow *) flow;

  for (int i = 0; i < self->n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      set_int (&v, 100 + i);
      if (!func (&v, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static void
test_hot_flow_class_init (TestHotFlowClass *klass)
{
  RILL_FLOW_CLASS (klass)->collect = test_hot_flow_collect;
}

static void
test_hot_flow_init (TestHotFlow *self)
{
  self->n = 3;
}

static void
double_it (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int (result, 2 * g_value_get_int (value));
}

static void
test_subclass (void)
{
  g_autoptr(RillFlow) hot = g_object_new (test_hot_flow_get_type (), "value-type", G_TYPE_INT, NULL);
  g_autoptr(RillFlow) mapped = rill_flow_map (hot, G_TYPE_INT, double_it, NULL, NULL);
  g_autoptr(RillFlow) taken = rill_flow_take (mapped, 2);
  Collect c = { .flow = taken };
  const char *expected[] = { "got 200", "got 202", "collect ok", NULL };

  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */

static void
test_finalize (void)
{
  int destroyed = 0;
  Producer p = { .n = 2 };
  RillFlow *flow = rill_flow_new (G_TYPE_INT, int_producer, &p, NULL);
  RillFlow *mapped;
  Collect c = { 0, };

  g_object_unref (flow);
  flow = rill_flow_new (G_TYPE_INT, int_producer, &p, NULL);
  mapped = rill_flow_map (flow, G_TYPE_INT, double_it, &destroyed, count_destroy);
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  g_object_unref (flow);
  /* The operator keeps its upstream. */
  g_assert_nonnull (flow);
  c.flow = mapped;
  log_reset ();
  run_collect (&c);
  g_assert_true (c.ok);
  g_object_unref (mapped);
  g_assert_null (flow);
  g_assert_cmpint (destroyed, ==, 1);
}

static void
test_preconditions (void)
{
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*value_type_is_valid*");
  g_assert_null (rill_flow_new (G_TYPE_NONE, int_producer, NULL, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*producer != NULL*");
  g_assert_null (rill_flow_new (G_TYPE_INT, NULL, NULL, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*RILL_IS_FLOW*");
  g_assert_null (rill_flow_take (NULL, 1));
  g_test_assert_expected_messages ();
  {
    g_autoptr(RillFlow) flow = rill_flow_empty (G_TYPE_INT);
    GValue bad = G_VALUE_INIT;

    g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*count > 0*");
    g_assert_null (rill_flow_take (flow, 0));
    g_test_assert_expected_messages ();
    g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*retries > 0*");
    g_assert_null (rill_flow_retry (flow, 0, NULL, NULL, NULL));
    g_test_assert_expected_messages ();
    g_value_init (&bad, G_TYPE_STRING);
    g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*value 0 is not a 'gint'*");
    g_assert_null (rill_flow_of_values (G_TYPE_INT, &bad, 1));
    g_test_assert_expected_messages ();
    g_value_unset (&bad);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/cold", test_cold);
  g_test_add_func ("/flow/same-coroutine", test_same_coroutine);
  g_test_add_func ("/flow/of-values", test_of_values);
  g_test_add_func ("/flow/empty", test_empty);
  g_test_add_func ("/flow/typed-emit", test_typed_emit);
  g_test_add_func ("/flow/error/producer", test_producer_error);
  g_test_add_func ("/flow/error/collector", test_collector_error);
  g_test_add_func ("/flow/error/collector-wins", test_collector_error_wins);
  g_test_add_func ("/flow/error/false-without-error", test_false_without_error);
  g_test_add_func ("/flow/invariant/emit-after-failure", test_emit_after_failure);
  g_test_add_func ("/flow/invariant/other-coroutine", test_emit_from_other_coroutine);
  g_test_add_func ("/flow/invariant/after-end", test_emit_after_end);
  g_test_add_func ("/flow/invariant/wrong-type", test_wrong_type);
  g_test_add_func ("/flow/cancel/in-collector", test_cancel_in_collector);
  g_test_add_func ("/flow/cancel/while-suspended", test_cancel_while_suspended);
  g_test_add_func ("/flow/cancel/timeout-in-producer", test_timeout_in_producer);
  g_test_add_func ("/flow/invariant/scoped-and-other-context", test_scoped_and_other_context);
  g_test_add_func ("/flow/collect-outside-coroutine", test_collect_outside_coroutine);
  g_test_add_func ("/flow/launch-in", test_launch_in);
  g_test_add_func ("/flow/launch-in/failure", test_launch_in_failure);
  g_test_add_func ("/flow/launch-in/cancel", test_launch_in_cancel);
  g_test_add_func ("/flow/first", test_first);
  g_test_add_func ("/flow/first/empty", test_first_empty);
  g_test_add_func ("/flow/first/error", test_first_error);
  g_test_add_func ("/flow/subclass", test_subclass);
  g_test_add_func ("/flow/finalize", test_finalize);
  g_test_add_func ("/flow/preconditions", test_preconditions);

  return g_test_run ();
}
