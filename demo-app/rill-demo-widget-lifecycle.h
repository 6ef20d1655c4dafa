/* rill-demo-widget-lifecycle.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

RillLifecycle *rill_demo_widget_get_lifecycle (GtkWidget *widget);

G_END_DECLS
