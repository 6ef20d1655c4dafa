/* test-gio.c: coroutines and GIO
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A coroutine awaits any GAsyncReadyCallback API through rill_async_slot (),
 * rill_async_ready and rill_await_async_result (), gives GIO its
 * cancellable so that cancelling the coroutine cancels the operation, and a
 * RillDeferred is awaited from plain code as a GIO asynchronous operation.
 *
 * The coroutines run with rill_run_blocking (NULL, ...) on the main thread,
 * so they run where the default GMainContext is iterated, and so do the GIO
 * callbacks.
 */

#include <string.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <rill.h>

#define TEST_ERROR (test_error_quark ())
GQuark test_error_quark (void);
G_DEFINE_QUARK (rill-test-gio-error-quark, test_error)

static GThread *main_thread;

/* ------------------------------------------------------------------------ */
/* g_file_load_contents_async                                               */

static const char file_contents[] = "Rill reads this file\n\tsecond line\0after a NUL\n";
#define FILE_CONTENTS_LEN (sizeof file_contents - 1)

typedef struct
{
  GFile    *file;
  char     *contents;
  gsize     length;
  gboolean  ok;
  GError   *error;
  GThread  *thread_before;
  GThread  *thread_after;
  gboolean  active_after;
} LoadData;

static void
load_block (RillScope *scope,
            gpointer   user_data)
{
  LoadData *data = user_data;
  g_autoptr(GAsyncResult) res = NULL;

  data->thread_before = g_thread_self ();
  g_file_load_contents_async (data->file, rill_get_cancellable (), rill_async_ready,
                              rill_async_slot ());
  res = rill_await_async_result ();
  data->thread_after = g_thread_self ();
  data->active_after = rill_is_active ();
  g_assert_true (G_IS_ASYNC_RESULT (res));
  data->ok = g_file_load_contents_finish (data->file, res, &data->contents, &data->length,
                                          NULL, &data->error);
}

static void
test_load_contents (void)
{
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LoadData data = { 0, };

  file = g_file_new_tmp ("rill-test-gio-XXXXXX.txt", &stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, file_contents, FILE_CONTENTS_LEN, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  data.file = file;
  rill_run_blocking (NULL, load_block, &data);

  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  g_assert_cmpmem (data.contents, data.length, file_contents, FILE_CONTENTS_LEN);
  g_assert_true (data.active_after);
  /* The coroutine ran, and continued, on the main thread. */
  g_assert_true (data.thread_before == main_thread);
  g_assert_true (data.thread_after == main_thread);
  g_free (data.contents);

  g_assert_true (g_file_delete (file, NULL, &error));
  g_assert_no_error (error);
}

static void
test_load_contents_missing (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LoadData data = { 0, };

  dir = g_dir_make_tmp ("rill-test-gio-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "does-not-exist", NULL);
  file = g_file_new_for_path (path);

  data.file = file;
  rill_run_blocking (NULL, load_block, &data);

  g_assert_false (data.ok);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (data.contents);
  g_assert_true (data.active_after);
  g_clear_error (&data.error);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* A GTask run in a thread                                                  */

typedef struct
{
  GThread  *worker_thread;
  GThread  *thread_before;
  GThread  *thread_after;
  gssize    value;
  GError   *error;
} TaskData;

static void
answer_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;

  data->worker_thread = g_thread_self ();
  g_usleep (20 * 1000);
  g_task_return_int (task, 4242);
}

static void
task_block (RillScope *scope,
            gpointer   user_data)
{
  TaskData *data = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  data->thread_before = g_thread_self ();
  task = g_task_new (NULL, rill_get_cancellable (), rill_async_ready, rill_async_slot ());
  g_task_set_task_data (task, data, NULL);
  g_task_run_in_thread (task, answer_worker);
  g_clear_object (&task);

  res = rill_await_async_result ();
  data->thread_after = g_thread_self ();
  data->value = g_task_propagate_int (G_TASK (res), &data->error);
}

static void
test_task_in_thread (void)
{
  TaskData data = { 0, };

  data.value = -1;
  rill_run_blocking (NULL, task_block, &data);

  g_assert_no_error (data.error);
  g_assert_cmpint (data.value, ==, 4242);
  g_assert_nonnull (data.worker_thread);
  g_assert_true (data.worker_thread != main_thread);
  g_assert_true (data.thread_before == main_thread);
  g_assert_true (data.thread_after == main_thread);
}

/* ------------------------------------------------------------------------ */
/* Cancellation                                                             */

typedef struct
{
  RillJob      *job_a;
  GInputStream *stream;         /* for the stream variant */
  gboolean      started;
  gboolean      active_before;
  gboolean      finished;
  gboolean      ok;
  gssize        n_read;
  GError       *error;
  gboolean      active_after;
  gboolean      cancellable_cancelled;
  gint          worker_loops;   /* atomic */
  gboolean      worker_saw_cancel;
  gboolean      cancel_ret;
  gboolean      delay_ret;
  gboolean      job_a_active_at_cancel;
} CancelData;

static void
wait_for_cancel_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CancelData *data = task_data;

  g_assert_nonnull (cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_atomic_int_inc (&data->worker_loops);
      g_usleep (1000);
    }
  data->worker_saw_cancel = TRUE;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
await_task_until_cancelled (RillScope *scope,
                            gpointer   user_data)
{
  CancelData *data = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) res = NULL;
  GCancellable *cancellable = rill_get_cancellable ();

  data->started = TRUE;
  data->active_before = rill_is_active ();
  g_assert_nonnull (cancellable);
  task = g_task_new (NULL, cancellable, rill_async_ready, rill_async_slot ());
  g_task_set_task_data (task, data, NULL);
  g_task_run_in_thread (task, wait_for_cancel_worker);
  g_clear_object (&task);

  res = rill_await_async_result ();
  data->ok = g_task_propagate_boolean (G_TASK (res), &data->error);
  data->active_after = rill_is_active ();
  data->cancellable_cancelled = g_cancellable_is_cancelled (cancellable);
  data->finished = TRUE;
}

static void
await_read_until_cancelled (RillScope *scope,
                            gpointer   user_data)
{
  CancelData *data = user_data;
  g_autoptr(GAsyncResult) res = NULL;
  char buffer[64];

  data->started = TRUE;
  data->active_before = rill_is_active ();
  g_input_stream_read_async (data->stream, buffer, sizeof buffer, G_PRIORITY_DEFAULT,
                             rill_get_cancellable (), rill_async_ready, rill_async_slot ());
  res = rill_await_async_result ();
  data->n_read = g_input_stream_read_finish (data->stream, res, &data->error);
  data->ok = data->n_read >= 0;
  data->active_after = rill_is_active ();
  data->cancellable_cancelled = g_cancellable_is_cancelled (rill_get_cancellable ());
  data->finished = TRUE;
}

static void
canceller (RillScope *scope,
           gpointer   user_data)
{
  CancelData *data = user_data;

  data->delay_ret = rill_delay (50);
  data->job_a_active_at_cancel = rill_job_is_active (data->job_a);
  data->cancel_ret = rill_job_cancel (data->job_a);
}

typedef struct
{
  RillBlock   victim;
  CancelData *data;
} CancelCase;

static void
cancel_parent_block (RillScope *scope,
                     gpointer   user_data)
{
  CancelCase *cc = user_data;
  g_autoptr(RillJob) b = NULL;

  cc->data->job_a = rill_launch (scope, NULL, cc->victim, cc->data, NULL);
  b = rill_launch (scope, NULL, canceller, cc->data, NULL);
}

static void
assert_cancelled_operation (CancelData *data)
{
  g_assert_true (data->started);
  g_assert_true (data->active_before);
  g_assert_true (data->delay_ret);
  /* The operation was still waiting when the other coroutine cancelled. */
  g_assert_true (data->job_a_active_at_cancel);
  g_assert_true (data->cancel_ret);
  g_assert_true (data->finished);
  g_assert_false (data->ok);
  g_assert_error (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (data->active_after);
  g_assert_true (data->cancellable_cancelled);
  g_assert_cmpint (rill_job_get_state (data->job_a), ==, RILL_JOB_STATE_CANCELLED);
}

static void
test_cancel_task (void)
{
  CancelData data = { 0, };
  CancelCase cc = { await_task_until_cancelled, &data };

  rill_run_blocking (NULL, cancel_parent_block, &cc);

  assert_cancelled_operation (&data);
  g_assert_true (data.worker_saw_cancel);
  g_assert_cmpint (g_atomic_int_get (&data.worker_loops), >, 0);
  g_clear_error (&data.error);
  rill_job_unref (data.job_a);
}

static void
test_cancel_stream_read (void)
{
  CancelData data = { 0, };
  CancelCase cc = { await_read_until_cancelled, &data };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket0 = NULL;
  g_autoptr(GSocket) socket1 = NULL;
  g_autoptr(GSocketConnection) conn0 = NULL;
  g_autoptr(GSocketConnection) conn1 = NULL;
  int fds[2];

  /* A socket pair nobody writes to: a read completes only when cancelled. */
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  socket0 = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  socket1 = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  conn0 = g_socket_connection_factory_create_connection (socket0);
  conn1 = g_socket_connection_factory_create_connection (socket1);
  data.stream = g_io_stream_get_input_stream (G_IO_STREAM (conn0));

  rill_run_blocking (NULL, cancel_parent_block, &cc);

  assert_cancelled_operation (&data);
  g_assert_cmpint (data.n_read, ==, -1);
  g_clear_error (&data.error);
  rill_job_unref (data.job_a);
}

/* ------------------------------------------------------------------------ */
/* rill_get_cancellable                                                     */

typedef struct
{
  GCancellable *parent_cancellable;
  gboolean      parent_cancelled_at_end;
  gboolean      same_twice;

  RillJob      *job_x;
  GCancellable *x_before;
  GCancellable *x_after;
  guint         x_signals;
  gboolean      x_cancelled_before;
  gboolean      x_cancelled_after;
  gboolean      x_delay_ret;

  RillJob      *job_y;
  GCancellable *y_after;
  gboolean      y_delay_ret;
  gboolean      y_cancelled;
  gboolean      y_same_twice;
} CancellableData;

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
x_block (RillScope *scope,
         gpointer   user_data)
{
  CancellableData *data = user_data;

  data->x_before = g_object_ref (rill_get_cancellable ());
  data->x_cancelled_before = g_cancellable_is_cancelled (data->x_before);
  g_signal_connect (data->x_before, "cancelled", G_CALLBACK (on_cancelled), &data->x_signals);
  data->x_delay_ret = rill_delay (100000);
  data->x_after = g_object_ref (rill_get_cancellable ());
  data->x_cancelled_after = g_cancellable_is_cancelled (data->x_after);
}

static void
y_block (RillScope *scope,
         gpointer   user_data)
{
  CancellableData *data = user_data;

  /* The cancellable is asked for only once the job was cancelled. */
  data->y_delay_ret = rill_delay (100000);
  data->y_after = g_object_ref (rill_get_cancellable ());
  data->y_cancelled = g_cancellable_is_cancelled (data->y_after);
  data->y_same_twice = rill_get_cancellable () == data->y_after;
}

static void
cancellable_parent (RillScope *scope,
                    gpointer   user_data)
{
  CancellableData *data = user_data;
  GCancellable *c1 = rill_get_cancellable ();
  GCancellable *c2 = rill_get_cancellable ();

  data->parent_cancellable = g_object_ref (c1);
  data->same_twice = c1 == c2;

  data->job_x = rill_launch (scope, NULL, x_block, data, NULL);
  data->job_y = rill_launch (scope, NULL, y_block, data, NULL);
  if (!rill_delay (20))
    return;
  rill_job_cancel (data->job_x);
  rill_job_cancel (data->job_y);
  rill_job_join (data->job_x);
  rill_job_join (data->job_y);
  data->parent_cancelled_at_end = g_cancellable_is_cancelled (rill_get_cancellable ());
}

static void
test_get_cancellable (void)
{
  CancellableData data = { 0, };

  /* Not a coroutine: no cancellable (and no critical). */
  g_assert_null (rill_get_cancellable ());

  data.x_delay_ret = data.y_delay_ret = TRUE;
  rill_run_blocking (NULL, cancellable_parent, &data);

  g_assert_true (G_IS_CANCELLABLE (data.parent_cancellable));
  g_assert_true (data.same_twice);
  g_assert_false (data.parent_cancelled_at_end);
  g_assert_false (g_cancellable_is_cancelled (data.parent_cancellable));

  g_assert_true (G_IS_CANCELLABLE (data.x_before));
  g_assert_false (data.x_cancelled_before);
  g_assert_false (data.x_delay_ret);
  g_assert_true (data.x_after == data.x_before);
  g_assert_true (data.x_cancelled_after);
  g_assert_cmpuint (data.x_signals, ==, 1);
  g_assert_true (data.x_before != data.parent_cancellable);

  g_assert_false (data.y_delay_ret);
  g_assert_true (G_IS_CANCELLABLE (data.y_after));
  g_assert_true (data.y_cancelled);
  g_assert_true (data.y_same_twice);
  g_assert_true (data.y_after != data.x_before);

  g_assert_cmpint (rill_job_get_state (data.job_x), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (data.job_y), ==, RILL_JOB_STATE_CANCELLED);

  g_object_unref (data.parent_cancellable);
  g_object_unref (data.x_before);
  g_object_unref (data.x_after);
  g_object_unref (data.y_after);
  rill_job_unref (data.job_x);
  rill_job_unref (data.job_y);
}

/* ------------------------------------------------------------------------ */
/* Awaiting a deferred from plain code                                      */

typedef struct
{
  GMainLoop    *loop;
  RillDeferred *deferred;
  guint         calls;
  gboolean      ok;
  GValue        value;
  GError       *error;
  GThread      *callback_thread;
  GThread      *block_thread;
  gboolean      deferred_active_in_callback;
} AwaitData;

static gboolean
answer_block (RillScope  *scope,
              GValue     *result,
              gpointer    user_data,
              GError    **error)
{
  AwaitData *data = user_data;

  data->block_thread = g_thread_self ();
  if (!rill_delay (10))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 42);
  return TRUE;
}

static gboolean
failing_block (RillScope  *scope,
               GValue     *result,
               gpointer    user_data,
               GError    **error)
{
  AwaitData *data = user_data;

  data->block_thread = g_thread_self ();
  if (!rill_delay (10))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  g_set_error (error, TEST_ERROR, 7, "no answer for %s", "you");
  return FALSE;
}

static void
await_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AwaitData *data = user_data;

  g_assert_null (source_object);
  data->calls++;
  data->callback_thread = g_thread_self ();
  data->deferred_active_in_callback = rill_job_is_active (rill_deferred_get_job (data->deferred));
  data->ok = rill_deferred_await_finish (data->deferred, result, &data->value, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_deferred_await_async_value (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AwaitData data = { 0, };

  data.loop = loop;
  data.deferred = rill_async (rill_global_scope (), rill_context_default (), answer_block,
                              &data, NULL);
  rill_deferred_await_async (data.deferred, NULL, await_done, &data);
  g_assert_cmpuint (data.calls, ==, 0);
  g_main_loop_run (loop);

  g_assert_cmpuint (data.calls, ==, 1);
  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  g_assert_true (G_VALUE_HOLDS_INT (&data.value));
  g_assert_cmpint (g_value_get_int (&data.value), ==, 42);
  /* The block ran on Default; the callback came back to the caller's context. */
  g_assert_true (data.block_thread != main_thread);
  g_assert_true (data.callback_thread == main_thread);
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (data.deferred)), ==,
                   RILL_JOB_STATE_COMPLETED);
  g_value_unset (&data.value);

  /* A second wait on the completed deferred gives the same value. */
  rill_deferred_await_async (data.deferred, NULL, await_done, &data);
  g_main_loop_run (loop);
  g_assert_cmpuint (data.calls, ==, 2);
  g_assert_true (data.ok);
  g_assert_cmpint (g_value_get_int (&data.value), ==, 42);
  g_value_unset (&data.value);

  rill_deferred_unref (data.deferred);
}

static void
test_deferred_await_async_error (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AwaitData data = { 0, };

  data.loop = loop;
  data.deferred = rill_async (rill_global_scope (), rill_context_default (), failing_block,
                              &data, NULL);
  rill_deferred_await_async (data.deferred, NULL, await_done, &data);
  g_main_loop_run (loop);

  g_assert_cmpuint (data.calls, ==, 1);
  g_assert_false (data.ok);
  g_assert_error (data.error, TEST_ERROR, 7);
  g_assert_cmpstr (data.error->message, ==, "no answer for you");
  g_assert_false (G_IS_VALUE (&data.value));
  g_assert_true (data.callback_thread == main_thread);
  g_assert_true (rill_job_is_cancelled (rill_deferred_get_job (data.deferred)));
  g_clear_error (&data.error);
  rill_deferred_unref (data.deferred);
}

static gboolean
long_block (RillScope  *scope,
            GValue     *result,
            gpointer    user_data,
            GError    **error)
{
  if (!rill_delay (3000))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 1);
  return TRUE;
}

static gboolean
cancel_idle (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* The cancellable of rill_deferred_await_async cancels the wait, promptly as
 * GIO operations do, and not the deferred. */
static void
test_deferred_await_async_cancel_wait (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AwaitData data = { 0, };

  data.loop = loop;
  data.deferred = rill_async (rill_global_scope (), rill_context_default (), long_block,
                              NULL, NULL);
  rill_deferred_await_async (data.deferred, cancellable, await_done, &data);
  g_idle_add (cancel_idle, cancellable);
  g_main_loop_run (loop);

  g_assert_cmpuint (data.calls, ==, 1);
  g_assert_false (data.ok);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The wait ended before the deferred did, and the deferred goes on. */
  g_assert_true (data.deferred_active_in_callback);
  g_assert_true (rill_job_is_active (rill_deferred_get_job (data.deferred)));
  g_clear_error (&data.error);

  rill_job_cancel (rill_deferred_get_job (data.deferred));
  rill_deferred_unref (data.deferred);
}

/* ------------------------------------------------------------------------ */
/* Two coroutines awaiting one deferred                                     */

typedef struct
{
  RillDeferred *deferred;
  guint         block_runs;   /* atomic */
  char         *values[3];
  gboolean      oks[3];
} SharedData;

static gboolean
shared_block (RillScope  *scope,
              GValue     *result,
              gpointer    user_data,
              GError    **error)
{
  SharedData *data = user_data;

  g_atomic_int_inc (&data->block_runs);
  if (!rill_delay (20))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  g_value_init (result, G_TYPE_STRING);
  g_value_set_static_string (result, "the shared value");
  return TRUE;
}

typedef struct
{
  SharedData *data;
  guint       index;
} Awaiter;

static void
awaiter_block (RillScope *scope,
               gpointer   user_data)
{
  Awaiter *w = user_data;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  w->data->oks[w->index] = rill_deferred_await (w->data->deferred, &value, &error);
  g_assert_no_error (error);
  if (G_VALUE_HOLDS_STRING (&value))
    w->data->values[w->index] = g_value_dup_string (&value);
}

static void
shared_parent (RillScope *scope,
               gpointer   user_data)
{
  SharedData *data = user_data;
  Awaiter w0 = { data, 0 }, w1 = { data, 1 }, w2 = { data, 2 };
  g_autoptr(RillJob) j0 = NULL;
  g_autoptr(RillJob) j1 = NULL;

  data->deferred = rill_async (scope, rill_context_default (), shared_block, data, NULL);
  j0 = rill_launch (scope, NULL, awaiter_block, &w0, NULL);
  j1 = rill_launch (scope, NULL, awaiter_block, &w1, NULL);
  rill_job_join (j0);
  rill_job_join (j1);
  /* Awaiting the completed deferred gives the value at once. */
  awaiter_block (scope, &w2);
}

static void
test_deferred_two_awaiters (void)
{
  SharedData data = { 0, };

  rill_run_blocking (NULL, shared_parent, &data);

  g_assert_cmpint (g_atomic_int_get (&data.block_runs), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (data.oks[i]);
      g_assert_cmpstr (data.values[i], ==, "the shared value");
    }
  g_assert_true (data.values[0] != data.values[1]);
  g_assert_cmpint (rill_job_get_state (rill_deferred_get_job (data.deferred)), ==,
                   RILL_JOB_STATE_COMPLETED);
  for (guint i = 0; i < 3; i++)
    g_free (data.values[i]);
  rill_deferred_unref (data.deferred);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/gio/load-contents", test_load_contents);
  g_test_add_func ("/gio/load-contents-missing", test_load_contents_missing);
  g_test_add_func ("/gio/task-in-thread", test_task_in_thread);
  g_test_add_func ("/gio/cancel/task", test_cancel_task);
  g_test_add_func ("/gio/cancel/stream-read", test_cancel_stream_read);
  g_test_add_func ("/gio/get-cancellable", test_get_cancellable);
  g_test_add_func ("/gio/deferred/await-async-value", test_deferred_await_async_value);
  g_test_add_func ("/gio/deferred/await-async-error", test_deferred_await_async_error);
  g_test_add_func ("/gio/deferred/await-async-cancel-wait", test_deferred_await_async_cancel_wait);
  g_test_add_func ("/gio/deferred/two-awaiters", test_deferred_two_awaiters);

  return g_test_run ();
}
