/* rill-lifecycle-state.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-lifecycle-state.h"

G_DEFINE_ENUM_TYPE (RillLifecycleState, rill_lifecycle_state,
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_STATE_DESTROYED, "destroyed"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_STATE_INITIALIZED, "initialized"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_STATE_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_STATE_STARTED, "started"),
  G_DEFINE_ENUM_VALUE (RILL_LIFECYCLE_STATE_RESUMED, "resumed"))

/**
 * rill_lifecycle_state_is_at_least:
 * @self: a state
 * @state: the state to compare with
 *
 * androidx's `State.isAtLeast`.
 *
 * Returns: %TRUE when @self is @state or a later one
 */
gboolean
rill_lifecycle_state_is_at_least (RillLifecycleState self,
                                  RillLifecycleState state)
{
  g_return_val_if_fail (self <= RILL_LIFECYCLE_STATE_RESUMED, FALSE);
  g_return_val_if_fail (state <= RILL_LIFECYCLE_STATE_RESUMED, FALSE);

  return self >= state;
}
