/* rill-view-model-store.h
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

#define RILL_TYPE_VIEW_MODEL_STORE (rill_view_model_store_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillViewModelStore, rill_view_model_store, RILL, VIEW_MODEL_STORE, GObject)

RILL_AVAILABLE_IN_ALL
RillViewModelStore *rill_view_model_store_new      (void);
RILL_AVAILABLE_IN_ALL
void                rill_view_model_store_put      (RillViewModelStore *self,
                                                    const char         *key,
                                                    RillViewModel      *view_model);
RILL_AVAILABLE_IN_ALL
RillViewModel      *rill_view_model_store_get      (RillViewModelStore *self,
                                                    const char         *key);
RILL_AVAILABLE_IN_ALL
char              **rill_view_model_store_get_keys (RillViewModelStore *self);
RILL_AVAILABLE_IN_ALL
void                rill_view_model_store_clear    (RillViewModelStore *self);

G_END_DECLS
