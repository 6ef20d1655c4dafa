/* test-gtk.h: real windows in tests
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "test-main-loop.h"

/* Destroys @window and waits until it is finalized. */
static inline void
destroy_window (GtkWidget *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_gone, &window, 5000));
}
