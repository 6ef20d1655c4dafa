/* rill-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-visibility.h"

G_BEGIN_DECLS

typedef struct _RillFlowEmitter RillFlowEmitter;

#define RILL_TYPE_FLOW (rill_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillFlow, rill_flow, RILL, FLOW, GObject)

/**
 * RillFlowProducer:
 * @emitter: where to emit the values, with [method@FlowEmitter.emit]
 * @user_data: the data given to [ctor@Flow.new]
 * @error: return location for the error the flow fails with
 *
 * The body of a cold flow, kotlinx's `flow { … }` block. It runs in the
 * collecting coroutine, once for every collection.
 *
 * When an emission fails, the producer should stop and return %FALSE,
 * passing the error on: the collector's error is what the collection
 * reports whatever the producer does afterwards.
 *
 * Returns: %TRUE when the flow completed, %FALSE with @error set when it
 *   failed (%FALSE without an error is taken as a cancellation when the
 *   coroutine is cancelled)
 */
typedef gboolean (*RillFlowProducer) (RillFlowEmitter  *emitter,
                                      gpointer          user_data,
                                      GError          **error);

/**
 * RillCollectFunc:
 * @value: a value of the flow; it belongs to the caller and is valid until
 *   the function returns (copy it to keep it)
 * @user_data: the data given with the function
 * @error: return location for an error that aborts the collection
 *
 * Receives the values of a flow, kotlinx's `FlowCollector.emit`. It runs in
 * the coroutine of the producer and may suspend.
 *
 * Returns: %TRUE to go on; %FALSE with @error set to abort the collection
 *   with that error
 */
typedef gboolean (*RillCollectFunc) (const GValue  *value,
                                     gpointer       user_data,
                                     GError       **error);

/**
 * RillFlowClass:
 * @collect: collects the flow into the function: for every collection it
 *   delivers the values in the calling coroutine, and returns %FALSE with
 *   the error when the function returns %FALSE with one. The base class runs
 *   the producer given to [ctor@Flow.new]; hot flows implement their own.
 *
 * The class of a flow.
 */
struct _RillFlowClass
{
  GObjectClass parent_class;

  gboolean (*collect) (RillFlow         *self,
                       RillCollectFunc   func,
                       gpointer          user_data,
                       GError          **error);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_new            (GType             value_type,
                                    RillFlowProducer  producer,
                                    gpointer          user_data,
                                    GDestroyNotify    destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_of_values      (GType             value_type,
                                    const GValue     *values,
                                    guint             n_values);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_empty          (GType             value_type);
RILL_AVAILABLE_IN_ALL
GType     rill_flow_get_value_type (RillFlow         *self);
RILL_AVAILABLE_IN_ALL
gboolean  rill_flow_collect        (RillFlow         *self,
                                    RillCollectFunc   func,
                                    gpointer          user_data,
                                    GError          **error);

G_END_DECLS
