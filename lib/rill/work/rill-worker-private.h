/* rill-worker-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-worker.h"
#include "rill-work-database-private.h"

G_BEGIN_DECLS

/* Gives a new worker its work: the row it runs, its merged input, the
 * database its progress goes to and the application to hold. */
void            rill_worker_setup (RillWorker         *self,
                                   RillWorkInfo       *info,
                                   GVariant           *input,
                                   RillWorkDatabase   *database,
                                   GApplication       *application);
/* Stops the worker: at most once, the first reason wins. */
void            rill_worker_stop  (RillWorker         *self,
                                   RillWorkStopReason  reason);
/* In a coroutine: runs the work. */
RillWorkResult *rill_worker_run   (RillWorker         *self,
                                   GError            **error);

G_END_DECLS
