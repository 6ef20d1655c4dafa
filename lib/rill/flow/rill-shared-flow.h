/* rill-shared-flow.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-flow.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

typedef struct _RillStateFlow RillStateFlow;

#define RILL_TYPE_SHARED_FLOW (rill_shared_flow_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillSharedFlow, rill_shared_flow, RILL, SHARED_FLOW, RillFlow)

/**
 * RillSharedFlowClass:
 * @get_replay_cache: returns a new array of copies of the values a new
 *   collector would get first
 *
 * The class of a hot flow.
 */
struct _RillSharedFlowClass
{
  RillFlowClass parent_class;

  GPtrArray *(*get_replay_cache) (RillSharedFlow *self);

  /*< private >*/
  gpointer padding[8];
};

RILL_AVAILABLE_IN_ALL
GPtrArray     *rill_shared_flow_get_replay_cache        (RillSharedFlow *self);
RILL_AVAILABLE_IN_ALL
RillStateFlow *rill_shared_flow_get_subscription_count  (RillSharedFlow *self);

G_END_DECLS
