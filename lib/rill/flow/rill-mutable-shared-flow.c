/* rill-mutable-shared-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "rill-hot-flow-private.h"
#include "rill-mutable-shared-flow.h"

/**
 * RillMutableSharedFlow:
 *
 * A [class@SharedFlow] values are emitted into, kotlinx's
 * `MutableSharedFlow (replay, extraBufferCapacity, onBufferOverflow)`.
 *
 * Every value emitted goes to every coroutine collecting at that time. A
 * new collector first gets the last @replay values (the replay cache). A
 * buffer of @replay + @extra_buffer values lets emitters run ahead of slow
 * collectors; when it is full, @on_overflow decides:
 * %RILL_BUFFER_OVERFLOW_SUSPEND makes [method@MutableSharedFlow.emit]
 * suspend until the slowest collector makes room (and
 * [method@MutableSharedFlow.try_emit] fail), the other policies drop the
 * oldest or the newest value and never suspend. Without collectors nothing
 * waits: a value only updates the replay cache.
 *
 * With neither replay nor extra buffer, an emission is a rendezvous: emit
 * suspends until every collector has taken the value.
 *
 * Any thread may emit; collectors are resumed on their own dispatchers.
 */

typedef struct _Slot Slot;
struct _Slot
{
  Slot          *prev;
  Slot          *next;
  RillCoroutine *co;
  guint64        seq;
  gint64         index;    /* of the next value it takes */
  gboolean       parked;
};

typedef enum {
  EMITTER_WAITING,
  EMITTER_DONE,
} EmitterState;

/* A suspended emitter, on its stack, queued after the buffer. */
typedef struct _Emitter Emitter;
struct _Emitter
{
  Emitter       *prev;
  Emitter       *next;
  RillCoroutine *co;
  guint64        seq;
  const GValue  *value;
  EmitterState   state;
};

#define N_INLINE_WAKES 32

/* Coroutines to resume once the lock is released; no allocation until
 * there are many. */
typedef struct
{
  RillCoroutine *self_co;
  guint          n;
  RillHotWake    inline_wakes[N_INLINE_WAKES];
  GArray        *more;
} Wakes;

struct _RillMutableSharedFlow
{
  RillSharedFlow      parent_instance;

  gint                lock;
  GType               value_type;
  guint               replay;
  guint               capacity;      /* replay + extra buffer */
  RillBufferOverflow  overflow;

  /* Values [head, head + size) of the endless sequence of emissions, in a
   * ring of ring_size (a power of two) slots. */
  GValue             *ring;
  gsize               ring_size;
  gint64              head;
  gint64              size;
  gint64              replay_index;  /* where a new collector starts */
  gint64              min_index;     /* of the slowest collector */

  Slot               *slots;         /* in subscription order */
  Slot               *slots_tail;
  guint               n_collectors;
  Emitter            *queue_head;
  Emitter            *queue_tail;
  guint               queue_len;
};

G_DEFINE_FINAL_TYPE (RillMutableSharedFlow, rill_mutable_shared_flow, RILL_TYPE_SHARED_FLOW)

/* ------------------------------------------------------------------------ */

static inline void
wakes_init (Wakes *w)
{
  w->self_co = rill_coroutine_current ();
  w->n = 0;
  w->more = NULL;
}

static void
wakes_add (Wakes         *w,
           RillCoroutine *co,
           guint64        seq)
{
  RillHotWake wake;

  rill_hot_wake_prepare (&wake, co, seq, w->self_co);
  if (w->n < N_INLINE_WAKES)
    w->inline_wakes[w->n++] = wake;
  else
    {
      if (w->more == NULL)
        w->more = g_array_new (FALSE, FALSE, sizeof (RillHotWake));
      g_array_append_val (w->more, wake);
    }
}

static void
wakes_run (Wakes *w)
{
  for (guint i = 0; i < w->n; i++)
    rill_hot_wake_up (&w->inline_wakes[i]);
  if (w->more != NULL)
    {
      for (guint i = 0; i < w->more->len; i++)
        rill_hot_wake_up (&g_array_index (w->more, RillHotWake, i));
      g_array_unref (w->more);
    }
}

static inline GValue *
ring_at (RillMutableSharedFlow *self,
         gint64                 index)
{
  return &self->ring[(gsize) index & (self->ring_size - 1)];
}

static void
ring_push (RillMutableSharedFlow *self,
           const GValue          *value)
{
  GValue *v;

  if ((gsize) self->size == self->ring_size)
    {
      gsize new_size = MAX (self->ring_size * 2, 8);
      GValue *ring = g_new0 (GValue, new_size);

      for (gint64 i = self->head; i < self->head + self->size; i++)
        ring[(gsize) i & (new_size - 1)] = *ring_at (self, i);
      g_free (self->ring);
      self->ring = ring;
      self->ring_size = new_size;
    }
  v = ring_at (self, self->head + self->size);
  g_value_init (v, self->value_type);
  rill_hot_value_copy (value, v);
  self->size++;
}

static inline gint64
buffer_end (RillMutableSharedFlow *self)
{
  return self->head + self->size;
}

/* The index of the value @s can take, or -1. With no buffer at all, the
 * first suspended emitter's value is taken straight from it. */
static inline gint64
peek_index (RillMutableSharedFlow *self,
            Slot                  *s)
{
  if (s->index < buffer_end (self))
    return s->index;
  if (self->capacity == 0 && s->index == self->head && self->queue_head != NULL)
    return s->index;
  return -1;
}

static inline const GValue *
value_at (RillMutableSharedFlow *self,
          gint64                 index)
{
  if (index < buffer_end (self))
    return ring_at (self, index);
  return self->queue_head->value;
}

static void
update_buffer (RillMutableSharedFlow *self,
               gint64                 new_replay_index,
               gint64                 new_min_index,
               gint64                 new_end)
{
  gint64 new_head = MIN (new_min_index, new_replay_index);

  for (gint64 i = self->head; i < new_head && i < new_end; i++)
    g_value_unset (ring_at (self, i));
  self->replay_index = new_replay_index;
  self->min_index = new_min_index;
  self->size = new_end - new_head;
  self->head = new_head;
}

static void
drop_oldest (RillMutableSharedFlow *self)
{
  g_value_unset (ring_at (self, self->head));
  self->head++;
  self->size--;
  if (self->replay_index < self->head)
    self->replay_index = self->head;
  if (self->min_index < self->head)
    {
      /* Slow collectors lose the dropped value. */
      for (Slot *s = self->slots; s != NULL; s = s->next)
        if (s->index < self->head)
          s->index = self->head;
      self->min_index = self->head;
    }
}

static void
find_collectors_to_resume (RillMutableSharedFlow *self,
                           Wakes                 *wakes)
{
  for (Slot *s = self->slots; s != NULL; s = s->next)
    if (s->parked && peek_index (self, s) >= 0)
      {
        s->parked = FALSE;
        wakes_add (wakes, s->co, s->seq);
      }
}

static gboolean
try_emit_locked (RillMutableSharedFlow *self,
                 const GValue          *value)
{
  if (self->n_collectors == 0)
    {
      /* Nobody waits for it: it only goes to the replay cache. */
      if (self->replay == 0)
        return TRUE;
      ring_push (self, value);
      if (self->size > self->replay)
        drop_oldest (self);
      self->min_index = buffer_end (self);
      return TRUE;
    }
  if (self->size >= self->capacity && self->min_index <= self->replay_index)
    {
      switch (self->overflow)
        {
        case RILL_BUFFER_OVERFLOW_SUSPEND:
          return FALSE;
        case RILL_BUFFER_OVERFLOW_DROP_LATEST:
          return TRUE;
        case RILL_BUFFER_OVERFLOW_DROP_OLDEST:
        default:
          break;
        }
    }
  ring_push (self, value);
  if (self->size > self->capacity)
    drop_oldest (self);
  if (buffer_end (self) - self->replay_index > self->replay)
    update_buffer (self, self->replay_index + 1, self->min_index, buffer_end (self));
  return TRUE;
}

/* A collector moved on from @old_index (or left): when it was the slowest,
 * room may have opened for suspended emitters. */
static void
update_collector_index (RillMutableSharedFlow *self,
                        gint64                 old_index,
                        Wakes                 *wakes)
{
  gint64 new_min, new_end, new_replay, max_resume;
  gboolean resumed = FALSE;

  if (old_index < self->min_index)
    return;
  new_min = buffer_end (self);
  /* Past the buffer into the first emitter's value (rendezvous). */
  if (self->capacity == 0 && self->queue_head != NULL)
    new_min++;
  for (Slot *s = self->slots; s != NULL; s = s->next)
    if (s->index < new_min)
      new_min = s->index;
  if (new_min <= self->min_index)
    return;

  new_end = buffer_end (self);
  if (self->n_collectors > 0)
    max_resume = MAX ((gint64) self->capacity - (new_end - new_min), 0);
  else
    max_resume = self->queue_len;
  while (max_resume > 0 && self->queue_head != NULL)
    {
      Emitter *e = self->queue_head;

      self->queue_head = e->next;
      if (self->queue_head != NULL)
        self->queue_head->prev = NULL;
      else
        self->queue_tail = NULL;
      self->queue_len--;
      e->prev = e->next = NULL;
      ring_push (self, e->value);
      e->state = EMITTER_DONE;
      wakes_add (wakes, e->co, e->seq);
      new_end++;
      max_resume--;
      resumed = TRUE;
    }
  if (self->n_collectors == 0)
    new_min = new_end;
  new_replay = MAX (self->replay_index, new_end - MIN ((gint64) self->replay, new_end - self->head));
  update_buffer (self, new_replay, new_min, new_end);
  if (resumed)
    find_collectors_to_resume (self, wakes);
}

/* ------------------------------------------------------------------------ */

static gboolean
rill_mutable_shared_flow_collect (RillFlow         *flow,
                                  RillCollectFunc   func,
                                  gpointer          user_data,
                                  GError          **error)
{
  RillMutableSharedFlow *self = RILL_MUTABLE_SHARED_FLOW (flow);
  RillCoroutine *co = rill_coroutine_current ();
  GValue next = G_VALUE_INIT;
  Slot slot = { 0, };
  GError *local = NULL;
  Wakes wakes;

  /* The collection keeps the flow alive, whoever else drops it. */
  g_object_ref (self);
  g_value_init (&next, self->value_type);
  slot.co = co;

  rill_hot_lock (&self->lock);
  slot.index = self->replay_index;
  if (slot.index < self->min_index)
    self->min_index = slot.index;
  slot.prev = self->slots_tail;
  if (self->slots_tail != NULL)
    self->slots_tail->next = &slot;
  else
    self->slots = &slot;
  self->slots_tail = &slot;
  self->n_collectors++;
  rill_hot_unlock (&self->lock);
  rill_shared_flow_subscribers_add (RILL_SHARED_FLOW (self), 1);

  for (;;)
    {
      gint64 index, old;

      if (!rill_coroutine_check_active (co))
        {
          local = rill_cancelled_error_new ();
          break;
        }

      rill_hot_lock (&self->lock);
      index = peek_index (self, &slot);
      if (index < 0)
        {
          slot.parked = TRUE;
          slot.seq = rill_coroutine_prepare_suspend (co);
          rill_hot_unlock (&self->lock);
          rill_coroutine_suspend (co);
          rill_hot_lock (&self->lock);
          slot.parked = FALSE;
          rill_hot_unlock (&self->lock);
          continue;
        }
      rill_hot_value_copy (value_at (self, index), &next);
      old = slot.index;
      slot.index = index + 1;
      wakes_init (&wakes);
      update_collector_index (self, old, &wakes);
      rill_hot_unlock (&self->lock);
      wakes_run (&wakes);

      if (!rill_coroutine_check_active (co))
        {
          local = rill_cancelled_error_new ();
          break;
        }
      if (!func (&next, user_data, &local))
        {
          if (local == NULL)
            {
              g_critical ("A flow collector returned FALSE without setting an error");
              local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                           _("The flow collector failed without an error"));
            }
          break;
        }
    }

  wakes_init (&wakes);
  rill_hot_lock (&self->lock);
  if (slot.prev != NULL)
    slot.prev->next = slot.next;
  else
    self->slots = slot.next;
  if (slot.next != NULL)
    slot.next->prev = slot.prev;
  else
    self->slots_tail = slot.prev;
  self->n_collectors--;
  update_collector_index (self, slot.index, &wakes);
  rill_hot_unlock (&self->lock);
  wakes_run (&wakes);
  rill_shared_flow_subscribers_add (RILL_SHARED_FLOW (self), -1);

  g_value_unset (&next);
  g_object_unref (self);
  g_propagate_error (error, local);
  return FALSE;
}

static GPtrArray *
rill_mutable_shared_flow_get_replay_cache (RillSharedFlow *flow)
{
  RillMutableSharedFlow *self = RILL_MUTABLE_SHARED_FLOW (flow);
  GPtrArray *cache = g_ptr_array_new_with_free_func (rill_hot_value_free);

  rill_hot_lock (&self->lock);
  for (gint64 i = self->replay_index; i < buffer_end (self); i++)
    {
      GValue *v = g_new0 (GValue, 1);

      g_value_init (v, self->value_type);
      rill_hot_value_copy (ring_at (self, i), v);
      g_ptr_array_add (cache, v);
    }
  rill_hot_unlock (&self->lock);
  return cache;
}

static void
rill_mutable_shared_flow_finalize (GObject *object)
{
  RillMutableSharedFlow *self = RILL_MUTABLE_SHARED_FLOW (object);

  for (gint64 i = self->head; i < buffer_end (self); i++)
    g_value_unset (ring_at (self, i));
  g_free (self->ring);

  G_OBJECT_CLASS (rill_mutable_shared_flow_parent_class)->finalize (object);
}

static void
rill_mutable_shared_flow_class_init (RillMutableSharedFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillFlowClass *flow_class = RILL_FLOW_CLASS (klass);
  RillSharedFlowClass *shared_class = RILL_SHARED_FLOW_CLASS (klass);

  object_class->finalize = rill_mutable_shared_flow_finalize;
  flow_class->collect = rill_mutable_shared_flow_collect;
  shared_class->get_replay_cache = rill_mutable_shared_flow_get_replay_cache;
}

static void
rill_mutable_shared_flow_init (RillMutableSharedFlow *self)
{
}

/**
 * rill_mutable_shared_flow_new:
 * @value_type: the type of the values
 * @replay: how many of the last values a new collector gets first
 * @extra_buffer: how many more values may wait for slow collectors
 * @on_overflow: what an emission does when the buffer is full
 *
 * Creates a shared flow, kotlinx's `MutableSharedFlow`. As there,
 * @on_overflow other than %RILL_BUFFER_OVERFLOW_SUSPEND needs a buffer:
 * @replay or @extra_buffer must not be 0.
 *
 * Returns: (transfer full): the flow
 */
RillMutableSharedFlow *
rill_mutable_shared_flow_new (GType              value_type,
                              guint              replay,
                              guint              extra_buffer,
                              RillBufferOverflow on_overflow)
{
  RillMutableSharedFlow *self;

  g_return_val_if_fail (value_type != G_TYPE_INVALID && value_type != G_TYPE_NONE
                        && G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (on_overflow <= RILL_BUFFER_OVERFLOW_DROP_LATEST, NULL);
  g_return_val_if_fail (replay <= G_MAXINT / 2 && extra_buffer <= G_MAXINT / 2, NULL);
  if (replay == 0 && extra_buffer == 0 && on_overflow != RILL_BUFFER_OVERFLOW_SUSPEND)
    {
      g_critical ("rill_mutable_shared_flow_new: replay or extra_buffer must be positive "
                  "with an overflow policy other than SUSPEND");
      return NULL;
    }

  self = g_object_new (RILL_TYPE_MUTABLE_SHARED_FLOW, "value-type", value_type, NULL);
  self->value_type = value_type;
  self->replay = replay;
  self->capacity = replay + extra_buffer;
  self->overflow = on_overflow;
  return self;
}

/**
 * rill_mutable_shared_flow_try_emit:
 * @self: a mutable shared flow
 * @value: the value, of the flow's value type
 *
 * Emits @value without suspending, kotlinx's `tryEmit`; any thread may call
 * it, inside a coroutine or not.
 *
 * Returns: %TRUE when the value was emitted (or dropped by the overflow
 *   policy); %FALSE when the buffer is full under
 *   %RILL_BUFFER_OVERFLOW_SUSPEND (or, with no buffer, some collector is
 *   collecting): [method@MutableSharedFlow.emit] would suspend
 */
gboolean
rill_mutable_shared_flow_try_emit (RillMutableSharedFlow *self,
                                   const GValue          *value)
{
  Wakes wakes;
  gboolean ok;

  g_return_val_if_fail (RILL_IS_MUTABLE_SHARED_FLOW (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  if (!rill_hot_value_check (self->value_type, value, G_STRFUNC))
    return FALSE;

  wakes_init (&wakes);
  rill_hot_lock (&self->lock);
  ok = try_emit_locked (self, value);
  if (ok)
    find_collectors_to_resume (self, &wakes);
  rill_hot_unlock (&self->lock);
  wakes_run (&wakes);
  return ok;
}

/**
 * rill_mutable_shared_flow_emit:
 * @self: a mutable shared flow
 * @value: the value, of the flow's value type
 *
 * Emits @value, kotlinx's `emit`: when the buffer is full under
 * %RILL_BUFFER_OVERFLOW_SUSPEND, suspends until the slowest collector makes
 * room. Must be called from a coroutine. An emitter cancelled while it
 * waits returns %FALSE and its value is not emitted.
 *
 * Returns: %TRUE when the value was emitted (or dropped by the overflow
 *   policy); %FALSE when the calling coroutine was cancelled
 */
gboolean
rill_mutable_shared_flow_emit (RillMutableSharedFlow *self,
                               const GValue          *value)
{
  RillCoroutine *co;
  Emitter e = { 0, };
  Wakes wakes;

  g_return_val_if_fail (RILL_IS_MUTABLE_SHARED_FLOW (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    return FALSE;
  if (!rill_hot_value_check (self->value_type, value, G_STRFUNC))
    return FALSE;
  if (!rill_coroutine_check_active (co))
    return FALSE;

  wakes_init (&wakes);
  rill_hot_lock (&self->lock);
  if (try_emit_locked (self, value))
    {
      find_collectors_to_resume (self, &wakes);
      rill_hot_unlock (&self->lock);
      wakes_run (&wakes);
      return TRUE;
    }

  e.co = co;
  e.value = value;
  e.state = EMITTER_WAITING;
  e.prev = self->queue_tail;
  if (self->queue_tail != NULL)
    self->queue_tail->next = &e;
  else
    self->queue_head = &e;
  self->queue_tail = &e;
  self->queue_len++;
  /* With no buffer, waiting collectors take the value from the emitter. */
  if (self->capacity == 0)
    find_collectors_to_resume (self, &wakes);

  for (;;)
    {
      e.seq = rill_coroutine_prepare_suspend (co);
      rill_hot_unlock (&self->lock);
      wakes_run (&wakes);
      wakes_init (&wakes);
      rill_coroutine_suspend (co);
      rill_hot_lock (&self->lock);
      if (e.state == EMITTER_DONE)
        break;
      if (!rill_coroutine_check_active (co))
        {
          gint64 index = buffer_end (self);

          /* Out of the queue: its value is not emitted. Collectors that
           * took it from this very emitter (no buffer) keep it. */
          for (Emitter *q = self->queue_head; q != &e; q = q->next)
            index++;
          if (e.prev != NULL)
            e.prev->next = e.next;
          else
            self->queue_head = e.next;
          if (e.next != NULL)
            e.next->prev = e.prev;
          else
            self->queue_tail = e.prev;
          self->queue_len--;
          for (Slot *s = self->slots; s != NULL; s = s->next)
            if (s->index > index)
              s->index--;
          if (self->min_index > buffer_end (self))
            self->min_index = buffer_end (self);
          rill_hot_unlock (&self->lock);
          return FALSE;
        }
    }
  rill_hot_unlock (&self->lock);
  /* Emitted, but a cancellation while waiting still wins, as kotlinx's
   * prompt cancellation. */
  return rill_coroutine_check_active (co);
}

/**
 * rill_mutable_shared_flow_emit_int:
 * @self: a mutable shared flow of %G_TYPE_INT
 * @value: the value
 *
 * [method@MutableSharedFlow.emit] for a flow of integers.
 *
 * Returns: as [method@MutableSharedFlow.emit]
 */
gboolean
rill_mutable_shared_flow_emit_int (RillMutableSharedFlow *self,
                                   int                    value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, value);
  return rill_mutable_shared_flow_emit (self, &v);
}

/**
 * rill_mutable_shared_flow_try_emit_int:
 * @self: a mutable shared flow of %G_TYPE_INT
 * @value: the value
 *
 * [method@MutableSharedFlow.try_emit] for a flow of integers.
 *
 * Returns: as [method@MutableSharedFlow.try_emit]
 */
gboolean
rill_mutable_shared_flow_try_emit_int (RillMutableSharedFlow *self,
                                       int                    value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, value);
  return rill_mutable_shared_flow_try_emit (self, &v);
}

/**
 * rill_mutable_shared_flow_reset_replay_cache:
 * @self: a mutable shared flow
 *
 * Empties the replay cache, kotlinx's `resetReplayCache`: new collectors
 * get no old value. Values still buffered for slow collectors stay theirs.
 */
void
rill_mutable_shared_flow_reset_replay_cache (RillMutableSharedFlow *self)
{
  g_return_if_fail (RILL_IS_MUTABLE_SHARED_FLOW (self));

  rill_hot_lock (&self->lock);
  update_buffer (self, buffer_end (self), self->min_index, buffer_end (self));
  rill_hot_unlock (&self->lock);
}
