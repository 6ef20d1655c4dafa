/* rill-flow-error.h
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

#define RILL_TYPE_FLOW_ERROR (rill_flow_error_get_type ())

/**
 * RILL_FLOW_ERROR:
 *
 * The error domain of the flow operators, whose codes are #RillFlowError.
 */
#define RILL_FLOW_ERROR (rill_flow_error_quark ())

/**
 * RillFlowError:
 * @RILL_FLOW_ERROR_NO_SUCH_ELEMENT: a terminal operator needed a value and
 *   the flow completed without one (kotlinx's `NoSuchElementException`)
 * @RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT: [method@Flow.single] got a second
 *   value (kotlinx's `IllegalArgumentException`)
 * @RILL_FLOW_ERROR_INVARIANT: the flow's rules were broken: a value of the
 *   wrong type, an emission after the collector failed, from another
 *   coroutine, or after the collection ended (kotlinx's
 *   `IllegalStateException`); a critical is logged as well
 *
 * The errors of the #RILL_FLOW_ERROR domain.
 */
typedef enum {
  RILL_FLOW_ERROR_NO_SUCH_ELEMENT,
  RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT,
  RILL_FLOW_ERROR_INVARIANT,
} RillFlowError;

RILL_AVAILABLE_IN_ALL
GType  rill_flow_error_get_type (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GQuark rill_flow_error_quark    (void);

G_END_DECLS
