/* rill-flow-timing.h
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

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_debounce (RillFlow *self,
                              guint64   timeout_ms);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_sample   (RillFlow *self,
                              guint64   period_ms);

G_END_DECLS
