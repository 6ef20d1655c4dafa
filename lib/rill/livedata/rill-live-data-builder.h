/* rill-live-data-builder.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-live-data.h"
#include "rill-live-data-scope.h"

G_BEGIN_DECLS

/**
 * RILL_LIVE_DATA_DEFAULT_TIMEOUT:
 *
 * androidx's default timeout for [func@LiveData.build], in milliseconds: a
 * block whose live data lost its last active observer is cancelled after
 * 5 seconds, long enough for a window to be hidden and shown again.
 */
#define RILL_LIVE_DATA_DEFAULT_TIMEOUT 5000

RILL_AVAILABLE_IN_ALL
RillLiveData *rill_live_data_build (GType              value_type,
                                    RillContext       *context,
                                    guint              timeout_ms,
                                    RillLiveDataBlock  block,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy);

G_END_DECLS
