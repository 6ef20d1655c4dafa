/* test-work-observe.c: work infos as flows and live data
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A real manager on the Default pool, observed from the main thread: each
 * commit that changes the work makes the observers query again, and they
 * get each new state in order. The worker waits on a gate the test opens,
 * so that every state is there long enough to be seen.
 */

#include <glib/gstdio.h>
#include <rill.h>

#include "test-main-loop.h"
#include "test-tmp-dir.h"

/* ---------------------------------------------------------------------- */

static RillChannel *gate;   /* the worker waits for a value on it */

G_DECLARE_FINAL_TYPE (GatedWorker, gated_worker, TEST, GATED_WORKER, RillCoroutineWorker)
struct _GatedWorker { RillCoroutineWorker parent_instance; };
G_DEFINE_FINAL_TYPE (GatedWorker, gated_worker, RILL_TYPE_COROUTINE_WORKER)

static RillWorkResult *
gated_worker_do_work (RillCoroutineWorker  *worker,
                      GError              **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "step", g_variant_new_int32 (1));
  if (!rill_worker_set_progress (RILL_WORKER (worker), g_variant_builder_end (&b), error))
    return NULL;
  if (!rill_channel_receive (gate, &value, error))
    return NULL;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "done", g_variant_new_boolean (TRUE));
  return rill_work_result_new_success (g_variant_builder_end (&b));
}

static void gated_worker_class_init (GatedWorkerClass *klass) { RILL_COROUTINE_WORKER_CLASS (klass)->do_work = gated_worker_do_work; }
static void gated_worker_init (GatedWorker *self) { }

static void
open_gate (void)
{
  g_auto(GValue) one = G_VALUE_INIT;

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  g_assert_true (rill_channel_try_send (gate, &one, NULL));
}

/* ---------------------------------------------------------------------- */
/* What an observer saw: one line per value */

typedef struct
{
  GPtrArray *seen;     /* char *: "none", or "STATE progress output" */
  RillFlow  *flow;
  GError    *error;
} Seen;

static char *
describe (RillWorkInfo *info)
{
  g_autofree char *progress = NULL, *output = NULL;

  if (info == NULL)
    return g_strdup ("none");
  progress = g_variant_print (rill_work_info_get_progress (info), FALSE);
  output = g_variant_print (rill_work_info_get_output_data (info), FALSE);
  return g_strdup_printf ("%s %s %s", rill_work_state_to_string (rill_work_info_get_state (info)),
                          progress, output);
}

static gboolean
record (const GValue  *value,
        gpointer       user_data,
        GError       **error)
{
  Seen *s = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (s->seen, describe (g_value_get_boxed (value)));
  return TRUE;
}

static void
collect_body (RillScope *scope,
              gpointer   user_data)
{
  Seen *s = user_data;

  rill_flow_collect (s->flow, record, s, &s->error);
}

static const char *
last_seen (Seen *s)
{
  return s->seen->len > 0 ? g_ptr_array_index (s->seen, s->seen->len - 1) : NULL;
}

typedef struct
{
  Seen       *seen;
  const char *line;
} Wanted;

static gboolean
last_is (gpointer data)
{
  Wanted *w = data;

  return g_strcmp0 (last_seen (w->seen), w->line) == 0;
}

static void
wait_for (Seen       *s,
          const char *line)
{
  Wanted w = { s, line };

  if (!iterate_until (last_is, &w, 20000))
    g_error ("waited for “%s”, last seen “%s”", line, last_seen (s));
}

/* The values seen are @expected, each state once, in order, except that
 * RUNNING may come first without its progress (the two commits can be
 * one query apart or not). */
static void
assert_seen (Seen               *s,
             const char * const *expected)
{
  guint i = 0;

  for (guint e = 0; expected[e] != NULL; e++)
    {
      if (i < s->seen->len && g_str_equal (expected[e], "RUNNING {'step': <1>} {}")
          && g_str_equal (g_ptr_array_index (s->seen, i), "RUNNING {} {}"))
        i++;
      g_assert_cmpuint (i, <, s->seen->len);
      g_assert_cmpstr (g_ptr_array_index (s->seen, i), ==, expected[e]);
      i++;
    }
  g_assert_cmpuint (i, ==, s->seen->len);
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  char            *dir;
  RillWorkManager *manager;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rill-work-observe-XXXXXX", NULL);
  path = g_build_filename (f->dir, "work.db", NULL);
  f->manager = rill_work_manager_new_for_path (path, &error);
  g_assert_no_error (error);
  gate = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_UNLIMITED, RILL_BUFFER_OVERFLOW_SUSPEND);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rill_work_manager_shutdown (f->manager);
  g_clear_object (&f->manager);
  iterate_for (50);
  g_clear_object (&gate);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_flow_by_id (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("GatedWorker");
  g_autoptr(RillScope) scope = rill_main_scope_new ();
  Seen s = { g_ptr_array_new_with_free_func (g_free), NULL, NULL };
  g_autoptr(RillJob) job = NULL;
  const char *expected[] = {
    "none",
    "ENQUEUED {} {}",
    "RUNNING {'step': <1>} {}",
    "SUCCEEDED {} {'done': <true>}",
    NULL
  };

  s.flow = rill_work_manager_get_work_info_flow (f->manager, rill_work_request_get_id (request));
  job = rill_launch (scope, NULL, collect_body, &s, NULL);
  wait_for (&s, "none");

  g_assert_true (rill_work_manager_enqueue (f->manager, request, NULL));
  wait_for (&s, "ENQUEUED {} {}");
  rill_work_manager_start (f->manager, NULL);
  wait_for (&s, "RUNNING {'step': <1>} {}");
  open_gate ();
  wait_for (&s, "SUCCEEDED {} {'done': <true>}");
  iterate_for (100);
  assert_seen (&s, expected);

  rill_scope_cancel (scope);
  iterate_pending ();
  g_assert_true (rill_job_is_completed (job));
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&s.error);
  g_object_unref (s.flow);
  g_ptr_array_unref (s.seen);
}

static void
count_infos (RillLiveData *live_data,
             const GValue *value,
             gpointer      user_data)
{
  GPtrArray *lengths = user_data;
  GPtrArray *infos = g_value_get_boxed (value);
  guint succeeded = 0;

  GString *line = g_string_new (NULL);

  /* "succeeded/all", then each work as describe () tells it. */
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    succeeded += rill_work_info_get_state (g_ptr_array_index (infos, i)) == RILL_WORK_STATE_SUCCEEDED;
  g_string_printf (line, "%u/%u", succeeded, infos != NULL ? infos->len : 0);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      g_autofree char *one = describe (g_ptr_array_index (infos, i));

      g_string_append_printf (line, "; %s", one);
    }
  g_ptr_array_add (lengths, g_string_free (line, FALSE));
}

typedef struct
{
  GPtrArray  *lines;
  const char *line;
} LastLine;

static gboolean
last_line_is (gpointer data)
{
  LastLine *l = data;

  return l->lines->len > 0 && g_str_has_prefix (g_ptr_array_index (l->lines, l->lines->len - 1), l->line);
}

static void
test_live_data_by_tag (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RillLiveData) live = rill_work_manager_get_work_info_live_data_by_tag (f->manager, "batch");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  LastLine l = { lines, NULL };
  gulong id;

  id = rill_live_data_observe_forever (live, count_infos, lines, NULL);
  l.line = "0/0";
  g_assert_true (iterate_until (last_line_is, &l, 20000));

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(RillWorkRequest) request = rill_work_request_new_one_time ("GatedWorker");

      rill_work_request_add_tag (request, "batch");
      g_assert_true (rill_work_manager_enqueue (f->manager, request, NULL));
    }
  l.line = "0/2; ENQUEUED {} {}; ENQUEUED {} {}";
  g_assert_true (iterate_until (last_line_is, &l, 20000));
  rill_work_manager_start (f->manager, NULL);
  open_gate ();
  open_gate ();
  l.line = "2/2; SUCCEEDED {} {'done': <true>}; SUCCEEDED {} {'done': <true>}";
  g_assert_true (iterate_until (last_line_is, &l, 20000));
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "0/0");
  /* Each line differs from the one before: equal results are not sent. */
  for (guint i = 1; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i - 1), !=, g_ptr_array_index (lines, i));
  rill_live_data_remove_observer (live, id);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_type_ensure (gated_worker_get_type ());

  g_test_add ("/work-observe/flow-by-id", Fixture, NULL, fixture_set_up, test_flow_by_id, fixture_tear_down);
  g_test_add ("/work-observe/live-data-by-tag", Fixture, NULL, fixture_set_up, test_live_data_by_tag, fixture_tear_down);

  return g_test_run ();
}
