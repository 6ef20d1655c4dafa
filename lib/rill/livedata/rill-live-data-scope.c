/* rill-live-data-scope.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "rill-context.h"
#include "rill-coroutine.h"
#include "rill-live-data-builder-private.h"
#include "rill-live-data-private.h"
#include "rill-scope.h"

/**
 * RillLiveDataScope:
 *
 * What the block of [func@LiveData.build] gets, androidx's `LiveDataScope`:
 * it emits values to the live data being built.
 *
 * Each run of the block has its own scope. [method@LiveDataScope.get_scope]
 * is the coroutine scope of that run: coroutines launched in it are children
 * of the block, cancelled with it when the live data has been inactive for
 * the timeout.
 *
 * The emitting functions may be called from the block or from its children,
 * on any thread: the value is set on the main thread, and a call from
 * another thread suspends until it is. Once the block is cancelled, they set
 * nothing and return %FALSE (androidx ignores values emitted by a cancelled
 * block).
 */

struct _RillLiveDataScope
{
  gint       ref_count;   /* atomic */
  GType      value_type;
  RillScope *scope;
  GWeakRef   target;
};

G_DEFINE_BOXED_TYPE (RillLiveDataScope, rill_live_data_scope, rill_live_data_scope_ref, rill_live_data_scope_unref)

RillLiveDataScope *
rill_live_data_scope_new (RillScope             *scope,
                          RillCoroutineLiveData *target)
{
  RillLiveDataScope *self = g_new0 (RillLiveDataScope, 1);

  self->ref_count = 1;
  self->value_type = rill_live_data_get_value_type (RILL_LIVE_DATA (target));
  self->scope = rill_scope_ref (scope);
  g_weak_ref_init (&self->target, target);
  return self;
}

/**
 * rill_live_data_scope_ref:
 * @self: a live data scope
 *
 * Takes a reference on @self, for a child coroutine that emits after the
 * block returned.
 *
 * Returns: (transfer full): @self
 */
RillLiveDataScope *
rill_live_data_scope_ref (RillLiveDataScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_live_data_scope_unref:
 * @self: (transfer full): a live data scope
 *
 * Drops a reference on @self.
 */
void
rill_live_data_scope_unref (RillLiveDataScope *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  rill_scope_unref (self->scope);
  g_weak_ref_clear (&self->target);
  g_free (self);
}

/**
 * rill_live_data_scope_get_scope:
 * @self: a live data scope
 *
 * The coroutine scope of this run of the block, to launch children in.
 *
 * Returns: (transfer none): the scope of the block's coroutine
 */
RillScope *
rill_live_data_scope_get_scope (RillLiveDataScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->scope;
}

static gboolean
check_in_coroutine (const char *func)
{
  if (G_LIKELY (rill_in_coroutine ()))
    return TRUE;
  g_critical ("%s: it suspends, so it is called from the block's coroutine or its children", func);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* emit                                                                     */

typedef struct
{
  RillLiveDataScope *self;
  const GValue      *value;
  gboolean           emitted;
  RillLiveData      *source;
  RillDisposable    *disposable;
  GValue            *latest;
  gboolean           has_latest;
} MainCall;

static gboolean
emit_on_main (MainCall *call)
{
  g_autoptr(RillCoroutineLiveData) target = NULL;

  /* withContext checks for cancellation before it runs its block. */
  if (!rill_is_active ())
    return FALSE;
  target = g_weak_ref_get (&call->self->target);
  if (target == NULL)
    return FALSE;

  rill_coroutine_live_data_clear_source (target);
  rill_live_data_set_value_internal (RILL_LIVE_DATA (target), call->value, "rill_live_data_scope_emit");
  call->emitted = TRUE;
  return TRUE;
}

static gboolean
emit_block (RillScope  *scope,
            GValue     *result,
            gpointer    user_data,
            GError    **error)
{
  emit_on_main (user_data);
  return TRUE;
}

/* Runs @block on the main thread: at once when already there, as
 * Dispatchers.Main.immediate does, or through rill_with_context(). */
static gboolean
on_main (RillAsyncBlock  block,
         MainCall       *call)
{
  g_auto(GValue) unused = G_VALUE_INIT;

  if (rill_live_data_is_main_thread ())
    return block (NULL, &unused, call, NULL);
  return rill_with_context (rill_context_main_immediate (), block, &unused, call, NULL);
}

/**
 * rill_live_data_scope_emit:
 * @self: a live data scope
 * @value: the value; of the live data's value type
 *
 * Sets the live data's value, androidx's `emit`: on the main thread, where it
 * is delivered to the observers before this returns; from another thread it
 * suspends until that is done. A source added with
 * [method@LiveDataScope.emit_source] is removed first.
 *
 * Must be called from a coroutine (the block or one of its children).
 *
 * Returns: %TRUE if the value was set; %FALSE when the block was cancelled
 *   (or the live data finalized): nothing was set, and the block should
 *   return
 */
gboolean
rill_live_data_scope_emit (RillLiveDataScope *self,
                           const GValue      *value)
{
  MainCall call = { 0, };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  if (!check_in_coroutine ("rill_live_data_scope_emit"))
    return FALSE;
  if (!rill_live_data_type_accepts (self->value_type, value))
    {
      g_critical ("rill_live_data_scope_emit: a value of type '%s' cannot be emitted to a live data of type '%s'",
                  g_type_name (G_VALUE_TYPE (value)), g_type_name (self->value_type));
      return FALSE;
    }

  call.self = self;
  call.value = value;
  on_main (emit_block, &call);
  return call.emitted;
}

#define EMIT_PLAIN(self, gtype, field, v)                         \
  G_STMT_START {                                                  \
    GValue plain_ = G_VALUE_INIT;                                 \
    plain_.g_type = (gtype);                                      \
    plain_.data[0].field = (v);                                   \
    return rill_live_data_scope_emit ((self), &plain_);           \
  } G_STMT_END

/**
 * rill_live_data_scope_emit_boolean:
 * @self: a live data scope of a boolean live data
 * @value: the value
 *
 * [method@LiveDataScope.emit] for a boolean.
 *
 * Returns: %TRUE if the value was set, %FALSE when the block was cancelled
 */
gboolean
rill_live_data_scope_emit_boolean (RillLiveDataScope *self,
                                   gboolean           value)
{
  EMIT_PLAIN (self, G_TYPE_BOOLEAN, v_int, value != FALSE);
}

/**
 * rill_live_data_scope_emit_int:
 * @self: a live data scope of an integer live data
 * @value: the value
 *
 * [method@LiveDataScope.emit] for an integer.
 *
 * Returns: %TRUE if the value was set, %FALSE when the block was cancelled
 */
gboolean
rill_live_data_scope_emit_int (RillLiveDataScope *self,
                               int                value)
{
  EMIT_PLAIN (self, G_TYPE_INT, v_int, value);
}

/**
 * rill_live_data_scope_emit_double:
 * @self: a live data scope of a double live data
 * @value: the value
 *
 * [method@LiveDataScope.emit] for a double.
 *
 * Returns: %TRUE if the value was set, %FALSE when the block was cancelled
 */
gboolean
rill_live_data_scope_emit_double (RillLiveDataScope *self,
                                  double             value)
{
  EMIT_PLAIN (self, G_TYPE_DOUBLE, v_double, value);
}

/**
 * rill_live_data_scope_emit_string:
 * @self: a live data scope of a string live data
 * @value: (nullable): the value, copied
 *
 * [method@LiveDataScope.emit] for a string.
 *
 * Returns: %TRUE if the value was set, %FALSE when the block was cancelled
 */
gboolean
rill_live_data_scope_emit_string (RillLiveDataScope *self,
                                  const char        *value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, value);
  return rill_live_data_scope_emit (self, &v);
}

/**
 * rill_live_data_scope_emit_object:
 * @self: a live data scope of an object live data
 * @value: (type GObject) (nullable): the value; the live data takes a
 *   reference
 *
 * [method@LiveDataScope.emit] for an object.
 *
 * Returns: %TRUE if the value was set, %FALSE when the block was cancelled
 */
gboolean
rill_live_data_scope_emit_object (RillLiveDataScope *self,
                                  gpointer           value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value == NULL || G_IS_OBJECT (value), FALSE);

  g_value_init (&v, value != NULL ? G_OBJECT_TYPE (value) : G_TYPE_OBJECT);
  g_value_set_object (&v, value);
  return rill_live_data_scope_emit (self, &v);
}

/* ------------------------------------------------------------------------ */
/* emit_source                                                              */

static gboolean
emit_source_block (RillScope  *scope,
                   GValue     *result,
                   gpointer    user_data,
                   GError    **error)
{
  MainCall *call = user_data;
  g_autoptr(RillCoroutineLiveData) target = NULL;

  if (!rill_is_active ())
    return TRUE;
  target = g_weak_ref_get (&call->self->target);
  if (target != NULL)
    call->disposable = rill_coroutine_live_data_emit_source (target, call->source);
  return TRUE;
}

/**
 * rill_live_data_scope_emit_source:
 * @self: a live data scope
 * @source: a live data whose values of the live data's value type (or a
 *   type derived from it) become the live data's values
 *
 * Makes the live data follow @source, androidx's `emitSource`: every value
 * of @source is set on the live data (as by
 * [method@MediatorLiveData.add_source]), until the next
 * [method@LiveDataScope.emit] or [method@LiveDataScope.emit_source], which
 * remove it, or until the returned handle is disposed. The source added by
 * a previous call is removed first. Like [method@LiveDataScope.emit], it runs
 * on the main thread and suspends when called from another thread.
 *
 * Returns: (transfer full) (nullable): a handle whose
 *   [method@Disposable.dispose] removes @source (at once on the main thread,
 *   soon from another thread); %NULL when the block was cancelled, and
 *   nothing was added
 */
RillDisposable *
rill_live_data_scope_emit_source (RillLiveDataScope *self,
                                  RillLiveData      *source)
{
  MainCall call = { 0, };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (RILL_IS_LIVE_DATA (source), NULL);

  if (!check_in_coroutine ("rill_live_data_scope_emit_source"))
    return NULL;
  if (!g_type_is_a (rill_live_data_get_value_type (source), self->value_type))
    {
      g_critical ("rill_live_data_scope_emit_source: the values of %s %p are of type '%s', "
                  "not of the live data's type '%s'",
                  G_OBJECT_TYPE_NAME (source), source,
                  g_type_name (rill_live_data_get_value_type (source)), g_type_name (self->value_type));
      return NULL;
    }

  call.self = self;
  call.source = source;
  on_main (emit_source_block, &call);
  return call.disposable;
}

/* ------------------------------------------------------------------------ */
/* latestValue                                                              */

static gboolean
latest_value_block (RillScope  *scope,
                    GValue     *result,
                    gpointer    user_data,
                    GError    **error)
{
  MainCall *call = user_data;
  g_autoptr(RillLiveData) target = g_weak_ref_get (&call->self->target);

  if (target != NULL)
    call->has_latest = rill_live_data_get_value (target, call->latest);
  return TRUE;
}

/**
 * rill_live_data_scope_get_latest_value:
 * @self: a live data scope
 * @value: (out caller-allocates): a zero-filled #GValue (`G_VALUE_INIT`),
 *   initialised to the live data's value type and set to its value
 *
 * The live data's current value, androidx's `latestValue`: the last value
 * emitted, by this run or a previous one that was cancelled, or the last
 * value of an emitted source. A block restarted after its cancellation uses
 * it to go on where it was.
 *
 * On the main thread it returns at once; from another thread (in a
 * coroutine) it suspends while the value is read on the main thread.
 *
 * Returns: %TRUE if the live data has a value; %FALSE (with @value holding
 *   the type's default) if it never had one
 */
gboolean
rill_live_data_scope_get_latest_value (RillLiveDataScope *self,
                                       GValue            *value)
{
  MainCall call = { 0, };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value != NULL && G_VALUE_TYPE (value) == G_TYPE_INVALID, FALSE);

  g_value_init (value, self->value_type);
  call.self = self;
  call.latest = value;
  if (rill_live_data_is_main_thread ())
    latest_value_block (NULL, NULL, &call, NULL);
  else if (check_in_coroutine ("rill_live_data_scope_get_latest_value"))
    {
      g_auto(GValue) unused = G_VALUE_INIT;

      rill_with_context (rill_context_main_immediate (), latest_value_block, &unused, &call, NULL);
    }
  return call.has_latest;
}
