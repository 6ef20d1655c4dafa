/* rill-lifecycle-scope.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-lifecycle.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillScope *rill_lifecycle_get_scope           (RillLifecycle      *self);
RILL_AVAILABLE_IN_ALL
RillScope *rill_lifecycle_owner_get_scope     (RillLifecycleOwner *self);

RILL_AVAILABLE_IN_ALL
RillJob   *rill_lifecycle_launch_when_created (RillLifecycle      *self,
                                               RillBlock           block,
                                               gpointer            user_data,
                                               GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillJob   *rill_lifecycle_launch_when_started (RillLifecycle      *self,
                                               RillBlock           block,
                                               gpointer            user_data,
                                               GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillJob   *rill_lifecycle_launch_when_resumed (RillLifecycle      *self,
                                               RillBlock           block,
                                               gpointer            user_data,
                                               GDestroyNotify      destroy);

G_END_DECLS
