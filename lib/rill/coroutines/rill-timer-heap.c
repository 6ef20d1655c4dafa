/* rill-timer-heap.c: one binary heap of deadlines per loop
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-timer-heap-private.h"

static inline gboolean
timer_before (const RillTimer *a,
              const RillTimer *b)
{
  return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

void
rill_timer_heap_init (RillTimerHeap *heap)
{
  heap->items = NULL;
  heap->len = 0;
  heap->alloc = 0;
  heap->next_seq = 0;
}

void
rill_timer_heap_clear (RillTimerHeap *heap)
{
  for (guint i = 0; i < heap->len; i++)
    heap->items[i]->index = -1;
  g_clear_pointer (&heap->items, g_free);
  heap->len = heap->alloc = 0;
}

static void
sift_up (RillTimerHeap *heap,
         guint          i)
{
  RillTimer *timer = heap->items[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      if (!timer_before (timer, heap->items[parent]))
        break;
      heap->items[i] = heap->items[parent];
      heap->items[i]->index = i;
      i = parent;
    }
  heap->items[i] = timer;
  timer->index = i;
}

static void
sift_down (RillTimerHeap *heap,
           guint          i)
{
  RillTimer *timer = heap->items[i];
  guint len = heap->len;

  for (;;)
    {
      guint child = 2 * i + 1;
      if (child >= len)
        break;
      if (child + 1 < len && timer_before (heap->items[child + 1], heap->items[child]))
        child++;
      if (!timer_before (heap->items[child], timer))
        break;
      heap->items[i] = heap->items[child];
      heap->items[i]->index = i;
      i = child;
    }
  heap->items[i] = timer;
  timer->index = i;
}

void
rill_timer_heap_add (RillTimerHeap *heap,
                     RillTimer     *timer)
{
  g_assert (timer->index < 0);

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->items = g_renew (RillTimer *, heap->items, heap->alloc);
    }
  timer->seq = heap->next_seq++;
  heap->items[heap->len] = timer;
  sift_up (heap, heap->len++);
}

gboolean
rill_timer_heap_remove (RillTimerHeap *heap,
                        RillTimer     *timer)
{
  guint i;
  RillTimer *last;

  if (timer->index < 0)
    return FALSE;

  i = timer->index;
  g_assert (i < heap->len && heap->items[i] == timer);
  timer->index = -1;
  last = heap->items[--heap->len];
  if (i < heap->len)
    {
      heap->items[i] = last;
      last->index = i;
      if (i > 0 && timer_before (last, heap->items[(i - 1) / 2]))
        sift_up (heap, i);
      else
        sift_down (heap, i);
    }
  if (heap->len == 0 && heap->alloc > 4096)
    {
      /* A burst of a million timers should not pin 8 MiB forever. */
      g_clear_pointer (&heap->items, g_free);
      heap->alloc = 0;
    }
  return TRUE;
}

RillTimer *
rill_timer_heap_peek (RillTimerHeap *heap)
{
  return heap->len > 0 ? heap->items[0] : NULL;
}

RillTimer *
rill_timer_heap_pop (RillTimerHeap *heap)
{
  RillTimer *top = rill_timer_heap_peek (heap);

  if (top != NULL)
    rill_timer_heap_remove (heap, top);
  return top;
}
