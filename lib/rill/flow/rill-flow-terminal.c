/* rill-flow-terminal.c: the terminal operators
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-flow-private.h"
#include "rill-flow-terminal.h"
#include "rill-scope.h"

/* @value is zero-filled or initialised to a type the values can be copied
 * to; afterwards it holds the type's default, so it can always be unset. */
static gboolean
prepare_out (GValue     *value,
             GType       type,
             const char *func)
{
  if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
    g_value_init (value, type);
  else if (!g_value_type_compatible (type, G_VALUE_TYPE (value)))
    {
      g_critical ("%s: a value of type '%s' cannot be copied to a GValue of type '%s'",
                  func, g_type_name (type), G_VALUE_TYPE_NAME (value));
      return FALSE;
    }
  else
    g_value_reset (value);
  return TRUE;
}

typedef struct
{
  GValue           *out;
  gint              owner;
  gboolean          found;
  gboolean          several;
  RillFlowFoldFunc  func;
  gpointer          user_data;
  gboolean          plain;
  GValue            acc;
} Terminal;

/* Collects until @collect stops the flow with the terminal's own abort
 * error, which is not a failure. */
static gboolean
collect_abortable (RillFlow         *self,
                   RillCollectFunc   collect,
                   Terminal         *t,
                   GError          **error)
{
  GError *local = NULL;

  t->owner = rill_flow_abort_new_owner ();
  if (rill_flow_collect (self, collect, t, &local))
    return TRUE;
  if (rill_flow_abort_is_owned (local, t->owner))
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
first_collect (const GValue  *value,
               gpointer       data,
               GError       **error)
{
  Terminal *t = data;

  g_value_copy (value, t->out);
  t->found = TRUE;
  return rill_flow_abort_set (error, t->owner);
}

static gboolean
first (RillFlow    *self,
       GValue      *value,
       gboolean     or_null,
       const char  *func,
       GError     **error)
{
  Terminal t = { 0, };

  if (!prepare_out (value, rill_flow_get_value_type (self), func))
    return FALSE;
  t.out = value;
  if (!collect_abortable (self, first_collect, &t, error))
    {
      g_value_reset (value);
      return FALSE;
    }
  if (!t.found && !or_null)
    g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT,
                         _("The flow is empty"));
  return t.found;
}

/**
 * rill_flow_first:
 * @self: a flow
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 * @error: return location for an error
 *
 * Collects @self up to its first value, kotlinx's `first`: then @self is
 * stopped, as with [method@Flow.take]. Must be called from a coroutine.
 * A zero-filled @value is initialised to the flow's value type in every
 * case, so it can always be unset.
 *
 * Returns: %TRUE with the value in @value; %FALSE with
 *   %RILL_FLOW_ERROR_NO_SUCH_ELEMENT when @self is empty, or with the error
 *   of @self or the cancellation
 */
gboolean
rill_flow_first (RillFlow  *self,
                 GValue    *value,
                 GError   **error)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return first (self, value, FALSE, "rill_flow_first", error);
}

/**
 * rill_flow_first_or_null:
 * @self: a flow
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 * @error: return location for an error
 *
 * As [method@Flow.first], kotlinx's `firstOrNull`, except that an empty
 * flow is not an error: %FALSE is returned with @error left unset and the
 * type's default in @value.
 *
 * Returns: %TRUE with the value in @value; %FALSE when @self is empty
 *   (@error unset) or failed (@error set)
 */
gboolean
rill_flow_first_or_null (RillFlow  *self,
                         GValue    *value,
                         GError   **error)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return first (self, value, TRUE, "rill_flow_first_or_null", error);
}

static gboolean
single_collect (const GValue  *value,
                gpointer       data,
                GError       **error)
{
  Terminal *t = data;

  if (t->found)
    {
      t->several = TRUE;
      g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT,
                           _("The flow has more than one value"));
      return FALSE;
    }
  g_value_copy (value, t->out);
  t->found = TRUE;
  return TRUE;
}

static gboolean
single_or_null_collect (const GValue  *value,
                        gpointer       data,
                        GError       **error)
{
  Terminal *t = data;

  if (t->found)
    {
      t->several = TRUE;
      return rill_flow_abort_set (error, t->owner);
    }
  g_value_copy (value, t->out);
  t->found = TRUE;
  return TRUE;
}

/**
 * rill_flow_single:
 * @self: a flow
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 * @error: return location for an error
 *
 * Collects @self, which must have exactly one value, kotlinx's `single`.
 * A second value fails the collection with
 * %RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT at once (the producer's emit
 * returns it). Must be called from a coroutine.
 *
 * Returns: %TRUE with the value in @value; %FALSE with
 *   %RILL_FLOW_ERROR_NO_SUCH_ELEMENT when @self is empty,
 *   %RILL_FLOW_ERROR_MORE_THAN_ONE_ELEMENT, or the error of @self
 */
gboolean
rill_flow_single (RillFlow  *self,
                  GValue    *value,
                  GError   **error)
{
  Terminal t = { 0, };

  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_out (value, rill_flow_get_value_type (self), "rill_flow_single"))
    return FALSE;
  t.out = value;
  if (!rill_flow_collect (self, single_collect, &t, error))
    {
      g_value_reset (value);
      return FALSE;
    }
  if (!t.found)
    g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT,
                         _("The flow is empty"));
  return t.found;
}

/**
 * rill_flow_single_or_null:
 * @self: a flow
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 * @error: return location for an error
 *
 * As [method@Flow.single], kotlinx's `singleOrNull`: an empty flow, or one
 * with more than one value (stopped at the second), gives %FALSE with
 * @error unset and the type's default in @value.
 *
 * Returns: %TRUE with the value in @value; %FALSE when there was not
 *   exactly one value (@error unset) or @self failed (@error set)
 */
gboolean
rill_flow_single_or_null (RillFlow  *self,
                          GValue    *value,
                          GError   **error)
{
  Terminal t = { 0, };

  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_out (value, rill_flow_get_value_type (self), "rill_flow_single_or_null"))
    return FALSE;
  t.out = value;
  if (!collect_abortable (self, single_or_null_collect, &t, error) || t.several)
    {
      g_value_reset (value);
      return FALSE;
    }
  return t.found;
}

static void
accumulate (Terminal     *t,
            const GValue *value)
{
  GValue next = G_VALUE_INIT;

  if (t->plain)
    {
      next = t->acc;
      t->func (&t->acc, value, &next, t->user_data);
      t->acc = next;
    }
  else
    {
      g_value_init (&next, G_VALUE_TYPE (&t->acc));
      t->func (&t->acc, value, &next, t->user_data);
      g_value_unset (&t->acc);
      t->acc = next;
    }
}

static gboolean
reduce_collect (const GValue  *value,
                gpointer       data,
                GError       **error)
{
  Terminal *t = data;

  if (!t->found)
    {
      g_value_init (&t->acc, G_VALUE_TYPE (value));
      g_value_copy (value, &t->acc);
      t->found = TRUE;
      return TRUE;
    }
  accumulate (t, value);
  return TRUE;
}

/**
 * rill_flow_reduce:
 * @self: a flow
 * @func: (scope call) (closure user_data): combines the accumulated value
 *   with the next value; both are of the flow's value type
 * @user_data: data for @func
 * @result: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 * @error: return location for an error
 *
 * Collects @self and combines its values, kotlinx's `reduce`: the first
 * value is the first accumulated value, then @func folds in the others.
 * Must be called from a coroutine.
 *
 * Returns: %TRUE with the accumulated value in @result; %FALSE with
 *   %RILL_FLOW_ERROR_NO_SUCH_ELEMENT when @self is empty, or the error of
 *   @self
 */
gboolean
rill_flow_reduce (RillFlow          *self,
                  RillFlowFoldFunc   func,
                  gpointer           user_data,
                  GValue            *result,
                  GError           **error)
{
  Terminal t = { 0, };
  gboolean ok;

  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_out (result, rill_flow_get_value_type (self), "rill_flow_reduce"))
    return FALSE;
  t.out = result;
  t.func = func;
  t.user_data = user_data;
  t.plain = rill_flow_type_is_plain (rill_flow_get_value_type (self));
  ok = rill_flow_collect (self, reduce_collect, &t, error);
  if (ok && !t.found)
    {
      g_set_error_literal (error, RILL_FLOW_ERROR, RILL_FLOW_ERROR_NO_SUCH_ELEMENT,
                           _("An empty flow cannot be reduced"));
      ok = FALSE;
    }
  if (ok)
    g_value_copy (&t.acc, result);
  if (G_IS_VALUE (&t.acc))
    g_value_unset (&t.acc);
  return ok;
}

static gboolean
fold_collect (const GValue  *value,
              gpointer       data,
              GError       **error)
{
  accumulate (data, value);
  return TRUE;
}

/**
 * rill_flow_fold:
 * @self: a flow
 * @initial: the first accumulated value
 * @func: (scope call) (closure user_data): combines the accumulated value
 *   with the next value of @self
 * @user_data: data for @func
 * @result: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the type of @initial can be
 *   copied to
 * @error: return location for an error
 *
 * Collects @self and folds its values into @initial, kotlinx's `fold`. An
 * empty flow gives a copy of @initial. Must be called from a coroutine.
 *
 * Returns: %TRUE with the accumulated value in @result; %FALSE with the
 *   error of @self
 */
gboolean
rill_flow_fold (RillFlow          *self,
                const GValue      *initial,
                RillFlowFoldFunc   func,
                gpointer           user_data,
                GValue            *result,
                GError           **error)
{
  Terminal t = { 0, };
  gboolean ok;

  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (initial), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_out (result, G_VALUE_TYPE (initial), "rill_flow_fold"))
    return FALSE;
  t.func = func;
  t.user_data = user_data;
  t.plain = rill_flow_type_is_plain (G_VALUE_TYPE (initial));
  g_value_init (&t.acc, G_VALUE_TYPE (initial));
  g_value_copy (initial, &t.acc);
  ok = rill_flow_collect (self, fold_collect, &t, error);
  if (ok)
    g_value_copy (&t.acc, result);
  g_value_unset (&t.acc);
  return ok;
}

static void
value_free (gpointer data)
{
  g_value_unset (data);
  g_free (data);
}

static gboolean
to_list_collect (const GValue  *value,
                 gpointer       data,
                 GError       **error)
{
  GValue *copy = g_new0 (GValue, 1);

  g_value_init (copy, G_VALUE_TYPE (value));
  g_value_copy (value, copy);
  g_ptr_array_add (data, copy);
  return TRUE;
}

/**
 * rill_flow_to_list:
 * @self: a flow
 * @error: return location for an error
 *
 * Collects every value of @self into an array, kotlinx's `toList`. Must be
 * called from a coroutine.
 *
 * Returns: (transfer container) (element-type GValue) (nullable): the
 *   values, in order (each a #GValue the array frees); %NULL with @error set
 *   when @self failed
 */
GPtrArray *
rill_flow_to_list (RillFlow  *self,
                   GError   **error)
{
  GPtrArray *list;

  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = g_ptr_array_new_with_free_func (value_free);
  if (!rill_flow_collect (self, to_list_collect, list, error))
    g_clear_pointer (&list, g_ptr_array_unref);
  return list;
}

static gboolean
count_collect (const GValue  *value,
               gpointer       data,
               GError       **error)
{
  (*(guint64 *) data)++;
  return TRUE;
}

/**
 * rill_flow_count:
 * @self: a flow
 * @count: (out): the number of values
 * @error: return location for an error
 *
 * Collects @self and counts its values, kotlinx's `count`. Must be called
 * from a coroutine.
 *
 * Returns: %TRUE with the count; %FALSE with the error of @self (@count is
 *   then the number of values seen before)
 */
gboolean
rill_flow_count (RillFlow  *self,
                 guint64   *count,
                 GError   **error)
{
  g_return_val_if_fail (RILL_IS_FLOW (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *count = 0;
  return rill_flow_collect (self, count_collect, count, error);
}

typedef struct
{
  RillFlow        *flow;
  RillCollectFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} LaunchIn;

static void
launch_in_free (gpointer data)
{
  LaunchIn *l = data;

  if (l->destroy != NULL)
    l->destroy (l->user_data);
  g_object_unref (l->flow);
  g_free (l);
}

static gboolean
ignore_collect (const GValue  *value,
                gpointer       data,
                GError       **error)
{
  return TRUE;
}

static void
launch_in_block (RillScope *scope,
                 gpointer   data)
{
  LaunchIn *l = data;
  GError *error = NULL;

  if (rill_flow_collect (l->flow, l->func != NULL ? l->func : ignore_collect, l->user_data, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !rill_is_active ())
    {
      g_error_free (error);
      return;
    }
  /* An uncaught error fails the coroutine, and through it its parent
   * (unless a supervisor), as a failing `launch` does in kotlinx. */
  rill_job_cancel_internal (&rill_coroutine_current ()->job, error, TRUE);
}

/**
 * rill_flow_launch_in:
 * @self: a flow
 * @scope: the scope to launch the collection in
 * @func: (scope notified) (closure user_data) (destroy destroy) (nullable):
 *   called with every value, or %NULL to ignore them (for a flow whose
 *   operators do the work, such as [method@Flow.on_each])
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the collection is over
 *
 * Collects @self in a new coroutine of @scope, kotlinx's
 * `onEach (func).launchIn (scope)`. An error of the flow or of @func fails
 * that coroutine, which fails @scope's job unless it is a supervisor;
 * cancelling the job stops the collection.
 *
 * Returns: (transfer full): the job of the collection
 */
RillJob *
rill_flow_launch_in (RillFlow        *self,
                     RillScope       *scope,
                     RillCollectFunc  func,
                     gpointer         user_data,
                     GDestroyNotify   destroy)
{
  LaunchIn *l;

  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);

  l = g_new0 (LaunchIn, 1);
  l->flow = g_object_ref (self);
  l->func = func;
  l->user_data = user_data;
  l->destroy = destroy;
  return rill_launch (scope, NULL, launch_in_block, l, launch_in_free);
}
