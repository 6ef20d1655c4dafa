/* rill-debug.h
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

RILL_AVAILABLE_IN_ALL
gboolean    rill_debug_is_enabled          (void);
RILL_AVAILABLE_IN_ALL
char       *rill_debug_label               (void);
RILL_AVAILABLE_IN_ALL
const char *rill_thread_get_name           (void);
RILL_AVAILABLE_IN_ALL
void        rill_dump_coroutines           (void);
RILL_AVAILABLE_IN_ALL
char       *rill_dump_coroutines_to_string (void);
RILL_AVAILABLE_IN_ALL
guint       rill_debug_count_coroutines    (void);

G_END_DECLS
