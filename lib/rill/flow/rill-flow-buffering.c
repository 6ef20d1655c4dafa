/* rill-flow-buffering.c: buffer, conflate, flow_on
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-context.h"
#include "rill-flow-buffering.h"
#include "rill-flow-channel-private.h"

/* Each of them runs its upstream in a coroutine of its own that fills a
 * channel, and the collector drains the channel; applied to a channel flow
 * they change that flow's channel or context instead (kotlinx's fusion). */

static gboolean
buffer_fill (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  return rill_flow_send_all (RILL_FLOW (data), channel, error);
}

static RillFlow *
buffer_new (RillFlow           *upstream,
            RillContext        *context,
            int                 capacity,
            RillBufferOverflow  overflow)
{
  RillFlow *fused = rill_flow_channel_flow_fuse (upstream, context, capacity, overflow);

  if (fused != NULL)
    return fused;
  return rill_flow_channel_flow_new (rill_flow_get_value_type (upstream), buffer_fill,
                                     g_object_ref (upstream), g_object_unref,
                                     context, capacity, overflow);
}

/**
 * rill_flow_buffer:
 * @self: a flow
 * @capacity: the size of the buffer: a number of values, or
 *   [const@Rill.CHANNEL_BUFFERED], [const@Rill.CHANNEL_CONFLATED],
 *   [const@Rill.CHANNEL_UNLIMITED] or [const@Rill.CHANNEL_RENDEZVOUS]
 * @overflow: what happens when the buffer is full
 *
 * A flow that collects @self in a coroutine of its own and passes its
 * values on through a channel of @capacity and @overflow, kotlinx's
 * `buffer`: the producer runs ahead of a slow collector instead of waiting
 * for it at every value.
 *
 * With %RILL_BUFFER_OVERFLOW_SUSPEND the producer waits when the buffer is
 * full; with the other policies it never waits, and values are dropped.
 * [const@Rill.CHANNEL_CONFLATED] takes %RILL_BUFFER_OVERFLOW_SUSPEND only,
 * as in kotlinx.
 *
 * Right after a channel-based flow (another buffer, [method@Flow.flow_on],
 * [func@Flow.channel_flow], [func@Flow.merge], the flat_map_merge and
 * latest operators) there is no new stage: that flow's channel changes, as
 * kotlinx fuses them. Two sizes add up; [const@Rill.CHANNEL_BUFFERED] gives
 * way to the other size; a dropping policy replaces the previous buffer.
 *
 * Returns: (transfer full): the buffered flow
 */
RillFlow *
rill_flow_buffer (RillFlow           *self,
                  int                 capacity,
                  RillBufferOverflow  overflow)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (capacity >= RILL_CHANNEL_BUFFERED, NULL);
  g_return_val_if_fail (overflow <= RILL_BUFFER_OVERFLOW_DROP_LATEST, NULL);
  g_return_val_if_fail (capacity != RILL_CHANNEL_CONFLATED
                        || overflow == RILL_BUFFER_OVERFLOW_SUSPEND, NULL);

  /* kotlinx's conflated buffer is a rendezvous that drops the oldest: so
   * it fuses as a replacement of the previous buffer. */
  if (capacity == RILL_CHANNEL_CONFLATED)
    return buffer_new (self, NULL, RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
  return buffer_new (self, NULL, capacity, overflow);
}

/**
 * rill_flow_conflate:
 * @self: a flow
 *
 * A flow that keeps only the latest value of @self while the collector is
 * busy, kotlinx's `conflate`: a buffer of one that drops the oldest value.
 * The producer never waits; a slow collector sees the latest values only.
 *
 * Returns: (transfer full): the conflated flow
 */
RillFlow *
rill_flow_conflate (RillFlow *self)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);

  return buffer_new (self, NULL, RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_DROP_OLDEST);
}

/**
 * rill_flow_flow_on:
 * @self: a flow
 * @context: the context to collect @self in: usually one with another
 *   dispatcher
 *
 * A flow that collects @self in a coroutine on @context, kotlinx's
 * `flowOn`: the producer and the operators before this one run there,
 * while the collector and the operators after it keep the collecting
 * coroutine's context. The values pass through a channel of
 * [const@Rill.CHANNEL_DEFAULT_BUFFER_SIZE] values.
 *
 * @context must not have a job: the producer's coroutine is always a child
 * of the collection. Right after a channel-based flow, that flow's
 * coroutine moves to @context instead of a new stage being added; an
 * earlier flow_on's context wins for the part before it, as in kotlinx.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_flow_on (RillFlow    *self,
                   RillContext *context)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  if (rill_context_get_job (context) != NULL)
    {
      g_critical ("rill_flow_flow_on: the context must not contain a job");
      return NULL;
    }
  return buffer_new (self, context, RILL_FLOW_CHANNEL_OPTIONAL, RILL_BUFFER_OVERFLOW_SUSPEND);
}
