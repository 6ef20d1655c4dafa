/* rill-gtk-property-binding.c: a binding that can be declared in a .ui file
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The object holds the pieces of a rill_gtk_bind_live_data () or
 * rill_gtk_bind_flow () call as properties, so that GtkBuilder can set them
 * in any order (an object reference to a widget defined further down, a
 * property binding from the template's owner that is applied last), and
 * makes the binding again each time one of them changes.
 *
 * Nothing but the builder refers to such an object once the .ui file is
 * read, so its target keeps it: each target widget holds its bindings until
 * it is destroyed. The binding object holds its target only by a pointer
 * that it clears when the target is destroyed.
 */

#include "config.h"

#include "rill-gtk-binding-private.h"
#include "rill-gtk-property-binding.h"

#define WHO "RillGtkPropertyBinding"

/**
 * RillGtkPropertyBinding:
 *
 * A lifecycle-aware binding of a widget's property to a live data or a flow,
 * as an object that can be declared in a GtkBuilder `.ui` file.
 *
 * Once it has a [property@PropertyBinding:source], a
 * [property@PropertyBinding:target] and a
 * [property@PropertyBinding:target-property], it binds them as
 * [func@bind_live_data] (for a [class@Rill.LiveData]) or [func@bind_flow]
 * (for a [class@Rill.Flow], a [class@Rill.StateFlow] among them) do: the
 * property follows the source only while the target is on screen and gets
 * the latest value when it is shown again. When one of them changes, the
 * binding is made again with the new ones.
 *
 * The target keeps the binding object alive until the target is destroyed,
 * which ends the binding; the binding object does not keep its target
 * alive. It holds a reference to its source.
 *
 * ```xml
 * <object class="GtkLabel" id="count_label"/>
 * <object class="RillGtkPropertyBinding">
 *   <property name="source" bind-source="MyPage" bind-property="count"
 *             bind-flags="sync-create"/>
 *   <property name="target">count_label</property>
 *   <property name="target-property">label</property>
 * </object>
 * ```
 *
 * In a template (gtk_widget_class_set_template()), the source is usually a
 * property of the template's owner, as above, or a
 * `<lookup name="count">MyPage</lookup>` expression; the owner must set it
 * before the target is first shown.
 *
 * Mistakes in the `.ui` file are reported with a critical: a missing target
 * or target property when the builder is done, an unknown property or one
 * whose type does not fit the source's values when the binding is made, a
 * source that is still missing when the target is first shown.
 */

struct _RillGtkPropertyBinding
{
  GObject           parent_instance;

  GObject          *source;           /* a RillLiveData or a RillFlow */
  GtkWidget        *target;           /* not a reference: it holds us */
  char             *target_property;
  RillGtkBindFlags  flags;

  RillDisposable   *binding;          /* while bound */
  gulong            destroy_handler;
  gulong            map_handler;      /* looks for a missing source */
  gboolean          had_source;
  gboolean          constructed;
};

static void rill_gtk_property_binding_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RillGtkPropertyBinding, rill_gtk_property_binding, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      rill_gtk_property_binding_buildable_init))

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_TARGET,
  PROP_TARGET_PROPERTY,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Binding                                                                  */

static void
unbind (RillGtkPropertyBinding *self)
{
  g_autoptr(RillDisposable) binding = g_steal_pointer (&self->binding);

  if (binding != NULL)
    rill_disposable_dispose (binding);
}

static void
rebind (RillGtkPropertyBinding *self)
{
  gboolean bidirectional = (self->flags & RILL_GTK_BIND_BIDIRECTIONAL) != 0;

  unbind (self);
  if (!self->constructed || self->source == NULL || self->target == NULL ||
      self->target_property == NULL)
    return;

  if (RILL_IS_LIVE_DATA (self->source))
    {
      RillLiveData *live_data = RILL_LIVE_DATA (self->source);

      if (bidirectional && !RILL_IS_MUTABLE_LIVE_DATA (live_data))
        {
          g_critical (WHO ": a two-way binding of the property '%s' of %s needs a "
                      "RillMutableLiveData as its source, not a %s",
                      self->target_property, G_OBJECT_TYPE_NAME (self->target),
                      G_OBJECT_TYPE_NAME (live_data));
          return;
        }
      if (rill_gtk_binding_find_property (self->target, self->target_property,
                                          rill_live_data_get_value_type (live_data),
                                          bidirectional ? G_PARAM_READWRITE : G_PARAM_WRITABLE,
                                          WHO) == NULL)
        return;
      self->binding = rill_gtk_bind_live_data (live_data, self->target, self->target_property,
                                               self->flags);
    }
  else
    {
      RillFlow *flow = RILL_FLOW (self->source);

      if (bidirectional)
        {
          g_critical (WHO ": a two-way binding of the property '%s' of %s needs a "
                      "RillMutableLiveData as its source; a %s only goes one way",
                      self->target_property, G_OBJECT_TYPE_NAME (self->target),
                      G_OBJECT_TYPE_NAME (flow));
          return;
        }
      if (rill_gtk_binding_find_property (self->target, self->target_property,
                                          rill_flow_get_value_type (flow), G_PARAM_WRITABLE,
                                          WHO) == NULL)
        return;
      self->binding = rill_gtk_bind_flow (flow, self->target, self->target_property);
    }
}

static void
target_mapped (GtkWidget              *target,
               RillGtkPropertyBinding *self)
{
  g_clear_signal_handler (&self->map_handler, target);
  if (self->source == NULL && !self->had_source)
    g_critical (WHO ": %s is shown, but the binding of its property '%s' has no source; "
                "set the binding's property 'source' before the widget is shown",
                G_OBJECT_TYPE_NAME (target),
                self->target_property != NULL ? self->target_property : "(none)");
}

static void
target_destroyed (GtkWidget              *target,
                  RillGtkPropertyBinding *self)
{
  rill_gtk_property_binding_set_target (self, NULL);
}

/* ------------------------------------------------------------------------ */
/* GtkBuildable                                                             */

static void
rill_gtk_property_binding_parser_finished (GtkBuildable *buildable,
                                           GtkBuilder   *builder)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (buildable);
  const char *id = gtk_buildable_get_buildable_id (buildable);

  if (self->target == NULL)
    g_critical (WHO " '%s': no target widget; set its property 'target'",
                id != NULL ? id : "(no id)");
  else if (self->target_property == NULL)
    g_critical (WHO " '%s': no property of %s to bind; set its property 'target-property'",
                id != NULL ? id : "(no id)", G_OBJECT_TYPE_NAME (self->target));
}

static void
rill_gtk_property_binding_buildable_init (GtkBuildableIface *iface)
{
  iface->parser_finished = rill_gtk_property_binding_parser_finished;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
rill_gtk_property_binding_constructed (GObject *object)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (object);

  G_OBJECT_CLASS (rill_gtk_property_binding_parent_class)->constructed (object);

  self->constructed = TRUE;
  rebind (self);
}

static void
rill_gtk_property_binding_dispose (GObject *object)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (object);

  unbind (self);
  if (self->target != NULL)
    {
      GtkWidget *target = g_steal_pointer (&self->target);

      g_clear_signal_handler (&self->destroy_handler, target);
      g_clear_signal_handler (&self->map_handler, target);
      /* Disposed on purpose while the target held it: it is let go. */
      g_object_ref (self);
      rill_gtk_widget_release_object (target, G_OBJECT (self));
      g_object_unref (self);
    }
  g_clear_object (&self->source);

  G_OBJECT_CLASS (rill_gtk_property_binding_parent_class)->dispose (object);
}

static void
rill_gtk_property_binding_finalize (GObject *object)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (object);

  g_free (self->target_property);

  G_OBJECT_CLASS (rill_gtk_property_binding_parent_class)->finalize (object);
}

static void
rill_gtk_property_binding_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_TARGET_PROPERTY:
      g_value_set_string (value, self->target_property);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_gtk_property_binding_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  RillGtkPropertyBinding *self = RILL_GTK_PROPERTY_BINDING (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      rill_gtk_property_binding_set_source (self, g_value_get_object (value));
      break;
    case PROP_TARGET:
      rill_gtk_property_binding_set_target (self, g_value_get_object (value));
      break;
    case PROP_TARGET_PROPERTY:
      rill_gtk_property_binding_set_target_property (self, g_value_get_string (value));
      break;
    case PROP_FLAGS:
      rill_gtk_property_binding_set_flags (self, g_value_get_flags (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_gtk_property_binding_class_init (RillGtkPropertyBindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = rill_gtk_property_binding_constructed;
  object_class->dispose = rill_gtk_property_binding_dispose;
  object_class->finalize = rill_gtk_property_binding_finalize;
  object_class->get_property = rill_gtk_property_binding_get_property;
  object_class->set_property = rill_gtk_property_binding_set_property;

  /**
   * RillGtkPropertyBinding:source: (type GObject)
   *
   * What the property follows: a [class@Rill.LiveData] or a
   * [class@Rill.Flow] (a [class@Rill.StateFlow] is one), or %NULL for
   * nothing yet.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, G_TYPE_OBJECT, flags);

  /**
   * RillGtkPropertyBinding:target:
   *
   * The widget whose property is bound. It keeps the binding object alive
   * until it is destroyed; then the binding ends and this is %NULL.
   */
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, GTK_TYPE_WIDGET, flags);

  /**
   * RillGtkPropertyBinding:target-property:
   *
   * The name of the bound property of [property@PropertyBinding:target]:
   * writable, readable as well for a two-way binding, and of a type the
   * source's values convert to.
   */
  properties[PROP_TARGET_PROPERTY] =
    g_param_spec_string ("target-property", NULL, NULL, NULL, flags);

  /**
   * RillGtkPropertyBinding:flags:
   *
   * How to bind; %RILL_GTK_BIND_BIDIRECTIONAL needs a
   * [class@Rill.MutableLiveData] as the source.
   */
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, RILL_GTK_TYPE_BIND_FLAGS, RILL_GTK_BIND_DEFAULT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_gtk_property_binding_init (RillGtkPropertyBinding *self)
{
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * rill_gtk_property_binding_new:
 * @source: (type GObject) (nullable): a [class@Rill.LiveData] or a [class@Rill.Flow]
 * @target: (nullable): the widget whose property follows @source
 * @target_property: (nullable): the name of a property of @target
 * @flags: how to bind
 *
 * Creates a binding object, bound at once if @source, @target and
 * @target_property are all given. [func@bind_live_data] and
 * [func@bind_flow] do the same in one call from C; this is the form for
 * GtkBuilder and for bindings whose source or target changes.
 *
 * Returns: (transfer full): a new binding object
 */
RillGtkPropertyBinding *
rill_gtk_property_binding_new (GObject          *source,
                               GtkWidget        *target,
                               const char       *target_property,
                               RillGtkBindFlags  flags)
{
  g_return_val_if_fail (source == NULL || G_IS_OBJECT (source), NULL);
  g_return_val_if_fail (target == NULL || GTK_IS_WIDGET (target), NULL);

  return g_object_new (RILL_GTK_TYPE_PROPERTY_BINDING,
                       "source", source,
                       "target", target,
                       "target-property", target_property,
                       "flags", flags,
                       NULL);
}

/**
 * rill_gtk_property_binding_get_source:
 * @self: a binding object
 *
 * Gets what the target's property follows.
 *
 * Returns: (transfer none) (nullable): [property@PropertyBinding:source]
 */
GObject *
rill_gtk_property_binding_get_source (RillGtkPropertyBinding *self)
{
  g_return_val_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self), NULL);

  return self->source;
}

/**
 * rill_gtk_property_binding_set_source:
 * @self: a binding object
 * @source: (type GObject) (nullable): a [class@Rill.LiveData] or a [class@Rill.Flow]
 *
 * Sets [property@PropertyBinding:source] and binds again. Anything else
 * than a live data or a flow is refused with a critical.
 */
void
rill_gtk_property_binding_set_source (RillGtkPropertyBinding *self,
                                      GObject                *source)
{
  g_return_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self));
  g_return_if_fail (source == NULL || G_IS_OBJECT (source));

  if (source != NULL && !RILL_IS_LIVE_DATA (source) && !RILL_IS_FLOW (source))
    {
      g_critical (WHO ": the source must be a RillLiveData or a RillFlow, not a %s",
                  G_OBJECT_TYPE_NAME (source));
      return;
    }
  if (self->source == source)
    return;

  g_set_object (&self->source, source);
  if (source != NULL)
    {
      self->had_source = TRUE;
      if (self->target != NULL)
        g_clear_signal_handler (&self->map_handler, self->target);
    }
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * rill_gtk_property_binding_get_target:
 * @self: a binding object
 *
 * Gets the widget whose property is bound.
 *
 * Returns: (transfer none) (nullable): [property@PropertyBinding:target]
 */
GtkWidget *
rill_gtk_property_binding_get_target (RillGtkPropertyBinding *self)
{
  g_return_val_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self), NULL);

  return self->target;
}

/**
 * rill_gtk_property_binding_set_target:
 * @self: a binding object
 * @target: (nullable): a widget
 *
 * Sets [property@PropertyBinding:target] and binds again. @target keeps
 * @self alive until it is destroyed or another target is set.
 */
void
rill_gtk_property_binding_set_target (RillGtkPropertyBinding *self,
                                      GtkWidget              *target)
{
  g_return_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self));
  g_return_if_fail (target == NULL || GTK_IS_WIDGET (target));

  if (self->target == target)
    return;

  /* Letting the old target go may drop the last reference. */
  g_object_ref (self);
  unbind (self);
  if (self->target != NULL)
    {
      GtkWidget *old = g_steal_pointer (&self->target);

      g_clear_signal_handler (&self->destroy_handler, old);
      g_clear_signal_handler (&self->map_handler, old);
      rill_gtk_widget_release_object (old, G_OBJECT (self));
    }
  if (target != NULL)
    {
      self->target = target;
      self->destroy_handler = g_signal_connect (target, "destroy", G_CALLBACK (target_destroyed), self);
      if (!self->had_source && !gtk_widget_get_mapped (target))
        self->map_handler = g_signal_connect (target, "map", G_CALLBACK (target_mapped), self);
      rill_gtk_widget_hold_object (target, G_OBJECT (self));
    }
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
  g_object_unref (self);
}

/**
 * rill_gtk_property_binding_get_target_property:
 * @self: a binding object
 *
 * Gets the name of the bound property.
 *
 * Returns: (nullable): [property@PropertyBinding:target-property]
 */
const char *
rill_gtk_property_binding_get_target_property (RillGtkPropertyBinding *self)
{
  g_return_val_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self), NULL);

  return self->target_property;
}

/**
 * rill_gtk_property_binding_set_target_property:
 * @self: a binding object
 * @target_property: (nullable): the name of a property of the target
 *
 * Sets [property@PropertyBinding:target-property] and binds again.
 */
void
rill_gtk_property_binding_set_target_property (RillGtkPropertyBinding *self,
                                               const char             *target_property)
{
  g_return_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self));

  if (g_strcmp0 (self->target_property, target_property) == 0)
    return;
  g_free (self->target_property);
  self->target_property = g_strdup (target_property);
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_PROPERTY]);
}

/**
 * rill_gtk_property_binding_get_flags:
 * @self: a binding object
 *
 * Gets how @self binds.
 *
 * Returns: [property@PropertyBinding:flags]
 */
RillGtkBindFlags
rill_gtk_property_binding_get_flags (RillGtkPropertyBinding *self)
{
  g_return_val_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self), RILL_GTK_BIND_DEFAULT);

  return self->flags;
}

/**
 * rill_gtk_property_binding_set_flags:
 * @self: a binding object
 * @flags: how to bind
 *
 * Sets [property@PropertyBinding:flags] and binds again.
 */
void
rill_gtk_property_binding_set_flags (RillGtkPropertyBinding *self,
                                     RillGtkBindFlags        flags)
{
  g_return_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self));

  if (self->flags == flags)
    return;
  self->flags = flags;
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
}

/**
 * rill_gtk_property_binding_is_bound:
 * @self: a binding object
 *
 * Whether the binding is made: it has a source, a target and a target
 * property that fit together, and the target was not destroyed.
 *
 * Returns: %TRUE if the target's property follows the source
 */
gboolean
rill_gtk_property_binding_is_bound (RillGtkPropertyBinding *self)
{
  g_return_val_if_fail (RILL_GTK_IS_PROPERTY_BINDING (self), FALSE);

  return self->binding != NULL && !rill_disposable_is_disposed (self->binding);
}
