/* rill-mediator-live-data.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-live-data-private.h"
#include "rill-mediator-live-data-private.h"

/**
 * RillMediatorLiveData:
 *
 * A live data that observes other live data, its sources, androidx's
 * `MediatorLiveData`.
 *
 * Each source has a callback ([method@MediatorLiveData.add_source]) that
 * typically sets the mediator's own value. Sources are observed (with
 * [method@LiveData.observe_forever]) only while the mediator itself has
 * active observers: a mediator nobody looks at costs its sources nothing, and
 * when it becomes active again each callback gets the source's latest value,
 * unless it already had that version.
 *
 * [method@LiveData.map], [method@LiveData.switch_map] and
 * [method@LiveData.distinct_until_changed] are mediators.
 *
 * The mediator holds a reference to each source; a source does not keep the
 * mediator alive.
 */

typedef struct _Source Source;

struct _Source
{
  guint                 ref_count;
  gboolean              removed;
  gboolean              plugged;
  RillMediatorLiveData *mediator;
  RillLiveData         *live_data;
  RillObserverFunc      func;
  gpointer              user_data;
  GDestroyNotify        destroy;
  gint64                version;
};

typedef struct
{
  GPtrArray *sources;       /* Source*, removed ones kept while iterating */
  guint      iterating;
  guint      n_tombstones;
} RillMediatorLiveDataPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RillMediatorLiveData, rill_mediator_live_data, RILL_TYPE_MUTABLE_LIVE_DATA)

#define PRIV(self) ((RillMediatorLiveDataPrivate *) rill_mediator_live_data_get_instance_private (self))

static Source *
source_ref (Source *source)
{
  source->ref_count++;
  return source;
}

static void
source_unref (gpointer data)
{
  Source *source = data;

  if (--source->ref_count > 0)
    return;

  if (source->destroy != NULL)
    source->destroy (source->user_data);
  g_object_unref (source->live_data);
  g_free (source);
}

static void
source_on_changed (RillLiveData *live_data,
                   const GValue *value,
                   gpointer      user_data)
{
  Source *source = user_data;
  gint64 version = rill_live_data_get_version (source->live_data);

  /* A source observed again delivers its value again: only a new version
   * reaches the callback. */
  if (source->removed || source->version == version)
    return;
  source->version = version;
  source->func (live_data, value, source->user_data);
}

static void
plug (Source *source)
{
  if (source->plugged || source->removed)
    return;
  source->plugged = TRUE;
  rill_live_data_observe_forever (source->live_data, source_on_changed, source_ref (source), source_unref);
}

static void
unplug (Source *source)
{
  if (!source->plugged)
    return;
  source->plugged = FALSE;
  rill_live_data_remove_observer_by_func (source->live_data, source_on_changed, source);
}

static void
sources_compact (RillMediatorLiveDataPrivate *priv)
{
  g_autoptr(GPtrArray) dead = g_ptr_array_new_with_free_func (source_unref);

  for (guint i = 0; i < priv->sources->len;)
    {
      Source *source = g_ptr_array_index (priv->sources, i);

      if (source->removed)
        g_ptr_array_add (dead, g_ptr_array_steal_index (priv->sources, i));
      else
        i++;
    }
  priv->n_tombstones = 0;
}

static inline void
sources_iterate_end (RillMediatorLiveDataPrivate *priv)
{
  if (--priv->iterating == 0 && priv->n_tombstones > 0)
    sources_compact (priv);
}

static Source *
find_source (RillMediatorLiveDataPrivate *priv,
             RillLiveData                *live_data)
{
  for (guint i = 0; i < priv->sources->len; i++)
    {
      Source *source = g_ptr_array_index (priv->sources, i);

      if (!source->removed && source->live_data == live_data)
        return source;
    }
  return NULL;
}

static void
rill_mediator_live_data_on_active (RillLiveData *live_data)
{
  RillMediatorLiveData *self = RILL_MEDIATOR_LIVE_DATA (live_data);
  RillMediatorLiveDataPrivate *priv = PRIV (self);
  guint n;

  /* Sources added meanwhile plug themselves (the mediator is active). */
  priv->iterating++;
  n = priv->sources->len;
  for (guint i = 0; i < n; i++)
    plug (g_ptr_array_index (priv->sources, i));
  sources_iterate_end (priv);
}

static void
rill_mediator_live_data_on_inactive (RillLiveData *live_data)
{
  RillMediatorLiveData *self = RILL_MEDIATOR_LIVE_DATA (live_data);
  RillMediatorLiveDataPrivate *priv = PRIV (self);
  guint n;

  priv->iterating++;
  n = priv->sources->len;
  for (guint i = 0; i < n; i++)
    unplug (g_ptr_array_index (priv->sources, i));
  sources_iterate_end (priv);
}

static void
rill_mediator_live_data_dispose (GObject *object)
{
  RillMediatorLiveData *self = RILL_MEDIATOR_LIVE_DATA (object);
  RillMediatorLiveDataPrivate *priv = PRIV (self);

  priv->iterating++;
  for (guint i = 0; i < priv->sources->len; i++)
    {
      Source *source = g_ptr_array_index (priv->sources, i);

      if (source->removed)
        continue;
      source->removed = TRUE;
      priv->n_tombstones++;
      unplug (source);
    }
  sources_iterate_end (priv);

  G_OBJECT_CLASS (rill_mediator_live_data_parent_class)->dispose (object);
}

static void
rill_mediator_live_data_finalize (GObject *object)
{
  RillMediatorLiveData *self = RILL_MEDIATOR_LIVE_DATA (object);
  RillMediatorLiveDataPrivate *priv = PRIV (self);

  g_ptr_array_unref (priv->sources);

  G_OBJECT_CLASS (rill_mediator_live_data_parent_class)->finalize (object);
}

static void
rill_mediator_live_data_class_init (RillMediatorLiveDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillLiveDataClass *live_data_class = RILL_LIVE_DATA_CLASS (klass);

  object_class->dispose = rill_mediator_live_data_dispose;
  object_class->finalize = rill_mediator_live_data_finalize;

  live_data_class->on_active = rill_mediator_live_data_on_active;
  live_data_class->on_inactive = rill_mediator_live_data_on_inactive;
}

static void
rill_mediator_live_data_init (RillMediatorLiveData *self)
{
  PRIV (self)->sources = g_ptr_array_new_with_free_func (source_unref);
}

/**
 * rill_mediator_live_data_new:
 * @value_type: the type of the values
 *
 * Creates a mediator without a value and without sources.
 *
 * Returns: (transfer full): a new mediator
 */
RillMediatorLiveData *
rill_mediator_live_data_new (GType value_type)
{
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);

  return g_object_new (RILL_TYPE_MEDIATOR_LIVE_DATA, "value-type", value_type, NULL);
}

/**
 * rill_mediator_live_data_new_with_value:
 * @value: the initial value; its type is the value type
 *
 * Creates a mediator that holds @value, androidx's `MediatorLiveData(value)`.
 *
 * Returns: (transfer full): a new mediator
 */
RillMediatorLiveData *
rill_mediator_live_data_new_with_value (const GValue *value)
{
  RillMediatorLiveData *self;

  g_return_val_if_fail (G_IS_VALUE (value), NULL);

  self = g_object_new (RILL_TYPE_MEDIATOR_LIVE_DATA, "value-type", G_VALUE_TYPE (value), NULL);
  rill_live_data_init_with_value (RILL_LIVE_DATA (self), value);
  return self;
}

/**
 * rill_mediator_live_data_add_source:
 * @self: a mediator
 * @source: the live data to observe; it may have any value type
 * @func: (scope notified) (closure user_data) (destroy destroy): called with
 *   each new value of @source (its first argument is @source), while @self
 *   is active
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data once the source is removed
 *
 * Starts listening to @source, androidx's `addSource`. If @self has active
 * observers, @source is observed at once (and @func gets its value, if it has
 * one); otherwise when @self becomes active.
 *
 * Adding a source that is already there with the same @func and @user_data
 * does nothing (@destroy is not called: @user_data belongs to the existing
 * source); with another callback it is refused with a critical. Main thread
 * only.
 */
void
rill_mediator_live_data_add_source_internal (RillMediatorLiveData *self,
                                             RillLiveData         *source,
                                             RillObserverFunc      func,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy)
{
  RillMediatorLiveDataPrivate *priv = PRIV (self);
  Source *existing, *added;

  existing = find_source (priv, source);
  if (existing != NULL)
    {
      if (existing->func != func || existing->user_data != user_data)
        g_critical ("rill_mediator_live_data_add_source: %s %p is already a source of %s %p "
                    "with a different callback",
                    G_OBJECT_TYPE_NAME (source), source, G_OBJECT_TYPE_NAME (self), self);
      return;
    }

  added = g_new0 (Source, 1);
  added->ref_count = 1;
  added->mediator = self;
  added->live_data = g_object_ref (source);
  added->func = func;
  added->user_data = user_data;
  added->destroy = destroy;
  added->version = -1;
  g_ptr_array_add (priv->sources, added);

  if (rill_live_data_has_active_observers (RILL_LIVE_DATA (self)))
    plug (added);
}

void
rill_mediator_live_data_add_source (RillMediatorLiveData *self,
                                    RillLiveData         *source,
                                    RillObserverFunc      func,
                                    gpointer              user_data,
                                    GDestroyNotify        destroy)
{
  g_return_if_fail (RILL_IS_MEDIATOR_LIVE_DATA (self));
  g_return_if_fail (RILL_IS_LIVE_DATA (source));
  g_return_if_fail (func != NULL);

  if (!rill_live_data_check_main_thread ("rill_mediator_live_data_add_source"))
    return;

  rill_mediator_live_data_add_source_internal (self, source, func, user_data, destroy);
}

/**
 * rill_mediator_live_data_remove_source:
 * @self: a mediator
 * @source: a source of @self
 *
 * Stops listening to @source, androidx's `removeSource`: its callback is not
 * called any more, even if @source is delivering a value right now. A live
 * data that is not a source is ignored. Main thread only.
 */
void
rill_mediator_live_data_remove_source (RillMediatorLiveData *self,
                                       RillLiveData         *source)
{
  RillMediatorLiveDataPrivate *priv;
  Source *found;

  g_return_if_fail (RILL_IS_MEDIATOR_LIVE_DATA (self));
  g_return_if_fail (RILL_IS_LIVE_DATA (source));

  if (!rill_live_data_check_main_thread ("rill_mediator_live_data_remove_source"))
    return;

  priv = PRIV (self);
  found = find_source (priv, source);
  if (found == NULL)
    return;

  priv->iterating++;
  found->removed = TRUE;
  priv->n_tombstones++;
  unplug (found);
  sources_iterate_end (priv);
}
