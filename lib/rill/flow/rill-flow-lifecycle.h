/* rill-flow-lifecycle.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-flow.h"
#include "rill-state-flow.h"
#include "rill-lifecycle.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_with_lifecycle       (RillFlow           *flow,
                                          RillLifecycle      *lifecycle,
                                          RillLifecycleState  state);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_lifecycle_get_event_flow  (RillLifecycle      *self);
RILL_AVAILABLE_IN_ALL
RillStateFlow *rill_lifecycle_get_current_state_flow (RillLifecycle *self);

G_END_DECLS
