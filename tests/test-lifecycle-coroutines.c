/* test-lifecycle-coroutines.c: lifecycle scopes, repeat_on_lifecycle and
 * when_state_at_least
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

/* Iterates the default main context until @cond holds; a wait that never
 * ends fails the test instead of hanging it. */
#define ITERATE_UNTIL(cond)                                                  \
  G_STMT_START {                                                             \
    gint64 until_ = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;           \
    while (!(cond))                                                          \
      {                                                                      \
        if (!g_main_context_iteration (NULL, FALSE))                         \
          g_usleep (200);                                                    \
        if (g_get_monotonic_time () > until_)                                \
          g_error ("gave up waiting for %s", #cond);                         \
      }                                                                      \
  } G_STMT_END

/* Runs what is ready now, and what that makes ready, a bounded number of
 * times. */
static void
drain (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static RillLifecycleRegistry *
registry_at (RillLifecycleState state)
{
  RillLifecycleRegistry *registry = rill_lifecycle_registry_new (NULL);

  rill_lifecycle_registry_set_current_state (registry, state);
  return registry;
}

#define SET_STATE(registry, s) \
  rill_lifecycle_registry_set_current_state ((registry), RILL_LIFECYCLE_STATE_##s)

static const char *
state_nick (RillLifecycleState state)
{
  static const char *nicks[] = { "destroyed", "initialized", "created", "started", "resumed" };

  return nicks[state];
}

/* Jobs that blocks wait for and the test completes: deterministic
 * suspension points. */
#define N_GATES 8
static RillJob *gates[N_GATES];

static void
gates_init (void)
{
  for (guint i = 0; i < N_GATES; i++)
    gates[i] = rill_job_new (NULL);
}

static void
gates_clear (void)
{
  for (guint i = 0; i < N_GATES; i++)
    {
      rill_job_cancel (gates[i]);
      g_clear_pointer (&gates[i], rill_job_unref);
    }
}

static void
gate_open (guint i)
{
  g_assert_true (rill_job_complete (gates[i]));
}

/* A scope whose coroutines start at once on the main thread and that no
 * lifecycle cancels. */
static RillScope *
immediate_scope_new (void)
{
  return rill_scope_new (rill_context_main_immediate ());
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static guint n_destroyed;

static void
count_global_destroy (gpointer data)
{
  n_destroyed++;
}

/* ------------------------------------------------------------------------ */
/* Lifecycle scope                                                          */

static void
log_and_sleep (RillScope *scope,
               gpointer   user_data)
{
  log_line ("%s starts on %s", (const char *) user_data, rill_thread_get_name ());
  if (rill_delay (G_MAXUINT32))
    log_line ("%s woke up", (const char *) user_data);
  else
    log_line ("%s cancelled", (const char *) user_data);
}

static void
test_scope_once_per_lifecycle (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RillLifecycle *lifecycle = RILL_LIFECYCLE (registry);
  RillScope *scope = rill_lifecycle_get_scope (lifecycle);
  g_autoptr(RillContext) context = rill_scope_get_context (scope);
  g_autoptr(RillLifecycleRegistry) other = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "a starts on main", "launched", "a cancelled", NULL };

  log_reset ();
  g_assert_nonnull (scope);
  g_assert_true (rill_lifecycle_get_scope (lifecycle) == scope);
  g_assert_true (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (lifecycle)) == scope);
  g_assert_true (rill_lifecycle_get_scope (RILL_LIFECYCLE (other)) != scope);
  g_assert_true (rill_context_get_dispatcher (context) == rill_dispatcher_main_immediate ());
  g_assert_true (rill_scope_is_active (scope));
  /* The scope's observer. */
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);

  /* Main.immediate: from the main thread the coroutine starts at once. */
  job = rill_launch (scope, NULL, log_and_sleep, "a", NULL);
  log_line ("launched");
  rill_scope_cancel (scope);
  assert_log (expected);
  g_assert_true (rill_job_is_cancelled (job));
}

static void
test_scope_cancelled_at_destroyed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  RillScope *scope = rill_lifecycle_get_scope (RILL_LIFECYCLE (registry));
  g_autoptr(RillJob) a = NULL;
  g_autoptr(RillJob) b = NULL;
  const char *started[] = { "a starts on main", "b starts on main", NULL };
  const char *expected[] = { "a starts on main", "b starts on main", "a cancelled", "b cancelled", NULL };

  log_reset ();
  a = rill_launch (scope, NULL, log_and_sleep, "a", NULL);
  b = rill_launch (scope, NULL, log_and_sleep, "b", NULL);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, CREATED);
  assert_log (started);
  g_assert_true (rill_scope_is_active (scope));

  SET_STATE (registry, DESTROYED);
  /* Cancelled during the ON_DESTROY dispatch, and resumed there. */
  assert_log (expected);
  g_assert_false (rill_scope_is_active (scope));
  g_assert_true (rill_job_is_cancelled (a));
  g_assert_true (rill_job_is_completed (a) || rill_job_get_state (a) == RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (b), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
}

static void
never_runs (RillScope *scope,
            gpointer   user_data)
{
  g_assert_not_reached ();
}

static void
test_scope_created_after_destroyed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RillScope *scope;
  g_autoptr(RillJob) job = NULL;
  guint destroyed = 0;

  SET_STATE (registry, DESTROYED);
  scope = rill_lifecycle_get_scope (RILL_LIFECYCLE (registry));
  g_assert_false (rill_scope_is_active (scope));
  g_assert_true (rill_job_is_cancelled (rill_scope_get_job (scope)));
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);

  job = rill_launch (scope, NULL, never_runs, &destroyed, count_destroy);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpuint (destroyed, ==, 1);
  g_assert_true (rill_lifecycle_get_scope (RILL_LIFECYCLE (registry)) == scope);
}

static void
test_scope_cancelled_at_finalize (void)
{
  RillLifecycleRegistry *registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  g_autoptr(RillScope) scope = rill_scope_ref (rill_lifecycle_get_scope (RILL_LIFECYCLE (registry)));
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "a starts on main", "a cancelled", NULL };

  log_reset ();
  job = rill_launch (scope, NULL, log_and_sleep, "a", NULL);
  /* The owner lets go of its lifecycle without destroying it: nothing tied
   * to it goes on. */
  g_object_unref (registry);
  assert_log (expected);
  g_assert_false (rill_scope_is_active (scope));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
}

static gpointer
get_scope_in_thread (gpointer data)
{
  return rill_lifecycle_get_scope (data);
}

static void
test_scope_from_another_thread (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  GThread *thread = g_thread_new ("scope-getter", get_scope_in_thread, registry);
  RillScope *scope = g_thread_join (thread);

  /* The observer is added on the main thread, where the registry lives. */
  g_assert_true (rill_lifecycle_get_scope (RILL_LIFECYCLE (registry)) == scope);
  ITERATE_UNTIL (rill_lifecycle_registry_get_observer_count (registry) == 1);
  g_assert_true (rill_scope_is_active (scope));
  SET_STATE (registry, DESTROYED);
  g_assert_false (rill_scope_is_active (scope));
}

/* ------------------------------------------------------------------------ */
/* repeat_on_lifecycle                                                      */

typedef struct
{
  RillLifecycle      *lifecycle;
  RillLifecycleState  state;
  RillBlock           block;
  guint               runs;
} RepeatCase;

static void
repeat_caller (RillScope *scope,
               gpointer   user_data)
{
  RepeatCase *rc = user_data;
  gboolean ret = rill_repeat_on_lifecycle (rc->lifecycle, rc->state, rc->block, rc);

  log_line ("returned %s", ret ? "TRUE" : "FALSE");
}

static void
gated_block (RillScope *scope,
             gpointer   user_data)
{
  RepeatCase *rc = user_data;
  guint n = ++rc->runs;

  log_line ("started %u in %s", n, state_nick (rill_lifecycle_get_current_state (rc->lifecycle)));
  if (rill_job_join (gates[n]))
    log_line ("finished %u", n);
  else
    log_line ("cancelled %u", n);
}

static void
test_repeat_start_cancel_restart (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, gated_block, 0 };
  g_autoptr(RillJob) caller = NULL;
  const char *none[] = { NULL };
  const char *expected[] = {
    "started 1 in started", "cancelled 1",
    "started 2 in started", "finished 2",
    "started 3 in started", "cancelled 3", "returned TRUE",
    NULL
  };

  log_reset ();
  gates_init ();
  caller = rill_launch (rill_lifecycle_get_scope (rc.lifecycle), NULL, repeat_caller, &rc, NULL);
  assert_log (none);
  /* The scope's observer and the caller's. */
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 2);

  /* From a coroutine on Main.immediate each run starts before the event
   * that starts it returns, and is cancelled the same way. */
  SET_STATE (registry, STARTED);
  SET_STATE (registry, CREATED);
  SET_STATE (registry, STARTED);
  gate_open (2);
  SET_STATE (registry, CREATED);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, RESUMED);
  SET_STATE (registry, STARTED);
  g_assert_cmpuint (rc.runs, ==, 3);
  g_assert_true (rill_job_is_active (caller));

  SET_STATE (registry, DESTROYED);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  gates_clear ();
}

static GTask *cleanup_task;

/* The first run cleans up slowly once cancelled: it waits for a GIO
 * operation, which completes whatever the cancellation. */
static void
slow_cleanup_block (RillScope *scope,
                    gpointer   user_data)
{
  RepeatCase *rc = user_data;
  guint n = ++rc->runs;
  g_autoptr(GAsyncResult) result = NULL;

  log_line ("started %u", n);
  if (rill_job_join (gates[n]))
    {
      log_line ("finished %u", n);
      return;
    }
  if (n != 1)
    {
      log_line ("cancelled %u", n);
      return;
    }
  log_line ("cleanup %u begins", n);
  cleanup_task = g_task_new (NULL, NULL, rill_async_ready, rill_async_slot ());
  result = rill_await_async_result ();
  log_line ("cleanup %u ends", n);
}

static void
test_repeat_serialised (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, slow_cleanup_block, 0 };
  g_autoptr(RillJob) caller = NULL;
  const char *cleaning[] = { "started 1", "cleanup 1 begins", NULL };
  const char *expected[] = {
    "started 1", "cleanup 1 begins", "cleanup 1 ends",
    "started 2", "cancelled 2", "returned TRUE",
    NULL
  };

  log_reset ();
  gates_init ();
  caller = rill_launch (rill_lifecycle_get_scope (rc.lifecycle), NULL, repeat_caller, &rc, NULL);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, CREATED);
  g_assert_nonnull (cleanup_task);

  /* A second run is launched, and waits for the first one's cleanup. */
  SET_STATE (registry, STARTED);
  drain ();
  assert_log (cleaning);
  /* Cancelled while it waits: its block never runs. A third run waits for
   * it, and so for the first. */
  SET_STATE (registry, CREATED);
  SET_STATE (registry, STARTED);
  drain ();
  assert_log (cleaning);
  g_assert_cmpuint (rc.runs, ==, 1);

  g_task_return_boolean (cleanup_task, TRUE);
  g_clear_object (&cleanup_task);
  ITERATE_UNTIL (rc.runs == 2);
  SET_STATE (registry, DESTROYED);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  gates_clear ();
}

static void
test_repeat_resumed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_RESUMED, gated_block, 0 };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = {
    "started 1 in resumed", "cancelled 1",
    "started 2 in resumed", "cancelled 2", "returned TRUE",
    NULL
  };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, repeat_caller, &rc, NULL);
  SET_STATE (registry, STARTED);
  g_assert_cmpuint (rc.runs, ==, 0);
  SET_STATE (registry, RESUMED);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, CREATED);
  SET_STATE (registry, RESUMED);
  SET_STATE (registry, DESTROYED);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  gates_clear ();
}

/* A lifecycle already in the state: the run starts while the observer is
 * walked up, before repeat_on_lifecycle suspends. */
static void
test_repeat_already_in_state (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, gated_block, 0 };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "started 1 in resumed", "launched", "cancelled 1", "returned TRUE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, repeat_caller, &rc, NULL);
  log_line ("launched");
  SET_STATE (registry, DESTROYED);
  assert_log (expected);
  gates_clear ();
}

static void
repeat_refused (RillScope *scope,
                gpointer   user_data)
{
  RillLifecycle *lifecycle = user_data;
  guint destroyed = 0;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*cannot run in the initialized state*");
  g_assert_false (rill_repeat_on_lifecycle_full (lifecycle, RILL_LIFECYCLE_STATE_INITIALIZED,
                                                 never_runs, &destroyed, count_destroy));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (destroyed, ==, 1);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*cannot run in the destroyed state*");
  g_assert_false (rill_repeat_on_lifecycle_full (lifecycle, RILL_LIFECYCLE_STATE_DESTROYED,
                                                 never_runs, &destroyed, count_destroy));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (destroyed, ==, 2);
  log_line ("refused");
}

static void
test_repeat_refused_states (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "refused", NULL };
  guint destroyed = 0;

  log_reset ();
  job = rill_launch (scope, NULL, repeat_refused, registry, NULL);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);

  /* Outside a coroutine. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*must be called from a coroutine*");
  g_assert_false (rill_repeat_on_lifecycle_full (RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED,
                                                 never_runs, &destroyed, count_destroy));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (destroyed, ==, 1);
}

static void
repeat_on_destroyed (RillScope *scope,
                     gpointer   user_data)
{
  guint destroyed = 0;

  g_assert_true (rill_repeat_on_lifecycle_full (user_data, RILL_LIFECYCLE_STATE_STARTED,
                                                never_runs, &destroyed, count_destroy));
  g_assert_cmpuint (destroyed, ==, 1);
  log_line ("returned at once");
}

static void
test_repeat_already_destroyed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "returned at once", NULL };

  log_reset ();
  SET_STATE (registry, DESTROYED);
  job = rill_launch (scope, NULL, repeat_on_destroyed, registry, NULL);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

static void
test_repeat_caller_cancelled (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, gated_block, 0 };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "started 1 in started", "cancelled 1", "returned FALSE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, repeat_caller, &rc, NULL);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);
  rill_job_cancel (caller);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_CANCELLED);
  /* Its observer is gone: nothing starts again. */
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  SET_STATE (registry, CREATED);
  SET_STATE (registry, RESUMED);
  drain ();
  assert_log (expected);
  g_assert_cmpuint (rc.runs, ==, 1);
  gates_clear ();
}

static void
thread_block (RillScope *scope,
              gpointer   user_data)
{
  RepeatCase *rc = user_data;
  guint n = ++rc->runs;

  log_line ("run %u on %.24s", n, rill_thread_get_name ());
  if (!rill_job_join (gates[n]))
    log_line ("run %u cancelled on %.24s", n, rill_thread_get_name ());
}

static void
repeat_caller_on_default (RillScope *scope,
                          gpointer   user_data)
{
  RepeatCase *rc = user_data;
  gboolean ret;

  log_line ("caller on %.24s", rill_thread_get_name ());
  ret = rill_repeat_on_lifecycle (rc->lifecycle, rc->state, rc->block, rc);
  log_line ("returned %s on %.24s", ret ? "TRUE" : "FALSE", rill_thread_get_name ());
}

/* The runs keep the caller's context, as androidx's launch in the
 * coroutineScope does; only the observer lives on the main thread. */
static void
test_repeat_keeps_caller_dispatcher (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, thread_block, 0 };
  g_autoptr(RillScope) scope = rill_scope_new (rill_context_default ());
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = {
    "caller on DefaultDispatcher-worker",
    "run 1 on DefaultDispatcher-worker",
    "run 1 cancelled on DefaultDispatcher-worker",
    "returned TRUE on DefaultDispatcher-worker",
    NULL
  };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, repeat_caller_on_default, &rc, NULL);
  ITERATE_UNTIL (log_length () == 2);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);
  SET_STATE (registry, CREATED);
  ITERATE_UNTIL (log_length () == 3);
  SET_STATE (registry, DESTROYED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  gates_clear ();
}

static void
test_repeat_lifecycle_finalized (void)
{
  RillLifecycleRegistry *registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, gated_block, 0 };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "started 1 in started", "cancelled 1", "returned TRUE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, repeat_caller, &rc, NULL);
  /* Not destroyed, only let go of: the wait does not keep it alive. */
  g_object_unref (registry);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  gates_clear ();
}

static void
child_of_run (RillScope *scope,
              gpointer   user_data)
{
  const char *name = user_data;

  log_line ("%s started", name);
  if (!rill_job_join (gates[0]))
    log_line ("%s cancelled", name);
}

static void
two_children_block (RillScope *scope,
                    gpointer   user_data)
{
  RepeatCase *rc = user_data;
  g_autoptr(RillJob) a = rill_launch (scope, NULL, child_of_run, "a", NULL);
  g_autoptr(RillJob) b = rill_launch (scope, NULL, child_of_run, "b", NULL);

  log_line ("run %u launched its children", ++rc->runs);
}

static void
test_repeat_children (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, two_children_block, 0 };
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = {
    "run 1 launched its children", "a started", "b started",
    "a cancelled", "b cancelled",
    "run 2 launched its children", "a started", "b started",
    "a cancelled", "b cancelled", "returned TRUE",
    NULL
  };

  log_reset ();
  gates_init ();
  caller = rill_launch (rill_lifecycle_get_scope (rc.lifecycle), NULL, repeat_caller, &rc, NULL);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, CREATED);
  SET_STATE (registry, STARTED);
  SET_STATE (registry, DESTROYED);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  gates_clear ();
}

static void
failing_block (RillScope *scope,
               gpointer   user_data)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no way");

  rill_job_complete_exceptionally (rill_get_job (), error);
}

static void
test_repeat_failure_fails_caller (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  RepeatCase rc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, failing_block, 0 };
  g_autoptr(RillJob) parent = rill_job_new (NULL);
  g_autoptr(RillContext) parent_context = rill_context_new_for_job (parent);
  g_autoptr(RillContext) context = rill_context_plus (rill_context_main_immediate (), parent_context);
  g_autoptr(RillScope) scope = rill_scope_new (context);
  g_autoptr(RillJob) caller = NULL;
  g_autoptr(GError) cause = NULL;
  const char *expected[] = { "returned FALSE", NULL };

  log_reset ();
  caller = rill_launch (scope, NULL, repeat_caller, &rc, NULL);
  /* The caller's parent is a plain job: nobody handles the failure. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_WARNING, "*Unhandled error*no way*");
  SET_STATE (registry, STARTED);
  g_test_assert_expected_messages ();
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_false (rill_job_get_cancellation_cause (caller, &cause));
  g_assert_error (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* when_state_at_least                                                      */

typedef struct
{
  RillLifecycle      *lifecycle;
  RillLifecycleState  state;
  RillBlock           block;
  guint               runs;
  gboolean            stop;
  guint               count;
} WhenCase;

static void
when_caller (RillScope *scope,
             gpointer   user_data)
{
  WhenCase *wc = user_data;
  gboolean ret;

  log_line ("before");
  ret = rill_lifecycle_when_state_at_least (wc->lifecycle, wc->state, wc->block, wc);
  log_line ("after %s", ret ? "TRUE" : "FALSE");
}

static void
held_child (RillScope *scope,
            gpointer   user_data)
{
  WhenCase *wc = user_data;

  log_line ("child 1");
  if (!rill_job_join (gates[3]))
    {
      log_line ("child cancelled");
      return;
    }
  log_line ("child 2 in %s", state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
}

static void
held_block (RillScope *scope,
            gpointer   user_data)
{
  WhenCase *wc = user_data;
  g_autoptr(RillJob) child = NULL;

  wc->runs++;
  log_line ("step 1 on %s in %s", rill_thread_get_name (),
            state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
  child = rill_launch (scope, NULL, held_child, wc, NULL);
  if (!rill_job_join (gates[1]))
    {
      log_line ("block cancelled at 1");
      return;
    }
  log_line ("step 2 in %s", state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
  if (!rill_job_join (gates[2]))
    {
      log_line ("block cancelled at 2");
      return;
    }
  log_line ("step 3 in %s", state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
}

static void
test_when_pauses_and_resumes (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, held_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *first[] = { "before", "step 1 on main in started", "child 1", NULL };
  const char *second[] = { "before", "step 1 on main in started", "child 1",
                           "step 2 in started", "child 2 in started", NULL };
  const char *expected[] = { "before", "step 1 on main in started", "child 1",
                             "step 2 in started", "child 2 in started",
                             "step 3 in resumed", "after TRUE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  assert_log (first);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);

  /* Below the state, what the block and its child wait for comes, but
   * neither runs: both stay where they are. */
  SET_STATE (registry, CREATED);
  gate_open (1);
  gate_open (3);
  drain ();
  g_usleep (20000);
  drain ();
  assert_log (first);

  /* Back in the state: both continue where they were, in order. */
  SET_STATE (registry, STARTED);
  ITERATE_UNTIL (log_length () == 5);
  assert_log (second);

  SET_STATE (registry, CREATED);
  gate_open (2);
  drain ();
  assert_log (second);
  SET_STATE (registry, RESUMED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  gates_clear ();
}

static void
ticking_block (RillScope *scope,
               gpointer   user_data)
{
  for (guint i = 1; i <= 5; i++)
    {
      if (!rill_delay (2))
        return;
      log_line ("tick %u", i);
    }
}

/* Timers that fire while the block is held are not lost. */
static void
test_when_no_event_lost (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_RESUMED, ticking_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "before", "tick 1", "tick 2", "tick 3", "tick 4", "tick 5",
                             "after TRUE", NULL };
  guint n;

  log_reset ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  ITERATE_UNTIL (log_contains ("tick 2"));
  SET_STATE (registry, STARTED);
  n = log_length ();
  for (guint i = 0; i < 5; i++)
    {
      g_usleep (5000);
      drain ();
    }
  g_assert_cmpuint (log_length (), ==, n);
  SET_STATE (registry, RESUMED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
}

static void
test_when_cancelled_at_destroyed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, held_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *first[] = { "before", "step 1 on main in started", "child 1", NULL };
  const char *expected[] = { "before", "step 1 on main in started", "child 1",
                             "block cancelled at 1", "child cancelled", "after FALSE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  SET_STATE (registry, CREATED);
  gate_open (1);
  drain ();
  assert_log (first);

  /* The held block resumes cancelled, its child too; the caller gets FALSE
   * but is not cancelled itself. */
  SET_STATE (registry, DESTROYED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_COMPLETED);
  gates_clear ();
}

static void
test_when_never_started (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, held_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *first[] = { "before", NULL };
  const char *expected[] = { "before", "after FALSE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  drain ();
  assert_log (first);
  SET_STATE (registry, DESTROYED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  g_assert_cmpuint (wc.runs, ==, 0);

  /* Already destroyed: returns at once. */
  log_reset ();
  g_clear_pointer (&caller, rill_job_unref);
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  assert_log (expected);
  g_assert_cmpuint (wc.runs, ==, 0);
  gates_clear ();
}

static void
test_when_caller_cancelled_while_held (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, held_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *first[] = { "before", "step 1 on main in started", "child 1", NULL };
  const char *expected[] = { "before", "step 1 on main in started", "child 1",
                             "block cancelled at 1", "child cancelled", "after FALSE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  SET_STATE (registry, CREATED);
  /* As in androidx, the cancellation reaches the block when it may run. */
  rill_job_cancel (caller);
  drain ();
  assert_log (first);
  SET_STATE (registry, STARTED);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (caller), ==, RILL_JOB_STATE_CANCELLED);
  gates_clear ();
}

static void
test_when_lifecycle_finalized (void)
{
  RillLifecycleRegistry *registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, held_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "before", "step 1 on main in started", "child 1",
                             "block cancelled at 1", "child cancelled", "after FALSE", NULL };

  log_reset ();
  gates_init ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  SET_STATE (registry, CREATED);
  wc.lifecycle = NULL;
  g_object_unref (registry);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
  gates_clear ();
}

static void
inner_block (RillScope *scope,
             gpointer   user_data)
{
  log_line ("inner on %s", rill_thread_get_name ());
}

static void
outer_block (RillScope *scope,
             gpointer   user_data)
{
  WhenCase *wc = user_data;

  log_line ("outer");
  log_line ("inner returned %d", rill_lifecycle_when_resumed (wc->lifecycle, inner_block, NULL));
}

static void
test_when_nested (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_RESUMED, outer_block, };
  g_autoptr(RillScope) scope = immediate_scope_new ();
  g_autoptr(RillJob) caller = NULL;
  const char *expected[] = { "before", "outer", "inner on main", "inner returned 1", "after TRUE", NULL };

  log_reset ();
  caller = rill_launch (scope, NULL, when_caller, &wc, NULL);
  ITERATE_UNTIL (rill_job_is_completed (caller));
  assert_log (expected);
}

static void
yield_loop_block (RillScope *scope,
                  gpointer   user_data)
{
  WhenCase *wc = user_data;

  while (!wc->stop)
    {
      wc->count++;
      if (!rill_yield ())
        return;
    }
  log_line ("stopped");
}

/* A block that only yields goes through the pausing dispatcher each time,
 * so it is held too; the main loop keeps running meanwhile. */
static void
test_when_yield_loop (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_RESUMED, yield_loop_block, };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "stopped", NULL };
  guint count;

  log_reset ();
  job = rill_lifecycle_launch_when_resumed (wc.lifecycle, yield_loop_block, &wc, NULL);
  g_assert_cmpuint (wc.count, ==, 1);
  ITERATE_UNTIL (wc.count > 100);
  SET_STATE (registry, STARTED);
  count = wc.count;
  drain ();
  g_assert_cmpuint (wc.count, ==, count);
  SET_STATE (registry, RESUMED);
  ITERATE_UNTIL (wc.count > count + 100);
  wc.stop = TRUE;
  ITERATE_UNTIL (rill_job_is_completed (job));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

static void
launched_when_block (RillScope *scope,
                     gpointer   user_data)
{
  WhenCase *wc = user_data;

  wc->runs++;
  log_line ("started on %s in %s", rill_thread_get_name (),
            state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
  if (!rill_job_join (gates[1]))
    log_line ("cancelled in %s", state_nick (rill_lifecycle_get_current_state (wc->lifecycle)));
}

static void
test_launch_when_started (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_STARTED, NULL, };
  g_autoptr(RillJob) job = NULL;
  const char *none[] = { NULL };
  const char *started[] = { "started on main in started", NULL };
  const char *expected[] = { "started on main in started", "cancelled in destroyed", NULL };

  log_reset ();
  gates_init ();
  n_destroyed = 0;
  job = rill_lifecycle_launch_when_started (wc.lifecycle, launched_when_block, &wc, count_global_destroy);
  drain ();
  assert_log (none);
  g_assert_true (rill_job_is_active (job));

  SET_STATE (registry, STARTED);
  ITERATE_UNTIL (log_length () == 1);
  assert_log (started);

  /* Cancelled during the ON_DESTROY dispatch; the job ends cancelled, as
   * androidx's does. */
  SET_STATE (registry, DESTROYED);
  ITERATE_UNTIL (rill_job_is_completed (job) || rill_job_get_state (job) == RILL_JOB_STATE_CANCELLED);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpuint (wc.runs, ==, 1);
  g_assert_cmpuint (n_destroyed, ==, 1);
  gates_clear ();
}

static void
test_launch_when_created_and_resumed (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_INITIALIZED);
  WhenCase wc = { RILL_LIFECYCLE (registry), RILL_LIFECYCLE_STATE_CREATED, NULL, };
  g_autoptr(RillJob) created = NULL;
  g_autoptr(RillJob) resumed = NULL;
  const char *expected[] = { "started on main in created", "started on main in resumed", NULL };

  log_reset ();
  gates_init ();
  n_destroyed = 0;
  created = rill_lifecycle_launch_when_created (wc.lifecycle, launched_when_block, &wc, NULL);
  resumed = rill_lifecycle_launch_when_resumed (wc.lifecycle, launched_when_block, &wc,
                                                count_global_destroy);
  drain ();
  g_assert_cmpuint (wc.runs, ==, 0);
  SET_STATE (registry, CREATED);
  ITERATE_UNTIL (wc.runs == 1);
  SET_STATE (registry, STARTED);
  drain ();
  g_assert_cmpuint (wc.runs, ==, 1);
  SET_STATE (registry, RESUMED);
  ITERATE_UNTIL (wc.runs == 2);
  /* Both finish normally. */
  gate_open (1);
  ITERATE_UNTIL (rill_job_is_completed (created) && rill_job_is_completed (resumed));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (created), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpint (rill_job_get_state (resumed), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (n_destroyed, ==, 1);
  gates_clear ();
}

static void
test_when_outside_coroutine (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*must be called from a coroutine*");
  g_assert_false (rill_lifecycle_when_started (RILL_LIFECYCLE (registry), never_runs, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The test drives its lifecycles as a GTK application's callbacks do: on
   * the thread that owns the default main context, where Main.immediate
   * runs coroutines at once. */
  g_main_context_acquire (g_main_context_default ());

  g_test_add_func ("/lifecycle-scope/once-per-lifecycle", test_scope_once_per_lifecycle);
  g_test_add_func ("/lifecycle-scope/cancelled-at-destroyed", test_scope_cancelled_at_destroyed);
  g_test_add_func ("/lifecycle-scope/created-after-destroyed", test_scope_created_after_destroyed);
  g_test_add_func ("/lifecycle-scope/cancelled-at-finalize", test_scope_cancelled_at_finalize);
  g_test_add_func ("/lifecycle-scope/from-another-thread", test_scope_from_another_thread);

  g_test_add_func ("/repeat-on-lifecycle/start-cancel-restart", test_repeat_start_cancel_restart);
  g_test_add_func ("/repeat-on-lifecycle/serialised", test_repeat_serialised);
  g_test_add_func ("/repeat-on-lifecycle/resumed", test_repeat_resumed);
  g_test_add_func ("/repeat-on-lifecycle/already-in-state", test_repeat_already_in_state);
  g_test_add_func ("/repeat-on-lifecycle/refused-states", test_repeat_refused_states);
  g_test_add_func ("/repeat-on-lifecycle/already-destroyed", test_repeat_already_destroyed);
  g_test_add_func ("/repeat-on-lifecycle/caller-cancelled", test_repeat_caller_cancelled);
  g_test_add_func ("/repeat-on-lifecycle/keeps-caller-dispatcher", test_repeat_keeps_caller_dispatcher);
  g_test_add_func ("/repeat-on-lifecycle/lifecycle-finalized", test_repeat_lifecycle_finalized);
  g_test_add_func ("/repeat-on-lifecycle/children", test_repeat_children);
  g_test_add_func ("/repeat-on-lifecycle/failure-fails-caller", test_repeat_failure_fails_caller);

  g_test_add_func ("/when-state/pauses-and-resumes", test_when_pauses_and_resumes);
  g_test_add_func ("/when-state/no-event-lost", test_when_no_event_lost);
  g_test_add_func ("/when-state/cancelled-at-destroyed", test_when_cancelled_at_destroyed);
  g_test_add_func ("/when-state/never-started", test_when_never_started);
  g_test_add_func ("/when-state/caller-cancelled-while-held", test_when_caller_cancelled_while_held);
  g_test_add_func ("/when-state/lifecycle-finalized", test_when_lifecycle_finalized);
  g_test_add_func ("/when-state/nested", test_when_nested);
  g_test_add_func ("/when-state/yield-loop", test_when_yield_loop);
  g_test_add_func ("/when-state/outside-coroutine", test_when_outside_coroutine);
  g_test_add_func ("/when-state/launch-when-started", test_launch_when_started);
  g_test_add_func ("/when-state/launch-when-created-and-resumed", test_launch_when_created_and_resumed);

  return g_test_run ();
}
