/* rill-derived-state-flow-private.h: what a store of any state flow tells
 * the derivation graph
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-state-flow.h"

G_BEGIN_DECLS

/* Bumped by every change of a state flow that derived flows read: a
 * derived flow checked at the current epoch is known to be current. */
extern guint64 rill_state_epoch;
/* The nesting depth of rill_state_flow_batch () on this thread. */
extern __thread guint rill_state_batch_depth __attribute__((tls_model ("initial-exec")));

/* The store of a state flow that derived flows read, in step with them. */
gboolean rill_derived_store_source     (RillStateFlow *self,
                                        const GValue  *expect,
                                        const GValue  *value);
/* A store in a batch: remembered, told when the outermost batch ends. */
void rill_state_batch_defer            (RillStateFlow *self);
/* Copies the current value out, computed if it has to be, under the graph's
 * lock: the only lock a derived flow without collectors is written under. */
void rill_derived_state_flow_load      (RillStateFlow *self,
                                        GValue        *value);

G_END_DECLS
