/* rill-gtk-binding.c: widget properties that follow live data and flows
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A binding is an observation with the widget's lifecycle: the property is
 * updated only while the widget is on screen, gets the latest value when it
 * is shown again, and the binding ends when the widget is destroyed. The
 * reverse direction of a two-way binding is a notify handler; a flag and
 * an equality check keep the two from echoing each other.
 */

#include "config.h"

#include "rill-gtk-binding-private.h"
#include "rill-gtk-widget-lifecycle.h"

G_DEFINE_FLAGS_TYPE (RillGtkBindFlags, rill_gtk_bind_flags,
                     G_DEFINE_ENUM_VALUE (RILL_GTK_BIND_DEFAULT, "default"),
                     G_DEFINE_ENUM_VALUE (RILL_GTK_BIND_BIDIRECTIONAL, "bidirectional"))

GParamSpec *
rill_gtk_binding_find_property (GtkWidget   *widget,
                                const char  *property,
                                GType        value_type,
                                GParamFlags  needed,
                                const char  *func)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), property);

  if (pspec == NULL || (pspec->flags & needed) != needed)
    {
      g_critical ("%s: %s has no %s property '%s'", func, G_OBJECT_TYPE_NAME (widget),
                  (needed & G_PARAM_READABLE) ? "readable and writable" : "writable", property);
      return NULL;
    }
  if (!g_value_type_transformable (value_type, pspec->value_type))
    {
      g_critical ("%s: values of type '%s' cannot be set on the property '%s' of %s, of type '%s'",
                  func, g_type_name (value_type), property, G_OBJECT_TYPE_NAME (widget),
                  g_type_name (pspec->value_type));
      return NULL;
    }
  if ((needed & G_PARAM_READABLE) && !g_value_type_transformable (pspec->value_type, value_type))
    {
      g_critical ("%s: the property '%s' of %s, of type '%s', cannot be set on values of type '%s'",
                  func, property, G_OBJECT_TYPE_NAME (widget), g_type_name (pspec->value_type),
                  g_type_name (value_type));
      return NULL;
    }
  return pspec;
}

/* Objects that nothing but a widget refers to once a .ui file is read. */
static GQuark
held_objects_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rill-gtk-held-objects");
  return quark;
}

void
rill_gtk_widget_hold_object (GtkWidget *widget,
                             GObject   *object)
{
  GPtrArray *held = g_object_get_qdata (G_OBJECT (widget), held_objects_quark ());

  if (held == NULL)
    {
      held = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_qdata_full (G_OBJECT (widget), held_objects_quark (), held,
                               (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (held, g_object_ref (object));
}

void
rill_gtk_widget_release_object (GtkWidget *widget,
                                GObject   *object)
{
  GPtrArray *held = g_object_get_qdata (G_OBJECT (widget), held_objects_quark ());

  if (held != NULL)
    g_ptr_array_remove (held, object);
}

/* A widget's property as a binding sets it: what g_object_set_property ()
 * looks up or checks each time, found once when the binding is made. */
typedef struct
{
  GParamSpec   *pspec;      /* a reference */
  GParamSpec   *effective;  /* its redirect target, or itself */
  GObjectClass *owner;      /* the class that installed it, a reference */
  GQuark        detail;     /* of its notifications */
  guint         direct : 1;          /* set through the class's set_property */
  guint         explicit_notify : 1; /* the setter notifies by itself */
  guint         always_valid : 1;    /* no value of its type needs fixing */
} TargetProperty;

static void
target_property_init (TargetProperty *self,
                      GtkWidget      *widget,
                      GParamSpec     *pspec)
{
  GParamSpec *target = g_param_spec_get_redirect_target (pspec);

  self->pspec = g_param_spec_ref (pspec);
  self->effective = target != NULL ? target : pspec;
  /* An interface's property (GtkEditable's) is left to GObject. */
  self->owner = G_TYPE_IS_CLASSED (pspec->owner_type) ? g_type_class_ref (pspec->owner_type) : NULL;
  self->detail = g_param_spec_get_name_quark (self->effective);
  self->explicit_notify = (self->effective->flags & G_PARAM_EXPLICIT_NOTIFY) != 0;
  /* A class that overrides notify sees every notification: GObject merges
   * them, so such a widget goes the usual way. */
  self->direct = self->owner != NULL && self->owner->set_property != NULL
                 && (pspec->flags & (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY)) == G_PARAM_WRITABLE
                 && (self->explicit_notify || G_OBJECT_GET_CLASS (widget)->notify == NULL);
  if (G_IS_PARAM_SPEC_STRING (self->effective))
    {
      GParamSpecString *string = G_PARAM_SPEC_STRING (self->effective);

      self->always_valid = string->cset_first == NULL && string->cset_nth == NULL
                           && !string->null_fold_if_empty && !string->ensure_non_null;
    }
  else
    self->always_valid = FALSE;
}

static void
target_property_clear (TargetProperty *self)
{
  g_clear_pointer (&self->pspec, g_param_spec_unref);
  g_clear_pointer (&self->owner, g_type_class_unref);
}

/* g_object_set_property () without its name lookup (a locked table) and its
 * copy of the value: the calls GObject makes in the end. A setter that
 * notifies by itself (G_PARAM_EXPLICIT_NOTIFY) is called alone. For any
 * other property GObject adds a notification of its own; while nobody
 * listens to it, that is one more g_object_notify_by_pspec () (queued and
 * merged with the setter's if the object is frozen), which is what GObject
 * does too. A listener, or a value the pspec would have to fix, go the
 * usual way: there GObject freezes the object so that the listener hears
 * of the change once. */
static void
set_target_property (GObject              *object,
                     const TargetProperty *target,
                     const GValue         *value)
{
  static guint notify_signal;

  if (G_UNLIKELY (notify_signal == 0))
    notify_signal = g_signal_lookup ("notify", G_TYPE_OBJECT);
  if (!target->direct
      || (!target->always_valid && !g_param_value_is_valid (target->effective, value))
      || (!target->explicit_notify
          && g_signal_has_handler_pending (object, notify_signal, target->detail, TRUE)))
    {
      g_object_set_property (object, target->pspec->name, value);
      return;
    }
  target->owner->set_property (object, target->pspec->param_id, value, target->effective);
  if (!target->explicit_notify)
    g_object_notify_by_pspec (object, target->effective);
}

static void
set_widget_property (GtkWidget            *widget,
                     const TargetProperty *target,
                     const GValue         *value,
                     gboolean              unless_equal)
{
  GParamSpec *pspec = target->pspec;
  g_auto(GValue) converted = G_VALUE_INIT;
  g_auto(GValue) current = G_VALUE_INIT;
  const GValue *to_set = value;

  if (G_VALUE_TYPE (value) != pspec->value_type)
    {
      g_value_init (&converted, pspec->value_type);
      if (!g_value_transform (value, &converted))
        return;
      to_set = &converted;
    }
  /* In a two-way binding, setting what is there already would move an
   * entry's cursor and echo back. */
  if (unless_equal)
    {
      g_value_init (&current, pspec->value_type);
      g_object_get_property (G_OBJECT (widget), pspec->name, &current);
      if (rill_live_data_values_equal (&current, to_set))
        return;
    }
  set_target_property (G_OBJECT (widget), target, to_set);
}

/* ------------------------------------------------------------------------ */
/* Live data                                                                */

typedef struct
{
  gint ref_count;
  RillLiveData *live_data;  /* until the binding ends: the disposable may outlive it */
  GtkWidget *widget;        /* not a reference: the binding ends with it */
  TargetProperty target;
  gulong observer;
  gulong notify_handler;
  gboolean updating;        /* a change we make, not to be echoed */
  gboolean ended;
} LiveDataBinding;

static LiveDataBinding *
live_data_binding_ref (LiveDataBinding *self)
{
  self->ref_count++;
  return self;
}

static void
live_data_binding_unref (gpointer data)
{
  LiveDataBinding *self = data;

  if (--self->ref_count > 0)
    return;
  g_clear_object (&self->live_data);
  target_property_clear (&self->target);
  g_free (self);
}

static void
value_changed (RillLiveData *live_data,
               const GValue *value,
               gpointer      user_data)
{
  LiveDataBinding *self = user_data;

  self->updating = TRUE;
  set_widget_property (self->widget, &self->target, value, self->notify_handler != 0);
  self->updating = FALSE;
}

static void
property_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  LiveDataBinding *self = user_data;
  g_auto(GValue) property = G_VALUE_INIT;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) current = G_VALUE_INIT;

  if (self->updating || self->ended)
    return;

  g_value_init (&property, self->target.pspec->value_type);
  g_object_get_property (object, self->target.pspec->name, &property);
  g_value_init (&value, rill_live_data_get_value_type (self->live_data));
  if (!g_value_transform (&property, &value))
    return;
  /* Only a change: setting the same value again would echo back. */
  if (rill_live_data_get_value (self->live_data, &current) && rill_live_data_values_equal (&current, &value))
    return;
  self->updating = TRUE;
  rill_mutable_live_data_set_value (RILL_MUTABLE_LIVE_DATA (self->live_data), &value);
  self->updating = FALSE;
}

static void
end_live_data_binding (LiveDataBinding *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  if (self->notify_handler != 0)
    g_clear_signal_handler (&self->notify_handler, self->widget);
}

/* The observation went: disposed, or the widget destroyed (still alive).
 * Whoever removed it holds the live data meanwhile, so the binding lets go
 * of it now: a disposable kept after its widget is gone keeps nothing. */
static void
observation_removed (gpointer data)
{
  LiveDataBinding *self = data;

  end_live_data_binding (self);
  g_clear_object (&self->live_data);
  live_data_binding_unref (self);
}

static void
dispose_live_data_binding (gpointer data)
{
  LiveDataBinding *self = data;
  g_autoptr(RillLiveData) live_data = NULL;

  if (self->ended)
    return;
  /* Removing the observation ends the binding (observation_removed), which
   * drops the binding's reference while the removal still runs. */
  live_data = g_object_ref (self->live_data);
  rill_live_data_remove_observer (live_data, self->observer);
}

/**
 * rill_gtk_bind_live_data:
 * @live_data: a live data
 * @widget: a widget
 * @property: the name of a writable property of @widget
 * @flags: how to bind
 *
 * Binds @widget's @property to @live_data with @widget's lifecycle
 * ([func@widget_get_lifecycle]): while @widget is on screen, each value is
 * set on the property (converted with g_value_transform() if the types
 * differ); while it is hidden, nothing is set, and when it is shown again
 * the property gets the latest value, once. The binding ends when @widget
 * is destroyed, or when the returned disposable is disposed; from then on
 * it holds no reference to @live_data, even while the disposable is kept.
 *
 * With %RILL_GTK_BIND_BIDIRECTIONAL, @live_data must be a
 * #RillMutableLiveData and @property readable: each change of the property
 * (the user typing in an entry, toggling a switch) is also set on
 * @live_data. Neither direction echoes the other, and a value equal to the
 * property's is not set again, so an entry's cursor stays where it is.
 *
 * Returns: (transfer full) (nullable): a disposable that ends the binding,
 *   or %NULL (with a critical) if the property does not fit
 */
RillDisposable *
rill_gtk_bind_live_data (RillLiveData     *live_data,
                         GtkWidget        *widget,
                         const char       *property,
                         RillGtkBindFlags  flags)
{
  gboolean bidirectional = (flags & RILL_GTK_BIND_BIDIRECTIONAL) != 0;
  LiveDataBinding *self;
  GParamSpec *pspec;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (live_data), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (property != NULL, NULL);
  g_return_val_if_fail (!bidirectional || RILL_IS_MUTABLE_LIVE_DATA (live_data), NULL);

  pspec = rill_gtk_binding_find_property (widget, property, rill_live_data_get_value_type (live_data),
                                          bidirectional ? G_PARAM_READWRITE : G_PARAM_WRITABLE,
                                          "rill_gtk_bind_live_data");
  if (pspec == NULL)
    return NULL;

  self = g_new0 (LiveDataBinding, 1);
  self->ref_count = 1;
  self->live_data = g_object_ref (live_data);
  self->widget = widget;
  target_property_init (&self->target, widget, pspec);
  if (bidirectional)
    {
      g_autofree char *detailed = g_strconcat ("notify::", pspec->name, NULL);

      self->notify_handler = g_signal_connect (widget, detailed, G_CALLBACK (property_changed), self);
    }
  self->observer = rill_live_data_observe (live_data,
                                           RILL_LIFECYCLE_OWNER (rill_gtk_widget_get_lifecycle (widget)),
                                           value_changed, live_data_binding_ref (self),
                                           observation_removed);
  return rill_disposable_new (dispose_live_data_binding, self, live_data_binding_unref);
}

/* ------------------------------------------------------------------------ */
/* Flows                                                                    */

typedef struct
{
  RillFlow *flow;
  GWeakRef widget;
  TargetProperty target;
} FlowBinding;

static void
flow_binding_free (gpointer data)
{
  FlowBinding *self = data;

  g_clear_object (&self->flow);
  g_weak_ref_clear (&self->widget);
  target_property_clear (&self->target);
  g_free (self);
}

static gboolean
set_from_flow (const GValue  *value,
               gpointer       user_data,
               GError       **error)
{
  FlowBinding *self = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&self->widget);

  if (widget != NULL)
    set_widget_property (widget, &self->target, value, FALSE);
  return TRUE;
}

static void
collect_while_shown (RillScope *scope,
                     gpointer   user_data)
{
  FlowBinding *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rill_flow_collect (self->flow, set_from_flow, self, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The flow bound to a widget's property '%s' failed: %s", self->target.pspec->name, error->message);
}

static void
bind_flow_block (RillScope *scope,
                 gpointer   user_data)
{
  FlowBinding *self = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&self->widget);
  RillLifecycle *lifecycle;

  if (widget == NULL)
    return;
  lifecycle = rill_gtk_widget_get_lifecycle (widget);
  /* Held only by the lifecycle from here: the binding ends with the widget. */
  g_clear_object (&widget);
  rill_repeat_on_lifecycle (lifecycle, RILL_LIFECYCLE_STATE_STARTED, collect_while_shown, self);
}

static void
cancel_job (gpointer data)
{
  rill_job_cancel (data);
}

/**
 * rill_gtk_bind_flow:
 * @flow: a flow
 * @widget: a widget
 * @property: the name of a writable property of @widget
 *
 * Sets each value of @flow on @widget's @property while @widget is on
 * screen: @flow is collected in @widget's scope each time @widget is shown
 * and that collection is cancelled when it is hidden (as
 * [func@Rill.repeat_on_lifecycle] with %RILL_LIFECYCLE_STATE_STARTED does).
 * A state flow therefore sets its current value each time the widget is
 * shown. The binding ends when @widget is destroyed, or when the returned
 * disposable is disposed. A failure of @flow is logged with g_warning().
 *
 * Returns: (transfer full) (nullable): a disposable that ends the binding,
 *   or %NULL (with a critical) if the property does not fit
 */
RillDisposable *
rill_gtk_bind_flow (RillFlow   *flow,
                    GtkWidget  *widget,
                    const char *property)
{
  FlowBinding *self;
  GParamSpec *pspec;
  RillJob *job;

  g_return_val_if_fail (RILL_IS_FLOW (flow), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  pspec = rill_gtk_binding_find_property (widget, property, rill_flow_get_value_type (flow),
                                          G_PARAM_WRITABLE, "rill_gtk_bind_flow");
  if (pspec == NULL)
    return NULL;

  self = g_new0 (FlowBinding, 1);
  self->flow = g_object_ref (flow);
  g_weak_ref_init (&self->widget, widget);
  target_property_init (&self->target, widget, pspec);
  job = rill_launch (rill_gtk_widget_get_scope (widget), NULL, bind_flow_block, self, flow_binding_free);
  return rill_disposable_new (cancel_job, job, (GDestroyNotify) rill_job_unref);
}
