/* rill-demo-application.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>

#include "rill-demo-application.h"
#include "rill-demo-window.h"
#include "rill-demo-workers.h"

struct _RillDemoApplication
{
  GtkApplication   parent_instance;

  /* The demo's background work, from startup to shutdown; NULL when its
   * database cannot be opened. */
  RillWorkManager *work_manager;
};

G_DEFINE_FINAL_TYPE (RillDemoApplication, rill_demo_application, GTK_TYPE_APPLICATION)

static void
rill_demo_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (rill_demo_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *authors[] = { "The Rill authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Rill Demo"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Coroutines, lifecycle-aware data and background work "
                                       "for GTK applications"),
                         "license-type", GTK_LICENSE_LGPL_2_1,
                         "authors", authors,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows;

  /* Destroying the windows cancels their coroutines. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
rill_demo_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  RillDemoApplication *self = RILL_DEMO_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (rill_demo_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  /* Work enqueued in an earlier run starts again now, before any window. */
  self->work_manager = rill_demo_work_manager_new (&error);
  if (self->work_manager == NULL)
    {
      g_warning ("The demo runs without background work: %s", error->message);
      return;
    }
  rill_work_manager_set_application (self->work_manager, app);
  rill_work_manager_start (self->work_manager, NULL);
}

static void
rill_demo_application_shutdown (GApplication *app)
{
  RillDemoApplication *self = RILL_DEMO_APPLICATION (app);

  /* Running work is stopped, to run again at the next start. */
  if (self->work_manager != NULL)
    rill_work_manager_shutdown (self->work_manager);
  g_clear_object (&self->work_manager);

  G_APPLICATION_CLASS (rill_demo_application_parent_class)->shutdown (app);
}

static void
rill_demo_application_class_init (RillDemoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = rill_demo_application_activate;
  app_class->startup = rill_demo_application_startup;
  app_class->shutdown = rill_demo_application_shutdown;
}

static void
rill_demo_application_init (RillDemoApplication *self)
{
}

RillDemoApplication *
rill_demo_application_new (void)
{
  return g_object_new (RILL_DEMO_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * rill_demo_application_get_work_manager:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the demo's work manager, started;
 *   %NULL before the startup, after the shutdown, or when its database
 *   could not be opened
 */
RillWorkManager *
rill_demo_application_get_work_manager (RillDemoApplication *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_APPLICATION (self), NULL);

  return self->work_manager;
}
