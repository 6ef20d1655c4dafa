/* rill-visibility.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <glib.h>

#if defined(_WIN32) && !defined(RILL_STATIC_COMPILATION)
# if defined(RILL_COMPILATION)
#  define _RILL_EXPORT __declspec(dllexport)
# else
#  define _RILL_EXPORT __declspec(dllimport)
# endif
#elif defined(RILL_COMPILATION)
# define _RILL_EXPORT __attribute__((visibility("default")))
#else
# define _RILL_EXPORT
#endif

#define _RILL_EXTERN _RILL_EXPORT extern

/* Every public symbol carries one of these, so the library can be built with
 * -fvisibility=hidden and later versions can annotate what they add. */
#define RILL_AVAILABLE_IN_ALL _RILL_EXTERN
#define RILL_AVAILABLE_IN_0_1 _RILL_EXTERN
