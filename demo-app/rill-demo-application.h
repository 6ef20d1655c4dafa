/* rill-demo-application.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rill.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_APPLICATION (rill_demo_application_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoApplication, rill_demo_application,
                      RILL_DEMO, APPLICATION, GtkApplication)

RillDemoApplication *rill_demo_application_new              (void);
RillWorkManager     *rill_demo_application_get_work_manager (RillDemoApplication *self);

G_END_DECLS
