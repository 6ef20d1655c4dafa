/* bench-work-remote.c: remote coroutine workers
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Both run a work manager on the Default pool with a database in a
 * temporary folder and the service "bench", whose process is the tests'
 * rill-test-work-host; its TestEchoRemoteWorker returns at once.
 *
 * remote_work_roundtrip: the process warm (one work ran before), one
 * request at a time is enqueued and waited for until it is SUCCEEDED in the
 * database: the scheduler, three transactions, the call to the process
 * and its reply. Figure: median ms per work of 300.
 *
 * remote_work_cold: the same with an idle timeout of 0, so that each work
 * starts the process anew and waits for its connection. Figure: median ms
 * per work of 20.
 */

#include <glib/gstdio.h>
#include <rill.h>

#include <stdlib.h>

#include "bench-common.h"
#include "test-tmp-dir.h"

#define WARM_WORKS 300
#define COLD_WORKS 20

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
}

static GVariant *
remote_input (void)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", RILL_REMOTE_ARGUMENT_APPLICATION_ID, g_variant_new_string ("org.rill.Bench"));
  g_variant_builder_add (&b, "{sv}", RILL_REMOTE_ARGUMENT_SERVICE_NAME, g_variant_new_string ("bench"));
  return g_variant_builder_end (&b);
}

/* Enqueues one work and polls until it ends; its milliseconds. */
static double
one_work (const char      *name,
          RillWorkManager *manager)
{
  g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("TestEchoRemoteWorker");
  g_autoptr(GError) error = NULL;
  gint64 start, deadline;

  rill_work_request_set_input_data (request, remote_input (), NULL);
  start = now_ns ();
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  if (!rill_work_manager_enqueue (manager, request, &error))
    fail (name, error->message);
  for (;;)
    {
      g_autoptr(RillWorkInfo) info = rill_work_manager_get_work_info (manager, rill_work_request_get_id (request), &error);
      RillWorkState state;

      if (info == NULL)
        fail (name, error != NULL ? error->message : "the work vanished");
      state = rill_work_info_get_state (info);
      if (state == RILL_WORK_STATE_SUCCEEDED)
        break;
      if (rill_work_state_is_finished (state))
        {
          const char *why = "the work did not succeed";

          g_variant_lookup (rill_work_info_get_output_data (info), "error", "&s", &why);
          fail (name, why);
        }
      if (g_get_monotonic_time () > deadline)
        fail (name, "timed out");
      g_usleep (50);
    }
  return (now_ns () - start) / 1e6;
}

static void
run (const char *name,
     guint       idle_timeout_ms,
     guint       n)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-bench-remote-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.db", NULL);
  const char *argv[] = { RILL_WORK_HOST, "bench", NULL };
  g_autoptr(RillWorkManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *ms = g_new0 (double, n);

  manager = rill_work_manager_new_for_path (path, &error);
  if (manager == NULL)
    fail (name, error->message);
  rill_work_manager_set_application_id (manager, "org.rill.Bench");
  rill_work_manager_add_remote_service (manager, "bench", argv);
  rill_work_manager_set_remote_idle_timeout (manager, idle_timeout_ms);
  rill_work_manager_start (manager, NULL);

  one_work (name, manager);   /* the warm-up, and the first start */
  for (guint i = 0; i < n; i++)
    {
      /* A cold start must not find the last process still retiring. */
      if (idle_timeout_ms == 0)
        g_usleep (20000);
      ms[i] = one_work (name, manager);
    }
  qsort (ms, n, sizeof (double), compare_doubles);
  report_decimals (name, ms[n / 2], 3, "ms");

  rill_work_manager_shutdown (manager);
  g_clear_object (&manager);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "remote_work_roundtrip"))
    run ("remote_work_roundtrip", 60000, WARM_WORKS);
  if (wanted (argc, argv, "remote_work_cold"))
    run ("remote_work_cold", 0, COLD_WORKS);
  return 0;
}
