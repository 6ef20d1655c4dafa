/* rill-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-flow-private.h"

/**
 * RillFlow:
 *
 * A cold stream of values of one type, kotlinx's `Flow`.
 *
 * A flow made with [ctor@Flow.new] runs its producer afresh for every
 * [method@Flow.collect], in the collecting coroutine: nothing happens until
 * someone collects, and two collections see two runs. Every value the
 * producer emits goes straight to the collector, which runs inside the
 * producer's [method@FlowEmitter.emit] call, so a slow collector slows the
 * producer down and no value is ever buffered or lost.
 *
 * Errors travel as in kotlinx: a producer that fails ends the collection
 * with its error; a collector that fails makes the producer's emit return
 * %FALSE with that error, and the collection reports it even if the
 * producer ignores it (exception transparency). Cancelling the collecting
 * coroutine makes the next emission return %FALSE with
 * %G_IO_ERROR_CANCELLED.
 *
 * Operators such as [method@Flow.map] return new flows; terminal operators
 * such as [method@Flow.first] collect. #RillFlow is derivable: hot flows
 * derive from it and implement the `collect` virtual function, so they are
 * collected like any flow.
 */

typedef struct
{
  GType             value_type;
  RillFlowProducer  producer;
  gpointer          user_data;
  GDestroyNotify    destroy;
} RillFlowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RillFlow, rill_flow, G_TYPE_OBJECT)

#define PRIV(self) ((RillFlowPrivate *) rill_flow_get_instance_private (RILL_FLOW (self)))

enum {
  PROP_0,
  PROP_VALUE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
rill_flow_real_collect (RillFlow         *self,
                        RillCollectFunc   func,
                        gpointer          user_data,
                        GError          **error)
{
  RillFlowPrivate *priv = PRIV (self);
  RillFlowEmitter *emitter;
  GError *local = NULL;
  gboolean ok;

  if (priv->producer == NULL)
    return TRUE;

  emitter = rill_flow_emitter_new (priv->value_type, rill_coroutine_current (), func, user_data);
  ok = priv->producer (emitter, priv->user_data, &local);
  return rill_flow_emitter_finish (emitter, ok, local, error);
}

static void
rill_flow_finalize (GObject *object)
{
  RillFlowPrivate *priv = PRIV (object);

  if (priv->destroy != NULL)
    priv->destroy (priv->user_data);

  G_OBJECT_CLASS (rill_flow_parent_class)->finalize (object);
}

static void
rill_flow_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      g_value_set_gtype (value, PRIV (object)->value_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_flow_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      PRIV (object)->value_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_flow_constructed (GObject *object)
{
  G_OBJECT_CLASS (rill_flow_parent_class)->constructed (object);

  if (PRIV (object)->value_type == G_TYPE_NONE)
    g_critical ("RillFlow: a flow needs a value type");
}

static void
rill_flow_class_init (RillFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rill_flow_finalize;
  object_class->get_property = rill_flow_get_property;
  object_class->set_property = rill_flow_set_property;
  object_class->constructed = rill_flow_constructed;

  klass->collect = rill_flow_real_collect;

  /**
   * RillFlow:value-type:
   *
   * The type of the values of the flow, fixed when it is created.
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_flow_init (RillFlow *self)
{
  PRIV (self)->value_type = G_TYPE_NONE;
}

static gboolean
value_type_is_valid (GType type)
{
  return type != G_TYPE_INVALID && type != G_TYPE_NONE && G_TYPE_IS_VALUE_TYPE (type);
}

/**
 * rill_flow_new:
 * @value_type: the type of the values
 * @producer: (scope notified) (closure user_data) (destroy destroy): the
 *   body, run for every collection
 * @user_data: data for @producer
 * @destroy: (nullable): called on @user_data when the flow is finalized
 *
 * Creates a cold flow, kotlinx's `flow { … }`: every [method@Flow.collect]
 * runs @producer in the collecting coroutine, and every value it emits with
 * [method@FlowEmitter.emit] goes to the collector right away.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_new (GType             value_type,
               RillFlowProducer  producer,
               gpointer          user_data,
               GDestroyNotify    destroy)
{
  RillFlow *self;
  RillFlowPrivate *priv;

  g_return_val_if_fail (value_type_is_valid (value_type), NULL);
  g_return_val_if_fail (producer != NULL, NULL);

  self = g_object_new (RILL_TYPE_FLOW, "value-type", value_type, NULL);
  priv = PRIV (self);
  priv->producer = producer;
  priv->user_data = user_data;
  priv->destroy = destroy;
  return self;
}

/**
 * rill_flow_empty:
 * @value_type: the type the values would have
 *
 * A flow that completes at once without a value, kotlinx's `emptyFlow()`.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_empty (GType value_type)
{
  g_return_val_if_fail (value_type_is_valid (value_type), NULL);

  return g_object_new (RILL_TYPE_FLOW, "value-type", value_type, NULL);
}

typedef struct
{
  guint  n_values;
  GValue values[];
} Values;

static void
values_free (gpointer data)
{
  Values *v = data;

  for (guint i = 0; i < v->n_values; i++)
    g_value_unset (&v->values[i]);
  g_free (v);
}

static gboolean
values_produce (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  Values *v = user_data;

  for (guint i = 0; i < v->n_values; i++)
    if (!rill_flow_emitter_emit (emitter, &v->values[i], error))
      return FALSE;
  return TRUE;
}

/**
 * rill_flow_of_values:
 * @value_type: the type of the values
 * @values: (array length=n_values) (nullable): the values, of @value_type
 * @n_values: the number of @values
 *
 * A flow of copies of @values, in order, kotlinx's `flowOf (…)`.
 *
 * Returns: (transfer full): the flow
 */
RillFlow *
rill_flow_of_values (GType         value_type,
                     const GValue *values,
                     guint         n_values)
{
  Values *v;

  g_return_val_if_fail (value_type_is_valid (value_type), NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);

  for (guint i = 0; i < n_values; i++)
    if (!G_IS_VALUE (&values[i]) || !g_type_is_a (G_VALUE_TYPE (&values[i]), value_type))
      {
        g_critical ("rill_flow_of_values: value %u is not a '%s'", i, g_type_name (value_type));
        return NULL;
      }

  v = g_malloc0 (sizeof (Values) + n_values * sizeof (GValue));
  v->n_values = n_values;
  for (guint i = 0; i < n_values; i++)
    {
      g_value_init (&v->values[i], value_type);
      g_value_copy (&values[i], &v->values[i]);
    }
  return rill_flow_new (value_type, values_produce, v, values_free);
}

/**
 * rill_flow_get_value_type:
 * @self: a flow
 *
 * The type of the values of @self.
 *
 * Returns: the value type
 */
GType
rill_flow_get_value_type (RillFlow *self)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), G_TYPE_INVALID);

  return PRIV (self)->value_type;
}

/**
 * rill_flow_collect:
 * @self: a flow
 * @func: (scope call) (closure user_data): called with every value
 * @user_data: data for @func
 * @error: return location for the error the collection failed with
 *
 * Collects @self, kotlinx's `collect`: runs the flow (its producer, for a
 * cold one) in the calling coroutine and calls @func with every value, in
 * order. Returns when the flow completes. Must be called from a coroutine.
 *
 * Returns: %TRUE when the flow completed; %FALSE with @error set when the
 *   flow failed, @func failed (its error) or the coroutine was cancelled
 *   (%G_IO_ERROR_CANCELLED)
 */
gboolean
rill_flow_collect (RillFlow         *self,
                   RillCollectFunc   func,
                   gpointer          user_data,
                   GError          **error)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rill_coroutine_require ("rill_flow_collect") == NULL)
    return FALSE;
  return RILL_FLOW_GET_CLASS (self)->collect (self, func, user_data, error);
}

/* ------------------------------------------------------------------------ */

G_DEFINE_QUARK (rill-flow-abort-quark, rill_flow_abort)

gint
rill_flow_abort_new_owner (void)
{
  static gint last;

  return (g_atomic_int_add (&last, 1) & 0x3fffffff) + 1;
}

gboolean
rill_flow_abort_set (GError **error,
                     gint     owner)
{
  g_set_error_literal (error, RILL_FLOW_ABORT, owner, "Flow was aborted, no more elements needed");
  return FALSE;
}

gboolean
rill_flow_abort_is_owned (const GError *error,
                          gint          owner)
{
  return error != NULL && error->domain == RILL_FLOW_ABORT && error->code == owner;
}

gboolean
rill_flow_type_is_plain (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_BOOLEAN:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_ENUM:
    case G_TYPE_FLAGS:
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
      return TRUE;
    default:
      return FALSE;
    }
}
