/* rill-work-constraints.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "rill-i18n-private.h"
#include "rill-work-constraints.h"

/* The nicks are what the store writes: they must never change. */
G_DEFINE_ENUM_TYPE (RillNetworkType, rill_network_type,
  G_DEFINE_ENUM_VALUE (RILL_NETWORK_TYPE_NOT_REQUIRED, "not-required"),
  G_DEFINE_ENUM_VALUE (RILL_NETWORK_TYPE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (RILL_NETWORK_TYPE_UNMETERED, "unmetered"),
  G_DEFINE_ENUM_VALUE (RILL_NETWORK_TYPE_METERED, "metered"))

struct _RillWorkConstraints
{
  int             ref_count;
  /* Set by the first ref: from then on the value may be read from any
   * thread, so nothing may change it. */
  int             frozen;
  RillNetworkType network_type;
  gboolean        requires_battery_not_low;
  gboolean        requires_charging;
  gboolean        requires_storage_not_low;
};

G_DEFINE_BOXED_TYPE (RillWorkConstraints, rill_work_constraints,
                     rill_work_constraints_ref, rill_work_constraints_unref)

/* The keys of the serialized form; like the nicks, they are stored. */
#define KEY_NETWORK_TYPE     "required-network-type"
#define KEY_BATTERY_NOT_LOW  "requires-battery-not-low"
#define KEY_CHARGING         "requires-charging"
#define KEY_STORAGE_NOT_LOW  "requires-storage-not-low"

static gboolean
is_mutable (const RillWorkConstraints *self)
{
  return !g_atomic_int_get (&self->frozen);
}

/**
 * rill_work_constraints_new:
 *
 * Makes constraints that require nothing, for the setters to fill in
 * before the value is shared.
 *
 * Returns: (transfer full): new constraints
 */
RillWorkConstraints *
rill_work_constraints_new (void)
{
  RillWorkConstraints *self = g_new0 (RillWorkConstraints, 1);

  self->ref_count = 1;
  self->network_type = RILL_NETWORK_TYPE_NOT_REQUIRED;
  return self;
}

/**
 * rill_work_constraints_copy:
 * @self: constraints
 *
 * Makes new constraints equal to @self that are not shared yet, so the
 * setters can change them: the way to derive constraints from frozen ones.
 *
 * Returns: (transfer full): new constraints
 */
RillWorkConstraints *
rill_work_constraints_copy (const RillWorkConstraints *self)
{
  RillWorkConstraints *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = rill_work_constraints_new ();
  copy->network_type = self->network_type;
  copy->requires_battery_not_low = self->requires_battery_not_low;
  copy->requires_charging = self->requires_charging;
  copy->requires_storage_not_low = self->requires_storage_not_low;
  return copy;
}

/**
 * rill_work_constraints_ref:
 * @self: constraints
 *
 * Takes a reference on @self. Sharing makes the value immutable: the
 * setters refuse to change it from now on.
 *
 * Returns: (transfer full): @self
 */
RillWorkConstraints *
rill_work_constraints_ref (RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_set (&self->frozen, TRUE);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_work_constraints_unref:
 * @self: (transfer full): constraints
 *
 * Drops a reference on @self, and frees it with the last one.
 */
void
rill_work_constraints_unref (RillWorkConstraints *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_int_dec_and_test (&self->ref_count))
    g_free (self);
}

/**
 * rill_work_constraints_set_required_network_type:
 * @self: constraints not shared yet
 * @network_type: the network the work needs
 *
 * Sets the network the work needs, WorkManager's
 * `Constraints.Builder.setRequiredNetworkType`.
 */
void
rill_work_constraints_set_required_network_type (RillWorkConstraints *self,
                                                 RillNetworkType      network_type)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_mutable (self));
  g_return_if_fail (network_type >= RILL_NETWORK_TYPE_NOT_REQUIRED &&
                    network_type <= RILL_NETWORK_TYPE_METERED);

  self->network_type = network_type;
}

/**
 * rill_work_constraints_get_required_network_type:
 * @self: constraints
 *
 * The network the work needs.
 *
 * Returns: the network type, %RILL_NETWORK_TYPE_NOT_REQUIRED by default
 */
RillNetworkType
rill_work_constraints_get_required_network_type (const RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, RILL_NETWORK_TYPE_NOT_REQUIRED);

  return self->network_type;
}

/**
 * rill_work_constraints_set_requires_battery_not_low:
 * @self: constraints not shared yet
 * @requires: whether the work needs a battery that is not low
 *
 * Sets whether the work waits while the battery is low, WorkManager's
 * `setRequiresBatteryNotLow`. A computer without a battery never has a low
 * battery.
 */
void
rill_work_constraints_set_requires_battery_not_low (RillWorkConstraints *self,
                                                    gboolean             requires)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_mutable (self));

  self->requires_battery_not_low = !!requires;
}

/**
 * rill_work_constraints_get_requires_battery_not_low:
 * @self: constraints
 *
 * Whether the work waits while the battery is low.
 *
 * Returns: %TRUE when it does, %FALSE by default
 */
gboolean
rill_work_constraints_get_requires_battery_not_low (const RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->requires_battery_not_low;
}

/**
 * rill_work_constraints_set_requires_charging:
 * @self: constraints not shared yet
 * @requires: whether the work needs the computer plugged in
 *
 * Sets whether the work waits until the computer runs on mains power,
 * WorkManager's `setRequiresCharging`. A computer without a battery is
 * always on mains power.
 */
void
rill_work_constraints_set_requires_charging (RillWorkConstraints *self,
                                             gboolean             requires)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_mutable (self));

  self->requires_charging = !!requires;
}

/**
 * rill_work_constraints_get_requires_charging:
 * @self: constraints
 *
 * Whether the work waits until the computer runs on mains power.
 *
 * Returns: %TRUE when it does, %FALSE by default
 */
gboolean
rill_work_constraints_get_requires_charging (const RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->requires_charging;
}

/**
 * rill_work_constraints_set_requires_storage_not_low:
 * @self: constraints not shared yet
 * @requires: whether the work needs free storage
 *
 * Sets whether the work waits while free storage is low, WorkManager's
 * `setRequiresStorageNotLow`. The storage is the filesystem that holds
 * the work database.
 */
void
rill_work_constraints_set_requires_storage_not_low (RillWorkConstraints *self,
                                                    gboolean             requires)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_mutable (self));

  self->requires_storage_not_low = !!requires;
}

/**
 * rill_work_constraints_get_requires_storage_not_low:
 * @self: constraints
 *
 * Whether the work waits while free storage is low.
 *
 * Returns: %TRUE when it does, %FALSE by default
 */
gboolean
rill_work_constraints_get_requires_storage_not_low (const RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->requires_storage_not_low;
}

/**
 * rill_work_constraints_equal:
 * @a: constraints
 * @b: other constraints
 *
 * Whether @a and @b require the same conditions.
 *
 * Returns: %TRUE when they are equal
 */
gboolean
rill_work_constraints_equal (const RillWorkConstraints *a,
                             const RillWorkConstraints *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->network_type == b->network_type &&
         a->requires_battery_not_low == b->requires_battery_not_low &&
         a->requires_charging == b->requires_charging &&
         a->requires_storage_not_low == b->requires_storage_not_low;
}

/**
 * rill_work_constraints_is_empty:
 * @self: constraints
 *
 * Whether @self requires nothing, WorkManager's `Constraints.NONE`: work
 * with such constraints runs as soon as it is due.
 *
 * Returns: %TRUE when nothing is required
 */
gboolean
rill_work_constraints_is_empty (const RillWorkConstraints *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->network_type == RILL_NETWORK_TYPE_NOT_REQUIRED &&
         !self->requires_battery_not_low &&
         !self->requires_charging &&
         !self->requires_storage_not_low;
}

/**
 * rill_work_constraints_to_variant:
 * @self: constraints
 *
 * Serializes @self as a dictionary of type `a{sv}`, the form the work
 * store keeps: `required-network-type` (a string: `not-required`,
 * `connected`, `unmetered` or `metered`), `requires-battery-not-low`,
 * `requires-charging` and `requires-storage-not-low` (booleans). Every key
 * is written, in that order, so equal constraints give equal bytes.
 * [ctor@Rill.WorkConstraints.new_from_variant] reads it back.
 *
 * Returns: (transfer full): a new dictionary, not floating
 */
GVariant *
rill_work_constraints_to_variant (const RillWorkConstraints *self)
{
  GVariantBuilder builder;
  g_autoptr(GEnumClass) enum_class = NULL;
  GEnumValue *value;

  g_return_val_if_fail (self != NULL, NULL);

  enum_class = g_type_class_ref (RILL_TYPE_NETWORK_TYPE);
  value = g_enum_get_value (enum_class, self->network_type);
  g_assert (value != NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", KEY_NETWORK_TYPE,
                         g_variant_new_string (value->value_nick));
  g_variant_builder_add (&builder, "{sv}", KEY_BATTERY_NOT_LOW,
                         g_variant_new_boolean (self->requires_battery_not_low));
  g_variant_builder_add (&builder, "{sv}", KEY_CHARGING,
                         g_variant_new_boolean (self->requires_charging));
  g_variant_builder_add (&builder, "{sv}", KEY_STORAGE_NOT_LOW,
                         g_variant_new_boolean (self->requires_storage_not_low));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
check_type (const char          *key,
            GVariant            *value,
            const GVariantType  *type,
            GError             **error)
{
  if (g_variant_is_of_type (value, type))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Invalid work constraints: “%s” must be of type “%s”, not “%s”"),
               key, g_variant_type_peek_string (type), g_variant_get_type_string (value));
  return FALSE;
}

/**
 * rill_work_constraints_new_from_variant:
 * @variant: a dictionary written by [method@Rill.WorkConstraints.to_variant]
 * @error: where to put the reason @variant is refused
 *
 * Reads constraints back from their serialized form. A missing key keeps
 * its default (nothing required), so that values written before a key
 * existed still load; anything else that is not what
 * [method@Rill.WorkConstraints.to_variant] writes (another type, an
 * unknown or repeated key, a value of the wrong type, an unknown network
 * type) is refused with %G_IO_ERROR_INVALID_DATA.
 *
 * Returns: (transfer full) (nullable): new constraints, not shared yet, or
 *   %NULL with @error set
 */
RillWorkConstraints *
rill_work_constraints_new_from_variant (GVariant  *variant,
                                        GError   **error)
{
  g_autoptr(RillWorkConstraints) self = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Invalid work constraints: expected a dictionary of type “a{sv}”, not “%s”"),
                   g_variant_get_type_string (variant));
      return NULL;
    }

  self = rill_work_constraints_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_variant_iter_init (&iter, variant);
  /* Each value is owned by one iteration; the keys point into @variant. */
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      gboolean ok = TRUE;

      if (!g_hash_table_add (seen, (gpointer) key))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Invalid work constraints: the key “%s” appears twice"), key);
          return NULL;
        }

      if (g_str_equal (key, KEY_NETWORK_TYPE))
        {
          g_autoptr(GEnumClass) enum_class = NULL;
          GEnumValue *network;
          const char *nick;

          if (!check_type (key, value, G_VARIANT_TYPE_STRING, error))
            return NULL;
          nick = g_variant_get_string (value, NULL);
          enum_class = g_type_class_ref (RILL_TYPE_NETWORK_TYPE);
          network = g_enum_get_value_by_nick (enum_class, nick);
          if (network == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Invalid work constraints: unknown network type “%s”"), nick);
              return NULL;
            }
          self->network_type = network->value;
        }
      else if (g_str_equal (key, KEY_BATTERY_NOT_LOW))
        {
          ok = check_type (key, value, G_VARIANT_TYPE_BOOLEAN, error);
          if (ok)
            self->requires_battery_not_low = g_variant_get_boolean (value);
        }
      else if (g_str_equal (key, KEY_CHARGING))
        {
          ok = check_type (key, value, G_VARIANT_TYPE_BOOLEAN, error);
          if (ok)
            self->requires_charging = g_variant_get_boolean (value);
        }
      else if (g_str_equal (key, KEY_STORAGE_NOT_LOW))
        {
          ok = check_type (key, value, G_VARIANT_TYPE_BOOLEAN, error);
          if (ok)
            self->requires_storage_not_low = g_variant_get_boolean (value);
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Invalid work constraints: unknown key “%s”"), key);
          ok = FALSE;
        }

      if (!ok)
        return NULL;
    }

  return g_steal_pointer (&self);
}
