/* rill-fiber.c: stackful fibers on pooled, guarded stacks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Stacks are carved out of chunks of RILL_SLOTS_PER_CHUNK slots, each one
 * mmap()ed with MAP_NORESERVE: a stack costs address space only, and memory
 * only for the pages it touches. The lowest page of each slot is a guard page.
 *
 * Guard pages: with MADV_GUARD_INSTALL (Linux >= 6.13) a guard is a marker in
 * the page tables and does not split the mapping, so the number of guarded
 * stacks is unlimited. Older kernels get mprotect(PROT_NONE) guards, each of
 * which costs two entries of vm.max_map_count (65530 by default); once half of
 * that budget is used, further chunks are made without guards and a message
 * says so once.
 *
 * A fiber, once started, never returns from its entry function: when the
 * function it was given returns, it waits in a loop to be given another one.
 * So a pooled stack keeps its initial frame and reusing it costs one switch.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rill-fiber-private.h"

#ifdef HAVE_VALGRIND
# include <valgrind/valgrind.h>
#else
# define RUNNING_ON_VALGRIND 0
# define VALGRIND_STACK_REGISTER(a, b) 0
# define VALGRIND_STACK_DEREGISTER(id) ((void) 0)
#endif

#if RILL_WITH_ASAN
# include <sanitizer/common_interface_defs.h>
#endif

#ifdef RILL_FIBER_UCONTEXT
# include <ucontext.h>
#endif

#ifndef MADV_GUARD_INSTALL
# define MADV_GUARD_INSTALL 102
#endif

#define RILL_SLOTS_PER_CHUNK   64
#define RILL_THREAD_CACHE_MAX  32
#define RILL_DEFAULT_STACK     (256 * 1024)
#define RILL_MIN_STACK         (16 * 1024)

typedef enum {
  GUARD_UNKNOWN,
  GUARD_MADVISE,
  GUARD_MPROTECT,
  GUARD_NONE,
} GuardKind;

typedef struct _Chunk Chunk;
struct _Chunk
{
  guint8  *base;
  gsize    slot_size;
  gsize    map_size;
  guint64  free_mask;       /* 1 = slot is free */
  guint64  ready_mask;      /* 1 = slot has an initialised fiber */
  guint    n_free;
  gboolean guarded;
  gboolean in_partial;
  gint64   empty_since;     /* when the last slot came back, 0 while in use */
  Chunk   *prev;
  Chunk   *next;
};

typedef struct
{
  RillFiber *head;
  guint      count;
} ThreadCache;

static GMutex     pool_lock;
static Chunk     *partial_chunks;     /* chunks with at least one free slot */
static guint      n_ready_free;       /* free slots whose fiber is initialised */
static gsize      stack_size;         /* usable size of every stack, set once */
static gsize      page_size;
static GuardKind  guard_kind = GUARD_UNKNOWN;
static gint64     mprotect_budget;    /* under guard_lock */
static GMutex     guard_lock;
static gboolean   stack_size_frozen;

/* The stack provider: a thread that maps, guards and touches stacks ahead of
 * demand and unmaps the chunks nobody needs, so that none of these system
 * calls and page faults fall on a dispatcher's thread (the UI thread above
 * all). It keeps a reserve of ready stacks that doubles each time demand
 * outruns it and halves as chunks fall idle, between RESERVE_MIN and
 * RESERVE_MAX stacks. */
#define RESERVE_MIN (2 * RILL_SLOTS_PER_CHUNK)
#define RESERVE_MAX (64 * RILL_SLOTS_PER_CHUNK)
static GCond      provider_cond;
static GThread   *provider_thread;
static gboolean   provider_waiting;
static guint      reserve_target = RESERVE_MIN;
static guint      n_empty_chunks;

/* An empty chunk is unmapped only once it has stayed unused this long, as a
 * memory allocator's decay time: a burst of coroutines that comes back within
 * it finds its stacks still mapped and touched. */
#define DECAY_US (2 * G_USEC_PER_SEC)

static __thread ThreadCache thread_cache __attribute__((tls_model ("initial-exec")));
static __thread RillFiber  *thread_fiber __attribute__((tls_model ("initial-exec")));
static void thread_cache_flush (gpointer data);
/* Gives the thread's cached stacks back and frees its record at thread exit. */
static GPrivate thread_cleanup_key = G_PRIVATE_INIT (thread_cache_flush);

#ifndef RILL_FIBER_UCONTEXT
void rill_fiber_swap       (void **save_sp, void *load_sp);
void rill_fiber_trampoline (void);
#endif

static void fiber_main (RillFiber *fiber);

gsize
rill_fiber_get_stack_size (void)
{
  gsize size = g_atomic_pointer_get ((gpointer *) &stack_size) ? stack_size : 0;

  if (size == 0)
    {
      const char *env = g_getenv ("RILL_STACK_SIZE");

      size = RILL_DEFAULT_STACK;
      if (env != NULL)
        {
          guint64 kib = g_ascii_strtoull (env, NULL, 10);
          if (kib > 0)
            size = kib * 1024;
        }
      rill_fiber_set_stack_size (size);
      size = stack_size;
    }
  return size;
}

void
rill_fiber_set_stack_size (gsize size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  g_mutex_lock (&pool_lock);
  if (stack_size_frozen)
    {
      g_mutex_unlock (&pool_lock);
      g_critical ("The coroutine stack size can only be set before the first coroutine runs");
      return;
    }
  size = MAX (size, RILL_MIN_STACK);
  size = (size + page - 1) & ~(page - 1);
  page_size = page;
  g_atomic_pointer_set ((gpointer *) &stack_size, (gpointer) size);
  g_mutex_unlock (&pool_lock);
}


static gint64
read_max_map_count (void)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/sys/vm/max_map_count", &contents, NULL, NULL))
    return g_ascii_strtoll (contents, NULL, 10);
  return 65530;
}

static void
guard_detect (guint8 *probe)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      if (madvise (probe, page_size, MADV_GUARD_INSTALL) == 0)
        guard_kind = GUARD_MADVISE;
      else
        {
          guard_kind = GUARD_MPROTECT;
          /* Each mprotect()ed guard splits a mapping in two; keep half of the
           * kernel's mapping budget for the rest of the process. */
          mprotect_budget = read_max_map_count () / 4;
          g_debug ("MADV_GUARD_INSTALL unavailable (%s): guarding coroutine stacks with "
                   "mprotect() for up to %" G_GINT64_FORMAT " stacks",
                   g_strerror (errno), mprotect_budget);
        }
      g_once_init_leave (&once, 1);
    }
}

static gboolean
guard_slot (guint8 *slot)
{
  gboolean ok = FALSE;

  switch (guard_kind)
    {
    case GUARD_MADVISE:
      return madvise (slot, page_size, MADV_GUARD_INSTALL) == 0;
    case GUARD_MPROTECT:
      g_mutex_lock (&guard_lock);
      if (mprotect_budget > 0 && mprotect (slot, page_size, PROT_NONE) == 0)
        {
          mprotect_budget--;
          ok = TRUE;
        }
      g_mutex_unlock (&guard_lock);
      return ok;
    case GUARD_NONE:
    case GUARD_UNKNOWN:
    default:
      return FALSE;
    }
}

/* Every stack would start at the same offset in its pages, so the frames of
 * all parked coroutines would compete for the same few cache sets: each
 * stack of a chunk starts a cache line lower than the one before, over half
 * a page, which keeps a shallow stack in its first page. */
#define STACK_COLOURS 32

static inline RillFiber *
slot_fiber (Chunk *chunk,
            guint  slot)
{
  guint8 *top = chunk->base + (slot + 1) * chunk->slot_size;
  gsize colour = (slot % STACK_COLOURS) * 64;

  return (RillFiber *) (top - colour - ((sizeof (RillFiber) + 63) & ~(gsize) 63));
}

static void fiber_init (RillFiber *fiber, Chunk *chunk, guint slot);

/* Maps and guards a chunk; with @init, also sets up every slot's fiber, which
 * touches the one page each stack starts with. Takes no lock. */
static Chunk *
chunk_new (gboolean init)
{
  Chunk *chunk;
  guint8 *base;
  gsize slot_size = stack_size + page_size;
  gsize map_size = slot_size * RILL_SLOTS_PER_CHUNK;
  gboolean guarded = TRUE;

  base = mmap (NULL, map_size, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (base == MAP_FAILED)
    g_error ("Could not map %" G_GSIZE_FORMAT " bytes for coroutine stacks: %s",
             map_size, g_strerror (errno));

#ifdef MADV_NOHUGEPAGE
  /* A huge page would turn one touched stack page into 2 MiB of memory. */
  madvise (base, map_size, MADV_NOHUGEPAGE);
#endif

  guard_detect (base);
  for (guint i = 0; i < RILL_SLOTS_PER_CHUNK && guarded; i++)
    guarded = guard_slot (base + i * slot_size);

  if (!guarded)
    {
      static gint warned;

      /* Partial guards would be worse than none: undo them so every stack of
       * this chunk has the same layout, and say so once. */
      if (guard_kind == GUARD_MPROTECT)
        mprotect (base, map_size, PROT_READ | PROT_WRITE);
      if (g_atomic_int_compare_and_exchange (&warned, 0, 1))
        g_message ("Rill: no guard pages for further coroutine stacks "
                   "(vm.max_map_count is exhausted and MADV_GUARD_INSTALL is unavailable); "
                   "a stack overflow will no longer be caught");
    }

  chunk = g_new0 (Chunk, 1);
  chunk->base = base;
  chunk->slot_size = slot_size;
  chunk->map_size = map_size;
  chunk->free_mask = G_MAXUINT64;
  chunk->n_free = RILL_SLOTS_PER_CHUNK;
  chunk->guarded = guarded;
  if (init)
    {
      for (guint i = 0; i < RILL_SLOTS_PER_CHUNK; i++)
        fiber_init (slot_fiber (chunk, i), chunk, i);
      chunk->ready_mask = G_MAXUINT64;
    }
  return chunk;
}

static void
partial_add (Chunk *chunk)
{
  chunk->prev = NULL;
  chunk->next = partial_chunks;
  if (partial_chunks != NULL)
    partial_chunks->prev = chunk;
  partial_chunks = chunk;
  chunk->in_partial = TRUE;
}

static void
partial_remove (Chunk *chunk)
{
  if (chunk->prev != NULL)
    chunk->prev->next = chunk->next;
  else
    partial_chunks = chunk->next;
  if (chunk->next != NULL)
    chunk->next->prev = chunk->prev;
  chunk->prev = chunk->next = NULL;
  chunk->in_partial = FALSE;
}

/* Takes no lock. */
static void
chunk_free (Chunk *chunk)
{
  for (guint i = 0; i < RILL_SLOTS_PER_CHUNK; i++)
    {
      if (chunk->ready_mask & (G_GUINT64_CONSTANT (1) << i))
        {
          RillFiber *fiber = slot_fiber (chunk, i);
          if (fiber->valgrind_id != 0)
            VALGRIND_STACK_DEREGISTER (fiber->valgrind_id);
#ifdef RILL_FIBER_UCONTEXT
          g_free (fiber->ucontext);
#endif
        }
    }
  if (chunk->guarded && guard_kind == GUARD_MPROTECT)
    {
      g_mutex_lock (&guard_lock);
      mprotect_budget += RILL_SLOTS_PER_CHUNK;
      g_mutex_unlock (&guard_lock);
    }
  munmap (chunk->base, chunk->map_size);
  g_free (chunk);
}

/* Called with pool_lock held: takes the chunks that stayed empty longer than
 * the decay time, as long as the reserve stays full. Returns when the next
 * one expires, or 0. */
static Chunk *
take_expired_locked (gint64  now,
                     gint64 *next_expiry)
{
  Chunk *expired = NULL;
  Chunk *chunk, *next;

  *next_expiry = 0;
  if (n_empty_chunks == 0)
    return NULL;
  for (chunk = partial_chunks; chunk != NULL; chunk = next)
    {
      next = chunk->next;
      if (chunk->n_free != RILL_SLOTS_PER_CHUNK)
        continue;
      if (now - chunk->empty_since >= DECAY_US
          && n_ready_free >= reserve_target + (guint) __builtin_popcountll (chunk->ready_mask))
        {
          partial_remove (chunk);
          n_ready_free -= (guint) __builtin_popcountll (chunk->ready_mask);
          n_empty_chunks--;
          chunk->next = expired;
          expired = chunk;
        }
      else if (now - chunk->empty_since < DECAY_US
               && (*next_expiry == 0 || chunk->empty_since + DECAY_US < *next_expiry))
        *next_expiry = chunk->empty_since + DECAY_US;   /* kept for the reserve otherwise */
    }
  if (expired != NULL && reserve_target > RESERVE_MIN)
    reserve_target /= 2;
  return expired;
}

static gpointer
provider_main (gpointer data)
{
  g_mutex_lock (&pool_lock);
  for (;;)
    {
      Chunk *released;
      gboolean refill;
      gint64 next_expiry;

      for (;;)
        {
          released = take_expired_locked (g_get_monotonic_time (), &next_expiry);
          if (released != NULL || n_ready_free < reserve_target)
            break;
          provider_waiting = TRUE;
          if (next_expiry == 0)
            g_cond_wait (&provider_cond, &pool_lock);
          else
            g_cond_wait_until (&provider_cond, &pool_lock, next_expiry);
          provider_waiting = FALSE;
        }
      refill = n_ready_free < reserve_target;
      g_mutex_unlock (&pool_lock);

      while (released != NULL)
        {
          Chunk *next = released->next;
          chunk_free (released);
          released = next;
        }

      if (refill)
        {
          Chunk *chunk = chunk_new (TRUE);

          g_mutex_lock (&pool_lock);
          partial_add (chunk);
          n_ready_free += RILL_SLOTS_PER_CHUNK;
          chunk->empty_since = g_get_monotonic_time ();
          n_empty_chunks++;
        }
      else
        g_mutex_lock (&pool_lock);
    }
  return NULL;
}

/* Called with pool_lock held. */
static void
provider_poke (void)
{
  if G_UNLIKELY (provider_thread == NULL)
    provider_thread = g_thread_new ("rill-stacks", provider_main, NULL);
  else if (provider_waiting)
    g_cond_signal (&provider_cond);
}

#ifdef RILL_FIBER_UCONTEXT
static void
fiber_main_ucontext (unsigned int hi,
                     unsigned int lo)
{
  fiber_main ((RillFiber *) (((guintptr) hi << 32) | (guintptr) lo));
}
#endif

static void
fiber_init (RillFiber *fiber,
            Chunk     *chunk,
            guint      slot)
{
  guint8 *low = chunk->base + slot * chunk->slot_size + page_size;
  guint8 *top = (guint8 *) fiber;

  memset (fiber, 0, sizeof *fiber);
  fiber->chunk = chunk;
  fiber->slot = slot;
  fiber->stack_low = low;
  fiber->stack_size = top - low;
  if (RUNNING_ON_VALGRIND)
    fiber->valgrind_id = VALGRIND_STACK_REGISTER (low, top);

#ifdef RILL_FIBER_UCONTEXT
  {
    ucontext_t *uc = g_new0 (ucontext_t, 1);
    guintptr ptr = (guintptr) fiber;

    getcontext (uc);
    uc->uc_stack.ss_sp = low;
    uc->uc_stack.ss_size = fiber->stack_size;
    uc->uc_link = NULL;
    makecontext (uc, (void (*) (void)) fiber_main_ucontext, 2,
                 (unsigned int) (ptr >> 32), (unsigned int) (ptr & 0xffffffffu));
    fiber->ucontext = uc;
  }
#elif defined(__x86_64__)
  {
    /* Frame popped by rill_fiber_swap: r15 r14 r13 r12 rbx rbp, then the
     * return address. After the ret %rsp must be 16-byte aligned so that the
     * trampoline's call gives the entry function the ABI's alignment. */
    guintptr *sp = (guintptr *) (((guintptr) top & ~(guintptr) 15) - 72);

    sp[0] = 0;                            /* r15 */
    sp[1] = 0;                            /* r14 */
    sp[2] = 0;                            /* r13 */
    sp[3] = (guintptr) fiber;             /* r12: argument */
    sp[4] = (guintptr) fiber_main;        /* rbx: entry */
    sp[5] = 0;                            /* rbp */
    sp[6] = (guintptr) rill_fiber_trampoline;
    sp[7] = 0;
    sp[8] = 0;
    fiber->sp = sp;
  }
#elif defined(__aarch64__)
  {
    guintptr *sp = (guintptr *) (((guintptr) top & ~(guintptr) 15) - 176);

    memset (sp, 0, 176);
    sp[0] = (guintptr) fiber_main;        /* x19: entry */
    sp[1] = (guintptr) fiber;             /* x20: argument */
    sp[10] = 0;                           /* x29 */
    sp[11] = (guintptr) rill_fiber_trampoline; /* x30 */
    fiber->sp = sp;
  }
#else
# error "No register-only fiber switch for this architecture: build with -Dfiber_switch=ucontext"
#endif
}

/* Called with pool_lock held: gives a slot back to its chunk. */
static void
slot_free_locked (RillFiber *fiber)
{
  Chunk *chunk = fiber->chunk;

  chunk->free_mask |= G_GUINT64_CONSTANT (1) << fiber->slot;
  chunk->n_free++;
  n_ready_free++;
  if (!chunk->in_partial)
    partial_add (chunk);
  if (chunk->n_free == RILL_SLOTS_PER_CHUNK)
    {
      /* The provider unmaps it, off this thread, once it has stayed unused
       * for the decay time. */
      chunk->empty_since = g_get_monotonic_time ();
      if (n_empty_chunks++ == 0)
        provider_poke ();
    }
}

static void
thread_cache_flush (gpointer data)
{
  RillFiber *fiber;

  (void) data;
  g_mutex_lock (&pool_lock);
  while ((fiber = thread_cache.head) != NULL)
    {
      thread_cache.head = fiber->pool_next;
      thread_cache.count--;
      fiber->pool_next = NULL;
      slot_free_locked (fiber);
    }
  g_mutex_unlock (&pool_lock);
  if (thread_fiber != NULL)
    {
#ifdef RILL_FIBER_UCONTEXT
      g_free (thread_fiber->ucontext);
#endif
      g_free (thread_fiber);
      thread_fiber = NULL;
    }
}

RillFiber *
rill_fiber_thread_self (void)
{
  RillFiber *self = thread_fiber;

  if G_LIKELY (self != NULL)
    return self;

  self = g_new0 (RillFiber, 1);
  self->is_thread = TRUE;
  {
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;

    if (pthread_getattr_np (pthread_self (), &attr) == 0)
      {
        pthread_attr_getstack (&attr, &addr, &size);
        pthread_attr_destroy (&attr);
      }
    self->stack_low = addr;
    self->stack_size = size;
  }
#ifdef RILL_FIBER_UCONTEXT
  self->ucontext = g_new0 (ucontext_t, 1);
#endif
  thread_fiber = self;
  /* Returns the thread's cached stacks and frees this record at thread exit. */
  g_private_set (&thread_cleanup_key, self);
  return self;
}

RillFiber *
rill_fiber_acquire (RillFiberFunc func,
                    gpointer      data)
{
  RillFiber *fiber = thread_cache.head;

  if G_LIKELY (fiber != NULL)
    {
      thread_cache.head = fiber->pool_next;
      thread_cache.count--;
    }
  else
    {
      Chunk *chunk;
      guint slot;
      guint64 bit;

      rill_fiber_get_stack_size ();
      rill_fiber_thread_self ();

      g_mutex_lock (&pool_lock);
      stack_size_frozen = TRUE;
      chunk = partial_chunks;
      if (chunk == NULL)
        {
          /* Demand outran the reserve: make this chunk here, and ask for a
           * bigger reserve. */
          g_mutex_unlock (&pool_lock);
          chunk = chunk_new (FALSE);
          g_mutex_lock (&pool_lock);
          partial_add (chunk);
          n_empty_chunks++;
          reserve_target = MIN (reserve_target * 2, RESERVE_MAX);
        }
      if (chunk->n_free == RILL_SLOTS_PER_CHUNK)
        {
          n_empty_chunks--;
          chunk->empty_since = 0;
        }
      slot = (guint) __builtin_ctzll (chunk->free_mask);
      bit = G_GUINT64_CONSTANT (1) << slot;
      chunk->free_mask &= ~bit;
      chunk->n_free--;
      if (chunk->n_free == 0)
        partial_remove (chunk);
      fiber = slot_fiber (chunk, slot);
      if (chunk->ready_mask & bit)
        n_ready_free--;
      else
        {
          fiber_init (fiber, chunk, slot);
          chunk->ready_mask |= bit;
        }
      if (n_ready_free < reserve_target / 2)
        provider_poke ();
      g_mutex_unlock (&pool_lock);
    }

  fiber->pool_next = NULL;
  fiber->func = func;
  fiber->data = data;
  return fiber;
}

void
rill_fiber_release (RillFiber *fiber)
{
  g_assert (!fiber->is_thread);

  fiber->func = NULL;
  fiber->data = NULL;

  if G_LIKELY (thread_cache.count < RILL_THREAD_CACHE_MAX && thread_fiber != NULL)
    {
      fiber->pool_next = thread_cache.head;
      thread_cache.head = fiber;
      thread_cache.count++;
      return;
    }

  g_mutex_lock (&pool_lock);
  slot_free_locked (fiber);
  g_mutex_unlock (&pool_lock);
}


static void
fiber_main (RillFiber *fiber)
{
#if RILL_WITH_ASAN
  __sanitizer_finish_switch_fiber (NULL, NULL, NULL);
#endif
  for (;;)
    {
      /* The function switches away when it is done; the fiber is continued
       * here only once it has been acquired again with a new function. */
      fiber->func (fiber->data);
    }
}

void
rill_fiber_switch (RillFiber *from,
                   RillFiber *to,
                   gboolean   from_exiting)
{
#if RILL_WITH_ASAN
  const void *old_bottom = NULL;
  size_t old_size = 0;

  (void) from_exiting;
  __sanitizer_start_switch_fiber (&from->asan_fake_stack, to->stack_low, to->stack_size);
#else
  (void) from_exiting;
#endif

#ifdef RILL_FIBER_UCONTEXT
  swapcontext (from->ucontext, to->ucontext);
#else
  rill_fiber_swap (&from->sp, to->sp);
#endif

#if RILL_WITH_ASAN
  __sanitizer_finish_switch_fiber (from->asan_fake_stack, &old_bottom, &old_size);
#endif
}
