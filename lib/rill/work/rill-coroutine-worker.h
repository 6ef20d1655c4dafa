/* rill-coroutine-worker.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-worker.h"

G_BEGIN_DECLS

#define RILL_TYPE_COROUTINE_WORKER (rill_coroutine_worker_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillCoroutineWorker, rill_coroutine_worker, RILL, COROUTINE_WORKER, RillWorker)

/**
 * RillCoroutineWorkerClass:
 * @do_work: does the work in a coroutine on the Default pool; it may
 *   suspend, call rill_with_context() to block on the IO pool, and is
 *   cancelled when the work is stopped. Returns the result, or %NULL with
 *   an error, which fails the work
 *
 * The class of coroutine workers, WorkManager's `CoroutineWorker`.
 */
struct _RillCoroutineWorkerClass
{
  RillWorkerClass parent_class;

  RillWorkResult *(*do_work) (RillCoroutineWorker  *self,
                              GError              **error);

  /*< private >*/
  gpointer padding[8];
};

G_END_DECLS
