/* rill-loop.c: the run queue, wake-up inbox and timers of one thread
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-coroutine-private.h"
#include "rill-loop-private.h"
#include "rill-thread-private.h"

void
rill_loop_init (RillLoop            *loop,
                const RillLoopClass *klass,
                RillDispatcher      *dispatcher)
{
  loop->klass = klass;
  loop->dispatcher = dispatcher;
  loop->local_head = loop->local_tail = NULL;
  loop->inbox = NULL;
  loop->sleeping = 0;
  loop->cross_waits = 0;
  g_mutex_init (&loop->timer_lock);
  rill_timer_heap_init (&loop->timers);
  loop->virtual_now = -1;
  loop->track = FALSE;
  g_mutex_init (&loop->track_lock);
  loop->tracked = NULL;
  loop->n_tracked = 0;
}

void
rill_loop_clear (RillLoop *loop)
{
  rill_timer_heap_clear (&loop->timers);
  g_mutex_clear (&loop->timer_lock);
  g_mutex_clear (&loop->track_lock);
}

void
rill_loop_push_local (RillLoop      *loop,
                      RillCoroutine *co)
{
  co->queue_next = NULL;
  if (loop->local_tail != NULL)
    loop->local_tail->queue_next = co;
  else
    loop->local_head = co;
  loop->local_tail = co;
}

static inline RillCoroutine *
pop_local (RillLoop *loop)
{
  RillCoroutine *co = loop->local_head;

  if (co != NULL)
    {
      loop->local_head = co->queue_next;
      if (loop->local_head == NULL)
        loop->local_tail = NULL;
      co->queue_next = NULL;
    }
  return co;
}

static void
push_remote (RillLoop      *loop,
             RillCoroutine *co)
{
  RillCoroutine *head;

  do
    {
      head = g_atomic_pointer_get (&loop->inbox);
      co->queue_next = head;
    }
  while (!g_atomic_pointer_compare_and_exchange (&loop->inbox, head, co));

  /* Only the first item after the loop emptied its inbox can find it asleep. */
  if (head == NULL && g_atomic_int_get (&loop->sleeping))
    loop->klass->wake (loop);
}

void
rill_loop_enqueue (RillLoop      *loop,
                   RillCoroutine *co)
{
  if (rill_thread_get ()->loop == loop)
    rill_loop_push_local (loop, co);
  else
    push_remote (loop, co);
}

/* Moves the inbox, a LIFO stack, to the end of the local FIFO in the order
 * the items were pushed. */
gboolean
rill_loop_drain_inbox (RillLoop *loop)
{
  RillCoroutine *list, *reversed = NULL;

  if (g_atomic_pointer_get (&loop->inbox) == NULL)
    return FALSE;
  list = g_atomic_pointer_exchange (&loop->inbox, NULL);
  while (list != NULL)
    {
      RillCoroutine *next = list->queue_next;
      list->queue_next = reversed;
      reversed = list;
      list = next;
    }
  while (reversed != NULL)
    {
      RillCoroutine *next = reversed->queue_next;
      rill_loop_push_local (loop, reversed);
      reversed = next;
    }
  return TRUE;
}

RillCoroutine *
rill_loop_pop_local (RillLoop *loop)
{
  return pop_local (loop);
}

gboolean
rill_loop_has_work (RillLoop *loop)
{
  return loop->local_head != NULL || g_atomic_pointer_get (&loop->inbox) != NULL;
}

gint64
rill_loop_now (RillLoop *loop)
{
  return loop->virtual_now >= 0 ? loop->virtual_now : g_get_monotonic_time ();
}

gint64
rill_loop_next_deadline (RillLoop *loop)
{
  RillTimer *t;
  gint64 deadline = -1;

  g_mutex_lock (&loop->timer_lock);
  t = rill_timer_heap_peek (&loop->timers);
  if (t != NULL)
    deadline = t->deadline;
  g_mutex_unlock (&loop->timer_lock);
  return deadline;
}

void
rill_loop_add_timer (RillLoop  *loop,
                     RillTimer *timer)
{
  gboolean earliest;

  g_mutex_lock (&loop->timer_lock);
  rill_timer_heap_add (&loop->timers, timer);
  earliest = rill_timer_heap_peek (&loop->timers) == timer;
  g_mutex_unlock (&loop->timer_lock);

  /* A sleeping loop computed its timeout from the previous earliest timer. */
  if (earliest && rill_thread_get ()->loop != loop && g_atomic_int_get (&loop->sleeping))
    loop->klass->wake (loop);
}

gboolean
rill_loop_remove_timer (RillLoop  *loop,
                        RillTimer *timer)
{
  gboolean removed;

  g_mutex_lock (&loop->timer_lock);
  removed = rill_timer_heap_remove (&loop->timers, timer);
  g_mutex_unlock (&loop->timer_lock);
  return removed;
}

guint
rill_loop_fire_timers (RillLoop *loop,
                       gint64    now)
{
  guint fired = 0;

  for (;;)
    {
      RillTimer *t;
      RillTimerFunc func;
      gpointer data;
      guint64 tag;

      g_mutex_lock (&loop->timer_lock);
      t = rill_timer_heap_peek (&loop->timers);
      if (t == NULL || t->deadline > now)
        {
          g_mutex_unlock (&loop->timer_lock);
          break;
        }
      rill_timer_heap_remove (&loop->timers, t);
      /* Copied under the lock: once unlocked, the owner of the timer may be
       * woken by something else and reuse it. Wake-ups carry the suspension's
       * sequence number in the tag, so a stale one is ignored. */
      func = t->func;
      data = t->data;
      tag = t->tag;
      g_mutex_unlock (&loop->timer_lock);

      func (data, tag);
      fired++;
    }
  return fired;
}

gboolean
rill_loop_run (RillLoop *loop,
               gint64    budget_us)
{
  RillThread *t = rill_thread_get ();
  RillLoop *prev = t->loop;
  RillCoroutine *co;
  gint64 start = budget_us > 0 ? g_get_monotonic_time () : 0;
  guint n = 0;
  gboolean more;

  t->loop = loop;

  rill_loop_drain_inbox (loop);
  if (loop->timers.len > 0)
    rill_loop_fire_timers (loop, rill_loop_now (loop));

  while ((co = pop_local (loop)) != NULL)
    {
      RillCoroutine *next = loop->local_head;

      /* The next one's saved registers sit on a stack page that is likely
       * out of the cache after many others ran: fetch it meanwhile. */
      if (next != NULL && next->fiber != NULL)
        __builtin_prefetch (next->fiber->sp);
      rill_coroutine_run (co);
      n++;
      if ((n & 31) == 0)
        {
          /* Let wake-ups from other threads in, in order, now and then. */
          rill_loop_drain_inbox (loop);
          if (budget_us > 0 && g_get_monotonic_time () - start > budget_us)
            break;
        }
      if (loop->local_head == NULL)
        rill_loop_drain_inbox (loop);
    }

  more = rill_loop_has_work (loop);
  /* t may be stale only for fibers; this code runs on the loop's own stack. */
  rill_thread_get ()->loop = prev;
  return more;
}

void
rill_loop_track (RillLoop      *loop,
                 RillCoroutine *co)
{
  g_mutex_lock (&loop->track_lock);
  co->track_prev = NULL;
  co->track_next = loop->tracked;
  if (loop->tracked != NULL)
    loop->tracked->track_prev = co;
  loop->tracked = co;
  loop->n_tracked++;
  g_mutex_unlock (&loop->track_lock);
}

void
rill_loop_untrack (RillLoop      *loop,
                   RillCoroutine *co)
{
  g_mutex_lock (&loop->track_lock);
  if (co->track_prev != NULL)
    co->track_prev->track_next = co->track_next;
  else
    loop->tracked = co->track_next;
  if (co->track_next != NULL)
    co->track_next->track_prev = co->track_prev;
  co->track_prev = co->track_next = NULL;
  loop->n_tracked--;
  g_mutex_unlock (&loop->track_lock);
}

GPtrArray *
rill_loop_dup_tracked (RillLoop *loop)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_job_unref);

  g_mutex_lock (&loop->track_lock);
  for (RillCoroutine *co = loop->tracked; co != NULL; co = co->track_next)
    g_ptr_array_add (jobs, rill_job_ref (&co->job));
  g_mutex_unlock (&loop->track_lock);
  return jobs;
}

guint
rill_loop_get_n_tracked (RillLoop *loop)
{
  guint n;

  g_mutex_lock (&loop->track_lock);
  n = loop->n_tracked;
  g_mutex_unlock (&loop->track_lock);
  return n;
}
