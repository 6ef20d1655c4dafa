/* rill-derived-state-flow.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-hot-flow-private.h"
#include "rill-state-flow-private.h"
#include "rill-derived-state-flow.h"
#include "rill-derived-state-flow-private.h"

/**
 * RillDerivedStateFlow:
 *
 * A [class@StateFlow] whose value is a pure function of other state flows,
 * made by [func@StateFlow.derive]: the computed signals of signal libraries,
 * with a state flow's interface.
 *
 * A derived state flow is
 *
 * - lazy: nothing is computed until it is read or collected;
 * - cached: reading it again computes nothing unless a source changed;
 * - computed at most once per change of its sources, after every source it
 *   depends on, directly or not, is current (in topological order);
 * - glitch-free: a collector never sees a value computed from some sources
 *   before and others after one write. Where `a` feeds `b` and `c`, and `d`
 *   is derived from `b` and `c`, one write of `a` gives `d`'s collectors
 *   exactly one new value, consistent with `a`.
 *
 * [method@Flow.combine] (kotlinx's `combine`) is the other way to join flows:
 * it collects each flow in its own coroutine and emits whenever any of them
 * emits, so on the diamond above it emits twice per write of `a`, first with
 * the new `b` and the old `c`. It suits flows that are not states (events,
 * streams); derived state suits values a widget shows.
 *
 * Writes grouped with [func@StateFlow.batch] reach the derived flows, and
 * every collector, once, when the batch ends.
 *
 * While a derived flow is collected its sources know it, and a change of a
 * source recomputes it in the thread that made the change, before the
 * change's setter returns; its collectors are then resumed on their own
 * dispatchers, as those of any state flow. A derived flow that nobody
 * collects is only computed when read.
 *
 * The graph of derived flows has one lock, which computations hold and
 * which writes of their sources take: values stay consistent while any
 * thread writes, at the price of writes to those sources not running in
 * parallel. State flows no derived flow reads are not concerned.
 */

struct _RillDerivedStateFlow
{
  RillStateFlow    parent_instance;

  RillStateFlowPrivate  *priv;  /* its own, as a state flow */
  RillStateFlow  **sources;
  RillStateFlowPrivate **source_privs;
  guint64         *seen;         /* each source's version at the last computation */
  GValue          *inputs;
  GValue           result;
  guint            n_sources;
  guint            height;       /* 1 + the highest source's height; plain flows have 0 */
  gboolean         plain;
  RillCombineFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;

  /* Under the graph lock */
  guint            observers;    /* collectors and observed flows reading it */
  guint            n_collectors; /* its own collectors, who park on it */
  guint64          pushed_version;
  gboolean         queued;
  gboolean         computed;
  guint            n_computations;

  /* Atomic: the epoch it was last known current at */
  guint64          checked_epoch;
};

G_DEFINE_FINAL_TYPE (RillDerivedStateFlow, rill_derived_state_flow, RILL_TYPE_STATE_FLOW)

guint64 rill_state_epoch;
__thread guint rill_state_batch_depth __attribute__((tls_model ("initial-exec")));

/* One lock for the whole graph: computing a flow reads its sources, which
 * other threads may be computing. Recursive, so that a derived flow read
 * from a derivation function or a collector resumed in place does not
 * deadlock. */
static GRecMutex graph_lock;
static guint     graph_depth;
/* One pass: from taking the lock to releasing it, nested takes included. */
static guint64   graph_pass;
/* The plain state flows whose snapshot holds a copy to drop after a pass. */
static GPtrArray *pass_snapped;

static void
graph_enter (void)
{
  g_rec_mutex_lock (&graph_lock);
  if (graph_depth++ == 0)
    graph_pass++;
}

static void
graph_leave (void)
{
  if (--graph_depth == 0 && pass_snapped != NULL)
    {
      for (guint i = 0; i < pass_snapped->len; i++)
        g_value_reset (&rill_state_flow_get_private (g_ptr_array_index (pass_snapped, i))->snap_value);
      g_ptr_array_set_size (pass_snapped, 0);
    }
  g_rec_mutex_unlock (&graph_lock);
}

/* The flows waiting to be brought up to date by a propagation, one bucket
 * per height: a flow is computed after every lower one, hence after its
 * sources. Under the graph lock. */
static struct
{
  GPtrArray **by_height;
  guint       n_heights;
  guint       lo;
  guint       hi;
  gboolean    running;
  GPtrArray  *pending;          /* flows changed while a propagation ran */
} queue;

/* The batch of this thread: the flows written, each once, with a ref. */
static __thread GPtrArray  *batch_written __attribute__((tls_model ("initial-exec")));
static __thread GHashTable *batch_set __attribute__((tls_model ("initial-exec")));

#define DERIVED(flow) ((RillDerivedStateFlow *) (flow))

/* ---------------------------------------------------------------------- */
/* Flows to resume once the graph lock is released: a collector resumed in
 * place runs user code, which must not hold up other threads' writes. */

#define WAKE_LOCAL 16

typedef struct
{
  RillStateFlow *local[WAKE_LOCAL];
  GPtrArray     *more;
  guint          n;
} WakeList;

static inline void
wakes_init (WakeList *wakes)
{
  wakes->more = NULL;
  wakes->n = 0;
}

static void
wakes_add (WakeList      *wakes,
           RillStateFlow *flow)
{
  g_object_ref (flow);
  if (wakes->n < WAKE_LOCAL)
    wakes->local[wakes->n++] = flow;
  else
    {
      if (wakes->more == NULL)
        wakes->more = g_ptr_array_new ();
      g_ptr_array_add (wakes->more, flow);
    }
}

static void
wake_one (RillStateFlow *flow,
          gboolean       defer)
{
  if (defer)
    rill_state_batch_defer (flow);
  else
    rill_state_flow_wake (flow);
  g_object_unref (flow);
}

static void
wakes_run (WakeList *wakes)
{
  /* Inside a batch, collectors hear of it when the batch ends. */
  gboolean defer = rill_state_batch_depth != 0;

  for (guint i = 0; i < wakes->n; i++)
    wake_one (wakes->local[i], defer);
  if (wakes->more != NULL)
    {
      for (guint i = 0; i < wakes->more->len; i++)
        wake_one (g_ptr_array_index (wakes->more, i), defer);
      g_ptr_array_unref (wakes->more);
    }
}

/* ---------------------------------------------------------------------- */
/* A stack for the walks over sources, on the C stack while it is small. */

typedef struct
{
  RillDerivedStateFlow *node;
  guint                 next;   /* the next source to look at */
} Frame;

#define FRAMES_LOCAL 32

typedef struct
{
  Frame *frames;
  guint  len;
  guint  cap;
  Frame  local[FRAMES_LOCAL];
} FrameStack;

static inline void
frames_init (FrameStack *stack)
{
  stack->frames = stack->local;
  stack->len = 0;
  stack->cap = FRAMES_LOCAL;
}

static inline void
frames_push (FrameStack           *stack,
             RillDerivedStateFlow *node)
{
  if (G_UNLIKELY (stack->len == stack->cap))
    {
      stack->cap *= 2;
      if (stack->frames == stack->local)
        stack->frames = g_memdup2 (stack->local, sizeof stack->local);
      stack->frames = g_renew (Frame, stack->frames, stack->cap);
    }
  stack->frames[stack->len].node = node;
  stack->frames[stack->len].next = 0;
  stack->len++;
}

static inline void
frames_clear (FrameStack *stack)
{
  if (stack->frames != stack->local)
    g_free (stack->frames);
}

/* ---------------------------------------------------------------------- */
/* Computing */

/* With the graph lock: the value and version of a state flow that is not
 * derived, read once per pass. Other threads write such flows without the
 * graph's lock; were each reader to read the newest value, two flows
 * computed in one pass could see two values of it, a glitch. */
static inline RillStateFlowPrivate *
snapshot (RillStateFlow        *flow,
          RillStateFlowPrivate *sp)
{
  if (sp->snap_pass != graph_pass)
    {
      sp->snap_version = rill_state_flow_load_versioned (flow, &sp->snap_value);
      sp->snap_pass = graph_pass;
      if (!sp->plain)
        {
          if (pass_snapped == NULL)
            pass_snapped = g_ptr_array_new ();
          g_ptr_array_add (pass_snapped, flow);
        }
    }
  return sp;
}

/* With the graph lock. A derived source changes only under it. */
static inline guint64
source_version (RillDerivedStateFlow *self,
                guint                 i)
{
  RillStateFlowPrivate *sp = self->source_privs[i];

  return sp->derived ? sp->version : snapshot (self->sources[i], sp)->snap_version;
}

static inline void
read_source (RillDerivedStateFlow *self,
             guint                 i)
{
  RillStateFlowPrivate *sp = self->source_privs[i];
  const GValue *src = sp->derived ? &sp->value : &snapshot (self->sources[i], sp)->snap_value;

  if (sp->plain)
    self->inputs[i].data[0] = src->data[0];
  else
    rill_hot_value_copy (src, &self->inputs[i]);
}

/* With the graph lock, every derived source current: computes @self again
 * if a source changed since it last did. */
static void
refresh_locked (RillDerivedStateFlow *self,
                guint64               epoch,
                WakeList             *wakes)
{
  gboolean stale = !self->computed;

  for (guint i = 0; i < self->n_sources && !stale; i++)
    stale = source_version (self, i) != self->seen[i];

  if (stale)
    {
      RillStateFlowPrivate *p = self->priv;
      gboolean changed = FALSE, parked;

      for (guint i = 0; i < self->n_sources; i++)
        {
          self->seen[i] = source_version (self, i);
          read_source (self, i);
        }
      if (self->plain)
        self->result.data[0].v_int64 = 0;
      else
        g_value_reset (&self->result);
      self->func (self->inputs, self->n_sources, &self->result, self->user_data);
      self->computed = TRUE;
      self->n_computations++;

      /* Only computations write a derived flow's value. Without collectors
       * every reader holds the graph lock too (rill_derived_state_flow_load);
       * with some, the flow's own lock orders the value with their parking. */
      if (self->n_collectors == 0)
        {
          if (!rill_state_values_equal (&p->value, &self->result, p->fundamental))
            {
              rill_state_value_assign (&self->result, &p->value, p->plain);
              __atomic_store_n (&p->version, p->version + 1, __ATOMIC_RELEASE);
              changed = TRUE;
            }
          parked = FALSE;
        }
      else
        {
          rill_hot_lock (&p->lock);
          if (!rill_state_values_equal (&p->value, &self->result, p->fundamental))
            {
              rill_state_value_assign (&self->result, &p->value, p->plain);
              __atomic_store_n (&p->version, p->version + 1, __ATOMIC_RELEASE);
              changed = TRUE;
            }
          parked = p->parked_head != NULL;
          rill_hot_unlock (&p->lock);
        }
      if (changed && parked)
        wakes_add (wakes, RILL_STATE_FLOW (self));
      if (!self->plain)
        g_value_reset (&self->result);
    }
  __atomic_store_n (&self->checked_epoch, epoch, __ATOMIC_RELEASE);
}

/* With the graph lock: makes @self current at @epoch, its derived sources
 * first, each at most once, without recursion (chains may be long). */
static void
validate_locked (RillDerivedStateFlow *self,
                 guint64               epoch,
                 WakeList             *wakes)
{
  FrameStack stack;

  if (__atomic_load_n (&self->checked_epoch, __ATOMIC_ACQUIRE) == epoch)
    return;

  frames_init (&stack);
  frames_push (&stack, self);
  while (stack.len > 0)
    {
      Frame *top = &stack.frames[stack.len - 1];
      RillDerivedStateFlow *node = top->node;
      RillDerivedStateFlow *next = NULL;

      while (top->next < node->n_sources)
        {
          guint i = top->next++;
          RillStateFlow *source = node->sources[i];

          if (node->source_privs[i]->derived
              && __atomic_load_n (&DERIVED (source)->checked_epoch, __ATOMIC_ACQUIRE) != epoch)
            {
              next = DERIVED (source);
              break;
            }
        }
      if (next != NULL)
        {
          frames_push (&stack, next);
          continue;
        }
      stack.len--;
      refresh_locked (node, epoch, wakes);
    }
  frames_clear (&stack);
}

void
rill_derived_state_flow_load (RillStateFlow *flow,
                              GValue        *value)
{
  RillDerivedStateFlow *self = DERIVED (flow);
  WakeList wakes;

  wakes_init (&wakes);
  graph_enter ();
  validate_locked (self, __atomic_load_n (&rill_state_epoch, __ATOMIC_ACQUIRE), &wakes);
  rill_state_value_assign (&self->priv->value, value, self->priv->plain);
  graph_leave ();
  wakes_run (&wakes);
}

/* ---------------------------------------------------------------------- */
/* Propagating a change to the observed flows */

static void
enqueue_targets (RillStateFlowPrivate *priv)
{
  GPtrArray *targets = priv->targets;

  if (targets == NULL)
    return;
  for (guint i = 0; i < targets->len; i++)
    {
      RillDerivedStateFlow *t = g_ptr_array_index (targets, i);

      if (t->queued)
        continue;
      t->queued = TRUE;
      if (t->height >= queue.n_heights)
        {
          guint n = MAX (t->height + 1, queue.n_heights * 2);

          queue.by_height = g_renew (GPtrArray *, queue.by_height, n);
          for (guint h = queue.n_heights; h < n; h++)
            queue.by_height[h] = NULL;
          queue.n_heights = n;
        }
      if (queue.by_height[t->height] == NULL)
        queue.by_height[t->height] = g_ptr_array_new ();
      g_ptr_array_add (queue.by_height[t->height], t);
      if (queue.lo > queue.hi)
        queue.lo = queue.hi = t->height;
      else
        {
          queue.lo = MIN (queue.lo, t->height);
          queue.hi = MAX (queue.hi, t->height);
        }
    }
}

/* With the graph lock: brings up to date every observed flow reading one of
 * @roots, lowest first. A flow whose value did not change does not disturb
 * the flows reading it. */
static void
run_propagation (RillStateFlow **roots,
                 guint           n_roots,
                 WakeList       *wakes)
{
  guint64 epoch = __atomic_load_n (&rill_state_epoch, __ATOMIC_ACQUIRE);

  queue.running = TRUE;
  queue.lo = 1;
  queue.hi = 0;
  for (guint i = 0; i < n_roots; i++)
    enqueue_targets (rill_state_flow_get_private (roots[i]));

  for (;;)
    {
      for (guint h = queue.lo; h <= queue.hi && queue.lo <= queue.hi; h++)
        {
          GPtrArray *bucket = queue.by_height[h];

          if (bucket == NULL)
            continue;
          /* Flows found here only queue higher ones: the bucket does not
           * grow while it is walked. */
          for (guint i = 0; i < bucket->len; i++)
            {
              RillDerivedStateFlow *node = g_ptr_array_index (bucket, i);
              guint64 version;

              node->queued = FALSE;
              validate_locked (node, epoch, wakes);
              version = node->priv->version;
              if (version != node->pushed_version)
                {
                  node->pushed_version = version;
                  enqueue_targets (node->priv);
                }
            }
          g_ptr_array_set_size (bucket, 0);
        }
      queue.lo = 1;
      queue.hi = 0;

      if (queue.pending == NULL || queue.pending->len == 0)
        break;

      /* Stored by a derivation function or in place while this ran. */
      {
        g_autoptr(GPtrArray) pending = g_steal_pointer (&queue.pending);

        epoch = __atomic_load_n (&rill_state_epoch, __ATOMIC_ACQUIRE);
        for (guint i = 0; i < pending->len; i++)
          enqueue_targets (rill_state_flow_get_private (g_ptr_array_index (pending, i)));
      }
    }
  queue.running = FALSE;
}

static void
propagate_locked (RillStateFlow **roots,
                  guint           n_roots,
                  WakeList       *wakes)
{
  if (queue.running)
    {
      if (queue.pending == NULL)
        queue.pending = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n_roots; i++)
        g_ptr_array_add (queue.pending, g_object_ref (roots[i]));
      return;
    }
  run_propagation (roots, n_roots, wakes);
}

gboolean
rill_derived_store_source (RillStateFlow *flow,
                           const GValue  *expect,
                           const GValue  *value)
{
  RillStateFlowPrivate *priv = rill_state_flow_get_private (flow);
  gboolean ok, changed;
  WakeList wakes;

  wakes_init (&wakes);
  graph_enter ();
  ok = rill_state_flow_store_value (flow, expect, value, &changed);
  if (changed && rill_state_batch_depth != 0)
    {
      graph_leave ();
      rill_state_batch_defer (flow);
      return ok;
    }
  if (changed && priv->n_targets != 0)
    propagate_locked (&flow, 1, &wakes);
  graph_leave ();

  if (changed)
    rill_state_flow_wake (flow);
  wakes_run (&wakes);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Observing: a collected flow's sources know it, transitively */

static void
observe_locked (RillDerivedStateFlow *self)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, self);
  while (todo->len > 0)
    {
      RillDerivedStateFlow *node = g_ptr_array_steal_index_fast (todo, todo->len - 1);

      if (node->observers++ != 0)
        continue;
      for (guint i = 0; i < node->n_sources; i++)
        {
          RillStateFlow *source = node->sources[i];
          RillStateFlowPrivate *sp = rill_state_flow_get_private (source);

          rill_hot_lock (&sp->lock);
          if (sp->targets == NULL)
            sp->targets = g_ptr_array_new ();
          g_ptr_array_add (sp->targets, node);
          sp->n_targets++;
          rill_hot_unlock (&sp->lock);
          if (sp->derived)
            g_ptr_array_add (todo, source);
        }
    }
}

static void
unobserve_locked (RillDerivedStateFlow *self)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, self);
  while (todo->len > 0)
    {
      RillDerivedStateFlow *node = g_ptr_array_steal_index_fast (todo, todo->len - 1);

      g_assert (node->observers > 0);
      if (--node->observers != 0)
        continue;
      for (guint i = 0; i < node->n_sources; i++)
        {
          RillStateFlow *source = node->sources[i];
          RillStateFlowPrivate *sp = rill_state_flow_get_private (source);

          rill_hot_lock (&sp->lock);
          g_ptr_array_remove_fast (sp->targets, node);
          sp->n_targets--;
          rill_hot_unlock (&sp->lock);
          if (sp->derived)
            g_ptr_array_add (todo, source);
        }
    }
}

static gboolean
rill_derived_state_flow_collect (RillFlow         *flow,
                                 RillCollectFunc   func,
                                 gpointer          user_data,
                                 GError          **error)
{
  RillDerivedStateFlow *self = RILL_DERIVED_STATE_FLOW (flow);
  WakeList wakes;
  gboolean ok;

  /* The collection keeps the flow alive, whoever else drops it. */
  g_object_ref (self);
  /* Known to the sources first, then computed: a change in between is
   * either read here or propagated to it. */
  wakes_init (&wakes);
  graph_enter ();
  self->n_collectors++;
  observe_locked (self);
  validate_locked (self, __atomic_load_n (&rill_state_epoch, __ATOMIC_ACQUIRE), &wakes);
  graph_leave ();
  wakes_run (&wakes);

  ok = RILL_FLOW_CLASS (rill_derived_state_flow_parent_class)->collect (flow, func, user_data, error);

  graph_enter ();
  unobserve_locked (self);
  self->n_collectors--;
  graph_leave ();
  g_object_unref (self);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Batches */

void
rill_state_batch_defer (RillStateFlow *flow)
{
  if (batch_written == NULL)
    batch_written = g_ptr_array_new_with_free_func (g_object_unref);

  /* Linear while small, hashed beyond. */
  if (batch_set == NULL && batch_written->len >= 16)
    {
      batch_set = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < batch_written->len; i++)
        g_hash_table_add (batch_set, g_ptr_array_index (batch_written, i));
    }
  if (batch_set != NULL)
    {
      if (!g_hash_table_add (batch_set, flow))
        return;
    }
  else
    {
      for (guint i = 0; i < batch_written->len; i++)
        if (g_ptr_array_index (batch_written, i) == (gpointer) flow)
          return;
    }
  g_ptr_array_add (batch_written, g_object_ref (flow));
}

static void
batch_commit (void)
{
  g_autoptr(GPtrArray) written = g_steal_pointer (&batch_written);
  gboolean any_targets = FALSE;
  WakeList wakes;

  g_clear_pointer (&batch_set, g_hash_table_unref);
  if (written == NULL)
    return;

  for (guint i = 0; i < written->len && !any_targets; i++)
    {
      RillStateFlowPrivate *priv = rill_state_flow_get_private (g_ptr_array_index (written, i));

      any_targets = __atomic_load_n (&priv->n_targets, __ATOMIC_RELAXED) != 0;
    }

  wakes_init (&wakes);
  if (any_targets)
    {
      graph_enter ();
      propagate_locked ((RillStateFlow **) written->pdata, written->len, &wakes);
      graph_leave ();
    }
  for (guint i = 0; i < written->len; i++)
    rill_state_flow_wake (g_ptr_array_index (written, i));
  wakes_run (&wakes);
}

/**
 * rill_state_flow_batch:
 * @func: (scope call): the function making the writes
 * @user_data: data for @func
 *
 * Runs @func, and holds back what its writes to state flows cause until
 * @func is done. Then every [class@DerivedStateFlow] reading a written flow
 * is computed once, and every collector of a written or derived flow is
 * resumed once, with the last value. Reading a derived flow inside @func
 * gives a value computed from the writes made so far.
 *
 * Batches nest: the outermost one ends them. A batch belongs to the thread
 * that runs it; @func must not suspend.
 */
void
rill_state_flow_batch (RillBatchFunc func,
                       gpointer      user_data)
{
  g_return_if_fail (func != NULL);

  rill_state_batch_depth++;
  func (user_data);
  if (--rill_state_batch_depth == 0)
    batch_commit ();
}

/* ---------------------------------------------------------------------- */

static void
rill_derived_state_flow_finalize (GObject *object)
{
  RillDerivedStateFlow *self = RILL_DERIVED_STATE_FLOW (object);

  graph_enter ();
  for (guint i = 0; i < self->n_sources; i++)
    {
      RillStateFlowPrivate *sp = rill_state_flow_get_private (self->sources[i]);

      rill_hot_lock (&sp->lock);
      sp->n_readers--;
      rill_hot_unlock (&sp->lock);
    }
  graph_leave ();
  for (guint i = 0; i < self->n_sources; i++)
    {
      g_value_unset (&self->inputs[i]);
      g_object_unref (self->sources[i]);
    }
  g_free (self->inputs);
  g_free (self->sources);
  g_free (self->source_privs);
  g_free (self->seen);
  g_value_unset (&self->result);
  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (rill_derived_state_flow_parent_class)->finalize (object);
}

static void
rill_derived_state_flow_class_init (RillDerivedStateFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillFlowClass *flow_class = RILL_FLOW_CLASS (klass);

  object_class->finalize = rill_derived_state_flow_finalize;
  flow_class->collect = rill_derived_state_flow_collect;
}

static void
rill_derived_state_flow_init (RillDerivedStateFlow *self)
{
  self->checked_epoch = G_MAXUINT64;
}

/**
 * rill_state_flow_derive:
 * @sources: (array length=n_sources): the state flows the value is computed
 *   from
 * @n_sources: the number of @sources, at least 1
 * @value_type: the type of the derived value
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the value from the sources' values, given in the order of @sources
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the flow is finalized
 *
 * Creates a state flow whose value is @func of the values of @sources, as a
 * signal library's computed value: see [class@DerivedStateFlow]. The sources
 * may be any state flows, derived ones included, so derived flows make a
 * graph; a derived flow keeps its sources alive.
 *
 * @func must be pure: it is called when the value is needed and a source
 * changed, on the thread that reads the value or changes a source, under a
 * lock of the derivation graph; it must not read or write state flows, and
 * not suspend. Its result is compared with the previous value as
 * [func@LiveData.values_equal] does: an equal one changes nothing
 * downstream.
 *
 * Returns: (transfer full): the derived state flow
 */
RillStateFlow *
rill_state_flow_derive (RillStateFlow   **sources,
                        guint             n_sources,
                        GType             value_type,
                        RillCombineFunc   func,
                        gpointer          user_data,
                        GDestroyNotify    destroy)
{
  RillDerivedStateFlow *self;
  g_auto(GValue) initial = G_VALUE_INIT;
  guint height = 0;

  g_return_val_if_fail (sources != NULL, NULL);
  g_return_val_if_fail (n_sources > 0, NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  for (guint i = 0; i < n_sources; i++)
    {
      g_return_val_if_fail (RILL_IS_STATE_FLOW (sources[i]), NULL);
      if (RILL_IS_DERIVED_STATE_FLOW (sources[i]))
        height = MAX (height, DERIVED (sources[i])->height);
    }

  self = g_object_new (RILL_TYPE_DERIVED_STATE_FLOW, "value-type", value_type, NULL);
  g_value_init (&initial, value_type);
  rill_state_flow_init_value (RILL_STATE_FLOW (self), &initial);

  self->n_sources = n_sources;
  self->priv = rill_state_flow_get_private (RILL_STATE_FLOW (self));
  self->sources = g_new (RillStateFlow *, n_sources);
  self->source_privs = g_new (RillStateFlowPrivate *, n_sources);
  self->seen = g_new0 (guint64, n_sources);
  self->inputs = g_new0 (GValue, n_sources);
  for (guint i = 0; i < n_sources; i++)
    {
      self->sources[i] = g_object_ref (sources[i]);
      self->source_privs[i] = rill_state_flow_get_private (sources[i]);
      g_value_init (&self->inputs[i], rill_flow_get_value_type (RILL_FLOW (sources[i])));
    }
  g_value_init (&self->result, value_type);
  self->plain = rill_flow_type_is_plain (value_type);
  self->height = height + 1;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  /* From now on the sources change in step with the graph. */
  graph_enter ();
  for (guint i = 0; i < n_sources; i++)
    {
      RillStateFlowPrivate *sp = rill_state_flow_get_private (sources[i]);

      rill_hot_lock (&sp->lock);
      sp->n_readers++;
      rill_hot_unlock (&sp->lock);
    }
  graph_leave ();
  /* Set last: from now on reads of the flow validate it. */
  self->priv->derived = TRUE;

  return RILL_STATE_FLOW (self);
}

/**
 * rill_derived_state_flow_get_n_computations:
 * @self: a derived state flow
 *
 * How many times the derivation function of @self ran, for tests and
 * diagnostics.
 *
 * Returns: the number of computations so far
 */
guint
rill_derived_state_flow_get_n_computations (RillDerivedStateFlow *self)
{
  guint n;

  g_return_val_if_fail (RILL_IS_DERIVED_STATE_FLOW (self), 0);

  graph_enter ();
  n = self->n_computations;
  graph_leave ();
  return n;
}
