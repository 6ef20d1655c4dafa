/* rill-worker-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-worker.h"
#include "rill-work-database-private.h"
#include "rill-work-manager.h"

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
/* The run is over and its result recorded: the application is let go. */
void            rill_worker_end   (RillWorker         *self);

/* Where progress goes when there is no database: in the process of a
 * remote work service, to the application. Called on the thread of
 * rill_worker_set_progress(). */
typedef void (*RillWorkerProgressFunc) (RillWorker *worker,
                                        GVariant   *progress,
                                        gpointer    user_data);
void            rill_worker_set_progress_func (RillWorker             *self,
                                               RillWorkerProgressFunc  func,
                                               gpointer                user_data);

/* The manager that runs the worker. Not a reference: the run keeps the
 * manager alive, and the worker is dropped after the run. */
void             rill_worker_set_manager      (RillWorker         *self,
                                               RillWorkManager    *manager);
RillWorkManager *rill_worker_get_manager      (RillWorker         *self);
/* The worker class of the work's request, which need not be the type of
 * the worker (a remote worker's type may exist in its service only). */
const char      *rill_worker_get_worker_class (RillWorker         *self);

/* The run ended because the process running the work ended: recorded as
 * the work's stop reason with the result of the run. */
void            rill_worker_set_process_lost  (RillWorker         *self);
gboolean        rill_worker_get_process_lost  (RillWorker         *self);

G_END_DECLS
