/* rill-work-manager.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-channel.h"
#include "rill-context.h"
#include "rill-coroutine.h"
#include "rill-flow-builders.h"
#include "rill-flow-live-data.h"
#include "rill-job.h"
#include "rill-coroutine-worker.h"
#include "rill-remote-coroutine-worker.h"
#include "rill-remote-services-private.h"
#include "rill-work-constraint-tracker-private.h"
#include "rill-work-continuation.h"
#include "rill-work-info-private.h"
#include "rill-work-manager-private.h"
#include "rill-work-request-private.h"
#include "rill-worker-private.h"

/**
 * RillWorkManager:
 *
 * Persistent background work, Android's WorkManager for the desktop.
 *
 * Work is described by a [class@WorkRequest] and enqueued; from then on it
 * is in an SQLite database (under `g_get_user_data_dir ()/APP_ID/`, or at a
 * path given to [ctor@WorkManager.new_for_path]) and survives the
 * application's restart: a kill at any moment loses no enqueued work and no
 * finished output, and work that was running when the process ended is
 * enqueued again at the next start, its attempt counted.
 *
 * Once [method@WorkManager.start] is called, a scheduler coroutine runs the
 * work that is due — its initial delay, back-off or period elapsed, its
 * prerequisites succeeded — each in a new [class@Worker] or
 * [class@CoroutineWorker]. Their states move exactly as WorkManager's:
 * ENQUEUED, RUNNING, then SUCCEEDED or FAILED, or ENQUEUED again for a
 * retry or the next period; BLOCKED while prerequisites run; CANCELLED.
 * Every change is one committed transaction.
 *
 * The state of work can be read at once ([method@WorkManager.get_work_info]),
 * or observed as a flow or a live data that gets a new [struct@WorkInfo]
 * whenever the work changes — the database tells which tables a commit
 * changed, and observers of those query again, the Room pattern.
 *
 * Differences that the desktop forces are listed in the Background work
 * guide: work runs while the application runs (there is no system job
 * scheduler to start it), and the manager holds no wake locks.
 */

/* How often the database is checked for commits of other processes (the
 * rill-work tool) while work runs; idle, nothing wakes up. */
#define EXTERNAL_CHECK_MS 2000
#define DEFAULT_MAX_RUNNING 16

typedef struct
{
  char                *id;
  RillJob             *job;
  RillWorker          *worker;
  RillWorkConstraints *constraints;   /* NULL: none */
} Running;

typedef struct
{
  RillWorkTables  tables;
  RillChannel    *kick;     /* conflated: a query is due */
} Watcher;

struct _RillWorkManager
{
  GObject                parent_instance;

  RillWorkDatabase      *database;
  char                  *application_id;
  RillRemoteServices    *remote_services;

  GMutex                 lock;
  GHashTable            *running;      /* id -> Running */
  GPtrArray             *watchers;     /* Watcher */
  gboolean               started;
  gboolean               closed;

  RillWorkerFactoryFunc  factory;
  gpointer               factory_data;
  GDestroyNotify         factory_destroy;
  GApplication          *application;  /* weak */
  RillWorkClockFunc      clock;
  gpointer               clock_data;
  GDestroyNotify         clock_destroy;
  guint                  max_running;
  gint                   active;         /* atomic: see n_running () */

  GNetworkMonitor       *network_monitor;
  RillWorkConstraintTracker *tracker;

  RillScope             *scope;
  RillJob               *scheduler;
  RillChannel           *kick;
};

G_DEFINE_FINAL_TYPE (RillWorkManager, rill_work_manager, G_TYPE_OBJECT)

/* The worker of combine (): passes its merged input on. */
#define RILL_TYPE_COMBINE_WORKER (rill_combine_worker_get_type ())
G_DECLARE_FINAL_TYPE (RillCombineWorker, rill_combine_worker, RILL, COMBINE_WORKER, RillCoroutineWorker)

struct _RillCombineWorker
{
  RillCoroutineWorker parent_instance;
};

G_DEFINE_FINAL_TYPE (RillCombineWorker, rill_combine_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
rill_combine_worker_do_work (RillCoroutineWorker  *worker,
                             GError              **error)
{
  return rill_work_result_new_success (rill_worker_get_input_data (RILL_WORKER (worker)));
}

static void
rill_combine_worker_class_init (RillCombineWorkerClass *klass)
{
  RILL_COROUTINE_WORKER_CLASS (klass)->do_work = rill_combine_worker_do_work;
}

static void
rill_combine_worker_init (RillCombineWorker *self)
{
}

/* ---------------------------------------------------------------------- */

static gint64
now_ms (RillWorkManager *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time () / 1000;
}

static void
kick (RillWorkManager *self)
{
  g_auto(GValue) one = G_VALUE_INIT;

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  rill_channel_try_send (self->kick, &one, NULL);
}

/* After a commit, on the committing thread: observers query again. */
static void
invalidated (RillWorkTables tables,
             gpointer       user_data)
{
  RillWorkManager *self = user_data;
  g_auto(GValue) one = G_VALUE_INIT;

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->watchers->len; i++)
    {
      Watcher *w = g_ptr_array_index (self->watchers, i);

      if (w->tables & tables)
        rill_channel_try_send (w->kick, &one, NULL);
    }
  g_mutex_unlock (&self->lock);
}

static void
running_free (gpointer data)
{
  Running *r = data;

  g_free (r->id);
  g_clear_pointer (&r->job, rill_job_unref);
  g_clear_object (&r->worker);
  g_clear_pointer (&r->constraints, rill_work_constraints_unref);
  g_free (r);
}

static void
rill_work_manager_dispose (GObject *object)
{
  RillWorkManager *self = RILL_WORK_MANAGER (object);

  rill_work_manager_shutdown (self);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;

  G_OBJECT_CLASS (rill_work_manager_parent_class)->dispose (object);
}

static void
rill_work_manager_finalize (GObject *object)
{
  RillWorkManager *self = RILL_WORK_MANAGER (object);

  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);
  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  if (self->database != NULL)
    rill_work_database_set_invalidate_func (self->database, NULL, NULL);
  g_clear_object (&self->database);
  g_clear_pointer (&self->remote_services, rill_remote_services_free);
  g_free (self->application_id);
  g_hash_table_unref (self->running);
  g_ptr_array_unref (self->watchers);
  g_clear_object (&self->kick);
  g_clear_object (&self->network_monitor);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_work_manager_parent_class)->finalize (object);
}

static void
rill_work_manager_class_init (RillWorkManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_work_manager_dispose;
  object_class->finalize = rill_work_manager_finalize;
}

static void
rill_work_manager_init (RillWorkManager *self)
{
  g_mutex_init (&self->lock);
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, running_free);
  self->watchers = g_ptr_array_new ();
  self->max_running = DEFAULT_MAX_RUNNING;
  self->kick = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_SUSPEND);
  self->remote_services = rill_remote_services_new ();
  g_type_ensure (RILL_TYPE_COMBINE_WORKER);
}

/**
 * rill_work_manager_new_for_path:
 * @path: the file of the work database; its folder is created if needed
 * @error: return location for an error
 *
 * Opens the work database at @path, creating or upgrading it, and makes a
 * work manager for it. Nothing runs until [method@WorkManager.start].
 *
 * Returns: (transfer full) (nullable): the manager, or %NULL with
 *   %RILL_WORK_ERROR_DATABASE when the database is corrupt, read-only or
 *   from a newer version
 */
RillWorkManager *
rill_work_manager_new_for_path (const char  *path,
                                GError     **error)
{
  g_autoptr(RillWorkManager) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (RILL_TYPE_WORK_MANAGER, NULL);
  self->database = rill_work_database_open (path, error);
  if (self->database == NULL)
    return NULL;
  rill_work_database_set_invalidate_func (self->database, invalidated, self);
  return g_steal_pointer (&self);
}

/**
 * rill_work_manager_new:
 * @application_id: the application's id, as g_application_id_is_valid()
 *   accepts
 * @error: return location for an error
 *
 * Makes the work manager of an application, whose database is
 * `g_get_user_data_dir ()/APPLICATION_ID/rill-work.db`.
 *
 * Returns: (transfer full) (nullable): the manager, or %NULL with an error
 */
RillWorkManager *
rill_work_manager_new (const char  *application_id,
                       GError     **error)
{
  g_autofree char *path = NULL;
  RillWorkManager *self;

  g_return_val_if_fail (application_id != NULL && g_application_id_is_valid (application_id), NULL);

  path = g_build_filename (g_get_user_data_dir (), application_id, "rill-work.db", NULL);
  self = rill_work_manager_new_for_path (path, error);
  if (self != NULL)
    self->application_id = g_strdup (application_id);
  return self;
}

/**
 * rill_work_manager_set_application_id:
 * @self: a work manager
 * @application_id: (nullable): the application's id, as
 *   g_application_id_is_valid() accepts
 *
 * Tells a manager made with [ctor@WorkManager.new_for_path] the id of its
 * application, which remote work names in its
 * %RILL_REMOTE_ARGUMENT_APPLICATION_ID argument. A manager made with
 * [ctor@WorkManager.new] knows it already; without one, the id of the
 * application given to [method@WorkManager.set_application] is used.
 */
void
rill_work_manager_set_application_id (RillWorkManager *self,
                                      const char      *application_id)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (application_id == NULL || g_application_id_is_valid (application_id));

  g_mutex_lock (&self->lock);
  g_free (self->application_id);
  self->application_id = g_strdup (application_id);
  g_mutex_unlock (&self->lock);
}

/**
 * rill_work_manager_get_application_id:
 * @self: a work manager
 *
 * The id of the manager's application: the one given to
 * [ctor@WorkManager.new] or [method@WorkManager.set_application_id], else
 * that of the application given to [method@WorkManager.set_application].
 *
 * Returns: (transfer full) (nullable): the id, %NULL when none is known
 */
char *
rill_work_manager_get_application_id (RillWorkManager *self)
{
  char *id;

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);

  g_mutex_lock (&self->lock);
  id = g_strdup (self->application_id);
  if (id == NULL && self->application != NULL)
    id = g_strdup (g_application_get_application_id (self->application));
  g_mutex_unlock (&self->lock);
  return id;
}

/**
 * rill_work_manager_add_remote_service:
 * @self: a work manager
 * @service_name: the name of the service, which remote work names in its
 *   %RILL_REMOTE_ARGUMENT_SERVICE_NAME argument
 * @argv: (array zero-terminated=1) (element-type filename): how its process
 *   is started: a program path and its arguments
 *
 * Declares a remote work service, the desktop's `<service
 * android:process=…>`: a process in which [class@RemoteCoroutineWorker]s
 * run. It is usually the application's own binary with an option telling
 * its `main ()` to call rill_remote_work_service_run(), or a small host
 * program that links the workers and calls it.
 *
 * The process is started when work first needs it, is reused by all the
 * work of the service, and ends when it has had no work for a few
 * seconds. Declaring a name again replaces its command for the processes
 * started afterwards.
 */
void
rill_work_manager_add_remote_service (RillWorkManager    *self,
                                      const char         *service_name,
                                      const char * const *argv)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (service_name != NULL && *service_name != '\0');
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  rill_remote_services_add (self->remote_services, service_name, argv);
}

/**
 * rill_work_manager_set_remote_idle_timeout:
 * @self: a work manager
 * @idle_timeout_ms: milliseconds
 *
 * Sets how long the process of a remote work service is kept once it has
 * no work; the default is 5 seconds, or the milliseconds in the
 * `RILL_REMOTE_IDLE_TIMEOUT_MS` environment variable when the manager is
 * made. A process started again costs its start-up, and the worker
 * types' registration; an idle one costs memory.
 */
void
rill_work_manager_set_remote_idle_timeout (RillWorkManager *self,
                                           guint            idle_timeout_ms)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));

  rill_remote_services_set_idle_timeout (self->remote_services, idle_timeout_ms);
}

RillRemoteServices *
rill_work_manager_get_remote_services (RillWorkManager *self)
{
  return self->remote_services;
}

/**
 * rill_work_manager_get_database_path:
 * @self: a work manager
 *
 * The file of the work database.
 *
 * Returns: (transfer none) (type filename): the path
 */
const char *
rill_work_manager_get_database_path (RillWorkManager *self)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  return rill_work_database_get_path (self->database);
}

/**
 * rill_work_manager_set_worker_factory:
 * @self: a work manager, not started
 * @factory: (scope notified) (closure user_data) (destroy destroy) (nullable):
 *   the factory
 * @user_data: data for @factory
 * @destroy: (nullable): frees @user_data
 *
 * Sets the factory of workers: it is asked first for each run; when it
 * returns %NULL, the worker class is looked up as a #GType name.
 */
void
rill_work_manager_set_worker_factory (RillWorkManager       *self,
                                      RillWorkerFactoryFunc  factory,
                                      gpointer               user_data,
                                      GDestroyNotify         destroy)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (!self->started);

  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);
  self->factory = factory;
  self->factory_data = user_data;
  self->factory_destroy = destroy;
}

/**
 * rill_work_manager_set_application:
 * @self: a work manager
 * @application: (nullable): the application
 *
 * Sets the application that workers hold with
 * [method@Worker.set_foreground]. It is not kept alive by the manager.
 */
void
rill_work_manager_set_application (RillWorkManager *self,
                                   GApplication    *application)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (application == NULL || G_IS_APPLICATION (application));

  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = application;
  if (application != NULL)
    g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
}

/**
 * rill_work_manager_set_clock:
 * @self: a work manager, not started
 * @clock: (scope notified) (closure user_data) (destroy destroy) (nullable):
 *   the clock, %NULL for the real time
 * @user_data: data for @clock
 * @destroy: (nullable): frees @user_data
 *
 * Replaces the clock that times delays, back-off and periods, for tests:
 * with a [struct@TestScope] given to [method@WorkManager.start] and a clock
 * reading its virtual time, a day of periodic work runs in no time.
 */
void
rill_work_manager_set_clock (RillWorkManager   *self,
                             RillWorkClockFunc  clock,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (!self->started);

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock = clock;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

/**
 * rill_work_manager_set_max_running:
 * @self: a work manager
 * @max_running: how many workers may run at once, at least 1
 *
 * Limits the work that runs at once; the default is 16.
 */
void
rill_work_manager_set_max_running (RillWorkManager *self,
                                   guint            max_running)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (max_running >= 1);

  g_atomic_int_set (&self->max_running, max_running);
  kick (self);
}

/**
 * rill_work_manager_set_network_monitor:
 * @self: a work manager, not started
 * @monitor: (nullable): the network monitor, %NULL for
 *   g_network_monitor_get_default()
 *
 * Sets the network monitor that network constraints are checked with.
 */
void
rill_work_manager_set_network_monitor (RillWorkManager *self,
                                       GNetworkMonitor *monitor)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));
  g_return_if_fail (!self->started);

  g_set_object (&self->network_monitor, monitor);
}

static void stop_running (RillWorkManager    *self,
                          GPtrArray          *ids,
                          RillWorkStopReason  reason,
                          gint64              now);

/* ---------------------------------------------------------------------- */
/* Constraints */

static RillWorkConstraints *
constraints_of (RillWorkInfo *info)
{
  g_autoptr(GError) error = NULL;
  RillWorkConstraints *constraints;

  if (g_variant_n_children (info->constraints) == 0)
    return NULL;
  constraints = rill_work_constraints_new_from_variant (info->constraints, &error);
  if (constraints == NULL)
    g_warning ("The constraints of work %s are damaged, and ignored: %s", info->id, error->message);
  else if (rill_work_constraints_is_empty (constraints))
    g_clear_pointer (&constraints, rill_work_constraints_unref);
  return constraints;
}

/* Which constraint of @constraints is not met, NOT_STOPPED when all are. */
static RillWorkStopReason
unmet_constraint (RillWorkManager     *self,
                  RillWorkConstraints *constraints)
{
  g_autoptr(RillWorkConstraints) network = NULL, battery = NULL, charging = NULL, storage = NULL;

  if (constraints == NULL || self->tracker == NULL
      || rill_work_constraint_tracker_are_met (self->tracker, constraints, NULL))
    return RILL_WORK_STOP_REASON_NOT_STOPPED;

  network = rill_work_constraints_new ();
  rill_work_constraints_set_required_network_type (network, rill_work_constraints_get_required_network_type (constraints));
  if (!rill_work_constraint_tracker_are_met (self->tracker, network, NULL))
    return RILL_WORK_STOP_REASON_CONSTRAINT_NETWORK;
  charging = rill_work_constraints_new ();
  rill_work_constraints_set_requires_charging (charging, rill_work_constraints_get_requires_charging (constraints));
  if (!rill_work_constraint_tracker_are_met (self->tracker, charging, NULL))
    return RILL_WORK_STOP_REASON_CONSTRAINT_CHARGING;
  battery = rill_work_constraints_new ();
  rill_work_constraints_set_requires_battery_not_low (battery, rill_work_constraints_get_requires_battery_not_low (constraints));
  if (!rill_work_constraint_tracker_are_met (self->tracker, battery, NULL))
    return RILL_WORK_STOP_REASON_CONSTRAINT_BATTERY_NOT_LOW;
  return RILL_WORK_STOP_REASON_CONSTRAINT_STORAGE_NOT_LOW;
}

static void
constraints_changed (RillWorkConstraintTracker *tracker,
                     RillWorkManager           *self)
{
  kick (self);
}

/* Running work whose constraints are no longer met is stopped, and
 * enqueued again to run when they are. */
static void
stop_unmet (RillWorkManager *self,
            gint64           now)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (RillWorkStopReason));
  GHashTableIter iter;
  Running *r;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    {
      RillWorkStopReason reason = unmet_constraint (self, r->constraints);

      if (reason != RILL_WORK_STOP_REASON_NOT_STOPPED)
        {
          g_ptr_array_add (ids, g_strdup (r->id));
          g_array_append_val (reasons, reason);
        }
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, g_ptr_array_index (ids, i));
      stop_running (self, one, g_array_index (reasons, RillWorkStopReason, i), now);
    }
}

/* ---------------------------------------------------------------------- */
/* Running work */

/* Stops the running workers of @ids (all when NULL), outside the lock: a
 * cancelled coroutine may run at once, and take it. When @now is not 0,
 * their work goes back to ENQUEUED in the database. */
static void
stop_running (RillWorkManager    *self,
              GPtrArray          *ids,
              RillWorkStopReason  reason,
              gint64              now)
{
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_job_unref);
  g_autoptr(GPtrArray) stopped_ids = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->lock);
  if (ids == NULL)
    {
      GHashTableIter iter;
      Running *r;

      g_hash_table_iter_init (&iter, self->running);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
        {
          g_ptr_array_add (workers, g_object_ref (r->worker));
          g_ptr_array_add (jobs, rill_job_ref (r->job));
          g_ptr_array_add (stopped_ids, g_strdup (r->id));
        }
    }
  else
    for (guint i = 0; i < ids->len; i++)
      {
        Running *r = g_hash_table_lookup (self->running, g_ptr_array_index (ids, i));

        if (r != NULL)
          {
            g_ptr_array_add (workers, g_object_ref (r->worker));
            g_ptr_array_add (jobs, rill_job_ref (r->job));
            g_ptr_array_add (stopped_ids, g_strdup (r->id));
          }
      }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < workers->len; i++)
    {
      rill_worker_stop (g_ptr_array_index (workers, i), reason);
      if (now != 0)
        rill_work_database_stop (self->database, g_ptr_array_index (stopped_ids, i), reason, now, NULL);
      rill_job_cancel (g_ptr_array_index (jobs, i));
    }
}


static RillWorker *
make_worker (RillWorkManager  *self,
             const char       *worker_class,
             GVariant         *input,
             GError          **error)
{
  GType type;

  if (self->factory != NULL)
    {
      RillWorker *worker = self->factory (worker_class, self->factory_data);

      if (worker != NULL)
        {
          if (!RILL_IS_WORKER (worker))
            {
              g_critical ("The worker factory made a %s for “%s”, not a RillWorker",
                          G_OBJECT_TYPE_NAME (worker), worker_class);
              g_object_unref (worker);
            }
          else
            return worker;
        }
    }
  if (g_str_equal (worker_class, RILL_WORK_COMBINE_WORKER_CLASS))
    return g_object_new (RILL_TYPE_COMBINE_WORKER, NULL);

  type = g_type_from_name (worker_class);
  /* The class of remote work may exist in its service's process only: the
   * base class sends the work there under the request's class name. */
  if (type == 0)
    {
      g_autoptr(GVariant) service = g_variant_lookup_value (input, RILL_REMOTE_ARGUMENT_SERVICE_NAME, NULL);

      if (service != NULL)
        type = RILL_TYPE_REMOTE_COROUTINE_WORKER;
    }
  if (type == 0 || !g_type_is_a (type, RILL_TYPE_WORKER) || G_TYPE_IS_ABSTRACT (type))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_UNKNOWN_WORKER,
                   _("No worker class “%s”: it is not the name of a registered worker type, "
                     "and no worker factory made one"), worker_class);
      return NULL;
    }
  return g_object_new (type, NULL);
}

/* Appends @value to the values of @key, concatenating arrays of one type. */
static void
collect_value (GHashTable *by_key,
               GPtrArray  *keys,
               const char *key,
               GVariant   *value)
{
  GPtrArray *values = g_hash_table_lookup (by_key, key);

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (by_key, g_strdup (key), values);
      g_ptr_array_add (keys, g_strdup (key));
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY)
      && !g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT)
      && !g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      GVariantIter iter;
      GVariant *child;

      g_variant_iter_init (&iter, value);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        g_ptr_array_add (values, child);
    }
  else
    g_ptr_array_add (values, g_variant_ref (value));
}

/* WorkManager's input mergers; the inputs are the work's own, then the
 * outputs of its prerequisites, a later key overwriting an earlier one. */
static GVariant *
merge_inputs (RillInputMerger   merger,
              GVariant         *own,
              GPtrArray        *outputs,
              GError          **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GVariantBuilder builder;

  if (outputs == NULL || outputs->len == 0)
    return g_variant_ref (own);

  g_ptr_array_add (inputs, own);
  for (guint i = 0; i < outputs->len; i++)
    g_ptr_array_add (inputs, g_ptr_array_index (outputs, i));

  for (guint i = 0; i < inputs->len; i++)
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, g_ptr_array_index (inputs, i));
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          if (merger == RILL_INPUT_MERGER_OVERWRITING)
            {
              GPtrArray *values = g_hash_table_lookup (by_key, key);

              if (values == NULL)
                collect_value (by_key, keys, key, value);
              else
                {
                  g_ptr_array_set_size (values, 0);
                  g_ptr_array_add (values, g_variant_ref (value));
                }
            }
          else
            collect_value (by_key, keys, key, value);
          g_variant_unref (value);
        }
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);
      GPtrArray *values = g_hash_table_lookup (by_key, key);

      if (merger == RILL_INPUT_MERGER_OVERWRITING)
        g_variant_builder_add (&builder, "{sv}", key, g_ptr_array_index (values, 0));
      else
        {
          const GVariantType *type = g_variant_get_type (g_ptr_array_index (values, 0));

          for (guint i = 1; i < values->len; i++)
            if (!g_variant_type_equal (type, g_variant_get_type (g_ptr_array_index (values, i))))
              {
                g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                             _("The inputs cannot be merged into arrays: “%s” has values of types %s and %s"),
                             key, g_variant_get_type_string (g_ptr_array_index (values, 0)),
                             g_variant_get_type_string (g_ptr_array_index (values, i)));
                g_variant_builder_clear (&builder);
                return NULL;
              }
          g_variant_builder_add (&builder, "{sv}", key,
                                 g_variant_new_array (type, (GVariant **) values->pdata, values->len));
        }
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GVariant *
error_output (const GError *error)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "error", g_variant_new_string (error->message));
  return g_variant_builder_end (&builder);
}

typedef struct
{
  RillWorkManager *manager;
  RillWorkInfo    *info;
} RunData;

/* Once the run is over, or will never be: its slot is free, and the
 * scheduler may start more. */
static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_atomic_int_dec_and_test (&run->manager->active);
  kick (run->manager);
  rill_work_info_unref (run->info);
  g_object_unref (run->manager);
  g_free (run);
}

static void
fail_run (RillWorkManager    *self,
          RillWorkInfo       *info,
          const GError       *error,
          RillWorkStopReason  stop_reason)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GVariant) output = g_variant_ref_sink (error_output (error));

  g_message ("Work %s (%s) failed: %s", info->id, info->worker_class, error->message);
  if (!rill_work_database_finish (self->database, info->id, RILL_WORK_RESULT_FAILURE,
                                  output, stop_reason, now_ms (self), &local))
    g_warning ("Cannot record the failure of work %s: %s", info->id, local->message);
}

static void
worker_body (RillScope *scope,
             gpointer   user_data)
{
  RunData *run = user_data;
  RillWorkManager *self = run->manager;
  RillWorkInfo *info = run->info;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorker) worker = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GVariant) input = NULL;
  g_autoptr(RillWorkResult) result = NULL;
  g_autoptr(RillWorkInfo) now_info = NULL;
  RillWorkStopReason lost;
  Running *r;

  worker = make_worker (self, info->worker_class, info->input, &error);
  if (worker != NULL)
    outputs = rill_work_database_get_prerequisite_outputs (self->database, info->id, &error);
  if (worker != NULL && outputs != NULL)
    input = merge_inputs (info->input_merger, info->input, outputs, &error);
  if (input == NULL)
    {
      fail_run (self, info, error, RILL_WORK_STOP_REASON_NOT_STOPPED);
      kick (self);
      return;
    }

  rill_worker_setup (worker, info, input, self->database, self->application);
  rill_worker_set_manager (worker, self);
  r = g_new0 (Running, 1);
  r->id = g_strdup (info->id);
  r->job = rill_job_ref (rill_scope_get_job (scope));
  r->worker = g_object_ref (worker);
  r->constraints = constraints_of (info);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->running, r->id, r);
  g_mutex_unlock (&self->lock);

  /* Cancelled between being marked running and being registered: the
   * canceller could not stop it. */
  now_info = rill_work_database_get (self->database, info->id, NULL);
  if (now_info == NULL || now_info->state != RILL_WORK_STATE_RUNNING)
    rill_worker_stop (worker, RILL_WORK_STOP_REASON_CANCELLED);
  else
    result = rill_worker_run (worker, &error);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->running, info->id);
  g_mutex_unlock (&self->lock);

  lost = rill_worker_get_process_lost (worker) ? RILL_WORK_STOP_REASON_PROCESS_LOST
                                               : RILL_WORK_STOP_REASON_NOT_STOPPED;
  if (rill_worker_is_stopped (worker))
    ;  /* whoever stopped it recorded why; the result does not count */
  else if (result == NULL && !rill_is_active ())
    {
      /* The scope ended under it: a shutdown. */
      rill_work_database_stop (self->database, info->id, RILL_WORK_STOP_REASON_SHUTDOWN, now_ms (self), NULL);
    }
  else if (result == NULL)
    fail_run (self, info, error, lost);
  else
    {
      GVariant *output = rill_work_result_get_output (result);
      g_autoptr(GError) local = NULL;

      if (!rill_work_check_data (output, _("output data"), &local))
        fail_run (self, info, local, lost);
      else if (!rill_work_database_finish (self->database, info->id, rill_work_result_get_kind (result),
                                           output, lost, now_ms (self), &local))
        g_warning ("Cannot record the end of work %s: %s", info->id, local->message);
    }
  rill_worker_end (worker);
  kick (self);
}

/* Runs launched and not over, started or not yet. */
static guint
n_running (RillWorkManager *self)
{
  return (guint) g_atomic_int_get (&self->active);
}

/* Starts the work that is due and whose constraints are met, as far as
 * the limit allows. Returns whether the limit left such work waiting. */
static gboolean
start_due (RillWorkManager *self,
           RillScope       *scope,
           gint64           now)
{
  guint max = g_atomic_int_get (&self->max_running);
  guint busy = n_running (self);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  if (busy >= max)
    return TRUE;
  /* More than the free slots: some may wait for their constraints. */
  due = rill_work_database_get_due (self->database, now, (max - busy) * 4 + 16, &error);
  if (due == NULL)
    {
      g_warning ("Cannot read the work that is due: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < due->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (due, i);
      g_autoptr(RillWorkConstraints) constraints = constraints_of (info);
      RunData *run;

      if (unmet_constraint (self, constraints) != RILL_WORK_STOP_REASON_NOT_STOPPED)
        continue;
      if (busy >= max)
        return TRUE;
      if (!rill_work_database_mark_running (self->database, info->id, now, &error))
        {
          if (error != NULL)
            g_warning ("Cannot start work %s: %s", info->id, error->message);
          g_clear_error (&error);
          continue;
        }
      info->state = RILL_WORK_STATE_RUNNING;
      info->run_attempt_count++;
      busy++;
      run = g_new0 (RunData, 1);
      run->manager = g_object_ref (self);
      run->info = rill_work_info_ref (info);
      g_atomic_int_inc (&self->active);
      rill_job_unref (rill_launch (scope, NULL, worker_body, run, run_data_free));
    }
  return FALSE;
}

/* Another process (the rill-work tool) cancelled running work: its row is
 * no longer RUNNING, and its worker is stopped as a cancel here would. */
static void
stop_cancelled_elsewhere (RillWorkManager *self)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cancelled = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  Running *r;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    g_ptr_array_add (running, g_strdup (r->id));
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < running->len; i++)
    {
      g_autoptr(RillWorkInfo) info = rill_work_database_get (self->database, g_ptr_array_index (running, i), NULL);

      if (info != NULL && info->state == RILL_WORK_STATE_CANCELLED)
        g_ptr_array_add (cancelled, g_strdup (info->id));
    }
  if (cancelled->len > 0)
    stop_running (self, cancelled, RILL_WORK_STOP_REASON_CANCELLED, 0);
}

static gboolean
receive_kick (RillScope  *scope,
              GValue     *result,
              gpointer    user_data,
              GError    **error)
{
  RillWorkManager *self = user_data;
  g_auto(GValue) value = G_VALUE_INIT;

  return rill_channel_receive (self->kick, &value, error);
}

static void
scheduler_body (RillScope *scope,
                gpointer   user_data)
{
  RillWorkManager *self = user_data;
  g_autoptr(GError) error = NULL;

  rill_work_database_recover (self->database, now_ms (self), &error);
  if (error != NULL)
    g_warning ("Cannot recover the work of an ended process: %s", error->message);
  g_clear_error (&error);

  while (rill_is_active ())
    {
      gint64 now = now_ms (self), next;
      gboolean saturated;
      guint64 wait;

      if (rill_work_database_changed_elsewhere (self->database))
        {
          invalidated (RILL_WORK_TABLE_ALL, self);
          stop_cancelled_elsewhere (self);
        }
      stop_unmet (self, now);
      saturated = start_due (self, scope, now);

      /* Due work waiting for its constraints wakes on their change, other
       * work when it is due, saturation when a run ends: all kick. */
      next = saturated ? G_MAXINT64 : rill_work_database_get_next_run_at (self->database, now);
      wait = next == G_MAXINT64 ? G_MAXUINT64 : (guint64) MAX (next - now, 0);
      if (n_running (self) > 0)
        wait = MIN (wait, EXTERNAL_CHECK_MS);
      if (wait == 0)
        {
          rill_yield ();
          continue;
        }
      if (wait == G_MAXUINT64)
        {
          if (!receive_kick (scope, NULL, self, &error))
            break;
        }
      else if (!rill_with_timeout (wait, receive_kick, NULL, self, &error)
               && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        break;
      g_clear_error (&error);
    }
}

/**
 * rill_work_manager_start:
 * @self: a work manager
 * @scope: (nullable): the scope to run the scheduler and the workers in;
 *   %NULL for a scope of the manager's own on the Default pool
 *
 * Starts running work: first work that was left running by a process that
 * ended goes back to ENQUEUED, then work runs as it becomes due. Work can
 * be enqueued before. Call it once.
 */
void
rill_work_manager_start (RillWorkManager *self,
                         RillScope       *scope)
{
  g_return_if_fail (RILL_IS_WORK_MANAGER (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  {
    g_autofree char *dir = g_path_get_dirname (rill_work_database_get_path (self->database));
    g_autoptr(GFile) storage = g_file_new_for_path (dir);

    self->tracker = rill_work_constraint_tracker_new (self->network_monitor, NULL, storage);
    g_signal_connect (self->tracker, "changed", G_CALLBACK (constraints_changed), self);
  }
  if (scope != NULL)
    self->scope = rill_scope_ref (scope);
  else
    {
      g_autoptr(RillJob) job = rill_supervisor_job_new (NULL);
      g_autoptr(RillContext) job_context = rill_context_new_for_job (job);
      g_autoptr(RillContext) context = rill_context_plus (rill_context_default (), job_context);

      self->scope = rill_scope_new (context);
    }
  self->scheduler = rill_launch (self->scope, NULL, scheduler_body, g_object_ref (self), g_object_unref);
}

/**
 * rill_work_manager_shutdown:
 * @self: a work manager
 *
 * Stops running work: running workers are stopped (their work goes back to
 * ENQUEUED, to run at the next start) and the scheduler ends. The
 * database stays open for reads and enqueues. A started manager is kept
 * alive by its scheduler until it is shut down, as an application that
 * quits does in its `shutdown` handler.
 */
void
rill_work_manager_shutdown (RillWorkManager *self)
{
  gint64 now;

  g_return_if_fail (RILL_IS_WORK_MANAGER (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  now = now_ms (self);

  stop_running (self, NULL, RILL_WORK_STOP_REASON_SHUTDOWN, now);
  if (self->scheduler != NULL)
    rill_job_cancel (self->scheduler);
  g_clear_pointer (&self->scheduler, rill_job_unref);
  g_clear_pointer (&self->scope, rill_scope_unref);
  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_func (self->tracker, constraints_changed, self);
  g_clear_object (&self->tracker);
}

/* ---------------------------------------------------------------------- */
/* Enqueuing */

static RillWorkInfo *
info_from_request (RillWorkRequest *request,
                   gint64           now)
{
  RillWorkInfo *info = rill_work_info_new ();

  info->id = g_strdup (rill_work_request_get_id (request));
  info->state = RILL_WORK_STATE_ENQUEUED;
  info->worker_class = g_strdup (rill_work_request_get_worker_class (request));
  info->input = g_variant_ref (rill_work_request_get_input_data (request));
  info->output = rill_work_empty_data ();
  info->progress = rill_work_empty_data ();
  info->constraints = rill_work_request_get_constraints (request) != NULL
                      ? rill_work_constraints_to_variant (rill_work_request_get_constraints (request))
                      : rill_work_empty_data ();
  info->tags = g_strdupv ((char **) rill_work_request_get_tags (request));
  info->initial_delay = (gint64) rill_work_request_get_initial_delay (request);
  info->interval = (gint64) rill_work_request_get_interval (request);
  info->flex = (gint64) rill_work_request_get_flex (request);
  info->backoff_policy = rill_work_request_get_backoff_policy (request);
  info->backoff_delay = (gint64) rill_work_request_get_backoff_delay (request);
  info->input_merger = rill_work_request_get_input_merger (request);
  info->last_enqueue_time = now;
  info->next_run_at = now + info->initial_delay;
  /* The first period of flexible periodic work ends its flex window after
   * the initial delay, as WorkManager schedules it. */
  if (info->interval > 0 && info->flex != info->interval)
    info->next_run_at += info->interval - info->flex;
  return info;
}

gboolean
rill_work_manager_enqueue_graph (RillWorkManager         *self,
                                 GPtrArray               *requests,
                                 GArray                  *dependencies,
                                 const char              *unique_name,
                                 RillExistingWorkPolicy   policy,
                                 GError                 **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_work_info_unref);
  g_autoptr(GPtrArray) cancelled = NULL;
  gint64 now = now_ms (self);
  gboolean kept = FALSE, ok;

  for (guint i = 0; i < requests->len; i++)
    {
      RillWorkRequest *request = g_ptr_array_index (requests, i);
      RillWorkInfo *info;

      if (rill_work_request_is_frozen (request))
        {
          g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                       _("The request %s is enqueued already"), rill_work_request_get_id (request));
          return FALSE;
        }
      info = info_from_request (request, now);

      for (guint d = 0; dependencies != NULL && d < dependencies->len; d++)
        if (g_str_equal (g_array_index (dependencies, RillWorkDependency, d).id, info->id))
          {
            if (info->interval > 0)
              {
                g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                             _("Periodic work cannot be part of a chain"));
                rill_work_info_unref (info);
                return FALSE;
              }
            info->state = RILL_WORK_STATE_BLOCKED;
          }
      g_ptr_array_add (infos, info);
    }

  if (unique_name != NULL)
    ok = rill_work_database_insert_unique (self->database, unique_name, policy, infos, dependencies,
                                           now, &cancelled, &kept, error);
  else
    ok = rill_work_database_insert (self->database, infos, dependencies, NULL, now, error);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < requests->len; i++)
    rill_work_request_freeze (g_ptr_array_index (requests, i));
  if (cancelled != NULL)
    stop_running (self, cancelled, RILL_WORK_STOP_REASON_REPLACED, 0);
  kick (self);
  return TRUE;
}

/**
 * rill_work_manager_enqueue:
 * @self: a work manager
 * @request: the request; it cannot change afterwards
 * @error: return location for an error
 *
 * Stores the work of @request, which runs once it is due and the manager
 * is started. A request can be enqueued once.
 *
 * Returns: %TRUE when it is stored; %FALSE with an error otherwise
 */
gboolean
rill_work_manager_enqueue (RillWorkManager  *self,
                           RillWorkRequest  *request,
                           GError          **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (request), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_ptr_array_add (requests, request);
  return rill_work_manager_enqueue_graph (self, requests, NULL, NULL, RILL_EXISTING_WORK_POLICY_KEEP, error);
}

/**
 * rill_work_manager_enqueue_unique_work:
 * @self: a work manager
 * @name: the unique name
 * @policy: what to do when unfinished work of @name exists
 * @request: the request
 * @error: return location for an error
 *
 * Enqueues @request as the work of @name, of which only one chain exists
 * at a time, WorkManager's `enqueueUniqueWork`: @policy says whether the new
 * work replaces, is dropped for, or is appended to the work of that name.
 *
 * Returns: %TRUE when the policy was applied (even when it dropped the
 *   request); %FALSE with an error otherwise
 */
gboolean
rill_work_manager_enqueue_unique_work (RillWorkManager         *self,
                                       const char              *name,
                                       RillExistingWorkPolicy   policy,
                                       RillWorkRequest         *request,
                                       GError                 **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (request), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rill_work_request_is_periodic (request)
      && (policy == RILL_EXISTING_WORK_POLICY_APPEND || policy == RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                   _("Periodic work cannot be appended to other work"));
      return FALSE;
    }
  g_ptr_array_add (requests, request);
  return rill_work_manager_enqueue_graph (self, requests, NULL, name, policy, error);
}

/**
 * rill_work_manager_begin_with:
 * @self: a work manager
 * @requests: (array length=n_requests): the first requests of the chain,
 *   which run in parallel
 * @n_requests: the number of @requests, at least 1
 *
 * Starts a chain of work, WorkManager's `beginWith`: add what runs after
 * with [method@WorkContinuation.then], enqueue it with
 * [method@WorkContinuation.enqueue].
 *
 * Returns: (transfer full): the continuation
 */
RillWorkContinuation *
rill_work_manager_begin_with (RillWorkManager  *self,
                              RillWorkRequest **requests,
                              guint             n_requests)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (requests != NULL && n_requests > 0, NULL);

  return rill_work_continuation_new (self, NULL, RILL_EXISTING_WORK_POLICY_KEEP, requests, n_requests);
}

/**
 * rill_work_manager_begin_unique_work:
 * @self: a work manager
 * @name: the unique name of the chain
 * @policy: what to do when unfinished work of @name exists
 * @requests: (array length=n_requests): the first requests of the chain
 * @n_requests: the number of @requests, at least 1
 *
 * Starts a chain of work that is the unique work of @name, WorkManager's
 * `beginUniqueWork`.
 *
 * Returns: (transfer full): the continuation
 */
RillWorkContinuation *
rill_work_manager_begin_unique_work (RillWorkManager         *self,
                                     const char              *name,
                                     RillExistingWorkPolicy   policy,
                                     RillWorkRequest        **requests,
                                     guint                    n_requests)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (requests != NULL && n_requests > 0, NULL);

  return rill_work_continuation_new (self, name, policy, requests, n_requests);
}

/* ---------------------------------------------------------------------- */
/* Cancelling */

static gboolean
cancel (RillWorkManager  *self,
        const char       *id,
        const char       *tag,
        const char       *name,
        GError          **error)
{
  g_autoptr(GPtrArray) running = NULL;

  if (!rill_work_database_cancel (self->database, id, tag, name, now_ms (self), &running, error))
    return FALSE;
  stop_running (self, running, RILL_WORK_STOP_REASON_CANCELLED, 0);
  kick (self);
  return TRUE;
}

/**
 * rill_work_manager_cancel_work_by_id:
 * @self: a work manager
 * @id: the id of the work
 * @error: return location for an error
 *
 * Cancels the work of @id unless it finished, and the work that depends on
 * it. A running worker is stopped; its result is ignored.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
rill_work_manager_cancel_work_by_id (RillWorkManager  *self,
                                     const char       *id,
                                     GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return cancel (self, id, NULL, NULL, error);
}

/**
 * rill_work_manager_cancel_all_work_by_tag:
 * @self: a work manager
 * @tag: a tag
 * @error: return location for an error
 *
 * Cancels the unfinished work tagged @tag, and the work depending on it.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
rill_work_manager_cancel_all_work_by_tag (RillWorkManager  *self,
                                          const char       *tag,
                                          GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  return cancel (self, NULL, tag, NULL, error);
}

/**
 * rill_work_manager_cancel_unique_work:
 * @self: a work manager
 * @name: a unique name
 * @error: return location for an error
 *
 * Cancels the unfinished work of @name, and the work depending on it.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
rill_work_manager_cancel_unique_work (RillWorkManager  *self,
                                      const char       *name,
                                      GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return cancel (self, NULL, NULL, name, error);
}

/**
 * rill_work_manager_cancel_all_work:
 * @self: a work manager
 * @error: return location for an error
 *
 * Cancels all unfinished work.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
rill_work_manager_cancel_all_work (RillWorkManager  *self,
                                   GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), FALSE);
  return cancel (self, NULL, NULL, NULL, error);
}

/**
 * rill_work_manager_prune_work:
 * @self: a work manager
 * @error: return location for an error
 *
 * Deletes the records of finished work on which no unfinished work
 * depends, WorkManager's `pruneWork`: their ids are unknown afterwards.
 *
 * Returns: how many were deleted
 */
guint
rill_work_manager_prune_work (RillWorkManager  *self,
                              GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), 0);
  return rill_work_database_prune (self->database, G_MAXINT64, error);
}

/* ---------------------------------------------------------------------- */
/* Reading and observing */

/**
 * rill_work_manager_get_work_info:
 * @self: a work manager
 * @id: the id of the work
 * @error: return location for an error
 *
 * Reads what is known of the work of @id now. It blocks on the database
 * for a moment: in a coroutine, prefer the flow.
 *
 * Returns: (transfer full) (nullable): the work info, or %NULL when no
 *   work has @id (without an error) or the database failed
 */
RillWorkInfo *
rill_work_manager_get_work_info (RillWorkManager  *self,
                                 const char       *id,
                                 GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return rill_work_database_get (self->database, id, error);
}

/**
 * rill_work_manager_get_work_infos_by_tag:
 * @self: a work manager
 * @tag: a tag
 * @error: return location for an error
 *
 * Reads the work tagged @tag, in the order it was enqueued.
 *
 * Returns: (transfer container) (element-type RillWorkInfo) (nullable): the
 *   work infos, %NULL with an error
 */
GPtrArray *
rill_work_manager_get_work_infos_by_tag (RillWorkManager  *self,
                                         const char       *tag,
                                         GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);
  return rill_work_database_get_by_tag (self->database, tag, error);
}

/**
 * rill_work_manager_get_work_infos_for_unique_work:
 * @self: a work manager
 * @name: a unique name
 * @error: return location for an error
 *
 * Reads the work of @name, in the order it was enqueued.
 *
 * Returns: (transfer container) (element-type RillWorkInfo) (nullable): the
 *   work infos, %NULL with an error
 */
GPtrArray *
rill_work_manager_get_work_infos_for_unique_work (RillWorkManager  *self,
                                                  const char       *name,
                                                  GError          **error)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return rill_work_database_get_by_name (self->database, name, error);
}

typedef enum { WATCH_ID, WATCH_TAG, WATCH_NAME } WatchKind;

typedef struct
{
  RillWorkManager *manager;
  WatchKind        kind;
  char            *key;
} WatchSpec;

static void
watch_spec_free (gpointer data)
{
  WatchSpec *spec = data;

  g_object_unref (spec->manager);
  g_free (spec->key);
  g_free (spec);
}

static gboolean
query_block (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  WatchSpec *spec = user_data;
  RillWorkDatabase *db = spec->manager->database;

  if (spec->kind == WATCH_ID)
    {
      g_autoptr(GError) local = NULL;
      RillWorkInfo *info = rill_work_database_get (db, spec->key, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_value_init (result, RILL_TYPE_WORK_INFO);
      g_value_take_boxed (result, info);
    }
  else
    {
      GPtrArray *infos = spec->kind == WATCH_TAG ? rill_work_database_get_by_tag (db, spec->key, error)
                                                 : rill_work_database_get_by_name (db, spec->key, error);

      if (infos == NULL)
        return FALSE;
      g_value_init (result, G_TYPE_PTR_ARRAY);
      g_value_take_boxed (result, infos);
    }
  return TRUE;
}

static gboolean
same_result (WatchKind     kind,
             const GValue *a,
             const GValue *b)
{
  if (!G_IS_VALUE (a))
    return FALSE;
  if (kind == WATCH_ID)
    {
      RillWorkInfo *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      return x == y || (x != NULL && y != NULL && rill_work_info_equal (x, y));
    }
  else
    {
      GPtrArray *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      if (x->len != y->len)
        return FALSE;
      for (guint i = 0; i < x->len; i++)
        if (!rill_work_info_equal (g_ptr_array_index (x, i), g_ptr_array_index (y, i)))
          return FALSE;
      return TRUE;
    }
}

/* While collected: queries again after each commit touching the tables,
 * and sends what changed. */
static gboolean
watch_block (RillFlowProducerScope  *producer,
             gpointer                user_data,
             GError                **error)
{
  WatchSpec *spec = user_data;
  RillWorkManager *self = spec->manager;
  Watcher watcher = { RILL_WORK_TABLE_ALL, NULL };
  g_auto(GValue) last = G_VALUE_INIT;
  gboolean ok = TRUE;

  watcher.kick = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_SUSPEND);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->watchers, &watcher);
  g_mutex_unlock (&self->lock);

  for (;;)
    {
      g_auto(GValue) now = G_VALUE_INIT;
      g_auto(GValue) tick = G_VALUE_INIT;

      if (!(ok = rill_with_context (rill_context_io (), query_block, &now, spec, error)))
        break;
      if (!same_result (spec->kind, &last, &now))
        {
          if (!(ok = rill_flow_producer_scope_send (producer, &now, error)))
            break;
          if (G_IS_VALUE (&last))
            g_value_unset (&last);
          g_value_init (&last, G_VALUE_TYPE (&now));
          g_value_copy (&now, &last);
        }
      if (!(ok = rill_channel_receive (watcher.kick, &tick, error)))
        break;
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_remove (self->watchers, &watcher);
  g_mutex_unlock (&self->lock);
  g_object_unref (watcher.kick);
  return ok;
}

static RillFlow *
watch_flow (RillWorkManager *self,
            WatchKind        kind,
            const char      *key)
{
  WatchSpec *spec = g_new0 (WatchSpec, 1);

  spec->manager = g_object_ref (self);
  spec->kind = kind;
  spec->key = g_strdup (key);
  return rill_flow_channel_flow (kind == WATCH_ID ? RILL_TYPE_WORK_INFO : G_TYPE_PTR_ARRAY,
                                 watch_block, spec, watch_spec_free);
}

/**
 * rill_work_manager_get_work_info_flow:
 * @self: a work manager
 * @id: the id of the work
 *
 * The work of @id as a flow of [struct@WorkInfo]: the current one when the
 * collection starts, then a new one whenever the work changes, in this
 * process or another; %NULL values while no work has @id. The database
 * is read on the IO pool.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_work_manager_get_work_info_flow (RillWorkManager *self,
                                      const char      *id)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return watch_flow (self, WATCH_ID, id);
}

/**
 * rill_work_manager_get_work_info_flow_by_tag:
 * @self: a work manager
 * @tag: a tag
 *
 * The work tagged @tag as a flow of arrays of [struct@WorkInfo], as
 * [method@WorkManager.get_work_info_flow].
 *
 * Returns: (transfer full): the flow, of #GPtrArray values
 */
RillFlow *
rill_work_manager_get_work_info_flow_by_tag (RillWorkManager *self,
                                             const char      *tag)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);
  return watch_flow (self, WATCH_TAG, tag);
}

/**
 * rill_work_manager_get_work_info_flow_by_unique_name:
 * @self: a work manager
 * @name: a unique name
 *
 * The work of @name as a flow of arrays of [struct@WorkInfo], as
 * [method@WorkManager.get_work_info_flow].
 *
 * Returns: (transfer full): the flow, of #GPtrArray values
 */
RillFlow *
rill_work_manager_get_work_info_flow_by_unique_name (RillWorkManager *self,
                                                     const char      *name)
{
  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return watch_flow (self, WATCH_NAME, name);
}

/* As the liveData {} builder: collected while observed, and for five
 * seconds after the last observer left. */
#define LIVE_DATA_TIMEOUT_MS 5000

/**
 * rill_work_manager_get_work_info_live_data:
 * @self: a work manager
 * @id: the id of the work
 *
 * The work of @id as a live data of [struct@WorkInfo], WorkManager's
 * `getWorkInfoByIdLiveData`: the flow of
 * [method@WorkManager.get_work_info_flow], collected on the main thread
 * while the live data is observed.
 *
 * Returns: (transfer full): the live data
 */
RillLiveData *
rill_work_manager_get_work_info_live_data (RillWorkManager *self,
                                           const char      *id)
{
  g_autoptr(RillFlow) flow = NULL;

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  flow = watch_flow (self, WATCH_ID, id);
  return rill_flow_as_live_data (flow, rill_context_main (), LIVE_DATA_TIMEOUT_MS);
}

/**
 * rill_work_manager_get_work_info_live_data_by_tag:
 * @self: a work manager
 * @tag: a tag
 *
 * The work tagged @tag as a live data of arrays of [struct@WorkInfo].
 *
 * Returns: (transfer full): the live data, of #GPtrArray values
 */
RillLiveData *
rill_work_manager_get_work_info_live_data_by_tag (RillWorkManager *self,
                                                  const char      *tag)
{
  g_autoptr(RillFlow) flow = NULL;

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);
  flow = watch_flow (self, WATCH_TAG, tag);
  return rill_flow_as_live_data (flow, rill_context_main (), LIVE_DATA_TIMEOUT_MS);
}

/**
 * rill_work_manager_get_work_info_live_data_by_unique_name:
 * @self: a work manager
 * @name: a unique name
 *
 * The work of @name as a live data of arrays of [struct@WorkInfo].
 *
 * Returns: (transfer full): the live data, of #GPtrArray values
 */
RillLiveData *
rill_work_manager_get_work_info_live_data_by_unique_name (RillWorkManager *self,
                                                          const char      *name)
{
  g_autoptr(RillFlow) flow = NULL;

  g_return_val_if_fail (RILL_IS_WORK_MANAGER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  flow = watch_flow (self, WATCH_NAME, name);
  return rill_flow_as_live_data (flow, rill_context_main (), LIVE_DATA_TIMEOUT_MS);
}
