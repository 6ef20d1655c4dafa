/* rill-remote-services-private.h: the remote work services of a manager
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rill-work-result.h"
#include "rill-worker.h"

G_BEGIN_DECLS

/* How a service's process finds its end of the connection: the number of
 * the descriptor, and the name of the service it was started for. */
#define RILL_REMOTE_FD_ENV           "RILL_REMOTE_WORK_FD"
#define RILL_REMOTE_SERVICE_ENV      "RILL_REMOTE_WORK_SERVICE"
/* Milliseconds a service's process is kept without work, when the
 * application sets none. */
#define RILL_REMOTE_IDLE_TIMEOUT_ENV "RILL_REMOTE_IDLE_TIMEOUT_MS"
#define RILL_REMOTE_CHILD_FD         3
#define RILL_REMOTE_OBJECT_PATH      "/org/rill/RemoteWorker1"

typedef struct _RillRemoteServices RillRemoteServices;

RillRemoteServices *rill_remote_services_new  (void);
/* Their processes are told to end once their work has. */
void                rill_remote_services_free (RillRemoteServices  *self);
void                rill_remote_services_add  (RillRemoteServices  *self,
                                               const char          *service_name,
                                               const char * const  *argv);
/* From the next time a process has no work. */
void                rill_remote_services_set_idle_timeout (RillRemoteServices *self,
                                                           guint               idle_timeout_ms);
/* In a coroutine: runs the run of @worker in the process of the service
 * @service_name, starting it if needed, and suspends until it ends.
 * Progress is forwarded to @worker; a cancellation of the coroutine is sent
 * to the process and returns at once. When the process ends under the
 * work, the worker is marked with rill_worker_set_process_lost(). */
RillWorkResult     *rill_remote_services_run  (RillRemoteServices  *self,
                                               const char          *service_name,
                                               RillWorker          *worker,
                                               GError             **error);

G_END_DECLS
