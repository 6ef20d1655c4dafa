/* rill-types.h
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

typedef struct _RillDispatcher RillDispatcher;
typedef struct _RillContext    RillContext;
typedef struct _RillJob        RillJob;
typedef struct _RillDeferred   RillDeferred;
typedef struct _RillScope      RillScope;
typedef struct _RillTestScope  RillTestScope;

/**
 * RillBlock:
 * @scope: the scope of the running coroutine; launching in it creates children
 * @user_data: the data given with the block
 *
 * The body of a coroutine started with [func@Rill.launch]. It runs on a fiber
 * and may call suspending functions such as [func@Rill.delay].
 */
typedef void (*RillBlock) (RillScope *scope,
                           gpointer   user_data);

/**
 * RillAsyncBlock:
 * @scope: the scope of the running coroutine
 * @result: (out caller-allocates): a zero-filled #GValue the block initialises
 *   and sets to its result, or leaves unset when it has none
 * @user_data: the data given with the block
 * @error: return location for the failure of the block
 *
 * The body of a coroutine that produces a value: [func@Rill.async],
 * [func@Rill.with_context] and [func@Rill.with_timeout].
 *
 * Returns: %TRUE on success, %FALSE with @error set when the block failed
 */
typedef gboolean (*RillAsyncBlock) (RillScope  *scope,
                                    GValue     *result,
                                    gpointer    user_data,
                                    GError    **error);

/**
 * RillCoroutineStart:
 * @RILL_COROUTINE_START_DEFAULT: schedule the coroutine on its dispatcher at once
 * @RILL_COROUTINE_START_LAZY: start it only when it is needed: by
 *   [method@Rill.Job.start], [method@Rill.Job.join] or [method@Rill.Deferred.await]
 * @RILL_COROUTINE_START_UNDISPATCHED: run it in the calling thread until its first
 *   suspension, then continue on its dispatcher
 *
 * How a coroutine builder starts the coroutine, as kotlinx's `CoroutineStart`.
 */
typedef enum {
  RILL_COROUTINE_START_DEFAULT,
  RILL_COROUTINE_START_LAZY,
  RILL_COROUTINE_START_UNDISPATCHED,
} RillCoroutineStart;

RILL_AVAILABLE_IN_ALL
GType rill_coroutine_start_get_type (void) G_GNUC_CONST;
#define RILL_TYPE_COROUTINE_START (rill_coroutine_start_get_type ())

G_END_DECLS
