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
  heap->heap_len = 0;
  heap->alloc = 0;
  heap->next_seq = 0;
  heap->run_head = heap->run_tail = NULL;
}

void
rill_timer_heap_clear (RillTimerHeap *heap)
{
  for (guint i = 0; i < heap->heap_len; i++)
    heap->items[i]->index = -1;
  for (RillTimer *t = heap->run_head; t != NULL; t = t->next)
    t->index = -1;
  g_clear_pointer (&heap->items, g_free);
  heap->len = heap->heap_len = heap->alloc = 0;
  heap->run_head = heap->run_tail = NULL;
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
  guint len = heap->heap_len;

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
  g_assert (timer->index == -1);

  timer->seq = heap->next_seq++;
  heap->len++;

  if (heap->run_tail == NULL || timer->deadline >= heap->run_tail->deadline)
    {
      timer->index = RILL_TIMER_IN_RUN;
      timer->next = NULL;
      timer->prev = heap->run_tail;
      if (heap->run_tail != NULL)
        heap->run_tail->next = timer;
      else
        heap->run_head = timer;
      heap->run_tail = timer;
      return;
    }

  if (heap->heap_len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->items = g_renew (RillTimer *, heap->items, heap->alloc);
    }
  heap->items[heap->heap_len] = timer;
  sift_up (heap, heap->heap_len++);
}

gboolean
rill_timer_heap_remove (RillTimerHeap *heap,
                        RillTimer     *timer)
{
  guint i;
  RillTimer *last;

  if (timer->index == -1)
    return FALSE;
  heap->len--;

  if (timer->index == RILL_TIMER_IN_RUN)
    {
      if (timer->prev != NULL)
        timer->prev->next = timer->next;
      else
        heap->run_head = timer->next;
      if (timer->next != NULL)
        timer->next->prev = timer->prev;
      else
        heap->run_tail = timer->prev;
      timer->prev = timer->next = NULL;
      timer->index = -1;
      return TRUE;
    }

  i = timer->index;
  g_assert (i < heap->heap_len && heap->items[i] == timer);
  timer->index = -1;
  last = heap->items[--heap->heap_len];
  if (i < heap->heap_len)
    {
      heap->items[i] = last;
      last->index = i;
      if (i > 0 && timer_before (last, heap->items[(i - 1) / 2]))
        sift_up (heap, i);
      else
        sift_down (heap, i);
    }
  if (heap->heap_len == 0 && heap->alloc > 4096)
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
  RillTimer *top = heap->heap_len > 0 ? heap->items[0] : NULL;
  RillTimer *first = heap->run_head;

  if (top == NULL)
    return first;
  if (first == NULL)
    return top;
  return timer_before (first, top) ? first : top;
}

