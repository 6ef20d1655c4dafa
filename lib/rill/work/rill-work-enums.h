/* rill-work-enums.h: the states, policies and errors of background work
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
 * RillWorkState:
 * @RILL_WORK_STATE_ENQUEUED: waiting for its time and its constraints
 * @RILL_WORK_STATE_RUNNING: a worker is running it
 * @RILL_WORK_STATE_SUCCEEDED: finished with success (final)
 * @RILL_WORK_STATE_FAILED: finished with failure, or a prerequisite failed
 *   (final)
 * @RILL_WORK_STATE_BLOCKED: waiting for its prerequisites to succeed
 * @RILL_WORK_STATE_CANCELLED: cancelled, or a prerequisite was (final)
 *
 * The state of a unit of work, WorkManager's `WorkInfo.State`. The values
 * are stored in the work database and never change meaning.
 */
typedef enum {
  RILL_WORK_STATE_ENQUEUED,
  RILL_WORK_STATE_RUNNING,
  RILL_WORK_STATE_SUCCEEDED,
  RILL_WORK_STATE_FAILED,
  RILL_WORK_STATE_BLOCKED,
  RILL_WORK_STATE_CANCELLED,
} RillWorkState;

/**
 * RillBackoffPolicy:
 * @RILL_BACKOFF_POLICY_EXPONENTIAL: the delay doubles with each attempt
 * @RILL_BACKOFF_POLICY_LINEAR: the delay grows by the same amount with each
 *   attempt
 *
 * How the delay before running again grows when a worker asks to be
 * retried.
 */
typedef enum {
  RILL_BACKOFF_POLICY_EXPONENTIAL,
  RILL_BACKOFF_POLICY_LINEAR,
} RillBackoffPolicy;

/**
 * RillExistingWorkPolicy:
 * @RILL_EXISTING_WORK_POLICY_REPLACE: cancel the unfinished work of the name
 *   and enqueue the new work
 * @RILL_EXISTING_WORK_POLICY_KEEP: keep the unfinished work of the name and
 *   drop the new work
 * @RILL_EXISTING_WORK_POLICY_APPEND: run the new work after the work of the
 *   name; when that failed or was cancelled, so does the new work
 * @RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE: as APPEND, but when the
 *   work of the name failed or was cancelled, start a new chain
 *
 * What [method@WorkManager.enqueue_unique_work] does when unfinished work of
 * the same name exists.
 */
typedef enum {
  RILL_EXISTING_WORK_POLICY_REPLACE,
  RILL_EXISTING_WORK_POLICY_KEEP,
  RILL_EXISTING_WORK_POLICY_APPEND,
  RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE,
} RillExistingWorkPolicy;

/**
 * RillInputMerger:
 * @RILL_INPUT_MERGER_OVERWRITING: the outputs of the prerequisites and the
 *   input of the work are merged into one dictionary; a later key wins
 * @RILL_INPUT_MERGER_ARRAY_CREATING: each key gets the array of all the
 *   values given for it, in order
 *
 * How the input of work with prerequisites is made from their outputs and
 * its own input, WorkManager's `OverwritingInputMerger` and
 * `ArrayCreatingInputMerger`.
 */
typedef enum {
  RILL_INPUT_MERGER_OVERWRITING,
  RILL_INPUT_MERGER_ARRAY_CREATING,
} RillInputMerger;

/**
 * RillWorkStopReason:
 * @RILL_WORK_STOP_REASON_NOT_STOPPED: the work was not stopped
 * @RILL_WORK_STOP_REASON_CANCELLED: the application cancelled it
 * @RILL_WORK_STOP_REASON_REPLACED: unique work of the same name replaced it
 * @RILL_WORK_STOP_REASON_CONSTRAINT_NETWORK: the network it requires went
 *   away
 * @RILL_WORK_STOP_REASON_CONSTRAINT_BATTERY_NOT_LOW: the battery became low
 * @RILL_WORK_STOP_REASON_CONSTRAINT_CHARGING: the power was unplugged
 * @RILL_WORK_STOP_REASON_CONSTRAINT_STORAGE_NOT_LOW: storage became low
 * @RILL_WORK_STOP_REASON_SHUTDOWN: the work manager shut down (the
 *   application quit)
 * @RILL_WORK_STOP_REASON_PROCESS_LOST: the process running it ended before
 *   the work did (a crash or a kill); for remote work, the worker's process
 *
 * Why a running worker was stopped.
 */
typedef enum {
  RILL_WORK_STOP_REASON_NOT_STOPPED,
  RILL_WORK_STOP_REASON_CANCELLED,
  RILL_WORK_STOP_REASON_REPLACED,
  RILL_WORK_STOP_REASON_CONSTRAINT_NETWORK,
  RILL_WORK_STOP_REASON_CONSTRAINT_BATTERY_NOT_LOW,
  RILL_WORK_STOP_REASON_CONSTRAINT_CHARGING,
  RILL_WORK_STOP_REASON_CONSTRAINT_STORAGE_NOT_LOW,
  RILL_WORK_STOP_REASON_SHUTDOWN,
  RILL_WORK_STOP_REASON_PROCESS_LOST,
} RillWorkStopReason;

/**
 * RILL_WORK_ERROR:
 *
 * The error domain of background work, whose codes are #RillWorkError.
 */
#define RILL_WORK_ERROR (rill_work_error_quark ())

/**
 * RillWorkError:
 * @RILL_WORK_ERROR_INVALID_REQUEST: the request is not valid (a message
 *   says why)
 * @RILL_WORK_ERROR_DATA_TOO_LARGE: input or output data is larger than
 *   [const@WORK_DATA_MAX_SIZE] bytes serialized
 * @RILL_WORK_ERROR_UNKNOWN_WORKER: no worker can be made for the request's
 *   worker class
 * @RILL_WORK_ERROR_DATABASE: the work database cannot be used: corrupt,
 *   read-only, or from a newer version of the library
 * @RILL_WORK_ERROR_NOT_FOUND: no work has this id
 * @RILL_WORK_ERROR_CLOSED: the work manager was shut down
 * @RILL_WORK_ERROR_REMOTE: remote work could not be run: the service is
 *   unknown, its process failed to start or ended
 *
 * The errors of the #RILL_WORK_ERROR domain.
 */
typedef enum {
  RILL_WORK_ERROR_INVALID_REQUEST,
  RILL_WORK_ERROR_DATA_TOO_LARGE,
  RILL_WORK_ERROR_UNKNOWN_WORKER,
  RILL_WORK_ERROR_DATABASE,
  RILL_WORK_ERROR_NOT_FOUND,
  RILL_WORK_ERROR_CLOSED,
  RILL_WORK_ERROR_REMOTE,
} RillWorkError;

/**
 * RILL_WORK_DATA_MAX_SIZE:
 *
 * The largest input, output or progress data of work, in bytes of its
 * serialized #GVariant: WorkManager's `Data.MAX_DATA_BYTES`.
 */
#define RILL_WORK_DATA_MAX_SIZE 10240

#define RILL_TYPE_WORK_STATE (rill_work_state_get_type ())
#define RILL_TYPE_BACKOFF_POLICY (rill_backoff_policy_get_type ())
#define RILL_TYPE_EXISTING_WORK_POLICY (rill_existing_work_policy_get_type ())
#define RILL_TYPE_INPUT_MERGER (rill_input_merger_get_type ())
#define RILL_TYPE_WORK_STOP_REASON (rill_work_stop_reason_get_type ())
#define RILL_TYPE_WORK_ERROR (rill_work_error_get_type ())

RILL_AVAILABLE_IN_ALL
GType    rill_work_state_get_type             (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType    rill_backoff_policy_get_type         (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType    rill_existing_work_policy_get_type   (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType    rill_input_merger_get_type           (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType    rill_work_stop_reason_get_type       (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GType    rill_work_error_get_type             (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
GQuark   rill_work_error_quark                (void);

RILL_AVAILABLE_IN_ALL
gboolean rill_work_state_is_finished          (RillWorkState state);
RILL_AVAILABLE_IN_ALL
const char *rill_work_state_to_string         (RillWorkState state);

G_END_DECLS
