/* rill-disposable.h
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

#define RILL_TYPE_DISPOSABLE (rill_disposable_get_type ())

typedef struct _RillDisposable RillDisposable;

/**
 * RillDisposeFunc:
 * @user_data: the data given to [ctor@Disposable.new]
 *
 * What a [struct@Disposable] does when it is disposed, once.
 */
typedef void (*RillDisposeFunc) (gpointer user_data);

RILL_AVAILABLE_IN_ALL
GType           rill_disposable_get_type    (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillDisposable *rill_disposable_new         (RillDisposeFunc  func,
                                             gpointer         user_data,
                                             GDestroyNotify   destroy);
RILL_AVAILABLE_IN_ALL
RillDisposable *rill_disposable_ref         (RillDisposable  *self);
RILL_AVAILABLE_IN_ALL
void            rill_disposable_unref       (RillDisposable  *self);
RILL_AVAILABLE_IN_ALL
void            rill_disposable_dispose     (RillDisposable  *self);
RILL_AVAILABLE_IN_ALL
gboolean        rill_disposable_is_disposed (RillDisposable  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDisposable, rill_disposable_unref)

G_END_DECLS
