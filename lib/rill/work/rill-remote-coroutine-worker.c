/* rill-remote-coroutine-worker.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-remote-coroutine-worker.h"
#include "rill-remote-services-private.h"
#include "rill-work-manager-private.h"
#include "rill-worker-private.h"

/**
 * RillRemoteCoroutineWorker:
 *
 * A coroutine worker whose work runs in another process, WorkManager's
 * `RemoteCoroutineWorker`: a subclass implements `do_remote_work`, which
 * runs in the process of a remote work service that the application
 * declared with [method@WorkManager.add_remote_service].
 *
 * The request names the service with two strings of its input data,
 * %RILL_REMOTE_ARGUMENT_APPLICATION_ID (the id of the work manager's
 * application) and %RILL_REMOTE_ARGUMENT_SERVICE_NAME; its worker class is
 * the #GType name of the subclass, which must be registered in the
 * service's process (the application itself needs it only when it is its
 * own service). In the application, the worker's `do_work` starts the
 * service's process if it does not run, sends it the work and suspends
 * until its result comes back; progress published there with
 * [method@Worker.set_progress] shows in the work's [struct@WorkInfo]; a
 * stop of the work cancels the coroutine of `do_remote_work`.
 *
 * A missing or wrong argument, an unknown service, a worker class the
 * service does not know, or a process that cannot be started fails the
 * work, with the reason in the output's `"error"` entry. When the process
 * ends while it runs the work (a crash, a kill), the work fails with the
 * way it ended in `"error"` and %RILL_WORK_STOP_REASON_PROCESS_LOST as its
 * stop reason; the application is unaffected, and the next work starts a
 * new process.
 */

G_DEFINE_TYPE (RillRemoteCoroutineWorker, rill_remote_coroutine_worker, RILL_TYPE_COROUTINE_WORKER)

static const char *
lookup_argument (GVariant    *input,
                 const char  *key,
                 GError     **error)
{
  const char *value = NULL;

  if (!g_variant_lookup (input, key, "&s", &value) || *value == '\0')
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                   _("Remote work needs the input data “%s”, a string"), key);
      return NULL;
    }
  return value;
}

/* In the application: the work goes to the service's process. */
static RillWorkResult *
rill_remote_coroutine_worker_do_work (RillCoroutineWorker  *worker,
                                      GError              **error)
{
  RillWorker *self = RILL_WORKER (worker);
  RillWorkManager *manager = rill_worker_get_manager (self);
  GVariant *input = rill_worker_get_input_data (self);
  g_autofree char *own_id = NULL;
  const char *application_id, *service_name;

  if (manager == NULL || input == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("The remote worker %s does not run work of a work manager"), G_OBJECT_TYPE_NAME (self));
      return NULL;
    }
  if ((application_id = lookup_argument (input, RILL_REMOTE_ARGUMENT_APPLICATION_ID, error)) == NULL
      || (service_name = lookup_argument (input, RILL_REMOTE_ARGUMENT_SERVICE_NAME, error)) == NULL)
    return NULL;

  own_id = rill_work_manager_get_application_id (manager);
  if (own_id == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("The remote work is for the application “%s”, but the work manager does not know "
                     "the id of its application"), application_id);
      return NULL;
    }
  if (!g_str_equal (application_id, own_id))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("The remote work is for the application “%s”, not for this one, “%s”"),
                   application_id, own_id);
      return NULL;
    }
  return rill_remote_services_run (rill_work_manager_get_remote_services (manager), service_name, self, error);
}

static void
rill_remote_coroutine_worker_class_init (RillRemoteCoroutineWorkerClass *klass)
{
  RILL_COROUTINE_WORKER_CLASS (klass)->do_work = rill_remote_coroutine_worker_do_work;
}

static void
rill_remote_coroutine_worker_init (RillRemoteCoroutineWorker *self)
{
}
