/* rill-coroutine-private.h: a coroutine is a job with a fiber
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-coroutine.h"
#include "rill-context-private.h"
#include "rill-dispatcher-private.h"
#include "rill-fiber-private.h"
#include "rill-job-private.h"
#include "rill-loop-private.h"
#include "rill-scope-private.h"
#include "rill-thread-private.h"
#include "rill-timer-heap-private.h"

G_BEGIN_DECLS

typedef enum {
  RILL_COROUTINE_LAUNCH,
  RILL_COROUTINE_ASYNC,
  RILL_COROUTINE_WITH_CONTEXT,
  RILL_COROUTINE_BLOCKING,
} RillCoroutineKind;

/* co->wake: (sequence << 2) | state. The sequence numbers the suspensions, so
 * that a late wake-up meant for an earlier suspension is ignored. */
enum {
  RILL_WAKE_RUNNING = 0,
  RILL_WAKE_PENDING = 1,   /* resumed before it had finished switching out */
  RILL_WAKE_PARKED  = 2,
};

typedef struct _RillCoroutineDebug RillCoroutineDebug;
typedef struct _RillBorrow RillBorrow;

/* Only in debug mode (RILL_DEBUG=1): ids and the registry of live coroutines. */
struct _RillCoroutineDebug
{
  guint64        id;
  gpointer       launch_site;
  RillCoroutine *prev;
  RillCoroutine *next;
};

struct _RillCoroutine
{
  RillJob             job;
  RillScope           scope;
  RillContext        *context;
  RillDispatcher     *dispatcher;
  RillLoop           *loop;         /* pinned loop; NULL until placed, or Unconfined */
  RillFiber          *fiber;
  RillFiber          *return_to;
  RillCoroutine      *queue_next;
  gint64              wake;         /* atomic */
  RillJob            *current_job;  /* innermost job running on this fiber */
  RillBorrow         *borrow;       /* running a borrowed call, see below */
  guint8              kind;
  guint8              started;
  guint8              has_result;   /* a GValue follows the struct */
  guint8              context_borrowed; /* @context is the parent's, kept alive by it */
  union {
    RillBlock         block;
    RillAsyncBlock    async_block;
  };
  gpointer            user_data;
  GDestroyNotify      destroy;
  RillCoroutineDebug *debug;
  gpointer           *saved_locals;
  GAsyncResult       *async_result;
  RillTimer           timer;
  RillCoroutine      *track_prev;
  RillCoroutine      *track_next;
};

/* The value of an async or with_context coroutine. */
#define RILL_COROUTINE_RESULT(co) ((GValue *) ((RillCoroutine *) (co) + 1))

static inline guint64
rill_coroutine_debug_id (RillCoroutine *co)
{
  return co->debug != NULL ? co->debug->id : 0;
}

/* Takes @context, unless @borrow_context: then it is the parent coroutine's
 * own, which outlives this one (a child keeps its parent alive). */
RillCoroutine *rill_coroutine_new         (RillCoroutineKind  kind,
                                           RillJob           *parent,
                                           RillContext       *context,
                                           gboolean           borrow_context,
                                           RillCoroutineStart start,
                                           gpointer           block,
                                           gpointer           user_data,
                                           GDestroyNotify     destroy);
void           rill_coroutine_start       (RillCoroutine     *co,
                                           RillCoroutineStart start);
void           rill_coroutine_run         (RillCoroutine     *co);
void           rill_coroutine_dispatch    (RillCoroutine     *co);
guint64        rill_coroutine_prepare_suspend (RillCoroutine *co);
void           rill_coroutine_suspend     (RillCoroutine     *co);
gboolean       rill_coroutine_resume      (RillCoroutine     *co,
                                           guint64            seq);
void           rill_coroutine_wake        (RillCoroutine     *co);
RillCoroutine *rill_coroutine_current     (void);
RillLoop      *rill_coroutine_timer_loop  (RillCoroutine     *co);
gboolean       rill_coroutine_check_active(RillCoroutine     *co);
RillCoroutine *rill_coroutine_require     (const char        *func);
void           rill_coroutine_wait_job    (RillCoroutine     *co,
                                           RillJob           *job);

/* Debug registry (rill-debug.c) */
/* Borrowed calls.
 *
 * A coroutine (the lender) runs a call on behalf of another coroutine of its
 * loop (the borrower), which is parked with sequence number @home_seq: the
 * call runs on the lender's stack, as the borrower (rill_coroutine_current ()
 * is the borrower, its job is the one checked), without switching fibers and
 * without touching the borrower's wake-up state. A hot flow delivers a value
 * to many parked collectors this way in one pass.
 *
 * If the call suspends, the lender's stack is given to the borrower until the
 * call returns ("donated"): @donate runs first, so that the lender's remaining
 * work is handed to another coroutine. The borrower's parked home fiber is not
 * resumed meanwhile; the suspension shares its sequence number, so whoever
 * resumes the borrower resumes the call. When the call returns,
 * rill_coroutine_borrow_end () continues the borrower on its home fiber, and
 * returns TRUE later, once the lender, queued on its loop, runs again.
 *
 * Only for a borrower that rill_coroutine_can_borrow () accepts, from the
 * lender's own coroutine on the borrower's loop. */
typedef void (*RillBorrowDonateFunc) (RillBorrow *borrow);

struct _RillBorrow
{
  RillCoroutine        *lender;
  RillCoroutine        *borrower;
  RillFiber            *home;       /* the borrower's own fiber, parked */
  guint64               home_seq;
  gboolean              donated;    /* the call suspended */
  gboolean              resumed;    /* and was resumed since: plain coroutine again */
  RillBorrowDonateFunc  donate;
  gpointer              data;
};

/* Whether @co is parked, with @seq, and nobody has resumed it. The wake-up
 * word holds the sequence number above the two bits of its state. */
static inline gboolean
rill_coroutine_is_parked (RillCoroutine *co,
                          guint64        seq)
{
  return __atomic_load_n (&co->wake, __ATOMIC_ACQUIRE) == (gint64) ((seq << 2) | RILL_WAKE_PARKED);
}
/* Whether the calling coroutine may lend its stack to coroutines of its
 * loop: it runs on that loop, not inline, without coroutine-local values. */
gboolean       rill_coroutine_can_lend    (RillThread        *t);
/* Whether @co, parked, can borrow from a lender of @loop. */
static inline gboolean
rill_coroutine_can_borrow (RillCoroutine *co,
                           RillLoop      *loop)
{
  return co->loop == loop && co->fiber != NULL && co->borrow == NULL
         && co->context->n_locals == 0 && co->dispatcher->klass->is_dispatch_needed == NULL;
}

/* Sets up @borrow for calls lent by the calling coroutine: once, for any
 * number of calls that do not suspend. */
static inline void
rill_coroutine_borrow_init (RillThread           *t,
                            RillBorrow           *borrow,
                            RillBorrowDonateFunc  donate,
                            gpointer              data)
{
  borrow->lender = t->current;
  borrow->borrower = NULL;
  borrow->home = NULL;
  borrow->home_seq = 0;
  borrow->donated = FALSE;
  borrow->resumed = FALSE;
  borrow->donate = donate;
  borrow->data = data;
}

/* @t is the calling thread, which runs the lender. */
static inline void
rill_coroutine_borrow_begin (RillThread    *t,
                             RillBorrow    *borrow,
                             RillCoroutine *co,
                             guint64        home_seq)
{
  borrow->borrower = co;
  borrow->home = co->fiber;
  borrow->home_seq = home_seq;

  co->borrow = borrow;
  /* The stack the call runs on. */
  co->fiber = borrow->lender->fiber;
  t->current = co;
}

gboolean       rill_coroutine_borrow_go_home (RillBorrow     *borrow);

/* @t is the thread that called rill_coroutine_borrow_begin (): a call that
 * did not suspend is still on it. */
static inline gboolean
rill_coroutine_borrow_end (RillThread *t,
                           RillBorrow *borrow)
{
  RillCoroutine *co = borrow->borrower;

  if (G_UNLIKELY (borrow->donated))
    return rill_coroutine_borrow_go_home (borrow);
  co->borrow = NULL;
  co->fiber = borrow->home;
  t->current = borrow->lender;
  return FALSE;
}

void           rill_debug_register        (RillCoroutine     *co,
                                           guint64            id);
void           rill_debug_unregister      (RillCoroutine     *co);
guint64        rill_debug_next_id         (void);

#define rill_coroutine_from_job(j) ((RillCoroutine *) (j))

G_END_DECLS
