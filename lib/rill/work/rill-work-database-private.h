/* rill-work-database-private.h: the SQLite store of background work
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rill-work-enums.h"
#include "rill-work-info-private.h"
#include "rill-work-result.h"

G_BEGIN_DECLS

#define RILL_TYPE_WORK_DATABASE (rill_work_database_get_type ())

G_DECLARE_FINAL_TYPE (RillWorkDatabase, rill_work_database, RILL, WORK_DATABASE, GObject)

/* The tables a change touched, for the invalidation tracker. */
typedef enum {
  RILL_WORK_TABLE_SPEC       = 1 << 0,
  RILL_WORK_TABLE_TAG        = 1 << 1,
  RILL_WORK_TABLE_NAME       = 1 << 2,
  RILL_WORK_TABLE_DEPENDENCY = 1 << 3,
  RILL_WORK_TABLE_ALL        = 0xf,
} RillWorkTables;

/* Called after a transaction that changed @tables committed, on the thread
 * that made it, without the database's lock. */
typedef void (*RillWorkInvalidateFunc) (RillWorkTables tables,
                                        gpointer       user_data);

/* One edge of a chain: @id runs after @prerequisite. */
typedef struct
{
  char *id;
  char *prerequisite;
} RillWorkDependency;

/* The schema version this library writes. */
#define RILL_WORK_DATABASE_VERSION 1

RillWorkDatabase *rill_work_database_open          (const char              *path,
                                                    GError                 **error);
const char       *rill_work_database_get_path      (RillWorkDatabase        *self);
void              rill_work_database_set_invalidate_func (RillWorkDatabase  *self,
                                                    RillWorkInvalidateFunc   func,
                                                    gpointer                 user_data);
/* Whether another connection (another process) committed since the last
 * call: then everything may have changed. */
gboolean          rill_work_database_changed_elsewhere (RillWorkDatabase    *self);

/* Work rows made from requests; @infos in insertion order. */
gboolean          rill_work_database_insert        (RillWorkDatabase        *self,
                                                    GPtrArray               *infos,
                                                    GArray                  *dependencies,
                                                    const char              *unique_name,
                                                    gint64                   now,
                                                    GError                 **error);
/* Unique work: the policy applied and the new work inserted in one
 * transaction. @running_out gets the ids of running work that was
 * cancelled (to stop), @kept_out whether the new work was dropped. */
gboolean          rill_work_database_insert_unique (RillWorkDatabase        *self,
                                                    const char              *name,
                                                    RillExistingWorkPolicy   policy,
                                                    GPtrArray               *infos,
                                                    GArray                  *dependencies,
                                                    gint64                   now,
                                                    GPtrArray              **running_out,
                                                    gboolean                *kept_out,
                                                    GError                 **error);

RillWorkInfo     *rill_work_database_get           (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    GError                 **error);
GPtrArray        *rill_work_database_get_by_tag    (RillWorkDatabase        *self,
                                                    const char              *tag,
                                                    GError                 **error);
GPtrArray        *rill_work_database_get_by_name   (RillWorkDatabase        *self,
                                                    const char              *name,
                                                    GError                 **error);
GPtrArray        *rill_work_database_get_all       (RillWorkDatabase        *self,
                                                    GError                 **error);
/* Enqueued work due at @now, oldest first. */
GPtrArray        *rill_work_database_get_due       (RillWorkDatabase        *self,
                                                    gint64                   now,
                                                    guint                    limit,
                                                    GError                 **error);
/* The earliest next run of enqueued work after @after, G_MAXINT64
 * without any. */
gint64            rill_work_database_get_next_run_at (RillWorkDatabase      *self,
                                                      gint64                 after);
/* The outputs of @id's prerequisites, in the order they were added. */
GPtrArray        *rill_work_database_get_prerequisite_outputs (RillWorkDatabase *self,
                                                    const char              *id,
                                                    GError                 **error);

/* ENQUEUED -> RUNNING, the attempt counted; FALSE (no error) when the work
 * is no longer enqueued. */
gboolean          rill_work_database_mark_running  (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    gint64                   now,
                                                    GError                 **error);
/* The end of a run, applied only while the work is RUNNING. A
 * @stop_reason other than NOT_STOPPED is recorded as why the run ended
 * (a remote worker's lost process). */
gboolean          rill_work_database_finish        (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    RillWorkResultKind       kind,
                                                    GVariant                *output,
                                                    RillWorkStopReason       stop_reason,
                                                    gint64                   now,
                                                    GError                 **error);
/* RUNNING -> ENQUEUED without back-off, for a run stopped by a constraint,
 * a shutdown or a lost process. */
gboolean          rill_work_database_stop          (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    RillWorkStopReason       reason,
                                                    gint64                   now,
                                                    GError                 **error);
gboolean          rill_work_database_set_progress  (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    GVariant                *progress,
                                                    GError                 **error);

/* Cancels unfinished work and what depends on it. Exactly one of @id, @tag,
 * @name, or none for all work. @running_out gets the ids of cancelled work
 * that was running. */
gboolean          rill_work_database_cancel        (RillWorkDatabase        *self,
                                                    const char              *id,
                                                    const char              *tag,
                                                    const char              *name,
                                                    gint64                   now,
                                                    GPtrArray              **running_out,
                                                    GError                 **error);
/* At start-up: work left RUNNING by a process that ended goes back to
 * ENQUEUED, its attempt counted. Returns how many. */
guint             rill_work_database_recover       (RillWorkDatabase        *self,
                                                    gint64                   now,
                                                    GError                 **error);
/* Deletes finished work that finished before @before and on which no
 * unfinished work depends. Returns how many. */
guint             rill_work_database_prune         (RillWorkDatabase        *self,
                                                    gint64                   before,
                                                    GError                 **error);

gint64            rill_work_next_run_after_retry   (RillWorkInfo            *info,
                                                    gint64                   now);

G_END_DECLS
