/* rill-flow-combining.h
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

G_BEGIN_DECLS

/**
 * RillCombineFunc:
 * @values: (array length=n_values): the latest value of each flow, in the
 *   order of the flows; they belong to the caller
 * @n_values: the number of @values
 * @result: (out caller-allocates): a #GValue initialised to the result's
 *   type, to set
 * @user_data: the data given with the function
 *
 * Combines one value of each flow into one of the result, for
 * [method@Flow.combine] and [method@Flow.zip].
 */
typedef void (*RillCombineFunc) (const GValue *values,
                                 guint         n_values,
                                 GValue       *result,
                                 gpointer      user_data);

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_merge         (RillFlow        **flows,
                                   guint             n_flows);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_combine       (RillFlow         *first,
                                   RillFlow         *second,
                                   GType             value_type,
                                   RillCombineFunc   func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_combine_array (RillFlow        **flows,
                                   guint             n_flows,
                                   GType             value_type,
                                   RillCombineFunc   func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_zip           (RillFlow         *first,
                                   RillFlow         *second,
                                   GType             value_type,
                                   RillCombineFunc   func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);

G_END_DECLS
