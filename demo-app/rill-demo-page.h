/* rill-demo-page.h: what the demo's pages share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

void                rill_demo_page_repeat_while_shown (GtkWidget *page,
                                                       RillBlock  block);
GtkListItemFactory *rill_demo_page_string_row_factory (void);

G_END_DECLS
