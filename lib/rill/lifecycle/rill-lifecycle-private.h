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

/* The object whose lifecycle this is, held weakly. It is handed to
 * RillLifecycleObserver methods if it is a RillLifecycleOwner (the lifecycle
 * itself otherwise). It counts as gone once finalized, not before: an owner
 * may drive ON_DESTROY from its own dispose. */
void     rill_lifecycle_set_owner     (RillLifecycle *self,
                                       GObject       *owner);
gboolean rill_lifecycle_owner_is_gone (RillLifecycle *self);

G_END_DECLS
