/* rill-work-request-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-work-request.h"

G_BEGIN_DECLS

/* Checks that @data is work data: a dictionary a{sv} of at most
 * RILL_WORK_DATA_MAX_SIZE bytes serialized. @what names it in the error. */
gboolean rill_work_check_data        (GVariant         *data,
                                      const char       *what,
                                      GError          **error);
/* An empty a{sv}, new (not floating) reference. */
GVariant *rill_work_empty_data       (void);

/* Enqueued: from now on the request cannot change. */
void     rill_work_request_freeze    (RillWorkRequest  *self);
gboolean rill_work_request_is_frozen (RillWorkRequest  *self);

G_END_DECLS
