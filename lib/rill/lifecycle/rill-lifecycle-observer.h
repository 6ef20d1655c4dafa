/* rill-lifecycle-observer.h
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
#include "rill-lifecycle-owner.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIFECYCLE_OBSERVER (rill_lifecycle_observer_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (RillLifecycleObserver, rill_lifecycle_observer, RILL, LIFECYCLE_OBSERVER, GObject)

/**
 * RillLifecycleObserverInterface:
 * @on_create: called for %RILL_LIFECYCLE_EVENT_ON_CREATE
 * @on_start: called for %RILL_LIFECYCLE_EVENT_ON_START
 * @on_resume: called for %RILL_LIFECYCLE_EVENT_ON_RESUME
 * @on_pause: called for %RILL_LIFECYCLE_EVENT_ON_PAUSE
 * @on_stop: called for %RILL_LIFECYCLE_EVENT_ON_STOP
 * @on_destroy: called for %RILL_LIFECYCLE_EVENT_ON_DESTROY
 *
 * An observer with one method per event, androidx's
 * `DefaultLifecycleObserver`. Every method is optional; each gets the owner
 * of the lifecycle that dispatched it. Add one with
 * [method@Lifecycle.add_lifecycle_observer].
 */
struct _RillLifecycleObserverInterface
{
  GTypeInterface g_iface;

  void (*on_create)  (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
  void (*on_start)   (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
  void (*on_resume)  (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
  void (*on_pause)   (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
  void (*on_stop)    (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
  void (*on_destroy) (RillLifecycleObserver *self,
                      RillLifecycleOwner    *owner);
};

G_END_DECLS
