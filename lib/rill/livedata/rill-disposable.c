/* rill-disposable.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-disposable.h"

/**
 * RillDisposable:
 *
 * A handle on something that can be let go of once, kotlinx's
 * `DisposableHandle`. [method@LiveDataScope.emit_source] returns one that
 * removes the emitted source.
 *
 * [method@Disposable.dispose] may be called any number of times, from any
 * thread: the first call does the work, the others do nothing. Dropping the
 * last reference does not dispose.
 */

struct _RillDisposable
{
  gint            ref_count;   /* atomic */
  gint            disposed;    /* atomic */
  RillDisposeFunc func;
  gpointer        user_data;
  GDestroyNotify  destroy;
};

G_DEFINE_BOXED_TYPE (RillDisposable, rill_disposable, rill_disposable_ref, rill_disposable_unref)

/**
 * rill_disposable_new:
 * @func: (scope notified) (closure user_data) (destroy destroy): what
 *   disposing does
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the handle is freed
 *
 * Creates a handle whose first [method@Disposable.dispose] calls @func.
 *
 * Returns: (transfer full): a new handle
 */
RillDisposable *
rill_disposable_new (RillDisposeFunc func,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  RillDisposable *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (RillDisposable, 1);
  self->ref_count = 1;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

/**
 * rill_disposable_ref:
 * @self: a handle
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillDisposable *
rill_disposable_ref (RillDisposable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_disposable_unref:
 * @self: (transfer full): a handle
 *
 * Drops a reference on @self. The last one frees it without disposing it.
 */
void
rill_disposable_unref (RillDisposable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_free (self);
}

/**
 * rill_disposable_dispose:
 * @self: a handle
 *
 * Disposes of what @self stands for. Only the first call, from whatever
 * thread, does anything.
 */
void
rill_disposable_dispose (RillDisposable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_compare_and_exchange (&self->disposed, 0, 1))
    return;
  self->func (self->user_data);
}

/**
 * rill_disposable_is_disposed:
 * @self: a handle
 *
 * Whether [method@Disposable.dispose] was called.
 *
 * Returns: %TRUE once @self was disposed
 */
gboolean
rill_disposable_is_disposed (RillDisposable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->disposed) != 0;
}
