/* rill-flow-buffering.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-buffer-overflow.h"
#include "rill-types.h"
#include "rill-visibility.h"
#include "rill-flow.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_buffer   (RillFlow           *self,
                              int                 capacity,
                              RillBufferOverflow  overflow);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_conflate (RillFlow           *self);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_flow_on  (RillFlow           *self,
                              RillContext        *context);

G_END_DECLS
