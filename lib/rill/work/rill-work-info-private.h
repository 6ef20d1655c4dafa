/* rill-work-info-private.h: a row of the work database
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-work-info.h"

G_BEGIN_DECLS

/* Everything the database keeps of one unit of work; WorkInfo shows part
 * of it. Times are milliseconds of the work manager's clock. */
struct _RillWorkInfo
{
  gatomicrefcount     ref;

  char               *id;
  RillWorkState       state;
  char               *worker_class;
  GVariant           *input;          /* a{sv}, never NULL */
  GVariant           *output;         /* a{sv}, never NULL */
  GVariant           *progress;       /* a{sv}, never NULL */
  GVariant           *constraints;    /* a{sv}, never NULL */
  char              **tags;           /* never NULL */
  gint64              initial_delay;
  gint64              interval;       /* 0: one-time work */
  gint64              flex;
  guint               run_attempt_count;
  RillBackoffPolicy   backoff_policy;
  gint64              backoff_delay;
  gint64              last_enqueue_time;
  gint64              next_run_at;
  guint               period_count;
  guint               generation;
  RillWorkStopReason  stop_reason;
  RillInputMerger     input_merger;
  gint64              finished_at;    /* 0 while unfinished */
};

RillWorkInfo *rill_work_info_new (void);

G_END_DECLS
