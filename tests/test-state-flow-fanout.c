/* test-state-flow-fanout.c: a state flow with many collectors
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A set that wakes many collectors of one loop is delivered by a deliverer
 * coroutine that calls each collector's function as that collector, on its
 * own stack (rill-state-flow.c). These tests hold it to what one coroutine
 * per collector gives: the same values in the same order, each call made as
 * its collector (its job, its cancellation), collectors that suspend, fail,
 * are cancelled or set the flow themselves, and sets from other threads.
 */

#include <string.h>

#include <gio/gio.h>
#include <rill.h>

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

/* Enough collectors for a deliverer; the flow uses one from 16. */
#define MANY 40
#define FEW  8

typedef enum
{
  ACT_NONE,
  ACT_DELAY,        /* rill_delay (10) before recording */
  ACT_YIELD,        /* rill_yield () before recording */
  ACT_FAIL,         /* fail on @arg */
  ACT_DELAY_FAIL,   /* rill_delay (5), then fail on @arg */
  ACT_SET,          /* set the flow to value + 100 on @arg */
  ACT_CANCEL,       /* cancel the collectors @arg .. @arg + 9 on value 3 */
} Action;

typedef struct _Fanout Fanout;

typedef struct
{
  Fanout   *fanout;
  guint     index;
  Action    action;
  int       arg;
  RillJob  *job;
  GArray   *values;       /* ints received, in order */
  GPtrArray *strings;     /* strings received, in order */
  gboolean  wrong_job;    /* a call not made as this collector */
  gboolean  borrowed;     /* a call made on another stack */
  guintptr  stack;        /* an address on the collector's own stack */
  gboolean  ended;
  gboolean  ok;
  GError   *error;
} Collector;

struct _Fanout
{
  RillMutableStateFlow *state;
  RillFlow             *flow;     /* what is collected: state, or take (state) */
  Collector             c[MANY];
  guint                 n;
  GArray               *order;    /* collector indexes, in delivery order */
};

static gboolean
on_value (const GValue  *value,
          gpointer       user_data,
          GError       **error)
{
  Collector *c = user_data;
  Fanout *f = c->fanout;
  int here;
  int v = G_VALUE_HOLDS_INT (value) ? g_value_get_int (value) : 0;
  guintptr distance;

  if (rill_get_job () != c->job)
    c->wrong_job = TRUE;
  distance = (guintptr) &here > c->stack ? (guintptr) &here - c->stack : c->stack - (guintptr) &here;
  /* The collector's own frames are a few KiB deep; another stack is far. */
  if (distance > 64 * 1024)
    c->borrowed = TRUE;

  switch (c->action)
    {
    case ACT_DELAY:
      rill_delay (10);
      break;
    case ACT_YIELD:
      rill_yield ();
      break;
    case ACT_FAIL:
      if (v == c->arg)
        {
          g_set_error (error, TEST_ERROR, c->index, "collector %u failed", c->index);
          return FALSE;
        }
      break;
    case ACT_DELAY_FAIL:
      if (v == c->arg)
        {
          rill_delay (5);
          g_set_error (error, TEST_ERROR, c->index, "collector %u failed late", c->index);
          return FALSE;
        }
      break;
    case ACT_SET:
      if (v == c->arg)
        rill_mutable_state_flow_set_int (f->state, v + 100);
      break;
    case ACT_CANCEL:
      if (v == 3)
        for (int i = c->arg; i < c->arg + 10; i++)
          rill_job_cancel (f->c[i].job);
      break;
    case ACT_NONE:
    default:
      break;
    }

  /* After any suspension: still this collector. */
  if (rill_get_job () != c->job)
    c->wrong_job = TRUE;
  if (G_VALUE_HOLDS_STRING (value))
    g_ptr_array_add (c->strings, g_value_dup_string (value));
  else
    g_array_append_val (c->values, v);
  g_array_append_val (f->order, c->index);
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Collector *c = user_data;
  int here;

  c->stack = (guintptr) &here;
  c->ok = rill_flow_collect (c->fanout->flow, on_value, c, &c->error);
  c->ended = TRUE;
}

static void
fanout_init (Fanout *f,
             guint   n,
             GType   type)
{
  memset (f, 0, sizeof *f);
  if (type == G_TYPE_STRING)
    {
      g_auto(GValue) initial = G_VALUE_INIT;

      g_value_init (&initial, G_TYPE_STRING);
      g_value_set_static_string (&initial, "zero");
      f->state = rill_mutable_state_flow_new (&initial);
    }
  else
    f->state = rill_mutable_state_flow_new_int (0);
  f->flow = g_object_ref (RILL_FLOW (f->state));
  f->n = n;
  f->order = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      f->c[i].fanout = f;
      f->c[i].index = i;
      f->c[i].values = g_array_new (FALSE, FALSE, sizeof (int));
      f->c[i].strings = g_ptr_array_new_with_free_func (g_free);
    }
}

static void
fanout_start (Fanout    *f,
              RillScope *scope)
{
  for (guint i = 0; i < f->n; i++)
    f->c[i].job = rill_launch (scope, NULL, collect_body, &f->c[i], NULL);
}

static void
fanout_clear (Fanout *f)
{
  for (guint i = 0; i < f->n; i++)
    {
      g_clear_pointer (&f->c[i].job, rill_job_unref);
      g_array_unref (f->c[i].values);
      g_ptr_array_unref (f->c[i].strings);
      g_clear_error (&f->c[i].error);
    }
  g_array_unref (f->order);
  g_object_unref (f->flow);
  g_object_unref (f->state);
}

static void
cancel_all (Fanout *f)
{
  for (guint i = 0; i < f->n; i++)
    rill_job_cancel (f->c[i].job);
}

static void
assert_values (Collector  *c,
               const int  *expected,
               guint       n)
{
  if (c->values->len != n)
    {
      GString *got = g_string_new (NULL);

      for (guint i = 0; i < c->values->len; i++)
        g_string_append_printf (got, " %d", g_array_index (c->values, int, i));
      g_error ("collector %u got %u values (%s), not %u", c->index, c->values->len, got->str, n);
    }
  for (guint i = 0; i < n; i++)
    if (g_array_index (c->values, int, i) != expected[i])
      g_error ("collector %u got %d as value %u, not %d", c->index,
               g_array_index (c->values, int, i), i, expected[i]);
}

/* Each collector got every value and ran as itself; with @borrowed, on
 * another stack (a deliverer's) for the values after the first. */
static void
test_every_value (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  int expected[21];
  Fanout f;

  fanout_init (&f, n, G_TYPE_INT);
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f.state))),
                   ==, (int) n);
  expected[0] = 0;
  for (int v = 1; v <= 20; v++)
    {
      g_array_set_size (f.order, 0);
      rill_mutable_state_flow_set_int (f.state, v);
      rill_test_scope_run_current (ts);
      /* In the order the collectors parked, as they would be resumed. */
      g_assert_cmpuint (f.order->len, ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_cmpuint (g_array_index (f.order, guint, i), ==, i);
      expected[v] = v;
    }
  for (guint i = 0; i < n; i++)
    {
      assert_values (&f.c[i], expected, 21);
      g_assert_false (f.c[i].wrong_job);
      g_assert_true (f.c[i].borrowed == (n >= 16));
      g_assert_false (f.c[i].ended);
    }

  /* Values set while nobody ran: the newest only. */
  rill_mutable_state_flow_set_int (f.state, 21);
  rill_mutable_state_flow_set_int (f.state, 22);
  rill_mutable_state_flow_set_int (f.state, 23);
  rill_test_scope_run_current (ts);
  /* Back to what they saw last: nothing. */
  rill_mutable_state_flow_set_int (f.state, 24);
  rill_mutable_state_flow_set_int (f.state, 23);
  rill_test_scope_run_current (ts);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (f.c[i].values->len, ==, 22);
      g_assert_cmpint (g_array_index (f.c[i].values, int, 21), ==, 23);
    }

  cancel_all (&f);
  rill_test_scope_run_current (ts);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (f.c[i].ended);
      g_assert_false (f.c[i].ok);
      g_assert_error (f.c[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_true (rill_job_is_completed (f.c[i].job));
    }
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f.state))),
                   ==, 0);
  fanout_clear (&f);
}

/* Collectors that suspend while called: they keep up, as themselves, and
 * the others are not held back. */
static void
test_suspending (gconstpointer data)
{
  Action action = GPOINTER_TO_INT (data);
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  const int every[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
  /* Delayed by 6 while 7 and 8 were set: 8 when it is back. */
  const int delayed[] = { 0, 1, 2, 3, 4, 5, 6, 8 };
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  for (guint i = 0; i < MANY; i += 5)
    f.c[i].action = action;
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_advance_time_by (ts, 20);

  /* Each value set while everyone is parked: the slow ones suspend while
   * the deliverer calls them. */
  for (int v = 1; v <= 5; v++)
    {
      rill_mutable_state_flow_set_int (f.state, v);
      rill_test_scope_run_current (ts);
      for (guint i = 0; i < MANY; i++)
        {
          Collector *c = &f.c[i];
          int last = g_array_index (c->values, int, c->values->len - 1);

          if (i % 5 != 0 || action == ACT_YIELD)
            g_assert_cmpint (last, ==, v);
          else
            g_assert_cmpint (last, ==, v - 1);
        }
      rill_test_scope_advance_time_by (ts, 20);
    }

  /* Values set while the slow ones are away. */
  rill_mutable_state_flow_set_int (f.state, 6);
  rill_test_scope_advance_time_by (ts, 3);
  rill_mutable_state_flow_set_int (f.state, 7);
  rill_test_scope_advance_time_by (ts, 3);
  rill_mutable_state_flow_set_int (f.state, 8);
  rill_test_scope_advance_time_by (ts, 100);

  for (guint i = 0; i < MANY; i++)
    {
      Collector *c = &f.c[i];

      g_assert_false (c->wrong_job);
      g_assert_false (c->ended);
      g_assert_true (c->borrowed);
      if (i % 5 == 0 && action == ACT_DELAY)
        assert_values (c, delayed, G_N_ELEMENTS (delayed));
      else
        assert_values (c, every, G_N_ELEMENTS (every));
    }

  cancel_all (&f);
  rill_test_scope_advance_until_idle (ts);
  for (guint i = 0; i < MANY; i++)
    {
      g_assert_true (f.c[i].ended);
      g_assert_error (f.c[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  fanout_clear (&f);
}

/* Collectors cancelled by another collector during a delivery get nothing
 * more, and end with the cancellation. */
static void
test_cancel_during_delivery (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  f.c[0].action = ACT_CANCEL;
  f.c[0].arg = 10;
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  for (int v = 1; v <= 4; v++)
    {
      rill_mutable_state_flow_set_int (f.state, v);
      rill_test_scope_run_current (ts);
    }
  for (guint i = 0; i < MANY; i++)
    {
      Collector *c = &f.c[i];

      if (i >= 10 && i < 20)
        {
          const int expected[] = { 0, 1, 2 };

          assert_values (c, expected, G_N_ELEMENTS (expected));
          g_assert_true (c->ended);
          g_assert_error (c->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_true (rill_job_is_completed (c->job));
        }
      else
        {
          const int expected[] = { 0, 1, 2, 3, 4 };

          assert_values (c, expected, G_N_ELEMENTS (expected));
          g_assert_false (c->ended);
        }
    }
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f.state))),
                   ==, MANY - 10);
  cancel_all (&f);
  rill_test_scope_run_current (ts);
  fanout_clear (&f);
}

/* A collector that fails ends with its error, at once or after suspending;
 * the others go on. */
static void
test_collector_fails (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  f.c[7].action = ACT_FAIL;
  f.c[7].arg = 2;
  f.c[8].action = ACT_DELAY_FAIL;
  f.c[8].arg = 3;
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  for (int v = 1; v <= 4; v++)
    {
      rill_mutable_state_flow_set_int (f.state, v);
      rill_test_scope_advance_time_by (ts, 10);
    }
  for (guint i = 0; i < MANY; i++)
    {
      Collector *c = &f.c[i];

      if (i == 7)
        {
          const int expected[] = { 0, 1 };

          assert_values (c, expected, G_N_ELEMENTS (expected));
          g_assert_true (c->ended);
          g_assert_false (c->ok);
          g_assert_error (c->error, TEST_ERROR, 7);
        }
      else if (i == 8)
        {
          const int expected[] = { 0, 1, 2 };

          assert_values (c, expected, G_N_ELEMENTS (expected));
          g_assert_true (c->ended);
          g_assert_error (c->error, TEST_ERROR, 8);
          g_assert_cmpstr (c->error->message, ==, "collector 8 failed late");
        }
      else
        {
          const int expected[] = { 0, 1, 2, 3, 4 };

          assert_values (c, expected, G_N_ELEMENTS (expected));
          g_assert_false (c->ended);
        }
    }
  cancel_all (&f);
  rill_test_scope_run_current (ts);
  fanout_clear (&f);
}

/* A collector that sets the flow while it is called: the others, whose
 * turn comes after, get the new value only, as when each is resumed on its
 * own (the same test with fewer collectors than a deliverer takes). */
static void
test_set_from_collector (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Fanout f;

  fanout_init (&f, n, G_TYPE_INT);
  f.c[0].action = ACT_SET;
  f.c[0].arg = 1;
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  rill_mutable_state_flow_set_int (f.state, 1);
  rill_test_scope_run_current (ts);
  for (guint i = 0; i < n; i++)
    {
      const int first[] = { 0, 1, 101 };
      const int others[] = { 0, 101 };

      if (i == 0)
        assert_values (&f.c[i], first, G_N_ELEMENTS (first));
      else
        assert_values (&f.c[i], others, G_N_ELEMENTS (others));
      g_assert_true (f.c[i].borrowed == (n >= 16));
    }
  cancel_all (&f);
  rill_test_scope_run_current (ts);
  fanout_clear (&f);
}

/* The same, with a collector after it that suspends in that round: the
 * ones done before are delivered again, by the deliverer that goes on. */
static void
test_set_and_suspend (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  f.c[0].action = ACT_SET;
  f.c[0].arg = 1;
  f.c[5].action = ACT_DELAY;
  f.c[30].action = ACT_YIELD;
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_advance_time_by (ts, 20);
  rill_mutable_state_flow_set_int (f.state, 1);
  rill_test_scope_advance_time_by (ts, 100);
  for (guint i = 0; i < MANY; i++)
    {
      /* The first set 101 before the others had their turn. */
      const int first[] = { 0, 1, 101 };
      const int others[] = { 0, 101 };

      if (i == 0)
        assert_values (&f.c[i], first, G_N_ELEMENTS (first));
      else
        assert_values (&f.c[i], others, G_N_ELEMENTS (others));
      g_assert_false (f.c[i].wrong_job);
      g_assert_true (f.c[i].borrowed);
    }
  rill_mutable_state_flow_set_int (f.state, 2);
  rill_test_scope_advance_time_by (ts, 100);
  for (guint i = 0; i < MANY; i++)
    {
      const int first[] = { 0, 1, 101, 2 };
      const int others[] = { 0, 101, 2 };

      if (i == 0)
        assert_values (&f.c[i], first, G_N_ELEMENTS (first));
      else
        assert_values (&f.c[i], others, G_N_ELEMENTS (others));
    }
  cancel_all (&f);
  rill_test_scope_advance_until_idle (ts);
  for (guint i = 0; i < MANY; i++)
    g_assert_true (f.c[i].ended);
  fanout_clear (&f);
}

/* take (3) of the state flow, collected by many: three values each, then
 * the collections end by themselves. */
static void
test_take (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  g_object_unref (f.flow);
  f.flow = rill_flow_take (RILL_FLOW (f.state), 3);
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  for (int v = 1; v <= 4; v++)
    {
      rill_mutable_state_flow_set_int (f.state, v);
      rill_test_scope_run_current (ts);
    }
  for (guint i = 0; i < MANY; i++)
    {
      const int expected[] = { 0, 1, 2 };

      assert_values (&f.c[i], expected, G_N_ELEMENTS (expected));
      g_assert_true (f.c[i].ended);
      g_assert_true (f.c[i].ok);
      g_assert_no_error (f.c[i].error);
    }
  g_assert_cmpint (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f.state))),
                   ==, 0);
  fanout_clear (&f);
}

/* Strings: copied for each collector. */
static void
test_strings (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  const char *values[] = { "zero", "one", "two", "three" };
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_STRING);
  fanout_start (&f, rill_test_scope_get_scope (ts));
  rill_test_scope_run_current (ts);
  for (guint v = 1; v < G_N_ELEMENTS (values); v++)
    {
      g_autofree char *copy = g_strdup (values[v]);

      rill_mutable_state_flow_set_string (f.state, copy);
      rill_test_scope_run_current (ts);
    }
  for (guint i = 0; i < MANY; i++)
    {
      g_assert_cmpuint (f.c[i].strings->len, ==, G_N_ELEMENTS (values));
      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        g_assert_cmpstr (g_ptr_array_index (f.c[i].strings, v), ==, values[v]);
      g_assert_true (f.c[i].borrowed);
    }
  cancel_all (&f);
  rill_test_scope_run_current (ts);
  fanout_clear (&f);
}

/* ------------------------------------------------------------------------ */
/* Other threads                                                            */

typedef struct
{
  Fanout  *fanout;
  int      last;
  gboolean cancel;        /* also cancel collectors now and then */
  gint     done;
} Setter;

static gpointer
setter_thread (gpointer data)
{
  Setter *s = data;
  Fanout *f = s->fanout;

  for (int v = 1; v <= s->last; v++)
    {
      rill_mutable_state_flow_set_int (f->state, v);
      if (s->cancel && v % 50 == 0)
        rill_job_cancel (f->c[(v / 50) % f->n].job);
      if (v % 16 == 0)
        g_usleep (50);
    }
  g_atomic_int_set (&s->done, 1);
  return NULL;
}

static gboolean
all_have (Fanout *f,
          int     v)
{
  for (guint i = 0; i < f->n; i++)
    if (!f->c[i].ended
        && (f->c[i].values->len == 0 || g_array_index (f->c[i].values, int, f->c[i].values->len - 1) != v))
      return FALSE;
  return TRUE;
}

static void
threads_body (RillScope *scope,
              gpointer   user_data)
{
  Setter *s = user_data;
  Fanout *f = s->fanout;
  GThread *thread;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  fanout_start (f, scope);
  while (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f->state))) < (int) f->n)
    rill_delay (1);
  thread = g_thread_new ("setter", setter_thread, s);
  while (!(g_atomic_int_get (&s->done) && all_have (f, s->last)) && g_get_monotonic_time () < end)
    rill_delay (1);
  g_thread_join (thread);
  g_assert_true (all_have (f, s->last));
  cancel_all (f);
}

static void
test_other_thread (gconstpointer data)
{
  Setter s = { NULL, 2000, GPOINTER_TO_INT (data), 0 };
  Fanout f;

  fanout_init (&f, MANY, G_TYPE_INT);
  s.fanout = &f;
  rill_run_blocking (NULL, threads_body, &s);
  for (guint i = 0; i < MANY; i++)
    {
      Collector *c = &f.c[i];

      g_assert_true (c->ended);
      g_assert_false (c->wrong_job);
      g_assert_cmpint (g_array_index (c->values, int, 0), ==, 0);
      for (guint k = 1; k < c->values->len; k++)
        g_assert_cmpint (g_array_index (c->values, int, k), >, g_array_index (c->values, int, k - 1));
      if (!s.cancel)
        g_assert_cmpint (g_array_index (c->values, int, c->values->len - 1), ==, s.last);
      g_assert_error (c->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  fanout_clear (&f);
}

/* Collectors on a single-thread dispatcher, closed right after a set from
 * this thread: the deliverer that set spawned may never deliver; every
 * collector still ends, with the cancellation. */
static void
test_closed_dispatcher (void)
{
  for (int run = 0; run < 20; run++)
    {
      g_autoptr(RillDispatcher) dispatcher = rill_dispatcher_new_single_thread ("fanout-test");
      g_autoptr(RillContext) context = rill_context_new (dispatcher, NULL);
      RillScope *scope = rill_scope_new (context);
      gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      Fanout f;

      fanout_init (&f, MANY, G_TYPE_INT);
      fanout_start (&f, scope);
      while (rill_state_flow_get_int (rill_shared_flow_get_subscription_count (RILL_SHARED_FLOW (f.state))) < MANY
             && g_get_monotonic_time () < end)
        g_usleep (100);
      rill_mutable_state_flow_set_int (f.state, 1);
      if (run % 2 == 1)
        g_usleep (run * 10);
      rill_dispatcher_close (dispatcher);
      for (guint i = 0; i < MANY; i++)
        {
          while (!rill_job_is_completed (f.c[i].job) && g_get_monotonic_time () < end)
            g_usleep (100);
          g_assert_true (rill_job_is_completed (f.c[i].job));
          g_assert_true (f.c[i].ended);
          g_assert_error (f.c[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpint (g_array_index (f.c[i].values, int, 0), ==, 0);
          g_assert_cmpuint (f.c[i].values->len, <=, 2);
        }
      rill_scope_unref (scope);
      fanout_clear (&f);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/state-flow/fanout/every-value", GUINT_TO_POINTER (MANY), test_every_value);
  g_test_add_data_func ("/state-flow/fanout/every-value-few", GUINT_TO_POINTER (FEW), test_every_value);
  g_test_add_data_func ("/state-flow/fanout/delaying-collectors", GINT_TO_POINTER (ACT_DELAY), test_suspending);
  g_test_add_data_func ("/state-flow/fanout/yielding-collectors", GINT_TO_POINTER (ACT_YIELD), test_suspending);
  g_test_add_func ("/state-flow/fanout/cancel-during-delivery", test_cancel_during_delivery);
  g_test_add_func ("/state-flow/fanout/collector-fails", test_collector_fails);
  g_test_add_data_func ("/state-flow/fanout/set-from-collector", GUINT_TO_POINTER (MANY), test_set_from_collector);
  g_test_add_data_func ("/state-flow/fanout/set-from-collector-few", GUINT_TO_POINTER (FEW), test_set_from_collector);
  g_test_add_func ("/state-flow/fanout/set-and-suspend", test_set_and_suspend);
  g_test_add_func ("/state-flow/fanout/take", test_take);
  g_test_add_func ("/state-flow/fanout/strings", test_strings);
  g_test_add_data_func ("/state-flow/fanout/other-thread", GINT_TO_POINTER (FALSE), test_other_thread);
  g_test_add_data_func ("/state-flow/fanout/other-thread-cancelling", GINT_TO_POINTER (TRUE), test_other_thread);
  g_test_add_func ("/state-flow/fanout/closed-dispatcher", test_closed_dispatcher);

  return g_test_run ();
}
