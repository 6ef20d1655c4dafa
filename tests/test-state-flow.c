/* test-state-flow.c: StateFlow and MutableStateFlow
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sequences follow kotlinx's StateFlowTest: a collector started
 * undispatched gets the initial value at once, then every distinct value
 * the test lets it see; equal values are not delivered; values set faster
 * than the collector runs are conflated; a collection ends only with a
 * cancellation or the collector's error.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

typedef struct
{
  RillFlow *flow;
  char     *name;
  int       fail_on;      /* fail the collection on this value */
  gboolean  ok;
  GError   *error;
  GThread  *thread;       /* where the collector ran last */
  int       last;
  int       count;
  gboolean  increasing;
} Collector;

static gboolean
log_value (const GValue  *value,
           gpointer       user_data,
           GError       **error)
{
  Collector *c = user_data;

  if (G_VALUE_HOLDS_STRING (value))
    log_line ("%s got %s", c->name, g_value_get_string (value));
  else
    log_line ("%s got %d", c->name, g_value_get_int (value));
  if (G_VALUE_HOLDS_INT (value) && c->fail_on != 0 && g_value_get_int (value) == c->fail_on)
    {
      g_set_error (error, TEST_ERROR, 3, "collector failed");
      return FALSE;
    }
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collector *c = user_data;

  c->ok = rill_flow_collect (c->flow, log_value, c, &c->error);
  log_line ("%s ended: %s", c->name, c->error != NULL ? c->error->message : "ok");
}

/* Starts on the next run of the test scope's queue. */
static RillJob *
start_collector (RillTestScope *ts,
                 Collector     *c)
{
  return rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, c, NULL);
}

static void
collector_clear (Collector *c)
{
  g_clear_error (&c->error);
}

/* ------------------------------------------------------------------------ */

static void
test_sequence (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (0);
  Collector c = { RILL_FLOW (state), "A", };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = {
    "A got 0",
    "set 1", "A got 1",
    "set 1 again",
    "set 2, 3", "A got 3",
    "set 4, 3", /* back to what it saw: nothing */
    "set 5", "A got 5",
    "cancel", "A ended: The job was cancelled",
    NULL
  };

  log_reset ();
  job = start_collector (ts, &c);
  rill_test_scope_run_current (ts);

  log_line ("set 1");
  rill_mutable_state_flow_set_int (state, 1);
  rill_test_scope_run_current (ts);
  log_line ("set 1 again");
  rill_mutable_state_flow_set_int (state, 1);
  rill_test_scope_run_current (ts);
  log_line ("set 2, 3");
  rill_mutable_state_flow_set_int (state, 2);
  rill_mutable_state_flow_set_int (state, 3);
  rill_test_scope_run_current (ts);
  log_line ("set 4, 3");
  rill_mutable_state_flow_set_int (state, 4);
  rill_mutable_state_flow_set_int (state, 3);
  rill_test_scope_run_current (ts);
  log_line ("set 5");
  rill_mutable_state_flow_set_int (state, 5);
  rill_test_scope_run_current (ts);
  g_assert_false (rill_job_is_completed (job));

  log_line ("cancel");
  rill_job_cancel (job);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_true (rill_job_is_completed (job));
  g_assert_false (c.ok);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, 5);
  collector_clear (&c);
}

static void
test_two_collectors_in_order (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (10);
  Collector a = { RILL_FLOW (state), "A", }, b = { RILL_FLOW (state), "B", };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  const char *expected[] = {
    "A got 10", "B got 10",
    "set 11", "A got 11", "B got 11",
    "set 12", "A got 12", "B got 12",
    "A ended: The job was cancelled", "B ended: The job was cancelled",
    NULL
  };

  log_reset ();
  ja = start_collector (ts, &a);
  jb = start_collector (ts, &b);
  rill_test_scope_run_current (ts);
  log_line ("set 11");
  rill_mutable_state_flow_set_int (state, 11);
  rill_test_scope_run_current (ts);
  log_line ("set 12");
  rill_mutable_state_flow_set_int (state, 12);
  rill_test_scope_run_current (ts);
  rill_job_cancel (ja);
  rill_job_cancel (jb);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  collector_clear (&a);
  collector_clear (&b);
}

static void
test_collector_error (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (0);
  Collector c = { RILL_FLOW (state), "A", 2 };
  RillStateFlow *count = rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (state));
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = {
    "A got 0", "A got 1", "A got 2", "A ended: collector failed",
    NULL
  };

  log_reset ();
  job = start_collector (ts, &c);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 1);
  rill_mutable_state_flow_set_int (state, 1);
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_int (state, 2);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_true (rill_job_is_completed (job));
  g_assert_false (c.ok);
  g_assert_error (c.error, TEST_ERROR, 3);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 0);
  collector_clear (&c);
}

static void
test_subscription_count (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (0);
  RillStateFlow *count = rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (state));
  Collector a = { RILL_FLOW (state), "A", }, b = { RILL_FLOW (state), "B", };
  Collector counter = { RILL_FLOW (count), "count", };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  g_autoptr(RillJob) jc = NULL;
  const char *expected[] = {
    "count got 0",
    "A got 0", "B got 0",
    "count got 2",
    "count got 1",
    "count got 0",
    NULL
  };

  g_assert_true (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (state)) == count);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 0);
  log_reset ();
  jc = start_collector (ts, &counter);
  ja = start_collector (ts, &a);
  jb = start_collector (ts, &b);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 0);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 2);
  rill_test_scope_run_current (ts);
  rill_job_cancel (ja);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 1);
  rill_job_cancel (jb);
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (count), ==, 0);
  g_assert_cmpint (rill_state_flow_get_int (
                     rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (count))), ==, 1);
  log_line ("end");
  rill_job_cancel (jc);
  rill_test_scope_run_current (ts);
  /* "A ended"/"B ended" lines are interleaved with the counter's; only the
   * counter's and the values are checked in order. */
  {
    g_autoptr(GPtrArray) filtered = g_ptr_array_new ();

    g_mutex_lock (&log_lock);
    for (guint i = 0; i < log_lines->len; i++)
      if (strstr (log_lines->pdata[i], "ended") == NULL && strcmp (log_lines->pdata[i], "end") != 0)
        g_ptr_array_add (filtered, log_lines->pdata[i]);
    g_ptr_array_add (filtered, NULL);
    g_assert_cmpstrv ((const char * const *) filtered->pdata, expected);
    g_mutex_unlock (&log_lock);
  }
  collector_clear (&a);
  collector_clear (&b);
  collector_clear (&counter);
}

static void
test_compare_and_set (void)
{
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (0);
  g_auto(GValue) zero = G_VALUE_INIT;
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) two = G_VALUE_INIT;

  g_value_init (&zero, G_TYPE_INT);
  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  g_value_init (&two, G_TYPE_INT);
  g_value_set_int (&two, 2);

  g_assert_false (rill_mutable_state_flow_compare_and_set (state, &one, &two));
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, 0);
  g_assert_true (rill_mutable_state_flow_compare_and_set (state, &zero, &zero));
  g_assert_true (rill_mutable_state_flow_compare_and_set (state, &zero, &one));
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, 1);
  g_assert_false (rill_mutable_state_flow_compare_and_set (state, &zero, &two));
  g_assert_true (rill_mutable_state_flow_compare_and_set (state, &one, &two));
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, 2);
}

static void
test_typed (void)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(RillMutableStateFlow) s = NULL;
  g_autoptr(RillMutableStateFlow) b = NULL;
  g_autoptr(RillMutableStateFlow) d = NULL;
  g_autoptr(RillMutableStateFlow) o = NULL;
  g_autoptr(GObject) obj = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) got = NULL;
  g_autofree char *str = NULL;
  g_autoptr(GPtrArray) cache = NULL;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "a");
  s = rill_mutable_state_flow_new (&v);
  g_value_unset (&v);
  rill_mutable_state_flow_set_string (s, "b");
  str = rill_state_flow_dup_string (RILL_STATE_FLOW (s));
  g_assert_cmpstr (str, ==, "b");
  rill_mutable_state_flow_set_string (s, NULL);
  g_clear_pointer (&str, g_free);
  str = rill_state_flow_dup_string (RILL_STATE_FLOW (s));
  g_assert_null (str);

  g_value_init (&v, G_TYPE_BOOLEAN);
  b = rill_mutable_state_flow_new (&v);
  g_value_unset (&v);
  rill_mutable_state_flow_set_boolean (b, TRUE);
  g_assert_true (rill_state_flow_get_boolean (RILL_STATE_FLOW (b)));

  g_value_init (&v, G_TYPE_DOUBLE);
  d = rill_mutable_state_flow_new (&v);
  g_value_unset (&v);
  rill_mutable_state_flow_set_double (d, 2.5);
  g_assert_cmpfloat (rill_state_flow_get_double (RILL_STATE_FLOW (d)), ==, 2.5);
  cache = rill_shared_flow_get_replay_cache (RILL_SHARED_FLOW (d));
  g_assert_cmpuint (cache->len, ==, 1);
  g_assert_cmpfloat (g_value_get_double (cache->pdata[0]), ==, 2.5);

  g_value_init (&v, G_TYPE_OBJECT);
  o = rill_mutable_state_flow_new (&v);
  g_value_unset (&v);
  g_assert_null (rill_state_flow_dup_object (RILL_STATE_FLOW (o)));
  rill_mutable_state_flow_set_object (o, obj);
  got = rill_state_flow_dup_object (RILL_STATE_FLOW (o));
  g_assert_true (got == obj);
  g_assert_cmpint (G_OBJECT (obj)->ref_count, ==, 3);
  rill_state_flow_get_value (RILL_STATE_FLOW (o), &v);
  g_assert_true (g_value_get_object (&v) == obj);
}

static void
test_string_conflation (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(RillMutableStateFlow) state = NULL;
  Collector c = { NULL, "A", };
  g_autoptr(RillJob) job = NULL;
  char buf[8];
  const char *expected[] = {
    "A got x", "A got y", "A got x", "A ended: The job was cancelled",
    NULL
  };

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "x");
  state = rill_mutable_state_flow_new (&v);
  c.flow = RILL_FLOW (state);
  log_reset ();
  job = start_collector (ts, &c);
  rill_test_scope_run_current (ts);
  /* An equal string in another buffer is the same value. */
  g_strlcpy (buf, "x", sizeof buf);
  rill_mutable_state_flow_set_string (state, buf);
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_string (state, "y");
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_string (state, "x");
  rill_test_scope_run_current (ts);
  rill_job_cancel (job);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  collector_clear (&c);
}

static void
test_wrong_type (void)
{
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (4);
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*does not fit a flow of 'gint'*");
  rill_mutable_state_flow_set_value (state, &v);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*flow's type is 'gint'*");
  g_assert_null (rill_state_flow_dup_string (RILL_STATE_FLOW (state)));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*the flow's type is 'gint'*");
  rill_state_flow_get_value (RILL_STATE_FLOW (state), &v);
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, 4);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  g_assert_null (rill_mutable_state_flow_new (NULL));
  g_test_assert_expected_messages ();
}

/* Operators treat a state flow as any flow: first takes the current value,
 * take ends the collection. */
static void
operators_body (RillScope *scope,
                gpointer   user_data)
{
  RillMutableStateFlow *state = user_data;
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillFlow) taken = rill_flow_take (RILL_FLOW (state), 1);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (rill_flow_first (RILL_FLOW (state), &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (&v), ==, 7);
  list = rill_flow_to_list (taken, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (g_value_get_int (list->pdata[0]), ==, 7);
}

static void
test_operators (void)
{
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (7);

  rill_run_blocking (NULL, operators_body, state);
  g_assert_cmpint (rill_state_flow_get_int (
                     rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (state))), ==, 0);
}

/* ------------------------------------------------------------------------ */

#define N_THREADS 4
#define N_UPDATES 10000

static void
increment (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (value) + 1);
}

static gpointer
updater (gpointer data)
{
  for (int i = 0; i < N_UPDATES; i++)
    rill_mutable_state_flow_update (data, increment, NULL);
  return NULL;
}

static gboolean
watch_value (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Collector *c = user_data;
  int v = g_value_get_int (value);

  if (c->count > 0 && v <= c->last)
    c->increasing = FALSE;
  c->last = v;
  c->count++;
  c->thread = g_thread_self ();
  if (v == N_THREADS * N_UPDATES)
    {
      g_set_error (error, TEST_ERROR, 9, "done");
      return FALSE;
    }
  return TRUE;
}

static void
watch_body (RillScope *scope,
            gpointer   user_data)
{
  Collector *c = user_data;

  c->ok = rill_flow_collect (c->flow, watch_value, c, &c->error);
}

static void
threads_body (RillScope *scope,
              gpointer   user_data)
{
  RillMutableStateFlow *state = user_data;
  g_autoptr(RillContext) pool = rill_context_new (rill_dispatcher_default (), "watcher");
  Collector c = { RILL_FLOW (state), "W", 0, FALSE, NULL, NULL, -1, 0, TRUE };
  g_autoptr(RillJob) job = NULL;
  GThread *threads[N_THREADS];
  RillStateFlow *count = rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (state));

  job = rill_launch (scope, pool, watch_body, &c, NULL);
  /* Updates start once the watcher collects, so it sees the last one. */
  while (rill_state_flow_get_int (count) == 0)
    rill_yield ();
  for (int i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("updater", updater, state);
  for (int i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_true (rill_job_join (job));

  g_assert_error (c.error, TEST_ERROR, 9);
  g_assert_cmpint (c.last, ==, N_THREADS * N_UPDATES);
  g_assert_true (c.increasing);
  g_assert_cmpint (c.count, >=, 1);
  g_assert_true (c.thread != g_thread_self ());
  g_clear_error (&c.error);
}

static void
test_update_from_threads (void)
{
  g_autoptr(RillMutableStateFlow) state = rill_mutable_state_flow_new_int (0);

  rill_run_blocking (NULL, threads_body, state);
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (state)), ==, N_THREADS * N_UPDATES);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/state-flow/sequence", test_sequence);
  g_test_add_func ("/state-flow/two-collectors-in-order", test_two_collectors_in_order);
  g_test_add_func ("/state-flow/collector-error", test_collector_error);
  g_test_add_func ("/state-flow/subscription-count", test_subscription_count);
  g_test_add_func ("/state-flow/compare-and-set", test_compare_and_set);
  g_test_add_func ("/state-flow/typed", test_typed);
  g_test_add_func ("/state-flow/string-conflation", test_string_conflation);
  g_test_add_func ("/state-flow/wrong-type", test_wrong_type);
  g_test_add_func ("/state-flow/operators", test_operators);
  g_test_add_func ("/state-flow/update-from-threads", test_update_from_threads);

  return g_test_run ();
}
