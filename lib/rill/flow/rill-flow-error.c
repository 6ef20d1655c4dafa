/* rill-flow-error.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-flow-error.h"

G_DEFINE_ENUM_TYPE (RillFlowError, rill_flow_error,
  G_DEFINE_ENUM_VALUE (RILL_FLOW_ERROR_NO_SUCH_ELEMENT, "no-such-element"),
  G_DEFINE_ENUM_VALUE (RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT, "more-than-one-element"),
  G_DEFINE_ENUM_VALUE (RILL_FLOW_ERROR_INVARIANT, "invariant"))

/**
 * rill_flow_error_quark:
 *
 * The quark of #RILL_FLOW_ERROR.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (rill-flow-error-quark, rill_flow_error)
