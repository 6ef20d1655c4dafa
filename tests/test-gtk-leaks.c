/* test-gtk-leaks.c: nothing is left once the windows are destroyed
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run). Each test builds a real window with one
 * part of the GTK layer at work — coroutines in widget scopes, bindings,
 * list rows, view models, list models fed by flows, the whole demo — then
 * destroys it and checks with weak pointers that every widget, lifecycle,
 * model and source is finalized, that every closure's data was destroyed
 * exactly once, and that no coroutine is left (debug mode counts them).
 */

#include <rill-gtk.h>

#include "test-gtk.h"

#ifdef RILL_TEST_WITH_DEMO
# include "rill-demo-live-data-page.h"
# include "rill-demo-live-list-page.h"
# include "rill-demo-search-page.h"
# include "rill-demo-window.h"
#endif

/* ------------------------------------------------------------------------ */
/* Weak pointers                                                            */

typedef struct
{
  gpointer object;
  char *what;
} Watched;

static GPtrArray *watched;

static void
watched_free (gpointer data)
{
  Watched *w = data;

  if (w->object != NULL)
    g_object_remove_weak_pointer (w->object, &w->object);
  g_free (w->what);
  g_free (w);
}

/* Returns @object, now followed by a weak pointer. */
static gpointer
watch (gpointer    object,
       const char *what)
{
  Watched *w = g_new0 (Watched, 1);

  g_assert_true (G_IS_OBJECT (object));
  w->object = object;
  w->what = g_strdup (what);
  g_object_add_weak_pointer (object, &w->object);
  g_ptr_array_add (watched, w);
  return object;
}

static guint
count_alive (void)
{
  guint n = 0;

  for (guint i = 0; i < watched->len; i++)
    n += ((Watched *) g_ptr_array_index (watched, i))->object != NULL;
  return n;
}

static gboolean
all_gone (gpointer data)
{
  return count_alive () == 0;
}

/* Runs the main context until every watched object is finalized, and
 * names those that are not. */
static void
assert_all_gone (guint timeout_ms)
{
  iterate_until (all_gone, NULL, timeout_ms);
  for (guint i = 0; i < watched->len; i++)
    {
      Watched *w = g_ptr_array_index (watched, i);

      if (w->object != NULL)
        g_test_message ("not finalized: %s (%s %p, %u references)", w->what,
                        G_OBJECT_TYPE_NAME (w->object), w->object,
                        g_atomic_int_get (&G_OBJECT (w->object)->ref_count));
    }
  g_assert_cmpuint (count_alive (), ==, 0);
  g_ptr_array_set_size (watched, 0);
}

/* ------------------------------------------------------------------------ */
/* Closures and coroutines                                                  */

/* The data of a closure: how often it ran, and how often it was destroyed. */
typedef struct
{
  guint calls;
  guint destroyed;
} Closure;

static void
closure_destroy (gpointer data)
{
  Closure *closure = data;

  closure->destroyed++;
}

static gboolean
no_coroutines (gpointer data)
{
  return rill_debug_count_coroutines () == 0;
}

static void
assert_no_coroutines (void)
{
  if (!iterate_until (no_coroutines, NULL, 5000))
    {
      g_autofree char *dump = rill_dump_coroutines_to_string ();

      g_test_message ("left:\n%s", dump);
    }
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
}

static gboolean
coroutines_are (gpointer data)
{
  return rill_debug_count_coroutines () == GPOINTER_TO_UINT (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

typedef struct
{
  Closure *closure;
  guint calls;
} CallsWait;

static gboolean
called_at_least (gpointer data)
{
  CallsWait *wait = data;

  return wait->closure->calls >= wait->calls;
}

static void
wait_for_calls (Closure *closure,
                guint    calls)
{
  CallsWait wait = { closure, calls };

  g_assert_true (iterate_until (called_at_least, &wait, 5000));
}

/* ------------------------------------------------------------------------ */
/* Coroutines in widget scopes                                              */

/* Counts its runs and ticks until cancelled. */
static void
tick_until_cancelled (RillScope *scope,
                      gpointer   user_data)
{
  Closure *closure = user_data;

  closure->calls++;
  while (rill_delay (10))
    ;
}

typedef struct
{
  RillLifecycle *lifecycle;   /* outlives the coroutine: its scope is the lifecycle's */
  Closure *outer;
  Closure *block;
} Repeater;

static void
repeater_free (gpointer data)
{
  Repeater *repeater = data;

  closure_destroy (repeater->outer);
  g_free (repeater);
}

static void
repeat_while_started (RillScope *scope,
                      gpointer   user_data)
{
  Repeater *repeater = user_data;

  repeater->outer->calls++;
  rill_repeat_on_lifecycle (repeater->lifecycle, RILL_LIFECYCLE_STATE_STARTED,
                            tick_until_cancelled, repeater->block);
}

static void
count_event (RillLifecycle      *lifecycle,
             RillLifecycleEvent  event,
             gpointer            user_data)
{
  Closure *closure = user_data;

  closure->calls++;
}

static void
test_widget_scopes (void)
{
  GtkWidget *window = watch (gtk_window_new (), "window");
  GtkWidget *box = watch (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "box");
  GtkWidget *ticking = watch (gtk_label_new ("ticking"), "ticking label");
  GtkWidget *repeating = watch (gtk_label_new ("repeating"), "repeating label");
  GtkWidget *hidden = watch (gtk_label_new ("hidden"), "hidden label");
  Closure ticks = { 0, }, hidden_ticks = { 0, }, outer = { 0, }, block = { 0, };
  Closure events = { 0, };
  Repeater *repeater = g_new0 (Repeater, 1);
  RillLifecycle *lifecycle;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);

  gtk_box_append (GTK_BOX (box), ticking);
  gtk_box_append (GTK_BOX (box), repeating);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_widget_set_visible (hidden, FALSE);
  gtk_window_set_child (GTK_WINDOW (window), box);

  /* The scopes keep their jobs: the test drops its references at once. */
  rill_job_unref (rill_launch (rill_gtk_widget_get_scope (ticking), NULL, tick_until_cancelled,
                               &ticks, closure_destroy));
  rill_job_unref (rill_launch (rill_gtk_widget_get_scope (hidden), NULL, tick_until_cancelled,
                               &hidden_ticks, closure_destroy));
  lifecycle = watch (rill_gtk_widget_get_lifecycle (repeating), "repeating label's lifecycle");
  repeater->lifecycle = lifecycle;
  repeater->outer = &outer;
  repeater->block = &block;
  rill_job_unref (rill_launch (rill_gtk_widget_get_scope (repeating), NULL, repeat_while_started,
                               repeater, repeater_free));
  rill_lifecycle_add_observer (lifecycle, count_event, &events, closure_destroy);
  watch (rill_gtk_widget_get_lifecycle (ticking), "ticking label's lifecycle");
  watch (rill_gtk_widget_get_lifecycle (hidden), "hidden label's lifecycle");
  watch (rill_gtk_widget_get_lifecycle (window), "window's lifecycle");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, repeating, 5000));
  wait_for_calls (&block, 1);
  wait_for_calls (&ticks, 1);
  wait_for_calls (&hidden_ticks, 1);
  iterate_for (50);
  g_assert_cmpuint (ticks.calls, ==, 1);
  g_assert_cmpuint (outer.calls, ==, 1);
  g_assert_cmpuint (block.calls, ==, 1);
  /* Two tickers, the repeating coroutine and its run. */
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 4);

  /* Hidden: the run is cancelled and goes; shown again, a new one. */
  gtk_widget_set_visible (repeating, FALSE);
  g_assert_true (iterate_until (coroutines_are, GUINT_TO_POINTER (3), 5000));
  gtk_widget_set_visible (repeating, TRUE);
  wait_for_calls (&block, 2);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  assert_all_gone (5000);
  assert_no_coroutines ();
  g_assert_cmpuint (ticks.destroyed, ==, 1);
  g_assert_cmpuint (hidden_ticks.destroyed, ==, 1);
  g_assert_cmpuint (outer.destroyed, ==, 1);
  /* The block's data is the caller's: repeat_on_lifecycle never frees it. */
  g_assert_cmpuint (block.destroyed, ==, 0);
  g_assert_cmpuint (events.destroyed, ==, 1);
  /* create, start, resume; pause, stop; start, resume; pause, stop, destroy */
  g_assert_cmpuint (events.calls, ==, 10);
}

/* ------------------------------------------------------------------------ */
/* Bindings                                                                 */

static gboolean
emit_then_wait (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Closure *closure = user_data;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *text = g_strdup_printf ("flow %u", ++closure->calls);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  if (!rill_flow_emitter_emit (emitter, &value, error))
    return FALSE;
  while (rill_delay (10))
    ;
  return TRUE;
}

static void
shout (const GValue *value,
       GValue       *result,
       gpointer      user_data)
{
  Closure *closure = user_data;

  closure->calls++;
  g_value_take_string (result, g_ascii_strup (g_value_get_string (value) != NULL
                                              ? g_value_get_string (value) : "", -1));
}

typedef struct
{
  GtkWidget  *label;
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

static void
test_bindings (void)
{
  GtkWidget *window = watch (gtk_window_new (), "window");
  GtkWidget *box = watch (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "box");
  GtkWidget *one_way = watch (gtk_label_new (NULL), "label bound one way");
  GtkWidget *shouted = watch (gtk_label_new (NULL), "label bound to a mapped live data");
  GtkWidget *entry = watch (gtk_entry_new (), "entry bound both ways");
  GtkWidget *toggle = watch (gtk_switch_new (), "switch bound both ways");
  GtkWidget *from_flow = watch (gtk_label_new (NULL), "label bound to a flow");
  GtkWidget *from_state = watch (gtk_label_new (NULL), "label bound to a state flow");
  RillMutableLiveData *text = watch (rill_mutable_live_data_new (G_TYPE_STRING), "text");
  RillMutableLiveData *typed = watch (rill_mutable_live_data_new (G_TYPE_STRING), "typed text");
  RillMutableLiveData *active = watch (rill_mutable_live_data_new (G_TYPE_BOOLEAN), "active");
  Closure shout_closure = { 0, }, producer = { 0, };
  RillLiveData *upper;
  RillFlow *flow;
  RillMutableStateFlow *state;
  RillDisposable *bindings[6];
  g_auto(GValue) initial = G_VALUE_INIT;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);

  upper = watch (rill_live_data_map (RILL_LIVE_DATA (text), G_TYPE_STRING, shout,
                                     &shout_closure, closure_destroy),
                 "mapped live data");
  flow = watch (rill_flow_new (G_TYPE_STRING, emit_then_wait, &producer, closure_destroy), "flow");
  g_value_init (&initial, G_TYPE_STRING);
  g_value_set_string (&initial, "state 0");
  state = watch (rill_mutable_state_flow_new (&initial), "state flow");

  gtk_box_append (GTK_BOX (box), one_way);
  gtk_box_append (GTK_BOX (box), shouted);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), toggle);
  gtk_box_append (GTK_BOX (box), from_flow);
  gtk_box_append (GTK_BOX (box), from_state);
  gtk_window_set_child (GTK_WINDOW (window), box);

  rill_mutable_live_data_set_string (text, "one");
  rill_mutable_live_data_set_string (typed, "initial");
  rill_mutable_live_data_set_boolean (active, FALSE);
  bindings[0] = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), one_way, "label", RILL_GTK_BIND_DEFAULT);
  bindings[1] = rill_gtk_bind_live_data (upper, shouted, "label", RILL_GTK_BIND_DEFAULT);
  bindings[2] = rill_gtk_bind_live_data (RILL_LIVE_DATA (typed), entry, "text", RILL_GTK_BIND_BIDIRECTIONAL);
  bindings[3] = rill_gtk_bind_live_data (RILL_LIVE_DATA (active), toggle, "active", RILL_GTK_BIND_BIDIRECTIONAL);
  bindings[4] = rill_gtk_bind_flow (flow, from_flow, "label");
  bindings[5] = rill_gtk_bind_flow (RILL_FLOW (state), from_state, "label");
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_assert_nonnull (bindings[i]);

  /* The bindings are the sources' only users from here on. */
  g_object_unref (text);
  g_object_unref (typed);
  g_object_unref (active);
  g_object_unref (upper);
  g_object_unref (flow);
  g_object_unref (state);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, from_state, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (one_way)), ==, "one");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (shouted)), ==, "ONE");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "initial");
  wait_for_label (from_flow, "flow 1");
  wait_for_label (from_state, "state 0");

  /* Both ways. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed");
  g_assert_cmpstr (rill_live_data_get_string (RILL_LIVE_DATA (typed)), ==, "typed");
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (rill_live_data_get_boolean (RILL_LIVE_DATA (active)));
  rill_mutable_live_data_set_string (text, "two");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (shouted)), ==, "TWO");
  g_value_set_string (&initial, "state 1");
  rill_mutable_state_flow_set_value (state, &initial);
  wait_for_label (from_state, "state 1");
  g_assert_true (rill_live_data_has_observers (RILL_LIVE_DATA (active)));

  /* One binding ends before the window, by its disposable, which the test
   * keeps: its live data, which only the binding held, goes at once. */
  g_object_add_weak_pointer (G_OBJECT (active), (gpointer *) &active);
  rill_disposable_dispose (bindings[3]);
  g_assert_null (active);

  /* Each flow binding's coroutine and the run that collects (the cold
   * flow's producer runs in it). */
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 4);

  /* The disposables outlive the window: a binding that ended with its
   * widget keeps nothing of its source. */
  gtk_window_destroy (GTK_WINDOW (window));
  assert_all_gone (5000);
  assert_no_coroutines ();
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      rill_disposable_dispose (bindings[i]);
      rill_disposable_unref (bindings[i]);
    }
  g_assert_cmpuint (shout_closure.destroyed, ==, 1);
  g_assert_cmpuint (producer.destroyed, ==, 1);
  g_assert_cmpuint (producer.calls, ==, 1);
}

/* ------------------------------------------------------------------------ */
/* List rows                                                                */

typedef struct
{
  GtkListItem *list_item;
  char *item;
} RowWork;

static GHashTable *live_row_work;   /* RowWork *, not freed yet */
static guint n_binds;
static guint n_row_work_freed;
static guint n_row_observers_freed;
static guint n_late_writes;

static void
row_work_free (gpointer data)
{
  RowWork *work = data;

  /* Exactly once: a second free would find it gone. */
  g_assert_true (g_hash_table_remove (live_row_work, work));
  n_row_work_freed++;
  g_free (work->item);
  g_free (work);
}

static void
row_observer_free (gpointer data)
{
  n_row_observers_freed++;
  g_free (data);
}

static void
refresh_row (RillScope *scope,
             gpointer   user_data)
{
  RowWork *work = user_data;

  while (rill_delay (15))
    {
      GtkStringObject *item = gtk_list_item_get_item (work->list_item);

      if (item == NULL || g_strcmp0 (gtk_string_object_get_string (item), work->item) != 0)
        n_late_writes++;
    }
}

static void
row_value (RillLiveData *live_data,
           const GValue *value,
           gpointer      user_data)
{
}

static RillMutableLiveData *row_source;

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  watch (list_item, "list item");
  gtk_list_item_set_child (list_item, watch (gtk_label_new (NULL), "row's label"));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  RillLifecycle *lifecycle = rill_gtk_list_item_get_lifecycle (list_item);
  RowWork *work = g_new0 (RowWork, 1);

  n_binds++;
  watch (lifecycle, "list item's binding lifecycle");
  work->list_item = list_item;
  work->item = g_strdup (gtk_string_object_get_string (item));
  g_hash_table_add (live_row_work, work);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), work->item);
  rill_job_unref (rill_launch (rill_gtk_list_item_get_scope (list_item), NULL, refresh_row,
                               work, row_work_free));
  rill_live_data_observe (RILL_LIVE_DATA (row_source), RILL_LIFECYCLE_OWNER (lifecycle),
                          row_value, g_strdup (work->item), row_observer_free);
}

static gboolean
binds_reached (gpointer data)
{
  return n_binds >= GPOINTER_TO_UINT (data);
}

static void
test_list_items (void)
{
  GtkWidget *window = watch (gtk_window_new (), "window");
  GtkWidget *scrolled = watch (gtk_scrolled_window_new (), "scrolled window");
  GtkStringList *strings = watch (gtk_string_list_new (NULL), "string list");
  GtkListItemFactory *factory = watch (gtk_signal_list_item_factory_new (), "factory");
  GtkNoSelection *selection;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  guint first_binds;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
  live_row_work = g_hash_table_new (NULL, NULL);
  n_binds = n_row_work_freed = n_row_observers_freed = n_late_writes = 0;
  row_source = watch (rill_mutable_live_data_new (G_TYPE_INT), "rows' live data");
  rill_mutable_live_data_set_int (row_source, 1);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("row %u", i);

      gtk_string_list_append (strings, text);
    }
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (strings), i);

      watch (item, "item");
    }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  selection = watch (gtk_no_selection_new (G_LIST_MODEL (strings)), "selection model");
  view = watch (gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory), "list view");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 200);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (binds_reached, GUINT_TO_POINTER (5), 5000));
  iterate_for (100);
  first_binds = n_binds;
  g_assert_cmpuint (g_hash_table_size (live_row_work), ==, n_binds);
  g_assert_cmpuint (rill_live_data_get_observer_count (RILL_LIVE_DATA (row_source)), ==, n_binds);

  /* Scrolled to the end and back: the rows are bound to other items. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  for (guint step = 1; step <= 5; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * step / 5);
      iterate_for (150);
    }
  gtk_adjustment_set_value (adjustment, 0);
  iterate_for (150);
  g_test_message ("%u bindings, %u at first", n_binds, first_binds);
  g_assert_cmpuint (n_binds, >, first_binds);
  /* Each binding that ended freed its work and its observation. */
  g_assert_cmpuint (n_row_work_freed + g_hash_table_size (live_row_work), ==, n_binds);
  g_assert_cmpuint (rill_live_data_get_observer_count (RILL_LIVE_DATA (row_source)),
                    ==, n_binds - n_row_observers_freed);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, g_hash_table_size (live_row_work));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (row_source)));
  g_object_unref (row_source);
  assert_all_gone (5000);
  assert_no_coroutines ();
  g_assert_cmpuint (n_row_work_freed, ==, n_binds);
  g_assert_cmpuint (n_row_observers_freed, ==, n_binds);
  g_assert_cmpuint (g_hash_table_size (live_row_work), ==, 0);
  g_assert_cmpuint (n_late_writes, ==, 0);
  g_clear_pointer (&live_row_work, g_hash_table_unref);
  row_source = NULL;
}

/* ------------------------------------------------------------------------ */
/* View models                                                              */

#define TEST_TYPE_COUNTER_MODEL (test_counter_model_get_type ())
G_DECLARE_FINAL_TYPE (TestCounterModel, test_counter_model, TEST, COUNTER_MODEL, RillViewModel)

struct _TestCounterModel
{
  RillViewModel parent_instance;

  RillMutableLiveData *count;
};

G_DEFINE_FINAL_TYPE (TestCounterModel, test_counter_model, RILL_TYPE_VIEW_MODEL)

static guint n_cleared;

static void
test_counter_model_on_cleared (RillViewModel *model)
{
  n_cleared++;
}

static void
test_counter_model_finalize (GObject *object)
{
  TestCounterModel *self = TEST_COUNTER_MODEL (object);

  g_clear_object (&self->count);
  G_OBJECT_CLASS (test_counter_model_parent_class)->finalize (object);
}

static void
test_counter_model_class_init (TestCounterModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counter_model_finalize;
  RILL_VIEW_MODEL_CLASS (klass)->on_cleared = test_counter_model_on_cleared;
}

static void
test_counter_model_init (TestCounterModel *self)
{
  self->count = rill_mutable_live_data_new (G_TYPE_INT);
  rill_mutable_live_data_set_int (self->count, 0);
}

typedef struct
{
  TestCounterModel *model;   /* the coroutine runs in its scope: it outlives it */
  Closure *closure;
} Counting;

static void
counting_free (gpointer data)
{
  Counting *counting = data;

  closure_destroy (counting->closure);
  g_free (counting);
}

static void
count_up (RillScope *scope,
          gpointer   user_data)
{
  Counting *counting = user_data;

  do
    {
      counting->closure->calls++;
      rill_mutable_live_data_set_int (counting->model->count, (int) counting->closure->calls);
    }
  while (rill_delay (10));
}

static void
test_view_models (void)
{
  GtkWidget *window = watch (gtk_window_new (), "window");
  GtkWidget *box = watch (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "box");
  GtkWidget *first = watch (gtk_label_new (NULL), "first label");
  GtkWidget *second = watch (gtk_label_new (NULL), "second label");
  Closure counting_closure = { 0, }, closeable = { 0, };
  Counting *counting = g_new0 (Counting, 1);
  TestCounterModel *model, *other;
  RillDisposable *binding;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
  n_cleared = 0;
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_window_set_child (GTK_WINDOW (window), box);

  model = TEST_COUNTER_MODEL (rill_gtk_widget_get_view_model (first, TEST_TYPE_COUNTER_MODEL, NULL));
  g_assert_true (rill_gtk_widget_get_view_model (second, TEST_TYPE_COUNTER_MODEL, NULL) == RILL_VIEW_MODEL (model));
  other = TEST_COUNTER_MODEL (rill_gtk_widget_get_view_model (second, TEST_TYPE_COUNTER_MODEL, "other"));
  g_assert_true (other != model);
  watch (model, "view model");
  watch (other, "view model under a key");
  watch (model->count, "view model's live data");
  watch (other->count, "keyed view model's live data");
  watch (rill_gtk_window_get_view_model_store (GTK_WINDOW (window)), "window's store");

  counting->model = model;
  counting->closure = &counting_closure;
  rill_job_unref (rill_launch (rill_view_model_get_scope (RILL_VIEW_MODEL (model)), NULL, count_up,
                               counting, counting_free));
  rill_view_model_add_closeable (RILL_VIEW_MODEL (other), "closeable", &closeable, closure_destroy);
  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (model->count), first, "label", RILL_GTK_BIND_DEFAULT);
  rill_disposable_unref (binding);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, first, 5000));
  wait_for_calls (&counting_closure, 3);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 1);
  g_assert_cmpuint (n_cleared, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  assert_all_gone (5000);
  assert_no_coroutines ();
  g_assert_cmpuint (n_cleared, ==, 2);
  g_assert_cmpuint (counting_closure.destroyed, ==, 1);
  g_assert_cmpuint (closeable.destroyed, ==, 1);
}

/* ------------------------------------------------------------------------ */
/* A list model fed by a flow                                               */

static char *
string_key (gpointer item,
            gpointer user_data)
{
  Closure *closure = user_data;

  closure->calls++;
  return g_strdup (gtk_string_object_get_string (item));
}

static void
set_strings (RillMutableStateFlow *state,
             const char * const   *strings)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GValue) value = G_VALUE_INIT;

  for (guint i = 0; strings[i] != NULL; i++)
    g_ptr_array_add (items, watch (gtk_string_object_new (strings[i]), "list model's item"));
  g_value_init (&value, G_TYPE_PTR_ARRAY);
  g_value_set_boxed (&value, items);
  rill_mutable_state_flow_set_value (state, &value);
}

static void
setup_label_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, watch (gtk_label_new (NULL), "row's label"));
}

static void
bind_label_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

typedef struct
{
  GListModel *model;
  guint n_items;
} ItemsWait;

static gboolean
has_n_items (gpointer data)
{
  ItemsWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
test_flow_list_model (void)
{
  GtkWidget *window = watch (gtk_window_new (), "window");
  GtkListItemFactory *factory = watch (gtk_signal_list_item_factory_new (), "factory");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_auto(GValue) initial = G_VALUE_INIT;
  RillMutableStateFlow *state;
  RillFlowListModel *model;
  GtkSingleSelection *selection;
  GtkWidget *view;
  Closure keys = { 0, };
  ItemsWait wait;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
  g_value_init (&initial, G_TYPE_PTR_ARRAY);
  g_value_set_boxed (&initial, none);
  state = watch (rill_mutable_state_flow_new (&initial), "state flow of lists");
  set_strings (state, (const char *[]) { "alpha", "beta", "gamma", NULL });

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_row), NULL);
  view = watch (gtk_list_view_new (NULL, factory), "list view");
  model = watch (rill_flow_list_model_new (GTK_TYPE_STRING_OBJECT, RILL_FLOW (state),
                                           rill_gtk_widget_get_lifecycle (view)),
                 "flow list model");
  rill_flow_list_model_set_item_funcs (model, string_key, NULL, &keys, closure_destroy);
  selection = watch (gtk_single_selection_new (G_LIST_MODEL (model)), "selection model");
  gtk_list_view_set_model (GTK_LIST_VIEW (view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_window_set_child (GTK_WINDOW (window), view);

  gtk_window_present (GTK_WINDOW (window));
  wait = (ItemsWait) { G_LIST_MODEL (model), 3 };
  g_assert_true (iterate_until (has_n_items, &wait, 5000));
  /* While the list view is on screen: the model's coroutine, its
   * repeat_on_lifecycle on the immediate main dispatcher, and the run that
   * collects. */
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 3);

  set_strings (state, (const char *[]) { "beta", "delta", "gamma", "epsilon", "zeta", NULL });
  wait.n_items = 5;
  g_assert_true (iterate_until (has_n_items, &wait, 5000));
  g_assert_cmpuint (keys.calls, >, 0);
  g_object_unref (state);

  gtk_window_destroy (GTK_WINDOW (window));
  assert_all_gone (5000);
  assert_no_coroutines ();
  g_assert_cmpuint (keys.destroyed, ==, 1);
}

/* ------------------------------------------------------------------------ */
/* The demo                                                                 */

#ifdef RILL_TEST_WITH_DEMO

static gboolean
has_results (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
is_initialized (gpointer data)
{
  return rill_live_data_is_initialized (data);
}

static gboolean
compute_running (gpointer data)
{
  return rill_debug_count_coroutines () >= GPOINTER_TO_UINT (data);
}

static void
test_demo (void)
{
  RillDemoWindow *window;
  GtkStack *stack;
  const char *pages[] = { "coroutines", "live-data", "search", "stopwatch", "live-list", "inspector", "work" };
  RillDemoLiveDataPage *live_data_page;
  RillDemoSearchPage *search_page;
  RillDemoLiveListPage *live_list_page;
  GtkSwitch *forever;
  RillViewModel *model;
  guint before_compute;

  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
  window = watch (rill_demo_window_new (NULL), "demo window");
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), RILL_DEMO_TYPE_WINDOW, "stack"));
  watch (stack, "demo's stack");
  watch (rill_gtk_widget_get_lifecycle (GTK_WIDGET (window)), "demo window's lifecycle");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *in_stack = gtk_stack_get_child_by_name (stack, pages[i]);
      GtkWidget *page = rill_demo_window_get_page (window, pages[i]);
      g_autofree char *what = g_strdup_printf ("demo page %s", pages[i]);
      g_autofree char *lifecycle = g_strdup_printf ("lifecycle of demo page %s", pages[i]);

      g_assert_nonnull (page);
      watch (page, what);
      watch (rill_gtk_widget_get_lifecycle (page), lifecycle);
      /* The slot that stands for a page in the stack goes too. */
      if (in_stack != page)
        {
          g_autofree char *slot = g_strdup_printf ("slot of demo page %s", pages[i]);

          watch (in_stack, slot);
        }
    }
  live_data_page = RILL_DEMO_LIVE_DATA_PAGE (rill_demo_window_get_page (window, "live-data"));
  search_page = RILL_DEMO_SEARCH_PAGE (rill_demo_window_get_page (window, "search"));
  live_list_page = RILL_DEMO_LIVE_LIST_PAGE (rill_demo_window_get_page (window, "live-list"));
  watch (rill_demo_live_data_page_get_ticker (live_data_page), "live data page's ticker");
  watch (rill_demo_search_page_get_results (search_page), "search page's results");
  watch (rill_demo_live_list_page_get_model (live_list_page), "live list page's model");
  /* The demo's window keeps the models of whatever it shows. */
  model = rill_gtk_widget_get_view_model (GTK_WIDGET (window), TEST_TYPE_COUNTER_MODEL, NULL);
  watch (model, "demo window's view model");
  watch (rill_gtk_window_get_view_model_store (GTK_WINDOW (window)), "demo window's store");
  n_cleared = 0;

  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, pages[i]);

      gtk_stack_set_visible_child (stack, page);
      g_assert_true (iterate_until (is_mapped, page, 5000));
      iterate_for (300);
      if (g_str_equal (pages[i], "live-data"))
        g_assert_true (iterate_until (is_initialized, rill_demo_live_data_page_get_ticker (live_data_page), 5000));
      if (g_str_equal (pages[i], "search"))
        {
          gtk_editable_set_text (rill_demo_search_page_get_entry (search_page), "amber");
          g_assert_true (iterate_until (has_results, rill_demo_search_page_get_results (search_page), 5000));
        }
    }

  /* An observer that is always active keeps the ticker's producer going. */
  forever = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (live_data_page),
                                                       RILL_DEMO_TYPE_LIVE_DATA_PAGE, "forever_switch"));
  gtk_switch_set_active (forever, TRUE);

  /* A computation on the pool, still running when the window goes. */
  before_compute = rill_debug_count_coroutines ();
  g_assert_cmpuint (before_compute, >, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "demo.compute", NULL);
  g_assert_nonnull (rill_demo_window_get_compute_job (window));
  g_assert_true (iterate_until (compute_running, GUINT_TO_POINTER (before_compute + 2), 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  /* The ticker's producer may outlive its last observer by its timeout. */
  assert_all_gone (RILL_DEMO_TICKER_TIMEOUT_MS + 3000);
  assert_no_coroutines ();
  g_assert_cmpuint (n_cleared, ==, 1);
}

#endif

int
main (int    argc,
      char **argv)
{
  int ret;

  /* Coroutines are counted in debug mode, read at the first one. */
  g_setenv ("RILL_DEBUG", "1", TRUE);
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  g_main_context_acquire (NULL);
  watched = g_ptr_array_new_with_free_func (watched_free);

  g_test_add_func ("/gtk/leaks/widget-scopes", test_widget_scopes);
  g_test_add_func ("/gtk/leaks/bindings", test_bindings);
  g_test_add_func ("/gtk/leaks/list-items", test_list_items);
  g_test_add_func ("/gtk/leaks/view-models", test_view_models);
  g_test_add_func ("/gtk/leaks/flow-list-model", test_flow_list_model);
#ifdef RILL_TEST_WITH_DEMO
  g_test_add_func ("/gtk/leaks/demo", test_demo);
#endif

  ret = g_test_run ();
  g_ptr_array_unref (watched);
  return ret;
}
