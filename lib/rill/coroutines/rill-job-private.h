/* rill-job-private.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rill-job.h"

G_BEGIN_DECLS

typedef struct _RillCoroutine RillCoroutine;
typedef struct _RillJobHandler RillJobHandler;

typedef enum {
  RILL_JOB_FLAG_SUPERVISOR     = 1 << 0,
  RILL_JOB_FLAG_COROUTINE      = 1 << 1,  /* a coroutine: handles exceptions */
  RILL_JOB_FLAG_SCOPED         = 1 << 2,  /* with_context & co: failure goes to the caller, not the parent */
  RILL_JOB_FLAG_BODY_DONE      = 1 << 3,
  RILL_JOB_FLAG_FAILED         = 1 << 4,  /* the cause is a failure, not a cancellation */
  RILL_JOB_FLAG_REPORTS_ERRORS = 1 << 5,  /* launch: report a failure nobody handled */
  RILL_JOB_FLAG_TIMED_OUT      = 1 << 6,
  RILL_JOB_FLAG_HANDLES_ERRORS = 1 << 7,  /* it or an ancestor is a coroutine */
} RillJobFlags;

typedef struct
{
  const char *type_name;
  void      (*finalize)      (RillJob *job);
  /* Called once when the job starts cancelling, outside its lock. */
  void      (*cancelling)    (RillJob *job);
  /* Called once in the final state, before the completion handlers. */
  void      (*completed)     (RillJob *job);
  /* Starts a job created lazily. */
  void      (*start)         (RillJob *job);
} RillJobClass;

struct _RillJobHandler
{
  RillJobHandler        *prev;
  RillJobHandler        *next;
  RillJobCompletionFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
  guint                  id;
  /* A wake handler (func NULL) resumes the coroutine in @data with this
   * sequence number, the one it suspended with: a completion that comes
   * after the coroutine was woken otherwise cannot resume a later
   * suspension. */
  guint64                seq;
};

struct _RillJob
{
  const RillJobClass *klass;
  gint                ref_count;
  gint                lock;          /* rill_spin_lock() */
  gint                state;         /* RillJobState, written under the lock */
  guint               flags;         /* RillJobFlags, under the lock */
  guint               n_children;
  guint               next_handler_id;
  RillJob            *parent;
  RillJob            *first_child;
  RillJob            *prev_sibling;
  RillJob            *next_sibling;
  RillJobHandler     *handlers;
  GError             *cause;
  GCancellable       *cancellable;
  RillCoroutine      *host;          /* the fiber to wake when this job is cancelled */
};

void            rill_job_init               (RillJob            *job,
                                             const RillJobClass *klass,
                                             RillJob            *parent,
                                             guint               flags,
                                             gboolean            lazy);
void            rill_job_attach             (RillJob            *parent,
                                             RillJob            *child);
void            rill_job_body_done          (RillJob            *job,
                                             GError             *failure);
gboolean        rill_job_cancel_internal    (RillJob            *job,
                                             GError             *cause,
                                             gboolean            failure);
/* NULL when @job is already final: the handler is not added and @data is
 * left to the caller. */
RillJobHandler *rill_job_add_handler        (RillJob            *job,
                                             RillJobCompletionFunc func,
                                             gpointer            data,
                                             GDestroyNotify      destroy);
/* Resumes @co (with a reference held until the handler goes) with @seq when
 * @job completes; NULL, and nothing held, when @job is already final. */
RillJobHandler *rill_job_add_wake_handler   (RillJob            *job,
                                             struct _RillCoroutine *co,
                                             guint64             seq);
/* For a launched coroutine whose block returned FALSE with @error (NULL if
 * it set none): nothing once @job is cancelled; a cancellation error cancels
 * @job without failing its parent; any other error fails it. */
void            rill_job_end_with_block_error (RillJob          *job,
                                               const GError     *error);
gboolean        rill_job_remove_handler     (RillJob            *job,
                                             RillJobHandler     *handler);
gboolean        rill_job_has_flag           (RillJob            *job,
                                             RillJobFlags        flag);
void            rill_job_set_flag           (RillJob            *job,
                                             RillJobFlags        flag);
GError         *rill_job_dup_cause          (RillJob            *job);
GError         *rill_cancelled_error_new    (void);
gboolean        rill_job_is_final_state     (RillJobState        state);

static inline RillJobState
rill_job_state_fast (RillJob *job)
{
  return (RillJobState) g_atomic_int_get (&job->state);
}

static inline gboolean
rill_job_is_cancelled_fast (RillJob *job)
{
  RillJobState st = rill_job_state_fast (job);
  return st == RILL_JOB_STATE_CANCELLING || st == RILL_JOB_STATE_CANCELLED;
}

G_END_DECLS
