/* rill-mutable-state-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-state-flow.h"
#include "rill-transformations.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_MUTABLE_STATE_FLOW (rill_mutable_state_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillMutableStateFlow, rill_mutable_state_flow, RILL, MUTABLE_STATE_FLOW, RillStateFlow)

RILL_AVAILABLE_IN_ALL
RillMutableStateFlow *rill_mutable_state_flow_new         (const GValue         *initial);
RILL_AVAILABLE_IN_ALL
RillMutableStateFlow *rill_mutable_state_flow_new_int     (int                   initial);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_value       (RillMutableStateFlow *self,
                                                   const GValue         *value);
RILL_AVAILABLE_IN_ALL
gboolean  rill_mutable_state_flow_compare_and_set (RillMutableStateFlow *self,
                                                   const GValue         *expect,
                                                   const GValue         *update);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_update          (RillMutableStateFlow *self,
                                                   RillMapFunc           func,
                                                   gpointer              user_data);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_int         (RillMutableStateFlow *self,
                                                   int                   value);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_boolean     (RillMutableStateFlow *self,
                                                   gboolean              value);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_double      (RillMutableStateFlow *self,
                                                   double                value);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_string      (RillMutableStateFlow *self,
                                                   const char           *value);
RILL_AVAILABLE_IN_ALL
void      rill_mutable_state_flow_set_object      (RillMutableStateFlow *self,
                                                   gpointer              value);

G_END_DECLS
