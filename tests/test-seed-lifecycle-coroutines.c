/* test-seed-lifecycle-coroutines.c: the examples of the guide "Use Kotlin
 * coroutines with lifecycle-aware components", in C
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test is one example of the guide, with the Android parts played by
 * small stand-ins: a "fragment" is an object that owns a lifecycle
 * registry, a "text view" a string, a "flow" a loop that produces numbers
 * with rill_delay() between them (Flow comes later; so does the
 * flowWithLifecycle example, which needs it). The liveData builder
 * examples are tested with LiveData.
 */

#include <rill.h>

#include "test-log.h"

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

/* Lets the main loop run for a while: timers get the chance to fire. */
static void
run_main_loop_a_little (void)
{
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (2000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static const char *
state_nick (RillLifecycleState state)
{
  static const char *nicks[] = { "destroyed", "initialized", "created", "started", "resumed" };

  return nicks[state];
}

/* ------------------------------------------------------------------------ */
/* A fragment: an object with a lifecycle                                   */

#define TEST_TYPE_FRAGMENT (test_fragment_get_type ())
G_DECLARE_FINAL_TYPE (TestFragment, test_fragment, TEST, FRAGMENT, GObject)

struct _TestFragment
{
  GObject                parent_instance;
  RillLifecycleRegistry *registry;
};

static RillLifecycle *
test_fragment_get_lifecycle (RillLifecycleOwner *owner)
{
  return RILL_LIFECYCLE (TEST_FRAGMENT (owner)->registry);
}

static void
test_fragment_owner_init (RillLifecycleOwnerInterface *iface)
{
  iface->get_lifecycle = test_fragment_get_lifecycle;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFragment, test_fragment, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_LIFECYCLE_OWNER,
                                                      test_fragment_owner_init))

static void
test_fragment_finalize (GObject *object)
{
  g_clear_object (&TEST_FRAGMENT (object)->registry);
  G_OBJECT_CLASS (test_fragment_parent_class)->finalize (object);
}

static void
test_fragment_class_init (TestFragmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_fragment_finalize;
}

static void
test_fragment_init (TestFragment *self)
{
  self->registry = rill_lifecycle_registry_new (self);
}

static void
fragment_move_to (TestFragment       *self,
                  RillLifecycleState  state)
{
  rill_lifecycle_registry_set_current_state (self->registry, state);
}

static RillLifecycleState
fragment_state (TestFragment *self)
{
  return rill_lifecycle_get_current_state (RILL_LIFECYCLE (self->registry));
}

/* ------------------------------------------------------------------------ */
/* ViewModelScope                                                           */

/* class MyViewModel: ViewModel() {
 *     init {
 *         viewModelScope.launch {
 *             // Coroutine that will be canceled when the ViewModel is cleared.
 *         }
 *     }
 * } */

#define TEST_TYPE_MY_VIEW_MODEL (test_my_view_model_get_type ())
G_DECLARE_FINAL_TYPE (TestMyViewModel, test_my_view_model, TEST, MY_VIEW_MODEL, RillViewModel)

struct _TestMyViewModel
{
  RillViewModel  parent_instance;
  RillJob       *job;
};

G_DEFINE_FINAL_TYPE (TestMyViewModel, test_my_view_model, RILL_TYPE_VIEW_MODEL)

static void
view_model_work (RillScope *scope,
                 gpointer   user_data)
{
  log_line ("working on %s", rill_thread_get_name ());
  if (!rill_delay (G_MAXUINT32))
    log_line ("cancelled");
}

static void
test_my_view_model_constructed (GObject *object)
{
  TestMyViewModel *self = TEST_MY_VIEW_MODEL (object);

  G_OBJECT_CLASS (test_my_view_model_parent_class)->constructed (object);
  self->job = rill_launch (rill_view_model_get_scope (RILL_VIEW_MODEL (self)), NULL,
                           view_model_work, NULL, NULL);
}

static void
test_my_view_model_on_cleared (RillViewModel *self)
{
  log_line ("on_cleared");
}

static void
test_my_view_model_finalize (GObject *object)
{
  g_clear_pointer (&TEST_MY_VIEW_MODEL (object)->job, rill_job_unref);
  G_OBJECT_CLASS (test_my_view_model_parent_class)->finalize (object);
}

static void
test_my_view_model_class_init (TestMyViewModelClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = test_my_view_model_constructed;
  G_OBJECT_CLASS (klass)->finalize = test_my_view_model_finalize;
  RILL_VIEW_MODEL_CLASS (klass)->on_cleared = test_my_view_model_on_cleared;
}

static void
test_my_view_model_init (TestMyViewModel *self)
{
}

static void
test_view_model_scope (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  TestMyViewModel *vm;
  g_autoptr(RillJob) job = NULL;
  const char *started[] = { "working on main", NULL };
  const char *expected[] = { "working on main", "cancelled", "on_cleared", NULL };

  log_reset ();
  vm = TEST_MY_VIEW_MODEL (rill_view_model_provider_get (RILL_VIEW_MODEL_STORE_OWNER (store),
                                                          TEST_TYPE_MY_VIEW_MODEL, NULL));
  job = rill_job_ref (vm->job);
  assert_log (started);
  g_assert_true (rill_job_is_active (job));

  /* The owner goes away for good. */
  rill_view_model_store_clear (store);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
}

/* ------------------------------------------------------------------------ */
/* LifecycleScope, with withContext(Dispatchers.Default)                    */

/* viewLifecycleOwner.lifecycleScope.launch {
 *     val params = TextViewCompat.getTextMetricsParams(textView)
 *     val precomputedText = withContext(Dispatchers.Default) {
 *         PrecomputedTextCompat.create(longTextContent, params)
 *     }
 *     TextViewCompat.setPrecomputedText(textView, precomputedText)
 * } */

typedef struct
{
  const char *long_text;
  char       *text_view;     /* what the "text view" shows */
  GThread    *ui_thread;
  GThread    *computed_on;
  GThread    *set_on;
} PrecomputeCase;

static gboolean
precompute_text (RillScope  *scope,
                 GValue     *result,
                 gpointer    user_data,
                 GError    **error)
{
  PrecomputeCase *pc = user_data;

  pc->computed_on = g_thread_self ();
  log_line ("precomputing on %.24s", rill_thread_get_name ());
  g_value_init (result, G_TYPE_STRING);
  g_value_take_string (result, g_utf8_strup (pc->long_text, -1));
  return TRUE;
}

static void
set_precomputed_text (RillScope *scope,
                      gpointer   user_data)
{
  PrecomputeCase *pc = user_data;
  g_auto(GValue) precomputed = G_VALUE_INIT;

  log_line ("params read on %s", rill_thread_get_name ());
  if (!rill_with_context (rill_context_default (), precompute_text, &precomputed, pc, NULL))
    return;
  pc->set_on = g_thread_self ();
  pc->text_view = g_value_dup_string (&precomputed);
  log_line ("text set on %s", rill_thread_get_name ());
}

static void
test_lifecycle_scope_with_context_default (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  PrecomputeCase pc = { "a long text content", NULL, g_thread_self (), NULL, NULL };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "params read on main", "precomputing on DefaultDispatcher-worker",
                             "text set on main", NULL };

  log_reset ();
  /* onViewCreated */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  job = rill_launch (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (fragment)), NULL,
                     set_precomputed_text, &pc, NULL);
  ITERATE_UNTIL (rill_job_is_completed (job));
  assert_log (expected);
  g_assert_cmpstr (pc.text_view, ==, "A LONG TEXT CONTENT");
  g_assert_true (pc.computed_on != pc.ui_thread);
  g_assert_true (pc.set_on == pc.ui_thread);
  g_free (pc.text_view);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
}

/* ------------------------------------------------------------------------ */
/* repeatOnLifecycle(STARTED) collecting a flow                             */

/* viewLifecycleOwner.lifecycleScope.launch {
 *     viewLifecycleOwner.repeatOnLifecycle(Lifecycle.State.STARTED) {
 *         viewModel.someDataFlow.collect {
 *             // Process item
 *         }
 *     }
 * } */

typedef struct
{
  TestFragment *fragment;
  const char   *name;
  guint         collections;
  guint         processed;
  guint         processed_below;
  guint         last;
  guint         gaps;
} Collector;

/* A cold "flow": each collection produces 1, 2, 3… from the start, one
 * every millisecond, until the collector is cancelled. */
static void
flow_collect (Collector *c)
{
  c->collections++;
  c->last = 0;
  log_line ("%s: collection %u starts", c->name, c->collections);
  for (guint value = 1; rill_delay (1); value++)
    {
      /* Process item */
      if (fragment_state (c->fragment) < RILL_LIFECYCLE_STATE_STARTED)
        c->processed_below++;
      if (value != c->last + 1)
        c->gaps++;
      c->last = value;
      c->processed++;
    }
  log_line ("%s: collection %u cancelled in %s", c->name, c->collections,
            state_nick (fragment_state (c->fragment)));
}

static void
collect_block (RillScope *scope,
               gpointer   user_data)
{
  flow_collect (user_data);
}

static void
repeat_collect (RillScope *scope,
                gpointer   user_data)
{
  Collector *c = user_data;
  gboolean destroyed = rill_lifecycle_owner_repeat_on_lifecycle (RILL_LIFECYCLE_OWNER (c->fragment),
                                                                 RILL_LIFECYCLE_STATE_STARTED,
                                                                 collect_block, c);

  log_line ("repeat returned %s", destroyed ? "TRUE" : "FALSE");
}

static void
test_repeat_on_lifecycle_collect (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  Collector c = { fragment, "flow", };
  g_autoptr(RillJob) job = NULL;
  guint processed;
  const char *expected[] = {
    "flow: collection 1 starts", "flow: collection 1 cancelled in created",
    "flow: collection 2 starts", "flow: collection 2 cancelled in destroyed",
    "repeat returned TRUE",
    NULL
  };

  log_reset ();
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  job = rill_launch (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (fragment)), NULL,
                     repeat_collect, &c, NULL);
  run_main_loop_a_little ();
  g_assert_cmpuint (c.collections, ==, 0);

  /* Visible: values are processed. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (c.processed >= 3);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_RESUMED);
  ITERATE_UNTIL (c.processed >= 5);

  /* Stopped: the collection is cancelled, nothing more is processed. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  processed = c.processed;
  run_main_loop_a_little ();
  g_assert_cmpuint (c.processed, ==, processed);

  /* Visible again: a new collection, from the first value. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (c.processed >= processed + 3);
  g_assert_cmpuint (c.collections, ==, 2);
  g_assert_cmpuint (c.last, ==, c.processed - processed);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
  assert_log (expected);
  g_assert_cmpuint (c.processed_below, ==, 0);
  g_assert_cmpuint (c.gaps, ==, 0);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

/* viewLifecycleOwner.lifecycleScope.launch {
 *     viewLifecycleOwner.repeatOnLifecycle(Lifecycle.State.STARTED) {
 *         launch { flow1.collect { } }
 *         launch { flow2.collect { } }
 *     }
 * } */

typedef struct
{
  TestFragment *fragment;
  Collector     flows[2];
} Parallel;

static void
collect_in_parallel (RillScope *scope,
                     gpointer   user_data)
{
  Parallel *p = user_data;
  g_autoptr(RillJob) first = rill_launch (scope, NULL, collect_block, &p->flows[0], NULL);
  g_autoptr(RillJob) second = rill_launch (scope, NULL, collect_block, &p->flows[1], NULL);
}

static void
repeat_parallel (RillScope *scope,
                 gpointer   user_data)
{
  Parallel *p = user_data;
  gboolean destroyed = rill_lifecycle_owner_repeat_on_lifecycle (RILL_LIFECYCLE_OWNER (p->fragment),
                                                                 RILL_LIFECYCLE_STATE_STARTED,
                                                                 collect_in_parallel, p);

  log_line ("repeat returned %s", destroyed ? "TRUE" : "FALSE");
}

static void
test_repeat_on_lifecycle_parallel (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  Parallel p = { fragment, { { fragment, "flow1", }, { fragment, "flow2", } } };
  g_autoptr(RillJob) job = NULL;
  guint processed[2];
  const char *expected[] = {
    "flow1: collection 1 starts", "flow2: collection 1 starts",
    "flow1: collection 1 cancelled in created", "flow2: collection 1 cancelled in created",
    "flow1: collection 2 starts", "flow2: collection 2 starts",
    "flow1: collection 2 cancelled in destroyed", "flow2: collection 2 cancelled in destroyed",
    "repeat returned TRUE",
    NULL
  };

  log_reset ();
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  job = rill_launch (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (fragment)), NULL,
                     repeat_parallel, &p, NULL);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  /* Both flows are collected at the same time. */
  ITERATE_UNTIL (p.flows[0].processed >= 3 && p.flows[1].processed >= 3);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  processed[0] = p.flows[0].processed;
  processed[1] = p.flows[1].processed;
  run_main_loop_a_little ();
  g_assert_cmpuint (p.flows[0].processed, ==, processed[0]);
  g_assert_cmpuint (p.flows[1].processed, ==, processed[1]);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (p.flows[0].processed >= processed[0] + 3 && p.flows[1].processed >= processed[1] + 3);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
  assert_log (expected);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (p.flows[i].processed_below, ==, 0);
      g_assert_cmpuint (p.flows[i].gaps, ==, 0);
    }
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

/* ------------------------------------------------------------------------ */
/* whenStarted, with withContext(Dispatchers.IO)                            */

/* lifecycleScope.launch {
 *     whenStarted {
 *         loadingView.visibility = View.VISIBLE
 *         val canAccess = withContext(Dispatchers.IO) {
 *             checkUserAccess()
 *         }
 *         // When checkUserAccess returns, the next line is automatically
 *         // suspended if the Lifecycle is not *at least* STARTED.
 *         loadingView.visibility = View.GONE
 *         if (canAccess == false) {
 *             findNavController().popBackStack()
 *         } else {
 *             showContent()
 *         }
 *     }
 *     // This line runs only after the whenStarted block above has completed.
 * } */

typedef struct
{
  TestFragment *fragment;
  GMutex        lock;
  GCond         cond;
  gboolean      io_started;
  gboolean      io_may_return;
  gboolean      io_returned;
  gboolean      loading_visible;
} AccessCase;

static gboolean
check_user_access (RillScope  *scope,
                   GValue     *result,
                   gpointer    user_data,
                   GError    **error)
{
  AccessCase *ac = user_data;

  log_line ("checking access on %.20s", rill_thread_get_name ());
  /* A blocking call: it returns when the test lets it. */
  g_mutex_lock (&ac->lock);
  ac->io_started = TRUE;
  g_cond_broadcast (&ac->cond);
  while (!ac->io_may_return)
    g_cond_wait (&ac->cond, &ac->lock);
  ac->io_returned = TRUE;
  g_mutex_unlock (&ac->lock);

  g_value_init (result, G_TYPE_BOOLEAN);
  g_value_set_boolean (result, TRUE);
  return TRUE;
}

static void
when_started_block (RillScope *scope,
                    gpointer   user_data)
{
  AccessCase *ac = user_data;
  g_auto(GValue) can_access = G_VALUE_INIT;

  ac->loading_visible = TRUE;
  log_line ("loading visible in %s", state_nick (fragment_state (ac->fragment)));
  if (!rill_with_context (rill_context_io (), check_user_access, &can_access, ac, NULL))
    return;
  ac->loading_visible = FALSE;
  log_line ("loading gone in %s on %s", state_nick (fragment_state (ac->fragment)),
            rill_thread_get_name ());
  if (!g_value_get_boolean (&can_access))
    log_line ("pop back stack");
  else
    log_line ("show content");
}

static void
launch_when_started_io (RillScope *scope,
                        gpointer   user_data)
{
  AccessCase *ac = user_data;
  gboolean completed = rill_lifecycle_when_started (rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (ac->fragment)),
                                                    when_started_block, ac);

  log_line ("after whenStarted (%s)", completed ? "completed" : "cancelled");
}

static gboolean
io_returned (AccessCase *ac)
{
  gboolean ret;

  g_mutex_lock (&ac->lock);
  ret = ac->io_returned;
  g_mutex_unlock (&ac->lock);
  return ret;
}

static gboolean
io_started (AccessCase *ac)
{
  gboolean ret;

  g_mutex_lock (&ac->lock);
  ret = ac->io_started;
  g_mutex_unlock (&ac->lock);
  return ret;
}

static void
test_when_started_with_context_io (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  AccessCase ac = { fragment, };
  g_autoptr(RillJob) job = NULL;
  const char *none[] = { NULL };
  const char *checking[] = { "loading visible in started", "checking access on DefaultDispatcher-io", NULL };
  const char *expected[] = { "loading visible in started", "checking access on DefaultDispatcher-io",
                             "loading gone in started on main", "show content",
                             "after whenStarted (completed)", NULL };

  log_reset ();
  g_mutex_init (&ac.lock);
  g_cond_init (&ac.cond);

  /* "Notice that we can safely launch in the constructor of the Fragment." */
  job = rill_launch (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (fragment)), NULL,
                     launch_when_started_io, &ac, NULL);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  run_main_loop_a_little ();
  assert_log (none);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (io_started (&ac));
  assert_log (checking);

  /* Stopped while the IO call runs: the call completes, the line after it
   * does not run. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  g_mutex_lock (&ac.lock);
  ac.io_may_return = TRUE;
  g_cond_broadcast (&ac.cond);
  g_mutex_unlock (&ac.lock);
  ITERATE_UNTIL (io_returned (&ac));
  run_main_loop_a_little ();
  assert_log (checking);
  g_assert_true (ac.loading_visible);

  /* Started again: the block goes on from there, then the caller. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (rill_job_is_completed (job));
  assert_log (expected);
  g_assert_false (ac.loading_visible);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
  g_mutex_clear (&ac.lock);
  g_cond_clear (&ac.cond);
}

/* ------------------------------------------------------------------------ */
/* launchWhenStarted with a finally block                                   */

/* lifecycleScope.launchWhenStarted {
 *     try {
 *         // Call some suspend functions.
 *     } finally {
 *         // This line might execute after Lifecycle is DESTROYED.
 *         if (lifecycle.state >= STARTED) {
 *             // Here, since we've checked, it is safe to run any
 *             // Fragment transactions.
 *         }
 *     }
 * } */

typedef struct
{
  TestFragment *fragment;
  RillJob      *gate;
} FinallyCase;

static void
try_finally_block (RillScope *scope,
                   gpointer   user_data)
{
  FinallyCase *fc = user_data;

  /* try */
  log_line ("working");
  rill_job_join (fc->gate);

  /* finally */
  if (fragment_state (fc->fragment) >= RILL_LIFECYCLE_STATE_STARTED)
    log_line ("finally in %s: running the transaction", state_nick (fragment_state (fc->fragment)));
  else
    log_line ("finally in %s: leaving the UI alone", state_nick (fragment_state (fc->fragment)));
}

static void
test_launch_when_started_finally (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  g_autoptr(RillJob) gate = rill_job_new (NULL);
  FinallyCase fc = { fragment, gate };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "working", "finally in destroyed: leaving the UI alone", NULL };

  log_reset ();
  job = rill_lifecycle_launch_when_started (rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (fragment)),
                                            try_finally_block, &fc, NULL);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (log_length () == 1);

  /* Destroyed while it waits: the finally part runs, cancelled, and sees
   * that the lifecycle is below STARTED. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
  ITERATE_UNTIL (rill_job_get_state (job) == RILL_JOB_STATE_CANCELLED);
  assert_log (expected);
  rill_job_cancel (gate);
}

static void
test_launch_when_started_finally_completes (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  g_autoptr(RillJob) gate = rill_job_new (NULL);
  FinallyCase fc = { fragment, gate };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "working", "finally in resumed: running the transaction", NULL };

  log_reset ();
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_RESUMED);
  job = rill_lifecycle_launch_when_started (rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (fragment)),
                                            try_finally_block, &fc, NULL);
  ITERATE_UNTIL (log_length () == 1);
  rill_job_complete (gate);
  ITERATE_UNTIL (rill_job_is_completed (job));
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
}

/* viewLifecycleOwner.lifecycleScope.launch {
 *     exampleProvider.exampleFlow()
 *         .flowWithLifecycle(viewLifecycleOwner.lifecycle, Lifecycle.State.STARTED)
 *         .collect { // Process the value. }
 * } */

typedef struct
{
  TestFragment *fragment;
  guint starts;
  guint processed;
  guint processed_below;
  guint last;
  guint restarts_from_one;
  gboolean completed;
} ExampleFlow;

static gboolean
example_flow_producer (RillFlowEmitter  *emitter,
                       gpointer          user_data,
                       GError          **error)
{
  ExampleFlow *e = user_data;

  /* A cold flow: each collection counts from 1, a value per millisecond. */
  e->starts++;
  for (int value = 1;; value++)
    {
      if (!rill_flow_emitter_emit_int (emitter, value, error))
        return FALSE;
      if (!rill_delay (1))
        {
          g_propagate_error (error, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"));
          return FALSE;
        }
    }
}

static gboolean
process_value (const GValue  *value,
               gpointer       user_data,
               GError       **error)
{
  ExampleFlow *e = user_data;
  guint v = (guint) g_value_get_int (value);

  if (fragment_state (e->fragment) < RILL_LIFECYCLE_STATE_STARTED)
    e->processed_below++;
  if (v == 1)
    e->restarts_from_one++;
  e->last = v;
  e->processed++;
  return TRUE;
}

static void
collect_example_flow (RillScope *scope,
                      gpointer   user_data)
{
  ExampleFlow *e = user_data;
  RillLifecycle *lifecycle = rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (e->fragment));
  g_autoptr(RillFlow) example = rill_flow_new (G_TYPE_INT, example_flow_producer, e, NULL);
  g_autoptr(RillFlow) with = rill_flow_with_lifecycle (example, lifecycle, RILL_LIFECYCLE_STATE_STARTED);

  e->completed = rill_flow_collect (with, process_value, e, NULL);
}

static void
test_flow_with_lifecycle (void)
{
  g_autoptr(TestFragment) fragment = g_object_new (TEST_TYPE_FRAGMENT, NULL);
  ExampleFlow e = { fragment, };
  g_autoptr(RillJob) job = NULL;
  guint processed;

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  job = rill_launch (rill_lifecycle_owner_get_scope (RILL_LIFECYCLE_OWNER (fragment)), NULL,
                     collect_example_flow, &e, NULL);
  run_main_loop_a_little ();
  g_assert_cmpuint (e.starts, ==, 0);

  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_STARTED);
  ITERATE_UNTIL (e.processed >= 3);

  /* Stopped: the upstream collection is cancelled; nothing is processed. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_CREATED);
  processed = e.processed;
  run_main_loop_a_little ();
  g_assert_cmpuint (e.processed, ==, processed);

  /* Started again: the flow is collected afresh, from its first value. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_RESUMED);
  ITERATE_UNTIL (e.processed >= processed + 3);
  g_assert_cmpuint (e.starts, ==, 2);
  g_assert_cmpuint (e.restarts_from_one, ==, 2);

  /* Destroyed: the collection completes, and the launched coroutine with it. */
  fragment_move_to (fragment, RILL_LIFECYCLE_STATE_DESTROYED);
  ITERATE_UNTIL (rill_job_is_completed (job));
  g_assert_true (e.completed);
  g_assert_cmpuint (e.processed_below, ==, 0);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_COMPLETED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* As in a GTK application's callbacks: Main.immediate runs at once. */
  g_main_context_acquire (g_main_context_default ());

  g_test_add_func ("/seed/view-model-scope", test_view_model_scope);
  g_test_add_func ("/seed/lifecycle-scope-with-context-default", test_lifecycle_scope_with_context_default);
  g_test_add_func ("/seed/repeat-on-lifecycle-collect", test_repeat_on_lifecycle_collect);
  g_test_add_func ("/seed/repeat-on-lifecycle-parallel", test_repeat_on_lifecycle_parallel);
  g_test_add_func ("/seed/flow-with-lifecycle", test_flow_with_lifecycle);
  g_test_add_func ("/seed/when-started-with-context-io", test_when_started_with_context_io);
  g_test_add_func ("/seed/launch-when-started-finally", test_launch_when_started_finally);
  g_test_add_func ("/seed/launch-when-started-finally-completes", test_launch_when_started_finally_completes);

  return g_test_run ();
}
