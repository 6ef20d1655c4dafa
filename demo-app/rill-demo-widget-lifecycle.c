/* rill-demo-widget-lifecycle.c: a lifecycle that follows a widget
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CREATED while the widget exists, STARTED while it is mapped (shown on
 * screen: its stack page is the visible one, its window is shown), DESTROYED
 * when it is destroyed. This is the part of the widget lifecycle the demo
 * needs; it leaves out RESUMED (window focus) and minimized windows.
 */

#include "rill-demo-config.h"

#include "rill-demo-widget-lifecycle.h"

static GQuark
lifecycle_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-demo-widget-lifecycle");
  return quark;
}

static void
widget_mapped (GtkWidget             *widget,
               RillLifecycleRegistry *registry)
{
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
}

static void
widget_unmapped (GtkWidget             *widget,
                 RillLifecycleRegistry *registry)
{
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
}

static void
widget_destroyed (GtkWidget             *widget,
                  RillLifecycleRegistry *registry)
{
  /* Unmapped before it is destroyed, so CREATED here. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
}

/**
 * rill_demo_widget_get_lifecycle:
 * @widget: a widget
 *
 * Returns: (transfer none): the lifecycle of @widget, created on first use
 */
RillLifecycle *
rill_demo_widget_get_lifecycle (GtkWidget *widget)
{
  RillLifecycleRegistry *registry;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  registry = g_object_get_qdata (G_OBJECT (widget), lifecycle_quark ());
  if (registry != NULL)
    return RILL_LIFECYCLE (registry);

  registry = rill_lifecycle_registry_new (widget);
  g_object_set_qdata_full (G_OBJECT (widget), lifecycle_quark (), registry, g_object_unref);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  if (gtk_widget_get_mapped (widget))
    rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);

  g_signal_connect_object (widget, "map", G_CALLBACK (widget_mapped), registry, 0);
  g_signal_connect_object (widget, "unmap", G_CALLBACK (widget_unmapped), registry, 0);
  g_signal_connect_object (widget, "destroy", G_CALLBACK (widget_destroyed), registry, 0);

  return RILL_LIFECYCLE (registry);
}
