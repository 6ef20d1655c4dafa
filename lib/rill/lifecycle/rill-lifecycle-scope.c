/* rill-lifecycle-scope.c: the coroutine scope of a lifecycle
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-coroutines-private.h"
#include "rill-lifecycle-scope.h"
#include "rill-lifecycle-state.h"

/* The scope of one lifecycle, kept as qdata on it and, while it is
 * registered, by its observer as well: the observer may outlive the qdata
 * (a lifecycle that forwards to another), the qdata the observer. */
typedef struct
{
  gint       ref_count;
  RillScope *scope;
  guint      observer_id;
} LifecycleScope;

typedef struct
{
  GWeakRef        lifecycle;
  LifecycleScope *ls;
} Registration;

G_LOCK_DEFINE_STATIC (lifecycle_scopes);

static GQuark
lifecycle_scope_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-lifecycle-scope");
  return quark;
}

static LifecycleScope *
lifecycle_scope_ref (LifecycleScope *ls)
{
  g_atomic_int_inc (&ls->ref_count);
  return ls;
}

static void
lifecycle_scope_unref (gpointer data)
{
  LifecycleScope *ls = data;

  if (g_atomic_int_dec_and_test (&ls->ref_count))
    {
      rill_scope_unref (ls->scope);
      g_free (ls);
    }
}

/* The lifecycle is finalized: nothing tied to it may go on, whether or not it
 * reached DESTROYED. */
static void
lifecycle_scope_release (gpointer data)
{
  LifecycleScope *ls = data;

  rill_scope_cancel (ls->scope);
  lifecycle_scope_unref (ls);
}

static void
lifecycle_scope_on_event (RillLifecycle      *lifecycle,
                          RillLifecycleEvent  event,
                          gpointer            user_data)
{
  LifecycleScope *ls = user_data;

  if (rill_lifecycle_get_current_state (lifecycle) == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      guint id = ls->observer_id;

      ls->observer_id = 0;
      rill_lifecycle_remove_observer (lifecycle, id);
      rill_scope_cancel (ls->scope);
    }
}

static void
lifecycle_scope_register (RillLifecycle  *lifecycle,
                          LifecycleScope *ls)
{
  if (rill_lifecycle_get_current_state (lifecycle) == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      rill_scope_cancel (ls->scope);
      return;
    }
  ls->observer_id = rill_lifecycle_add_observer (lifecycle, lifecycle_scope_on_event,
                                                 lifecycle_scope_ref (ls),
                                                 lifecycle_scope_unref);
}

static void
registration_free (gpointer data)
{
  Registration *reg = data;

  g_weak_ref_clear (&reg->lifecycle);
  lifecycle_scope_unref (reg->ls);
  g_free (reg);
}

static void
registration_body (RillScope *scope,
                   gpointer   user_data)
{
  Registration *reg = user_data;
  g_autoptr(GObject) lifecycle = g_weak_ref_get (&reg->lifecycle);

  /* Gone meanwhile: its qdata cancelled the scope, and this never runs. */
  if (lifecycle != NULL)
    lifecycle_scope_register (RILL_LIFECYCLE (lifecycle), reg->ls);
}

/**
 * rill_lifecycle_get_scope:
 * @self: a lifecycle
 *
 * Returns the coroutine scope tied to @self, androidx's
 * `Lifecycle.coroutineScope`: a scope on [func@Rill.Dispatcher.main_immediate]
 * with a supervisor job, so that a coroutine launched in it from the main
 * thread starts at once and a failing one does not cancel the others.
 *
 * The scope is created by the first call and the same one is returned
 * afterwards. It is cancelled when @self reaches
 * %RILL_LIFECYCLE_STATE_DESTROYED — at once if it already has — and when
 * @self is finalized, whichever comes first.
 *
 * It may be called from any thread; the observer that cancels the scope is
 * added on the main thread, as androidx does.
 *
 * Returns: (transfer none): the scope of @self, owned by @self
 */
RillScope *
rill_lifecycle_get_scope (RillLifecycle *self)
{
  LifecycleScope *ls;
  gboolean created = FALSE;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);

  G_LOCK (lifecycle_scopes);
  ls = g_object_get_qdata (G_OBJECT (self), lifecycle_scope_quark ());
  if (ls == NULL)
    {
      ls = g_new0 (LifecycleScope, 1);
      ls->ref_count = 1;
      ls->scope = rill_lifecycle_main_scope_new ();
      g_object_set_qdata_full (G_OBJECT (self), lifecycle_scope_quark (), ls,
                               lifecycle_scope_release);
      created = TRUE;
    }
  G_UNLOCK (lifecycle_scopes);

  if (!created)
    return ls->scope;

  /* A best-effort look from the calling thread, as in androidx, so that a
   * scope of a destroyed lifecycle is never handed out active. */
  if (rill_lifecycle_get_current_state (self) == RILL_LIFECYCLE_STATE_DESTROYED)
    rill_scope_cancel (ls->scope);

  if (rill_dispatcher_is_main_thread ())
    lifecycle_scope_register (self, ls);
  else
    {
      Registration *reg = g_new0 (Registration, 1);
      g_autoptr(RillJob) job = NULL;

      g_weak_ref_init (&reg->lifecycle, self);
      reg->ls = lifecycle_scope_ref (ls);
      job = rill_launch (ls->scope, NULL, registration_body, reg, registration_free);
    }

  return ls->scope;
}

/**
 * rill_lifecycle_owner_get_scope:
 * @self: a lifecycle owner
 *
 * Returns the scope of the owner's lifecycle, androidx's
 * `LifecycleOwner.lifecycleScope`; see [method@Lifecycle.get_scope].
 *
 * Returns: (transfer none): the scope, owned by the owner's lifecycle
 */
RillScope *
rill_lifecycle_owner_get_scope (RillLifecycleOwner *self)
{
  RillLifecycle *lifecycle;

  g_return_val_if_fail (RILL_IS_LIFECYCLE_OWNER (self), NULL);

  lifecycle = rill_lifecycle_owner_get_lifecycle (self);
  g_return_val_if_fail (lifecycle != NULL, NULL);

  return rill_lifecycle_get_scope (lifecycle);
}

typedef struct
{
  GWeakRef           lifecycle;
  RillLifecycleState state;
  RillBlock          block;
  gpointer           user_data;
  GDestroyNotify     destroy;
} LaunchWhen;

static void
launch_when_free (gpointer data)
{
  LaunchWhen *lw = data;

  g_weak_ref_clear (&lw->lifecycle);
  if (lw->destroy != NULL)
    lw->destroy (lw->user_data);
  g_free (lw);
}

static void
launch_when_body (RillScope *scope,
                  gpointer   user_data)
{
  LaunchWhen *lw = user_data;

  /* The coroutine ends cancelled, as a launch that the CancellationException
   * of whenStateAtLeast leaves does in kotlinx. */
  if (!rill_lifecycle_when_state_at_least_weak (&lw->lifecycle, lw->state, lw->block, lw->user_data))
    rill_job_cancel (rill_get_job ());
}

static RillJob *
launch_when (RillLifecycle      *self,
             RillLifecycleState  state,
             RillBlock           block,
             gpointer            user_data,
             GDestroyNotify      destroy)
{
  LaunchWhen *lw = g_new0 (LaunchWhen, 1);

  /* Held weakly: the coroutine must not keep alive the lifecycle whose
   * finalization cancels it. */
  g_weak_ref_init (&lw->lifecycle, self);
  lw->state = state;
  lw->block = block;
  lw->user_data = user_data;
  lw->destroy = destroy;
  return rill_launch (rill_lifecycle_get_scope (self), NULL, launch_when_body, lw, launch_when_free);
}

/**
 * rill_lifecycle_launch_when_created:
 * @self: a lifecycle
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data once the coroutine is done
 *
 * Launches a coroutine in the scope of @self ([method@Lifecycle.get_scope])
 * that runs @block with [method@Lifecycle.when_created], androidx's
 * `LifecycleCoroutineScope.launchWhenCreated`.
 *
 * androidx deprecated the `launchWhen` functions: a paused block keeps its
 * resources while the lifecycle is below the state. Prefer
 * [func@Rill.repeat_on_lifecycle], which cancels the block instead.
 *
 * Returns: (transfer full): the job of the coroutine; it ends cancelled when
 *   @self is destroyed before @block returns
 */
RillJob *
rill_lifecycle_launch_when_created (RillLifecycle  *self,
                                    RillBlock       block,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  return launch_when (self, RILL_LIFECYCLE_STATE_CREATED, block, user_data, destroy);
}

/**
 * rill_lifecycle_launch_when_started:
 * @self: a lifecycle
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data once the coroutine is done
 *
 * Launches a coroutine in the scope of @self that runs @block with
 * [method@Lifecycle.when_started], androidx's
 * `LifecycleCoroutineScope.launchWhenStarted`. See
 * [method@Lifecycle.launch_when_created] about its deprecation in androidx.
 *
 * Returns: (transfer full): the job of the coroutine; it ends cancelled when
 *   @self is destroyed before @block returns
 */
RillJob *
rill_lifecycle_launch_when_started (RillLifecycle  *self,
                                    RillBlock       block,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  return launch_when (self, RILL_LIFECYCLE_STATE_STARTED, block, user_data, destroy);
}

/**
 * rill_lifecycle_launch_when_resumed:
 * @self: a lifecycle
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data once the coroutine is done
 *
 * Launches a coroutine in the scope of @self that runs @block with
 * [method@Lifecycle.when_resumed], androidx's
 * `LifecycleCoroutineScope.launchWhenResumed`. See
 * [method@Lifecycle.launch_when_created] about its deprecation in androidx.
 *
 * Returns: (transfer full): the job of the coroutine; it ends cancelled when
 *   @self is destroyed before @block returns
 */
RillJob *
rill_lifecycle_launch_when_resumed (RillLifecycle  *self,
                                    RillBlock       block,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  return launch_when (self, RILL_LIFECYCLE_STATE_RESUMED, block, user_data, destroy);
}
