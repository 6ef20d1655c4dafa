/* rill-context-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-context.h"

G_BEGIN_DECLS

typedef struct
{
  GPrivate *key;
  gpointer  value;
} RillThreadLocal;

struct _RillContext
{
  gint             ref_count;      /* 0: immortal */
  guint            n_locals;
  RillDispatcher  *dispatcher;
  RillJob         *job;
  char            *name;
  RillThreadLocal *locals;
};

RillContext *rill_context_empty (void);
RillContext *rill_context_new_full (RillDispatcher *dispatcher,
                                    RillJob        *job,
                                    const char     *name);

G_END_DECLS
