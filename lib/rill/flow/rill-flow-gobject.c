/* rill-flow-gobject.c: flows of a GObject's property and signal
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The flow holds its object weakly: a collection connects a handler while
 * it runs and disconnects it when it ends; if the object is finalized
 * meanwhile, the collection completes. Values go through an unlimited
 * channel, so the handler never waits and each notification or emission is
 * kept, in order, until the collector takes it.
 */

#include "config.h"

#include "rill-flow-callback-private.h"
#include "rill.h"

typedef struct
{
  GWeakRef object;
  GType value_type;
  /* A property flow */
  GParamSpec *pspec;
  /* A signal flow */
  guint signal_id;
  GQuark detail;
  guint n_params;
} Source;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_weak_ref_clear (&source->object);
  g_clear_pointer (&source->pspec, g_param_spec_unref);
  g_free (source);
}

typedef struct
{
  RillChannel *channel;
  gboolean gone;   /* disposed: its handlers and weak references are gone too */
} Following;

static void
object_gone (gpointer  data,
             GObject  *where_the_object_was)
{
  Following *following = data;

  /* The end of the values: the collection completes. */
  following->gone = TRUE;
  rill_channel_close (following->channel, NULL);
}

/* Connects @closure to what @source follows; returns the handler. */
typedef gulong (*ConnectFunc) (Source      *source,
                               GObject     *object,
                               RillChannel *channel);

static gboolean
follow (RillFlowEmitter  *emitter,
        Source           *source,
        ConnectFunc       connect,
        GError          **error)
{
  g_autoptr(RillChannel) channel = NULL;
  Following following = { NULL, FALSE };
  GObject *object;
  gulong handler;
  gboolean ok;

  object = g_weak_ref_get (&source->object);
  if (object == NULL)
    return TRUE;   /* gone: nothing more will come */

  channel = rill_channel_new (source->value_type, RILL_CHANNEL_UNLIMITED, RILL_BUFFER_OVERFLOW_SUSPEND);
  following.channel = channel;
  handler = connect (source, object, channel);
  g_object_weak_ref (object, object_gone, &following);
  /* Not kept alive by its collection. */
  g_object_unref (object);

  ok = rill_flow_pump_channel (emitter, channel, error);

  object = following.gone ? NULL : g_weak_ref_get (&source->object);
  if (object != NULL)
    {
      g_signal_handler_disconnect (object, handler);
      g_object_weak_unref (object, object_gone, &following);
      g_object_unref (object);
    }
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Properties                                                               */

static void
send_property (RillChannel *channel,
               GObject     *object,
               GParamSpec  *pspec)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, pspec->name, &value);
  rill_channel_try_send (channel, &value, NULL);
}

static void
property_notified (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  send_property (user_data, object, pspec);
}

static gulong
connect_property (Source      *source,
                  GObject     *object,
                  RillChannel *channel)
{
  g_autofree char *detailed = g_strconcat ("notify::", source->pspec->name, NULL);
  gulong handler;

  /* Connected first, so no change is lost between the read and the handler. */
  handler = g_signal_connect_data (object, detailed, G_CALLBACK (property_notified),
                                   g_object_ref (channel), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  send_property (channel, object, source->pspec);
  return handler;
}

static gboolean
property_producer (RillFlowEmitter  *emitter,
                   gpointer          user_data,
                   GError          **error)
{
  return follow (emitter, user_data, connect_property, error);
}

/**
 * rill_flow_from_property:
 * @object: (type GObject): an object
 * @property: the name of one of its readable properties
 *
 * Returns a flow of the values of @object's @property: each collection
 * starts with the current value and then gets the value at each
 * `notify::property`, in order. The flow completes when @object is
 * finalized; it holds @object weakly and keeps its handler connected only
 * while it is collected. Values are read in the thread that changes the
 * property and delivered in the collector's.
 *
 * Returns: (transfer full) (nullable): a flow of the property's type, or
 *   %NULL (with a critical) if @object has no such readable property
 */
RillFlow *
rill_flow_from_property (gpointer    object,
                         const char *property)
{
  GParamSpec *pspec;
  Source *source;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  if (pspec == NULL || !(pspec->flags & G_PARAM_READABLE))
    {
      g_critical ("rill_flow_from_property: %s has no readable property '%s'",
                  G_OBJECT_TYPE_NAME (object), property);
      return NULL;
    }

  source = g_new0 (Source, 1);
  g_weak_ref_init (&source->object, object);
  source->pspec = g_param_spec_ref (pspec);
  source->value_type = pspec->value_type;
  return rill_flow_new (source->value_type, property_producer, source, source_free);
}

/* ------------------------------------------------------------------------ */
/* Signals                                                                  */

static void
signal_marshal (GClosure     *closure,
                GValue       *return_value,
                guint         n_param_values,
                const GValue *param_values,
                gpointer      invocation_hint,
                gpointer      marshal_data)
{
  /* param_values[0] is the object: the value when the signal has no
   * argument, else its argument. */
  rill_channel_try_send (closure->data, &param_values[n_param_values > 1 ? 1 : 0], NULL);
}

static void
closure_unref_channel (gpointer  data,
                       GClosure *closure)
{
  g_object_unref (data);
}

static gulong
connect_signal (Source      *source,
                GObject     *object,
                RillChannel *channel)
{
  GClosure *closure = g_closure_new_simple (sizeof (GClosure), g_object_ref (channel));

  g_closure_add_finalize_notifier (closure, closure->data, closure_unref_channel);
  g_closure_set_marshal (closure, signal_marshal);
  return g_signal_connect_closure_by_id (object, source->signal_id, source->detail, closure, FALSE);
}

static gboolean
signal_producer (RillFlowEmitter  *emitter,
                 gpointer          user_data,
                 GError          **error)
{
  return follow (emitter, user_data, connect_signal, error);
}

/**
 * rill_flow_from_signal:
 * @object: (type GObject): an object
 * @detailed_signal: a signal of @object, as "name" or "name::detail"
 *
 * Returns a flow of the emissions of @object's signal, while it is
 * collected: for a signal with one argument, a flow of its argument's
 * type; for a signal without arguments (#GtkButton::clicked, say), a flow
 * of @object itself, one value per emission. A handler is connected while
 * the flow is collected, and the flow completes when @object is finalized;
 * it holds @object weakly (an emission not yet collected holds it).
 * Emissions are taken in the emitting thread and delivered in the
 * collector's, in order. A signal whose handlers return a value gets the
 * default (%FALSE for a boolean: the emission goes on to other handlers).
 *
 * Returns: (transfer full) (nullable): the flow, or %NULL (with a critical)
 *   if @object has no such signal, or one with more than one argument: use
 *   a callback flow for those
 */
RillFlow *
rill_flow_from_signal (gpointer    object,
                       const char *detailed_signal)
{
  GSignalQuery query;
  Source *source;
  guint signal_id;
  GQuark detail;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (detailed_signal != NULL, NULL);

  if (!g_signal_parse_name (detailed_signal, G_OBJECT_TYPE (object), &signal_id, &detail, TRUE))
    {
      g_critical ("rill_flow_from_signal: %s has no signal '%s'",
                  G_OBJECT_TYPE_NAME (object), detailed_signal);
      return NULL;
    }
  g_signal_query (signal_id, &query);
  if (query.n_params > 1)
    {
      g_critical ("rill_flow_from_signal: the signal '%s' of %s has %u arguments; a flow of it "
                  "holds one value per emission: use a callback flow",
                  detailed_signal, G_OBJECT_TYPE_NAME (object), query.n_params);
      return NULL;
    }

  source = g_new0 (Source, 1);
  g_weak_ref_init (&source->object, object);
  source->signal_id = signal_id;
  source->detail = detail;
  source->n_params = query.n_params;
  source->value_type = query.n_params == 1
                       ? query.param_types[0] & ~G_SIGNAL_TYPE_STATIC_SCOPE
                       : G_OBJECT_TYPE (object);
  return rill_flow_new (source->value_type, signal_producer, source, source_free);
}
