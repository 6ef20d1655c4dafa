/* test-gtk-application.c: the application's lifecycle and windows' view models
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run), inside g_application_run(), as an
 * application does.
 */

#include <rill-gtk.h>

#include "test-gtk.h"

#include "test-log.h"

static const char *
event_name (RillLifecycleEvent event)
{
  static const char *names[] = { "create", "start", "resume", "pause", "stop", "destroy" };

  return names[event];
}

static void
log_event (RillLifecycle      *lifecycle,
           RillLifecycleEvent  event,
           gpointer            user_data)
{
  log_line ("%s:%s", (const char *) user_data, event_name (event));
}

static gboolean
is_resumed (gpointer data)
{
  return rill_lifecycle_get_current_state (data) == RILL_LIFECYCLE_STATE_RESUMED;
}

static gboolean
is_created (gpointer data)
{
  return rill_lifecycle_get_current_state (data) == RILL_LIFECYCLE_STATE_CREATED;
}

/* A view model that counts its clears */

#define TEST_TYPE_MODEL (test_model_get_type ())
G_DECLARE_FINAL_TYPE (TestModel, test_model, TEST, MODEL, RillViewModel)

struct _TestModel
{
  RillViewModel parent_instance;
};

G_DEFINE_FINAL_TYPE (TestModel, test_model, RILL_TYPE_VIEW_MODEL)

static guint models_cleared;

static void
test_model_on_cleared (RillViewModel *model)
{
  models_cleared++;
}

static void
test_model_class_init (TestModelClass *klass)
{
  RILL_VIEW_MODEL_CLASS (klass)->on_cleared = test_model_on_cleared;
}

static void
test_model_init (TestModel *self)
{
}

/* The steps, run from "activate" */

static RillLifecycle *app_lifecycle;
static GtkApplication *app;

static void
test_application_lifecycle (void)
{
  GtkWidget *first, *second;
  g_autoptr(RillJob) scope_job = NULL;

  log_reset ();
  app_lifecycle = rill_gtk_application_get_lifecycle (app);
  g_assert_true (rill_gtk_application_get_lifecycle (app) == app_lifecycle);
  g_object_add_weak_pointer (G_OBJECT (app_lifecycle), (gpointer *) &app_lifecycle);
  rill_lifecycle_add_observer (app_lifecycle, log_event, "app", NULL);
  assert_log ((const char *[]) { "app:create", NULL });
  scope_job = rill_job_ref (rill_scope_get_job (rill_lifecycle_get_scope (app_lifecycle)));

  /* Up at once with the first window. */
  first = gtk_application_window_new (app);
  gtk_window_present (GTK_WINDOW (first));
  g_assert_true (iterate_until (is_resumed, app_lifecycle, 5000));
  assert_log ((const char *[]) { "app:create", "app:start", "app:resume", NULL });

  /* Focus passing to another window: no pause, no stop. */
  second = gtk_application_window_new (app);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (iterate_until (is_resumed, rill_gtk_widget_get_lifecycle (second), 5000));
  g_assert_cmpint (rill_lifecycle_get_current_state (rill_gtk_widget_get_lifecycle (first)), ==,
                   RILL_LIFECYCLE_STATE_STARTED);
  iterate_for (RILL_GTK_APPLICATION_STOP_DELAY_MS + 300);
  assert_log ((const char *[]) { "app:create", "app:start", "app:resume", NULL });

  /* Every window hidden: down, but only after the delay. */
  log_reset ();
  gtk_widget_set_visible (second, FALSE);
  gtk_widget_set_visible (first, FALSE);
  iterate_for (RILL_GTK_APPLICATION_STOP_DELAY_MS / 2);
  g_assert_cmpint (rill_lifecycle_get_current_state (app_lifecycle), ==, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_true (iterate_until (is_created, app_lifecycle, 5000));
  assert_log ((const char *[]) { "app:pause", "app:stop", NULL });

  /* Hidden and shown again within the delay: nothing at all. */
  log_reset ();
  gtk_window_present (GTK_WINDOW (first));
  g_assert_true (iterate_until (is_resumed, app_lifecycle, 5000));
  gtk_widget_set_visible (first, FALSE);
  iterate_for (RILL_GTK_APPLICATION_STOP_DELAY_MS / 3);
  gtk_window_present (GTK_WINDOW (first));
  iterate_for (RILL_GTK_APPLICATION_STOP_DELAY_MS + 300);
  assert_log ((const char *[]) { "app:start", "app:resume", NULL });
  g_assert_true (rill_job_is_active (scope_job));

  destroy_window (second);
  destroy_window (first);
}

static void
test_window_view_models (void)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *a = gtk_label_new ("a");
  GtkWidget *b = gtk_label_new ("b");
  GtkWidget *loose = g_object_ref_sink (gtk_label_new ("loose"));
  RillViewModel *model, *other;

  models_cleared = 0;
  gtk_stack_add_named (GTK_STACK (stack), a, "a");
  gtk_stack_add_named (GTK_STACK (stack), b, "b");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));

  /* Any widget of the window finds the window's model, whichever page. */
  model = rill_gtk_widget_get_view_model (a, TEST_TYPE_MODEL, NULL);
  g_assert_true (TEST_IS_MODEL (model));
  gtk_stack_set_visible_child (GTK_STACK (stack), b);
  g_assert_true (rill_gtk_widget_get_view_model (b, TEST_TYPE_MODEL, NULL) == model);
  g_assert_true (rill_gtk_widget_get_view_model (window, TEST_TYPE_MODEL, NULL) == model);
  other = rill_gtk_widget_get_view_model (a, TEST_TYPE_MODEL, "other");
  g_assert_true (other != model);

  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL, "*is not in a window*");
  g_assert_null (rill_gtk_widget_get_view_model (loose, TEST_TYPE_MODEL, NULL));
  g_test_assert_expected_messages ();
  g_object_unref (loose);

  /* Cleared once each, when the window goes. */
  g_assert_cmpuint (models_cleared, ==, 0);
  destroy_window (window);
  g_assert_cmpuint (models_cleared, ==, 2);
}

static int status;

static void
activate (GApplication *application)
{
  /* The tests run here, inside g_application_run(), as an app's code does. */
  status = g_test_run ();
  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gtk/application/lifecycle", test_application_lifecycle);
  g_test_add_func ("/gtk/application/window-view-models", test_window_view_models);

  app = gtk_application_new ("org.rill.TestApplication", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);

  /* Destroyed at shutdown, and released with the application. */
  if (status == 0)
    {
      assert_log ((const char *[]) { "app:start", "app:resume", "app:pause", "app:stop", "app:destroy", NULL });
      g_object_unref (app);
      g_assert_null (app_lifecycle);
    }
  return status;
}
