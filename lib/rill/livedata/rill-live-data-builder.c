/* rill-live-data-builder.c: androidx's liveData {} builder
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-context.h"
#include "rill-coroutine.h"
#include "rill-dispatcher-private.h"
#include "rill-job.h"
#include "rill-live-data-builder-private.h"
#include "rill-live-data-private.h"
#include "rill-scope.h"

/* The block, shared by the live data and the coroutines that run it, which
 * may outlive it on another thread. */
typedef struct
{
  gint              ref_count;   /* atomic */
  gint              done;        /* atomic: a run completed; never run again */
  RillLiveDataBlock block;
  gpointer          user_data;
  GDestroyNotify    destroy;
} BlockData;

/* What emit_source() added, androidx's EmittedSource. */
typedef struct
{
  gint          ref_count;       /* atomic: the handle may go on any thread */
  gboolean      disposed;        /* main thread */
  GWeakRef      mediator;
  RillLiveData *source;
} EmittedSource;

struct _RillCoroutineLiveData
{
  RillMediatorLiveData  parent_instance;

  BlockData            *block_data;
  RillScope            *scope;            /* main immediate + context + supervisor */
  RillContext          *timer_context;    /* where the timeout waits */
  guint                 timeout_ms;
  RillJob              *running_job;
  RillJob              *cancellation_job;
  EmittedSource        *emitted_source;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (RillCoroutineLiveData, rill_coroutine_live_data, RILL_TYPE_MEDIATOR_LIVE_DATA)

static BlockData *
block_data_ref (BlockData *data)
{
  g_atomic_int_inc (&data->ref_count);
  return data;
}

static void
block_data_unref (BlockData *data)
{
  if (!g_atomic_int_dec_and_test (&data->ref_count))
    return;
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_free (data);
}

/* ------------------------------------------------------------------------ */
/* Emitted sources                                                          */

static EmittedSource *
emitted_source_ref (EmittedSource *emitted)
{
  g_atomic_int_inc (&emitted->ref_count);
  return emitted;
}

static void
emitted_source_unref (gpointer data)
{
  EmittedSource *emitted = data;

  if (!g_atomic_int_dec_and_test (&emitted->ref_count))
    return;
  g_weak_ref_clear (&emitted->mediator);
  g_object_unref (emitted->source);
  g_free (emitted);
}

static void
emitted_source_remove (EmittedSource *emitted)
{
  g_autoptr(RillMediatorLiveData) mediator = NULL;

  if (emitted->disposed)
    return;
  emitted->disposed = TRUE;
  mediator = g_weak_ref_get (&emitted->mediator);
  if (mediator != NULL)
    rill_mediator_live_data_remove_source (mediator, emitted->source);
}

static gboolean
emitted_source_remove_idle (gpointer data)
{
  emitted_source_remove (data);
  return G_SOURCE_REMOVE;
}

/* androidx launches the removal on Main.immediate: at once on the main
 * thread, later from elsewhere. */
static void
emitted_source_dispose (gpointer data)
{
  EmittedSource *emitted = data;
  GSource *idle;

  if (rill_live_data_is_main_thread ())
    {
      emitted_source_remove (emitted);
      return;
    }

  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, emitted_source_remove_idle, emitted_source_ref (emitted),
                         emitted_source_unref);
  g_source_set_static_name (idle, "[rill] emitted source disposal");
  g_source_attach (idle, g_main_context_default ());
  g_source_unref (idle);
}

static void
forward_value (RillLiveData *source,
               const GValue *value,
               gpointer      user_data)
{
  rill_live_data_set_value_internal (user_data, value, "rill_live_data_scope_emit_source");
}

void
rill_coroutine_live_data_clear_source (RillCoroutineLiveData *self)
{
  EmittedSource *emitted = g_steal_pointer (&self->emitted_source);

  if (emitted == NULL)
    return;
  emitted_source_remove (emitted);
  emitted_source_unref (emitted);
}

RillDisposable *
rill_coroutine_live_data_emit_source (RillCoroutineLiveData *self,
                                      RillLiveData          *source)
{
  EmittedSource *emitted;

  rill_coroutine_live_data_clear_source (self);

  emitted = g_new0 (EmittedSource, 1);
  emitted->ref_count = 1;
  g_weak_ref_init (&emitted->mediator, self);
  emitted->source = g_object_ref (source);
  rill_mediator_live_data_add_source (RILL_MEDIATOR_LIVE_DATA (self), source, forward_value, self, NULL);
  self->emitted_source = emitted;

  return rill_disposable_new (emitted_source_dispose, emitted_source_ref (emitted), emitted_source_unref);
}

/* ------------------------------------------------------------------------ */
/* BlockRunner                                                              */

typedef struct
{
  BlockData *block_data;
  GWeakRef   target;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  block_data_unref (run->block_data);
  g_weak_ref_clear (&run->target);
  g_free (run);
}

static void
run_block (RillScope *scope,
           gpointer   user_data)
{
  RunData *run = user_data;
  RillLiveDataScope *live_data_scope;

  {
    g_autoptr(RillCoroutineLiveData) target = g_weak_ref_get (&run->target);

    if (target == NULL)
      return;
    live_data_scope = rill_live_data_scope_new (scope, target);
  }

  run->block_data->block (live_data_scope, run->block_data->user_data);
  rill_live_data_scope_unref (live_data_scope);

  /* androidx's onDone: a run that returned without being cancelled
   * completed, and the block never runs again. */
  if (rill_is_active ())
    g_atomic_int_set (&run->block_data->done, 1);
}

typedef struct
{
  GWeakRef target;
  guint    timeout_ms;
} TimerData;

static void
timer_data_free (gpointer data)
{
  TimerData *timer = data;

  g_weak_ref_clear (&timer->target);
  g_free (timer);
}

static void
timeout_block (RillScope *scope,
               gpointer   user_data)
{
  TimerData *timer = user_data;
  g_autoptr(RillCoroutineLiveData) self = NULL;

  if (!rill_delay (timer->timeout_ms))
    return;

  self = g_weak_ref_get (&timer->target);
  if (self == NULL || self->disposed)
    return;
  /* One last look: an observer may have come back meanwhile. A run that
   * was already cancelled for another reason stays as it is, so that it is
   * never restarted (androidx forgets it here, and restarts it after the
   * next inactive spell, against its own documentation). */
  if (!rill_live_data_has_active_observers (RILL_LIVE_DATA (self)) && self->running_job != NULL &&
      rill_job_is_active (self->running_job))
    {
      g_autoptr(RillJob) job = g_steal_pointer (&self->running_job);

      rill_job_cancel (job);
    }
}

static void
maybe_run (RillCoroutineLiveData *self)
{
  RunData *run;

  if (g_atomic_int_get (&self->block_data->done))
    return;

  if (self->cancellation_job != NULL)
    {
      g_autoptr(RillJob) job = g_steal_pointer (&self->cancellation_job);

      rill_job_cancel (job);
    }
  if (self->running_job != NULL)
    return;

  run = g_new0 (RunData, 1);
  run->block_data = block_data_ref (self->block_data);
  g_weak_ref_init (&run->target, self);
  self->running_job = rill_launch (self->scope, NULL, run_block, run, run_data_free);
}

static void
cancel (RillCoroutineLiveData *self)
{
  TimerData *timer;

  if (g_atomic_int_get (&self->block_data->done))
    return;

  timer = g_new0 (TimerData, 1);
  g_weak_ref_init (&timer->target, self);
  timer->timeout_ms = self->timeout_ms;
  g_clear_pointer (&self->cancellation_job, rill_job_unref);
  /* With a timeout of 0 the timer runs out before rill_launch() returns, on
   * the main thread. */
  self->cancellation_job = rill_launch (self->scope, self->timer_context, timeout_block, timer, timer_data_free);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
rill_coroutine_live_data_on_active (RillLiveData *live_data)
{
  RillCoroutineLiveData *self = RILL_COROUTINE_LIVE_DATA (live_data);

  RILL_LIVE_DATA_CLASS (rill_coroutine_live_data_parent_class)->on_active (live_data);
  if (!self->disposed)
    maybe_run (self);
}

static void
rill_coroutine_live_data_on_inactive (RillLiveData *live_data)
{
  RillCoroutineLiveData *self = RILL_COROUTINE_LIVE_DATA (live_data);

  RILL_LIVE_DATA_CLASS (rill_coroutine_live_data_parent_class)->on_inactive (live_data);
  if (!self->disposed)
    cancel (self);
}

static void
rill_coroutine_live_data_dispose (GObject *object)
{
  RillCoroutineLiveData *self = RILL_COROUTINE_LIVE_DATA (object);

  if (!self->disposed)
    {
      self->disposed = TRUE;
      /* Every run and timer is a child of the supervisor. */
      if (self->scope != NULL)
        rill_scope_cancel (self->scope);
    }
  g_clear_pointer (&self->running_job, rill_job_unref);
  g_clear_pointer (&self->cancellation_job, rill_job_unref);
  g_clear_pointer (&self->emitted_source, emitted_source_unref);

  G_OBJECT_CLASS (rill_coroutine_live_data_parent_class)->dispose (object);
}

static void
rill_coroutine_live_data_finalize (GObject *object)
{
  RillCoroutineLiveData *self = RILL_COROUTINE_LIVE_DATA (object);

  g_clear_pointer (&self->scope, rill_scope_unref);
  g_clear_pointer (&self->timer_context, rill_context_unref);
  g_clear_pointer (&self->block_data, block_data_unref);

  G_OBJECT_CLASS (rill_coroutine_live_data_parent_class)->finalize (object);
}

static void
rill_coroutine_live_data_class_init (RillCoroutineLiveDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillLiveDataClass *live_data_class = RILL_LIVE_DATA_CLASS (klass);

  object_class->dispose = rill_coroutine_live_data_dispose;
  object_class->finalize = rill_coroutine_live_data_finalize;

  live_data_class->on_active = rill_coroutine_live_data_on_active;
  live_data_class->on_inactive = rill_coroutine_live_data_on_inactive;
}

static void
rill_coroutine_live_data_init (RillCoroutineLiveData *self)
{
}

/* A dispatcher on a virtual clock (a test scope's): the timeout waits there
 * too, as androidx's tests make Dispatchers.Main the test dispatcher. */
static gboolean
dispatcher_is_virtual (RillDispatcher *dispatcher)
{
  return dispatcher != NULL && dispatcher->loop != NULL && dispatcher->loop->virtual_now >= 0;
}

/**
 * rill_live_data_build:
 * @value_type: the type of the values
 * @context: (nullable): elements added to the block's context, such as a
 *   dispatcher or the job of a scope the block should belong to
 * @timeout_ms: how long the block keeps running once the live data has no
 *   active observer left, in milliseconds; [const@LIVE_DATA_DEFAULT_TIMEOUT]
 *   is androidx's default, 0 cancels at once
 * @block: (scope notified) (closure user_data) (destroy destroy): the block
 * @user_data: data for @block
 * @destroy: (nullable): called on @user_data when the live data is finalized
 *   and no run of the block is left
 *
 * Builds a live data whose values come from @block, running in a coroutine,
 * androidx's `liveData(context, timeoutInMs) { ... }`.
 *
 * - The block starts when the live data becomes active, in a coroutine
 *   whose context is [func@Rill.Context.main_immediate] plus @context plus a
 *   supervisor job, child of the job of @context if it has one: it runs on
 *   the main thread at once, unless @context names another dispatcher.
 * - It sets values with [method@LiveDataScope.emit], which suspends until the
 *   value is set on the main thread, and follows other live data with
 *   [method@LiveDataScope.emit_source].
 * - When the live data becomes inactive, the block is cancelled after
 *   @timeout_ms, unless it becomes active again before that: the
 *   cancellation is then called off, and the block goes on.
 * - When the live data becomes active again after the block was cancelled
 *   by that timeout, the block runs again from the start
 *   ([method@LiveDataScope.get_latest_value] tells where it was). A block
 *   that completed never runs again, nor does a block cancelled for any other
 *   reason (its parent job was cancelled, it cancelled itself).
 *
 * The timeout waits on the main thread, or on @context's dispatcher when
 * that is a virtual-time one (a [struct@Rill.TestScope]'s), so that tests
 * drive it with virtual time. Disposing of the live data cancels the block.
 *
 * Returns: (transfer full): the new live data
 */
RillLiveData *
rill_live_data_build (GType              value_type,
                      RillContext       *context,
                      guint              timeout_ms,
                      RillLiveDataBlock  block,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  RillCoroutineLiveData *self;
  g_autoptr(RillJob) supervisor = NULL;
  g_autoptr(RillContext) job_context = NULL;
  g_autoptr(RillContext) base = NULL;
  g_autoptr(RillContext) scope_context = NULL;
  RillDispatcher *dispatcher;

  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (block != NULL, NULL);

  self = g_object_new (RILL_TYPE_COROUTINE_LIVE_DATA, "value-type", value_type, NULL);
  self->block_data = g_new0 (BlockData, 1);
  self->block_data->ref_count = 1;
  self->block_data->block = block;
  self->block_data->user_data = user_data;
  self->block_data->destroy = destroy;
  self->timeout_ms = timeout_ms;

  /* Runs cancelled for want of observers do not cancel the job of
   * @context: they belong to a supervisor of their own. */
  supervisor = rill_supervisor_job_new (context != NULL ? rill_context_get_job (context) : NULL);
  job_context = rill_context_new_for_job (supervisor);
  base = rill_context_plus (rill_context_main_immediate (), context);
  scope_context = rill_context_plus (base, job_context);
  self->scope = rill_scope_new (scope_context);

  dispatcher = rill_context_get_dispatcher (scope_context);
  if (dispatcher_is_virtual (dispatcher))
    self->timer_context = rill_context_new (dispatcher, NULL);
  else
    self->timer_context = rill_context_ref (rill_context_main_immediate ());

  return RILL_LIVE_DATA (self);
}
