/* rill-view-model.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-types.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_VIEW_MODEL (rill_view_model_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillViewModel, rill_view_model, RILL, VIEW_MODEL, GObject)

/**
 * RillViewModelClass:
 * @on_cleared: called once when the view model is no longer used (its
 *   store replaced it or was cleared), after its scope was cancelled and its
 *   closeables were closed; on the thread that cleared it, normally the main
 *   thread
 *
 * The class of a view model.
 */
struct _RillViewModelClass
{
  GObjectClass parent_class;

  void (*on_cleared) (RillViewModel *self);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
RillScope *rill_view_model_get_scope     (RillViewModel  *self);
RILL_AVAILABLE_IN_ALL
void       rill_view_model_add_closeable (RillViewModel  *self,
                                          const char     *key,
                                          gpointer        closeable,
                                          GDestroyNotify  close);
RILL_AVAILABLE_IN_ALL
gpointer   rill_view_model_get_closeable (RillViewModel  *self,
                                          const char     *key);

G_END_DECLS
