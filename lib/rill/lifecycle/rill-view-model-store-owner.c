/* rill-view-model-store-owner.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-view-model-store-owner.h"

/**
 * RillViewModelStoreOwner:
 *
 * An object that keeps view models in a [class@ViewModelStore], androidx's
 * `ViewModelStoreOwner`: a window, or the part of an application that
 * outlives its windows. [func@Rill.ViewModel.provider_get] takes an owner.
 *
 * The owner clears its store ([method@ViewModelStore.clear]) when it goes
 * away for good. Every [class@ViewModelStore] is an owner whose store is
 * itself.
 */

G_DEFINE_INTERFACE (RillViewModelStoreOwner, rill_view_model_store_owner, G_TYPE_OBJECT)

static void
rill_view_model_store_owner_default_init (RillViewModelStoreOwnerInterface *iface)
{
}

/**
 * rill_view_model_store_owner_get_view_model_store:
 * @self: a view model store owner
 *
 * Returns the owner's store.
 *
 * Returns: (transfer none): the store
 */
RillViewModelStore *
rill_view_model_store_owner_get_view_model_store (RillViewModelStoreOwner *self)
{
  RillViewModelStoreOwnerInterface *iface;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE_OWNER (self), NULL);

  iface = RILL_VIEW_MODEL_STORE_OWNER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_view_model_store != NULL, NULL);

  return iface->get_view_model_store (self);
}
