/* rill-version-functions.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-version.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
guint rill_get_major_version (void);
RILL_AVAILABLE_IN_ALL
guint rill_get_minor_version (void);
RILL_AVAILABLE_IN_ALL
guint rill_get_micro_version (void);

G_END_DECLS
