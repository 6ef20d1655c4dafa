/* test-gtk-binding.c: widget properties bound to live data and flows
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run), with real windows.
 */

#include <rill-gtk.h>

#include "test-gtk.h"

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, child, 5000));
  return window;
}

static guint deliveries;

static void
count_delivery (RillLiveData *live_data,
                const GValue *value,
                gpointer      user_data)
{
  deliveries++;
}

static void
test_live_data_follows_visibility (void)
{
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  GtkWidget *label = gtk_label_new ("initial");
  GtkWidget *window;
  g_autoptr(RillDisposable) binding = NULL;

  rill_mutable_live_data_set_string (text, "one");
  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "label", RILL_GTK_BIND_DEFAULT);
  g_assert_nonnull (binding);
  /* Not on screen yet: untouched. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "initial");

  window = show_in_window (label);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "one");
  rill_mutable_live_data_set_string (text, "two");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "two");

  /* Hidden: values are not set; shown again: the latest, once. */
  gtk_widget_set_visible (window, FALSE);
  rill_mutable_live_data_set_string (text, "three");
  rill_mutable_live_data_set_string (text, "four");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "two");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, label, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "four");

  /* Disposed: the property no longer follows. */
  rill_disposable_dispose (binding);
  rill_mutable_live_data_set_string (text, "five");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "four");
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (text)));
  destroy_window (window);
}

static void
test_live_data_ends_with_widget (void)
{
  g_autoptr(RillMutableLiveData) count = rill_mutable_live_data_new (G_TYPE_INT);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *window = show_in_window (label);
  g_autoptr(RillDisposable) binding = NULL;

  /* An int shown by a string property: converted. */
  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (count), label, "label", RILL_GTK_BIND_DEFAULT);
  rill_mutable_live_data_set_int (count, 42);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "42");
  destroy_window (window);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (count)));
  /* Disposing after the widget went does nothing. */
  rill_disposable_dispose (binding);
}

/* A binding that ended keeps nothing of its live data, though its
 * disposable is still held. */
static void
test_ended_binding_lets_go (void)
{
  RillMutableLiveData *text = rill_mutable_live_data_new (G_TYPE_STRING);
  RillMutableLiveData *typed = rill_mutable_live_data_new (G_TYPE_STRING);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *window;
  g_autoptr(RillDisposable) by_widget = NULL;
  g_autoptr(RillDisposable) by_dispose = NULL;

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  window = show_in_window (box);
  by_widget = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "label", RILL_GTK_BIND_DEFAULT);
  by_dispose = rill_gtk_bind_live_data (RILL_LIVE_DATA (typed), entry, "text", RILL_GTK_BIND_BIDIRECTIONAL);
  rill_mutable_live_data_set_string (text, "shown");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "shown");
  g_object_add_weak_pointer (G_OBJECT (text), (gpointer *) &text);
  g_object_add_weak_pointer (G_OBJECT (typed), (gpointer *) &typed);
  g_object_unref (text);
  g_object_unref (typed);
  g_assert_nonnull (text);
  g_assert_nonnull (typed);

  /* Ended by its disposable: the live data goes, and the entry no longer
   * sets anything. */
  rill_disposable_dispose (by_dispose);
  g_assert_null (typed);
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed later");

  /* Ended with its widget. */
  destroy_window (window);
  g_assert_null (text);
  rill_disposable_dispose (by_widget);
}

static void
test_two_way_switch (void)
{
  g_autoptr(RillMutableLiveData) enabled = rill_mutable_live_data_new (G_TYPE_BOOLEAN);
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *window = show_in_window (toggle);
  g_autoptr(RillDisposable) binding = NULL;

  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (enabled), toggle, "active", RILL_GTK_BIND_BIDIRECTIONAL);
  deliveries = 0;
  rill_live_data_observe_forever (RILL_LIVE_DATA (enabled), count_delivery, NULL, NULL);

  rill_mutable_live_data_set_boolean (enabled, TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_cmpuint (deliveries, ==, 1);

  /* The user toggles it: the value follows, once, without echo. */
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (rill_live_data_get_boolean (RILL_LIVE_DATA (enabled)));
  g_assert_cmpuint (deliveries, ==, 2);
  iterate_pending ();
  g_assert_cmpuint (deliveries, ==, 2);

  rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (enabled), count_delivery, NULL);
  destroy_window (window);
}

static void
test_two_way_entry (void)
{
  g_autoptr(RillMutableLiveData) query = rill_mutable_live_data_new (G_TYPE_STRING);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *window = show_in_window (entry);
  g_autoptr(RillDisposable) binding = NULL;

  rill_mutable_live_data_set_string (query, "start");
  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (query), entry, "text", RILL_GTK_BIND_BIDIRECTIONAL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "start");
  deliveries = 0;
  rill_live_data_observe_forever (RILL_LIVE_DATA (query), count_delivery, NULL, NULL);
  g_assert_cmpuint (deliveries, ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), "typed");
  g_assert_cmpstr (rill_live_data_get_string (RILL_LIVE_DATA (query)), ==, "typed");
  g_assert_cmpuint (deliveries, ==, 2);
  rill_mutable_live_data_set_string (query, "set");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "set");
  g_assert_cmpuint (deliveries, ==, 3);

  rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (query), count_delivery, NULL);
  destroy_window (window);
}

static void
test_refused_properties (void)
{
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (NULL));

  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL, "*GtkLabel has no writable property 'missing'*");
  g_assert_null (rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "missing", RILL_GTK_BIND_DEFAULT));
  g_test_assert_expected_messages ();
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL, "*'gchararray' cannot be set on the property 'wrap'*");
  g_assert_null (rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "wrap", RILL_GTK_BIND_DEFAULT));
  g_test_assert_expected_messages ();
}

typedef struct
{
  GtkWidget *label;
  const char *text;
} LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (wait->label)), wait->text) == 0;
}

static gboolean
has_no_observers (gpointer data)
{
  return !rill_live_data_has_observers (data);
}

static void
test_flow_follows_visibility (void)
{
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillFlow) flow = rill_live_data_as_flow (RILL_LIVE_DATA (text));
  GtkWidget *label = gtk_label_new ("initial");
  GtkWidget *window = show_in_window (label);
  g_autoptr(RillDisposable) binding = NULL;
  LabelWait wait = { label, NULL };

  rill_mutable_live_data_set_string (text, "one");
  binding = rill_gtk_bind_flow (flow, label, "label");
  wait.text = "one";
  g_assert_true (iterate_until (label_is, &wait, 5000));
  rill_mutable_live_data_set_string (text, "two");
  wait.text = "two";
  g_assert_true (iterate_until (label_is, &wait, 5000));

  /* Hidden: the collection is cancelled, so the flow's source is let go. */
  gtk_widget_set_visible (window, FALSE);
  g_assert_true (iterate_until (has_no_observers, text, 5000));
  rill_mutable_live_data_set_string (text, "three");
  iterate_pending ();
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "two");

  /* Shown again: collected again, from the current value. */
  gtk_window_present (GTK_WINDOW (window));
  wait.text = "three";
  g_assert_true (iterate_until (label_is, &wait, 5000));

  destroy_window (window);
  g_assert_true (iterate_until (has_no_observers, text, 5000));
}

/* A widget with a property whose setter does not notify, as GObject allows
 * for a property without G_PARAM_EXPLICIT_NOTIFY: GObject notifies for it. */
#define TEST_TYPE_QUIET_WIDGET (test_quiet_widget_get_type ())
G_DECLARE_FINAL_TYPE (TestQuietWidget, test_quiet_widget, TEST, QUIET_WIDGET, GtkWidget)

struct _TestQuietWidget
{
  GtkWidget parent_instance;
  char *text;
  guint sets;
};

G_DEFINE_TYPE (TestQuietWidget, test_quiet_widget, GTK_TYPE_WIDGET)

static void
test_quiet_widget_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TestQuietWidget *self = TEST_QUIET_WIDGET (object);

  g_free (self->text);
  self->text = g_value_dup_string (value);
  self->sets++;
}

static void
test_quiet_widget_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  g_value_set_string (value, TEST_QUIET_WIDGET (object)->text);
}

static void
test_quiet_widget_finalize (GObject *object)
{
  g_free (TEST_QUIET_WIDGET (object)->text);
  G_OBJECT_CLASS (test_quiet_widget_parent_class)->finalize (object);
}

static void
test_quiet_widget_class_init (TestQuietWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = test_quiet_widget_set_property;
  object_class->get_property = test_quiet_widget_get_property;
  object_class->finalize = test_quiet_widget_finalize;
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_string ("text", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
test_quiet_widget_init (TestQuietWidget *self)
{
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_notifies_once (void)
{
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *quiet = g_object_new (TEST_TYPE_QUIET_WIDGET, NULL);
  TestQuietWidget *q = TEST_QUIET_WIDGET (quiet);
  g_autoptr(RillDisposable) label_binding = NULL;
  g_autoptr(RillDisposable) quiet_binding = NULL;
  guint label_notifies = 0, any_notifies = 0, quiet_notifies = 0;
  GtkWidget *window;
  gulong handler;

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), quiet);
  window = show_in_window (box);
  g_assert_true (iterate_until (is_mapped, quiet, 5000));
  label_binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "label", RILL_GTK_BIND_DEFAULT);
  quiet_binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), quiet, "text", RILL_GTK_BIND_DEFAULT);
  g_assert_nonnull (label_binding);
  g_assert_nonnull (quiet_binding);

  /* Nobody listens: the values are set all the same. */
  rill_mutable_live_data_set_string (text, "one");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "one");
  g_assert_cmpstr (q->text, ==, "one");
  g_assert_cmpuint (q->sets, ==, 1);

  /* The label's setter notifies by itself, and GObject adds its own for a
   * property without G_PARAM_EXPLICIT_NOTIFY: a listener hears of each
   * change once, whether it listens to the detail or to every property. */
  g_signal_connect (label, "notify::label", G_CALLBACK (count_notify), &label_notifies);
  handler = g_signal_connect (label, "notify", G_CALLBACK (count_notify), &any_notifies);
  rill_mutable_live_data_set_string (text, "two");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "two");
  g_assert_cmpuint (label_notifies, ==, 1);
  rill_mutable_live_data_set_string (text, "three");
  g_assert_cmpuint (label_notifies, ==, 2);
  g_signal_handler_disconnect (label, handler);
  g_assert_cmpuint (any_notifies, >=, 2);

  /* The quiet setter does not notify: the notification is GObject's. */
  g_signal_connect (quiet, "notify::text", G_CALLBACK (count_notify), &quiet_notifies);
  rill_mutable_live_data_set_string (text, "four");
  g_assert_cmpstr (q->text, ==, "four");
  g_assert_cmpuint (quiet_notifies, ==, 1);

  /* Frozen: the same notifications as g_object_set_property () gives. */
  {
    GtkWidget *reference_label = gtk_label_new (NULL);
    GtkWidget *reference_quiet = g_object_new (TEST_TYPE_QUIET_WIDGET, NULL);
    guint reference_label_notifies = 0, reference_quiet_notifies = 0;
    guint before_label = label_notifies, before_quiet = quiet_notifies;
    const char *values[] = { "five", "six" };

    g_object_ref_sink (reference_label);
    g_object_ref_sink (reference_quiet);
    g_signal_connect (reference_label, "notify::label", G_CALLBACK (count_notify), &reference_label_notifies);
    g_signal_connect (reference_quiet, "notify::text", G_CALLBACK (count_notify), &reference_quiet_notifies);
    g_object_freeze_notify (G_OBJECT (label));
    g_object_freeze_notify (G_OBJECT (quiet));
    g_object_freeze_notify (G_OBJECT (reference_label));
    g_object_freeze_notify (G_OBJECT (reference_quiet));
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        rill_mutable_live_data_set_string (text, values[i]);
        g_object_set (reference_label, "label", values[i], NULL);
        g_object_set (reference_quiet, "text", values[i], NULL);
      }
    g_assert_cmpuint (label_notifies - before_label, ==, reference_label_notifies);
    g_assert_cmpuint (quiet_notifies - before_quiet, ==, reference_quiet_notifies);
    g_assert_cmpuint (quiet_notifies, ==, before_quiet);
    g_object_thaw_notify (G_OBJECT (label));
    g_object_thaw_notify (G_OBJECT (quiet));
    g_object_thaw_notify (G_OBJECT (reference_label));
    g_object_thaw_notify (G_OBJECT (reference_quiet));
    g_assert_cmpuint (label_notifies - before_label, ==, reference_label_notifies);
    g_assert_cmpuint (quiet_notifies - before_quiet, ==, reference_quiet_notifies);
    g_assert_cmpuint (quiet_notifies, ==, before_quiet + 1);
    g_object_unref (reference_label);
    g_object_unref (reference_quiet);
  }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "six");
  g_assert_cmpstr (q->text, ==, "six");
  g_assert_cmpuint (q->sets, ==, 6);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  g_main_context_acquire (NULL);

  g_test_add_func ("/gtk/binding/live-data-follows-visibility", test_live_data_follows_visibility);
  g_test_add_func ("/gtk/binding/live-data-ends-with-widget", test_live_data_ends_with_widget);
  g_test_add_func ("/gtk/binding/ended-binding-lets-go", test_ended_binding_lets_go);
  g_test_add_func ("/gtk/binding/two-way-switch", test_two_way_switch);
  g_test_add_func ("/gtk/binding/two-way-entry", test_two_way_entry);
  g_test_add_func ("/gtk/binding/refused-properties", test_refused_properties);
  g_test_add_func ("/gtk/binding/flow-follows-visibility", test_flow_follows_visibility);
  g_test_add_func ("/gtk/binding/notifies-once", test_notifies_once);

  return g_test_run ();
}
