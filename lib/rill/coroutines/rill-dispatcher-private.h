/* rill-dispatcher-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-dispatcher.h"
#include "rill-loop-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char *type_name;
  /* Makes a coroutine that is not pinned to a loop yet runnable. */
  void      (*dispatch)           (RillDispatcher *self,
                                   RillCoroutine  *co);
  /* FALSE: run the coroutine in the calling thread at once. NULL: always dispatch. */
  gboolean  (*is_dispatch_needed) (RillDispatcher *self);
  /* The loop that keeps the timers of a coroutine that is not pinned. */
  RillLoop *(*timer_loop)         (RillDispatcher *self);
  void      (*close)              (RillDispatcher *self);
  void      (*finalize)           (RillDispatcher *self);
} RillDispatcherClass;

struct _RillDispatcher
{
  const RillDispatcherClass *klass;
  gint                       ref_count;   /* 0: immortal */
  gint                       closed;      /* atomic */
  char                      *name;
  GMainContext              *main_context;
  RillLoop                  *loop;        /* single-loop dispatchers */
};

void      rill_dispatcher_init         (RillDispatcher            *self,
                                        const RillDispatcherClass *klass,
                                        const char                *name);
RillLoop *rill_dispatcher_get_main_loop (void);
RillDispatcher *rill_dispatcher_default_executor (void);
gboolean  rill_dispatcher_is_main_thread (void);

/* Pools (rill-pool-dispatcher.c) */
RillDispatcher *rill_pool_dispatcher_new (const char *name,
                                          const char *thread_prefix,
                                          guint       min_workers,
                                          guint       max_workers);

/* GMainContext dispatchers (rill-main-context-dispatcher.c) */
RillDispatcher *rill_main_context_dispatcher_new (GMainContext *context,
                                                  const char   *name,
                                                  gboolean      track);
void            rill_main_context_dispatcher_destroy_source (RillDispatcher *self);

gboolean        rill_dispatcher_close_single_thread (RillDispatcher *self);


G_END_DECLS
