/* rill-shared-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-hot-flow-private.h"

/**
 * RillSharedFlow:
 *
 * A hot flow, kotlinx's `SharedFlow`: its values exist whether anyone
 * collects them or not, and every collector sees the values emitted while
 * it collects (and first the replay cache, see
 * [method@SharedFlow.get_replay_cache]).
 *
 * A shared flow is collected like any [class@Flow], but its collection
 * never completes: [method@Flow.collect] returns only when the collecting
 * coroutine is cancelled (%FALSE with %G_IO_ERROR_CANCELLED) or when the
 * collector fails (%FALSE with its error). Operators that stop early, such
 * as [method@Flow.take] or [method@Flow.first], end it as they end any flow.
 *
 * Each collector is a coroutine suspended in [method@Flow.collect]: a new
 * value resumes it on its own dispatcher, the emitter never runs collectors
 * itself.
 *
 * Subclasses are [class@MutableSharedFlow], [class@StateFlow] and
 * [class@MutableStateFlow].
 */

typedef struct
{
  gint                  lock;
  int                   n_subscribers;
  RillMutableStateFlow *subscription_count;
  RillSharedFlow       *delegate;   /* a read-only view's flow, which counts */
} RillSharedFlowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RillSharedFlow, rill_shared_flow, RILL_TYPE_FLOW)

#define PRIV(self) ((RillSharedFlowPrivate *) rill_shared_flow_get_instance_private (RILL_SHARED_FLOW (self)))

static GPtrArray *
rill_shared_flow_real_get_replay_cache (RillSharedFlow *self)
{
  return g_ptr_array_new ();
}

static void
rill_shared_flow_finalize (GObject *object)
{
  g_clear_object (&PRIV (object)->subscription_count);
  g_clear_object (&PRIV (object)->delegate);

  G_OBJECT_CLASS (rill_shared_flow_parent_class)->finalize (object);
}

static void
rill_shared_flow_class_init (RillSharedFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rill_shared_flow_finalize;
  klass->get_replay_cache = rill_shared_flow_real_get_replay_cache;
}

static void
rill_shared_flow_init (RillSharedFlow *self)
{
}

void
rill_shared_flow_subscribers_add (RillSharedFlow *self,
                                  int             delta)
{
  RillSharedFlowPrivate *priv = PRIV (self);
  RillMutableStateFlow *count;
  int n;

  rill_hot_lock (&priv->lock);
  priv->n_subscribers += delta;
  n = priv->n_subscribers;
  count = priv->subscription_count != NULL ? g_object_ref (priv->subscription_count) : NULL;
  rill_hot_unlock (&priv->lock);

  if (count == NULL)
    return;
  /* The newest count wins, whatever order racing updates finish in. */
  for (;;)
    {
      rill_mutable_state_flow_set_int (count, n);
      rill_hot_lock (&priv->lock);
      if (priv->n_subscribers == n)
        {
          rill_hot_unlock (&priv->lock);
          break;
        }
      n = priv->n_subscribers;
      rill_hot_unlock (&priv->lock);
    }
  g_object_unref (count);
}

void
rill_shared_flow_set_delegate (RillSharedFlow *self,
                               RillSharedFlow *delegate)
{
  PRIV (self)->delegate = g_object_ref (delegate);
}

int
rill_shared_flow_get_n_subscribers (RillSharedFlow *self)
{
  RillSharedFlowPrivate *priv = PRIV (self);
  int n;

  rill_hot_lock (&priv->lock);
  n = priv->n_subscribers;
  rill_hot_unlock (&priv->lock);
  return n;
}

/**
 * rill_shared_flow_get_replay_cache:
 * @self: a shared flow
 *
 * A snapshot of the values a new collector would get first, oldest first,
 * kotlinx's `replayCache`: the last value of a state flow, the replayed
 * values of a [class@MutableSharedFlow].
 *
 * Returns: (transfer full) (element-type GValue): a new array of copies of
 *   the values, freed with it
 */
GPtrArray *
rill_shared_flow_get_replay_cache (RillSharedFlow *self)
{
  g_return_val_if_fail (RILL_IS_SHARED_FLOW (self), NULL);

  return RILL_SHARED_FLOW_GET_CLASS (self)->get_replay_cache (self);
}

/**
 * rill_shared_flow_get_subscription_count:
 * @self: a shared flow
 *
 * The number of coroutines collecting @self, as a state flow of %G_TYPE_INT,
 * kotlinx's `subscriptionCount`. Like every state flow it is conflated: a
 * collector sees the newest count, not every step.
 *
 * Returns: (transfer none): the count, owned by @self
 */
RillStateFlow *
rill_shared_flow_get_subscription_count (RillSharedFlow *self)
{
  RillSharedFlowPrivate *priv;
  RillMutableStateFlow *count;

  g_return_val_if_fail (RILL_IS_SHARED_FLOW (self), NULL);

  priv = PRIV (self);
  if (priv->delegate != NULL)
    return rill_shared_flow_get_subscription_count (priv->delegate);
  rill_hot_lock (&priv->lock);
  count = priv->subscription_count;
  rill_hot_unlock (&priv->lock);
  if (count != NULL)
    return RILL_STATE_FLOW (count);

  count = rill_mutable_state_flow_new_int (0);
  rill_hot_lock (&priv->lock);
  if (priv->subscription_count == NULL)
    {
      priv->subscription_count = count;
      count = NULL;
    }
  rill_hot_unlock (&priv->lock);
  g_clear_object (&count);
  /* Counts taken before the flow existed. */
  rill_shared_flow_subscribers_add (self, 0);
  return RILL_STATE_FLOW (priv->subscription_count);
}

/* ------------------------------------------------------------------------ */

gboolean
rill_hot_value_check (GType         type,
                      const GValue *value,
                      const char   *func)
{
  if (G_LIKELY (G_VALUE_TYPE (value) == type))
    return TRUE;
  if (g_type_is_a (G_VALUE_TYPE (value), type))
    return TRUE;
  /* A GObject-typed value holding an instance of the flow's type. */
  if ((G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type))
      && G_VALUE_HOLDS_OBJECT (value)
      && (g_value_get_object (value) == NULL
          || g_type_is_a (G_OBJECT_TYPE (g_value_get_object (value)), type)))
    return TRUE;
  g_critical ("%s: a value of type '%s' does not fit a flow of '%s'",
              func, G_VALUE_TYPE_NAME (value), g_type_name (type));
  return FALSE;
}

void
rill_hot_value_copy (const GValue *src,
                     GValue       *dest)
{
  if (G_LIKELY (G_VALUE_TYPE (src) == G_VALUE_TYPE (dest)
                || g_value_type_compatible (G_VALUE_TYPE (src), G_VALUE_TYPE (dest))))
    g_value_copy (src, dest);
  else
    g_value_set_object (dest, g_value_get_object (src));
}
