/* test-flow-combining.c: merge, combine, zip, the flat_map and latest
 * operators
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exact sequences on virtual time, as kotlinx's MergeTest, CombineTest and
 * ZipTest, FlatMapMergeTest and FlatMapLatestTest check them, with the failure and cancellation paths: a failure
 * in one flow cancels the others, seen in their logs.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

static RillTestScope *current_ts;

static guint64
now (void)
{
  return current_ts != NULL ? rill_test_scope_get_current_time (current_ts) : 0;
}

static char *
describe (const GValue *value)
{
  if (G_VALUE_HOLDS_INT (value))
    return g_strdup_printf ("%d", g_value_get_int (value));
  return g_strdup (g_value_get_string (value));
}

/* A flow named @name emitting @values (ints, or strings when @strings is
 * set), waiting @delay before each one; fails instead of emitting the
 * value at @fail_at (1-based) when set. */
typedef struct
{
  const char         *name;
  int                 n;
  const int          *ints;
  const char * const *strings;
  guint64             delay;
  int                 fail_at;
} Timed;

static gboolean
timed_produce (RillFlowEmitter  *emitter,
               gpointer          user_data,
               GError          **error)
{
  Timed *t = user_data;

  for (int i = 0; i < t->n; i++)
    {
      GValue v = G_VALUE_INIT;
      gboolean ok;

      if (t->delay > 0 && !rill_delay (t->delay))
        {
          log_line ("%s cancelled @%" G_GUINT64_FORMAT, t->name, now ());
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return FALSE;
        }
      if (t->fail_at == i + 1)
        {
          log_line ("%s fails @%" G_GUINT64_FORMAT, t->name, now ());
          g_set_error (error, TEST_ERROR, 7, "%s failed", t->name);
          return FALSE;
        }
      if (t->strings != NULL)
        {
          g_value_init (&v, G_TYPE_STRING);
          g_value_set_static_string (&v, t->strings[i]);
        }
      else
        {
          g_value_init (&v, G_TYPE_INT);
          g_value_set_int (&v, t->ints[i]);
        }
      ok = rill_flow_emitter_emit (emitter, &v, error);
      g_value_unset (&v);
      if (!ok)
        {
          log_line ("%s refused @%" G_GUINT64_FORMAT, t->name, now ());
          return FALSE;
        }
    }
  log_line ("%s done @%" G_GUINT64_FORMAT, t->name, now ());
  return TRUE;
}

static RillFlow *
timed (Timed *t)
{
  return rill_flow_new (t->strings != NULL ? G_TYPE_STRING : G_TYPE_INT, timed_produce, t, NULL);
}

typedef struct
{
  const char *fail_on;
} Sink;

static gboolean
sink_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  Sink *sink = user_data;
  g_autofree char *text = describe (value);

  log_line ("got %s @%" G_GUINT64_FORMAT, text, now ());
  if (sink != NULL && g_strcmp0 (sink->fail_on, text) == 0)
    {
      g_set_error (error, TEST_ERROR, 3, "downstream failed");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  Sink     *sink;
  gboolean  ok;
  GError   *error;
} Collect;

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collect *c = user_data;

  c->ok = rill_flow_collect (c->flow, sink_collect, c->sink, &c->error);
  log_line ("%s @%" G_GUINT64_FORMAT, c->ok ? "completed" : "failed", now ());
}

/* Collects @flow (taken) on a test scope; cancels the collector at
 * @cancel_at when not 0. */
static gboolean
collect_on_test_scope (RillFlow  *flow,
                       Sink      *sink,
                       guint64    cancel_at,
                       GError   **error)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  Collect c = { flow, sink, FALSE, NULL };

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
  current_ts = NULL;
  g_object_unref (flow);
  if (c.error != NULL)
    g_propagate_error (error, c.error);
  return c.ok;
}

/* Concatenates the values, as strings. */
static void
concat (const GValue *values,
        guint         n_values,
        GValue       *result,
        gpointer      user_data)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *text = describe (&values[i]);

      g_string_append (s, text);
    }
  g_value_take_string (result, g_string_free (s, FALSE));
}

static const char * const abc[] = { "a", "b", "c" };
static const int one_two_three[] = { 1, 2, 3 };

/* ------------------------------------------------------------------------ */
/* merge                                                                    */

static void
test_merge_timing (void)
{
  static const int a_values[] = { 1, 3, 5 };
  static const int b_values[] = { 2, 4 };
  Timed a = { "A", 3, a_values, NULL, 20, 0 };
  Timed b = { "B", 2, b_values, NULL, 30, 0 };
  RillFlow *flows[2];
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 1 @20", "got 2 @30", "got 3 @40", "B done @60", "A done @60", "got 4 @60",
    "got 5 @60", "completed @60", NULL
  };

  flows[0] = timed (&a);
  flows[1] = timed (&b);
  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_merge (flows, 2), NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (flows[0]);
  g_object_unref (flows[1]);
  assert_log (expected);
}

/* One merged flow failing cancels the others. */
static void
test_merge_failure (void)
{
  Timed a = { "A", 3, one_two_three, NULL, 100, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 30, 2 };
  RillFlow *flows[2];
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 1 @30", "B fails @60", "A cancelled @60", "failed @60", NULL
  };

  flows[0] = timed (&a);
  flows[1] = timed (&b);
  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_merge (flows, 2), NULL, 0, &error));
  g_assert_error (error, TEST_ERROR, 7);
  g_object_unref (flows[0]);
  g_object_unref (flows[1]);
  assert_log (expected);
}

/* Cancelling the collector cancels every merged flow. */
static void
test_merge_cancelled (void)
{
  Timed a = { "A", 3, one_two_three, NULL, 100, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 30, 0 };
  RillFlow *flows[2];
  g_autoptr(GError) error = NULL;

  flows[0] = timed (&a);
  flows[1] = timed (&b);
  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_merge (flows, 2), NULL, 50, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (flows[0]);
  g_object_unref (flows[1]);
  g_assert_cmpuint (log_length (), ==, 4);
  g_assert_true (log_contains ("got 1 @30"));
  g_assert_true (log_contains ("A cancelled @50"));
  g_assert_true (log_contains ("B cancelled @50"));
  g_assert_true (log_contains ("failed @50"));
}

static void
test_merge_type_mismatch (void)
{
  RillFlow *flows[2] = { rill_flow_empty (G_TYPE_INT), rill_flow_empty (G_TYPE_STRING) };

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*flow 1 has values of type*");
  g_assert_null (rill_flow_merge (flows, 2));
  g_test_assert_expected_messages ();
  g_object_unref (flows[0]);
  g_object_unref (flows[1]);
}

/* ------------------------------------------------------------------------ */
/* combine                                                                  */

/* kotlinx's basic case: synchronous flows interleave. */
static void
test_combine_basic (void)
{
  Timed a = { "A", 3, NULL, abc, 0, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 0, 0 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got a1 @0", "got b1 @0", "got b2 @0", "got c2 @0", "A done @0", "got c3 @0",
    "B done @0", "completed @0", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_combine (fa, fb, G_TYPE_STRING, concat, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fa);
  g_object_unref (fb);
  g_assert_true (log_contains ("got a1 @0"));
  assert_log (expected);
}

/* Once every flow has a value, every new value of any flow gives one. */
static void
test_combine_timing (void)
{
  static const int x_values[] = { 1, 2 };
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 2, x_values, NULL, 25, 0 };
  Timed c = { "C", 1, one_two_three, NULL, 5, 0 };
  RillFlow *flows[3] = { timed (&a), timed (&b), timed (&c) };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "C done @5", "got b11 @25", "got c11 @30", "A done @30", "got c21 @50", "B done @50",
    "completed @50", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_combine_array (flows, 3, G_TYPE_STRING,
                                                                 concat, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_object_unref (flows[i]);
  assert_log (expected);
}

/* One combined flow failing cancels the others. */
static void
test_combine_failure (void)
{
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 100, 0 };
  Timed c = { "C", 3, one_two_three, NULL, 15, 2 };
  RillFlow *flows[3] = { timed (&a), timed (&b), timed (&c) };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "C fails @30", "A cancelled @30", "B cancelled @30", "failed @30", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_combine_array (flows, 3, G_TYPE_STRING,
                                                                  concat, NULL, NULL),
                                         NULL, 0, &error));
  g_assert_error (error, TEST_ERROR, 7);
  for (guint i = 0; i < 3; i++)
    g_object_unref (flows[i]);
  assert_log (expected);
}

/* A failing collector cancels the combined flows. */
static void
test_combine_collector_fails (void)
{
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 15, 0 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  Sink sink = { "b1" };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got a1 @15", "got b1 @20", "A refused @20", "B cancelled @20", "failed @20", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_combine (fa, fb, G_TYPE_STRING, concat, NULL, NULL),
                                         &sink, 0, &error));
  g_assert_error (error, TEST_ERROR, 3);
  g_object_unref (fa);
  g_object_unref (fb);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* zip                                                                      */

static void
test_zip_basic (void)
{
  static const int one_two[] = { 1, 2 };
  Timed a = { "A", 3, NULL, abc, 0, 0 };
  Timed b = { "B", 2, one_two, NULL, 0, 0 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_zip (fa, fb, G_TYPE_STRING, concat, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fa);
  g_object_unref (fb);
  /* The first flow is stopped once the second has no more values. */
  {
    const char *expected[] = { "got a1 @0", "got b2 @0", "B done @0", "A refused @0",
                               "completed @0", NULL };
    assert_log (expected);
  }
}

/* The pace is the slower flow's; the longer flow is cancelled. */
static void
test_zip_timing (void)
{
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 25, 0 };
  static const int four[] = { 1, 2, 3, 4 };
  Timed c = { "C", 4, four, NULL, 5, 0 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  RillFlow *fc = timed (&c);
  RillFlow *ab = rill_flow_zip (fa, fb, G_TYPE_STRING, concat, NULL, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got a1 @25", "got b2 @50", "B done @75", "got c3 @75", "A done @75", "completed @75", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (g_object_ref (ab), NULL, 0, &error));
  g_assert_no_error (error);
  assert_log (expected);

  /* The second flow longer: it is cancelled once the first is done. */
  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_zip (fa, fc, G_TYPE_STRING, concat, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  {
    const char *expected2[] = {
      "got a1 @10", "got b2 @20", "got c3 @30", "A done @30", "C refused @30", "completed @30", NULL
    };
    assert_log (expected2);
  }
  g_object_unref (ab);
  g_object_unref (fa);
  g_object_unref (fb);
  g_object_unref (fc);
}

static void
test_zip_failure (void)
{
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 3, one_two_three, NULL, 25, 2 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got a1 @25", "B fails @50", "A refused @50", "failed @50", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_zip (fa, fb, G_TYPE_STRING, concat, NULL, NULL),
                                         NULL, 0, &error));
  g_assert_error (error, TEST_ERROR, 7);
  g_object_unref (fa);
  g_object_unref (fb);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* flat_map_*, map_latest, collect_latest                                   */

/* The inner flow of v: waits v * inner_scale ms (when set), emits v * 10,
 * waits inner_gap ms (when set), emits v * 10 + 1; fails instead of its
 * first value when v is inner_fail. */
static guint64 inner_scale;
static guint64 inner_gap;
static int inner_fail;

static gboolean
inner_produce (RillFlowEmitter  *emitter,
               gpointer          user_data,
               GError          **error)
{
  int v = GPOINTER_TO_INT (user_data);

  if (inner_scale > 0 && !rill_delay (inner_scale * v))
    goto cancelled;
  if (v == inner_fail)
    {
      log_line ("inner %d fails @%" G_GUINT64_FORMAT, v, now ());
      g_set_error (error, TEST_ERROR, 8, "inner failed");
      return FALSE;
    }
  if (!rill_flow_emitter_emit_int (emitter, v * 10, error))
    return FALSE;
  if (inner_gap > 0)
    {
      if (!rill_delay (inner_gap))
        goto cancelled;
      if (!rill_flow_emitter_emit_int (emitter, v * 10 + 1, error))
        return FALSE;
    }
  return TRUE;

cancelled:
  log_line ("inner %d cancelled @%" G_GUINT64_FORMAT, v, now ());
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return FALSE;
}

static RillFlow *
inner_for (const GValue *value,
           gpointer      user_data)
{
  return rill_flow_new (G_TYPE_INT, inner_produce, GINT_TO_POINTER (g_value_get_int (value)), NULL);
}

static void
inner_config (guint64 scale,
              guint64 gap,
              int     fail)
{
  inner_scale = scale;
  inner_gap = gap;
  inner_fail = fail;
}

static void
test_flat_map_concat (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 0, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 10 @0", "got 11 @10", "got 20 @10", "got 21 @20", "got 30 @20", "got 31 @30",
    "U done @30", "completed @30", NULL
  };

  inner_config (0, 10, 0);
  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_flat_map_concat (fu, G_TYPE_INT, inner_for, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fu);
  assert_log (expected);
}

/* Three inner flows taking 10, 20 and 30 ms: with a concurrency of 2 the
 * third starts when the first completes. */
static void
test_flat_map_merge_concurrency (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 0, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *limited[] = { "got 10 @10", "U done @10", "got 20 @20", "got 30 @40", "completed @40", NULL };
  const char *unlimited[] = { "U done @0", "got 10 @10", "got 20 @20", "got 30 @30", "completed @30", NULL };

  inner_config (10, 0, 0);
  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_flat_map_merge (fu, G_TYPE_INT, 2, inner_for, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  assert_log (limited);

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_flat_map_merge (fu, G_TYPE_INT,
                                                                  RILL_FLOW_DEFAULT_CONCURRENCY,
                                                                  inner_for, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  assert_log (unlimited);
  g_object_unref (fu);
}

/* One inner flow failing cancels the other inner flows. */
static void
test_flat_map_merge_failure (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 0, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "U done @0", "got 10 @10", "inner 2 fails @20", "inner 3 cancelled @20", "failed @20", NULL
  };

  inner_config (10, 0, 2);
  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_flat_map_merge (fu, G_TYPE_INT, 16, inner_for, NULL, NULL),
                                         NULL, 0, &error));
  g_assert_error (error, TEST_ERROR, 8);
  g_object_unref (fu);
  assert_log (expected);
}

/* Values 1 @0, 2 @50, 3 @100; each inner flow emits at once and again
 * 100 ms later: a new value cancels the previous inner flow. */
static void
test_flat_map_latest (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 50, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 10 @50", "inner 1 cancelled @100", "got 20 @100", "inner 2 cancelled @150",
    "U done @150", "got 30 @150", "got 31 @250", "completed @250", NULL
  };

  inner_config (0, 100, 0);
  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_flat_map_latest (fu, G_TYPE_INT, inner_for, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fu);
  assert_log (expected);
}

/* Cancelling the collector cancels the upstream and the inner flow. */
static void
test_flat_map_latest_cancelled (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 50, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 10 @50", "inner 1 cancelled @100", "got 20 @100", "U cancelled @120",
    "inner 2 cancelled @120", "failed @120", NULL
  };

  inner_config (0, 100, 0);
  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_flat_map_latest (fu, G_TYPE_INT, inner_for, NULL, NULL),
                                         NULL, 120, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (fu);
  assert_log (expected);
}

static gboolean
slow_times_ten (const GValue  *value,
                GValue        *result,
                gpointer       user_data,
                GError       **error)
{
  int v = g_value_get_int (value);

  log_line ("map %d @%" G_GUINT64_FORMAT, v, now ());
  if (!rill_delay (70))
    {
      log_line ("map %d cancelled @%" G_GUINT64_FORMAT, v, now ());
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  g_value_set_int (result, v * 10);
  return TRUE;
}

static void
test_map_latest (void)
{
  static const int values[] = { 1, 2, 3 };
  Timed up = { "U", 3, values, NULL, 50, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "map 1 @50", "map 1 cancelled @100", "map 2 @100", "map 2 cancelled @150", "map 3 @150",
    "U done @150", "got 30 @220", "completed @220", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_map_latest (fu, G_TYPE_INT, slow_times_ten, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fu);
  assert_log (expected);
}

static gboolean
slow_action (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  int v = g_value_get_int (value);

  log_line ("start %d @%" G_GUINT64_FORMAT, v, now ());
  if (!rill_delay (70))
    {
      log_line ("action %d cancelled @%" G_GUINT64_FORMAT, v, now ());
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  log_line ("done %d @%" G_GUINT64_FORMAT, v, now ());
  if (user_data != NULL && v == GPOINTER_TO_INT (user_data))
    {
      g_set_error (error, TEST_ERROR, 5, "action failed");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  int       fail_on;
  gboolean  ok;
  GError   *error;
} Latest;

static void
collect_latest_body (RillScope *scope,
                     gpointer   user_data)
{
  Latest *l = user_data;

  l->ok = rill_flow_collect_latest (l->flow, slow_action, GINT_TO_POINTER (l->fail_on), &l->error);
  log_line ("%s @%" G_GUINT64_FORMAT, l->ok ? "completed" : "failed", now ());
}

static void
run_collect_latest (Latest *l)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;

  current_ts = ts;
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_latest_body, l, NULL);
  rill_test_scope_advance_until_idle (ts);
  g_assert_true (rill_job_is_completed (job));
  current_ts = NULL;
}

static void
test_collect_latest (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 50, 0 };
  g_autoptr(RillFlow) fu = timed (&up);
  Latest l = { fu, 0, FALSE, NULL };
  const char *expected[] = {
    "start 1 @50", "action 1 cancelled @100", "start 2 @100", "action 2 cancelled @150",
    "start 3 @150", "U done @150", "done 3 @220", "completed @220", NULL
  };

  log_reset ();
  run_collect_latest (&l);
  g_assert_true (l.ok);
  g_assert_no_error (l.error);
  assert_log (expected);
}

/* A failing action fails the collection and cancels the upstream. */
static void
test_collect_latest_action_fails (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 100, 0 };
  g_autoptr(RillFlow) fu = timed (&up);
  Latest l = { fu, 1, FALSE, NULL };
  const char *expected[] = {
    "start 1 @100", "done 1 @170", "U cancelled @170", "failed @170", NULL
  };

  log_reset ();
  run_collect_latest (&l);
  g_assert_false (l.ok);
  g_assert_error (l.error, TEST_ERROR, 5);
  g_clear_error (&l.error);
  assert_log (expected);
}

/* transform_latest: each value emits twice, 60 ms apart; values come
 * 50 ms apart, so only the last one emits its second value. */
static gboolean
twice_transform (RillFlowEmitter  *emitter,
                 const GValue     *value,
                 gpointer          user_data,
                 GError          **error)
{
  int v = g_value_get_int (value);

  if (!rill_flow_emitter_emit_int (emitter, v * 10, error))
    return FALSE;
  if (!rill_delay (60))
    {
      log_line ("transform %d cancelled @%" G_GUINT64_FORMAT, v, now ());
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  return rill_flow_emitter_emit_int (emitter, v * 10 + 1, error);
}

static void
test_transform_latest (void)
{
  Timed up = { "U", 3, one_two_three, NULL, 50, 0 };
  RillFlow *fu = timed (&up);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "got 10 @50", "transform 1 cancelled @100", "got 20 @100", "transform 2 cancelled @150",
    "U done @150", "got 30 @150", "got 31 @210", "completed @210", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_transform_latest (fu, G_TYPE_INT, twice_transform,
                                                                    NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fu);
  assert_log (expected);
}

/* A combined flow that never emits: nothing is combined, the others are
 * still collected to their end. */
static void
test_combine_one_empty (void)
{
  Timed a = { "A", 3, NULL, abc, 10, 0 };
  Timed b = { "B", 0, one_two_three, NULL, 0, 0 };
  RillFlow *fa = timed (&a);
  RillFlow *fb = timed (&b);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "B done @0", "A done @30", "completed @30", NULL };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_combine (fa, fb, G_TYPE_STRING, concat, NULL, NULL),
                                        NULL, 0, &error));
  g_assert_no_error (error);
  g_object_unref (fa);
  g_object_unref (fb);
  assert_log (expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-combining/merge/timing", test_merge_timing);
  g_test_add_func ("/flow-combining/merge/failure", test_merge_failure);
  g_test_add_func ("/flow-combining/merge/cancelled", test_merge_cancelled);
  g_test_add_func ("/flow-combining/merge/type-mismatch", test_merge_type_mismatch);
  g_test_add_func ("/flow-combining/combine/basic", test_combine_basic);
  g_test_add_func ("/flow-combining/combine/timing", test_combine_timing);
  g_test_add_func ("/flow-combining/combine/failure", test_combine_failure);
  g_test_add_func ("/flow-combining/combine/collector-fails", test_combine_collector_fails);
  g_test_add_func ("/flow-combining/zip/basic", test_zip_basic);
  g_test_add_func ("/flow-combining/zip/timing", test_zip_timing);
  g_test_add_func ("/flow-combining/zip/failure", test_zip_failure);
  g_test_add_func ("/flow-combining/flat-map-concat", test_flat_map_concat);
  g_test_add_func ("/flow-combining/flat-map-merge/concurrency", test_flat_map_merge_concurrency);
  g_test_add_func ("/flow-combining/flat-map-merge/failure", test_flat_map_merge_failure);
  g_test_add_func ("/flow-combining/flat-map-latest/basic", test_flat_map_latest);
  g_test_add_func ("/flow-combining/flat-map-latest/cancelled", test_flat_map_latest_cancelled);
  g_test_add_func ("/flow-combining/map-latest", test_map_latest);
  g_test_add_func ("/flow-combining/transform-latest", test_transform_latest);
  g_test_add_func ("/flow-combining/combine/one-empty", test_combine_one_empty);
  g_test_add_func ("/flow-combining/collect-latest/basic", test_collect_latest);
  g_test_add_func ("/flow-combining/collect-latest/action-fails", test_collect_latest_action_fails);

  return g_test_run ();
}
