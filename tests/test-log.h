/* test-log.h: an ordered log of lines for tests, writable from any thread
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

static GMutex log_lock;
static GPtrArray *log_lines;

static inline void
log_reset (void)
{
  g_mutex_lock (&log_lock);
  g_clear_pointer (&log_lines, g_ptr_array_unref);
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&log_lock);
}

G_GNUC_PRINTF (1, 2) static inline void
log_line (const char *format,
          ...)
{
  va_list args;
  char *line;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&log_lock);
  g_ptr_array_add (log_lines, line);
  g_mutex_unlock (&log_lock);
}

/* The lines logged so far are exactly @expected, in order. */
static inline void
assert_log (const char * const *expected)
{
  g_mutex_lock (&log_lock);
  g_ptr_array_add (log_lines, NULL);
  g_assert_cmpstrv ((const char * const *) log_lines->pdata, expected);
  g_ptr_array_set_size (log_lines, log_lines->len - 1);
  g_mutex_unlock (&log_lock);
}

static inline gboolean
log_contains (const char *line)
{
  gboolean found = FALSE;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len; i++)
    found |= g_str_equal (log_lines->pdata[i], line);
  g_mutex_unlock (&log_lock);
  return found;
}

static inline guint
log_length (void)
{
  guint n;

  g_mutex_lock (&log_lock);
  n = log_lines->len;
  g_mutex_unlock (&log_lock);
  return n;
}
