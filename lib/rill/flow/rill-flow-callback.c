/* rill-flow-callback.c: flows fed by callbacks through a channel
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The flows made from signals, properties, live data and lifecycles share one
 * shape, kotlinx's callbackFlow: a callback sends each value into a channel
 * without suspending, and the collecting coroutine receives and emits them,
 * so the callback never runs downstream code. Live data and lifecycles are
 * used on the main thread: their callbacks are added and removed there.
 */

#include "config.h"

#include "rill-dispatcher-private.h"
#include "rill-flow-callback-private.h"
#include "rill.h"

gboolean
rill_flow_pump_channel (RillFlowEmitter  *emitter,
                        RillChannel      *channel,
                        GError          **error)
{
  for (;;)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      GError *local_error = NULL;

      if (!rill_channel_receive (channel, &value, &local_error))
        {
          if (local_error == NULL)
            return TRUE;   /* closed: the end of the flow */
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!rill_flow_emitter_emit (emitter, &value, error))
        return FALSE;
    }
}

typedef struct
{
  GSourceFunc func;
  gpointer user_data;
} MainCall;

static gboolean
main_call_block (RillScope  *scope,
                 GValue     *result,
                 gpointer    user_data,
                 GError    **error)
{
  MainCall *call = user_data;

  call->func (call->user_data);
  return TRUE;
}

gboolean
rill_flow_run_on_main (GSourceFunc   func,
                       gpointer      user_data,
                       GError      **error)
{
  MainCall call = { func, user_data };

  if (rill_dispatcher_is_main_thread ())
    {
      func (user_data);
      return TRUE;
    }
  return rill_with_context (rill_context_main_immediate (), main_call_block, NULL, &call, error);
}

void
rill_flow_run_on_main_later (GSourceFunc    func,
                             gpointer       user_data,
                             GDestroyNotify destroy)
{
  if (rill_dispatcher_is_main_thread ())
    {
      func (user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, func, user_data, destroy);
}

gboolean
rill_flow_follow_on_main (RillFlowEmitter  *emitter,
                          RillChannel      *channel,
                          GSourceFunc       attach,
                          GSourceFunc       detach,
                          gpointer          data,
                          GDestroyNotify    destroy,
                          GError          **error)
{
  gboolean ok;

  if (!rill_flow_run_on_main (attach, data, error))
    {
      destroy (data);
      return FALSE;
    }
  ok = rill_flow_pump_channel (emitter, channel, error);
  rill_flow_run_on_main_later (detach, data, destroy);
  return ok;
}
