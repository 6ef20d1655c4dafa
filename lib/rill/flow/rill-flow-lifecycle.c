/* rill-flow-lifecycle.c: flows that follow a lifecycle
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-flow-callback-private.h"
#include "rill-job-private.h"
#include "rill.h"

/* ------------------------------------------------------------------------ */
/* flowWithLifecycle                                                        */

typedef struct
{
  RillFlow *upstream;
  GWeakRef lifecycle;
  RillLifecycleState state;
} WithLifecycle;

static void
with_lifecycle_free (gpointer data)
{
  WithLifecycle *with = data;

  g_clear_object (&with->upstream);
  g_weak_ref_clear (&with->lifecycle);
  g_free (with);
}

/* One collection: the upstream is collected by a coroutine that sends into
 * the channel, the caller's coroutine receives and emits. */
typedef struct
{
  WithLifecycle *with;
  RillFlowEmitter *emitter;
  RillChannel *channel;
  RillJob *repeater;
} Collection;

static gboolean
send_upstream_value (const GValue  *value,
                     gpointer       user_data,
                     GError       **error)
{
  return rill_channel_send (user_data, value, error);
}

static void
collect_while_in_state (RillScope *scope,
                        gpointer   user_data)
{
  Collection *collection = user_data;
  g_autoptr(GError) error = NULL;

  if (rill_flow_collect (collection->with->upstream, send_upstream_value, collection->channel, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !rill_is_active ())
    return;   /* the lifecycle went below the state, or the collection ended */
  /* The upstream failed: so does the downstream collection, and the
   * repetition stops. */
  rill_channel_close (collection->channel, error);
  rill_job_cancel (collection->repeater);
}

static void
repeat_while_in_state (RillScope *scope,
                       gpointer   user_data)
{
  Collection *collection = user_data;
  g_autoptr(GObject) lifecycle = g_weak_ref_get (&collection->with->lifecycle);

  if (lifecycle != NULL)
    rill_repeat_on_lifecycle (RILL_LIFECYCLE (lifecycle), collection->with->state,
                              collect_while_in_state, collection);
  /* Destroyed: the downstream collection completes (after what was sent). */
  rill_channel_close (collection->channel, NULL);
}

static gboolean
with_lifecycle_scope (RillScope  *scope,
                      GValue     *result,
                      gpointer    user_data,
                      GError    **error)
{
  Collection *collection = user_data;
  gboolean ok;

  collection->repeater = rill_launch (scope, NULL, repeat_while_in_state, collection, NULL);
  ok = rill_flow_pump_channel (collection->emitter, collection->channel, error);
  /* Downstream stopped early (failed, or was cancelled): stop collecting. */
  rill_job_cancel (collection->repeater);
  return ok;
}

static gboolean
with_lifecycle_producer (RillFlowEmitter  *emitter,
                         gpointer          user_data,
                         GError          **error)
{
  WithLifecycle *with = user_data;
  Collection collection = { with, emitter, NULL, NULL };
  gboolean ok;

  /* Buffered as kotlinx's callbackFlow: the upstream runs ahead a little. */
  collection.channel = rill_channel_new (rill_flow_get_value_type (with->upstream),
                                         RILL_CHANNEL_BUFFERED, RILL_BUFFER_OVERFLOW_SUSPEND);
  /* A scope, so that the collecting coroutine is a child that the caller
   * waits for and cancels. */
  ok = rill_coroutine_scope (with_lifecycle_scope, NULL, &collection, error);
  g_clear_pointer (&collection.repeater, rill_job_unref);
  g_clear_object (&collection.channel);
  return ok;
}

/**
 * rill_flow_with_lifecycle:
 * @flow: a flow
 * @lifecycle: a lifecycle
 * @state: the state from which @flow is collected: created, started or
 *   resumed
 *
 * Returns a flow of @flow's values collected only while @lifecycle is at
 * least @state, androidx's `flowWithLifecycle`: its collection collects
 * @flow each time @lifecycle reaches @state and cancels that collection when
 * it falls below (as [func@repeat_on_lifecycle] does), and completes when
 * @lifecycle is destroyed. An error of @flow ends the collection with that
 * error. Values pass through a buffered channel, as in androidx.
 *
 * Returns: (transfer full): a flow of @flow's value type
 */
RillFlow *
rill_flow_with_lifecycle (RillFlow           *flow,
                          RillLifecycle      *lifecycle,
                          RillLifecycleState  state)
{
  WithLifecycle *with;

  g_return_val_if_fail (RILL_IS_FLOW (flow), NULL);
  g_return_val_if_fail (RILL_IS_LIFECYCLE (lifecycle), NULL);
  g_return_val_if_fail (state >= RILL_LIFECYCLE_STATE_CREATED && state <= RILL_LIFECYCLE_STATE_RESUMED, NULL);

  with = g_new0 (WithLifecycle, 1);
  with->upstream = g_object_ref (flow);
  g_weak_ref_init (&with->lifecycle, lifecycle);
  with->state = state;
  return rill_flow_new (rill_flow_get_value_type (flow), with_lifecycle_producer, with, with_lifecycle_free);
}

/* ------------------------------------------------------------------------ */
/* The events of a lifecycle                                                */

typedef struct
{
  RillLifecycle *lifecycle;
  RillChannel *channel;
  guint observer;
} EventObservation;

static void
event_observation_free (gpointer data)
{
  EventObservation *observation = data;

  g_clear_object (&observation->lifecycle);
  g_clear_object (&observation->channel);
  g_free (observation);
}

static void
send_event (RillLifecycle      *lifecycle,
            RillLifecycleEvent  event,
            gpointer            user_data)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, RILL_TYPE_LIFECYCLE_EVENT);
  g_value_set_enum (&value, event);
  rill_channel_try_send (user_data, &value, NULL);
}

static void
close_channel (gpointer data)
{
  /* The lifecycle dropped its observers (destroyed): no event will come. */
  rill_channel_close (data, NULL);
  g_object_unref (data);
}

static gboolean
observe_events (gpointer data)
{
  EventObservation *observation = data;

  observation->observer = rill_lifecycle_add_observer (observation->lifecycle, send_event,
                                                       g_object_ref (observation->channel),
                                                       close_channel);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_observing_events (gpointer data)
{
  EventObservation *observation = data;

  rill_lifecycle_remove_observer (observation->lifecycle, observation->observer);
  return G_SOURCE_REMOVE;
}

static gboolean
event_producer (RillFlowEmitter  *emitter,
                gpointer          user_data,
                GError          **error)
{
  EventObservation *observation;
  g_autoptr(GObject) lifecycle = g_weak_ref_get (user_data);

  if (lifecycle == NULL)
    return TRUE;

  observation = g_new0 (EventObservation, 1);
  observation->lifecycle = RILL_LIFECYCLE (g_steal_pointer (&lifecycle));
  observation->channel = rill_channel_new (RILL_TYPE_LIFECYCLE_EVENT, RILL_CHANNEL_UNLIMITED,
                                           RILL_BUFFER_OVERFLOW_SUSPEND);
  return rill_flow_follow_on_main (emitter, observation->channel, observe_events, stop_observing_events,
                                   observation, event_observation_free, error);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/**
 * rill_lifecycle_get_event_flow:
 * @self: a lifecycle
 *
 * Returns a flow of the events of @self, androidx's `Lifecycle.eventFlow`:
 * each collection adds an observer (on the main thread), so it starts with
 * the events that walk it up to the current state (`ON_CREATE`, `ON_START`
 * for a started lifecycle) and then gets each event as it happens. It
 * completes after `ON_DESTROY`, when the lifecycle drops its observers.
 * The flow holds @self weakly.
 *
 * Returns: (transfer full): a flow of #RillLifecycleEvent
 */
RillFlow *
rill_lifecycle_get_event_flow (RillLifecycle *self)
{
  GWeakRef *lifecycle;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);

  lifecycle = g_new0 (GWeakRef, 1);
  g_weak_ref_init (lifecycle, self);
  return rill_flow_new (RILL_TYPE_LIFECYCLE_EVENT, event_producer, lifecycle, weak_ref_free);
}

/* ------------------------------------------------------------------------ */
/* The current state as a state flow                                        */

static GQuark
state_flow_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-lifecycle-current-state-flow");
  return quark;
}

static void
current_state_changed (RillLifecycle        *lifecycle,
                       GParamSpec           *pspec,
                       RillMutableStateFlow *flow)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, RILL_TYPE_LIFECYCLE_STATE);
  g_value_set_enum (&value, rill_lifecycle_get_current_state (lifecycle));
  rill_mutable_state_flow_set_value (flow, &value);
}

/**
 * rill_lifecycle_get_current_state_flow:
 * @self: a lifecycle
 *
 * Returns the current state of @self as a state flow, androidx's
 * `Lifecycle.currentStateFlow`, made on first use and kept by @self. It is
 * updated when the [property@Lifecycle:current-state] property is notified:
 * once a change has been dispatched to every observer, with the state the
 * lifecycle settled on. Its values are #RillLifecycleState.
 *
 * Returns: (transfer none): the state flow
 */
RillStateFlow *
rill_lifecycle_get_current_state_flow (RillLifecycle *self)
{
  RillMutableStateFlow *flow;
  g_auto(GValue) initial = G_VALUE_INIT;

  g_return_val_if_fail (RILL_IS_LIFECYCLE (self), NULL);

  flow = g_object_get_qdata (G_OBJECT (self), state_flow_quark ());
  if (flow != NULL)
    return RILL_STATE_FLOW (flow);

  g_value_init (&initial, RILL_TYPE_LIFECYCLE_STATE);
  g_value_set_enum (&initial, rill_lifecycle_get_current_state (self));
  flow = rill_mutable_state_flow_new (&initial);
  g_object_set_qdata_full (G_OBJECT (self), state_flow_quark (), flow, g_object_unref);
  g_signal_connect_object (self, "notify::current-state", G_CALLBACK (current_state_changed), flow, 0);
  return RILL_STATE_FLOW (flow);
}
