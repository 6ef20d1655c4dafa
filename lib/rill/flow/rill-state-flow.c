/* rill-state-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "rill-hot-flow-private.h"
#include "rill-state-flow-private.h"
#include "rill-derived-state-flow-private.h"

/**
 * RillStateFlow:
 *
 * A hot flow that always has a value, kotlinx's `StateFlow`: a read-only
 * view of a [class@MutableStateFlow], or the result of
 * [method@Flow.state_in].
 *
 * A collector gets the current value first, then every new value. State
 * flows are conflated: a value equal to the current one (as
 * [func@LiveData.values_equal] compares) changes nothing, and a collector
 * that is slower than the updates gets the newest value, not every step in
 * between; it never gets the same value twice in a row.
 *
 * The value can be read from any thread with [method@StateFlow.get_value].
 */

G_DEFINE_TYPE_WITH_PRIVATE (RillStateFlow, rill_state_flow, RILL_TYPE_SHARED_FLOW)

/* No type check: every caller is typed or checked already. */
#define PRIV(self) ((RillStateFlowPrivate *) rill_state_flow_get_instance_private ((RillStateFlow *) (self)))

/* Collectors resumed per round of a set: their handles are copied out under
 * the lock and resumed after it, with no allocation. */
#define WAKE_BATCH 128

static inline void
slots_push (RillStateFlowPrivate *priv,
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
slots_remove (RillStateFlowPrivate *priv,
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

/* ------------------------------------------------------------------------ */
/* Deliverers                                                               */

/* A set that wakes many collectors of one loop does not resume them one by
 * one, each with a switch to its stack and back: one coroutine on their loop,
 * the deliverer, takes them from the list and calls each collector's
 * function as that collector, on the deliverer's own stack (a borrowed call,
 * see rill-coroutine-private.h), then parks it again. A collector stays
 * parked on its own stack throughout, and nothing of it changes but what its
 * slot says: what it saw, and the values it keeps. A function that suspends
 * keeps the deliverer's stack until it returns, then the collector continues
 * on its own; the deliverer's remaining collectors go to a new deliverer.
 *
 * Fewer collectors than this are resumed directly. */
#define DELIVERER_MIN_COLLECTORS 16

struct _RillStateBatch
{
  RillStateFlow  *flow;    /* a reference */
  RillLoop       *loop;
  RillDispatcher *dispatcher;
  guint           n;
  guint           live;    /* how many of @slots are not NULL */
  guint           next;    /* the first not delivered yet in this round */
  RillStateSlot  *slots[]; /* NULL once the collector took itself out */
};

/* How far ahead in the list a slot points (RillStateSlot.ahead). */
#define AHEAD 4

typedef struct
{
  RillStateBatch *batch;   /* NULL once handed on */
  guint           current; /* the index being delivered to */
  guint64         version; /* of the value delivered in this round */
  /* The collectors that have seen it, to be parked again in one go; marked
   * parked already, as nothing can look before they are. */
  RillStateSlot  *done_head;
  RillStateSlot  *done_tail;
  guint           n_done;
  RillStateSlot  *recent[AHEAD];  /* the last ones done, by n_done % AHEAD */
} Deliverer;

static gboolean park_done (RillStateFlowPrivate *priv,
                           Deliverer            *deliverer);

static void deliver_batch (RillScope *scope,
                           gpointer   user_data);

/* The collector continues on its own: it finds itself neither parked nor in
 * a batch, and looks at its slot. */
static void
wake_home (RillStateSlot *slot)
{
  rill_coroutine_resume (slot->co, slot->seq);
}

static void
batch_free (RillStateBatch *batch)
{
  /* Collectors the deliverer did not park again (it could not lend its
   * stack, or never ran: its dispatcher closed) are resumed directly. This
   * may run on another thread than theirs, where a collector takes itself
   * out of the batch: both do it under the flow's lock. */
  if (batch->live > 0)
    {
      RillStateFlowPrivate *priv = PRIV (batch->flow);
      GPtrArray *woken = g_ptr_array_new ();

      rill_hot_lock (&priv->lock);
      for (guint i = 0; i < batch->n; i++)
        {
          RillStateSlot *slot = batch->slots[i];

          if (slot != NULL)
            {
              batch->slots[i] = NULL;
              slot->batch = NULL;
              g_ptr_array_add (woken, rill_job_ref (&slot->co->job));
              g_ptr_array_add (woken, GSIZE_TO_POINTER ((gsize) slot->seq));
            }
        }
      rill_hot_unlock (&priv->lock);
      for (guint i = 0; i < woken->len; i += 2)
        {
          RillCoroutine *co = rill_coroutine_from_job (woken->pdata[i]);

          rill_coroutine_resume (co, (guint64) GPOINTER_TO_SIZE (woken->pdata[i + 1]));
          rill_job_unref (&co->job);
        }
      g_ptr_array_unref (woken);
    }
  rill_dispatcher_unref (batch->dispatcher);
  g_object_unref (batch->flow);
  g_free (batch);
}

static void
deliverer_free (gpointer data)
{
  Deliverer *deliverer = data;

  g_clear_pointer (&deliverer->batch, batch_free);
  g_free (deliverer);
}

static void
spawn_deliverer (RillStateBatch *batch)
{
  Deliverer *deliverer = g_new0 (Deliverer, 1);
  RillCoroutine *co;

  deliverer->batch = batch;
  co = rill_coroutine_new (RILL_COROUTINE_LAUNCH, NULL, rill_context_new (batch->dispatcher, NULL), FALSE,
                           RILL_COROUTINE_START_DEFAULT, (gpointer) deliver_batch, deliverer, deliverer_free);
  /* On the collectors' loop, whatever thread the set came from. */
  co->loop = batch->loop;
  if (co->loop->track)
    rill_loop_track (co->loop, co);
  rill_coroutine_start (co, RILL_COROUTINE_START_DEFAULT);
  rill_job_unref (&co->job);
}

/* A delivery suspended: the deliverer's stack is the collector's now, and the
 * collectors after it go to a new deliverer. */
static void
hand_on_rest (RillBorrow *borrow)
{
  Deliverer *deliverer = borrow->data;
  RillStateBatch *batch;

  /* Before this thread goes to others: the collectors done so far are
   * parked, or back in the batch if the value changed meanwhile. The one
   * being called is the batch's no more: it goes on by itself when the call
   * returns. */
  park_done (PRIV (deliverer->batch->flow), deliverer);
  batch = g_steal_pointer (&deliverer->batch);
  batch->slots[deliverer->current] = NULL;
  batch->live--;
  spawn_deliverer (batch);
}

/* Whether the collector's own park is untouched: nobody resumed it (a
 * cancellation) while a deliverer had it. */
static inline gboolean
home_parked (RillStateSlot *slot)
{
  return rill_coroutine_is_parked (slot->co, slot->seq);
}

static void
set_collector_failed (GError **error)
{
  if (*error == NULL)
    {
      g_critical ("A flow collector returned FALSE without setting an error");
      *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                    _("The flow collector failed without an error"));
    }
}

/* The value delivered becomes the last one. Both are of the flow's type:
 * a plain value is copied, any other is swapped, which keeps the buffers
 * (nothing allocated per value). Word by word: the value was just written
 * so, and a wider read of it would wait for the write. */
static inline void
keep_delivered (RillStateSlot *slot,
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

/* Takes @slot out of its batch: it is parked again, or runs. */
static inline void
batch_drop (RillStateBatch *batch,
            guint           i)
{
  RillStateSlot *slot = batch->slots[i];

  batch->slots[i] = NULL;
  batch->live--;
  slot->batch = NULL;
}

/* @slot at @i has seen the round's value: out of the batch, to be parked. */
static inline void
add_done (Deliverer *deliverer,
          guint      i)
{
  RillStateSlot *slot = deliverer->batch->slots[i];

  batch_drop (deliverer->batch, i);
  slot->ahead = NULL;
  if (deliverer->n_done >= AHEAD)
    deliverer->recent[deliverer->n_done % AHEAD]->ahead = slot;
  deliverer->recent[deliverer->n_done % AHEAD] = slot;
  slot->next = NULL;
  slot->prev = deliverer->done_tail;
  if (deliverer->done_tail != NULL)
    deliverer->done_tail->next = slot;
  else
    deliverer->done_head = slot;
  deliverer->done_tail = slot;
  deliverer->n_done++;
  slot->parked = TRUE;
}

/* The collectors done in this round saw a value that is no longer the
 * current one: back into the batch, for the next round. */
static void
requeue_done (Deliverer *deliverer)
{
  RillStateBatch *batch = deliverer->batch;

  for (RillStateSlot *slot = deliverer->done_head, *next; slot != NULL; slot = next)
    {
      next = slot->next;
      slot->prev = slot->next = NULL;
      slot->parked = FALSE;
      slot->batch = batch;
      batch->slots[slot->index] = slot;
      batch->live++;
    }
  deliverer->done_head = deliverer->done_tail = NULL;
  deliverer->n_done = 0;
}

/* Parks the collectors done in this round at the end of the flow's list,
 * if the value is still the one they saw; else puts them back into the
 * batch for another round (FALSE). */
static gboolean
park_done (RillStateFlowPrivate *priv,
           Deliverer            *deliverer)
{
  RillStateSlot *head = deliverer->done_head;
  gboolean current;

  if (head == NULL)
    return TRUE;
  rill_hot_lock (&priv->lock);
  current = priv->version == deliverer->version;
  if (current)
    {
      head->prev = priv->parked_tail;
      if (priv->parked_tail != NULL)
        priv->parked_tail->next = head;
      else
        priv->parked_head = head;
      priv->parked_tail = deliverer->done_tail;
      priv->n_parked += deliverer->n_done;
    }
  rill_hot_unlock (&priv->lock);
  if (current)
    {
      deliverer->done_head = deliverer->done_tail = NULL;
      deliverer->n_done = 0;
    }
  else
    requeue_done (deliverer);
  return current;
}

/* The value to deliver, read again when it changed: a collector gets the
 * value that is current when its turn comes, as one resumed would. Those
 * done with the old one get the new one in the next round. */
static inline void
refresh (RillStateFlowPrivate *priv,
         Deliverer            *deliverer,
         GValue               *value)
{
  if (G_LIKELY (__atomic_load_n (&priv->version, __ATOMIC_ACQUIRE) == deliverer->version))
    return;
  rill_hot_lock (&priv->lock);
  deliverer->version = priv->version;
  rill_state_value_assign (&priv->value, value, priv->plain);
  rill_hot_unlock (&priv->lock);
  requeue_done (deliverer);
}

/* Delivers to the collector at @i of the batch until it has seen the
 * current value, as its own loop would; FALSE when a delivery suspended:
 * this runs as the deliverer again only later, and the batch is another
 * deliverer's. */
static gboolean
deliver_to (RillThread           *t,
            RillBorrow           *borrow,
            RillStateFlowPrivate *priv,
            Deliverer            *deliverer,
            guint                 i,
            GValue               *value)
{
  RillStateBatch *batch = deliverer->batch;
  RillStateSlot *slot = batch->slots[i];
  RillCoroutine *co = slot->co;

  refresh (priv, deliverer, value);
  if (slot->seen == deliverer->version)
    {
      add_done (deliverer, i);
      return TRUE;
    }
  /* A cancellation wakes the collector: it runs, and sees to itself. */
  if (!home_parked (slot))
    {
      batch_drop (batch, i);
      return TRUE;
    }

  for (;;)
    {
      slot->seen = deliverer->version;
      rill_state_value_assign (value, &slot->fresh, priv->plain);
      /* a -> b -> a faster than the collector: it saw a, it sees a again. */
      if (!slot->have_last || !rill_state_values_equal (&slot->last, &slot->fresh, priv->fundamental))
        {
          GError *local = NULL;
          gboolean ok;

          deliverer->current = i;
          rill_coroutine_borrow_begin (t, borrow, co, slot->seq);
          ok = slot->func (&slot->fresh, slot->user_data, &local);
          if (borrow->donated)
            {
              /* Running as the collector, on the stack it has now, out of
               * the batch (another deliverer's): it takes the outcome
               * home. */
              slot->batch = NULL;
              slot->returned = TRUE;
              slot->returned_ok = ok;
              if (ok)
                g_clear_error (&local);
              slot->error = g_steal_pointer (&local);
            }
          if (rill_coroutine_borrow_end (t, borrow))
            return FALSE;
          if (G_UNLIKELY (!ok))
            {
              set_collector_failed (&local);
              slot->error = local;
              batch_drop (batch, i);
              wake_home (slot);
              return TRUE;
            }
          if (G_UNLIKELY (local != NULL))
            g_clear_error (&local);   /* set by a function that did not fail */
          keep_delivered (slot, priv->plain);
          if (!home_parked (slot))
            {
              batch_drop (batch, i);  /* resumed meanwhile (a cancellation): it runs */
              return TRUE;
            }
        }
      /* Set again by the call, or meanwhile: delivered again, as the
       * collector's own loop would. */
      refresh (priv, deliverer, value);
      if (slot->seen == deliverer->version)
        {
          add_done (deliverer, i);
          return TRUE;
        }
    }
}

/* Rounds over the batch: each delivers the current value to every collector
 * that has not seen it, then parks them all again under one lock; a value
 * set meanwhile makes another round. */
static void
deliver_batch (RillScope *scope,
               gpointer   user_data)
{
  Deliverer *deliverer = user_data;
  RillStateBatch *batch = deliverer->batch;
  RillStateFlow *self = batch->flow;
  RillStateFlowPrivate *priv = PRIV (self);
  RillThread *t = rill_thread_get ();
  g_auto(GValue) value = G_VALUE_INIT;
  RillBorrow borrow;

  /* Not where it can lend its stack (a coroutine-local value in the
   * dispatcher's context): the collectors are resumed directly. */
  if (!rill_coroutine_can_lend (t))
    return;
  rill_coroutine_borrow_init (t, &borrow, hand_on_rest, deliverer);

  g_value_init (&value, priv->value_type);
  while (batch->live > 0)
    {
      rill_hot_lock (&priv->lock);
      deliverer->version = priv->version;
      rill_state_value_assign (&priv->value, &value, priv->plain);
      rill_hot_unlock (&priv->lock);

      while (batch->next < batch->n)
        {
          guint i = batch->next++;

          /* The collectors are on as many stacks and coroutines: their
           * memory is asked for ahead of its use. */
          if (i + 8 < batch->n && batch->slots[i + 8] != NULL)
            {
              __builtin_prefetch (batch->slots[i + 8]);
              __builtin_prefetch (&batch->slots[i + 8]->co);
              __builtin_prefetch (&batch->slots[i + 8]->last);
            }
          if (i + 4 < batch->n && batch->slots[i + 4] != NULL)
            {
              __builtin_prefetch (&batch->slots[i + 4]->co->wake);
            }
          if (batch->slots[i] != NULL && !deliver_to (t, &borrow, priv, deliverer, i, &value))
            return;
        }
      batch->next = 0;
      /* Set again meanwhile: the next round comes after the loop's other
       * coroutines, as the collectors would if resumed one by one. */
      if (!park_done (priv, deliverer) && !rill_yield ())
        return;
    }
}

/* Called with the lock held: takes the collectors parked before @version
 * that a deliverer on the first one's loop can serve into its batch. */
static RillStateBatch *
take_batch (RillStateFlow        *self,
            RillStateFlowPrivate *priv,
            guint64               version)
{
  RillStateSlot *s, *next, *kept_head = NULL, *kept_tail = NULL;
  RillStateBatch *batch;
  RillLoop *loop = NULL;

  for (s = priv->parked_head; s != NULL && s->seen < version; s = s->next)
    if (s->loop != NULL)
      {
        loop = s->loop;
        break;
      }
  if (loop == NULL)
    return NULL;

  /* Allocated whole: a collector may take itself out on its loop while this
   * is being filled. */
  batch = g_malloc (sizeof (RillStateBatch) + priv->n_parked * sizeof (RillStateSlot *));
  batch->flow = g_object_ref (self);
  batch->loop = loop;
  batch->dispatcher = rill_dispatcher_ref (s->co->dispatcher);
  batch->n = 0;
  batch->live = 0;
  batch->next = 0;

  /* The list is cut at once: the collectors of other loops are linked again,
   * the rest of the list follows them. */
  for (s = priv->parked_head; s != NULL && s->seen < version; s = next)
    {
      next = s->next;
      if (s->ahead != NULL)
        __builtin_prefetch (s->ahead, 1);
      if (s->loop != loop)
        {
          s->prev = kept_tail;
          if (kept_tail != NULL)
            kept_tail->next = s;
          else
            kept_head = s;
          kept_tail = s;
          continue;
        }
      s->batch = batch;
      s->index = batch->n;
      batch->slots[batch->n++] = s;
      batch->live++;
      s->prev = s->next = NULL;
      __atomic_store_n (&s->parked, FALSE, __ATOMIC_RELEASE);
    }
  if (kept_tail != NULL)
    kept_tail->next = s;
  else
    kept_head = s;
  if (s != NULL)
    s->prev = kept_tail;
  else
    priv->parked_tail = kept_tail;
  priv->parked_head = kept_head;
  priv->n_parked -= batch->n;
  return batch;
}

/* Called with the lock held, releases it: resumes every collector parked
 * before @version was set. Collectors that park again meanwhile have seen
 * @version and are left alone. */
static void
wake_collectors (RillStateFlow        *self,
                 RillStateFlowPrivate *priv,
                 guint64               version)
{
  RillCoroutine *self_co = rill_coroutine_current ();
  RillStateBatch *batch = NULL;

  if (priv->n_parked >= DELIVERER_MIN_COLLECTORS)
    batch = take_batch (self, priv, version);

  for (;;)
    {
      RillHotWake wakes[WAKE_BATCH];
      guint n = 0;

      while (n < WAKE_BATCH && priv->parked_head != NULL && priv->parked_head->seen < version)
        {
          RillStateSlot *s = priv->parked_head;

          if (priv->plain)
            {
              s->value.data[0] = priv->value.data[0];
              s->seen = version;
              s->handed = TRUE;
            }
          slots_remove (priv, s);
          rill_hot_wake_prepare (&wakes[n++], s->co, s->seq, self_co);
        }
      rill_hot_unlock (&priv->lock);
      if (batch != NULL)
        {
          spawn_deliverer (batch);
          batch = NULL;
        }
      for (guint i = 0; i < n; i++)
        rill_hot_wake_up (&wakes[i]);
      if (n < WAKE_BATCH)
        return;
      rill_hot_lock (&priv->lock);
    }
}

RillStateFlowPrivate *
rill_state_flow_get_private (RillStateFlow *self)
{
  return PRIV (self);
}

gboolean
rill_state_flow_store_value (RillStateFlow *self,
                             const GValue  *expect,
                             const GValue  *value,
                             gboolean      *changed)
{
  RillStateFlowPrivate *priv = PRIV (self);

  *changed = FALSE;
  rill_hot_lock (&priv->lock);
  if (expect != NULL && !rill_state_values_equal (&priv->value, expect, priv->fundamental))
    {
      rill_hot_unlock (&priv->lock);
      return FALSE;
    }
  if (!rill_state_values_equal (&priv->value, value, priv->fundamental))
    {
      rill_state_value_assign (value, &priv->value, priv->plain);
      __atomic_store_n (&priv->version, priv->version + 1, __ATOMIC_RELEASE);
      /* Derived flows checked before are no longer known to be current. */
      __atomic_add_fetch (&rill_state_epoch, 1, __ATOMIC_RELEASE);
      *changed = TRUE;
    }
  rill_hot_unlock (&priv->lock);
  return TRUE;
}

gboolean
rill_state_flow_store (RillStateFlow *self,
                       const GValue  *expect,
                       const GValue  *value)
{
  RillStateFlowPrivate *priv = PRIV (self);

  rill_hot_lock (&priv->lock);
  /* A flow derived flows read changes in step with the derivation graph;
   * the count is changed under this lock too, so it cannot be missed. */
  if (G_UNLIKELY (priv->n_readers != 0))
    {
      rill_hot_unlock (&priv->lock);
      return rill_derived_store_source (self, expect, value);
    }
  if (expect != NULL && !rill_state_values_equal (&priv->value, expect, priv->fundamental))
    {
      rill_hot_unlock (&priv->lock);
      return FALSE;
    }
  if (rill_state_values_equal (&priv->value, value, priv->fundamental))
    {
      rill_hot_unlock (&priv->lock);
      return TRUE;
    }
  rill_state_value_assign (value, &priv->value, priv->plain);
  __atomic_store_n (&priv->version, priv->version + 1, __ATOMIC_RELEASE);
  if (G_UNLIKELY (rill_state_batch_depth != 0))
    {
      /* The collectors hear of it once, when the batch ends. */
      rill_hot_unlock (&priv->lock);
      rill_state_batch_defer (self);
      return TRUE;
    }
  wake_collectors (self, priv, priv->version);
  return TRUE;
}

void
rill_state_flow_wake (RillStateFlow *self)
{
  RillStateFlowPrivate *priv = PRIV (self);

  rill_hot_lock (&priv->lock);
  wake_collectors (self, priv, priv->version);
}

gboolean
rill_state_flow_has_parked (RillStateFlow *self)
{
  return __atomic_load_n (&PRIV (self)->parked_head, __ATOMIC_ACQUIRE) != NULL;
}

guint64
rill_state_flow_load_versioned (RillStateFlow *self,
                                GValue        *value)
{
  RillStateFlowPrivate *priv = PRIV (self);
  guint64 version;

  rill_hot_lock (&priv->lock);
  rill_state_value_assign (&priv->value, value, priv->plain);
  version = priv->version;
  rill_hot_unlock (&priv->lock);
  return version;
}

void
rill_state_flow_load (RillStateFlow *self,
                      GValue        *value)
{
  RillStateFlowPrivate *priv = PRIV (self);

  if (G_UNLIKELY (priv->derived))
    rill_derived_state_flow_validate (self);
  rill_hot_lock (&priv->lock);
  rill_state_value_assign (&priv->value, value, priv->plain);
  rill_hot_unlock (&priv->lock);
}

static gboolean
rill_state_flow_collect (RillFlow         *flow,
                         RillCollectFunc   func,
                         gpointer          user_data,
                         GError          **error)
{
  RillStateFlow *self = RILL_STATE_FLOW (flow);
  RillStateFlowPrivate *priv = PRIV (self);
  RillCoroutine *co = rill_coroutine_current ();
  RillStateSlot slot = { 0, };
  GError *local = NULL;
  gboolean ok = FALSE;

  /* The collection keeps the flow alive, whoever else drops it. */
  g_object_ref (self);
  slot.co = co;
  slot.func = func;
  slot.user_data = user_data;
  if (co->loop != NULL && rill_coroutine_can_borrow (co, co->loop))
    slot.loop = co->loop;
  g_value_init (&slot.last, priv->value_type);
  g_value_init (&slot.fresh, priv->value_type);
  g_value_init (&slot.value, priv->value_type);
  rill_shared_flow_subscribers_add (RILL_SHARED_FLOW (self), 1);

  for (;;)
    {
      if (G_UNLIKELY (rill_job_is_cancelled_fast (co->current_job))
          && !rill_coroutine_check_active (co))
        {
          local = rill_cancelled_error_new ();
          break;
        }
      if (G_UNLIKELY (slot.returned))
        {
          /* A deliverer's call that suspended came back here on return. */
          slot.returned = FALSE;
          if (!slot.returned_ok)
            {
              local = g_steal_pointer (&slot.error);
              set_collector_failed (&local);
              break;
            }
          keep_delivered (&slot, priv->plain);
          continue;
        }
      if (G_UNLIKELY (slot.error != NULL))
        {
          /* The function failed, called by a deliverer. */
          local = g_steal_pointer (&slot.error);
          break;
        }

      if (slot.handed && __atomic_load_n (&priv->version, __ATOMIC_ACQUIRE) == slot.seen)
        {
          /* Woken with the newest value: no lock to take. */
          slot.handed = FALSE;
          slot.fresh.data[0] = slot.value.data[0];
        }
      else
        {
          slot.handed = FALSE;
          rill_hot_lock (&priv->lock);
          if (priv->version == slot.seen)
            {
              slot.seq = rill_coroutine_prepare_suspend (co);
              slots_push (priv, &slot);
              rill_hot_unlock (&priv->lock);
              rill_coroutine_suspend (co);
              /* The waker took the slot out; only a cancellation or a
               * spurious wake-up leaves it in the list, or in a deliverer's
               * batch. */
              if (G_UNLIKELY (__atomic_load_n (&slot.parked, __ATOMIC_ACQUIRE)
                              || __atomic_load_n (&slot.batch, __ATOMIC_RELAXED) != NULL))
                {
                  rill_hot_lock (&priv->lock);
                  if (slot.parked)
                    slots_remove (priv, &slot);
                  else if (slot.batch != NULL)
                    {
                      slot.batch->slots[slot.index] = NULL;
                      slot.batch->live--;
                      slot.batch = NULL;
                    }
                  rill_hot_unlock (&priv->lock);
                }
              continue;
            }
          slot.seen = priv->version;
          rill_state_value_assign (&priv->value, &slot.fresh, priv->plain);
          rill_hot_unlock (&priv->lock);
        }

      /* a -> b -> a faster than the collector: it saw a, it sees a again. */
      if (slot.have_last && rill_state_values_equal (&slot.last, &slot.fresh, priv->fundamental))
        continue;
      if (G_UNLIKELY (!func (&slot.fresh, user_data, &local)))
        {
          set_collector_failed (&local);
          break;
        }
      keep_delivered (&slot, priv->plain);
    }

  rill_shared_flow_subscribers_add (RILL_SHARED_FLOW (self), -1);
  g_clear_error (&slot.error);
  g_value_unset (&slot.last);
  g_value_unset (&slot.fresh);
  g_value_unset (&slot.value);
  g_object_unref (self);
  g_propagate_error (error, local);
  return ok;
}

void
rill_hot_value_free (gpointer data)
{
  GValue *v = data;

  g_value_unset (v);
  g_free (v);
}

static GPtrArray *
rill_state_flow_get_replay_cache (RillSharedFlow *flow)
{
  GPtrArray *cache = g_ptr_array_new_with_free_func (rill_hot_value_free);
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, PRIV (flow)->value_type);
  rill_state_flow_load (RILL_STATE_FLOW (flow), v);
  g_ptr_array_add (cache, v);
  return cache;
}

static void
rill_state_flow_finalize (GObject *object)
{
  RillStateFlowPrivate *priv = PRIV (object);

  if (G_IS_VALUE (&priv->value))
    g_value_unset (&priv->value);
  if (G_IS_VALUE (&priv->snap_value))
    g_value_unset (&priv->snap_value);
  g_clear_pointer (&priv->targets, g_ptr_array_unref);

  G_OBJECT_CLASS (rill_state_flow_parent_class)->finalize (object);
}

static void
rill_state_flow_class_init (RillStateFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillFlowClass *flow_class = RILL_FLOW_CLASS (klass);
  RillSharedFlowClass *shared_class = RILL_SHARED_FLOW_CLASS (klass);

  object_class->finalize = rill_state_flow_finalize;
  flow_class->collect = rill_state_flow_collect;
  shared_class->get_replay_cache = rill_state_flow_get_replay_cache;
}

static void
rill_state_flow_init (RillStateFlow *self)
{
}

void
rill_state_flow_init_value (RillStateFlow *self,
                            const GValue  *initial)
{
  RillStateFlowPrivate *priv = PRIV (self);

  priv->value_type = rill_flow_get_value_type (RILL_FLOW (self));
  priv->plain = rill_flow_type_is_plain (priv->value_type);
  priv->fundamental = G_TYPE_FUNDAMENTAL (priv->value_type);
  g_value_init (&priv->value, priv->value_type);
  g_value_init (&priv->snap_value, priv->value_type);
  rill_hot_value_copy (initial, &priv->value);
  /* Collectors start at 0: the initial value is news to them. */
  priv->version = 1;
}

RillStateFlow *
rill_state_flow_new_internal (const GValue *initial)
{
  RillStateFlow *self = g_object_new (RILL_TYPE_STATE_FLOW,
                                      "value-type", G_VALUE_TYPE (initial), NULL);

  rill_state_flow_init_value (self, initial);
  return self;
}

void
rill_state_flow_set_internal (RillStateFlow *self,
                              const GValue  *value)
{
  rill_state_flow_store (self, NULL, value);
}

/**
 * rill_state_flow_get_value:
 * @self: a state flow
 * @value: (out caller-allocates): an uninitialized #GValue, or one of the
 *   flow's value type
 *
 * Copies the current value of @self into @value, kotlinx's `value`. Any
 * thread may call it.
 */
void
rill_state_flow_get_value (RillStateFlow *self,
                           GValue        *value)
{
  RillStateFlowPrivate *priv;

  g_return_if_fail (RILL_IS_STATE_FLOW (self));
  g_return_if_fail (value != NULL);

  priv = PRIV (self);
  if (!G_IS_VALUE (value))
    g_value_init (value, priv->value_type);
  else if (G_VALUE_TYPE (value) != priv->value_type)
    {
      g_critical ("rill_state_flow_get_value: the value is a '%s', the flow's type is '%s'",
                  G_VALUE_TYPE_NAME (value), g_type_name (priv->value_type));
      return;
    }
  rill_state_flow_load (self, value);
}

#define CHECK_TYPE(self, fundamental, fallback)                                 \
  G_STMT_START {                                                               \
    g_return_val_if_fail (RILL_IS_STATE_FLOW (self), fallback);                \
    if (G_TYPE_FUNDAMENTAL (PRIV (self)->value_type) != fundamental)           \
      {                                                                        \
        g_critical ("%s: the flow's type is '%s'", G_STRFUNC,                   \
                    g_type_name (PRIV (self)->value_type));                    \
        return fallback;                                                       \
      }                                                                        \
  } G_STMT_END

/**
 * rill_state_flow_get_int:
 * @self: a state flow of %G_TYPE_INT
 *
 * [method@StateFlow.get_value] for a flow of integers.
 *
 * Returns: the current value
 */
int
rill_state_flow_get_int (RillStateFlow *self)
{
  GValue v = G_VALUE_INIT;

  CHECK_TYPE (self, G_TYPE_INT, 0);
  g_value_init (&v, PRIV (self)->value_type);
  rill_state_flow_load (self, &v);
  return g_value_get_int (&v);
}

/**
 * rill_state_flow_get_boolean:
 * @self: a state flow of %G_TYPE_BOOLEAN
 *
 * [method@StateFlow.get_value] for a flow of booleans.
 *
 * Returns: the current value
 */
gboolean
rill_state_flow_get_boolean (RillStateFlow *self)
{
  GValue v = G_VALUE_INIT;

  CHECK_TYPE (self, G_TYPE_BOOLEAN, FALSE);
  g_value_init (&v, PRIV (self)->value_type);
  rill_state_flow_load (self, &v);
  return g_value_get_boolean (&v);
}

/**
 * rill_state_flow_get_double:
 * @self: a state flow of %G_TYPE_DOUBLE
 *
 * [method@StateFlow.get_value] for a flow of doubles.
 *
 * Returns: the current value
 */
double
rill_state_flow_get_double (RillStateFlow *self)
{
  GValue v = G_VALUE_INIT;

  CHECK_TYPE (self, G_TYPE_DOUBLE, 0.0);
  g_value_init (&v, PRIV (self)->value_type);
  rill_state_flow_load (self, &v);
  return g_value_get_double (&v);
}

/**
 * rill_state_flow_dup_string:
 * @self: a state flow of %G_TYPE_STRING
 *
 * [method@StateFlow.get_value] for a flow of strings: a copy, since another
 * thread may replace the value at any time.
 *
 * Returns: (transfer full) (nullable): a copy of the current value
 */
char *
rill_state_flow_dup_string (RillStateFlow *self)
{
  g_auto(GValue) v = G_VALUE_INIT;

  CHECK_TYPE (self, G_TYPE_STRING, NULL);
  g_value_init (&v, PRIV (self)->value_type);
  rill_state_flow_load (self, &v);
  return g_value_dup_string (&v);
}

/**
 * rill_state_flow_dup_object:
 * @self: a state flow of objects
 *
 * [method@StateFlow.get_value] for a flow of objects: a new reference,
 * since another thread may replace the value at any time.
 *
 * Returns: (transfer full) (nullable) (type GObject): the current value
 */
gpointer
rill_state_flow_dup_object (RillStateFlow *self)
{
  g_auto(GValue) v = G_VALUE_INIT;

  CHECK_TYPE (self, G_TYPE_OBJECT, NULL);
  g_value_init (&v, PRIV (self)->value_type);
  rill_state_flow_load (self, &v);
  return g_value_dup_object (&v);
}
