/* rill-gtk-view-model.c: view models that live as long as their window
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A window plays the part of an Android activity: it owns the store, so a
 * model outlives the pages and widgets that use it (a stack page switched
 * away and back finds the same model) and is cleared once, when the window
 * is destroyed.
 */

#include "config.h"

#include "rill-gtk-view-model.h"

static GQuark
store_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-gtk-view-model-store");
  return quark;
}

static void
window_destroyed (GtkWindow          *window,
                  RillViewModelStore *store)
{
  /* After the window's children are destroyed: nothing uses a model any
   * more. The store itself goes with the window's data. */
  rill_view_model_store_clear (store);
}

/**
 * rill_gtk_window_get_view_model_store:
 * @window: a window
 *
 * Returns the view model store of @window, made on first use. Every model
 * in it is cleared once, when the window is destroyed.
 *
 * Returns: (transfer none): the window's store
 */
RillViewModelStore *
rill_gtk_window_get_view_model_store (GtkWindow *window)
{
  RillViewModelStore *store;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  store = g_object_get_qdata (G_OBJECT (window), store_quark ());
  if (store != NULL)
    return store;

  store = rill_view_model_store_new ();
  g_object_set_qdata_full (G_OBJECT (window), store_quark (), store, g_object_unref);
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_destroyed), store, 0);
  return store;
}

/**
 * rill_gtk_widget_get_view_model:
 * @widget: a widget in a window
 * @type: a subtype of [class@Rill.ViewModel]
 * @key: (nullable): the key of the model; %NULL for one derived from @type
 *
 * Returns the model of @type under @key in the store of @widget's window,
 * creating it with g_object_new() the first time, as
 * [func@Rill.ViewModel.provider_get] does. @widget must be in a window
 * (a widget not yet added to one has none): otherwise this is a critical
 * and %NULL is returned.
 *
 * Returns: (transfer none) (nullable): the model, owned by the window's store
 */
RillViewModel *
rill_gtk_widget_get_view_model (GtkWidget  *widget,
                                GType       type,
                                const char *key)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (g_type_is_a (type, RILL_TYPE_VIEW_MODEL), NULL);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    {
      g_critical ("rill_gtk_widget_get_view_model: %s %p is not in a window, "
                  "whose store would hold the model", G_OBJECT_TYPE_NAME (widget), widget);
      return NULL;
    }

  return rill_view_model_provider_get (RILL_VIEW_MODEL_STORE_OWNER (rill_gtk_window_get_view_model_store (GTK_WINDOW (root))),
                                       type, key);
}
