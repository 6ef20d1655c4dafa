/* test-work-readonly.c: a work database the user cannot write
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The database and its folder are made read-only, then a child process
 * opens it, as an unprivileged user when the test runs as root (root
 * writes whatever the modes say): it must get a clear GError, not a crash
 * and not a manager that fails later.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <rill.h>

#include "test-tmp-dir.h"

#define NOBODY 65534

static int
child_main (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkManager) manager = rill_work_manager_new_for_path (path, &error);

  if (manager != NULL)
    {
      g_print ("opened\n");
      return 1;
    }
  /* As bytes: g_print () would convert to the locale's charset. */
  printf ("%s %d %s\n", g_quark_to_string (error->domain), error->code, error->message);
  return 0;
}

static void
drop_privileges (gpointer user_data)
{
  if (geteuid () == 0 && (setgid (NOBODY) != 0 || setuid (NOBODY) != 0))
    _exit (77);
}

static void
test_read_only_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-work-ro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.db", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  {
    /* A real database, with a row, closed cleanly. */
    g_autoptr(RillWorkManager) manager = rill_work_manager_new_for_path (path, &error);
    g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("SomeWorker");

    g_assert_no_error (error);
    g_assert_true (rill_work_manager_enqueue (manager, request, NULL));
  }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_subprocess_launcher_set_child_setup (launcher, drop_privileges, NULL, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, g_test_get_filename (G_TEST_BUILT, "test-work-readonly", NULL),
                                       "--child", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  if (g_subprocess_get_exit_status (child) != 0)
    g_error ("the child ended with %d and said: %s", g_subprocess_get_exit_status (child), out);
  expected = g_strdup_printf ("rill-work-error-quark %d The work database “%s” is read-only",
                              RILL_WORK_ERROR_DATABASE, path);
  if (!g_str_has_prefix (out, expected))
    g_error ("the child said: %s", out);

  g_chmod (dir, 0700);
  remove_tree (dir);
}

/* A folder that cannot be made: the error names the path. */
static void
test_unusable_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkManager) manager = rill_work_manager_new_for_path ("/proc/rill-test/work.db", &error);

  g_assert_null (manager);
  g_assert_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "/proc/rill-test/work.db"));
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/work-readonly/read-only-database", test_read_only_database);
  g_test_add_func ("/work-readonly/unusable-folder", test_unusable_folder);
  return g_test_run ();
}
