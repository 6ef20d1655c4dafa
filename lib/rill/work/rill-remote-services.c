/* rill-remote-services.c: the processes of remote work services
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The application's side of remote work. Each declared service has at
 * most one live process, started when work first needs it and connected by
 * a socketpair on which both ends speak peer-to-peer D-Bus: this process
 * authenticates as the server, the child as the client.
 *
 * Everything about processes and connections happens on one private
 * thread with a main context of its own, so that remote work depends on
 * nothing else iterating a main loop, and so that the state of a process
 * needs no lock: a worker's coroutine only hands its call over to that
 * thread and suspends until the thread completes it.
 */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "rill-coroutine.h"
#include "rill-remote-services-private.h"
#include "rill-remote-worker-dbus.h"
#include "rill-worker-private.h"

#define DEFAULT_IDLE_TIMEOUT_MS 5000

typedef struct _Service Service;
typedef struct _Process Process;
typedef struct _Call    Call;

struct _RillRemoteServices
{
  GMutex      lock;
  GHashTable *services;   /* name -> Service */
  guint       idle_timeout_ms;
};

/* A declared service. Its name, command and timeout never change (a new
 * declaration is a new Service); @process belongs to the remote thread. */
struct _Service
{
  gatomicrefcount  ref;
  char            *name;
  char           **argv;
  guint            idle_timeout_ms;   /* atomic */
  Process         *process;   /* the one new work goes to; not a reference */
};

/* One started process, on the remote thread only. It lives until it has
 * exited and nothing refers to it. */
struct _Process
{
  int                    ref;
  Service               *service;
  GSubprocess           *subprocess;
  GDBusConnection       *connection;
  RillDBusRemoteWorker1 *proxy;
  GPtrArray             *waiting;   /* Call: to send once connected */
  GHashTable            *running;   /* id -> Call: sent, not replied */
  GPtrArray             *lost;      /* Call: to fail once the exit is known */
  GSource               *idle;
  char                  *exit_description;   /* NULL until it exited */
  gboolean               retiring;
};

/* One run of remote work, shared by its coroutine and the remote thread;
 * everything but the reference count is the remote thread's once handed
 * over. */
struct _Call
{
  gatomicrefcount  ref;
  Service         *service;
  RillWorker      *worker;
  char            *id;
  char            *worker_class;
  GVariant        *input;
  char           **tags;
  guint            attempt;
  gpointer         slot;      /* the coroutine's, until completed */
  gboolean         sent;
  gboolean         done;
};

/* ---------------------------------------------------------------------- */
/* The remote thread */

static GMainContext *remote_context;

static gpointer
remote_thread_main (gpointer data)
{
  GMainLoop *loop = g_main_loop_new (remote_context, FALSE);

  /* GIO delivers the completions of what this thread starts here. */
  g_main_context_push_thread_default (remote_context);
  g_main_loop_run (loop);
  return NULL;
}

static GMainContext *
get_remote_context (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_atomic_pointer_set (&remote_context, g_main_context_new ());
      g_thread_unref (g_thread_new ("rill-remote", remote_thread_main, NULL));
      g_once_init_leave (&once, 1);
    }
  return remote_context;
}

/* Always dispatched by the remote thread: g_main_context_invoke() would run
 * @func at once in a caller that manages to acquire the context. */
static void
run_on_remote (GSourceFunc    func,
               gpointer       data,
               GDestroyNotify destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[rill] remote work");
  g_source_attach (source, get_remote_context ());
  g_source_unref (source);
}

/* ---------------------------------------------------------------------- */
/* Services, calls and processes */

static Service *
service_ref (Service *service)
{
  g_atomic_ref_count_inc (&service->ref);
  return service;
}

static void
service_unref (Service *service)
{
  if (!g_atomic_ref_count_dec (&service->ref))
    return;
  g_free (service->name);
  g_strfreev (service->argv);
  g_free (service);
}

static Call *
call_ref (Call *call)
{
  g_atomic_ref_count_inc (&call->ref);
  return call;
}

static void
call_unref (gpointer data)
{
  Call *call = data;

  if (!g_atomic_ref_count_dec (&call->ref))
    return;
  g_assert (call->slot == NULL);
  service_unref (call->service);
  g_object_unref (call->worker);
  g_free (call->id);
  g_free (call->worker_class);
  g_variant_unref (call->input);
  g_strfreev (call->tags);
  g_free (call);
}

static Process *
process_ref (Process *process)
{
  process->ref++;
  return process;
}

static void
process_unref (gpointer data)
{
  Process *process = data;

  if (--process->ref > 0)
    return;
  g_assert (process->service->process != process);
  if (process->proxy != NULL)
    g_signal_handlers_disconnect_by_data (process->proxy, process);
  g_clear_object (&process->proxy);
  if (process->connection != NULL)
    g_signal_handlers_disconnect_by_data (process->connection, process);
  g_clear_object (&process->connection);
  g_clear_object (&process->subprocess);
  if (process->idle != NULL)
    g_source_destroy (process->idle);
  g_clear_pointer (&process->idle, g_source_unref);
  g_ptr_array_unref (process->waiting);
  g_hash_table_unref (process->running);
  g_ptr_array_unref (process->lost);
  g_free (process->exit_description);
  service_unref (process->service);
  g_free (process);
}

/* Completes @call's wait with @result or @error, taking either; later
 * completions (a reply after a cancellation) are dropped. */
static void
call_complete (Call           *call,
               RillWorkResult *result,
               GError         *error)
{
  g_autoptr(GTask) task = NULL;

  if (call->done)
    {
      g_clear_pointer (&result, rill_work_result_unref);
      g_clear_error (&error);
      return;
    }
  call->done = TRUE;
  task = g_task_new (NULL, NULL, NULL, NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) rill_work_result_unref);
  rill_async_ready (NULL, G_ASYNC_RESULT (task), g_steal_pointer (&call->slot));
}

static void retire (Process *process);

static gboolean
idle_expired (gpointer data)
{
  Process *process = data;

  g_clear_pointer (&process->idle, g_source_unref);
  retire (process);
  return G_SOURCE_REMOVE;
}

/* A process without work ends after the idle timeout. */
static void
check_idle (Process *process)
{
  if (process->retiring || process->exit_description != NULL || process->idle != NULL
      || process->waiting->len > 0 || g_hash_table_size (process->running) > 0)
    return;
  process->idle = g_timeout_source_new (g_atomic_int_get (&process->service->idle_timeout_ms));
  g_source_set_callback (process->idle, idle_expired, process, NULL);
  g_source_set_static_name (process->idle, "[rill] remote work service idle");
  g_source_attach (process->idle, remote_context);
}

/* A later run of the same work may have been sent meanwhile. */
static void
end_running (Process *process,
             Call    *call)
{
  if (g_hash_table_lookup (process->running, call->id) == call)
    g_hash_table_remove (process->running, call->id);
  check_idle (process);
}

static GError *
lost_error (Call    *call,
            Process *process)
{
  if (call->sent)
    return g_error_new (RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                        _("The process of the remote work service “%s” ended while running the work (%s)"),
                        call->service->name, process->exit_description);
  return g_error_new (RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                      _("The process of the remote work service “%s” ended before it could take the work (%s)"),
                      call->service->name, process->exit_description);
}

/* The process ended under @call: its run fails once the process's exit
 * status tells how it ended. */
static void
call_lost (Process *process,
           Call    *call)
{
  if (call->done)
    return;
  if (call->sent)
    rill_worker_set_process_lost (call->worker);
  if (process->exit_description != NULL)
    call_complete (call, NULL, lost_error (call, process));
  else
    g_ptr_array_add (process->lost, call_ref (call));
}

/* Work goes to another process from now on; this one is told to end by
 * closing its connection, on which it exits. */
static void
retire (Process *process)
{
  if (process->service->process == process)
    process->service->process = NULL;
  if (process->retiring)
    return;
  process->retiring = TRUE;
  if (process->idle != NULL)
    g_source_destroy (process->idle);
  g_clear_pointer (&process->idle, g_source_unref);
  if (process->connection != NULL)
    g_dbus_connection_close (process->connection, NULL, NULL, NULL);
  else if (process->exit_description == NULL)
    g_subprocess_force_exit (process->subprocess);
}

/* A sent call: the process it went to lives until it is replied. */
typedef struct
{
  Call    *call;
  Process *process;
} Pending;

static void
start_work_done (GObject      *source,
                 GAsyncResult *res,
                 gpointer      data)
{
  Pending *pending = data;
  Call *call = pending->call;
  Process *process = pending->process;
  g_autoptr(GVariant) output = NULL;
  g_autoptr(GError) error = NULL;
  guint kind = 0;

  if (rill_dbus_remote_worker1_call_start_work_finish (RILL_DBUS_REMOTE_WORKER1 (source), &kind, &output, res, &error))
    {
      RillWorkResult *result;

      if (kind == RILL_WORK_RESULT_SUCCESS)
        result = rill_work_result_new_success (output);
      else if (kind == RILL_WORK_RESULT_RETRY)
        result = rill_work_result_new_retry ();
      else
        result = rill_work_result_new_failure (output);
      call_complete (call, result, NULL);
      end_running (process, call);
    }
  else if (g_dbus_error_is_remote_error (error))
    {
      /* The worker failed, or could not be made: its message as it is. */
      g_dbus_error_strip_remote_error (error);
      call_complete (call, NULL, g_steal_pointer (&error));
      end_running (process, call);
    }
  else
    {
      call_lost (process, call);
      if (g_hash_table_lookup (process->running, call->id) == call)
        g_hash_table_remove (process->running, call->id);
    }
  call_unref (call);
  process_unref (process);
  g_free (pending);
}

static void
send_call (Process *process,
           Call    *call)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->call = call_ref (call);
  pending->process = process_ref (process);
  if (process->idle != NULL)
    g_source_destroy (process->idle);
  g_clear_pointer (&process->idle, g_source_unref);
  call->sent = TRUE;
  g_hash_table_replace (process->running, call->id, call_ref (call));
  rill_dbus_remote_worker1_call_start_work (process->proxy, call->id, call->worker_class, call->input,
                                            (const char * const *) call->tags, call->attempt,
                                            G_DBUS_CALL_FLAGS_NONE, G_MAXINT, /* work takes its time */
                                            NULL, start_work_done, pending);
}

static void
on_progress (RillDBusRemoteWorker1 *proxy,
             const char            *id,
             GVariant              *progress,
             gpointer               data)
{
  Process *process = data;
  Call *call = g_hash_table_lookup (process->running, id);
  g_autoptr(GError) error = NULL;

  if (call == NULL || call->done)
    return;
  if (!rill_worker_set_progress (call->worker, progress, &error))
    g_warning ("Cannot publish the progress of remote work %s: %s", id, error->message);
}

static void
on_closed (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         data)
{
  Process *process = data;

  /* A process whose connection broke is of no more use: it is ended, and
   * its exit fails the work it had. */
  if (process->service->process == process)
    process->service->process = NULL;
  if (!process->retiring && process->exit_description == NULL)
    g_subprocess_force_exit (process->subprocess);
}

static void
connected (GObject      *source,
           GAsyncResult *res,
           gpointer      data)
{
  Process *process = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  process->connection = g_dbus_connection_new_finish (res, &error);
  if (process->connection != NULL)
    {
      g_signal_connect (process->connection, "closed", G_CALLBACK (on_closed), process);
      process->proxy = rill_dbus_remote_worker1_proxy_new_sync (process->connection,
                                                                G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                                                                | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                                                NULL, RILL_REMOTE_OBJECT_PATH, NULL, &error);
    }
  waiting = g_steal_pointer (&process->waiting);
  process->waiting = g_ptr_array_new_with_free_func (call_unref);

  if (process->proxy == NULL || process->retiring)
    {
      if (error != NULL)
        g_message ("Cannot connect to the process of the remote work service “%s”: %s",
                   process->service->name, error->message);
      if (process->service->process == process)
        process->service->process = NULL;
      if (process->exit_description == NULL && !process->retiring)
        g_subprocess_force_exit (process->subprocess);
      for (guint i = 0; i < waiting->len; i++)
        call_lost (process, g_ptr_array_index (waiting, i));
    }
  else
    {
      g_signal_connect (process->proxy, "progress", G_CALLBACK (on_progress), process);
      for (guint i = 0; i < waiting->len; i++)
        {
          Call *call = g_ptr_array_index (waiting, i);

          if (!call->done)
            send_call (process, call);
        }
      check_idle (process);
    }
  process_unref (process);
}

static char *
describe_exit (GSubprocess *subprocess)
{
  if (g_subprocess_get_if_signaled (subprocess))
    return g_strdup_printf (_("killed by signal %d"), g_subprocess_get_term_sig (subprocess));
  return g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (subprocess));
}

static void
exited (GObject      *source,
        GAsyncResult *res,
        gpointer      data)
{
  Process *process = data;
  g_autoptr(GPtrArray) lost = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GList) running = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  process->exit_description = describe_exit (process->subprocess);
  if (process->service->process == process)
    process->service->process = NULL;
  if (process->idle != NULL)
    g_source_destroy (process->idle);
  g_clear_pointer (&process->idle, g_source_unref);

  /* Whatever it had is lost, whether its connection told already or not. */
  lost = g_steal_pointer (&process->lost);
  process->lost = g_ptr_array_new_with_free_func (call_unref);
  for (guint i = 0; i < lost->len; i++)
    call_lost (process, g_ptr_array_index (lost, i));
  running = g_hash_table_get_values (process->running);
  for (GList *l = running; l != NULL; l = l->next)
    call_lost (process, l->data);
  g_hash_table_remove_all (process->running);
  waiting = g_steal_pointer (&process->waiting);
  process->waiting = g_ptr_array_new_with_free_func (call_unref);
  for (guint i = 0; i < waiting->len; i++)
    call_lost (process, g_ptr_array_index (waiting, i));
  process_unref (process);
}

static Process *
start_process (Service  *service,
               GError  **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *fd_text = g_strdup_printf ("%d", RILL_REMOTE_CHILD_FD);
  g_autofree char *program = g_find_program_in_path (service->argv[0]);
  Process *process;
  int fds[2];
  int out;

  /* Found before forking: a child that fails to execute is a copy of this
   * process that must exit at once. */
  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No program “%s”"), service->argv[0]);
      return NULL;
    }
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_fd (launcher, fds[1], RILL_REMOTE_CHILD_FD);
  g_subprocess_launcher_setenv (launcher, RILL_REMOTE_FD_ENV, fd_text, TRUE);
  g_subprocess_launcher_setenv (launcher, RILL_REMOTE_SERVICE_ENV, service->name, TRUE);
  /* Its messages go to the application's standard error, never into
   * whatever the application writes on its standard output. */
  out = dup (STDERR_FILENO);
  if (out >= 0)
    g_subprocess_launcher_take_stdout_fd (launcher, out);
  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) service->argv, error);
  if (subprocess == NULL)
    {
      close (fds[0]);
      return NULL;
    }
  socket = g_socket_new_from_fd (fds[0], error);
  if (socket == NULL)
    {
      close (fds[0]);
      g_subprocess_force_exit (subprocess);
      return NULL;
    }

  process = g_new0 (Process, 1);
  process->ref = 1;
  process->service = service_ref (service);
  process->subprocess = g_steal_pointer (&subprocess);
  process->waiting = g_ptr_array_new_with_free_func (call_unref);
  process->running = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, call_unref);
  process->lost = g_ptr_array_new_with_free_func (call_unref);

  /* The child is the peer we made the socket for; it must still be ours. */
  stream = g_socket_connection_factory_create_connection (socket);
  guid = g_dbus_generate_guid ();
  g_dbus_connection_new (G_IO_STREAM (stream), guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                         | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_REQUIRE_SAME_USER,
                         NULL, NULL, connected, process_ref (process));
  g_subprocess_wait_async (process->subprocess, NULL, exited, process_ref (process));
  return process;
}

static gboolean
start_on_remote (gpointer data)
{
  Call *call = data;
  Service *service = call->service;
  g_autoptr(GError) error = NULL;

  if (call->done)
    return G_SOURCE_REMOVE;
  if (service->process == NULL)
    {
      service->process = start_process (service, &error);
      if (service->process == NULL)
        {
          call_complete (call, NULL,
                         g_error_new (RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                                      _("Cannot start the process of the remote work service “%s”: %s"),
                                      service->name, error->message));
          return G_SOURCE_REMOVE;
        }
      /* It lives on the references of its connection's and its exit's
       * callbacks, and of the calls sent to it. */
      process_unref (service->process);
    }
  if (service->process->proxy != NULL)
    send_call (service->process, call);
  else
    g_ptr_array_add (service->process->waiting, call_ref (call));
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_on_remote (gpointer data)
{
  Call *call = data;
  Process *process = call->service->process;

  if (call->done)
    return G_SOURCE_REMOVE;
  call_complete (call, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("The remote work was cancelled")));
  if (!call->sent || process == NULL)
    return G_SOURCE_REMOVE;   /* a waiting call is skipped when connected */
  if (g_hash_table_lookup (process->running, call->id) == call)
    {
      /* Fire and forget: the worker's end is not waited for. */
      rill_dbus_remote_worker1_call_cancel_work (process->proxy, call->id, G_DBUS_CALL_FLAGS_NONE, -1,
                                                 NULL, NULL, NULL);
      end_running (process, call);
    }
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  run_on_remote (cancel_on_remote, call_ref (data), call_unref);
}

static gboolean
retire_on_remote (gpointer data)
{
  Service *service = data;

  if (service->process != NULL)
    retire (service->process);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */

RillRemoteServices *
rill_remote_services_new (void)
{
  RillRemoteServices *self = g_new0 (RillRemoteServices, 1);
  const char *timeout = g_getenv (RILL_REMOTE_IDLE_TIMEOUT_ENV);

  g_mutex_init (&self->lock);
  self->idle_timeout_ms = DEFAULT_IDLE_TIMEOUT_MS;
  if (timeout != NULL && *timeout != '\0')
    self->idle_timeout_ms = (guint) g_ascii_strtoull (timeout, NULL, 10);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) service_unref);
  return self;
}

static void
retire_service (gpointer data)
{
  /* Without the remote thread, no process was ever started. */
  if (g_atomic_pointer_get (&remote_context) == NULL)
    return;
  run_on_remote (retire_on_remote, service_ref (data), (GDestroyNotify) service_unref);
}

void
rill_remote_services_free (RillRemoteServices *self)
{
  GHashTableIter iter;
  gpointer service;

  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &service))
    retire_service (service);
  g_hash_table_unref (self->services);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
rill_remote_services_add (RillRemoteServices *self,
                          const char         *service_name,
                          const char * const *argv)
{
  Service *service = g_new0 (Service, 1);
  Service *old;

  g_atomic_ref_count_init (&service->ref);
  service->name = g_strdup (service_name);
  service->argv = g_strdupv ((char **) argv);

  g_mutex_lock (&self->lock);
  service->idle_timeout_ms = self->idle_timeout_ms;
  old = g_hash_table_lookup (self->services, service_name);
  if (old != NULL)
    retire_service (old);
  g_hash_table_replace (self->services, service->name, service);
  g_mutex_unlock (&self->lock);
}

void
rill_remote_services_set_idle_timeout (RillRemoteServices *self,
                                       guint               idle_timeout_ms)
{
  GHashTableIter iter;
  gpointer service;

  g_mutex_lock (&self->lock);
  self->idle_timeout_ms = idle_timeout_ms;
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &service))
    g_atomic_int_set (&((Service *) service)->idle_timeout_ms, idle_timeout_ms);
  g_mutex_unlock (&self->lock);
}

RillWorkResult *
rill_remote_services_run (RillRemoteServices  *self,
                          const char          *service_name,
                          RillWorker          *worker,
                          GError             **error)
{
  Service *service;
  Call *call;
  GCancellable *cancellable = rill_get_cancellable ();
  g_autoptr(GAsyncResult) res = NULL;
  RillWorkResult *result;
  gulong handler;

  g_mutex_lock (&self->lock);
  service = g_hash_table_lookup (self->services, service_name);
  if (service != NULL)
    service_ref (service);
  g_mutex_unlock (&self->lock);
  if (service == NULL)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_REMOTE,
                   _("The application declares no remote work service “%s”"), service_name);
      return NULL;
    }

  call = g_new0 (Call, 1);
  g_atomic_ref_count_init (&call->ref);
  call->service = service;
  call->worker = g_object_ref (worker);
  call->id = g_strdup (rill_worker_get_id (worker));
  call->worker_class = g_strdup (rill_worker_get_worker_class (worker));
  call->input = g_variant_ref (rill_worker_get_input_data (worker));
  call->tags = g_strdupv ((char **) rill_worker_get_tags (worker));
  if (call->tags == NULL)
    call->tags = g_new0 (char *, 1);
  call->attempt = rill_worker_get_run_attempt_count (worker);
  call->slot = rill_async_slot ();

  /* A cancellation before the hand-over is handed over after it. */
  run_on_remote (start_on_remote, call_ref (call), call_unref);
  handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), call_ref (call), call_unref);
  res = rill_await_async_result ();
  g_cancellable_disconnect (cancellable, handler);

  result = g_task_propagate_pointer (G_TASK (res), error);
  call_unref (call);
  return result;
}
