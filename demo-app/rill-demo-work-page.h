/* rill-demo-work-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_WORK_PAGE (rill_demo_work_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoWorkPage, rill_demo_work_page, RILL_DEMO, WORK_PAGE, GtkBox)

void             rill_demo_work_page_set_manager (RillDemoWorkPage *self,
                                                  RillWorkManager  *manager);
RillWorkManager *rill_demo_work_page_get_manager (RillDemoWorkPage *self);
GListModel      *rill_demo_work_page_get_model   (RillDemoWorkPage *self);
RillWorkInfo    *rill_demo_work_page_get_info    (RillDemoWorkPage *self,
                                                  guint             position);

G_END_DECLS
