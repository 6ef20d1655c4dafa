/* test-work-remote.c: remote coroutine workers in real processes
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test runs a work manager on a database in a temporary folder, on
 * the Default pool with the real clock, and declares the service "test"
 * whose process is rill-test-work-host, built next to this test. The tests
 * wait for states with generous time limits, and assert values, never
 * durations.
 */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <rill.h>

#include "test-main-loop.h"
#include "test-tmp-dir.h"

#define APP_ID   "org.rill.Test"
#define SERVICE  "test"
#define WAIT_MS  100000

/* A remote worker the application itself knows, for the arguments it
 * checks before sending anything. */
G_DECLARE_FINAL_TYPE (TestLocalRemoteWorker, test_local_remote_worker, TEST, LOCAL_REMOTE_WORKER, RillRemoteCoroutineWorker)
struct _TestLocalRemoteWorker { RillRemoteCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TestLocalRemoteWorker, test_local_remote_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)
static void test_local_remote_worker_class_init (TestLocalRemoteWorkerClass *klass) { }
static void test_local_remote_worker_init (TestLocalRemoteWorker *self) { }

typedef struct
{
  char            *dir;
  char            *host;
  RillWorkManager *manager;
} Fixture;

static void
declare_service (Fixture *f)
{
  const char *argv[] = { f->host, SERVICE, NULL };

  rill_work_manager_add_remote_service (f->manager, SERVICE, argv);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("rill-work-remote-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->host = g_test_build_filename (G_TEST_BUILT, "rill-test-work-host", NULL);
  path = g_build_filename (f->dir, "work.db", NULL);
  f->manager = rill_work_manager_new_for_path (path, &error);
  g_assert_no_error (error);
  rill_work_manager_set_application_id (f->manager, APP_ID);
  declare_service (f);
  rill_work_manager_start (f->manager, NULL);
}

/* Whether this process has children, reaped or not, from /proc. */
static gboolean
no_children (gpointer data)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *own = g_strdup_printf ("%d", (int) getpid ());
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after_name;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* pid (comm) state ppid …, where comm may hold spaces. */
      after_name = strrchr (stat, ')');
      if (after_name == NULL)
        continue;
      fields = g_strsplit (after_name + 2, " ", 3);
      if (g_strv_length (fields) >= 2 && g_str_equal (fields[1], own))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rill_work_manager_shutdown (f->manager);
  g_clear_object (&f->manager);
  /* The manager let its service processes go: they end, so that nothing
   * of a test outlives it (and their checks under Valgrind are seen). */
  g_assert_true (iterate_until (no_children, NULL, WAIT_MS));
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->host);
}

static GVariant *
remote_input (const char *application_id,
              const char *service,
              const char *key,
              GVariant   *value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (application_id != NULL)
    g_variant_builder_add (&b, "{sv}", RILL_REMOTE_ARGUMENT_APPLICATION_ID, g_variant_new_string (application_id));
  if (service != NULL)
    g_variant_builder_add (&b, "{sv}", RILL_REMOTE_ARGUMENT_SERVICE_NAME, g_variant_new_string (service));
  if (key != NULL)
    g_variant_builder_add (&b, "{sv}", key, value);
  return g_variant_builder_end (&b);
}

static RillWorkRequest *
enqueue (Fixture    *f,
         const char *worker_class,
         GVariant   *input)
{
  g_autoptr(GError) error = NULL;
  RillWorkRequest *request = rill_work_request_new_one_time (worker_class);

  g_assert_true (rill_work_request_set_input_data (request, input, &error));
  g_assert_no_error (error);
  g_assert_true (rill_work_manager_enqueue (f->manager, request, &error));
  g_assert_no_error (error);
  return request;
}

static RillWorkInfo *
info_of (Fixture         *f,
         RillWorkRequest *request)
{
  g_autoptr(GError) error = NULL;
  RillWorkInfo *info = rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (request), &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

typedef struct
{
  Fixture         *f;
  RillWorkRequest *request;
  RillWorkState    state;
  const char      *progress_key;
} Wait;

static gboolean
reached (gpointer data)
{
  Wait *w = data;
  g_autoptr(RillWorkInfo) info = info_of (w->f, w->request);
  g_autoptr(GVariant) value = NULL;

  if (rill_work_info_get_state (info) != w->state)
    return FALSE;
  if (w->progress_key == NULL)
    return TRUE;
  value = g_variant_lookup_value (rill_work_info_get_progress (info), w->progress_key, NULL);
  return value != NULL;
}

/* Waits until the work is in @state (and shows progress @progress_key). */
static RillWorkInfo *
wait_for (Fixture         *f,
          RillWorkRequest *request,
          RillWorkState    state,
          const char      *progress_key)
{
  Wait w = { f, request, state, progress_key };

  if (!iterate_until (reached, &w, WAIT_MS))
    {
      g_autoptr(RillWorkInfo) info = info_of (f, request);
      g_autofree char *output = g_variant_print (rill_work_info_get_output_data (info), TRUE);

      g_error ("work %s is %s, not %s; output %s", rill_work_request_get_id (request),
               rill_work_state_to_string (rill_work_info_get_state (info)),
               rill_work_state_to_string (state), output);
    }
  return info_of (f, request);
}

static const char *
output_string (RillWorkInfo *info,
               const char   *key)
{
  const char *value = NULL;

  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), key, "&s", &value));
  return value;
}

static int
output_int (RillWorkInfo *info,
            const char   *key)
{
  int value = 0;

  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), key, "i", &value));
  return value;
}

static gboolean
process_gone (gpointer data)
{
  pid_t pid = GPOINTER_TO_INT (data);

  return kill (pid, 0) != 0 && errno == ESRCH;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* ---------------------------------------------------------------------- */

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = enqueue (f, "TestEchoRemoteWorker",
                                                remote_input (APP_ID, SERVICE, "value", g_variant_new_int32 (7)));
  g_autoptr(RillWorkInfo) info = wait_for (f, request, RILL_WORK_STATE_SUCCEEDED, NULL);
  guint attempt = 0;

  g_assert_cmpint (output_int (info, "echo"), ==, 7);
  g_assert_cmpint (output_int (info, "pid"), !=, getpid ());
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), "attempt", "u", &attempt));
  g_assert_cmpuint (attempt, ==, 1);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (info), ==, 1);
  g_assert_cmpint (rill_work_info_get_stop_reason (info), ==, RILL_WORK_STOP_REASON_NOT_STOPPED);
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *release = g_build_filename (f->dir, "release", NULL);
  g_autoptr(RillWorkRequest) request = enqueue (f, "TestProgressRemoteWorker",
                                                remote_input (APP_ID, SERVICE, "release", g_variant_new_string (release)));
  g_autoptr(RillWorkInfo) running = wait_for (f, request, RILL_WORK_STATE_RUNNING, "step");
  g_autoptr(RillWorkInfo) done = NULL;
  gboolean finished = FALSE;
  int step = 0;

  g_assert_true (g_variant_lookup (rill_work_info_get_progress (running), "step", "i", &step));
  g_assert_cmpint (step, ==, 1);

  g_assert_true (g_file_set_contents (release, "", 0, NULL));
  done = wait_for (f, request, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "done", "b", &finished));
  g_assert_true (finished);
  g_assert_cmpuint (g_variant_n_children (rill_work_info_get_progress (done)), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (f->dir, "cancelled", NULL);
  g_autoptr(RillWorkRequest) request = enqueue (f, "TestBlockRemoteWorker",
                                                remote_input (APP_ID, SERVICE, "cancelled-file", g_variant_new_string (marker)));
  g_autoptr(RillWorkInfo) running = wait_for (f, request, RILL_WORK_STATE_RUNNING, "pid");
  g_autoptr(RillWorkInfo) cancelled = NULL;
  g_autoptr(RillWorkRequest) after = NULL;
  g_autoptr(RillWorkInfo) after_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  int pid = 0;

  g_assert_true (g_variant_lookup (rill_work_info_get_progress (running), "pid", "i", &pid));
  g_assert_true (rill_work_manager_cancel_work_by_id (f->manager, rill_work_request_get_id (request), &error));
  g_assert_no_error (error);
  cancelled = wait_for (f, request, RILL_WORK_STATE_CANCELLED, NULL);
  g_assert_cmpint (rill_work_info_get_stop_reason (cancelled), ==, RILL_WORK_STOP_REASON_CANCELLED);

  /* The coroutine in the other process saw its cancellation. */
  g_assert_true (iterate_until (file_exists, marker, WAIT_MS));
  g_assert_true (g_file_get_contents (marker, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "cancelled");

  /* The process lives on for the next work. */
  after = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  after_info = wait_for (f, after, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_cmpint (output_int (after_info, "pid"), ==, pid);
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = enqueue (f, "TestBlockRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  g_autoptr(RillWorkInfo) running = wait_for (f, request, RILL_WORK_STATE_RUNNING, "pid");
  g_autoptr(RillWorkInfo) failed = NULL;
  g_autoptr(RillWorkRequest) after = NULL;
  g_autoptr(RillWorkInfo) after_info = NULL;
  int pid = 0;

  g_assert_true (g_variant_lookup (rill_work_info_get_progress (running), "pid", "i", &pid));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  failed = wait_for (f, request, RILL_WORK_STATE_FAILED, NULL);
  g_assert_cmpstr (output_string (failed, "error"), ==,
                   "The process of the remote work service “test” ended while running the work (killed by signal 9)");
  g_assert_cmpint (rill_work_info_get_stop_reason (failed), ==, RILL_WORK_STOP_REASON_PROCESS_LOST);
  g_assert_cmpuint (rill_work_info_get_run_attempt_count (failed), ==, 1);

  /* The application goes on; the next work has a new process. */
  after = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, "value", g_variant_new_int32 (3)));
  after_info = wait_for (f, after, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_cmpint (output_int (after_info, "echo"), ==, 3);
  g_assert_cmpint (output_int (after_info, "pid"), !=, pid);
}

static void
test_reused (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *release = g_build_filename (f->dir, "release", NULL);
  g_autoptr(RillWorkRequest) first = enqueue (f, "TestProgressRemoteWorker",
                                              remote_input (APP_ID, SERVICE, "release", g_variant_new_string (release)));
  g_autoptr(RillWorkRequest) second = NULL;
  g_autoptr(RillWorkRequest) third = NULL;
  g_autoptr(RillWorkInfo) second_info = NULL, third_info = NULL, first_info = NULL;

  /* The second runs while the first does, the third after both. */
  first_info = wait_for (f, first, RILL_WORK_STATE_RUNNING, "step");
  second = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  second_info = wait_for (f, second, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_true (g_file_set_contents (release, "", 0, NULL));
  g_clear_pointer (&first_info, rill_work_info_unref);
  first_info = wait_for (f, first, RILL_WORK_STATE_SUCCEEDED, NULL);
  third = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  third_info = wait_for (f, third, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_cmpint (output_int (second_info, "pid"), ==, output_int (third_info, "pid"));
}

static void
test_idle_exit (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RillWorkRequest) first = NULL, second = NULL;
  g_autoptr(RillWorkInfo) first_info = NULL, second_info = NULL;
  int pid;

  rill_work_manager_set_remote_idle_timeout (f->manager, 200);

  first = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  first_info = wait_for (f, first, RILL_WORK_STATE_SUCCEEDED, NULL);
  pid = output_int (first_info, "pid");
  g_assert_true (iterate_until (process_gone, GINT_TO_POINTER (pid), WAIT_MS));

  second = enqueue (f, "TestEchoRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL));
  second_info = wait_for (f, second, RILL_WORK_STATE_SUCCEEDED, NULL);
  g_assert_cmpint (output_int (second_info, "pid"), !=, pid);
}

static void
expect_failure (Fixture    *f,
                const char *worker_class,
                GVariant   *input,
                const char *message)
{
  g_autoptr(RillWorkRequest) request = enqueue (f, worker_class, input);
  g_autoptr(RillWorkInfo) info = wait_for (f, request, RILL_WORK_STATE_FAILED, NULL);

  if (g_str_has_suffix (message, "*"))
    {
      g_autofree char *prefix = g_strndup (message, strlen (message) - 1);

      g_assert_true (g_str_has_prefix (output_string (info, "error"), prefix));
    }
  else
    g_assert_cmpstr (output_string (info, "error"), ==, message);
  g_assert_cmpint (rill_work_info_get_stop_reason (info), ==, RILL_WORK_STOP_REASON_NOT_STOPPED);
}

static void
test_bad_arguments (Fixture       *f,
                    gconstpointer  data)
{
  expect_failure (f, "TestLocalRemoteWorker", remote_input (NULL, SERVICE, NULL, NULL),
                  "Remote work needs the input data “rill.remote.application-id”, a string");
  expect_failure (f, "TestLocalRemoteWorker", remote_input (APP_ID, NULL, NULL, NULL),
                  "Remote work needs the input data “rill.remote.service-name”, a string");
  expect_failure (f, "TestLocalRemoteWorker",
                  remote_input (APP_ID, NULL, RILL_REMOTE_ARGUMENT_SERVICE_NAME, g_variant_new_int32 (1)),
                  "Remote work needs the input data “rill.remote.service-name”, a string");
  expect_failure (f, "TestEchoRemoteWorker", remote_input ("org.other.App", SERVICE, NULL, NULL),
                  "The remote work is for the application “org.other.App”, not for this one, “org.rill.Test”");
  expect_failure (f, "TestEchoRemoteWorker", remote_input (APP_ID, "nope", NULL, NULL),
                  "The application declares no remote work service “nope”");
}

static void
test_unknown_worker (Fixture       *f,
                     gconstpointer  data)
{
  expect_failure (f, "TestNoSuchRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL),
                  "No remote worker class “TestNoSuchRemoteWorker” in the process of the remote work service "
                  "“test”: it is not the name of a RillRemoteCoroutineWorker type registered there");
  /* The application's own class is not the service's. */
  expect_failure (f, "TestLocalRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL),
                  "No remote worker class “TestLocalRemoteWorker” in the process of the remote work service "
                  "“test”: it is not the name of a RillRemoteCoroutineWorker type registered there");
  expect_failure (f, "TestFailRemoteWorker", remote_input (APP_ID, SERVICE, NULL, NULL),
                  "The remote worker broke");
}

static void
test_bad_service (Fixture       *f,
                  gconstpointer  data)
{
  const char *missing[] = { "/nonexistent/rill-host", NULL };
  const char *not_a_service[] = { "/bin/true", NULL };

  rill_work_manager_add_remote_service (f->manager, "missing", missing);
  rill_work_manager_add_remote_service (f->manager, "not-a-service", not_a_service);
  expect_failure (f, "TestEchoRemoteWorker", remote_input (APP_ID, "missing", NULL, NULL),
                  "Cannot start the process of the remote work service “missing”: No program “/nonexistent/rill-host”");
  expect_failure (f, "TestEchoRemoteWorker", remote_input (APP_ID, "not-a-service", NULL, NULL),
                  "The process of the remote work service “not-a-service” ended before it could take the "
                  "work (exit status 0)");
}

static void
test_no_application_id (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-work-remote-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.db", NULL);
  g_autoptr(RillWorkManager) manager = NULL;
  g_autoptr(GApplication) app = g_application_new ("org.rill.FromApp", G_APPLICATION_DEFAULT_FLAGS);
  g_autofree char *id = NULL;

  manager = rill_work_manager_new_for_path (path, NULL);
  g_assert_nonnull (manager);
  g_assert_null (rill_work_manager_get_application_id (manager));
  rill_work_manager_set_application (manager, app);
  id = rill_work_manager_get_application_id (manager);
  g_assert_cmpstr (id, ==, "org.rill.FromApp");
  g_clear_pointer (&id, g_free);
  rill_work_manager_set_application_id (manager, APP_ID);
  id = rill_work_manager_get_application_id (manager);
  g_assert_cmpstr (id, ==, APP_ID);
  rill_work_manager_set_application (manager, NULL);
  g_clear_object (&manager);
  remove_tree (dir);
}

static void
test_not_a_service (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_remote_work_service_is_requested ());
  g_assert_false (rill_remote_work_service_run (NULL, &error));
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_type_ensure (test_local_remote_worker_get_type ());

#define ADD(path, func) g_test_add ("/work-remote/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("progress", test_progress);
  ADD ("cancel", test_cancel);
  ADD ("killed", test_killed);
  ADD ("reused", test_reused);
  ADD ("idle-exit", test_idle_exit);
  ADD ("bad-arguments", test_bad_arguments);
  ADD ("unknown-worker", test_unknown_worker);
  ADD ("bad-service", test_bad_service);
  g_test_add_func ("/work-remote/application-id", test_no_application_id);
  g_test_add_func ("/work-remote/not-a-service", test_not_a_service);
#undef ADD

  return g_test_run ();
}
