/* rill-work-info.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib-object.h>

#include "rill-work-enums.h"
#include "rill-visibility.h"

G_BEGIN_DECLS

#define RILL_TYPE_WORK_INFO (rill_work_info_get_type ())

/**
 * RillWorkInfo:
 *
 * What is known of one unit of work at one moment, WorkManager's
 * `WorkInfo`: an immutable, reference-counted snapshot, read from the work
 * database.
 */
typedef struct _RillWorkInfo RillWorkInfo;

RILL_AVAILABLE_IN_ALL
GType               rill_work_info_get_type              (void) G_GNUC_CONST;
RILL_AVAILABLE_IN_ALL
RillWorkInfo       *rill_work_info_ref                   (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
void                rill_work_info_unref                 (RillWorkInfo *self);

RILL_AVAILABLE_IN_ALL
const char         *rill_work_info_get_id                (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
RillWorkState       rill_work_info_get_state             (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
const char         *rill_work_info_get_worker_class      (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
const char * const *rill_work_info_get_tags              (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_work_info_has_tag               (RillWorkInfo *self,
                                                          const char   *tag);
RILL_AVAILABLE_IN_ALL
GVariant           *rill_work_info_get_output_data       (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
GVariant           *rill_work_info_get_progress          (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
guint               rill_work_info_get_run_attempt_count (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
guint               rill_work_info_get_generation        (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
gint64              rill_work_info_get_next_schedule_time (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
RillWorkStopReason  rill_work_info_get_stop_reason       (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_work_info_is_periodic           (RillWorkInfo *self);
RILL_AVAILABLE_IN_ALL
gboolean            rill_work_info_equal                 (RillWorkInfo *a,
                                                          RillWorkInfo *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RillWorkInfo, rill_work_info_unref)

G_END_DECLS
