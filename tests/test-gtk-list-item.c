/* test-gtk-list-item.c: one lifecycle per binding of a recycled list row
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run): a GtkListView over 500 strings in a
 * small window, scrolled so that its rows are recycled.
 */

#include <rill-gtk.h>

#include "test-gtk.h"

/* What the rows did */
static GHashTable *bound;        /* GtkListItem → the job of its binding's coroutine */
static GPtrArray *binding_jobs;  /* the job of every binding's coroutine */
static guint n_binds;
static guint n_destroyed;
static guint n_late_writes;

static void
binding_event (RillLifecycle      *lifecycle,
               RillLifecycleEvent  event,
               gpointer            user_data)
{
  if (event == RILL_LIFECYCLE_EVENT_ON_DESTROY)
    n_destroyed++;
}

typedef struct
{
  GtkListItem *list_item;
  char *item;
  char *text;
} RowWork;

static void
row_work_free (gpointer data)
{
  RowWork *work = data;

  g_free (work->item);
  g_free (work->text);
  g_free (work);
}

/* Refreshes the row now and then, as a row showing live data would. */
static void
refresh_row (RillScope *scope,
             gpointer   user_data)
{
  RowWork *work = user_data;

  while (rill_delay (15))
    {
      GtkStringObject *item = gtk_list_item_get_item (work->list_item);

      /* Never true: the binding's scope is cancelled when the row moves on. */
      if (item == NULL || g_strcmp0 (gtk_string_object_get_string (item), work->item) != 0)
        n_late_writes++;
      gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (work->list_item)), work->text);
    }
}

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  RillLifecycle *lifecycle = rill_gtk_list_item_get_lifecycle (list_item);
  RowWork *work = g_new0 (RowWork, 1);

  g_assert_cmpint (rill_lifecycle_get_current_state (lifecycle), >=, RILL_LIFECYCLE_STATE_CREATED);
  n_binds++;
  rill_lifecycle_add_observer (lifecycle, binding_event, NULL, NULL);

  work->list_item = list_item;
  work->item = g_strdup (gtk_string_object_get_string (item));
  work->text = g_strdup_printf ("%s*", work->item);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (item));
  g_ptr_array_add (binding_jobs, rill_launch (rill_gtk_list_item_get_scope (list_item), NULL,
                                              refresh_row, work, row_work_free));
  g_hash_table_insert (bound, list_item, g_ptr_array_index (binding_jobs, binding_jobs->len - 1));
}

static void
unbind (GtkSignalListItemFactory *factory,
        GtkListItem              *list_item)
{
  g_hash_table_remove (bound, list_item);
}

/* Every bound row shows its own item, and its binding is on screen. */
static void
assert_rows_consistent (void)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  gpointer job;

  g_hash_table_iter_init (&iter, bound);
  while (g_hash_table_iter_next (&iter, &key, &job))
    {
      GtkListItem *list_item = key;
      const char *label = gtk_label_get_text (GTK_LABEL (gtk_list_item_get_child (list_item)));
      const char *item = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
      g_autofree char *refreshed = g_strdup_printf ("%s*", item);

      g_assert_true (g_str_equal (label, item) || g_str_equal (label, refreshed));
      /* The current binding's work runs until the row is unbound. */
      g_assert_true (rill_job_is_active (job));
      if (gtk_widget_get_mapped (gtk_list_item_get_child (list_item)))
        {
          g_assert_cmpint (rill_lifecycle_get_current_state (rill_gtk_list_item_get_lifecycle (list_item)),
                           >=, RILL_LIFECYCLE_STATE_STARTED);
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
  /* One live binding per bound row, no more. */
  g_assert_cmpuint (n_binds - n_destroyed, ==, g_hash_table_size (bound));
}

static void
test_recycled_rows (void)
{
  const char *strings[501];
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkStringList *model;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  guint destroyed_before;

  for (guint i = 0; i < 500; i++)
    strings[i] = g_strdup_printf ("item %u", i);
  strings[500] = NULL;
  model = gtk_string_list_new (strings);
  for (guint i = 0; i < 500; i++)
    g_free ((char *) strings[i]);

  bound = g_hash_table_new (NULL, NULL);
  binding_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_job_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (model))), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 200);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (300);

  g_assert_cmpuint (n_binds, >, 0);
  g_assert_cmpuint (n_binds, <, 500);
  assert_rows_consistent ();

  /* Scrolled far down: rows are unbound and bound again to other items. */
  destroyed_before = n_destroyed;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  for (guint step = 1; step <= 5; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * step / 5);
      iterate_for (150);
      assert_rows_consistent ();
    }
  g_assert_cmpuint (n_destroyed, >, destroyed_before);
  /* The coroutines of ended bindings were cancelled, not left running. */
  for (guint i = 0; i < binding_jobs->len; i++)
    {
      RillJob *job = binding_jobs->pdata[i];

      g_assert_true (rill_job_is_active (job) || rill_job_is_cancelled (job));
    }
  g_assert_cmpuint (n_late_writes, ==, 0);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_gone, &window, 5000));
  iterate_for (50);
  /* Every binding ended with the view. */
  g_assert_cmpuint (n_destroyed, ==, n_binds);
  for (guint i = 0; i < binding_jobs->len; i++)
    g_assert_false (rill_job_is_active (binding_jobs->pdata[i]));

  g_ptr_array_unref (binding_jobs);
  g_hash_table_unref (bound);
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/gtk/list-item/recycled-rows", test_recycled_rows);

  return g_test_run ();
}
