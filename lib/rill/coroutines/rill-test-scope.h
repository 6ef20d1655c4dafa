/* rill-test-scope.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

#define RILL_TYPE_TEST_SCOPE (rill_test_scope_get_type ())

RILL_AVAILABLE_IN_ALL
GType          rill_test_scope_get_type            (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillTestScope *rill_test_scope_new                 (void);
RILL_AVAILABLE_IN_ALL
RillTestScope *rill_test_scope_ref                 (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
void           rill_test_scope_unref               (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
RillScope     *rill_test_scope_get_scope           (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_test_scope_get_dispatcher     (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
void           rill_test_scope_advance_time_by     (RillTestScope *self,
                                                    guint64        msec);
RILL_AVAILABLE_IN_ALL
void           rill_test_scope_advance_until_idle  (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
void           rill_test_scope_run_current         (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
guint64        rill_test_scope_get_current_time    (RillTestScope *self);
RILL_AVAILABLE_IN_ALL
void           rill_test_scope_run                 (RillTestScope *self,
                                                    RillBlock      block,
                                                    gpointer       user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillTestScope, rill_test_scope_unref)

G_END_DECLS
