/* rill-main-context-dispatcher.c: a dispatcher on a GMainContext
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One GSource per dispatcher carries its run queue, its cross-thread inbox and
 * its timer heap: queued coroutines make it ready, the earliest timer gives
 * the poll timeout, and a wake-up from another thread writes the context's
 * wake-up fd only when the context may be asleep.
 */

#include "config.h"

#include <sched.h>

#include "rill-coroutine-private.h"
#include "rill-dispatcher-private.h"

/* How long one dispatch may run coroutines before the main loop gets to
 * handle input and drawing again. */
#define DISPATCH_BUDGET_US 4000

/* How long the loop's thread spins for an expected cross-thread wake-up
 * (a with_context round trip) before it lets the context sleep in poll(). */
#define CROSS_WAIT_SPIN_US 50

typedef struct
{
  GSource          source;
  RillDispatcher  *dispatcher;
} QueueSource;

typedef struct
{
  RillDispatcher   parent;
  RillLoop         loop;
  QueueSource     *source;
  gboolean         immortal;
} MainContextDispatcher;

static void
loop_wake (RillLoop *loop)
{
  MainContextDispatcher *self = (MainContextDispatcher *) loop->dispatcher;

  g_main_context_wakeup (self->parent.main_context);
}

static const RillLoopClass loop_class = {
  .wake = loop_wake,
};

static gboolean
source_prepare (GSource *source,
                gint    *timeout)
{
  MainContextDispatcher *self = (MainContextDispatcher *) ((QueueSource *) source)->dispatcher;
  RillLoop *loop = &self->loop;
  gint64 deadline;

  /* From here until check() a push from another thread must wake the context. */
  g_atomic_int_set (&loop->sleeping, 1);

  if (rill_loop_has_work (loop))
    {
      *timeout = 0;
      return TRUE;
    }

  if (g_atomic_int_get (&loop->cross_waits) > 0)
    {
      gint64 until = g_get_monotonic_time () + CROSS_WAIT_SPIN_US;

      do
        {
          for (guint i = 0; i < 64; i++)
            {
              if (g_atomic_pointer_get (&loop->inbox) != NULL)
                {
                  *timeout = 0;
                  return TRUE;
                }
#if defined(__x86_64__) || defined(__i386__)
              __builtin_ia32_pause ();
#elif defined(__aarch64__)
              __asm__ __volatile__ ("yield");
#endif
            }
          /* If the thread we wait for shares this CPU, let it run. */
          sched_yield ();
        }
      while (g_get_monotonic_time () < until);
    }

  deadline = rill_loop_next_deadline (loop);
  if (deadline < 0)
    *timeout = -1;
  else
    {
      gint64 now = rill_loop_now (loop);
      if (deadline <= now)
        {
          *timeout = 0;
          return TRUE;
        }
      /* Round up: waking early would only cost another iteration. */
      *timeout = (gint) MIN ((deadline - now + 999) / 1000, G_MAXINT);
    }
  return FALSE;
}

static gboolean
source_check (GSource *source)
{
  MainContextDispatcher *self = (MainContextDispatcher *) ((QueueSource *) source)->dispatcher;
  RillLoop *loop = &self->loop;
  gint64 deadline;

  g_atomic_int_set (&loop->sleeping, 0);
  if (rill_loop_has_work (loop))
    return TRUE;
  deadline = rill_loop_next_deadline (loop);
  return deadline >= 0 && deadline <= rill_loop_now (loop);
}

static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  MainContextDispatcher *self = (MainContextDispatcher *) ((QueueSource *) source)->dispatcher;

  g_atomic_int_set (&self->loop.sleeping, 0);
  rill_loop_run (&self->loop, DISPATCH_BUDGET_US);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
};

static void
mcd_dispatch (RillDispatcher *dispatcher,
              RillCoroutine  *co)
{
  MainContextDispatcher *self = (MainContextDispatcher *) dispatcher;

  co->loop = &self->loop;
  if (self->loop.track)
    rill_loop_track (&self->loop, co);
  rill_loop_enqueue (&self->loop, co);
}

void
rill_main_context_dispatcher_destroy_source (RillDispatcher *dispatcher)
{
  MainContextDispatcher *self = (MainContextDispatcher *) dispatcher;

  if (self->source != NULL)
    {
      g_source_destroy ((GSource *) self->source);
      g_source_unref ((GSource *) self->source);
      self->source = NULL;
    }
}

static void
mcd_close (RillDispatcher *dispatcher)
{
  MainContextDispatcher *self = (MainContextDispatcher *) dispatcher;
  GPtrArray *jobs;

  if (self->immortal)
    {
      g_critical ("rill_dispatcher_close: %s cannot be closed", dispatcher->name);
      return;
    }
  if (g_main_context_is_owner (dispatcher->main_context) || rill_thread_get ()->loop == &self->loop)
    {
      g_critical ("rill_dispatcher_close: %s cannot be closed from its own thread", dispatcher->name);
      return;
    }
  g_atomic_int_set (&dispatcher->closed, 1);
  /* Coroutines still pinned here are cancelled; they finish as the context
   * is iterated. */
  jobs = rill_loop_dup_tracked (&self->loop);
  for (guint i = 0; i < jobs->len; i++)
    rill_job_cancel (jobs->pdata[i]);
  g_ptr_array_unref (jobs);
  /* A single-thread dispatcher also stops and joins its thread. */
  rill_dispatcher_close_single_thread (dispatcher);
}

static void
mcd_finalize (RillDispatcher *dispatcher)
{
  MainContextDispatcher *self = (MainContextDispatcher *) dispatcher;

  rill_main_context_dispatcher_destroy_source (dispatcher);
  rill_loop_clear (&self->loop);
  g_main_context_unref (dispatcher->main_context);
  g_free (dispatcher->name);
  g_free (self);
}

static const RillDispatcherClass mcd_class = {
  .type_name = "MainContextDispatcher",
  .dispatch = mcd_dispatch,
  .close = mcd_close,
  .finalize = mcd_finalize,
};

RillDispatcher *
rill_main_context_dispatcher_new (GMainContext *context,
                                  const char   *name,
                                  gboolean      track)
{
  MainContextDispatcher *self = g_new0 (MainContextDispatcher, 1);
  GSource *source;

  rill_dispatcher_init (&self->parent, &mcd_class, name);
  self->parent.main_context = g_main_context_ref (context);
  self->parent.loop = &self->loop;
  rill_loop_init (&self->loop, &loop_class, &self->parent);
  self->loop.track = track;

  source = g_source_new (&source_funcs, sizeof (QueueSource));
  ((QueueSource *) source)->dispatcher = &self->parent;
  g_source_set_name (source, "RillDispatcher");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_can_recurse (source, FALSE);
  g_source_attach (source, context);
  self->source = (QueueSource *) source;
  return &self->parent;
}

RillLoop *
rill_dispatcher_get_main_loop (void)
{
  return rill_dispatcher_main ()->loop;
}

/**
 * rill_dispatcher_main:
 *
 * kotlinx's `Dispatchers.Main`: coroutines run where the default
 * #GMainContext is iterated, the thread of the `GtkApplication`, through one
 * #GSource that carries their queue and all their timers.
 *
 * Returns: (transfer none): the main dispatcher
 */
RillDispatcher *
rill_dispatcher_main (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      RillDispatcher *d = rill_main_context_dispatcher_new (g_main_context_default (),
                                                            "Dispatchers.Main", FALSE);
      ((MainContextDispatcher *) d)->immortal = TRUE;
      d->ref_count = 0;
      g_once_init_leave (&once, (gsize) d);
    }
  return (RillDispatcher *) once;
}
