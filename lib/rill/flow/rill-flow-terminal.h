/* rill-flow-terminal.h
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
#include "rill-flow-operators.h"
#include "rill-types.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_first          (RillFlow          *self,
                                     GValue            *value,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_first_or_null  (RillFlow          *self,
                                     GValue            *value,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_single         (RillFlow          *self,
                                     GValue            *value,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_single_or_null (RillFlow          *self,
                                     GValue            *value,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_reduce         (RillFlow          *self,
                                     RillFlowFoldFunc   func,
                                     gpointer           user_data,
                                     GValue            *result,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_fold           (RillFlow          *self,
                                     const GValue      *initial,
                                     RillFlowFoldFunc   func,
                                     gpointer           user_data,
                                     GValue            *result,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
GPtrArray *rill_flow_to_list        (RillFlow          *self,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
gboolean   rill_flow_count          (RillFlow          *self,
                                     guint64           *count,
                                     GError           **error);
RILL_AVAILABLE_IN_ALL
RillJob   *rill_flow_launch_in      (RillFlow          *self,
                                     RillScope         *scope,
                                     RillCollectFunc    func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy);

G_END_DECLS
