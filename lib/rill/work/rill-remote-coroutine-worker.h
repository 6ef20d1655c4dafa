/* rill-remote-coroutine-worker.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-coroutine-worker.h"

G_BEGIN_DECLS

/**
 * RILL_REMOTE_ARGUMENT_APPLICATION_ID:
 *
 * The input data key of remote work naming the application whose service
 * runs it, a string: WorkManager's `ARGUMENT_PACKAGE_NAME`. It must be the
 * id of the work manager's application.
 */
#define RILL_REMOTE_ARGUMENT_APPLICATION_ID "rill.remote.application-id"

/**
 * RILL_REMOTE_ARGUMENT_SERVICE_NAME:
 *
 * The input data key of remote work naming the service that runs it, a
 * string given to [method@WorkManager.add_remote_service]: WorkManager's
 * `ARGUMENT_CLASS_NAME`.
 */
#define RILL_REMOTE_ARGUMENT_SERVICE_NAME "rill.remote.service-name"

#define RILL_TYPE_REMOTE_COROUTINE_WORKER (rill_remote_coroutine_worker_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillRemoteCoroutineWorker, rill_remote_coroutine_worker, RILL, REMOTE_COROUTINE_WORKER, RillCoroutineWorker)

/**
 * RillRemoteCoroutineWorkerClass:
 * @do_remote_work: does the work in a coroutine on the Default pool of the
 *   service's process; it may suspend, publish progress, and is cancelled
 *   when the work is stopped in the application. Returns the result, or
 *   %NULL with an error, which fails the work with its message
 *
 * The class of remote coroutine workers, WorkManager's
 * `RemoteCoroutineWorker`.
 */
struct _RillRemoteCoroutineWorkerClass
{
  RillCoroutineWorkerClass parent_class;

  RillWorkResult *(*do_remote_work) (RillRemoteCoroutineWorker  *self,
                                     GError                    **error);

  /*< private >*/
  gpointer padding[8];
};

G_END_DECLS
