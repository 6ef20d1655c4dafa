/* rill-gtk-init.c: the types GtkBuilder looks up by name
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <rill.h>

#include "rill-gtk-init.h"
#include "rill-gtk-live-value.h"
#include "rill-gtk-property-binding.h"

/**
 * rill_gtk_init:
 *
 * Registers the types that `.ui` files name: [class@PropertyBinding],
 * [class@LiveValue], and the live data and flow types of Rill
 * ([class@Rill.LiveData], [class@Rill.MutableLiveData],
 * [class@Rill.Flow], [class@Rill.StateFlow],
 * [class@Rill.MutableStateFlow]).
 *
 * GtkBuilder finds a type it does not know yet through its exported
 * `_get_type` function, among the symbols of the program and the libraries
 * it was linked with. That fails for a library loaded later without global
 * symbols, as language bindings load it through GObject introspection:
 * there, call this (`RillGtk.init ()`) before building. Calling it more than
 * once does nothing more. C programs may call it as well, or
 * g_type_ensure() the types their widget templates use in `class_init`.
 */
void
rill_gtk_init (void)
{
  g_type_ensure (RILL_GTK_TYPE_PROPERTY_BINDING);
  g_type_ensure (RILL_GTK_TYPE_LIVE_VALUE);
  g_type_ensure (RILL_TYPE_LIVE_DATA);
  g_type_ensure (RILL_TYPE_MUTABLE_LIVE_DATA);
  g_type_ensure (RILL_TYPE_FLOW);
  g_type_ensure (RILL_TYPE_STATE_FLOW);
  g_type_ensure (RILL_TYPE_MUTABLE_STATE_FLOW);
}
