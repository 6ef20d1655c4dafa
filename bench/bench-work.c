/* bench-work.c: the work manager's store and scheduler
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * work_enqueue_10k: 10 000 one-time requests enqueued one by one, each its
 * own committed transaction (WAL, synchronous=NORMAL), into a database in
 * a temporary folder. Figure: µs per enqueued request.
 *
 * work_throughput: 2000 trivial coroutine workers enqueued, then the
 * manager started on the Default pool; the clock runs from the start to
 * the moment the last work is SUCCEEDED in the database. Each work is three
 * committed transactions (enqueue is not timed: RUNNING, SUCCEEDED).
 * Figure: works completed per second.
 */

#include <glib/gstdio.h>
#include <rill.h>

#include <stdlib.h>

#include "bench-common.h"
#include "test-tmp-dir.h"

#define ENQUEUES 10000
#define WORKS    2000

static G_GNUC_NORETURN void
fail (const char *name,
      const char *why)
{
  printf ("%s: failed (%s)\n", name, why);
  fflush (stdout);
  exit (1);
}

G_DECLARE_FINAL_TYPE (TrivialWorker, trivial_worker, BENCH, TRIVIAL_WORKER, RillCoroutineWorker)
struct _TrivialWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TrivialWorker, trivial_worker, RILL_TYPE_COROUTINE_WORKER)

static gint completed;

static RillWorkResult *
trivial_worker_do_work (RillCoroutineWorker  *worker,
                        GError              **error)
{
  g_atomic_int_inc (&completed);
  return rill_work_result_new_success (NULL);
}

static void trivial_worker_class_init (TrivialWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = trivial_worker_do_work; }
static void trivial_worker_init (TrivialWorker *self) { }

static RillWorkManager *
open_manager (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "work.db", NULL);
  g_autoptr(GError) error = NULL;
  RillWorkManager *manager = rill_work_manager_new_for_path (path, &error);

  if (manager == NULL)
    fail ("work", error->message);
  return manager;
}

static void
bench_enqueue (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-bench-XXXXXX", NULL);
  g_autoptr(RillWorkManager) manager = open_manager (dir);
  gint64 start = now_ns ();

  for (int i = 0; i < ENQUEUES; i++)
    {
      g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("TrivialWorker");

      if (!rill_work_manager_enqueue (manager, request, NULL))
        fail ("work_enqueue_10k", "enqueue failed");
    }
  report ("work_enqueue_10k", (double) (now_ns () - start) / 1000.0 / ENQUEUES, "us");
  g_clear_object (&manager);
  remove_tree (dir);
}

static gboolean
all_done (RillWorkManager *manager)
{
  g_autoptr(GPtrArray) infos = rill_work_manager_get_work_infos_by_tag (manager, "TrivialWorker", NULL);
  guint done = 0;

  for (guint i = 0; i < infos->len; i++)
    done += rill_work_info_get_state (g_ptr_array_index (infos, i)) == RILL_WORK_STATE_SUCCEEDED;
  return done == WORKS;
}

static void
bench_throughput (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-bench-XXXXXX", NULL);
  g_autoptr(RillWorkManager) manager = open_manager (dir);
  gint64 start, elapsed;

  for (int i = 0; i < WORKS; i++)
    {
      g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("TrivialWorker");

      rill_work_manager_enqueue (manager, request, NULL);
    }
  g_atomic_int_set (&completed, 0);
  start = now_ns ();
  rill_work_manager_start (manager, NULL);
  while (g_atomic_int_get (&completed) < WORKS)
    g_usleep (200);
  /* The last results are committed right after their workers return. */
  while (!all_done (manager))
    g_usleep (200);
  elapsed = now_ns () - start;
  report ("work_throughput", WORKS / ((double) elapsed / 1e9), "works/s");
  rill_work_manager_shutdown (manager);
  g_clear_object (&manager);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_type_ensure (trivial_worker_get_type ());
  if (wanted (argc, argv, "work_enqueue_10k"))
    bench_enqueue ();
  if (wanted (argc, argv, "work_throughput"))
    bench_throughput ();
  return 0;
}
