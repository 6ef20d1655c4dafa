/* rill-flow-sharing.h
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
#include "rill-shared-flow.h"
#include "rill-sharing-started.h"
#include "rill-state-flow.h"
#include "rill-types.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillStateFlow  *rill_flow_state_in (RillFlow           *self,
                                    RillScope          *scope,
                                    RillSharingStarted *started,
                                    const GValue       *initial);
RILL_AVAILABLE_IN_ALL
RillSharedFlow *rill_flow_share_in (RillFlow           *self,
                                    RillScope          *scope,
                                    RillSharingStarted *started,
                                    guint               replay);

G_END_DECLS
