/* test-demo-german.c: the demo speaks German under LANGUAGE=de
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs under a display (xvfb-run) with LANGUAGE=de and LC_ALL=C.UTF-8 (a
 * locale every system has; gettext follows LANGUAGE in any locale but "C"),
 * with the catalogues of the build tree.
 */

#include "rill-demo-config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "rill-demo-window.h"

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_window_in_german (void)
{
  RillDemoWindow *window = rill_demo_window_new (NULL);
  gint64 end;

  /* The library's messages are translated too. */
  g_assert_cmpstr (g_dgettext ("rill-1", "The job was cancelled"), ==, "Der Job wurde abgebrochen");
  g_assert_cmpstr (_("Live Data"), ==, "Live-Daten");

  /* A page's own text, once the page is built. */
  g_assert_nonnull (rill_demo_window_get_page (window, "work"));
  gtk_window_present (GTK_WINDOW (window));
  /* The sidebar shows the pages' translated titles. */
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (find_label (GTK_WIDGET (window), "Stoppuhr") == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Live-Daten"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Stoppuhr"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Arbeit"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Hintergrundarbeit ist nicht verfügbar."));
  g_assert_null (find_label (GTK_WIDGET (window), "Stopwatch"));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!is_gone (&window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *catalogues = g_getenv ("RILL_TEST_LOCALEDIR");
  const char *library_catalogues = g_getenv ("RILL_TEST_LIBRARY_LOCALEDIR");

  setlocale (LC_ALL, "");
  g_assert_nonnull (catalogues);
  g_assert_nonnull (library_catalogues);
  bindtextdomain (GETTEXT_PACKAGE, catalogues);
  bindtextdomain ("rill-1", library_catalogues);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/demo/german", test_window_in_german);

  return g_test_run ();
}
