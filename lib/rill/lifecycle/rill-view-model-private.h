/* rill-view-model-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-view-model.h"

G_BEGIN_DECLS

/* androidx's ViewModel.clear(), which only the store calls: cancels the
 * scope, closes the closeables, then calls on_cleared; once. */
void rill_view_model_clear (RillViewModel *self);

G_END_DECLS
