/* test-fiber.c: stacks of coroutines
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
# endif
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

/* ------------------------------------------------------------------------ */

static void
test_default_stack_size (void)
{
  g_assert_cmpuint (rill_get_default_stack_size (), ==, 256 * 1024);
}

/* ------------------------------------------------------------------------ */

static guintptr stack_addresses[4];

static void
record_stack_address (RillScope *scope,
                      gpointer   user_data)
{
  volatile int local = 0;

  stack_addresses[GPOINTER_TO_UINT (user_data)] = (guintptr) &local;
}

static void
sequential_body (RillScope *scope,
                 gpointer   user_data)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(RillJob) job = rill_launch (scope, NULL, record_stack_address,
                                            GUINT_TO_POINTER (i), NULL);
      g_assert_true (rill_job_join (job));
    }
}

/* A finished coroutine's stack goes back to the pool and the next one reuses it. */
static void
test_stack_reused (void)
{
  rill_run_blocking (NULL, sequential_body, NULL);
  g_assert_cmpuint (stack_addresses[0], !=, 0);
  g_assert_cmphex (stack_addresses[1], ==, stack_addresses[0]);
  g_assert_cmphex (stack_addresses[2], ==, stack_addresses[0]);
  g_assert_cmphex (stack_addresses[3], ==, stack_addresses[0]);
}

/* ------------------------------------------------------------------------ */

static guint
recurse (guint   depth,
         gsize   bytes_left)
{
  volatile char frame[1024];

  memset ((char *) frame, (int) depth, sizeof frame);
  if (bytes_left <= sizeof frame)
    return frame[depth % sizeof frame];
  return recurse (depth + 1, bytes_left - sizeof frame) + frame[0];
}

static void
use_stack (RillScope *scope,
           gpointer   user_data)
{
  gsize bytes = GPOINTER_TO_SIZE (user_data);

  recurse (0, bytes);
}

static gboolean deep_done;

static void
use_most_of_the_stack (RillScope *scope,
                       gpointer   user_data)
{
  recurse (0, 200 * 1024);
  deep_done = TRUE;
}

static void
deep_body (RillScope *scope,
           gpointer   user_data)
{
  g_autoptr(RillJob) job = rill_launch (scope, NULL, use_most_of_the_stack, NULL, NULL);

  rill_job_join (job);
}

/* 200 KiB of a 256 KiB stack are usable. */
static void
test_deep_recursion_fits (void)
{
  deep_done = FALSE;
  rill_run_blocking (NULL, deep_body, NULL);
  g_assert_true (deep_done);
}

static void
parked (RillScope *scope,
        gpointer   user_data)
{
  rill_delay (60000);
}

static void
overflow_body (RillScope *scope,
               gpointer   user_data)
{
  /* A first coroutine holds the stack just below the next one's, so an
   * overflow without a guard page would silently run into its memory. */
  g_autoptr(RillJob) neighbour = rill_launch (scope, NULL, parked, NULL, NULL);
  g_autoptr(RillJob) job = NULL;

  rill_yield ();
  job = rill_launch (scope, NULL, use_stack, GSIZE_TO_POINTER (2 * rill_get_default_stack_size ()), NULL);
  rill_job_join (job);
  g_print ("survived the overflow\n");
  rill_job_cancel (neighbour);
}

/* Running off the end of a stack hits the guard page: the process gets
 * SIGSEGV instead of writing over another coroutine's stack. */
static void
test_stack_overflow_hits_guard (void)
{
  if (UNDER_ASAN)
    {
      /* ASan reports the overflow itself before the guard page. */
      g_test_message ("under AddressSanitizer the sanitizer reports the overflow");
    }
  if (g_test_subprocess ())
    {
      rill_run_blocking (NULL, overflow_body, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived the overflow*");
#ifdef G_OS_UNIX
  if (!UNDER_ASAN)
    g_test_trap_assert_stderr_unmatched ("*survived*");
#endif
}

/* ------------------------------------------------------------------------ */

#define N_CONCURRENT 100000

static gint woke;

static void
sleep_then_count (RillScope *scope,
                  gpointer   user_data)
{
  if (rill_delay (20))
    g_atomic_int_inc (&woke);
}

static void
many_body (RillScope *scope,
           gpointer   user_data)
{
  RillJob **jobs = g_new (RillJob *, N_CONCURRENT);

  for (guint i = 0; i < N_CONCURRENT; i++)
    jobs[i] = rill_launch (scope, NULL, sleep_then_count, NULL, NULL);
  /* All of them are suspended at the same time. */
  g_assert_cmpuint (rill_job_get_n_children (rill_get_job ()), ==, N_CONCURRENT);
  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_assert_true (rill_job_join (jobs[i]));
      g_assert_cmpint (rill_job_get_state (jobs[i]), ==, RILL_JOB_STATE_COMPLETED);
      rill_job_unref (jobs[i]);
    }
  g_free (jobs);
}

static void
test_100k_concurrent (void)
{
  woke = 0;
  rill_run_blocking (NULL, many_body, NULL);
  g_assert_cmpint (woke, ==, N_CONCURRENT);
}

/* ------------------------------------------------------------------------ */

static gsize
current_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmRSS:");
  g_assert_nonnull (p);
  return (gsize) g_ascii_strtoull (p + 6, NULL, 10);
}

#define N_MEASURED 20000

static gsize rss_parked;

static void
park_forever (RillScope *scope,
              gpointer   user_data)
{
  rill_delay (G_MAXUINT32);
}

static void
measure_body (RillScope *scope,
              gpointer   user_data)
{
  gsize before = current_rss_kib ();
  g_autoptr(RillScope) children = rill_scope_new (rill_context_main ());

  for (guint i = 0; i < N_MEASURED; i++)
    rill_job_unref (rill_launch (children, NULL, park_forever, NULL, NULL));
  rill_yield ();
  rss_parked = current_rss_kib () - before;
  rill_scope_cancel (children);
  rill_job_join (rill_scope_get_job (children));
}

/* A suspended coroutine costs one touched stack page and its bookkeeping;
 * its 256 KiB stack is address space only. */
static void
test_memory_per_coroutine (void)
{
  double per_coroutine;

  /* In a fresh process: stacks and memory freed by earlier tests would be
   * reused and hide the cost. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  rill_run_blocking (NULL, measure_body, NULL);
  per_coroutine = (double) rss_parked / N_MEASURED;
  g_test_message ("%.2f KiB of RSS per suspended coroutine", per_coroutine);
  /* Under ASan or Valgrind every allocation carries red zones and shadow
   * memory. */
  g_assert_cmpfloat (per_coroutine, <, UNDER_ASAN || RUNNING_ON_VALGRIND ? 32.0 : 6.0);
  g_assert_cmpfloat (per_coroutine, >, 0.0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fiber/default-stack-size", test_default_stack_size);
  g_test_add_func ("/fiber/stack-reused", test_stack_reused);
  g_test_add_func ("/fiber/deep-recursion-fits", test_deep_recursion_fits);
  g_test_add_func ("/fiber/stack-overflow-hits-guard", test_stack_overflow_hits_guard);
  g_test_add_func ("/fiber/100k-concurrent", test_100k_concurrent);
  g_test_add_func ("/fiber/memory-per-coroutine", test_memory_per_coroutine);

  return g_test_run ();
}
