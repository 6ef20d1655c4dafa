/* rill-work-enums.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-work-enums.h"

G_DEFINE_ENUM_TYPE (RillWorkState, rill_work_state,
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_ENQUEUED, "enqueued"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_BLOCKED, "blocked"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STATE_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (RillBackoffPolicy, rill_backoff_policy,
  G_DEFINE_ENUM_VALUE (RILL_BACKOFF_POLICY_EXPONENTIAL, "exponential"),
  G_DEFINE_ENUM_VALUE (RILL_BACKOFF_POLICY_LINEAR, "linear"))

G_DEFINE_ENUM_TYPE (RillExistingWorkPolicy, rill_existing_work_policy,
  G_DEFINE_ENUM_VALUE (RILL_EXISTING_WORK_POLICY_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (RILL_EXISTING_WORK_POLICY_KEEP, "keep"),
  G_DEFINE_ENUM_VALUE (RILL_EXISTING_WORK_POLICY_APPEND, "append"),
  G_DEFINE_ENUM_VALUE (RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE, "append-or-replace"))

G_DEFINE_ENUM_TYPE (RillInputMerger, rill_input_merger,
  G_DEFINE_ENUM_VALUE (RILL_INPUT_MERGER_OVERWRITING, "overwriting"),
  G_DEFINE_ENUM_VALUE (RILL_INPUT_MERGER_ARRAY_CREATING, "array-creating"))

G_DEFINE_ENUM_TYPE (RillWorkStopReason, rill_work_stop_reason,
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_NOT_STOPPED, "not-stopped"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_REPLACED, "replaced"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_CONSTRAINT_NETWORK, "constraint-network"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_CONSTRAINT_BATTERY_NOT_LOW, "constraint-battery-not-low"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_CONSTRAINT_CHARGING, "constraint-charging"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_CONSTRAINT_STORAGE_NOT_LOW, "constraint-storage-not-low"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_SHUTDOWN, "shutdown"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_STOP_REASON_PROCESS_LOST, "process-lost"))

G_DEFINE_ENUM_TYPE (RillWorkError, rill_work_error,
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_INVALID_REQUEST, "invalid-request"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_DATA_TOO_LARGE, "data-too-large"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_UNKNOWN_WORKER, "unknown-worker"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_DATABASE, "database"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_NOT_FOUND, "not-found"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_CLOSED, "closed"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_ERROR_REMOTE, "remote"))

/**
 * rill_work_error_quark:
 *
 * The quark of #RILL_WORK_ERROR.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (rill-work-error-quark, rill_work_error)

/**
 * rill_work_state_is_finished:
 * @state: a work state
 *
 * Whether @state is final: SUCCEEDED, FAILED or CANCELLED. Periodic work is
 * never finished unless it is cancelled.
 *
 * Returns: %TRUE for a final state
 */
gboolean
rill_work_state_is_finished (RillWorkState state)
{
  return state == RILL_WORK_STATE_SUCCEEDED
         || state == RILL_WORK_STATE_FAILED
         || state == RILL_WORK_STATE_CANCELLED;
}

/**
 * rill_work_state_to_string:
 * @state: a work state
 *
 * The name of @state as WorkManager prints it: "ENQUEUED", "RUNNING", …, for
 * logs and tools. It is not translated.
 *
 * Returns: the name, or "INVALID"
 */
const char *
rill_work_state_to_string (RillWorkState state)
{
  static const char * const names[] = {
    "ENQUEUED", "RUNNING", "SUCCEEDED", "FAILED", "BLOCKED", "CANCELLED",
  };

  if ((guint) state >= G_N_ELEMENTS (names))
    return "INVALID";
  return names[state];
}
