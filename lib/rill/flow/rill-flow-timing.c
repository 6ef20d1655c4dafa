/* rill-flow-timing.c: debounce and sample
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-coroutine.h"
#include "rill-flow-channel-private.h"
#include "rill-flow-timing.h"
#include "rill-job.h"

typedef struct
{
  RillFlow *upstream;
  guint64   msec;
} Timing;

static void
timing_free (gpointer data)
{
  Timing *t = data;

  g_object_unref (t->upstream);
  g_free (t);
}

static RillFlow *
timing_new (RillFlow         *upstream,
            guint64           msec,
            RillFlowProducer  producer)
{
  Timing *t = g_new0 (Timing, 1);

  t->upstream = g_object_ref (upstream);
  t->msec = msec;
  return rill_flow_new (rill_flow_get_value_type (upstream), producer, t, timing_free);
}

/* The latest value not passed on yet. The timer coroutines may run on
 * another thread than the upstream's when the collector's dispatcher is a
 * pool, hence the lock. */
typedef struct
{
  gint         ref_count;   /* atomic */
  Timing      *t;
  RillScope   *scope;
  RillChannel *channel;
  GMutex       lock;
  GValue       pending;
  gboolean     has_pending;
  guint64      generation;
  RillJob     *timer;
  gboolean     timer_took;
} Latest;

/* Shared with the timers, which may wake after the upstream is done. */
static Latest *
latest_new (Timing      *t,
            RillScope   *scope,
            RillChannel *channel)
{
  Latest *l = g_new0 (Latest, 1);

  l->ref_count = 1;
  l->t = t;
  l->scope = scope;
  l->channel = channel;
  g_mutex_init (&l->lock);
  g_value_init (&l->pending, rill_flow_get_value_type (t->upstream));
  return l;
}

static Latest *
latest_ref (Latest *l)
{
  g_atomic_int_inc (&l->ref_count);
  return l;
}

static void
latest_unref (gpointer data)
{
  Latest *l = data;

  if (!g_atomic_int_dec_and_test (&l->ref_count))
    return;
  g_clear_pointer (&l->timer, rill_job_unref);
  g_value_unset (&l->pending);
  g_mutex_clear (&l->lock);
  g_free (l);
}

/* Moves the pending value to @out, if there is one (for @generation when
 * it is not 0). */
static gboolean
latest_take (Latest  *l,
             guint64  generation,
             GValue  *out)
{
  gboolean took = FALSE;

  g_mutex_lock (&l->lock);
  if (l->has_pending && (generation == 0 || generation == l->generation))
    {
      g_value_init (out, G_VALUE_TYPE (&l->pending));
      g_value_copy (&l->pending, out);
      g_value_reset (&l->pending);
      l->has_pending = FALSE;
      if (generation != 0)
        l->timer_took = TRUE;
      took = TRUE;
    }
  g_mutex_unlock (&l->lock);
  return took;
}

static gboolean
send_taken (RillChannel  *channel,
            GValue       *value,
            GError      **error)
{
  gboolean ok = rill_channel_send (channel, value, error);

  g_value_unset (value);
  return ok;
}

/* ------------------------------------------------------------- debounce */

typedef struct
{
  Latest  *l;
  guint64  msec;
  guint64  generation;
} Timer;

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  latest_unref (timer->l);
  g_free (timer);
}

static gboolean
timer_fill (RillScope    *scope,
            RillChannel  *channel,
            gpointer      data,
            GError      **error)
{
  Timer *timer = data;
  GValue value = G_VALUE_INIT;

  if (!rill_delay (timer->msec))
    return TRUE;
  if (!latest_take (timer->l, timer->generation, &value))
    return TRUE;
  return send_taken (channel, &value, error);
}

static gboolean
debounce_collect (const GValue  *value,
                  gpointer       user_data,
                  GError       **error)
{
  Latest *l = user_data;
  g_autoptr(RillJob) previous = NULL;
  gboolean previous_took;
  Timer *timer;
  guint64 generation;

  if (l->t->msec == 0)
    return rill_channel_send (l->channel, value, error);

  g_mutex_lock (&l->lock);
  generation = ++l->generation;
  g_value_copy (value, &l->pending);
  l->has_pending = TRUE;
  previous = g_steal_pointer (&l->timer);
  previous_took = l->timer_took;
  l->timer_took = FALSE;
  g_mutex_unlock (&l->lock);

  /* A timer that took its value is sending it: it must not lose it. */
  if (previous != NULL && !previous_took)
    rill_job_cancel (previous);
  g_clear_pointer (&previous, rill_job_unref);

  timer = g_new0 (Timer, 1);
  timer->l = latest_ref (l);
  timer->msec = l->t->msec;
  timer->generation = generation;
  /* Only this coroutine replaces the timer: no one else can see it yet. */
  previous = rill_flow_launch_fill (l->scope, NULL, RILL_COROUTINE_START_DEFAULT, timer_fill,
                                    l->channel, timer, timer_free);
  g_mutex_lock (&l->lock);
  l->timer = g_steal_pointer (&previous);
  g_mutex_unlock (&l->lock);
  return TRUE;
}

static gboolean
debounce_fill (RillScope    *scope,
               RillChannel  *channel,
               gpointer      data,
               GError      **error)
{
  Latest *l = latest_new (data, scope, channel);
  g_autoptr(RillJob) timer = NULL;
  GValue last = G_VALUE_INIT;
  gboolean took;
  gboolean ok;

  ok = rill_flow_collect (l->t->upstream, debounce_collect, l, error);
  g_mutex_lock (&l->lock);
  timer = g_steal_pointer (&l->timer);
  took = l->timer_took;
  l->generation++;
  g_mutex_unlock (&l->lock);
  if (timer != NULL && !took)
    rill_job_cancel (timer);
  /* The last value goes out at once when the upstream completes. */
  if (ok && latest_take (l, 0, &last))
    ok = send_taken (channel, &last, error);
  latest_unref (l);
  return ok;
}

static gboolean
debounce_produce (RillFlowEmitter  *down,
                  gpointer          user_data,
                  GError          **error)
{
  return rill_flow_channel_collect (down, NULL, RILL_CHANNEL_RENDEZVOUS,
                                    RILL_BUFFER_OVERFLOW_SUSPEND, debounce_fill,
                                    user_data, error);
}

/**
 * rill_flow_debounce:
 * @self: a flow
 * @timeout_ms: how long a value must stay the latest to be passed on, in
 *   milliseconds
 *
 * A flow of the values of @self that were not followed by another one
 * within @timeout_ms, kotlinx's `debounce`: each value is held back, and
 * passed on once @timeout_ms passed without a newer one; a newer one
 * replaces it. The latest value is always passed on: when @self
 * completes, the one held back goes out at once. With a timeout of 0 every
 * value passes.
 *
 * The time is the collecting coroutine's dispatcher's: a test scope's
 * virtual clock drives it.
 *
 * Returns: (transfer full): the debounced flow
 */
RillFlow *
rill_flow_debounce (RillFlow *self,
                    guint64   timeout_ms)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);

  return timing_new (self, timeout_ms, debounce_produce);
}

/* --------------------------------------------------------------- sample */

typedef struct
{
  Latest  *l;
  guint64  msec;
} Ticker;

static void
ticker_free (gpointer data)
{
  Ticker *ticker = data;

  latest_unref (ticker->l);
  g_free (ticker);
}

static gboolean
ticker_fill (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  Ticker *ticker = data;

  for (;;)
    {
      GValue value = G_VALUE_INIT;

      if (!rill_delay (ticker->msec))
        return TRUE;
      if (latest_take (ticker->l, 0, &value) && !send_taken (channel, &value, error))
        return FALSE;
    }
}

static gboolean
sample_collect (const GValue  *value,
                gpointer       user_data,
                GError       **error)
{
  Latest *l = user_data;

  g_mutex_lock (&l->lock);
  g_value_copy (value, &l->pending);
  l->has_pending = TRUE;
  g_mutex_unlock (&l->lock);
  return TRUE;
}

static gboolean
sample_fill (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  Latest *l = latest_new (data, scope, channel);
  Ticker *ticker = g_new0 (Ticker, 1);
  g_autoptr(RillJob) job = NULL;
  gboolean ok;

  ticker->l = latest_ref (l);
  ticker->msec = l->t->msec;
  job = rill_flow_launch_fill (scope, NULL, RILL_COROUTINE_START_DEFAULT, ticker_fill,
                               channel, ticker, ticker_free);
  ok = rill_flow_collect (l->t->upstream, sample_collect, l, error);
  /* The end of the upstream is the end: a value not sampled yet is
   * dropped, as kotlinx's. */
  rill_job_cancel (job);
  latest_unref (l);
  return ok;
}

static gboolean
sample_produce (RillFlowEmitter  *down,
                gpointer          user_data,
                GError          **error)
{
  return rill_flow_channel_collect (down, NULL, RILL_CHANNEL_RENDEZVOUS,
                                    RILL_BUFFER_OVERFLOW_SUSPEND, sample_fill,
                                    user_data, error);
}

/**
 * rill_flow_sample:
 * @self: a flow
 * @period_ms: the sampling period in milliseconds, more than 0
 *
 * A flow of the latest value of @self at every @period_ms, kotlinx's
 * `sample`: a tick that finds no new value since the previous one passes
 * nothing on. The flow completes when @self does; a value emitted after
 * the last tick is dropped.
 *
 * The time is the collecting coroutine's dispatcher's: a test scope's
 * virtual clock drives it.
 *
 * Returns: (transfer full): the sampled flow
 */
RillFlow *
rill_flow_sample (RillFlow *self,
                  guint64   period_ms)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (period_ms > 0, NULL);

  return timing_new (self, period_ms, sample_produce);
}
