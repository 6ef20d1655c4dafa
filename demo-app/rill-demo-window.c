/* rill-demo-window.c: the main window of the demo
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every coroutine of the window runs in one scope, a MainScope that the
 * window owns and cancels when it is disposed. A coroutine in that scope that
 * is still active may therefore use the window: once the window goes away
 * its suspending calls return FALSE and it returns without touching it.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>

#include "rill-demo-application.h"
#include "rill-demo-inspector-page.h"
#include "rill-demo-live-data-page.h"
#include "rill-demo-live-list-page.h"
#include "rill-demo-page-slot.h"
#include "rill-demo-search-page.h"
#include "rill-demo-stopwatch-page.h"
#include "rill-demo-window.h"
#include "rill-demo-work-page.h"

/* The computation is split into this many coroutines, run in parallel on the
 * threads of the Default pool. */
#define N_PARTS 8

struct _RillDemoWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkStack             *stack;
  GtkLabel             *clock_label;
  GtkButton            *compute_button;
  GtkButton            *cancel_button;
  GtkSpinner           *spinner;
  GtkLabel             *result_label;
  /* The pages after the first, built when first needed. */
  RillDemoPageSlot     *live_data_slot;
  RillDemoPageSlot     *search_slot;
  RillDemoPageSlot     *stopwatch_slot;
  RillDemoPageSlot     *live_list_slot;
  RillDemoPageSlot     *inspector_slot;
  RillDemoPageSlot     *work_slot;

  /* The application's, given to the work page when it is built. */
  RillWorkManager      *work_manager;

  /* The window's coroutines; cancelled and dropped in dispose(). */
  RillScope            *scope;
  /* The computation in progress, or NULL. */
  RillJob              *compute_job;
};

G_DEFINE_FINAL_TYPE (RillDemoWindow, rill_demo_window, GTK_TYPE_APPLICATION_WINDOW)

/* ------------------------------------------------------------------------ */
/* The clock: a coroutine on the main dispatcher                            */

static void
clock_loop (RillScope *scope,
            gpointer   user_data)
{
  RillDemoWindow *self = user_data;
  guint64 wait_ms;

  /* The block only starts while the scope is active, and rill_delay()
   * returns FALSE as soon as the scope is cancelled: every turn of the loop
   * runs while the window is alive. */
  do
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *text = g_date_time_format (now, "%X");

      gtk_label_set_text (self->clock_label, text);

      /* Wake up just after the next full second. */
      wait_ms = 1000 - g_date_time_get_microsecond (now) / 1000;
    }
  while (rill_delay (wait_ms));
}

/* ------------------------------------------------------------------------ */
/* The computation: parallel coroutines on the Default pool                 */

typedef struct
{
  guint from;
  guint to;
} PrimeRange;

static gboolean
is_prime (guint n)
{
  if (n < 2)
    return FALSE;
  if (n % 2 == 0)
    return n == 2;
  for (guint d = 3; d <= n / d; d += 2)
    if (n % d == 0)
      return FALSE;
  return TRUE;
}

/* One part of the count, a coroutine on the Default pool. It never suspends,
 * so it looks at its job now and then to notice a cancellation. */
static gboolean
count_primes_in_range (RillScope  *scope,
                       GValue     *result,
                       gpointer    user_data,
                       GError    **error)
{
  const PrimeRange *range = user_data;
  guint count = 0;

  for (guint n = range->from; n < range->to; n++)
    {
      if (n % 4096 == 0 && !rill_is_active ())
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The computation was cancelled."));
          return FALSE;
        }
      if (is_prime (n))
        count++;
    }

  g_value_init (result, G_TYPE_UINT);
  g_value_set_uint (result, count);
  return TRUE;
}

/* The block given to rill_with_context(): it runs on the Default pool and
 * splits the work into child coroutines there. They are children of this
 * block's job: the block ends only after all of them, and cancelling the
 * computation cancels every part. */
static gboolean
count_primes_block (RillScope  *scope,
                    GValue     *result,
                    gpointer    user_data,
                    GError    **error)
{
  guint limit = GPOINTER_TO_UINT (user_data);
  RillDeferred *parts[N_PARTS];
  gboolean ok = TRUE;
  guint total = 0;

  for (guint i = 0; i < N_PARTS; i++)
    {
      PrimeRange *range = g_new (PrimeRange, 1);

      range->from = (guint) ((guint64) limit * i / N_PARTS);
      range->to = (guint) ((guint64) limit * (i + 1) / N_PARTS);
      /* No dispatcher in the context: the part inherits the Default pool. */
      parts[i] = rill_async (scope, NULL, count_primes_in_range, range, g_free);
    }

  for (guint i = 0; i < N_PARTS; i++)
    {
      g_auto(GValue) count = G_VALUE_INIT;

      if (ok && rill_deferred_await (parts[i], &count, error))
        total += g_value_get_uint (&count);
      else
        ok = FALSE;
      rill_deferred_unref (parts[i]);
    }

  if (!ok)
    return FALSE;

  g_value_init (result, G_TYPE_UINT);
  g_value_set_uint (result, total);
  return TRUE;
}

static void
set_busy (RillDemoWindow *self,
          gboolean        busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "demo.compute", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "demo.cancel", busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* The coroutine behind the Compute button, on the main dispatcher. */
static void
compute_coroutine (RillScope *scope,
                   gpointer   user_data)
{
  RillDemoWindow *self = user_data;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Suspends this coroutine, not the main thread: the clock keeps ticking
   * and the window keeps responding while the pool counts. */
  if (!rill_with_context (rill_context_default (), count_primes_block, &value,
                          GUINT_TO_POINTER (RILL_DEMO_PRIME_LIMIT), &error))
    {
      /* Cancelled, by the Cancel button (which has updated the window) or
       * because the window is being destroyed: touch nothing. */
      if (!rill_is_active ())
        return;
      text = g_strdup_printf (_("The computation failed: %s"), error->message);
    }
  else
    {
      guint count = g_value_get_uint (&value);
      double seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_autofree char *found = NULL;
      g_autofree char *how = NULL;

      found = g_strdup_printf (ngettext ("There is %'u prime below %'u.",
                                         "There are %'u primes below %'u.", count),
                               count, RILL_DEMO_PRIME_LIMIT);
      how = g_strdup_printf (ngettext ("Counted in %.2f s by %u coroutine on the Default pool.",
                                       "Counted in %.2f s by %u coroutines on the Default pool.",
                                       N_PARTS),
                             seconds, N_PARTS);
      text = g_strconcat (found, "\n", how, NULL);
    }

  gtk_label_set_text (self->result_label, text);
  g_clear_pointer (&self->compute_job, rill_job_unref);
  set_busy (self, FALSE);
}

static void
compute_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RillDemoWindow *self = RILL_DEMO_WINDOW (widget);

  if (self->compute_job != NULL)
    return;

  gtk_label_set_text (self->result_label, _("Counting primes on the Default pool…"));
  set_busy (self, TRUE);
  self->compute_job = rill_launch (self->scope, rill_context_main (),
                                   compute_coroutine, self, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RillDemoWindow *self = RILL_DEMO_WINDOW (widget);

  if (self->compute_job == NULL)
    return;

  /* The coroutine sees the cancellation when it resumes and returns; the
   * parts on the pool see it at their next rill_is_active() check. */
  rill_job_cancel (self->compute_job);
  g_clear_pointer (&self->compute_job, rill_job_unref);

  gtk_label_set_text (self->result_label, _("The computation was cancelled."));
  set_busy (self, FALSE);
}

/* ------------------------------------------------------------------------ */
/* The main menu, made when it is first opened                             */

/* Building a popover menu costs a few widgets and their styles: nothing that
 * the window's first frame needs. */
static void
create_main_menu (GtkMenuButton *button,
                  gpointer       user_data)
{
  RillDemoWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* ------------------------------------------------------------------------ */

static void
rill_demo_window_dispose (GObject *object)
{
  RillDemoWindow *self = RILL_DEMO_WINDOW (object);

  /* Cancel every coroutine of the window before its widgets go. */
  if (self->scope != NULL)
    {
      rill_scope_cancel (self->scope);
      g_clear_pointer (&self->scope, rill_scope_unref);
    }
  g_clear_pointer (&self->compute_job, rill_job_unref);
  g_clear_object (&self->work_manager);

  gtk_widget_dispose_template (GTK_WIDGET (self), RILL_DEMO_TYPE_WINDOW);

  G_OBJECT_CLASS (rill_demo_window_parent_class)->dispose (object);
}

/* The application is known once the construct properties are set: its
 * work manager goes to the Work page. */
static void
work_page_built (RillDemoPageSlot *slot,
                 GParamSpec       *pspec,
                 gpointer          user_data)
{
  RillDemoWindow *self = user_data;
  GtkWidget *page = rill_demo_page_slot_peek_page (slot);

  if (page != NULL && self->work_manager != NULL)
    rill_demo_work_page_set_manager (RILL_DEMO_WORK_PAGE (page), self->work_manager);
}

static void
rill_demo_window_constructed (GObject *object)
{
  RillDemoWindow *self = RILL_DEMO_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (rill_demo_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (RILL_DEMO_IS_APPLICATION (app))
    self->work_manager = rill_demo_application_get_work_manager (RILL_DEMO_APPLICATION (app));
  if (self->work_manager != NULL)
    g_object_ref (self->work_manager);
  g_signal_connect_object (self->work_slot, "notify::page", G_CALLBACK (work_page_built), self, 0);
}

static void
rill_demo_window_class_init (RillDemoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rill_demo_window_constructed;
  object_class->dispose = rill_demo_window_dispose;

  g_type_ensure (RILL_DEMO_TYPE_PAGE_SLOT);
  g_type_ensure (RILL_DEMO_TYPE_LIVE_DATA_PAGE);
  g_type_ensure (RILL_DEMO_TYPE_SEARCH_PAGE);
  g_type_ensure (RILL_DEMO_TYPE_STOPWATCH_PAGE);
  g_type_ensure (RILL_DEMO_TYPE_LIVE_LIST_PAGE);
  g_type_ensure (RILL_DEMO_TYPE_INSPECTOR_PAGE);
  g_type_ensure (RILL_DEMO_TYPE_WORK_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rill/Demo/rill-demo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, compute_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, result_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, live_data_slot);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, search_slot);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, stopwatch_slot);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, live_list_slot);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, inspector_slot);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWindow, work_slot);

  gtk_widget_class_install_action (widget_class, "demo.compute", NULL, compute_action);
  gtk_widget_class_install_action (widget_class, "demo.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "demo.compute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "demo.cancel", NULL);
}

static void
rill_demo_window_init (RillDemoWindow *self)
{
  g_autoptr(RillJob) clock = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_create_popup_func (self->menu_button, create_main_menu, self, NULL);

  self->scope = rill_main_scope_new ();
  set_busy (self, FALSE);

  /* The scope keeps the job; the window does not need it. */
  clock = rill_launch (self->scope, rill_context_main (), clock_loop, self, NULL);
}

/**
 * rill_demo_window_new:
 * @application: (nullable): the application of the window
 *
 * Returns: (transfer none): a new window, owned by GTK until it is destroyed
 */
RillDemoWindow *
rill_demo_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (RILL_DEMO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * rill_demo_window_get_scope:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the scope of the window's coroutines,
 *   %NULL once the window is disposed
 */
RillScope *
rill_demo_window_get_scope (RillDemoWindow *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_WINDOW (self), NULL);

  return self->scope;
}

/**
 * rill_demo_window_get_compute_job:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the job of the computation in
 *   progress, %NULL when there is none
 */
RillJob *
rill_demo_window_get_compute_job (RillDemoWindow *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_WINDOW (self), NULL);

  return self->compute_job;
}

/**
 * rill_demo_window_get_page:
 * @self: a window
 * @name: the name of a page of the window's stack
 *
 * The page of that name, built now if it was not yet: the box of the first
 * page, or the page a slot stands for.
 *
 * Returns: (transfer none) (nullable): the page, or %NULL if there is none
 *   of that name
 */
GtkWidget *
rill_demo_window_get_page (RillDemoWindow *self,
                           const char     *name)
{
  GtkWidget *child;

  g_return_val_if_fail (RILL_DEMO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_stack_get_child_by_name (self->stack, name);
  if (RILL_DEMO_IS_PAGE_SLOT (child))
    return rill_demo_page_slot_get_page (RILL_DEMO_PAGE_SLOT (child));
  return child;
}
