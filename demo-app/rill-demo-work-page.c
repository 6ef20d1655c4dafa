/* rill-demo-work-page.c: background work, enqueued and watched
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The buttons enqueue work in the application's work manager; the list is
 * a RillFlowListModel over the manager's flow of the work tagged "demo",
 * collected while the page is shown (rill_flow_with_lifecycle on the
 * page's lifecycle): each commit of the database — a state change, a
 * progress step, a cancel from the rill-work tool — becomes a new list,
 * and only the rows whose work changed are bound again.
 */

#include "rill-demo-config.h"

#include <glib/gi18n.h>
#include <rill-gtk.h>

#include "rill-demo-work-page.h"
#include "rill-demo-workers.h"

#define UNIQUE_NAME "demo-unique"

/* ------------------------------------------------------------------------ */
/* The items of the list: a work info as an object                          */

#define RILL_DEMO_TYPE_WORK_ITEM (rill_demo_work_item_get_type ())
G_DECLARE_FINAL_TYPE (RillDemoWorkItem, rill_demo_work_item, RILL_DEMO, WORK_ITEM, GObject)

struct _RillDemoWorkItem
{
  GObject       parent_instance;

  RillWorkInfo *info;
};

G_DEFINE_FINAL_TYPE (RillDemoWorkItem, rill_demo_work_item, G_TYPE_OBJECT)

static void
rill_demo_work_item_finalize (GObject *object)
{
  g_clear_pointer (&RILL_DEMO_WORK_ITEM (object)->info, rill_work_info_unref);

  G_OBJECT_CLASS (rill_demo_work_item_parent_class)->finalize (object);
}

static void
rill_demo_work_item_class_init (RillDemoWorkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_demo_work_item_finalize;
}

static void
rill_demo_work_item_init (RillDemoWorkItem *self)
{
}

static RillDemoWorkItem *
rill_demo_work_item_new (RillWorkInfo *info)
{
  RillDemoWorkItem *self = g_object_new (RILL_DEMO_TYPE_WORK_ITEM, NULL);

  self->info = rill_work_info_ref (info);
  return self;
}

/* A row stays for the same work... */
static char *
item_key (gpointer item,
          gpointer user_data)
{
  return g_strdup (rill_work_info_get_id (RILL_DEMO_WORK_ITEM (item)->info));
}

/* ...and is bound again when anything shown of it changed. */
static gboolean
item_equal (gpointer old_item,
            gpointer new_item,
            gpointer user_data)
{
  return rill_work_info_equal (RILL_DEMO_WORK_ITEM (old_item)->info, RILL_DEMO_WORK_ITEM (new_item)->info);
}

/* The flow's arrays of work infos as arrays of items, the newest first. */
static void
infos_to_items (const GValue *value,
                GValue       *result,
                gpointer      user_data)
{
  GPtrArray *infos = g_value_get_boxed (value);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = infos->len; i > 0; i--)
    g_ptr_array_add (items, rill_demo_work_item_new (g_ptr_array_index (infos, i - 1)));
  g_value_take_boxed (result, items);
}

/* ------------------------------------------------------------------------ */
/* The rows                                                                 */

static const char *
state_label (RillWorkState state)
{
  switch (state)
    {
    case RILL_WORK_STATE_ENQUEUED:
      return C_("work state", "Enqueued");
    case RILL_WORK_STATE_RUNNING:
      return C_("work state", "Running");
    case RILL_WORK_STATE_SUCCEEDED:
      return C_("work state", "Succeeded");
    case RILL_WORK_STATE_FAILED:
      return C_("work state", "Failed");
    case RILL_WORK_STATE_BLOCKED:
      return C_("work state", "Blocked");
    case RILL_WORK_STATE_CANCELLED:
      return C_("work state", "Cancelled");
    default:
      return rill_work_state_to_string (state);
    }
}

/* What a row calls its work: what the worker does, and the start of the id
 * (the rill-work tool takes the whole id). */
static char *
work_title (RillWorkInfo *info)
{
  const char *worker = rill_work_info_get_worker_class (info);
  g_autofree char *short_id = g_strndup (rill_work_info_get_id (info), 8);

  if (g_strcmp0 (worker, g_type_name (RILL_DEMO_TYPE_COUNT_WORKER)) == 0)
    /* Translators: %s is the start of the work's id */
    return g_strdup_printf (_("Count %s"), short_id);
  if (g_strcmp0 (worker, g_type_name (RILL_DEMO_TYPE_FLAKY_WORKER)) == 0)
    /* Translators: %s is the start of the work's id */
    return g_strdup_printf (_("Flaky %s"), short_id);
  if (g_strcmp0 (worker, g_type_name (RILL_DEMO_TYPE_REMOTE_COUNT_WORKER)) == 0)
    /* Translators: %s is the start of the work's id; the count runs in
     * another process */
    return g_strdup_printf (_("Remote count %s"), short_id);
  return g_strdup_printf ("%s %s", worker, short_id);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *progress = gtk_progress_bar_new ();
  GtkWidget *attempts = gtk_label_new (NULL);

  g_object_set (row, "margin-start", 6, "margin-end", 6, "margin-top", 3, "margin-bottom", 3, NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_width_chars (GTK_LABEL (state), 10);
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (progress), TRUE);
  gtk_widget_set_size_request (progress, 100, -1);
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (attempts), 1);
  gtk_widget_add_css_class (attempts, "dim-label");

  gtk_box_append (GTK_BOX (row), title);
  gtk_box_append (GTK_BOX (row), state);
  gtk_box_append (GTK_BOX (row), progress);
  gtk_box_append (GTK_BOX (row), attempts);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  RillWorkInfo *info = RILL_DEMO_WORK_ITEM (gtk_list_item_get_item (list_item))->info;
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *state = gtk_widget_get_next_sibling (title);
  GtkWidget *progress = gtk_widget_get_next_sibling (state);
  GtkWidget *attempts = gtk_widget_get_next_sibling (progress);
  guint n_attempts = rill_work_info_get_run_attempt_count (info);
  g_autofree char *title_text = work_title (info);
  g_autofree char *attempts_text = g_strdup_printf (ngettext ("%u attempt", "%u attempts", n_attempts),
                                                    n_attempts);
  g_autofree char *progress_text = NULL;
  double fraction = 0;
  int step = 0, of = 0;

  if (rill_work_info_get_state (info) == RILL_WORK_STATE_SUCCEEDED)
    {
      fraction = 1;
      progress_text = g_strdup (C_("work progress", "Done"));
    }
  else if (g_variant_lookup (rill_work_info_get_progress (info), "step", "i", &step)
           && g_variant_lookup (rill_work_info_get_progress (info), "of", "i", &of) && of > 0)
    {
      fraction = (double) step / of;
      /* Translators: a step of a count, such as 3/5 */
      progress_text = g_strdup_printf (C_("work progress", "%d/%d"), step, of);
    }
  else
    progress_text = g_strdup ("");

  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (state), state_label (rill_work_info_get_state (info)));
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress), fraction);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (progress), progress_text);
  gtk_label_set_text (GTK_LABEL (attempts), attempts_text);
}

/* ------------------------------------------------------------------------ */
/* The page                                                                 */

struct _RillDemoWorkPage
{
  GtkBox             parent_instance;

  /* Bound for tests, which press them as a user would. */
  GtkButton         *enqueue_button;
  GtkButton         *chain_button;
  GtkButton         *unique_button;
  GtkButton         *flaky_button;
  GtkButton         *remote_button;
  GtkButton         *cancel_button;
  GtkButton         *prune_button;
  GtkLabel          *status_label;
  GtkListView       *list_view;

  RillWorkManager   *manager;
  RillFlowListModel *model;
};

G_DEFINE_FINAL_TYPE (RillDemoWorkPage, rill_demo_work_page, GTK_TYPE_BOX)

static const char * const actions[] = {
  "work.enqueue", "work.enqueue-chain", "work.enqueue-unique", "work.enqueue-flaky", "work.enqueue-remote",
  "work.cancel-all", "work.prune",
};

static void
set_actions_enabled (RillDemoWorkPage *self,
                     gboolean          enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

/* A failure of the database shows in the status line: the demo goes on. */
static void
show_result (RillDemoWorkPage *self,
             gboolean          ok,
             GError           *error)
{
  if (!ok && error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The work manager failed: %s"), error->message);

      gtk_label_set_text (self->status_label, text);
    }
}

static void
enqueue_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(RillWorkRequest) request = rill_demo_count_request_new (5);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_manager_enqueue (self->manager, request, &error), error);
}

/* Two counts at once, joined by combine (), then a third once both
 * succeeded: BLOCKED until then. */
static void
chain_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(RillWorkRequest) left = rill_demo_count_request_new (3);
  g_autoptr(RillWorkRequest) right = rill_demo_count_request_new (6);
  g_autoptr(RillWorkRequest) last = rill_demo_count_request_new (4);
  g_autoptr(RillWorkContinuation) left_chain = rill_work_manager_begin_with (self->manager, &left, 1);
  g_autoptr(RillWorkContinuation) right_chain = rill_work_manager_begin_with (self->manager, &right, 1);
  RillWorkContinuation *both[] = { left_chain, right_chain };
  g_autoptr(RillWorkContinuation) joined = rill_work_continuation_combine (both, G_N_ELEMENTS (both));
  g_autoptr(RillWorkContinuation) chain = rill_work_continuation_then (joined, &last, 1);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_continuation_enqueue (chain, &error), error);
}

/* Unique work with REPLACE: an unfinished count of the name is cancelled,
 * and forgotten, for the new one. */
static void
unique_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(RillWorkRequest) request = rill_demo_count_request_new (25);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_manager_enqueue_unique_work (self->manager, UNIQUE_NAME,
                                                            RILL_EXISTING_WORK_POLICY_REPLACE,
                                                            request, &error), error);
}

static void
flaky_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(RillWorkRequest) request = rill_demo_flaky_request_new (2);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_manager_enqueue (self->manager, request, &error), error);
}

/* A count in the demo's remote work service: another process, started by
 * the work manager and reached over a private D-Bus connection. */
static void
remote_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(RillWorkRequest) request = rill_demo_remote_request_new (5);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_manager_enqueue (self->manager, request, &error), error);
}

static void
cancel_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(GError) error = NULL;

  show_result (self, rill_work_manager_cancel_all_work_by_tag (self->manager, RILL_DEMO_WORK_TAG, &error),
               error);
}

static void
prune_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (widget);
  g_autoptr(GError) error = NULL;

  rill_work_manager_prune_work (self->manager, &error);
  show_result (self, error == NULL, error);
}

static void
items_changed (GListModel       *model,
               guint             position,
               guint             removed,
               guint             added,
               RillDemoWorkPage *self)
{
  guint n = g_list_model_get_n_items (model), unfinished = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RillDemoWorkItem) item = g_list_model_get_item (model, i);

      unfinished += !rill_work_state_is_finished (rill_work_info_get_state (item->info));
    }
  text = g_strdup_printf (ngettext ("%u work, %u unfinished", "%u works, %u unfinished", n), n, unfinished);
  gtk_label_set_text (self->status_label, text);
}

static void
rill_demo_work_page_dispose (GObject *object)
{
  RillDemoWorkPage *self = RILL_DEMO_WORK_PAGE (object);

  /* The model's collection ends with it. */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), RILL_DEMO_TYPE_WORK_PAGE);

  G_OBJECT_CLASS (rill_demo_work_page_parent_class)->dispose (object);
}

static void
rill_demo_work_page_class_init (RillDemoWorkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rill_demo_work_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rill/Demo/rill-demo-work-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, enqueue_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, chain_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, unique_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, flaky_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, remote_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, prune_button);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RillDemoWorkPage, list_view);

  gtk_widget_class_install_action (widget_class, "work.enqueue", NULL, enqueue_action);
  gtk_widget_class_install_action (widget_class, "work.enqueue-chain", NULL, chain_action);
  gtk_widget_class_install_action (widget_class, "work.enqueue-unique", NULL, unique_action);
  gtk_widget_class_install_action (widget_class, "work.enqueue-flaky", NULL, flaky_action);
  gtk_widget_class_install_action (widget_class, "work.enqueue-remote", NULL, remote_action);
  gtk_widget_class_install_action (widget_class, "work.cancel-all", NULL, cancel_all_action);
  gtk_widget_class_install_action (widget_class, "work.prune", NULL, prune_action);
}

static void
rill_demo_work_page_init (RillDemoWorkPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Until the application gives its manager. */
  set_actions_enabled (self, FALSE);
  gtk_label_set_text (self->status_label, _("Background work is not available."));
}

/**
 * rill_demo_work_page_set_manager:
 * @self: a work page
 * @manager: the work manager whose work to enqueue and show, started by
 *   its owner
 *
 * Gives the page its work manager, once.
 */
void
rill_demo_work_page_set_manager (RillDemoWorkPage *self,
                                 RillWorkManager  *manager)
{
  g_autoptr(RillFlow) infos = NULL;
  g_autoptr(RillFlow) items = NULL;
  g_autoptr(RillFlow) while_shown = NULL;

  g_return_if_fail (RILL_DEMO_IS_WORK_PAGE (self));
  g_return_if_fail (RILL_IS_WORK_MANAGER (manager));
  g_return_if_fail (self->manager == NULL);

  self->manager = g_object_ref (manager);
  infos = rill_work_manager_get_work_info_flow_by_tag (manager, RILL_DEMO_WORK_TAG);
  items = rill_flow_map (infos, G_TYPE_PTR_ARRAY, infos_to_items, NULL, NULL);
  /* Hidden, the page reads nothing from the database. */
  while_shown = rill_flow_with_lifecycle (items, rill_gtk_widget_get_lifecycle (GTK_WIDGET (self)),
                                          RILL_LIFECYCLE_STATE_STARTED);
  self->model = rill_flow_list_model_new (RILL_DEMO_TYPE_WORK_ITEM, while_shown, NULL);
  rill_flow_list_model_set_item_funcs (self->model, item_key, item_equal, NULL, NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed), self, 0);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)))));

  set_actions_enabled (self, TRUE);
  gtk_label_set_text (self->status_label, "");
}

/**
 * rill_demo_work_page_get_manager:
 * @self: a work page
 *
 * Returns: (transfer none) (nullable): the page's work manager
 */
RillWorkManager *
rill_demo_work_page_get_manager (RillDemoWorkPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_WORK_PAGE (self), NULL);

  return self->manager;
}

/**
 * rill_demo_work_page_get_model:
 * @self: a work page
 *
 * Returns: (transfer none) (nullable): the list the page shows, newest
 *   work first; %NULL without a manager
 */
GListModel *
rill_demo_work_page_get_model (RillDemoWorkPage *self)
{
  g_return_val_if_fail (RILL_DEMO_IS_WORK_PAGE (self), NULL);

  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

/**
 * rill_demo_work_page_get_info:
 * @self: a work page
 * @position: a position in the page's list
 *
 * Returns: (transfer none) (nullable): the work info shown there
 */
RillWorkInfo *
rill_demo_work_page_get_info (RillDemoWorkPage *self,
                              guint             position)
{
  g_autoptr(RillDemoWorkItem) item = NULL;

  g_return_val_if_fail (RILL_DEMO_IS_WORK_PAGE (self), NULL);

  if (self->model == NULL)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  /* The model keeps the item, and the item its info. */
  return item != NULL ? item->info : NULL;
}
