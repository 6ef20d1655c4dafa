/* rill-demo-inspector-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_INSPECTOR_PAGE (rill_demo_inspector_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoInspectorPage, rill_demo_inspector_page, RILL_DEMO, INSPECTOR_PAGE, GtkBox)

guint rill_demo_inspector_page_get_refreshes (RillDemoInspectorPage *self);

G_END_DECLS
