/* rill-remote-work-service.c: the process of a remote work service
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>

#include <glib/gi18n-lib.h>

#include "rill-context.h"
#include "rill-coroutine.h"
#include "rill-job.h"
#include "rill-remote-coroutine-worker.h"
#include "rill-remote-services-private.h"
#include "rill-remote-work-service.h"
#include "rill-remote-worker-dbus.h"
#include "rill-scope.h"
#include "rill-work-info-private.h"
#include "rill-work-request-private.h"
#include "rill-worker-private.h"

typedef struct
{
  GMainContext          *context;
  GMainLoop             *loop;
  GDBusConnection       *connection;
  RillDBusRemoteWorker1 *skeleton;
  RillScope             *scope;
  GHashTable            *works;    /* id -> Work */
  const char            *service_name;
  gboolean               closed;
} Host;

typedef struct
{
  gatomicrefcount        ref;
  Host                  *host;
  char                  *id;
  RillWorker            *worker;
  GDBusMethodInvocation *invocation;   /* until replied */
  RillJob               *job;
} Work;

static Work *
work_ref (Work *work)
{
  g_atomic_ref_count_inc (&work->ref);
  return work;
}

static void
work_unref (gpointer data)
{
  Work *work = data;

  if (!g_atomic_ref_count_dec (&work->ref))
    return;
  g_free (work->id);
  g_clear_object (&work->worker);
  g_clear_object (&work->invocation);
  g_clear_pointer (&work->job, rill_job_unref);
  g_free (work);
}

static void
check_done (Host *host)
{
  if (host->closed && g_hash_table_size (host->works) == 0)
    g_main_loop_quit (host->loop);
}

/* On the host's main context: the work replied. */
static gboolean
work_ended (gpointer data)
{
  Work *work = data;
  Host *host = work->host;

  if (g_hash_table_lookup (host->works, work->id) == work)
    g_hash_table_remove (host->works, work->id);
  check_done (host);
  return G_SOURCE_REMOVE;
}

/* Any thread: the generated signal goes through the connection, which
 * keeps it in order with the reply that follows. */
static void
forward_progress (RillWorker *worker,
                  GVariant   *progress,
                  gpointer    data)
{
  Work *work = data;

  rill_dbus_remote_worker1_emit_progress (work->host->skeleton, work->id, progress);
}

static void
work_body (RillScope *scope,
           gpointer   data)
{
  Work *work = data;
  RillRemoteCoroutineWorkerClass *klass = RILL_REMOTE_COROUTINE_WORKER_GET_CLASS (work->worker);
  g_autoptr(RillWorkResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GDBusMethodInvocation *invocation = g_steal_pointer (&work->invocation);
  GSource *source;

  if (klass->do_remote_work == NULL)
    g_set_error (&error, RILL_WORK_ERROR, RILL_WORK_ERROR_UNKNOWN_WORKER,
                 _("The remote worker %s does not implement do_remote_work"), G_OBJECT_TYPE_NAME (work->worker));
  else
    result = klass->do_remote_work (RILL_REMOTE_COROUTINE_WORKER (work->worker), &error);
  /* The reply takes the invocation. */
  if (rill_worker_is_stopped (work->worker))
    {
      g_clear_error (&error);
      g_dbus_method_invocation_return_error_literal (invocation, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The remote work was cancelled"));
    }
  else if (result == NULL && error == NULL)
    g_dbus_method_invocation_return_error (invocation, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                                           _("The remote worker %s returned no result"),
                                           G_OBJECT_TYPE_NAME (work->worker));
  else if (result == NULL)
    g_dbus_method_invocation_return_error_literal (invocation, error->domain, error->code, error->message);
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(u@a{sv})", (guint32) rill_work_result_get_kind (result),
                                                          rill_work_result_get_output (result)));

  source = g_idle_source_new ();
  g_source_set_callback (source, work_ended, work_ref (work), work_unref);
  g_source_attach (source, work->host->context);
  g_source_unref (source);
}

static gboolean
handle_start_work (RillDBusRemoteWorker1 *skeleton,
                   GDBusMethodInvocation *invocation,
                   const char            *id,
                   const char            *worker_class,
                   GVariant              *input,
                   const char * const    *tags,
                   guint                  run_attempt,
                   gpointer               data)
{
  Host *host = data;
  GType type = g_type_from_name (worker_class);
  g_autoptr(RillWorkInfo) info = NULL;
  Work *work;

  if (type == 0 || !g_type_is_a (type, RILL_TYPE_REMOTE_COROUTINE_WORKER) || G_TYPE_IS_ABSTRACT (type))
    {
      g_dbus_method_invocation_return_error (invocation, RILL_WORK_ERROR, RILL_WORK_ERROR_UNKNOWN_WORKER,
                                             _("No remote worker class “%s” in the process of the remote work "
                                               "service “%s”: it is not the name of a RillRemoteCoroutineWorker "
                                               "type registered there"),
                                             worker_class, host->service_name);
      return TRUE;
    }
  if (host->closed || g_hash_table_contains (host->works, id))
    {
      g_dbus_method_invocation_return_error (invocation, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                                             _("The work %s runs already"), id);
      return TRUE;
    }

  info = rill_work_info_new ();
  info->id = g_strdup (id);
  info->state = RILL_WORK_STATE_RUNNING;
  info->worker_class = g_strdup (worker_class);
  info->input = g_variant_ref (input);
  info->output = rill_work_empty_data ();
  info->progress = rill_work_empty_data ();
  info->constraints = rill_work_empty_data ();
  info->tags = g_strdupv ((char **) tags);
  info->run_attempt_count = run_attempt;

  work = g_new0 (Work, 1);
  g_atomic_ref_count_init (&work->ref);
  work->host = host;
  work->id = g_strdup (id);
  work->worker = g_object_new (type, NULL);
  work->invocation = invocation;   /* the reply takes the handler's */
  rill_worker_setup (work->worker, info, input, NULL, NULL);
  rill_worker_set_progress_func (work->worker, forward_progress, work);
  g_hash_table_replace (host->works, work->id, work);
  work->job = rill_launch (host->scope, NULL, work_body, work_ref (work), work_unref);
  return TRUE;
}

static void
stop_work (Work               *work,
           RillWorkStopReason  reason)
{
  rill_worker_stop (work->worker, reason);
  rill_job_cancel (work->job);
}

static gboolean
handle_cancel_work (RillDBusRemoteWorker1 *skeleton,
                    GDBusMethodInvocation *invocation,
                    const char            *id,
                    gpointer               data)
{
  Host *host = data;
  Work *work = g_hash_table_lookup (host->works, id);

  if (work != NULL)
    stop_work (work, RILL_WORK_STOP_REASON_CANCELLED);
  rill_dbus_remote_worker1_complete_cancel_work (skeleton, invocation);
  return TRUE;
}

/* The application closed the connection (the service was idle) or ended:
 * the work left is stopped, and the process ends after it. */
static void
on_closed (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         data)
{
  Host *host = data;
  g_autoptr(GList) works = g_hash_table_get_values (host->works);

  host->closed = TRUE;
  for (GList *l = works; l != NULL; l = l->next)
    stop_work (l->data, RILL_WORK_STOP_REASON_SHUTDOWN);
  check_done (host);
}

/**
 * rill_remote_work_service_is_requested:
 *
 * Whether this process was started by a work manager as the process of a
 * remote work service, for a `main ()` that is both the application and
 * its service:
 *
 * ```c
 * if (rill_remote_work_service_is_requested ())
 *   return rill_remote_work_service_run (NULL, &error) ? EXIT_SUCCESS : EXIT_FAILURE;
 * ```
 *
 * Returns: %TRUE in a process started for a remote work service
 */
gboolean
rill_remote_work_service_is_requested (void)
{
  return g_getenv (RILL_REMOTE_FD_ENV) != NULL;
}

/**
 * rill_remote_work_service_run:
 * @service_name: (nullable): the name of the service this process provides,
 *   to check that it was started for it; %NULL for any
 * @error: return location for an error
 *
 * Runs the process of a remote work service: the host program of
 * [class@RemoteCoroutineWorker]s, or the application's own binary started
 * with the option given to [method@WorkManager.add_remote_service], calls
 * it from its `main ()` after registering its worker types (with
 * g_type_ensure()).
 *
 * It connects to the work manager that started the process, then runs each
 * work it is sent in a new worker of the work's class, its
 * `do_remote_work` in a coroutine on the Default pool, and sends back its
 * progress and result; work stopped in the application is cancelled here.
 * It iterates the thread-default main context meanwhile, and returns when
 * the manager lets the process go — after its idle timeout, or because
 * the application ended — and the work left has stopped.
 *
 * Returns: %TRUE when the service ended normally; %FALSE with an error
 *   when the process was not started for a service (or for another one),
 *   or its connection failed
 */
gboolean
rill_remote_work_service_run (const char  *service_name,
                              GError     **error)
{
  const char *fd_text = g_getenv (RILL_REMOTE_FD_ENV);
  const char *started_for = g_getenv (RILL_REMOTE_SERVICE_ENV);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(RillJob) job = NULL;
  g_autoptr(RillContext) job_context = NULL;
  g_autoptr(RillContext) context = NULL;
  Host host = { 0 };
  char *end = NULL;
  gboolean ok;
  gint64 fd;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (fd_text == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("This process was not started by a work manager for a remote work service"));
      return FALSE;
    }
  if (service_name != NULL && started_for != NULL && !g_str_equal (service_name, started_for))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("This process was started for the remote work service “%s”, not “%s”"),
                   started_for, service_name);
      return FALSE;
    }
  fd = g_ascii_strtoll (fd_text, &end, 10);
  if (end == fd_text || *end != '\0' || fd < 0 || fd > G_MAXINT)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("The connection of the remote work service is not a descriptor: %s"), fd_text);
      return FALSE;
    }
  /* Processes that the workers start inherit neither the connection nor
   * the idea that they are a service. */
  fcntl ((int) fd, F_SETFD, FD_CLOEXEC);
  g_unsetenv (RILL_REMOTE_FD_ENV);

  socket = g_socket_new_from_fd ((int) fd, error);
  if (socket == NULL)
    return FALSE;
  stream = g_socket_connection_factory_create_connection (socket);
  host.connection = g_dbus_connection_new_sync (G_IO_STREAM (stream), NULL,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                                NULL, NULL, error);
  if (host.connection == NULL)
    return FALSE;

  host.service_name = started_for != NULL ? started_for : service_name != NULL ? service_name : "";
  host.context = g_main_context_ref_thread_default ();
  host.loop = g_main_loop_new (host.context, FALSE);
  host.works = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, work_unref);
  job = rill_supervisor_job_new (NULL);
  job_context = rill_context_new_for_job (job);
  context = rill_context_plus (rill_context_default (), job_context);
  host.scope = rill_scope_new (context);

  host.skeleton = rill_dbus_remote_worker1_skeleton_new ();
  g_signal_connect (host.skeleton, "handle-start-work", G_CALLBACK (handle_start_work), &host);
  g_signal_connect (host.skeleton, "handle-cancel-work", G_CALLBACK (handle_cancel_work), &host);
  g_signal_connect (host.connection, "closed", G_CALLBACK (on_closed), &host);
  ok = g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (host.skeleton), host.connection,
                                         RILL_REMOTE_OBJECT_PATH, error);
  if (!ok)
    g_dbus_connection_close_sync (host.connection, NULL, NULL);
  else
    {
      /* Messages are handled from now on, by this loop. */
      g_dbus_connection_start_message_processing (host.connection);
      g_main_loop_run (host.loop);
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (host.skeleton));
    }

  g_signal_handlers_disconnect_by_data (host.connection, &host);
  g_signal_handlers_disconnect_by_data (host.skeleton, &host);
  rill_scope_cancel (host.scope);
  /* The coroutines' last references to their work go on this context. */
  while (g_main_context_iteration (host.context, FALSE))
    ;
  g_hash_table_unref (host.works);
  rill_scope_unref (host.scope);
  g_object_unref (host.skeleton);
  g_object_unref (host.connection);
  g_main_loop_unref (host.loop);
  g_main_context_unref (host.context);
  return ok;
}
