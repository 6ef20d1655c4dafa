/* rill-demo-stopwatch-page.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_STOPWATCH_PAGE (rill_demo_stopwatch_page_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoStopwatchPage, rill_demo_stopwatch_page, RILL_DEMO, STOPWATCH_PAGE, GtkBox)

guint rill_demo_stopwatch_page_get_starts        (RillDemoStopwatchPage *self);
guint rill_demo_stopwatch_page_get_cancellations (RillDemoStopwatchPage *self);

G_END_DECLS
