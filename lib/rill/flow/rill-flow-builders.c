/* rill-flow-builders.c: channel_flow, callback_flow and the channel flow
 * machinery the concurrent operators are built on
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-context.h"
#include "rill-coroutine.h"
#include "rill-flow-builders.h"
#include "rill-flow-channel-private.h"
#include "rill-job.h"

/* ------------------------------------------------------------------------ */
/* The channel flow machinery                                               */

typedef struct
{
  RillChannel         *channel;
  RillChannelFlowFill  fill;
  gpointer             data;
  GDestroyNotify       destroy;
} Fill;

static void
fill_free (gpointer data)
{
  Fill *f = data;

  if (f->destroy != NULL)
    f->destroy (f->data);
  g_clear_object (&f->channel);
  g_free (f);
}

static void
fill_body (RillScope *scope,
           gpointer   user_data)
{
  Fill *f = user_data;
  g_autoptr(GError) error = NULL;

  /* A cancellation is not a failure: it must not fail the collection. */
  if (!f->fill (scope, f->channel, f->data, &error))
    rill_job_end_with_block_error (rill_get_job (), error);
}

/* The channel ends when the filling coroutine and all its children are
 * over, with the failure as its cause. */
static void
fill_completed (RillJob      *job,
                const GError *cause,
                gpointer      user_data)
{
  rill_channel_close (RILL_CHANNEL (user_data), cause);
}

RillJob *
rill_flow_launch_fill (RillScope           *scope,
                       RillContext         *context,
                       RillCoroutineStart   start,
                       RillChannelFlowFill  fill,
                       RillChannel         *channel,
                       gpointer             data,
                       GDestroyNotify       destroy)
{
  Fill *f = g_new0 (Fill, 1);

  f->channel = channel != NULL ? g_object_ref (channel) : NULL;
  f->fill = fill;
  f->data = data;
  f->destroy = destroy;
  return rill_launch_full (scope, context, start, fill_body, f, fill_free);
}

void
rill_flow_close_on_completion (RillJob     *job,
                               RillChannel *channel)
{
  rill_job_invoke_on_completion (job, fill_completed, g_object_ref (channel), g_object_unref);
}

typedef struct
{
  RillFlowEmitter     *down;
  RillContext         *context;
  int                  capacity;
  RillBufferOverflow   overflow;
  RillChannelFlowFill  fill;
  gpointer             data;
} Collect;

static gboolean
drain_block (RillScope  *scope,
             GValue     *result,
             gpointer    user_data,
             GError    **error)
{
  Collect *c = user_data;
  GType type = c->down->value_type;
  g_autoptr(RillChannel) channel = rill_channel_new (type, c->capacity, c->overflow);
  g_autoptr(RillJob) job = NULL;
  gboolean plain = rill_flow_type_is_plain (type);
  GValue value = G_VALUE_INIT;
  GError *local = NULL;
  gboolean ok;

  job = rill_flow_launch_fill (scope, c->context, RILL_COROUTINE_START_DEFAULT,
                               c->fill, channel, c->data, NULL);
  rill_flow_close_on_completion (job, channel);

  g_value_init (&value, type);
  for (;;)
    {
      if (!rill_channel_receive (channel, &value, &local))
        {
          ok = local == NULL;
          break;
        }
      ok = rill_flow_emitter_deliver (c->down, &value, &local);
      if (!plain)
        g_value_reset (&value);
      if (!ok)
        break;
    }
  g_value_unset (&value);

  if (!ok)
    {
      /* Whatever stopped the draining stops the producers too. */
      rill_channel_cancel (channel);
      rill_job_cancel (job);
      g_propagate_error (error, local);
    }
  return ok;
}

gboolean
rill_flow_channel_collect (RillFlowEmitter      *down,
                           RillContext          *context,
                           int                   capacity,
                           RillBufferOverflow    overflow,
                           RillChannelFlowFill   fill,
                           gpointer              data,
                           GError              **error)
{
  Collect c = { down, context, capacity, overflow, fill, data };

  return rill_coroutine_scope (drain_block, NULL, &c, error);
}

/* ------------------------------------------------------------------------ */
/* Fusible channel flows                                                    */

typedef struct
{
  RillChannelFlowFill  fill;
  gpointer             data;
  GDestroyNotify       destroy;
  RillFlow            *origin;    /* owns @data in a fused flow */
  RillContext         *context;
  int                  capacity;
  RillBufferOverflow   overflow;
} Desc;

static GQuark
desc_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-flow-channel-desc");
  return quark;
}

static void
desc_free (gpointer data)
{
  Desc *d = data;

  if (d->destroy != NULL)
    d->destroy (d->data);
  g_clear_object (&d->origin);
  g_clear_pointer (&d->context, rill_context_unref);
  g_free (d);
}

static gboolean
desc_produce (RillFlowEmitter  *down,
              gpointer          user_data,
              GError          **error)
{
  Desc *d = user_data;
  int capacity = d->capacity == RILL_FLOW_CHANNEL_OPTIONAL ? RILL_CHANNEL_BUFFERED : d->capacity;

  return rill_flow_channel_collect (down, d->context, capacity, d->overflow,
                                    d->fill, d->data, error);
}

static RillFlow *
desc_flow_new (GType  value_type,
               Desc  *d)
{
  RillFlow *flow = rill_flow_new (value_type, desc_produce, d, desc_free);

  g_object_set_qdata (G_OBJECT (flow), desc_quark (), d);
  return flow;
}

RillFlow *
rill_flow_channel_flow_new (GType                value_type,
                            RillChannelFlowFill  fill,
                            gpointer             data,
                            GDestroyNotify       destroy,
                            RillContext         *context,
                            int                  capacity,
                            RillBufferOverflow   overflow)
{
  Desc *d = g_new0 (Desc, 1);

  d->fill = fill;
  d->data = data;
  d->destroy = destroy;
  d->context = context != NULL ? rill_context_ref (context) : NULL;
  d->capacity = capacity;
  d->overflow = overflow;
  return desc_flow_new (value_type, d);
}

RillFlow *
rill_flow_channel_flow_fuse (RillFlow            *flow,
                             RillContext         *context,
                             int                  capacity,
                             RillBufferOverflow   overflow)
{
  Desc *d = g_object_get_qdata (G_OBJECT (flow), desc_quark ());
  Desc *fused;

  if (d == NULL)
    return NULL;

  fused = g_new0 (Desc, 1);
  fused->fill = d->fill;
  fused->data = d->data;
  fused->origin = g_object_ref (flow);
  /* The context of an earlier flow_on wins for the part before it. */
  if (context != NULL)
    fused->context = rill_context_plus (context, d->context);
  else if (d->context != NULL)
    fused->context = rill_context_ref (d->context);

  if (overflow != RILL_BUFFER_OVERFLOW_SUSPEND)
    {
      /* A dropping buffer replaces whatever came before. */
      fused->capacity = capacity;
      fused->overflow = overflow;
    }
  else
    {
      if (d->capacity == RILL_FLOW_CHANNEL_OPTIONAL)
        fused->capacity = capacity;
      else if (capacity == RILL_FLOW_CHANNEL_OPTIONAL)
        fused->capacity = d->capacity;
      else if (d->capacity == RILL_CHANNEL_BUFFERED)
        fused->capacity = capacity;
      else if (capacity == RILL_CHANNEL_BUFFERED)
        fused->capacity = d->capacity;
      else
        {
          /* Two explicit sizes add up, as two buffers in a row would. */
          gint64 sum = (gint64) d->capacity + capacity;

          fused->capacity = sum >= RILL_CHANNEL_UNLIMITED ? RILL_CHANNEL_UNLIMITED : (int) sum;
        }
      fused->overflow = d->overflow;
    }
  return desc_flow_new (rill_flow_get_value_type (flow), fused);
}

static gboolean
send_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  return rill_channel_send (RILL_CHANNEL (user_data), value, error);
}

gboolean
rill_flow_send_all (RillFlow     *flow,
                    RillChannel  *channel,
                    GError      **error)
{
  return rill_flow_collect (flow, send_collect, channel, error);
}

/* ------------------------------------------------------------------------ */
/* The producer scope                                                       */

struct _RillFlowProducerScope
{
  gint         ref_count;   /* atomic */
  RillScope   *scope;
  RillChannel *channel;
  RillJob     *closed;      /* completed when the channel is closed */
};

/**
 * RillFlowProducerScope:
 *
 * What the block of [func@Flow.channel_flow] and [func@Flow.callback_flow]
 * gets, kotlinx's `ProducerScope`: a coroutine scope, the one of the
 * collection, and the sending side of the flow's channel.
 *
 * The scope is valid while the block and the coroutines launched in its
 * scope run; a callback registered by a callback flow that may be called
 * later takes a reference, and may then call [method@FlowProducerScope.try_send]
 * and [method@FlowProducerScope.close] from any thread (they fail once the
 * collection is over).
 */

G_DEFINE_BOXED_TYPE (RillFlowProducerScope, rill_flow_producer_scope,
                     rill_flow_producer_scope_ref, rill_flow_producer_scope_unref)

static RillFlowProducerScope *
producer_scope_new (RillScope   *scope,
                    RillChannel *channel)
{
  RillFlowProducerScope *self = g_new0 (RillFlowProducerScope, 1);

  self->ref_count = 1;
  self->scope = rill_scope_ref (scope);
  self->channel = g_object_ref (channel);
  self->closed = rill_job_new (NULL);
  return self;
}

/**
 * rill_flow_producer_scope_ref:
 * @self: a producer scope
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillFlowProducerScope *
rill_flow_producer_scope_ref (RillFlowProducerScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_flow_producer_scope_unref:
 * @self: (transfer full): a producer scope
 *
 * Drops a reference on @self.
 */
void
rill_flow_producer_scope_unref (RillFlowProducerScope *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  rill_job_cancel (self->closed);
  rill_job_unref (self->closed);
  g_object_unref (self->channel);
  rill_scope_unref (self->scope);
  g_free (self);
}

/**
 * rill_flow_producer_scope_get_scope:
 * @self: a producer scope
 *
 * The coroutine scope of the producer: coroutines launched in it are
 * children of the collection, cancelled with it, and the flow completes
 * once they are done.
 *
 * Returns: (transfer none): the scope
 */
RillScope *
rill_flow_producer_scope_get_scope (RillFlowProducerScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->scope;
}

/**
 * rill_flow_producer_scope_send:
 * @self: a producer scope
 * @value: the value, of the flow's value type
 * @error: return location for a #GError
 *
 * Sends a copy of @value to the collector, kotlinx's `send`, suspending
 * while the flow's buffer is full. Must be called from a coroutine: the
 * block's or one launched in its scope.
 *
 * Returns: %TRUE when sent; %FALSE with @error set when the collection is
 *   over or cancelled (%G_IO_ERROR_CANCELLED) or the flow was closed
 */
gboolean
rill_flow_producer_scope_send (RillFlowProducerScope  *self,
                               const GValue           *value,
                               GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rill_channel_send (self->channel, value, error);
}

/**
 * rill_flow_producer_scope_send_int:
 * @self: a producer scope
 * @value: the value
 * @error: return location for a #GError
 *
 * [method@FlowProducerScope.send] for a flow of %G_TYPE_INT.
 *
 * Returns: as [method@FlowProducerScope.send]
 */
gboolean
rill_flow_producer_scope_send_int (RillFlowProducerScope  *self,
                                   int                     value,
                                   GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rill_channel_send_int (self->channel, value, error);
}

/**
 * rill_flow_producer_scope_try_send:
 * @self: a producer scope
 * @value: the value, of the flow's value type
 * @error: return location for a #GError
 *
 * Sends a copy of @value if that can be done without suspending, kotlinx's
 * `trySend`: what a callback of a callback flow uses. It may be called from
 * any thread, in a coroutine or not.
 *
 * Returns: %TRUE when sent; %FALSE without an error when the buffer is
 *   full; %FALSE with @error set when the flow is closed
 */
gboolean
rill_flow_producer_scope_try_send (RillFlowProducerScope  *self,
                                   const GValue           *value,
                                   GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rill_channel_try_send (self->channel, value, error);
}

/**
 * rill_flow_producer_scope_close:
 * @self: a producer scope
 * @cause: (nullable): the error the collection fails with, or %NULL to
 *   complete it
 *
 * Closes the flow, kotlinx's `close`: no more values can be sent; the
 * collector gets those sent before, then the flow completes, or fails with
 * @cause. Wakes [method@FlowProducerScope.await_close]. May be called from any
 * thread.
 *
 * Returns: %TRUE when this call closed the flow, %FALSE when it was closed
 *   already
 */
gboolean
rill_flow_producer_scope_close (RillFlowProducerScope *self,
                                const GError          *cause)
{
  gboolean closed;

  g_return_val_if_fail (self != NULL, FALSE);

  closed = rill_channel_close (self->channel, cause);
  rill_job_complete (self->closed);
  return closed;
}

/**
 * rill_flow_producer_scope_is_closed:
 * @self: a producer scope
 *
 * Whether the flow's channel takes no more values, kotlinx's
 * `isClosedForSend`: it was closed, or the collection is over.
 *
 * Returns: %TRUE when sending fails
 */
gboolean
rill_flow_producer_scope_is_closed (RillFlowProducerScope *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return rill_channel_is_closed_for_send (self->channel);
}

/**
 * rill_flow_producer_scope_await_close:
 * @self: a producer scope
 * @on_close: (scope call) (closure user_data) (nullable): what unregisters
 *   the callbacks, run once the wait is over
 * @user_data: data for @on_close
 * @error: return location for a #GError
 *
 * Suspends until the flow is closed with [method@FlowProducerScope.close] or its
 * collection is cancelled or over, then runs @on_close, kotlinx's
 * `awaitClose`. A callback flow's block must end with it. Must be called
 * from the block's coroutine.
 *
 * Returns: %TRUE when the flow was closed; %FALSE with
 *   %G_IO_ERROR_CANCELLED when the collection was cancelled (the block
 *   should return %FALSE)
 */
gboolean
rill_flow_producer_scope_await_close (RillFlowProducerScope  *self,
                                      RillProducerCloseFunc   on_close,
                                      gpointer                user_data,
                                      GError                **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rill_coroutine_require (G_STRFUNC) == NULL)
    return FALSE;

  ok = rill_job_join (self->closed);
  if (on_close != NULL)
    on_close (user_data);
  if (!ok)
    g_propagate_error (error, rill_cancelled_error_new ());
  return ok;
}

/* ------------------------------------------------------------------------ */
/* The builders                                                             */

typedef struct
{
  RillChannelFlowBlock  block;
  gpointer              user_data;
  GDestroyNotify        destroy;
  gboolean              callback;
} Builder;

static void
builder_free (gpointer data)
{
  Builder *b = data;

  if (b->destroy != NULL)
    b->destroy (b->user_data);
  g_free (b);
}

static void
producer_scope_release (RillJob      *job,
                        const GError *cause,
                        gpointer      user_data)
{
}

static gboolean
builder_fill (RillScope    *scope,
              RillChannel  *channel,
              gpointer      data,
              GError      **error)
{
  Builder *b = data;
  RillFlowProducerScope *producer = producer_scope_new (scope, channel);
  gboolean ok;

  /* The coroutines the block launches use the producer scope after the
   * block returned: it lives until they are all over. */
  rill_job_invoke_on_completion (rill_get_job (), producer_scope_release,
                                 rill_flow_producer_scope_ref (producer),
                                 (GDestroyNotify) rill_flow_producer_scope_unref);

  ok = b->block (producer, b->user_data, error);
  if (ok && b->callback && !rill_channel_is_closed_for_send (channel))
    {
      /* A callback flow that returned at once would leave its callbacks
       * registered once the collection is cancelled. */
      g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT,
                           _("A callback flow’s block returned without waiting for the flow to "
                             "close: it must end with rill_flow_producer_scope_await_close(), "
                             "which unregisters its callbacks"));
      ok = FALSE;
    }
  rill_flow_producer_scope_unref (producer);
  return ok;
}

static RillFlow *
builder_new (GType                 value_type,
             RillChannelFlowBlock  block,
             gpointer              user_data,
             GDestroyNotify        destroy,
             gboolean              callback)
{
  Builder *b = g_new0 (Builder, 1);

  b->block = block;
  b->user_data = user_data;
  b->destroy = destroy;
  b->callback = callback;
  return rill_flow_channel_flow_new (value_type, builder_fill, b, builder_free, NULL,
                                     RILL_CHANNEL_BUFFERED, RILL_BUFFER_OVERFLOW_SUSPEND);
}

static gboolean
value_type_is_valid (GType type)
{
  return type != G_TYPE_INVALID && type != G_TYPE_NONE && G_TYPE_IS_VALUE_TYPE (type);
}

/**
 * rill_flow_channel_flow:
 * @value_type: the type of the values
 * @block: (scope notified) (closure user_data) (destroy destroy): the
 *   producer, run for every collection
 * @user_data: data for @block
 * @destroy: (nullable): called on @user_data when the flow is finalized
 *
 * A cold flow whose values are sent through a channel, kotlinx's
 * `channelFlow { … }`. Every collection runs @block in a new coroutine, a
 * child of the collecting coroutine, which may send from any coroutine it
 * launches in [method@FlowProducerScope.get_scope] and from any context, unlike
 * the block of [ctor@Flow.new]. The channel buffers
 * [const@Rill.CHANNEL_DEFAULT_BUFFER_SIZE] values: a sender suspends only
 * when the collector is that far behind. [method@Flow.buffer],
 * [method@Flow.conflate] and [method@Flow.flow_on] right after it change
 * that channel and the context of @block instead of adding a stage, as in
 * kotlinx.
 *
 * The flow completes once @block and the coroutines it launched are done;
 * it fails when one of them fails, which cancels the others. When the
 * collector stops (fails, or is cancelled), every one of them is
 * cancelled, and the collection returns once they are over.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_channel_flow (GType                 value_type,
                        RillChannelFlowBlock  block,
                        gpointer              user_data,
                        GDestroyNotify        destroy)
{
  g_return_val_if_fail (value_type_is_valid (value_type), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  return builder_new (value_type, block, user_data, destroy, FALSE);
}

/**
 * rill_flow_callback_flow:
 * @value_type: the type of the values
 * @block: (scope notified) (closure user_data) (destroy destroy): the
 *   producer, run for every collection
 * @user_data: data for @block
 * @destroy: (nullable): called on @user_data when the flow is finalized
 *
 * A channel flow for callback-based APIs, kotlinx's `callbackFlow { … }`:
 * @block registers callbacks that send with [method@FlowProducerScope.try_send],
 * then ends with [method@FlowProducerScope.await_close], which unregisters them
 * once the flow is closed or the collection cancelled. Otherwise as
 * [func@Flow.channel_flow].
 *
 * A @block that returns %TRUE without the flow being closed fails the
 * collection with %RILL_FLOW_ERROR_INVARIANT, as kotlinx throws an
 * `IllegalStateException`: its callbacks would leak.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_callback_flow (GType                 value_type,
                         RillChannelFlowBlock  block,
                         gpointer              user_data,
                         GDestroyNotify        destroy)
{
  g_return_val_if_fail (value_type_is_valid (value_type), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  return builder_new (value_type, block, user_data, destroy, TRUE);
}
