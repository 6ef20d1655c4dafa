/* rill-view-model-store-owner.h
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

typedef struct _RillViewModelStore RillViewModelStore;

#define RILL_TYPE_VIEW_MODEL_STORE_OWNER (rill_view_model_store_owner_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (RillViewModelStoreOwner, rill_view_model_store_owner, RILL, VIEW_MODEL_STORE_OWNER, GObject)

/**
 * RillViewModelStoreOwnerInterface:
 * @get_view_model_store: returns the owner's store (transfer none); never
 *   %NULL
 *
 * The interface of an object that keeps view models, androidx's
 * `ViewModelStoreOwner`.
 */
struct _RillViewModelStoreOwnerInterface
{
  GTypeInterface g_iface;

  RillViewModelStore *(*get_view_model_store) (RillViewModelStoreOwner *self);
};

RILL_AVAILABLE_IN_ALL
RillViewModelStore *rill_view_model_store_owner_get_view_model_store (RillViewModelStoreOwner *self);

G_END_DECLS
