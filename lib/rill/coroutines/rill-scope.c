/* rill-scope.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillScope:
 *
 * Where coroutines are launched, kotlinx's `CoroutineScope`: a context whose
 * job becomes the parent of every coroutine launched in it, so that
 * cancelling the scope cancels them all.
 *
 * The scope given to a coroutine's block is that coroutine's own: what the
 * block launches in it are its children. An object with a life cycle owns a
 * scope made with [ctor@Rill.Scope.new] or [func@Rill.main_scope_new] and
 * cancels it when it is destroyed.
 */

#include "config.h"

#include "rill-coroutine-private.h"
#include "rill-scope-private.h"

G_DEFINE_BOXED_TYPE (RillScope, rill_scope, rill_scope_ref, rill_scope_unref)

void
rill_scope_init_embedded (RillScope   *scope,
                          RillJob     *owner,
                          RillContext *context)
{
  scope->ref_count = 0;
  scope->owner = owner;
  scope->context = context;
  scope->job = owner;
}

static RillScope *
scope_new_take (RillContext *context,
                RillJob     *job)
{
  RillScope *self = g_new0 (RillScope, 1);

  self->ref_count = 1;
  self->context = context;
  self->job = job;
  return self;
}

/**
 * rill_scope_new:
 * @context: (nullable): the context of the scope
 *
 * kotlinx's `CoroutineScope(context)`: a scope with the elements of @context,
 * and a new [struct@Rill.Job] when @context has none.
 *
 * Returns: (transfer full): a new scope
 */
RillScope *
rill_scope_new (RillContext *context)
{
  RillJob *job;

  if (context == NULL)
    context = rill_context_empty ();
  job = context->job != NULL ? rill_job_ref (context->job) : rill_job_new (NULL);
  return scope_new_take (rill_context_ref (context), job);
}

/**
 * rill_main_scope_new:
 *
 * kotlinx's `MainScope()`: a scope with a supervisor job and the main
 * dispatcher, for objects of the user interface.
 *
 * Returns: (transfer full): a new scope
 */
RillScope *
rill_main_scope_new (void)
{
  return scope_new_take (rill_context_ref (rill_context_main ()), rill_supervisor_job_new (NULL));
}

/**
 * rill_global_scope:
 *
 * kotlinx's `GlobalScope`: coroutines launched in it have no parent and run on
 * [func@Rill.Dispatcher.default] unless their context says otherwise.
 *
 * Returns: (transfer none): the global scope
 */
RillScope *
rill_global_scope (void)
{
  static RillScope global = { 0, NULL, NULL, NULL };

  if (global.context == NULL)
    global.context = rill_context_empty ();
  return &global;
}

/**
 * rill_scope_ref:
 * @self: a scope
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillScope *
rill_scope_ref (RillScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->owner != NULL)
    rill_job_ref (self->owner);
  else if (self->ref_count != 0)
    g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_scope_unref:
 * @self: (transfer full): a scope
 *
 * Drops a reference on @self.
 */
void
rill_scope_unref (RillScope *self)
{
  g_return_if_fail (self != NULL);

  if (self->owner != NULL)
    rill_job_unref (self->owner);
  else if (self->ref_count != 0 && g_atomic_int_dec_and_test (&self->ref_count))
    {
      rill_context_unref (self->context);
      if (self->job != NULL)
        rill_job_unref (self->job);
      g_free (self);
    }
}

/**
 * rill_scope_get_job:
 * @self: a scope
 *
 * The job of @self: the parent of the coroutines launched in it.
 *
 * Returns: (transfer none) (nullable): the job of @self; %NULL for the global scope
 */
RillJob *
rill_scope_get_job (RillScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->job;
}

/**
 * rill_scope_get_context:
 * @self: a scope
 *
 * The context of @self, kotlinx's `CoroutineScope.coroutineContext`.
 *
 * Returns: (transfer full): the context of @self, its job included
 */
RillContext *
rill_scope_get_context (RillScope *self)
{
  RillContext *job_ctx, *ret;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->job == NULL)
    return rill_context_ref (self->context);
  job_ctx = rill_context_new_for_job (self->job);
  ret = rill_context_plus (self->context, job_ctx);
  rill_context_unref (job_ctx);
  return ret;
}

/**
 * rill_scope_cancel:
 * @self: a scope
 *
 * Cancels the job of @self and so every coroutine launched in it. The global
 * scope cannot be cancelled.
 */
void
rill_scope_cancel (RillScope *self)
{
  g_return_if_fail (self != NULL);

  if (self->job == NULL)
    {
      g_critical ("rill_scope_cancel: the global scope has no job and cannot be cancelled");
      return;
    }
  rill_job_cancel (self->job);
}

/**
 * rill_scope_is_active:
 * @self: a scope
 *
 * kotlinx's `CoroutineScope.isActive`.
 *
 * Returns: %TRUE while the job of @self is active (always for the global scope)
 */
gboolean
rill_scope_is_active (RillScope *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->job == NULL || rill_job_is_active (self->job);
}

static RillCoroutine *
new_coroutine (RillScope          *scope,
               RillContext        *context,
               RillCoroutineKind   kind,
               RillCoroutineStart  start,
               gpointer            block,
               gpointer            user_data,
               GDestroyNotify      destroy,
               gpointer            launch_site)
{
  RillContext *ctx;
  RillJob *parent;
  RillCoroutine *co;

  gboolean borrow;

  parent = context != NULL && context->job != NULL ? context->job : scope->job;
  /* A child launched in its parent coroutine's own scope shares the parent's
   * context: the child keeps the parent, and so the context, alive. */
  borrow = context == NULL && scope->owner != NULL && parent == scope->owner;
  if (borrow)
    ctx = scope->context;
  else if (context == NULL)
    ctx = rill_context_ref (scope->context);
  else
    ctx = rill_context_plus (scope->context, context);
  co = rill_coroutine_new (kind, parent, ctx, borrow, start, block, user_data, destroy);
  if (co->debug != NULL)
    co->debug->launch_site = launch_site;
  return co;
}

/**
 * rill_launch:
 * @scope: the scope to launch in
 * @context: (nullable): elements added to the scope's context
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data once the block is done or will never run
 *
 * kotlinx's `launch`: starts a coroutine that runs @block, a child of the
 * scope's job (or of the job in @context), on the dispatcher of the combined
 * context, [func@Rill.Dispatcher.default] if it has none.
 *
 * Returns: (transfer full): the job of the new coroutine
 */
RillJob *
rill_launch (RillScope      *scope,
             RillContext    *context,
             RillBlock       block,
             gpointer        user_data,
             GDestroyNotify  destroy)
{
  RillCoroutine *co;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  co = new_coroutine (scope, context, RILL_COROUTINE_LAUNCH, RILL_COROUTINE_START_DEFAULT, block, user_data, destroy,
                      __builtin_return_address (0));
  rill_coroutine_start (co, RILL_COROUTINE_START_DEFAULT);
  return &co->job;
}

/**
 * rill_launch_full:
 * @scope: the scope to launch in
 * @context: (nullable): elements added to the scope's context
 * @start: how to start the coroutine
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data
 *
 * As [func@Rill.launch], with kotlinx's `start` argument.
 *
 * Returns: (transfer full): the job of the new coroutine
 */
RillJob *
rill_launch_full (RillScope          *scope,
                  RillContext        *context,
                  RillCoroutineStart  start,
                  RillBlock           block,
                  gpointer            user_data,
                  GDestroyNotify      destroy)
{
  RillCoroutine *co;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  co = new_coroutine (scope, context, RILL_COROUTINE_LAUNCH, start, block, user_data, destroy,
                      __builtin_return_address (0));
  rill_coroutine_start (co, start);
  return &co->job;
}

/**
 * rill_async:
 * @scope: the scope to launch in
 * @context: (nullable): elements added to the scope's context
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data
 *
 * kotlinx's `async`: starts a coroutine that computes a value, awaited with
 * [method@Rill.Deferred.await]. A failure of @block cancels the parent (unless
 * it is a supervisor) and is returned by every await.
 *
 * Returns: (transfer full): the deferred value
 */
RillDeferred *
rill_async (RillScope      *scope,
            RillContext    *context,
            RillAsyncBlock  block,
            gpointer        user_data,
            GDestroyNotify  destroy)
{
  RillCoroutine *co;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  co = new_coroutine (scope, context, RILL_COROUTINE_ASYNC, RILL_COROUTINE_START_DEFAULT, block, user_data, destroy,
                      __builtin_return_address (0));
  rill_coroutine_start (co, RILL_COROUTINE_START_DEFAULT);
  return (RillDeferred *) co;
}

/**
 * rill_async_full:
 * @scope: the scope to launch in
 * @context: (nullable): elements added to the scope's context
 * @start: how to start the coroutine
 * @block: (scope notified) (closure user_data) (destroy destroy): the body
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data
 *
 * As [func@Rill.async], with kotlinx's `start` argument.
 *
 * Returns: (transfer full): the deferred value
 */
RillDeferred *
rill_async_full (RillScope          *scope,
                 RillContext        *context,
                 RillCoroutineStart  start,
                 RillAsyncBlock      block,
                 gpointer            user_data,
                 GDestroyNotify      destroy)
{
  RillCoroutine *co;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  co = new_coroutine (scope, context, RILL_COROUTINE_ASYNC, start, block, user_data, destroy,
                      __builtin_return_address (0));
  rill_coroutine_start (co, start);
  return (RillDeferred *) co;
}
