/* rill-timer-heap-private.h: one binary heap of deadlines per loop
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*RillTimerFunc) (gpointer data, guint64 tag);

typedef struct _RillTimer RillTimer;

/* A timer is embedded in whatever waits on it (a suspended coroutine, a
 * timeout); the heap stores pointers and keeps each timer's index up to date so
 * that removing a cancelled timer is O(log n).
 *
 * Most timers of a loop are added in the order they expire (many coroutines
 * delaying by the same amount): those go to a sorted list, where adding and
 * taking the first are O(1) and touch no other timer, and only the others go
 * to the binary heap. */
struct _RillTimer
{
  gint64        deadline;   /* microseconds on the loop's clock */
  guint64       seq;        /* insertion order: equal deadlines fire FIFO */
  RillTimerFunc func;
  gpointer      data;
  guint64       tag;
  gint          index;      /* position in the heap, RILL_TIMER_IN_RUN, or -1 */
  RillTimer    *prev;       /* in the sorted list */
  RillTimer    *next;
};

#define RILL_TIMER_IN_RUN (-2)

typedef struct
{
  RillTimer **items;
  guint       len;          /* timers in the heap and in the sorted list */
  guint       heap_len;
  guint       alloc;
  guint64     next_seq;
  RillTimer  *run_head;
  RillTimer  *run_tail;
} RillTimerHeap;

void       rill_timer_heap_init    (RillTimerHeap *heap);
void       rill_timer_heap_clear   (RillTimerHeap *heap);
void       rill_timer_heap_add     (RillTimerHeap *heap,
                                    RillTimer     *timer);
gboolean   rill_timer_heap_remove  (RillTimerHeap *heap,
                                    RillTimer     *timer);
RillTimer *rill_timer_heap_peek    (RillTimerHeap *heap);


G_END_DECLS
