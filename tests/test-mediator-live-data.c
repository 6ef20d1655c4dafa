/* test-mediator-live-data.c: MediatorLiveData
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

/* A source that logs when it becomes active or inactive. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, RillMutableLiveData)

struct _TestSource
{
  RillMutableLiveData parent_instance;
  gboolean active;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, RILL_TYPE_MUTABLE_LIVE_DATA)

static void
test_source_on_active (RillLiveData *live_data)
{
  TEST_SOURCE (live_data)->active = TRUE;
  log_line ("source active");
}

static void
test_source_on_inactive (RillLiveData *live_data)
{
  TEST_SOURCE (live_data)->active = FALSE;
  log_line ("source inactive");
}

static void
test_source_class_init (TestSourceClass *klass)
{
  RILL_LIVE_DATA_CLASS (klass)->on_active = test_source_on_active;
  RILL_LIVE_DATA_CLASS (klass)->on_inactive = test_source_on_inactive;
}

static void
test_source_init (TestSource *self)
{
}

#define LD(x) RILL_LIVE_DATA (x)
#define MUT(x) RILL_MUTABLE_LIVE_DATA (x)
#define OWNER(x) RILL_LIFECYCLE_OWNER (x)

typedef struct
{
  RillMediatorLiveData  *mediator;
  TestSource            *source;
  RillLifecycleRegistry *owner;
} Fixture;

static void
ignore_value (RillLiveData *live_data,
              const GValue *value,
              gpointer      user_data)
{
}

/* As androidx's test: a mediator observed by an owner that is STARTED. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  log_reset ();
  fixture->mediator = rill_mediator_live_data_new (G_TYPE_STRING);
  fixture->source = g_object_new (TEST_TYPE_SOURCE, "value-type", G_TYPE_STRING, NULL);
  fixture->owner = rill_lifecycle_registry_new (NULL);
  rill_lifecycle_registry_set_current_state (fixture->owner, RILL_LIFECYCLE_STATE_STARTED);
  rill_live_data_observe (LD (fixture->mediator), OWNER (fixture->owner), ignore_value, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (rill_lifecycle_get_current_state (RILL_LIFECYCLE (fixture->owner)) != RILL_LIFECYCLE_STATE_DESTROYED)
    rill_lifecycle_registry_set_current_state (fixture->owner, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_false (rill_live_data_has_observers (LD (fixture->mediator)));
  g_clear_object (&fixture->mediator);
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->owner);
}

static void
log_string (RillLiveData *live_data,
            const GValue *value,
            gpointer      user_data)
{
  log_line ("%s:%s", (const char *) user_data, g_value_get_string (value));
}

static void
log_int (RillLiveData *live_data,
         const GValue *value,
         gpointer      user_data)
{
  log_line ("%s:%d", (const char *) user_data, g_value_get_int (value));
}

static void
log_destroy (gpointer data)
{
  log_line ("destroy %s", (const char *) data);
}

static void
set_state (Fixture            *fixture,
           RillLifecycleState  state)
{
  rill_lifecycle_registry_set_current_state (fixture->owner, state);
}

/* ------------------------------------------------------------------------ */

static void
test_initial_value (void)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(RillMediatorLiveData) mediator = NULL;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "value");
  mediator = rill_mediator_live_data_new_with_value (&v);
  g_assert_cmpstr (rill_live_data_get_string (LD (mediator)), ==, "value");
}

static void
test_single_delivery (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *expected[] = { "source active", "a:flatfoot", "source inactive", NULL };

  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  assert_log (expected);
}

static void
test_change_while_inactive (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *expected[] = { "source active", "a:one", "source inactive", "source active", "a:flatfoot", NULL };

  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  rill_mutable_live_data_set_string (MUT (fixture->source), "one");
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  rill_mutable_live_data_set_string (MUT (fixture->source), "ignored");
  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  assert_log (expected);
}

static void
test_same_version_not_delivered_again (Fixture       *fixture,
                                       gconstpointer  data)
{
  const char *expected[] = { "source active", "a:one", "source inactive", "source active", NULL };

  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  rill_mutable_live_data_set_string (MUT (fixture->source), "one");
  /* Observed again, the source delivers "one" again: same version, dropped. */
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  assert_log (expected);
}

static void
test_add_source_to_active (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *expected[] = { "source active", "a:flatfoot", NULL };

  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  assert_log (expected);
}

static void
test_add_source_to_inactive (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *expected[] = { "source active", "a:flatfoot", NULL };

  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  g_assert_false (fixture->source->active);
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
  g_assert_cmpuint (log_length (), ==, 0);
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  assert_log (expected);
}

static void
test_remove_source (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *expected[] = { "source active", "a:flatfoot", "source inactive", "destroy a", NULL };

  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", log_destroy);
  rill_mediator_live_data_remove_source (fixture->mediator, LD (fixture->source));
  rill_mutable_live_data_set_string (MUT (fixture->source), "failure");
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
  /* Not a source any more: ignored. */
  rill_mediator_live_data_remove_source (fixture->mediator, LD (fixture->source));
  assert_log (expected);
}

static void
test_source_inactive (Fixture       *fixture,
                      gconstpointer  data)
{
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  g_assert_true (fixture->source->active);
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_false (fixture->source->active);
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_true (fixture->source->active);
}

static void
test_no_leak_observer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  g_assert_true (rill_live_data_has_observers (LD (fixture->source)));
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  set_state (fixture, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
}

static void
test_multiple_sources (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RillMutableLiveData) source2 = rill_mutable_live_data_new (G_TYPE_INT);
  const char *expected[] = { "source active", "a:flatfoot", "b:1703", "source inactive", NULL };

  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", NULL);
  rill_mediator_live_data_add_source (fixture->mediator, LD (source2), log_int, "b", NULL);
  rill_mutable_live_data_set_string (MUT (fixture->source), "flatfoot");
  rill_mutable_live_data_set_int (source2, 1703);
  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  rill_mutable_live_data_set_string (MUT (fixture->source), "failure");
  rill_mutable_live_data_set_int (source2, 0);
  assert_log (expected);
}

typedef struct
{
  RillMediatorLiveData *mediator;
  RillLiveData         *remove;
} Removing;

static void
remove_the_source (RillLiveData *live_data,
                   const GValue *value,
                   gpointer      user_data)
{
  Removing *removing = user_data;

  log_line ("remove from %s", g_value_get_string (value));
  rill_mediator_live_data_remove_source (removing->mediator, removing->remove);
}

static void
test_remove_source_during_on_active (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RillMutableLiveData) source2 = rill_mutable_live_data_new (G_TYPE_STRING);
  Removing removing = { fixture->mediator, LD (fixture->source) };
  const char *expected[] = { "source active", "remove from pet-jack", "source inactive", "remove from nana", NULL };

  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), remove_the_source, &removing, NULL);
  rill_mutable_live_data_set_string (source2, "nana");
  rill_mediator_live_data_add_source (fixture->mediator, LD (source2), remove_the_source, &removing, NULL);
  rill_mutable_live_data_set_string (MUT (fixture->source), "pet-jack");
  /* The first source removes itself while the mediator plugs its sources. */
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_false (rill_live_data_has_observers (LD (fixture->source)));
  g_assert_true (rill_live_data_has_observers (LD (source2)));
  assert_log (expected);
}

static void
test_add_same_source (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *expected[] = { "source active", "a:x", NULL };

  rill_mutable_live_data_set_string (MUT (fixture->source), "x");
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", log_destroy);
  /* The same callback: ignored, destroy not called. */
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "a", log_destroy);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*already a source*with a different callback*");
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), log_string, "b", log_destroy);
  g_test_assert_expected_messages ();
  assert_log (expected);
  log_reset ();
}

typedef struct
{
  RillMediatorLiveData *mediator;
  RillMutableLiveData  *inner;
} Nested;

static void
set_c (RillLiveData *live_data,
       const GValue *value,
       gpointer      user_data)
{
  rill_mutable_live_data_set_string (user_data, "c");
}

static void
add_inner_source (RillLiveData *live_data,
                  const GValue *value,
                  gpointer      user_data)
{
  Nested *nested = user_data;

  nested->inner = rill_mutable_live_data_new (G_TYPE_STRING);
  rill_mutable_live_data_set_string (nested->inner, "b");
  rill_mediator_live_data_add_source (nested->mediator, LD (nested->inner), set_c, nested->mediator, NULL);
}

static void
test_add_source_during_on_active (Fixture       *fixture,
                                  gconstpointer  data)
{
  Nested nested = { fixture->mediator, NULL };

  set_state (fixture, RILL_LIFECYCLE_STATE_CREATED);
  rill_mutable_live_data_set_string (MUT (fixture->source), "a");
  rill_mediator_live_data_add_source (fixture->mediator, LD (fixture->source), add_inner_source, &nested, NULL);
  set_state (fixture, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_cmpstr (rill_live_data_get_string (LD (fixture->mediator)), ==, "c");
  rill_mediator_live_data_remove_source (fixture->mediator, LD (nested.inner));
  g_clear_object (&nested.inner);
}

static void
forward (RillLiveData *live_data,
         const GValue *value,
         gpointer      user_data)
{
  rill_mutable_live_data_set_value (user_data, value);
}

static void
test_mediator_finalized_while_active (void)
{
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_INT);
  RillMediatorLiveData *mediator = rill_mediator_live_data_new (G_TYPE_INT);
  const char *expected[] = { "m:1", "destroy m", NULL };

  log_reset ();
  rill_mediator_live_data_add_source (mediator, LD (source), forward, mediator, NULL);
  rill_live_data_observe_forever (LD (mediator), log_int, "m", log_destroy);
  rill_mutable_live_data_set_int (source, 1);
  g_assert_true (rill_live_data_has_observers (LD (source)));
  /* It stops observing its source. */
  g_object_unref (mediator);
  g_assert_false (rill_live_data_has_observers (LD (source)));
  rill_mutable_live_data_set_int (source, 2);
  assert_log (expected);
}

static void
test_chain_of_mediators (void)
{
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMediatorLiveData) first = rill_mediator_live_data_new (G_TYPE_INT);
  g_autoptr(RillMediatorLiveData) second = rill_mediator_live_data_new (G_TYPE_INT);
  const char *expected[] = { "end:1", "end:2", NULL };
  gulong id;

  log_reset ();
  rill_mediator_live_data_add_source (first, LD (source), forward, first, NULL);
  rill_mediator_live_data_add_source (second, LD (first), forward, second, NULL);
  rill_mutable_live_data_set_int (source, 1);
  g_assert_false (rill_live_data_has_observers (LD (source)));
  id = rill_live_data_observe_forever (LD (second), log_int, "end", NULL);
  g_assert_true (rill_live_data_has_active_observers (LD (first)));
  g_assert_true (rill_live_data_has_active_observers (LD (source)));
  rill_mutable_live_data_set_int (source, 2);
  rill_live_data_remove_observer (LD (second), id);
  g_assert_false (rill_live_data_has_observers (LD (first)));
  g_assert_false (rill_live_data_has_observers (LD (source)));
  assert_log (expected);
}

static gpointer
add_from_thread (gpointer data)
{
  RillMediatorLiveData **pair = data;

  rill_mediator_live_data_add_source (pair[0], RILL_LIVE_DATA (pair[1]), forward, pair[0], NULL);
  return NULL;
}

static void
test_add_source_off_main_thread (void)
{
  g_autoptr(RillMediatorLiveData) mediator = rill_mediator_live_data_new (G_TYPE_INT);
  g_autoptr(RillMediatorLiveData) source = rill_mediator_live_data_new (G_TYPE_INT);
  RillMediatorLiveData *pair[2] = { mediator, source };

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "Cannot invoke rill_mediator_live_data_add_source on a background thread*");
  g_thread_join (g_thread_new ("adder", add_from_thread, pair));
  g_test_assert_expected_messages ();
  rill_live_data_observe_forever (LD (mediator), log_int, "m", NULL);
  g_assert_false (rill_live_data_has_observers (LD (source)));
  rill_live_data_remove_observer_by_func (LD (mediator), log_int, "m");
}

#define ADD(path, func) \
  g_test_add ("/mediator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mediator/initial-value", test_initial_value);
  ADD ("single-delivery", test_single_delivery);
  ADD ("change-while-inactive", test_change_while_inactive);
  ADD ("same-version-not-again", test_same_version_not_delivered_again);
  ADD ("add-source-to-active", test_add_source_to_active);
  ADD ("add-source-to-inactive", test_add_source_to_inactive);
  ADD ("remove-source", test_remove_source);
  ADD ("source-inactive", test_source_inactive);
  ADD ("no-leak-observer", test_no_leak_observer);
  ADD ("multiple-sources", test_multiple_sources);
  ADD ("remove-source-during-on-active", test_remove_source_during_on_active);
  ADD ("add-same-source", test_add_same_source);
  ADD ("add-source-during-on-active", test_add_source_during_on_active);
  g_test_add_func ("/mediator/finalized-while-active", test_mediator_finalized_while_active);
  g_test_add_func ("/mediator/chain", test_chain_of_mediators);
  g_test_add_func ("/mediator/thread-critical", test_add_source_off_main_thread);

  return g_test_run ();
}
