/* rill-work-manager.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-flow.h"
#include "rill-live-data.h"
#include "rill-scope.h"
#include "rill-work-continuation.h"
#include "rill-work-enums.h"
#include "rill-work-info.h"
#include "rill-work-request.h"
#include "rill-worker.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_WORK_MANAGER (rill_work_manager_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillWorkManager, rill_work_manager, RILL, WORK_MANAGER, GObject)

/**
 * RillWorkerFactoryFunc:
 * @worker_class: the worker class of the work to run
 * @user_data: the data given with the factory
 *
 * Makes the worker for a run, WorkManager's `WorkerFactory`: for workers
 * that need constructor arguments, or names that are not #GType names.
 *
 * Returns: (transfer full) (nullable): a new worker, or %NULL to let the
 *   manager look @worker_class up as a #GType name
 */
typedef RillWorker *(*RillWorkerFactoryFunc) (const char *worker_class,
                                              gpointer    user_data);

/**
 * RillWorkClockFunc:
 * @user_data: the data given with the clock
 *
 * The work manager's clock, for tests with virtual time.
 *
 * Returns: the time in milliseconds
 */
typedef gint64 (*RillWorkClockFunc) (gpointer user_data);

RILL_AVAILABLE_IN_ALL
RillWorkManager *rill_work_manager_new                  (const char              *application_id,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
RillWorkManager *rill_work_manager_new_for_path         (const char              *path,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
const char      *rill_work_manager_get_database_path    (RillWorkManager         *self);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_application_id   (RillWorkManager         *self,
                                                         const char              *application_id);
RILL_AVAILABLE_IN_ALL
char            *rill_work_manager_get_application_id   (RillWorkManager         *self);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_add_remote_service   (RillWorkManager         *self,
                                                         const char              *service_name,
                                                         const char * const      *argv);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_remote_idle_timeout (RillWorkManager      *self,
                                                         guint                    idle_timeout_ms);

RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_worker_factory   (RillWorkManager         *self,
                                                         RillWorkerFactoryFunc    factory,
                                                         gpointer                 user_data,
                                                         GDestroyNotify           destroy);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_application      (RillWorkManager         *self,
                                                         GApplication            *application);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_clock            (RillWorkManager         *self,
                                                         RillWorkClockFunc        clock,
                                                         gpointer                 user_data,
                                                         GDestroyNotify           destroy);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_max_running      (RillWorkManager         *self,
                                                         guint                    max_running);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_set_network_monitor  (RillWorkManager         *self,
                                                         GNetworkMonitor         *monitor);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_start                (RillWorkManager         *self,
                                                         RillScope               *scope);
RILL_AVAILABLE_IN_ALL
void             rill_work_manager_shutdown             (RillWorkManager         *self);

RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_enqueue              (RillWorkManager         *self,
                                                         RillWorkRequest         *request,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_enqueue_unique_work  (RillWorkManager         *self,
                                                         const char              *name,
                                                         RillExistingWorkPolicy   policy,
                                                         RillWorkRequest         *request,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
RillWorkContinuation *rill_work_manager_begin_with      (RillWorkManager         *self,
                                                         RillWorkRequest        **requests,
                                                         guint                    n_requests);
RILL_AVAILABLE_IN_ALL
RillWorkContinuation *rill_work_manager_begin_unique_work (RillWorkManager       *self,
                                                         const char              *name,
                                                         RillExistingWorkPolicy   policy,
                                                         RillWorkRequest        **requests,
                                                         guint                    n_requests);

RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_cancel_work_by_id    (RillWorkManager         *self,
                                                         const char              *id,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_cancel_all_work_by_tag (RillWorkManager       *self,
                                                         const char              *tag,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_cancel_unique_work   (RillWorkManager         *self,
                                                         const char              *name,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_work_manager_cancel_all_work      (RillWorkManager         *self,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
guint            rill_work_manager_prune_work           (RillWorkManager         *self,
                                                         GError                 **error);

RILL_AVAILABLE_IN_ALL
RillWorkInfo    *rill_work_manager_get_work_info        (RillWorkManager         *self,
                                                         const char              *id,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
GPtrArray       *rill_work_manager_get_work_infos_by_tag (RillWorkManager        *self,
                                                         const char              *tag,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
GPtrArray       *rill_work_manager_get_work_infos_for_unique_work (RillWorkManager *self,
                                                         const char              *name,
                                                         GError                 **error);
RILL_AVAILABLE_IN_ALL
RillFlow        *rill_work_manager_get_work_info_flow   (RillWorkManager         *self,
                                                         const char              *id);
RILL_AVAILABLE_IN_ALL
RillFlow        *rill_work_manager_get_work_info_flow_by_tag (RillWorkManager    *self,
                                                         const char              *tag);
RILL_AVAILABLE_IN_ALL
RillFlow        *rill_work_manager_get_work_info_flow_by_unique_name (RillWorkManager *self,
                                                         const char              *name);
RILL_AVAILABLE_IN_ALL
RillLiveData    *rill_work_manager_get_work_info_live_data (RillWorkManager      *self,
                                                         const char              *id);
RILL_AVAILABLE_IN_ALL
RillLiveData    *rill_work_manager_get_work_info_live_data_by_tag (RillWorkManager *self,
                                                         const char              *tag);
RILL_AVAILABLE_IN_ALL
RillLiveData    *rill_work_manager_get_work_info_live_data_by_unique_name (RillWorkManager *self,
                                                         const char              *name);

G_END_DECLS
