/* rill-flow-emitter.h
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
#include "rill-flow.h"

G_BEGIN_DECLS

#define RILL_TYPE_FLOW_EMITTER (rill_flow_emitter_get_type ())

RILL_AVAILABLE_IN_ALL
GType            rill_flow_emitter_get_type       (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillFlowEmitter *rill_flow_emitter_ref            (RillFlowEmitter  *self);
RILL_AVAILABLE_IN_ALL
void             rill_flow_emitter_unref          (RillFlowEmitter  *self);
RILL_AVAILABLE_IN_ALL
GType            rill_flow_emitter_get_value_type (RillFlowEmitter  *self);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit           (RillFlowEmitter  *self,
                                                   const GValue     *value,
                                                   GError          **error);

RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_int       (RillFlowEmitter  *self,
                                                   int               value,
                                                   GError          **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_int64     (RillFlowEmitter  *self,
                                                   gint64            value,
                                                   GError          **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_double    (RillFlowEmitter  *self,
                                                   double            value,
                                                   GError          **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_boolean   (RillFlowEmitter  *self,
                                                   gboolean          value,
                                                   GError          **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_string    (RillFlowEmitter  *self,
                                                   const char       *value,
                                                   GError          **error);
RILL_AVAILABLE_IN_ALL
gboolean         rill_flow_emitter_emit_object    (RillFlowEmitter  *self,
                                                   gpointer          value,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillFlowEmitter, rill_flow_emitter_unref)

G_END_DECLS
