/* rill-lifecycle-registry.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-lifecycle.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIFECYCLE_REGISTRY (rill_lifecycle_registry_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillLifecycleRegistry, rill_lifecycle_registry, RILL, LIFECYCLE_REGISTRY, RillLifecycle)

RILL_AVAILABLE_IN_ALL
RillLifecycleRegistry *rill_lifecycle_registry_new               (gpointer               owner);
RILL_AVAILABLE_IN_ALL
RillLifecycleRegistry *rill_lifecycle_registry_new_unchecked     (gpointer               owner);
RILL_AVAILABLE_IN_ALL
void                   rill_lifecycle_registry_handle_event      (RillLifecycleRegistry *self,
                                                                  RillLifecycleEvent     event);
RILL_AVAILABLE_IN_ALL
void                   rill_lifecycle_registry_set_current_state (RillLifecycleRegistry *self,
                                                                  RillLifecycleState     state);
RILL_AVAILABLE_IN_ALL
guint                  rill_lifecycle_registry_get_observer_count (RillLifecycleRegistry *self);

G_END_DECLS
