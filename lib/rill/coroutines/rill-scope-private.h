/* rill-scope-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-scope.h"

G_BEGIN_DECLS

struct _RillScope
{
  gint         ref_count;
  RillJob     *owner;      /* when embedded in a job: references go to it */
  RillContext *context;    /* every element but the job */
  RillJob     *job;        /* nullable: the global scope has none */
};

void rill_scope_init_embedded (RillScope   *scope,
                               RillJob     *owner,
                               RillContext *context);

G_END_DECLS
