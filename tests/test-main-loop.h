/* test-main-loop.h: running the default main context in tests
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

typedef gboolean (*Condition) (gpointer data);

static inline gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @cond holds or @timeout_ms passed;
 * a 10 ms tick keeps the loop from sleeping past the deadline. */
static inline gboolean
iterate_until (Condition cond,
               gpointer  data,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint id = g_timeout_add (10, tick, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return ok;
}

static inline gboolean
never (gpointer data)
{
  return FALSE;
}

static inline void
iterate_for (guint ms)
{
  iterate_until (never, NULL, ms);
}

/* Runs what is ready, and what that makes ready, a few rounds deep. */
static inline void
iterate_pending (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* For a pointer that a weak pointer clears. */
static inline gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}
