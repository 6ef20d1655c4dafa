/* rill-deferred.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillDeferred:
 *
 * The future value of a coroutine started with [func@Rill.async], kotlinx's
 * `Deferred`. It is also a job ([method@Rill.Deferred.get_job]); awaiting it
 * from a coroutine suspends until the value is there, and code outside
 * coroutines can await it as a GIO asynchronous operation.
 */

#include "config.h"

#include <string.h>

#include "rill-coroutine-private.h"
#include "rill-deferred.h"

G_DEFINE_BOXED_TYPE (RillDeferred, rill_deferred, rill_deferred_ref, rill_deferred_unref)

#define DEFERRED_CO(d) ((RillCoroutine *) (d))

/**
 * rill_deferred_ref:
 * @self: a deferred
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillDeferred *
rill_deferred_ref (RillDeferred *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  rill_job_ref (&DEFERRED_CO (self)->job);
  return self;
}

/**
 * rill_deferred_unref:
 * @self: (transfer full): a deferred
 *
 * Drops a reference on @self.
 */
void
rill_deferred_unref (RillDeferred *self)
{
  g_return_if_fail (self != NULL);

  rill_job_unref (&DEFERRED_CO (self)->job);
}

/**
 * rill_deferred_get_job:
 * @self: a deferred
 *
 * The job of the coroutine computing @self: cancel or join it there.
 *
 * Returns: (transfer none): the job of the coroutine computing @self
 */
RillJob *
rill_deferred_get_job (RillDeferred *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &DEFERRED_CO (self)->job;
}

static gboolean
get_outcome (RillCoroutine  *co,
             GValue         *result,
             GError        **error)
{
  RillJobState st = rill_job_state_fast (&co->job);

  if (st == RILL_JOB_STATE_CANCELLED)
    {
      GError *cause = rill_job_dup_cause (&co->job);
      g_propagate_error (error, cause != NULL ? cause : rill_cancelled_error_new ());
      return FALSE;
    }
  if (result != NULL)
    {
      if (G_IS_VALUE (result))
        g_value_unset (result);
      if (G_IS_VALUE (RILL_COROUTINE_RESULT (co)))
        {
          g_value_init (result, G_VALUE_TYPE (RILL_COROUTINE_RESULT (co)));
          g_value_copy (RILL_COROUTINE_RESULT (co), result);
        }
    }
  return TRUE;
}

/**
 * rill_deferred_get_completed:
 * @self: a completed deferred
 * @result: (out caller-allocates) (optional): where to copy the value
 * @error: return location for the failure
 *
 * kotlinx's `getCompleted()`: the outcome of a deferred that has completed,
 * without suspending. Calling it earlier is a programming error.
 *
 * Returns: %TRUE with @result set, %FALSE with @error set when @self failed
 *   or was cancelled
 */
gboolean
rill_deferred_get_completed (RillDeferred  *self,
                             GValue        *result,
                             GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (rill_job_is_completed (&DEFERRED_CO (self)->job), FALSE);

  return get_outcome (DEFERRED_CO (self), result, error);
}

/**
 * rill_deferred_await:
 * @self: a deferred
 * @result: (out caller-allocates) (optional): a zero-filled #GValue where to copy the value
 * @error: return location for the failure
 *
 * kotlinx's `await()`: suspends the calling coroutine until @self has its
 * value (starting it first when it was created lazily) and copies it into
 * @result.
 *
 * Returns: %TRUE with @result set; %FALSE with @error set to the failure of
 *   @self, or to %G_IO_ERROR_CANCELLED when @self or the caller was cancelled
 */
gboolean
rill_deferred_await (RillDeferred  *self,
                     GValue        *result,
                     GError       **error)
{
  RillCoroutine *target, *co;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    return FALSE;
  target = DEFERRED_CO (self);
  if (target == co)
    {
      g_critical ("%s: a coroutine cannot await its own result: it would wait forever", G_STRFUNC);
      return FALSE;
    }

  if (rill_job_state_fast (&target->job) == RILL_JOB_STATE_NEW)
    rill_job_start (&target->job);
  if (!rill_job_is_final_state (rill_job_state_fast (&target->job)))
    rill_coroutine_wait_job (co, &target->job);

  if (!rill_coroutine_check_active (co))
    {
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }
  return get_outcome (target, result, error);
}

typedef struct
{
  RillDeferred *deferred;
  GCancellable *cancellable;
  gulong        cancel_id;
  guint         handler_id;
  gint          returned;     /* atomic: the task is returned once */
} AwaitData;

static void
await_data_free (gpointer data)
{
  AwaitData *d = data;

  if (d->cancel_id != 0)
    g_cancellable_disconnect (d->cancellable, d->cancel_id);
  g_clear_object (&d->cancellable);
  rill_deferred_unref (d->deferred);
  g_free (d);
}

static void
await_task_done (RillJob      *job,
                 const GError *cause,
                 gpointer      data)
{
  GTask *task = data;
  AwaitData *d = g_task_get_task_data (task);

  if (g_atomic_int_compare_and_exchange (&d->returned, 0, 1))
    g_task_return_boolean (task, TRUE);
}

static void
await_task_cancelled (GCancellable *cancellable,
                      gpointer      data)
{
  GTask *task = data;
  AwaitData *d = g_task_get_task_data (task);

  if (!g_atomic_int_compare_and_exchange (&d->returned, 0, 1))
    return;
  /* Returns in the task's context, not here. */
  g_task_return_error_if_cancelled (task);
  rill_job_remove_completion_handler (rill_deferred_get_job (d->deferred), d->handler_id);
}

/**
 * rill_deferred_await_async:
 * @self: a deferred
 * @cancellable: (nullable): cancels the wait, not the deferred
 * @callback: called when @self is complete, or when the wait is cancelled
 * @user_data: data for @callback
 *
 * Waits for @self from code that is not a coroutine, as a GIO asynchronous
 * operation; the callback runs in the thread-default main context of the
 * caller. Finish with [method@Rill.Deferred.await_finish].
 */
void
rill_deferred_await_async (RillDeferred        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  AwaitData *d;
  RillJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = rill_deferred_get_job (self);
  d = g_new0 (AwaitData, 1);
  d->deferred = rill_deferred_ref (self);
  d->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rill_deferred_await_async);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, d, await_data_free);
  if (rill_job_state_fast (job) == RILL_JOB_STATE_NEW)
    rill_job_start (job);

  d->handler_id = rill_job_invoke_on_completion (job, await_task_done, g_object_ref (task),
                                                 g_object_unref);
  if (d->handler_id != 0 && cancellable != NULL)
    d->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (await_task_cancelled),
                                          task, NULL);
  g_object_unref (task);
}

/**
 * rill_deferred_await_finish:
 * @self: a deferred
 * @result: the #GAsyncResult given to the callback
 * @value: (out caller-allocates) (optional): where to copy the value
 * @error: return location for the failure
 *
 * Finishes [method@Rill.Deferred.await_async].
 *
 * Returns: as [method@Rill.Deferred.await]
 */
gboolean
rill_deferred_await_finish (RillDeferred  *self,
                            GAsyncResult  *result,
                            GValue        *value,
                            GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rill_deferred_await_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  return get_outcome (DEFERRED_CO (self), value, error);
}
