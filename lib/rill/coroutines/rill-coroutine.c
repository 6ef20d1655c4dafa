/* rill-coroutine.c: coroutines on fibers, suspension and resumption
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A coroutine is a job with a fiber. It runs when its loop (the thread it is
 * pinned to) switches to its fiber, and gives control back by switching to the
 * fiber that resumed it: the loop's own stack, or the coroutine that ran it
 * inline (Unconfined, Main.immediate).
 *
 * Suspension protocol: a suspending function takes the current sequence number
 * (rill_coroutine_prepare_suspend), registers something that will call
 * rill_coroutine_resume (co, seq) — a timer, a job's completion handler, a GIO
 * callback — and calls rill_coroutine_suspend. Whoever resumes first wins;
 * later wake-ups carry an old sequence number and are ignored. A resumption
 * that arrives before the fiber has finished switching out (possible from
 * another thread) is recorded as pending, and the thread that switched the
 * fiber out dispatches it again once the switch is complete.
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rill-coroutine-private.h"
#include "rill-debug.h"
#include "rill-i18n-private.h"
#include "rill-scope.h"

static void coroutine_body (gpointer data);

/* Yields handed from coroutine to coroutine before the loop runs again. */
#define MAX_HANDOFFS 64

/* ------------------------------------------------------------------------ */
/* The coroutine as a job                                                   */

static void
coroutine_finalize (RillJob *job)
{
  RillCoroutine *co = rill_coroutine_from_job (job);

  g_assert (co->fiber == NULL);
  if (co->destroy != NULL)
    co->destroy (co->user_data);
  if (co->has_result && G_IS_VALUE (RILL_COROUTINE_RESULT (co)))
    g_value_unset (RILL_COROUTINE_RESULT (co));
  g_clear_object (&co->async_result);
  g_free (co->debug);
  g_free (co->saved_locals);
  if (!co->context_borrowed)
    rill_context_unref (co->context);
  rill_dispatcher_unref (co->dispatcher);
  g_free (co);
}

static void
coroutine_cancelling (RillJob *job)
{
  rill_coroutine_wake (rill_coroutine_from_job (job));
}

static void
coroutine_start_lazy (RillJob *job)
{
  rill_coroutine_dispatch (rill_coroutine_from_job (job));
}

/* A coroutine that never ran (cancelled before it started, or launched into
 * a closed dispatcher) never gets a fiber: drop its running reference here.
 * Whoever finished the job still holds one of its own. */
static void
coroutine_completed (RillJob *job)
{
  RillCoroutine *co = rill_coroutine_from_job (job);

  /* A finished coroutine is no longer live, even while its fiber is still
   * being given back. */
  if (co->debug != NULL)
    rill_debug_unregister (co);
  if (!co->started)
    {
      co->started = TRUE;
      if (co->destroy != NULL)
        {
          GDestroyNotify destroy = co->destroy;
          co->destroy = NULL;
          destroy (co->user_data);
        }
      rill_job_unref (&co->job);
    }
}

static const RillJobClass launch_class = {
  .type_name = "StandaloneCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

static const RillJobClass lazy_launch_class = {
  .type_name = "LazyStandaloneCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

static const RillJobClass async_class = {
  .type_name = "DeferredCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

static const RillJobClass lazy_async_class = {
  .type_name = "LazyDeferredCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

static const RillJobClass with_context_class = {
  .type_name = "DispatchedCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

static const RillJobClass blocking_class = {
  .type_name = "BlockingCoroutine",
  .finalize = coroutine_finalize,
  .cancelling = coroutine_cancelling,
  .completed = coroutine_completed,
  .start = coroutine_start_lazy,
};

RillCoroutine *
rill_coroutine_new (RillCoroutineKind   kind,
                    RillJob            *parent,
                    RillContext        *context,
                    gboolean            borrow_context,
                    RillCoroutineStart  start,
                    gpointer            block,
                    gpointer            user_data,
                    GDestroyNotify      destroy)
{
  gboolean has_result = kind == RILL_COROUTINE_ASYNC || kind == RILL_COROUTINE_WITH_CONTEXT;
  RillCoroutine *co = g_malloc0 (sizeof (RillCoroutine) + (has_result ? sizeof (GValue) : 0));
  const RillJobClass *klass;
  guint flags = RILL_JOB_FLAG_COROUTINE;
  gboolean lazy = start == RILL_COROUTINE_START_LAZY;

  switch (kind)
    {
    case RILL_COROUTINE_LAUNCH:
      klass = lazy ? &lazy_launch_class : &launch_class;
      flags |= RILL_JOB_FLAG_REPORTS_ERRORS;
      break;
    case RILL_COROUTINE_ASYNC:
      klass = lazy ? &lazy_async_class : &async_class;
      break;
    case RILL_COROUTINE_WITH_CONTEXT:
      klass = &with_context_class;
      flags |= RILL_JOB_FLAG_SCOPED;
      break;
    case RILL_COROUTINE_BLOCKING:
    default:
      klass = &blocking_class;
      flags |= RILL_JOB_FLAG_REPORTS_ERRORS;
      break;
    }

  co->kind = kind;
  co->has_result = has_result;
  if (has_result || kind == RILL_COROUTINE_BLOCKING)
    co->async_block = (RillAsyncBlock) block;
  else
    co->block = (RillBlock) block;
  co->user_data = user_data;
  co->destroy = destroy;
  co->context = context;
  co->context_borrowed = borrow_context;
  co->dispatcher = rill_dispatcher_ref (context->dispatcher != NULL
                                        ? context->dispatcher
                                        : rill_dispatcher_default ());
  co->current_job = &co->job;
  co->timer.index = -1;
  if (context->n_locals > 0)
    co->saved_locals = g_new0 (gpointer, context->n_locals);
  rill_scope_init_embedded (&co->scope, &co->job, context);

  rill_job_init (&co->job, klass, NULL, flags, lazy);
  co->job.host = co;
  /* The reference the running coroutine holds until its fiber is done. */
  co->job.ref_count = 2;

  /* withContext keeps the caller's id: its block gets it, not a new one. */
  if (kind != RILL_COROUTINE_WITH_CONTEXT && rill_debug_is_enabled ())
    {
      rill_debug_register (co, rill_debug_next_id ());
    }

  /* Attach last: attaching to a cancelled parent cancels the child at once,
   * which needs the coroutine fully set up. */
  if (parent != NULL)
    rill_job_attach (parent, &co->job);
  return co;
}

/* ------------------------------------------------------------------------ */
/* Running and switching                                                    */

static inline gint64
wake_load (RillCoroutine *co)
{
  return __atomic_load_n (&co->wake, __ATOMIC_ACQUIRE);
}

static inline gboolean
wake_cas (RillCoroutine *co,
          gint64         expected,
          gint64         desired)
{
  return __atomic_compare_exchange_n (&co->wake, &expected, desired, FALSE,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

#define WAKE_SEQ(w)   ((guint64) (w) >> 2)   /* as rill_coroutine_is_parked () reads it */
#define WAKE_STATE(w) ((gint) ((w) & 3))
#define WAKE_MAKE(seq, st) ((gint64) (((guint64) (seq) << 2) | (guint64) (st)))

/* A coroutine that queued itself runs again: a new suspension number, so
 * that a wake-up meant for the time it sat in the queue (a cancellation, which
 * the caller checks anyway) is not taken for a later suspension. */
static inline void
running_again (RillCoroutine *co,
               guint64        seq)
{
  __atomic_store_n (&co->wake, WAKE_MAKE (seq + 1, RILL_WAKE_RUNNING), __ATOMIC_RELEASE);
}

/* A running coroutine takes a new suspension number, dropping a wake-up
 * pending for the current one: it was woken by another, so that one is
 * stale, as an old number is. */
static void
next_suspension (RillCoroutine *co)
{
  for (;;)
    {
      gint64 w = wake_load (co);

      g_assert (WAKE_STATE (w) == RILL_WAKE_RUNNING || WAKE_STATE (w) == RILL_WAKE_PENDING);
      if (wake_cas (co, w, WAKE_MAKE (WAKE_SEQ (w) + 1, RILL_WAKE_RUNNING)))
        return;
    }
}

/* Runs on the stack that @co switched to, once the switch is complete. */
static void
publish_park (RillCoroutine *co)
{
  for (;;)
    {
      gint64 w = wake_load (co);

      if (WAKE_STATE (w) == RILL_WAKE_RUNNING)
        {
          if (wake_cas (co, w, WAKE_MAKE (WAKE_SEQ (w), RILL_WAKE_PARKED)))
            return;
        }
      else if (WAKE_STATE (w) == RILL_WAKE_PENDING)
        {
          __atomic_store_n (&co->wake, WAKE_MAKE (WAKE_SEQ (w) + 1, RILL_WAKE_RUNNING),
                            __ATOMIC_RELEASE);
          rill_coroutine_dispatch (co);
          return;
        }
      else
        g_assert_not_reached ();
    }
}

guint64
rill_coroutine_prepare_suspend (RillCoroutine *co)
{
  return WAKE_SEQ (wake_load (co));
}

gboolean
rill_coroutine_resume (RillCoroutine *co,
                       guint64        seq)
{
  for (;;)
    {
      gint64 w = wake_load (co);

      if (WAKE_SEQ (w) != seq)
        return FALSE;
      switch (WAKE_STATE (w))
        {
        case RILL_WAKE_RUNNING:
          if (wake_cas (co, w, WAKE_MAKE (seq, RILL_WAKE_PENDING)))
            return TRUE;
          break;
        case RILL_WAKE_PARKED:
          if (wake_cas (co, w, WAKE_MAKE (seq + 1, RILL_WAKE_RUNNING)))
            {
              rill_coroutine_dispatch (co);
              return TRUE;
            }
          break;
        default:
          return FALSE;
        }
    }
}

void
rill_coroutine_wake (RillCoroutine *co)
{
  /* Only a started coroutine can be suspended; one that has not run yet sees
   * the cancellation when it starts. */
  if (co->started)
    rill_coroutine_resume (co, WAKE_SEQ (wake_load (co)));
}

static void
after_switch (RillThread *t)
{
  RillCoroutine *p;

  if ((p = t->pending_park) != NULL)
    {
      t->pending_park = NULL;
      publish_park (p);
    }
  if ((p = t->pending_finish) != NULL)
    {
      t->pending_finish = NULL;
      rill_fiber_release (p->fiber);
      p->fiber = NULL;
      if (p->loop != NULL && p->loop->track)
        rill_loop_untrack (p->loop, p);
      rill_job_unref (&p->job);
    }
}

void
rill_coroutine_run (RillCoroutine *co)
{
  RillThread *t = rill_thread_get ();
  RillCoroutine *prev = t->current;
  RillFiber *self = prev != NULL ? prev->fiber : t->fiber;
  RillContext *ctx = co->context;
  guint n_locals = ctx->n_locals;

  if (co->fiber == NULL)
    {
      co->fiber = rill_fiber_acquire (coroutine_body, co);
      co->started = TRUE;
    }
  co->return_to = self;
  t->current = co;
  t->handoffs = 0;

  for (guint i = 0; i < n_locals; i++)
    {
      co->saved_locals[i] = g_private_get (ctx->locals[i].key);
      g_private_set (ctx->locals[i].key, ctx->locals[i].value);
    }

  rill_fiber_switch (self, co->fiber, FALSE);

  /* Same thread as before the switch: a fiber always returns to the one that
   * resumed it. */
  for (guint i = 0; i < n_locals; i++)
    g_private_set (ctx->locals[i].key, co->saved_locals[i]);

  t->current = prev;
  after_switch (t);
}

/* The next coroutine of @co's loop to hand the thread to directly, when @co
 * was run by that loop and both can switch without saving locals. */
static inline RillCoroutine *
take_handoff (RillThread    *t,
              RillCoroutine *co)
{
  RillLoop *loop = co->loop;
  RillCoroutine *next;

  if (loop == NULL || t->loop != loop || t->inline_depth != 0
      || t->handoffs >= MAX_HANDOFFS || co->context->n_locals != 0)
    return NULL;
  next = loop->local_head;
  if (next == NULL || next->fiber == NULL || next->context->n_locals != 0)
    return NULL;
  next = rill_loop_pop_local (loop);
  if (loop->local_head != NULL && loop->local_head->fiber != NULL)
    __builtin_prefetch (loop->local_head->fiber->sp);
  next->return_to = co->return_to;
  t->current = next;
  t->handoffs++;
  return next;
}

static void suspend_borrowed (RillCoroutine *co);

/* Switches @co out to the next coroutine of its loop, as rill_yield () does
 * (one switch instead of two through the loop), or back to whoever ran it;
 * returns when it runs again. */
static void
switch_out (RillThread    *t,
            RillCoroutine *co)
{
  RillCoroutine *next;

  if ((next = take_handoff (t, co)) != NULL)
    rill_fiber_switch (co->fiber, next->fiber, FALSE);
  else
    rill_fiber_switch (co->fiber, co->return_to, FALSE);
  /* Whoever switched here may have left work for the next one to run. */
  after_switch (rill_thread_get ());
}

void
rill_coroutine_suspend (RillCoroutine *co)
{
  RillThread *t = rill_thread_get ();

  if (G_UNLIKELY (co->borrow != NULL) && !co->borrow->resumed)
    {
      suspend_borrowed (co);
      return;
    }

  /* The park is published on the other side of the switch. */
  t->pending_park = co;
  switch_out (t, co);
}

/* Switches out without publishing a park: the coroutine is already queued on
 * its own loop, which only this thread runs. */
static void
switch_out_queued (RillCoroutine *co)
{
  rill_fiber_switch (co->fiber, co->return_to, FALSE);
  after_switch (rill_thread_get ());
}

/* ------------------------------------------------------------------------ */
/* Borrowed calls (see rill-coroutine-private.h)                            */

gboolean
rill_coroutine_can_lend (RillThread *t)
{
  RillCoroutine *lender = t->current;

  return lender != NULL && lender->borrow == NULL && lender->fiber != NULL
         && t->inline_depth == 0 && t->loop != NULL && lender->loop == t->loop
         && lender->context->n_locals == 0;
}

gboolean
rill_coroutine_borrow_go_home (RillBorrow *borrow)
{
  RillCoroutine *co = borrow->borrower;
  RillCoroutine *lender = borrow->lender;
  RillThread *t = rill_thread_get ();
  guint64 seq;

  co->borrow = NULL;
  co->fiber = borrow->home;

  /* The call suspended, so this stack is the borrower's: it goes home to its
   * own fiber, where it was parked, and the lender, queued on its loop as a
   * yield would leave it, continues from here when the loop runs it. */
  g_assert (t->current == co && t->loop == co->loop);
  seq = WAKE_SEQ (wake_load (lender));
  rill_loop_push_local (lender->loop, lender);
  rill_fiber_switch (lender->fiber, borrow->home, FALSE);
  after_switch (rill_thread_get ());
  running_again (lender, seq);
  return TRUE;
}

/* A borrowed call is about to switch away: the lender's stack becomes the
 * borrower's, and goes back, when it switches out, where the lender's
 * would. */
static void
donate (RillCoroutine *co)
{
  RillBorrow *borrow = co->borrow;

  if (borrow->donated)
    return;
  borrow->donated = TRUE;
  co->return_to = borrow->lender->return_to;
  borrow->donate (borrow);
}

/* The call's first switch away from the lender's stack: the stack becomes
 * the borrower's. Its home park is still published (the suspension shares
 * its sequence number), or someone has resumed it meanwhile and queued it on
 * its loop: there is nothing to publish either way. */
static void
suspend_borrowed (RillCoroutine *co)
{
  RillBorrow *borrow = co->borrow;
  gint64 w;
  gboolean raced;

  donate (co);
  w = wake_load (co);
  raced = WAKE_STATE (w) != RILL_WAKE_PARKED || WAKE_SEQ (w) != borrow->home_seq;
  switch_out (rill_thread_get (), co);
  borrow->resumed = TRUE;
  /* Run by the wake-up of the home park (a cancellation): a later wake-up
   * meant for this suspension is stale, as after a pending one. */
  if (raced)
    next_suspension (co);
}

static void
run_inline (RillCoroutine *co)
{
  RillThread *t = rill_thread_get ();
  RillCoroutine *next;

  if (t->inline_depth > 0)
    {
      /* Already inside an inline run on this thread: queue instead of
       * nesting, as kotlinx's unconfined event loop does. */
      co->queue_next = NULL;
      if (t->inline_tail != NULL)
        t->inline_tail->queue_next = co;
      else
        t->inline_head = co;
      t->inline_tail = co;
      return;
    }

  t->inline_depth++;
  rill_coroutine_run (co);
  for (;;)
    {
      t = rill_thread_get ();
      next = t->inline_head;
      if (next == NULL)
        break;
      t->inline_head = next->queue_next;
      if (t->inline_head == NULL)
        t->inline_tail = NULL;
      next->queue_next = NULL;
      rill_coroutine_run (next);
    }
  t->inline_depth--;
}

void
rill_coroutine_dispatch (RillCoroutine *co)
{
  RillDispatcher *d = co->dispatcher;

  if (d->klass->is_dispatch_needed != NULL && !d->klass->is_dispatch_needed (d))
    {
      if (co->loop == NULL && d->loop != NULL)
        co->loop = d->loop;
      run_inline (co);
    }
  else if (co->loop != NULL)
    rill_loop_enqueue (co->loop, co);
  else
    d->klass->dispatch (d, co);
}

static void
complete_unstarted (RillCoroutine *co)
{
  /* Never ran and never will; coroutine_completed() drops what it held. */
  rill_job_body_done (&co->job, NULL);
}

void
rill_coroutine_start (RillCoroutine      *co,
                      RillCoroutineStart  start)
{
  RillDispatcher *d = co->dispatcher;

  if (g_atomic_int_get (&d->closed))
    {
      GError *error = g_error_new (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                   _("The dispatcher “%s” is closed"), d->name);
      rill_job_cancel_internal (&co->job, error, FALSE);
      complete_unstarted (co);
      return;
    }

  if (start == RILL_COROUTINE_START_LAZY)
    return;

  if (rill_job_is_cancelled_fast (&co->job))
    {
      /* Born into a cancelled parent: kotlinx does not run the block. */
      complete_unstarted (co);
      return;
    }

  if (start == RILL_COROUTINE_START_UNDISPATCHED)
    {
      RillThread *t = rill_thread_get ();

      /* Run here only when "here" is the dispatcher's own thread, so the
       * fiber never has to move afterwards. */
      if (d->klass->is_dispatch_needed != NULL)
        {
          run_inline (co);
          return;
        }
      if (t->loop != NULL && t->loop->dispatcher == d)
        {
          co->loop = t->loop;
          if (co->loop->track)
            rill_loop_track (co->loop, co);
          run_inline (co);
          return;
        }
    }

  rill_coroutine_dispatch (co);
}

static void
coroutine_body (gpointer data)
{
  RillCoroutine *co = data;
  GError *failure = NULL;
  RillThread *t;

  after_switch (rill_thread_get ());

  if (!rill_job_is_cancelled_fast (&co->job))
    {
      switch (co->kind)
        {
        case RILL_COROUTINE_LAUNCH:
        case RILL_COROUTINE_BLOCKING:
          co->block (&co->scope, co->user_data);
          break;
        case RILL_COROUTINE_ASYNC:
        case RILL_COROUTINE_WITH_CONTEXT:
        default:
          if (!co->async_block (&co->scope, RILL_COROUTINE_RESULT (co), co->user_data, &failure))
            {
              /* Returning FALSE without an error once cancelled is how a block
               * says it stopped because of the cancellation. */
              if (failure == NULL && !rill_job_is_cancelled_fast (&co->job))
                failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               _("The coroutine failed without an error"));
              if (G_IS_VALUE (RILL_COROUTINE_RESULT (co)))
                g_value_unset (RILL_COROUTINE_RESULT (co));
            }
          break;
        }
    }

  if (co->destroy != NULL)
    {
      GDestroyNotify destroy = co->destroy;
      co->destroy = NULL;
      destroy (co->user_data);
    }

  /* A cancelled async block's error is the cancellation, not a failure. */
  if (failure != NULL && rill_job_is_cancelled_fast (&co->job)
      && g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&failure);

  rill_job_body_done (&co->job, failure);

  t = rill_thread_get ();
  t->pending_finish = co;
  rill_fiber_switch (co->fiber, co->return_to, TRUE);
  /* Continued only when the fiber is reused: fall back into its loop. */
}

RillCoroutine *
rill_coroutine_current (void)
{
  return rill_thread_get ()->current;
}

RillCoroutine *
rill_coroutine_require (const char *func)
{
  RillCoroutine *co = rill_thread_get ()->current;

  if G_UNLIKELY (co == NULL)
    g_critical ("%s: must be called from a coroutine", func);
  return co;
}

gboolean
rill_coroutine_check_active (RillCoroutine *co)
{
  return !rill_job_is_cancelled_fast (co->current_job);
}

RillLoop *
rill_coroutine_timer_loop (RillCoroutine *co)
{
  if (co->loop != NULL)
    return co->loop;
  if (co->dispatcher->klass->timer_loop != NULL)
    return co->dispatcher->klass->timer_loop (co->dispatcher);
  return rill_dispatcher_default_executor ()->loop;
}

/* ------------------------------------------------------------------------ */
/* Suspending functions                                                     */

/**
 * rill_in_coroutine:
 *
 * Whether the caller runs in a coroutine.
 *
 * Returns: %TRUE when called from a coroutine, where suspending functions
 *   may be used
 */
gboolean
rill_in_coroutine (void)
{
  return rill_thread_get ()->current != NULL;
}

/**
 * rill_is_active:
 *
 * kotlinx's `isActive`: whether the calling coroutine's job is still active.
 * A loop that computes without suspending should check it.
 *
 * Returns: %TRUE while the calling coroutine is not cancelled; %FALSE
 *   outside a coroutine
 */
gboolean
rill_is_active (void)
{
  RillCoroutine *co = rill_thread_get ()->current;

  return co != NULL && rill_coroutine_check_active (co);
}

/**
 * rill_get_job:
 *
 * The job of the calling coroutine, kotlinx's `coroutineContext[Job]`.
 *
 * Returns: (transfer none) (nullable): the job of the calling coroutine (inside
 *   [func@Rill.with_context] the job of that block), or %NULL outside a coroutine
 */
RillJob *
rill_get_job (void)
{
  RillCoroutine *co = rill_thread_get ()->current;

  return co != NULL ? co->current_job : NULL;
}

/**
 * rill_get_context:
 *
 * The context of the calling coroutine, kotlinx's `coroutineContext`.
 *
 * Returns: (transfer full) (nullable): the context of the calling coroutine,
 *   its job included, or %NULL outside a coroutine
 */
RillContext *
rill_get_context (void)
{
  RillCoroutine *co = rill_thread_get ()->current;
  RillContext *job_ctx, *ret;

  if (co == NULL)
    return NULL;
  job_ctx = rill_context_new_full (co->dispatcher, co->current_job, NULL);
  ret = rill_context_plus (co->context, job_ctx);
  rill_context_unref (job_ctx);
  return ret;
}

/**
 * rill_get_cancellable:
 *
 * A #GCancellable that is cancelled when the calling coroutine's job is
 * cancelled, for GIO calls made from the coroutine.
 *
 * Returns: (transfer none) (nullable): the coroutine's cancellable, %NULL
 *   outside a coroutine
 */
GCancellable *
rill_get_cancellable (void)
{
  RillCoroutine *co = rill_thread_get ()->current;
  RillJob *job;
  GCancellable *cancellable;

  if (co == NULL)
    return NULL;
  job = co->current_job;
  cancellable = g_atomic_pointer_get (&job->cancellable);
  if (cancellable == NULL)
    {
      cancellable = g_cancellable_new ();
      if (!g_atomic_pointer_compare_and_exchange (&job->cancellable, NULL, cancellable))
        {
          g_object_unref (cancellable);
          cancellable = job->cancellable;
        }
      else if (rill_job_is_cancelled_fast (job))
        g_cancellable_cancel (cancellable);
    }
  return cancellable;
}

static void
delay_fired (gpointer data,
             guint64  seq)
{
  rill_coroutine_resume (data, seq);
}

/* For a timer kept by another thread's loop (Unconfined): that thread fires
 * it outside the heap's lock, while a cancellation may already be running the
 * coroutine to its end elsewhere, so the timer holds a reference. */
static void
delay_fired_foreign (gpointer data,
                     guint64  seq)
{
  RillCoroutine *co = data;

  rill_coroutine_resume (co, seq);
  rill_job_unref (&co->job);
}

/**
 * rill_delay:
 * @msec: how long to wait, in milliseconds
 *
 * Suspends the calling coroutine for @msec milliseconds without blocking its
 * thread, kotlinx's `delay`. Every dispatcher keeps all its delays in one
 * timer heap behind one #GSource. A @msec of 0 returns at once.
 *
 * Returns: %TRUE after the delay, %FALSE when the coroutine was cancelled
 *   (it returns as soon as it is)
 */
gboolean
rill_delay (guint64 msec)
{
  RillCoroutine *co = rill_coroutine_require (G_STRFUNC);
  RillLoop *loop;
  gboolean foreign;

  if (co == NULL)
    return FALSE;
  if (!rill_coroutine_check_active (co))
    return FALSE;
  if (msec == 0)
    return TRUE;

  loop = rill_coroutine_timer_loop (co);
  foreign = loop != co->loop;
  co->timer.func = foreign ? delay_fired_foreign : delay_fired;
  co->timer.data = foreign ? (gpointer) rill_job_ref (&co->job) : (gpointer) co;
  co->timer.tag = rill_coroutine_prepare_suspend (co);
  co->timer.deadline = rill_loop_now (loop) + (gint64) MIN (msec, G_MAXINT64 / 1000) * 1000;
  rill_loop_add_timer (loop, &co->timer);
  rill_coroutine_suspend (co);
  /* Woken by something else: take the timer back, and its reference. The
   * index can be read without the lock only on the timer loop's own thread. */
  if ((foreign || co->timer.index != -1)
      && rill_loop_remove_timer (loop, &co->timer) && foreign)
    rill_job_unref (&co->job);

  return rill_coroutine_check_active (co);
}


/* A borrowed call yields: the lender's stack becomes the borrower's, which
 * takes its home park back to run as a plain coroutine and yield as one
 * (TRUE). If someone resumed the home park meanwhile, the borrower is queued
 * already: it switches out and is back when that run comes (FALSE). */
static gboolean
yield_borrowed (RillCoroutine *co)
{
  RillBorrow *borrow = co->borrow;
  gint64 parked = WAKE_MAKE (borrow->home_seq, RILL_WAKE_PARKED);

  donate (co);
  borrow->resumed = TRUE;
  if (wake_cas (co, parked, WAKE_MAKE (borrow->home_seq + 1, RILL_WAKE_RUNNING)))
    return TRUE;
  switch_out_queued (co);
  next_suspension (co);
  return FALSE;
}

/**
 * rill_yield:
 *
 * Lets the other coroutines of the calling coroutine's dispatcher run, and
 * continues after them, kotlinx's `yield`.
 *
 * Returns: %FALSE when the coroutine is cancelled, %TRUE otherwise
 */
gboolean
rill_yield (void)
{
  RillCoroutine *co = rill_coroutine_require (G_STRFUNC);
  RillThread *t;

  if (co == NULL)
    return FALSE;
  if (!rill_coroutine_check_active (co))
    return FALSE;

  if (G_UNLIKELY (co->borrow != NULL) && !co->borrow->resumed && !yield_borrowed (co))
    return rill_coroutine_check_active (co);

  t = rill_thread_get ();
  if (co->loop != NULL && t->loop == co->loop)
    {
      RillLoop *loop = co->loop;
      RillCoroutine *next = loop->local_head;
      guint64 seq = WAKE_SEQ (wake_load (co));

      rill_loop_push_local (loop, co);
      if (next != NULL && next->fiber != NULL && t->handoffs < MAX_HANDOFFS
          && co->context->n_locals == 0 && next->context->n_locals == 0)
        {
          /* Hand the thread straight to the next coroutine: one switch
           * instead of two, without a trip through the loop. The loop gets
           * control back every MAX_HANDOFFS yields to let other work in. */
          loop->local_head = next->queue_next;
          next->queue_next = NULL;
          next->return_to = co->return_to;
          t->current = next;
          t->handoffs++;
          rill_fiber_switch (co->fiber, next->fiber, FALSE);
          after_switch (rill_thread_get ());
        }
      else
        switch_out_queued (co);
      running_again (co, seq);
    }
  else if (co->loop != NULL)
    {
      guint64 seq = WAKE_SEQ (wake_load (co));

      /* Running inline away from its loop (Main.immediate, on the loop's own
       * thread): queue it there; the loop cannot pick it up before this
       * thread has switched it out. */
      rill_loop_enqueue (co->loop, co);
      switch_out_queued (co);
      running_again (co, seq);
    }
  else if (t->inline_depth > 0 && t->inline_head != NULL)
    {
      guint64 seq = WAKE_SEQ (wake_load (co));

      co->queue_next = NULL;
      t->inline_tail->queue_next = co;
      t->inline_tail = co;
      switch_out_queued (co);
      running_again (co, seq);
    }

  return rill_coroutine_check_active (co);
}

/* ------------------------------------------------------------------------ */
/* Scoped blocks: with_context, coroutine_scope, with_timeout               */

typedef struct
{
  RillJob        job;
  RillScope      scope;
  RillCoroutine *co;
  RillTimer      timer;
  guint64        timeout_ms;
} ScopeJob;

static void
scope_job_finalize (RillJob *job)
{
  ScopeJob *sj = (ScopeJob *) job;

  rill_context_unref (sj->scope.context);
  g_free (sj);
}

static void
scope_job_cancelling (RillJob *job)
{
  ScopeJob *sj = (ScopeJob *) job;

  rill_coroutine_wake (sj->co);
}

static const RillJobClass scope_job_class = {
  .type_name = "ScopeCoroutine",
  .finalize = scope_job_finalize,
  .cancelling = scope_job_cancelling,
};

static const RillJobClass timeout_job_class = {
  .type_name = "TimeoutCoroutine",
  .finalize = scope_job_finalize,
  .cancelling = scope_job_cancelling,
};

/* Waits until @job is final, whatever cancellation comes meanwhile: a scope
 * returns only once all its children are done. */
static void
wait_final (RillCoroutine *co,
            RillJob       *job)
{
  while (!rill_job_is_final_state (rill_job_state_fast (job)))
    rill_coroutine_wait_job (co, job);
}

/* Decides what a scoped block returns once its job is final. */
static gboolean
scoped_outcome (RillCoroutine *co,
                RillJob       *job,
                RillJob       *caller_job,
                GValue        *value,
                GValue        *result,
                GError       **error)
{
  g_autoptr(GError) cause = NULL;

  if (rill_job_state_fast (job) == RILL_JOB_STATE_CANCELLED)
    {
      cause = rill_job_dup_cause (job);
      if (rill_job_has_flag (job, RILL_JOB_FLAG_FAILED))
        {
          /* The block's own failure, or a child's, wins. */
        }
      else if (rill_job_is_cancelled_fast (caller_job))
        {
          g_clear_error (&cause);
          cause = rill_cancelled_error_new ();
        }
      else if (rill_job_has_flag (job, RILL_JOB_FLAG_TIMED_OUT))
        ;
      else if (cause == NULL)
        cause = rill_cancelled_error_new ();
    }
  else if (rill_job_is_cancelled_fast (caller_job))
    {
      /* Prompt cancellation: the block finished, but the caller was
       * cancelled meanwhile, so the result is not handed out. */
      cause = rill_cancelled_error_new ();
    }

  if (cause != NULL)
    {
      if (G_IS_VALUE (value))
        g_value_unset (value);
      g_propagate_error (error, g_steal_pointer (&cause));
      return FALSE;
    }

  if (result != NULL && G_IS_VALUE (value))
    {
      if (G_IS_VALUE (result))
        g_value_unset (result);
      memcpy (result, value, sizeof (GValue));
      memset (value, 0, sizeof (GValue));
    }
  else if (G_IS_VALUE (value))
    g_value_unset (value);
  return TRUE;
}

static void
timeout_fired (gpointer data,
               guint64  tag)
{
  ScopeJob *sj = data;
  GError *error;

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("Timed out waiting for %" PRIu64 " ms"), sj->timeout_ms);
  rill_job_set_flag (&sj->job, RILL_JOB_FLAG_TIMED_OUT);
  rill_job_cancel_internal (&sj->job, error, FALSE);
  rill_job_unref (&sj->job);
}

static gboolean
run_scoped_inline (RillCoroutine   *co,
                   RillContext     *context,
                   const RillJobClass *klass,
                   guint64          timeout_ms,
                   RillAsyncBlock   block,
                   GValue          *result,
                   gpointer         user_data,
                   GError         **error)
{
  ScopeJob *sj = g_new0 (ScopeJob, 1);
  RillJob *caller_job = co->current_job;
  GError *failure = NULL;
  GValue value = G_VALUE_INIT;
  RillLoop *timer_loop = NULL;
  gboolean ret;

  rill_job_init (&sj->job, klass, NULL, RILL_JOB_FLAG_COROUTINE | RILL_JOB_FLAG_SCOPED, FALSE);
  sj->co = co;
  sj->job.host = co;
  sj->timer.index = -1;
  sj->timeout_ms = timeout_ms;
  rill_scope_init_embedded (&sj->scope, &sj->job,
                            context != NULL ? rill_context_plus (co->context, context)
                                            : rill_context_ref (co->context));
  rill_job_attach (caller_job, &sj->job);

  co->current_job = &sj->job;

  if (timeout_ms > 0 && !rill_job_is_cancelled_fast (&sj->job))
    {
      timer_loop = rill_coroutine_timer_loop (co);
      sj->timer.func = timeout_fired;
      sj->timer.data = rill_job_ref (&sj->job);
      sj->timer.deadline = rill_loop_now (timer_loop) + (gint64) MIN (timeout_ms, G_MAXINT64 / 1000) * 1000;
      rill_loop_add_timer (timer_loop, &sj->timer);
    }

  if (!rill_job_is_cancelled_fast (&sj->job))
    {
      if (!block (&sj->scope, &value, user_data, &failure))
        {
          if (failure == NULL && !rill_job_is_cancelled_fast (&sj->job))
            failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                           _("The coroutine failed without an error"));
          if (rill_job_is_cancelled_fast (&sj->job)
              && (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                  || g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
            g_clear_error (&failure);
        }
    }
  rill_job_body_done (&sj->job, failure);
  wait_final (co, &sj->job);

  if (timer_loop != NULL && rill_loop_remove_timer (timer_loop, &sj->timer))
    rill_job_unref (&sj->job);

  co->current_job = caller_job;
  ret = scoped_outcome (co, &sj->job, caller_job, &value, result, error);
  rill_job_unref (&sj->job);
  return ret;
}

/**
 * rill_coroutine_scope:
 * @block: (scope call): the block
 * @result: (out caller-allocates) (optional): where to store the block's value
 * @user_data: data for @block
 * @error: return location for the block's failure
 *
 * kotlinx's `coroutineScope {}`: runs @block in a new scope, a child of the
 * calling coroutine's job, and returns once the block and every coroutine it
 * launched are done. A failing child cancels the others and the failure is
 * returned, not passed to the parent.
 *
 * Returns: %TRUE with @result set on success; %FALSE with @error set when the
 *   block or a child failed or the caller was cancelled
 */
gboolean
rill_coroutine_scope (RillAsyncBlock   block,
                      GValue          *result,
                      gpointer         user_data,
                      GError         **error)
{
  RillCoroutine *co;

  g_return_val_if_fail (block != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Suspending function called outside a coroutine"));
      return FALSE;
    }
  return run_scoped_inline (co, NULL, &scope_job_class, 0, block, result, user_data, error);
}

/**
 * rill_with_timeout:
 * @msec: the time limit in milliseconds
 * @block: (scope call): the block
 * @result: (out caller-allocates) (optional): where to store the block's value
 * @user_data: data for @block
 * @error: return location for the failure
 *
 * kotlinx's `withTimeout`: runs @block as [func@Rill.coroutine_scope] does and
 * cancels it when it takes longer than @msec. The timer is on the calling
 * coroutine's dispatcher, so a test dispatcher's virtual clock drives it.
 *
 * Returns: %TRUE with @result set when the block finished in time; %FALSE with
 *   %G_IO_ERROR_TIMED_OUT when it did not, or another error as for
 *   [func@Rill.coroutine_scope]
 */
gboolean
rill_with_timeout (guint64          msec,
                   RillAsyncBlock   block,
                   GValue          *result,
                   gpointer         user_data,
                   GError         **error)
{
  RillCoroutine *co;

  g_return_val_if_fail (block != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Suspending function called outside a coroutine"));
      return FALSE;
    }
  if (msec == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("Timed out waiting for %" PRIu64 " ms"), msec);
      return FALSE;
    }
  return run_scoped_inline (co, NULL, &timeout_job_class, msec, block, result, user_data, error);
}

/**
 * rill_with_context:
 * @context: (nullable): elements to change, such as the dispatcher
 * @block: (scope call): the block
 * @result: (out caller-allocates) (optional): where to store the block's value
 * @user_data: data for @block
 * @error: return location for the failure
 *
 * kotlinx's `withContext`: runs @block with the calling coroutine's context
 * plus @context and suspends until it and its children are done. On another
 * dispatcher the block runs as a child coroutine there (it keeps the caller's
 * debug id); on the same dispatcher it runs directly on the caller's fiber.
 *
 * When the caller is already cancelled the block never runs; when the caller
 * is cancelled while the block runs, the block is cancelled too, and a result
 * the block produced anyway is dropped (prompt cancellation).
 *
 * Returns: %TRUE with @result set on success; %FALSE with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled, or the block's failure)
 */
gboolean
rill_with_context (RillContext     *context,
                   RillAsyncBlock   block,
                   GValue          *result,
                   gpointer         user_data,
                   GError         **error)
{
  RillCoroutine *co, *child;
  RillContext *ctx;
  RillDispatcher *target;
  RillJob *caller_job;
  gboolean ret;

  g_return_val_if_fail (block != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Suspending function called outside a coroutine"));
      return FALSE;
    }

  caller_job = co->current_job;
  if (rill_job_is_cancelled_fast (caller_job))
    {
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }

  target = context != NULL && context->dispatcher != NULL ? context->dispatcher : co->dispatcher;
  if (target == co->dispatcher)
    return run_scoped_inline (co, context, &scope_job_class, 0, block, result, user_data, error);

  ctx = rill_context_plus (co->context, context);
  child = rill_coroutine_new (RILL_COROUTINE_WITH_CONTEXT, caller_job, ctx, FALSE,
                              RILL_COROUTINE_START_DEFAULT, block, user_data, NULL);
  if (co->debug != NULL)
    rill_debug_register (child, co->debug->id);
  rill_coroutine_start (child, RILL_COROUTINE_START_DEFAULT);

  /* rill_coroutine_wait_job () counts it as a cross-thread wait. */
  wait_final (co, &child->job);

  ret = scoped_outcome (co, &child->job, caller_job, RILL_COROUTINE_RESULT (child), result, error);
  rill_job_unref (&child->job);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* run_blocking                                                             */

typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  GMainContext *context;
} BlockingWait;

static void
blocking_done (RillJob      *job,
               const GError *cause,
               gpointer      data)
{
  BlockingWait *wait = data;

  /* The waiter's stack holds @wait: once done is set and the lock released
   * it may be gone, so touch nothing after the unlock. */
  g_mutex_lock (&wait->lock);
  wait->done = TRUE;
  if (wait->context != NULL)
    g_main_context_wakeup (wait->context);
  g_cond_signal (&wait->cond);
  g_mutex_unlock (&wait->lock);
}

static gboolean
blocking_async_trampoline (RillScope  *scope,
                           GValue     *result,
                           gpointer    user_data,
                           GError    **error)
{
  gpointer *args = user_data;
  RillBlock block = (RillBlock) args[0];

  block (scope, args[1]);
  return TRUE;
}

static gboolean
run_blocking_impl (RillContext     *context,
                   RillAsyncBlock   block,
                   GValue          *result,
                   gpointer         user_data,
                   GError         **error,
                   gpointer         launch_site)
{
  RillThread *t = rill_thread_get ();
  RillContext *ctx;
  RillDispatcher *dispatcher;
  RillDispatcher *own = NULL;
  GMainContext *own_context = NULL;
  GMainContext *iterate = NULL;
  RillCoroutine *co;
  BlockingWait wait = { 0, };
  gboolean ret;

  if (t->current != NULL)
    {
      g_critical ("rill_run_blocking: must not be called from a coroutine: it would block "
                  "the thread the coroutine runs on");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Blocking call made from a coroutine"));
      return FALSE;
    }

  dispatcher = context != NULL ? context->dispatcher : NULL;
  if (dispatcher == NULL)
    {
      /* Like kotlinx's runBlocking, an event loop in the calling thread:
       * the main dispatcher on the main thread, a private one elsewhere. */
      if (t->is_main || g_main_context_is_owner (g_main_context_default ()))
        dispatcher = rill_dispatcher_main ();
      else
        {
          own_context = g_main_context_new ();
          g_main_context_push_thread_default (own_context);
          own = rill_main_context_dispatcher_new (own_context, rill_thread_get_name (), FALSE);
          dispatcher = own;
        }
    }

  {
    RillContext *dctx = rill_context_new (dispatcher, NULL);
    ctx = rill_context_plus (context, dctx);
    rill_context_unref (dctx);
  }

  co = rill_coroutine_new (RILL_COROUTINE_ASYNC, ctx->job, ctx, FALSE, RILL_COROUTINE_START_DEFAULT,
                           block, user_data, NULL);
  co->job.klass = &blocking_class;
  co->job.flags |= RILL_JOB_FLAG_REPORTS_ERRORS | RILL_JOB_FLAG_SCOPED;
  if (co->debug != NULL)
    co->debug->launch_site = launch_site;

  if (dispatcher->main_context != NULL && g_main_context_acquire (dispatcher->main_context))
    iterate = dispatcher->main_context;

  g_mutex_init (&wait.lock);
  g_cond_init (&wait.cond);
  wait.context = iterate;
  rill_job_invoke_on_completion (&co->job, blocking_done, &wait, NULL);
  rill_coroutine_start (co, RILL_COROUTINE_START_DEFAULT);

  if (iterate != NULL)
    {
      for (;;)
        {
          gboolean done;

          g_mutex_lock (&wait.lock);
          done = wait.done;
          g_mutex_unlock (&wait.lock);
          if (done)
            break;
          g_main_context_iteration (iterate, TRUE);
        }
      g_main_context_release (iterate);
    }
  else
    {
      g_mutex_lock (&wait.lock);
      while (!wait.done)
        g_cond_wait (&wait.cond, &wait.lock);
      g_mutex_unlock (&wait.lock);
    }

  /* The handler ran: wait also for the fiber to be given back. */
  ret = scoped_outcome (co, &co->job, &co->job, RILL_COROUTINE_RESULT (co), result, error);
  rill_job_unref (&co->job);
  g_mutex_clear (&wait.lock);
  g_cond_clear (&wait.cond);

  if (own != NULL)
    {
      /* Let the private loop finish what the coroutine left behind. */
      while (g_main_context_iteration (own_context, FALSE))
        ;
      rill_main_context_dispatcher_destroy_source (own);
      rill_dispatcher_unref (own);
      g_main_context_pop_thread_default (own_context);
      g_main_context_unref (own_context);
    }
  return ret;
}

/**
 * rill_run_blocking:
 * @context: (nullable): the context to run @block with
 * @block: (scope call): the block
 * @user_data: data for @block
 *
 * kotlinx's `runBlocking`: runs @block as a coroutine and blocks the calling
 * thread until it and its children are done. Without a dispatcher in
 * @context it runs in the calling thread: on the main thread by iterating the
 * default #GMainContext, elsewhere on a private one. It is meant for main()
 * functions and tests, and refused (with a critical) inside a coroutine.
 */
void
rill_run_blocking (RillContext *context,
                   RillBlock    block,
                   gpointer     user_data)
{
  gpointer args[2] = { (gpointer) block, user_data };

  g_return_if_fail (block != NULL);

  run_blocking_impl (context, blocking_async_trampoline, NULL, args, NULL,
                     __builtin_return_address (0));
}

/**
 * rill_run_blocking_async:
 * @context: (nullable): the context to run @block with
 * @block: (scope call): the block
 * @result: (out caller-allocates) (optional): where to store the block's value
 * @user_data: data for @block
 * @error: return location for the block's failure
 *
 * As [func@Rill.run_blocking], for a block that produces a value or fails.
 *
 * Returns: %TRUE with @result set on success, %FALSE with @error set
 */
gboolean
rill_run_blocking_async (RillContext     *context,
                         RillAsyncBlock   block,
                         GValue          *result,
                         gpointer         user_data,
                         GError         **error)
{
  g_return_val_if_fail (block != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_blocking_impl (context, block, result, user_data, error,
                            __builtin_return_address (0));
}

/* ------------------------------------------------------------------------ */
/* GIO: awaiting a GAsyncReadyCallback                                      */

/**
 * rill_async_slot:
 *
 * The user data to give, with [func@Rill.async_ready] as the callback, to a GIO
 * `_async` call made from a coroutine; then [func@Rill.await_async_result]
 * suspends until the call completes:
 *
 * ```c
 * g_file_load_contents_async (file, rill_get_cancellable (),
 *                             rill_async_ready, rill_async_slot ());
 * g_autoptr(GAsyncResult) res = rill_await_async_result ();
 * if (!g_file_load_contents_finish (file, res, &contents, &len, NULL, &error))
 *   return;
 * ```
 *
 * Returns: (transfer full) (nullable): the slot, %NULL outside a coroutine
 */
gpointer
rill_async_slot (void)
{
  RillCoroutine *co = rill_coroutine_require (G_STRFUNC);

  if (co == NULL)
    return NULL;
  g_clear_object (&co->async_result);
  return rill_job_ref (&co->job);
}

/**
 * rill_async_ready:
 * @source_object: (nullable): the source object of the call
 * @result: its result
 * @user_data: the slot from [func@Rill.async_slot]
 *
 * The #GAsyncReadyCallback for GIO calls made from a coroutine.
 */
void
rill_async_ready (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RillCoroutine *co = user_data;

  g_return_if_fail (co != NULL);
  g_return_if_fail (G_IS_ASYNC_RESULT (result));

  g_atomic_pointer_set (&co->async_result, g_object_ref (result));
  /* The coroutine waits for nothing else, so wake whatever suspension it is
   * in: a cancellation may have woken an earlier one already. */
  rill_coroutine_wake (co);
  rill_job_unref (&co->job);
}

/**
 * rill_await_async_result:
 *
 * Suspends the calling coroutine until the GIO call given
 * [func@Rill.async_slot] completes. The call always completes, also when the
 * coroutine is cancelled (give it [func@Rill.get_cancellable] so that it ends
 * early with %G_IO_ERROR_CANCELLED).
 *
 * Returns: (transfer full) (nullable): the call's result, for its `_finish`
 *   function; %NULL outside a coroutine
 */
GAsyncResult *
rill_await_async_result (void)
{
  RillCoroutine *co = rill_coroutine_require (G_STRFUNC);

  if (co == NULL)
    return NULL;

  /* The GIO callback comes whatever happens, since it holds the slot; a
   * wake-up by cancellation is not the end of the wait. */
  while (g_atomic_pointer_get (&co->async_result) == NULL)
    rill_coroutine_suspend (co);
  return g_atomic_pointer_exchange (&co->async_result, NULL);
}

/* ------------------------------------------------------------------------ */

/**
 * rill_set_default_stack_size:
 * @size: bytes of stack for each coroutine
 *
 * Sets the stack size of coroutines, before the first one runs; the
 * `RILL_STACK_SIZE` environment variable (in KiB) does the same. The default,
 * 256 KiB, is address space only: a coroutine costs memory only for the stack
 * pages it touches, usually one. Each stack has a guard page below it.
 */
void
rill_set_default_stack_size (gsize size)
{
  rill_fiber_set_stack_size (size);
}

/**
 * rill_get_default_stack_size:
 *
 * The size of the stack every coroutine gets.
 *
 * Returns: the stack size of coroutines in bytes
 */
gsize
rill_get_default_stack_size (void)
{
  return rill_fiber_get_stack_size ();
}

G_DEFINE_ENUM_TYPE (RillCoroutineStart, rill_coroutine_start,
  G_DEFINE_ENUM_VALUE (RILL_COROUTINE_START_DEFAULT, "default"),
  G_DEFINE_ENUM_VALUE (RILL_COROUTINE_START_LAZY, "lazy"),
  G_DEFINE_ENUM_VALUE (RILL_COROUTINE_START_UNDISPATCHED, "undispatched"))
