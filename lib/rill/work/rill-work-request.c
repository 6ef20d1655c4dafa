/* rill-work-request.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rill-work-request-private.h"

/**
 * RillWorkRequest:
 *
 * What to run in the background, and when: WorkManager's
 * `OneTimeWorkRequest` and `PeriodicWorkRequest`, in one type.
 *
 * A request names its worker by class: the #GType name of a subclass of
 * [class@Worker] or [class@CoroutineWorker], or a name a factory registered
 * with [method@WorkManager.set_worker_factory] knows. It carries input data
 * (a `a{sv}` #GVariant dictionary), tags, an initial delay, a back-off
 * policy for retries, and for periodic work its interval and flex window.
 * Its id, a random UUID, is chosen when it is created.
 *
 * A request is set up, then given to [method@WorkManager.enqueue] or a
 * continuation; from then on it cannot change.
 */

struct _RillWorkRequest
{
  GObject            parent_instance;

  char              *id;
  char              *worker_class;
  gboolean           periodic;
  guint64            interval;
  guint64            flex;
  GVariant          *input;
  GPtrArray         *tags;      /* NULL-terminated */
  guint64            initial_delay;
  RillBackoffPolicy  backoff_policy;
  guint64            backoff_delay;
  RillInputMerger    input_merger;
  RillWorkConstraints *constraints;
  gboolean           frozen;
};

G_DEFINE_FINAL_TYPE (RillWorkRequest, rill_work_request, G_TYPE_OBJECT)

#define CHECK_NOT_FROZEN(self)                                                      \
  G_STMT_START {                                                                    \
    if (G_UNLIKELY ((self)->frozen))                                                \
      {                                                                             \
        g_critical ("%s: the request %s is enqueued and cannot change", G_STRFUNC,  \
                    (self)->id);                                                    \
        return;                                                                     \
      }                                                                             \
  } G_STMT_END

GVariant *
rill_work_empty_data (void)
{
  return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

gboolean
rill_work_check_data (GVariant    *data,
                      const char  *what,
                      GError     **error)
{
  gsize size;

  if (!g_variant_is_of_type (data, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_INVALID_REQUEST,
                   _("The %s must be a dictionary of type a{sv}, not %s"),
                   what, g_variant_get_type_string (data));
      return FALSE;
    }
  size = g_variant_get_size (data);
  if (size > RILL_WORK_DATA_MAX_SIZE)
    {
      /* A format macro inside _() would cut the message id short. */
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATA_TOO_LARGE,
                   _("The %s takes %lu bytes; at most %d are allowed"),
                   what, (gulong) size, RILL_WORK_DATA_MAX_SIZE);
      return FALSE;
    }
  return TRUE;
}

void
rill_work_request_freeze (RillWorkRequest *self)
{
  self->frozen = TRUE;
}

gboolean
rill_work_request_is_frozen (RillWorkRequest *self)
{
  return self->frozen;
}

static void
rill_work_request_finalize (GObject *object)
{
  RillWorkRequest *self = RILL_WORK_REQUEST (object);

  g_free (self->id);
  g_free (self->worker_class);
  g_clear_pointer (&self->input, g_variant_unref);
  g_ptr_array_unref (self->tags);
  g_clear_pointer (&self->constraints, rill_work_constraints_unref);

  G_OBJECT_CLASS (rill_work_request_parent_class)->finalize (object);
}

static void
rill_work_request_class_init (RillWorkRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_work_request_finalize;
}

static void
rill_work_request_init (RillWorkRequest *self)
{
  self->id = g_uuid_string_random ();
  self->input = rill_work_empty_data ();
  self->tags = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->tags, NULL);
  self->backoff_policy = RILL_BACKOFF_POLICY_EXPONENTIAL;
  self->backoff_delay = RILL_WORK_DEFAULT_BACKOFF_DELAY_MS;
  self->input_merger = RILL_INPUT_MERGER_OVERWRITING;
}

/**
 * rill_work_request_new_one_time:
 * @worker_class: the worker's class: a #GType name, or a name the worker
 *   factory knows
 *
 * Creates a request for work that runs once (or until it stops asking to be
 * retried), WorkManager's `OneTimeWorkRequest`. Like WorkManager, its first
 * tag is the worker class.
 *
 * Returns: (transfer full): the request
 */
RillWorkRequest *
rill_work_request_new_one_time (const char *worker_class)
{
  RillWorkRequest *self;

  g_return_val_if_fail (worker_class != NULL && *worker_class != '\0', NULL);

  self = g_object_new (RILL_TYPE_WORK_REQUEST, NULL);
  self->worker_class = g_strdup (worker_class);
  rill_work_request_add_tag (self, worker_class);
  return self;
}

/**
 * rill_work_request_new_periodic:
 * @worker_class: the worker's class, as for
 *   [ctor@WorkRequest.new_one_time]
 * @interval_ms: the interval between runs, at least
 *   %RILL_WORK_MIN_PERIODIC_INTERVAL_MS
 * @flex_ms: the window at the end of each interval in which the work may
 *   run, at least %RILL_WORK_MIN_PERIODIC_FLEX_MS and at most @interval_ms;
 *   @interval_ms for no flex
 *
 * Creates a request for work that runs once in every interval until it is
 * cancelled, WorkManager's `PeriodicWorkRequest`. An interval or a flex out
 * of range is brought into it with a warning, as WorkManager does.
 *
 * Returns: (transfer full): the request
 */
RillWorkRequest *
rill_work_request_new_periodic (const char *worker_class,
                                guint64     interval_ms,
                                guint64     flex_ms)
{
  RillWorkRequest *self;

  g_return_val_if_fail (worker_class != NULL && *worker_class != '\0', NULL);

  if (interval_ms < RILL_WORK_MIN_PERIODIC_INTERVAL_MS)
    {
      g_warning ("The interval of periodic work is at least %d ms: %" G_GUINT64_FORMAT " ms raised to it",
                 RILL_WORK_MIN_PERIODIC_INTERVAL_MS, interval_ms);
      interval_ms = RILL_WORK_MIN_PERIODIC_INTERVAL_MS;
    }
  if (flex_ms < RILL_WORK_MIN_PERIODIC_FLEX_MS || flex_ms > interval_ms)
    {
      guint64 clamped = CLAMP (flex_ms, RILL_WORK_MIN_PERIODIC_FLEX_MS, interval_ms);

      g_warning ("The flex of periodic work is between %d ms and its interval: %" G_GUINT64_FORMAT
                 " ms made %" G_GUINT64_FORMAT " ms", RILL_WORK_MIN_PERIODIC_FLEX_MS, flex_ms, clamped);
      flex_ms = clamped;
    }

  self = rill_work_request_new_one_time (worker_class);
  self->periodic = TRUE;
  self->interval = interval_ms;
  self->flex = flex_ms;
  return self;
}

/**
 * rill_work_request_get_id:
 * @self: a work request
 *
 * The id of the work, a UUID chosen when the request was created.
 *
 * Returns: (transfer none): the id
 */
const char *
rill_work_request_get_id (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), NULL);
  return self->id;
}

/**
 * rill_work_request_get_worker_class:
 * @self: a work request
 *
 * The worker class the request was created with.
 *
 * Returns: (transfer none): the worker class
 */
const char *
rill_work_request_get_worker_class (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), NULL);
  return self->worker_class;
}

/**
 * rill_work_request_is_periodic:
 * @self: a work request
 *
 * Whether the request is for periodic work.
 *
 * Returns: %TRUE for periodic work
 */
gboolean
rill_work_request_is_periodic (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), FALSE);
  return self->periodic;
}

/**
 * rill_work_request_get_interval:
 * @self: a work request
 *
 * The interval of periodic work.
 *
 * Returns: the interval in milliseconds, 0 for one-time work
 */
guint64
rill_work_request_get_interval (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), 0);
  return self->interval;
}

/**
 * rill_work_request_get_flex:
 * @self: a work request
 *
 * The flex window of periodic work.
 *
 * Returns: the flex in milliseconds, 0 for one-time work
 */
guint64
rill_work_request_get_flex (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), 0);
  return self->flex;
}

/**
 * rill_work_request_set_input_data:
 * @self: a work request
 * @data: a dictionary of type `a{sv}`; a floating reference is taken
 * @error: return location for an error
 *
 * Sets the input the worker gets. Work data is small: at most
 * %RILL_WORK_DATA_MAX_SIZE bytes serialized, like WorkManager's `Data`;
 * larger data belongs in a file whose name the data holds.
 *
 * Returns: %TRUE when set; %FALSE with %RILL_WORK_ERROR_DATA_TOO_LARGE or
 *   %RILL_WORK_ERROR_INVALID_REQUEST otherwise
 */
gboolean
rill_work_request_set_input_data (RillWorkRequest  *self,
                                  GVariant         *data,
                                  GError          **error)
{
  g_autoptr(GVariant) owned = NULL;

  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned = g_variant_ref_sink (data);
  if (self->frozen)
    {
      g_critical ("%s: the request %s is enqueued and cannot change", G_STRFUNC, self->id);
      return FALSE;
    }
  if (!rill_work_check_data (owned, _("input data"), error))
    return FALSE;
  g_clear_pointer (&self->input, g_variant_unref);
  self->input = g_steal_pointer (&owned);
  return TRUE;
}

/**
 * rill_work_request_get_input_data:
 * @self: a work request
 *
 * The input data, an empty dictionary unless set.
 *
 * Returns: (transfer none): the input data, of type `a{sv}`
 */
GVariant *
rill_work_request_get_input_data (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), NULL);
  return self->input;
}

/**
 * rill_work_request_add_tag:
 * @self: a work request
 * @tag: a tag
 *
 * Tags the work, so that it can be found and cancelled with others of the
 * same tag. Adding a tag twice has no effect.
 */
void
rill_work_request_add_tag (RillWorkRequest *self,
                           const char      *tag)
{
  g_return_if_fail (RILL_IS_WORK_REQUEST (self));
  g_return_if_fail (tag != NULL);
  CHECK_NOT_FROZEN (self);

  for (guint i = 0; i + 1 < self->tags->len; i++)
    if (g_str_equal (g_ptr_array_index (self->tags, i), tag))
      return;
  g_ptr_array_insert (self->tags, self->tags->len - 1, g_strdup (tag));
}

/**
 * rill_work_request_get_tags:
 * @self: a work request
 *
 * The tags of the work, in the order they were added; the first is the
 * worker class.
 *
 * Returns: (transfer none) (array zero-terminated=1): the tags
 */
const char * const *
rill_work_request_get_tags (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), NULL);
  return (const char * const *) self->tags->pdata;
}

/**
 * rill_work_request_set_initial_delay:
 * @self: a work request
 * @delay_ms: the delay in milliseconds
 *
 * Delays the first run by @delay_ms after the work is enqueued.
 */
void
rill_work_request_set_initial_delay (RillWorkRequest *self,
                                     guint64          delay_ms)
{
  g_return_if_fail (RILL_IS_WORK_REQUEST (self));
  CHECK_NOT_FROZEN (self);

  self->initial_delay = delay_ms;
}

/**
 * rill_work_request_get_initial_delay:
 * @self: a work request
 *
 * The initial delay.
 *
 * Returns: the delay in milliseconds
 */
guint64
rill_work_request_get_initial_delay (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), 0);
  return self->initial_delay;
}

/**
 * rill_work_request_set_backoff_criteria:
 * @self: a work request
 * @policy: how the delay grows
 * @delay_ms: the delay before the first retry, between
 *   %RILL_WORK_MIN_BACKOFF_DELAY_MS and %RILL_WORK_MAX_BACKOFF_DELAY_MS
 *
 * Sets how long to wait before running the work again when its worker asks
 * to be retried. The n-th retry waits @delay_ms × n (linear) or @delay_ms ×
 * 2^(n-1) (exponential), at most %RILL_WORK_MAX_BACKOFF_DELAY_MS. The
 * default is exponential from %RILL_WORK_DEFAULT_BACKOFF_DELAY_MS. A delay
 * out of range is brought into it with a warning, as WorkManager does.
 */
void
rill_work_request_set_backoff_criteria (RillWorkRequest   *self,
                                        RillBackoffPolicy  policy,
                                        guint64            delay_ms)
{
  g_return_if_fail (RILL_IS_WORK_REQUEST (self));
  g_return_if_fail (policy == RILL_BACKOFF_POLICY_EXPONENTIAL || policy == RILL_BACKOFF_POLICY_LINEAR);
  CHECK_NOT_FROZEN (self);

  if (delay_ms < RILL_WORK_MIN_BACKOFF_DELAY_MS || delay_ms > RILL_WORK_MAX_BACKOFF_DELAY_MS)
    {
      guint64 clamped = CLAMP (delay_ms, RILL_WORK_MIN_BACKOFF_DELAY_MS, RILL_WORK_MAX_BACKOFF_DELAY_MS);

      g_warning ("The back-off delay of work is between %d and %d ms: %" G_GUINT64_FORMAT
                 " ms made %" G_GUINT64_FORMAT " ms", RILL_WORK_MIN_BACKOFF_DELAY_MS,
                 RILL_WORK_MAX_BACKOFF_DELAY_MS, delay_ms, clamped);
      delay_ms = clamped;
    }
  self->backoff_policy = policy;
  self->backoff_delay = delay_ms;
}

/**
 * rill_work_request_get_backoff_policy:
 * @self: a work request
 *
 * The back-off policy.
 *
 * Returns: the policy
 */
RillBackoffPolicy
rill_work_request_get_backoff_policy (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), RILL_BACKOFF_POLICY_EXPONENTIAL);
  return self->backoff_policy;
}

/**
 * rill_work_request_get_backoff_delay:
 * @self: a work request
 *
 * The back-off delay.
 *
 * Returns: the delay before the first retry, in milliseconds
 */
guint64
rill_work_request_get_backoff_delay (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), 0);
  return self->backoff_delay;
}

/**
 * rill_work_request_set_input_merger:
 * @self: a work request
 * @merger: how to merge
 *
 * Sets how the input of work with prerequisites is made from their outputs
 * and its own input data; the default is %RILL_INPUT_MERGER_OVERWRITING.
 */
void
rill_work_request_set_input_merger (RillWorkRequest *self,
                                    RillInputMerger  merger)
{
  g_return_if_fail (RILL_IS_WORK_REQUEST (self));
  g_return_if_fail (merger == RILL_INPUT_MERGER_OVERWRITING || merger == RILL_INPUT_MERGER_ARRAY_CREATING);
  CHECK_NOT_FROZEN (self);

  self->input_merger = merger;
}

/**
 * rill_work_request_get_input_merger:
 * @self: a work request
 *
 * The input merger.
 *
 * Returns: the merger
 */
RillInputMerger
rill_work_request_get_input_merger (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), RILL_INPUT_MERGER_OVERWRITING);
  return self->input_merger;
}

/**
 * rill_work_request_set_constraints:
 * @self: a work request
 * @constraints: (nullable): what the work needs to run, %NULL for nothing;
 *   a reference is taken, which makes it unchangeable
 *
 * Sets the conditions the work needs: a network, power, a battery or
 * storage that is not low. The work runs only while they are met, and a
 * running worker is stopped (and its work enqueued again) when one is no
 * longer met.
 */
void
rill_work_request_set_constraints (RillWorkRequest     *self,
                                   RillWorkConstraints *constraints)
{
  g_return_if_fail (RILL_IS_WORK_REQUEST (self));
  CHECK_NOT_FROZEN (self);

  g_clear_pointer (&self->constraints, rill_work_constraints_unref);
  if (constraints != NULL)
    self->constraints = rill_work_constraints_ref (constraints);
}

/**
 * rill_work_request_get_constraints:
 * @self: a work request
 *
 * The constraints of the work.
 *
 * Returns: (transfer none) (nullable): the constraints, %NULL for none
 */
RillWorkConstraints *
rill_work_request_get_constraints (RillWorkRequest *self)
{
  g_return_val_if_fail (RILL_IS_WORK_REQUEST (self), NULL);
  return self->constraints;
}
