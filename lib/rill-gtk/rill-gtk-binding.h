/* rill-gtk-binding.h
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

/**
 * RillGtkBindFlags:
 * @RILL_GTK_BIND_DEFAULT: the widget's property follows the value
 * @RILL_GTK_BIND_BIDIRECTIONAL: changes of the widget's property are also
 *   set on the value (a #RillMutableLiveData)
 *
 * How [func@bind_live_data] binds.
 */
typedef enum /*< flags >*/
{
  RILL_GTK_BIND_DEFAULT       = 0,
  RILL_GTK_BIND_BIDIRECTIONAL = 1 << 0,
} RillGtkBindFlags;

RILL_GTK_AVAILABLE_IN_ALL
GType           rill_gtk_bind_flags_get_type (void) G_GNUC_CONST;
#define RILL_GTK_TYPE_BIND_FLAGS (rill_gtk_bind_flags_get_type ())

RILL_GTK_AVAILABLE_IN_ALL
RillDisposable *rill_gtk_bind_live_data (RillLiveData     *live_data,
                                         GtkWidget        *widget,
                                         const char       *property,
                                         RillGtkBindFlags  flags);
RILL_GTK_AVAILABLE_IN_ALL
RillDisposable *rill_gtk_bind_flow      (RillFlow         *flow,
                                         GtkWidget        *widget,
                                         const char       *property);

G_END_DECLS
