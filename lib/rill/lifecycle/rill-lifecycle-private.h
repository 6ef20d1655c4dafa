/* rill-lifecycle-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-lifecycle.h"

G_BEGIN_DECLS

/* Subclasses call this when their state changed, once per settled change. */
void rill_lifecycle_notify_current_state (RillLifecycle *self);

/* The owner handed to RillLifecycleObserver methods; the lifecycle itself
 * when unset or when the owner is not a RillLifecycleOwner. Held weakly. */
void rill_lifecycle_set_observer_owner (RillLifecycle *self,
                                        GObject       *owner);

G_END_DECLS
