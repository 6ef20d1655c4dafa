/* rill-flow-flattening.h
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
#include "rill-flow.h"
#include "rill-flow-operators.h"

G_BEGIN_DECLS

/**
 * RILL_FLOW_DEFAULT_CONCURRENCY:
 *
 * How many inner flows [method@Flow.flat_map_merge] collects at once by
 * default, kotlinx's `DEFAULT_CONCURRENCY`.
 */
#define RILL_FLOW_DEFAULT_CONCURRENCY 16

/**
 * RillFlowFlatMapFunc:
 * @value: a value of the upstream flow
 * @user_data: the data given with the function
 *
 * Maps a value to a flow, for the flat_map operators.
 *
 * Returns: (transfer full): the flow for @value, with the operator's value
 *   type
 */
typedef RillFlow *(*RillFlowFlatMapFunc) (const GValue *value,
                                          gpointer      user_data);

/**
 * RillFlowSuspendMapFunc:
 * @value: a value of the upstream flow
 * @result: a #GValue initialised to the result's type, to set
 * @user_data: the data given with the function
 * @error: return location for the failure
 *
 * Maps a value, and may suspend doing it, for [method@Flow.map_latest].
 *
 * Returns: %TRUE with @result set; %FALSE with @error set when it failed
 *   or was cancelled
 */
typedef gboolean (*RillFlowSuspendMapFunc) (const GValue  *value,
                                            GValue        *result,
                                            gpointer       user_data,
                                            GError       **error);

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_flat_map_concat (RillFlow               *self,
                                     GType                   value_type,
                                     RillFlowFlatMapFunc     func,
                                     gpointer                user_data,
                                     GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_flat_map_merge  (RillFlow               *self,
                                     GType                   value_type,
                                     guint                   concurrency,
                                     RillFlowFlatMapFunc     func,
                                     gpointer                user_data,
                                     GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_flat_map_latest (RillFlow               *self,
                                     GType                   value_type,
                                     RillFlowFlatMapFunc     func,
                                     gpointer                user_data,
                                     GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_transform_latest (RillFlow              *self,
                                      GType                  value_type,
                                      RillFlowTransformFunc  func,
                                      gpointer               user_data,
                                      GDestroyNotify         destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_map_latest      (RillFlow               *self,
                                     GType                   value_type,
                                     RillFlowSuspendMapFunc  func,
                                     gpointer                user_data,
                                     GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
gboolean  rill_flow_collect_latest  (RillFlow               *self,
                                     RillCollectFunc         action,
                                     gpointer                user_data,
                                     GError                **error);

G_END_DECLS
