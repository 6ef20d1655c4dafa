/* rill-live-data-builder-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-live-data-builder.h"
#include "rill-mediator-live-data.h"

G_BEGIN_DECLS

/* androidx's CoroutineLiveData: the mediator behind rill_live_data_build(). */
#define RILL_TYPE_COROUTINE_LIVE_DATA (rill_coroutine_live_data_get_type ())

G_DECLARE_FINAL_TYPE (RillCoroutineLiveData, rill_coroutine_live_data, RILL, COROUTINE_LIVE_DATA, RillMediatorLiveData)

/* Main thread: androidx's clearSource() and emitSource(). */
void            rill_coroutine_live_data_clear_source (RillCoroutineLiveData *self);
RillDisposable *rill_coroutine_live_data_emit_source  (RillCoroutineLiveData *self,
                                                       RillLiveData          *source);

/* One run of the block: @scope is its coroutine's scope. */
RillLiveDataScope *rill_live_data_scope_new (RillScope             *scope,
                                             RillCoroutineLiveData *target);

G_END_DECLS
