/* rill-transformations.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-live-data.h"

G_BEGIN_DECLS

/**
 * RillMapFunc:
 * @value: the value to map
 * @result: (out caller-allocates): a #GValue already initialised to the target
 *   type, to set to the mapped value
 * @user_data: the data given with the function
 *
 * Maps one value to another, for [method@LiveData.map].
 */
typedef void (*RillMapFunc) (const GValue *value,
                             GValue       *result,
                             gpointer      user_data);

/**
 * RillSwitchMapFunc:
 * @value: the value of the source
 * @user_data: the data given with the function
 *
 * Returns the live data to follow for @value, for [method@LiveData.switch_map].
 *
 * Returns: (transfer full) (nullable): the live data to follow, or %NULL to
 *   follow none
 */
typedef RillLiveData *(*RillSwitchMapFunc) (const GValue *value,
                                            gpointer      user_data);

/**
 * RillValueEqualFunc:
 * @a: a value
 * @b: another value of the same type
 * @user_data: the data given with the function
 *
 * Compares two values, for [method@LiveData.distinct_until_changed_full]. For
 * strings, boxed types, objects and other pointers it is called only when
 * both are non-%NULL.
 *
 * Returns: %TRUE if @a and @b are equal
 */
typedef gboolean (*RillValueEqualFunc) (const GValue *a,
                                        const GValue *b,
                                        gpointer      user_data);

RILL_AVAILABLE_IN_ALL
RillLiveData *rill_live_data_map                        (RillLiveData       *source,
                                                         GType               value_type,
                                                         RillMapFunc         func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillLiveData *rill_live_data_switch_map                 (RillLiveData       *source,
                                                         GType               value_type,
                                                         RillSwitchMapFunc   func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
RillLiveData *rill_live_data_distinct_until_changed     (RillLiveData       *source);
RILL_AVAILABLE_IN_ALL
RillLiveData *rill_live_data_distinct_until_changed_full (RillLiveData       *source,
                                                          RillValueEqualFunc  func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
gboolean      rill_live_data_values_equal               (const GValue       *a,
                                                         const GValue       *b);

G_END_DECLS
