/* rill-fiber-private.h: stackful fibers on pooled, guarded stacks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillFiber RillFiber;

/* A fiber runs @func (@data) on its own stack. When the function returns the
 * fiber is not destroyed: it parks itself and can be given another function,
 * so a pooled stack never needs to be set up again. */
typedef void (*RillFiberFunc) (gpointer data);

struct _RillFiber
{
  void          *sp;              /* saved stack pointer while switched out */
  RillFiberFunc  func;
  gpointer       data;
  RillFiber     *pool_next;
  gpointer       chunk;           /* the stack chunk this fiber's stack lives in */
  guint8        *stack_low;       /* lowest usable address (just above the guard) */
  gsize          stack_size;      /* usable bytes */
  guint          slot;
  guint          valgrind_id;
#ifdef RILL_FIBER_UCONTEXT
  gpointer       ucontext;
#endif
  gpointer       asan_fake_stack;
  gboolean       is_thread;       /* the thread's own stack, not pooled */
};

RillFiber *rill_fiber_acquire        (RillFiberFunc  func,
                                      gpointer       data);
void       rill_fiber_release        (RillFiber     *fiber);
RillFiber *rill_fiber_thread_self    (void);

/* Saves the current context into @from and continues @to. Returns when some
 * later switch continues @from again. @from_exiting tells the sanitizer that
 * @from's frames are finished (its function returned). */
void       rill_fiber_switch         (RillFiber     *from,
                                      RillFiber     *to,
                                      gboolean       from_exiting);

gsize      rill_fiber_get_stack_size (void);
void       rill_fiber_set_stack_size (gsize          size);

G_END_DECLS
