/* rill-gtk-property-binding.h
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

#include "rill-gtk-binding.h"
#include "rill-gtk-visibility.h"

G_BEGIN_DECLS

#define RILL_GTK_TYPE_PROPERTY_BINDING (rill_gtk_property_binding_get_type ())

RILL_GTK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillGtkPropertyBinding, rill_gtk_property_binding, RILL_GTK, PROPERTY_BINDING, GObject)

RILL_GTK_AVAILABLE_IN_ALL
RillGtkPropertyBinding *rill_gtk_property_binding_new                 (GObject                *source,
                                                                       GtkWidget              *target,
                                                                       const char             *target_property,
                                                                       RillGtkBindFlags        flags);
RILL_GTK_AVAILABLE_IN_ALL
GObject                *rill_gtk_property_binding_get_source          (RillGtkPropertyBinding *self);
RILL_GTK_AVAILABLE_IN_ALL
void                    rill_gtk_property_binding_set_source          (RillGtkPropertyBinding *self,
                                                                       GObject                *source);
RILL_GTK_AVAILABLE_IN_ALL
GtkWidget              *rill_gtk_property_binding_get_target          (RillGtkPropertyBinding *self);
RILL_GTK_AVAILABLE_IN_ALL
void                    rill_gtk_property_binding_set_target          (RillGtkPropertyBinding *self,
                                                                       GtkWidget              *target);
RILL_GTK_AVAILABLE_IN_ALL
const char             *rill_gtk_property_binding_get_target_property (RillGtkPropertyBinding *self);
RILL_GTK_AVAILABLE_IN_ALL
void                    rill_gtk_property_binding_set_target_property (RillGtkPropertyBinding *self,
                                                                       const char             *target_property);
RILL_GTK_AVAILABLE_IN_ALL
RillGtkBindFlags        rill_gtk_property_binding_get_flags           (RillGtkPropertyBinding *self);
RILL_GTK_AVAILABLE_IN_ALL
void                    rill_gtk_property_binding_set_flags           (RillGtkPropertyBinding *self,
                                                                       RillGtkBindFlags        flags);
RILL_GTK_AVAILABLE_IN_ALL
gboolean                rill_gtk_property_binding_is_bound            (RillGtkPropertyBinding *self);

G_END_DECLS
