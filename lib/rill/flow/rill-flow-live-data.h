/* rill-flow-live-data.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-context.h"
#include "rill-flow.h"
#include "rill-live-data.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillLiveData *rill_flow_as_live_data (RillFlow     *flow,
                                      RillContext  *context,
                                      guint         timeout_ms);
RILL_AVAILABLE_IN_ALL
RillFlow     *rill_live_data_as_flow (RillLiveData *live_data);

G_END_DECLS
