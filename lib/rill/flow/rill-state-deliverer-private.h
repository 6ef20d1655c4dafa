/* rill-state-deliverer-private.h: delivering a state flow's value to many
 * collectors of one loop
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-state-flow-private.h"

G_BEGIN_DECLS

/* A set that wakes at least this many collectors hands those of one loop to
 * a deliverer; fewer are resumed one by one. */
#define RILL_STATE_DELIVERER_MIN_COLLECTORS 16

/* Called with the flow's lock held: takes the collectors parked before
 * @version that a deliverer on the first one's loop can serve out of the
 * list, or returns NULL when there are none. */
RillStateBatch *rill_state_deliverer_take_batch (RillStateFlow        *self,
                                                 RillStateFlowPrivate *priv,
                                                 guint64               version);
/* Queues a deliverer for @batch on its loop; takes @batch. Any thread,
 * without the lock. */
void            rill_state_deliverer_start      (RillStateBatch       *batch);
/* Called with the flow's lock held, on the collector's loop. */
void            rill_state_batch_leave          (RillStateSlot        *slot);

G_END_DECLS
