/* rill-gtk.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

#define RILL_GTK_INSIDE
# include "rill-gtk-visibility.h"
# include "rill-gtk-init.h"
# include "rill-gtk-widget-lifecycle.h"
# include "rill-gtk-application-lifecycle.h"
# include "rill-gtk-list-item-lifecycle.h"
# include "rill-gtk-view-model.h"
# include "rill-gtk-binding.h"
# include "rill-gtk-property-binding.h"
# include "rill-gtk-live-value.h"
# include "rill-gtk-expression.h"
#undef RILL_GTK_INSIDE
