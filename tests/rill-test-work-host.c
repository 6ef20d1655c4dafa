/* rill-test-work-host.c: the process of the remote work service of the tests
 * and benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Its workers report what the tests check: the process they ran in, the
 * progress they published, and whether they saw their cancellation, which
 * they write to a file named in their input since the application gets no
 * reply for cancelled work.
 */

#include <unistd.h>
#include <glib/gstdio.h>
#include <rill.h>

static void
pid_entry (GVariantBuilder *builder)
{
  g_variant_builder_add (builder, "{sv}", "pid", g_variant_new_int32 (getpid ()));
}

/* Output {"echo": input["value"], "pid": its process, "attempt": n}. */
G_DECLARE_FINAL_TYPE (TestEchoRemoteWorker, test_echo_remote_worker, TEST, ECHO_REMOTE_WORKER, RillRemoteCoroutineWorker)
struct _TestEchoRemoteWorker { RillRemoteCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TestEchoRemoteWorker, test_echo_remote_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)

static RillWorkResult *
test_echo_remote_worker_do_remote_work (RillRemoteCoroutineWorker  *worker,
                                        GError                    **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  g_autoptr(GVariant) value = g_variant_lookup_value (input, "value", NULL);
  GVariantBuilder out;

  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  if (value != NULL)
    g_variant_builder_add (&out, "{sv}", "echo", value);
  pid_entry (&out);
  g_variant_builder_add (&out, "{sv}", "attempt",
                         g_variant_new_uint32 (rill_worker_get_run_attempt_count (RILL_WORKER (worker))));
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void
test_echo_remote_worker_class_init (TestEchoRemoteWorkerClass *klass)
{
  RILL_REMOTE_COROUTINE_WORKER_CLASS (klass)->do_remote_work = test_echo_remote_worker_do_remote_work;
}

static void test_echo_remote_worker_init (TestEchoRemoteWorker *self) { }

/* Publishes {"step": 1}, then waits for the file input["release"] and
 * succeeds with {"done": true}. */
G_DECLARE_FINAL_TYPE (TestProgressRemoteWorker, test_progress_remote_worker, TEST, PROGRESS_REMOTE_WORKER, RillRemoteCoroutineWorker)
struct _TestProgressRemoteWorker { RillRemoteCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TestProgressRemoteWorker, test_progress_remote_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)

static RillWorkResult *
test_progress_remote_worker_do_remote_work (RillRemoteCoroutineWorker  *worker,
                                            GError                    **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  const char *release = NULL;
  GVariantBuilder progress, out;

  g_variant_builder_init (&progress, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&progress, "{sv}", "step", g_variant_new_int32 (1));
  if (!rill_worker_set_progress (RILL_WORKER (worker), g_variant_builder_end (&progress), error))
    return NULL;
  g_variant_lookup (input, "release", "&s", &release);
  while (release != NULL && !g_file_test (release, G_FILE_TEST_EXISTS))
    if (!rill_delay (10))
      return NULL;
  g_variant_builder_init (&out, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&out, "{sv}", "done", g_variant_new_boolean (TRUE));
  return rill_work_result_new_success (g_variant_builder_end (&out));
}

static void
test_progress_remote_worker_class_init (TestProgressRemoteWorkerClass *klass)
{
  RILL_REMOTE_COROUTINE_WORKER_CLASS (klass)->do_remote_work = test_progress_remote_worker_do_remote_work;
}

static void test_progress_remote_worker_init (TestProgressRemoteWorker *self) { }

/* Publishes {"pid": its process} and runs until cancelled; then writes
 * "cancelled" to the file input["cancelled-file"]. */
G_DECLARE_FINAL_TYPE (TestBlockRemoteWorker, test_block_remote_worker, TEST, BLOCK_REMOTE_WORKER, RillRemoteCoroutineWorker)
struct _TestBlockRemoteWorker { RillRemoteCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TestBlockRemoteWorker, test_block_remote_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)

static RillWorkResult *
test_block_remote_worker_do_remote_work (RillRemoteCoroutineWorker  *worker,
                                         GError                    **error)
{
  GVariant *input = rill_worker_get_input_data (RILL_WORKER (worker));
  const char *cancelled_file = NULL;
  GVariantBuilder progress;

  g_variant_builder_init (&progress, G_VARIANT_TYPE_VARDICT);
  pid_entry (&progress);
  if (!rill_worker_set_progress (RILL_WORKER (worker), g_variant_builder_end (&progress), error))
    return NULL;
  while (rill_delay (10))
    ;
  g_variant_lookup (input, "cancelled-file", "&s", &cancelled_file);
  if (cancelled_file != NULL && rill_worker_is_stopped (RILL_WORKER (worker))
      && rill_worker_get_stop_reason (RILL_WORKER (worker)) == RILL_WORK_STOP_REASON_CANCELLED)
    g_file_set_contents (cancelled_file, "cancelled", -1, NULL);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return NULL;
}

static void
test_block_remote_worker_class_init (TestBlockRemoteWorkerClass *klass)
{
  RILL_REMOTE_COROUTINE_WORKER_CLASS (klass)->do_remote_work = test_block_remote_worker_do_remote_work;
}

static void test_block_remote_worker_init (TestBlockRemoteWorker *self) { }

/* Fails with an error. */
G_DECLARE_FINAL_TYPE (TestFailRemoteWorker, test_fail_remote_worker, TEST, FAIL_REMOTE_WORKER, RillRemoteCoroutineWorker)
struct _TestFailRemoteWorker { RillRemoteCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (TestFailRemoteWorker, test_fail_remote_worker, RILL_TYPE_REMOTE_COROUTINE_WORKER)

static RillWorkResult *
test_fail_remote_worker_do_remote_work (RillRemoteCoroutineWorker  *worker,
                                        GError                    **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The remote worker broke");
  return NULL;
}

static void
test_fail_remote_worker_class_init (TestFailRemoteWorkerClass *klass)
{
  RILL_REMOTE_COROUTINE_WORKER_CLASS (klass)->do_remote_work = test_fail_remote_worker_do_remote_work;
}

static void test_fail_remote_worker_init (TestFailRemoteWorker *self) { }

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_type_ensure (test_echo_remote_worker_get_type ());
  g_type_ensure (test_progress_remote_worker_get_type ());
  g_type_ensure (test_block_remote_worker_get_type ());
  g_type_ensure (test_fail_remote_worker_get_type ());

  if (!rill_remote_work_service_run (argc > 1 ? argv[1] : NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }
  return 0;
}
