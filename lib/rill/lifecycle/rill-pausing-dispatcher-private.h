/* rill-pausing-dispatcher-private.h: a main-thread dispatcher that can hold
 * its coroutines
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-dispatcher-private.h"

G_BEGIN_DECLS

/* androidx's PausingDispatcher and its DispatchQueue: coroutines run on the
 * main thread, where the default GMainContext is iterated, while the
 * dispatcher runs; while it is paused every resumption is queued, in order,
 * and none is lost. A new dispatcher is paused. Once finished it runs
 * whatever comes, for good. pause/resume/finish are called on the main
 * thread (by lifecycle observers); the rest from any thread. */
RillDispatcher *rill_pausing_dispatcher_new     (void);
void            rill_pausing_dispatcher_pause   (RillDispatcher *self);
void            rill_pausing_dispatcher_resume  (RillDispatcher *self);
void            rill_pausing_dispatcher_finish  (RillDispatcher *self);
gboolean        rill_pausing_dispatcher_can_run (RillDispatcher *self);

G_END_DECLS
