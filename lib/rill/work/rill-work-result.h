/* rill-work-result.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-visibility.h"

G_BEGIN_DECLS

/**
 * RillWorkResultKind:
 * @RILL_WORK_RESULT_SUCCESS: the work is done
 * @RILL_WORK_RESULT_FAILURE: the work failed and must not be retried; work
 *   depending on it fails too
 * @RILL_WORK_RESULT_RETRY: run the work again after its back-off delay
 *
 * What a worker tells of its run, WorkManager's `Result`.
 */
typedef enum {
  RILL_WORK_RESULT_SUCCESS,
  RILL_WORK_RESULT_FAILURE,
  RILL_WORK_RESULT_RETRY,
} RillWorkResultKind;

#define RILL_TYPE_WORK_RESULT_KIND (rill_work_result_kind_get_type ())
#define RILL_TYPE_WORK_RESULT (rill_work_result_get_type ())

/**
 * RillWorkResult:
 *
 * The result of a worker's run: its kind and, for success and failure, its
 * output data.
 */
typedef struct _RillWorkResult RillWorkResult;

RILL_AVAILABLE_IN_ALL
GType               rill_work_result_kind_get_type (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType               rill_work_result_get_type    (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillWorkResult     *rill_work_result_new_success (GVariant       *output);
RILL_AVAILABLE_IN_ALL
RillWorkResult     *rill_work_result_new_failure (GVariant       *output);
RILL_AVAILABLE_IN_ALL
RillWorkResult     *rill_work_result_new_retry   (void);
RILL_AVAILABLE_IN_ALL
RillWorkResult     *rill_work_result_ref         (RillWorkResult *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_result_unref       (RillWorkResult *self);
RILL_AVAILABLE_IN_ALL
RillWorkResultKind  rill_work_result_get_kind    (RillWorkResult *self);
RILL_AVAILABLE_IN_ALL
GVariant           *rill_work_result_get_output  (RillWorkResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillWorkResult, rill_work_result_unref)

G_END_DECLS
