/* rill-hot-flow-private.h: what the hot flows share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-flow-private.h"
#include "rill-spin-lock-private.h"
#include "rill-shared-flow.h"
#include "rill-state-flow.h"
#include "rill-mutable-state-flow.h"

G_BEGIN_DECLS

/* A hot flow's lock is held for a few instructions and a GValue copy. */
static inline void
rill_hot_lock (gint *lock)
{
  rill_spin_lock (lock);
}

static inline void
rill_hot_unlock (gint *lock)
{
  rill_spin_unlock (lock);
}

/* A coroutine to resume once the lock is released; a job reference keeps
 * it alive when it may run (and finish) on another thread meanwhile. */
typedef struct
{
  RillCoroutine *co;
  guint64        seq;
  gboolean       ref;
} RillHotWake;

static inline void
rill_hot_wake_prepare (RillHotWake   *wake,
                       RillCoroutine *co,
                       guint64        seq,
                       RillCoroutine *self_co)
{
  wake->co = co;
  wake->seq = seq;
  wake->ref = self_co == NULL || self_co->loop == NULL || co->loop != self_co->loop;
  if (wake->ref)
    rill_job_ref (&co->job);
}

static inline void
rill_hot_wake_up (RillHotWake *wake)
{
  rill_coroutine_resume (wake->co, wake->seq);
  if (wake->ref)
    rill_job_unref (&wake->co->job);
}

/* A value given to a hot flow of @type: refused with a critical otherwise. */
gboolean rill_hot_value_check            (GType           type,
                                          const GValue   *value,
                                          const char     *func);
void     rill_hot_value_free             (gpointer        data);
void     rill_hot_value_copy             (const GValue   *src,
                                          GValue         *dest);

/* Counts a collector in or out, for the subscription count. */
void     rill_shared_flow_subscribers_add (RillSharedFlow *self,
                                          int             delta);
int      rill_shared_flow_get_n_subscribers (RillSharedFlow *self);
/* Makes @self a view of @delegate for the subscription count. */
void     rill_shared_flow_set_delegate   (RillSharedFlow *self,
                                          RillSharedFlow *delegate);

/* A state flow's value, set by the owner of a read-only one (state_in). */
RillStateFlow *rill_state_flow_new_internal (const GValue  *initial);
void     rill_state_flow_set_internal    (RillStateFlow  *self,
                                          const GValue   *value);

G_END_DECLS
