/* rill-sharing-started.h
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
 * RillSharingStarted:
 *
 * When [method@Flow.state_in] and [method@Flow.share_in] collect their
 * upstream, kotlinx's `SharingStarted`: eagerly, lazily or while
 * subscribed. An immutable, reference-counted boxed type.
 */
typedef struct _RillSharingStarted RillSharingStarted;

#define RILL_TYPE_SHARING_STARTED (rill_sharing_started_get_type ())

RILL_AVAILABLE_IN_ALL
GType               rill_sharing_started_get_type        (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillSharingStarted *rill_sharing_started_eagerly         (void);
RILL_AVAILABLE_IN_ALL
RillSharingStarted *rill_sharing_started_lazily          (void);
RILL_AVAILABLE_IN_ALL
RillSharingStarted *rill_sharing_started_while_subscribed (guint64             stop_timeout_ms,
                                                          guint64             replay_expiration_ms);
RILL_AVAILABLE_IN_ALL
RillSharingStarted *rill_sharing_started_ref             (RillSharingStarted *self);
RILL_AVAILABLE_IN_ALL
void                rill_sharing_started_unref           (RillSharingStarted *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillSharingStarted, rill_sharing_started_unref)

G_END_DECLS
