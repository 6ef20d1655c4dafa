/* rill-demo-page.c: what the demo's pages share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-demo-config.h"

#include <rill-gtk.h>

#include "rill-demo-page.h"

typedef struct
{
  GWeakRef page;
  RillBlock block;
} Repeat;

static void
repeat_free (gpointer data)
{
  Repeat *repeat = data;

  g_weak_ref_clear (&repeat->page);
  g_free (repeat);
}

static void
repeat_block (RillScope *scope,
              gpointer   user_data)
{
  Repeat *repeat = user_data;

  repeat->block (scope, &repeat->page);
}

static void
repeat_loop (RillScope *scope,
             gpointer   user_data)
{
  Repeat *repeat = user_data;
  g_autoptr(GtkWidget) page = g_weak_ref_get (&repeat->page);
  RillLifecycle *lifecycle;

  if (page == NULL)
    return;
  lifecycle = rill_gtk_widget_get_lifecycle (page);
  g_clear_object (&page);
  rill_repeat_on_lifecycle (lifecycle, RILL_LIFECYCLE_STATE_STARTED, repeat_block, repeat);
}

/**
 * rill_demo_page_repeat_while_shown:
 * @page: a page
 * @block: (scope notified): runs each time @page is shown, cancelled when it is hidden
 *
 * Runs @block with repeat_on_lifecycle (STARTED) in @page's scope. @block
 * gets a #GWeakRef to @page as its data: a reference would keep the page
 * from ever being disposed, and so from being destroyed, which is what ends
 * the repetition.
 */
void
rill_demo_page_repeat_while_shown (GtkWidget *page,
                                   RillBlock  block)
{
  Repeat *repeat = g_new0 (Repeat, 1);
  g_autoptr(RillJob) job = NULL;

  g_weak_ref_init (&repeat->page, page);
  repeat->block = block;
  /* The scope keeps the job; it ends when the page is destroyed. */
  job = rill_launch (rill_gtk_widget_get_scope (page), NULL, repeat_loop, repeat, repeat_free);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

/**
 * rill_demo_page_string_row_factory:
 *
 * Returns: (transfer full): a factory of rows showing a #GtkStringObject as a label
 */
GtkListItemFactory *
rill_demo_page_string_row_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  return factory;
}
