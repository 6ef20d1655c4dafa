/* rill-lifecycle-when.c: blocks that run only while a lifecycle is in a state
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-coroutines-private.h"
#include "rill-lifecycle-when.h"
#include "rill-pausing-dispatcher-private.h"

typedef struct
{
  GWeakRef          *lifecycle;
  RillLifecycleState state;
  RillBlock          block;
  gpointer           user_data;
  gboolean           completed;
} WhenCall;

/* androidx's LifecycleController: pauses and resumes the dispatcher of the
 * block as the lifecycle moves, and cancels the block's parent job at
 * DESTROYED. Shared by the call and the lifecycle's observer, which may
 * outlive the call (its destroy notify can come late, from a registry that
 * was busy dispatching). */
typedef struct
{
  gint                ref_count;
  RillDispatcher     *dispatcher;
  RillJob            *job;
  RillLifecycleState  min_state;
  guint               observer_id;
  gboolean            finished;
} Controller;

static Controller *
controller_new (RillJob            *job,
                RillLifecycleState  min_state)
{
  Controller *c = g_new0 (Controller, 1);

  c->ref_count = 1;
  c->dispatcher = rill_pausing_dispatcher_new ();
  c->job = rill_job_ref (job);
  c->min_state = min_state;
  return c;
}

static Controller *
controller_ref (Controller *c)
{
  g_atomic_int_inc (&c->ref_count);
  return c;
}

static void
controller_unref (gpointer data)
{
  Controller *c = data;

  if (g_atomic_int_dec_and_test (&c->ref_count))
    {
      rill_dispatcher_unref (c->dispatcher);
      rill_job_unref (c->job);
      g_free (c);
    }
}

static void
controller_finish (Controller    *c,
                   RillLifecycle *lifecycle)
{
  guint id = c->observer_id;

  c->finished = TRUE;
  c->observer_id = 0;
  if (lifecycle != NULL && id != 0)
    rill_lifecycle_remove_observer (lifecycle, id);
  rill_pausing_dispatcher_finish (c->dispatcher);
}

static void
controller_destroyed (Controller    *c,
                      RillLifecycle *lifecycle)
{
  /* Cancelled before the queue runs again, so that what waits in it
   * resumes cancelled. */
  rill_job_cancel (c->job);
  controller_finish (c, lifecycle);
}

static void
controller_on_event (RillLifecycle      *lifecycle,
                     RillLifecycleEvent  event,
                     gpointer            user_data)
{
  Controller *c = user_data;
  RillLifecycleState state;

  if (c->finished)
    return;

  /* The lifecycle's state, not the event's: an observer walked up through
   * several events sees where the lifecycle is going. */
  state = rill_lifecycle_get_current_state (lifecycle);
  if (state == RILL_LIFECYCLE_STATE_DESTROYED)
    controller_destroyed (c, lifecycle);
  else if (state < c->min_state)
    rill_pausing_dispatcher_pause (c->dispatcher);
  else
    rill_pausing_dispatcher_resume (c->dispatcher);
}

static void
controller_observer_gone (gpointer data)
{
  Controller *c = data;

  /* Removed without our asking: the lifecycle was finalized before it was
   * destroyed, and nothing could ever resume the block. */
  if (!c->finished)
    {
      c->observer_id = 0;
      controller_destroyed (c, NULL);
    }
  controller_unref (c);
}

static void
when_block (RillScope *scope,
            gpointer   user_data)
{
  WhenCall *call = user_data;

  call->block (scope, call->user_data);
}

static gboolean
when_main (RillScope  *scope,
           GValue     *result,
           gpointer    user_data,
           GError    **error)
{
  WhenCall *call = user_data;
  RillCoroutine *co = rill_coroutine_current ();
  g_autoptr(GObject) lifecycle = g_weak_ref_get (call->lifecycle);
  g_autoptr(RillContext) context = NULL;
  g_autoptr(RillJob) block_job = NULL;
  Controller *c;

  /* The job cancelled at DESTROYED is this block's, as androidx cancels the
   * job of its withContext(Main.immediate): the caller gets the
   * cancellation, its own job stays active. */
  c = controller_new (rill_scope_get_job (scope), call->state);
  if (lifecycle == NULL ||
      rill_lifecycle_get_current_state (RILL_LIFECYCLE (lifecycle)) == RILL_LIFECYCLE_STATE_DESTROYED)
    controller_destroyed (c, NULL);
  else
    {
      guint id = rill_lifecycle_add_observer (RILL_LIFECYCLE (lifecycle), controller_on_event,
                                              controller_ref (c), controller_observer_gone);

      if (c->finished)
        rill_lifecycle_remove_observer (RILL_LIFECYCLE (lifecycle), id);
      else
        c->observer_id = id;
    }
  /* The wait must not keep the lifecycle alive: its finalization is what
   * ends a block whose owner went away without destroying it. */
  g_clear_object (&lifecycle);

  context = rill_context_new (c->dispatcher, NULL);
  block_job = rill_launch (scope, context, when_block, call, NULL);
  rill_lifecycle_await_final (co, block_job);
  call->completed = rill_job_get_state (block_job) == RILL_JOB_STATE_COMPLETED;

  lifecycle = g_weak_ref_get (call->lifecycle);
  if (!c->finished)
    controller_finish (c, lifecycle != NULL ? RILL_LIFECYCLE (lifecycle) : NULL);
  controller_unref (c);
  return TRUE;
}

gboolean
rill_lifecycle_when_state_at_least_weak (GWeakRef           *lifecycle,
                                         RillLifecycleState  state,
                                         RillBlock           block,
                                         gpointer            user_data)
{
  WhenCall call = { lifecycle, state, block, user_data, FALSE };
  GError *error = NULL;

  if (rill_coroutine_require ("rill_lifecycle_when_state_at_least") == NULL)
    return FALSE;

  if (!rill_with_context (rill_context_main_immediate (), when_main, NULL, &call, &error))
    {
      rill_lifecycle_propagate_failure (error);
      return FALSE;
    }
  return call.completed;
}

/**
 * rill_lifecycle_when_state_at_least:
 * @self: a lifecycle
 * @state: the state @block needs
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * Runs @block in a new coroutine on the main thread, and suspends the caller
 * until it is done, androidx's `whenStateAtLeast`. The block runs only while
 * @self is at least in @state: while it is below, the block — and every
 * coroutine it launched on its own dispatcher — stays suspended where it is,
 * even when what it waited for is ready, and continues from there once
 * @self reaches @state again. Nothing it waited for is lost: its resumptions
 * are held in order, not dropped. Coroutines it sends to other dispatchers
 * ([func@Rill.with_context] to [func@Rill.Dispatcher.io], say) go on
 * running, but the block does not continue after them until the state is
 * back.
 *
 * When @self is destroyed, or finalized, the block is cancelled; if it was
 * held, it resumes cancelled. A cancellation of the caller while the block
 * is held reaches the block only when it runs again, as in androidx: the
 * block's code never runs below @state before @self is destroyed.
 *
 * The caller's dispatcher does not matter: @block always runs on the main
 * thread. @self must be alive when this is called, but it is not kept alive
 * by the wait.
 *
 * A failure of @block ([method@Rill.Job.complete_exceptionally] on its job,
 * or a failing child) fails the caller's job, as the exception thrown out
 * of `whenStateAtLeast` does in androidx.
 *
 * Returns: %TRUE when @block ran to its end; %FALSE when it was cancelled
 *   (@self destroyed, or the caller cancelled) or failed, or when called
 *   outside a coroutine
 */
gboolean
rill_lifecycle_when_state_at_least (RillLifecycle      *self,
                                    RillLifecycleState  state,
                                    RillBlock           block,
                                    gpointer            user_data)
{
  GWeakRef lifecycle;
  gboolean ret;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), FALSE);
  g_return_val_if_fail (state <= RILL_LIFECYCLE_STATE_RESUMED, FALSE);
  g_return_val_if_fail (block != NULL, FALSE);

  g_weak_ref_init (&lifecycle, self);
  ret = rill_lifecycle_when_state_at_least_weak (&lifecycle, state, block, user_data);
  g_weak_ref_clear (&lifecycle);
  return ret;
}

/**
 * rill_lifecycle_when_created:
 * @self: a lifecycle
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * [method@Lifecycle.when_state_at_least] with
 * %RILL_LIFECYCLE_STATE_CREATED, androidx's `whenCreated`.
 *
 * Returns: %TRUE when @block ran to its end, %FALSE when it was cancelled
 */
gboolean
rill_lifecycle_when_created (RillLifecycle *self,
                             RillBlock      block,
                             gpointer       user_data)
{
  return rill_lifecycle_when_state_at_least (self, RILL_LIFECYCLE_STATE_CREATED, block, user_data);
}

/**
 * rill_lifecycle_when_started:
 * @self: a lifecycle
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * [method@Lifecycle.when_state_at_least] with
 * %RILL_LIFECYCLE_STATE_STARTED, androidx's `whenStarted`.
 *
 * Returns: %TRUE when @block ran to its end, %FALSE when it was cancelled
 */
gboolean
rill_lifecycle_when_started (RillLifecycle *self,
                             RillBlock      block,
                             gpointer       user_data)
{
  return rill_lifecycle_when_state_at_least (self, RILL_LIFECYCLE_STATE_STARTED, block, user_data);
}

/**
 * rill_lifecycle_when_resumed:
 * @self: a lifecycle
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * [method@Lifecycle.when_state_at_least] with
 * %RILL_LIFECYCLE_STATE_RESUMED, androidx's `whenResumed`.
 *
 * Returns: %TRUE when @block ran to its end, %FALSE when it was cancelled
 */
gboolean
rill_lifecycle_when_resumed (RillLifecycle *self,
                             RillBlock      block,
                             gpointer       user_data)
{
  return rill_lifecycle_when_state_at_least (self, RILL_LIFECYCLE_STATE_RESUMED, block, user_data);
}
