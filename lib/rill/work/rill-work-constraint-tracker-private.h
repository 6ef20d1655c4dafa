/* rill-work-constraint-tracker-private.h: the conditions work constraints
 * need, and when they change
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rill-work-constraints.h"

G_BEGIN_DECLS

/* Android's BatteryService: the battery turns low at or below 15 % while
 * unplugged, and okay again once plugged in or back at 20 %; the gap keeps
 * work from starting and stopping as the level wavers around one value. */
#define RILL_WORK_BATTERY_LOW_PERCENT   15.0
#define RILL_WORK_BATTERY_OKAY_PERCENT  20.0

/* Storage is low when the free space is under a tenth of the filesystem
 * and under 1 GiB: the fraction alone would call a 2 TB disk with 150 GB
 * free full; the floor alone would call a nearly full 8 GB card fine. */
#define RILL_WORK_STORAGE_LOW_DIVISOR   10
#define RILL_WORK_STORAGE_LOW_FLOOR     (G_GUINT64_CONSTANT (1) << 30)
/* How often the free space is read again, in seconds. */
#define RILL_WORK_STORAGE_CHECK_SECONDS 60

/* The values of UPower's Device.State and Device.WarningLevel, and of
 * Device.Type for the two kinds of battery, as its D-Bus API gives them. */
typedef enum {
  RILL_UPOWER_STATE_UNKNOWN,
  RILL_UPOWER_STATE_CHARGING,
  RILL_UPOWER_STATE_DISCHARGING,
  RILL_UPOWER_STATE_EMPTY,
  RILL_UPOWER_STATE_FULLY_CHARGED,
  RILL_UPOWER_STATE_PENDING_CHARGE,
  RILL_UPOWER_STATE_PENDING_DISCHARGE,
} RillUPowerState;

typedef enum {
  RILL_UPOWER_WARNING_UNKNOWN,
  RILL_UPOWER_WARNING_NONE,
  RILL_UPOWER_WARNING_DISCHARGING,
  RILL_UPOWER_WARNING_LOW,
  RILL_UPOWER_WARNING_CRITICAL,
  RILL_UPOWER_WARNING_ACTION,
} RillUPowerWarningLevel;

#define RILL_UPOWER_TYPE_BATTERY 2
#define RILL_UPOWER_TYPE_UPS     3

/* RillWorkConstraintTracker follows the conditions work constraints
 * need: the network (a GNetworkMonitor), the power supply (UPower on the
 * system bus) and the free storage (of the filesystem of a directory,
 * read every RILL_WORK_STORAGE_CHECK_SECONDS).
 *
 * Properties, read-only, notified when their value changes:
 * "network-available" (connected, see rill_work_network_is_connected ()),
 * "network-metered", "battery-known" (UPower answered or was found
 * absent), "battery-low", "charging" (plugged in) and "storage-low".
 * The "changed" signal follows the notifications of one change, once,
 * for the scheduler to look at its waiting work again.
 *
 * Both are emitted on the main context that was thread-default when the
 * tracker was made: at once when the change is seen in the thread that
 * made it (or one running that context), from an idle there otherwise.
 * The tracker must be disposed of in that thread; its getters and
 * rill_work_constraint_tracker_are_met () may be called from any. */
#define RILL_TYPE_WORK_CONSTRAINT_TRACKER (rill_work_constraint_tracker_get_type ())

G_DECLARE_FINAL_TYPE (RillWorkConstraintTracker, rill_work_constraint_tracker,
                      RILL, WORK_CONSTRAINT_TRACKER, GObject)

RillWorkConstraintTracker *rill_work_constraint_tracker_new (GNetworkMonitor *monitor,
                                                             GDBusConnection *system_bus,
                                                             GFile           *storage_dir);

gboolean rill_work_constraint_tracker_are_met (RillWorkConstraintTracker  *self,
                                               const RillWorkConstraints  *constraints,
                                               char                      **unmet);

/* Reads the free space again now instead of at the next periodic check;
 * callable from any thread, the answer comes on the tracker's context. */
void     rill_work_constraint_tracker_check_storage (RillWorkConstraintTracker *self);

/* The properties, callable from any thread. */
gboolean rill_work_constraint_tracker_get_network_available (RillWorkConstraintTracker *self);
gboolean rill_work_constraint_tracker_get_network_metered   (RillWorkConstraintTracker *self);
gboolean rill_work_constraint_tracker_get_battery_known     (RillWorkConstraintTracker *self);
gboolean rill_work_constraint_tracker_get_battery_low       (RillWorkConstraintTracker *self);
gboolean rill_work_constraint_tracker_get_charging          (RillWorkConstraintTracker *self);
gboolean rill_work_constraint_tracker_get_storage_low       (RillWorkConstraintTracker *self);

/* The decisions, as pure functions of what the system reports. */
gboolean rill_work_network_is_connected (gboolean             available,
                                         GNetworkConnectivity connectivity);
gboolean rill_work_power_is_plugged     (gboolean             on_battery,
                                         guint32              state);
gboolean rill_work_battery_next_low     (gboolean             was_low,
                                         gboolean             plugged,
                                         guint32              state,
                                         double               percentage,
                                         guint32              warning_level);
gboolean rill_work_storage_is_low       (guint64              free_bytes,
                                         guint64              total_bytes);

G_END_DECLS
