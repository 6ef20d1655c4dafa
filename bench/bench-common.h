/* bench-common.h: what every benchmark program does the same way
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdio.h>
#include <time.h>

#include <glib.h>

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One result line, `name: value unit`, with @decimals digits. */
static inline void
report_decimals (const char *name,
                 double      value,
                 int         decimals,
                 const char *unit)
{
  printf ("%s: %.*f %s\n", name, decimals, value, unit);
  fflush (stdout);
}

static inline void
report (const char *name,
        double      value,
        const char *unit)
{
  report_decimals (name, value, 1, unit);
}

static inline int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Whether to run @name: all without arguments, else only those named. */
static inline gboolean
wanted (int          argc,
        char       **argv,
        const char  *name)
{
  if (argc <= 1)
    return TRUE;
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], name))
      return TRUE;
  return FALSE;
}
