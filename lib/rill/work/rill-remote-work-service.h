/* rill-remote-work-service.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-visibility.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
gboolean rill_remote_work_service_is_requested (void);
RILL_AVAILABLE_IN_ALL
gboolean rill_remote_work_service_run          (const char  *service_name,
                                                GError     **error);

G_END_DECLS
