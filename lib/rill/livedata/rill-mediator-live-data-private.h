/* rill-mediator-live-data-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-mediator-live-data.h"

G_BEGIN_DECLS

/* add_source() without the thread check, for a mediator that cannot be
 * active yet (just made by a transformation, on any thread). */
void rill_mediator_live_data_add_source_internal (RillMediatorLiveData *self,
                                                  RillLiveData         *source,
                                                  RillObserverFunc      func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);

G_END_DECLS
