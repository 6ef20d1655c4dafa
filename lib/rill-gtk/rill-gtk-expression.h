/* rill-gtk-expression.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_GTK_INSIDE) && !defined(RILL_GTK_COMPILATION)
# error "Only <rill-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>

#include "rill-gtk-visibility.h"

G_BEGIN_DECLS

RILL_GTK_AVAILABLE_IN_ALL
char     *rill_gtk_value_to_string          (gpointer          this_object,
                                             const GValue     *value);
RILL_GTK_AVAILABLE_IN_ALL
int       rill_gtk_value_to_int             (gpointer          this_object,
                                             const GValue     *value);
RILL_GTK_AVAILABLE_IN_ALL
double    rill_gtk_value_to_double          (gpointer          this_object,
                                             const GValue     *value);
RILL_GTK_AVAILABLE_IN_ALL
gboolean  rill_gtk_value_to_boolean         (gpointer          this_object,
                                             const GValue     *value);
RILL_GTK_AVAILABLE_IN_ALL
gpointer  rill_gtk_value_to_object          (gpointer          this_object,
                                             const GValue     *value);
RILL_GTK_AVAILABLE_IN_ALL
void      rill_gtk_builder_cscope_add_callbacks (GtkBuilderCScope *scope);

G_END_DECLS
