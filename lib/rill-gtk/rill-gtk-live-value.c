/* rill-gtk-live-value.c: a source's value as properties for expressions
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A live data is observed forever, on the main thread where it delivers; a
 * flow is collected by a coroutine on the main dispatcher. Either way the
 * properties change, and notify, on the main thread only, which is where
 * GtkExpression watches and GBindings run.
 *
 * A collection may deliver one more value after it is cancelled: each
 * collection carries the generation of the source it was started for, and a
 * value of an older generation is dropped.
 */

#include "config.h"

#include "rill-gtk-binding-private.h"
#include "rill-gtk-live-value.h"

#define WHO "RillGtkLiveValue"

/**
 * RillGtkLiveValue:
 *
 * The value of a live data or a flow as properties that GtkBuilder
 * expressions and property bindings can use.
 *
 * A [class@Rill.LiveData]'s value is a boxed #GValue, which no widget
 * property takes, and a [class@Rill.StateFlow] has no property to watch. A
 * live value follows its [property@LiveValue:source] and shows the current
 * value as [property@LiveValue:string], [property@LiveValue:int],
 * [property@LiveValue:double], [property@LiveValue:boolean] and
 * [property@LiveValue:object], converted with g_value_transform(). They
 * change, and notify, on the main thread only, and only when the value
 * changes.
 *
 * ```xml
 * <object class="RillGtkLiveValue" id="elapsed">
 *   <property name="owner">MyPage</property>
 *   <property name="source" bind-source="MyPage" bind-property="elapsed"
 *             bind-flags="sync-create"/>
 * </object>
 * <object class="GtkLabel">
 *   <binding name="label">
 *     <lookup name="string">elapsed</lookup>
 *   </binding>
 * </object>
 * ```
 *
 * Unlike [class@PropertyBinding], a live value is not lifecycle-aware: it
 * observes its live data forever (so the live data stays active) and
 * collects its flow all the time, whether the widgets that show it are on
 * screen or not, until its source changes or it is disposed. Prefer a
 * [class@PropertyBinding] for values that change while nobody looks.
 *
 * Expressions and property bindings hold what they watch only weakly: give
 * the live value an [property@LiveValue:owner], a widget that keeps it until
 * the widget is destroyed, or keep a reference to it.
 */

struct _RillGtkLiveValue
{
  GObject    parent_instance;

  GObject   *source;          /* a RillLiveData or a RillFlow */
  GtkWidget *owner;           /* not a reference: it holds us */
  gulong     destroy_handler;

  GValue     value;           /* unset while there is none */
  guint      generation;      /* of the source */
  gulong     observer;        /* on a live data */
  RillScope *scope;           /* the collection of a flow */
  gboolean   constructed;
};

G_DEFINE_FINAL_TYPE (RillGtkLiveValue, rill_gtk_live_value, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_OWNER,
  PROP_HAS_VALUE,
  PROP_VALUE,
  PROP_STRING,
  PROP_INT,
  PROP_DOUBLE,
  PROP_BOOLEAN,
  PROP_OBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Following the source                                                     */

static void
set_current (RillGtkLiveValue *self,
             const GValue     *value)
{
  gboolean had = G_IS_VALUE (&self->value);

  if (value == NULL && !had)
    return;
  if (value != NULL && had && G_VALUE_TYPE (value) == G_VALUE_TYPE (&self->value) &&
      rill_live_data_values_equal (value, &self->value))
    return;

  if (had)
    g_value_unset (&self->value);
  if (value != NULL)
    {
      g_value_init (&self->value, G_VALUE_TYPE (value));
      g_value_copy (value, &self->value);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (had != (value != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALUE]);
  for (guint i = PROP_VALUE; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
live_data_changed (RillLiveData *live_data,
                   const GValue *value,
                   gpointer      user_data)
{
  set_current (user_data, value);
}

typedef struct
{
  GWeakRef self;
  guint generation;
} Collection;

static void
collection_free (gpointer data)
{
  Collection *collection = data;

  g_weak_ref_clear (&collection->self);
  g_free (collection);
}

/* Runs in a coroutine on the main dispatcher. */
static gboolean
flow_value (const GValue  *value,
            gpointer       user_data,
            GError       **error)
{
  Collection *collection = user_data;
  g_autoptr(RillGtkLiveValue) self = g_weak_ref_get (&collection->self);

  if (self != NULL && self->generation == collection->generation)
    set_current (self, value);
  return TRUE;
}

static void
detach (RillGtkLiveValue *self)
{
  self->generation++;
  if (self->observer != 0)
    {
      rill_live_data_remove_observer (RILL_LIVE_DATA (self->source), self->observer);
      self->observer = 0;
    }
  if (self->scope != NULL)
    {
      rill_scope_cancel (self->scope);
      g_clear_pointer (&self->scope, rill_scope_unref);
    }
}

static void
attach (RillGtkLiveValue *self)
{
  if (!self->constructed || self->source == NULL)
    return;

  if (RILL_IS_LIVE_DATA (self->source))
    {
      /* Delivers the current value at once, if there is one. */
      self->observer = rill_live_data_observe_forever (RILL_LIVE_DATA (self->source),
                                                       live_data_changed, self, NULL);
    }
  else
    {
      Collection *collection = g_new0 (Collection, 1);
      g_autoptr(RillJob) job = NULL;

      /* A state flow's value is there before the collection runs. */
      if (RILL_IS_STATE_FLOW (self->source))
        {
          g_auto(GValue) current = G_VALUE_INIT;

          rill_state_flow_get_value (RILL_STATE_FLOW (self->source), &current);
          set_current (self, &current);
        }
      g_weak_ref_init (&collection->self, self);
      collection->generation = self->generation;
      self->scope = rill_main_scope_new ();
      job = rill_flow_launch_in (RILL_FLOW (self->source), self->scope, flow_value,
                                 collection, collection_free);
    }
}

static void
owner_destroyed (GtkWidget        *owner,
                 RillGtkLiveValue *self)
{
  /* The value stays: notifying it now would set properties of widgets
   * that are being destroyed. */
  g_object_ref (self);
  detach (self);
  if (self->source != NULL)
    {
      g_clear_object (&self->source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  rill_gtk_live_value_set_owner (self, NULL);
  g_object_unref (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
rill_gtk_live_value_constructed (GObject *object)
{
  RillGtkLiveValue *self = RILL_GTK_LIVE_VALUE (object);

  G_OBJECT_CLASS (rill_gtk_live_value_parent_class)->constructed (object);

  self->constructed = TRUE;
  attach (self);
}

static void
rill_gtk_live_value_dispose (GObject *object)
{
  RillGtkLiveValue *self = RILL_GTK_LIVE_VALUE (object);

  detach (self);
  g_clear_object (&self->source);
  if (self->owner != NULL)
    {
      GtkWidget *owner = g_steal_pointer (&self->owner);

      g_clear_signal_handler (&self->destroy_handler, owner);
      g_object_ref (self);
      rill_gtk_widget_release_object (owner, G_OBJECT (self));
      g_object_unref (self);
    }

  G_OBJECT_CLASS (rill_gtk_live_value_parent_class)->dispose (object);
}

static void
rill_gtk_live_value_finalize (GObject *object)
{
  RillGtkLiveValue *self = RILL_GTK_LIVE_VALUE (object);

  if (G_IS_VALUE (&self->value))
    g_value_unset (&self->value);

  G_OBJECT_CLASS (rill_gtk_live_value_parent_class)->finalize (object);
}

static void
rill_gtk_live_value_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RillGtkLiveValue *self = RILL_GTK_LIVE_VALUE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_OWNER:
      g_value_set_object (value, self->owner);
      break;
    case PROP_HAS_VALUE:
      g_value_set_boolean (value, rill_gtk_live_value_has_value (self));
      break;
    case PROP_VALUE:
      g_value_set_boxed (value, rill_gtk_live_value_get_value (self));
      break;
    case PROP_STRING:
      g_value_take_string (value, rill_gtk_live_value_dup_string (self));
      break;
    case PROP_INT:
      g_value_set_int (value, rill_gtk_live_value_get_int (self));
      break;
    case PROP_DOUBLE:
      g_value_set_double (value, rill_gtk_live_value_get_double (self));
      break;
    case PROP_BOOLEAN:
      g_value_set_boolean (value, rill_gtk_live_value_get_boolean (self));
      break;
    case PROP_OBJECT:
      g_value_take_object (value, rill_gtk_live_value_dup_object (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_gtk_live_value_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RillGtkLiveValue *self = RILL_GTK_LIVE_VALUE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      rill_gtk_live_value_set_source (self, g_value_get_object (value));
      break;
    case PROP_OWNER:
      rill_gtk_live_value_set_owner (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_gtk_live_value_class_init (RillGtkLiveValueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags writable = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS;
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = rill_gtk_live_value_constructed;
  object_class->dispose = rill_gtk_live_value_dispose;
  object_class->finalize = rill_gtk_live_value_finalize;
  object_class->get_property = rill_gtk_live_value_get_property;
  object_class->set_property = rill_gtk_live_value_set_property;

  /**
   * RillGtkLiveValue:source: (type GObject)
   *
   * What is followed: a [class@Rill.LiveData] or a [class@Rill.Flow] (a
   * [class@Rill.StateFlow] is one), or %NULL for nothing.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, G_TYPE_OBJECT, writable);

  /**
   * RillGtkLiveValue:owner:
   *
   * A widget that keeps the live value alive. When it is destroyed, the
   * live value lets go of its source and of the widget, and keeps its last
   * value.
   */
  properties[PROP_OWNER] =
    g_param_spec_object ("owner", NULL, NULL, GTK_TYPE_WIDGET, writable);

  /**
   * RillGtkLiveValue:has-value:
   *
   * Whether there is a value: %FALSE without a source, and while the live
   * data was never set or the flow has not emitted yet.
   */
  properties[PROP_HAS_VALUE] =
    g_param_spec_boolean ("has-value", NULL, NULL, FALSE, readable);

  /**
   * RillGtkLiveValue:value: (type GValue)
   *
   * The current value, or %NULL if there is none.
   */
  properties[PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL, G_TYPE_VALUE, readable);

  /**
   * RillGtkLiveValue:string:
   *
   * The value converted to a string, or %NULL if there is none or it does
   * not convert.
   */
  properties[PROP_STRING] =
    g_param_spec_string ("string", NULL, NULL, NULL, readable);

  /**
   * RillGtkLiveValue:int:
   *
   * The value converted to an integer, or 0.
   */
  properties[PROP_INT] =
    g_param_spec_int ("int", NULL, NULL, G_MININT, G_MAXINT, 0, readable);

  /**
   * RillGtkLiveValue:double:
   *
   * The value converted to a double, or 0.
   */
  properties[PROP_DOUBLE] =
    g_param_spec_double ("double", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, readable);

  /**
   * RillGtkLiveValue:boolean:
   *
   * The value converted to a boolean, or %FALSE.
   */
  properties[PROP_BOOLEAN] =
    g_param_spec_boolean ("boolean", NULL, NULL, FALSE, readable);

  /**
   * RillGtkLiveValue:object:
   *
   * The object the value holds, or %NULL.
   */
  properties[PROP_OBJECT] =
    g_param_spec_object ("object", NULL, NULL, G_TYPE_OBJECT, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_gtk_live_value_init (RillGtkLiveValue *self)
{
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * rill_gtk_live_value_new:
 * @source: (type GObject) (nullable): a [class@Rill.LiveData] or a [class@Rill.Flow]
 *
 * Creates a live value that follows @source.
 *
 * Returns: (transfer full): a new live value
 */
RillGtkLiveValue *
rill_gtk_live_value_new (GObject *source)
{
  g_return_val_if_fail (source == NULL || G_IS_OBJECT (source), NULL);

  return g_object_new (RILL_GTK_TYPE_LIVE_VALUE, "source", source, NULL);
}

/**
 * rill_gtk_live_value_get_source:
 * @self: a live value
 *
 * Gets what @self follows.
 *
 * Returns: (transfer none) (nullable): [property@LiveValue:source]
 */
GObject *
rill_gtk_live_value_get_source (RillGtkLiveValue *self)
{
  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), NULL);

  return self->source;
}

/**
 * rill_gtk_live_value_set_source:
 * @self: a live value
 * @source: (type GObject) (nullable): a [class@Rill.LiveData] or a [class@Rill.Flow]
 *
 * Follows @source from now on. The value is the new source's: none until
 * it has one (a state flow's is there at once). Anything else than a live
 * data or a flow is refused with a critical.
 */
void
rill_gtk_live_value_set_source (RillGtkLiveValue *self,
                                GObject          *source)
{
  g_return_if_fail (RILL_GTK_IS_LIVE_VALUE (self));
  g_return_if_fail (source == NULL || G_IS_OBJECT (source));

  if (source != NULL && !RILL_IS_LIVE_DATA (source) && !RILL_IS_FLOW (source))
    {
      g_critical (WHO ": the source must be a RillLiveData or a RillFlow, not a %s",
                  G_OBJECT_TYPE_NAME (source));
      return;
    }
  if (self->source == source)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  detach (self);
  g_set_object (&self->source, source);
  set_current (self, NULL);
  attach (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rill_gtk_live_value_get_owner:
 * @self: a live value
 *
 * Gets the widget that keeps @self alive.
 *
 * Returns: (transfer none) (nullable): [property@LiveValue:owner]
 */
GtkWidget *
rill_gtk_live_value_get_owner (RillGtkLiveValue *self)
{
  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), NULL);

  return self->owner;
}

/**
 * rill_gtk_live_value_set_owner:
 * @self: a live value
 * @owner: (nullable): a widget
 *
 * Sets [property@LiveValue:owner]: @owner keeps @self alive until it is
 * destroyed, then @self lets go of its source.
 */
void
rill_gtk_live_value_set_owner (RillGtkLiveValue *self,
                               GtkWidget        *owner)
{
  g_return_if_fail (RILL_GTK_IS_LIVE_VALUE (self));
  g_return_if_fail (owner == NULL || GTK_IS_WIDGET (owner));

  if (self->owner == owner)
    return;

  g_object_ref (self);
  if (self->owner != NULL)
    {
      GtkWidget *old = g_steal_pointer (&self->owner);

      g_clear_signal_handler (&self->destroy_handler, old);
      rill_gtk_widget_release_object (old, G_OBJECT (self));
    }
  if (owner != NULL)
    {
      self->owner = owner;
      self->destroy_handler = g_signal_connect (owner, "destroy", G_CALLBACK (owner_destroyed), self);
      rill_gtk_widget_hold_object (owner, G_OBJECT (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER]);
  g_object_unref (self);
}

/**
 * rill_gtk_live_value_has_value:
 * @self: a live value
 *
 * Whether @self has a value.
 *
 * Returns: [property@LiveValue:has-value]
 */
gboolean
rill_gtk_live_value_has_value (RillGtkLiveValue *self)
{
  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), FALSE);

  return G_IS_VALUE (&self->value);
}

/**
 * rill_gtk_live_value_get_value:
 * @self: a live value
 *
 * Gets the current value of @self.
 *
 * Returns: (transfer none) (nullable): the current value, or %NULL if there
 *   is none
 */
const GValue *
rill_gtk_live_value_get_value (RillGtkLiveValue *self)
{
  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), NULL);

  return G_IS_VALUE (&self->value) ? &self->value : NULL;
}

/**
 * rill_gtk_live_value_dup_string:
 * @self: a live value
 *
 * Gets the value of @self converted to a string.
 *
 * Returns: (transfer full) (nullable): [property@LiveValue:string]
 */
char *
rill_gtk_live_value_dup_string (RillGtkLiveValue *self)
{
  g_auto(GValue) result = G_VALUE_INIT;

  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), NULL);

  if (!rill_gtk_value_convert (rill_gtk_live_value_get_value (self), G_TYPE_STRING, &result))
    return NULL;
  return g_value_dup_string (&result);
}

/**
 * rill_gtk_live_value_get_int:
 * @self: a live value
 *
 * Gets the value of @self converted to an integer.
 *
 * Returns: [property@LiveValue:int]
 */
int
rill_gtk_live_value_get_int (RillGtkLiveValue *self)
{
  g_auto(GValue) result = G_VALUE_INIT;

  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), 0);

  if (!rill_gtk_value_convert (rill_gtk_live_value_get_value (self), G_TYPE_INT, &result))
    return 0;
  return g_value_get_int (&result);
}

/**
 * rill_gtk_live_value_get_double:
 * @self: a live value
 *
 * Gets the value of @self converted to a double.
 *
 * Returns: [property@LiveValue:double]
 */
double
rill_gtk_live_value_get_double (RillGtkLiveValue *self)
{
  g_auto(GValue) result = G_VALUE_INIT;

  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), 0);

  if (!rill_gtk_value_convert (rill_gtk_live_value_get_value (self), G_TYPE_DOUBLE, &result))
    return 0;
  return g_value_get_double (&result);
}

/**
 * rill_gtk_live_value_get_boolean:
 * @self: a live value
 *
 * Gets the value of @self converted to a boolean.
 *
 * Returns: [property@LiveValue:boolean]
 */
gboolean
rill_gtk_live_value_get_boolean (RillGtkLiveValue *self)
{
  g_auto(GValue) result = G_VALUE_INIT;

  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), FALSE);

  if (!rill_gtk_value_convert (rill_gtk_live_value_get_value (self), G_TYPE_BOOLEAN, &result))
    return FALSE;
  return g_value_get_boolean (&result);
}

/**
 * rill_gtk_live_value_dup_object:
 * @self: a live value
 *
 * Gets the object the value of @self holds.
 *
 * Returns: (transfer full) (type GObject) (nullable): [property@LiveValue:object]
 */
gpointer
rill_gtk_live_value_dup_object (RillGtkLiveValue *self)
{
  g_return_val_if_fail (RILL_GTK_IS_LIVE_VALUE (self), NULL);

  if (!G_IS_VALUE (&self->value) || !G_VALUE_HOLDS_OBJECT (&self->value))
    return NULL;
  return g_value_dup_object (&self->value);
}
