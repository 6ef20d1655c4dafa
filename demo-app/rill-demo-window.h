/* rill-demo-window.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

/* The computation counts the primes below this number. */
#define RILL_DEMO_PRIME_LIMIT 20000000u

#define RILL_DEMO_TYPE_WINDOW (rill_demo_window_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoWindow, rill_demo_window, RILL_DEMO, WINDOW, GtkApplicationWindow)

RillDemoWindow *rill_demo_window_new             (GtkApplication *application);
RillScope      *rill_demo_window_get_scope       (RillDemoWindow *self);
RillJob        *rill_demo_window_get_compute_job (RillDemoWindow *self);
GtkWidget      *rill_demo_window_get_page        (RillDemoWindow *self,
                                                  const char     *name);

G_END_DECLS
