/* rill-lifecycle-coroutines-private.h: what the lifecycle's coroutine
 * functions share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-coroutine-private.h"
#include "rill-lifecycle.h"

G_BEGIN_DECLS

/* Suspends @co until @job is completed or cancelled, through any
 * cancellation of @co meanwhile: what waits for its own children must not
 * leave before them. Unlike rill_job_join() it is not counted as a wait for
 * another thread, which would make the main loop spin before it sleeps: the
 * jobs waited for here run on the main thread too. */
void rill_lifecycle_await_final (RillCoroutine *co,
                                 RillJob       *job);

/* The part of rill_lifecycle_when_state_at_least() that holds @lifecycle
 * weakly, for callers that must not keep it alive. */
gboolean rill_lifecycle_when_state_at_least_weak (GWeakRef          *lifecycle,
                                                  RillLifecycleState state,
                                                  RillBlock          block,
                                                  gpointer           user_data);

/* A new scope with a supervisor job on the immediate main dispatcher: the
 * scope of lifecycles and view models. */
RillScope *rill_lifecycle_main_scope_new (void);

/* What kotlinx does with an exception thrown out of a suspending call:
 * a failure (not a cancellation) fails the calling coroutine's job. Takes
 * @error. */
void       rill_lifecycle_propagate_failure (GError *error);

G_END_DECLS
