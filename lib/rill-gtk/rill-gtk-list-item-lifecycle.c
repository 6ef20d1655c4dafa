/* rill-gtk-list-item-lifecycle.c: one lifecycle per binding of a list row
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GtkListView and GtkGridView recycle their rows: the same GtkListItem and
 * child widget show one item, then another. A lifecycle that followed the
 * row would outlive the binding, and work started for one item could update
 * the row once it shows another. So each binding gets a lifecycle of its
 * own, which follows the row's child widget while the binding lasts and is
 * DESTROYED when the list item moves to another item, or when the list item
 * goes. GTK 4.8 runs the factory's "unbind" and "bind" before it notifies
 * the list item's new item, so a binding also ends when the lifecycle is
 * asked for by the next "bind".
 */

#include "config.h"

#include "rill-gtk-list-item-lifecycle.h"
#include "rill-gtk-widget-lifecycle.h"

typedef struct
{
  GtkListItem *list_item;          /* not a reference: we live in its data */
  RillLifecycleRegistry *registry;
  gpointer item;                   /* the bound item, compared only */
  GtkWidget *child;                /* followed while the binding lasts */
  guint child_observer;
  gulong item_handler;
  gulong child_handler;
} Binding;

static GQuark
binding_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-gtk-list-item-binding");
  return quark;
}

static void
follow_child (Binding *self)
{
  RillLifecycleState state = RILL_LIFECYCLE_STATE_CREATED;

  if (self->child != NULL)
    state = MAX (state, rill_lifecycle_get_current_state (rill_gtk_widget_get_lifecycle (self->child)));
  rill_lifecycle_registry_set_current_state (self->registry, state);
}

static void
child_event (RillLifecycle      *lifecycle,
             RillLifecycleEvent  event,
             gpointer            user_data)
{
  Binding *self = user_data;

  if (event == RILL_LIFECYCLE_EVENT_ON_DESTROY)
    {
      /* The child's registry drops this observer itself. */
      self->child_observer = 0;
      self->child = NULL;
    }
  follow_child (self);
}

static void
unfollow_child (Binding *self)
{
  if (self->child != NULL && self->child_observer != 0)
    rill_lifecycle_remove_observer (rill_gtk_widget_get_lifecycle (self->child), self->child_observer);
  self->child_observer = 0;
  self->child = NULL;
}

static void
set_child (Binding   *self,
           GtkWidget *child)
{
  unfollow_child (self);
  if (child != NULL)
    {
      self->child = child;
      self->child_observer = rill_lifecycle_add_observer (rill_gtk_widget_get_lifecycle (child),
                                                          child_event, self, NULL);
    }
  follow_child (self);
}

/* Ends the binding: its lifecycle is destroyed and forgotten by the list
 * item, so the next binding gets a new one. */
static void
end_binding (GtkListItem *list_item)
{
  g_object_set_qdata (G_OBJECT (list_item), binding_quark (), NULL);
}

static void
item_changed (GtkListItem *list_item,
              GParamSpec  *pspec,
              Binding     *self)
{
  if (gtk_list_item_get_item (list_item) != self->item)
    end_binding (list_item);
}

static void
child_changed (GtkListItem *list_item,
               GParamSpec  *pspec,
               Binding     *self)
{
  set_child (self, gtk_list_item_get_child (list_item));
}

static void
binding_free (gpointer data)
{
  Binding *self = data;

  g_clear_signal_handler (&self->item_handler, self->list_item);
  g_clear_signal_handler (&self->child_handler, self->list_item);
  unfollow_child (self);
  if (rill_lifecycle_get_current_state (RILL_LIFECYCLE (self->registry)) != RILL_LIFECYCLE_STATE_DESTROYED)
    rill_lifecycle_registry_set_current_state (self->registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_clear_object (&self->registry);
  g_free (self);
}

/**
 * rill_gtk_list_item_get_lifecycle:
 * @list_item: a list item, in a #GtkSignalListItemFactory's "bind" handler
 *
 * Returns the lifecycle of the current binding of @list_item, made on first
 * use. Call it in the factory's "bind" handler, and use its scope and
 * observations for what the row shows of its item: while the row shows the
 * item, the lifecycle follows the row's child widget (STARTED while it is on
 * screen, RESUMED while its window is also active, CREATED otherwise); once
 * the row is unbound (the list item moves to another item or to none) or
 * goes, the lifecycle is DESTROYED. Whatever the binding started then ends by
 * itself, and can never update the row while it shows another item.
 *
 * Returns: (transfer none): the binding's lifecycle
 */
RillLifecycle *
rill_gtk_list_item_get_lifecycle (GtkListItem *list_item)
{
  Binding *self;

  g_return_val_if_fail (GTK_IS_LIST_ITEM (list_item), NULL);

  self = g_object_get_qdata (G_OBJECT (list_item), binding_quark ());
  if (self != NULL && self->item == gtk_list_item_get_item (list_item))
    return RILL_LIFECYCLE (self->registry);
  /* GTK rebinds a row before it notifies its new item: the binding found
   * here is the previous one, which ends now. */
  if (self != NULL)
    end_binding (list_item);

  self = g_new0 (Binding, 1);
  self->list_item = list_item;
  self->registry = rill_lifecycle_registry_new (list_item);
  self->item = gtk_list_item_get_item (list_item);
  g_object_set_qdata_full (G_OBJECT (list_item), binding_quark (), self, binding_free);

  self->item_handler = g_signal_connect (list_item, "notify::item", G_CALLBACK (item_changed), self);
  self->child_handler = g_signal_connect (list_item, "notify::child", G_CALLBACK (child_changed), self);
  rill_lifecycle_registry_set_current_state (self->registry, RILL_LIFECYCLE_STATE_CREATED);
  set_child (self, gtk_list_item_get_child (list_item));

  return RILL_LIFECYCLE (self->registry);
}

/**
 * rill_gtk_list_item_get_scope:
 * @list_item: a list item, in a #GtkSignalListItemFactory's "bind" handler
 *
 * Returns the scope of the current binding's lifecycle
 * ([func@list_item_get_lifecycle]): it is cancelled when the row is unbound.
 *
 * Returns: (transfer none): the binding's scope
 */
RillScope *
rill_gtk_list_item_get_scope (GtkListItem *list_item)
{
  g_return_val_if_fail (GTK_IS_LIST_ITEM (list_item), NULL);

  return rill_lifecycle_get_scope (rill_gtk_list_item_get_lifecycle (list_item));
}
