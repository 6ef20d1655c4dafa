/* rill-flow-flattening.c: flat_map_concat, flat_map_merge, the latest
 * operators and collect_latest
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-coroutine.h"
#include "rill-flow-channel-private.h"
#include "rill-flow-flattening.h"
#include "rill-job.h"

typedef enum {
  KIND_FLAT,
  KIND_TRANSFORM,
  KIND_MAP,
} Kind;

typedef struct
{
  RillFlow       *upstream;
  GType           value_type;
  Kind            kind;
  gpointer        func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  guint           concurrency;
} Flat;

static void
flat_free (gpointer data)
{
  Flat *f = data;

  if (f->destroy != NULL)
    f->destroy (f->user_data);
  g_object_unref (f->upstream);
  g_free (f);
}

/* With a @fill, a channel flow; otherwise a plain one run by @producer. */
static RillFlow *
flat_new (RillFlow             *upstream,
          GType                 value_type,
          Kind                  kind,
          RillFlowProducer      producer,
          RillChannelFlowFill   fill,
          gpointer              func,
          gpointer              user_data,
          GDestroyNotify        destroy,
          guint                 concurrency)
{
  Flat *f = g_new0 (Flat, 1);

  f->upstream = g_object_ref (upstream);
  f->value_type = value_type;
  f->kind = kind;
  f->func = func;
  f->user_data = user_data;
  f->destroy = destroy;
  f->concurrency = concurrency;
  if (fill != NULL)
    return rill_flow_channel_flow_new (value_type, fill, f, flat_free, NULL,
                                       RILL_CHANNEL_BUFFERED, RILL_BUFFER_OVERFLOW_SUSPEND);
  return rill_flow_new (value_type, producer, f, flat_free);
}

/* The inner flow for @value, checked: a wrong one is a programming error,
 * and fails the collection rather than crash it. */
static RillFlow *
inner_flow (Flat          *f,
            const GValue  *value,
            GError       **error)
{
  RillFlow *inner = ((RillFlowFlatMapFunc) f->func) (value, f->user_data);

  if (inner == NULL || !RILL_IS_FLOW (inner)
      || !g_type_is_a (rill_flow_get_value_type (inner), f->value_type))
    {
      g_critical ("A flat map function returned %s instead of a flow of '%s'",
                  inner == NULL ? "NULL" : "a flow of another type",
                  g_type_name (f->value_type));
      g_clear_object (&inner);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The flat map function returned no flow of the right type"));
    }
  return inner;
}

static gboolean
send_collect (const GValue  *value,
              gpointer       user_data,
              GError       **error)
{
  return rill_channel_send (RILL_CHANNEL (user_data), value, error);
}

/* ------------------------------------------------------ flat_map_concat */

typedef struct
{
  Flat            *f;
  RillFlowEmitter *down;
} Concat;

static gboolean
deliver_collect (const GValue  *value,
                 gpointer       user_data,
                 GError       **error)
{
  return rill_flow_emitter_deliver (user_data, value, error);
}

static gboolean
concat_collect (const GValue  *value,
                gpointer       user_data,
                GError       **error)
{
  Concat *c = user_data;
  g_autoptr(RillFlow) inner = inner_flow (c->f, value, error);

  if (inner == NULL)
    return FALSE;
  return rill_flow_collect (inner, deliver_collect, c->down, error);
}

static gboolean
concat_produce (RillFlowEmitter  *down,
                gpointer          user_data,
                GError          **error)
{
  Concat c = { user_data, down };

  return rill_flow_collect (c.f->upstream, concat_collect, &c, error);
}

/**
 * rill_flow_flat_map_concat:
 * @self: a flow
 * @value_type: the type of the values of the inner flows
 * @func: (scope notified) (closure user_data) (destroy destroy): maps each
 *   value of @self to a flow
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of the flows @func returns, one flow after the
 * other, kotlinx's `flatMapConcat`: the next value of @self is only taken
 * once the flow of the previous one completed. Everything runs in the
 * collecting coroutine.
 *
 * Returns: (transfer full): the flattened flow
 */
RillFlow *
rill_flow_flat_map_concat (RillFlow            *self,
                           GType                value_type,
                           RillFlowFlatMapFunc  func,
                           gpointer             user_data,
                           GDestroyNotify       destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return flat_new (self, value_type, KIND_FLAT, concat_produce, NULL, func, user_data, destroy, 1);
}

/* ------------------------------------------------------- flat_map_merge */

typedef struct
{
  Flat        *f;
  RillScope   *scope;
  RillChannel *channel;
  RillChannel *permits;
} Merge;

typedef struct
{
  RillFlow    *inner;
  RillChannel *permits;
} Inner;

/* The permit goes back however the inner collection ended, even when it
 * never started. */
static void
inner_free (gpointer data)
{
  Inner *in = data;
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  rill_channel_try_receive (in->permits, &v, NULL);
  g_value_unset (&v);
  g_object_unref (in->permits);
  g_object_unref (in->inner);
  g_free (in);
}

static gboolean
inner_fill (RillScope    *scope,
            RillChannel  *channel,
            gpointer      data,
            GError      **error)
{
  Inner *in = data;

  return rill_flow_send_all (in->inner, channel, error);
}

static gboolean
merge_collect (const GValue  *value,
               gpointer       user_data,
               GError       **error)
{
  Merge *m = user_data;
  g_autoptr(RillFlow) inner = inner_flow (m->f, value, error);
  g_autoptr(RillJob) job = NULL;
  Inner *in;

  if (inner == NULL)
    return FALSE;
  /* kotlinx's semaphore: waits while @concurrency inner flows run. */
  if (!rill_channel_send_int (m->permits, 0, error))
    return FALSE;
  in = g_new0 (Inner, 1);
  in->inner = g_steal_pointer (&inner);
  in->permits = g_object_ref (m->permits);
  job = rill_flow_launch_fill (m->scope, NULL, RILL_COROUTINE_START_DEFAULT, inner_fill,
                               m->channel, in, inner_free);
  return TRUE;
}

static gboolean
merge_fill (RillScope    *scope,
            RillChannel  *channel,
            gpointer      data,
            GError      **error)
{
  Flat *f = data;
  int capacity = f->concurrency > G_MAXINT ? RILL_CHANNEL_UNLIMITED : (int) f->concurrency;
  g_autoptr(RillChannel) permits = NULL;
  Merge m = { f, scope, channel, NULL };

  permits = rill_channel_new (G_TYPE_INT, capacity, RILL_BUFFER_OVERFLOW_SUSPEND);
  m.permits = permits;

  return rill_flow_collect (f->upstream, merge_collect, &m, error);
}

/**
 * rill_flow_flat_map_merge:
 * @self: a flow
 * @value_type: the type of the values of the inner flows
 * @concurrency: how many inner flows are collected at most at once, at
 *   least 1 ([const@Rill.FLOW_DEFAULT_CONCURRENCY] is kotlinx's default)
 * @func: (scope notified) (closure user_data) (destroy destroy): maps each
 *   value of @self to a flow
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of the flows @func returns, collected concurrently,
 * kotlinx's `flatMapMerge`: @self is collected in a coroutine of its own,
 * each inner flow in another one, and their values come as they are
 * emitted. When @concurrency inner flows run, @self waits for one of them
 * to complete. A failure of any flow cancels the others and fails the
 * result.
 *
 * Returns: (transfer full): the flattened flow
 */
RillFlow *
rill_flow_flat_map_merge (RillFlow            *self,
                          GType                value_type,
                          guint                concurrency,
                          RillFlowFlatMapFunc  func,
                          gpointer             user_data,
                          GDestroyNotify       destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (concurrency > 0, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return flat_new (self, value_type, KIND_FLAT, NULL, merge_fill, func, user_data, destroy,
                   concurrency);
}

/* --------------------------------------------------------------- latest */

typedef struct
{
  Flat        *f;
  RillScope   *scope;
  RillChannel *channel;
  RillJob     *previous;
} Latest;

typedef struct
{
  Flat   *f;
  GValue  value;
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_value_unset (&item->value);
  g_free (item);
}

static Item *
item_new (Flat         *f,
          const GValue *value)
{
  Item *item = g_new0 (Item, 1);

  item->f = f;
  g_value_init (&item->value, G_VALUE_TYPE (value));
  g_value_copy (value, &item->value);
  return item;
}

static gboolean
latest_fill_one (RillScope    *scope,
                 RillChannel  *channel,
                 gpointer      data,
                 GError      **error)
{
  Item *item = data;
  Flat *f = item->f;

  switch (f->kind)
    {
    case KIND_FLAT:
      {
        g_autoptr(RillFlow) inner = inner_flow (f, &item->value, error);

        return inner != NULL && rill_flow_send_all (inner, channel, error);
      }
    case KIND_TRANSFORM:
      {
        RillFlowEmitter *emitter = rill_flow_emitter_new (f->value_type, rill_coroutine_current (),
                                                          send_collect, channel);
        GError *local = NULL;
        gboolean ok;

        ok = ((RillFlowTransformFunc) f->func) (emitter, &item->value, f->user_data, &local);
        return rill_flow_emitter_finish (emitter, ok, local, error);
      }
    case KIND_MAP:
    default:
      {
        GValue result = G_VALUE_INIT;
        gboolean ok;

        g_value_init (&result, f->value_type);
        ok = ((RillFlowSuspendMapFunc) f->func) (&item->value, &result, f->user_data, error)
             && rill_channel_send (channel, &result, error);
        g_value_unset (&result);
        return ok;
      }
    }
}

/* Cancels the previous run and waits for it to be over, as kotlinx: the
 * runs never overlap. */
static gboolean
cancel_previous (RillJob **previous,
                 GError  **error)
{
  g_autoptr(RillJob) job = g_steal_pointer (previous);

  if (job == NULL)
    return TRUE;
  rill_job_cancel (job);
  if (rill_job_join (job))
    return TRUE;
  g_propagate_error (error, rill_cancelled_error_new ());
  return FALSE;
}

static gboolean
latest_collect (const GValue  *value,
                gpointer       user_data,
                GError       **error)
{
  Latest *l = user_data;

  if (!cancel_previous (&l->previous, error))
    return FALSE;
  l->previous = rill_flow_launch_fill (l->scope, NULL, RILL_COROUTINE_START_UNDISPATCHED,
                                       latest_fill_one, l->channel, item_new (l->f, value),
                                       item_free);
  return TRUE;
}

static gboolean
latest_fill (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  Latest l = { data, scope, channel, NULL };
  gboolean ok;

  ok = rill_flow_collect (l.f->upstream, latest_collect, &l, error);
  /* The last run goes on: the channel closes once it is over. */
  g_clear_pointer (&l.previous, rill_job_unref);
  return ok;
}

/**
 * rill_flow_flat_map_latest:
 * @self: a flow
 * @value_type: the type of the values of the inner flows
 * @func: (scope notified) (closure user_data) (destroy destroy): maps each
 *   value of @self to a flow
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of the flow of the latest value of @self, kotlinx's
 * `flatMapLatest`: a new value of @self cancels the collection of the
 * previous inner flow, waits for it to end, and starts collecting the new
 * one.
 *
 * Returns: (transfer full): the flattened flow
 */
RillFlow *
rill_flow_flat_map_latest (RillFlow            *self,
                           GType                value_type,
                           RillFlowFlatMapFunc  func,
                           gpointer             user_data,
                           GDestroyNotify       destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return flat_new (self, value_type, KIND_FLAT, NULL, latest_fill, func, user_data, destroy, 1);
}

/**
 * rill_flow_transform_latest:
 * @self: a flow
 * @value_type: the type of the values @func emits
 * @func: (scope notified) (closure user_data) (destroy destroy): called
 *   with every value and an emitter of the result; it may suspend
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * [method@Flow.transform] where a new value of @self cancels the @func
 * still running for the previous one, kotlinx's `transformLatest`. @func
 * runs in a coroutine of its own and emits with the emitter it gets.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_transform_latest (RillFlow              *self,
                            GType                  value_type,
                            RillFlowTransformFunc  func,
                            gpointer               user_data,
                            GDestroyNotify         destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return flat_new (self, value_type, KIND_TRANSFORM, NULL, latest_fill, func, user_data,
                   destroy, 1);
}

/**
 * rill_flow_map_latest:
 * @self: a flow
 * @value_type: the type of the mapped values
 * @func: (scope notified) (closure user_data) (destroy destroy): maps each
 *   value; it may suspend
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * [method@Flow.map] where a new value of @self cancels the @func still
 * running for the previous one, kotlinx's `mapLatest`.
 *
 * Returns: (transfer full): the mapped flow
 */
RillFlow *
rill_flow_map_latest (RillFlow               *self,
                      GType                   value_type,
                      RillFlowSuspendMapFunc  func,
                      gpointer                user_data,
                      GDestroyNotify          destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return flat_new (self, value_type, KIND_MAP, NULL, latest_fill, func, user_data, destroy, 1);
}

/* ------------------------------------------------------- collect_latest */

typedef struct
{
  RillFlow        *flow;
  RillCollectFunc  action;
  gpointer         user_data;
  RillScope       *scope;
  RillJob         *previous;
} CollectLatest;

typedef struct
{
  CollectLatest *cl;
  GValue         value;
} Action;

static void
action_free (gpointer data)
{
  Action *a = data;

  g_value_unset (&a->value);
  g_free (a);
}

static gboolean
action_fill (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  Action *a = data;

  return a->cl->action (&a->value, a->cl->user_data, error);
}

static gboolean
collect_latest_collect (const GValue  *value,
                        gpointer       user_data,
                        GError       **error)
{
  CollectLatest *cl = user_data;
  Action *a;

  if (!cancel_previous (&cl->previous, error))
    return FALSE;
  a = g_new0 (Action, 1);
  a->cl = cl;
  g_value_init (&a->value, G_VALUE_TYPE (value));
  g_value_copy (value, &a->value);
  cl->previous = rill_flow_launch_fill (cl->scope, NULL, RILL_COROUTINE_START_UNDISPATCHED,
                                        action_fill, NULL, a, action_free);
  return TRUE;
}

static gboolean
collect_latest_block (RillScope  *scope,
                      GValue     *result,
                      gpointer    user_data,
                      GError    **error)
{
  CollectLatest *cl = user_data;
  gboolean ok;

  cl->scope = scope;
  ok = rill_flow_collect (cl->flow, collect_latest_collect, cl, error);
  g_clear_pointer (&cl->previous, rill_job_unref);
  return ok;
}

/**
 * rill_flow_collect_latest:
 * @self: a flow
 * @action: (scope call) (closure user_data): called with every value; it
 *   may suspend
 * @user_data: data for @action
 * @error: return location for the error the collection failed with
 *
 * Collects @self, kotlinx's `collectLatest`: @action runs for every value
 * in a coroutine of its own, and a new value cancels the @action still
 * running for the previous one, waiting for it to end first. Returns once
 * @self completed and the last @action is done. Must be called from a
 * coroutine.
 *
 * Returns: %TRUE when the flow completed; %FALSE with @error set when the
 *   flow or @action failed or the caller was cancelled
 */
gboolean
rill_flow_collect_latest (RillFlow         *self,
                          RillCollectFunc   action,
                          gpointer          user_data,
                          GError          **error)
{
  CollectLatest cl = { self, action, user_data, NULL, NULL };

  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rill_coroutine_scope (collect_latest_block, NULL, &cl, error);
}
