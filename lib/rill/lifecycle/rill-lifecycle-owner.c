/* rill-lifecycle-owner.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-owner.h"
#include "rill-lifecycle.h"

/**
 * RillLifecycleOwner:
 *
 * An object with a lifecycle, androidx's `LifecycleOwner`.
 *
 * LiveData observations, lifecycle scopes and [func@repeat_on_lifecycle]
 * take an owner. Every [class@Lifecycle] implements this interface and
 * returns itself, so a lifecycle can be passed where an owner is expected.
 */

G_DEFINE_INTERFACE (RillLifecycleOwner, rill_lifecycle_owner, G_TYPE_OBJECT)

static void
rill_lifecycle_owner_default_init (RillLifecycleOwnerInterface *iface)
{
}

/**
 * rill_lifecycle_owner_get_lifecycle:
 * @self: a lifecycle owner
 *
 * Returns the owner's lifecycle.
 *
 * Returns: (transfer none): the lifecycle
 */
RillLifecycle *
rill_lifecycle_owner_get_lifecycle (RillLifecycleOwner *self)
{
  RillLifecycleOwnerInterface *iface;

  g_return_val_if_fail (RILL_IS_LIFECYCLE_OWNER (self), NULL);

  iface = RILL_LIFECYCLE_OWNER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_lifecycle != NULL, NULL);

  return iface->get_lifecycle (self);
}
