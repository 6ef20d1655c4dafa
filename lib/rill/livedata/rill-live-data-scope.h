/* rill-live-data-scope.h
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
#include "rill-disposable.h"
#include "rill-live-data.h"

G_BEGIN_DECLS

#define RILL_TYPE_LIVE_DATA_SCOPE (rill_live_data_scope_get_type ())

typedef struct _RillLiveDataScope RillLiveDataScope;

/**
 * RillLiveDataBlock:
 * @scope: the scope of this run of the block, to emit values
 * @user_data: the data given to [func@LiveData.build]
 *
 * The body of a live data made with [func@LiveData.build], androidx's
 * `suspend LiveDataScope<T>.() -> Unit`. It runs in a coroutine and may
 * suspend; it should return when a suspending call returns %FALSE (it was
 * cancelled).
 */
typedef void (*RillLiveDataBlock) (RillLiveDataScope *scope,
                                   gpointer           user_data);

RILL_AVAILABLE_IN_ALL
GType              rill_live_data_scope_get_type          (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillLiveDataScope *rill_live_data_scope_ref               (RillLiveDataScope *self);
RILL_AVAILABLE_IN_ALL
void               rill_live_data_scope_unref             (RillLiveDataScope *self);
RILL_AVAILABLE_IN_ALL
RillScope         *rill_live_data_scope_get_scope         (RillLiveDataScope *self);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit              (RillLiveDataScope *self,
                                                           const GValue      *value);
RILL_AVAILABLE_IN_ALL
RillDisposable    *rill_live_data_scope_emit_source       (RillLiveDataScope *self,
                                                           RillLiveData      *source);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_get_latest_value  (RillLiveDataScope *self,
                                                           GValue            *value);

RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit_boolean      (RillLiveDataScope *self,
                                                           gboolean           value);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit_int          (RillLiveDataScope *self,
                                                           int                value);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit_double       (RillLiveDataScope *self,
                                                           double             value);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit_string       (RillLiveDataScope *self,
                                                           const char        *value);
RILL_AVAILABLE_IN_ALL
gboolean           rill_live_data_scope_emit_object       (RillLiveDataScope *self,
                                                           gpointer           value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillLiveDataScope, rill_live_data_scope_unref)

G_END_DECLS
