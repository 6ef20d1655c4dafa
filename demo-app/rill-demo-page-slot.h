/* rill-demo-page-slot.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RILL_DEMO_TYPE_PAGE_SLOT (rill_demo_page_slot_get_type ())

G_DECLARE_FINAL_TYPE (RillDemoPageSlot, rill_demo_page_slot, RILL_DEMO, PAGE_SLOT, GtkWidget)

GType      rill_demo_page_slot_get_page_type (RillDemoPageSlot *self);
GtkWidget *rill_demo_page_slot_get_page      (RillDemoPageSlot *self);
GtkWidget *rill_demo_page_slot_peek_page     (RillDemoPageSlot *self);

G_END_DECLS
