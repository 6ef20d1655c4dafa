/* test-lifecycle-state.c: lifecycle states and events, as androidx
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#define NONE ((RillLifecycleEvent) -1)

typedef gboolean (*EventFunc) (RillLifecycleState state, RillLifecycleEvent *event);

static RillLifecycleEvent
event_or_none (EventFunc          func,
               RillLifecycleState state)
{
  RillLifecycleEvent event = NONE;

  if (!func (state, &event))
    {
      g_assert_cmpint (event, ==, NONE);
      return NONE;
    }
  return event;
}

static void
test_order (void)
{
  g_assert_cmpint (RILL_LIFECYCLE_STATE_DESTROYED, <, RILL_LIFECYCLE_STATE_INITIALIZED);
  g_assert_cmpint (RILL_LIFECYCLE_STATE_INITIALIZED, <, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_cmpint (RILL_LIFECYCLE_STATE_CREATED, <, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_cmpint (RILL_LIFECYCLE_STATE_STARTED, <, RILL_LIFECYCLE_STATE_RESUMED);

  g_assert_true (rill_lifecycle_state_is_at_least (RILL_LIFECYCLE_STATE_RESUMED, RILL_LIFECYCLE_STATE_STARTED));
  g_assert_true (rill_lifecycle_state_is_at_least (RILL_LIFECYCLE_STATE_STARTED, RILL_LIFECYCLE_STATE_STARTED));
  g_assert_false (rill_lifecycle_state_is_at_least (RILL_LIFECYCLE_STATE_CREATED, RILL_LIFECYCLE_STATE_STARTED));
  g_assert_false (rill_lifecycle_state_is_at_least (RILL_LIFECYCLE_STATE_DESTROYED, RILL_LIFECYCLE_STATE_INITIALIZED));
}

static void
test_target_state (void)
{
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_CREATE), ==, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_START), ==, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_RESUME), ==, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_PAUSE), ==, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_STOP), ==, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_cmpint (rill_lifecycle_event_get_target_state (RILL_LIFECYCLE_EVENT_ON_DESTROY), ==, RILL_LIFECYCLE_STATE_DESTROYED);
}

/* androidx's Event.downFrom / downTo / upFrom / upTo, state by state. */
static void
test_events_between_states (void)
{
  struct {
    RillLifecycleState state;
    RillLifecycleEvent down_from, down_to, up_from, up_to;
  } table[] = {
    { RILL_LIFECYCLE_STATE_DESTROYED,   NONE, RILL_LIFECYCLE_EVENT_ON_DESTROY, NONE, NONE },
    { RILL_LIFECYCLE_STATE_INITIALIZED, NONE, NONE, RILL_LIFECYCLE_EVENT_ON_CREATE, NONE },
    { RILL_LIFECYCLE_STATE_CREATED, RILL_LIFECYCLE_EVENT_ON_DESTROY, RILL_LIFECYCLE_EVENT_ON_STOP,
      RILL_LIFECYCLE_EVENT_ON_START, RILL_LIFECYCLE_EVENT_ON_CREATE },
    { RILL_LIFECYCLE_STATE_STARTED, RILL_LIFECYCLE_EVENT_ON_STOP, RILL_LIFECYCLE_EVENT_ON_PAUSE,
      RILL_LIFECYCLE_EVENT_ON_RESUME, RILL_LIFECYCLE_EVENT_ON_START },
    { RILL_LIFECYCLE_STATE_RESUMED, RILL_LIFECYCLE_EVENT_ON_PAUSE, NONE, NONE,
      RILL_LIFECYCLE_EVENT_ON_RESUME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_cmpint (event_or_none (rill_lifecycle_event_down_from, table[i].state), ==, table[i].down_from);
      g_assert_cmpint (event_or_none (rill_lifecycle_event_down_to, table[i].state), ==, table[i].down_to);
      g_assert_cmpint (event_or_none (rill_lifecycle_event_up_from, table[i].state), ==, table[i].up_from);
      g_assert_cmpint (event_or_none (rill_lifecycle_event_up_to, table[i].state), ==, table[i].up_to);
    }
  /* The result may be ignored. */
  g_assert_true (rill_lifecycle_event_up_from (RILL_LIFECYCLE_STATE_CREATED, NULL));
}

/* Every up event leads where the next one starts, and the same down. */
static void
test_events_chain (void)
{
  RillLifecycleState state = RILL_LIFECYCLE_STATE_INITIALIZED;
  RillLifecycleEvent event;
  guint steps = 0;

  while (rill_lifecycle_event_up_from (state, &event))
    {
      state = rill_lifecycle_event_get_target_state (event);
      steps++;
    }
  g_assert_cmpint (state, ==, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_cmpuint (steps, ==, 3);
  while (rill_lifecycle_event_down_from (state, &event))
    {
      state = rill_lifecycle_event_get_target_state (event);
      steps++;
    }
  g_assert_cmpint (state, ==, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_cmpuint (steps, ==, 6);
}

static void
test_enum_types (void)
{
  GEnumClass *states = g_type_class_ref (RILL_TYPE_LIFECYCLE_STATE);
  GEnumClass *events = g_type_class_ref (RILL_TYPE_LIFECYCLE_EVENT);

  g_assert_cmpuint (states->n_values, ==, 5);
  g_assert_cmpuint (events->n_values, ==, 6);
  g_assert_cmpstr (g_enum_get_value (states, RILL_LIFECYCLE_STATE_STARTED)->value_nick, ==, "started");
  g_assert_cmpstr (g_enum_get_value (events, RILL_LIFECYCLE_EVENT_ON_PAUSE)->value_nick, ==, "on-pause");
  g_type_class_unref (states);
  g_type_class_unref (events);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lifecycle/state/order", test_order);
  g_test_add_func ("/lifecycle/event/target-state", test_target_state);
  g_test_add_func ("/lifecycle/event/between-states", test_events_between_states);
  g_test_add_func ("/lifecycle/event/chain", test_events_chain);
  g_test_add_func ("/lifecycle/enum-types", test_enum_types);

  return g_test_run ();
}
