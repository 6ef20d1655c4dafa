/* test-live-data.c: LiveData and MutableLiveData
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include <stdlib.h>
#include <string.h>

#include "test-log.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* A live data that logs its activity changes and runs hooks from them. */
#define TEST_TYPE_LIVE_DATA (test_live_data_get_type ())
G_DECLARE_FINAL_TYPE (TestLiveData, test_live_data, TEST, LIVE_DATA, RillMutableLiveData)

struct _TestLiveData
{
  RillMutableLiveData parent_instance;
  void (*active_hook) (TestLiveData *self);
  void (*inactive_hook) (TestLiveData *self);
  gpointer hook_data;
};

G_DEFINE_FINAL_TYPE (TestLiveData, test_live_data, RILL_TYPE_MUTABLE_LIVE_DATA)

static void
test_live_data_on_active (RillLiveData *live_data)
{
  TestLiveData *self = TEST_LIVE_DATA (live_data);

  log_line ("on_active");
  if (self->active_hook != NULL)
    self->active_hook (self);
}

static void
test_live_data_on_inactive (RillLiveData *live_data)
{
  TestLiveData *self = TEST_LIVE_DATA (live_data);

  log_line ("on_inactive");
  if (self->inactive_hook != NULL)
    self->inactive_hook (self);
}

static void
test_live_data_class_init (TestLiveDataClass *klass)
{
  RILL_LIVE_DATA_CLASS (klass)->on_active = test_live_data_on_active;
  RILL_LIVE_DATA_CLASS (klass)->on_inactive = test_live_data_on_inactive;
}

static void
test_live_data_init (TestLiveData *self)
{
}

static TestLiveData *
test_live_data_new (GType value_type)
{
  return g_object_new (TEST_TYPE_LIVE_DATA, "value-type", value_type, NULL);
}

/* An owner that is not its own lifecycle. */
#define TEST_TYPE_OWNER (test_owner_get_type ())
G_DECLARE_FINAL_TYPE (TestOwner, test_owner, TEST, OWNER, GObject)

struct _TestOwner
{
  GObject parent_instance;
  RillLifecycleRegistry *registry;
};

static RillLifecycle *
test_owner_get_lifecycle (RillLifecycleOwner *owner)
{
  return RILL_LIFECYCLE (TEST_OWNER (owner)->registry);
}

static void
test_owner_iface_init (RillLifecycleOwnerInterface *iface)
{
  iface->get_lifecycle = test_owner_get_lifecycle;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestOwner, test_owner, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_LIFECYCLE_OWNER, test_owner_iface_init))

static void
test_owner_finalize (GObject *object)
{
  g_clear_object (&TEST_OWNER (object)->registry);
  G_OBJECT_CLASS (test_owner_parent_class)->finalize (object);
}

static void
test_owner_class_init (TestOwnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_owner_finalize;
}

static void
test_owner_init (TestOwner *self)
{
  self->registry = rill_lifecycle_registry_new (self);
}

/* An object with properties to bind to. */
#define TEST_TYPE_TARGET (test_target_get_type ())
G_DECLARE_FINAL_TYPE (TestTarget, test_target, TEST, TARGET, GObject)

struct _TestTarget
{
  GObject parent_instance;
  char *text;
  int number;
};

G_DEFINE_FINAL_TYPE (TestTarget, test_target, G_TYPE_OBJECT)

enum { TARGET_PROP_0, TARGET_PROP_TEXT, TARGET_PROP_NUMBER };

static void
test_target_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TestTarget *self = TEST_TARGET (object);

  if (prop_id == TARGET_PROP_TEXT)
    {
      g_free (self->text);
      self->text = g_value_dup_string (value);
    }
  else
    self->number = g_value_get_int (value);
}

static void
test_target_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TestTarget *self = TEST_TARGET (object);

  if (prop_id == TARGET_PROP_TEXT)
    g_value_set_string (value, self->text);
  else
    g_value_set_int (value, self->number);
}

static void
test_target_finalize (GObject *object)
{
  g_free (TEST_TARGET (object)->text);
  G_OBJECT_CLASS (test_target_parent_class)->finalize (object);
}

static void
test_target_class_init (TestTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = test_target_set_property;
  object_class->get_property = test_target_get_property;
  object_class->finalize = test_target_finalize;
  g_object_class_install_property (object_class, TARGET_PROP_TEXT,
                                   g_param_spec_string ("text", NULL, NULL, "unset", G_PARAM_READWRITE));
  g_object_class_install_property (object_class, TARGET_PROP_NUMBER,
                                   g_param_spec_int ("number", NULL, NULL, G_MININT, G_MAXINT, -1,
                                                     G_PARAM_READWRITE));
}

static void
test_target_init (TestTarget *self)
{
  self->text = g_strdup ("unset");
  self->number = -1;
}

/* Logs "NAME:VALUE" for integer live data. */
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
  log_line ("%s:%s", (const char *) user_data, g_value_get_string (value));
}

static void
log_destroy (gpointer data)
{
  log_line ("destroy %s", (const char *) data);
}

static RillLifecycleRegistry *
registry_at (RillLifecycleState state)
{
  RillLifecycleRegistry *registry = rill_lifecycle_registry_new (NULL);

  rill_lifecycle_registry_set_current_state (registry, state);
  return registry;
}

#define OWNER(r) RILL_LIFECYCLE_OWNER (r)
#define LD(x) RILL_LIVE_DATA (x)

static void
iterate_default_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static void
test_value_initial (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) with_value = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  g_auto(GValue) init = G_VALUE_INIT;
  const char *expected[] = { "b:7", NULL };

  g_assert_cmpint (rill_live_data_get_value_type (LD (ld)), ==, G_TYPE_INT);
  g_assert_false (rill_live_data_is_initialized (LD (ld)));
  g_assert_false (rill_live_data_get_value (LD (ld), &v));
  g_assert_true (G_VALUE_HOLDS_INT (&v));
  g_assert_cmpint (g_value_get_int (&v), ==, 0);
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, 0);

  rill_mutable_live_data_set_int (ld, 5);
  g_assert_true (rill_live_data_is_initialized (LD (ld)));
  g_assert_true (rill_live_data_get_value (LD (ld), &v));
  g_assert_cmpint (g_value_get_int (&v), ==, 5);
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, 5);

  /* androidx's MutableLiveData(value): version 0, delivered once. */
  log_reset ();
  g_value_init (&init, G_TYPE_INT);
  g_value_set_int (&init, 7);
  with_value = rill_mutable_live_data_new_with_value (&init);
  g_assert_true (rill_live_data_is_initialized (LD (with_value)));
  rill_live_data_observe_forever (LD (with_value), log_int, "b", NULL);
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (with_value), log_int, "b");
}

static void
test_value_types (void)
{
  g_autoptr(RillMutableLiveData) s = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillMutableLiveData) b = rill_mutable_live_data_new (G_TYPE_BOOLEAN);
  g_autoptr(RillMutableLiveData) d = rill_mutable_live_data_new (G_TYPE_DOUBLE);
  g_autoptr(RillMutableLiveData) i64 = rill_mutable_live_data_new (G_TYPE_INT64);
  g_autoptr(RillMutableLiveData) u64 = rill_mutable_live_data_new (G_TYPE_UINT64);
  g_autoptr(RillMutableLiveData) u = rill_mutable_live_data_new (G_TYPE_UINT);
  g_autoptr(RillMutableLiveData) e = rill_mutable_live_data_new (RILL_TYPE_LIFECYCLE_STATE);
  g_autoptr(RillMutableLiveData) f = rill_mutable_live_data_new (G_TYPE_BINDING_FLAGS);
  g_autoptr(RillMutableLiveData) o = rill_mutable_live_data_new (G_TYPE_CANCELLABLE);
  g_autoptr(RillMutableLiveData) bx = rill_mutable_live_data_new (G_TYPE_BYTES);
  g_autoptr(RillMutableLiveData) var = rill_mutable_live_data_new (G_TYPE_VARIANT);
  g_autoptr(GCancellable) c = g_cancellable_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abc", 3);
  g_auto(GValue) v = G_VALUE_INIT;
  g_autofree char *dup = NULL;
  g_autoptr(GCancellable) dup_object = NULL;

  {
    /* The string is copied: the caller's buffer may change. */
    char buffer[] = "hello";

    rill_mutable_live_data_set_string (s, buffer);
    strcpy (buffer, "jello");
  }
  g_assert_cmpstr (rill_live_data_get_string (LD (s)), ==, "hello");
  dup = rill_live_data_dup_string (LD (s));
  g_assert_cmpstr (dup, ==, "hello");
  rill_mutable_live_data_set_string (s, NULL);
  g_assert_null (rill_live_data_get_string (LD (s)));
  g_assert_true (rill_live_data_is_initialized (LD (s)));

  rill_mutable_live_data_set_boolean (b, 42);
  g_assert_true (rill_live_data_get_boolean (LD (b)));
  rill_mutable_live_data_set_double (d, 2.5);
  g_assert_cmpfloat (rill_live_data_get_double (LD (d)), ==, 2.5);
  rill_mutable_live_data_set_int64 (i64, G_MININT64);
  g_assert_cmpint (rill_live_data_get_int64 (LD (i64)), ==, G_MININT64);
  rill_mutable_live_data_set_uint64 (u64, G_MAXUINT64);
  g_assert_cmpuint (rill_live_data_get_uint64 (LD (u64)), ==, G_MAXUINT64);
  rill_mutable_live_data_set_uint (u, G_MAXUINT);
  g_assert_cmpuint (rill_live_data_get_uint (LD (u)), ==, G_MAXUINT);
  rill_mutable_live_data_set_enum (e, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_cmpint (rill_live_data_get_enum (LD (e)), ==, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_true (rill_live_data_get_value (LD (e), &v));
  g_assert_cmpint (G_VALUE_TYPE (&v), ==, RILL_TYPE_LIFECYCLE_STATE);
  g_assert_cmpint (g_value_get_enum (&v), ==, RILL_LIFECYCLE_STATE_RESUMED);
  g_value_unset (&v);
  rill_mutable_live_data_set_flags (f, G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_assert_cmpuint (rill_live_data_get_flags (LD (f)), ==, G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  rill_mutable_live_data_set_object (o, c);
  g_assert_true (rill_live_data_get_object (LD (o)) == c);
  dup_object = rill_live_data_dup_object (LD (o));
  g_assert_true (dup_object == c);
  rill_mutable_live_data_set_object (o, NULL);
  g_assert_null (rill_live_data_get_object (LD (o)));

  rill_mutable_live_data_set_boxed (bx, bytes);
  g_assert_true (g_bytes_equal (rill_live_data_get_boxed (LD (bx)), bytes));

  g_value_init (&v, G_TYPE_VARIANT);
  g_value_take_variant (&v, g_variant_new_string ("variant"));
  rill_mutable_live_data_set_value (var, &v);
  g_value_unset (&v);
  g_assert_true (rill_live_data_get_value (LD (var), &v));
  g_assert_cmpstr (g_variant_get_string (g_value_get_variant (&v), NULL), ==, "variant");
}

static void
test_value_wrong_type (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) cancellables = rill_mutable_live_data_new (G_TYPE_CANCELLABLE);
  g_autoptr(GObject) plain = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) c = g_cancellable_new ();
  g_auto(GValue) s = G_VALUE_INIT;
  g_auto(GValue) as_object = G_VALUE_INIT;
  g_auto(GValue) plain_value = G_VALUE_INIT;
  RillMutableLiveData *invalid;
  const char *expected[] = { "a:1", NULL };

  log_reset ();
  rill_mutable_live_data_set_int (ld, 1);
  rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);

  g_value_init (&s, G_TYPE_STRING);
  g_value_set_string (&s, "nope");
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_mutable_live_data_set_value*'gchararray'*'gint'*");
  rill_mutable_live_data_set_value (ld, &s);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_mutable_live_data_post_value*'gchararray'*");
  rill_mutable_live_data_post_value (ld, &s);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_mutable_live_data_set_string*'gint', not 'gchararray'*");
  rill_mutable_live_data_set_string (ld, "nope");
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_mutable_live_data_post_double*");
  rill_mutable_live_data_post_double (ld, 1.0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_get_string*'gint'*");
  g_assert_null (rill_live_data_get_string (LD (ld)));
  g_test_assert_expected_messages ();

  /* Nothing changed, nothing was delivered, nothing is pending. */
  iterate_default_context ();
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, 1);
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "a");

  /* Objects: an instance of the type, also in a GObject-typed value. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_mutable_live_data_set_object*a GObject is not one*");
  rill_mutable_live_data_set_object (cancellables, plain);
  g_test_assert_expected_messages ();
  g_assert_false (rill_live_data_is_initialized (LD (cancellables)));

  g_value_init (&as_object, G_TYPE_OBJECT);
  g_value_set_object (&as_object, c);
  rill_mutable_live_data_set_value (cancellables, &as_object);
  g_assert_true (rill_live_data_get_object (LD (cancellables)) == c);

  g_value_init (&plain_value, G_TYPE_OBJECT);
  g_value_set_object (&plain_value, plain);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*'GObject'*'GCancellable'*");
  rill_mutable_live_data_set_value (cancellables, &plain_value);
  g_test_assert_expected_messages ();
  g_assert_true (rill_live_data_get_object (LD (cancellables)) == c);

  /* No value type at all. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*value type 'void'*");
  invalid = g_object_new (RILL_TYPE_MUTABLE_LIVE_DATA, NULL);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*cannot be stored*");
  rill_mutable_live_data_set_value (invalid, &s);
  g_test_assert_expected_messages ();
  g_object_unref (invalid);
}

static void
hold_old_string (RillLiveData *live_data,
                 const GValue *value,
                 gpointer      user_data)
{
  const char *seen = g_value_get_string (value);

  log_line ("a:%s", seen);
  if (g_str_equal (seen, "one"))
    {
      rill_mutable_live_data_set_string (RILL_MUTABLE_LIVE_DATA (live_data), "two");
      /* The value given to this callback stays valid until it returns. */
      log_line ("a still sees %s", seen);
    }
}

static void
test_value_kept_during_callback (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_STRING);
  const char *expected[] = { "a:one", "a still sees one", "a:two", "b:two", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), hold_old_string, NULL, NULL);
  rill_live_data_observe_forever (LD (ld), log_string, "b", NULL);
  rill_mutable_live_data_set_string (ld, "one");
  assert_log (expected);
  g_assert_cmpstr (rill_live_data_get_string (LD (ld)), ==, "two");
  rill_live_data_remove_observer_by_func (LD (ld), hold_old_string, NULL);
  rill_live_data_remove_observer_by_func (LD (ld), log_string, "b");
}

/* ------------------------------------------------------------------------ */
/* Observers and versions                                                   */

static void
test_observe_forever (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  const char *expected[] = { "a:1", "a:2", "b:2", "a:2", "b:2", "a:3", "b:3", "destroy a", "destroy b", NULL };
  gulong a, again, b;

  log_reset ();
  rill_mutable_live_data_set_int (ld, 1);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
  a = rill_live_data_observe_forever (LD (ld), log_int, "a", log_destroy);
  g_assert_cmpuint (a, !=, 0);
  g_assert_true (rill_live_data_has_observers (LD (ld)));
  g_assert_true (rill_live_data_has_active_observers (LD (ld)));
  rill_mutable_live_data_set_int (ld, 2);

  /* The same observer again: kept, no delivery, destroy not called. */
  again = rill_live_data_observe_forever (LD (ld), log_int, "a", log_destroy);
  g_assert_cmpuint (again, ==, a);

  /* A new observer gets the latest value once. */
  b = rill_live_data_observe_forever (LD (ld), log_int, "b", log_destroy);
  g_assert_cmpuint (b, >, a);
  /* Same value, new version: delivered. */
  rill_mutable_live_data_set_int (ld, 2);
  rill_mutable_live_data_set_int (ld, 3);
  rill_live_data_remove_observer (LD (ld), a);
  rill_live_data_remove_observer (LD (ld), a);   /* ignored */
  rill_live_data_remove_observer (LD (ld), 0);   /* ignored */
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "b");
  g_assert_false (rill_live_data_has_observers (LD (ld)));
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  rill_mutable_live_data_set_int (ld, 4);
  assert_log (expected);
}

static void
test_observe_lifecycle (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  const char *expected[] = { "a:1", "a:2", "a:3", "destroy a", NULL };
  gulong id;

  log_reset ();
  id = rill_live_data_observe (LD (ld), OWNER (registry), log_int, "a", log_destroy);
  g_assert_cmpuint (id, !=, 0);
  g_assert_true (rill_live_data_has_observers (LD (ld)));
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  rill_mutable_live_data_set_int (ld, 1);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  g_assert_cmpuint (log_length (), ==, 0);

  /* STARTED: the latest value, once. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  g_assert_true (rill_live_data_has_active_observers (LD (ld)));
  g_assert_cmpuint (rill_live_data_get_observer_count (LD (ld)), ==, 1);
  g_assert_cmpuint (rill_live_data_get_active_observer_count (LD (ld)), ==, 1);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  rill_mutable_live_data_set_int (ld, 2);

  /* Stopped: nothing; started again: the latest value only. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  g_assert_cmpuint (rill_live_data_get_observer_count (LD (ld)), ==, 1);
  g_assert_cmpuint (rill_live_data_get_active_observer_count (LD (ld)), ==, 0);
  rill_mutable_live_data_set_int (ld, 10);
  rill_mutable_live_data_set_int (ld, 3);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  /* Same version after another stop and start: not delivered again. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);

  /* DESTROYED: removed, its destroy notify called. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  g_assert_cmpuint (rill_live_data_get_observer_count (LD (ld)), ==, 0);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  rill_mutable_live_data_set_int (ld, 4);
  rill_live_data_remove_observer (LD (ld), id);   /* already gone: ignored */
  assert_log (expected);
}

static void
test_observe_destroyed_owner (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_CREATED);
  const char *expected[] = { "destroy a", NULL };

  log_reset ();
  rill_mutable_live_data_set_int (ld, 1);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_cmpuint (rill_live_data_observe (LD (ld), OWNER (registry), log_int, "a", log_destroy), ==, 0);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
  assert_log (expected);
}

static void
test_observe_two_owners (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) one = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  g_autoptr(RillLifecycleRegistry) two = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  const char *expected[] = { "a:1", "destroy a", NULL };
  gulong id;

  log_reset ();
  rill_mutable_live_data_set_int (ld, 1);
  id = rill_live_data_observe (LD (ld), OWNER (one), log_int, "a", log_destroy);
  /* Same owner: ignored, same id, no second delivery. */
  g_assert_cmpuint (rill_live_data_observe (LD (ld), OWNER (one), log_int, "a", log_destroy), ==, id);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_observe*another lifecycle owner*");
  g_assert_cmpuint (rill_live_data_observe (LD (ld), OWNER (two), log_int, "a", log_destroy), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_observe_forever*lifecycle owner*");
  g_assert_cmpuint (rill_live_data_observe_forever (LD (ld), log_int, "a", log_destroy), ==, 0);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (two), ==, 0);
  rill_live_data_remove_observer (LD (ld), id);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (one), ==, 0);

  /* Forever first, then with an owner. */
  rill_live_data_observe_forever (LD (ld), log_int, "b", NULL);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_live_data_observe*forever*");
  g_assert_cmpuint (rill_live_data_observe (LD (ld), OWNER (one), log_int, "b", NULL), ==, 0);
  g_test_assert_expected_messages ();
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "b");

  g_ptr_array_remove_index (log_lines, log_lines->len - 1);   /* b's delivery */
  assert_log (expected);
}

static void
test_remove_observers_of_owner (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) one = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  g_autoptr(RillLifecycleRegistry) two = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  const char *expected[] = { "destroy a", "destroy b", "c:1", NULL };

  log_reset ();
  rill_live_data_observe (LD (ld), OWNER (one), log_int, "a", log_destroy);
  rill_live_data_observe (LD (ld), OWNER (one), log_int, "b", log_destroy);
  rill_live_data_observe (LD (ld), OWNER (two), log_int, "c", log_destroy);
  rill_live_data_remove_observers (LD (ld), OWNER (one));
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (one), ==, 0);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (two), ==, 1);
  rill_mutable_live_data_set_int (ld, 1);
  assert_log (expected);
  rill_live_data_remove_observers (LD (ld), OWNER (two));
}

static void
test_owner_finalized (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  TestOwner *owner = g_object_new (TEST_TYPE_OWNER, NULL);
  const char *expected[] = { "a:1", "destroy a", NULL };

  log_reset ();
  rill_lifecycle_registry_set_current_state (owner->registry, RILL_LIFECYCLE_STATE_STARTED);
  rill_mutable_live_data_set_int (ld, 1);
  rill_live_data_observe (LD (ld), RILL_LIFECYCLE_OWNER (owner), log_int, "a", log_destroy);
  g_assert_true (rill_live_data_has_active_observers (LD (ld)));
  /* Gone without reaching DESTROYED: the observer goes with it. */
  g_object_unref (owner);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
  rill_mutable_live_data_set_int (ld, 2);
  assert_log (expected);
}

static void
test_lifecycle_keeps_live_data (void)
{
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  RillMutableLiveData *ld = rill_mutable_live_data_new (G_TYPE_INT);
  GWeakRef weak;

  g_weak_ref_init (&weak, ld);
  rill_live_data_observe (LD (ld), OWNER (registry), log_int, "a", NULL);
  g_object_unref (ld);
  /* The lifecycle's observation holds it. */
  {
    g_autoptr(GObject) alive = g_weak_ref_get (&weak);
    g_assert_nonnull (alive);
  }
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  {
    g_autoptr(GObject) gone = g_weak_ref_get (&weak);
    g_assert_null (gone);
  }
  g_weak_ref_clear (&weak);
}

static void
test_dispose_removes_observers (void)
{
  RillMutableLiveData *ld = rill_mutable_live_data_new (G_TYPE_INT);
  TestLiveData *tld = test_live_data_new (G_TYPE_INT);
  const char *expected[] = { "destroy a", "destroy b", "on_active", "on_inactive", "destroy c", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), log_int, "a", log_destroy);
  rill_live_data_observe_forever (LD (ld), log_int, "b", log_destroy);
  g_object_unref (ld);

  /* Finalized with an active observer, it becomes inactive first. */
  rill_live_data_observe_forever (LD (tld), log_int, "c", log_destroy);
  g_object_unref (tld);
  assert_log (expected);
}

static void
drop_last_reference (RillLiveData *live_data,
                     const GValue *value,
                     gpointer      user_data)
{
  log_line ("a:%d", g_value_get_int (value));
  g_object_unref (live_data);
}

static void
test_last_reference_dropped_in_callback (void)
{
  RillMutableLiveData *ld = rill_mutable_live_data_new (G_TYPE_INT);
  const char *expected[] = { "a:1", "b:1", "destroy a", "destroy b", NULL };
  GWeakRef weak;

  log_reset ();
  g_weak_ref_init (&weak, ld);
  rill_live_data_observe_forever (LD (ld), drop_last_reference, "a", log_destroy);
  rill_live_data_observe_forever (LD (ld), log_int, "b", log_destroy);
  /* The delivery ends before the live data goes. */
  rill_mutable_live_data_set_int (ld, 1);
  assert_log (expected);
  {
    g_autoptr(GObject) gone = g_weak_ref_get (&weak);
    g_assert_null (gone);
  }
  g_weak_ref_clear (&weak);
}

static int counter_slots[100];

static void
count_value (RillLiveData *live_data,
             const GValue *value,
             gpointer      user_data)
{
  int *slot = user_data;

  (*slot)++;
}

static void
test_many_observers_real (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  gulong ids[100];

  memset (counter_slots, 0, sizeof counter_slots);
  for (int i = 0; i < 100; i++)
    ids[i] = rill_live_data_observe_forever (LD (ld), count_value, &counter_slots[i], NULL);
  /* Duplicates are found among many. */
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (rill_live_data_observe_forever (LD (ld), count_value, &counter_slots[i], NULL), ==, ids[i]);
  rill_mutable_live_data_set_int (ld, 1);
  for (int i = 0; i < 100; i += 2)
    rill_live_data_remove_observer (LD (ld), ids[i]);
  for (int i = 1; i < 100; i += 4)
    rill_live_data_remove_observer_by_func (LD (ld), count_value, &counter_slots[i]);
  rill_mutable_live_data_set_int (ld, 2);
  for (int i = 0; i < 100; i++)
    g_assert_cmpint (counter_slots[i], ==, (i % 2 == 0 || i % 4 == 1) ? 1 : 2);
  for (int i = 3; i < 100; i += 4)
    rill_live_data_remove_observer (LD (ld), ids[i]);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
}

/* ------------------------------------------------------------------------ */
/* Activity                                                                 */

static void
test_active_transitions (void)
{
  g_autoptr(TestLiveData) ld = test_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  const char *expected[] = { "on_active", "on_inactive", "on_active", "on_inactive",
                             "on_active", "on_inactive", NULL };
  gulong a, b;

  log_reset ();
  a = rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);
  b = rill_live_data_observe_forever (LD (ld), log_int, "b", NULL);
  rill_live_data_remove_observer (LD (ld), a);
  rill_live_data_remove_observer (LD (ld), b);

  /* A bound observer counts while its lifecycle is at least STARTED. */
  rill_live_data_observe (LD (ld), OWNER (registry), log_int, "c", NULL);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  a = rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  rill_live_data_remove_observer (LD (ld), a);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  assert_log (expected);
}

static void
remove_all_from_active (TestLiveData *self)
{
  rill_live_data_remove_observer_by_func (LD (self), log_int, "a");
}

static void
add_from_inactive (TestLiveData *self)
{
  self->inactive_hook = NULL;
  rill_live_data_observe_forever (LD (self), log_int, "b", NULL);
}

static void
test_active_reentrant (void)
{
  g_autoptr(TestLiveData) ld = test_live_data_new (G_TYPE_INT);
  const char *expected_remove[] = { "on_active", "on_inactive", NULL };
  /* As androidx: b is active (and delivered to) while on_inactive runs; the
   * count crossed zero again, so on_active follows. */
  const char *expected_add[] = { "on_active", "on_inactive", "b:1", "on_active", NULL };

  /* The observer that made it active leaves from on_active: the count went
   * 0 -> 1 -> 0, so on_inactive follows once on_active returned. */
  log_reset ();
  ld->active_hook = remove_all_from_active;
  rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);
  assert_log (expected_remove);
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  ld->active_hook = NULL;

  /* An observer added from on_inactive makes it active again. */
  log_reset ();
  rill_mutable_live_data_set_int (RILL_MUTABLE_LIVE_DATA (ld), 1);
  ld->inactive_hook = add_from_inactive;
  rill_live_data_observe_forever (LD (ld), log_int, "c", NULL);
  g_ptr_array_remove_index (log_lines, 1);   /* c:1 */
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "c");
  assert_log (expected_add);
  g_assert_true (rill_live_data_has_active_observers (LD (ld)));
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "b");
}

/* ------------------------------------------------------------------------ */
/* Delivery                                                                 */

static void
set_two_on_one (RillLiveData *live_data,
                const GValue *value,
                gpointer      user_data)
{
  log_line ("a:%d", g_value_get_int (value));
  if (g_value_get_int (value) == 1)
    rill_mutable_live_data_set_int (RILL_MUTABLE_LIVE_DATA (live_data), 2);
}

static void
test_set_during_dispatch (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  const char *expected[] = { "a:1", "a:2", "b:2", "c:2", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), set_two_on_one, NULL, NULL);
  rill_live_data_observe_forever (LD (ld), log_int, "b", NULL);
  rill_live_data_observe_forever (LD (ld), log_int, "c", NULL);
  rill_mutable_live_data_set_int (ld, 1);
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (ld), set_two_on_one, NULL);
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "b");
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "c");
}

typedef struct
{
  gulong id;
  gboolean destroyed;
} SelfRemoving;

static void
remove_self (RillLiveData *live_data,
             const GValue *value,
             gpointer      user_data)
{
  SelfRemoving *self = user_data;

  log_line ("self:%d", g_value_get_int (value));
  rill_live_data_remove_observer (live_data, self->id);
  /* Its destroy notify waits until this callback returns. */
  g_assert_false (self->destroyed);
  log_line ("self removed");
}

static void
self_removing_destroy (gpointer data)
{
  SelfRemoving *self = data;

  self->destroyed = TRUE;
  log_line ("self destroyed");
}

static void
test_observer_removes_itself (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  SelfRemoving self = { 0, FALSE };
  const char *expected[] = { "a:1", "self:1", "self removed", "b:1", "self destroyed", "a:2", "b:2", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);
  self.id = rill_live_data_observe_forever (LD (ld), remove_self, &self, self_removing_destroy);
  rill_live_data_observe_forever (LD (ld), log_int, "b", NULL);
  rill_mutable_live_data_set_int (ld, 1);
  g_assert_true (self.destroyed);
  rill_mutable_live_data_set_int (ld, 2);
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "a");
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "b");
}

static void
remove_other (RillLiveData *live_data,
              const GValue *value,
              gpointer      user_data)
{
  log_line ("a:%d", g_value_get_int (value));
  rill_live_data_remove_observer_by_func (live_data, log_int, "b");
}

static void
add_other (RillLiveData *live_data,
           const GValue *value,
           gpointer      user_data)
{
  log_line ("a:%d", g_value_get_int (value));
  if (g_value_get_int (value) == 2)
    rill_live_data_observe_forever (live_data, log_int, "d", NULL);
}

static void
test_observers_changed_during_dispatch (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  const char *expected_remove[] = { "a:1", "c:1", NULL };
  const char *expected_add[] = { "c:2", "a:2", "d:2", NULL };

  /* One removed before its turn gets nothing. */
  log_reset ();
  rill_live_data_observe_forever (LD (ld), remove_other, NULL, NULL);
  rill_live_data_observe_forever (LD (ld), log_int, "b", NULL);
  rill_live_data_observe_forever (LD (ld), log_int, "c", NULL);
  rill_mutable_live_data_set_int (ld, 1);
  assert_log (expected_remove);
  rill_live_data_remove_observer_by_func (LD (ld), remove_other, NULL);

  /* One added from a callback gets the value once, in the same delivery. */
  log_reset ();
  rill_live_data_observe_forever (LD (ld), add_other, NULL, NULL);
  g_ptr_array_set_size (log_lines, 0);
  rill_mutable_live_data_set_int (ld, 2);
  assert_log (expected_add);
  rill_live_data_remove_observer_by_func (LD (ld), add_other, NULL);
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "c");
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "d");
}

static void
set_on_stop (RillLifecycle      *lifecycle,
             RillLifecycleEvent  event,
             gpointer            user_data)
{
  if (event == RILL_LIFECYCLE_EVENT_ON_STOP)
    {
      log_line ("stop: set 2");
      rill_mutable_live_data_set_int (user_data, 2);
    }
}

static void
test_lifecycle_moved_before_observer_told (void)
{
  g_autoptr(TestLiveData) ld = test_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  const char *expected[] = { "on_active", "a:1", "stop: set 2", "on_inactive", "on_active", "a:2", NULL };

  log_reset ();
  rill_mutable_live_data_set_int (RILL_MUTABLE_LIVE_DATA (ld), 1);
  rill_live_data_observe (LD (ld), OWNER (registry), log_int, "a", NULL);
  /* Added after the live data's observer: gets ON_STOP before it. The
   * value it sets finds the lifecycle CREATED: the observer, not told yet,
   * becomes inactive instead of getting it. */
  rill_lifecycle_add_observer (RILL_LIFECYCLE (registry), set_on_stop, ld, NULL);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  g_assert_false (rill_live_data_has_active_observers (LD (ld)));
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  assert_log (expected);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
}

static void
observe_from_callback (RillLiveData *live_data,
                       const GValue *value,
                       gpointer      user_data)
{
  log_line ("a:%d", g_value_get_int (value));
  rill_live_data_observe (live_data, OWNER (user_data), log_int, "b", NULL);
}

static void
test_bound_observer_added_from_callback (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  const char *expected[] = { "a:1", "b:1", "a:2", "b:2", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), observe_from_callback, registry, NULL);
  rill_mutable_live_data_set_int (ld, 1);
  rill_mutable_live_data_set_int (ld, 2);
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (ld), observe_from_callback, registry);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

static gpointer
set_from_thread (gpointer data)
{
  rill_mutable_live_data_set_int (data, 99);
  rill_live_data_observe_forever (data, log_int, "t", NULL);
  return NULL;
}

static void
test_set_value_off_main_thread (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  GThread *thread;

  rill_mutable_live_data_set_int (ld, 1);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "Cannot invoke rill_mutable_live_data_set_int on a background thread*");
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "Cannot invoke rill_live_data_observe_forever on a background thread*");
  thread = g_thread_new ("setter", set_from_thread, ld);
  g_thread_join (thread);
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, 1);
  g_assert_false (rill_live_data_has_observers (LD (ld)));
}

static void
test_post_coalesces (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) s = rill_mutable_live_data_new (G_TYPE_STRING);
  const char *expected[] = { "a:3", "a:5", "a:4", "s:last", NULL };

  log_reset ();
  rill_live_data_observe_forever (LD (ld), log_int, "a", NULL);
  rill_mutable_live_data_post_int (ld, 1);
  rill_mutable_live_data_post_int (ld, 2);
  rill_mutable_live_data_post_int (ld, 3);
  g_assert_false (rill_live_data_is_initialized (LD (ld)));
  iterate_default_context ();

  /* androidx's documented order: a value set after a post is replaced by the
   * posted one when it arrives. */
  rill_mutable_live_data_post_int (ld, 4);
  rill_mutable_live_data_set_int (ld, 5);
  iterate_default_context ();
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, 4);

  rill_live_data_observe_forever (LD (s), log_string, "s", NULL);
  {
    /* The string is copied when posted: the caller's buffer may change. */
    char buffer[] = "last";

    rill_mutable_live_data_post_string (s, "first");
    rill_mutable_live_data_post_string (s, buffer);
    strcpy (buffer, "lost");
  }
  iterate_default_context ();
  assert_log (expected);
  rill_live_data_remove_observer_by_func (LD (ld), log_int, "a");
  rill_live_data_remove_observer_by_func (LD (s), log_string, "s");
}

#define N_POSTERS 4
#define N_POSTS   5000

typedef struct
{
  RillMutableLiveData *ld;
  RillMutableLiveData *strings;
  int                  thread;
  gint                *running;
  gboolean             endless;
  gint                *stop;
} Poster;

static gpointer
poster_main (gpointer data)
{
  Poster *poster = data;

  for (int i = 0; i < N_POSTS || (poster->endless && !g_atomic_int_get (poster->stop)); i++)
    {
      char text[32];

      rill_mutable_live_data_post_int (poster->ld, poster->thread * 1000000 + (i % 1000000));
      if (poster->strings != NULL)
        {
          g_snprintf (text, sizeof text, "%d", poster->thread * 1000000 + i);
          rill_mutable_live_data_post_string (poster->strings, text);
        }
      if (i % 64 == 0)
        g_thread_yield ();
    }
  g_atomic_int_dec_and_test (poster->running);
  return NULL;
}

typedef struct
{
  GArray  *seen;
  gboolean destroyed;
  guint    after_destroy;
} Deliveries;

static void
record_delivery (RillLiveData *live_data,
                 const GValue *value,
                 gpointer      user_data)
{
  Deliveries *deliveries = user_data;
  int v = g_value_get_int (value);

  if (deliveries->destroyed)
    deliveries->after_destroy++;
  g_array_append_val (deliveries->seen, v);
}

static void
record_string (RillLiveData *live_data,
               const GValue *value,
               gpointer      user_data)
{
  (*(guint *) user_data)++;
  g_assert_nonnull (g_value_get_string (value));
}

static gpointer
post_sentinel (gpointer data)
{
  rill_mutable_live_data_post_int (data, -1);
  return NULL;
}

static void
test_post_from_threads (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) strings = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_STARTED);
  Deliveries deliveries = { g_array_new (FALSE, FALSE, sizeof (int)), FALSE, 0 };
  Poster posters[N_POSTERS];
  GThread *threads[N_POSTERS];
  gint running = N_POSTERS;
  int last_of[N_POSTERS];
  guint n_strings = 0;
  int final;

  rill_live_data_observe (LD (ld), OWNER (registry), record_delivery, &deliveries, NULL);
  rill_live_data_observe_forever (LD (strings), record_string, &n_strings, NULL);
  for (int t = 0; t < N_POSTERS; t++)
    {
      posters[t] = (Poster) { ld, strings, t + 1, &running, FALSE, NULL };
      threads[t] = g_thread_new ("poster", poster_main, &posters[t]);
    }
  while (g_atomic_int_get (&running) > 0)
    g_main_context_iteration (NULL, FALSE);
  for (int t = 0; t < N_POSTERS; t++)
    g_thread_join (threads[t]);
  iterate_default_context ();

  /* Only posted values, each thread's in its order, none twice. */
  g_assert_cmpuint (deliveries.seen->len, >, 0);
  g_assert_cmpuint (deliveries.seen->len, <=, N_POSTERS * N_POSTS);
  for (int t = 0; t < N_POSTERS; t++)
    last_of[t] = -1;
  for (guint i = 0; i < deliveries.seen->len; i++)
    {
      int v = g_array_index (deliveries.seen, int, i);
      int t = v / 1000000 - 1, n = v % 1000000;

      g_assert_cmpint (t, >=, 0);
      g_assert_cmpint (t, <, N_POSTERS);
      g_assert_cmpint (n, <, N_POSTS);
      g_assert_cmpint (n, >, last_of[t]);
      last_of[t] = n;
    }
  /* The last value posted is delivered: it is some thread's last post. */
  final = g_array_index (deliveries.seen, int, deliveries.seen->len - 1);
  g_assert_cmpint (final % 1000000, ==, N_POSTS - 1);
  g_assert_cmpint (rill_live_data_get_int (LD (ld)), ==, final);
  g_assert_cmpuint (n_strings, >, 0);
  g_assert_cmpuint (n_strings, <=, N_POSTERS * N_POSTS);
  /* The strings too end with a last post. */
  g_assert_cmpint (atoi (rill_live_data_get_string (LD (strings))) % 1000000, ==, N_POSTS - 1);

  /* And a post after a quiet time is delivered, once. */
  g_array_set_size (deliveries.seen, 0);
  g_thread_join (g_thread_new ("sentinel", post_sentinel, ld));
  iterate_default_context ();
  g_assert_cmpuint (deliveries.seen->len, ==, 1);
  g_assert_cmpint (g_array_index (deliveries.seen, int, 0), ==, -1);

  rill_live_data_remove_observer_by_func (LD (strings), record_string, &n_strings);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_array_unref (deliveries.seen);
}

static void
test_post_until_owner_destroyed (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillLifecycleRegistry) registry = registry_at (RILL_LIFECYCLE_STATE_RESUMED);
  Deliveries deliveries = { g_array_new (FALSE, FALSE, sizeof (int)), FALSE, 0 };
  Poster posters[N_POSTERS];
  GThread *threads[N_POSTERS];
  gint running = N_POSTERS, stop = 0;

  rill_live_data_observe (LD (ld), OWNER (registry), record_delivery, &deliveries, NULL);
  for (int t = 0; t < N_POSTERS; t++)
    {
      posters[t] = (Poster) { ld, NULL, t + 1, &running, TRUE, &stop };
      threads[t] = g_thread_new ("poster", poster_main, &posters[t]);
    }
  while (deliveries.seen->len < 20)
    g_main_context_iteration (NULL, TRUE);

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  deliveries.destroyed = TRUE;
  g_assert_false (rill_live_data_has_observers (LD (ld)));

  /* Posts go on and are set, but reach nobody. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, TRUE);
  g_atomic_int_set (&stop, 1);
  for (int t = 0; t < N_POSTERS; t++)
    g_thread_join (threads[t]);
  iterate_default_context ();
  g_assert_cmpuint (deliveries.after_destroy, ==, 0);
  g_assert_cmpint (rill_live_data_get_int (LD (ld)) / 1000000, >=, 1);
  g_array_unref (deliveries.seen);
}

/* ------------------------------------------------------------------------ */
/* Properties                                                               */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(int *) user_data)++;
}

static void
test_value_property (void)
{
  g_autoptr(RillMutableLiveData) ld = rill_mutable_live_data_new (G_TYPE_INT);
  g_autoptr(RillMutableLiveData) strings = rill_mutable_live_data_new (G_TYPE_STRING);
  g_autoptr(TestTarget) target = g_object_new (TEST_TYPE_TARGET, NULL);
  GValue *boxed = NULL;
  GType value_type = G_TYPE_INVALID;
  GBinding *to_text, *to_number, *from_strings;
  int notified = 0;

  g_object_get (ld, "value", &boxed, "value-type", &value_type, NULL);
  g_assert_null (boxed);
  g_assert_cmpint (value_type, ==, G_TYPE_INT);

  g_signal_connect (ld, "notify::value", G_CALLBACK (count_notify), &notified);

  /* Before any value: the target keeps its own. */
  to_text = rill_live_data_bind_property (LD (ld), target, "text", G_BINDING_SYNC_CREATE);
  to_number = g_object_bind_property_full (ld, "value", target, "number", G_BINDING_SYNC_CREATE,
                                           rill_live_data_binding_transform, NULL, NULL, NULL);
  g_assert_cmpstr (target->text, ==, "unset");
  g_assert_cmpint (target->number, ==, -1);

  rill_mutable_live_data_set_int (ld, 42);
  g_assert_cmpint (notified, ==, 1);
  g_assert_cmpstr (target->text, ==, "42");
  g_assert_cmpint (target->number, ==, 42);
  rill_mutable_live_data_set_int (ld, 42);
  rill_mutable_live_data_set_int (ld, 7);
  g_assert_cmpint (notified, ==, 3);
  g_assert_cmpstr (target->text, ==, "7");

  g_object_get (ld, "value", &boxed, NULL);
  g_assert_nonnull (boxed);
  g_assert_true (G_VALUE_HOLDS_INT (boxed));
  g_assert_cmpint (g_value_get_int (boxed), ==, 7);
  g_boxed_free (G_TYPE_VALUE, boxed);

  /* A string that cannot become an integer leaves the number alone. */
  g_binding_unbind (to_text);
  g_binding_unbind (to_number);
  rill_mutable_live_data_set_string (strings, "text");
  from_strings = rill_live_data_bind_property (LD (strings), target, "text", G_BINDING_SYNC_CREATE);
  g_assert_cmpstr (target->text, ==, "text");
  rill_mutable_live_data_post_string (strings, "posted");
  iterate_default_context ();
  g_assert_cmpstr (target->text, ==, "posted");
  g_binding_unbind (from_strings);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-data/value/initial", test_value_initial);
  g_test_add_func ("/live-data/value/types", test_value_types);
  g_test_add_func ("/live-data/value/wrong-type", test_value_wrong_type);
  g_test_add_func ("/live-data/value/kept-during-callback", test_value_kept_during_callback);
  g_test_add_func ("/live-data/value/property", test_value_property);
  g_test_add_func ("/live-data/observe/forever", test_observe_forever);
  g_test_add_func ("/live-data/observe/lifecycle", test_observe_lifecycle);
  g_test_add_func ("/live-data/observe/destroyed-owner", test_observe_destroyed_owner);
  g_test_add_func ("/live-data/observe/two-owners", test_observe_two_owners);
  g_test_add_func ("/live-data/observe/remove-observers-of-owner", test_remove_observers_of_owner);
  g_test_add_func ("/live-data/observe/owner-finalized", test_owner_finalized);
  g_test_add_func ("/live-data/observe/lifecycle-keeps-live-data", test_lifecycle_keeps_live_data);
  g_test_add_func ("/live-data/observe/dispose", test_dispose_removes_observers);
  g_test_add_func ("/live-data/observe/many", test_many_observers_real);
  g_test_add_func ("/live-data/observe/last-reference-dropped", test_last_reference_dropped_in_callback);
  g_test_add_func ("/live-data/active/transitions", test_active_transitions);
  g_test_add_func ("/live-data/active/reentrant", test_active_reentrant);
  g_test_add_func ("/live-data/dispatch/set-during-dispatch", test_set_during_dispatch);
  g_test_add_func ("/live-data/dispatch/observer-removes-itself", test_observer_removes_itself);
  g_test_add_func ("/live-data/dispatch/observers-changed", test_observers_changed_during_dispatch);
  g_test_add_func ("/live-data/dispatch/lifecycle-moved-first", test_lifecycle_moved_before_observer_told);
  g_test_add_func ("/live-data/dispatch/bound-added-from-callback", test_bound_observer_added_from_callback);
  g_test_add_func ("/live-data/thread/set-value-critical", test_set_value_off_main_thread);
  g_test_add_func ("/live-data/thread/post-coalesces", test_post_coalesces);
  g_test_add_func ("/live-data/thread/post-from-threads", test_post_from_threads);
  g_test_add_func ("/live-data/thread/post-until-owner-destroyed", test_post_until_owner_destroyed);

  return g_test_run ();
}
