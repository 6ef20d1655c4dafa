/* rill-timer-heap-private.h: one binary heap of deadlines per loop
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*RillTimerFunc) (gpointer data, guint64 tag);

/* A timer is embedded in whatever waits on it (a suspended coroutine, a
 * timeout); the heap stores pointers and keeps each timer's index up to date so
 * that removing a cancelled timer is O(log n). */
typedef struct
{
  gint64        deadline;   /* microseconds on the loop's clock */
  guint64       seq;        /* insertion order: equal deadlines fire FIFO */
  RillTimerFunc func;
  gpointer      data;
  guint64       tag;
  gint          index;      /* position in the heap, -1 when not in it */
} RillTimer;

typedef struct
{
  RillTimer **items;
  guint       len;
  guint       alloc;
  guint64     next_seq;
} RillTimerHeap;

#define RILL_TIMER_INIT { 0, 0, NULL, NULL, 0, -1 }

void       rill_timer_heap_init    (RillTimerHeap *heap);
void       rill_timer_heap_clear   (RillTimerHeap *heap);
void       rill_timer_heap_add     (RillTimerHeap *heap,
                                    RillTimer     *timer);
gboolean   rill_timer_heap_remove  (RillTimerHeap *heap,
                                    RillTimer     *timer);
RillTimer *rill_timer_heap_peek    (RillTimerHeap *heap);
RillTimer *rill_timer_heap_pop     (RillTimerHeap *heap);

static inline guint
rill_timer_heap_size (RillTimerHeap *heap)
{
  return heap->len;
}

G_END_DECLS
