/* rill-demo-search-page.c: a search entry as a flow
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The entry's text is a flow (rill_flow_from_property), debounced by 300 ms
 * so that a query is searched once the user pauses; flat_map_latest turns
 * each query into the flow of its search, run on the Default pool
 * (flow_on), and cancels a search still running when a newer query comes. The results feed a list model through
 * flow_with_lifecycle: while the page is hidden nothing is searched, and
 * when it is shown again the current query is.
 */

#include "rill-demo-config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-page.h"
#include "rill-demo-search-page.h"

struct _RillDemoSearchPage
{
  GtkBox             parent_instance;

  GtkSearchEntry    *entry;
  GtkLabel          *status_label;
  RillFlowListModel *results;
  gint              *searches;   /* shared with the flow, counted on the pool */
};

G_DEFINE_FINAL_TYPE (RillDemoSearchPage, rill_demo_search_page, GTK_TYPE_BOX)

static const char * const colours[] = {
  "amber", "azure", "coral", "crimson", "golden", "indigo", "ivory", "jade",
  "lilac", "olive", "rusty", "sable", "scarlet", "silver", "teal", "violet",
};
static const char * const places[] = {
  "bay", "brook", "cliff", "dune", "falls", "field", "forest", "glen",
  "harbour", "hill", "isle", "lake", "meadow", "peak", "river", "valley",
};

/**
 * rill_demo_search_item_name:
 * @index: an index below %RILL_DEMO_SEARCH_N_ITEMS
 *
 * Returns: (transfer full): the name of the item at @index
 */
char *
rill_demo_search_item_name (guint index)
{
  return g_strdup_printf ("%s %s %u", colours[index % G_N_ELEMENTS (colours)],
                          places[index / G_N_ELEMENTS (colours) % G_N_ELEMENTS (places)],
                          (guint) (index / (G_N_ELEMENTS (colours) * G_N_ELEMENTS (places)) + 1));
}

/* One query's search: a cold flow of one list, made per query. */
typedef struct
{
  gint *searches;   /* a search may outlive the page by a moment: not the page's */
  char *query;
} Search;

static void
search_free (gpointer data)
{
  Search *search = data;

  g_atomic_rc_box_release (search->searches);
  g_free (search->query);
  g_free (search);
}

/* On the Default pool, where flow_on put the producer. */
static gboolean
search_producer (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  Search *search = user_data;
  g_autofree char *needle = g_utf8_casefold (search->query, -1);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GValue) result = G_VALUE_INIT;

  g_atomic_int_inc (search->searches);
  for (guint i = 0; i < RILL_DEMO_SEARCH_N_ITEMS; i++)
    {
      g_autofree char *name = rill_demo_search_item_name (i);

      /* A newer query came: flat_map_latest cancelled this search. */
      if (i % 512 == 0 && !rill_is_active ())
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The search was cancelled."));
          return FALSE;
        }
      if (*needle != '\0' && strstr (name, needle) != NULL)
        g_ptr_array_add (found, gtk_string_object_new (name));
    }

  g_value_init (&result, G_TYPE_PTR_ARRAY);
  g_value_set_boxed (&result, found);
  return rill_flow_emitter_emit (emitter, &result, error);
}

/* Each query becomes the flow of its search, run on the Default pool; a
 * newer query cancels the flow of the one before, as kotlinx's
 * flatMapLatest { query -> search (query) } does. */
static RillFlow *
search_flow (const GValue *query,
             gpointer      user_data)
{
  Search *search = g_new0 (Search, 1);
  g_autoptr(RillFlow) producer = NULL;

  search->searches = g_atomic_rc_box_acquire (user_data);
  search->query = g_strdup (g_value_get_string (query) != NULL ? g_value_get_string (query) : "");
  producer = rill_flow_new (G_TYPE_PTR_ARRAY, search_producer, search, search_free);
  return rill_flow_flow_on (producer, rill_context_default ());
}

static char *
item_key (gpointer item,
          gpointer user_data)
{
  return g_strdup (gtk_string_object_get_string (item));
}

static void
results_changed (GListModel         *model,
                 guint               position,
                 guint               removed,
                 guint               added,
                 RillDemoSearchPage *self)
{
  guint n = g_list_model_get_n_items (model);
  g_autofree char *text = g_strdup_printf (ngettext ("%u place found", "%u places found", n), n);

  gtk_label_set_text (self->status_label, text);
}

static void
rill_demo_search_page_dispose (GObject *object)
{
  RillDemoSearchPage *self = RILL_DEMO_SEARCH_PAGE (object);

  g_clear_object (&self->results);
  g_clear_pointer (&self->searches, g_atomic_rc_box_release);

  G_OBJECT_CLASS (rill_demo_search_page_parent_class)->dispose (object);
}

static void
rill_demo_search_page_class_init (RillDemoSearchPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rill_demo_search_page_dispose;
}

static void
rill_demo_search_page_init (RillDemoSearchPage *self)
{
  GtkWidget *intro = gtk_label_new (_("The entry’s text is a flow, debounced by 300 ms; each query is searched on the Default pool among four thousand places, and a newer query cancels a search still running. Nothing is searched while this page is hidden."));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(RillFlow) text = NULL;
  g_autoptr(RillFlow) debounced = NULL;
  g_autoptr(RillFlow) found = NULL;
  g_autoptr(RillFlow) while_shown = NULL;
  GtkWidget *view;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  g_object_set (self, "margin-top", 24, "margin-bottom", 24, "margin-start", 24, "margin-end", 24, NULL);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (self), intro);

  /* Its placeholder is set as a property: there is no setter before GTK 4.10. */
  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Search places, such as “amber river”"), NULL);
  /* The flow debounces: the entry's own delay would add to it. */
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->entry));

  self->status_label = GTK_LABEL (gtk_label_new (_("Type part of a place’s name.")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_label));

  text = rill_flow_from_property (self->entry, "text");
  debounced = rill_flow_debounce (text, RILL_DEMO_SEARCH_DEBOUNCE_MS);
  self->searches = g_atomic_rc_box_new0 (gint);
  found = rill_flow_flat_map_latest (debounced, G_TYPE_PTR_ARRAY, search_flow,
                                     g_atomic_rc_box_acquire (self->searches), g_atomic_rc_box_release);
  while_shown = rill_flow_with_lifecycle (found, rill_gtk_widget_get_lifecycle (GTK_WIDGET (self)),
                                          RILL_LIFECYCLE_STATE_STARTED);
  self->results = rill_flow_list_model_new (GTK_TYPE_STRING_OBJECT, while_shown, NULL);
  rill_flow_list_model_set_item_funcs (self->results, item_key, NULL, NULL, NULL);
  g_signal_connect_object (self->results, "items-changed", G_CALLBACK (results_changed), self, 0);

  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)))),
                            rill_demo_page_string_row_factory ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);
}

GtkEditable *
rill_demo_search_page_get_entry (RillDemoSearchPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_SEARCH_PAGE (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GListModel *
rill_demo_search_page_get_results (RillDemoSearchPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_SEARCH_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

guint
rill_demo_search_page_get_searches (RillDemoSearchPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_SEARCH_PAGE (self), 0);

  return self->searches != NULL ? (guint) g_atomic_int_get (self->searches) : 0;
}
