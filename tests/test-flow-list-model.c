/* test-flow-list-model.c: a list model fed by lists, told by minimal diffs
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"
#include "test-main-loop.h"

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject parent_instance;
  char *key;
  int version;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

static void
test_item_finalize (GObject *object)
{
  g_free (TEST_ITEM (object)->key);
  G_OBJECT_CLASS (test_item_parent_class)->finalize (object);
}

static void
test_item_class_init (TestItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_item_finalize;
}

static void
test_item_init (TestItem *self)
{
}

static TestItem *
item_new (const char *key,
          int         version)
{
  TestItem *item = g_object_new (TEST_TYPE_ITEM, NULL);

  item->key = g_strdup (key);
  item->version = version;
  return item;
}

/* "a b c" → items; the same objects for the same keys from @pool when given */
static GPtrArray *
items_of (const char *keys,
          GHashTable *pool)
{
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; names[i] != NULL; i++)
    {
      TestItem *item;

      if (names[i][0] == '\0')
        continue;
      item = pool != NULL ? g_hash_table_lookup (pool, names[i]) : NULL;
      if (item == NULL)
        {
          item = item_new (names[i], 0);
          if (pool != NULL)
            g_hash_table_insert (pool, g_strdup (names[i]), g_object_ref (item));
          g_ptr_array_add (items, item);
        }
      else
        g_ptr_array_add (items, g_object_ref (item));
    }
  return items;
}

static char *
model_keys (GListModel *model)
{
  GString *keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (keys, "%s%s", i > 0 ? " " : "", item->key);
    }
  return g_string_free (keys, FALSE);
}

static void
log_change (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gpointer    user_data)
{
  log_line ("%u,%u,%u", position, removed, added);
}

static void
apply (RillFlowListModel *model,
       const char        *keys,
       GHashTable        *pool)
{
  g_autoptr(GPtrArray) items = items_of (keys, pool);

  rill_flow_list_model_apply (model, items);
}

static RillFlowListModel *
model_for_diffs (void)
{
  g_autoptr(RillMutableLiveData) lists = rill_mutable_live_data_new (G_TYPE_PTR_ARRAY);
  RillFlowListModel *model = rill_flow_list_model_new_for_live_data (TEST_TYPE_ITEM, RILL_LIVE_DATA (lists), NULL);

  g_signal_connect (model, "items-changed", G_CALLBACK (log_change), NULL);
  return model;
}

static void
test_diffs_by_identity (void)
{
  g_autoptr(RillFlowListModel) model = model_for_diffs ();
  g_autoptr(GHashTable) pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autofree char *keys = NULL;
  g_autoptr(TestItem) first_b = NULL;
  g_autoptr(TestItem) still_b = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TEST_TYPE_ITEM);
  log_reset ();
  apply (model, "a b c", pool);
  first_b = g_list_model_get_item (G_LIST_MODEL (model), 1);
  apply (model, "a x b c", pool);
  /* An item that stays is the same object. */
  still_b = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_true (still_b == first_b);
  apply (model, "a b c", pool);
  apply (model, "a b c", pool);   /* no change: nothing told */
  apply (model, "c b a", pool);
  apply (model, "", pool);
  assert_log ((const char *[]) { "0,0,3", "1,0,1", "1,1,0", "3,0,2", "0,2,0", "0,3,0", NULL });

  log_reset ();
  apply (model, "a b c d e", pool);
  apply (model, "a c e", pool);       /* two removals, from the end */
  apply (model, "z a c e y", pool);   /* insertions at both ends */
  assert_log ((const char *[]) { "0,0,5", "3,1,0", "1,1,0", "3,0,1", "0,0,1", NULL });
  keys = model_keys (G_LIST_MODEL (model));
  g_assert_cmpstr (keys, ==, "z a c e y");
}

static char *
key_of (gpointer item,
        gpointer user_data)
{
  return g_strdup (TEST_ITEM (item)->key);
}

static gboolean
same_version (gpointer old_item,
              gpointer new_item,
              gpointer user_data)
{
  return TEST_ITEM (old_item)->version == TEST_ITEM (new_item)->version;
}

static void
test_diffs_by_key (void)
{
  g_autoptr(RillFlowListModel) model = model_for_diffs ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(TestItem) kept = NULL;
  g_autoptr(TestItem) replaced = NULL;

  rill_flow_list_model_set_item_funcs (model, key_of, same_version, NULL, NULL);
  log_reset ();
  first = items_of ("a b c", NULL);
  rill_flow_list_model_apply (model, first);

  /* New objects with the same keys: the same items, kept as they were. */
  second = items_of ("a b c", NULL);
  TEST_ITEM (second->pdata[1])->version = 2;
  rill_flow_list_model_apply (model, second);
  assert_log ((const char *[]) { "0,0,3", "1,1,1", NULL });
  kept = g_list_model_get_item (G_LIST_MODEL (model), 0);
  replaced = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (kept == first->pdata[0]);
  g_assert_true (replaced == second->pdata[1]);
}

static guint key_calls;

static char *
counted_key_of (gpointer item,
                gpointer user_data)
{
  key_calls++;
  return g_strdup (TEST_ITEM (item)->key);
}

static char *
upper_key_of (gpointer item,
              gpointer user_data)
{
  return g_ascii_strup (TEST_ITEM (item)->key, -1);
}

/* An item's key is taken when it comes into the model, once: a key changed
 * in place afterwards is not seen, as DiffUtil expects the old list not to
 * change. A new key function takes the keys again. */
static void
test_keys_taken_once (void)
{
  g_autoptr(RillFlowListModel) model = model_for_diffs ();
  g_autoptr(GPtrArray) first = items_of ("a b c", NULL);
  g_autoptr(GPtrArray) second = items_of ("a b c d", NULL);
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(TestItem) item = NULL;
  g_autofree char *keys = NULL;

  rill_flow_list_model_set_item_funcs (model, counted_key_of, NULL, NULL, NULL);
  key_calls = 0;
  rill_flow_list_model_apply (model, first);
  g_assert_cmpuint (key_calls, ==, 3);      /* the new list; the model was empty */
  log_reset ();
  rill_flow_list_model_apply (model, second);
  g_assert_cmpuint (key_calls, ==, 3 + 4);  /* the new list only */
  assert_log ((const char *[]) { "3,0,1", NULL });

  /* "b" renamed in place: the model still knows it as "b". */
  item = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_free (item->key);
  item->key = g_strdup ("x");
  third = items_of ("a b c d", NULL);
  log_reset ();
  rill_flow_list_model_apply (model, third);
  assert_log ((const char *[]) { NULL });
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (model), 1) == (gpointer) item);
  g_object_unref (item);

  /* Another key function: every key taken again, from the items as they
   * are now ("X" for the renamed one). */
  rill_flow_list_model_set_item_funcs (model, upper_key_of, NULL, NULL, NULL);
  log_reset ();
  rill_flow_list_model_apply (model, third);
  assert_log ((const char *[]) { "1,1,1", NULL });
  keys = model_keys (G_LIST_MODEL (model));
  g_assert_cmpstr (keys, ==, "a b c d");
}

static void
test_wrong_items (void)
{
  g_autoptr(RillFlowListModel) model = model_for_diffs ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RillFlow) ints = rill_flow_empty (G_TYPE_INT);

  g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*item 0 is not a TestItem*");
  rill_flow_list_model_apply (model, items);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*values are 'gint', not arrays of items*");
  g_assert_null (rill_flow_list_model_new (TEST_TYPE_ITEM, ints, NULL));
  g_test_assert_expected_messages ();
}

static void
set_list (RillMutableLiveData *lists,
          const char          *keys,
          GHashTable          *pool)
{
  g_autoptr(GPtrArray) items = items_of (keys, pool);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_PTR_ARRAY);
  g_value_set_boxed (&value, items);
  rill_mutable_live_data_set_value (lists, &value);
}

static void
test_follows_lifecycle (void)
{
  g_autoptr(RillMutableLiveData) lists = rill_mutable_live_data_new (G_TYPE_PTR_ARRAY);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(GHashTable) pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  RillFlowListModel *model;
  g_autofree char *keys = NULL;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  model = rill_flow_list_model_new_for_live_data (TEST_TYPE_ITEM, RILL_LIVE_DATA (lists), RILL_LIFECYCLE (registry));
  g_signal_connect (model, "items-changed", G_CALLBACK (log_change), NULL);
  log_reset ();
  set_list (lists, "a b", pool);
  iterate_pending ();
  /* Hidden: not followed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (lists)));

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  iterate_pending ();
  set_list (lists, "a b c", pool);
  iterate_pending ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  iterate_pending ();
  set_list (lists, "c", pool);
  set_list (lists, "b c", pool);
  iterate_pending ();
  /* Shown again: the latest list, as one diff. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  iterate_pending ();
  keys = model_keys (G_LIST_MODEL (model));
  g_assert_cmpstr (keys, ==, "b c");
  assert_log ((const char *[]) { "0,0,2", "2,0,1", "0,1,0", NULL });

  /* Disposed: the collection ends, the live data is let go. */
  g_object_unref (model);
  iterate_pending ();
  g_assert_false (rill_live_data_has_observers (RILL_LIVE_DATA (lists)));
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
}

/* Replaying the model's items-changed on a copy of the old list gives the
 * new list, for random edits of a long list, and the changes are few. */

static GPtrArray *replay;
static guint replay_removed, replay_added;

static void
replay_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  g_ptr_array_remove_range (replay, position, removed);
  for (guint k = 0; k < added; k++)
    g_ptr_array_insert (replay, position + k, g_list_model_get_item (model, position + k));
  replay_removed += removed;
  replay_added += added;
}

static void
test_random_edits (void)
{
  g_autoptr(RillFlowListModel) model = model_for_diffs ();
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);
  guint next = 0;

  rill_flow_list_model_set_item_funcs (model, key_of, NULL, NULL, NULL);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", next++);
      g_ptr_array_add (current, item_new (key, 0));
    }
  rill_flow_list_model_apply (model, current);
  g_signal_handlers_disconnect_by_func (model, log_change, NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (replay_change), NULL);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GPtrArray) edited = g_ptr_array_copy (current, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      guint edits = 100;   /* 1% of the items */

      g_ptr_array_set_free_func (edited, g_object_unref);
      for (guint e = 0; e < edits; e++)
        {
          guint at = g_rand_int_range (rand, 0, edited->len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              g_ptr_array_remove_index (edited, at);
              break;
            case 1:
              {
                g_autofree char *key = g_strdup_printf ("k%u", next++);
                g_ptr_array_insert (edited, at, item_new (key, 0));
              }
              break;
            default:
              {
                /* A move: out of its place, into another. */
                gpointer item = g_ptr_array_steal_index (edited, at);
                g_ptr_array_insert (edited, g_rand_int_range (rand, 0, edited->len + 1), item);
              }
            }
        }

      g_clear_pointer (&replay, g_ptr_array_unref);
      replay = g_ptr_array_copy (current, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_set_free_func (replay, g_object_unref);
      replay_removed = replay_added = 0;
      rill_flow_list_model_apply (model, edited);

      g_assert_cmpuint (replay->len, ==, edited->len);
      for (guint i = 0; i < edited->len; i++)
        g_assert_cmpstr (TEST_ITEM (replay->pdata[i])->key, ==, TEST_ITEM (edited->pdata[i])->key);
      /* Each edit touches at most one item going and one coming. */
      g_assert_cmpuint (replay_removed, <=, edits);
      g_assert_cmpuint (replay_added, <=, edits);

      g_ptr_array_unref (current);
      current = g_ptr_array_ref (edited);
    }
  g_clear_pointer (&replay, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_main_context_acquire (NULL);

  g_test_add_func ("/flow-list-model/diffs-by-identity", test_diffs_by_identity);
  g_test_add_func ("/flow-list-model/diffs-by-key", test_diffs_by_key);
  g_test_add_func ("/flow-list-model/keys-taken-once", test_keys_taken_once);
  g_test_add_func ("/flow-list-model/wrong-items", test_wrong_items);
  g_test_add_func ("/flow-list-model/follows-lifecycle", test_follows_lifecycle);
  g_test_add_func ("/flow-list-model/random-edits", test_random_edits);

  return g_test_run ();
}
