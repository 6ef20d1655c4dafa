/* rill-mutable-shared-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-buffer-overflow.h"
#include "rill-shared-flow.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_MUTABLE_SHARED_FLOW (rill_mutable_shared_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillMutableSharedFlow, rill_mutable_shared_flow, RILL, MUTABLE_SHARED_FLOW, RillSharedFlow)

RILL_AVAILABLE_IN_ALL
RillMutableSharedFlow *rill_mutable_shared_flow_new       (GType                  value_type,
                                                           guint                  replay,
                                                           guint                  extra_buffer,
                                                           RillBufferOverflow     on_overflow);
RILL_AVAILABLE_IN_ALL
gboolean  rill_mutable_shared_flow_emit               (RillMutableSharedFlow *self,
                                                       const GValue          *value);
RILL_AVAILABLE_IN_ALL
gboolean  rill_mutable_shared_flow_try_emit           (RillMutableSharedFlow *self,
                                                       const GValue          *value);
RILL_AVAILABLE_IN_ALL
gboolean  rill_mutable_shared_flow_emit_int           (RillMutableSharedFlow *self,
                                                       int                    value);
RILL_AVAILABLE_IN_ALL
gboolean  rill_mutable_shared_flow_try_emit_int       (RillMutableSharedFlow *self,
                                                       int                    value);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_shared_flow_reset_replay_cache (RillMutableSharedFlow *self);

G_END_DECLS
