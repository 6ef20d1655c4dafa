/* rill-flow-channel-private.h: what the channel-based operators share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-channel.h"
#include "rill-flow-private.h"
#include "rill-job-private.h"
#include "rill-scope.h"

G_BEGIN_DECLS

/* The body of the coroutine that fills the channel of a channel flow. It
 * runs in its own coroutine, a child of the collection's scope, and may
 * launch more children in @scope: the channel closes once they are all
 * done. */
typedef gboolean (*RillChannelFlowFill) (RillScope    *scope,
                                         RillChannel  *channel,
                                         gpointer      data,
                                         GError      **error);

/* kotlinx's ChannelFlow.collect: a scope tied to the collecting coroutine,
 * a channel of @capacity and @overflow, @fill launched on @context (may be
 * NULL) to fill it, and the collecting coroutine draining it into @down. A
 * failure anywhere cancels the rest; the collection returns once every
 * coroutine it started is over. */
gboolean rill_flow_channel_collect (RillFlowEmitter      *down,
                                    RillContext          *context,
                                    int                   capacity,
                                    RillBufferOverflow    overflow,
                                    RillChannelFlowFill   fill,
                                    gpointer              data,
                                    GError              **error);

/* Launches @fill in a child of @scope; its failure fails the scope. */
RillJob *rill_flow_launch_fill     (RillScope            *scope,
                                    RillContext          *context,
                                    RillCoroutineStart    start,
                                    RillChannelFlowFill   fill,
                                    RillChannel          *channel,
                                    gpointer              data,
                                    GDestroyNotify        destroy);

/* Closes @channel once @job is over, with its failure as the cause. */
void     rill_flow_close_on_completion (RillJob          *job,
                                        RillChannel      *channel);

/* A capacity that leaves the choice to a later buffer, kotlinx's
 * OPTIONAL_CHANNEL; a buffer of the default size when none comes. */
#define RILL_FLOW_CHANNEL_OPTIONAL (-3)

/* A cold flow collected with rill_flow_channel_collect() and that
 * buffer, conflate and flow_on fuse with (kotlinx's ChannelFlow): they
 * change its channel and context instead of adding a stage. @destroy
 * frees @data with the flow. */
RillFlow *rill_flow_channel_flow_new (GType                value_type,
                                      RillChannelFlowFill  fill,
                                      gpointer             data,
                                      GDestroyNotify       destroy,
                                      RillContext         *context,
                                      int                  capacity,
                                      RillBufferOverflow   overflow);

/* @flow with its channel and context changed as kotlinx's fuse() does, or
 * NULL when it is not a channel flow. @context may be NULL, @capacity
 * RILL_FLOW_CHANNEL_OPTIONAL to keep @flow's. */
RillFlow *rill_flow_channel_flow_fuse (RillFlow            *flow,
                                       RillContext         *context,
                                       int                  capacity,
                                       RillBufferOverflow   overflow);

/* Sends every value of @flow to @channel, from the calling coroutine. */
gboolean rill_flow_send_all        (RillFlow             *flow,
                                    RillChannel          *channel,
                                    GError              **error);

G_END_DECLS
