/* rill-lifecycle-state.h
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

#define RILL_TYPE_LIFECYCLE_STATE (rill_lifecycle_state_get_type ())

/**
 * RillLifecycleState:
 * @RILL_LIFECYCLE_STATE_DESTROYED: destroyed; no event comes after it
 * @RILL_LIFECYCLE_STATE_INITIALIZED: constructed, not yet created
 * @RILL_LIFECYCLE_STATE_CREATED: created, or stopped (not visible)
 * @RILL_LIFECYCLE_STATE_STARTED: visible
 * @RILL_LIFECYCLE_STATE_RESUMED: visible and focused
 *
 * The states of a lifecycle, androidx's `Lifecycle.State`, ordered:
 * `DESTROYED < INITIALIZED < CREATED < STARTED < RESUMED`.
 */
typedef enum {
  RILL_LIFECYCLE_STATE_DESTROYED,
  RILL_LIFECYCLE_STATE_INITIALIZED,
  RILL_LIFECYCLE_STATE_CREATED,
  RILL_LIFECYCLE_STATE_STARTED,
  RILL_LIFECYCLE_STATE_RESUMED,
} RillLifecycleState;

RILL_AVAILABLE_IN_ALL
GType    rill_lifecycle_state_get_type    (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
gboolean rill_lifecycle_state_is_at_least (RillLifecycleState self,
                                           RillLifecycleState state);

G_END_DECLS
