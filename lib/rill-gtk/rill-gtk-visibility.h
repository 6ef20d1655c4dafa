/* rill-gtk-visibility.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_GTK_INSIDE) && !defined(RILL_GTK_COMPILATION)
# error "Only <rill-gtk.h> can be included directly."
#endif

#include <glib.h>

#if defined(_WIN32) && !defined(RILL_GTK_STATIC_COMPILATION)
# if defined(RILL_GTK_COMPILATION)
#  define _RILL_GTK_EXPORT __declspec(dllexport)
# else
#  define _RILL_GTK_EXPORT __declspec(dllimport)
# endif
#elif defined(RILL_GTK_COMPILATION)
# define _RILL_GTK_EXPORT __attribute__((visibility("default")))
#else
# define _RILL_GTK_EXPORT
#endif

#define _RILL_GTK_EXTERN _RILL_GTK_EXPORT extern

/* Every public symbol of librill-gtk carries one of these, so the library is
 * built with -fvisibility=hidden. */
#define RILL_GTK_AVAILABLE_IN_ALL _RILL_GTK_EXTERN
#define RILL_GTK_AVAILABLE_IN_0_1 _RILL_GTK_EXTERN
