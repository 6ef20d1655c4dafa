/* rill-demo-inspector-page.c: the live coroutines, refreshed while shown
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The dump of every live coroutine (known in debug mode, which main() turns
 * on) is refreshed twice a second by a block given to repeat_on_lifecycle
 * (STARTED): a hidden inspector costs nothing.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-inspector-page.h"
#include "rill-demo-page.h"

#define REFRESH_MS 500

struct _RillDemoInspectorPage
{
  GtkBox       parent_instance;

  GtkTextView *dump_view;
  guint        refreshes;
};

G_DEFINE_FINAL_TYPE (RillDemoInspectorPage, rill_demo_inspector_page, GTK_TYPE_BOX)

static void
refresh (RillDemoInspectorPage *self)
{
  g_autofree char *dump = rill_dump_coroutines_to_string ();

  if (!rill_debug_is_enabled ())
    {
      g_free (dump);
      dump = g_strdup (_("Coroutines are listed in debug mode only: run with RILL_DEBUG=1."));
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->dump_view), dump, -1);
  self->refreshes++;
}

/* Runs while the page is shown; it holds the page weakly. */
static void
refresh_while_shown (RillScope *scope,
                     gpointer   user_data)
{
  do
    {
      g_autoptr(RillDemoInspectorPage) self = g_weak_ref_get (user_data);

      if (self == NULL || self->dump_view == NULL)
        return;
      refresh (self);
    }
  while (rill_delay (REFRESH_MS));
}

static void
rill_demo_inspector_page_dispose (GObject *object)
{
  RillDemoInspectorPage *self = RILL_DEMO_INSPECTOR_PAGE (object);

  if (self->dump_view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dump_view), (gpointer *) &self->dump_view);
  self->dump_view = NULL;

  G_OBJECT_CLASS (rill_demo_inspector_page_parent_class)->dispose (object);
}

static void
rill_demo_inspector_page_class_init (RillDemoInspectorPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rill_demo_inspector_page_dispose;
}

static void
rill_demo_inspector_page_init (RillDemoInspectorPage *self)
{
  GtkWidget *intro = gtk_label_new (_("The live coroutines, refreshed twice a second while this page is shown."));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  g_object_set (self, "margin-top", 24, "margin-bottom", 24, "margin-start", 24, "margin-end", 24, NULL);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (self), intro);

  self->dump_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->dump_view, FALSE);
  gtk_text_view_set_monospace (self->dump_view, TRUE);
  gtk_text_view_set_cursor_visible (self->dump_view, FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->dump_view));
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);
  /* Cleared when the view goes, before the page is finalized. */
  g_object_add_weak_pointer (G_OBJECT (self->dump_view), (gpointer *) &self->dump_view);

  rill_demo_page_repeat_while_shown (GTK_WIDGET (self), refresh_while_shown);
}

guint
rill_demo_inspector_page_get_refreshes (RillDemoInspectorPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_INSPECTOR_PAGE (self), 0);

  return self->refreshes;
}
