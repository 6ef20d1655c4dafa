/* test-flow-channels.c: channel_flow, callback_flow, buffer, conflate,
 * flow_on
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exact sequences on virtual time, as kotlinx's ChannelFlowTest,
 * CallbackFlowTest, BufferTest, ConflateTest and FlowOnTest check them,
 * with the cancellation and failure paths.
 */

#include <gio/gio.h>
#include <rill.h>
#ifdef __linux__
# include <pthread.h>
#endif

#include "test-log.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

static RillTestScope *current_ts;

static guint64
now (void)
{
  return current_ts != NULL ? rill_test_scope_get_current_time (current_ts) : 0;
}

/* Logs "got X @t"; delays @delay after each value; fails with TEST_ERROR 3
 * on fail_on. */
typedef struct
{
  guint64 delay;
  int     fail_on;
} Sink;

static gboolean
sink_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  Sink *sink = user_data;
  int v = g_value_get_int (value);

  log_line ("got %d @%" G_GUINT64_FORMAT, v, now ());
  if (sink != NULL && sink->fail_on != 0 && v == sink->fail_on)
    {
      g_set_error (error, TEST_ERROR, 3, "downstream failed");
      return FALSE;
    }
  if (sink != NULL && sink->delay > 0 && !rill_delay (sink->delay))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
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

/* Collects @flow (taken) on a test scope until idle. */
static gboolean
collect_on_test_scope (RillFlow  *flow,
                       Sink      *sink,
                       GError   **error)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();
  g_autoptr(RillJob) job = NULL;
  Collect c = { flow, sink, FALSE, NULL };

  current_ts = ts;
  job = rill_launch (rill_test_scope_get_scope (ts), NULL, collect_body, &c, NULL);
  rill_test_scope_advance_until_idle (ts);
  g_assert_true (rill_job_is_completed (job));
  current_ts = NULL;
  g_object_unref (flow);
  if (c.error != NULL)
    g_propagate_error (error, c.error);
  return c.ok;
}

/* Emits 1..n, @delay apart (first one at once), logging each emission and
 * how it ended. */
typedef struct
{
  int     n;
  guint64 delay;
  int     fail_after;
} Source;

static gboolean
source_produce (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Source *s = user_data;

  for (int i = 1; s->n == 0 || i <= s->n; i++)
    {
      if (i > 1 && s->delay > 0 && !rill_delay (s->delay))
        {
          log_line ("source cancelled @%" G_GUINT64_FORMAT, now ());
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return FALSE;
        }
      if (s->fail_after > 0 && i > s->fail_after)
        {
          log_line ("source fails @%" G_GUINT64_FORMAT, now ());
          g_set_error (error, TEST_ERROR, 7, "upstream failed");
          return FALSE;
        }
      log_line ("emit %d @%" G_GUINT64_FORMAT, i, now ());
      if (!rill_flow_emitter_emit_int (emitter, i, error))
        {
          log_line ("emit %d refused", i);
          return FALSE;
        }
    }
  log_line ("source done @%" G_GUINT64_FORMAT, now ());
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* channel_flow                                                             */

typedef struct
{
  RillFlowProducerScope *producer;
  int                    first;
  guint64                delay;
  gboolean               fail;
} Sender;

static void
sender_body (RillScope *scope,
             gpointer   user_data)
{
  Sender *s = user_data;

  if (!rill_delay (s->delay))
    {
      log_line ("sender %d cancelled @%" G_GUINT64_FORMAT, s->first, now ());
      return;
    }
  if (s->fail)
    {
      g_autoptr(GError) error = g_error_new (TEST_ERROR, 9, "sender failed");

      log_line ("sender %d fails @%" G_GUINT64_FORMAT, s->first, now ());
      rill_job_complete_exceptionally (rill_get_job (), error);
      return;
    }
  for (int i = s->first; i < s->first + 2; i++)
    if (!rill_flow_producer_scope_send_int (s->producer, i, NULL))
      {
        log_line ("sender %d refused", s->first);
        return;
      }
  log_line ("sender %d done @%" G_GUINT64_FORMAT, s->first, now ());
}

typedef struct
{
  gboolean fail_second;
  guint64  second_delay;
} Block;

static gboolean
block_channel (RillFlowProducerScope  *producer,
               gpointer                user_data,
               GError                **error)
{
  Block *b = user_data;
  Sender *a = g_new0 (Sender, 1);
  Sender *c = g_new0 (Sender, 1);
  g_autoptr(RillJob) ja = NULL;
  g_autoptr(RillJob) jc = NULL;

  log_line ("block @%" G_GUINT64_FORMAT, now ());
  if (!rill_flow_producer_scope_send_int (producer, 1, error))
    return FALSE;
  a->producer = producer;
  a->first = 10;
  a->delay = 100;
  a->fail = FALSE;
  c->producer = producer;
  c->first = 20;
  c->delay = b->second_delay;
  c->fail = b->fail_second;
  /* The producer scope lives until every child is over. */
  ja = rill_launch (rill_flow_producer_scope_get_scope (producer), NULL, sender_body, a, g_free);
  jc = rill_launch (rill_flow_producer_scope_get_scope (producer), NULL, sender_body, c, g_free);
  log_line ("block returns");
  return TRUE;
}

static void
test_channel_flow_children (void)
{
  Block b = { FALSE, 50 };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "block @0", "block returns", "got 1 @0",
    "sender 20 done @50", "got 20 @50", "got 21 @50",
    "sender 10 done @100", "got 10 @100", "got 11 @100",
    "completed @100", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_channel_flow (G_TYPE_INT, block_channel, &b, NULL),
                                        NULL, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* A failing child fails the collection and cancels its sibling. */
static void
test_channel_flow_child_fails (void)
{
  Block b = { TRUE, 50 };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "block @0", "block returns", "got 1 @0",
    "sender 20 fails @50", "sender 10 cancelled @50", "failed @50", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_channel_flow (G_TYPE_INT, block_channel, &b, NULL),
                                         NULL, &error));
  g_assert_error (error, TEST_ERROR, 9);
  assert_log (expected);
}

/* A failing collector cancels every producing coroutine. */
static void
test_channel_flow_collector_fails (void)
{
  Block b = { FALSE, 50 };
  Sink sink = { 0, 20 };
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_channel_flow (G_TYPE_INT, block_channel, &b, NULL),
                                         &sink, &error));
  g_assert_error (error, TEST_ERROR, 3);
  /* Sender 20 was in its send of 21 or done: either way no value after. */
  g_assert_false (log_contains ("got 21 @50"));
  g_assert_true (log_contains ("sender 10 cancelled @50"));
}

/* ------------------------------------------------------------------------ */
/* callback_flow                                                            */

typedef struct
{
  RillFlowProducerScope *producer;
  int                    n;
  gboolean               close;
} Api;

static void
api_body (RillScope *scope,
          gpointer   user_data)
{
  Api *api = user_data;

  /* A callback-based API delivering from outside the producer. */
  for (int i = 1; i <= api->n; i++)
    {
      GValue v = G_VALUE_INIT;

      if (!rill_delay (10))
        return;
      g_value_init (&v, G_TYPE_INT);
      g_value_set_int (&v, i);
      g_assert_true (rill_flow_producer_scope_try_send (api->producer, &v, NULL));
    }
  if (api->close)
    rill_flow_producer_scope_close (api->producer, NULL);
}

static void
unregister (gpointer user_data)
{
  log_line ("unregistered @%" G_GUINT64_FORMAT, now ());
}

typedef struct
{
  int      n;
  gboolean close;
  gboolean await;
} Callback;

static gboolean
block_callback (RillFlowProducerScope  *producer,
                gpointer                user_data,
                GError                **error)
{
  Callback *cb = user_data;
  Api *api = g_new0 (Api, 1);
  g_autoptr(RillJob) job = NULL;

  api->producer = producer;
  api->n = cb->n;
  api->close = cb->close;
  log_line ("registered");
  job = rill_launch (rill_flow_producer_scope_get_scope (producer), NULL, api_body, api, g_free);
  if (!cb->await)
    return TRUE;
  return rill_flow_producer_scope_await_close (producer, unregister, NULL, error);
}

static void
test_callback_flow_close (void)
{
  Callback cb = { 3, TRUE, TRUE };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "registered", "got 1 @10", "got 2 @20", "got 3 @30", "unregistered @30",
    "completed @30", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_callback_flow (G_TYPE_INT, block_callback, &cb, NULL),
                                        NULL, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* The collector stops: await_close returns and unregisters. */
static void
test_callback_flow_cancelled (void)
{
  Callback cb = { 5, FALSE, TRUE };
  Sink sink = { 0, 2 };
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "registered", "got 1 @10", "got 2 @20", "unregistered @20", "failed @20", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_callback_flow (G_TYPE_INT, block_callback, &cb, NULL),
                                         &sink, &error));
  g_assert_error (error, TEST_ERROR, 3);
  assert_log (expected);
}

/* A block that returns without await_close fails the collection. */
static void
test_callback_flow_no_await (void)
{
  Callback cb = { 1, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "registered", "failed @0", NULL };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_callback_flow (G_TYPE_INT, block_callback, &cb, NULL),
                                         NULL, &error));
  g_assert_error (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* buffer and conflate                                                      */

/* Without a buffer the producer waits for the collector at every value;
 * with buffer (1) it runs ahead: the collector's 100 ms per value are the
 * only time spent. */
static void
test_buffer_runs_ahead (void)
{
  Source s = { 4, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "got 1 @0", "got 2 @100", "emit 4 @100",
    "got 3 @200", "source done @200", "got 4 @300", "completed @400", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (source, 1, RILL_BUFFER_OVERFLOW_SUSPEND),
                                        &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

static void
run_overflow (RillBufferOverflow  overflow,
              const char * const *expected)
{
  Source s = { 5, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (source, 2, overflow), &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

static void
test_buffer_drop_oldest (void)
{
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "emit 4 @0", "emit 5 @0", "source done @0",
    "got 1 @0", "got 4 @100", "got 5 @200", "completed @300", NULL
  };

  run_overflow (RILL_BUFFER_OVERFLOW_DROP_OLDEST, expected);
}

static void
test_buffer_drop_latest (void)
{
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "emit 4 @0", "emit 5 @0", "source done @0",
    "got 1 @0", "got 2 @100", "got 3 @200", "completed @300", NULL
  };

  run_overflow (RILL_BUFFER_OVERFLOW_DROP_LATEST, expected);
}

/* kotlinx's ConflateTest: a value every 10 ms, a collector that takes
 * 25 ms: it sees the latest value each time it is ready. */
static void
test_conflate (void)
{
  Source s = { 7, 10, 0 };
  Sink sink = { 25, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_conflate (source), &sink, &error));
  g_assert_no_error (error);
  g_assert_true (log_contains ("got 1 @0"));
  g_assert_true (log_contains ("got 3 @25"));
  g_assert_true (log_contains ("got 5 @50"));
  g_assert_true (log_contains ("got 7 @75"));
  g_assert_false (log_contains ("got 2 @25"));
  g_assert_false (log_contains ("got 6 @75"));
  g_assert_true (log_contains ("completed @100"));
}

/* The collector failing cancels the buffering producer. */
static void
test_buffer_collector_fails (void)
{
  Source s = { 0, 10, 0 };
  Sink sink = { 0, 3 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "got 1 @0", "emit 2 @10", "got 2 @10", "emit 3 @20", "got 3 @20",
    "source cancelled @20", "failed @20", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_buffer (source, RILL_CHANNEL_BUFFERED,
                                                           RILL_BUFFER_OVERFLOW_SUSPEND),
                                         &sink, &error));
  g_assert_error (error, TEST_ERROR, 3);
  assert_log (expected);
}

/* An upstream failure reaches the collector through the buffer. */
static void
test_buffer_upstream_fails (void)
{
  Source s = { 0, 10, 2 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "got 1 @0", "emit 2 @10", "got 2 @10", "source fails @20", "failed @20", NULL
  };

  log_reset ();
  g_assert_false (collect_on_test_scope (rill_flow_buffer (source, 4, RILL_BUFFER_OVERFLOW_SUSPEND),
                                         NULL, &error));
  g_assert_error (error, TEST_ERROR, 7);
  assert_log (expected);
}

/* ------------------------------------------------------------------------ */
/* flow_on                                                                  */

static char *
thread_name (void)
{
#ifdef __linux__
  char name[32] = "";

  pthread_getname_np (pthread_self (), name, sizeof name);
  return g_strdup (name);
#else
  return g_strdup ("");
#endif
}

typedef struct
{
  GThread *upstream_thread;
  GThread *collector_thread;
  char    *upstream_name;
  gboolean upstream_same;
  gboolean collector_same;
  int      sum;
} Threads;

static gboolean
threads_produce (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  Threads *t = user_data;

  t->upstream_thread = g_thread_self ();
  t->upstream_name = thread_name ();
  for (int i = 1; i <= 50; i++)
    {
      t->upstream_same &= g_thread_self () == t->upstream_thread;
      if (!rill_flow_emitter_emit_int (emitter, i, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
threads_collect (const GValue  *value,
                 gpointer       user_data,
                 GError       **error)
{
  Threads *t = user_data;

  t->collector_same &= g_thread_self () == t->collector_thread;
  t->sum += g_value_get_int (value);
  return TRUE;
}

typedef struct
{
  RillFlow *flow;
  Threads  *t;
  gboolean  ok;
} ThreadsRun;

static void
threads_body (RillScope *scope,
              gpointer   user_data)
{
  ThreadsRun *r = user_data;

  r->t->collector_thread = g_thread_self ();
  r->ok = rill_flow_collect (r->flow, threads_collect, r->t, NULL);
}

static void
test_flow_on_thread (void)
{
  g_autoptr(RillDispatcher) dispatcher = rill_dispatcher_new_single_thread ("rill-flowon");
  g_autoptr(RillContext) context = rill_context_new (dispatcher, "upstream");
  Threads t = { NULL, NULL, NULL, TRUE, TRUE, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, threads_produce, &t, NULL);
  g_autoptr(RillFlow) flow = rill_flow_flow_on (source, context);
  ThreadsRun r = { flow, &t, FALSE };

  rill_run_blocking (NULL, threads_body, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (t.sum, ==, 50 * 51 / 2);
  g_assert_true (t.upstream_same);
  g_assert_true (t.collector_same);
  g_assert_true (t.collector_thread == g_thread_self ());
  g_assert_true (t.upstream_thread != t.collector_thread);
#ifdef __linux__
  g_assert_cmpstr (t.upstream_name, ==, "rill-flowon");
#endif
  g_free (t.upstream_name);
  rill_dispatcher_close (dispatcher);
}

static void
test_flow_on_job_refused (void)
{
  g_autoptr(RillJob) job = rill_job_new (NULL);
  g_autoptr(RillContext) context = rill_context_new_for_job (job);
  g_autoptr(RillFlow) source = rill_flow_empty (G_TYPE_INT);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*must not contain a job*");
  g_assert_null (rill_flow_flow_on (source, context));
  g_test_assert_expected_messages ();
  rill_job_cancel (job);
}

/* The collector stopping cancels the upstream on the other thread, and
 * the collection returns only once that coroutine is over. */
static gboolean
endless_produce (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  for (int i = 1;; i++)
    if (!rill_flow_emitter_emit_int (emitter, i, error))
      {
        log_line ("upstream ended");
        return FALSE;
      }
}

typedef struct
{
  RillFlow *flow;
  gboolean  ok;
  GError   *error;
} StopRun;

static void
stop_body (RillScope *scope,
           gpointer   user_data)
{
  StopRun *r = user_data;
  Sink sink = { 0, 5 };

  r->ok = rill_flow_collect (r->flow, sink_collect, &sink, &r->error);
  log_line ("collect returned");
}

static void
test_flow_on_collector_stops (void)
{
  g_autoptr(RillDispatcher) dispatcher = rill_dispatcher_new_single_thread ("rill-flowon");
  g_autoptr(RillContext) context = rill_context_new (dispatcher, "upstream");
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, endless_produce, NULL, NULL);
  g_autoptr(RillFlow) flow = rill_flow_flow_on (source, context);
  StopRun r = { flow, FALSE, NULL };
  const char *expected[] = {
    "got 1 @0", "got 2 @0", "got 3 @0", "got 4 @0", "got 5 @0", "upstream ended",
    "collect returned", NULL
  };

  log_reset ();
  rill_run_blocking (NULL, stop_body, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, TEST_ERROR, 3);
  g_clear_error (&r.error);
  assert_log (expected);
  rill_dispatcher_close (dispatcher);
}

/* A rendezvous buffer: the producer is one value ahead at most. */
static void
test_buffer_rendezvous (void)
{
  Source s = { 3, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "got 1 @0", "got 2 @100", "emit 3 @100", "got 3 @200",
    "source done @200", "completed @300", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (source, RILL_CHANNEL_RENDEZVOUS,
                                                          RILL_BUFFER_OVERFLOW_SUSPEND),
                                        &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* An unlimited buffer: the producer never waits. */
static void
test_buffer_unlimited (void)
{
  Source s = { 3, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "source done @0", "got 1 @0", "got 2 @100",
    "got 3 @200", "completed @300", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (source, RILL_CHANNEL_UNLIMITED,
                                                          RILL_BUFFER_OVERFLOW_SUSPEND),
                                        &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

static void
test_buffer_preconditions (void)
{
  g_autoptr(RillFlow) source = rill_flow_empty (G_TYPE_INT);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*capacity >= RILL_CHANNEL_BUFFERED*");
  g_assert_null (rill_flow_buffer (source, -3, RILL_BUFFER_OVERFLOW_SUSPEND));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*RILL_CHANNEL_CONFLATED*");
  g_assert_null (rill_flow_buffer (source, RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_DROP_LATEST));
  g_test_assert_expected_messages ();
}

/* A callback flow fed from a thread that is no coroutine at all. */
typedef struct
{
  RillFlowProducerScope *producer;
} Feeder;

static gpointer
feeder_thread (gpointer data)
{
  RillFlowProducerScope *producer = data;

  for (int i = 1; i <= 100; i++)
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_INT);
      g_value_set_int (&v, i);
      /* Unlimited buffer: never refused while open. */
      g_assert_true (rill_flow_producer_scope_try_send (producer, &v, NULL));
    }
  rill_flow_producer_scope_close (producer, NULL);
  rill_flow_producer_scope_unref (producer);
  return NULL;
}

static gboolean
block_thread (RillFlowProducerScope  *producer,
              gpointer                user_data,
              GError                **error)
{
  GThread **thread = user_data;

  *thread = g_thread_new ("feeder", feeder_thread, rill_flow_producer_scope_ref (producer));
  return rill_flow_producer_scope_await_close (producer, unregister, NULL, error);
}

typedef struct
{
  RillFlow *flow;
  int       sum;
  int       count;
  gboolean  ok;
} SumRun;

static gboolean
sum_collect (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  SumRun *r = user_data;

  r->count++;
  g_assert_cmpint (g_value_get_int (value), ==, r->count);
  r->sum += g_value_get_int (value);
  return TRUE;
}

static void
sum_body (RillScope *scope,
          gpointer   user_data)
{
  SumRun *r = user_data;

  r->ok = rill_flow_collect (r->flow, sum_collect, r, NULL);
}

static void
test_callback_flow_thread (void)
{
  GThread *thread = NULL;
  g_autoptr(RillFlow) cb = rill_flow_callback_flow (G_TYPE_INT, block_thread, &thread, NULL);
  g_autoptr(RillFlow) flow = rill_flow_buffer (cb, RILL_CHANNEL_UNLIMITED, RILL_BUFFER_OVERFLOW_SUSPEND);
  SumRun r = { flow, 0, 0, FALSE };

  log_reset ();
  rill_run_blocking (NULL, sum_body, &r);
  g_thread_join (thread);
  g_assert_true (r.ok);
  g_assert_cmpint (r.count, ==, 100);
  g_assert_cmpint (r.sum, ==, 5050);
  g_assert_true (log_contains ("unregistered @0"));
}

/* buffer (1) then buffer (2) fuse into one buffer of 3: the producer is
 * exactly as far ahead as with buffer (3), where two stages would let it
 * run one value further. */
static void
test_buffer_fusion (void)
{
  Source s = { 6, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(RillFlow) one = rill_flow_buffer (source, 1, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "emit 4 @0", "emit 5 @0", "got 1 @0",
    "got 2 @100", "emit 6 @100", "got 3 @200", "source done @200", "got 4 @300",
    "got 5 @400", "got 6 @500", "completed @600", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (source, 3, RILL_BUFFER_OVERFLOW_SUSPEND),
                                        &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_buffer (one, 2, RILL_BUFFER_OVERFLOW_SUSPEND),
                                        &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* A conflate after a buffer replaces it. */
static void
test_conflate_fusion (void)
{
  Source s = { 5, 0, 0 };
  Sink sink = { 100, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, source_produce, &s, NULL);
  g_autoptr(RillFlow) buffered = rill_flow_buffer (source, 10, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "emit 1 @0", "emit 2 @0", "emit 3 @0", "emit 4 @0", "emit 5 @0", "source done @0",
    "got 1 @0", "got 5 @100", "completed @200", NULL
  };

  log_reset ();
  g_assert_true (collect_on_test_scope (rill_flow_conflate (buffered), &sink, &error));
  g_assert_no_error (error);
  assert_log (expected);
}

/* flow_on (A) then flow_on (B): the upstream stays on A, as in kotlinx. */
static void
test_flow_on_twice (void)
{
  g_autoptr(RillDispatcher) da = rill_dispatcher_new_single_thread ("rill-first");
  g_autoptr(RillDispatcher) db = rill_dispatcher_new_single_thread ("rill-second");
  g_autoptr(RillContext) ca = rill_context_new (da, "a");
  g_autoptr(RillContext) cb = rill_context_new (db, "b");
  Threads t = { NULL, NULL, NULL, TRUE, TRUE, 0 };
  g_autoptr(RillFlow) source = rill_flow_new (G_TYPE_INT, threads_produce, &t, NULL);
  g_autoptr(RillFlow) on_a = rill_flow_flow_on (source, ca);
  g_autoptr(RillFlow) flow = rill_flow_flow_on (on_a, cb);
  ThreadsRun r = { flow, &t, FALSE };

  rill_run_blocking (NULL, threads_body, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (t.sum, ==, 50 * 51 / 2);
  g_assert_true (t.upstream_same);
  g_assert_true (t.collector_thread == g_thread_self ());
#ifdef __linux__
  g_assert_cmpstr (t.upstream_name, ==, "rill-first");
#endif
  g_free (t.upstream_name);
  rill_dispatcher_close (da);
  rill_dispatcher_close (db);
}

/* A value of the wrong type is refused with a critical. */
static gboolean
block_wrong_type (RillFlowProducerScope  *producer,
                  gpointer                user_data,
                  GError                **error)
{
  GValue v = G_VALUE_INIT;
  gboolean ok;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, "not an int");
  ok = rill_flow_producer_scope_send (producer, &v, NULL);
  g_value_unset (&v);
  log_line ("wrong type %s", ok ? "sent" : "refused");
  return rill_flow_producer_scope_send_int (producer, 1, error);
}

static void
test_channel_flow_wrong_type (void)
{
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "wrong type refused", "got 1 @0", "completed @0", NULL };

  log_reset ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*gchararray*");
  g_assert_true (collect_on_test_scope (rill_flow_channel_flow (G_TYPE_INT, block_wrong_type, NULL, NULL),
                                        NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  assert_log (expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-channels/channel-flow/children", test_channel_flow_children);
  g_test_add_func ("/flow-channels/channel-flow/child-fails", test_channel_flow_child_fails);
  g_test_add_func ("/flow-channels/channel-flow/collector-fails", test_channel_flow_collector_fails);
  g_test_add_func ("/flow-channels/callback-flow/close", test_callback_flow_close);
  g_test_add_func ("/flow-channels/callback-flow/cancelled", test_callback_flow_cancelled);
  g_test_add_func ("/flow-channels/callback-flow/no-await", test_callback_flow_no_await);
  g_test_add_func ("/flow-channels/buffer/runs-ahead", test_buffer_runs_ahead);
  g_test_add_func ("/flow-channels/buffer/drop-oldest", test_buffer_drop_oldest);
  g_test_add_func ("/flow-channels/buffer/drop-latest", test_buffer_drop_latest);
  g_test_add_func ("/flow-channels/buffer/collector-fails", test_buffer_collector_fails);
  g_test_add_func ("/flow-channels/buffer/upstream-fails", test_buffer_upstream_fails);
  g_test_add_func ("/flow-channels/conflate/basic", test_conflate);
  g_test_add_func ("/flow-channels/flow-on/thread", test_flow_on_thread);
  g_test_add_func ("/flow-channels/flow-on/job-refused", test_flow_on_job_refused);
  g_test_add_func ("/flow-channels/flow-on/collector-stops", test_flow_on_collector_stops);
  g_test_add_func ("/flow-channels/buffer/rendezvous", test_buffer_rendezvous);
  g_test_add_func ("/flow-channels/buffer/unlimited", test_buffer_unlimited);
  g_test_add_func ("/flow-channels/buffer/preconditions", test_buffer_preconditions);
  g_test_add_func ("/flow-channels/callback-flow/thread", test_callback_flow_thread);
  g_test_add_func ("/flow-channels/buffer/fusion", test_buffer_fusion);
  g_test_add_func ("/flow-channels/channel-flow/wrong-type", test_channel_flow_wrong_type);
  g_test_add_func ("/flow-channels/conflate/fusion", test_conflate_fusion);
  g_test_add_func ("/flow-channels/flow-on/twice", test_flow_on_twice);

  return g_test_run ();
}
