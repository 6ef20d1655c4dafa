/* rill-repeat-on-lifecycle.h
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
gboolean rill_repeat_on_lifecycle                 (RillLifecycle      *self,
                                                   RillLifecycleState  state,
                                                   RillBlock           block,
                                                   gpointer            user_data);
RILL_AVAILABLE_IN_ALL
gboolean rill_repeat_on_lifecycle_full            (RillLifecycle      *self,
                                                   RillLifecycleState  state,
                                                   RillBlock           block,
                                                   gpointer            user_data,
                                                   GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
gboolean rill_lifecycle_owner_repeat_on_lifecycle (RillLifecycleOwner *owner,
                                                   RillLifecycleState  state,
                                                   RillBlock           block,
                                                   gpointer            user_data);

G_END_DECLS
