/* rill-lifecycle-event.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-lifecycle-state.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIFECYCLE_EVENT (rill_lifecycle_event_get_type ())

/**
 * RillLifecycleEvent:
 * @RILL_LIFECYCLE_EVENT_ON_CREATE: INITIALIZED to CREATED
 * @RILL_LIFECYCLE_EVENT_ON_START: CREATED to STARTED
 * @RILL_LIFECYCLE_EVENT_ON_RESUME: STARTED to RESUMED
 * @RILL_LIFECYCLE_EVENT_ON_PAUSE: RESUMED to STARTED
 * @RILL_LIFECYCLE_EVENT_ON_STOP: STARTED to CREATED
 * @RILL_LIFECYCLE_EVENT_ON_DESTROY: CREATED to DESTROYED
 *
 * The events that move a lifecycle from one state to the next, androidx's
 * `Lifecycle.Event`.
 */
typedef enum {
  RILL_LIFECYCLE_EVENT_ON_CREATE,
  RILL_LIFECYCLE_EVENT_ON_START,
  RILL_LIFECYCLE_EVENT_ON_RESUME,
  RILL_LIFECYCLE_EVENT_ON_PAUSE,
  RILL_LIFECYCLE_EVENT_ON_STOP,
  RILL_LIFECYCLE_EVENT_ON_DESTROY,
} RillLifecycleEvent;

RILL_AVAILABLE_IN_ALL
GType              rill_lifecycle_event_get_type         (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillLifecycleState rill_lifecycle_event_get_target_state (RillLifecycleEvent  self);
RILL_AVAILABLE_IN_ALL
gboolean           rill_lifecycle_event_down_from        (RillLifecycleState  state,
                                                          RillLifecycleEvent *event);
RILL_AVAILABLE_IN_ALL
gboolean           rill_lifecycle_event_down_to          (RillLifecycleState  state,
                                                          RillLifecycleEvent *event);
RILL_AVAILABLE_IN_ALL
gboolean           rill_lifecycle_event_up_from          (RillLifecycleState  state,
                                                          RillLifecycleEvent *event);
RILL_AVAILABLE_IN_ALL
gboolean           rill_lifecycle_event_up_to            (RillLifecycleState  state,
                                                          RillLifecycleEvent *event);

G_END_DECLS
