/* rill-lifecycle.h
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
#include "rill-lifecycle-event.h"
#include "rill-lifecycle-observer.h"
#include "rill-lifecycle-owner.h"
#include "rill-lifecycle-state.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIFECYCLE (rill_lifecycle_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillLifecycle, rill_lifecycle, RILL, LIFECYCLE, GObject)

/**
 * RillLifecycleEventFunc:
 * @lifecycle: the lifecycle that dispatched the event
 * @event: the event
 * @user_data: the data given when the observer was added
 *
 * An observer of every event of a lifecycle, androidx's
 * `LifecycleEventObserver`.
 */
typedef void (*RillLifecycleEventFunc) (RillLifecycle      *lifecycle,
                                        RillLifecycleEvent  event,
                                        gpointer            user_data);

/**
 * RillLifecycleClass:
 * @get_current_state: returns the current state
 * @add_observer: adds an observer under an id chosen by the base class (never
 *   0, never reused by this lifecycle); the observer is walked up to the
 *   current state
 * @remove_observer: removes the observer with that id; unknown ids are ignored
 *
 * The class of a lifecycle. [class@LifecycleRegistry] is the implementation
 * to use; a subclass can forward to another lifecycle.
 */
struct _RillLifecycleClass
{
  GObjectClass parent_class;

  RillLifecycleState (*get_current_state) (RillLifecycle          *self);
  void               (*add_observer)      (RillLifecycle          *self,
                                           guint                   id,
                                           RillLifecycleEventFunc  func,
                                           gpointer                user_data,
                                           GDestroyNotify          destroy);
  void               (*remove_observer)   (RillLifecycle          *self,
                                           guint                   id);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
RillLifecycleState rill_lifecycle_get_current_state       (RillLifecycle          *self);
RILL_AVAILABLE_IN_ALL
guint              rill_lifecycle_add_observer            (RillLifecycle          *self,
                                                           RillLifecycleEventFunc  func,
                                                           gpointer                user_data,
                                                           GDestroyNotify          destroy);
RILL_AVAILABLE_IN_ALL
void               rill_lifecycle_remove_observer         (RillLifecycle          *self,
                                                           guint                   id);
RILL_AVAILABLE_IN_ALL
void               rill_lifecycle_add_lifecycle_observer  (RillLifecycle          *self,
                                                           RillLifecycleObserver  *observer);
RILL_AVAILABLE_IN_ALL
void               rill_lifecycle_remove_lifecycle_observer (RillLifecycle        *self,
                                                             RillLifecycleObserver *observer);

G_END_DECLS
