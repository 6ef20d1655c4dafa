/* test-seed-context-dispatchers.c: kotlinx's "Coroutine context and dispatchers"
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every example of the kotlinx.coroutines page "Coroutine context and
 * dispatchers" (seeds/003_5fe8a32a1173b204.txt), translated to Rill, with the
 * lines it prints asserted exactly: in order wherever the page's order is
 * deterministic, as a set where the page says "maybe in different order", and
 * with the lines that must never be printed checked to be absent.
 *
 * Lines are not printed but captured (from any thread) into a list under a
 * mutex. The examples whose output shows coroutine ids (debug mode) run in a
 * subprocess, where ids start at 1 as in a fresh JVM: the subprocess asserts
 * its lines and also prints them, and the parent checks that output exactly.
 *
 * Where Java prints a thread with Thread.toString ("Thread[NAME,5,main]"), the
 * C version prints the debug label ("NAME @coroutine#ID"); where the page
 * shows "kotlinx.coroutines.DefaultExecutor", Rill's thread is
 * "DefaultExecutor". "DefaultDispatcher-worker-N" is matched with any N from
 * 1 to the size of the Default pool.
 */

#include <string.h>

#include <rill.h>

/* ------------------------------------------------------------------------ */
/* Captured output                                                          */

static GMutex out_lock;
static GPtrArray *out_lines;

static void
out_reset (void)
{
  g_mutex_lock (&out_lock);
  g_clear_pointer (&out_lines, g_ptr_array_unref);
  out_lines = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&out_lock);
}

static void say (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* kotlinx's println (). */
static void
say (const char *format,
     ...)
{
  va_list args;
  char *line;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  g_mutex_lock (&out_lock);
  g_assert_nonnull (out_lines);
  g_ptr_array_add (out_lines, line);
  g_mutex_unlock (&out_lock);
}

static void log_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* The page's log (): println ("[${Thread.currentThread().name}] $msg") with
 * the debug thread name. */
static void
log_line (const char *format,
          ...)
{
  va_list args;
  g_autofree char *msg = NULL;
  g_autofree char *label = rill_debug_label ();

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  say ("[%s] %s", label, msg);
}

/* (transfer full): the lines captured since out_reset (). */
static char **
out_take (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ret;

  g_mutex_lock (&out_lock);
  for (guint i = 0; i < out_lines->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (out_lines, i));
  g_clear_pointer (&out_lines, g_ptr_array_unref);
  g_mutex_unlock (&out_lock);

  ret = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ret;
}

/* In a subprocess: hands the lines to the parent. */
static void
print_lines (char **lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s\n", lines[i]);
}

/* Runs the current test in a subprocess (where coroutine ids start at 1) and
 * checks its exit status and its exact output; @expected is a
 * g_pattern_match_simple() pattern (only `*` and `?` are special). */
static void
run_in_subprocess (const char *expected)
{
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (expected);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Asserts that @got and @expected hold the same lines, in any order. */
static void
assert_same_set (char              **got,
                 const char * const *expected)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();

  for (guint i = 0; got[i] != NULL; i++)
    g_ptr_array_add (a, got[i]);
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (b, (gpointer) expected[i]);
  g_ptr_array_sort (a, compare_strings);
  g_ptr_array_sort (b, compare_strings);
  g_ptr_array_add (a, NULL);
  g_ptr_array_add (b, NULL);
  g_assert_cmpstrv ((const char * const *) a->pdata, (const char * const *) b->pdata);
}

static guint
default_pool_size (void)
{
  return MAX (2, g_get_num_processors ());
}

static gboolean
replace_worker (const GMatchInfo *info,
                GString          *result,
                gpointer          data)
{
  guint *worker = data;
  g_autofree char *digits = g_match_info_fetch (info, 1);
  guint64 n = g_ascii_strtoull (digits, NULL, 10);

  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, default_pool_size ());
  if (worker != NULL && *worker == 0)
    *worker = (guint) n;
  g_string_append (result, "DefaultDispatcher-worker-*");
  return FALSE;
}

/* Replaces "DefaultDispatcher-worker-N" by "DefaultDispatcher-worker-*" after
 * checking that N is the number of a worker of the Default pool, and stores
 * the first N in @worker (when it is 0). */
static char *
normalize_worker (const char *line,
                  guint      *worker)
{
  g_autoptr(GRegex) regex = g_regex_new ("DefaultDispatcher-worker-([0-9]+)\\b", 0, 0, NULL);
  char *ret;

  g_assert_nonnull (regex);
  ret = g_regex_replace_eval (regex, line, -1, 0, 0, replace_worker, worker, NULL);
  g_assert_nonnull (ret);
  return ret;
}

static char **
normalize_workers (char **lines)
{
  guint n = g_strv_length (lines);
  char **ret = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    ret[i] = normalize_worker (lines[i], NULL);
  return ret;
}

static void
assert_no_line (char      **lines,
                const char *forbidden)
{
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpstr (lines[i], !=, forbidden);
}

/* ------------------------------------------------------------------------ */
/* 1. Dispatchers and threads                                               */

typedef struct
{
  RillDispatcher *own;
  GThread        *main_thread;
  GThread        *inherited;
  GThread        *unconfined;
  GThread        *dflt;
  GThread        *own_thread;
  gint            n_run;           /* atomic */
} Dispatchers;

static void
dispatchers_inherited (RillScope *scope,
                       gpointer   data)
{
  Dispatchers *d = data;

  d->inherited = g_thread_self ();
  g_atomic_int_inc (&d->n_run);
  say ("main runBlocking : I'm working in thread %s", rill_thread_get_name ());
}

static void
dispatchers_unconfined (RillScope *scope,
                        gpointer   data)
{
  Dispatchers *d = data;

  d->unconfined = g_thread_self ();
  g_atomic_int_inc (&d->n_run);
  say ("Unconfined : I'm working in thread %s", rill_thread_get_name ());
}

static void
dispatchers_default (RillScope *scope,
                     gpointer   data)
{
  Dispatchers *d = data;

  d->dflt = g_thread_self ();
  g_atomic_int_inc (&d->n_run);
  say ("Default : I'm working in thread %s", rill_thread_get_name ());
}

static void
dispatchers_own (RillScope *scope,
                 gpointer   data)
{
  Dispatchers *d = data;

  d->own_thread = g_thread_self ();
  g_atomic_int_inc (&d->n_run);
  say ("newSingleThreadContext: I'm working in thread %s", rill_thread_get_name ());
}

static void
dispatchers_main (RillScope *scope,
                  gpointer   data)
{
  Dispatchers *d = data;
  g_autoptr(RillContext) own = rill_context_new (d->own, NULL);
  g_autoptr(RillJob) j1 = NULL;
  g_autoptr(RillJob) j2 = NULL;
  g_autoptr(RillJob) j3 = NULL;
  g_autoptr(RillJob) j4 = NULL;

  j1 = rill_launch (scope, NULL, dispatchers_inherited, d, NULL);
  j2 = rill_launch (scope, rill_context_unconfined (), dispatchers_unconfined, d, NULL);
  /* Unconfined ran in the caller, at once. */
  g_assert_true (d->unconfined == d->main_thread);
  j3 = rill_launch (scope, rill_context_default (), dispatchers_default, d, NULL);
  j4 = rill_launch (scope, own, dispatchers_own, d, NULL);
}

static void
test_dispatchers_and_threads (void)
{
  Dispatchers d = { 0, };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) rest = NULL;
  const char * const expected_rest[] = {
    "Default : I'm working in thread DefaultDispatcher-worker-*",
    "newSingleThreadContext: I'm working in thread MyOwnThread",
    "main runBlocking : I'm working in thread main",
    NULL
  };

  g_assert_cmpstr (rill_thread_get_name (), ==, "main");

  out_reset ();
  d.main_thread = g_thread_self ();
  d.own = rill_dispatcher_new_single_thread ("MyOwnThread");
  rill_run_blocking (NULL, dispatchers_main, &d);
  rill_dispatcher_close (d.own);
  g_assert_true (rill_dispatcher_is_closed (d.own));
  rill_dispatcher_unref (d.own);

  lines = out_take ();
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpint (g_atomic_int_get (&d.n_run), ==, 4);

  /* Unconfined runs inside launch (), before the main coroutine is free to
   * run the inherited one and before the other two are even launched. */
  g_assert_cmpstr (lines[0], ==, "Unconfined : I'm working in thread main");
  /* The others: "maybe in different order". */
  rest = normalize_workers (lines + 1);
  assert_same_set (rest, expected_rest);

  g_assert_true (d.inherited == d.main_thread);
  g_assert_true (d.unconfined == d.main_thread);
  g_assert_nonnull (d.dflt);
  g_assert_true (d.dflt != d.main_thread);
  g_assert_nonnull (d.own_thread);
  g_assert_true (d.own_thread != d.main_thread);
  g_assert_true (d.own_thread != d.dflt);
}

/* ------------------------------------------------------------------------ */
/* 2. Unconfined vs confined dispatcher                                     */

typedef struct
{
  GThread *main_thread;
  GThread *unconfined_after;
  GThread *confined_after;
  gboolean unconfined_delay;
  gboolean confined_delay;
} Confined;

static void
unconfined_block (RillScope *scope,
                  gpointer   data)
{
  Confined *c = data;

  say ("Unconfined : I'm working in thread %s", rill_thread_get_name ());
  c->unconfined_delay = rill_delay (500);
  c->unconfined_after = g_thread_self ();
  say ("Unconfined : After delay in thread %s", rill_thread_get_name ());
}

static void
confined_block (RillScope *scope,
                gpointer   data)
{
  Confined *c = data;

  say ("main runBlocking: I'm working in thread %s", rill_thread_get_name ());
  c->confined_delay = rill_delay (1000);
  c->confined_after = g_thread_self ();
  say ("main runBlocking: After delay in thread %s", rill_thread_get_name ());
}

static void
confined_main (RillScope *scope,
               gpointer   data)
{
  rill_job_unref (rill_launch (scope, rill_context_unconfined (), unconfined_block, data, NULL));
  rill_job_unref (rill_launch (scope, NULL, confined_block, data, NULL));
}

static void
test_unconfined_vs_confined (void)
{
  Confined c = { 0, };
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "Unconfined : I'm working in thread main",
    "main runBlocking: I'm working in thread main",
    "Unconfined : After delay in thread DefaultExecutor",
    "main runBlocking: After delay in thread main",
    NULL
  };

  out_reset ();
  c.main_thread = g_thread_self ();
  rill_run_blocking (NULL, confined_main, &c);
  lines = out_take ();

  g_assert_cmpstrv ((const char * const *) lines, expected);
  g_assert_true (c.unconfined_delay);
  g_assert_true (c.confined_delay);
  g_assert_true (c.confined_after == c.main_thread);
  g_assert_true (c.unconfined_after != c.main_thread);
}

/* ------------------------------------------------------------------------ */
/* 3. Debugging using logging                                               */

static gboolean
piece_a (RillScope  *scope,
         GValue     *result,
         gpointer    data,
         GError    **error)
{
  log_line ("I'm computing a piece of the answer");
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 6);
  return TRUE;
}

static gboolean
piece_b (RillScope  *scope,
         GValue     *result,
         gpointer    data,
         GError    **error)
{
  log_line ("I'm computing another piece of the answer");
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 7);
  return TRUE;
}

static gint
await_int (RillDeferred *deferred)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_deferred_await (deferred, &value, &error));
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_INT (&value));
  return g_value_get_int (&value);
}

static void
debug_main (RillScope *scope,
            gpointer   data)
{
  g_autoptr(RillDeferred) a = rill_async (scope, NULL, piece_a, NULL, NULL);
  g_autoptr(RillDeferred) b = rill_async (scope, NULL, piece_b, NULL, NULL);
  gint va = await_int (a);
  gint vb = await_int (b);

  log_line ("The answer is %d", va * vb);
}

#define DEBUG_EXPECTED \
  "[main @coroutine#2] I'm computing a piece of the answer\n" \
  "[main @coroutine#3] I'm computing another piece of the answer\n" \
  "[main @coroutine#1] The answer is 42\n"

static void
test_debug_labels (void)
{
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "[main @coroutine#2] I'm computing a piece of the answer",
    "[main @coroutine#3] I'm computing another piece of the answer",
    "[main @coroutine#1] The answer is 42",
    NULL
  };

  if (!g_test_subprocess ())
    {
      run_in_subprocess (DEBUG_EXPECTED);
      return;
    }

  g_assert_true (rill_debug_is_enabled ());
  /* Outside a coroutine the label is the thread's name alone. */
  {
    g_autofree char *label = rill_debug_label ();
    g_assert_cmpstr (label, ==, "main");
  }

  out_reset ();
  rill_run_blocking (NULL, debug_main, NULL);
  lines = out_take ();
  g_assert_cmpstrv ((const char * const *) lines, expected);
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */
/* 4. Jumping between threads                                               */

typedef struct
{
  RillDispatcher *ctx2;
  GThread        *ctx1_thread;
  GThread        *ctx2_thread;
  GThread        *back_thread;
} Jumping;

static gboolean
working_in_ctx2 (RillScope  *scope,
                 GValue     *result,
                 gpointer    data,
                 GError    **error)
{
  Jumping *j = data;

  j->ctx2_thread = g_thread_self ();
  log_line ("Working in ctx2");
  return TRUE;
}

static void
jumping_main (RillScope *scope,
              gpointer   data)
{
  Jumping *j = data;
  g_autoptr(RillContext) ctx2 = rill_context_new (j->ctx2, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  j->ctx1_thread = g_thread_self ();
  log_line ("Started in ctx1");
  ok = rill_with_context (ctx2, working_in_ctx2, NULL, j, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  j->back_thread = g_thread_self ();
  log_line ("Back to ctx1");
}

#define JUMPING_EXPECTED \
  "[Ctx1 @coroutine#1] Started in ctx1\n" \
  "[Ctx2 @coroutine#1] Working in ctx2\n" \
  "[Ctx1 @coroutine#1] Back to ctx1\n"

static void
test_jumping_between_threads (void)
{
  Jumping j = { 0, };
  RillDispatcher *ctx1;
  g_autoptr(RillContext) context1 = NULL;
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "[Ctx1 @coroutine#1] Started in ctx1",
    "[Ctx2 @coroutine#1] Working in ctx2",
    "[Ctx1 @coroutine#1] Back to ctx1",
    NULL
  };

  if (!g_test_subprocess ())
    {
      run_in_subprocess (JUMPING_EXPECTED);
      return;
    }

  out_reset ();
  ctx1 = rill_dispatcher_new_single_thread ("Ctx1");
  j.ctx2 = rill_dispatcher_new_single_thread ("Ctx2");
  context1 = rill_context_new (ctx1, NULL);
  rill_run_blocking (context1, jumping_main, &j);
  /* `use` closes the inner one first. */
  rill_dispatcher_close (j.ctx2);
  rill_dispatcher_close (ctx1);
  g_clear_pointer (&context1, rill_context_unref);
  rill_dispatcher_unref (j.ctx2);
  rill_dispatcher_unref (ctx1);

  lines = out_take ();
  g_assert_cmpstrv ((const char * const *) lines, expected);
  g_assert_true (j.ctx1_thread != g_thread_self ());
  g_assert_true (j.ctx2_thread != j.ctx1_thread);
  g_assert_true (j.back_thread == j.ctx1_thread);
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */
/* 5. Job in the context                                                    */

#define JOB_RE "\"%s\":%s\\{%s\\}@[0-9a-f]+"

static void
assert_job_string (const char *str,
                   const char *name_id,
                   const char *type,
                   const char *state)
{
  g_autofree char *pattern = g_strdup_printf ("^" JOB_RE "$", name_id, type, state);

  if (!g_regex_match_simple (pattern, str, 0, 0))
    g_error ("“%s” does not match /%s/", str, pattern);
}

typedef struct
{
  gboolean child_ran;
  char    *main_address;
} JobCtx;

static void
job_child (RillScope *scope,
           gpointer   data)
{
  JobCtx *jc = data;
  RillJob *job = rill_get_job ();
  g_autofree char *before = rill_job_to_string (job);
  g_autofree char *after = NULL;

  g_assert_nonnull (job);
  g_assert_true (job == rill_scope_get_job (scope));
  g_assert_true (rill_is_active ());
  g_assert_cmpint (rill_is_active (), ==, rill_job_is_active (rill_get_job ()));
  assert_job_string (before, "coroutine#2", "StandaloneCoroutine", "Active");

  /* isActive is coroutineContext[Job]?.isActive == true: also once cancelled. */
  g_assert_true (rill_job_cancel (job));
  g_assert_false (rill_is_active ());
  g_assert_cmpint (rill_is_active (), ==, rill_job_is_active (rill_get_job ()));
  after = rill_job_to_string (job);
  assert_job_string (after, "coroutine#2", "StandaloneCoroutine", "Cancelling");
  jc->child_ran = TRUE;
}

static void
job_main (RillScope *scope,
          gpointer   data)
{
  JobCtx *jc = data;
  g_autofree char *desc = rill_job_to_string (rill_get_job ());
  g_autofree char *again = NULL;
  g_autoptr(RillJob) child = NULL;
  const char *at;

  say ("My job is %s", desc);
  g_assert_true (rill_is_active ());
  g_assert_cmpint (rill_is_active (), ==, rill_job_is_active (rill_get_job ()));

  /* The same job describes itself the same way. */
  again = rill_job_to_string (rill_get_job ());
  g_assert_cmpstr (again, ==, desc);
  at = strrchr (desc, '@');
  g_assert_nonnull (at);
  jc->main_address = g_strdup (at + 1);

  child = rill_launch (scope, NULL, job_child, jc, NULL);
  g_assert_true (rill_job_join (child));
  g_assert_true (rill_job_is_cancelled (child));
  /* The child's cancellation is not the parent's. */
  g_assert_true (rill_is_active ());
  g_assert_cmpint (rill_is_active (), ==, rill_job_is_active (rill_get_job ()));
}

static void
test_job_in_context (void)
{
  JobCtx jc = { 0, };
  g_auto(GStrv) lines = NULL;
  g_autofree char *line_pattern = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocess ("My job is \"coroutine#1\":BlockingCoroutine{Active}@*\n");
      return;
    }

  /* Outside a coroutine there is no job, and isActive is false. */
  g_assert_null (rill_get_job ());
  g_assert_false (rill_is_active ());

  out_reset ();
  rill_run_blocking (NULL, job_main, &jc);
  lines = out_take ();

  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  line_pattern = g_strdup_printf ("^My job is " JOB_RE "$", "coroutine#1", "BlockingCoroutine", "Active");
  if (!g_regex_match_simple (line_pattern, lines[0], 0, 0))
    g_error ("“%s” does not match /%s/", lines[0], line_pattern);
  g_assert_true (jc.child_ran);
  g_assert_cmpuint (strlen (jc.main_address), >, 0);
  g_free (jc.main_address);
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */
/* 6. Children of a coroutine                                               */

typedef struct
{
  RillJob *request;
  RillJob *job1;
  RillJob *job2;
  gint     job2_second_delay;   /* -1: not reached */
} Children;

static void
children_job1 (RillScope *scope,
               gpointer   data)
{
  say ("job1: I run in GlobalScope and execute independently!");
  if (!rill_delay (1000))
    return;
  say ("job1: I am not affected by cancellation of the request");
}

static void
children_job2 (RillScope *scope,
               gpointer   data)
{
  Children *c = data;

  if (!rill_delay (100))
    return;
  say ("job2: I am a child of the request coroutine");
  c->job2_second_delay = rill_delay (1000);
  if (!c->job2_second_delay)
    return;
  say ("job2: I will not execute this line if my parent request is cancelled");
}

static void
children_request (RillScope *scope,
                  gpointer   data)
{
  Children *c = data;

  /* it spawns two other jobs, one with GlobalScope */
  c->job1 = rill_launch (rill_global_scope (), NULL, children_job1, c, NULL);
  /* and the other inherits the parent context */
  c->job2 = rill_launch (scope, NULL, children_job2, c, NULL);

  g_assert_null (rill_job_get_parent (c->job1));
  g_assert_true (rill_job_get_parent (c->job2) == rill_get_job ());
  g_assert_cmpuint (rill_job_get_n_children (rill_get_job ()), ==, 1);
}

static void
children_main (RillScope *scope,
               gpointer   data)
{
  Children *c = data;

  c->request = rill_launch (scope, NULL, children_request, c, NULL);
  g_assert_true (rill_delay (500));
  rill_job_cancel (c->request);   /* cancel processing of the request */
  g_assert_true (rill_delay (1000));   /* delay a second to see what happens */
  say ("main: Who has survived request cancellation?");

  /* Not in the page: makes the final state of job1 certain below. */
  g_assert_true (rill_job_join (c->job1));
}

static void
test_children_of_coroutine (void)
{
  Children c = { NULL, NULL, NULL, -1 };
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "job1: I run in GlobalScope and execute independently!",
    "job2: I am a child of the request coroutine",
    "job1: I am not affected by cancellation of the request",
    "main: Who has survived request cancellation?",
    NULL
  };

  out_reset ();
  rill_run_blocking (NULL, children_main, &c);
  lines = out_take ();

  g_assert_cmpstrv ((const char * const *) lines, expected);
  assert_no_line (lines, "job2: I will not execute this line if my parent request is cancelled");

  /* job2 was woken from its delay by the cancellation. */
  g_assert_cmpint (c.job2_second_delay, ==, FALSE);
  g_assert_cmpint (rill_job_get_state (c.request), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (c.job2), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (c.job1), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_false (rill_job_is_cancelled (c.job1));

  rill_job_unref (c.job1);
  rill_job_unref (c.job2);
  rill_job_unref (c.request);
}

/* ------------------------------------------------------------------------ */
/* 7. Parental responsibilities                                             */

static void
parental_child (RillScope *scope,
                gpointer   data)
{
  gint i = GPOINTER_TO_INT (data);

  g_assert_true (rill_delay ((i + 1) * 200));   /* variable delay 200ms, 400ms, 600ms */
  say ("Coroutine %d is done", i);
}

static void
parental_request (RillScope *scope,
                  gpointer   data)
{
  for (gint i = 0; i < 3; i++)   /* launch a few children jobs */
    rill_job_unref (rill_launch (scope, NULL, parental_child, GINT_TO_POINTER (i), NULL));
  say ("request: I'm done and I don't explicitly join my children that are still active");
}

static void
parental_main (RillScope *scope,
               gpointer   data)
{
  g_autoptr(RillJob) request = rill_launch (scope, NULL, parental_request, NULL, NULL);

  /* Not in the page: while its children run, the request's own body is done
   * but the job is not: it is completing, and still active. */
  g_assert_true (rill_delay (100));
  g_assert_cmpint (rill_job_get_state (request), ==, RILL_JOB_STATE_COMPLETING);
  g_assert_true (rill_job_is_active (request));
  g_assert_false (rill_job_is_completed (request));
  g_assert_cmpuint (rill_job_get_n_children (request), ==, 3);

  g_assert_true (rill_job_join (request));   /* wait for completion of the request, including all its children */
  g_assert_cmpint (rill_job_get_state (request), ==, RILL_JOB_STATE_COMPLETED);
  g_assert_cmpuint (rill_job_get_n_children (request), ==, 0);
  say ("Now processing of the request is complete");
}

static void
test_parental_responsibilities (void)
{
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "request: I'm done and I don't explicitly join my children that are still active",
    "Coroutine 0 is done",
    "Coroutine 1 is done",
    "Coroutine 2 is done",
    "Now processing of the request is complete",
    NULL
  };

  out_reset ();
  rill_run_blocking (NULL, parental_main, NULL);
  lines = out_take ();
  g_assert_cmpstrv ((const char * const *) lines, expected);
}

/* ------------------------------------------------------------------------ */
/* 8. Naming coroutines for debugging                                       */

static gboolean
compute_v1 (RillScope  *scope,
            GValue     *result,
            gpointer    data,
            GError    **error)
{
  if (!rill_delay (500))
    return TRUE;
  log_line ("Computing v1");
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 252);
  return TRUE;
}

static gboolean
compute_v2 (RillScope  *scope,
            GValue     *result,
            gpointer    data,
            GError    **error)
{
  if (!rill_delay (1000))
    return TRUE;
  log_line ("Computing v2");
  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, 6);
  return TRUE;
}

static void
naming_main (RillScope *scope,
             gpointer   data)
{
  g_autoptr(RillContext) n1 = rill_context_new (NULL, "v1coroutine");
  g_autoptr(RillContext) n2 = rill_context_new (NULL, "v2coroutine");
  g_autoptr(RillDeferred) v1 = NULL;
  g_autoptr(RillDeferred) v2 = NULL;
  gint a, b;

  log_line ("Started main coroutine");
  /* run two background value computations */
  v1 = rill_async (scope, n1, compute_v1, NULL, NULL);
  v2 = rill_async (scope, n2, compute_v2, NULL, NULL);
  a = await_int (v1);
  b = await_int (v2);
  log_line ("The answer for v1 / v2 = %d", a / b);
}

#define NAMING_EXPECTED \
  "[main @main#1] Started main coroutine\n" \
  "[main @v1coroutine#2] Computing v1\n" \
  "[main @v2coroutine#3] Computing v2\n" \
  "[main @main#1] The answer for v1 / v2 = 42\n"

static void
test_naming_coroutines (void)
{
  g_autoptr(RillContext) name = NULL;
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "[main @main#1] Started main coroutine",
    "[main @v1coroutine#2] Computing v1",
    "[main @v2coroutine#3] Computing v2",
    "[main @main#1] The answer for v1 / v2 = 42",
    NULL
  };

  if (!g_test_subprocess ())
    {
      run_in_subprocess (NAMING_EXPECTED);
      return;
    }

  out_reset ();
  name = rill_context_new (NULL, "main");
  g_assert_cmpstr (rill_context_get_name (name), ==, "main");
  g_assert_null (rill_context_get_dispatcher (name));
  rill_run_blocking (name, naming_main, NULL);
  lines = out_take ();
  g_assert_cmpstrv ((const char * const *) lines, expected);
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */
/* 9. Combining context elements                                            */

static void
combining_block (RillScope *scope,
                 gpointer   data)
{
  g_autofree char *label = rill_debug_label ();

  say ("I'm working in thread %s", label);
}

static void
combining_main (RillScope *scope,
                gpointer   data)
{
  g_autoptr(RillContext) name = rill_context_new (NULL, "test");
  g_autoptr(RillContext) ctx = rill_context_plus (rill_context_default (), name);
  g_autoptr(RillJob) job = NULL;

  g_assert_true (rill_context_get_dispatcher (ctx) == rill_dispatcher_default ());
  g_assert_cmpstr (rill_context_get_name (ctx), ==, "test");
  job = rill_launch (scope, ctx, combining_block, NULL, NULL);
}

static void
test_combining_context_elements (void)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *normalized = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocess ("I'm working in thread DefaultDispatcher-worker-* @test#2\n");
      return;
    }

  out_reset ();
  rill_run_blocking (NULL, combining_main, NULL);
  lines = out_take ();
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  normalized = normalize_worker (lines[0], NULL);
  g_assert_cmpstr (normalized, ==, "I'm working in thread DefaultDispatcher-worker-* @test#2");
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */
/* 10. Coroutine scope (the Activity)                                       */

typedef struct
{
  RillScope *main_scope;
  RillJob   *jobs[10];
  gint       done[10];   /* atomic */
} Activity;

static void
activity_destroy (Activity *self)
{
  rill_scope_cancel (self->main_scope);
}

typedef struct
{
  Activity *activity;
  gint      i;
} ActivityWork;

static void
activity_work (RillScope *scope,
               gpointer   data)
{
  ActivityWork *w = data;

  if (!rill_delay ((w->i + 1) * 200))   /* variable delay 200ms, 400ms, ... etc */
    return;
  g_atomic_int_set (&w->activity->done[w->i], 1);
  say ("Coroutine %d is done", w->i);
}

static void
activity_do_something (Activity *self)
{
  /* launch ten coroutines for a demo, each working for a different time */
  for (gint i = 0; i < 10; i++)
    {
      ActivityWork *w = g_new0 (ActivityWork, 1);

      w->activity = self;
      w->i = i;
      self->jobs[i] = rill_launch (self->main_scope, NULL, activity_work, w, g_free);
    }
}

static void
activity_main (RillScope *scope,
               gpointer   data)
{
  Activity *activity = data;

  activity_do_something (activity);   /* run test function */
  say ("Launched coroutines");
  g_assert_true (rill_delay (500));   /* delay for half a second */
  say ("Destroying activity!");
  activity_destroy (activity);   /* cancels all coroutines */
  g_assert_true (rill_delay (1000));   /* visually confirm that they don't work */

  /* Not in the page: makes the final states below certain. */
  for (guint i = 0; i < 10; i++)
    g_assert_true (rill_job_join (activity->jobs[i]));
}

static void
test_coroutine_scope_activity (void)
{
  Activity activity = { 0, };
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "Launched coroutines",
    "Coroutine 0 is done",
    "Coroutine 1 is done",
    "Destroying activity!",
    NULL
  };
  guint n_completed = 0, n_cancelled = 0;

  out_reset ();
  /* use Default for test purposes */
  activity.main_scope = rill_scope_new (rill_context_default ());
  rill_run_blocking (NULL, activity_main, &activity);
  lines = out_take ();

  g_assert_cmpstrv ((const char * const *) lines, expected);
  for (guint i = 2; i < 10; i++)
    {
      g_autofree char *never = g_strdup_printf ("Coroutine %u is done", i);
      assert_no_line (lines, never);
    }

  g_assert_false (rill_scope_is_active (activity.main_scope));
  g_assert_true (rill_job_is_cancelled (rill_scope_get_job (activity.main_scope)));
  for (guint i = 0; i < 10; i++)
    {
      RillJobState state = rill_job_get_state (activity.jobs[i]);

      if (i < 2)
        {
          g_assert_cmpint (state, ==, RILL_JOB_STATE_COMPLETED);
          g_assert_cmpint (g_atomic_int_get (&activity.done[i]), ==, 1);
          n_completed++;
        }
      else
        {
          g_assert_cmpint (state, ==, RILL_JOB_STATE_CANCELLED);
          g_assert_cmpint (g_atomic_int_get (&activity.done[i]), ==, 0);
          n_cancelled++;
        }
      rill_job_unref (activity.jobs[i]);
    }
  g_assert_cmpuint (n_completed, ==, 2);
  g_assert_cmpuint (n_cancelled, ==, 8);
  rill_scope_unref (activity.main_scope);
}

/* ------------------------------------------------------------------------ */
/* 11. Thread-local data                                                    */

static GPrivate thread_local = G_PRIVATE_INIT (NULL);

static const char *
thread_local_value (void)
{
  const char *value = g_private_get (&thread_local);

  return value != NULL ? value : "null";
}

static void
say_thread_local (const char *what)
{
  g_autofree char *label = rill_debug_label ();

  say ("%s, current thread: %s, thread local value: '%s'", what, label, thread_local_value ());
}

typedef struct
{
  GThread *start_thread;
  GThread *after_yield_thread;
  GThread *mutated_thread;
  gchar   *mutated_after;
  gint     n_plain;            /* atomic */
  gint     n_plain_leaked;     /* atomic: plain coroutines that saw a value */
} ThreadLocalData;

static void
thread_local_launch (RillScope *scope,
                     gpointer   data)
{
  ThreadLocalData *tl = data;

  tl->start_thread = g_thread_self ();
  say_thread_local ("Launch start");
  g_assert_true (rill_yield ());
  tl->after_yield_thread = g_thread_self ();
  say_thread_local ("After yield");
}

/* Not in the page: "when a thread-local is mutated, [...] the updated value
 * is lost on the next suspension". */
static void
thread_local_mutate (RillScope *scope,
                     gpointer   data)
{
  ThreadLocalData *tl = data;

  g_assert_cmpstr (thread_local_value (), ==, "launch");
  g_private_set (&thread_local, "mutated");
  g_assert_cmpstr (thread_local_value (), ==, "mutated");
  tl->mutated_thread = g_thread_self ();
  g_assert_true (rill_yield ());
  tl->mutated_after = g_strdup (thread_local_value ());
  /* And after a real suspension too. */
  g_private_set (&thread_local, "mutated again");
  g_assert_true (rill_delay (10));
  g_assert_cmpstr (thread_local_value (), ==, "launch");
}

/* A coroutine without the element: the worker's own value, which the element
 * must have put back. */
static void
thread_local_plain (RillScope *scope,
                    gpointer   data)
{
  ThreadLocalData *tl = data;

  if (g_private_get (&thread_local) != NULL)
    g_atomic_int_inc (&tl->n_plain_leaked);
  g_atomic_int_inc (&tl->n_plain);
}

static void
thread_local_main (RillScope *scope,
                   gpointer   data)
{
  ThreadLocalData *tl = data;
  g_autoptr(RillContext) element = rill_context_new_thread_local (&thread_local, (gpointer) "launch");
  g_autoptr(RillContext) ctx = rill_context_plus (rill_context_default (), element);
  g_autoptr(RillJob) job = NULL;
  g_autoptr(RillJob) mutate = NULL;

  say_thread_local ("Pre-main");
  job = rill_launch (scope, ctx, thread_local_launch, tl, NULL);
  /* The main coroutine has no element: it sees the main thread's value. */
  g_assert_cmpstr (thread_local_value (), ==, "main");
  g_assert_true (rill_job_join (job));
  say_thread_local ("Post-main");

  mutate = rill_launch (scope, ctx, thread_local_mutate, tl, NULL);
  g_assert_true (rill_job_join (mutate));
  g_assert_cmpstr (thread_local_value (), ==, "main");

  for (guint i = 0; i < 4 * default_pool_size (); i++)
    {
      g_autoptr(RillJob) plain = rill_launch (scope, rill_context_default (), thread_local_plain, tl, NULL);
      g_assert_true (rill_job_join (plain));
    }
}

#define THREAD_LOCAL_EXPECTED \
  "Pre-main, current thread: main @coroutine#1, thread local value: 'main'\n" \
  "Launch start, current thread: DefaultDispatcher-worker-* @coroutine#2, thread local value: 'launch'\n" \
  "After yield, current thread: DefaultDispatcher-worker-* @coroutine#2, thread local value: 'launch'\n" \
  "Post-main, current thread: main @coroutine#1, thread local value: 'main'\n"

static void
test_thread_local_data (void)
{
  ThreadLocalData tl = { 0, };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) normalized = NULL;
  guint worker_start = 0, worker_after = 0;
  const char * const expected[] = {
    "Pre-main, current thread: main @coroutine#1, thread local value: 'main'",
    "Launch start, current thread: DefaultDispatcher-worker-* @coroutine#2, thread local value: 'launch'",
    "After yield, current thread: DefaultDispatcher-worker-* @coroutine#2, thread local value: 'launch'",
    "Post-main, current thread: main @coroutine#1, thread local value: 'main'",
    NULL
  };

  if (!g_test_subprocess ())
    {
      run_in_subprocess (THREAD_LOCAL_EXPECTED);
      return;
    }

  out_reset ();
  g_private_set (&thread_local, (gpointer) "main");
  rill_run_blocking (NULL, thread_local_main, &tl);
  lines = out_take ();

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  normalized = normalize_workers (lines);
  g_assert_cmpstrv ((const char * const *) normalized, expected);

  /* Fibers do not migrate: after yield () the coroutine is on the worker
   * that started it (kotlinx may show another worker here). */
  g_free (normalize_worker (lines[1], &worker_start));
  g_free (normalize_worker (lines[2], &worker_after));
  g_assert_cmpuint (worker_start, !=, 0);
  g_assert_cmpuint (worker_start, ==, worker_after);
  g_assert_true (tl.start_thread == tl.after_yield_thread);
  g_assert_true (tl.start_thread != g_thread_self ());

  /* A value set by the coroutine itself is lost at the next suspension. */
  g_assert_nonnull (tl.mutated_thread);
  g_assert_cmpstr (tl.mutated_after, ==, "launch");
  g_free (tl.mutated_after);

  /* The element never clobbered the threads' own values. */
  g_assert_cmpint (g_atomic_int_get (&tl.n_plain), ==, 4 * default_pool_size ());
  g_assert_cmpint (g_atomic_int_get (&tl.n_plain_leaked), ==, 0);
  g_assert_cmpstr (thread_local_value (), ==, "main");
  print_lines (lines);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  /* The page runs with -Dkotlinx.coroutines.debug; debug mode is read when
   * the first coroutine is created, so set it before anything else. */
  g_setenv ("RILL_DEBUG", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seed/context-dispatchers/dispatchers-and-threads", test_dispatchers_and_threads);
  g_test_add_func ("/seed/context-dispatchers/unconfined-vs-confined", test_unconfined_vs_confined);
  g_test_add_func ("/seed/context-dispatchers/debug-labels", test_debug_labels);
  g_test_add_func ("/seed/context-dispatchers/jumping-between-threads", test_jumping_between_threads);
  g_test_add_func ("/seed/context-dispatchers/job-in-context", test_job_in_context);
  g_test_add_func ("/seed/context-dispatchers/children-of-coroutine", test_children_of_coroutine);
  g_test_add_func ("/seed/context-dispatchers/parental-responsibilities", test_parental_responsibilities);
  g_test_add_func ("/seed/context-dispatchers/naming-coroutines", test_naming_coroutines);
  g_test_add_func ("/seed/context-dispatchers/combining-context-elements", test_combining_context_elements);
  g_test_add_func ("/seed/context-dispatchers/coroutine-scope-activity", test_coroutine_scope_activity);
  g_test_add_func ("/seed/context-dispatchers/thread-local-data", test_thread_local_data);

  return g_test_run ();
}
