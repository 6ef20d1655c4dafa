/* rill-work-info.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-work-info-private.h"
#include "rill-work-request-private.h"

G_DEFINE_BOXED_TYPE (RillWorkInfo, rill_work_info, rill_work_info_ref, rill_work_info_unref)

RillWorkInfo *
rill_work_info_new (void)
{
  RillWorkInfo *self = g_new0 (RillWorkInfo, 1);

  g_atomic_ref_count_init (&self->ref);
  return self;
}

/**
 * rill_work_info_ref:
 * @self: a work info
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
RillWorkInfo *
rill_work_info_ref (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

/**
 * rill_work_info_unref:
 * @self: (transfer full): a work info
 *
 * Drops a reference.
 */
void
rill_work_info_unref (RillWorkInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->id);
  g_free (self->worker_class);
  g_clear_pointer (&self->input, g_variant_unref);
  g_clear_pointer (&self->output, g_variant_unref);
  g_clear_pointer (&self->progress, g_variant_unref);
  g_clear_pointer (&self->constraints, g_variant_unref);
  g_strfreev (self->tags);
  g_free (self);
}

/**
 * rill_work_info_get_id:
 * @self: a work info
 *
 * The id of the work, that of its request.
 *
 * Returns: (transfer none): the id
 */
const char *
rill_work_info_get_id (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * rill_work_info_get_state:
 * @self: a work info
 *
 * The state of the work.
 *
 * Returns: the state
 */
RillWorkState
rill_work_info_get_state (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, RILL_WORK_STATE_ENQUEUED);
  return self->state;
}

/**
 * rill_work_info_get_worker_class:
 * @self: a work info
 *
 * The worker class of the work.
 *
 * Returns: (transfer none): the worker class
 */
const char *
rill_work_info_get_worker_class (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->worker_class;
}

/**
 * rill_work_info_get_tags:
 * @self: a work info
 *
 * The tags of the work, in the order of its request.
 *
 * Returns: (transfer none) (array zero-terminated=1): the tags
 */
const char * const *
rill_work_info_get_tags (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->tags;
}

/**
 * rill_work_info_has_tag:
 * @self: a work info
 * @tag: a tag
 *
 * Whether the work has @tag.
 *
 * Returns: %TRUE when it has
 */
gboolean
rill_work_info_has_tag (RillWorkInfo *self,
                        const char   *tag)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->tags, tag);
}

/**
 * rill_work_info_get_output_data:
 * @self: a work info
 *
 * The output of finished work, as its worker returned it; an empty
 * dictionary before the work finished, and for periodic work.
 *
 * Returns: (transfer none): the output, of type `a{sv}`
 */
GVariant *
rill_work_info_get_output_data (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->output;
}

/**
 * rill_work_info_get_progress:
 * @self: a work info
 *
 * The progress the running worker set last with
 * [method@Worker.set_progress]; an empty dictionary when none was set, and
 * once the work is no longer running.
 *
 * Returns: (transfer none): the progress, of type `a{sv}`
 */
GVariant *
rill_work_info_get_progress (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->progress;
}

/**
 * rill_work_info_get_run_attempt_count:
 * @self: a work info
 *
 * How many times a worker started on the work: 0 before its first run, 1
 * during it, more after retries and stops.
 *
 * Returns: the count
 */
guint
rill_work_info_get_run_attempt_count (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->run_attempt_count;
}

/**
 * rill_work_info_get_generation:
 * @self: a work info
 *
 * How many times the work was updated in place; 0 for work that never
 * was.
 *
 * Returns: the generation
 */
guint
rill_work_info_get_generation (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->generation;
}

/**
 * rill_work_info_get_next_schedule_time:
 * @self: a work info
 *
 * When enqueued work runs next at the earliest (its constraints allowing),
 * in milliseconds of the work manager's clock (by default the real time,
 * as g_get_real_time() / 1000).
 *
 * Returns: the time, or %G_MAXINT64 for work that is not enqueued
 */
gint64
rill_work_info_get_next_schedule_time (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, G_MAXINT64);
  return self->state == RILL_WORK_STATE_ENQUEUED ? self->next_run_at : G_MAXINT64;
}

/**
 * rill_work_info_get_stop_reason:
 * @self: a work info
 *
 * Why the work was stopped the last time a run of it was stopped, as
 * WorkManager's `getStopReason`: it stays through the runs that follow.
 *
 * Returns: the reason, %RILL_WORK_STOP_REASON_NOT_STOPPED when no run was
 */
RillWorkStopReason
rill_work_info_get_stop_reason (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, RILL_WORK_STOP_REASON_NOT_STOPPED);
  return self->stop_reason;
}

/**
 * rill_work_info_is_periodic:
 * @self: a work info
 *
 * Whether the work is periodic.
 *
 * Returns: %TRUE for periodic work
 */
gboolean
rill_work_info_is_periodic (RillWorkInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->interval > 0;
}

/**
 * rill_work_info_equal:
 * @a: a work info
 * @b: another one
 *
 * Whether @a and @b tell the same: same id, state, tags, output, progress,
 * attempts, generation, next schedule time and stop reason.
 *
 * Returns: %TRUE when they do
 */
gboolean
rill_work_info_equal (RillWorkInfo *a,
                      RillWorkInfo *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a == b
         || (g_str_equal (a->id, b->id)
             && a->state == b->state
             && g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags)
             && g_variant_equal (a->output, b->output)
             && g_variant_equal (a->progress, b->progress)
             && a->run_attempt_count == b->run_attempt_count
             && a->generation == b->generation
             && rill_work_info_get_next_schedule_time (a) == rill_work_info_get_next_schedule_time (b)
             && a->stop_reason == b->stop_reason);
}
