/* rill-gtk-binding-private.h: what the binding objects share with the functions
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-gtk-binding.h"

G_BEGIN_DECLS

/* The property of @widget called @property if it has the @needed flags and
 * its values convert to and from @value_type as needed; otherwise NULL, after
 * a critical that begins with @who. */
GParamSpec *rill_gtk_binding_find_property (GtkWidget   *widget,
                                            const char  *property,
                                            GType        value_type,
                                            GParamFlags  needed,
                                            const char  *who);

/* @widget keeps a reference to @object until it is finalized, or until
 * rill_gtk_widget_release_object (), which may drop the last reference. */
void        rill_gtk_widget_hold_object    (GtkWidget   *widget,
                                            GObject     *object);
void        rill_gtk_widget_release_object (GtkWidget   *widget,
                                            GObject     *object);

/* Initializes @result to @type and sets @value on it, copied or
 * transformed; FALSE (and @result left unset) if @value is NULL, unset or
 * does not convert. */
gboolean    rill_gtk_value_convert         (const GValue *value,
                                            GType         type,
                                            GValue       *result);

G_END_DECLS
