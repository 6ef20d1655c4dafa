/* rill-lifecycle-event.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-event.h"

G_DEFINE_ENUM_TYPE (RillLifecycleEvent, rill_lifecycle_event,
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_CREATE, "on-create"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_START, "on-start"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_RESUME, "on-resume"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_PAUSE, "on-pause"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_STOP, "on-stop"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_EVENT_ON_DESTROY, "on-destroy"))

/**
 * rill_lifecycle_event_get_target_state:
 * @self: an event
 *
 * androidx's `Event.targetState`: the state a lifecycle is in right after
 * @self.
 *
 * Returns: the state @self leads to
 */
RillLifecycleState
rill_lifecycle_event_get_target_state (RillLifecycleEvent self)
{
  switch (self)
    {
    case RILL_LIFECYCLE_EVENT_ON_CREATE:
    case RILL_LIFECYCLE_EVENT_ON_STOP:
      return RILL_LIFECYCLE_STATE_CREATED;
    case RILL_LIFECYCLE_EVENT_ON_START:
    case RILL_LIFECYCLE_EVENT_ON_PAUSE:
      return RILL_LIFECYCLE_STATE_STARTED;
    case RILL_LIFECYCLE_EVENT_ON_RESUME:
      return RILL_LIFECYCLE_STATE_RESUMED;
    case RILL_LIFECYCLE_EVENT_ON_DESTROY:
      return RILL_LIFECYCLE_STATE_DESTROYED;
    default:
      g_return_val_if_reached (RILL_LIFECYCLE_STATE_DESTROYED);
    }
}

static gboolean
found (RillLifecycleEvent  value,
       RillLifecycleEvent *event)
{
  if (event != NULL)
    *event = value;
  return TRUE;
}

/**
 * rill_lifecycle_event_down_from:
 * @state: the state a lifecycle leaves
 * @event: (out) (optional): the event
 *
 * androidx's `Event.downFrom`: the event that leaves @state downwards.
 *
 * Returns: %FALSE when there is none (DESTROYED, INITIALIZED)
 */
gboolean
rill_lifecycle_event_down_from (RillLifecycleState  state,
                                RillLifecycleEvent *event)
{
  switch (state)
    {
    case RILL_LIFECYCLE_STATE_CREATED: return found (RILL_LIFECYCLE_EVENT_ON_DESTROY, event);
    case RILL_LIFECYCLE_STATE_STARTED: return found (RILL_LIFECYCLE_EVENT_ON_STOP, event);
    case RILL_LIFECYCLE_STATE_RESUMED: return found (RILL_LIFECYCLE_EVENT_ON_PAUSE, event);
    case RILL_LIFECYCLE_STATE_DESTROYED:
    case RILL_LIFECYCLE_STATE_INITIALIZED:
    default:
      return FALSE;
    }
}

/**
 * rill_lifecycle_event_down_to:
 * @state: the state a lifecycle reaches
 * @event: (out) (optional): the event
 *
 * androidx's `Event.downTo`: the event that reaches @state from above.
 *
 * Returns: %FALSE when there is none (INITIALIZED, RESUMED)
 */
gboolean
rill_lifecycle_event_down_to (RillLifecycleState  state,
                              RillLifecycleEvent *event)
{
  switch (state)
    {
    case RILL_LIFECYCLE_STATE_DESTROYED: return found (RILL_LIFECYCLE_EVENT_ON_DESTROY, event);
    case RILL_LIFECYCLE_STATE_CREATED: return found (RILL_LIFECYCLE_EVENT_ON_STOP, event);
    case RILL_LIFECYCLE_STATE_STARTED: return found (RILL_LIFECYCLE_EVENT_ON_PAUSE, event);
    case RILL_LIFECYCLE_STATE_INITIALIZED:
    case RILL_LIFECYCLE_STATE_RESUMED:
    default:
      return FALSE;
    }
}

/**
 * rill_lifecycle_event_up_from:
 * @state: the state a lifecycle leaves
 * @event: (out) (optional): the event
 *
 * androidx's `Event.upFrom`: the event that leaves @state upwards.
 *
 * Returns: %FALSE when there is none (DESTROYED, RESUMED)
 */
gboolean
rill_lifecycle_event_up_from (RillLifecycleState  state,
                              RillLifecycleEvent *event)
{
  switch (state)
    {
    case RILL_LIFECYCLE_STATE_INITIALIZED: return found (RILL_LIFECYCLE_EVENT_ON_CREATE, event);
    case RILL_LIFECYCLE_STATE_CREATED: return found (RILL_LIFECYCLE_EVENT_ON_START, event);
    case RILL_LIFECYCLE_STATE_STARTED: return found (RILL_LIFECYCLE_EVENT_ON_RESUME, event);
    case RILL_LIFECYCLE_STATE_DESTROYED:
    case RILL_LIFECYCLE_STATE_RESUMED:
    default:
      return FALSE;
    }
}

/**
 * rill_lifecycle_event_up_to:
 * @state: the state a lifecycle reaches
 * @event: (out) (optional): the event
 *
 * androidx's `Event.upTo`: the event that reaches @state from below.
 *
 * Returns: %FALSE when there is none (DESTROYED, INITIALIZED)
 */
gboolean
rill_lifecycle_event_up_to (RillLifecycleState  state,
                            RillLifecycleEvent *event)
{
  switch (state)
    {
    case RILL_LIFECYCLE_STATE_CREATED: return found (RILL_LIFECYCLE_EVENT_ON_CREATE, event);
    case RILL_LIFECYCLE_STATE_STARTED: return found (RILL_LIFECYCLE_EVENT_ON_START, event);
    case RILL_LIFECYCLE_STATE_RESUMED: return found (RILL_LIFECYCLE_EVENT_ON_RESUME, event);
    case RILL_LIFECYCLE_STATE_DESTROYED:
    case RILL_LIFECYCLE_STATE_INITIALIZED:
    default:
      return FALSE;
    }
}
