/* rill-loop-private.h: the run queue, wake-up inbox and timers of one thread
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A loop is what runs coroutines on one thread: a GMainContext dispatcher's
 * GSource, a pool worker, or a test dispatcher with a virtual clock. Fibers
 * are pinned to the loop that first ran them. The loop's thread pushes onto
 * its local queue without any atomic operation; other threads push onto the
 * inbox (a lock-free stack taken whole) and wake the loop only when it sleeps.
 */

#pragma once

#include <glib.h>

#include "rill-timer-heap-private.h"
#include "rill-types.h"

G_BEGIN_DECLS

typedef struct _RillCoroutine RillCoroutine;
typedef struct _RillLoop RillLoop;

typedef struct
{
  /* Something was queued or a timer moved earlier while the loop may sleep. */
  void (*wake) (RillLoop *loop);
} RillLoopClass;

struct _RillLoop
{
  const RillLoopClass *klass;
  RillDispatcher      *dispatcher;

  /* Only touched by the thread running the loop. */
  RillCoroutine       *local_head;
  RillCoroutine       *local_tail;

  /* Any thread. */
  RillCoroutine       *inbox;          /* atomic, Treiber stack */
  gint                 sleeping;       /* atomic */
  gint                 cross_waits;    /* atomic: coroutines awaiting another thread */

  GMutex               timer_lock;
  RillTimerHeap        timers;
  gint64               virtual_now;    /* >= 0: virtual clock in microseconds */

  /* Coroutines pinned here, for loops that can be closed. */
  gboolean             track;
  GMutex               track_lock;
  RillCoroutine       *tracked;
  guint                n_tracked;
};

void     rill_loop_init            (RillLoop            *loop,
                                    const RillLoopClass *klass,
                                    RillDispatcher      *dispatcher);
void     rill_loop_clear           (RillLoop            *loop);
void     rill_loop_enqueue         (RillLoop            *loop,
                                    RillCoroutine       *co);
void     rill_loop_push_local      (RillLoop            *loop,
                                    RillCoroutine       *co);
RillCoroutine *rill_loop_pop_local (RillLoop            *loop);
gboolean rill_loop_drain_inbox     (RillLoop            *loop);
gboolean rill_loop_has_work        (RillLoop            *loop);
gboolean rill_loop_run             (RillLoop            *loop,
                                    gint64               budget_us);
gint64   rill_loop_now             (RillLoop            *loop);
gint64   rill_loop_next_deadline   (RillLoop            *loop);
void     rill_loop_add_timer       (RillLoop            *loop,
                                    RillTimer           *timer);
gboolean rill_loop_remove_timer    (RillLoop            *loop,
                                    RillTimer           *timer);
guint    rill_loop_fire_timers     (RillLoop            *loop,
                                    gint64               now);
void     rill_loop_track           (RillLoop            *loop,
                                    RillCoroutine       *co);
void     rill_loop_untrack         (RillLoop            *loop,
                                    RillCoroutine       *co);
GPtrArray *rill_loop_dup_tracked   (RillLoop            *loop);
guint    rill_loop_get_n_tracked   (RillLoop            *loop);

G_END_DECLS
