/* test-transformations.c: map, switch_map, distinct_until_changed
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include <rill.h>

#include "test-log.h"

#define LD(x) RILL_LIVE_DATA (x)
#define MUT(x) RILL_MUTABLE_LIVE_DATA (x)
#define OWNER(x) RILL_LIFECYCLE_OWNER (x)

static RillLifecycleRegistry *
started_owner (void)
{
  RillLifecycleRegistry *registry = rill_lifecycle_registry_new (NULL);

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  return registry;
}

static void
log_int (RillLiveData *live_data,
         const GValue *value,
         gpointer      user_data)
{
  log_line ("%s:%d", (const char *) user_data, g_value_get_int (value));
}

static void
log_string (RillLiveData *live_data,
            const GValue *value,
            gpointer      user_data)
{
  const char *s = g_value_get_string (value);

  log_line ("%s:%s", (const char *) user_data, s != NULL ? s : "(null)");
}

static void
log_destroy (gpointer data)
{
  log_line ("destroy %s", (const char *) data);
}

static void
destroy_owner (RillLifecycleRegistry *registry)
{
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_object_unref (registry);
}

/* ------------------------------------------------------------------------ */
/* map                                                                      */

static int n_map_calls;

static void
string_length (const GValue *value,
               GValue       *result,
               gpointer      user_data)
{
  const char *s = g_value_get_string (value);

  n_map_calls++;
  g_assert_true (G_VALUE_HOLDS_INT (result));
  g_value_set_int (result, s != NULL ? (int) strlen (s) : -1);
}

static void
test_map (void)
{
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_STRING);
  RillLifecycleRegistry *owner = started_owner ();
  g_autoptr(RillLiveData) mapped = NULL;
  const char *expected[] = { "m:4", "m:5", "destroy data", NULL };

  log_reset ();
  n_map_calls = 0;
  mapped = rill_live_data_map (LD (source), G_TYPE_INT, string_length, "data", log_destroy);
  g_assert_true (RILL_IS_MEDIATOR_LIVE_DATA (mapped));
  g_assert_cmpint (rill_live_data_get_value_type (mapped), ==, G_TYPE_INT);
  g_assert_false (rill_live_data_is_initialized (mapped));
  rill_live_data_observe (mapped, OWNER (owner), log_int, "m", NULL);
  rill_mutable_live_data_set_string (source, "four");
  rill_mutable_live_data_set_string (source, "fives");
  g_assert_cmpint (n_map_calls, ==, 2);

  /* Not observed: the source is not observed, nothing is mapped. */
  rill_lifecycle_registry_set_current_state (owner, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_false (rill_live_data_has_observers (LD (source)));
  rill_mutable_live_data_set_string (source, "sixsix");
  g_assert_cmpint (n_map_calls, ==, 2);
  destroy_owner (owner);
  g_clear_object (&mapped);
  assert_log (expected);
}

static void
identity (const GValue *value,
          GValue       *result,
          gpointer      user_data)
{
  g_value_copy (value, result);
}

static void
constant_output (const GValue *value,
                 GValue       *result,
                 gpointer      user_data)
{
  g_value_set_string (result, "testOutput");
}

static void
test_map_initial_value (void)
{
  g_auto(GValue) initial = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) source = NULL;
  g_autoptr(RillMutableLiveData) null_source = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillLiveData) mapped = NULL;
  g_autoptr(RillLiveData) from_null = NULL;
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "m:value", NULL };

  log_reset ();
  g_value_init (&initial, G_TYPE_STRING);
  g_value_set_string (&initial, "value");
  source = rill_mutable_live_data_new_with_value (&initial);
  mapped = rill_live_data_map (LD (source), G_TYPE_STRING, identity, NULL, NULL);
  g_assert_true (rill_live_data_is_initialized (mapped));
  g_assert_cmpstr (rill_live_data_get_string (mapped), ==, "value");
  /* Observed: the latest value once, though the source delivers it again. */
  rill_live_data_observe (mapped, OWNER (owner), log_string, "m", NULL);
  assert_log (expected);

  /* A source holding NULL is set: it is mapped. */
  rill_mutable_live_data_set_string (null_source, NULL);
  from_null = rill_live_data_map (LD (null_source), G_TYPE_STRING, constant_output, NULL, NULL);
  g_assert_true (rill_live_data_is_initialized (from_null));
  g_assert_cmpstr (rill_live_data_get_string (from_null), ==, "testOutput");
  destroy_owner (owner);
}

typedef struct
{
  RillMutableLiveData *source;
  RillMutableLiveData *followed;
  RillLiveData        *result;
  RillLiveData        *switched;
} BackgroundCreation;

static RillLiveData *
return_user_data (const GValue *value,
                  gpointer      user_data)
{
  return user_data != NULL ? g_object_ref (user_data) : NULL;
}

static gpointer
create_in_thread (gpointer data)
{
  BackgroundCreation *creation = data;

  creation->result = rill_live_data_map (LD (creation->source), G_TYPE_STRING, identity, NULL, NULL);
  creation->switched = rill_live_data_switch_map (LD (creation->source), G_TYPE_STRING,
                                                  return_user_data, creation->followed, NULL);
  return NULL;
}

static void
test_created_on_background_thread (void)
{
  g_auto(GValue) initial = G_VALUE_INIT;
  BackgroundCreation creation = { NULL, NULL, NULL, NULL };
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "m:value", "s:value", "m:next", "s:followed", NULL };

  log_reset ();
  g_value_init (&initial, G_TYPE_STRING);
  g_value_set_string (&initial, "value");
  creation.source = rill_mutable_live_data_new_with_value (&initial);
  creation.followed = rill_mutable_live_data_new_with_value (&initial);
  g_thread_join (g_thread_new ("creator", create_in_thread, &creation));
  g_assert_cmpstr (rill_live_data_get_string (creation.result), ==, "value");
  g_assert_cmpstr (rill_live_data_get_string (creation.switched), ==, "value");
  rill_live_data_observe (creation.result, OWNER (owner), log_string, "m", NULL);
  rill_live_data_observe (creation.switched, OWNER (owner), log_string, "s", NULL);
  rill_mutable_live_data_set_string (creation.source, "next");
  rill_mutable_live_data_set_string (creation.followed, "followed");
  assert_log (expected);
  destroy_owner (owner);
  g_clear_object (&creation.result);
  g_clear_object (&creation.switched);
  g_clear_object (&creation.source);
  g_clear_object (&creation.followed);
}

static void
square (const GValue *value,
        GValue       *result,
        gpointer      user_data)
{
  g_value_set_int (result, g_value_get_int (value) * g_value_get_int (value));
}

static void
test_no_obsolete_value (void)
{
  g_autoptr(RillMutableLiveData) numbers = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLiveData) squared = rill_live_data_map (LD (numbers), G_TYPE_INT, square, NULL, NULL);
  const char *expected[] = { "o:1", "o:4", NULL };

  log_reset ();
  rill_mutable_live_data_set_int (RILL_MUTABLE_LIVE_DATA (squared), 1);
  rill_live_data_observe_forever (squared, log_int, "o", NULL);
  rill_live_data_remove_observer_by_func (squared, log_int, "o");
  rill_mutable_live_data_set_int (numbers, 2);
  /* Only 4: not the stale 1 first. */
  rill_live_data_observe_forever (squared, log_int, "o", NULL);
  rill_live_data_remove_observer_by_func (squared, log_int, "o");
  assert_log (expected);
}

static void
to_text (const GValue *value,
         GValue       *result,
         gpointer      user_data)
{
  g_value_take_string (result, g_strdup_printf ("%s%d", (const char *) user_data, g_value_get_int (value)));
}

static void
test_map_chain (void)
{
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLiveData) squared = rill_live_data_map (LD (source), G_TYPE_INT, square, NULL, NULL);
  g_autoptr(RillLiveData) text = rill_live_data_map (squared, G_TYPE_STRING, to_text, "n=", NULL);
  const char *expected[] = { "t:n=9", "t:n=16", NULL };
  gulong id;

  log_reset ();
  id = rill_live_data_observe_forever (text, log_string, "t", NULL);
  rill_mutable_live_data_set_int (source, 3);
  rill_mutable_live_data_set_int (source, 4);
  rill_live_data_remove_observer (text, id);
  g_assert_false (rill_live_data_has_observers (squared));
  g_assert_false (rill_live_data_has_observers (LD (source)));
  assert_log (expected);
}

static void
wrong_type (const GValue *value,
            GValue       *result,
            gpointer      user_data)
{
  g_value_unset (result);
  g_value_init (result, G_TYPE_STRING);
  g_value_set_string (result, "not a number");
}

static void
test_map_wrong_result_type (void)
{
  g_autoptr(RillMutableLiveData) source = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLiveData) mapped = rill_live_data_map (LD (source), G_TYPE_INT, wrong_type, NULL, NULL);

  log_reset ();
  rill_live_data_observe_forever (mapped, log_int, "m", NULL);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*map function*'gchararray'*'gint'*");
  rill_mutable_live_data_set_int (source, 1);
  g_test_assert_expected_messages ();
  g_assert_false (rill_live_data_is_initialized (mapped));
  g_assert_cmpuint (log_length (), ==, 0);
  rill_live_data_remove_observer_by_func (mapped, log_int, "m");
}

/* ------------------------------------------------------------------------ */
/* switch_map                                                               */

typedef struct
{
  RillLiveData *first;
  RillLiveData *second;
  int           n_calls;
  gboolean      null_for_others;
} Switch;

static RillLiveData *
pick (const GValue *value,
      gpointer      user_data)
{
  Switch *sw = user_data;

  sw->n_calls++;
  if (g_value_get_int (value) == 1)
    return g_object_ref (sw->first);
  if (sw->null_for_others)
    return NULL;
  return g_object_ref (sw->second);
}

static void
test_switch_map (void)
{
  g_autoptr(RillMutableLiveData) trigger = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) first = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillMutableLiveData) second = rill_mutable_live_data_new (G_TYPE_STRING);
  Switch sw = { LD (first), LD (second), 0, FALSE };
  g_autoptr(RillLiveData) result = rill_live_data_switch_map (LD (trigger), G_TYPE_STRING, pick, &sw, NULL);
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "r:first", "r:second", NULL };

  log_reset ();
  rill_live_data_observe (result, OWNER (owner), log_string, "r", NULL);
  g_assert_cmpuint (log_length (), ==, 0);
  rill_mutable_live_data_set_string (first, "first");
  rill_mutable_live_data_set_int (trigger, 1);
  rill_mutable_live_data_set_string (second, "second");
  rill_mutable_live_data_set_int (trigger, 2);
  /* The first one was left: nothing more from it. */
  rill_mutable_live_data_set_string (first, "failure");
  g_assert_false (rill_live_data_has_observers (LD (first)));
  g_assert_true (rill_live_data_has_observers (LD (second)));
  destroy_owner (owner);
  g_assert_false (rill_live_data_has_observers (LD (second)));
  g_assert_false (rill_live_data_has_observers (LD (trigger)));
  assert_log (expected);
}

static void
test_switch_map_values_after_switch (void)
{
  g_autoptr(RillMutableLiveData) trigger = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) first = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillMutableLiveData) second = rill_mutable_live_data_new (G_TYPE_STRING);
  Switch sw = { LD (first), LD (second), 0, FALSE };
  g_autoptr(RillLiveData) result = rill_live_data_switch_map (LD (trigger), G_TYPE_STRING, pick, &sw, NULL);
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "r:fi", "r:rst", "r:second", NULL };

  log_reset ();
  rill_live_data_observe (result, OWNER (owner), log_string, "r", NULL);
  rill_mutable_live_data_set_int (trigger, 1);
  g_assert_cmpuint (log_length (), ==, 0);
  rill_mutable_live_data_set_string (first, "fi");
  rill_mutable_live_data_set_string (first, "rst");
  rill_mutable_live_data_set_string (second, "second");
  rill_mutable_live_data_set_int (trigger, 2);
  rill_mutable_live_data_set_string (first, "failure");
  destroy_owner (owner);
  assert_log (expected);
}

static void
test_switch_map_initial_value (void)
{
  g_auto(GValue) t = G_VALUE_INIT;
  g_auto(GValue) s = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) original = NULL;
  g_autoptr(RillMutableLiveData) source1 = NULL;
  g_autoptr(RillMutableLiveData) empty = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillMutableLiveData) null_original = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillLiveData) switched = NULL;
  g_autoptr(RillLiveData) not_initialized = NULL;
  g_autoptr(RillLiveData) from_null = NULL;

  g_value_init (&t, G_TYPE_BOOLEAN);
  g_value_set_boolean (&t, TRUE);
  original = rill_mutable_live_data_new_with_value (&t);
  g_value_init (&s, G_TYPE_STRING);
  g_value_set_string (&s, "value1");
  source1 = rill_mutable_live_data_new_with_value (&s);

  switched = rill_live_data_switch_map (LD (original), G_TYPE_STRING, return_user_data, source1, NULL);
  g_assert_true (rill_live_data_is_initialized (switched));
  g_assert_cmpstr (rill_live_data_get_string (switched), ==, "value1");

  not_initialized = rill_live_data_switch_map (LD (original), G_TYPE_STRING, return_user_data, empty, NULL);
  g_assert_false (rill_live_data_is_initialized (not_initialized));

  rill_mutable_live_data_set_string (null_original, NULL);
  from_null = rill_live_data_switch_map (LD (null_original), G_TYPE_STRING, return_user_data, empty, NULL);
  g_assert_false (rill_live_data_is_initialized (from_null));
}

static void
test_switch_map_same_live_data (void)
{
  g_auto(GValue) t = G_VALUE_INIT;
  g_auto(GValue) s = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) original = NULL;
  g_autoptr(RillMutableLiveData) source = NULL;
  g_autoptr(RillLiveData) switched = NULL;
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "r:value", "r:modifiedValue", NULL };

  log_reset ();
  g_value_init (&t, G_TYPE_BOOLEAN);
  g_value_set_boolean (&t, TRUE);
  original = rill_mutable_live_data_new_with_value (&t);
  g_value_init (&s, G_TYPE_STRING);
  g_value_set_string (&s, "value");
  source = rill_mutable_live_data_new_with_value (&s);
  switched = rill_live_data_switch_map (LD (original), G_TYPE_STRING, return_user_data, source, NULL);
  rill_live_data_observe (switched, OWNER (owner), log_string, "r", NULL);
  rill_mutable_live_data_set_string (source, "modifiedValue");
  g_assert_cmpstr (rill_live_data_get_string (switched), ==, "modifiedValue");
  /* The same live data for a new trigger value: kept, not re-delivered. */
  rill_mutable_live_data_set_boolean (original, FALSE);
  destroy_owner (owner);
  assert_log (expected);
}

static RillLiveData *
always_first (const GValue *value,
              gpointer      user_data)
{
  Switch *sw = user_data;

  sw->n_calls++;
  return g_object_ref (sw->first);
}

static void
test_no_redispatch_switch_map (void)
{
  g_autoptr(RillMutableLiveData) trigger = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) first = rill_mutable_live_data_new (G_TYPE_STRING);
  Switch sw = { LD (first), NULL, 0, FALSE };
  g_autoptr(RillLiveData) result = rill_live_data_switch_map (LD (trigger), G_TYPE_STRING, always_first, &sw, NULL);
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "r:first", NULL };

  log_reset ();
  rill_live_data_observe (result, OWNER (owner), log_string, "r", NULL);
  rill_mutable_live_data_set_string (first, "first");
  rill_mutable_live_data_set_int (trigger, 1);
  rill_mutable_live_data_set_int (trigger, 2);
  g_assert_cmpint (sw.n_calls, ==, 2);
  destroy_owner (owner);
  assert_log (expected);
}

static void
test_switch_map_to_null (void)
{
  g_autoptr(RillMutableLiveData) trigger = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) first = rill_mutable_live_data_new (G_TYPE_STRING);
  Switch sw = { LD (first), NULL, 0, TRUE };
  g_autoptr(RillLiveData) result = rill_live_data_switch_map (LD (trigger), G_TYPE_STRING, pick, &sw, NULL);
  RillLifecycleRegistry *owner = started_owner ();
  const char *expected[] = { "r:first", NULL };

  log_reset ();
  rill_live_data_observe (result, OWNER (owner), log_string, "r", NULL);
  rill_mutable_live_data_set_string (first, "first");
  rill_mutable_live_data_set_int (trigger, 1);
  rill_mutable_live_data_set_int (trigger, 2);
  g_assert_false (rill_live_data_has_observers (LD (first)));
  rill_mutable_live_data_set_string (first, "ignored");
  destroy_owner (owner);
  assert_log (expected);
}

static RillLiveData *
return_int_live_data (const GValue *value,
                      gpointer      user_data)
{
  return g_object_ref (user_data);
}

static void
test_switch_map_wrong_type (void)
{
  g_autoptr(RillMutableLiveData) trigger = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) ints = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLiveData) result = rill_live_data_switch_map (LD (trigger), G_TYPE_STRING,
                                                              return_int_live_data, ints, NULL);

  rill_live_data_observe_forever (result, log_string, "r", NULL);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*switch_map*'gint'*'gchararray'*ignored*");
  rill_mutable_live_data_set_int (trigger, 1);
  g_test_assert_expected_messages ();
  g_assert_false (rill_live_data_has_observers (LD (ints)));
  rill_live_data_remove_observer_by_func (result, log_string, "r");
}

/* ------------------------------------------------------------------------ */
/* distinct_until_changed                                                   */

static void
count (RillLiveData *live_data,
       const GValue *value,
       gpointer      user_data)
{
  (*(int *) user_data)++;
}

static void
test_distinct_initial_value (void)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(RillMutableLiveData) original = NULL;
  g_autoptr(RillLiveData) distinct = NULL;
  RillLifecycleRegistry *owner = started_owner ();
  int times = 0;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "value");
  original = rill_mutable_live_data_new_with_value (&v);
  distinct = rill_live_data_distinct_until_changed (LD (original));
  g_assert_cmpstr (rill_live_data_get_string (distinct), ==, "value");
  rill_live_data_observe (distinct, OWNER (owner), count, &times, NULL);
  g_assert_cmpint (times, ==, 1);
  g_assert_cmpstr (rill_live_data_get_string (distinct), ==, "value");
  destroy_owner (owner);
}

static void
test_distinct_initial_null (void)
{
  g_autoptr(RillMutableLiveData) original = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillLiveData) distinct = NULL;
  RillLifecycleRegistry *owner = started_owner ();
  int times = 0;

  rill_mutable_live_data_set_string (original, NULL);
  distinct = rill_live_data_distinct_until_changed (LD (original));
  g_assert_true (rill_live_data_is_initialized (distinct));
  g_assert_null (rill_live_data_get_string (distinct));
  rill_live_data_observe (distinct, OWNER (owner), count, &times, NULL);
  g_assert_cmpint (times, ==, 1);
  destroy_owner (owner);
}

static void
test_distinct_copies_values (void)
{
  g_autoptr(RillMutableLiveData) original = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillLiveData) distinct = rill_live_data_distinct_until_changed (LD (original));
  RillLifecycleRegistry *owner = started_owner ();
  int times = 0;

  g_assert_null (rill_live_data_get_string (distinct));
  rill_live_data_observe (distinct, OWNER (owner), count, &times, NULL);
  g_assert_cmpint (times, ==, 0);
  rill_mutable_live_data_set_string (original, "new value");
  g_assert_cmpstr (rill_live_data_get_string (distinct), ==, "new value");
  g_assert_cmpint (times, ==, 1);
  /* An equal string, another pointer: dropped. */
  rill_mutable_live_data_set_string (original, "new value");
  g_assert_cmpint (times, ==, 1);
  rill_mutable_live_data_set_string (original, "newer value");
  g_assert_cmpstr (rill_live_data_get_string (distinct), ==, "newer value");
  g_assert_cmpint (times, ==, 2);
  rill_mutable_live_data_set_string (original, NULL);
  g_assert_cmpint (times, ==, 3);
  rill_mutable_live_data_set_string (original, NULL);
  g_assert_cmpint (times, ==, 3);
  rill_live_data_remove_observers (distinct, OWNER (owner));
  destroy_owner (owner);
}

static void
test_distinct_first_value_passes (void)
{
  g_autoptr(RillMutableLiveData) original = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLiveData) distinct = rill_live_data_distinct_until_changed (LD (original));
  const char *expected[] = { "d:0", "d:1", "d:0", NULL };

  log_reset ();
  rill_live_data_observe_forever (distinct, log_int, "d", NULL);
  /* 0 is the type's default, yet the first value always passes. */
  rill_mutable_live_data_set_int (original, 0);
  rill_mutable_live_data_set_int (original, 0);
  rill_mutable_live_data_set_int (original, 1);
  rill_mutable_live_data_set_int (original, 1);
  rill_mutable_live_data_set_int (original, 0);
  rill_live_data_remove_observer_by_func (distinct, log_int, "d");
  assert_log (expected);
}

static void
test_values_equal (void)
{
  g_auto(GValue) a = G_VALUE_INIT;
  g_auto(GValue) b = G_VALUE_INIT;
  g_autoptr(GObject) o1 = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) o2 = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GBytes) b1 = g_bytes_new ("x", 1);
  g_autoptr(GBytes) b2 = g_bytes_new ("x", 1);

#define RESET(type) G_STMT_START { \
    if (G_IS_VALUE (&a)) g_value_unset (&a); \
    if (G_IS_VALUE (&b)) g_value_unset (&b); \
    g_value_init (&a, type); g_value_init (&b, type); } G_STMT_END

  RESET (G_TYPE_DOUBLE);
  g_value_set_double (&a, NAN);
  g_value_set_double (&b, NAN);
  g_assert_true (rill_live_data_values_equal (&a, &b));
  g_value_set_double (&a, 0.0);
  g_value_set_double (&b, -0.0);
  g_assert_false (rill_live_data_values_equal (&a, &b));
  g_value_set_double (&b, 0.0);
  g_assert_true (rill_live_data_values_equal (&a, &b));

  RESET (G_TYPE_BOOLEAN);
  a.data[0].v_int = 2;   /* any true is TRUE */
  g_value_set_boolean (&b, TRUE);
  g_assert_true (rill_live_data_values_equal (&a, &b));

  RESET (G_TYPE_STRING);
  g_value_set_string (&a, "same");
  g_value_set_string (&b, "same");
  g_assert_true (rill_live_data_values_equal (&a, &b));
  g_value_set_string (&b, NULL);
  g_assert_false (rill_live_data_values_equal (&a, &b));
  g_value_set_string (&a, NULL);
  g_assert_true (rill_live_data_values_equal (&a, &b));

  RESET (G_TYPE_OBJECT);
  g_value_set_object (&a, o1);
  g_value_set_object (&b, o2);
  g_assert_false (rill_live_data_values_equal (&a, &b));
  g_value_set_object (&b, o1);
  g_assert_true (rill_live_data_values_equal (&a, &b));

  /* Boxed: by pointer, even when equal by content. */
  RESET (G_TYPE_BYTES);
  g_value_set_boxed (&a, b1);
  g_value_set_boxed (&b, b2);
  g_assert_false (rill_live_data_values_equal (&a, &b));

  RESET (G_TYPE_VARIANT);
  g_value_take_variant (&a, g_variant_new_int32 (3));
  g_value_take_variant (&b, g_variant_new_int32 (3));
  g_assert_true (rill_live_data_values_equal (&a, &b));

  RESET (G_TYPE_UINT64);
  g_value_set_uint64 (&a, G_MAXUINT64);
  g_value_set_uint64 (&b, G_MAXUINT64 - 1);
  g_assert_false (rill_live_data_values_equal (&a, &b));
#undef RESET
}

static gboolean
bytes_content_equal (const GValue *a,
                     const GValue *b,
                     gpointer      user_data)
{
  (*(int *) user_data)++;
  g_assert_nonnull (g_value_get_boxed (a));
  g_assert_nonnull (g_value_get_boxed (b));
  return g_bytes_equal (g_value_get_boxed (a), g_value_get_boxed (b));
}

static void
test_distinct_full (void)
{
  g_autoptr(RillMutableLiveData) original = rill_mutable_live_data_new (G_TYPE_BYTES);
  g_autoptr(RillLiveData) by_pointer = rill_live_data_distinct_until_changed (LD (original));
  int n_compared = 0;
  g_autoptr(RillLiveData) by_content = NULL;
  g_autoptr(GBytes) x1 = g_bytes_new ("x", 1);
  g_autoptr(GBytes) x2 = g_bytes_new ("x", 1);
  g_autoptr(GBytes) y = g_bytes_new ("y", 1);
  int pointer_times = 0, content_times = 0;

  log_reset ();
  by_content = rill_live_data_distinct_until_changed_full (LD (original), bytes_content_equal,
                                                           &n_compared, NULL);
  rill_live_data_observe_forever (by_pointer, count, &pointer_times, NULL);
  rill_live_data_observe_forever (by_content, count, &content_times, NULL);
  rill_mutable_live_data_set_boxed (original, x1);
  rill_mutable_live_data_set_boxed (original, x2);
  rill_mutable_live_data_set_boxed (original, y);
  rill_mutable_live_data_set_boxed (original, NULL);   /* not given to the function */
  rill_mutable_live_data_set_boxed (original, NULL);
  g_assert_cmpint (pointer_times, ==, 4);
  g_assert_cmpint (content_times, ==, 3);
  g_assert_cmpint (n_compared, ==, 2);
  rill_live_data_remove_observer_by_func (by_pointer, count, &pointer_times);
  rill_live_data_remove_observer_by_func (by_content, count, &content_times);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transformations/map", test_map);
  g_test_add_func ("/transformations/map/initial-value", test_map_initial_value);
  g_test_add_func ("/transformations/map/no-obsolete-value", test_no_obsolete_value);
  g_test_add_func ("/transformations/map/chain", test_map_chain);
  g_test_add_func ("/transformations/map/wrong-result-type", test_map_wrong_result_type);
  g_test_add_func ("/transformations/created-on-background-thread", test_created_on_background_thread);
  g_test_add_func ("/transformations/switch-map", test_switch_map);
  g_test_add_func ("/transformations/switch-map/values-after-switch", test_switch_map_values_after_switch);
  g_test_add_func ("/transformations/switch-map/initial-value", test_switch_map_initial_value);
  g_test_add_func ("/transformations/switch-map/same-live-data", test_switch_map_same_live_data);
  g_test_add_func ("/transformations/switch-map/no-redispatch", test_no_redispatch_switch_map);
  g_test_add_func ("/transformations/switch-map/to-null", test_switch_map_to_null);
  g_test_add_func ("/transformations/switch-map/wrong-type", test_switch_map_wrong_type);
  g_test_add_func ("/transformations/distinct/initial-value", test_distinct_initial_value);
  g_test_add_func ("/transformations/distinct/initial-null", test_distinct_initial_null);
  g_test_add_func ("/transformations/distinct/copies-values", test_distinct_copies_values);
  g_test_add_func ("/transformations/distinct/first-value-passes", test_distinct_first_value_passes);
  g_test_add_func ("/transformations/distinct/full", test_distinct_full);
  g_test_add_func ("/transformations/values-equal", test_values_equal);

  return g_test_run ();
}
