/* rill-job.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

#define RILL_TYPE_JOB (rill_job_get_type ())
#define RILL_TYPE_JOB_STATE (rill_job_state_get_type ())

/**
 * RillJobState:
 * @RILL_JOB_STATE_NEW: created lazily and not started yet
 * @RILL_JOB_STATE_ACTIVE: running, or waiting to run
 * @RILL_JOB_STATE_COMPLETING: its own body is done; waiting for its children
 * @RILL_JOB_STATE_CANCELLING: cancelled or failed; waiting for its body and children to finish
 * @RILL_JOB_STATE_CANCELLED: final: cancelled or failed
 * @RILL_JOB_STATE_COMPLETED: final: completed normally
 *
 * The states of a [struct@Rill.Job], exactly those of kotlinx's `Job`.
 */
typedef enum {
  RILL_JOB_STATE_NEW,
  RILL_JOB_STATE_ACTIVE,
  RILL_JOB_STATE_COMPLETING,
  RILL_JOB_STATE_CANCELLING,
  RILL_JOB_STATE_CANCELLED,
  RILL_JOB_STATE_COMPLETED,
} RillJobState;

/**
 * RillJobCompletionFunc:
 * @job: the job that reached a final state
 * @cause: (nullable): why it was cancelled or failed, %NULL when it completed normally
 * @user_data: the data given with the handler
 *
 * Called once when a job is completed or cancelled, in the thread that finished it.
 */
typedef void (*RillJobCompletionFunc) (RillJob      *job,
                                       const GError *cause,
                                       gpointer      user_data);

RILL_AVAILABLE_IN_ALL
GType         rill_job_get_type                (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType         rill_job_state_get_type          (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillJob      *rill_job_new                     (RillJob               *parent);
RILL_AVAILABLE_IN_ALL
RillJob      *rill_supervisor_job_new          (RillJob               *parent);

RILL_AVAILABLE_IN_ALL
RillJob      *rill_job_ref                     (RillJob               *self);
RILL_AVAILABLE_IN_ALL
void          rill_job_unref                   (RillJob               *self);

RILL_AVAILABLE_IN_ALL
RillJobState  rill_job_get_state               (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_is_active               (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_is_cancelled            (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_is_completed            (RillJob               *self);
RILL_AVAILABLE_IN_ALL
RillJob      *rill_job_get_parent              (RillJob               *self);
RILL_AVAILABLE_IN_ALL
guint         rill_job_get_n_children          (RillJob               *self);
RILL_AVAILABLE_IN_ALL
GPtrArray    *rill_job_get_children            (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_get_cancellation_cause  (RillJob               *self,
                                                GError               **error);

RILL_AVAILABLE_IN_ALL
gboolean      rill_job_start                   (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_cancel                  (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_cancel_with_error       (RillJob               *self,
                                                const GError          *cause);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_complete                (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_complete_exceptionally  (RillJob               *self,
                                                const GError          *error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_join                    (RillJob               *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_job_cancel_and_join         (RillJob               *self);

RILL_AVAILABLE_IN_ALL
guint         rill_job_invoke_on_completion    (RillJob               *self,
                                                RillJobCompletionFunc  func,
                                                gpointer               user_data,
                                                GDestroyNotify         destroy);
RILL_AVAILABLE_IN_ALL
void          rill_job_remove_completion_handler (RillJob             *self,
                                                  guint                id);

RILL_AVAILABLE_IN_ALL
char         *rill_job_to_string               (RillJob               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillJob, rill_job_unref)

G_END_DECLS
