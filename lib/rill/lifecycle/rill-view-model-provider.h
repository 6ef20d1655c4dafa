/* rill-view-model-provider.h
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
#include "rill-view-model.h"
#include "rill-view-model-store-owner.h"

G_BEGIN_DECLS

/**
 * RillViewModelFactory:
 * @type: the type of view model asked for
 * @key: the key it will be kept under
 * @user_data: the data given with the factory
 *
 * Creates a view model, androidx's `ViewModelProvider.Factory.create`.
 *
 * Returns: (transfer full): a new instance of @type
 */
typedef RillViewModel *(*RillViewModelFactory) (GType       type,
                                                const char *key,
                                                gpointer    user_data);

RILL_AVAILABLE_IN_ALL
RillViewModel *rill_view_model_provider_get              (RillViewModelStoreOwner *owner,
                                                          GType                    type,
                                                          const char              *key);
RILL_AVAILABLE_IN_ALL
RillViewModel *rill_view_model_provider_get_with_factory (RillViewModelStoreOwner *owner,
                                                          GType                    type,
                                                          const char              *key,
                                                          RillViewModelFactory     factory,
                                                          gpointer                 user_data);
RILL_AVAILABLE_IN_ALL
char          *rill_view_model_provider_get_default_key  (GType                    type);

G_END_DECLS
