/* rill-flow-combining.c: merge, combine, zip
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-coroutine.h"
#include "rill-flow-combining.h"
#include "rill-flow-channel-private.h"
#include "rill-job.h"

typedef struct
{
  guint            n_flows;
  RillFlow       **flows;
  GType            value_type;
  RillCombineFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Multi;

static void
multi_free (gpointer data)
{
  Multi *m = data;

  if (m->destroy != NULL)
    m->destroy (m->user_data);
  for (guint i = 0; i < m->n_flows; i++)
    g_object_unref (m->flows[i]);
  g_free (m->flows);
  g_free (m);
}

static Multi *
multi_new (RillFlow        **flows,
           guint             n_flows,
           GType             value_type,
           RillCombineFunc   func,
           gpointer          user_data,
           GDestroyNotify    destroy)
{
  Multi *m = g_new0 (Multi, 1);

  m->n_flows = n_flows;
  m->flows = g_new0 (RillFlow *, MAX (n_flows, 1));
  for (guint i = 0; i < n_flows; i++)
    m->flows[i] = g_object_ref (flows[i]);
  m->value_type = value_type;
  m->func = func;
  m->user_data = user_data;
  m->destroy = destroy;
  return m;
}

static gboolean
flows_are_valid (const char  *func,
                 RillFlow   **flows,
                 guint        n_flows,
                 gboolean     same_type)
{
  for (guint i = 0; i < n_flows; i++)
    {
      if (!RILL_IS_FLOW (flows[i]))
        {
          g_critical ("%s: flow %u is not a RillFlow", func, i);
          return FALSE;
        }
      if (same_type && rill_flow_get_value_type (flows[i]) != rill_flow_get_value_type (flows[0]))
        {
          g_critical ("%s: flow %u has values of type '%s', not '%s'", func, i,
                      g_type_name (rill_flow_get_value_type (flows[i])),
                      g_type_name (rill_flow_get_value_type (flows[0])));
          return FALSE;
        }
    }
  return TRUE;
}

/* -------------------------------------------------------------- merge */

static gboolean
merge_one (RillScope    *scope,
           RillChannel  *channel,
           gpointer      data,
           GError      **error)
{
  return rill_flow_send_all (RILL_FLOW (data), channel, error);
}

static gboolean
merge_fill (RillScope    *scope,
            RillChannel  *channel,
            gpointer      data,
            GError      **error)
{
  Multi *m = data;

  for (guint i = 0; i < m->n_flows; i++)
    {
      g_autoptr(RillJob) job = NULL;

      job = rill_flow_launch_fill (scope, NULL, RILL_COROUTINE_START_DEFAULT, merge_one,
                                   channel, g_object_ref (m->flows[i]), g_object_unref);
    }
  return TRUE;
}

/**
 * rill_flow_merge:
 * @flows: (array length=n_flows): the flows, all with the same value type
 * @n_flows: the number of @flows, at least one
 *
 * A flow of the values of all @flows as they come, kotlinx's `merge`: each
 * flow is collected in a coroutine of its own, concurrently, and the
 * result completes once they all have. When one fails, the others are
 * cancelled and the result fails with its error.
 *
 * Returns: (transfer full): the merged flow
 */
RillFlow *
rill_flow_merge (RillFlow **flows,
                 guint      n_flows)
{
  g_return_val_if_fail (flows != NULL, NULL);
  g_return_val_if_fail (n_flows > 0, NULL);

  if (!flows_are_valid (G_STRFUNC, flows, n_flows, TRUE))
    return NULL;
  return rill_flow_channel_flow_new (rill_flow_get_value_type (flows[0]), merge_fill,
                                     multi_new (flows, n_flows, G_TYPE_NONE, NULL, NULL, NULL),
                                     multi_free, NULL, RILL_CHANNEL_BUFFERED,
                                     RILL_BUFFER_OVERFLOW_SUSPEND);
}

/* ------------------------------------------------------------ combine */

typedef struct
{
  Multi       *m;
  GMutex       lock;
  GValue      *latest;
  guint        missing;
  RillChannel *out;
} Combine;

typedef struct
{
  Combine *c;
  guint    index;
} Slot;

static gboolean
combine_slot_collect (const GValue  *value,
                      gpointer       user_data,
                      GError       **error)
{
  Slot *slot = user_data;
  Combine *c = slot->c;
  GValue result = G_VALUE_INIT;
  gboolean ready = FALSE;
  gboolean ok = TRUE;

  g_mutex_lock (&c->lock);
  if (!G_IS_VALUE (&c->latest[slot->index]))
    {
      g_value_init (&c->latest[slot->index], G_VALUE_TYPE (value));
      c->missing--;
    }
  g_value_copy (value, &c->latest[slot->index]);
  if (c->missing == 0)
    {
      g_value_init (&result, c->m->value_type);
      c->m->func (c->latest, c->m->n_flows, &result, c->m->user_data);
      ready = TRUE;
    }
  g_mutex_unlock (&c->lock);

  if (ready)
    {
      ok = rill_channel_send (c->out, &result, error);
      g_value_unset (&result);
    }
  /* As kotlinx, each flow lets the others run after every value, so that
   * synchronous flows interleave instead of one running to its end. */
  if (ok && !rill_yield ())
    {
      g_propagate_error (error, rill_cancelled_error_new ());
      ok = FALSE;
    }
  return ok;
}

static gboolean
combine_one (RillScope    *scope,
             RillChannel  *channel,
             gpointer      data,
             GError      **error)
{
  Slot *slot = data;

  return rill_flow_collect (slot->c->m->flows[slot->index], combine_slot_collect, slot, error);
}

static gboolean
combine_fill (RillScope    *scope,
              RillChannel  *channel,
              gpointer      data,
              GError      **error)
{
  Combine *c = data;

  c->out = channel;
  for (guint i = 0; i < c->m->n_flows; i++)
    {
      Slot *slot = g_new0 (Slot, 1);
      g_autoptr(RillJob) job = NULL;

      slot->c = c;
      slot->index = i;
      job = rill_flow_launch_fill (scope, NULL, RILL_COROUTINE_START_DEFAULT, combine_one,
                                   NULL, slot, g_free);
    }
  return TRUE;
}

static gboolean
combine_produce (RillFlowEmitter  *down,
                 gpointer          user_data,
                 GError          **error)
{
  Combine c = { user_data, { 0 }, NULL, 0, NULL };
  gboolean ok;

  g_mutex_init (&c.lock);
  c.latest = g_new0 (GValue, c.m->n_flows);
  c.missing = c.m->n_flows;
  ok = rill_flow_channel_collect (down, NULL, RILL_CHANNEL_BUFFERED,
                                  RILL_BUFFER_OVERFLOW_SUSPEND, combine_fill, &c, error);
  for (guint i = 0; i < c.m->n_flows; i++)
    if (G_IS_VALUE (&c.latest[i]))
      g_value_unset (&c.latest[i]);
  g_free (c.latest);
  g_mutex_clear (&c.lock);
  return ok;
}

/**
 * rill_flow_combine_array:
 * @flows: (array length=n_flows): the flows
 * @n_flows: the number of @flows, at least one
 * @value_type: the type of the combined values
 * @func: (scope notified) (closure user_data) (destroy destroy): combines
 *   the latest value of each flow
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of @func applied to the latest values of @flows, kotlinx's
 * `combine`: each flow is collected in a coroutine of its own; once every
 * one has emitted, every new value of any of them gives a new result. The
 * result completes once all flows have; when one fails, the others are
 * cancelled and the result fails with its error.
 *
 * Returns: (transfer full): the combined flow
 */
RillFlow *
rill_flow_combine_array (RillFlow        **flows,
                         guint             n_flows,
                         GType             value_type,
                         RillCombineFunc   func,
                         gpointer          user_data,
                         GDestroyNotify    destroy)
{
  g_return_val_if_fail (flows != NULL, NULL);
  g_return_val_if_fail (n_flows > 0, NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!flows_are_valid (G_STRFUNC, flows, n_flows, FALSE))
    return NULL;
  return rill_flow_new (value_type, combine_produce,
                        multi_new (flows, n_flows, value_type, func, user_data, destroy),
                        multi_free);
}

/**
 * rill_flow_combine:
 * @first: a flow
 * @second: another flow
 * @value_type: the type of the combined values
 * @func: (scope notified) (closure user_data) (destroy destroy): combines
 *   the latest values, @first's then @second's
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * [func@Flow.combine_array] for two flows, kotlinx's `combine (flow,
 * flow2)`.
 *
 * Returns: (transfer full): the combined flow
 */
RillFlow *
rill_flow_combine (RillFlow         *first,
                   RillFlow         *second,
                   GType             value_type,
                   RillCombineFunc   func,
                   gpointer          user_data,
                   GDestroyNotify    destroy)
{
  RillFlow *flows[2] = { first, second };

  g_return_val_if_fail (RILL_IS_FLOW (first), NULL);
  g_return_val_if_fail (RILL_IS_FLOW (second), NULL);

  return rill_flow_combine_array (flows, 2, value_type, func, user_data, destroy);
}

/* ---------------------------------------------------------------- zip */

typedef struct
{
  Multi           *m;
  RillFlowEmitter *down;
  RillChannel     *second;
  GValue           pair[2];
  GValue           result;
  gint             owner;
} Zip;

static gboolean
zip_collect (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Zip *z = user_data;
  GError *local = NULL;
  gboolean ok;

  if (!rill_channel_receive (z->second, &z->pair[1], &local))
    {
      if (local == NULL)
        return rill_flow_abort_set (error, z->owner);
      g_propagate_error (error, local);
      return FALSE;
    }
  g_value_init (&z->pair[0], G_VALUE_TYPE (value));
  g_value_copy (value, &z->pair[0]);
  g_value_init (&z->result, z->m->value_type);
  z->m->func (z->pair, 2, &z->result, z->m->user_data);
  g_value_unset (&z->pair[0]);
  g_value_reset (&z->pair[1]);
  ok = rill_flow_emitter_deliver (z->down, &z->result, error);
  g_value_unset (&z->result);
  return ok;
}

static gboolean
zip_block (RillScope  *scope,
           GValue     *result,
           gpointer    user_data,
           GError    **error)
{
  Zip *z = user_data;
  g_autoptr(RillChannel) second = NULL;
  g_autoptr(RillJob) job = NULL;
  GError *local = NULL;
  gboolean ok;

  second = rill_channel_new (rill_flow_get_value_type (z->m->flows[1]),
                             RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_SUSPEND);
  z->second = second;
  job = rill_flow_launch_fill (scope, NULL, RILL_COROUTINE_START_DEFAULT, merge_one, second,
                               g_object_ref (z->m->flows[1]), g_object_unref);
  rill_flow_close_on_completion (job, second);
  g_value_init (&z->pair[1], rill_flow_get_value_type (z->m->flows[1]));
  ok = rill_flow_collect (z->m->flows[0], zip_collect, z, &local);
  g_value_unset (&z->pair[1]);
  if (!ok && rill_flow_abort_is_owned (local, z->owner))
    {
      g_clear_error (&local);
      ok = TRUE;
    }
  /* Either flow ending ends the other. */
  rill_channel_cancel (second);
  rill_job_cancel (job);
  if (!ok)
    g_propagate_error (error, local);
  return ok;
}

static gboolean
zip_produce (RillFlowEmitter  *down,
             gpointer          user_data,
             GError          **error)
{
  Zip z = { 0 };

  z.m = user_data;
  z.down = down;
  z.owner = rill_flow_abort_new_owner ();
  return rill_coroutine_scope (zip_block, NULL, &z, error);
}

/**
 * rill_flow_zip:
 * @first: a flow
 * @second: another flow
 * @value_type: the type of the zipped values
 * @func: (scope notified) (closure user_data) (destroy destroy): combines
 *   a value of @first with the value of @second of the same rank
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * A flow of @func applied to the values of @first and @second pair by pair,
 * kotlinx's `zip`: @second is collected in a coroutine of its own, @first
 * in the collecting coroutine. The result completes as soon as either
 * flow does, cancelling the other.
 *
 * Returns: (transfer full): the zipped flow
 */
RillFlow *
rill_flow_zip (RillFlow         *first,
               RillFlow         *second,
               GType             value_type,
               RillCombineFunc   func,
               gpointer          user_data,
               GDestroyNotify    destroy)
{
  RillFlow *flows[2] = { first, second };

  g_return_val_if_fail (RILL_IS_FLOW (first), NULL);
  g_return_val_if_fail (RILL_IS_FLOW (second), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return rill_flow_new (value_type, zip_produce,
                        multi_new (flows, 2, value_type, func, user_data, destroy),
                        multi_free);
}
