/* test-demo-window.c: headless smoke test of the demo's window
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run): the clock ticks, Compute counts the primes
 * on the Default pool while the main loop stays responsive, Cancel stops the
 * computation, and destroying the window cancels its scope.
 */

#include "rill-demo-config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rill-demo-inspector-page.h"
#include "rill-demo-live-data-page.h"
#include "rill-demo-live-list-page.h"
#include "rill-demo-page-slot.h"
#include "rill-demo-search-page.h"
#include "rill-demo-stopwatch-page.h"
#include "rill-demo-window.h"
#include "rill-demo-work-page.h"
#include "rill-demo-workers.h"

/* pi(20 000 000) */
#define EXPECTED_PRIMES 1270607u

typedef gboolean (*Condition) (gpointer data);

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @cond holds or @timeout_ms passed.
 * Also measures the longest time one iteration took, in microseconds. */
static gboolean
iterate_until (Condition cond,
               gpointer  data,
               guint     timeout_ms,
               gint64   *longest_iteration)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint id = g_timeout_add (10, tick, NULL);
  gboolean ok;

  if (longest_iteration != NULL)
    *longest_iteration = 0;
  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    {
      gint64 before = g_get_monotonic_time ();

      g_main_context_iteration (NULL, TRUE);
      if (longest_iteration != NULL)
        *longest_iteration = MAX (*longest_iteration, g_get_monotonic_time () - before);
    }
  g_source_remove (id);
  return ok;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
iterate_for (guint ms)
{
  iterate_until (never, NULL, ms, NULL);
}

static gboolean
job_completed (gpointer data)
{
  return rill_job_is_completed (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gpointer
child (RillDemoWindow *window,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                   RILL_DEMO_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* A page of the window, built if it was not yet. */
static gpointer
page_of (RillDemoWindow *window,
         const char     *name)
{
  GtkWidget *widget = rill_demo_window_get_page (window, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label_text (RillDemoWindow *window,
            const char     *name)
{
  return gtk_label_get_text (GTK_LABEL (child (window, name)));
}

static RillJob *
scope_job_ref (RillDemoWindow *window)
{
  return rill_job_ref (rill_scope_get_job (rill_demo_window_get_scope (window)));
}

/* The demo's work manager, on a database of the test's own; each window's
 * Work page gets it, as the application gives its own. */
static RillWorkManager *work_manager;

static RillDemoWindow *
new_window (void)
{
  RillDemoWindow *window = rill_demo_window_new (NULL);

  rill_demo_work_page_set_manager (page_of (window, "work"), work_manager);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
destroy_window (RillDemoWindow *window)
{
  g_autoptr(RillJob) scope_job = scope_job_ref (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (rill_job_is_cancelled (scope_job));
  /* The scope's job is cancelled once its children are done. */
  g_assert_true (iterate_until (job_completed, scope_job, 10000, NULL));
  g_assert_cmpint (rill_job_get_state (scope_job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpuint (rill_job_get_n_children (scope_job), ==, 0);
  g_assert_true (iterate_until (pointer_cleared, &window, 5000, NULL));
}

/* A sieve, to check the demo's count independently. */
static guint
count_primes_with_sieve (guint limit)
{
  g_autofree guint8 *composite = g_malloc0 (limit);
  guint count = 0;

  for (guint n = 2; n < limit; n++)
    {
      if (composite[n])
        continue;
      count++;
      for (guint64 m = (guint64) n * n; m < limit; m += n)
        composite[m] = 1;
    }
  return count;
}

static void
test_expected_count (void)
{
  g_assert_cmpuint (count_primes_with_sieve (RILL_DEMO_PRIME_LIMIT), ==, EXPECTED_PRIMES);
}

typedef struct
{
  RillDemoWindow *window;
  const char     *name;
  const char     *text;
} LabelWait;

static gboolean
label_differs (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (label_text (wait->window, wait->name), wait->text) != 0;
}

static gboolean
label_contains (gpointer data)
{
  LabelWait *wait = data;

  return strstr (label_text (wait->window, wait->name), wait->text) != NULL;
}

static void
test_clock_ticks (void)
{
  RillDemoWindow *window = new_window ();
  LabelWait wait = { window, "clock_label", "--:--:--" };
  g_autofree char *first = NULL;

  /* The clock coroutine sets the time as soon as it runs... */
  g_assert_true (iterate_until (label_differs, &wait, 5000, NULL));
  first = g_strdup (label_text (window, "clock_label"));
  g_assert_cmpstr (first, !=, "");

  /* ...and again on the next second. */
  wait.text = first;
  iterate_for (1200);
  g_assert_true (label_differs (&wait));

  destroy_window (window);
}

static void
test_compute (void)
{
  RillDemoWindow *window = new_window ();
  g_autofree char *expected = g_strdup_printf ("%u", EXPECTED_PRIMES);
  LabelWait wait = { window, "result_label", expected };
  gint64 longest = 0;

  g_assert_true (gtk_widget_get_sensitive (child (window, "compute_button")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "cancel_button")));

  g_signal_emit_by_name (child (window, "compute_button"), "clicked");
  g_assert_nonnull (rill_demo_window_get_compute_job (window));
  g_assert_true (gtk_spinner_get_spinning (child (window, "spinner")));
  iterate_for (20);
  g_assert_false (gtk_widget_get_sensitive (child (window, "compute_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "cancel_button")));

  /* The count runs on the pool: the main loop keeps iterating meanwhile. */
  g_assert_true (iterate_until (label_contains, &wait, 100000, &longest));
  g_test_message ("longest main loop iteration during the computation: %" G_GINT64_FORMAT " us",
                  longest);
  g_assert_cmpint (longest, <, G_USEC_PER_SEC);

  g_assert_null (rill_demo_window_get_compute_job (window));
  g_assert_false (gtk_spinner_get_spinning (child (window, "spinner")));
  iterate_for (20);
  g_assert_true (gtk_widget_get_sensitive (child (window, "compute_button")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "cancel_button")));

  destroy_window (window);
}

static void
test_cancel (void)
{
  RillDemoWindow *window = new_window ();
  g_autoptr(RillJob) job = NULL;
  g_autofree char *expected = g_strdup_printf ("%u", EXPECTED_PRIMES);
  LabelWait wait = { window, "result_label", expected };

  g_signal_emit_by_name (child (window, "compute_button"), "clicked");
  job = rill_job_ref (rill_demo_window_get_compute_job (window));
  iterate_for (20);
  g_assert_true (rill_job_is_active (job));

  g_signal_emit_by_name (child (window, "cancel_button"), "clicked");
  g_assert_cmpstr (label_text (window, "result_label"), ==, "The computation was cancelled.");
  g_assert_null (rill_demo_window_get_compute_job (window));
  g_assert_false (gtk_spinner_get_spinning (child (window, "spinner")));
  g_assert_true (rill_job_is_cancelled (job));

  /* The parts on the pool notice it soon; the job then completes... */
  g_assert_true (iterate_until (job_completed, job, 5000, NULL));
  g_assert_cmpint (rill_job_get_state (job), ==, RILL_JOB_STATE_CANCELLED);

  /* ...and the cancelled coroutine never writes a result. */
  g_assert_false (iterate_until (label_contains, &wait, 300, NULL));
  g_assert_cmpstr (label_text (window, "result_label"), ==, "The computation was cancelled.");
  g_assert_true (gtk_widget_get_sensitive (child (window, "compute_button")));

  /* It can be started again. */
  g_signal_emit_by_name (child (window, "compute_button"), "clicked");
  g_assert_nonnull (rill_demo_window_get_compute_job (window));
  g_assert_true (iterate_until (label_contains, &wait, 100000, NULL));

  destroy_window (window);
}

static void
test_destroy_cancels (void)
{
  RillDemoWindow *window = new_window ();
  g_autoptr(RillJob) scope_job = scope_job_ref (window);
  g_autoptr(RillJob) compute_job = NULL;
  g_autoptr(GPtrArray) children = NULL;
  RillJob *clock_job;

  iterate_for (50);
  children = rill_job_get_children (scope_job);
  g_assert_cmpuint (children->len, ==, 1);   /* the clock */
  clock_job = g_ptr_array_index (children, 0);

  g_signal_emit_by_name (child (window, "compute_button"), "clicked");
  compute_job = rill_job_ref (rill_demo_window_get_compute_job (window));
  iterate_for (20);
  g_assert_cmpuint (rill_job_get_n_children (scope_job), ==, 2);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Both coroutines are cancelled at once... */
  g_assert_true (rill_job_is_cancelled (scope_job));
  g_assert_true (rill_job_is_cancelled (clock_job));
  g_assert_true (rill_job_is_cancelled (compute_job));
  /* ...they finish soon, the window is gone... */
  g_assert_true (iterate_until (job_completed, scope_job, 10000, NULL));
  g_assert_cmpint (rill_job_get_state (scope_job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (clock_job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_cmpint (rill_job_get_state (compute_job), ==, RILL_JOB_STATE_CANCELLED);
  g_assert_true (iterate_until (pointer_cleared, &window, 5000, NULL));
  /* ...and nothing touches it later (a tick would hit freed memory). */
  iterate_for (1500);
}

/* The live data page */

typedef struct
{
  RillDemoLiveDataPage *page;
  const char           *text;
} PageWait;

static const char *
page_label_text (RillDemoLiveDataPage *page,
                 const char           *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_LIVE_DATA_PAGE, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
page_value_is (gpointer data)
{
  PageWait *wait = data;

  return g_str_equal (page_label_text (wait->page, "value_label"), wait->text);
}

static gboolean
page_observers_are (gpointer data)
{
  PageWait *wait = data;

  return g_str_equal (page_label_text (wait->page, "observers_label"), wait->text);
}

static gboolean
page_log_contains (gpointer data)
{
  PageWait *wait = data;
  g_autofree char *log = rill_demo_live_data_page_dup_log_text (wait->page);

  return strstr (log, wait->text) != NULL;
}

static guint
count_in_log (RillDemoLiveDataPage *page,
              const char           *text)
{
  g_autofree char *log = rill_demo_live_data_page_dup_log_text (page);
  guint n = 0;

  for (const char *p = strstr (log, text); p != NULL; p = strstr (p + 1, text))
    n++;
  return n;
}

static void
test_live_data_page (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  RillDemoLiveDataPage *page = page_of (window, "live-data");
  RillLiveData *ticker = rill_demo_live_data_page_get_ticker (page);
  GtkSwitch *forever = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                   RILL_DEMO_TYPE_LIVE_DATA_PAGE,
                                                                   "forever_switch"));
  g_autofree char *restart = NULL;
  g_autofree char *next = NULL;
  PageWait wait = { page, NULL };
  guint stopped_at;

  /* Hidden behind the first page: one observer, inactive; no producer. */
  iterate_for (100);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (page_label_text (page, "observers_label"), ==, "Observers: 1, active: 0");
  g_assert_false (rill_live_data_is_initialized (ticker));

  gtk_stack_set_visible_child_name (stack, "live-data");
  wait.text = "1";
  g_assert_true (iterate_until (page_value_is, &wait, 5000, NULL));
  g_assert_cmpstr (page_label_text (page, "observers_label"), ==, "Observers: 1, active: 1");
  g_assert_cmpuint (count_in_log (page, "The producer starts at 0."), ==, 1);

  /* Hidden (once the stack's crossfade is over): the observer is inactive,
   * the producer goes after the timeout, and the value stays where it was. */
  gtk_stack_set_visible_child_name (stack, "coroutines");
  wait.text = "Observers: 1, active: 0";
  g_assert_true (iterate_until (page_observers_are, &wait, 2000, NULL));
  g_assert_cmpuint (count_in_log (page, "the producer was cancelled at"), ==, 0);
  wait.text = "the producer was cancelled at";
  g_assert_true (iterate_until (page_log_contains, &wait, 2 * RILL_DEMO_TICKER_TIMEOUT_MS + 2000, NULL));
  stopped_at = rill_live_data_get_uint (ticker);
  iterate_for (1200);
  g_assert_cmpuint (rill_live_data_get_uint (ticker), ==, stopped_at);

  /* Shown again: cancelled by the timeout, the block starts over, from the
   * latest value on. */
  gtk_stack_set_visible_child_name (stack, "live-data");
  restart = g_strdup_printf ("The producer starts at %u.", stopped_at + 1);
  next = g_strdup_printf ("%u", stopped_at + 1);
  wait.text = next;
  g_assert_true (iterate_until (page_value_is, &wait, 5000, NULL));
  g_assert_cmpuint (count_in_log (page, restart), ==, 1);

  /* With an observer that is always active, hiding the page does not stop
   * the producer. */
  gtk_switch_set_active (forever, TRUE);
  g_assert_cmpstr (page_label_text (page, "observers_label"), ==, "Observers: 2, active: 2");
  gtk_stack_set_visible_child_name (stack, "coroutines");
  wait.text = "Observers: 2, active: 1";
  g_assert_true (iterate_until (page_observers_are, &wait, 2000, NULL));
  stopped_at = rill_live_data_get_uint (ticker);
  iterate_for (RILL_DEMO_TICKER_TIMEOUT_MS + 1500);
  g_assert_cmpuint (count_in_log (page, "the producer was cancelled at"), ==, 1);
  g_assert_cmpuint (rill_live_data_get_uint (ticker), >, stopped_at);
  gtk_switch_set_active (forever, FALSE);
  g_assert_cmpstr (page_label_text (page, "observers_label"), ==, "Observers: 1, active: 0");

  destroy_window (window);
}

/* Pages that work only while shown */

static gboolean
stopwatch_started_twice (gpointer data)
{
  return rill_demo_stopwatch_page_get_starts (data) == 2;
}

static gboolean
stopwatch_cancelled_once (gpointer data)
{
  return rill_demo_stopwatch_page_get_cancellations (data) == 1;
}

static gboolean
stopwatch_started_once (gpointer data)
{
  return rill_demo_stopwatch_page_get_starts (data) == 1;
}

static gboolean
inspector_refreshed_twice (gpointer data)
{
  return rill_demo_inspector_page_get_refreshes (data) >= 2;
}

static gboolean
list_has_items (gpointer data)
{
  return g_list_model_get_n_items (rill_demo_live_list_page_get_model (data)) >= 3;
}

static void
test_pages_work_while_shown (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  RillDemoStopwatchPage *stopwatch = page_of (window, "stopwatch");
  RillDemoInspectorPage *inspector = page_of (window, "inspector");
  RillDemoLiveListPage *live_list = page_of (window, "live-list");
  guint refreshes, n_items;

  iterate_for (100);
  g_assert_cmpuint (rill_demo_stopwatch_page_get_starts (stopwatch), ==, 0);
  g_assert_cmpuint (rill_demo_inspector_page_get_refreshes (inspector), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rill_demo_live_list_page_get_model (live_list)), ==, 0);

  /* The stopwatch: started when shown, cancelled when hidden, started again. */
  gtk_stack_set_visible_child_name (stack, "stopwatch");
  g_assert_true (iterate_until (stopwatch_started_once, stopwatch, 5000, NULL));
  gtk_stack_set_visible_child_name (stack, "inspector");
  g_assert_true (iterate_until (stopwatch_cancelled_once, stopwatch, 5000, NULL));
  g_assert_true (iterate_until (inspector_refreshed_twice, inspector, 5000, NULL));

  /* The inspector lists the live coroutines only while shown. */
  gtk_stack_set_visible_child_name (stack, "live-list");
  g_assert_true (iterate_until (list_has_items, live_list, 10000, NULL));
  iterate_for (300);
  refreshes = rill_demo_inspector_page_get_refreshes (inspector);
  iterate_for (1200);
  g_assert_cmpuint (rill_demo_inspector_page_get_refreshes (inspector), ==, refreshes);

  /* The live list does not change while hidden. */
  gtk_stack_set_visible_child_name (stack, "stopwatch");
  g_assert_true (iterate_until (stopwatch_started_twice, stopwatch, 5000, NULL));
  iterate_for (300);
  n_items = g_list_model_get_n_items (rill_demo_live_list_page_get_model (live_list));
  iterate_for (1500);
  g_assert_cmpuint (g_list_model_get_n_items (rill_demo_live_list_page_get_model (live_list)), ==, n_items);
  g_assert_cmpuint (rill_demo_stopwatch_page_get_cancellations (stopwatch), ==, 1);

  destroy_window (window);
}

/* The search page */

typedef struct
{
  RillDemoSearchPage *page;
  guint expected;
} SearchWait;

static gboolean
search_found (gpointer data)
{
  SearchWait *wait = data;

  return g_list_model_get_n_items (rill_demo_search_page_get_results (wait->page)) == wait->expected;
}

static guint
count_matches (const char *query)
{
  guint n = 0;

  for (guint i = 0; i < RILL_DEMO_SEARCH_N_ITEMS; i++)
    {
      g_autofree char *name = rill_demo_search_item_name (i);

      n += strstr (name, query) != NULL;
    }
  return n;
}

static void
test_search_page (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  RillDemoSearchPage *page = page_of (window, "search");
  GtkEditable *entry = rill_demo_search_page_get_entry (page);
  SearchWait wait = { page, 0 };
  guint searches;

  gtk_stack_set_visible_child_name (stack, "search");
  iterate_for (100);

  /* Typed quickly: one search, for the last query, after the pause. */
  gtk_editable_set_text (entry, "a");
  gtk_editable_set_text (entry, "am");
  gtk_editable_set_text (entry, "amber river");
  wait.expected = count_matches ("amber river");
  g_assert_cmpuint (wait.expected, >, 0);
  g_assert_true (iterate_until (search_found, &wait, 5000, NULL));
  iterate_for (RILL_DEMO_SEARCH_DEBOUNCE_MS + 100);
  /* One search: the empty text the collection started with and the first
   * two queries came within the debounce time of the last. */
  g_assert_cmpuint (rill_demo_search_page_get_searches (page), ==, 1);

  /* Hidden: typing searches nothing; shown again, the current query is. */
  gtk_stack_set_visible_child_name (stack, "coroutines");
  iterate_for (300);
  searches = rill_demo_search_page_get_searches (page);
  gtk_editable_set_text (entry, "teal");
  iterate_for (RILL_DEMO_SEARCH_DEBOUNCE_MS + 300);
  g_assert_cmpuint (rill_demo_search_page_get_searches (page), ==, searches);
  gtk_stack_set_visible_child_name (stack, "search");
  wait.expected = count_matches ("teal");
  g_assert_true (iterate_until (search_found, &wait, 5000, NULL));

  destroy_window (window);
}

/* The work page */

static gboolean
page_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
page_is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static const char *
label_text_of (RillDemoWorkPage *page,
               const char       *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  RillDemoWorkPage *page;
  char             *id;
  const char       *state;     /* the texts the row must show */
  const char       *progress;
  const char       *attempts;
} RowWait;

/* The row of the work shows the texts: its title (what the worker does and
 * the start of the id), state, progress and attempts. */
static gboolean
row_shows (gpointer data)
{
  RowWait *wait = data;
  g_autofree char *short_id = g_strndup (wait->id, 8);
  g_autofree char *title_text = g_strdup_printf ("Count %s", short_id);
  GtkWidget *title = find_label (GTK_WIDGET (wait->page), title_text);
  GtkWidget *state, *progress, *attempts;

  if (title == NULL)
    return FALSE;
  state = gtk_widget_get_next_sibling (title);
  progress = gtk_widget_get_next_sibling (state);
  attempts = gtk_widget_get_next_sibling (progress);
  return g_str_equal (gtk_label_get_text (GTK_LABEL (state)), wait->state)
         && (wait->progress == NULL
             || g_strcmp0 (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (progress)), wait->progress) == 0)
         && (wait->attempts == NULL || g_str_equal (gtk_label_get_text (GTK_LABEL (attempts)), wait->attempts));
}

static gboolean
first_item_is_not (gpointer data)
{
  RowWait *wait = data;
  RillWorkInfo *info = rill_demo_work_page_get_info (wait->page, 0);

  return info != NULL && !g_str_equal (rill_work_info_get_id (info), wait->id);
}

static gboolean
model_has_n_items (gpointer data)
{
  RillDemoWorkPage *page = data;

  return g_list_model_get_n_items (rill_demo_work_page_get_model (page))
         == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "expected-items"));
}

static void
wait_for_items (RillDemoWorkPage *page,
                guint             n)
{
  g_object_set_data (G_OBJECT (page), "expected-items", GUINT_TO_POINTER (n));
  g_assert_true (iterate_until (model_has_n_items, page, 10000, NULL));
}

static RillWorkState
state_in_manager (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillWorkInfo) info = rill_work_manager_get_work_info (work_manager, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return rill_work_info_get_state (info);
}

static void
test_work_page (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  RillDemoWorkPage *page = page_of (window, "work");
  GObject *enqueue = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "enqueue_button");
  GObject *chain = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "chain_button");
  GObject *unique = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "unique_button");
  GObject *cancel = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "cancel_button");
  GObject *prune = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "prune_button");
  RowWait wait = { page, NULL, NULL, NULL, NULL };
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  guint n;

  gtk_stack_set_visible_child_name (stack, "work");
  g_assert_true (iterate_until (page_is_mapped, page, 5000, NULL));
  wait_for_items (page, 0);
  g_assert_cmpstr (label_text_of (page, "status_label"), ==, "");

  /* One count: the row goes through its steps to the end, live. */
  g_signal_emit_by_name (enqueue, "clicked");
  wait_for_items (page, 1);
  wait.id = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 0)));
  wait.state = "Running";
  wait.progress = "3/5";
  wait.attempts = "1 attempt";
  g_assert_true (iterate_until (row_shows, &wait, 10000, NULL));
  wait.state = "Succeeded";
  wait.progress = "Done";
  g_assert_true (iterate_until (row_shows, &wait, 10000, NULL));
  g_assert_cmpint (state_in_manager (wait.id), ==, RILL_WORK_STATE_SUCCEEDED);
  g_assert_cmpstr (label_text_of (page, "status_label"), ==, "1 work, 0 unfinished");

  /* A chain: the step after the combined counts waits for both, newest
   * first in the list. */
  g_signal_emit_by_name (chain, "clicked");
  wait_for_items (page, 4);
  last = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 0)));
  first = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 2)));
  g_assert_cmpint (state_in_manager (last), ==, RILL_WORK_STATE_BLOCKED);
  g_free (wait.id);
  wait.id = g_strdup (last);
  wait.state = "Blocked";
  wait.progress = "";
  wait.attempts = "0 attempts";
  g_assert_true (iterate_until (row_shows, &wait, 10000, NULL));
  wait.state = "Succeeded";
  wait.progress = "Done";
  wait.attempts = "1 attempt";
  g_assert_true (iterate_until (row_shows, &wait, 20000, NULL));
  g_assert_cmpint (state_in_manager (first), ==, RILL_WORK_STATE_SUCCEEDED);

  /* Unique work, replaced: the first one is gone; then cancelled. */
  g_signal_emit_by_name (unique, "clicked");
  wait_for_items (page, 5);
  g_free (wait.id);
  wait.id = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 0)));
  g_signal_emit_by_name (unique, "clicked");
  g_assert_true (iterate_until (first_item_is_not, &wait, 10000, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (rill_demo_work_page_get_model (page)), ==, 5);
  {
    g_autoptr(RillWorkInfo) replaced = rill_work_manager_get_work_info (work_manager, wait.id, NULL);

    g_assert_null (replaced);
  }
  g_free (wait.id);
  wait.id = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 0)));
  wait.state = "Running";
  wait.progress = NULL;
  g_assert_true (iterate_until (row_shows, &wait, 10000, NULL));
  g_signal_emit_by_name (cancel, "clicked");
  wait.state = "Cancelled";
  wait.progress = "";
  g_assert_true (iterate_until (row_shows, &wait, 10000, NULL));
  g_assert_cmpint (state_in_manager (wait.id), ==, RILL_WORK_STATE_CANCELLED);

  /* Pruned: the list empties. */
  g_signal_emit_by_name (prune, "clicked");
  wait_for_items (page, 0);

  /* Hidden, the list does not follow the database. */
  gtk_stack_set_visible_child_name (stack, "coroutines");
  g_assert_true (iterate_until (page_is_unmapped, page, 5000, NULL));
  {
    g_autoptr(RillWorkRequest) request = rill_demo_count_request_new (1);

    g_assert_true (rill_work_manager_enqueue (work_manager, request, NULL));
  }
  iterate_for (1500);
  n = g_list_model_get_n_items (rill_demo_work_page_get_model (page));
  g_assert_cmpuint (n, ==, 0);
  gtk_stack_set_visible_child_name (stack, "work");
  wait_for_items (page, 1);

  g_free (wait.id);
  destroy_window (window);
}

/* Remote work: the demo's own program, started again as its remote work
 * service, counts in another process; the page shows it. */
typedef struct
{
  RillDemoWorkPage *page;
  char             *id;
  char             *title;
} RemoteWait;

static gboolean
first_item_is_remote (gpointer data)
{
  RemoteWait *wait = data;
  RillWorkInfo *info = rill_demo_work_page_get_info (wait->page, 0);

  return info != NULL
         && g_str_equal (rill_work_info_get_worker_class (info), g_type_name (RILL_DEMO_TYPE_REMOTE_COUNT_WORKER));
}

static gboolean
remote_succeeded (gpointer data)
{
  RemoteWait *wait = data;

  return state_in_manager (wait->id) == RILL_WORK_STATE_SUCCEEDED;
}

static gboolean
remote_row_shown (gpointer data)
{
  RemoteWait *wait = data;

  return find_label (GTK_WIDGET (wait->page), wait->title) != NULL;
}

static void
test_remote_work (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  RillDemoWorkPage *page = page_of (window, "work");
  GObject *remote = gtk_widget_get_template_child (GTK_WIDGET (page), RILL_DEMO_TYPE_WORK_PAGE, "remote_button");
  g_autoptr(RillWorkInfo) done = NULL;
  g_autofree char *short_id = NULL;
  RemoteWait wait = { page, NULL, NULL };
  int counted = 0, pid = 0;

  gtk_stack_set_visible_child_name (stack, "work");
  g_assert_nonnull (remote);
  g_signal_emit_by_name (remote, "clicked");
  g_assert_true (iterate_until (first_item_is_remote, &wait, 10000, NULL));
  wait.id = g_strdup (rill_work_info_get_id (rill_demo_work_page_get_info (page, 0)));
  g_assert_true (iterate_until (remote_succeeded, &wait, 30000, NULL));

  done = rill_work_manager_get_work_info (work_manager, wait.id, NULL);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "counted", "i", &counted));
  g_assert_cmpint (counted, ==, 5);
  g_assert_true (g_variant_lookup (rill_work_info_get_output_data (done), "pid", "i", &pid));
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (pid, !=, (int) getpid ());

  short_id = g_strndup (wait.id, 8);
  wait.title = g_strdup_printf ("Remote count %s", short_id);
  g_assert_true (iterate_until (remote_row_shown, &wait, 10000, NULL));
  g_free (wait.id);
  g_free (wait.title);
  destroy_window (window);
}

/* Each page in turn */

/* The stack measures only the page it shows: each page must fit in the
 * window as it opens, so that the window keeps its size from page to page. */

static gboolean
window_has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
test_pages_fit (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  const char *pages[] = { "coroutines", "live-data", "search", "stopwatch", "live-list", "inspector", "work" };
  int width, height;

  g_assert_true (iterate_until (window_has_size, window, 5000, NULL));
  iterate_for (100);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, pages[i]);
      int min_width, min_height;

      gtk_stack_set_visible_child (stack, page);
      g_assert_true (iterate_until (page_is_mapped, page, 5000, NULL));
      iterate_for (100);
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (page), &min_height, NULL, NULL, NULL);
      g_assert_cmpint (min_width, <=, gtk_widget_get_width (page));
      g_assert_cmpint (min_height, <=, gtk_widget_get_height (page));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
    }

  destroy_window (window);
}

/* A screenshot of each page, which must not be blank */

/* The number of distinct colours of a screenshot, from (x0, y0). */
static guint
count_colours (GdkTexture *texture,
               int         x0,
               int         y0)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = y0; y < height; y++)
    for (int x = x0; x < width; x++)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + ((gsize) y * width + x) * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }
  return g_hash_table_size (colours);
}

static void
test_page_screenshots (void)
{
  RillDemoWindow *window = new_window ();
  GtkStack *stack = child (window, "stack");
  const char *pages[] = { "coroutines", "live-data", "search", "stopwatch", "live-list", "inspector", "work" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, pages[i]);
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *name = g_strdup_printf ("demo-page-%s.png", pages[i]);
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
      int width, height;

      g_assert_nonnull (page);
      gtk_stack_set_visible_child (stack, page);
      g_assert_true (iterate_until (page_is_mapped, page, 5000, NULL));
      /* Past the crossfade, and the pages' first values. */
      iterate_for (600);

      width = gtk_widget_get_width (page);
      height = gtk_widget_get_height (page);
      g_assert_cmpint (width, >, 0);
      g_assert_cmpint (height, >, 0);
      paintable = gtk_widget_paintable_new (page);
      /* The stack's transition may still be drawing the page: a few tries. */
      for (int attempt = 0; attempt < 30 && node == NULL; attempt++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

          gdk_paintable_snapshot (paintable, snapshot, width, height);
          node = gtk_snapshot_to_node (snapshot);
          if (node == NULL)
            iterate_for (100);
        }
      g_assert_nonnull (node);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      g_assert_nonnull (texture);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("%s: %s", pages[i], path);

      /* Text and widgets, not one flat colour. */
      g_assert_cmpuint (count_colours (texture, 0, 0), >, 8);
    }

  destroy_window (window);
}

/* The pages after the first are built when first shown or asked for */

static void
test_pages_built_when_needed (void)
{
  RillDemoWindow *window = rill_demo_window_new (NULL);
  GtkStack *stack = child (window, "stack");
  const char *later[] = { "live-data", "search", "stopwatch", "live-list", "inspector", "work" };
  GtkWidget *stopwatch_slot = gtk_stack_get_child_by_name (stack, "stopwatch");
  GtkWidget *search_slot = gtk_stack_get_child_by_name (stack, "search");
  GtkWidget *stopwatch, *search, *first;

  gtk_window_present (GTK_WINDOW (window));
  first = gtk_stack_get_child_by_name (stack, "coroutines");
  g_assert_true (iterate_until (page_is_mapped, first, 5000, NULL));
  iterate_for (100);
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    {
      GtkWidget *slot = gtk_stack_get_child_by_name (stack, later[i]);

      g_assert_true (RILL_DEMO_IS_PAGE_SLOT (slot));
      g_assert_null (rill_demo_page_slot_peek_page (RILL_DEMO_PAGE_SLOT (slot)));
    }
  /* The first page is no slot: it is shown at once. */
  g_assert_false (RILL_DEMO_IS_PAGE_SLOT (first));
  g_assert_true (rill_demo_window_get_page (window, "coroutines") == first);
  g_assert_null (rill_demo_window_get_page (window, "no-such-page"));

  /* Shown: built, inside its slot, and mapped with it. */
  gtk_stack_set_visible_child_name (stack, "stopwatch");
  g_assert_true (iterate_until (page_is_mapped, stopwatch_slot, 5000, NULL));
  stopwatch = rill_demo_page_slot_peek_page (RILL_DEMO_PAGE_SLOT (stopwatch_slot));
  g_assert_nonnull (stopwatch);
  g_assert_true (G_OBJECT_TYPE (stopwatch) == RILL_DEMO_TYPE_STOPWATCH_PAGE);
  g_assert_true (gtk_widget_get_parent (stopwatch) == stopwatch_slot);
  g_assert_true (gtk_widget_get_mapped (stopwatch));
  g_assert_true (rill_demo_window_get_page (window, "stopwatch") == stopwatch);
  g_assert_true (iterate_until (stopwatch_started_once, stopwatch, 5000, NULL));
  g_assert_null (rill_demo_page_slot_peek_page (RILL_DEMO_PAGE_SLOT (search_slot)));

  /* Asked for while hidden: built, not mapped; built once. */
  search = rill_demo_window_get_page (window, "search");
  g_assert_nonnull (search);
  g_assert_true (G_OBJECT_TYPE (search) == RILL_DEMO_TYPE_SEARCH_PAGE);
  g_assert_false (gtk_widget_get_mapped (search));
  g_assert_true (rill_demo_window_get_page (window, "search") == search);
  g_assert_true (rill_demo_page_slot_peek_page (RILL_DEMO_PAGE_SLOT (search_slot)) == search);
  g_assert_true (rill_demo_page_slot_get_page_type (RILL_DEMO_PAGE_SLOT (search_slot)) == RILL_DEMO_TYPE_SEARCH_PAGE);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *work_dir = NULL;
  g_autofree char *work_database = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Stay in the C locale: untranslated labels, numbers without grouping. */
  gtk_disable_setlocale ();
  gtk_init ();

  /* The database the demo opens when RILL_DEMO_WORK_DATABASE names one:
   * the test's, in a folder of its own. */
  work_dir = g_dir_make_tmp ("rill-demo-work-XXXXXX", &error);
  g_assert_no_error (error);
  work_database = g_build_filename (work_dir, "rill-work.db", NULL);
  g_setenv ("RILL_DEMO_WORK_DATABASE", work_database, TRUE);
  work_manager = rill_demo_work_manager_new (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (rill_work_manager_get_database_path (work_manager), ==, work_database);
  rill_work_manager_start (work_manager, NULL);

  g_test_add_func ("/demo/expected-count", test_expected_count);
  g_test_add_func ("/demo/window/clock-ticks", test_clock_ticks);
  g_test_add_func ("/demo/window/compute", test_compute);
  g_test_add_func ("/demo/window/cancel", test_cancel);
  g_test_add_func ("/demo/window/destroy-cancels", test_destroy_cancels);
  g_test_add_func ("/demo/window/live-data-page", test_live_data_page);
  g_test_add_func ("/demo/window/pages-work-while-shown", test_pages_work_while_shown);
  g_test_add_func ("/demo/window/search-page", test_search_page);
  g_test_add_func ("/demo/window/work-page", test_work_page);
  g_test_add_func ("/demo/window/remote-work", test_remote_work);
  g_test_add_func ("/demo/window/pages-built-when-needed", test_pages_built_when_needed);
  g_test_add_func ("/demo/window/pages-fit", test_pages_fit);
  g_test_add_func ("/demo/window/page-screenshots", test_page_screenshots);

  status = g_test_run ();

  rill_work_manager_shutdown (work_manager);
  g_clear_object (&work_manager);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal"
                                                         : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (work_database, suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (work_dir);
  return status;
}
