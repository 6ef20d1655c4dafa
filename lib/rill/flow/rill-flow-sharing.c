/* rill-flow-sharing.c: state_in and share_in
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "rill-flow-sharing.h"
#include "rill-hot-flow-private.h"
#include "rill-mutable-shared-flow.h"
#include "rill-scope.h"
#include "rill-sharing-started-private.h"

/* A read-only view of the shared flow share_in feeds, kotlinx's
 * ReadonlySharedFlow: collected, counted and replayed as the flow, with
 * nothing to emit with. */
#define RILL_TYPE_READONLY_SHARED_FLOW (rill_readonly_shared_flow_get_type ())
G_DECLARE_FINAL_TYPE (RillReadonlySharedFlow, rill_readonly_shared_flow, RILL, READONLY_SHARED_FLOW, RillSharedFlow)

struct _RillReadonlySharedFlow
{
  RillSharedFlow  parent_instance;
  RillSharedFlow *flow;
};

G_DEFINE_FINAL_TYPE (RillReadonlySharedFlow, rill_readonly_shared_flow, RILL_TYPE_SHARED_FLOW)

static gboolean
readonly_collect (RillFlow         *flow,
                  RillCollectFunc   func,
                  gpointer          user_data,
                  GError          **error)
{
  RillSharedFlow *inner = RILL_READONLY_SHARED_FLOW (flow)->flow;

  return RILL_FLOW_GET_CLASS (inner)->collect (RILL_FLOW (inner), func, user_data, error);
}

static GPtrArray *
readonly_get_replay_cache (RillSharedFlow *flow)
{
  return rill_shared_flow_get_replay_cache (RILL_READONLY_SHARED_FLOW (flow)->flow);
}

static void
rill_readonly_shared_flow_finalize (GObject *object)
{
  g_clear_object (&RILL_READONLY_SHARED_FLOW (object)->flow);

  G_OBJECT_CLASS (rill_readonly_shared_flow_parent_class)->finalize (object);
}

static void
rill_readonly_shared_flow_class_init (RillReadonlySharedFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_readonly_shared_flow_finalize;
  RILL_FLOW_CLASS (klass)->collect = readonly_collect;
  RILL_SHARED_FLOW_CLASS (klass)->get_replay_cache = readonly_get_replay_cache;
}

static void
rill_readonly_shared_flow_init (RillReadonlySharedFlow *self)
{
}

static RillSharedFlow *
readonly_shared_flow_new (RillSharedFlow *flow)
{
  RillReadonlySharedFlow *self;

  self = g_object_new (RILL_TYPE_READONLY_SHARED_FLOW,
                       "value-type", rill_flow_get_value_type (RILL_FLOW (flow)), NULL);
  self->flow = g_object_ref (flow);
  rill_shared_flow_set_delegate (RILL_SHARED_FLOW (self), flow);
  return RILL_SHARED_FLOW (self);
}

/* kotlinx's Channel.CHANNEL_DEFAULT_CAPACITY, the buffer share_in gives
 * its shared flow. */
#define DEFAULT_BUFFER 64

typedef enum {
  COMMAND_NONE,
  COMMAND_START,
  COMMAND_STOP,
  COMMAND_STOP_AND_RESET,
} Command;

/* The state of one sharing: its coroutine and the children it launches
 * hold a reference each. */
typedef struct
{
  gint                ref_count;   /* atomic */
  RillFlow           *upstream;
  RillSharedFlow     *shared;      /* a read-only state flow, or mutable shared flow */
  gboolean            is_state;
  GValue              initial;     /* state_in only */
  RillSharingStarted *started;
  RillScope          *scope;       /* the sharing coroutine's, while it runs */
  GMutex              lock;        /* the two jobs and the last command */
  RillJob            *upstream_job;
  RillJob            *timer_job;
  Command             last;
  gint                abort_owner;
} Sharing;

static Sharing *
sharing_ref (Sharing *s)
{
  g_atomic_int_inc (&s->ref_count);
  return s;
}

static void
sharing_unref (gpointer data)
{
  Sharing *s = data;

  if (!g_atomic_int_dec_and_test (&s->ref_count))
    return;
  g_object_unref (s->upstream);
  g_object_unref (s->shared);
  if (G_IS_VALUE (&s->initial))
    g_value_unset (&s->initial);
  rill_sharing_started_unref (s->started);
  g_clear_pointer (&s->upstream_job, rill_job_unref);
  g_clear_pointer (&s->timer_job, rill_job_unref);
  g_mutex_clear (&s->lock);
  g_free (s);
}

static gboolean
into_shared (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  Sharing *s = user_data;

  if (s->is_state)
    {
      rill_state_flow_set_internal (RILL_STATE_FLOW (s->shared), value);
      return TRUE;
    }
  if (rill_mutable_shared_flow_emit (RILL_MUTABLE_SHARED_FLOW (s->shared), value))
    return TRUE;
  g_propagate_error (error, rill_cancelled_error_new ());
  return FALSE;
}

/* Collects the upstream into the shared flow, in the calling coroutine. An
 * upstream error fails that coroutine, and through it the sharing one and
 * the scope's job, as kotlinx's launchSharing does. */
static void
collect_upstream (Sharing *s)
{
  GError *error = NULL;

  if (rill_flow_collect (s->upstream, into_shared, s, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !rill_is_active ())
    {
      g_error_free (error);
      return;
    }
  rill_job_cancel_internal (&rill_coroutine_current ()->job, error, TRUE);
}

static void
upstream_block (RillScope *scope,
                gpointer   user_data)
{
  collect_upstream (user_data);
}

static void
stop_job (RillJob *job)
{
  if (job == NULL)
    return;
  rill_job_cancel (job);
  rill_job_join (job);
  rill_job_unref (job);
}

/* As kotlinx's command flow: nothing before the first start, nothing twice
 * in a row; every command cancels what the previous one runs
 * (collectLatest). */
static void
run_command (Sharing *s,
             Command  command)
{
  RillJob *previous;

  g_mutex_lock (&s->lock);
  if ((s->last == COMMAND_NONE && command != COMMAND_START) || s->last == command)
    {
      g_mutex_unlock (&s->lock);
      return;
    }
  s->last = command;
  previous = g_steal_pointer (&s->upstream_job);
  g_mutex_unlock (&s->lock);

  stop_job (previous);
  switch (command)
    {
    case COMMAND_START:
      {
        RillJob *job = rill_launch (s->scope, NULL, upstream_block, sharing_ref (s), sharing_unref);

        g_mutex_lock (&s->lock);
        s->upstream_job = job;
        g_mutex_unlock (&s->lock);
      }
      break;
    case COMMAND_STOP_AND_RESET:
      if (s->is_state)
        rill_state_flow_set_internal (RILL_STATE_FLOW (s->shared), &s->initial);
      else
        rill_mutable_shared_flow_reset_replay_cache (RILL_MUTABLE_SHARED_FLOW (s->shared));
      break;
    case COMMAND_STOP:
    case COMMAND_NONE:
    default:
      break;
    }
}

static void
timer_block (RillScope *scope,
             gpointer   user_data)
{
  Sharing *s = user_data;
  guint64 stop = s->started->stop_timeout_ms;
  guint64 expiration = s->started->replay_expiration_ms;

  if (stop == G_MAXUINT64 || (stop > 0 && !rill_delay (stop)))
    return;
  if (expiration > 0)
    {
      run_command (s, COMMAND_STOP);
      if (expiration == G_MAXUINT64 || !rill_delay (expiration))
        return;
    }
  if (rill_is_active ())
    run_command (s, COMMAND_STOP_AND_RESET);
}

/* WhileSubscribed: a collector makes the command START at once, none makes
 * it STOP after the timeout; a new count cancels the pending timeout, as
 * kotlinx's transformLatest. */
static gboolean
on_count (const GValue  *value,
          gpointer       user_data,
          GError       **error)
{
  Sharing *s = user_data;
  RillJob *timer;

  g_mutex_lock (&s->lock);
  timer = g_steal_pointer (&s->timer_job);
  g_mutex_unlock (&s->lock);
  stop_job (timer);

  if (g_value_get_int (value) > 0)
    run_command (s, COMMAND_START);
  else
    {
      timer = rill_launch (s->scope, NULL, timer_block, sharing_ref (s), sharing_unref);
      g_mutex_lock (&s->lock);
      s->timer_job = timer;
      g_mutex_unlock (&s->lock);
    }
  return TRUE;
}

static gboolean
until_subscribed (const GValue  *value,
                  gpointer       user_data,
                  GError       **error)
{
  Sharing *s = user_data;

  if (g_value_get_int (value) > 0)
    return rill_flow_abort_set (error, s->abort_owner);
  return TRUE;
}

static void
sharing_block (RillScope *scope,
               gpointer   user_data)
{
  Sharing *s = user_data;
  RillFlow *count = RILL_FLOW (rill_shared_flow_get_subscription_count (s->shared));
  GError *error = NULL;

  s->scope = scope;
  switch (s->started->kind)
    {
    case RILL_SHARING_EAGERLY:
      collect_upstream (s);
      break;
    case RILL_SHARING_LAZILY:
      rill_flow_collect (count, until_subscribed, s, &error);
      if (rill_flow_abort_is_owned (error, s->abort_owner))
        collect_upstream (s);
      g_clear_error (&error);
      break;
    case RILL_SHARING_WHILE_SUBSCRIBED:
    default:
      /* Ends only when the sharing is cancelled. */
      rill_flow_collect (count, on_count, s, &error);
      g_clear_error (&error);
      break;
    }
}

static Sharing *
sharing_new (RillFlow           *upstream,
             RillSharedFlow     *shared,
             RillSharingStarted *started)
{
  Sharing *s = g_new0 (Sharing, 1);

  s->ref_count = 1;
  s->upstream = g_object_ref (upstream);
  s->shared = g_object_ref (shared);
  s->started = rill_sharing_started_ref (started);
  s->abort_owner = rill_flow_abort_new_owner ();
  g_mutex_init (&s->lock);
  return s;
}

static void
sharing_launch (Sharing   *s,
                RillScope *scope)
{
  /* Eagerly is dispatched, the others start at once, as in kotlinx. */
  RillCoroutineStart start = s->started->kind == RILL_SHARING_EAGERLY
                             ? RILL_COROUTINE_START_DEFAULT : RILL_COROUTINE_START_UNDISPATCHED;
  RillJob *job = rill_launch_full (scope, NULL, start, sharing_block, s, sharing_unref);

  g_clear_pointer (&job, rill_job_unref);
}

/**
 * rill_flow_state_in:
 * @self: a flow, the upstream
 * @scope: the scope the sharing coroutine runs in
 * @started: when the upstream is collected
 * @initial: the value until the upstream emits one, of its value type
 *
 * Turns @self into a hot state flow, kotlinx's
 * `stateIn (scope, started, initialValue)`: a coroutine launched in @scope
 * collects @self, as @started says, and every value it emits becomes the
 * state flow's value. With [func@SharingStarted.while_subscribed], the
 * state flow goes back to @initial when the replay expires.
 *
 * The sharing stops when @scope is cancelled. An error of @self fails the
 * sharing coroutine, and with it @scope's job (unless a supervisor), as in
 * kotlinx; the state flow keeps its last value.
 *
 * Returns: (transfer full): a read-only state flow
 */
RillStateFlow *
rill_flow_state_in (RillFlow           *self,
                    RillScope          *scope,
                    RillSharingStarted *started,
                    const GValue       *initial)
{
  RillStateFlow *state;
  Sharing *s;

  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (started != NULL, NULL);
  g_return_val_if_fail (G_IS_VALUE (initial), NULL);

  if (!rill_hot_value_check (rill_flow_get_value_type (self), initial, G_STRFUNC))
    return NULL;

  {
    GValue v = G_VALUE_INIT;

    /* Of the upstream's type, not a subtype. */
    g_value_init (&v, rill_flow_get_value_type (self));
    rill_hot_value_copy (initial, &v);
    state = rill_state_flow_new_internal (&v);
    s = sharing_new (self, RILL_SHARED_FLOW (state), started);
    s->is_state = TRUE;
    s->initial = v;
  }
  sharing_launch (s, scope);
  return state;
}

/**
 * rill_flow_share_in:
 * @self: a flow, the upstream
 * @scope: the scope the sharing coroutine runs in
 * @started: when the upstream is collected
 * @replay: how many of the last values a new collector gets first
 *
 * Turns @self into a hot shared flow, kotlinx's
 * `shareIn (scope, started, replay)`: a coroutine launched in @scope
 * collects @self, as @started says, and emits every value into a
 * [class@MutableSharedFlow] with @replay and a buffer of at least 64 values
 * (as kotlinx's default), suspending the upstream when collectors are
 * slower. With [func@SharingStarted.while_subscribed], the replay cache is
 * emptied when the replay expires.
 *
 * The sharing stops when @scope is cancelled. An error of @self fails the
 * sharing coroutine, and with it @scope's job (unless a supervisor), as in
 * kotlinx.
 *
 * Returns: (transfer full): a read-only shared flow
 */
RillSharedFlow *
rill_flow_share_in (RillFlow           *self,
                    RillScope          *scope,
                    RillSharingStarted *started,
                    guint               replay)
{
  RillMutableSharedFlow *shared;
  RillSharedFlow *view;
  Sharing *s;

  g_return_val_if_fail (RILL_IS_FLOW (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (started != NULL, NULL);
  g_return_val_if_fail (replay <= G_MAXINT / 2, NULL);

  shared = rill_mutable_shared_flow_new (rill_flow_get_value_type (self), replay,
                                         MAX (replay, DEFAULT_BUFFER) - replay,
                                         RILL_BUFFER_OVERFLOW_SUSPEND);
  view = readonly_shared_flow_new (RILL_SHARED_FLOW (shared));
  s = sharing_new (self, RILL_SHARED_FLOW (shared), started);
  g_object_unref (shared);
  sharing_launch (s, scope);
  return view;
}
