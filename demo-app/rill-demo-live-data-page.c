/* rill-demo-live-data-page.c: a live data built by a coroutine
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The ticker is a live data made with rill_live_data_build(): its block counts
 * seconds while somebody observes it. The value label is bound to it in the
 * page's .ui file (a RillGtkPropertyBinding whose source is the page's
 * "ticker" property), with the label's lifecycle, so it is an active
 * observer only while the page is shown; the switch adds an observer that is
 * always active. Once no observer is
 * active for RILL_DEMO_TICKER_TIMEOUT_MS, the block is cancelled; when an
 * observer becomes active again, it starts over from the latest value.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-live-data-page.h"

struct _RillDemoLiveDataPage
{
  GtkBox        parent_instance;

  GtkLabel     *value_label;
  GtkLabel     *observers_label;
  GtkSwitch    *forever_switch;
  GtkTextView  *log_view;

  RillLiveData *ticker;
  gulong        forever_id;
  gboolean      shown;
};

G_DEFINE_FINAL_TYPE (RillDemoLiveDataPage, rill_demo_live_data_page, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_TICKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_GNUC_PRINTF (2, 3) static void
page_log (RillDemoLiveDataPage *self,
          const char           *format,
          ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%X");
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strdup_printf ("%s  %s\n", time, text);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, line, -1);
}

static void
update_observers_label (RillDemoLiveDataPage *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Observers: %u, active: %u"),
                          rill_live_data_get_observer_count (self->ticker),
                          rill_live_data_get_active_observer_count (self->ticker));
  gtk_label_set_text (self->observers_label, text);
}

/* ------------------------------------------------------------------------ */
/* The producer                                                             */

/* The block holds the page weakly: it may outlive it by a timeout. */
static void
producer_log (GWeakRef   *page_ref,
              const char *text)
{
  g_autoptr(RillDemoLiveDataPage) self = g_weak_ref_get (page_ref);

  if (self != NULL)
    {
      page_log (self, "%s", text);
      update_observers_label (self);
    }
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
ticker_block (RillLiveDataScope *scope,
              gpointer           user_data)
{
  GWeakRef *page_ref = user_data;
  g_auto(GValue) latest = G_VALUE_INIT;
  g_autofree char *text = NULL;
  guint n = 0;

  /* Cancelled by the timeout and started again: go on from where it was. */
  if (rill_live_data_scope_get_latest_value (scope, &latest))
    n = g_value_get_uint (&latest) + 1;

  text = g_strdup_printf (_("The producer starts at %u."), n);
  producer_log (page_ref, text);

  for (;; n++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_UINT);
      g_value_set_uint (&value, n);
      if (!rill_live_data_scope_emit (scope, &value) || !rill_delay (1000))
        break;
    }

  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("No active observer for %u s: the producer was cancelled at %u."),
                          RILL_DEMO_TICKER_TIMEOUT_MS / 1000, n);
  producer_log (page_ref, text);
}

/* ------------------------------------------------------------------------ */
/* The observers                                                            */

static void
forever_observer (RillLiveData *ticker,
                  const GValue *value,
                  gpointer      user_data)
{
}

static void
forever_toggled (GtkSwitch            *toggle,
                 GParamSpec           *pspec,
                 RillDemoLiveDataPage *self)
{
  if (gtk_switch_get_active (toggle) && self->forever_id == 0)
    {
      self->forever_id = rill_live_data_observe_forever (self->ticker, forever_observer, NULL, NULL);
      page_log (self, "%s", _("An observer that is always active was added."));
    }
  else if (!gtk_switch_get_active (toggle) && self->forever_id != 0)
    {
      rill_live_data_remove_observer (self->ticker, self->forever_id);
      self->forever_id = 0;
      page_log (self, "%s", _("The observer that is always active was removed."));
    }
  update_observers_label (self);
}

static void
page_state_changed (RillLifecycle        *lifecycle,
                    GParamSpec           *pspec,
                    RillDemoLiveDataPage *self)
{
  RillLifecycleState state = rill_lifecycle_get_current_state (lifecycle);
  gboolean shown = state >= RILL_LIFECYCLE_STATE_STARTED;

  /* RESUMED and STARTED (window focus) make no difference to the observer. */
  if (state == RILL_LIFECYCLE_STATE_DESTROYED || shown == self->shown)
    return;

  self->shown = shown;
  if (shown)
    page_log (self, "%s", _("The page is shown: its observer is active."));
  else
    page_log (self, "%s", _("The page is hidden: its observer is inactive."));
  update_observers_label (self);
}

/* ------------------------------------------------------------------------ */

static void
rill_demo_live_data_page_dispose (GObject *object)
{
  RillDemoLiveDataPage *self = RILL_DEMO_LIVE_DATA_PAGE (object);

  if (self->ticker != NULL && self->forever_id != 0)
    rill_live_data_remove_observer (self->ticker, self->forever_id);
  self->forever_id = 0;
  g_clear_object (&self->ticker);

  gtk_widget_dispose_template (GTK_WIDGET (self), RILL_DEMO_TYPE_LIVE_DATA_PAGE);

  G_OBJECT_CLASS (rill_demo_live_data_page_parent_class)->dispose (object);
}

static void
rill_demo_live_data_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RillDemoLiveDataPage *self = RILL_DEMO_LIVE_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_TICKER:
      g_value_set_object (value, self->ticker);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_demo_live_data_page_class_init (RillDemoLiveDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rill_demo_live_data_page_dispose;
  object_class->get_property = rill_demo_live_data_page_get_property;

  /* The source of the value label's binding, in the .ui file. */
  properties[PROP_TICKER] =
    g_param_spec_object ("ticker", NULL, NULL, RILL_TYPE_LIVE_DATA,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RILL_GTK_TYPE_PROPERTY_BINDING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rill/Demo/rill-demo-live-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RillDemoLiveDataPage, value_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoLiveDataPage, observers_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoLiveDataPage, forever_switch);
  gtk_widget_class_bind_template_child (widget_class, RillDemoLiveDataPage, log_view);
}

static void
rill_demo_live_data_page_init (RillDemoLiveDataPage *self)
{
  RillLifecycle *lifecycle;
  GWeakRef *page_ref = g_new0 (GWeakRef, 1);

  /* Before the template: its binding reads the ticker when it is made. */
  g_weak_ref_init (page_ref, self);
  self->ticker = rill_live_data_build (G_TYPE_UINT, NULL, RILL_DEMO_TICKER_TIMEOUT_MS,
                                       ticker_block, page_ref, weak_ref_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  lifecycle = rill_gtk_widget_get_lifecycle (GTK_WIDGET (self));
  g_signal_connect_object (lifecycle, "notify::current-state", G_CALLBACK (page_state_changed), self, 0);
  g_signal_connect (self->forever_switch, "notify::active", G_CALLBACK (forever_toggled), self);
  update_observers_label (self);
}

/**
 * rill_demo_live_data_page_get_ticker:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the page's ticker, %NULL once disposed
 */
RillLiveData *
rill_demo_live_data_page_get_ticker (RillDemoLiveDataPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_LIVE_DATA_PAGE (self), NULL);

  return self->ticker;
}

/**
 * rill_demo_live_data_page_dup_log_text:
 * @self: a page
 *
 * Returns: (transfer full): the text of the page's log
 */
char *
rill_demo_live_data_page_dup_log_text (RillDemoLiveDataPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RILL_DEMO_IS_LIVE_DATA_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
