/* rill-job.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * RillJob:
 *
 * A cancellable piece of work with a life cycle, the counterpart of kotlinx's
 * `Job`.
 *
 * Every coroutine has a job; plain jobs made with [ctor@Rill.Job.new] and
 * [func@Rill.supervisor_job_new] group coroutines in a scope. Jobs form a tree:
 *
 * - a parent completes only after all its children;
 * - cancelling a parent cancels all its children, recursively;
 * - a child that fails (ends with an error that is not a cancellation) cancels
 *   its parent and so its siblings, unless the parent is a supervisor job.
 *
 * A job moves through the states of [enum@Rill.JobState]: a job that is
 * active may become completing (its body is done, it waits for children) or
 * cancelling, and ends either completed or cancelled.
 *
 * Jobs are reference counted and may be used from any thread.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "rill-coroutine-private.h"
#include "rill-i18n-private.h"
#include "rill-job-private.h"
#include "rill-spin-lock-private.h"

G_DEFINE_BOXED_TYPE (RillJob, rill_job, rill_job_ref, rill_job_unref)

/* A job's lock guards a few fields for a few instructions. */
static inline void
job_lock (RillJob *job)
{
  rill_spin_lock (&job->lock);
}

static inline void
job_unlock (RillJob *job)
{
  rill_spin_unlock (&job->lock);
}

void
rill_job_end_with_block_error (RillJob      *job,
                               const GError *error)
{
  g_autoptr(GError) failure = NULL;

  if (rill_job_is_cancelled_fast (job))
    return;
  if (error == NULL)
    failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The coroutine failed without an error"));
  else
    failure = g_error_copy (error);
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rill_job_cancel_with_error (job, failure);
  else
    rill_job_complete_exceptionally (job, failure);
}

gboolean
rill_job_is_final_state (RillJobState state)
{
  return state == RILL_JOB_STATE_CANCELLED || state == RILL_JOB_STATE_COMPLETED;
}

GError *
rill_cancelled_error_new (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled"));
}

static void plain_job_finalize (RillJob *job) { g_free (job); }

static const RillJobClass plain_job_class = {
  .type_name = "JobImpl",
  .finalize = plain_job_finalize,
};

static const RillJobClass supervisor_job_class = {
  .type_name = "SupervisorJobImpl",
  .finalize = plain_job_finalize,
};


void
rill_job_init (RillJob            *job,
               const RillJobClass *klass,
               RillJob            *parent,
               guint               flags,
               gboolean            lazy)
{
  job->klass = klass;
  job->ref_count = 1;
  job->lock = 0;
  job->state = lazy ? RILL_JOB_STATE_NEW : RILL_JOB_STATE_ACTIVE;
  job->flags = flags;
  if (flags & RILL_JOB_FLAG_COROUTINE)
    job->flags |= RILL_JOB_FLAG_HANDLES_ERRORS;
  job->n_children = 0;
  job->next_handler_id = 1;
  job->parent = NULL;
  job->first_child = job->prev_sibling = job->next_sibling = NULL;
  job->handlers = NULL;
  job->cause = NULL;
  job->cancellable = NULL;
  job->host = NULL;
  if (parent != NULL)
    rill_job_attach (parent, job);
}

/**
 * rill_job_new: (constructor)
 * @parent: (nullable): the parent job
 *
 * Creates an active job, kotlinx's `Job(parent)`. It completes when
 * [method@Rill.Job.complete] is called and all its children have completed;
 * a failing child cancels it and every other child.
 *
 * Returns: (transfer full): a new job
 */
RillJob *
rill_job_new (RillJob *parent)
{
  RillJob *job = g_new (RillJob, 1);

  rill_job_init (job, &plain_job_class, parent, 0, FALSE);
  return job;
}

/**
 * rill_supervisor_job_new:
 * @parent: (nullable): the parent job
 *
 * Creates an active supervisor job, kotlinx's `SupervisorJob(parent)`: the
 * failure of a child does not cancel it nor the other children. A child's
 * error that nobody handles is reported with g_warning().
 *
 * Returns: (transfer full): a new job
 */
RillJob *
rill_supervisor_job_new (RillJob *parent)
{
  RillJob *job = g_new (RillJob, 1);

  rill_job_init (job, &supervisor_job_class, parent, RILL_JOB_FLAG_SUPERVISOR, FALSE);
  return job;
}

/**
 * rill_job_ref:
 * @self: a job
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillJob *
rill_job_ref (RillJob *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_job_unref:
 * @self: (transfer full): a job
 *
 * Drops a reference. An active job stays alive while it has a parent or
 * a running coroutine.
 */
void
rill_job_unref (RillJob *self)
{
  g_return_if_fail (self != NULL);

  /* A loop, not a recursion: freeing the root-most reference of a long
   * chain frees its parents one after the other. */
  while (self != NULL && g_atomic_int_dec_and_test (&self->ref_count))
    {
      RillJob *parent = self->parent;

      g_assert (self->first_child == NULL);
      g_clear_error (&self->cause);
      g_clear_object (&self->cancellable);
      self->klass->finalize (self);
      self = parent;
    }
}

/**
 * rill_job_get_state:
 * @self: a job
 *
 * The state of @self.
 *
 * Returns: the state of @self at this moment
 */
RillJobState
rill_job_get_state (RillJob *self)
{
  g_return_val_if_fail (self != NULL, RILL_JOB_STATE_CANCELLED);

  return rill_job_state_fast (self);
}

/**
 * rill_job_is_active:
 * @self: a job
 *
 * kotlinx's `Job.isActive`.
 *
 * Returns: %TRUE while @self is active or completing: started, not
 *   cancelled and not completed
 */
gboolean
rill_job_is_active (RillJob *self)
{
  RillJobState st;

  g_return_val_if_fail (self != NULL, FALSE);

  st = rill_job_state_fast (self);
  return st == RILL_JOB_STATE_ACTIVE || st == RILL_JOB_STATE_COMPLETING;
}

/**
 * rill_job_is_cancelled:
 * @self: a job
 *
 * kotlinx's `Job.isCancelled`.
 *
 * Returns: %TRUE once @self was cancelled or failed, whether or not it has
 *   finished yet
 */
gboolean
rill_job_is_cancelled (RillJob *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return rill_job_is_cancelled_fast (self);
}

/**
 * rill_job_is_completed:
 * @self: a job
 *
 * kotlinx's `Job.isCompleted`.
 *
 * Returns: %TRUE once @self reached a final state, completed or cancelled
 */
gboolean
rill_job_is_completed (RillJob *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return rill_job_is_final_state (rill_job_state_fast (self));
}

/**
 * rill_job_get_parent:
 * @self: a job
 *
 * The parent of @self, if it has one.
 *
 * Returns: (transfer none) (nullable): the parent of @self
 */
RillJob *
rill_job_get_parent (RillJob *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->parent;
}

/**
 * rill_job_get_n_children:
 * @self: a job
 *
 * How many children @self is waiting for.
 *
 * Returns: how many children of @self have not completed yet
 */
guint
rill_job_get_n_children (RillJob *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  job_lock (self);
  n = self->n_children;
  job_unlock (self);
  return n;
}

/**
 * rill_job_get_children:
 * @self: a job
 *
 * The children of @self, kotlinx's `Job.children`.
 *
 * Returns: (transfer container) (element-type RillJob): the children of
 *   @self that have not completed yet, oldest first
 */
GPtrArray *
rill_job_get_children (RillJob *self)
{
  GPtrArray *children;

  g_return_val_if_fail (self != NULL, NULL);

  children = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_job_unref);
  job_lock (self);
  for (RillJob *c = self->first_child; c != NULL; c = c->next_sibling)
    g_ptr_array_add (children, rill_job_ref (c));
  job_unlock (self);
  /* The list is kept newest first, so adding a child is O(1). */
  for (guint i = 0; i < children->len / 2; i++)
    {
      gpointer tmp = children->pdata[i];
      children->pdata[i] = children->pdata[children->len - 1 - i];
      children->pdata[children->len - 1 - i] = tmp;
    }
  return children;
}

/**
 * rill_job_get_cancellation_cause:
 * @self: a job
 * @error: return location for the cause
 *
 * Tells why @self was cancelled: a cancellation (%G_IO_ERROR_CANCELLED, or
 * %G_IO_ERROR_TIMED_OUT for [func@Rill.with_timeout]) or the error it, or one
 * of its children, failed with.
 *
 * Returns: %FALSE with @error set when @self is cancelling or cancelled,
 *   %TRUE otherwise
 */
gboolean
rill_job_get_cancellation_cause (RillJob  *self,
                                 GError  **error)
{
  GError *cause;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (error == NULL || *error == NULL, TRUE);

  cause = rill_job_dup_cause (self);
  if (cause == NULL)
    return TRUE;
  g_propagate_error (error, cause);
  return FALSE;
}

GError *
rill_job_dup_cause (RillJob *job)
{
  GError *cause = NULL;

  job_lock (job);
  if (job->cause != NULL)
    cause = g_error_copy (job->cause);
  job_unlock (job);
  return cause;
}

gboolean
rill_job_has_flag (RillJob      *job,
                   RillJobFlags  flag)
{
  gboolean ret;

  job_lock (job);
  ret = (job->flags & flag) != 0;
  job_unlock (job);
  return ret;
}

void
rill_job_set_flag (RillJob      *job,
                   RillJobFlags  flag)
{
  job_lock (job);
  job->flags |= flag;
  job_unlock (job);
}

/* Coroutines handle their children's failures (they fail with them); a
 * plain job does only when some ancestor does, as kotlinx's JobImpl. Known
 * when the job is created or attached: RILL_JOB_FLAG_HANDLES_ERRORS. */
static gboolean
handles_exception (RillJob *job)
{
  return (job->flags & RILL_JOB_FLAG_HANDLES_ERRORS) != 0;
}

/* A child failed with @cause: returns whether the parent took charge. */
static gboolean
child_failed (RillJob      *parent,
              const GError *cause)
{
  if (parent->flags & RILL_JOB_FLAG_SUPERVISOR)
    return FALSE;
  rill_job_cancel_internal (parent, g_error_copy (cause), TRUE);
  return handles_exception (parent);
}

static void finish (RillJob *job, gboolean locked);

void
rill_job_attach (RillJob *parent,
                 RillJob *child)
{
  RillJobState st;
  GError *cause = NULL;

  child->parent = rill_job_ref (parent);
  if (parent->flags & RILL_JOB_FLAG_HANDLES_ERRORS)
    child->flags |= RILL_JOB_FLAG_HANDLES_ERRORS;

  job_lock (parent);
  st = parent->state;
  if (st == RILL_JOB_STATE_CANCELLING || rill_job_is_final_state (st))
    {
      /* A child of a cancelled or finished job is cancelled at once. */
      cause = parent->cause != NULL && !(parent->flags & RILL_JOB_FLAG_FAILED)
        ? g_error_copy (parent->cause) : NULL;
      job_unlock (parent);
      rill_job_cancel_internal (child, cause ? cause : rill_cancelled_error_new (), FALSE);
      /* Not linked: nothing waits for it. */
      return;
    }
  child->next_sibling = parent->first_child;
  child->prev_sibling = NULL;
  if (parent->first_child != NULL)
    parent->first_child->prev_sibling = child;
  parent->first_child = rill_job_ref (child);
  parent->n_children++;
  job_unlock (parent);
}

/* Removes a finished child; finishes the parent when it was only waiting for it. */
static RillJob *
detach_child (RillJob *parent,
              RillJob *child)
{
  gboolean linked;
  gboolean ready = FALSE;

  job_lock (parent);
  linked = child->prev_sibling != NULL || parent->first_child == child;
  if (linked)
    {
      if (child->prev_sibling != NULL)
        child->prev_sibling->next_sibling = child->next_sibling;
      else
        parent->first_child = child->next_sibling;
      if (child->next_sibling != NULL)
        child->next_sibling->prev_sibling = child->prev_sibling;
      child->prev_sibling = child->next_sibling = NULL;
      parent->n_children--;
      ready = parent->n_children == 0
              && (parent->flags & RILL_JOB_FLAG_BODY_DONE)
              && !rill_job_is_final_state (parent->state);
    }
  job_unlock (parent);
  if (linked)
    rill_job_unref (child);
  return ready ? parent : NULL;
}

static void
report_unhandled (RillJob      *job,
                  const GError *cause)
{
  g_autofree char *desc = rill_job_to_string (job);

  g_warning ("Unhandled error in coroutine %s: %s", desc, cause->message);
}

/* Moves @job, whose body is done and whose children are gone, to its final
 * state, runs its handlers, and walks up to parents that were only waiting
 * for it. Iterative, so a deep tree cannot overflow the stack. @locked: the
 * caller holds @job's lock. The caller keeps @job alive. */
static void
finish (RillJob  *job,
        gboolean  locked)
{
  gboolean owned = FALSE;

  while (job != NULL)
    {
      RillJobHandler *handlers;
      RillJob *parent = NULL;
      GError *cause = NULL;

      if (!locked)
        job_lock (job);
      locked = FALSE;
      if (rill_job_is_final_state (job->state))
        {
          job_unlock (job);
          break;
        }
      if (job->cause != NULL)
        cause = g_error_copy (job->cause);

      if (job->flags & RILL_JOB_FLAG_FAILED)
        {
          gboolean handled;

          /* Failures go up before the job becomes final, so the parent is
           * already cancelling when anyone sees this job finished. */
          job_unlock (job);
          if (job->flags & RILL_JOB_FLAG_SCOPED)
            handled = TRUE;
          else if (job->parent != NULL)
            handled = child_failed (job->parent, cause);
          else
            handled = FALSE;
          if (!handled && (job->flags & RILL_JOB_FLAG_REPORTS_ERRORS))
            report_unhandled (job, cause);
          job_lock (job);
        }

      g_atomic_int_set (&job->state, job->state == RILL_JOB_STATE_CANCELLING
                                     ? RILL_JOB_STATE_CANCELLED
                                     : RILL_JOB_STATE_COMPLETED);
      handlers = job->handlers;
      job->handlers = NULL;
      job_unlock (job);

      if (job->klass->completed != NULL)
        job->klass->completed (job);

      while (handlers != NULL)
        {
          RillJobHandler *h = handlers;
          handlers = h->next;
          if (h->func != NULL)
            h->func (job, cause, h->data);
          else
            rill_coroutine_resume (h->data, h->seq);
          if (h->destroy != NULL)
            h->destroy (h->data);
          g_free (h);
        }
      g_clear_error (&cause);

      if (job->parent != NULL)
        {
          parent = detach_child (job->parent, job);
          /* Keep the parent alive past this job's last reference. */
          if (parent != NULL)
            rill_job_ref (parent);
        }
      if (owned)
        rill_job_unref (job);
      owned = TRUE;
      job = parent;
    }
  if (owned && job != NULL)
    rill_job_unref (job);
}

void
rill_job_body_done (RillJob *job,
                    GError  *failure)
{
  if (failure != NULL)
    rill_job_cancel_internal (job, failure, TRUE);

  job_lock (job);
  job->flags |= RILL_JOB_FLAG_BODY_DONE;
  if (job->state == RILL_JOB_STATE_ACTIVE || job->state == RILL_JOB_STATE_NEW)
    g_atomic_int_set (&job->state, RILL_JOB_STATE_COMPLETING);
  if (job->n_children == 0 && !rill_job_is_final_state (job->state))
    finish (job, TRUE);
  else
    job_unlock (job);
}

typedef struct
{
  RillJob *job;
  GError  *cause;
  gboolean failure;
} CancelItem;

/* Takes @cause. Returns TRUE when this call moved @job to cancelling. */
gboolean
rill_job_cancel_internal (RillJob  *job,
                          GError   *cause,
                          gboolean  failure)
{
  GArray *work = NULL;
  CancelItem item = { rill_job_ref (job), cause, failure };
  gboolean changed_top = FALSE;
  gboolean first = TRUE;

  for (;;)
    {
      RillJob *j = item.job;
      RillJobState st;
      gboolean newly = FALSE;
      gboolean ready = FALSE;
      GPtrArray *children = NULL;

      job_lock (j);
      st = j->state;
      if (rill_job_is_final_state (st))
        {
          g_clear_error (&item.cause);
        }
      else if (st == RILL_JOB_STATE_CANCELLING)
        {
          /* The first failure wins over a plain cancellation. */
          if (item.failure && !(j->flags & RILL_JOB_FLAG_FAILED))
            {
              g_clear_error (&j->cause);
              j->cause = g_steal_pointer (&item.cause);
              j->flags |= RILL_JOB_FLAG_FAILED;
            }
          g_clear_error (&item.cause);
        }
      else
        {
          newly = TRUE;
          /* A lazy coroutine never starts now; a plain job has no body, so
           * cancelling it also completes it once its children are done
           * (kotlinx's onCancelComplete). */
          if (st == RILL_JOB_STATE_NEW || !(j->flags & RILL_JOB_FLAG_COROUTINE))
            j->flags |= RILL_JOB_FLAG_BODY_DONE;
          g_atomic_int_set (&j->state, RILL_JOB_STATE_CANCELLING);
          g_clear_error (&j->cause);
          j->cause = g_steal_pointer (&item.cause);
          if (item.failure)
            j->flags |= RILL_JOB_FLAG_FAILED;
          if (j->n_children > 0)
            {
              children = g_ptr_array_sized_new (j->n_children);
              for (RillJob *c = j->first_child; c != NULL; c = c->next_sibling)
                g_ptr_array_add (children, rill_job_ref (c));
            }
          ready = j->n_children == 0 && (j->flags & RILL_JOB_FLAG_BODY_DONE);
        }
      job_unlock (j);

      if (first)
        changed_top = newly;
      first = FALSE;

      if (newly)
        {
          if (j->cancellable != NULL)
            g_cancellable_cancel (j->cancellable);
          if (j->klass->cancelling != NULL)
            j->klass->cancelling (j);
          if (children != NULL)
            {
              if (work == NULL)
                work = g_array_new (FALSE, FALSE, sizeof (CancelItem));
              for (guint i = 0; i < children->len; i++)
                {
                  CancelItem child = { children->pdata[i], rill_cancelled_error_new (), FALSE };
                  g_array_append_val (work, child);
                }
              g_ptr_array_free (children, TRUE);
            }
          if (ready)
            finish (j, FALSE);
        }
      rill_job_unref (j);

      if (work == NULL || work->len == 0)
        break;
      item = g_array_index (work, CancelItem, work->len - 1);
      g_array_set_size (work, work->len - 1);
    }

  if (work != NULL)
    g_array_free (work, TRUE);
  return changed_top;
}

/**
 * rill_job_start:
 * @self: a job
 *
 * Starts a coroutine created with %RILL_COROUTINE_START_LAZY.
 *
 * Returns: %TRUE when this call started it, %FALSE when it was already
 *   started or finished
 */
gboolean
rill_job_start (RillJob *self)
{
  gboolean started = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  job_lock (self);
  if (self->state == RILL_JOB_STATE_NEW)
    {
      g_atomic_int_set (&self->state, RILL_JOB_STATE_ACTIVE);
      started = TRUE;
    }
  job_unlock (self);

  if (started && self->klass->start != NULL)
    self->klass->start (self);
  return started;
}

/**
 * rill_job_cancel:
 * @self: a job
 *
 * Cancels @self and all its children. Coroutines see it at their next
 * suspension point, where suspending calls return %FALSE; a coroutine that
 * has not started yet never runs its block. The job becomes cancelled once
 * its coroutine returned and its children completed.
 *
 * Returns: %TRUE when this call cancelled @self, %FALSE when it was already
 *   cancelling or finished
 */
gboolean
rill_job_cancel (RillJob *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return rill_job_cancel_internal (self, rill_cancelled_error_new (), FALSE);
}

/**
 * rill_job_cancel_with_error:
 * @self: a job
 * @cause: the reason, a cancellation: it does not fail the parent
 *
 * Cancels @self as [method@Rill.Job.cancel] does, with @cause as the reason
 * that [method@Rill.Job.get_cancellation_cause] reports.
 *
 * Returns: %TRUE when this call cancelled @self
 */
gboolean
rill_job_cancel_with_error (RillJob      *self,
                            const GError *cause)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cause != NULL, FALSE);

  return rill_job_cancel_internal (self, g_error_copy (cause), FALSE);
}

/**
 * rill_job_complete:
 * @self: a job made with [ctor@Rill.Job.new] or [func@Rill.supervisor_job_new]
 *
 * Completes a plain job, kotlinx's `CompletableJob.complete()`: it becomes
 * completing and completes once its children have.
 *
 * Returns: %TRUE when this call moved @self on, %FALSE when it was already
 *   completing or finished
 */
gboolean
rill_job_complete (RillJob *self)
{
  gboolean was_active;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!(self->flags & RILL_JOB_FLAG_COROUTINE), FALSE);

  job_lock (self);
  was_active = !(self->flags & RILL_JOB_FLAG_BODY_DONE) && self->state == RILL_JOB_STATE_ACTIVE;
  job_unlock (self);
  if (!was_active)
    return FALSE;
  rill_job_body_done (self, NULL);
  return TRUE;
}

/**
 * rill_job_complete_exceptionally:
 * @self: a job
 * @error: the failure
 *
 * Fails @self with @error: it is cancelled with @error as its cause, which
 * cancels its parent unless that is a supervisor. For a plain job this is
 * kotlinx's `completeExceptionally()`; for a coroutine's own job it is the
 * equivalent of throwing: the coroutine should return once it called this.
 *
 * Returns: %TRUE when this call failed @self
 */
gboolean
rill_job_complete_exceptionally (RillJob      *self,
                                 const GError *error)
{
  gboolean ret;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  ret = rill_job_cancel_internal (self, g_error_copy (error), TRUE);
  if (!(self->flags & RILL_JOB_FLAG_COROUTINE))
    rill_job_body_done (self, NULL);
  return ret;
}

static RillJobHandler *
add_handler (RillJob               *job,
             RillJobCompletionFunc  func,
             gpointer               data,
             GDestroyNotify         destroy,
             guint64                seq)
{
  RillJobHandler *h = g_new (RillJobHandler, 1);

  h->func = func;
  h->data = data;
  h->destroy = destroy;
  h->prev = NULL;
  h->seq = seq;

  job_lock (job);
  if (rill_job_is_final_state (job->state))
    {
      job_unlock (job);
      g_free (h);
      return NULL;
    }
  h->id = job->next_handler_id++;
  /* Handlers run in the order they were added: append. */
  h->next = NULL;
  if (job->handlers == NULL)
    job->handlers = h;
  else
    {
      RillJobHandler *last = job->handlers;
      while (last->next != NULL)
        last = last->next;
      last->next = h;
      h->prev = last;
    }
  job_unlock (job);
  return h;
}

RillJobHandler *
rill_job_add_handler (RillJob               *job,
                      RillJobCompletionFunc  func,
                      gpointer               data,
                      GDestroyNotify         destroy)
{
  return add_handler (job, func, data, destroy, 0);
}

gboolean
rill_job_remove_handler (RillJob        *job,
                         RillJobHandler *h)
{
  job_lock (job);
  if (rill_job_is_final_state (job->state))
    {
      /* Already detached by finish(), which runs and frees it. */
      job_unlock (job);
      return FALSE;
    }
  if (h->prev != NULL)
    h->prev->next = h->next;
  else
    job->handlers = h->next;
  if (h->next != NULL)
    h->next->prev = h->prev;
  job_unlock (job);

  if (h->destroy != NULL)
    h->destroy (h->data);
  g_free (h);
  return TRUE;
}

/**
 * rill_job_invoke_on_completion:
 * @self: a job
 * @func: (scope notified) (closure user_data) (destroy destroy): called once
 *   when @self is completed or cancelled
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Registers a completion handler, kotlinx's `invokeOnCompletion`. It runs
 * synchronously in the thread that finishes @self; when @self is already
 * finished it runs at once, before this returns.
 *
 * Returns: an id for [method@Rill.Job.remove_completion_handler], or 0 when
 *   @func already ran
 */
guint
rill_job_invoke_on_completion (RillJob               *self,
                               RillJobCompletionFunc  func,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  RillJobHandler *h;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  h = rill_job_add_handler (self, func, user_data, destroy);
  if (h == NULL)
    {
      g_autoptr(GError) cause = rill_job_dup_cause (self);
      func (self, cause, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return 0;
    }
  return h->id;
}

/**
 * rill_job_remove_completion_handler:
 * @self: a job
 * @id: an id returned by [method@Rill.Job.invoke_on_completion]
 *
 * Removes a completion handler that has not run yet and frees its data.
 */
void
rill_job_remove_completion_handler (RillJob *self,
                                    guint    id)
{
  RillJobHandler *h;

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != 0);

  job_lock (self);
  for (h = self->handlers; h != NULL; h = h->next)
    if (h->id == id)
      break;
  if (h == NULL || rill_job_is_final_state (self->state))
    {
      job_unlock (self);
      return;
    }
  job_unlock (self);
  rill_job_remove_handler (self, h);
}

RillJobHandler *
rill_job_add_wake_handler (RillJob       *job,
                           RillCoroutine *co,
                           guint64        seq)
{
  RillJobHandler *h;

  rill_job_ref (&co->job);
  h = add_handler (job, NULL, co, (GDestroyNotify) rill_job_unref, seq);
  if (h == NULL)
    rill_job_unref (&co->job);
  return h;
}

void
rill_coroutine_wait_job (RillCoroutine *co,
                         RillJob       *job)
{
  RillJobHandler *h;
  RillLoop *loop = co->loop;
  gboolean cross;

  h = rill_job_add_wake_handler (job, co, rill_coroutine_prepare_suspend (co));
  if (h == NULL)
    return;   /* finished meanwhile */

  /* A job of another loop finishes on another thread: let our loop spin for
   * it briefly before it sleeps. */
  cross = loop != NULL && job->host != NULL && job->host->loop != loop;
  if (cross)
    g_atomic_int_inc (&loop->cross_waits);
  rill_coroutine_suspend (co);
  if (cross)
    g_atomic_int_dec_and_test (&loop->cross_waits);

  if (!rill_job_is_final_state (rill_job_state_fast (job)))
    rill_job_remove_handler (job, h);
}

/**
 * rill_job_join:
 * @self: a job
 *
 * Suspends the calling coroutine until @self is completed or cancelled,
 * starting it first if it was created lazily.
 *
 * Returns: %TRUE when @self finished, %FALSE when the calling coroutine was
 *   cancelled (it should return)
 */
gboolean
rill_job_join (RillJob *self)
{
  RillCoroutine *co;

  g_return_val_if_fail (self != NULL, FALSE);
  co = rill_coroutine_require (G_STRFUNC);
  if (co == NULL)
    return FALSE;
  if (self == &co->job || self == co->current_job)
    {
      g_critical ("%s: a coroutine cannot join its own job: it would wait forever", G_STRFUNC);
      return FALSE;
    }

  if (rill_job_state_fast (self) == RILL_JOB_STATE_NEW)
    rill_job_start (self);
  if (!rill_job_is_final_state (rill_job_state_fast (self)))
    rill_coroutine_wait_job (co, self);
  return rill_coroutine_check_active (co);
}

/**
 * rill_job_cancel_and_join:
 * @self: a job
 *
 * Cancels @self, then joins it.
 *
 * Returns: as [method@Rill.Job.join]
 */
gboolean
rill_job_cancel_and_join (RillJob *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  rill_job_cancel (self);
  return rill_job_join (self);
}

static const char *
state_name (RillJobState state)
{
  switch (state)
    {
    case RILL_JOB_STATE_NEW: return "New";
    case RILL_JOB_STATE_ACTIVE: return "Active";
    case RILL_JOB_STATE_COMPLETING: return "Completing";
    case RILL_JOB_STATE_CANCELLING: return "Cancelling";
    case RILL_JOB_STATE_CANCELLED: return "Cancelled";
    case RILL_JOB_STATE_COMPLETED: return "Completed";
    default: return "?";
    }
}

/**
 * rill_job_to_string:
 * @self: a job
 *
 * Describes @self as kotlinx does, for logs: in debug mode
 * `"coroutine#1":BlockingCoroutine{Active}@55d0c0a8e2a0`, otherwise without the
 * quoted name and id.
 *
 * Returns: (transfer full): a description of @self
 */
char *
rill_job_to_string (RillJob *self)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  if (self->flags & RILL_JOB_FLAG_COROUTINE)
    {
      RillCoroutine *co = self->host;
      if (co != NULL && co->debug != NULL)
        {
          const char *name = co->context != NULL ? co->context->name : NULL;
          g_string_append_printf (str, "\"%s#%" G_GUINT64_FORMAT "\":",
                                  name != NULL ? name : "coroutine", co->debug->id);
        }
    }
  g_string_append_printf (str, "%s{%s}@%" G_GINTPTR_MODIFIER "x", self->klass->type_name,
                          state_name (rill_job_state_fast (self)), (guintptr) self);
  return g_string_free (str, FALSE);
}

G_DEFINE_ENUM_TYPE (RillJobState, rill_job_state,
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_COMPLETING, "completing"),
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_CANCELLING, "cancelling"),
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (RILL_JOB_STATE_COMPLETED, "completed"))
