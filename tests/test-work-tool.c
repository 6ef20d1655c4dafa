/* test-work-tool.c: the rill-work tool on databases the library wrote
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test writes a database with a work manager on a virtual clock (a
 * work run to success, delayed work, a chain, unique work), then runs the
 * built tool (RILL_WORK_TOOL) in the C.UTF-8 locale and UTC, and compares
 * its exact output; changes the tool makes are read back through the
 * library.
 */

#include <string.h>

#include <glib/gstdio.h>
#include <rill.h>
#include "test-tmp-dir.h"
#include "test-work-clock.h"

#define APP_ID "org.rill.ToolTest"

/* Output {"echo": v, "value": v} for v = input["value"]. */
G_DECLARE_FINAL_TYPE (EchoWorker, echo_worker, TEST, ECHO_WORKER, RillCoroutineWorker)
struct _EchoWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (EchoWorker, echo_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
echo_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  g_autoptr(GVariant) value = g_variant_lookup_value (input, "value", NULL);
  GVariantBuilder out;

  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  if (value != NULL)
    {
      g_variant_builder_add (&out, "{sv}", "echo", value);
      g_variant_builder_add (&out, "{sv}", "value", value);
    }
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void echo_worker_class_init (EchoWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = echo_worker_do_work; }
static void echo_worker_init (EchoWorker *self) { }

/* Never runs here: the second step of a chain. */
G_DECLARE_FINAL_TYPE (FailWorker, fail_worker, TEST, FAIL_WORKER, RillCoroutineWorker)
struct _FailWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (FailWorker, fail_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
fail_worker_do_work (RillCoroutineWorker  *worker,
                     GError              **error)
{
  return rill_work_result_new_failure (NULL);
}

static void fail_worker_class_init (FailWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = fail_worker_do_work; }
static void fail_worker_init (FailWorker *self) { }

/* ---------------------------------------------------------------------- */

typedef struct
{
  char          *dir;
  char          *path;       /* DIR/APP_ID/rill-work.db, as for --app-id */
  RillTestScope *ts;
  /* The works, by their part in the set:
   * done:  SUCCEEDED, tagged "demo", input {"value": 7}
   * later: ENQUEUED for a minute later, tagged "later"
   * head:  ENQUEUED, first of a chain, tagged "chain"
   * tail:  BLOCKED after head, tagged "chain"
   * sync:  ENQUEUED unique work "sync", tagged "demo" */
  char          *done, *later, *head, *tail, *sync;
} Fixture;

static RillWorkManager *
open_manager (Fixture *f)
{
  return test_work_open_manager (f->path, f->ts);
}

static GVariant *
int_data (const char *key,
          int         value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_int32 (value));
  return g_variant_builder_end (&b);
}

static RillWorkRequest *
request_for (GType       type,
             const char *tag)
{
  RillWorkRequest *request = rill_work_request_new_one_time (g_type_name (type));

  rill_work_request_add_tag (request, tag);
  return request;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RillWorkManager) runner = NULL;
  g_autoptr(RillWorkManager) manager = NULL;
  g_autoptr(RillWorkRequest) done = request_for (echo_worker_get_type (), "demo");
  g_autoptr(RillWorkRequest) later = request_for (echo_worker_get_type (), "later");
  g_autoptr(RillWorkRequest) head = request_for (echo_worker_get_type (), "chain");
  g_autoptr(RillWorkRequest) tail = request_for (fail_worker_get_type (), "chain");
  g_autoptr(RillWorkRequest) sync = request_for (echo_worker_get_type (), "demo");
  g_autoptr(RillWorkContinuation) first = NULL, then = NULL;
  g_autoptr(RillWorkInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rill-work-tool-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, APP_ID, "rill-work.db", NULL);
  f->ts = rill_test_scope_new ();

  /* One work run to success, by a started manager. */
  runner = open_manager (f);
  g_assert_true (rill_work_request_set_input_data (done, int_data ("value", 7), NULL));
  g_assert_true (rill_work_manager_enqueue (runner, done, &error));
  g_assert_no_error (error);
  rill_work_manager_start (runner, rill_test_scope_get_scope (f->ts));
  rill_test_scope_advance_until_idle (f->ts);
  info = rill_work_manager_get_work_info (runner, rill_work_request_get_id (done), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rill_work_info_get_state (info), ==, RILL_WORK_STATE_SUCCEEDED);
  rill_work_manager_shutdown (runner);
  rill_test_scope_advance_until_idle (f->ts);
  g_assert_cmpuint (rill_test_scope_get_current_time (f->ts), ==, 0);

  /* The rest stays as enqueued, by a manager that is never started. */
  manager = open_manager (f);
  rill_work_request_set_initial_delay (later, 60000);
  g_assert_true (rill_work_manager_enqueue (manager, later, &error));
  first = rill_work_manager_begin_with (manager, &head, 1);
  then = rill_work_continuation_then (first, &tail, 1);
  g_assert_true (rill_work_continuation_enqueue (then, &error));
  g_assert_true (rill_work_manager_enqueue_unique_work (manager, "sync", RILL_EXISTING_WORK_POLICY_KEEP,
                                                        sync, &error));
  g_assert_no_error (error);

  f->done = g_strdup (rill_work_request_get_id (done));
  f->later = g_strdup (rill_work_request_get_id (later));
  f->head = g_strdup (rill_work_request_get_id (head));
  f->tail = g_strdup (rill_work_request_get_id (tail));
  f->sync = g_strdup (rill_work_request_get_id (sync));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rill_test_scope_advance_until_idle (f->ts);
  rill_test_scope_unref (f->ts);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->done);
  g_free (f->later);
  g_free (f->head);
  g_free (f->tail);
  g_free (f->sync);
}

/* ---------------------------------------------------------------------- */
/* Running the tool */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the tool with the arguments (NULL-terminated) in a fixed locale and
 * time zone, its data folder the fixture's. */
static Run
run_tool (Fixture    *f,
          const char *first,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *tool = g_getenv ("RILL_WORK_TOOL");
  Run run = { -1, NULL, NULL };
  va_list args;

  g_assert_nonnull (tool);
  g_ptr_array_add (argv, (gpointer) tool);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

static char *
list_row (const char *id,
          const char *state,
          const char *attempts,
          const char *worker,
          const char *tags)
{
  return g_strdup_printf ("%-36s  %-9s  %-8s  %-10s  %s\n", id, state, attempts, worker, tags);
}

static RillWorkState
state_in_library (Fixture    *f,
                  const char *id)
{
  g_autoptr(RillWorkManager) manager = open_manager (f);
  g_autoptr(RillWorkInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = rill_work_manager_get_work_info (manager, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return rill_work_info_get_state (info);
}

static gboolean
exists_in_library (Fixture    *f,
                   const char *id)
{
  g_autoptr(RillWorkManager) manager = open_manager (f);
  g_autoptr(RillWorkInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = rill_work_manager_get_work_info (manager, id, &error);
  g_assert_no_error (error);
  return info != NULL;
}

/* ---------------------------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Run) run = run_tool (f, "--app-id", APP_ID, "list", NULL);
  g_autofree char *header = list_row ("ID", "STATE", "ATTEMPTS", "WORKER", "TAGS");
  g_autofree char *done = list_row (f->done, "SUCCEEDED", "1", "EchoWorker", "EchoWorker, demo");
  g_autofree char *later = list_row (f->later, "ENQUEUED", "0", "EchoWorker", "EchoWorker, later");
  g_autofree char *head = list_row (f->head, "ENQUEUED", "0", "EchoWorker", "EchoWorker, chain");
  g_autofree char *tail = list_row (f->tail, "BLOCKED", "0", "FailWorker", "FailWorker, chain");
  g_autofree char *sync = list_row (f->sync, "ENQUEUED", "0", "EchoWorker", "EchoWorker, demo");
  g_autofree char *all = g_strconcat (header, done, later, head, tail, sync, NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, all);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *header = list_row ("ID", "STATE", "ATTEMPTS", "WORKER", "TAGS");
  g_autofree char *done = list_row (f->done, "SUCCEEDED", "1", "EchoWorker", "EchoWorker, demo");
  g_autofree char *sync = list_row (f->sync, "ENQUEUED", "0", "EchoWorker", "EchoWorker, demo");

  {
    g_auto(Run) run = run_tool (f, "--database", f->path, "list", "--tag", "demo", NULL);
    g_autofree char *expected = g_strconcat (header, done, sync, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    /* The columns are as wide as what they show. */
    g_auto(Run) run = run_tool (f, "-d", f->path, "list", "--state", "ENQUEUED", NULL);
    g_autofree char *expected = g_strdup_printf ("%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n",
                                                 "ID", "STATE", "ATTEMPTS", "WORKER", "TAGS",
                                                 f->later, "ENQUEUED", "0", "EchoWorker", "EchoWorker, later",
                                                 f->head, "ENQUEUED", "0", "EchoWorker", "EchoWorker, chain",
                                                 f->sync, "ENQUEUED", "0", "EchoWorker", "EchoWorker, demo");

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "list", "--tag", "demo", "--state", "succeeded", NULL);
    g_autofree char *expected = g_strconcat (header, done, NULL);

    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "list", "--name", "sync", NULL);
    g_autofree char *expected = g_strdup_printf ("%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n",
                                                 "ID", "STATE", "ATTEMPTS", "WORKER", "TAGS",
                                                 f->sync, "ENQUEUED", "0", "EchoWorker", "EchoWorker, demo");

    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    /* Nothing matches: nothing on the standard output, a word on the
     * standard error. */
    g_auto(Run) run = run_tool (f, "-d", f->path, "list", "--state", "running", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_cmpstr (run.err, ==, "No work matches.\n");
  }
}

static void
test_list_json (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) run = run_tool (f, "-d", f->path, "list", "--tag", "demo", "--json", NULL);
  g_autofree char *expected = g_strdup_printf (
    "[\n"
    "  {\"id\": \"%s\", \"state\": \"SUCCEEDED\", \"worker_class\": \"EchoWorker\", "
    "\"tags\": [\"EchoWorker\", \"demo\"], \"unique_names\": [], \"run_attempt_count\": 1, "
    "\"generation\": 0, \"periodic\": false, \"next_schedule_time\": null, \"stop_reason\": \"NOT_STOPPED\", "
    "\"input\": \"{'value': <7>}\", \"output\": \"{'echo': <7>, 'value': <7>}\", \"progress\": \"@a{sv} {}\"},\n"
    "  {\"id\": \"%s\", \"state\": \"ENQUEUED\", \"worker_class\": \"EchoWorker\", "
    "\"tags\": [\"EchoWorker\", \"demo\"], \"unique_names\": [\"sync\"], \"run_attempt_count\": 0, "
    "\"generation\": 0, \"periodic\": false, \"next_schedule_time\": %" G_GINT64_FORMAT ", "
    "\"stop_reason\": \"NOT_STOPPED\", "
    "\"input\": \"@a{sv} {}\", \"output\": \"@a{sv} {}\", \"progress\": \"@a{sv} {}\"}\n"
    "]\n", f->done, f->sync, BASE_TIME);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);

  {
    g_auto(Run) none = run_tool (f, "-d", f->path, "list", "--tag", "nothing", "--json", NULL);

    g_assert_cmpint (none.status, ==, 0);
    g_assert_cmpstr (none.out, ==, "[]\n");
    g_assert_cmpstr (none.err, ==, "");
  }
}

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "show", f->done, NULL);
    g_autofree char *expected = g_strdup_printf (
      "ID:             %s\n"
      "State:          SUCCEEDED\n"
      "Worker class:   EchoWorker\n"
      "Tags:           EchoWorker\n"
      "                demo\n"
      "Unique names:   none\n"
      "Run attempts:   1\n"
      "Periodic:       no\n"
      "Next run:       never\n"
      "Stop reason:    NOT_STOPPED\n"
      "Input:          {'value': <7>}\n"
      "Output:         {'echo': <7>, 'value': <7>}\n"
      "Progress:       @a{sv} {}\n"
      "Constraints:    @a{sv} {}\n"
      "Prerequisites:  none\n"
      "Dependents:     none\n", f->done);

    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    /* The head of the chain: its next run in local time (UTC here). */
    g_auto(Run) run = run_tool (f, "-d", f->path, "show", f->head, NULL);
    g_autofree char *expected = g_strdup_printf (
      "ID:             %s\n"
      "State:          ENQUEUED\n"
      "Worker class:   EchoWorker\n"
      "Tags:           EchoWorker\n"
      "                chain\n"
      "Unique names:   none\n"
      "Run attempts:   0\n"
      "Periodic:       no\n"
      "Next run:       2023-11-14 22:13:20\n"
      "Stop reason:    NOT_STOPPED\n"
      "Input:          @a{sv} {}\n"
      "Output:         @a{sv} {}\n"
      "Progress:       @a{sv} {}\n"
      "Constraints:    @a{sv} {}\n"
      "Prerequisites:  none\n"
      "Dependents:     %s\n", f->head, f->tail);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "show", f->tail, NULL);
    g_autofree char *expected = g_strdup_printf (
      "ID:             %s\n"
      "State:          BLOCKED\n"
      "Worker class:   FailWorker\n"
      "Tags:           FailWorker\n"
      "                chain\n"
      "Unique names:   none\n"
      "Run attempts:   0\n"
      "Periodic:       no\n"
      "Next run:       after its prerequisites\n"
      "Stop reason:    NOT_STOPPED\n"
      "Input:          @a{sv} {}\n"
      "Output:         @a{sv} {}\n"
      "Progress:       @a{sv} {}\n"
      "Constraints:    @a{sv} {}\n"
      "Prerequisites:  %s\n"
      "Dependents:     none\n", f->tail, f->head);

    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "show", f->later, NULL);
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    g_assert_cmpstr (lines[8], ==, "Next run:       2023-11-14 22:14:20");
  }
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "show", f->sync, NULL);
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    g_assert_cmpstr (lines[5], ==, "Unique names:   sync");
  }
}

static void
test_cancel_id (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("Cancelled %s (EchoWorker)\n"
                                               "Cancelled %s (FailWorker)\n", f->head, f->tail);

  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "cancel", f->head, NULL);

    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  /* The cancel reached the dependent, as the library's does. */
  g_assert_cmpint (state_in_library (f, f->head), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_in_library (f, f->tail), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_in_library (f, f->later), ==, RILL_WORK_STATE_ENQUEUED);
  g_assert_cmpint (state_in_library (f, f->done), ==, RILL_WORK_STATE_SUCCEEDED);

  {
    /* Finished work is not cancelled again. */
    g_auto(Run) run = run_tool (f, "-d", f->path, "cancel", f->done, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Nothing to cancel: no unfinished work matches.\n");
  }
  g_assert_cmpint (state_in_library (f, f->done), ==, RILL_WORK_STATE_SUCCEEDED);
}

static void
test_cancel_tag_name_all (Fixture       *f,
                          gconstpointer  data)
{
  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "cancel", "--tag", "later", NULL);
    g_autofree char *expected = g_strdup_printf ("Cancelled %s (EchoWorker)\n", f->later);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  g_assert_cmpint (state_in_library (f, f->later), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_in_library (f, f->head), ==, RILL_WORK_STATE_ENQUEUED);

  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "cancel", "--name", "sync", NULL);
    g_autofree char *expected = g_strdup_printf ("Cancelled %s (EchoWorker)\n", f->sync);

    g_assert_cmpstr (run.out, ==, expected);
  }
  g_assert_cmpint (state_in_library (f, f->sync), ==, RILL_WORK_STATE_CANCELLED);

  {
    g_auto(Run) run = run_tool (f, "-d", f->path, "cancel", "--all", NULL);
    g_autofree char *expected = g_strdup_printf ("Cancelled %s (EchoWorker)\n"
                                                 "Cancelled %s (FailWorker)\n", f->head, f->tail);

    g_assert_cmpstr (run.out, ==, expected);
  }
  g_assert_cmpint (state_in_library (f, f->tail), ==, RILL_WORK_STATE_CANCELLED);
  g_assert_cmpint (state_in_library (f, f->done), ==, RILL_WORK_STATE_SUCCEEDED);
}

static void
test_prune (Fixture       *f,
            gconstpointer  data)
{
  {
    /* Nothing unfinished waits on the work that succeeded. */
    g_auto(Run) run = run_tool (f, "-d", f->path, "prune", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Deleted 1 finished work\n");
  }
  g_assert_false (exists_in_library (f, f->done));
  g_assert_true (exists_in_library (f, f->head));

  {
    g_auto(Run) cancel = run_tool (f, "-d", f->path, "cancel", "--tag", "chain", NULL);
    g_auto(Run) run = run_tool (f, "-d", f->path, "prune", NULL);
    g_auto(Run) list = run_tool (f, "-d", f->path, "list", NULL);
    g_autofree char *expected = g_strdup_printf ("%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n"
                                                 "%-36s  %-8s  %-8s  %-10s  %s\n",
                                                 "ID", "STATE", "ATTEMPTS", "WORKER", "TAGS",
                                                 f->later, "ENQUEUED", "0", "EchoWorker", "EchoWorker, later",
                                                 f->sync, "ENQUEUED", "0", "EchoWorker", "EchoWorker, demo");

    g_assert_cmpint (cancel.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Deleted 2 finished works\n");
    g_assert_cmpstr (list.out, ==, expected);
  }
  g_assert_false (exists_in_library (f, f->head));
  g_assert_false (exists_in_library (f, f->tail));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "nothing", "rill-work.db", NULL);
  g_autofree char *corrupt = g_build_filename (f->dir, "corrupt.db", NULL);

  {
    g_auto(Run) run = run_tool (f, "-d", missing, "list", NULL);
    g_autofree char *expected = g_strdup_printf ("rill-work: There is no work database at “%s”\n", missing);

    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_cmpstr (run.err, ==, expected);
    /* Nothing was made on the way. */
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = run_tool (f, "--app-id", "org.rill.Nothing", "list", NULL);

    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0, NULL, NULL };
    g_autofree char *expected = g_strdup_printf ("rill-work: The work database “%s” is corrupt: "
                                                 "file is not a database\n", corrupt);
    g_autofree char *garbage = g_strnfill (4096, 'x');

    g_assert_true (g_file_set_contents (corrupt, garbage, -1, NULL));
    run = run_tool (f, "-d", corrupt, "show", f->done, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_cmpstr (run.err, ==, expected);
  }
  {
    g_auto(Run) show = run_tool (f, "-d", f->path, "show", "no-such-work", NULL);
    g_auto(Run) cancel = run_tool (f, "-d", f->path, "cancel", "no-such-work", NULL);

    g_assert_cmpint (show.status, ==, 3);
    g_assert_cmpstr (show.err, ==, "rill-work: No work has the id “no-such-work”\n");
    g_assert_cmpint (cancel.status, ==, 3);
    g_assert_cmpstr (cancel.err, ==, "rill-work: No work has the id “no-such-work”\n");
  }
}

/* Bad command lines: status 1, the reason and where help is. */
static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  const struct
  {
    const char *args[5];
    const char *err;
  } cases[] = {
    { { "-d", "DB", NULL },
      "rill-work: No command given\nTry “rill-work --help” for more information.\n" },
    { { "list", NULL },
      "rill-work: Give the database with --database PATH or --app-id APP_ID\n"
      "Try “rill-work --help” for more information.\n" },
    { { "-d", "DB", "--app-id", APP_ID, "list" },
      "rill-work: --database and --app-id cannot be used together\n"
      "Try “rill-work --help” for more information.\n" },
    { { "--app-id", "not an id", "list", NULL },
      "rill-work: “not an id” is not a valid application id\n"
      "Try “rill-work --help” for more information.\n" },
    { { "-d", "DB", "frobnicate", NULL },
      "rill-work: Unknown command “frobnicate”\nTry “rill-work --help” for more information.\n" },
    { { "-d", "DB", "list", "--state", "lost" },
      "rill-work: Unknown state “lost”\nTry “rill-work list --help” for more information.\n" },
    { { "-d", "DB", "list", "--colour", NULL },
      "rill-work: Unknown option --colour\nTry “rill-work list --help” for more information.\n" },
    { { "-d", "DB", "show", NULL },
      "rill-work: “show” takes the id of one work\nTry “rill-work show --help” for more information.\n" },
    { { "-d", "DB", "cancel", NULL },
      "rill-work: “cancel” takes exactly one of an id, --tag, --name and --all\n"
      "Try “rill-work cancel --help” for more information.\n" },
    { { "-d", "DB", "cancel", "ID", "--all" },
      "rill-work: “cancel” takes exactly one of an id, --tag, --name and --all\n"
      "Try “rill-work cancel --help” for more information.\n" },
    { { "-d", "DB", "prune", "now", NULL },
      "rill-work: “prune” takes no arguments\nTry “rill-work prune --help” for more information.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[6] = { NULL };
      g_auto(Run) run = { 0, NULL, NULL };

      for (guint a = 0; a < G_N_ELEMENTS (cases[i].args) && cases[i].args[a] != NULL; a++)
        args[a] = g_str_equal (cases[i].args[a], "DB") ? f->path : cases[i].args[a];
      run = run_tool (f, args[0], args[1], args[2], args[3], args[4], args[5]);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, cases[i].err);
    }
  /* The database is untouched by all that. */
  g_assert_cmpint (state_in_library (f, f->head), ==, RILL_WORK_STATE_ENQUEUED);

  {
    /* Help needs no database. */
    g_auto(Run) run = run_tool (f, "--help", NULL);
    g_auto(Run) command = run_tool (f, "cancel", "--help", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Usage:\n  rill-work [OPTION…] COMMAND [ARGUMENT…]\n"));
    g_assert_nonnull (strstr (run.out, "\n  -d, --database=PATH     The work database file\n"));
    g_assert_nonnull (strstr (run.out, "\nExit status:\n  0  success\n  1  a bad command line\n"));
    g_assert_cmpint (command.status, ==, 0);
    g_assert_nonnull (strstr (command.out, "\n  -a, --all           Cancel all unfinished work\n"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/work-tool/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/work-tool/list-filters", Fixture, NULL, fixture_set_up, test_list_filters, fixture_tear_down);
  g_test_add ("/work-tool/list-json", Fixture, NULL, fixture_set_up, test_list_json, fixture_tear_down);
  g_test_add ("/work-tool/show", Fixture, NULL, fixture_set_up, test_show, fixture_tear_down);
  g_test_add ("/work-tool/cancel-id", Fixture, NULL, fixture_set_up, test_cancel_id, fixture_tear_down);
  g_test_add ("/work-tool/cancel-tag-name-all", Fixture, NULL, fixture_set_up, test_cancel_tag_name_all,
              fixture_tear_down);
  g_test_add ("/work-tool/prune", Fixture, NULL, fixture_set_up, test_prune, fixture_tear_down);
  g_test_add ("/work-tool/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/work-tool/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);

  return g_test_run ();
}
