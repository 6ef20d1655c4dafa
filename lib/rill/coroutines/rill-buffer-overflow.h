/* rill-buffer-overflow.h
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
 * RillBufferOverflow:
 * @RILL_BUFFER_OVERFLOW_SUSPEND: the sender suspends until there is room
 * @RILL_BUFFER_OVERFLOW_DROP_OLDEST: the oldest element of the buffer is
 *   dropped to make room for the new one; the sender never suspends
 * @RILL_BUFFER_OVERFLOW_DROP_LATEST: the element being sent is dropped and the
 *   buffer is left as it is; the sender never suspends
 *
 * What a buffer does when it is full and one more element comes, kotlinx's
 * `BufferOverflow`. Used by [class@Rill.Channel].
 */
typedef enum {
  RILL_BUFFER_OVERFLOW_SUSPEND,
  RILL_BUFFER_OVERFLOW_DROP_OLDEST,
  RILL_BUFFER_OVERFLOW_DROP_LATEST,
} RillBufferOverflow;

#define RILL_TYPE_BUFFER_OVERFLOW (rill_buffer_overflow_get_type ())

RILL_AVAILABLE_IN_ALL
GType rill_buffer_overflow_get_type (void) G_GNUC_CONST;

G_END_DECLS
