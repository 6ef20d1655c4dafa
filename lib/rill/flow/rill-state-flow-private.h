/* rill-state-flow-private.h: the state a state flow and its mutable
 * subclass share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-hot-flow-private.h"

G_BEGIN_DECLS

/* Equality as rill_live_data_values_equal () sees it, inline for the plain
 * types whose equality is their bits. */
static inline gboolean
rill_state_values_equal (const GValue *a,
                         const GValue *b,
                         GType         fundamental)
{
  switch (fundamental)
    {
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
      return a->data[0].v_int == b->data[0].v_int;
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_ENUM:
    case G_TYPE_FLAGS:
      return a->data[0].v_int64 == b->data[0].v_int64;
    default:
      return rill_live_data_values_equal (a, b);
    }
}

/* Plain values are copied bit for bit. */
static inline void
rill_state_value_assign (const GValue *src,
                         GValue       *dest,
                         gboolean      plain)
{
  if (plain)
    dest->data[0] = src->data[0];
  else
    rill_hot_value_copy (src, dest);
}

typedef struct _RillStateBatch RillStateBatch;

/* A collector: on its coroutine's stack, in the flow's list only while it is
 * parked, under the flow's lock. What a set and a deliverer read of each
 * collector comes first, in as few cache lines as it takes. */
typedef struct _RillStateSlot RillStateSlot;
struct _RillStateSlot
{
  /* The first cache line: what a set reads and writes. */
  RillStateSlot  *prev;
  RillStateSlot  *next;
  guint64         seq;
  guint64         seen;     /* the version it delivered last */
  /* The collector's loop when a deliverer there can call it, else NULL:
   * fixed for the collection. */
  RillLoop       *loop;
  /* Taken from the list into a deliverer's batch, at @index; only touched
   * on the collector's loop once set. */
  RillStateBatch *batch;
  /* A slot a few places further in the list, when a deliverer parked them
   * together: a set walking the list asks for its memory early. */
  RillStateSlot  *ahead;
  guint           index;
  gboolean        parked;   /* atomic when read without the lock */

  /* The second and third: what the collector delivers with, which a
   * deliverer uses too (see rill-state-flow.c): the function, the value
   * being delivered and the one delivered last. */
  RillCoroutine  *co;
  RillCollectFunc func;
  gpointer        user_data;
  gboolean        have_last;
  /* A plain value handed over by the waker with its version, so that the
   * woken collector needs no lock to read it. */
  gboolean        handed;
  GValue          fresh;
  /* Left by a deliverer: the collector failed, or a delivery that suspended
   * returned (with @returned_ok) and the collector goes on from there. */
  GError         *error;
  GValue          last;
  GValue          value;
  gboolean        returned;
  gboolean        returned_ok;
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
  guint          n_parked;
  /* The observed derived state flows reading this one: changed under the
   * derivation graph's lock and, for the count, also under @lock, so that
   * a store sees a consistent count. */
  GPtrArray     *targets;
  guint          n_targets;
  /* How many derived flows read this one, observed or not: changed under
   * the graph's lock and @lock. */
  guint          n_readers;
  gboolean       derived;   /* a RillDerivedStateFlow: reads validate it */
  /* The value and version the derived flows read in one pass of the graph,
   * so that all of them see the same one while other threads write. Under
   * the graph's lock. */
  guint64        snap_pass;
  guint64        snap_version;
  GValue         snap_value;
} RillStateFlowPrivate;

RillStateFlowPrivate *rill_state_flow_get_private (RillStateFlow *self);

/* The list of parked collectors, under the flow's lock. */
static inline void
rill_state_slots_push (RillStateFlowPrivate *priv,
                       RillStateSlot        *s)
{
  s->next = NULL;
  s->prev = priv->parked_tail;
  if (priv->parked_tail != NULL)
    priv->parked_tail->next = s;
  else
    priv->parked_head = s;
  priv->parked_tail = s;
  priv->n_parked++;
  s->parked = TRUE;
}

static inline void
rill_state_slots_remove (RillStateFlowPrivate *priv,
                         RillStateSlot        *s)
{
  if (s->prev != NULL)
    s->prev->next = s->next;
  else
    priv->parked_head = s->next;
  if (s->next != NULL)
    s->next->prev = s->prev;
  else
    priv->parked_tail = s->prev;
  s->prev = s->next = NULL;
  priv->n_parked--;
  __atomic_store_n (&s->parked, FALSE, __ATOMIC_RELEASE);
}

/* The value delivered becomes the last one. Both are of the flow's type:
 * a plain value is copied, any other is swapped, which keeps the buffers
 * (nothing allocated per value). Word by word: the value was just written
 * so, and a wider read of it would wait for the write. */
static inline void
rill_state_slot_keep_delivered (RillStateSlot *slot,
                                gboolean       plain)
{
  if (plain)
    slot->last.data[0] = slot->fresh.data[0];
  else
    {
      guint64 last0 = slot->last.data[0].v_uint64, last1 = slot->last.data[1].v_uint64;

      slot->last.data[0].v_uint64 = slot->fresh.data[0].v_uint64;
      slot->last.data[1].v_uint64 = slot->fresh.data[1].v_uint64;
      slot->fresh.data[0].v_uint64 = last0;
      slot->fresh.data[1].v_uint64 = last1;
    }
  slot->have_last = TRUE;
}

/* A collector returned FALSE: a critical, and an error, if it set none. */
void     rill_state_collector_failed (GError **error);


void     rill_state_flow_init_value (RillStateFlow *self,
                                     const GValue  *initial);
/* Sets @value unless @expect is given and differs from the current one. */
gboolean rill_state_flow_store      (RillStateFlow *self,
                                     const GValue  *expect,
                                     const GValue  *value);
void     rill_state_flow_load       (RillStateFlow *self,
                                     GValue        *value);
/* The store of a flow that derived flows read, without resuming a
 * collector; @changed tells whether the value changed. */
gboolean rill_state_flow_store_value (RillStateFlow *self,
                                      const GValue  *expect,
                                      const GValue  *value,
                                      gboolean      *changed);
/* Resumes the collectors parked before the current version. */
void     rill_state_flow_wake       (RillStateFlow *self);
/* Copies the value and its version, read together. */
guint64  rill_state_flow_load_versioned (RillStateFlow *self,
                                         GValue        *value);

G_END_DECLS
