/* rill-buffer-overflow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-buffer-overflow.h"

G_DEFINE_ENUM_TYPE (RillBufferOverflow, rill_buffer_overflow,
  G_DEFINE_ENUM_VALUE (RILL_BUFFER_OVERFLOW_SUSPEND, "suspend"),
  G_DEFINE_ENUM_VALUE (RILL_BUFFER_OVERFLOW_DROP_OLDEST, "drop-oldest"),
  G_DEFINE_ENUM_VALUE (RILL_BUFFER_OVERFLOW_DROP_LATEST, "drop-latest"))
