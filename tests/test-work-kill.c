/* test-work-kill.c: the work database survives a kill -9 at any moment
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A child process (this program with --child) runs a work manager on a
 * database in a temporary folder; the test kills it with SIGKILL while its
 * work runs, or at random moments of a stream of commits, then opens the
 * database again as the next start of the application would: nothing
 * enqueued is lost, finished output is there once, and work that was
 * running runs again with its attempt counted.
 */

#include <signal.h>
#include <glib/gstdio.h>
#include <rill.h>
#include "test-tmp-dir.h"

static const char *self_path;

/* ---------------------------------------------------------------------- */
/* The worker: in the child, it marks that it started and waits (to be
 * killed) or finishes at once, by its input's "mode". */

G_DECLARE_FINAL_TYPE (KillWorker, kill_worker, TEST, KILL_WORKER, RillCoroutineWorker)
struct _KillWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (KillWorker, kill_worker, RILL_TYPE_COROUTINE_WORKER)

static char *marker_dir;

static RillWorkResult *
kill_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  const char *mode = "quick";
  int value = 0;
  GVariantBuilder out;

  g_variant_lookup (input, "mode", "&s", &mode);
  g_variant_lookup (input, "value", "i", &value);
  if (marker_dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", rill_worker_get_id (RILL_WORKER (worker)),
                                               rill_worker_get_run_attempt_count (RILL_WORKER (worker)));
      g_autofree char *path = g_build_filename (marker_dir, name, NULL);

      g_file_set_contents (path, "", 0, NULL);
    }
  if (g_str_equal (mode, "hang"))
    rill_delay (600000);
  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&out, "{sv}", "value", g_variant_new_int32 (value * 10));
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void kill_worker_class_init (KillWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = kill_worker_do_work; }
static void kill_worker_init (KillWorker *self) { }

static RillWorkRequest *
kill_request (const char *mode,
              int         value)
{
  RillWorkRequest *request = rill_work_request_new_one_time ("KillWorker");
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "mode", g_variant_new_string (mode));
  g_variant_builder_add (&b, "{sv}", "value", g_variant_new_int32 (value));
  g_assert_true (rill_work_request_set_input_data (request, g_variant_builder_end (&b), NULL));
  return request;
}

/* ---------------------------------------------------------------------- */
/* The child */

/* --child DB MARKERS stream: enqueues and runs quick work without end. */
static gboolean
enqueue_more (gpointer user_data)
{
  RillWorkManager *manager = user_data;
  static int next;

  for (int i = 0; i < 4; i++)
    {
      g_autoptr(RillWorkRequest) request = kill_request ("quick", ++next);

      rill_work_manager_enqueue (manager, request, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static int
child_main (const char *db,
            const char *markers,
            const char *what)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  RillWorkManager *manager;

  marker_dir = g_strdup (markers);
  manager = rill_work_manager_new_for_path (db, &error);
  if (manager == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  if (g_str_equal (what, "stream"))
    g_timeout_add (1, enqueue_more, manager);
  rill_work_manager_start (manager, NULL);
  /* Runs until killed. */
  g_main_loop_run (loop);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* The test */

typedef struct
{
  char *dir;
  char *db;
  char *markers;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("rill-work-kill-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "work.db", NULL);
  f->markers = g_build_filename (f->dir, "markers", NULL);
  g_assert_cmpint (g_mkdir (f->markers, 0700), ==, 0);
  marker_dir = g_strdup (f->markers);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_clear_pointer (&marker_dir, g_free);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->markers);
}

static GSubprocess *
spawn_child (Fixture    *f,
             const char *what)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path,
                                         "--child", f->db, f->markers, what, NULL);

  g_assert_no_error (error);
  return child;
}

static void
kill_child (GSubprocess *child)
{
  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static gboolean
marker_exists (Fixture    *f,
               const char *id,
               guint       attempt)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", id, attempt);
  g_autofree char *path = g_build_filename (f->markers, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static RillWorkManager *
open_manager (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RillWorkManager *manager = rill_work_manager_new_for_path (f->db, &error);

  g_assert_no_error (error);
  return manager;
}

static RillWorkInfo *
info_of (RillWorkManager *manager,
         const char      *id)
{
  g_autoptr(GError) error = NULL;
  RillWorkInfo *info = rill_work_manager_get_work_info (manager, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

/* Runs the manager in a test scope until @id is finished. */
static void
run_to_end (RillWorkManager *manager)
{
  g_autoptr(RillTestScope) ts = rill_test_scope_new ();

  rill_work_manager_start (manager, rill_test_scope_get_scope (ts));
  rill_test_scope_advance_until_idle (ts);
  rill_work_manager_shutdown (manager);
  rill_test_scope_advance_until_idle (ts);
}

/* Killed in the middle of a run: the work runs again, attempt counted. */
static void
test_killed_while_running (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RillWorkRequest) hang = kill_request ("hang", 4);
  g_autofree char *id = g_strdup (rill_work_request_get_id (hang));
  g_autoptr(RillWorkManager) manager = open_manager (f);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(RillWorkInfo) left = NULL, done = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int value = 0;

  g_assert_true (rill_work_manager_enqueue (manager, hang, NULL));
  g_clear_object (&manager);

  child = spawn_child (f, "run");
  while (!marker_exists (f, id, 1) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_true (marker_exists (f, id, 1));
  kill_child (child);

  /* What the killed process left: RUNNING, attempt 1. */
  manager = open_manager (f);
  left = info_of (manager, id);
  g_assert_cmpint (rill_work_info_get_state (left), ==, RILL_WORK_STATE_RUNNING);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (left), ==, 1);

  /* The next start. The rerun waits as the first one did, in the test
   * scope's virtual time, which passes at once. */
  run_to_end (manager);
  done = info_of (manager, id);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (done), ==, 2);
  g_assert_cmpint (rill_work_info_get_stop_reason (done), ==, RILL_WORK_STOP_REASON_PROCESS_LOST);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "value", "i", &value));
  g_assert_cmpint (value, ==, 40);
  g_assert_true (marker_exists (f, id, 2));
}

/* Killed after the work finished: its output is there, and it does not
 * run again. */
static void
test_killed_after_success (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RillWorkRequest) quick = kill_request ("quick", 7);
  g_autofree char *id = g_strdup (rill_work_request_get_id (quick));
  g_autoptr(RillWorkManager) manager = open_manager (f);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(RillWorkInfo) done = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int value = 0;

  g_assert_true (rill_work_manager_enqueue (manager, quick, NULL));
  child = spawn_child (f, "run");
  for (;;)
    {
      g_autoptr(RillWorkInfo) info = info_of (manager, id);

      if (rill_work_info_get_state (info) == RILL_WORK_STATE_SUCCEEDED || g_get_monotonic_time () > deadline)
        break;
      g_usleep (5000);
    }
  kill_child (child);
  g_clear_object (&manager);

  manager = open_manager (f);
  run_to_end (manager);
  done = info_of (manager, id);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (done), ==, 1);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "value", "i", &value));
  g_assert_cmpint (value, ==, 70);
  g_assert_false (marker_exists (f, id, 2));
}

static guint
count_works (Fixture *f)
{
  g_autoptr(RillWorkManager) manager = open_manager (f);
  g_autoptr(GPtrArray) infos = rill_work_manager_get_work_infos_by_tag (manager, "KillWorker", NULL);

  return infos != NULL ? infos->len : 0;
}

/* Killed at random moments of a stream of enqueues and runs: each time,
 * every row is a state WorkManager could be in; at the end every work
 * succeeded once, with its own output. */
static void
test_killed_at_random (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(RillWorkManager) manager = NULL;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint succeeded = 0;

  for (int round = 0; round < 6; round++)
    {
      g_autoptr(GSubprocess) child = spawn_child (f, "stream");
      guint before = count_works (f);
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      /* Once the child commits (however slow it is, under Valgrind too),
       * at a random moment of what follows. */
      while (count_works (f) == before && g_get_monotonic_time () < deadline)
        g_usleep (2000);
      g_usleep (g_rand_int_range (rand, 0, 60) * 1000);
      kill_child (child);

      manager = open_manager (f);
      infos = rill_work_manager_get_work_infos_by_tag (manager, "KillWorker", NULL);
      g_assert_nonnull (infos);
      for (guint i = 0; i < infos->len; i++)
        {
          RillWorkInfo *info = g_ptr_array_index (infos, i);
          RillWorkState state = rill_work_info_get_state (info);
          int value = -1;

          g_assert_true (state == RILL_WORK_STATE_ENQUEUED || state == RILL_WORK_STATE_RUNNING
                         || state == RILL_WORK_STATE_SUCCEEDED);
          if (state == RILL_WORK_STATE_SUCCEEDED)
            g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), "value", "i", &value));
          else
            g_assert_cmpuint (g_variant_n_children (rill_work_info_get_output_data (info)), ==, 0);
        }
      g_clear_pointer (&infos, g_ptr_array_unref);
      g_clear_object (&manager);
    }

  /* The last start: everything left runs. */
  manager = open_manager (f);
  run_to_end (manager);
  infos = rill_work_manager_get_work_infos_by_tag (manager, "KillWorker", NULL);
  g_assert_cmpuint (infos->len, >, 0);
  for (guint i = 0; i < infos->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (infos, i);
      int value = -1;

      g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_SUCCEEDED);
      g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), "value", "i", &value));
      g_assert_cmpint (value, >, 0);
      g_assert_cmpint (value % 10, ==, 0);
      succeeded++;
    }
  g_assert_cmpuint (succeeded, ==, infos->len);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_type_ensure (kill_worker_get_type ());
  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3], argv[4]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/work-kill/killed-while-running", Fixture, NULL, fixture_set_up, test_killed_while_running, fixture_tear_down);
  g_test_add ("/work-kill/killed-after-success", Fixture, NULL, fixture_set_up, test_killed_after_success, fixture_tear_down);
  g_test_add ("/work-kill/killed-at-random", Fixture, NULL, fixture_set_up, test_killed_at_random, fixture_tear_down);

  return g_test_run ();
}
