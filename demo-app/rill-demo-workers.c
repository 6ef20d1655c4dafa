/* rill-demo-workers.c: the demo's background work
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two coroutine workers: one counts to the number of its input, a step
 * every RILL_DEMO_COUNT_STEP_MS, publishing its progress; the other asks
 * to be retried until its attempt is past the failures of its input. Both
 * are found by their type names, which the requests carry.
 */

#include "rill-demo-config.h"

#include <unistd.h>

#include "rill-demo-workers.h"

static GVariant *
int_data (const char *key,
          int         value,
          const char *other_key,
          int         other_value)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", key, g_variant_new_int32 (value));
  if (other_key != NULL)
    g_variant_builder_add (&builder, "{sv}", other_key, g_variant_new_int32 (other_value));
  return g_variant_builder_end (&builder);
}

/* Counts to the input's "count" (read into @count), one step per
 * RILL_DEMO_COUNT_STEP_MS, telling each step as progress. Cancelled (by the
 * page, the tool, or the application quitting): the run ends there, and its
 * result would be ignored anyway. */
static gboolean
count_steps (RillWorker  *worker,
             int         *count,
             GError     **error)
{
  g_variant_lookup (rill_worker_get_input_data (worker), "count", "i", count);
  for (int step = 1; step <= *count; step++)
    {
      if (!rill_delay (RILL_DEMO_COUNT_STEP_MS))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
          return FALSE;
        }
      if (!rill_worker_set_progress (worker, int_data ("step", step, "of", *count), error))
        return FALSE;
    }
  return TRUE;
}

struct _RillDemoCountWorker
{
  RillCoroutineWorker parent_instance;
};

G_DEFINE_FINAL_TYPE (RillDemoCountWorker, rill_demo_count_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
rill_demo_count_worker_do_work (RillCoroutineWorker  *worker,
                                GError              **error)
{
  int count = 0;

  if (!count_steps (RILL_WORKER (worker), &count, error))
    return NULL;
  return rill_work_result_new_success (int_data ("counted", count, NULL, 0));
}

static void
rill_demo_count_worker_class_init (RillDemoCountWorkerClass *klass)
{
  RILL_COROUTINE_WORKER_CLASS (klass)->do_work = rill_demo_count_worker_do_work;
}

static void
rill_demo_count_worker_init (RillDemoCountWorker *self)
{
}

struct _RillDemoFlakyWorker
{
  RillCoroutineWorker parent_instance;
};

G_DEFINE_FINAL_TYPE (RillDemoFlakyWorker, rill_demo_flaky_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
rill_demo_flaky_worker_do_work (RillCoroutineWorker  *worker,
                                GError              **error)
{
  int failures = 0;

  g_variant_lookup (rill_worker_get_input_data (RILL_WORKER (worker)), "failures", "i", &failures);
  if (!rill_delay (RILL_DEMO_COUNT_STEP_MS))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
      return NULL;
    }
  /* The attempt count includes this run. */
  if ((int) rill_worker_get_run_attempt_count (RILL_WORKER (worker)) <= failures)
    return rill_work_result_new_retry ();
  return rill_work_result_new_success (NULL);
}

static void
rill_demo_flaky_worker_class_init (RillDemoFlakyWorkerClass *klass)
{
  RILL_COROUTINE_WORKER_CLASS (klass)->do_work = rill_demo_flaky_worker_do_work;
}

static void
rill_demo_flaky_worker_init (RillDemoFlakyWorker *self)
{
}


/* Counts as the count worker does, in the remote service's process: its
 * progress reaches the Work page through the application, and its output
 * tells which process ran it. */
struct _RillDemoRemoteCountWorker
{
  RillRemoteCoroutineWorker parent_instance;
};

G_DEFINE_FINAL_TYPE (RillDemoRemoteCountWorker, rill_demo_remote_count_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)

static RillWorkResult *
rill_demo_remote_count_worker_do_remote_work (RillRemoteCoroutineWorker  *worker,
                                              GError                    **error)
{
  int count = 0;

  if (!count_steps (RILL_WORKER (worker), &count, error))
    return NULL;
  return rill_work_result_new_success (int_data ("counted", count, "pid", (int) getpid ()));
}

static void
rill_demo_remote_count_worker_class_init (RillDemoRemoteCountWorkerClass *klass)
{
  RILL_REMOTE_COROUTINE_WORKER_CLASS (klass)->do_remote_work = rill_demo_remote_count_worker_do_remote_work;
}

static void
rill_demo_remote_count_worker_init (RillDemoRemoteCountWorker *self)
{
}

/**
 * rill_demo_workers_register:
 *
 * Registers the demo's worker types: the work manager and the remote
 * service find them by name, and work enqueued by an earlier start may
 * run before any of them was used.
 */
void
rill_demo_workers_register (void)
{
  g_type_ensure (RILL_DEMO_TYPE_COUNT_WORKER);
  g_type_ensure (RILL_DEMO_TYPE_FLAKY_WORKER);
  g_type_ensure (RILL_DEMO_TYPE_REMOTE_COUNT_WORKER);
}

/* The program of the remote service: the demo's own, unless the tests,
 * which are other programs, name it. */
static char *
service_program (void)
{
  const char *program = g_getenv ("RILL_DEMO_SERVICE_PROGRAM");

  if (program != NULL && *program != '\0')
    return g_strdup (program);
  return g_file_read_link ("/proc/self/exe", NULL);
}

/**
 * rill_demo_work_manager_new:
 * @error: return location for an error
 *
 * Opens the demo's work manager: its database is the application's
 * (under the user's data folder), or the file named by the
 * RILL_DEMO_WORK_DATABASE environment variable, which tests and the
 * `rill-work` tool can share. It is not started.
 *
 * Returns: (transfer full) (nullable): the manager
 */
RillWorkManager *
rill_demo_work_manager_new (GError **error)
{
  const char *path = g_getenv ("RILL_DEMO_WORK_DATABASE");

  g_autofree char *program = service_program ();
  RillWorkManager *manager;

  rill_demo_workers_register ();
  if (path != NULL && *path != '\0')
    manager = rill_work_manager_new_for_path (path, error);
  else
    manager = rill_work_manager_new (APPLICATION_ID, error);
  if (manager == NULL)
    return NULL;
  rill_work_manager_set_application_id (manager, APPLICATION_ID);
  if (program != NULL)
    {
      const char * const argv[] = { program, NULL };

      rill_work_manager_add_remote_service (manager, RILL_DEMO_REMOTE_SERVICE, argv);
    }
  return manager;
}

/**
 * rill_demo_count_request_new:
 * @count: what to count to
 *
 * Returns: (transfer full): a request to count, tagged for the Work page
 */
RillWorkRequest *
rill_demo_count_request_new (int count)
{
  RillWorkRequest *request = rill_work_request_new_one_time (g_type_name (RILL_DEMO_TYPE_COUNT_WORKER));

  rill_work_request_set_input_data (request, int_data ("count", count, NULL, 0), NULL);
  rill_work_request_add_tag (request, RILL_DEMO_WORK_TAG);
  return request;
}

/**
 * rill_demo_flaky_request_new:
 * @failures: how many attempts ask to be retried before one succeeds
 *
 * Returns: (transfer full): a request for work that is retried, with the
 *   shortest linear back-off, tagged for the Work page
 */
RillWorkRequest *
rill_demo_flaky_request_new (int failures)
{
  RillWorkRequest *request = rill_work_request_new_one_time (g_type_name (RILL_DEMO_TYPE_FLAKY_WORKER));

  rill_work_request_set_input_data (request, int_data ("failures", failures, NULL, 0), NULL);
  rill_work_request_set_backoff_criteria (request, RILL_BACKOFF_POLICY_LINEAR, RILL_WORK_MIN_BACKOFF_DELAY_MS);
  rill_work_request_add_tag (request, RILL_DEMO_WORK_TAG);
  return request;
}

/**
 * rill_demo_remote_request_new:
 * @count: how far to count
 *
 * Returns: (transfer full): a request for a count in the demo's remote
 *   work service
 */
RillWorkRequest *
rill_demo_remote_request_new (int count)
{
  RillWorkRequest *request = rill_work_request_new_one_time (g_type_name (RILL_DEMO_TYPE_REMOTE_COUNT_WORKER));
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "count", g_variant_new_int32 (count));
  g_variant_builder_add (&builder, "{sv}", RILL_REMOTE_ARGUMENT_APPLICATION_ID, g_variant_new_string (APPLICATION_ID));
  g_variant_builder_add (&builder, "{sv}", RILL_REMOTE_ARGUMENT_SERVICE_NAME, g_variant_new_string (RILL_DEMO_REMOTE_SERVICE));
  rill_work_request_set_input_data (request, g_variant_builder_end (&builder), NULL);
  rill_work_request_add_tag (request, RILL_DEMO_WORK_TAG);
  return request;
}
