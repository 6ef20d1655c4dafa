/* rill-flow-gobject.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-flow.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_from_property (gpointer    object,
                                   const char *property);
RILL_AVAILABLE_IN_ALL
RillFlow *rill_flow_from_signal   (gpointer    object,
                                   const char *detailed_signal);

G_END_DECLS
