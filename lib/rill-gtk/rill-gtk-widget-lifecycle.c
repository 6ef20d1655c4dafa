/* rill-gtk-widget-lifecycle.c: a widget as a lifecycle owner
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A widget's lifecycle is derived from what GTK tells about it, without
 * subclassing (GTK 4.8's behaviour, as measured, is in GTK-4.8-FACTS.md):
 *
 *   destroyed                                    DESTROYED
 *   not mapped, or its window minimized          CREATED
 *   mapped, its window active                    RESUMED
 *   mapped otherwise                             STARTED
 *
 * GtkWidget has no "mapped" property in 4.8, so the map and unmap signals
 * are followed. A minimized window stays mapped: its GdkToplevel's state is
 * watched for MINIMIZED. The window's "is-active" tells about focus; the
 * toplevel's FOCUSED state is not reliable. Each widget ends its lifecycle
 * in its own "destroy": the window's would come after its children are
 * finalized.
 */

#include "config.h"

#include "rill-gtk-widget-lifecycle.h"

typedef struct
{
  GtkWidget *widget;               /* not a reference: we live in its data */
  RillLifecycleRegistry *registry;

  /* Watched while the widget is mapped. */
  GtkWindow *window;
  GdkToplevel *toplevel;
  gulong active_handler;
  gulong state_handler;

  gboolean mapped;
  gboolean destroyed;
} WidgetLifecycle;

static GQuark
widget_lifecycle_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-gtk-widget-lifecycle");
  return quark;
}

static RillLifecycleState
compute_state (WidgetLifecycle *self)
{
  if (self->destroyed)
    return RILL_LIFECYCLE_STATE_DESTROYED;
  if (!self->mapped)
    return RILL_LIFECYCLE_STATE_CREATED;
  if (self->toplevel != NULL &&
      (gdk_toplevel_get_state (self->toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0)
    return RILL_LIFECYCLE_STATE_CREATED;
  if (self->window != NULL && gtk_window_is_active (self->window))
    return RILL_LIFECYCLE_STATE_RESUMED;
  return RILL_LIFECYCLE_STATE_STARTED;
}

static void
update (WidgetLifecycle *self)
{
  rill_lifecycle_registry_set_current_state (self->registry, compute_state (self));
}

static void
window_changed (GObject         *object,
                GParamSpec      *pspec,
                WidgetLifecycle *self)
{
  update (self);
}

static void
detach_window (WidgetLifecycle *self)
{
  if (self->toplevel != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->toplevel);
      g_clear_object (&self->toplevel);
    }
  if (self->window != NULL)
    {
      g_clear_signal_handler (&self->active_handler, self->window);
      g_clear_object (&self->window);
    }
}

static void
attach_window (WidgetLifecycle *self)
{
  GtkRoot *root = gtk_widget_get_root (self->widget);
  GdkSurface *surface;

  detach_window (self);
  if (!GTK_IS_WINDOW (root))
    return;

  self->window = g_object_ref (GTK_WINDOW (root));
  self->active_handler = g_signal_connect (self->window, "notify::is-active",
                                           G_CALLBACK (window_changed), self);

  /* A mapped window is realized: its surface is there, and stays until the
   * window is unrealized, which unmaps this widget first. */
  surface = gtk_native_get_surface (GTK_NATIVE (root));
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->toplevel = g_object_ref (GDK_TOPLEVEL (surface));
      self->state_handler = g_signal_connect (self->toplevel, "notify::state",
                                              G_CALLBACK (window_changed), self);
    }
}

static void
widget_mapped (GtkWidget       *widget,
               WidgetLifecycle *self)
{
  self->mapped = TRUE;
  attach_window (self);
  update (self);
}

static void
widget_unmapped (GtkWidget       *widget,
                 WidgetLifecycle *self)
{
  self->mapped = FALSE;
  detach_window (self);
  update (self);
}

static void
widget_destroyed (GtkWidget       *widget,
                  WidgetLifecycle *self)
{
  if (self->destroyed)
    return;
  self->destroyed = TRUE;
  self->mapped = FALSE;
  detach_window (self);
  /* Cancels the lifecycle's scope and drops every observer, LiveData's
   * observations among them. */
  update (self);
}

static void
widget_lifecycle_free (gpointer data)
{
  WidgetLifecycle *self = data;

  detach_window (self);
  g_clear_object (&self->registry);
  g_free (self);
}

/**
 * rill_gtk_widget_get_lifecycle:
 * @widget: a widget
 *
 * Returns the lifecycle of @widget, made on first use, without subclassing:
 *
 * - %RILL_LIFECYCLE_STATE_CREATED from when it is obtained, and whenever the
 *   widget is not mapped (hidden, its stack page switched away, its window
 *   hidden) or its window is minimized;
 * - %RILL_LIFECYCLE_STATE_STARTED while it is mapped (shown on screen);
 * - %RILL_LIFECYCLE_STATE_RESUMED while it is mapped and its window is the
 *   active one;
 * - %RILL_LIFECYCLE_STATE_DESTROYED when it is destroyed: the lifecycle's
 *   scope is cancelled and every observer is removed.
 *
 * Obtained for a widget that is already mapped, it starts at the state the
 * widget is in. The lifecycle goes with the widget: it is released when the
 * widget is finalized. It must be used on the thread that runs GTK.
 *
 * Returns: (transfer none): the widget's lifecycle
 */
RillLifecycle *
rill_gtk_widget_get_lifecycle (GtkWidget *widget)
{
  WidgetLifecycle *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_get_qdata (G_OBJECT (widget), widget_lifecycle_quark ());
  if (self != NULL)
    return RILL_LIFECYCLE (self->registry);

  self = g_new0 (WidgetLifecycle, 1);
  self->widget = widget;
  self->registry = rill_lifecycle_registry_new (widget);
  g_object_set_qdata_full (G_OBJECT (widget), widget_lifecycle_quark (), self, widget_lifecycle_free);

  /* Handlers go with the widget's dispose, before its data is freed. */
  g_signal_connect (widget, "map", G_CALLBACK (widget_mapped), self);
  g_signal_connect (widget, "unmap", G_CALLBACK (widget_unmapped), self);
  g_signal_connect (widget, "destroy", G_CALLBACK (widget_destroyed), self);

  self->mapped = gtk_widget_get_mapped (widget);
  if (self->mapped)
    attach_window (self);
  update (self);

  return RILL_LIFECYCLE (self->registry);
}

/**
 * rill_gtk_widget_get_scope:
 * @widget: a widget
 *
 * Returns the scope of @widget's lifecycle ([method@Rill.Lifecycle.get_scope]):
 * coroutines launched in it run on the main thread and are cancelled when
 * the widget is destroyed.
 *
 * Returns: (transfer none): the widget's scope
 */
RillScope *
rill_gtk_widget_get_scope (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return rill_lifecycle_get_scope (rill_gtk_widget_get_lifecycle (widget));
}
