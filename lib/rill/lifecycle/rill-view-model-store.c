/* rill-view-model-store.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-view-model-private.h"
#include "rill-view-model-store.h"

/**
 * RillViewModelStore:
 *
 * The view models of a [iface@ViewModelStoreOwner], by key, androidx's
 * `ViewModelStore`.
 *
 * The store holds a reference to each of its view models. Replacing one
 * ([method@ViewModelStore.put] under a key that is taken) clears the old
 * one, and [method@ViewModelStore.clear] clears them all, once each, and
 * empties the store: the owner calls it when it goes away for good.
 *
 * A store is also a [iface@ViewModelStoreOwner] whose store is itself. Use
 * it from one thread, normally the main thread.
 */

typedef struct
{
  char          *key;
  RillViewModel *view_model;
} Entry;

struct _RillViewModelStore
{
  GObject parent_instance;

  GPtrArray  *entries;   /* of Entry, in the order the keys were added */
  GHashTable *by_key;    /* key -> Entry */
};

static void rill_view_model_store_owner_iface_init (RillViewModelStoreOwnerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RillViewModelStore, rill_view_model_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_VIEW_MODEL_STORE_OWNER,
                                                      rill_view_model_store_owner_iface_init))

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_clear_object (&entry->view_model);
  g_free (entry);
}

static RillViewModelStore *
get_store_of_itself (RillViewModelStoreOwner *owner)
{
  return RILL_VIEW_MODEL_STORE (owner);
}

static void
rill_view_model_store_owner_iface_init (RillViewModelStoreOwnerInterface *iface)
{
  iface->get_view_model_store = get_store_of_itself;
}

static void
rill_view_model_store_dispose (GObject *object)
{
  RillViewModelStore *self = RILL_VIEW_MODEL_STORE (object);

  /* Not cleared: the view models are only released (they close what they
   * hold when they are finalized). */
  g_hash_table_remove_all (self->by_key);
  g_ptr_array_set_size (self->entries, 0);

  G_OBJECT_CLASS (rill_view_model_store_parent_class)->dispose (object);
}

static void
rill_view_model_store_finalize (GObject *object)
{
  RillViewModelStore *self = RILL_VIEW_MODEL_STORE (object);

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (rill_view_model_store_parent_class)->finalize (object);
}

static void
rill_view_model_store_class_init (RillViewModelStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_view_model_store_dispose;
  object_class->finalize = rill_view_model_store_finalize;
}

static void
rill_view_model_store_init (RillViewModelStore *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * rill_view_model_store_new:
 *
 * Creates an empty store.
 *
 * Returns: (transfer full): a new store
 */
RillViewModelStore *
rill_view_model_store_new (void)
{
  return g_object_new (RILL_TYPE_VIEW_MODEL_STORE, NULL);
}

/**
 * rill_view_model_store_put:
 * @self: a store
 * @key: the key
 * @view_model: the view model to keep under @key
 *
 * Keeps @view_model under @key; the store takes a reference. A view model
 * that was under @key is cleared and released, as in androidx; putting the
 * one that is there already does nothing.
 */
void
rill_view_model_store_put (RillViewModelStore *self,
                           const char         *key,
                           RillViewModel      *view_model)
{
  Entry *entry;
  RillViewModel *old;

  g_return_if_fail (RILL_IS_VIEW_MODEL_STORE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (RILL_IS_VIEW_MODEL (view_model));

  entry = g_hash_table_lookup (self->by_key, key);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->key = g_strdup (key);
      entry->view_model = g_object_ref (view_model);
      g_ptr_array_add (self->entries, entry);
      g_hash_table_insert (self->by_key, entry->key, entry);
      return;
    }
  if (entry->view_model == view_model)
    return;

  old = entry->view_model;
  entry->view_model = g_object_ref (view_model);
  /* Cleared once it is no longer in the store, which its on_cleared may
   * look at. */
  rill_view_model_clear (old);
  g_object_unref (old);
}

/**
 * rill_view_model_store_get:
 * @self: a store
 * @key: the key
 *
 * Returns the view model under @key.
 *
 * Returns: (transfer none) (nullable): the view model, or %NULL
 */
RillViewModel *
rill_view_model_store_get (RillViewModelStore *self,
                           const char         *key)
{
  Entry *entry;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = g_hash_table_lookup (self->by_key, key);
  return entry != NULL ? entry->view_model : NULL;
}

/**
 * rill_view_model_store_get_keys:
 * @self: a store
 *
 * Returns the keys of the view models in the store, in the order they were
 * first put.
 *
 * Returns: (transfer full) (array zero-terminated=1): the keys
 */
char **
rill_view_model_store_get_keys (RillViewModelStore *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->entries->len; i++)
    g_strv_builder_add (builder, ((Entry *) self->entries->pdata[i])->key);
  return g_strv_builder_end (builder);
}

/**
 * rill_view_model_store_clear:
 * @self: a store
 *
 * Clears every view model of the store, once each and in the order they
 * were put, then releases them: the store is empty afterwards. A view model
 * put while they are being cleared (from an `on_cleared`) stays.
 */
void
rill_view_model_store_clear (RillViewModelStore *self)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_if_fail (RILL_IS_VIEW_MODEL_STORE (self));

  g_object_ref (self);
  entries = g_steal_pointer (&self->entries);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  g_hash_table_remove_all (self->by_key);

  for (guint i = 0; i < entries->len; i++)
    rill_view_model_clear (((Entry *) entries->pdata[i])->view_model);
  g_object_unref (self);
}
