/* rill-live-data.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "rill-dispatcher-private.h"
#include "rill-lifecycle.h"
#include "rill-live-data-private.h"
#include "rill-thread-private.h"

/**
 * RillLiveData:
 *
 * A holder of one value that can be observed, androidx's `LiveData`.
 *
 * The value has the type fixed by [property@LiveData:value-type] when the
 * live data is made; it is set on the main thread
 * ([method@MutableLiveData.set_value]) or posted from any thread
 * ([method@MutableLiveData.post_value]), and every observer is called on the
 * main thread with each new value.
 *
 * An observer added with [method@LiveData.observe] is bound to a
 * [iface@LifecycleOwner]: it is active, and gets values, only while the
 * owner's lifecycle is at least %RILL_LIFECYCLE_STATE_STARTED, and it is
 * removed when the lifecycle reaches %RILL_LIFECYCLE_STATE_DESTROYED. An
 * observer added with [method@LiveData.observe_forever] is always active
 * and stays until it is removed.
 *
 * Delivery follows androidx to the letter:
 *
 * - each value set has a version; an observer never gets the same version
 *   twice, and an observer that becomes active gets the latest value once,
 *   if a value was ever set;
 * - a value set from an observer while values are being delivered restarts
 *   the delivery, so that every observer sees only the newest value, once;
 * - observers added or removed from a callback are taken into account at
 *   once, an observer may remove itself;
 * - [vfunc@LiveData.on_active] runs when the number of active observers
 *   goes from 0 to 1, [vfunc@LiveData.on_inactive] when it goes back to 0,
 *   once per change, even when observers come and go from those callbacks.
 *
 * An observer is identified by its function and user data: adding the same
 * pair again with the same owner does nothing, adding it with another owner
 * (or once bound and once forever) is refused with a critical.
 *
 * A lifecycle that has a bound observer keeps a reference to the live data,
 * so a live data that is only observed (say, the result of
 * [method@LiveData.map]) lives as long as its observers' owners; an observer
 * added with [method@LiveData.observe_forever] does not keep it alive.
 *
 * The [property@LiveData:value] property follows the value, for
 * [method@GObject.Object.bind_property] with
 * [func@LiveData.binding_transform] or [method@LiveData.bind_property].
 */

typedef struct _Observer Observer;

struct _Observer
{
  /* What a delivery reads comes first. */
  RillObserverFunc    func;
  gpointer            user_data;
  gint64              last_version;
  RillLifecycle      *lifecycle;      /* bound observers only */
  guint8              active;
  guint8              removed;
  guint8              bound;
  guint8              attached;       /* the lifecycle holds it */
  guint8              weak_owner;     /* a weak reference on @owner */
  guint               ref_count;      /* main thread only */
  gulong              id;
  GDestroyNotify      destroy;
  RillLiveData       *live_data;      /* bound: a reference owned by the lifecycle */
  RillLifecycleOwner *owner;          /* bound: weak */
  guint               lifecycle_id;
};

/* Posted values wait in one of these; a thread keeps one spare. */
typedef struct
{
  GValue value;
} PostBox;

typedef struct
{
  GValue                 data;          /* always of value_type once constructed */
  gint64                 version;
  const GTypeValueTable *vtable;
  GType                  value_type;
  guint8                 plain;         /* a copy is data[0]; nothing to free */
  guint8                 dispatching;
  guint8                 dispatch_invalidated;
  guint8                 changing_active_state;
  guint8                 resurrected;   /* kept alive by dispose() until the iteration ends */
  guint8                 fundamental_plain;
  guint                  iterating;
  GType                  fundamental;

  /* In the order they were added, so ids are increasing; removed entries
   * stay as tombstones while someone iterates. */
  Observer             **observers;
  guint                  n_observers;
  guint                  n_allocated;
  guint                  n_live;
  guint                  n_tombstones;
  gint                   active_count;
  gulong                 last_id;
  GHashTable            *by_func;       /* made once there are many observers */

  /* Values replaced while a delivery runs: a callback may still use them. */
  GArray                *retired;

  PostBox               *pending;       /* atomic */
  RillLiveData          *next_posted;   /* link in the post queue */
} RillLiveDataPrivate;

enum {
  PROP_0,
  PROP_VALUE_TYPE,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RillLiveData, rill_live_data, G_TYPE_OBJECT)

#define PRIV(self) ((RillLiveDataPrivate *) rill_live_data_get_instance_private (self))

#define BY_FUNC_THRESHOLD 8

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

gboolean
rill_live_data_is_main_thread (void)
{
  RillThread *t = rill_thread_get ();

  return G_LIKELY (t->is_main) || rill_dispatcher_is_main_thread ();
}

gboolean
rill_live_data_check_main_thread (const char *func)
{
  if (G_LIKELY (rill_live_data_is_main_thread ()))
    return TRUE;

  g_critical ("Cannot invoke %s on a background thread: live data is used on the main thread "
              "(rill_mutable_live_data_post_value() sets a value from any thread)", func);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static gboolean
is_plain_fundamental (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_BOOLEAN:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_ENUM:
    case G_TYPE_FLAGS:
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
    case G_TYPE_POINTER:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
rill_live_data_type_accepts (GType         value_type,
                             const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (G_LIKELY (type == value_type))
    return TRUE;
  if (value_type == G_TYPE_INVALID || type == G_TYPE_INVALID)
    return FALSE;
  if (g_type_is_a (type, value_type))
    return TRUE;
  /* A GObject-typed value holding an instance of the value type. */
  if (G_VALUE_HOLDS_OBJECT (value) && (G_TYPE_IS_OBJECT (value_type) || G_TYPE_IS_INTERFACE (value_type)))
    {
      gpointer object = value->data[0].v_pointer;

      return object == NULL || G_TYPE_CHECK_INSTANCE_TYPE (object, value_type);
    }
  return FALSE;
}

gboolean
rill_live_data_value_fits (RillLiveData *self,
                           const GValue *value)
{
  return rill_live_data_type_accepts (PRIV (self)->value_type, value);
}

static gboolean
check_value (RillLiveData *self,
             const GValue *value,
             const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_LIKELY (rill_live_data_value_fits (self, value)))
    return TRUE;

  g_critical ("%s: a value of type '%s' cannot be stored in %s %p, whose value type is '%s'",
              func, g_type_name (G_VALUE_TYPE (value)), G_OBJECT_TYPE_NAME (self), self,
              g_type_name (priv->value_type));
  return FALSE;
}

void
rill_live_data_init_value (RillLiveData *self,
                           GValue       *value)
{
  RillLiveDataPrivate *priv = PRIV (self);

  value->g_type = priv->value_type;
  memset (value->data, 0, sizeof value->data);
  if (!priv->plain && priv->vtable != NULL)
    priv->vtable->value_init (value);
}

void
rill_live_data_clear_value (RillLiveData *self,
                            GValue       *value)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (!priv->plain && priv->vtable != NULL && value->g_type != 0 && priv->vtable->value_free != NULL)
    priv->vtable->value_free (value);
  memset (value, 0, sizeof *value);
}

/* Frees what the stored value holds, or keeps it until the delivery ends. */
static void
release_current (RillLiveDataPrivate *priv)
{
  if (priv->dispatching)
    {
      if (priv->retired == NULL)
        priv->retired = g_array_new (FALSE, FALSE, sizeof (GValue));
      g_array_append_val (priv->retired, priv->data);
    }
  else if (priv->vtable->value_free != NULL)
    priv->vtable->value_free (&priv->data);
  memset (priv->data.data, 0, sizeof priv->data.data);
}

static void
free_retired (RillLiveDataPrivate *priv)
{
  GArray *retired = priv->retired;

  /* A destructor may set a value again: take the array first. */
  priv->retired = NULL;
  for (guint i = 0; i < retired->len; i++)
    {
      GValue *value = &g_array_index (retired, GValue, i);

      if (priv->vtable->value_free != NULL)
        priv->vtable->value_free (value);
    }
  if (priv->retired == NULL)
    {
      g_array_set_size (retired, 0);
      priv->retired = retired;
    }
  else
    g_array_unref (retired);
}

static inline void
store_copy (RillLiveDataPrivate *priv,
            const GValue        *value)
{
  if (G_LIKELY (priv->plain))
    {
      priv->data.data[0] = value->data[0];
      return;
    }
  release_current (priv);
  priv->vtable->value_copy (value, &priv->data);
}

const GValue *
rill_live_data_peek_value (RillLiveData *self)
{
  RillLiveDataPrivate *priv = PRIV (self);

  return priv->version >= 0 ? &priv->data : NULL;
}

gint64
rill_live_data_get_version (RillLiveData *self)
{
  return PRIV (self)->version;
}

/* ------------------------------------------------------------------------ */
/* Observers                                                                */

static void dispatching_value (RillLiveData        *self,
                               RillLiveDataPrivate *priv,
                               Observer            *initiator);

static inline Observer *
observer_ref (Observer *observer)
{
  observer->ref_count++;
  return observer;
}

static void
observer_unref (Observer *observer)
{
  if (--observer->ref_count > 0)
    return;

  /* Called once nothing can call the observer any more: not during its own
   * callback, nor while a lifecycle still holds it. */
  if (observer->destroy != NULL)
    observer->destroy (observer->user_data);
  g_free (observer);
}

static guint
observer_hash (gconstpointer key)
{
  const Observer *observer = key;

  return g_direct_hash (observer->func) ^ (g_direct_hash (observer->user_data) * 31u);
}

static gboolean
observer_equal (gconstpointer a,
                gconstpointer b)
{
  const Observer *x = a, *y = b;

  return x->func == y->func && x->user_data == y->user_data;
}

static Observer *
find_by_func (RillLiveDataPrivate *priv,
              RillObserverFunc     func,
              gpointer             user_data)
{
  if (priv->by_func != NULL)
    {
      Observer key = { .func = func, .user_data = user_data };

      return g_hash_table_lookup (priv->by_func, &key);
    }

  for (guint i = 0; i < priv->n_observers; i++)
    {
      Observer *observer = priv->observers[i];

      if (!observer->removed && observer->func == func && observer->user_data == user_data)
        return observer;
    }
  return NULL;
}

static Observer *
find_by_id (RillLiveDataPrivate *priv,
            gulong               id)
{
  guint lo = 0, hi = priv->n_observers;

  /* Ids are increasing along the array. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Observer *observer = priv->observers[mid];

      if (observer->id == id)
        return observer->removed ? NULL : observer;
      if (observer->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static Observer *
observer_new (RillLiveData     *self,
              RillObserverFunc  func,
              gpointer          user_data,
              GDestroyNotify    destroy)
{
  RillLiveDataPrivate *priv = PRIV (self);
  Observer *observer = g_new0 (Observer, 1);

  observer->func = func;
  observer->user_data = user_data;
  observer->destroy = destroy;
  observer->last_version = -1;
  observer->ref_count = 1;   /* the array's */
  observer->id = ++priv->last_id;

  if (priv->n_observers == priv->n_allocated)
    {
      priv->n_allocated = MAX (4, priv->n_allocated * 2);
      priv->observers = g_renew (Observer *, priv->observers, priv->n_allocated);
    }
  priv->observers[priv->n_observers++] = observer;
  priv->n_live++;

  if (priv->by_func != NULL)
    g_hash_table_add (priv->by_func, observer);
  else if (priv->n_live > BY_FUNC_THRESHOLD)
    {
      priv->by_func = g_hash_table_new (observer_hash, observer_equal);
      for (guint i = 0; i < priv->n_observers; i++)
        if (!priv->observers[i]->removed)
          g_hash_table_add (priv->by_func, priv->observers[i]);
    }

  return observer;
}

/* Drops the tombstones; their last references go only once the array is
 * consistent again, since a destroy notify may call back. */
static void
compact (RillLiveDataPrivate *priv)
{
  Observer *dead_stack[16];
  Observer **dead = dead_stack;
  guint n_dead = 0, j = 0;

  if (priv->n_tombstones > G_N_ELEMENTS (dead_stack))
    dead = g_new (Observer *, priv->n_tombstones);

  for (guint i = 0; i < priv->n_observers; i++)
    {
      Observer *observer = priv->observers[i];

      if (observer->removed)
        dead[n_dead++] = observer;
      else
        priv->observers[j++] = observer;
    }
  priv->n_observers = j;
  priv->n_tombstones = 0;

  for (guint i = 0; i < n_dead; i++)
    observer_unref (dead[i]);
  if (dead != dead_stack)
    g_free (dead);
}

static inline void
iterate_begin (RillLiveDataPrivate *priv)
{
  priv->iterating++;
}

/* Callers that use the live data afterwards hold a reference: this may drop
 * the last one, taken by dispose() while the iteration ran. */
static inline void
iterate_end (RillLiveData        *self,
             RillLiveDataPrivate *priv)
{
  if (--priv->iterating > 0)
    return;
  if (priv->n_tombstones > 0)
    compact (priv);
  if (priv->retired != NULL && priv->retired->len > 0)
    free_retired (priv);
  if (G_UNLIKELY (priv->resurrected))
    {
      priv->resurrected = FALSE;
      g_object_unref (self);
    }
}

static void
change_active_counter (RillLiveData        *self,
                       RillLiveDataPrivate *priv,
                       gint                 change)
{
  gint previous = priv->active_count;

  priv->active_count += change;
  if (priv->changing_active_state)
    return;

  /* Observers added or removed from on_active/on_inactive change the count
   * again: loop until it settles, one callback per crossing of zero. */
  priv->changing_active_state = TRUE;
  g_object_ref (self);
  while (previous != priv->active_count)
    {
      gboolean need_active = previous == 0 && priv->active_count > 0;
      gboolean need_inactive = previous > 0 && priv->active_count == 0;

      previous = priv->active_count;
      if (need_active)
        RILL_LIVE_DATA_GET_CLASS (self)->on_active (self);
      else if (need_inactive)
        RILL_LIVE_DATA_GET_CLASS (self)->on_inactive (self);
    }
  priv->changing_active_state = FALSE;
  g_object_unref (self);
}

static void
active_state_changed (RillLiveData        *self,
                      RillLiveDataPrivate *priv,
                      Observer            *observer,
                      gboolean             new_active)
{
  if (new_active == observer->active)
    return;

  /* Set first, so that nothing reaches an observer that became inactive. */
  observer->active = new_active;
  observer_ref (observer);
  change_active_counter (self, priv, new_active ? 1 : -1);
  if (observer->active)
    dispatching_value (self, priv, observer);
  observer_unref (observer);
}

static inline gboolean
should_be_active (Observer *observer)
{
  RillLifecycle *lifecycle = observer->lifecycle;

  return RILL_LIFECYCLE_GET_CLASS (lifecycle)->get_current_state (lifecycle) >= RILL_LIFECYCLE_STATE_STARTED;
}

static inline void
consider_notify (RillLiveData        *self,
                 RillLiveDataPrivate *priv,
                 Observer            *observer)
{
  if (!observer->active)
    return;
  /* The lifecycle may have moved without this observer having been told
   * yet (it is later in the lifecycle's dispatch): it is not called. */
  if (observer->bound && G_UNLIKELY (!should_be_active (observer)))
    {
      active_state_changed (self, priv, observer, FALSE);
      return;
    }
  if (observer->last_version >= priv->version)
    return;
  observer->last_version = priv->version;
  observer->func (self, &priv->data, observer->user_data);
}

static void
dispatching_value (RillLiveData        *self,
                   RillLiveDataPrivate *priv,
                   Observer            *initiator)
{
  if (priv->dispatching)
    {
      priv->dispatch_invalidated = TRUE;
      return;
    }

  /* No reference is taken here: a callback that drops the last one finds
   * dispose() keeping the live data until the delivery ends. */
  priv->dispatching = TRUE;
  iterate_begin (priv);
  do
    {
      priv->dispatch_invalidated = FALSE;
      if (initiator != NULL)
        {
          consider_notify (self, priv, initiator);
          initiator = NULL;
        }
      else
        {
          /* Re-reads the array each time: callbacks may add observers, which
           * are visited too, as androidx's iterator with additions. */
          for (guint i = 0; i < priv->n_observers; i++)
            {
              consider_notify (self, priv, priv->observers[i]);
              if (priv->dispatch_invalidated)
                break;
            }
        }
    }
  while (priv->dispatch_invalidated);
  priv->dispatching = FALSE;
  iterate_end (self, priv);
}

/* A new value is in place: bump the version, deliver, notify. */
static inline void
value_committed (RillLiveData        *self,
                 RillLiveDataPrivate *priv)
{
  priv->version++;
  /* One iteration around both: if a callback drops the last reference, the
   * live data goes only after the notification. */
  iterate_begin (priv);
  if (priv->n_live > 0)
    dispatching_value (self, priv, NULL);
  g_object_notify_by_pspec ((GObject *) self, properties[PROP_VALUE]);
  iterate_end (self, priv);
}

void
rill_live_data_set_value_internal (RillLiveData *self,
                                   const GValue *value,
                                   const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_UNLIKELY (!rill_live_data_check_main_thread (func)))
    return;
  if (G_UNLIKELY (!check_value (self, value, func)))
    return;

  store_copy (priv, value);
  value_committed (self, priv);
}

void
rill_live_data_init_with_value (RillLiveData *self,
                                const GValue *value)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (!check_value (self, value, "rill_live_data_init_with_value"))
    return;
  store_copy (priv, value);
  priv->version = 0;
}

void
rill_live_data_take_value (RillLiveData *self,
                           GValue       *value)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_LIKELY (priv->plain))
    priv->data.data[0] = value->data[0];
  else
    {
      release_current (priv);
      memcpy (priv->data.data, value->data, sizeof priv->data.data);
    }
  memset (value, 0, sizeof *value);
  value_committed (self, priv);
}

void
rill_live_data_set_plain_internal (RillLiveData *self,
                                   GType         fundamental,
                                   GValue       *value,
                                   gboolean      post,
                                   const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_UNLIKELY (priv->fundamental != fundamental || priv->value_type == G_TYPE_INVALID))
    {
      g_critical ("%s: %s %p holds values of type '%s', not '%s'",
                  func, G_OBJECT_TYPE_NAME (self), self,
                  g_type_name (priv->value_type), g_type_name (fundamental));
      return;
    }
  value->g_type = priv->value_type;
  if (post)
    rill_live_data_post_value_internal (self, value, func);
  else
    rill_live_data_set_value_internal (self, value, func);
}

void
rill_live_data_take_value_checked (RillLiveData *self,
                                   GValue       *value,
                                   const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_LIKELY (value->g_type == priv->value_type))
    {
      rill_live_data_take_value (self, value);
      return;
    }
  if (check_value (self, value, func))
    {
      store_copy (priv, value);
      g_value_unset (value);
      value_committed (self, priv);
      return;
    }
  if (G_IS_VALUE (value))
    g_value_unset (value);
  else
    memset (value, 0, sizeof *value);
}

static void
detach_observer (Observer *observer)
{
  guint id = observer->lifecycle_id;

  if (!observer->bound || !observer->attached || id == 0)
    return;
  observer->lifecycle_id = 0;
  rill_lifecycle_remove_observer (observer->lifecycle, id);
}

static void owner_finalized (gpointer  data,
                             GObject  *where_the_object_was);

static void
remove_observer_internal (RillLiveData        *self,
                          RillLiveDataPrivate *priv,
                          Observer            *observer)
{
  g_assert (!observer->removed);

  /* androidx's order: out of the map, detached, then inactive. */
  g_object_ref (self);
  iterate_begin (priv);
  observer->removed = TRUE;
  priv->n_live--;
  priv->n_tombstones++;
  if (priv->by_func != NULL)
    g_hash_table_remove (priv->by_func, observer);
  if (observer->weak_owner)
    {
      observer->weak_owner = FALSE;
      g_object_weak_unref (G_OBJECT (observer->owner), owner_finalized, observer);
    }
  observer->owner = NULL;
  detach_observer (observer);
  active_state_changed (self, priv, observer, FALSE);
  iterate_end (self, priv);
  g_object_unref (self);
}

static void
owner_finalized (gpointer  data,
                 GObject  *where_the_object_was)
{
  Observer *observer = data;

  /* An owner that goes away without its lifecycle reaching DESTROYED: its
   * observers go with it, and its address may be reused. */
  observer->weak_owner = FALSE;
  observer->owner = NULL;
  if (!observer->removed)
    remove_observer_internal (observer->live_data, PRIV (observer->live_data), observer);
}

static void
bound_observer_on_event (RillLifecycle      *lifecycle,
                         RillLifecycleEvent  event,
                         gpointer            user_data)
{
  Observer *observer = user_data;
  RillLiveData *self = observer->live_data;
  RillLiveDataPrivate *priv = PRIV (self);
  RillLifecycleState state, previous;

  if (observer->removed)
    return;

  state = rill_lifecycle_get_current_state (lifecycle);
  if (state == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      remove_observer_internal (self, priv, observer);
      return;
    }

  /* on_active or a callback may move the lifecycle again: follow it. */
  g_object_ref (self);
  observer_ref (observer);
  do
    {
      previous = state;
      active_state_changed (self, priv, observer, state >= RILL_LIFECYCLE_STATE_STARTED);
      state = rill_lifecycle_get_current_state (lifecycle);
    }
  while (previous != state && !observer->removed);
  observer_unref (observer);
  g_object_unref (self);
}

/* The lifecycle let the observer go: removed by us, or the lifecycle was
 * destroyed or finalized. */
static void
bound_observer_dropped (gpointer data)
{
  Observer *observer = data;
  RillLiveData *self = observer->live_data;

  observer->attached = FALSE;
  observer->lifecycle_id = 0;
  if (!observer->removed)
    remove_observer_internal (self, PRIV (self), observer);
  observer_unref (observer);
  g_object_unref (self);
}

/* ------------------------------------------------------------------------ */
/* Post queue: live data with a pending posted value, in one lock-free stack
 * drained by one GSource on the default main context. A live data is pushed
 * only by the post that finds its slot empty, so it is at most once in the
 * stack, and the source is woken only by the push that finds the stack
 * empty: one wake-up per batch. */

static RillLiveData *post_queue;   /* atomic */
static GSource *post_source;

static __thread PostBox *spare_box;
static __thread gboolean spare_box_registered;

static void
spare_box_free (gpointer data)
{
  g_clear_pointer (&spare_box, g_free);
}

static GPrivate spare_box_key = G_PRIVATE_INIT (spare_box_free);

static inline PostBox *
post_box_take (void)
{
  PostBox *box = spare_box;

  if (G_LIKELY (box != NULL))
    {
      spare_box = NULL;
      return box;
    }
  return g_new (PostBox, 1);
}

static inline void
post_box_recycle (PostBox *box)
{
  if (spare_box != NULL)
    {
      g_free (box);
      return;
    }
  if (G_UNLIKELY (!spare_box_registered))
    {
      spare_box_registered = TRUE;
      g_private_set (&spare_box_key, GINT_TO_POINTER (1));
    }
  spare_box = box;
}

static gboolean
post_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  RillLiveData *taken, *fifo = NULL;

  /* Reset before taking, so that a push after the take wakes us again. */
  g_source_set_ready_time (source, -1);
  taken = g_atomic_pointer_exchange (&post_queue, NULL);

  while (taken != NULL)
    {
      RillLiveDataPrivate *priv = PRIV (taken);
      RillLiveData *next = priv->next_posted;

      priv->next_posted = fifo;
      fifo = taken;
      taken = next;
    }

  while (fifo != NULL)
    {
      RillLiveData *self = fifo;
      RillLiveDataPrivate *priv = PRIV (self);
      PostBox *box;

      /* Read the link before emptying the slot: the next post pushes the
       * live data again and rewrites it. */
      fifo = priv->next_posted;
      priv->next_posted = NULL;
      box = g_atomic_pointer_exchange (&priv->pending, NULL);
      if (box != NULL)
        {
          rill_live_data_take_value (self, &box->value);
          post_box_recycle (box);
        }
      g_object_unref (self);
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs post_source_funcs = {
  .dispatch = post_source_dispatch,
};

static GSource *
get_post_source (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GSource *source = g_source_new (&post_source_funcs, sizeof (GSource));

      g_source_set_name (source, "RillLiveData posted values");
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_ready_time (source, -1);
      g_source_attach (source, g_main_context_default ());
      post_source = source;
      g_once_init_leave (&initialized, 1);
    }
  return post_source;
}

static void
post_queue_push (RillLiveData *self)
{
  RillLiveDataPrivate *priv = PRIV (self);
  RillLiveData *head;

  g_object_ref (self);
  do
    {
      head = g_atomic_pointer_get (&post_queue);
      priv->next_posted = head;
    }
  while (!g_atomic_pointer_compare_and_exchange (&post_queue, head, self));

  if (head == NULL)
    g_source_set_ready_time (get_post_source (), 0);
}

void
rill_live_data_post_value_internal (RillLiveData *self,
                                    const GValue *value,
                                    const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);
  PostBox *box, *old;

  if (G_UNLIKELY (!check_value (self, value, func)))
    return;

  box = post_box_take ();
  box->value.g_type = priv->value_type;
  memset (box->value.data, 0, sizeof box->value.data);
  if (G_LIKELY (priv->plain))
    box->value.data[0] = value->data[0];
  else
    priv->vtable->value_copy (value, &box->value);

  old = g_atomic_pointer_exchange (&priv->pending, box);
  if (old != NULL)
    {
      /* Coalesced: the value it held is never delivered. */
      if (!priv->plain && priv->vtable->value_free != NULL)
        priv->vtable->value_free (&old->value);
      post_box_recycle (old);
      return;
    }
  post_queue_push (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
rill_live_data_real_on_active (RillLiveData *self)
{
}

static void
rill_live_data_real_on_inactive (RillLiveData *self)
{
}

static void
rill_live_data_constructed (GObject *object)
{
  RillLiveData *self = RILL_LIVE_DATA (object);
  RillLiveDataPrivate *priv = PRIV (self);

  G_OBJECT_CLASS (rill_live_data_parent_class)->constructed (object);

  if (!G_TYPE_IS_VALUE_TYPE (priv->value_type) || priv->value_type == G_TYPE_NONE)
    {
      g_critical ("%s %p: the value type '%s' is not a type a GValue can hold; "
                  "give a valid \"value-type\"",
                  G_OBJECT_TYPE_NAME (self), self, g_type_name (priv->value_type));
      priv->value_type = G_TYPE_INVALID;
      return;
    }

  g_value_init (&priv->data, priv->value_type);
  priv->vtable = g_type_value_table_peek (priv->value_type);
  priv->plain = is_plain_fundamental (priv->value_type);
  priv->fundamental = G_TYPE_FUNDAMENTAL (priv->value_type);
}

static void
rill_live_data_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillLiveData *self = RILL_LIVE_DATA (object);
  RillLiveDataPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      g_value_set_gtype (value, priv->value_type);
      break;
    case PROP_VALUE:
      g_value_set_boxed (value, rill_live_data_peek_value (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_live_data_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillLiveData *self = RILL_LIVE_DATA (object);
  RillLiveDataPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_VALUE_TYPE:
      priv->value_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_live_data_dispose (GObject *object)
{
  RillLiveData *self = RILL_LIVE_DATA (object);
  RillLiveDataPrivate *priv = PRIV (self);

  /* The last reference went while observers are being called: the live
   * data stays until they are done, then is disposed of again. */
  if (priv->iterating > 0)
    {
      if (!priv->resurrected)
        {
          priv->resurrected = TRUE;
          g_object_ref (self);
        }
      return;
    }

  /* Removing them makes the live data inactive, so subclasses let go of
   * what they observe themselves. */
  if (priv->n_live > 0)
    {
      iterate_begin (priv);
      for (guint i = 0; i < priv->n_observers; i++)
        if (!priv->observers[i]->removed)
          remove_observer_internal (self, priv, priv->observers[i]);
      iterate_end (self, priv);
    }

  G_OBJECT_CLASS (rill_live_data_parent_class)->dispose (object);
}

static void
rill_live_data_finalize (GObject *object)
{
  RillLiveData *self = RILL_LIVE_DATA (object);
  RillLiveDataPrivate *priv = PRIV (self);
  PostBox *pending;

  g_assert (priv->n_live == 0);
  if (priv->n_tombstones > 0)
    compact (priv);
  g_free (priv->observers);
  g_clear_pointer (&priv->by_func, g_hash_table_unref);
  if (priv->retired != NULL)
    {
      if (priv->retired->len > 0)
        free_retired (priv);
      g_clear_pointer (&priv->retired, g_array_unref);
    }
  pending = g_atomic_pointer_exchange (&priv->pending, NULL);
  if (pending != NULL)
    {
      g_value_unset (&pending->value);
      g_free (pending);
    }
  if (G_IS_VALUE (&priv->data))
    g_value_unset (&priv->data);

  G_OBJECT_CLASS (rill_live_data_parent_class)->finalize (object);
}

static void
rill_live_data_class_init (RillLiveDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rill_live_data_constructed;
  object_class->get_property = rill_live_data_get_property;
  object_class->set_property = rill_live_data_set_property;
  object_class->dispose = rill_live_data_dispose;
  object_class->finalize = rill_live_data_finalize;

  klass->on_active = rill_live_data_real_on_active;
  klass->on_inactive = rill_live_data_real_on_inactive;

  /**
   * RillLiveData:value-type:
   *
   * The type of the values, fixed when the live data is made: a type a
   * #GValue can hold (a fundamental type, an enum or flags type, a boxed
   * type, an object or interface type, ...).
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL,
                        G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RillLiveData:value:
   *
   * The current value as a #GValue holding a value of
   * [property@LiveData:value-type], %NULL until a value is set. It is
   * notified after each value has been delivered to the observers.
   *
   * A property has one type for the whole class, so this one is a boxed
   * #GValue: bind it with [method@LiveData.bind_property], or with
   * [method@GObject.Object.bind_property_full] and
   * [func@LiveData.binding_transform] as the transformation, which unpacks
   * it into the target property's type. From Python, `live_data.props.value`
   * is the value itself.
   */
  properties[PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL,
                        G_TYPE_VALUE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_live_data_init (RillLiveData *self)
{
  RillLiveDataPrivate *priv = PRIV (self);

  priv->version = -1;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * rill_live_data_get_value_type:
 * @self: a live data
 *
 * Returns the type of the values of @self.
 *
 * Returns: the value type
 */
GType
rill_live_data_get_value_type (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), G_TYPE_INVALID);

  return PRIV (self)->value_type;
}

/**
 * rill_live_data_get_value:
 * @self: a live data
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or initialised to a type the value can be copied to
 *
 * Copies the current value into @value, androidx's `getValue()`. Before any
 * value is set, @value gets the type's default (0, %NULL) and %FALSE is
 * returned, as androidx returns `null`. A zero-filled @value is initialised
 * to [property@LiveData:value-type] in both cases, so it can always be unset.
 *
 * Called from another thread than the main one, this does not guarantee to
 * see the latest value, and is only safe for values that are not freed
 * (numbers, enums): use it from the main thread.
 *
 * Returns: %TRUE if a value was ever set
 */
gboolean
rill_live_data_get_value (RillLiveData *self,
                          GValue       *value)
{
  RillLiveDataPrivate *priv;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  priv = PRIV (self);
  g_return_val_if_fail (priv->value_type != G_TYPE_INVALID, FALSE);

  if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
    g_value_init (value, priv->value_type);
  else if (!g_value_type_compatible (priv->value_type, G_VALUE_TYPE (value)))
    {
      g_critical ("rill_live_data_get_value: a value of type '%s' cannot be copied to a GValue of type '%s'",
                  g_type_name (priv->value_type), g_type_name (G_VALUE_TYPE (value)));
      return FALSE;
    }
  else
    g_value_reset (value);

  if (priv->version < 0)
    return FALSE;
  g_value_copy (&priv->data, value);
  return TRUE;
}

/**
 * rill_live_data_is_initialized:
 * @self: a live data
 *
 * Whether a value was ever set, androidx's `isInitialized`.
 *
 * Returns: %TRUE once a value has been set
 */
gboolean
rill_live_data_is_initialized (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), FALSE);

  return PRIV (self)->version >= 0;
}

/**
 * rill_live_data_observe:
 * @self: a live data
 * @owner: the lifecycle owner that controls the observer
 * @func: (scope notified) (closure user_data) (destroy destroy): the observer
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data once the observer is removed
 *
 * Adds an observer bound to the lifecycle of @owner, androidx's
 * `observe(owner, observer)`. The observer gets values only while the
 * lifecycle is at least %RILL_LIFECYCLE_STATE_STARTED; when it becomes so,
 * it gets the latest value (if any) at once. When the lifecycle reaches
 * %RILL_LIFECYCLE_STATE_DESTROYED, or @owner is finalized, the observer is
 * removed.
 *
 * If the lifecycle is already destroyed, nothing is added, @destroy is called
 * and 0 is returned. If @func and @user_data already observe @self with the
 * same owner, nothing changes and the existing id is returned (@destroy is not
 * called: @user_data belongs to the existing observer); with another owner,
 * or as an observer added with [method@LiveData.observe_forever], the call is
 * refused with a critical.
 *
 * The lifecycle holds a reference to @self while the observer is there;
 * @owner is held weakly. Main thread only.
 *
 * Returns: the observer's id (never 0 for an added observer), for
 *   [method@LiveData.remove_observer]
 */
gulong
rill_live_data_observe (RillLiveData       *self,
                        RillLifecycleOwner *owner,
                        RillObserverFunc    func,
                        gpointer            user_data,
                        GDestroyNotify      destroy)
{
  RillLiveDataPrivate *priv;
  RillLifecycle *lifecycle;
  Observer *existing, *observer;
  gulong id;
  guint lifecycle_id;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);
  g_return_val_if_fail (RILL_IS_LIFECYCLE_OWNER (owner), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (!rill_live_data_check_main_thread ("rill_live_data_observe"))
    return 0;

  lifecycle = rill_lifecycle_owner_get_lifecycle (owner);
  g_return_val_if_fail (RILL_IS_LIFECYCLE (lifecycle), 0);

  if (rill_lifecycle_get_current_state (lifecycle) == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      if (destroy != NULL)
        destroy (user_data);
      return 0;
    }

  priv = PRIV (self);
  existing = find_by_func (priv, func, user_data);
  if (existing != NULL)
    {
      if (existing->bound && existing->owner == owner)
        return existing->id;
      g_critical ("rill_live_data_observe: this observer (function %p, data %p) already observes "
                  "%s %p %s; the same observer cannot be added with different lifecycles",
                  func, user_data, G_OBJECT_TYPE_NAME (self), self,
                  existing->bound ? "with another lifecycle owner" : "forever");
      return 0;
    }

  observer = observer_new (self, func, user_data, destroy);
  observer->bound = TRUE;
  observer->owner = owner;
  observer->lifecycle = lifecycle;
  observer->live_data = self;
  id = observer->id;
  if ((GObject *) owner != (GObject *) lifecycle)
    {
      g_object_weak_ref (G_OBJECT (owner), owner_finalized, observer);
      observer->weak_owner = TRUE;
    }

  /* What the lifecycle's observation holds; bound_observer_dropped() lets go. */
  observer_ref (observer);
  g_object_ref (self);
  observer->attached = TRUE;

  observer_ref (observer);
  g_object_ref (self);
  lifecycle_id = rill_lifecycle_add_observer (lifecycle, bound_observer_on_event, observer,
                                              bound_observer_dropped);
  if (observer->attached)
    {
      if (lifecycle_id == 0)
        bound_observer_dropped (observer);
      else
        {
          observer->lifecycle_id = lifecycle_id;
          /* Removed while the lifecycle walked it up: its id is known only now. */
          if (observer->removed)
            detach_observer (observer);
        }
    }
  observer_unref (observer);
  g_object_unref (self);

  return id;
}

/**
 * rill_live_data_observe_forever:
 * @self: a live data
 * @func: (scope notified) (closure user_data) (destroy destroy): the observer
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data once the observer is removed
 *
 * Adds an observer that is always active, androidx's `observeForever`: it
 * gets the latest value (if any) at once, then every value, until it is
 * removed with [method@LiveData.remove_observer] or
 * [method@LiveData.remove_observer_by_func], or @self is finalized.
 *
 * If @func and @user_data already observe @self forever, nothing changes and
 * the existing id is returned (@destroy is not called); if they observe it
 * bound to a lifecycle owner, the call is refused with a critical. Main
 * thread only.
 *
 * Returns: the observer's id, for [method@LiveData.remove_observer]
 */
gulong
rill_live_data_observe_forever (RillLiveData     *self,
                                RillObserverFunc  func,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  RillLiveDataPrivate *priv;
  Observer *existing, *observer;
  gulong id;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (!rill_live_data_check_main_thread ("rill_live_data_observe_forever"))
    return 0;

  priv = PRIV (self);
  existing = find_by_func (priv, func, user_data);
  if (existing != NULL)
    {
      if (!existing->bound)
        return existing->id;
      g_critical ("rill_live_data_observe_forever: this observer (function %p, data %p) already "
                  "observes %s %p with a lifecycle owner; the same observer cannot be added with "
                  "different lifecycles",
                  func, user_data, G_OBJECT_TYPE_NAME (self), self);
      return 0;
    }

  observer = observer_new (self, func, user_data, destroy);
  id = observer->id;
  active_state_changed (self, priv, observer, TRUE);

  return id;
}

/**
 * rill_live_data_remove_observer:
 * @self: a live data
 * @id: an id returned by [method@LiveData.observe] or
 *   [method@LiveData.observe_forever]
 *
 * Removes an observer, androidx's `removeObserver`. It gets nothing more,
 * even if a delivery is running; its destroy notify is called once it is not
 * running any more. Ids of observers already removed are ignored. Main thread
 * only.
 */
void
rill_live_data_remove_observer (RillLiveData *self,
                                gulong        id)
{
  RillLiveDataPrivate *priv;
  Observer *observer;

  g_return_if_fail (RILL_IS_LIVE_DATA (self));

  if (!rill_live_data_check_main_thread ("rill_live_data_remove_observer"))
    return;

  priv = PRIV (self);
  observer = id != 0 ? find_by_id (priv, id) : NULL;
  if (observer != NULL)
    remove_observer_internal (self, priv, observer);
}

/**
 * rill_live_data_remove_observer_by_func:
 * @self: a live data
 * @func: (scope call): the observer's function
 * @user_data: the observer's data
 *
 * Removes the observer made of @func and @user_data, if there is one, as
 * [method@LiveData.remove_observer]. Main thread only.
 */
void
rill_live_data_remove_observer_by_func (RillLiveData     *self,
                                        RillObserverFunc  func,
                                        gpointer          user_data)
{
  RillLiveDataPrivate *priv;
  Observer *observer;

  g_return_if_fail (RILL_IS_LIVE_DATA (self));
  g_return_if_fail (func != NULL);

  if (!rill_live_data_check_main_thread ("rill_live_data_remove_observer_by_func"))
    return;

  priv = PRIV (self);
  observer = find_by_func (priv, func, user_data);
  if (observer != NULL)
    remove_observer_internal (self, priv, observer);
}

/**
 * rill_live_data_remove_observers:
 * @self: a live data
 * @owner: a lifecycle owner
 *
 * Removes every observer bound to @owner, androidx's `removeObservers`.
 * Main thread only.
 */
void
rill_live_data_remove_observers (RillLiveData       *self,
                                 RillLifecycleOwner *owner)
{
  RillLiveDataPrivate *priv;

  g_return_if_fail (RILL_IS_LIVE_DATA (self));
  g_return_if_fail (RILL_IS_LIFECYCLE_OWNER (owner));

  if (!rill_live_data_check_main_thread ("rill_live_data_remove_observers"))
    return;

  priv = PRIV (self);
  g_object_ref (self);
  iterate_begin (priv);
  for (guint i = 0; i < priv->n_observers; i++)
    {
      Observer *observer = priv->observers[i];

      if (!observer->removed && observer->bound && observer->owner == owner)
        remove_observer_internal (self, priv, observer);
    }
  iterate_end (self, priv);
  g_object_unref (self);
}

/**
 * rill_live_data_has_observers:
 * @self: a live data
 *
 * Whether @self has observers, active or not.
 *
 * Returns: %TRUE if there is at least one observer
 */
gboolean
rill_live_data_has_observers (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), FALSE);

  return PRIV (self)->n_live > 0;
}

/**
 * rill_live_data_get_observer_count:
 * @self: a live data
 *
 * Returns the number of observers, active or not. androidx has only
 * `hasObservers`; the count is there for views that show it.
 *
 * Returns: the number of observers
 */
guint
rill_live_data_get_observer_count (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  return PRIV (self)->n_live;
}

/**
 * rill_live_data_get_active_observer_count:
 * @self: a live data
 *
 * Returns the number of active observers: those observing forever, and
 * those whose owner is at least %RILL_LIFECYCLE_STATE_STARTED.
 *
 * Returns: the number of active observers
 */
guint
rill_live_data_get_active_observer_count (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  return (guint) MAX (PRIV (self)->active_count, 0);
}

/**
 * rill_live_data_has_active_observers:
 * @self: a live data
 *
 * Whether @self has active observers: observers added forever, or bound to
 * a lifecycle that is at least %RILL_LIFECYCLE_STATE_STARTED.
 *
 * Returns: %TRUE if there is at least one active observer
 */
gboolean
rill_live_data_has_active_observers (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), FALSE);

  return PRIV (self)->active_count > 0;
}

/* ------------------------------------------------------------------------ */
/* Typed getters                                                            */

static const GValue *
typed_peek (RillLiveData *self,
            GType         fundamental,
            const char   *func)
{
  RillLiveDataPrivate *priv = PRIV (self);

  if (G_UNLIKELY (priv->value_type == G_TYPE_INVALID ||
                  G_TYPE_FUNDAMENTAL (priv->value_type) != fundamental))
    {
      g_critical ("%s: %s %p holds values of type '%s', not '%s'",
                  func, G_OBJECT_TYPE_NAME (self), self,
                  g_type_name (priv->value_type), g_type_name (fundamental));
      return NULL;
    }
  return &priv->data;
}

/**
 * rill_live_data_get_boolean:
 * @self: a live data of %G_TYPE_BOOLEAN
 *
 * Returns the current value of a boolean live data; %FALSE before any value
 * is set. Any other value type gets a critical.
 *
 * Returns: the value
 */
gboolean
rill_live_data_get_boolean (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), FALSE);

  value = typed_peek (self, G_TYPE_BOOLEAN, G_STRFUNC);
  return value != NULL ? value->data[0].v_int != 0 : FALSE;
}

/**
 * rill_live_data_get_int:
 * @self: a live data of %G_TYPE_INT
 *
 * Returns the current value of an integer live data; 0 before any value is
 * set. Any other value type gets a critical.
 *
 * Returns: the value
 */
int
rill_live_data_get_int (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_INT, G_STRFUNC);
  return value != NULL ? value->data[0].v_int : 0;
}

/**
 * rill_live_data_get_uint:
 * @self: a live data of %G_TYPE_UINT
 *
 * Returns the current value of an unsigned integer live data; 0 before any
 * value is set. Any other value type gets a critical.
 *
 * Returns: the value
 */
guint
rill_live_data_get_uint (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_UINT, G_STRFUNC);
  return value != NULL ? value->data[0].v_uint : 0;
}

/**
 * rill_live_data_get_int64:
 * @self: a live data of %G_TYPE_INT64
 *
 * Returns the current value of a 64-bit integer live data; 0 before any
 * value is set. Any other value type gets a critical.
 *
 * Returns: the value
 */
gint64
rill_live_data_get_int64 (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_INT64, G_STRFUNC);
  return value != NULL ? value->data[0].v_int64 : 0;
}

/**
 * rill_live_data_get_uint64:
 * @self: a live data of %G_TYPE_UINT64
 *
 * Returns the current value of an unsigned 64-bit integer live data; 0
 * before any value is set. Any other value type gets a critical.
 *
 * Returns: the value
 */
guint64
rill_live_data_get_uint64 (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_UINT64, G_STRFUNC);
  return value != NULL ? value->data[0].v_uint64 : 0;
}

/**
 * rill_live_data_get_double:
 * @self: a live data of %G_TYPE_DOUBLE
 *
 * Returns the current value of a double live data; 0 before any value is
 * set. Any other value type gets a critical.
 *
 * Returns: the value
 */
double
rill_live_data_get_double (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0.0);

  value = typed_peek (self, G_TYPE_DOUBLE, G_STRFUNC);
  return value != NULL ? value->data[0].v_double : 0.0;
}

/**
 * rill_live_data_get_enum:
 * @self: a live data of an enumeration type
 *
 * Returns the current value of an enumeration live data; 0 before any value
 * is set. Any other value type gets a critical.
 *
 * Returns: the value
 */
int
rill_live_data_get_enum (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_ENUM, G_STRFUNC);
  return value != NULL ? (int) value->data[0].v_long : 0;
}

/**
 * rill_live_data_get_flags:
 * @self: a live data of a flags type
 *
 * Returns the current value of a flags live data; 0 before any value is set.
 * Any other value type gets a critical.
 *
 * Returns: the value
 */
guint
rill_live_data_get_flags (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), 0);

  value = typed_peek (self, G_TYPE_FLAGS, G_STRFUNC);
  return value != NULL ? (guint) value->data[0].v_ulong : 0;
}

/**
 * rill_live_data_get_string:
 * @self: a live data of %G_TYPE_STRING
 *
 * Returns the current value of a string live data, owned by @self and valid
 * until the value changes; %NULL before any value is set. Any other value type
 * gets a critical. Main thread only, as the string is freed there.
 *
 * Returns: (nullable) (transfer none): the value
 */
const char *
rill_live_data_get_string (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);

  value = typed_peek (self, G_TYPE_STRING, G_STRFUNC);
  return value != NULL ? value->data[0].v_pointer : NULL;
}

/**
 * rill_live_data_dup_string:
 * @self: a live data of %G_TYPE_STRING
 *
 * Returns a copy of the current value of a string live data; %NULL before
 * any value is set. Any other value type gets a critical.
 *
 * Returns: (nullable) (transfer full): the value
 */
char *
rill_live_data_dup_string (RillLiveData *self)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);

  return g_strdup (rill_live_data_get_string (self));
}

/**
 * rill_live_data_get_object:
 * @self: a live data of an object or interface type
 *
 * Returns the current value of an object live data, valid until the value
 * changes; %NULL before any value is set. Any other value type gets a
 * critical.
 *
 * Returns: (nullable) (transfer none) (type GObject): the value
 */
gpointer
rill_live_data_get_object (RillLiveData *self)
{
  RillLiveDataPrivate *priv;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);

  priv = PRIV (self);
  if (priv->value_type == G_TYPE_INVALID ||
      !(G_TYPE_IS_OBJECT (priv->value_type) || G_TYPE_IS_INTERFACE (priv->value_type)) ||
      !g_type_is_a (G_VALUE_TYPE (&priv->data), G_TYPE_OBJECT))
    {
      g_critical ("rill_live_data_get_object: %s %p holds values of type '%s', not objects",
                  G_OBJECT_TYPE_NAME (self), self, g_type_name (priv->value_type));
      return NULL;
    }
  return priv->data.data[0].v_pointer;
}

/**
 * rill_live_data_dup_object:
 * @self: a live data of an object or interface type
 *
 * Returns a new reference to the current value of an object live data;
 * %NULL before any value is set. Any other value type gets a critical.
 *
 * Returns: (nullable) (transfer full) (type GObject): the value
 */
gpointer
rill_live_data_dup_object (RillLiveData *self)
{
  gpointer object;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);

  object = rill_live_data_get_object (self);
  return object != NULL ? g_object_ref (object) : NULL;
}

/**
 * rill_live_data_get_boxed:
 * @self: a live data of a boxed type
 *
 * Returns the current value of a boxed live data, owned by @self and valid
 * until the value changes; %NULL before any value is set. Any other value type
 * gets a critical.
 *
 * Returns: (nullable) (transfer none): the value
 */
gpointer
rill_live_data_get_boxed (RillLiveData *self)
{
  const GValue *value;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);

  value = typed_peek (self, G_TYPE_BOXED, G_STRFUNC);
  return value != NULL ? value->data[0].v_pointer : NULL;
}

/* ------------------------------------------------------------------------ */
/* Bindings                                                                 */

/**
 * rill_live_data_binding_transform:
 * @binding: a binding whose source property is [property@LiveData:value]
 * @from_value: the boxed #GValue of the live data
 * @to_value: the target property's value
 * @user_data: unused
 *
 * A #GBindingTransformFunc that unpacks [property@LiveData:value] into the
 * target property: the value is copied if its type fits, or transformed
 * with g_value_transform() (an integer into a string property, for
 * example). Before any value is set, or when the value cannot be
 * transformed, the target is left as it is.
 *
 * ```c
 * g_object_bind_property_full (live_data, "value", label, "label",
 *                              G_BINDING_SYNC_CREATE,
 *                              rill_live_data_binding_transform, NULL, NULL, NULL);
 * ```
 *
 * Returns: %TRUE if @to_value was set
 */
gboolean
rill_live_data_binding_transform (GBinding     *binding,
                                  const GValue *from_value,
                                  GValue       *to_value,
                                  gpointer      user_data)
{
  const GValue *inner;

  g_return_val_if_fail (G_VALUE_HOLDS (from_value, G_TYPE_VALUE), FALSE);
  g_return_val_if_fail (G_IS_VALUE (to_value), FALSE);

  inner = g_value_get_boxed (from_value);
  if (inner == NULL || !G_IS_VALUE (inner))
    return FALSE;
  if (g_value_type_compatible (G_VALUE_TYPE (inner), G_VALUE_TYPE (to_value)))
    {
      g_value_copy (inner, to_value);
      return TRUE;
    }
  return g_value_type_transformable (G_VALUE_TYPE (inner), G_VALUE_TYPE (to_value)) &&
         g_value_transform (inner, to_value);
}

/**
 * rill_live_data_bind_property:
 * @self: a live data
 * @target: (type GObject): the object whose property follows the value
 * @target_property: the name of a writable property of @target
 * @flags: the binding's flags; %G_BINDING_BIDIRECTIONAL is not supported,
 *   the value property being read-only
 *
 * Binds [property@LiveData:value] to @target_property with
 * [func@LiveData.binding_transform], so the target follows every value.
 * This is a plain #GBinding: it is not aware of lifecycles, and goes away
 * when @self or @target is finalized or when it is unbound. Use a
 * lifecycle-bound observer when the target should only be updated while it
 * is visible.
 *
 * Returns: (transfer none): the binding, as g_object_bind_property() returns it
 */
GBinding *
rill_live_data_bind_property (RillLiveData  *self,
                              gpointer       target,
                              const char    *target_property,
                              GBindingFlags  flags)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (self), NULL);
  g_return_val_if_fail (G_IS_OBJECT (target), NULL);
  g_return_val_if_fail (target_property != NULL, NULL);
  g_return_val_if_fail ((flags & G_BINDING_BIDIRECTIONAL) == 0, NULL);

  return g_object_bind_property_full (self, "value", target, target_property, flags,
                                      rill_live_data_binding_transform, NULL, NULL, NULL);
}
