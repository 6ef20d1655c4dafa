/* rill-gtk-init.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_GTK_INSIDE) && !defined(RILL_GTK_COMPILATION)
# error "Only <rill-gtk.h> can be included directly."
#endif

#include <glib.h>

#include "rill-gtk-visibility.h"

G_BEGIN_DECLS

RILL_GTK_AVAILABLE_IN_ALL
void rill_gtk_init (void);

G_END_DECLS
