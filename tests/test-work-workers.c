/* test-work-workers.c: blocking workers, the worker factory, the input
 * merger of arrays and work that holds the application
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A real manager on the Default pool: blocking workers run on the IO pool,
 * which only real time drives.
 */

#include <string.h>

#include <glib/gstdio.h>
#include <rill.h>

#include "test-main-loop.h"
#include "test-tmp-dir.h"

static GThread *main_thread;

/* ---------------------------------------------------------------------- */
/* Workers */

/* Blocks a moment, off the main thread; outputs where it ran and what its
 * cancellable said. */
G_DECLARE_FINAL_TYPE (BlockingWorker, blocking_worker, TEST, BLOCKING_WORKER, RillWorker)
struct _BlockingWorker { RillWorker parent_instance; char *made_by; };
G_DEFINE_FINAL_TYPE (BlockingWorker, blocking_worker, RILL_TYPE_WORKER)

static RillWorkResult *
blocking_worker_do_work (RillWorker    *worker,
                         GCancellable  *cancellable,
                         GError       **error)
{
  BlockingWorker *self = (BlockingWorker *) worker;
  GVariantBuilder out;

  g_usleep (10000);
  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&out, "{sv}", "on-main", g_variant_new_boolean (g_thread_self () == main_thread));
  g_variant_builder_add (&out, "{sv}", "cancelled", g_variant_new_boolean (g_cancellable_is_cancelled (cancellable)));
  g_variant_builder_add (&out, "{sv}", "made-by", g_variant_new_string (self->made_by != NULL ? self->made_by : "type"));
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void
blocking_worker_finalize (GObject *object)
{
  g_free (((BlockingWorker *) object)->made_by);
  G_OBJECT_CLASS (blocking_worker_parent_class)->finalize (object);
}

static void
blocking_worker_class_init (BlockingWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = blocking_worker_finalize;
  RILL_WORKER_CLASS (klass)->do_work = blocking_worker_do_work;
}

static void blocking_worker_init (BlockingWorker *self) { }

/* Outputs its (merged) input. */
G_DECLARE_FINAL_TYPE (EchoInputWorker, echo_input_worker, TEST, ECHO_INPUT_WORKER, RillCoroutineWorker)
struct _EchoInputWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (EchoInputWorker, echo_input_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
echo_input_worker_do_work (RillCoroutineWorker  *worker,
                           GError              **error)
{
  return rill_work_result_new_success (rill_worker_get_input_data (RILL_WORKER (worker)));
}

static void echo_input_worker_class_init (EchoInputWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = echo_input_worker_do_work; }
static void echo_input_worker_init (EchoInputWorker *self) { }

/* Holds the application while it waits; tells it holds it through its
 * progress. */
static gint gate_open;

G_DECLARE_FINAL_TYPE (ForegroundWorker, foreground_worker, TEST, FOREGROUND_WORKER, RillCoroutineWorker)
struct _ForegroundWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (ForegroundWorker, foreground_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
foreground_worker_do_work (RillCoroutineWorker  *worker,
                           GError              **error)
{
  GVariantBuilder progress;

  rill_worker_set_foreground (RILL_WORKER (worker), TRUE);
  g_variant_builder_init (&progress, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&progress, "{sv}", "held", g_variant_new_boolean (TRUE));
  if (!rill_worker_set_progress (RILL_WORKER (worker), g_variant_builder_end (&progress), error))
    return NULL;
  while (!g_atomic_int_get (&gate_open))
    if (!rill_delay (10))
      return NULL;
  return rill_work_result_new_success (NULL);
}

static void foreground_worker_class_init (ForegroundWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = foreground_worker_do_work; }
static void foreground_worker_init (ForegroundWorker *self) { }

/* ---------------------------------------------------------------------- */

typedef struct
{
  char            *dir;
  RillWorkManager *manager;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rill-work-workers-XXXXXX", NULL);
  path = g_build_filename (f->dir, "work.db", NULL);
  f->manager = rill_work_manager_new_for_path (path, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&gate_open, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rill_work_manager_shutdown (f->manager);
  g_clear_object (&f->manager);
  iterate_for (50);
  remove_tree (f->dir);
  g_free (f->dir);
}

typedef struct
{
  RillWorkManager *manager;
  const char      *id;
} Finished;

static gboolean
is_finished (gpointer data)
{
  Finished *w = data;
  g_autoptr(RillWorkInfo) info = rill_work_manager_get_work_info (w->manager, w->id, NULL);

  return info != NULL && rill_work_state_is_finished (rill_work_info_get_state (info));
}

static RillWorkInfo *
wait_finished (Fixture         *f,
               RillWorkRequest *request)
{
  Finished w = { f->manager, rill_work_request_get_id (request) };

  g_assert_true (iterate_until (is_finished, &w, 20000));
  return rill_work_manager_get_work_info (f->manager, w.id, NULL);
}

static gboolean
output_boolean (RillWorkInfo *info,
                const char   *key)
{
  gboolean value = FALSE;

  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (info), key, "b", &value));
  return value;
}

static void
test_blocking_worker (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("BlockingWorker");
  g_autoptr(RillWorkInfo) done = NULL;
  const char *made_by = NULL;

  g_assert_true (rill_work_manager_enqueue (f->manager, request, NULL));
  rill_work_manager_start (f->manager, NULL);
  done = wait_finished (f, request);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_false (output_boolean (done, "on-main"));
  g_assert_false (output_boolean (done, "cancelled"));
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "made-by", "&s", &made_by));
  g_assert_cmpstr (made_by, ==, "type");
}

static RillWorker *
factory (const char *worker_class,
         gpointer    user_data)
{
  BlockingWorker *worker;

  (*(int *) user_data)++;
  if (!g_str_equal (worker_class, "made-by-factory"))
    return NULL;
  worker = g_object_new (blocking_worker_get_type (), NULL);
  worker->made_by = g_strdup ("factory");
  return RILL_WORKER (worker);
}

static void
test_worker_factory (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RillWorkRequest) named = rill_work_request_new_one_time ("made-by-factory");
  g_autoptr(RillWorkRequest) typed = rill_work_request_new_one_time ("BlockingWorker");
  g_autoptr(RillWorkInfo) a = NULL, b = NULL;
  const char *made_by = NULL;
  int asked = 0;

  rill_work_manager_set_worker_factory (f->manager, factory, &asked, NULL);
  g_assert_true (rill_work_manager_enqueue (f->manager, named, NULL));
  g_assert_true (rill_work_manager_enqueue (f->manager, typed, NULL));
  rill_work_manager_start (f->manager, NULL);
  a = wait_finished (f, named);
  b = wait_finished (f, typed);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (a), "made-by", "&s", &made_by));
  g_assert_cmpstr (made_by, ==, "factory");
  /* The factory declined: found by type name. */
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (b), "made-by", "&s", &made_by));
  g_assert_cmpstr (made_by, ==, "type");
  g_assert_cmpint (asked, ==, 2);
}

static GVariant *
data_of (const char *key,
         GVariant   *value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", key, value);
  return g_variant_builder_end (&b);
}

/* Two prerequisites' outputs and the work's own input, each key made an
 * array of all its values, arrays concatenated; in order: own input
 * first. */
static void
test_array_creating_merger (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = rill_work_request_new_one_time ("EchoInputWorker");
  g_autoptr(RillWorkRequest) b = rill_work_request_new_one_time ("EchoInputWorker");
  g_autoptr(RillWorkRequest) merged = rill_work_request_new_one_time ("EchoInputWorker");
  g_autoptr(RillWorkContinuation) first = NULL, then = NULL;
  g_autoptr(RillWorkInfo) done = NULL;
  g_autofree char *text = NULL;
  RillWorkRequest *step[] = { a, b };
  const gint32 some[] = { 2, 3 };

  g_assert_true (rill_work_request_set_input_data (a, data_of ("n", g_variant_new_int32 (1)), NULL));
  g_assert_true (rill_work_request_set_input_data (b, data_of ("n", g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, some, 2, sizeof (gint32))), NULL));
  g_assert_true (rill_work_request_set_input_data (merged, data_of ("n", g_variant_new_int32 (0)), NULL));
  rill_work_request_set_input_merger (merged, RILL_INPUT_MERGER_ARRAY_CREATING);
  first = rill_work_manager_begin_with (f->manager, step, 2);
  then = rill_work_continuation_then (first, &merged, 1);
  g_assert_true (rill_work_continuation_enqueue (then, NULL));
  rill_work_manager_start (f->manager, NULL);

  done = wait_finished (f, merged);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
  text = g_variant_print (rill_work_info_get_output_data (done), FALSE);
  g_assert_cmpstr (text, ==, "{'n': <[0, 1, 2, 3]>}");
}

/* A type mixed under one key cannot be an array: the work fails, saying
 * which key. */
static void
test_array_creating_merger_mixed (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RillWorkRequest) a = rill_work_request_new_one_time ("EchoInputWorker");
  g_autoptr(RillWorkRequest) merged = rill_work_request_new_one_time ("EchoInputWorker");
  g_autoptr(RillWorkContinuation) first = NULL, then = NULL;
  g_autoptr(RillWorkInfo) done = NULL;
  const char *message = NULL;

  g_assert_true (rill_work_request_set_input_data (a, data_of ("n", g_variant_new_string ("one")), NULL));
  g_assert_true (rill_work_request_set_input_data (merged, data_of ("n", g_variant_new_int32 (0)), NULL));
  rill_work_request_set_input_merger (merged, RILL_INPUT_MERGER_ARRAY_CREATING);
  first = rill_work_manager_begin_with (f->manager, &a, 1);
  then = rill_work_continuation_then (first, &merged, 1);
  g_assert_true (rill_work_continuation_enqueue (then, NULL));
  g_test_expect_message ("Rill", G_LOG_LEVEL_MESSAGE, "*cannot be merged*");
  rill_work_manager_start (f->manager, NULL);
  done = wait_finished (f, merged);
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_FAILED);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "error", "&s", &message));
  g_assert_nonnull (strstr (message, "“n”"));
}

/* Held by the worker, the application does not quit under its work. */
typedef struct
{
  Fixture         *f;
  RillWorkRequest *request;
  gboolean         released;
  gint64           opened_at;
} Foreground;

static gboolean
watch_hold (gpointer data)
{
  Foreground *fg = data;
  g_autoptr(RillWorkInfo) info = rill_work_manager_get_work_info (fg->f->manager,
                                                                  rill_work_request_get_id (fg->request), NULL);
  gboolean held = FALSE;

  if (!fg->released)
    {
      if (info == NULL || !g_variant_lookup (rill_work_info_get_progress (info), "held", "b", &held) || !held)
        return G_SOURCE_CONTINUE;
      /* The worker holds it now: the test lets go of its own hold. */
      g_application_release (g_application_get_default ());
      fg->released = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (fg->opened_at == 0)
    {
      fg->opened_at = g_get_monotonic_time ();
      g_atomic_int_set (&gate_open, TRUE);
    }
  return G_SOURCE_REMOVE;
}

static void
activate (GApplication *app,
          Foreground   *fg)
{
  g_application_hold (app);
  g_assert_true (rill_work_manager_enqueue (fg->f->manager, fg->request, NULL));
  g_timeout_add (20, watch_hold, fg);
}

static void
test_foreground_holds_application (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GApplication) app = g_application_new ("org.rill.TestForeground", G_APPLICATION_NON_UNIQUE);
  g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("ForegroundWorker");
  g_autoptr(RillWorkInfo) done = NULL;
  Foreground fg = { f, request, FALSE, 0 };
  const char *argv[] = { "test", NULL };

  rill_work_manager_set_application (f->manager, app);
  rill_work_manager_start (f->manager, NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate), &fg);
  g_assert_cmpint (g_application_run (app, 1, (char **) argv), ==, 0);

  /* The application ran until the work was done, which was after the
   * test had let go. */
  g_assert_true (fg.released);
  g_assert_cmpint (fg.opened_at, >, 0);
  done = rill_work_manager_get_work_info (f->manager, rill_work_request_get_id (request), NULL);
  g_assert_cmpint (rill_work_info_get_state (done), ==, RILL_WORK_STATE_SUCCEEDED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_type_ensure (blocking_worker_get_type ());
  g_type_ensure (echo_input_worker_get_type ());
  g_type_ensure (foreground_worker_get_type ());

#define ADD(path, func) g_test_add ("/work-workers/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("blocking-worker", test_blocking_worker);
  ADD ("worker-factory", test_worker_factory);
  ADD ("array-creating-merger", test_array_creating_merger);
  ADD ("array-creating-merger-mixed", test_array_creating_merger_mixed);
  ADD ("foreground-holds-application", test_foreground_holds_application);
#undef ADD

  return g_test_run ();
}
