/* rill-gtk-live-value.h
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

#define RILL_GTK_TYPE_LIVE_VALUE (rill_gtk_live_value_get_type ())

RILL_GTK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillGtkLiveValue, rill_gtk_live_value, RILL_GTK, LIVE_VALUE, GObject)

RILL_GTK_AVAILABLE_IN_ALL
RillGtkLiveValue *rill_gtk_live_value_new         (GObject          *source);
RILL_GTK_AVAILABLE_IN_ALL
GObject          *rill_gtk_live_value_get_source  (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
void              rill_gtk_live_value_set_source  (RillGtkLiveValue *self,
                                                   GObject          *source);
RILL_GTK_AVAILABLE_IN_ALL
GtkWidget        *rill_gtk_live_value_get_owner   (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
void              rill_gtk_live_value_set_owner   (RillGtkLiveValue *self,
                                                   GtkWidget        *owner);
RILL_GTK_AVAILABLE_IN_ALL
gboolean          rill_gtk_live_value_has_value   (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
const GValue     *rill_gtk_live_value_get_value   (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
char             *rill_gtk_live_value_dup_string  (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
int               rill_gtk_live_value_get_int     (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
double            rill_gtk_live_value_get_double  (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
gboolean          rill_gtk_live_value_get_boolean (RillGtkLiveValue *self);
RILL_GTK_AVAILABLE_IN_ALL
gpointer          rill_gtk_live_value_dup_object  (RillGtkLiveValue *self);

G_END_DECLS
