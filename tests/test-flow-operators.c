/* test-flow-operators.c: the intermediate and terminal flow operators
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exact sequences, as kotlinx's operator tests (MapTest, FilterTest,
 * TransformTest, OnStartTest, OnCompletionTest, CatchTest, RetryTest,
 * TakeTest, TakeWhileTest, DropTest, ScanTest, DistinctUntilChangedTest,
 * FirstTest, SingleTest, ReduceTest, FoldTest, ToCollectionTest, CountTest)
 * check them: what the collector gets, what the producer sees, which
 * errors come out.
 */

#include <gio/gio.h>
#include <math.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* Emits the ints 1..n (endless when n is 0), logging each emission and a
 * refused one; fails with TEST_ERROR 7 after fail_after values. */
typedef struct
{
  int n;
  int fail_after;
  int runs;
} Source;

static gboolean
source_produce (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Source *s = user_data;

  s->runs++;
  for (int i = 1; s->n == 0 || i <= s->n; i++)
    {
      GValue v = G_VALUE_INIT;
      gboolean ok;

      if (s->fail_after > 0 && i > s->fail_after)
        {
          log_line ("fail");
          g_set_error (error, TEST_ERROR, 7, "upstream failed");
          return FALSE;
        }
      g_value_init (&v, G_TYPE_INT);
      g_value_set_int (&v, i);
      log_line ("emit %d", i);
      ok = rill_flow_emitter_emit (emitter, &v, error);
      if (!ok)
        {
          log_line ("emit %d refused", i);
          return FALSE;
        }
    }
  log_line ("done");
  return TRUE;
}

static RillFlow *
source (Source *s)
{
  return rill_flow_new (G_TYPE_INT, source_produce, s, NULL);
}

static RillFlow *
ints (int n,
      ...)
{
  GValue *values = g_new0 (GValue, MAX (n, 1));
  RillFlow *flow;
  va_list args;

  va_start (args, n);
  for (int i = 0; i < n; i++)
    {
      g_value_init (&values[i], G_TYPE_INT);
      g_value_set_int (&values[i], va_arg (args, int));
    }
  va_end (args);
  flow = rill_flow_of_values (G_TYPE_INT, values, n);
  for (int i = 0; i < n; i++)
    g_value_unset (&values[i]);
  g_free (values);
  return flow;
}

static RillFlow *
strings (const char * const *s,
         guint               n)
{
  GValue *values = g_new0 (GValue, MAX (n, 1));
  RillFlow *flow;

  for (guint i = 0; i < n; i++)
    {
      g_value_init (&values[i], G_TYPE_STRING);
      g_value_set_string (&values[i], s[i]);
    }
  flow = rill_flow_of_values (G_TYPE_STRING, values, n);
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);
  g_free (values);
  return flow;
}

static char *
describe (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_INT:
      return g_strdup_printf ("%d", g_value_get_int (value));
    case G_TYPE_STRING:
      return g_strdup (g_value_get_string (value) ? g_value_get_string (value) : "(null)");
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", g_value_get_double (value));
    default:
      return g_strdup_value_contents (value);
    }
}

/* Logs "got X"; fails with TEST_ERROR 3 on the int fail_on, cancels its
 * coroutine on cancel_on. */
typedef struct
{
  int fail_on;
  int cancel_on;
} Sink;

static gboolean
sink_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  Sink *sink = user_data;
  g_autofree char *text = describe (value);

  log_line ("got %s", text);
  if (sink != NULL && G_VALUE_HOLDS_INT (value))
    {
      if (sink->cancel_on != 0 && g_value_get_int (value) == sink->cancel_on)
        rill_job_cancel (rill_get_job ());
      if (sink->fail_on != 0 && g_value_get_int (value) == sink->fail_on)
        {
          g_set_error (error, TEST_ERROR, 3, "downstream failed");
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  Sink     *sink;
  gboolean  ok;
  GError   *error;
} Run;

static void
run_body (RillScope *scope,
          gpointer   user_data)
{
  Run *r = user_data;

  r->ok = rill_flow_collect (r->flow, sink_collect, r->sink, &r->error);
}

/* Collects @flow (taken) into the log; returns whether it completed, with
 * the error in @error. */
static gboolean
collect (RillFlow  *flow,
         Sink      *sink,
         GError   **error)
{
  Run r = { flow, sink, FALSE, NULL };

  rill_run_blocking (NULL, run_body, &r);
  g_object_unref (flow);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static void
assert_collects (RillFlow           *flow,
                 const char * const *expected)
{
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_true (collect (flow, NULL, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* map, filter, transform                                                   */

static void
times_two (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int (result, 2 * g_value_get_int (value));
}

static void
to_label (const GValue *value,
          GValue       *result,
          gpointer      user_data)
{
  g_value_take_string (result, g_strdup_printf ("v%d", g_value_get_int (value)));
}

static void
test_map (void)
{
  const char *doubled[] = { "got 2", "got 4", "got 6", NULL };
  const char *labels[] = { "got v1", "got v2", NULL };
  RillFlow *up = ints (3, 1, 2, 3);
  RillFlow *flow = rill_flow_map (up, G_TYPE_INT, times_two, NULL, NULL);

  g_object_unref (up);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_INT);
  assert_collects (flow, doubled);

  up = ints (2, 1, 2);
  flow = rill_flow_map (up, G_TYPE_STRING, to_label, NULL, NULL);
  g_object_unref (up);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_STRING);
  assert_collects (flow, labels);
}

static gboolean
is_even (const GValue *value,
         gpointer      user_data)
{
  return g_value_get_int (value) % 2 == 0;
}

static gboolean
is_less_than (const GValue *value,
              gpointer      user_data)
{
  return g_value_get_int (value) < GPOINTER_TO_INT (user_data);
}

static void
test_filter (void)
{
  const char *expected[] = { "got 2", "got 4", "got 6", NULL };
  RillFlow *up = ints (6, 1, 2, 3, 4, 5, 6);

  assert_collects (rill_flow_filter (up, is_even, NULL, NULL), expected);
  g_object_unref (up);
}

/* Odd values vanish, even ones come out twice: x, then x * 10. */
static gboolean
twice_if_even (RillFlowEmitter  *emitter,
               const GValue     *value,
               gpointer          user_data,
               GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  int x = g_value_get_int (value);

  if (x % 2 != 0)
    return TRUE;
  g_value_init (&v, G_TYPE_STRING);
  g_value_take_string (&v, g_strdup_printf ("%d", x));
  if (!rill_flow_emitter_emit (emitter, &v, error))
    return FALSE;
  g_value_take_string (&v, g_strdup_printf ("%d", x * 10));
  return rill_flow_emitter_emit (emitter, &v, error);
}

static void
test_transform (void)
{
  const char *expected[] = { "got 2", "got 20", "got 4", "got 40", NULL };
  RillFlow *up = ints (4, 1, 2, 3, 4);
  RillFlow *flow = rill_flow_transform (up, G_TYPE_STRING, twice_if_even, NULL, NULL);

  g_object_unref (up);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_STRING);
  assert_collects (flow, expected);
}

/* ------------------------------------------------------------------------ */
/* on_each, on_start, on_completion                                         */

static gboolean
log_each (const GValue  *value,
          gpointer       user_data,
          GError       **error)
{
  log_line ("each %d", g_value_get_int (value));
  if (g_value_get_int (value) == GPOINTER_TO_INT (user_data))
    {
      g_set_error (error, TEST_ERROR, 5, "on_each failed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
catch_emit_minus_one (RillFlowEmitter  *emitter,
                      const GError     *cause,
                      gpointer          user_data,
                      GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  log_line ("caught %s %d", g_quark_to_string (cause->domain), cause->code);
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, -1);
  return rill_flow_emitter_emit (emitter, &v, error);
}

static void
test_on_each (void)
{
  const char *expected[] = { "each 1", "got 1", "each 2", "got 2", NULL };
  const char *failing[] = { "each 1", "got 1", "each 2", NULL };
  const char *caught[] = { "each 1", "got 1", "each 2", "caught test-error 5", "got -1", NULL };
  g_autoptr(GError) error = NULL;
  RillFlow *up = ints (2, 1, 2);
  RillFlow *each;

  assert_collects (rill_flow_on_each (up, log_each, NULL, NULL), expected);

  log_reset ();
  g_assert_false (collect (rill_flow_on_each (up, log_each, GINT_TO_POINTER (2), NULL), NULL, &error));
  g_assert_error (error, TEST_ERROR, 5);
  assert_log (failing);

  /* Its error is an upstream one for the operators after it. */
  each = rill_flow_on_each (up, log_each, GINT_TO_POINTER (2), NULL);
  assert_collects (rill_flow_catch (each, catch_emit_minus_one, NULL, NULL), caught);
  g_object_unref (each);
  g_object_unref (up);
}

static gboolean
start_emit_zero (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  log_line ("on start");
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 0);
  return rill_flow_emitter_emit (emitter, &v, error);
}

static gboolean
start_fail (RillFlowEmitter  *emitter,
            gpointer          user_data,
            GError          **error)
{
  log_line ("on start");
  g_set_error (error, TEST_ERROR, 11, "on_start failed");
  return FALSE;
}

static void
test_on_start (void)
{
  Source s = { .n = 2 };
  const char *expected[] = { "on start", "got 0", "emit 1", "got 1", "emit 2", "got 2", "done", NULL };
  const char *failing[] = { "on start", NULL };
  g_autoptr(GError) error = NULL;
  RillFlow *up = source (&s);

  assert_collects (rill_flow_on_start (up, start_emit_zero, NULL, NULL), expected);
  g_assert_cmpint (s.runs, ==, 1);

  log_reset ();
  g_assert_false (collect (rill_flow_on_start (up, start_fail, NULL, NULL), NULL, &error));
  g_assert_error (error, TEST_ERROR, 11);
  g_assert_cmpint (s.runs, ==, 1);
  assert_log (failing);
  g_object_unref (up);
}

/* Logs the cause; on a normal completion emits 99; with user_data set,
 * fails with TEST_ERROR 13. */
static gboolean
completion_log (RillFlowEmitter  *emitter,
                const GError     *cause,
                gpointer          user_data,
                GError          **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) emit_error = NULL;

  if (cause == NULL)
    log_line ("completed");
  else
    log_line ("completed with %s %d", g_quark_to_string (cause->domain), cause->code);
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 99);
  if (!rill_flow_emitter_emit (emitter, &v, &emit_error))
    {
      /* After a failure, an emission re-raises the cause. */
      g_assert_nonnull (cause);
      g_assert_true (g_error_matches (emit_error, cause->domain, cause->code));
      log_line ("emit refused");
    }
  if (user_data != NULL)
    {
      g_set_error (error, TEST_ERROR, 13, "on_completion failed");
      return FALSE;
    }
  return TRUE;
}

static void
test_on_completion (void)
{
  Source ok_source = { .n = 2 };
  Source failing_source = { .n = 3, .fail_after = 1 };
  Source endless = { .n = 0 };
  const char *normal[] = { "emit 1", "got 1", "emit 2", "got 2", "done", "completed", "got 99", NULL };
  const char *upstream[] = { "emit 1", "got 1", "fail", "completed with test-error 7", "emit refused", NULL };
  const char *downstream[] = { "emit 1", "got 1", "emit 1 refused", "completed with test-error 3",
                               "emit refused", NULL };
  const char *taken[] = { "emit 1", "got 1", "emit 2", "got 2", "emit 2 refused",
                          "completed with g-io-error-quark 19", "emit refused", NULL };
  const char *cancelled[] = { "emit 1", "got 1", "emit 2", "emit 2 refused",
                              "completed with g-io-error-quark 19", "emit refused", NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  Sink fail_on_1 = { .fail_on = 1 };
  Sink cancel_on_1 = { .cancel_on = 1 };
  RillFlow *up, *completion;

  up = source (&ok_source);
  assert_collects (rill_flow_on_completion (up, completion_log, NULL, NULL), normal);
  g_object_unref (up);

  up = source (&failing_source);
  log_reset ();
  g_assert_false (collect (rill_flow_on_completion (up, completion_log, NULL, NULL), NULL, &e1));
  g_assert_error (e1, TEST_ERROR, 7);
  assert_log (upstream);

  /* The action's own error replaces the cause. */
  log_reset ();
  g_assert_false (collect (rill_flow_on_completion (up, completion_log, GINT_TO_POINTER (1), NULL), NULL, &e2));
  g_assert_error (e2, TEST_ERROR, 13);
  g_object_unref (up);

  /* It sees downstream errors too (unlike catch). */
  up = source (&ok_source);
  log_reset ();
  g_assert_false (collect (rill_flow_on_completion (up, completion_log, NULL, NULL), &fail_on_1, &e3));
  g_assert_error (e3, TEST_ERROR, 3);
  assert_log (downstream);
  g_object_unref (up);

  /* A take downstream cancels it; the collection still completes. */
  up = source (&endless);
  completion = rill_flow_on_completion (up, completion_log, NULL, NULL);
  assert_collects (rill_flow_take (completion, 2), taken);
  g_object_unref (completion);

  log_reset ();
  completion = rill_flow_on_completion (up, completion_log, NULL, NULL);
  g_assert_false (collect (g_object_ref (completion), &cancel_on_1, &e4));
  g_assert_error (e4, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_log (cancelled);
  g_object_unref (completion);
  g_object_unref (up);
}

/* ------------------------------------------------------------------------ */
/* catch, retry                                                             */

static gboolean
catch_rethrow (RillFlowEmitter  *emitter,
               const GError     *cause,
               gpointer          user_data,
               GError          **error)
{
  log_line ("caught %d", cause->code);
  g_propagate_error (error, g_error_copy (cause));
  return FALSE;
}

static gboolean
catch_must_not_run (RillFlowEmitter  *emitter,
                    const GError     *cause,
                    gpointer          user_data,
                    GError          **error)
{
  g_assert_not_reached ();
  return TRUE;
}

static void
test_catch (void)
{
  Source failing = { .n = 3, .fail_after = 2 };
  Source ok = { .n = 3 };
  const char *caught[] = { "emit 1", "got 1", "emit 2", "got 2", "fail", "caught test-error 7", "got -1", NULL };
  const char *rethrown[] = { "emit 1", "got 1", "emit 2", "got 2", "fail", "caught 7", NULL };
  const char *downstream[] = { "emit 1", "got 1", "emit 2", "got 2", "emit 2 refused", NULL };
  const char *cancelled[] = { "emit 1", "got 1", "emit 2", "emit 2 refused", NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  Sink fail_on_2 = { .fail_on = 2 };
  Sink cancel_on_1 = { .cancel_on = 1 };
  RillFlow *up = source (&failing);

  assert_collects (rill_flow_catch (up, catch_emit_minus_one, NULL, NULL), caught);

  log_reset ();
  g_assert_false (collect (rill_flow_catch (up, catch_rethrow, NULL, NULL), NULL, &e1));
  g_assert_error (e1, TEST_ERROR, 7);
  assert_log (rethrown);
  g_object_unref (up);

  /* Exception transparency: the collector's error is never caught. */
  up = source (&ok);
  log_reset ();
  g_assert_false (collect (rill_flow_catch (up, catch_must_not_run, NULL, NULL), &fail_on_2, &e2));
  g_assert_error (e2, TEST_ERROR, 3);
  assert_log (downstream);

  /* Nor the cancellation of the collecting coroutine. */
  log_reset ();
  g_assert_false (collect (rill_flow_catch (up, catch_must_not_run, NULL, NULL), &cancel_on_1, &e3));
  g_assert_error (e3, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_log (cancelled);
  g_object_unref (up);
}

static gboolean
retry_only_7 (const GError *cause,
              guint64       attempt,
              gpointer      user_data)
{
  log_line ("retry? attempt %" G_GUINT64_FORMAT, attempt);
  return cause->code == 7 && GPOINTER_TO_INT (user_data);
}

static void
test_retry (void)
{
  Source failing = { .n = 3, .fail_after = 1 };
  Source ok = { .n = 2 };
  const char *retried[] = { "emit 1", "got 1", "fail", "emit 1", "got 1", "fail", "emit 1", "got 1", "fail", NULL };
  const char *asked[] = { "emit 1", "got 1", "fail", "retry? attempt 0", "emit 1", "got 1", "fail",
                          "retry? attempt 1", "emit 1", "got 1", "fail", NULL };
  const char *refused[] = { "emit 1", "got 1", "fail", "retry? attempt 0", NULL };
  const char *downstream[] = { "emit 1", "got 1", "emit 1 refused", NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  Sink fail_on_1 = { .fail_on = 1 };
  RillFlow *up = source (&failing);

  log_reset ();
  g_assert_false (collect (rill_flow_retry (up, 2, NULL, NULL, NULL), NULL, &e1));
  g_assert_error (e1, TEST_ERROR, 7);
  g_assert_cmpint (failing.runs, ==, 3);
  assert_log (retried);

  log_reset ();
  g_assert_false (collect (rill_flow_retry (up, 2, retry_only_7, GINT_TO_POINTER (TRUE), NULL), NULL, &e2));
  g_assert_error (e2, TEST_ERROR, 7);
  assert_log (asked);

  log_reset ();
  g_assert_false (collect (rill_flow_retry (up, 2, retry_only_7, GINT_TO_POINTER (FALSE), NULL), NULL, &e3));
  g_assert_error (e3, TEST_ERROR, 7);
  assert_log (refused);
  g_object_unref (up);

  /* A downstream error is not retried. */
  up = source (&ok);
  log_reset ();
  g_assert_false (collect (rill_flow_retry (up, G_MAXUINT64, NULL, NULL, NULL), &fail_on_1, &e4));
  g_assert_error (e4, TEST_ERROR, 3);
  g_assert_cmpint (ok.runs, ==, 1);
  assert_log (downstream);
  g_object_unref (up);
}

/* ------------------------------------------------------------------------ */
/* take, take_while, drop, drop_while                                       */

static void
test_take (void)
{
  Source endless = { .n = 0 };
  Source three = { .n = 3 };
  const char *two[] = { "emit 1", "got 1", "emit 2", "got 2", "emit 2 refused", NULL };
  const char *all[] = { "emit 1", "got 1", "emit 2", "got 2", "emit 3", "got 3", "done", NULL };
  const char *one[] = { "emit 1", "got 1", "emit 1 refused", NULL };
  RillFlow *up = source (&endless);
  RillFlow *inner, *flow;

  /* The producer's loop stops on the refused emission; no error is seen. */
  flow = rill_flow_take (up, 2);
  g_object_ref (flow);
  assert_collects (flow, two);
  /* Each collection counts afresh. */
  assert_collects (flow, two);
  g_assert_cmpint (endless.runs, ==, 2);

  inner = rill_flow_take (up, 3);
  assert_collects (rill_flow_take (inner, 2), two);
  g_object_unref (inner);
  inner = rill_flow_take (up, 2);
  assert_collects (rill_flow_take (inner, 3), two);
  g_object_unref (inner);
  inner = rill_flow_take (up, 1);
  assert_collects (rill_flow_take (inner, 1), one);
  g_object_unref (inner);
  g_object_unref (up);

  up = source (&three);
  assert_collects (rill_flow_take (up, 5), all);
  g_object_unref (up);
}

static void
test_take_while (void)
{
  Source endless = { .n = 0 };
  const char *expected[] = { "emit 1", "got 1", "emit 2", "got 2", "emit 3", "emit 3 refused", NULL };
  RillFlow *up = source (&endless);

  assert_collects (rill_flow_take_while (up, is_less_than, GINT_TO_POINTER (3), NULL), expected);
  g_object_unref (up);
}

static void
test_drop (void)
{
  const char *expected[] = { "got 3", "got 4", "got 5", NULL };
  const char *all[] = { "got 1", "got 2", NULL };
  const char *while_expected[] = { "got 3", "got 1", NULL };
  RillFlow *up = ints (5, 1, 2, 3, 4, 5);

  assert_collects (rill_flow_drop (up, 2), expected);
  g_object_unref (up);
  up = ints (2, 1, 2);
  assert_collects (rill_flow_drop (up, 0), all);
  g_object_unref (up);
  up = ints (4, 1, 2, 3, 1);
  assert_collects (rill_flow_drop_while (up, is_less_than, GINT_TO_POINTER (3), NULL), while_expected);
  g_object_unref (up);
}

/* ------------------------------------------------------------------------ */
/* scan, distinct_until_changed                                             */

static void
sum (const GValue *acc,
     const GValue *value,
     GValue       *result,
     gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (acc) + g_value_get_int (value));
}

static void
concat (const GValue *acc,
        const GValue *value,
        GValue       *result,
        gpointer      user_data)
{
  g_value_take_string (result, g_strdup_printf ("%s%d", g_value_get_string (acc), g_value_get_int (value)));
}

static void
test_scan (void)
{
  const char *sums[] = { "got 0", "got 1", "got 3", "got 6", "got 10", NULL };
  const char *texts[] = { "got >", "got >1", "got >12", "got >123", NULL };
  const char *initial_only[] = { "got 5", NULL };
  g_auto(GValue) zero = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  RillFlow *up = ints (4, 1, 2, 3, 4);
  RillFlow *flow;

  g_value_init (&zero, G_TYPE_INT);
  flow = rill_flow_scan (up, &zero, sum, NULL, NULL);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_INT);
  assert_collects (flow, sums);
  g_object_unref (up);

  up = ints (3, 1, 2, 3);
  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, ">");
  flow = rill_flow_scan (up, &text, concat, NULL, NULL);
  g_assert_true (rill_flow_get_value_type (flow) == G_TYPE_STRING);
  assert_collects (flow, texts);
  g_object_unref (up);

  /* The initial value comes first, even from an empty flow. */
  up = rill_flow_empty (G_TYPE_INT);
  g_value_set_int (&zero, 5);
  assert_collects (rill_flow_scan (up, &zero, sum, NULL, NULL), initial_only);
  g_object_unref (up);
}

static gboolean
same_ignoring_case (const GValue *a,
                    const GValue *b,
                    gpointer      user_data)
{
  return g_ascii_strcasecmp (g_value_get_string (a), g_value_get_string (b)) == 0;
}

static void
test_distinct_until_changed (void)
{
  const char *numbers[] = { "got 1", "got 2", "got 1", "got 3", NULL };
  const char *texts[] = { "got a", "got (null)", "got b", "got a", NULL };
  const char *cased[] = { "got a", "got (null)", "got b", NULL };
  const char *doubles[] = { "got nan", "got 0", "got -0", NULL };
  const char *const words[] = { "a", "a", NULL, NULL, "b", "a" };
  const char *const mixed[] = { "a", "A", NULL, NULL, "b", "B" };
  GValue d[4] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  double dv[4] = { NAN, NAN, 0.0, -0.0 };
  RillFlow *up = ints (7, 1, 1, 2, 2, 1, 3, 3);

  assert_collects (rill_flow_distinct_until_changed (up), numbers);
  g_object_unref (up);

  up = strings (words, G_N_ELEMENTS (words));
  assert_collects (rill_flow_distinct_until_changed (up), texts);
  g_object_unref (up);

  up = strings (mixed, G_N_ELEMENTS (mixed));
  assert_collects (rill_flow_distinct_until_changed_full (up, same_ignoring_case, NULL, NULL), cased);
  g_object_unref (up);

  /* Doubles as Java's Double.equals: NaN equals NaN, 0.0 differs from -0.0. */
  for (guint i = 0; i < 4; i++)
    {
      g_value_init (&d[i], G_TYPE_DOUBLE);
      g_value_set_double (&d[i], dv[i]);
    }
  up = rill_flow_of_values (G_TYPE_DOUBLE, d, 4);
  assert_collects (rill_flow_distinct_until_changed (up), doubles);
  g_object_unref (up);
}

/* ------------------------------------------------------------------------ */
/* Terminal operators                                                       */

typedef enum {
  T_SINGLE,
  T_SINGLE_OR_NULL,
  T_REDUCE,
  T_FOLD,
  T_COUNT,
  T_TO_LIST,
} Terminal;

typedef struct
{
  Terminal    what;
  RillFlow   *flow;
  gboolean    ok;
  GValue      value;
  GValue     *initial;
  guint64     count;
  GPtrArray  *list;
  GError     *error;
} Term;

static void
term_body (RillScope *scope,
           gpointer   user_data)
{
  Term *t = user_data;

  switch (t->what)
    {
    case T_SINGLE:
      t->ok = rill_flow_single (t->flow, &t->value, &t->error);
      break;
    case T_SINGLE_OR_NULL:
      t->ok = rill_flow_single_or_null (t->flow, &t->value, &t->error);
      break;
    case T_REDUCE:
      t->ok = rill_flow_reduce (t->flow, sum, NULL, &t->value, &t->error);
      break;
    case T_FOLD:
      t->ok = rill_flow_fold (t->flow, t->initial, G_VALUE_HOLDS_STRING (t->initial) ? concat : sum,
                              NULL, &t->value, &t->error);
      break;
    case T_COUNT:
      t->ok = rill_flow_count (t->flow, &t->count, &t->error);
      break;
    case T_TO_LIST:
      t->list = rill_flow_to_list (t->flow, &t->error);
      t->ok = t->list != NULL;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Runs @what on @flow (taken). */
static void
term (Term     *t,
      Terminal  what,
      RillFlow *flow)
{
  t->what = what;
  t->flow = flow;
  rill_run_blocking (NULL, term_body, t);
  g_object_unref (flow);
}

static void
term_clear (Term *t)
{
  if (G_IS_VALUE (&t->value))
    g_value_unset (&t->value);
  g_clear_error (&t->error);
  g_clear_pointer (&t->list, g_ptr_array_unref);
  t->ok = FALSE;
}

static void
test_single (void)
{
  Source endless = { .n = 0 };
  const char *stopped[] = { "emit 1", "emit 2", "emit 2 refused", NULL };
  Term t = { 0, };

  term (&t, T_SINGLE, ints (1, 42));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 42);
  term_clear (&t);

  term (&t, T_SINGLE, rill_flow_empty (G_TYPE_INT));
  g_assert_false (t.ok);
  g_assert_error (t.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT);
  term_clear (&t);

  /* The second value fails it at once: the producer sees the error. */
  log_reset ();
  term (&t, T_SINGLE, source (&endless));
  g_assert_false (t.ok);
  g_assert_error (t.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT);
  assert_log (stopped);
  term_clear (&t);

  term (&t, T_SINGLE_OR_NULL, ints (1, 42));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 42);
  term_clear (&t);

  term (&t, T_SINGLE_OR_NULL, ints (0));
  g_assert_false (t.ok);
  g_assert_no_error (t.error);
  term_clear (&t);

  log_reset ();
  term (&t, T_SINGLE_OR_NULL, source (&endless));
  g_assert_false (t.ok);
  g_assert_no_error (t.error);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 0);
  assert_log (stopped);
  term_clear (&t);
}

static void
test_reduce_fold (void)
{
  Source failing = { .n = 3, .fail_after = 2 };
  g_auto(GValue) hundred = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  Term t = { 0, };

  term (&t, T_REDUCE, ints (4, 1, 2, 3, 4));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 10);
  term_clear (&t);

  term (&t, T_REDUCE, ints (1, 7));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 7);
  term_clear (&t);

  term (&t, T_REDUCE, ints (0));
  g_assert_false (t.ok);
  g_assert_error (t.error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT);
  term_clear (&t);

  log_reset ();
  term (&t, T_REDUCE, source (&failing));
  g_assert_false (t.ok);
  g_assert_error (t.error, TEST_ERROR, 7);
  term_clear (&t);

  g_value_init (&hundred, G_TYPE_INT);
  g_value_set_int (&hundred, 100);
  t.initial = &hundred;
  term (&t, T_FOLD, ints (3, 1, 2, 3));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 106);
  term_clear (&t);

  term (&t, T_FOLD, ints (0));
  g_assert_true (t.ok);
  g_assert_cmpint (g_value_get_int (&t.value), ==, 100);
  term_clear (&t);

  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, "#");
  t.initial = &text;
  term (&t, T_FOLD, ints (3, 1, 2, 3));
  g_assert_true (t.ok);
  g_assert_cmpstr (g_value_get_string (&t.value), ==, "#123");
  term_clear (&t);
}

static void
test_count_to_list (void)
{
  Source failing = { .n = 3, .fail_after = 2 };
  RillFlow *up;
  Term t = { 0, };

  term (&t, T_COUNT, ints (5, 1, 2, 3, 4, 5));
  g_assert_true (t.ok);
  g_assert_cmpuint (t.count, ==, 5);
  term_clear (&t);

  up = ints (6, 1, 2, 3, 4, 5, 6);
  term (&t, T_COUNT, rill_flow_filter (up, is_even, NULL, NULL));
  g_assert_cmpuint (t.count, ==, 3);
  g_object_unref (up);
  term_clear (&t);

  term (&t, T_TO_LIST, ints (3, 5, 6, 7));
  g_assert_true (t.ok);
  g_assert_cmpuint (t.list->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (G_VALUE_HOLDS_INT (t.list->pdata[i]));
      g_assert_cmpint (g_value_get_int (t.list->pdata[i]), ==, 5 + (int) i);
    }
  term_clear (&t);

  term (&t, T_TO_LIST, ints (0));
  g_assert_true (t.ok);
  g_assert_cmpuint (t.list->len, ==, 0);
  term_clear (&t);

  log_reset ();
  term (&t, T_TO_LIST, source (&failing));
  g_assert_false (t.ok);
  g_assert_null (t.list);
  g_assert_error (t.error, TEST_ERROR, 7);
  term_clear (&t);
}

/* The benchmark's pipeline, on a few values: map x * 2, keep multiples of
 * 3, running sum. */
static gboolean
multiple_of_3 (const GValue *value,
               gpointer      user_data)
{
  return g_value_get_int (value) % 3 == 0;
}

static void
test_chain (void)
{
  const char *expected[] = { "got 0", "got 0", "got 6", "got 18", "got 36", NULL };
  g_auto(GValue) zero = G_VALUE_INIT;
  RillFlow *up = ints (10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  RillFlow *mapped = rill_flow_map (up, G_TYPE_INT, times_two, NULL, NULL);
  RillFlow *filtered = rill_flow_filter (mapped, multiple_of_3, NULL, NULL);

  g_value_init (&zero, G_TYPE_INT);
  assert_collects (rill_flow_scan (filtered, &zero, sum, NULL, NULL), expected);
  g_object_unref (filtered);
  g_object_unref (mapped);
  g_object_unref (up);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-operators/map", test_map);
  g_test_add_func ("/flow-operators/filter", test_filter);
  g_test_add_func ("/flow-operators/transform", test_transform);
  g_test_add_func ("/flow-operators/on-each", test_on_each);
  g_test_add_func ("/flow-operators/on-start", test_on_start);
  g_test_add_func ("/flow-operators/on-completion", test_on_completion);
  g_test_add_func ("/flow-operators/catch", test_catch);
  g_test_add_func ("/flow-operators/retry", test_retry);
  g_test_add_func ("/flow-operators/take", test_take);
  g_test_add_func ("/flow-operators/take-while", test_take_while);
  g_test_add_func ("/flow-operators/drop", test_drop);
  g_test_add_func ("/flow-operators/scan", test_scan);
  g_test_add_func ("/flow-operators/distinct-until-changed", test_distinct_until_changed);
  g_test_add_func ("/flow-operators/single", test_single);
  g_test_add_func ("/flow-operators/reduce-fold", test_reduce_fold);
  g_test_add_func ("/flow-operators/count-to-list", test_count_to_list);
  g_test_add_func ("/flow-operators/chain", test_chain);

  return g_test_run ();
}
