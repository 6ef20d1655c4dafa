/* rill-debug.c: coroutine ids, debug labels and dumps
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <unistd.h>
#include <sys/syscall.h>
#ifdef HAVE_SYS_PRCTL_H
# include <sys/prctl.h>
#endif

#include "rill-coroutine-private.h"
#include "rill-debug.h"

static gint debug_mode = -1;
static guint64 next_id;
static GMutex registry_lock;
static RillCoroutine *registry;

/**
 * rill_debug_is_enabled:
 *
 * Debug mode is on when the `RILL_DEBUG` environment variable is set to a
 * non-empty value other than `0` when the first coroutine is created (not when
 * the library is loaded). It gives every coroutine an id for
 * [func@Rill.debug_label] and lets [func@Rill.dump_coroutines] list them.
 *
 * Returns: whether debug mode is on
 */
gboolean
rill_debug_is_enabled (void)
{
  gint mode = g_atomic_int_get (&debug_mode);

  if G_UNLIKELY (mode < 0)
    {
      const char *env = g_getenv ("RILL_DEBUG");
      mode = env != NULL && *env != '\0' && g_strcmp0 (env, "0") != 0;
      g_atomic_int_set (&debug_mode, mode);
    }
  return mode;
}

guint64
rill_debug_next_id (void)
{
  return __atomic_add_fetch (&next_id, 1, __ATOMIC_RELAXED);
}

void
rill_debug_register (RillCoroutine *co,
                     guint64        id)
{
  co->debug = g_new0 (RillCoroutineDebug, 1);
  co->debug->id = id;
  g_mutex_lock (&registry_lock);
  co->debug->next = registry;
  if (registry != NULL)
    registry->debug->prev = co;
  registry = co;
  g_mutex_unlock (&registry_lock);
}

void
rill_debug_unregister (RillCoroutine *co)
{
  RillCoroutineDebug *d = co->debug;

  if (d == NULL)
    return;
  g_mutex_lock (&registry_lock);
  if (d->prev != NULL || registry == co)
    {
      if (d->prev != NULL)
        d->prev->debug->next = d->next;
      else
        registry = d->next;
      if (d->next != NULL)
        d->next->debug->prev = d->prev;
    }
  d->prev = d->next = NULL;
  g_mutex_unlock (&registry_lock);
}

/**
 * rill_debug_label:
 *
 * kotlinx's debug thread name, for log lines: the name of the calling thread
 * and, in a coroutine in debug mode, ` @NAME#ID` where NAME is the
 * coroutine's name element or `coroutine`, for example `main @coroutine#2`.
 * [func@Rill.with_context] keeps the caller's id.
 *
 * Returns: (transfer full): the label
 */
char *
rill_debug_label (void)
{
  RillCoroutine *co = rill_coroutine_current ();
  const char *thread = rill_thread_get_name ();

  if (co != NULL && co->debug != NULL)
    {
      const char *name = co->context->name;
      return g_strdup_printf ("%s @%s#%" G_GUINT64_FORMAT, thread,
                              name != NULL ? name : "coroutine", co->debug->id);
    }
  return g_strdup (thread);
}

static const char *
coroutine_status (RillCoroutine *co)
{
  gint64 w = __atomic_load_n (&co->wake, __ATOMIC_ACQUIRE);

  if (!co->started)
    return "CREATED";
  if ((w & 3) == RILL_WAKE_PARKED)
    return "SUSPENDED";
  return "RUNNING";
}

/**
 * rill_dump_coroutines_to_string:
 *
 * Describes every live coroutine, one per line, newest first: its id and
 * name, its state, its dispatcher and the place it was launched from. Only
 * coroutines created in debug mode are known.
 *
 * Returns: (transfer full): the dump
 */
char *
rill_dump_coroutines_to_string (void)
{
  GString *out = g_string_new (NULL);

  if (!rill_debug_is_enabled ())
    {
      g_string_append (out, "Coroutine dump unavailable: set RILL_DEBUG=1\n");
      return g_string_free (out, FALSE);
    }

  g_mutex_lock (&registry_lock);
  for (RillCoroutine *co = registry; co != NULL; co = co->debug->next)
    {
      g_autofree char *job = rill_job_to_string (&co->job);
      Dl_info info = { 0, };
      const char *site = "?";
      g_autofree char *site_buf = NULL;

      if (co->debug->launch_site != NULL && dladdr (co->debug->launch_site, &info) && info.dli_sname != NULL)
        site = site_buf = g_strdup_printf ("%s+0x%" G_GINTPTR_MODIFIER "x", info.dli_sname,
                                           (guintptr) co->debug->launch_site - (guintptr) info.dli_saddr);
      else if (co->debug->launch_site != NULL && info.dli_fname != NULL)
        {
          /* A static function: the module and offset, for addr2line. */
          g_autofree char *base = g_path_get_basename (info.dli_fname);
          site = site_buf = g_strdup_printf ("%s+0x%" G_GINTPTR_MODIFIER "x", base,
                                             (guintptr) co->debug->launch_site - (guintptr) info.dli_fbase);
        }
      else if (co->debug->launch_site != NULL)
        site = site_buf = g_strdup_printf ("%p", co->debug->launch_site);

      g_string_append_printf (out, "%s#%" G_GUINT64_FORMAT " %s state=%s dispatcher=%s launched-at=%s\n",
                              co->context->name != NULL ? co->context->name : "coroutine",
                              co->debug->id, coroutine_status (co), job,
                              co->dispatcher->name, site);
    }
  g_mutex_unlock (&registry_lock);
  return g_string_free (out, FALSE);
}

/**
 * rill_debug_count_coroutines:
 *
 * Counts the live coroutines: those that were created and have not
 * completed yet, whether they are waiting to start, running or suspended.
 * They are the ones [func@Rill.dump_coroutines_to_string] lists, and as
 * there, only coroutines created in debug mode ([func@Rill.debug_is_enabled])
 * are known: without it, this is 0.
 *
 * A test can check with it that nothing it started is left behind, for
 * example once the widgets whose scopes ran coroutines are destroyed.
 *
 * Returns: the number of live coroutines
 */
guint
rill_debug_count_coroutines (void)
{
  guint n = 0;

  if (!rill_debug_is_enabled ())
    return 0;

  g_mutex_lock (&registry_lock);
  for (RillCoroutine *co = registry; co != NULL; co = co->debug->next)
    n++;
  g_mutex_unlock (&registry_lock);
  return n;
}

/**
 * rill_dump_coroutines:
 *
 * Prints [func@Rill.dump_coroutines_to_string] to standard error.
 */
void
rill_dump_coroutines (void)
{
  g_autofree char *dump = rill_dump_coroutines_to_string ();

  g_printerr ("%s", dump);
}

/**
 * rill_thread_get_name:
 *
 * The name of the calling thread as Rill shows it: `main` for the process's
 * first thread, the name Rill gave to its own threads (such as
 * `DefaultDispatcher-worker-1`), otherwise the name the system has for it.
 *
 * Returns: the name of the calling thread
 */
const char *
rill_thread_get_name (void)
{
  RillThread *t = rill_thread_get ();

  if (t->name == NULL)
    {
      if (t->is_main)
        t->name = g_strdup ("main");
      else
        {
#ifdef HAVE_SYS_PRCTL_H
          char buf[17] = { 0, };
          if (prctl (PR_GET_NAME, buf, 0, 0, 0) == 0 && buf[0] != '\0')
            t->name = g_strdup (buf);
          else
#endif
            t->name = g_strdup_printf ("thread-%ld", (long) syscall (SYS_gettid));
        }
    }
  return t->name;
}
