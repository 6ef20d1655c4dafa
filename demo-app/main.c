/* main.c: rill-demo
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-demo-config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "rill-demo-application.h"
#include "rill-demo-workers.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RillDemoApplication) app = NULL;

  /* Started again by the work manager as its remote work service: runs the
   * remote work it is given, and no window. */
  if (rill_remote_work_service_is_requested ())
    {
      g_autoptr(GError) error = NULL;

      rill_demo_workers_register ();
      if (!rill_remote_work_service_run (NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }

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
