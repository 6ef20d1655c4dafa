/* test-flow-sources.c: flows of properties, signals, live data and
 * lifecycles, and flows as live data
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"
#include "test-main-loop.h"

/* An object with a property and two signals */

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject parent_instance;
  int count;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, G_TYPE_OBJECT)

enum { PROP_0, PROP_COUNT };
enum { POKED, LEVEL, PAIR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
test_source_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  TEST_SOURCE (object)->count = g_value_get_int (value);
}

static void
test_source_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  g_value_set_int (value, TEST_SOURCE (object)->count);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = test_source_set_property;
  object_class->get_property = test_source_get_property;
  g_object_class_install_property (object_class, PROP_COUNT,
                                   g_param_spec_int ("count", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  signals[POKED] = g_signal_new ("poked", TEST_TYPE_SOURCE, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  signals[LEVEL] = g_signal_new ("level", TEST_TYPE_SOURCE, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT);
  signals[PAIR] = g_signal_new ("pair", TEST_TYPE_SOURCE, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
}

static void
test_source_init (TestSource *self)
{
}

/* Running coroutines on the main thread */

static void
iterate_until_done (RillJob *job)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint id = g_timeout_add (5, tick, NULL);

  while (!rill_job_is_completed (job) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  g_assert_true (rill_job_is_completed (job));
}

typedef struct
{
  RillFlow *flow;
  gboolean ok;
  GError *error;
} Collect;

static gboolean
log_value (const GValue  *value,
           gpointer       user_data,
           GError       **error)
{
  if (G_VALUE_HOLDS_INT (value))
    log_line ("%d", g_value_get_int (value));
  else if (G_VALUE_HOLDS_ENUM (value))
    {
      GEnumClass *klass = g_type_class_ref (G_VALUE_TYPE (value));

      log_line ("%s", g_enum_get_value (klass, g_value_get_enum (value))->value_nick);
      g_type_class_unref (klass);
    }
  else if (G_VALUE_HOLDS_OBJECT (value))
    log_line ("%s", G_OBJECT_TYPE_NAME (g_value_get_object (value)));
  else
    g_assert_not_reached ();
  return TRUE;
}

static void
observe_value (RillLiveData *live_data,
               const GValue *value,
               gpointer      user_data)
{
  log_value (value, user_data, NULL);
}

static void
collect_block (RillScope *scope,
               gpointer   user_data)
{
  Collect *collect = user_data;

  collect->ok = rill_flow_collect (collect->flow, log_value, NULL, &collect->error);
  log_line (collect->ok ? "done" : "failed");
}

static RillJob *
start_collecting (Collect  *collect,
                  RillFlow *flow)
{
  static RillScope *scope;

  if (scope == NULL)
    scope = rill_main_scope_new ();
  collect->flow = flow;
  collect->ok = FALSE;
  collect->error = NULL;
  return rill_launch (scope, rill_context_main (), collect_block, collect, NULL);
}

/* Tests */

static void
test_live_data_as_flow (void)
{
  g_autoptr(RillMutableLiveData) live = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillFlow) flow = rill_live_data_as_flow (RILL_LIVE_DATA (live));
  g_autoptr(RillFlow) three = rill_flow_take (flow, 3);
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  rill_mutable_live_data_set_int (live, 1);
  job = start_collecting (&collect, three);
  iterate_pending ();
  /* Observed forever while collected: the current value first. */
  g_assert_true (rill_live_data_has_active_observers (RILL_LIVE_DATA (live)));
  rill_mutable_live_data_set_int (live, 2);
  iterate_pending ();
  rill_mutable_live_data_set_int (live, 3);
  iterate_until_done (job);
  g_assert_true (collect.ok);
  iterate_pending ();
  /* Removed once the collection ended. */
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (live)));
  assert_log ((const char *[]) { "1", "2", "3", "done", NULL });
}

static void
test_live_data_as_flow_conflates (void)
{
  g_autoptr(RillMutableLiveData) live = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillFlow) flow = rill_live_data_as_flow (RILL_LIVE_DATA (live));
  g_autoptr(RillFlow) three = rill_flow_take (flow, 3);
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  rill_mutable_live_data_set_int (live, 1);
  job = start_collecting (&collect, three);
  iterate_pending ();
  assert_log ((const char *[]) { "1", NULL });
  /* Set faster than collected: 2 goes to the waiting collector; of 3 and 4,
   * set before it runs again, only the newest is kept. */
  rill_mutable_live_data_set_int (live, 2);
  rill_mutable_live_data_set_int (live, 3);
  rill_mutable_live_data_set_int (live, 4);
  iterate_until_done (job);
  assert_log ((const char *[]) { "1", "2", "4", "done", NULL });
}

static void
test_flow_as_live_data (void)
{
  GValue values[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  g_autoptr(RillFlow) flow = NULL;
  g_autoptr(RillLiveData) live = NULL;
  gulong id;

  for (int i = 0; i < 3; i++)
    {
      g_value_init (&values[i], G_TYPE_INT);
      g_value_set_int (&values[i], 10 * (i + 1));
    }
  flow = rill_flow_of_values (G_TYPE_INT, values, 3);
  for (int i = 0; i < 3; i++)
    g_value_unset (&values[i]);

  log_reset ();
  live = rill_flow_as_live_data (flow, NULL, 0);
  g_assert_false (rill_live_data_is_initialized (live));
  id = rill_live_data_observe_forever (live, observe_value, NULL, NULL);
  iterate_pending ();
  assert_log ((const char *[]) { "10", "20", "30", NULL });

  /* Completed: not collected again when active again, the value stays. */
  rill_live_data_remove_observer (live, id);
  iterate_pending ();
  id = rill_live_data_observe_forever (live, observe_value, NULL, NULL);
  iterate_pending ();
  assert_log ((const char *[]) { "10", "20", "30", "30", NULL });
  rill_live_data_remove_observer (live, id);
}

static void
test_from_property (void)
{
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, "count", 5, NULL);
  g_autoptr(RillFlow) flow = rill_flow_from_property (source, "count");
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  g_assert_cmpint (rill_flow_get_value_type (flow), ==, G_TYPE_INT);
  job = start_collecting (&collect, flow);
  iterate_pending ();
  g_object_set (source, "count", 6, NULL);
  g_object_set (source, "count", 7, NULL);
  iterate_pending ();
  /* Neither kept alive by the flow nor by its collection: when the object
   * goes, the collection completes. */
  g_object_add_weak_pointer (G_OBJECT (source), (gpointer *) &source);
  g_object_unref (source);
  g_assert_null (source);
  iterate_until_done (job);
  g_assert_true (collect.ok);
  assert_log ((const char *[]) { "5", "6", "7", "done", NULL });

  /* Collected again after that: nothing, and done at once. */
  log_reset ();
  g_clear_pointer (&job, rill_job_unref);
  job = start_collecting (&collect, flow);
  iterate_until_done (job);
  assert_log ((const char *[]) { "done", NULL });
}

static void
test_from_property_disconnects (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(RillFlow) flow = rill_flow_from_property (source, "count");
  g_autoptr(RillFlow) two = rill_flow_take (flow, 2);
  g_autoptr(RillJob) job = NULL;
  Collect collect;
  guint notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);

  log_reset ();
  g_assert_false (g_signal_has_handler_pending (source, notify_id, 0, TRUE));
  job = start_collecting (&collect, two);
  iterate_pending ();
  g_assert_true (g_signal_has_handler_pending (source, notify_id, g_quark_from_string ("count"), TRUE));
  g_object_set (source, "count", 1, NULL);
  iterate_until_done (job);
  /* The handler goes with the collection. */
  g_assert_false (g_signal_has_handler_pending (source, notify_id, g_quark_from_string ("count"), TRUE));
  assert_log ((const char *[]) { "0", "1", "done", NULL });

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*has no readable property 'missing'*");
  g_assert_null (rill_flow_from_property (source, "missing"));
  g_test_assert_expected_messages ();
}

static void
test_from_signal (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(RillFlow) levels = rill_flow_from_signal (source, "level");
  g_autoptr(RillFlow) pokes = rill_flow_from_signal (source, "poked");
  g_autoptr(RillFlow) two_levels = rill_flow_take (levels, 2);
  g_autoptr(RillFlow) one_poke = rill_flow_take (pokes, 1);
  g_autoptr(RillJob) job = NULL;
  g_autoptr(RillJob) poke_job = NULL;
  Collect collect, poke_collect;

  log_reset ();
  g_assert_cmpint (rill_flow_get_value_type (levels), ==, G_TYPE_INT);
  g_assert_cmpint (rill_flow_get_value_type (pokes), ==, TEST_TYPE_SOURCE);
  /* Emissions before the collection are not seen. */
  g_signal_emit (source, signals[LEVEL], 0, 1);
  job = start_collecting (&collect, two_levels);
  iterate_pending ();
  g_signal_emit (source, signals[LEVEL], 0, 5);
  g_signal_emit (source, signals[LEVEL], 0, 7);
  iterate_until_done (job);
  assert_log ((const char *[]) { "5", "7", "done", NULL });
  g_assert_false (g_signal_has_handler_pending (source, signals[LEVEL], 0, TRUE));

  log_reset ();
  poke_job = start_collecting (&poke_collect, one_poke);
  iterate_pending ();
  g_signal_emit (source, signals[POKED], 0);
  iterate_until_done (poke_job);
  assert_log ((const char *[]) { "TestSource", "done", NULL });

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*'pair'*has 2 arguments*");
  g_assert_null (rill_flow_from_signal (source, "pair"));
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*has no signal 'missing'*");
  g_assert_null (rill_flow_from_signal (source, "missing"));
  g_test_assert_expected_messages ();
}

static void
test_flow_with_lifecycle (void)
{
  g_autoptr(RillMutableLiveData) live = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(RillFlow) upstream = rill_live_data_as_flow (RILL_LIVE_DATA (live));
  g_autoptr(RillFlow) flow = rill_flow_with_lifecycle (upstream, RILL_LIFECYCLE (registry),
                                                       RILL_LIFECYCLE_STATE_STARTED);
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  rill_mutable_live_data_set_int (live, 1);
  job = start_collecting (&collect, flow);
  iterate_pending ();
  /* Not collected below STARTED. */
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (live)));
  g_assert_cmpuint (log_length (), ==, 0);

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  iterate_pending ();
  rill_mutable_live_data_set_int (live, 2);
  iterate_pending ();

  /* Stopped: the upstream collection is cancelled, its observer removed. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  iterate_pending ();
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (live)));
  rill_mutable_live_data_set_int (live, 3);
  rill_mutable_live_data_set_int (live, 4);
  iterate_pending ();

  /* Started again: collected afresh, from the current value. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  iterate_pending ();
  rill_mutable_live_data_set_int (live, 5);
  iterate_pending ();

  /* Destroyed: the collection completes. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  iterate_until_done (job);
  g_assert_true (collect.ok);
  g_assert_false (rill_job_is_cancelled (job));
  iterate_pending ();
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (live)));
  assert_log ((const char *[]) { "1", "2", "4", "5", "done", NULL });
}

static gboolean
failing_producer (RillFlowEmitter  *emitter,
                  gpointer          user_data,
                  GError          **error)
{
  if (!rill_flow_emitter_emit_int (emitter, 1, error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "upstream broke");
  return FALSE;
}

static void
test_flow_with_lifecycle_error (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(RillFlow) upstream = rill_flow_new (G_TYPE_INT, failing_producer, NULL, NULL);
  g_autoptr(RillFlow) flow = rill_flow_with_lifecycle (upstream, RILL_LIFECYCLE (registry),
                                                       RILL_LIFECYCLE_STATE_STARTED);
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  job = start_collecting (&collect, flow);
  iterate_until_done (job);
  /* The upstream's error ends the collection, after what it sent. */
  g_assert_false (collect.ok);
  g_assert_error (collect.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_clear_error (&collect.error);
  assert_log ((const char *[]) { "1", "failed", NULL });
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
}

static void
test_lifecycle_event_flow (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(RillFlow) events = rill_lifecycle_get_event_flow (RILL_LIFECYCLE (registry));
  g_autoptr(RillJob) job = NULL;
  Collect collect;

  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  job = start_collecting (&collect, events);
  iterate_pending ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  iterate_pending ();
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  iterate_until_done (job);
  g_assert_true (collect.ok);
  /* Walked up to the state first, then each event, then done. */
  assert_log ((const char *[]) { "on-create", "on-start", "on-stop", "on-destroy", "done", NULL });
}

static void
test_lifecycle_current_state_flow (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  RillStateFlow *states = rill_lifecycle_get_current_state_flow (RILL_LIFECYCLE (registry));
  g_autoptr(RillFlow) three = rill_flow_take (RILL_FLOW (states), 3);
  g_autoptr(RillJob) job = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  Collect collect;

  g_assert_true (rill_lifecycle_get_current_state_flow (RILL_LIFECYCLE (registry)) == states);
  rill_state_flow_get_value (states, &value);
  g_assert_cmpint (g_value_get_enum (&value), ==, RILL_LIFECYCLE_STATE_INITIALIZED);

  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  job = start_collecting (&collect, three);
  iterate_pending ();
  /* A jump of several states is one change of the flow: where it settled. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  iterate_pending ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  iterate_until_done (job);
  assert_log ((const char *[]) { "created", "resumed", "destroyed", "done", NULL });
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The main thread runs the default main context, as in an application. */
  g_main_context_acquire (NULL);

  g_test_add_func ("/flow-sources/live-data-as-flow", test_live_data_as_flow);
  g_test_add_func ("/flow-sources/live-data-as-flow-conflates", test_live_data_as_flow_conflates);
  g_test_add_func ("/flow-sources/flow-as-live-data", test_flow_as_live_data);
  g_test_add_func ("/flow-sources/from-property", test_from_property);
  g_test_add_func ("/flow-sources/from-property-disconnects", test_from_property_disconnects);
  g_test_add_func ("/flow-sources/from-signal", test_from_signal);
  g_test_add_func ("/flow-sources/with-lifecycle", test_flow_with_lifecycle);
  g_test_add_func ("/flow-sources/with-lifecycle-error", test_flow_with_lifecycle_error);
  g_test_add_func ("/flow-sources/lifecycle-event-flow", test_lifecycle_event_flow);
  g_test_add_func ("/flow-sources/lifecycle-current-state-flow", test_lifecycle_current_state_flow);

  return g_test_run ();
}
