/* rill-sharing-started.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-sharing-started-private.h"

G_DEFINE_BOXED_TYPE (RillSharingStarted, rill_sharing_started,
                     rill_sharing_started_ref, rill_sharing_started_unref)

static RillSharingStarted eagerly = { -1, RILL_SHARING_EAGERLY, 0, 0 };
static RillSharingStarted lazily = { -1, RILL_SHARING_LAZILY, 0, 0 };

/**
 * rill_sharing_started_eagerly:
 *
 * Sharing starts at once and never stops, kotlinx's
 * `SharingStarted.Eagerly`.
 *
 * Returns: (transfer full): the strategy
 */
RillSharingStarted *
rill_sharing_started_eagerly (void)
{
  return &eagerly;
}

/**
 * rill_sharing_started_lazily:
 *
 * Sharing starts when the first collector comes and never stops, kotlinx's
 * `SharingStarted.Lazily`.
 *
 * Returns: (transfer full): the strategy
 */
RillSharingStarted *
rill_sharing_started_lazily (void)
{
  return &lazily;
}

/**
 * rill_sharing_started_while_subscribed:
 * @stop_timeout_ms: how long the upstream keeps running after the last
 *   collector left, in milliseconds (%G_MAXUINT64: forever)
 * @replay_expiration_ms: how long the replay cache is kept once the
 *   upstream stopped, in milliseconds (%G_MAXUINT64: forever); when it
 *   expires a state flow goes back to its initial value and a shared flow
 *   forgets its replay cache
 *
 * Sharing runs while there are collectors, kotlinx's
 * `SharingStarted.WhileSubscribed (stopTimeoutMillis,
 * replayExpirationMillis)`: it starts with the first collector, and stops
 * @stop_timeout_ms after the last one left, unless a collector came back
 * meanwhile. kotlinx's defaults are 0 and %G_MAXUINT64.
 *
 * Returns: (transfer full): the strategy
 */
RillSharingStarted *
rill_sharing_started_while_subscribed (guint64 stop_timeout_ms,
                                       guint64 replay_expiration_ms)
{
  RillSharingStarted *self = g_new0 (RillSharingStarted, 1);

  self->ref_count = 1;
  self->kind = RILL_SHARING_WHILE_SUBSCRIBED;
  self->stop_timeout_ms = stop_timeout_ms;
  self->replay_expiration_ms = replay_expiration_ms;
  return self;
}

/**
 * rill_sharing_started_ref:
 * @self: a strategy
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
RillSharingStarted *
rill_sharing_started_ref (RillSharingStarted *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->ref_count > 0)
    g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rill_sharing_started_unref:
 * @self: (transfer full): a strategy
 *
 * Drops a reference on @self.
 */
void
rill_sharing_started_unref (RillSharingStarted *self)
{
  g_return_if_fail (self != NULL);

  if (self->ref_count > 0 && g_atomic_int_dec_and_test (&self->ref_count))
    g_free (self);
}
