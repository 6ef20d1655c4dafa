/* rill-mediator-live-data.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-mutable-live-data.h"

G_BEGIN_DECLS

#define RILL_TYPE_MEDIATOR_LIVE_DATA (rill_mediator_live_data_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillMediatorLiveData, rill_mediator_live_data, RILL, MEDIATOR_LIVE_DATA, RillMutableLiveData)

/**
 * RillMediatorLiveDataClass:
 *
 * The class of a mediator live data. A subclass that overrides
 * [vfunc@LiveData.on_active] or [vfunc@LiveData.on_inactive] chains up, or
 * its sources are not observed.
 */
struct _RillMediatorLiveDataClass
{
  RillMutableLiveDataClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
RillMediatorLiveData *rill_mediator_live_data_new            (GType                 value_type);
RILL_AVAILABLE_IN_ALL
RillMediatorLiveData *rill_mediator_live_data_new_with_value (const GValue         *value);
RILL_AVAILABLE_IN_ALL
void                  rill_mediator_live_data_add_source     (RillMediatorLiveData *self,
                                                              RillLiveData         *source,
                                                              RillObserverFunc      func,
                                                              gpointer              user_data,
                                                              GDestroyNotify        destroy);
RILL_AVAILABLE_IN_ALL
void                  rill_mediator_live_data_remove_source  (RillMediatorLiveData *self,
                                                              RillLiveData         *source);

G_END_DECLS
