/* rill-live-data-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-live-data.h"
#include "rill-transformations.h"

G_BEGIN_DECLS

/* The thread where live data is set and observed: the process's first
 * thread, or the thread that owns the default GMainContext. */
gboolean      rill_live_data_is_main_thread      (void);

/* Criticals (naming @func) and returns FALSE off the main thread. */
gboolean      rill_live_data_check_main_thread   (const char   *func);

/* Whether @value may be stored: its type is the value type or derives from
 * it, or it holds an object (or NULL) that is an instance of the value type. */
gboolean      rill_live_data_type_accepts        (GType         value_type,
                                                  const GValue *value);
gboolean      rill_live_data_value_fits          (RillLiveData *self,
                                                  const GValue *value);

/* Both check the thread (set only) and the type, with criticals naming @func. */
void          rill_live_data_set_value_internal  (RillLiveData *self,
                                                  const GValue *value,
                                                  const char   *func);
void          rill_live_data_post_value_internal (RillLiveData *self,
                                                  const GValue *value,
                                                  const char   *func);

/* For constructors: @value (type checked) becomes the value, version 0,
 * androidx's `LiveData(value)`; no delivery, any thread. */
void          rill_live_data_init_with_value     (RillLiveData *self,
                                                  const GValue *value);

/* Moves @value (of exactly the value type) in without copying it; @value is
 * left zero-filled. Main thread, type already checked. */
void          rill_live_data_take_value          (RillLiveData *self,
                                                  GValue       *value);

/* The typed setters: @value has its data set (a string as a static one,
 * which the live data copies); its type is filled in once the live data's
 * fundamental type is checked to be @fundamental. */
void          rill_live_data_set_plain_internal  (RillLiveData *self,
                                                  GType         fundamental,
                                                  GValue       *value,
                                                  gboolean      post,
                                                  const char   *func);

/* rill_live_data_take_value() for a value that may not fit (a map
 * function's result): checked, moved when of the value type, copied when of
 * a derived type, refused with a critical otherwise; @value is always left
 * unset. */
void          rill_live_data_take_value_checked  (RillLiveData *self,
                                                  GValue       *value,
                                                  const char   *func);

/* Initialises @value (zero-filled) to the value type, quickly. */
void          rill_live_data_init_value          (RillLiveData *self,
                                                  GValue       *value);
/* Unsets a value made by rill_live_data_init_value(), quickly. */
void          rill_live_data_clear_value         (RillLiveData *self,
                                                  GValue       *value);

/* The current value, owned by @self and valid until it changes; NULL when
 * no value was ever set. */
const GValue *rill_live_data_peek_value          (RillLiveData *self);

/* androidx's getVersion(): -1 until a value is set, +1 per set. */
gint64        rill_live_data_get_version         (RillLiveData *self);

/* distinct_until_changed's equality, for live data and flows alike:
 * rill_live_data_values_equal() without @func; with it, NULL pointers
 * compare by pointer and @func is asked about the others. */
gboolean      rill_values_equal_with             (const GValue       *a,
                                                  const GValue       *b,
                                                  RillValueEqualFunc  func,
                                                  gpointer            user_data);

G_END_DECLS
