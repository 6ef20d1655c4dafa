/* rill-lifecycle-coroutines.c: what the lifecycle's coroutine functions share
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-coroutines-private.h"

typedef struct
{
  RillCoroutine *co;
  guint64        seq;
} JobWaiter;

static void
job_waiter_resume (RillJob      *job,
                   const GError *cause,
                   gpointer      data)
{
  JobWaiter *waiter = data;

  /* A stale sequence number (the coroutine was woken otherwise and moved
   * on) is ignored by the resume. */
  rill_coroutine_resume (waiter->co, waiter->seq);
}

static void
job_waiter_free (gpointer data)
{
  JobWaiter *waiter = data;

  rill_job_unref (&waiter->co->job);
  g_free (waiter);
}

void
rill_lifecycle_await_final (RillCoroutine *co,
                            RillJob       *job)
{
  while (!rill_job_is_final_state (rill_job_state_fast (job)))
    {
      JobWaiter *waiter = g_new (JobWaiter, 1);
      RillJobHandler *handler;

      waiter->co = co;
      rill_job_ref (&co->job);
      waiter->seq = rill_coroutine_prepare_suspend (co);
      handler = rill_job_add_handler (job, job_waiter_resume, waiter, job_waiter_free);
      if (handler == NULL)
        {
          job_waiter_free (waiter);
          break;
        }
      rill_coroutine_suspend (co);
      if (!rill_job_is_final_state (rill_job_state_fast (job)))
        rill_job_remove_handler (job, handler);
    }
}

RillScope *
rill_lifecycle_main_scope_new (void)
{
  g_autoptr(RillJob) job = rill_supervisor_job_new (NULL);
  g_autoptr(RillContext) job_context = rill_context_new_for_job (job);
  g_autoptr(RillContext) context = rill_context_plus (rill_context_main_immediate (), job_context);

  return rill_scope_new (context);
}

void
rill_lifecycle_propagate_failure (GError *error)
{
  RillJob *job;

  if (error == NULL)
    return;
  job = rill_get_job ();
  if (job != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rill_job_complete_exceptionally (job, error);
  g_error_free (error);
}
