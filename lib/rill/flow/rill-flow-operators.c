/* rill-flow-operators.c: the intermediate operators
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rill-flow-operators.h"
#include "rill-flow-private.h"
#include "rill-live-data-private.h"

/* What an operator keeps: its upstream and its function. Each one is a cold
 * flow whose producer collects the upstream; per-collection state lives on
 * the producer's stack, so collections stay independent. */
typedef struct
{
  RillFlow       *upstream;
  GType           value_type;
  gpointer        func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  guint64         count;
  GValue          initial;
} Op;

typedef struct
{
  Op              *op;
  RillFlowEmitter *down;
  guint64          n;
  gint             owner;
  gboolean         from_downstream;
  gboolean         plain;
  gboolean         has_value;
  gboolean         passing;
  GValue           value;
} Run;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->destroy != NULL)
    op->destroy (op->user_data);
  if (G_IS_VALUE (&op->initial))
    g_value_unset (&op->initial);
  g_object_unref (op->upstream);
  g_free (op);
}

static RillFlow *
op_new (RillFlow         *upstream,
        GType             value_type,
        RillFlowProducer  producer,
        gpointer          func,
        gpointer          user_data,
        GDestroyNotify    destroy,
        guint64           count,
        const GValue     *initial)
{
  Op *op = g_new0 (Op, 1);

  if (initial != NULL)
    {
      g_value_init (&op->initial, G_VALUE_TYPE (initial));
      g_value_copy (initial, &op->initial);
    }

  op->upstream = g_object_ref (upstream);
  op->value_type = value_type;
  op->func = func;
  op->user_data = user_data;
  op->destroy = destroy;
  op->count = count;
  return rill_flow_new (value_type, producer, op, op_free);
}

static inline void
run_init (Run             *run,
          RillFlowEmitter *down,
          gpointer         user_data)
{
  memset (run, 0, sizeof *run);
  run->op = user_data;
  run->down = down;
}

static inline gboolean
run_upstream (Run             *run,
              RillCollectFunc  collect,
              GError         **error)
{
  return rill_flow_collect (run->op->upstream, collect, run, error);
}

/* Passes a value on, and remembers whether the downstream failed: that error
 * must travel up untouched (exception transparency). */
static gboolean
forward_collect (const GValue  *value,
                 gpointer       data,
                 GError       **error)
{
  Run *run = data;

  if (G_LIKELY (rill_flow_emitter_deliver (run->down, value, error)))
    return TRUE;
  run->from_downstream = TRUE;
  return FALSE;
}

/* kotlinx's isCancellationCause: the collecting coroutine's own
 * cancellation is never handled, only rethrown. */
static gboolean
is_own_cancellation (const GError *error)
{
  return error->domain == RILL_FLOW_ABORT
         || (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !rill_is_active ());
}

/* ---------------------------------------------------------------- map */

static gboolean
map_collect (const GValue  *value,
             gpointer       data,
             GError       **error)
{
  Run *run = data;
  RillMapFunc func = run->op->func;
  gboolean ok;

  if (G_LIKELY (run->plain))
    {
      run->value.data[0].v_uint64 = 0;
      func (value, &run->value, run->op->user_data);
      return rill_flow_emitter_deliver (run->down, &run->value, error);
    }
  func (value, &run->value, run->op->user_data);
  ok = rill_flow_emitter_deliver (run->down, &run->value, error);
  g_value_reset (&run->value);
  return ok;
}

static gboolean
map_produce (RillFlowEmitter  *down,
             gpointer          user_data,
             GError          **error)
{
  Run run;
  gboolean ok;

  run_init (&run, down, user_data);
  g_value_init (&run.value, run.op->value_type);
  run.plain = rill_flow_type_is_plain (run.op->value_type);
  ok = run_upstream (&run, map_collect, error);
  g_value_unset (&run.value);
  return ok;
}

/**
 * rill_flow_map:
 * @self: a flow
 * @value_type: the type of the mapped values
 * @func: (scope notified) (closure user_data) (destroy destroy): maps each
 *   value
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of @func applied to every value of @self, kotlinx's `map`. Its
 * value type is @value_type; @func gets a #GValue initialised to it.
 *
 * Returns: (transfer full): the mapped flow
 */
RillFlow *
rill_flow_map (RillFlow       *self,
               GType           value_type,
               RillMapFunc     func,
               gpointer        user_data,
               GDestroyNotify  destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return op_new (self, value_type, map_produce, func, user_data, destroy, 0, NULL);
}

/* ------------------------------------------------------------- filter */

static gboolean
filter_collect (const GValue  *value,
                gpointer       data,
                GError       **error)
{
  Run *run = data;

  if (!((RillFlowPredicate) run->op->func) (value, run->op->user_data))
    return TRUE;
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
filter_produce (RillFlowEmitter  *down,
                gpointer          user_data,
                GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_upstream (&run, filter_collect, error);
}

/**
 * rill_flow_filter:
 * @self: a flow
 * @predicate: (scope notified) (closure user_data) (destroy destroy): which
 *   values to keep
 * @user_data: data for @predicate
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self that match @predicate, kotlinx's `filter`.
 * Its value type is the one of @self.
 *
 * Returns: (transfer full): the filtered flow
 */
RillFlow *
rill_flow_filter (RillFlow          *self,
                  RillFlowPredicate  predicate,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (predicate != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), filter_produce,
                 predicate, user_data, destroy, 0, NULL);
}

/* ---------------------------------------------------------- transform */

static gboolean
transform_collect (const GValue  *value,
                   gpointer       data,
                   GError       **error)
{
  Run *run = data;

  return ((RillFlowTransformFunc) run->op->func) (run->down, value, run->op->user_data, error);
}

static gboolean
transform_produce (RillFlowEmitter  *down,
                   gpointer          user_data,
                   GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_upstream (&run, transform_collect, error);
}

/**
 * rill_flow_transform:
 * @self: a flow
 * @value_type: the type of the values @func emits
 * @func: (scope notified) (closure user_data) (destroy destroy): called
 *   with every value and the emitter of the result
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of whatever @func emits for the values of @self, kotlinx's
 * `transform`: none, one or several values each. Its value type is
 * @value_type. @func emits with [method@FlowEmitter.emit] and stops at the
 * first failed emission, returning %FALSE with its error.
 *
 * Returns: (transfer full): the transformed flow
 */
RillFlow *
rill_flow_transform (RillFlow              *self,
                     GType                  value_type,
                     RillFlowTransformFunc  func,
                     gpointer               user_data,
                     GDestroyNotify         destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return op_new (self, value_type, transform_produce, func, user_data, destroy, 0, NULL);
}

/* ------------------------------------------------------------ on_each */

static gboolean
on_each_collect (const GValue  *value,
                 gpointer       data,
                 GError       **error)
{
  Run *run = data;

  if (!((RillCollectFunc) run->op->func) (value, run->op->user_data, error))
    return FALSE;
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
on_each_produce (RillFlowEmitter  *down,
                 gpointer          user_data,
                 GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_upstream (&run, on_each_collect, error);
}

/**
 * rill_flow_on_each:
 * @self: a flow
 * @action: (scope notified) (closure user_data) (destroy destroy): called
 *   with every value before it is passed on
 * @user_data: data for @action
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self that calls @action on each before passing
 * it on, kotlinx's `onEach`. Its value type is the one of @self. When
 * @action fails, the flow fails with its error (an upstream error for the
 * operators after it: [method@Flow.catch] handles it).
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_on_each (RillFlow        *self,
                   RillCollectFunc  action,
                   gpointer         user_data,
                   GDestroyNotify   destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), on_each_produce,
                 action, user_data, destroy, 0, NULL);
}

/* ----------------------------------------------------------- on_start */

static gboolean
on_start_produce (RillFlowEmitter  *down,
                  gpointer          user_data,
                  GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  if (!((RillFlowStartFunc) run.op->func) (down, run.op->user_data, error))
    return FALSE;
  return run_upstream (&run, forward_collect, error);
}

/**
 * rill_flow_on_start:
 * @self: a flow
 * @action: (scope notified) (closure user_data) (destroy destroy): called
 *   when a collection starts, before @self is collected
 * @user_data: data for @action
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow that runs @action at the start of every collection, then the
 * values of @self, kotlinx's `onStart`. @action may emit values first. Its
 * value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_on_start (RillFlow          *self,
                    RillFlowStartFunc  action,
                    gpointer           user_data,
                    GDestroyNotify     destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), on_start_produce,
                 action, user_data, destroy, 0, NULL);
}

/* ------------------------------------------------------ on_completion */

static gboolean
on_completion_produce (RillFlowEmitter  *down,
                       gpointer          user_data,
                       GError          **error)
{
  RillFlowCompletionFunc action;
  GError *local = NULL;
  GError *cause;
  GError *action_error = NULL;
  gboolean ok;
  Run run;

  run_init (&run, down, user_data);
  action = run.op->func;
  if (run_upstream (&run, forward_collect, &local))
    return action (down, NULL, run.op->user_data, error);

  /* An operator downstream that needs no more values cancels the flow, as
   * kotlinx's AbortFlowException is a CancellationException. */
  if (local->domain == RILL_FLOW_ABORT)
    cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The flow was aborted: no more values were needed"));
  else
    cause = g_error_copy (local);

  down->cause = cause;
  ok = action (down, cause, run.op->user_data, &action_error);
  down->cause = NULL;
  g_error_free (cause);

  if (!ok && action_error != NULL)
    {
      g_error_free (local);
      g_propagate_error (error, action_error);
    }
  else
    {
      g_clear_error (&action_error);
      g_propagate_error (error, local);
    }
  return FALSE;
}

/**
 * rill_flow_on_completion:
 * @self: a flow
 * @action: (scope notified) (closure user_data) (destroy destroy): called
 *   when a collection ends, however it ends
 * @user_data: data for @action
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self that runs @action when the collection
 * ends, kotlinx's `onCompletion`: like a `finally` around the collection.
 * @action gets the cause: %NULL if and only if the flow completed
 * normally; the error, whether it came from upstream or downstream;
 * %G_IO_ERROR_CANCELLED when the coroutine was cancelled or an operator
 * downstream (such as [method@Flow.take]) needed no more values. After a
 * normal completion @action may emit more values; otherwise an emission
 * fails with the cause. The flow's error stays the cause unless @action
 * fails with another. Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_on_completion (RillFlow               *self,
                         RillFlowCompletionFunc  action,
                         gpointer                user_data,
                         GDestroyNotify          destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), on_completion_produce,
                 action, user_data, destroy, 0, NULL);
}

/* -------------------------------------------------------------- catch */

static gboolean
catch_produce (RillFlowEmitter  *down,
               gpointer          user_data,
               GError          **error)
{
  GError *local = NULL;
  gboolean ok;
  Run run;

  run_init (&run, down, user_data);
  if (run_upstream (&run, forward_collect, &local))
    return TRUE;
  if (run.from_downstream || is_own_cancellation (local))
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  ok = ((RillFlowCatchFunc) run.op->func) (down, local, run.op->user_data, error);
  g_error_free (local);
  return ok;
}

/**
 * rill_flow_catch:
 * @self: a flow
 * @action: (scope notified) (closure user_data) (destroy destroy): called
 *   with the error of @self
 * @user_data: data for @action
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self that hands an error of @self to @action,
 * kotlinx's `catch`. Only upstream errors are caught: an error of the
 * collector or of the operators after this one passes through untouched
 * (exception transparency), and so does the cancellation of the collecting
 * coroutine. @action may emit replacement values, complete the flow
 * normally (return %TRUE) or fail, for instance with a copy of the cause.
 * Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_catch (RillFlow          *self,
                 RillFlowCatchFunc  action,
                 gpointer           user_data,
                 GDestroyNotify     destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), catch_produce,
                 action, user_data, destroy, 0, NULL);
}

/* -------------------------------------------------------------- retry */

static gboolean
retry_produce (RillFlowEmitter  *down,
               gpointer          user_data,
               GError          **error)
{
  RillFlowRetryPredicate predicate;
  guint64 attempt = 0;
  Run run;

  run_init (&run, down, user_data);
  predicate = run.op->func;
  for (;;)
    {
      GError *local = NULL;

      if (run_upstream (&run, forward_collect, &local))
        return TRUE;
      /* A cancelled coroutine does not start the flow again, even for an
       * error that is not the cancellation itself. */
      if (run.from_downstream || is_own_cancellation (local) || !rill_is_active ()
          || attempt >= run.op->count
          || (predicate != NULL && !predicate (local, attempt, run.op->user_data)))
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_error_free (local);
      attempt++;
    }
}

/**
 * rill_flow_retry:
 * @self: a flow
 * @retries: how many times to collect @self again at most; %G_MAXUINT64
 *   for no limit
 * @predicate: (scope notified) (closure user_data) (destroy destroy)
 *   (nullable): whether to retry after an error; %NULL for always
 * @user_data: data for @predicate
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self that collects @self again when it fails,
 * up to @retries times and while @predicate agrees, kotlinx's `retry`
 * (with the attempt number of `retryWhen`). Values emitted before a failure
 * stay emitted. As with [method@Flow.catch], errors of the downstream and
 * the cancellation of the coroutine are never retried. Its value type is
 * the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_retry (RillFlow               *self,
                 guint64                 retries,
                 RillFlowRetryPredicate  predicate,
                 gpointer                user_data,
                 GDestroyNotify          destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (retries > 0, NULL);

  return op_new (self, rill_flow_get_value_type (self), retry_produce,
                 predicate, user_data, destroy, retries, NULL);
}

/* --------------------------------------------------------------- take */

static gboolean
take_collect (const GValue  *value,
              gpointer       data,
              GError       **error)
{
  Run *run = data;

  if (++run->n < run->op->count)
    return rill_flow_emitter_deliver (run->down, value, error);
  /* The last one: pass it on, then stop the upstream at once instead of
   * waiting for its next value. */
  if (!rill_flow_emitter_deliver (run->down, value, error))
    return FALSE;
  return rill_flow_abort_set (error, run->owner);
}

/* Collects with @collect, which stops the upstream with the run's own abort
 * error: that one means success, and never travels further. */
static gboolean
run_abortable (Run             *run,
               RillCollectFunc  collect,
               GError         **error)
{
  GError *local = NULL;

  run->owner = rill_flow_abort_new_owner ();
  if (run_upstream (run, collect, &local))
    return TRUE;
  if (rill_flow_abort_is_owned (local, run->owner))
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
take_produce (RillFlowEmitter  *down,
              gpointer          user_data,
              GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_abortable (&run, take_collect, error);
}

/**
 * rill_flow_take:
 * @self: a flow
 * @count: how many values to take; more than 0
 *
 * A flow of the first @count values of @self, kotlinx's `take`. Once it has
 * them, it stops @self at once: @self's emit returns %FALSE (with an error
 * the producer passes on, and that no collector ever sees) and its producer
 * returns; the collection then completes normally. Its value type is the
 * one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_take (RillFlow *self,
                guint64   count)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (count > 0, NULL);

  return op_new (self, rill_flow_get_value_type (self), take_produce, NULL, NULL, NULL, count, NULL);
}

/* --------------------------------------------------------- take_while */

static gboolean
take_while_collect (const GValue  *value,
                    gpointer       data,
                    GError       **error)
{
  Run *run = data;

  if (!((RillFlowPredicate) run->op->func) (value, run->op->user_data))
    return rill_flow_abort_set (error, run->owner);
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
take_while_produce (RillFlowEmitter  *down,
                    gpointer          user_data,
                    GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_abortable (&run, take_while_collect, error);
}

/**
 * rill_flow_take_while:
 * @self: a flow
 * @predicate: (scope notified) (closure user_data) (destroy destroy): which
 *   values to take
 * @user_data: data for @predicate
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self up to the first that does not match
 * @predicate (left out), kotlinx's `takeWhile`; @self is stopped then, as
 * with [method@Flow.take]. Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_take_while (RillFlow          *self,
                      RillFlowPredicate  predicate,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (predicate != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), take_while_produce,
                 predicate, user_data, destroy, 0, NULL);
}

/* --------------------------------------------------------------- drop */

static gboolean
drop_collect (const GValue  *value,
              gpointer       data,
              GError       **error)
{
  Run *run = data;

  if (run->n < run->op->count)
    {
      run->n++;
      return TRUE;
    }
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
drop_produce (RillFlowEmitter  *down,
              gpointer          user_data,
              GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_upstream (&run, drop_collect, error);
}

/**
 * rill_flow_drop:
 * @self: a flow
 * @count: how many values to leave out
 *
 * A flow of the values of @self after the first @count, kotlinx's `drop`.
 * Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_drop (RillFlow *self,
                guint64   count)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);

  return op_new (self, rill_flow_get_value_type (self), drop_produce, NULL, NULL, NULL, count, NULL);
}

/* --------------------------------------------------------- drop_while */

static gboolean
drop_while_collect (const GValue  *value,
                    gpointer       data,
                    GError       **error)
{
  Run *run = data;

  if (!run->passing)
    {
      if (((RillFlowPredicate) run->op->func) (value, run->op->user_data))
        return TRUE;
      run->passing = TRUE;
    }
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
drop_while_produce (RillFlowEmitter  *down,
                    gpointer          user_data,
                    GError          **error)
{
  Run run;

  run_init (&run, down, user_data);
  return run_upstream (&run, drop_while_collect, error);
}

/**
 * rill_flow_drop_while:
 * @self: a flow
 * @predicate: (scope notified) (closure user_data) (destroy destroy): which
 *   leading values to leave out
 * @user_data: data for @predicate
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the values of @self from the first that does not match
 * @predicate on, kotlinx's `dropWhile`; @predicate is not called after that.
 * Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_drop_while (RillFlow          *self,
                      RillFlowPredicate  predicate,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (predicate != NULL, NULL);

  return op_new (self, rill_flow_get_value_type (self), drop_while_produce,
                 predicate, user_data, destroy, 0, NULL);
}

/* --------------------------------------------------------------- scan */

static gboolean
scan_collect (const GValue  *value,
              gpointer       data,
              GError       **error)
{
  Run *run = data;
  RillFlowFoldFunc func = run->op->func;
  GValue next = G_VALUE_INIT;

  if (G_LIKELY (run->plain))
    {
      /* A plain value holds no memory: the result can start as a copy. */
      next = run->value;
      func (&run->value, value, &next, run->op->user_data);
      run->value = next;
    }
  else
    {
      g_value_init (&next, run->op->value_type);
      func (&run->value, value, &next, run->op->user_data);
      g_value_unset (&run->value);
      run->value = next;
    }
  return rill_flow_emitter_deliver (run->down, &run->value, error);
}

static gboolean
scan_produce (RillFlowEmitter  *down,
              gpointer          user_data,
              GError          **error)
{
  gboolean ok;
  Run run;

  run_init (&run, down, user_data);
  run.plain = rill_flow_type_is_plain (run.op->value_type);
  g_value_init (&run.value, run.op->value_type);
  g_value_copy (&run.op->initial, &run.value);
  ok = rill_flow_emitter_deliver (down, &run.value, error)
       && run_upstream (&run, scan_collect, error);
  g_value_unset (&run.value);
  return ok;
}

/**
 * rill_flow_scan:
 * @self: a flow
 * @initial: the first accumulated value; its type is the result's value type
 * @func: (scope notified) (closure user_data) (destroy destroy): combines
 *   the accumulated value with the next value of @self
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of the successive accumulated values, kotlinx's `scan` (also
 * `runningFold`): first a copy of @initial, then, for every value of
 * @self, @func of the previous accumulated value and it. Its value type is
 * the type of @initial.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_scan (RillFlow         *self,
                const GValue     *initial,
                RillFlowFoldFunc  func,
                gpointer          user_data,
                GDestroyNotify    destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (initial), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return op_new (self, G_VALUE_TYPE (initial), scan_produce, func, user_data, destroy, 0, initial);
}

/* ---------------------------------------------- distinct_until_changed */

static gboolean
distinct_equal (Run          *run,
                const GValue *previous,
                const GValue *value)
{
  return rill_values_equal_with (previous, value, run->op->func, run->op->user_data);
}

static gboolean
distinct_collect (const GValue  *value,
                  gpointer       data,
                  GError       **error)
{
  Run *run = data;

  if (run->has_value && distinct_equal (run, &run->value, value))
    return TRUE;
  if (rill_flow_type_is_plain (G_VALUE_TYPE (value)))
    run->value = *value;
  else
    {
      if (run->has_value)
        g_value_unset (&run->value);
      g_value_init (&run->value, G_VALUE_TYPE (value));
      g_value_copy (value, &run->value);
    }
  run->has_value = TRUE;
  return rill_flow_emitter_deliver (run->down, value, error);
}

static gboolean
distinct_produce (RillFlowEmitter  *down,
                  gpointer          user_data,
                  GError          **error)
{
  gboolean ok;
  Run run;

  run_init (&run, down, user_data);
  ok = run_upstream (&run, distinct_collect, error);
  if (run.has_value)
    g_value_unset (&run.value);
  return ok;
}

/**
 * rill_flow_distinct_until_changed:
 * @self: a flow
 *
 * A flow of the values of @self without the repetitions in a row, kotlinx's
 * `distinctUntilChanged`: the first value, then every value that differs
 * from the previous one passed on. Values compare as in
 * [func@LiveData.values_equal]. Its value type is the one of @self.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_distinct_until_changed (RillFlow *self)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);

  return op_new (self, rill_flow_get_value_type (self), distinct_produce, NULL, NULL, NULL, 0, NULL);
}

/**
 * rill_flow_distinct_until_changed_full:
 * @self: a flow
 * @func: (scope notified) (closure user_data) (destroy destroy) (nullable):
 *   the equality, or %NULL for [func@LiveData.values_equal]
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * As [method@Flow.distinct_until_changed], with an equality of your own
 * (kotlinx's `distinctUntilChanged (areEquivalent)`). @func is called only
 * with two non-%NULL values: %NULL equals %NULL only.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_distinct_until_changed_full (RillFlow           *self,
                                       RillValueEqualFunc  func,
                                       gpointer            user_data,
                                       GDestroyNotify      destroy)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);

  return op_new (self, rill_flow_get_value_type (self), distinct_produce,
                 func, user_data, destroy, 0, NULL);
}
