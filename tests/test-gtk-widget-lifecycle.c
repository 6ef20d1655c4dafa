/* test-gtk-widget-lifecycle.c: widgets as lifecycle owners, with real windows
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run). The minimize test runs a window manager,
 * openbox, since without one GTK cannot minimize a window; it comes last, as
 * the window manager changes how focus moves.
 */

#include <signal.h>

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

static RillLifecycle *
watch (GtkWidget  *widget,
       const char *name)
{
  RillLifecycle *lifecycle = rill_gtk_widget_get_lifecycle (widget);

  rill_lifecycle_add_observer (lifecycle, log_event, (gpointer) name, NULL);
  return lifecycle;
}

typedef struct
{
  RillLifecycle      *lifecycle;
  RillLifecycleState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return rill_lifecycle_get_current_state (wait->lifecycle) == wait->state;
}

static void
wait_for_state (RillLifecycle      *lifecycle,
                RillLifecycleState  state)
{
  StateWait wait = { lifecycle, state };

  g_assert_true (iterate_until (state_is, &wait, 5000));
}

static void
ignore_value (RillLiveData *live_data,
              const GValue *value,
              gpointer      user_data)
{
}

static void
test_unmapped_widget (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("x"));
  RillLifecycle *lifecycle;
  g_autoptr(RillJob) scope_job = NULL;
  g_autoptr(RillMutableLiveData) data = rill_mutable_live_data_new (G_TYPE_INT);

  log_reset ();
  lifecycle = watch (label, "label");
  g_assert_true (rill_gtk_widget_get_lifecycle (label) == lifecycle);
  g_assert_cmpint (rill_lifecycle_get_current_state (lifecycle), ==, RILL_LIFECYCLE_STATE_CREATED);
  scope_job = rill_job_ref (rill_scope_get_job (rill_gtk_widget_get_scope (label)));
  g_assert_true (rill_scope_get_job (rill_lifecycle_get_scope (lifecycle)) == scope_job);
  rill_live_data_observe (RILL_LIVE_DATA (data), RILL_LIFECYCLE_OWNER (lifecycle), ignore_value, NULL, NULL);

  g_object_add_weak_pointer (G_OBJECT (lifecycle), (gpointer *) &lifecycle);
  g_object_unref (label);
  /* Destroyed with the widget: its scope cancelled, its observations gone,
   * and the lifecycle released with it. */
  g_assert_null (lifecycle);
  g_assert_true (rill_job_is_cancelled (scope_job));
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (data)));
  assert_log ((const char *[]) { "label:create", "label:destroy", NULL });
}

static void
test_window_present_hide (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("x");
  RillLifecycle *lifecycle;

  log_reset ();
  gtk_window_set_child (GTK_WINDOW (window), label);
  lifecycle = watch (label, "label");
  watch (window, "window");
  g_assert_cmpint (rill_lifecycle_get_current_state (lifecycle), ==, RILL_LIFECYCLE_STATE_CREATED);

  /* Children map before their window; then the window becomes active. */
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (lifecycle, RILL_LIFECYCLE_STATE_RESUMED);
  wait_for_state (rill_gtk_widget_get_lifecycle (window), RILL_LIFECYCLE_STATE_RESUMED);
  assert_log ((const char *[]) { "label:create", "window:create",
                                 "label:start", "window:start",
                                 "label:resume", "window:resume", NULL });

  /* Hidden: unmapped, children first; is-active stays TRUE meanwhile. */
  log_reset ();
  gtk_widget_set_visible (window, FALSE);
  assert_log ((const char *[]) { "label:pause", "label:stop", "window:pause", "window:stop", NULL });

  log_reset ();
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (rill_gtk_widget_get_lifecycle (window), RILL_LIFECYCLE_STATE_RESUMED);
  assert_log ((const char *[]) { "label:start", "label:resume", "window:start", "window:resume", NULL });

  /* Destroyed: each widget in its own destroy, the children before. */
  log_reset ();
  destroy_window (window);
  assert_log ((const char *[]) { "label:pause", "label:stop", "window:pause", "window:stop",
                                 "label:destroy", "window:destroy", NULL });
}

static void
test_stack_switch (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *a = gtk_label_new ("a");
  GtkWidget *b = gtk_label_new ("b");

  log_reset ();
  gtk_stack_add_named (GTK_STACK (stack), a, "a");
  gtk_stack_add_named (GTK_STACK (stack), b, "b");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (rill_gtk_widget_get_lifecycle (window), RILL_LIFECYCLE_STATE_RESUMED);

  /* Obtained for a widget that is shown: it starts where the widget is. */
  watch (a, "a");
  watch (b, "b");
  assert_log ((const char *[]) { "a:create", "a:start", "a:resume", "b:create", NULL });

  /* The new page maps before the old one unmaps. */
  log_reset ();
  gtk_stack_set_visible_child (GTK_STACK (stack), b);
  assert_log ((const char *[]) { "b:start", "b:resume", "a:pause", "a:stop", NULL });

  /* A removed page is destroyed. */
  log_reset ();
  gtk_stack_remove (GTK_STACK (stack), b);
  assert_log ((const char *[]) { "b:pause", "b:stop", "b:destroy", NULL });
  /* Whatever the stack shows next, the lifecycle follows its mapping. */
  iterate_for (50);
  g_assert_cmpint (rill_lifecycle_get_current_state (rill_gtk_widget_get_lifecycle (a)), ==,
                   gtk_widget_get_mapped (a) ? RILL_LIFECYCLE_STATE_RESUMED : RILL_LIFECYCLE_STATE_CREATED);

  destroy_window (window);
}

static void
test_notebook_switch (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *notebook = gtk_notebook_new ();
  GtkWidget *a = gtk_label_new ("a");
  GtkWidget *b = gtk_label_new ("b");

  log_reset ();
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), a, NULL);
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), b, NULL);
  gtk_window_set_child (GTK_WINDOW (window), notebook);
  watch (a, "a");
  watch (b, "b");
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (rill_gtk_widget_get_lifecycle (a), RILL_LIFECYCLE_STATE_RESUMED);
  assert_log ((const char *[]) { "a:create", "b:create", "a:start", "a:resume", NULL });

  log_reset ();
  gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook), 1);
  assert_log ((const char *[]) { "b:start", "b:resume", "a:pause", "a:stop", NULL });

  destroy_window (window);
}

static void
test_focus_between_windows (void)
{
  GtkWidget *first = gtk_window_new ();
  GtkWidget *second = gtk_window_new ();
  RillLifecycle *first_lifecycle = watch (first, "first");
  RillLifecycle *second_lifecycle = watch (second, "second");

  log_reset ();
  gtk_window_present (GTK_WINDOW (first));
  wait_for_state (first_lifecycle, RILL_LIFECYCLE_STATE_RESUMED);
  gtk_window_present (GTK_WINDOW (second));
  wait_for_state (second_lifecycle, RILL_LIFECYCLE_STATE_RESUMED);
  /* The old window loses focus before the new one gains it. */
  g_assert_cmpint (rill_lifecycle_get_current_state (first_lifecycle), ==, RILL_LIFECYCLE_STATE_STARTED);
  assert_log ((const char *[]) { "first:start", "first:resume", "second:start",
                                 "first:pause", "second:resume", NULL });

  log_reset ();
  gtk_window_present (GTK_WINDOW (first));
  wait_for_state (first_lifecycle, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_cmpint (rill_lifecycle_get_current_state (second_lifecycle), ==, RILL_LIFECYCLE_STATE_STARTED);
  assert_log ((const char *[]) { "second:pause", "first:resume", NULL });

  destroy_window (second);
  destroy_window (first);
}

static void
counted_block (RillScope *scope,
               gpointer   user_data)
{
  guint *runs = user_data;

  (*runs)++;
  while (rill_delay (10))
    ;
}

static void
test_scope_cancelled_at_destroy (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(RillJob) job = NULL;
  guint runs = 0;

  gtk_window_present (GTK_WINDOW (window));
  job = rill_launch (rill_gtk_widget_get_scope (window), NULL, counted_block, &runs, NULL);
  iterate_for (50);
  g_assert_cmpuint (runs, ==, 1);
  g_assert_true (rill_job_is_active (job));
  destroy_window (window);
  g_assert_true (rill_job_is_cancelled (job));
}

/* Minimizing */

static GPid window_manager;

static gboolean
window_manager_ready (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
test_minimize (void)
{
  g_autofree char *openbox = g_find_program_in_path ("openbox");
  const char *argv[] = { NULL, "--sm-disable", NULL };
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  RillLifecycle *lifecycle;

  /* tests/run.sh and the README install it: without it nothing minimizes. */
  g_assert_nonnull (openbox);
  argv[0] = openbox;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &window_manager, &error));
  g_assert_no_error (error);
  /* Give it time to take over the display. */
  iterate_for (700);

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("x"));
  watch (gtk_window_get_child (GTK_WINDOW (window)), "child");
  lifecycle = watch (window, "window");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (window_manager_ready, window, 5000));
  wait_for_state (lifecycle, RILL_LIFECYCLE_STATE_RESUMED);

  /* Minimized: still mapped, but no longer shown; its children neither. */
  log_reset ();
  gtk_window_minimize (GTK_WINDOW (window));
  wait_for_state (lifecycle, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_true (gtk_widget_get_mapped (window));
  g_assert_cmpint (rill_lifecycle_get_current_state (rill_gtk_widget_get_lifecycle (gtk_window_get_child (GTK_WINDOW (window)))),
                   ==, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_true (log_contains ("child:stop"));
  g_assert_true (log_contains ("window:stop"));
  g_assert_cmpuint (log_length (), ==, 4);

  log_reset ();
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (lifecycle, RILL_LIFECYCLE_STATE_RESUMED);
  wait_for_state (rill_gtk_widget_get_lifecycle (gtk_window_get_child (GTK_WINDOW (window))),
                  RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_true (log_contains ("child:resume"));
  g_assert_true (log_contains ("window:resume"));
  g_assert_cmpuint (log_length (), ==, 4);

  destroy_window (window);
  kill (window_manager, SIGTERM);
  g_spawn_close_pid (window_manager);
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/gtk/widget-lifecycle/unmapped-widget", test_unmapped_widget);
  g_test_add_func ("/gtk/widget-lifecycle/window-present-hide", test_window_present_hide);
  g_test_add_func ("/gtk/widget-lifecycle/stack-switch", test_stack_switch);
  g_test_add_func ("/gtk/widget-lifecycle/notebook-switch", test_notebook_switch);
  g_test_add_func ("/gtk/widget-lifecycle/focus-between-windows", test_focus_between_windows);
  g_test_add_func ("/gtk/widget-lifecycle/scope-cancelled-at-destroy", test_scope_cancelled_at_destroy);
  g_test_add_func ("/gtk/widget-lifecycle/minimize", test_minimize);

  return g_test_run ();
}
