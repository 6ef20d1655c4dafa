/* rill-flow-emitter.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-flow-private.h"

/**
 * RillFlowEmitter:
 *
 * What a flow's producer emits into, kotlinx's `FlowCollector` as the
 * `flow { … }` block sees it. Each collection has its own emitter, valid
 * while the collection runs; a producer that keeps it longer (to find out
 * that the collection ended) takes a reference.
 *
 * [method@FlowEmitter.emit] runs the collector at once, in the calling
 * coroutine: no thread hop, no queue. It enforces the flow's rules, as
 * kotlinx's `SafeCollector` does:
 *
 * - values are emitted from the collecting coroutine only, never from a
 *   coroutine launched by the producer or from another thread;
 * - nothing is emitted after the collection ended;
 * - once the collector failed, the producer stops: a new emission is refused
 *   (exception transparency), and the collection reports the collector's
 *   error whatever the producer returns;
 * - a cancelled coroutine emits nothing: emit returns %FALSE with
 *   %G_IO_ERROR_CANCELLED.
 */

G_DEFINE_BOXED_TYPE (RillFlowEmitter, rill_flow_emitter, rill_flow_emitter_ref, rill_flow_emitter_unref)

RillFlowEmitter *
rill_flow_emitter_new (GType            value_type,
                       RillCoroutine   *co,
                       RillCollectFunc  func,
                       gpointer         user_data)
{
  RillFlowEmitter *self = g_new0 (RillFlowEmitter, 1);

  self->ref_count = 1;
  self->value_type = value_type;
  self->co = co;
  self->func = func;
  self->user_data = user_data;
  return self;
}

/**
 * rill_flow_emitter_ref:
 * @self: an emitter
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillFlowEmitter *
rill_flow_emitter_ref (RillFlowEmitter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_flow_emitter_unref:
 * @self: (transfer full): an emitter
 *
 * Drops a reference on @self.
 */
void
rill_flow_emitter_unref (RillFlowEmitter *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_clear_error (&self->failure);
  g_free (self);
}

/**
 * rill_flow_emitter_get_value_type:
 * @self: an emitter
 *
 * The type of the values @self takes: the value type of the flow.
 *
 * Returns: the value type
 */
GType
rill_flow_emitter_get_value_type (RillFlowEmitter *self)
{
  g_return_val_if_fail (self != NULL, G_TYPE_INVALID);

  return self->value_type;
}

gboolean
rill_flow_emitter_failed (RillFlowEmitter  *self,
                          GError           *local,
                          GError          **error)
{
  if (local == NULL)
    {
      g_critical ("A flow collector returned FALSE without setting an error");
      local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The flow collector failed without an error"));
    }
  if (self->failure == NULL)
    self->failure = g_error_copy (local);
  g_propagate_error (error, local);
  return FALSE;
}

gboolean
rill_flow_emitter_finish (RillFlowEmitter  *self,
                          gboolean          ok,
                          GError           *local,
                          GError          **error)
{
  gboolean result = FALSE;

  self->done = TRUE;
  if (self->failure != NULL)
    {
      g_clear_error (&local);
      g_propagate_error (error, g_steal_pointer (&self->failure));
    }
  else if (ok)
    {
      g_clear_error (&local);
      result = TRUE;
    }
  else if (local != NULL)
    g_propagate_error (error, local);
  else if (!rill_coroutine_check_active (self->co))
    g_propagate_error (error, rill_cancelled_error_new ());
  else
    {
      g_critical ("A flow producer returned FALSE without setting an error");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The flow failed without an error"));
    }
  rill_flow_emitter_unref (self);
  return result;
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT, message);
  return FALSE;
}

/* The rare cases, out of the way of the common one. */
static G_NO_INLINE gboolean
emit_checked (RillFlowEmitter  *self,
              const GValue     *value,
              GError          **error)
{
  if (self->done)
    {
      g_critical ("rill_flow_emitter_emit: flow invariant is violated: "
                  "emission after the collection ended");
      return refuse (error, _("A value was emitted after the flow’s collection ended"));
    }
  if (self->co != rill_coroutine_current ())
    {
      g_critical ("rill_flow_emitter_emit: flow invariant is violated: "
                  "emission from another coroutine than the collecting one; "
                  "use a channel-based flow to emit from other coroutines");
      return refuse (error, _("A value was emitted from another coroutine than the one collecting the flow"));
    }
  if (self->cause != NULL)
    {
      /* on_completion after a failure: the flow is over, emitting re-raises
       * the cause, as kotlinx's ThrowingCollector does. */
      g_propagate_error (error, g_error_copy (self->cause));
      return FALSE;
    }
  if (self->failure != NULL)
    {
      g_critical ("rill_flow_emitter_emit: flow exception transparency is violated: "
                  "a previous emission failed with “%s”, and the producer emitted again",
                  self->failure->message);
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  if (self->cancelled)
    {
      g_critical ("rill_flow_emitter_emit: flow exception transparency is violated: "
                  "a previous emission was refused for a cancellation, and the producer emitted again");
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }
  if (!g_type_is_a (G_VALUE_TYPE (value), self->value_type))
    {
      GError *local;

      g_critical ("rill_flow_emitter_emit: a value of type '%s' was emitted into a flow of '%s'",
                  G_VALUE_TYPE_NAME (value), g_type_name (self->value_type));
      local = g_error_new (RILL_FLOW_ERROR, RILL_FLOW_ERROR_INVARIANT,
                           _("A value of type “%s” was emitted into a flow of “%s”"),
                           G_VALUE_TYPE_NAME (value), g_type_name (self->value_type));
      self->failure = g_error_copy (local);
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!rill_coroutine_check_active (self->co))
    {
      /* Not the collector's error: the producer's outcome stays its own (a
       * with_timeout around emissions may turn it into a time-out), but it
       * must not emit again, as kotlinx's SafeCollector remembers. */
      self->cancelled = TRUE;
      g_propagate_error (error, rill_cancelled_error_new ());
      return FALSE;
    }
  return rill_flow_emitter_deliver (self, value, error);
}

/**
 * rill_flow_emitter_emit:
 * @self: the emitter the producer was given
 * @value: the value, of the flow's value type
 * @error: return location for the error the collection failed with
 *
 * Emits @value, kotlinx's `emit`: runs the collector on it at once, in the
 * calling coroutine, and returns when it is done with it. It suspends when
 * the collector does.
 *
 * Must be called from the coroutine that collects the flow (the one the
 * producer runs in), while the collection runs; any other call is refused
 * with a critical and %RILL_FLOW_ERROR_INVARIANT.
 *
 * Returns: %TRUE when the collector took the value; %FALSE with @error set
 *   when it failed, the coroutine was cancelled (%G_IO_ERROR_CANCELLED) or
 *   the downstream needs no more values: the producer should then stop and
 *   return %FALSE, passing @error on
 */
gboolean
rill_flow_emitter_emit (RillFlowEmitter  *self,
                        const GValue     *value,
                        GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value != NULL && G_VALUE_TYPE (value) != G_TYPE_INVALID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (G_LIKELY (!self->done && self->failure == NULL && self->cause == NULL && !self->cancelled
                && G_VALUE_TYPE (value) == self->value_type
                && self->co == rill_coroutine_current ()
                && !rill_job_is_cancelled_fast (self->co->current_job)))
    return rill_flow_emitter_deliver (self, value, error);
  return emit_checked (self, value, error);
}

#define DEFINE_EMIT_PLAIN(suffix, ctype, gtype, setter)                        \
gboolean                                                                      \
rill_flow_emitter_emit_##suffix (RillFlowEmitter  *self,                      \
                                 ctype             value,                     \
                                 GError          **error)                     \
{                                                                             \
  GValue v = G_VALUE_INIT;                                                    \
                                                                              \
  g_return_val_if_fail (self != NULL, FALSE);                                 \
                                                                              \
  /* Nothing to free: the value can stay on the stack. */                     \
  g_value_init (&v, gtype);                                                   \
  setter (&v, value);                                                         \
  return rill_flow_emitter_emit (self, &v, error);                            \
}

/**
 * rill_flow_emitter_emit_int:
 * @self: the emitter the producer was given
 * @value: the value
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of %G_TYPE_INT.
 *
 * Returns: as [method@FlowEmitter.emit]
 */
DEFINE_EMIT_PLAIN (int, int, G_TYPE_INT, g_value_set_int)

/**
 * rill_flow_emitter_emit_int64:
 * @self: the emitter the producer was given
 * @value: the value
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of %G_TYPE_INT64.
 *
 * Returns: as [method@FlowEmitter.emit]
 */
DEFINE_EMIT_PLAIN (int64, gint64, G_TYPE_INT64, g_value_set_int64)

/**
 * rill_flow_emitter_emit_double:
 * @self: the emitter the producer was given
 * @value: the value
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of %G_TYPE_DOUBLE.
 *
 * Returns: as [method@FlowEmitter.emit]
 */
DEFINE_EMIT_PLAIN (double, double, G_TYPE_DOUBLE, g_value_set_double)

/**
 * rill_flow_emitter_emit_boolean:
 * @self: the emitter the producer was given
 * @value: the value
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of %G_TYPE_BOOLEAN.
 *
 * Returns: as [method@FlowEmitter.emit]
 */
DEFINE_EMIT_PLAIN (boolean, gboolean, G_TYPE_BOOLEAN, g_value_set_boolean)

/**
 * rill_flow_emitter_emit_string:
 * @self: the emitter the producer was given
 * @value: (nullable): the string
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of %G_TYPE_STRING. The string is not
 * copied: the collector gets it for the time of the call, and copies it if
 * it keeps it.
 *
 * Returns: as [method@FlowEmitter.emit]
 */
gboolean
rill_flow_emitter_emit_string (RillFlowEmitter  *self,
                               const char       *value,
                               GError          **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Static: the value lives only for the call, so the caller's string can
   * be lent instead of copied. */
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, value);
  return rill_flow_emitter_emit (self, &v, error);
}

/**
 * rill_flow_emitter_emit_object:
 * @self: the emitter the producer was given
 * @value: (type GObject) (nullable): the object, an instance of the flow's
 *   value type
 * @error: return location for the error the collection failed with
 *
 * [method@FlowEmitter.emit] for a flow of objects (or interfaces).
 *
 * Returns: as [method@FlowEmitter.emit]
 */
gboolean
rill_flow_emitter_emit_object (RillFlowEmitter  *self,
                               gpointer          value,
                               GError          **error)
{
  GValue v = G_VALUE_INIT;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value == NULL || G_IS_OBJECT (value), FALSE);

  /* The object's own type: emit refuses one that is not a value type's. */
  if (value != NULL)
    g_value_init (&v, G_OBJECT_TYPE (value));
  else if (G_TYPE_IS_OBJECT (self->value_type) || G_TYPE_IS_INTERFACE (self->value_type))
    g_value_init (&v, self->value_type);
  else
    g_value_init (&v, G_TYPE_OBJECT);
  g_value_set_object (&v, value);
  ok = rill_flow_emitter_emit (self, &v, error);
  g_value_unset (&v);
  return ok;
}
