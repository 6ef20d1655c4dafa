/* rill-work-constraints.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-visibility.h"

G_BEGIN_DECLS

/**
 * RillNetworkType:
 * @RILL_NETWORK_TYPE_NOT_REQUIRED: the work does not need a network
 * @RILL_NETWORK_TYPE_CONNECTED: the work needs a working network
 *   connection, metered or not
 * @RILL_NETWORK_TYPE_UNMETERED: the work needs a connection that is not
 *   metered (no mobile data plan, no tethering to a phone)
 * @RILL_NETWORK_TYPE_METERED: the work needs a connection that is metered
 *
 * The network a piece of work needs before it may run, WorkManager's
 * `NetworkType`. The network's state comes from a [iface@Gio.NetworkMonitor].
 *
 * WorkManager's `NOT_ROAMING` and `TEMPORARILY_UNMETERED` have no
 * equivalent: a desktop network stack reports neither roaming nor
 * temporarily lifted data caps, so they do not exist here.
 */
typedef enum {
  RILL_NETWORK_TYPE_NOT_REQUIRED,
  RILL_NETWORK_TYPE_CONNECTED,
  RILL_NETWORK_TYPE_UNMETERED,
  RILL_NETWORK_TYPE_METERED,
} RillNetworkType;

#define RILL_TYPE_NETWORK_TYPE (rill_network_type_get_type ())

RILL_AVAILABLE_IN_ALL
GType rill_network_type_get_type (void) G_GNUC_CONST;

/**
 * RillWorkConstraints:
 *
 * The conditions a piece of work needs before it runs, WorkManager's
 * `Constraints`: a kind of network, a battery that is not low, a computer
 * plugged in, enough free storage.
 *
 * A reference-counted boxed type. It is built with
 * [ctor@Rill.WorkConstraints.new] and the setters, and is immutable once
 * shared: the first [method@Rill.WorkConstraints.ref] (which is also how it
 * is copied as a boxed value) freezes it, and a setter called afterwards is
 * refused with a critical. A value with nothing required is
 * [method@Rill.WorkConstraints.is_empty].
 */
typedef struct _RillWorkConstraints RillWorkConstraints;

#define RILL_TYPE_WORK_CONSTRAINTS (rill_work_constraints_get_type ())

RILL_AVAILABLE_IN_ALL
GType                rill_work_constraints_get_type                    (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillWorkConstraints *rill_work_constraints_new                         (void);
RILL_AVAILABLE_IN_ALL
RillWorkConstraints *rill_work_constraints_copy                        (const RillWorkConstraints *self);
RILL_AVAILABLE_IN_ALL
RillWorkConstraints *rill_work_constraints_ref                         (RillWorkConstraints       *self);
RILL_AVAILABLE_IN_ALL
void                 rill_work_constraints_unref                       (RillWorkConstraints       *self);

RILL_AVAILABLE_IN_ALL
void                 rill_work_constraints_set_required_network_type   (RillWorkConstraints       *self,
                                                                        RillNetworkType            network_type);
RILL_AVAILABLE_IN_ALL
RillNetworkType      rill_work_constraints_get_required_network_type   (const RillWorkConstraints *self);
RILL_AVAILABLE_IN_ALL
void                 rill_work_constraints_set_requires_battery_not_low (RillWorkConstraints      *self,
                                                                         gboolean                  requires);
RILL_AVAILABLE_IN_ALL
gboolean             rill_work_constraints_get_requires_battery_not_low (const RillWorkConstraints *self);
RILL_AVAILABLE_IN_ALL
void                 rill_work_constraints_set_requires_charging       (RillWorkConstraints       *self,
                                                                        gboolean                   requires);
RILL_AVAILABLE_IN_ALL
gboolean             rill_work_constraints_get_requires_charging       (const RillWorkConstraints *self);
RILL_AVAILABLE_IN_ALL
void                 rill_work_constraints_set_requires_storage_not_low (RillWorkConstraints      *self,
                                                                         gboolean                  requires);
RILL_AVAILABLE_IN_ALL
gboolean             rill_work_constraints_get_requires_storage_not_low (const RillWorkConstraints *self);

RILL_AVAILABLE_IN_ALL
gboolean             rill_work_constraints_equal                       (const RillWorkConstraints *a,
                                                                        const RillWorkConstraints *b);
RILL_AVAILABLE_IN_ALL
gboolean             rill_work_constraints_is_empty                    (const RillWorkConstraints *self);

RILL_AVAILABLE_IN_ALL
GVariant            *rill_work_constraints_to_variant                  (const RillWorkConstraints *self);
RILL_AVAILABLE_IN_ALL
RillWorkConstraints *rill_work_constraints_new_from_variant            (GVariant                  *variant,
                                                                        GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillWorkConstraints, rill_work_constraints_unref)

G_END_DECLS
