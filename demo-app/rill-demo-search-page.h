/* rill-demo-search-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_SEARCH_PAGE (rill_demo_search_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoSearchPage, rill_demo_search_page, RILL_DEMO, SEARCH_PAGE, GtkBox)

/* What the page searches: this many made-up place names. */
#define RILL_DEMO_SEARCH_N_ITEMS 4096
/* How long the query must stay the same before it is searched. */
#define RILL_DEMO_SEARCH_DEBOUNCE_MS 300

GtkEditable *rill_demo_search_page_get_entry   (RillDemoSearchPage *self);
GListModel  *rill_demo_search_page_get_results (RillDemoSearchPage *self);
guint        rill_demo_search_page_get_searches (RillDemoSearchPage *self);
char        *rill_demo_search_item_name        (guint               index);

G_END_DECLS
