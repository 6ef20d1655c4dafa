/* rill-coroutine.h
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

RILL_AVAILABLE_IN_ALL
gboolean      rill_in_coroutine        (void);
RILL_AVAILABLE_IN_ALL
gboolean      rill_delay               (guint64          msec);
RILL_AVAILABLE_IN_ALL
gboolean      rill_yield               (void);
RILL_AVAILABLE_IN_ALL
gboolean      rill_is_active           (void);
RILL_AVAILABLE_IN_ALL
RillJob      *rill_get_job             (void);
RILL_AVAILABLE_IN_ALL
RillContext  *rill_get_context         (void);
RILL_AVAILABLE_IN_ALL
GCancellable *rill_get_cancellable     (void);

RILL_AVAILABLE_IN_ALL
gboolean      rill_with_context        (RillContext     *context,
                                        RillAsyncBlock   block,
                                        GValue          *result,
                                        gpointer         user_data,
                                        GError         **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_coroutine_scope     (RillAsyncBlock   block,
                                        GValue          *result,
                                        gpointer         user_data,
                                        GError         **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_with_timeout        (guint64          msec,
                                        RillAsyncBlock   block,
                                        GValue          *result,
                                        gpointer         user_data,
                                        GError         **error);
RILL_AVAILABLE_IN_ALL
void          rill_run_blocking        (RillContext     *context,
                                        RillBlock        block,
                                        gpointer         user_data);
RILL_AVAILABLE_IN_ALL
gboolean      rill_run_blocking_async  (RillContext     *context,
                                        RillAsyncBlock   block,
                                        GValue          *result,
                                        gpointer         user_data,
                                        GError         **error);

RILL_AVAILABLE_IN_ALL
void          rill_async_ready         (GObject         *source_object,
                                        GAsyncResult    *result,
                                        gpointer         user_data);
RILL_AVAILABLE_IN_ALL
gpointer      rill_async_slot          (void);
RILL_AVAILABLE_IN_ALL
GAsyncResult *rill_await_async_result  (void);

RILL_AVAILABLE_IN_ALL
void          rill_set_default_stack_size (gsize         size);
RILL_AVAILABLE_IN_ALL
gsize         rill_get_default_stack_size (void);

G_END_DECLS
