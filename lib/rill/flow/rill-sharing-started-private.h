/* rill-sharing-started-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-sharing-started.h"

G_BEGIN_DECLS

typedef enum {
  RILL_SHARING_EAGERLY,
  RILL_SHARING_LAZILY,
  RILL_SHARING_WHILE_SUBSCRIBED,
} RillSharingKind;

struct _RillSharingStarted
{
  gint            ref_count;   /* atomic; -1 for the static ones */
  RillSharingKind kind;
  guint64         stop_timeout_ms;
  guint64         replay_expiration_ms;
};

G_END_DECLS
