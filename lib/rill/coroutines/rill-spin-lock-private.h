/* rill-spin-lock-private.h: the lock of jobs, channels and hot flows
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* These locks are held for a few instructions (and at most a GValue copy):
 * a test-and-set lock costs one atomic exchange to take and a plain store to
 * release, where a GMutex costs two atomic operations and g_bit_lock() two
 * calls. A holder that is preempted is waited for with sched_yield(). */
static inline void
rill_spin_lock (gint *lock)
{
  if G_LIKELY (!__atomic_exchange_n (lock, 1, __ATOMIC_ACQUIRE))
    return;
  for (guint spins = 0;; spins++)
    {
      while (__atomic_load_n (lock, __ATOMIC_RELAXED))
        {
          if (spins++ < 100)
            {
#if defined(__x86_64__) || defined(__i386__)
              __builtin_ia32_pause ();
#elif defined(__aarch64__)
              __asm__ __volatile__ ("yield");
#endif
            }
          else
            g_thread_yield ();
        }
      if (!__atomic_exchange_n (lock, 1, __ATOMIC_ACQUIRE))
        return;
    }
}

static inline void
rill_spin_unlock (gint *lock)
{
  __atomic_store_n (lock, 0, __ATOMIC_RELEASE);
}

G_END_DECLS
