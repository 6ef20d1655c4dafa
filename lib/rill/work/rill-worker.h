/* rill-worker.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-work-enums.h"
#include "rill-work-result.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_WORKER (rill_worker_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillWorker, rill_worker, RILL, WORKER, GObject)

/**
 * RillWorkerClass:
 * @do_work: does the work, blocking, on a thread of the IO pool; checks
 *   [method@Worker.is_stopped] or @cancellable now and then. Returns the
 *   result, or %NULL with an error, which fails the work
 * @start_work: runs the work in a coroutine; the default runs @do_work on
 *   the IO pool. [class@CoroutineWorker] replaces it
 * @on_stopped: called once when the work is stopped (cancelled, replaced,
 *   its constraints lost, the manager shut down), from any thread
 *
 * The class of workers, WorkManager's `ListenableWorker` and `Worker`.
 */
struct _RillWorkerClass
{
  GObjectClass parent_class;

  RillWorkResult *(*do_work)    (RillWorker    *self,
                                 GCancellable  *cancellable,
                                 GError       **error);
  RillWorkResult *(*start_work) (RillWorker    *self,
                                 GError       **error);
  void            (*on_stopped) (RillWorker    *self);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
const char         *rill_worker_get_id                (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
GVariant           *rill_worker_get_input_data        (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
const char * const *rill_worker_get_tags              (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
guint               rill_worker_get_run_attempt_count (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_worker_is_stopped            (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
RillWorkStopReason  rill_worker_get_stop_reason       (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
GCancellable       *rill_worker_get_cancellable       (RillWorker   *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_worker_set_progress          (RillWorker   *self,
                                                       GVariant     *progress,
                                                       GError      **error);
RILL_AVAILABLE_IN_ALL
void                rill_worker_set_foreground        (RillWorker   *self,
                                                       gboolean      foreground);

G_END_DECLS
