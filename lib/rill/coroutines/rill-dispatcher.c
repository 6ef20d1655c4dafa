/* rill-dispatcher.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillDispatcher:
 *
 * Decides which thread runs a coroutine, kotlinx's `CoroutineDispatcher`.
 *
 * - [func@Rill.Dispatcher.main]: the default #GMainContext, the thread of the
 *   `GtkApplication`;
 * - [func@Rill.Dispatcher.main_immediate]: the same, but a coroutine started or
 *   resumed from the main thread runs at once instead of being queued
 *   (`Dispatchers.Main.immediate`);
 * - [func@Rill.Dispatcher.default]: a pool of one thread per CPU (at least 2)
 *   for CPU-bound work;
 * - [func@Rill.Dispatcher.io]: a pool that grows up to 64 threads, for
 *   blocking calls;
 * - [func@Rill.Dispatcher.unconfined]: runs a coroutine in the caller's thread
 *   until its first suspension, then in whatever thread resumes it;
 * - [ctor@Rill.Dispatcher.new_single_thread]: one dedicated thread;
 * - [ctor@Rill.Dispatcher.new_for_main_context]: any #GMainContext.
 *
 * A coroutine stays on the thread that first ran it (except under
 * Unconfined), so thread-local storage is right across suspensions.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-coroutine-private.h"
#include "rill-dispatcher-private.h"
#include "rill-i18n-private.h"

G_DEFINE_BOXED_TYPE (RillDispatcher, rill_dispatcher, rill_dispatcher_ref, rill_dispatcher_unref)

void
rill_dispatcher_init (RillDispatcher            *self,
                      const RillDispatcherClass *klass,
                      const char                *name)
{
  self->klass = klass;
  self->ref_count = 1;
  self->closed = 0;
  self->name = g_strdup (name);
}

/**
 * rill_dispatcher_ref:
 * @self: a dispatcher
 *
 * Takes a reference on @self; the shared dispatchers are never freed.
 *
 * Returns: (transfer full): @self
 */
RillDispatcher *
rill_dispatcher_ref (RillDispatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->ref_count != 0)
    g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_dispatcher_unref:
 * @self: (transfer full): a dispatcher
 *
 * Drops a reference on @self.
 */
void
rill_dispatcher_unref (RillDispatcher *self)
{
  g_return_if_fail (self != NULL);

  if (self->ref_count == 0)
    return;
  if (g_atomic_int_dec_and_test (&self->ref_count))
    self->klass->finalize (self);
}

/**
 * rill_dispatcher_get_name:
 * @self: a dispatcher
 *
 * The name of @self.
 *
 * Returns: the name of @self, such as `Dispatchers.Default`
 */
const char *
rill_dispatcher_get_name (RillDispatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * rill_dispatcher_get_main_context:
 * @self: a dispatcher
 *
 * The #GMainContext where @self runs its coroutines.
 *
 * Returns: (transfer none) (nullable): the #GMainContext that runs the
 *   coroutines of @self, %NULL for thread pools and Unconfined
 */
GMainContext *
rill_dispatcher_get_main_context (RillDispatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->main_context;
}

/**
 * rill_dispatcher_is_closed:
 * @self: a dispatcher
 *
 * Whether @self was closed.
 *
 * Returns: %TRUE once [method@Rill.Dispatcher.close] was called
 */
gboolean
rill_dispatcher_is_closed (RillDispatcher *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_atomic_int_get (&self->closed) != 0;
}

/**
 * rill_dispatcher_close:
 * @self: a dispatcher made with [ctor@Rill.Dispatcher.new_single_thread] or
 *   [ctor@Rill.Dispatcher.new_for_main_context]
 *
 * Closes @self: coroutines launched into it from now on are cancelled without
 * running (their cause is %G_IO_ERROR_CLOSED), and the coroutines still on it
 * are cancelled. For a single-thread dispatcher this waits until they have
 * finished and joins the thread, so it must not be called from that thread.
 * The shared dispatchers cannot be closed.
 */
void
rill_dispatcher_close (RillDispatcher *self)
{
  g_return_if_fail (self != NULL);

  if (rill_dispatcher_is_closed (self))
    return;
  self->klass->close (self);
}

gboolean
rill_dispatcher_is_main_thread (void)
{
  RillThread *t = rill_thread_get ();

  return t->loop == rill_dispatcher_get_main_loop ()
         || g_main_context_is_owner (g_main_context_default ());
}

/* ------------------------------------------------------------------------ */
/* Main.immediate                                                           */

static gboolean
immediate_is_dispatch_needed (RillDispatcher *self)
{
  return !rill_dispatcher_is_main_thread ();
}

static void
immediate_dispatch (RillDispatcher *self,
                    RillCoroutine  *co)
{
  co->loop = rill_dispatcher_get_main_loop ();
  rill_loop_enqueue (co->loop, co);
}

static void
immortal_close (RillDispatcher *self)
{
  g_critical ("rill_dispatcher_close: %s cannot be closed", self->name);
}

static void
immortal_finalize (RillDispatcher *self)
{
}

static const RillDispatcherClass immediate_class = {
  .type_name = "ImmediateDispatcher",
  .dispatch = immediate_dispatch,
  .is_dispatch_needed = immediate_is_dispatch_needed,
  .close = immortal_close,
  .finalize = immortal_finalize,
};

/**
 * rill_dispatcher_main_immediate:
 *
 * kotlinx's `Dispatchers.Main.immediate`: the main dispatcher, except that a
 * coroutine started or resumed on the main thread runs at once, in the
 * caller, until its next suspension. Lifecycle scopes use it so that work
 * started in a callback begins before the callback returns.
 *
 * Returns: (transfer none): the immediate main dispatcher
 */
RillDispatcher *
rill_dispatcher_main_immediate (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      RillDispatcher *d = g_new0 (RillDispatcher, 1);
      rill_dispatcher_init (d, &immediate_class, "Dispatchers.Main.immediate");
      d->ref_count = 0;
      d->main_context = g_main_context_default ();
      d->loop = rill_dispatcher_get_main_loop ();
      g_once_init_leave (&once, (gsize) d);
    }
  return (RillDispatcher *) once;
}

/* ------------------------------------------------------------------------ */
/* Unconfined                                                               */

static gboolean
unconfined_is_dispatch_needed (RillDispatcher *self)
{
  return FALSE;
}

static void
unconfined_dispatch (RillDispatcher *self,
                     RillCoroutine  *co)
{
  g_assert_not_reached ();
}

static RillLoop *
unconfined_timer_loop (RillDispatcher *self)
{
  return rill_dispatcher_default_executor ()->loop;
}

static const RillDispatcherClass unconfined_class = {
  .type_name = "Unconfined",
  .dispatch = unconfined_dispatch,
  .is_dispatch_needed = unconfined_is_dispatch_needed,
  .timer_loop = unconfined_timer_loop,
  .close = immortal_close,
  .finalize = immortal_finalize,
};

/**
 * rill_dispatcher_unconfined:
 *
 * kotlinx's `Dispatchers.Unconfined`: a coroutine starts in the calling thread
 * and, after each suspension, continues in the thread that resumed it: after
 * [func@Rill.delay], the `DefaultExecutor` thread that keeps its timers. Nested
 * starts are queued on the thread, not nested on the stack.
 *
 * Returns: (transfer none): the unconfined dispatcher
 */
RillDispatcher *
rill_dispatcher_unconfined (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      RillDispatcher *d = g_new0 (RillDispatcher, 1);
      rill_dispatcher_init (d, &unconfined_class, "Dispatchers.Unconfined");
      d->ref_count = 0;
      g_once_init_leave (&once, (gsize) d);
    }
  return (RillDispatcher *) once;
}

/* ------------------------------------------------------------------------ */
/* Pools                                                                    */

/**
 * rill_dispatcher_default:
 *
 * kotlinx's `Dispatchers.Default`: a pool of one worker thread per CPU, at
 * least two, named `DefaultDispatcher-worker-N`. Coroutines launched without a
 * dispatcher in their context run here.
 *
 * Returns: (transfer none): the default dispatcher
 */
RillDispatcher *
rill_dispatcher_default (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      guint n = MAX (2, g_get_num_processors ());
      RillDispatcher *d = rill_pool_dispatcher_new ("Dispatchers.Default",
                                                    "DefaultDispatcher-worker", n, n);
      g_once_init_leave (&once, (gsize) d);
    }
  return (RillDispatcher *) once;
}

/**
 * rill_dispatcher_io:
 *
 * kotlinx's `Dispatchers.IO`: a pool for blocking calls that starts a new
 * thread (`DefaultDispatcher-io-N`) whenever all of its threads are busy, up
 * to 64.
 *
 * Returns: (transfer none): the IO dispatcher
 */
RillDispatcher *
rill_dispatcher_io (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      RillDispatcher *d = rill_pool_dispatcher_new ("Dispatchers.IO",
                                                    "DefaultDispatcher-io", 1, 64);
      g_once_init_leave (&once, (gsize) d);
    }
  return (RillDispatcher *) once;
}

/* ------------------------------------------------------------------------ */
/* Single thread                                                            */

typedef struct
{
  RillDispatcher *dispatcher;
  GMainContext   *context;
  GMainLoop      *loop;
  GThread        *thread;
  char           *name;
  GMutex          lock;
  GCond           cond;
  gboolean        ready;
} SingleThread;

static GHashTable *single_threads;   /* RillDispatcher -> SingleThread */
static GMutex single_threads_lock;

static gpointer
single_thread_main (gpointer data)
{
  SingleThread *st = data;

  rill_thread_set_name (st->name);
  g_main_context_push_thread_default (st->context);
  g_mutex_lock (&st->lock);
  st->ready = TRUE;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);
  g_main_loop_run (st->loop);
  g_main_context_pop_thread_default (st->context);
  return NULL;
}

static SingleThread *
single_thread_new (const char *name,
                   gboolean    track)
{
  SingleThread *st = g_new0 (SingleThread, 1);

  st->name = g_strdup (name);
  st->context = g_main_context_new ();
  st->loop = g_main_loop_new (st->context, FALSE);
  st->dispatcher = rill_main_context_dispatcher_new (st->context, name, track);
  g_mutex_init (&st->lock);
  g_cond_init (&st->cond);
  st->thread = g_thread_new (name, single_thread_main, st);
  g_mutex_lock (&st->lock);
  while (!st->ready)
    g_cond_wait (&st->cond, &st->lock);
  g_mutex_unlock (&st->lock);
  return st;
}

static gboolean
quit_when_idle (gpointer data)
{
  SingleThread *st = data;

  if (rill_loop_get_n_tracked (st->dispatcher->loop) > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (st->loop);
  return G_SOURCE_REMOVE;
}

static void
single_thread_stop (SingleThread *st)
{
  GSource *source = g_timeout_source_new (1);

  g_source_set_callback (source, quit_when_idle, st, NULL);
  g_source_attach (source, st->context);
  g_source_unref (source);
  g_thread_join (st->thread);
}

/**
 * rill_dispatcher_new_single_thread:
 * @name: the name of the thread
 *
 * kotlinx's `newSingleThreadContext`: a dispatcher with a dedicated thread
 * named @name, which runs its own #GMainContext (the thread-default context
 * there, so GIO callbacks of its coroutines come back to it). A thread is a
 * costly resource: close the dispatcher with [method@Rill.Dispatcher.close]
 * when it is no longer needed.
 *
 * Returns: (transfer full): a new dispatcher
 */
RillDispatcher *
rill_dispatcher_new_single_thread (const char *name)
{
  SingleThread *st;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  st = single_thread_new (name, TRUE);
  g_mutex_lock (&single_threads_lock);
  if (single_threads == NULL)
    single_threads = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (single_threads, st->dispatcher, st);
  g_mutex_unlock (&single_threads_lock);
  return st->dispatcher;
}

gboolean
rill_dispatcher_close_single_thread (RillDispatcher *self)
{
  SingleThread *st = NULL;

  g_mutex_lock (&single_threads_lock);
  if (single_threads != NULL)
    g_hash_table_steal_extended (single_threads, self, NULL, (gpointer *) &st);
  g_mutex_unlock (&single_threads_lock);
  if (st == NULL)
    return FALSE;

  single_thread_stop (st);
  rill_main_context_dispatcher_destroy_source (st->dispatcher);
  g_main_loop_unref (st->loop);
  g_main_context_unref (st->context);
  g_mutex_clear (&st->lock);
  g_cond_clear (&st->cond);
  g_free (st->name);
  g_free (st);
  return TRUE;
}

/**
 * rill_dispatcher_new_for_main_context:
 * @context: a #GMainContext
 *
 * A dispatcher whose coroutines run where @context is iterated, through one
 * #GSource attached to it.
 *
 * Returns: (transfer full): a new dispatcher
 */
RillDispatcher *
rill_dispatcher_new_for_main_context (GMainContext *context)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (context != NULL, NULL);

  if (context == g_main_context_default ())
    return rill_dispatcher_main ();
  name = g_strdup_printf ("MainContext@%p", context);
  return rill_main_context_dispatcher_new (context, name, TRUE);
}

/* The thread that keeps the timers of Unconfined coroutines, kotlinx's
 * DefaultExecutor: they continue on it after a delay. */
RillDispatcher *
rill_dispatcher_default_executor (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      SingleThread *st = single_thread_new ("DefaultExecutor", FALSE);
      st->dispatcher->ref_count = 0;
      g_once_init_leave (&once, (gsize) st->dispatcher);
    }
  return (RillDispatcher *) once;
}
