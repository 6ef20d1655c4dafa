/* rill-work-continuation.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-work-request.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_WORK_CONTINUATION (rill_work_continuation_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillWorkContinuation, rill_work_continuation, RILL, WORK_CONTINUATION, GObject)

RILL_AVAILABLE_IN_ALL
RillWorkContinuation *rill_work_continuation_then    (RillWorkContinuation  *self,
                                                      RillWorkRequest      **requests,
                                                      guint                  n_requests);
RILL_AVAILABLE_IN_ALL
RillWorkContinuation *rill_work_continuation_combine (RillWorkContinuation **continuations,
                                                      guint                  n_continuations);
RILL_AVAILABLE_IN_ALL
gboolean              rill_work_continuation_enqueue (RillWorkContinuation  *self,
                                                      GError               **error);

G_END_DECLS
