/* rill-state-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-shared-flow.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_STATE_FLOW (rill_state_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillStateFlow, rill_state_flow, RILL, STATE_FLOW, RillSharedFlow)

/**
 * RillStateFlowClass:
 *
 * The class of a state flow.
 */
struct _RillStateFlowClass
{
  RillSharedFlowClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
void      rill_state_flow_get_value   (RillStateFlow *self,
                                       GValue        *value);
RILL_AVAILABLE_IN_ALL
int       rill_state_flow_get_int     (RillStateFlow *self);
RILL_AVAILABLE_IN_ALL
gboolean  rill_state_flow_get_boolean (RillStateFlow *self);
RILL_AVAILABLE_IN_ALL
double    rill_state_flow_get_double  (RillStateFlow *self);
RILL_AVAILABLE_IN_ALL
char     *rill_state_flow_dup_string  (RillStateFlow *self);
RILL_AVAILABLE_IN_ALL
gpointer  rill_state_flow_dup_object  (RillStateFlow *self);

G_END_DECLS
