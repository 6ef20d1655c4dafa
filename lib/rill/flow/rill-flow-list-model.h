/* rill-flow-list-model.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-flow.h"
#include "rill-lifecycle.h"
#include "rill-live-data.h"

G_BEGIN_DECLS

#define RILL_TYPE_FLOW_LIST_MODEL (rill_flow_list_model_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillFlowListModel, rill_flow_list_model, RILL, FLOW_LIST_MODEL, GObject)

/**
 * RillItemKeyFunc:
 * @item: (type GObject): an item of a list
 * @user_data: the data given with the function
 *
 * Returns what identifies @item across lists: two items with equal keys are
 * the same item (a row showing it stays), whether or not they are the same
 * object.
 *
 * Returns: (transfer full): the item's key, a string
 */
typedef char *(*RillItemKeyFunc) (gpointer item,
                                  gpointer user_data);

/**
 * RillItemEqualFunc:
 * @old_item: (type GObject): an item of the current list
 * @new_item: (type GObject): the item with the same key in the new list
 * @user_data: the data given with the function
 *
 * Returns whether the two look the same: if not, the new item replaces
 * the old one at its position.
 *
 * Returns: %TRUE if @new_item changes nothing
 */
typedef gboolean (*RillItemEqualFunc) (gpointer old_item,
                                       gpointer new_item,
                                       gpointer user_data);

RILL_AVAILABLE_IN_ALL
RillFlowListModel *rill_flow_list_model_new               (GType               item_type,
                                                           RillFlow           *flow,
                                                           RillLifecycle      *lifecycle);
RILL_AVAILABLE_IN_ALL
RillFlowListModel *rill_flow_list_model_new_for_live_data (GType               item_type,
                                                           RillLiveData       *live_data,
                                                           RillLifecycle      *lifecycle);
RILL_AVAILABLE_IN_ALL
void               rill_flow_list_model_set_item_funcs    (RillFlowListModel  *self,
                                                           RillItemKeyFunc     key_func,
                                                           RillItemEqualFunc   equal_func,
                                                           gpointer            user_data,
                                                           GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
void               rill_flow_list_model_apply             (RillFlowListModel  *self,
                                                           GPtrArray          *items);

G_END_DECLS
