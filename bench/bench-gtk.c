/* bench-gtk.c: the GTK layer's costs, under a display (xvfb-run)
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * widget_lifecycle_map_unmap_1000   µs per map + unmap of a box holding 1000
 *                                   labels, each with an observed lifecycle
 * binding_update                    ns per LiveData set reaching a mapped
 *                                   label's property through a binding
 * demo_start_to_first_frame         ms from starting a fresh process (the
 *                                   spawn, so loading GTK and Rill counts) to
 *                                   the demo window's first frame; and the
 *                                   same for a bare window, for comparison
 * demo_init_to_first_frame          the same from the process's main (), so
 *                                   without the program's loading
 */

#include "rill-demo-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rill-gtk.h>

#include "rill-demo-window.h"

#include "bench-common.h"

#define RUNS 7
/* Starts of each kind of process, alternated. */
#define START_RUNS 21

static double
median (double *samples,
        int     n)
{
  qsort (samples, n, sizeof *samples, compare_doubles);
  return samples[n / 2];
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
wait_mapped (GtkWidget *widget)
{
  while (!is_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
}

static guint events;

static void
count_event (RillLifecycle      *lifecycle,
             RillLifecycleEvent  event,
             gpointer            user_data)
{
  events++;
}

static void
bench_map_unmap (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  double samples[RUNS];

  for (int i = 0; i < 1000; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_box_append (GTK_BOX (box), label);
      rill_lifecycle_add_observer (rill_gtk_widget_get_lifecycle (label), count_event, NULL, NULL);
    }
  gtk_box_append (GTK_BOX (holder), box);
  gtk_window_set_child (GTK_WINDOW (window), holder);
  gtk_window_present (GTK_WINDOW (window));
  wait_mapped (box);
  iterate_pending ();

  for (int run = 0; run < RUNS; run++)
    {
      gint64 start = now_ns ();
      guint before = events;

      /* Hiding the box unmaps it and its 1000 children; showing maps them. */
      gtk_widget_set_visible (box, FALSE);
      gtk_widget_set_visible (box, TRUE);
      samples[run] = (now_ns () - start) / 1e3;
      if (events - before != 1000 * 4)   /* pause, stop, start, resume */
        {
          printf ("widget_lifecycle_map_unmap_1000: failed (%u events)\n", events - before);
          exit (1);
        }
    }
  report ("widget_lifecycle_map_unmap_1000", median (samples, RUNS), "us");
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();
}

static void
bench_binding (void)
{
  const int n = 100000;
  g_autoptr(RillMutableLiveData) text = rill_mutable_live_data_new (G_TYPE_STRING);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autoptr(RillDisposable) binding = NULL;
  char *values[2] = { "tick", "tock" };
  double samples[RUNS];

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  wait_mapped (label);
  binding = rill_gtk_bind_live_data (RILL_LIVE_DATA (text), label, "label", RILL_GTK_BIND_DEFAULT);

  for (int run = 0; run < RUNS; run++)
    {
      gint64 start = now_ns ();

      for (int i = 0; i < n; i++)
        rill_mutable_live_data_set_string (text, values[i & 1]);
      samples[run] = (double) (now_ns () - start) / n;
      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), values[(n - 1) & 1]) != 0)
        {
          printf ("binding_update: failed (the label was not updated)\n");
          exit (1);
        }
      iterate_pending ();
    }
  report ("binding_update", median (samples, RUNS), "ns");

  /* For comparison: the label's own cost, set directly. */
  for (int run = 0; run < RUNS; run++)
    {
      gint64 start = now_ns ();

      for (int i = 0; i < n; i++)
        gtk_label_set_label (GTK_LABEL (label), values[i & 1]);
      samples[run] = (double) (now_ns () - start) / n;
      iterate_pending ();
    }
  report ("label_set_label", median (samples, RUNS), "ns");
  rill_disposable_dispose (binding);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();
}

/* In a child process: the time from creating a window to its first frame. */

static gint64 started;

/* CLOCK_MONOTONIC is the same in the parent and the child: the child tells
 * when its main () began and when the first frame was painted. */
static void
first_frame (GdkFrameClock *clock,
             gpointer       loop)
{
  printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", started, now_ns ());
  fflush (stdout);
  g_main_loop_quit (loop);
}

static void
mapped (GtkWidget *window,
        gpointer   loop)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame), loop);
}

static int
child_first_frame (gboolean demo)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GtkWidget *window;

  started = now_ns ();
  gtk_init ();
  window = demo ? GTK_WIDGET (rill_demo_window_new (NULL)) : gtk_window_new ();
  g_signal_connect (window, "map", G_CALLBACK (mapped), loop);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (loop);
  return 0;
}

typedef struct
{
  double from_spawn[START_RUNS];
  double from_main[START_RUNS];
} FirstFrames;

/* One start of a fresh process showing the demo's window or a bare one. */
static void
first_frame_once (const char  *argv0,
                  const char  *which,
                  FirstFrames *frames,
                  int          run)
{
  const char *argv[] = { argv0, "--first-frame", which, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 spawned = now_ns (), main_ns = 0, frame_ns = 0;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) || !g_spawn_check_wait_status (status, NULL)
      || sscanf (out, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &main_ns, &frame_ns) != 2)
    {
      printf ("demo_start_to_first_frame: failed (%s)\n", error != NULL ? error->message : "status");
      exit (1);
    }
  frames->from_spawn[run] = (frame_ns - spawned) / 1e6;
  frames->from_main[run] = (frame_ns - main_ns) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--first-frame"))
    return child_first_frame (g_str_equal (argv[2], "demo"));

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_init ();
  g_main_context_acquire (NULL);

  if (wanted (argc, argv, "widget_lifecycle_map_unmap_1000"))
    bench_map_unmap ();
  if (wanted (argc, argv, "binding_update"))
    bench_binding ();
  if (wanted (argc, argv, "demo_start_to_first_frame"))
    {
      FirstFrames bare, demo;

      /* Alternated, so that the machine's drift touches both alike. */
      for (int run = 0; run < START_RUNS; run++)
        {
          first_frame_once (argv[0], "bare", &bare, run);
          first_frame_once (argv[0], "demo", &demo, run);
        }
      report ("bare_window_start_to_first_frame", median (bare.from_spawn, START_RUNS), "ms");
      report ("demo_start_to_first_frame", median (demo.from_spawn, START_RUNS), "ms");
      report ("bare_window_init_to_first_frame", median (bare.from_main, START_RUNS), "ms");
      report ("demo_init_to_first_frame", median (demo.from_main, START_RUNS), "ms");
    }
  return 0;
}
