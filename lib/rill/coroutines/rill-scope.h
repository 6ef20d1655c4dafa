/* rill-scope.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

#define RILL_TYPE_SCOPE (rill_scope_get_type ())

RILL_AVAILABLE_IN_ALL
GType         rill_scope_get_type      (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillScope    *rill_scope_new           (RillContext        *context);
RILL_AVAILABLE_IN_ALL
RillScope    *rill_main_scope_new      (void);
RILL_AVAILABLE_IN_ALL
RillScope    *rill_global_scope        (void);

RILL_AVAILABLE_IN_ALL
RillScope    *rill_scope_ref           (RillScope          *self);
RILL_AVAILABLE_IN_ALL
void          rill_scope_unref         (RillScope          *self);

RILL_AVAILABLE_IN_ALL
RillJob      *rill_scope_get_job       (RillScope          *self);
RILL_AVAILABLE_IN_ALL
RillContext  *rill_scope_get_context   (RillScope          *self);
RILL_AVAILABLE_IN_ALL
void          rill_scope_cancel        (RillScope          *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_scope_is_active     (RillScope          *self);

RILL_AVAILABLE_IN_ALL
RillJob      *rill_launch              (RillScope          *scope,
                                        RillContext        *context,
                                        RillBlock           block,
                                        gpointer            user_data,
                                        GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillJob      *rill_launch_full         (RillScope          *scope,
                                        RillContext        *context,
                                        RillCoroutineStart  start,
                                        RillBlock           block,
                                        gpointer            user_data,
                                        GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillDeferred *rill_async               (RillScope          *scope,
                                        RillContext        *context,
                                        RillAsyncBlock      block,
                                        gpointer            user_data,
                                        GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillDeferred *rill_async_full          (RillScope          *scope,
                                        RillContext        *context,
                                        RillCoroutineStart  start,
                                        RillAsyncBlock      block,
                                        gpointer            user_data,
                                        GDestroyNotify      destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillScope, rill_scope_unref)

G_END_DECLS
