/* rill-dispatcher.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

#define RILL_TYPE_DISPATCHER (rill_dispatcher_get_type ())

RILL_AVAILABLE_IN_ALL
GType           rill_dispatcher_get_type              (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_main                  (void);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_main_immediate        (void);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_default               (void);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_io                    (void);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_unconfined            (void);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_new_single_thread     (const char     *name);
RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_new_for_main_context  (GMainContext   *context);

RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_dispatcher_ref                   (RillDispatcher *self);
RILL_AVAILABLE_IN_ALL
void            rill_dispatcher_unref                 (RillDispatcher *self);
RILL_AVAILABLE_IN_ALL
void            rill_dispatcher_close                 (RillDispatcher *self);
RILL_AVAILABLE_IN_ALL
gboolean        rill_dispatcher_is_closed             (RillDispatcher *self);
RILL_AVAILABLE_IN_ALL
const char     *rill_dispatcher_get_name              (RillDispatcher *self);
RILL_AVAILABLE_IN_ALL
GMainContext   *rill_dispatcher_get_main_context      (RillDispatcher *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillDispatcher, rill_dispatcher_unref)

G_END_DECLS
