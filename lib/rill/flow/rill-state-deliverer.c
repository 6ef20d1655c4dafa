/* rill-state-deliverer.c: delivering a state flow's value to many
 * collectors of one loop
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A set that wakes many collectors of one loop does not resume them one by
 * one, each with a switch to its stack and back: one coroutine on their loop,
 * the deliverer, takes them from the list and calls each collector's
 * function as that collector, on the deliverer's own stack (a borrowed call,
 * see rill-coroutine-private.h), then parks it again. A collector stays
 * parked on its own stack throughout, and nothing of it changes but what its
 * slot says: what it saw, and the values it keeps. A function that suspends
 * keeps the deliverer's stack until it returns, then the collector continues
 * on its own; the deliverer's remaining collectors go to a new deliverer.
 */

#include "config.h"

#include <gio/gio.h>

#include "rill-state-deliverer-private.h"

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

static void
batch_free (RillStateBatch *batch)
{
  /* Collectors the deliverer did not park again (it could not lend its
   * stack, or never ran: its dispatcher closed) are resumed directly. This
   * may run on another thread than theirs, where a collector takes itself
   * out of the batch: both do it under the flow's lock. */
  if (batch->live > 0)
    {
      RillStateFlowPrivate *priv = rill_state_flow_get_private (batch->flow);
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

void
rill_state_deliverer_start (RillStateBatch *batch)
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
  park_done (rill_state_flow_get_private (deliverer->batch->flow), deliverer);
  batch = g_steal_pointer (&deliverer->batch);
  batch_drop (batch, deliverer->current);
  rill_state_deliverer_start (batch);
}

/* Whether the collector's own park is untouched: nobody resumed it (a
 * cancellation) while a deliverer had it. */
static inline gboolean
home_parked (RillStateSlot *slot)
{
  return rill_coroutine_is_parked (slot->co, slot->seq);
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
              rill_state_collector_failed (&local);
              slot->error = local;
              batch_drop (batch, i);
              wake_home (slot);
              return TRUE;
            }
          if (G_UNLIKELY (local != NULL))
            g_clear_error (&local);   /* set by a function that did not fail */
          rill_state_slot_keep_delivered (slot, priv->plain);
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
  RillStateFlowPrivate *priv = rill_state_flow_get_private (self);
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
RillStateBatch *
rill_state_deliverer_take_batch (RillStateFlow        *self,
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


/* Called with the lock held, on the collector's loop: @slot takes itself out
 * of its batch (it was woken by a cancellation meanwhile). */
void
rill_state_batch_leave (RillStateSlot *slot)
{
  batch_drop (slot->batch, slot->index);
}
