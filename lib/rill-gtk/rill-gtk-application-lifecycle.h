/* rill-gtk-application-lifecycle.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_GTK_INSIDE) && !defined(RILL_GTK_COMPILATION)
# error "Only <rill-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <rill.h>

#include "rill-gtk-visibility.h"

G_BEGIN_DECLS

/**
 * RILL_GTK_APPLICATION_STOP_DELAY_MS:
 *
 * How long an application's lifecycle waits, once no window is active or
 * shown, before it goes down (ON_PAUSE, ON_STOP): androidx's
 * `ProcessLifecycleOwner` waits as long, so that moving from one window to
 * another does not make the application pause and resume.
 */
#define RILL_GTK_APPLICATION_STOP_DELAY_MS 700

RILL_GTK_AVAILABLE_IN_ALL
RillLifecycle *rill_gtk_application_get_lifecycle (GtkApplication *application);

G_END_DECLS
