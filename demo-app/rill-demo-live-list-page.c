/* rill-demo-live-list-page.c: a list view over a list model fed by a flow
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A coroutine changes a list of tasks every 700 ms while the page is shown
 * (repeat_on_lifecycle (STARTED)), publishing each whole new list in a live
 * data. A RillFlowListModel follows it, with the page's lifecycle, and tells
 * the list view only what changed: rows that stay keep their place, so the
 * view keeps its scroll position and selection.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-live-list-page.h"
#include "rill-demo-page.h"

#define CHANGE_EVERY_MS 700
#define MIN_TASKS 6
#define MAX_TASKS 14

struct _RillDemoLiveListPage
{
  GtkBox               parent_instance;

  GtkLabel            *status_label;
  RillMutableLiveData *tasks;
  RillFlowListModel   *model;
  guint                next_task;
  guint                changes;
};

G_DEFINE_FINAL_TYPE (RillDemoLiveListPage, rill_demo_live_list_page, GTK_TYPE_BOX)

static char *
task_key (gpointer item,
          gpointer user_data)
{
  return g_strdup (gtk_string_object_get_string (item));
}

static void
publish (RillDemoLiveListPage *self,
         GPtrArray            *tasks)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_PTR_ARRAY);
  g_value_set_boxed (&value, tasks);
  rill_mutable_live_data_set_value (self->tasks, &value);
}

/* The next list: the current one with a task added or one done. */
static GPtrArray *
next_tasks (RillDemoLiveListPage *self)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (tasks, g_list_model_get_item (G_LIST_MODEL (self->model), i));

  if (tasks->len < MIN_TASKS || (tasks->len < MAX_TASKS && g_random_boolean ()))
    {
      g_autofree char *name = g_strdup_printf (_("Task %u"), ++self->next_task);

      g_ptr_array_insert (tasks, g_random_int_range (0, tasks->len + 1), gtk_string_object_new (name));
    }
  else
    g_ptr_array_remove_index (tasks, g_random_int_range (0, tasks->len));
  return tasks;
}

static void
items_changed (GListModel           *model,
               guint                 position,
               guint                 removed,
               guint                 added,
               RillDemoLiveListPage *self)
{
  g_autofree char *text = NULL;

  self->changes++;
  text = g_strdup_printf (ngettext ("%u task; the list view was told of %u change.",
                                    "%u tasks; the list view was told of %u changes.",
                                    g_list_model_get_n_items (model)),
                          g_list_model_get_n_items (model), self->changes);
  gtk_label_set_text (self->status_label, text);
}

/* Runs while the page is shown; it holds the page weakly. */
static void
change_while_shown (RillScope *scope,
                    gpointer   user_data)
{
  do
    {
      g_autoptr(RillDemoLiveListPage) self = g_weak_ref_get (user_data);
      g_autoptr(GPtrArray) tasks = NULL;

      if (self == NULL || self->tasks == NULL)
        return;
      tasks = next_tasks (self);
      publish (self, tasks);
    }
  while (rill_delay (CHANGE_EVERY_MS));
}

static void
rill_demo_live_list_page_dispose (GObject *object)
{
  RillDemoLiveListPage *self = RILL_DEMO_LIVE_LIST_PAGE (object);

  g_clear_object (&self->model);
  g_clear_object (&self->tasks);

  G_OBJECT_CLASS (rill_demo_live_list_page_parent_class)->dispose (object);
}

static void
rill_demo_live_list_page_class_init (RillDemoLiveListPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rill_demo_live_list_page_dispose;
}

static void
rill_demo_live_list_page_init (RillDemoLiveListPage *self)
{
  GtkWidget *intro = gtk_label_new (_("A list view over a list model that follows a live data of lists while this page is shown; each new list is told as a minimal change, so the selection and the scroll position stay."));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  g_object_set (self, "margin-top", 24, "margin-bottom", 24, "margin-start", 24, "margin-end", 24, NULL);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (self), intro);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_label));

  self->tasks = rill_mutable_live_data_new (G_TYPE_PTR_ARRAY);
  self->model = rill_flow_list_model_new_for_live_data (GTK_TYPE_STRING_OBJECT, RILL_LIVE_DATA (self->tasks),
                                                        rill_gtk_widget_get_lifecycle (GTK_WIDGET (self)));
  rill_flow_list_model_set_item_funcs (self->model, task_key, NULL, NULL, NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed), self, 0);

  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)))),
                            rill_demo_page_string_row_factory ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);

  rill_demo_page_repeat_while_shown (GTK_WIDGET (self), change_while_shown);
}

GListModel *
rill_demo_live_list_page_get_model (RillDemoLiveListPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_LIVE_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}
