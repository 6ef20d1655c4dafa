/* rill-worker.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-coroutine.h"
#include "rill-context.h"
#include "rill-worker-private.h"
#include "rill-work-request-private.h"

/**
 * RillWorker:
 *
 * The code that does one kind of background work, WorkManager's `Worker`: a
 * subclass implements `do_work`, which blocks on a thread of the IO pool
 * and returns a [struct@WorkResult].
 *
 * The work manager creates a worker for each run of the work, by #GType
 * name or with its worker factory, and drops it after the run. While it
 * runs, [method@Worker.get_input_data] gives its input (merged with the
 * outputs of its prerequisites), [method@Worker.set_progress] publishes
 * progress to the work's [struct@WorkInfo], and [method@Worker.is_stopped]
 * tells when the work was stopped — cancelled, replaced, its constraints no
 * longer met, or the manager shut down. A stopped worker should return
 * soon; its result is ignored.
 *
 * For work that suspends rather than blocks, derive from
 * [class@CoroutineWorker].
 */

typedef struct
{
  RillWorkInfo       *info;
  GVariant           *input;
  RillWorkDatabase   *database;
  GApplication       *application;   /* weak */
  GCancellable       *cancellable;
  gint                stopped;       /* atomic */
  RillWorkStopReason  stop_reason;
  gint                held;          /* atomic: the application is held */
  RillWorkManager    *manager;       /* not a reference, see the setter */
  RillWorkerProgressFunc progress_func;
  gpointer            progress_data;
  gint                process_lost;  /* atomic */
} RillWorkerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RillWorker, rill_worker, G_TYPE_OBJECT)

static gboolean
hold_on_main (gpointer data)
{
  g_application_hold (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static gboolean
release_on_main (gpointer data)
{
  g_application_release (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* GApplication's use count belongs to the main context's thread. */
static void
set_held (RillWorker *self,
          gboolean    held)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);
  g_autoptr(GApplication) app = NULL;

  if (priv->application == NULL)
    return;
  if (!g_atomic_int_compare_and_exchange (&priv->held, !held, held))
    return;
  app = g_object_ref (priv->application);
  g_main_context_invoke (NULL, held ? hold_on_main : release_on_main, g_steal_pointer (&app));
}

static void
rill_worker_dispose (GObject *object)
{
  RillWorker *self = RILL_WORKER (object);
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  set_held (self, FALSE);
  if (priv->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (priv->application), (gpointer *) &priv->application);
  priv->application = NULL;

  G_OBJECT_CLASS (rill_worker_parent_class)->dispose (object);
}

static void
rill_worker_finalize (GObject *object)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (RILL_WORKER (object));

  g_clear_pointer (&priv->info, rill_work_info_unref);
  g_clear_pointer (&priv->input, g_variant_unref);
  g_clear_object (&priv->database);
  g_clear_object (&priv->cancellable);

  G_OBJECT_CLASS (rill_worker_parent_class)->finalize (object);
}

static gboolean
blocking_do_work (RillScope  *scope,
                  GValue     *result,
                  gpointer    user_data,
                  GError    **error)
{
  RillWorker *self = user_data;
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);
  RillWorkResult *r;

  r = RILL_WORKER_GET_CLASS (self)->do_work (self, priv->cancellable, error);
  if (r == NULL)
    return FALSE;
  g_value_init (result, RILL_TYPE_WORK_RESULT);
  g_value_take_boxed (result, r);
  return TRUE;
}

static RillWorkResult *
rill_worker_real_start_work (RillWorker  *self,
                             GError     **error)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (RILL_WORKER_GET_CLASS (self)->do_work == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_UNKNOWN_WORKER,
                   _("The worker %s does not implement do_work"), G_OBJECT_TYPE_NAME (self));
      return NULL;
    }
  if (!rill_with_context (rill_context_io (), blocking_do_work, &result, self, error))
    return NULL;
  return g_value_dup_boxed (&result);
}

static void
rill_worker_class_init (RillWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_worker_dispose;
  object_class->finalize = rill_worker_finalize;
  klass->start_work = rill_worker_real_start_work;
}

static void
rill_worker_init (RillWorker *self)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

void
rill_worker_setup (RillWorker       *self,
                   RillWorkInfo     *info,
                   GVariant         *input,
                   RillWorkDatabase *database,
                   GApplication     *application)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  priv->info = rill_work_info_ref (info);
  priv->input = g_variant_ref (input);
  /* A remote service's process has no database: see progress_func. */
  priv->database = database != NULL ? g_object_ref (database) : NULL;
  priv->application = application;
  if (application != NULL)
    g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &priv->application);
}

void
rill_worker_stop (RillWorker         *self,
                  RillWorkStopReason  reason)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  if (!g_atomic_int_compare_and_exchange (&priv->stopped, FALSE, TRUE))
    return;
  priv->stop_reason = reason;
  g_cancellable_cancel (priv->cancellable);
  if (RILL_WORKER_GET_CLASS (self)->on_stopped != NULL)
    RILL_WORKER_GET_CLASS (self)->on_stopped (self);
}

RillWorkResult *
rill_worker_run (RillWorker  *self,
                 GError     **error)
{
  return RILL_WORKER_GET_CLASS (self)->start_work (self, error);
}

void
rill_worker_end (RillWorker *self)
{
  set_held (self, FALSE);
}

void
rill_worker_set_progress_func (RillWorker             *self,
                               RillWorkerProgressFunc  func,
                               gpointer                user_data)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  priv->progress_func = func;
  priv->progress_data = user_data;
}

void
rill_worker_set_manager (RillWorker      *self,
                         RillWorkManager *manager)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  priv->manager = manager;
}

RillWorkManager *
rill_worker_get_manager (RillWorker *self)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  return priv->manager;
}

const char *
rill_worker_get_worker_class (RillWorker *self)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  return priv->info != NULL ? priv->info->worker_class : NULL;
}

void
rill_worker_set_process_lost (RillWorker *self)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  g_atomic_int_set (&priv->process_lost, TRUE);
}

gboolean
rill_worker_get_process_lost (RillWorker *self)
{
  RillWorkerPrivate *priv = rill_worker_get_instance_private (self);

  return g_atomic_int_get (&priv->process_lost);
}

/**
 * rill_worker_get_id:
 * @self: a worker
 *
 * The id of the work it runs.
 *
 * Returns: (transfer none): the id
 */
const char *
rill_worker_get_id (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), NULL);
  priv = rill_worker_get_instance_private (self);
  return priv->info != NULL ? priv->info->id : NULL;
}

/**
 * rill_worker_get_input_data:
 * @self: a worker
 *
 * The input of the work: its request's input data, merged with the outputs
 * of its prerequisites by its input merger.
 *
 * Returns: (transfer none): the input, of type `a{sv}`
 */
GVariant *
rill_worker_get_input_data (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), NULL);
  priv = rill_worker_get_instance_private (self);
  return priv->input;
}

/**
 * rill_worker_get_tags:
 * @self: a worker
 *
 * The tags of the work it runs.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the tags
 */
const char * const *
rill_worker_get_tags (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), NULL);
  priv = rill_worker_get_instance_private (self);
  return priv->info != NULL ? (const char * const *) priv->info->tags : NULL;
}

/**
 * rill_worker_get_run_attempt_count:
 * @self: a worker
 *
 * Which attempt this run is: 1 for the first.
 *
 * Returns: the attempt
 */
guint
rill_worker_get_run_attempt_count (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), 0);
  priv = rill_worker_get_instance_private (self);
  return priv->info != NULL ? priv->info->run_attempt_count : 0;
}

/**
 * rill_worker_is_stopped:
 * @self: a worker
 *
 * Whether the work was stopped. Any thread may ask.
 *
 * Returns: %TRUE once stopped
 */
gboolean
rill_worker_is_stopped (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), TRUE);
  priv = rill_worker_get_instance_private (self);
  return g_atomic_int_get (&priv->stopped);
}

/**
 * rill_worker_get_stop_reason:
 * @self: a worker
 *
 * Why the work was stopped.
 *
 * Returns: the reason, %RILL_WORK_STOP_REASON_NOT_STOPPED while it runs
 */
RillWorkStopReason
rill_worker_get_stop_reason (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), RILL_WORK_STOP_REASON_NOT_STOPPED);
  priv = rill_worker_get_instance_private (self);
  return g_atomic_int_get (&priv->stopped) ? priv->stop_reason : RILL_WORK_STOP_REASON_NOT_STOPPED;
}

/**
 * rill_worker_get_cancellable:
 * @self: a worker
 *
 * A cancellable cancelled when the work is stopped, for the GIO calls of a
 * blocking `do_work`.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
rill_worker_get_cancellable (RillWorker *self)
{
  RillWorkerPrivate *priv;

  g_return_val_if_fail (RILL_IS_WORKER (self), NULL);
  priv = rill_worker_get_instance_private (self);
  return priv->cancellable;
}

/**
 * rill_worker_set_progress:
 * @self: a running worker
 * @progress: a dictionary of type `a{sv}` of at most
 *   %RILL_WORK_DATA_MAX_SIZE bytes; a floating reference is taken
 * @error: return location for an error
 *
 * Publishes the progress of the work: its [struct@WorkInfo] shows it until
 * the run ends, when it is cleared. It is written to the work database, so
 * observers in other processes see it too; in the process of a remote work
 * service, it is sent to the application, which writes it. Any thread may
 * call it.
 *
 * Returns: %TRUE when published; %FALSE with an error for bad data or a
 *   database failure
 */
gboolean
rill_worker_set_progress (RillWorker  *self,
                          GVariant    *progress,
                          GError     **error)
{
  RillWorkerPrivate *priv;
  g_autoptr(GVariant) owned = NULL;

  g_return_val_if_fail (RILL_IS_WORKER (self), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned = g_variant_ref_sink (progress);
  priv = rill_worker_get_instance_private (self);
  if (priv->database == NULL && priv->progress_func != NULL)
    {
      if (!rill_work_check_data (owned, _("progress"), error))
        return FALSE;
      priv->progress_func (self, owned, priv->progress_data);
      return TRUE;
    }
  if (priv->database == NULL)
    {
      g_critical ("%s: the worker %s is not running work", G_STRFUNC, G_OBJECT_TYPE_NAME (self));
      return FALSE;
    }
  if (!rill_work_check_data (owned, _("progress"), error))
    return FALSE;
  return rill_work_database_set_progress (priv->database, priv->info->id, owned, error);
}

/**
 * rill_worker_set_foreground:
 * @self: a running worker
 * @foreground: whether the work must keep the application running
 *
 * Long-running work that the user waits for (a download, an export) holds
 * the application given to [method@WorkManager.set_application] while
 * @foreground is %TRUE, so that it does not quit under the work when its
 * last window closes: the desktop's `setForeground`. The hold ends when
 * the run does, at the latest.
 */
void
rill_worker_set_foreground (RillWorker *self,
                            gboolean    foreground)
{
  g_return_if_fail (RILL_IS_WORKER (self));

  set_held (self, foreground);
}
