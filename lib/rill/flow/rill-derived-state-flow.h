/* rill-derived-state-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-flow-combining.h"
#include "rill-state-flow.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_DERIVED_STATE_FLOW (rill_derived_state_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillDerivedStateFlow, rill_derived_state_flow, RILL, DERIVED_STATE_FLOW, RillStateFlow)

/**
 * RillBatchFunc:
 * @user_data: the data given with the function
 *
 * The writes of one batch, for [func@StateFlow.batch].
 */
typedef void (*RillBatchFunc) (gpointer user_data);

RILL_AVAILABLE_IN_ALL
RillStateFlow *rill_state_flow_derive (RillStateFlow   **sources,
                                       guint             n_sources,
                                       GType             value_type,
                                       RillCombineFunc   func,
                                       gpointer          user_data,
                                       GDestroyNotify    destroy);
RILL_AVAILABLE_IN_ALL
void           rill_state_flow_batch  (RillBatchFunc     func,
                                       gpointer          user_data);

RILL_AVAILABLE_IN_ALL
guint          rill_derived_state_flow_get_n_computations (RillDerivedStateFlow *self);

G_END_DECLS
