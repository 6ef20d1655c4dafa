/* rill-flow-private.h: what the operators share with the flow core
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rill-coroutine-private.h"
#include "rill-flow.h"
#include "rill-flow-emitter.h"
#include "rill-flow-error.h"

G_BEGIN_DECLS

struct _RillFlowEmitter
{
  gint             ref_count;   /* atomic */
  GType            value_type;
  RillCollectFunc  func;
  gpointer         user_data;
  RillCoroutine   *co;          /* the collecting coroutine */
  GError          *failure;     /* the collector's error: it wins */
  const GError    *cause;       /* set while on_completion runs after a failure */
  gboolean         cancelled;   /* an emission was refused for a cancellation */
  gboolean         done;
};

/* The domain of the error an operator such as take stops its upstream with
 * (kotlinx's AbortFlowException): the code names the collection that threw
 * it, and only that one swallows it, so a caller never sees it. */
#define RILL_FLOW_ABORT (rill_flow_abort_quark ())
GQuark           rill_flow_abort_quark      (void);
gint             rill_flow_abort_new_owner  (void);
gboolean         rill_flow_abort_set        (GError          **error,
                                             gint              owner);
gboolean         rill_flow_abort_is_owned   (const GError     *error,
                                             gint              owner);

/* Numbers and enums: copied bit for bit, nothing to free. */
gboolean         rill_flow_type_is_plain    (GType             type);

RillFlowEmitter *rill_flow_emitter_new      (GType             value_type,
                                             RillCoroutine    *co,
                                             RillCollectFunc   func,
                                             gpointer          user_data);
/* Ends the collection @self served and unrefs it: the collector's error
 * wins over whatever the producer returned. */
gboolean         rill_flow_emitter_finish   (RillFlowEmitter  *self,
                                             gboolean          ok,
                                             GError           *local,
                                             GError          **error);
gboolean         rill_flow_emitter_failed   (RillFlowEmitter  *self,
                                             GError           *local,
                                             GError          **error);

/* Emission from the library's own operators: they run in the collecting
 * coroutine by construction, so only the source checks the rules, as
 * kotlinx's unsafeFlow operators leave it to the flow builder's collector. */
static inline gboolean
rill_flow_emitter_deliver (RillFlowEmitter  *self,
                           const GValue     *value,
                           GError          **error)
{
  GError *local = NULL;

  if (G_LIKELY (self->func (value, self->user_data, &local)))
    return TRUE;
  return rill_flow_emitter_failed (self, local, error);
}

G_END_DECLS
