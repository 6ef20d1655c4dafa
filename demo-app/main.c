/* main.c: rill-demo
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-demo-config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "rill-demo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RillDemoApplication) app = NULL;

  /* The inspector page lists the live coroutines: they are known in debug
   * mode only. */
  g_setenv ("RILL_DEBUG", "1", FALSE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Rill Demo"));

  app = rill_demo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
