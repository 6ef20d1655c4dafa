/* test-work-constraints.c: work constraints and the tracker of their
 * conditions
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tracker is private: the test builds it in (see meson.build) and
 * feeds it a network monitor of its own and a fake UPower on a private
 * message bus, so every condition changes exactly when the test says.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <rill.h>

#include "rill-work-constraint-tracker-private.h"
#include "test-main-loop.h"
#include "test-network-monitor.h"

static GTestDBus *test_bus;

/* ------------------------------------------------------------------------ */
/* The constraints value type */

static void
test_defaults (void)
{
  g_autoptr(RillWorkConstraints) c = rill_work_constraints_new ();

  g_assert_cmpint (rill_work_constraints_get_required_network_type (c), ==,
                   RILL_NETWORK_TYPE_NOT_REQUIRED);
  g_assert_false (rill_work_constraints_get_requires_battery_not_low (c));
  g_assert_false (rill_work_constraints_get_requires_charging (c));
  g_assert_false (rill_work_constraints_get_requires_storage_not_low (c));
  g_assert_true (rill_work_constraints_is_empty (c));
}

static void
test_setters (void)
{
  g_autoptr(RillWorkConstraints) c = rill_work_constraints_new ();

  rill_work_constraints_set_required_network_type (c, RILL_NETWORK_TYPE_UNMETERED);
  g_assert_cmpint (rill_work_constraints_get_required_network_type (c), ==,
                   RILL_NETWORK_TYPE_UNMETERED);
  g_assert_false (rill_work_constraints_is_empty (c));
  rill_work_constraints_set_required_network_type (c, RILL_NETWORK_TYPE_NOT_REQUIRED);
  g_assert_true (rill_work_constraints_is_empty (c));

  rill_work_constraints_set_requires_battery_not_low (c, TRUE);
  g_assert_true (rill_work_constraints_get_requires_battery_not_low (c));
  g_assert_false (rill_work_constraints_get_requires_charging (c));
  g_assert_false (rill_work_constraints_is_empty (c));
  rill_work_constraints_set_requires_battery_not_low (c, FALSE);

  /* Any non-zero value is TRUE, and reads back as TRUE. */
  rill_work_constraints_set_requires_charging (c, 7);
  g_assert_cmpint (rill_work_constraints_get_requires_charging (c), ==, TRUE);
  g_assert_false (rill_work_constraints_is_empty (c));
  rill_work_constraints_set_requires_charging (c, FALSE);

  rill_work_constraints_set_requires_storage_not_low (c, TRUE);
  g_assert_true (rill_work_constraints_get_requires_storage_not_low (c));
  g_assert_false (rill_work_constraints_is_empty (c));
  rill_work_constraints_set_requires_storage_not_low (c, FALSE);
  g_assert_true (rill_work_constraints_is_empty (c));
}

static RillWorkConstraints *
make (RillNetworkType network,
      gboolean        battery,
      gboolean        charging,
      gboolean        storage)
{
  RillWorkConstraints *c = rill_work_constraints_new ();

  rill_work_constraints_set_required_network_type (c, network);
  rill_work_constraints_set_requires_battery_not_low (c, battery);
  rill_work_constraints_set_requires_charging (c, charging);
  rill_work_constraints_set_requires_storage_not_low (c, storage);
  return c;
}

static void
test_equal (void)
{
  g_autoptr(RillWorkConstraints) a = make (RILL_NETWORK_TYPE_CONNECTED, TRUE, FALSE, TRUE);
  g_autoptr(RillWorkConstraints) b = make (RILL_NETWORK_TYPE_CONNECTED, TRUE, FALSE, TRUE);
  g_autoptr(RillWorkConstraints) network = make (RILL_NETWORK_TYPE_METERED, TRUE, FALSE, TRUE);
  g_autoptr(RillWorkConstraints) battery = make (RILL_NETWORK_TYPE_CONNECTED, FALSE, FALSE, TRUE);
  g_autoptr(RillWorkConstraints) charging = make (RILL_NETWORK_TYPE_CONNECTED, TRUE, TRUE, TRUE);
  g_autoptr(RillWorkConstraints) storage = make (RILL_NETWORK_TYPE_CONNECTED, TRUE, FALSE, FALSE);
  g_autoptr(RillWorkConstraints) copy = rill_work_constraints_copy (a);

  g_assert_true (rill_work_constraints_equal (a, a));
  g_assert_true (rill_work_constraints_equal (a, b));
  g_assert_true (rill_work_constraints_equal (b, a));
  g_assert_true (rill_work_constraints_equal (a, copy));
  g_assert_false (rill_work_constraints_equal (a, network));
  g_assert_false (rill_work_constraints_equal (a, battery));
  g_assert_false (rill_work_constraints_equal (a, charging));
  g_assert_false (rill_work_constraints_equal (a, storage));
}

/* Sharing freezes; a copy is a new value that can be changed again. */
static void
test_shared (void)
{
  g_autoptr(RillWorkConstraints) c = make (RILL_NETWORK_TYPE_CONNECTED, FALSE, FALSE, FALSE);
  g_autoptr(RillWorkConstraints) shared = NULL;
  g_autoptr(RillWorkConstraints) copy = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, RILL_TYPE_WORK_CONSTRAINTS);
  g_value_set_boxed (&value, c);
  g_assert_true (g_value_get_boxed (&value) == c);   /* a reference, not a copy */

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_set_requires_charging*is_mutable*");
  rill_work_constraints_set_requires_charging (c, TRUE);
  g_test_assert_expected_messages ();
  g_assert_false (rill_work_constraints_get_requires_charging (c));

  shared = rill_work_constraints_ref (c);
  g_assert_true (shared == c);
  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_set_required_network_type*is_mutable*");
  rill_work_constraints_set_required_network_type (c, RILL_NETWORK_TYPE_METERED);
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_work_constraints_get_required_network_type (c), ==,
                   RILL_NETWORK_TYPE_CONNECTED);

  copy = rill_work_constraints_copy (c);
  g_assert_true (copy != c);
  rill_work_constraints_set_requires_charging (copy, TRUE);
  g_assert_true (rill_work_constraints_get_requires_charging (copy));
  g_assert_false (rill_work_constraints_get_requires_charging (c));
}

static void
test_network_type_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RILL_TYPE_NETWORK_TYPE);
  const char *nicks[] = { "not-required", "connected", "unmetered", "metered" };

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (nicks));
  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    g_assert_cmpstr (g_enum_get_value (klass, i)->value_nick, ==, nicks[i]);
  g_assert_cmpstr (g_enum_get_value (klass, RILL_NETWORK_TYPE_UNMETERED)->value_name, ==,
                   "RILL_NETWORK_TYPE_UNMETERED");
}

static void
test_variant_format (void)
{
  g_autoptr(RillWorkConstraints) c = make (RILL_NETWORK_TYPE_UNMETERED, TRUE, FALSE, TRUE);
  g_autoptr(GVariant) v = rill_work_constraints_to_variant (c);
  g_autofree char *text = NULL;

  g_assert_false (g_variant_is_floating (v));
  g_assert_cmpstr (g_variant_get_type_string (v), ==, "a{sv}");
  text = g_variant_print (v, FALSE);
  g_assert_cmpstr (text, ==,
                   "{'required-network-type': <'unmetered'>, "
                   "'requires-battery-not-low': <true>, "
                   "'requires-charging': <false>, "
                   "'requires-storage-not-low': <true>}");
}

/* Every combination survives the trip, through bytes as the store keeps them. */
static void
test_variant_round_trip (void)
{
  for (RillNetworkType network = RILL_NETWORK_TYPE_NOT_REQUIRED;
       network <= RILL_NETWORK_TYPE_METERED; network++)
    for (guint bits = 0; bits < 8; bits++)
      {
        g_autoptr(RillWorkConstraints) c = make (network, bits & 1, (bits >> 1) & 1, (bits >> 2) & 1);
        g_autoptr(GVariant) v = rill_work_constraints_to_variant (c);
        g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (v);
        g_autoptr(GVariant) stored = g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE);
        g_autoptr(GError) error = NULL;
        g_autoptr(RillWorkConstraints) back = NULL;
        g_autoptr(GVariant) again = NULL;

        g_variant_ref_sink (stored);
        back = rill_work_constraints_new_from_variant (stored, &error);
        g_assert_no_error (error);
        g_assert_nonnull (back);
        g_assert_true (rill_work_constraints_equal (c, back));
        g_assert_cmpint (rill_work_constraints_get_required_network_type (back), ==, network);
        g_assert_cmpint (rill_work_constraints_get_requires_battery_not_low (back), ==, bits & 1);
        g_assert_cmpint (rill_work_constraints_get_requires_charging (back), ==, (bits >> 1) & 1);
        g_assert_cmpint (rill_work_constraints_get_requires_storage_not_low (back), ==, (bits >> 2) & 1);
        again = rill_work_constraints_to_variant (back);
        g_assert_true (g_variant_equal (v, again));

        /* What comes back is not shared yet. */
        rill_work_constraints_set_requires_charging (back, TRUE);
      }
}

static RillWorkConstraints *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GVariant) v = g_variant_parse (NULL, text, NULL, NULL, NULL);   /* not floating */

  g_assert_nonnull (v);
  return rill_work_constraints_new_from_variant (v, error);
}

static void
test_variant_missing_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkConstraints) empty = parse ("@a{sv} {}", &error);
  g_autoptr(RillWorkConstraints) some = NULL;

  g_assert_no_error (error);
  g_assert_true (rill_work_constraints_is_empty (empty));

  some = parse ("{'requires-charging': <true>}", &error);
  g_assert_no_error (error);
  g_assert_true (rill_work_constraints_get_requires_charging (some));
  g_assert_cmpint (rill_work_constraints_get_required_network_type (some), ==,
                   RILL_NETWORK_TYPE_NOT_REQUIRED);
  g_assert_false (rill_work_constraints_get_requires_battery_not_low (some));
  g_assert_false (rill_work_constraints_get_requires_storage_not_low (some));
}

static void
test_variant_bad (void)
{
  const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "<'connected'>",
      "Invalid work constraints: expected a dictionary of type “a{sv}”, not “v”" },
    { "{'requires-charging': true}",
      "Invalid work constraints: expected a dictionary of type “a{sv}”, not “a{sb}”" },
    { "('connected', true)",
      "Invalid work constraints: expected a dictionary of type “a{sv}”, not “(sb)”" },
    { "{'required-network-type': <'roaming'>}",
      "Invalid work constraints: unknown network type “roaming”" },
    { "{'required-network-type': <'NOT-REQUIRED'>}",
      "Invalid work constraints: unknown network type “NOT-REQUIRED”" },
    { "{'required-network-type': <uint32 1>}",
      "Invalid work constraints: “required-network-type” must be of type “s”, not “u”" },
    { "{'requires-charging': <'yes'>}",
      "Invalid work constraints: “requires-charging” must be of type “b”, not “s”" },
    { "{'requires-battery-not-low': <1>}",
      "Invalid work constraints: “requires-battery-not-low” must be of type “b”, not “i”" },
    { "{'requires-storage-not-low': <<true>>}",
      "Invalid work constraints: “requires-storage-not-low” must be of type “b”, not “v”" },
    { "{'requires-device-idle': <true>}",
      "Invalid work constraints: unknown key “requires-device-idle”" },
    { "[{'requires-charging', <true>}, {'requires-charging', <false>}]",
      "Invalid work constraints: the key “requires-charging” appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillWorkConstraints) c = parse (cases[i].text, &error);

      g_assert_null (c);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_preconditions (void)
{
  g_autoptr(RillWorkConstraints) c = rill_work_constraints_new ();
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_get_requires_charging*self != NULL*");
  g_assert_false (rill_work_constraints_get_requires_charging (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_set_required_network_type*network_type*");
  rill_work_constraints_set_required_network_type (c, (RillNetworkType) 42);
  g_test_assert_expected_messages ();
  g_assert_cmpint (rill_work_constraints_get_required_network_type (c), ==,
                   RILL_NETWORK_TYPE_NOT_REQUIRED);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_equal*b != NULL*");
  g_assert_false (rill_work_constraints_equal (c, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_to_variant*self != NULL*");
  g_assert_null (rill_work_constraints_to_variant (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_new_from_variant*variant != NULL*");
  g_assert_null (rill_work_constraints_new_from_variant (NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL,
                         "*rill_work_constraints_unref*self != NULL*");
  rill_work_constraints_unref (NULL);
  g_test_assert_expected_messages ();
}

/* ------------------------------------------------------------------------ */
/* The decisions, with exact numbers */

static void
test_decide_network (void)
{
  g_assert_true (rill_work_network_is_connected (TRUE, G_NETWORK_CONNECTIVITY_FULL));
  g_assert_true (rill_work_network_is_connected (TRUE, G_NETWORK_CONNECTIVITY_LIMITED));
  g_assert_false (rill_work_network_is_connected (TRUE, G_NETWORK_CONNECTIVITY_PORTAL));
  g_assert_false (rill_work_network_is_connected (TRUE, G_NETWORK_CONNECTIVITY_LOCAL));
  g_assert_false (rill_work_network_is_connected (FALSE, G_NETWORK_CONNECTIVITY_FULL));
  g_assert_false (rill_work_network_is_connected (FALSE, G_NETWORK_CONNECTIVITY_LOCAL));
}

static void
test_decide_power (void)
{
  g_assert_true (rill_work_power_is_plugged (FALSE, RILL_UPOWER_STATE_CHARGING));
  g_assert_true (rill_work_power_is_plugged (FALSE, RILL_UPOWER_STATE_FULLY_CHARGED));
  g_assert_true (rill_work_power_is_plugged (FALSE, RILL_UPOWER_STATE_PENDING_CHARGE));
  g_assert_true (rill_work_power_is_plugged (FALSE, RILL_UPOWER_STATE_DISCHARGING));
  g_assert_true (rill_work_power_is_plugged (TRUE, RILL_UPOWER_STATE_CHARGING));
  g_assert_false (rill_work_power_is_plugged (TRUE, RILL_UPOWER_STATE_DISCHARGING));
  g_assert_false (rill_work_power_is_plugged (TRUE, RILL_UPOWER_STATE_FULLY_CHARGED));
  g_assert_false (rill_work_power_is_plugged (TRUE, RILL_UPOWER_STATE_UNKNOWN));
}

static void
test_decide_battery (void)
{
  const guint32 dis = RILL_UPOWER_STATE_DISCHARGING;
  const guint32 none = RILL_UPOWER_WARNING_NONE;

  /* Entering: at or below 15 %, unplugged. */
  g_assert_false (rill_work_battery_next_low (FALSE, FALSE, dis, 15.1, none));
  g_assert_true (rill_work_battery_next_low (FALSE, FALSE, dis, 15.0, none));
  g_assert_true (rill_work_battery_next_low (FALSE, FALSE, dis, 3.0, none));
  g_assert_false (rill_work_battery_next_low (FALSE, TRUE, RILL_UPOWER_STATE_CHARGING, 3.0, none));
  g_assert_false (rill_work_battery_next_low (FALSE, FALSE, RILL_UPOWER_STATE_UNKNOWN, 0.0, none));
  /* Leaving: at 20 %, or plugged. */
  g_assert_true (rill_work_battery_next_low (TRUE, FALSE, dis, 15.1, none));
  g_assert_true (rill_work_battery_next_low (TRUE, FALSE, dis, 19.9, none));
  g_assert_false (rill_work_battery_next_low (TRUE, FALSE, dis, 20.0, none));
  g_assert_false (rill_work_battery_next_low (TRUE, TRUE, dis, 5.0, none));
  g_assert_true (rill_work_battery_next_low (TRUE, FALSE, RILL_UPOWER_STATE_UNKNOWN, 5.0, none));
  /* UPower's own critical and action levels, not its low level. */
  g_assert_true (rill_work_battery_next_low (FALSE, FALSE, dis, 40.0, RILL_UPOWER_WARNING_CRITICAL));
  g_assert_true (rill_work_battery_next_low (TRUE, FALSE, dis, 40.0, RILL_UPOWER_WARNING_ACTION));
  g_assert_false (rill_work_battery_next_low (FALSE, FALSE, dis, 18.0, RILL_UPOWER_WARNING_LOW));
  g_assert_false (rill_work_battery_next_low (FALSE, TRUE, dis, 1.0, RILL_UPOWER_WARNING_ACTION));
}

static void
test_decide_storage (void)
{
  const guint64 GiB = G_GUINT64_CONSTANT (1) << 30;
  const guint64 MiB = G_GUINT64_CONSTANT (1) << 20;

  /* A large disk: the floor of 1 GiB decides. */
  g_assert_true (rill_work_storage_is_low (GiB - 1, 100 * GiB));
  g_assert_false (rill_work_storage_is_low (GiB, 100 * GiB));
  g_assert_false (rill_work_storage_is_low (5 * GiB, 2000 * GiB));
  /* A small one: a tenth of it decides (512 MiB of 5 GiB). */
  g_assert_true (rill_work_storage_is_low (512 * MiB - 1, 5 * GiB));
  g_assert_false (rill_work_storage_is_low (512 * MiB, 5 * GiB));
  g_assert_true (rill_work_storage_is_low (0, 5 * GiB));
  /* Exactly 10 GiB: both are 1 GiB. */
  g_assert_true (rill_work_storage_is_low (GiB - 1, 10 * GiB));
  g_assert_false (rill_work_storage_is_low (GiB, 10 * GiB));
  /* A filesystem of unknown size is not low. */
  g_assert_false (rill_work_storage_is_low (0, 0));
}

/* ------------------------------------------------------------------------ */
/* A fake UPower on the test's message bus */

static const char upower_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.UPower'>"
  "    <property name='OnBattery' type='b' access='read'/>"
  "  </interface>"
  "</node>";

static const char device_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.UPower.Device'>"
  "    <property name='Type' type='u' access='read'/>"
  "    <property name='IsPresent' type='b' access='read'/>"
  "    <property name='State' type='u' access='read'/>"
  "    <property name='Percentage' type='d' access='read'/>"
  "    <property name='WarningLevel' type='u' access='read'/>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  GDBusNodeInfo   *upower_info;
  GDBusNodeInfo   *device_info;
  guint            registrations[2];
  guint            owner_id;
  gboolean         owned;
  GHashTable      *root;     /* name → GVariant */
  GHashTable      *device;
} FakeUPower;

static GVariant *
fake_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *path,
                   const char       *interface,
                   const char       *name,
                   GError          **error,
                   gpointer          user_data)
{
  FakeUPower *fake = user_data;
  GHashTable *table = g_str_equal (path, "/org/freedesktop/UPower") ? fake->root : fake->device;
  GVariant *value = g_hash_table_lookup (table, name);

  if (value == NULL)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No %s", name);
      return NULL;
    }
  return g_variant_ref (value);
}

static const GDBusInterfaceVTable fake_vtable = { NULL, fake_get_property, NULL, { 0 } };

static void
fake_name_acquired (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  ((FakeUPower *) user_data)->owned = TRUE;
}

static void
set_in (GHashTable *table,
        const char *name,
        GVariant   *value)
{
  g_hash_table_insert (table, g_strdup (name), g_variant_ref_sink (value));
}

/* A laptop on battery at @percentage, on a connection of its own. */
static FakeUPower *
fake_upower_new (double percentage)
{
  FakeUPower *fake = g_new0 (FakeUPower, 1);
  g_autoptr(GError) error = NULL;

  fake->connection = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (test_bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  fake->root = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  fake->device = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  set_in (fake->root, "OnBattery", g_variant_new_boolean (TRUE));
  set_in (fake->device, "Type", g_variant_new_uint32 (RILL_UPOWER_TYPE_BATTERY));
  set_in (fake->device, "IsPresent", g_variant_new_boolean (TRUE));
  set_in (fake->device, "State", g_variant_new_uint32 (RILL_UPOWER_STATE_DISCHARGING));
  set_in (fake->device, "Percentage", g_variant_new_double (percentage));
  set_in (fake->device, "WarningLevel", g_variant_new_uint32 (RILL_UPOWER_WARNING_NONE));

  fake->upower_info = g_dbus_node_info_new_for_xml (upower_xml, &error);
  g_assert_no_error (error);
  fake->device_info = g_dbus_node_info_new_for_xml (device_xml, &error);
  g_assert_no_error (error);
  fake->registrations[0] =
    g_dbus_connection_register_object (fake->connection, "/org/freedesktop/UPower",
                                       fake->upower_info->interfaces[0], &fake_vtable,
                                       fake, NULL, &error);
  g_assert_no_error (error);
  fake->registrations[1] =
    g_dbus_connection_register_object (fake->connection, "/org/freedesktop/UPower/devices/DisplayDevice",
                                       fake->device_info->interfaces[0], &fake_vtable,
                                       fake, NULL, &error);
  g_assert_no_error (error);
  return fake;
}

static gboolean
fake_is_owned (gpointer data)
{
  return ((FakeUPower *) data)->owned;
}

static void
fake_upower_own (FakeUPower *fake)
{
  fake->owner_id = g_bus_own_name_on_connection (fake->connection, "org.freedesktop.UPower",
                                                 G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 fake_name_acquired, NULL, fake, NULL);
  g_assert_true (iterate_until (fake_is_owned, fake, 5000));
}

static void
fake_upower_disown (FakeUPower *fake)
{
  g_clear_handle_id (&fake->owner_id, g_bus_unown_name);
  fake->owned = FALSE;
}

/* Changes properties of one object (name, value, …, NULL) and says so in
 * one PropertiesChanged, as UPower does. */
G_GNUC_NULL_TERMINATED static void
fake_upower_change (FakeUPower *fake,
                    gboolean    root,
                    ...)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder changed;
  const char *name;
  va_list args;

  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  va_start (args, root);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      GVariant *value = g_variant_ref_sink (va_arg (args, GVariant *));

      g_variant_builder_add (&changed, "{sv}", name, value);
      g_hash_table_insert (root ? fake->root : fake->device, g_strdup (name), value);
    }
  va_end (args);

  g_dbus_connection_emit_signal (fake->connection, NULL,
                                 root ? "/org/freedesktop/UPower"
                                      : "/org/freedesktop/UPower/devices/DisplayDevice",
                                 "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)",
                                                root ? "org.freedesktop.UPower"
                                                     : "org.freedesktop.UPower.Device",
                                                &changed, NULL),
                                 &error);
  g_assert_no_error (error);
}

static void
fake_upower_free (FakeUPower *fake)
{
  fake_upower_disown (fake);
  for (guint i = 0; i < G_N_ELEMENTS (fake->registrations); i++)
    g_dbus_connection_unregister_object (fake->connection, fake->registrations[i]);
  g_dbus_connection_close_sync (fake->connection, NULL, NULL);
  g_clear_object (&fake->connection);
  g_clear_pointer (&fake->upower_info, g_dbus_node_info_unref);
  g_clear_pointer (&fake->device_info, g_dbus_node_info_unref);
  g_clear_pointer (&fake->root, g_hash_table_unref);
  g_clear_pointer (&fake->device, g_hash_table_unref);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeUPower, fake_upower_free)

/* ------------------------------------------------------------------------ */
/* A tracker under test */

typedef struct
{
  TestMonitor               *monitor;
  GDBusConnection           *bus;        /* the tracker's */
  char                      *dir_path;
  GFile                     *dir;
  RillWorkConstraintTracker *tracker;
  guint                      changed;
  guint                      notified;   /* notifications of any property */
  GThread                   *changed_thread;
} Fixture;

static void
on_changed (RillWorkConstraintTracker *tracker,
            gpointer                   user_data)
{
  Fixture *fx = user_data;

  fx->changed++;
  fx->changed_thread = g_thread_self ();
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  ((Fixture *) user_data)->notified++;
}

static gboolean
battery_known (gpointer data)
{
  return rill_work_constraint_tracker_get_battery_known (((Fixture *) data)->tracker);
}

/* A tracker whose power state is known, with its counters at zero. */
static void
fixture_start (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  fx->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  fx->bus = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (test_bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  fx->dir_path = g_dir_make_tmp ("rill-work-constraints-XXXXXX", &error);
  g_assert_no_error (error);
  fx->dir = g_file_new_for_path (fx->dir_path);

  fx->tracker = rill_work_constraint_tracker_new (G_NETWORK_MONITOR (fx->monitor), fx->bus, fx->dir);
  g_signal_connect (fx->tracker, "changed", G_CALLBACK (on_changed), fx);
  g_signal_connect (fx->tracker, "notify", G_CALLBACK (on_notify), fx);
  g_assert_true (iterate_until (battery_known, fx, 5000));
  fx->changed = 0;
  fx->notified = 0;
}

static void
fixture_stop (Fixture *fx)
{
  g_clear_object (&fx->tracker);
  /* The bus lets go of the tracker's subscriptions from idles. */
  iterate_pending ();
  g_dbus_connection_close_sync (fx->bus, NULL, NULL);
  g_clear_object (&fx->bus);
  g_clear_object (&fx->monitor);
  g_clear_object (&fx->dir);
  g_assert_cmpint (g_rmdir (fx->dir_path), ==, 0);
  g_clear_pointer (&fx->dir_path, g_free);
  iterate_pending ();
}

/* Once this returns, the tracker has handled everything @fake sent
 * before: the bus keeps one sender's messages in order, so the answer to
 * a ping comes after them, and their handlers are queued by then. */
static void
sync_with (Fixture    *fx,
           FakeUPower *fake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (fx->bus, g_dbus_connection_get_unique_name (fake->connection),
                                       "/", "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  iterate_pending ();
}

/* are_met for constraints of one kind, and the reason when not met. */
static void
assert_met (RillWorkConstraintTracker *tracker,
            RillWorkConstraints       *constraints,
            const char                *expected_reason)
{
  g_autofree char *reason = NULL;
  gboolean met = rill_work_constraint_tracker_are_met (tracker, constraints, &reason);

  g_assert_cmpstr (reason, ==, expected_reason);
  g_assert_cmpint (met, ==, expected_reason == NULL);
  g_assert_cmpint (rill_work_constraint_tracker_are_met (tracker, constraints, NULL), ==, met);
}

static void
assert_network (Fixture    *fx,
                const char *connected,
                const char *unmetered,
                const char *metered)
{
  g_autoptr(RillWorkConstraints) none = rill_work_constraints_new ();
  g_autoptr(RillWorkConstraints) c = make (RILL_NETWORK_TYPE_CONNECTED, FALSE, FALSE, FALSE);
  g_autoptr(RillWorkConstraints) u = make (RILL_NETWORK_TYPE_UNMETERED, FALSE, FALSE, FALSE);
  g_autoptr(RillWorkConstraints) m = make (RILL_NETWORK_TYPE_METERED, FALSE, FALSE, FALSE);

  assert_met (fx->tracker, none, NULL);
  assert_met (fx->tracker, c, connected);
  assert_met (fx->tracker, u, unmetered);
  assert_met (fx->tracker, m, metered);
}

static gboolean
get_bool (gpointer    object,
          const char *name)
{
  gboolean value;

  g_object_get (object, name, &value, NULL);
  return value;
}

/* ------------------------------------------------------------------------ */
/* The tracker: network */

static void
test_tracker_network (void)
{
  Fixture fx = { 0 };
  const char *none = "No network connection";

  fixture_start (&fx);

  /* Connected, not metered. */
  g_assert_true (get_bool (fx.tracker, "network-available"));
  g_assert_false (get_bool (fx.tracker, "network-metered"));
  assert_network (&fx, NULL, NULL, "No metered network");

  /* Metered: one change, one notification. */
  test_monitor_set (fx.monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_cmpuint (fx.changed, ==, 1);
  g_assert_cmpuint (fx.notified, ==, 1);
  g_assert_true (get_bool (fx.tracker, "network-metered"));
  assert_network (&fx, NULL, "No unmetered network", NULL);

  /* The same values again: nothing. */
  test_monitor_set (fx.monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_cmpuint (fx.changed, ==, 1);

  /* Local only: not connected, whatever the metering. */
  test_monitor_set (fx.monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_LOCAL);
  g_assert_cmpuint (fx.changed, ==, 2);
  g_assert_false (get_bool (fx.tracker, "network-available"));
  assert_network (&fx, none, none, none);

  /* Limited counts as connected. */
  test_monitor_set (fx.monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_LIMITED);
  g_assert_cmpuint (fx.changed, ==, 3);
  assert_network (&fx, NULL, "No unmetered network", NULL);

  /* A captive portal does not. */
  test_monitor_set (fx.monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_PORTAL);
  g_assert_cmpuint (fx.changed, ==, 4);
  assert_network (&fx, none, none, none);

  /* Full, and not metered any more: two properties, one `changed`. */
  test_monitor_set (fx.monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_cmpuint (fx.changed, ==, 5);
  g_assert_cmpuint (fx.notified, ==, 6);
  assert_network (&fx, NULL, NULL, "No metered network");

  /* From full to limited: still connected, so no change at all. */
  test_monitor_set (fx.monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_LIMITED);
  g_assert_cmpuint (fx.changed, ==, 5);
  assert_network (&fx, NULL, NULL, "No metered network");

  /* No network. */
  test_monitor_set (fx.monitor, FALSE, FALSE, G_NETWORK_CONNECTIVITY_LIMITED);
  g_assert_cmpuint (fx.changed, ==, 6);
  g_assert_false (rill_work_constraint_tracker_get_network_available (fx.tracker));
  assert_network (&fx, none, none, none);

  test_monitor_set (fx.monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_cmpuint (fx.changed, ==, 7);
  assert_network (&fx, NULL, NULL, "No metered network");

  /* Nothing else was emitted behind the test's back. */
  iterate_pending ();
  g_assert_cmpuint (fx.changed, ==, 7);

  fixture_stop (&fx);
}

static gpointer
go_offline (gpointer data)
{
  test_monitor_set (data, FALSE, FALSE, G_NETWORK_CONNECTIVITY_LOCAL);
  return NULL;
}

static gboolean
changed_once (gpointer data)
{
  return ((Fixture *) data)->changed == 1;
}

/* A monitor that signals in another thread: the change is told on the
 * tracker's context, the main one here. */
static void
test_tracker_network_thread (void)
{
  Fixture fx = { 0 };
  GThread *thread;

  fixture_start (&fx);
  thread = g_thread_new ("monitor", go_offline, fx.monitor);
  g_thread_join (thread);
  /* Known at once, told later. */
  g_assert_false (rill_work_constraint_tracker_get_network_available (fx.tracker));
  g_assert_cmpuint (fx.changed, ==, 0);
  g_assert_true (iterate_until (changed_once, &fx, 5000));
  g_assert_true (fx.changed_thread == g_thread_self ());
  iterate_pending ();
  g_assert_cmpuint (fx.changed, ==, 1);
  fixture_stop (&fx);
}

typedef struct
{
  RillWorkConstraintTracker *tracker;
  RillWorkConstraints       *constraints;
  guint                      met;
} AskData;

static gpointer
ask (gpointer data)
{
  AskData *a = data;

  for (guint i = 0; i < 1000; i++)
    a->met += rill_work_constraint_tracker_are_met (a->tracker, a->constraints, NULL);
  return NULL;
}

static void
test_tracker_any_thread (void)
{
  Fixture fx = { 0 };
  g_autoptr(RillWorkConstraints) c = make (RILL_NETWORK_TYPE_CONNECTED, FALSE, FALSE, FALSE);
  AskData a;
  GThread *thread;

  fixture_start (&fx);
  a = (AskData) { fx.tracker, c, 0 };
  thread = g_thread_new ("ask", ask, &a);
  g_thread_join (thread);
  g_assert_cmpuint (a.met, ==, 1000);
  fixture_stop (&fx);
}

/* ------------------------------------------------------------------------ */
/* The tracker: power */

static void
assert_power (Fixture    *fx,
              const char *charging,
              const char *battery)
{
  g_autoptr(RillWorkConstraints) c = make (RILL_NETWORK_TYPE_NOT_REQUIRED, FALSE, TRUE, FALSE);
  g_autoptr(RillWorkConstraints) b = make (RILL_NETWORK_TYPE_NOT_REQUIRED, TRUE, FALSE, FALSE);

  assert_met (fx->tracker, c, charging);
  assert_met (fx->tracker, b, battery);
  g_assert_cmpint (get_bool (fx->tracker, "charging"), ==, charging == NULL);
  g_assert_cmpint (get_bool (fx->tracker, "battery-low"), ==, battery != NULL);
}

static void
test_tracker_battery_low (void)
{
  g_autoptr(FakeUPower) fake = fake_upower_new (50.0);
  Fixture fx = { 0 };
  const char *unplugged = "The computer is not plugged in";
  const char *low = "The battery is low";

  fake_upower_own (fake);
  fixture_start (&fx);
  assert_power (&fx, unplugged, NULL);

  fake_upower_change (fake, FALSE, "Percentage", g_variant_new_double (16.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 0);
  assert_power (&fx, unplugged, NULL);

  fake_upower_change (fake, FALSE, "Percentage", g_variant_new_double (14.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 1);
  assert_power (&fx, unplugged, low);

  /* The hysteresis: still low until 20 %. */
  fake_upower_change (fake, FALSE, "Percentage", g_variant_new_double (18.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 1);
  assert_power (&fx, unplugged, low);

  fake_upower_change (fake, FALSE, "Percentage", g_variant_new_double (21.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 2);
  assert_power (&fx, unplugged, NULL);

  /* And not low again above 15 %. */
  fake_upower_change (fake, FALSE, "Percentage", g_variant_new_double (18.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 2);
  assert_power (&fx, unplugged, NULL);

  /* UPower's critical level is low, whatever the percentage. */
  fake_upower_change (fake, FALSE, "WarningLevel", g_variant_new_uint32 (RILL_UPOWER_WARNING_CRITICAL), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 3);
  assert_power (&fx, unplugged, low);

  g_assert_cmpuint (fx.notified, ==, 3);
  fixture_stop (&fx);
}

static void
test_tracker_charging (void)
{
  g_autoptr(FakeUPower) fake = fake_upower_new (14.0);
  Fixture fx = { 0 };
  const char *unplugged = "The computer is not plugged in";
  const char *low = "The battery is low";

  fake_upower_own (fake);
  fixture_start (&fx);
  assert_power (&fx, unplugged, low);

  /* Plugged in: charging, and the battery is not low any more; the two
   * objects change one after the other, and that is one change. */
  fake_upower_change (fake, FALSE, "State", g_variant_new_uint32 (RILL_UPOWER_STATE_CHARGING), NULL);
  fake_upower_change (fake, TRUE, "OnBattery", g_variant_new_boolean (FALSE), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 1);
  g_assert_cmpuint (fx.notified, ==, 2);
  assert_power (&fx, NULL, NULL);

  /* Unplugged at 14 %: low again. */
  fake_upower_change (fake, TRUE, "OnBattery", g_variant_new_boolean (TRUE), NULL);
  fake_upower_change (fake, FALSE, "State", g_variant_new_uint32 (RILL_UPOWER_STATE_DISCHARGING), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 2);
  assert_power (&fx, unplugged, low);

  /* Fully charged on power counts; fully charged on battery does not. */
  fake_upower_change (fake, FALSE,
                      "State", g_variant_new_uint32 (RILL_UPOWER_STATE_FULLY_CHARGED),
                      "Percentage", g_variant_new_double (100.0), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 3);
  assert_power (&fx, unplugged, NULL);
  fake_upower_change (fake, TRUE, "OnBattery", g_variant_new_boolean (FALSE), NULL);
  sync_with (&fx, fake);
  g_assert_cmpuint (fx.changed, ==, 4);
  assert_power (&fx, NULL, NULL);

  /* UPower leaves: a machine on mains power, so nothing changes. */
  g_test_expect_message ("Rill", G_LOG_LEVEL_DEBUG, "UPower is not on the system bus*");
  fake_upower_disown (fake);
  sync_with (&fx, fake);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fx.changed, ==, 4);
  assert_power (&fx, NULL, NULL);

  fixture_stop (&fx);
}

static void
test_tracker_upower_leaves (void)
{
  g_autoptr(FakeUPower) fake = fake_upower_new (10.0);
  Fixture fx = { 0 };

  fake_upower_own (fake);
  fixture_start (&fx);
  assert_power (&fx, "The computer is not plugged in", "The battery is low");

  g_test_expect_message ("Rill", G_LOG_LEVEL_DEBUG, "UPower is not on the system bus*");
  fake_upower_disown (fake);
  g_assert_true (iterate_until (changed_once, &fx, 5000));
  g_test_assert_expected_messages ();
  assert_power (&fx, NULL, NULL);

  /* And comes back. */
  fake_upower_own (fake);
  fx.changed = 0;
  g_assert_true (iterate_until (changed_once, &fx, 5000));
  assert_power (&fx, "The computer is not plugged in", "The battery is low");

  fixture_stop (&fx);
}

/* A desktop machine: UPower's display device is no battery. */
static void
test_tracker_no_battery (void)
{
  g_autoptr(FakeUPower) fake = fake_upower_new (0.0);
  Fixture fx = { 0 };

  set_in (fake->device, "Type", g_variant_new_uint32 (0));
  set_in (fake->device, "IsPresent", g_variant_new_boolean (FALSE));
  set_in (fake->device, "State", g_variant_new_uint32 (RILL_UPOWER_STATE_UNKNOWN));
  set_in (fake->root, "OnBattery", g_variant_new_boolean (FALSE));
  fake_upower_own (fake);

  g_test_expect_message ("Rill", G_LOG_LEVEL_DEBUG, "UPower reports no battery*");
  fixture_start (&fx);
  g_test_assert_expected_messages ();
  assert_power (&fx, NULL, NULL);
  fixture_stop (&fx);
}

/* No UPower on the bus at all. */
static void
test_tracker_no_upower (void)
{
  Fixture fx = { 0 };

  g_test_expect_message ("Rill", G_LOG_LEVEL_DEBUG, "UPower is not on the system bus*");
  fixture_start (&fx);
  g_test_assert_expected_messages ();
  assert_power (&fx, NULL, NULL);
  fixture_stop (&fx);
}

/* Before UPower answers, the battery constraints wait. */
static void
test_tracker_power_unknown (void)
{
  g_autoptr(FakeUPower) fake = fake_upower_new (80.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkConstraints) none = rill_work_constraints_new ();
  g_autoptr(RillWorkConstraints) battery = make (RILL_NETWORK_TYPE_NOT_REQUIRED, TRUE, FALSE, FALSE);
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (g_get_tmp_dir ());
  RillWorkConstraintTracker *tracker;

  fake_upower_own (fake);
  bus = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (test_bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  tracker = rill_work_constraint_tracker_new (G_NETWORK_MONITOR (monitor), bus, dir);
  g_assert_false (rill_work_constraint_tracker_get_battery_known (tracker));
  assert_met (tracker, none, NULL);
  assert_met (tracker, battery, "The state of the battery is not known yet");

  /* Dropped while its calls are on their way. */
  g_object_unref (tracker);
  iterate_for (100);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  iterate_pending ();
}

/* ------------------------------------------------------------------------ */
/* The tracker: storage */

static void
test_tracker_storage (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(RillWorkConstraints) storage = make (RILL_NETWORK_TYPE_NOT_REQUIRED, FALSE, FALSE, TRUE);
  gboolean expected;

  fixture_start (&fx);
  info = g_file_query_filesystem_info (fx.dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_SIZE, NULL, &error);
  g_assert_no_error (error);
  expected = rill_work_storage_is_low (
    g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE),
    g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE));
  if (expected)
    g_test_message ("The temporary directory's filesystem is short of space");

  g_assert_cmpint (get_bool (fx.tracker, "storage-low"), ==, expected);
  g_assert_cmpint (rill_work_constraint_tracker_get_storage_low (fx.tracker), ==, expected);
  assert_met (fx.tracker, storage, expected ? "Free storage space is low" : NULL);

  /* Asked again: the same answer, so nothing to tell. */
  rill_work_constraint_tracker_check_storage (fx.tracker);
  iterate_for (200);
  g_assert_cmpuint (fx.changed, ==, 0);
  g_assert_cmpint (get_bool (fx.tracker, "storage-low"), ==, expected);

  fixture_stop (&fx);
}

/* A directory whose filesystem cannot be asked counts as enough space. */
static void
test_tracker_storage_unknown (void)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "rill-no-such-directory", "below", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(RillWorkConstraints) storage = make (RILL_NETWORK_TYPE_NOT_REQUIRED, FALSE, FALSE, TRUE);
  g_autoptr(RillWorkConstraintTracker) tracker = NULL;

  bus = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (test_bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_expect_message ("Rill", G_LOG_LEVEL_DEBUG, "The free space of *rill-no-such-directory* is not known*");
  tracker = rill_work_constraint_tracker_new (G_NETWORK_MONITOR (monitor), bus, dir);
  g_test_assert_expected_messages ();
  g_assert_false (rill_work_constraint_tracker_get_storage_low (tracker));
  assert_met (tracker, storage, NULL);

  g_clear_object (&tracker);
  iterate_pending ();
  g_dbus_connection_close_sync (bus, NULL, NULL);
  iterate_pending ();
}

static void
test_tracker_preconditions (void)
{
  Fixture fx = { 0 };
  g_autoptr(RillWorkConstraints) c = rill_work_constraints_new ();
  g_autofree char *reason = g_strdup ("set");

  fixture_start (&fx);

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_work_constraint_tracker_are_met*constraints != NULL*");
  g_assert_false (rill_work_constraint_tracker_are_met (fx.tracker, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_work_constraint_tracker_are_met*unmet == NULL*");
  g_assert_false (rill_work_constraint_tracker_are_met (fx.tracker, c, &reason));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (reason, ==, "set");

  g_test_expect_message ("Rill", G_LOG_LEVEL_CRITICAL, "*rill_work_constraint_tracker_new*G_IS_FILE*");
  g_assert_null (rill_work_constraint_tracker_new (G_NETWORK_MONITOR (fx.monitor), fx.bus, NULL));
  g_test_assert_expected_messages ();

  fixture_stop (&fx);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/work-constraints/defaults", test_defaults);
  g_test_add_func ("/work-constraints/setters", test_setters);
  g_test_add_func ("/work-constraints/equal", test_equal);
  g_test_add_func ("/work-constraints/shared", test_shared);
  g_test_add_func ("/work-constraints/network-type-enum", test_network_type_enum);
  g_test_add_func ("/work-constraints/variant-format", test_variant_format);
  g_test_add_func ("/work-constraints/variant-round-trip", test_variant_round_trip);
  g_test_add_func ("/work-constraints/variant-missing-keys", test_variant_missing_keys);
  g_test_add_func ("/work-constraints/variant-bad", test_variant_bad);
  g_test_add_func ("/work-constraints/preconditions", test_preconditions);
  g_test_add_func ("/work-constraint-tracker/decide-network", test_decide_network);
  g_test_add_func ("/work-constraint-tracker/decide-power", test_decide_power);
  g_test_add_func ("/work-constraint-tracker/decide-battery", test_decide_battery);
  g_test_add_func ("/work-constraint-tracker/decide-storage", test_decide_storage);
  g_test_add_func ("/work-constraint-tracker/network", test_tracker_network);
  g_test_add_func ("/work-constraint-tracker/network-thread", test_tracker_network_thread);
  g_test_add_func ("/work-constraint-tracker/any-thread", test_tracker_any_thread);
  g_test_add_func ("/work-constraint-tracker/battery-low", test_tracker_battery_low);
  g_test_add_func ("/work-constraint-tracker/charging", test_tracker_charging);
  g_test_add_func ("/work-constraint-tracker/upower-leaves", test_tracker_upower_leaves);
  g_test_add_func ("/work-constraint-tracker/no-battery", test_tracker_no_battery);
  g_test_add_func ("/work-constraint-tracker/no-upower", test_tracker_no_upower);
  g_test_add_func ("/work-constraint-tracker/power-unknown", test_tracker_power_unknown);
  g_test_add_func ("/work-constraint-tracker/storage", test_tracker_storage);
  g_test_add_func ("/work-constraint-tracker/storage-unknown", test_tracker_storage_unknown);
  g_test_add_func ("/work-constraint-tracker/preconditions", test_tracker_preconditions);

  /* One private message bus for the whole program; each test connects
   * to it afresh. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  status = g_test_run ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  return status;
}
