/* rill-repeat-on-lifecycle.c: a block restarted each time a lifecycle
 * reaches a state
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-coroutines-private.h"
#include "rill-repeat-on-lifecycle.h"

/* Shared by the call, its lifecycle observer and its runs. The observer's
 * destroy notify may come after the call returned (a registry that is busy
 * dispatching frees removed observers later), hence the reference count. */
typedef struct
{
  gint               ref_count;
  GWeakRef           lifecycle;
  RillLifecycleEvent start_event;
  RillLifecycleEvent cancel_event;
  RillBlock          block;
  gpointer           user_data;

  /* Main thread only. */
  RillScope         *outer;        /* the caller's scope: runs keep its context */
  RillJob           *launched;     /* the run of the current stay in the state */
  RillJob           *last_run;     /* the newest run, the next one waits for it */
  RillCoroutine     *waiter;
  guint64            seq;
  guint              observer_id;
  gboolean           removing;
  gboolean           destroyed;    /* ON_DESTROY seen, or the lifecycle is gone */
} Repeat;

typedef struct
{
  Repeat  *repeat;
  RillJob *previous;
} Run;

static Repeat *
repeat_ref (Repeat *r)
{
  g_atomic_int_inc (&r->ref_count);
  return r;
}

static void
repeat_unref (gpointer data)
{
  Repeat *r = data;

  if (g_atomic_int_dec_and_test (&r->ref_count))
    {
      g_weak_ref_clear (&r->lifecycle);
      g_clear_pointer (&r->launched, rill_job_unref);
      g_clear_pointer (&r->last_run, rill_job_unref);
      g_free (r);
    }
}

static void
repeat_wake (Repeat *r)
{
  if (r->waiter != NULL)
    rill_coroutine_resume (r->waiter, r->seq);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->previous, rill_job_unref);
  repeat_unref (run->repeat);
  g_free (run);
}

static void
run_body (RillScope *scope,
          gpointer   user_data)
{
  Run *run = user_data;
  RillCoroutine *co = rill_coroutine_current ();

  /* androidx serialises the runs with a mutex held around the block and its
   * children. Here each run waits until the one before it is done, and does
   * so even once it is cancelled itself: then a run that is done implies
   * that all the runs before it are, and the newest run is the only one a
   * new run has to wait for. */
  if (run->previous != NULL)
    {
      rill_lifecycle_await_final (co, run->previous);
      g_clear_pointer (&run->previous, rill_job_unref);
    }
  if (!rill_coroutine_check_active (co))
    return;

  /* The run's own scope: what the block launches in it are children the run
   * waits for, as androidx's coroutineScope around the block. */
  run->repeat->block (scope, run->repeat->user_data);
}

static void
repeat_on_event (RillLifecycle      *lifecycle,
                 RillLifecycleEvent  event,
                 gpointer            user_data)
{
  Repeat *r = user_data;

  if (event == r->start_event)
    {
      Run *run = g_new0 (Run, 1);

      run->repeat = repeat_ref (r);
      run->previous = g_steal_pointer (&r->last_run);
      g_clear_pointer (&r->launched, rill_job_unref);
      /* In the caller's scope, so on the caller's dispatcher: from a
       * coroutine on the immediate main dispatcher the run starts before
       * this event returns. */
      r->launched = rill_launch (r->outer, NULL, run_body, run, run_free);
      r->last_run = rill_job_ref (r->launched);
      return;
    }
  if (event == r->cancel_event && r->launched != NULL)
    {
      rill_job_cancel (r->launched);
      g_clear_pointer (&r->launched, rill_job_unref);
    }
  if (event == RILL_LIFECYCLE_EVENT_ON_DESTROY)
    {
      r->destroyed = TRUE;
      repeat_wake (r);
    }
}

static void
repeat_observer_gone (gpointer data)
{
  Repeat *r = data;

  /* Not removed by the call: the lifecycle was destroyed (its registry drops
   * every observer) or finalized, and no event will ever come. */
  if (!r->removing && !r->destroyed)
    {
      r->destroyed = TRUE;
      if (r->launched != NULL)
        rill_job_cancel (r->launched);
      repeat_wake (r);
    }
  repeat_unref (r);
}

static gboolean
repeat_main (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  Repeat *r = user_data;
  RillCoroutine *co = rill_coroutine_current ();
  g_autoptr(GObject) lifecycle = g_weak_ref_get (&r->lifecycle);

  /* Looked at again on the main thread. */
  if (lifecycle == NULL ||
      rill_lifecycle_get_current_state (RILL_LIFECYCLE (lifecycle)) == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      r->destroyed = TRUE;
      return TRUE;
    }

  r->observer_id = rill_lifecycle_add_observer (RILL_LIFECYCLE (lifecycle), repeat_on_event,
                                                repeat_ref (r), repeat_observer_gone);
  /* Not kept alive by the wait: its finalization ends the call. */
  g_clear_object (&lifecycle);

  for (;;)
    {
      r->seq = rill_coroutine_prepare_suspend (co);
      r->waiter = co;
      if (r->destroyed || !rill_coroutine_check_active (co))
        break;
      rill_coroutine_suspend (co);
    }
  r->waiter = NULL;

  if (r->launched != NULL)
    {
      rill_job_cancel (r->launched);
      g_clear_pointer (&r->launched, rill_job_unref);
    }
  lifecycle = g_weak_ref_get (&r->lifecycle);
  if (lifecycle != NULL && r->observer_id != 0)
    {
      r->removing = TRUE;
      rill_lifecycle_remove_observer (RILL_LIFECYCLE (lifecycle), r->observer_id);
    }
  r->observer_id = 0;
  return TRUE;
}

static gboolean
repeat_scope (RillScope  *scope,
              GValue     *result,
              gpointer    user_data,
              GError    **error)
{
  Repeat *r = user_data;

  r->outer = scope;
  return rill_with_context (rill_context_main_immediate (), repeat_main, NULL, r, error);
}

static const char *
state_nick (RillLifecycleState state)
{
  GEnumClass *klass = g_type_class_ref (RILL_TYPE_LIFECYCLE_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : "?";
}

/**
 * rill_repeat_on_lifecycle_full:
 * @self: a lifecycle
 * @state: the state in which @block runs: %RILL_LIFECYCLE_STATE_CREATED,
 *   %RILL_LIFECYCLE_STATE_STARTED or %RILL_LIFECYCLE_STATE_RESUMED
 * @block: (scope notified) (closure user_data) (destroy destroy): the block
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data when this returns
 *
 * As [func@Rill.repeat_on_lifecycle], and calls @destroy on @user_data
 * when it returns, also when it returns at once.
 *
 * Returns: %TRUE once @self is destroyed, %FALSE when the caller was
 *   cancelled
 */
gboolean
rill_repeat_on_lifecycle_full (RillLifecycle      *self,
                               RillLifecycleState  state,
                               RillBlock           block,
                               gpointer            user_data,
                               GDestroyNotify      destroy)
{
  Repeat *r;
  GError *error = NULL;
  gboolean ok;
  gboolean destroyed;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), FALSE);
  g_return_val_if_fail (state <= RILL_LIFECYCLE_STATE_RESUMED, FALSE);
  g_return_val_if_fail (block != NULL, FALSE);

  if (state == RILL_LIFECYCLE_STATE_INITIALIZED || state == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      g_critical ("rill_repeat_on_lifecycle: the block cannot run in the %s state; "
                  "use created, started or resumed", state_nick (state));
      goto out_false;
    }
  if (rill_coroutine_require ("rill_repeat_on_lifecycle") == NULL)
    goto out_false;
  if (!rill_is_active ())
    goto out_false;

  /* A best-effort look from the calling thread, as in androidx. */
  if (rill_lifecycle_get_current_state (self) == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      if (destroy != NULL)
        destroy (user_data);
      return TRUE;
    }

  r = g_new0 (Repeat, 1);
  r->ref_count = 1;
  g_weak_ref_init (&r->lifecycle, self);
  rill_lifecycle_event_up_to (state, &r->start_event);
  rill_lifecycle_event_down_from (state, &r->cancel_event);
  r->block = block;
  r->user_data = user_data;

  /* The runs are children of this scope: it returns once the last one is
   * done, cleanup included. */
  ok = rill_coroutine_scope (repeat_scope, NULL, r, &error);
  destroyed = r->destroyed;
  repeat_unref (r);

  if (destroy != NULL)
    destroy (user_data);
  if (!ok)
    {
      rill_lifecycle_propagate_failure (error);
      return FALSE;
    }
  return destroyed;

out_false:
  if (destroy != NULL)
    destroy (user_data);
  return FALSE;
}

/**
 * rill_repeat_on_lifecycle:
 * @self: a lifecycle
 * @state: the state in which @block runs: %RILL_LIFECYCLE_STATE_CREATED,
 *   %RILL_LIFECYCLE_STATE_STARTED or %RILL_LIFECYCLE_STATE_RESUMED
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * Runs @block in a new coroutine each time @self reaches @state, cancels
 * that coroutine each time @self falls below @state, and suspends the
 * caller until @self is destroyed, androidx's `repeatOnLifecycle`:
 *
 * ```c
 * static void
 * collect_while_visible (RillScope *scope,
 *                        gpointer   user_data)
 * {
 *   rill_repeat_on_lifecycle (user_data, RILL_LIFECYCLE_STATE_STARTED,
 *                             show_updates, NULL);
 * }
 *
 * rill_launch (rill_lifecycle_get_scope (lifecycle), NULL,
 *              collect_while_visible, lifecycle, NULL);
 * ```
 *
 * Each run is a child of the caller and runs on the caller's dispatcher (so
 * from a coroutine of [method@Lifecycle.get_scope] it starts on the main
 * thread before the event that started it returns); what the block launches
 * in the scope it is given are children of the run. The runs never overlap:
 * a run waits until the one before it — cancelled, but maybe still cleaning
 * up — is done, its children included.
 *
 * The lifecycle is observed on the main thread, whatever the caller's
 * dispatcher. @self must be alive when this is called, but it is not kept
 * alive by the wait: when it is finalized without having been destroyed,
 * the current run is cancelled and this returns as at its destruction.
 *
 * %RILL_LIFECYCLE_STATE_INITIALIZED and %RILL_LIFECYCLE_STATE_DESTROYED
 * are refused with a critical: the block would never run.
 *
 * A failure of a run (see [func@Rill.coroutine_scope]) fails the caller's
 * job, as the exception thrown out of `repeatOnLifecycle` does in androidx.
 *
 * Returns: %TRUE once @self is destroyed (at once when it already is),
 *   after the last run is done; %FALSE when the caller was cancelled, or
 *   on a refused call
 */
gboolean
rill_repeat_on_lifecycle (RillLifecycle      *self,
                          RillLifecycleState  state,
                          RillBlock           block,
                          gpointer            user_data)
{
  return rill_repeat_on_lifecycle_full (self, state, block, user_data, NULL);
}

/**
 * rill_lifecycle_owner_repeat_on_lifecycle:
 * @owner: a lifecycle owner
 * @state: the state in which @block runs
 * @block: (scope call) (closure user_data): the block
 * @user_data: data for @block
 *
 * [func@Rill.repeat_on_lifecycle] on the owner's lifecycle, androidx's
 * `LifecycleOwner.repeatOnLifecycle`.
 *
 * Returns: %TRUE once the lifecycle is destroyed, %FALSE when the caller
 *   was cancelled
 */
gboolean
rill_lifecycle_owner_repeat_on_lifecycle (RillLifecycleOwner *owner,
                                          RillLifecycleState  state,
                                          RillBlock           block,
                                          gpointer            user_data)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE_OWNER (owner), FALSE);

  return rill_repeat_on_lifecycle (rill_lifecycle_owner_get_lifecycle (owner), state, block, user_data);
}
