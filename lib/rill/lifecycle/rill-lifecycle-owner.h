/* rill-lifecycle-owner.h
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

G_BEGIN_DECLS

typedef struct _RillLifecycle RillLifecycle;

#define RILL_TYPE_LIFECYCLE_OWNER (rill_lifecycle_owner_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (RillLifecycleOwner, rill_lifecycle_owner, RILL, LIFECYCLE_OWNER, GObject)

/**
 * RillLifecycleOwnerInterface:
 * @get_lifecycle: returns the owner's lifecycle (transfer none); never %NULL
 *
 * The interface of an object that has a lifecycle, androidx's
 * `LifecycleOwner`. Every [class@Lifecycle] is an owner whose lifecycle is
 * itself, so an API that takes an owner also takes a lifecycle.
 */
struct _RillLifecycleOwnerInterface
{
  GTypeInterface g_iface;

  RillLifecycle *(*get_lifecycle) (RillLifecycleOwner *self);
};

RILL_AVAILABLE_IN_ALL
RillLifecycle *rill_lifecycle_owner_get_lifecycle (RillLifecycleOwner *self);

G_END_DECLS
