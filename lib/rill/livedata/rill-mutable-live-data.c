/* rill-mutable-live-data.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-live-data-private.h"
#include "rill-mutable-live-data.h"

/**
 * RillMutableLiveData:
 *
 * A live data whose value anyone may set, androidx's `MutableLiveData`.
 *
 * [method@MutableLiveData.set_value] sets the value on the main thread and
 * delivers it to the active observers before it returns.
 * [method@MutableLiveData.post_value] may be called from any thread: the value
 * is set later on the main thread, from the default #GMainContext. Posts that
 * come faster than the main loop takes them are coalesced: only the last one
 * is set. A value set after a post but before the main loop ran is replaced
 * by the posted one when it arrives, as in androidx.
 *
 * A value must have the live data's [property@LiveData:value-type], or a
 * type derived from it; objects may also come in a %G_TYPE_OBJECT value
 * holding an instance of that type. Anything else is refused with a critical
 * and changes nothing. The typed setters (`set_int`, `post_string`, ...) need
 * a value type of their fundamental type.
 */

G_DEFINE_TYPE (RillMutableLiveData, rill_mutable_live_data, RILL_TYPE_LIVE_DATA)

static void
rill_mutable_live_data_class_init (RillMutableLiveDataClass *klass)
{
}

static void
rill_mutable_live_data_init (RillMutableLiveData *self)
{
}

/**
 * rill_mutable_live_data_new:
 * @value_type: the type of the values
 *
 * Creates a mutable live data without a value, androidx's
 * `MutableLiveData()`.
 *
 * Returns: (transfer full): a new mutable live data
 */
RillMutableLiveData *
rill_mutable_live_data_new (GType value_type)
{
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);

  return g_object_new (RILL_TYPE_MUTABLE_LIVE_DATA, "value-type", value_type, NULL);
}

/**
 * rill_mutable_live_data_new_with_value:
 * @value: the initial value; its type is the value type
 *
 * Creates a mutable live data that holds @value, androidx's
 * `MutableLiveData(value)`: an observer gets @value when it becomes active.
 * It can be called from any thread.
 *
 * Returns: (transfer full): a new mutable live data
 */
RillMutableLiveData *
rill_mutable_live_data_new_with_value (const GValue *value)
{
  RillMutableLiveData *self;

  g_return_val_if_fail (G_IS_VALUE (value), NULL);

  self = g_object_new (RILL_TYPE_MUTABLE_LIVE_DATA, "value-type", G_VALUE_TYPE (value), NULL);
  rill_live_data_init_with_value (RILL_LIVE_DATA (self), value);
  return self;
}

/**
 * rill_mutable_live_data_set_value:
 * @self: a mutable live data
 * @value: the new value
 *
 * Sets the value and delivers it to every active observer before returning,
 * androidx's `setValue`. Every call is a new version, even with an equal
 * value. Main thread only: elsewhere it is refused with a critical and the
 * value does not change (use [method@MutableLiveData.post_value]).
 */
void
rill_mutable_live_data_set_value (RillMutableLiveData *self,
                                  const GValue        *value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));
  g_return_if_fail (G_IS_VALUE (value));

  rill_live_data_set_value_internal ((RillLiveData *) self, value, "rill_mutable_live_data_set_value");
}

/**
 * rill_mutable_live_data_post_value:
 * @self: a mutable live data
 * @value: the new value
 *
 * Posts a value to be set on the main thread, androidx's `postValue`. It may
 * be called from any thread. If several values are posted before the main
 * loop sets them, only the last one is set: the others are never delivered.
 */
void
rill_mutable_live_data_post_value (RillMutableLiveData *self,
                                   const GValue        *value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));
  g_return_if_fail (G_IS_VALUE (value));

  rill_live_data_post_value_internal ((RillLiveData *) self, value, "rill_mutable_live_data_post_value");
}

/* ------------------------------------------------------------------------ */
/* Typed setters: a GValue on the stack, filled without going through
 * g_value_init() for the numbers, so that they cost no more than the GValue
 * calls. */

static gboolean
check_fundamental (RillMutableLiveData *self,
                   GType                fundamental,
                   const char          *func)
{
  GType type = rill_live_data_get_value_type (RILL_LIVE_DATA (self));

  if (G_LIKELY (type != G_TYPE_INVALID && G_TYPE_FUNDAMENTAL (type) == fundamental))
    return TRUE;

  g_critical ("%s: %s %p holds values of type '%s', not '%s'",
              func, G_OBJECT_TYPE_NAME (self), self, g_type_name (type), g_type_name (fundamental));
  return FALSE;
}

/**
 * rill_mutable_live_data_set_boolean:
 * @self: a mutable live data of %G_TYPE_BOOLEAN
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for a boolean.
 */
void
rill_mutable_live_data_set_boolean (RillMutableLiveData *self,
                                    gboolean             value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int = value != FALSE;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_BOOLEAN, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_boolean:
 * @self: a mutable live data of %G_TYPE_BOOLEAN
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for a boolean.
 */
void
rill_mutable_live_data_post_boolean (RillMutableLiveData *self,
                                     gboolean             value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int = value != FALSE;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_BOOLEAN, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_int:
 * @self: a mutable live data of %G_TYPE_INT
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for an integer.
 */
void
rill_mutable_live_data_set_int (RillMutableLiveData *self,
                                int                  value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_INT, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_int:
 * @self: a mutable live data of %G_TYPE_INT
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for an integer.
 */
void
rill_mutable_live_data_post_int (RillMutableLiveData *self,
                                 int                  value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_INT, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_uint:
 * @self: a mutable live data of %G_TYPE_UINT
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for an unsigned integer.
 */
void
rill_mutable_live_data_set_uint (RillMutableLiveData *self,
                                 guint                value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_uint = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_UINT, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_uint:
 * @self: a mutable live data of %G_TYPE_UINT
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for an unsigned integer.
 */
void
rill_mutable_live_data_post_uint (RillMutableLiveData *self,
                                  guint                value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_uint = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_UINT, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_int64:
 * @self: a mutable live data of %G_TYPE_INT64
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for a 64-bit integer.
 */
void
rill_mutable_live_data_set_int64 (RillMutableLiveData *self,
                                  gint64               value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int64 = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_INT64, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_int64:
 * @self: a mutable live data of %G_TYPE_INT64
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for a 64-bit integer.
 */
void
rill_mutable_live_data_post_int64 (RillMutableLiveData *self,
                                   gint64               value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_int64 = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_INT64, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_uint64:
 * @self: a mutable live data of %G_TYPE_UINT64
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for an unsigned 64-bit integer.
 */
void
rill_mutable_live_data_set_uint64 (RillMutableLiveData *self,
                                   guint64              value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_uint64 = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_UINT64, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_uint64:
 * @self: a mutable live data of %G_TYPE_UINT64
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for an unsigned 64-bit integer.
 */
void
rill_mutable_live_data_post_uint64 (RillMutableLiveData *self,
                                    guint64              value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_uint64 = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_UINT64, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_double:
 * @self: a mutable live data of %G_TYPE_DOUBLE
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for a double.
 */
void
rill_mutable_live_data_set_double (RillMutableLiveData *self,
                                   double               value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_double = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_DOUBLE, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_double:
 * @self: a mutable live data of %G_TYPE_DOUBLE
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for a double.
 */
void
rill_mutable_live_data_post_double (RillMutableLiveData *self,
                                    double               value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_double = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_DOUBLE, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_enum:
 * @self: a mutable live data of an enumeration type
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for an enumeration.
 */
void
rill_mutable_live_data_set_enum (RillMutableLiveData *self,
                                 int                  value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_long = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_ENUM, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_enum:
 * @self: a mutable live data of an enumeration type
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for an enumeration.
 */
void
rill_mutable_live_data_post_enum (RillMutableLiveData *self,
                                  int                  value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_long = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_ENUM, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_flags:
 * @self: a mutable live data of a flags type
 * @value: the new value
 *
 * [method@MutableLiveData.set_value] for flags.
 */
void
rill_mutable_live_data_set_flags (RillMutableLiveData *self,
                                  guint                value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_ulong = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_FLAGS, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_flags:
 * @self: a mutable live data of a flags type
 * @value: the new value
 *
 * [method@MutableLiveData.post_value] for flags.
 */
void
rill_mutable_live_data_post_flags (RillMutableLiveData *self,
                                   guint                value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  v.data[0].v_ulong = value;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_FLAGS, &v, TRUE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_set_string:
 * @self: a mutable live data of %G_TYPE_STRING
 * @value: (nullable): the new value, copied
 *
 * [method@MutableLiveData.set_value] for a string.
 */
void
rill_mutable_live_data_set_string (RillMutableLiveData *self,
                                   const char          *value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  /* A static string: the live data copies it, and there is nothing to unset. */
  v.data[0].v_pointer = (gpointer) value;
  v.data[1].v_uint = G_VALUE_NOCOPY_CONTENTS;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_STRING, &v, FALSE, G_STRFUNC);
}

/**
 * rill_mutable_live_data_post_string:
 * @self: a mutable live data of %G_TYPE_STRING
 * @value: (nullable): the new value, copied
 *
 * [method@MutableLiveData.post_value] for a string.
 */
void
rill_mutable_live_data_post_string (RillMutableLiveData *self,
                                    const char          *value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  /* A static string: the live data copies it, and there is nothing to unset. */
  v.data[0].v_pointer = (gpointer) value;
  v.data[1].v_uint = G_VALUE_NOCOPY_CONTENTS;
  rill_live_data_set_plain_internal ((RillLiveData *) self, G_TYPE_STRING, &v, TRUE, G_STRFUNC);
}

static gboolean
check_object (RillMutableLiveData *self,
              gpointer             value,
              const char          *func)
{
  GType type = rill_live_data_get_value_type (RILL_LIVE_DATA (self));

  if (type == G_TYPE_INVALID || !(G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type)))
    {
      g_critical ("%s: %s %p holds values of type '%s', not objects",
                  func, G_OBJECT_TYPE_NAME (self), self, g_type_name (type));
      return FALSE;
    }
  if (value != NULL && !G_TYPE_CHECK_INSTANCE_TYPE (value, type))
    {
      g_critical ("%s: %s %p holds values of type '%s'; a %s is not one",
                  func, G_OBJECT_TYPE_NAME (self), self, g_type_name (type),
                  G_IS_OBJECT (value) ? G_OBJECT_TYPE_NAME (value) : "non-object");
      return FALSE;
    }
  return TRUE;
}

/**
 * rill_mutable_live_data_set_object:
 * @self: a mutable live data of an object or interface type
 * @value: (type GObject) (nullable): the new value, an instance of the value
 *   type; the live data takes a reference
 *
 * [method@MutableLiveData.set_value] for an object.
 */
void
rill_mutable_live_data_set_object (RillMutableLiveData *self,
                                   gpointer             value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));
  g_return_if_fail (value == NULL || G_IS_OBJECT (value));

  if (check_object (self, value, G_STRFUNC))
    {
      /* Borrowed: copying into the live data takes the reference. */
      GValue v = G_VALUE_INIT;

      v.g_type = rill_live_data_get_value_type (RILL_LIVE_DATA (self));
      v.data[0].v_pointer = value;
      rill_live_data_set_value_internal (RILL_LIVE_DATA (self), &v, G_STRFUNC);
    }
}

/**
 * rill_mutable_live_data_post_object:
 * @self: a mutable live data of an object or interface type
 * @value: (type GObject) (nullable): the new value, an instance of the value
 *   type; the live data takes a reference
 *
 * [method@MutableLiveData.post_value] for an object.
 */
void
rill_mutable_live_data_post_object (RillMutableLiveData *self,
                                    gpointer             value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));
  g_return_if_fail (value == NULL || G_IS_OBJECT (value));

  if (check_object (self, value, G_STRFUNC))
    {
      GValue v = G_VALUE_INIT;

      v.g_type = rill_live_data_get_value_type (RILL_LIVE_DATA (self));
      v.data[0].v_pointer = value;
      rill_live_data_post_value_internal (RILL_LIVE_DATA (self), &v, G_STRFUNC);
    }
}

/**
 * rill_mutable_live_data_set_boxed:
 * @self: a mutable live data of a boxed type
 * @value: (nullable): the new value, of the value type; it is copied
 *
 * [method@MutableLiveData.set_value] for a boxed value.
 */
void
rill_mutable_live_data_set_boxed (RillMutableLiveData *self,
                                  gconstpointer        value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  if (check_fundamental (self, G_TYPE_BOXED, G_STRFUNC))
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, rill_live_data_get_value_type (RILL_LIVE_DATA (self)));
      g_value_set_static_boxed (&v, value);
      rill_live_data_set_value_internal (RILL_LIVE_DATA (self), &v, G_STRFUNC);
      g_value_unset (&v);
    }
}

/**
 * rill_mutable_live_data_post_boxed:
 * @self: a mutable live data of a boxed type
 * @value: (nullable): the new value, of the value type; it is copied
 *
 * [method@MutableLiveData.post_value] for a boxed value.
 */
void
rill_mutable_live_data_post_boxed (RillMutableLiveData *self,
                                   gconstpointer        value)
{
  g_return_if_fail (RILL_IS_MUTABLE_LIVE_DATA (self));

  if (check_fundamental (self, G_TYPE_BOXED, G_STRFUNC))
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, rill_live_data_get_value_type (RILL_LIVE_DATA (self)));
      g_value_set_static_boxed (&v, value);
      rill_live_data_post_value_internal (RILL_LIVE_DATA (self), &v, G_STRFUNC);
      g_value_unset (&v);
    }
}
