/* rill-demo-live-data-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_LIVE_DATA_PAGE (rill_demo_live_data_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoLiveDataPage, rill_demo_live_data_page, RILL_DEMO, LIVE_DATA_PAGE, GtkBox)

/* The page's producer is cancelled this long after its last observer went. */
#define RILL_DEMO_TICKER_TIMEOUT_MS 2000

RillLiveData *rill_demo_live_data_page_get_ticker   (RillDemoLiveDataPage *self);
char         *rill_demo_live_data_page_dup_log_text (RillDemoLiveDataPage *self);

G_END_DECLS
