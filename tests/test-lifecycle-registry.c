/* test-lifecycle-registry.c: LifecycleRegistry's ordering rules
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include "test-log.h"

#define EXPECT_CRITICAL(pattern) \
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, pattern)

static const char *
event_name (RillLifecycleEvent event)
{
  static const char *names[] = { "ON_CREATE", "ON_START", "ON_RESUME", "ON_PAUSE", "ON_STOP", "ON_DESTROY" };

  return names[event];
}

/* An observer that logs "name:EVENT" and may act once on a given event. */
typedef struct _Probe Probe;
typedef void (*ProbeAction) (Probe *probe);

struct _Probe
{
  const char *name;
  RillLifecycleRegistry *registry;
  guint id;
  RillLifecycleEvent act_on;
  ProbeAction action;
  gpointer action_data;
  gboolean log_end;
  int *destroyed;
};

static void
probe_func (RillLifecycle      *lifecycle,
            RillLifecycleEvent  event,
            gpointer            user_data)
{
  Probe *probe = user_data;

  g_assert_true (lifecycle == RILL_LIFECYCLE (probe->registry));
  log_line ("%s:%s", probe->name, event_name (event));
  if (probe->action != NULL && event == probe->act_on)
    {
      ProbeAction action = probe->action;

      probe->action = NULL;
      action (probe);
      if (probe->log_end)
        log_line ("%s:%s:end", probe->name, event_name (event));
    }
}

static void
probe_destroyed (gpointer data)
{
  Probe *probe = data;

  log_line ("%s:destroyed", probe->name);
  if (probe->destroyed != NULL)
    (*probe->destroyed)++;
}

static void
probe_add (Probe                 *probe,
           RillLifecycleRegistry *registry,
           const char            *name)
{
  probe->name = name;
  probe->registry = registry;
  probe->id = rill_lifecycle_add_observer (RILL_LIFECYCLE (registry), probe_func, probe, probe_destroyed);
}

static RillLifecycleState
state_of (RillLifecycleRegistry *registry)
{
  return rill_lifecycle_get_current_state (RILL_LIFECYCLE (registry));
}

static void
test_late_observer_walked_up (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 };

  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_RESUMED);
  probe_add (&a, registry, "a");
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "a:ON_RESUME", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "a:ON_RESUME",
                                 "a:ON_PAUSE", "a:ON_STOP", "a:ON_DESTROY", "a:destroyed", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
}

static void
test_up_oldest_first_down_newest_first (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, b = { 0 }, c = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  probe_add (&b, registry, "b");
  probe_add (&c, registry, "c");
  g_assert_cmpuint (log_length (), ==, 0);

  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  assert_log ((const char *[]) { "a:ON_CREATE", "b:ON_CREATE", "c:ON_CREATE",
                                 "a:ON_START", "b:ON_START", "c:ON_START",
                                 "c:ON_STOP", "b:ON_STOP", "a:ON_STOP", NULL });

  /* A jump of several states goes one step at a time, each for everybody. */
  log_reset ();
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  assert_log ((const char *[]) { "a:ON_START", "a:ON_RESUME", "b:ON_START", "b:ON_RESUME",
                                 "c:ON_START", "c:ON_RESUME",
                                 "c:ON_PAUSE", "c:ON_STOP", "b:ON_PAUSE", "b:ON_STOP",
                                 "a:ON_PAUSE", "a:ON_STOP", NULL });
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

static Probe nested;

static void
add_nested (Probe *probe)
{
  probe_add (&nested, probe->registry, "nested");
}

static void
test_added_during_dispatch_waits_for_sibling (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  a.act_on = RILL_LIFECYCLE_EVENT_ON_START;
  a.action = add_nested;
  a.log_end = TRUE;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);

  /* The nested observer is brought to CREATED only while a's ON_START runs:
   * it must not be started before the observer added before it is. */
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "nested:ON_CREATE", "a:ON_START:end",
                                 "nested:ON_START", NULL });
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

static void
remove_self_and_add_nested (Probe *probe)
{
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (probe->registry), probe->id);
  probe_add (&nested, probe->registry, "nested");
}

static void
test_parent_state_rule (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  a.act_on = RILL_LIFECYCLE_EVENT_ON_START;
  a.action = remove_self_and_add_nested;
  a.log_end = TRUE;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);

  /* With a gone from the list, only the parent state (a's state during its
   * ON_START: CREATED) holds the new observer back until a's callback has
   * returned. a's data is released after its callback, not inside it. */
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "nested:ON_CREATE", "a:ON_START:end",
                                 "nested:ON_START", "a:destroyed", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

static Probe *victim;

static void
remove_victim (Probe *probe)
{
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (probe->registry), victim->id);
}

static void
test_removed_before_its_turn (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, b = { 0 }, c = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  probe_add (&b, registry, "b");
  probe_add (&c, registry, "c");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  victim = &b;
  a.act_on = RILL_LIFECYCLE_EVENT_ON_START;
  a.action = remove_victim;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  assert_log ((const char *[]) { "a:ON_CREATE", "b:ON_CREATE", "c:ON_CREATE",
                                 "a:ON_START", "c:ON_START", "b:destroyed", NULL });

  /* Going down, the newest goes first: c removes b before b's turn. */
  log_reset ();
  probe_add (&b, registry, "b2");
  assert_log ((const char *[]) { "b2:ON_CREATE", "b2:ON_START", NULL });
  log_reset ();
  victim = &a;
  c.act_on = RILL_LIFECYCLE_EVENT_ON_STOP;
  c.action = remove_victim;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  assert_log ((const char *[]) { "b2:ON_STOP", "c:ON_STOP", "a:destroyed", NULL });
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

static void
resume_from_callback (Probe *probe)
{
  rill_lifecycle_registry_handle_event (probe->registry, RILL_LIFECYCLE_EVENT_ON_RESUME);
}

static void
stop_from_callback (Probe *probe)
{
  rill_lifecycle_registry_handle_event (probe->registry, RILL_LIFECYCLE_EVENT_ON_STOP);
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  log_line ("notify:%d", rill_lifecycle_get_current_state (RILL_LIFECYCLE (object)));
}

static void
test_state_change_from_callback (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, b = { 0 };

  probe_add (&a, registry, "a");
  probe_add (&b, registry, "b");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  g_signal_connect (registry, "notify::current-state", G_CALLBACK (notify_count), NULL);

  /* The change requested by a does not nest: the ON_START dispatch stops after
   * a and starts over, so b never sees ON_RESUME before ON_START. The state is
   * notified once, at the state it settled on. */
  log_reset ();
  a.act_on = RILL_LIFECYCLE_EVENT_ON_START;
  a.action = resume_from_callback;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  assert_log ((const char *[]) { "a:ON_START", "a:ON_RESUME", "b:ON_START", "b:ON_RESUME", "notify:4", NULL });
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_RESUMED);

  /* Going down in the middle of going up: b is never started. */
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_CREATED);
  log_reset ();
  a.act_on = RILL_LIFECYCLE_EVENT_ON_START;
  a.action = stop_from_callback;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  assert_log ((const char *[]) { "a:ON_START", "a:ON_STOP", NULL });
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_CREATED);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

static void
test_added_during_backward_pass (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, b = { 0 };

  probe_add (&a, registry, "a");
  probe_add (&b, registry, "b");
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  log_reset ();
  a.act_on = RILL_LIFECYCLE_EVENT_ON_STOP;
  a.action = add_nested;
  a.log_end = TRUE;
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  /* Added while going down, it starts at the state being reached. */
  assert_log ((const char *[]) { "b:ON_STOP", "a:ON_STOP", "nested:ON_CREATE", "a:ON_STOP:end", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 3);
  log_reset ();
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
  assert_log ((const char *[]) { "nested:ON_DESTROY", "b:ON_DESTROY", "a:ON_DESTROY",
                                 "a:destroyed", "b:destroyed", "nested:destroyed", NULL });
}

static void
test_refused_transitions (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");

  EXPECT_CRITICAL ("*must be at least CREATED to move to DESTROYED*INITIALIZED*");
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  g_test_assert_expected_messages ();
  EXPECT_CRITICAL ("*must be at least CREATED to move to DESTROYED*INITIALIZED*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
  g_test_assert_expected_messages ();
  EXPECT_CRITICAL ("*on-start in state INITIALIZED would skip a state*on-create*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  g_test_assert_expected_messages ();
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_INITIALIZED);

  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  EXPECT_CRITICAL ("*on-resume in state created would skip a state*on-start and on-destroy*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_RESUME);
  g_test_assert_expected_messages ();
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_RESUME);
  EXPECT_CRITICAL ("*on-stop in state resumed would skip a state*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  g_test_assert_expected_messages ();
  EXPECT_CRITICAL ("*on-destroy in state resumed would skip a state*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
  g_test_assert_expected_messages ();
  /* An event whose state is the current one does nothing. */
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_RESUME);
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_RESUMED);
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "a:ON_RESUME", NULL });

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  EXPECT_CRITICAL ("*is DESTROYED and cannot move to created*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  g_test_assert_expected_messages ();
  EXPECT_CRITICAL ("*is DESTROYED and cannot move to resumed*");
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  g_test_assert_expected_messages ();
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_DESTROYED);
}

static void
test_destroyed_drops_observers (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, late = { 0 };
  int destroyed = 0;

  log_reset ();
  a.destroyed = &destroyed;
  probe_add (&a, registry, "a");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
  g_assert_cmpint (destroyed, ==, 1);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  /* An id gone with the observers is ignored. */
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (registry), a.id);

  /* Nothing is ever dispatched to an observer added now: it is not kept. */
  late.destroyed = &destroyed;
  probe_add (&late, registry, "late");
  g_assert_cmpuint (late.id, !=, 0);
  g_assert_cmpint (destroyed, ==, 2);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_DESTROY", "a:destroyed", "late:destroyed", NULL });
}

static void
test_remove_outside_dispatch (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe a = { 0 }, b = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  probe_add (&b, registry, "b");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  /* Removal is not an event: no ON_DESTROY for a; its data goes at once. */
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (registry), a.id);
  assert_log ((const char *[]) { "a:ON_CREATE", "b:ON_CREATE", "a:destroyed", NULL });
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (registry), a.id);
  rill_lifecycle_remove_observer (RILL_LIFECYCLE (registry), 0);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 1);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  assert_log ((const char *[]) { "a:ON_CREATE", "b:ON_CREATE", "a:destroyed", "b:ON_START", NULL });
  g_clear_object (&registry);
  assert_log ((const char *[]) { "a:ON_CREATE", "b:ON_CREATE", "a:destroyed", "b:ON_START", "b:destroyed", NULL });
}

/* The same observer object as a DefaultLifecycleObserver */

#define TEST_TYPE_OBSERVER (test_observer_get_type ())
G_DECLARE_FINAL_TYPE (TestObserver, test_observer, TEST, OBSERVER, GObject)

struct _TestObserver
{
  GObject parent_instance;
  RillLifecycle *remove_from;
  RillLifecycleOwner *last_owner;
};

static void test_observer_iface_init (RillLifecycleObserverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestObserver, test_observer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_LIFECYCLE_OBSERVER, test_observer_iface_init))

static void
test_observer_on_create (RillLifecycleObserver *observer,
                         RillLifecycleOwner    *owner)
{
  TEST_OBSERVER (observer)->last_owner = owner;
  log_line ("obj:create");
}

static void
test_observer_on_start (RillLifecycleObserver *observer,
                        RillLifecycleOwner    *owner)
{
  TestObserver *self = TEST_OBSERVER (observer);

  self->last_owner = owner;
  log_line ("obj:start");
  if (self->remove_from != NULL)
    rill_lifecycle_remove_lifecycle_observer (self->remove_from, observer);
}

static void
test_observer_on_stop (RillLifecycleObserver *observer,
                       RillLifecycleOwner    *owner)
{
  log_line ("obj:stop");
}

static void
test_observer_finalize (GObject *object)
{
  log_line ("obj:finalize");
  G_OBJECT_CLASS (test_observer_parent_class)->finalize (object);
}

static void
test_observer_iface_init (RillLifecycleObserverInterface *iface)
{
  /* on_resume, on_pause and on_destroy are left out on purpose. */
  iface->on_create = test_observer_on_create;
  iface->on_start = test_observer_on_start;
  iface->on_stop = test_observer_on_stop;
}

static void
test_observer_class_init (TestObserverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_observer_finalize;
}

static void
test_observer_init (TestObserver *self)
{
}

/* An owner that implements the interface, with its registry. */
#define TEST_TYPE_OWNER (test_owner_get_type ())
G_DECLARE_FINAL_TYPE (TestOwner, test_owner, TEST, OWNER, GObject)

struct _TestOwner
{
  GObject parent_instance;
  RillLifecycleRegistry *registry;
};

static void test_owner_iface_init (RillLifecycleOwnerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestOwner, test_owner, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RILL_TYPE_LIFECYCLE_OWNER, test_owner_iface_init))

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

/* As a widget does: the owner ends its lifecycle from its own dispose. */
static void
test_owner_dispose (GObject *object)
{
  TestOwner *self = TEST_OWNER (object);

  if (self->registry != NULL &&
      rill_lifecycle_get_current_state (RILL_LIFECYCLE (self->registry)) >= RILL_LIFECYCLE_STATE_CREATED)
    rill_lifecycle_registry_set_current_state (self->registry, RILL_LIFECYCLE_STATE_DESTROYED);
  G_OBJECT_CLASS (test_owner_parent_class)->dispose (object);
}

static void
test_owner_finalize (GObject *object)
{
  g_clear_object (&TEST_OWNER (object)->registry);
  G_OBJECT_CLASS (test_owner_parent_class)->finalize (object);
}

static void
test_owner_class_init (TestOwnerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_owner_dispose;
  G_OBJECT_CLASS (klass)->finalize = test_owner_finalize;
}

static void
test_owner_init (TestOwner *self)
{
  self->registry = rill_lifecycle_registry_new (self);
}

static void
test_observer_object (void)
{
  g_autoptr(TestOwner) owner = g_object_new (TEST_TYPE_OWNER, NULL);
  RillLifecycle *lifecycle = rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (owner));
  TestObserver *observer = g_object_new (TEST_TYPE_OBSERVER, NULL);

  log_reset ();
  g_assert_true (rill_lifecycle_owner_get_lifecycle (RILL_LIFECYCLE_OWNER (lifecycle)) == lifecycle);
  rill_lifecycle_add_lifecycle_observer (lifecycle, RILL_LIFECYCLE_OBSERVER (observer));
  /* Adding it again does nothing. */
  rill_lifecycle_add_lifecycle_observer (lifecycle, RILL_LIFECYCLE_OBSERVER (observer));
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (owner->registry), ==, 1);
  rill_lifecycle_registry_set_current_state (owner->registry, RILL_LIFECYCLE_STATE_RESUMED);
  g_assert_true (observer->last_owner == RILL_LIFECYCLE_OWNER (owner));
  rill_lifecycle_registry_set_current_state (owner->registry, RILL_LIFECYCLE_STATE_CREATED);
  rill_lifecycle_remove_lifecycle_observer (lifecycle, RILL_LIFECYCLE_OBSERVER (observer));
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (owner->registry), ==, 0);

  /* Re-added, it starts over from INITIALIZED; then it removes itself from
   * its own on_start and is released after that method returns. */
  observer->remove_from = lifecycle;
  rill_lifecycle_add_lifecycle_observer (lifecycle, RILL_LIFECYCLE_OBSERVER (observer));
  g_object_unref (observer);
  rill_lifecycle_registry_set_current_state (owner->registry, RILL_LIFECYCLE_STATE_STARTED);
  assert_log ((const char *[]) { "obj:create", "obj:start", "obj:stop",
                                 "obj:create", "obj:start", "obj:finalize", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (owner->registry), ==, 0);
}

static void
test_observer_object_without_owner (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(TestObserver) observer = g_object_new (TEST_TYPE_OBSERVER, NULL);

  log_reset ();
  rill_lifecycle_add_lifecycle_observer (RILL_LIFECYCLE (registry), RILL_LIFECYCLE_OBSERVER (observer));
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  /* Without an owner that is a LifecycleOwner, the registry stands for it. */
  g_assert_true (observer->last_owner == RILL_LIFECYCLE_OWNER (registry));
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  /* The registry dropped its reference at DESTROYED. */
  g_assert_cmpuint (G_OBJECT (observer)->ref_count, ==, 1);
  assert_log ((const char *[]) { "obj:create", NULL });
}

static void
test_owner_finalized (void)
{
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (owner);
  Probe a = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  g_object_unref (owner);
  EXPECT_CRITICAL ("*owner of this lifecycle registry has been finalized*");
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  g_test_assert_expected_messages ();
  assert_log ((const char *[]) { "a:ON_CREATE", NULL });
}

static void
test_owner_destroys_from_dispose (void)
{
  TestOwner *owner = g_object_new (TEST_TYPE_OWNER, NULL);
  RillLifecycleRegistry *registry = g_object_ref (owner->registry);
  g_autoptr(TestObserver) observer = g_object_new (TEST_TYPE_OBSERVER, NULL);
  Probe a = { 0 };

  log_reset ();
  probe_add (&a, registry, "a");
  rill_lifecycle_add_lifecycle_observer (RILL_LIFECYCLE (registry), RILL_LIFECYCLE_OBSERVER (observer));
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  /* The owner is still alive in its dispose: it may end the lifecycle, and
   * observers are given the owner itself. */
  g_object_unref (owner);
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_DESTROYED);
  g_assert_true (observer->last_owner == (RillLifecycleOwner *) owner);
  /* Going up, each observer is walked all the way before the next one. */
  assert_log ((const char *[]) { "a:ON_CREATE", "a:ON_START", "obj:create", "obj:start",
                                 "obj:stop", "a:ON_STOP", "a:ON_DESTROY", "a:destroyed", NULL });
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  g_object_unref (registry);
}

static gpointer
add_from_thread (gpointer data)
{
  Probe *probe = data;

  probe_add (probe, probe->registry, "thread");
  return NULL;
}

static gpointer
drive_from_thread (gpointer data)
{
  RillLifecycleRegistry *registry = data;

  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_STARTED);
  return NULL;
}

static void
test_thread_check (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  g_autoptr(RillLifecycleRegistry) unchecked = rill_lifecycle_registry_new_unchecked (NULL);
  Probe probe = { 0 }, b = { 0 };
  int destroyed = 0;

  log_reset ();
  probe.registry = registry;
  probe.destroyed = &destroyed;
  EXPECT_CRITICAL ("*rill_lifecycle_add_observer: a lifecycle registry is used on the thread that created it*");
  g_thread_join (g_thread_new ("other", add_from_thread, &probe));
  g_test_assert_expected_messages ();
  /* Refused, and its data released rather than leaked. */
  g_assert_cmpuint (rill_lifecycle_registry_get_observer_count (registry), ==, 0);
  g_assert_cmpint (destroyed, ==, 1);

  EXPECT_CRITICAL ("*rill_lifecycle_registry_set_current_state: a lifecycle registry is used on the thread*");
  g_thread_join (g_thread_new ("other", drive_from_thread, registry));
  g_test_assert_expected_messages ();
  g_assert_cmpint (state_of (registry), ==, RILL_LIFECYCLE_STATE_INITIALIZED);

  probe_add (&b, unchecked, "b");
  g_thread_join (g_thread_new ("other", drive_from_thread, unchecked));
  g_assert_cmpint (state_of (unchecked), ==, RILL_LIFECYCLE_STATE_STARTED);
  assert_log ((const char *[]) { "thread:destroyed", "b:ON_CREATE", "b:ON_START", NULL });
}

static void
test_current_state_property (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  RillLifecycleState state;

  log_reset ();
  g_signal_connect (registry, "notify::current-state", G_CALLBACK (notify_count), NULL);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_RESUMED);
  g_object_get (registry, "current-state", &state, NULL);
  g_assert_cmpint (state, ==, RILL_LIFECYCLE_STATE_RESUMED);
  rill_lifecycle_registry_set_current_state (registry, RILL_LIFECYCLE_STATE_DESTROYED);
  assert_log ((const char *[]) { "notify:2", "notify:4", "notify:0", NULL });
}

static void
test_many_observers_order (void)
{
  g_autoptr(RillLifecycleRegistry) registry = rill_lifecycle_registry_new (NULL);
  Probe probes[50] = { { 0 } };
  char names[50][8];
  g_autoptr(GString) up = g_string_new (NULL);
  g_autoptr(GString) down = g_string_new (NULL);
  g_autoptr(GString) seen = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_snprintf (names[i], sizeof names[i], "p%u", i);
      probe_add (&probes[i], registry, names[i]);
    }
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_CREATE);
  log_reset ();
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_START);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_STOP);
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    g_string_append_printf (up, "p%u:ON_START,", i);
  for (guint i = G_N_ELEMENTS (probes); i-- > 0;)
    g_string_append_printf (down, "p%u:ON_STOP,", i);
  g_string_append (up, down->str);
  for (guint i = 0; i < log_lines->len; i++)
    g_string_append_printf (seen, "%s,", (char *) log_lines->pdata[i]);
  g_assert_cmpstr (seen->str, ==, up->str);
  rill_lifecycle_registry_handle_event (registry, RILL_LIFECYCLE_EVENT_ON_DESTROY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lifecycle-registry/late-observer-walked-up", test_late_observer_walked_up);
  g_test_add_func ("/lifecycle-registry/up-oldest-first-down-newest-first", test_up_oldest_first_down_newest_first);
  g_test_add_func ("/lifecycle-registry/many-observers-order", test_many_observers_order);
  g_test_add_func ("/lifecycle-registry/added-during-dispatch", test_added_during_dispatch_waits_for_sibling);
  g_test_add_func ("/lifecycle-registry/parent-state", test_parent_state_rule);
  g_test_add_func ("/lifecycle-registry/removed-before-its-turn", test_removed_before_its_turn);
  g_test_add_func ("/lifecycle-registry/state-change-from-callback", test_state_change_from_callback);
  g_test_add_func ("/lifecycle-registry/added-during-backward-pass", test_added_during_backward_pass);
  g_test_add_func ("/lifecycle-registry/refused-transitions", test_refused_transitions);
  g_test_add_func ("/lifecycle-registry/destroyed-drops-observers", test_destroyed_drops_observers);
  g_test_add_func ("/lifecycle-registry/remove-outside-dispatch", test_remove_outside_dispatch);
  g_test_add_func ("/lifecycle-registry/observer-object", test_observer_object);
  g_test_add_func ("/lifecycle-registry/observer-object-without-owner", test_observer_object_without_owner);
  g_test_add_func ("/lifecycle-registry/owner-finalized", test_owner_finalized);
  g_test_add_func ("/lifecycle-registry/owner-destroys-from-dispose", test_owner_destroys_from_dispose);
  g_test_add_func ("/lifecycle-registry/thread-check", test_thread_check);
  g_test_add_func ("/lifecycle-registry/current-state-property", test_current_state_property);

  return g_test_run ();
}
