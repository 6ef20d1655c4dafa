/* rill-mutable-live-data.h
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

#define RILL_TYPE_MUTABLE_LIVE_DATA (rill_mutable_live_data_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillMutableLiveData, rill_mutable_live_data, RILL, MUTABLE_LIVE_DATA, RillLiveData)

/**
 * RillMutableLiveDataClass:
 *
 * The class of a mutable live data. Derive from it to write a live data that
 * produces its own values (androidx's subclasses of `LiveData`, which call
 * the protected `setValue`): override [vfunc@LiveData.on_active] and
 * [vfunc@LiveData.on_inactive] and set values with
 * [method@MutableLiveData.set_value].
 */
struct _RillMutableLiveDataClass
{
  RillLiveDataClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
RillMutableLiveData *rill_mutable_live_data_new            (GType                value_type);
RILL_AVAILABLE_IN_ALL
RillMutableLiveData *rill_mutable_live_data_new_with_value (const GValue        *value);
RILL_AVAILABLE_IN_ALL
void                 rill_mutable_live_data_set_value      (RillMutableLiveData *self,
                                                            const GValue        *value);
RILL_AVAILABLE_IN_ALL
void                 rill_mutable_live_data_post_value     (RillMutableLiveData *self,
                                                            const GValue        *value);

RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_boolean  (RillMutableLiveData *self,
                                          gboolean             value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_boolean (RillMutableLiveData *self,
                                          gboolean             value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_int      (RillMutableLiveData *self,
                                          int                  value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_int     (RillMutableLiveData *self,
                                          int                  value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_uint     (RillMutableLiveData *self,
                                          guint                value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_uint    (RillMutableLiveData *self,
                                          guint                value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_int64    (RillMutableLiveData *self,
                                          gint64               value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_int64   (RillMutableLiveData *self,
                                          gint64               value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_uint64   (RillMutableLiveData *self,
                                          guint64              value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_uint64  (RillMutableLiveData *self,
                                          guint64              value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_double   (RillMutableLiveData *self,
                                          double               value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_double  (RillMutableLiveData *self,
                                          double               value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_enum     (RillMutableLiveData *self,
                                          int                  value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_enum    (RillMutableLiveData *self,
                                          int                  value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_flags    (RillMutableLiveData *self,
                                          guint                value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_flags   (RillMutableLiveData *self,
                                          guint                value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_string   (RillMutableLiveData *self,
                                          const char          *value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_string  (RillMutableLiveData *self,
                                          const char          *value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_object   (RillMutableLiveData *self,
                                          gpointer             value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_object  (RillMutableLiveData *self,
                                          gpointer             value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_set_boxed    (RillMutableLiveData *self,
                                          gconstpointer        value);
RILL_AVAILABLE_IN_ALL
void rill_mutable_live_data_post_boxed   (RillMutableLiveData *self,
                                          gconstpointer        value);

G_END_DECLS
