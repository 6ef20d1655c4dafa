/* rill-flow-callback-private.h: flows fed by callbacks through a channel
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-channel.h"
#include "rill-flow-emitter.h"

G_BEGIN_DECLS

/* Receives from @channel until it is closed and emits each element. FALSE
 * with @error when downstream failed, the caller was cancelled, or the
 * channel was closed with a cause. */
gboolean rill_flow_pump_channel (RillFlowEmitter  *emitter,
                                 RillChannel      *channel,
                                 GError          **error);

/* Runs @func (@user_data) on the main thread and waits for it: at once when
 * this is the main thread, otherwise through Main.immediate. FALSE with
 * @error when the caller was cancelled first. */
gboolean rill_flow_run_on_main  (GSourceFunc       func,
                                 gpointer          user_data,
                                 GError          **error);

/* Runs @func (@user_data) on the main thread without waiting, even once the
 * caller is cancelled: for tearing down what rill_flow_run_on_main() set up.
 * @destroy is called on @user_data afterwards. */
void     rill_flow_run_on_main_later (GSourceFunc     func,
                                      gpointer        user_data,
                                      GDestroyNotify  destroy);

/* What a flow of main-thread callbacks does in each collection: runs
 * @attach (@data) on the main thread, emits what the callbacks send into
 * @channel until it is closed or downstream stops, then runs @detach
 * (@data) on the main thread, even when cancelled, and @destroy (@data).
 * @data is destroyed in every case. */
gboolean rill_flow_follow_on_main (RillFlowEmitter  *emitter,
                                   RillChannel      *channel,
                                   GSourceFunc       attach,
                                   GSourceFunc       detach,
                                   gpointer          data,
                                   GDestroyNotify    destroy,
                                   GError          **error);

G_END_DECLS
