/* rill-lifecycle.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-private.h"

/**
 * RillLifecycle:
 *
 * An object that goes through the states of [enum@LifecycleState] and tells
 * its observers about every [enum@LifecycleEvent] on the way, androidx's
 * `Lifecycle`.
 *
 * Observers are callbacks ([method@Lifecycle.add_observer]) or objects
 * implementing [iface@LifecycleObserver]. An observer added late is walked
 * up through every event it missed, in order. [class@LifecycleRegistry] is
 * the implementation that drives a lifecycle; this class is abstract.
 *
 * A lifecycle is also a [iface@LifecycleOwner] whose lifecycle is itself.
 */

typedef struct
{
  /* RillLifecycleObserver -> its observation, to refuse a second add and
   * to remove by object. */
  GHashTable *observer_ids;
  GObject *owner;   /* weak */
  gboolean owner_gone;
  guint last_id;
} RillLifecyclePrivate;

typedef struct
{
  RillLifecycle *lifecycle;   /* not a reference: the lifecycle holds us */
  RillLifecycleObserver *observer;
  guint id;
} ObjectObservation;

enum {
  PROP_0,
  PROP_CURRENT_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rill_lifecycle_owner_iface_init (RillLifecycleOwnerInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (RillLifecycle, rill_lifecycle, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (RillLifecycle)
                                  G_IMPLEMENT_INTERFACE (RILL_TYPE_LIFECYCLE_OWNER,
                                                         rill_lifecycle_owner_iface_init))

static RillLifecycle *
rill_lifecycle_get_lifecycle_of_owner (RillLifecycleOwner *owner)
{
  return RILL_LIFECYCLE (owner);
}

static void
rill_lifecycle_owner_iface_init (RillLifecycleOwnerInterface *iface)
{
  iface->get_lifecycle = rill_lifecycle_get_lifecycle_of_owner;
}

static void
rill_lifecycle_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillLifecycle *self = RILL_LIFECYCLE (object);

  switch (prop_id)
    {
    case PROP_CURRENT_STATE:
      g_value_set_enum (value, rill_lifecycle_get_current_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
owner_finalized (gpointer  data,
                 GObject  *where_the_object_was)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (data);

  priv->owner = NULL;
  priv->owner_gone = TRUE;
}

static void
rill_lifecycle_finalize (GObject *object)
{
  RillLifecycle *self = RILL_LIFECYCLE (object);
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);

  g_clear_pointer (&priv->observer_ids, g_hash_table_unref);
  if (priv->owner != NULL)
    g_object_weak_unref (priv->owner, owner_finalized, self);

  G_OBJECT_CLASS (rill_lifecycle_parent_class)->finalize (object);
}

static void
rill_lifecycle_class_init (RillLifecycleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rill_lifecycle_get_property;
  object_class->finalize = rill_lifecycle_finalize;

  /**
   * RillLifecycle:current-state:
   *
   * The current state. It is notified once a change has been dispatched to
   * every observer; changes made by observers during that dispatch are
   * notified once, with the state they settled on.
   */
  properties[PROP_CURRENT_STATE] =
    g_param_spec_enum ("current-state", NULL, NULL,
                       RILL_TYPE_LIFECYCLE_STATE,
                       RILL_LIFECYCLE_STATE_INITIALIZED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_lifecycle_init (RillLifecycle *self)
{
}

void
rill_lifecycle_notify_current_state (RillLifecycle *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STATE]);
}

void
rill_lifecycle_set_owner (RillLifecycle *self,
                          GObject       *owner)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);

  g_assert (priv->owner == NULL && !priv->owner_gone);
  priv->owner = owner;
  g_object_weak_ref (owner, owner_finalized, self);
}

gboolean
rill_lifecycle_owner_is_gone (RillLifecycle *self)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);

  return priv->owner_gone;
}

/**
 * rill_lifecycle_get_current_state:
 * @self: a lifecycle
 *
 * Returns the current state.
 *
 * Returns: the state
 */
RillLifecycleState
rill_lifecycle_get_current_state (RillLifecycle *self)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), RILL_LIFECYCLE_STATE_DESTROYED);

  return RILL_LIFECYCLE_GET_CLASS (self)->get_current_state (self);
}

/**
 * rill_lifecycle_add_observer:
 * @self: a lifecycle
 * @func: (scope notified) (closure user_data) (destroy destroy): the observer
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data once the observer is removed
 *
 * Adds an observer of every event. Unless the lifecycle is destroyed, the
 * observer starts at %RILL_LIFECYCLE_STATE_INITIALIZED and is walked up at
 * once through every event up to the current state, in order: an observer
 * added to a resumed lifecycle gets `ON_CREATE`, `ON_START` and `ON_RESUME`
 * before this function returns.
 *
 * The observer stays until it is removed or the lifecycle is destroyed.
 *
 * Returns: the observer's id, for [method@Lifecycle.remove_observer]
 */
guint
rill_lifecycle_add_observer (RillLifecycle          *self,
                             RillLifecycleEventFunc  func,
                             gpointer                user_data,
                             GDestroyNotify          destroy)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);
  guint id;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  id = ++priv->last_id;
  RILL_LIFECYCLE_GET_CLASS (self)->add_observer (self, id, func, user_data, destroy);

  return id;
}

/**
 * rill_lifecycle_remove_observer:
 * @self: a lifecycle
 * @id: an id from [method@Lifecycle.add_observer]
 *
 * Removes an observer. If a dispatch is running, an observer whose turn has
 * not come gets nothing more. Ids of observers already removed (by hand, or
 * because the lifecycle was destroyed) are ignored.
 */
void
rill_lifecycle_remove_observer (RillLifecycle *self,
                                guint          id)
{
  g_return_if_fail (RILL_IS_LIFECYCLE (self));

  if (id == 0)
    return;

  RILL_LIFECYCLE_GET_CLASS (self)->remove_observer (self, id);
}

static void
object_observation_free (gpointer data)
{
  ObjectObservation *observation = data;
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (observation->lifecycle);

  /* Only if the observer was not removed and added again since. */
  if (priv->observer_ids != NULL &&
      GPOINTER_TO_UINT (g_hash_table_lookup (priv->observer_ids, observation->observer)) == observation->id)
    g_hash_table_remove (priv->observer_ids, observation->observer);
  g_object_unref (observation->observer);
  g_free (observation);
}

static void
object_observation_dispatch (RillLifecycle      *lifecycle,
                             RillLifecycleEvent  event,
                             gpointer            user_data)
{
  ObjectObservation *observation = user_data;
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (lifecycle);
  RillLifecycleObserverInterface *iface = RILL_LIFECYCLE_OBSERVER_GET_IFACE (observation->observer);
  RillLifecycleOwner *for_observer = RILL_LIFECYCLE_OWNER (lifecycle);
  void (*method) (RillLifecycleObserver *, RillLifecycleOwner *) = NULL;

  if (priv->owner != NULL && RILL_IS_LIFECYCLE_OWNER (priv->owner))
    for_observer = RILL_LIFECYCLE_OWNER (priv->owner);

  switch (event)
    {
    case RILL_LIFECYCLE_EVENT_ON_CREATE:
      method = iface->on_create;
      break;
    case RILL_LIFECYCLE_EVENT_ON_START:
      method = iface->on_start;
      break;
    case RILL_LIFECYCLE_EVENT_ON_RESUME:
      method = iface->on_resume;
      break;
    case RILL_LIFECYCLE_EVENT_ON_PAUSE:
      method = iface->on_pause;
      break;
    case RILL_LIFECYCLE_EVENT_ON_STOP:
      method = iface->on_stop;
      break;
    case RILL_LIFECYCLE_EVENT_ON_DESTROY:
      method = iface->on_destroy;
      break;
    default:
      g_assert_not_reached ();
    }

  if (method != NULL)
    method (observation->observer, for_observer);
}

/**
 * rill_lifecycle_add_lifecycle_observer:
 * @self: a lifecycle
 * @observer: an object implementing [iface@LifecycleObserver]
 *
 * Adds an observer object; the lifecycle holds a reference to it until it is
 * removed or the lifecycle is destroyed. It is walked up to the current state
 * as in [method@Lifecycle.add_observer]. Adding an observer that is already
 * there does nothing, as in androidx.
 */
void
rill_lifecycle_add_lifecycle_observer (RillLifecycle         *self,
                                       RillLifecycleObserver *observer)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);
  ObjectObservation *observation;
  guint id;

  g_return_if_fail (RILL_IS_LIFECYCLE (self));
  g_return_if_fail (RILL_IS_LIFECYCLE_OBSERVER (observer));

  if (priv->observer_ids == NULL)
    priv->observer_ids = g_hash_table_new (NULL, NULL);
  else if (g_hash_table_contains (priv->observer_ids, observer))
    return;

  observation = g_new0 (ObjectObservation, 1);
  observation->lifecycle = self;
  observation->observer = g_object_ref (observer);
  /* The id is known before the walk-up, so that the observer can remove
   * itself from one of its own methods. */
  id = ++priv->last_id;
  observation->id = id;
  g_hash_table_insert (priv->observer_ids, observer, GUINT_TO_POINTER (id));

  RILL_LIFECYCLE_GET_CLASS (self)->add_observer (self, id, object_observation_dispatch,
                                                 observation, object_observation_free);
}

/**
 * rill_lifecycle_remove_lifecycle_observer:
 * @self: a lifecycle
 * @observer: an observer added with [method@Lifecycle.add_lifecycle_observer]
 *
 * Removes an observer object and drops the lifecycle's reference to it. An
 * observer that is not there is ignored.
 */
void
rill_lifecycle_remove_lifecycle_observer (RillLifecycle         *self,
                                          RillLifecycleObserver *observer)
{
  RillLifecyclePrivate *priv = rill_lifecycle_get_instance_private (self);
  gpointer id;

  g_return_if_fail (RILL_IS_LIFECYCLE (self));
  g_return_if_fail (RILL_IS_LIFECYCLE_OBSERVER (observer));

  if (priv->observer_ids == NULL ||
      !g_hash_table_lookup_extended (priv->observer_ids, observer, NULL, &id))
    return;

  g_hash_table_remove (priv->observer_ids, observer);
  RILL_LIFECYCLE_GET_CLASS (self)->remove_observer (self, GPOINTER_TO_UINT (id));
}
