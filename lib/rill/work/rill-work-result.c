/* rill-work-result.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-work-result.h"
#include "rill-work-request-private.h"

struct _RillWorkResult
{
  gatomicrefcount     ref;
  RillWorkResultKind  kind;
  GVariant           *output;
};

G_DEFINE_ENUM_TYPE (RillWorkResultKind, rill_work_result_kind,
  G_DEFINE_ENUM_VALUE (RILL_WORK_RESULT_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_RESULT_FAILURE, "failure"),
  G_DEFINE_ENUM_VALUE (RILL_WORK_RESULT_RETRY, "retry"))

G_DEFINE_BOXED_TYPE (RillWorkResult, rill_work_result, rill_work_result_ref, rill_work_result_unref)

static RillWorkResult *
result_new (RillWorkResultKind  kind,
            GVariant           *output)
{
  RillWorkResult *self = g_new0 (RillWorkResult, 1);

  g_atomic_ref_count_init (&self->ref);
  self->kind = kind;
  self->output = output != NULL ? g_variant_ref_sink (output) : rill_work_empty_data ();
  return self;
}

/**
 * rill_work_result_new_success:
 * @output: (nullable): the output data, a dictionary of type `a{sv}`; a
 *   floating reference is taken
 *
 * The work succeeded, WorkManager's `Result.success (data)`. Its output is
 * kept in the work's [struct@WorkInfo] and given to the work that depends
 * on it as input.
 *
 * Returns: (transfer full): the result
 */
RillWorkResult *
rill_work_result_new_success (GVariant *output)
{
  g_return_val_if_fail (output == NULL || g_variant_is_of_type (output, G_VARIANT_TYPE_VARDICT), NULL);
  return result_new (RILL_WORK_RESULT_SUCCESS, output);
}

/**
 * rill_work_result_new_failure:
 * @output: (nullable): the output data, a dictionary of type `a{sv}`; a
 *   floating reference is taken
 *
 * The work failed for good, WorkManager's `Result.failure (data)`.
 *
 * Returns: (transfer full): the result
 */
RillWorkResult *
rill_work_result_new_failure (GVariant *output)
{
  g_return_val_if_fail (output == NULL || g_variant_is_of_type (output, G_VARIANT_TYPE_VARDICT), NULL);
  return result_new (RILL_WORK_RESULT_FAILURE, output);
}

/**
 * rill_work_result_new_retry:
 *
 * Run the work again later, after its back-off delay, WorkManager's
 * `Result.retry ()`.
 *
 * Returns: (transfer full): the result
 */
RillWorkResult *
rill_work_result_new_retry (void)
{
  return result_new (RILL_WORK_RESULT_RETRY, NULL);
}

/**
 * rill_work_result_ref:
 * @self: a result
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
RillWorkResult *
rill_work_result_ref (RillWorkResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

/**
 * rill_work_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference.
 */
void
rill_work_result_unref (RillWorkResult *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_variant_unref (self->output);
  g_free (self);
}

/**
 * rill_work_result_get_kind:
 * @self: a result
 *
 * The kind of the result.
 *
 * Returns: the kind
 */
RillWorkResultKind
rill_work_result_get_kind (RillWorkResult *self)
{
  g_return_val_if_fail (self != NULL, RILL_WORK_RESULT_FAILURE);
  return self->kind;
}

/**
 * rill_work_result_get_output:
 * @self: a result
 *
 * The output data; empty for a retry.
 *
 * Returns: (transfer none): the output, of type `a{sv}`
 */
GVariant *
rill_work_result_get_output (RillWorkResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->output;
}
