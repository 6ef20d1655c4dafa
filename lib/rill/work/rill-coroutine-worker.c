/* rill-coroutine-worker.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-coroutine-worker.h"
#include "rill-worker-private.h"

/**
 * RillCoroutineWorker:
 *
 * A worker whose `do_work` is a coroutine, WorkManager's `CoroutineWorker`:
 * it runs in the work manager's scope (on the Default pool unless the
 * manager was started in another scope), may suspend, and is cancelled when
 * the work is stopped — cancellation reaches whatever it is waiting for, as
 * the coroutine's cancellation always does, with nothing for the worker to
 * do.
 *
 * ```c
 * static RillWorkResult *
 * download_worker_do_work (RillCoroutineWorker *worker, GError **error)
 * {
 *   g_auto(GValue) data = G_VALUE_INIT;
 *
 *   if (!rill_with_context (rill_context_io (), download_block, &data, worker, error))
 *     return NULL;
 *   save_data (&data);
 *   return rill_work_result_new_success (NULL);
 * }
 * ```
 */

G_DEFINE_ABSTRACT_TYPE (RillCoroutineWorker, rill_coroutine_worker, RILL_TYPE_WORKER)

static RillWorkResult *
rill_coroutine_worker_start_work (RillWorker  *worker,
                                  GError     **error)
{
  RillCoroutineWorkerClass *klass = RILL_COROUTINE_WORKER_GET_CLASS (worker);

  if (klass->do_work == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_UNKNOWN_WORKER,
                   _("The worker %s does not implement do_work"), G_OBJECT_TYPE_NAME (worker));
      return NULL;
    }
  return klass->do_work (RILL_COROUTINE_WORKER (worker), error);
}

static void
rill_coroutine_worker_class_init (RillCoroutineWorkerClass *klass)
{
  RILL_WORKER_CLASS (klass)->start_work = rill_coroutine_worker_start_work;
}

static void
rill_coroutine_worker_init (RillCoroutineWorker *self)
{
}
