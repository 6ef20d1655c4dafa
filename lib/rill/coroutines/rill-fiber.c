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
 * says so once. The kind of guard in use is rill_fiber_guard_kind().
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
static guint      n_empty_chunks;     /* chunks whose every slot is free */
static guint      n_live_chunks;
static gsize      stack_size;         /* usable size of every stack, set once */
static gsize      page_size;
static GuardKind  guard_kind = GUARD_UNKNOWN;
static gint64     mprotect_budget;
static gboolean   stack_size_frozen;

static __thread ThreadCache thread_cache __attribute__((tls_model ("initial-exec")));
static __thread RillFiber  *thread_fiber __attribute__((tls_model ("initial-exec")));
static GPrivate thread_cleanup_key;

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

const char *
rill_fiber_guard_kind (void)
{
  switch (guard_kind)
    {
    case GUARD_MADVISE: return "madvise";
    case GUARD_MPROTECT: return "mprotect";
    case GUARD_NONE: return "none";
    case GUARD_UNKNOWN:
    default: return "unknown";
    }
}

guint
rill_fiber_count_live_chunks (void)
{
  guint n;

  g_mutex_lock (&pool_lock);
  n = n_live_chunks;
  g_mutex_unlock (&pool_lock);
  return n;
}

static gint64
read_max_map_count (void)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/sys/vm/max_map_count", &contents, NULL, NULL))
    return g_ascii_strtoll (contents, NULL, 10);
  return 65530;
}

static gboolean
guard_slot (guint8 *slot)
{
  if (guard_kind == GUARD_UNKNOWN)
    {
      if (madvise (slot, page_size, MADV_GUARD_INSTALL) == 0)
        {
          guard_kind = GUARD_MADVISE;
          return TRUE;
        }
      guard_kind = GUARD_MPROTECT;
      /* Each mprotect()ed guard splits a mapping in two; keep half of the
       * kernel's mapping budget for the rest of the process. */
      mprotect_budget = read_max_map_count () / 4;
      g_debug ("MADV_GUARD_INSTALL unavailable (%s): guarding coroutine stacks with "
               "mprotect() for up to %" G_GINT64_FORMAT " stacks",
               g_strerror (errno), mprotect_budget);
    }

  switch (guard_kind)
    {
    case GUARD_MADVISE:
      return madvise (slot, page_size, MADV_GUARD_INSTALL) == 0;
    case GUARD_MPROTECT:
      if (mprotect_budget <= 0)
        return FALSE;
      if (mprotect (slot, page_size, PROT_NONE) != 0)
        return FALSE;
      mprotect_budget--;
      return TRUE;
    case GUARD_NONE:
    case GUARD_UNKNOWN:
    default:
      return FALSE;
    }
}

static Chunk *
chunk_new (void)
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

  for (guint i = 0; i < RILL_SLOTS_PER_CHUNK && guarded; i++)
    guarded = guard_slot (base + i * slot_size);

  if (!guarded)
    {
      static gboolean warned;

      /* Partial guards would be worse than none: undo them so every stack of
       * this chunk has the same layout, and say so once. */
      if (guard_kind == GUARD_MPROTECT)
        mprotect (base, map_size, PROT_READ | PROT_WRITE);
      if (!warned)
        {
          warned = TRUE;
          g_message ("Rill: no guard pages for further coroutine stacks "
                     "(vm.max_map_count is exhausted and MADV_GUARD_INSTALL is unavailable); "
                     "a stack overflow will no longer be caught");
        }
    }

  chunk = g_new0 (Chunk, 1);
  chunk->base = base;
  chunk->slot_size = slot_size;
  chunk->map_size = map_size;
  chunk->free_mask = G_MAXUINT64;
  chunk->n_free = RILL_SLOTS_PER_CHUNK;
  chunk->guarded = guarded;
  n_live_chunks++;
  return chunk;
}

static inline RillFiber *
slot_fiber (Chunk *chunk,
            guint  slot)
{
  guint8 *top = chunk->base + (slot + 1) * chunk->slot_size;
  return (RillFiber *) (top - ((sizeof (RillFiber) + 63) & ~(gsize) 63));
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
  if (!chunk->guarded || guard_kind != GUARD_MPROTECT)
    ;
  else
    mprotect_budget += RILL_SLOTS_PER_CHUNK;
  munmap (chunk->base, chunk->map_size);
  n_live_chunks--;
  g_free (chunk);
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

static void
thread_cache_flush (gpointer data)
{
  RillFiber *fiber;

  (void) data;
  while ((fiber = thread_cache.head) != NULL)
    {
      thread_cache.head = fiber->pool_next;
      thread_cache.count--;
      fiber->pool_next = NULL;
      /* Bypass the cache: it is going away. */
      g_mutex_lock (&pool_lock);
      {
        Chunk *chunk = fiber->chunk;
        chunk->free_mask |= G_GUINT64_CONSTANT (1) << fiber->slot;
        chunk->n_free++;
        if (!chunk->in_partial)
          partial_add (chunk);
        if (chunk->n_free == RILL_SLOTS_PER_CHUNK)
          n_empty_chunks++;
      }
      g_mutex_unlock (&pool_lock);
    }
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

static void
cleanup_key_init (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      GPrivate tmp = G_PRIVATE_INIT (thread_cache_flush);
      memcpy (&thread_cleanup_key, &tmp, sizeof tmp);
      g_once_init_leave (&once, 1);
    }
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

      rill_fiber_get_stack_size ();
      cleanup_key_init ();
      rill_fiber_thread_self ();

      g_mutex_lock (&pool_lock);
      stack_size_frozen = TRUE;
      chunk = partial_chunks;
      if (chunk == NULL)
        {
          chunk = chunk_new ();
          partial_add (chunk);
          n_empty_chunks++;
        }
      if (chunk->n_free == RILL_SLOTS_PER_CHUNK)
        n_empty_chunks--;
      slot = (guint) __builtin_ctzll (chunk->free_mask);
      chunk->free_mask &= ~(G_GUINT64_CONSTANT (1) << slot);
      chunk->n_free--;
      if (chunk->n_free == 0)
        partial_remove (chunk);
      fiber = slot_fiber (chunk, slot);
      if (!(chunk->ready_mask & (G_GUINT64_CONSTANT (1) << slot)))
        {
          fiber_init (fiber, chunk, slot);
          chunk->ready_mask |= G_GUINT64_CONSTANT (1) << slot;
        }
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
  Chunk *chunk;
  Chunk *to_free = NULL;

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

  chunk = fiber->chunk;
  g_mutex_lock (&pool_lock);
  chunk->free_mask |= G_GUINT64_CONSTANT (1) << fiber->slot;
  chunk->n_free++;
  if (!chunk->in_partial)
    partial_add (chunk);
  if (chunk->n_free == RILL_SLOTS_PER_CHUNK)
    {
      /* Keep one empty chunk for the next burst; give the others back so a
       * million finished coroutines do not keep their touched pages. */
      if (n_empty_chunks >= 1)
        {
          partial_remove (chunk);
          to_free = chunk;
        }
      else
        n_empty_chunks++;
    }
  if (to_free != NULL)
    chunk_free (to_free);
  g_mutex_unlock (&pool_lock);
}

gboolean
rill_fiber_stack_has_guard (RillFiber *fiber)
{
  return !fiber->is_thread && ((Chunk *) fiber->chunk)->guarded;
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
