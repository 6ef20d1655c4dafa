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
    if (!rill_flow_producer_send_int (s->producer, i, NULL))
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
  if (!rill_flow_producer_send_int (producer, 1, error))
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
  ja = rill_launch (rill_flow_producer_get_scope (producer), NULL, sender_body, a, g_free);
  jc = rill_launch (rill_flow_producer_get_scope (producer), NULL, sender_body, c, g_free);
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
      g_assert_true (rill_flow_producer_try_send (api->producer, &v, NULL));
    }
  if (api->close)
    rill_flow_producer_close (api->producer, NULL);
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
  job = rill_launch (rill_flow_producer_get_scope (producer), NULL, api_body, api, g_free);
  if (!cb->await)
    return TRUE;
  return rill_flow_producer_await_close (producer, unregister, NULL, error);
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
  g_test_add_func ("/flow-channels/conflate", test_conflate);
  g_test_add_func ("/flow-channels/flow-on/thread", test_flow_on_thread);
  g_test_add_func ("/flow-channels/flow-on/job-refused", test_flow_on_job_refused);

  return g_test_run ();
}
