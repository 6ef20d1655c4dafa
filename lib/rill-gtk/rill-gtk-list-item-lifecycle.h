/* rill-gtk-list-item-lifecycle.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_GTK_INSIDE) && !defined(RILL_GTK_COMPILATION)
# error "Only <rill-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <rill.h>

#include "rill-gtk-visibility.h"

G_BEGIN_DECLS

RILL_GTK_AVAILABLE_IN_ALL
RillLifecycle *rill_gtk_list_item_get_lifecycle (GtkListItem *list_item);
RILL_GTK_AVAILABLE_IN_ALL
RillScope     *rill_gtk_list_item_get_scope     (GtkListItem *list_item);

G_END_DECLS
