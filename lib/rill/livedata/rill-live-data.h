/* rill-live-data.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-visibility.h"
#include "rill-lifecycle-owner.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIVE_DATA (rill_live_data_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillLiveData, rill_live_data, RILL, LIVE_DATA, GObject)

/**
 * RillObserverFunc:
 * @live_data: the live data whose value is delivered
 * @value: the value, of the live data's [property@LiveData:value-type]; it
 *   belongs to @live_data and stays valid until the callback returns
 * @user_data: the data given when the observer was added
 *
 * An observer of a live data, androidx's `Observer.onChanged`. It is called
 * on the main thread.
 */
typedef void (*RillObserverFunc) (RillLiveData *live_data,
                                  const GValue *value,
                                  gpointer      user_data);

/**
 * RillLiveDataClass:
 * @on_active: called when the number of active observers goes from 0 to 1
 * @on_inactive: called when the number of active observers goes from 1 to 0
 *
 * The class of a live data. Subclasses that chain up keep the behaviour of
 * their parent (a [class@MediatorLiveData] starts observing its sources in
 * @on_active).
 */
struct _RillLiveDataClass
{
  GObjectClass parent_class;

  void (*on_active)   (RillLiveData *self);
  void (*on_inactive) (RillLiveData *self);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
GType        rill_live_data_get_value_type          (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_get_value               (RillLiveData       *self,
                                                     GValue             *value);
RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_is_initialized          (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gulong       rill_live_data_observe                 (RillLiveData       *self,
                                                     RillLifecycleOwner *owner,
                                                     RillObserverFunc    func,
                                                     gpointer            user_data,
                                                     GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
gulong       rill_live_data_observe_forever         (RillLiveData       *self,
                                                     RillObserverFunc    func,
                                                     gpointer            user_data,
                                                     GDestroyNotify      destroy);
RILL_AVAILABLE_IN_ALL
void         rill_live_data_remove_observer         (RillLiveData       *self,
                                                     gulong              id);
RILL_AVAILABLE_IN_ALL
void         rill_live_data_remove_observer_by_func (RillLiveData       *self,
                                                     RillObserverFunc    func,
                                                     gpointer            user_data);
RILL_AVAILABLE_IN_ALL
void         rill_live_data_remove_observers        (RillLiveData       *self,
                                                     RillLifecycleOwner *owner);
RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_has_observers           (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_has_active_observers    (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
guint        rill_live_data_get_observer_count      (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
guint        rill_live_data_get_active_observer_count (RillLiveData     *self);

RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_get_boolean             (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
int          rill_live_data_get_int                 (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
guint        rill_live_data_get_uint                (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gint64       rill_live_data_get_int64               (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
guint64      rill_live_data_get_uint64              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
double       rill_live_data_get_double              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
int          rill_live_data_get_enum                (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
guint        rill_live_data_get_flags               (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
const char  *rill_live_data_get_string              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
char        *rill_live_data_dup_string              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gpointer     rill_live_data_get_object              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gpointer     rill_live_data_dup_object              (RillLiveData       *self);
RILL_AVAILABLE_IN_ALL
gpointer     rill_live_data_get_boxed               (RillLiveData       *self);

RILL_AVAILABLE_IN_ALL
GBinding    *rill_live_data_bind_property           (RillLiveData       *self,
                                                     gpointer            target,
                                                     const char         *target_property,
                                                     GBindingFlags       flags);
RILL_AVAILABLE_IN_ALL
gboolean     rill_live_data_binding_transform       (GBinding           *binding,
                                                     const GValue       *from_value,
                                                     GValue             *to_value,
                                                     gpointer            user_data);

G_END_DECLS
