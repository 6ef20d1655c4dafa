/* rill-flow-operators.h
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
#include "rill-flow-emitter.h"
#include "rill-transformations.h"

G_BEGIN_DECLS

/**
 * RillFlowPredicate:
 * @value: a value of the flow, valid until the function returns
 * @user_data: the data given with the function
 *
 * A condition on the values of a flow, for [method@Flow.filter],
 * [method@Flow.take_while] and [method@Flow.drop_while].
 *
 * Returns: whether @value matches
 */
typedef gboolean (*RillFlowPredicate) (const GValue *value,
                                       gpointer      user_data);

/**
 * RillFlowTransformFunc:
 * @emitter: the emitter of the resulting flow
 * @value: a value of the upstream flow, valid until the function returns
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Turns one value into any number of values emitted into @emitter, for
 * [method@Flow.transform].
 *
 * Returns: %TRUE to go on, %FALSE with @error set to fail (pass on the
 *   error of a failed emission)
 */
typedef gboolean (*RillFlowTransformFunc) (RillFlowEmitter  *emitter,
                                           const GValue     *value,
                                           gpointer          user_data,
                                           GError          **error);

/**
 * RillFlowStartFunc:
 * @emitter: the emitter of the resulting flow, to emit values before the
 *   upstream's
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Runs when a collection of the flow of [method@Flow.on_start] starts.
 *
 * Returns: %TRUE to go on, %FALSE with @error set to fail
 */
typedef gboolean (*RillFlowStartFunc) (RillFlowEmitter  *emitter,
                                       gpointer          user_data,
                                       GError          **error);

/**
 * RillFlowCompletionFunc:
 * @emitter: the emitter of the resulting flow; emitting works only when
 *   @cause is %NULL, otherwise it fails with @cause
 * @cause: (nullable): %NULL when the flow completed; the error it failed
 *   with, from upstream or downstream; %G_IO_ERROR_CANCELLED when it was
 *   cancelled, also by a downstream operator that needed no more values
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Runs when a collection of the flow of [method@Flow.on_completion] ends.
 *
 * Returns: %TRUE to go on, %FALSE with @error set to fail with that error
 *   instead
 */
typedef gboolean (*RillFlowCompletionFunc) (RillFlowEmitter  *emitter,
                                            const GError     *cause,
                                            gpointer          user_data,
                                            GError          **error);

/**
 * RillFlowCatchFunc:
 * @emitter: the emitter of the resulting flow, to emit replacement values
 * @cause: the error of the upstream flow
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Handles an upstream error, for [method@Flow.catch].
 *
 * Returns: %TRUE to complete the flow normally, %FALSE with @error set to
 *   fail (with a copy of @cause to rethrow it)
 */
typedef gboolean (*RillFlowCatchFunc) (RillFlowEmitter  *emitter,
                                       const GError     *cause,
                                       gpointer          user_data,
                                       GError          **error);

/**
 * RillFlowRetryPredicate:
 * @cause: the error of the upstream flow
 * @attempt: how many retries were made before, from 0
 * @user_data: the data given with the function
 *
 * Decides whether [method@Flow.retry] collects the upstream again.
 *
 * Returns: %TRUE to retry
 */
typedef gboolean (*RillFlowRetryPredicate) (const GError *cause,
                                            guint64       attempt,
                                            gpointer      user_data);

/**
 * RillFlowFoldFunc:
 * @accumulator: the accumulated value
 * @value: the next value of the flow
 * @result: (out caller-allocates): a #GValue initialised to the
 *   accumulator's type, to set to the new accumulated value
 * @user_data: the data given with the function
 *
 * Combines an accumulated value with the next value, for
 * [method@Flow.scan], [method@Flow.fold] and [method@Flow.reduce].
 */
typedef void (*RillFlowFoldFunc) (const GValue *accumulator,
                                  const GValue *value,
                                  GValue       *result,
                                  gpointer      user_data);

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_map                         (RillFlow               *self,
                                                 GType                   value_type,
                                                 RillMapFunc             func,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_filter                      (RillFlow               *self,
                                                 RillFlowPredicate       predicate,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_transform                   (RillFlow               *self,
                                                 GType                   value_type,
                                                 RillFlowTransformFunc   func,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_on_each                     (RillFlow               *self,
                                                 RillCollectFunc         action,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_on_start                    (RillFlow               *self,
                                                 RillFlowStartFunc       action,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_on_completion               (RillFlow               *self,
                                                 RillFlowCompletionFunc  action,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_catch                       (RillFlow               *self,
                                                 RillFlowCatchFunc       action,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_retry                       (RillFlow               *self,
                                                 guint64                 retries,
                                                 RillFlowRetryPredicate  predicate,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_take                        (RillFlow               *self,
                                                 guint64                 count);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_take_while                  (RillFlow               *self,
                                                 RillFlowPredicate       predicate,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_drop                        (RillFlow               *self,
                                                 guint64                 count);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_drop_while                  (RillFlow               *self,
                                                 RillFlowPredicate       predicate,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_scan                        (RillFlow               *self,
                                                 const GValue           *initial,
                                                 RillFlowFoldFunc        func,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_distinct_until_changed      (RillFlow               *self);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_distinct_until_changed_full (RillFlow               *self,
                                                 RillValueEqualFunc      func,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);

G_END_DECLS
