/* rill-lifecycle-observer.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-observer.h"

/**
 * RillLifecycleObserver:
 *
 * An observer with one virtual method per lifecycle event, androidx's
 * `DefaultLifecycleObserver`.
 *
 * Implement the methods you need and add the object with
 * [method@Lifecycle.add_lifecycle_observer]. The lifecycle holds a reference
 * to the observer until it is removed, or until the lifecycle reaches
 * %RILL_LIFECYCLE_STATE_DESTROYED.
 */

G_DEFINE_INTERFACE (RillLifecycleObserver, rill_lifecycle_observer, G_TYPE_OBJECT)

static void
rill_lifecycle_observer_default_init (RillLifecycleObserverInterface *iface)
{
}
