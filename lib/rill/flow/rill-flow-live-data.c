/* rill-flow-live-data.c: flows as live data, and live data as flows
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-flow-callback-private.h"
#include "rill-job-private.h"
#include "rill.h"

/* ------------------------------------------------------------------------ */
/* Flow → LiveData                                                          */

static gboolean
emit_to_live_data (const GValue  *value,
                   gpointer       user_data,
                   GError       **error)
{
  if (rill_live_data_scope_emit (user_data, value))
    return TRUE;
  g_propagate_error (error, rill_cancelled_error_new ());
  return FALSE;
}

static void
collect_into_live_data (RillLiveDataScope *scope,
                        gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (rill_flow_collect (user_data, emit_to_live_data, scope, &error))
    return;
  /* A cancellation (the live data became inactive, or was finalized) is how
   * the builder stops the block; anything else, nobody can handle here. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The flow collected by a live data failed: %s", error->message);
}

/**
 * rill_flow_as_live_data:
 * @flow: a flow
 * @context: (nullable): added to the context the flow is collected in
 * @timeout_ms: how long the collection goes on once the live data has no
 *   active observer; 0 stops it at once
 *
 * Returns a live data holding the values of @flow, kotlinx's `asLiveData`:
 * a [func@LiveData.build] live data whose block collects @flow and emits
 * each value. It has the builder's rules: the collection starts when the
 * live data becomes active, is cancelled @timeout_ms after it becomes
 * inactive, and starts over (collecting @flow again) when it becomes active
 * after such a cancellation; once @flow completes, it is not collected
 * again. A failure of @flow is logged with g_warning(), as an uncaught
 * exception in androidx.
 *
 * Returns: (transfer full): a live data of @flow's value type
 */
RillLiveData *
rill_flow_as_live_data (RillFlow    *flow,
                        RillContext *context,
                        guint        timeout_ms)
{
  g_return_val_if_fail (RILL_IS_FLOW (flow), NULL);

  return rill_live_data_build (rill_flow_get_value_type (flow), context, timeout_ms,
                               collect_into_live_data, g_object_ref (flow), g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* LiveData → Flow                                                          */

typedef struct
{
  RillLiveData *live_data;
  RillChannel *channel;
  gulong observer;
} Observation;

static void
observation_free (gpointer data)
{
  Observation *observation = data;

  g_clear_object (&observation->live_data);
  g_clear_object (&observation->channel);
  g_free (observation);
}

static void
send_to_channel (RillLiveData *live_data,
                 const GValue *value,
                 gpointer      user_data)
{
  /* Conflated: never full, the newest value replaces one not yet taken. */
  rill_channel_try_send (user_data, value, NULL);
}

static gboolean
observe (gpointer data)
{
  Observation *observation = data;

  observation->observer = rill_live_data_observe_forever (observation->live_data, send_to_channel,
                                                          g_object_ref (observation->channel),
                                                          g_object_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_observing (gpointer data)
{
  Observation *observation = data;

  rill_live_data_remove_observer (observation->live_data, observation->observer);
  return G_SOURCE_REMOVE;
}

static gboolean
live_data_producer (RillFlowEmitter  *emitter,
                    gpointer          user_data,
                    GError          **error)
{
  Observation *observation = g_new0 (Observation, 1);

  observation->live_data = g_object_ref (user_data);
  observation->channel = rill_channel_new (rill_live_data_get_value_type (user_data),
                                           RILL_CHANNEL_CONFLATED, RILL_BUFFER_OVERFLOW_SUSPEND);
  return rill_flow_follow_on_main (emitter, observation->channel, observe, stop_observing,
                                   observation, observation_free, error);
}

/**
 * rill_live_data_as_flow:
 * @live_data: a live data
 *
 * Returns a flow of the values of @live_data, androidx's `asFlow`: each
 * collection observes @live_data forever (on the main thread) while it runs,
 * so it starts with the current value if there is one, and then gets each
 * new value; values set while the collector is busy are conflated, the
 * collector gets the newest. The flow never completes by itself: it ends when
 * its collection is cancelled or fails downstream, and the observer is then
 * removed.
 *
 * Returns: (transfer full): a flow of @live_data's value type
 */
RillFlow *
rill_live_data_as_flow (RillLiveData *live_data)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (live_data), NULL);

  return rill_flow_new (rill_live_data_get_value_type (live_data), live_data_producer,
                        g_object_ref (live_data), g_object_unref);
}
