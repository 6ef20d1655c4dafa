/* rill-transformations.c: map, switch_map, distinct_until_changed
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "rill-live-data-private.h"
#include "rill-mediator-live-data-private.h"
#include "rill-transformations.h"

/* ------------------------------------------------------------------------ */
/* map                                                                      */

typedef struct
{
  RillLiveData  *result;    /* not a reference: the result owns us */
  RillMapFunc    func;
  gpointer       user_data;
  GDestroyNotify destroy;
} MapData;

static void
map_data_free (gpointer data)
{
  MapData *map = data;

  if (map->destroy != NULL)
    map->destroy (map->user_data);
  g_free (map);
}

/* Maps into a value of the result's type and moves it in, without copying;
 * @initial: the result is new, its value is set without a delivery. */
static void
map_apply (MapData      *map,
           const GValue *value,
           gboolean      initial)
{
  GValue result;

  rill_live_data_init_value (map->result, &result);
  map->func (value, &result, map->user_data);
  if (G_UNLIKELY (initial || !rill_live_data_value_fits (map->result, &result)))
    {
      if (!rill_live_data_value_fits (map->result, &result))
        g_critical ("rill_live_data_map: the map function of %p returned a value of type '%s', "
                    "not of the result's type '%s'",
                    map->result, g_type_name (G_VALUE_TYPE (&result)),
                    g_type_name (rill_live_data_get_value_type (map->result)));
      else
        rill_live_data_init_with_value (map->result, &result);
      if (G_IS_VALUE (&result))
        g_value_unset (&result);
      return;
    }
  rill_live_data_take_value_checked (map->result, &result, "rill_live_data_map");
}

static void
map_on_changed (RillLiveData *source,
                const GValue *value,
                gpointer      user_data)
{
  map_apply (user_data, value, FALSE);
}

/**
 * rill_live_data_map:
 * @source: the live data to map
 * @value_type: the type of the mapped values
 * @func: (scope notified) (closure user_data) (destroy destroy): the map
 *   function, called on the main thread
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * Returns a live data holding @func applied to each value of @source,
 * androidx's `map`. If @source has a value already, the result holds its
 * mapped value at once. The result is a [class@MediatorLiveData]: @source is
 * observed only while the result has active observers.
 *
 * It may be called from any thread (the current value of @source is read as
 * it is then); @func is called on the main thread, except for that first
 * value, mapped in the calling thread.
 *
 * Returns: (transfer full): the mapped live data
 */
RillLiveData *
rill_live_data_map (RillLiveData   *source,
                    GType           value_type,
                    RillMapFunc     func,
                    gpointer        user_data,
                    GDestroyNotify  destroy)
{
  RillLiveData *result;
  MapData *map;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (source), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  result = RILL_LIVE_DATA (rill_mediator_live_data_new (value_type));
  map = g_new0 (MapData, 1);
  map->result = result;
  map->func = func;
  map->user_data = user_data;
  map->destroy = destroy;

  if (rill_live_data_is_initialized (source))
    map_apply (map, rill_live_data_peek_value (source), TRUE);
  rill_mediator_live_data_add_source_internal (RILL_MEDIATOR_LIVE_DATA (result), source,
                                               map_on_changed, map, map_data_free);
  return result;
}

/* ------------------------------------------------------------------------ */
/* switch_map                                                               */

typedef struct
{
  RillLiveData      *result;    /* not a reference: the result owns us */
  RillLiveData      *current;   /* the live data followed */
  RillSwitchMapFunc  func;
  gpointer           user_data;
  GDestroyNotify     destroy;
} SwitchMapData;

static void
switch_map_data_free (gpointer data)
{
  SwitchMapData *switch_map = data;

  g_clear_object (&switch_map->current);
  if (switch_map->destroy != NULL)
    switch_map->destroy (switch_map->user_data);
  g_free (switch_map);
}

static void
forward_to_result (RillLiveData *source,
                   const GValue *value,
                   gpointer      user_data)
{
  rill_live_data_set_value_internal (user_data, value, "rill_live_data_switch_map");
}

static gboolean
check_switched (SwitchMapData *switch_map,
                RillLiveData  *live_data)
{
  GType type = rill_live_data_get_value_type (live_data);
  GType result_type = rill_live_data_get_value_type (switch_map->result);

  if (g_type_is_a (type, result_type))
    return TRUE;
  g_critical ("rill_live_data_switch_map: the function returned %s %p, whose values of type '%s' "
              "are not of the result's type '%s'; it is ignored",
              G_OBJECT_TYPE_NAME (live_data), live_data, g_type_name (type), g_type_name (result_type));
  return FALSE;
}

static void
switch_map_on_changed (RillLiveData *source,
                       const GValue *value,
                       gpointer      user_data)
{
  SwitchMapData *switch_map = user_data;
  RillLiveData *next = switch_map->func (value, switch_map->user_data);

  g_return_if_fail (next == NULL || RILL_IS_LIVE_DATA (next));

  if (next != NULL && !check_switched (switch_map, next))
    g_clear_object (&next);
  /* The same live data again: it stays, and is not observed anew. */
  if (next == switch_map->current)
    {
      g_clear_object (&next);
      return;
    }
  if (switch_map->current != NULL)
    {
      RillLiveData *previous = g_steal_pointer (&switch_map->current);

      rill_mediator_live_data_remove_source (RILL_MEDIATOR_LIVE_DATA (switch_map->result), previous);
      g_object_unref (previous);
    }
  switch_map->current = next;
  if (next != NULL)
    rill_mediator_live_data_add_source (RILL_MEDIATOR_LIVE_DATA (switch_map->result), next,
                                        forward_to_result, switch_map->result, NULL);
}

/**
 * rill_live_data_switch_map:
 * @source: the live data whose values choose the live data to follow
 * @value_type: the type of the result's values
 * @func: (scope notified) (closure user_data) (destroy destroy): returns the
 *   live data to follow for a value of @source, called on the main thread
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * Returns a live data that follows the live data @func returns for the latest
 * value of @source, androidx's `switchMap`. When @source changes, the live
 * data @func returns replaces the one followed so far, which delivers nothing
 * more; if @func returns the one already followed, it is kept as it is; if it
 * returns %NULL, the result follows nothing until the next value.
 *
 * If @source has a value already, @func is called at once and the result
 * holds the value of the live data it returns, if that one has a value; as in
 * androidx, that live data is not kept, @func is called again when the result
 * becomes active. The live data @func returns must hold values of
 * @value_type (or a type derived from it). It may be called from any thread,
 * as [method@LiveData.map].
 *
 * Returns: (transfer full): the switching live data
 */
RillLiveData *
rill_live_data_switch_map (RillLiveData      *source,
                           GType              value_type,
                           RillSwitchMapFunc  func,
                           gpointer           user_data,
                           GDestroyNotify     destroy)
{
  RillLiveData *result;
  SwitchMapData *switch_map;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (source), NULL);
  g_return_val_if_fail (G_TYPE_IS_VALUE_TYPE (value_type), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  result = RILL_LIVE_DATA (rill_mediator_live_data_new (value_type));
  switch_map = g_new0 (SwitchMapData, 1);
  switch_map->result = result;
  switch_map->func = func;
  switch_map->user_data = user_data;
  switch_map->destroy = destroy;

  if (rill_live_data_is_initialized (source))
    {
      g_autoptr(RillLiveData) initial = func (rill_live_data_peek_value (source), user_data);

      if (initial != NULL && check_switched (switch_map, initial) &&
          rill_live_data_is_initialized (initial))
        rill_live_data_init_with_value (result, rill_live_data_peek_value (initial));
    }
  rill_mediator_live_data_add_source_internal (RILL_MEDIATOR_LIVE_DATA (result), source,
                                               switch_map_on_changed, switch_map, switch_map_data_free);
  return result;
}

/* ------------------------------------------------------------------------ */
/* distinct_until_changed                                                   */

static gboolean
holds_pointer (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_STRING:
    case G_TYPE_POINTER:
    case G_TYPE_BOXED:
    case G_TYPE_OBJECT:
    case G_TYPE_INTERFACE:
    case G_TYPE_PARAM:
    case G_TYPE_VARIANT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Java's Double.equals: the same bits, every NaN being one value. */
static gboolean
doubles_equal (double a,
               double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

static gboolean
floats_equal (float a,
              float b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

/**
 * rill_live_data_values_equal:
 * @a: a value
 * @b: a value of the same type
 *
 * The equality [method@LiveData.distinct_until_changed] uses: numbers, enums
 * and flags compare by value (doubles as Java's `Double.equals`: every NaN
 * equals NaN, 0.0 differs from -0.0), booleans by truth, strings with
 * g_strcmp0(), variants with g_variant_equal(); boxed values, objects and
 * pointers are equal only when they are the same pointer. Two %NULLs are
 * equal, %NULL and non-%NULL are not.
 *
 * Returns: %TRUE if @a and @b are equal
 */
gboolean
rill_live_data_values_equal (const GValue *a,
                             const GValue *b)
{
  g_return_val_if_fail (G_IS_VALUE (a), FALSE);
  g_return_val_if_fail (G_IS_VALUE (b), FALSE);

  if (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (a)) != G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (b)))
    return FALSE;
  if (holds_pointer (a) && (a->data[0].v_pointer == NULL || b->data[0].v_pointer == NULL))
    return a->data[0].v_pointer == b->data[0].v_pointer;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (a)))
    {
    case G_TYPE_BOOLEAN:
      return (a->data[0].v_int != 0) == (b->data[0].v_int != 0);
    case G_TYPE_CHAR:
    case G_TYPE_INT:
      return a->data[0].v_int == b->data[0].v_int;
    case G_TYPE_UCHAR:
    case G_TYPE_UINT:
      return a->data[0].v_uint == b->data[0].v_uint;
    case G_TYPE_LONG:
    case G_TYPE_ENUM:
      return a->data[0].v_long == b->data[0].v_long;
    case G_TYPE_ULONG:
    case G_TYPE_FLAGS:
      return a->data[0].v_ulong == b->data[0].v_ulong;
    case G_TYPE_INT64:
      return a->data[0].v_int64 == b->data[0].v_int64;
    case G_TYPE_UINT64:
      return a->data[0].v_uint64 == b->data[0].v_uint64;
    case G_TYPE_FLOAT:
      return floats_equal (a->data[0].v_float, b->data[0].v_float);
    case G_TYPE_DOUBLE:
      return doubles_equal (a->data[0].v_double, b->data[0].v_double);
    case G_TYPE_STRING:
      return g_strcmp0 (a->data[0].v_pointer, b->data[0].v_pointer) == 0;
    case G_TYPE_VARIANT:
      return g_variant_equal (a->data[0].v_pointer, b->data[0].v_pointer);
    default:
      return a->data[0].v_pointer == b->data[0].v_pointer;
    }
}

typedef struct
{
  RillLiveData       *result;   /* not a reference: the result owns us */
  gboolean            first_time;
  RillValueEqualFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
} DistinctData;

static void
distinct_data_free (gpointer data)
{
  DistinctData *distinct = data;

  if (distinct->destroy != NULL)
    distinct->destroy (distinct->user_data);
  g_free (distinct);
}

gboolean
rill_values_equal_with (const GValue       *a,
                        const GValue       *b,
                        RillValueEqualFunc  func,
                        gpointer            user_data)
{
  if (func == NULL)
    return rill_live_data_values_equal (a, b);
  if (holds_pointer (b) && (a->data[0].v_pointer == NULL || b->data[0].v_pointer == NULL))
    return a->data[0].v_pointer == b->data[0].v_pointer;
  return func (a, b, user_data);
}

static gboolean
distinct_equal (DistinctData *distinct,
                const GValue *previous,
                const GValue *value)
{
  /* androidx compares with the result's value, which is null when unset. */
  if (previous == NULL)
    return holds_pointer (value) && value->data[0].v_pointer == NULL;
  return rill_values_equal_with (previous, value, distinct->func, distinct->user_data);
}

static void
distinct_on_changed (RillLiveData *source,
                     const GValue *value,
                     gpointer      user_data)
{
  DistinctData *distinct = user_data;

  if (distinct->first_time ||
      !distinct_equal (distinct, rill_live_data_peek_value (distinct->result), value))
    {
      distinct->first_time = FALSE;
      rill_live_data_set_value_internal (distinct->result, value, "rill_live_data_distinct_until_changed");
    }
}

/**
 * rill_live_data_distinct_until_changed_full:
 * @source: the live data to follow
 * @func: (scope notified) (closure user_data) (destroy destroy) (nullable):
 *   the equality, or %NULL for [func@LiveData.values_equal]
 * @user_data: data for @func
 * @destroy: (nullable): called on @user_data when the result is finalized
 *
 * As [method@LiveData.distinct_until_changed], with an equality of your own,
 * for boxed values or objects compared by content. @func is called only with
 * two non-%NULL values: %NULL equals %NULL only.
 *
 * Returns: (transfer full): the live data of distinct values
 */
RillLiveData *
rill_live_data_distinct_until_changed_full (RillLiveData       *source,
                                            RillValueEqualFunc  func,
                                            gpointer            user_data,
                                            GDestroyNotify      destroy)
{
  RillLiveData *result;
  DistinctData *distinct;

  g_return_val_if_fail (RILL_IS_LIVE_DATA (source), NULL);
  g_return_val_if_fail (rill_live_data_get_value_type (source) != G_TYPE_INVALID, NULL);

  result = RILL_LIVE_DATA (rill_mediator_live_data_new (rill_live_data_get_value_type (source)));
  distinct = g_new0 (DistinctData, 1);
  distinct->result = result;
  distinct->first_time = TRUE;
  distinct->func = func;
  distinct->user_data = user_data;
  distinct->destroy = destroy;

  if (rill_live_data_is_initialized (source))
    {
      rill_live_data_init_with_value (result, rill_live_data_peek_value (source));
      distinct->first_time = FALSE;
    }
  rill_mediator_live_data_add_source_internal (RILL_MEDIATOR_LIVE_DATA (result), source,
                                               distinct_on_changed, distinct, distinct_data_free);
  return result;
}

/**
 * rill_live_data_distinct_until_changed:
 * @source: the live data to follow
 *
 * Returns a live data that takes the values of @source, but only those that
 * differ from its own current value, androidx's `distinctUntilChanged`: the
 * first value always passes, then a value equal to the previous one is
 * dropped. Equality is [func@LiveData.values_equal]: by value for numbers and
 * strings, by pointer for boxed values and objects (see
 * [method@LiveData.distinct_until_changed_full]). If @source has a value
 * already, the result holds it at once. It may be called from any thread, as
 * [method@LiveData.map].
 *
 * Returns: (transfer full): the live data of distinct values
 */
RillLiveData *
rill_live_data_distinct_until_changed (RillLiveData *source)
{
  g_return_val_if_fail (RILL_IS_LIVE_DATA (source), NULL);

  return rill_live_data_distinct_until_changed_full (source, NULL, NULL, NULL);
}
