/* rill-flow-builders.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-types.h"
#include "rill-visibility.h"
#include "rill-flow.h"

G_BEGIN_DECLS

typedef struct _RillFlowProducerScope RillFlowProducerScope;

#define RILL_TYPE_FLOW_PRODUCER_SCOPE (rill_flow_producer_scope_get_type ())

/**
 * RillChannelFlowBlock:
 * @producer: the producer scope: its coroutine scope and its channel
 * @user_data: the data given with the block
 * @error: return location for the failure of the block
 *
 * The body of [func@Flow.channel_flow] and [func@Flow.callback_flow],
 * kotlinx's `channelFlow { … }` block. It runs once for every collection,
 * in a coroutine of its own, and sends values with
 * [method@FlowProducerScope.send]; it may launch coroutines in the scope of
 * [method@FlowProducerScope.get_scope] that send too.
 *
 * Returns: %TRUE when done; %FALSE with @error set when the block failed
 *   (%FALSE without an error when it was cancelled)
 */
typedef gboolean (*RillChannelFlowBlock) (RillFlowProducerScope  *producer,
                                          gpointer                user_data,
                                          GError                **error);

/**
 * RillProducerCloseFunc:
 * @user_data: the data given to [method@FlowProducerScope.await_close]
 *
 * Called by [method@FlowProducerScope.await_close] once the flow's channel is
 * closed or its collection cancelled: where a callback flow unregisters the
 * callbacks it registered.
 */
typedef void (*RillProducerCloseFunc) (gpointer user_data);

RILL_AVAILABLE_IN_ALL
GType                  rill_flow_producer_scope_get_type    (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillFlowProducerScope *rill_flow_producer_scope_ref         (RillFlowProducerScope  *self);
RILL_AVAILABLE_IN_ALL
void                   rill_flow_producer_scope_unref       (RillFlowProducerScope  *self);

RILL_AVAILABLE_IN_ALL
RillScope             *rill_flow_producer_scope_get_scope   (RillFlowProducerScope  *self);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_send        (RillFlowProducerScope  *self,
                                                             const GValue           *value,
                                                             GError                **error);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_send_int    (RillFlowProducerScope  *self,
                                                             int                     value,
                                                             GError                **error);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_try_send    (RillFlowProducerScope  *self,
                                                             const GValue           *value,
                                                             GError                **error);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_close       (RillFlowProducerScope  *self,
                                                             const GError           *cause);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_is_closed   (RillFlowProducerScope  *self);
RILL_AVAILABLE_IN_ALL
gboolean               rill_flow_producer_scope_await_close (RillFlowProducerScope  *self,
                                                             RillProducerCloseFunc   on_close,
                                                             gpointer                user_data,
                                                             GError                **error);

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_channel_flow  (GType                 value_type,
                                   RillChannelFlowBlock  block,
                                   gpointer              user_data,
                                   GDestroyNotify        destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_callback_flow (GType                 value_type,
                                   RillChannelFlowBlock  block,
                                   gpointer              user_data,
                                   GDestroyNotify        destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillFlowProducerScope, rill_flow_producer_scope_unref)

G_END_DECLS
