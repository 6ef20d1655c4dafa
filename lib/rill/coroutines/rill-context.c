/* rill-context.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillContext:
 *
 * The immutable set of elements a coroutine runs with, kotlinx's
 * `CoroutineContext`: a dispatcher, a job, a name and thread-local values.
 *
 * Contexts are combined with [method@Rill.Context.plus], where the elements of
 * the right-hand side win. A coroutine inherits the context of the scope it is
 * launched in, plus the context given to the builder, plus its own job.
 */

#include "config.h"

#include <string.h>

#include "rill-context-private.h"
#include "rill-dispatcher-private.h"
#include "rill-job-private.h"

G_DEFINE_BOXED_TYPE (RillContext, rill_context, rill_context_ref, rill_context_unref)

static RillContext *
context_alloc (guint n_locals)
{
  RillContext *self = g_new0 (RillContext, 1);

  self->ref_count = 1;
  self->n_locals = n_locals;
  if (n_locals > 0)
    self->locals = g_new0 (RillThreadLocal, n_locals);
  return self;
}

RillContext *
rill_context_new_full (RillDispatcher *dispatcher,
                       RillJob        *job,
                       const char     *name)
{
  RillContext *self = context_alloc (0);

  self->dispatcher = dispatcher != NULL ? rill_dispatcher_ref (dispatcher) : NULL;
  self->job = job != NULL ? rill_job_ref (job) : NULL;
  self->name = g_strdup (name);
  return self;
}

/**
 * rill_context_new:
 * @dispatcher: (nullable): the dispatcher element
 * @name: (nullable): the name element, kotlinx's `CoroutineName`, shown by
 *   [func@Rill.debug_label]
 *
 * Creates a context with the given elements.
 *
 * Returns: (transfer full): a new context
 */
RillContext *
rill_context_new (RillDispatcher *dispatcher,
                  const char     *name)
{
  return rill_context_new_full (dispatcher, NULL, name);
}

/**
 * rill_context_new_for_job:
 * @job: the job element
 *
 * Creates a context whose only element is @job: a coroutine launched with it
 * becomes a child of @job instead of the scope's job.
 *
 * Returns: (transfer full): a new context
 */
RillContext *
rill_context_new_for_job (RillJob *job)
{
  g_return_val_if_fail (job != NULL, NULL);

  return rill_context_new_full (NULL, job, NULL);
}

/**
 * rill_context_new_thread_local: (skip)
 * @key: a #GPrivate
 * @value: the value @key holds while the coroutine runs
 *
 * Creates a thread-context element, kotlinx's `ThreadLocal.asContextElement`:
 * whenever a coroutine with this element resumes, in whatever thread, @key is
 * set to @value, and the thread's previous value is put back when it
 * suspends. A value the coroutine itself stores with g_private_set() is lost
 * at its next suspension, as in kotlinx.
 *
 * Returns: (transfer full): a new context
 */
RillContext *
rill_context_new_thread_local (GPrivate *key,
                               gpointer  value)
{
  RillContext *self;

  g_return_val_if_fail (key != NULL, NULL);

  self = context_alloc (1);
  self->locals[0].key = key;
  self->locals[0].value = value;
  return self;
}

RillContext *
rill_context_empty (void)
{
  static RillContext empty = { 0, };
  return &empty;
}

/**
 * rill_context_plus:
 * @a: (nullable): a context
 * @b: (nullable): a context whose elements win
 *
 * Combines two contexts, kotlinx's `a + b`.
 *
 * Returns: (transfer full): the combined context
 */
RillContext *
rill_context_plus (RillContext *a,
                   RillContext *b)
{
  RillContext *self;
  guint n = 0;

  if (a == NULL)
    a = rill_context_empty ();
  if (b == NULL)
    b = rill_context_empty ();

  self = context_alloc (a->n_locals + b->n_locals);
  self->dispatcher = b->dispatcher != NULL ? b->dispatcher : a->dispatcher;
  if (self->dispatcher != NULL)
    rill_dispatcher_ref (self->dispatcher);
  self->job = b->job != NULL ? b->job : a->job;
  if (self->job != NULL)
    rill_job_ref (self->job);
  self->name = g_strdup (b->name != NULL ? b->name : a->name);

  for (guint i = 0; i < a->n_locals; i++)
    {
      gboolean overridden = FALSE;
      for (guint j = 0; j < b->n_locals; j++)
        overridden |= b->locals[j].key == a->locals[i].key;
      if (!overridden)
        self->locals[n++] = a->locals[i];
    }
  for (guint j = 0; j < b->n_locals; j++)
    self->locals[n++] = b->locals[j];
  self->n_locals = n;
  return self;
}

/**
 * rill_context_ref:
 * @self: a context
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillContext *
rill_context_ref (RillContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->ref_count != 0)
    g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_context_unref:
 * @self: (transfer full): a context
 *
 * Drops a reference on @self.
 */
void
rill_context_unref (RillContext *self)
{
  g_return_if_fail (self != NULL);

  if (self->ref_count == 0)
    return;
  if (g_atomic_int_dec_and_test (&self->ref_count))
    {
      if (self->dispatcher != NULL)
        rill_dispatcher_unref (self->dispatcher);
      if (self->job != NULL)
        rill_job_unref (self->job);
      g_free (self->name);
      g_free (self->locals);
      g_free (self);
    }
}

/**
 * rill_context_get_dispatcher:
 * @self: a context
 *
 * The dispatcher element of @self.
 *
 * Returns: (transfer none) (nullable): the dispatcher element
 */
RillDispatcher *
rill_context_get_dispatcher (RillContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dispatcher;
}

/**
 * rill_context_get_job:
 * @self: a context
 *
 * The job element of @self.
 *
 * Returns: (transfer none) (nullable): the job element
 */
RillJob *
rill_context_get_job (RillContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->job;
}

/**
 * rill_context_get_name:
 * @self: a context
 *
 * The name element of @self, kotlinx's `CoroutineName`.
 *
 * Returns: (nullable): the name element
 */
const char *
rill_context_get_name (RillContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

static RillContext *
immortal_for (RillDispatcher *dispatcher,
              RillContext    *storage)
{
  storage->ref_count = 0;
  storage->dispatcher = dispatcher;
  return storage;
}

#define DEFINE_DISPATCHER_CONTEXT(fn, dispatcher_fn)                         \
RillContext *                                                                \
fn (void)                                                                    \
{                                                                            \
  static RillContext storage;                                                \
  static gsize once;                                                         \
  if (g_once_init_enter (&once))                                             \
    g_once_init_leave (&once, (gsize) immortal_for (dispatcher_fn (), &storage)); \
  return (RillContext *) once;                                               \
}

/**
 * rill_context_main:
 *
 * The context whose only element is the main dispatcher.
 *
 * Returns: (transfer none): a context holding [func@Rill.Dispatcher.main]
 */
DEFINE_DISPATCHER_CONTEXT (rill_context_main, rill_dispatcher_main)

/**
 * rill_context_main_immediate:
 *
 * The context whose only element is the immediate main dispatcher.
 *
 * Returns: (transfer none): a context holding [func@Rill.Dispatcher.main_immediate]
 */
DEFINE_DISPATCHER_CONTEXT (rill_context_main_immediate, rill_dispatcher_main_immediate)

/**
 * rill_context_default:
 *
 * The context whose only element is the Default dispatcher.
 *
 * Returns: (transfer none): a context holding [func@Rill.Dispatcher.default]
 */
DEFINE_DISPATCHER_CONTEXT (rill_context_default, rill_dispatcher_default)

/**
 * rill_context_io:
 *
 * The context whose only element is the IO dispatcher.
 *
 * Returns: (transfer none): a context holding [func@Rill.Dispatcher.io]
 */
DEFINE_DISPATCHER_CONTEXT (rill_context_io, rill_dispatcher_io)

/**
 * rill_context_unconfined:
 *
 * The context whose only element is the Unconfined dispatcher.
 *
 * Returns: (transfer none): a context holding [func@Rill.Dispatcher.unconfined]
 */
DEFINE_DISPATCHER_CONTEXT (rill_context_unconfined, rill_dispatcher_unconfined)
