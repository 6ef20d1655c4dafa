/* rill-demo-live-list-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_LIVE_LIST_PAGE (rill_demo_live_list_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoLiveListPage, rill_demo_live_list_page, RILL_DEMO, LIVE_LIST_PAGE, GtkBox)

GListModel *rill_demo_live_list_page_get_model (RillDemoLiveListPage *self);

G_END_DECLS
