/* rill-work-request.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-work-constraints.h"
#include "rill-work-enums.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

/**
 * RILL_WORK_MIN_PERIODIC_INTERVAL_MS:
 *
 * The shortest interval of periodic work, 15 minutes, as WorkManager's.
 */
#define RILL_WORK_MIN_PERIODIC_INTERVAL_MS (15 * 60 * 1000)

/**
 * RILL_WORK_MIN_PERIODIC_FLEX_MS:
 *
 * The shortest flex window of periodic work, 5 minutes, as WorkManager's.
 */
#define RILL_WORK_MIN_PERIODIC_FLEX_MS (5 * 60 * 1000)

/**
 * RILL_WORK_DEFAULT_BACKOFF_DELAY_MS:
 *
 * The back-off delay of work that sets none: 30 seconds.
 */
#define RILL_WORK_DEFAULT_BACKOFF_DELAY_MS (30 * 1000)

/**
 * RILL_WORK_MIN_BACKOFF_DELAY_MS:
 *
 * The shortest back-off delay: 10 seconds.
 */
#define RILL_WORK_MIN_BACKOFF_DELAY_MS (10 * 1000)

/**
 * RILL_WORK_MAX_BACKOFF_DELAY_MS:
 *
 * The longest back-off delay, whatever the attempt: 5 hours.
 */
#define RILL_WORK_MAX_BACKOFF_DELAY_MS (5 * 60 * 60 * 1000)

#define RILL_TYPE_WORK_REQUEST (rill_work_request_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillWorkRequest, rill_work_request, RILL, WORK_REQUEST, GObject)

RILL_AVAILABLE_IN_ALL
RillWorkRequest    *rill_work_request_new_one_time       (const char        *worker_class);
RILL_AVAILABLE_IN_ALL
RillWorkRequest    *rill_work_request_new_periodic       (const char        *worker_class,
                                                          guint64            interval_ms,
                                                          guint64            flex_ms);

RILL_AVAILABLE_IN_ALL
const char         *rill_work_request_get_id             (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
const char         *rill_work_request_get_worker_class   (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_work_request_is_periodic        (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
guint64             rill_work_request_get_interval       (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
guint64             rill_work_request_get_flex           (RillWorkRequest   *self);

RILL_AVAILABLE_IN_ALL
gboolean            rill_work_request_set_input_data     (RillWorkRequest   *self,
                                                          GVariant          *data,
                                                          GError           **error);
RILL_AVAILABLE_IN_ALL
GVariant           *rill_work_request_get_input_data     (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_request_add_tag            (RillWorkRequest   *self,
                                                          const char        *tag);
RILL_AVAILABLE_IN_ALL
const char * const *rill_work_request_get_tags           (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_request_set_initial_delay  (RillWorkRequest   *self,
                                                          guint64            delay_ms);
RILL_AVAILABLE_IN_ALL
guint64             rill_work_request_get_initial_delay  (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_request_set_backoff_criteria (RillWorkRequest *self,
                                                          RillBackoffPolicy  policy,
                                                          guint64            delay_ms);
RILL_AVAILABLE_IN_ALL
RillBackoffPolicy   rill_work_request_get_backoff_policy (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
guint64             rill_work_request_get_backoff_delay  (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_request_set_input_merger   (RillWorkRequest   *self,
                                                          RillInputMerger    merger);
RILL_AVAILABLE_IN_ALL
RillInputMerger     rill_work_request_get_input_merger   (RillWorkRequest   *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_request_set_constraints    (RillWorkRequest     *self,
                                                          RillWorkConstraints *constraints);
RILL_AVAILABLE_IN_ALL
RillWorkConstraints *rill_work_request_get_constraints   (RillWorkRequest   *self);

G_END_DECLS
