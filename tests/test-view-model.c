/* test-view-model.c: ViewModel, ViewModelStore and the provider
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

/* ------------------------------------------------------------------------ */
/* Two view model types that log what happens to them                       */

#define TEST_TYPE_VIEW_MODEL (test_view_model_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestViewModel, test_view_model, TEST, VIEW_MODEL, RillViewModel)

struct _TestViewModelClass
{
  RillViewModelClass parent_class;
};

typedef struct
{
  guint id;
  guint n_cleared;
} TestViewModelPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TestViewModel, test_view_model, RILL_TYPE_VIEW_MODEL)

#define TEST_TYPE_OTHER_VIEW_MODEL (test_other_view_model_get_type ())
G_DECLARE_FINAL_TYPE (TestOtherViewModel, test_other_view_model, TEST, OTHER_VIEW_MODEL, TestViewModel)

struct _TestOtherViewModel
{
  TestViewModel parent_instance;
};

G_DEFINE_FINAL_TYPE (TestOtherViewModel, test_other_view_model, TEST_TYPE_VIEW_MODEL)

static guint n_instances;
static guint n_finalized;

static guint
vm_id (gpointer vm)
{
  return ((TestViewModelPrivate *) test_view_model_get_instance_private (vm))->id;
}

static guint
vm_cleared (gpointer vm)
{
  return ((TestViewModelPrivate *) test_view_model_get_instance_private (vm))->n_cleared;
}

static void
test_view_model_on_cleared (RillViewModel *self)
{
  TestViewModelPrivate *priv = test_view_model_get_instance_private (TEST_VIEW_MODEL (self));

  priv->n_cleared++;
  log_line ("%s %u cleared, scope %s", G_OBJECT_TYPE_NAME (self), priv->id,
            rill_scope_is_active (rill_view_model_get_scope (self)) ? "active" : "cancelled");
}

static void
test_view_model_finalize (GObject *object)
{
  n_finalized++;
  G_OBJECT_CLASS (test_view_model_parent_class)->finalize (object);
}

static void
test_view_model_class_init (TestViewModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_view_model_finalize;
  RILL_VIEW_MODEL_CLASS (klass)->on_cleared = test_view_model_on_cleared;
}

static void
test_view_model_init (TestViewModel *self)
{
  TestViewModelPrivate *priv = test_view_model_get_instance_private (self);

  priv->id = ++n_instances;
}

static void
test_other_view_model_class_init (TestOtherViewModelClass *klass)
{
}

static void
test_other_view_model_init (TestOtherViewModel *self)
{
}

/* An owner that is not a store itself. */
#define TEST_TYPE_OWNER (test_owner_get_type ())
G_DECLARE_FINAL_TYPE (TestOwner, test_owner, TEST, OWNER, GObject)

struct _TestOwner
{
  GObject             parent_instance;
  RillViewModelStore *store;
};

static RillViewModelStore *
test_owner_get_view_model_store (RillViewModelStoreOwner *owner)
{
  return TEST_OWNER (owner)->store;
}

static void
test_owner_iface_init (RillViewModelStoreOwnerInterface *iface)
{
  iface->get_view_model_store = test_owner_get_view_model_store;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestOwner, test_owner, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_VIEW_MODEL_STORE_OWNER,
                                                      test_owner_iface_init))

static void
test_owner_finalize (GObject *object)
{
  g_clear_object (&TEST_OWNER (object)->store);
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
  self->store = rill_view_model_store_new ();
}

/* ------------------------------------------------------------------------ */

static void
close_logged (gpointer data)
{
  log_line ("closed %s", (const char *) data);
  g_free (data);
}

static void
sleeper (RillScope *scope,
         gpointer   user_data)
{
  log_line ("coroutine %s started", (const char *) user_data);
  if (!rill_delay (G_MAXUINT32))
    log_line ("coroutine %s cancelled", (const char *) user_data);
}

static RillViewModelStoreOwner *
as_owner (RillViewModelStore *store)
{
  return RILL_VIEW_MODEL_STORE_OWNER (store);
}

static void
test_clear_cancels_and_closes (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  g_autoptr(RillViewModel) vm = g_object_ref (rill_view_model_provider_get (as_owner (store),
                                                                           TEST_TYPE_VIEW_MODEL, NULL));
  RillScope *scope;
  g_autoptr(RillContext) context = NULL;
  g_autoptr(RillJob) job = NULL;
  g_autofree char *line = NULL;
  const char *expected[] = {
    "coroutine a started",
    "closed keyed 1",
    "coroutine a cancelled",
    "closed keyed 2",
    "closed unkeyed 1",
    "closed unkeyed 2",
    NULL,   /* the on_cleared line */
    NULL
  };

  log_reset ();
  g_assert_nonnull (vm);
  rill_view_model_add_closeable (vm, "k1", g_strdup ("keyed 1"), close_logged);
  scope = rill_view_model_get_scope (vm);
  g_assert_true (rill_view_model_get_scope (vm) == scope);
  context = rill_scope_get_context (scope);
  g_assert_true (rill_context_get_dispatcher (context) == rill_dispatcher_main_immediate ());
  rill_view_model_add_closeable (vm, NULL, g_strdup ("unkeyed 1"), close_logged);
  rill_view_model_add_closeable (vm, "k2", g_strdup ("keyed 2"), close_logged);
  rill_view_model_add_closeable (vm, NULL, g_strdup ("unkeyed 2"), close_logged);
  g_assert_cmpstr (rill_view_model_get_closeable (vm, "k2"), ==, "keyed 2");
  g_assert_null (rill_view_model_get_closeable (vm, "k3"));

  job = rill_launch (scope, NULL, sleeper, "a", NULL);
  g_assert_true (rill_job_is_active (job));

  /* Keyed closeables first, in the order of their keys (the scope's was
   * added second), then the others; on_cleared last, once. */
  line = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", vm_id (vm));
  expected[6] = line;
  rill_view_model_store_clear (store);
  assert_log (expected);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_null (rill_view_model_get_closeable (vm, "k1"));

  /* The store let it go. */
  g_assert_null (rill_view_model_store_get (store, "RillViewModelProvider.DefaultKey:TestViewModel"));
}

static void
test_scope_after_clear (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  g_autoptr(RillViewModel) vm = g_object_ref (rill_view_model_provider_get (as_owner (store),
                                                                           TEST_TYPE_VIEW_MODEL,
                                                                           "k"));
  RillScope *scope;
  g_autoptr(RillJob) job = NULL;
  const char *none[] = { NULL };

  log_reset ();
  rill_view_model_store_clear (store);
  g_assert_cmpuint (vm_cleared (vm), ==, 1);

  /* Never asked for before the clear: born cancelled, as in androidx. */
  log_reset ();
  scope = rill_view_model_get_scope (vm);
  g_assert_false (rill_scope_is_active (scope));
  g_assert_true (rill_view_model_get_scope (vm) == scope);
  job = rill_launch (scope, NULL, sleeper, "late", NULL);
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);
  assert_log (none);

  /* A closeable added after the clear is closed at once. */
  {
    const char *expected[] = { "closed late", NULL };

    rill_view_model_add_closeable (vm, "late", g_strdup ("late"), close_logged);
    assert_log (expected);
    g_assert_null (rill_view_model_get_closeable (vm, "late"));
  }
}

static void
test_closeables_replace_and_dedupe (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  RillViewModel *vm = rill_view_model_provider_get (as_owner (store), TEST_TYPE_VIEW_MODEL, NULL);
  char *same = g_strdup ("same");
  char *twice = g_strdup ("twice");
  const char *replaced[] = { "closed first", NULL };
  g_autofree char *line = NULL;
  const char *expected[] = { "closed first", "closed same", "closed twice", NULL, NULL };

  log_reset ();
  rill_view_model_add_closeable (vm, "k", g_strdup ("first"), close_logged);
  rill_view_model_add_closeable (vm, "k", same, close_logged);
  assert_log (replaced);
  g_assert_true (rill_view_model_get_closeable (vm, "k") == same);
  /* The one that is there already: not closed. */
  rill_view_model_add_closeable (vm, "k", same, close_logged);
  assert_log (replaced);
  rill_view_model_add_closeable (vm, NULL, twice, close_logged);
  rill_view_model_add_closeable (vm, NULL, twice, close_logged);

  line = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", vm_id (vm));
  expected[3] = line;
  rill_view_model_store_clear (store);
  rill_view_model_store_clear (store);
  assert_log (expected);
}

static void
test_store_clear_each_once (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  g_autoptr(RillViewModel) a = g_object_ref (rill_view_model_provider_get (as_owner (store), TEST_TYPE_VIEW_MODEL, "a"));
  g_autoptr(RillViewModel) b = g_object_ref (rill_view_model_provider_get (as_owner (store), TEST_TYPE_VIEW_MODEL, "b"));
  g_autoptr(RillViewModel) c = g_object_ref (rill_view_model_provider_get (as_owner (store), TEST_TYPE_OTHER_VIEW_MODEL, "c"));
  g_auto(GStrv) keys = rill_view_model_store_get_keys (store);
  g_auto(GStrv) after = NULL;
  const char *expected_keys[] = { "a", "b", "c", NULL };
  g_autofree char *la = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", vm_id (a));
  g_autofree char *lb = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", vm_id (b));
  g_autofree char *lc = g_strdup_printf ("TestOtherViewModel %u cleared, scope cancelled", vm_id (c));
  const char *expected[] = { la, lb, lc, NULL };

  log_reset ();
  g_assert_cmpstrv (keys, expected_keys);
  rill_view_model_store_clear (store);
  assert_log (expected);
  g_assert_cmpuint (vm_cleared (a), ==, 1);
  g_assert_cmpuint (vm_cleared (b), ==, 1);
  g_assert_cmpuint (vm_cleared (c), ==, 1);
  after = rill_view_model_store_get_keys (store);
  g_assert_cmpuint (g_strv_length (after), ==, 0);

  /* Cleared already: a second clear of the store has nothing to clear. */
  rill_view_model_store_clear (store);
  assert_log (expected);
}

static void
test_store_put_replaces (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  g_autoptr(RillViewModel) a = g_object_new (TEST_TYPE_VIEW_MODEL, NULL);
  g_autoptr(RillViewModel) b = g_object_new (TEST_TYPE_VIEW_MODEL, NULL);
  g_autofree char *la = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", vm_id (a));
  const char *expected[] = { la, NULL };
  const char *none[] = { NULL };

  log_reset ();
  rill_view_model_store_put (store, "k", a);
  rill_view_model_store_put (store, "k", a);
  assert_log (none);
  g_assert_cmpuint (vm_cleared (a), ==, 0);
  rill_view_model_store_put (store, "k", b);
  assert_log (expected);
  g_assert_true (rill_view_model_store_get (store, "k") == b);
  g_assert_cmpuint (vm_cleared (a), ==, 1);
  g_assert_cmpuint (vm_cleared (b), ==, 0);
}

static void
test_provider_instances (void)
{
  g_autoptr(TestOwner) owner = g_object_new (TEST_TYPE_OWNER, NULL);
  RillViewModelStoreOwner *o = RILL_VIEW_MODEL_STORE_OWNER (owner);
  RillViewModel *d1 = rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, NULL);
  RillViewModel *d2 = rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, NULL);
  RillViewModel *k1 = rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, "k1");
  RillViewModel *k2 = rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, "k2");
  RillViewModel *again;
  g_autofree char *default_key = rill_view_model_provider_get_default_key (TEST_TYPE_VIEW_MODEL);
  guint id;

  log_reset ();
  g_assert_cmpstr (default_key, ==, "RillViewModelProvider.DefaultKey:TestViewModel");
  g_assert_true (TEST_IS_VIEW_MODEL (d1));
  g_assert_true (d1 == d2);
  g_assert_true (rill_view_model_store_get (owner->store, default_key) == d1);
  g_assert_true (k1 != d1 && k2 != d1 && k1 != k2);
  g_assert_true (rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, "k1") == k1);

  /* A subtype is an instance of the type asked for: kept. */
  g_assert_true (TEST_IS_OTHER_VIEW_MODEL (rill_view_model_provider_get (o, TEST_TYPE_OTHER_VIEW_MODEL, "o")));
  g_assert_true (TEST_IS_OTHER_VIEW_MODEL (rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, "o")));

  /* Another type under the key: replaced, and the old one cleared. */
  id = vm_id (k2);
  again = rill_view_model_provider_get (o, TEST_TYPE_OTHER_VIEW_MODEL, "k2");
  g_assert_true (TEST_IS_OTHER_VIEW_MODEL (again));
  g_assert_cmpuint (vm_id (again), !=, id);
  {
    g_autofree char *line = g_strdup_printf ("TestViewModel %u cleared, scope cancelled", id);
    const char *expected[] = { line, NULL };

    assert_log (expected);
  }

  /* After a clear, a new instance. */
  id = vm_id (d1);
  rill_view_model_store_clear (owner->store);
  again = rill_view_model_provider_get (o, TEST_TYPE_VIEW_MODEL, NULL);
  g_assert_cmpuint (vm_id (again), !=, id);
}

typedef struct
{
  guint  calls;
  GType  type;
  char  *key;
  GType  returns;
} FactoryCall;

static RillViewModel *
test_factory (GType       type,
              const char *key,
              gpointer    user_data)
{
  FactoryCall *call = user_data;

  call->calls++;
  call->type = type;
  g_free (call->key);
  call->key = g_strdup (key);
  return call->returns != G_TYPE_INVALID ? g_object_new (call->returns, NULL) : NULL;
}

static void
test_provider_factory (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  FactoryCall call = { 0, G_TYPE_INVALID, NULL, TEST_TYPE_OTHER_VIEW_MODEL };
  RillViewModel *vm;

  vm = rill_view_model_provider_get_with_factory (as_owner (store), TEST_TYPE_VIEW_MODEL, "k",
                                                  test_factory, &call);
  g_assert_true (TEST_IS_OTHER_VIEW_MODEL (vm));
  g_assert_cmpuint (call.calls, ==, 1);
  g_assert_true (call.type == TEST_TYPE_VIEW_MODEL);
  g_assert_cmpstr (call.key, ==, "k");
  g_assert_true (rill_view_model_provider_get_with_factory (as_owner (store), TEST_TYPE_VIEW_MODEL, "k",
                                                            test_factory, &call) == vm);
  g_assert_cmpuint (call.calls, ==, 1);

  vm = rill_view_model_provider_get_with_factory (as_owner (store), TEST_TYPE_VIEW_MODEL, NULL,
                                                  test_factory, &call);
  g_assert_cmpuint (call.calls, ==, 2);
  g_assert_cmpstr (call.key, ==, "RillViewModelProvider.DefaultKey:TestViewModel");

  /* A factory that returns the wrong thing: refused, nothing stored. */
  call.returns = TEST_TYPE_VIEW_MODEL;
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*returned TestViewModel, not a TestOtherViewModel*");
  g_assert_null (rill_view_model_provider_get_with_factory (as_owner (store), TEST_TYPE_OTHER_VIEW_MODEL,
                                                            "wrong", test_factory, &call));
  g_test_assert_expected_messages ();
  call.returns = G_TYPE_INVALID;
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*returned NULL*");
  g_assert_null (rill_view_model_provider_get_with_factory (as_owner (store), TEST_TYPE_VIEW_MODEL,
                                                            "none", test_factory, &call));
  g_test_assert_expected_messages ();
  g_assert_null (rill_view_model_store_get (store, "wrong"));
  g_assert_null (rill_view_model_store_get (store, "none"));
  g_free (call.key);
}

static void
test_provider_refuses_other_types (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  g_auto(GStrv) keys = NULL;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*GObject is not a RillViewModel type*");
  g_assert_null (rill_view_model_provider_get (as_owner (store), G_TYPE_OBJECT, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*RillViewModel is abstract*");
  g_assert_null (rill_view_model_provider_get (as_owner (store), RILL_TYPE_VIEW_MODEL, NULL));
  g_test_assert_expected_messages ();

  keys = rill_view_model_store_get_keys (store);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
}

/* A view model that is finalized without having been cleared releases what
 * it holds, but is not told it was cleared. */
static void
test_finalized_without_clear (void)
{
  RillViewModel *vm = g_object_new (TEST_TYPE_VIEW_MODEL, NULL);
  g_autoptr(RillScope) scope = rill_scope_ref (rill_view_model_get_scope (vm));
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = { "coroutine a started", "coroutine a cancelled", "closed held", NULL };
  guint finalized = n_finalized;

  log_reset ();
  job = rill_launch (scope, NULL, sleeper, "a", NULL);
  rill_view_model_add_closeable (vm, NULL, g_strdup ("held"), close_logged);
  g_object_unref (vm);
  assert_log (expected);
  g_assert_cmpuint (n_finalized, ==, finalized + 1);
  g_assert_false (rill_scope_is_active (scope));
}

/* A store finalized without a clear releases its view models, which then
 * release what they hold. */
static void
test_store_finalized (void)
{
  RillViewModelStore *store = rill_view_model_store_new ();
  RillViewModel *vm = rill_view_model_provider_get (as_owner (store), TEST_TYPE_VIEW_MODEL, NULL);
  const char *expected[] = { "closed held", NULL };
  guint finalized = n_finalized;

  log_reset ();
  rill_view_model_add_closeable (vm, "k", g_strdup ("held"), close_logged);
  g_object_unref (store);
  assert_log (expected);
  g_assert_cmpuint (n_finalized, ==, finalized + 1);
}

static gboolean reentrant_put;

static void
on_cleared_puts (RillViewModel *self)
{
  RillViewModelStore *store = g_object_get_data (G_OBJECT (self), "store");
  g_autoptr(RillViewModel) fresh = NULL;

  log_line ("cleared");
  if (reentrant_put)
    {
      fresh = g_object_new (TEST_TYPE_VIEW_MODEL, NULL);
      rill_view_model_store_put (store, "fresh", fresh);
    }
}

/* An on_cleared that puts a view model in the store being cleared: it
 * stays there. */
static void
test_store_clear_reentrant (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();
  RillViewModel *vm = rill_view_model_provider_get (as_owner (store), TEST_TYPE_OTHER_VIEW_MODEL, NULL);
  RillViewModelClass *klass = g_type_class_ref (TEST_TYPE_OTHER_VIEW_MODEL);
  void (*saved) (RillViewModel *) = klass->on_cleared;
  g_auto(GStrv) keys = NULL;
  const char *expected_keys[] = { "fresh", NULL };
  const char *expected[] = { "cleared", NULL };

  log_reset ();
  g_object_set_data (G_OBJECT (vm), "store", store);
  klass->on_cleared = on_cleared_puts;
  reentrant_put = TRUE;
  rill_view_model_store_clear (store);
  reentrant_put = FALSE;
  klass->on_cleared = saved;
  g_type_class_unref (klass);
  assert_log (expected);
  keys = rill_view_model_store_get_keys (store);
  g_assert_cmpstrv (keys, expected_keys);
}

static void
test_store_is_its_own_owner (void)
{
  g_autoptr(RillViewModelStore) store = rill_view_model_store_new ();

  g_assert_true (RILL_IS_VIEW_MODEL_STORE_OWNER (store));
  g_assert_true (rill_view_model_store_owner_get_view_model_store (as_owner (store)) == store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* As in a GTK application's callbacks: Main.immediate runs at once. */
  g_main_context_acquire (g_main_context_default ());

  g_test_add_func ("/view-model/clear-cancels-and-closes", test_clear_cancels_and_closes);
  g_test_add_func ("/view-model/scope-after-clear", test_scope_after_clear);
  g_test_add_func ("/view-model/closeables-replace-and-dedupe", test_closeables_replace_and_dedupe);
  g_test_add_func ("/view-model/finalized-without-clear", test_finalized_without_clear);
  g_test_add_func ("/view-model-store/clear-each-once", test_store_clear_each_once);
  g_test_add_func ("/view-model-store/put-replaces", test_store_put_replaces);
  g_test_add_func ("/view-model-store/finalized", test_store_finalized);
  g_test_add_func ("/view-model-store/clear-reentrant", test_store_clear_reentrant);
  g_test_add_func ("/view-model-store/own-owner", test_store_is_its_own_owner);
  g_test_add_func ("/view-model-provider/instances", test_provider_instances);
  g_test_add_func ("/view-model-provider/factory", test_provider_factory);
  g_test_add_func ("/view-model-provider/refuses-other-types", test_provider_refuses_other_types);

  return g_test_run ();
}
