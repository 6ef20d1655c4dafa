/* rill-gtk-expression.c: closures for GtkExpressions over live data values
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A live data's "value" property holds a GValue in a GValue (G_TYPE_VALUE),
 * which no widget property takes. These functions unpack it; a .ui file
 * names them in <closure function="...">, and GtkBuilderCScope finds them
 * among the exported symbols (or in the scope, after
 * rill_gtk_builder_cscope_add_callbacks ()).
 */

#include "config.h"

#include "rill-gtk-binding-private.h"
#include "rill-gtk-expression.h"

gboolean
rill_gtk_value_convert (const GValue *value,
                        GType         type,
                        GValue       *result)
{
  if (value == NULL || !G_IS_VALUE (value))
    return FALSE;
  g_value_init (result, type);
  if (g_value_type_compatible (G_VALUE_TYPE (value), type))
    {
      g_value_copy (value, result);
      return TRUE;
    }
  if (g_value_type_transformable (G_VALUE_TYPE (value), type) && g_value_transform (value, result))
    return TRUE;
  g_value_unset (result);
  return FALSE;
}

/**
 * rill_gtk_value_to_string:
 * @this_object: (type GObject) (nullable): the object the expression is
 *   evaluated for (unused)
 * @value: (nullable): a value, such as a [property@Rill.LiveData:value]
 *
 * A closure for GtkBuilder expressions: @value as a string, converted with
 * g_value_transform() (an integer becomes its decimal digits).
 *
 * ```xml
 * <binding name="label">
 *   <closure type="gchararray" function="rill_gtk_value_to_string">
 *     <lookup name="value" type="RillLiveData">
 *       <lookup name="count">MyPage</lookup>
 *     </lookup>
 *   </closure>
 * </binding>
 * ```
 *
 * Returns: (transfer full) (nullable): the string, or %NULL if @value is
 *   %NULL or does not convert to a string
 */
char *
rill_gtk_value_to_string (gpointer      this_object,
                          const GValue *value)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (!rill_gtk_value_convert (value, G_TYPE_STRING, &result))
    return NULL;
  return g_value_dup_string (&result);
}

/**
 * rill_gtk_value_to_int:
 * @this_object: (type GObject) (nullable): the object the expression is
 *   evaluated for (unused)
 * @value: (nullable): a value, such as a [property@Rill.LiveData:value]
 *
 * A closure for GtkBuilder expressions (`<closure type="gint"
 * function="rill_gtk_value_to_int">`): @value as an integer.
 *
 * Returns: the integer, or 0 if @value is %NULL or does not convert
 */
int
rill_gtk_value_to_int (gpointer      this_object,
                       const GValue *value)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (!rill_gtk_value_convert (value, G_TYPE_INT, &result))
    return 0;
  return g_value_get_int (&result);
}

/**
 * rill_gtk_value_to_double:
 * @this_object: (type GObject) (nullable): the object the expression is
 *   evaluated for (unused)
 * @value: (nullable): a value, such as a [property@Rill.LiveData:value]
 *
 * A closure for GtkBuilder expressions (`<closure type="gdouble"
 * function="rill_gtk_value_to_double">`): @value as a double, for a
 * progress bar's fraction or an adjustment's value.
 *
 * Returns: the number, or 0 if @value is %NULL or does not convert
 */
double
rill_gtk_value_to_double (gpointer      this_object,
                          const GValue *value)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (!rill_gtk_value_convert (value, G_TYPE_DOUBLE, &result))
    return 0;
  return g_value_get_double (&result);
}

/**
 * rill_gtk_value_to_boolean:
 * @this_object: (type GObject) (nullable): the object the expression is
 *   evaluated for (unused)
 * @value: (nullable): a value, such as a [property@Rill.LiveData:value]
 *
 * A closure for GtkBuilder expressions (`<closure type="gboolean"
 * function="rill_gtk_value_to_boolean">`): @value as a boolean, for
 * `visible` or `sensitive`.
 *
 * Returns: the boolean, or %FALSE if @value is %NULL or does not convert
 */
gboolean
rill_gtk_value_to_boolean (gpointer      this_object,
                           const GValue *value)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (!rill_gtk_value_convert (value, G_TYPE_BOOLEAN, &result))
    return FALSE;
  return g_value_get_boolean (&result);
}

/**
 * rill_gtk_value_to_object:
 * @this_object: (type GObject) (nullable): the object the expression is
 *   evaluated for (unused)
 * @value: (nullable): a value, such as a [property@Rill.LiveData:value]
 *
 * A closure for GtkBuilder expressions (`<closure type="GObject"
 * function="rill_gtk_value_to_object">`, or a more precise object type):
 * the object @value holds, for a list view's model or an image's paintable.
 *
 * Returns: (transfer full) (type GObject) (nullable): the object, or %NULL
 *   if @value does not hold one
 */
gpointer
rill_gtk_value_to_object (gpointer      this_object,
                          const GValue *value)
{
  if (value == NULL || !G_VALUE_HOLDS_OBJECT (value))
    return NULL;
  return g_value_dup_object (value);
}

/**
 * rill_gtk_builder_cscope_add_callbacks:
 * @scope: a builder scope
 *
 * Adds the closures of this library ([func@value_to_string] and the others)
 * to @scope by name. A #GtkBuilderCScope finds them among the exported
 * symbols of the program already; this is for a scope that cannot look
 * symbols up, a statically linked program for example.
 */
void
rill_gtk_builder_cscope_add_callbacks (GtkBuilderCScope *scope)
{
  g_return_if_fail (GTK_IS_BUILDER_CSCOPE (scope));

  gtk_builder_cscope_add_callback_symbols (scope,
                                           "rill_gtk_value_to_string", G_CALLBACK (rill_gtk_value_to_string),
                                           "rill_gtk_value_to_int", G_CALLBACK (rill_gtk_value_to_int),
                                           "rill_gtk_value_to_double", G_CALLBACK (rill_gtk_value_to_double),
                                           "rill_gtk_value_to_boolean", G_CALLBACK (rill_gtk_value_to_boolean),
                                           "rill_gtk_value_to_object", G_CALLBACK (rill_gtk_value_to_object),
                                           NULL);
}
