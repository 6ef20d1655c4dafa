/* rill-context.h
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

#define RILL_TYPE_CONTEXT (rill_context_get_type ())

RILL_AVAILABLE_IN_ALL
GType           rill_context_get_type           (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_new                (RillDispatcher *dispatcher,
                                                 const char     *name);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_new_for_job        (RillJob        *job);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_new_thread_local   (GPrivate       *key,
                                                 gpointer        value);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_plus               (RillContext    *a,
                                                 RillContext    *b);

RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_main               (void);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_main_immediate     (void);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_default            (void);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_io                 (void);
RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_unconfined         (void);

RILL_AVAILABLE_IN_ALL
RillContext    *rill_context_ref                (RillContext    *self);
RILL_AVAILABLE_IN_ALL
void            rill_context_unref              (RillContext    *self);

RILL_AVAILABLE_IN_ALL
RillDispatcher *rill_context_get_dispatcher     (RillContext    *self);
RILL_AVAILABLE_IN_ALL
RillJob        *rill_context_get_job            (RillContext    *self);
RILL_AVAILABLE_IN_ALL
const char     *rill_context_get_name           (RillContext    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillContext, rill_context_unref)

G_END_DECLS
