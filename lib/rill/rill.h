/* rill.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#define RILL_INSIDE
# include "rill-version.h"
# include "rill-version-functions.h"
# include "rill-visibility.h"
# include "rill-types.h"
# include "rill-context.h"
# include "rill-coroutine.h"
# include "rill-debug.h"
# include "rill-deferred.h"
# include "rill-dispatcher.h"
# include "rill-job.h"
# include "rill-scope.h"
# include "rill-test-scope.h"
# include "rill-buffer-overflow.h"
# include "rill-channel.h"
# include "rill-lifecycle-state.h"
# include "rill-lifecycle-event.h"
# include "rill-lifecycle-owner.h"
# include "rill-lifecycle-observer.h"
# include "rill-lifecycle.h"
# include "rill-lifecycle-registry.h"
# include "rill-lifecycle-scope.h"
# include "rill-lifecycle-when.h"
# include "rill-repeat-on-lifecycle.h"
# include "rill-view-model.h"
# include "rill-view-model-store-owner.h"
# include "rill-view-model-store.h"
# include "rill-view-model-provider.h"
# include "rill-disposable.h"
# include "rill-live-data.h"
# include "rill-mutable-live-data.h"
# include "rill-mediator-live-data.h"
# include "rill-transformations.h"
# include "rill-live-data-scope.h"
# include "rill-live-data-builder.h"
# include "rill-flow-error.h"
# include "rill-flow.h"
# include "rill-flow-emitter.h"
# include "rill-flow-operators.h"
# include "rill-flow-terminal.h"
# include "rill-flow-gobject.h"
# include "rill-flow-lifecycle.h"
# include "rill-flow-live-data.h"
# include "rill-flow-list-model.h"
# include "rill-flow-builders.h"
# include "rill-flow-buffering.h"
# include "rill-flow-combining.h"
# include "rill-flow-flattening.h"
# include "rill-flow-timing.h"
# include "rill-shared-flow.h"
# include "rill-state-flow.h"
# include "rill-derived-state-flow.h"
# include "rill-mutable-state-flow.h"
# include "rill-mutable-shared-flow.h"
# include "rill-sharing-started.h"
# include "rill-flow-sharing.h"
# include "rill-work-constraints.h"
#undef RILL_INSIDE
