/* rill-pausing-dispatcher.c: a main-thread dispatcher that can hold its
 * coroutines
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The coroutines of a pausing dispatcher are pinned to a loop of its own,
 * run by a GSource on the default GMainContext: they run on the main thread
 * like those of the main dispatcher, but only while the dispatcher is not
 * paused. Every resumption goes through that loop (a timer that fires, a job
 * that a coroutine joined, a cancellation), so while it is paused they pile
 * up in its queue, in order, and run once it resumes. Timers keep firing
 * while it is paused, as kotlinx's do on the DefaultExecutor: a timeout
 * still cancels the coroutine on time, and the cancelled coroutine runs when
 * the dispatcher does.
 *
 * The dispatcher lives inside its GSource: GLib holds a reference on a
 * source while it prepares, checks or dispatches it, so the memory stays
 * valid even when the last coroutine drops the last reference from another
 * thread meanwhile.
 */

#include "config.h"

#include "rill-coroutine-private.h"
#include "rill-pausing-dispatcher-private.h"

/* As the main dispatcher: how long one dispatch may run coroutines before
 * the main loop gets to handle input and drawing again. */
#define DISPATCH_BUDGET_US 4000

typedef struct
{
  GSource        source;
  RillDispatcher dispatcher;
  RillLoop       loop;
  gint           paused;     /* atomic */
  gint           finished;   /* atomic */
} PausingSource;

#define PAUSING_SOURCE(d) \
  ((PausingSource *) ((char *) (d) - G_STRUCT_OFFSET (PausingSource, dispatcher)))

static inline gboolean
can_run (PausingSource *ps)
{
  return g_atomic_int_get (&ps->finished) || !g_atomic_int_get (&ps->paused);
}

static void
loop_wake (RillLoop *loop)
{
  g_main_context_wakeup (g_main_context_default ());
}

static const RillLoopClass loop_class = {
  .wake = loop_wake,
};

static gboolean
timer_due (RillLoop *loop,
           gint     *timeout)
{
  gint64 deadline = rill_loop_next_deadline (loop);
  gint64 now;

  if (deadline < 0)
    {
      *timeout = -1;
      return FALSE;
    }
  now = rill_loop_now (loop);
  if (deadline <= now)
    {
      *timeout = 0;
      return TRUE;
    }
  *timeout = (gint) MIN ((deadline - now + 999) / 1000, G_MAXINT);
  return FALSE;
}

static gboolean
source_prepare (GSource *source,
                gint    *timeout)
{
  PausingSource *ps = (PausingSource *) source;

  /* From here until check() a push from another thread must wake the context. */
  g_atomic_int_set (&ps->loop.sleeping, 1);

  if (can_run (ps) && rill_loop_has_work (&ps->loop))
    {
      *timeout = 0;
      return TRUE;
    }
  return timer_due (&ps->loop, timeout);
}

static gboolean
source_check (GSource *source)
{
  PausingSource *ps = (PausingSource *) source;
  gint timeout;

  g_atomic_int_set (&ps->loop.sleeping, 0);
  if (can_run (ps) && rill_loop_has_work (&ps->loop))
    return TRUE;
  return timer_due (&ps->loop, &timeout);
}

static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  PausingSource *ps = (PausingSource *) source;
  RillLoop *loop = &ps->loop;
  RillLoop *prev = rill_thread_get ()->loop;
  gint64 start = g_get_monotonic_time ();

  g_atomic_int_set (&loop->sleeping, 0);
  /* The last coroutine may drop the last reference while it finishes here. */
  rill_dispatcher_ref (&ps->dispatcher);
  rill_thread_get ()->loop = loop;

  if (loop->timers.len > 0)
    rill_loop_fire_timers (loop, rill_loop_now (loop));

  /* As androidx's DispatchQueue drains: the state is looked at before each
   * coroutine, so that one which pauses the lifecycle holds back the ones
   * queued after it. */
  while (can_run (ps))
    {
      RillCoroutine *co;

      if (loop->local_head == NULL && !rill_loop_drain_inbox (loop))
        break;
      co = rill_loop_pop_local (loop);
      rill_coroutine_run (co);
      if (g_get_monotonic_time () - start > DISPATCH_BUDGET_US)
        break;
    }

  rill_thread_get ()->loop = prev;
  rill_dispatcher_unref (&ps->dispatcher);
  return G_SOURCE_CONTINUE;
}

static void
source_finalize (GSource *source)
{
  PausingSource *ps = (PausingSource *) source;

  rill_loop_clear (&ps->loop);
  g_free (ps->dispatcher.name);
}

static GSourceFuncs source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
  .finalize = source_finalize,
};

static void
pausing_dispatch (RillDispatcher *dispatcher,
                  RillCoroutine  *co)
{
  PausingSource *ps = PAUSING_SOURCE (dispatcher);

  co->loop = &ps->loop;
  rill_loop_enqueue (&ps->loop, co);
}

/* androidx's PausingDispatcher.isDispatchNeeded: like Main.immediate, a
 * coroutine resumed on the main thread runs at once, unless it must wait. */
static gboolean
pausing_is_dispatch_needed (RillDispatcher *dispatcher)
{
  return !rill_dispatcher_is_main_thread () || !can_run (PAUSING_SOURCE (dispatcher));
}

static RillLoop *
pausing_timer_loop (RillDispatcher *dispatcher)
{
  return &PAUSING_SOURCE (dispatcher)->loop;
}

static void
pausing_close (RillDispatcher *dispatcher)
{
  g_critical ("rill_dispatcher_close: %s belongs to a lifecycle and cannot be closed",
              dispatcher->name);
}

static void
pausing_finalize (RillDispatcher *dispatcher)
{
  GSource *source = &PAUSING_SOURCE (dispatcher)->source;

  g_source_destroy (source);
  g_source_unref (source);
}

static const RillDispatcherClass pausing_class = {
  .type_name = "PausingDispatcher",
  .dispatch = pausing_dispatch,
  .is_dispatch_needed = pausing_is_dispatch_needed,
  .timer_loop = pausing_timer_loop,
  .close = pausing_close,
  .finalize = pausing_finalize,
};

RillDispatcher *
rill_pausing_dispatcher_new (void)
{
  GSource *source = g_source_new (&source_funcs, sizeof (PausingSource));
  PausingSource *ps = (PausingSource *) source;

  rill_dispatcher_init (&ps->dispatcher, &pausing_class, "PausingDispatcher");
  ps->dispatcher.main_context = g_main_context_default ();
  ps->dispatcher.loop = &ps->loop;
  rill_loop_init (&ps->loop, &loop_class, &ps->dispatcher);
  ps->paused = 1;

  g_source_set_name (source, "RillPausingDispatcher");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_can_recurse (source, FALSE);
  g_source_attach (source, g_main_context_default ());
  return &ps->dispatcher;
}

void
rill_pausing_dispatcher_pause (RillDispatcher *self)
{
  g_atomic_int_set (&PAUSING_SOURCE (self)->paused, 1);
}

void
rill_pausing_dispatcher_resume (RillDispatcher *self)
{
  PausingSource *ps = PAUSING_SOURCE (self);

  if (g_atomic_int_get (&ps->finished))
    return;
  /* What waits in the queue runs in the next iteration of the main loop,
   * not nested in the lifecycle event that resumed it. */
  if (g_atomic_int_compare_and_exchange (&ps->paused, 1, 0))
    g_main_context_wakeup (g_main_context_default ());
}

void
rill_pausing_dispatcher_finish (RillDispatcher *self)
{
  PausingSource *ps = PAUSING_SOURCE (self);

  g_atomic_int_set (&ps->finished, 1);
  g_main_context_wakeup (g_main_context_default ());
}

gboolean
rill_pausing_dispatcher_can_run (RillDispatcher *self)
{
  return can_run (PAUSING_SOURCE (self));
}
