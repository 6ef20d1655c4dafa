/* rill-demo-page-slot.c: a stack page built the first time it is needed
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The window's stack holds one slot per page after the first. A slot costs
 * one widget; the page it stands for, with its template, styles and
 * coroutines, is built when the slot is first shown or when someone asks
 * for it, so that starting the demo does not pay for pages nobody has
 * opened yet.
 */

#include "rill-demo-config.h"

#include "rill-demo-page-slot.h"

struct _RillDemoPageSlot
{
  GtkWidget  parent_instance;

  GType      page_type;
  GtkWidget *page;
};

enum
{
  PROP_0,
  PROP_PAGE_TYPE,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillDemoPageSlot, rill_demo_page_slot, GTK_TYPE_WIDGET)

static void
rill_demo_page_slot_map (GtkWidget *widget)
{
  /* Built before the slot's children are mapped, so the page is mapped with
   * it and measured in the same frame. */
  rill_demo_page_slot_get_page (RILL_DEMO_PAGE_SLOT (widget));

  GTK_WIDGET_CLASS (rill_demo_page_slot_parent_class)->map (widget);
}

static void
rill_demo_page_slot_dispose (GObject *object)
{
  RillDemoPageSlot *self = RILL_DEMO_PAGE_SLOT (object);

  g_clear_pointer (&self->page, gtk_widget_unparent);

  G_OBJECT_CLASS (rill_demo_page_slot_parent_class)->dispose (object);
}

static void
rill_demo_page_slot_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RillDemoPageSlot *self = RILL_DEMO_PAGE_SLOT (object);

  switch (prop_id)
    {
    case PROP_PAGE_TYPE:
      g_value_set_gtype (value, self->page_type);
      break;
    case PROP_PAGE:
      g_value_set_object (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_demo_page_slot_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RillDemoPageSlot *self = RILL_DEMO_PAGE_SLOT (object);

  switch (prop_id)
    {
    case PROP_PAGE_TYPE:
      self->page_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_demo_page_slot_class_init (RillDemoPageSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rill_demo_page_slot_dispose;
  object_class->get_property = rill_demo_page_slot_get_property;
  object_class->set_property = rill_demo_page_slot_set_property;
  widget_class->map = rill_demo_page_slot_map;

  /* The type of the page: a widget type that can be built without
   * properties. */
  properties[PROP_PAGE_TYPE] =
    g_param_spec_gtype ("page-type", NULL, NULL, GTK_TYPE_WIDGET,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The page, once it is built: %NULL before. */
  properties[PROP_PAGE] =
    g_param_spec_object ("page", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rill_demo_page_slot_init (RillDemoPageSlot *self)
{
  self->page_type = G_TYPE_NONE;
}

/**
 * rill_demo_page_slot_get_page_type:
 * @self: a slot
 *
 * Returns: the type of the page the slot holds
 */
GType
rill_demo_page_slot_get_page_type (RillDemoPageSlot *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_PAGE_SLOT (self), G_TYPE_INVALID);

  return self->page_type;
}

/**
 * rill_demo_page_slot_get_page:
 * @self: a slot
 *
 * The page, built now if it was not yet.
 *
 * Returns: (transfer none) (nullable): the page; %NULL only for a slot
 *   without a page type, or once the slot is disposed
 */
GtkWidget *
rill_demo_page_slot_get_page (RillDemoPageSlot *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_PAGE_SLOT (self), NULL);

  if (self->page == NULL && self->page_type != G_TYPE_NONE
      && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_return_val_if_fail (!G_TYPE_IS_ABSTRACT (self->page_type), NULL);

      self->page = g_object_new (self->page_type, NULL);
      gtk_widget_set_parent (self->page, GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  return self->page;
}

/**
 * rill_demo_page_slot_peek_page:
 * @self: a slot
 *
 * Returns: (transfer none) (nullable): the page if it is built, or %NULL
 */
GtkWidget *
rill_demo_page_slot_peek_page (RillDemoPageSlot *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_PAGE_SLOT (self), NULL);

  return self->page;
}
