/* test-flow-timing.c: debounce and sample
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exact values and times on virtual time, as kotlinx's DebounceTest and
 * SampleTest check them, with the failure and cancellation paths.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

static RillTestScope *current_ts;

static guint64
now (void)
{
  return rill_test_scope_get_current_time (current_ts);
}

/* A script: emits each value after waiting its delay; a NULL value fails
 * the flow. */
typedef struct
{
  guint64     delay;
  const char *value;
} Step;

typedef struct
{
  const Step *steps;
  guint       n_steps;
} Script;

static gboolean
script_produce (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Script *s = user_data;

  for (guint i = 0; i < s->n_steps; i++)
    {
      if (s->steps[i].delay > 0 && !rill_delay (s->steps[i].delay))
        {
          log_line ("upstream cancelled @%" G_GUINT64_FORMAT, now ());
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return FALSE;
        }
      if (s->steps[i].value == NULL)
        {
          log_line ("upstream fails @%" G_GUINT64_FORMAT, now ());
          g_set_error (error, TEST_ERROR, 7, "upstream failed");
          return FALSE;
        }
      if (!rill_flow_emitter_emit_string (emitter, s->steps[i].value, error))
        return FALSE;
    }
  log_line ("upstream done @%" G_GUINT64_FORMAT, now ());
  return TRUE;
}

static gboolean
sink_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  log_line ("got %s @%" G_GUINT64_FORMAT, g_value_get_string (value), now ());
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  gboolean  ok;
  GError   *error;
} Collect;

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collect *c = user_data;

  c->ok = rill_flow_collect (c->flow, sink_collect, NULL, &c->error);
  log_line ("%s @%" G_GUINT64_FORMAT, c->ok ? "completed" : "failed", now ());
}

/* Collects @flow (taken); cancels the collector at @cancel_at unless 0. */
static gboolean
run (RillFlow  *flow,
     guint64    cancel_at,
     GError   **error)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  Collect c = { flow, FALSE, NULL };

  current_ts = ts;
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, &c, NULL);
  if (cancel_at > 0)
    {
      rill_test_scope_advance_time_by (ts, cancel_at);
      rill_test_scope_run_current (ts);
      rill_job_cancel (job);
    }
  rill_test_scope_advance_until_idle (ts);
  g_assert_true (rill_job_is_completed (job));
  g_object_unref (flow);
  current_ts = NULL;
  if (c.error != NULL)
    g_propagate_error (error, c.error);
  return c.ok;
}

static RillFlow *
script (Script *s)
{
  return rill_flow_new (G_TYPE_STRING, script_produce, s, NULL);
}

/* kotlinx's basic sequence: A, then B C D close together, then E. */
static const Step basic[] = {
  { 0, "A" }, { 1500, "B" }, { 500, "C" }, { 250, "D" }, { 2000, "E" }
};

/* ------------------------------------------------------------------------ */
/* debounce                                                                 */

static void
test_debounce_basic (void)
{
  Script s = { basic, G_N_ELEMENTS (basic) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got A @1000", "got D @3250", "upstream done @4250", "got E @4250", "completed @4250", NULL
  };

  log_reset ();
  g_assert_true (run (rill_flow_debounce (up, 1000), 0, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* Every value comes faster than the timeout: only the last one passes,
 * when the upstream completes. */
static void
test_debounce_only_last (void)
{
  static const Step fast[] = { { 0, "1" }, { 100, "2" }, { 100, "3" }, { 100, "4" } };
  Script s = { fast, G_N_ELEMENTS (fast) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "upstream done @300", "got 4 @300", "completed @300", NULL };

  log_reset ();
  g_assert_true (run (rill_flow_debounce (up, 200), 0, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

static void
test_debounce_zero (void)
{
  static const Step steps[] = { { 0, "1" }, { 10, "2" }, { 0, "3" } };
  Script s = { steps, G_N_ELEMENTS (steps) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_true (run (rill_flow_debounce (up, 0), 0, &error));
  g_assert_no_error (error);
  g_assert_true (log_contains ("got 1 @0"));
  g_assert_true (log_contains ("got 2 @10"));
  g_assert_true (log_contains ("got 3 @10"));
  g_assert_cmpuint (log_length (), ==, 5);
}

/* An upstream failure fails the flow; the value held back is dropped. */
static void
test_debounce_upstream_fails (void)
{
  static const Step steps[] = { { 0, "A" }, { 1500, "B" }, { 500, NULL } };
  Script s = { steps, G_N_ELEMENTS (steps) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "got A @1000", "upstream fails @2000", "failed @2000", NULL };

  log_reset ();
  g_assert_false (run (rill_flow_debounce (up, 1000), 0, &error));
  g_assert_error (error, TEST_ERROR, 7);
  assert_log (expected);
}

/* Cancelling the collector cancels the upstream and the timer. */
static void
test_debounce_cancelled (void)
{
  Script s = { basic, G_N_ELEMENTS (basic) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got A @1000", "upstream cancelled @2100", "failed @2100", NULL
  };

  log_reset ();
  g_assert_false (run (rill_flow_debounce (up, 1000), 2100, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* sample                                                                   */

static void
test_sample_basic (void)
{
  Script s = { basic, G_N_ELEMENTS (basic) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got A @1000", "got B @2000", "got D @3000", "upstream done @4250", "completed @4250", NULL
  };

  log_reset ();
  g_assert_true (run (rill_flow_sample (up, 1000), 0, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* A tick without a new value passes nothing, the same value is not passed
 * twice, and the value after the last tick is dropped. */
static void
test_sample_no_repeat (void)
{
  static const Step steps[] = { { 50, "1" }, { 300, "2" }, { 20, "3" }, { 100, "4" } };
  Script s = { steps, G_N_ELEMENTS (steps) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 1 @100", "got 3 @400", "upstream done @470", "completed @470", NULL
  };

  log_reset ();
  g_assert_true (run (rill_flow_sample (up, 100), 0, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

static void
test_sample_upstream_fails (void)
{
  static const Step steps[] = { { 0, "A" }, { 1500, NULL } };
  Script s = { steps, G_N_ELEMENTS (steps) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "got A @1000", "upstream fails @1500", "failed @1500", NULL };

  log_reset ();
  g_assert_false (run (rill_flow_sample (up, 1000), 0, &error));
  g_assert_error (error, TEST_ERROR, 7);
  assert_log (expected);
}

static void
test_sample_cancelled (void)
{
  Script s = { basic, G_N_ELEMENTS (basic) };
  g_autoptr(RillFlow) up = script (&s);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got A @1000", "upstream cancelled @1200", "failed @1200", NULL
  };

  log_reset ();
  g_assert_false (run (rill_flow_sample (up, 1000), 1200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_log (expected);
}

static void
test_sample_zero_refused (void)
{
  g_autoptr(RillFlow) up = rill_flow_empty (G_TYPE_INT);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*period_ms > 0*");
  g_assert_null (rill_flow_sample (up, 0));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-timing/debounce/basic", test_debounce_basic);
  g_test_add_func ("/flow-timing/debounce/only-last", test_debounce_only_last);
  g_test_add_func ("/flow-timing/debounce/zero", test_debounce_zero);
  g_test_add_func ("/flow-timing/debounce/upstream-fails", test_debounce_upstream_fails);
  g_test_add_func ("/flow-timing/debounce/cancelled", test_debounce_cancelled);
  g_test_add_func ("/flow-timing/sample/basic", test_sample_basic);
  g_test_add_func ("/flow-timing/sample/no-repeat", test_sample_no_repeat);
  g_test_add_func ("/flow-timing/sample/upstream-fails", test_sample_upstream_fails);
  g_test_add_func ("/flow-timing/sample/cancelled", test_sample_cancelled);
  g_test_add_func ("/flow-timing/sample/zero-refused", test_sample_zero_refused);

  return g_test_run ();
}
