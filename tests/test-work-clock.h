/* test-work-clock.h: work managers of tests on the virtual time of a test
 * scope
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rill.h>

/* The wall clock of the tests' work managers at virtual time 0, in ms:
 * 2023-11-14 22:13:20 UTC. */
#define BASE_TIME G_GINT64_CONSTANT (1700000000000)

static inline gint64
test_work_virtual_clock (gpointer user_data)
{
  return BASE_TIME + (gint64) rill_test_scope_get_current_time (user_data);
}

/* A manager of the database at @path whose clock is @ts's virtual time. */
static inline RillWorkManager *
test_work_open_manager (const char    *path,
                        RillTestScope *ts)
{
  g_autoptr(GError) error = NULL;
  RillWorkManager *manager = rill_work_manager_new_for_path (path, &error);

  g_assert_no_error (error);
  rill_work_manager_set_clock (manager, test_work_virtual_clock, ts, NULL);
  return manager;
}
