/* rill-demo-workers.h: the demo's background work
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rill.h>

G_BEGIN_DECLS

/* The tag of every work the demo enqueues: its Work page lists it. */
#define RILL_DEMO_WORK_TAG "demo"
/* The time between two steps of a count. */
#define RILL_DEMO_COUNT_STEP_MS 200

#define RILL_DEMO_TYPE_COUNT_WORKER (rill_demo_count_worker_get_type ())
G_DECLARE_FINAL_TYPE (RillDemoCountWorker, rill_demo_count_worker, RILL_DEMO, COUNT_WORKER, RillCoroutineWorker)

#define RILL_DEMO_TYPE_FLAKY_WORKER (rill_demo_flaky_worker_get_type ())
G_DECLARE_FINAL_TYPE (RillDemoFlakyWorker, rill_demo_flaky_worker, RILL_DEMO, FLAKY_WORKER, RillCoroutineWorker)

/* The demo's remote work service: the demo's own program, started again
 * to run remote work in a process of its own. */
#define RILL_DEMO_REMOTE_SERVICE "worker"

#define RILL_DEMO_TYPE_REMOTE_COUNT_WORKER (rill_demo_remote_count_worker_get_type ())
G_DECLARE_FINAL_TYPE (RillDemoRemoteCountWorker, rill_demo_remote_count_worker, RILL_DEMO, REMOTE_COUNT_WORKER, RillRemoteCoroutineWorker)

void             rill_demo_workers_register      (void);
RillWorkManager *rill_demo_work_manager_new      (GError     **error);
RillWorkRequest *rill_demo_count_request_new     (int          count);
RillWorkRequest *rill_demo_flaky_request_new     (int          failures);
RillWorkRequest *rill_demo_remote_request_new    (int          count);

G_END_DECLS
