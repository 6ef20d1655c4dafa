/* rill-channel.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillChannel:
 *
 * A queue between coroutines, kotlinx's `Channel`: [method@Rill.Channel.send]
 * suspends while the channel is full and [method@Rill.Channel.receive] while
 * it is empty, without blocking their threads.
 *
 * A channel carries values of one #GType, fixed when it is created, and has
 * a capacity:
 *
 * - [const@Rill.CHANNEL_RENDEZVOUS] (0): no buffer; a sender waits for a
 *   receiver and the element goes from one to the other directly;
 * - a number N: a buffer of N elements; a sender suspends while it is full;
 * - [const@Rill.CHANNEL_BUFFERED]: a buffer of
 *   [const@Rill.CHANNEL_DEFAULT_BUFFER_SIZE] elements;
 * - [const@Rill.CHANNEL_UNLIMITED]: a buffer that grows as needed, senders
 *   never suspend;
 * - [const@Rill.CHANNEL_CONFLATED]: only the latest element is kept, senders
 *   never suspend.
 *
 * An overflow policy other than %RILL_BUFFER_OVERFLOW_SUSPEND makes a
 * full buffer drop an element instead of suspending the sender; a rendezvous
 * or [const@Rill.CHANNEL_BUFFERED] channel then has a buffer of one.
 *
 * Senders and receivers that wait are served first come, first served. A
 * closed channel ([method@Rill.Channel.close]) takes no more elements, but
 * what was sent before can still be received; a cancelled one
 * ([method@Rill.Channel.cancel]) drops them.
 *
 * Channels may be used from any thread: a coroutine on a pool can send to a
 * coroutine on the main thread.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "rill-channel.h"
#include "rill-coroutine-private.h"
#include "rill-i18n-private.h"
#include "rill-job-private.h"
#include "rill-spin-lock-private.h"

typedef enum {
  WAITER_WAITING,
  WAITER_DONE,     /* the element went through */
  WAITER_CLOSED,   /* closed or cancelled while it waited */
  WAITER_DROPPED,  /* its coroutine was cancelled: taken out of the queue */
} WaiterState;

/* Lives on the stack of the suspended coroutine, in a queue of the channel,
 * only while the coroutine waits; every field is under the channel's lock. */
typedef struct _Waiter Waiter;
struct _Waiter
{
  Waiter        *prev;
  Waiter        *next;
  RillCoroutine *co;
  guint64        seq;
  /* A sender's element, or where a receiver wants its element. */
  GValue        *value;
  WaiterState    state;
};

typedef struct
{
  Waiter *head;
  Waiter *tail;
} WaitQueue;

/* A coroutine to resume once the lock is released. */
typedef struct
{
  RillCoroutine *co;
  guint64        seq;
  gboolean       ref;   /* a job reference is held on @co */
} Wake;

struct _RillChannel
{
  GObject             parent_instance;

  gint               lock;       /* rill_spin_lock() */
  GType               value_type;
  int                 capacity;   /* as given */
  RillBufferOverflow  overflow;   /* as given */
  gsize               limit;      /* the buffer's size: 0 for rendezvous */
  RillBufferOverflow  policy;     /* what a full buffer does */

  GValue             *ring;
  gsize               ring_size;
  gsize               head;
  gsize               count;

  WaitQueue           senders;
  WaitQueue           receivers;

  GError             *close_cause;
  guint               closed : 1;
  guint               cancelled : 1;

  RillJob            *producer;   /* cancelled with the channel */
};

enum {
  PROP_0,
  PROP_VALUE_TYPE,
  PROP_CAPACITY,
  PROP_OVERFLOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillChannel, rill_channel, G_TYPE_OBJECT)

/**
 * rill_channel_error_quark:
 *
 * The error domain of channels, %RILL_CHANNEL_ERROR.
 *
 * Returns: the error quark
 */
G_DEFINE_QUARK (rill-channel-error-quark, rill_channel_error)

/* ------------------------------------------------------------------------ */
/* Wait queues and the buffer, under the lock                               */

/* The lock is held for a few instructions and a GValue copy. */
static inline void
channel_lock (RillChannel *self)
{
  rill_spin_lock (&self->lock);
}

static inline void
channel_unlock (RillChannel *self)
{
  rill_spin_unlock (&self->lock);
}

static inline void
queue_push (WaitQueue *q,
            Waiter    *w)
{
  w->next = NULL;
  w->prev = q->tail;
  if (q->tail != NULL)
    q->tail->next = w;
  else
    q->head = w;
  q->tail = w;
}

static inline void
queue_remove (WaitQueue *q,
              Waiter    *w)
{
  if (w->prev != NULL)
    w->prev->next = w->next;
  else
    q->head = w->next;
  if (w->next != NULL)
    w->next->prev = w->prev;
  else
    q->tail = w->prev;
  w->prev = w->next = NULL;
}

/* Takes the first waiter out of @q and marks it @state; the caller resumes
 * @wake after unlocking. Once the lock is released the waiter may wake on
 * its own (cancelled), see its state and finish, so a job reference keeps it
 * alive until then — unless it belongs to the loop of @self_co, the calling
 * coroutine: a fiber runs only on its loop's thread, which is busy here. */
static inline Waiter *
queue_pop (WaitQueue     *q,
           WaiterState    state,
           RillCoroutine *self_co,
           Wake          *wake)
{
  Waiter *w = q->head;

  queue_remove (q, w);
  w->state = state;
  wake->co = w->co;
  wake->seq = w->seq;
  wake->ref = self_co == NULL || self_co->loop == NULL || w->co->loop != self_co->loop;
  if (wake->ref)
    rill_job_ref (&w->co->job);
  return w;
}

/* A waiter whose coroutine is cancelled leaves the queue at once, as in
 * kotlinx, where cancellation takes it out synchronously: without this a
 * cancelled receiver that has not run yet would still be handed an element
 * (and lose it), and a cancelled sender's element would still go through.
 * The cancellation already woke it. */
static inline Waiter *
queue_first_live (WaitQueue *q)
{
  Waiter *w;

  while ((w = q->head) != NULL && rill_job_is_cancelled_fast (w->co->current_job))
    {
      queue_remove (q, w);
      w->state = WAITER_DROPPED;
    }
  return w;
}

static inline void
wake_up (Wake *wake)
{
  rill_coroutine_resume (wake->co, wake->seq);
  if (wake->ref)
    rill_job_unref (&wake->co->job);
}

/* A sent value may also be a GObject-typed value holding an instance of the
 * channel's type (see value_accepted ()), which g_value_copy () refuses. */
static inline void
copy_value (const GValue *src,
            GValue       *dest)
{
  if (G_LIKELY (G_VALUE_TYPE (src) == G_VALUE_TYPE (dest)
                || g_value_type_compatible (G_VALUE_TYPE (src), G_VALUE_TYPE (dest))))
    g_value_copy (src, dest);
  else
    g_value_set_object (dest, g_value_get_object (src));
}

static void
ring_grow (RillChannel *self)
{
  gsize size = MIN (MAX (self->ring_size * 2, 8), self->limit);
  GValue *ring = g_new0 (GValue, size);

  /* A GValue holds no pointer to itself: it moves bitwise. */
  for (gsize i = 0; i < self->count; i++)
    ring[i] = self->ring[(self->head + i) % self->ring_size];
  g_free (self->ring);
  self->ring = ring;
  self->ring_size = size;
  self->head = 0;
}

static void
ring_push (RillChannel  *self,
           const GValue *value)
{
  GValue *slot;

  if (self->count == self->ring_size)
    ring_grow (self);
  slot = &self->ring[(self->head + self->count) % self->ring_size];
  g_value_init (slot, self->value_type);
  copy_value (value, slot);
  self->count++;
}

/* Moves the oldest element to @out, which is zero-filled. */
static void
ring_pop (RillChannel *self,
          GValue      *out)
{
  GValue *slot = &self->ring[self->head];

  *out = *slot;
  memset (slot, 0, sizeof (GValue));
  self->head = (self->head + 1) % self->ring_size;
  self->count--;
}

/* Gives an element the channel owns to a receiver's value, of the channel's
 * type or one it can be copied to. */
static void
deliver_owned (GValue *dest,
               GValue *owned)
{
  if (G_VALUE_TYPE (dest) == G_VALUE_TYPE (owned))
    {
      g_value_unset (dest);
      *dest = *owned;
    }
  else
    {
      g_value_copy (owned, dest);
      g_value_unset (owned);
    }
}

static void
deliver_copy (RillChannel  *self,
              GValue       *dest,
              const GValue *value)
{
  copy_value (value, dest);
}

/* The error a sender gets from a closed channel, and a receiver once it is
 * drained (NULL: the end, without an error). */
static GError *
send_error_locked (RillChannel *self)
{
  if (self->close_cause != NULL)
    return g_error_copy (self->close_cause);
  return g_error_new_literal (RILL_CHANNEL_ERROR, RILL_CHANNEL_ERROR_CLOSED,
                              _("The channel is closed"));
}

static gboolean
value_accepted (RillChannel  *self,
                const GValue *value,
                const char   *func)
{
  GType type = G_VALUE_TYPE (value);

  if (G_LIKELY (type == self->value_type))
    return TRUE;
  if (type != G_TYPE_INVALID && g_type_is_a (type, self->value_type))
    return TRUE;
  /* A GObject-typed value holding an instance of the channel's type. */
  if (type != G_TYPE_INVALID && G_VALUE_HOLDS_OBJECT (value)
      && (G_TYPE_IS_OBJECT (self->value_type) || G_TYPE_IS_INTERFACE (self->value_type)))
    {
      gpointer object = value->data[0].v_pointer;

      if (object == NULL || G_TYPE_CHECK_INSTANCE_TYPE (object, self->value_type))
        return TRUE;
    }
  g_critical ("%s: a value of type '%s' cannot be sent to a channel of '%s'",
              func, g_type_name (type), g_type_name (self->value_type));
  return FALSE;
}

/* A zero-filled destination gets the channel's type at once, so that it is
 * a valid value whatever the outcome: bindings convert it even on FALSE. */
static gboolean
prepare_destination (RillChannel *self,
                     GValue      *value,
                     const char  *func)
{
  GType type = G_VALUE_TYPE (value);

  if (G_LIKELY (type == self->value_type))
    return TRUE;
  if (type == G_TYPE_INVALID)
    {
      g_value_init (value, self->value_type);
      return TRUE;
    }
  if (g_value_type_compatible (self->value_type, type))
    return TRUE;
  g_critical ("%s: an element of type '%s' cannot be received into a GValue of type '%s'",
              func, g_type_name (self->value_type), g_type_name (type));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Sending and receiving                                                    */

typedef enum {
  OP_DONE,
  OP_CLOSED,
  OP_WOULD_SUSPEND,
} OpResult;

/* Under the lock. On OP_DONE *wake may hold a coroutine to resume; on
 * OP_CLOSED *error is set. */
static OpResult
send_locked (RillChannel   *self,
             const GValue  *value,
             RillCoroutine *co,
             Wake          *wake,
             GError       **error)
{
  if (self->closed)
    {
      g_propagate_error (error, send_error_locked (self));
      return OP_CLOSED;
    }

  /* A waiting receiver means an empty buffer: hand the element over. */
  if (queue_first_live (&self->receivers) != NULL)
    {
      Waiter *w = queue_pop (&self->receivers, WAITER_DONE, co, wake);

      deliver_copy (self, w->value, value);
      return OP_DONE;
    }

  if (self->count < self->limit)
    {
      ring_push (self, value);
      return OP_DONE;
    }

  switch (self->policy)
    {
    case RILL_BUFFER_OVERFLOW_DROP_OLDEST:
      {
        GValue *oldest = &self->ring[self->head];

        g_value_unset (oldest);
        self->head = (self->head + 1) % self->ring_size;
        self->count--;
        ring_push (self, value);
      }
      return OP_DONE;
    case RILL_BUFFER_OVERFLOW_DROP_LATEST:
      return OP_DONE;
    case RILL_BUFFER_OVERFLOW_SUSPEND:
    default:
      return OP_WOULD_SUSPEND;
    }
}

/* Under the lock. @value is validated; on OP_DONE it holds the element. */
static OpResult
receive_locked (RillChannel   *self,
                GValue        *value,
                RillCoroutine *co,
                Wake          *wake,
                GError       **error)
{
  if (self->count > 0)
    {
      GValue element = G_VALUE_INIT;

      ring_pop (self, &element);
      deliver_owned (value, &element);
      /* The room just made goes to the first waiting sender. */
      if (queue_first_live (&self->senders) != NULL)
        {
          Waiter *w = queue_pop (&self->senders, WAITER_DONE, co, wake);

          ring_push (self, w->value);
        }
      return OP_DONE;
    }

  if (queue_first_live (&self->senders) != NULL)
    {
      Waiter *w = queue_pop (&self->senders, WAITER_DONE, co, wake);

      deliver_copy (self, value, w->value);
      return OP_DONE;
    }

  if (self->closed)
    {
      if (self->close_cause != NULL)
        g_propagate_error (error, g_error_copy (self->close_cause));
      return OP_CLOSED;
    }
  return OP_WOULD_SUSPEND;
}

/* Called with the lock held, releases it. Suspends @co in @queue until the
 * waiter is served, the channel closed or @co cancelled. Returns the state
 * the waiter ended in; WAITER_WAITING means cancelled. */
static WaiterState
wait_in_queue (RillChannel   *self,
               WaitQueue     *queue,
               Waiter        *w,
               RillCoroutine *co)
{
  WaiterState state;

  w->co = co;
  w->state = WAITER_WAITING;
  queue_push (queue, w);

  for (;;)
    {
      /* The sequence number is read under the lock, so that whoever serves
       * the waiter resumes this very suspension. */
      w->seq = rill_coroutine_prepare_suspend (co);
      channel_unlock (self);
      rill_coroutine_suspend (co);
      channel_lock (self);

      if (w->state != WAITER_WAITING)
        break;
      if (!rill_coroutine_check_active (co))
        {
          queue_remove (queue, w);
          break;
        }
      /* Woken for nothing: wait again. */
    }
  /* Dropped: cancelled, and already out of the queue. */
  state = w->state == WAITER_DROPPED ? WAITER_WAITING : w->state;
  channel_unlock (self);
  return state;
}

/**
 * rill_channel_send:
 * @self: a channel
 * @value: the element, of the channel's type
 * @error: return location for a #GError
 *
 * Sends a copy of @value, kotlinx's `send`: hands it to a waiting receiver,
 * or puts it in the buffer, or — when the buffer is full and the overflow
 * policy is %RILL_BUFFER_OVERFLOW_SUSPEND — suspends the calling
 * coroutine until a receiver takes it. Waiting senders are served in the
 * order they came.
 *
 * A sender cancelled while it waits returns at once and its element is not
 * delivered. As every suspending call of Rill, a sender that is already
 * cancelled returns %FALSE without sending.
 *
 * Returns: %TRUE when the element was sent (or dropped by the overflow
 *   policy); %FALSE with @error set to %G_IO_ERROR_CANCELLED when the caller
 *   was cancelled, or, once the channel is closed, to the cause it was
 *   closed with (%RILL_CHANNEL_ERROR_CLOSED when it has none)
 */
gboolean
rill_channel_send (RillChannel   *self,
                   const GValue  *value,
                   GError       **error)
{
  RillCoroutine *co;
  Wake wake = { NULL, 0, FALSE };
  Waiter w;
  OpResult res;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    return FALSE;
  if (!value_accepted (self, value, G_STRFUNC))
    return FALSE;
  if (!rill_coroutine_check_active (co))
    {
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }

  channel_lock (self);
  res = send_locked (self, value, co, &wake, error);
  if (res != OP_WOULD_SUSPEND)
    {
      channel_unlock (self);
      if (wake.co != NULL)
        wake_up (&wake);
      return res == OP_DONE;
    }

  w.value = (GValue *) value;
  switch (wait_in_queue (self, &self->senders, &w, co))
    {
    case WAITER_DONE:
      /* Delivered, but a cancellation while waiting still wins, as
       * kotlinx's prompt cancellation. */
      if (rill_coroutine_check_active (co))
        return TRUE;
      break;
    case WAITER_CLOSED:
      if (rill_coroutine_check_active (co))
        {
          channel_lock (self);
          g_propagate_error (error, send_error_locked (self));
          channel_unlock (self);
          return FALSE;
        }
      break;
    case WAITER_WAITING:
    default:
      break;
    }
  g_propagate_error (error, rill_cancelled_error_new ());
  return FALSE;
}

/**
 * rill_channel_receive:
 * @self: a channel
 * @value: (out caller-allocates): a zero-filled #GValue, or one of a type the
 *   channel's type can be copied to, where the element goes; a zero-filled
 *   one is initialised to the channel's type whatever the outcome
 * @error: return location for a #GError
 *
 * Takes the oldest element, kotlinx's `receive`, suspending the calling
 * coroutine while the channel is empty. Waiting receivers are served in the
 * order they came.
 *
 * Once the channel is closed and every element sent before was received,
 * it returns %FALSE: without an error when the channel was closed without a
 * cause — the end of the elements, which ends a receiving loop — or with a
 * copy of the cause it was closed with.
 *
 * A receiver cancelled while it waits returns %FALSE, even when an element
 * had just been given to it: that element is dropped (kotlinx's prompt
 * cancellation).
 *
 * Returns: %TRUE with @value set; %FALSE when the channel is closed and
 *   drained (with @error set to its cause, if any) or the caller was
 *   cancelled (%G_IO_ERROR_CANCELLED)
 */
gboolean
rill_channel_receive (RillChannel  *self,
                      GValue       *value,
                      GError      **error)
{
  RillCoroutine *co;
  Wake wake = { NULL, 0, FALSE };
  Waiter w;
  OpResult res;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    return FALSE;
  if (!prepare_destination (self, value, G_STRFUNC))
    return FALSE;
  if (!rill_coroutine_check_active (co))
    {
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }

  channel_lock (self);
  res = receive_locked (self, value, co, &wake, error);
  if (res != OP_WOULD_SUSPEND)
    {
      channel_unlock (self);
      if (wake.co != NULL)
        wake_up (&wake);
      return res == OP_DONE;
    }

  w.value = value;
  switch (wait_in_queue (self, &self->receivers, &w, co))
    {
    case WAITER_DONE:
      if (rill_coroutine_check_active (co))
        return TRUE;
      /* Cancelled meanwhile: the element is lost, as kotlinx's. */
      g_value_reset (value);
      break;
    case WAITER_CLOSED:
      if (rill_coroutine_check_active (co))
        {
          channel_lock (self);
          if (self->close_cause != NULL)
            g_propagate_error (error, g_error_copy (self->close_cause));
          channel_unlock (self);
          return FALSE;
        }
      break;
    case WAITER_WAITING:
    default:
      break;
    }
  g_propagate_error (error, rill_cancelled_error_new ());
  return FALSE;
}

/**
 * rill_channel_try_send:
 * @self: a channel
 * @value: the element, of the channel's type
 * @error: return location for a #GError
 *
 * Sends a copy of @value if that can be done without suspending, kotlinx's
 * `trySend`. It may be called from any thread, in a coroutine or not.
 *
 * Returns: %TRUE when the element was sent (or dropped by the overflow
 *   policy); %FALSE without an error when [method@Rill.Channel.send] would
 *   suspend (no waiting receiver and no room); %FALSE with @error set when the
 *   channel is closed, to its cause or %RILL_CHANNEL_ERROR_CLOSED
 */
gboolean
rill_channel_try_send (RillChannel   *self,
                       const GValue  *value,
                       GError       **error)
{
  Wake wake = { NULL, 0, FALSE };
  OpResult res;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!value_accepted (self, value, G_STRFUNC))
    return FALSE;

  channel_lock (self);
  res = send_locked (self, value, NULL, &wake, error);
  channel_unlock (self);
  if (wake.co != NULL)
    wake_up (&wake);
  return res == OP_DONE;
}

/**
 * rill_channel_try_receive:
 * @self: a channel
 * @value: (out caller-allocates): a zero-filled #GValue, or one of a type the
 *   channel's type can be copied to, where the element goes; a zero-filled
 *   one is initialised to the channel's type whatever the outcome
 * @error: return location for a #GError
 *
 * Takes the oldest element if there is one, without suspending, kotlinx's
 * `tryReceive`. It may be called from any thread, in a coroutine or not.
 *
 * Returns: %TRUE with @value set; %FALSE without an error when the channel is
 *   empty but open; %FALSE with @error set when it is closed and drained: to
 *   its cause, or to %RILL_CHANNEL_ERROR_CLOSED when it was closed without one
 */
gboolean
rill_channel_try_receive (RillChannel  *self,
                          GValue       *value,
                          GError      **error)
{
  Wake wake = { NULL, 0, FALSE };
  OpResult res;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_destination (self, value, G_STRFUNC))
    return FALSE;

  channel_lock (self);
  res = receive_locked (self, value, NULL, &wake, error);
  if (res == OP_CLOSED && self->close_cause == NULL)
    g_propagate_error (error, send_error_locked (self));
  channel_unlock (self);
  if (wake.co != NULL)
    wake_up (&wake);
  return res == OP_DONE;
}

/**
 * rill_channel_send_int:
 * @self: a channel of %G_TYPE_INT
 * @value: the element
 * @error: return location for a #GError
 *
 * [method@Rill.Channel.send] for an integer.
 *
 * Returns: as [method@Rill.Channel.send]
 */
gboolean
rill_channel_send_int (RillChannel  *self,
                       int           value,
                       GError      **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, value);
  return rill_channel_send (self, &v, error);
}

/**
 * rill_channel_receive_int:
 * @self: a channel of %G_TYPE_INT
 * @value: (out) (optional): where to store the element
 * @error: return location for a #GError
 *
 * [method@Rill.Channel.receive] for an integer.
 *
 * Returns: as [method@Rill.Channel.receive]
 */
gboolean
rill_channel_receive_int (RillChannel  *self,
                          int          *value,
                          GError      **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (self->value_type == G_TYPE_INT, FALSE);

  if (!rill_channel_receive (self, &v, error))
    return FALSE;
  if (value != NULL)
    *value = g_value_get_int (&v);
  return TRUE;
}

/**
 * rill_channel_send_string:
 * @self: a channel of %G_TYPE_STRING
 * @value: (nullable): the element
 * @error: return location for a #GError
 *
 * [method@Rill.Channel.send] for a string.
 *
 * Returns: as [method@Rill.Channel.send]
 */
gboolean
rill_channel_send_string (RillChannel  *self,
                          const char   *value,
                          GError      **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, value);
  return rill_channel_send (self, &v, error);
}

/**
 * rill_channel_receive_string:
 * @self: a channel of %G_TYPE_STRING
 * @value: (out) (optional) (nullable) (transfer full): where to store the element
 * @error: return location for a #GError
 *
 * [method@Rill.Channel.receive] for a string.
 *
 * Returns: as [method@Rill.Channel.receive]
 */
gboolean
rill_channel_receive_string (RillChannel  *self,
                             char        **value,
                             GError      **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (self->value_type == G_TYPE_STRING, FALSE);

  if (!rill_channel_receive (self, &v, error))
    return FALSE;
  if (value != NULL)
    *value = g_value_dup_string (&v);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Closing and cancelling                                                   */

/* Marks every waiter of @q closed and adds it to @wakes. */
static void
close_queue (WaitQueue *q,
             GArray    *wakes)
{
  while (q->head != NULL)
    {
      Wake wake;

      queue_pop (q, WAITER_CLOSED, NULL, &wake);
      g_array_append_val (wakes, wake);
    }
}

static void
wake_all (GArray *wakes)
{
  for (guint i = 0; i < wakes->len; i++)
    wake_up (&g_array_index (wakes, Wake, i));
}

/**
 * rill_channel_close:
 * @self: a channel
 * @cause: (nullable): why, or %NULL for a normal end
 *
 * Closes @self for sending, kotlinx's `close`: from now on
 * [method@Rill.Channel.send] fails. The elements already in the buffer, and
 * those of senders that were already waiting, are still received; after
 * them receivers get %FALSE, with a copy of @cause as their error when it is
 * not %NULL. Receivers that were waiting are woken that way at once.
 *
 * Closing again does nothing.
 *
 * Returns: %TRUE when this call closed @self, %FALSE when it was already
 *   closed or cancelled
 */
gboolean
rill_channel_close (RillChannel  *self,
                    const GError *cause)
{
  g_autoptr(GArray) wakes = NULL;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  channel_lock (self);
  if (self->closed)
    {
      channel_unlock (self);
      return FALSE;
    }
  self->closed = TRUE;
  self->close_cause = cause != NULL ? g_error_copy (cause) : NULL;
  /* Waiting receivers mean nothing is left for them; waiting senders stay,
   * their elements were sent before the close. */
  wakes = g_array_new (FALSE, FALSE, sizeof (Wake));
  close_queue (&self->receivers, wakes);
  channel_unlock (self);

  wake_all (wakes);
  return TRUE;
}

/**
 * rill_channel_cancel:
 * @self: a channel
 *
 * Cancels @self, kotlinx's `cancel`: closes it with a cancellation
 * (%G_IO_ERROR_CANCELLED) as its cause unless it was closed already, drops
 * every element in its buffer, and wakes every waiting sender (whose element
 * is not delivered) and receiver: they return %FALSE with the cause. A
 * channel made by [func@Rill.produce] also cancels its producer.
 */
void
rill_channel_cancel (RillChannel *self)
{
  g_autoptr(GArray) wakes = NULL;
  g_autoptr(RillJob) producer = NULL;
  GValue *ring;
  gsize ring_size, head, count;

  g_return_if_fail (RILL_IS_CHANNEL (self));

  channel_lock (self);
  if (!self->closed)
    {
      self->closed = TRUE;
      self->close_cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The channel was cancelled"));
    }
  self->cancelled = TRUE;
  wakes = g_array_new (FALSE, FALSE, sizeof (Wake));
  close_queue (&self->senders, wakes);
  close_queue (&self->receivers, wakes);
  /* Dropped outside the lock: releasing an element may run any code. */
  ring = self->ring;
  ring_size = self->ring_size;
  head = self->head;
  count = self->count;
  self->ring = NULL;
  self->ring_size = self->head = self->count = 0;
  producer = g_steal_pointer (&self->producer);
  channel_unlock (self);

  /* The producer is cancelled before its send returns, so that the failed
   * send is seen as the cancellation it is. */
  if (producer != NULL)
    rill_job_cancel (producer);
  wake_all (wakes);
  for (gsize i = 0; i < count; i++)
    g_value_unset (&ring[(head + i) % ring_size]);
  g_free (ring);
}

/**
 * rill_channel_is_closed_for_send:
 * @self: a channel
 *
 * Whether @self was closed or cancelled, kotlinx's `isClosedForSend`.
 *
 * Returns: %TRUE when sending fails
 */
gboolean
rill_channel_is_closed_for_send (RillChannel *self)
{
  gboolean ret;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  channel_lock (self);
  ret = self->closed;
  channel_unlock (self);
  return ret;
}

/**
 * rill_channel_is_closed_for_receive:
 * @self: a channel
 *
 * Whether @self was closed and every element sent before was received (or
 * it was cancelled), kotlinx's `isClosedForReceive`.
 *
 * Returns: %TRUE when receiving fails
 */
gboolean
rill_channel_is_closed_for_receive (RillChannel *self)
{
  gboolean ret;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  channel_lock (self);
  ret = self->closed && self->count == 0 && queue_first_live (&self->senders) == NULL;
  channel_unlock (self);
  return ret;
}

/**
 * rill_channel_is_empty:
 * @self: a channel
 *
 * Whether receiving would suspend, kotlinx's `isEmpty`: no element is
 * buffered, no sender waits, and the channel is not closed for receiving.
 *
 * Returns: %TRUE when @self is empty and open for receiving
 */
gboolean
rill_channel_is_empty (RillChannel *self)
{
  gboolean ret;

  g_return_val_if_fail (RILL_IS_CHANNEL (self), FALSE);

  channel_lock (self);
  ret = !self->closed && self->count == 0 && queue_first_live (&self->senders) == NULL;
  channel_unlock (self);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* The object                                                               */

static void
rill_channel_constructed (GObject *object)
{
  RillChannel *self = RILL_CHANNEL (object);

  G_OBJECT_CLASS (rill_channel_parent_class)->constructed (object);

  if (self->value_type == G_TYPE_INVALID || self->value_type == G_TYPE_NONE)
    g_critical ("RillChannel: a channel needs a value type");
  if (self->capacity == RILL_CHANNEL_CONFLATED && self->overflow != RILL_BUFFER_OVERFLOW_SUSPEND)
    {
      g_critical ("RillChannel: a conflated channel cannot have an overflow policy; "
                  "use a capacity of 1 with it");
      self->overflow = RILL_BUFFER_OVERFLOW_SUSPEND;
    }

  /* kotlinx's mapping of capacity and overflow to a buffer. */
  switch (self->capacity)
    {
    case RILL_CHANNEL_CONFLATED:
      self->limit = 1;
      self->policy = RILL_BUFFER_OVERFLOW_DROP_OLDEST;
      break;
    case RILL_CHANNEL_UNLIMITED:
      self->limit = G_MAXSIZE;
      self->policy = RILL_BUFFER_OVERFLOW_SUSPEND;   /* never full */
      break;
    case RILL_CHANNEL_BUFFERED:
      self->limit = self->overflow == RILL_BUFFER_OVERFLOW_SUSPEND
                    ? RILL_CHANNEL_DEFAULT_BUFFER_SIZE : 1;
      self->policy = self->overflow;
      break;
    case RILL_CHANNEL_RENDEZVOUS:
      self->limit = self->overflow == RILL_BUFFER_OVERFLOW_SUSPEND ? 0 : 1;
      self->policy = self->overflow;
      break;
    default:
      self->limit = (gsize) self->capacity;
      self->policy = self->overflow;
      break;
    }
}

static void
rill_channel_finalize (GObject *object)
{
  RillChannel *self = RILL_CHANNEL (object);

  /* Nobody waits on a channel that is gone: as for any method, the caller
   * of send or receive holds a reference for the time of the call. */
  g_assert (self->senders.head == NULL && self->receivers.head == NULL);
  for (gsize i = 0; i < self->count; i++)
    g_value_unset (&self->ring[(self->head + i) % self->ring_size]);
  g_free (self->ring);
  g_clear_error (&self->close_cause);
  g_clear_pointer (&self->producer, rill_job_unref);

  G_OBJECT_CLASS (rill_channel_parent_class)->finalize (object);
}

static void
rill_channel_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RillChannel *self = RILL_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      g_value_set_gtype (value, self->value_type);
      break;
    case PROP_CAPACITY:
      g_value_set_int (value, self->capacity);
      break;
    case PROP_OVERFLOW:
      g_value_set_enum (value, self->overflow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_channel_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RillChannel *self = RILL_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      self->value_type = g_value_get_gtype (value);
      break;
    case PROP_CAPACITY:
      self->capacity = g_value_get_int (value);
      break;
    case PROP_OVERFLOW:
      self->overflow = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_channel_class_init (RillChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rill_channel_constructed;
  object_class->finalize = rill_channel_finalize;
  object_class->get_property = rill_channel_get_property;
  object_class->set_property = rill_channel_set_property;

  /**
   * RillChannel:value-type:
   *
   * The type of the elements.
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RillChannel:capacity:
   *
   * The capacity as given: [const@Rill.CHANNEL_RENDEZVOUS],
   * [const@Rill.CHANNEL_CONFLATED], [const@Rill.CHANNEL_BUFFERED],
   * [const@Rill.CHANNEL_UNLIMITED] or a buffer size.
   */
  properties[PROP_CAPACITY] =
    g_param_spec_int ("capacity", NULL, NULL,
                      RILL_CHANNEL_BUFFERED, G_MAXINT, RILL_CHANNEL_RENDEZVOUS,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RillChannel:overflow:
   *
   * What a full buffer does with one more element.
   */
  properties[PROP_OVERFLOW] =
    g_param_spec_enum ("overflow", NULL, NULL,
                       RILL_TYPE_BUFFER_OVERFLOW, RILL_BUFFER_OVERFLOW_SUSPEND,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_channel_init (RillChannel *self)
{
}

/**
 * rill_channel_new:
 * @value_type: the type of the elements
 * @capacity: [const@Rill.CHANNEL_RENDEZVOUS], [const@Rill.CHANNEL_CONFLATED],
 *   [const@Rill.CHANNEL_BUFFERED], [const@Rill.CHANNEL_UNLIMITED], or the size
 *   of the buffer
 * @overflow: what a full buffer does; must be
 *   %RILL_BUFFER_OVERFLOW_SUSPEND for a conflated channel
 *
 * Creates a channel, kotlinx's `Channel(capacity, onBufferOverflow)`.
 *
 * Returns: (transfer full): a new channel
 */
RillChannel *
rill_channel_new (GType              value_type,
                  int                capacity,
                  RillBufferOverflow overflow)
{
  g_return_val_if_fail (value_type != G_TYPE_INVALID && value_type != G_TYPE_NONE, NULL);
  g_return_val_if_fail (capacity >= RILL_CHANNEL_BUFFERED, NULL);
  g_return_val_if_fail (overflow <= RILL_BUFFER_OVERFLOW_DROP_LATEST, NULL);
  g_return_val_if_fail (capacity != RILL_CHANNEL_CONFLATED || overflow == RILL_BUFFER_OVERFLOW_SUSPEND, NULL);

  return g_object_new (RILL_TYPE_CHANNEL,
                       "value-type", value_type,
                       "capacity", capacity,
                       "overflow", overflow,
                       NULL);
}

/**
 * rill_channel_get_value_type:
 * @self: a channel
 *
 * The type of the elements of @self.
 *
 * Returns: the value type
 */
GType
rill_channel_get_value_type (RillChannel *self)
{
  g_return_val_if_fail (RILL_IS_CHANNEL (self), G_TYPE_INVALID);

  return self->value_type;
}

/**
 * rill_channel_get_capacity:
 * @self: a channel
 *
 * The capacity @self was created with.
 *
 * Returns: the capacity, one of the `RILL_CHANNEL_` constants or a size
 */
int
rill_channel_get_capacity (RillChannel *self)
{
  g_return_val_if_fail (RILL_IS_CHANNEL (self), 0);

  return self->capacity;
}

/**
 * rill_channel_get_overflow:
 * @self: a channel
 *
 * The overflow policy @self was created with.
 *
 * Returns: the overflow policy
 */
RillBufferOverflow
rill_channel_get_overflow (RillChannel *self)
{
  g_return_val_if_fail (RILL_IS_CHANNEL (self), RILL_BUFFER_OVERFLOW_SUSPEND);

  return self->overflow;
}

/* ------------------------------------------------------------------------ */
/* produce                                                                  */

typedef struct
{
  RillChannel       *channel;
  RillProducerBlock  block;
  gpointer           user_data;
  GDestroyNotify     destroy;
} ProduceData;

static void
produce_data_free (gpointer data)
{
  ProduceData *pd = data;

  if (pd->destroy != NULL)
    pd->destroy (pd->user_data);
  g_object_unref (pd->channel);
  g_free (pd);
}

static void
produce_body (RillScope *scope,
              gpointer   user_data)
{
  ProduceData *pd = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd->block (scope, pd->channel, pd->user_data, &error))
    rill_job_end_with_block_error (rill_get_job (), error);
}

static void
produce_completed (RillJob      *job,
                   const GError *cause,
                   gpointer      user_data)
{
  RillChannel *self = user_data;
  g_autoptr(RillJob) producer = NULL;

  channel_lock (self);
  producer = g_steal_pointer (&self->producer);
  channel_unlock (self);
  rill_channel_close (self, cause);
}

/**
 * rill_produce:
 * @scope: the scope to launch the producer in
 * @context: (nullable): added to the scope's context for the producer
 * @value_type: the type of the elements
 * @capacity: the channel's capacity, as in [ctor@Rill.Channel.new]
 * @block: (scope notified) (closure user_data) (destroy destroy): the producer
 * @user_data: data for @block
 * @destroy: (nullable): frees @user_data once @block is done or will never run
 *
 * Launches a coroutine that sends elements to a new channel and returns the
 * channel, kotlinx's `produce`. The channel is closed when the producer
 * completes: normally when @block returns %TRUE, with the failure as the cause
 * when it fails (which also fails the scope, as any failed coroutine), with a
 * cancellation when it is cancelled. Cancelling the channel
 * ([method@Rill.Channel.cancel]) cancels the producer.
 *
 * Returns: (transfer full): the channel to receive the elements from
 */
RillChannel *
rill_produce (RillScope         *scope,
              RillContext       *context,
              GType              value_type,
              int                capacity,
              RillProducerBlock  block,
              gpointer           user_data,
              GDestroyNotify     destroy)
{
  RillChannel *self;
  ProduceData *pd;
  g_autoptr(RillJob) job = NULL;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (value_type != G_TYPE_INVALID && value_type != G_TYPE_NONE, NULL);
  g_return_val_if_fail (capacity >= RILL_CHANNEL_BUFFERED, NULL);

  self = rill_channel_new (value_type, capacity, RILL_BUFFER_OVERFLOW_SUSPEND);
  pd = g_new0 (ProduceData, 1);
  pd->channel = g_object_ref (self);
  pd->block = block;
  pd->user_data = user_data;
  pd->destroy = destroy;

  /* Lazy, so that the channel knows its producer before it can finish. */
  job = rill_launch_full (scope, context, RILL_COROUTINE_START_LAZY,
                          produce_body, pd, produce_data_free);
  self->producer = rill_job_ref (job);
  /* Runs at once when the producer is already over (a cancelled scope). */
  rill_job_invoke_on_completion (job, produce_completed, g_object_ref (self),
                                 g_object_unref);
  rill_job_start (job);
  return self;
}
