/* rill-view-model-provider.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-view-model-provider.h"
#include "rill-view-model-store.h"

/**
 * rill_view_model_provider_get_default_key:
 * @type: a type of view model
 *
 * Returns the key under which [func@Rill.ViewModel.provider_get] keeps a
 * view model of @type when it is given no key: the type's name after a
 * prefix, as androidx's `ViewModelProvider` uses the class's name.
 *
 * Returns: (transfer full): the key
 */
char *
rill_view_model_provider_get_default_key (GType type)
{
  g_return_val_if_fail (g_type_is_a (type, RILL_TYPE_VIEW_MODEL), NULL);

  return g_strconcat ("RillViewModelProvider.DefaultKey:", g_type_name (type), NULL);
}

static RillViewModel *
create_with_g_object_new (GType       type,
                          const char *key,
                          gpointer    user_data)
{
  return g_object_new (type, NULL);
}

/**
 * rill_view_model_provider_get_with_factory:
 * @owner: the owner of the store that keeps the view model
 * @type: a type derived from [class@ViewModel]
 * @key: (nullable): the key, or %NULL for
 *   [func@Rill.ViewModel.provider_get_default_key]
 * @factory: (scope call) (closure user_data): creates the view model when
 *   the store has none of @type under @key
 * @user_data: data for @factory
 *
 * As [func@Rill.ViewModel.provider_get], with @factory creating the view
 * model, androidx's `ViewModelProvider(owner, factory).get(key, class)`.
 * A factory that returns %NULL or an object that is not of @type is
 * refused with a critical, and nothing is stored.
 *
 * Returns: (transfer none) (nullable): the view model, owned by the store;
 *   %NULL on a refused call
 */
RillViewModel *
rill_view_model_provider_get_with_factory (RillViewModelStoreOwner *owner,
                                           GType                    type,
                                           const char              *key,
                                           RillViewModelFactory     factory,
                                           gpointer                 user_data)
{
  RillViewModelStore *store;
  RillViewModel *existing;
  g_autoptr(RillViewModel) created = NULL;
  g_autofree char *default_key = NULL;

  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE_OWNER (owner), NULL);
  g_return_val_if_fail (factory != NULL, NULL);
  if (!g_type_is_a (type, RILL_TYPE_VIEW_MODEL))
    {
      g_critical ("rill_view_model_provider_get: %s is not a RillViewModel type",
                  type != G_TYPE_INVALID ? g_type_name (type) : "(invalid)");
      return NULL;
    }

  store = rill_view_model_store_owner_get_view_model_store (owner);
  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE (store), NULL);

  if (key == NULL)
    key = default_key = rill_view_model_provider_get_default_key (type);

  existing = rill_view_model_store_get (store, key);
  if (existing != NULL && g_type_is_a (G_OBJECT_TYPE (existing), type))
    return existing;

  created = factory (type, key, user_data);
  if (created == NULL || !g_type_is_a (G_OBJECT_TYPE (created), type))
    {
      g_critical ("rill_view_model_provider_get: the factory returned %s, not a %s",
                  created != NULL ? G_OBJECT_TYPE_NAME (created) : "NULL", g_type_name (type));
      return NULL;
    }

  /* A view model of another type under the key is replaced, and cleared. */
  rill_view_model_store_put (store, key, created);
  return created;
}

/**
 * rill_view_model_provider_get:
 * @owner: the owner of the store that keeps the view model
 * @type: a type derived from [class@ViewModel]
 * @key: (nullable): the key, or %NULL for
 *   [func@Rill.ViewModel.provider_get_default_key]
 *
 * Returns the view model of @type kept under @key in the owner's store,
 * creating it with g_object_new() and putting it there when there is none,
 * androidx's `ViewModelProvider(owner).get(key, class)`: every call with the
 * same key gets the same instance until the store is cleared; different keys
 * get different instances. A view model of another type under @key is
 * replaced by a new one, and cleared.
 *
 * A @type that does not derive from [class@ViewModel], or an abstract one,
 * is refused with a critical.
 *
 * Returns: (transfer none) (nullable): the view model, owned by the store;
 *   %NULL on a refused call
 */
RillViewModel *
rill_view_model_provider_get (RillViewModelStoreOwner *owner,
                              GType                    type,
                              const char              *key)
{
  g_return_val_if_fail (RILL_IS_VIEW_MODEL_STORE_OWNER (owner), NULL);

  if (g_type_is_a (type, RILL_TYPE_VIEW_MODEL) && G_TYPE_IS_ABSTRACT (type))
    {
      g_critical ("rill_view_model_provider_get: %s is abstract; give a type derived from it",
                  g_type_name (type));
      return NULL;
    }
  return rill_view_model_provider_get_with_factory (owner, type, key, create_with_g_object_new, NULL);
}
