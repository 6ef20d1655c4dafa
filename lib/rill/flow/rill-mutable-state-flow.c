/* rill-mutable-state-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-hot-flow-private.h"
#include "rill-state-flow-private.h"

/**
 * RillMutableStateFlow:
 *
 * A [class@StateFlow] whose value can be set, kotlinx's `MutableStateFlow`.
 *
 * Every function may be called from any thread, inside a coroutine or not:
 * a set never suspends and never runs a collector itself; it resumes the
 * collectors, each on its own dispatcher. Setting a value equal to the
 * current one (as [func@LiveData.values_equal] compares) does nothing.
 * [method@MutableStateFlow.update] changes the value atomically.
 *
 * Unlike kotlinx, where `MutableStateFlow` is also a `MutableSharedFlow`, it
 * derives only from [class@StateFlow] here (a GObject has one parent class):
 * it has no `emit`/`try_emit`; [method@MutableStateFlow.set_value] is both.
 */

struct _RillMutableStateFlow
{
  RillStateFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (RillMutableStateFlow, rill_mutable_state_flow, RILL_TYPE_STATE_FLOW)

static void
rill_mutable_state_flow_class_init (RillMutableStateFlowClass *klass)
{
}

static void
rill_mutable_state_flow_init (RillMutableStateFlow *self)
{
}

static gboolean
value_type_is_valid (GType type)
{
  return type != G_TYPE_INVALID && type != G_TYPE_NONE && G_TYPE_IS_VALUE_TYPE (type);
}

/**
 * rill_mutable_state_flow_new:
 * @initial: the initial value; its type is the flow's value type
 *
 * Creates a state flow holding a copy of @initial, kotlinx's
 * `MutableStateFlow (initial)`.
 *
 * Returns: (transfer full): the flow
 */
RillMutableStateFlow *
rill_mutable_state_flow_new (const GValue *initial)
{
  RillMutableStateFlow *self;

  g_return_val_if_fail (G_IS_VALUE (initial), NULL);
  g_return_val_if_fail (value_type_is_valid (G_VALUE_TYPE (initial)), NULL);

  self = g_object_new (RILL_TYPE_MUTABLE_STATE_FLOW, "value-type", G_VALUE_TYPE (initial), NULL);
  rill_state_flow_init_value (RILL_STATE_FLOW (self), initial);
  return self;
}

/**
 * rill_mutable_state_flow_new_int:
 * @initial: the initial value
 *
 * [ctor@MutableStateFlow.new] for a flow of %G_TYPE_INT.
 *
 * Returns: (transfer full): the flow
 */
RillMutableStateFlow *
rill_mutable_state_flow_new_int (int initial)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, initial);
  return rill_mutable_state_flow_new (&v);
}

static inline GType
value_type_of (RillMutableStateFlow *self)
{
  return rill_flow_get_value_type (RILL_FLOW (self));
}

/**
 * rill_mutable_state_flow_set_value:
 * @self: a mutable state flow
 * @value: the new value, of the flow's value type
 *
 * Sets the value, kotlinx's `value = …`: when it differs from the current
 * one, every collector is resumed to get it (a collector that is still busy
 * with an older value gets the newest one when it is done).
 */
void
rill_mutable_state_flow_set_value (RillMutableStateFlow *self,
                                   const GValue         *value)
{
  g_return_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self));
  g_return_if_fail (G_IS_VALUE (value));

  if (!rill_hot_value_check (value_type_of (self), value, G_STRFUNC))
    return;
  rill_state_flow_store (RILL_STATE_FLOW (self), NULL, value);
}

/**
 * rill_mutable_state_flow_compare_and_set:
 * @self: a mutable state flow
 * @expect: the value expected
 * @update: the new value
 *
 * Sets the value to @update only if it is @expect, atomically, kotlinx's
 * `compareAndSet`. Values are compared as [func@LiveData.values_equal]
 * does; when @update equals the current value nothing changes.
 *
 * Returns: %TRUE when the value was @expect (and is now @update)
 */
gboolean
rill_mutable_state_flow_compare_and_set (RillMutableStateFlow *self,
                                         const GValue         *expect,
                                         const GValue         *update)
{
  g_return_val_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (expect), FALSE);
  g_return_val_if_fail (G_IS_VALUE (update), FALSE);

  if (!rill_hot_value_check (value_type_of (self), expect, G_STRFUNC)
      || !rill_hot_value_check (value_type_of (self), update, G_STRFUNC))
    return FALSE;
  return rill_state_flow_store (RILL_STATE_FLOW (self), expect, update);
}

/**
 * rill_mutable_state_flow_update:
 * @self: a mutable state flow
 * @func: (scope call) (closure user_data): computes the new value from the
 *   current one
 * @user_data: data for @func
 *
 * Replaces the value with @func applied to it, atomically, kotlinx's
 * `update { … }`: when another thread changed the value while @func ran,
 * @func runs again on the newer value, so no update is lost. @func may thus
 * run more than once, and must have no side effects.
 */
void
rill_mutable_state_flow_update (RillMutableStateFlow *self,
                                RillMapFunc           func,
                                gpointer              user_data)
{
  GType type;
  g_auto(GValue) prev = G_VALUE_INIT;
  g_auto(GValue) next = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self));
  g_return_if_fail (func != NULL);

  type = value_type_of (self);
  g_value_init (&prev, type);
  g_value_init (&next, type);
  for (;;)
    {
      rill_state_flow_load (RILL_STATE_FLOW (self), &prev);
      g_value_reset (&next);
      func (&prev, &next, user_data);
      if (rill_state_flow_store (RILL_STATE_FLOW (self), &prev, &next))
        return;
    }
}

/**
 * rill_mutable_state_flow_set_int:
 * @self: a mutable state flow of %G_TYPE_INT
 * @value: the new value
 *
 * [method@MutableStateFlow.set_value] for a flow of integers.
 */
/**
 * rill_mutable_state_flow_set_boolean:
 * @self: a mutable state flow of %G_TYPE_BOOLEAN
 * @value: the new value
 *
 * [method@MutableStateFlow.set_value] for a flow of booleans.
 */
/**
 * rill_mutable_state_flow_set_double:
 * @self: a mutable state flow of %G_TYPE_DOUBLE
 * @value: the new value
 *
 * [method@MutableStateFlow.set_value] for a flow of doubles.
 */
#define DEFINE_SET_PLAIN(suffix, ctype, gtype, setter)                         \
void                                                                          \
rill_mutable_state_flow_set_##suffix (RillMutableStateFlow *self,             \
                                      ctype                 value)            \
{                                                                             \
  GValue v = G_VALUE_INIT;                                                    \
                                                                              \
  g_return_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self));                       \
                                                                              \
  g_value_init (&v, gtype);                                                   \
  setter (&v, value);                                                         \
  rill_mutable_state_flow_set_value (self, &v);                               \
}

DEFINE_SET_PLAIN (int, int, G_TYPE_INT, g_value_set_int)
DEFINE_SET_PLAIN (boolean, gboolean, G_TYPE_BOOLEAN, g_value_set_boolean)
DEFINE_SET_PLAIN (double, double, G_TYPE_DOUBLE, g_value_set_double)

/**
 * rill_mutable_state_flow_set_string:
 * @self: a mutable state flow of %G_TYPE_STRING
 * @value: (nullable): the new value, copied
 *
 * [method@MutableStateFlow.set_value] for a flow of strings.
 */
void
rill_mutable_state_flow_set_string (RillMutableStateFlow *self,
                                    const char           *value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self));

  /* Lent: the flow copies what it keeps. */
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, value);
  rill_mutable_state_flow_set_value (self, &v);
}

/**
 * rill_mutable_state_flow_set_object:
 * @self: a mutable state flow of objects
 * @value: (type GObject) (nullable): the new value, an instance of the
 *   flow's value type
 *
 * [method@MutableStateFlow.set_value] for a flow of objects.
 */
void
rill_mutable_state_flow_set_object (RillMutableStateFlow *self,
                                    gpointer              value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_STATE_FLOW (self));
  g_return_if_fail (value == NULL || G_IS_OBJECT (value));

  g_value_init (&v, value != NULL ? G_OBJECT_TYPE (value) : value_type_of (self));
  g_value_set_object (&v, value);
  rill_mutable_state_flow_set_value (self, &v);
}
