/* rill-deferred.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-types.h"

G_BEGIN_DECLS

#define RILL_TYPE_DEFERRED (rill_deferred_get_type ())

RILL_AVAILABLE_IN_ALL
GType         rill_deferred_get_type          (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillDeferred *rill_deferred_ref               (RillDeferred        *self);
RILL_AVAILABLE_IN_ALL
void          rill_deferred_unref             (RillDeferred        *self);
RILL_AVAILABLE_IN_ALL
RillJob      *rill_deferred_get_job           (RillDeferred        *self);

RILL_AVAILABLE_IN_ALL
gboolean      rill_deferred_await             (RillDeferred        *self,
                                               GValue              *result,
                                               GError             **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_deferred_get_completed     (RillDeferred        *self,
                                               GValue              *result,
                                               GError             **error);
RILL_AVAILABLE_IN_ALL
void          rill_deferred_await_async       (RillDeferred        *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
RILL_AVAILABLE_IN_ALL
gboolean      rill_deferred_await_finish      (RillDeferred        *self,
                                               GAsyncResult        *result,
                                               GValue              *value,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDeferred, rill_deferred_unref)

G_END_DECLS
