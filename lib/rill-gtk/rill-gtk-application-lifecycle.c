/* rill-gtk-application-lifecycle.c: the application's lifecycle
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * androidx's ProcessLifecycleOwner for a GtkApplication: the highest state
 * of its windows' lifecycles (a window is STARTED while mapped and not
 * minimized, RESUMED while also active), CREATED before and between, and
 * DESTROYED at shutdown. Going up is immediate; going down waits
 * RILL_GTK_APPLICATION_STOP_DELAY_MS, so that focus passing from one window
 * to another, or a window replaced by another, does not flap.
 */

#include "config.h"

#include "rill-gtk-application-lifecycle.h"
#include "rill-gtk-widget-lifecycle.h"

typedef struct
{
  GtkApplication *application;     /* not a reference: we live in its data */
  RillLifecycleRegistry *registry;
  GHashTable *windows;             /* GtkWindow → observer id on its lifecycle */
  guint down_source;
  gboolean shut_down;
} ApplicationLifecycle;

static GQuark
application_lifecycle_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-gtk-application-lifecycle");
  return quark;
}

static RillLifecycleState
highest_window_state (ApplicationLifecycle *self)
{
  RillLifecycleState highest = RILL_LIFECYCLE_STATE_CREATED;
  GHashTableIter iter;
  gpointer window;

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, &window, NULL))
    highest = MAX (highest, rill_lifecycle_get_current_state (rill_gtk_widget_get_lifecycle (window)));
  return highest;
}

static gboolean
go_down (gpointer data)
{
  ApplicationLifecycle *self = data;

  self->down_source = 0;
  if (!self->shut_down)
    rill_lifecycle_registry_set_current_state (self->registry, highest_window_state (self));
  return G_SOURCE_REMOVE;
}

static void
update (ApplicationLifecycle *self)
{
  RillLifecycleState target;

  if (self->shut_down)
    return;

  target = highest_window_state (self);
  if (target >= rill_lifecycle_get_current_state (RILL_LIFECYCLE (self->registry)))
    {
      g_clear_handle_id (&self->down_source, g_source_remove);
      rill_lifecycle_registry_set_current_state (self->registry, target);
    }
  else if (self->down_source == 0)
    self->down_source = g_timeout_add (RILL_GTK_APPLICATION_STOP_DELAY_MS, go_down, self);
}

static void
window_event (RillLifecycle      *lifecycle,
              RillLifecycleEvent  event,
              gpointer            user_data)
{
  update (user_data);
}

static void
watch_window (ApplicationLifecycle *self,
              GtkWindow            *window)
{
  guint id;

  if (g_hash_table_contains (self->windows, window))
    return;
  id = rill_lifecycle_add_observer (rill_gtk_widget_get_lifecycle (GTK_WIDGET (window)),
                                    window_event, self, NULL);
  g_hash_table_insert (self->windows, window, GUINT_TO_POINTER (id));
}

static void
window_added (GtkApplication       *application,
              GtkWindow            *window,
              ApplicationLifecycle *self)
{
  watch_window (self, window);
  update (self);
}

static void
window_removed (GtkApplication       *application,
                GtkWindow            *window,
                ApplicationLifecycle *self)
{
  gpointer id;

  if (!g_hash_table_lookup_extended (self->windows, window, NULL, &id))
    return;
  /* Gone already if the window was destroyed: its lifecycle dropped it. */
  rill_lifecycle_remove_observer (rill_gtk_widget_get_lifecycle (GTK_WIDGET (window)),
                                  GPOINTER_TO_UINT (id));
  g_hash_table_remove (self->windows, window);
  update (self);
}

static void
application_shutdown (GApplication         *application,
                      ApplicationLifecycle *self)
{
  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  g_clear_handle_id (&self->down_source, g_source_remove);
  rill_lifecycle_registry_set_current_state (self->registry, RILL_LIFECYCLE_STATE_DESTROYED);
}

static void
application_lifecycle_free (gpointer data)
{
  ApplicationLifecycle *self = data;
  GHashTableIter iter;
  gpointer window, id;

  g_clear_handle_id (&self->down_source, g_source_remove);
  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, &window, &id))
    rill_lifecycle_remove_observer (rill_gtk_widget_get_lifecycle (window), GPOINTER_TO_UINT (id));
  g_hash_table_unref (self->windows);
  g_clear_object (&self->registry);
  g_free (self);
}

/**
 * rill_gtk_application_get_lifecycle:
 * @application: an application
 *
 * Returns the lifecycle of the application as a whole, androidx's
 * `ProcessLifecycleOwner`, made on first use:
 *
 * - %RILL_LIFECYCLE_STATE_STARTED while any of its windows is shown
 *   (mapped and not minimized);
 * - %RILL_LIFECYCLE_STATE_RESUMED while one of them is the active window;
 * - %RILL_LIFECYCLE_STATE_CREATED when they are all hidden, minimized or
 *   gone, and before the first is shown;
 * - %RILL_LIFECYCLE_STATE_DESTROYED at the application's shutdown.
 *
 * It goes up at once and goes down only after
 * %RILL_GTK_APPLICATION_STOP_DELAY_MS, so focus moving between windows keeps
 * it RESUMED. Work that should run while the user can see the application,
 * whichever window they look at, uses this lifecycle.
 *
 * Returns: (transfer none): the application's lifecycle
 */
RillLifecycle *
rill_gtk_application_get_lifecycle (GtkApplication *application)
{
  ApplicationLifecycle *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_get_qdata (G_OBJECT (application), application_lifecycle_quark ());
  if (self != NULL)
    return RILL_LIFECYCLE (self->registry);

  self = g_new0 (ApplicationLifecycle, 1);
  self->application = application;
  self->registry = rill_lifecycle_registry_new (application);
  self->windows = g_hash_table_new (NULL, NULL);
  g_object_set_qdata_full (G_OBJECT (application), application_lifecycle_quark (), self,
                           application_lifecycle_free);

  g_signal_connect (application, "window-added", G_CALLBACK (window_added), self);
  g_signal_connect (application, "window-removed", G_CALLBACK (window_removed), self);
  g_signal_connect (application, "shutdown", G_CALLBACK (application_shutdown), self);

  rill_lifecycle_registry_set_current_state (self->registry, RILL_LIFECYCLE_STATE_CREATED);
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    watch_window (self, l->data);
  update (self);

  return RILL_LIFECYCLE (self->registry);
}
