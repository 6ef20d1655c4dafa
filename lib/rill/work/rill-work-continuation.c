/* rill-work-continuation.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-work-continuation.h"
#include "rill-work-manager-private.h"

/**
 * RillWorkContinuation:
 *
 * A chain of work being built, WorkManager's `WorkContinuation`: the
 * requests of one step run in parallel, after every request of the steps
 * before. [method@WorkContinuation.then] adds a step,
 * [func@WorkContinuation.combine] joins chains, and
 * [method@WorkContinuation.enqueue] stores the whole graph in one
 * transaction.
 *
 * Work with prerequisites is BLOCKED until they all succeed; its input is
 * then made from their outputs by its input merger. When a prerequisite
 * fails or is cancelled, so does all the work after it.
 */

struct _RillWorkContinuation
{
  GObject                 parent_instance;

  RillWorkManager        *manager;
  char                   *unique_name;
  RillExistingWorkPolicy  policy;
  GPtrArray              *requests;   /* this step's */
  GPtrArray              *parents;    /* RillWorkContinuation */
  gboolean                enqueued;
};

G_DEFINE_FINAL_TYPE (RillWorkContinuation, rill_work_continuation, G_TYPE_OBJECT)

static void
rill_work_continuation_finalize (GObject *object)
{
  RillWorkContinuation *self = RILL_WORK_CONTINUATION (object);

  g_object_unref (self->manager);
  g_free (self->unique_name);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->parents);

  G_OBJECT_CLASS (rill_work_continuation_parent_class)->finalize (object);
}

static void
rill_work_continuation_class_init (RillWorkContinuationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_work_continuation_finalize;
}

static void
rill_work_continuation_init (RillWorkContinuation *self)
{
  self->requests = g_ptr_array_new_with_free_func (g_object_unref);
  self->parents = g_ptr_array_new_with_free_func (g_object_unref);
}

RillWorkContinuation *
rill_work_continuation_new (RillWorkManager        *manager,
                            const char             *unique_name,
                            RillExistingWorkPolicy  policy,
                            RillWorkRequest       **requests,
                            guint                   n_requests)
{
  RillWorkContinuation *self = g_object_new (RILL_TYPE_WORK_CONTINUATION, NULL);

  self->manager = g_object_ref (manager);
  self->unique_name = g_strdup (unique_name);
  self->policy = policy;
  for (guint i = 0; i < n_requests; i++)
    {
      g_return_val_if_fail (RILL_IS_WORK_REQUEST (requests[i]), self);
      g_ptr_array_add (self->requests, g_object_ref (requests[i]));
    }
  return self;
}

/**
 * rill_work_continuation_then:
 * @self: a continuation
 * @requests: (array length=n_requests): the requests of the next step,
 *   which run in parallel
 * @n_requests: the number of @requests, at least 1
 *
 * Adds a step after @self: each of @requests runs once every request of
 * @self (and of the steps before it) succeeded. @self does not change; the
 * new continuation includes it.
 *
 * Returns: (transfer full): the new continuation
 */
RillWorkContinuation *
rill_work_continuation_then (RillWorkContinuation  *self,
                             RillWorkRequest      **requests,
                             guint                  n_requests)
{
  RillWorkContinuation *next;

  g_return_val_if_fail (RILL_IS_WORK_CONTINUATION (self), NULL);
  g_return_val_if_fail (requests != NULL && n_requests > 0, NULL);

  next = rill_work_continuation_new (self->manager, self->unique_name, self->policy, requests, n_requests);
  g_ptr_array_add (next->parents, g_object_ref (self));
  return next;
}

/**
 * rill_work_continuation_combine:
 * @continuations: (array length=n_continuations): the chains to join, of
 *   one work manager
 * @n_continuations: the number of @continuations, at least 1
 *
 * Joins chains, WorkManager's `WorkContinuation.combine`: the result is a
 * step that succeeds once every chain did, and whose output is the merged
 * outputs of their last steps, for the steps added after it.
 *
 * Returns: (transfer full): the joined continuation
 */
RillWorkContinuation *
rill_work_continuation_combine (RillWorkContinuation **continuations,
                                guint                  n_continuations)
{
  g_autoptr(RillWorkRequest) join = NULL;
  RillWorkContinuation *self;

  g_return_val_if_fail (continuations != NULL && n_continuations > 0, NULL);
  for (guint i = 0; i < n_continuations; i++)
    {
      g_return_val_if_fail (RILL_IS_WORK_CONTINUATION (continuations[i]), NULL);
      g_return_val_if_fail (continuations[i]->manager == continuations[0]->manager, NULL);
    }

  join = rill_work_request_new_one_time (RILL_WORK_COMBINE_WORKER_CLASS);
  self = rill_work_continuation_new (continuations[0]->manager, continuations[0]->unique_name,
                                     continuations[0]->policy, &join, 1);
  for (guint i = 0; i < n_continuations; i++)
    g_ptr_array_add (self->parents, g_object_ref (continuations[i]));
  return self;
}

/* Adds the requests of @self and of its ancestors, each once, parents
 * first, and the edges from each request to the requests of each parent. */
static void
collect (RillWorkContinuation *self,
         GPtrArray            *requests,
         GHashTable           *seen,
         GArray               *dependencies,
         const char          **unique_name,
         RillExistingWorkPolicy *policy)
{
  if (!g_hash_table_add (seen, self))
    return;
  for (guint p = 0; p < self->parents->len; p++)
    collect (g_ptr_array_index (self->parents, p), requests, seen, dependencies, unique_name, policy);
  if (*unique_name == NULL && self->unique_name != NULL)
    {
      *unique_name = self->unique_name;
      *policy = self->policy;
    }
  for (guint r = 0; r < self->requests->len; r++)
    {
      RillWorkRequest *request = g_ptr_array_index (self->requests, r);

      g_ptr_array_add (requests, request);
      for (guint p = 0; p < self->parents->len; p++)
        {
          RillWorkContinuation *parent = g_ptr_array_index (self->parents, p);

          for (guint q = 0; q < parent->requests->len; q++)
            {
              RillWorkDependency d = {
                (char *) rill_work_request_get_id (request),
                (char *) rill_work_request_get_id (g_ptr_array_index (parent->requests, q)),
              };

              g_array_append_val (dependencies, d);
            }
        }
    }
}

/**
 * rill_work_continuation_enqueue:
 * @self: a continuation
 * @error: return location for an error
 *
 * Enqueues the whole chain, in one transaction. A continuation is enqueued
 * once; so is each request in it.
 *
 * Returns: %TRUE when stored; %FALSE with an error otherwise
 */
gboolean
rill_work_continuation_enqueue (RillWorkContinuation  *self,
                                GError               **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) dependencies = g_array_new (FALSE, FALSE, sizeof (RillWorkDependency));
  const char *unique_name = NULL;
  RillExistingWorkPolicy policy = RILL_EXISTING_WORK_POLICY_KEEP;

  g_return_val_if_fail (RILL_IS_WORK_CONTINUATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->enqueued)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                   _("This chain of work is enqueued already"));
      return FALSE;
    }
  collect (self, requests, seen, dependencies, &unique_name, &policy);
  if (!rill_work_manager_enqueue_graph (self->manager, requests, dependencies, unique_name, policy, error))
    return FALSE;
  self->enqueued = TRUE;
  return TRUE;
}
