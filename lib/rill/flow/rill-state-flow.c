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
#include "rill-state-deliverer-private.h"

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

  if (priv->n_parked >= RILL_STATE_DELIVERER_MIN_COLLECTORS)
    batch = rill_state_deliverer_take_batch (self, priv, version);

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
          rill_state_slots_remove (priv, s);
          rill_hot_wake_prepare (&wakes[n++], s->co, s->seq, self_co);
        }
      rill_hot_unlock (&priv->lock);
      if (batch != NULL)
        {
          rill_state_deliverer_start (batch);
          batch = NULL;
        }
      for (guint i = 0; i < n; i++)
        rill_hot_wake_up (&wakes[i]);
      if (n < WAKE_BATCH)
        return;
      rill_hot_lock (&priv->lock);
    }
}

void
rill_state_collector_failed (GError **error)
{
  if (*error == NULL)
    {
      g_critical ("A flow collector returned FALSE without setting an error");
      *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                    _("The flow collector failed without an error"));
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
    {
      rill_derived_state_flow_load (self, value);
      return;
    }
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
              rill_state_collector_failed (&local);
              break;
            }
          rill_state_slot_keep_delivered (&slot, priv->plain);
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
              rill_state_slots_push (priv, &slot);
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
                    rill_state_slots_remove (priv, &slot);
                  else if (slot.batch != NULL)
                    rill_state_batch_leave (&slot);
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
          rill_state_collector_failed (&local);
          break;
        }
      rill_state_slot_keep_delivered (&slot, priv->plain);
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
