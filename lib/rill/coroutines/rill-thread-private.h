/* rill-thread-private.h: per-thread state of the runtime
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "rill-fiber-private.h"
#include "rill-loop-private.h"

G_BEGIN_DECLS

typedef struct
{
  RillFiber      *fiber;           /* the thread's own stack */
  RillCoroutine  *current;         /* running coroutine, NULL on the thread's stack */
  RillLoop       *loop;            /* loop being run by this thread */
  RillCoroutine  *pending_park;    /* switched out, to be published as parked */
  RillCoroutine  *pending_finish;  /* finished, its fiber to be released */
  guint           handoffs;        /* direct yields since the loop last ran */
  guint           inline_depth;    /* Unconfined / Main.immediate event loop */
  RillCoroutine  *inline_head;
  RillCoroutine  *inline_tail;
  char           *name;
  gboolean        is_main;
} RillThread;

/* Never inlined and never cached across a fiber switch: an Unconfined
 * coroutine may continue on another thread after any suspension. */
RillThread *rill_thread_get          (void) __attribute__ ((noinline));
void        rill_thread_set_name     (const char *name);

G_END_DECLS
