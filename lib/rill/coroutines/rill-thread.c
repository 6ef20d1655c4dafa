/* rill-thread.c: per-thread state of the runtime
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <unistd.h>
#include <sys/syscall.h>
#ifdef HAVE_SYS_PRCTL_H
# include <sys/prctl.h>
#endif

#include "rill-thread-private.h"

static __thread RillThread *current_thread __attribute__((tls_model ("initial-exec")));

static void
thread_free (gpointer data)
{
  RillThread *t = data;

  g_free (t->name);
  g_free (t);
}

static GPrivate thread_key = G_PRIVATE_INIT (thread_free);

static RillThread *
thread_new (void)
{
  RillThread *t = g_new0 (RillThread, 1);

  t->is_main = getpid () == (pid_t) syscall (SYS_gettid);
  t->fiber = rill_fiber_thread_self ();
  g_private_set (&thread_key, t);
  current_thread = t;
  return t;
}

RillThread *
rill_thread_get (void)
{
  RillThread *t = current_thread;

  if G_UNLIKELY (t == NULL)
    t = thread_new ();
  return t;
}

void
rill_thread_set_name (const char *name)
{
  RillThread *t = rill_thread_get ();

  g_free (t->name);
  t->name = g_strdup (name);
}
