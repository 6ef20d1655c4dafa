/* rill-i18n.c: the library's message catalogue
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libintl.h>

#include "rill-i18n-private.h"

/* Bound when the library is loaded, so every _() in it, in any thread, finds
 * the catalogue without an initialisation call. */
__attribute__((constructor)) static void
rill_i18n_init (void)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
