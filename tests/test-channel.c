/* test-channel.c: channels and produce
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

/* CHANNEL_TEST_DUMP=1 prints each log before it is checked. */
#define assert_log(expected) G_STMT_START {                          \
  if (g_getenv ("CHANNEL_TEST_DUMP") != NULL)                        \
    for (guint i__ = 0; i__ < log_lines->len; i__++)                 \
      g_printerr ("  \"%s\",\n", (char *) log_lines->pdata[i__]);     \
  (assert_log) (expected);                                           \
} G_STMT_END

static const char *
describe (const GError *error)
{
  if (error == NULL)
    return "end";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (g_error_matches (error, RILL_CHANNEL_ERROR, RILL_CHANNEL_ERROR_CLOSED))
    return "closed";
  return error->message;
}

typedef struct
{
  RillChannel *ch;
  const char  *name;
  int          from;
  int          to;      /* sender: the last value; receiver: how many, -1 until the end */
} Actor;

static void
sender (RillScope *scope,
        gpointer   user_data)
{
  Actor *a = user_data;

  for (int i = a->from; i <= a->to; i++)
    {
      g_autoptr(GError) error = NULL;

      log_line ("%s send %d", a->name, i);
      if (!rill_channel_send_int (a->ch, i, &error))
        {
          log_line ("%s send %d: %s", a->name, i, describe (error));
          return;
        }
      log_line ("%s sent %d", a->name, i);
    }
  log_line ("%s done", a->name);
}

static void
receiver (RillScope *scope,
          gpointer   user_data)
{
  Actor *a = user_data;

  for (int n = 0; a->to < 0 || n < a->to; n++)
    {
      g_autoptr(GError) error = NULL;
      int v = -1;

      if (!rill_channel_receive_int (a->ch, &v, &error))
        {
          log_line ("%s: %s", a->name, describe (error));
          return;
        }
      log_line ("%s got %d", a->name, v);
    }
  log_line ("%s done", a->name);
}

static void
string_receiver (RillScope *scope,
                 gpointer   user_data)
{
  Actor *a = user_data;
  g_autofree char *v = NULL;

  if (rill_channel_receive_string (a->ch, &v, NULL))
    log_line ("%s got %s", a->name, v);
}

static RillJob *
start (RillTestScope *ts,
       RillBlock      block,
       Actor         *actor)
{
  return rill_launch (rill_test_scope_get_scope (ts), NULL, block, actor, NULL);
}

/* ------------------------------------------------------------------------ */

static void
test_rendezvous_handoff (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 3 }, r = { ch, "R", 0, 3 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *expected[] = {
    "S send 1",
    "R got 1",
    "S sent 1", "S send 2", "S sent 2", "S send 3",
    "R got 2", "R got 3", "R done",
    "S sent 3", "S done",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_true (rill_job_is_completed (js));
  g_assert_true (rill_job_is_completed (jr));
  g_assert_true (rill_channel_is_empty (ch));
}

static void
test_buffered_fill_and_suspend (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 2, RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 4 }, r = { ch, "R", 0, 4 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *before[] = {
    "S send 1", "S sent 1", "S send 2", "S sent 2", "S send 3",
    NULL
  };
  const char *expected[] = {
    "S send 1", "S sent 1", "S send 2", "S sent 2", "S send 3",
    "R got 1", "R got 2", "R got 3",
    "S sent 3", "S send 4", "S sent 4", "S done",
    "R got 4", "R done",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  /* Two in the buffer, the third waits. */
  assert_log (before);
  g_assert_false (rill_job_is_completed (js));
  g_assert_false (rill_channel_is_empty (ch));

  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

static void
test_buffered_default_capacity (void)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_BUFFERED,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rill_channel_get_capacity (ch), ==, RILL_CHANNEL_BUFFERED);
  g_value_init (&v, G_TYPE_INT);
  for (int i = 0; i < RILL_CHANNEL_DEFAULT_BUFFER_SIZE; i++)
    {
      g_value_set_int (&v, i);
      g_assert_true (rill_channel_try_send (ch, &v, &error));
      g_assert_no_error (error);
    }
  g_assert_false (rill_channel_try_send (ch, &v, &error));
  g_assert_no_error (error);

  for (int i = 0; i < RILL_CHANNEL_DEFAULT_BUFFER_SIZE; i++)
    {
      g_auto(GValue) out = G_VALUE_INIT;

      g_assert_true (rill_channel_try_receive (ch, &out, &error));
      g_assert_cmpint (g_value_get_int (&out), ==, i);
    }
  g_assert_true (rill_channel_is_empty (ch));
}

static void
test_conflated_keeps_latest (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_CONFLATED,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 3 }, r = { ch, "R", 0, 1 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jr = NULL;
  g_auto(GValue) out = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "S send 1", "S sent 1", "S send 2", "S sent 2", "S send 3", "S sent 3", "S done",
    "R got 3", "R done",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_assert_no_error (error);
  /* Typed all the same, holding the default. */
  g_assert_true (G_VALUE_HOLDS (&out, G_TYPE_INT) || G_VALUE_HOLDS (&out, G_TYPE_STRING));

  /* A waiting receiver still gets the element directly. */
  log_reset ();
  g_clear_pointer (&jr, rill_job_unref);
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  {
    g_auto(GValue) v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_INT);
    g_value_set_int (&v, 7);
    g_assert_true (rill_channel_try_send (ch, &v, NULL));
    g_value_set_int (&v, 8);
    g_assert_true (rill_channel_try_send (ch, &v, NULL));
  }
  rill_test_scope_run_current (ts);
  {
    const char *second[] = { "R got 7", "R done", NULL };

    assert_log (second);
  }
  g_assert_true (rill_channel_try_receive (ch, &out, &error));
  g_assert_cmpint (g_value_get_int (&out), ==, 8);
}

static void
test_unlimited_never_suspends (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_UNLIMITED,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 1000 };
  g_autoptr(RillJob) js = NULL;

  log_reset ();
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_job_is_completed (js));
  g_assert_true (log_contains ("S done"));
  for (int i = 1; i <= 1000; i++)
    {
      g_auto(GValue) out = G_VALUE_INIT;

      g_assert_true (rill_channel_try_receive (ch, &out, NULL));
      g_assert_cmpint (g_value_get_int (&out), ==, i);
    }
  g_assert_true (rill_channel_is_empty (ch));
}

/* Sends @n ints with try_send and returns what can be received. */
static char *
overflow_outcome (int                capacity,
                  RillBufferOverflow overflow,
                  int                n)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, capacity, overflow);
  g_autoptr(GString) s = g_string_new (NULL);
  g_auto(GValue) v = G_VALUE_INIT;
  g_auto(GValue) out = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  for (int i = 1; i <= n; i++)
    {
      g_value_set_int (&v, i);
      /* Never refused: an overflow drops instead. */
      g_assert_true (rill_channel_try_send (ch, &v, NULL));
    }
  while (rill_channel_try_receive (ch, &out, NULL))
    g_string_append_printf (s, "%s%d", s->len > 0 ? " " : "", g_value_get_int (&out));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_overflow_policies (void)
{
  struct {
    int                capacity;
    RillBufferOverflow overflow;
    const char        *received;
  } cases[] = {
    { 3, RILL_BUFFER_OVERFLOW_DROP_OLDEST, "3 4 5" },
    { 3, RILL_BUFFER_OVERFLOW_DROP_LATEST, "1 2 3" },
    { RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_DROP_OLDEST, "5" },
    { RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_DROP_LATEST, "1" },
    { RILL_CHANNEL_BUFFERED, RILL_BUFFER_OVERFLOW_DROP_OLDEST, "5" },
    { RILL_CHANNEL_BUFFERED, RILL_BUFFER_OVERFLOW_DROP_LATEST, "1" },
    { RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_SUSPEND, "5" },
    { RILL_CHANNEL_UNLIMITED, RILL_BUFFER_OVERFLOW_DROP_OLDEST, "1 2 3 4 5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = overflow_outcome (cases[i].capacity, cases[i].overflow, 5);

      g_assert_cmpstr (got, ==, cases[i].received);
    }
}

static void
test_overflow_suspending_send (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 2, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
  Actor s = { ch, "S", 1, 4 }, r = { ch, "R", 0, -1 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *expected[] = {
    "S send 1", "S sent 1", "S send 2", "S sent 2", "S send 3", "S sent 3",
    "S send 4", "S sent 4", "S done",
    "R got 3", "R got 4", "R: end",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  rill_channel_close (ch, NULL);
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

static void
test_conflated_with_policy_refused (void)
{
  RillChannel *ch;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*overflow == RILL_BUFFER_OVERFLOW_SUSPEND*");
  ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_DROP_LATEST);
  g_test_assert_expected_messages ();
  g_assert_null (ch);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*capacity >= RILL_CHANNEL_BUFFERED*");
  ch = rill_channel_new (G_TYPE_INT, -3, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_test_assert_expected_messages ();
  g_assert_null (ch);
}

/* ------------------------------------------------------------------------ */

static void
test_try_send_receive (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_STRING, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_auto(GValue) v = G_VALUE_INIT;
  g_auto(GValue) out = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillJob) jr = NULL;
  Actor r = { ch, "R", 0, 1 };

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "hello");

  /* Rendezvous: nobody to take it. */
  g_assert_false (rill_channel_try_send (ch, &v, &error));
  g_assert_no_error (error);
  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_assert_no_error (error);

  /* A waiting receiver takes it. */
  log_reset ();
  jr = rill_launch (rill_test_scope_get_scope (ts), NULL, string_receiver, &r, NULL);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_channel_try_send (ch, &v, &error));
  g_assert_no_error (error);
  g_assert_false (rill_channel_try_send (ch, &v, &error));
  g_assert_no_error (error);
  rill_test_scope_run_current (ts);
  g_assert_true (log_contains ("R got hello"));
  g_assert_true (rill_job_is_completed (jr));

  /* Closed: an error, and then the end. */
  g_assert_true (rill_channel_close (ch, NULL));
  g_assert_false (rill_channel_try_send (ch, &v, &error));
  g_assert_error (error, RILL_CHANNEL_ERROR, RILL_CHANNEL_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_assert_error (error, RILL_CHANNEL_ERROR, RILL_CHANNEL_ERROR_CLOSED);
  g_clear_error (&error);
  /* Typed all the same, holding the default. */
  g_assert_true (G_VALUE_HOLDS (&out, G_TYPE_INT) || G_VALUE_HOLDS (&out, G_TYPE_STRING));
}

static void
strings_body (RillScope *scope,
              gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_STRING, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillChannel) ints = rill_channel_new (G_TYPE_INT, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  char *c = (char *) "untouched";
  int i = 0;

  g_assert_true (rill_channel_send_string (ch, "one", NULL));
  g_assert_true (rill_channel_send_string (ch, NULL, NULL));
  g_assert_true (rill_channel_receive_string (ch, &a, NULL));
  g_assert_cmpstr (a, ==, "one");
  g_assert_true (rill_channel_receive_string (ch, &b, NULL));
  g_assert_null (b);
  rill_channel_close (ch, NULL);
  g_assert_false (rill_channel_receive_string (ch, &c, NULL));
  g_assert_cmpstr (c, ==, "untouched");

  g_assert_true (rill_channel_send_int (ints, 42, NULL));
  g_assert_true (rill_channel_receive_int (ints, &i, NULL));
  g_assert_cmpint (i, ==, 42);
  log_line ("ok");
}

static void
test_strings (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  const char *expected[] = { "ok", NULL };

  log_reset ();
  rill_test_scope_run (ts, strings_body, NULL);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */

static void
test_close_drain_end (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 2 }, s2 = { ch, "T", 3, 3 }, r = { ch, "R", 0, -1 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) js2 = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *expected[] = {
    "S send 1", "S sent 1", "S send 2", "S sent 2", "S done",
    "T send 3", "T send 3: closed",
    "R got 1", "R got 2", "R: end",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_channel_close (ch, NULL));
  g_assert_false (rill_channel_close (ch, NULL));
  g_assert_true (rill_channel_is_closed_for_send (ch));
  g_assert_false (rill_channel_is_closed_for_receive (ch));
  g_assert_false (rill_channel_is_empty (ch));

  js2 = start (ts, sender, &s2);
  rill_test_scope_run_current (ts);
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_true (rill_channel_is_closed_for_receive (ch));
  g_assert_false (rill_channel_is_empty (ch));
}

static void
test_close_keeps_waiting_senders (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 2 }, r = { ch, "R", 0, -1 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *expected[] = {
    "S send 1",
    "R got 1", "R: end",
    "S sent 1", "S send 2", "S send 2: closed",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  /* The waiting sender's element was sent before the close. */
  g_assert_true (rill_channel_close (ch, NULL));
  g_assert_false (rill_channel_is_closed_for_receive (ch));
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

static void
test_close_with_error (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 2, RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor r1 = { ch, "R1", 0, -1 }, r2 = { ch, "R2", 0, -1 }, s = { ch, "S", 5, 5 };
  g_autoptr(RillJob) j1 = NULL;
  g_autoptr(RillJob) j2 = NULL;
  g_autoptr(RillJob) js = NULL;
  g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "broken");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) out = G_VALUE_INIT;
  const char *expected[] = {
    "R1: broken", "R2: broken", "S send 5", "S send 5: broken",
    NULL
  };

  log_reset ();
  j1 = start (ts, receiver, &r1);
  j2 = start (ts, receiver, &r2);
  rill_test_scope_run_current (ts);
  g_assert_true (rill_channel_close (ch, cause));
  /* Only the first close counts. */
  g_assert_false (rill_channel_close (ch, NULL));
  rill_test_scope_run_current (ts);
  js = start (ts, sender, &s);
  rill_test_scope_run_current (ts);
  assert_log (expected);

  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  /* A copy, not the caller's error. */
  g_assert_true (error != cause);
}

static void
test_cancel_wakes_waiters (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillChannel) empty = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                   RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor a = { ch, "A", 1, 2 }, b = { ch, "B", 10, 10 };
  Actor r1 = { empty, "R1", 0, -1 }, r2 = { empty, "R2", 0, -1 };
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jb = NULL;
  g_autoptr(RillJob) j1 = NULL;
  g_autoptr(RillJob) j2 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) out = G_VALUE_INIT;
  const char *expected[] = {
    "A send 1", "A sent 1", "A send 2", "B send 10",
    "A send 2: cancelled", "B send 10: cancelled",
    "R1: cancelled", "R2: cancelled",
    NULL
  };

  log_reset ();
  ja = start (ts, sender, &a);
  jb = start (ts, sender, &b);
  j1 = start (ts, receiver, &r1);
  j2 = start (ts, receiver, &r2);
  rill_test_scope_run_current (ts);

  rill_channel_cancel (ch);
  rill_channel_cancel (empty);
  g_assert_true (rill_channel_is_closed_for_send (ch));
  /* The buffered element is gone. */
  g_assert_true (rill_channel_is_closed_for_receive (ch));
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The coroutines themselves were not cancelled. */
  g_assert_cmpint (rill_job_get_state (ja), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpint (rill_job_get_state (j1), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_false (rill_channel_close (ch, NULL));
}

static GObject *dropped_object;

static void
test_cancel_drops_elements (void)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_OBJECT, RILL_CHANNEL_UNLIMITED,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_auto(GValue) v = G_VALUE_INIT;
  GObject *obj = g_object_new (G_TYPE_OBJECT, NULL);

  dropped_object = obj;
  g_object_add_weak_pointer (obj, (gpointer *) &dropped_object);
  g_value_init (&v, G_TYPE_OBJECT);
  g_value_take_object (&v, obj);
  g_assert_true (rill_channel_try_send (ch, &v, NULL));
  g_value_unset (&v);
  g_assert_nonnull (dropped_object);
  rill_channel_close (ch, NULL);
  /* Closing keeps it; cancelling drops it. */
  g_assert_nonnull (dropped_object);
  rill_channel_cancel (ch);
  g_assert_null (dropped_object);
}

static void
test_sender_cancelled_while_suspended (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor s = { ch, "S", 1, 1 }, t = { ch, "T", 2, 2 }, r = { ch, "R", 0, 1 };
  g_autoptr(RillJob) js = NULL;
  g_autoptr(RillJob) jt = NULL;
  g_autoptr(RillJob) jr = NULL;
  const char *expected[] = {
    "S send 1", "T send 2",
    "S send 1: cancelled",
    "R got 2", "R done",
    "T sent 2", "T done",
    NULL
  };

  log_reset ();
  js = start (ts, sender, &s);
  jt = start (ts, sender, &t);
  rill_test_scope_run_current (ts);
  rill_job_cancel (js);
  rill_test_scope_run_current (ts);
  /* The cancelled sender's element is not delivered: the receiver gets the
   * next sender's. */
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (js), ==, RILL_JOB_STATE_CANCELLED);
}

static void
test_receiver_cancelled_while_suspended (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor r1 = { ch, "R1", 0, 1 }, r2 = { ch, "R2", 0, 1 };
  g_autoptr(RillJob) j1 = NULL;
  g_autoptr(RillJob) j2 = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  const char *expected[] = { "R1: cancelled", "R2 got 7", "R2 done", NULL };

  log_reset ();
  j1 = start (ts, receiver, &r1);
  j2 = start (ts, receiver, &r2);
  rill_test_scope_run_current (ts);
  rill_job_cancel (j1);
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 7);
  /* R1 left the queue: the element goes to R2. */
  g_assert_true (rill_channel_try_send (ch, &v, NULL));
  g_assert_false (rill_channel_try_send (ch, &v, NULL));
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

/* A receiver served, then cancelled before it ran again: kotlinx's prompt
 * cancellation, the element is lost. */
static void
test_receiver_cancelled_after_handoff (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor r = { ch, "R", 0, 1 };
  g_autoptr(RillJob) jr = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  const char *expected[] = { "R: cancelled", NULL };

  log_reset ();
  jr = start (ts, receiver, &r);
  rill_test_scope_run_current (ts);
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 7);
  g_assert_true (rill_channel_try_send (ch, &v, NULL));
  rill_job_cancel (jr);
  rill_test_scope_run_current (ts);
  assert_log (expected);
}

static void
cancelled_send_body (RillScope *scope,
                     gpointer   user_data)
{
  RillChannel *ch = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) out = G_VALUE_INIT;

  rill_job_cancel (rill_get_job ());
  /* There is room, but a cancelled coroutine does not send. */
  g_assert_false (rill_channel_send_int (ch, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (rill_channel_receive (ch, &out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  log_line ("checked");
}

static void
test_cancelled_caller (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "checked", NULL };

  log_reset ();
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, cancelled_send_body, ch, NULL);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  g_assert_true (rill_channel_is_empty (ch));
}

static void
test_fifo_fairness (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  Actor r[3] = { { ch, "R1", 0, 1 }, { ch, "R2", 0, 1 }, { ch, "R3", 0, 1 } };
  Actor s[3] = { { ch, "S1", 1, 1 }, { ch, "S2", 2, 2 }, { ch, "S3", 3, 3 } };
  Actor all = { ch, "R", 0, 3 };
  RillJob *jobs[7];
  const char *expected[] = {
    "R1 got 10", "R1 done", "R2 got 20", "R2 done", "R3 got 30", "R3 done",
    "S1 send 1", "S2 send 2", "S3 send 3",
    "R got 1", "R got 2", "R got 3", "R done",
    "S1 sent 1", "S1 done", "S2 sent 2", "S2 done", "S3 sent 3", "S3 done",
    NULL
  };

  log_reset ();
  for (int i = 0; i < 3; i++)
    jobs[i] = start (ts, receiver, &r[i]);
  rill_test_scope_run_current (ts);
  for (int i = 0; i < 3; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_INT);
      g_value_set_int (&v, (i + 1) * 10);
      g_assert_true (rill_channel_try_send (ch, &v, NULL));
    }
  rill_test_scope_run_current (ts);

  for (int i = 0; i < 3; i++)
    jobs[3 + i] = start (ts, sender, &s[i]);
  rill_test_scope_run_current (ts);
  jobs[6] = start (ts, receiver, &all);
  rill_test_scope_run_current (ts);
  assert_log (expected);
  for (int i = 0; i < 7; i++)
    rill_job_unref (jobs[i]);
}

/* ------------------------------------------------------------------------ */

static void
test_wrong_type (void)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_auto(GValue) s = G_VALUE_INIT;
  g_auto(GValue) out = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&s, G_TYPE_STRING);
  g_value_set_string (&s, "nope");
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*a value of type 'gchararray' cannot be sent to a channel of 'gint'*");
  g_assert_false (rill_channel_try_send (ch, &s, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (rill_channel_is_empty (ch));

  g_value_init (&out, G_TYPE_OBJECT);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*an element of type 'gint' cannot be received into a GValue of type 'GObject'*");
  g_assert_false (rill_channel_try_receive (ch, &out, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*must be called from a coroutine*");
  g_assert_false (rill_channel_send_int (ch, 1, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
}

/* A GObject-typed value holding an instance of the channel's type is
 * accepted, and comes out with the channel's type. */
static void
test_object_values (void)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_CANCELLABLE, 2, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GValue) as_object = G_VALUE_INIT;
  g_auto(GValue) out = G_VALUE_INIT;
  g_auto(GValue) out_object = G_VALUE_INIT;

  g_value_init (&as_object, G_TYPE_OBJECT);
  g_value_set_object (&as_object, cancellable);
  g_assert_true (rill_channel_try_send (ch, &as_object, NULL));
  g_assert_true (rill_channel_try_send (ch, &as_object, NULL));
  g_assert_true (rill_channel_try_receive (ch, &out, NULL));
  g_assert_true (G_VALUE_HOLDS (&out, G_TYPE_CANCELLABLE));
  g_assert_true (g_value_get_object (&out) == cancellable);
  /* Into a GValue of a parent type. */
  g_value_init (&out_object, G_TYPE_OBJECT);
  g_assert_true (rill_channel_try_receive (ch, &out_object, NULL));
  g_assert_true (g_value_get_object (&out_object) == cancellable);

  g_value_set_object (&as_object, ch);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*a value of type 'GObject' cannot be sent to a channel of 'GCancellable'*");
  g_assert_false (rill_channel_try_send (ch, &as_object, NULL));
  g_test_assert_expected_messages ();
}

static void
test_wrong_type_in_coroutine_body (RillScope *scope,
                                   gpointer   user_data)
{
  RillChannel *ch = user_data;
  g_auto(GValue) d = G_VALUE_INIT;

  g_value_init (&d, G_TYPE_DOUBLE);
  g_value_set_double (&d, 1.5);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*a value of type 'gdouble' cannot be sent to a channel of 'gint'*");
  g_assert_false (rill_channel_send (ch, &d, NULL));
  g_test_assert_expected_messages ();
  log_line ("refused");
}

static void
test_wrong_type_send (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 4, RILL_BUFFER_OVERFLOW_SUSPEND);
  const char *expected[] = { "refused", NULL };

  log_reset ();
  rill_test_scope_run (ts, test_wrong_type_in_coroutine_body, ch);
  assert_log (expected);
  g_assert_true (rill_channel_is_empty (ch));
}

/* ------------------------------------------------------------------------ */
/* produce                                                                  */

typedef struct
{
  int         n;
  int         fail_after;   /* -1: never */
  gboolean    destroyed;
} ProducerArgs;

static gboolean
numbers (RillScope    *scope,
         RillChannel  *channel,
         gpointer      user_data,
         GError      **error)
{
  ProducerArgs *args = user_data;

  for (int i = 1; i <= args->n; i++)
    {
      if (i - 1 == args->fail_after)
        {
          log_line ("producer fails");
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "denied");
          return FALSE;
        }
      log_line ("produce %d", i);
      if (!rill_channel_send_int (channel, i, error))
        {
          log_line ("producer: %s", describe (*error));
          return FALSE;
        }
    }
  log_line ("producer done");
  return TRUE;
}

static void
producer_args_destroyed (gpointer data)
{
  ((ProducerArgs *) data)->destroyed = TRUE;
  log_line ("producer destroyed");
}

typedef struct
{
  ProducerArgs  args;
  int           take;        /* -1: all */
  RillChannel  *channel;
  RillJob      *producer_scope_job;
} ConsumerArgs;

/* A scope on the same dispatcher with a root job of its own. */
static RillScope *
independent_scope (RillScope *scope)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(RillContext) job_context = rill_context_new_for_job (job);
  g_autoptr(RillContext) own = rill_scope_get_context (scope);
  g_autoptr(RillContext) context = rill_context_plus (own, job_context);

  return rill_scope_new (context);
}

static void
consumer (RillScope *scope,
          gpointer   user_data)
{
  ConsumerArgs *c = user_data;
  g_autoptr(RillScope) producers = independent_scope (scope);
  g_autoptr(RillChannel) ch = NULL;

  ch = rill_produce (producers, NULL, G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                     numbers, &c->args, producer_args_destroyed);
  c->producer_scope_job = rill_job_ref (rill_scope_get_job (producers));
  c->channel = g_object_ref (ch);
  for (int n = 0; c->take < 0 || n < c->take; n++)
    {
      g_autoptr(GError) error = NULL;
      int v;

      if (!rill_channel_receive_int (ch, &v, &error))
        {
          log_line ("consumer: %s", describe (error));
          return;
        }
      log_line ("consumed %d", v);
    }
  log_line ("consumer cancels");
  rill_channel_cancel (ch);
}

static void
run_consumer (ConsumerArgs *c)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();

  rill_test_scope_run (ts, consumer, c);
}

static void
test_produce_values (void)
{
  ConsumerArgs c = { { 3, -1, FALSE }, -1, NULL, NULL };
  const char *expected[] = {
    "produce 1", "produce 2",     /* 1 to the waiting consumer, 2 waits */
    "consumed 1", "consumed 2",
    "produce 3", "producer done", "producer destroyed",
    "consumed 3", "consumer: end",
    NULL
  };

  log_reset ();
  run_consumer (&c);
  assert_log (expected);
  g_assert_true (c.args.destroyed);
  g_assert_true (rill_channel_is_closed_for_receive (c.channel));
  g_assert_true (rill_job_is_active (c.producer_scope_job));
  rill_job_unref (c.producer_scope_job);
  g_object_unref (c.channel);
}

static void
test_produce_error (void)
{
  ConsumerArgs c = { { 3, 2, FALSE }, -1, NULL, NULL };
  g_autoptr(GError) cause = NULL;
  const char *expected[] = {
    "produce 1", "produce 2",
    "consumed 1", "consumed 2",
    "producer fails", "producer destroyed", "consumer: denied",
    NULL
  };

  log_reset ();
  /* The producer's scope is a plain root job: nobody handles the failure. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "Unhandled error in coroutine*denied");
  run_consumer (&c);
  g_test_assert_expected_messages ();
  assert_log (expected);
  /* The failure also failed the producer's scope. */
  g_assert_cmpint (rill_job_get_state (c.producer_scope_job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (c.producer_scope_job, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  rill_job_unref (c.producer_scope_job);
  g_object_unref (c.channel);
}

static void
test_produce_consumer_cancels (void)
{
  ConsumerArgs c = { { 100, -1, FALSE }, 2, NULL, NULL };
  const char *expected[] = {
    "produce 1", "produce 2",
    "consumed 1", "consumed 2", "consumer cancels",
    /* 2 was taken, but the producer was cancelled before it ran again. */
    "producer: cancelled", "producer destroyed",
    NULL
  };

  log_reset ();
  run_consumer (&c);
  assert_log (expected);
  /* The producer was cancelled, not failed: its scope is still active. */
  g_assert_true (rill_job_is_active (c.producer_scope_job));
  g_assert_true (rill_channel_is_closed_for_receive (c.channel));
  rill_job_unref (c.producer_scope_job);
  g_object_unref (c.channel);
}

static void
consumer_of_cancelled (RillScope *scope,
                       gpointer   user_data)
{
  ConsumerArgs *c = user_data;
  g_autoptr(RillScope) producers = independent_scope (scope);
  g_autoptr(RillChannel) ch = NULL;
  g_autoptr(GError) error = NULL;
  int v;

  ch = rill_produce (producers, NULL, G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                     numbers, &c->args, producer_args_destroyed);
  g_assert_true (rill_channel_receive_int (ch, &v, &error));
  log_line ("consumed %d", v);
  rill_scope_cancel (producers);
  g_assert_false (rill_channel_receive_int (ch, &v, &error));
  log_line ("consumer: %s", describe (error));
}

static void
test_produce_scope_cancelled (void)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  ConsumerArgs c = { { 100, -1, FALSE }, -1, NULL, NULL };
  const char *expected[] = {
    "produce 1", "produce 2",
    "consumed 1",
    /* The cancelled producer's element is not delivered; its channel is
     * closed with the cancellation. */
    "producer: cancelled", "producer destroyed", "consumer: cancelled",
    NULL
  };

  log_reset ();
  rill_test_scope_run (ts, consumer_of_cancelled, &c);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

#define N_PRODUCERS 4
#define N_VALUES    10000

typedef struct
{
  RillChannel *ch;
  int          id;
  GThread     *thread;
  gboolean     ok;
} PoolProducer;

static void
pool_producer (RillScope *scope,
               gpointer   user_data)
{
  PoolProducer *p = user_data;

  p->thread = g_thread_self ();
  p->ok = TRUE;
  for (int i = 0; i < N_VALUES && p->ok; i++)
    p->ok = rill_channel_send_int (p->ch, p->id * 1000000 + i, NULL);
}

typedef struct
{
  int      capacity;
  int      next[N_PRODUCERS];
  int      received;
  gboolean in_order;
  GThread *consumer_thread;
  PoolProducer producers[N_PRODUCERS];
} CrossArgs;

static void
cross_consumer (RillScope *scope,
                gpointer   user_data)
{
  CrossArgs *x = user_data;
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, x->capacity, RILL_BUFFER_OVERFLOW_SUSPEND);
  RillJob *jobs[N_PRODUCERS];
  int v;

  x->consumer_thread = g_thread_self ();
  x->in_order = TRUE;
  for (int i = 0; i < N_PRODUCERS; i++)
    {
      x->producers[i] = (PoolProducer) { ch, i, NULL, FALSE };
      jobs[i] = rill_launch (scope, rill_context_default (), pool_producer, &x->producers[i], NULL);
    }
  while (x->received < N_PRODUCERS * N_VALUES && rill_channel_receive_int (ch, &v, NULL))
    {
      int id = v / 1000000, i = v % 1000000;

      if (id < 0 || id >= N_PRODUCERS || x->next[id] != i)
        x->in_order = FALSE;
      else
        x->next[id]++;
      x->received++;
    }
  for (int i = 0; i < N_PRODUCERS; i++)
    {
      rill_job_join (jobs[i]);
      rill_job_unref (jobs[i]);
    }
  /* Nothing more. */
  g_assert_false (rill_channel_try_receive (ch, &(GValue) G_VALUE_INIT, NULL));
}

static void
cross_thread (int capacity)
{
  CrossArgs x = { 0, };

  x.capacity = capacity;
  rill_run_blocking (NULL, cross_consumer, &x);
  g_assert_true (x.in_order);
  g_assert_cmpint (x.received, ==, N_PRODUCERS * N_VALUES);
  g_assert_true (x.consumer_thread == g_thread_self ());
  for (int i = 0; i < N_PRODUCERS; i++)
    {
      g_assert_true (x.producers[i].ok);
      g_assert_cmpint (x.next[i], ==, N_VALUES);
      g_assert_nonnull (x.producers[i].thread);
      g_assert_true (x.producers[i].thread != g_thread_self ());
    }
}

static void
test_cross_thread_rendezvous (void)
{
  cross_thread (RILL_CHANNEL_RENDEZVOUS);
}

static void
test_cross_thread_buffered (void)
{
  cross_thread (16);
}

/* Pool senders and pool receivers at once, with cancellations racing the
 * hand-offs: nothing is delivered twice and nothing crashes. */
typedef struct
{
  RillChannel *ch;
  gint         sent;
  gint         received;
} Race;

static void
race_sender (RillScope *scope,
             gpointer   user_data)
{
  Race *r = user_data;

  for (int i = 0; i < 2000; i++)
    if (rill_channel_send_int (r->ch, 1, NULL))
      g_atomic_int_inc (&r->sent);
    else
      return;
}

static void
race_receiver (RillScope *scope,
               gpointer   user_data)
{
  Race *r = user_data;
  int v;

  while (rill_channel_receive_int (r->ch, &v, NULL))
    g_atomic_int_add (&r->received, v);
}

static void
race_body (RillScope *scope,
           gpointer   user_data)
{
  Race *r = user_data;
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillScope) senders = rill_scope_new (rill_context_default ());
  g_autoptr(RillScope) receivers = rill_scope_new (rill_context_default ());
  RillJob *s[3], *q[3];

  r->ch = ch;
  for (int i = 0; i < 3; i++)
    {
      s[i] = rill_launch (senders, NULL, race_sender, r, NULL);
      q[i] = rill_launch (receivers, NULL, race_receiver, r, NULL);
    }
  rill_delay (5);
  /* Cancel one receiver's job while the others go on. */
  rill_job_cancel (q[0]);
  for (int i = 0; i < 3; i++)
    rill_job_join (s[i]);
  rill_channel_close (ch, NULL);
  for (int i = 0; i < 3; i++)
    {
      rill_job_join (q[i]);
      rill_job_unref (s[i]);
      rill_job_unref (q[i]);
    }
}

static void
test_cross_thread_race (void)
{
  for (int round = 0; round < 5; round++)
    {
      Race r = { NULL, 0, 0 };

      rill_run_blocking (NULL, race_body, &r);
      /* A receiver cancelled after a hand-off loses that element (prompt
       * cancellation): at most one per cancelled receiver. */
      g_assert_cmpint (r.received, <=, r.sent);
      g_assert_cmpint (r.received, >=, r.sent - 1);
    }
}

/* ------------------------------------------------------------------------ */
/* kotlinx's step-by-step sequences: expect (n) checks that step n comes
 * right after step n - 1. Everything runs on the test scope's thread. */

static int step;

static void
expect (int n)
{
  g_assert_cmpint (++step, ==, n);
}

static int
recv_int (RillChannel *ch)
{
  int v = -1;

  g_assert_true (rill_channel_receive_int (ch, &v, NULL));
  return v;
}

static gboolean
try_send_int (RillChannel *ch,
              int          value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, value);
  return rill_channel_try_send (ch, &v, NULL);
}

/* -1 when there is nothing. */
static int
try_recv_int (RillChannel *ch)
{
  g_auto(GValue) v = G_VALUE_INIT;

  if (!rill_channel_try_receive (ch, &v, NULL))
    return -1;
  return g_value_get_int (&v);
}

static void
seq_rendezvous_sender (RillScope *scope,
                       gpointer   user_data)
{
  expect (4);
  g_assert_true (rill_channel_send_int (user_data, 1, NULL));   /* suspends: first there */
  expect (7);
  g_assert_true (rill_channel_send_int (user_data, 2, NULL));   /* the receiver waits */
  expect (8);
}

static void
seq_rendezvous_receiver (RillScope *scope,
                         gpointer   user_data)
{
  expect (5);
  g_assert_cmpint (recv_int (user_data), ==, 1);   /* the sender waits */
  expect (6);
  g_assert_cmpint (recv_int (user_data), ==, 2);   /* suspends */
  expect (9);
}

static void
seq_rendezvous_body (RillScope *scope,
                     gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) sender = NULL;
  g_autoptr(RillJob) receiver = NULL;

  expect (1);
  sender = rill_launch (scope, NULL, seq_rendezvous_sender, ch, NULL);
  expect (2);
  receiver = rill_launch (scope, NULL, seq_rendezvous_receiver, ch, NULL);
  expect (3);
  g_assert_true (rill_job_join (sender));
  g_assert_true (rill_job_join (receiver));
  expect (10);
}

static void
seq_buffered_sender (RillScope *scope,
                     gpointer   user_data)
{
  expect (4);
  g_assert_true (rill_channel_send_int (user_data, 1, NULL));   /* buffered */
  g_assert_false (rill_channel_is_empty (user_data));
  expect (5);
  g_assert_true (rill_channel_send_int (user_data, 2, NULL));   /* suspends: full */
  expect (9);
}

static void
seq_buffered_receiver (RillScope *scope,
                       gpointer   user_data)
{
  expect (6);
  g_assert_cmpint (recv_int (user_data), ==, 1);   /* from the buffer */
  /* The waiting sender's element took its place. */
  g_assert_false (rill_channel_is_empty (user_data));
  expect (7);
  g_assert_cmpint (recv_int (user_data), ==, 2);
  expect (8);
}

static void
seq_buffered_body (RillScope *scope,
                   gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) sender = NULL;
  g_autoptr(RillJob) receiver = NULL;

  g_assert_true (rill_channel_is_empty (ch));
  expect (1);
  sender = rill_launch (scope, NULL, seq_buffered_sender, ch, NULL);
  expect (2);
  receiver = rill_launch (scope, NULL, seq_buffered_receiver, ch, NULL);
  expect (3);
  g_assert_true (rill_job_join (sender));
  g_assert_true (rill_job_join (receiver));
  g_assert_true (rill_channel_is_empty (ch));
  expect (10);
}

static void
seq_try_child (RillScope *scope,
               gpointer   user_data)
{
  expect (3);
  g_assert_cmpint (try_recv_int (user_data), ==, 1);
  expect (4);
  g_assert_cmpint (try_recv_int (user_data), ==, -1);
  expect (5);
  g_assert_cmpint (recv_int (user_data), ==, 2);   /* suspends */
  expect (9);
  g_assert_cmpint (try_recv_int (user_data), ==, 3);
  expect (10);
  g_assert_cmpint (try_recv_int (user_data), ==, -1);
  expect (11);
}

static void
seq_try_body (RillScope *scope,
              gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) child = NULL;

  g_assert_true (try_send_int (ch, 1));
  expect (1);
  child = rill_launch (scope, NULL, seq_try_child, ch, NULL);
  expect (2);
  rill_yield ();
  expect (6);
  g_assert_true (try_send_int (ch, 2));    /* to the waiting receiver */
  expect (7);
  g_assert_true (try_send_int (ch, 3));    /* buffered */
  expect (8);
  g_assert_false (try_send_int (ch, 4));   /* full */
  rill_yield ();
  expect (12);
}

static void
seq_closed_sender (RillScope *scope,
                   gpointer   user_data)
{
  expect (4);
  /* Suspends; the close does not abort it. */
  g_assert_true (rill_channel_send_int (user_data, 42, NULL));
  expect (11);
}

static void
seq_closer (RillScope *scope,
            gpointer   user_data)
{
  expect (5);
  g_assert_true (rill_channel_close (user_data, NULL));
  expect (6);
}

static void
seq_closed_body (RillScope *scope,
                 gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS,
                                                RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) sender = NULL;
  g_autoptr(RillJob) closer = NULL;
  g_autoptr(GError) error = NULL;
  int v;

  expect (1);
  sender = rill_launch (scope, NULL, seq_closed_sender, ch, NULL);
  expect (2);
  closer = rill_launch (scope, NULL, seq_closer, ch, NULL);
  expect (3);
  rill_yield ();   /* to the sender, then the closer */
  expect (7);
  rill_yield ();   /* the sender is not resumed by the close */
  expect (8);
  g_assert_cmpint (recv_int (ch), ==, 42);
  expect (9);
  g_assert_false (rill_channel_receive_int (ch, &v, &error));
  g_assert_no_error (error);
  expect (10);
  rill_yield ();   /* the sender was resumed by the receive */
  expect (12);
}

static void
seq_waiting_sender (RillScope *scope,
                    gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  expect (GPOINTER_TO_INT (g_object_get_data (user_data, "next")));
  g_object_set_data (user_data, "next",
                     GINT_TO_POINTER (GPOINTER_TO_INT (g_object_get_data (user_data, "next")) + 1));
  g_assert_false (rill_channel_send_int (user_data, 0, &error));   /* suspends, then cancelled */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  log_line ("sender cancelled");
}

static void
seq_consume_all_body (RillScope *scope,
                      gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 5, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(GError) error = NULL;
  RillJob *senders[5];
  int v;

  for (int i = 1; i <= 10; i++)
    if (i <= 5)
      {
        expect (i);
        g_assert_true (rill_channel_send_int (ch, i, NULL));   /* buffered */
      }
    else
      {
        g_object_set_data (G_OBJECT (ch), "next", GINT_TO_POINTER (i));
        senders[i - 6] = rill_launch_full (scope, NULL, RILL_COROUTINE_START_UNDISPATCHED,
                                           seq_waiting_sender, ch, NULL);
      }
  expect (11);
  rill_channel_cancel (ch);
  g_assert_true (rill_channel_is_closed_for_send (ch));
  g_assert_true (rill_channel_is_closed_for_receive (ch));
  g_assert_false (rill_channel_receive_int (ch, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  expect (12);
  for (int i = 0; i < 5; i++)
    {
      g_assert_true (rill_job_join (senders[i]));
      rill_job_unref (senders[i]);
    }
}

static void
seq_closed_buffered_child (RillScope *scope,
                           gpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  int v;

  expect (5);
  g_assert_true (!rill_channel_is_empty (user_data) && rill_channel_is_closed_for_send (user_data)
                 && !rill_channel_is_closed_for_receive (user_data));
  g_assert_cmpint (recv_int (user_data), ==, 42);
  expect (6);
  g_assert_true (rill_channel_is_closed_for_receive (user_data));
  g_assert_false (rill_channel_receive_int (user_data, &v, &error));
  g_assert_no_error (error);
  expect (7);
}

static void
seq_closed_buffered_body (RillScope *scope,
                          gpointer   user_data)
{
  g_autoptr(RillChannel) ch = rill_channel_new (G_TYPE_INT, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(RillJob) child = NULL;

  g_assert_true (rill_channel_is_empty (ch) && !rill_channel_is_closed_for_send (ch)
                 && !rill_channel_is_closed_for_receive (ch));
  expect (1);
  child = rill_launch (scope, NULL, seq_closed_buffered_child, ch, NULL);
  expect (2);
  g_assert_true (rill_channel_send_int (ch, 42, NULL));   /* buffered */
  expect (3);
  g_assert_true (rill_channel_close (ch, NULL));
  expect (4);
  g_assert_true (!rill_channel_is_empty (ch) && rill_channel_is_closed_for_send (ch)
                 && !rill_channel_is_closed_for_receive (ch));
  rill_yield ();
  g_assert_true (rill_channel_is_closed_for_receive (ch));
  expect (8);
}

static void
run_sequence (gconstpointer data)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();

  step = 0;
  log_reset ();
  rill_test_scope_run (ts, (RillBlock) data, NULL);
  g_assert_cmpint (step, >, 0);
}

static void
test_seq_consume_all (void)
{
  run_sequence (seq_consume_all_body);
  g_assert_cmpint (step, ==, 12);
  {
    const char *expected[] = { "sender cancelled", "sender cancelled", "sender cancelled",
                               "sender cancelled", "sender cancelled", NULL };

    assert_log (expected);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/channel/rendezvous-handoff", test_rendezvous_handoff);
  g_test_add_func ("/channel/buffered-fill-and-suspend", test_buffered_fill_and_suspend);
  g_test_add_func ("/channel/buffered-default-capacity", test_buffered_default_capacity);
  g_test_add_func ("/channel/conflated-keeps-latest", test_conflated_keeps_latest);
  g_test_add_func ("/channel/unlimited-never-suspends", test_unlimited_never_suspends);
  g_test_add_func ("/channel/overflow/policies", test_overflow_policies);
  g_test_add_func ("/channel/overflow/send-never-suspends", test_overflow_suspending_send);
  g_test_add_func ("/channel/overflow/conflated-refused", test_conflated_with_policy_refused);
  g_test_add_func ("/channel/try-send-receive", test_try_send_receive);
  g_test_add_func ("/channel/typed", test_strings);
  g_test_add_func ("/channel/close/drain-then-end", test_close_drain_end);
  g_test_add_func ("/channel/close/keeps-waiting-senders", test_close_keeps_waiting_senders);
  g_test_add_func ("/channel/close/with-error", test_close_with_error);
  g_test_add_func ("/channel/cancel/wakes-waiters", test_cancel_wakes_waiters);
  g_test_add_func ("/channel/cancel/drops-elements", test_cancel_drops_elements);
  g_test_add_func ("/channel/cancelled/sender-while-suspended", test_sender_cancelled_while_suspended);
  g_test_add_func ("/channel/cancelled/receiver-while-suspended", test_receiver_cancelled_while_suspended);
  g_test_add_func ("/channel/cancelled/receiver-after-handoff", test_receiver_cancelled_after_handoff);
  g_test_add_func ("/channel/cancelled/caller", test_cancelled_caller);
  g_test_add_func ("/channel/fifo-fairness", test_fifo_fairness);
  g_test_add_func ("/channel/wrong-type", test_wrong_type);
  g_test_add_func ("/channel/wrong-type-send", test_wrong_type_send);
  g_test_add_func ("/channel/object-values", test_object_values);
  g_test_add_func ("/channel/produce/values", test_produce_values);
  g_test_add_func ("/channel/produce/error", test_produce_error);
  g_test_add_func ("/channel/produce/consumer-cancels", test_produce_consumer_cancels);
  g_test_add_func ("/channel/produce/scope-cancelled", test_produce_scope_cancelled);
  g_test_add_func ("/channel/threads/rendezvous", test_cross_thread_rendezvous);
  g_test_add_func ("/channel/threads/buffered", test_cross_thread_buffered);
  g_test_add_func ("/channel/threads/race", test_cross_thread_race);
  g_test_add_data_func ("/channel/sequence/rendezvous", seq_rendezvous_body, run_sequence);
  g_test_add_data_func ("/channel/sequence/buffered", seq_buffered_body, run_sequence);
  g_test_add_data_func ("/channel/sequence/try", seq_try_body, run_sequence);
  g_test_add_data_func ("/channel/sequence/send-survives-close", seq_closed_body, run_sequence);
  g_test_add_data_func ("/channel/sequence/closed-buffered", seq_closed_buffered_body, run_sequence);
  g_test_add_func ("/channel/sequence/cancel-consumes-all", test_seq_consume_all);

  return g_test_run ();
}
