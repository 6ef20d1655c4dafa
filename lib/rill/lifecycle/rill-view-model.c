/* rill-view-model.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-coroutines-private.h"
#include "rill-view-model-private.h"

/**
 * RillViewModel:
 *
 * The state of a part of the user interface that outlives the widgets that
 * show it, androidx's `ViewModel`.
 *
 * A view model is obtained from a [class@ViewModelStore] through
 * [func@Rill.ViewModel.provider_get], which creates it once per key; the
 * store owns it and clears it when it is replaced or when the store is
 * cleared. Clearing cancels the view model's scope
 * ([method@ViewModel.get_scope]), closes its closeables
 * ([method@ViewModel.add_closeable]) and then calls
 * [vfunc@ViewModel.on_cleared], once.
 *
 * ```c
 * static void
 * my_view_model_constructed (GObject *object)
 * {
 *   G_OBJECT_CLASS (my_view_model_parent_class)->constructed (object);
 *
 *   // Cancelled when the view model is cleared.
 *   g_autoptr(RillJob) job = rill_launch (rill_view_model_get_scope (RILL_VIEW_MODEL (object)),
 *                                         NULL, load_data, object, NULL);
 * }
 * ```
 *
 * The class is abstract: derive from it.
 */

/* Where androidx keeps the scope among the keyed closeables. */
#define SCOPE_KEY "rill.ViewModel.scope"

typedef struct
{
  char           *key;     /* NULL: added without a key */
  gpointer        data;
  GDestroyNotify  close;
} Closeable;

typedef struct
{
  GMutex     lock;
  GPtrArray *keyed;      /* of Closeable, in the order the keys were added */
  GPtrArray *unkeyed;    /* of Closeable, in the order they were added */
  RillScope *scope;
  gboolean   cleared;
} RillViewModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RillViewModel, rill_view_model, G_TYPE_OBJECT)

static void
closeable_free (gpointer data)
{
  Closeable *c = data;

  g_free (c->key);
  g_free (c);
}

static void
closeable_close (Closeable *c)
{
  if (c->close != NULL)
    c->close (c->data);
}

/* Closes, outside the lock, everything there was: a close function may call
 * back into the view model. */
static void
close_all (RillViewModel *self)
{
  RillViewModelPrivate *priv = rill_view_model_get_instance_private (self);
  g_autoptr(GPtrArray) keyed = NULL;
  g_autoptr(GPtrArray) unkeyed = NULL;

  g_mutex_lock (&priv->lock);
  priv->cleared = TRUE;
  keyed = g_steal_pointer (&priv->keyed);
  unkeyed = g_steal_pointer (&priv->unkeyed);
  g_mutex_unlock (&priv->lock);

  for (guint i = 0; keyed != NULL && i < keyed->len; i++)
    closeable_close (keyed->pdata[i]);
  for (guint i = 0; unkeyed != NULL && i < unkeyed->len; i++)
    closeable_close (unkeyed->pdata[i]);
}

void
rill_view_model_clear (RillViewModel *self)
{
  RillViewModelPrivate *priv = rill_view_model_get_instance_private (self);
  RillViewModelClass *klass = RILL_VIEW_MODEL_GET_CLASS (self);
  gboolean cleared;

  g_return_if_fail (RILL_IS_VIEW_MODEL (self));

  g_mutex_lock (&priv->lock);
  cleared = priv->cleared;
  g_mutex_unlock (&priv->lock);
  if (cleared)
    return;

  g_object_ref (self);
  close_all (self);
  if (klass->on_cleared != NULL)
    klass->on_cleared (self);
  g_object_unref (self);
}

static void
rill_view_model_dispose (GObject *object)
{
  RillViewModel *self = RILL_VIEW_MODEL (object);
  RillViewModelPrivate *priv = rill_view_model_get_instance_private (self);
  gboolean cleared;

  /* Never cleared (it was in no store, or the store was finalized without
   * being cleared): what it holds is released all the same, so that its
   * coroutines and resources do not outlive it. on_cleared is for a clear
   * only: the subclass is being torn down already. */
  g_mutex_lock (&priv->lock);
  cleared = priv->cleared;
  g_mutex_unlock (&priv->lock);
  if (!cleared)
    close_all (self);

  G_OBJECT_CLASS (rill_view_model_parent_class)->dispose (object);
}

static void
rill_view_model_finalize (GObject *object)
{
  RillViewModel *self = RILL_VIEW_MODEL (object);
  RillViewModelPrivate *priv = rill_view_model_get_instance_private (self);

  g_clear_pointer (&priv->keyed, g_ptr_array_unref);
  g_clear_pointer (&priv->unkeyed, g_ptr_array_unref);
  g_clear_pointer (&priv->scope, rill_scope_unref);
  g_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (rill_view_model_parent_class)->finalize (object);
}

static void
rill_view_model_class_init (RillViewModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_view_model_dispose;
  object_class->finalize = rill_view_model_finalize;
}

static void
rill_view_model_init (RillViewModel *self)
{
  RillViewModelPrivate *priv = rill_view_model_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->keyed = g_ptr_array_new_with_free_func (closeable_free);
  priv->unkeyed = g_ptr_array_new_with_free_func (closeable_free);
}

static void
scope_close (gpointer data)
{
  rill_scope_cancel (data);
}

/**
 * rill_view_model_get_scope:
 * @self: a view model
 *
 * Returns the coroutine scope of @self, androidx's `viewModelScope`: a
 * scope on [func@Rill.Dispatcher.main_immediate] with a supervisor job,
 * created by the first call, cancelled when @self is cleared.
 *
 * Asked for after @self was cleared, it is a scope that is already
 * cancelled, as in androidx: a coroutine launched in it never runs.
 *
 * Returns: (transfer none): the scope, owned by @self
 */
RillScope *
rill_view_model_get_scope (RillViewModel *self)
{
  RillViewModelPrivate *priv;
  gboolean cancel = FALSE;
  RillScope *scope;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL (self), NULL);

  priv = rill_view_model_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  if (priv->scope == NULL)
    {
      priv->scope = rill_lifecycle_main_scope_new ();
      if (priv->cleared)
        cancel = TRUE;
      else
        {
          Closeable *c = g_new0 (Closeable, 1);

          c->key = g_strdup (SCOPE_KEY);
          c->data = priv->scope;
          c->close = scope_close;
          g_ptr_array_add (priv->keyed, c);
        }
    }
  scope = priv->scope;
  g_mutex_unlock (&priv->lock);

  if (cancel)
    rill_scope_cancel (scope);
  return scope;
}

/**
 * rill_view_model_add_closeable: (skip)
 * @self: a view model
 * @key: (nullable): the key to find @closeable again, or %NULL
 * @closeable: (not nullable): a resource
 * @close: (nullable): what closes and releases @closeable
 *
 * Hands a resource to @self, androidx's `ViewModel.addCloseable`: @close is
 * called on it once, when @self is cleared, before
 * [vfunc@ViewModel.on_cleared]. Resources with a key are closed first, in
 * the order their keys were added, then those without a key, in the order
 * they were added.
 *
 * A resource added under a key that is taken replaces the one there, which
 * is closed at once. A resource without a key that is there already is not
 * added twice. Added after @self was cleared, @closeable is closed at once.
 *
 * @close is what releases the resource too (g_object_unref(), or a function
 * that cancels and frees): once closed, a resource is forgotten.
 */
void
rill_view_model_add_closeable (RillViewModel  *self,
                               const char     *key,
                               gpointer        closeable,
                               GDestroyNotify  close)
{
  RillViewModelPrivate *priv;
  Closeable old = { NULL, NULL, NULL };
  Closeable *c;

  g_return_if_fail (RILL_IS_VIEW_MODEL (self));
  g_return_if_fail (closeable != NULL);

  priv = rill_view_model_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  if (priv->cleared)
    {
      g_mutex_unlock (&priv->lock);
      if (close != NULL)
        close (closeable);
      return;
    }

  if (key != NULL)
    {
      for (guint i = 0; i < priv->keyed->len; i++)
        {
          c = priv->keyed->pdata[i];
          if (!g_str_equal (c->key, key))
            continue;
          /* The same resource again: closing the old one would close it. */
          if (c->data == closeable)
            {
              c->close = close;
              g_mutex_unlock (&priv->lock);
              return;
            }
          old.data = c->data;
          old.close = c->close;
          c->data = closeable;
          c->close = close;
          g_mutex_unlock (&priv->lock);
          closeable_close (&old);
          return;
        }
      c = g_new0 (Closeable, 1);
      c->key = g_strdup (key);
      c->data = closeable;
      c->close = close;
      g_ptr_array_add (priv->keyed, c);
    }
  else
    {
      for (guint i = 0; i < priv->unkeyed->len; i++)
        {
          c = priv->unkeyed->pdata[i];
          if (c->data == closeable)
            {
              g_mutex_unlock (&priv->lock);
              return;
            }
        }
      c = g_new0 (Closeable, 1);
      c->data = closeable;
      c->close = close;
      g_ptr_array_add (priv->unkeyed, c);
    }
  g_mutex_unlock (&priv->lock);
}

/**
 * rill_view_model_get_closeable: (skip)
 * @self: a view model
 * @key: the key given to [method@ViewModel.add_closeable]
 *
 * Returns the resource added under @key, androidx's
 * `ViewModel.getCloseable`.
 *
 * Returns: (transfer none) (nullable): the resource, or %NULL when there is
 *   none under @key or @self was cleared (its resources are closed and
 *   released by then)
 */
gpointer
rill_view_model_get_closeable (RillViewModel *self,
                               const char    *key)
{
  RillViewModelPrivate *priv;
  gpointer data = NULL;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  priv = rill_view_model_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  for (guint i = 0; priv->keyed != NULL && i < priv->keyed->len; i++)
    {
      Closeable *c = priv->keyed->pdata[i];

      if (g_str_equal (c->key, key))
        {
          data = c->data;
          break;
        }
    }
  g_mutex_unlock (&priv->lock);
  return data;
}
