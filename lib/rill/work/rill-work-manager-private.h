/* rill-work-manager-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-work-manager.h"
#include "rill-work-database-private.h"
#include "rill-remote-services-private.h"

G_BEGIN_DECLS

/* The built-in worker of rill_work_continuation_combine (): its output is
 * its merged input. */
#define RILL_WORK_COMBINE_WORKER_CLASS "RillCombineContinuationsWorker"

/* Enqueues @requests (each once) with @dependencies between them, as one
 * transaction, under @unique_name with @policy when it is not NULL. */
gboolean rill_work_manager_enqueue_graph (RillWorkManager         *self,
                                          GPtrArray               *requests,
                                          GArray                  *dependencies,
                                          const char              *unique_name,
                                          RillExistingWorkPolicy   policy,
                                          GError                 **error);

RillWorkContinuation *rill_work_continuation_new (RillWorkManager        *manager,
                                                  const char             *unique_name,
                                                  RillExistingWorkPolicy  policy,
                                                  RillWorkRequest       **requests,
                                                  guint                   n_requests);

/* The remote work services the application declared. */
RillRemoteServices *rill_work_manager_get_remote_services (RillWorkManager *self);

G_END_DECLS
