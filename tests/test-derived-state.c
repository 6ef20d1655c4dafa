/* test-derived-state.c: derived state flows and batches
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a signal library promises of its computed values, on state flows:
 * nothing is computed before it is needed, nothing twice for one change,
 * sources before the flows reading them, and a collector of a diamond sees
 * one consistent value per write. Every figure below is an exact count.
 */

#include <gio/gio.h>
#include <rill.h>

#include "test-log.h"

/* ---------------------------------------------------------------------- */
/* Derivation functions; the offset or factor is the user data. */

static void
add_offset (const GValue *values,
            guint         n_values,
            GValue       *result,
            gpointer      user_data)
{
  g_assert_cmpuint (n_values, ==, 1);
  g_value_set_int (result, g_value_get_int (&values[0]) + GPOINTER_TO_INT (user_data));
}

static void
multiply (const GValue *values,
          guint         n_values,
          GValue       *result,
          gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (&values[0]) * GPOINTER_TO_INT (user_data));
}

static void
sum (const GValue *values,
     guint         n_values,
     GValue       *result,
     gpointer      user_data)
{
  int total = 0;

  for (guint i = 0; i < n_values; i++)
    total += g_value_get_int (&values[i]);
  g_value_set_int (result, total);
}

static void
parity (const GValue *values,
        guint         n_values,
        GValue       *result,
        gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (&values[0]) % 2);
}

static RillStateFlow *
derive1 (gpointer        source,
         RillCombineFunc func,
         int             arg)
{
  RillStateFlow *sources[] = { RILL_STATE_FLOW (source) };

  return rill_state_flow_derive (sources, 1, G_TYPE_INT, func, GINT_TO_POINTER (arg), NULL);
}

static guint
computations (RillStateFlow *flow)
{
  return rill_derived_state_flow_get_n_computations (RILL_DERIVED_STATE_FLOW (flow));
}

/* ---------------------------------------------------------------------- */
/* A collector logging what it gets */

typedef struct
{
  RillFlow *flow;
  char     *name;
  GError   *error;
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
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collector *c = user_data;

  rill_flow_collect (c->flow, log_value, c, &c->error);
}

static RillJob *
start_collector (RillTestScope *ts,
                 Collector     *c)
{
  RillJob *job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, c, NULL);

  rill_test_scope_run_current (ts);
  return job;
}

static void
stop_collector (RillTestScope *ts,
                RillJob       *job,
                Collector     *c)
{
  rill_job_cancel (job);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_job_is_completed (job));
  g_assert_error (c->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c->error);
  rill_job_unref (job);
}

/* ---------------------------------------------------------------------- */

static void
test_lazy_and_cached (void)
{
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (1);
  g_autoptr(RillStateFlow) b = derive1 (a, add_offset, 10);

  g_assert_true (RILL_IS_DERIVED_STATE_FLOW (b));
  g_assert_cmpuint (computations (b), ==, 0);

  g_assert_cmpint (rill_state_flow_get_int (b), ==, 11);
  g_assert_cmpuint (computations (b), ==, 1);
  g_assert_cmpint (rill_state_flow_get_int (b), ==, 11);
  g_assert_cmpuint (computations (b), ==, 1);

  /* Written, not read: nothing computed. */
  rill_mutable_state_flow_set_int (a, 2);
  rill_mutable_state_flow_set_int (a, 3);
  g_assert_cmpuint (computations (b), ==, 1);
  g_assert_cmpint (rill_state_flow_get_int (b), ==, 13);
  g_assert_cmpuint (computations (b), ==, 2);

  /* An equal value is no change. */
  rill_mutable_state_flow_set_int (a, 3);
  g_assert_cmpint (rill_state_flow_get_int (b), ==, 13);
  g_assert_cmpuint (computations (b), ==, 2);
}

static void
test_unobserved_diamond (void)
{
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (1);
  g_autoptr(RillStateFlow) b = derive1 (a, add_offset, 1);
  g_autoptr(RillStateFlow) c = derive1 (a, multiply, 2);
  RillStateFlow *bc[] = { b, c };
  g_autoptr(RillStateFlow) d = rill_state_flow_derive (bc, 2, G_TYPE_INT, sum, NULL, NULL);

  g_assert_cmpint (rill_state_flow_get_int (d), ==, 2 + 2);
  g_assert_cmpuint (computations (b), ==, 1);
  g_assert_cmpuint (computations (c), ==, 1);
  g_assert_cmpuint (computations (d), ==, 1);

  for (int v = 2; v <= 5; v++)
    {
      rill_mutable_state_flow_set_int (a, v);
      g_assert_cmpint (rill_state_flow_get_int (d), ==, (v + 1) + v * 2);
    }
  g_assert_cmpuint (computations (b), ==, 5);
  g_assert_cmpuint (computations (c), ==, 5);
  g_assert_cmpuint (computations (d), ==, 5);

  /* Reading an inner flow first does not make the outer one compute it
   * again. */
  rill_mutable_state_flow_set_int (a, 6);
  g_assert_cmpint (rill_state_flow_get_int (b), ==, 7);
  g_assert_cmpint (rill_state_flow_get_int (d), ==, 7 + 12);
  g_assert_cmpuint (computations (b), ==, 6);
  g_assert_cmpuint (computations (c), ==, 6);
  g_assert_cmpuint (computations (d), ==, 6);
}

/* Every value the collector of d sees is consistent with one value of a. */
static void
test_observed_diamond_is_glitch_free (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillStateFlow) b = derive1 (a, add_offset, 1);
  g_autoptr(RillStateFlow) c = derive1 (a, multiply, 2);
  RillStateFlow *bc[] = { b, c };
  g_autoptr(RillStateFlow) d = rill_state_flow_derive (bc, 2, G_TYPE_INT, sum, NULL, NULL);
  Collector cd = { RILL_FLOW (d), "D", };
  RillJob *job;
  const char *expected[] = {
    "D got 1",
    "set 1", "D got 4",
    "set 2", "D got 7",
    "set 3", "D got 10",
    NULL
  };

  log_reset ();
  job = start_collector (ts, &cd);
  for (int v = 1; v <= 3; v++)
    {
      log_line ("set %d", v);
      rill_mutable_state_flow_set_int (a, v);
      /* Computed by the set itself, before any collector runs. */
      g_assert_cmpuint (computations (d), ==, (guint) v + 1);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  g_assert_cmpuint (computations (b), ==, 4);
  g_assert_cmpuint (computations (c), ==, 4);
  g_assert_cmpuint (computations (d), ==, 4);
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (d))), ==, 1);

  stop_collector (ts, job, &cd);
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (d))), ==, 0);

  /* No longer collected: lazy again. */
  rill_mutable_state_flow_set_int (a, 10);
  g_assert_cmpuint (computations (d), ==, 4);
  g_assert_cmpint (rill_state_flow_get_int (d), ==, 11 + 20);
  g_assert_cmpuint (computations (d), ==, 5);
}

/* A flow whose value does not change stops the propagation there. */
static void
test_equal_value_cuts_off (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillStateFlow) odd = derive1 (a, parity, 0);
  g_autoptr(RillStateFlow) label = derive1 (odd, add_offset, 100);
  Collector cl = { RILL_FLOW (label), "L", };
  RillJob *job;
  const char *expected[] = {
    "L got 100", "set 2", "set 4", "set 5", "L got 101", NULL
  };

  log_reset ();
  job = start_collector (ts, &cl);
  for (int v = 2; v <= 5; v++)
    {
      if (v == 3)
        continue;
      log_line ("set %d", v);
      rill_mutable_state_flow_set_int (a, v);
      rill_test_scope_run_current (ts);
    }
  assert_log (expected);
  g_assert_cmpuint (computations (odd), ==, 4);
  g_assert_cmpuint (computations (label), ==, 2);
  stop_collector (ts, job, &cl);
}

static void
test_long_chain (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);
  RillStateFlow *end;
  Collector ce = { NULL, "E", };
  RillJob *job;
  const int length = 5000;
  const char *expected[] = { "E got 5000", "E got 5001", "E got 5002", NULL };

  g_ptr_array_add (chain, derive1 (a, add_offset, 1));
  for (int i = 1; i < length; i++)
    g_ptr_array_add (chain, derive1 (g_ptr_array_index (chain, i - 1), add_offset, 1));
  end = g_ptr_array_index (chain, length - 1);

  /* Read unobserved, then collected: neither walk recurses on the stack. */
  g_assert_cmpint (rill_state_flow_get_int (end), ==, length);
  log_reset ();
  ce.flow = RILL_FLOW (end);
  job = start_collector (ts, &ce);
  rill_mutable_state_flow_set_int (a, 1);
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_int (a, 2);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  for (int i = 0; i < length; i++)
    g_assert_cmpuint (computations (g_ptr_array_index (chain, i)), ==, 3);
  stop_collector (ts, job, &ce);
}

typedef struct
{
  RillMutableStateFlow *a;
  RillMutableStateFlow *b;
  RillStateFlow        *sum;
  int                   read_inside;
} BatchData;

static void
write_both (gpointer user_data)
{
  BatchData *data = user_data;

  rill_mutable_state_flow_set_int (data->a, 1);
  rill_mutable_state_flow_set_int (data->a, 10);
  rill_mutable_state_flow_set_int (data->b, 20);
  /* Read inside: the writes so far are in. */
  data->read_inside = rill_state_flow_get_int (data->sum);
}

static void
nested (gpointer user_data)
{
  BatchData *data = user_data;

  rill_state_flow_batch (write_both, data);
  /* The inner batch ended, the outer one holds everything back. */
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (data->sum))), ==, 1);
  rill_mutable_state_flow_set_int (data->b, 30);
}

static void
test_batch (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillMutableStateFlow) b = rill_mutable_state_flow_new_int (0);
  RillStateFlow *ab[] = { RILL_STATE_FLOW (a), RILL_STATE_FLOW (b) };
  g_autoptr(RillStateFlow) total = rill_state_flow_derive (ab, 2, G_TYPE_INT, sum, NULL, NULL);
  Collector ca = { RILL_FLOW (a), "A", }, ct = { RILL_FLOW (total), "T", };
  BatchData data = { a, b, total, 0 };
  RillJob *job_a, *job_t;
  const char *expected[] = {
    "A got 0", "T got 0",
    "batch", "end",
    "A got 10", "T got 30",
    "nested", "end",
    "T got 40",
    NULL
  };

  log_reset ();
  job_a = start_collector (ts, &ca);
  job_t = start_collector (ts, &ct);
  g_assert_cmpuint (computations (total), ==, 1);

  log_line ("batch");
  rill_state_flow_batch (write_both, &data);
  log_line ("end");
  g_assert_cmpint (data.read_inside, ==, 30);
  rill_test_scope_run_current (ts);
  /* One computation in the batch for the read, none at its end. */
  g_assert_cmpuint (computations (total), ==, 2);

  log_line ("nested");
  rill_state_flow_batch (nested, &data);
  log_line ("end");
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (total), ==, 40);
  /* a went to 1 and back to 10: read inside, 10 + 20 was computed again;
   * then 10 + 30 once at the end. */
  g_assert_cmpuint (computations (total), ==, 4);
  assert_log (expected);

  stop_collector (ts, job_a, &ca);
  stop_collector (ts, job_t, &ct);
}

/* A batch that writes without reading computes once at its end. */
static void
write_many (gpointer user_data)
{
  BatchData *data = user_data;

  for (int i = 1; i <= 100; i++)
    {
      rill_mutable_state_flow_set_int (data->a, i);
      rill_mutable_state_flow_set_int (data->b, -i);
    }
  rill_mutable_state_flow_set_int (data->b, 5);
}

static void
test_batch_computes_once (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillMutableStateFlow) b = rill_mutable_state_flow_new_int (0);
  RillStateFlow *ab[] = { RILL_STATE_FLOW (a), RILL_STATE_FLOW (b) };
  g_autoptr(RillStateFlow) total = rill_state_flow_derive (ab, 2, G_TYPE_INT, sum, NULL, NULL);
  Collector ct = { RILL_FLOW (total), "T", };
  BatchData data = { a, b, total, 0 };
  RillJob *job;
  const char *expected[] = { "T got 0", "T got 105", NULL };

  log_reset ();
  job = start_collector (ts, &ct);
  rill_state_flow_batch (write_many, &data);
  g_assert_cmpuint (computations (total), ==, 2);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  stop_collector (ts, job, &ct);
}

static void
join_names (const GValue *values,
            guint         n_values,
            GValue       *result,
            gpointer      user_data)
{
  g_value_take_string (result, g_strdup_printf ("%s %s",
                                                g_value_get_string (&values[0]),
                                                g_value_get_string (&values[1])));
}

static RillMutableStateFlow *
string_state (const char *initial)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, initial);
  return rill_mutable_state_flow_new (&v);
}

static void
count_destroy (gpointer data)
{
  (*(int *) data)++;
}

static void
test_strings_and_lifetime (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  RillMutableStateFlow *first = string_state ("Ada");
  RillMutableStateFlow *last = string_state ("Lovelace");
  RillStateFlow *names[] = { RILL_STATE_FLOW (first), RILL_STATE_FLOW (last) };
  RillStateFlow *full;
  Collector cf = { NULL, "F", };
  RillJob *job;
  int destroyed = 0;
  g_autofree char *now = NULL;
  const char *expected[] = {
    "F got Ada Lovelace", "F got Grace Lovelace", "F got Grace Hopper", NULL
  };

  full = rill_state_flow_derive (names, 2, G_TYPE_STRING, join_names, &destroyed, count_destroy);
  g_object_add_weak_pointer (G_OBJECT (full), (gpointer *) &full);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_object_add_weak_pointer (G_OBJECT (last), (gpointer *) &last);

  log_reset ();
  cf.flow = RILL_FLOW (full);
  job = start_collector (ts, &cf);
  rill_mutable_state_flow_set_string (first, "Grace");
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_string (last, "Hopper");
  rill_test_scope_run_current (ts);
  now = rill_state_flow_dup_string (full);
  g_assert_cmpstr (now, ==, "Grace Hopper");
  assert_log (expected);

  /* The derived flow keeps its sources. */
  g_object_unref (first);
  g_object_unref (last);
  g_assert_nonnull (first);
  g_assert_nonnull (last);
  /* The collection keeps the derived flow. */
  g_object_unref (full);
  g_assert_nonnull (full);
  g_assert_cmpint (destroyed, ==, 0);

  stop_collector (ts, job, &cf);
  g_assert_null (full);
  g_assert_null (first);
  g_assert_null (last);
  g_assert_cmpint (destroyed, ==, 1);
}

/* ---------------------------------------------------------------------- */
/* Threads: no update lost, and every value read consistent */

#define N_THREADS 4
#define N_UPDATES 20000

typedef struct
{
  RillMutableStateFlow *a;
  RillStateFlow        *doubled;
  RillStateFlow        *both;     /* a + doubled: always 3 a */
  gint                  inconsistent;
} Shared;

static void
increment (const GValue *value,
           GValue       *result,
           gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (value) + 1);
}

static gpointer
updater (gpointer user_data)
{
  Shared *s = user_data;

  for (int i = 0; i < N_UPDATES; i++)
    {
      int both;

      rill_mutable_state_flow_update (s->a, increment, NULL);
      both = rill_state_flow_get_int (s->both);
      if (both % 3 != 0 || rill_state_flow_get_int (s->doubled) % 2 != 0)
        g_atomic_int_inc (&s->inconsistent);
    }
  return NULL;
}

typedef struct
{
  int      last;
  int      count;
  gboolean consistent;
} Watch;

static gboolean
watch_value (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Watch *w = user_data;
  int v = g_value_get_int (value);

  if (v % 3 != 0 || (w->count > 0 && v <= w->last))
    w->consistent = FALSE;
  w->last = v;
  w->count++;
  if (v == 3 * N_THREADS * N_UPDATES)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "done");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  Shared *shared;
  Watch   watch;
} WatchJob;

static void
watch_body (RillScope *scope,
            gpointer   user_data)
{
  WatchJob *wj = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_flow_collect (RILL_FLOW (wj->shared->both), watch_value, &wj->watch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
threads_body (RillScope *scope,
              gpointer   user_data)
{
  Shared *s = user_data;
  g_autoptr(RillContext) pool = rill_context_new (rill_dispatcher_default (), "watcher");
  WatchJob wj = { s, { -1, 0, TRUE } };
  g_autoptr(RillJob) job = NULL;
  GThread *threads[N_THREADS];
  RillStateFlow *count = rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (s->both));

  job = rill_launch (scope, pool, watch_body, &wj, NULL);
  while (rill_state_flow_get_int (count) == 0)
    rill_yield ();
  for (int i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("updater", updater, s);
  for (int i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_true (rill_job_join (job));
  g_assert_true (wj.watch.consistent);
  g_assert_cmpint (wj.watch.last, ==, 3 * N_THREADS * N_UPDATES);
  g_assert_cmpint (wj.watch.count, >=, 2);
}

static void
test_threads (void)
{
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillStateFlow) doubled = derive1 (a, multiply, 2);
  RillStateFlow *sources[] = { RILL_STATE_FLOW (a), doubled };
  g_autoptr(RillStateFlow) both = rill_state_flow_derive (sources, 2, G_TYPE_INT, sum, NULL, NULL);
  Shared s = { a, doubled, both, 0 };

  rill_run_blocking (NULL, threads_body, &s);
  g_assert_cmpint (rill_state_flow_get_int (RILL_STATE_FLOW (a)), ==, N_THREADS * N_UPDATES);
  g_assert_cmpint (rill_state_flow_get_int (both), ==, 3 * N_THREADS * N_UPDATES);
  g_assert_cmpint (s.inconsistent, ==, 0);
}

/* Derived flows nobody collects, read from threads while another writes:
 * every read is a value the function gives for some write, in order. */

static void
describe (const GValue *values,
          guint         n_values,
          GValue       *result,
          gpointer      user_data)
{
  g_value_take_string (result, g_strdup_printf ("n=%d", g_value_get_int (&values[0])));
}

typedef struct
{
  RillMutableStateFlow *a;
  RillStateFlow        *text;
  RillStateFlow        *tripled;
  gint                  done;
  gint                  bad;
} Readers;

static gpointer
read_uncollected (gpointer data)
{
  Readers *r = data;
  int last = -1;

  while (!g_atomic_int_get (&r->done))
    {
      g_autofree char *text = rill_state_flow_dup_string (r->text);
      int n = (int) g_ascii_strtoll (text + 2, NULL, 10);
      int tripled = rill_state_flow_get_int (r->tripled);

      if (!g_str_has_prefix (text, "n=") || n < last || tripled % 3 != 0)
        g_atomic_int_inc (&r->bad);
      last = n;
    }
  return NULL;
}

static void
test_threads_uncollected (void)
{
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  RillStateFlow *sources[] = { RILL_STATE_FLOW (a) };
  g_autoptr(RillStateFlow) text = rill_state_flow_derive (sources, 1, G_TYPE_STRING, describe, NULL, NULL);
  g_autoptr(RillStateFlow) tripled = derive1 (a, multiply, 3);
  Readers r = { a, text, tripled, 0, 0 };
  GThread *readers[2];
  g_autofree char *last = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    readers[i] = g_thread_new ("reader", read_uncollected, &r);
  for (int i = 1; i <= N_UPDATES; i++)
    rill_mutable_state_flow_set_int (a, i);
  g_atomic_int_set (&r.done, 1);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    g_thread_join (readers[i]);
  g_assert_cmpint (r.bad, ==, 0);
  last = rill_state_flow_dup_string (text);
  g_assert_cmpstr (last, ==, "n=20000");
  g_assert_cmpint (rill_state_flow_get_int (tripled), ==, 3 * N_UPDATES);
}

/* ---------------------------------------------------------------------- */

static void
test_preconditions (void)
{
  g_autoptr(RillMutableStateFlow) a = rill_mutable_state_flow_new_int (0);
  g_autoptr(RillMutableSharedFlow) shared = rill_mutable_shared_flow_new (G_TYPE_INT, 0, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  RillStateFlow *good[] = { RILL_STATE_FLOW (a) };
  RillStateFlow *bad[] = { RILL_STATE_FLOW (a), (RillStateFlow *) shared };

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*n_sources > 0*");
  g_assert_null (rill_state_flow_derive (good, 0, G_TYPE_INT, sum, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*RILL_IS_STATE_FLOW*");
  g_assert_null (rill_state_flow_derive (bad, 2, G_TYPE_INT, sum, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*func != NULL*");
  g_assert_null (rill_state_flow_derive (good, 1, G_TYPE_INT, NULL, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*G_TYPE_IS_VALUE_TYPE*");
  g_assert_null (rill_state_flow_derive (good, 1, G_TYPE_NONE, sum, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*func != NULL*");
  rill_state_flow_batch (NULL, NULL);
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/derived-state/lazy-and-cached", test_lazy_and_cached);
  g_test_add_func ("/derived-state/unobserved-diamond", test_unobserved_diamond);
  g_test_add_func ("/derived-state/observed-diamond-is-glitch-free", test_observed_diamond_is_glitch_free);
  g_test_add_func ("/derived-state/equal-value-cuts-off", test_equal_value_cuts_off);
  g_test_add_func ("/derived-state/long-chain", test_long_chain);
  g_test_add_func ("/derived-state/batch", test_batch);
  g_test_add_func ("/derived-state/batch-computes-once", test_batch_computes_once);
  g_test_add_func ("/derived-state/strings-and-lifetime", test_strings_and_lifetime);
  g_test_add_func ("/derived-state/threads", test_threads);
  g_test_add_func ("/derived-state/threads-uncollected", test_threads_uncollected);
  g_test_add_func ("/derived-state/preconditions", test_preconditions);

  return g_test_run ();
}
