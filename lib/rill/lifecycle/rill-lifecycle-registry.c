/* rill-lifecycle-registry.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-private.h"
#include "rill-lifecycle-registry.h"

/**
 * RillLifecycleRegistry:
 *
 * The lifecycle that an owner drives, androidx's `LifecycleRegistry`.
 *
 * The owner moves it with [method@LifecycleRegistry.handle_event] or
 * [method@LifecycleRegistry.set_current_state]; every observer then goes
 * through each event between its state and the new one, one step at a time,
 * with androidx's ordering rules:
 *
 * - events that go up (`ON_CREATE`, `ON_START`, `ON_RESUME`) reach the
 *   oldest observer first, events that go down reach the newest first, so
 *   an observer added after another can rely on it on the way up and until
 *   it is torn down;
 * - an observer added late is walked up through every event it missed, in
 *   order, but never beyond the state of the observer added before it, nor
 *   beyond the state of the observer whose callback added it (the "parent
 *   state"): the nested observer does not get `ON_START` before its parent's
 *   `ON_START` has returned;
 * - a state change requested from an observer's callback does not nest: the
 *   running dispatch stops at the current step and starts over towards the
 *   newest state;
 * - an observer removed during a dispatch gets nothing more.
 *
 * Unlike in androidx, [method@LifecycleRegistry.handle_event] refuses an
 * event that skips a state (`ON_RESUME` while `CREATED`) with a critical,
 * and %RILL_LIFECYCLE_STATE_DESTROYED is final. When the registry reaches it,
 * every observer is removed, so nothing stays behind a destroyed owner.
 *
 * A registry is used from the thread that created it, normally the main
 * thread; any other thread gets a critical and the call does nothing.
 * [ctor@LifecycleRegistry.new_unchecked] makes a registry without that
 * check, for tests, as androidx's `createUnsafe`.
 */

typedef struct _Observer Observer;

struct _Observer
{
  Observer *prev;
  Observer *next;
  guint id;
  RillLifecycleState state;
  gboolean removed;
  RillLifecycleEventFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
};

struct _RillLifecycleRegistry
{
  RillLifecycle parent_instance;

  RillLifecycleState state;
  RillLifecycleState notified_state;

  /* Oldest first. While `busy` is non-zero a removed observer stays linked,
   * marked, so that an ongoing walk can step past it. */
  Observer *head;
  Observer *tail;
  GHashTable *by_id;
  guint n_observers;
  guint n_removed_linked;
  guint busy;

  guint adding_observer_counter;
  gboolean handling_event;
  gboolean new_event_occurred;
  /* The parent-state stack; a few entries deep unless callbacks nest. */
  RillLifecycleState *parent_states;
  guint n_parent_states;
  guint parent_states_size;

  GThread *thread;
  gboolean check_thread;
};

G_DEFINE_FINAL_TYPE (RillLifecycleRegistry, rill_lifecycle_registry, RILL_TYPE_LIFECYCLE)

static const char *
state_nick (RillLifecycleState state)
{
  GEnumClass *klass = g_type_class_peek (RILL_TYPE_LIFECYCLE_STATE);
  GEnumValue *value = klass != NULL ? g_enum_get_value (klass, state) : NULL;

  return value != NULL ? value->value_nick : "?";
}

static const char *
event_nick (RillLifecycleEvent event)
{
  GEnumClass *klass = g_type_class_ref (RILL_TYPE_LIFECYCLE_EVENT);
  GEnumValue *value = g_enum_get_value (klass, event);

  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : "?";
}

static gboolean
check_thread (RillLifecycleRegistry *self,
              const char            *what)
{
  if (G_LIKELY (!self->check_thread || self->thread == g_thread_self ()))
    return TRUE;

  g_critical ("%s: a lifecycle registry is used on the thread that created it "
              "(rill_lifecycle_registry_new_unchecked() makes one without this check, for tests)",
              what);
  return FALSE;
}

static void
observer_free (Observer *observer)
{
  if (observer->destroy != NULL)
    observer->destroy (observer->user_data);
  g_free (observer);
}

static void
unlink_observer (RillLifecycleRegistry *self,
                 Observer              *observer)
{
  if (observer->prev != NULL)
    observer->prev->next = observer->next;
  else
    self->head = observer->next;
  if (observer->next != NULL)
    observer->next->prev = observer->prev;
  else
    self->tail = observer->prev;
  observer->prev = observer->next = NULL;
}

/* Unlinks every marked observer, then runs their destroy notifies: those may
 * call back into the registry, which must then be consistent. */
static void
sweep_removed (RillLifecycleRegistry *self)
{
  Observer *dead = NULL, **dead_tail = &dead;
  Observer *observer, *next;

  for (observer = self->head; observer != NULL && self->n_removed_linked > 0; observer = next)
    {
      next = observer->next;
      if (!observer->removed)
        continue;
      unlink_observer (self, observer);
      self->n_removed_linked--;
      /* Released oldest first, as they were added. */
      *dead_tail = observer;
      dead_tail = &observer->next;
    }

  while (dead != NULL)
    {
      next = dead->next;
      observer_free (dead);
      dead = next;
    }
}

static void
remove_entry (RillLifecycleRegistry *self,
              Observer              *observer)
{
  g_hash_table_remove (self->by_id, GUINT_TO_POINTER (observer->id));
  observer->removed = TRUE;
  self->n_observers--;

  if (self->busy > 0)
    {
      self->n_removed_linked++;
      return;
    }

  unlink_observer (self, observer);
  observer_free (observer);
}

static void
remove_all (RillLifecycleRegistry *self)
{
  Observer *observer;

  g_assert (self->busy == 0);

  /* Marked first, so that a destroy notify that looks at the registry finds
   * no observer left. */
  for (observer = self->head; observer != NULL; observer = observer->next)
    {
      if (observer->removed)
        continue;
      observer->removed = TRUE;
      self->n_removed_linked++;
    }
  g_hash_table_remove_all (self->by_id);
  self->n_observers = 0;
  sweep_removed (self);
}

static inline void
enter (RillLifecycleRegistry *self)
{
  self->busy++;
}

static void
leave (RillLifecycleRegistry *self)
{
  if (--self->busy > 0)
    return;

  if (self->state == RILL_LIFECYCLE_STATE_DESTROYED && self->head != NULL)
    remove_all (self);
  else if (self->n_removed_linked > 0)
    sweep_removed (self);

  if (self->notified_state != self->state)
    {
      self->notified_state = self->state;
      rill_lifecycle_notify_current_state (RILL_LIFECYCLE (self));
    }
}

static inline Observer *
eldest (RillLifecycleRegistry *self)
{
  Observer *observer = self->head;

  while (observer != NULL && observer->removed)
    observer = observer->next;
  return observer;
}

static inline Observer *
newest (RillLifecycleRegistry *self)
{
  Observer *observer = self->tail;

  while (observer != NULL && observer->removed)
    observer = observer->prev;
  return observer;
}

static inline void
push_parent_state (RillLifecycleRegistry *self,
                   RillLifecycleState     state)
{
  if (G_UNLIKELY (self->n_parent_states == self->parent_states_size))
    {
      self->parent_states_size = MAX (8, self->parent_states_size * 2);
      self->parent_states = g_renew (RillLifecycleState, self->parent_states,
                                     self->parent_states_size);
    }
  self->parent_states[self->n_parent_states++] = state;
}

static inline void
pop_parent_state (RillLifecycleRegistry *self)
{
  self->n_parent_states--;
}

static RillLifecycleState
calculate_target_state (RillLifecycleRegistry *self,
                        Observer              *observer)
{
  RillLifecycleState target = self->state;
  Observer *previous = observer->prev;

  while (previous != NULL && previous->removed)
    previous = previous->prev;
  if (previous != NULL)
    target = MIN (target, previous->state);
  if (self->n_parent_states > 0)
    target = MIN (target, self->parent_states[self->n_parent_states - 1]);
  return target;
}

static void
dispatch_event (RillLifecycleRegistry *self,
                Observer              *observer,
                RillLifecycleEvent     event)
{
  RillLifecycleState new_state = rill_lifecycle_event_get_target_state (event);

  observer->state = MIN (observer->state, new_state);
  observer->func ((RillLifecycle *) self, event, observer->user_data);
  observer->state = new_state;
}

static gboolean
is_synced (RillLifecycleRegistry *self)
{
  Observer *first, *last;

  if (self->n_observers == 0)
    return TRUE;

  first = eldest (self);
  last = newest (self);
  return first->state == last->state && self->state == last->state;
}

static void
forward_pass (RillLifecycleRegistry *self)
{
  /* Walks observers added during the pass too, as androidx's iterator with
   * additions does. */
  for (Observer *observer = self->head;
       observer != NULL && !self->new_event_occurred;
       observer = observer->next)
    {
      while (!observer->removed && observer->state < self->state && !self->new_event_occurred)
        {
          RillLifecycleEvent event;

          push_parent_state (self, observer->state);
          if (!rill_lifecycle_event_up_from (observer->state, &event))
            g_assert_not_reached ();
          dispatch_event (self, observer, event);
          pop_parent_state (self);
        }
    }
}

static void
backward_pass (RillLifecycleRegistry *self)
{
  /* Observers added during the pass come after the starting point and are
   * not walked: they start at the current state already. */
  for (Observer *observer = self->tail;
       observer != NULL && !self->new_event_occurred;
       observer = observer->prev)
    {
      while (!observer->removed && observer->state > self->state && !self->new_event_occurred)
        {
          RillLifecycleEvent event;

          if (!rill_lifecycle_event_down_from (observer->state, &event))
            g_assert_not_reached ();
          push_parent_state (self, rill_lifecycle_event_get_target_state (event));
          dispatch_event (self, observer, event);
          pop_parent_state (self);
        }
    }
}

static inline gboolean
owner_is_alive (RillLifecycleRegistry *self)
{
  return !rill_lifecycle_owner_is_gone (RILL_LIFECYCLE (self));
}

static void
sync_observers (RillLifecycleRegistry *self)
{
  if (!owner_is_alive (self))
    {
      g_critical ("The owner of this lifecycle registry has been finalized: "
                  "it is too late to change its state");
      return;
    }

  while (!is_synced (self))
    {
      Observer *last;

      self->new_event_occurred = FALSE;
      if (self->state < eldest (self)->state)
        backward_pass (self);
      last = newest (self);
      if (!self->new_event_occurred && last != NULL && self->state > last->state)
        forward_pass (self);
    }
  self->new_event_occurred = FALSE;
}

static void
move_to_state (RillLifecycleRegistry *self,
               RillLifecycleState     next)
{
  if (self->state == next)
    return;

  if (self->state == RILL_LIFECYCLE_STATE_INITIALIZED && next == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      g_critical ("A lifecycle must be at least CREATED to move to DESTROYED, but %s %p was INITIALIZED",
                  G_OBJECT_TYPE_NAME (self), self);
      return;
    }
  if (self->state == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      g_critical ("%s %p is DESTROYED and cannot move to %s",
                  G_OBJECT_TYPE_NAME (self), self, state_nick (next));
      return;
    }

  self->state = next;

  if (self->handling_event || self->adding_observer_counter != 0)
    {
      /* A callback changed the state: the running dispatch starts over. */
      self->new_event_occurred = TRUE;
      return;
    }

  g_object_ref (self);
  enter (self);
  self->handling_event = TRUE;
  sync_observers (self);
  self->handling_event = FALSE;
  leave (self);
  g_object_unref (self);
}

static RillLifecycleState
rill_lifecycle_registry_get_current_state (RillLifecycle *lifecycle)
{
  return RILL_LIFECYCLE_REGISTRY (lifecycle)->state;
}

static void
rill_lifecycle_registry_add_observer (RillLifecycle          *lifecycle,
                                      guint                   id,
                                      RillLifecycleEventFunc  func,
                                      gpointer                user_data,
                                      GDestroyNotify          destroy)
{
  RillLifecycleRegistry *self = RILL_LIFECYCLE_REGISTRY (lifecycle);
  Observer *observer;
  RillLifecycleState target;
  gboolean is_reentrance;

  if (!check_thread (self, "rill_lifecycle_add_observer") ||
      self->state == RILL_LIFECYCLE_STATE_DESTROYED)
    {
      /* Nothing will ever be dispatched to it: it is not kept. */
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  observer = g_new0 (Observer, 1);
  observer->id = id;
  observer->state = RILL_LIFECYCLE_STATE_INITIALIZED;
  observer->func = func;
  observer->user_data = user_data;
  observer->destroy = destroy;

  observer->prev = self->tail;
  if (self->tail != NULL)
    self->tail->next = observer;
  else
    self->head = observer;
  self->tail = observer;
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (id), observer);
  self->n_observers++;

  if (!owner_is_alive (self))
    return;

  g_object_ref (self);
  enter (self);
  is_reentrance = self->adding_observer_counter != 0 || self->handling_event;
  target = calculate_target_state (self, observer);
  self->adding_observer_counter++;
  while (!observer->removed && observer->state < target)
    {
      RillLifecycleEvent event;

      push_parent_state (self, observer->state);
      if (!rill_lifecycle_event_up_from (observer->state, &event))
        g_assert_not_reached ();
      dispatch_event (self, observer, event);
      pop_parent_state (self);
      /* The callback may have changed the state or the observers before. */
      target = calculate_target_state (self, observer);
    }
  if (!is_reentrance)
    sync_observers (self);
  self->adding_observer_counter--;
  leave (self);
  g_object_unref (self);
}

static void
rill_lifecycle_registry_remove_observer (RillLifecycle *lifecycle,
                                         guint          id)
{
  RillLifecycleRegistry *self = RILL_LIFECYCLE_REGISTRY (lifecycle);
  Observer *observer;

  if (!check_thread (self, "rill_lifecycle_remove_observer"))
    return;

  /* As in androidx, no ON_STOP or ON_DESTROY is sent to a removed observer:
   * removal is not a lifecycle event. */
  observer = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
  if (observer != NULL)
    remove_entry (self, observer);
}

static void
rill_lifecycle_registry_dispose (GObject *object)
{
  RillLifecycleRegistry *self = RILL_LIFECYCLE_REGISTRY (object);

  if (self->busy == 0 && self->head != NULL)
    remove_all (self);

  G_OBJECT_CLASS (rill_lifecycle_registry_parent_class)->dispose (object);
}

static void
rill_lifecycle_registry_finalize (GObject *object)
{
  RillLifecycleRegistry *self = RILL_LIFECYCLE_REGISTRY (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->parent_states, g_free);
  g_clear_pointer (&self->thread, g_thread_unref);

  G_OBJECT_CLASS (rill_lifecycle_registry_parent_class)->finalize (object);
}

static void
rill_lifecycle_registry_class_init (RillLifecycleRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillLifecycleClass *lifecycle_class = RILL_LIFECYCLE_CLASS (klass);

  object_class->dispose = rill_lifecycle_registry_dispose;
  object_class->finalize = rill_lifecycle_registry_finalize;

  lifecycle_class->get_current_state = rill_lifecycle_registry_get_current_state;
  lifecycle_class->add_observer = rill_lifecycle_registry_add_observer;
  lifecycle_class->remove_observer = rill_lifecycle_registry_remove_observer;
}

static void
rill_lifecycle_registry_init (RillLifecycleRegistry *self)
{
  self->state = RILL_LIFECYCLE_STATE_INITIALIZED;
  self->notified_state = RILL_LIFECYCLE_STATE_INITIALIZED;
  self->by_id = g_hash_table_new (NULL, NULL);
}

static RillLifecycleRegistry *
registry_new (gpointer owner,
              gboolean check)
{
  RillLifecycleRegistry *self;

  g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), NULL);

  self = g_object_new (RILL_TYPE_LIFECYCLE_REGISTRY, NULL);
  if (owner != NULL)
    rill_lifecycle_set_owner (RILL_LIFECYCLE (self), owner);
  self->check_thread = check;
  self->thread = g_thread_ref (g_thread_self ());

  return self;
}

/**
 * rill_lifecycle_registry_new:
 * @owner: (type GObject) (nullable): the object whose lifecycle this is
 *
 * Creates a registry in %RILL_LIFECYCLE_STATE_INITIALIZED, to be used from
 * the calling thread only.
 *
 * The registry holds @owner weakly, so that a registry kept alive by mistake
 * does not keep its owner. Once @owner is finalized, changing the state is an
 * error; until then (in its dispose, say) the owner may still drive it. If @owner implements [iface@LifecycleOwner], it is the owner given
 * to [iface@LifecycleObserver] methods; otherwise they get the registry.
 *
 * Returns: (transfer full): a new registry
 */
RillLifecycleRegistry *
rill_lifecycle_registry_new (gpointer owner)
{
  return registry_new (owner, TRUE);
}

/**
 * rill_lifecycle_registry_new_unchecked:
 * @owner: (type GObject) (nullable): the object whose lifecycle this is
 *
 * Creates a registry like [ctor@LifecycleRegistry.new], but one that may be
 * used from any thread, as androidx's `LifecycleRegistry.createUnsafe`. It
 * is meant for tests that drive a lifecycle from a worker thread; the caller
 * must still not use it from two threads at once.
 *
 * Returns: (transfer full): a new registry
 */
RillLifecycleRegistry *
rill_lifecycle_registry_new_unchecked (gpointer owner)
{
  return registry_new (owner, FALSE);
}

/**
 * rill_lifecycle_registry_handle_event:
 * @self: a registry
 * @event: the event that happened to the owner
 *
 * Moves the registry to the state after @event and dispatches @event to every
 * observer. An event whose state is the current one does nothing. An event
 * that does not lead to a neighbouring state (`ON_RESUME` while `CREATED`,
 * `ON_STOP` while `RESUMED`) is refused with a critical, and so is
 * `ON_DESTROY` before `ON_CREATE`.
 */
void
rill_lifecycle_registry_handle_event (RillLifecycleRegistry *self,
                                      RillLifecycleEvent     event)
{
  RillLifecycleState target;
  RillLifecycleEvent up, down;
  gboolean has_up, has_down;

  g_return_if_fail (RILL_IS_LIFECYCLE_REGISTRY (self));
  g_return_if_fail (event >= RILL_LIFECYCLE_EVENT_ON_CREATE && event <= RILL_LIFECYCLE_EVENT_ON_DESTROY);

  if (!check_thread (self, "rill_lifecycle_registry_handle_event"))
    return;

  target = rill_lifecycle_event_get_target_state (event);
  has_up = rill_lifecycle_event_up_from (self->state, &up);
  has_down = rill_lifecycle_event_down_from (self->state, &down);
  if (target != self->state &&
      !(has_up && up == event) && !(has_down && down == event) &&
      self->state != RILL_LIFECYCLE_STATE_INITIALIZED && self->state != RILL_LIFECYCLE_STATE_DESTROYED)
    {
      g_critical ("rill_lifecycle_registry_handle_event: %s in state %s would skip a state; "
                  "the events that can come next are %s and %s",
                  event_nick (event), state_nick (self->state),
                  has_up ? event_nick (up) : "none",
                  has_down ? event_nick (down) : "none");
      return;
    }
  if (self->state == RILL_LIFECYCLE_STATE_INITIALIZED && event != RILL_LIFECYCLE_EVENT_ON_CREATE &&
      event != RILL_LIFECYCLE_EVENT_ON_DESTROY)
    {
      g_critical ("rill_lifecycle_registry_handle_event: %s in state INITIALIZED would skip a state; "
                  "the event that can come next is on-create", event_nick (event));
      return;
    }

  move_to_state (self, target);
}

/**
 * rill_lifecycle_registry_set_current_state:
 * @self: a registry
 * @state: the new state
 *
 * Moves the registry to @state, dispatching every event in between to every
 * observer, one step at a time. Moving from %RILL_LIFECYCLE_STATE_INITIALIZED
 * straight to %RILL_LIFECYCLE_STATE_DESTROYED, or anywhere from
 * %RILL_LIFECYCLE_STATE_DESTROYED, is refused with a critical.
 */
void
rill_lifecycle_registry_set_current_state (RillLifecycleRegistry *self,
                                           RillLifecycleState     state)
{
  g_return_if_fail (RILL_IS_LIFECYCLE_REGISTRY (self));
  g_return_if_fail (state >= RILL_LIFECYCLE_STATE_DESTROYED && state <= RILL_LIFECYCLE_STATE_RESUMED);

  if (!check_thread (self, "rill_lifecycle_registry_set_current_state"))
    return;

  move_to_state (self, state);
}

/**
 * rill_lifecycle_registry_get_observer_count:
 * @self: a registry
 *
 * Returns the number of observers, androidx's `observerCount`.
 *
 * Returns: the number of observers
 */
guint
rill_lifecycle_registry_get_observer_count (RillLifecycleRegistry *self)
{
  g_return_val_if_fail (RILL_IS_LIFECYCLE_REGISTRY (self), 0);

  return self->n_observers;
}
