/* rill-work-constraint-tracker.c: the network, the power supply and the
 * free storage, as work constraints see them
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tracker is WorkManager's set of constraint trackers in one object.
 * The sources tell it about changes on the main context the tracker was
 * made on (UPower's signals, the storage timer) or on the network
 * monitor's own; the derived state lives under a mutex so the scheduler
 * can ask from any thread, and every change is announced by notify and
 * `changed` on the tracker's context.
 */

#include "config.h"

#include "rill-i18n-private.h"
#include "rill-work-constraint-tracker-private.h"

#define UPOWER_NAME          "org.freedesktop.UPower"
#define UPOWER_PATH          "/org/freedesktop/UPower"
#define UPOWER_IFACE         "org.freedesktop.UPower"
#define DISPLAY_DEVICE_PATH  "/org/freedesktop/UPower/devices/DisplayDevice"
#define DEVICE_IFACE         "org.freedesktop.UPower.Device"
#define PROPERTIES_IFACE     "org.freedesktop.DBus.Properties"

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_BATTERY_KNOWN,
  PROP_BATTERY_LOW,
  PROP_CHARGING,
  PROP_STORAGE_LOW,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The derived conditions, indexed by property. */
typedef struct
{
  gboolean value[N_PROPS];
} State;

struct _RillWorkConstraintTracker
{
  GObject       parent_instance;

  GMainContext *context;
  GThread      *thread;     /* the one that made the tracker */
  GCancellable *cancellable;

  GMutex        lock;
  State         state;      /* under lock */
  guint         pending;    /* properties changed and not announced yet, under lock */

  GNetworkMonitor *monitor;
  gulong        monitor_handlers[4];

  /* UPower; touched on the tracker's context only. */
  GDBusConnection *bus;
  guint         upower_watch;
  guint         root_subscription;
  guint         device_subscription;
  guint         upower_serial;     /* bumped when UPower comes or goes: older replies are stale */
  gboolean      upower_present;
  gboolean      root_read;
  gboolean      device_read;
  gboolean      on_battery_known;
  gboolean      on_battery;
  gboolean      is_present;
  guint32       device_type;
  guint32       device_state;
  double        percentage;
  guint32       warning_level;
  gboolean      told_no_battery;

  /* Storage; the timer runs on the tracker's context. */
  GFile        *storage_dir;
  GSource      *storage_timer;
  gint          storage_checking;  /* atomic: a check is on its way */
  gboolean      storage_failed;    /* the last check failed: said once, not every minute */
};

G_DEFINE_FINAL_TYPE (RillWorkConstraintTracker, rill_work_constraint_tracker, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* The decisions */

/* Connected is GNetworkMonitor's network-available with a connectivity
 * that lets traffic through. LOCAL means no route beyond the local
 * network. PORTAL means a captive portal was detected: requests are
 * intercepted until the user logs in, so work would only fail and back
 * off; Android likewise waits for a validated network. LIMITED is a failed
 * connectivity check, which is often wrong (a firewalled check server, an
 * intranet, a VPN) and may reach the very server the work talks to:
 * waiting there could mean waiting forever, so it counts as connected. */
gboolean
rill_work_network_is_connected (gboolean             available,
                                GNetworkConnectivity connectivity)
{
  return available &&
         connectivity != G_NETWORK_CONNECTIVITY_LOCAL &&
         connectivity != G_NETWORK_CONNECTIVITY_PORTAL;
}

/* Plugged in, as Android's "charging" constraint means it: on mains
 * power, whether or not the battery is filling (fully charged, or held
 * below a charge threshold, or draining slower than the charger feeds
 * it). A battery charging while UPower says the system is on battery
 * cannot be, except in a report caught half-way: trust the charging. */
gboolean
rill_work_power_is_plugged (gboolean on_battery,
                            guint32  state)
{
  return !on_battery || state == RILL_UPOWER_STATE_CHARGING;
}

/* Android's BATTERY_LOW / BATTERY_OKAY, with its hysteresis: entering the
 * low state takes an unplugged battery at or below 15 %, leaving it takes
 * the plug or 20 %. UPower's critical and action warning levels (its own
 * policy, which may be based on the time left) count as low too; its
 * "low" level does not, as it would replace the 15/20 % rule by UPower's
 * configuration. A state UPower does not know yet does not start a low
 * phase: the percentage that comes with it may be a placeholder. */
gboolean
rill_work_battery_next_low (gboolean was_low,
                            gboolean plugged,
                            guint32  state,
                            double   percentage,
                            guint32  warning_level)
{
  if (plugged)
    return FALSE;
  if (warning_level == RILL_UPOWER_WARNING_CRITICAL ||
      warning_level == RILL_UPOWER_WARNING_ACTION)
    return TRUE;
  if (was_low)
    return percentage < RILL_WORK_BATTERY_OKAY_PERCENT;
  if (state == RILL_UPOWER_STATE_UNKNOWN)
    return FALSE;
  return percentage <= RILL_WORK_BATTERY_LOW_PERCENT;
}

/* Android's "device storage low": free space under a share of the volume,
 * capped by an absolute amount. A filesystem of unknown size is not low. */
gboolean
rill_work_storage_is_low (guint64 free_bytes,
                          guint64 total_bytes)
{
  guint64 threshold;

  if (total_bytes == 0)
    return FALSE;
  threshold = MIN (total_bytes / RILL_WORK_STORAGE_LOW_DIVISOR, RILL_WORK_STORAGE_LOW_FLOOR);
  return free_bytes < threshold;
}

/* ------------------------------------------------------------------------ */
/* The state and its announcements */

static gpointer
weak_new (gpointer object)
{
  GWeakRef *ref = g_new (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

/* Runs on the tracker's context: notifies every property changed since
 * the last time, then says `changed` once for all of them. */
static gboolean
announce (gpointer data)
{
  g_autoptr(RillWorkConstraintTracker) self = g_weak_ref_get (data);
  guint pending;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  pending = self->pending;
  self->pending = 0;
  g_mutex_unlock (&self->lock);
  if (pending == 0)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    if (pending & (1u << prop))
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Stores the properties in @which from @next. When that changes any,
 * they are announced on the tracker's context: at once from the thread
 * that made the tracker or one running its context, so a change made
 * there is told before the call returns; otherwise from an idle there,
 * where the changes made meanwhile are told together. (Not
 * g_main_context_invoke (): it would run the handlers in any thread that
 * happens to acquire an idle default context.) */
static void
update (RillWorkConstraintTracker *self,
        guint                      which,
        const State               *next)
{
  guint changed = 0;

  g_mutex_lock (&self->lock);
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    if ((which & (1u << prop)) && self->state.value[prop] != next->value[prop])
      {
        self->state.value[prop] = next->value[prop];
        changed |= 1u << prop;
      }
  self->pending |= changed;
  g_mutex_unlock (&self->lock);

  if (changed == 0)
    return;

  if (g_thread_self () == self->thread || g_main_context_is_owner (self->context))
    {
      gpointer ref = weak_new (self);

      announce (ref);
      weak_free (ref);
    }
  else
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (idle, announce, weak_new (self), weak_free);
      g_source_set_static_name (idle, "[rill] work constraints changed");
      g_source_attach (idle, self->context);
      g_source_unref (idle);
    }
}

static gboolean
get_condition (RillWorkConstraintTracker *self,
               guint                      prop)
{
  gboolean value;

  g_mutex_lock (&self->lock);
  value = self->state.value[prop];
  g_mutex_unlock (&self->lock);
  return value;
}

/* ------------------------------------------------------------------------ */
/* Network */

static void
read_network (RillWorkConstraintTracker *self,
              State                     *state)
{
  gboolean available = g_network_monitor_get_network_available (self->monitor);
  GNetworkConnectivity connectivity = g_network_monitor_get_connectivity (self->monitor);

  state->value[PROP_NETWORK_AVAILABLE] = rill_work_network_is_connected (available, connectivity);
  state->value[PROP_NETWORK_METERED] = g_network_monitor_get_network_metered (self->monitor);
}

/* Every signal of the monitor reads all three properties again: a
 * monitor may change several before it notifies the first, and reading
 * twice what did not change announces nothing. May run in any thread. */
static void
on_network_changed (RillWorkConstraintTracker *self)
{
  State next;

  read_network (self, &next);
  update (self, (1u << PROP_NETWORK_AVAILABLE) | (1u << PROP_NETWORK_METERED), &next);
}

static void
on_network_notify (GObject    *monitor,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  on_network_changed (user_data);
}

static void
on_network_changed_signal (GNetworkMonitor *monitor,
                           gboolean         available,
                           gpointer         user_data)
{
  on_network_changed (user_data);
}

/* ------------------------------------------------------------------------ */
/* Storage */

/* Reads the answer of a filesystem query into @low; a query that failed,
 * or a filesystem that does not say, leaves the constraint met. */
static gboolean
storage_info_is_low (RillWorkConstraintTracker *self,
                     GFileInfo                 *info,
                     const GError              *error)
{
  if (info != NULL &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE))
    {
      self->storage_failed = FALSE;
      return rill_work_storage_is_low (
        g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE),
        g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE));
    }

  if (!self->storage_failed)
    {
      g_autofree char *name = g_file_get_parse_name (self->storage_dir);

      g_debug ("The free space of %s is not known (%s): the storage constraint counts as met",
               name, error != NULL ? error->message : "not reported");
    }
  self->storage_failed = TRUE;
  return FALSE;
}

static void
storage_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RillWorkConstraintTracker *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  State next;

  info = g_file_query_filesystem_info_finish (G_FILE (source), result, &error);
  /* Cancelled by dispose: the tracker may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  g_atomic_int_set (&self->storage_checking, FALSE);
  next.value[PROP_STORAGE_LOW] = storage_info_is_low (self, info, error);
  update (self, 1u << PROP_STORAGE_LOW, &next);
}

/* Runs on the tracker's context. */
static gboolean
start_storage_check (gpointer user_data)
{
  RillWorkConstraintTracker *self = user_data;

  /* One query at a time: a slow filesystem does not pile them up. */
  if (g_atomic_int_compare_and_exchange (&self->storage_checking, FALSE, TRUE))
    g_file_query_filesystem_info_async (self->storage_dir,
                                        G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                        G_FILE_ATTRIBUTE_FILESYSTEM_SIZE,
                                        G_PRIORITY_LOW, self->cancellable,
                                        storage_checked, self);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_storage_check_once (gpointer data)
{
  g_autoptr(RillWorkConstraintTracker) self = g_weak_ref_get (data);

  if (self != NULL)
    start_storage_check (self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Power, through UPower */

/* Derives the battery conditions from what UPower said last. */
static void
recompute_power (RillWorkConstraintTracker *self)
{
  const guint which = (1u << PROP_BATTERY_KNOWN) | (1u << PROP_BATTERY_LOW) | (1u << PROP_CHARGING);
  State next;

  next.value[PROP_BATTERY_KNOWN] = TRUE;
  if (self->upower_present && !(self->root_read && self->device_read))
    return;   /* the first answers are on their way */

  if (!self->upower_present)
    {
      /* Said by on_upower_vanished (): a machine on mains power. */
      next.value[PROP_BATTERY_LOW] = FALSE;
      next.value[PROP_CHARGING] = TRUE;
    }
  else if (!self->is_present ||
           (self->device_type != RILL_UPOWER_TYPE_BATTERY && self->device_type != RILL_UPOWER_TYPE_UPS))
    {
      /* A desktop machine: on mains power, nothing to wait for. */
      if (!self->told_no_battery)
        g_debug ("UPower reports no battery: the battery constraints count as met");
      self->told_no_battery = TRUE;
      next.value[PROP_BATTERY_LOW] = FALSE;
      next.value[PROP_CHARGING] = TRUE;
    }
  else
    {
      gboolean on_battery, plugged;

      self->told_no_battery = FALSE;
      if (self->on_battery_known)
        on_battery = self->on_battery;
      else
        on_battery = self->device_state == RILL_UPOWER_STATE_DISCHARGING ||
                     self->device_state == RILL_UPOWER_STATE_EMPTY ||
                     self->device_state == RILL_UPOWER_STATE_PENDING_DISCHARGE;
      plugged = rill_work_power_is_plugged (on_battery, self->device_state);
      next.value[PROP_CHARGING] = plugged;
      next.value[PROP_BATTERY_LOW] =
        rill_work_battery_next_low (get_condition (self, PROP_BATTERY_LOW), plugged,
                                    self->device_state, self->percentage, self->warning_level);
    }
  update (self, which, &next);
}

/* Copies the properties UPower sent, ignoring any of an unexpected type. */
static void
apply_properties (RillWorkConstraintTracker *self,
                  gboolean                   root,
                  GVariant                  *dict)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr(GVariant) owned = value;

      if (root)
        {
          if (g_str_equal (name, "OnBattery") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
            {
              self->on_battery = g_variant_get_boolean (value);
              self->on_battery_known = TRUE;
            }
        }
      else if (g_str_equal (name, "IsPresent") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        self->is_present = g_variant_get_boolean (value);
      else if (g_str_equal (name, "Type") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        self->device_type = g_variant_get_uint32 (value);
      else if (g_str_equal (name, "State") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        self->device_state = g_variant_get_uint32 (value);
      else if (g_str_equal (name, "Percentage") && g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        self->percentage = g_variant_get_double (value);
      else if (g_str_equal (name, "WarningLevel") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        self->warning_level = g_variant_get_uint32 (value);
    }
}

typedef struct
{
  RillWorkConstraintTracker *self;
  guint                      serial;
  gboolean                   root;
} PowerCall;

static void
got_all_properties (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree PowerCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  RillWorkConstraintTracker *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* Cancelled by dispose: the tracker may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = call->self;
  if (call->serial != self->upower_serial)
    return;   /* from a UPower that left since */

  if (reply != NULL)
    {
      g_autoptr(GVariant) dict = g_variant_get_child_value (reply, 0);

      apply_properties (self, call->root, dict);
    }
  else if (call->root)
    {
      g_debug ("UPower's OnBattery is not known (%s): the battery state tells instead",
               error->message);
      self->on_battery_known = FALSE;
    }
  else
    {
      g_debug ("UPower's display device is not known (%s): the battery constraints count as met",
               error->message);
      self->is_present = FALSE;
    }

  if (call->root)
    self->root_read = TRUE;
  else
    self->device_read = TRUE;
  recompute_power (self);
}

static void
get_all_properties (RillWorkConstraintTracker *self,
                    gboolean                   root)
{
  PowerCall *call = g_new0 (PowerCall, 1);

  call->self = self;
  call->serial = self->upower_serial;
  call->root = root;
  g_dbus_connection_call (self->bus, UPOWER_NAME,
                          root ? UPOWER_PATH : DISPLAY_DEVICE_PATH,
                          PROPERTIES_IFACE, "GetAll",
                          g_variant_new ("(s)", root ? UPOWER_IFACE : DEVICE_IFACE),
                          G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, got_all_properties, call);
}

static void
on_properties_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  g_autoptr(RillWorkConstraintTracker) self = g_weak_ref_get (user_data);
  g_autoptr(GVariant) changed = NULL;
  g_autofree const char **invalidated = NULL;
  gboolean root;

  if (self == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;

  root = g_str_equal (path, UPOWER_PATH);
  g_variant_get (parameters, "(&s@a{sv}^a&s)", NULL, &changed, &invalidated);
  apply_properties (self, root, changed);
  /* UPower sends values, but a property that is only invalidated has to
   * be asked for. */
  if (invalidated != NULL && invalidated[0] != NULL && self->upower_present)
    get_all_properties (self, root);
  recompute_power (self);
}

static void
on_upower_appeared (GDBusConnection *connection,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  g_autoptr(RillWorkConstraintTracker) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return;

  self->upower_serial++;
  self->upower_present = TRUE;
  self->root_read = self->device_read = FALSE;
  self->on_battery_known = FALSE;
  get_all_properties (self, TRUE);
  get_all_properties (self, FALSE);
}

static void
on_upower_vanished (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  g_autoptr(RillWorkConstraintTracker) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return;

  g_debug ("UPower is not on the system bus: the battery constraints count as met");
  self->upower_serial++;
  self->upower_present = FALSE;
  self->told_no_battery = FALSE;
  recompute_power (self);
}

/* Runs on the tracker's context, which makes it the one of every D-Bus
 * callback below. */
static void
start_power (RillWorkConstraintTracker *self,
             GDBusConnection           *bus)
{
  self->bus = g_object_ref (bus);
  self->root_subscription =
    g_dbus_connection_signal_subscribe (bus, UPOWER_NAME, PROPERTIES_IFACE, "PropertiesChanged",
                                        UPOWER_PATH, UPOWER_IFACE, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_properties_changed, weak_new (self), weak_free);
  self->device_subscription =
    g_dbus_connection_signal_subscribe (bus, UPOWER_NAME, PROPERTIES_IFACE, "PropertiesChanged",
                                        DISPLAY_DEVICE_PATH, DEVICE_IFACE, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_properties_changed, weak_new (self), weak_free);
  /* UPower is started on demand on most systems. */
  self->upower_watch =
    g_bus_watch_name_on_connection (bus, UPOWER_NAME, G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                    on_upower_appeared, on_upower_vanished,
                                    weak_new (self), weak_free);
}

static void
got_system_bus (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  RillWorkConstraintTracker *self;

  bus = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (bus == NULL)
    {
      State next;

      g_debug ("No system bus (%s): the battery constraints count as met", error->message);
      next.value[PROP_BATTERY_KNOWN] = TRUE;
      next.value[PROP_BATTERY_LOW] = FALSE;
      next.value[PROP_CHARGING] = TRUE;
      update (self, (1u << PROP_BATTERY_KNOWN) | (1u << PROP_BATTERY_LOW) | (1u << PROP_CHARGING),
              &next);
      return;
    }
  start_power (self, bus);
}

/* ------------------------------------------------------------------------ */
/* The object */

static void
rill_work_constraint_tracker_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  RillWorkConstraintTracker *self = RILL_WORK_CONSTRAINT_TRACKER (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_set_boolean (value, get_condition (self, prop_id));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
rill_work_constraint_tracker_dispose (GObject *object)
{
  RillWorkConstraintTracker *self = RILL_WORK_CONSTRAINT_TRACKER (object);

  g_cancellable_cancel (self->cancellable);

  if (self->monitor != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (self->monitor_handlers); i++)
      g_clear_signal_handler (&self->monitor_handlers[i], self->monitor);
  g_clear_object (&self->monitor);

  if (self->bus != NULL)
    {
      if (self->root_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->root_subscription);
      if (self->device_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->device_subscription);
      self->root_subscription = self->device_subscription = 0;
    }
  g_clear_handle_id (&self->upower_watch, g_bus_unwatch_name);
  g_clear_object (&self->bus);

  if (self->storage_timer != NULL)
    {
      g_source_destroy (self->storage_timer);
      g_clear_pointer (&self->storage_timer, g_source_unref);
    }

  G_OBJECT_CLASS (rill_work_constraint_tracker_parent_class)->dispose (object);
}

static void
rill_work_constraint_tracker_finalize (GObject *object)
{
  RillWorkConstraintTracker *self = RILL_WORK_CONSTRAINT_TRACKER (object);

  g_clear_object (&self->storage_dir);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->thread, g_thread_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_work_constraint_tracker_parent_class)->finalize (object);
}

static void
rill_work_constraint_tracker_class_init (RillWorkConstraintTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rill_work_constraint_tracker_get_property;
  object_class->dispose = rill_work_constraint_tracker_dispose;
  object_class->finalize = rill_work_constraint_tracker_finalize;

  /* A network that counts as connected: see rill_work_network_is_connected (). */
  properties[PROP_NETWORK_AVAILABLE] =
    g_param_spec_boolean ("network-available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The monitor's network-metered, meaningful while connected. */
  properties[PROP_NETWORK_METERED] =
    g_param_spec_boolean ("network-metered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE until UPower answered, or was found absent: until then the
   * battery constraints are not met, so work that must not run on battery
   * does not start in the moment before the answer. */
  properties[PROP_BATTERY_KNOWN] =
    g_param_spec_boolean ("battery-known", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATTERY_LOW] =
    g_param_spec_boolean ("battery-low", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Plugged in: see rill_work_power_is_plugged (). */
  properties[PROP_CHARGING] =
    g_param_spec_boolean ("charging", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORAGE_LOW] =
    g_param_spec_boolean ("storage-low", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After the notifications of the properties that changed, once. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rill_work_constraint_tracker_init (RillWorkConstraintTracker *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_ref (g_thread_self ());
}

/* The tracker announces its changes on the main context that is
 * thread-default now, and must be disposed of there. @monitor defaults to
 * g_network_monitor_get_default (); without @system_bus the system bus is
 * looked up asynchronously. */
RillWorkConstraintTracker *
rill_work_constraint_tracker_new (GNetworkMonitor *monitor,
                                  GDBusConnection *system_bus,
                                  GFile           *storage_dir)
{
  RillWorkConstraintTracker *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);
  g_return_val_if_fail (system_bus == NULL || G_IS_DBUS_CONNECTION (system_bus), NULL);
  g_return_val_if_fail (G_IS_FILE (storage_dir), NULL);

  self = g_object_new (RILL_TYPE_WORK_CONSTRAINT_TRACKER, NULL);

  /* The first values are read here, at once, and are not announced. */
  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());
  read_network (self, &self->state);
  self->monitor_handlers[0] = g_signal_connect (self->monitor, "notify::network-available",
                                                G_CALLBACK (on_network_notify), self);
  self->monitor_handlers[1] = g_signal_connect (self->monitor, "notify::network-metered",
                                                G_CALLBACK (on_network_notify), self);
  self->monitor_handlers[2] = g_signal_connect (self->monitor, "notify::connectivity",
                                                G_CALLBACK (on_network_notify), self);
  self->monitor_handlers[3] = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (on_network_changed_signal), self);

  /* Cheap on a local filesystem, and the scheduler needs the answer from
   * the start; the later checks are asynchronous. */
  self->storage_dir = g_object_ref (storage_dir);
  info = g_file_query_filesystem_info (storage_dir,
                                       G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_SIZE,
                                       NULL, &error);
  self->state.value[PROP_STORAGE_LOW] = storage_info_is_low (self, info, error);
  self->storage_timer = g_timeout_source_new_seconds (RILL_WORK_STORAGE_CHECK_SECONDS);
  g_source_set_callback (self->storage_timer, start_storage_check, self, NULL);
  g_source_set_static_name (self->storage_timer, "[rill] work storage check");
  g_source_attach (self->storage_timer, self->context);

  if (system_bus != NULL)
    start_power (self, system_bus);
  else
    g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, got_system_bus, self);

  return self;
}

void
rill_work_constraint_tracker_check_storage (RillWorkConstraintTracker *self)
{
  g_return_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self));

  if (g_thread_self () == self->thread || g_main_context_is_owner (self->context))
    start_storage_check (self);
  else
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, start_storage_check_once, weak_new (self), weak_free);
      g_source_set_static_name (idle, "[rill] work storage check");
      g_source_attach (idle, self->context);
      g_source_unref (idle);
    }
}

/* Whether the conditions @constraints require hold now. When they do not,
 * @unmet gets the first one that does not, for the user, in the order
 * network, power, battery, storage. Callable from any thread. */
gboolean
rill_work_constraint_tracker_are_met (RillWorkConstraintTracker  *self,
                                      const RillWorkConstraints  *constraints,
                                      char                      **unmet)
{
  const char *reason = NULL;
  State state;

  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  g_return_val_if_fail (constraints != NULL, FALSE);
  g_return_val_if_fail (unmet == NULL || *unmet == NULL, FALSE);

  g_mutex_lock (&self->lock);
  state = self->state;
  g_mutex_unlock (&self->lock);

  switch (rill_work_constraints_get_required_network_type (constraints))
    {
    case RILL_NETWORK_TYPE_NOT_REQUIRED:
      break;
    case RILL_NETWORK_TYPE_CONNECTED:
      if (!state.value[PROP_NETWORK_AVAILABLE])
        reason = _("No network connection");
      break;
    case RILL_NETWORK_TYPE_UNMETERED:
      if (!state.value[PROP_NETWORK_AVAILABLE])
        reason = _("No network connection");
      else if (state.value[PROP_NETWORK_METERED])
        reason = _("No unmetered network");
      break;
    case RILL_NETWORK_TYPE_METERED:
      if (!state.value[PROP_NETWORK_AVAILABLE])
        reason = _("No network connection");
      else if (!state.value[PROP_NETWORK_METERED])
        reason = _("No metered network");
      break;
    default:
      g_assert_not_reached ();
    }

  if (reason == NULL &&
      (rill_work_constraints_get_requires_charging (constraints) ||
       rill_work_constraints_get_requires_battery_not_low (constraints)) &&
      !state.value[PROP_BATTERY_KNOWN])
    reason = _("The state of the battery is not known yet");
  if (reason == NULL && rill_work_constraints_get_requires_charging (constraints) &&
      !state.value[PROP_CHARGING])
    reason = _("The computer is not plugged in");
  if (reason == NULL && rill_work_constraints_get_requires_battery_not_low (constraints) &&
      state.value[PROP_BATTERY_LOW])
    reason = _("The battery is low");
  if (reason == NULL && rill_work_constraints_get_requires_storage_not_low (constraints) &&
      state.value[PROP_STORAGE_LOW])
    reason = _("Free storage space is low");

  if (unmet != NULL)
    *unmet = g_strdup (reason);
  return reason == NULL;
}

gboolean
rill_work_constraint_tracker_get_network_available (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_NETWORK_AVAILABLE);
}

gboolean
rill_work_constraint_tracker_get_network_metered (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_NETWORK_METERED);
}

gboolean
rill_work_constraint_tracker_get_battery_known (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_BATTERY_KNOWN);
}

gboolean
rill_work_constraint_tracker_get_battery_low (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_BATTERY_LOW);
}

gboolean
rill_work_constraint_tracker_get_charging (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_CHARGING);
}

gboolean
rill_work_constraint_tracker_get_storage_low (RillWorkConstraintTracker *self)
{
  g_return_val_if_fail (RILL_IS_WORK_CONSTRAINT_TRACKER (self), FALSE);
  return get_condition (self, PROP_STORAGE_LOW);
}
