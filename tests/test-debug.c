/* test-debug.c: debug mode, labels and coroutine dumps
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rill.h>

static void
sleeps_in_worker (RillScope *scope,
                  gpointer   user_data)
{
  rill_delay (60000);
}

static gboolean
dump_from_pool (RillScope  *scope,
                GValue     *result,
                gpointer    user_data,
                GError    **error)
{
  g_value_init (result, G_TYPE_STRING);
  g_value_take_string (result, rill_debug_label ());
  return TRUE;
}

/* Exported, so that the dump can name it as the launch site. */
void dump_body (RillScope *scope, gpointer user_data);

void
dump_body (RillScope *scope,
           gpointer   user_data)
{
  g_autoptr(RillContext) named = rill_context_new (NULL, "worker");
  g_autoptr(RillJob) job = rill_launch (scope, named, sleeps_in_worker, NULL, NULL);
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  g_autofree char *label = rill_debug_label ();
  g_auto(GValue) pool_label = G_VALUE_INIT;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) worker_line = NULL;
  g_autoptr(GRegex) self_line = NULL;

  rill_yield ();
  g_assert_cmpstr (label, ==, "main @coroutine#1");

  dump = rill_dump_coroutines_to_string ();
  g_test_message ("%s", dump);
  lines = g_strsplit (dump, "\n", -1);
  /* Newest first: the worker, then this one; the trailing "" ends it. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  worker_line = g_regex_new ("^worker#2 SUSPENDED state=\"worker#2\":StandaloneCoroutine\\{Active\\}@[0-9a-f]+ "
                             "dispatcher=Dispatchers\\.Main launched-at=dump_body\\+0x[0-9a-f]+$", 0, 0, NULL);
  self_line = g_regex_new ("^coroutine#1 RUNNING state=\"coroutine#1\":BlockingCoroutine\\{Active\\}@[0-9a-f]+ "
                           "dispatcher=Dispatchers\\.Main launched-at=test_dump\\+0x[0-9a-f]+$", 0, 0, NULL);
  g_assert_true (g_regex_match (worker_line, lines[0], 0, NULL));
  g_assert_true (g_regex_match (self_line, lines[1], 0, NULL));
  g_assert_cmpstr (lines[2], ==, "");

  /* with_context keeps the caller's id on the other thread. */
  g_assert_true (rill_with_context (rill_context_default (), dump_from_pool, &pool_label, NULL, NULL));
  g_assert_true (g_str_has_prefix (g_value_get_string (&pool_label), "DefaultDispatcher-worker-"));
  g_assert_true (g_str_has_suffix (g_value_get_string (&pool_label), " @coroutine#1"));

  rill_job_cancel (job);
  rill_job_join (job);
  after = rill_dump_coroutines_to_string ();
  g_assert_null (strstr (after, "worker#2"));
  g_assert_nonnull (strstr (after, "coroutine#1 RUNNING"));
}

void test_dump (void);

void
test_dump (void)
{
  g_assert_true (rill_debug_is_enabled ());
  rill_run_blocking (NULL, dump_body, NULL);
  /* Nothing is left alive. */
  {
    g_autofree char *dump = rill_dump_coroutines_to_string ();
    g_assert_cmpstr (dump, ==, "");
  }
  {
    g_autofree char *label = rill_debug_label ();
    g_assert_cmpstr (label, ==, "main");
  }
}

static void
yields_once (RillScope *scope,
             gpointer   user_data)
{
  rill_yield ();
}

static void
count_body (RillScope *scope,
            gpointer   user_data)
{
  g_autoptr(RillJob) sleepers = rill_job_new (rill_get_job ());
  g_autoptr(RillContext) context = rill_context_new_for_job (sleepers);
  g_autoptr(RillJob) lazy = NULL;
  g_autoptr(RillJob) done = NULL;

  /* This one, running. */
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 1);

  /* Three suspended, and one not started yet: all live. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(RillJob) job = rill_launch (scope, context, sleeps_in_worker, NULL, NULL);
    }
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 4);
  rill_yield ();
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 4);
  lazy = rill_launch_full (scope, NULL, RILL_COROUTINE_START_LAZY, sleeps_in_worker, NULL, NULL);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 5);

  /* A completed one is not. */
  done = rill_launch (scope, NULL, yields_once, NULL, NULL);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 6);
  g_assert_true (rill_job_join (done));
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 5);

  /* Cancelled and finished: gone. */
  rill_job_cancel (sleepers);
  g_assert_true (rill_job_join (sleepers));
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 2);
  /* Cancelled before it ever ran. */
  rill_job_cancel (lazy);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 1);
}

static void
test_count (void)
{
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
  rill_run_blocking (NULL, count_body, NULL);
  g_assert_cmpuint (rill_debug_count_coroutines (), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* Read at the first coroutine, not when the library is loaded. */
  g_setenv ("RILL_DEBUG", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/debug/dump", test_dump);
  g_test_add_func ("/debug/count", test_count);

  return g_test_run ();
}
