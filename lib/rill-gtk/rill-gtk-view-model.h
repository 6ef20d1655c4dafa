/* rill-gtk-view-model.h
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
RillViewModelStore *rill_gtk_window_get_view_model_store (GtkWindow  *window);
RILL_GTK_AVAILABLE_IN_ALL
RillViewModel      *rill_gtk_widget_get_view_model       (GtkWidget  *widget,
                                                          GType       type,
                                                          const char *key);

G_END_DECLS
