/* rill-state-flow-private.h: the state a state flow and its mutable
 * subclass share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-hot-flow-private.h"

G_BEGIN_DECLS

/* A collector waiting for a new value; on its coroutine's stack, in the
 * flow's list only while it is parked, under the flow's lock. */
typedef struct _RillStateSlot RillStateSlot;
struct _RillStateSlot
{
  RillStateSlot *prev;
  RillStateSlot *next;
  RillCoroutine *co;
  guint64        seq;
  guint64        seen;     /* the version it delivered last */
  gboolean       parked;   /* atomic when read without the lock */
  /* A plain value handed over by the waker with its version, so that the
   * woken collector needs no lock to read it. */
  gboolean       handed;
  GValue         value;
};

typedef struct
{
  gint           lock;
  GType          value_type;
  gboolean       plain;
  GType          fundamental;
  GValue         value;
  guint64        version;   /* bumped by every change */
  RillStateSlot *parked_head;
  RillStateSlot *parked_tail;
} RillStateFlowPrivate;

void     rill_state_flow_init_value (RillStateFlow *self,
                                     const GValue  *initial);
/* Sets @value unless @expect is given and differs from the current one. */
gboolean rill_state_flow_store      (RillStateFlow *self,
                                     const GValue  *expect,
                                     const GValue  *value);
void     rill_state_flow_load       (RillStateFlow *self,
                                     GValue        *value);

G_END_DECLS
