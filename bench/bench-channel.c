/* bench-channel.c: channel benchmarks
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints `name: value unit` lines, the same names as the kotlinx peer.
 * Usage: bench-channel [NAME...]; with no name, all of them. Each figure is
 * the best of 10 repetitions after a warm-up, as the peer's; every run checks
 * what it received and stops instead of printing a wrong figure.
 *
 * channel_pingpong: two coroutines launched in rill_run_blocking (), so both
 * on its thread as the peer's two launches in runBlocking, exchange an int
 * over two rendezvous channels; time per message.
 */

#include <rill.h>

#include <stdio.h>
#include <time.h>

#include "bench-common.h"

#define N_ROUNDTRIPS 1000000

typedef struct
{
  RillChannel *ping;
  RillChannel *pong;
  int          n;
  gboolean     ok;
  gint64       elapsed;
} PingPong;

static void
pinger (RillScope *scope,
        gpointer   user_data)
{
  PingPong *pp = user_data;
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT);
  for (int i = 0; i < pp->n; i++)
    {
      g_auto(GValue) back = G_VALUE_INIT;

      g_value_set_int (&v, i);
      if (!rill_channel_send (pp->ping, &v, NULL)
          || !rill_channel_receive (pp->pong, &back, NULL)
          || g_value_get_int (&back) != i)
        {
          pp->ok = FALSE;
          return;
        }
    }
}

static void
ponger (RillScope *scope,
        gpointer   user_data)
{
  PingPong *pp = user_data;

  for (int i = 0; i < pp->n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      if (!rill_channel_receive (pp->ping, &v, NULL)
          || !rill_channel_send (pp->pong, &v, NULL))
        {
          pp->ok = FALSE;
          return;
        }
    }
}

static void
pingpong_body (RillScope *scope,
               gpointer   user_data)
{
  PingPong *pp = user_data;
  gint64 start;
  RillJob *a, *b;

  pp->ping = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_SUSPEND);
  pp->pong = rill_channel_new (G_TYPE_INT, RILL_CHANNEL_RENDEZVOUS, RILL_BUFFER_OVERFLOW_SUSPEND);
  start = now_ns ();
  a = rill_launch (scope, NULL, pinger, pp, NULL);
  b = rill_launch (scope, NULL, ponger, pp, NULL);
  rill_job_join (a);
  rill_job_join (b);
  pp->elapsed = now_ns () - start;
  rill_job_unref (a);
  rill_job_unref (b);
  g_clear_object (&pp->ping);
  g_clear_object (&pp->pong);
}

static double
channel_pingpong (int n)
{
  PingPong pp = { NULL, NULL, n, TRUE, 0 };

  rill_run_blocking (NULL, pingpong_body, &pp);
  if (!pp.ok)
    g_error ("channel_pingpong: a message was lost or wrong");
  return (double) pp.elapsed / (2.0 * n);
}

int
main (int    argc,
      char **argv)
{
  if (wanted (argc, argv, "channel_pingpong"))
    {
      double best = G_MAXDOUBLE;

      channel_pingpong (N_ROUNDTRIPS / 10);
      for (int r = 0; r < 10; r++)
        best = MIN (best, channel_pingpong (N_ROUNDTRIPS));
      report ("channel_pingpong", best, "ns");
    }
  return 0;
}
