/* rill-flow-list-model.c: a list model fed by a flow of lists
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "rill.h"

/**
 * RillFlowListModel:
 *
 * A #GListModel whose items come from a flow (or a live data) of lists:
 * each new list replaces the model's items, and the change is told with as
 * few #GListModel::items-changed emissions, as small, as a diff allows. A
 * list view showing the model keeps its scroll position and selection, and
 * unchanged items stay the same objects.
 *
 * The lists are values of %G_TYPE_PTR_ARRAY holding objects of the model's
 * item type. Items are matched by a key ([method@FlowListModel.set_item_funcs];
 * by default, the object itself): an item whose key is in both lists stays,
 * the others are removed or inserted. With an equality function, an item
 * that stays but looks different is replaced at its position.
 *
 * The flow is collected on the main thread while the given lifecycle is at
 * least %RILL_LIFECYCLE_STATE_STARTED (as [func@repeat_on_lifecycle] does:
 * a hidden list costs nothing), or, without a lifecycle, as long as the
 * model exists.
 */

struct _RillFlowListModel
{
  GObject parent_instance;

  GType item_type;
  GPtrArray *items;

  RillFlow *flow;
  GWeakRef lifecycle;
  RillScope *own_scope;
  RillJob *job;

  RillItemKeyFunc key_func;
  RillItemEqualFunc equal_func;
  gpointer funcs_data;
  GDestroyNotify funcs_destroy;

  /* Kept from one diff to the next, so that a diff of a long list does not
   * map and unmap its working memory each time: the table from keys to new
   * positions, and the arrays of the longest increasing run. */
  /* The keys of the items, from the key function when they came in. */
  GPtrArray *keys;
  guint *index;
  guint n_index;
  guint *scratch;
  gsize n_scratch;
};

static void rill_flow_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RillFlowListModel, rill_flow_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rill_flow_list_model_iface_init))

static GType
rill_flow_list_model_get_item_type (GListModel *model)
{
  return RILL_FLOW_LIST_MODEL (model)->item_type;
}

static guint
rill_flow_list_model_get_n_items (GListModel *model)
{
  return RILL_FLOW_LIST_MODEL (model)->items->len;
}

static gpointer
rill_flow_list_model_get_item (GListModel *model,
                               guint       position)
{
  RillFlowListModel *self = RILL_FLOW_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
rill_flow_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rill_flow_list_model_get_item_type;
  iface->get_n_items = rill_flow_list_model_get_n_items;
  iface->get_item = rill_flow_list_model_get_item;
}

static void
rill_flow_list_model_dispose (GObject *object)
{
  RillFlowListModel *self = RILL_FLOW_LIST_MODEL (object);

  if (self->job != NULL)
    {
      rill_job_cancel (self->job);
      g_clear_pointer (&self->job, rill_job_unref);
    }
  if (self->own_scope != NULL)
    {
      rill_scope_cancel (self->own_scope);
      g_clear_pointer (&self->own_scope, rill_scope_unref);
    }
  g_clear_object (&self->flow);

  G_OBJECT_CLASS (rill_flow_list_model_parent_class)->dispose (object);
}

static void
rill_flow_list_model_finalize (GObject *object)
{
  RillFlowListModel *self = RILL_FLOW_LIST_MODEL (object);

  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->index);
  g_free (self->scratch);
  g_weak_ref_clear (&self->lifecycle);
  if (self->funcs_destroy != NULL)
    self->funcs_destroy (self->funcs_data);

  G_OBJECT_CLASS (rill_flow_list_model_parent_class)->finalize (object);
}

static void
rill_flow_list_model_class_init (RillFlowListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rill_flow_list_model_dispose;
  object_class->finalize = rill_flow_list_model_finalize;
}

static void
rill_flow_list_model_init (RillFlowListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_weak_ref_init (&self->lifecycle, NULL);
}

/* ------------------------------------------------------------------------ */
/* The diff                                                                 */

/* Keys: strings from the key function, or the objects themselves. */
static char *
item_key (RillFlowListModel *self,
          gpointer           item)
{
  return self->key_func != NULL ? self->key_func (item, self->funcs_data) : NULL;
}

static gboolean
same_item (RillFlowListModel *self,
           gpointer           old_item,
           const char        *old_key,
           gpointer           new_item,
           const char        *new_key)
{
  if (self->key_func == NULL)
    return old_item == new_item;
  return g_strcmp0 (old_key, new_key) == 0;
}

typedef struct
{
  guint position;    /* in the current list */
  guint removed;
  guint new_from;    /* the inserted items are new[new_from, new_from + added) */
  guint added;
} Change;

/* Beyond this many cells, the middle of the two lists is replaced as a
 * whole rather than matched item by item. */
#define MAX_DIFF_CELLS (1u << 20)

/* The table from the keys of the new middle to their positions: open
 * addressing over the key's hash, positions stored plus one (0: empty). */
static inline guint
key_hash (RillFlowListModel *self,
          gconstpointer      key)
{
  return self->key_func != NULL ? g_str_hash (key) : g_direct_hash (key);
}

static inline gboolean
key_equal (RillFlowListModel *self,
           gconstpointer      a,
           gconstpointer      b)
{
  return self->key_func != NULL ? strcmp (a, b) == 0 : a == b;
}

/* The position + 1 of @key among @keys (through the table), or where it
 * would go, as a slot index with its content. */
static inline guint
index_find (RillFlowListModel *self,
            gpointer          *keys,
            gconstpointer      key)
{
  guint mask = self->n_index - 1;
  guint slot = key_hash (self, key) & mask;

  while (self->index[slot] != 0 && !key_equal (self, keys[self->index[slot] - 1], key))
    slot = (slot + 1) & mask;
  return slot;
}

static guint *
scratch_get (RillFlowListModel *self,
             gsize              n)
{
  /* Grown as needed; given back when lists got much shorter. */
  if (self->n_scratch < n || self->n_scratch > 8 * n + 1024)
    {
      g_free (self->scratch);
      self->n_scratch = n;
      self->scratch = g_new (guint, self->n_scratch);
    }
  return self->scratch;
}

/* When every key of the new middle is unique, as keys that identify items
 * are, the longest common subsequence of the two middles is the longest
 * increasing run of the new positions of the old items, found in
 * O(n log n) by patience sorting. FALSE when a key repeats: the caller
 * falls back to the quadratic comparison. */
static gboolean
match_unique_keys (RillFlowListModel *self,
                   GPtrArray         *old_keys,
                   GPtrArray         *new_items,
                   GPtrArray         *new_keys,
                   guint              offset,
                   guint              n_old,
                   guint              n_new,
                   GArray            *matches)
{
  gpointer *keys = self->key_func != NULL ? new_keys->pdata + offset : new_items->pdata + offset;
  gpointer *old = self->key_func != NULL ? old_keys->pdata + offset : self->items->pdata + offset;
  guint *old_of, *new_of, *tails, *previous;
  guint n = 0, length = 0, size = 16;

  while (size < 2 * n_new)
    size *= 2;
  if (self->n_index != size)
    {
      g_free (self->index);
      self->index = g_new (guint, size);
      self->n_index = size;
    }
  memset (self->index, 0, size * sizeof (guint));
  for (guint j = 0; j < n_new; j++)
    {
      guint slot;

      if (keys[j] == NULL)
        return FALSE;
      slot = index_find (self, keys, keys[j]);
      if (self->index[slot] != 0)
        return FALSE;
      self->index[slot] = j + 1;
    }

  /* The old items that are still there, with their new positions. */
  old_of = scratch_get (self, 4 * ((gsize) n_old + 1));
  new_of = old_of + n_old + 1;
  tails = new_of + n_old + 1;
  previous = tails + n_old + 1;
  for (guint i = 0; i < n_old; i++)
    {
      guint j = old[i] != NULL ? self->index[index_find (self, keys, old[i])] : 0;

      if (j == 0)
        continue;
      old_of[n] = i;
      new_of[n] = j - 1;
      n++;
    }

  /* tails[k]: the entry ending the best run of length k + 1 so far. */
  for (guint e = 0; e < n; e++)
    {
      guint lo = 0, hi = length;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (new_of[tails[mid]] < new_of[e])
            lo = mid + 1;
          else
            hi = mid;
        }
      previous[e] = lo > 0 ? tails[lo - 1] : G_MAXUINT;
      tails[lo] = e;
      if (lo == length)
        length++;
    }

  if (length > 0)
    {
      guint e = tails[length - 1];
      gsize first = matches->len;

      /* The run, read backwards from its end, lands in order. */
      g_array_set_size (matches, first + length);
      for (guint k = length; k-- > 0; e = previous[e])
        {
          guint *pair = (guint *) matches->data + 2 * (first + k);

          pair[0] = offset + old_of[e];
          pair[1] = offset + new_of[e];
        }
    }
  return TRUE;
}

/* Makes room in @array for @added elements at @position in place of the
 * @removed there, which @free_func frees; the caller fills the room. The
 * elements after them move once, not once per element. */
static void
open_range (GPtrArray      *array,
            GDestroyNotify  free_func,
            guint           position,
            guint           removed,
            guint           added)
{
  guint old_len = array->len, tail = old_len - position - removed;

  for (guint k = 0; k < removed; k++)
    free_func (array->pdata[position + k]);
  if (added > removed)
    g_ptr_array_set_size (array, old_len + (added - removed));
  if (added != removed)
    memmove (array->pdata + position + added, array->pdata + position + removed, tail * sizeof (gpointer));
  if (added < removed)
    {
      /* The slots at the end hold pointers moved already: dropped without
       * the free function. */
      g_ptr_array_set_free_func (array, NULL);
      g_ptr_array_set_size (array, old_len - (removed - added));
      g_ptr_array_set_free_func (array, free_func);
    }
}

static void
apply_items (RillFlowListModel *self,
             GPtrArray         *items)
{
  guint n_old = self->items->len, n_new = items->len;
  GPtrArray *old_keys;
  g_autoptr(GPtrArray) new_keys = g_ptr_array_new_full (n_new, g_free);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint prefix = 0, suffix = 0;

  /* The keys of the current items were taken when they came in. */
  if (self->key_func != NULL && self->keys == NULL)
    {
      self->keys = g_ptr_array_new_full (n_old, g_free);
      for (guint i = 0; i < n_old; i++)
        g_ptr_array_add (self->keys, item_key (self, self->items->pdata[i]));
    }
  old_keys = self->keys;
  for (guint j = 0; j < n_new; j++)
    g_ptr_array_add (new_keys, item_key (self, items->pdata[j]));

#define SAME(i, j) same_item (self, self->items->pdata[i], old_keys != NULL ? old_keys->pdata[i] : NULL, \
                              items->pdata[j], new_keys->pdata[j])

  while (prefix < n_old && prefix < n_new && SAME (prefix, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix && SAME (n_old - 1 - suffix, n_new - 1 - suffix))
    suffix++;

  /* The matched pairs, in order: the prefix, a longest common subsequence
   * of the middles, the suffix. */
  for (guint k = 0; k < prefix; k++)
    {
      guint pair[2] = { k, k };
      g_array_append_vals (matches, pair, 1);
    }
  {
    guint mo = n_old - prefix - suffix, mn = n_new - prefix - suffix;

    if (mo > 0 && mn > 0 && !match_unique_keys (self, old_keys, items, new_keys, prefix, mo, mn, matches) &&
        (guint64) (mo + 1) * (mn + 1) <= MAX_DIFF_CELLS)
      {
        g_autofree guint *lcs = g_new0 (guint, (gsize) (mo + 1) * (mn + 1));
        guint i = 0, j = 0;

#define LCS(a, b) lcs[(gsize) (a) * (mn + 1) + (b)]
        for (guint a = mo; a-- > 0;)
          for (guint b = mn; b-- > 0;)
            LCS (a, b) = SAME (prefix + a, prefix + b) ? LCS (a + 1, b + 1) + 1
                                                       : MAX (LCS (a + 1, b), LCS (a, b + 1));
        while (i < mo && j < mn)
          {
            if (SAME (prefix + i, prefix + j))
              {
                guint pair[2] = { prefix + i, prefix + j };
                g_array_append_vals (matches, pair, 1);
                i++, j++;
              }
            else if (LCS (i + 1, j) >= LCS (i, j + 1))
              i++;
            else
              j++;
          }
#undef LCS
      }
  }
  for (guint k = suffix; k > 0; k--)
    {
      guint pair[2] = { n_old - k, n_new - k };
      g_array_append_vals (matches, pair, 1);
    }

  /* Between two matches, what goes and what comes is one change; a match
   * whose items differ in look is a replacement. */
  {
    guint last_old = 0, last_new = 0;

    for (guint m = 0; m <= matches->len; m++)
      {
        guint io = m < matches->len ? ((guint *) matches->data)[2 * m] : n_old;
        guint in = m < matches->len ? ((guint *) matches->data)[2 * m + 1] : n_new;

        if (io > last_old || in > last_new)
          {
            Change change = { last_old, io - last_old, last_new, in - last_new };
            g_array_append_val (changes, change);
          }
        if (m < matches->len)
          {
            gpointer old_item = self->items->pdata[io], new_item = items->pdata[in];

            if (old_item != new_item && self->equal_func != NULL &&
                !self->equal_func (old_item, new_item, self->funcs_data))
              {
                Change change = { io, 1, in, 1 };
                g_array_append_val (changes, change);
              }
          }
        last_old = io + 1;
        last_new = in + 1;
      }
  }
#undef SAME

  /* From the last to the first: a change never moves the positions of the
   * ones before it. */
  for (guint c = changes->len; c-- > 0;)
    {
      Change *change = &g_array_index (changes, Change, c);

      open_range (self->items, g_object_unref, change->position, change->removed, change->added);
      for (guint k = 0; k < change->added; k++)
        self->items->pdata[change->position + k] = g_object_ref (items->pdata[change->new_from + k]);
      if (self->keys != NULL)
        {
          /* The new items' keys move in with them. */
          open_range (self->keys, g_free, change->position, change->removed, change->added);
          for (guint k = 0; k < change->added; k++)
            self->keys->pdata[change->position + k] = g_steal_pointer (&new_keys->pdata[change->new_from + k]);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), change->position, change->removed, change->added);
    }
}

/**
 * rill_flow_list_model_apply:
 * @self: a model
 * @items: (element-type GObject): the new items, objects of the model's item type
 *
 * Makes @items the model's items, telling the change with the fewest and
 * smallest #GListModel::items-changed emissions. Items that stay keep
 * their objects (the model's, not those of @items). This is what the model
 * does with each list its flow emits; it can also be called directly.
 */
void
rill_flow_list_model_apply (RillFlowListModel *self,
                            GPtrArray         *items)
{
  g_return_if_fail (RILL_IS_FLOW_LIST_MODEL (self));
  g_return_if_fail (items != NULL);

  for (guint i = 0; i < items->len; i++)
    if (!G_TYPE_CHECK_INSTANCE_TYPE (items->pdata[i], self->item_type))
      {
        g_critical ("rill_flow_list_model_apply: item %u is not a %s", i, g_type_name (self->item_type));
        return;
      }

  apply_items (self, items);
}

/* ------------------------------------------------------------------------ */
/* Collecting                                                               */

static gboolean
apply_value (const GValue  *value,
             gpointer       user_data,
             GError       **error)
{
  g_autoptr(RillFlowListModel) self = g_weak_ref_get (user_data);
  GPtrArray *items = g_value_get_boxed (value);

  if (self != NULL && items != NULL)
    rill_flow_list_model_apply (self, items);
  return TRUE;
}

static void
collect_lists (RillScope *scope,
               gpointer   user_data)
{
  GWeakRef *model_ref = user_data;
  g_autoptr(RillFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RillFlowListModel) self = g_weak_ref_get (model_ref);

    if (self == NULL)
      return;
    flow = g_object_ref (self->flow);
  }
  if (!rill_flow_collect (flow, apply_value, model_ref, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The flow of a list model failed: %s", error->message);
}

static void
collect_while_started (RillScope *scope,
                       gpointer   user_data)
{
  GWeakRef *model_ref = user_data;
  g_autoptr(GObject) lifecycle = NULL;

  {
    g_autoptr(RillFlowListModel) self = g_weak_ref_get (model_ref);

    if (self == NULL)
      return;
    lifecycle = g_weak_ref_get (&self->lifecycle);
  }
  if (lifecycle != NULL)
    rill_repeat_on_lifecycle (RILL_LIFECYCLE (lifecycle), RILL_LIFECYCLE_STATE_STARTED,
                              collect_lists, model_ref);
}

static void
model_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/**
 * rill_flow_list_model_new:
 * @item_type: the type of the items, a #GObject type
 * @flow: a flow of %G_TYPE_PTR_ARRAY values, each an array of @item_type objects
 * @lifecycle: (nullable): collect @flow only while it is at least started
 *
 * Creates a model whose items are the latest list @flow emitted. It starts
 * empty; the collection runs on the main thread, in @lifecycle's scope
 * while @lifecycle is at least %RILL_LIFECYCLE_STATE_STARTED, or (without a
 * lifecycle) until the model is disposed. The model holds @lifecycle weakly.
 *
 * Returns: (transfer full): a new model
 */
RillFlowListModel *
rill_flow_list_model_new (GType          item_type,
                          RillFlow      *flow,
                          RillLifecycle *lifecycle)
{
  RillFlowListModel *self;
  GWeakRef *model_ref;
  RillScope *scope;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (RILL_IS_FLOW (flow), NULL);
  g_return_val_if_fail (lifecycle == NULL || RILL_IS_LIFECYCLE (lifecycle), NULL);

  if (rill_flow_get_value_type (flow) != G_TYPE_PTR_ARRAY)
    {
      g_critical ("rill_flow_list_model_new: the flow's values are '%s', not arrays of items (GPtrArray)",
                  g_type_name (rill_flow_get_value_type (flow)));
      return NULL;
    }

  self = g_object_new (RILL_TYPE_FLOW_LIST_MODEL, NULL);
  self->item_type = item_type;
  self->flow = g_object_ref (flow);
  g_weak_ref_set (&self->lifecycle, lifecycle);

  model_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (model_ref, self);
  if (lifecycle != NULL)
    scope = rill_lifecycle_get_scope (lifecycle);
  else
    scope = self->own_scope = rill_main_scope_new ();
  self->job = rill_launch (scope, rill_context_main (),
                           lifecycle != NULL ? collect_while_started : collect_lists,
                           model_ref, model_ref_free);
  return self;
}

/**
 * rill_flow_list_model_new_for_live_data:
 * @item_type: the type of the items, a #GObject type
 * @live_data: a live data of %G_TYPE_PTR_ARRAY values
 * @lifecycle: (nullable): follow @live_data only while it is at least started
 *
 * Creates a model whose items are the latest list of @live_data, as
 * [ctor@FlowListModel.new] does with [method@LiveData.as_flow].
 *
 * Returns: (transfer full): a new model
 */
RillFlowListModel *
rill_flow_list_model_new_for_live_data (GType          item_type,
                                        RillLiveData  *live_data,
                                        RillLifecycle *lifecycle)
{
  g_autoptr(RillFlow) flow = NULL;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (live_data), NULL);

  flow = rill_live_data_as_flow (live_data);
  return rill_flow_list_model_new (item_type, flow, lifecycle);
}

/**
 * rill_flow_list_model_set_item_funcs:
 * @self: a model
 * @key_func: (nullable) (scope notified) (closure user_data) (destroy destroy): what identifies an
 *   item across lists; %NULL: the object itself
 * @equal_func: (nullable) (scope notified) (closure user_data): whether an item that stays looks
 *   the same; %NULL: it always does
 * @user_data: data for the functions
 * @destroy: (nullable): called on @user_data when the functions are replaced
 *   or the model is finalized
 *
 * Sets how lists are compared, androidx's `DiffUtil.ItemCallback`: with a key
 * function, an item of a new list with the key of a current item is that
 * item (it keeps its position and its object, unless @equal_func says it
 * changed: then it replaces it).
 *
 * The key of an item is taken once, when it comes into the model: a key is
 * what identifies an item, and changing it in place later is not seen (as
 * DiffUtil expects the old list not to change). Setting the functions again
 * takes every key again at the next list.
 */
void
rill_flow_list_model_set_item_funcs (RillFlowListModel *self,
                                     RillItemKeyFunc    key_func,
                                     RillItemEqualFunc  equal_func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (RILL_IS_FLOW_LIST_MODEL (self));

  if (self->funcs_destroy != NULL)
    self->funcs_destroy (self->funcs_data);
  /* Taken with the new function at the next list. */
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  self->key_func = key_func;
  self->equal_func = equal_func;
  self->funcs_data = user_data;
  self->funcs_destroy = destroy;
}
