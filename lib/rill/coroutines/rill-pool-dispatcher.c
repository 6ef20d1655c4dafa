/* rill-pool-dispatcher.c: the Default and IO thread pools
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A coroutine launched into a pool waits in the pool's shared queue until a
 * worker takes it; from then on it is pinned to that worker, whose loop
 * resumes it after every suspension (fibers never migrate, so thread-local
 * storage stays right across suspension points). Idle workers spin for a short
 * while before they park, because waking a parked thread costs tens of
 * microseconds here; at most one worker spins at a time, so an idle pool does
 * not keep the CPUs busy.
 */

#include "config.h"

#include <sched.h>

#include "rill-coroutine-private.h"
#include "rill-dispatcher-private.h"

#define SPIN_US 100

typedef struct _Pool Pool;

typedef struct
{
  RillLoop  loop;
  Pool     *pool;
  GThread  *thread;
  GCond     cond;
  gint      parked;      /* atomic; under pool->lock when set */
  guint     index;
  char     *name;
} Worker;

struct _Pool
{
  RillDispatcher  parent;
  GMutex          lock;
  RillCoroutine  *shared;       /* atomic Treiber stack of unstarted coroutines */
  RillCoroutine  *fifo_head;    /* under lock: taken from shared, oldest first */
  RillCoroutine  *fifo_tail;
  guint           batch;        /* how many a worker takes at once */
  gint            n_parked;     /* atomic */
  gint            n_spinning;   /* atomic */
  gint            n_busy;       /* atomic: workers running coroutines */
  guint           min_workers;
  guint           max_workers;
  guint           n_workers;    /* under lock */
  Worker        **workers;      /* under lock, grows */
  char           *prefix;
};

static void
worker_wake (RillLoop *loop)
{
  Worker *w = (Worker *) loop;

  g_mutex_lock (&w->pool->lock);
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->pool->lock);
}

static const RillLoopClass worker_loop_class = {
  .wake = worker_wake,
};

static Worker *spawn_worker (Pool *pool);
static void    wake_one     (Pool *pool);

/* Takes up to pool->batch unstarted coroutines, oldest first, and pins them
 * to @w. When some are left, another worker is woken for them, or on a
 * growing pool (IO) started: the ones left may wait behind a blocking call. */
static gboolean
take_shared (Pool   *pool,
             Worker *w)
{
  RillCoroutine *list, *reversed = NULL;
  guint taken = 0;
  gboolean left;

  if (g_atomic_pointer_get (&pool->shared) == NULL && g_atomic_pointer_get (&pool->fifo_head) == NULL)
    return FALSE;

  g_mutex_lock (&pool->lock);
  list = g_atomic_pointer_exchange (&pool->shared, NULL);
  while (list != NULL)
    {
      RillCoroutine *next = list->queue_next;
      list->queue_next = reversed;
      reversed = list;
      list = next;
    }
  if (reversed != NULL)
    {
      RillCoroutine *last = reversed;
      while (last->queue_next != NULL)
        last = last->queue_next;
      if (pool->fifo_tail != NULL)
        pool->fifo_tail->queue_next = reversed;
      else
        g_atomic_pointer_set (&pool->fifo_head, reversed);
      pool->fifo_tail = last;
    }
  while (pool->fifo_head != NULL && taken < pool->batch)
    {
      RillCoroutine *co = pool->fifo_head;
      g_atomic_pointer_set (&pool->fifo_head, co->queue_next);
      if (pool->fifo_head == NULL)
        pool->fifo_tail = NULL;
      co->loop = &w->loop;
      rill_loop_push_local (&w->loop, co);
      taken++;
    }
  left = pool->fifo_head != NULL;
  g_mutex_unlock (&pool->lock);

  if (left && g_atomic_int_get (&pool->n_spinning) == 0)
    {
      if (g_atomic_int_get (&pool->n_parked) > 0)
        wake_one (pool);
      else if (pool->n_workers < pool->max_workers)
        {
          g_mutex_lock (&pool->lock);
          if (pool->n_workers < pool->max_workers)
            spawn_worker (pool);
          g_mutex_unlock (&pool->lock);
        }
    }
  return taken > 0;
}

static gboolean
has_work (Pool   *pool,
          Worker *w)
{
  return rill_loop_has_work (&w->loop)
         || g_atomic_pointer_get (&pool->shared) != NULL
         || g_atomic_pointer_get (&pool->fifo_head) != NULL;
}

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield");
#endif
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Pool *pool = w->pool;
  RillThread *t;

  rill_thread_set_name (w->name);
  t = rill_thread_get ();
  (void) t;

  for (;;)
    {
      gint64 deadline;

      take_shared (pool, w);
      if (rill_loop_has_work (&w->loop) || w->loop.timers.len > 0)
        {
          g_atomic_int_inc (&pool->n_busy);
          rill_loop_run (&w->loop, 0);
          g_atomic_int_dec_and_test (&pool->n_busy);
        }
      if (has_work (pool, w))
        continue;

      deadline = rill_loop_next_deadline (&w->loop);
      if (deadline >= 0 && deadline <= g_get_monotonic_time ())
        continue;

      /* Spin briefly: the next with_context round trip is likely soon. */
      if (g_atomic_int_compare_and_exchange (&pool->n_spinning, 0, 1))
        {
          gint64 until = g_get_monotonic_time () + SPIN_US;
          gboolean found = FALSE;

          do
            {
              for (guint i = 0; i < 64 && !found; i++)
                {
                  found = has_work (pool, w);
                  cpu_relax ();
                }
              /* Give the CPU to a runnable thread, if this one shares it
               * with any: spinning must not slow down the producer. */
              if (!found)
                sched_yield ();
            }
          while (!found && g_get_monotonic_time () < until);
          g_atomic_int_set (&pool->n_spinning, 0);
          if (found)
            continue;
        }

      g_mutex_lock (&pool->lock);
      g_atomic_int_set (&w->parked, 1);
      g_atomic_int_set (&w->loop.sleeping, 1);
      g_atomic_int_inc (&pool->n_parked);
      if (!has_work (pool, w))
        {
          deadline = rill_loop_next_deadline (&w->loop);
          if (deadline < 0)
            g_cond_wait (&w->cond, &pool->lock);
          else if (deadline > g_get_monotonic_time ())
            g_cond_wait_until (&w->cond, &pool->lock, deadline);
        }
      g_atomic_int_dec_and_test (&pool->n_parked);
      g_atomic_int_set (&w->loop.sleeping, 0);
      g_atomic_int_set (&w->parked, 0);
      g_mutex_unlock (&pool->lock);
    }

  return NULL;
}

/* Called with pool->lock held. */
static Worker *
spawn_worker (Pool *pool)
{
  Worker *w = g_new0 (Worker, 1);

  w->pool = pool;
  w->index = pool->n_workers + 1;
  w->name = g_strdup_printf ("%s-%u", pool->prefix, w->index);
  g_cond_init (&w->cond);
  rill_loop_init (&w->loop, &worker_loop_class, &pool->parent);
  pool->workers = g_renew (Worker *, pool->workers, pool->n_workers + 1);
  pool->workers[pool->n_workers++] = w;
  w->thread = g_thread_new (w->name, worker_main, w);
  return w;
}

static void
wake_one (Pool *pool)
{
  g_mutex_lock (&pool->lock);
  for (guint i = 0; i < pool->n_workers; i++)
    {
      Worker *w = pool->workers[i];
      if (g_atomic_int_get (&w->parked))
        {
          g_cond_signal (&w->cond);
          break;
        }
    }
  g_mutex_unlock (&pool->lock);
}

static void
pool_dispatch (RillDispatcher *dispatcher,
               RillCoroutine  *co)
{
  Pool *pool = (Pool *) dispatcher;
  RillCoroutine *head;

  if G_UNLIKELY ((guint) g_atomic_int_get ((gint *) &pool->n_workers) < pool->min_workers)
    {
      g_mutex_lock (&pool->lock);
      while (pool->n_workers < pool->min_workers)
        spawn_worker (pool);
      g_mutex_unlock (&pool->lock);
    }

  do
    {
      head = g_atomic_pointer_get (&pool->shared);
      co->queue_next = head;
    }
  while (!g_atomic_pointer_compare_and_exchange (&pool->shared, head, co));

  if (g_atomic_int_get (&pool->n_spinning) > 0)
    return;
  if (g_atomic_int_get (&pool->n_parked) > 0)
    {
      wake_one (pool);
      return;
    }
  /* Nobody is idle, maybe all blocked in I/O: grow up to the limit. */
  if (pool->n_workers < pool->max_workers)
    {
      g_mutex_lock (&pool->lock);
      if (pool->n_workers < pool->max_workers)
        spawn_worker (pool);
      g_mutex_unlock (&pool->lock);
    }
}

static void
pool_close (RillDispatcher *dispatcher)
{
  g_critical ("rill_dispatcher_close: %s cannot be closed", dispatcher->name);
}

static void
pool_finalize (RillDispatcher *dispatcher)
{
  /* Pools are process-wide and immortal. */
}

static const RillDispatcherClass pool_class = {
  .type_name = "PoolDispatcher",
  .dispatch = pool_dispatch,
  .close = pool_close,
  .finalize = pool_finalize,
};

RillDispatcher *
rill_pool_dispatcher_new (const char *name,
                          const char *thread_prefix,
                          guint       min_workers,
                          guint       max_workers)
{
  Pool *pool = g_new0 (Pool, 1);

  rill_dispatcher_init (&pool->parent, &pool_class, name);
  pool->parent.ref_count = 0;
  g_mutex_init (&pool->lock);
  pool->min_workers = min_workers;
  /* A growing pool is for blocking calls: one coroutine per worker at a time. */
  pool->batch = max_workers > min_workers ? 1 : 32;
  pool->max_workers = MAX (min_workers, max_workers);
  pool->prefix = g_strdup (thread_prefix);
  return &pool->parent;
}
