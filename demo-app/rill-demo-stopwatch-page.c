/* rill-demo-stopwatch-page.c: a block restarted with the page's lifecycle
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One coroutine, launched in the page's scope, calls repeat_on_lifecycle
 * (STARTED): its block runs the stopwatch while the page is on screen. The
 * page counts how often the block started and how often it was cancelled,
 * so switching pages, hiding or minimizing the window shows on the counters.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-page.h"
#include "rill-demo-stopwatch-page.h"

/* The stopwatch's resolution, and how often its label is redrawn. */
#define TICK_MS 100

struct _RillDemoStopwatchPage
{
  GtkBox    parent_instance;

  GtkLabel *time_label;
  GtkLabel *counters_label;

  guint     starts;
  guint     cancellations;
  guint64   elapsed_ms;
};

G_DEFINE_FINAL_TYPE (RillDemoStopwatchPage, rill_demo_stopwatch_page, GTK_TYPE_BOX)

static void
update_labels (RillDemoStopwatchPage *self)
{
  g_autofree char *time = g_strdup_printf ("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT,
                                           self->elapsed_ms / 1000, self->elapsed_ms % 1000 / 100);
  g_autofree char *starts = g_strdup_printf (ngettext ("Started %u time", "Started %u times", self->starts),
                                             self->starts);
  g_autofree char *cancellations = g_strdup_printf (ngettext ("cancelled %u time", "cancelled %u times",
                                                             self->cancellations),
                                                    self->cancellations);
  g_autofree char *counters = g_strdup_printf (C_("stopwatch counters", "%s, %s"), starts, cancellations);

  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->counters_label, counters);
}

/* Runs while the page is shown; it holds the page weakly. */
static void
stopwatch_block (RillScope *scope,
                 gpointer   user_data)
{
  GWeakRef *page_ref = user_data;
  gint64 last = g_get_monotonic_time ();
  gboolean running = TRUE;

  {
    g_autoptr(RillDemoStopwatchPage) self = g_weak_ref_get (page_ref);

    if (self == NULL)
      return;
    self->starts++;
    update_labels (self);
  }

  while (running)
    {
      gboolean ticked = rill_delay (TICK_MS);
      g_autoptr(RillDemoStopwatchPage) self = g_weak_ref_get (page_ref);
      gint64 now = g_get_monotonic_time ();

      if (self == NULL)
        return;
      if (ticked)
        {
          self->elapsed_ms += (guint64) (now - last) / 1000;
          last = now;
        }
      else
        {
          /* Cancelled: the page is hidden, or destroyed (its labels gone). */
          self->cancellations++;
          running = FALSE;
        }
      if (self->time_label != NULL)
        update_labels (self);
    }
}

static void
rill_demo_stopwatch_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RILL_DEMO_TYPE_STOPWATCH_PAGE);

  G_OBJECT_CLASS (rill_demo_stopwatch_page_parent_class)->dispose (object);
}

static void
rill_demo_stopwatch_page_class_init (RillDemoStopwatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rill_demo_stopwatch_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rill/Demo/rill-demo-stopwatch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RillDemoStopwatchPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoStopwatchPage, counters_label);
}

static void
rill_demo_stopwatch_page_init (RillDemoStopwatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_labels (self);
  rill_demo_page_repeat_while_shown (GTK_WIDGET (self), stopwatch_block);
}

guint
rill_demo_stopwatch_page_get_starts (RillDemoStopwatchPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_STOPWATCH_PAGE (self), 0);

  return self->starts;
}

guint
rill_demo_stopwatch_page_get_cancellations (RillDemoStopwatchPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_STOPWATCH_PAGE (self), 0);

  return self->cancellations;
}
