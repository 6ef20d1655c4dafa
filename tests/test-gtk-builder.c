/* test-gtk-builder.c: bindings and live values declared in .ui files
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run), with real windows built by GtkBuilder,
 * from strings and from a widget template.
 */

#include <rill-gtk.h>

#include "test-gtk.h"

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
show (GtkWidget *window,
      GtkWidget *widget)
{
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, widget, 5000));
}

static void
hide (GtkWidget *window,
      GtkWidget *widget)
{
  gtk_widget_set_visible (window, FALSE);
  g_assert_true (iterate_until (is_unmapped, widget, 5000));
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

static void
wait_for_label (GtkWidget  *label,
                const char *text)
{
  LabelWait wait = { label, text };

  g_assert_true (iterate_until (label_is, &wait, 5000));
}

static const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Builds @ui with @name exposed as @source; the builder is gone afterwards,
 * so only what the widgets keep survives. */
static GtkWidget *
build_window (const char *ui,
              const char *name,
              GObject    *source,
              ...)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  va_list args;

  if (source != NULL)
    gtk_builder_expose_object (builder, name, source);
  g_assert_true (gtk_builder_add_from_string (builder, ui, -1, &error));
  g_assert_no_error (error);
  window = GTK_WIDGET (gtk_builder_get_object (builder, "window"));
  g_assert_nonnull (window);

  /* Pairs of an id and a place for the object, up to NULL. */
  va_start (args, source);
  for (const char *id = va_arg (args, const char *); id != NULL; id = va_arg (args, const char *))
    {
      gpointer *place = va_arg (args, gpointer *);

      *place = gtk_builder_get_object (builder, id);
      g_assert_nonnull (*place);
      g_object_add_weak_pointer (*place, place);
    }
  va_end (args);
  return window;
}

/* ------------------------------------------------------------------------ */
/* Types by name                                                            */

static void
test_types_by_name (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  GType binding_type, live_value_type, live_data_type;

  /* Not registered yet: GtkBuilder finds the exported _get_type functions. */
  g_assert_cmpuint (g_type_from_name ("RillGtkPropertyBinding"), ==, 0);
  g_assert_cmpuint (g_type_from_name ("RillGtkLiveValue"), ==, 0);
  binding_type = gtk_builder_get_type_from_name (builder, "RillGtkPropertyBinding");
  live_value_type = gtk_builder_get_type_from_name (builder, "RillGtkLiveValue");
  live_data_type = gtk_builder_get_type_from_name (builder, "RillMutableLiveData");
  g_assert_cmpuint (binding_type, !=, G_TYPE_INVALID);
  g_assert_cmpuint (binding_type, ==, RILL_GTK_TYPE_PROPERTY_BINDING);
  g_assert_cmpuint (live_value_type, !=, G_TYPE_INVALID);
  g_assert_cmpuint (live_value_type, ==, RILL_GTK_TYPE_LIVE_VALUE);
  g_assert_cmpuint (live_data_type, ==, RILL_TYPE_MUTABLE_LIVE_DATA);
  g_assert_true (g_type_is_a (RILL_GTK_TYPE_PROPERTY_BINDING, GTK_TYPE_BUILDABLE));
}

/* ------------------------------------------------------------------------ */
/* A live data                                                              */

static const char live_data_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <child>"
  "      <object class='GtkLabel' id='label'>"
  "        <property name='label'>initial</property>"
  "      </object>"
  "    </child>"
  "  </object>"
  "  <object class='RillGtkPropertyBinding' id='binding'>"
  "    <property name='source'>text</property>"
  "    <property name='target'>label</property>"
  "    <property name='target-property'>label</property>"
  "  </object>"
  "</interface>";

static void
test_live_data_follows_visibility (void)
{
  RillMutableLiveData *text = rill_mutable_live_data_new (G_TYPE_STRING);
  gpointer binding = NULL, label = NULL;
  GtkWidget *window;
  guint sets = 0;

  g_object_add_weak_pointer (G_OBJECT (text), (gpointer *) &text);
  rill_mutable_live_data_set_string (text, "one");
  window = build_window (live_data_ui, "text", G_OBJECT (text), "binding", &binding, "label", &label, NULL);

  /* The builder is gone: the label keeps the binding, which is made. */
  g_assert_nonnull (binding);
  g_assert_true (rill_gtk_property_binding_is_bound (binding));
  g_assert_true (rill_gtk_property_binding_get_source (binding) == G_OBJECT (text));
  g_assert_true (rill_gtk_property_binding_get_target (binding) == label);
  g_assert_cmpstr (rill_gtk_property_binding_get_target_property (binding), ==, "label");
  g_signal_connect (label, "notify::label", G_CALLBACK (count_notify), &sets);

  /* Not on screen yet: untouched. */
  g_assert_cmpstr (label_text (label), ==, "initial");
  show (window, label);
  g_assert_cmpstr (label_text (label), ==, "one");
  g_assert_cmpuint (sets, ==, 1);
  rill_mutable_live_data_set_string (text, "two");
  g_assert_cmpstr (label_text (label), ==, "two");
  g_assert_cmpuint (sets, ==, 2);

  /* Hidden: nothing is set; shown again: the latest, once. */
  hide (window, label);
  rill_mutable_live_data_set_string (text, "three");
  rill_mutable_live_data_set_string (text, "four");
  iterate_pending ();
  g_assert_cmpstr (label_text (label), ==, "two");
  g_assert_cmpuint (sets, ==, 2);
  show (window, label);
  g_assert_cmpstr (label_text (label), ==, "four");
  g_assert_cmpuint (sets, ==, 3);

  /* Destroyed: the binding, the label and, once we let go, the source. */
  destroy_window (window);
  g_assert_null (binding);
  g_assert_null (label);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (text)));
  g_object_unref (text);
  g_assert_null (text);
}

/* ------------------------------------------------------------------------ */
/* A state flow                                                             */

static void
test_state_flow_follows_visibility (void)
{
  g_auto(GValue) initial = G_VALUE_INIT;
  RillMutableStateFlow *state;
  gpointer binding = NULL, label = NULL;
  GtkWidget *window;

  g_value_init (&initial, G_TYPE_STRING);
  g_value_set_string (&initial, "one");
  state = rill_mutable_state_flow_new (&initial);
  g_object_add_weak_pointer (G_OBJECT (state), (gpointer *) &state);
  window = build_window (live_data_ui, "text", G_OBJECT (state), "binding", &binding, "label", &label, NULL);
  g_assert_true (rill_gtk_property_binding_is_bound (binding));

  iterate_pending ();
  g_assert_cmpstr (label_text (label), ==, "initial");
  show (window, label);
  wait_for_label (label, "one");
  rill_mutable_state_flow_set_string (state, "two");
  wait_for_label (label, "two");

  /* Hidden: the collection is cancelled, the label stays. */
  hide (window, label);
  rill_mutable_state_flow_set_string (state, "three");
  iterate_pending ();
  g_assert_cmpstr (label_text (label), ==, "two");
  rill_mutable_state_flow_set_string (state, "four");
  iterate_pending ();
  g_assert_cmpstr (label_text (label), ==, "two");

  /* Shown again: collected again, from the current value. */
  show (window, label);
  wait_for_label (label, "four");

  destroy_window (window);
  g_assert_null (binding);
  g_assert_null (label);
  /* The collection lets go of the flow once it is cancelled. */
  g_object_unref (state);
  g_assert_true (iterate_until (is_gone, &state, 5000));
}

/* ------------------------------------------------------------------------ */
/* Two ways                                                                 */

static const char two_way_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <child>"
  "      <object class='GtkEntry' id='entry'/>"
  "    </child>"
  "  </object>"
  "  <object class='RillGtkPropertyBinding' id='binding'>"
  "    <property name='source'>query</property>"
  "    <property name='target'>entry</property>"
  "    <property name='target-property'>text</property>"
  "    <property name='flags'>bidirectional</property>"
  "  </object>"
  "</interface>";

static guint deliveries;

static void
count_delivery (RillLiveData *live_data,
                const GValue *value,
                gpointer      user_data)
{
  deliveries++;
}

static void
test_two_way (void)
{
  RillMutableLiveData *query = rill_mutable_live_data_new (G_TYPE_STRING);
  gpointer binding = NULL, entry = NULL;
  GtkWidget *window;
  guint sets = 0;

  g_object_add_weak_pointer (G_OBJECT (query), (gpointer *) &query);
  rill_mutable_live_data_set_string (query, "start");
  window = build_window (two_way_ui, "query", G_OBJECT (query), "binding", &binding, "entry", &entry, NULL);
  g_assert_cmpuint (rill_gtk_property_binding_get_flags (binding), ==, RILL_GTK_BIND_BIDIRECTIONAL);
  g_signal_connect (entry, "notify::text", G_CALLBACK (count_notify), &sets);
  show (window, entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "start");
  g_assert_cmpuint (sets, ==, 1);

  deliveries = 0;
  rill_live_data_observe_forever (RILL_LIVE_DATA (query), count_delivery, NULL, NULL);
  g_assert_cmpuint (deliveries, ==, 1);

  /* Typed: the live data gets it once, and nothing comes back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed");
  g_assert_cmpstr (rill_live_data_get_string (RILL_LIVE_DATA (query)), ==, "typed");
  iterate_pending ();
  g_assert_cmpuint (deliveries, ==, 2);
  g_assert_cmpuint (sets, ==, 2);

  /* Set: the entry gets it once, and nothing comes back. */
  rill_mutable_live_data_set_string (query, "set");
  iterate_pending ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "set");
  g_assert_cmpuint (deliveries, ==, 3);
  g_assert_cmpuint (sets, ==, 3);

  rill_live_data_remove_observer_by_func (RILL_LIVE_DATA (query), count_delivery, NULL);
  destroy_window (window);
  g_assert_null (binding);
  g_assert_null (entry);
  g_object_unref (query);
  g_assert_null (query);
}

/* ------------------------------------------------------------------------ */
/* A template                                                               */

#define TEST_TYPE_PANEL (test_panel_get_type ())
G_DECLARE_FINAL_TYPE (TestPanel, test_panel, TEST, PANEL, GtkBox)

struct _TestPanel
{
  GtkBox                parent_instance;

  RillMutableLiveData  *count;
  RillMutableStateFlow *state;
};

G_DEFINE_FINAL_TYPE (TestPanel, test_panel, GTK_TYPE_BOX)

enum
{
  PANEL_PROP_0,
  PANEL_PROP_COUNT,
  PANEL_PROP_STATE,
};

/* The count is there before the template is read; the state flow comes
 * later, and gets to the template's objects through their bindings. */
static const char panel_ui[] =
  "<interface>"
  "  <template class='TestPanel' parent='GtkBox'>"
  "    <property name='orientation'>vertical</property>"
  "    <child>"
  "      <object class='GtkLabel' id='bound_label'>"
  "        <property name='label'>initial</property>"
  "      </object>"
  "    </child>"
  "    <child>"
  "      <object class='GtkLabel' id='looked_up_label'>"
  "        <property name='label'>initial</property>"
  "      </object>"
  "    </child>"
  "    <child>"
  "      <object class='GtkLabel' id='closure_label'>"
  "        <binding name='label'>"
  "          <closure type='gchararray' function='rill_gtk_value_to_string'>"
  "            <lookup name='value' type='RillLiveData'>"
  "              <lookup name='count'>TestPanel</lookup>"
  "            </lookup>"
  "          </closure>"
  "        </binding>"
  "      </object>"
  "    </child>"
  "    <child>"
  "      <object class='GtkLabel' id='state_label'>"
  "        <property name='label'>initial</property>"
  "      </object>"
  "    </child>"
  "    <child>"
  "      <object class='GtkLabel' id='live_value_label'>"
  "        <binding name='label'>"
  "          <lookup name='string'>state_value</lookup>"
  "        </binding>"
  "      </object>"
  "    </child>"
  "  </template>"
  "  <object class='RillGtkPropertyBinding' id='count_binding'>"
  "    <property name='source' bind-source='TestPanel' bind-property='count' bind-flags='sync-create'/>"
  "    <property name='target'>bound_label</property>"
  "    <property name='target-property'>label</property>"
  "  </object>"
  "  <object class='RillGtkPropertyBinding' id='lookup_binding'>"
  "    <binding name='source'>"
  "      <lookup name='count'>TestPanel</lookup>"
  "    </binding>"
  "    <property name='target'>looked_up_label</property>"
  "    <property name='target-property'>label</property>"
  "  </object>"
  "  <object class='RillGtkPropertyBinding' id='state_binding'>"
  "    <property name='source' bind-source='TestPanel' bind-property='state' bind-flags='sync-create'/>"
  "    <property name='target'>state_label</property>"
  "    <property name='target-property'>label</property>"
  "  </object>"
  "  <object class='RillGtkLiveValue' id='state_value'>"
  "    <property name='owner'>TestPanel</property>"
  "    <property name='source' bind-source='TestPanel' bind-property='state' bind-flags='sync-create'/>"
  "  </object>"
  "</interface>";

static void
test_panel_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TestPanel *self = TEST_PANEL (object);

  switch (prop_id)
    {
    case PANEL_PROP_COUNT:
      g_value_set_object (value, self->count);
      break;
    case PANEL_PROP_STATE:
      g_value_set_object (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_panel_dispose (GObject *object)
{
  TestPanel *self = TEST_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TEST_TYPE_PANEL);
  g_clear_object (&self->count);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (test_panel_parent_class)->dispose (object);
}

static void
test_panel_class_init (TestPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr(GBytes) ui = g_bytes_new_static (panel_ui, sizeof panel_ui - 1);
  const char *children[] = {
    "bound_label", "looked_up_label", "closure_label", "state_label", "live_value_label",
    "count_binding", "lookup_binding", "state_binding", "state_value",
  };

  object_class->get_property = test_panel_get_property;
  object_class->dispose = test_panel_dispose;

  g_object_class_install_property (object_class, PANEL_PROP_COUNT,
    g_param_spec_object ("count", NULL, NULL, RILL_TYPE_LIVE_DATA,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, PANEL_PROP_STATE,
    g_param_spec_object ("state", NULL, NULL, RILL_TYPE_STATE_FLOW,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template (widget_class, ui);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i], FALSE, 0);
}

static void
test_panel_init (TestPanel *self)
{
  g_auto(GValue) initial = G_VALUE_INIT;

  self->count = rill_mutable_live_data_new (G_TYPE_INT);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_value_init (&initial, G_TYPE_STRING);
  g_value_set_string (&initial, "idle");
  self->state = rill_mutable_state_flow_new (&initial);
  g_object_notify (G_OBJECT (self), "state");
}

static gpointer
panel_child (GtkWidget  *panel,
             const char *name)
{
  GObject *child = gtk_widget_get_template_child (panel, TEST_TYPE_PANEL, name);

  g_assert_nonnull (child);
  return child;
}

static void
test_template (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = g_object_new (TEST_TYPE_PANEL, NULL);
  RillMutableLiveData *count = TEST_PANEL (panel)->count;
  RillMutableStateFlow *state = TEST_PANEL (panel)->state;
  GtkWidget *bound = panel_child (panel, "bound_label");
  GtkWidget *looked_up = panel_child (panel, "looked_up_label");
  GtkWidget *closure = panel_child (panel, "closure_label");
  GtkWidget *state_label = panel_child (panel, "state_label");
  GtkWidget *live_value_label = panel_child (panel, "live_value_label");
  gpointer count_binding = panel_child (panel, "count_binding");
  gpointer lookup_binding = panel_child (panel, "lookup_binding");
  gpointer state_binding = panel_child (panel, "state_binding");
  gpointer state_value = panel_child (panel, "state_value");

  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  g_object_add_weak_pointer (G_OBJECT (count), (gpointer *) &count);
  g_object_add_weak_pointer (G_OBJECT (state), (gpointer *) &state);
  g_object_add_weak_pointer (count_binding, &count_binding);
  g_object_add_weak_pointer (lookup_binding, &lookup_binding);
  g_object_add_weak_pointer (state_binding, &state_binding);
  g_object_add_weak_pointer (state_value, &state_value);

  /* Each source reached its object: the count through a property binding
   * and through an expression, the state set after the template was read. */
  g_assert_true (rill_gtk_property_binding_get_source (count_binding) == G_OBJECT (count));
  g_assert_true (rill_gtk_property_binding_get_source (lookup_binding) == G_OBJECT (count));
  g_assert_true (rill_gtk_property_binding_get_source (state_binding) == G_OBJECT (state));
  g_assert_true (rill_gtk_live_value_get_source (state_value) == G_OBJECT (state));
  g_assert_true (rill_gtk_live_value_get_owner (state_value) == panel);
  g_assert_true (rill_gtk_property_binding_is_bound (count_binding));
  g_assert_true (rill_gtk_property_binding_is_bound (lookup_binding));
  g_assert_true (rill_gtk_property_binding_is_bound (state_binding));

  /* The live value has the state flow's value at once; the expressions
   * follow whether they are shown or not. */
  g_assert_cmpstr (label_text (live_value_label), ==, "idle");
  g_assert_cmpstr (label_text (closure), ==, "");
  rill_mutable_live_data_set_int (count, 1);
  g_assert_cmpstr (label_text (closure), ==, "1");
  g_assert_cmpstr (label_text (bound), ==, "initial");
  g_assert_cmpstr (label_text (looked_up), ==, "initial");
  g_assert_cmpstr (label_text (state_label), ==, "initial");

  gtk_window_set_child (GTK_WINDOW (window), panel);
  show (window, panel);
  g_assert_cmpstr (label_text (bound), ==, "1");
  g_assert_cmpstr (label_text (looked_up), ==, "1");
  wait_for_label (state_label, "idle");
  rill_mutable_live_data_set_int (count, 2);
  rill_mutable_state_flow_set_string (state, "busy");
  g_assert_cmpstr (label_text (bound), ==, "2");
  g_assert_cmpstr (label_text (looked_up), ==, "2");
  g_assert_cmpstr (label_text (closure), ==, "2");
  wait_for_label (state_label, "busy");
  wait_for_label (live_value_label, "busy");

  /* Hidden: the lifecycle-aware bindings stay, the expressions do not. */
  hide (window, panel);
  rill_mutable_live_data_set_int (count, 3);
  rill_mutable_state_flow_set_string (state, "done");
  wait_for_label (live_value_label, "done");
  g_assert_cmpstr (label_text (closure), ==, "3");
  g_assert_cmpstr (label_text (bound), ==, "2");
  g_assert_cmpstr (label_text (looked_up), ==, "2");
  g_assert_cmpstr (label_text (state_label), ==, "busy");

  /* Shown again: the latest. */
  show (window, panel);
  g_assert_cmpstr (label_text (bound), ==, "3");
  g_assert_cmpstr (label_text (looked_up), ==, "3");
  wait_for_label (state_label, "done");

  /* Gone with the panel: its objects, the bindings, and the sources. */
  destroy_window (window);
  g_assert_null (panel);
  g_assert_null (count_binding);
  g_assert_null (lookup_binding);
  g_assert_null (state_value);
  g_assert_true (iterate_until (is_gone, &state_binding, 5000));
  g_assert_null (count);
  g_assert_true (iterate_until (is_gone, &state, 5000));
}

/* ------------------------------------------------------------------------ */
/* Expressions                                                              */

static const char expression_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <child>"
  "      <object class='GtkBox'>"
  "        <child>"
  "          <object class='GtkLabel' id='label'>"
  "            <binding name='label'>"
  "              <closure type='gchararray' function='rill_gtk_value_to_string'>"
  "                <lookup name='value'>count</lookup>"
  "              </closure>"
  "            </binding>"
  "            <binding name='visible'>"
  "              <closure type='gboolean' function='rill_gtk_value_to_boolean'>"
  "                <lookup name='value'>count</lookup>"
  "              </closure>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "        <child>"
  "          <object class='GtkProgressBar' id='bar'>"
  "            <binding name='fraction'>"
  "              <lookup name='double'>fraction_value</lookup>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "      </object>"
  "    </child>"
  "  </object>"
  "  <object class='RillGtkLiveValue' id='fraction_value'>"
  "    <property name='owner'>bar</property>"
  "    <property name='source'>fraction</property>"
  "  </object>"
  "</interface>";

typedef struct
{
  RillMutableStateFlow *flow;
  double value;
  GtkWidget *bar;
} ThreadSet;

static gpointer
set_from_thread (gpointer data)
{
  ThreadSet *set = data;

  rill_mutable_state_flow_set_double (set->flow, set->value);
  return NULL;
}

static GThread *main_thread;
static guint notifies_off_main;

static void
check_thread (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  if (g_thread_self () != main_thread)
    notifies_off_main++;
}

static gboolean
fraction_is (gpointer data)
{
  ThreadSet *set = data;

  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (set->bar)) == set->value;
}

static void
test_expressions (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GError) error = NULL;
  RillMutableLiveData *count = rill_mutable_live_data_new (G_TYPE_INT);
  RillMutableStateFlow *fraction;
  gpointer fraction_value;
  GtkWidget *window, *label, *bar;
  g_auto(GValue) initial = G_VALUE_INIT;
  ThreadSet set = { NULL, 0.75, NULL };
  GThread *thread;

  g_value_init (&initial, G_TYPE_DOUBLE);
  g_value_set_double (&initial, 0.25);
  fraction = rill_mutable_state_flow_new (&initial);
  set.flow = fraction;

  g_object_add_weak_pointer (G_OBJECT (count), (gpointer *) &count);
  g_object_add_weak_pointer (G_OBJECT (fraction), (gpointer *) &fraction);
  /* The closures from a scope of one's own. */
  rill_gtk_builder_cscope_add_callbacks (GTK_BUILDER_CSCOPE (scope));
  gtk_builder_set_scope (builder, scope);
  gtk_builder_expose_object (builder, "count", G_OBJECT (count));
  gtk_builder_expose_object (builder, "fraction", G_OBJECT (fraction));
  g_assert_true (gtk_builder_add_from_string (builder, expression_ui, -1, &error));
  g_assert_no_error (error);
  window = GTK_WIDGET (gtk_builder_get_object (builder, "window"));
  label = GTK_WIDGET (gtk_builder_get_object (builder, "label"));
  bar = GTK_WIDGET (gtk_builder_get_object (builder, "bar"));
  fraction_value = gtk_builder_get_object (builder, "fraction_value");
  g_object_add_weak_pointer (fraction_value, &fraction_value);
  g_clear_object (&builder);

  /* No value: an empty label, hidden. */
  g_assert_cmpstr (label_text (label), ==, "");
  g_assert_false (gtk_widget_get_visible (label));
  rill_mutable_live_data_set_int (count, 5);
  g_assert_cmpstr (label_text (label), ==, "5");
  g_assert_true (gtk_widget_get_visible (label));
  rill_mutable_live_data_set_int (count, 0);
  g_assert_cmpstr (label_text (label), ==, "0");
  g_assert_false (gtk_widget_get_visible (label));

  /* A state flow set from another thread notifies on the main thread. */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.25);
  main_thread = g_thread_self ();
  notifies_off_main = 0;
  g_signal_connect (fraction_value, "notify", G_CALLBACK (check_thread), NULL);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (check_thread), NULL);
  set.bar = bar;
  thread = g_thread_new ("setter", set_from_thread, &set);
  g_thread_join (thread);
  g_assert_true (iterate_until (fraction_is, &set, 5000));
  g_assert_cmpfloat (rill_gtk_live_value_get_double (fraction_value), ==, 0.75);
  g_assert_cmpuint (notifies_off_main, ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  destroy_window (window);
  g_assert_true (iterate_until (is_gone, &fraction_value, 5000));
  g_object_unref (count);
  g_assert_null (count);
  g_object_unref (fraction);
  g_assert_true (iterate_until (is_gone, &fraction, 5000));
}

/* ------------------------------------------------------------------------ */
/* Changes from C                                                           */

static void
test_rebinds (void)
{
  g_autoptr(RillMutableLiveData) first = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillMutableLiveData) second = rill_mutable_live_data_new (G_TYPE_UINT);
  GtkWidget *label = gtk_label_new ("initial");
  GtkWidget *other = gtk_label_new ("other");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *window = gtk_window_new ();
  RillGtkPropertyBinding *binding, *disposed;

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), other);
  gtk_window_set_child (GTK_WINDOW (window), box);
  show (window, label);

  rill_mutable_live_data_set_string (first, "first");
  binding = rill_gtk_property_binding_new (G_OBJECT (first), label, "label", RILL_GTK_BIND_DEFAULT);
  g_object_add_weak_pointer (G_OBJECT (binding), (gpointer *) &binding);
  /* Ours and the label's. */
  g_object_unref (binding);
  g_assert_nonnull (binding);
  g_assert_cmpstr (label_text (label), ==, "first");

  /* Another source: the old one is let go. */
  rill_mutable_live_data_set_uint (second, 2);
  rill_gtk_property_binding_set_source (binding, G_OBJECT (second));
  g_assert_cmpstr (label_text (label), ==, "2");
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (first)));
  rill_mutable_live_data_set_string (first, "ignored");
  g_assert_cmpstr (label_text (label), ==, "2");

  /* Another target: the new one holds the binding. */
  rill_gtk_property_binding_set_target (binding, other);
  g_assert_cmpstr (label_text (other), ==, "2");
  rill_mutable_live_data_set_uint (second, 3);
  g_assert_cmpstr (label_text (other), ==, "3");
  g_assert_cmpstr (label_text (label), ==, "2");

  /* Another property. */
  rill_gtk_property_binding_set_target_property (binding, "tooltip-text");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (other), ==, "3");
  rill_mutable_live_data_set_uint (second, 4);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (other), ==, "4");
  g_assert_cmpstr (label_text (other), ==, "3");

  /* Removing the target drops the binding, which nothing else holds. */
  rill_gtk_property_binding_set_target (binding, NULL);
  g_assert_null (binding);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (second)));

  /* Disposed while its target holds it: unbound, and let go. */
  disposed = rill_gtk_property_binding_new (G_OBJECT (second), label, "label", RILL_GTK_BIND_DEFAULT);
  g_assert_cmpstr (label_text (label), ==, "4");
  g_object_run_dispose (G_OBJECT (disposed));
  g_assert_false (rill_gtk_property_binding_is_bound (disposed));
  g_assert_null (rill_gtk_property_binding_get_target (disposed));
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (second)));
  rill_mutable_live_data_set_uint (second, 5);
  g_assert_cmpstr (label_text (label), ==, "4");
  /* Ours is the last reference: the label let go. */
  g_object_add_weak_pointer (G_OBJECT (disposed), (gpointer *) &disposed);
  g_object_unref (disposed);
  g_assert_null (disposed);

  destroy_window (window);
}

/* ------------------------------------------------------------------------ */
/* Bad input                                                                */

static const char one_label_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <child>"
  "      <object class='GtkLabel' id='label'/>"
  "    </child>"
  "  </object>"
  "  <object class='RillGtkPropertyBinding' id='binding'>"
  "    %s"
  "  </object>"
  "</interface>";

static GtkWidget *
build_bad (const char *properties,
           GObject    *source,
           gpointer   *binding)
{
  g_autofree char *ui = g_strdup_printf (one_label_ui, properties);

  return build_window (ui, "source", source, "binding", binding, NULL);
}

static void
test_bad_input (void)
{
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillFlow) flow = rill_live_data_as_flow (RILL_LIVE_DATA (text));
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *misspelt =
    "<interface>"
    "  <object class='RillGtkPropertyBinding'>"
    "    <property name='taget'>label</property>"
    "  </object>"
    "</interface>";
  gpointer binding = NULL;
  GtkWidget *window;

  /* A property the target does not have. */
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding: GtkLabel has no writable property 'missing'");
  window = build_bad ("<property name='source'>source</property>"
                      "<property name='target'>label</property>"
                      "<property name='target-property'>missing</property>",
                      G_OBJECT (text), &binding);
  g_test_assert_expected_messages ();
  g_assert_false (rill_gtk_property_binding_is_bound (binding));
  destroy_window (window);
  g_assert_null (binding);

  /* A property of a type the values do not convert to. */
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding: values of type 'gchararray' cannot be set on the "
                         "property 'wrap' of GtkLabel, of type 'gboolean'");
  window = build_bad ("<property name='source'>source</property>"
                      "<property name='target'>label</property>"
                      "<property name='target-property'>wrap</property>",
                      G_OBJECT (text), &binding);
  g_test_assert_expected_messages ();
  g_assert_false (rill_gtk_property_binding_is_bound (binding));
  destroy_window (window);

  /* A source that is neither a live data nor a flow. */
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding: the source must be a RillLiveData or a RillFlow, not a GtkLabel");
  window = build_bad ("<property name='source'>label</property>"
                      "<property name='target'>label</property>"
                      "<property name='target-property'>label</property>",
                      NULL, &binding);
  g_test_assert_expected_messages ();
  g_assert_null (rill_gtk_property_binding_get_source (binding));
  destroy_window (window);

  /* Two ways with a flow. */
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding: a two-way binding of the property 'label' of GtkLabel "
                         "needs a RillMutableLiveData as its source; a * only goes one way");
  window = build_bad ("<property name='source'>source</property>"
                      "<property name='target'>label</property>"
                      "<property name='target-property'>label</property>"
                      "<property name='flags'>bidirectional</property>",
                      G_OBJECT (flow), &binding);
  g_test_assert_expected_messages ();
  g_assert_false (rill_gtk_property_binding_is_bound (binding));
  destroy_window (window);

  /* No target: said when the builder is done. */
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding 'binding': no target widget; set its property 'target'");
  window = build_bad ("<property name='source'>source</property>"
                      "<property name='target-property'>label</property>",
                      G_OBJECT (text), &binding);
  g_test_assert_expected_messages ();
  /* Nothing holds it but the builder, which is gone. */
  g_assert_null (binding);
  destroy_window (window);

  /* No source: said when the target is shown without one. */
  window = build_bad ("<property name='target'>label</property>"
                      "<property name='target-property'>label</property>",
                      NULL, &binding);
  g_assert_false (rill_gtk_property_binding_is_bound (binding));
  g_test_expect_message ("RillGtk", G_LOG_LEVEL_CRITICAL,
                         "RillGtkPropertyBinding: GtkLabel is shown, but the binding of its property "
                         "'label' has no source*");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, window, 5000));
  g_test_assert_expected_messages ();
  destroy_window (window);
  g_assert_null (binding);

  /* A misspelt property of the binding object itself: GtkBuilder's error. */
  g_assert_false (gtk_builder_add_from_string (builder, misspelt, -1, &error));
  g_assert_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_PROPERTY);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (text)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  g_main_context_acquire (NULL);

  /* First: it looks the types up before anything registers them. */
  g_test_add_func ("/gtk/builder/types-by-name", test_types_by_name);
  g_test_add_func ("/gtk/builder/live-data-follows-visibility", test_live_data_follows_visibility);
  g_test_add_func ("/gtk/builder/state-flow-follows-visibility", test_state_flow_follows_visibility);
  g_test_add_func ("/gtk/builder/two-way", test_two_way);
  g_test_add_func ("/gtk/builder/template", test_template);
  g_test_add_func ("/gtk/builder/expressions", test_expressions);
  g_test_add_func ("/gtk/builder/rebinds", test_rebinds);
  g_test_add_func ("/gtk/builder/bad-input", test_bad_input);

  return g_test_run ();
}
