/* rill-test-scope.c: virtual time for tests
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillTestScope:
 *
 * A scope for tests whose dispatcher runs on a virtual clock, as
 * kotlinx-coroutines-test's `TestScope` with its `StandardTestDispatcher`:
 * its coroutines run only when the test calls
 * [method@Rill.TestScope.run_current], [method@Rill.TestScope.advance_time_by]
 * or [method@Rill.TestScope.advance_until_idle], in the calling thread, and
 * their [func@Rill.delay]s and [func@Rill.with_timeout]s move the virtual
 * clock instead of waiting. A test of an hour of delays runs in
 * milliseconds.
 *
 * In C a `RillTestScope *` is also a `RillScope *`: launch in it directly.
 * Work sent to other dispatchers runs in real time there.
 */

#include "config.h"

#include "rill-coroutine-private.h"
#include "rill-test-scope.h"

typedef struct
{
  RillDispatcher parent;
  RillLoop       loop;
} TestDispatcher;

struct _RillTestScope
{
  RillScope       scope;    /* first: a test scope is a scope */
  TestDispatcher *dispatcher;
  gint            ref_count;
};

G_DEFINE_BOXED_TYPE (RillTestScope, rill_test_scope, rill_test_scope_ref, rill_test_scope_unref)

static void
test_loop_wake (RillLoop *loop)
{
  /* The test drives the loop. */
}

static const RillLoopClass test_loop_class = {
  .wake = test_loop_wake,
};

static void
test_dispatch (RillDispatcher *dispatcher,
               RillCoroutine  *co)
{
  TestDispatcher *self = (TestDispatcher *) dispatcher;

  co->loop = &self->loop;
  rill_loop_enqueue (&self->loop, co);
}

static void
test_close (RillDispatcher *dispatcher)
{
  g_critical ("rill_dispatcher_close: a test dispatcher is closed with its scope");
}

static void
test_finalize (RillDispatcher *dispatcher)
{
  TestDispatcher *self = (TestDispatcher *) dispatcher;

  rill_loop_clear (&self->loop);
  g_free (dispatcher->name);
  g_free (self);
}

static const RillDispatcherClass test_dispatcher_class = {
  .type_name = "StandardTestDispatcher",
  .dispatch = test_dispatch,
  .close = test_close,
  .finalize = test_finalize,
};


/**
 * rill_test_scope_new:
 *
 * Creates a test scope with a new job and a virtual-time dispatcher whose
 * clock starts at 0.
 *
 * Returns: (transfer full): a new test scope
 */
RillTestScope *
rill_test_scope_new (void)
{
  RillTestScope *self = g_new0 (RillTestScope, 1);
  TestDispatcher *d = g_new0 (TestDispatcher, 1);

  rill_dispatcher_init (&d->parent, &test_dispatcher_class, "StandardTestDispatcher");
  d->parent.loop = &d->loop;
  rill_loop_init (&d->loop, &test_loop_class, &d->parent);
  d->loop.virtual_now = 0;

  self->ref_count = 1;
  self->dispatcher = d;
  self->scope.ref_count = 0;
  self->scope.owner = NULL;
  self->scope.context = rill_context_new (&d->parent, NULL);
  self->scope.job = rill_job_new (NULL);
  rill_dispatcher_unref (&d->parent);   /* the context holds it */
  return self;
}

/**
 * rill_test_scope_ref:
 * @self: a test scope
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillTestScope *
rill_test_scope_ref (RillTestScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_test_scope_unref:
 * @self: (transfer full): a test scope
 *
 * Dropping the last reference cancels the coroutines still in the scope and
 * lets them finish, so nothing is left behind.
 */
void
rill_test_scope_unref (RillTestScope *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  rill_job_cancel (self->scope.job);
  rill_test_scope_advance_until_idle (self);
  rill_job_unref (self->scope.job);
  rill_context_unref (self->scope.context);
  g_free (self);
}

/**
 * rill_test_scope_get_scope:
 * @self: a test scope
 *
 * @self as a scope to launch in.
 *
 * Returns: (transfer none): @self as a #RillScope
 */
RillScope *
rill_test_scope_get_scope (RillTestScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->scope;
}

/**
 * rill_test_scope_get_dispatcher:
 * @self: a test scope
 *
 * The virtual-time dispatcher of @self.
 *
 * Returns: (transfer none): the virtual-time dispatcher of @self
 */
RillDispatcher *
rill_test_scope_get_dispatcher (RillTestScope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->dispatcher->parent;
}

/**
 * rill_test_scope_get_current_time:
 * @self: a test scope
 *
 * The virtual time of @self.
 *
 * Returns: the virtual time in milliseconds
 */
guint64
rill_test_scope_get_current_time (RillTestScope *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint64) self->dispatcher->loop.virtual_now / 1000;
}

static void
run_current (RillTestScope *self)
{
  RillLoop *loop = &self->dispatcher->loop;

  while (rill_loop_has_work (loop)
         || (rill_loop_next_deadline (loop) >= 0
             && rill_loop_next_deadline (loop) <= loop->virtual_now))
    rill_loop_run (loop, 0);
}

/**
 * rill_test_scope_run_current:
 * @self: a test scope
 *
 * kotlinx's `runCurrent()`: runs every coroutine that is ready at the
 * current virtual time, without moving the clock.
 */
void
rill_test_scope_run_current (RillTestScope *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!rill_in_coroutine ());

  run_current (self);
}

/**
 * rill_test_scope_advance_time_by:
 * @self: a test scope
 * @msec: milliseconds of virtual time
 *
 * kotlinx's `advanceTimeBy()`: moves the virtual clock forward by @msec,
 * running in order everything scheduled strictly before the new time; what is
 * due exactly at the new time runs with [method@Rill.TestScope.run_current].
 */
void
rill_test_scope_advance_time_by (RillTestScope *self,
                                 guint64        msec)
{
  RillLoop *loop;
  gint64 target;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!rill_in_coroutine ());

  /* Nothing is scheduled strictly before now. */
  if (msec == 0)
    return;
  loop = &self->dispatcher->loop;
  target = loop->virtual_now + (gint64) msec * 1000;
  for (;;)
    {
      gint64 next;

      run_current (self);
      next = rill_loop_next_deadline (loop);
      if (next < 0 || next >= target)
        break;
      loop->virtual_now = MAX (loop->virtual_now, next);
    }
  loop->virtual_now = target;
}

/**
 * rill_test_scope_advance_until_idle:
 * @self: a test scope
 *
 * kotlinx's `advanceUntilIdle()`: runs coroutines and moves the virtual
 * clock from one timer to the next until nothing is left to do.
 */
void
rill_test_scope_advance_until_idle (RillTestScope *self)
{
  RillLoop *loop;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!rill_in_coroutine ());

  loop = &self->dispatcher->loop;
  for (;;)
    {
      gint64 next;

      run_current (self);
      next = rill_loop_next_deadline (loop);
      if (next < 0)
        break;
      loop->virtual_now = MAX (loop->virtual_now, next);
    }
}

/**
 * rill_test_scope_run:
 * @self: a test scope
 * @block: (scope call): the test body
 * @user_data: data for @block
 *
 * kotlinx's `runTest {}`: launches @block in @self and advances the virtual
 * clock until everything is idle.
 */
void
rill_test_scope_run (RillTestScope *self,
                     RillBlock      block,
                     gpointer       user_data)
{
  RillJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (block != NULL);

  job = rill_launch (&self->scope, NULL, block, user_data, NULL);
  rill_test_scope_advance_until_idle (self);
  rill_job_unref (job);
}
